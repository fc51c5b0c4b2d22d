// Builds a ReportData from the store's rollups (never a scan of the posts:
// a report on millions of posts reads a few thousand rollup cells), plus a
// handful of example posts behind each figure.
#ifndef PARLEY_REPORT_BUILD_REPORT_H_
#define PARLEY_REPORT_BUILD_REPORT_H_

#include <memory>
#include <optional>
#include <string>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"
#include "src/learn/labeled_data.h"
#include "src/metrics/quantification.h"
#include "src/report/report.h"
#include "src/storage/store.h"
#include "src/taxonomy/taxonomy.h"

namespace parley {

struct ReportOptions {
  std::string title = "parley report";
  Granularity granularity = Granularity::kDay;
  int64_t from_ms = kMinTime;  // half-open [from, to)
  int64_t to_ms = kMaxTime;
  std::string source;  // empty: all sources
  // A brand's id: every figure counts that brand's posts only (its
  // sentiment, series, channels, topics, intents, aspects, prices and
  // languages), but share of voice, which compares all brands. "*": all
  // posts.
  std::string brand = "*";
  // A topic's id: every figure counts the posts about that topic (within
  // the brand, when one is given): their sentiment, series, channels, share
  // of voice (the brands' among the topic's posts), intents and the topic's
  // own aspect sentiment. Topics, complaint reasons, what complaints are
  // about, prices and languages are not counted within a topic (rollup.h)
  // and are left empty. "*": all topics.
  std::string topic = "*";
  // Days and weeks cut at this zone's midnight, and times shown on its
  // clock (SeriesQuery::zone); null: UTC.
  std::shared_ptr<const TimeZone> zone;
  int top = 8;          // rows in share of voice, topics, reasons; brand series
  int examples = 3;     // example posts per figure
  double confidence = 0.95;
  // The model's measured confusion on labeled posts; shares are corrected
  // with it when present.
  std::optional<ConfusionMatrix> validation;
  // Shown only for an empty store: the report names the models that scored
  // the stored posts (Store::Models()).
  std::string model = "lexicon";
  // Compare with an earlier period (ReportData::comparison, each row's
  // change): kPrevious, the period as long just before the report's (which
  // needs a start, from_ms; without an end, it ends with the store's last
  // hour with posts or at the hour after now_ms, whichever is sooner); kRange,
  // [compare_from_ms, compare_to_ms) (the volume's change is then per hour).
  enum class Compare { kNone, kPrevious, kRange };
  Compare compare = Compare::kNone;
  int64_t compare_from_ms = 0, compare_to_ms = 0;
  int64_t now_ms = kMaxTime;  // the clock, for kPrevious without an end
  // The figures of an earlier period, to compare with: every row (not the
  // top), channels even from one source, no series and no examples.
  bool comparison_only = false;
};

StatusOr<ReportData> BuildReport(Store* store, const ReportOptions& options);

// A stored post as a report shows it.
EvidencePost EvidenceOf(const ExamplePost& p);

// Names the report's brands as `taxonomy` does (display names, own or
// competitor) and the report after it. The store keeps brand ids only.
void NameBrands(const Taxonomy& taxonomy, ReportData* report);

// Scores the labeled posts of `path` with `analyzer` and counts (true label,
// predicted label). The label is the column `label_column` (kept in the
// post's extra columns), or when that is empty the first of the usual names
// (label, sentiment, airline_sentiment, polarity, class; in a CSV header in
// any case and spelling), as train and eval find it; values negative|neutral|positive (also
// neg/neu/pos, -1/0/1, case-insensitive). A file without that column, or with no usable label, is
// an InvalidArgument error that says so; rows with an empty label are skipped. Records that do not
// decode are left out: *rejects, when given, counts them and keeps the first one's line and reason,
// and when no record is left the error says why the first was refused.
struct ValidationRejects {
  uint64_t count = 0;
  uint64_t first_line = 0;
  std::string first_reason;
  // "3 records of 'v.csv' could not be read and are left out (line 5:
  // REASON)", or "" when none.
  std::string Describe(const std::string& path) const;
};
// `labels`: what the label column's values mean (the usual names and
// -1/0/1 when null; --validation-labels adds others, such as star ratings).
// A label column named outright is read as labels even where the field
// map would take it for a field (ReaderOptions::keep_columns).
StatusOr<ConfusionMatrix> MeasureConfusion(Env* env, const std::string& path,
                                           const ReaderOptions& reader, const Analyzer& analyzer,
                                           const std::string& label_column,
                                           ValidationRejects* rejects = nullptr,
                                           const learn::LabelMap* labels = nullptr);

}  // namespace parley

#endif  // PARLEY_REPORT_BUILD_REPORT_H_
