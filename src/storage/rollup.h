// Rollups: per (granularity, time bucket, brand, topic, source) counts of
// posts by sentiment label, plus sums of class probabilities and scores.
//
// Rollups are values that merge exactly: the rollup of a whole input equals
// the Merge() of the rollups of any split of it, in any order. Counts are
// integers; probability and score sums are fixed-point integers in units of
// 1e-9 (kSumScale), so adding and subtracting contributions is exact (no
// floating-point drift when a changed post moves its contribution) and
// associative. A model without probabilities (the lexicon) contributes its
// label one-hot (p = 1 for its label, 0 otherwise), so the sums stay
// meaningful and additive.
//
// Every post contributes to the cells (brand, topic) for brand in
// brands ∪ {"*"} and topic in topics ∪ {"*"}, at each granularity; "*" means
// all. Sources are not expanded: "all sources" is the sum over sources.
#ifndef PARLEY_STORAGE_ROLLUP_H_
#define PARLEY_STORAGE_ROLLUP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"

namespace parley {

enum class Granularity { kHour = 0, kDay = 1, kWeek = 2 };
inline constexpr Granularity kGranularities[] = {Granularity::kHour, Granularity::kDay,
                                                 Granularity::kWeek};

// "hour", "day", "week".
std::string_view GranularityName(Granularity g);
StatusOr<Granularity> ParseGranularity(std::string_view name);

// The start (UTC ms) of the bucket holding `ms`. Days start at 00:00 UTC,
// weeks on Monday 00:00 UTC (ISO weeks).
int64_t BucketStart(Granularity g, int64_t ms);
// The start of the bucket after the one starting at `start`.
int64_t NextBucketStart(Granularity g, int64_t start);

// The value "all" in the brand and topic dimensions.
inline constexpr std::string_view kAll = "*";

// Sums are stored as integers in units of 1/kSumScale.
inline constexpr double kSumScale = 1e9;

struct Rollup {
  int64_t n = 0;
  int64_t count[3] = {0, 0, 0};    // by SentimentLabel: negative, neutral, positive
  int64_t sum_p[3] = {0, 0, 0};    // probabilities, in 1e-9 units
  int64_t sum_score = 0;           // scores in [-1, 1], in 1e-9 units

  // Adds (sign = 1) or removes (sign = -1) one post's sentiment.
  void Add(const Sentiment& s, int sign = 1);
  // Adds every count and sum of `other`.
  void Merge(const Rollup& other);

  double SumP(SentimentLabel label) const { return sum_p[int(label)] / kSumScale; }
  double SumScore() const { return sum_score / kSumScale; }
  int64_t Count(SentimentLabel label) const { return count[int(label)]; }
  bool empty() const { return n == 0; }

  friend bool operator==(const Rollup&, const Rollup&) = default;
};

struct RollupKey {
  Granularity granularity = Granularity::kDay;
  int64_t bucket_start = 0;
  std::string brand = "*";
  std::string topic = "*";
  std::string source;

  friend bool operator==(const RollupKey&, const RollupKey&) = default;
};

struct RollupKeyHash {
  size_t operator()(const RollupKey& k) const;
};

// A set of rollup cells; what one batch, one thread or one machine adds up.
class RollupTable {
 public:
  using Map = std::unordered_map<RollupKey, Rollup, RollupKeyHash>;

  // Adds (sign = 1) or removes (sign = -1) a post's contributions to every
  // cell it belongs to (3 granularities x (brands+1) x (topics+1)).
  void AddPost(const Post& post, const Analysis& analysis, int sign = 1);
  // The same from the fields a post contributes with.
  void AddPost(std::string_view source, int64_t created_at_ms, const Sentiment& sentiment,
               const std::vector<std::string>& brands, const std::vector<std::string>& topics,
               int sign = 1);
  void Merge(const RollupTable& other);
  // The cell at `key`, created empty if absent.
  Rollup& Cell(const RollupKey& key) { return cells_[key]; }
  // Drops cells whose counts and sums are all zero (e.g. a post removed
  // from a cell it was added to).
  void DropEmpty();

  const Map& cells() const { return cells_; }
  void clear() {
    cells_.clear();
    last_.Forget();
  }
  bool empty() const { return cells_.empty(); }

  friend bool operator==(const RollupTable& a, const RollupTable& b) {
    return a.cells_ == b.cells_;
  }

 private:
  // The cells the last AddPost reached, for the next post with the same
  // source, hour and tags (the same cells at every granularity): most
  // posts of a time-ordered load, which then skip hashing three string
  // keys per cell. Map nodes stay put as the map grows, so the pointers
  // stay valid until a cell is erased (DropEmpty, clear). A copy or move
  // starts without them, as its cells are other nodes.
  struct LastCells {
    LastCells() = default;
    LastCells(const LastCells&) {}
    LastCells& operator=(const LastCells&) {
      Forget();
      return *this;
    }
    void Forget() { cells.clear(); }
    bool Matches(std::string_view source, int64_t hour, const std::vector<std::string>& brands,
                 const std::vector<std::string>& topics) const {
      return !cells.empty() && hour == this->hour && source == this->source &&
             brands == this->brands && topics == this->topics;
    }

    std::string source;
    int64_t hour = 0;
    std::vector<std::string> brands, topics;
    std::vector<Rollup*> cells;  // empty when unknown
  };

  Map cells_;
  RollupKey scratch_;
  LastCells last_;
};

}  // namespace parley

#endif  // PARLEY_STORAGE_ROLLUP_H_
