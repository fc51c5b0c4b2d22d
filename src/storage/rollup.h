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

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"
#include "src/core/time_zone.h"

namespace parley {

enum class Granularity { kHour = 0, kDay = 1, kWeek = 2 };
inline constexpr Granularity kGranularities[] = {Granularity::kHour, Granularity::kDay,
                                                 Granularity::kWeek};
// An hour, the finest bucket, in milliseconds.
inline constexpr int64_t kHourMs = 3600 * 1000;

// "hour", "day", "week".
std::string_view GranularityName(Granularity g);
StatusOr<Granularity> ParseGranularity(std::string_view name);

// The start (UTC ms) of the bucket holding `ms`. Days start at 00:00 UTC,
// weeks on Monday 00:00 UTC (ISO weeks).
int64_t BucketStart(Granularity g, int64_t ms);
// The start of the bucket after the one starting at `start`.
int64_t NextBucketStart(Granularity g, int64_t start);

// The same, with days and weeks cut at midnight (and Monday) of `zone`'s
// wall clock: a day in Paris is [23:00, 23:00) UTC in winter, 23 or 25
// hours long on the days the clocks change. Null `zone`: UTC, as above.
// Hours are the UTC hours either way (every hour is an hour everywhere;
// a zone half an hour off UTC shows them at half past).
int64_t BucketStart(Granularity g, int64_t ms, const TimeZone* zone);
int64_t NextBucketStart(Granularity g, int64_t start, const TimeZone* zone);

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
  // The mean score of the posts counted (0 when none).
  double MeanScore() const { return n > 0 ? SumScore() / static_cast<double>(n) : 0; }
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

// The cells of recent (source, hour, brand, key, kind) combinations, one
// per granularity, for a table that adds posts to cells of a map keyed by
// them (RollupTable: key = topic; TagRollupTable: key = tag, with the tag's
// kind, for the cells of all topics). Direct-mapped on a cheap hash of the
// hour, the kind and the first bytes of each string. Map nodes stay put as the map grows, so the
// pointers stay valid until a cell is erased, when the table calls
// Forget(). A copy (and a moved-to cache) starts empty: its table's cells
// are other nodes.
template <typename Cell, size_t kEntries>
class RecentCells {
  static_assert((kEntries & (kEntries - 1)) == 0, "a power of two");

 public:
  struct Entry {
    int64_t hour = 0;
    uint8_t kind = 0;
    std::string source, brand, key;
    Cell* cells[3] = {nullptr, nullptr, nullptr};  // by Granularity; null: unused

    // In use, for this combination.
    bool Holds(std::string_view s, int64_t h, std::string_view b, std::string_view k,
               uint8_t kd) const {
      return cells[0] && hour == h && kind == kd && brand == b && key == k && source == s;
    }
  };
  RecentCells() = default;
  RecentCells(const RecentCells&) {}
  RecentCells& operator=(const RecentCells&) {
    Forget();
    return *this;
  }
  // The entry of the combination, or null.
  Entry* Find(std::string_view source, int64_t hour, std::string_view brand, std::string_view key,
              uint8_t kind = 0) {
    Entry& e = Slot(source, hour, brand, key, kind);
    if (!e.Holds(source, hour, brand, key, kind)) return nullptr;
    last_ = &e;
    return &e;
  }
  // The entry of (source, hour, "*", "*") if it is the one the last Find
  // hit or the last Put filled, else null: a load without a taxonomy
  // repeats it post after post, and this skips hashing the key.
  Entry* FindLastAll(std::string_view source, int64_t hour) const {
    return last_ && last_->Holds(source, hour, kAll, kAll, 0) ? last_ : nullptr;
  }
  void Put(std::string_view source, int64_t hour, std::string_view brand, std::string_view key,
           Cell* const cells[3], uint8_t kind = 0) {
    Entry& e = Slot(source, hour, brand, key, kind);
    e.hour = hour;
    e.kind = kind;
    e.source.assign(source);
    e.brand.assign(brand);
    e.key.assign(key);
    for (int g = 0; g < 3; ++g) e.cells[g] = cells[g];
    last_ = &e;
  }
  void Forget() {
    for (Entry& e : entries_) e.cells[0] = nullptr;
    last_ = nullptr;
  }

 private:
  Entry& Slot(std::string_view source, int64_t hour, std::string_view brand, std::string_view key,
              uint8_t kind) {
    if (entries_.empty()) entries_.resize(kEntries);
    uint64_t h = static_cast<uint64_t>(hour) * 0x9E3779B97F4A7C15ull + kind;
    for (std::string_view s : {brand, key, source}) {
      h = (h ^ s.size()) * 0xff51afd7ed558ccdull;
      uint64_t w = 0;  // the first bytes tell most keys apart
      std::memcpy(&w, s.data(), std::min<size_t>(s.size(), 8));
      h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    }
    return entries_[(h >> 40) & (kEntries - 1)];
  }

  std::vector<Entry> entries_;  // kEntries once used
  Entry* last_ = nullptr;       // in entries_
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
    cache_.Forget();
  }
  bool empty() const { return cells_.empty(); }

  friend bool operator==(const RollupTable& a, const RollupTable& b) {
    return a.cells_ == b.cells_;
  }

 private:
  // The cells of recent (source, hour, brand, topic) combinations: a
  // time-ordered load repeats a few dozen of them within an hour, and a
  // combination found here adds to its cells without hashing three string
  // keys per cell (the map's hash and find were 4.5% of a -j1 load with a
  // taxonomy). Only the map path creates cells, in the same order as
  // without the cache.
  using CellCache = RecentCells<Rollup, 512>;

