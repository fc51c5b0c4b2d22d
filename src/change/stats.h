// The statistics behind parley's change detectors: count tails, a
// two-proportion test, log-likelihood keyness and Benjamini-Hochberg.
// Pure functions; thread-safe. HACKING.md ("Change detection") says why
// each was chosen.
#ifndef PARLEY_CHANGE_STATS_H_
#define PARLEY_CHANGE_STATS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace parley::change {

// P(X >= x) for X ~ Poisson(mean). 1 when x <= 0.
double PoissonUpperTail(int64_t x, double mean);

// P(X >= x) for a negative binomial with this mean and variance
// mean + dispersion * mean^2 (dispersion > 0; 0 gives the Poisson tail).
double NegBinomialUpperTail(int64_t x, double mean, double dispersion);

// P(Z >= z) for a standard normal Z.
double NormalUpperTail(double z);

// One-sided test that proportion 1 (k1 of n1) exceeds proportion 2 (k2 of
// n2): the pooled two-proportion z statistic and its upper-tail p-value.
struct ProportionTest {
  double z = 0;
  double p_value = 1;
};
ProportionTest TwoProportionTest(double k1, double n1, double k2, double n2);

// Dunning's log-likelihood G2 of a term seen a times in a corpus of c
// tokens and b times in a reference of d tokens. Large when the term's rate
// differs; use with the sign of a/c - b/d.
double LogLikelihoodG2(double a, double c, double b, double d);

// P(chi-square with 1 degree of freedom >= g2).
double ChiSquare1UpperTail(double g2);

// Benjamini-Hochberg: which of p_values are discoveries at false discovery
// rate q. Also returns each one's adjusted p-value (q-value) in `adjusted`
// (may be null).
std::vector<bool> BenjaminiHochberg(std::span<const double> p_values, double q,
                                    std::vector<double>* adjusted);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_STATS_H_
