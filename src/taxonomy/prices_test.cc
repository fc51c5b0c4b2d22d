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

// Whole numbers take a path of their own: the same values as from_chars().
TEST(ParseAmount, ReadsWholeNumbersExactly) {
  double v = 0;
  EXPECT_TRUE(ParseAmount("49", &v));
  EXPECT_EQ(v, 49);
  EXPECT_TRUE(ParseAmount("0049", &v));
  EXPECT_EQ(v, 49);
  EXPECT_TRUE(ParseAmount("999999999999999", &v));  // 15 digits
  EXPECT_EQ(v, 999999999999999.0);
  EXPECT_TRUE(ParseAmount("12345678901234567", &v));  // longer: through from_chars()
  EXPECT_EQ(v, 12345678901234567.0);
  EXPECT_FALSE(ParseAmount("", &v));
  EXPECT_FALSE(ParseAmount("4x", &v));
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
