#include "src/analyze/output.h"

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PARLEY_OUTPUT_AVX2 1
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#include "src/core/bytes.h"
#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"

namespace parley {
namespace {

// Characters that need escaping inside a JSON string.
bool NeedsJsonEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The high bit of each byte of x that needs escaping in a JSON string
// (below 0x20, '"' or '\\'), by SWAR zero-byte tests: the lowest set bit is
// exact; bits above it may be false (a borrow carries into the next byte).
inline uint64_t EscapeBits(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t quote = x ^ (kOnes * '"'), slash = x ^ (kOnes * '\\');
  return (((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash)) &
         kHighs;
}

// Bytes of `s` from `i` on that need no escaping, eight at a time.
size_t SkipPlainJson(std::string_view s, size_t i) {
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (EscapeBits(x)) break;
  }
  while (i < s.size() && !NeedsJsonEscape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

void AppendNumber(double v, std::string* out) { fmt::format_to(std::back_inserter(*out), "{}", v); }

// `x` as read from bytes in memory order, as a little-endian load reads it.
inline uint32_t LittleEndian32(uint32_t x) {
  if constexpr (std::endian::native == std::endian::big) return __builtin_bswap32(x);
  return x;
}

// Appends v when it has at most four decimals (VADER's rounded scores),
// exactly as the shortest round-trip form would print it; returns the end,
// or nullptr when v needs the general formatter. May write up to three
// bytes past the end.
char* WriteFixed4(double v, char* p) {
  if (!(std::fabs(v) < 1e9)) return nullptr;
  // Truncating v * 1e4 + 0.5 (not std::round, a library call) can differ
  // from rounding only when v * 1e4 is about halfway between integers, and
  // then v has more than four decimals and the test below fails either way.
  const double scaled = v * 1e4;
  const auto k = static_cast<int64_t>(scaled + std::copysign(0.5, scaled));
  if (static_cast<double>(k) / 1e4 != v) return nullptr;
  // The sign is stored and then kept or not, with no branch: a post's
  // score is as often negative as not, which no predictor learns.
  *p = '-';
  p += std::signbit(v) ? 1 : 0;
  const uint64_t mag = static_cast<uint64_t>(k < 0 ? -k : k);
  // One division for both parts (GCC divided again inside the branch).
  const uint64_t whole = mag / 10000;
  const unsigned frac = static_cast<unsigned>(mag - whole * 10000);
  if (whole < 10) {  // |v| < 10, as every score and probability is
    *p++ = static_cast<char>('0' + whole);
  } else {
    fmt::format_int digits(whole);
    std::memcpy(p, digits.data(), digits.size());
    p += digits.size();
  }
  if (frac == 0) return p;
  *p++ = '.';
  // All four digits, two at a time from a table, in one fixed-size store;
  // the end leaves out the trailing zeros, counted without a loop: XOR with
  // "0000" zeroes exactly the '0' bytes, and the trailing ones are the word's
  // high bytes (little-endian loads; frac > 0, so one byte is not zero).
  char digits[4];
  bytes::PutTwoDigits(frac / 100, digits);
  bytes::PutTwoDigits(frac % 100, digits + 2);
  std::memcpy(p, digits, 4);
  uint32_t word;
  std::memcpy(&word, digits, 4);
  word = LittleEndian32(word) ^ 0x30303030u;
  return p + 4 - __builtin_clz(word) / 8;
}

// Bytes s[0, n) packed into the low bytes of a word, zeros above; n in [1, 7].
// Two overlapping loads instead of a loop: where they overlap, OR-ing a
// byte with itself leaves it unchanged.
[[gnu::always_inline]] inline uint64_t LoadShort(const char* s, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, s, 4);
    std::memcpy(&hi, s + n - 4, 4);
    return lo | uint64_t{hi} << (8 * (n - 4));
  }
  const auto byte = [s](size_t k) { return uint64_t{static_cast<unsigned char>(s[k])}; };
  return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
}

#if defined(__SSE2__)
// The bytes the escape tests compare with, each in a 32-byte row (the
// SSE2 tests read the first 16 bytes). The tests read them from memory,
// each load one instruction (for SSE2, an operand of the compare itself):
// GCC built the AVX2 copy's rows from immediates (a move, a vmovq and a
// broadcast each, then a copy), and kept the SSE2 ones in three registers
// for the whole record, saved and restored around every call in it.
struct alignas(32) EscapeRows {
  unsigned char below[32], quote[32], slash[32];
};
constexpr EscapeRows kEscapeRows = [] {
  EscapeRows rows{};
  for (int k = 0; k < 32; ++k) {
    rows.below[k] = 0x1F;
    rows.quote[k] = '"';
    rows.slash[k] = '\\';
  }
  return rows;
}();

// kEscapeRows, with its address opaque to the compiler, so that it reads
// the rows rather than folding their known bytes back into constants.
inline const EscapeRows* EscapeRowsInMemory() {
  const EscapeRows* rows = &kEscapeRows;
  __asm__("" : "+r"(rows));
  return rows;
}

// A bit per byte of x that needs escaping: <= 0x1F (unsigned: max(x, 0x1F)
// == 0x1F), '"' or '\\'.
inline unsigned EscapeMask(__m128i x) {
  const EscapeRows* rows = EscapeRowsInMemory();
  const auto row = [](const unsigned char* bytes) {
    return _mm_load_si128(reinterpret_cast<const __m128i*>(bytes));
  };
  const __m128i escape = _mm_or_si128(
      _mm_cmpeq_epi8(_mm_max_epu8(x, row(rows->below)), row(rows->below)),
      _mm_or_si128(_mm_cmpeq_epi8(x, row(rows->quote)), _mm_cmpeq_epi8(x, row(rows->slash))));
  return static_cast<unsigned>(_mm_movemask_epi8(escape));
}
#endif

// Copies s[0, n) to `out` up to the first byte that needs escaping and
// returns how many bytes come before it (n when none does). Blocks are
// stored whole, so up to 16 bytes past the returned count may be written:
// the record's bound leaves room for that. Sixteen bytes at a time, then
// the last one to fifteen as one block of two overlapping words (or one
// word, LoadShort): no byte loop and no library call.
[[gnu::always_inline]] inline size_t CopyPlainJson(const char* s, size_t n, char* out) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), x);
    if (unsigned hits = EscapeMask(x)) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
  if (i > 0) {
    // The rest (none to fifteen bytes) ends the last sixteen, which are
    // copied and tested as one block: the bytes before the rest were found
    // plain already, so its first hit is the rest's. One path for every
    // length of the rest, where choosing one by the length was a branch as
    // unpredictable as a post's length.
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + n - 16), x);
    const unsigned hits = EscapeMask(x);
    return hits == 0 ? n : n - 16 + static_cast<size_t>(__builtin_ctz(hits));
  }
  // A string below sixteen bytes: one or two words.
  if (n == 0) return 0;
  if (n >= 8) {
    // Words at s and s + n - 8: where they overlap both hold the same
    // bytes, so the second word's first hit is the first past the first's.
    uint64_t lo, hi;
    std::memcpy(&lo, s, 8);
    std::memcpy(&hi, s + n - 8, 8);
    std::memcpy(out, &lo, 8);
    std::memcpy(out + n - 8, &hi, 8);
    const unsigned hits = EscapeMask(_mm_set_epi64x(static_cast<int64_t>(hi),
                                                    static_cast<int64_t>(lo)));
    if (hits & 0xFF) return static_cast<size_t>(__builtin_ctz(hits));
    if (hits == 0) return n;
    return n - 8 + static_cast<size_t>(__builtin_ctz(hits >> 8));
  }
  const uint64_t x = LoadShort(s, n);
  std::memcpy(out, &x, 8);
  // The zero bytes above the string count as hits, so there is always one;
  // a hit at or past the end is no escape.
  const unsigned hits = EscapeMask(_mm_cvtsi64_si128(static_cast<int64_t>(x)));
  return std::min(static_cast<size_t>(__builtin_ctz(hits)), n);
