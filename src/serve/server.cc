#include "src/serve/server.h"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "src/analyze/json_writer.h"
#include "src/core/timestamp.h"
#include "src/serve/api.h"
#include "src/serve/api_query.h"
#include "src/serve/people_api.h"
#include "src/serve/post_ingest.h"
#include "src/serve/route_metrics.h"
#include "src/serve/static_files.h"
#include "src/storage/store.h"
#include "src/text/language.h"

namespace parley::serve {
namespace {

constexpr char kJson[] = "application/json";
constexpr char kCsv[] = "text/csv; charset=utf-8";

// How to enable writes, said in every refusal of one.
constexpr char kHowToWrite[] =
    "start parley serve with --tokens FILE holding a line 'TOKEN write', and send "
    "'Authorization: Bearer TOKEN'";

struct HttpError {
  int status;
  const char* code;
};

HttpError ErrorFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return {400, "bad_request"};
    case StatusCode::kNotFound: return {404, "not_found"};
    case StatusCode::kFailedPrecondition: return {409, "conflict"};
    case StatusCode::kUnavailable: return {503, "unavailable"};
    default: return {500, "internal"};
  }
}

// The filters and order of a post list (/api/posts and its exports), with
// `more` (a list's pages) before tz.
std::vector<std::string_view> PostsParams(std::initializer_list<std::string_view> more) {
  std::vector<std::string_view> params = {"brand",  "topic",       "intent", "language", "source",
                                          "author", "term",        "label",  "from",     "to",
                                          "bucket", "granularity", "order",  "shares"};
  params.insert(params.end(), more);
  params.push_back("tz");
  return params;
}

const char* CodeForStatus(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 429: return "too_many_requests";
    default: return status < 500 ? "client_error" : "internal";
  }
}

// Read-only connections, one per concurrent request, reused.
class StorePool {
 public:
  struct Conn {
    std::unique_ptr<Store> store;
  };

  explicit StorePool(StoreOptions options) : options_(std::move(options)) {}

  StatusOr<std::unique_ptr<Conn>> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        std::unique_ptr<Conn> c = std::move(free_.back());
        free_.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<Conn>();
    PARLEY_ASSIGN_OR_RETURN(c->store, OpenStore(options_));
    return c;
  }
  void Release(std::unique_ptr<Conn> c) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(c));
  }

 private:
  StoreOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> free_;
};

// An answer's bytes, shared by the cache and the responses being sent, so a
// cached answer is never copied.
using Body = std::shared_ptr<const std::string>;

// Answers cached per (route, parameters) while the store's generation is
// the one they were computed at.
class ResponseCache {
 public:
  static constexpr size_t kMaxEntries = 4096;

