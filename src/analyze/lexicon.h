// The VADER lexicon as every part of parley finds it: the analyzer, the
// commands that list its words apart (train, eval, serve, terms, report)
// and the Python binding's key terms.
#ifndef PARLEY_ANALYZE_LEXICON_H_
#define PARLEY_ANALYZE_LEXICON_H_

#include <memory>
#include <string>

#include "parley/status.h"
#include "src/text/vader.h"

namespace parley {

// The VADER lexicon at `path` (--lexicon), or the installed one
// (FindDataFile("vader_lexicon.txt")) when empty.
StatusOr<std::shared_ptr<const VaderLexicon>> LoadSentimentLexicon(const std::string& path);

}  // namespace parley

#endif  // PARLEY_ANALYZE_LEXICON_H_
