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
  return Softmax(Logits(x), temperature);
}

std::string LinearModel::Meta(const std::string& key) const {
  for (const auto& [k, v] : metadata) {
    if (k == key) return v;
  }
  return "";
}

namespace {

uint32_t SlotOf(uint32_t row, uint32_t shift) {
  return static_cast<uint32_t>((uint64_t{row} * 0x9E3779B97F4A7C15ull) >> 32) >> shift;
}

}  // namespace

CompactModel::CompactModel(const LinearModel& m)
    : dense_(m.weights.begin() + static_cast<ptrdiff_t>(m.HashedRows() * kLabels), m.weights.end()),
      temperature_(m.temperature) {
  for (size_t r = 0; r < m.HashedRows(); ++r) {
    const float* w = &m.weights[r * kLabels];
    rows_ += w[0] != 0 || w[1] != 0 || w[2] != 0;
  }
  uint32_t bits = 4;
  while ((size_t{1} << bits) < 2 * rows_) ++bits;
  slots_.resize(size_t{1} << bits);
  shift_ = 32 - bits;
  const size_t mask = slots_.size() - 1;
  for (size_t r = 0; r < m.HashedRows(); ++r) {
    const float* w = &m.weights[r * kLabels];
    if (w[0] == 0 && w[1] == 0 && w[2] == 0) continue;
    size_t i = SlotOf(static_cast<uint32_t>(r), shift_);
    while (slots_[i].key != 0) i = (i + 1) & mask;
    slots_[i].key = static_cast<uint32_t>(r) + 1;
    for (int k = 0; k < kLabels; ++k) slots_[i].w[k] = w[k];
  }
}

const float* CompactModel::Find(uint32_t row) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(row, shift_);; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.key == row + 1) return s.w;
    if (s.key == 0) return nullptr;
  }
}

std::array<float, kLabels> CompactModel::Logits(const FeatureVector& x) const {
  std::array<float, kLabels> words{}, chars{}, z{};
  for (size_t i = 0; i < x.hashed.size(); ++i) {
    const float* w = Find(x.hashed[i]);
    if (!w) continue;
    auto& sum = i < x.words ? words : chars;
    for (int k = 0; k < kLabels; ++k) sum[k] += w[k];
  }
  const float* bias = &dense_[kDenseFeatures * kLabels];
  for (int k = 0; k < kLabels; ++k) {
    z[k] = bias[k] + words[k] * x.word_scale + chars[k] * x.char_scale;
  }
  for (int j = 0; j < kDenseFeatures; ++j) {
    if (x.dense[j] == 0) continue;
    for (int k = 0; k < kLabels; ++k) z[k] += dense_[j * kLabels + k] * x.dense[j];
  }
  return z;
}

Probabilities CompactModel::Predict(const FeatureVector& x) const {
  return Softmax(Logits(x), temperature_);
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
