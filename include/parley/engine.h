// The analyzer: a pure function of (post, model) that enriches one post with
// its sentiment and social cues. It is the unit every front end shares: the
// CLI's `parley analyze`, ingestion into the store, and the Python binding.
//
// Thread safety: an Analyzer is immutable after Create(); Analyze() may be
// called from any number of threads at once.
#ifndef PARLEY_ENGINE_H_
#define PARLEY_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/options.h"
#include "parley/post.h"
#include "parley/status.h"

namespace parley {

enum class SentimentLabel { kNegative = 0, kNeutral = 1, kPositive = 2 };
// "negative", "neutral", "positive".
std::string_view SentimentLabelName(SentimentLabel label);

struct Sentiment {
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0;  // in [-1, 1]; VADER's compound for the lexicon model
  // Calibrated class probabilities (negative, neutral, positive) when the
  // model provides them; the lexicon model does not.
  bool has_probabilities = false;
  double p[3] = {0, 0, 0};
  // VADER's proportions of negative, neutral and positive words.
  double neg = 0, neu = 0, pos = 0;
  // The top probability is below AnalyzerOptions::abstain: `label` is the
  // best guess, but output says "uncertain" instead of guessing.
  bool uncertain = false;
};

// Sentiment of the clause around one topic mention ("the crew was lovely
// but the delay was awful" gives +crew, -delay).
struct Aspect {
  std::string topic;
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0;
};

// A price mentioned in the text: an amount with its currency, or a price
// word ("too expensive") with no amount.
struct Price {
  std::string currency;  // ISO 4217 ("USD"), empty for price words
  double amount = 0;     // 0 when has_amount is false
  bool has_amount = false;
  std::string text;      // as written: "$49", "too expensive"
};

struct Analysis {
  Sentiment sentiment;
  std::vector<std::string> mentions;  // "@handle", lower-cased, in order, unique
  std::vector<std::string> hashtags;  // "#tag", lower-cased, in order, unique
  int urls = 0;
  int emoji = 0;
  // Filled when a taxonomy is loaded (AnalyzerOptions::taxonomy_path); ids
  // as the taxonomy names them, in order of first mention, unique.
  std::vector<std::string> brands;
  std::vector<std::string> topics;   // nested topics also list their parents
  std::vector<std::string> intents;  // complaint, question, praise, purchase, churn
  std::vector<Aspect> aspects;
  std::vector<Price> prices;
  // The post's language, a lower-case BCP-47 primary subtag ("en", "es"):
  // from its `lang` where the source gives one (always), else, with
  // AnalyzerOptions::detect_language, detected; "und" where neither tells.
  // Empty for a post with no `lang` when the option is off.
  std::string lang;

  void Clear();
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;

  // Loads the model named by `options`. A missing or corrupt lexicon or model
  // file is an error that says what to do.
  static StatusOr<std::unique_ptr<Analyzer>> Create(const AnalyzerOptions& options);

  // Fills `out` (cleared first) for `post`.
  virtual void Analyze(const Post& post, Analysis* out) const = 0;
  // Sentiment of a bare text.
  virtual Sentiment Score(std::string_view text) const = 0;
  // "lexicon", or the model file's name (a model trained by parley train).
  virtual const std::string& model_name() const = 0;
};

// Finds an installed data file ("vader_lexicon.txt"): $PARLEY_DATA_DIR, then
// share/parley next to the running binary's prefix, then the build tree.
// NotFound says where it looked.
StatusOr<std::string> FindDataFile(std::string_view name);

}  // namespace parley

#endif  // PARLEY_ENGINE_H_
