// Running the parley binary in end-to-end tests.
#ifndef PARLEY_TESTS_TESTUTIL_CLI_H_
#define PARLEY_TESTS_TESTUTIL_CLI_H_

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testutil/files.h"
#include "tests/testutil/paths.h"

namespace parley::testing {

struct CliResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out, err;
};

// The binary of the build this test belongs to.
inline std::filesystem::path ParleyBinary() {
  return std::filesystem::path(BuildDir()) / "bin" / "parley";
}

// Runs `parley ARGS` through the shell in the working directory (tests run
// from the repository root), with standard input from `stdin_file`; its
// stdout and stderr pass through files in `scratch_dir`.
inline CliResult RunParley(const std::string& args, const std::filesystem::path& scratch_dir,
                           const std::string& stdin_file = "/dev/null") {
  std::filesystem::path out = scratch_dir / "stdout", err = scratch_dir / "stderr";
  std::string cmd = ParleyBinary().string() + " " + args + " < " + stdin_file + " > " +
                    out.string() + " 2> " + err.string();
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

// `n` posts of `parley synth --seed seed --days 6` in `dir` (as c.csv: their
// source is "c"), analyzed with the demo taxonomy (the records `parley
// analyze` wrote: the result) and ingested into the store `db`. An empty result when a step failed
// (its error in *err).
inline std::string SynthAnalyzeIngest(const std::filesystem::path& dir, int n, int seed,
                                      const std::string& db, std::string* err) {
  const std::string csv = (dir / "c.csv").string();
  std::string analyzed;
  for (const std::string& args :
       {"synth -q -n " + std::to_string(n) + " --seed " + std::to_string(seed) + " --days 6 -o " +
            csv,
        "analyze -q --taxonomy data/taxonomy/demo.toml " + csv,
        "ingest -q --taxonomy data/taxonomy/demo.toml --db " + db + " " + csv}) {
    CliResult r = RunParley(args, dir);
    if (r.exit_code != 0) {
      *err = args + ": " + r.err;
      return "";
    }
    if (args.starts_with("analyze")) analyzed = std::move(r.out);
  }
  return analyzed;
}

inline int CountLines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// The lines of `s` that are not empty, each without a trailing '\r'.
inline std::vector<std::string> NonEmptyLines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The cells of a CSV row none of whose cells is quoted, split at its commas
// (an empty row is one empty cell).
inline std::vector<std::string> CommaCells(const std::string& row) {
  std::vector<std::string> cells;
  for (size_t at = 0, end; at <= row.size(); at = end + 1) {
    end = row.find(',', at);
    if (end == std::string::npos) end = row.size();
    cells.push_back(row.substr(at, end - at));
  }
  return cells;
}

// The value of the first string member `"key":"..."` of an NDJSON record
// (enough for source, id, author, created_at, label), or "" when absent.
inline std::string JsonStringMember(const std::string& line, const std::string& key) {
  const std::string open = "\"" + key + "\":\"";
  size_t at = line.find(open);
  if (at == std::string::npos) return "";
  at += open.size();
  return line.substr(at, line.find('"', at) - at);
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_CLI_H_
