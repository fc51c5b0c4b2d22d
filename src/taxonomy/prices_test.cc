#include "src/taxonomy/prices.h"

#include <gtest/gtest.h>

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

// FindAmounts() as it was written first, with the currency words lower-cased
// byte by byte and compared as strings: the reference the packed compare is
// held to.
std::vector<AmountMention> ReferenceAmounts(std::string_view text,
                                            const std::vector<Token>& tokens) {
  static const std::pair<std::string_view, std::string_view> kSigns[] = {
      {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}};
  static const std::pair<std::string_view, std::string_view> kWords[] = {
      {"usd", "USD"},   {"dollar", "USD"}, {"dollars", "USD"}, {"bucks", "USD"},
      {"eur", "EUR"},   {"euro", "EUR"},   {"euros", "EUR"},   {"gbp", "GBP"},
      {"pound", "GBP"}, {"pounds", "GBP"}, {"quid", "GBP"},    {"jpy", "JPY"},
      {"yen", "JPY"},   {"inr", "INR"},    {"rupees", "INR"},  {"cad", "CAD"},
      {"aud", "AUD"},   {"chf", "CHF"}};
  auto currency = [&](const Token& t) -> std::string_view {
    std::string_view v = t.view(text);
    if (t.kind == TokenKind::kSymbol) {
      for (const auto& [s, code] : kSigns) {
        if (s == v) return code;
      }
      return {};
    }
    if (t.kind != TokenKind::kWord || v.size() > 8) return {};
    std::string lower;
    for (char c : v) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    for (const auto& [w, code] : kWords) {
      if (w == lower) return code;
    }
    return {};
  };
  auto adjacent = [](const Token& t, const Token& n) {
    return t.kind != TokenKind::kSymbol || t.offset + t.size == n.offset ||
           n.offset + n.size == t.offset;
  };
  std::vector<AmountMention> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kNumber) continue;
    double amount;
    if (!ParseAmount(tokens[i].view(text), &amount)) continue;
    size_t first = i, last = i;
    std::string_view code;
    if (i > 0 && adjacent(tokens[i - 1], tokens[i])) {
      code = currency(tokens[i - 1]);
      if (!code.empty()) first = i - 1;
    }
    if (code.empty() && i + 1 < tokens.size() && adjacent(tokens[i + 1], tokens[i])) {
      code = currency(tokens[i + 1]);
      if (!code.empty()) last = i + 1;
    }
    if (code.empty()) continue;
    AmountMention& m = out.emplace_back();
    m.price.currency.assign(code);
    m.price.amount = amount;
    m.price.has_amount = true;
    m.raw_begin = tokens[first].offset;
    m.price.text.assign(
        text.substr(m.raw_begin, tokens[last].offset + tokens[last].size - m.raw_begin));
    m.first_token = static_cast<uint32_t>(first);
    m.last_token = static_cast<uint32_t>(last);
    i = last;
  }
  return out;
}

TEST(FindAmounts, ReadsCurrencyWordsInAnyCase) {
  for (std::string_view text :
       {"20 USD", "20 usd", "20 Dollars", "20 dOlLaRs", "Rupees 5", "5 QUID"}) {
    auto a = Amounts(text);
    ASSERT_EQ(a.size(), 1u) << text;
    EXPECT_EQ(a[0].price.text, text);
  }
  // Near misses: a letter more or less, a byte next to 'A'..'Z' or 'a'..'z'
  // that lower-casing must leave alone, a non-ASCII letter.
  for (std::string_view text : {"20 usdx", "20 us", "20 dollarss", "20 eu", "20 @ur", "20 [ur",
                                "20 yEn\x7f", "20 eur\xc3\xa9", "20 d\xc3\x93llar", "20 Eur`"}) {
    EXPECT_EQ(Amounts(text).size(), ReferenceAmounts(text, [&] {
                std::vector<Token> t;
                Tokenizer().Tokenize(text, &t);
                return t;
              }()).size())
        << text;
  }
}

// Random texts of numbers, currency words and codes in random case, near
// misses, signs, non-ASCII bytes and punctuation: the same amounts as the
// reference, field by field.
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
    const std::vector<AmountMention> want = ReferenceAmounts(text, tokens);
    ASSERT_EQ(got.size(), want.size()) << text;
    with_amounts += !want.empty();
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].price.currency, want[k].price.currency) << text;
      EXPECT_EQ(got[k].price.amount, want[k].price.amount) << text;
      EXPECT_EQ(got[k].price.text, want[k].price.text) << text;
      EXPECT_EQ(got[k].first_token, want[k].first_token) << text;
      EXPECT_EQ(got[k].last_token, want[k].last_token) << text;
      EXPECT_EQ(got[k].raw_begin, want[k].raw_begin) << text;
    }
  }
  EXPECT_GT(with_amounts, 2000);  // the texts do exercise the lookup
}

}  // namespace
}  // namespace parley
