#include "tools/parley/read_flags.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <thread>

#include "src/core/timestamp.h"
#include "src/ingest/field_map.h"
#include "src/ingest/input_file.h"
#include "src/ingest/record_reader.h"
#include "src/report/build_report.h"
#include "src/text/language.h"
#include "tools/parley/cli_util.h"

namespace parley::cli {

namespace {

// Standard streams and special files (/dev/null, a FIFO) may be shared by an
// input and an output; a plain file may not.
bool IsPlainPath(Env* env, const std::string& path) {
  return path != "-" && !env->IsSpecialFile(path);
}

}  // namespace

Status RefuseSameFile(Env* env, std::string_view flag, const std::string& path,
                      std::string_view other_flag, const std::string& other) {
  if (!IsPlainPath(env, path) || !IsPlainPath(env, other) || !env->SameFile(path, other)) {
    return Status::OK();
  }
  return InvalidArgumentError(fmt::format("{} '{}' is the same file as {} '{}': it would be "
                                          "overwritten while in use; give them different paths",
                                          flag, path, other_flag, other));
}

Status RefuseInputAsOutput(Env* env, std::string_view flag, const std::string& path,
                           const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    PARLEY_RETURN_IF_ERROR(RefuseSameFile(env, flag, path, "input", input));
  }
  return Status::OK();
}

int ReadFlags::DefaultThreads() {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::min<unsigned>(cores, kMaxThreads));
}

void TellGuessedColumns(std::string_view command, AnalyzeJob* job) {
  // Standard input's is told by the thread that reads the inputs, while the
  // run's progress line may be on a terminal: one write that clears that
  // line first, so the note has a line of its own (the next tick redraws
  // the progress below it).
  job->on_guessed_columns = [command = std::string(command)](
                                const std::string& input, const std::string& columns,
                                const std::string& time_format, uint64_t header_line) {
    std::string note;
    if (header_line > 1) {
      note += fmt::format(
          "parley {}: {}: header on line {}, the {} line{} above it skipped (a report's "
          "preamble)\n",
          command, DisplayName(input), header_line, header_line - 1, header_line == 2 ? "" : "s");
    }
    if (!columns.empty()) {
      note += fmt::format(
          "parley {}: {}: columns taken by their names: {} (--map FIELD=COLUMN to "
          "change)\n",
          command, DisplayName(input), columns);
    }
    if (!time_format.empty()) {
      note += fmt::format("parley {}: {}: times read as '{}' (--time-format LAYOUT to change)\n",
                          command, DisplayName(input), time_format);
    }
    fmt::print(stderr, "{}{}", StderrIsTerminal() ? "\r\033[K" : "", note);
  };
}

std::string RejectsPart(const std::string& rejects_path, const RunSummary& s) {
  if (s.rejected == 0) return "";
  // Text that is not UTF-8 (a spreadsheet's CSV in its system's code page)
  // fails only on the rows with accents: said even when others were read.
  const bool encoding =
      s.first_reject.line != 0 && s.first_reject.reason.find("UTF-8") != std::string::npos;
  if (!encoding && (s.accepted > 0 || s.first_reject.line == 0)) {
    return fmt::format(" (see {})", rejects_path);
  }
  return fmt::format(" (see {}; the first, line {} of {}: {}{})", rejects_path, s.first_reject.line,
                     DisplayName(s.first_reject.input), s.first_reject.reason,
                     encoding ? ": if the file is not UTF-8, name its encoding with --encoding "
                                "(Excel's CSV on Windows: windows-1252)"
                              : "");
}

