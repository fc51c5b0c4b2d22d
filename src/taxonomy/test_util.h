// Helpers shared by the taxonomy's tests.
#ifndef PARLEY_TAXONOMY_TEST_UTIL_H_
#define PARLEY_TAXONOMY_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/taxonomy/phrase.h"
#include "src/text/tokenizer.h"

namespace parley::testing {

// The canonical text of `text`, tokenized as the analyzer does.
inline CanonicalText Canon(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  CanonicalText c;
  std::string normal;
  BuildCanonicalText(text, tokens, &c, &normal);
  return c;
}

}  // namespace parley::testing

#endif  // PARLEY_TAXONOMY_TEST_UTIL_H_
