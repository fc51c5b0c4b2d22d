#include "src/change/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parley::change {
namespace {

// Sums pmf(k) for k >= x, given log pmf(x) and the ratio pmf(k+1)/pmf(k).
// The terms fall once k is past the mode, so the sum stops when they no
// longer change it (or after a bound that is never reached in practice).
template <typename Ratio>
double SumTail(int64_t x, double log_first, Ratio ratio) {
  double term = std::exp(log_first);
  double sum = 0;
  for (int64_t k = x, steps = 0; steps < 1000000; ++k, ++steps) {
    sum += term;
    double r = ratio(k);
    term *= r;
    if (r < 1 && term < sum * 1e-17) break;
    if (term == 0) break;
  }
  return std::min(1.0, sum);
}

}  // namespace

double PoissonUpperTail(int64_t x, double mean) {
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  // Below the mean the lower tail is the short sum: 1 - P(X < x).
  if (static_cast<double>(x) < mean) {
    double lower = 0, term = std::exp(-mean);
    for (int64_t k = 0; k < x; ++k) {
      lower += term;
      term *= mean / static_cast<double>(k + 1);
    }
    return std::clamp(1 - lower, 0.0, 1.0);
  }
  double xd = static_cast<double>(x);
  double log_first = xd * std::log(mean) - mean - std::lgamma(xd + 1);
  return SumTail(x, log_first, [mean](int64_t k) { return mean / static_cast<double>(k + 1); });
}

double NegBinomialUpperTail(int64_t x, double mean, double dispersion) {
  if (dispersion <= 0) return PoissonUpperTail(x, mean);
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  double r = 1 / dispersion;      // size
  double q = mean / (r + mean);   // the "failure" probability per step
  if (static_cast<double>(x) < mean) {
    double lower = 0, term = std::pow(1 - q, r);
    for (int64_t k = 0; k < x; ++k) {
      lower += term;
      term *= (static_cast<double>(k) + r) / static_cast<double>(k + 1) * q;
    }
    return std::clamp(1 - lower, 0.0, 1.0);
  }
  double xd = static_cast<double>(x);
  double log_first = std::lgamma(xd + r) - std::lgamma(r) - std::lgamma(xd + 1) +
                     r * std::log1p(-q) + xd * std::log(q);
  return SumTail(x, log_first, [r, q](int64_t k) {
    return (static_cast<double>(k) + r) / static_cast<double>(k + 1) * q;
  });
}

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

ProportionTest TwoProportionTest(double k1, double n1, double k2, double n2) {
  ProportionTest t;
  if (n1 <= 0 || n2 <= 0) return t;
  double pooled = (k1 + k2) / (n1 + n2);
  double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se <= 0) return t;
  t.z = (k1 / n1 - k2 / n2) / se;
  t.p_value = NormalUpperTail(t.z);
  return t;
}

double LogLikelihoodG2(double a, double c, double b, double d) {
  if (c <= 0 || d <= 0) return 0;
  double e1 = c * (a + b) / (c + d);  // expected count in the corpus
  double e2 = d * (a + b) / (c + d);  // and in the reference
  double g2 = 0;
  if (a > 0) g2 += a * std::log(a / e1);
  if (b > 0) g2 += b * std::log(b / e2);
  return std::max(0.0, 2 * g2);
}

double ChiSquare1UpperTail(double g2) {
  return g2 <= 0 ? 1 : std::erfc(std::sqrt(g2 / 2));
}

std::vector<bool> BenjaminiHochberg(std::span<const double> p_values, double q,
                                    std::vector<double>* adjusted) {
  size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
  // Step-up: q-values are the running minimum of p * m / rank from the top.
  std::vector<double> qv(m, 1);
  double running = 1;
  for (size_t i = m; i-- > 0;) {
    double v = p_values[order[i]] * static_cast<double>(m) / static_cast<double>(i + 1);
    running = std::min(running, v);
    qv[order[i]] = std::min(1.0, running);
  }
  std::vector<bool> reject(m);
  for (size_t i = 0; i < m; ++i) reject[i] = qv[i] <= q;
  if (adjusted) *adjusted = std::move(qv);
  return reject;
}

}  // namespace parley::change