#else
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, s + i, 8);
    std::memcpy(out + i, &x, 8);
    if (uint64_t hits = EscapeBits(x)) {  // the lowest hit is exact
      return i + (static_cast<size_t>(__builtin_ctzll(hits)) >> 3);
    }
  }
  if (i == n) return n;
  const uint64_t x = LoadShort(s + i, n - i);
  std::memcpy(out + i, &x, 8);
  // As above: the zero bytes past the end always give a hit.
  const size_t plain = static_cast<size_t>(__builtin_ctzll(EscapeBits(x))) >> 3;
  return i + std::min(plain, n - i);
#endif
}

// A std::string's buffer always holds at least 16 readable bytes: its
// characters, the terminating zero and the rest of its capacity, which is
// never below 15 (the in-object buffer; a heap buffer is only made larger).
// Sanitizers may poison a string's unused capacity, so they take the
// general path.
#if defined(__SSE2__) && defined(__GLIBCXX__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_MEMORY__)
#define PARLEY_OUTPUT_WHOLE_BUFFER 1
#endif

// CopyPlainJson for a std::string of size n. Most of a record's strings (source,
// author, mentions, hashtags, the model) are below 16 bytes: those are
// loaded, stored and tested as one block from the string's buffer, where
// CopyPlainJson's paths for short lengths take about twice the
// instructions. Bytes past the string's end are copied too (later writes
// replace them, as CopyPlainJson's whole blocks are) but their test bits
// are cleared, and a bit at n stands for "no escape".
[[gnu::always_inline]] inline size_t CopyPlainJson(const std::string& s, size_t n, char* out) {
#if defined(PARLEY_OUTPUT_WHOLE_BUFFER)
  if (n < 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), x);
    const unsigned end = 1u << n;
    return static_cast<size_t>(__builtin_ctz((EscapeMask(x) & (end - 1)) | end));
  }
