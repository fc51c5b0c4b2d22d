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

// Binomial(n, p): exact for small n, inversion for small means, and the
// normal approximation where it is accurate (n p (1-p) > 25).
double Binomial(Rng* rng, double n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  double var = n * p * (1 - p);
  if (var > 25) {
    double x = std::round(n * p + std::sqrt(var) * Normal(rng));
    return std::clamp(x, 0.0, n);
  }
  if (n <= 64) {
    double k = 0;
    for (int i = 0; i < static_cast<int>(n); ++i) k += rng->Uniform() < p;
    return k;
  }
  // Inversion from the mode-free recurrence; the mean is small here.
  double q = 1 - p, s = p / q, prob = std::pow(q, n), cdf = prob, u = rng->Uniform();
  double k = 0;
  while (u > cdf && k < n) {
    prob *= s * (n - k) / (k + 1);
    cdf += prob;
    ++k;
  }
  return k;
}

// Multinomial draw of `n` items over `probs` (which sum to 1).
ClassVector Multinomial(Rng* rng, double n, const ClassVector& probs) {
  ClassVector out{};
  double left = n, mass = 1;
  for (int k = 0; k < kClasses; ++k) {
    double p = mass > 0 ? std::clamp(probs[k] / mass, 0.0, 1.0) : 0;
    out[k] = k == kClasses - 1 ? left : Binomial(rng, left, p);
    left -= out[k];
    mass -= probs[k];
  }
  return out;
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

// One bootstrap replicate: redraw the validation sample class by class and
// the counted posts, then solve again.
ClassVector Replicate(Rng* rng, const ClassVector& observed, const ConfusionMatrix& m) {
  ConfusionMatrix drawn;
  for (int t = 0; t < kClasses; ++t) {
    double n = std::round(m.TruthTotal(t));
    ClassVector column{};
    for (int p = 0; p < kClasses; ++p) column[p] = m.Rate(p, t);
    ClassVector counts = Multinomial(rng, n, column);
    for (int p = 0; p < kClasses; ++p) drawn.Add(t, p, counts[p]);
  }
  double total = std::round(observed[0] + observed[1] + observed[2]);
  ClassVector q = Normalized(Multinomial(rng, total, Normalized(observed)));
  return SolveShares(q, RatesOf(drawn));
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

CorrectedShares RawShares(const ClassVector& counts, double confidence) {
  CorrectedShares out;
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
  Rng rng(seed);
  for (int r = 0; r < replicates; ++r) {
    ClassVector p = Replicate(&rng, observed, m);
    for (int k = 0; k < kClasses; ++k) draws[k].push_back(p[k]);
  }
  double alpha = 1 - confidence;
  for (int k = 0; k < kClasses; ++k) {
    out.shares[k].estimate = point[k];
    out.shares[k].low = replicates > 0 ? std::min(point[k], Percentile(&draws[k], alpha / 2)) : point[k];
    out.shares[k].high = replicates > 0 ? std::max(point[k], Percentile(&draws[k], 1 - alpha / 2)) : point[k];
  }
  return out;
}

}  // namespace parley
