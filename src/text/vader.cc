#include "src/text/vader.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// The AVX2 group classifier, chosen at run time: GCC and Clang on x86-64.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PARLEY_VADER_AVX2 1
#include <immintrin.h>
#else
#define PARLEY_VADER_AVX2 0
#endif
// The target of the block split's code for CPUs with AVX2 (see
// Scorer::SplitBlocksBody()): BMI1 and BMI2, which come with it.
#if PARLEY_VADER_AVX2
#define PARLEY_VADER_BMI gnu::target("bmi,bmi2")
#else
#define PARLEY_VADER_BMI
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <utility>

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/text/tokenizer.h"
#include "src/text/unicode.h"

namespace parley {
namespace {

// Constants of VADER's published rules.
constexpr double kBoostDecrement = VaderLexicon::kBoostDecrement;  // dampener word ("barely")
constexpr double kCapsIncrement = 0.733;    // ALL-CAPS word among mixed case
constexpr double kNegationScalar = kVaderNegationScalar;  // "not good"

constexpr const char* kNegations[] = {
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't",
    "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent",
    "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
    "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing",
    "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't",
    "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't",
    "rarely", "seldom", "despite"};

constexpr const char* kBoosters[] = {
    "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly", "deeply",
    "effing", "enormously", "entirely", "especially", "exceptionally", "extremely", "fabulously",
    "flipping", "flippin", "fricking", "frickin", "frigging", "friggin", "fully", "fucking",
    "greatly", "hella", "highly", "hugely", "incredibly", "intensely", "majorly", "more", "most",
    "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
    "thoroughly", "totally", "tremendously", "uber", "unbelievably", "unusually", "utterly",
    "very"};
constexpr const char* kDampeners[] = {
    "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little", "marginally",
    "occasionally", "partly", "scarcely", "slightly", "somewhat", "sorta", "sortof", "sort-of"};
// Two-word dampeners: a single whitespace token never matches them, so they
// only matter to the idiom rule, which looks at word pairs.
constexpr std::array<std::array<std::string_view, 2>, 3> kDampenerPairs = {
    {{"just", "enough"}, {"kind", "of"}, {"sort", "of"}}};

struct Idiom {
  std::array<std::string_view, 3> words;
  int size;
  double valence;
};
constexpr Idiom kIdioms[] = {
    {{"the", "shit"}, 2, 3},         {{"the", "bomb"}, 2, 3},
    {{"bad", "ass"}, 2, 1.5},        {{"yeah", "right"}, 2, -2},
    {{"cut", "the", "mustard"}, 3, 2}, {{"kiss", "of", "death"}, 3, -1.5},
    {{"hand", "to", "mouth"}, 3, -2}};

// A number for each word of the idioms and two-word dampeners (1 + where it
// first occurs among them; 0 for other words), kept in its lexicon entry:
// the scorer then matches a window of words against a phrase by comparing
// small integers rather than strings.
constexpr uint8_t PhraseWordId(std::string_view word) {
  uint8_t id = 1;
  for (const Idiom& idiom : kIdioms)
    for (int k = 0; k < idiom.size; ++k, ++id)
      if (idiom.words[k] == word) return id;
  for (const auto& pair : kDampenerPairs)
    for (size_t k = 0; k < pair.size(); ++k, ++id)
      if (pair[k] == word) return id;
  return 0;
}
using PhraseIds = std::array<uint8_t, 3>;
constexpr auto kIdiomIds = [] {
  std::array<PhraseIds, std::size(kIdioms)> ids{};
  for (size_t i = 0; i < ids.size(); ++i)
    for (int k = 0; k < kIdioms[i].size; ++k) ids[i][k] = PhraseWordId(kIdioms[i].words[k]);
  return ids;
}();
constexpr auto kDampenerPairIds = [] {
  std::array<PhraseIds, kDampenerPairs.size()> ids{};
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t k = 0; k < 2; ++k) ids[i][k] = PhraseWordId(kDampenerPairs[i][k]);
  return ids;
}();

// The punctuation affixes VADER strips from a word ("good!!" -> "good").
constexpr std::string_view kAffixes[] = {".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!",
                                         "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"};

// Python's string.punctuation, the set the package strips, as a lookup table.
constexpr std::array<bool, 256> kPunct = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
  return t;
}();

bool IsAsciiPunct(unsigned char c) { return kPunct[c]; }

// Length of the JavaScript whitespace character at s[i] (as matched by /\s/),
// or 0 when s[i] does not start one.
size_t JsSpaceAtSlow(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto at = [&](size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  if (c == 0xC2 && at(1) == 0xA0) return 2;                                 // U+00A0
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;                // U+1680
  if (c == 0xE2 && at(1) == 0x80 && (at(2) <= 0x8A || at(2) == 0xA8 || at(2) == 0xA9 ||
                                     at(2) == 0xAF))
    return at(2) >= 0x80 ? 3 : 0;                                           // U+2000..
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;                // U+205F
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;                // U+3000
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;                // U+FEFF
  return 0;
}

inline size_t JsSpaceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  return c < 0xC2 ? 0 : JsSpaceAtSlow(s, i);
}

// Length in UTF-16 code units, as JavaScript's String.length counts.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;   // a lead byte or ASCII starts a code point
    if (c >= 0xF0) ++n;            // astral code points take a surrogate pair
  }
  return n;
}

// Whether a substring of `text` that begins or ends at offset `i` splits into
// the whole text's whitespace tokens there: `i` is at an end of the text, or
// next to a whole space (not inside a token, nor inside a multi-byte space).
// Every space the text has is found by this test, as Split() finds them all:
// no byte of a space can start another.
bool AtTokenEdge(std::string_view text, size_t i) {
  if (i == 0 || i >= text.size() || JsSpaceAt(text, i) != 0) return true;
  unsigned char prev = static_cast<unsigned char>(text[i - 1]);
  if (prev == ' ' || (prev >= '\t' && prev <= '\r')) return true;
  return (i >= 2 && JsSpaceAtSlow(text, i - 2) == 2) || (i >= 3 && JsSpaceAtSlow(text, i - 3) == 3);
}

// Inlined into StripAffixSlow(), as it was before the lexicon had a second
// caller of FindShort() and GCC put it out of line.
[[gnu::always_inline]] inline bool HasAsciiPunct(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return IsAsciiPunct(static_cast<unsigned char>(c)); });
}

// An affix of up to four bytes as an integer, zero-padded: affixes hold no
// zero byte, so different affixes pack differently, and comparing packed
// integers spares a memcmp call per affix on a path most punctuated words take.
constexpr uint32_t PackAffix(std::string_view a) {
  uint32_t k = 0;
  for (size_t i = 0; i < a.size(); ++i) k |= uint32_t{static_cast<unsigned char>(a[i])} << (8 * i);
  return k;
}
constexpr size_t kMaxAffix = 4;
constexpr auto kPackedAffixes = [] {
  std::array<uint32_t, std::size(kAffixes)> packed{};
  for (size_t i = 0; i < packed.size(); ++i) packed[i] = PackAffix(kAffixes[i]);
  return packed;
}();
static_assert(std::all_of(std::begin(kAffixes), std::end(kAffixes),
                          [](std::string_view a) { return a.size() <= kMaxAffix; }));

// The one-byte affixes, as a table: most affixes tried are one byte, and
// many of those no affix ('@' and '#' lead mentions and tags).
constexpr auto kOneByteAffix = [] {
  std::array<bool, 256> t{};
  for (std::string_view a : kAffixes)
    if (a.size() == 1) t[static_cast<unsigned char>(a[0])] = true;
  return t;
}();

[[gnu::always_inline]] inline bool IsAffix(std::string_view p) {
  if (p.size() == 1) return kOneByteAffix[static_cast<unsigned char>(p[0])];
  if (p.size() > kMaxAffix) return false;
  return std::find(kPackedAffixes.begin(), kPackedAffixes.end(), PackAffix(p)) !=
         kPackedAffixes.end();
}

// VADER keeps emoticons and contractions but strips one listed punctuation
// affix from a word whose remainder is free of punctuation and longer than
// one character: "good!!" -> "good", "(good" and "don't!" stay as they are.
// Inlined, as it was before Split() had two instantiations: most
// punctuated words take it.
// `ascii`: the token is ASCII, one UTF-16 unit a byte.
[[gnu::always_inline]] inline std::string_view StripAffixSlow(std::string_view token, bool ascii) {
  size_t lead = 0;
  while (lead < token.size() && IsAsciiPunct(static_cast<unsigned char>(token[lead]))) ++lead;
  size_t trail = 0;
  while (trail < token.size() - lead &&
         IsAsciiPunct(static_cast<unsigned char>(token[token.size() - 1 - trail])))
    ++trail;
  if ((lead == 0) == (trail == 0)) return token;  // no affix, or affixes on both ends
  std::string_view affix = lead ? token.substr(0, lead) : token.substr(token.size() - trail);
  std::string_view word = lead ? token.substr(lead) : token.substr(0, token.size() - trail);
  if (!IsAffix(affix) || HasAsciiPunct(word) || (ascii ? word.size() : Utf16Length(word)) <= 1)
    return token;
  return word;
}

// The punctuation (IsAsciiPunct()) of the `len` (1..64) bytes at `p` as bits,
// bit k for byte k. Reads the 16-byte blocks from `p` that hold the bytes:
// up to 15 bytes past them. Inlined into the word loops: out of line, a
// call loaded its eight constant vectors again for every affixed word.
[[gnu::always_inline]] inline uint64_t PunctBits(const char* p, size_t len) {
  uint64_t bits = 0;
#if defined(__SSE2__)
  for (size_t k = 0; k < len; k += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    // Signed compares: bytes >= 0x80 are below every ASCII bound.
    auto in = [&](char lo, char hi) {
      return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                           _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
    };
    // Visible ASCII but digits and letters: ASCII's four punctuation runs.
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // maps A-Z onto a-z only among letters
    __m128i word = _mm_or_si128(in('0', '9'), _mm_and_si128(
        _mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1))));
    __m128i punct = _mm_andnot_si128(word, in('!', '~'));
    bits |= uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(punct))} << k;
  }
#else
  for (size_t k = 0; k < len; ++k) bits |= uint64_t{IsAsciiPunct(static_cast<unsigned char>(p[k]))} << k;
#endif
  return len >= 64 ? bits : bits & ((uint64_t{1} << len) - 1);
}

// StripAffixSlow() of an ASCII `token` of 2..64 bytes whose punctuation
// bytes are the set bits of `punct` (PunctBits()): the byte loops become
// bit counts.
[[gnu::always_inline]] inline std::string_view StripAffixBits(std::string_view token,
                                                              uint64_t punct) {
  size_t len = token.size();
  uint64_t all = len >= 64 ? ~0ull : (uint64_t{1} << len) - 1;
  if (punct == all) return token;  // all punctuation: no word is left
  // Some byte is no punctuation, so both counts stop short of it.
  size_t lead = static_cast<size_t>(__builtin_ctzll(~punct));
  size_t trail = static_cast<size_t>(__builtin_clzll(~(punct << (64 - len))));
  if ((lead == 0) == (trail == 0)) return token;  // no affix, or affixes on both ends
  size_t affix = lead | trail;  // one of them is 0
  // The rest's punctuation: the bits past a leading affix, or those below a
  // trailing one (len - trail is 1..63).
  uint64_t rest = lead ? punct >> lead : punct & ((uint64_t{1} << (len - trail)) - 1);
  if (rest != 0 || len - affix <= 1) return token;
  const char* p = token.data();
  if (!IsAffix(std::string_view(lead ? p : p + len - trail, affix))) return token;
  return std::string_view(lead ? p + lead : p, len - affix);
}

// StripAffix() of an ASCII token written lower-cased at `lower`, with 16
// bytes to spare past it (the scorer's buffer), from its punctuation bits.
[[gnu::always_inline]] inline std::string_view StripAffixAscii(std::string_view token,
                                                               const char* lower) {
  // One test of both ends, as StripAffix().
  if ((int{IsAsciiPunct(static_cast<unsigned char>(token.front()))} |
       int{IsAsciiPunct(static_cast<unsigned char>(token.back()))}) == 0)
    return token;
  if (token.size() > 64) return StripAffixSlow(token, true);  // rare: URLs
  return StripAffixBits(token, PunctBits(lower, token.size()));
}

// Python's str.isupper() as the package implements it: no a-z, some A-Z.
[[gnu::always_inline]] inline std::string_view StripAffix(std::string_view token, bool ascii) {
  // One test of both ends, not two: whether a word is punctuated is up to
  // the text, so each branch here mispredicts as often as it is taken.
  if ((int{IsAsciiPunct(static_cast<unsigned char>(token.front()))} |
       int{IsAsciiPunct(static_cast<unsigned char>(token.back()))}) == 0)
    return token;  // the common case: a bare word
  return StripAffixSlow(token, ascii);
}

bool IsUpperWord(std::string_view w) {
  bool upper = false;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    upper |= (c >= 'A' && c <= 'Z');
  }
  return upper;
}

// The integer nearest `y` (|y| < 2^63), ties to even: one conversion in the
// default rounding mode.
inline int64_t NearestInteger(double y) {
#if defined(__SSE2__) && defined(__x86_64__)
  return _mm_cvtsd_si64(_mm_set_sd(y));
#else
  return std::llrint(y);
#endif
}

// The decimal printer's rounding, for RoundFixed() next to a tie (rare).
[[gnu::noinline]] double RoundFixedPrinted(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, x);
  return std::strtod(buf, nullptr);
}

