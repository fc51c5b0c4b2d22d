// parley synth: a realistic demo conversation with known ground truth.
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/synth/synth.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"

namespace parley::cli {
namespace {

struct SynthFlags {
  uint64_t posts = 10000;
  uint64_t seed = 1;
  std::string start = "2026-03-01T00:00:00Z";
  int days = 30;
  std::string output = "-";
  std::string format = "csv";
  std::vector<std::string> incidents;
  bool no_incident = false;
  std::string truth;
  bool quiet = false;
};

StatusOr<synth::SynthOptions> MakeOptions(const SynthFlags& f) {
  synth::SynthOptions o;
  o.posts = f.posts;
  o.seed = f.seed;
  o.days = f.days;
  PARLEY_ASSIGN_OR_RETURN(int64_t start_ms, ParseTimestamp(f.start));
  o.start_sec = start_ms / 1000;
  PARLEY_ASSIGN_OR_RETURN(o.format, synth::ParseSynthFormat(f.format));
  if (f.no_incident && !f.incidents.empty()) {
    return InvalidArgumentError("--no-incident and --incident exclude each other");
  }
  for (const std::string& text : f.incidents) {
    PARLEY_ASSIGN_OR_RETURN(synth::IncidentSpec inc, synth::ParseIncident(text));
    o.incidents.push_back(inc);
  }
  if (f.incidents.empty() && !f.no_incident) o.incidents.push_back(synth::DefaultIncident(o.start_sec, o.days));
  return o;
}

// Writes through staging files (see StagingPath), so a file at PATH is
// always whole; "-" is standard output.
Status RunSynth(Env* env, const SynthFlags& f, const synth::SynthOptions& o, synth::SynthSummary* summary) {
  std::string out_path = StagingPath(env, f.output);
  std::string truth_path = f.truth.empty() ? "" : StagingPath(env, f.truth);
  // Registered before the files exist, so no signal finds them unregistered.
  std::unique_ptr<SignalCleanup> out_cleanup = env->RemoveOnSignal(out_path);
  std::unique_ptr<SignalCleanup> truth_cleanup =
      truth_path.empty() ? nullptr : env->RemoveOnSignal(truth_path);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> out, env->NewWritableFile(out_path));
  StatusOr<synth::SynthSummary> result = synth::Synthesize(env, o, out.get(), truth_path);
  Status closed = out->Close();
  if (!result.ok() || !closed.ok()) {
    DiscardStaged(env, out_path, f.output);
    if (!truth_path.empty()) DiscardStaged(env, truth_path, f.truth);
    return result.ok() ? closed : result.status();
  }
  *summary = *result;
  PARLEY_RETURN_IF_ERROR(CommitStaged(env, out_path, f.output));
  if (!truth_path.empty()) PARLEY_RETURN_IF_ERROR(CommitStaged(env, truth_path, f.truth));
  return Status::OK();
}

int RunSynthCommand(const SynthFlags& flags) {
  StatusOr<synth::SynthOptions> options = MakeOptions(flags);
  if (!options.ok()) return ReportError("synth", options.status());
  auto start = std::chrono::steady_clock::now();
  synth::SynthSummary summary;
  Status s = RunSynth(Env::Default(), flags, *options, &summary);
  if (!s.ok()) return ReportError("synth", s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!flags.quiet) {
    fmt::print(stderr, "parley synth: wrote {} posts ({} incident{}, seed {}) to {}{}; {:.2f} s, {} posts/s\n",
               WithThousands(summary.posts), options->incidents.size(),
               options->incidents.size() == 1 ? "" : "s", flags.seed,
               flags.output == "-" ? "stdout" : flags.output,
               flags.truth.empty() ? "" : ", ground truth to " + flags.truth, seconds,
               WithThousands(static_cast<uint64_t>(seconds > 0 ? summary.posts / seconds : 0)));
  }
  return kExitOk;
}

}  // namespace

Command AddSynthCommand(CLI::App& app) {
  auto flags = std::make_shared<SynthFlags>();
  CLI::App* sub = app.add_subcommand(
      "synth", "Generate a realistic demo conversation with known ground truth (CSV or NDJSON)");
  // (A uint64_t takes "-5" as 2^64 - 5: the sign is refused first.)
  const CLI::Validator unsigned_value(
      [](std::string& v) -> std::string {
        return !v.empty() && v[0] == '-' ? "must be 0 or more, not " + v : std::string();
      },
      "");
  sub->add_option("-n,--posts", flags->posts, "How many posts")
      ->capture_default_str()
      ->check(unsigned_value);
  sub->add_option("--seed", flags->seed, "Same seed and flags, same bytes")
      ->capture_default_str()
      ->check(unsigned_value);
  sub->add_option("--start", flags->start, "First instant (UTC)")->capture_default_str();
  sub->add_option("--days", flags->days, "Length of the stream in days")->capture_default_str();
  sub->add_option("-o,--output", flags->output, "Write here instead of stdout (-)");
  sub->add_option("-f,--format", flags->format, "csv or ndjson")->capture_default_str();
  sub->add_option("--incident", flags->incidents,
                  "Inject an incident: TOPIC[:BRAND]@START+HOURS[xMULT], e.g. "
                  "delay@2026-03-19T07:00:00Z+6x4; repeatable (default: one delay incident at "
                  "Skyloft Air at 60% of the span)");
  sub->add_flag("--no-incident", flags->no_incident, "No incident at all");
  sub->add_option("--truth", flags->truth, "Write the ground truth here as JSON");
  sub->add_flag("-q,--quiet", flags->quiet, "No summary on stderr");
  return Command{sub, [flags] { return RunSynthCommand(*flags); }};
}

}  // namespace parley::cli
