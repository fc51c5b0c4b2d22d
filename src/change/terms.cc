#include "src/change/terms.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "src/change/stats.h"

namespace parley::change {
namespace {

// Frequent English function words: they carry no topic.
constexpr std::array<std::string_view, 64> kStopWords = {
    "the",   "and",  "for",   "you",   "your",  "are",  "was",  "were", "but",   "not",
    "with",  "this", "that",  "have",  "has",   "had",  "from", "they", "them",  "their",
    "what",  "when", "where", "who",   "why",   "how",  "all",  "any",  "can",   "could",
    "would", "should", "will", "just", "about", "again", "been", "being", "than", "then",
    "there", "here", "our",   "out",   "into",  "over", "some", "such", "very",  "too",
    "its",   "it's", "i'm",   "don't", "didn't", "can't", "now", "one",  "get",   "got",
    "his",   "her",  "she",   "him"};

bool IsStopWord(std::string_view w) {
  return std::find(kStopWords.begin(), kStopWords.end(), w) != kStopWords.end();
}

// Letters, digits, apostrophes and any non-ASCII byte (so UTF-8 words stay whole).
bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '\'' || c == '_' || c >= 0x80;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool AllDigits(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Counts {
  std::unordered_map<std::string, int64_t> by_term;
  int64_t total = 0;
};

Counts Count(std::span<const std::string> texts) {
  Counts c;
  for (const std::string& text : texts) {
    for (std::string& t : ExtractTerms(text)) {
      ++c.by_term[std::move(t)];
      ++c.total;
    }
  }
  return c;
}

}  // namespace

std::vector<std::string> ExtractTerms(std::string_view text) {
  std::vector<std::string> out;
  std::string prev;  // the last kept word, for bigrams
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!IsWordByte(c) && c != '#' && c != '@') {
      ++i;
      continue;
    }
    size_t start = i++;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    std::string w(text.substr(start, i - start));
    std::transform(w.begin(), w.end(), w.begin(), Lower);
    while (!w.empty() && w.back() == '\'') w.pop_back();
    bool url = w == "http" || w == "https";
    if (url) {  // skip the rest of the URL
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    }
    if (url || w.empty() || w[0] == '@' || w.size() < 3 || AllDigits(w) || IsStopWord(w)) {
      prev.clear();
      continue;
    }
    if (w[0] == '#') {
      if (w.size() > 1) out.push_back(w);
      prev.clear();
      continue;
    }
    if (!prev.empty()) out.push_back(prev + " " + w);
    out.push_back(w);
    prev = std::move(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<TermScore> EmergingTerms(std::span<const std::string> window,
                                     std::span<const std::string> baseline,
                                     const TermOptions& o) {
  Counts w = Count(window), b = Count(baseline);
  std::vector<TermScore> out;
  if (w.total == 0 || b.total == 0) return out;
  double c = static_cast<double>(w.total), d = static_cast<double>(b.total);
  for (const auto& [term, a] : w.by_term) {
    if (a < o.min_count) continue;
    auto it = b.by_term.find(term);
    int64_t bc = it == b.by_term.end() ? 0 : it->second;
    TermScore s;
    s.term = term;
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
