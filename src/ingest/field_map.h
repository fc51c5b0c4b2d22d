// Field maps: how an export's columns become the post model.
//
// A preset names the columns of a common export shape; `--map field=column`
// overrides any field. A column name may list alternatives separated by '|'
// (the first present one wins), and for NDJSON may be a dotted path into
// nested objects ("user.screen_name").
#ifndef PARLEY_INGEST_FIELD_MAP_H_
#define PARLEY_INGEST_FIELD_MAP_H_

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/status.h"

namespace parley {

enum class Field {
  kId, kSource, kAuthor, kAuthorName, kThread, kParent, kCreatedAt, kText, kLang, kRating,
  kLikes, kShares, kReplies, kFollowers, kViews,
};
inline constexpr size_t kFieldCount = 15;

// "id", "created_at", ... as used in `--map` and in output.
std::string_view FieldName(Field f);
// Parses a field name; InvalidArgument listing valid names otherwise.
StatusOr<Field> ParseFieldName(std::string_view name);
// Fields every record must have: id, created_at and text. Only the "text"
// preset leaves id and created_at unmapped, for readers that allow it
// (ReaderOptions::require_identity); no override can unmap them.
bool IsRequired(Field f);

struct FieldMap {
  std::string preset;  // the preset this map came from ("tweets", "generic", ...)
  // Column spec per field ("tweet_id", "full_text|text", "user.screen_name");
  // empty means the field is not mapped.
  std::array<std::string, kFieldCount> columns;
  // Value of Post::source when no column gives it ("twitter"); empty means
  // "use the input's file stem" (or "stdin").
  std::string default_source;
  // Set by ResolveAutoPreset(): the fields whose column "auto" found by
  // another case or spelling or by a name exports use, not by the preset's
  // own names or a --map, with that column ("author" -> "User"), in field
  // order. A run says so (GuessedColumnsNote()): they are guesses.
  std::vector<std::pair<Field, std::string>> guessed;
  // The prefix of the flags that say how this map's file is read, when not
  // an input's: "sample-" (taxonomy check --sample), "validation-". What
  // the map and the readers say to fix names those flags (MapFlag()).
  std::string flag_prefix;

