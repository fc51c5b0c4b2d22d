// The lexicon sentiment model: a faithful implementation of VADER's rules
// (Hutto & Gilbert, ICWSM 2014) as published in the `vader-sentiment` npm
// package, reading that package's vader_lexicon.txt.
//
// On the same text, VaderModel::Score() returns the same compound score as
// the package's SentimentIntensityAnalyzer.polarity_scores() (see
// tests/vader_conformance_test.cc and HACKING.md for the few known
// disagreements). One documented extension: emoji, which the npm package
// ignores, are replaced by their Unicode names before scoring ("😂" becomes
// "face with tears of joy"), as VADER's Python release does with its emoji
// descriptions. It can be turned off for strict package behaviour.
//
// Thread safety: VaderLexicon and VaderModel are immutable after
// construction; Score() may run on many threads, each with its own
// VaderScratch.
#ifndef PARLEY_TEXT_VADER_H_
#define PARLEY_TEXT_VADER_H_

#include <cstdint>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/core/bytes.h"
#include "src/core/huge_pages.h"

namespace parley {

// Word → mean valence (-4..+4), plus VADER's booster words, in one
// open-addressing hash table keyed by the lower-cased word.
class VaderLexicon {
 public:
  // Words VADER's rules look for by name; giving them a class spares the
  // scorer string comparisons on its hot path.
  enum WordClass : uint8_t { kOther, kKind, kOf, kLeast, kAt, kVery, kNever, kSo, kThis, kBut };

  // 16 bytes: with its key's first 16 bytes it fills half a cache line.
  struct Entry {
    double valence = 0;   // meaningful when in_lexicon
    double booster() const { return boost == 0 ? 0 : boost > 0 ? kBoostIncrement : kBoostDecrement; }
    int8_t boost = 0;     // +1 booster word ("very"), -1 dampener ("barely"), 0 neither
    bool in_lexicon = false;
    bool negation = false;  // one of VADER's negation words ("not", "never", ...)
    WordClass word_class = kOther;
    bool phrase_start = false;  // first word of an idiom or a two-word dampener
    // 1 + the word's index in the idiom and two-word dampener vocabulary
    // (vader.cc), 0 for other words: phrases then match by small integers.
    uint8_t phrase_word = 0;
    uint16_t key_size = 0;      // bytes of the key; 0 marks an empty table slot
  };
  static constexpr double kBoostIncrement = 0.293;   // booster word ("very")
  static constexpr double kBoostDecrement = -0.293;  // dampener word ("barely")
  static constexpr size_t kMaxKeySize = 0xFFFF;

  // Parses the lexicon file format: one "word<TAB>mean<TAB>sd<TAB>ratings"
  // per line. A line without a numeric mean is DataLoss naming the line.
  // `name` is used in error messages.
  static StatusOr<VaderLexicon> Parse(std::string_view contents, std::string_view name);

  // Reads and parses the file at `path`.
  static StatusOr<VaderLexicon> Load(const std::string& path);

  // nullptr when `lower_word` is not a word VADER knows (lexicon, booster,
  // negation or rule word). `hash` must be Hash(lower_word).
  inline const Entry* Find(std::string_view lower_word, uint64_t hash) const;
  const Entry* Find(std::string_view lower_word) const { return Find(lower_word, Hash(lower_word)); }

  // Find() for a word of 1..16 bytes given as its little-endian 8-byte
  // words, zero-padded (k1 is 0 for a word of up to 8 bytes): the scorer
  // has them in registers, and short keys compare in two instructions.
  // `hash` must be ShortHash(k0, k1). Always inlined: the scorer's word
  // loop is its hot caller, and GCC put it out of line once it had more.
  [[gnu::always_inline]] inline const Entry* FindShort(uint64_t k0, uint64_t k1, size_t size, uint64_t hash) const;
  static constexpr size_t kInlineKey = 16;

  // What FindShort() reads of the table, copied out (defined below). A
  // loop that stores words between lookups keeps a copy in registers:
  // through `this`, GCC loads the members again after every store that may
  // alias them (the scorer's word flags are bools). Valid while the
  // lexicon lives unchanged.
  class ShortFinder;
  inline ShortFinder short_finder() const;