#endif
  return CopyPlainJson(s.data(), n, out);
}

#if defined(PARLEY_OUTPUT_AVX2)
// Thirty-two bytes at a time for a post's text (most are 50 to 150 bytes):
// a 16-byte block's test and loop cost about as much as a 32-byte one's,
// so the text's copy takes half the instructions. Chosen at run time (the
// build targets plain x86-64); output_test runs both paths.
bool copy_avx2 = bytes::CpuHasAvx2();

// The bytes EscapeMask256 tests for, each in all 32 lanes.
struct EscapeBytes256 {
  __m256i below, quote, slash;
};

// A bit per byte of x that needs escaping, as EscapeMask.
[[gnu::target("avx2")]] inline uint32_t EscapeMask256(__m256i x, const EscapeBytes256& e) {
  const __m256i escape = _mm256_or_si256(
      _mm256_cmpeq_epi8(_mm256_max_epu8(x, e.below), e.below),
      _mm256_or_si256(_mm256_cmpeq_epi8(x, e.quote), _mm256_cmpeq_epi8(x, e.slash)));
  return static_cast<uint32_t>(_mm256_movemask_epi8(escape));
}

// As CopyPlainJson, for n >= 32: the 32-byte blocks, then the last 32
// bytes as one block (its first hit is the rest's, as there). Writes only
// out[0, n).
[[gnu::target("avx2"), gnu::noinline]] size_t CopyPlainJsonAvx2(const char* s, size_t n,
                                                                 char* out) {
  // Loaded once (EscapeRowsInMemory): the loop and the last block share the
  // three registers.
  const EscapeRows* rows = EscapeRowsInMemory();
  const EscapeBytes256 e{_mm256_load_si256(reinterpret_cast<const __m256i*>(rows->below)),
                         _mm256_load_si256(reinterpret_cast<const __m256i*>(rows->quote)),
                         _mm256_load_si256(reinterpret_cast<const __m256i*>(rows->slash))};
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), x);
    if (uint32_t hits = EscapeMask256(x, e)) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + n - 32));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + n - 32), x);
  const uint32_t hits = EscapeMask256(x, e);
  return hits == 0 ? n : n - 32 + static_cast<size_t>(__builtin_ctz(hits));
}
#endif

