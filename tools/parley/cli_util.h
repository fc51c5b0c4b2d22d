// Conventions shared by parley's subcommands: exit codes, one-line errors,
// progress on a terminal only.
#ifndef PARLEY_TOOLS_PARLEY_CLI_UTIL_H_
#define PARLEY_TOOLS_PARLEY_CLI_UTIL_H_

#include <string>
#include <string_view>

#include "parley/status.h"

namespace parley::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the run failed (I/O, resources)
inline constexpr int kExitUsage = 2;    // bad flags or input: fix and re-run

// Prints "parley <command>: error: <message>" on stderr and returns the exit
// code for `status`: 2 for problems the user can fix in flags or input
// (missing file, unknown preset or column, corrupt input or model), else 1.
int ReportError(std::string_view command, const Status& status);

// True when standard error is a terminal (progress is shown only then).
bool StderrIsTerminal();

// "1,234,567".
std::string WithThousands(uint64_t n);
// `word` as one word of a POSIX shell command: as it is when it holds only
// characters no shell treats specially, else in single quotes.
std::string ShellWord(std::string_view word);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_CLI_UTIL_H_
