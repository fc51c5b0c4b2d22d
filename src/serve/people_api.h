// The people endpoints of the HTTP API: threads, author profiles,
// influencers and the care queue, answered by src/people's functions and
// rendered by its JSON (the same objects `parley thread|author|influencers|
// queue --format json` print).
//
// Thread safety: each call uses `store` alone. Influencers, the queue and
// author profiles may recompute and store the influence ranking, so the
// server runs them on its writer connection.
#ifndef PARLEY_SERVE_PEOPLE_API_H_
#define PARLEY_SERVE_PEOPLE_API_H_

#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/people/accounts.h"
#include "src/serve/api_query.h"
#include "src/storage/store.h"

namespace parley::serve {

// A thread from any of its posts (or its thread id); params: order
// (newest|oldest|tree, default tree). NotFound when unknown.
StatusOr<std::string> ThreadJson(Store& store, std::string_view source, std::string_view id,
                                 const QueryParams& params);
// An author's profile; params: granularity (default week). `source` "*" is
// every source. NotFound when the store has no post by them.
StatusOr<std::string> AuthorJson(Store& store, std::string_view source, std::string_view handle,
                                 const QueryParams& params, const people::OwnAccounts& accounts);
// The influence ranking, without the brands' own accounts; params: limit,
// source.
StatusOr<std::string> InfluencersJson(Store& store, const QueryParams& params,
                                      const people::OwnAccounts& accounts);
// The care queue; params: limit, brand, source, from, to. Needs accounts
// (FailedPrecondition saying how otherwise).
StatusOr<std::string> QueueJson(Store& store, const QueryParams& params,
                                const people::OwnAccounts& accounts);
// The same queue as CSV (src/people/csv.h), for a spreadsheet: every
// waiting item unless `limit` says otherwise.
StatusOr<std::string> QueueCsv(Store& store, const QueryParams& params,
                               const people::OwnAccounts& accounts);
// How often and how fast each brand answered (src/people/response.h):
// {"now", "confidence", "brands": [...]}, "*" (all brands) first; params:
// brand, source, from, to, and granularity (with tz) for each bucket's rows
// after the whole window's. Needs accounts, as the queue.
StatusOr<std::string> ResponseStatsJson(Store& store, const QueryParams& params,
                                        const people::OwnAccounts& accounts);
// Marks (source, id) handled at `now_ms` with an optional note (params:
// note). NotFound for an unknown post.
StatusOr<std::string> MarkHandledJson(Store& store, std::string_view source, std::string_view id,
                                      const QueryParams& params, int64_t now_ms);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_PEOPLE_API_H_