  // The table's hash of a key: ShortHash() of a key of up to kInlineKey
  // bytes, bytes::Hash() of a longer one.
  static inline uint64_t Hash(std::string_view word);
  // The hash of a short key from its zero-padded key words: two independent
  // multiplies and an add, rather than bytes::Hash()'s chain of five. Every
  // word's filter bit and first slot wait on it, and whether the word is
  // known, which the text decides, waits on them (bench/README.md,
  // 2026-12-01 vader12). Only its top bits are mixed well (a product's bit
  // k depends on its factors' bits 0..k): the filter and the table index
  // by the top bits. Words differ in their key words or their size, and
  // Find() compares both, so the size need not be hashed.
  static uint64_t ShortHash(uint64_t k0, uint64_t k1) {
    return k0 * 0x9E3779B97F4A7C15ull + k1 * 0xC2B2AE3D27D4EB4Full;
  }

  size_t size() const { return words_; }
  // Slots of the hash table: the smallest power of two, 64 or more, that
  // holds every key (the file's and the rule words) at most half full. For
  // tests.
  size_t table_slots() const { return slots_.size(); }

  // How many slots past its first a lookup of `word` reads before it finds
  // it, or -1 when `word` is not in the table: 0 or 1 cost one compare
  // (FindShort() compares the first two), more take the probing loop. For
  // tests of the table's layout.
  int SlotsPastFirst(std::string_view word) const;

 private:
  // One open-addressing table (linear probing, at most half full) of 32-byte
  // slots, two per cache line: a hit reads one line, with no index to chase.
  // A key of up to 16 bytes is stored inline, zero-padded; a longer one
  // keeps its hash in key[0] and its offset in long_keys_ in key[1].
  struct Slot {
    uint64_t key[2] = {0, 0};
    Entry entry;
  };
  static_assert(sizeof(Entry) == 16 && sizeof(Slot) == 32);

 public:
  class ShortFinder {
   public:
    // FindShort(), on the copy.
    [[gnu::always_inline]] inline const Entry* Find(uint64_t k0, uint64_t k1, size_t size,
                                                    uint64_t hash) const;

   private:
    friend class VaderLexicon;
    const uint64_t* filter_;
    const Slot* slots_;
    size_t mask_;
    unsigned shift_;
  };

 private:
  // A line of the lexicon file, read: its mean valence, and where its word
  // lies in the file's text (offset << 16 | size; a key has at most
  // kMaxKeySize bytes).
  struct FileWord {
    double valence;
    uint64_t key;
  };
  using FileWords = std::vector<FileWord, HugePageAllocator<FileWord>>;
  // The smallest table that holds `keys` at most half full (64 slots or more).
  static size_t TableSize(size_t keys);
  // Builds the table, once, at the size inserting its keys one by one would
  // have grown it to: VADER's rule words first, then `words` of `text` from
  // the shortest key up.
  void Build(const char* text, const FileWords& words);
  void AddRuleWords();
  void AddFileWords(const char* text, const FileWords& words);
  Entry* Upsert(std::string_view key);
  Entry* Insert(const Slot& slot, uint64_t hash);
  void Rebuild(size_t slots);
  // The first 16 bytes of `s`, zero-padded, as two little-endian words.
  static inline void LoadKey(std::string_view s, uint64_t* k0, uint64_t* k1);