// Rounds like JavaScript's Number.prototype.toFixed(digits), which rounds
// the exact binary value. The multiply-and-round fast path is exact except
// next to a half-way point, where the decimal printer decides. Inlined
// into the scorer's summary, which rounds four times: out of line, each
// call cost ~17 instructions a post more.
[[gnu::always_inline]] inline double RoundFixed(double x, int digits, double scale) {
  double y = x * scale;  // |y| <= 10^4 here: VADER's scores and proportions are in [-1, 1]
  // Away from a tie, the nearest integer is what rounding half away from
  // zero gives, with no sign or truncation arithmetic (bench/README.md,
  // an21). `off` is exact (y and `nearest` are within a factor of two, or
  // `nearest` is 0), and 0.5 - off is exactly the |frac - 0.5| of y's
  // fraction that the truncating form tested (vader_test checks both on
  // every tie's neighbourhood and on random scores).
  int64_t nearest = NearestInteger(y);
  double off = std::fabs(y - static_cast<double>(nearest));
  if (0.5 - off > 1e-6) {  // not near a tie: any rounding agrees
    return std::copysign(static_cast<double>(nearest) / scale, y);  // keeps -0, as toFixed does
  }
  return RoundFixedPrinted(x, digits);
}

#if defined(__SSE2__)
// RoundFixed() of both lanes of `x`, lane k to `digits[k]` decimals by
// `scale`'s lane k (10^digits), in one pass of packed instructions: the
// same conversion (int32 is ample: |y| <= 10^4), differences, tie test and
// division, lane by lane, as RoundFixed()'s scalar ones. Near a tie in
// either lane, both take RoundFixed() itself.
[[gnu::always_inline]] inline __m128d RoundFixedPair(__m128d x, __m128d scale, const int (&digits)[2]) {
  const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7FFF'FFFF'FFFF'FFFFll));
  __m128d y = _mm_mul_pd(x, scale);
  __m128d nearest = _mm_cvtepi32_pd(_mm_cvtpd_epi32(y));
  __m128d off = _mm_and_pd(_mm_sub_pd(y, nearest), magnitude);
  __m128d clear = _mm_cmpgt_pd(_mm_sub_pd(_mm_set1_pd(0.5), off), _mm_set1_pd(1e-6));
  if (_mm_movemask_pd(clear) == 3) [[likely]] {
    // copysign(nearest / scale, y), as RoundFixed() (it keeps -0).
    __m128d q = _mm_div_pd(nearest, scale);
    return _mm_or_pd(_mm_and_pd(q, magnitude), _mm_andnot_pd(magnitude, y));
  }
  alignas(16) double v[2], f[2];
  _mm_store_pd(v, x);
  _mm_store_pd(f, scale);
  return _mm_set_pd(RoundFixed(v[1], digits[1], f[1]), RoundFixed(v[0], digits[0], f[0]));
}
#endif

// The '!'s and '?'s of `s`, eight bytes at a time: most chunks have neither.
void CountEmphasis(std::string_view s, size_t* bangs, size_t* questions) {
  size_t k = 0;
  for (; k + 8 <= s.size(); k += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + k, 8);
    uint64_t b = bytes::EqualMask(x, '!'), q = bytes::EqualMask(x, '?');
    if (b) *bangs += static_cast<size_t>(__builtin_popcountll(b));
    if (q) *questions += static_cast<size_t>(__builtin_popcountll(q));
  }
  for (; k < s.size(); ++k) {
    *bangs += s[k] == '!';
    *questions += s[k] == '?';
  }
}

double Normalize(double score) { return VaderNormalize(score); }

double PunctuationEmphasis(size_t bangs, size_t questions) {
  double emphasis = static_cast<double>(std::min<size_t>(bangs, 4)) * 0.292;
  if (questions > 1) emphasis += questions <= 3 ? static_cast<double>(questions) * 0.18 : 0.96;
  return emphasis;
}

// Appends the lower-case form of `in` as JavaScript's toLowerCase() gives it
// (Unicode's full default mapping); ASCII words take the inline path.
void AppendLowerUtf8(std::string_view in, std::string* tmp, std::string* out) {
  if (IsAllAscii(in)) {
    for (char c : in) out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return;
  }
  ToLowerUtf8(in, tmp);
  out->append(*tmp);
}

// Whether the last sixteen bytes of `text` (all of a shorter one) are ASCII.
bool EndsInAscii(std::string_view text) {
  return IsAllAscii(text.substr(text.size() - std::min<size_t>(text.size(), 16)));
}

// Emoji parts that carry no meaning of their own: ZWJ, variation selectors,
// skin-tone modifiers, the keycap mark and tag characters.
bool IsEmojiJoiner(char32_t c) {
  return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
         c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F);
}

// What ReplaceEmojiWithNames() needs of a non-ASCII code point.
struct EmojiCodePoint {
  uint32_t key = 0;     // its UTF-8 bytes, little-endian, zero-padded (0: an empty slot)
  uint8_t size = 0;     // bytes of it in the text (1 for a byte that starts no code point)
  bool joiner = false;  // IsEmojiJoiner()
  // " <its lower-case Unicode name> ", "" for a code point that is no emoji.
  const std::string* spaced_name = nullptr;
};

// The spaced name of each non-ASCII code point seen, "" for one that is no
// emoji: ICU's name lookup costs far more than a hash probe, and posts use
// few distinct emoji. The ones seen most recently are found by their bytes
// in a small direct-mapped table, undecoded and with no hash-map probe
// (~90 fewer instructions a post with an emoji).
class EmojiNameCache {
 public:
  // The code point whose UTF-8 (or invalid) bytes begin at text[i] (>= 0x80).
  const EmojiCodePoint& At(std::string_view text, size_t i) {
    // Its size if well-formed, from its first byte: a key of that many bytes
    // matches a slot only if they decoded to one code point of that size.
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    EmojiCodePoint* slot = &other_;
    uint32_t key = 0;
    if (size <= text.size() - i) {
      key = static_cast<uint32_t>(bytes::LoadPadded(text.data() + i, size));
      slot = &recent_[(key * 0x9E3779B1u) >> (32 - kRecentBits)];
      if (slot->key == key) return *slot;
    }
    char32_t c;
    const int len = DecodeUtf8(text, i, &c);
    const std::string* name = &Name(c);
    // Only a well-formed code point, whose name the map keeps in place.
    if (static_cast<size_t>(len) != size || name == &overflow_) slot = &other_;
    slot->key = slot == &other_ ? 0 : key;
    slot->size = static_cast<uint8_t>(len);
    slot->joiner = IsEmojiJoiner(c);
    slot->spaced_name = name;
    return *slot;
  }

 private:
  const std::string& Name(char32_t c) {
    auto it = names_.find(c);
    if (it != names_.end()) return it->second;
    std::string name = IsEmojiCodePoint(c) ? EmojiName(c) : std::string();
    if (!name.empty()) name = " " + name + " ";
    if (names_.size() >= kMaxEntries) {  // text of many scripts: stop growing
      overflow_ = std::move(name);
      return overflow_;
    }
    return names_.emplace(c, std::move(name)).first->second;
  }

  static constexpr size_t kMaxEntries = 4096;
  static constexpr unsigned kRecentBits = 6;
  std::unordered_map<char32_t, std::string> names_;  // (its nodes stay where they are)
  std::string overflow_;
  std::array<EmojiCodePoint, size_t{1} << kRecentBits> recent_{};
  EmojiCodePoint other_;  // the last code point not kept in recent_
};

// The first byte >= 0x80 of `text` at or after `i`, or text.size(): sixteen
// bytes a step (eight without SSE2), most texts with an emoji being ASCII
// up to it.
size_t NextHighByte(std::string_view text, size_t i) {
  const size_t n = text.size();
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (const auto high = static_cast<unsigned>(_mm_movemask_epi8(x)))
      return i + static_cast<size_t>(__builtin_ctz(high));
  }
#endif
  for (uint64_t x; i + 8 <= n; i += 8) {
    std::memcpy(&x, text.data() + i, 8);
    if (const uint64_t high = x & 0x8080808080808080ull)
      return i + (static_cast<size_t>(__builtin_ctzll(high)) >> 3);
  }
  while (i < n && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

// Where a text's bytes >= 0x80 lie: [first, end) holds them all.
struct HighBytes {
  size_t first = 0, end = 0;
};

// Writes `text` with every emoji replaced by " <its lower-case Unicode name> "
// into `out` and returns true, or returns false when `text` has no emoji.
// Notes in `*high` where `text`'s bytes >= 0x80 are.
bool ReplaceEmojiWithNames(std::string_view text, EmojiNameCache* names, std::string* out,
                           HighBytes* high) {
  out->clear();
  *high = HighBytes{text.size(), 0};
  bool any = false;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII is neither emoji nor joiner
      const size_t ascii = NextHighByte(text, i + 1);
      out->append(text.substr(i, ascii - i));
      i = ascii;
      continue;
    }
    const EmojiCodePoint& cp = names->At(text, i);
    std::string_view bytes = text.substr(i, cp.size);
    high->first = std::min(high->first, i);
    i += cp.size;
    high->end = i;
    if (any && cp.joiner) continue;
    const std::string& name = *cp.spaced_name;
    if (name.empty()) {
      out->append(bytes);
      continue;
    }
    any = true;
    out->append(name);
  }
  return any;
}

}  // namespace

// ---------------------------------------------------------------- lexicon

VaderLexicon::Entry* VaderLexicon::Upsert(std::string_view key) {
  uint64_t h = Hash(key);
  if (Entry* found = const_cast<Entry*>(Find(key, h))) return found;
  // Never with Parse()'s table, sized for every key up front (Build()).
  if ((used_ + 1) * 2 > slots_.size()) Rebuild(std::max<size_t>(64, slots_.size() * 2));
  Slot slot;
  if (key.size() <= kInlineKey) {
    LoadKey(key, &slot.key[0], &slot.key[1]);
  } else {
    slot.key[0] = h;
    slot.key[1] = long_keys_.size();
    long_keys_.append(key);
  }
  slot.entry.key_size = static_cast<uint16_t>(key.size());
  return Insert(slot, h);
}

VaderLexicon::Entry* VaderLexicon::Insert(const Slot& slot, uint64_t h) {
  size_t mask = slots_.size() - 1;
  size_t i = h >> shift_;  // as Find() probes
  while (slots_[i].entry.key_size != 0) i = (i + 1) & mask;
  slots_[i] = slot;
  ++used_;
  filter_[h >> (64 - kFilterWordBits)] |= FilterBits(h);
  return &slots_[i].entry;
}

void VaderLexicon::Rebuild(size_t size) {
  decltype(slots_) old(size);
  old.swap(slots_);
  shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(size));  // size is a power of two
  used_ = 0;
  for (const Slot& s : old) {
    size_t n = s.entry.key_size;
    if (n == 0) continue;
    // A long key keeps its hash.
    Insert(s, n <= kInlineKey ? ShortHash(s.key[0], s.key[1]) : s.key[0]);
  }
}

int VaderLexicon::SlotsPastFirst(std::string_view word) const {
  const Entry* e = Find(word);
  if (e == nullptr) return -1;
  size_t mask = slots_.size() - 1;
  int past = 0;
  for (size_t i = Hash(word) >> shift_; &slots_[i].entry != e; i = (i + 1) & mask) ++past;
  return past;
}

namespace {

// Reads `field`, a lexicon line's mean valence, into `*v`; false unless it is
// all one finite number. std::from_chars rounds correctly, as strtod does, so
// the two give the same double, but it needs no NUL-terminated copy and is
// several times faster (a third of the lexicon's load time went to strtod).
// What from_chars does not read whole (a leading space or '+', a hex float,
// a value out of range) goes to strtod, so the lines accepted stay exactly
// those strtod accepted.
bool ParseValence(std::string_view field, double* v) {
  if (field.empty()) return false;
  const char* last = field.data() + field.size();
  auto [end, ec] = std::from_chars(field.data(), last, *v);
  if (ec != std::errc() || end != last) {
    std::string copy(field);
    char* copy_end = nullptr;
    *v = std::strtod(copy.c_str(), &copy_end);
    if (copy_end != copy.c_str() + copy.size()) return false;
  }
  return std::isfinite(*v);
}

// Every word VADER's rules know by name, with repeats: Parse() puts their
// keys in the table before the file's words (see AddRuleWords()).
constexpr std::pair<const char*, VaderLexicon::WordClass> kClassWords[] = {
    {"kind", VaderLexicon::kKind},   {"of", VaderLexicon::kOf},     {"least", VaderLexicon::kLeast},
    {"at", VaderLexicon::kAt},       {"very", VaderLexicon::kVery}, {"never", VaderLexicon::kNever},
    {"so", VaderLexicon::kSo},       {"this", VaderLexicon::kThis}, {"but", VaderLexicon::kBut}};
constexpr size_t kIdiomWordCount = [] {
  size_t n = 0;
  for (const Idiom& idiom : kIdioms) n += static_cast<size_t>(idiom.size);
  return n;
}();
constexpr auto kRuleWords = [] {
  std::array<std::string_view, std::size(kBoosters) + std::size(kDampeners) +
                                   std::size(kNegations) + std::size(kClassWords) +
                                   kIdiomWordCount + 2 * kDampenerPairs.size()>
      words{};
  size_t n = 0;
  for (const char* w : kBoosters) words[n++] = w;
  for (const char* w : kDampeners) words[n++] = w;
  for (const char* w : kNegations) words[n++] = w;
  for (const auto& [w, c] : kClassWords) words[n++] = w;
  for (const Idiom& idiom : kIdioms)
    for (int k = 0; k < idiom.size; ++k) words[n++] = idiom.words[k];
  for (const auto& pair : kDampenerPairs)
    for (std::string_view w : pair) words[n++] = w;
  return words;
}();

}  // namespace

