#include "src/ingest/field_map.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

namespace parley {
namespace {

constexpr std::string_view kFieldNames[kFieldCount] = {
    "id",   "source", "author", "author_name", "thread",  "parent",    "created_at", "text",
    "lang", "rating", "likes",  "shares",      "replies", "followers", "views",
};

constexpr std::string_view kAuto = "auto";

struct ColumnDef {
  Field field;
  std::string_view column;  // empty ends a preset's list
};

constexpr uint32_t FieldMask(std::initializer_list<Field> fields) {
  uint32_t mask = 0;
  for (Field f : fields) mask |= 1u << static_cast<uint32_t>(f);
  return mask;
}

constexpr uint32_t kIdAuthorTimeText =
    FieldMask({Field::kId, Field::kAuthor, Field::kCreatedAt, Field::kText});

// A built-in export shape. `fit` has the fields whose columns must all be
// present for "auto" to choose this preset: enough to tell shapes apart
// without demanding optional columns.
struct PresetDef {
  std::string_view name;
  std::string_view default_source;
  ColumnDef columns[kFieldCount];
  uint32_t fit;
};

// Order matters: "auto" takes the first preset that fits, so specific shapes
// come before general ones.
const PresetDef kPresets[] = {
    {"tweets",
     "twitter",
     {{Field::kId, "tweet_id"},
      {Field::kAuthor, "name"},
      {Field::kText, "text"},
      {Field::kCreatedAt, "tweet_created"},
      {Field::kShares, "retweet_count"}},
     kIdAuthorTimeText},
    {"generic",
     "",
     {{Field::kId, "id"},
      {Field::kSource, "source"},
      {Field::kAuthor, "author"},
      {Field::kAuthorName, "author_name"},
      {Field::kThread, "thread"},
      {Field::kParent, "parent"},
      {Field::kCreatedAt, "created_at"},
      {Field::kText, "text"},
      {Field::kLang, "lang"},
      {Field::kRating, "rating"},
      {Field::kLikes, "likes"},
      {Field::kShares, "shares"},
      {Field::kReplies, "replies"},
      {Field::kFollowers, "followers"},
      {Field::kViews, "views"}},
     kIdAuthorTimeText},
    {"twitter-api",
     "twitter",
     {{Field::kId, "id_str|id"},
      {Field::kAuthor, "user.screen_name"},
      {Field::kAuthorName, "user.name"},
      {Field::kCreatedAt, "created_at"},
      // Streaming API tweets over 140 characters keep the full text nested.
      {Field::kText, "full_text|extended_tweet.full_text|text"},
      {Field::kParent, "in_reply_to_status_id_str"},
      {Field::kLang, "lang"},
      {Field::kShares, "retweet_count"},
      {Field::kLikes, "favorite_count"},
      {Field::kFollowers, "user.followers_count"}},
     kIdAuthorTimeText},
    {"reviews",
     "",
     {{Field::kId, "review_id|id"},
      {Field::kAuthor, "reviewer|author"},
      {Field::kCreatedAt, "date|created_at"},
      {Field::kText, "review_text|body|text"},
      {Field::kRating, "rating|stars"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText})},
    // Last, so "auto" takes it only when no shape with ids and times fits:
    // bare `text,label` files for training and one-off analysis. Its posts
    // are numbered by line and have no time, which the store refuses
    // (ReaderOptions::require_identity).
    {"text", "", {{Field::kText, "text"}}, FieldMask({Field::kText})},
};

std::string Join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string FieldNameList() {
  return Join(std::vector<std::string_view>(std::begin(kFieldNames), std::end(kFieldNames)),
              ", ");
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const PresetDef* FindPreset(std::string_view name) {
  for (const PresetDef& preset : kPresets) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

FieldMap MapFromPreset(const PresetDef& preset) {
  FieldMap map;
  map.preset = std::string(preset.name);
  map.default_source = std::string(preset.default_source);
  for (const ColumnDef& def : preset.columns) {
    if (def.column.empty()) break;
    map.column(def.field) = std::string(def.column);
  }
  return map;
}

Status ApplyOverrides(const std::vector<std::string>& overrides, FieldMap* map) {
  for (const std::string& text : overrides) {
    PARLEY_ASSIGN_OR_RETURN(auto field_column, ParseMapOverride(text));
    map->column(field_column.first) = std::move(field_column.second);
  }
  return Status::OK();
}

bool InFit(const PresetDef& preset, size_t field) { return (preset.fit >> field) & 1u; }

bool Fits(const PresetDef& preset, const FieldMap& map,
          const std::vector<std::string_view>& columns) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (InFit(preset, f) && !ColumnSpecPresent(map.columns[f], columns)) return false;
  }
  return true;
}

// A column name as an error message shows it: control bytes escaped (a
// header of binary bytes must not drive the terminal) and at most
// kMaxShownBytes of it, cut at a character boundary.
std::string ShownColumn(std::string_view column) {
  constexpr size_t kMaxShownBytes = 48;
  std::string out;
  size_t end = std::min(column.size(), kMaxShownBytes);
  auto continues = [&](size_t i) { return (static_cast<unsigned char>(column[i]) & 0xC0) == 0x80; };
  while (end < column.size() && end > 0 && continues(end)) --end;
  for (char c : column.substr(0, end)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      out += c;
      continue;
    }
    constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[u >> 4];
    out += kHex[u & 0xF];
  }
  if (end < column.size()) out += "...";
  return out;
}

std::string ShownColumns(const std::vector<std::string_view>& columns) {
  constexpr size_t kMaxShown = 40;
  if (columns.empty()) return "(none)";
  std::vector<std::string> shown;
  for (size_t i = 0; i < columns.size() && i < kMaxShown; ++i) {
    shown.push_back(ShownColumn(columns[i]));
  }
  std::vector<std::string_view> views(shown.begin(), shown.end());
  if (columns.size() <= kMaxShown) return Join(views, ", ");
  return Join(views, ", ") + ", ... (" + std::to_string(columns.size()) + " in all)";
}

// For "auto": a field the preset leaves unmapped takes the column named
// exactly as the field, so `likes` or `thread` beside a reviews shape, or
// `id` and `author` beside a bare text column, are not lost to `extra`. Not
// `source` for a platform's preset: a tweet's "source" is the app it was sent
// from.
void MapSameNamedColumns(const PresetDef& preset, const std::vector<std::string_view>& columns,
                         FieldMap* map) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (!map->columns[f].empty()) continue;
    if (static_cast<Field>(f) == Field::kSource && !preset.default_source.empty()) continue;
    for (std::string_view column : columns) {
      if (column == kFieldNames[f]) map->columns[f] = std::string(column);
    }
  }
}

