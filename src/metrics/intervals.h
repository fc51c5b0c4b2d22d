// Confidence intervals for shares: every number parley shows says how sure
// it is.
//
// All functions are pure and thread-safe.
#ifndef PARLEY_METRICS_INTERVALS_H_
#define PARLEY_METRICS_INTERVALS_H_

#include <cstdint>

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

}  // namespace parley

#endif  // PARLEY_METRICS_INTERVALS_H_
