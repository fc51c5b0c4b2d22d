// Labeled posts for training and evaluation: any CSV or NDJSON input that
// parley reads, plus a label column mapped to negative/neutral/positive.
#ifndef PARLEY_LEARN_LABELED_DATA_H_
#define PARLEY_LEARN_LABELED_DATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley::learn {

// Maps a label column's values to classes 0 (negative), 1 (neutral), 2
// (positive), case-insensitively. Known by default: negative/neg/-1,
// neutral/neu/0, positive/pos/1. AddSpec("negative=1,2") maps more values
// (e.g. star ratings) and overrides a default for the same value.
class LabelMap {
 public:
  LabelMap();
  // "CLASS=VALUE[,VALUE...]" where CLASS is negative|neutral|positive (or
  // neg|neu|pos). InvalidArgument otherwise, and when a spec gives a value
  // another class than an earlier spec did (the order of the flags would
  // decide the labels).
  Status AddSpec(std::string_view spec);
  // The defaults with each of `specs` added (--labels, --validation-labels),
  // or AddSpec()'s error.
  static StatusOr<LabelMap> FromSpecs(const std::vector<std::string>& specs);
  // The class of `value` as Normal() writes it, if the map has it.
  std::optional<int> Find(std::string_view value) const;
  // A label value as the map compares it: trimmed, lower-cased, a whole
  // number written as a decimal ("4.0") as the number ("4").
  static std::string Normal(std::string_view value);

 private:
  struct Value {
    std::string value;  // lower-cased
    int cls;
    bool from_spec;  // set by AddSpec(), not a default
  };
  std::vector<Value> values_;
};

struct LabeledSet {
  std::vector<std::string> texts;
  std::vector<int> labels;
  std::string label_column;  // as found (auto-detected when not given)
  size_t empty_labels = 0;   // rows whose label is empty (or absent from an NDJSON record)
  size_t other_labels = 0;   // rows whose label is not in the map
  size_t rejected = 0;       // rows the reader could not decode
  // The first distinct values not in the map (up to kOtherValuesKept), as
  // LabelMap::Find() compares them: what a run can say was left out.
  std::vector<std::string> other_values;
  static constexpr size_t kOtherValuesKept = 8;
};

// When the labels left out look like star ratings (whole numbers from 2 to
// 10, as "4" or "4.0", and the map was the default one), what to say: that
// the default labels read 1 as positive (the -1/0/1 convention) and how to
// map the stars; empty otherwise.
std::string StarRatingHint(const LabeledSet& set, bool labels_given);

// Candidate label columns tried in order when none is named.
inline constexpr std::string_view kLabelColumns[] = {"label", "sentiment", "airline_sentiment",
                                                     "polarity", "class"};

// The label column among a CSV header's `columns` (RecordReader::
// ExtraColumns()): `named` as named when given, else the first of
// kLabelColumns in any case and spelling ("Sentiment", "Airline
// Sentiment"; FoldColumnName()), as the column is written. Empty when the
// header has none.
std::string FindLabelColumn(const std::vector<std::string>& columns, const std::string& named);
// Which of kLabelColumns `column` is, in any case and spelling (its index),
// or -1: FindLabelColumn() takes the column of the lowest.
int LabelColumnRank(std::string_view column);

// Reads every post of `paths` and its label from the (unmapped) column
// `label_column`; an empty `label_column` takes the first of kLabelColumns
// that the first file has: in its header (CSV; in any case and spelling,
// "Sentiment", "Airline Sentiment"), or in any record (NDJSON, by that name,
// whose records name their own keys). Later files use the same column. A
// row whose label is empty is skipped and counted (empty_labels), so is
// one whose value the map does not know (other_labels). A file without the
// column, or no usable label at all, is InvalidArgument saying what to pass.
StatusOr<LabeledSet> ReadLabeled(Env* env, const std::vector<std::string>& paths,
                                 const ReaderOptions& reader, const std::string& label_column,
                                 const LabelMap& labels);

}  // namespace parley::learn

#endif  // PARLEY_LEARN_LABELED_DATA_H_
