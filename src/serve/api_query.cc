#include "src/serve/api_query.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <optional>

#include "src/core/timestamp.h"
#include "src/ingest/deletion_notice.h"
#include "src/text/terms.h"
#include "src/text/unicode.h"

namespace parley::serve {
namespace {

Status Bad(std::string_view name, std::string_view what) {
  return InvalidArgumentError("parameter '" + std::string(name) + "': " + std::string(what));
}

StatusOr<int> IntIn(std::string_view name, const std::string& v, int lo, int hi) {
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || out < lo || out > hi) {
    return Bad(name, "'" + v + "' is not a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
  }
  return out;
}

StatusOr<double> DoubleIn(std::string_view name, const std::string& v, double lo, double hi) {
  double out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(out) || out < lo ||
      out > hi) {
    return Bad(name, "'" + v + "' is not a number from " + std::to_string(lo).substr(0, 5) +
                         " to " + std::to_string(hi).substr(0, 5));
  }
  return out;
}

StatusOr<int64_t> TimeOf(std::string_view name, const std::string& v) {
  StatusOr<int64_t> t = ParseTimestamp(v);
  if (!t.ok()) return Bad(name, "'" + v + "' is not a time (use ISO-8601, e.g. 2026-03-01T00:00:00Z)");
  return *t;
}

StatusOr<SentimentLabel> LabelOf(const std::string& v) {
  if (v == "negative") return SentimentLabel::kNegative;
  if (v == "neutral") return SentimentLabel::kNeutral;
  if (v == "positive") return SentimentLabel::kPositive;
  return Bad("label", "'" + v + "' is not one of negative, neutral, positive");
}

StatusOr<PostOrder> OrderOf(const std::string& v) {
  if (v == "newest") return PostOrder::kNewest;
  if (v == "oldest") return PostOrder::kOldest;
  if (v == "engaged") return PostOrder::kEngaged;
  return Bad("order", "'" + v + "' is not one of newest, oldest, engaged");
}

// Applies one parameter (already known to be allowed) to `q`. `bucket` is
// kept aside: it needs the granularity, which may come later.
Status Apply(const std::string& name, const std::string& v, ApiQuery* q,
             std::optional<int64_t>* bucket) {
  if (name == "granularity") {
    StatusOr<Granularity> g = ParseGranularity(v);
    if (!g.ok()) return Bad(name, "'" + v + "' is not one of hour, day, week");
    q->granularity = *g;
  } else if (name == "from") {
    PARLEY_ASSIGN_OR_RETURN(q->from_ms, TimeOf(name, v));
  } else if (name == "to") {
    PARLEY_ASSIGN_OR_RETURN(q->to_ms, TimeOf(name, v));
  } else if (name == "bucket") {
    PARLEY_ASSIGN_OR_RETURN(int64_t t, TimeOf(name, v));
    *bucket = t;
  } else if (name == "tz") {
    StatusOr<std::shared_ptr<const TimeZone>> zone = TimeZone::Find(v);
    if (!zone.ok()) return Bad(name, zone.status().message());
    q->zone = *std::move(zone);
  } else if (name == "brand") {
    q->brand = v;
  } else if (name == "topic") {
    q->topic = v;
  } else if (name == "intent") {
    q->intent = v;
  } else if (name == "language") {
    q->language = v;
  } else if (name == "source") {
    q->source = v == "*" ? "" : v;
  } else if (name == "author") {
    q->author = v[0] == '@' ? v.substr(1) : v;
    if (q->author.empty()) return Bad(name, "a handle is needed after '@'");
  } else if (name == "term") {
    q->term = TermQueryKey(v);
    if (q->term.empty()) return Bad(name, "'" + v + "' holds no word or hashtag");
  } else if (name == "label") {
    PARLEY_ASSIGN_OR_RETURN(q->label, LabelOf(v));
  } else if (name == "order") {
    PARLEY_ASSIGN_OR_RETURN(q->order, OrderOf(v));
  } else if (name == "limit") {
    PARLEY_ASSIGN_OR_RETURN(q->limit, IntIn(name, v, 1, kMaxLimit));
  } else if (name == "offset") {
    PARLEY_ASSIGN_OR_RETURN(q->offset, IntIn(name, v, 0, kMaxOffset));
  } else if (name == "top") {
    PARLEY_ASSIGN_OR_RETURN(q->top, IntIn(name, v, 1, kMaxTop));
  } else if (name == "examples") {
    PARLEY_ASSIGN_OR_RETURN(q->examples, IntIn(name, v, 0, kMaxExamples));
  } else if (name == "confidence") {
    PARLEY_ASSIGN_OR_RETURN(q->confidence, DoubleIn(name, v, 0.5, 0.999));
  } else if (name == "compare") {
    if (v != "previous") {
      const size_t slash = v.find('/');
      if (slash == std::string::npos) {
        return Bad(name, "'" + v +
                             "' is neither previous nor a period FROM/TO (e.g. "
                             "2026-02-01T00:00:00Z/2026-03-01T00:00:00Z)");
      }
      PARLEY_ASSIGN_OR_RETURN(q->compare_from_ms, TimeOf(name, v.substr(0, slash)));
      PARLEY_ASSIGN_OR_RETURN(q->compare_to_ms, TimeOf(name, v.substr(slash + 1)));
    }
    q->compare = v;
  } else if (name == "kind") {
    if (v != "spike" && v != "shift") return Bad(name, "'" + v + "' is not one of spike, shift");
    q->kind = v;
  } else if (name == "sentiment_words") {
    if (v != "apart" && v != "with_terms") {
      return Bad(name, "'" + v + "' is not one of apart, with_terms");
    }
    q->sentiment_words_apart = v == "apart";
  } else if (name == "shares") {
    if (v != "own_words" && v != "all_words") {
      return Bad(name, "'" + v + "' is not one of own_words, all_words");
    }
    q->shares_all_words = v == "all_words";
  } else if (name == "versus") {
    if (v != "labels" && v != "brands" && v != "previous") {
      return Bad(name, "'" + v + "' is not one of labels, brands, previous");
    }
    q->versus = v;
  }
  return Status::OK();
}

std::string Join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out.empty() ? "none" : out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

StatusOr<std::string> Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] != '%') {
      out.push_back(s[i]);
    } else {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
      if (lo < 0) return InvalidArgumentError("malformed percent escape in the query string");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

}  // namespace

