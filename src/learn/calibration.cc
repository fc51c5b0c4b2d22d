#include "src/learn/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace parley::learn {

namespace {

// Mean negative log-likelihood of `labels` under probs(logits[i]), for both
// MeanNll()s: one temperature or one per predicted class.
template <typename Probs>
double MeanNllOf(const std::vector<std::array<float, kLabels>>& logits,
                 const std::vector<int>& labels, Probs probs) {
  if (logits.empty()) return 0;
  double sum = 0;
  for (size_t i = 0; i < logits.size(); ++i) {
    sum -= std::log(std::max(probs(logits[i])[labels[i]], 1e-300));
  }
  return sum / static_cast<double>(logits.size());
}

}  // namespace

double MeanNll(const std::vector<std::array<float, kLabels>>& logits,
               const std::vector<int>& labels, double t) {
  return MeanNllOf(logits, labels, [t](const auto& z) { return Softmax(z, t); });
}

double FitTemperature(const std::vector<std::array<float, kLabels>>& logits,
                      const std::vector<int>& labels) {
  if (logits.empty()) return 1;
  auto nll = [&](double beta) { return MeanNll(logits, labels, 1 / beta); };
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double a = 1 / 20.0, b = 1 / 0.05;
  double c = b - phi * (b - a), d = a + phi * (b - a);
  double fc = nll(c), fd = nll(d);
  for (int i = 0; i < 60; ++i) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - phi * (b - a), fc = nll(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + phi * (b - a), fd = nll(d);
    }
  }
  return 2 / (a + b);
}

double MeanNll(const std::vector<std::array<float, kLabels>>& logits,
               const std::vector<int>& labels, const Temperatures& t) {
  return MeanNllOf(logits, labels, [&t](const auto& z) { return Calibrated(z, t); });
}

Temperatures FitClassTemperatures(const std::vector<std::array<float, kLabels>>& logits,
                                  const std::vector<int>& labels) {
  const auto all = static_cast<float>(FitTemperature(logits, labels));
  Temperatures t{all, all, all};
  for (int k = 0; k < kLabels; ++k) {
    std::vector<std::array<float, kLabels>> z;
    std::vector<int> y;
    for (size_t i = 0; i < logits.size(); ++i) {
      if (std::max_element(logits[i].begin(), logits[i].end()) - logits[i].begin() != k) continue;
      z.push_back(logits[i]);
      y.push_back(labels[i]);
    }
    if (z.size() >= kMinClassCalibration) t[k] = static_cast<float>(FitTemperature(z, y));
  }
  return t;
}

Reliability MeasureReliability(const std::vector<Probabilities>& probs,
                               const std::vector<int>& labels, int bins) {
  Reliability r;
  r.bins.resize(bins);
  for (int b = 0; b < bins; ++b) {
    r.bins[b].low = static_cast<double>(b) / bins;
    r.bins[b].high = static_cast<double>(b + 1) / bins;
  }
  for (size_t i = 0; i < probs.size(); ++i) {
    const int top = ArgMax(probs[i]);
    const double conf = probs[i][top];
    ReliabilityBin& bin = r.bins[std::min(bins - 1, static_cast<int>(conf * bins))];
    ++bin.count;
    bin.confidence += conf;
    bin.accuracy += top == labels[i] ? 1 : 0;
  }
  for (ReliabilityBin& bin : r.bins) {
    if (bin.count == 0) continue;
    bin.confidence /= static_cast<double>(bin.count);
    bin.accuracy /= static_cast<double>(bin.count);
    r.ece += static_cast<double>(bin.count) / static_cast<double>(probs.size()) *
             std::abs(bin.accuracy - bin.confidence);
  }
  return r;
}

namespace {

std::string EscapeXml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string ReliabilitySvg(const Reliability& r, const std::string& title) {
  // A 400x400 plot area at (60, 40); y grows downwards in SVG.
  constexpr double kX = 60, kY = 40, kSize = 400;
  auto px = [&](double v) { return kX + v * kSize; };
  auto py = [&](double v) { return kY + (1 - v) * kSize; };
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"500\" height=\"500\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"500\" height=\"500\" fill=\"white\"/>\n"
      "<text x=\"250\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{} (ECE {:.3f})</text>\n"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n",
      EscapeXml(title), r.ece, kX, kY, kSize, kSize);
  for (int t = 0; t <= 10; t += 2) {
    const double v = t / 10.0;
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:.1f}</text>\n", px(v),
                     kY + kSize + 16, v);
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{:.1f}</text>\n", kX - 6,
                     py(v) + 4, v);
  }
  for (const ReliabilityBin& b : r.bins) {
    if (b.count == 0) continue;
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4878cf\" "
        "fill-opacity=\"0.7\"><title>{:.1f}-{:.1f}: {} posts, accuracy {:.3f}, confidence "
        "{:.3f}</title></rect>\n",
        px(b.low) + 1, py(b.accuracy), (b.high - b.low) * kSize - 2, b.accuracy * kSize, b.low,
        b.high, b.count, b.accuracy, b.confidence);
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#d65f5f\"/>\n",
                     px(b.confidence), py(b.confidence));
    s += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"9\">{}"
        "</text>\n",
        px((b.low + b.high) / 2), py(b.accuracy) - 3, b.count);
  }
  s += fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n"
      "<text x=\"250\" y=\"{}\" text-anchor=\"middle\">confidence (top-label probability)</text>\n"
      "<text x=\"16\" y=\"250\" text-anchor=\"middle\" transform=\"rotate(-90 16 250)\">"
      "accuracy</text>\n</svg>\n",
      px(0), py(0), px(1), py(1), kY + kSize + 34);
  return s;
}

}  // namespace parley::learn