  Body Find(const std::string& key, uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != generation) return nullptr;
    return it->second.body;
  }
  void Put(const std::string& key, uint64_t generation, Body body) {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = {generation, std::move(body)};
  }

 private:
  struct Entry {
    uint64_t generation;
    Body body;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// What a route needs of the caller.
enum class Access { kPublic, kRead, kWrite };

using JsonHandler = std::function<StatusOr<std::string>(const httplib::Request&, Store*)>;

// A download's body, written through `emit` a record or so at a time, from
// the store it was checked against (StreamHandler).
using Emit = std::function<Status(std::string_view)>;
using BodyWriter = std::function<Status(Store*, const Emit& emit)>;
// A download's route: checks the request on a store connection (an error is
// answered as any route's) and returns what writes the body, which then runs
// on that connection while the response is sent (Server::Impl::Stream()).
using StreamHandler = std::function<StatusOr<BodyWriter>(const httplib::Request&, Store*)>;

struct Route {
  std::string name;  // "GET /api/series": the metrics label
  Access access = Access::kRead;
  bool cached = false;
  JsonHandler handler;
  // Runs on the writer connection, under the write lock: people views that
  // may recompute and store the influence ranking, and marking handled.
  bool writer = false;
  // The answer's type, and for a download the file name a browser saves it
  // under (Content-Disposition: attachment).
  std::string content_type = kJson;
  std::string attachment = "";
  // Set for a download sent as it is read (then `handler` is unused).
  StreamHandler stream = nullptr;
};

// Appends `part` as its length, ':' and its bytes: the key then splits into
// its parts one way only, so no value can pass for a separator and another
// parameter ("brand=a%1Fgranularity%3Dday" is not brand=a&granularity=day).
void AppendKeyPart(std::string_view part, std::string* key) {
  *key += std::to_string(part.size());
  *key += ':';
  key->append(part);
}

std::string CacheKey(const Route& route, const httplib::Request& req) {
  std::string key;
  AppendKeyPart(route.name, &key);
  AppendKeyPart(req.path, &key);  // the path holds {source}/{handle}
  for (const auto& [k, v] : req.params) {  // a multimap: sorted by name
    AppendKeyPart(k, &key);
    AppendKeyPart(v, &key);
  }
  return key;
}

// The parameters of the request's URL, by parley's own parser (not
// cpp-httplib's, which cuts a value at a second '=' and reads a form-encoded
// body as parameters too).
StatusOr<QueryParams> UrlParams(const httplib::Request& req) {
  const size_t q = req.target.find('?');
  return ParseQueryString(q == std::string::npos ? std::string_view()
                                                 : std::string_view(req.target).substr(q + 1));
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

class Server::Impl {
 public:
  explicit Impl(ServerOptions options) : o_(std::move(options)),
                                         limiter_(o_.rate_per_second, o_.rate_burst),
                                         pool_(ReadOptions(o_)) {}

  Status Open() {
    StoreOptions so;
    so.path = o_.db_path;
    so.model = o_.model;
    PARLEY_ASSIGN_OR_RETURN(writer_, OpenStore(so));
    Configure();
    AddRoutes();
    AddStatic();
    if (o_.port == 0) {
      port_ = http_.bind_to_any_port(o_.host);
    } else if (http_.bind_to_port(o_.host, o_.port)) {
      port_ = o_.port;
    }
    if (port_ <= 0) {
      return FailedPreconditionError("cannot listen on " + o_.host + ":" + std::to_string(o_.port) +
                              " (in use, or not an address of this machine): choose --port or --host");
    }
    return Status::OK();
  }

  // Stop() may come before, during or after Run(), from any thread: each
  // side announces itself before looking at the other (sequentially
  // consistent atomics), so either Run() sees the request and returns, or
  // Stop() sees Run() and waits until the listener can be stopped.
  Status Run() {
    run_entered_ = true;
    bool ok = stop_requested_ || http_.listen_after_bind();
    run_done_ = true;
    if (!ok) return UnavailableError("the server stopped with an error");
    return Status::OK();
  }
  void Stop() {
    stop_requested_ = true;
    if (!run_entered_) return;
    while (!http_.is_running() && !run_done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    http_.stop();
  }
  int port() const { return port_; }

 private:
  static StoreOptions ReadOptions(const ServerOptions& o) {
    StoreOptions so;
    so.path = o.db_path;
    so.create_if_missing = false;
    so.read_only = true;
    so.model = o.model;
    return so;
  }

  void Configure() {
    int threads = std::max(1, o_.threads);
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_.set_payload_max_length(o_.max_body_bytes);
    http_.set_keep_alive_max_count(10000);
    http_.set_tcp_nodelay(true);
    // SO_REUSEADDR (a restart may rebind at once) but not cpp-httplib's
    // default SO_REUSEPORT, which would let a second server share the port
    // silently instead of failing to start.
    http_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    // No page of ours may run script from elsewhere, be framed, or have its
    // content sniffed into another type.
    http_.set_default_headers({
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'"},
    });
    http_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
      // Errors our handlers answered already carry their JSON body.
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      std::string message =
          res.status == 404 ? "no such endpoint or file: " + req.method + " " + req.path
          : res.status == 413
              // Our routes read their own bodies: this is cpp-httplib's limit on
              // a form-encoded body for a path no route takes.
              ? "no endpoint takes a form-encoded body over 8192 bytes: " + req.method + " " +
                    req.path
          : res.status == 414
              ? std::string("the request line is longer than 8192 bytes: send shorter parameters")
          // cpp-httplib notes the client's address only on a request it parsed.
          : res.status == 400 && !req.has_header("REMOTE_ADDR")
              ? std::string("malformed HTTP request: its request line or headers cannot be parsed")
          : res.status == 400 && req.method == "POST"
              ? "the body of POST " + req.path +
                    " cannot be read (send Content-Length, even for an empty body: curl -d '')"
              : "the request could not be handled (HTTP " + std::to_string(res.status) + ")";
      res.set_content(ErrorJson(CodeForStatus(res.status), message), kJson);
      metrics_.Record("other", res.status, 0);
      return httplib::Server::HandlerResponse::Handled;
    }));
  }

  void Add(const std::string& method, const std::string& pattern, Route route) {
    auto shared = std::make_shared<Route>(std::move(route));
    if (method == "GET") {
      // Parameters as parley's own parser reads the URL: cpp-httplib's cuts
      // a value at a second '=' ("brand=a=b" was brand "b"). One that does
      // not decode is a 400 like any bad parameter.
      http_.Get(pattern, [this, shared](const httplib::Request& req, httplib::Response& res) {
        StatusOr<QueryParams> params = UrlParams(req);
        if (!params.ok()) {
          HttpError e = ErrorFor(params.status().code());
          res.status = e.status;
          res.set_content(ErrorJson(e.code, ToValidUtf8(params.status().message())), kJson);
          metrics_.Record(shared->name, res.status, 0);
          return;
        }
        httplib::Request parsed = req;
        parsed.params = std::move(params).value();
        Handle(*shared, parsed, res);
      });
      return;
    }
    // The body is read here, not by cpp-httplib, whose reader applies no
    // limit to a chunked body, and refuses a form-encoded one (curl -d's
    // default type) over 8 KiB as 413 and parses it as parameters: every
    // body here is NDJSON or ignored, whatever its declared type.
    http_.Post(pattern, [this, shared](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& read) {
      httplib::Request with_body = req;
      if (ReadBody(read, res, &with_body.body)) {
        Handle(*shared, with_body, res);
      } else {
        metrics_.Record(shared->name, res.status, 0);
      }
    });
  }

  // Reads the request body into `body` up to --max-body bytes. A longer body
  // (announced by Content-Length, or chunked) is 413 and one that cannot be
  // read 400, answered in `res`; false then.
  bool ReadBody(const httplib::ContentReader& read, httplib::Response& res, std::string* body) {
    bool over = false;
    // Past the limit the rest of a chunked body is still read, unkept, as
    // cpp-httplib skips an announced one, so the connection stays in step.
    bool ok = read([&](const char* data, size_t size) {
      over = over || body->size() + size > o_.max_body_bytes;
      if (!over) body->append(data, size);
      return true;
    });
    if (ok && !over) return true;
    over = over || res.status == 413;
    res.status = over ? 413 : 400;
    res.set_content(ErrorJson(over ? "payload_too_large" : "bad_request",
                              over ? TooLargeMessage()
                                   : "the request body could not be read (a malformed chunk, "
                                     "or the client stopped sending)"),
                    kJson);
    return false;
  }

  std::string TooLargeMessage() const {
    return "the request body is larger than " + std::to_string(o_.max_body_bytes) +
           " bytes: send smaller batches";
  }

  // GET `path` with the given parameters, answered by `fn(store, query)`.
  // `allowed` names string literals.
  void AddQuery(const std::string& path, std::vector<std::string_view> allowed, bool cached,
                std::function<StatusOr<std::string>(Store*, const ApiQuery&)> fn) {
    Add("GET", path,
        {"GET " + path, Access::kRead, cached,
         [allowed, fn](const httplib::Request& req, Store* store) -> StatusOr<std::string> {
           PARLEY_ASSIGN_OR_RETURN(ApiQuery q, ParseApiQuery(req.params, allowed));
           return fn(store, q);
         }});
  }

  // GET `path`: a CSV file made whole by `handler` and cached as the JSON
  // answers are, sent for a browser to save as `file`; on the writer
  // connection when `writer`.
  void AddCsvDownload(const std::string& path, const char* file, bool writer, JsonHandler handler) {
    Route route;
    route.name = "GET " + path;
    route.cached = true;
    route.writer = writer;
    route.content_type = kCsv;
    route.attachment = file;
    route.handler = std::move(handler);
    Add("GET", path, std::move(route));
  }

  void AddRoutes();
  void AddPeopleRoutes();
  void AddStatic();
  void Handle(const Route& route, const httplib::Request& req, httplib::Response& res);
  std::optional<HttpError> Refuse(const Route& route, const httplib::Request& req,
                                  httplib::Response& res);
  StatusOr<Body> Answer(const Route& route, const httplib::Request& req);
  void Stream(const Route& route, const httplib::Request& req, httplib::Response& res,
              std::chrono::steady_clock::time_point t0);
  StatusOr<std::string> Ingest(const httplib::Request& req);
  StatusOr<std::string> Metrics(Store* store);

  ServerOptions o_;
  httplib::Server http_;
  RateLimiter limiter_;
  StorePool pool_;
  ResponseCache cache_;
  RouteMetrics metrics_;
  std::mutex write_mu_;
  std::unique_ptr<Store> writer_;
  std::mutex counts_mu_;
  uint64_t counts_generation_ = UINT64_MAX;
  StoreCounts counts_;
  int port_ = -1;
  std::atomic<bool> run_entered_{false}, run_done_{false}, stop_requested_{false};
};

