#include "src/taxonomy/prices.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

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
  EXPECT_TRUE(ParseAmount("1.299,99", &v));  // European: dots for thousands
  EXPECT_EQ(v, 1299.99);
  EXPECT_TRUE(ParseAmount("1.000.000,5", &v));
  EXPECT_EQ(v, 1000000.5);
  EXPECT_FALSE(ParseAmount("1,2.3,4", &v));  // two decimal separators
}

TEST(ParseAmount, ReadsOneKindOfSeparatorByItsGroups) {
  double v = 0;
  EXPECT_TRUE(ParseAmount("1.500", &v));  // "1.500 €": thousands, as "1,500"
  EXPECT_EQ(v, 1500);
  EXPECT_TRUE(ParseAmount("1.000.000", &v));
  EXPECT_EQ(v, 1000000);
  EXPECT_TRUE(ParseAmount("1,000,000", &v));
  EXPECT_EQ(v, 1000000);
  EXPECT_TRUE(ParseAmount("1,00,000", &v));  // Indian grouping: a lakh
  EXPECT_EQ(v, 100000);
  EXPECT_TRUE(ParseAmount("12,34,567.50", &v));
  EXPECT_EQ(v, 1234567.5);
  EXPECT_TRUE(ParseAmount("12.50", &v));
  EXPECT_EQ(v, 12.5);
  EXPECT_TRUE(ParseAmount("0.500", &v));  // a leading zero: decimal
  EXPECT_EQ(v, 0.5);
  EXPECT_TRUE(ParseAmount("1234.567", &v));  // no thousands group of four
  EXPECT_EQ(v, 1234.567);
  EXPECT_FALSE(ParseAmount("1.000.00", &v));  // the last thousands group is three digits
  EXPECT_FALSE(ParseAmount("1,0000,000", &v));
  EXPECT_FALSE(ParseAmount("1..5", &v));
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
  EXPECT_TRUE(Amounts("gate 12 at 10:30, $  5, 5\t$, 3 k$").empty());
}

TEST(FindAmounts, ReadsASignOneSpaceFromTheNumber) {
  auto a = Amounts("\xe2\x82\xac 20 extra, 20,00 \xe2\x82\xac now, $ 25 fee");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].price.text, "\xe2\x82\xac 20");
  EXPECT_EQ(a[1].price.text, "20,00 \xe2\x82\xac");
  EXPECT_EQ(a[1].price.amount, 20);
  EXPECT_EQ(a[2].price.currency, "USD");
  EXPECT_EQ(a[2].price.amount, 25);
}

TEST(FindAmounts, ReadsThousandsAsEachLocaleWritesThem) {
  struct Case {
    std::string_view text, price;
    double amount;
  };
  for (Case c : {Case{"it costs 2 500 \xe2\x82\xac per year", "2 500 \xe2\x82\xac", 2500},
                 Case{"cost me 1 000 \xe2\x82\xac in fees", "1 000 \xe2\x82\xac", 1000},
                 Case{"1 000 000 SEK", "1 000 000 SEK", 1e6},
                 Case{"2\xc2\xa0" "500,50 \xe2\x82\xac", "2\xc2\xa0" "500,50 \xe2\x82\xac", 2500.5},
                 Case{"12\xe2\x80\xaf" "345 \xe2\x82\xac", "12\xe2\x80\xaf" "345 \xe2\x82\xac", 12345},
                 Case{"rent is 1.500 \xe2\x82\xac now", "1.500 \xe2\x82\xac", 1500},
                 Case{"won 1.000.000 \xe2\x82\xac lol", "1.000.000 \xe2\x82\xac", 1e6},
                 Case{"\xe2\x82\xb9" "1,00,000 for a phone", "\xe2\x82\xb9" "1,00,000", 1e5},
                 Case{"in 2019 500 \xe2\x82\xac", "500 \xe2\x82\xac", 500},
                 Case{"tickets for 2 cost 500 \xe2\x82\xac", "500 \xe2\x82\xac", 500}}) {
    auto a = Amounts(c.text);
    ASSERT_EQ(a.size(), 1u) << c.text;
    EXPECT_EQ(a[0].price.text, c.price) << c.text;
    EXPECT_EQ(a[0].price.amount, c.amount) << c.text;
  }
}

