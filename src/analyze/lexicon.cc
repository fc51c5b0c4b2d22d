#include "src/analyze/lexicon.h"

#include "parley/engine.h"

namespace parley {

StatusOr<std::shared_ptr<const VaderLexicon>> LoadSentimentLexicon(const std::string& path) {
  std::string found = path;
  if (found.empty()) {
    PARLEY_ASSIGN_OR_RETURN(found, FindDataFile("vader_lexicon.txt"));
  }
  PARLEY_ASSIGN_OR_RETURN(VaderLexicon lexicon, VaderLexicon::Load(found));
  return std::make_shared<const VaderLexicon>(std::move(lexicon));
}

}  // namespace parley
