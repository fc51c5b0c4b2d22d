// The command line shared by the two executables: `parley`, which runs the
// commands that read and analyse conversation, and `parley-ext`, which runs
// the ones that link the network and graph libraries. `parley` hands those to
// `parley-ext` (beside it) by exec, so a user sees one tool, and the commands
// users time (`parley analyze`, `parley ingest`) start without loading
// cpp-httplib's OpenSSL and Brotli or igraph's ARPACK, LAPACK and gfortran:
// 11 ms of an empty `parley analyze`'s 35 on the development VM
// (bench/README.md, 2026-12-02 start22).
#ifndef PARLEY_TOOLS_PARLEY_COMMAND_LINE_H_
#define PARLEY_TOOLS_PARLEY_COMMAND_LINE_H_

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <string_view>

#include "tools/parley/commands.h"

namespace parley::cli {

// A subcommand this executable runs itself.
struct CommandEntry {
  std::string_view name;
  Command (*add)(CLI::App&);
};

// The one-line description both executables' help shows for the ext command
// `name` (for its add_subcommand call). The ext commands, listed in
// command_line.cc in `parley --help` order: report, posts and terms (the
// HTTP API's queries and key terms, in parley_serve and parley_change),
// alerts (cpp-httplib for its webhooks), the people commands (igraph for
// influence) and serve (all of them).
const char* ExtCommandDescription(std::string_view name);

// The file name of the second executable.
inline constexpr std::string_view kExtProgram = "parley-ext";

// What to say of a first argument `word` that names none of `commands`:
// "unknown command 'anlyze'; did you mean 'analyze'?" when one is within two
// edits (one for a word of four letters or fewer), else the list of them.
// Control bytes in `word` are shown as '?' and a long one is cut short.
std::string UnknownCommandMessage(std::string_view word,
                                  std::span<const std::string_view> commands);

// Parses argv and runs the one subcommand it names; returns the exit code.
// `commands` are this executable's own, in help order. When `delegate` is true
// (in `parley`), a first argument naming an ext command execs `parley-ext`
// from this executable's directory with the same arguments, and help lists
// the ext commands after the own ones.
int RunCommandLine(int argc, char** argv, std::span<const CommandEntry> commands, bool delegate);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_COMMAND_LINE_H_
