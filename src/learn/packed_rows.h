// The non-zero hashed weight rows of a trained model, packed for prediction.
//
// A model trained on a few thousand posts touches a few percent of its 2^20
// hashed rows. Packed, those rows and their index (about 0.6 MB for the
// airline sample) stay in a core's L2 cache, where the full table (12 MB)
// does not, and a post reads a few hundred rows.
#ifndef PARLEY_LEARN_PACKED_ROWS_H_
#define PARLEY_LEARN_PACKED_ROWS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace parley::learn {

inline constexpr int kLabels = 3;  // negative, neutral, positive

struct PackedRows {
  // Rows 64 * i .. 64 * i + 63: which are non-zero, and how many non-zero
  // rows come before them.
  struct Block {
    uint64_t bits = 0;
    uint32_t before = 0;
  };
  std::vector<Block> blocks;
  // kLabels weights per non-zero row in row order, after kLabels zeros that
  // every zero row reads.
  std::vector<float> values;
  // The dense-feature rows and the bias row, as in LinearModel::weights.
  std::vector<float> tail;
  // Different for every Pack(), so caches of sums over these rows
  // (FeatureScratch) can tell which rows they were made from.
  uint64_t id = 0;

  bool empty() const { return blocks.empty(); }
};

// The kLabels weights of hashed row `row`. A zero row reads the leading zeros
// of `values`, so there is no branch on whether a row is present. Callers
// that sum many rows should be compiled with POPCNT (as SumPacked is), which
// the x86-64 baseline lacks.
inline const float* PackedRow(const PackedRows::Block* blocks, const float* values, uint32_t row) {
  const PackedRows::Block& block = blocks[row >> 6];
  const uint64_t through = block.bits & ((uint64_t{2} << (row & 63)) - 1);
  const uint64_t present = (block.bits >> (row & 63)) & 1;
  const uint64_t at = present * (block.before + static_cast<uint64_t>(__builtin_popcountll(through)));
  return values + at * kLabels;
}

// Sums the kLabels weights of the `n` hashed rows `rows` of `p` into
// out[0..kLabels). Rows at even positions are summed in one chain and rows at
// odd positions in another, added last (a fixed order: the same rows give the
// same floats). Picks a POPCNT build at load time where the CPU has it.
void SumPacked(const PackedRows& p, const uint32_t* rows, size_t n, float* out);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_PACKED_ROWS_H_
