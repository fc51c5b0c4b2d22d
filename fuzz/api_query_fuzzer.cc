// libFuzzer target for the HTTP API's query parsing: any bytes as a query
// string must either be refused with InvalidArgument, or give a query whose
// values are in their documented ranges (and a deletion with a filter); as
// a deletion's body, they are refused or name posts.
//
//   api_query_fuzzer fuzz/corpus/api_query_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "src/serve/api_query.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "api query invariant broken: %s\n", what);
  std::abort();
}

const std::vector<std::string_view> kAllowed = {
    "granularity", "from",  "to",      "bucket",          "brand",  "topic", "source",
    "label",       "order", "limit",   "offset",          "top",    "kind",  "examples",
    "confidence",  "term",  "compare", "sentiment_words", "shares", "versus"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  auto params = parley::serve::ParseQueryString(query);
  if (!params.ok()) {
    Require(params.status().code() == parley::StatusCode::kInvalidArgument, "a non-argument error");
    return 0;
  }
  // The same bytes as a deletion's body (post ids or deletion notices, one
  // a line): refused, or naming posts (or, geo removals and notices of
  // other actions alone, none to delete).
  auto body = parley::serve::ParseDeleteParams({}, query, 1'700'000'000'000);
  if (body.ok()) {
    Require(body->none_named == body->query.ids.empty(), "a body naming no post to delete");
    for (const std::string& id : body->query.ids) Require(!id.empty(), "an empty post id");
    for (const std::string& id : body->geo.ids) Require(!id.empty(), "an empty geo post id");
    Require(!body->none_named || !body->skipped.empty() || !body->geo.ids.empty(),
            "nothing named and nothing skipped");
  } else {
    Require(body.status().code() == parley::StatusCode::kInvalidArgument, "a non-argument error");
    Require(!body.status().message().empty(), "an error without a message");
  }
  // The same parameters as a deletion's (POST /api/posts/delete).
  auto deletion = parley::serve::ParseDeleteParams(*params, "", 1'700'000'000'000);
  if (deletion.ok()) {
    const parley::DeleteQuery& d = deletion->query;
    Require(!d.source.empty() || !d.authors.empty() || !d.ids.empty() || d.before_ms.has_value(),
            "a deletion without a filter");
    for (const std::string& a : d.authors) Require(!a.empty() && a[0] != '@', "a bad handle");
  } else {
    Require(deletion.status().code() == parley::StatusCode::kInvalidArgument,
            "a non-argument error");
    Require(!deletion.status().message().empty(), "an error without a message");
  }
  // The same parameters as a lifting's (POST /api/withheld/lift).
  auto lift = parley::serve::ParseLiftParams(*params);
  if (lift.ok()) {
    Require(!lift->authors.empty() || !lift->ids.empty(), "a lifting that names nothing");
    Require(params->count("source") <= 1, "more than one source");
    Require(params->count("source") == 0 || !lift->source.empty(), "a source lost");
    for (const std::string& a : lift->authors) Require(!a.empty() && a[0] != '@', "a bad handle");
  } else {
    Require(lift.status().code() == parley::StatusCode::kInvalidArgument, "a non-argument error");
  }
  auto q = parley::serve::ParseApiQuery(*params, kAllowed);
  if (!q.ok()) {
    Require(q.status().code() == parley::StatusCode::kInvalidArgument, "a non-argument error");
    Require(!q.status().message().empty(), "an error without a message");
    return 0;
  }
  Require(q->from_ms < q->to_ms, "an empty time range");
  Require(q->limit >= 1 && q->limit <= parley::serve::kMaxLimit, "limit out of range");
  Require(q->offset >= 0 && q->offset <= parley::serve::kMaxOffset, "offset out of range");
  Require(q->top >= 1 && q->top <= parley::serve::kMaxTop, "top out of range");
  Require(q->examples >= 0 && q->examples <= parley::serve::kMaxExamples, "examples out of range");
  Require(q->confidence >= 0.5 && q->confidence <= 0.999, "confidence out of range");
  Require(!q->brand.empty() && !q->topic.empty(), "an empty brand or topic");
  Require(q->compare.empty() || q->compare == "previous" || q->compare_from_ms < q->compare_to_ms,
          "an empty period to compare with");
  // Where versus is allowed, a period to compare with is versus=previous's.
  Require(q->compare.empty() || q->versus == "previous", "compare without versus=previous");
  // A term is looked for by its key (TermQueryKey()), which is never empty:
  // a value with no word or hashtag is refused.
  Require(params->count("term") == 0 || !q->term.empty(), "an empty term key");
  return 0;
}
