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
    {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"},
    {"₩", "KRW"}, {"₽", "RUB"}, {"₺", "TRY"}, {"₱", "PHP"}};

// The letters that make a dollar sign touching them another currency's
// ("CA$30", "A$5", "HK$100"), in any case.
constexpr std::pair<std::string_view, std::string_view> kDollarPrefixes[] = {
    {"us", "USD"}, {"c", "CAD"},  {"ca", "CAD"}, {"can", "CAD"}, {"a", "AUD"},
    {"au", "AUD"}, {"nz", "NZD"}, {"hk", "HKD"}, {"s", "SGD"},   {"sg", "SGD"},
    {"r", "BRL"},  {"mx", "MXN"}};

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
    {"yen", "JPY"},   {"inr", "INR"},    {"rupees", "INR"},  {"rupee", "INR"},
    {"rs", "INR"},    {"cad", "CAD"},    {"aud", "AUD"},     {"nzd", "NZD"},
    {"chf", "CHF"},   {"cny", "CNY"},    {"rmb", "CNY"},     {"yuan", "CNY"},
    {"hkd", "HKD"},   {"sgd", "SGD"},    {"mxn", "MXN"},     {"brl", "BRL"},
    {"sek", "SEK"},   {"nok", "NOK"},    {"dkk", "DKK"},     {"pln", "PLN"},
    {"zar", "ZAR"},   {"krw", "KRW"}};
// (Not "try", "rub" or "won": "try 5 more", "won 3 games".)

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

// Whether tokens a and b (a first) have one space between them.
bool OneSpaceApart(std::string_view text, const Token& a, const Token& b) {
  return a.offset + a.size + 1 == b.offset && text[a.offset + a.size] == ' ';
}

// Whether a and b (a first) are split by one space, a no-break space or a
// narrow no-break space (U+00A0, U+202F), as thousands are in "2 500 €".
bool GroupSpaceApart(std::string_view text, const Token& a, const Token& b) {
  const std::string_view gap = text.substr(a.offset + a.size, b.offset - (a.offset + a.size));
  return gap == " " || gap == "\xC2\xA0" || gap == "\xE2\x80\xAF";
}

// The number of leading ASCII digits of s.
size_t LeadingDigits(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return n;
}

// Is `t` (kSymbol or kWord) next to the number `n` the way a currency is
// written: a sign touching it or one space from it ("€ 20", "20 €"), a word
// after any space.
bool Adjacent(std::string_view text, const Token& t, const Token& n) {
  if (t.kind != TokenKind::kSymbol) return true;
  return Touching(t, n) || Touching(n, t) || OneSpaceApart(text, t, n) ||
         OneSpaceApart(text, n, t);
}

// The code of the letters touching a dollar sign ("CA" of "CA$30"), empty
// when they make no other currency.
std::string_view DollarPrefix(std::string_view letters) {
  if (letters.size() > 3) return {};
  char lower[3];
  for (size_t k = 0; k < letters.size(); ++k) {
    const char c = letters[k];
    lower[k] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  const std::string_view l(lower, letters.size());
  for (const auto& [prefix, code] : kDollarPrefixes) {
    if (prefix == l) return code;
  }
  return {};
}

// The factor of a magnitude letter touching an amount ("$1.5k", "€2M",
// "$3bn"), 0 when `word` is none.
double Magnitude(std::string_view word) {
  if (word.size() == 1) {
    switch (word[0]) {
      case 'k': case 'K': return 1e3;
      case 'm': case 'M': return 1e6;
      case 'b': case 'B': return 1e9;
      default: return 0;
    }
  }
  if (word.size() == 2) {
    const char a = static_cast<char>(word[0] | 0x20), b = static_cast<char>(word[1] | 0x20);
    if (a == 'm' && b == 'n') return 1e6;
    if (a == 'b' && b == 'n') return 1e9;
  }
  return 0;
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
  // Digit groups and the separators between them. With both '.' and ',',
  // the last separator is the decimal one ("1.299,99", "1,234.5"); with one
  // kind, it separates thousands when it is repeated ("1.000.000",
  // "1,00,000" in Indian grouping) or when three digits follow it and the
  // number does not start with 0 ("1,000", "1.500 €"), and is decimal
  // otherwise ("5,99", "12.50", "0.500"). Thousands groups are three digits
  // (two before the last in Indian grouping), the first one to three.
  struct Group {
    size_t begin, end;
    char sep;  // the separator before it, 0 for the first
  };
  std::vector<Group> groups;
  size_t begin = 0;
  char sep = 0;
  for (size_t i = 0; i <= number.size(); ++i) {
    if (i < number.size() && number[i] >= '0' && number[i] <= '9') continue;
    if (i < number.size() && number[i] != '.' && number[i] != ',') return false;
    if (i == begin) return false;  // an empty group: "1,,0", ".5", "5."
    groups.push_back(Group{begin, i, sep});
    if (i < number.size()) sep = number[i];
    begin = i + 1;
  }
  size_t decimal = groups.size();  // the group after the decimal separator
  const char last_sep = groups.back().sep;
  size_t of_last = 0;
  bool mixed = false;
  for (const Group& g : groups) {
    of_last += g.sep == last_sep;
    mixed |= g.sep != 0 && g.sep != last_sep;
  }
  if (last_sep != 0) {
    const Group& last = groups.back();
    if (mixed) {
      if (of_last != 1) return false;  // "1,2.3,4"
      decimal = groups.size() - 1;
    } else if (of_last == 1 && (last.end - last.begin != 3 || number[0] == '0' ||
                                groups[0].end - groups[0].begin > 3)) {
      decimal = groups.size() - 1;
    }
  }
  for (size_t g = 1; g < decimal; ++g) {
    const size_t size = groups[g].end - groups[g].begin;
    if (size != 3 && !(size == 2 && g + 1 < decimal)) return false;
  }
  if (decimal > 1 && groups[0].end - groups[0].begin > 3) return false;
  std::string digits;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g == decimal) digits.push_back('.');
    digits.append(number.substr(groups[g].begin, groups[g].end - groups[g].begin));
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *value);
  return ec == std::errc() && end == digits.data() + digits.size();
}

