#include "src/learn/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "src/core/random.h"

namespace parley::learn {
namespace {

constexpr const char* kNames[kLabels] = {"negative", "neutral", "positive"};

using Counts = std::array<std::array<double, kLabels>, kLabels>;  // [truth][predicted]

struct Point {
  double accuracy = 0, macro_f1 = 0;
  std::array<double, kLabels> precision{}, recall{}, f1{};
};

// Metrics of one confusion table. A class never predicted has precision 0,
// one never true has recall 0 (the usual convention, so macro-F1 is not
// flattered by classes the model ignores).
Point Measure(const Counts& c) {
  Point p;
  double total = 0, right = 0;
  for (int t = 0; t < kLabels; ++t) {
    for (int q = 0; q < kLabels; ++q) total += c[t][q];
    right += c[t][t];
  }
  p.accuracy = total ? right / total : 0;
  for (int k = 0; k < kLabels; ++k) {
    double predicted = 0, actual = 0;
    for (int j = 0; j < kLabels; ++j) {
      predicted += c[j][k];
      actual += c[k][j];
    }
    p.precision[k] = predicted ? c[k][k] / predicted : 0;
    p.recall[k] = actual ? c[k][k] / actual : 0;
    const double s = p.precision[k] + p.recall[k];
    p.f1[k] = s ? 2 * p.precision[k] * p.recall[k] / s : 0;
    p.macro_f1 += p.f1[k] / kLabels;
  }
  return p;
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

Interval Percentile(double estimate, const std::vector<double>& draws, double confidence) {
  if (draws.empty()) return {estimate, estimate, estimate};
  const double tail = (1 - confidence) / 2;
  return {estimate, Quantile(draws, tail), Quantile(draws, 1 - tail)};
}

// Percentile bootstrap over posts: each replicate redraws n posts with
// replacement and recomputes every metric from its confusion table.
std::vector<Point> Bootstrap(const std::vector<int>& truth, const std::vector<int>& predicted,
                             const EvalOptions& o) {
  std::vector<Point> draws;
  Random random(o.seed);
  const size_t n = truth.size();
  for (int b = 0; b < o.bootstrap && n > 0; ++b) {
    Counts c{};
    for (size_t i = 0; i < n; ++i) {
      const size_t j = random.Below(n);
      c[truth[j]][predicted[j]] += 1;
    }
    draws.push_back(Measure(c));
  }
  return draws;
}

template <typename Get>
Interval Summarize(const Point& point, const std::vector<Point>& draws, double confidence,
                   Get get) {
  std::vector<double> v;
  for (const Point& d : draws) v.push_back(get(d));
  return Percentile(get(point), v, confidence);
}

void AddProbabilityScores(const std::vector<int>& truth, const std::vector<Probabilities>& probs,
                          Evaluation* e) {
  e->has_probabilities = true;
  e->reliability = MeasureReliability(probs, truth, e->options.bins);
  for (size_t i = 0; i < probs.size(); ++i) {
    e->nll -= std::log(std::max(probs[i][truth[i]], 1e-300));
    for (int k = 0; k < kLabels; ++k) {
      const double d = probs[i][k] - (k == truth[i] ? 1 : 0);
      e->brier += d * d;
    }
  }
  e->nll /= static_cast<double>(probs.size());
  e->brier /= static_cast<double>(probs.size());
}

}  // namespace

Evaluation Evaluate(const std::vector<int>& truth, const std::vector<int>& predicted,
                    const std::vector<Probabilities>& probs, const EvalOptions& o) {
  Evaluation e;
  e.options = o;
  e.n = truth.size();
  Counts c{};
  for (size_t i = 0; i < truth.size(); ++i) {
    c[truth[i]][predicted[i]] += 1;
    e.confusion.Add(truth[i], predicted[i]);
    ++e.classes[truth[i]].support;
  }
  const Point point = Measure(c);
  const std::vector<Point> draws = Bootstrap(truth, predicted, o);
  const double conf = o.confidence;
  e.accuracy = Summarize(point, draws, conf, [](const Point& p) { return p.accuracy; });
  e.macro_f1 = Summarize(point, draws, conf, [](const Point& p) { return p.macro_f1; });
  for (int k = 0; k < kLabels; ++k) {
    ClassMetrics& m = e.classes[k];
    m.precision = Summarize(point, draws, conf, [k](const Point& p) { return p.precision[k]; });
    m.recall = Summarize(point, draws, conf, [k](const Point& p) { return p.recall[k]; });
    m.f1 = Summarize(point, draws, conf, [k](const Point& p) { return p.f1[k]; });
  }
  if (!probs.empty() && probs.size() == truth.size()) AddProbabilityScores(truth, probs, &e);
  if (e.has_abstention()) {
    for (size_t i = 0; i < truth.size(); ++i) {
      if (*std::max_element(probs[i].begin(), probs[i].end()) < o.abstain) continue;
      ++e.answered;
      if (predicted[i] == truth[i]) ++e.answered_correct;
    }
  }
  return e;
}

namespace {

std::string Cell(const Interval& i) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", i.estimate, i.low, i.high);
}

std::string JsonInterval(const Interval& i) {
  return fmt::format("{{\"value\":{:.6g},\"low\":{:.6g},\"high\":{:.6g}}}", i.estimate, i.low,
                     i.high);
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      out += fmt::format("\\{}", static_cast<char>(c));
    else if (c < 0x20)
      out += fmt::format("\\u{:04x}", c);
    else
      out += static_cast<char>(c);
  }
  return out + "\"";
}

}  // namespace

