#include "src/storage/rollup.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace parley {
namespace {

constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int64_t kWeekMs = 7 * kDayMs;
// 1970-01-01 was a Thursday; the first Monday is 1970-01-05.
constexpr int64_t kFirstMondayMs = 4 * kDayMs;

int64_t FloorTo(int64_t ms, int64_t unit, int64_t origin) {
  int64_t d = ms - origin;
  int64_t q = d / unit;
  if (d % unit < 0) --q;  // floor, also before the epoch
  return origin + q * unit;
}

// Years 1 to 9999 and a little more: the times parley reads (timestamp.h).
constexpr int64_t kMinZoned = -62'200'000'000'000, kMaxZoned = 253'500'000'000'000;

int64_t Fixed(double v) { return std::llround(v * kSumScale); }

}  // namespace

std::string_view GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kHour: return "hour";
    case Granularity::kDay: return "day";
    case Granularity::kWeek: return "week";
  }
  return "day";
}

StatusOr<Granularity> ParseGranularity(std::string_view name) {
  for (Granularity g : kGranularities) {
    if (GranularityName(g) == name) return g;
  }
  return InvalidArgumentError("unknown granularity '" + std::string(name) +
                              "' (use hour, day or week)");
}

int64_t BucketStart(Granularity g, int64_t ms) {
  switch (g) {
    case Granularity::kHour: return FloorTo(ms, kHourMs, 0);
    case Granularity::kDay: return FloorTo(ms, kDayMs, 0);
    case Granularity::kWeek: return FloorTo(ms, kWeekMs, kFirstMondayMs);
  }
  return ms;
}

int64_t NextBucketStart(Granularity g, int64_t start) {
  switch (g) {
    case Granularity::kHour: return start + kHourMs;
    case Granularity::kDay: return start + kDayMs;
    case Granularity::kWeek: return start + kWeekMs;
  }
  return start;
}

int64_t BucketStart(Granularity g, int64_t ms, const TimeZone* zone) {
  // (The ends of time, as the store's open ranges give them, stay put.)
  if (zone == nullptr || g == Granularity::kHour || ms < kMinZoned || ms > kMaxZoned) {
    return BucketStart(g, ms);
  }
  return zone->ToUtc(BucketStart(g, zone->ToLocal(ms)));
}

int64_t NextBucketStart(Granularity g, int64_t start, const TimeZone* zone) {
  if (zone == nullptr || g == Granularity::kHour || start < kMinZoned || start > kMaxZoned) {
    return NextBucketStart(g, start);
  }
  // The next local midnight, from the local day of `start` (a bucket's
  // start is its day's midnight, or the first instant after it where
  // midnight is skipped).
  return zone->ToUtc(NextBucketStart(g, BucketStart(g, zone->ToLocal(start))));
}

void Rollup::Add(const Sentiment& s, int sign) {
  int label = static_cast<int>(s.label);
  n += sign;
  count[label] += sign;
  if (s.has_probabilities) {
    for (int i = 0; i < 3; ++i) sum_p[i] += sign * Fixed(s.p[i]);
  } else {
    // One-hot: the label is the model's whole belief.
    sum_p[label] += sign * static_cast<int64_t>(kSumScale);
  }
  sum_score += sign * Fixed(s.score);
}

void Rollup::Merge(const Rollup& o) {
  n += o.n;
  for (int i = 0; i < 3; ++i) {
    count[i] += o.count[i];
    sum_p[i] += o.sum_p[i];
  }
  sum_score += o.sum_score;
}

size_t RollupKeyHash::operator()(const RollupKey& k) const {
  std::hash<std::string_view> h;
  size_t v = static_cast<size_t>(k.bucket_start) * 0x9E3779B97F4A7C15ull +
             static_cast<size_t>(k.granularity);
  v ^= h(k.brand) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  v ^= h(k.topic) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  v ^= h(k.source) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  return v;
}

void RollupTable::AddPost(const Post& post, const Analysis& analysis, int sign) {
  AddPost(post.source, post.created_at_ms, analysis.sentiment, analysis.brands, analysis.topics,
          sign);
}