TEST(FindAmounts, ReadsMagnitudeLetters) {
  struct Case {
    std::string_view text, price;
    double amount;
  };
  for (Case c : {Case{"$1.5k for a ticket", "$1.5k", 1500}, Case{"a \xe2\x82\xac" "2M deal", "\xe2\x82\xac" "2M", 2e6},
                 Case{"$3bn fine", "$3bn", 3e9}, Case{"$4B merger", "$4B", 4e9},
                 Case{"20k dollars", "20k dollars", 20000}, Case{"5mn USD", "5mn USD", 5e6},
                 Case{"$20k salary", "$20k", 20000}, Case{"$5M", "$5M", 5e6},
                 Case{"20K EUR", "20K EUR", 20000},
                 Case{"$2 k", "$2", 2}}) {
    auto a = Amounts(c.text);
    ASSERT_EQ(a.size(), 1u) << c.text;
    EXPECT_EQ(a[0].price.text, c.price) << c.text;
    EXPECT_EQ(a[0].price.amount, c.amount) << c.text;
  }
  EXPECT_TRUE(Amounts("a 5k run, 20kg, $20kg, 4ever").empty());  // no currency, no magnitude
}

TEST(FindAmounts, ReadsOtherDollarsAndRupees) {
  struct Case {
    std::string_view text, price, currency;
  };
  for (Case c : {Case{"CA$30 fee", "CA$30", "CAD"}, Case{"C$30", "C$30", "CAD"},
                 Case{"A$5", "A$5", "AUD"}, Case{"HK$100", "HK$100", "HKD"},
                 Case{"US$ 9", "US$ 9", "USD"}, Case{"R$50", "R$50", "BRL"},
                 Case{"XY$30", "$30", "USD"}, Case{"Rs. 500 charged", "Rs. 500", "INR"},
                 Case{"Rs.500", "Rs.500", "INR"}, Case{"Rs 500", "Rs 500", "INR"},
                 Case{"500 SEK", "500 SEK", "SEK"}, Case{"\xe2\x82\xa9" "500", "\xe2\x82\xa9" "500", "KRW"}}) {
    auto a = Amounts(c.text);
    ASSERT_EQ(a.size(), 1u) << c.text;
    EXPECT_EQ(a[0].price.text, c.price) << c.text;
    EXPECT_EQ(a[0].price.currency, c.currency) << c.text;
  }
  EXPECT_TRUE(Amounts("try 5 more, rub 2 sticks, won 3 games").empty());
}

TEST(FindAmounts, ReadsCurrencyWordsInAnyCase) {
  for (std::string_view text :
       {"20 USD", "20 usd", "20 Dollars", "20 dOlLaRs", "Rupees 5", "5 QUID"}) {
    auto a = Amounts(text);
    ASSERT_EQ(a.size(), 1u) << text;
    EXPECT_EQ(a[0].price.text, text);
  }
  // Near misses: a letter more or less, a byte next to 'A'..'Z' or 'a'..'z'
  // that lower-casing must leave alone, a non-ASCII letter, DEL.
  for (std::string_view word : {"usdx", "us", "dollarss", "eu", "try", "rub", "won", "r", "@ur", "[ur", "yEn\x7f",
                                "eur\xc3\xa9", "d\xc3\x93llar", "Eur`", "e{r", "", "dollarsx"}) {
    EXPECT_EQ(prices_internal::WordCurrency(word), "") << word;
  }
}

// The currency words (lower-case) and their codes, as FindAmounts() reads
// them; anything else is no currency.
const std::map<std::string, std::string>& CurrencyWords() {
  static const auto* words = new std::map<std::string, std::string>{
      {"aud", "AUD"},    {"bucks", "USD"},  {"cad", "CAD"},   {"chf", "CHF"},
      {"dollar", "USD"}, {"dollars", "USD"}, {"eur", "EUR"},  {"euro", "EUR"},
      {"euros", "EUR"},  {"gbp", "GBP"},    {"inr", "INR"},   {"jpy", "JPY"},
      {"pound", "GBP"},  {"pounds", "GBP"}, {"quid", "GBP"},  {"rupees", "INR"},
      {"usd", "USD"},    {"yen", "JPY"},    {"rupee", "INR"}, {"rs", "INR"},
      {"nzd", "NZD"},    {"cny", "CNY"},    {"rmb", "CNY"},   {"yuan", "CNY"},
      {"hkd", "HKD"},    {"sgd", "SGD"},    {"mxn", "MXN"},   {"brl", "BRL"},
      {"sek", "SEK"},    {"nok", "NOK"},    {"dkk", "DKK"},   {"pln", "PLN"},
      {"zar", "ZAR"},    {"krw", "KRW"}};
  return *words;
}

