#include "src/metrics/intervals.h"

#include <algorithm>
#include <cmath>

namespace parley {
namespace {

// Inverse of the standard normal CDF (Acklam's rational approximation,
// relative error below 1.2e-9), refined by one Newton step on erfc.
double InverseNormalCdf(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  const double lo = 0.02425, hi = 1 - lo;
  double x;
  if (p < lo) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= hi) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace

double NormalQuantile(double confidence) { return InverseNormalCdf(0.5 + confidence / 2); }

Interval WilsonInterval(uint64_t successes, uint64_t trials, double confidence) {
  if (trials == 0) return {0, 0, 1};
  double n = static_cast<double>(trials);
  double p = static_cast<double>(std::min(successes, trials)) / n;
  double z = NormalQuantile(confidence);
  double z2 = z * z;
  double center = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  // At 0 or n successes the bound is exactly 0 or 1; rounding must not move it.
  double low = successes == 0 ? 0.0 : std::max(0.0, center - half);
  double high = successes >= trials ? 1.0 : std::min(1.0, center + half);
  return {p, low, high};
}

Interval DifferenceInterval(const Interval& a, const Interval& b) {
  const double d = a.estimate - b.estimate;
  const double below = std::hypot(a.estimate - a.low, b.high - b.estimate);
  const double above = std::hypot(a.high - a.estimate, b.estimate - b.low);
  return {d, d - below, d + above};
}

std::optional<Interval> RateRatioInterval(uint64_t k1, uint64_t k2, double confidence) {
  if (k1 == 0 || k2 == 0) return std::nullopt;
  const double a = static_cast<double>(k1), b = static_cast<double>(k2);
  const double log_ratio = std::log(a / b);
  const double half = NormalQuantile(confidence) * std::sqrt(1 / a + 1 / b);
  return Interval{a / b, std::exp(log_ratio - half), std::exp(log_ratio + half)};
}

}  // namespace parley