void RollupTable::AddPost(std::string_view source, int64_t created_at_ms,
                          const Sentiment& sentiment, const std::vector<std::string>& brands,
                          const std::vector<std::string>& topics, int sign) {
  const int64_t hour = BucketStart(Granularity::kHour, created_at_ms);
  // The post's contribution, computed once and added to every cell it
  // reaches (integer sums: the same as adding the sentiment to each).
  Rollup delta;
  delta.Add(sentiment, sign);
  if (brands.empty() && topics.empty()) {
    // Without brands and topics a post reaches one combination, most often
    // the previous post's.
    if (CellCache::Entry* e = cache_.FindLastAll(source, hour)) {
      for (Rollup* cell : e->cells) cell->Merge(delta);
      return;
    }
  }
  // The post's combinations, found in the cache once; the loops below walk
  // this list.
  combinations_.clear();
  bool all_cached = true;
  for (size_t b = 0; b <= brands.size(); ++b) {
    const std::string_view brand = b == brands.size() ? kAll : std::string_view(brands[b]);
    for (size_t t = 0; t <= topics.size(); ++t) {
      const std::string_view topic = t == topics.size() ? kAll : std::string_view(topics[t]);
      CellCache::Entry* e = cache_.Find(source, hour, brand, topic);
      combinations_.push_back({brand, topic, e});
      all_cached = all_cached && e;
    }
  }
  if (all_cached) {
    for (const Combination& c : combinations_) {
      for (Rollup* cell : c.hit->cells) cell->Merge(delta);
    }
    return;
  }
  // The others through the map. A cached combination's cells exist, so
  // cells are created in the order of the loops below (granularity, then
  // brand, then topic) as without the cache: the order FlushRollups
  // writes them in. The scratch key keeps its strings' capacity, so steady
  // state allocates only for new cells.
  RollupKey& key = scratch_;
  key.source.assign(source);
  const size_t n = combinations_.size();
  reached_.resize(3 * n);  // by granularity, then combination
  for (Granularity g : kGranularities) {
    key.granularity = g;
    key.bucket_start = BucketStart(g, created_at_ms);
    for (size_t i = 0; i < n; ++i) {
      const Combination& c = combinations_[i];
      if (c.hit) {
        c.hit->cells[static_cast<int>(g)]->Merge(delta);
        continue;
      }
      key.brand.assign(c.brand);
      key.topic.assign(c.topic);
      auto it = cells_.find(key);
      if (it == cells_.end()) it = cells_.emplace(key, Rollup()).first;
      it->second.Merge(delta);
      reached_[static_cast<int>(g) * n + i] = &it->second;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const Combination& c = combinations_[i];
    if (c.hit) continue;
    Rollup* const cells[3] = {reached_[i], reached_[n + i], reached_[2 * n + i]};
    cache_.Put(source, hour, c.brand, c.topic, cells);
  }
}

void RollupTable::Merge(const RollupTable& other) {
  for (const auto& [key, rollup] : other.cells_) cells_[key].Merge(rollup);
}

void RollupTable::DropEmpty() {
  cache_.Forget();
  std::erase_if(cells_, [](const auto& cell) { return cell.second == Rollup(); });
}

}  // namespace parley

