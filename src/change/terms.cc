#include "src/change/terms.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <unordered_map>

#include "src/change/stats.h"
#include "src/text/tokenizer.h"
#include "src/text/unicode.h"

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

bool AllDigits(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Characters, not bytes: "été" is a word of three.
size_t CodePoints(std::string_view w) {
  return static_cast<size_t>(std::count_if(
      w.begin(), w.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

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

std::vector<std::string> ExtractTerms(std::string_view text) {
  thread_local const Tokenizer tokenizer;
  thread_local std::vector<Token> tokens;
  thread_local std::string normal;
  tokens.clear();
  tokenizer.Tokenize(text, &tokens);
  std::vector<std::string> out;
  std::string prev;  // the last kept word, for bigrams
  for (const Token& t : tokens) {
    const bool word = t.kind == TokenKind::kWord;
    if (!word && t.kind != TokenKind::kHashtag && t.kind != TokenKind::kCashtag) {
      prev.clear();  // no bigram across a sign, a number, a handle or a link
      continue;
    }
    Tokenizer::Normalize(t.view(text), &normal);
    if (!word) {
      if (normal.size() > 1) out.push_back(normal);
      prev.clear();
      continue;
    }
    while (!normal.empty() && normal.back() == '\'') normal.pop_back();
    if (CodePoints(normal) < 3 || AllDigits(normal) || IsStopWord(normal)) {
      prev.clear();
      continue;
    }
    if (!prev.empty()) out.push_back(prev + " " + normal);
    out.push_back(normal);
    prev = normal;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string TermKey(std::string_view term) { return StripAccents(term); }

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
