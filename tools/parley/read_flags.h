// Flags shared by the subcommands that read and analyze posts (analyze,
// ingest): inputs and field maps, then the model. Registering them in one
// place keeps the commands' spelling, defaults and help identical; a new
// reading or model flag (e.g. --taxonomy) added here reaches both.
#ifndef PARLEY_TOOLS_PARLEY_READ_FLAGS_H_
#define PARLEY_TOOLS_PARLEY_READ_FLAGS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "parley/options.h"
#include "src/analyze/lexicon.h"
#include "src/analyze/pipeline.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"
#include "src/metrics/quantification.h"
#include "src/text/vader.h"

namespace parley::cli {

struct ReadFlags {
  std::vector<std::string> inputs;
  std::string input_format = "auto";
  std::string delimiter = "auto";
  std::string encoding = "auto";
  std::string sheet;  // --sheet: an Excel workbook's sheet
  std::string time_format;
  std::string time_zone;  // --time-zone: where zone-less times were written
  std::string preset = "auto";
  std::string columns;  // --columns: a header-less CSV's column names
  std::vector<std::string> maps;
  std::string source;
  std::string rejects = "parley-rejects.ndjson";
  int threads = DefaultThreads();

  // More threads than this is a typo or a misunderstanding (every worker
  // keeps two batches in flight); `serve --threads` has the same bound.
  static constexpr int kMaxThreads = 256;