namespace parley {

std::string_view TagKindName(TagKind kind) {
  switch (kind) {
    case TagKind::kIntent:
      return "intent";
    case TagKind::kAspect:
      return "aspect";
    case TagKind::kPrice:
      return "price";
    case TagKind::kLanguage:
      return "language";
  }
  return "intent";
}

StatusOr<TagKind> ParseTagKind(std::string_view name) {
  for (TagKind k : kTagKinds) {
    if (TagKindName(k) == name) return k;
  }
  return InvalidArgumentError("unknown tag kind '" + std::string(name) +
                              "' (use intent, aspect, price or language)");
}

size_t TagRollupKeyHash::operator()(const TagRollupKey& k) const {
  std::hash<std::string_view> h;
  size_t v = static_cast<size_t>(k.bucket_start) * 0x9E3779B97F4A7C15ull +
             static_cast<size_t>(k.granularity) * 4 + static_cast<size_t>(k.kind);
  v ^= h(k.brand) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  v ^= h(k.tag) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  v ^= h(k.topic) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  v ^= h(k.source) + 0x9E3779B97F4A7C15ull + (v << 6) + (v >> 2);
  return v;
}

namespace {
// Amounts larger than this (in the currency's units) are counted as price
// mentions but not summed: a misread number ("1.000.000.000.000 €") would
// swamp the mean, and sums stay far from overflow.
constexpr double kMaxSummedAmount = 1e12;
}  // namespace

void TagRollupTable::AddPost(std::string_view source, int64_t created_at_ms,
                             const Analysis& analysis, int sign) {
  if (analysis.intents.empty() && analysis.aspects.empty() && analysis.prices.empty() &&
      analysis.lang.empty()) {
    return;
  }
  TagRollup post;
  post.sentiment.Add(analysis.sentiment, sign);
  if (!analysis.lang.empty()) {
    Add(source, created_at_ms, analysis.brands, TagKind::kLanguage, analysis.lang, post);
  }
  for (const std::string& intent : analysis.intents) {
    Add(source, created_at_ms, analysis.brands, TagKind::kIntent, intent, post);
    for (const std::string& topic : analysis.topics) {
      AddWithinTopic(source, created_at_ms, analysis.brands, intent, topic, post);
    }
  }
  for (const Aspect& a : analysis.aspects) {
    Sentiment s;
    s.label = a.label;
    s.score = a.score;
    TagRollup delta;
    delta.sentiment.Add(s, sign);
    Add(source, created_at_ms, analysis.brands, TagKind::kAspect, a.topic, delta);
  }
  // One count a post and currency, with each of its amounts.
  const std::vector<Price>& prices = analysis.prices;
  for (size_t i = 0; i < prices.size(); ++i) {
    const std::string& currency = prices[i].currency;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = prices[j].currency == currency;
    if (seen) continue;
    TagRollup delta = post;
    for (size_t j = i; j < prices.size(); ++j) {
      const Price& p = prices[j];
      if (p.currency != currency || !p.has_amount || !(p.amount >= 0) ||
          p.amount > kMaxSummedAmount) {
        continue;
      }
      delta.amounts += sign;
      delta.sum_amount += sign * std::llround(p.amount * 100);
    }
    Add(source, created_at_ms, analysis.brands, TagKind::kPrice, currency, delta);
  }
}

void TagRollupTable::AddWithinTopic(std::string_view source, int64_t created_at_ms,
                                    const std::vector<std::string>& brands, std::string_view intent,
                                    std::string_view topic, const TagRollup& delta) {
  TagRollupKey& key = scratch_;
  key.source.assign(source);
  key.kind = TagKind::kIntent;
  key.tag.assign(intent);
  key.topic.assign(topic);
  for (size_t b = 0; b <= brands.size(); ++b) {
    key.brand.assign(b == brands.size() ? kAll : std::string_view(brands[b]));
    for (Granularity g : {Granularity::kDay, Granularity::kWeek}) {
      key.granularity = g;
      key.bucket_start = BucketStart(g, created_at_ms);
      cells_[key].Merge(delta);
    }
  }
}

void TagRollupTable::Add(std::string_view source, int64_t created_at_ms,
                         const std::vector<std::string>& brands, TagKind kind, std::string_view tag,
                         const TagRollup& delta) {
  const int64_t hour = BucketStart(Granularity::kHour, created_at_ms);
  const auto kind_code = static_cast<uint8_t>(kind);
  TagRollupKey& key = scratch_;
  for (size_t b = 0; b <= brands.size(); ++b) {
    const std::string_view brand = b == brands.size() ? kAll : std::string_view(brands[b]);
    if (CellCache::Entry* e = cache_.Find(source, hour, brand, tag, kind_code)) {
      for (TagRollup* cell : e->cells) cell->Merge(delta);
      continue;
    }
    key.source.assign(source);
    key.kind = kind;
    key.tag.assign(tag);
    key.topic.assign(kAll);
    key.brand.assign(brand);
    TagRollup* cells[3];
    for (Granularity g : kGranularities) {
      key.granularity = g;
      key.bucket_start = BucketStart(g, created_at_ms);
      TagRollup& cell = cells_[key];
      cell.Merge(delta);
      cells[static_cast<int>(g)] = &cell;
    }
    cache_.Put(source, hour, brand, tag, cells, kind_code);
  }
}

void TagRollupTable::Merge(const TagRollupTable& other) {
  for (const auto& [key, rollup] : other.cells_) cells_[key].Merge(rollup);
}

void TagRollupTable::DropEmpty() {
  cache_.Forget();
  std::erase_if(cells_, [](const auto& cell) { return cell.second == TagRollup(); });
}

}  // namespace parley
