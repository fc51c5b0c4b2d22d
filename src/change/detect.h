// Change detectors: pure functions over hourly rollup series.
//
// Spikes: each hour's count against a seasonal (hour-of-week) baseline with
// a negative-binomial tail; Benjamini-Hochberg across the series tested in
// the same hour; minimum volume, minimum ratio and a cooldown.
// Sentiment shifts: the negative share of the last hours against the days
// before, with a one-sided two-proportion z-test; the same FDR control and
// cooldown. HACKING.md ("Change detection") gives the reasoning.
#ifndef PARLEY_CHANGE_DETECT_H_
#define PARLEY_CHANGE_DETECT_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace parley::change {

inline constexpr int64_t kHourMs = 3600 * 1000;
inline constexpr int kHoursPerWeek = 168;

// Which slice of the conversation a series counts. "*" = all.
struct SeriesKey {
  std::string brand = "*";
  std::string topic = "*";
  std::string source;  // empty: all sources
  // "*": all posts; else the posts with this intent (its topic is "*"),
  // counted from the tag rollups: a complaint spike.
  std::string intent = "*";

  // "brand=Skyloft Air topic=delay" style ("intent=complaint" for an
  // intent's); "all" for the total.
  std::string Name() const;
  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

// Posts (n) and negative posts (neg) per hour: index i is the hour starting
// at start_ms + i * kHourMs. Every series given to one detector call has the
// same start_ms and length.
struct HourlySeries {
  SeriesKey key;
  int64_t start_ms = 0;
  std::vector<int64_t> n, neg;
};

struct SpikeOptions {
  int baseline_weeks = 4;       // past weeks whose same hour-of-week forms the baseline
  int min_baseline_weeks = 1;   // fewer usable weeks: the hour is not tested
  // Extra-Poisson variance: var = mu + d mu^2, with d learnt from each
  // series' past hours (prior_dispersion worth prior_hours hours to start
  // with), never below `dispersion`; or `dispersion` itself when not estimated.
  double dispersion = 0.02;
  bool estimate_dispersion = true;
  double prior_dispersion = 0.1;
  double prior_hours = 48;
  double fdr = 0.001;           // Benjamini-Hochberg level across series, per hour
  int64_t min_count = 10;       // an hour with fewer posts never alerts
  double min_ratio = 1.5;       // nor one below this multiple of its baseline
  double min_series_rate = 0.5;  // series with fewer posts per hour on average are skipped
  int cooldown_hours = 6;       // after an alert (or a significant hour), the series is quiet
};

struct ShiftOptions {
  int window_hours = 3;      // the negative share of the last window_hours ...
  int baseline_days = 7;     // ... against the baseline_days before them
  double fdr = 0.001;
  int64_t min_count = 30;    // posts in the window
  int64_t min_baseline = 100;  // posts in the baseline
  double min_shift = 0.10;   // smallest rise of the negative share that alerts
  double design_effect = 2;  // variance inflation for clustered posts (shares, threads)
  double min_series_rate = 0.5;
  int cooldown_hours = 12;
};

enum class FindingKind { kSpike, kShift };

struct Finding {
  FindingKind kind = FindingKind::kSpike;
  size_t series = 0;  // index into the detector's input
  int64_t window_start_ms = 0, window_end_ms = 0;
  double baseline = 0;  // spike: expected posts; shift: baseline negative share
  double observed = 0;  // spike: posts; shift: window negative share
  double effect = 0;    // spike: observed / baseline; shift: observed - baseline
  double p_value = 1, q_value = 1;
  int64_t window_n = 0, baseline_n = 0;  // posts behind the figures
};

// Findings in time order, then series order.
std::vector<Finding> DetectSpikes(std::span<const HourlySeries> series, const SpikeOptions& o);
std::vector<Finding> DetectShifts(std::span<const HourlySeries> series, const ShiftOptions& o);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_DETECT_H_
