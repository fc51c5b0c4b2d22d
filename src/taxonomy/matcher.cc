#include "src/taxonomy/matcher.h"

#include <cctype>
#include <string_view>

namespace parley {

StatusOr<MatchEngine> ParseMatchEngine(std::string_view name) {
  if (name == "auto") return MatchEngine::kAuto;
  if (name == "hyperscan") return MatchEngine::kHyperscan;
  if (name == "re2") return MatchEngine::kRe2;
  return InvalidArgumentError("unknown match engine '" + std::string(name) +
                              "': use auto, hyperscan or re2");
}

StatusOr<std::unique_ptr<Matcher>> Matcher::Create(const std::vector<PatternSpec>& specs,
                                                   MatchEngine engine) {
  switch (engine) {
    case MatchEngine::kRe2: return NewRe2Matcher(specs);
    case MatchEngine::kHyperscan: return NewHyperscanMatcher(specs);
    case MatchEngine::kAuto: break;
  }
  return HyperscanAvailable() ? NewHyperscanMatcher(specs) : NewRe2Matcher(specs);
}

namespace {

// A recursive reading of a regex for RegexNeedsDigit(): each function
// consumes its part of `s` from `i` and says whether every match of that
// part holds a digit. `ok` turns false at anything it does not follow.
class DigitReader {
 public:
  explicit DigitReader(std::string_view s) : s_(s) {}

  bool Read() {
    const bool need = Alternation();
    return ok_ && i_ == s_.size() && need;
  }

 private:
  bool More() const { return ok_ && i_ < s_.size(); }

  // Whether a quantifier ('*', '+', '?' or '{') starts at `i_`.
  bool AtQuantifier() const {
    if (!More()) return false;
    const char c = s_[i_];
    return c == '*' || c == '+' || c == '?' || c == '{';
  }

  // Branches separated by '|': each must need a digit.
  bool Alternation() {
    bool all = Sequence();
    while (More() && s_[i_] == '|') {
      ++i_;
      all = Sequence() && all;
    }
    return all;
  }

  // Quantified atoms up to a '|' or ')': one that needs a digit and
  // repeats at least once is enough.
  bool Sequence() {
    bool any = false;
    while (More() && s_[i_] != '|' && s_[i_] != ')') {
      const bool atom = Atom();
      const size_t min = Quantifier();
      any |= atom && min > 0;
    }
    return any;
  }

  // The least number of times the quantifier after an atom repeats it (1
  // with none).
  size_t Quantifier() {
    if (!AtQuantifier()) return 1;
    size_t min = 1;
    const char c = s_[i_];
    if (c == '*' || c == '?') {
      min = 0;
      ++i_;
    } else if (c == '+') {
      ++i_;
    } else {  // '{'
      // {m}, {m,} or {m,n}; anything else is not followed.
      size_t j = i_ + 1, m = 0, digits = 0;
      while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9' && digits < 6) {
        m = m * 10 + static_cast<size_t>(s_[j] - '0');
        ++j;
        ++digits;
      }
      if (digits == 0) return Fail();
      if (j < s_.size() && s_[j] == ',') {
        ++j;
        while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9') ++j;
      }
      if (j >= s_.size() || s_[j] != '}') return Fail();
      i_ = j + 1;
      min = m;
    }
    // Lazy ("*?"), possessive ("*+") or a quantifier on a quantifier: not
    // followed.
    if (AtQuantifier()) return Fail();
    return min;
  }

