// CSV rendering of a report (RFC 4180, as analyze's CSV): every figure of
// the other renderings, one a row with its interval, in one long table a spreadsheet filters and
// pivots (section, name, bucket, measure). Example posts are left to `parley posts`, which lists
// the posts behind any of these rows.
#include <fmt/format.h>

#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"
#include "src/report/report.h"

namespace parley {
namespace {

constexpr const char* kShares[] = {"negative_share", "neutral_share", "positive_share"};
// The earlier period's posts of each label (report --compare).
constexpr const char* kPrevious[] = {"previous_negative_posts", "previous_neutral_posts",
                                     "previous_positive_posts"};

class CsvTable {
 public:
  explicit CsvTable(double confidence) : confidence_(confidence) {
    out_ =
        "section,name,display_name,own,bucket,posts,negative_posts,neutral_posts,positive_posts,"
        "measure,estimate,low,high,confidence\r\n";
  }

  // The columns that say which cell a row is of; they stay for the rows
  // that follow until the next call.
  void Cell(std::string_view section, std::string_view name, std::string_view display = {},
            int own = -1, std::optional<int64_t> bucket_ms = std::nullopt,
            const LabelCounts* counts = nullptr) {
    cell_.clear();
    AppendCsvField(section, &cell_);
    cell_.push_back(',');
    AppendCsvField(name, &cell_);
    cell_.push_back(',');
    AppendCsvField(display, &cell_);
    cell_.push_back(',');
    if (own >= 0) cell_.append(own ? "true" : "false");
    cell_.push_back(',');
    if (bucket_ms) AppendTimestamp(*bucket_ms, &cell_);
    cell_.push_back(',');
    if (counts) {
      fmt::format_to(std::back_inserter(cell_), "{},{},{},{}", counts->n, counts->by_label[0],
                     counts->by_label[1], counts->by_label[2]);
    } else {
      cell_.append(",,,");
    }
  }

  // A share and its interval at the report's level.
  void Share(std::string_view measure, const Interval& i) {
    Begin(measure);
    fmt::format_to(std::back_inserter(out_), "{},{},{},{}\r\n", i.estimate, i.low, i.high,
                   confidence_);
  }

  // A figure with no interval (a mean): low, high and level are empty.
  void Value(std::string_view measure, double v) {
    Begin(measure);
    fmt::format_to(std::back_inserter(out_), "{},,,\r\n", v);
  }

  // The rows of a table of shares: the row's share of what `share` names
  // (all posts in scope, the posts naming a brand, the negative posts...)
  // and the negative share of its own posts.
  void Rows(std::string_view section, const std::vector<ShareRow>& rows, std::string_view share) {
    for (const ShareRow& r : rows) {
      Cell(section, r.name, r.display, r.own, std::nullopt, &r.counts);
      Share(share, r.share);
      Share("negative_share", r.negative);
      Share("net_sentiment", r.net);
      if (r.change) Changed(share, *r.change);
    }
  }

  // A figure's change from the earlier period (report --compare): what the
  // share counted then, the share then, and the difference now - then.
  void Changed(std::string_view measure, const Change& c,
               std::string_view posts = "previous_posts") {
    const std::string m(measure);
    Value(posts, static_cast<double>(c.previous_posts));
    Share("previous_" + m, c.previous);
    Share("change_" + m, c.difference);
  }

  std::string Take() { return std::move(out_); }

 private:
  void Begin(std::string_view measure) {
    out_ += cell_;
    out_.push_back(',');
    AppendCsvField(measure, &out_);
    out_.push_back(',');
  }