// CopyPlainJson for a string that is often long (a post's text).
[[gnu::always_inline]] inline size_t CopyPlainJsonLong(const char* s, size_t n, char* out) {
#if defined(PARLEY_OUTPUT_AVX2)
  if (n >= 32 && copy_avx2) return CopyPlainJsonAvx2(s, n, out);
#endif
  return CopyPlainJson(s, n, out);
}

// Writes the JSON escape of c (a byte NeedsJsonEscape) at p; returns the end.
[[gnu::noinline]] char* WriteJsonEscape(unsigned char c, char* p) {
  switch (c) {
    case '"': return std::copy_n("\\\"", 2, p);
    case '\\': return std::copy_n("\\\\", 2, p);
    case '\n': return std::copy_n("\\n", 2, p);
    case '\r': return std::copy_n("\\r", 2, p);
    case '\t': return std::copy_n("\\t", 2, p);
    default: return fmt::format_to(p, "\\u{:04x}", c);
  }
}

// Writes v[i, end) at p, escaped, where v[i] needs escaping; returns the end.
[[gnu::noinline]] char* WriteEscapedJson(std::string_view v, size_t i, char* p) {
  while (true) {
    p = WriteJsonEscape(static_cast<unsigned char>(v[i++]), p);
    const size_t plain = CopyPlainJson(v.data() + i, v.size() - i, p);
    i += plain;
    p += plain;
    if (i == v.size()) return p;
  }
}

// The score written out. A learned model's score (and its probabilities,
// WriteSentiment) is rounded to four decimals, as the lexicon's scores are:
// the digits past those say nothing to a reader, and the shortest round-trip
// form of a double costs several times WriteFixed4's integer path, once per
// number and four numbers a post. Analysis keeps them unrounded (the store,
// --abstain and parley eval use those).
double OutputScore(const Sentiment& s) {
  // + 0.0 turns -0 (a score just below zero) into 0.
  return s.has_probabilities ? std::round(s.score * 1e4) / 1e4 + 0.0 : s.score;
}

// Writes one NDJSON record straight into a buffer sized for its worst case,
// with no capacity checks or calls per field: this runs once per post. Only
// the output position: passed by value to the parts written out of line
// (WriteMetrics, WriteTaxonomy) and returned, so that no pointer to it
// escapes. Through one, every byte stored could have changed the position,
// which was stored back to memory after every field.
class JsonRecordWriter {
 public:
  explicit JsonRecordWriter(char* p) : p_(p) {}
  char* end() const { return p_; }