std::string FormatEvaluation(const Evaluation& e, const std::string& title) {
  const int pct = static_cast<int>(std::lround(e.options.confidence * 100));
  std::string s = fmt::format(
      "{}: {} labeled posts; intervals: {}% bootstrap, {} replicates, "
      "seed {}\n\n",
      title, e.n, pct, e.options.bootstrap, e.options.seed);
  s += fmt::format("  {:<10} {}\n  {:<10} {}\n\n", "accuracy", Cell(e.accuracy), "macro-F1",
                   Cell(e.macro_f1));
  s += fmt::format("  {:<10} {:>8}  {:<23} {:<23} {:<23}\n", "class", "support", "precision",
                   "recall", "F1");
  for (int k = 0; k < kLabels; ++k) {
    const ClassMetrics& m = e.classes[k];
    s += fmt::format("  {:<10} {:>8}  {:<23} {:<23} {:<23}\n", kNames[k], m.support,
                     Cell(m.precision), Cell(m.recall), Cell(m.f1));
  }
  s += fmt::format("\n  confusion (rows: true label, columns: predicted)\n  {:<10}", "");
  for (const char* name : kNames) s += fmt::format(" {:>9}", name);
  for (int t = 0; t < kLabels; ++t) {
    s += fmt::format("\n  {:<10}", kNames[t]);
    for (int q = 0; q < kLabels; ++q) s += fmt::format(" {:>9}", e.confusion.count(t, q));
  }
  s += "\n\n";
  if (e.has_probabilities) {
    s += fmt::format("  calibration: ECE {:.4f} ({} bins), NLL {:.4f}, Brier {:.4f}\n",
                     e.reliability.ece, e.options.bins, e.nll, e.brier);
  } else {
    s += "  calibration: the model gives no probabilities\n";
  }
  if (e.has_abstention()) {
    s += fmt::format("  abstaining below {:g}: answers {} of {} posts (coverage {:.3f}), ",
                     e.options.abstain, e.answered, e.n,
                     e.n ? static_cast<double>(e.answered) / e.n : 0.0);
    s += e.answered ? fmt::format("accuracy on them {:.3f}\n",
                                  static_cast<double>(e.answered_correct) / e.answered)
                    : std::string("no accuracy on them\n");
  }
  return s;
}

std::string EvaluationJson(const Evaluation& e, const std::string& model, int cv) {
  std::string s = fmt::format(
      "{{\"model\":{},{}\"posts\":{},\"confidence\":{},\"bootstrap\":{},"
      "\"seed\":{},\"accuracy\":{},\"macro_f1\":{},\"classes\":{{",
      model.empty() ? "null" : JsonString(model), cv > 0 ? fmt::format("\"cv\":{},", cv) : "",
      e.n, e.options.confidence, e.options.bootstrap, e.options.seed,
      JsonInterval(e.accuracy), JsonInterval(e.macro_f1));
  for (int k = 0; k < kLabels; ++k) {
    const ClassMetrics& m = e.classes[k];
    s += fmt::format("{}\"{}\":{{\"support\":{},\"precision\":{},\"recall\":{},\"f1\":{}}}",
                     k ? "," : "", kNames[k], m.support, JsonInterval(m.precision),
                     JsonInterval(m.recall), JsonInterval(m.f1));
  }
  s += "},\"confusion\":[";
  for (int t = 0; t < kLabels; ++t) {
    s += fmt::format("{}[{},{},{}]", t ? "," : "", e.confusion.count(t, 0), e.confusion.count(t, 1),
                     e.confusion.count(t, 2));
  }
  s += "]";
  if (e.has_probabilities) {
    s += fmt::format(",\"ece\":{:.6g},\"nll\":{:.6g},\"brier\":{:.6g},\"reliability\":[",
                     e.reliability.ece, e.nll, e.brier);
    for (size_t b = 0; b < e.reliability.bins.size(); ++b) {
      const ReliabilityBin& bin = e.reliability.bins[b];
      s += fmt::format(
          "{}{{\"low\":{:.6g},\"high\":{:.6g},\"count\":{},\"confidence\":{:.6g},"
          "\"accuracy\":{:.6g}}}",
          b ? "," : "", bin.low, bin.high, bin.count, bin.confidence, bin.accuracy);
    }
    s += "]";
  }
  if (e.has_abstention()) {
    s += fmt::format(",\"abstain\":{{\"below\":{:.6g},\"answered\":{},\"coverage\":{:.6g},"
                     "\"accuracy\":{}}}",
                     e.options.abstain, e.answered,
                     e.n ? static_cast<double>(e.answered) / e.n : 0.0,
                     e.answered ? fmt::format("{:.6g}", static_cast<double>(e.answered_correct) /
                                                          e.answered)
                                : std::string("null"));
  }
  return s + "}\n";
}

}  // namespace parley::learn
