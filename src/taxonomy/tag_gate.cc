#include "src/taxonomy/tag_gate.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "re2/filtered_re2.h"
#include "re2/re2.h"
#include "src/core/bytes.h"
#include "src/taxonomy/matcher.h"
#include "src/taxonomy/phrase.h"
#include "src/taxonomy/prices.h"
#include "src/text/tokenizer.h"
#include "src/text/unicode.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PARLEY_GATE_BMI 1
#else
#define PARLEY_GATE_BMI 0
#endif

namespace parley {
namespace {

#if PARLEY_GATE_BMI
// Whether this CPU has BMI1 and BMI2, for TagGate::ExamineBmi() (the build
// targets plain x86-64). Callable from a static initializer.
bool CpuHasBmi() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}
// Whether gates take ExamineBmi(): set once, from the CPU; tests may force
// either (tag_gate_internal::SetBmi()).
std::atomic<bool> g_gate_bmi{CpuHasBmi()};
#endif

// The characters whose lower case (Unicode's full mapping, as Normalize()
// applies it), case folding (as case-insensitive patterns match) or upper
// case holds an ASCII letter, by their UTF-8 bytes: U+00DF (C3 9F), U+0130
// and U+0131 (C4 B0, C4 B1), U+0149 (C5 89), U+017F LONG S (C5 BF), U+01F0
// (C7 B0), U+1E96..U+1E9A and U+1E9E (E1 BA 96..9A, 9E), U+212A KELVIN SIGN
// (E2 84 AA), the ligatures U+FB00..U+FB06 (EF AC 80..86). A text with one
// of them may hold a unit or an atom that its ASCII letters do not show.
// tag_gate_test.cc checks the list against Unicode's case mappings.
bool IsCaseTrapAt(const unsigned char* p, size_t left) {
  if (left < 2) return false;
  switch (p[0]) {
    case 0xC3: return p[1] == 0x9F;
    case 0xC4: return p[1] == 0xB0 || p[1] == 0xB1;
    case 0xC5: return p[1] == 0x89 || p[1] == 0xBF;
    case 0xC7: return p[1] == 0xB0;
    case 0xE1: return left >= 3 && p[1] == 0xBA && ((p[2] >= 0x96 && p[2] <= 0x9A) || p[2] == 0x9E);
    case 0xE2: return left >= 3 && p[1] == 0x84 && p[2] == 0xAA;
    case 0xEF: return left >= 3 && p[1] == 0xAC && p[2] >= 0x80 && p[2] <= 0x86;
    default: return false;
  }
}

// What a text's characters beyond ASCII may do to the gate's verdict
// (ExamineBody()): a case trap (above), or a character that StripAccents()
// changes (TagGate::ExamineFolded() then tests the text with its accents
// taken off), or neither.
enum class HighScan : uint8_t { kPlain, kFold, kTrap };

// Whether StripAccents() may change the character whose UTF-8 sequence
// begins at `q` (`left` bytes to the text's end): MayStripAccent() of the
// code point a well-formed sequence there holds. An ill-formed one may say
// either (MayStripAccents() steps over it: a "may" more costs a second
// look, never a wrong verdict).
bool LeadMayStrip(const unsigned char* q, size_t left) {
  char32_t cp;
  if (q[0] < 0xE0) {
    if (left < 2 || (q[1] & 0xC0) != 0x80) return false;
    cp = (char32_t{q[0] & 0x1Fu} << 6) | (q[1] & 0x3Fu);
  } else if (q[0] < 0xF0) {
    if (left < 3 || (q[1] & 0xC0) != 0x80 || (q[2] & 0xC0) != 0x80) return false;
    cp = (char32_t{q[0] & 0x0Fu} << 12) | (char32_t{q[1] & 0x3Fu} << 6) | (q[2] & 0x3Fu);
  } else {
    DecodeUtf8(std::string_view(reinterpret_cast<const char*>(q), left), 0, &cp);
  }
  return cp != kInvalidCodePoint && MayStripAccent(cp);
}

// Whether `text` holds a case trap (IsCaseTrapAt()), and else whether
// StripAccents() may change it (at least where MayStripAccents() says so),
// in one look at each of its lead bytes (>= 0xC0: the bits of `leads`,
// `words` words): every character beyond ASCII starts with one. An emoji's
// (U+1F000..U+1FFFF, most of a post's characters beyond ASCII) is neither,
// at a glance.
HighScan ScanLeads(std::string_view text, const uint64_t* leads, size_t words) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  bool fold = false;
  for (size_t w = 0; w < words; ++w) {
    for (uint64_t bits = leads[w]; bits != 0; bits &= bits - 1) {
      const size_t k = w * 64 + static_cast<unsigned>(__builtin_ctzll(bits));
      const unsigned char* const q = p + k;
      const size_t left = n - k;
      if (q[0] == 0xF0 && left >= 2 && q[1] == 0x9F) continue;
      if (IsCaseTrapAt(q, left)) return HighScan::kTrap;
      if (!fold) fold = LeadMayStrip(q, left);
    }
  }
  return fold ? HighScan::kFold : HighScan::kPlain;
}

// The lead bits of `text` (ScanLeads()), made byte by byte, for tests (the
// gate makes them as it classifies the text).
std::vector<uint64_t> LeadBits(std::string_view text) {
  std::vector<uint64_t> leads(text.size() / 64 + 1, 0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0xC0) leads[i / 64] |= uint64_t{1} << (i % 64);
  }
  return leads;
}

constexpr uint32_t kCurrencyAlt = ~uint32_t{0};

// The most frequent words of English conversation, most frequent first:
// words nearly every post has some of. A phrase's units among them are
// required by the gate only when the phrase has no other ("thank you" needs
// "thank", "can i" both its words): each post holds several, and every one
// in the gate's table is a lookup and its entries, in most posts, for
// phrases whose rarer word decides as well.
constexpr std::string_view kCommonWords[] = {
    "the", "i", "to", "a", "you", "and", "it", "is", "of", "in", "my", "for", "that", "on",
    "me", "this", "s", "t", "with", "be", "have", "not", "so", "at", "are", "your", "just",
    "but", "was", "we", "can", "do", "no", "all", "get", "m", "what", "if", "up", "will",
    "like", "they", "from", "one", "an", "or", "out", "about", "how", "our", "there", "as",
    "now", "when", "has", "by", "got", "had", "why", "who", "any", "them", "he", "she", "its",
    "where", "been", "us", "am", "would", "should", "could", "did", "does", "don", "than"};

// A run's place in kCommonWords, or -1 when it is not there.
int CommonRank(std::string_view run) {
  static const auto* const ranks = [] {
    auto* m = new std::unordered_map<std::string_view, int>();
    for (size_t k = 0; k < std::size(kCommonWords); ++k) {
      m->emplace(kCommonWords[k], static_cast<int>(k));
    }
    return m;
  }();
  const auto it = ranks->find(run);
  return it == ranks->end() ? -1 : it->second;
}

