#include "src/metrics/quantification.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "src/core/random.h"

namespace parley {
namespace {

using Rng = Random;  // seeded, so bootstrap intervals are reproducible anywhere

// A standard normal draw (Box-Muller).
double Normal(Rng* rng) {
  double u = rng->Uniform(), v = rng->Uniform();
  return std::sqrt(-2 * std::log(u > 0 ? u : 1e-300)) * std::cos(2 * M_PI * v);
}

ClassVector Normalized(const ClassVector& v) {
  double sum = v[0] + v[1] + v[2];
  ClassVector out{};
  for (int k = 0; k < kClasses; ++k) out[k] = sum > 0 ? v[k] / sum : 1.0 / kClasses;
  return out;
}

std::array<ClassVector, kClasses> RatesOf(const ConfusionMatrix& m) {
  std::array<ClassVector, kClasses> rates{};
  for (int p = 0; p < kClasses; ++p)
    for (int t = 0; t < kClasses; ++t) rates[p][t] = m.Rate(p, t);
  return rates;
}

// Solves a 3x3 system by Gaussian elimination with partial pivoting; false
// when it is (numerically) singular.
bool Solve3(std::array<ClassVector, kClasses> a, ClassVector b, ClassVector* x) {
  for (int col = 0; col < kClasses; ++col) {
    int pivot = col;
    for (int r = col + 1; r < kClasses; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    if (std::fabs(a[pivot][col]) < 1e-9) return false;
    std::swap(a[col], a[pivot]);
    std::swap(b[col], b[pivot]);
    for (int r = col + 1; r < kClasses; ++r) {
      double f = a[r][col] / a[col][col];
      for (int c = col; c < kClasses; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  for (int r = kClasses - 1; r >= 0; --r) {
    double s = b[r];
    for (int c = r + 1; c < kClasses; ++c) s -= a[r][c] * (*x)[c];
    (*x)[r] = s / a[r][r];
  }
  return true;
}

// Gamma(shape, 1): Marsaglia and Tsang's squeeze method for shapes of 1
// and more; a smaller shape from shape + 1 times U^(1/shape).
double Gamma(Rng* rng, double shape) {
  if (shape < 1) {
    const double u = rng->Uniform();
    return Gamma(rng, shape + 1) * std::pow(u > 0 ? u : 1e-300, 1 / shape);
  }
  const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0, v = 0;
    do {
      x = Normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng->Uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u > 0 ? u : 1e-300) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

// A draw from the Dirichlet distribution of `counts` under Jeffreys' prior
// (each count + 1/2): the shares those counts leave possible.
ClassVector DirichletShares(Rng* rng, const ClassVector& counts) {
  ClassVector g{};
  for (int k = 0; k < kClasses; ++k) g[k] = Gamma(rng, std::max(0.0, counts[k]) + 0.5);
  return Normalized(g);
}

// One replicate: each measured class's confusion column and the counted
// posts' shares drawn from what their samples leave possible (their
// Dirichlet posteriors under Jeffreys' prior), then solved again. Redrawing
// each sample from its own proportions (a parametric bootstrap) would never
// vary a class the sample did not see: one counted post, positive, would
// make positive 100% with no doubt at all, where its raw Wilson interval
// says 21-100%. For large samples the two agree. A class with no labeled
// posts keeps the identity column (no correction for it), as in the
// estimate.
ClassVector Replicate(Rng* rng, const ClassVector& observed, const ConfusionMatrix& m) {
  std::array<ClassVector, kClasses> rates{};
  for (int t = 0; t < kClasses; ++t) {
    ClassVector column{};
    if (m.TruthTotal(t) > 0) {
      for (int p = 0; p < kClasses; ++p) column[p] = m.count(t, p);
      column = DirichletShares(rng, column);
    } else {
      column[t] = 1;
    }
    for (int p = 0; p < kClasses; ++p) rates[p][t] = column[p];
  }
  return SolveShares(DirichletShares(rng, observed), rates);
}

double Percentile(std::vector<double>* v, double f) {
  size_t i = static_cast<size_t>(std::clamp(f, 0.0, 1.0) * static_cast<double>(v->size() - 1));
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(i), v->end());
  return (*v)[i];
}

}  // namespace

void ConfusionMatrix::Add(int truth, int predicted, double weight) {
  counts_[truth][predicted] += weight;
}

void ConfusionMatrix::AddProbabilities(int truth, const ClassVector& predicted) {
  for (int p = 0; p < kClasses; ++p) counts_[truth][p] += predicted[p];
}

double ConfusionMatrix::total() const {
  double s = 0;
  for (int t = 0; t < kClasses; ++t) s += TruthTotal(t);
  return s;
}

double ConfusionMatrix::TruthTotal(int truth) const {
  return counts_[truth][0] + counts_[truth][1] + counts_[truth][2];
}

double ConfusionMatrix::Rate(int predicted, int truth) const {
  double n = TruthTotal(truth);
  if (n <= 0) return predicted == truth ? 1 : 0;
  return counts_[truth][predicted] / n;
}

std::string_view CorrectionName(Correction c) {
  switch (c) {
    case Correction::kNone: return "none";
    case Correction::kAdjusted: return "adjusted classify-and-count";
    case Correction::kProbabilistic: return "probabilistic adjusted classify-and-count";
  }
  return "none";
}

ClassVector SolveShares(const ClassVector& q, const std::array<ClassVector, kClasses>& rates) {
  ClassVector p{};
  if (!Solve3(rates, q, &p)) return Normalized(q);
  for (double& x : p) x = std::clamp(x, 0.0, 1.0);
  return Normalized(p);
}

Interval NetSentiment(const ClassVector& counts, double confidence) {
  const auto positive = static_cast<uint64_t>(std::llround(counts[2]));
  const auto polar = positive + static_cast<uint64_t>(std::llround(counts[0]));
  if (polar == 0) return {0, -1, 1};
  const Interval p = WilsonInterval(positive, polar, confidence);
  return {2 * p.estimate - 1, 2 * p.low - 1, 2 * p.high - 1};
}

CorrectedShares RawShares(const ClassVector& counts, double confidence) {
  CorrectedShares out;
  out.net = NetSentiment(counts, confidence);
  double n = counts[0] + counts[1] + counts[2];
  for (int k = 0; k < kClasses; ++k) {
    out.shares[k] = WilsonInterval(static_cast<uint64_t>(std::llround(counts[k])),
                                   static_cast<uint64_t>(std::llround(n)), confidence);
  }
  return out;
}

StatusOr<CorrectedShares> AdjustShares(const ClassVector& observed, const ConfusionMatrix& m,
                                       Correction method, double confidence, int replicates,
                                       uint64_t seed) {
  if (method == Correction::kNone) return RawShares(observed, confidence);
  if (m.total() <= 0) {
    return FailedPreconditionError("the validation sample has no labeled posts to measure "
                                   "the model's confusion on");
  }
  CorrectedShares out;
  out.correction = method;
  out.validation_size = m.total();
  out.bootstrap_replicates = replicates;
  ClassVector point = SolveShares(Normalized(observed), RatesOf(m));
  if (ClassVector raw{}; Solve3(RatesOf(m), Normalized(observed), &raw)) {
    out.unconstrained = raw;
    for (int k = 0; k < kClasses; ++k) out.clipped[k] = raw[k] < -0.005 || raw[k] > 1.005;
  }
  std::array<std::vector<double>, kClasses> draws;
  std::vector<double> nets;
  auto net = [](const ClassVector& p) {
    return p[0] + p[2] > 0 ? (p[2] - p[0]) / (p[0] + p[2]) : 0.0;
  };
  Rng rng(seed);
  for (int r = 0; r < replicates; ++r) {
    ClassVector p = Replicate(&rng, observed, m);
    for (int k = 0; k < kClasses; ++k) draws[k].push_back(p[k]);
    if (p[0] + p[2] > 0) nets.push_back(net(p));
  }
  double alpha = 1 - confidence;
  for (int k = 0; k < kClasses; ++k) {
    out.shares[k].estimate = point[k];
    out.shares[k].low = replicates > 0 ? std::min(point[k], Percentile(&draws[k], alpha / 2)) : point[k];
    out.shares[k].high = replicates > 0 ? std::max(point[k], Percentile(&draws[k], 1 - alpha / 2)) : point[k];
  }
  if (point[0] + point[2] > 0) {
    const double n = net(point);
    out.net = {n, nets.empty() ? n : std::min(n, Percentile(&nets, alpha / 2)),
               nets.empty() ? n : std::max(n, Percentile(&nets, 1 - alpha / 2))};
  }
  return out;
}

}  // namespace parley
