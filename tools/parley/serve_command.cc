// parley serve: the HTTP JSON API and the dashboard over a store
// (src/serve). Binds to 127.0.0.1 unless told otherwise; Ctrl-C stops it.
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "parley/engine.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"
#include "src/people/accounts.h"
#include "src/report/build_report.h"
#include "src/serve/server.h"
#include "src/storage/store.h"
#include "src/taxonomy/taxonomy.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct ServeFlags {
  std::string db = "parley.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tokens;
  std::string static_dir;
  bool no_dashboard = false;
  bool public_reads = false;
  size_t max_body = 16 << 20;
  double rate_limit = 100;
  double burst = 200;
  int threads = 8;
  std::string preset = "auto";
  std::vector<std::string> maps;
  std::string source;
  std::string time_format;
  std::string time_zone;
  ModelFlags model;
  ValidationFlags validation;
};

// The dashboard built into share/parley/web (next to the lexicon).
std::string DefaultStaticDir() {
  StatusOr<std::string> index = FindDataFile("web/index.html");
  return index.ok() ? std::filesystem::path(*index).parent_path().string() : std::string();
}

Status FillOptions(const ServeFlags& f, serve::ServerOptions* o) {
  if (f.port < 0 || f.port > 65535) return InvalidArgumentError("--port must be 0 to 65535");
  if (f.threads < 1 || f.threads > 256) return InvalidArgumentError("--threads must be 1 to 256");
  if (f.max_body < 1024) return InvalidArgumentError("--max-body must be at least 1024 bytes");
  if (f.rate_limit < 0 || f.burst < 1) {
    return InvalidArgumentError("--rate-limit must be 0 (off) or more, and --burst at least 1");
  }
  Env* env = Env::Default();
  if (!env->FileExists(f.db)) {
    return NoStoreError(f.db);
  }
  if (!f.tokens.empty()) {
    PARLEY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, f.tokens));
    PARLEY_ASSIGN_OR_RETURN(o->tokens, serve::TokenSet::Parse(text, f.tokens));
    if (o->tokens.empty()) return InvalidArgumentError("'" + f.tokens + "' holds no token");
  }
  if (!serve::IsLoopbackHost(f.host) && f.tokens.empty() && !f.public_reads) {
    return InvalidArgumentError("--host " + f.host +
                                " would open reads to the network without tokens: give --tokens "
                                "FILE, or --public-reads to allow it");
  }
  o->static_dir = f.no_dashboard ? "" : f.static_dir.empty() ? DefaultStaticDir() : f.static_dir;
  if (!o->static_dir.empty() && !env->IsDirectory(o->static_dir)) {
    return NotFoundError("no dashboard folder '" + o->static_dir + "'");
  }
  o->db_path = f.db;
  o->host = f.host;
  o->port = f.port;
  o->threads = f.threads;
  o->public_reads = f.public_reads;
  o->max_body_bytes = f.max_body;
  o->rate_per_second = f.rate_limit;
  o->rate_burst = f.burst;
  PARLEY_RETURN_IF_ERROR(ParseReadingFlags("ndjson", "auto", f.time_format, "", &o->reader));
  PARLEY_RETURN_IF_ERROR(ApplyTimeZone(f.time_zone, &o->reader));
  PARLEY_ASSIGN_OR_RETURN(o->reader.field_map, MakeFieldMap(f.preset, f.maps));
  o->reader.map_overrides = f.maps;
  o->reader.source = f.source;
  PARLEY_ASSIGN_OR_RETURN(o->languages, KeptLanguages(f.model));
  return Status::OK();
}

std::string AccessLine(const serve::ServerOptions& o) {
  if (o.tokens.empty()) return "reads open, writes disabled (no --tokens)";
  return fmt::format("{} tokens; reads {}, writes need a write token", o.tokens.size(),
                     o.public_reads ? "open" : "need a token");
}

// Stops `server` on SIGINT or SIGTERM. The signals are blocked in every
// thread (the server's workers inherit the mask), and this thread waits for
// them, so no handler runs inside the server.
void StopOnSignal(serve::Server* server) {
  std::thread([server] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    server->Stop();
  }).detach();
}