using bytes::IsAsciiLetter;

// The longest run of ASCII letters in `text` (the first of equal ones),
// lower-cased; empty when it has none.
std::string LongestRun(std::string_view text) {
  size_t best = 0, best_size = 0;
  for (size_t i = 0; i < text.size();) {
    if (!IsAsciiLetter(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsAsciiLetter(text[j])) ++j;
    if (j - i > best_size) best = i, best_size = j - i;
    i = j;
  }
  std::string run(text.substr(best, best_size));
  for (char& c : run) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  return run;
}

// Squeezes the run of lower-case letters at `run` in place, by Normalize()
// itself (Tokenizer::NormalizeAsciiTo(): a letter equal to the two kept
// before it is dropped), fills the bytes it frees with zeros, and returns
// its new size.
size_t SqueezeRun(char* run, size_t size) {
  const size_t kept = Tokenizer::NormalizeAsciiTo(std::string_view(run, size), run);
  if (kept < size) std::memset(run + kept, 0, size - kept);  // (most runs have no triple)
  return kept;
}

// The runs of ASCII letters in `text`.
size_t CountRuns(std::string_view text) {
  size_t runs = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    runs += IsAsciiLetter(text[i]) && (i == 0 || !IsAsciiLetter(text[i - 1]));
  }
  return runs;
}

// Runs of letters that start in [from, to) of a text whose letters are the
// bits of `letters` (bit i: byte i is an ASCII letter).
size_t RunStarts(const uint64_t* letters, size_t from, size_t to) {
  size_t count = 0;
  for (size_t w = from / 64; w * 64 < to; ++w) {
    const uint64_t m = letters[w];
    const uint64_t carry = w > 0 ? letters[w - 1] >> 63 : 0;
    uint64_t starts = m & ~((m << 1) | carry);
    const size_t low = w * 64;
    if (from > low) starts &= ~0ull << (from - low);
    if (to < low + 64) starts &= (uint64_t{1} << (to - low)) - 1;
    count += static_cast<size_t>(__builtin_popcountll(starts));
  }
  return count;
}

bool AllAsciiLetters(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsAsciiLetter);
}

// The bytes of a run of `size` letters (size < 64) to keep of the 8 bytes
// loaded from its start: all for 8 or more, else the run's, looked up by
// size with no shift computed. (64 sizes: a run found within its 64 bytes
// has fewer, so its size needs no clamp.)
constexpr auto kKeep = [] {
  std::array<uint64_t, 64> keep{};
  for (size_t size = 0; size < keep.size(); ++size) {
    keep[size] = size >= 8 ? ~0ull : (uint64_t{1} << (8 * size)) - 1;
  }
  return keep;
}();

// The 8 bytes at `lower` with kKeep[keep] applied (keep < 64).
inline uint64_t KeepBytes(const char* lower, size_t keep) {
  uint64_t x;
  std::memcpy(&x, lower, 8);
  return x & kKeep[keep];
}

// A run's key: its first eight bytes (fewer, zero-padded, for a shorter
// run), from `lower`, which has eight bytes to read.
inline uint64_t RunKey(const char* lower, size_t size) {
  return KeepBytes(lower, size < 64 ? size : 63);
}

// A run's filter hash, from its key: one multiply, whose top bits the
// filter reads. Its size is not hashed: a run holds no zero byte, so the
// key of a run of up to eight tells its size, and longer runs with the
// same first eight letters only share a filter bit (the few that pass are
// looked up in the table by their whole text).
inline uint64_t FilterHash(uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }

// The table's hash of a run (PieceHash() of its text).
inline uint64_t TableHash(const char* lower, size_t size) {
  return size <= 8 ? ShortPieceHash(RunKey(lower, size), size)
                   : bytes::Hash(std::string_view(lower, size));
}

#if defined(__SSE2__)
// What the gate's own classification of a text found (ExamineBody()).
struct OwnClasses {
  unsigned question, dollar, digit, high;
};

// Classifies `text` into the gate's own lower-cased copy `own` (48 zero
// bytes after the text), its letter bits into `letters` and the bits of its
// lead bytes (>= 0xC0, ScanLeads()) into `leads` (`words` words each,
// zeroed first), for a text the sentiment scorer did not classify (one
// with a byte >= 0x80, most with an emoji) or one whose runs are squeezed.
// Out of line: the path most posts take stays short in the instruction
// cache.
[[gnu::noinline]] OwnClasses ClassifyOwn(std::string_view text, size_t words, uint64_t* letters,
                                         uint64_t* leads, char* own) {
  const size_t n = text.size();
  // Most texts need four words or fewer: zeroed with four stores, not a call.
  if (words <= 4) {
    letters[0] = letters[1] = letters[2] = letters[3] = 0;
    leads[0] = leads[1] = leads[2] = leads[3] = 0;
  } else {
    std::fill(letters, letters + words, 0);
    std::fill(leads, leads + words, 0);
  }
  const char* const src = text.data();
  // Bytes [at, at + 16) of the text lower-cased into `own`, what they
  // hold into the vectors behind the any_ flags (each reduced once, after
  // the loop); returns their letter bits. A byte is in [lo, lo + 26) when
  // it plus 128 - lo, a signed byte, is below -128 + 26: one add and one
  // compare (for '0'..'9', 10), not two compares and an and.
  __m128i question_v = _mm_setzero_si128(), dollar_v = _mm_setzero_si128();
  __m128i digit_v = _mm_setzero_si128();
  unsigned high = 0;
  // The lead bytes of the last block classified: a byte's top two bits,
  // those of it and of it doubled (looked for in blocks with a high byte).
  unsigned lead = 0;
  auto in_range = [](__m128i v, char lo, char count) {
    return _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(128 - lo))),
                          _mm_set1_epi8(static_cast<char>(-128 + count)));
  };
  auto classify = [&](__m128i v, size_t at) -> uint64_t {
    const __m128i low = _mm_or_si128(v, _mm_and_si128(in_range(v, 'A', 26), _mm_set1_epi8(0x20)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(own + at), low);
    question_v = _mm_or_si128(question_v, _mm_cmpeq_epi8(v, _mm_set1_epi8('?')));
    dollar_v = _mm_or_si128(dollar_v, _mm_cmpeq_epi8(v, _mm_set1_epi8('$')));
    digit_v = _mm_or_si128(digit_v, in_range(v, '0', 10));
    const unsigned h = static_cast<unsigned>(_mm_movemask_epi8(v));
    high |= h;
    lead =
        h == 0 ? 0 : static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(v, _mm_add_epi8(v, v))));
    return static_cast<unsigned>(_mm_movemask_epi8(in_range(low, 'a', 26)));
  };
  size_t b = 0;
  for (; b + 16 <= n; b += 16) {  // (16-byte steps never straddle two words)
    letters[b / 64] |= classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + b)), b) << (b % 64);
    if (lead != 0) leads[b / 64] |= uint64_t{lead} << (b % 64);
  }
  if (b < n) {
    if (n >= 16) {
      // The last 16 bytes of the text, over some done already (the same
      // bytes and bits again), with no copy: their bits may straddle two
      // words, and the second exists when they do (a letter of the text).
      const size_t at = n - 16;
      const uint64_t bits =
          classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + at)), at);
      letters[at / 64] |= bits << (at % 64);
      leads[at / 64] |= uint64_t{lead} << (at % 64);
      if (at % 64 > 48) {
        letters[at / 64 + 1] |= bits >> (64 - at % 64);
        leads[at / 64 + 1] |= uint64_t{lead} >> (64 - at % 64);
      }
    } else {
      char last[16] = {};
      std::memcpy(last, src, n);
      letters[0] |= classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(last)), 0) &
                    ((uint64_t{1} << n) - 1);
      leads[0] |= lead;  // (the zeros past the text have none)
    }
  }
  // Zeros from the text's end: past the rounded size (the 8-byte loads of a
  // run's bytes there are masked off, but are read), and before it, where
  // the last block was not stored again.
  for (size_t z = 0; z < 48; z += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(own + n + z), _mm_setzero_si128());
  }
  // The flags, each vector reduced once.
  OwnClasses c;
  c.question = static_cast<unsigned>(_mm_movemask_epi8(question_v));
  c.dollar = static_cast<unsigned>(_mm_movemask_epi8(dollar_v));
  c.digit = static_cast<unsigned>(_mm_movemask_epi8(digit_v));
  c.high = high;
  return c;
}
#endif

}  // namespace