void FindAmounts(std::string_view text, const std::vector<Token>& tokens,
                 std::vector<AmountMention>* out) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    double amount;
    double factor = 1;
    if (tokens[i].kind == TokenKind::kNumber) {
      if (!ParseAmount(tokens[i].view(text), &amount)) continue;
    } else if (tokens[i].kind == TokenKind::kWord) {
      // Digits that run into a magnitude make one word: "20k", "5M", "3bn".
      const std::string_view w = tokens[i].view(text);
      size_t digits = 0;
      while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9') ++digits;
      if (digits == 0 || digits == w.size()) continue;
      factor = Magnitude(w.substr(digits));
      if (factor == 0 || !ParseAmount(w.substr(0, digits), &amount)) continue;
    } else {
      continue;
    }
    size_t first = i, last = i;
    // A magnitude letter touching the number ("1.5k"), then what follows it.
    size_t after = i + 1;
    if (factor == 1 && after < tokens.size() && tokens[after].kind == TokenKind::kWord &&
        Touching(tokens[i], tokens[after])) {
      if (const double m = Magnitude(tokens[after].view(text)); m != 0) {
        factor = m;
        ++after;
      }
    }
    std::string_view code;
    if (i > 0 && Adjacent(text, tokens[i - 1], tokens[i])) {
      code = Currency(text, tokens[i - 1]);
      if (!code.empty()) first = i - 1;
      // "CA$30": letters touching a dollar sign name another dollar.
      if (code == "USD" && tokens[i - 1].kind == TokenKind::kSymbol && i >= 2 &&
          tokens[i - 2].kind == TokenKind::kWord && Touching(tokens[i - 2], tokens[i - 1])) {
        if (std::string_view other = DollarPrefix(tokens[i - 2].view(text)); !other.empty()) {
          code = other;
          first = i - 2;
        }
      }
    }
    if (code.empty() && i >= 2 && tokens[i - 1].kind == TokenKind::kPunct &&
               tokens[i - 1].view(text) == "." && Touching(tokens[i - 2], tokens[i - 1]) &&
               tokens[i - 2].kind == TokenKind::kWord &&
               prices_internal::WordCurrency(tokens[i - 2].view(text)) == "INR") {
      code = "INR";  // "Rs. 500", "Rs.500"
      first = i - 2;
    }
    if (code.empty() && after < tokens.size() && Adjacent(text, tokens[after], tokens[after - 1])) {
      code = Currency(text, tokens[after]);
      if (!code.empty()) last = after;
    }
    if (code.empty()) continue;
    if (last == i && after > i + 1) last = after - 1;  // the magnitude letter
    // "2 500 €", "1 000 000 SEK", "2 500,00 €": thousands split by spaces
    // before a currency written after the number.
    if (first == i && last > i && factor == 1) {
      const std::string_view cur = tokens[i].view(text);
      const size_t lead = LeadingDigits(cur);
      size_t j = i;
      if (lead == 3 && (lead == cur.size() || cur.size() - lead <= 3)) {
        while (j > 0 && tokens[j - 1].kind == TokenKind::kNumber &&
               GroupSpaceApart(text, tokens[j - 1], tokens[j])) {
          const std::string_view prev = tokens[j - 1].view(text);
          if (LeadingDigits(prev) != prev.size() || prev.size() > 3) break;
          --j;
          if (prev.size() < 3) break;  // the first group
        }
      }
      if (j < i) {
        std::string joined;
        for (size_t k = j; k <= i; ++k) joined += tokens[k].view(text);
        if (ParseAmount(joined, &amount)) first = j;
      }
    }
    // Built in place: no temporary to move and destroy.
    AmountMention& m = out->emplace_back();
    m.price.currency.assign(code);
    m.price.amount = amount * factor;
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
