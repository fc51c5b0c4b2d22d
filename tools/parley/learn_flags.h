// Flags shared by parley train and parley eval: where the labels are, how
// their values map to classes, and the training settings (eval --cv trains
// too). Both also take the reading flags of read_flags.h.
#ifndef PARLEY_TOOLS_PARLEY_LEARN_FLAGS_H_
#define PARLEY_TOOLS_PARLEY_LEARN_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "src/env/env.h"
#include "src/learn/labeled_data.h"
#include "src/learn/trainer.h"
#include "src/text/vader.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {

struct LabelFlags {
  std::string label_col;            // empty: detect
  std::vector<std::string> labels;  // CLASS=VALUE,... specs
};

struct TrainFlags {
  learn::TrainOptions options;
  std::string char_ngrams = "3-5";
  std::string class_weight = "balanced";
  std::string lexicon;
  bool no_emoji = false;
};

// --label-col and --labels.
void AddLabelFlags(CLI::App* sub, LabelFlags* flags);
// --epochs, --learning-rate, --l2, --class-weight, --calibration-folds,
// --calibration, --seed,
// --hash-bits, --word-ngrams, --char-ngrams; with `model_flags` also
// --lexicon and --no-emoji (eval has those from AddModelFlags already).
void AddTrainFlags(CLI::App* sub, TrainFlags* flags, bool model_flags);

// The labeled posts of the inputs named by `read`.
StatusOr<learn::LabeledSet> ReadLabeledInputs(Env* env, const ReadFlags& read,
                                              const LabelFlags& labels);
// Training options from the flags (parses --char-ngrams and --class-weight).
StatusOr<learn::TrainOptions> MakeTrainOptions(const TrainFlags& flags);
// The lexicon model the learned model's features use.
StatusOr<std::unique_ptr<VaderModel>> LoadVader(const std::string& lexicon_path, bool emoji);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_LEARN_FLAGS_H_
