// parley eval LABELED --model M : how good a model is on labeled posts, with
// intervals; --cv K cross-validates the learned model instead.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "src/learn/evaluation.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/learn_flags.h"

namespace parley::cli {
namespace {

struct EvalFlags {
  ReadFlags read;
  ModelFlags model;
  LabelFlags labels;
  TrainFlags train;
  std::string format = "text";
  std::string reliability;
  int bootstrap = 1000;
  int cv = 0;
  bool quiet = false;
};

struct Predictions {
  std::vector<int> labels;
  std::vector<learn::Probabilities> probs;  // empty when the model has none
};

// Runs fn(i) for i in [0, n) on up to `threads` threads.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && static_cast<size_t>(t) < n; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// The model's label and probabilities of every post: the same Score() that
// analyze and the report's share correction use.
Predictions ScoreAll(const Analyzer& analyzer, const std::vector<std::string>& texts, int threads) {
  std::vector<Sentiment> s(texts.size());
  constexpr size_t kChunk = 512;
  ParallelFor((texts.size() + kChunk - 1) / kChunk, threads, [&](size_t c) {
    for (size_t i = c * kChunk; i < std::min(texts.size(), (c + 1) * kChunk); ++i) {
      s[i] = analyzer.Score(texts[i]);
    }
  });
  Predictions p;
  for (const Sentiment& one : s) {
    p.labels.push_back(static_cast<int>(one.label));
    if (one.has_probabilities) p.probs.push_back({one.p[0], one.p[1], one.p[2]});
  }
  if (p.probs.size() != s.size()) p.probs.clear();
  return p;
}

// Out-of-fold predictions of K models, each trained on the other folds.
StatusOr<Predictions> CrossValidate(const EvalFlags& f, const learn::LabeledSet& set) {
  if (f.cv < 2 || static_cast<size_t>(f.cv) > set.labels.size()) {
    return InvalidArgumentError("--cv needs 2 or more folds, and no more than the labeled posts");
  }
  PARLEY_RETURN_IF_ERROR(learn::CheckEveryClass(set.labels));
  TrainFlags train = f.train;
  train.lexicon = f.model.analyzer.lexicon_path;
  train.no_emoji = f.model.no_emoji;
  PARLEY_ASSIGN_OR_RETURN(learn::TrainOptions options, MakeTrainOptions(train));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<VaderModel> vader,
                          LoadVader(train.lexicon, !train.no_emoji));
  learn::FeatureExtractor extractor(options.features, vader.get());
  const auto x = learn::Featurize(extractor, set.texts, f.read.threads);
  const std::vector<int> folds = learn::StratifiedFolds(set.labels, f.cv, options.seed);
  Predictions p;
  p.labels.resize(x.size());
  p.probs.resize(x.size());
  std::vector<Status> errors(f.cv);
  ParallelFor(f.cv, f.read.threads, [&](size_t k) {
    std::vector<size_t> rows;
    for (size_t i = 0; i < x.size(); ++i) {
      if (folds[i] != static_cast<int>(k)) rows.push_back(i);
    }
    learn::TrainReport report;
    StatusOr<learn::LinearModel> model = learn::Train(x, set.labels, rows, options, &report);
    if (!model.ok()) {
      errors[k] = model.status();
      return;
    }
    for (size_t i = 0; i < x.size(); ++i) {
      if (folds[i] != static_cast<int>(k)) continue;
      p.probs[i] = model->Predict(x[i]);
      p.labels[i] = learn::ArgMax(p.probs[i]);
    }
  });
  for (const Status& e : errors) PARLEY_RETURN_IF_ERROR(e);
  return p;
}

// Sets `title` (the heading of the text output) and `model` (the model's
// name, empty for --cv).
StatusOr<Predictions> Predict(const EvalFlags& f, const learn::LabeledSet& set,
                              std::string* title, std::string* model) {
  if (f.cv > 0) {
    if (f.model.analyzer.model != "lexicon") {
      return InvalidArgumentError("--cv trains its own models: leave out --model");
    }
    *title = fmt::format("linear model, {}-fold cross-validation", f.cv);
    return CrossValidate(f, set);
  }
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Analyzer> analyzer, CreateAnalyzer(f.model));
  *model = analyzer->model_name();
  *title = "model " + *model;
  return ScoreAll(*analyzer, set.texts, f.read.threads);
}