StatusOr<VaderLexicon> VaderLexicon::Parse(std::string_view contents, std::string_view name) {
  // The file's words are read first and go in the table after: the table is
  // then built once, at its final size, with its keys in the order lookups
  // want (Build()). A line has 3 bytes or more ("a\t1") and a newline between
  // lines, so this never reallocates; pages it does not fill are never
  // touched.
  FileWords words;
  words.reserve(contents.size() / 4 + 1);
  const char* text = contents.data();
  size_t line_no = 0;
  while (!contents.empty()) {
    size_t nl = contents.find('\n');
    std::string_view line = contents.substr(0, nl);
    contents.remove_prefix(nl == std::string_view::npos ? contents.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    std::string_view mean;
    if (tab != std::string_view::npos)
      mean = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    double v = 0;
    if (tab == 0 || !ParseValence(mean, &v)) {
      return DataLossError("line " + std::to_string(line_no) + " of lexicon '" +
                           std::string(name) + "' is not 'word<TAB>valence...': reinstall it "
                           "with 'npm ci' or pass a valid --lexicon");
    }
    if (tab > kMaxKeySize) {
      return DataLossError("line " + std::to_string(line_no) + " of lexicon '" +
                           std::string(name) + "' has a word over " +
                           std::to_string(kMaxKeySize) + " bytes");
    }
    words.push_back({v, static_cast<uint64_t>(line.data() - text) << 16 | tab});
  }
  if (words.empty()) return DataLossError("lexicon '" + std::string(name) + "' has no entries");
  if (words.size() > UINT32_MAX) {  // AddFileWords() orders them by 32-bit indices
    return DataLossError("lexicon '" + std::string(name) + "' has over " +
                         std::to_string(UINT32_MAX) + " words");
  }
  VaderLexicon lex;
  lex.Build(text, words);
  return lex;
}

size_t VaderLexicon::TableSize(size_t keys) {
  size_t slots = 64;
  while (slots < 2 * keys) slots *= 2;
  return slots;
}

void VaderLexicon::Build(const char* text, const FileWords& words) {
  // The table that inserting the keys one by one, doubling it whenever it
  // would be over half full, would end with: this bound counts a word the
  // file repeats, or that is also a rule word, twice, so it can be one size
  // too big. Then the keys go in again, into the smaller table.
  size_t slots = TableSize(words.size() + kRuleWords.size());
  for (;;) {
    slots_.assign(slots, Slot{});
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(slots));
    std::fill(filter_.begin(), filter_.end(), 0);
    long_keys_.clear();
    used_ = words_ = 0;
    AddRuleWords();
    AddFileWords(text, words);
    if (TableSize(used_) == slots) return;
    slots = TableSize(used_);
  }
}

// With linear probing, a key inserted late lands at the end of the run of
// keys before it: "the" and "to", idiom words inserted after the file's
// words, were 12 and 4 slots past their first, and a third of the bench's
// known words took the probing loop past the two slots FindShort() compares
// (bench/README.md, 2026-12-01 vader13). Inserted first, VADER's rule words
// (function words, the most frequent) take their first slots, and short
// keys, by Zipf the common ones, go before long ones: under 1% of the
// bench's and the airline tweets' known words are then past their second
// slot. Only where keys lie changes, never which are found.
void VaderLexicon::AddRuleWords() {
  for (size_t size = 1; size <= kInlineKey + 1; ++size) {
    for (std::string_view w : kRuleWords)
      if (std::min(w.size(), kInlineKey + 1) == size) Upsert(w);
  }
  // Their flags, in this order: a word in two lists keeps the later's boost.
  for (const char* w : kBoosters) Upsert(w)->boost = 1;
  for (const char* w : kDampeners) Upsert(w)->boost = -1;
  for (const char* w : kNegations) Upsert(w)->negation = true;
  for (const auto& [w, c] : kClassWords) Upsert(w)->word_class = c;
  for (const Idiom& idiom : kIdioms) {
    Upsert(idiom.words[0])->phrase_start = true;
    for (int k = 0; k < idiom.size; ++k)
      Upsert(idiom.words[k])->phrase_word = PhraseWordId(idiom.words[k]);
  }
  for (const auto& pair : kDampenerPairs) {
    Upsert(pair[0])->phrase_start = true;
    for (std::string_view w : pair) Upsert(w)->phrase_word = PhraseWordId(w);
  }
}

void VaderLexicon::AddFileWords(const char* text, const FileWords& words) {
  // A stable counting sort by key size (1..16, or longer): a repeated word
  // keeps its last valence, as a JS object would.
  static constexpr size_t kSizes = kInlineKey + 1;
  auto bucket = [](const FileWord& w) { return std::min<size_t>(w.key & 0xFFFF, kSizes) - 1; };
  std::array<uint32_t, kSizes> next{};
  for (const FileWord& w : words) ++next[bucket(w)];
  uint32_t at = 0;
  for (uint32_t& n : next) at += std::exchange(n, at);
  auto order = std::make_unique_for_overwrite<uint32_t[]>(words.size());
  for (size_t i = 0; i < words.size(); ++i) order[next[bucket(words[i])]++] = static_cast<uint32_t>(i);
  for (size_t k = 0; k < words.size(); ++k) {
    const FileWord& w = words[order[k]];
    Entry* e = Upsert(std::string_view(text + (w.key >> 16), w.key & 0xFFFF));
    if (!e->in_lexicon) ++words_;
    e->valence = w.valence;
    e->in_lexicon = true;
  }
}

StatusOr<VaderLexicon> VaderLexicon::Load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFoundError("cannot open lexicon '" + path +
                         "': run scripts/setup (it installs vader-sentiment with npm) or pass "
                         "--lexicon PATH");
  }
  // A regular file is parsed where it lies, mapped with its pages in place:
  // read into a string, its 420 KB took ~105 page faults at start-up, a
  // tenth of `parley analyze`'s (bench/README.md, an21).
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    size_t size = static_cast<size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map != MAP_FAILED) {
      ::close(fd);
      StatusOr<VaderLexicon> lex = Parse(std::string_view(static_cast<const char*>(map), size), path);
      ::munmap(map, size);
      return lex;
    }
  }
  // A pipe, or what cannot be mapped: read it whole. A read that fails is
  // the error, not a lexicon of what came before it (a truncated lexicon
  // would score quietly wrong).
  std::string contents;
  char chunk[64 << 10];
  for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      std::string message = "cannot read lexicon '" + path + "': " + std::strerror(error) +
                            "; pass --lexicon with a readable vader_lexicon.txt";
      return error == EISDIR ? InvalidArgumentError(std::move(message))
                             : UnavailableError(std::move(message));
    }
    contents.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  return Parse(contents, path);
}

// ---------------------------------------------------------------- scoring

namespace {

// A word's flags: bytes 8..15 of its lexicon entry (VaderLexicon::Entry),
// copied with one load and one store, not five of each; the entry's
// negation byte then holds negated, its key_size bytes upper and
// raw_is_lower.
struct WordFlags {
  int8_t boost;
  bool lexicon;  // the entry's in_lexicon
  bool negated;  // VADER's negated([word]) on the raw word
  VaderLexicon::WordClass word_class;
  bool phrase_start;
  uint8_t phrase_word;
  bool upper;
  bool raw_is_lower;  // written in lower case: raw == lower
};
using Entry = VaderLexicon::Entry;
static_assert(sizeof(WordFlags) == 8 && offsetof(Entry, boost) + 8 == sizeof(Entry));
static_assert(offsetof(WordFlags, lexicon) == offsetof(Entry, in_lexicon) - offsetof(Entry, boost));
static_assert(offsetof(WordFlags, negated) == offsetof(Entry, negation) - offsetof(Entry, boost));
static_assert(offsetof(WordFlags, word_class) == offsetof(Entry, word_class) - offsetof(Entry, boost));
static_assert(offsetof(WordFlags, phrase_start) ==
              offsetof(Entry, phrase_start) - offsetof(Entry, boost));
static_assert(offsetof(WordFlags, phrase_word) ==
              offsetof(Entry, phrase_word) - offsetof(Entry, boost));

// The flags come first, as a base: copied from the entry as one object.
struct Word : WordFlags {
  // Scorer::AddWord(), where every word is made, sets every field: nothing
  // is zeroed first (five stores a word, most of them stored again at once).
  // But raw_size and entry are set only for a known word (one with a
  // lexicon entry), as only such words' are read: the rules read entry for
  // boosters and lexicon words, raw() for "BUT" (a known word); every
  // word's flags and raw_data are read (ScoreSpan() finds a span's words
  // by raw_data). Two stores fewer for most words.
  Word() {}

  // The word as written, affix stripped. Not a string_view member, which
  // would zero itself: SplitBlocks() makes room for a text's words at once.
  const char* raw_data;
  size_t raw_size;  // (see above)
  std::string_view raw() const { return {raw_data, raw_size}; }
  const VaderLexicon::Entry* entry;  // (see above)

  bool in_lexicon() const { return lexicon; }
  bool booster() const { return boost != 0; }
  // The lower-cased word is `c` ("Kind" and "kind" both are kKind).
  bool Is(VaderLexicon::WordClass c) const { return word_class == c; }
  // The word as written is exactly `c`'s lower-case spelling.
  bool RawIs(VaderLexicon::WordClass c) const { return raw_is_lower && Is(c); }
};

// One 64-byte group of a text's bytes (vader.h; see ClassifyBlocks()).
using ByteGroup = VaderByteGroup;
static_assert(kPunct['\''] && kPunct['@'] && kPunct['#'] && kPunct['/'] && kPunct['.']);

}  // namespace

struct VaderScratch::Impl {
  std::vector<ByteGroup> groups;  // the text's, when it is split from them
  std::string expanded;  // the text with emoji replaced by their names
  EmojiNameCache emoji_names;
  std::string lower;     // lower-cased words, back to back (grown, never shrunk)
  std::string tmp, tmp2;
  std::vector<Word> words;
  // The indices of the words in the lexicon, whose valences Summarize()
  // finds; every other word's sentiment is 0.
  std::vector<size_t> sentiments;

  // What ScoreSpan() reuses: the text Score() was last given, and whether
  // `words` are that text's own (not those of its emoji names).
  std::string_view scored;
  // The text `groups` and `lower` classify, after a block split of it (a
  // text or its emoji names'); else empty. For VaderScratch::Classes().
  std::string_view classified;
  bool spans = false;
  bool emphasis = false;                // the text has a '!' or '?'
  std::vector<size_t> span_sentiments;  // ScoreSpan()'s, indexed within the span
  std::unique_ptr<VaderScratch> spare;  // for the spans it scores from scratch
};

VaderScratch::VaderScratch() : impl_(std::make_unique<Impl>()) {}
VaderScratch::~VaderScratch() = default;

bool VaderScratch::Classes(std::string_view text, TextClasses* out) const {
  const Impl& s = *impl_;
  if (s.classified.data() != text.data() || s.classified.size() != text.size() ||
      text.data() == nullptr) {
    return false;
  }
  out->lower = std::string_view(s.lower.data(), text.size());
  out->groups = s.groups.data();
  return true;
}

namespace {

// What a scan of a visible-ASCII run found: letter bits and emphasis marks.
struct AsciiRun {
  uint64_t upper = 0, lower = 0;  // non-zero when the run has A-Z / a-z
  uint64_t apostrophe = 0;        // non-zero when the run has a "'"
  size_t bangs = 0, questions = 0;
  uint64_t hash = bytes::kHashSeed;  // HashStep()s over the lower-cased run
  bool hashed = true;  // false: `hash` is not computed, AddWord() hashes the word itself
  // Noted only when the scan looks for cues (ScanVisibleAscii<true>):
  uint64_t cue = 0;  // non-zero when the run has an '@', '#', '/' or '.'
  // Noted only by SplitBlocks(), for a run of up to 64 bytes: bit k is
  // whether byte k is punctuation (IsAsciiPunct()).
  uint64_t punct = 0;
  bool punct_known = false;
};

// Whether the ASCII `chunk` is one Tokenizer::TokenizeCueChunks() scans
// (Tokenizer::IsCueByte() of one of its bytes). Asked only of chunks with an
// '@', '#', '/' or '.'.
bool MayHoldCue(std::string_view chunk) {
  for (size_t k = 0; k < chunk.size(); ++k)
    if (Tokenizer::IsCueByte(chunk, 0, k)) return true;
  return false;
}

// The scoring pass over one text's words; a thin object so each VADER rule
// reads as a small function.
class Scorer {
 public:
  Scorer(const VaderLexicon& lex, VaderScratch::Impl* s) : lex_(lex), s_(*s), all_(s->words) {}

  // Splits `text` into words; with kCues, also notes in `*cues` the chunks
  // that may hold a cue (see CueChunks). kCues needs an all-ASCII `text`:
  // then VADER's words are the tokenizer's chunks, affixes and all.
  // `blocks`: try SplitBlocks() first (false when it has failed on `text`).
  template <bool kCues>
  void Split(std::string_view text, CueChunks* cues, bool blocks);
  // Split() of a text of spaces and visible ASCII only, from its bytes
  // classified once in blocks (ClassifyBlocks()) rather than word by word;
  // false, having split nothing, for any other text. With kCues, fills
  // `*cues` (see CueChunks), which needs the text's size to fit 32 bits.
  template <bool kCues>
  bool SplitBlocks(std::string_view text, CueChunks* cues);
  // Inlined into the callers' loops: its shortcut returns most words'
  // valences with no call; Rules() has the rest.
  [[gnu::always_inline]] inline double Valence(size_t i) const;
  size_t bangs() const { return bangs_; }
  size_t questions() const { return questions_; }
  // The scores of the n_ words w_, whose lexicon words are `sentiments`
  // (indices; their valences found here), with `emphasis` from '!' and '?'.
  VaderScores Summarize(const std::vector<size_t>& sentiments,
                        double emphasis) const;
  // Score() of `text` alone, for text = whole.substr(begin, end - begin), from
  // the words Split() left in the scratch for `whole`. Needs Split() to have
  // split `whole` itself and neither `begin` nor `end` to fall inside one of
  // its whitespace tokens or Unicode spaces.
  VaderScores ScoreSpan(std::string_view whole, size_t begin, size_t end);