  // A blocked Bloom filter of every key's hash: the hash's top
  // kFilterWordBits bits pick one 64-bit word, and each of the next
  // kFilterProbes 6-bit fields a bit of it, all set for every key. It turns
  // most unknown words away before they touch the table (they are most
  // words, and their slots rarely cached). Two bits in 16 KB pass ~1% of
  // unknown words, fewer than one bit in the 32 KB it replaced (~1.5%) and
  // in half the cache (bench/README.md, 2026-12-01 vader12).
  static constexpr unsigned kFilterWordBits = 11;
  static constexpr unsigned kFilterProbes = 2;
  static uint64_t FilterBits(uint64_t h) {
    uint64_t bits = 0;
    for (unsigned k = 1; k <= kFilterProbes; ++k)
      bits |= uint64_t{1} << ((h >> (64 - kFilterWordBits - 6 * k)) & 63);
    return bits;
  }
  // Whether the filter words at `filter` may hold a key of hash `h`; the
  // one test of MayHold() and of ShortFinder's copy of the table.
  // Each probe's bit is shifted down and tested, rather than the word
  // compared with FilterBits(h): a shift by a register takes its count mod
  // 64 itself, and there is no mask of probe bits to build (~3 fewer
  // instructions a word looked up).
  static bool FilterPasses(const uint64_t* filter, uint64_t h) {
    uint64_t word = filter[h >> (64 - kFilterWordBits)];
    uint64_t all = 1;
    for (unsigned k = 1; k <= kFilterProbes; ++k)
      all &= word >> ((h >> (64 - kFilterWordBits - 6 * k)) & 63);
    return (all & 1) != 0;
  }
  bool MayHold(uint64_t h) const { return FilterPasses(filter_.data(), h); }
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(size_t{1} << kFilterWordBits);
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  // A key's first slot is its hash's top bits: hash >> shift_. (63 for an
  // empty table, where the filter passes nothing and no slot is read.)
  unsigned shift_ = 63;
  std::string long_keys_;  // keys over 16 bytes, back to back
  size_t used_ = 0;        // occupied slots
  size_t words_ = 0;
};

void VaderLexicon::LoadKey(std::string_view s, uint64_t* k0, uint64_t* k1) {
  size_t n = std::min(s.size(), kInlineKey);
  *k0 = bytes::LoadPadded(s.data(), std::min<size_t>(n, 8));
  *k1 = n > 8 ? bytes::LoadPadded(s.data() + 8, n - 8) : 0;
}

uint64_t VaderLexicon::Hash(std::string_view word) {
  if (word.size() > kInlineKey) return bytes::Hash(word);
  uint64_t k0, k1;
  LoadKey(word, &k0, &k1);
  return ShortHash(k0, k1);
}

const VaderLexicon::Entry* VaderLexicon::ShortFinder::Find(uint64_t k0, uint64_t k1, size_t size,
                                                            uint64_t h) const {
  // Whether a word is known is up to the text, so the path has as few
  // tests as it can: a word the filter turns away (~3 in 4 of the bench's
  // words) returns at once, and one compare of the word with its first
  // slot, where VADER's rule words and short keys lie (see AddRuleWords()),
  // finds most of the others (93% of the bench's words the filter passes):
  // that branch goes one way. The rest, rare, probe from the second slot
  // (a key is never past an empty slot). The filter passes nothing on an
  // empty table, so no slot is read there. (Comparing the first two slots
  // without a branch between them, as a product of tests, took ~30
  // instructions more a known word: bench/README.md, an34. A filtered word
  // used to read two always-empty slots instead of returning: GCC branched
  // on the filter all the same, and then compared them, ~200 instructions
  // a post more: an19.)
  if (!FilterPasses(filter_, h)) return nullptr;
  size_t i = h >> shift_;
  const Slot* s = slots_ + i;
  // One test of the three compares: their differences ORed.
  if (((s->key[0] ^ k0) | (s->key[1] ^ k1) | (s->entry.key_size ^ size)) == 0) [[likely]]
    return &s->entry;
  if (s->entry.key_size == 0) return nullptr;
  for (i = (i + 1) & mask_;; i = (i + 1) & mask_) {
    const Slot& next = slots_[i];
    if (next.key[0] == k0 && next.key[1] == k1 && next.entry.key_size == size) return &next.entry;
    if (next.entry.key_size == 0) return nullptr;
  }
}

VaderLexicon::ShortFinder VaderLexicon::short_finder() const {
  ShortFinder f;
  f.filter_ = filter_.data();
  f.slots_ = slots_.data();
  f.mask_ = slots_.size() - 1;
  f.shift_ = shift_;
  return f;
}

const VaderLexicon::Entry* VaderLexicon::FindShort(uint64_t k0, uint64_t k1, size_t size,
                                                   uint64_t h) const {
  return short_finder().Find(k0, k1, size, h);
}

const VaderLexicon::Entry* VaderLexicon::Find(std::string_view word, uint64_t h) const {
  if (slots_.empty() || word.empty() || word.size() > kMaxKeySize) return nullptr;
  if (word.size() <= kInlineKey) {
    uint64_t k0, k1;
    LoadKey(word, &k0, &k1);
    return FindShort(k0, k1, word.size(), h);
  }
  // Long words are mostly URLs, none of them known: the filter, which
  // holds every key's hash, turns them away before they walk the table.
  if (!MayHold(h)) return nullptr;
  size_t mask = slots_.size() - 1;
  for (size_t i = h >> shift_;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.entry.key_size == 0) return nullptr;
    if (s.entry.key_size == word.size() && s.key[0] == h &&
        bytes::SameBytes(long_keys_.data() + s.key[1], word.data(), word.size()))
      return &s.entry;
  }
}

