#include "src/change/terms.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "src/change/stats.h"

namespace parley::change {
namespace {

// Posts containing each term's key (TermKey()), and for each key the forms
// it was written in, with their posts: the name shown is the commonest.
struct Counts {
  std::unordered_map<std::string, int64_t> by_term;
  std::unordered_map<std::string, std::map<std::string, int64_t>> forms;
  int64_t total = 0;
};

Counts Count(std::span<const std::string> texts, bool keep_forms) {
  Counts c;
  std::vector<std::string> keys;
  for (const std::string& text : texts) {
    keys.clear();
    for (std::string& t : ExtractTerms(text)) {
      std::string key = TermKey(t);
      if (keep_forms) ++c.forms[key][std::move(t)];
      keys.push_back(std::move(key));
    }
    // "café" and "cafe" in one post are one term, counted once.
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (std::string& k : keys) {
      ++c.by_term[std::move(k)];
      ++c.total;
    }
  }
  return c;
}

// The form of `key` written in most posts (the first in byte order of
// those tied).
std::string CommonestForm(const std::map<std::string, int64_t>& forms) {
  const auto best = std::max_element(
      forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return best->first;
}

}  // namespace

std::vector<TermScore> EmergingTerms(std::span<const std::string> window,
                                     std::span<const std::string> baseline,
                                     const TermOptions& o) {
  Counts w = Count(window, true), b = Count(baseline, false);
  std::vector<TermScore> out;
  if (w.total == 0 || b.total == 0) return out;
  double c = static_cast<double>(w.total), d = static_cast<double>(b.total);
  for (const auto& [term, a] : w.by_term) {
    if (a < o.min_count) continue;
    auto it = b.by_term.find(term);
    int64_t bc = it == b.by_term.end() ? 0 : it->second;
    TermScore s;
    s.term = CommonestForm(w.forms[term]);
    s.window_count = a;
    s.baseline_count = bc;
    s.window_rate = 1000 * static_cast<double>(a) / c;
    s.baseline_rate = 1000 * static_cast<double>(bc) / d;
    // Half a post added to both: a term new to the baseline has a finite ratio.
    s.ratio = (static_cast<double>(a) + 0.5) / c / ((static_cast<double>(bc) + 0.5) / d);
    if (s.ratio < o.min_ratio) continue;
    s.g2 = LogLikelihoodG2(static_cast<double>(a), c, static_cast<double>(bc), d);
    s.p_value = ChiSquare1UpperTail(s.g2);
    if (s.p_value < o.max_p) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const TermScore& x, const TermScore& y) {
    return x.g2 != y.g2 ? x.g2 > y.g2 : x.term < y.term;
  });
  if (out.size() > static_cast<size_t>(std::max(0, o.top))) out.resize(std::max(0, o.top));
  return out;
}

}  // namespace parley::change