  const std::string& column(Field f) const { return columns[static_cast<size_t>(f)]; }
  std::string& column(Field f) { return columns[static_cast<size_t>(f)]; }
};

// Removes `columns` from the specs of `map`'s optional fields (an
// alternative that names one of them; a field left with none is
// unmapped), so that their values stay in a post's extra. Required fields
// (id, created_at, text) keep theirs.
void LeaveColumnsUnmapped(const std::vector<std::string>& columns, FieldMap* map);

// Names of the built-in presets, plus "auto" (choose from the header/keys).
std::vector<std::string_view> PresetNames();

// The flag that sets `name` ("map", "preset", "columns") for the file
// `map` reads: "--map", or with its flag_prefix "--sample-map".
std::string MapFlag(const FieldMap& map, std::string_view name);
// How to have the file `map` reads taken as `format` ("tsv", "ndjson",
// "json"): "--input-format tsv", or for a file read with prefixed flags
// (which have no format of their own) "a .tsv name".
std::string FormatHint(const FieldMap& map, std::string_view format);

// Parses one "field=column" override. An empty column unmaps an optional
// field. Bad syntax, unknown fields and unmapping a required field are
// InvalidArgument errors that list the valid field names, under the name of
// the flag that gave it (`flag`).
StatusOr<std::pair<Field, std::string>> ParseMapOverride(std::string_view text,
                                                         std::string_view flag = "--map");

// Whether `spec` ("a|b", "user.screen_name") names a column among `columns`:
// some alternative equals a column, or its first dotted component does (so
// the NDJSON key "user" satisfies "user.screen_name").
bool ColumnSpecPresent(std::string_view spec, const std::vector<std::string_view>& columns);

// A text joined from several columns: `--map text=title+body` (a review's
// title and body, a ticket's subject and description, a Reddit
// submission's title and selftext). JoinedTextParts() gives the spec's
// columns (2 to kMaxJoinedTextParts, spaces around each trimmed), or none
// when it has no '+' or names alternatives ('|'). A column named with the
// '+' itself is taken as it is. JoinTextParts() writes one post's text: the
// values that are not blank, in order, each that does not end with '.',
// '!' or '?' given a '.' (a title is a sentence of its own: the text's
// clauses and aspects stop there), a line break between.
inline constexpr size_t kMaxJoinedTextParts = 4;
std::vector<std::string_view> JoinedTextParts(std::string_view spec);
void JoinTextParts(const std::vector<std::string_view>& values, std::string* out);

// A time written in two columns, a date's and a time of day's, as
// spreadsheets and some exports write it: `--map created_at=Date+Time`.
// JoinedTimeParts() gives the spec's two columns (trimmed), or none when it
// is no such join. JoinTimeParts() writes one post's time: the two values
// trimmed, a space between (the date alone when the time is blank), read
// as one value (by the usual forms, a --time-format or a guessed layout).
std::vector<std::string_view> JoinedTimeParts(std::string_view spec);
void JoinTimeParts(std::string_view date, std::string_view time, std::string* out);
// The column that holds the time of day beside a date's column named
// `date`, when a column of `columns` is named as the date's with its word
// "date" as "time" (Date and Time, "Post Date" and "Post Time",
// date_utc and time_utc; compared as FoldColumnName() folds them); empty
// when none is. DateColumnBeside() is the other way round: the date's
// column beside a time's ("Created Date" beside "Created Time").
std::string_view TimeColumnBeside(std::string_view date, const std::vector<std::string>& columns);
std::string_view DateColumnBeside(std::string_view time, const std::vector<std::string>& columns);
// The date's and the time of day's columns, in that order, when `name` is
// a date's with a time's named alike among `columns` (TimeColumnBeside())
// or a time's with a date's (DateColumnBeside()); both empty when neither.
std::pair<std::string_view, std::string_view> DateAndTimeColumns(
    std::string_view name, const std::vector<std::string>& columns);
// The first alternative of `spec` ("Date|created_at") that is one of
// `columns`, as written there; empty when none is.
std::string_view PresentColumnOf(std::string_view spec,
                                 const std::vector<std::string_view>& columns);
// Maps created_at to the date's and the time's columns joined
// ("Date+Time"), said among the map's guesses (FieldMap::guessed).
void MapJoinedTimeParts(std::string_view date, std::string_view time, FieldMap* map);

// A column name as "auto" compares it with the names it knows: ASCII
// letters lower-cased, a camelCase word split ("createdAt" ->
// "created_at"), spaces and '-' as '_', trimmed ("Created At" ->
// "created_at").
std::string FoldColumnName(std::string_view name);

// How a run names `map.guessed`: "id=ID, author=User, text=Message"; empty
// when there are none.
std::string GuessedColumnsNote(const FieldMap& map);

// --columns' list, the names of a header-less CSV's columns in order
// ("target,id,date,query,user,text"): each trimmed of spaces. An empty
// list or name, or a name given twice, is InvalidArgument saying which,
// under the name of the flag that gave the list (`flag`).
StatusOr<std::vector<std::string>> ParseColumnList(std::string_view list,
                                                   std::string_view flag = "--columns");

// Builds a map from a preset name and "field=column" overrides. Unknown preset
// or field names are InvalidArgument errors that list the valid names.
// "auto" (or "") yields an unresolved map: call ResolveAutoPreset once columns
// are known. `flag_prefix`: FieldMap::flag_prefix, for a file that is not an
// input (its errors then name --sample-map, --sample-preset...).
StatusOr<FieldMap> MakeFieldMap(std::string_view preset, const std::vector<std::string>& overrides,
                                std::string_view flag_prefix = "");

// For an "auto" map: picks the first preset whose required columns all appear
// in `columns` (CSV header names or top-level NDJSON keys) once the overrides
// are applied; a preset with a platform's source (tweets, twitter-api) must
// fit by its own column names, without them. Column names compare in any
// case and spelling ("Created At", "createdAt": created_at), and the map
// names them as the input does. Fields the preset does not need and finds
// no column for take a column named as the field, else one of the names
// exports use for it ("date", "username", "like_count"; `source` never,
// and not for those presets); the overrides come last. Non-auto maps are
// returned unchanged.
// `nested`: the columns are the keys of JSON objects, so that a key "user"
// holds the path "user.screen_name"; a CSV header's "user" does not (only
// a column named "user.screen_name" does).
StatusOr<FieldMap> ResolveAutoPreset(const FieldMap& map, const std::vector<std::string>& overrides,
                                     const std::vector<std::string_view>& columns,
                                     bool nested = true);

}  // namespace parley

#endif  // PARLEY_INGEST_FIELD_MAP_H_