// VADER's published constants that rules outside the scorer reuse (the
// taxonomy's price words weigh in a clause as a word of the lexicon would):
// the factor a negation shortly before a word applies to its valence ("not
// good"), and the normalization of a sum of valences into [-1, 1],
// sum / sqrt(sum^2 + alpha).
inline constexpr double kVaderNegationScalar = -0.74;
inline constexpr double kVaderNormalizeAlpha = 15;
inline double VaderNormalize(double sum) {
  return std::clamp(sum / std::sqrt(sum * sum + kVaderNormalizeAlpha), -1.0, 1.0);
}
// The sum a score in (-1, 1) was normalized from (a score of +-1 or beyond
// is taken as +-0.9999, whose sum is finite).
inline double VaderDenormalize(double score) {
  const double s = std::clamp(score, -0.9999, 0.9999);
  return s * std::sqrt(kVaderNormalizeAlpha / (1 - s * s));
}

struct VaderOptions {
  bool emoji = true;  // score emoji by their Unicode names (see above)
};

struct VaderScores {
  double neg = 0, neu = 0, pos = 0;  // proportions, rounded to 3 decimals
  double compound = 0;               // in [-1, 1], rounded to 4 decimals
};

// One 64-byte group of a text's bytes, classified once by the scorer: bit
// k of each mask is byte k of the group.
struct VaderByteGroup {
  uint64_t space = 0;    // JavaScript whitespace: ' ' and '\t'..'\r'
  uint64_t other = 0;    // any other byte below 0x21, or >= 0x80
  uint64_t upper = 0, lower = 0;  // A-Z, a-z
  uint64_t apostrophe = 0;
  // The bytes where Tokenizer::IsCueByte() holds: '@', '#', '/', and a
  // '.' after "www" (any case). The bits of a word are then exactly
  // whether the tokenizer scans it, with no byte test per word, and the
  // many words ending a sentence with a '.' take no branch of their own.
  uint64_t cue = 0;
  uint64_t bang = 0, question = 0;
  // Python's string.punctuation, which holds the apostrophe and every cue
  // byte: a word with none of these bits has no affix to strip, no "n't"
  // and no cue. (DEL, 0x7F, may be counted here or not.)
  uint64_t punct = 0;
};

// What Score() learned of the bytes of a text of spaces and visible ASCII
// (0x21..0x7F) only, most posts, which it classifies in 64-byte groups
// before it splits the words: other code that wants the same facts (the
// taxonomy's gate, tag_gate.h) reads them rather than classify the bytes
// again. Valid until the next Score() with the same scratch.
struct TextClasses {
  // The text with A-Z lower-cased, at the same offsets; 64 bytes past its
  // end may be read (they are not the text's).
  std::string_view lower;
  // (lower.size() + 63) / 64 groups. In the last, the bits of bytes past
  // the text are 0 for letters and '?', and may be anything else but
  // letters in the other masks.
  const VaderByteGroup* groups = nullptr;
};

// Per-thread working memory for Score(); reuse it to avoid allocations.
class VaderScratch {
 public:
  VaderScratch();
  ~VaderScratch();
  struct Impl;
  Impl* impl() { return impl_.get(); }
  // The classes of `text` (by address and size) when the last Score() with
  // this scratch was of `text` and classified its bytes (a text of spaces
  // and visible ASCII only); false otherwise, *out unchanged.
  bool Classes(std::string_view text, TextClasses* out) const;

 private:
  std::unique_ptr<Impl> impl_;
};

