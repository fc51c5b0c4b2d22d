// Currency amounts in text: "$49", "€20", "20€", "€ 20", "£5.99", "20 EUR",
// "EUR 20", "49 dollars", "$1,000", "1.299,99 €", "$1.5k", "$20k", "€2M",
// "CA$30", "Rs. 500". (Price words such as "too expensive" are phrases of
// the taxonomy; the tagger finds those.)
//
// Thread safety: a function of its arguments.
#ifndef PARLEY_TAXONOMY_PRICES_H_
#define PARLEY_TAXONOMY_PRICES_H_

#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/text/tokenizer.h"

namespace parley {

struct AmountMention {
  Price price;
  uint32_t first_token = 0, last_token = 0;  // the tokens it spans
  uint32_t raw_begin = 0;
};

// Appends the amounts in `text` (tokenized as `tokens`) to `out`, in text
// order. A sign must touch the number or stand one space from it, a code
// or currency word be the word next to it; a magnitude (k, M, mn, B, bn)
// touching the number multiplies it, letters touching a dollar sign name
// its country's dollar.
void FindAmounts(std::string_view text, const std::vector<Token>& tokens,
                 std::vector<AmountMention>* out);

// "1,000" -> 1000, "5.99" -> 5.99, "5,99" -> 5.99, "1.299,99" -> 1299.99;
// false when not a number.
bool ParseAmount(std::string_view number, double* value);

// The currency words and codes an amount may have beside it (lower-case
// ASCII letters: "usd", "dollars", ...), and the currency signs that may
// touch it ("$", "€", ...): for the tagging gate (tag_gate.h), which must
// know every one.
std::vector<std::string_view> CurrencyWords();
std::vector<std::string_view> CurrencySigns();

namespace prices_internal {
// The ISO 4217 code of a currency word or code ("dollars", "EUR") in any
// ASCII case; empty when `word` is none. Exposed for tests.
std::string_view WordCurrency(std::string_view word);
}  // namespace prices_internal

}  // namespace parley

#endif  // PARLEY_TAXONOMY_PRICES_H_