struct TagGate::Impl {
  struct Alt {
    uint32_t need;  // one bit per unit with letters
    uint8_t label;
    bool intent;  // Phrase::intent
    // Per required unit (by its bit's place): how many units a match may
    // have before and after it (TagGate::Hit).
    uint8_t before[2] = {0, 0}, after[2] = {0, 0};
    // Two required units in a known order: the bit of the later one in the
    // phrase (0: no order test), and how many runs of letters a match may
    // hold between their runs (set in Create()). The later unit counts only
    // when the earlier one's last run before it is that close.
    uint32_t later = 0;
    uint32_t gap = 0;
  };
  struct Entry {
    uint32_t alt;  // kCurrencyAlt for a currency word
    uint32_t bit;
  };
  struct Slot {
    uint64_t hash = 0;
    uint32_t key_begin = 0, key_size = 0;  // key_size 0: empty
    uint32_t entries_begin = 0, entries_size = 0;
  };

  std::vector<Alt> alts;
  std::vector<Entry> entries;
  std::vector<std::string> signs;  // the currency signs but '$', which are not ASCII
  // The patterns' prefilter, and per atom its run (empty: an atom with no
  // ASCII letter, taken as found); null with no patterns.
  std::unique_ptr<re2::FilteredRE2> prefilter;
  std::vector<std::string> atom_runs;
  // Per pattern, whether every match of it holds an ASCII digit
  // (RegexNeedsDigit()), which no text without one then has; whether all
  // do; and whether some pattern has no atom (it may match any text with a
  // digit: each such one needs a digit, or the gate is open).
  std::vector<bool> pattern_needs_digit;
  bool patterns_need_digit = false;
  bool atomless_patterns = false;
  std::vector<Slot> slots;
  std::string keys;
  HashBitFilter filter;  // of FilterHash() (the slots' hash is the table's)
  // The shortest run in the table (up to kLongestSkip): a text's shorter
  // runs are not looked up. `min_run_digit` counts the currency words,
  // which count only in a text with a digit; `min_run` the rest.
  static constexpr size_t kLongestSkip = 4;  // (list_runs() in ExamineBody() tests up to 4)
  uint8_t min_run = 1, min_run_digit = 1;
  bool question = false;
  // How many units a match holding a '?' may have either side (a phrase
  // of '?' pieces alone, of several units), and whether every such phrase
  // is an intent's.
  uint8_t question_reach = 0;
  bool question_intents = true;

  bool MayHold(uint64_t hash) const { return filter.MayHold(hash); }
  const Slot* Find(const char* run, size_t size, uint64_t hash) const {
    return FindKeySlot(slots.data(), slots.size() - 1, keys.data(), run, size, hash);
  }
};

namespace tag_gate_internal {

bool HasCaseTrapForTest(std::string_view text) {
  const std::vector<uint64_t> leads = LeadBits(text);
  return ScanLeads(text, leads.data(), leads.size()) == HighScan::kTrap;
}

bool MayFoldForTest(std::string_view text) {
  const std::vector<uint64_t> leads = LeadBits(text);
  return ScanLeads(text, leads.data(), leads.size()) == HighScan::kFold;
}

bool UsesBmi() {
#if PARLEY_GATE_BMI
  return g_gate_bmi.load();
#else
  return false;
#endif
}

bool SetBmi(bool bmi) {
#if PARLEY_GATE_BMI
  return g_gate_bmi.exchange(bmi && CpuHasBmi());
#else
  (void)bmi;
  return false;
#endif
}

size_t UnitMaxRuns(std::string_view key) {
  // A word unit ("W" or "H", the style, the word): its forms are the word's
  // inflections (of ASCII letters alone, or the word itself), each also
  // with "'s" (one run more) unless the word has an apostrophe; '#' adds
  // no run.
  if (key.size() >= 2 && (key[0] == 'W' || key[0] == 'H')) {
    const std::string_view word = key.substr(2);
    return CountRuns(word) + (word.find('\'') == std::string_view::npos ? 1 : 0);
  }
  return CountRuns(key.substr(1));
}

bool UnitRunsSlow(std::string_view key, std::vector<std::string>* runs) {
  runs->clear();
  bool question = true, letters = true;
  for (const std::string& text : TokenMatcher::UnitTexts(key)) {
    question &= text.find('?') != std::string::npos;
    std::string run = LongestRun(text);
    letters &= !run.empty();
    if (std::find(runs->begin(), runs->end(), run) == runs->end()) runs->push_back(std::move(run));
  }
  if (!letters) runs->clear();
  return question;
}

bool UnitRuns(std::string_view key, std::vector<std::string>* runs) {
  // A word unit ("W" or "H", the style, the word) accepts the word's forms,
  // each also with "'s" (unless the word has an apostrophe) and, for "H",
  // after a '#' (TokenMatcher::UnitTexts()): neither adds a longer run, as
  // "'s" adds one of one letter at the end. A word of ASCII letters alone
  // has its forms as runs; any other word has only itself as a form. A
  // word holds no '?'. Inflections() are made here once, not texts with
  // their suffixes and prefixes only to take them off again.
  if (key.size() >= 2 && (key[0] == 'W' || key[0] == 'H')) {
    const std::string_view word = key.substr(2);
    runs->clear();
    if (AllAsciiLetters(word)) {
      if (key[1] == 'I') {
        *runs = Inflections(word);
      } else {
        runs->emplace_back(word);
      }
      for (std::string& r : *runs) {
        for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
      }
      std::sort(runs->begin(), runs->end());
      runs->erase(std::unique(runs->begin(), runs->end()), runs->end());
    } else if (std::string run = LongestRun(word); !run.empty()) {
      runs->push_back(std::move(run));
    }
    return false;
  }
  return UnitRunsSlow(key, runs);
}

}  // namespace tag_gate_internal