// A --map for a required field that names no column would only show up as
// "no preset fits"; name it instead.
Status CheckRequiredOverrides(const std::vector<std::string>& overrides,
                              const std::vector<std::string_view>& columns) {
  for (const std::string& text : overrides) {
    PARLEY_ASSIGN_OR_RETURN(auto field_column, ParseMapOverride(text));
    const auto& [field, column] = field_column;
    if (!IsRequired(field) || ColumnSpecPresent(column, columns)) continue;
    return InvalidArgumentError("column '" + column + "' (for field " +
                                std::string(FieldName(field)) + ", from --map " + text +
                                ") not found; columns are: " + ShownColumns(columns));
  }
  return Status::OK();
}

// "tweets (tweet_id, name, tweet_created, text)", for the no-fit error.
std::string DescribeFit(const PresetDef& preset) {
  FieldMap map = MapFromPreset(preset);
  std::vector<std::string_view> needed;
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (InFit(preset, f)) needed.push_back(map.columns[f]);
  }
  return std::string(preset.name) + " (" + Join(needed, ", ") + ")";
}

}  // namespace

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view FieldName(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

StatusOr<Field> ParseFieldName(std::string_view name) {
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return InvalidArgumentError("unknown field '" + std::string(name) +
                              "'; fields are: " + FieldNameList());
}

bool IsRequired(Field f) {
  return f == Field::kId || f == Field::kCreatedAt || f == Field::kText;
}

std::vector<std::string_view> PresetNames() {
  std::vector<std::string_view> names = {kAuto};
  for (const PresetDef& preset : kPresets) names.push_back(preset.name);
  return names;
}

StatusOr<std::pair<Field, std::string>> ParseMapOverride(std::string_view text) {
  size_t eq = text.find('=');
  std::string_view name = TrimSpaces(text.substr(0, eq));
  if (eq == std::string_view::npos || name.empty()) {
    return InvalidArgumentError("bad --map '" + std::string(text) +
                                "': expected field=column; fields are: " + FieldNameList());
  }
  StatusOr<Field> field = ParseFieldName(name);
  if (!field.ok()) return field.status().WithContext("bad --map '" + std::string(text) + "'");
  std::string column(TrimSpaces(text.substr(eq + 1)));
  if (column.empty() && IsRequired(*field)) {
    return InvalidArgumentError("bad --map '" + std::string(text) + "': field " +
                                std::string(name) + " is required and cannot be unmapped");
  }
  return std::make_pair(*field, std::move(column));
}

bool ColumnSpecPresent(std::string_view spec, const std::vector<std::string_view>& columns) {
  while (!spec.empty()) {
    size_t bar = spec.find('|');
    std::string_view alt = spec.substr(0, bar);
    std::string_view head = alt.substr(0, alt.find('.'));
    for (std::string_view column : columns) {
      if (column == alt || column == head) return true;
    }
    if (bar == std::string_view::npos) break;
    spec.remove_prefix(bar + 1);
  }
  return false;
}

StatusOr<FieldMap> MakeFieldMap(std::string_view preset,
                                const std::vector<std::string>& overrides) {
  FieldMap map;
  if (preset.empty() || preset == kAuto) {
    map.preset = std::string(kAuto);
  } else if (const PresetDef* def = FindPreset(preset)) {
    map = MapFromPreset(*def);
  } else {
    return InvalidArgumentError("unknown preset '" + std::string(preset) +
                                "'; presets are: " + Join(PresetNames(), ", "));
  }
  // Applied to "auto" too, so that a bad --map fails before any input is read.
  PARLEY_RETURN_IF_ERROR(ApplyOverrides(overrides, &map));
  return map;
}

StatusOr<FieldMap> ResolveAutoPreset(const FieldMap& map,
                                     const std::vector<std::string>& overrides,
                                     const std::vector<std::string_view>& columns) {
  if (map.preset != kAuto) return map;
  // One column holding tabs: tab-separated data read as CSV (from stdin or a
  // name other than .tsv), which no preset or --map can fix.
  if (columns.size() == 1 && columns[0].find('\t') != std::string_view::npos) {
    return InvalidArgumentError(
        "the header " + ShownColumns(columns) +
        " is separated by tabs, not commas: read it with --input-format tsv");
  }
  PARLEY_RETURN_IF_ERROR(CheckRequiredOverrides(overrides, columns));
  std::vector<std::string> fits;
  for (const PresetDef& preset : kPresets) {
    FieldMap candidate = MapFromPreset(preset);
    // A platform's preset must be recognised by its own column names: the
    // user's --map making it fit (a Trustpilot file with id, author, time
    // and text mapped) says nothing about where the posts come from.
    const bool own_columns_only = !preset.default_source.empty();
    if (own_columns_only && !Fits(preset, candidate, columns)) {
      fits.push_back(DescribeFit(preset));
      continue;
    }
    MapSameNamedColumns(preset, columns, &candidate);
    PARLEY_RETURN_IF_ERROR(ApplyOverrides(overrides, &candidate));
    if (Fits(preset, candidate, columns)) return candidate;
    fits.push_back(DescribeFit(preset));
  }
  std::vector<std::string_view> fit_views(fits.begin(), fits.end());
  return InvalidArgumentError("no preset fits the columns " + ShownColumns(columns) +
                              "; presets need: " + Join(fit_views, "; ") +
                              "; choose one with --preset and adjust it with --map field=COLUMN");
}

}  // namespace parley
