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
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

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
  inline const Entry* FindShort(uint64_t k0, uint64_t k1, size_t size, uint64_t hash) const;
  static constexpr size_t kInlineKey = 16;

  // A fast hash of short strings, eight bytes per step. Equal to
  // HashFinish(HashStep(...HashStep(kHashSeed, w1)..., wk), s.size()) over
  // the little-endian 8-byte words of s, the last one zero-padded.
  static inline uint64_t Hash(std::string_view s);
  static constexpr uint64_t kHashSeed = 0x9E3779B97F4A7C15ull;
  static uint64_t HashStep(uint64_t h, uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
  static uint64_t HashFinish(uint64_t h, size_t size) {
    h = (h ^ size) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h * 0xBF58476D1CE4E5B9ull ^ (h >> 32);
  }
  size_t size() const { return words_; }

  // memcmp(a, b, n) == 0, inline: Find() compares short keys.
  static inline bool SameBytes(const char* a, const char* b, size_t n);

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
  Entry* Upsert(std::string_view key);
  void Insert(const Slot& slot, uint64_t hash);
  void Rebuild(size_t slots);
  // The first 16 bytes of `s`, zero-padded, as two little-endian words.
  static inline void LoadKey(std::string_view s, uint64_t* k0, uint64_t* k1);

  // One bit per value of the hash's top kFilterBits bits, set for every
  // key's: small enough to stay in L1, it turns most unknown words away
  // before they touch the table (they are most words, and rarely cached).
  static constexpr unsigned kFilterBits = 16;
  bool MayHold(uint64_t h) const {
    uint64_t bit = h >> (64 - kFilterBits);
    return (filter_[bit >> 6] >> (bit & 63)) & 1;
  }
  std::vector<uint64_t> filter_ = std::vector<uint64_t>((size_t{1} << kFilterBits) / 64);
  std::vector<Slot> slots_;
  std::string long_keys_;  // keys over 16 bytes, back to back
  size_t used_ = 0;        // occupied slots
  size_t words_ = 0;
};

// Inline: the scorer looks up every word of every post.
uint64_t VaderLexicon::Hash(std::string_view s) {
  // Multiply-xorshift over 8-byte words: one multiply per word, where a
  // byte-wise hash would wait on one per byte. The last word is zero-padded
  // so a scanner reading eight bytes at a time can compute the same hash.
  uint64_t h = kHashSeed;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = HashStep(h, w);
  }
  if (size_t r = s.size() - i) {  // 1..7 bytes left: fixed-size loads, no call
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data() + i);
    uint64_t w;
    if (s.size() >= 8) {  // the last eight bytes, shifted down to the r new ones
      std::memcpy(&w, s.data() + s.size() - 8, 8);
      w >>= (8 - r) * 8;
    } else if (r >= 4) {  // two overlapping loads; shared bytes agree
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + r - 4, 4);
      w = lo | (static_cast<uint64_t>(hi) << ((r - 4) * 8));
    } else {
      w = p[0] | (r > 1 ? static_cast<uint64_t>(p[1]) << 8 : 0) |
          (r > 2 ? static_cast<uint64_t>(p[2]) << 16 : 0);
    }
    h = HashStep(h, w);
  }
  return HashFinish(h, s.size());
}

// memcmp(a, b, n) == 0 for the short keys of a lexicon, with fixed-size
// loads (overlapping at the end) instead of a library call.
bool VaderLexicon::SameBytes(const char* a, const char* b, size_t n) {
  auto load8 = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  auto load4 = [](const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

void VaderLexicon::LoadKey(std::string_view s, uint64_t* k0, uint64_t* k1) {
  auto load = [](const char* p, size_t n) {  // n in 0..8 bytes
    uint64_t w = 0;
    if (n >= 8) {
      std::memcpy(&w, p, 8);
    } else if (n >= 4) {  // two overlapping loads; shared bytes agree
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      w = lo | (static_cast<uint64_t>(hi) << ((n - 4) * 8));
    } else if (n) {
      const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
      w = u[0] | (n > 1 ? static_cast<uint64_t>(u[1]) << 8 : 0) |
          (n > 2 ? static_cast<uint64_t>(u[2]) << 16 : 0);
    }
    return w;
  };
  size_t n = std::min(s.size(), kInlineKey);
  *k0 = load(s.data(), std::min<size_t>(n, 8));
  *k1 = n > 8 ? load(s.data() + 8, n - 8) : 0;
}

const VaderLexicon::Entry* VaderLexicon::FindShort(uint64_t k0, uint64_t k1, size_t size,
                                                   uint64_t h) const {
  if (!MayHold(h)) return nullptr;
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.key[0] == k0 && s.key[1] == k1 && s.entry.key_size == size) return &s.entry;
    if (s.entry.key_size == 0) return nullptr;
  }
}

const VaderLexicon::Entry* VaderLexicon::Find(std::string_view word, uint64_t h) const {
  if (slots_.empty() || word.empty() || word.size() > kMaxKeySize) return nullptr;
  if (word.size() <= kInlineKey) {
    uint64_t k0, k1;
    LoadKey(word, &k0, &k1);
    return FindShort(k0, k1, word.size(), h);
  }
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.entry.key_size == 0) return nullptr;
    if (s.entry.key_size == word.size() && s.key[0] == h &&
        SameBytes(long_keys_.data() + s.key[1], word.data(), word.size()))
      return &s.entry;
  }
}

struct VaderOptions {
  bool emoji = true;  // score emoji by their Unicode names (see above)
};

struct VaderScores {
  double neg = 0, neu = 0, pos = 0;  // proportions, rounded to 3 decimals
  double compound = 0;               // in [-1, 1], rounded to 4 decimals
};

// Per-thread working memory for Score(); reuse it to avoid allocations.
class VaderScratch {
 public:
  VaderScratch();
  ~VaderScratch();
  struct Impl;
  Impl* impl() { return impl_.get(); }

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
  // caller must find the chunks itself.
  bool known = false;
  // In text order. Every chunk with an '@', '#', '/' or "www." (any case)
  // is here; a few others may be too (one with a control byte).
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
  const VaderLexicon& lexicon() const { return *lexicon_; }

 private:
  std::shared_ptr<const VaderLexicon> lexicon_;
  VaderOptions options_;
};

}  // namespace parley

#endif  // PARLEY_TEXT_VADER_H_
