#include "src/learn/features.h"

#include <algorithm>
#include <cmath>

namespace parley::learn {
namespace {

// Salts keep the kinds of hashed feature apart: the word "ok" and the
// character trigram "<ok" never share a row by construction of the hash input.
constexpr uint64_t kWordSalt = 0x1;
constexpr uint64_t kNegatedSalt = 0x2;
constexpr uint64_t kBigramSalt = 0x3;
constexpr uint64_t kCharSalt = 0x4;

// 64-bit finalizer (splitmix64's): spreads FNV's weak low bits.
uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

constexpr uint64_t kFnvOffset = 0xCBF29CE484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001B3ull;

uint64_t HashBytes(std::string_view s, uint64_t salt) {
  uint64_t h = kFnvOffset ^ (salt * kFnvPrime);
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return Mix(h);
}

bool IsNegation(std::string_view w) {
  // Every negation word starts with n, c, d or w, or ends in "n't".
  if (w.empty() || (w[0] != 'n' && w[0] != 'c' && w[0] != 'd' && w[0] != 'w' && w.back() != 't')) {
    return false;
  }
  static constexpr std::string_view kWords[] = {"not",     "no",   "never",   "nothing", "nobody",
                                                "none",    "nor",  "neither", "cannot",  "without",
                                                "nowhere", "dont", "cant",    "wont",    "didnt"};
  if (w.size() > 3 && w.substr(w.size() - 3) == "n't") return true;
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

// The normal form a token is counted under.
void NormalToken(std::string_view text, const Token& t, std::string* out) {
  switch (t.kind) {
    case TokenKind::kNumber:
      *out = "<num>";
      return;
    case TokenKind::kUrl:
      *out = "<url>";
      return;
    case TokenKind::kEmail:
      *out = "<email>";
      return;
    case TokenKind::kPunct:
      *out = t.view(text).substr(0, 3);
      return;
    case TokenKind::kEmoji:
    case TokenKind::kEmoticon:
    case TokenKind::kSymbol:
      *out = t.view(text);
      return;
    default:
      Tokenizer::Normalize(t.view(text), out);
      return;
  }
}

struct Cues {
  int negations = 0, caps = 0, exclamations = 0, questions = 0, emoji = 0, elongated = 0;
};

void CountCue(std::string_view view, const Token& t, Cues* c) {
  if (t.kind == TokenKind::kWord) {
    c->caps += t.has(kTokenAllCaps);
    c->elongated += t.has(kTokenElongated);
  } else if (t.kind == TokenKind::kPunct) {
    c->exclamations += static_cast<int>(std::count(view.begin(), view.end(), '!'));
    c->questions += static_cast<int>(std::count(view.begin(), view.end(), '?'));
  } else if (t.kind == TokenKind::kEmoji || t.kind == TokenKind::kEmoticon) {
    ++c->emoji;
  }
}

float Capped(int n, int cap) { return static_cast<float>(std::min(n, cap)) / cap; }

void FillDense(const VaderScores& v, const Cues& c, size_t tokens, FeatureVector* out) {
  auto& d = out->dense;
  d[0] = static_cast<float>(v.compound);
  d[1] = static_cast<float>(v.pos);
  d[2] = static_cast<float>(v.neg);
  d[3] = static_cast<float>(v.neu);
  d[4] = v.compound >= 0.05 ? 1.f : 0.f;
  d[5] = v.compound <= -0.05 ? 1.f : 0.f;
  d[6] = Capped(c.negations, 2);
  d[7] = Capped(c.caps, 3);
  d[8] = Capped(c.exclamations, 3);
  d[9] = c.questions > 0 ? 1.f : 0.f;
  d[10] = Capped(c.emoji, 3);
  d[11] = c.elongated > 0 ? 1.f : 0.f;
  d[12] = static_cast<float>(std::log1p(static_cast<double>(tokens)) / 5.0);
}

}  // namespace

FeatureExtractor::FeatureExtractor(const FeatureConfig& config, const VaderModel* vader)
    : config_(config), vader_(vader), mask_((uint64_t{1} << config.hash_bits) - 1) {}

void FeatureExtractor::Extract(std::string_view text, FeatureScratch* s, FeatureVector* out) const {
  out->hashed.clear();
  out->vader = vader_->Score(text, &s->vader);
  s->tokens.clear();
  Tokenizer().Tokenize(text, &s->tokens);
  s->chars.clear();
  AddWords(text, s, out);
  out->words = out->hashed.size();
  out->hashed.insert(out->hashed.end(), s->chars.begin(), s->chars.end());
  auto scale = [](float weight, size_t n) {
    return n ? weight / std::sqrt(static_cast<float>(n)) : 0.f;
  };
  out->word_scale = scale(kWordGroupWeight, out->words);
  out->char_scale = scale(kCharGroupWeight, s->chars.size());
}

void FeatureExtractor::AddWords(std::string_view text, FeatureScratch* s,
                                FeatureVector* out) const {
  Cues cues;
  int negated = 0;  // words left in the current negation's scope
  s->word_hashes.clear();
  for (const Token& t : s->tokens) {
    CountCue(t.view(text), t, &cues);
    NormalToken(text, t, &s->word);
    const uint64_t h = HashBytes(s->word, kWordSalt);
    s->word_hashes.push_back(h);
    AddHash(h, out);
    if (t.kind == TokenKind::kPunct) negated = 0;
    if (negated > 0 && t.kind == TokenKind::kWord) {
      AddHash(Mix(h ^ kNegatedSalt), out);
      --negated;
    }
    if (t.kind == TokenKind::kWord && IsNegation(s->word)) {
      ++cues.negations;
      negated = 3;
    }
    if (t.kind == TokenKind::kWord && config_.char_max > 0) AddCharNgrams(s->word, &s->bounded, &s->chars);
  }
  if (config_.word_ngrams >= 2) {
    for (size_t i = 1; i < s->word_hashes.size(); ++i) {
      AddHash(Mix(s->word_hashes[i - 1] * 31 + s->word_hashes[i] + kBigramSalt), out);
    }
  }
  FillDense(out->vader, cues, s->tokens.size(), out);
}

// n-grams of "<word>" as fastText takes them, over bytes: n from char_min to
// char_max at every start, hashed incrementally (one pass per start). They
// are the most numerous features, so the bucket is taken by one multiply
// (the top bits of h times the golden ratio) rather than the full Mix().
void FeatureExtractor::AddCharNgrams(std::string_view word, std::string* bounded,
                                     std::vector<uint32_t>* out) const {
  bounded->assign(1, '<');
  bounded->append(word);
  bounded->push_back('>');
  const auto* p = reinterpret_cast<const unsigned char*>(bounded->data());
  const size_t n = bounded->size();
  const int shift = 64 - static_cast<int>(config_.hash_bits);
  for (size_t start = 0; start + config_.char_min <= n; ++start) {
    uint64_t h = kFnvOffset ^ (kCharSalt * kFnvPrime);
    const size_t end = std::min<size_t>(n, start + config_.char_max);
    for (size_t i = start; i < end; ++i) {
      h = (h ^ p[i]) * kFnvPrime;
      const size_t len = i - start + 1;
      if (len >= config_.char_min && len < n) {
        out->push_back(static_cast<uint32_t>((h * 0x9E3779B97F4A7C15ull) >> shift));
      }
    }
  }
}

Status ValidateFeatureConfig(const FeatureConfig& c) {
  if (c.hash_bits < 8 || c.hash_bits > 22) {
    return InvalidArgumentError("hash bits must be in 8..22, not " + std::to_string(c.hash_bits));
  }
  if (c.word_ngrams < 1 || c.word_ngrams > 2) {
    return InvalidArgumentError("word n-grams must be 1 or 2");
  }
  if (c.char_max > 0 && (c.char_min < 1 || c.char_min > c.char_max || c.char_max > 8)) {
    return InvalidArgumentError("character n-grams must be MIN-MAX with 1 <= MIN <= MAX <= 8");
  }
  return Status::OK();
}

}  // namespace parley::learn