// The chunks of a text (runs between ASCII whitespace) that may hold a
// mention, hashtag, URL or emoji, as Tokenizer::TokenizeCueChunks() picks
// them, noted by Score() on its own pass over the words so the analyzer
// need not scan the text again for them.
struct CueChunks {
  struct Chunk {
    uint32_t offset = 0;  // bytes into the text
    uint32_t size = 0;
  };
  // False when Score() could not tell (the text has bytes >= 0x80, whose
  // Unicode spaces split VADER's words but not the tokenizer's chunks, and
  // whose emoji VADER scores by name): then `chunks` is empty and the
  // caller must find the chunks itself. (A text whose bytes >= 0x80 are one
  // chunk of emoji among ASCII chunks, most posts with an emoji, is told.)
  bool known = false;
  // In text order. Every chunk with an '@', '#', '/', "www." (any case) or
  // a byte >= 0x80 is here; a few others may be too (one with a control byte).
  std::vector<Chunk> chunks;
};

class VaderModel {
 public:
  VaderModel(std::shared_ptr<const VaderLexicon> lexicon, VaderOptions options);
  VaderScores Score(std::string_view text, VaderScratch* scratch) const {
    return Score(text, scratch, nullptr);
  }
  // Score() that also fills `*cues` (when not null) for `text`.
  VaderScores Score(std::string_view text, VaderScratch* scratch, CueChunks* cues) const;
  // Score(text.substr(begin, end - begin), scratch), reusing the words that
  // Score(text, scratch, ...) left in `scratch`: their lexicon entries, and
  // everything about them but what depends on their neighbours, the caps
  // count, "but" or punctuation emphasis, which the span's own words decide.
  // The scratch knows its text by address and size: call it right after
  // Score() on the same, unchanged `text` (with another text, it scores
  // that text first). A bound inside a whitespace token or a multi-byte
  // space, or a text with emoji (scored by name), takes the full Score()
  // of the substring. Leaves the scratch ready for more spans of `text`.
  VaderScores ScoreSpan(std::string_view text, size_t begin, size_t end,
                        VaderScratch* scratch) const;
  const VaderLexicon& lexicon() const { return *lexicon_; }

 private:
  std::shared_ptr<const VaderLexicon> lexicon_;
  VaderOptions options_;
};

namespace vader_internal {
// For tests: VADER's affix stripping of the ASCII `token` (2 bytes or more)
// by the byte loops (`bits` false), or from its punctuation bits as the
// scorer strips ASCII words (true).
std::string_view StripAsciiAffix(std::string_view token, bool bits);
// The scorer's rounding of `x` (|x| <= 1) to `digits` decimals (3 or 4), as
// JavaScript's x.toFixed(digits) and then a number again.
double RoundToFixed(double x, int digits);
// The scorer's rounding of two values at once, as its summary rounds them
// (`x[k]` to `digits[k]` decimals, 3 or 4, into `out[k]`); each lane must
// equal RoundToFixed() of its value.
void RoundToFixedPair(const double (&x)[2], const int (&digits)[2], double (&out)[2]);
// Makes the scorer's valence of a lexicon word skip its rules when none of
// the words before it can change it (`on`, the default) or always run them;
// returns the previous choice. Not thread-safe against scoring.
bool SetValenceShortcut(bool on);
// Whether this build and CPU can classify text with AVX2.
bool HasAvx2Classify();
// Makes the scorer classify text with AVX2 (`avx2`, where HasAvx2Classify())
// or SSE2; returns the previous choice. Not thread-safe against scoring.
bool SetClassifyAvx2(bool avx2);
// The scorer's byte classification of `text` by the current path: false for
// text with a byte other than a space or visible ASCII, else each 64-byte
// group's masks (space, other, upper, lower, apostrophe, cue, bang,
// question, punctuation), one more group of spaces, and the text
// lower-cased in `lowered`, padded with spaces.
bool ClassifyText(std::string_view text, std::vector<uint64_t>* masks, std::string* lowered);
// The scores of a text of `words` words whose lexicon words have
// `sentiments` (after the rules), with `emphasis` from its '!' and '?':
// by the scorer's path, or with `general`, by the sums and roundings even
// where a shortcut knows their result.
VaderScores SummarizeSentiments(const std::vector<double>& sentiments, size_t words,
                                double emphasis, bool general);
}  // namespace vader_internal

}  // namespace parley

#endif  // PARLEY_TEXT_VADER_H_
