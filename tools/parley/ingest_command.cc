// parley ingest IN... : analyze posts and store them, with their authors and
// rollups, in the embedded database (--db, SQLite).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "src/analyze/pipeline.h"
#include "src/env/env.h"
#include "src/storage/store.h"
#include "src/text/language.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

// About 6,000 tweet-sized posts per batch; the store commits batches in
// groups (StoreOptions::bulk_load), so the batch size only sets how much
// Post, Analysis and record memory the pipeline touches. At 4 MiB that was
// about 11,000 first-touch page faults of a 400,000-post load (about 10 us
// each on our VMs); at 1 MiB about 5,600 in all, for the same output.
constexpr size_t kIngestBatchBytes = 1 << 20;

struct IngestFlags {
  ReadFlags read;
  ModelFlags model;
  std::string db = "parley.db";
  bool quiet = false;
};

// Hands each batch of the pipeline to the store, counting what it did.
class StoreSink : public RecordSink {
 public:
  explicit StoreSink(Store* store) : store_(store) {}
  Status Write(std::span<const Post> posts, std::span<const Analysis> analyses) override {
    return store_->WriteBatch(posts, analyses, &stats_);
  }
  const IngestStats& stats() const { return stats_; }

 private:
  Store* store_;
  IngestStats stats_;
};

// The bytes a run will read, when known: plain files only (compressed
// files, standard input and pipes have no size to measure progress against;
// a pipe's first bytes, read here, would be lost to the run). 0 = unknown.
uint64_t KnownInputBytes(Env* env, const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const std::string& path : inputs) {
    if (ReadOnlyOnce(env, path)) return 0;
    auto file = env->NewSequentialFile(path);
    unsigned char magic[4] = {0, 0, 0, 0};
    if (!file.ok() || !(*file)->Read(reinterpret_cast<char*>(magic), 4).ok()) return 0;
    bool gzip = magic[0] == 0x1f && magic[1] == 0x8b;
    bool zstd = magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd;
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(path, ec);
    if (gzip || zstd || ec) return 0;
    total += size;
  }
  return total;
}