TagGate::~TagGate() = default;

namespace {
std::atomic<uint64_t> next_gate_id{1};
}  // namespace

std::unique_ptr<TagGate> TagGate::Create(const std::vector<Phrase>& phrases,
                                         const Options& options) {
  std::unique_ptr<TagGate> gate(new TagGate());
  gate->id_ = next_gate_id.fetch_add(1, std::memory_order_relaxed);
  gate->impl_ = std::make_unique<Impl>();
  Impl& impl = *gate->impl_;
  impl.question = options.question;
  impl.question_intents = options.question_intents;
  if (!options.patterns.empty()) {
    // Each atom is looked for on its own in every post: past a few dozen
    // (a large taxonomy compiled all as regexes, --match-engine re2 or
    // hyperscan) the look would cost more than tagging, so the gate opens.
    constexpr size_t kMostAtoms = 64;
    if (options.patterns.size() > kMostAtoms) {
      gate->why_open_ = "more than 64 regex patterns to prefilter";
      return gate;
    }
    RE2::Options o;  // as the matcher compiles them (re2_matcher.cc)
    o.set_case_sensitive(false);
    o.set_longest_match(true);
    o.set_log_errors(false);
    impl.prefilter = std::make_unique<re2::FilteredRE2>(3);
    impl.patterns_need_digit = true;
    for (const std::string& pattern : options.patterns) {
      int id;
      if (impl.prefilter->Add(pattern, o, &id) != RE2::NoError) {
        gate->why_open_ = "a pattern RE2's prefilter cannot read";
        return gate;
      }
      impl.pattern_needs_digit.push_back(RegexNeedsDigit(pattern));
      impl.patterns_need_digit = impl.patterns_need_digit && impl.pattern_needs_digit.back();
    }
    std::vector<std::string> atoms;
    impl.prefilter->Compile(&atoms);
    if (atoms.size() > kMostAtoms) {
      impl.prefilter.reset();
      gate->why_open_ = "more than 64 literals of patterns to look for";
      return gate;
    }
    for (const std::string& atom : atoms) impl.atom_runs.push_back(LongestRun(atom));
    // A pattern with no atom to look for passes every text: every text
    // with a digit, when it needs one ("\\d+ ?hrs?").
    std::vector<int> none, passed;
    impl.prefilter->AllPotentials(none, &passed);
    for (int k : passed) {
      if (!impl.pattern_needs_digit[static_cast<size_t>(k)]) {
        gate->why_open_ = "a pattern with no literal of three letters or more, nor a digit in every match";
        return gate;
      }
    }
    impl.atomless_patterns = !passed.empty();
  }
  // What a unit needs: one of its runs (empty for a unit some text of which
  // has no ASCII letter), and whether each of its texts has a '?'.
  struct UnitNeed {
    std::vector<std::string> runs;
    std::vector<uint32_t> ids;  // the runs' numbers in run_texts
    size_t shortest = 0;  // the size of its shortest run
    // The most frequent of its runs' places in kCommonWords, or -1: a unit
    // with none is a rarer word.
    int common = -1;
    bool question = false;
  };
  std::unordered_map<std::string, UnitNeed> units;
  units.reserve(phrases.size() * 2);
  // Each distinct run once, numbered (its text lives in a UnitNeed, whose
  // map nodes stay put, or in `currency`), and each entry with its run's
  // number: the table is then filled run by run with a counting sort, not
  // a map of lists (10,000 phrases make 100,000 entries or more).
  std::unordered_map<std::string_view, uint32_t> run_ids;
  std::vector<std::string_view> run_texts;
  auto run_id = [&](std::string_view run) {
    auto [it, added] = run_ids.try_emplace(run, static_cast<uint32_t>(run_texts.size()));
    if (added) run_texts.push_back(run);
    return it->second;
  };
  std::vector<std::pair<uint32_t, Impl::Entry>> pending;
  // Each alternative's needs (below), to the first alternative with them.
  std::unordered_map<std::string, uint32_t> alt_of;
  std::string same;  // an alternative's needs, as alt_of's key
  for (const Phrase& phrase : phrases) {
    for (const std::vector<std::string>& keys : *phrase.units) {
      Impl::Alt alt{0, phrase.label, phrase.intent};
      const uint32_t index = static_cast<uint32_t>(impl.alts.size());
      bool question_unit = false;
      // The units with letters; two at most are required, the rarest words:
      // those not among kCommonWords, whose shortest run is longest ("refund"
      // in "refund please"), or, for a phrase of common words alone, the
      // least common two. A post must hold both, and fewer entries to look
      // up cost less than the few posts a third unit would turn away.
      std::vector<std::pair<const UnitNeed*, size_t>> lettered;  // and its place in the phrase
      for (size_t place = 0; place < keys.size(); ++place) {
        const std::string& key = keys[place];
        auto [it, added] = units.try_emplace(key);
        UnitNeed& need = it->second;
        if (added) {
          need.question = tag_gate_internal::UnitRuns(key, &need.runs);
          need.shortest = SIZE_MAX;
          for (const std::string& run : need.runs) {
            need.shortest = std::min(need.shortest, run.size());
            need.ids.push_back(run_id(run));
            const int rank = CommonRank(run);
            if (rank >= 0 && (need.common < 0 || rank < need.common)) need.common = rank;
          }
        }
        if (need.runs.empty()) {
          // Not required below (a superset is safe); a unit of '?' pieces
          // is told by the '?' test.
          question_unit |= need.question;
          continue;
        }
        lettered.emplace_back(&need, place);
      }
      std::stable_sort(lettered.begin(), lettered.end(), [](const auto& x, const auto& y) {
        const int cx = x.first->common, cy = y.first->common;
        if ((cx < 0) != (cy < 0)) return cx < 0;
        return cx < 0 ? x.first->shortest > y.first->shortest : cx > cy;
      });
      size_t required = std::min<size_t>(lettered.size(), 2);
      // A rarer word does not share the requirement with a common one.
      if (required == 2 && lettered[0].first->common < 0 && lettered[1].first->common >= 0) {
        required = 1;
      }
      lettered.resize(required);
      for (uint32_t bit = 0; bit < lettered.size(); ++bit) {
        alt.need |= uint32_t{1} << bit;
        // Units before and after it (Hit).
        const size_t place = lettered[bit].second;
        alt.before[bit] = static_cast<uint8_t>(std::min<size_t>(255, place));
        alt.after[bit] = static_cast<uint8_t>(std::min<size_t>(255, keys.size() - 1 - place));
      }
      if (lettered.size() == 2) {
        // A match holds the earlier unit's token, then the units between
        // (each of at most UnitMaxRuns() runs), then the later one's: the
        // runs between the two required runs are at most those, and the
        // two tokens' other runs.
        const size_t a = std::min(lettered[0].second, lettered[1].second);
        const size_t b = std::max(lettered[0].second, lettered[1].second);
        size_t gap = tag_gate_internal::UnitMaxRuns(keys[a]) - 1 +
                     tag_gate_internal::UnitMaxRuns(keys[b]) - 1;
        for (size_t p = a + 1; p < b; ++p) gap += tag_gate_internal::UnitMaxRuns(keys[p]);
        alt.later = lettered[1].second > lettered[0].second ? 2u : 1u;
        alt.gap = static_cast<uint32_t>(gap);
      }
      if (alt.need == 0) {
        if (!question_unit) {  // nothing to test
          gate->why_open_ = "a phrase with no ASCII letter ('" + std::string(phrase.text) + "')";
          return gate;
        }
        impl.question = true;             // a phrase of '?' pieces alone
        impl.question_reach = static_cast<uint8_t>(
            std::max<size_t>(impl.question_reach, std::min<size_t>(255, keys.size() - 1)));
        impl.question_intents &= phrase.intent;
        continue;
      }
      // An alternative that needs what one before it needs, for the same
      // label and kind, is that one (a one-word phrase and its hashtag form
      // need the same run): its entries would only be tested twice a run.
      // Their reaches merge, as Check() takes the widest of whole ones.
      same.assign(reinterpret_cast<const char*>(&alt.need), sizeof alt.need);
      same += static_cast<char>(alt.label);
      same += static_cast<char>(alt.intent);
      same.append(reinterpret_cast<const char*>(&alt.later), sizeof alt.later);
      same.append(reinterpret_cast<const char*>(&alt.gap), sizeof alt.gap);
      for (const auto& [need, place] : lettered) {
        same.append(reinterpret_cast<const char*>(need->ids.data()),
                    need->ids.size() * sizeof need->ids[0]);
        same += '|';
      }
      const auto [seen, fresh] = alt_of.try_emplace(same, index);
      if (!fresh) {
        Impl::Alt& earlier = impl.alts[seen->second];
        for (size_t b = 0; b < 2; ++b) {
          earlier.before[b] = std::max(earlier.before[b], alt.before[b]);
          earlier.after[b] = std::max(earlier.after[b], alt.after[b]);
        }
        continue;
      }
      for (uint32_t bit = 0; bit < lettered.size(); ++bit) {
        for (uint32_t id : lettered[bit].first->ids) {
          pending.emplace_back(id, Impl::Entry{index, uint32_t{1} << bit});
        }
      }
      impl.alts.push_back(alt);
    }
  }
  // An amount needs a currency word or sign beside its number (prices.h).
  std::vector<std::string> currency;
  for (std::string_view word : CurrencyWords()) currency.push_back(LongestRun(word));
  for (const std::string& run : currency) pending.emplace_back(run_id(run), Impl::Entry{kCurrencyAlt, 0});
  for (std::string_view sign : CurrencySigns()) {
    if (sign != "$") impl.signs.emplace_back(sign);  // '$' is looked for with the digits
  }
  // Entries grouped by run: counts, then each run's first place.
  const size_t distinct = run_texts.size();
  std::vector<uint32_t> first(distinct + 1, 0);
  for (const auto& [id, entry] : pending) ++first[id + 1];
  for (size_t r = 0; r < distinct; ++r) first[r + 1] += first[r];
  impl.entries.resize(pending.size());
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (const auto& [id, entry] : pending) impl.entries[next[id]++] = entry;
  }
  // Within a run's entries, those of a later unit first: a run that is both
  // units of a phrase ("so so") is tested as the later one against the
  // earlier's previous run before it is noted as the earlier one.
  for (size_t r = 0; r < distinct; ++r) {
    std::stable_partition(impl.entries.begin() + first[r], impl.entries.begin() + first[r + 1],
                          [&](const Impl::Entry& e) {
                            return e.alt != kCurrencyAlt && impl.alts[e.alt].later == e.bit;
                          });
  }
  impl.slots.assign(HalfFullTableSize(distinct), Impl::Slot());
  const size_t mask = impl.slots.size() - 1;
  size_t shortest = Impl::kLongestSkip, shortest_with_currency = Impl::kLongestSkip;
  for (size_t r = 0; r < distinct; ++r) {
    if (first[r + 1] == first[r]) continue;  // a run no required unit has
    const std::string_view run = run_texts[r];
    shortest_with_currency = std::min(shortest_with_currency, run.size());
    if (std::any_of(impl.entries.begin() + first[r], impl.entries.begin() + first[r + 1],
                    [](const Impl::Entry& e) { return e.alt != kCurrencyAlt; })) {
      shortest = std::min(shortest, run.size());
    }
    Impl::Slot slot;
    slot.hash = PieceHash(run);
    slot.key_begin = static_cast<uint32_t>(impl.keys.size());
    slot.key_size = static_cast<uint32_t>(run.size());
    impl.keys += run;
    slot.entries_begin = first[r];
    slot.entries_size = first[r + 1] - first[r];
    size_t i = slot.hash & mask;
    while (impl.slots[i].key_size) i = (i + 1) & mask;
    impl.slots[i] = slot;
  }
  impl.min_run = static_cast<uint8_t>(std::max<size_t>(shortest, 1));
  impl.min_run_digit = static_cast<uint8_t>(std::max<size_t>(shortest_with_currency, 1));
  impl.filter.Reset(distinct);
  for (const Impl::Slot& slot : impl.slots) {
    if (slot.key_size == 0) continue;
    // (Keys are followed by other keys' bytes or the string's end: the
    // first eight of a short one are read from a padded copy.)
    char key[16] = {};
    std::memcpy(key, impl.keys.data() + slot.key_begin, std::min<size_t>(slot.key_size, 8));
    impl.filter.Add(FilterHash(RunKey(key, slot.key_size)));
  }
  gate->open_ = false;
  return gate;
}

