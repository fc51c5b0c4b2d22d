#include "src/learn/labeled_data.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>

#include "src/core/ascii.h"

namespace parley::learn {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int> ClassNamed(std::string_view name) {
  const std::string n = AsciiLower(name);
  if (n == "negative" || n == "neg") return 0;
  if (n == "neutral" || n == "neu") return 1;
  if (n == "positive" || n == "pos") return 2;
  return std::nullopt;
}

const std::string* FindExtra(const Post& post, const std::string& column) {
  for (const auto& [name, value] : post.extra) {
    if (name == column) return &value;
  }
  return nullptr;
}

Status NoColumn(const std::string& path, const std::string& column) {
  if (column.empty()) {
    return InvalidArgumentError("'" + path +
                                "' has no label column (looked for label, "
                                "sentiment, airline_sentiment, polarity, class, in any case): "
                                "name it with --label-col");
  }
  return InvalidArgumentError("'" + path + "' has no column '" + column +
                              "' (unmapped columns are searched): name it with --label-col");
}

// Reads one file's labeled posts into `set`. The label column is the one
// named (or found in an earlier file), else the first of kLabelColumns the
// file has. A CSV header says which columns every record has (an empty
// cell is not in Post::extra); NDJSON records name their own keys, so a
// column is the file's when any record has it, which is known only once
// the file is read: until then each post keeps its candidate values.
Status ReadFile(Env* env, const std::string& path, const ReaderOptions& reader,
                const LabelMap& labels, LabeledSet* set) {
  // A label column named outright stays a label even where the map would
  // read it as a field (a review's "rating", for star labels).
  ReaderOptions options = reader;
  if (!set->label_column.empty()) options.keep_columns.push_back(set->label_column);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> records,
                          OpenRecordReader(env, path, options));
  std::vector<std::string> candidates;
  if (!set->label_column.empty()) {
    candidates.push_back(set->label_column);
  } else {
    candidates.assign(std::begin(kLabelColumns), std::end(kLabelColumns));
  }
  std::vector<bool> present(candidates.size(), false);
  if (const std::vector<std::string>* declared = records->ExtraColumns()) {
    const std::string found = FindLabelColumn(*declared, set->label_column);
    if (found.empty()) return NoColumn(path, set->label_column);
    candidates = {found};
    present = {true};
  }
  struct Row {
    std::string text;
    std::vector<std::string> values;  // by candidate; empty when the post has none
  };
  std::vector<Row> rows;
  PARLEY_RETURN_IF_ERROR(ForEachPost(
      records.get(),
      [&](const Post& post) -> Status {
        Row& row = rows.emplace_back(Row{post.text, std::vector<std::string>(candidates.size())});
        for (size_t c = 0; c < candidates.size(); ++c) {
          if (const std::string* value = FindExtra(post, candidates[c])) {
            row.values[c] = *value;
            present[c] = true;
          }
        }
        return Status::OK();
      },
      [&](const RejectedRecord&) { ++set->rejected; }));
  const size_t column = std::find(present.begin(), present.end(), true) - present.begin();
  if (column == candidates.size()) {
    // An empty CSV (no header) declares nothing, and has no rows to label.
    if (rows.empty()) return Status::OK();
    return NoColumn(path, set->label_column);
  }
  set->label_column = candidates[column];
  for (Row& row : rows) {
    const std::string& value = row.values[column];
    if (Trim(value).empty()) {
      ++set->empty_labels;
      continue;
    }
    std::optional<int> label = labels.Find(value);
    if (!label) {
      ++set->other_labels;
      const std::string other = LabelMap::Normal(value);
      if (set->other_values.size() < LabeledSet::kOtherValuesKept &&
          std::find(set->other_values.begin(), set->other_values.end(), other) ==
              set->other_values.end()) {
        set->other_values.push_back(other);
      }
      continue;
    }
    set->texts.push_back(std::move(row.text));
    set->labels.push_back(*label);
  }
  return Status::OK();
}

}  // namespace

constexpr std::string_view kClassNames[] = {"negative", "neutral", "positive"};

LabelMap::LabelMap() {
  values_ = {{"negative", 0, false}, {"neg", 0, false},      {"-1", 0, false},
             {"neutral", 1, false},  {"neu", 1, false},      {"0", 1, false},
             {"positive", 2, false}, {"pos", 2, false},      {"1", 2, false}};
}