// Random words over letters of both cases, the bytes either side of 'A'..'Z'
// and 'a'..'z', DEL and non-ASCII bytes, and the currency words in random
// case: the code of the word lower-cased (A-Z only) in CurrencyWords().
TEST(WordCurrency, RandomWordsInAnyCaseGiveTheirCode) {
  const std::string alphabet = "adeoruslnyqbcpijfkAEDORUSLNY@[`{\x7f\xc3\xa9";
  std::vector<std::string> known;
  for (const auto& [word, code] : CurrencyWords()) known.push_back(word);
  std::mt19937 rng(19);
  int found = 0;
  for (int n = 0; n < 50000; ++n) {
    std::string word;
    if (rng() % 2 == 0) {
      word = known[rng() % known.size()];
      for (char& c : word) {
        if (rng() % 3 == 0) c = static_cast<char>(c - 'a' + 'A');
      }
    } else {
      const size_t size = rng() % 10;
      for (size_t k = 0; k < size; ++k) word += alphabet[rng() % alphabet.size()];
    }
    std::string lower = word;
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    auto it = CurrencyWords().find(lower);
    const std::string want = it == CurrencyWords().end() ? "" : it->second;
    ASSERT_EQ(prices_internal::WordCurrency(word), want) << word;
    found += !want.empty();
  }
  EXPECT_GT(found, 20000);  // the words do exercise the lookup
}

// Random texts of numbers, currency words and codes in random case, near
// misses, signs, non-ASCII bytes and punctuation: the same amounts as in the
// text lower-cased (A-Z only; the same tokens, as lower-casing moves no
// byte), field by field: case matters to nothing but the currency words.
TEST(FindAmounts, RandomTextsGiveTheReferencesAmounts) {
  const std::vector<std::string> words = {
      "usd", "dollar", "dollars", "bucks", "eur", "euro", "euros", "gbp", "pound", "pounds",
      "quid", "jpy", "yen", "inr", "rupees", "cad", "aud", "chf", "dollarss", "eu", "us",
      "usdd", "yens", "rupee", "quids", "c@d", "e[r", "au`", "d\xc3\xb6llar", "caf\xc3\xa9",
      "delay", "the", "at", "\xe2\x82\xac", "$", "\xc2\xa3", "\xc2\xa5", "\xe2\x82\xb9",
      "49", "1,000", "5.99", "5,99", "0", "12345678901234567", "3-2", "10:30", "!", "?", "-"};
  const std::vector<std::string> gaps = {" ", "", "", "  ", "\t", ", ", "\n"};
  std::mt19937 rng(19);
  int with_amounts = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const int count = static_cast<int>(rng() % 8) + 1;
    for (int k = 0; k < count; ++k) {
      std::string w = words[rng() % words.size()];
      for (char& c : w) {
        if (c >= 'a' && c <= 'z' && rng() % 3 == 0) c = static_cast<char>(c - 'a' + 'A');
      }
      text += w;
      text += gaps[rng() % gaps.size()];
    }
    std::vector<Token> tokens;
    Tokenizer().Tokenize(text, &tokens);
    std::vector<AmountMention> got;
    FindAmounts(text, tokens, &got);
    std::string lower = text;
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::vector<AmountMention> want;
    FindAmounts(lower, tokens, &want);
    ASSERT_EQ(got.size(), want.size()) << text;
    with_amounts += !want.empty();
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].price.currency, want[k].price.currency) << text;
      EXPECT_EQ(got[k].price.amount, want[k].price.amount) << text;
      std::string got_text = got[k].price.text;
      for (char& c : got_text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      EXPECT_EQ(got_text, want[k].price.text) << text;
      EXPECT_EQ(got[k].first_token, want[k].first_token) << text;
      EXPECT_EQ(got[k].last_token, want[k].last_token) << text;
      EXPECT_EQ(got[k].raw_begin, want[k].raw_begin) << text;
    }
  }
  EXPECT_GT(with_amounts, 2000);  // the texts do exercise the lookup
}

}  // namespace
}  // namespace parley
