// A small, fast pseudo-random generator whose output is the same on every
// machine and standard library: splitmix64 (Steele, Lea and Flood 2014).
// Only integer arithmetic and exactly rounded double operations are used, so
// a seed always yields the same stream (std::uniform_*_distribution does not
// promise that across standard libraries).
//
// Used by the demo generator, training shuffles and bootstrap intervals, so
// that every seeded result in parley is reproducible anywhere.
//
// Thread safety: a Random is used by one thread at a time.
#ifndef PARLEY_CORE_RANDOM_H_
#define PARLEY_CORE_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <utility>
#include <vector>

namespace parley {

// splitmix64's output function: a strong 64-bit mix, usable as a hash.
inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix64(state_);
  }
  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe to divide by.
  double UniformOpen() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer in [0, n); n > 0. Lemire's multiply-shift (the tiny bias
  // is irrelevant here and the result is portable).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform integer in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return Uniform() < p; }
  // A uniformly chosen element of an array or span (not empty).
  template <typename Items>
  const auto& Pick(const Items& items) {
    return items[Below(std::size(items))];
  }
  // Index drawn with probability proportional to weights[i] (not all zero).
  size_t Weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Uniform() * total;
    for (size_t i = 0; i + 1 < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }
  // Fisher-Yates shuffle of *v.
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Below(i)]);
  }

 private:
  uint64_t state_;
};

}  // namespace parley

#endif  // PARLEY_CORE_RANDOM_H_