 private:
  // Empties the words and counts for a new text.
  void Reset() {
    all_.clear();
    ResetCounts();
  }
  // Reset() but for the words.
  void ResetCounts() {
    s_.sentiments.clear();
    used_ = 0;
    caps_ = 0;
    but_lower_ = but_upper_ = kNone;
  }
  // Sets what the rules read once all the words are split.
  void Finish(size_t bangs, size_t questions) {
    bangs_ = bangs;
    questions_ = questions;
    cap_differential_ = caps_ > 0 && caps_ < all_.size();
    w_ = all_.data();
    n_ = all_.size();
  }
  // Inlined into both Split()s, as it was into the one before there were two.
  // Whether VADER drops `token` (one UTF-16 unit); `ascii`: it is ASCII.
  static bool Drops(std::string_view token, bool ascii) {
    return ascii ? token.size() <= 1 : token.size() <= 3 && Utf16Length(token) <= 1;
  }
  // Makes `w`, word `k` of the text, of a `token` Drops() keeps. `find`
  // is lex_.short_finder() and `lower` s_.lower.data() (read for an ASCII
  // token only), both taken once by the caller's loop. Returns whether the
  // word is ALL CAPS, for the caller's count (SplitBlocks() keeps its own
  // in a register).
  [[gnu::always_inline]] inline bool AddWord(std::string_view token, const AsciiRun* ascii,
                                             size_t lower_at, Word& w, size_t k,
                                             const VaderLexicon::ShortFinder& find,
                                             const char* lower);
  // SplitBlocks()'s work but the sizing of all_, compiled twice: with BMI1
  // and BMI2 where the AVX2 classifier is taken (kFast; the CPU has all
  // three), else for baseline x86-64. In the word loop's bit work, BMI's
  // instructions do in one what baseline x86-64 does in two or three
  // (blsr, shifts by any register with no move to cl): ~130 instructions
  // a post fewer in the body, ~55 net of the call it adds. Returns the end
  // of the words made at all_'s start, or nullptr for a text of other
  // bytes.
  template <bool kCues, bool kFast>
  [[gnu::always_inline]] inline Word* SplitBlocksBody(std::string_view text, CueChunks* cues);
  template <bool kCues>
  [[PARLEY_VADER_BMI]] Word* SplitBlocksBmi(std::string_view text, CueChunks* cues);
  template <bool kCues>
  [[gnu::noinline]] Word* SplitBlocksBaseline(std::string_view text, CueChunks* cues);
  // SplitBlocks()'s path for words that cross a group (see there).
  template <bool kCues>
  [[gnu::always_inline]] inline Word* AddLongWord(std::string_view text, size_t start, Word* out,
                                                  Word* words, CueChunks* cues);
  // AddLongWord() for each body of SplitBlocks() (see SplitBlocksBody()):
  // out of its loop, whose registers its plain words want.
  template <bool kCues>
  [[gnu::noinline, PARLEY_VADER_BMI]] Word* AddLongWordBmi(std::string_view text, size_t start,
                                                           Word* out, Word* words, CueChunks* cues);
  template <bool kCues>
  [[gnu::noinline]] Word* AddLongWordBaseline(std::string_view text, size_t start, Word* out,
                                              Word* words, CueChunks* cues);
  [[gnu::always_inline]] inline const VaderLexicon::Entry* LookUp(
      const char* lower, size_t size, const VaderLexicon::ShortFinder& find) const;
  [[gnu::always_inline]] static inline void SetFlags(Word& w, const VaderLexicon::Entry* e,
                                                     bool upper, bool raw_is_lower,
                                                     bool contraction);
  // What the rules need noted of a known word `w` (word `k`), with entry `e`.
  void NoteKnown(const Word& w, const VaderLexicon::Entry& e, size_t k) {
    if (e.word_class == VaderLexicon::kBut) NoteBut(w, k);
    // Noted as split, scored once the whole text is known (Valence() needs
    // the words after this one and the caps count).
    if (e.in_lexicon) s_.sentiments.push_back(k);
  }
  // Remembers the first "but" and the first "BUT" (word `k`).
  void NoteBut(const Word& w, size_t k) {
    if (w.raw_is_lower && but_lower_ == kNone) but_lower_ = k;
    if (w.raw() == "BUT" && but_upper_ == kNone) but_upper_ = k;
  }
  // Room for `bytes` more lower-cased bytes at used_, plus 16 bytes of slack
  // for the SWAR scan's stores and the key loads of AddWord.
  char* Reserve(size_t bytes) {
    if (used_ + bytes + 16 > s_.lower.size()) s_.lower.resize(used_ + bytes + 64);
    return s_.lower.data() + used_;
  }
  // Whether word i - back, if there is one, is neither a booster nor
  // negated nor of a word class, and cannot start a phrase: then Valence()'s
  // rules for word i do nothing with it.
  bool Inert(size_t i, size_t back) const {
    if (i < back) return true;
    uint64_t bits;
    std::memcpy(&bits, static_cast<const WordFlags*>(&w_[i - back]), sizeof bits);
    static_assert(offsetof(WordFlags, boost) == 0 && offsetof(WordFlags, negated) == 2 &&
                  offsetof(WordFlags, word_class) == 3 && offsetof(WordFlags, phrase_start) == 4);
    return (bits & 0xFF'FFFF'00FFull) == 0;
  }
  // Inert(i, 1) && Inert(i, 2) && Inert(i, 3), with one test of the three
  // words' flags ORed where all three exist (most lexicon words): the
  // first test of each, whether there is such a word, goes.
  bool InertBefore(size_t i) const {
    if (i < 3) return Inert(i, 1) && Inert(i, 2) && Inert(i, 3);
    uint64_t a, b, c;
    std::memcpy(&a, static_cast<const WordFlags*>(&w_[i - 1]), sizeof a);
    std::memcpy(&b, static_cast<const WordFlags*>(&w_[i - 2]), sizeof b);
    std::memcpy(&c, static_cast<const WordFlags*>(&w_[i - 3]), sizeof c);
    return ((a | b | c) & 0xFF'FFFF'00FFull) == 0;  // Inert()'s bits
  }
  bool RawIsSoOrThis(size_t i) const {
    return w_[i].RawIs(VaderLexicon::kSo) || w_[i].RawIs(VaderLexicon::kThis);
  }
  [[gnu::noinline]] double Rules(double v, size_t i) const;
  double Booster(size_t j, double valence) const;
  double Negation(double v, int distance, size_t i) const;
  double Idioms(double v, size_t i) const;
  double Least(double v, size_t i) const;
  bool Matches(size_t first, size_t count, const PhraseIds& phrase) const;
  // Phrases are lower-case and start with a flagged word: most windows fail
  // this one check.
  bool StartsPhrase(size_t first) const {
    const Word& w = w_[first];
    return w.raw_is_lower && w.phrase_start;
  }

  const VaderLexicon& lex_;
  VaderScratch::Impl& s_;
  std::vector<Word>& all_;  // the text's words, as Split() adds them
  // The words the rules read: all_ after Split(), a span's in ScoreSpan().
  const Word* w_ = nullptr;
  size_t n_ = 0;
  bool cap_differential_ = false;
  size_t bangs_ = 0, questions_ = 0;  // '!' and '?' in the whole text
  size_t used_ = 0;                   // bytes of s_.lower in use
  static constexpr size_t kNone = ~size_t{0};
  size_t but_lower_ = kNone, but_upper_ = kNone;  // see NoteBut()
  size_t caps_ = 0;  // ALL-CAPS words, counted as they are split
};

// Eight bytes at a time, with the per-byte tests of src/core/bytes.h.
using bytes::AtLeastMask;
using bytes::EqualMask;
using bytes::kHighs;
using bytes::kLow7;
using bytes::kOnes;

// Scans the run of visible ASCII bytes (0x21..0x7F) at the start of `p`,
// writing it lower-cased to `dst` (which has 8 bytes of slack past the run),
// and counting '!' and '?' and noting upper/lower-case letters on the way;
// with kCues, noting '@', '#', '/' and '.' too.
template <bool kCues>
size_t ScanVisibleAscii(const char* p, size_t avail, char* dst, AsciiRun* run) {
  size_t k = 0;
  while (true) {
    uint64_t x = 0x2020202020202020ull;  // past the end: spaces, which stop the run
    if (avail - k >= 8) {
      std::memcpy(&x, p + k, 8);  // a fixed size compiles to one load
    } else {
      std::memcpy(&x, p + k, avail - k);
    }
    uint64_t low7 = x & kLow7;
    uint64_t stop = (~AtLeastMask(low7, 0x21) | x) & kHighs;
    size_t len = stop ? static_cast<size_t>(__builtin_ctzll(stop)) >> 3 : 8;
    uint64_t keep = len == 8 ? ~0ull : (1ull << (len * 8)) - 1;
    uint64_t upper = AtLeastMask(low7, 'A') & ~AtLeastMask(low7, 'Z' + 1) & keep;
    run->upper |= upper;
    run->lower |= AtLeastMask(low7, 'a') & ~AtLeastMask(low7, 'z' + 1) & keep;
    // '!', '\'' and '?' (and the cue bytes '#', '.', '/' and '@') all lie
    // in 0x21..0x40, which letters never do: one range test passes over the
    // chunks of plain words, and only the rest look for each mark. Count
    // only marks found (popcount is a library call on baseline x86-64).
    if (AtLeastMask(low7, 0x21) & ~AtLeastMask(low7, kCues ? 0x41 : 0x40) & keep) {
      if constexpr (kCues) {
        // '.' (0x2E) and '/' (0x2F) in one test: they differ in the low bit.
        run->cue |= (EqualMask(x, '@') | EqualMask(x, '#') | EqualMask(x | kOnes, '/')) & keep;
      }
      run->apostrophe |= EqualMask(x, '\'') & keep;
      if (uint64_t bangs = EqualMask(x, '!') & keep) run->bangs += static_cast<size_t>(__builtin_popcountll(bangs));
      if (uint64_t qs = EqualMask(x, '?') & keep) run->questions += static_cast<size_t>(__builtin_popcountll(qs));
    }
    uint64_t lowered = x | (upper >> 2);  // 0x80 >> 2 is the case bit 0x20
    std::memcpy(dst + k, &lowered, 8);
    if (len) run->hash = bytes::HashStep(run->hash, lowered & keep);
    k += len;
    if (len < 8) return k;
  }
}

// kKeyMasks.word[k][n] keeps the first n (0..16) bytes of a key's
// little-endian word k (0 or 1) and zeroes the rest. One array for each
// word, of 8-byte masks: each is one and with a scaled index, where 16-byte
// rows took a copy, a shift and an add of the size as well (~3 instructions
// a word looked up).
struct KeyMasks {
  uint64_t word[2][VaderLexicon::kInlineKey + 1];
};
constexpr KeyMasks kKeyMasks = [] {
  KeyMasks t{};
  for (size_t n = 0; n <= VaderLexicon::kInlineKey; ++n) {
    for (size_t b = 0; b < n; ++b) t.word[b / 8][n] |= uint64_t{0xFF} << (8 * (b % 8));
  }
  return t;
}();

// The lexicon entry of the lower-cased word of `size` bytes at `lower`, which
// has 16 bytes to spare past it (the scratch buffer), or nullptr.
inline const VaderLexicon::Entry* Scorer::LookUp(const char* lower, size_t size,
                                                 const VaderLexicon::ShortFinder& find) const {
  if (size > VaderLexicon::kInlineKey) return lex_.Find(std::string_view(lower, size));
  // Load the key words whole and mask off what follows the word. Word
  // lengths vary with the text: the masks are looked up, not branched on
  // (nor computed: two min/max and four shifts were ~14 more instructions
  // a word).
  uint64_t k0, k1;
  std::memcpy(&k0, lower, 8);
  std::memcpy(&k1, lower + 8, 8);
  k0 &= kKeyMasks.word[0][size];
  k1 &= kKeyMasks.word[1][size];
  return find.Find(k0, k1, size, VaderLexicon::ShortHash(k0, k1));
}

// Sets `w`'s flags from its entry `e` (nullptr: an unknown word, whose flags
// are those of an empty entry). `contraction`: the word as written has "n't".
inline void Scorer::SetFlags(Word& w, const VaderLexicon::Entry* e, bool upper, bool raw_is_lower,
                             bool contraction) {
  // Copied without a branch on whether the word is known, which the text
  // decides.
  static constexpr VaderLexicon::Entry kUnknown{};
  const VaderLexicon::Entry& entry = e ? *e : kUnknown;
  // negated() compares the word as written, so "NOT" is no negation.
  bool negated = (raw_is_lower & entry.negation) || contraction;
  // The flags are made in a register and stored once: the entry's negation
  // byte gives way to negated, its key_size bytes (zeroed: a byte other than
  // 0 or 1 is no valid bool) to upper and raw_is_lower. Byte stores into
  // the word, each a char-typed store that may alias the scorer's fields,
  // made GCC load and store those again for every word.
  uint64_t bits;
  std::memcpy(&bits, reinterpret_cast<const char*>(&entry) + offsetof(Entry, boost), sizeof bits);
  static_assert(offsetof(WordFlags, negated) == 2 && offsetof(WordFlags, upper) == 6 &&
                offsetof(WordFlags, raw_is_lower) == 7);
  bits = (bits & 0x0000'FFFF'FF00'FFFFull) | uint64_t{negated} << 16 | uint64_t{upper} << 48 |
         uint64_t{raw_is_lower} << 56;
  WordFlags f;
  std::memcpy(&f, &bits, sizeof f);
  static_cast<WordFlags&>(w) = f;
}

// One whitespace-separated token: strip its affix and look the word up. For
// an ASCII token the lower-cased bytes are already at `lower_at` in the
// scratch buffer; other tokens are lower-cased here with ICU.
inline bool Scorer::AddWord(std::string_view token, const AsciiRun* ascii, size_t lower_at, Word& w,
                            size_t k, const VaderLexicon::ShortFinder& find,
                            const char* lower_text) {
  // `w` is filled in place: building a Word on the stack and copying it in
  // stalls on store forwarding.
  // An ASCII token's lower-cased copy has the scratch's slack past it.
  const std::string_view raw = !ascii               ? StripAffix(token, false)
                               : ascii->punct_known ? StripAffixBits(token, ascii->punct)
                                                    : StripAffixAscii(token, lower_text + lower_at);
  w.raw_data = raw.data();
  // The lower-cased word, kept in registers: no later step reads it.
  bool upper, raw_is_lower;
  std::string_view lower;
  if (ascii) {
    upper = ascii->upper && !ascii->lower;  // affixes hold no letters
    raw_is_lower = !ascii->upper;
    lower = std::string_view(lower_text + lower_at + (raw.data() - token.data()), raw.size());
  } else {
    upper = IsUpperWord(raw);
    AppendLowerUtf8(raw, &s_.tmp, &s_.tmp2);
    size_t size = s_.tmp2.size();
    char* dst = Reserve(size);  // (it may move the buffer: `lower` is taken after)
    std::memcpy(dst, s_.tmp2.data(), size);
    used_ += size;
    s_.tmp2.clear();
    lower = std::string_view(dst, size);
    raw_is_lower = lower == raw;
  }
  // The scan hashed an ASCII token as it went; a stripped affix changes the word.
  bool scanned = ascii && ascii->hashed && raw.size() == token.size();
  const VaderLexicon::Entry* e =
      scanned && lower.size() > VaderLexicon::kInlineKey
          ? lex_.Find(lower, bytes::HashFinish(ascii->hash, lower.size()))
          : LookUp(lower.data(), lower.size(), find);
  // negated() compares the word as written, so "NOT" is no negation. One
  // departure from the package: a contraction typed with U+2019 RIGHT SINGLE
  // QUOTATION MARK ("isn’t", as phones write it) negates as "isn't" does
  // (the package finds "n't" only); such a word is never ASCII.
  bool may_contract = ascii ? ascii->apostrophe != 0 : raw.size() >= 3;
  SetFlags(w, e, upper, raw_is_lower,
           may_contract && (raw.find("n't") != std::string_view::npos ||
                            (!ascii && raw.find("n\xE2\x80\x99t") != std::string_view::npos)));
  if (e != nullptr) {  // only a known word's are read (see Word)
    w.raw_size = raw.size();
    w.entry = e;
    NoteKnown(w, *e, k);
  }
  return upper;
}

template <bool kCues>
void Scorer::Split(std::string_view text, CueChunks* cues, bool blocks) {
  if constexpr (kCues) {
    cues->chunks.clear();
    cues->known = text.size() <= std::numeric_limits<uint32_t>::max();  // offsets are 32-bit
    if (!cues->known) return Split<false>(text, nullptr, blocks);
  }
  if (blocks && SplitBlocks<kCues>(text, cues)) return;
  Reset();
  AsciiRun counts;
  size_t i = 0, n = text.size();
  // An all-ASCII text (kCues) lowers into at most its own size: one
  // reservation serves every token.
  if constexpr (kCues) Reserve(n);
  const VaderLexicon::ShortFinder find = lex_.short_finder();
  while (i < n) {
    size_t sp = JsSpaceAt(text, i);
    if (sp) {
      i += sp;
      continue;
    }
    size_t start = i;
    AsciiRun run;
    size_t lower_at = used_;
    char* dst = kCues ? s_.lower.data() + used_ : Reserve(n - i);
    i += ScanVisibleAscii<kCues>(text.data() + i, n - i, dst, &run);
    used_ += i - start;
    counts.bangs += run.bangs;
    counts.questions += run.questions;
    size_t sep = i < n ? JsSpaceAt(text, i) : 0;  // the space that ended the run, if any
    bool ascii = i == n || sep != 0;
    if (!ascii) {  // the token goes on with non-ASCII (or control) bytes
      used_ = lower_at;
      while (i < n && JsSpaceAt(text, i) == 0) {
        counts.bangs += text[i] == '!';
        counts.questions += text[i] == '?';
        ++i;
      }
    }
    if constexpr (kCues) {
      // A chunk with a control byte (the scan stops there) is taken whole:
      // rare, and harmless, as the tokenizer finds no cue in a chunk that
      // cannot hold one.
      if (!ascii || (run.cue && MayHoldCue(text.substr(start, i - start))))
        cues->chunks.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i - start)});
    }
    std::string_view token = text.substr(start, i - start);
    if (!Drops(token, ascii)) {
      Word& w = all_.emplace_back();
      caps_ += AddWord(token, ascii ? &run : nullptr, lower_at, w, all_.size() - 1, find,
                       s_.lower.data());
    }
    i += sep;  // skipped here rather than tested again at the top
  }
  Finish(counts.bangs, counts.questions);
}

