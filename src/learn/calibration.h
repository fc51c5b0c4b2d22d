// Calibration: the temperature that makes a model's probabilities honest,
// and how honest they are (expected calibration error, reliability diagram).
#ifndef PARLEY_LEARN_CALIBRATION_H_
#define PARLEY_LEARN_CALIBRATION_H_

#include <array>
#include <string>
#include <vector>

#include "src/learn/linear_model.h"

namespace parley::learn {

// Mean negative log-likelihood of `labels` under softmax(logits / t).
double MeanNll(const std::vector<std::array<float, kLabels>>& logits,
               const std::vector<int>& labels, double t);
// The temperature in [0.05, 20] minimizing MeanNll (NLL is convex in 1/t, so
// a golden-section search on 1/t finds it). 1 when there are no examples.
double FitTemperature(const std::vector<std::array<float, kLabels>>& logits,
                      const std::vector<int>& labels);

// Held-out posts a class must be predicted for to get a temperature of its
// own; a rarer prediction takes the temperature fitted on all posts.
inline constexpr size_t kMinClassCalibration = 50;

// A temperature per predicted class, each fitted (FitTemperature) on the
// examples whose logits predict that class. One temperature cannot fix a
// model that is too sure of one class and not sure enough of another, which
// class weighting causes: balanced weights buy recall on rare classes with
// too many, overconfident predictions of them, and too few, underconfident
// predictions of the common class. Conditioning on the predicted class is
// top-label calibration (Gupta & Ramdas, ICLR 2022); labels stay those of
// the raw logits.
Temperatures FitClassTemperatures(const std::vector<std::array<float, kLabels>>& logits,
                                  const std::vector<int>& labels);
// Mean NLL of `labels` under Calibrated(logits, t).
double MeanNll(const std::vector<std::array<float, kLabels>>& logits,
               const std::vector<int>& labels, const Temperatures& t);

struct ReliabilityBin {
  double low = 0, high = 0;  // confidence range [low, high)
  size_t count = 0;
  double confidence = 0;  // mean top-label probability in the bin
  double accuracy = 0;    // share of the bin's posts predicted right
};

struct Reliability {
  std::vector<ReliabilityBin> bins;
  double ece = 0;  // sum over bins of count/n * |accuracy - confidence|
};

// Top-label reliability over `bins` equal-width confidence bins.
Reliability MeasureReliability(const std::vector<Probabilities>& probs,
                               const std::vector<int>& labels, int bins = 10);

// A self-contained SVG reliability diagram (bars: accuracy per bin; dots:
// mean confidence; the diagonal is perfect calibration).
std::string ReliabilitySvg(const Reliability& r, const std::string& title);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_CALIBRATION_H_
