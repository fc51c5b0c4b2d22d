#include "src/text/emoticon.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace parley {
namespace {

// Western (sideways) and eastern emoticons common in social media. Faces
// that read as ordinary text too often are left out on purpose: "D:" ("Plan
// D: ..."), "B)" ("option B)"), "XP" ("Windows XP"), "8)" ("step 8)").
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

constexpr bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(unsigned char c) {
  return IsAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// Emoticons that look like parts of words, paths or parenthesized text need
// a non-alphanumeric byte before them.
constexpr bool NeedsSeparatorBefore(std::string_view e) {
  if (IsAsciiAlnum(static_cast<unsigned char>(e[0])) || e[0] == ')' || e[0] == ']') return true;
  for (char c : e) {
    if (c == '/' || c == '\\' || IsAsciiDigit(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

struct Entry {
  std::string_view text;
  bool strict = false;  // NeedsSeparatorBefore(text)
};

// Emoticons sorted by first byte, then second byte, then longest first, with
// the range of each first byte: matching walks a few candidates and the
// first that fits is the longest.
struct Index {
  std::array<Entry, kCount> sorted{};
  std::array<uint16_t, 257> begin{};  // sorted[begin[c], begin[c + 1]) start with c
};

constexpr bool SortsBefore(std::string_view a, std::string_view b) {
  for (size_t k = 0; k < 2; ++k) {
    if (a[k] != b[k]) return static_cast<unsigned char>(a[k]) < static_cast<unsigned char>(b[k]);
  }
  return a.size() > b.size();
}

constexpr Index BuildIndex() {
  Index index;
  for (size_t k = 0; k < kCount; ++k) {
    index.sorted[k] = Entry{kEmoticons[k], NeedsSeparatorBefore(kEmoticons[k])};
  }
  std::sort(index.sorted.begin(), index.sorted.end(),
            [](const Entry& a, const Entry& b) { return SortsBefore(a.text, b.text); });
  size_t k = 0;
  for (int c = 0; c < 256; ++c) {
    index.begin[c] = static_cast<uint16_t>(k);
    while (k < kCount && static_cast<unsigned char>(index.sorted[k].text[0]) == c) ++k;
  }
  index.begin[256] = static_cast<uint16_t>(k);
  return index;
}
constexpr Index kIndex = BuildIndex();

constexpr std::array<unsigned char, 256> BuildByteRoles() {
  std::array<unsigned char, 256> roles{};
  for (std::string_view e : kEmoticons) {
    roles[static_cast<unsigned char>(e[0])] |= 1;
    roles[static_cast<unsigned char>(e[1])] |= 2;
  }
  return roles;
}

bool BeforeIsBoundary(std::string_view text, size_t pos, const Entry& e) {
  if (pos == 0) return true;
  const auto prev = static_cast<unsigned char>(text[pos - 1]);
  if (IsAsciiDigit(prev)) return false;
  return !(IsAsciiAlnum(prev) && e.strict);
}

// Extends over repeats of a final mouth or heart: ":)))", "XDDD", "<333".
size_t ExtendRepeats(std::string_view text, size_t end) {
  const char last = text[end - 1];
  switch (last) {
    case ')': case '(': case ']': case '[': case 'D': case 'P': case 'p': case '3':
      break;
    default:
      return end;
  }
  while (end < text.size() && text[end] == last) ++end;
  return end;
}

}  // namespace

namespace emoticon_internal {
constexpr std::array<unsigned char, 256> kByteRoles = BuildByteRoles();
}  // namespace emoticon_internal

size_t MatchEmoticon(std::string_view text, size_t pos) {
  if (!MayStartEmoticon(text, pos)) return 0;
  const auto first = static_cast<unsigned char>(text[pos]);
  const std::string_view rest = text.substr(pos);
  for (size_t k = kIndex.begin[first]; k < kIndex.begin[first + 1]; ++k) {
    const Entry& e = kIndex.sorted[k];
    if (e.text[1] != rest[1]) {
      if (static_cast<unsigned char>(e.text[1]) > static_cast<unsigned char>(rest[1])) break;
      continue;
    }
    if (!rest.starts_with(e.text) || !BeforeIsBoundary(text, pos, e)) continue;
    const size_t end = ExtendRepeats(text, pos + e.text.size());
    if (end < text.size() && IsAsciiAlnum(static_cast<unsigned char>(text[end]))) continue;
    return end - pos;
  }
  return 0;
}

}  // namespace parley