  static int DefaultThreads();
};

// Makes the run say on stderr which columns of each input "auto" took by
// another case or spelling or by a name exports use: "parley analyze:
// forum.csv: read by column names, not a preset's: author=User, ...".
// For commands that print their summary (not with -q).
void TellGuessedColumns(std::string_view command, AnalyzeJob* job);

// The rejects part of a run's summary line: " (see REJECTS)" when records
// were rejected, and when none was accepted, what the first one says, as
// the run is then likely read the wrong way: " (see r.ndjson; the first,
// line 2 of x.csv: bad created_at ...)"; that too when the first is
// invalid UTF-8, with how to name the file's encoding (a file in another
// fails only on its rows with accents). Empty without rejects.
std::string RejectsPart(const std::string& rejects_path, const RunSummary& summary);

// Registers IN... (required), --input-format, --delimiter, --encoding, --sheet, --time-format,
// --time-zone, --preset, --columns, --map, --source, --rejects and -j/--threads on `sub`.
void AddReadFlags(CLI::App* sub, ReadFlags* flags);
// Fills the job's inputs (folders expanded), reader options, rejects path and
// threads. Errors are the user's to fix (exit 2).
Status FillJob(Env* env, const ReadFlags& flags, AnalyzeJob* job);

// How the reading flags that say how a file is written (--input-format,
// --delimiter, --time-format, and `prefix` before each for another file's:
// "validation-") fill `reader`: the format, the delimiter and the time
// layout, or InvalidArgument naming the flag that is wrong.
Status ParseReadingFlags(const std::string& input_format, const std::string& delimiter,
                         const std::string& time_format, std::string_view prefix,
                         ReaderOptions* reader);

// --time-zone's value (empty: none) into `reader`: times that name no zone
// are read as in it (TimeLayout::WithZone()), by the layout --time-format
// gave, the one guessed, or ParseTimestamp()'s forms
// (TimeLayout::UsualForms()). InvalidArgument naming the flag for a zone
// ICU does not know.
Status ApplyTimeZone(const std::string& zone, ReaderOptions* reader);
// The zone a --time-zone flag names (null when it is empty), or the error
// that says what names look like.
StatusOr<std::shared_ptr<const TimeZone>> FindTimeZoneFlag(const std::string& zone);
// A time flag's value (--since, --until), as ParseTimestamp() reads it; one
// that names no zone ("2024-03-01") is on `zone`'s clock when one is given.
StatusOr<int64_t> ParseTimeOnClock(const std::string& value, const TimeZone* zone);
// The same, or a duration before now, as scheduled jobs give one: digits
// then s, m (minutes), h, d or w ("90d": ninety days before the run's
// clock; `relative`, when not null, says it was one). An error names the
// flag and both forms.
StatusOr<int64_t> ParseTimeFlag(std::string_view flag, const std::string& value,
                                const TimeZone* zone, bool* relative = nullptr);
// The instant such a duration names (that long before the wall clock), or
// nullopt when `value` is not one.
std::optional<int64_t> TimeBeforeNow(std::string_view value);

// A labeled file that measures the model's confusion (report and alerts
// correct sentiment shares with it): its path, label column, and how it is
// written, as for an input.
struct ValidationFlags {
  std::string path;
  std::string label_column;  // empty: the first of the usual names (learn::kLabelColumns)
  std::string preset = "auto";
  std::string delimiter = "auto";
  std::string time_format;
  std::string columns;  // a header-less CSV's column names (--validation-columns)
  std::vector<std::string> maps;  // FIELD=COLUMN overrides (--validation-map)
  std::vector<std::string> labels;  // CLASS=VALUE,... (--validation-labels, as --labels)
};
// Registers --validation (helped by `help`), --label-col (or
// --label-column), --validation-labels, --validation-preset, --validation-map,
// --validation-delimiter, --validation-columns and --validation-time-format on `sub`.
void AddValidationFlags(CLI::App* sub, ValidationFlags* flags, const std::string& help);
// The reader options of the validation file, or InvalidArgument. Like
// analyze's, its posts need no id or time: only a text and a label.
StatusOr<ReaderOptions> ValidationReader(const ValidationFlags& flags);
// The model's confusion on the --validation file (none without one), its
// posts scored by `analyzer`, which must be the model the counted posts
// were scored with. Records that do not decode are left out, and then
// "parley COMMAND: 3 records of 'v.csv' could not be read..." goes to stderr.
StatusOr<std::optional<ConfusionMatrix>> MeasureValidation(const ValidationFlags& flags,
                                                           const Analyzer& analyzer,
                                                           std::string_view command);

// InvalidArgument naming both flags when `path` (given as `flag`) and `other`
// are one plain file (device and inode, or the same normalized path): an
// output there would truncate the other while it is read or written.
Status RefuseSameFile(Env* env, std::string_view flag, const std::string& path,
                      std::string_view other_flag, const std::string& other);
// RefuseSameFile against each of `inputs` (named "input").
Status RefuseInputAsOutput(Env* env, std::string_view flag, const std::string& path,
                           const std::vector<std::string>& inputs);

struct ModelFlags {
  AnalyzerOptions analyzer;
  bool no_emoji = false;
  std::string languages;  // --languages, as given ("" keeps every post)
};

// Registers --model, --abstain, --lexicon, --positive-threshold, --negative-threshold
// and --no-emoji on `sub`.
void AddModelFlags(CLI::App* sub, ModelFlags* flags);
// Registers --detect-language (AnalyzerOptions::detect_language), for the
// commands that analyze posts for output or the store; with `filter` (the
// commands that run the pipeline: analyze, ingest) also --languages LIST,
// which keeps only the posts in those languages (AnalyzeJob::languages) and
// detects them.
void AddLanguageFlag(CLI::App* sub, ModelFlags* flags, bool filter = false);
// --languages as AnalyzeJob::languages (ParseLanguageList(); empty without
// the flag), or InvalidArgument naming the flag.
StatusOr<std::vector<std::string>> KeptLanguages(const ModelFlags& flags);
// For the run summary: " + 30 skipped (in other languages than en,und)"
// when --languages was given, else "".
std::string SkippedPart(const AnalyzeJob& job, const RunSummary& summary);
StatusOr<std::unique_ptr<Analyzer>> CreateAnalyzer(const ModelFlags& flags);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_READ_FLAGS_H_
