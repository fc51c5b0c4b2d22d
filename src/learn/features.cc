#include "src/learn/features.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <utility>

namespace parley::learn {
namespace {

// Salts keep the kinds of hashed feature apart: the word "ok" and the
// character trigram "<ok" never share a row by construction of the hash input.
constexpr uint64_t kWordSalt = 0x1;
constexpr uint64_t kNegatedSalt = 0x2;
constexpr uint64_t kBigramSalt = 0x3;
constexpr uint64_t kCharSalt = 0x4;

// 64-bit finalizer (splitmix64's).
uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

constexpr uint64_t kMulA = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio
constexpr uint64_t kMulB = 0xC2B2AE3D27D4EB4Full;

// Up to 8 bytes as a little-endian integer, whatever the host's byte order,
// so hashes (and so model files) are the same everywhere.
uint64_t Load8(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}
uint64_t LoadTail(const unsigned char* p, size_t n) {  // n < 8
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= uint64_t{p[i]} << (8 * i);
  return w;
}

// A word-level feature's hash: eight bytes a step, then the finalizer. The
// length is mixed in first, so zero bytes at the end cannot collide.
uint64_t HashBytes(std::string_view s, uint64_t salt) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  uint64_t h = (salt << 32 | n) * kMulA;
  for (; n >= 8; n -= 8, p += 8) {
    h = (h ^ Load8(p)) * kMulB;
    h ^= h >> 32;
  }
  if (n) h = (h ^ LoadTail(p, n)) * kMulB;
  return Mix(h);
}

// The bucket of a character n-gram: its bytes (n <= 8) as one integer,
// salted by n (`salt`: CharSalt(n)), and two multiplies. Each n-gram is hashed
// on its own (no chain from one byte to the next), so the n-grams of a word
// pipeline.
constexpr uint64_t CharSalt(uint64_t n) { return n << 59 | kCharSalt << 56; }
uint32_t CharBucket(uint64_t gram, uint64_t salt, int shift) {
  uint64_t h = (gram ^ salt) * kMulA;
  h ^= h >> 29;
  h *= kMulB;
  return static_cast<uint32_t>(h >> shift);
}
constexpr uint64_t LowBytes(uint64_t n) { return n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1; }

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

// The normal form a token is counted under. Words, mentions, hashtags and
// cashtags are written at s->bounded + 1 (so a word's "<word>" needs no other
// copy), the fixed forms of the other kinds at s->word.
std::string_view NormalToken(std::string_view text, const Token& t, FeatureScratch* s) {
  switch (t.kind) {
    case TokenKind::kNumber:
      return "<num>";
    case TokenKind::kUrl:
      return "<url>";
    case TokenKind::kEmail:
      return "<email>";
    case TokenKind::kPunct:
      return t.view(text).substr(0, 3);
    case TokenKind::kEmoji:
    case TokenKind::kEmoticon:
    case TokenKind::kSymbol:
      return t.view(text);
    default:
      break;
  }
  const std::string_view token = t.view(text);
  // "<", the word, ">" and 8 bytes for AddCharNgrams' loads.
  if (s->bounded.size() < token.size() + 10) s->bounded.resize(token.size() + 10);
  size_t n = Tokenizer::NormalizeAsciiTo(token, s->bounded.data() + 1);
  if (n == std::string_view::npos) {  // lower-casing may lengthen it
    Tokenizer::Normalize(token, &s->word);
    n = s->word.size();
    if (s->bounded.size() < n + 10) s->bounded.resize(n + 10);
    std::memcpy(s->bounded.data() + 1, s->word.data(), n);
  }
  return std::string_view(s->bounded.data() + 1, n);
}

struct Cues {
  int negations = 0, caps = 0, exclamations = 0, questions = 0, emoji = 0, elongated = 0;
};

[[gnu::always_inline]] inline void CountCue(std::string_view view, const Token& t, Cues* c) {
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

// log1p(tokens) / 5, from a table for the usual lengths.
float LengthFeature(size_t tokens) {
  static const std::array<float, 256> kTable = [] {
    std::array<float, 256> t;
    for (size_t i = 0; i < t.size(); ++i) {
      t[i] = static_cast<float>(std::log1p(static_cast<double>(i)) / 5.0);
    }
    return t;
  }();
  if (tokens < kTable.size()) return kTable[tokens];
  return static_cast<float>(std::log1p(static_cast<double>(tokens)) / 5.0);
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
  d[12] = LengthFeature(tokens);
}

// Calls emit(bucket) for each character n-gram of "<word>" as fastText takes
// them, over bytes: n from char_min to char_max at every start, except the
// whole "<word>". The `size`-byte word is at s->bounded + 1 (NormalToken).
// Each start loads eight bytes once; an n-gram is the low n of them.
template <typename Emit>
inline void ForEachCharNgram(const FeatureConfig& config, size_t size, FeatureScratch* s,
                             Emit emit) {
  const size_t n = size + 2;
  char* b = s->bounded.data();
  b[0] = '<';
  b[n - 1] = '>';
  std::memset(b + n, 0, 8);
  const auto* p = reinterpret_cast<const unsigned char*>(b);
  const int shift = 64 - static_cast<int>(config.hash_bits);
  const size_t lo = config.char_min, hi = config.char_max;
  uint64_t mask[9], salt[9];
  for (size_t len = lo; len <= hi; ++len) mask[len] = LowBytes(len), salt[len] = CharSalt(len);
  for (size_t start = 0; start + lo <= n; ++start) {
    const uint64_t w = Load8(p + start);
    // The longest n-gram from here; the whole "<word>" is not an n-gram of it.
    size_t top = std::min(hi, n - start);
    if (top == n) --top;
    for (size_t len = lo; len <= top; ++len) emit(CharBucket(w & mask[len], salt[len], shift));
  }
}

// A raw token of at most 24 bytes as three zero-padded little-endian words
// (k), the key of the word cache. Reads whole words where the text has the
// bytes (a token is rarely at its very end).
[[gnu::always_inline]] inline void RawKey(std::string_view text, const Token& t, uint64_t* k) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + t.offset;
  const size_t n = t.size;
  const bool whole_words = t.offset + ((n + 7) & ~size_t{7}) <= text.size();
  k[0] = k[1] = k[2] = 0;
  for (size_t i = 0; i < n; i += 8) {
    const size_t m = std::min<size_t>(8, n - i);
    k[i / 8] = whole_words ? Load8(p + i) & LowBytes(m) : m == 8 ? Load8(p + i) : LoadTail(p + i, m);
  }
}

// The two slots (of kWordCacheSlots) a raw token may be cached in, from two
// parts of one hash: two tokens that share one slot rarely share the other.
std::pair<size_t, size_t> RawSlots(const uint64_t* k, size_t n) {
  static_assert(kWordCacheSlots == size_t{1} << 13);
  const uint64_t h = ((k[0] ^ n) * kMulA) ^ (k[1] * kMulB) ^ (k[2] * 0xD6E8FEB86659FD93ull);
  return {static_cast<size_t>(h >> 51), static_cast<size_t>(h >> 38) & (kWordCacheSlots - 1)};
}

float GroupScale(float weight, size_t n) {
  return n ? weight / std::sqrt(static_cast<float>(n)) : 0.f;
}

}  // namespace

