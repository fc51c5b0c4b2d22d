// Shares corrected for the classifier's measured error.
//
// A classifier that confuses classes biases the shares it counts: if it calls
// 20% of truly neutral posts negative, the raw negative share is too high.
// Given a labeled validation sample scored by the same model, the confusion
// matrix M (M[pred][true] = P(predicted pred | true class)) relates observed
// shares q to true shares p by q = M p; adjusted classify-and-count (ACC)
// solves for p. When the model gives probabilities, the probabilistic variant
// (PACC) uses mean probabilities instead of hard counts on both sides.
//
// The interval of a corrected share includes both sources of uncertainty:
// the sampling of the counted posts and the estimate of M from a finite
// validation sample: replicates draw both from their Dirichlet posteriors
// (Jeffreys' prior, so a class a small sample never saw still varies) and
// solve again, deterministic by seed.
//
// All functions are pure and thread-safe.
#ifndef PARLEY_METRICS_QUANTIFICATION_H_
#define PARLEY_METRICS_QUANTIFICATION_H_

#include <array>
#include <cstdint>
#include <string>

#include "parley/status.h"
#include "src/metrics/intervals.h"

namespace parley {

inline constexpr int kClasses = 3;  // negative, neutral, positive
using ClassVector = std::array<double, kClasses>;

// Counts of (true class, predicted class) on a labeled validation sample.
class ConfusionMatrix {
 public:
  void Add(int truth, int predicted, double weight = 1);
  // For probabilistic models: adds the predicted distribution of one post.
  void AddProbabilities(int truth, const ClassVector& predicted);

  double count(int truth, int predicted) const { return counts_[truth][predicted]; }
  double total() const;
  double TruthTotal(int truth) const;
  // P(predicted | truth); a class with no validation posts gives the identity
  // column (no correction possible for it).
  double Rate(int predicted, int truth) const;

 private:
  std::array<ClassVector, kClasses> counts_{};  // [truth][predicted]
};

enum class Correction {
  kNone,      // raw classify-and-count
  kAdjusted,  // ACC: hard labels, confusion matrix
  kProbabilistic,  // PACC: mean probabilities, expected confusion
};
std::string_view CorrectionName(Correction c);

struct CorrectedShares {
  Correction correction = Correction::kNone;
  std::array<Interval, kClasses> shares;  // estimate + interval per class
  double validation_size = 0;             // labeled posts behind the correction
  int bootstrap_replicates = 0;
  // Per class, whether the correction's own solution fell outside [0, 1]
  // (by more than half a point) and was clipped there, and that solution:
  // the labeled posts' confusion does not fit the counted posts (another
  // domain or labeling), so the corrected share is not to be trusted.
  std::array<bool, kClasses> clipped{};
  ClassVector unconstrained{};
  // Net sentiment, (positive - negative) / (positive + negative), -1 to 1:
  // the balance of the posts that take a side, as listening tools report it
  // (NetSentiment()); corrected, from the same bootstrap as the shares.
  // With no polar post it is unknown: 0, [-1, 1].
  Interval net{0, -1, 1};
  // The negative or the positive share was clipped: `net`, which weighs
  // them, stands on nothing either.
  bool NetClipped() const { return clipped[0] || clipped[2]; }
};

// Net sentiment from hard counts per class: 2 p - 1, p the positive share
// of the polar posts, with p's Wilson interval mapped the same way.
Interval NetSentiment(const ClassVector& counts, double confidence = 0.95);

// Raw shares with Wilson intervals, from counts per predicted class.
CorrectedShares RawShares(const ClassVector& counts, double confidence = 0.95);

// Corrected shares from the observed per-class totals of the counted posts
// (hard counts for ACC, summed probabilities for PACC) and the validation
// confusion matrix. FailedPrecondition when the validation sample is empty.
StatusOr<CorrectedShares> AdjustShares(const ClassVector& observed, const ConfusionMatrix& m,
                                       Correction method, double confidence = 0.95,
                                       int replicates = 1000, uint64_t seed = 42);

// Solves q = M p for p on the simplex: the least-squares solution, clipped
// to [0, 1] and renormalized (the usual ACC repair when M is noisy).
ClassVector SolveShares(const ClassVector& observed_shares,
                        const std::array<ClassVector, kClasses>& rates);

}  // namespace parley

#endif  // PARLEY_METRICS_QUANTIFICATION_H_
