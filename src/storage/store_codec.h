// How the store encodes what it keeps beside SQL columns: the posts.detail
// BLOB (and the JSON of older schemas, for their migration), and a content
// hash that tells a changed record from an unchanged one. Internal to
// src/storage.
#ifndef PARLEY_STORAGE_STORE_CODEC_H_
#define PARLEY_STORAGE_STORE_CODEC_H_

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"

namespace parley::internal {

// JSON lists (["a","b"]) and unmapped columns ({"k":"v",...}) as schema
// versions 1 to 3 stored them, read by migration 4; empty text gives an
// empty result.
Status ParseJsonList(simdjson::dom::parser& parser, std::string_view json,
                     std::vector<std::string>* out);
Status ParseJsonPairs(simdjson::dom::parser& parser, std::string_view json,
                      std::vector<std::pair<std::string, std::string>>* out);

// A 64-bit hash of a byte and number sequence, for change detection (not
// for security). Fields are length-prefixed, so ("ab","c") != ("a","bc").
class ContentHasher {
 public:
  // Inline: a post's content hash adds five strings, most of them short.
  void Add(std::string_view s) {
    Mix(s.size());
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      Mix(w);
    }
    if (n > 0) Mix(Tail(p, n, s.size()));
  }
  void Add(int64_t v) { Mix(static_cast<uint64_t>(v)); }
  void Add(double v) { Mix(std::bit_cast<uint64_t>(v)); }
  void Add(const std::optional<int64_t>& v) { v ? Add(*v) : Mix(0x5bd1e995u); }
  void Add(const std::optional<double>& v) { v ? Add(*v) : Mix(0x5bd1e995u); }
  uint64_t Finish() const {
    uint64_t h = h_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
  }

 private:
  void Mix(uint64_t v) {
    h_ = (h_ ^ v) * 0x9E3779B97F4A7C15ull;
    h_ ^= h_ >> 29;
  }
  // The last n bytes (1 to 7) of a string of `size` bytes, at p, as memcpy
  // to a zeroed word gives them. A variable-length memcpy was a byte loop;
  // this is one or two loads: the word that ends at p + n (the string's
  // bytes before p, shifted out) or, for short strings, overlapping loads.
  static uint64_t Tail(const char* p, size_t n, size_t size) {
    uint64_t w = 0;
    if constexpr (std::endian::native == std::endian::little) {
      if (size >= 8) {
        std::memcpy(&w, p + n - 8, 8);
        return w >> (8 * (8 - n));
      }
      const auto byte = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
      if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        return uint64_t{lo} | uint64_t{hi} << (8 * (n - 4));
      }
      return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
    }
    std::memcpy(&w, p, n);
    return w;
  }

  uint64_t h_ = 0x243F6A8885A308D3ull;
};

// "negative" | "neutral" | "positive" -> label; neutral for anything else.
SentimentLabel LabelFromName(std::string_view name);

// The stored label (posts.label since schema version 4): 0 negative,
// 1 neutral, 2 positive (SentimentLabel's values); neutral for anything else.
SentimentLabel LabelFromCode(int64_t code);

// posts.detail (schema version 4): the columns of a post that only whole-post
// reads want, in one BLOB instead of thirteen columns. docs/store.md has the
// byte layout. Views into the caller's data; a null list is an empty one.
struct PostDetail {
  std::string_view model, author_name, lang;
  std::string_view language;  // Analysis::lang (the source's `lang` is `lang`)
  std::optional<double> rating;
  std::optional<int64_t> replies, followers, views;
  const std::vector<std::pair<std::string, std::string>>* extra = nullptr;
  // extra_codes[i] is the code of extra[i].first in the store's extra_keys
  // table: the BLOB holds the code, not the column name.
  const std::vector<int64_t>* extra_codes = nullptr;
  const std::vector<std::string>* brands = nullptr;
  const std::vector<std::string>* topics = nullptr;
  const std::vector<std::string>* intents = nullptr;
  const std::vector<std::string>* mentions = nullptr;
  const std::vector<std::string>* hashtags = nullptr;
  const std::vector<Aspect>* aspects = nullptr;
  const std::vector<Price>* prices = nullptr;
};
// Appends the encoding of `d` to `out`. Equal fields give equal bytes.
void AppendDetail(const PostDetail& d, std::string* out);
// The inverse: sets post's author_name, lang, rating, metrics.replies,
// followers and views and extra, analysis's lists and `model` (any of the
// three may be null: those fields are skipped). key_names[code] is the name
// of an extra_keys code (needed only with a post). DataLoss when malformed;
// NotFound when a code is not in key_names (reload the table and retry).
Status ParseDetail(std::string_view blob, Post* post, Analysis* analysis, std::string* model,
                   const std::vector<std::optional<std::string>>* key_names = nullptr);

// Whether the detail BLOB lists `intent` among the post's intents, read
// without decoding the rest (false for a malformed BLOB): what the store's
// SQL function parley_has_intent(detail, name) answers.
bool DetailHasIntent(std::string_view blob, std::string_view intent);

// The language the detail BLOB holds (Analysis::lang, bit 14), "" when it
// holds none or is malformed: what parley_language(detail) answers.
std::string DetailLanguage(std::string_view blob);

// What the content hash of a stored post covers (schema version 4): every
// stored column but (source, id), with the detail as its bytes.
struct HashedPost {
  std::string_view author, thread, parent, text, detail;
  int64_t created_at = 0;
  std::optional<int64_t> likes, shares;
  int64_t label = 1;
  double score = 0;
  bool has_probabilities = false;
  double p[3] = {0, 0, 0};
};
int64_t ContentHash(const HashedPost& h);

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_STORE_CODEC_H_
