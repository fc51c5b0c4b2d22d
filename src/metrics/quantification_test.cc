#include "src/metrics/quantification.h"

#include <gtest/gtest.h>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;

// A classifier that calls 30% of truly neutral posts negative and is
// otherwise right, measured on 300 labeled posts per class.
ConfusionMatrix NeutralToNegativeBias() {
  ConfusionMatrix m;
  m.Add(0, 0, 300);
  m.Add(1, 0, 90);
  m.Add(1, 1, 210);
  m.Add(2, 2, 300);
  return m;
}

TEST(SolveShares, RecoversTrueSharesFromBiasedCounts) {
  // True shares 20/60/20 are observed as 38/42/20 by the biased classifier.
  ConfusionMatrix m = NeutralToNegativeBias();
  std::array<ClassVector, kClasses> rates{};
  for (int p = 0; p < kClasses; ++p)
    for (int t = 0; t < kClasses; ++t) rates[p][t] = m.Rate(p, t);
  ClassVector p = SolveShares({0.38, 0.42, 0.20}, rates);
  EXPECT_NEAR(p[0], 0.20, 1e-9);
  EXPECT_NEAR(p[1], 0.60, 1e-9);
  EXPECT_NEAR(p[2], 0.20, 1e-9);
}

TEST(SolveShares, ClipsImpossibleSolutionsOntoTheSimplex) {
  ConfusionMatrix m = NeutralToNegativeBias();
  std::array<ClassVector, kClasses> rates{};
  for (int p = 0; p < kClasses; ++p)
    for (int t = 0; t < kClasses; ++t) rates[p][t] = m.Rate(p, t);
  ClassVector p = SolveShares({0.05, 0.90, 0.05}, rates);  // more neutral than possible
  for (double x : p) {
    EXPECT_GE(x, 0);
    EXPECT_LE(x, 1);
  }
  EXPECT_NEAR(p[0] + p[1] + p[2], 1, 1e-12);
}

TEST(AdjustShares, CorrectsAndWidensTheInterval) {
  ClassVector observed = {3800, 4200, 2000};
  ASSERT_OK_AND_ASSIGN(CorrectedShares adj,
                       AdjustShares(observed, NeutralToNegativeBias(), Correction::kAdjusted));
  CorrectedShares raw = RawShares(observed);
  EXPECT_NEAR(adj.shares[0].estimate, 0.20, 1e-9);
  EXPECT_NEAR(raw.shares[0].estimate, 0.38, 1e-9);
  // Measuring M on 900 posts adds uncertainty the raw Wilson interval lacks.
  EXPECT_GT(adj.shares[0].high - adj.shares[0].low, raw.shares[0].high - raw.shares[0].low);
  EXPECT_LE(adj.shares[0].low, 0.20);
  EXPECT_GE(adj.shares[0].high, 0.20);
  EXPECT_EQ(adj.validation_size, 900);
  EXPECT_EQ(adj.correction, Correction::kAdjusted);
}

// Counts the measured confusion cannot produce (far fewer negatives than
// the classifier's bias alone gives): the correction's solution is below 0
// for negative, clipped, and says so with its value; fitting counts are not.
TEST(AdjustShares, SaysWhenItsSolutionFellOutsideZeroToOne) {
  ASSERT_OK_AND_ASSIGN(CorrectedShares fits, AdjustShares({3800, 4200, 2000},
                                                          NeutralToNegativeBias(),
                                                          Correction::kAdjusted));
  EXPECT_EQ(fits.clipped, (std::array<bool, kClasses>{false, false, false}));
  EXPECT_NEAR(fits.unconstrained[0], 0.20, 1e-9);
  ASSERT_OK_AND_ASSIGN(CorrectedShares misfit, AdjustShares({500, 7500, 2000},
                                                            NeutralToNegativeBias(),
                                                            Correction::kAdjusted));
  EXPECT_TRUE(misfit.clipped[0]);
  EXPECT_LT(misfit.unconstrained[0], -0.005);
  EXPECT_EQ(misfit.shares[0].estimate, 0);
}

TEST(AdjustShares, IsDeterministicBySeed) {
  ClassVector observed = {380, 420, 200};
  auto a = *AdjustShares(observed, NeutralToNegativeBias(), Correction::kAdjusted, 0.95, 200, 7);
  auto b = *AdjustShares(observed, NeutralToNegativeBias(), Correction::kAdjusted, 0.95, 200, 7);
  for (int k = 0; k < kClasses; ++k) {
    EXPECT_EQ(a.shares[k].low, b.shares[k].low);
    EXPECT_EQ(a.shares[k].high, b.shares[k].high);
  }
}