// Per thread and gate: how many of the last posts tested it turned away,
// and how many more to let through untested.
struct TagGate::Tally {
  uint64_t gate = 0;
  uint32_t tested = 0, turned = 0, pause = 0;
};

inline TagGate::Tally& TagGate::ThreadTally() const {
  thread_local Tally tally;
  if (tally.gate != id_) tally = Tally{id_};
  return tally;
}

inline bool TagGate::Paused(Tally& t) {
  if (t.pause == 0) return false;
  --t.pause;
  return true;
}

inline void TagGate::Count(Tally& t, bool turned_away) {
  ++t.tested;
  t.turned += turned_away;
  if (t.tested == kWindow) {
    if (t.turned * 4 < t.tested) t.pause = kPause;
    t.tested = t.turned = 0;
  }
}

bool TagGate::MayTag(std::string_view text, SentimentLabel label) const {
  if (open_) return true;
  Tally& t = ThreadTally();
  if (Paused(t)) return true;
  const bool maybe = Test(text, label);
  Count(t, !maybe);
  return maybe;
}

TagGate::Verdict TagGate::Check(std::string_view text, SentimentLabel label,
                                std::vector<Hit>* hits, const TextClasses* classes) const {
  if (open_) return Verdict::kMaybe;
  Tally& t = ThreadTally();
  if (Paused(t)) return Verdict::kMaybe;
  const Verdict v = Examine<true>(text, label, hits, classes);
  Count(t, v != Verdict::kMaybe);
  return v;
}