  // Raw, Key, Field and Strings are inlined where they are called, so a
  // literal key's size is a constant and its copy a few moves, not a
  // memcpy call: a record has a dozen of them.
  [[gnu::always_inline]] void Raw(std::string_view v) {
    std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  void Char(char c) { *p_++ = c; }
  // Takes back the last n bytes written (after a fixed-size Raw).
  void Back(size_t n) { p_ -= n; }
  [[gnu::always_inline]] void Key(std::string_view key) {  // ,"key":
    Char(',');
    Char('"');
    Raw(key);
    Raw("\":");
  }
  // Copies and escapes in one pass (CopyPlainJson), with the output
  // position in a local: a store through p_ could alias p_ itself, so the
  // member would be reloaded and stored again for every block. Inlined
  // where it is called, with the rare string that needs escaping finished
  // out of line (WriteEscapedJson): the call, and the registers saved for
  // the escaping loop, cost more than copying a short string.
  // A std::string below 16 bytes takes the one-block path (see
  // CopyPlainJson(const std::string&)).
  [[gnu::always_inline]] void Str(const std::string& v) {
    Char('"');
    StrRest(v);
  }
  // Str(v) after its opening quote: the record's fixed fields write the
  // quote with the key before it, `,"id":"` in one constant of a store or
  // two, where a comma, a quote, the key, `":` and a quote were each stored
  // on their own. kLong for a post's text (CopyPlainJsonLong).
  // kOpen leaves the closing quote to the constant written next, which
  // then begins with it (`","id":"`): one store and one step fewer.
  template <bool kLong = false, bool kOpen = false>
  [[gnu::always_inline]] void StrRest(const std::string& v) {
    // The size read once: after the copy's stores (which may alias the
    // string) it was loaded again.
    const size_t n = v.size();
    char* p = p_;
    const size_t plain = kLong ? CopyPlainJsonLong(v.data(), n, p) : CopyPlainJson(v, n, p);
    p = plain == n ? p + plain : WriteEscapedJson(v, plain, p + plain);
    if constexpr (!kOpen) *p++ = '"';
    p_ = p;
  }
  // StrRest leaving the string open (see kOpen).
  [[gnu::always_inline]] void StrOpen(const std::string& v) { StrRest<false, true>(v); }
  [[gnu::always_inline]] void Field(std::string_view key, const std::string& value) {
    Key(key);
    Str(value);
  }
  void Int(int64_t v) {
    fmt::format_int f(v);
    Raw(std::string_view(f.data(), f.size()));
  }
  void Number(double v) {
    if (char* end = WriteFixed4(v, p_)) {
      p_ = end;
    } else {
      p_ = fmt::format_to(p_, "{}", v);
    }
  }
  // A time after its opening quote, left open (as StrOpen).
  void TimeOpen(int64_t ms) { p_ = WriteTimestamp(ms, p_); }
  [[gnu::always_inline]] void Strings(std::string_view key,
                                      const std::vector<std::string>& values) {
    Key(key);
    Char('[');
    Items(values);
  }
  // A list's strings, after its opening bracket, and then `after` (its
  // closing bracket, and whatever constant follows it: one copy).
  [[gnu::always_inline]] void Items(const std::vector<std::string>& values,
                                    std::string_view after = "]") {
    // A comma after every string, and the last one taken back: no test of
    // the index in the loop.
    for (const std::string& v : values) {
      Str(v);
      Char(',');
    }
    p_ -= values.empty() ? 0 : 1;
    Raw(after);
  }

 private:
  char* p_;
};

JsonRecordWriter WriteMetrics(const Metrics& m, JsonRecordWriter w) {
  if (!m.likes && !m.shares && !m.replies && !m.followers && !m.views) return w;  // most posts
  const std::pair<std::string_view, const std::optional<int64_t>*> fields[] = {
      {"likes", &m.likes}, {"shares", &m.shares}, {"replies", &m.replies},
      {"followers", &m.followers}, {"views", &m.views}};
  bool any = false;
  for (const auto& [name, value] : fields) {
    if (!value->has_value()) continue;
    w.Raw(any ? ",\"" : ",\"metrics\":{\"");
    w.Raw(name);
    w.Raw("\":");
    w.Int(**value);
    any = true;
  }
  if (any) w.Char('}');
  return w;
}

// The label written out: "uncertain" when the model abstained (--abstain).
std::string_view OutputLabel(const Sentiment& s) {
  return s.uncertain ? "uncertain" : SentimentLabelName(s.label);
}

// `,"sentiment":{"label":"negative","score":` for each label and for
// "uncertain", padded to one size: a record copies its own with one
// fixed-size move instead of three appends, a call and a memcpy call.
// The size is the last byte, so that an entry is 48 bytes (a table index
// is then two instructions, not the six of a 56-byte stride) and the copy
// of kRoom bytes takes it along harmlessly, behind the record's end.
struct SentimentPrefix {
  static constexpr size_t kRoom = 48;
  char text[kRoom - 1] = {};
  unsigned char size = 0;
};
static_assert(sizeof(SentimentPrefix) == SentimentPrefix::kRoom);

// Built at compile time (a function's static would test its guard on
// every call). The labels are SentimentLabelName()'s, in SentimentLabel's
// order, then OutputLabel()'s "uncertain"; output_test checks them.
constexpr std::array<SentimentPrefix, 4> kSentimentPrefixes = [] {
  constexpr std::string_view kLabels[] = {"negative", "neutral", "positive", "uncertain"};
  std::array<SentimentPrefix, 4> prefixes{};
  for (size_t k = 0; k < prefixes.size(); ++k) {
    size_t n = 0;
    for (std::string_view part : {std::string_view(",\"sentiment\":{\"label\":\""), kLabels[k],
                                  std::string_view("\",\"score\":")}) {
      for (char c : part) prefixes[k].text[n++] = c;
    }
    prefixes[k].size = static_cast<unsigned char>(n);
  }
  return prefixes;
}();

const SentimentPrefix& PrefixOf(const Sentiment& s) {
  return kSentimentPrefixes[s.uncertain ? 3 : static_cast<size_t>(s.label)];
}

// The "sentiment" object up to its "model" (WriteModelAndMentionsKey).
// Inlined into AppendJsonRecord, its one caller, so the output position
// stays in a register rather than going through the writer in memory.
[[gnu::always_inline]] inline void WriteSentiment(const Sentiment& s, JsonRecordWriter* w) {
  const auto label = static_cast<unsigned>(s.label);
  if (label < 3) {
    const SentimentPrefix& prefix = PrefixOf(s);
    w->Raw(std::string_view(reinterpret_cast<const char*>(&prefix), SentimentPrefix::kRoom));
    w->Back(SentimentPrefix::kRoom - prefix.size);
  } else {  // not a label this build knows: the general path
    w->Raw(",\"sentiment\":{\"label\":\"");
    w->Raw(OutputLabel(s));
    w->Raw("\",\"score\":");
  }
  w->Number(OutputScore(s));
  if (s.has_probabilities) {
    static constexpr std::string_view kNames[] = {"negative", "neutral", "positive"};
    w->Raw(",\"p\":{");
    for (int k = 0; k < 3; ++k) {
      if (k) w->Char(',');
      w->Char('"');
      w->Raw(kNames[k]);
      w->Raw("\":");
      w->Number(std::round(s.p[k] * 1e4) / 1e4);  // as OutputScore()
    }
    w->Char('}');
  }
}

// Whether `model` is "lexicon", the default model's name: its size and one
// 8-byte load that takes in the string's terminating zero.
bool IsLexicon(const std::string& model) {
  if (model.size() != 7) return false;
  uint64_t word;
  std::memcpy(&word, model.c_str(), 8);
  uint64_t lexicon;
  std::memcpy(&lexicon, "lexicon", 8);
  return word == lexicon;
}

// The model's name, the end of "sentiment" and the start of "mentions". With
// the default model (most runs) that is one 32-byte constant: its name's copy
// and escape test, and three appends, were ~30 instructions a post.
[[gnu::always_inline]] inline void WriteModelAndMentionsKey(const std::string& model,
                                                            JsonRecordWriter* w) {
  static constexpr std::string_view kLexicon = ",\"model\":\"lexicon\"},\"mentions\":[";
  static_assert(kLexicon.size() == 32);
  if (IsLexicon(model)) {
    w->Raw(kLexicon);
  } else {
    w->Raw(",\"model\":");
    w->Str(model);
    w->Raw("},\"mentions\":[");
  }
}

// "brands", "topics", "intents", "aspects" and "prices" (taxonomy output):
//   "aspects":[{"topic":"delay","label":"negative","score":-0.62}]
//   "prices":[{"text":"$49","currency":"USD","amount":49},{"text":"too expensive"}]
JsonRecordWriter WriteTaxonomy(const Analysis& a, JsonRecordWriter w) {
  // Most posts have no brand, topic, aspect or price, and many no intent
  // either: their lists are one constant each way, copied at once rather
  // than key by key (~100 instructions a post).
  if (a.brands.empty() && a.topics.empty() && a.aspects.empty() && a.prices.empty()) {
    if (a.intents.empty()) {
      w.Raw(",\"brands\":[],\"topics\":[],\"intents\":[],\"aspects\":[],\"prices\":[]");
    } else {
      w.Raw(",\"brands\":[],\"topics\":[],\"intents\":[");
      w.Items(a.intents, "],\"aspects\":[],\"prices\":[]");
    }
    return w;
  }
  w.Strings("brands", a.brands);
  w.Strings("topics", a.topics);
  w.Strings("intents", a.intents);
  w.Raw(",\"aspects\":[");
  for (size_t i = 0; i < a.aspects.size(); ++i) {
    w.Raw(i ? ",{\"topic\":" : "{\"topic\":");
    w.Str(a.aspects[i].topic);
    w.Raw(",\"label\":\"");
    w.Raw(SentimentLabelName(a.aspects[i].label));
    w.Raw("\",\"score\":");
    w.Number(a.aspects[i].score);
    w.Char('}');
  }
  w.Raw("],\"prices\":[");
  for (size_t i = 0; i < a.prices.size(); ++i) {
    const Price& p = a.prices[i];
    w.Raw(i ? ",{\"text\":" : "{\"text\":");
    w.Str(p.text);
    if (p.has_amount) {
      w.Field("currency", p.currency);
      w.Key("amount");
      w.Number(p.amount);
    }
    w.Char('}');
  }
  w.Char(']');
  return w;
}

// An upper bound on the bytes AppendJsonRecord writes: every string byte may
// become a six-byte \u escape; keys, numbers and punctuation fit in the rest.
size_t JsonBound(const Post& post, const Analysis& a, const OutputOptions& o) {
  size_t strings = post.source.size() + post.id.size() + post.author.size() +
                   post.author_name.size() + post.thread.size() + post.parent.size() +
                   post.text.size() + post.lang.size() + a.lang.size() + o.model_name.size();
  size_t fields = 40;
  // Five calls rather than a loop over a list of the lists: most are empty.
  // Each string's room for its field (32 bytes, 6 * 6) is added with its
  // size: the list's length, a subtraction and a shift, is not needed.
  const auto add = [&](const std::vector<std::string>& list) {
    for (const auto& v : list) strings += v.size() + 6;
  };
  add(a.mentions);
  add(a.hashtags);
  // The taxonomy's lists count only when they are written: without a
  // taxonomy they are left out of the record, and their five size tests
  // and sums were ~50 instructions a post.
  if (o.taxonomy) {
    add(a.brands);
    add(a.topics);
    add(a.intents);
    for (const Aspect& x : a.aspects) strings += x.topic.size();
    for (const Price& x : a.prices) strings += x.text.size() + x.currency.size();
    fields += 3 * (a.aspects.size() + a.prices.size()) + 5;
  }
  if (o.extra) {
    for (const auto& [k, v] : post.extra) strings += k.size() + v.size();
    fields += post.extra.size() * 2;
  }
  return 6 * strings + 32 * fields + 512;
}

void AppendJsonRecord(const Post& post, const Analysis& a, const OutputOptions& o,
                      ByteBuffer* out) {
  JsonRecordWriter w(out->Reserve(JsonBound(post, a, o)));
  w.Raw("{\"source\":\"");
  w.StrOpen(post.source);
  w.Raw("\",\"id\":\"");
  w.StrOpen(post.id);
  w.Raw("\",\"author\":\"");
  w.StrRest(post.author);
  if (!post.author_name.empty()) w.Field("author_name", post.author_name);
  if (!post.thread.empty()) w.Field("thread", post.thread);
  if (!post.parent.empty()) w.Field("parent", post.parent);
  if (post.has_time) {
    w.Raw(",\"created_at\":\"");
    w.TimeOpen(post.created_at_ms);
    w.Raw("\",\"text\":\"");
  } else {
    w.Raw(",\"text\":\"");
  }
  w.StrRest<true>(post.text);
  if (!post.lang.empty()) {
    w.Field("lang", post.lang);
  } else if (!a.lang.empty()) [[unlikely]] {  // detected (--detect-language)
    w.Field("lang", a.lang);
  }
  if (post.rating) {
    w.Key("rating");
    w.Number(*post.rating);
  }
  w = WriteMetrics(post.metrics, w);
  WriteSentiment(a.sentiment, &w);
  WriteModelAndMentionsKey(o.model_name, &w);
  w.Items(a.mentions, "],\"hashtags\":[");
  w.Items(a.hashtags);
  if (o.taxonomy) w = WriteTaxonomy(a, w);
  if (o.extra && !post.extra.empty()) {
    w.Raw(",\"extra\":{");
    for (size_t i = 0; i < post.extra.size(); ++i) {
      if (i) w.Char(',');
      w.Str(post.extra[i].first);
      w.Char(':');
      w.Str(post.extra[i].second);
    }
    w.Char('}');
  }
  w.Raw("}\n");
  out->Commit(w.end());
}

void AppendJoined(const std::vector<std::string>& values, std::string* out) {
  std::string joined;
  for (const auto& v : values) {
    if (!joined.empty()) joined.push_back(' ');
    joined += v;
  }
  AppendCsvField(joined, out);
}

void AppendCsvRecord(const Post& post, const Analysis& a, bool taxonomy, bool language,
                     std::string* out) {
  for (const std::string* field : {&post.source, &post.id, &post.author, &post.author_name,
                                   &post.thread, &post.parent}) {
    AppendCsvField(*field, out);
    out->push_back(',');
  }
  if (post.has_time) AppendTimestamp(post.created_at_ms, out);
  out->push_back(',');
  out->append(OutputLabel(a.sentiment));
  out->push_back(',');
  AppendNumber(OutputScore(a.sentiment), out);
  out->push_back(',');
  AppendJoined(a.mentions, out);
  out->push_back(',');
  AppendJoined(a.hashtags, out);
  out->push_back(',');
  if (taxonomy) {
    for (const auto* list : {&a.brands, &a.topics, &a.intents}) {
      AppendJoined(*list, out);
      out->push_back(',');
    }
  }
  if (language) {
    AppendCsvField(post.lang.empty() ? a.lang : post.lang, out);
    out->push_back(',');
  }
  AppendCsvField(post.text, out);
  out->append("\r\n");
}

}  // namespace

