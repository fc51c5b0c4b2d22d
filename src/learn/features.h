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
#include <vector>

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
};

struct FeatureScratch {
  VaderScratch vader;
  std::vector<Token> tokens;
  std::string word;
  std::vector<uint64_t> word_hashes;
  std::vector<uint32_t> chars;
  std::string bounded;  // "<word>"
};

class FeatureExtractor {
 public:
  // `vader` must outlive the extractor.
  FeatureExtractor(const FeatureConfig& config, const VaderModel* vader);

  // Fills `out` (replacing its contents) for `text`.
  void Extract(std::string_view text, FeatureScratch* scratch, FeatureVector* out) const;

  const FeatureConfig& config() const { return config_; }

 private:
  void AddWords(std::string_view text, FeatureScratch* s, FeatureVector* out) const;
  void AddCharNgrams(std::string_view word, std::string* bounded,
                     std::vector<uint32_t>* out) const;
  void AddHash(uint64_t h, FeatureVector* out) const {
    out->hashed.push_back(static_cast<uint32_t>(h & mask_));
  }

  FeatureConfig config_;
  const VaderModel* vader_;
  uint64_t mask_;
};

// Checks a config read from a file or flags: InvalidArgument naming the
// field that is out of range.
Status ValidateFeatureConfig(const FeatureConfig& config);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_FEATURES_H_