std::string Clock(double seconds) {
  auto s = static_cast<uint64_t>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

void PrintProgress(const RunSummary& s, bool done, double elapsed, uint64_t total_bytes) {
  if (done) {
    fmt::print(stderr, "\r\033[K");
    return;
  }
  double rate = elapsed > 0 ? static_cast<double>(s.read) / elapsed : 0;
  std::string bar;
  if (total_bytes) {
    double frac = std::min(1.0, static_cast<double>(s.bytes) / static_cast<double>(total_bytes));
    int filled = static_cast<int>(frac * 20);
    double bytes_rate = elapsed > 0 ? static_cast<double>(s.bytes) / elapsed : 0;
    double eta = bytes_rate > 0 ? static_cast<double>(total_bytes - std::min(total_bytes, s.bytes)) /
                                      bytes_rate
                                : 0;
    bar = fmt::format("[{}{}] {:3.0f}% ", std::string(filled, '#'), std::string(20 - filled, '.'),
                      frac * 100);
    fmt::print(stderr, "\r\033[Kparley ingest: {}{} posts, {} posts/s, ETA {}", bar,
               WithThousands(s.read), WithThousands(static_cast<uint64_t>(rate)), Clock(eta));
    return;
  }
  fmt::print(stderr, "\r\033[Kparley ingest: {} posts, {} posts/s, {:.1f} MB", WithThousands(s.read),
             WithThousands(static_cast<uint64_t>(rate)), static_cast<double>(s.bytes) / 1e6);
}

// ", 3 withheld (deleted before: parley withheld)" when ingest skipped
// posts that a deletion withholds.
std::string WithheldPart(const IngestStats& st) {
  if (st.withheld == 0) return "";
  return fmt::format(", {} withheld (deleted before: parley withheld)", WithThousands(st.withheld));
}

void PrintSummary(const IngestFlags& f, const AnalyzeJob& job, const RunSummary& s,
                  const IngestStats& st) {
  const std::string rejects = RejectsPart(f.read.rejects, s);
  double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
  fmt::print(stderr,
             "parley ingest: read {} record{} from {} input{}: {} accepted ({} inserted, {} "
             "updated, {} unchanged{}) + {} rejected{}{}; stored in {}; {:.2f} s, {} posts/s\n",
             WithThousands(s.read), s.read == 1 ? "" : "s", s.inputs, s.inputs == 1 ? "" : "s",
             WithThousands(s.accepted), WithThousands(st.inserted), WithThousands(st.updated),
             WithThousands(st.unchanged), WithheldPart(st), WithThousands(s.rejected), rejects,
             SkippedPart(job, s), f.db, s.seconds, WithThousands(static_cast<uint64_t>(rate)));
}

ProgressFn MakeProgress(const IngestFlags& flags, Env* env, const AnalyzeJob& job) {
  if (flags.quiet || !StderrIsTerminal()) return nullptr;
  uint64_t total = KnownInputBytes(env, job.inputs);
  auto start = std::chrono::steady_clock::now();
  return [start, total](const RunSummary& s, bool done) {
    double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    PrintProgress(s, done, t, total);
  };
}

int RunIngestCommand(const IngestFlags& flags) {
  Env* env = Env::Default();
  // Everything the user can get wrong is checked before the database is
  // created or opened.
  AnalyzeJob job;
  Status s = FillJob(env, flags.read, &job);
  if (s.ok()) {
    StatusOr<std::vector<std::string>> languages = KeptLanguages(flags.model);
    s = languages.status();
    if (s.ok()) job.languages = std::move(*languages);
  }
  if (s.ok()) s = CheckInputs(env, job);
  if (!s.ok()) return ReportError("ingest", s);
  StatusOr<std::unique_ptr<Analyzer>> analyzer = CreateAnalyzer(flags.model);
  if (!analyzer.ok()) return ReportError("ingest", analyzer.status());

  StoreOptions options;
  options.path = flags.db;
  options.model = (*analyzer)->model_name();
  options.bulk_load = true;
  StatusOr<std::unique_ptr<Store>> store = OpenStore(options);
  if (!store.ok()) return ReportError("ingest", store.status());
  // The report says the store holds the posts in these languages only:
  // noted first, so that it holds for the posts a run cut short stored.
  if (!job.languages.empty()) {
    Status noted = (*store)->NoteLanguageFilter(JoinLanguageList(job.languages));
    if (!noted.ok()) return ReportError("ingest", noted);
  }
  StoreSink sink(store->get());
  job.sink = &sink;
  job.batch_bytes = kIngestBatchBytes;
  if (!flags.quiet) TellGuessedColumns("ingest", &job);
  StatusOr<RunSummary> summary = RunAnalyze(env, **analyzer, job, MakeProgress(flags, env, job));
  Status closed = (*store)->Close();
  if (!summary.ok()) {
    // What was stored before the error stays (the store commits as it
    // goes): say so, so that an exit 2 is not read as "nothing stored".
    const IngestStats& st = sink.stats();
    const uint64_t kept = st.inserted + st.updated + st.unchanged + st.withheld;
    if (kept == 0 || !closed.ok()) return ReportError("ingest", summary.status());
    return ReportError(
        "ingest", Status(summary.status().code(),
                         fmt::format("{}; the {} posts read before it are stored in {} ({} "
                                     "inserted, {} updated, {} unchanged{}): mend the input and "
                                     "ingest it again, nothing is stored twice",
                                     summary.status().message(), WithThousands(kept), flags.db,
                                     WithThousands(st.inserted), WithThousands(st.updated),
                                     WithThousands(st.unchanged), WithheldPart(st))));
  }
  if (!closed.ok()) return ReportError("ingest", closed);
  if (!flags.quiet) PrintSummary(flags, job, *summary, sink.stats());
  return kExitOk;
}

}  // namespace

Command AddIngestCommand(CLI::App& app) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* sub = app.add_subcommand(
      "ingest", "Analyze posts and store them, their authors and rollups in a database");
  AddReadFlags(sub, &flags->read);
  sub->add_option("--db", flags->db, "The database file (SQLite), created if missing")
      ->capture_default_str();
  AddModelFlags(sub, &flags->model);
  AddLanguageFlag(sub, &flags->model, /*filter=*/true);
  sub->add_flag("-q,--quiet", flags->quiet, "No progress and no summary on stderr");
  return Command{sub, [flags] { return RunIngestCommand(*flags); }};
}

}  // namespace parley::cli
