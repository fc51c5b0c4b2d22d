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
