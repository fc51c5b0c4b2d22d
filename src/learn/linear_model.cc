#include "src/learn/linear_model.h"

#include <algorithm>
#include <cmath>

namespace parley::learn {

void LinearModel::Reset(const FeatureConfig& c) {
  config = c;
  temperatures = {1, 1, 1};
  weights.assign(Rows() * kLabels, 0.f);
}

std::array<float, kLabels> LinearModel::Logits(const FeatureVector& x) const {
  // The rows are scattered over a table far larger than the cache: ask for
  // all of them before summing, so their misses overlap.
  for (uint32_t row : x.hashed) __builtin_prefetch(&weights[size_t{row} * kLabels]);
  std::array<float, kLabels> words{}, chars{}, z{};
  auto sum = [&](size_t from, size_t to, std::array<float, kLabels>* out) {
    for (size_t i = from; i < to; ++i) {
      const float* w = &weights[size_t{x.hashed[i]} * kLabels];
      for (int k = 0; k < kLabels; ++k) (*out)[k] += w[k];
    }
  };
  sum(0, x.words, &words);
  sum(x.words, x.hashed.size(), &chars);
  const float* bias = &weights[BiasRow() * kLabels];
  for (int k = 0; k < kLabels; ++k) {
    z[k] = bias[k] + words[k] * x.word_scale + chars[k] * x.char_scale;
  }
  for (int j = 0; j < kDenseFeatures; ++j) {
    if (x.dense[j] == 0) continue;
    const float* w = &weights[DenseRow(j) * kLabels];
    for (int k = 0; k < kLabels; ++k) z[k] += w[k] * x.dense[j];
  }
  return z;
}

Probabilities LinearModel::Predict(const FeatureVector& x) const {
  return Calibrated(Logits(x), temperatures);
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

Probabilities Calibrated(const std::array<float, kLabels>& z, const Temperatures& t) {
  const auto top = std::max_element(z.begin(), z.end()) - z.begin();
  return Softmax(z, t[top]);
}

int ArgMax(const Probabilities& p) {
  return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

}  // namespace parley::learn
