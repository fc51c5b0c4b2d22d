// Options that configure parley's engine. Plain values with sensible
// defaults; the CLI and the Python binding fill them from flags/arguments.
#ifndef PARLEY_OPTIONS_H_
#define PARLEY_OPTIONS_H_

#include <string>

namespace parley {

struct AnalyzerOptions {
  // "lexicon" (VADER's rules, no training needed) or the path of a model
  // file written by `parley train`.
  std::string model = "lexicon";
  // The VADER lexicon; empty means the installed copy (see FindDataFile).
  std::string lexicon_path;
  // Score emoji by their Unicode names (VADER's Python behaviour). Off gives
  // exactly the npm vader-sentiment package's scores.
  bool emoji = true;
  // A taxonomy file (brands, topics, intents) that marketing writes; empty
  // means no brand/topic/intent tagging.
  std::string taxonomy_path;
  // The taxonomy's pattern engine: "auto" (Hyperscan where the build and CPU
  // have it, else RE2), "hyperscan" or "re2". Results are the same.
  std::string match_engine = "auto";
  // Compound score thresholds for the three labels: VADER's convention is
  // positive >= 0.05, negative <= -0.05, neutral in between.
  double positive_threshold = 0.05;
  double negative_threshold = -0.05;
  // With a model that gives probabilities: a post whose most probable label
  // has a probability below this is marked uncertain. 0 never abstains.
  double abstain = 0;
  // Tag each post with its language (Analysis::lang): the source's `lang`
  // where it gives one (kept with the option off too), else told from the
  // text (src/text/language.h, CLD2; a few microseconds a post, several
  // times the rest of the analysis, so off by default).
  bool detect_language = false;
};

}  // namespace parley

#endif  // PARLEY_OPTIONS_H_