  Map cells_;
  RollupKey scratch_;
  CellCache cache_;
  // AddPost's scratch: a post's (brand, topic) combinations in brand then
  // topic order, each with its cache entry (null when the cache lacks it),
  // and the cells the map path reached (by granularity, then combination).
  struct Combination {
    std::string_view brand, topic;
    CellCache::Entry* hit;
  };
  std::vector<Combination> combinations_;
  std::vector<Rollup*> reached_;
};

// Tag rollups: what posts say beyond their brands and topics, per
// (granularity, time bucket, brand, kind, tag, source), mergeable as Rollup
// cells are. Three kinds, each counted in its own way:
//   intent  tag = the intent ("complaint"): the posts with it, by their
//           sentiment (as the brand x topic rollups count posts);
//   aspect  tag = the topic: the topic's aspect mentions (one a post and
//           topic), by the aspect's own sentiment (Aspect::label, score,
//           counted one-hot): how people feel about the food, not about
//           the posts that mention it;
//   price   tag = the currency ("USD"), or "" for price words alone ("too
//           expensive"): the posts that mention a price in it, by the
//           post's sentiment, with the amounts mentioned (amounts: how
//           many, sum_amount: their sum in hundredths, so a mean is
//           sum_amount / amounts / 100);
//   language tag = the post's language (Analysis::lang: "en", "und"; the
//           source's lang, else --detect-language's; none without either):
//           the posts in it, by their sentiment.
// brand is each of the post's brands and "*" (all posts); topic is "*"
// (all posts) and, for intents only, each of the post's topics as well:
// the complaints about the delay, the questions about baggage, kept by day
// and week only (by the hour they were most of the rows a load writes, and
// a quarter of its time). (An aspect's tag is its topic already; prices
// are not crossed.) A post without intents, aspects or prices adds
// nothing. Sources are not expanded.
enum class TagKind : uint8_t { kIntent = 0, kAspect = 1, kPrice = 2, kLanguage = 3 };
inline constexpr TagKind kTagKinds[] = {TagKind::kIntent, TagKind::kAspect, TagKind::kPrice,
                                        TagKind::kLanguage};
// "intent", "aspect", "price", "language".
std::string_view TagKindName(TagKind kind);
StatusOr<TagKind> ParseTagKind(std::string_view name);

struct TagRollup {
  Rollup sentiment;
  int64_t amounts = 0;     // price: amounts mentioned
  int64_t sum_amount = 0;  // price: their sum, in hundredths of the currency

  void Merge(const TagRollup& other) {
    sentiment.Merge(other.sentiment);
    amounts += other.amounts;
    sum_amount += other.sum_amount;
  }
  bool empty() const { return sentiment.n == 0 && amounts == 0 && sum_amount == 0; }
  // The mean amount mentioned, in the currency's units; none when no
  // amount was.
  std::optional<double> MeanAmount() const {
    if (amounts <= 0) return std::nullopt;
    return static_cast<double>(sum_amount) / 100 / static_cast<double>(amounts);
  }
  friend bool operator==(const TagRollup&, const TagRollup&) = default;
};

struct TagRollupKey {
  Granularity granularity = Granularity::kDay;
  int64_t bucket_start = 0;
  std::string brand = "*";
  TagKind kind = TagKind::kIntent;
  std::string tag;
  std::string topic = "*";  // intents: "*" or one of the post's topics
  std::string source;

  friend bool operator==(const TagRollupKey&, const TagRollupKey&) = default;
};

struct TagRollupKeyHash {
  size_t operator()(const TagRollupKey& k) const;
};

class TagRollupTable {
 public:
  using Map = std::unordered_map<TagRollupKey, TagRollup, TagRollupKeyHash>;

  // Adds (sign = 1) or removes (sign = -1) a post's contributions to every
  // cell it belongs to (3 granularities x (brands + 1) x its tags, and for
  // each intent 2 granularities x (brands + 1) x its topics more).
  void AddPost(std::string_view source, int64_t created_at_ms, const Analysis& analysis,
               int sign = 1);
  void Merge(const TagRollupTable& other);
  TagRollup& Cell(const TagRollupKey& key) { return cells_[key]; }
  // Drops cells whose counts and sums are all zero.
  void DropEmpty();
  const Map& cells() const { return cells_; }
  void clear() {
    cells_.clear();
    cache_.Forget();
  }
  bool empty() const { return cells_.empty(); }

  friend bool operator==(const TagRollupTable& a, const TagRollupTable& b) {
    return a.cells_ == b.cells_;
  }

 private:
  // Adds `delta` to the cells of all topics of (kind, tag) for each brand
  // and "*", at every granularity.
  void Add(std::string_view source, int64_t created_at_ms, const std::vector<std::string>& brands,
           TagKind kind, std::string_view tag, const TagRollup& delta);
  // ... to an intent's cells within `topic`, by day and week only, from the
  // map (the cache's entries hold an hour's cells).
  void AddWithinTopic(std::string_view source, int64_t created_at_ms,
                      const std::vector<std::string>& brands, std::string_view intent,
                      std::string_view topic, const TagRollup& delta);
  // The cells of recent (source, hour, brand, kind, tag) combinations of all
  // topics: a time-ordered load repeats them within an hour, and a hit adds
  // to them without hashing three strings per cell (the map's hashing was
  // half of what tag rollups cost a load).
  using CellCache = RecentCells<TagRollup, 1024>;
  Map cells_;
  TagRollupKey scratch_;
  CellCache cache_;
};

}  // namespace parley

#endif  // PARLEY_STORAGE_ROLLUP_H_
