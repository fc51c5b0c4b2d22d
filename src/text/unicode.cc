#include "src/text/unicode.h"

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace parley {
namespace {

constexpr std::array<char, 128> MakeAsciiLower() {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  return table;
}
constexpr std::array<char, 128> kAsciiLower = MakeAsciiLower();

int Invalid(char32_t* cp) {
  *cp = kInvalidCodePoint;
  return 1;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The root-locale case map, created once. ICU documents the UTF-8 case
// mapping functions as taking a const UCaseMap, so sharing it across threads
// is safe. It is never freed: static destructors would race with threads
// still tokenizing at exit.
const UCaseMap* RootCaseMap() {
  static const UCaseMap* const map = [] {
    UErrorCode error = U_ZERO_ERROR;
    UCaseMap* m = ucasemap_open("", 0, &error);
    return U_SUCCESS(error) ? m : nullptr;
  }();
  return map;
}

// ICU takes int32_t lengths; bigger inputs (never a real post) fall back to
// the per-code-point mapping instead of being split.
constexpr size_t kMaxIcuLength = size_t{1} << 28;

bool LowerWithCaseMap(std::string_view text, std::string* out) {
  const UCaseMap* map = RootCaseMap();
  if (map == nullptr || text.size() > kMaxIcuLength) return false;
  // Lower-casing rarely grows text (U+0130 İ becomes two code points), so one
  // generous buffer almost always suffices; ICU reports the size otherwise.
  int32_t capacity = static_cast<int32_t>(text.size() + text.size() / 2 + 8);
  for (int attempt = 0; attempt < 2; ++attempt) {
    out->resize(capacity);
    UErrorCode error = U_ZERO_ERROR;
    const int32_t length =
        ucasemap_utf8ToLower(map, out->data(), capacity, text.data(),
                             static_cast<int32_t>(text.size()), &error);
    if (error == U_BUFFER_OVERFLOW_ERROR) {
      capacity = length;
      continue;
    }
    if (U_FAILURE(error)) return false;
    out->resize(length);
    return true;
  }
  return false;
}

// Simple (one-to-one) lower-case mapping: the fallback when the full mapping
// is unavailable. Differs from it only for U+0130 and final sigma.
void LowerPerCodePoint(std::string_view text, std::string* out) {
  out->clear();
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const int length = DecodeUtf8(text, i, &cp);
    if (cp == kInvalidCodePoint) {
      out->push_back(text[i]);
    } else {
      AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))), out);
    }
    i += length;
  }
}

}  // namespace

int DecodeUtf8(std::string_view text, size_t pos, char32_t* cp) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t available = text.size() - pos;
  const unsigned char lead = s[0];
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  // Well-formed sequences per the Unicode standard, table 3-7: the second
  // byte's range excludes overlong forms, surrogates and values > U+10FFFF.
  int length;
  char32_t value;
  unsigned char low = 0x80, high = 0xBF;
  if (lead < 0xC2) {
    return Invalid(cp);
  } else if (lead < 0xE0) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead < 0xF0) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead < 0xF5) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return Invalid(cp);
  }
  if (available < static_cast<size_t>(length) || s[1] < low || s[1] > high) {
    return Invalid(cp);
  }
  value = (value << 6) | (s[1] & 0x3F);
  for (int k = 2; k < length; ++k) {
    if ((s[k] & 0xC0) != 0x80) return Invalid(cp);
    value = (value << 6) | (s[k] & 0x3F);
  }
  *cp = value;
  return length;
}

void ToLowerUtf8(std::string_view text, std::string* out) {
  out->resize(text.size());
  char* dst = out->data();
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Case mapping is context-sensitive (final sigma), so the whole string
      // goes to ICU rather than just its non-ASCII part.
      if (!LowerWithCaseMap(text, out)) LowerPerCodePoint(text, out);
      return;
    }
    dst[i] = kAsciiLower[c];
  }
}

