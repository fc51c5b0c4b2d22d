#include "src/people/response.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <unordered_set>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"
#include "src/people/care_scan.h"

namespace parley::people {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDay = 24 * kHour;

// The figures of one brand's posts (or all brands'), as they are gathered.
struct Tally {
  ResponseStats stats;
  std::vector<double> times;  // ms to answer
  int64_t in_hour = 0, in_day = 0;
};

void Count(const internal::Outcome& o, bool handled, int64_t now_ms, Tally* t) {
  ResponseStats& s = t->stats;
  ++s.needed;
  if (o.in_record) {
    ++s.answered;
    ++s.answered_in_record;
    return;
  }
  if (!o.answered_ms) {
    if (handled) {
      ++s.handled;
      return;
    }
    ++s.waiting;
    // Waiting: not answered within its hour (day) once that is over.
    if (o.created_ms + kHour <= now_ms) ++s.hour_over;
    if (o.created_ms + kDay <= now_ms) ++s.day_over;
    return;
  }
  ++s.answered;
  const int64_t took = std::max<int64_t>(0, *o.answered_ms - o.created_ms);
  t->times.push_back(static_cast<double>(took));
  ++s.hour_over;
  ++s.day_over;
  if (took <= kHour) ++t->in_hour;
  if (took <= kDay) ++t->in_day;
}

ResponseStats Finish(Tally t, double confidence) {
  ResponseStats s = std::move(t.stats);
  auto n = [](int64_t v) { return static_cast<uint64_t>(v); };
  s.reply_rate = WilsonInterval(n(s.answered), n(s.needed), confidence);
  std::sort(t.times.begin(), t.times.end());
  s.timed = static_cast<int64_t>(t.times.size());
  s.median_ms = MedianInterval(t.times, confidence);
  if (!t.times.empty()) {
    // Nearest rank: the smallest time with 90% of the times at or below it.
    const auto rank = static_cast<size_t>(std::ceil(0.9 * static_cast<double>(t.times.size())));
    s.p90_ms = static_cast<int64_t>(t.times[std::max<size_t>(rank, 1) - 1]);
  }
  s.within_hour = WilsonInterval(n(t.in_hour), n(s.hour_over), confidence);
  s.within_day = WilsonInterval(n(t.in_day), n(s.day_over), confidence);
  return s;
}

std::string Minutes(std::optional<int64_t> ms) {
  return ms ? fmt::format("{:.1f}", static_cast<double>(*ms) / 60000.0) : "";
}

// The rows of one set of outcomes: all brands, then each, most posts first.
void AddRows(const std::vector<const internal::Outcome*>& outcomes,
             const std::unordered_set<std::string>& handled, int64_t now_ms, double confidence,
             std::optional<int64_t> bucket, std::vector<ResponseStats>* rows) {
  Tally all;
  all.stats.brand = "*";
  std::map<std::string, Tally> by_brand;
  for (const internal::Outcome* o : outcomes) {
    // Answered in the data comes first: a mark on an answered post changes
    // nothing of when it was answered.
    const bool marked = handled.count(o->key) > 0;
    Count(*o, marked, now_ms, &all);
    for (const std::string& b : o->brands) {
      Tally& t = by_brand[b];
      t.stats.brand = b;
      Count(*o, marked, now_ms, &t);
    }
  }
  const size_t first = rows->size();
  rows->push_back(Finish(std::move(all), confidence));
  for (auto& [name, t] : by_brand) rows->push_back(Finish(std::move(t), confidence));
  std::stable_sort(
      rows->begin() + static_cast<std::ptrdiff_t>(first) + 1, rows->end(),
      [](const ResponseStats& a, const ResponseStats& b) { return a.needed > b.needed; });
  for (size_t i = first; i < rows->size(); ++i) (*rows)[i].bucket_ms = bucket;
}

}  // namespace

std::optional<Interval> MedianInterval(const std::vector<double>& sorted, double confidence) {
  const size_t n = sorted.size();
  if (n == 0) return std::nullopt;
  const double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const double alpha = (1 - confidence) / 2;
  // r: 1-based rank of the lower bound, the largest with P(B <= r - 1) <= alpha.
  size_t r = 0;
  if (n > 1000) {
    const double z = NormalQuantile(confidence);
    const double half = z * std::sqrt(static_cast<double>(n)) / 2;
    r = static_cast<size_t>(std::max(0.0, std::floor(static_cast<double>(n) / 2 - half)));
  } else {
    // P(B = k) from P(B = 0) = 2^-n by the ratio (n - k) / (k + 1).
    double pmf = std::pow(0.5, static_cast<double>(n)), cdf = 0;
    for (size_t k = 0; k < n; ++k) {
      cdf += pmf;
      if (cdf > alpha) break;
      r = k + 1;
      pmf *= static_cast<double>(n - k) / static_cast<double>(k + 1);
    }
  }
  r = std::max<size_t>(r, 1);  // too few values: their whole range
  return Interval{median, sorted[r - 1], sorted[n - r]};
}