FeatureExtractor::FeatureExtractor(const FeatureConfig& config, const VaderModel* vader)
    : config_(config), vader_(vader), mask_((uint64_t{1} << config.hash_bits) - 1) {}

void FeatureExtractor::Extract(std::string_view text, FeatureScratch* s, FeatureVector* out) const {
  out->vader = vader_->Score(text, &s->vader);
  s->tokens.clear();
  Tokenizer().Tokenize(text, &s->tokens);
  AddWords(text, s, out);
  out->summed = false;
  out->word_scale = GroupScale(kWordGroupWeight, out->words);
  out->char_scale = GroupScale(kCharGroupWeight, out->hashed.size() - out->words);
}

void FeatureExtractor::AddWords(std::string_view text, FeatureScratch* s,
                                FeatureVector* out) const {
  // The loops below write through plain pointers into buffers sized first:
  // per token a word, its negated form and a bigram; per word (bytes + 2)
  // n-grams of each length, checked per word, as lower-casing can lengthen
  // a word. Characters go to their own buffer and follow the words.
  const size_t lengths = config_.char_max > 0 ? config_.char_max - config_.char_min + 1 : 0;
  out->hashed.resize(3 * s->tokens.size());
  uint32_t* const words_begin = out->hashed.data();
  uint32_t* words = words_begin;
  size_t n_chars = 0;
  Cues cues;
  int negated = 0;  // words left in the current negation's scope
  s->word_hashes.clear();
  for (const Token& t : s->tokens) {
    CountCue(t.view(text), t, &cues);
    const std::string_view word = NormalToken(text, t, s);
    const uint64_t h = HashBytes(word, kWordSalt);
    s->word_hashes.push_back(h);
    *words++ = static_cast<uint32_t>(h & mask_);
    if (t.kind == TokenKind::kPunct) negated = 0;
    if (negated > 0 && t.kind == TokenKind::kWord) {
      *words++ = static_cast<uint32_t>(Mix(h ^ kNegatedSalt) & mask_);
      --negated;
    }
    if (t.kind != TokenKind::kWord) continue;
    if (IsNegation(word)) {
      ++cues.negations;
      negated = 3;
    }
    if (lengths > 0) {
      const size_t room = n_chars + (word.size() + 2) * lengths;
      if (s->chars.size() < room) s->chars.resize(std::max(room, 2 * s->chars.size()));
      n_chars = static_cast<size_t>(AddCharNgrams(word.size(), s, s->chars.data() + n_chars) -
                                    s->chars.data());
    }
  }
  if (config_.word_ngrams >= 2) {
    for (size_t i = 1; i < s->word_hashes.size(); ++i) {
      *words++ = static_cast<uint32_t>(
          Mix(s->word_hashes[i - 1] * 31 + s->word_hashes[i] + kBigramSalt) & mask_);
    }
  }
  out->words = static_cast<size_t>(words - words_begin);
  out->hashed.resize(out->words + n_chars);
  if (n_chars) {
    std::memcpy(out->hashed.data() + out->words, s->chars.data(), n_chars * sizeof(uint32_t));
  }
  FillDense(out->vader, cues, s->tokens.size(), out);
}