StatusOr<ApiQuery> ParseApiQuery(const QueryParams& params,
                                 const std::vector<std::string_view>& allowed) {
  ApiQuery q;
  std::optional<int64_t> bucket;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const auto& [name, value] = *it;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return InvalidArgumentError("unknown parameter '" + name.substr(0, kMaxValueBytes) +
                                  "'; this endpoint takes: " + Join(allowed));
    }
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
      return Bad(ToValidUtf8(name), "not valid UTF-8 (percent-encode the bytes of UTF-8 text)");
    }
    if (params.count(name) > 1) return Bad(name, "given more than once");
    if (value.empty()) return Bad(name, "empty value");
    if (value.size() > kMaxValueBytes) {
      return Bad(name, "longer than " + std::to_string(kMaxValueBytes) + " bytes");
    }
    PARLEY_RETURN_IF_ERROR(Apply(name, value, &q, &bucket));
  }
  // Times that name no zone are on tz's clock (known only once all are read).
  if (q.zone != nullptr) {
    auto local = [&](const char* name, int64_t* ms) {
      auto it = params.find(name);
      if (it != params.end()) *ms = OnClock(it->second, *ms, q.zone.get());
    };
    local("from", &q.from_ms);
    local("to", &q.to_ms);
    if (bucket) local("bucket", &*bucket);
    if (!q.compare.empty() && q.compare != "previous") {
      const size_t slash = q.compare.find('/');
      q.compare_from_ms = OnClock(q.compare.substr(0, slash), q.compare_from_ms, q.zone.get());
      q.compare_to_ms = OnClock(q.compare.substr(slash + 1), q.compare_to_ms, q.zone.get());
    }
  }
  if (bucket) {
    if (params.count("from") || params.count("to")) {
      return Bad("bucket", "give either bucket or from/to, not both");
    }
    q.from_ms = BucketStart(q.granularity, *bucket, q.zone.get());
    q.to_ms = NextBucketStart(q.granularity, q.from_ms, q.zone.get());
  }
  if (q.from_ms >= q.to_ms) return Bad("from", "must be before 'to'");
  if (!q.compare.empty() && q.compare != "previous" && q.compare_from_ms >= q.compare_to_ms) {
    return Bad("compare", "the period's start must be before its end");
  }
  // key_terms: a period to compare with is what versus=previous holds the
  // label's posts against, and says versus=previous when versus is not given.
  if (!q.compare.empty() && std::find(allowed.begin(), allowed.end(), "versus") != allowed.end()) {
    if (!params.count("versus")) {
      q.versus = "previous";
    } else if (q.versus != "previous") {
      return Bad("compare",
                 "only with versus=previous (the period the label's posts are held "
                 "against), not versus=" +
                     q.versus);
    }
  }
  return q;
}

bool IsValidUtf8(std::string_view s) {
  char32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    i += DecodeUtf8(s, i, &cp);
    if (cp == kInvalidCodePoint) return false;
  }
  return true;
}

std::string ToValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    int n = DecodeUtf8(s, i, &cp);
    if (cp == kInvalidCodePoint) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out.append(s, i, n);
    }
    i += n;
  }
  return out;
}

