#include "src/taxonomy/matcher.h"

namespace parley {

StatusOr<MatchEngine> ParseMatchEngine(std::string_view name) {
  if (name == "auto") return MatchEngine::kAuto;
  if (name == "hyperscan") return MatchEngine::kHyperscan;
  if (name == "re2") return MatchEngine::kRe2;
  return InvalidArgumentError("unknown match engine '" + std::string(name) +
                              "': use auto, hyperscan or re2");
}

StatusOr<std::unique_ptr<Matcher>> Matcher::Create(const std::vector<PatternSpec>& specs,
                                                   MatchEngine engine) {
  switch (engine) {
    case MatchEngine::kRe2: return NewRe2Matcher(specs);
    case MatchEngine::kHyperscan: return NewHyperscanMatcher(specs);
    case MatchEngine::kAuto: break;
  }
  return HyperscanAvailable() ? NewHyperscanMatcher(specs) : NewRe2Matcher(specs);
}

}  // namespace parley
