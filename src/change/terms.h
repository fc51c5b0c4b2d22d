// Emerging terms: words, hashtags and bigrams that are significantly more
// frequent in a window's posts than in a baseline's (Dunning's
// log-likelihood keyness).
#ifndef PARLEY_CHANGE_TERMS_H_
#define PARLEY_CHANGE_TERMS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/text/terms.h"

namespace parley::change {

// ExtractTerms() and TermKey() (src/text/terms.h) name the terms counted here.
using ::parley::ExtractTerms;
using ::parley::TermKey;

struct TermOptions {
  double max_p = 1e-6;      // keyness p-value (chi-square, 1 df) below which a term emerges
  int64_t min_count = 5;    // posts in the window containing the term
  double min_ratio = 3;     // window rate at least this multiple of the baseline rate
  int top = 5;              // at most this many terms per window
};

struct TermScore {
  std::string term;
  int64_t window_count = 0, baseline_count = 0;  // posts containing the term
  double window_rate = 0, baseline_rate = 0;     // per 1,000 terms
  double ratio = 0;                              // window rate / baseline rate (smoothed)
  double g2 = 0, p_value = 1;
};

// Terms of `window` that emerge against `baseline`, most significant first.
// Each post counts a term once (by TermKey()), so one post repeating a word
// cannot make it emerge.
std::vector<TermScore> EmergingTerms(std::span<const std::string> window,
                                     std::span<const std::string> baseline,
                                     const TermOptions& o);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_TERMS_H_
