// parley analyze IN... : enriched records (NDJSON or CSV) on stdout or -o.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "src/analyze/pipeline.h"
#include "src/env/env.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct AnalyzeFlags {
  ReadFlags read;
  ModelFlags model;
  std::string output = "-";
  std::string format = "ndjson";
  bool no_extra = false;
  bool quiet = false;
};

void PrintProgress(const RunSummary& s, bool done, double elapsed) {
  if (done) {
    fmt::print(stderr, "\r\033[K");
    return;
  }
  double rate = elapsed > 0 ? static_cast<double>(s.read) / elapsed : 0;
  fmt::print(stderr, "\r\033[Kparley analyze: {} records, {} rejected, {:.0f} posts/s, {:.1f} MB",
             WithThousands(s.read), WithThousands(s.rejected), rate,
             static_cast<double>(s.bytes) / 1e6);
}

void PrintSummary(const AnalyzeFlags& f, const AnalyzeJob& job, const RunSummary& s) {
  const std::string rejects = RejectsPart(f.read.rejects, s);
  double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
  fmt::print(stderr,
             "parley analyze: read {} record{} from {} input{}: {} accepted + {} rejected{}{}; "
             "{:.2f} s, {} posts/s\n",
             WithThousands(s.read), s.read == 1 ? "" : "s", s.inputs, s.inputs == 1 ? "" : "s",
             WithThousands(s.accepted), WithThousands(s.rejected), rejects, SkippedPart(job, s),
             s.seconds, WithThousands(static_cast<uint64_t>(rate)));
}

StatusOr<AnalyzeJob> MakeJob(Env* env, const AnalyzeFlags& f) {
  AnalyzeJob job;
  PARLEY_RETURN_IF_ERROR(FillJob(env, f.read, &job));
  PARLEY_ASSIGN_OR_RETURN(job.languages, KeptLanguages(f.model));
  // Nothing is stored, so a bare text column will do (posts numbered by line).
  job.reader.require_identity = false;
  PARLEY_ASSIGN_OR_RETURN(job.output.format, ParseOutputFormat(f.format));
  job.output.extra = !f.no_extra;
  job.output_path = f.output;
  // The output is renamed over -o at the end, and the rejects file is
  // truncated at the first reject: neither may be an input or the other.
  PARLEY_RETURN_IF_ERROR(RefuseInputAsOutput(env, "-o", f.output, job.inputs));
  PARLEY_RETURN_IF_ERROR(RefuseSameFile(env, "-o", f.output, "--rejects", f.read.rejects));
  return job;
}

int RunAnalyzeCommand(const AnalyzeFlags& flags) {
  Env* env = Env::Default();
  StatusOr<AnalyzeJob> job = MakeJob(env, flags);
  if (!job.ok()) return ReportError("analyze", job.status());
  StatusOr<std::unique_ptr<Analyzer>> analyzer = CreateAnalyzer(flags.model);
  if (!analyzer.ok()) return ReportError("analyze", analyzer.status());
  job->output.model_name = (*analyzer)->model_name();
  job->output.taxonomy = !flags.model.analyzer.taxonomy_path.empty();
  job->output.language = flags.model.analyzer.detect_language || !job->languages.empty();

  ProgressFn progress;
  auto start = std::chrono::steady_clock::now();
  if (!flags.quiet && StderrIsTerminal()) {
    progress = [start](const RunSummary& s, bool done) {
      double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      PrintProgress(s, done, t);
    };
  }
  if (!flags.quiet) TellGuessedColumns("analyze", &*job);
  StatusOr<RunSummary> summary = RunAnalyze(env, **analyzer, *job, progress);
  if (!summary.ok()) return ReportError("analyze", summary.status());
  if (!flags.quiet) PrintSummary(flags, *job, *summary);
  return kExitOk;
}

}  // namespace

Command AddAnalyzeCommand(CLI::App& app) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* sub = app.add_subcommand(
      "analyze", "Enrich posts with sentiment and social cues; one record per line on stdout");
  AddReadFlags(sub, &flags->read);
  sub->add_option("-o,--output", flags->output, "Write here instead of stdout");
  sub->add_option("-f,--format", flags->format, "Output format: ndjson or csv")
      ->capture_default_str();
  AddModelFlags(sub, &flags->model);
  AddLanguageFlag(sub, &flags->model, /*filter=*/true);
  sub->add_flag("--no-extra", flags->no_extra, "Leave unmapped source columns out of NDJSON");
  sub->add_flag("-q,--quiet", flags->quiet, "No progress and no summary on stderr");
  return Command{sub, [flags] { return RunAnalyzeCommand(*flags); }};
}

}  // namespace parley::cli
