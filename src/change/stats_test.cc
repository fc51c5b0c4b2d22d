#include "src/change/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace parley::change {
namespace {

TEST(PoissonUpperTail, MatchesHandComputedValues) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3), 1);
  // P(X >= 1) = 1 - e^-2.
  EXPECT_NEAR(PoissonUpperTail(1, 2), 1 - std::exp(-2.0), 1e-12);
  // P(X >= 5 | mean 1) = 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24).
  EXPECT_NEAR(PoissonUpperTail(5, 1), 1 - std::exp(-1.0) * (1 + 1 + 0.5 + 1.0 / 6 + 1.0 / 24),
              1e-12);
}

TEST(PoissonUpperTail, FarTailsStayPositiveAndOrdered) {
  double a = PoissonUpperTail(60, 10), b = PoissonUpperTail(80, 10);
  EXPECT_GT(a, 0);
  EXPECT_GT(b, 0);
  EXPECT_LT(b, a);
  EXPECT_LT(a, 1e-20);
}

TEST(NegBinomialUpperTail, ApproachesPoissonAndIsWider) {
  EXPECT_NEAR(NegBinomialUpperTail(15, 8, 1e-9), PoissonUpperTail(15, 8), 1e-7);
  EXPECT_GT(NegBinomialUpperTail(15, 8, 0.2), PoissonUpperTail(15, 8));
  // Dispersion 1 with mean 1 is geometric with p = 1/2: P(X >= 3) = 1/8.
  EXPECT_NEAR(NegBinomialUpperTail(3, 1, 1), 0.125, 1e-12);
}

TEST(TwoProportionTest, DetectsARiseAndNotAFall) {
  ProportionTest up = TwoProportionTest(60, 100, 300, 1000);
  EXPECT_GT(up.z, 5);
  EXPECT_LT(up.p_value, 1e-6);
  EXPECT_GT(TwoProportionTest(20, 100, 300, 1000).p_value, 0.9);
  EXPECT_DOUBLE_EQ(TwoProportionTest(0, 0, 3, 10).p_value, 1);
}

TEST(LogLikelihoodG2, IsZeroForEqualRatesAndGrowsWithDifference) {
  EXPECT_NEAR(LogLikelihoodG2(10, 1000, 100, 10000), 0, 1e-9);
  double small = LogLikelihoodG2(20, 1000, 100, 10000);
  double large = LogLikelihoodG2(60, 1000, 100, 10000);
  EXPECT_GT(small, 0);
  EXPECT_GT(large, small);
  // G2 = 3.84 is p = 0.05 for one degree of freedom.
  EXPECT_NEAR(ChiSquare1UpperTail(3.841459), 0.05, 1e-6);
}

TEST(BenjaminiHochberg, RejectsByTheStepUpRule) {
  std::vector<double> p = {0.01, 0.04, 0.03, 0.5};
  std::vector<double> q;
  // Sorted 0.01, 0.03, 0.04, 0.5 against k * 0.05 / 4 = 0.0125, 0.025,
  // 0.0375, 0.05: only the first is below its threshold.
  std::vector<bool> r = BenjaminiHochberg(p, 0.05, &q);
  EXPECT_EQ(r, (std::vector<bool>{true, false, false, false}));
  EXPECT_NEAR(q[0], 0.04, 1e-12);           // 0.01 * 4 / 1
  EXPECT_NEAR(q[1], 0.04 * 4 / 3, 1e-12);   // rank 3
  EXPECT_NEAR(q[2], 0.04 * 4 / 3, 1e-12);   // rank 2 takes rank 3's smaller value
  // At q = 0.06 the step-up takes all three below 0.045.
  r = BenjaminiHochberg(p, 0.06, nullptr);
  EXPECT_EQ(r, (std::vector<bool>{true, true, true, false}));
}

TEST(BenjaminiHochberg, ControlsFalseDiscoveriesUnderTheNull) {
  // Uniform p-values (a deterministic grid): at q = 0.05 nothing passes.
  std::vector<double> p;
  for (int i = 1; i <= 1000; ++i) p.push_back(i / 1000.0);
  std::vector<bool> r = BenjaminiHochberg(p, 0.05, nullptr);
  int rejected = 0;
  for (bool b : r) rejected += b;
  EXPECT_EQ(rejected, 0);
  EXPECT_TRUE(BenjaminiHochberg({}, 0.05, nullptr).empty());
}

}  // namespace
}  // namespace parley::change
