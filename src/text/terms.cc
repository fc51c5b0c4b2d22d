#include "src/text/terms.h"

#include <algorithm>
#include <array>

#include "src/text/tokenizer.h"
#include "src/text/unicode.h"

namespace parley {
namespace {

// Frequent English function words: they carry no topic.
constexpr std::array<std::string_view, 64> kStopWords = {
    "the",   "and",    "for",   "you",   "your",   "are",   "was",  "were",  "but",  "not",
    "with",  "this",   "that",  "have",  "has",    "had",   "from", "they",  "them", "their",
    "what",  "when",   "where", "who",   "why",    "how",   "all",  "any",   "can",  "could",
    "would", "should", "will",  "just",  "about",  "again", "been", "being", "than", "then",
    "there", "here",   "our",   "out",   "into",   "over",  "some", "such",  "very", "too",
    "its",   "it's",   "i'm",   "don't", "didn't", "can't", "now",  "one",   "get",  "got",
    "his",   "her",    "she",   "him"};

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

std::string TermQueryKey(std::string_view term) {
  thread_local const Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(term, &tokens);
  std::string out, normal;
  for (const Token& t : tokens) {
    // What ExtractTerms() keeps: words, hashtags and cashtags.
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kHashtag &&
        t.kind != TokenKind::kCashtag) {
      continue;
    }
    Tokenizer::Normalize(t.view(term), &normal);
    while (t.kind == TokenKind::kWord && !normal.empty() && normal.back() == '\'') {
      normal.pop_back();
    }
    if (normal.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += normal;
  }
  return TermKey(out);
}

bool HasTerm(std::string_view text, std::string_view key) {
  if (key.empty()) return false;
  for (const std::string& t : ExtractTerms(text)) {
    if (TermKey(t) == key) return true;
  }
  return false;
}

}  // namespace parley
