#include "src/learn/linear_model.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>

namespace parley::learn {

void LinearModel::Reset(const FeatureConfig& c) {
  config = c;
  temperatures = {1, 1, 1};
  weights.assign(Rows() * kLabels, 0.f);
}

void LinearModel::Pack() {
  const size_t hashed = HashedRows();
  packed = PackedRows();
  packed.blocks.resize((hashed + 63) / 64);
  packed.values.assign(kLabels, 0.f);
  for (size_t r = 0; r < hashed; ++r) {
    const float* w = &weights[r * kLabels];
    if (w[0] == 0 && w[1] == 0 && w[2] == 0) continue;
    packed.blocks[r / 64].bits |= uint64_t{1} << (r % 64);
    packed.values.insert(packed.values.end(), w, w + kLabels);
  }
  packed.tail.assign(weights.begin() + static_cast<std::ptrdiff_t>(hashed * kLabels),
                     weights.end());
  std::vector<float>().swap(weights);
  FinishPacked();
}

void LinearModel::FinishPacked() {
  uint32_t count = 0;
  for (PackedRows::Block& b : packed.blocks) {
    b.before = count;
    count += static_cast<uint32_t>(std::popcount(b.bits));
  }
  static std::atomic<uint64_t> next_id{1};
  packed.id = next_id++;
}

// Two sets of sums, so that the float additions of consecutive rows do not
// wait for each other (their latency, not the loads, bounded a single chain).
// Built twice, for CPUs with and without POPCNT (not in the x86-64 baseline).
__attribute__((target_clones("popcnt", "default"))) void SumPacked(
    const PackedRows& p, const uint32_t* rows, size_t n, float* out) {
  float a0 = 0, b0 = 0, c0 = 0, a1 = 0, b1 = 0, c1 = 0;
  const PackedRows::Block* blocks = p.blocks.data();
  const float* values = p.values.data();
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const float* w0 = PackedRow(blocks, values, rows[i]);
    const float* w1 = PackedRow(blocks, values, rows[i + 1]);
    a0 += w0[0];
    b0 += w0[1];
    c0 += w0[2];
    a1 += w1[0];
    b1 += w1[1];
    c1 += w1[2];
  }
  if (i < n) {
    const float* w = PackedRow(blocks, values, rows[i]);
    a0 += w[0];
    b0 += w[1];
    c0 += w[2];
  }
  out[0] = a0 + a1;
  out[1] = b0 + b1;
  out[2] = c0 + c1;
}

std::array<float, kLabels> LinearModel::Logits(const FeatureVector& x) const {
  std::array<float, kLabels> words{}, chars{}, z{};
  const float* tail;
  if (x.summed) {
    words = x.word_sum;
    chars = x.char_sum;
    tail = packed.empty() ? &weights[DenseRow(0) * kLabels] : packed.tail.data();
  } else if (!packed.empty()) {
    SumPacked(packed, x.hashed.data(), x.words, words.data());
    SumPacked(packed, x.hashed.data() + x.words, x.hashed.size() - x.words, chars.data());
    tail = packed.tail.data();
  } else {
    // The rows are scattered over a table far larger than the cache: ask for
    // all of them before summing, so their misses overlap.
    for (uint32_t row : x.hashed) __builtin_prefetch(&weights[size_t{row} * kLabels]);
    auto sum = [&](size_t from, size_t to, std::array<float, kLabels>* out) {
      for (size_t i = from; i < to; ++i) {
        const float* w = &weights[size_t{x.hashed[i]} * kLabels];
        for (int k = 0; k < kLabels; ++k) (*out)[k] += w[k];
      }
    };
    sum(0, x.words, &words);
    sum(x.words, x.hashed.size(), &chars);
    tail = &weights[DenseRow(0) * kLabels];
  }
  const float* bias = tail + kDenseFeatures * kLabels;
  for (int k = 0; k < kLabels; ++k) {
    z[k] = bias[k] + words[k] * x.word_scale + chars[k] * x.char_scale;
  }
  for (int j = 0; j < kDenseFeatures; ++j) {
    if (x.dense[j] == 0) continue;
    const float* w = tail + j * kLabels;
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
