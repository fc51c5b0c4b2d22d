#include "src/change/detect.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <optional>

#include "src/change/stats.h"

namespace parley::change {
namespace {

// One series' test in one hour, before the cross-series correction.
struct Test {
  size_t series;
  double p, baseline, observed;
  int64_t window_n, baseline_n;
};

size_t Hours(std::span<const HourlySeries> series) {
  size_t h = series.empty() ? 0 : series[0].n.size();
  for ([[maybe_unused]] const HourlySeries& s : series) {
    assert(s.n.size() == h && s.neg.size() == h);
  }
  return h;
}

std::vector<bool> Eligible(std::span<const HourlySeries> series, double min_rate) {
  std::vector<bool> out;
  for (const HourlySeries& s : series) {
    double total = static_cast<double>(std::accumulate(s.n.begin(), s.n.end(), int64_t{0}));
    out.push_back(!s.n.empty() && total / static_cast<double>(s.n.size()) >= min_rate);
  }
  return out;
}

// The same hour of the week, and the hours either side of it, in up to
// `weeks` past weeks, leaving out hours already flagged as unusual. The
// neighbours triple the sample (their mean is the hour's level wherever the
// daily cycle is close to linear). With five or more values the largest and
// the smallest are dropped: an unflagged past spike (or a dead hour) must not
// move the baseline.
std::vector<int64_t> SeasonalValues(const HourlySeries& s, const std::vector<bool>& flagged,
                                    size_t h, int weeks) {
  std::vector<int64_t> v;
  int64_t now = static_cast<int64_t>(h);
  for (int w = 1; w <= weeks; ++w) {
    int64_t same = now - int64_t{w} * kHoursPerWeek;
    if (same + 1 < 0) break;
    for (int64_t i = std::max<int64_t>(0, same - 1); i <= same + 1; ++i) {
      if (!flagged[i]) v.push_back(s.n[i]);
    }
  }
  if (v.size() >= 5) {
    std::sort(v.begin(), v.end());
    v.pop_back();
    v.erase(v.begin());
  }
  return v;
}

// A series' own extra-Poisson variance, learnt as detection walks forward
// in time, by the method of moments: E[(x - mu)^2] = mu + d mu^2, so
// d = sum((x - mu)^2 - mu) / sum(mu^2) over the hours tested so far that were
// not flagged. Shares of one post and busy threads make conversation
// burstier than Poisson, and more so in some series than others; a constant
// would be too strict for some and too loose for the rest. Only the past
// counts (no look-ahead) and flagged hours are left out (an incident must not
// hide the next one). A prior worth `prior_hours` hours keeps the first
// estimates sane.
struct Dispersion {
  double excess = 0, mu2 = 0;