void Server::Impl::AddRoutes() {
  AddQuery("/api/summary",
           {"granularity", "from", "to", "source", "brand", "topic", "compare", "top", "examples",
            "confidence", "tz"},
           true, [this](Store* s, const ApiQuery& q) {
             return SummaryJson(s, q, o_.model, o_.taxonomy.get(),
                                o_.validation ? &*o_.validation : nullptr);
           });
  // The same figures to download for a spreadsheet (`parley report -f csv`).
  AddCsvDownload("/api/summary.csv", "parley-summary.csv", /*writer=*/false,
                 [this](const httplib::Request& req, Store* s) -> StatusOr<std::string> {
                   PARLEY_ASSIGN_OR_RETURN(
                       ApiQuery q,
                       ParseApiQuery(req.params, {"granularity", "from", "to", "source", "brand",
                                                  "topic", "compare", "top", "confidence", "tz"}));
                   q.examples = 0;  // the CSV has none
                   return SummaryCsv(s, q, o_.model, o_.taxonomy.get(),
                                     o_.validation ? &*o_.validation : nullptr);
                 });
  AddQuery("/api/series",
           {"granularity", "from", "to", "brand", "topic", "intent", "source", "confidence", "tz"},
           true, SeriesJson);
  AddQuery("/api/share_of_voice",
           {"granularity", "from", "to", "topic", "source", "top", "confidence", "tz"}, true,
           ShareOfVoiceJson);
  AddQuery("/api/topics",
           {"granularity", "from", "to", "brand", "intent", "source", "top", "confidence", "tz"},
           true, TopicsJson);
  for (TagKind kind : kTagKinds) {
    // /api/intents, /api/aspects, /api/prices, /api/languages.
    AddQuery("/api/" + std::string(TagKindName(kind)) + "s",
             {"granularity", "from", "to", "brand", "topic", "source", "top", "confidence", "tz"},
             true, [kind](Store* s, const ApiQuery& q) { return TagsJson(s, q, kind); });
  }
  AddQuery("/api/posts", PostsParams({"limit", "offset"}), false, PostsJson);
  // Every post behind a figure, whole, to download: analyze's CSV or NDJSON,
  // sent as the store is read (no cap, nothing held in memory).
  struct Export {
    const char* ext;
    OutputFormat format;
    const char* type;
  };
  for (const Export& x : {Export{"csv", OutputFormat::kCsv, kCsv},
                          Export{"ndjson", OutputFormat::kNdjson, "application/x-ndjson"}}) {
    const std::string path = std::string("/api/posts.") + x.ext;
    const OutputFormat format = x.format;
    Route route;
    route.name = "GET " + path;
    route.content_type = x.type;
    route.attachment = std::string("parley-posts.") + x.ext;
    route.stream = [format](const httplib::Request& req, Store* store) -> StatusOr<BodyWriter> {
      PARLEY_ASSIGN_OR_RETURN(ApiQuery q, ParseApiQuery(req.params, PostsParams({})));
      ExampleQuery e = PostsQuery(q);
      e.limit = std::numeric_limits<int>::max();  // every post
      // The query run to its first post before the status line goes: a
      // store that cannot answer it is an error response, not a cut file.
      ExampleQuery first = e;
      first.limit = 1;
      PARLEY_RETURN_IF_ERROR(
          store->ScanExamples(first, [](const StoredPost&) { return Status::OK(); }));
      return BodyWriter([e, format](Store* s, const Emit& emit) {
        int64_t count = 0;
        return ExportPosts(s, e, format, emit, &count);
      });
    };
    Add("GET", std::string(R"(/api/posts\.)") + x.ext, std::move(route));
  }
  AddQuery("/api/alerts", {"from", "to", "kind", "limit", "tz"}, false, AlertsJson);
  AddQuery("/api/terms", {"from", "to", "limit", "tz"}, false, TermsJson);
  // What sets the label's posts apart: a scan of the scope's newest posts,
  // cached until the posts change.
  AddQuery("/api/key_terms",
           {"from", "to", "brand", "topic", "intent", "language", "source", "label", "top",
            "examples", "confidence", "sentiment_words", "shares", "versus", "compare", "tz"},
           true, [this](Store* s, const ApiQuery& q) -> StatusOr<std::string> {
             const change::KeyTermsOptions o =
                 KeyTermsOptionsFor(q, q.sentiment_words_apart ? o_.lexicon.get() : nullptr,
                                    o_.taxonomy.get(), &o_.accounts);
             PARLEY_ASSIGN_OR_RETURN(change::KeyTermsResult r, change::FindKeyTerms(s, o));
             return KeyTermsJson(q, o, r);
           });
  Add("GET", R"(/api/posts/([^/]+)/(.+))",
      {"GET /api/posts/{source}/{id}", Access::kRead, false,
       [](const httplib::Request& req, Store* store) -> StatusOr<std::string> {
         PARLEY_RETURN_IF_ERROR(ParseApiQuery(req.params, {}).status());
         return PostJson(store, req.matches[1].str(), req.matches[2].str());
       }});
  Add("GET", "/api/time_zones",
      {"GET /api/time_zones", Access::kRead, false,
       [](const httplib::Request& req, Store*) -> StatusOr<std::string> {
         PARLEY_RETURN_IF_ERROR(ParseApiQuery(req.params, {}).status());
         return TimeZonesJson();
       }});
  AddPeopleRoutes();
  Add("POST", "/api/posts",
      {"POST /api/posts", Access::kWrite, false,
       [this](const httplib::Request& req, Store*) { return Ingest(req); }});
  // Posts taken out of the store (parley delete), on the writer connection.
  Add("POST", "/api/posts/delete",
      {"POST /api/posts/delete", Access::kWrite, false,
       [](const httplib::Request& req, Store* store) -> StatusOr<std::string> {
         PARLEY_ASSIGN_OR_RETURN(QueryParams params, UrlParams(req));
         // (curl -d sends its data as a form: parameters belong in the URL.)
         if (!req.body.empty() && req.get_header_value("Content-Type")
                                      .starts_with("application/x-www-form-urlencoded")) {
           return InvalidArgumentError(
               "a form body: give the parameters in the URL; the body, if any, holds post ids "
               "or deletion notices, one a line (Content-Type text/plain or "
               "application/x-ndjson: curl --data-binary @file -H 'Content-Type: text/plain')");
         }
         return DeletePostsJson(store, params, req.body, WallClockMs());
       },
       true});
  // What deletions withhold from later ingests: handles of people who asked
  // to be forgotten among them, so a write token lists them too.
  Add("GET", "/api/withheld",
      {"GET /api/withheld", Access::kWrite, false,
       [](const httplib::Request& req, Store* store) { return WithheldJson(store, req.params); },
       true});
  Add("POST", "/api/withheld/lift",
      {"POST /api/withheld/lift", Access::kWrite, false,
       [](const httplib::Request& req, Store* store) -> StatusOr<std::string> {
         PARLEY_ASSIGN_OR_RETURN(QueryParams params, UrlParams(req));
         return LiftWithheldJson(store, params);
       },
       true});
  Add("GET", "/metrics",
      {"GET /metrics", Access::kRead, false,
       [this](const httplib::Request&, Store* store) { return Metrics(store); }, false,
       "text/plain; version=0.0.4"});
  Add("GET", "/healthz",
      {"GET /healthz", Access::kPublic, false,
       [](const httplib::Request&, Store* store) -> StatusOr<std::string> {
         PARLEY_RETURN_IF_ERROR(store->DataVersion().status());
         return std::string("{\"status\":\"ok\"}");
       }});
}