namespace {

// What every parameter of the deletion and withheld endpoints must be:
// UTF-8, not empty, not too long; given once, but `author` and `id`; a
// handle without '@'.
Status CheckNamingParam(const QueryParams& params, const std::string& name,
                        const std::string& value) {
  if (!IsValidUtf8(value)) {
    return Bad(name, "not valid UTF-8 (percent-encode the bytes of UTF-8 text)");
  }
  if (value.empty()) return Bad(name, "empty value");
  if (value.size() > kMaxValueBytes) {
    return Bad(name, "longer than " + std::to_string(kMaxValueBytes) + " bytes");
  }
  if (name != "author" && name != "id" && params.count(name) > 1) {
    return Bad(name, "given more than once");
  }
  if (name == "author" && value[0] == '@') return Bad(name, "give the handle without '@'");
  return Status::OK();
}

}  // namespace

StatusOr<LiftRequest> ParseLiftParams(const QueryParams& params) {
  LiftRequest r;
  for (const auto& [name, value] : params) {
    if (name != "author" && name != "id" && name != "source") {
      return InvalidArgumentError("unknown parameter '" + name.substr(0, kMaxValueBytes) +
                                  "'; this endpoint takes: author, id, source");
    }
    PARLEY_RETURN_IF_ERROR(CheckNamingParam(params, name, value));
    if (name == "source") {
      r.source = value;  // (CheckNamingParam() allows it once)
    } else {
      (name == "author" ? r.authors : r.ids).push_back(value);
    }
  }
  if (r.authors.empty() && r.ids.empty()) {
    return InvalidArgumentError("say what to lift: author or id (each repeatable), and source");
  }
  return r;
}

StatusOr<DeleteRequest> ParseDeleteParams(const QueryParams& params, std::string_view body,
                                          int64_t now_ms) {
  DeleteRequest r;
  DeleteQuery& d = r.query;
  d.withhold = true;
  for (const auto& [name, value] : params) {
    if (name != "author" && name != "id" && name != "source" && name != "before" &&
        name != "dry_run" && name != "withhold") {
      return InvalidArgumentError(
          "unknown parameter '" + name.substr(0, kMaxValueBytes) +
          "'; this endpoint takes: author, id, source, before, dry_run, withhold");
    }
    PARLEY_RETURN_IF_ERROR(CheckNamingParam(params, name, value));
    if (name == "author") {
      d.authors.push_back(value);
    } else if (name == "id") {
      d.ids.push_back(value);
    } else if (name == "source") {
      d.source = value;
    } else if (name == "before") {
      int64_t ms = 0;
      if (const std::optional<int64_t> span = ParseDurationMs(value)) {
        ms = now_ms - *span;
      } else if (!TryParseTimestamp(value, &ms)) {
        return Bad(name, "'" + value +
                             "' is neither an ISO-8601 time nor a duration before now (90d, 12h)");
      }
      d.before_ms = ms;
    } else if (value == "true" || value == "false") {
      (name == "dry_run" ? r.dry_run : d.withhold) = value == "true";
    } else {
      return Bad(name, "true or false");
    }
  }
  if (!body.empty()) {
    if (!IsValidUtf8(body)) {
      return InvalidArgumentError(
          "the body is not valid UTF-8: post ids or deletion notices, "
          "one a line");
    }
    DeletionNoticeReader reader(kMaxValueBytes);
    Status read = reader.Add(body);
    if (read.ok()) read = reader.Finish();
    if (!read.ok()) return InvalidArgumentError("body " + std::string(read.message()));
    if (!reader.named()) {
      return InvalidArgumentError("the body holds no post id " +
                                  std::string(DeletionNoticeReader::kWhatLinesHold));
    }
    d.ids.insert(d.ids.end(), std::make_move_iterator(reader.ids().begin()),
                 std::make_move_iterator(reader.ids().end()));
    r.geo.ids = std::move(reader.geo_ids());
    r.skipped = reader.others();
    // A body of geo removals or notices of other actions alone names no
    // post to delete: with the other filters (which narrow), nothing
    // matches.
    r.none_named = d.ids.empty();
  }
  r.geo.source = d.source;
  r.geo.withhold = d.withhold;
  if (!d.HasFilter() && !r.none_named) {
    return InvalidArgumentError(
        "say which posts to delete: author, id, source or before, or post ids in the body");
  }
  return r;
}

StatusOr<QueryParams> ParseQueryString(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    PARLEY_ASSIGN_OR_RETURN(std::string key, Decode(pair.substr(0, eq)));
    PARLEY_ASSIGN_OR_RETURN(std::string value, Decode(eq == std::string_view::npos
                                                          ? std::string_view()
                                                          : pair.substr(eq + 1)));
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace parley::serve
