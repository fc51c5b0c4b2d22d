#include "src/metrics/intervals.h"

#include <gtest/gtest.h>

#include <cmath>

namespace parley {
namespace {

TEST(NormalQuantile, MatchesTables) {
  EXPECT_NEAR(NormalQuantile(0.95), 1.959963985, 1e-8);
  EXPECT_NEAR(NormalQuantile(0.99), 2.575829304, 1e-8);
  EXPECT_NEAR(NormalQuantile(0.90), 1.644853627, 1e-8);
  EXPECT_NEAR(NormalQuantile(0.999), 3.290526731, 1e-8);
}

TEST(WilsonInterval, MatchesAKnownCase) {
  // 81 of 263: a textbook example (Wilson 1927 style), 95%.
  Interval i = WilsonInterval(81, 263);
  EXPECT_NEAR(i.estimate, 0.30798, 1e-5);
  EXPECT_NEAR(i.low, 0.25533, 1e-4);
  EXPECT_NEAR(i.high, 0.36621, 1e-4);
}

TEST(WilsonInterval, StaysInsideZeroOneAtTheEdges) {
  Interval none = WilsonInterval(0, 20);
  EXPECT_EQ(none.low, 0);
  EXPECT_GT(none.high, 0.1);
  Interval all = WilsonInterval(20, 20);
  EXPECT_EQ(all.high, 1);
  EXPECT_LT(all.low, 0.9);
}

TEST(WilsonInterval, NoTrialsMeansUnknown) {
  Interval i = WilsonInterval(0, 0);
  EXPECT_EQ(i.low, 0);
  EXPECT_EQ(i.high, 1);
}

TEST(WilsonInterval, NarrowsWithMoreData) {
  Interval small = WilsonInterval(30, 100), large = WilsonInterval(3000, 10000);
  EXPECT_LT(large.high - large.low, (small.high - small.low) / 5);
}

// Newcombe (1998), Table II, example (a): 56/70 - 48/80 by method 10.
TEST(DifferenceInterval, MatchesNewcombesWorkedExample) {
  const Interval d = DifferenceInterval(WilsonInterval(56, 70), WilsonInterval(48, 80));
  EXPECT_NEAR(d.estimate, 0.2, 1e-12);
  EXPECT_NEAR(d.low, 0.0524, 5e-5);
  EXPECT_NEAR(d.high, 0.3339, 5e-5);
  // Swapped, the interval is mirrored.
  const Interval m = DifferenceInterval(WilsonInterval(48, 80), WilsonInterval(56, 70));
  EXPECT_NEAR(m.low, -d.high, 1e-12);
  EXPECT_NEAR(m.high, -d.low, 1e-12);
}

TEST(DifferenceInterval, HoldsZeroForEqualSharesAndNarrowsWithData) {
  const Interval small = DifferenceInterval(WilsonInterval(3, 10), WilsonInterval(30, 100));
  EXPECT_LT(small.low, 0);
  EXPECT_GT(small.high, 0);
  const Interval big = DifferenceInterval(WilsonInterval(3000, 10000), WilsonInterval(300, 1000));
  EXPECT_LT(big.high - big.low, small.high - small.low);
  // A share of 0 then and 0 now: the difference is 0, its bounds either side.
  const Interval none = DifferenceInterval(WilsonInterval(0, 50), WilsonInterval(0, 50));
  EXPECT_EQ(none.estimate, 0);
  EXPECT_LT(none.low, 0);
  EXPECT_GT(none.high, 0);
}

TEST(RateRatioInterval, IsTheLogNormalIntervalAndNeedsBothCounts) {
  const std::optional<Interval> r = RateRatioInterval(100, 50);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->estimate, 2.0);
  const double half = 1.959963984540054 * std::sqrt(1.0 / 100 + 1.0 / 50);
  EXPECT_NEAR(r->low, 2.0 * std::exp(-half), 1e-9);
  EXPECT_NEAR(r->high, 2.0 * std::exp(half), 1e-9);
  EXPECT_LT(r->low, 2.0);
  // Equal counts: 1, with 1 inside.
  const std::optional<Interval> same = RateRatioInterval(40, 40);
  EXPECT_DOUBLE_EQ(same->estimate, 1.0);
  EXPECT_LT(same->low, 1.0);
  EXPECT_GT(same->high, 1.0);
  EXPECT_FALSE(RateRatioInterval(0, 10).has_value());
  EXPECT_FALSE(RateRatioInterval(10, 0).has_value());
}

}  // namespace
}  // namespace parley