void Server::Impl::AddPeopleRoutes() {
  Add("GET", R"(/api/threads/([^/]+)/(.+))",
      {"GET /api/threads/{source}/{id}", Access::kRead, false,
       [](const httplib::Request& req, Store* store) {
         return ThreadJson(*store, req.matches[1].str(), req.matches[2].str(), req.params);
       }});
  Add("GET", R"(/api/authors/([^/]+)/(.+))",
      {"GET /api/authors/{source}/{handle}", Access::kRead, true,
       [this](const httplib::Request& req, Store* store) {
         return AuthorJson(*store, req.matches[1].str(), req.matches[2].str(), req.params,
                           o_.accounts);
       },
       true});
  Add("GET", "/api/influencers",
      {"GET /api/influencers", Access::kRead, false,
       [this](const httplib::Request& req, Store* store) {
         return InfluencersJson(*store, req.params, o_.accounts);
       },
       true});
  Add("GET", "/api/queue",
      {"GET /api/queue", Access::kRead, true,
       [this](const httplib::Request& req, Store* store) {
         return QueueJson(*store, req.params, o_.accounts);
       },
       true});
  // How often and how fast each brand answered (on the writer, as the
  // queue: its cache follows posts marked handled).
  Add("GET", "/api/queue/stats",
      {"GET /api/queue/stats", Access::kRead, true,
       [this](const httplib::Request& req, Store* store) {
         return ResponseStatsJson(*store, req.params, o_.accounts);
       },
       true});
  // The same queue to download for a spreadsheet: every waiting item (on
  // the writer, as /api/queue: it may store a fresh ranking).
  AddCsvDownload("/api/queue.csv", "parley-queue.csv", /*writer=*/true,
                 [this](const httplib::Request& req, Store* store) {
                   return QueueCsv(*store, req.params, o_.accounts);
                 });
  Add("POST", R"(/api/queue/([^/]+)/(.+)/handled)",
      {"POST /api/queue/{source}/{id}/handled", Access::kWrite, false,
       [](const httplib::Request& req, Store* store) -> StatusOr<std::string> {
         PARLEY_ASSIGN_OR_RETURN(QueryParams params, UrlParams(req));
         return MarkHandledJson(*store, req.matches[1].str(), req.matches[2].str(), params,
                                WallClockMs());
       },
       true});
}

