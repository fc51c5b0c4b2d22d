#include "src/metrics/intervals.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace parley