std::string ShortDuration(int64_t ms) {
  const int64_t s = std::max<int64_t>(0, ms) / 1000;
  if (s < 60) return fmt::format("{}s", s);
  const int64_t m = s / 60;
  if (m < 60) return fmt::format("{}m", m);
  if (m < 24 * 60) return fmt::format("{}h {:02}m", m / 60, m % 60);
  return fmt::format("{}d {:02}h", m / (24 * 60), (m / 60) % 24);
}

StatusOr<ResponseReport> BuildResponseReport(Store& store, const QueueQuery& query,
                                             const OwnAccounts& accounts, double confidence,
                                             const ResponseBuckets& buckets) {
  ResponseReport r;
  r.confidence = confidence;
  PARLEY_ASSIGN_OR_RETURN(r.now_ms, internal::DefaultNow(store, query.now_ms, query.clock_ms));
  internal::CareScan scan(accounts, query.brands, query.from_ms, query.to_ms);
  PARLEY_RETURN_IF_ERROR(internal::ScanAll(store, query, &scan));
  PARLEY_ASSIGN_OR_RETURN(std::unordered_set<std::string> handled, internal::HandledKeys(store));
  const std::vector<internal::Outcome> outcomes = scan.Outcomes();
  std::vector<const internal::Outcome*> every;
  for (const internal::Outcome& o : outcomes) every.push_back(&o);
  AddRows(every, handled, r.now_ms, confidence, std::nullopt, &r.brands);
  r.granularity = buckets.granularity;
  r.zone = buckets.zone;
  if (buckets.granularity) {
    std::map<int64_t, std::vector<const internal::Outcome*>> by_bucket;
    for (const internal::Outcome& o : outcomes) {
      by_bucket[BucketStart(*buckets.granularity, o.created_ms, buckets.zone.get())].push_back(&o);
    }
    for (const auto& [start, of_bucket] : by_bucket) {
      AddRows(of_bucket, handled, r.now_ms, confidence, start, &r.brands);
    }
  }
  return r;
}

std::string ResponseTable(const ResponseReport& r) {
  auto share = [](const Interval& i) {
    return fmt::format("{:.1f}% ({:.1f}–{:.1f}%)", 100 * i.estimate, 100 * i.low, 100 * i.high);
  };
  // A bucket's start on the report's clock: its day, or its hour.
  auto bucket = [&](std::optional<int64_t> ms) -> std::string {
    if (!r.granularity) return "";
    if (!ms) return fmt::format("{:<17} ", "all");
    const std::string t = FormatTimestamp(r.zone ? r.zone->ToLocal(*ms) : *ms);
    return fmt::format("{:<17} ", *r.granularity == Granularity::kHour
                                      ? t.substr(0, 10) + " " + t.substr(11, 5)
                                      : t.substr(0, 10));
  };
  constexpr std::string_view kRow =
      "{:<14} {:>7} {:>8}  {:<22} {:<26} {:>9}  {:<22} {:<22} {:>7} {:>7}\n";
  std::string out = r.granularity ? fmt::format("{:<17} ", "bucket") : std::string();
  out += fmt::format(fmt::runtime(kRow), "brand", "needed", "answered", "reply rate",
                     "median time to answer", "90% by", "within 1 hour", "within 1 day", "waiting",
                     "handled");
  for (const ResponseStats& s : r.brands) {
    const std::string median =
        s.median_ms
            ? fmt::format("{} ({}–{})", ShortDuration(static_cast<int64_t>(s.median_ms->estimate)),
                          ShortDuration(static_cast<int64_t>(s.median_ms->low)),
                          ShortDuration(static_cast<int64_t>(s.median_ms->high)))
            : "-";
    out += bucket(s.bucket_ms);
    out += fmt::format(fmt::runtime(kRow), s.brand == "*" ? "(all)" : s.brand, s.needed, s.answered,
                       share(s.reply_rate), median, s.p90_ms ? ShortDuration(*s.p90_ms) : "-",
                       s.hour_over ? share(s.within_hour) : "-",
                       s.day_over ? share(s.within_day) : "-", s.waiting, s.handled);
  }
  return out;
}

