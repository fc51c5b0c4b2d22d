// Terms: the words, hashtags and bigrams of a text that the change
// detectors count (src/change/terms.h, emerging terms) and the store finds
// posts by (ExampleQuery::term, `parley posts --term`).
#ifndef PARLEY_TEXT_TERMS_H_
#define PARLEY_TEXT_TERMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace parley {

// The distinct terms of one text, from its tokens (src/text/tokenizer.h) in
// normal form (lower-cased, elongations squeezed, curly apostrophes
// straight): words of three or more characters that are not stop words;
// hashtags and cashtags (with their sign); and bigrams of adjacent kept
// words ("gate agent"), never across a stop word, a sign, a number, an
// emoji, a @handle or a link, which are not terms. Sorted, each once.
std::vector<std::string> ExtractTerms(std::string_view text);

// What terms are counted by: a term with its accents taken off, so "café"
// and "cafe" are one term (shown as written in most of its posts).
std::string TermKey(std::string_view term);

// The key of a term as someone types it ("Gate  B26", "#Fail", "Café"):
// its words, hashtags and cashtags in normal form (other tokens left out)
// joined by one space, then TermKey(). A post holds the term when TermKey()
// of one of its ExtractTerms() is this; "" when it has none of those.
std::string TermQueryKey(std::string_view term);

// Whether `text` holds the term whose TermQueryKey() is `key`.
bool HasTerm(std::string_view text, std::string_view key);

}  // namespace parley

#endif  // PARLEY_TEXT_TERMS_H_
