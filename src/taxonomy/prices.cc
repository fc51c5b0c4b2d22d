#include "src/taxonomy/prices.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <string>

#include "src/core/bytes.h"

namespace parley {
namespace {

// The currency signs as written, with their ISO 4217 codes.
constexpr std::pair<std::string_view, std::string_view> kSigns[] = {
    {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}};

// A currency sign as written -> ISO 4217 code.
std::string_view SignCurrency(std::string_view sign) {
  for (const auto& [s, code] : kSigns) {
    if (s == sign) return code;
  }
  return {};
}

// The currency words and codes, lower-case, with their ISO 4217 codes.
constexpr std::pair<std::string_view, std::string_view> kWords[] = {
    {"usd", "USD"},   {"dollar", "USD"}, {"dollars", "USD"}, {"bucks", "USD"},
    {"eur", "EUR"},   {"euro", "EUR"},   {"euros", "EUR"},   {"gbp", "GBP"},
    {"pound", "GBP"}, {"pounds", "GBP"}, {"quid", "GBP"},    {"jpy", "JPY"},
    {"yen", "JPY"},   {"inr", "INR"},    {"rupees", "INR"},  {"cad", "CAD"},
    {"aud", "AUD"},   {"chf", "CHF"}};

// A text of up to eight bytes as one word: its bytes little-endian, zero
// padded (bytes::LoadPadded()).
constexpr uint64_t Packed(std::string_view s) {
  uint64_t w = 0;
  for (size_t k = 0; k < s.size(); ++k)
    w |= static_cast<uint64_t>(static_cast<unsigned char>(s[k])) << (8 * k);
  return w;
}

// kWords packed, for a compare of one word each: every amount's neighbour
// (most are plain words) is looked up here.
struct PackedWord {
  uint64_t word;
  size_t size;
  std::string_view code;
};
constexpr auto MakePackedWords() {
  std::array<PackedWord, std::size(kWords)> out{};
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = PackedWord{Packed(kWords[i].first), kWords[i].first.size(), kWords[i].second};
  }
  return out;
}
constexpr auto kPackedWords = MakePackedWords();
constexpr size_t kLongestWord = 7;  // "dollars"
static_assert(std::all_of(std::begin(kWords), std::end(kWords),
                          [](const auto& w) { return w.first.size() <= kLongestWord; }));

std::string_view Currency(std::string_view text, const Token& t) {
  std::string_view v = t.view(text);
  if (t.kind == TokenKind::kSymbol) return SignCurrency(v);
  if (t.kind != TokenKind::kWord) return {};
  return prices_internal::WordCurrency(v);
}

bool Touching(const Token& a, const Token& b) { return a.offset + a.size == b.offset; }

// Is `t` (kSymbol or kWord) next to the number `n` the way a currency is
// written: a sign touching it, a word after a space.
bool Adjacent(const Token& t, const Token& n) {
  return t.kind == TokenKind::kSymbol ? (Touching(t, n) || Touching(n, t)) : true;
}

}  // namespace

std::vector<std::string_view> CurrencyWords() {
  std::vector<std::string_view> out;
  for (const auto& w : kWords) out.push_back(w.first);
  return out;
}

std::vector<std::string_view> CurrencySigns() {
  std::vector<std::string_view> out;
  for (const auto& s : kSigns) out.push_back(s.first);
  return out;
}

namespace prices_internal {

std::string_view WordCurrency(std::string_view word) {
  if (word.size() > kLongestWord) return {};
  // 'A'-'Z' lower-cased, every other byte as it is.
  const uint64_t w = bytes::LowerAscii8(bytes::LoadPadded(word.data(), word.size()));
  for (const PackedWord& p : kPackedWords) {
    if (p.word == w && p.size == word.size()) return p.code;
  }
  return {};
}

}  // namespace prices_internal

bool ParseAmount(std::string_view number, double* value) {
  // Most amounts are whole numbers ("$49"): up to 15 digits are exact in a
  // double, so their value needs no from_chars() through a copy.
  if (!number.empty() && number.size() <= 15) {
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i)
      whole = whole * 10 + static_cast<uint64_t>(number[i] - '0');
    if (i == number.size()) {
      *value = static_cast<double>(whole);
      return true;
    }
  }
  std::string digits;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (c == ',') {
      // "1,000": a thousands separator; "5,99": a decimal comma.
      size_t run = number.find_first_not_of("0123456789", i + 1);
      if (run == std::string_view::npos) run = number.size();
      if (run - i - 1 != 3) digits.push_back('.');
    } else {
      digits.push_back(c);
    }
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *value);
  return ec == std::errc() && end == digits.data() + digits.size();
}

void FindAmounts(std::string_view text, const std::vector<Token>& tokens,
                 std::vector<AmountMention>* out) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kNumber) continue;
    double amount;
    if (!ParseAmount(tokens[i].view(text), &amount)) continue;
    size_t first = i, last = i;
    std::string_view code;
    if (i > 0 && Adjacent(tokens[i - 1], tokens[i])) {
      code = Currency(text, tokens[i - 1]);
      if (!code.empty()) first = i - 1;
    }
    if (code.empty() && i + 1 < tokens.size() && Adjacent(tokens[i + 1], tokens[i])) {
      code = Currency(text, tokens[i + 1]);
      if (!code.empty()) last = i + 1;
    }
    if (code.empty()) continue;
    // Built in place: no temporary to move and destroy.
    AmountMention& m = out->emplace_back();
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
}

}  // namespace parley
