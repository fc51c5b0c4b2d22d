// Training the linear model: multinomial logistic regression fitted by
// AdaGrad (per-coordinate step sizes suit sparse hashed features, where rare
// words need larger steps than common ones), then temperatures (one per
// predicted class) fitted on held-out scores so that the probabilities are
// calibrated.
//
// Everything is deterministic by seed: splits, folds and the order of
// examples come from learn::Random, features do not depend on the data.
// Featurize() uses all the threads it is given; the optimizer itself is
// sequential (see HACKING.md).
#ifndef PARLEY_LEARN_TRAINER_H_
#define PARLEY_LEARN_TRAINER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/learn/features.h"
#include "src/learn/linear_model.h"

namespace parley::learn {

struct TrainOptions {
  FeatureConfig features;
  int epochs = 8;
  double learning_rate = 0.1;  // AdaGrad's base step
  double l2 = 1e-4;            // L2 penalty on the weights an example touches
  bool balanced = true;        // weight classes by n / (3 * n_class)
  // The temperatures are fitted on held-out posts: with calibration_folds >=
  // 2, on the out-of-fold scores of that many models, each trained without
  // one fold (every post is held out once), and the model is the mean of
  // those models; otherwise on one stratified slice of calibration_fraction,
  // which the model, fitted on the rest, does not see.
  int calibration_folds = 5;
  double calibration_fraction = 0.15;
  uint64_t seed = 1;
};

struct TrainReport {
  size_t fit_rows = 0;          // posts the final weights were fitted on
  size_t calibration_rows = 0;  // held-out posts the temperatures were fitted on
  std::array<size_t, kLabels> class_counts{};
  Temperatures temperatures{1, 1, 1};  // by predicted class
  double calibration_nll_before = 0;   // mean NLL of the held-out scores at T = 1
  double calibration_nll = 0;          // ... at the fitted temperatures
  double calibration_ece = 0;
  double calibration_accuracy = 0;
};

// Features of every text, in order, extracted on `threads` threads.
std::vector<FeatureVector> Featurize(const FeatureExtractor& extractor,
                                     const std::vector<std::string>& texts, int threads);

// Splits `rows` into (kept, held out), taking round(fraction * n) of each
// class's rows at random: deterministic by seed.
std::pair<std::vector<size_t>, std::vector<size_t>> StratifiedSplit(const std::vector<int>& labels,
                                                                    const std::vector<size_t>& rows,
                                                                    double fraction, uint64_t seed);
// Fold number (0..k-1) of every example, stratified by label.
std::vector<int> StratifiedFolds(const std::vector<int>& labels, int k, uint64_t seed);

// OK when `labels` hold every class, else InvalidArgument naming the
// classes without a post and the count of each: a model fitted without a
// class never predicts it, and its calibration is meaningless.
Status CheckEveryClass(const std::vector<int>& labels);

// Trains on the examples `rows` of (x, y). InvalidArgument when there are
// no rows or an option is out of range.
StatusOr<LinearModel> Train(const std::vector<FeatureVector>& x, const std::vector<int>& y,
                            const std::vector<size_t>& rows, const TrainOptions& options,
                            TrainReport* report);

// All row numbers 0..n-1.
std::vector<size_t> AllRows(size_t n);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_TRAINER_H_