// The masks of 16 bytes at `src` as 16-bit words, for ClassifyBlocks().
struct BlockMasks {
  uint32_t space, other, upper, lower, apostrophe, cue, bang, question;
  uint32_t dot, w;  // '.', and 'w' or 'W'
  // Digits and DEL (0x7F): with spaces and letters, the bytes of a text
  // split in blocks that are no punctuation.
  uint32_t digit;
};

#if defined(__SSE2__)
// Classifies 16 bytes and writes them lower-cased (A-Z only) to `dst`.
inline void ClassifyBlock(const char* src, char* dst, BlockMasks* m) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
  auto eq = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  // Signed compares: bytes >= 0x80 are below every ASCII bound.
  auto in = [&](char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  auto bits = [](__m128i x) { return static_cast<uint32_t>(_mm_movemask_epi8(x)); };
  __m128i space = _mm_or_si128(eq(' '), in('\t', '\r'));
  __m128i upper = in('A', 'Z');
  m->space = bits(space);
  m->other = bits(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21))) & ~m->space;
  m->upper = bits(upper);
  m->lower = bits(in('a', 'z'));
  m->cue = bits(_mm_or_si128(_mm_or_si128(eq('@'), eq('#')), eq('/')));
  m->dot = bits(eq('.'));
  m->w = bits(_mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('w')));
  m->apostrophe = bits(eq('\''));
  m->bang = bits(eq('!'));
  m->question = bits(eq('?'));
  m->digit = bits(_mm_or_si128(in('0', '9'), eq('\x7F')));
  __m128i lowered = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), lowered);
}
#else
// The portable ClassifyBlock(): the same tests on eight bytes at a time.
inline void ClassifyBlock(const char* src, char* dst, BlockMasks* m) {
  *m = BlockMasks{};
  for (int half = 0; half < 2; ++half) {
    uint64_t x;
    std::memcpy(&x, src + 8 * half, 8);
    uint64_t high = x & kHighs, low7 = x & kLow7;
    uint64_t space = (EqualMask(x, ' ') | (AtLeastMask(low7, '\t') & ~AtLeastMask(low7, '\r' + 1))) & ~high;
    uint64_t upper = AtLeastMask(low7, 'A') & ~AtLeastMask(low7, 'Z' + 1) & ~high;
    uint64_t lower = AtLeastMask(low7, 'a') & ~AtLeastMask(low7, 'z' + 1) & ~high;
    uint64_t other = ((~AtLeastMask(low7, 0x21) & kHighs) | high) & ~space;
    uint64_t cue = EqualMask(x, '@') | EqualMask(x, '#') | EqualMask(x, '/');
    // The high bit of each byte, gathered into the low eight bits.
    auto bits = [half](uint64_t mask) {
      return static_cast<uint32_t>(((mask >> 7) * 0x0102040810204080ull) >> 56) << (8 * half);
    };
    m->space |= bits(space);
    m->other |= bits(other);
    m->upper |= bits(upper);
    m->lower |= bits(lower);
    m->apostrophe |= bits(EqualMask(x, '\''));
    m->cue |= bits(cue);
    m->dot |= bits(EqualMask(x, '.'));
    m->w |= bits(EqualMask(x | 0x2020202020202020ull, 'w'));
    m->bang |= bits(EqualMask(x, '!'));
    m->question |= bits(EqualMask(x, '?'));
    uint64_t digit = AtLeastMask(low7, '0') & ~AtLeastMask(low7, '9' + 1) & ~high;
    m->digit |= bits(digit | EqualMask(x, '\x7F'));
    uint64_t lowered = x | (upper >> 2);  // 0x80 >> 2 is the case bit 0x20
    std::memcpy(dst + 8 * half, &lowered, 8);
  }
}
#endif

// The masks of one 64-byte group, bit k for byte k, before the cue bits are
// joined (ClassifyBlocks()).
struct GroupMasks {
  uint64_t space, other, upper, lower, apostrophe, cue, bang, question, dot, w, digit;
};

// Classifies the 64 bytes at `p` in place, with SSE2 (or the portable
// ClassifyBlock()): the first `blocks` 16-byte blocks (1..4) are read, the
// others are taken as spaces (which they are: see ClassifyBlocks()).
inline void ClassifyGroupBlocks(char* p, size_t blocks, GroupMasks* out) {
  BlockMasks m[4];
  for (size_t b = 0; b < blocks; ++b) ClassifyBlock(p + b * 16, p + b * 16, &m[b]);
  for (size_t b = blocks; b < 4; ++b) m[b] = BlockMasks{0xFFFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto join = [&m](uint32_t BlockMasks::*field) {
    return uint64_t{m[0].*field} | uint64_t{m[1].*field} << 16 | uint64_t{m[2].*field} << 32 |
           uint64_t{m[3].*field} << 48;
  };
  out->space = join(&BlockMasks::space);
  out->other = join(&BlockMasks::other);
  out->upper = join(&BlockMasks::upper);
  out->lower = join(&BlockMasks::lower);
  out->apostrophe = join(&BlockMasks::apostrophe);
  out->cue = join(&BlockMasks::cue);
  out->bang = join(&BlockMasks::bang);
  out->question = join(&BlockMasks::question);
  out->dot = join(&BlockMasks::dot);
  out->w = join(&BlockMasks::w);
  out->digit = join(&BlockMasks::digit);
}

#if PARLEY_VADER_AVX2
// ClassifyGroups() with AVX2 (ClassifyGroupsAvx2()), 32 bytes at a time:
// the compare masks of a half are 32-bit words already. Chosen at run time
// (g_classify_avx2); the helpers carry the target too, as GCC inlines no
// lambda into it.
//
// Its constants are 32-byte rows in memory, each read by the compare that
// uses it: from _mm256_set1_epi8(), GCC built every one from an immediate
// (three instructions), once a call for those it kept in registers (and
// spilled) and again in every group for the rest, ~70 instructions a post.
struct alignas(32) ByteRow {
  char b[32];
};
// The bytes of the rows, each once ('A' - 1 is '@', '0' - 1 is '/').
constexpr char kRowBytes[] = {' ', '\t' - 1, '\r' + 1, '@',  'Z' + 1, 'a' - 1, 'z' + 1, 0x21, '#',
                              '/', '.',      '\'',     '!',  '?',     '9' + 1, 0x7F};
constexpr auto kRows = [] {
  std::array<ByteRow, std::size(kRowBytes)> rows{};
  for (size_t r = 0; r < rows.size(); ++r)
    for (char& x : rows[r].b) x = kRowBytes[r];
  return rows;
}();
constexpr size_t RowOf(char c) {
  size_t r = 0;
  while (r < std::size(kRowBytes) && kRowBytes[r] != c) ++r;
  return r;
}
// The row of `kC` at `rows`, which is kRows.data() hidden from the compiler
// (see ClassifyGroupAvx2()): a known constant, GCC would build it again.
template <char kC>
[[gnu::target("avx2")]] inline __m256i Row256(const ByteRow* rows) {
  static_assert(RowOf(kC) < std::size(kRowBytes), "a byte without a row");
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(rows[RowOf(kC)].b));
}

template <char kLo, char kHi>
[[gnu::target("avx2")]] inline __m256i InRange256(__m256i v, const ByteRow* rows) {
  // Signed compares: bytes >= 0x80 are below every ASCII bound.
  return _mm256_and_si256(_mm256_cmpgt_epi8(v, Row256<static_cast<char>(kLo - 1)>(rows)),
                          _mm256_cmpgt_epi8(Row256<static_cast<char>(kHi + 1)>(rows), v));
}

[[gnu::target("avx2")]] inline uint32_t Bits256(__m256i x) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(x));
}

template <char kC>
[[gnu::target("avx2")]] inline uint32_t Eq256(__m256i v, const ByteRow* rows) {
  return Bits256(_mm256_cmpeq_epi8(v, Row256<kC>(rows)));
}

// The 64-bit mask of 64 bytes from their two halves' compares.
[[gnu::target("avx2")]] inline uint64_t Bits512(__m256i lo, __m256i hi) {
  return uint64_t{Bits256(lo)} | uint64_t{Bits256(hi)} << 32;
}

// '@', '#' and '/', the three compares ORed as vectors: one mask to take.
[[gnu::target("avx2")]] inline __m256i Cue256(__m256i v, const ByteRow* rows) {
  return _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, Row256<'@'>(rows)),
                                         _mm256_cmpeq_epi8(v, Row256<'#'>(rows))),
                         _mm256_cmpeq_epi8(v, Row256<'/'>(rows)));
}