  bool Atom() {
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      if (More() && s_[i_] == '?') {
        // Only a non-capturing group "(?:" and flags "(?i)" / "(?i:".
        size_t j = i_ + 1;
        while (j < s_.size() && (s_[j] == 'i' || s_[j] == 'm' || s_[j] == 's' || s_[j] == 'U' ||
                                 s_[j] == '-')) {
          ++j;
        }
        if (j >= s_.size()) return Fail();
        if (s_[j] == ')') {  // flags alone: match the empty string
          i_ = j + 1;
          // A quantifier after them is RE2's for the atom before ("5(?)?"
          // is "5?"): not followed.
          if (AtQuantifier()) return Fail();
          return false;
        }
        if (s_[j] != ':') return Fail();
        i_ = j + 1;
      }
      const bool need = Alternation();
      if (!More() || s_[i_] != ')') return Fail();
      ++i_;
      return need;
    }
    if (c == '[') return Class();
    if (c == '\\') {
      if (i_ + 1 >= s_.size()) return Fail();
      const char e = s_[i_ + 1];
      i_ += 2;
      if (e == 'd') return true;
      // Escapes of one character that stand for themselves or a class or
      // assertion without a digit in every match.
      if (e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S' || e == 'b' || e == 'B' ||
          e == 'n' || e == 't' || e == 'r' || e == 'f' || e == 'v' || e == 'A' || e == 'z') {
        return false;
      }
      const bool punct = (e >= '!' && e <= '/') || (e >= ':' && e <= '@') || (e >= '[' && e <= '`') ||
                         (e >= '{' && e <= '~');
      if (punct) return false;  // an escaped sign, itself
      return Fail();  // \Q, \p, \x, octal, back-references...
    }
    if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '{') return Fail();
    ++i_;
    return c >= '0' && c <= '9';  // a literal (or '.', '^', '$': no digit needed)
  }

  // A bracketed class: needs a digit when it is not negated and holds only
  // digits, ranges of digits and \d.
  bool Class() {
    ++i_;  // '['
    bool negated = false, digits_only = true, empty = true;
    if (More() && s_[i_] == '^') {
      negated = true;
      ++i_;
    }
    if (More() && s_[i_] == ']') {  // a ']' first is a literal
      digits_only = false;
      empty = false;
      ++i_;
    }
    while (More() && s_[i_] != ']') {
      const char c = s_[i_];
      empty = false;
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return Fail();
        if (s_[i_ + 1] != 'd') digits_only = false;
        const char e = s_[i_ + 1];
        if (e == 'p' || e == 'P' || e == 'x' || e == 'Q' || (e >= '0' && e <= '9')) return Fail();
        i_ += 2;
        continue;
      }
      if (c == '[') return Fail();  // [:digit:] and the like: not followed
      if (i_ + 2 < s_.size() && s_[i_ + 1] == '-' && s_[i_ + 2] != ']') {
        const char hi = s_[i_ + 2];
        if (hi == '\\' || hi == '[') return Fail();
        if (c < '0' || c > '9' || hi < '0' || hi > '9') digits_only = false;
        i_ += 3;
        continue;
      }
      if (c < '0' || c > '9') digits_only = false;
      ++i_;
    }
    if (!More()) return Fail();
    ++i_;  // ']'
    return !negated && !empty && digits_only;
  }

  bool Fail() {
    ok_ = false;
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

bool RegexNeedsDigit(std::string_view regex) { return DigitReader(regex).Read(); }

namespace {

// Signs the tokenizer always parts from a letter or digit next to them (not
// '#' and '@', which open hashtags and handles, '_' and '\'' inside them and
// words, or '.' and ',' inside numbers).
bool PartedSign(char c) {
  return c != '\0' && std::string_view("-$%:/?!&+=*~<>\"()[]{}|;\\").find(c) != std::string_view::npos;
}

}  // namespace

PatternLint LintPattern(std::string_view s) {
  PatternLint out;
  enum Kind { kNone, kWord, kSign, kOther } prev = kNone;
  char prev_sign = 0;
  auto item = [&](Kind k, char sign) {
    if (out.touching == 0 && ((prev == kWord && k == kSign) || (prev == kSign && k == kWord))) {
      out.touching = k == kSign ? sign : prev_sign;
    }
    prev = k;
    prev_sign = sign;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 >= s.size()) break;
      const char e = s[++i];
      if (e == 'd' || e == 'w') {
        item(kWord, 0);
      } else if (e == 'Q' || e == 'p' || e == 'P' || e == 'x' || e == 'E') {
        break;  // not followed
      } else if (PartedSign(e)) {
        item(kSign, e);
      } else {
        item(kOther, 0);
      }
    } else if (c == '[') {
      // A class of letters or digits (not negated) stands for a word's part.
      size_t j = i + 1;
      bool negated = false, word = false, followed = true;
      if (j < s.size() && s[j] == '^') {
        negated = true;
        ++j;
      }
      if (j < s.size() && s[j] == ']') ++j;
      for (; j < s.size() && s[j] != ']'; ++j) {
        if (s[j] == '[') followed = false;
        if (s[j] == '\\') {
          if (j + 1 < s.size() && (s[j + 1] == 'd' || s[j + 1] == 'w')) word = true;
          ++j;
          continue;
        }
        word |= std::isalnum(static_cast<unsigned char>(s[j])) != 0;
      }
      if (j >= s.size() || !followed) break;
      i = j;
      item(word && !negated ? kWord : kOther, 0);
    } else if (c == '(') {
      prev = kNone;
      if (i + 1 < s.size() && s[i + 1] == '?') {  // "(?:", "(?i)", "(?i:"
        size_t j = i + 2;
        while (j < s.size() && s[j] != ':' && s[j] != ')') ++j;
        i = j;
      }
    } else if (c == '|' || c == ' ') {
      prev = kNone;
    } else if (c == ')') {
      prev = kOther;  // what the group ends with is not followed
    } else if (c == '*' || c == '+' || c == '?') {
      // a quantifier: the item before it stays the one a next item touches
    } else if (c == '{') {
      while (i < s.size() && s[i] != '}') ++i;
    } else if (c == '^' || c == '$') {
      out.anchor = true;
      prev = kOther;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      item(kWord, 0);
    } else if (PartedSign(c)) {
      item(kSign, c);
    } else {
      item(kOther, 0);
    }
  }
  return out;
}

}  // namespace parley