  double Value(double mu, const SpikeOptions& o) const {
    if (!o.estimate_dispersion) return o.dispersion;
    double w = o.prior_hours * mu * mu;
    double d = (excess + o.prior_dispersion * w) / (mu2 + w);
    return std::clamp(d, o.dispersion, 4.0);
  }
  void Observe(double x, double mu) {
    excess += (x - mu) * (x - mu) - mu;
    mu2 += mu * mu;
  }
};

// The spike test of series s in hour h; nullopt when there is no baseline.
std::optional<Test> SpikeTest(const HourlySeries& s, size_t index, const std::vector<bool>& flagged,
                              size_t h, const Dispersion& d, const SpikeOptions& o) {
  if (h < static_cast<size_t>(std::max(1, o.min_baseline_weeks)) * kHoursPerWeek) return std::nullopt;
  std::vector<int64_t> v = SeasonalValues(s, flagged, h, o.baseline_weeks);
  if (v.empty()) return std::nullopt;
  double m = static_cast<double>(v.size());
  double sum = static_cast<double>(std::accumulate(v.begin(), v.end(), int64_t{0}));
  // An hour that was empty in every past week still has some rate.
  double mu = std::max(sum, 0.5) / m;
  int64_t x = s.n[h];
  Test t{index, 1, mu, static_cast<double>(x), x, static_cast<int64_t>(sum)};
  if (x < o.min_count || static_cast<double>(x) < o.min_ratio * mu) return t;
  // The baseline is itself an estimate from m hours: its variance
  // (mu + d mu^2) / m joins the hour's own, as extra dispersion.
  double dispersion = d.Value(mu, o) * (1 + 1 / m) + 1 / (m * mu);
  t.p = NegBinomialUpperTail(x, mu, dispersion);
  return t;
}

// Runs `test` on every eligible series each hour, keeps BH discoveries,
// flags them and reports those outside their series' cooldown; `after`
// sees every test with whether it was a discovery.
template <typename TestFn, typename AfterFn>
std::vector<Finding> Detect(std::span<const HourlySeries> series, double min_rate, double fdr,
                            int cooldown_hours, FindingKind kind, int window_hours,
                            std::vector<std::vector<bool>>& flagged, TestFn test, AfterFn after) {
  size_t hours = Hours(series);
  std::vector<bool> eligible = Eligible(series, min_rate);
  std::vector<int64_t> quiet_until(series.size(), -1);
  std::vector<Finding> out;
  std::vector<Test> tests;
  std::vector<double> ps, qs;
  for (size_t h = 0; h < hours; ++h) {
    tests.clear();
    ps.clear();
    for (size_t i = 0; i < series.size(); ++i) {
      if (!eligible[i]) continue;
      std::optional<Test> t = test(i, h);
      if (!t) continue;
      tests.push_back(*t);
      ps.push_back(t->p);
    }
    std::vector<bool> reject = BenjaminiHochberg(ps, fdr, &qs);
    for (size_t j = 0; j < tests.size(); ++j) {
      after(tests[j], reject[j]);
      if (!reject[j]) continue;
      const Test& t = tests[j];
      int64_t hi = static_cast<int64_t>(h);
      for (int k = 0; k < window_hours && k <= hi; ++k) flagged[t.series][h - k] = true;
      bool quiet = hi < quiet_until[t.series];
      quiet_until[t.series] = hi + cooldown_hours;
      if (quiet) continue;
      const HourlySeries& s = series[t.series];
      Finding f;
      f.kind = kind;
      f.series = t.series;
      f.window_start_ms = s.start_ms + (hi + 1 - window_hours) * kHourMs;
      f.window_end_ms = s.start_ms + (hi + 1) * kHourMs;
      f.baseline = t.baseline;
      f.observed = t.observed;
      f.effect = kind == FindingKind::kSpike ? t.observed / t.baseline : t.observed - t.baseline;
      f.p_value = t.p;
      f.q_value = qs[j];
      f.window_n = t.window_n;
      f.baseline_n = t.baseline_n;
      out.push_back(f);
    }
  }
  return out;
}

// Sums of n and neg over hours [from, to) of s, leaving out flagged hours.
void Sums(const HourlySeries& s, const std::vector<bool>* flagged, int64_t from, int64_t to,
          int64_t* n, int64_t* neg) {
  *n = *neg = 0;
  for (int64_t i = std::max<int64_t>(from, 0); i < to; ++i) {
    if (flagged && (*flagged)[i]) continue;
    *n += s.n[i];
    *neg += s.neg[i];
  }
}

std::optional<Test> ShiftTest(const HourlySeries& s, size_t index, const std::vector<bool>& flagged,
                              size_t h, const ShiftOptions& o) {
  int64_t end = static_cast<int64_t>(h) + 1, start = end - o.window_hours;
  if (start < 0) return std::nullopt;
  int64_t n_w, neg_w, n_b, neg_b;
  Sums(s, nullptr, start, end, &n_w, &neg_w);
  Sums(s, &flagged, start - int64_t{o.baseline_days} * 24, start, &n_b, &neg_b);
  if (n_b < o.min_baseline) return std::nullopt;
  double p0 = static_cast<double>(neg_b) / static_cast<double>(n_b);
  double p1 = n_w ? static_cast<double>(neg_w) / static_cast<double>(n_w) : 0;
  Test t{index, 1, p0, p1, n_w, n_b};
  if (n_w < o.min_count || p1 - p0 < o.min_shift) return t;
  // Posts come in clusters (shares of one post, replies in one thread), so
  // the window holds fewer independent opinions than posts: its count is
  // divided by the design effect.
  double deff = std::max(1.0, o.design_effect);
  t.p = TwoProportionTest(static_cast<double>(neg_w) / deff, static_cast<double>(n_w) / deff,
                          static_cast<double>(neg_b), static_cast<double>(n_b))
            .p_value;
  return t;
}

}  // namespace

std::string SeriesKey::Name() const {
  std::string out;
  auto add = [&out](const char* name, const std::string& v) {
    if (v.empty() || v == "*") return;
    if (!out.empty()) out += ' ';
    out += name;
    out += '=';
    out += v;
  };
  add("brand", brand);
  add("topic", topic);
  add("intent", intent);
  add("source", source);
  return out.empty() ? "all" : out;
}

std::vector<Finding> DetectSpikes(std::span<const HourlySeries> series, const SpikeOptions& o) {
  size_t hours = Hours(series);
  std::vector<std::vector<bool>> flagged(series.size(), std::vector<bool>(hours));
  std::vector<Dispersion> dispersion(series.size());
  return Detect(
      series, o.min_series_rate, o.fdr, o.cooldown_hours, FindingKind::kSpike, 1, flagged,
      [&](size_t i, size_t h) { return SpikeTest(series[i], i, flagged[i], h, dispersion[i], o); },
      [&](const Test& t, bool rejected) {
        if (!rejected) dispersion[t.series].Observe(t.observed, t.baseline);
      });
}

std::vector<Finding> DetectShifts(std::span<const HourlySeries> series, const ShiftOptions& o) {
  size_t hours = Hours(series);
  std::vector<std::vector<bool>> flagged(series.size(), std::vector<bool>(hours));
  return Detect(series, o.min_series_rate, o.fdr, o.cooldown_hours, FindingKind::kShift,
                o.window_hours, flagged,
                [&](size_t i, size_t h) { return ShiftTest(series[i], i, flagged[i], h, o); },
                [](const Test&, bool) {});
}

}  // namespace parley::change