// One group of ClassifyGroupsAvx2(): the 64 bytes at `p` classified in
// place into `group`, both 32-byte halves at once (the bytes past the text
// are spaces: no half need be skipped), each mask made from its two halves
// and stored, with no GroupMasks between: GCC spilled and reloaded those,
// ~60 instructions a group. Its cue bits are '@', '#' and '/' only; `*dot`
// gets the '.'s, which the caller tests for "www". False, with nothing
// else set, when a byte is neither a space nor visible ASCII.
[[gnu::target("avx2")]] inline bool ClassifyGroupAvx2(char* p, const ByteRow* rows,
                                                      ByteGroup* group, uint64_t* dot) {
  __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  __m256i space0 =
      _mm256_or_si256(_mm256_cmpeq_epi8(v0, Row256<' '>(rows)), InRange256<'\t', '\r'>(v0, rows));
  __m256i space1 =
      _mm256_or_si256(_mm256_cmpeq_epi8(v1, Row256<' '>(rows)), InRange256<'\t', '\r'>(v1, rows));
  // Any "other" byte: below 0x21 (signed, so >= 0x80 too) and no space.
  __m256i other = _mm256_or_si256(_mm256_andnot_si256(space0, _mm256_cmpgt_epi8(Row256<0x21>(rows), v0)),
                                  _mm256_andnot_si256(space1, _mm256_cmpgt_epi8(Row256<0x21>(rows), v1)));
  if (!_mm256_testz_si256(other, other)) return false;
  __m256i upper0 = InRange256<'A', 'Z'>(v0, rows), upper1 = InRange256<'A', 'Z'>(v1, rows);
  __m256i lower0 = InRange256<'a', 'z'>(v0, rows), lower1 = InRange256<'a', 'z'>(v1, rows);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                      _mm256_or_si256(v0, _mm256_and_si256(upper0, Row256<0x20>(rows))));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 32),
                      _mm256_or_si256(v1, _mm256_and_si256(upper1, Row256<0x20>(rows))));
  group->space = Bits512(space0, space1);
  group->upper = Bits512(upper0, upper1);
  group->lower = Bits512(lower0, lower1);
  // Punctuation is what is left of the visible ASCII: no space, letter,
  // digit or DEL. ORed as vectors: one mask to take, not four.
  __m256i plain0 = _mm256_or_si256(
      _mm256_or_si256(_mm256_or_si256(space0, upper0), _mm256_or_si256(lower0, InRange256<'0', '9'>(v0, rows))),
      _mm256_cmpeq_epi8(v0, Row256<'\x7F'>(rows)));
  __m256i plain1 = _mm256_or_si256(
      _mm256_or_si256(_mm256_or_si256(space1, upper1), _mm256_or_si256(lower1, InRange256<'0', '9'>(v1, rows))),
      _mm256_cmpeq_epi8(v1, Row256<'\x7F'>(rows)));
  group->punct = ~Bits512(plain0, plain1);
  group->apostrophe = Bits512(_mm256_cmpeq_epi8(v0, Row256<'\''>(rows)),
                              _mm256_cmpeq_epi8(v1, Row256<'\''>(rows)));
  group->bang = Bits512(_mm256_cmpeq_epi8(v0, Row256<'!'>(rows)), _mm256_cmpeq_epi8(v1, Row256<'!'>(rows)));
  group->question =
      Bits512(_mm256_cmpeq_epi8(v0, Row256<'?'>(rows)), _mm256_cmpeq_epi8(v1, Row256<'?'>(rows)));
  group->cue = Bits512(Cue256(v0, rows), Cue256(v1, rows));
  *dot = Bits512(_mm256_cmpeq_epi8(v0, Row256<'.'>(rows)), _mm256_cmpeq_epi8(v1, Row256<'.'>(rows)));
  return true;
}

// ClassifyGroups() with AVX2, for the same groups. Chosen at run time
// (g_classify_avx2). A '.' is a cue byte after "www" (any case): rather
// than a mask of 'w's every group, shifted in three times with the last
// group's bits carried (~15 instructions a group), the few '.'s look at the
// three bytes before them, lower-cased already.
[[gnu::target("avx2")]] bool ClassifyGroupsAvx2(size_t n, ByteGroup* g, char* dst) {
  const ByteRow* rows = kRows.data();
  // Hidden, so the rows are read, not rebuilt (see above): no instruction.
  __asm__("" : "+r"(rows));
  size_t count = (n + 63) / 64;
  for (size_t k = 0; k < count; ++k) {
    uint64_t dot;
    if (!ClassifyGroupAvx2(dst + k * 64, rows, &g[k], &dot)) return false;
    for (; dot != 0; dot &= dot - 1) {
      size_t at = k * 64 + static_cast<size_t>(__builtin_ctzll(dot));
      if (at < 3) continue;
      uint32_t before;
      std::memcpy(&before, dst + at - 3, 4);  // "www." little-endian, lower-cased
      if ((before & 0xFFFFFF) == 0x777777) g[k].cue |= dot & (~dot + 1);
    }
  }
  return true;
}

// Whether the CPU has AVX2, BMI1 and BMI2: the block split's fast path
// takes all three (every x86-64 CPU with AVX2 so far has both BMIs).
inline bool CpuHasAvx2Bmi() {
  return bytes::CpuHasAvx2() && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}

// Whether ClassifyBlocks() takes ClassifyGroupAvx2(): set once, from the
// CPU; tests may force either path (vader_internal::SetClassifyAvx2()).
std::atomic<bool> g_classify_avx2{CpuHasAvx2Bmi()};
#endif

// The groups of ClassifyBlocks() for its `n` bytes at `dst`, each classified
// by kClassify: false as soon as a group has other bytes.
template <void (*kClassify)(char*, size_t, GroupMasks*)>
[[gnu::always_inline]] inline bool ClassifyGroups(size_t n, ByteGroup* g, char* dst) {
  size_t count = (n + 63) / 64;
  uint64_t w_before = 0;  // the previous group's 'w' bits
  for (size_t k = 0; k < count; ++k) {
    GroupMasks m;
    // Blocks past the text are all spaces: nothing else to find there.
    kClassify(dst + k * 64, std::min<size_t>(4, (n - k * 64 + 15) / 16), &m);
    if (m.other) return false;
    ByteGroup& group = g[k];
    group.space = m.space;
    group.upper = m.upper;
    group.lower = m.lower;
    group.apostrophe = m.apostrophe;
    // A '.' is a cue byte after three 'w's, which are then in its chunk
    // (a 'w' is no space): bit k of `w << j`, with the previous group's top
    // bits carried in, is whether byte k - j is a 'w'.
    uint64_t w = m.w;
    uint64_t www =
        (w << 1 | w_before >> 63) & (w << 2 | w_before >> 62) & (w << 3 | w_before >> 61);
    w_before = w;
    group.cue = m.cue | (m.dot & www);
    group.bang = m.bang;
    group.question = m.question;
    // No byte is `other`: the rest of the visible ASCII is punctuation.
    group.punct = ~(m.space | m.upper | m.lower | m.digit);
  }
  return true;
}

// The SSE2 (or portable) loop, out of line as the AVX2 one is, so that
// ClassifyBlocks() is small enough to go in line in the split.
[[gnu::noinline]] bool ClassifyGroupsSse2(size_t n, ByteGroup* g, char* dst) {
  return ClassifyGroups<ClassifyGroupBlocks>(n, g, dst);
}

// 64 spaces, the most ClassifyBlocks() pads a text with.
constexpr auto kSpaces64 = [] {
  std::array<char, 64> a{};
  a.fill(' ');
  return a;
}();

// Classifies the n bytes of `text` into groups[0 .. (n + 63) / 64), plus
// one group of spaces after them, and writes the text lower-cased (A-Z only)
// to `dst`, which has room for n + 64 bytes: the text is copied there and
// padded with spaces, then classified in place, in whole blocks. `groups`
// is grown to hold them, never shrunk (it may keep more). Returns false as
// soon as a byte is neither a space nor visible ASCII (0x21..0x7F): such
// text takes the byte-by-byte scan.
// In line: a call, once a text, saved and restored six registers.
// kAvx2: with ClassifyGroupsAvx2(), else ClassifyGroupsSse2().
template <bool kAvx2>
[[gnu::always_inline]] inline bool ClassifyBlocks(std::string_view text,
                                                  std::vector<ByteGroup>* groups, char* dst) {
  size_t n = text.size(), count = (n + 63) / 64;
  std::memcpy(dst, text.data(), n);
  // 64 spaces, past the end of the last group: a copy of a fixed size is a
  // few stores, where the memset of the padding was a library call.
  std::memcpy(dst + n, kSpaces64.data(), kSpaces64.size());
  // Resized to each text's count, the vector value-initialized the groups
  // it grew by (another memset call, for most posts), which are all
  // written below.
  if (groups->size() < count + 1) groups->resize(count + 1);
  ByteGroup* g = groups->data();
#if PARLEY_VADER_AVX2
  bool ok = kAvx2 ? ClassifyGroupsAvx2(n, g, dst) : ClassifyGroupsSse2(n, g, dst);
#else
  static_assert(!kAvx2);
  bool ok = ClassifyGroupsSse2(n, g, dst);
#endif
  if (!ok) return false;
  // Only its spaces are read: they end the text's last word, and every
  // other mask of a word past them is masked off by its length. (The
  // groups are reused: its other masks are another text's.)
  g[count].space = ~0ull;
  return true;
}

// ClassifyBlocks() for tests (vader_internal::ClassifyText()): in line
// there, GCC warned of a copy of a size it could not bound.
[[gnu::noinline]] bool ClassifyBlocksOutOfLine(std::string_view text,
                                               std::vector<ByteGroup>* groups, char* dst) {
#if PARLEY_VADER_AVX2
  if (g_classify_avx2.load(std::memory_order_relaxed)) return ClassifyBlocks<true>(text, groups, dst);
#endif
  return ClassifyBlocks<false>(text, groups, dst);
}

// The bits of `field` for the `len` bytes (1..64) of a text from byte `at`,
// in the low bits.
template <uint64_t ByteGroup::*kField>
inline uint64_t GroupBits(const ByteGroup* g, size_t at, size_t len) {
  size_t i = at >> 6, b = at & 63;
  // Two shifts so that b == 0 shifts the next group out rather than by 64.
  uint64_t w = (g[i].*kField >> b) | ((g[i + 1].*kField << 1) << (63 - b));
  return len >= 64 ? w : w & ((uint64_t{1} << len) - 1);
}

// Whether any byte of [at, at + len) has `field`'s bit.
template <uint64_t ByteGroup::*kField>
inline uint64_t AnyGroupBits(const ByteGroup* g, size_t at, size_t len) {
  uint64_t any = 0;
  for (; len > 64; at += 64, len -= 64) any |= GroupBits<kField>(g, at, 64);
  return any | GroupBits<kField>(g, at, len);
}

// The trailing zero bits of `x` (not 0).
inline size_t Ctz(uint64_t x) { return static_cast<size_t>(__builtin_ctzll(x)); }

size_t CountGroupBits(uint64_t mask) {
  size_t n = 0;
  for (; mask; mask &= mask - 1) ++n;  // few: '!' and '?' are rare
  return n;
}

template <bool kCues>
bool Scorer::SplitBlocks(std::string_view text, CueChunks* cues) {
  // Room for every word at once, written through a pointer: no capacity
  // test a word. A kept word has two bytes or more and a space after it
  // unless it ends the text: at most (n + 1) / 3 of them. Word() sets
  // nothing, so the resize costs no stores. (Here, not in the body: GCC
  // inlines no std::vector member into a function of another target, and
  // called, the two resizes took ~60 instructions a post. A text that
  // fails leaves all_ to the caller's next split, which resets it.)
  all_.resize((text.size() + 1) / 3);
#if PARLEY_VADER_AVX2
  Word* end = g_classify_avx2.load(std::memory_order_relaxed) ? SplitBlocksBmi<kCues>(text, cues)
                                                              : SplitBlocksBaseline<kCues>(text, cues);
#else
  Word* end = SplitBlocksBaseline<kCues>(text, cues);
#endif
  if (end == nullptr) {
    s_.classified = {};
    return false;
  }
  s_.classified = text;  // (VaderScratch::Classes())
  // Only ever fewer: erase() is a store, resize() tests for both ways.
  all_.erase(all_.begin() + (end - all_.data()), all_.end());
  Finish(bangs_, questions_);
  return true;
}

#if PARLEY_VADER_AVX2
template <bool kCues>
Word* Scorer::SplitBlocksBmi(std::string_view text, CueChunks* cues) {
  return SplitBlocksBody<kCues, true>(text, cues);
}
#endif

template <bool kCues>
Word* Scorer::SplitBlocksBaseline(std::string_view text, CueChunks* cues) {
  return SplitBlocksBody<kCues, false>(text, cues);
}