int RunServeCommand(const ServeFlags& flags) {
  serve::ServerOptions options;
  Status s = FillOptions(flags, &options);
  if (!s.ok()) return ReportError("serve", s);
  StatusOr<std::unique_ptr<Analyzer>> analyzer = CreateAnalyzer(flags.model);
  if (!analyzer.ok()) return ReportError("serve", analyzer.status());
  options.analyzer = analyzer->get();
  options.model = (*analyzer)->model_name();
  // The model's confusion on labeled posts, scored by the server's model:
  // the summary (and the dashboard's figures) correct the shares with it.
  StatusOr<std::optional<ConfusionMatrix>> validation =
      MeasureValidation(flags.validation, **analyzer, "serve");
  if (!validation.ok()) return ReportError("serve", validation.status());
  options.validation = std::move(*validation);
  // Key terms leave out the lexicon's words (its labels rest on them).
  StatusOr<std::shared_ptr<const VaderLexicon>> lexicon =
      LoadSentimentLexicon(flags.model.analyzer.lexicon_path);
  if (!lexicon.ok()) return ReportError("serve", lexicon.status());
  options.lexicon = std::move(*lexicon);
  // The brands' accounts answer customers: the care queue needs them.
  if (const std::string& taxonomy = flags.model.analyzer.taxonomy_path; !taxonomy.empty()) {
    StatusOr<Taxonomy> t = LoadTaxonomy(Env::Default(), taxonomy);
    if (!t.ok()) return ReportError("serve", t.status());
    options.accounts = people::AccountsFromTaxonomy(*t);
    options.taxonomy = std::make_shared<const Taxonomy>(std::move(*t));
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  StatusOr<std::unique_ptr<serve::Server>> server = serve::Server::Start(options);
  if (!server.ok()) return ReportError("serve", server.status());
  StopOnSignal(server->get());
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                                  : options.host;
  fmt::print(stderr, "parley serve: http://{}:{}/ serving {}{}; {}{}. Ctrl-C stops.\n", host,
             (*server)->port(), flags.db,
             options.static_dir.empty() ? " (API only, no dashboard)" : " and the dashboard",
             AccessLine(options),
             options.validation ? fmt::format("; sentiment shares corrected on {} labeled posts",
                                              options.validation->total())
                                : std::string());
  s = (*server)->Run();
  if (!s.ok()) return ReportError("serve", s);
  fmt::print(stderr, "parley serve: stopped\n");
  return kExitOk;
}

}  // namespace

Command AddServeCommand(CLI::App& app) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* sub = app.add_subcommand("serve", ExtCommandDescription("serve"));
  sub->add_option("--db", f->db, "The database file (SQLite) written by parley ingest")
      ->capture_default_str();
  sub->add_option("--host", f->host, "Address to listen on (loopback unless told otherwise)")
      ->capture_default_str();
  sub->add_option("--port", f->port, "Port (0: any free port)")->capture_default_str();
  sub->add_option("--tokens", f->tokens,
                  "File of 'TOKEN read|write' lines; without it reads are open and writes refused");
  sub->add_flag("--public-reads", f->public_reads,
                "Reads need no token (writes still do); needed to listen beyond loopback "
                "without --tokens");
  sub->add_option("--static", f->static_dir,
                  "Dashboard folder (default: the built one in share/parley/web)");
  sub->add_flag("--no-dashboard", f->no_dashboard, "Serve the API only");
  sub->add_option("--max-body", f->max_body, "Largest request body in bytes (413 above)")
      ->capture_default_str();
  sub->add_option("--rate-limit", f->rate_limit,
                  "Requests per second per client (token or address); 0 turns the limit off")
      ->capture_default_str();
  sub->add_option("--burst", f->burst, "Requests a client may make at once")->capture_default_str();
  sub->add_option("--threads", f->threads, "Worker threads")->capture_default_str();
  sub->add_option("--preset", f->preset, "Field map preset for POST /api/posts (as in ingest)")
      ->capture_default_str();
  sub->add_option("--map", f->maps, "FIELD=COLUMN override for POST /api/posts; repeatable");
  sub->add_option("--source", f->source, "Source name for posted records that carry none");
  sub->add_option("--time-format", f->time_format,
                  "How posted records' created_at is written when it is not ISO-8601, RFC 2822, "
                  "Twitter's or epoch seconds (as in ingest)");
  sub->add_option("--time-zone", f->time_zone,
                  "Where posted records' zone-less times were written (as in ingest)");
  AddModelFlags(sub, &f->model);
  AddLanguageFlag(sub, &f->model, /*filter=*/true);
  AddValidationFlags(sub, &f->validation,
                     "Labelled posts (CSV/NDJSON): the summary's and dashboard's sentiment shares "
                     "are corrected for the model's confusion on them (use the model flags the "
                     "store was ingested with)");
  return Command{sub, [f] { return RunServeCommand(*f); }};
}

}  // namespace parley::cli
