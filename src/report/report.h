// The report a marketer reads: what the numbers are, how sure they are, and
// which posts are behind them. ReportData is filled from the store's rollups
// (src/report/build_report.h) and rendered as terminal text, Markdown, JSON
// or a self-contained HTML page with SVG charts.
//
// Every share carries its interval; corrected shares say which correction was
// applied and on how many labeled posts.
#ifndef PARLEY_REPORT_REPORT_H_
#define PARLEY_REPORT_REPORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/core/time_zone.h"
#include "src/metrics/intervals.h"
#include "src/metrics/quantification.h"

namespace parley {

// A post shown as evidence for a figure.
struct EvidencePost {
  std::string source, id, author, text, label;
  int64_t created_at_ms = 0;
  double score = 0;
};

// Counts of one cell (a time bucket, a brand, a topic).
struct LabelCounts {
  uint64_t n = 0;
  ClassVector by_label{};  // negative, neutral, positive (hard counts)
  ClassVector prob_sums{};  // summed probabilities (one-hot for the lexicon model)
};

struct BucketPoint {
  int64_t bucket_ms = 0;
  LabelCounts counts;
  Interval negative;  // share of negative posts in the bucket
  Interval positive;
};

struct Series {
  std::string name;  // brand or topic; "all" for everything
  std::vector<BucketPoint> points;
};

// A figure's change from the period the report is compared with
// (ReportData::comparison): its share then, and the difference now - then
// with its interval (DifferenceInterval(): the two periods' posts are
// independent samples).
struct Change {
  uint64_t previous_posts = 0;  // what the share counted then (posts, negative posts...)
  Interval previous;            // the share then
  Interval difference;          // now - then
  // The interval leaves out 0: at the report's confidence the share moved.
  bool Significant() const { return difference.low > 0 || difference.high < 0; }
};

struct ShareRow {
  std::string name;
  // From a taxonomy given to the report (NameBrands()): a brand's display
  // name where it differs from its id, and whether it is one of ours (1) or
  // a competitor (0); -1 where no taxonomy says. A language is shown by
  // its name and code, "French (fr)", "not known (und)" (LanguageLabel()).
  std::string display;
  int own = -1;
  LabelCounts counts;
  Interval share;     // of all posts in scope (share of voice, topic share)
  Interval negative;  // negative share within this row
  Interval net{0, -1, 1};  // net sentiment of its posts (NetSentiment())
  std::vector<EvidencePost> examples;
  // With a comparison: the share's change (a row absent then had 0 of it).
  std::optional<Change> change;
};

// The period a report is compared with (ReportOptions::compare_*): the
// same brand, topic and source, earlier.
struct Comparison {
  int64_t from_ms = 0, to_ms = 0;                  // the earlier period, half-open
  int64_t current_from_ms = 0, current_to_ms = 0;  // the report's period as compared
  LabelCounts total;                               // the earlier period's posts
  // Posts now / then, with its interval (RateRatioInterval(): the periods
  // are as long); unset when either has none.
  std::optional<Interval> volume;
  // The sentiment shares' changes: raw, and corrected where a validation
  // sample corrects both periods (one sample for both, so the corrected
  // difference's interval is wider than it need be).
  std::array<Change, kClasses> raw;
  std::array<Change, kClasses> corrected;
};

// How a topic is spoken of: its aspect mentions (one a post), by the
// sentiment of the clauses around them (Aspect), not of the whole post.
struct AspectRow {
  std::string name;             // the topic
  LabelCounts counts;           // mentions by the aspect's label
  Interval negative, positive;  // shares of its mentions
  double mean_score = 0;        // mean aspect score, -1..1
  // With a comparison: its negative share's change (of its mentions then).
  std::optional<Change> change;
};

// Prices mentioned in one currency ("" for price words without an amount).
struct PriceRow {
  std::string currency;
  LabelCounts counts;      // the posts, by their sentiment
  Interval share;          // of all posts in scope
  Interval negative;       // negative share of these posts
  uint64_t amounts = 0;    // amounts mentioned (0 for price words)
  double mean_amount = 0;  // their mean, in the currency
  // With a comparison: its share of the posts' change.
  std::optional<Change> change;
};

// A term that one side's posts use more than the other side's
// (change::FindKeyTerms()); the unit is the post.
struct KeyTermRow {
  std::string term;
  int64_t label_posts = 0, other_posts = 0;  // posts of either side that use it
  Interval label_share, other_share;         // of either side's posts read
  Interval ratio;                            // label share / other share
  double q_value = 1;                        // Benjamini-Hochberg, over every term tested
  std::vector<EvidencePost> examples;        // the label's posts that use it, newest first
};

// What the report's negative posts say, in their own words (report
// --key-terms): the words, hashtags and two-word terms they use more than
// the scope's other posts; in a brand's report, more than the other
// brands' negative posts; with --compare, more than the negative posts of
// the period compared with (previous: the one as long just before). Unlike the other figures it is
// read from the posts themselves, the scope's newest `max_posts` (`sampled` when it holds more),
// not from rollups.
struct KeyTermsSection {
  enum class Versus { kOthers, kBrands, kPrevious };
  std::string label = "negative";
  Versus versus = Versus::kOthers;           // what the label's posts are held against
  std::string brand;                         // kBrands: whose posts they are
  int64_t label_posts = 0, other_posts = 0;  // posts read of either side
  int64_t brand_name_terms = 0;              // kBrands: terms naming a brand, left out
  int64_t brand_posts = 0;                   // the brands' own accounts' posts, left out
  int64_t shares = 0;  // shares ("RT @x: ...") with no words of their own, left out
  bool sampled = false;
  int64_t max_posts = 0;
  int64_t tested = 0, min_posts = 0;  // terms in min_posts or more of the label's posts
  double fdr = 0;                     // kept below this q-value
  // kPrevious: the period read and the one before, half-open.
  int64_t from_ms = 0, to_ms = 0, earlier_from_ms = 0, earlier_to_ms = 0;
  // kPrevious: the period compared with overlaps the one read (--compare
  // FROM/UNTIL with no --since after it), so no list: a post of both would
  // be on both sides.
  bool overlaps = false;
  std::vector<KeyTermRow> terms;
  // Terms with a word of the sentiment lexicon ("awful", "delayed"): the
  // lexicon model labels posts by those very words, so they are apart.
  std::vector<KeyTermRow> sentiment_terms;
};

struct ReportData {
  std::string title = "parley report";
  std::string granularity = "day";  // hour | day | week
  int64_t from_ms = 0, to_ms = 0;   // the first and last bucket shown (their starts)
  // The time the figures cover, half-open [range_from_ms, range_to_ms): the
  // range asked for, or where none was, the buckets shown. Unset when
  // nothing is shown.
  std::optional<int64_t> range_from_ms, range_to_ms;
  // The zone whose days the buckets are and whose clock the times are shown
  // on (the JSON's times stay UTC instants, with the zone named); null: UTC.
  std::shared_ptr<const TimeZone> zone;
  std::string model;                // the model the stored analyses came from
  std::string taxonomy;             // the name of the taxonomy given, if any
  std::string brand = "*";          // the brand the figures are of (ReportOptions::brand)
  std::string topic = "*";          // the topic the figures are of (ReportOptions::topic)
  // With a topic: the posts in scope (the brand's, the source's, in the
  // range) and the topic's share of them. `total` counts the topic's.
  uint64_t scope_posts = 0;
  Interval topic_share;
  double confidence = 0.95;
  LabelCounts total;
  CorrectedShares raw;        // Wilson intervals on raw counts
  CorrectedShares corrected;  // == raw when no validation sample was given
  std::string correction_note;  // e.g. "adjusted classify-and-count on 641 labeled posts"
  std::vector<EvidencePost> overall_examples[kClasses];
  std::vector<Series> series;     // "all" first, then one per brand
  // Over time too: each top topic's posts (named by the topic) and, with
  // channels, each channel's (named by the source), within the report's
  // brand when it has one.
  std::vector<Series> topic_series;
  std::vector<Series> channel_series;
  std::vector<ShareRow> brands;   // share of voice
  // Channels: each source's posts, a share of all posts, with its negative
  // share; only when the posts in scope come from two sources or more (not
  // with a source filter).
  std::vector<ShareRow> channels;
  std::vector<ShareRow> topics;   // top topics
  std::vector<ShareRow> reasons;  // complaint reasons: topics among negative posts
  std::vector<ShareRow> intents;  // share of posts with each intent (tag rollups)
  // What the complaints are about: the topics of the posts with the
  // complaint intent, each a share of those posts (tag rollups; the hours
  // of a range that cuts a day counted from its posts).
  std::vector<ShareRow> complaint_topics;
  std::vector<AspectRow> aspects;  // most mentioned aspects first
  std::vector<PriceRow> prices;    // most posts first
  // The posts' languages (tag rollups: the source's lang, or
  // --detect-language's), most posts first, and what they mean for the
  // sentiment shares: how many posts the lexicon model, which reads
  // English, scored in another language, and how many have no language
  // counted. Empty when no post's language was.
  std::vector<ShareRow> languages;
  std::string language_note;
  // Set when the report is compared with an earlier period; the rows'
  // `change` is then set too, where that period had posts.
  std::optional<Comparison> comparison;
  // What the negative posts say (KeyTermsSection): against the other posts,
  // in a brand's report against the other brands', then with --compare
  // against the period compared with. Empty unless
  // asked for (BuildReport() reads rollups only; `parley report` adds it).
  std::vector<KeyTermsSection> key_terms;
};

std::string RenderTerminal(const ReportData& r);
std::string RenderMarkdown(const ReportData& r);
std::string RenderJson(const ReportData& r);
// One self-contained page: inline CSS and SVG, no script, no network.
std::string RenderHtml(const ReportData& r);
// Every figure one a CSV row with its interval (section, name, bucket,
// measure, estimate, low, high...): a long table for spreadsheets.
std::string RenderCsv(const ReportData& r);

// A time's day as the report shows it, on the report's clock
// (ReportData::zone): "2024-03-14".
std::string ShownDay(const ReportData& r, int64_t ms);
// "UTC", or the zone's name: what the report's times are in.
std::string ClockName(const ReportData& r);

// "12.3% (10.1–14.8%)".
std::string FormatShare(const Interval& i);
// A net sentiment, -100% to +100%: "+7.5% (-1.2 to +16.0%)".
std::string FormatNet(const Interval& i);

// A row as a reader sees it: its display name, else its id, and "(own)" for
// one of our brands ("Skyloft Air (own)").
std::string RowLabel(const ShareRow& row);

// What the report's posts are, after "N posts": "" for all of them,
// " about brand united", " about topic late_flight (10.6% (8.8–12.7%) of
// 1000 posts)", " about brand united and topic ...".
std::string ScopeText(const ReportData& r);
// What a topic's report leaves out, or "" for a report of all topics.
std::string TopicNote(const ReportData& r);
// A ratio with its interval: "×3.47 (1.92–6.30)" (one decimal from 10,
// none from 100).
std::string FormatRatio(const Interval& i);
// A key-terms section's heading, "what the negative posts say more than the
// other posts", its other side's name ("others", "other brands",
// "before"), the name of its kind ("labels", "brands", "previous"), and
// its counts: "358 negative posts, 642 others; 162 terms
// tested (in 5 or more of the negative posts); q below 0.01
// (Benjamini-Hochberg)", with the periods compared and what was left out.
std::string KeyTermsTitle(const KeyTermsSection& k);
std::string KeyTermsOther(const KeyTermsSection& k);
std::string_view KeyTermsVersusName(KeyTermsSection::Versus v);
std::string KeyTermsNote(const ReportData& r, const KeyTermsSection& k);
// A q-value as shown: "0.00025", "<1e-300".
std::string FormatQValue(double q);

// A figure's change, "then 33.2%, +4.0 pts (-2.2 to +10.0)", with ▲ or ▼
// where its interval leaves out 0.
std::string ChangeText(const Change& c);
// The earlier period a report is compared with, its posts and the change in
// posts an hour; "" without a comparison.
std::string ComparisonText(const ReportData& r);

// Who wrote a post as a reader sees it: "@handle", or "(no author)" for a
// post whose export names none (a news article, an anonymous review).
std::string Byline(std::string_view author);

}  // namespace parley

#endif  // PARLEY_REPORT_REPORT_H_