void AddReadFlags(CLI::App* sub, ReadFlags* f) {
  sub->add_option("inputs", f->inputs,
                  "CSV, NDJSON, JSON array or Excel (.xlsx) files or folders, optionally "
                  ".gz/.zst; - for stdin")
      ->required();
  sub->add_option("--input-format", f->input_format,
                  "auto, csv, tsv (tab-separated), ndjson or json (an array)")
      ->capture_default_str();
  sub->add_option("--delimiter", f->delimiter,
                  "CSV delimiter: auto (the header's: comma, tab, semicolon or pipe), comma, "
                  "semicolon, tab or pipe")
      ->capture_default_str();
  sub->add_option("--encoding", f->encoding,
                  "The inputs' text encoding: auto (UTF-8, or UTF-16 by its byte order mark), or "
                  "one such as windows-1252 (Excel's CSV on Windows), latin1, utf-16, shift_jis")
      ->capture_default_str();
  sub->add_option("--sheet", f->sheet,
                  "The sheet of Excel (.xlsx) inputs to read, by its name (default: the first)");
  sub->add_option("--time-format", f->time_format,
                  "How created_at is written when it is not ISO-8601, RFC 2822, Twitter's or "
                  "epoch seconds, in strftime's directives: '%d/%m/%Y %H:%M' (day first), "
                  "'%m/%d/%Y %I:%M %p'; zone-less times are UTC unless --time-zone says");
  sub->add_option("--time-zone", f->time_zone,
                  "Where times that name no zone were written (a spreadsheet's, '2024-03-14 "
                  "14:05'): an IANA zone such as Europe/Paris or America/New_York, or an offset "
                  "such as +05:30; times with a zone or epoch seconds are as they say");
  sub->add_option("--preset", f->preset,
                  "Field map preset: auto, tweets, twitter-v2, generic, twitter-api, facebook, "
                  "youtube, brandwatch, meltwater, activity-streams, talkwalker, google-play, "
                  "app-store, trustpilot, reviews, text (a text column, as text, message, body...: "
                  "without a time column posts are numbered by line, with no time; not for "
                  "ingest)")
      ->capture_default_str();
  sub->add_option("--columns", f->columns,
                  "For CSV/TSV without a header row: its column names in order, comma-separated "
                  "(e.g. target,id,date,query,user,text); every row is then data");
  sub->add_option("--map", f->maps,
                  "Override a field's column: FIELD=COLUMN (e.g. text=body); repeatable");
  sub->add_option("--source", f->source,
                  "Source name for every post (default: preset or file name)");
  sub->add_option("--rejects", f->rejects, "Where malformed records go (created only if any)")
      ->capture_default_str();
  sub->add_option("-j,--threads", f->threads, "Worker threads, 1 to 256 (default: all cores)");
}

Status ParseReadingFlags(const std::string& input_format, const std::string& delimiter,
                         const std::string& time_format, std::string_view prefix,
                         ReaderOptions* reader) {
  auto flag = [&](std::string_view name) { return fmt::format("--{}{}", prefix, name); };
  auto named = [&](const Status& s, std::string_view name) {
    return prefix.empty() || s.ok() ? s : InvalidArgumentError(flag(name) + ": " + s.message());
  };
  StatusOr<InputFormat> format = ParseInputFormat(input_format);
  if (!format.ok()) return named(format.status(), "input-format");
  reader->format = *format;
  StatusOr<char> d = ParseDelimiter(delimiter);
  if (!d.ok()) return named(d.status(), "delimiter");
  reader->delimiter = *d;
  reader->time_layout = nullptr;
  if (!time_format.empty()) {
    StatusOr<TimeLayout> layout = TimeLayout::Parse(time_format);
    if (!layout.ok()) return named(layout.status(), "time-format");
    reader->time_layout = std::make_shared<const TimeLayout>(std::move(layout).value());
  }
  if (reader->delimiter != '\0' &&
      (reader->format == InputFormat::kNdjson || reader->format == InputFormat::kJson)) {
    return InvalidArgumentError(fmt::format("{} is for CSV input, not {} {}", flag("delimiter"),
                                            flag("input-format"), input_format));
  }
  if (reader->delimiter != '\0' && reader->delimiter != '\t' &&
      reader->format == InputFormat::kTsv) {
    return InvalidArgumentError(
        fmt::format("{0} tsv is tab-separated: for another delimiter use {0} csv {1} {2}",
                    flag("input-format"), flag("delimiter"), delimiter));
  }
  return Status::OK();
}

void AddValidationFlags(CLI::App* sub, ValidationFlags* f, const std::string& help) {
  CLI::Option* validation = sub->add_option("--validation", f->path, help);
  // Each says how --validation is read: alone, a mistake to say so.
  sub->add_option("--label-col,--label-column", f->label_column,
                  "The label column of --validation (default: the first of label, sentiment, "
                  "airline_sentiment, polarity, class)")
      ->needs(validation);
  sub->add_option("--validation-labels", f->labels,
                  "Map --validation's other label values: CLASS=VALUE[,VALUE...], e.g. "
                  "negative=1,2 (repeatable; as train's --labels)")
      ->needs(validation);
  sub->add_option("--validation-preset", f->preset, "Field map preset of --validation")
      ->capture_default_str()
      ->needs(validation);
  sub->add_option("--validation-map", f->maps,
                  "Override a field's column of --validation: FIELD=COLUMN (as --map); "
                  "repeatable")
      ->needs(validation);
  sub->add_option("--validation-delimiter", f->delimiter,
                  "CSV delimiter of --validation (as --delimiter)")
      ->capture_default_str()
      ->needs(validation);
  sub->add_option("--validation-time-format", f->time_format,
                  "How --validation's times are written (as --time-format)")
      ->needs(validation);
  sub->add_option("--validation-columns", f->columns,
                  "--validation's column names when it has no header row (as --columns)")
      ->needs(validation);
}

