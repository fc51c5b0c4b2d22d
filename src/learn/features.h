// Features of the learned sentiment model: hashed word uni/bigrams (with a
// negation-scope variant of each unigram), hashed character n-grams of each
// word, and a few dense features from the lexicon model and social cues
// (VADER's scores, negation, capitals, emphasis, emoji).
//
// Hashing needs no vocabulary, so extracting features of a text depends on
// nothing but the text and the FeatureConfig: training data, folds and
// threads cannot change them. The hash function is part of the model file
// format (a change to it needs a new format version).
//
// Thread safety: a FeatureExtractor is immutable; Extract() may run on many
// threads at once, each with its own FeatureScratch.
#ifndef PARLEY_LEARN_FEATURES_H_
#define PARLEY_LEARN_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/learn/packed_rows.h"
#include "src/text/tokenizer.h"
#include "src/text/vader.h"

namespace parley::learn {

struct FeatureConfig {
  uint32_t hash_bits = 20;   // 2^hash_bits hashed weight rows
  uint32_t word_ngrams = 2;  // 1: unigrams only; 2: also bigrams
  uint32_t char_min = 3;     // character n-grams of each word, lengths
  uint32_t char_max = 5;     // char_min..char_max; 0 turns them off
  bool emoji = true;         // the lexicon scores emoji by their names
};

// Dense features, in order: compound, pos, neg, neu, compound>=0.05,
// compound<=-0.05, negation, capitals, exclamation, question, emoji,
// elongation, length.
inline constexpr int kDenseFeatures = 13;

// Word features and character n-grams are scaled apart: each group's values
// are kGroupWeight/sqrt(group size), so a long word's many n-grams cannot
// drown out the words themselves.
inline constexpr float kWordGroupWeight = 1.0f;
inline constexpr float kCharGroupWeight = 0.2f;

struct FeatureVector {
  // Row numbers (< 2^hash_bits): word features in [0, words), character
  // n-grams after them. A repeated row counts twice.
  std::vector<uint32_t> hashed;
  size_t words = 0;
  float word_scale = 0;  // the value of each word feature
  float char_scale = 0;  // the value of each character n-gram
  std::array<float, kDenseFeatures> dense{};
  VaderScores vader;  // the lexicon model's scores of the same text
  // Set by ExtractSums() instead of `hashed`: the sums of the word and of
  // the character n-gram rows (`words` still counts the word features).
  bool summed = false;
  std::array<float, kLabels> word_sum{}, char_sum{};
};

// What ExtractSums() keeps of a token of up to 24 bytes between posts: its
// normal form's hash and weight row, whether it is a negation, and (for a
// word) the sum and count of its character n-gram rows. Keyed by the token's
// raw bytes and kind: its normal form depends on nothing else.
struct alignas(64) WordCacheEntry {  // one cache line
  uint64_t key[3] = {0, 0, 0};  // the raw bytes, zero-padded
  uint64_t hash = 0;
  std::array<float, kLabels> row{};  // the unigram's weights
  std::array<float, kLabels> char_sum{};
  uint16_t chars = 0;
  uint8_t size = 0;  // raw bytes; 0: empty
  TokenKind kind = TokenKind::kWord;
  bool negation = false;
  bool recent = false;  // hit since it was filled
};
static_assert(sizeof(WordCacheEntry) == 64);
inline constexpr size_t kWordCacheSlots = 8192;  // 512 KB

// The two slots that the raw token `raw`, of at most 24 bytes, may be cached
// in. For tests.
std::pair<size_t, size_t> WordCacheSlots(std::string_view raw);

struct FeatureScratch {
  VaderScratch vader;
  std::vector<Token> tokens;
  std::string word;     // a non-ASCII token's normal form
  std::vector<uint64_t> word_hashes;
  std::vector<uint32_t> chars;  // character n-gram buckets (grown, never shrunk)
  // ExtractSums()'s: the word cache, for the rows of word_cache_rows, and
  // each token's key and slot in it.
  struct CachedKey {
    uint64_t k[3];
    WordCacheEntry* slot;  // null: not cached
    WordCacheEntry* alt;   // its other slot
  };
  std::vector<CachedKey> keys;
  std::vector<WordCacheEntry> word_cache;
  uint64_t word_cache_rows = 0;  // PackedRows::id
  std::string bounded;          // "<word>" and 8 zero bytes (the normal form of words)
};

class FeatureExtractor {
 public:
  // `vader` must outlive the extractor.
  FeatureExtractor(const FeatureConfig& config, const VaderModel* vader);

  // Fills `out` (replacing its contents) for `text`.
  void Extract(std::string_view text, FeatureScratch* scratch, FeatureVector* out) const;

  // Prediction's path: the features Extract() gives, summed straight into
  // the rows of `rows` (packed from a model with this config): fills
  // word_sum, char_sum, the counts, scales and dense features, and leaves
  // `hashed` empty. The logits are Extract()'s up to the order of float
  // additions. Words seen before (per scratch) cost one cache probe.
  void ExtractSums(std::string_view text, const PackedRows& rows, FeatureScratch* scratch,
                   FeatureVector* out) const;

  const FeatureConfig& config() const { return config_; }
  uint64_t mask() const { return mask_; }

 private:
  void AddWords(std::string_view text, FeatureScratch* s, FeatureVector* out) const;
  // Writes the buckets of the character n-grams of the `size`-byte word at
  // s->bounded + 1 at `out` (room for size + 2 per n-gram length); returns
  // the end of what it wrote.
  uint32_t* AddCharNgrams(size_t size, FeatureScratch* s, uint32_t* out) const;

  FeatureConfig config_;
  const VaderModel* vader_;
  uint64_t mask_;
};

// Checks a config read from a file or flags: InvalidArgument naming the
// field that is out of range.
Status ValidateFeatureConfig(const FeatureConfig& config);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_FEATURES_H_
