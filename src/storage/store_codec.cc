#include "src/storage/store_codec.h"

#include <bit>
#include <cstring>

namespace parley::internal {

Status ParseJsonList(simdjson::dom::parser& parser, std::string_view json,
                     std::vector<std::string>* out) {
  out->clear();
  if (json.empty()) return Status::OK();
  simdjson::dom::array array;
  if (parser.parse(json.data(), json.size()).get_array().get(array)) {
    return DataLossError("stored list is not a JSON array: " + std::string(json.substr(0, 80)));
  }
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get_string().get(s)) return DataLossError("stored list holds a non-string");
    out->emplace_back(s);
  }
  return Status::OK();
}

Status ParseJsonPairs(simdjson::dom::parser& parser, std::string_view json,
                      std::vector<std::pair<std::string, std::string>>* out) {
  out->clear();
  if (json.empty()) return Status::OK();
  simdjson::dom::object object;
  if (parser.parse(json.data(), json.size()).get_object().get(object)) {
    return DataLossError("stored extra is not a JSON object");
  }
  for (auto field : object) {
    std::string_view v;
    if (field.value.get_string().get(v)) return DataLossError("stored extra holds a non-string");
    out->emplace_back(std::string(field.key), std::string(v));
  }
  return Status::OK();
}

SentimentLabel LabelFromCode(int64_t code) {
  return code == 0 ? SentimentLabel::kNegative
         : code == 2 ? SentimentLabel::kPositive
                     : SentimentLabel::kNeutral;
}

namespace {

// Format byte of posts.detail: a later layout gets another value.
constexpr unsigned char kDetailFormat = 1;

// Presence bits of the optional fields, in the order they are written.
enum DetailBit : uint32_t {
  kAuthorName = 1u << 0,
  kLang = 1u << 1,
  kRating = 1u << 2,
  kReplies = 1u << 3,
  kFollowers = 1u << 4,
  kViews = 1u << 5,
  kExtra = 1u << 6,
  kBrands = 1u << 7,
  kTopics = 1u << 8,
  kIntents = 1u << 9,
  kMentions = 1u << 10,
  kHashtags = 1u << 11,
  kAspects = 1u << 12,
  kPrices = 1u << 13,
  kLanguage = 1u << 14,  // Analysis::lang (source's or detected), after the prices
  kKnownBits = (1u << 15) - 1,
};

// Writers into a buffer sized beforehand (DetailBound): one resize per
// detail instead of a capacity check per byte.
char* PutVarint(uint64_t v, char* p) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

char* PutSigned(int64_t v, char* p) {
  return PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63), p);
}