StatusOr<ReaderOptions> ValidationReader(const ValidationFlags& f) {
  ReaderOptions reader;
  PARLEY_RETURN_IF_ERROR(
      ParseReadingFlags("auto", f.delimiter, f.time_format, "validation-", &reader));
  PARLEY_ASSIGN_OR_RETURN(reader.field_map, MakeFieldMap(f.preset, f.maps, "validation-"));
  reader.map_overrides = f.maps;
  reader.require_identity = false;
  if (!f.columns.empty()) {
    PARLEY_ASSIGN_OR_RETURN(reader.columns, ParseColumnList(f.columns, "--validation-columns"));
  }
  return reader;
}

StatusOr<std::optional<ConfusionMatrix>> MeasureValidation(const ValidationFlags& f,
                                                           const Analyzer& analyzer,
                                                           std::string_view command) {
  if (f.path.empty()) return std::optional<ConfusionMatrix>();
  PARLEY_ASSIGN_OR_RETURN(ReaderOptions reader, ValidationReader(f));
  StatusOr<learn::LabelMap> labels = learn::LabelMap::FromSpecs(f.labels);
  if (!labels.ok())
    return InvalidArgumentError("--validation-labels: " + labels.status().message());
  ValidationRejects rejects;
  PARLEY_ASSIGN_OR_RETURN(ConfusionMatrix m,
                          MeasureConfusion(Env::Default(), f.path, reader, analyzer, f.label_column,
                                           &rejects, &*labels));
  if (rejects.count > 0) fmt::print(stderr, "parley {}: {}\n", command, rejects.Describe(f.path));
  return std::optional<ConfusionMatrix>(std::move(m));
}

StatusOr<std::shared_ptr<const TimeZone>> FindTimeZoneFlag(const std::string& zone) {
  if (zone.empty()) return std::shared_ptr<const TimeZone>();
  StatusOr<std::shared_ptr<const TimeZone>> found = TimeZone::Find(zone);
  if (!found.ok()) return InvalidArgumentError("--time-zone: " + found.status().message());
  return found;
}

StatusOr<int64_t> ParseTimeOnClock(const std::string& value, const TimeZone* zone) {
  PARLEY_ASSIGN_OR_RETURN(int64_t ms, ParseTimestamp(value));
  return OnClock(value, ms, zone);
}

std::optional<int64_t> TimeBeforeNow(std::string_view value) {
  const std::optional<int64_t> span = ParseDurationMs(value);
  if (!span) return std::nullopt;
  return WallClockMs() - *span;
}

StatusOr<int64_t> ParseTimeFlag(std::string_view flag, const std::string& value,
                                const TimeZone* zone, bool* relative) {
  const std::optional<int64_t> before_now = TimeBeforeNow(value);
  if (relative != nullptr) *relative = before_now.has_value();
  if (before_now) return *before_now;
  StatusOr<int64_t> t = ParseTimeOnClock(value, zone);
  if (t.ok()) return t;
  return InvalidArgumentError(fmt::format(
      "{} '{}' is neither an ISO-8601 time (2026-03-01, 2026-03-01T09:00:00Z) nor a duration "
      "before now (90d, 12h, 30m, 2w)",
      flag, value));
}

Status ApplyTimeZone(const std::string& zone, ReaderOptions* reader) {
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const TimeZone> found, FindTimeZoneFlag(zone));
  if (found == nullptr) return Status::OK();
  const TimeLayout& layout =
      reader->time_layout != nullptr ? *reader->time_layout : TimeLayout::UsualForms();
  reader->time_layout = std::make_shared<const TimeLayout>(layout.WithZone(std::move(found)));
  return Status::OK();
}

