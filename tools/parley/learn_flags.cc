#include "tools/parley/learn_flags.h"

#include <charconv>

#include "parley/engine.h"

namespace parley::cli {

void AddLabelFlags(CLI::App* sub, LabelFlags* f) {
  sub->add_option("--label-col", f->label_col,
                  "Column with the labels (default: the first of label, sentiment, "
                  "airline_sentiment, polarity, class)");
  sub->add_option("--labels", f->labels,
                  "Map more label values: CLASS=VALUE[,VALUE...], e.g. negative=1,2 (repeatable; "
                  "negative/neg/-1, neutral/neu/0, positive/pos/1 are known)");
}

void AddTrainFlags(CLI::App* sub, TrainFlags* f, bool model_flags) {
  learn::TrainOptions& o = f->options;
  sub->add_option("--epochs", o.epochs, "Passes over the training posts")->capture_default_str();
  sub->add_option("--learning-rate", o.learning_rate, "AdaGrad's base step")->capture_default_str();
  sub->add_option("--l2", o.l2, "L2 penalty")->capture_default_str();
  sub->add_option("--class-weight", f->class_weight,
                  "none, or balanced (weights classes inversely to their frequency)")
      ->capture_default_str();
  sub->add_option("--calibration-folds", o.calibration_folds,
                  "Calibrate probabilities on the out-of-fold scores of K models, and use their "
                  "mean as the model (0: one model, calibrated on a held-out slice, "
                  "--calibration)")
      ->capture_default_str();
  sub->add_option("--calibration", o.calibration_fraction,
                  "With --calibration-folds 0: share of each class held out to calibrate")
      ->capture_default_str();
  sub->add_option("--seed", o.seed, "Seed for splits and training order")->capture_default_str();
  sub->add_option("--hash-bits", o.features.hash_bits, "2^N hashed feature buckets (8..22)")
      ->capture_default_str();
  sub->add_option("--word-ngrams", o.features.word_ngrams, "1: words; 2: also word pairs")
      ->capture_default_str();
  sub->add_option("--char-ngrams", f->char_ngrams, "Character n-gram lengths MIN-MAX, or 0")
      ->capture_default_str();
  if (!model_flags) return;
  sub->add_option("--lexicon", f->lexicon,
                  "VADER lexicon file (default: the installed vader_lexicon.txt)");
  sub->add_flag("--no-emoji", f->no_emoji, "Ignore emoji in the lexicon features");
}

namespace {

bool ParseUint(std::string_view s, uint32_t* v) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && end == s.data() + s.size();
}

Status ParseCharNgrams(const std::string& spec, learn::FeatureConfig* c) {
  if (spec == "0") {
    c->char_min = c->char_max = 0;
    return Status::OK();
  }
  const size_t dash = spec.find('-');
  if (dash == std::string::npos ||
      !ParseUint(std::string_view(spec).substr(0, dash), &c->char_min) ||
      !ParseUint(std::string_view(spec).substr(dash + 1), &c->char_max)) {
    return InvalidArgumentError("bad --char-ngrams '" + spec + "': use MIN-MAX (e.g. 3-5) or 0");
  }
  return Status::OK();
}

}  // namespace

StatusOr<learn::TrainOptions> MakeTrainOptions(const TrainFlags& f) {
  learn::TrainOptions o = f.options;
  PARLEY_RETURN_IF_ERROR(ParseCharNgrams(f.char_ngrams, &o.features));
  if (f.class_weight != "none" && f.class_weight != "balanced") {
    return InvalidArgumentError("--class-weight must be none or balanced");
  }
  o.balanced = f.class_weight == "balanced";
  o.features.emoji = !f.no_emoji;
  PARLEY_RETURN_IF_ERROR(learn::ValidateFeatureConfig(o.features));
  return o;
}

StatusOr<learn::LabeledSet> ReadLabeledInputs(Env* env, const ReadFlags& read,
                                              const LabelFlags& labels) {
  AnalyzeJob job;
  PARLEY_RETURN_IF_ERROR(FillJob(env, read, &job));
  // Training and evaluation use only text and label: `text,label` files will do.
  job.reader.require_identity = false;
  PARLEY_ASSIGN_OR_RETURN(learn::LabelMap map, learn::LabelMap::FromSpecs(labels.labels));
  return learn::ReadLabeled(env, job.inputs, job.reader, labels.label_col, map);
}

StatusOr<std::unique_ptr<VaderModel>> LoadVader(const std::string& lexicon_path, bool emoji) {
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const VaderLexicon> lexicon,
                          LoadSentimentLexicon(lexicon_path));
  return std::make_unique<VaderModel>(std::move(lexicon), VaderOptions{emoji});
}

}  // namespace parley::cli
