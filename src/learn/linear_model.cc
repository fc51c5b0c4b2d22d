#include "src/learn/linear_model.h"

#include <algorithm>
#include <cmath>

namespace parley::learn {

void LinearModel::Reset(const FeatureConfig& c) {
  config = c;
  temperature = 1;
  weights.assign(Rows() * kLabels, 0.f);
}

std::array<float, kLabels> LinearModel::Logits(const FeatureVector& x) const {
  std::array<float, kLabels> hashed{}, z{};
  for (uint32_t row : x.hashed) {
    const float* w = &weights[size_t{row} * kLabels];
    for (int k = 0; k < kLabels; ++k) hashed[k] += w[k];
  }
  const float* bias = &weights[BiasRow() * kLabels];
  for (int k = 0; k < kLabels; ++k) z[k] = bias[k] + hashed[k] * x.hashed_scale;
  for (int j = 0; j < kDenseFeatures; ++j) {
    if (x.dense[j] == 0) continue;
    const float* w = &weights[DenseRow(j) * kLabels];
    for (int k = 0; k < kLabels; ++k) z[k] += w[k] * x.dense[j];
  }
  return z;
}

Probabilities LinearModel::Predict(const FeatureVector& x) const {
  return Softmax(Logits(x), temperature);
}

std::string LinearModel::Meta(const std::string& key) const {
  for (const auto& [k, v] : metadata) {
    if (k == key) return v;
  }
  return "";
}

Probabilities Softmax(const std::array<float, kLabels>& z, double t) {
  const double top = *std::max_element(z.begin(), z.end());
  Probabilities p;
  double sum = 0;
  for (int k = 0; k < kLabels; ++k) sum += p[k] = std::exp((z[k] - top) / t);
  for (double& v : p) v /= sum;
  return p;
}

int ArgMax(const Probabilities& p) {
  return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

}  // namespace parley::learn
