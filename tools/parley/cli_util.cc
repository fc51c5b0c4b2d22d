#include "tools/parley/cli_util.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace parley::cli {

int ReportError(std::string_view command, const Status& status) {
  fmt::print(stderr, "parley {}: error: {}\n", command, status.message());
  switch (status.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kInternal:
      return kExitFailure;
    default:
      return kExitUsage;
  }
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string ShellWord(std::string_view word) {
  constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,:/@+=%";
  if (!word.empty() && word.find_first_not_of(kPlain) == std::string_view::npos) {
    return std::string(word);
  }
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace parley::cli