void Server::Impl::AddStatic() {
  // Last: every GET no API route took. API paths never fall through to files.
  http_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    auto fail = [&](int status, const char* code, const std::string& message) {
      res.status = status;
      res.set_content(ErrorJson(code, message), kJson);
    };
    if (req.path.starts_with("/api/") || req.path == "/api") {
      fail(404, "not_found", "no such endpoint: GET " + req.path + " (see docs/http_api.md)");
    } else if (o_.static_dir.empty()) {
      fail(404, "not_found", "this server has no dashboard (start it with --static DIR)");
    } else {
      StatusOr<StaticFile> file = ReadStatic(Env::Default(), o_.static_dir, req.path);
      if (file.ok()) {
        res.status = 200;
        res.set_content(std::move(file->body), file->content_type);
      } else {
        HttpError e = ErrorFor(file.status().code());
        fail(e.status, e.code, std::string(file.status().message()));
      }
    }
    metrics_.Record("GET static", res.status, SecondsSince(t0));
  });
}

std::optional<HttpError> Server::Impl::Refuse(const Route& route, const httplib::Request& req,
                                              httplib::Response& res) {
  const std::string authorization = req.get_header_value("Authorization");
  std::optional<std::string_view> token = BearerToken(authorization);
  if (int wait = limiter_.Take(token ? *token : std::string_view(req.remote_addr)); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return HttpError{429, "too_many_requests"};
  }
  if (route.access == Access::kPublic) return std::nullopt;
  if (route.access == Access::kWrite && o_.tokens.empty()) return HttpError{403, "forbidden"};
  bool need_token = route.access == Access::kWrite || (!o_.tokens.empty() && !o_.public_reads);
  if (!need_token) return std::nullopt;
  std::optional<Scope> scope = token ? o_.tokens.Find(*token) : std::nullopt;
  if (!scope) {
    res.set_header("WWW-Authenticate", "Bearer");
    return HttpError{401, "unauthorized"};
  }
  if (route.access == Access::kWrite && *scope != Scope::kWrite) return HttpError{403, "forbidden"};
  return std::nullopt;
}

