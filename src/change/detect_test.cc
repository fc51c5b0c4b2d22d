#include "src/change/detect.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace parley::change {
namespace {

constexpr int64_t kStart = 1767225600000;  // 2026-01-01T00:00:00Z

// A deterministic daily cycle around `level` posts per hour, with a small
// wobble so that weeks are not identical; a quarter of posts negative.
HourlySeries Seasonal(SeriesKey key, int weeks, double level) {
  HourlySeries s;
  s.key = std::move(key);
  s.start_ms = kStart;
  for (int h = 0; h < weeks * kHoursPerWeek; ++h) {
    double day = (h % 24) < 7 ? 0.4 : 1.0;
    double wobble = 1 + 0.05 * ((h * 7919) % 5 - 2) / 2.0;
    int64_t n = static_cast<int64_t>(level * day * wobble + 0.5);
    s.n.push_back(n);
    s.neg.push_back(n / 4);
  }
  return s;
}

void Spike(HourlySeries& s, int hour, int hours, int64_t extra, bool negative) {
  for (int h = hour; h < hour + hours; ++h) {
    s.n[h] += extra;
    if (negative) s.neg[h] += extra;
  }
}

TEST(DetectSpikes, FindsASpikeAtItsHour) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 4, 40)};
  int hour = 3 * kHoursPerWeek + 36;
  Spike(series[0], hour, 1, 80, false);
  std::vector<Finding> f = DetectSpikes(series, SpikeOptions{});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, FindingKind::kSpike);
  EXPECT_EQ(f[0].window_start_ms, kStart + hour * kHourMs);
  EXPECT_EQ(f[0].window_end_ms, kStart + (hour + 1) * kHourMs);
  EXPECT_GT(f[0].effect, 2);
  EXPECT_LT(f[0].p_value, 1e-6);
  EXPECT_LE(f[0].q_value, 0.01);
}

TEST(DetectSpikes, AFlatSeriesGivesNothing) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 6, 40),
                                      Seasonal({"*", "delay", ""}, 6, 5)};
  EXPECT_TRUE(DetectSpikes(series, SpikeOptions{}).empty());
}

TEST(DetectSpikes, NeedsABaselineWeek) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 2, 40)};
  Spike(series[0], 20, 1, 200, false);  // in the first week: nothing to compare with
  EXPECT_TRUE(DetectSpikes(series, SpikeOptions{}).empty());
}

TEST(DetectSpikes, CooldownSuppressesRepeats) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 4, 40)};
  int hour = 3 * kHoursPerWeek + 36;
  Spike(series[0], hour, 4, 80, false);
  SpikeOptions o;
  ASSERT_EQ(DetectSpikes(series, o).size(), 1u);
  o.cooldown_hours = 0;
  EXPECT_EQ(DetectSpikes(series, o).size(), 4u);
}

TEST(DetectSpikes, APastSpikeDoesNotRaiseTheBaseline) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 3, 40)};
  int hour = kHoursPerWeek + 36;
  Spike(series[0], hour, 1, 300, false);
  Spike(series[0], hour + kHoursPerWeek, 1, 200, false);  // same hour, a week later
  std::vector<Finding> f = DetectSpikes(series, SpikeOptions{});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NEAR(f[1].baseline, 40, 3);  // the flagged week is left out of the baseline
}

TEST(DetectSpikes, SmallSeriesAndSmallCountsAreSkipped) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 4, 0.2)};
  Spike(series[0], 3 * kHoursPerWeek + 36, 1, 8, false);  // 8 posts: under min_count
  EXPECT_TRUE(DetectSpikes(series, SpikeOptions{}).empty());
}

TEST(DetectSpikes, BenjaminiHochbergHoldsBackAWeakSignalAmongMany) {
  // One moderate excess: alone it passes; among 60 flat series tested in
  // the same hour the FDR correction asks for more evidence.
  SpikeOptions o;
  o.fdr = 0.01;
  o.dispersion = 0;
  int hour = 3 * kHoursPerWeek + 36;
  std::vector<HourlySeries> one = {Seasonal({"Acme", "*", ""}, 4, 20)};
  Spike(one[0], hour, 1, 18, false);
  ASSERT_EQ(DetectSpikes(one, o).size(), 1u);
  double p = DetectSpikes(one, o)[0].p_value;
  ASSERT_GT(p * 61, o.fdr) << "the test needs a p-value that BH with 61 series rejects no more";
  std::vector<HourlySeries> many = one;
  for (int i = 0; i < 60; ++i) many.push_back(Seasonal({"B" + std::to_string(i), "*", ""}, 4, 20));
  EXPECT_TRUE(DetectSpikes(many, o).empty());
}

TEST(DetectShifts, FindsARiseInTheNegativeShare) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 3, 40)};
  int hour = 2 * kHoursPerWeek + 40;
  for (int h = hour; h < hour + 3; ++h) series[0].neg[h] = series[0].n[h] * 3 / 4;
  ShiftOptions o;
  o.fdr = 0.01;
  std::vector<Finding> f = DetectShifts(series, o);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, FindingKind::kShift);
  // It fires in the first hour the 3-hour window's share has risen enough.
  EXPECT_EQ(f[0].window_end_ms, kStart + (hour + 1) * kHourMs);
  EXPECT_NEAR(f[0].baseline, 0.25, 0.03);
  EXPECT_GT(f[0].observed, 0.35);
  EXPECT_GT(f[0].effect, 0.1);
  EXPECT_LE(f[0].q_value, 0.01);
  EXPECT_EQ(f[0].window_end_ms - f[0].window_start_ms, 3 * kHourMs);
}

TEST(DetectShifts, AFlatShareGivesNothing) {
  std::vector<HourlySeries> series = {Seasonal({"Acme", "*", ""}, 3, 40)};
  Spike(series[0], 2 * kHoursPerWeek + 40, 3, 40, false);  // more posts, same share or less
  EXPECT_TRUE(DetectShifts(series, ShiftOptions{}).empty());
}

TEST(SeriesKey, NamesItsSlice) {
  EXPECT_EQ(SeriesKey{}.Name(), "all");
  EXPECT_EQ((SeriesKey{"Acme", "delay", ""}.Name()), "brand=Acme topic=delay");
  EXPECT_EQ((SeriesKey{"*", "*", "twitter"}.Name()), "source=twitter");
}

}  // namespace
}  // namespace parley::change
