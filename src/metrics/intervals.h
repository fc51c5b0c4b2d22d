// Confidence intervals for shares: every number parley shows says how sure
// it is.
//
// All functions are pure and thread-safe.
#ifndef PARLEY_METRICS_INTERVALS_H_
#define PARLEY_METRICS_INTERVALS_H_

#include <cstdint>
#include <optional>

namespace parley {

struct Interval {
  double estimate = 0;  // the point estimate
  double low = 0;       // lower bound
  double high = 0;      // upper bound
};

// The two-sided standard normal quantile for a confidence level, e.g. 1.96
// for 0.95. `confidence` must be in (0, 1).
double NormalQuantile(double confidence);

// Wilson score interval for a binomial share `successes / trials`. With no
// trials the share is unknown: estimate 0, interval [0, 1].
Interval WilsonInterval(uint64_t successes, uint64_t trials, double confidence = 0.95);

// The interval of the difference a - b of two independent estimates, each
// given with its own interval at the same level: Newcombe's (1998) method
// 10, the square-and-add of each side's distance to its bounds (a MOVER).
// With two Wilson intervals it is his hybrid score interval for a
// difference of proportions: 56/70 - 48/80 = 0.2000, 0.0524 to 0.3339 at
// 95%. Intervals that are not independent (two periods' corrected shares,
// corrected with one validation sample) make it wider than it need be.
Interval DifferenceInterval(const Interval& a, const Interval& b);

// The ratio of two Poisson counts over the same exposure (two periods of
// one length), k1 / k2, with the interval of its logarithm's normal
// approximation, exp(ln(k1/k2) +- z sqrt(1/k1 + 1/k2)). nullopt when either
// count is 0: the ratio is then 0 or unbounded, and no interval says more.
std::optional<Interval> RateRatioInterval(uint64_t k1, uint64_t k2, double confidence = 0.95);

}  // namespace parley

#endif  // PARLEY_METRICS_INTERVALS_H_