char* PutString(std::string_view s, char* p) {
  p = PutVarint(s.size(), p);
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* PutDouble(double v, char* p) {
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  std::memcpy(p, &bits, 8);
  return p + 8;
}

char* PutList(const std::vector<std::string>& list, char* p) {
  p = PutVarint(list.size(), p);
  for (const std::string& s : list) p = PutString(s, p);
  return p;
}

// A varint takes at most 10 bytes.
constexpr size_t kMaxVarint = 10;

size_t ListBound(const std::vector<std::string>* list) {
  if (!list) return 0;
  size_t n = kMaxVarint;
  for (const std::string& s : *list) n += kMaxVarint + s.size();
  return n;
}

bool Present(const std::vector<std::string>* list) { return list && !list->empty(); }

// Reads posts.detail front to back; any overrun marks it bad.
class DetailReader {
 public:
  explicit DetailReader(std::string_view b) : p_(b.data()), end_(b.data() + b.size()) {}
  bool ok() const { return ok_; }
  bool done() const { return p_ == end_; }
  void Fail() { ok_ = false; }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) break;
      auto byte = static_cast<unsigned char>(*p_++);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t Signed() {
    uint64_t v = Varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string_view String() {
    uint64_t n = Varint();
    if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) {
      ok_ = false;
      return {};
    }
    std::string_view s(p_, n);
    p_ += n;
    return s;
  }
  uint64_t Byte() {
    if (p_ >= end_) {
      ok_ = false;
      return 0;
    }
    return static_cast<unsigned char>(*p_++);
  }
  double Double() {
    if (end_ - p_ < 8) {
      ok_ = false;
      return 0;
    }
    uint64_t bits;
    std::memcpy(&bits, p_, 8);
    p_ += 8;
    return std::bit_cast<double>(bits);
  }
  void List(std::vector<std::string>* out) {
    uint64_t n = Varint();
    if (n > static_cast<uint64_t>(end_ - p_)) ok_ = false;  // each item takes a byte at least
    for (uint64_t i = 0; ok_ && i < n; ++i) {
      std::string_view s = String();
      if (out) out->emplace_back(s);
    }
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// At least the bytes AppendDetail writes for `d`.
size_t DetailBound(const PostDetail& d) {
  size_t n = 1 + 5 * kMaxVarint + 8 + d.model.size() + d.author_name.size() + d.lang.size() +
             d.language.size() + 3 * kMaxVarint;
  if (d.extra) {
    n += kMaxVarint;
    for (const auto& kv : *d.extra) n += 2 * kMaxVarint + kv.second.size();
  }
  for (const auto* list : {d.brands, d.topics, d.intents, d.mentions, d.hashtags}) {
    n += ListBound(list);
  }
  if (d.aspects) {
    n += kMaxVarint;
    for (const Aspect& a : *d.aspects) n += kMaxVarint + a.topic.size() + 1 + 8;
  }
  if (d.prices) {
    n += kMaxVarint;
    for (const Price& x : *d.prices) n += 2 * kMaxVarint + x.text.size() + x.currency.size() + 1 + 8;
  }
  return n;
}

}  // namespace

void AppendDetail(const PostDetail& d, std::string* out) {
  uint32_t bits = 0;
  if (!d.author_name.empty()) bits |= kAuthorName;
  if (!d.lang.empty()) bits |= kLang;
  if (d.rating) bits |= kRating;
  if (d.replies) bits |= kReplies;
  if (d.followers) bits |= kFollowers;
  if (d.views) bits |= kViews;
  if (d.extra && !d.extra->empty()) bits |= kExtra;
  if (Present(d.brands)) bits |= kBrands;
  if (Present(d.topics)) bits |= kTopics;
  if (Present(d.intents)) bits |= kIntents;
  if (Present(d.mentions)) bits |= kMentions;
  if (Present(d.hashtags)) bits |= kHashtags;
  if (d.aspects && !d.aspects->empty()) bits |= kAspects;
  if (d.prices && !d.prices->empty()) bits |= kPrices;
  if (!d.language.empty()) bits |= kLanguage;
  const size_t start = out->size();
  out->resize(start + DetailBound(d));
  char* const begin = out->data() + start;
  char* p = begin;
  *p++ = static_cast<char>(kDetailFormat);
  p = PutVarint(bits, p);
  p = PutString(d.model, p);
  if (bits & kAuthorName) p = PutString(d.author_name, p);
  if (bits & kLang) p = PutString(d.lang, p);
  if (bits & kRating) {
    // As a REAL column did (and so as migrated ratings read): -0.0 as 0.0.
    uint64_t v = std::bit_cast<uint64_t>(*d.rating + 0.0);
    std::memcpy(p, &v, 8);
    p += 8;
  }
  if (bits & kReplies) p = PutSigned(*d.replies, p);
  if (bits & kFollowers) p = PutSigned(*d.followers, p);
  if (bits & kViews) p = PutSigned(*d.views, p);
  if (bits & kExtra) {
    p = PutVarint(d.extra->size(), p);
    for (size_t i = 0; i < d.extra->size(); ++i) {
      p = PutVarint(static_cast<uint64_t>((*d.extra_codes)[i]), p);
      p = PutString((*d.extra)[i].second, p);
    }
  }
  if (bits & kBrands) p = PutList(*d.brands, p);
  if (bits & kTopics) p = PutList(*d.topics, p);
  if (bits & kIntents) p = PutList(*d.intents, p);
  if (bits & kMentions) p = PutList(*d.mentions, p);
  if (bits & kHashtags) p = PutList(*d.hashtags, p);
  if (bits & kAspects) {
    p = PutVarint(d.aspects->size(), p);
    for (const Aspect& a : *d.aspects) {
      p = PutString(a.topic, p);
      *p++ = static_cast<char>(a.label);
      p = PutDouble(a.score + 0.0, p);
    }
  }
  if (bits & kPrices) {
    p = PutVarint(d.prices->size(), p);
    for (const Price& x : *d.prices) {
      p = PutString(x.text, p);
      p = PutString(x.currency, p);
      *p++ = static_cast<char>(x.has_amount);
      if (x.has_amount) p = PutDouble(x.amount + 0.0, p);
    }
  }
  if (bits & kLanguage) p = PutString(d.language, p);
  out->resize(start + static_cast<size_t>(p - begin));
}

namespace {

// Reads the fields before the lists (the model, author name, language,
// rating, replies, followers, views and unmapped columns), setting those of
// `post` and `model` that are not null; `r` is then at the brands. NotFound
// when a column code is not in key_names (with a post only).
Status ReadDetailHead(DetailReader& r, uint64_t bits, size_t blob_size, Post* post,
                      std::string* model,
                      const std::vector<std::optional<std::string>>* key_names) {
  std::string_view s = r.String();
  if (model) model->assign(s);
  s = bits & kAuthorName ? r.String() : std::string_view();
  if (post) post->author_name.assign(s);
  s = bits & kLang ? r.String() : std::string_view();
  if (post) post->lang.assign(s);
  std::optional<double> rating;
  if (bits & kRating) rating = r.Double();
  std::optional<int64_t> replies, followers, views;
  if (bits & kReplies) replies = r.Signed();
  if (bits & kFollowers) followers = r.Signed();
  if (bits & kViews) views = r.Signed();
  if (post) {
    post->rating = rating;
    post->metrics.replies = replies;
    post->metrics.followers = followers;
    post->metrics.views = views;
    post->extra.clear();
  }
  if (bits & kExtra) {
    uint64_t n = r.Varint();
    if (n > blob_size) r.Fail();
    for (uint64_t i = 0; r.ok() && i < n; ++i) {
      uint64_t code = r.Varint();
      std::string_view v = r.String();
      if (!post || !r.ok()) continue;
      if (!key_names || code >= key_names->size() || !(*key_names)[code]) {
        return NotFoundError("unknown extra column code " + std::to_string(code));
      }
      post->extra.emplace_back(*(*key_names)[code], std::string(v));
    }
  }
  return Status::OK();
}

}  // namespace

bool DetailHasIntent(std::string_view blob, std::string_view intent) {
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kDetailFormat) return false;
  DetailReader r(blob.substr(1));
  const uint64_t bits = r.Varint();
  if (!(bits & kIntents) || (bits & ~static_cast<uint64_t>(kKnownBits))) return false;
  if (!ReadDetailHead(r, bits, blob.size(), nullptr, nullptr, nullptr).ok()) return false;
  if (bits & kBrands) r.List(nullptr);
  if (bits & kTopics) r.List(nullptr);
  const uint64_t n = r.Varint();
  for (uint64_t i = 0; r.ok() && i < n; ++i) {
    if (r.String() == intent && r.ok()) return true;
  }
  return false;
}

