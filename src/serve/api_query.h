// The query parameters of the HTTP API, parsed and checked in one place.
// Every parameter comes from the network, so every value is validated and an
// error names the parameter and says what is allowed. Values only ever reach
// SQL as bound parameters (src/storage), never as SQL text.
//
// Thread safety: pure functions.
#ifndef PARLEY_SERVE_API_QUERY_H_
#define PARLEY_SERVE_API_QUERY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/storage/rollup.h"
#include "src/storage/store.h"

namespace parley::serve {

// Decoded query parameters (the same type as httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

enum class PostOrder { kNewest, kOldest, kEngaged };

struct ApiQuery {
  Granularity granularity = Granularity::kDay;
  int64_t from_ms = kMinTime;  // half-open [from, to)
  int64_t to_ms = kMaxTime;
  std::string brand = "*";  // "*": all
  std::string topic = "*";
  std::string intent = "*";
  std::string language = "*";  // /api/posts: the posts tagged with it (source lang or detected)
  std::string source;  // empty: all
  std::string author;  // empty: all
  std::string term;    // empty: all; else /api/posts: the posts holding it (TermQueryKey())
  std::optional<SentimentLabel> label;
  PostOrder order = PostOrder::kNewest;
  int limit = 50;
  int offset = 0;
  int top = 8;
  int examples = 3;
  double confidence = 0.95;
  std::string kind;  // alerts: spike | shift; empty: both
  // key_terms: the terms with a word of the sentiment lexicon listed apart
  // (the lexicon's own words set its labels' posts apart), or with the others.
  bool sentiment_words_apart = true;
  // Whether a share ("RT @x: text") counts the words it passes on
  // ("all_words"), or its own alone ("own_words"): key_terms' default is
  // own_words; posts' is all_words (every post), and own_words leaves out
  // the shares with no words of their own and looks for `term` in a post's
  // own words, the posts a key term counts. Unset: not given.
  std::optional<bool> shares_all_words;
  // key_terms: what the label's posts are held against: the scope's other
  // labels ("labels"), the other brands' posts of the label ("brands"), or
  // the scope's posts of the label in the period before ("previous").
  std::string versus = "labels";
  // summary: compare with an earlier period (ReportOptions::Compare):
  // "previous", or the period FROM/TO (compare_from_ms, compare_to_ms).
  // key_terms with versus=previous: the period held against (FROM/TO), or
  // the one as long before from (previous).
  std::string compare;  // empty: none
  int64_t compare_from_ms = 0, compare_to_ms = 0;
  std::shared_ptr<const TimeZone> zone;  // tz; null: UTC
};

// Limits on what one request may ask for.
inline constexpr int kMaxLimit = 500;
inline constexpr int kMaxOffset = 1000000;
inline constexpr int kMaxTop = 100;
inline constexpr int kMaxExamples = 20;
inline constexpr size_t kMaxValueBytes = 256;

// Parses the parameters an endpoint accepts (`allowed`). Recognized names:
//   granularity  hour|day|week
//   from, to     a time (ISO-8601 or any form ParseTimestamp reads)
//   bucket       a time: the bucket of `granularity` holding it (sets from/to)
//   tz           a time zone (IANA name or offset): days and weeks cut at its
//                midnight, and from, to and bucket without a zone on its clock
//   brand, topic, intent, language  a name, or * for all; source a name;
//                author a handle; term a word, hashtag or two words (its key)
//   label        negative|neutral|positive
//   order        newest|oldest|engaged
//   limit        1..500, offset 0..1000000, top 1..100, examples 0..20
//   confidence   0.5..0.999
//   compare      previous, or FROM/TO (two times, as from and to); where
//                versus is allowed, only with versus=previous, which it
//                sets when versus is not given
//   kind         spike|shift
//   sentiment_words  apart|with_terms
//   shares       own_words|all_words
//   versus       labels|brands|previous
// An unknown or repeated parameter, an empty or overlong value, or a value out
// of range is InvalidArgument naming the parameter.
StatusOr<ApiQuery> ParseApiQuery(const QueryParams& params,
                                 const std::vector<std::string_view>& allowed);

// What POST /api/posts/delete asks: the posts to delete (Store::DeletePosts())
// and whether it is a dry run.
struct DeleteRequest {
  DeleteQuery query;
  bool dry_run = false;
  // The posts whose geo the body's notices say was removed (X's
  // scrub_geo), of `source` when given (the other filters do not apply).
  ScrubGeoQuery geo;
  // The body's notices of other actions, by action: skipped, not applied.
  std::map<std::string, int64_t> skipped;
  // The body named posts, but none to delete (only geo removals or notices
  // of other actions): nothing is deleted, whatever the other filters.
  bool none_named = false;
};
// The parameters of POST /api/posts/delete: `author` and `id` (each
// repeatable; an author without '@'), `source` (once), `before` (ISO-8601,
// UTC unless it names a zone, or a duration before `now_ms`: 90d, 12h),
// `dry_run` (true or false), `withhold` (true, the default, or false:
// DeleteQuery::withhold). Values are checked as ParseApiQuery() checks
// them (UTF-8, not empty, at most kMaxValueBytes). `body`, when not empty:
// more post ids, one a line, or a platform's deletion notices, one JSON
// object a line, as `parley delete --ids-from` reads them
// (ParseDeletionNotice()). A request with no filter, a line of the body
// that cannot be read (named by its number), or anything else, is
// InvalidArgument.
StatusOr<DeleteRequest> ParseDeleteParams(const QueryParams& params, std::string_view body,
                                          int64_t now_ms);

// What POST /api/withheld/lift asks: `author` and `id` (each repeatable;
// one at least; a handle without '@'), `source` (once; empty: every
// source's entries), checked as ParseDeleteParams() checks them.
struct LiftRequest {
  std::vector<std::string> authors, ids;
  std::string source;
};
StatusOr<LiftRequest> ParseLiftParams(const QueryParams& params);

// True iff `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);
// `s` with each byte that does not start a well-formed UTF-8 sequence
// replaced by U+FFFD, so that it can be echoed in JSON.
std::string ToValidUtf8(std::string_view s);

// Splits and percent-decodes a raw query string ("a=1&b=x%20y"): '+' is a
// space; a malformed escape is InvalidArgument. For tests and the fuzzer; the
// server gets the same from cpp-httplib.
StatusOr<QueryParams> ParseQueryString(std::string_view query);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_API_QUERY_H_