namespace {

// What StripAccents() makes of the code point `cp` (>= 0x80, valid):
// nothing (a non-spacing mark: kDropped), its canonical decomposition less
// its marks (appended to *base: kFolded), or itself (kKept, *base as it
// was).
enum class AccentFold { kDropped, kFolded, kKept };
AccentFold FoldCodePoint(const UNormalizer2* nfd, char32_t cp, std::string* base) {
  // Variation selectors are marks too, but no accents: "\u2764\ufe0f" keeps its.
  if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) return AccentFold::kKept;
  if (u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK) return AccentFold::kDropped;
  // (Most code points have no decomposition: NFD leaves them alone, which a
  // table lookup tells, without building one.)
  if (unorm2_isInert(nfd, static_cast<UChar32>(cp))) return AccentFold::kKept;
  UChar d[32];
  UErrorCode e = U_ZERO_ERROR;
  const int32_t n = unorm2_getDecomposition(nfd, static_cast<UChar32>(cp), d, 32, &e);
  bool marked = false;
  const size_t mark = base->size();
  for (int32_t k = 0; U_SUCCESS(e) && k < n;) {
    UChar32 c;
    U16_NEXT(d, k, n, c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      marked = true;
    } else {
      AppendUtf8(static_cast<char32_t>(c), base);
    }
  }
  if (marked) return AccentFold::kFolded;
  base->resize(mark);
  return AccentFold::kKept;
}

const UNormalizer2* Nfd() {
  UErrorCode error = U_ZERO_ERROR;
  const UNormalizer2* nfd = unorm2_getNFDInstance(&error);
  return U_FAILURE(error) ? nullptr : nfd;
}

// Whether StripAccents() changes the code point `cp` of the Basic
// Multilingual Plane (a mark, or a letter with one): a bit for each, made
// 64 code points at a time when first asked (most texts touch few blocks:
// an emoji's, a curly quote's). Making a block twice on two threads at
// once makes the same bits.
bool BmpFolds(char32_t cp) {
  static std::atomic<uint64_t> bits[0x10000 / 64];
  static std::atomic<uint8_t> made[0x10000 / 64];
  const size_t block = cp / 64;
  if (!made[block].load(std::memory_order_acquire)) {
    const UNormalizer2* nfd = Nfd();
    uint64_t b = 0;
    std::string scratch;
    for (char32_t c = static_cast<char32_t>(block * 64); nfd != nullptr && c < (block + 1) * 64;
         ++c) {
      if (c < 0x80 || (c >= 0xD800 && c < 0xE000)) continue;  // ASCII; surrogates
      scratch.clear();
      if (FoldCodePoint(nfd, c, &scratch) != AccentFold::kKept) b |= uint64_t{1} << (c % 64);
    }
    bits[block].store(b, std::memory_order_relaxed);
    made[block].store(1, std::memory_order_release);
  }
  return (bits[block].load(std::memory_order_relaxed) >> (cp % 64)) & 1;
}

}  // namespace

std::string StripAccents(std::string_view text) {
  const UNormalizer2* nfd = Nfd();
  if (nfd == nullptr || IsAllAscii(text)) return std::string(text);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const int length = DecodeUtf8(text, i, &cp);
    const std::string_view raw = text.substr(i, length);
    i += length;
    if (cp == kInvalidCodePoint || cp < 0x80 || FoldCodePoint(nfd, cp, &out) == AccentFold::kKept) {
      out += raw;
    }
  }
  return out;
}

bool MayStripAccents(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // To the next byte >= 0x80, eight bytes at a time (a little-endian
    // word: the first byte's bit is the lowest).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      w &= bytes::kHighs;
      if (w != 0) {
        i += static_cast<size_t>(__builtin_ctzll(w)) / 8;
        break;
      }
      i += 8;
    }
    if (i < n && p[i] < 0x80) {
      ++i;
      continue;
    }
    if (i >= n) break;
    char32_t cp;
    i += DecodeUtf8(text, i, &cp);
    if (cp != kInvalidCodePoint && MayStripAccent(cp)) return true;
  }
  return false;
}