std::string RefusalMessage(const HttpError& e, const Route& route, bool have_tokens,
                           bool sent_token) {
  switch (e.status) {
    case 429: return "too many requests from this client: wait for Retry-After seconds";
    case 401:
      return sent_token ? "the bearer token is not one of this server's tokens"
                        : "this endpoint needs a token: send 'Authorization: Bearer TOKEN'";
    default:
      if (!have_tokens) return std::string("writes are disabled on this server: ") + kHowToWrite;
      return route.name + " needs a token with the write scope; this one is read-only";
  }
}

StatusOr<Body> Server::Impl::Answer(const Route& route, const httplib::Request& req) {
  auto shared = [](StatusOr<std::string> s) -> StatusOr<Body> {
    if (!s.ok()) return s.status();
    return std::make_shared<const std::string>(std::move(*s));
  };
  if (route.writer) {
    std::lock_guard<std::mutex> lock(write_mu_);
    if (!route.cached) return shared(route.handler(req, writer_.get()));
    // People views: stale when posts change (data version) or when a post is
    // marked handled or unmarked (handled version), here or by `parley queue`.
    PARLEY_ASSIGN_OR_RETURN(int64_t version, writer_->DataVersion());
    PARLEY_ASSIGN_OR_RETURN(int64_t handled, writer_->HandledVersion());
    std::string key = CacheKey(route, req);
    AppendKeyPart(std::to_string(handled), &key);
    if (Body hit = cache_.Find(key, static_cast<uint64_t>(version))) return hit;
    PARLEY_ASSIGN_OR_RETURN(Body body, shared(route.handler(req, writer_.get())));
    cache_.Put(key, static_cast<uint64_t>(version), body);
    return body;
  }
  // Ingest decodes outside the write lock and takes it to write.
  if (route.access == Access::kWrite) return shared(route.handler(req, nullptr));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<StorePool::Conn> conn, pool_.Acquire());
  Store* store = conn->store.get();
  struct Lease {  // gives the connection back on every path
    StorePool& pool;
    std::unique_ptr<StorePool::Conn>& conn;
    ~Lease() { pool.Release(std::move(conn)); }
  } lease{pool_, conn};
  if (!route.cached) return shared(route.handler(req, store));
  // Every write of posts, by this server or another process, moves the
  // store's data version: an answer cached at another version is stale.
  PARLEY_ASSIGN_OR_RETURN(int64_t version, store->DataVersion());
  auto generation = static_cast<uint64_t>(version);
  std::string key = CacheKey(route, req);
  if (Body hit = cache_.Find(key, generation)) return hit;
  PARLEY_ASSIGN_OR_RETURN(Body body, shared(route.handler(req, store)));
  cache_.Put(key, generation, body);
  return body;
}