Status FillJob(Env* env, const ReadFlags& f, AnalyzeJob* job) {
  PARLEY_ASSIGN_OR_RETURN(job->inputs, ExpandInputs(env, f.inputs));
  if (job->inputs.empty()) {
    return InvalidArgumentError(
        "no .csv, .tsv, .ndjson, .jsonl, .json or .xlsx files (plain, .gz "
        "or .zst) found in the given folders");
  }
  PARLEY_RETURN_IF_ERROR(
      ParseReadingFlags(f.input_format, f.delimiter, f.time_format, "", &job->reader));
  PARLEY_RETURN_IF_ERROR(ApplyTimeZone(f.time_zone, &job->reader));
  StatusOr<std::string> encoding = CanonicalEncoding(f.encoding);
  if (!encoding.ok()) return InvalidArgumentError("--encoding: " + encoding.status().message());
  job->reader.encoding = *std::move(encoding);
  job->reader.sheet = f.sheet;
  PARLEY_ASSIGN_OR_RETURN(job->reader.field_map, MakeFieldMap(f.preset, f.maps));
  job->reader.map_overrides = f.maps;
  if (!f.columns.empty()) {
    PARLEY_ASSIGN_OR_RETURN(job->reader.columns, ParseColumnList(f.columns));
  }
  job->reader.source = f.source;
  job->rejects_path = f.rejects;
  PARLEY_RETURN_IF_ERROR(RefuseInputAsOutput(env, "--rejects", f.rejects, job->inputs));
  if (f.threads < 1 || f.threads > ReadFlags::kMaxThreads) {
    return InvalidArgumentError(
        fmt::format("--threads must be 1 to {}, not {}", ReadFlags::kMaxThreads, f.threads));
  }
  job->threads = f.threads;
  return Status::OK();
}

void AddModelFlags(CLI::App* sub, ModelFlags* f) {
  sub->add_option("--model", f->analyzer.model,
                  "Sentiment model: lexicon, or a model file (.plm) written by parley train")
      ->capture_default_str();
  sub->add_option("--abstain", f->analyzer.abstain,
                  "Label a post 'uncertain' when its top probability is below P (needs a "
                  ".plm model)");
  sub->add_option("--lexicon", f->analyzer.lexicon_path,
                  "VADER lexicon file (default: the installed vader_lexicon.txt)");
  sub->add_option("--positive-threshold", f->analyzer.positive_threshold,
                  "Lowest score labelled positive")
      ->capture_default_str();
  sub->add_option("--negative-threshold", f->analyzer.negative_threshold,
                  "Highest score labelled negative")
      ->capture_default_str();
  sub->add_option("--taxonomy", f->analyzer.taxonomy_path,
                  "Taxonomy file (TOML or YAML): adds brands, topics, intents, aspects and prices");
  sub->add_option("--match-engine", f->analyzer.match_engine,
                  "Taxonomy pattern engine: auto, hyperscan or re2 (same results)")
      ->capture_default_str();
  sub->add_flag("--no-emoji", f->no_emoji,
                "Ignore emoji when scoring (the npm vader-sentiment package's behaviour)");
}

void AddLanguageFlag(CLI::App* sub, ModelFlags* f, bool filter) {
  sub->add_flag("--detect-language", f->analyzer.detect_language,
                "Tag each post with its language: the source's lang column where it has one "
                "(kept without this flag too), else detected from the text (CLD2; several "
                "times slower)");
  if (filter) {
    sub->add_option("--languages", f->languages,
                    "Keep only the posts in these languages (ISO 639 codes, comma-separated, "
                    "e.g. en or en,und; und: not known); the others are counted as skipped. "
                    "Implies --detect-language")
        ->check([](const std::string& v) {
          return v.empty() ? std::string("give at least one language code, e.g. en")
                           : std::string();
        });
  }
}

StatusOr<std::vector<std::string>> KeptLanguages(const ModelFlags& f) {
  if (f.languages.empty()) return std::vector<std::string>();
  StatusOr<std::vector<std::string>> codes = ParseLanguageList(f.languages);
  if (!codes.ok()) return InvalidArgumentError("--languages: " + codes.status().message());
  return codes;
}

std::string SkippedPart(const AnalyzeJob& job, const RunSummary& s) {
  if (job.languages.empty()) return "";
  return fmt::format(" + {} skipped (in other languages than {})", WithThousands(s.skipped),
                     JoinLanguageList(job.languages));
}

StatusOr<std::unique_ptr<Analyzer>> CreateAnalyzer(const ModelFlags& f) {
  AnalyzerOptions options = f.analyzer;
  options.emoji = !f.no_emoji;
  options.detect_language |= !f.languages.empty();
  return Analyzer::Create(options);
}

}  // namespace parley::cli
