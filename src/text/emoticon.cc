#include "src/text/emoticon.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace parley {
namespace {

// Western (sideways) and eastern emoticons common in social media. Letters
// that are frequent as words ("D:", "B)", "XP", ":c") are left out on
// purpose: "Plan D: ..." and "Windows XP" are not faces.
constexpr std::string_view kEmoticons[] = {
    // Smiles, laughs, winks, tongues.
    ":)", ":-)", ":]", ":-]", ":}", ":o)", ":^)", "=)", "=]", "(:", "(-:", "(=",
    "[:", ":D", ":-D", "=D", ";D", "XD", "xD", "X-D", "B-)", ";)", ";-)", ";]",
    "(;", "(-;", ":P", ":-P", ":p", ":-p", ";P", ";p", ";-P", ";-p", "=P", "=p",
    "^_^", "^^", "^.^", "^-^", "^o^", "\\o/", "O:)", "O:-)", ">:)", ">:-)",
    ">:D",
    // Sad, crying, angry.
    ":(", ":-(", ":[", ":-[", "=(", "=[", "):", ")-:", ")=", "]:", ":'(",
    ":'-(", ":,(", ";(", ";_;", "T_T", "T.T", ":')", ":'-)", ">:(", ">:-(",
    ">:[", ":@", ">_<", ">.<",
    // Skeptical, neutral, surprised.
    ":/", ":-/", ":\\", ":-\\", "=/", "=\\", ":S", ":|", ":-|", "-_-", "-.-",
    "._.", ":o", ":O", ":-o", ":-O", "o_O", "O_o", "o.O", "O.o", "O_O", "o_o",
    // Kisses, hearts and the rest.
    ":*", ":-*", ";*", "=*", "<3", "</3", "<\\3", ":3", ":$",
    "\xC2\xAF\\_(\xE3\x83\x84)_/\xC2\xAF",     // ¯\_(ツ)_/¯
    "\xC2\xAF\\\\_(\xE3\x83\x84)_/\xC2\xAF",   // ¯\\_(ツ)_/¯ as escaped online
};
constexpr size_t kCount = std::size(kEmoticons);

// Emoticons sorted by first byte, longest first, with the range of each first
// byte: matching tries only a handful of candidates, longest match wins.
struct Index {
  std::array<std::string_view, kCount> sorted{};
  std::array<uint16_t, 257> begin{};  // sorted[begin[c], begin[c + 1]) start with c
  std::array<bool, 256> second{};     // bytes that occur second in some emoticon
};

constexpr Index BuildIndex() {
  Index index;
  std::copy(std::begin(kEmoticons), std::end(kEmoticons), index.sorted.begin());
  std::sort(index.sorted.begin(), index.sorted.end(), [](std::string_view a, std::string_view b) {
    if (a[0] != b[0]) return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    return a.size() > b.size();
  });
  size_t k = 0;
  for (int c = 0; c < 256; ++c) {
    index.begin[c] = static_cast<uint16_t>(k);
    while (k < kCount && static_cast<unsigned char>(index.sorted[k][0]) == c) ++k;
  }
  index.begin[256] = static_cast<uint16_t>(k);
  for (std::string_view e : kEmoticons) index.second[static_cast<unsigned char>(e[1])] = true;
  return index;
}
constexpr Index kIndex = BuildIndex();

constexpr bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(unsigned char c) {
  return IsAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// Emoticons that look like parts of words, paths or parenthesized text need
// a non-alphanumeric byte before them.
bool NeedsSeparatorBefore(std::string_view e) {
  if (IsAsciiAlnum(static_cast<unsigned char>(e[0])) || e[0] == ')' || e[0] == ']') return true;
  return std::any_of(e.begin(), e.end(),
                     [](char c) { return c == '/' || c == '\\' || IsAsciiDigit(c); });
}

bool BeforeIsBoundary(std::string_view text, size_t pos, std::string_view e) {
  if (pos == 0) return true;
  const auto prev = static_cast<unsigned char>(text[pos - 1]);
  if (IsAsciiDigit(prev)) return false;
  return !(IsAsciiAlnum(prev) && NeedsSeparatorBefore(e));
}

// Extends over repeats of a final mouth or heart: ":)))", "XDDD", "<333".
size_t ExtendRepeats(std::string_view text, size_t end) {
  const char last = text[end - 1];
  constexpr std::string_view kRepeatable = ")(][DPp3";
  if (kRepeatable.find(last) == std::string_view::npos) return end;
  while (end < text.size() && text[end] == last) ++end;
  return end;
}

}  // namespace

bool MayStartEmoticon(unsigned char c) { return kIndex.begin[c] != kIndex.begin[c + 1]; }

size_t MatchEmoticon(std::string_view text, size_t pos) {
  const auto first = static_cast<unsigned char>(text[pos]);
  if (pos + 1 >= text.size() || !kIndex.second[static_cast<unsigned char>(text[pos + 1])]) {
    return 0;
  }
  const std::string_view rest = text.substr(pos);
  for (size_t k = kIndex.begin[first]; k < kIndex.begin[first + 1]; ++k) {
    const std::string_view e = kIndex.sorted[k];
    if (!rest.starts_with(e) || !BeforeIsBoundary(text, pos, e)) continue;
    const size_t end = ExtendRepeats(text, pos + e.size());
    if (end < text.size() && IsAsciiAlnum(static_cast<unsigned char>(text[end]))) continue;
    return end - pos;
  }
  return 0;
}

}  // namespace parley
