// The read side of the HTTP API: each function answers one endpoint with a
// JSON document, from the same store queries and report code the CLI uses
// (BuildReport for the summary, rollups for series and shares, the store's
// example walk for post lists, stored alerts for alerts and terms).
//
// Thread safety: each call uses `store` alone; give each thread its own.
#ifndef PARLEY_SERVE_API_H_
#define PARLEY_SERVE_API_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/analyze/output.h"
#include "src/change/key_terms.h"
#include "src/metrics/quantification.h"
#include "src/people/accounts.h"
#include "src/serve/api_query.h"
#include "src/storage/store.h"
#include "src/taxonomy/taxonomy.h"

namespace parley::serve {

// The report of `parley report -f json` for the query's range, source,
// brand, topic, granularity, top, examples and confidence. `model` names the model the
// stored analyses came from.
// `taxonomy` (may be null) names the brands, as `parley report --taxonomy`;
// `validation` (may be null), the model's confusion on labeled posts,
// corrects the sentiment shares, as `parley report --validation`.
StatusOr<std::string> SummaryJson(Store* store, const ApiQuery& q, const std::string& model,
                                  const Taxonomy* taxonomy = nullptr,
                                  const ConfusionMatrix* validation = nullptr);
// The same report as `parley report -f csv` gives it: a figure a row.
StatusOr<std::string> SummaryCsv(Store* store, const ApiQuery& q, const std::string& model,
                                 const Taxonomy* taxonomy = nullptr,
                                 const ConfusionMatrix* validation = nullptr);
// One (brand, topic, source) series: per bucket the counts by label and the
// negative and positive shares with their Wilson intervals.
StatusOr<std::string> SeriesJson(Store* store, const ApiQuery& q);
// Brands by mentions (optionally within a topic): share of voice with
// intervals and each brand's negative share.
StatusOr<std::string> ShareOfVoiceJson(Store* store, const ApiQuery& q);
// Topics by posts (optionally within a brand), and complaint reasons: topics
// by negative posts, as a share of the negative posts.
StatusOr<std::string> TopicsJson(Store* store, const ApiQuery& q);
// Intents (posts with each, as a share of all posts in scope), aspects
// (each topic's mentions by their own sentiment, with the mean aspect
// score) or prices (posts per currency, null for price words, with the
// amounts' count and mean), from the tag rollups, optionally within a brand.
StatusOr<std::string> TagsJson(Store* store, const ApiQuery& q, TagKind kind);
// The posts behind a figure: brand, topic, intent, source, label and time filters,
// newest, oldest or most engaged first, `limit` from `offset`.
StatusOr<std::string> PostsJson(Store* store, const ApiQuery& q);
// The store's query for the posts behind q's filters, in q's order (no
// limit or offset set).
ExampleQuery PostsQuery(const ApiQuery& q);
// Writes each post `e` lists, whole, as `parley analyze` writes records in
// `format` (NDJSON, or CSV with its header first): every column a stored
// analysis may have (brands, topics, intents, aspects, prices, lang), each
// post's own model. `emit` gets the bytes a record or so at a time; a non-OK
// Status from it stops the export. *count: the posts written. GET
// /api/posts.csv and /api/posts.ndjson send it as it is written.
Status ExportPosts(Store* store, const ExampleQuery& e, OutputFormat format,
                   const std::function<Status(std::string_view)>& emit, int64_t* count);
// POST /api/posts/delete: Store::DeletePosts() as ParseDeleteParams() reads
// the parameters and the body; {"dry_run","posts","authors","alerts"}, and
// "skipped" ({"scrub_geo":1}) when the body held notices of other actions.
StatusOr<std::string> DeletePostsJson(Store* store, const QueryParams& params,
                                      std::string_view body, int64_t now_ms);
// GET /api/withheld: what deletions keep out of later ingests
// (Store::Withheld()), {"withheld":[{"kind","value","source","since"}...]}.
StatusOr<std::string> WithheldJson(Store* store, const QueryParams& params);
// POST /api/withheld/lift: LiftWithheldEntries() as ParseLiftParams() reads
// the parameters; {"lifted":N,"not_withheld":[values]}.
StatusOr<std::string> LiftWithheldJson(Store* store, const QueryParams& params);
// One post with its analysis; NotFound when absent.
StatusOr<std::string> PostJson(Store* store, std::string_view source, std::string_view id);
// Stored alerts (spikes and shifts, or `kind`) whose window starts in range.
StatusOr<std::string> AlertsJson(Store* store, const ApiQuery& q);
// Stored emerging-term alerts whose window starts in range.
StatusOr<std::string> TermsJson(Store* store, const ApiQuery& q);
// The key terms of q's label's posts (negative when q has none) against the
// scope's other posts (change::FindKeyTerms()): brand, topic, intent,
// language, source and time filters, `top` terms, `examples` posts each,
// `confidence`. KeyTermsOptionsFor() is what `parley terms` asks too.
// `lexicon`: KeyTermsOptions::lexicon (null keeps every term). With
// `taxonomy`, its brands' names (BrandNames(), src/taxonomy); with `accounts` (not empty),
// their posts left out: both must outlive the options.
change::KeyTermsOptions KeyTermsOptionsFor(const ApiQuery& q, const VaderLexicon* lexicon,
                                           const Taxonomy* taxonomy = nullptr,
                                           const people::OwnAccounts* accounts = nullptr);
// The same as JSON, for a result already found with `o`.
std::string KeyTermsJson(const ApiQuery& q, const change::KeyTermsOptions& o,
                         const change::KeyTermsResult& r);

// {"time_zones":["Africa/Abidjan",...,"UTC",...]}: every name `tz` takes
// but offsets (TimeZone::Names()), for the dashboard's Times menu.
std::string TimeZonesJson();

// {"error":{"code":"bad_request","message":"..."}}, the body of every 4xx/5xx.
std::string ErrorJson(std::string_view code, std::string_view message);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_API_H_
