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

  struct Entry {
    double valence = 0;   // meaningful when in_lexicon
    double booster = 0;   // non-zero for booster/dampener words
    bool in_lexicon = false;
    bool negation = false;  // one of VADER's negation words ("not", "never", ...)
    WordClass word_class = kOther;
    bool phrase_start = false;  // first word of an idiom or a two-word dampener
  };

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
  // Entries live in one array; a compact open-addressing index (4 bytes a
  // slot, so the whole index stays in cache) points into it. Each index slot
  // holds a 12-bit tag of the hash and the entry number + 1 (0 = empty), so
  // most probes for unknown words never touch an entry.
  struct Stored {
    uint64_t hash = 0;
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
    Entry entry;
  };
  static constexpr uint32_t kIndexBits = 20;  // up to ~1M entries
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 52); }
  Entry* Upsert(std::string_view key);
  void Rebuild(size_t slots);

  std::string keys_;  // all keys, back to back
  std::vector<Stored> entries_;
  std::vector<uint32_t> index_;
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

const VaderLexicon::Entry* VaderLexicon::Find(std::string_view word, uint64_t h) const {
  if (index_.empty() || word.empty()) return nullptr;
  size_t mask = index_.size() - 1;
  uint32_t tag = Tag(h);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t slot = index_[i];
    if (slot == 0) return nullptr;
    if ((slot >> kIndexBits) != tag) continue;
    const Stored& s = entries_[(slot & ((1u << kIndexBits) - 1)) - 1];
    if (s.hash == h && s.key_size == word.size() &&
        SameBytes(keys_.data() + s.key_offset, word.data(), word.size()))
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

class VaderModel {
 public:
  VaderModel(std::shared_ptr<const VaderLexicon> lexicon, VaderOptions options);
  VaderScores Score(std::string_view text, VaderScratch* scratch) const;
  const VaderLexicon& lexicon() const { return *lexicon_; }

 private:
  std::shared_ptr<const VaderLexicon> lexicon_;
  VaderOptions options_;
};

}  // namespace parley

#endif  // PARLEY_TEXT_VADER_H_