void Server::Impl::Handle(const Route& route, const httplib::Request& req,
                          httplib::Response& res) {
  auto t0 = std::chrono::steady_clock::now();
  if (std::optional<HttpError> refused = Refuse(route, req, res)) {
    res.status = refused->status;
    bool sent = req.has_header("Authorization");
    res.set_content(ErrorJson(refused->code, RefusalMessage(*refused, route, !o_.tokens.empty(),
                                                            sent)),
                    kJson);
  } else if (route.stream) {
    Stream(route, req, res, t0);
    return;  // (counted when the body has been sent)
  } else if (StatusOr<Body> body = Answer(route, req); body.ok()) {
    res.status = 200;
    if (!route.attachment.empty()) {
      res.set_header("Content-Disposition", "attachment; filename=\"" + route.attachment + "\"");
    }
    // Sent from the shared bytes: a cached answer is not copied per request.
    res.set_content_provider((*body)->size(), route.content_type,
                             [b = *body](size_t offset, size_t length, httplib::DataSink& sink) {
                               return sink.write(b->data() + offset, length);
                             });
  } else {
    HttpError e = ErrorFor(body.status().code());
    res.status = e.status;
    res.set_content(ErrorJson(e.code, body.status().message()), kJson);
  }
  metrics_.Record(route.name, res.status, SecondsSince(t0));
}

