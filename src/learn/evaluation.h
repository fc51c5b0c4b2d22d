// How good a sentiment model is on labeled posts: accuracy, per-class
// precision/recall/F1 and macro-F1, each with a bootstrap interval; the
// confusion matrix (the same ConfusionMatrix the report's share correction
// uses); and, for models with probabilities, calibration error.
#ifndef PARLEY_LEARN_EVALUATION_H_
#define PARLEY_LEARN_EVALUATION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/learn/calibration.h"
#include "src/learn/linear_model.h"
#include "src/metrics/intervals.h"
#include "src/metrics/quantification.h"

namespace parley::learn {

struct EvalOptions {
  int bootstrap = 1000;  // replicates; 0 gives point estimates only
  uint64_t seed = 42;
  double confidence = 0.95;
  int bins = 10;  // reliability bins
  // With probabilities: posts whose top probability is below this are the
  // ones analyze --abstain marks uncertain; coverage and the accuracy of the
  // rest are reported beside the metrics of every best guess. 0: none.
  double abstain = 0;
};

struct ClassMetrics {
  size_t support = 0;  // true posts of the class
  Interval precision, recall, f1;
};

struct Evaluation {
  size_t n = 0;
  Interval accuracy, macro_f1;
  std::array<ClassMetrics, kLabels> classes;
  ConfusionMatrix confusion;  // (truth, predicted) counts
  bool has_probabilities = false;
  Reliability reliability;  // when has_probabilities
  double nll = 0;           // mean negative log-likelihood, when has_probabilities
  double brier = 0;         // mean multi-class Brier score, when has_probabilities
  // When options.abstain > 0 and has_probabilities: the posts the model
  // answers (top probability >= options.abstain) and how many it gets right.
  size_t answered = 0;
  size_t answered_correct = 0;
  bool has_abstention() const { return options.abstain > 0 && has_probabilities; }
  EvalOptions options;
};

// Scores `predicted` against `truth` (classes 0..2, same length). `probs`
// is empty for a model without probabilities, else one per post.
Evaluation Evaluate(const std::vector<int>& truth, const std::vector<int>& predicted,
                    const std::vector<Probabilities>& probs, const EvalOptions& options);

// A readable table for the terminal; `title` names the model and data.
std::string FormatEvaluation(const Evaluation& e, const std::string& title);
// One JSON object (with a trailing newline). `model` is the model's name as
// analyze gives it ("lexicon", "air.plm"), or empty for the pooled
// out-of-fold predictions of `cv` models (written "model":null,"cv":K).
std::string EvaluationJson(const Evaluation& e, const std::string& model, int cv = 0);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_EVALUATION_H_
