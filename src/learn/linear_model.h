// The learned sentiment model: multinomial logistic regression over the
// features of features.h, with a temperature that calibrates its
// probabilities.
//
// Weights are one row of kClasses floats per hashed bucket, then one row per
// dense feature, then the bias row.
//
// Thread safety: immutable once trained or loaded; prediction may run on any
// number of threads.
#ifndef PARLEY_LEARN_LINEAR_MODEL_H_
#define PARLEY_LEARN_LINEAR_MODEL_H_

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/learn/features.h"

namespace parley::learn {

inline constexpr int kLabels = 3;  // negative, neutral, positive
using Probabilities = std::array<double, kLabels>;

struct LinearModel {
  FeatureConfig config;
  float temperature = 1;
  std::vector<float> weights;  // Rows() * kLabels
  // Training metadata as written to the model file: labels, data size, date,
  // held-out metrics... in the order they were added.
  std::vector<std::pair<std::string, std::string>> metadata;

  size_t HashedRows() const { return size_t{1} << config.hash_bits; }
  size_t Rows() const { return HashedRows() + kDenseFeatures + 1; }
  size_t DenseRow(int j) const { return HashedRows() + j; }
  size_t BiasRow() const { return HashedRows() + kDenseFeatures; }
  // Zero weights of the right size for `config`.
  void Reset(const FeatureConfig& config);

  // Raw scores before the temperature.
  std::array<float, kLabels> Logits(const FeatureVector& x) const;
  // Calibrated probabilities: softmax(logits / temperature).
  Probabilities Predict(const FeatureVector& x) const;
  // The metadata value for `key`, or "" when absent.
  std::string Meta(const std::string& key) const;
};

// The same model for inference: only its non-zero hashed rows, in an
// open-addressing table (16 bytes a slot, at most half full). A model
// trained on thousands of posts touches tens of thousands of rows, so the
// table stays in cache where the full 2^hash_bits rows (12 MB at 20 bits)
// cannot. Gives exactly the LinearModel's logits (absent rows add zero).
class CompactModel {
 public:
  explicit CompactModel(const LinearModel& model);

  std::array<float, kLabels> Logits(const FeatureVector& x) const;
  Probabilities Predict(const FeatureVector& x) const;
  size_t rows() const { return rows_; }  // non-zero hashed rows

 private:
  struct Slot {
    uint32_t key = 0;  // row + 1; 0 = empty
    float w[kLabels] = {0, 0, 0};
  };
  const float* Find(uint32_t row) const;

  std::vector<Slot> slots_;
  uint32_t shift_ = 32;
  size_t rows_ = 0;
  std::vector<float> dense_;  // dense-feature rows, then the bias row
  float temperature_ = 1;
};

// softmax(z / t), computed stably.
Probabilities Softmax(const std::array<float, kLabels>& z, double t = 1);
// The most probable class (the lowest index on ties).
int ArgMax(const Probabilities& p);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_LINEAR_MODEL_H_