std::string DetailLanguage(std::string_view blob) {
  // Quick no: a blob without bit 14 (most) is not decoded any further.
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kDetailFormat) return "";
  DetailReader r(blob.substr(1));
  if (!(r.Varint() & kLanguage)) return "";
  thread_local Analysis a;
  if (!ParseDetail(blob, nullptr, &a, nullptr).ok()) return "";
  return a.lang;
}

Status ParseDetail(std::string_view blob, Post* post, Analysis* analysis, std::string* model,
                   const std::vector<std::optional<std::string>>* key_names) {
  if (blob.empty() || static_cast<unsigned char>(blob[0]) != kDetailFormat) {
    return DataLossError("stored post detail has an unknown format");
  }
  DetailReader r(blob.substr(1));
  const uint64_t bits = r.Varint();
  if (bits & ~static_cast<uint64_t>(kKnownBits)) r.Fail();
  PARLEY_RETURN_IF_ERROR(ReadDetailHead(r, bits, blob.size(), post, model, key_names));
  Analysis* a = analysis;
  for (auto [bit, list] : {std::pair{kBrands, a ? &a->brands : nullptr},
                           std::pair{kTopics, a ? &a->topics : nullptr},
                           std::pair{kIntents, a ? &a->intents : nullptr},
                           std::pair{kMentions, a ? &a->mentions : nullptr},
                           std::pair{kHashtags, a ? &a->hashtags : nullptr}}) {
    if (list) list->clear();
    if (bits & bit) r.List(list);
  }
  if (a) {
    a->aspects.clear();
    a->prices.clear();
    a->lang.clear();
  }
  if (bits & kAspects) {
    const uint64_t n = r.Varint();
    if (n > blob.size()) r.Fail();
    for (uint64_t i = 0; r.ok() && i < n; ++i) {
      Aspect x;
      x.topic.assign(r.String());
      const uint64_t label = r.Byte();
      if (label > 2) r.Fail();
      x.label = static_cast<SentimentLabel>(label);
      x.score = r.Double();
      if (a && r.ok()) a->aspects.push_back(std::move(x));
    }
  }
  if (bits & kPrices) {
    const uint64_t n = r.Varint();
    if (n > blob.size()) r.Fail();
    for (uint64_t i = 0; r.ok() && i < n; ++i) {
      Price x;
      x.text.assign(r.String());
      x.currency.assign(r.String());
      const uint64_t has = r.Byte();
      if (has > 1) r.Fail();
      x.has_amount = has == 1;
      if (x.has_amount) x.amount = r.Double();
      if (a && r.ok()) a->prices.push_back(std::move(x));
    }
  }
  if (bits & kLanguage) {
    const std::string_view language = r.String();
    if (a && r.ok()) a->lang.assign(language);
  }
  if (!r.ok() || !r.done()) return DataLossError("stored post detail is malformed");
  return Status::OK();
}

int64_t ContentHash(const HashedPost& p) {
  ContentHasher h;
  for (std::string_view s : {p.author, p.thread, p.parent, p.text, p.detail}) h.Add(s);
  h.Add(p.created_at);
  h.Add(p.likes);
  h.Add(p.shares);
  // + 0.0 turns -0.0 into 0.0: SQLite stores a REAL column's -0.0 as the
  // integer 0, so a migrated row reads back 0.0 where the analyzer said
  // -0.0, and both must hash alike.
  h.Add(p.label);
  h.Add(p.score + 0.0);
  if (p.has_probabilities) {
    for (double v : p.p) h.Add(v + 0.0);
  }
  return static_cast<int64_t>(h.Finish());
}

SentimentLabel LabelFromName(std::string_view name) {
  if (name == "negative") return SentimentLabel::kNegative;
  if (name == "positive") return SentimentLabel::kPositive;
  return SentimentLabel::kNeutral;
}

}  // namespace parley::internal
