#include "src/serve/people_api.h"

#include "src/analyze/json_writer.h"
#include "src/core/timestamp.h"
#include "src/people/authors.h"
#include "src/people/csv.h"
#include "src/people/influence.h"
#include "src/people/json.h"
#include "src/people/queue.h"
#include "src/people/response.h"
#include "src/people/threads.h"

namespace parley::serve {
namespace {

// Takes the parameter `name` out of `params` (at most once, not empty, not
// overlong); nullopt when absent.
StatusOr<std::optional<std::string>> Take(QueryParams& params, const std::string& name) {
  if (params.count(name) > 1) return InvalidArgumentError("parameter '" + name + "': given more than once");
  auto it = params.find(name);
  if (it == params.end()) return std::optional<std::string>();
  std::string v = std::move(it->second);
  params.erase(it);
  if (v.empty()) return InvalidArgumentError("parameter '" + name + "': empty value");
  if (!IsValidUtf8(v)) return InvalidArgumentError("parameter '" + name + "': not valid UTF-8");
  if (v.size() > kMaxValueBytes) {
    return InvalidArgumentError("parameter '" + name + "': longer than " +
                                std::to_string(kMaxValueBytes) + " bytes");
  }
  return std::optional<std::string>(std::move(v));
}

std::string SourceOf(std::string_view source) {
  return source == "*" ? std::string() : std::string(source);
}

}  // namespace

StatusOr<std::string> ThreadJson(Store& store, std::string_view source, std::string_view id,
                                 const QueryParams& params) {
  QueryParams rest = params;
  PARLEY_ASSIGN_OR_RETURN(std::optional<std::string> order, Take(rest, "order"));
  PARLEY_RETURN_IF_ERROR(ParseApiQuery(rest, {}).status());
  people::ThreadQuery q;
  q.source = SourceOf(source);
  q.id = std::string(id);
  if (order) {
    StatusOr<people::ThreadOrder> o = people::ParseThreadOrder(*order);
    if (!o.ok()) return InvalidArgumentError("parameter 'order': '" + *order + "' is not one of newest, oldest, tree");
    q.order = *o;
  }
  PARLEY_ASSIGN_OR_RETURN(std::optional<people::Thread> thread, people::GetThread(store, q));
  if (!thread) return NotFoundError("no thread or post '" + q.id + "'");
  return people::ToJson(*thread);
}

StatusOr<std::string> AuthorJson(Store& store, std::string_view source, std::string_view handle,
                                 const QueryParams& params, const people::OwnAccounts& accounts) {
  PARLEY_ASSIGN_OR_RETURN(ApiQuery api, ParseApiQuery(params, {"granularity", "tz"}));
  people::AuthorQuery q;
  q.handle = std::string(handle);
  q.source = SourceOf(source);
  q.granularity = params.count("granularity") ? api.granularity : Granularity::kWeek;
  q.zone = api.zone;
  q.clock_ms = WallClockMs();
  PARLEY_ASSIGN_OR_RETURN(std::optional<people::AuthorProfile> profile,
                          people::GetAuthorProfile(store, q, accounts));
  if (!profile) return NotFoundError("no posts by '" + q.handle + "'");
  return people::ToJson(*profile);
}

StatusOr<std::string> InfluencersJson(Store& store, const QueryParams& params,
                                      const people::OwnAccounts& accounts) {
  PARLEY_ASSIGN_OR_RETURN(ApiQuery api, ParseApiQuery(params, {"limit", "source"}));
  people::InfluenceQuery q;
  q.limit = params.count("limit") ? api.limit : 20;
  q.source = api.source;
  q.exclude = accounts.AllHandles();
  PARLEY_ASSIGN_OR_RETURN(people::InfluenceRanking ranking, people::Influencers(store, q));
  return people::ToJson(ranking);
}

namespace {

// The queue the parameters ask for; without `limit`, the API's default
// page, or with `all` every waiting item.
StatusOr<people::CareQueue> Queue(Store& store, const QueryParams& params,
                                  const people::OwnAccounts& accounts, bool all) {
  if (accounts.empty()) {
    return FailedPreconditionError(
        "the care queue needs the brands' accounts: start parley serve with --taxonomy FILE "
        "whose brands declare accounts (or handles)");
  }
  PARLEY_ASSIGN_OR_RETURN(ApiQuery api,
                          ParseApiQuery(params, {"limit", "brand", "source", "from", "to"}));
  people::QueueQuery q;
  q.limit = all && !params.count("limit") ? -1 : api.limit;
  q.source = api.source;
  q.from_ms = api.from_ms;
  q.to_ms = api.to_ms;
  if (api.brand != "*") q.brands = {api.brand};
  q.clock_ms = WallClockMs();
  return people::BuildCareQueue(store, q, accounts);
}

}  // namespace

StatusOr<std::string> ResponseStatsJson(Store& store, const QueryParams& params,
                                        const people::OwnAccounts& accounts) {
  if (accounts.empty()) {
    return FailedPreconditionError(
        "response figures need the brands' accounts: start parley serve with --taxonomy FILE "
        "whose brands declare accounts (or handles)");
  }
  PARLEY_ASSIGN_OR_RETURN(
      ApiQuery api, ParseApiQuery(params, {"brand", "source", "from", "to", "granularity", "tz"}));
  people::ResponseBuckets buckets;
  if (params.count("granularity")) {
    buckets.granularity = api.granularity;
    buckets.zone = api.zone;
  }
  people::QueueQuery q;
  q.source = api.source;
  q.from_ms = api.from_ms;
  q.to_ms = api.to_ms;
  if (api.brand != "*") q.brands = {api.brand};
  q.clock_ms = WallClockMs();
  PARLEY_ASSIGN_OR_RETURN(people::ResponseReport r,
                          people::BuildResponseReport(store, q, accounts, 0.95, buckets));
  return people::ResponseJson(r);
}

StatusOr<std::string> QueueJson(Store& store, const QueryParams& params,
                                const people::OwnAccounts& accounts) {
  PARLEY_ASSIGN_OR_RETURN(people::CareQueue queue, Queue(store, params, accounts, false));
  return people::ToJson(queue);
}

StatusOr<std::string> QueueCsv(Store& store, const QueryParams& params,
                               const people::OwnAccounts& accounts) {
  PARLEY_ASSIGN_OR_RETURN(people::CareQueue queue, Queue(store, params, accounts, true));
  return people::QueueCsv(queue);
}

StatusOr<std::string> MarkHandledJson(Store& store, std::string_view source, std::string_view id,
                                      const QueryParams& params, int64_t now_ms) {
  QueryParams rest = params;
  PARLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, Take(rest, "note"));
  PARLEY_RETURN_IF_ERROR(ParseApiQuery(rest, {}).status());
  PARLEY_RETURN_IF_ERROR(
      people::MarkDone(store, SourceOf(source), id, now_ms, note.value_or(std::string())));
  JsonWriter w;
  w.BeginObject();
  w.Key("source").String(source);
  w.Key("id").String(id);
  w.Key("handled").Bool(true);
  w.Key("handled_at").Time(now_ms);
  w.Key("note").String(note.value_or(std::string()));
  w.EndObject();
  return w.Take();
}

}  // namespace parley::serve
