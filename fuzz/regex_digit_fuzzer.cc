// libFuzzer target for RegexNeedsDigit() (matcher.h), the tagger's reading
// of a pattern's syntax. On any bytes it must return; and when it says every
// match of the pattern holds an ASCII digit, RE2 (with the options the
// matcher compiles patterns with) must find no match in texts without one:
// the input itself with its digits taken out or turned into letters, and a
// few plain texts.
//
//   regex_digit_fuzzer fuzz/corpus/regex_digit_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "re2/re2.h"
#include "src/taxonomy/matcher.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "regex digit invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view pattern(reinterpret_cast<const char*>(data), size);
  if (!parley::RegexNeedsDigit(pattern)) return 0;
  RE2::Options options;  // as re2_matcher.cc compiles them
  options.set_case_sensitive(false);
  options.set_longest_match(true);
  options.set_log_errors(false);
  const RE2 re(pattern, options);
  if (!re.ok()) return 0;
  std::string without, as_letters;
  for (char c : pattern) {
    if (c >= '0' && c <= '9') {
      as_letters += 'a';
    } else {
      without += c;
      as_letters += c;
    }
  }
  for (std::string_view text : {std::string_view(without), std::string_view(as_letters),
                                std::string_view(""), std::string_view(" "),
                                std::string_view("abc def ghi"),
                                std::string_view("\xD9\xA4 \xEF\xBC\x91")}) {
    Require(!RE2::PartialMatch(text, re), "a pattern said to need a digit matched a text without one");
  }
  return 0;
}