TagGate::Verdict TagGate::CheckNow(std::string_view text, SentimentLabel label,
                                   std::vector<Hit>* hits, const TextClasses* classes) const {
  return Examine<true>(text, label, hits, classes);
}

bool TagGate::Test(std::string_view text, SentimentLabel label) const {
  return Examine<false>(text, label, nullptr, nullptr) != Verdict::kNo;
}

template <bool kHits>
TagGate::Verdict TagGate::Examine(std::string_view text, SentimentLabel label,
                                  std::vector<Hit>* hits, const TextClasses* classes) const {
  Verdict v;
  bool fold = false;
#if PARLEY_GATE_BMI
  if (g_gate_bmi.load(std::memory_order_relaxed)) {
    v = ExamineBmi<kHits>(text, label, hits, classes, &fold);
  } else {
    v = ExamineBase<kHits>(text, label, hits, classes, &fold);
  }
#else
  v = ExamineBase<kHits>(text, label, hits, classes, &fold);
#endif
  if (v != Verdict::kMaybe && fold) v = ExamineFolded(text, label, v);
  return v;
}

TagGate::Verdict TagGate::ExamineFolded(std::string_view text, SentimentLabel label,
                                        Verdict verdict) const {
  // Tag() also matches phrases on the post's tokens with their accents
  // taken off (tagger.h): "cafe" in "Café". Those tokens' runs of letters
  // are the folded text's ("caf" and "e" become "cafe"), so that is tested
  // too, and anything found there leaves the post to Tag() whole.
  // (ExamineBody() may call a character foldable that is not: asked again.)
  if (!MayStripAccents(text)) return verdict;
  thread_local std::string folded;
  folded = StripAccents(text);
  bool again = false;  // (the folded text has nothing left to fold)
#if PARLEY_GATE_BMI
  const Verdict f = g_gate_bmi.load(std::memory_order_relaxed)
                        ? ExamineBmi<false>(folded, label, nullptr, nullptr, &again)
                        : ExamineBase<false>(folded, label, nullptr, nullptr, &again);
#else
  const Verdict f = ExamineBase<false>(folded, label, nullptr, nullptr, &again);
#endif
  return f == Verdict::kNo ? verdict : Verdict::kMaybe;
}

template <bool kHits>
TagGate::Verdict TagGate::ExamineBase(std::string_view text, SentimentLabel label,
                                      std::vector<Hit>* hits, const TextClasses* classes,
                                      bool* fold) const {
  return ExamineBody<kHits, false>(text, label, hits, classes, fold);
}

// The same code for BMI1 and BMI2, which GCC uses on its own: tzcnt and
// blsr for the runs' bits, shrx for their shifts (no shift count moved
// into a register of its own), ~70 instructions a post fewer.
template <bool kHits>
#if PARLEY_GATE_BMI
[[gnu::target("bmi,bmi2")]]
#endif
TagGate::Verdict
TagGate::ExamineBmi(std::string_view text, SentimentLabel label, std::vector<Hit>* hits,
                    const TextClasses* classes, bool* fold) const {
  return ExamineBody<kHits, true>(text, label, hits, classes, fold);
}