// The body goes in chunks (Transfer-Encoding: chunked) as the writer makes
// it, 64 KiB at a time, on the store connection the request was checked on,
// held until the response is done. An error past the status line (the
// store failing mid-read, the client leaving) can only cut the connection:
// the client sees a chunked body without its last chunk, never a short file
// that looks whole. Counted in the metrics when the body ends: 200 sent
// whole, 500 cut by the store, 499 left by the client.
void Server::Impl::Stream(const Route& route, const httplib::Request& req, httplib::Response& res,
                          std::chrono::steady_clock::time_point t0) {
  struct State {
    std::unique_ptr<StorePool::Conn> conn;
    BodyWriter writer;
    bool counted = false;
  };
  auto state = std::make_shared<State>();
  Status checked = [&]() -> Status {
    PARLEY_ASSIGN_OR_RETURN(state->conn, pool_.Acquire());
    PARLEY_ASSIGN_OR_RETURN(state->writer, route.stream(req, state->conn->store.get()));
    return Status::OK();
  }();
  if (!checked.ok()) {
    if (state->conn) pool_.Release(std::move(state->conn));
    HttpError e = ErrorFor(checked.code());
    res.status = e.status;
    res.set_content(ErrorJson(e.code, checked.message()), kJson);
    metrics_.Record(route.name, res.status, SecondsSince(t0));
    return;
  }
  res.status = 200;
  if (!route.attachment.empty()) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + route.attachment + "\"");
  }
  res.set_chunked_content_provider(
      route.content_type,
      [this, state, name = route.name, t0](size_t, httplib::DataSink& sink) {
        static constexpr size_t kChunk = 64 * 1024;
        std::string chunk;
        chunk.reserve(kChunk + 4096);
        bool client_left = false;
        auto send = [&] {
          client_left = !sink.write(chunk.data(), chunk.size());
          chunk.clear();
          return client_left ? UnavailableError("the client closed the connection") : Status::OK();
        };
        Status s = state->writer(state->conn->store.get(), [&](std::string_view bytes) {
          chunk.append(bytes);
          return chunk.size() < kChunk ? Status::OK() : send();
        });
        if (s.ok() && !chunk.empty()) s = send();
        // Counted before the last chunk goes, so a client that has the
        // whole body finds it in /metrics.
        state->counted = true;
        metrics_.Record(name, s.ok() ? 200 : client_left ? 499 : 500, SecondsSince(t0));
        if (!s.ok()) return false;  // cut: no last chunk
        sink.done();
        return true;
      },
      [this, state, name = route.name, t0, head = req.method == "HEAD"](bool) {
        if (state->conn) pool_.Release(std::move(state->conn));
        // No body written: a HEAD request, or a client gone before it.
        if (!state->counted) metrics_.Record(name, head ? 200 : 499, SecondsSince(t0));
      });
}

StatusOr<std::string> Server::Impl::Ingest(const httplib::Request& req) {
  // From the URL only: cpp-httplib also reads a form-encoded body (curl -d's
  // default type) as parameters, and this body is NDJSON whatever its type.
  PARLEY_ASSIGN_OR_RETURN(QueryParams params, UrlParams(req));
  PARLEY_RETURN_IF_ERROR(ParseApiQuery(params, {}).status());
  if (o_.analyzer == nullptr) return FailedPreconditionError("this server has no analyzer");
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgumentError("the request body is empty: send NDJSON, one post per line");
  }
  PARLEY_ASSIGN_OR_RETURN(DecodedBody decoded,
                          DecodeBody(req.body, o_.reader, *o_.analyzer, o_.languages));
  IngestStats stats;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    // The filter first: cached answers are keyed by the data version the
    // batch moves, so none holds the batch's posts without the filter.
    if (!o_.languages.empty()) {
      PARLEY_RETURN_IF_ERROR(writer_->NoteLanguageFilter(JoinLanguageList(o_.languages)));
    }
    PARLEY_RETURN_IF_ERROR(writer_->WriteBatch(decoded.posts, decoded.analyses, &stats));
  }
  return IngestResponseJson(decoded, stats);
}

StatusOr<std::string> Server::Impl::Metrics(Store* store) {
  PARLEY_ASSIGN_OR_RETURN(int64_t version, store->DataVersion());
  auto generation = static_cast<uint64_t>(version);
  StoreCounts counts;
  {
    std::lock_guard<std::mutex> lock(counts_mu_);
    if (counts_generation_ != generation) {
      PARLEY_ASSIGN_OR_RETURN(counts_, store->Counts());
      counts_generation_ = generation;
    }
    counts = counts_;
  }
  return metrics_.Render({
      {"parley_posts_stored", {"Posts in the store.", static_cast<double>(counts.posts)}},
      {"parley_authors_stored", {"Authors in the store.", static_cast<double>(counts.authors)}},
  });
}

StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  PARLEY_RETURN_IF_ERROR(impl->Open());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
Status Server::Run() { return impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
int Server::port() const { return impl_->port(); }

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace parley::serve