uint32_t* FeatureExtractor::AddCharNgrams(size_t size, FeatureScratch* s, uint32_t* out) const {
  ForEachCharNgram(config_, size, s, [&](uint32_t bucket) { *out++ = bucket; });
  return out;
}

namespace {

// At least n elements at v->data(): grows, never shrinks, so a scratch
// buffer is not cleared or refilled per post.
template <typename T>
T* Room(std::vector<T>* v, size_t n) {
  if (v->size() < n) v->resize(std::max(n, 2 * v->size()));
  return v->data();
}

// ExtractSums()'s work, apart so that it can be built with POPCNT for the
// row lookups (PackedRow) where the CPU has it.
__attribute__((target_clones("popcnt", "default"))) void SumFeatures(
    const FeatureExtractor& e, std::string_view text, const PackedRows& rows, FeatureScratch* s,
    FeatureVector* out) {
  const FeatureConfig& config = e.config();
  const uint64_t mask = e.mask();
  const PackedRows::Block* blocks = rows.blocks.data();
  const float* values = rows.values.data();
  if (s->word_cache_rows != rows.id || s->word_cache.size() != kWordCacheSlots) {
    s->word_cache.assign(kWordCacheSlots, WordCacheEntry());
    s->word_cache_rows = rows.id;
  }
  // Other word rows (bigrams, negated words, long tokens' unigrams) are only
  // listed here and summed at the end, in a loop whose loads overlap (summed
  // as found, each waited for its cache miss).
  const size_t n_tokens = s->tokens.size();
  uint32_t* const word_rows = Room(&s->chars, 3 * n_tokens);
  uint64_t* const hashes = Room(&s->word_hashes, n_tokens);
  FeatureScratch::CachedKey* const keys = Room(&s->keys, n_tokens);
  size_t n_listed = 0, n_chars = 0;
  // The unigrams of cached tokens are not listed: their rows are in the
  // cache, summed here in token order (hit or miss, the same floats).
  size_t n_unigrams = 0;
  float u0 = 0, u1 = 0, u2 = 0;
  float c0 = 0, c1 = 0, c2 = 0;
  auto add_word = [&](uint64_t h) {
    const auto row = static_cast<uint32_t>(h & mask);
    __builtin_prefetch(&blocks[row >> 6]);  // read by the sum at the end
    word_rows[n_listed++] = row;
  };
  Cues cues;
  int negated = 0;  // words left in the current negation's scope
  // First the cache keys of all tokens, with their slots asked for at once:
  // the cache is larger than L1 and the probes' misses then overlap.
  for (size_t i = 0; i < n_tokens; ++i) {
    const Token& t = s->tokens[i];
    FeatureScratch::CachedKey& key = keys[i];
    key.slot = nullptr;
    if (t.size > 24) continue;
    RawKey(text, t, key.k);
    const auto [a, b] = RawSlots(key.k, t.size);
    key.slot = &s->word_cache[a];
    key.alt = &s->word_cache[b];
    __builtin_prefetch(key.slot);
    __builtin_prefetch(key.alt);
  }
  for (size_t i = 0; i < n_tokens; ++i) {
    const Token& t = s->tokens[i];
    CountCue(t.view(text), t, &cues);
    uint64_t h = 0;
    bool negation = false;
    const FeatureScratch::CachedKey& key = keys[i];
    WordCacheEntry* entry = key.slot;
    bool hit = false;
    if (entry) {
      // A hit in either of the token's two slots (shared with different
      // tokens, so a few tokens that share a slot spread over their others).
      // A new token takes an empty slot, else one not hit since it was
      // filled: a token seen again is evicted by new ones only when both
      // slots hold such tokens (then the other loses its mark).
      auto same = [&](const WordCacheEntry& e) {
        return e.size == t.size && e.kind == t.kind && e.key[0] == key.k[0] &&
               e.key[1] == key.k[1] && e.key[2] == key.k[2];
      };
      WordCacheEntry* alt = key.alt;
      if (same(*entry)) {
        hit = true;
      } else if (same(*alt)) {
        hit = true;
        entry = alt;
      } else {
        if (entry->size != 0 && (alt->size == 0 || entry->recent)) {
          if (alt->size != 0 && alt->recent) entry->recent = false;
          entry = alt;
        }
        entry->size = 0;  // filled below
        entry->recent = false;
        std::memcpy(entry->key, key.k, sizeof(key.k));
      }
      if (hit && !entry->recent) entry->recent = true;
    }
    if (hit) {
      h = entry->hash;
      negation = entry->negation;
      c0 += entry->char_sum[0];
      c1 += entry->char_sum[1];
      c2 += entry->char_sum[2];
      n_chars += entry->chars;
    } else {
      const std::string_view word = NormalToken(text, t, s);
      h = HashBytes(word, kWordSalt);
      float d0 = 0, d1 = 0, d2 = 0;
      size_t chars = 0;
      if (t.kind == TokenKind::kWord) {
        negation = IsNegation(word);
        if (config.char_max > 0) {
          ForEachCharNgram(config, word.size(), s, [&](uint32_t bucket) {
            const float* r = PackedRow(blocks, values, bucket);
            d0 += r[0];
            d1 += r[1];
            d2 += r[2];
            ++chars;
          });
        }
      }
      c0 += d0;
      c1 += d1;
      c2 += d2;
      n_chars += chars;
      if (entry) {
        const float* r = PackedRow(blocks, values, static_cast<uint32_t>(h & mask));
        entry->row = {r[0], r[1], r[2]};
      }
      if (entry && chars <= UINT16_MAX) {
        entry->hash = h;
        entry->negation = negation;
        entry->char_sum = {d0, d1, d2};
        entry->chars = static_cast<uint16_t>(chars);
        entry->size = static_cast<uint8_t>(t.size);
        entry->kind = t.kind;
      }
    }
    hashes[i] = h;
    if (entry) {  // the unigram's row, read once into the cache
      u0 += entry->row[0];
      u1 += entry->row[1];
      u2 += entry->row[2];
      ++n_unigrams;
    } else {
      add_word(h);
    }
    if (t.kind == TokenKind::kPunct) negated = 0;
    if (negated > 0 && t.kind == TokenKind::kWord) {
      add_word(Mix(h ^ kNegatedSalt));
      --negated;
    }
    if (negation) {
      ++cues.negations;
      negated = 3;
    }
  }
  if (config.word_ngrams >= 2) {
    for (size_t i = 1; i < n_tokens; ++i) {
      add_word(Mix(hashes[i - 1] * 31 + hashes[i] + kBigramSalt));
    }
  }
  SumPacked(rows, word_rows, n_listed, out->word_sum.data());
  out->word_sum[0] += u0;
  out->word_sum[1] += u1;
  out->word_sum[2] += u2;
  const size_t n_words = n_listed + n_unigrams;
  out->hashed.clear();
  out->summed = true;
  out->words = n_words;
  out->char_sum = {c0, c1, c2};
  out->word_scale = GroupScale(kWordGroupWeight, n_words);
  out->char_scale = GroupScale(kCharGroupWeight, n_chars);
  FillDense(out->vader, cues, s->tokens.size(), out);
}

}  // namespace

std::pair<size_t, size_t> WordCacheSlots(std::string_view raw) {
  Token t{TokenKind::kWord};
  t.size = static_cast<uint32_t>(raw.size());
  uint64_t k[3];
  RawKey(raw, t, k);
  return RawSlots(k, t.size);
}

void FeatureExtractor::ExtractSums(std::string_view text, const PackedRows& rows,
                                   FeatureScratch* s, FeatureVector* out) const {
  out->vader = vader_->Score(text, &s->vader);
  s->tokens.clear();
  Tokenizer().Tokenize(text, &s->tokens);
  SumFeatures(*this, text, rows, s, out);
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
