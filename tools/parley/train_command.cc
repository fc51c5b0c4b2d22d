// parley train LABELED... -o model.plm : a learned sentiment model from
// labeled posts (see src/learn/ and README "Learned sentiment").
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "src/learn/model_file.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/learn_flags.h"

namespace parley::cli {
namespace {

struct TrainCommandFlags {
  ReadFlags read;
  LabelFlags labels;
  TrainFlags train;
  std::string output;
  bool quiet = false;
};

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Inputs(const ReadFlags& read) {
  std::string out;
  for (const std::string& in : read.inputs) {
    out += (out.empty() ? "" : ",") + std::filesystem::path(in).filename().string();
  }
  return out;
}

void AddMetadata(const TrainCommandFlags& f, const learn::LabeledSet& set,
                 const learn::TrainOptions& o, const learn::TrainReport& r, learn::LinearModel* m) {
  auto add = [m](std::string key, std::string value) {
    m->metadata.emplace_back(std::move(key), std::move(value));
  };
  add("trainer", "parley 0.1.0");
  add("created", UtcNow());
  add("labels", "negative,neutral,positive");
  add("label_column", set.label_column);
  add("inputs", Inputs(f.read));
  add("posts", std::to_string(set.texts.size()));
  add("class_counts",
      fmt::format("{},{},{}", r.class_counts[0], r.class_counts[1], r.class_counts[2]));
  add("fit_posts", std::to_string(r.fit_rows));
  add("calibration_posts", std::to_string(r.calibration_rows));
  add("options",
      fmt::format("epochs={} learning_rate={} l2={} class_weight={} calibration={} "
                  "calibration_folds={} seed={} hash_bits={} word_ngrams={} char_ngrams={}-{} "
                  "emoji={}",
                  o.epochs, o.learning_rate, o.l2, o.balanced ? "balanced" : "none",
                  o.calibration_fraction, o.calibration_folds, o.seed, o.features.hash_bits,
                  o.features.word_ngrams, o.features.char_min, o.features.char_max,
                  o.features.emoji ? 1 : 0));
  add("temperatures",
      fmt::format("{:.6g},{:.6g},{:.6g}", r.temperatures[0], r.temperatures[1], r.temperatures[2]));
  add("calibration_accuracy", fmt::format("{:.4f}", r.calibration_accuracy));
  add("calibration_ece", fmt::format("{:.4f}", r.calibration_ece));
  add("calibration_nll", fmt::format("{:.4f}", r.calibration_nll));
}

int RunTrain(const TrainCommandFlags& f) {
  Env* env = Env::Default();
  const auto start = std::chrono::steady_clock::now();
  StatusOr<learn::TrainOptions> options = MakeTrainOptions(f.train);
  if (!options.ok()) return ReportError("train", options.status());
  StatusOr<learn::LabeledSet> set = ReadLabeledInputs(env, f.read, f.labels);
  if (!set.ok()) return ReportError("train", set.status());
  // (Said before a refusal too: star ratings read as -1/0/1 leave classes empty.)
  if (std::string hint = learn::StarRatingHint(*set, !f.labels.labels.empty()); !hint.empty()) {
    fmt::print(stderr, "parley train: {}\n", hint);
  }
  if (Status s = learn::CheckEveryClass(set->labels); !s.ok()) return ReportError("train", s);
  StatusOr<std::unique_ptr<VaderModel>> vader = LoadVader(f.train.lexicon, !f.train.no_emoji);
  if (!vader.ok()) return ReportError("train", vader.status());
  learn::FeatureExtractor extractor(options->features, vader->get());
  const std::vector<learn::FeatureVector> x =
      learn::Featurize(extractor, set->texts, f.read.threads);
  learn::TrainReport report;
  StatusOr<learn::LinearModel> model =
      learn::Train(x, set->labels, learn::AllRows(x.size()), *options, &report);
  if (!model.ok()) return ReportError("train", model.status());
  AddMetadata(f, *set, *options, report, &*model);
  Status saved = learn::SaveModel(env, *model, f.output);
  if (!saved.ok()) return ReportError("train", saved);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!f.quiet) {
    fmt::print(stderr,
               "parley train: {} labeled posts from column '{}' (negative {}, neutral {}, "
               "positive {}; {} with an empty label, {} with other labels, {} rejected)\n",
               set->texts.size(), set->label_column, report.class_counts[0], report.class_counts[1],
               report.class_counts[2], set->empty_labels, set->other_labels, set->rejected);
    if (report.calibration_rows == 0) {
      // Nothing held out (--calibration 0): no accuracy or ECE to show.
      fmt::print(stderr, "parley train: fitted on {}, not calibrated (no held-out posts)\n",
                 report.fit_rows);
    } else {
      fmt::print(stderr,
                 "parley train: fitted on {}, calibrated on {} held-out scores: temperatures "
                 "{:.3f}/{:.3f}/{:.3f} (by predicted class), held-out accuracy {:.3f}, ECE "
                 "{:.3f}\n",
                 report.fit_rows, report.calibration_rows, report.temperatures[0],
                 report.temperatures[1], report.temperatures[2], report.calibration_accuracy,
                 report.calibration_ece);
    }
    fmt::print(stderr, "parley train: wrote {} in {:.2f} s\n", f.output, seconds);
  }
  return kExitOk;
}

}  // namespace

Command AddTrainCommand(CLI::App& app) {
  auto flags = std::make_shared<TrainCommandFlags>();
  CLI::App* sub = app.add_subcommand(
      "train", "Train a sentiment model on labeled posts (CSV/NDJSON with a label column)");
  AddReadFlags(sub, &flags->read);
  // Rejected rows are counted in the summary, not written out: no --rejects.
  sub->remove_option(sub->get_option("--rejects"));
  sub->add_option("-o,--output", flags->output, "Model file to write (e.g. model.plm)")->required();
  AddLabelFlags(sub, &flags->labels);
  AddTrainFlags(sub, &flags->train, /*model_flags=*/true);
  sub->add_flag("-q,--quiet", flags->quiet, "No summary on stderr");
  return {sub, [flags] { return RunTrain(*flags); }};
}

}  // namespace parley::cli
