// The learned sentiment model: multinomial logistic regression over the
// features of features.h, with temperatures (one per predicted class) that
// calibrate its probabilities.
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
#include "src/learn/packed_rows.h"

namespace parley::learn {

using Probabilities = std::array<double, kLabels>;

// Temperatures by predicted class: logits whose largest entry is class k are
// divided by t[k]. Any positive divisor keeps the argmax, so calibration never
// changes a label, only how sure the model says it is.
using Temperatures = std::array<float, kLabels>;

struct LinearModel {
  FeatureConfig config;
  Temperatures temperatures{1, 1, 1};
  std::vector<float> weights;  // Rows() * kLabels; empty once Pack()ed
  PackedRows packed;           // set by Pack(): then Logits() reads it
  // Training metadata as written to the model file: labels, data size, date,
  // held-out metrics... in the order they were added.
  std::vector<std::pair<std::string, std::string>> metadata;

  size_t HashedRows() const { return size_t{1} << config.hash_bits; }
  size_t Rows() const { return HashedRows() + kDenseFeatures + 1; }
  size_t DenseRow(int j) const { return HashedRows() + j; }
  size_t BiasRow() const { return HashedRows() + kDenseFeatures; }
  // Zero weights of the right size for `config`.
  void Reset(const FeatureConfig& config);

  // Builds `packed` from `weights` and frees `weights`: for a model that
  // will only predict (training and saving need `weights`). Logits are the
  // same up to the order of float additions.
  void Pack();
  // Sets the `before` counts and the id of packed rows whose bits, values
  // and tail are filled (Pack(), or a model file read packed).
  void FinishPacked();

  // Raw scores before the temperature.
  std::array<float, kLabels> Logits(const FeatureVector& x) const;
  // Calibrated probabilities: Calibrated(Logits(x), temperatures).
  Probabilities Predict(const FeatureVector& x) const;
  // The metadata value for `key`, or "" when absent.
  std::string Meta(const std::string& key) const;
};

// softmax(z / t), computed stably.
Probabilities Softmax(const std::array<float, kLabels>& z, double t = 1);
// softmax(z / t[k]) where k is the largest entry of z (the lowest on ties).
Probabilities Calibrated(const std::array<float, kLabels>& z, const Temperatures& t);
// The most probable class (the lowest index on ties).
int ArgMax(const Probabilities& p);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_LINEAR_MODEL_H_
