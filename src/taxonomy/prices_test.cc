#include "src/taxonomy/prices.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

std::vector<AmountMention> Amounts(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  std::vector<AmountMention> out;
  FindAmounts(text, tokens, &out);
  return out;
}

TEST(ParseAmount, ReadsThousandsSeparatorsAndDecimalCommas) {
  double v = 0;
  EXPECT_TRUE(ParseAmount("1,000", &v));
  EXPECT_EQ(v, 1000);
  EXPECT_TRUE(ParseAmount("5,99", &v));
  EXPECT_EQ(v, 5.99);
  EXPECT_TRUE(ParseAmount("1,234.5", &v));
  EXPECT_EQ(v, 1234.5);
}

TEST(FindAmounts, ReadsSignsBeforeAndAfterTheNumber) {
  auto a = Amounts("$1,000 or 20€");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].price.amount, 1000);
  EXPECT_EQ(a[0].price.text, "$1,000");
  EXPECT_EQ(a[1].price.currency, "EUR");
  EXPECT_EQ(a[1].price.text, "20€");
}

TEST(FindAmounts, ReadsCurrencyWordsAndCodes) {
  auto a = Amounts("EUR 20 and 15 bucks");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].price.text, "EUR 20");
  EXPECT_EQ(a[1].price.currency, "USD");
}

TEST(FindAmounts, IgnoresBareNumbersAndDetachedSigns) {
  EXPECT_TRUE(Amounts("gate 12 at 10:30, $ 5").empty());
}

}  // namespace
}  // namespace parley