  double confidence_;
  std::string cell_;
  std::string out_;
};

}  // namespace

std::string RenderCsv(const ReportData& r) {
  CsvTable t(r.confidence);
  // The sentiment of every post in scope; the corrected shares, where a
  // validation sample gave a correction, as their own rows named by it.
  t.Cell("sentiment", "all", {}, -1, std::nullopt, &r.total);
  for (int k = 0; k < kClasses; ++k) t.Share(kShares[k], r.raw.shares[k]);
  t.Share("net_sentiment", r.raw.net);
  const bool compared = r.comparison && r.comparison->total.n > 0;
  if (compared) {
    for (int k = 0; k < kClasses; ++k) t.Changed(kShares[k], r.comparison->raw[k], kPrevious[k]);
  }
  if (r.topic != "*") {
    // A topic's report: its posts, a share of all posts in scope.
    t.Cell("topic", r.topic, {}, -1, std::nullopt, &r.total);
    t.Share("share_of_posts", r.topic_share);
  }
  if (r.corrected.correction != Correction::kNone) {
    t.Cell("sentiment_corrected", CorrectionName(r.corrected.correction), {}, -1, std::nullopt,
           &r.total);
    for (int k = 0; k < kClasses; ++k) t.Share(kShares[k], r.corrected.shares[k]);
    t.Share("net_sentiment", r.corrected.net);
    if (compared) {
      for (int k = 0; k < kClasses; ++k)
        t.Changed(kShares[k], r.comparison->corrected[k], kPrevious[k]);
    }
  }
  if (r.comparison) {
    // The earlier period: its posts (bucket: its start), and the posts an
    // hour now over then.
    t.Cell("comparison", "previous", {}, -1, r.comparison->from_ms, &r.comparison->total);
    t.Value("previous_posts", static_cast<double>(r.comparison->total.n));
    if (r.comparison->volume) t.Share("volume_ratio", *r.comparison->volume);
  }
  t.Rows("channels", r.channels, "share_of_posts");
  t.Rows("share_of_voice", r.brands, "share_of_voice");  // of the posts naming a brand
  t.Rows("topics", r.topics, "share_of_posts");
  // A topic's negative posts, a share of all negative posts.
  t.Rows("complaint_reasons", r.reasons, "share_of_negative");
  t.Rows("intents", r.intents, "share_of_posts");
  // A topic's posts with the complaint intent, a share of all of those.
  t.Rows("complaint_topics", r.complaint_topics, "share_of_complaints");
  for (const AspectRow& a : r.aspects) {
    // Counts of mentions by the sentiment of their clauses.
    t.Cell("aspects", a.name, {}, -1, std::nullopt, &a.counts);
    t.Share("negative_share", a.negative);
    t.Share("positive_share", a.positive);
    t.Value("mean_score", a.mean_score);
    if (a.change) t.Changed("negative_share", *a.change, "previous_negative_mentions");
  }
  for (const PriceRow& p : r.prices) {
    // Price words without an amount are the currency "none".
    t.Cell("prices", p.currency.empty() ? "none" : p.currency, {}, -1, std::nullopt, &p.counts);
    t.Share("share_of_posts", p.share);
    t.Share("negative_share", p.negative);
    if (p.change) t.Changed("share_of_posts", *p.change);
    if (p.amounts) {
      t.Value("amounts", static_cast<double>(p.amounts));
      t.Value("mean_amount", p.mean_amount);
    }
  }
  for (const KeyTermsSection& k : r.key_terms) {
    // What the negative posts say: a term's posts on either side, their
    // shares of each side's posts read, the ratio and its q-value.
    const std::string section = k.versus == KeyTermsSection::Versus::kOthers
                                    ? std::string("key_terms")
                                    : "key_terms_" + std::string(KeyTermsVersusName(k.versus));
    for (const auto& [suffix, rows] :
         {std::pair{"", &k.terms}, std::pair{"_sentiment_words", &k.sentiment_terms}}) {
      for (const KeyTermRow& term : *rows) {
        t.Cell(section + suffix, term.term);
        t.Value("label_posts", static_cast<double>(term.label_posts));
        t.Share("label_share", term.label_share);
        t.Value("other_posts", static_cast<double>(term.other_posts));
        t.Share("other_share", term.other_share);
        t.Share("ratio", term.ratio);
        t.Value("q_value", term.q_value);
      }
    }
  }
  t.Rows("languages", r.languages, "share_of_posts");
  // Over time: all posts and each brand ("series"), each top topic, each
  // channel.
  for (const auto& [section, list] : {std::pair{"series", &r.series},
                                      {"topic_series", &r.topic_series},
                                      {"channel_series", &r.channel_series}}) {
    for (const Series& s : *list) {
      for (const BucketPoint& p : s.points) {
        t.Cell(section, s.name, {}, -1, p.bucket_ms, &p.counts);
        t.Share("negative_share", p.negative);
        t.Share("positive_share", p.positive);
      }
    }
  }
  return t.Take();
}

}  // namespace parley