template <bool kCues, bool kFast>
Word* Scorer::SplitBlocksBody(std::string_view text, CueChunks* cues) {
  size_t n = text.size();
  size_t padded = (n + 63) / 64 * 64;
  used_ = 0;
  char* lower = Reserve(padded + 64);  // ClassifyBlocks() writes n + 64 bytes
  std::vector<ByteGroup>& groups = s_.groups;
  if (!ClassifyBlocks<kFast>(text, &groups, lower)) return nullptr;
  ResetCounts();
  if constexpr (kCues) {
    cues->chunks.clear();
    cues->known = true;
  }
  used_ = padded;  // the lower-cased text, word offsets as in `text`
  const ByteGroup* g = groups.data();
  size_t count = padded / 64, bangs = 0, questions = 0;
  Word* words = all_.data();  // room for (n + 1) / 3 (SplitBlocks())
  Word* out = words;
  const VaderLexicon::ShortFinder find = lex_.short_finder();
  const char* raw_text = text.data();
  // A word's lower-cased copy is its bytes moved by this much: one register
  // gives both from the group's place in the text, rather than the text,
  // the copy and the group's offset (GCC kept them on the stack and loaded
  // them again for every word). Integers: the two are different objects.
  const uintptr_t to_lower = reinterpret_cast<uintptr_t>(lower) - reinterpret_cast<uintptr_t>(raw_text);
  size_t caps = 0;      // ALL-CAPS words (AddLongWord() counts its own)
  uint64_t inside = 0;  // 1 when the previous group ends inside a word
  // Group by group, word by word from the bits of their first bytes (a byte
  // that is no space after one that is): no search from a running offset,
  // which cost a shift, a load and its masks for every word. A word that
  // runs into later groups has its first byte here; theirs have none.
  const char* group_text = raw_text;  // group i's bytes
  for (size_t i = 0; i < count; ++i, group_text += 64) {
    const ByteGroup& gr = g[i];
    if (gr.bang) bangs += CountGroupBits(gr.bang);  // (in this loop, not one of their own)
    if (gr.question) questions += CountGroupBits(gr.question);
    uint64_t word = ~gr.space;
    uint64_t starts = word & ~(word << 1 | inside);
    inside = word >> 63;
    for (; starts != 0; starts &= starts - 1) {
      size_t first = static_cast<size_t>(__builtin_ctzll(starts));
      const char* word_text = group_text + first;
      uint64_t after = gr.space >> first;  // bit 0 is the word's first byte
      // A word that runs into the next group:
      if (after == 0) [[unlikely]] {
        size_t start = static_cast<size_t>(word_text - raw_text);
        if constexpr (kFast) {
          out = AddLongWordBmi<kCues>(text, start, out, words, cues);
        } else {
          out = AddLongWordBaseline<kCues>(text, start, out, words, cues);
        }
        continue;
      }
      size_t len = static_cast<size_t>(__builtin_ctzll(after));
      uint64_t mask = ((after & (~after + 1)) - 1) << first;  // the word's bits
      // Most words have no punctuation, so no apostrophe and no cue byte
      // either: those take the plain path below.
      if ((gr.punct & mask) != 0) {
        size_t start = static_cast<size_t>(word_text - raw_text);
        AsciiRun run;
        run.hashed = false;
        run.punct = (gr.punct & mask) >> first;
        run.punct_known = true;
        run.upper = gr.upper & mask;
        run.lower = gr.lower & mask;
        run.apostrophe = gr.apostrophe & mask;
        if constexpr (kCues) {
          if (gr.cue & mask)
            cues->chunks.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(len)});
        }
        std::string_view token(raw_text + start, len);
        if (Drops(token, true)) continue;
        caps += AddWord(token, &run, start, *out, static_cast<size_t>(out - words), find, lower);
        ++out;
        continue;
      }
      if (len <= 1) continue;  // Drops()
      // A plain word: no affix to strip, no "n't" to find, no cue.
      Word& w = *out;
      w.raw_data = word_text;
      const VaderLexicon::Entry* e =
          LookUp(reinterpret_cast<const char*>(reinterpret_cast<uintptr_t>(word_text) + to_lower),
                 len, find);
      // (Its case after the look-up: fewer values held across it.)
      uint64_t upper_bits = gr.upper & mask;
      bool upper = upper_bits != 0 && (gr.lower & mask) == 0;
      bool raw_is_lower = upper_bits == 0;
      SetFlags(w, e, upper, raw_is_lower, false);
      caps += upper;
      if (e != nullptr) {  // only a known word's are read (see Word)
        w.raw_size = len;
        w.entry = e;
        NoteKnown(w, *e, static_cast<size_t>(out - words));
      }
      ++out;
    }
  }
  caps_ += caps;
  bangs_ = bangs;
  questions_ = questions;
  return out;
}

// SplitBlocks()'s words that run past their first group (long ones, mostly
// URLs), out of its loop, whose registers its plain words want. `start` is
// the first byte of one; if it is kept, it is made at `*out`. Returns where
// the next word goes. (The loop's `out` and lexicon finder are not passed
// by reference: their addresses taken, GCC kept both in memory for every
// word.)
template <bool kCues>
Word* Scorer::AddLongWord(std::string_view text, size_t start, Word* out, Word* words,
                          CueChunks* cues) {
  const ByteGroup* g = s_.groups.data();
  const size_t i = start >> 6, at = start & 63;
  AsciiRun run;
  run.hashed = false;
  size_t len;
  uint64_t cue = 0;
  bool plain;  // no punctuation: no affix, no "n't", no cue
  // Most: words that start inside a group (`at` 1..63: one from a group's
  // first byte crosses only if it fills the group) and end in the next.
  // Their bits are the two groups' joined once, with no search for the end
  // and none of GroupBits()' tests for other lengths.
  uint64_t space = at != 0 ? g[i].space >> at | g[i + 1].space << (64 - at) : 0;
  if (space != 0) {
    len = Ctz(space);  // 1..63
    const uint64_t keep = (uint64_t{1} << len) - 1;
    auto bits = [g, i, at, keep](uint64_t ByteGroup::*field) {
      return (g[i].*field >> at | g[i + 1].*field << (64 - at)) & keep;
    };
    run.upper = bits(&ByteGroup::upper);
    run.lower = bits(&ByteGroup::lower);
    run.punct = bits(&ByteGroup::punct);
    plain = run.punct == 0;
    if (!plain) {
      run.apostrophe = bits(&ByteGroup::apostrophe);
      run.punct_known = true;
      cue = bits(&ByteGroup::cue);
    }
  } else {
    // Its end: the next space (the group past the text is all spaces).
    size_t j = i;
    uint64_t rest = g[j].space & (~0ull << at);
    while (rest == 0) rest = g[++j].space;
    len = j * 64 + Ctz(rest) - start;
    if (len <= 64) {
      run.upper = GroupBits<&ByteGroup::upper>(g, start, len);
      run.lower = GroupBits<&ByteGroup::lower>(g, start, len);
      run.punct = GroupBits<&ByteGroup::punct>(g, start, len);
      plain = run.punct == 0;
      if (!plain) {
        run.apostrophe = GroupBits<&ByteGroup::apostrophe>(g, start, len);
        run.punct_known = true;
        cue = GroupBits<&ByteGroup::cue>(g, start, len);
      }
    } else {
      plain = false;
      run.upper = AnyGroupBits<&ByteGroup::upper>(g, start, len);
      run.lower = AnyGroupBits<&ByteGroup::lower>(g, start, len);
      run.apostrophe = AnyGroupBits<&ByteGroup::apostrophe>(g, start, len);
      cue = AnyGroupBits<&ByteGroup::cue>(g, start, len);
    }
  }
  if (plain && len >= 2) {
    // A plain word, as in SplitBlocks()' loop.
    Word& w = *out;
    w.raw_data = text.data() + start;
    const VaderLexicon::Entry* e = LookUp(s_.lower.data() + start, len, lex_.short_finder());
    bool upper = run.upper != 0 && run.lower == 0;
    SetFlags(w, e, upper, run.upper == 0, false);
    caps_ += upper;
    if (e != nullptr) {  // (as in SplitBlocks())
      w.raw_size = len;
      w.entry = e;
      NoteKnown(w, *e, static_cast<size_t>(out - words));
    }
    return out + 1;
  }
  std::string_view token(text.data() + start, len);  // end <= n: the padding is spaces
  if constexpr (kCues) {
    if (cue) cues->chunks.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(len)});
  }
  if (Drops(token, true)) return out;
  caps_ += AddWord(token, &run, start, *out, static_cast<size_t>(out - words), lex_.short_finder(),
                   s_.lower.data());
  return out + 1;
}

#if PARLEY_VADER_AVX2
template <bool kCues>
Word* Scorer::AddLongWordBmi(std::string_view text, size_t start, Word* out, Word* words,
                             CueChunks* cues) {
  return AddLongWord<kCues>(text, start, out, words, cues);
}
#endif

template <bool kCues>
Word* Scorer::AddLongWordBaseline(std::string_view text, size_t start, Word* out, Word* words,
                                  CueChunks* cues) {
  return AddLongWord<kCues>(text, start, out, words, cues);
}

double Scorer::Booster(size_t j, double valence) const {
  const Word& w = w_[j];
  if (!w.booster()) return 0;
  double scalar = valence < 0 ? -w.entry->booster() : w.entry->booster();
  if (cap_differential_ && w.upper) scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
  return scalar;
}

double Scorer::Negation(double v, int distance, size_t i) const {
  if (distance == 0) return w_[i - 1].negated ? v * kNegationScalar : v;
  if (distance == 1) {
    if (w_[i - 2].RawIs(VaderLexicon::kNever) && RawIsSoOrThis(i - 1)) return v * 1.5;
    return w_[i - 2].negated ? v * kNegationScalar : v;
  }
  if ((w_[i - 3].RawIs(VaderLexicon::kNever) && RawIsSoOrThis(i - 2)) || RawIsSoOrThis(i - 1))
    return v * 1.25;
  return w_[i - 3].negated ? v * kNegationScalar : v;
}

// The words from `first` are written exactly as the phrase's: in lower case
// (a lower-case word is its own lower-cased form) and, lower-cased, the
// phrase's words (each has one lexicon entry, numbered by PhraseWordId).
bool Scorer::Matches(size_t first, size_t count, const PhraseIds& phrase) const {
  if (first + count > n_) return false;
  for (size_t k = 0; k < count; ++k) {
    const Word& w = w_[first + k];
    if (!w.raw_is_lower || w.phrase_word != phrase[k]) return false;
  }
  return true;
}

