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

}  // namespace parley::cli
