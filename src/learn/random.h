// A small seeded generator (splitmix64) and the shuffles built on it. Its
// sequence is fixed by this code, not by the standard library, so splits,
// folds and training order are the same for a seed on every platform.
#ifndef PARLEY_LEARN_RANDOM_H_
#define PARLEY_LEARN_RANDOM_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace parley::learn {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0. (Modulo bias is below 2^-40 for any n used here.)
  uint64_t Below(uint64_t n) { return Next() % n; }

  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Below(i)]);
  }

 private:
  uint64_t state_;
};

}  // namespace parley::learn

#endif  // PARLEY_LEARN_RANDOM_H_