bool MayStripAccent(char32_t cp) {
  if (cp < 0x80 || cp > 0x10FFFF) return false;
  if (cp < 0x10000) return BmpFolds(cp);
  if (cp >= 0x1F000 && cp <= 0x1FFFF) return false;  // (emoji and other symbols: none has a mark)
  std::string scratch;
  const UNormalizer2* nfd = Nfd();
  return nfd != nullptr && FoldCodePoint(nfd, cp, &scratch) != AccentFold::kKept;
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  }
  if (cp > 0x10FFFF) return false;
  constexpr uint32_t kWordMask = U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK;
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & kWordMask) != 0;
}

namespace {

bool IsSpaceOrIgnorableUncached(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  return u_isUWhiteSpace(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool IsEmojiCodePointUncached(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) return true;
  if (!u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return false;
  if (cp == 0xA9 || cp == 0xAE || cp == 0x2122) return false;
  // Pictographic punctuation (‼ ⁉), arrows and letters (ℹ) read as text
  // unless U+FE0F asks for emoji; unassigned code points in the reserved
  // pictographic blocks are future emoji.
  const int8_t type = u_charType(c);
  return type == U_OTHER_SYMBOL || type == U_UNASSIGNED;
}

// IsEmojiCodePoint() and IsSpaceOrIgnorable() of the code points in the
// blocks most emoji come from (U+2000..U+2BFF: punctuation, arrows, symbols,
// dingbats; U+1F000..U+1FAFF: the pictographs), memoized as each is first
// asked: 0 not yet known, 1 no, 2 yes. Their ICU property lookups were ~80
// instructions a code point, and the tokenizer asks both of every emoji.
// Relaxed atomics: every thread computes the same value.
constexpr char32_t kMemoLow = 0x2000, kMemoLowEnd = 0x2C00;
constexpr char32_t kMemoHigh = 0x1F000, kMemoHighEnd = 0x1FB00;
constexpr size_t kMemoSlots = (kMemoLowEnd - kMemoLow) + (kMemoHighEnd - kMemoHigh);
std::atomic<uint8_t> g_emoji_memo[kMemoSlots];
std::atomic<uint8_t> g_space_memo[kMemoSlots];

// `compute(cp)`, by way of `memo` for a code point in its blocks.
template <bool (*kCompute)(char32_t)>
bool Memoized(char32_t cp, std::atomic<uint8_t>* memo) {
  size_t slot;
  if (cp - kMemoHigh < kMemoHighEnd - kMemoHigh) {
    slot = (kMemoLowEnd - kMemoLow) + (cp - kMemoHigh);
  } else if (cp - kMemoLow < kMemoLowEnd - kMemoLow) {
    slot = cp - kMemoLow;
  } else {
    return kCompute(cp);
  }
  const uint8_t known = memo[slot].load(std::memory_order_relaxed);
  if (known != 0) return known == 2;
  const bool yes = kCompute(cp);
  memo[slot].store(yes ? 2 : 1, std::memory_order_relaxed);
  return yes;
}

}  // namespace

bool IsSpaceOrIgnorable(char32_t cp) {
  if (cp > 0x10FFFF) return false;
  return Memoized<IsSpaceOrIgnorableUncached>(cp, g_space_memo);
}

bool IsEmojiCodePoint(char32_t cp) {
  if (cp < 0xA9 || cp > 0x10FFFF) return false;
  return Memoized<IsEmojiCodePointUncached>(cp, g_emoji_memo);
}

std::string EmojiName(char32_t cp) {
  if (cp > 0x10FFFF) return {};
  std::string name(128, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode error = U_ZERO_ERROR;
    const int32_t length =
        u_charName(static_cast<UChar32>(cp), U_UNICODE_CHAR_NAME, name.data(),
                   static_cast<int32_t>(name.size()), &error);
    if (error == U_BUFFER_OVERFLOW_ERROR) {
      name.resize(length + 1);
      continue;
    }
    if (U_FAILURE(error) || length <= 0) return {};
    name.resize(length);
    for (char& c : name) c = kAsciiLower[static_cast<unsigned char>(c) & 0x7F];
    return name;
  }
  return {};
}

}  // namespace parley