StatusOr<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "ndjson" || name == "jsonl" || name == "json") return OutputFormat::kNdjson;
  if (name == "csv") return OutputFormat::kCsv;
  return InvalidArgumentError("unknown output format '" + std::string(name) +
                              "': use ndjson or csv");
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the current run of bytes that need no escaping
  for (size_t i = SkipPlainJson(s, 0); i < s.size(); i = SkipPlainJson(s, i + 1)) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string OutputHeader(const OutputOptions& options) {
  if (options.format != OutputFormat::kCsv) return "";
  return std::string(
             "source,id,author,author_name,thread,parent,created_at,sentiment,score,"
             "mentions,hashtags,") +
         (options.taxonomy ? "brands,topics,intents," : "") + (options.language ? "lang," : "") +
         "text\r\n";
}

void AppendRecord(const Post& post, const Analysis& analysis, const OutputOptions& options,
                  ByteBuffer* out) {
  if (options.format == OutputFormat::kCsv) {
    thread_local std::string row;
    row.clear();
    AppendCsvRecord(post, analysis, options.taxonomy, options.language, &row);
    out->Append(row);
  } else {
    AppendJsonRecord(post, analysis, options, out);
  }
}

void AppendRecord(const Post& post, const Analysis& analysis, const OutputOptions& options,
                  std::string* out) {
  ByteBuffer buffer;
  AppendRecord(post, analysis, options, &buffer);
  out->append(buffer.view());
}

bool output_internal::HasCopyAvx2() {
#if defined(PARLEY_OUTPUT_AVX2)
  return bytes::CpuHasAvx2();
#else
  return false;
#endif
}

bool output_internal::SetCopyAvx2(bool avx2) {
#if defined(PARLEY_OUTPUT_AVX2)
  const bool previous = copy_avx2;
  copy_avx2 = avx2 && bytes::CpuHasAvx2();
  return previous;
#else
  (void)avx2;
  return false;
#endif
}

}  // namespace parley