Status LabelMap::AddSpec(std::string_view spec) {
  const size_t eq = spec.find('=');
  std::optional<int> cls = ClassNamed(Trim(spec.substr(0, std::min(eq, spec.size()))));
  if (eq == std::string_view::npos || !cls) {
    return InvalidArgumentError("bad --labels '" + std::string(spec) +
                                "': use CLASS=VALUE[,VALUE...] with CLASS negative, neutral or "
                                "positive (e.g. negative=1,2)");
  }
  std::string_view rest = spec.substr(eq + 1);
  while (true) {
    const size_t comma = rest.find(',');
    const std::string value = AsciiLower(Trim(rest.substr(0, comma)));
    if (value.empty())
      return InvalidArgumentError("empty value in --labels '" + std::string(spec) + "'");
    for (const Value& v : values_) {
      if (v.value == value && v.from_spec && v.cls != *cls) {
        return InvalidArgumentError("--labels maps '" + value + "' to both " +
                                    std::string(kClassNames[v.cls]) + " and " +
                                    std::string(kClassNames[*cls]) +
                                    ": give each value one class");
      }
    }
    std::erase_if(values_, [&](const Value& v) { return v.value == value; });
    values_.push_back({value, *cls, true});
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return Status::OK();
}

StatusOr<LabelMap> LabelMap::FromSpecs(const std::vector<std::string>& specs) {
  LabelMap map;
  for (const std::string& spec : specs) PARLEY_RETURN_IF_ERROR(map.AddSpec(spec));
  return map;
}

std::string LabelMap::Normal(std::string_view value) {
  std::string v = AsciiLower(Trim(value));
  // A whole number written as a decimal ("4.0", a star rating in JSON or a
  // spreadsheet) is the number ("4").
  if (const size_t dot = v.find('.'); dot != std::string::npos && dot > 0 &&
                                      v.find_first_not_of('0', dot + 1) == std::string::npos &&
                                      v.find_first_not_of("-0123456789") == dot) {
    v.resize(dot);
  }
  return v;
}

std::optional<int> LabelMap::Find(std::string_view value) const {
  const std::string v = Normal(value);
  for (const Value& entry : values_) {
    if (entry.value == v) return entry.cls;
  }
  return std::nullopt;
}

std::string StarRatingHint(const LabeledSet& set, bool labels_given) {
  if (labels_given || set.other_values.empty()) return "";
  for (const std::string& v : set.other_values) {
    if (v.empty() || v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(v) < 2 || std::stoi(v) > 10) {
      return "";
    }
  }
  std::vector<std::string> sorted = set.other_values;
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  std::string values;
  for (size_t i = 0; i < sorted.size(); ++i) values += (i == 0 ? "" : ", ") + sorted[i];
  return "the labels " + values + " of column '" + set.label_column +
         "' look like star ratings, which the default labels do not read (and 1 is positive "
         "there, as in -1/0/1): map them, e.g. --labels negative=1,2 --labels neutral=3 "
         "--labels positive=4,5";
}

std::string FindLabelColumn(const std::vector<std::string>& columns, const std::string& named) {
  if (!named.empty()) {
    return std::find(columns.begin(), columns.end(), named) != columns.end() ? named
                                                                             : std::string();
  }
  // The usual names in any case and spelling ("Sentiment", "Airline
  // Sentiment"), as field maps compare columns; each column folded once.
  const std::string* best = nullptr;
  int best_rank = static_cast<int>(std::size(kLabelColumns));
  for (const std::string& column : columns) {
    const int rank = LabelColumnRank(column);
    if (rank >= 0 && rank < best_rank) {
      best = &column;
      best_rank = rank;
    }
  }
  return best != nullptr ? *best : std::string();
}

int LabelColumnRank(std::string_view column) {
  const auto rank = [](std::string_view name) -> int {
    for (size_t i = 0; i < std::size(kLabelColumns); ++i) {
      if (name == kLabelColumns[i]) return static_cast<int>(i);
    }
    return -1;
  };
  const int exact = rank(column);
  return exact >= 0 ? exact : rank(FoldColumnName(column));
}

StatusOr<LabeledSet> ReadLabeled(Env* env, const std::vector<std::string>& paths,
                                 const ReaderOptions& reader, const std::string& label_column,
                                 const LabelMap& labels) {
  LabeledSet set;
  set.label_column = label_column;
  for (const std::string& path : paths) {
    PARLEY_RETURN_IF_ERROR(ReadFile(env, path, reader, labels, &set));
  }
  if (set.texts.empty()) {
    return InvalidArgumentError("no post has a label (negative, neutral or positive) in column '" +
                                set.label_column + "': map other values with --labels");
  }
  return set;
}

}  // namespace parley::learn
