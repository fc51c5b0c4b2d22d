// parley analyze IN... : enriched records (NDJSON or CSV) on stdout or -o.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "parley/engine.h"
#include "src/analyze/pipeline.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"

namespace parley::cli {
namespace {

struct AnalyzeFlags {
  std::vector<std::string> inputs;
  std::string output = "-";
  std::string format = "ndjson";
  std::string input_format = "auto";
  std::string preset = "auto";
  std::vector<std::string> maps;
  std::string source;
  std::string rejects = "parley-rejects.ndjson";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  AnalyzerOptions analyzer;
  bool no_emoji = false;
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

void PrintSummary(const AnalyzeFlags& f, const RunSummary& s) {
  std::string rejects = s.rejected ? fmt::format(" (see {})", f.rejects) : "";
  double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
  fmt::print(stderr,
             "parley analyze: read {} records from {} input{}: {} accepted + {} rejected{}; "
             "{:.2f} s, {} posts/s\n",
             WithThousands(s.read), s.inputs, s.inputs == 1 ? "" : "s", WithThousands(s.accepted),
             WithThousands(s.rejected), rejects, s.seconds,
             WithThousands(static_cast<uint64_t>(rate)));
}

StatusOr<AnalyzeJob> MakeJob(Env* env, const AnalyzeFlags& f) {
  AnalyzeJob job;
  PARLEY_ASSIGN_OR_RETURN(job.inputs, ExpandInputs(env, f.inputs));
  if (job.inputs.empty()) {
    return InvalidArgumentError("no .csv, .tsv, .ndjson, .jsonl or .json files (plain, .gz or "
                                ".zst) found in the given folders");
  }
  PARLEY_ASSIGN_OR_RETURN(job.reader.format, ParseInputFormat(f.input_format));
  PARLEY_ASSIGN_OR_RETURN(job.reader.field_map, MakeFieldMap(f.preset, f.maps));
  job.reader.map_overrides = f.maps;
  job.reader.source = f.source;
  PARLEY_ASSIGN_OR_RETURN(job.output.format, ParseOutputFormat(f.format));
  job.output.extra = !f.no_extra;
  job.output_path = f.output;
  job.rejects_path = f.rejects;
  if (f.threads < 1) return InvalidArgumentError("--threads must be at least 1");
  job.threads = f.threads;
  return job;
}

int RunAnalyzeCommand(const AnalyzeFlags& flags) {
  Env* env = Env::Default();
  StatusOr<AnalyzeJob> job = MakeJob(env, flags);
  if (!job.ok()) return ReportError("analyze", job.status());
  AnalyzerOptions options = flags.analyzer;
  options.emoji = !flags.no_emoji;
  StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) return ReportError("analyze", analyzer.status());
  job->output.model_name = (*analyzer)->model_name();
  job->output.taxonomy = !options.taxonomy_path.empty();

  ProgressFn progress;
  auto start = std::chrono::steady_clock::now();
  if (!flags.quiet && StderrIsTerminal()) {
    progress = [start](const RunSummary& s, bool done) {
      double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      PrintProgress(s, done, t);
    };
  }
  StatusOr<RunSummary> summary = RunAnalyze(env, **analyzer, *job, progress);
  if (!summary.ok()) return ReportError("analyze", summary.status());
  if (!flags.quiet) PrintSummary(flags, *summary);
  return kExitOk;
}

}  // namespace

Command AddAnalyzeCommand(CLI::App& app) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* sub = app.add_subcommand(
      "analyze", "Enrich posts with sentiment and social cues; one record per line on stdout");
  sub->add_option("inputs", flags->inputs,
                  "CSV or NDJSON files or folders, optionally .gz/.zst; - for stdin")
      ->required();
  sub->add_option("-o,--output", flags->output, "Write here instead of stdout");
  sub->add_option("-f,--format", flags->format, "Output format: ndjson or csv")
      ->capture_default_str();
  sub->add_option("--input-format", flags->input_format, "auto, csv or ndjson")
      ->capture_default_str();
  sub->add_option("--preset", flags->preset,
                  "Field map preset: auto, tweets, generic, twitter-api, reviews")
      ->capture_default_str();
  sub->add_option("--map", flags->maps,
                  "Override a field's column: FIELD=COLUMN (e.g. text=body); repeatable");
  sub->add_option("--source", flags->source, "Source name for every post (default: preset or file name)");
  sub->add_option("--rejects", flags->rejects, "Where malformed records go (created only if any)")
      ->capture_default_str();
  sub->add_option("-j,--threads", flags->threads, "Worker threads (default: all cores)");
  sub->add_option("--model", flags->analyzer.model, "Sentiment model: lexicon")
      ->capture_default_str();
  sub->add_option("--lexicon", flags->analyzer.lexicon_path,
                  "VADER lexicon file (default: the installed vader_lexicon.txt)");
  sub->add_option("--positive-threshold", flags->analyzer.positive_threshold,
                  "Lowest score labelled positive")
      ->capture_default_str();
  sub->add_option("--negative-threshold", flags->analyzer.negative_threshold,
                  "Highest score labelled negative")
      ->capture_default_str();
  sub->add_option("--taxonomy", flags->analyzer.taxonomy_path,
                  "Taxonomy file (TOML): adds brands, topics, intents, aspects and prices");
  sub->add_option("--match-engine", flags->analyzer.match_engine,
                  "Taxonomy pattern engine: auto, hyperscan or re2 (same results)")
      ->capture_default_str();
  sub->add_flag("--no-emoji", flags->no_emoji,
                "Ignore emoji when scoring (the npm vader-sentiment package's behaviour)");
  sub->add_flag("--no-extra", flags->no_extra, "Leave unmapped source columns out of NDJSON");
  sub->add_flag("-q,--quiet", flags->quiet, "No progress and no summary on stderr");
  return Command{sub, [flags] { return RunAnalyzeCommand(*flags); }};
}

}  // namespace parley::cli