double Scorer::Idioms(double v, size_t i) const {
  // Every window below starts at one of words i - 3 .. i: most often none
  // of them can start a phrase (called with i >= 3).
  if (!StartsPhrase(i - 3) && !StartsPhrase(i - 2) && !StartsPhrase(i - 1) && !StartsPhrase(i))
    return v;
  // Windows ending at or before i, in the package's order; the first wins.
  struct Window { size_t first, count; };
  const Window before[] = {{i - 1, 2}, {i - 2, 3}, {i - 2, 2}, {i - 3, 3}, {i - 3, 2}};
  bool found = false;
  for (const Window& win : before) {
    if (!StartsPhrase(win.first)) continue;
    for (size_t k = 0; k < std::size(kIdioms); ++k) {
      if (static_cast<size_t>(kIdioms[k].size) == win.count &&
          Matches(win.first, win.count, kIdiomIds[k])) {
        v = kIdioms[k].valence;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  for (size_t count : {size_t{2}, size_t{3}}) {  // windows starting at i
    if (!StartsPhrase(i)) break;
    for (size_t k = 0; k < std::size(kIdioms); ++k)
      if (static_cast<size_t>(kIdioms[k].size) == count && Matches(i, count, kIdiomIds[k]))
        v = kIdioms[k].valence;
  }
  for (size_t first : {i - 3, i - 2}) {
    if (!StartsPhrase(first)) continue;
    for (const PhraseIds& pair : kDampenerPairIds)
      if (Matches(first, 2, pair)) return v + kBoostDecrement;
  }
  return v;
}

double Scorer::Least(double v, size_t i) const {
  if (i == 0 || !w_[i - 1].Is(VaderLexicon::kLeast) || w_[i - 1].in_lexicon()) return v;
  if (i > 1) {
    bool at_or_very = w_[i - 2].Is(VaderLexicon::kAt) || w_[i - 2].Is(VaderLexicon::kVery);
    return at_or_very ? v : v * kNegationScalar;
  }
  return v * kNegationScalar;
}

// Whether Valence() takes its shortcut; tests turn it off
// (vader_internal::SetValenceShortcut()).
std::atomic<bool> g_valence_shortcut{true};

double Scorer::Valence(size_t i) const {
  const Word& w = w_[i];
  // The word's own class first: most words are no "kind", and then the
  // bound need not be loaded and compared.
  bool kind_of = w.Is(VaderLexicon::kKind) && i + 1 < n_ && w_[i + 1].Is(VaderLexicon::kOf);
  if (kind_of || w.booster() || !w.in_lexicon()) return 0;
  double v = w.entry->valence;
  if (w.upper && cap_differential_) v += v > 0 ? kCapsIncrement : -kCapsIncrement;
  // Most often no rule below applies: none of the three words before this
  // one boosts, is negated or has a word class, and none of them or this
  // one can start a phrase. Then every step below leaves v as it is.
  if (!w.phrase_start && InertBefore(i) && g_valence_shortcut.load(std::memory_order_relaxed))
    return v;
  return Rules(v, i);
}

// Valence()'s rules for word `i`, of valence `v` (with its caps).
double Scorer::Rules(double v, size_t i) const {
  for (int d = 0; d < 3; ++d) {
    if (i <= static_cast<size_t>(d) || w_[i - d - 1].in_lexicon()) continue;
    double s = Booster(i - d - 1, v);
    if (d == 1) s *= 0.95;
    if (d == 2) s *= 0.9;
    v = Negation(v + s, d, i);
    if (d == 2) v = Idioms(v, i);
  }
  return Least(v, i);
}

// `x` when a > b, else +0, without a branch.
inline double KeepIfGreater(double a, double b, double x) {
#if defined(__SSE2__)
  // A compare mask ANDed in: no trip through an integer register.
  __m128d keep = _mm_cmpgt_sd(_mm_set_sd(a), _mm_set_sd(b));
  return _mm_cvtsd_f64(_mm_and_pd(keep, _mm_set_sd(x)));
#else
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits &= uint64_t{0} - (a > b);
  std::memcpy(&x, &bits, sizeof bits);
  return x;
#endif
}

// The sums Summarize() takes of the sentiments of a text's lexicon words,
// added one by one in the text's order; the other words are 0 and count as
// neutral, changing no sum.
struct SentimentSums {
  double sum = 0, pos = 0, neg = 0;
  size_t signed_words = 0;
  void Add(double s) {
    sum += s;
    // Masks rather than branches on the sign, which the text decides (GCC
    // 12 branches on a ternary). Adding +0 changes neither sum.
    pos += KeepIfGreater(s, 0, s + 1);
    neg += KeepIfGreater(0, s, s - 1);
    signed_words += s != 0;
  }
};

// The scores of a text of `words` words (1 or more) from its lexicon words'
// `sums`, with `emphasis` from its '!' and '?'. Inlined, with the sums taken
// by value: out of line, by reference, GCC kept the sums in memory and
// stored all four again for every word added (~30 instructions a post).
[[gnu::always_inline]] inline VaderScores SummarizeSums(SentimentSums sums, size_t words,
                                                        double emphasis) {
  VaderScores out;
  double sum = sums.sum, pos = sums.pos, neg = sums.neg;
  double neutral = static_cast<double>(words - sums.signed_words);
  // The same masks (x + 0 and x - 0 are x; sum is never -0).
  sum = sum + KeepIfGreater(sum, 0, emphasis) - KeepIfGreater(0, sum, emphasis);
  double pos_before = pos;
  pos += KeepIfGreater(pos, std::fabs(neg), emphasis);
  neg -= KeepIfGreater(std::fabs(neg), pos_before, emphasis);
  double total = pos + std::fabs(neg) + neutral;
#if defined(__SSE2__)
  // The four roundings two by two (RoundFixedPair()), and neg and neu
  // divided as a pair, each stored with one 16-byte store: the analyzer
  // copies them with 16-byte loads, which two 8-byte stores cannot forward
  // to (a stall). Four scalar roundings took ~30 instructions a post more.
  static_assert(offsetof(VaderScores, neu) == offsetof(VaderScores, neg) + sizeof(double) &&
                offsetof(VaderScores, compound) == offsetof(VaderScores, pos) + sizeof(double));
  const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7FFF'FFFF'FFFF'FFFFll));
  __m128d neg_neu = _mm_and_pd(_mm_div_pd(_mm_set_pd(neutral, neg), _mm_set1_pd(total)), magnitude);
  __m128d pos_compound = _mm_set_pd(Normalize(sum), std::fabs(pos / total));
  neg_neu = RoundFixedPair(neg_neu, _mm_set1_pd(1e3), {3, 3});
  pos_compound = RoundFixedPair(pos_compound, _mm_set_pd(1e4, 1e3), {3, 4});
  std::memcpy(reinterpret_cast<char*>(&out) + offsetof(VaderScores, neg), &neg_neu, sizeof neg_neu);
  std::memcpy(reinterpret_cast<char*>(&out) + offsetof(VaderScores, pos), &pos_compound,
              sizeof pos_compound);
#else
  out.compound = RoundFixed(Normalize(sum), 4, 1e4);
  out.pos = RoundFixed(std::fabs(pos / total), 3, 1e3);
  double neg_share = RoundFixed(std::fabs(neg / total), 3, 1e3);
  double neu_share = RoundFixed(std::fabs(neutral / total), 3, 1e3);
  out.neg = neg_share;
  out.neu = neu_share;
#endif
  return out;
}

// The scores of a text of `words` words with no lexicon word: every sum is
// +0, which no emphasis moves (it is added only to a sum above 0 or below
// it), so compound, pos and neg round +0 to +0, and neu is words / words,
// 1 exactly (0 words: all 0). Most of SummarizeSums()' work is its four
// roundings and three divisions.
VaderScores NoSentiment(size_t words) {
  VaderScores out;
  if (words != 0) out.neu = 1;
  return out;
}

// The words of whole[begin, end) are those of s_.words that start there, as
// the span's bounds split no token; what VADER's rules read beyond single
// words (neighbours, the caps count, "but", '!' and '?') is taken within the
// span, so the result is Score() of the span's text.
VaderScores Scorer::ScoreSpan(std::string_view whole, size_t begin, size_t end) {
  const char* span_end = whole.data() + end;
  auto first = std::partition_point(
      all_.begin(), all_.end(), [&](const Word& w) { return w.raw_data < whole.data() + begin; });
  w_ = all_.data() + (first - all_.begin());
  size_t caps = 0;
  but_lower_ = but_upper_ = kNone;
  std::vector<size_t>& sentiments = s_.span_sentiments;
  sentiments.clear();
  size_t k = 0;
  for (size_t left = static_cast<size_t>(all_.end() - first); k < left; ++k) {
    const Word& w = w_[k];
    if (w.raw_data >= span_end) break;
    caps += w.upper;
    if (w.lexicon) sentiments.push_back(k);
    if (w.word_class == VaderLexicon::kBut) NoteBut(w, k);
  }
  n_ = k;
  cap_differential_ = caps > 0 && caps < n_;
  size_t bangs = 0, questions = 0;
  if (s_.emphasis) CountEmphasis(whole.substr(begin, end - begin), &bangs, &questions);
  return Summarize(sentiments, PunctuationEmphasis(bangs, questions));
}

// Each lexicon word's valence, "but" applied, is added to the sums as it is
// found, in the text's order: the one loop over them, with no valence
// stored (SummarizeSentiments() of the same values, in the same order,
// gives the same scores).
VaderScores Scorer::Summarize(const std::vector<size_t>& sentiments, double emphasis) const {
  if (sentiments.empty()) return NoSentiment(n_);
  SentimentSums sums;
  // The first lower-case "but", else the first "BUT", as the package finds them.
  const size_t but = but_lower_ != kNone ? but_lower_ : but_upper_;
  if (but == kNone) [[likely]] {
    for (size_t word : sentiments) sums.Add(Valence(word));
  } else {
    for (size_t word : sentiments) {
      double s = Valence(word);
      if (word < but) s *= 0.5;
      if (word > but) s *= 1.5;
      sums.Add(s);
    }
  }
  return SummarizeSums(sums, n_, emphasis);
}

// Whether `text`'s offsets fit CueChunks' 32 bits.
bool FitsOffsets(std::string_view text) { return text.size() <= std::numeric_limits<uint32_t>::max(); }

// Whether the bytes >= 0x80 of `text`, at `high` (some), are one chunk of the
// tokenizer's (a run between ASCII whitespace or the text's ends) with no
// ASCII byte: then every other chunk is ASCII.
bool OneHighChunk(std::string_view text, HighBytes high) {
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  if (high.first > 0 && !is_space(text[high.first - 1])) return false;
  if (high.end < text.size() && !is_space(text[high.end])) return false;
  for (size_t k = high.first; k < high.end; ++k)
    if (static_cast<unsigned char>(text[k]) < 0x80) return false;
  return true;
}

// Makes `cues`, the chunks SplitBlocks<true>() noted in the expanded text
// (`text` with its emoji replaced by their names), those of `text`, whose
// bytes >= 0x80 at `high` are one chunk (OneHighChunk()): the chunks before
// it are where they were, those after it move back by what the names added,
// and it is one more. The names (letters, digits, hyphens and spaces) hold
// no cue byte; false, should a chunk lie among them all the same.
bool AddHighChunk(size_t text_size, size_t expanded_size, HighBytes high, CueChunks* cues) {
  std::vector<CueChunks::Chunk>& chunks = cues->chunks;
  const size_t names_end = expanded_size - (text_size - high.end);  // the ASCII after, unchanged
  size_t k = 0;
  while (k < chunks.size() && chunks[k].offset < high.first) ++k;
  for (size_t j = k; j < chunks.size(); ++j) {
    if (chunks[j].offset < names_end) return false;
    chunks[j].offset = static_cast<uint32_t>(chunks[j].offset - names_end + high.end);
  }
  chunks.insert(chunks.begin() + static_cast<ptrdiff_t>(k),
                {static_cast<uint32_t>(high.first), static_cast<uint32_t>(high.end - high.first)});
  return true;
}

}  // namespace

VaderModel::VaderModel(std::shared_ptr<const VaderLexicon> lexicon, VaderOptions options)
    : lexicon_(std::move(lexicon)), options_(options) {}

VaderScores VaderModel::Score(std::string_view text, VaderScratch* scratch,
                              CueChunks* cues) const {
  VaderScratch::Impl* s = scratch->impl();
  s->scored = text;
  s->spans = true;
  Scorer scorer(*lexicon_, s);
  // Most posts are spaces and visible ASCII only: they have no emoji, and
  // their words are the tokenizer's chunks. They are split in blocks at once.
  // A text with a byte >= 0x80 fails the block split, but only once
  // ClassifyBlocks() reaches the 64-byte group holding it, having copied,
  // padded and classified the groups before. Most posts with an emoji end
  // with it (the bench's emoji posts, a fifth of them: 98%; the airline
  // tweets with any byte >= 0x80, 5%: two in three), so a text whose last
  // sixteen bytes hold one is not tried: one load for every other post.
  bool split = false, tried = options_.emoji || cues;
  const bool may_split = tried && EndsInAscii(text);
  if (may_split && cues && text.size() <= std::numeric_limits<uint32_t>::max()) {
    split = scorer.SplitBlocks<true>(text, cues);
  } else if (may_split && options_.emoji) {
    split = scorer.SplitBlocks<false>(text, nullptr);
  }
  if (!split) {
    s->classified = {};  // (unless a split below classifies the text again)
    const bool ascii = may_split && IsAllAscii(text);
    HighBytes high;
    if (options_.emoji && !ascii &&
        ReplaceEmojiWithNames(text, &s->emoji_names, &s->expanded, &high)) {
      s->spans = false;  // the words are the names'; a span may hold a joiner alone
      tried = false;     // a new text
      // Most such texts have their emoji in one chunk, apart from their
      // ASCII (the bench's posts with an emoji: 97%): their other chunks are
      // ASCII, and the same in the text with the names, where the block
      // split notes them; the emoji's chunk is the one more. The tokenizer
      // then need not search the text for them (~380 fewer instructions
      // such a post, net). Other texts leave their chunks to the caller.
      const std::string_view expanded = s->expanded;
      if (cues && OneHighChunk(text, high) && FitsOffsets(text) && FitsOffsets(expanded)) {
        tried = true;
        split = scorer.SplitBlocks<true>(expanded, cues);
        if (split && !AddHighChunk(text.size(), expanded.size(), high, cues)) {
          cues->known = false;
          cues->chunks.clear();
        }
      }
      text = expanded;
    }
    if (split) {
      // Split above, with the cue chunks.
    } else if (cues && ascii) {
      scorer.Split<true>(text, cues, !tried);
    } else {
      // Other text is left to the caller (see CueChunks): its words may be
      // those of the emoji names, or split by Unicode spaces.
      if (cues) {
        cues->known = false;
        cues->chunks.clear();
      }
      scorer.Split<false>(text, nullptr, !tried);
    }
  }
  s->emphasis = scorer.bangs() + scorer.questions() != 0;
  return scorer.Summarize(s->sentiments, PunctuationEmphasis(scorer.bangs(), scorer.questions()));
}

}  // namespace parley

namespace parley {

double vader_internal::RoundToFixed(double x, int digits) {
  return RoundFixed(x, digits, digits == 4 ? 1e4 : 1e3);
}

void vader_internal::RoundToFixedPair(const double (&x)[2], const int (&digits)[2],
                                      double (&out)[2]) {
#if defined(__SSE2__)
  __m128d r = RoundFixedPair(_mm_set_pd(x[1], x[0]),
                             _mm_set_pd(digits[1] == 4 ? 1e4 : 1e3, digits[0] == 4 ? 1e4 : 1e3),
                             digits);
  _mm_storeu_pd(out, r);
#else
  for (int k = 0; k < 2; ++k) out[k] = RoundToFixed(x[k], digits[k]);
#endif
}

std::string_view vader_internal::StripAsciiAffix(std::string_view token, bool bits) {
  if (!bits) return StripAffix(token, true);
  std::string lower(token);  // as the scorer's buffer: lower-cased, with slack
  for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  lower.append(16, ' ');
  return StripAffixAscii(token, lower.data());
}

bool vader_internal::SetValenceShortcut(bool on) { return g_valence_shortcut.exchange(on); }

bool vader_internal::HasAvx2Classify() {
#if PARLEY_VADER_AVX2
  return CpuHasAvx2Bmi();
#else
  return false;
#endif
}

bool vader_internal::SetClassifyAvx2(bool avx2) {
#if PARLEY_VADER_AVX2
  return g_classify_avx2.exchange(avx2 && CpuHasAvx2Bmi());
#else
  (void)avx2;
  return false;
#endif
}

bool vader_internal::ClassifyText(std::string_view text, std::vector<uint64_t>* masks,
                                  std::string* lowered) {
  std::vector<ByteGroup> groups;
  lowered->assign(text.size() + 64, '\0');  // ClassifyBlocks() writes n + 64 bytes
  bool ok = ClassifyBlocksOutOfLine(text, &groups, lowered->data());
  lowered->resize((text.size() + 63) / 64 * 64);  // the groups' bytes
  masks->clear();
  if (!ok) return false;
  for (const ByteGroup& g : groups) {
    masks->insert(masks->end(), {g.space, g.other, g.upper, g.lower, g.apostrophe, g.cue, g.bang,
                                 g.question, g.punct});
  }
  return true;
}

VaderScores vader_internal::SummarizeSentiments(const std::vector<double>& sentiments,
                                                size_t words, double emphasis, bool general) {
  // `sentiments` are those of the lexicon words among `words` words; the
  // others are 0 and count as neutral, changing no sum.
  if (words == 0) return VaderScores();
  if (sentiments.empty() && !general) return NoSentiment(words);
  SentimentSums sums;
  for (double s : sentiments) sums.Add(s);
  return SummarizeSums(sums, words, emphasis);
}

VaderScores VaderModel::ScoreSpan(std::string_view text, size_t begin, size_t end,
                                  VaderScratch* scratch) const {
  VaderScratch::Impl* s = scratch->impl();
  if (s->scored.data() != text.data() || s->scored.size() != text.size()) Score(text, scratch);
  if (s->spans && begin <= end && end <= text.size() && AtTokenEdge(text, begin) &&
      AtTokenEdge(text, end)) {
    Scorer scorer(*lexicon_, s);
    return scorer.ScoreSpan(text, begin, end);
  }
  // A bound inside a token (or emoji names): the span's own words differ.
  if (!s->spare) s->spare = std::make_unique<VaderScratch>();
  return Score(text.substr(begin, end - begin), s->spare.get());
}

}  // namespace parley
