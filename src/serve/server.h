// parley serve: the HTTP JSON API and the dashboard's files, over one store.
//
// Reads run on a pool of worker threads, each request on a read-only store
// connection leased from a pool (SQLite WAL lets readers run beside the
// writer). Writes (POST /api/posts) are decoded and analyzed on the request's
// thread, then written by one writer connection under a mutex, in one
// transaction that commits before the response is sent.
//
// Access: with no tokens, reads are open and writes refused (403). With a
// tokens file, reads need a read or write token (unless public_reads) and
// writes a write token. Every request is counted against a per-client token
// bucket (429 with Retry-After). Request bodies over max_body_bytes are 413.
// Every error is JSON: {"error":{"code":..,"message":..}}.
//
// Summary, series, share-of-voice and topic answers are cached until the
// store's posts change (Store::DataVersion, read on every request), so
// repeated dashboard requests do not recompute rollup queries.
#ifndef PARLEY_SERVE_SERVER_H_
#define PARLEY_SERVE_SERVER_H_

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/ingest/record_reader.h"
#include "src/metrics/quantification.h"
#include "src/people/accounts.h"
#include "src/serve/access.h"
#include "src/taxonomy/taxonomy.h"
#include "src/text/vader.h"

namespace parley::serve {

struct ServerOptions {
  std::string db_path = "parley.db";
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  int threads = 8;  // worker threads (and read connections)
  std::string static_dir;  // the dashboard; empty serves no files
  TokenSet tokens;         // empty: reads open, writes refused
  bool public_reads = false;  // with tokens: reads need none
  size_t max_body_bytes = 16 << 20;
  double rate_per_second = 100;  // per client; 0 disables the limit
  double rate_burst = 200;
  // How POST /api/posts decodes and analyzes (as parley ingest's flags).
  ReaderOptions reader;
  const Analyzer* analyzer = nullptr;  // not owned; needed for writes
  // When not empty, only posts in these languages are stored (as
  // AnalyzeJob::languages; the analyzer detects languages).
  std::vector<std::string> languages;
  std::string model = "lexicon";       // the stored analyses' model, for the summary
  // The brands' own accounts (from the taxonomy): who answers customers, for
  // the care queue and author profiles. Empty: the queue endpoint says how.
  people::OwnAccounts accounts;
  // The taxonomy, when one was given: names the summary's brands (display
  // names, own or competitor).
  std::shared_ptr<const Taxonomy> taxonomy;
  // The model's confusion on a labeled validation file (serve --validation):
  // the summary's sentiment shares are corrected with it.
  std::optional<ConfusionMatrix> validation;
  // The sentiment lexicon: /api/key_terms lists the terms with a word of it
  // apart (unless asked not to). Null: with the others.
  std::shared_ptr<const VaderLexicon> lexicon;
};

class Server {
 public:
  // Opens the store (creating it if missing) and binds the address. Errors:
  // the store's, or Unavailable when the address cannot be bound.
  static StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  ~Server();

  // Serves until Stop() (from any thread). Returns when stopped.
  Status Run();
  // Stops Run(), or makes a later Run() return at once. Any thread, any time.
  void Stop();
  int port() const;

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_SERVER_H_