// Test() (kHits false: kNo or kMaybe, at the first phrase found) or
// CheckNow() (kHits true: every run looked up, for the hits). kBmi: inlined
// into ExamineBmi() (it changes no line here: the compiler's choice of
// instructions does).
template <bool kHits, bool kBmi>
TagGate::Verdict TagGate::ExamineBody(std::string_view text, SentimentLabel label,
                                      std::vector<Hit>* hits, const TextClasses* classes,
                                      bool* fold) const {
  constexpr Verdict kNo = Verdict::kNo, kMaybe = Verdict::kMaybe;
  if constexpr (kHits) hits->clear();
  // Runs are noted with 32-bit offsets, as tokens are (the tokenizer reads
  // no further than 4 GiB either).
  if (open_ || text.size() > UINT32_MAX) return kMaybe;
  const Impl& impl = *impl_;
  static constexpr size_t kLead = 16;  // zero bytes before the lowered text
  struct LetterRun {  // (no hash kept: the few runs that pass are hashed again)
    uint32_t begin, size;
  };
  struct Scratch {
    std::vector<LetterRun> runs;     // the text's runs of letters
    std::string buffer;              // kLead zero bytes, the lowered text, 48 zero bytes
    std::vector<uint64_t> letters;   // bit i: byte i of the text is an ASCII letter
    std::vector<uint64_t> leads;     // bit i: byte i is a lead byte (>= 0xC0)
    std::vector<uint64_t> state;     // per alternative: call << 32 | units seen
    std::vector<uint32_t> earlier_at;  // per ordered alternative: its earlier unit's last run
    std::vector<int> atoms_found, potentials;  // the patterns' atoms in the text; what they let match
    std::vector<std::pair<uint32_t, const Impl::Slot*>> table_runs;  // kHits: runs in the table
    uint32_t call = 0;
    // Texts shorter than this fit buffer, letters, runs and table_runs: one
    // test a post, not one a vector (0 at first: even "" needs room).
    size_t room = 0;
    void MakeRoom(size_t n) {
      room = std::max<size_t>(2 * n, 256);
      const size_t rounded = (room + 15) & ~size_t{15};
      buffer.resize(kLead + rounded + 48);
      letters.resize(rounded / 64 + 1 + 4);  // (4: the stores below that clear the first four)
      leads.resize(letters.size());
      runs.resize(room / 2 + 1);  // (n + 1) / 2 at most: a byte ends each run but the last
      table_runs.resize(room / 2 + 1);
    }
  };
  thread_local Scratch scratch;
  Scratch& s = scratch;
  const size_t n = text.size();
  const size_t rounded = (n + 15) & ~size_t{15};
  if (n >= s.room) s.MakeRoom(n);
  char* const own = s.buffer.data() + kLead;  // the gate's own lower-cased copy
  const char* lower = own;  // the lower-cased text the runs are read from
  const size_t words = rounded / 64 + 1;
  uint64_t* const letters = s.letters.data();
  unsigned any_question = 0, any_digit = 0, any_dollar = 0, any_high = 0, any_triple = 0;
#if defined(__SSE2__)
  // Whether a letter of the `rounded` lower-cased bytes at `p` (whose
  // letters are the bits of `letters`) equals the two bytes before it:
  // Normalize() squeezes it (below). Bytes before `p` count as zeros, no
  // letter: the first 16 are compared with themselves shifted, not loaded
  // from before `p`.
  auto triples = [&](const char* p) -> unsigned {
    auto load = [](const char* q) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q)); };
    auto same = [](__m128i x, __m128i x1, __m128i x2) {
      return static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, x1), _mm_cmpeq_epi8(x, x2))));
    };
    if (rounded == 0) return 0u;
    const __m128i x = load(p);
    unsigned any = same(x, _mm_slli_si128(x, 1), _mm_slli_si128(x, 2)) &
                   static_cast<unsigned>(letters[0]);
    for (size_t i = 16; i < rounded; i += 16) {
      any |= same(load(p + i), load(p + i - 1), load(p + i - 2)) &
             static_cast<unsigned>(letters[i / 64] >> (i % 64));
    }
    return any;
  };
  bool classified = false;
  if (classes != nullptr) {
    // The scorer's classes of the text (vader.h), read rather than made
    // again: its letters and '?'s, its digits (what is none of space,
    // letter and punctuation, but DEL), no byte >= 0x80 (the scorer
    // classifies only texts without),
    // and its lower-cased copy, the same bytes as the gate's own but past
    // the text (never read as letters). A text with a letter written three
    // times in a row is classified again below: its runs are squeezed in
    // the gate's own copy.
    const VaderByteGroup* g = classes->groups;
    const char* const copy = classes->lower.data();
    const size_t count = (n + 63) / 64;
    uint64_t question = 0;
    unsigned digit = 0;
    for (size_t w = 0; w < count; ++w) {
      const uint64_t l = g[w].upper | g[w].lower;
      letters[w] = l;
      question |= g[w].question;
      // (The last group's bytes past the text may be anything but letters.)
      const uint64_t in_text = w + 1 < count || n % 64 == 0 ? ~0ull : (uint64_t{1} << (n % 64)) - 1;
      // Digits, and DEL where the scorer leaves it out of punctuation: a
      // byte of these that is no DEL (the first, in nearly every text).
      for (uint64_t d = digit ? 0 : ~(g[w].space | l | g[w].punct) & in_text; d != 0; d &= d - 1) {
        if (copy[w * 64 + static_cast<unsigned>(__builtin_ctzll(d))] != '\x7F') {
          digit = 1;
          break;
        }
      }
    }
    letters[count] = 0;  // (words <= count + 1)
    any_triple = triples(copy);
    if (any_triple == 0) {
      classified = true;
      lower = copy;
      any_question = question != 0;
      any_digit = digit;
      any_dollar = digit && std::memchr(text.data(), '$', n) != nullptr;
    }
  }
  if (!classified) {
    const OwnClasses c = ClassifyOwn(text, words, letters, s.leads.data(), own);
    any_question = c.question;
    any_dollar = c.dollar;
    any_digit = c.digit;
    any_high = c.high;
    // (A text the scorer classified is here for its triple, tested again
    // on the same bytes: rare, and skipping the test for it cost the path
    // most posts take ~9 instructions as compiled.)
    any_triple = triples(own);
  }
#else
  (void)classes;  // (the scorer's classes are read with SSE2 only)
  std::fill(letters, letters + words, 0);
  std::fill(s.leads.begin(), s.leads.begin() + words, 0);
  for (size_t i = 0; i < rounded + 32; ++i) {
    const unsigned char c = i < n ? static_cast<unsigned char>(text[i]) : 0;
    const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    own[i] = l;
    if (i >= rounded) continue;
    const bool letter = l >= 'a' && l <= 'z';
    if (letter) letters[i / 64] |= uint64_t{1} << (i % 64);
    any_question |= c == '?';
    any_dollar |= c == '$';
    any_digit |= c >= '0' && c <= '9';
    any_high |= c >= 0x80;
    if (c >= 0xC0) s.leads[i / 64] |= uint64_t{1} << (i % 64);
    any_triple |= letter && own[i - 1] == l && own[i - 2] == l;
  }