namespace {

// One row as a JSON object (no line break).
void AppendRowJson(const ResponseReport& r, const ResponseStats& s, std::string* out_ptr) {
  std::string& out = *out_ptr;
  auto interval = [&](std::string_view key, const Interval& i) {
    fmt::format_to(std::back_inserter(out), ",\"{}\":{{\"estimate\":{},\"low\":{},\"high\":{}}}",
                   key, i.estimate, i.low, i.high);
  };
  out.append("{\"brand\":");
  AppendJsonString(s.brand, &out);
  if (r.granularity) {
    out.append(",\"bucket\":");
    if (s.bucket_ms) {
      out.push_back('"');
      AppendTimestamp(*s.bucket_ms, &out);
      out.push_back('"');
    } else {
      out.append("null");
    }
    }
    fmt::format_to(std::back_inserter(out),
                   ",\"needed\":{},\"answered\":{},\"answered_in_record\":{},\"handled\":{},"
                   "\"waiting\":{}",
                   s.needed, s.answered, s.answered_in_record, s.handled, s.waiting);
    interval("reply_rate", s.reply_rate);
    fmt::format_to(std::back_inserter(out), ",\"timed\":{}", s.timed);
    if (s.median_ms) {
      interval("median_seconds",
               {s.median_ms->estimate / 1000, s.median_ms->low / 1000, s.median_ms->high / 1000});
    } else {
      out.append(",\"median_seconds\":null");
    }
    if (s.p90_ms) {
      fmt::format_to(std::back_inserter(out), ",\"p90_seconds\":{}",
                     static_cast<double>(*s.p90_ms) / 1000);
    } else {
      out.append(",\"p90_seconds\":null");
    }
    fmt::format_to(std::back_inserter(out), ",\"hour_over\":{}", s.hour_over);
    interval("within_hour", s.within_hour);
    fmt::format_to(std::back_inserter(out), ",\"day_over\":{}", s.day_over);
    interval("within_day", s.within_day);
    fmt::format_to(std::back_inserter(out), ",\"confidence\":{}}}", r.confidence);
}

}  // namespace

std::string ResponseNdjson(const ResponseReport& r) {
  std::string out;
  for (const ResponseStats& s : r.brands) {
    AppendRowJson(r, s, &out);
    out.push_back('\n');
  }
  return out;
}

std::string ResponseJson(const ResponseReport& r) {
  std::string out = "{\"now\":\"";
  AppendTimestamp(r.now_ms, &out);
  fmt::format_to(std::back_inserter(out), "\",\"confidence\":{},\"brands\":[", r.confidence);
  for (size_t i = 0; i < r.brands.size(); ++i) {
    if (i) out.push_back(',');
    AppendRowJson(r, r.brands[i], &out);
  }
  out += "]}\n";
  return out;
}

std::string ResponseCsv(const ResponseReport& r) {
  std::string out =
      "brand,bucket,needed,answered,answered_in_record,handled,waiting,reply_rate,"
      "reply_rate_low,reply_rate_high,timed,median_minutes,median_minutes_low,"
      "median_minutes_high,p90_minutes,hour_over,within_hour,within_hour_low,within_hour_high,"
      "day_over,within_day,within_day_low,within_day_high,confidence\r\n";
  auto minutes = [](const std::optional<Interval>& i, double Interval::*part) {
    return Minutes(i ? std::optional<int64_t>(static_cast<int64_t>((*i).*part)) : std::nullopt);
  };
  for (const ResponseStats& s : r.brands) {
    AppendCsvField(s.brand, &out);
    out.push_back(',');
    if (s.bucket_ms) AppendTimestamp(*s.bucket_ms, &out);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},{},{},{},{},", s.needed, s.answered,
                   s.answered_in_record, s.handled, s.waiting, s.reply_rate.estimate,
                   s.reply_rate.low, s.reply_rate.high, s.timed);
    fmt::format_to(std::back_inserter(out), "{},{},{},{},",
                   minutes(s.median_ms, &Interval::estimate), minutes(s.median_ms, &Interval::low),
                   minutes(s.median_ms, &Interval::high), Minutes(s.p90_ms));
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{}\r\n", s.hour_over,
                   s.within_hour.estimate, s.within_hour.low, s.within_hour.high, s.day_over,
                   s.within_day.estimate, s.within_day.low, s.within_day.high, r.confidence);
  }
  return out;
}

}  // namespace parley::people