TEST(AdjustShares, CoversTheTruthInMostSimulatedStudies) {
  // Coverage check: 40 simulated validation + count samples from a known
  // truth; a 95% interval should miss rarely (allow generous slack).
  int covered = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    ConfusionMatrix m = NeutralToNegativeBias();
    ClassVector observed = {380 + static_cast<double>(seed % 7) - 3, 420, 200};
    auto s = *AdjustShares(observed, m, Correction::kAdjusted, 0.95, 300, seed);
    covered += s.shares[0].low <= 0.2 && 0.2 <= s.shares[0].high;
  }
  EXPECT_GE(covered, 34);
}

// A few counted posts leave every share uncertain, whatever the
// correction: one positive post is no proof that none is negative. The
// corrected interval is at least as wide as the raw Wilson one there, and
// a class the validation sample never mistook still varies.
TEST(AdjustShares, FewPostsLeaveEveryShareUncertain) {
  ConfusionMatrix perfect;
  for (int k = 0; k < kClasses; ++k) perfect.Add(k, k, 1);
  ASSERT_OK_AND_ASSIGN(CorrectedShares one,
                       AdjustShares({0, 0, 1}, perfect, Correction::kAdjusted));
  CorrectedShares raw = RawShares({0, 0, 1});
  EXPECT_EQ(one.shares[2].estimate, 1);
  EXPECT_EQ(one.shares[0].estimate, 0);
  EXPECT_LT(one.shares[2].low, 0.5);
  EXPECT_GT(one.shares[0].high, 0.2);
  EXPECT_GT(one.shares[0].high - one.shares[0].low, 0.5 * (raw.shares[0].high - raw.shares[0].low));
  // Many posts: a narrow interval around the estimate.
  ConfusionMatrix big;
  for (int k = 0; k < kClasses; ++k) big.Add(k, k, 1000);
  ASSERT_OK_AND_ASSIGN(CorrectedShares many,
                       AdjustShares({2000, 3000, 5000}, big, Correction::kAdjusted));
  EXPECT_NEAR(many.shares[0].estimate, 0.2, 1e-9);
  EXPECT_LT(many.shares[0].high - many.shares[0].low, 0.03);
  EXPECT_LE(many.shares[0].low, 0.2);
  EXPECT_GE(many.shares[0].high, 0.2);
}

TEST(AdjustShares, NeedsAValidationSample) {
  EXPECT_THAT(AdjustShares({1, 1, 1}, ConfusionMatrix(), Correction::kAdjusted),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST(RawShares, UsesWilsonIntervals) {
  CorrectedShares raw = RawShares({81, 182, 0});
  EXPECT_NEAR(raw.shares[0].low, 0.25533, 1e-4);
  EXPECT_EQ(raw.correction, Correction::kNone);
}

// Net sentiment: (positive - negative) / (positive + negative), the
// positive share of the polar posts mapped to -1..1 with its interval.
TEST(NetSentiment, IsThePolarPostsBalanceWithItsInterval) {
  const Interval net = NetSentiment({30, 500, 70});
  EXPECT_NEAR(net.estimate, 0.4, 1e-12);
  const Interval p = WilsonInterval(70, 100);
  EXPECT_NEAR(net.low, 2 * p.low - 1, 1e-12);
  EXPECT_NEAR(net.high, 2 * p.high - 1, 1e-12);
  // Neutral posts do not move it; no polar post leaves it unknown.
  EXPECT_NEAR(NetSentiment({30, 5, 70}).estimate, 0.4, 1e-12);
  const Interval none = NetSentiment({0, 10, 0});
  EXPECT_EQ(none.low, -1);
  EXPECT_EQ(none.high, 1);
  EXPECT_EQ(RawShares({30, 500, 70}).net.estimate, net.estimate);
  const Interval all_negative = NetSentiment({12, 0, 0});
  EXPECT_EQ(all_negative.estimate, -1);
  EXPECT_EQ(all_negative.low, -1);
}

// Corrected, from the corrected shares and their bootstrap.
TEST(AdjustShares, GivesTheCorrectedNetSentiment) {
  ClassVector observed = {3800, 4200, 2000};
  ASSERT_OK_AND_ASSIGN(CorrectedShares adj,
                       AdjustShares(observed, NeutralToNegativeBias(), Correction::kAdjusted));
  const double n = adj.shares[0].estimate, p = adj.shares[2].estimate;
  EXPECT_NEAR(adj.net.estimate, (p - n) / (p + n), 1e-12);
  EXPECT_LT(adj.net.low, adj.net.estimate);
  EXPECT_GT(adj.net.high, adj.net.estimate);
  EXPECT_GE(adj.net.low, -1);
  EXPECT_LE(adj.net.high, 1);
  // The raw counts' net is far lower: the bias made neutral posts negative.
  EXPECT_LT(RawShares(observed).net.high, adj.net.low);
}

}  // namespace
}  // namespace parley