#endif
  // The question pattern matches a piece of '?' and '!' alone: with hits,
  // each '?' is one, reaching as far as a phrase of '?' pieces may.
  const bool question = impl.question && any_question;
  if (question && (!kHits || !impl.question_intents)) return kMaybe;
  if (any_high) {
    const HighScan high = ScanLeads(text, s.leads.data(), words);
    if (high == HighScan::kTrap) return kMaybe;
    *fold = high == HighScan::kFold;
  }
  if (any_digit) {
    if (any_dollar) return kMaybe;
    if (any_high) {
      for (const std::string& c : impl.signs) {
        if (text.find(c) != std::string_view::npos) return kMaybe;
      }
    }
  }
  if (s.state.size() < impl.alts.size()) {
    s.state.resize(impl.alts.size(), 0);
    s.earlier_at.resize(impl.alts.size(), 0);
  }
  if (++s.call == 0) {  // wrapped: old states could look current
    std::fill(s.state.begin(), s.state.end(), 0);
    s.call = 1;
  }
  const uint64_t stamp = uint64_t{s.call} << 32;
  const uint8_t post_label = static_cast<uint8_t>(static_cast<int>(label) + 1);
  // Every run of letters, [begin, begin + size): a start is a letter after
  // a non-letter, its end the next non-letter (the last word's top bits are
  // zero, so every run ends within the words), but those shorter than any
  // in the table (Impl::min_run: a start with a non-letter among the next
  // few bytes; a run squeezed below is no longer). As each is found, its hash
  // is tested against the filter, with no branch on the outcome: only the
  // runs that pass (a few a post) are kept, to be looked up below. Branches
  // on what the text says are what this costs most where it is taken, as in
  // the automaton's scan. A letter written three times or more in a row:
  // Normalize() squeezes it to two (case aside), so in a text with one
  // (any_triple) each run is squeezed before it is hashed, written over its
  // own bytes with zeros after (no letter: the patterns' atoms are then
  // looked for in the squeezed runs too, as in the canonical text). Its hits
  // keep its place in the text.
  LetterRun* const runs = s.runs.data();
  const unsigned min_run = any_digit ? impl.min_run_digit : impl.min_run;
  letters[words] = 0;  // (read as the word after the last)
  auto list_runs = [&](auto squeeze) {
    size_t passed = 0;
    uint64_t carry = 0;  // the previous word's last bit
    for (size_t w = 0; w < words; ++w) {
      const uint64_t m = letters[w];
      uint64_t starts = m & ~((m << 1) | carry);
      carry = m >> 63;
      if (min_run > 1) {
        // Bit i: bytes i to i + min_run - 1 are letters (the next word's
        // first bits beyond this one's end; zero past the last word).
        const uint64_t next = letters[w + 1];
        uint64_t whole = m & ((m >> 1) | (next << 63));
        if (min_run > 2) whole &= (m >> 2) | (next << 62);
        if (min_run > 3) whole &= (m >> 3) | (next << 61);
        starts &= whole;
      }
      for (; starts != 0; starts &= starts - 1) {
        // (ctz through unsigned: no sign extension of its int.)
        const size_t at = static_cast<unsigned>(__builtin_ctzll(starts));
        const size_t begin = w * 64 + at;
        const uint64_t gaps = ~m >> at;  // the non-letters from the run on
        size_t size;
        uint64_t key;
        if (gaps != 0) [[likely]] {
          size = static_cast<unsigned>(__builtin_ctzll(gaps));
          // (Below 64 already: `& 63` tells the compiler, so no clamp.)
          key = KeepBytes(lower + begin, size & 63);
        } else {  // a run past this word
          size_t v = w + 1;
          while (letters[v] == ~0ull) ++v;
          size = v * 64 + static_cast<unsigned>(__builtin_ctzll(~letters[v])) - begin;
          key = RunKey(lower + begin, size);
        }
        // (Squeezed only in the gate's own copy: `lower` is `own` then. The
        // key is taken again, of the squeezed run: a rare path.)
        if constexpr (decltype(squeeze)::value) {
          size = SqueezeRun(own + begin, size);
          key = RunKey(lower + begin, size);
        }
        const uint64_t h = FilterHash(key);
        runs[passed] = LetterRun{static_cast<uint32_t>(begin), static_cast<uint32_t>(size)};
        passed += impl.MayHold(h);
      }
    }
    return passed;
  };
  const size_t passed = any_triple ? list_runs(std::true_type()) : list_runs(std::false_type());
  bool intents = false;  // kHits: an intent phrase has its units in the text
  size_t table_count = 0;  // kHits: runs in the table, at the front of s.table_runs
  for (size_t k = 0; k < passed; ++k) {
    const char* const run = lower + runs[k].begin;
    const Impl::Slot* slot = impl.Find(run, runs[k].size, TableHash(run, runs[k].size));
    if (slot == nullptr) continue;
    if constexpr (kHits) s.table_runs[table_count++] = {runs[k].begin, slot};
    for (uint32_t e_k = 0; e_k < slot->entries_size; ++e_k) {
      const Impl::Entry e = impl.entries[slot->entries_begin + e_k];
      if (e.alt == kCurrencyAlt) {
        if (any_digit) return kMaybe;
        continue;
      }
      const Impl::Alt& alt = impl.alts[e.alt];
      if (alt.label != 0 && alt.label != post_label) continue;
      uint64_t& st = s.state[e.alt];
      if ((st >> 32) != s.call) st = stamp;
      if (alt.later == 0) {
        st |= e.bit;
      } else if (e.bit != alt.later) {
        st |= e.bit;
        s.earlier_at[e.alt] = runs[k].begin;
      } else if ((st & (alt.need ^ alt.later)) != 0 && s.earlier_at[e.alt] < runs[k].begin &&
                 RunStarts(letters, s.earlier_at[e.alt] + 1, runs[k].begin) <= alt.gap) {
        st |= e.bit;  // the earlier unit's last run is close enough before it
      }
      if ((static_cast<uint32_t>(st) & alt.need) == alt.need) {
        if (!kHits || !alt.intent) return kMaybe;
        intents = true;
      }
    }
  }
  // The patterns: the atoms found, and whether they let one match. A text
  // with no ASCII digit has no match of a pattern that needs one
  // (RegexNeedsDigit(); the canonical text has no digit the raw text has
  // not: lower-casing makes none), so with all patterns such there is
  // nothing to look for in it.
  if (impl.prefilter && (any_digit || !impl.patterns_need_digit)) {
    std::vector<int>& found = s.atoms_found;
    found.clear();
    const std::string_view lowered(lower, n);
    for (size_t k = 0; k < impl.atom_runs.size(); ++k) {
      const std::string& run = impl.atom_runs[k];
      if (run.empty() || lowered.find(run) != std::string_view::npos) found.push_back(static_cast<int>(k));
    }
    if (!found.empty() || impl.atomless_patterns) {
      impl.prefilter->AllPotentials(found, &s.potentials);
      for (int k : s.potentials) {
        if (any_digit || !impl.pattern_needs_digit[static_cast<size_t>(k)]) return kMaybe;
      }
    }
  }
  if constexpr (kHits) {
    if (!intents && !question) return kNo;
    // The hits, in text order: each run of a unit of an intent phrase found
    // whole, with the widest reach of those phrases, and each '?' (put in
    // before the first run past it: no merge of two lists, which allocated a
    // buffer a post).
    size_t mark = question ? text.find('?') : std::string_view::npos;
    auto marks_before = [&](size_t at) {
      for (; mark < at; mark = text.find('?', mark + 1)) {
        hits->push_back(Hit{static_cast<uint32_t>(mark), impl.question_reach, impl.question_reach});
      }
    };
    for (size_t t = 0; t < table_count; ++t) {
      const auto [at, slot] = s.table_runs[t];
      int before = -1, after = 0;
      for (uint32_t e_k = 0; e_k < slot->entries_size; ++e_k) {
        const Impl::Entry e = impl.entries[slot->entries_begin + e_k];
        if (e.alt == kCurrencyAlt) continue;
        const Impl::Alt& alt = impl.alts[e.alt];
        const uint64_t st = s.state[e.alt];
        if ((st >> 32) != s.call || (static_cast<uint32_t>(st) & alt.need) != alt.need) continue;
        const int place = e.bit >> 1;  // bit 1 or 2
        before = std::max<int>(before, alt.before[place]);
        after = std::max<int>(after, alt.after[place]);
      }
      if (before >= 0) {
        marks_before(at);
        hits->push_back(Hit{at, static_cast<uint8_t>(before), static_cast<uint8_t>(after)});
      }
    }
    marks_before(std::string_view::npos);
    return Verdict::kIntents;
  }
  return kNo;
}

}  // namespace parley