Status WriteOutputs(const EvalFlags& f, const learn::Evaluation& e, const std::string& title,
                    const std::string& model) {
  if (!f.reliability.empty()) {
    if (!e.has_probabilities) {
      return InvalidArgumentError(
          "--reliability needs a model with probabilities (a .plm "
          "model or --cv)");
    }
    PARLEY_RETURN_IF_ERROR(WriteStringToFile(
        Env::Default(), learn::ReliabilitySvg(e.reliability, "Reliability: " + title),
        f.reliability));
  }
  const std::string out =
      f.format == "json" ? learn::EvaluationJson(e, model, f.cv)
                          : learn::FormatEvaluation(e, title);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::OK();
}

int RunEval(const EvalFlags& f) {
  if (f.format != "text" && f.format != "json") {
    return ReportError("eval", InvalidArgumentError("--format must be text or json"));
  }
  if (f.bootstrap < 0) {
    return ReportError("eval", InvalidArgumentError("--bootstrap must not be negative"));
  }
  StatusOr<learn::LabeledSet> set = ReadLabeledInputs(Env::Default(), f.read, f.labels);
  if (!set.ok()) return ReportError("eval", set.status());
  const auto start = std::chrono::steady_clock::now();
  std::string title, model;
  StatusOr<Predictions> p = Predict(f, *set, &title, &model);
  if (!p.ok()) return ReportError("eval", p.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  learn::EvalOptions options;
  options.bootstrap = f.bootstrap;
  options.seed = f.train.options.seed;
  options.abstain = f.model.analyzer.abstain;
  const learn::Evaluation e = learn::Evaluate(set->labels, p->labels, p->probs, options);
  if (Status s = WriteOutputs(f, e, title, model); !s.ok()) return ReportError("eval", s);
  if (!f.quiet) {
    fmt::print(stderr,
               "parley eval: {} labeled posts from column '{}' ({} with an empty label, {} with "
               "other labels, {} rejected) {} in {:.2f} s\n",
               set->texts.size(), set->label_column, set->empty_labels, set->other_labels,
               set->rejected, f.cv ? "cross-validated" : "scored", seconds);
  }
  if (std::string hint = learn::StarRatingHint(*set, !f.labels.labels.empty()); !hint.empty()) {
    fmt::print(stderr, "parley eval: {}\n", hint);
  }
  return kExitOk;
}

}  // namespace

Command AddEvalCommand(CLI::App& app) {
  auto flags = std::make_shared<EvalFlags>();
  CLI::App* sub = app.add_subcommand(
      "eval", "Measure a sentiment model on labeled posts: F1, intervals, confusion, calibration");
  AddReadFlags(sub, &flags->read);
  // Rejected rows are counted in the summary, not written out: no --rejects.
  sub->remove_option(sub->get_option("--rejects"));
  AddModelFlags(sub, &flags->model);
  AddLabelFlags(sub, &flags->labels);
  sub->add_option("--format", flags->format, "text or json")->capture_default_str();
  sub->add_option("--reliability", flags->reliability, "Write a reliability diagram (SVG) here");
  sub->add_option("--bootstrap", flags->bootstrap, "Bootstrap replicates for the intervals")
      ->capture_default_str();
  sub->add_option("--cv", flags->cv,
                  "K-fold cross-validation of the learned model (trains K models; the training "
                  "flags apply)");
  AddTrainFlags(sub, &flags->train, /*model_flags=*/false);
  sub->add_flag("-q,--quiet", flags->quiet, "No summary on stderr");
  return {sub, [flags] { return RunEval(*flags); }};
}

}  // namespace parley::cli
