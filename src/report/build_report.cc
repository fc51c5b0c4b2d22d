#include "src/report/build_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/learn/labeled_data.h"
#include "src/text/language.h"

namespace parley {
namespace {

constexpr SentimentLabel kLabelOrder[] = {SentimentLabel::kNegative, SentimentLabel::kNeutral,
                                          SentimentLabel::kPositive};

LabelCounts CountsOf(const Rollup& r) {
  LabelCounts c;
  c.n = static_cast<uint64_t>(r.n);
  for (int k = 0; k < kClasses; ++k) {
    c.by_label[k] = static_cast<double>(r.count[k]);
    c.prob_sums[k] = r.sum_p[k] / kSumScale;
  }
  return c;
}

StatusOr<std::vector<EvidencePost>> EvidenceFor(Store* store, const ReportOptions& o,
                                                std::string brand, std::string topic,
                                                std::optional<SentimentLabel> label,
                                                std::string intent = "*",
                                                std::string language = "*") {
  if (o.examples == 0) return std::vector<EvidencePost>();
  ExampleQuery q;
  q.brand = std::move(brand);
  // "*": the report's topic (all of them, or the one it is of).
  q.topic = topic == "*" ? o.topic : std::move(topic);
  q.intent = std::move(intent);
  q.language = std::move(language);
  q.source = o.source;
  q.label = label;
  q.from_ms = o.from_ms;
  q.to_ms = o.to_ms;
  q.order = ExampleQuery::Order::kEngaged;
  q.limit = o.examples;
  PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> posts, store->Examples(q));
  std::vector<EvidencePost> out;
  for (const ExamplePost& p : posts) out.push_back(EvidenceOf(p));
  return out;
}

SeriesQuery SeriesFor(const ReportOptions& o, std::string brand) {
  SeriesQuery q;
  q.granularity = o.granularity;
  q.brand = std::move(brand);
  q.topic = o.topic;
  q.source = o.source;
  q.from_ms = o.from_ms;
  q.to_ms = o.to_ms;
  q.zone = o.zone;
  return q;
}

TotalsQuery Totals(const ReportOptions& o) {
  TotalsQuery q;
  q.granularity = o.granularity;
  q.brand = o.brand;
  q.topic = o.topic;  // BrandTotals and intents' TagTotals within the topic
  q.source = o.source;
  q.from_ms = o.from_ms;
  q.to_ms = o.to_ms;
  return q;
}

// The series named `name` of the posts of `brand`, and of `topic` and
// `source` where given (empty: the report's).
StatusOr<::parley::Series> SeriesOf(Store* store, const ReportOptions& o, const std::string& name,
                                    const std::string& brand, const std::string& topic = "",
                                    const std::string& source = "") {
  SeriesQuery q = SeriesFor(o, brand);
  if (!topic.empty()) q.topic = topic;
  if (!source.empty()) q.source = source;
  PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesPoint> points, store->RollupSeries(q));
  ::parley::Series s;
  s.name = name;
  for (const SeriesPoint& p : points) {
    BucketPoint b;
    b.bucket_ms = p.bucket_start;
    b.counts = CountsOf(p.rollup);
    b.negative = WilsonInterval(b.counts.by_label[0], b.counts.n, o.confidence);
    b.positive = WilsonInterval(b.counts.by_label[2], b.counts.n, o.confidence);
    s.points.push_back(b);
  }
  return s;
}

// A row per key: its share of `denominator` and its own negative share.
ShareRow Row(const KeyedRollup& k, uint64_t numerator, uint64_t denominator, double confidence) {
  ShareRow row;
  row.name = k.key;
  row.counts = CountsOf(k.rollup);
  row.share = WilsonInterval(numerator, denominator, confidence);
  row.negative = WilsonInterval(static_cast<uint64_t>(k.rollup.count[0]), row.counts.n, confidence);
  row.net = NetSentiment(row.counts.by_label, confidence);
  return row;
}

Status FillBrands(Store* store, const ReportOptions& o, ReportData* r) {
  // Share of voice compares every brand, also in a brand's report (where
  // it is that brand's place among them).
  TotalsQuery all = Totals(o);
  all.brand = "*";
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> brands, store->BrandTotals(all));
  // Share of voice: a brand's mentions among all brand mentions (a post
  // naming two brands counts for both).
  uint64_t mentions = 0;
  for (const KeyedRollup& b : brands) mentions += static_cast<uint64_t>(b.rollup.n);
  for (size_t i = 0; i < brands.size() && static_cast<int>(i) < o.top; ++i) {
    ShareRow row = Row(brands[i], static_cast<uint64_t>(brands[i].rollup.n), mentions, o.confidence);
    PARLEY_ASSIGN_OR_RETURN(row.examples, EvidenceFor(store, o, brands[i].key, "*", std::nullopt));
    r->brands.push_back(std::move(row));
    if (o.comparison_only) continue;
    PARLEY_ASSIGN_OR_RETURN(::parley::Series s, SeriesOf(store, o, brands[i].key, brands[i].key));
    r->series.push_back(std::move(s));
  }
  return Status::OK();
}

Status FillChannels(Store* store, const ReportOptions& o, ReportData* r) {
  if (!o.source.empty() || r->total.n == 0) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> sources, store->Sources());
  // An earlier period's channels, to compare with, are listed from one.
  if (sources.size() < 2 && !o.comparison_only) return Status::OK();
  std::vector<KeyedRollup> channels;
  for (const std::string& source : sources) {
    SeriesQuery q = SeriesFor(o, o.brand);
    q.source = source;
    PARLEY_ASSIGN_OR_RETURN(Rollup total, store->Total(q));
    if (total.n > 0) channels.push_back({source, total});
  }
  if (channels.size() < 2 && !o.comparison_only) return Status::OK();
  std::sort(channels.begin(), channels.end(), [](const KeyedRollup& a, const KeyedRollup& b) {
    return a.rollup.n != b.rollup.n ? a.rollup.n > b.rollup.n : a.key < b.key;
  });
  ReportOptions of_source = o;
  for (size_t i = 0; i < channels.size() && static_cast<int>(i) < o.top; ++i) {
    ShareRow row =
        Row(channels[i], static_cast<uint64_t>(channels[i].rollup.n), r->total.n, o.confidence);
    of_source.source = channels[i].key;
    PARLEY_ASSIGN_OR_RETURN(row.examples,
                            EvidenceFor(store, of_source, o.brand, "*", std::nullopt));
    r->channels.push_back(std::move(row));
    if (o.comparison_only) continue;
    PARLEY_ASSIGN_OR_RETURN(::parley::Series s,
                            SeriesOf(store, o, channels[i].key, o.brand, "", channels[i].key));
    r->channel_series.push_back(std::move(s));
  }
  return Status::OK();
}

Status FillTopics(Store* store, const ReportOptions& o, ReportData* r) {
  if (o.topic != "*") return Status::OK();  // topics are not counted within a topic
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics, store->TopicTotals(Totals(o)));
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < o.top; ++i) {
    ShareRow row = Row(topics[i], static_cast<uint64_t>(topics[i].rollup.n), r->total.n, o.confidence);
    PARLEY_ASSIGN_OR_RETURN(row.examples,
                            EvidenceFor(store, o, o.brand, topics[i].key, std::nullopt));
    r->topics.push_back(std::move(row));
    if (o.comparison_only) continue;
    PARLEY_ASSIGN_OR_RETURN(::parley::Series s,
                            SeriesOf(store, o, topics[i].key, o.brand, topics[i].key));
    r->topic_series.push_back(std::move(s));
  }
  // Complaint reasons: which topics negative posts are about.
  std::sort(topics.begin(), topics.end(), [](const KeyedRollup& a, const KeyedRollup& b) {
    return a.rollup.count[0] != b.rollup.count[0] ? a.rollup.count[0] > b.rollup.count[0]
                                                  : a.key < b.key;
  });
  uint64_t negatives = static_cast<uint64_t>(r->total.by_label[0]);
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < o.top; ++i) {
    if (topics[i].rollup.count[0] == 0) break;
    ShareRow row = Row(topics[i], static_cast<uint64_t>(topics[i].rollup.count[0]), negatives,
                       o.confidence);
    PARLEY_ASSIGN_OR_RETURN(
        row.examples, EvidenceFor(store, o, o.brand, topics[i].key, SentimentLabel::kNegative));
    r->reasons.push_back(std::move(row));
  }
  return Status::OK();
}

Status FillAspectsAndPrices(Store* store, const ReportOptions& o, const TotalsQuery& q,
                            ReportData* r) {
  // Aspects are not counted within a topic; a topic's report shows how its
  // own mentions are spoken of.
  TotalsQuery of_aspects = q;
  of_aspects.topic = "*";
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> aspects,
                          store->TagTotals(of_aspects, TagKind::kAspect));
  if (o.topic != "*") {
    std::erase_if(aspects, [&](const KeyedTagRollup& a) { return a.tag != o.topic; });
  }
  for (size_t i = 0; i < aspects.size() && static_cast<int>(i) < o.top; ++i) {
    const Rollup& a = aspects[i].rollup.sentiment;
    AspectRow row;
    row.name = aspects[i].tag;
    row.counts = CountsOf(a);
    row.negative = WilsonInterval(static_cast<uint64_t>(a.count[0]), row.counts.n, o.confidence);
    row.positive = WilsonInterval(static_cast<uint64_t>(a.count[2]), row.counts.n, o.confidence);
    row.mean_score = a.MeanScore();
    r->aspects.push_back(std::move(row));
  }
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> prices, store->TagTotals(q, TagKind::kPrice));
  for (size_t i = 0; i < prices.size() && static_cast<int>(i) < o.top; ++i) {
    const TagRollup& p = prices[i].rollup;
    PriceRow row;
    row.currency = prices[i].tag;
    row.counts = CountsOf(p.sentiment);
    row.share = WilsonInterval(row.counts.n, r->total.n, o.confidence);
    row.negative =
        WilsonInterval(static_cast<uint64_t>(p.sentiment.count[0]), row.counts.n, o.confidence);
    row.amounts = p.amounts > 0 ? static_cast<uint64_t>(p.amounts) : 0;
    row.mean_amount = p.MeanAmount().value_or(0);
    r->prices.push_back(std::move(row));
  }
  return Status::OK();
}

constexpr std::string_view kComplaint = "complaint";  // the built-in intent

// The topics of the complaints, a share of them (a post with two topics
// counts for both).
Status FillComplaintTopics(Store* store, const ReportOptions& o, const TotalsQuery& q,
                           const std::vector<KeyedTagRollup>& intents, ReportData* r) {
  uint64_t complaints = 0;
  for (const KeyedTagRollup& i : intents) {
    if (i.tag == kComplaint) complaints = static_cast<uint64_t>(i.rollup.sentiment.n);
  }
  if (complaints == 0) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics, store->IntentTopicTotals(q, kComplaint));
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < o.top; ++i) {
    const KeyedRollup& t = topics[i];
    ShareRow row = Row(t, static_cast<uint64_t>(t.rollup.n), complaints, o.confidence);
    PARLEY_ASSIGN_OR_RETURN(
        row.examples, EvidenceFor(store, o, o.brand, t.key, std::nullopt, std::string(kComplaint)));
    r->complaint_topics.push_back(std::move(row));
  }
  return Status::OK();
}

// Intents, aspects and prices, from the tag rollups.
Status FillTags(Store* store, const ReportOptions& o, ReportData* r) {
  const TotalsQuery q = Totals(o);
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> intents,
                          store->TagTotals(q, TagKind::kIntent));
  for (size_t i = 0; i < intents.size() && static_cast<int>(i) < o.top; ++i) {
    KeyedRollup k{intents[i].tag, intents[i].rollup.sentiment};
    ShareRow row = Row(k, static_cast<uint64_t>(k.rollup.n), r->total.n, o.confidence);
    PARLEY_ASSIGN_OR_RETURN(row.examples, EvidenceFor(store, o, o.brand, "*", std::nullopt, k.key));
    r->intents.push_back(std::move(row));
  }
  // What complaints are about is not counted within a topic.
  if (o.topic == "*") PARLEY_RETURN_IF_ERROR(FillComplaintTopics(store, o, q, intents, r));
  return FillAspectsAndPrices(store, o, q, r);
}

Status FillSentiment(Store* store, const ReportOptions& o, ReportData* r) {
  r->raw = RawShares(r->total.by_label, o.confidence);
  r->corrected = r->raw;
  if (o.validation) {
    PARLEY_ASSIGN_OR_RETURN(r->corrected, AdjustShares(r->total.by_label, *o.validation,
                                                       Correction::kAdjusted, o.confidence));
    r->correction_note = fmt::format("{} on {} labeled posts", CorrectionName(r->corrected.correction),
                                     static_cast<uint64_t>(r->corrected.validation_size));
    for (int k = 0; k < kClasses; ++k) {
      if (!r->corrected.clipped[k]) continue;
      r->correction_note += fmt::format(
          "; it put {} at {:.1f}%, outside 0-100%, and was clipped: the labeled posts do not "
          "fit these (another domain or labeling?), so trust the raw shares",
          SentimentLabelName(kLabelOrder[k]), r->corrected.unconstrained[k] * 100);
    }
  }
  for (int k = 0; k < kClasses; ++k) {
    PARLEY_ASSIGN_OR_RETURN(r->overall_examples[k],
                            EvidenceFor(store, o, o.brand, "*", kLabelOrder[k]));
  }
  return Status::OK();
}

// What to do when the validation file has no label column.
Status NoLabelColumn(const std::string& path, const std::string& named) {
  if (named.empty()) {
    return InvalidArgumentError(fmt::format(
        "'{}' has no label column (looked for label, sentiment, airline_sentiment, polarity, "
        "class, in any case): name it with --label-col",
        path));
  }
  return InvalidArgumentError(fmt::format(
      "'{}' has no column '{}' (unmapped columns are searched): name it with --label-col", path,
      named));
}

// The languages, and the note on what they mean for the sentiment shares;
// `lexicon`: the lexicon model scored some of the posts.
Status FillLanguages(Store* store, const ReportOptions& o, bool lexicon, ReportData* r) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> languages,
                          store->TagTotals(Totals(o), TagKind::kLanguage));
  uint64_t counted = 0, other = 0;
  for (size_t i = 0; i < languages.size(); ++i) {
    const KeyedRollup k{languages[i].tag, languages[i].rollup.sentiment};
    const auto n = static_cast<uint64_t>(k.rollup.n);
    counted += n;
    if (k.key != "en" && k.key != kUndeterminedLanguage) other += n;
    if (static_cast<int>(i) >= o.top) continue;
    ShareRow row = Row(k, n, r->total.n, o.confidence);
    // A code ("fr", "und") means little to most readers: "French (fr)".
    row.display = LanguageLabel(k.key);
    PARLEY_ASSIGN_OR_RETURN(row.examples,
                            EvidenceFor(store, o, o.brand, "*", std::nullopt, "*", k.key));
    r->languages.push_back(std::move(row));
  }
  // The filters `ingest --languages` wrote the posts under: the posts in
  // other languages are not in the store.
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> filters, store->LanguageFilters());
  std::string left_out;
  for (const std::string& kept : filters) {
    left_out +=
        (left_out.empty() ? "posts were ingested with --languages " : ", and with --languages ") +
        kept;
  }
  if (!left_out.empty()) {
    left_out += ": those in other languages were left out and are counted nowhere here";
  }
  if (counted == 0) {
    r->language_note = left_out;
    return Status::OK();
  }
  std::vector<std::string> notes;
  // The lexicon (VADER's) is English; a model trained on the user's own
  // labels reads what it was trained on.
  if (other > 0 && lexicon) {
    const Interval share = WilsonInterval(other, r->total.n, o.confidence);
    notes.push_back(fmt::format(
        "{} {} in languages other than English ({:.1f}% of all, {:.1f}–{:.1f}%), which the "
        "lexicon model does not read: most of them score neutral, and the shares above count "
        "them so (ingest with --languages en,und to leave them out)",
        other, other == 1 ? "post is" : "posts are", 100 * share.estimate, 100 * share.low,
        100 * share.high));
  }
  if (counted < r->total.n) {
    const uint64_t without = r->total.n - counted;
    notes.push_back(
        fmt::format("{} {} no language counted: {} source gave none, and {} stored without "
                    "--detect-language",
                    without, without == 1 ? "post has" : "posts have",
                    without == 1 ? "its" : "their", without == 1 ? "it was" : "they were"));
  }
  if (!left_out.empty()) notes.push_back(left_out);
  for (size_t i = 0; i < notes.size(); ++i) r->language_note += (i ? "; " : "") + notes[i];
  return Status::OK();
}

// What names a row of a table of shares: a brand, topic, intent, source or
// language; a currency.
const std::string& KeyOf(const ShareRow& row) { return row.name; }
const std::string& KeyOf(const PriceRow& row) { return row.currency; }

// Each row's change: its share then, where `then` lists the earlier
// period's rows of the same table, every one of them, out of `denominator`
// (the posts, brand mentions, negative posts... that the table's shares are
// of). A row absent then had none; with no denominator then, no change.
// `negatives`: the shares count the rows' negative posts.
template <typename Row>
void SetChanges(const std::vector<Row>& then, uint64_t denominator, double confidence,
                std::vector<Row>* rows, bool negatives = false) {
  if (denominator == 0) return;
  for (Row& row : *rows) {
    Change c;
    c.previous = WilsonInterval(0, denominator, confidence);
    for (const Row& t : then) {
      if (KeyOf(t) != KeyOf(row)) continue;
      c.previous_posts = negatives ? static_cast<uint64_t>(t.counts.by_label[0]) : t.counts.n;
      c.previous = t.share;
    }
    c.difference = DifferenceInterval(row.share, c.previous);
    row.change = c;
  }
}

uint64_t Mentions(const std::vector<ShareRow>& brands) {
  uint64_t n = 0;
  for (const ShareRow& b : brands) n += b.counts.n;
  return n;
}

uint64_t PostsWith(const std::vector<ShareRow>& intents, std::string_view intent) {
  for (const ShareRow& i : intents) {
    if (i.name == intent) return i.counts.n;
  }
  return 0;
}

// The earlier period's figures, and each figure's change from them.
Status Compare(Store* store, const ReportOptions& o, ReportData* r) {
  constexpr int64_t kHour = 3600 * 1000;
  Comparison c;
  c.current_from_ms = o.from_ms != kMinTime ? o.from_ms : r->range_from_ms.value_or(o.from_ms);
  c.current_to_ms = o.to_ms;
  if (c.current_to_ms == kMaxTime) {
    // Without an end: the end of the store's last hour with posts (any
    // post's: a quiet brand's period still runs to the end of the data),
    // or in a store still being written, the end of the hour now.
    if (o.now_ms != kMaxTime) c.current_to_ms = o.now_ms - o.now_ms % kHour + kHour;
    SeriesQuery hours;
    hours.granularity = Granularity::kHour;
    hours.from_ms = c.current_from_ms;
    PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesPoint> points, store->RollupSeries(hours));
    if (!points.empty()) {
      c.current_to_ms = std::min(c.current_to_ms, points.back().bucket_start + kHour);
    }
  }
  if (o.compare == ReportOptions::Compare::kPrevious) {
    if (o.from_ms == kMinTime) {
      return InvalidArgumentError(
          "comparing with the previous period needs the report's start (--since; from in the "
          "API): the period before all posts would hold none");
    }
    if (c.current_to_ms == kMaxTime || c.current_to_ms <= c.current_from_ms) {
      return InvalidArgumentError(
          "comparing with the previous period needs the report's period to have begun (its "
          "start is after now and it has no end)");
    }
    c.to_ms = c.current_from_ms;
    c.from_ms = c.current_from_ms - (c.current_to_ms - c.current_from_ms);
  } else {
    c.from_ms = o.compare_from_ms;
    c.to_ms = o.compare_to_ms;
  }
  ReportOptions then = o;
  then.from_ms = c.from_ms;
  then.to_ms = c.to_ms;
  then.compare = ReportOptions::Compare::kNone;
  then.comparison_only = true;
  then.examples = 0;
  then.top = std::numeric_limits<int>::max();
  PARLEY_ASSIGN_OR_RETURN(ReportData p, BuildReport(store, then));
  c.total = p.total;
  if (p.total.n > 0) {
    // Posts an hour now against then: the periods may differ in length.
    const bool bounded = c.current_to_ms != kMaxTime && c.current_from_ms != kMinTime &&
                         c.current_to_ms > c.current_from_ms;
    if (std::optional<Interval> v = RateRatioInterval(r->total.n, p.total.n, o.confidence);
        v && bounded) {
      const double scale = static_cast<double>(c.to_ms - c.from_ms) /
                           static_cast<double>(c.current_to_ms - c.current_from_ms);
      c.volume = Interval{v->estimate * scale, v->low * scale, v->high * scale};
    }
    const bool corrected =
        r->corrected.correction != Correction::kNone && p.corrected.correction != Correction::kNone;
    for (int k = 0; k < kClasses; ++k) {
      c.raw[k] = {static_cast<uint64_t>(p.total.by_label[k]), p.raw.shares[k],
                  DifferenceInterval(r->raw.shares[k], p.raw.shares[k])};
      if (corrected) {
        c.corrected[k] = {static_cast<uint64_t>(p.total.by_label[k]), p.corrected.shares[k],
                          DifferenceInterval(r->corrected.shares[k], p.corrected.shares[k])};
      }
    }
    SetChanges(p.channels, p.total.n, o.confidence, &r->channels);
    SetChanges(p.brands, Mentions(p.brands), o.confidence, &r->brands);
    SetChanges(p.topics, p.total.n, o.confidence, &r->topics);
    SetChanges(p.reasons, static_cast<uint64_t>(p.total.by_label[0]), o.confidence, &r->reasons,
               /*negatives=*/true);
    SetChanges(p.intents, p.total.n, o.confidence, &r->intents);
    SetChanges(p.complaint_topics, PostsWith(p.intents, kComplaint), o.confidence,
               &r->complaint_topics);
    SetChanges(p.languages, p.total.n, o.confidence, &r->languages);
    // Aspects: a topic's negative share of its mentions, then and now (a
    // topic not mentioned then had no share to change from).
    for (AspectRow& a : r->aspects) {
      for (const AspectRow& t : p.aspects) {
        if (t.name != a.name || t.counts.n == 0) continue;
        a.change = Change{static_cast<uint64_t>(t.counts.by_label[0]), t.negative,
                          DifferenceInterval(a.negative, t.negative)};
      }
    }
    SetChanges(p.prices, p.total.n, o.confidence, &r->prices);  // a currency's share of posts
  }
  r->comparison = c;
  return Status::OK();
}

}  // namespace

EvidencePost EvidenceOf(const ExamplePost& p) {
  return {p.source,        p.id,   p.author, p.text, std::string(SentimentLabelName(p.label)),
          p.created_at_ms, p.score};
}

StatusOr<ReportData> BuildReport(Store* store, const ReportOptions& o) {
  ReportData r;
  r.title = o.title;
  r.granularity = std::string(GranularityName(o.granularity));
  r.zone = o.zone;
  // The models that scored the stored posts, not the one this command was
  // given: " + " between them when writes used several.
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> models, store->Models());
  r.model = o.model;
  for (size_t i = 0; i < models.size(); ++i) {
    r.model = (i == 0 ? "" : r.model + " + ") + models[i];
  }
  r.confidence = o.confidence;
  r.brand = o.brand;
  r.topic = o.topic;
  PARLEY_ASSIGN_OR_RETURN(Rollup total, store->Total(SeriesFor(o, o.brand)));
  r.total = CountsOf(total);
  if (o.topic != "*") {
    // The topic's share of the posts in scope (all topics').
    SeriesQuery scope = SeriesFor(o, o.brand);
    scope.topic = "*";
    PARLEY_ASSIGN_OR_RETURN(Rollup all_topics, store->Total(scope));
    r.scope_posts = static_cast<uint64_t>(all_topics.n);
    r.topic_share = WilsonInterval(r.total.n, r.scope_posts, o.confidence);
  }
  // The series of every post in scope: all posts, or the brand's.
  PARLEY_ASSIGN_OR_RETURN(::parley::Series all, SeriesOf(store, o, "all", o.brand));
  if (!all.points.empty()) {
    r.from_ms = all.points.front().bucket_ms;
    r.to_ms = all.points.back().bucket_ms;
    // The range asked for; where none was, the buckets shown.
    r.range_from_ms = o.from_ms != kMinTime ? o.from_ms : r.from_ms;
    r.range_to_ms =
        o.to_ms != kMaxTime ? o.to_ms : NextBucketStart(o.granularity, r.to_ms, o.zone.get());
  }
  r.series.push_back(std::move(all));
  PARLEY_RETURN_IF_ERROR(FillSentiment(store, o, &r));
  PARLEY_RETURN_IF_ERROR(FillChannels(store, o, &r));
  PARLEY_RETURN_IF_ERROR(FillBrands(store, o, &r));
  PARLEY_RETURN_IF_ERROR(FillTopics(store, o, &r));
  PARLEY_RETURN_IF_ERROR(FillTags(store, o, &r));
  const bool lexicon = models.empty()
                           ? o.model == "lexicon"
                           : std::find(models.begin(), models.end(), "lexicon") != models.end();
  PARLEY_RETURN_IF_ERROR(FillLanguages(store, o, lexicon, &r));
  if (o.compare != ReportOptions::Compare::kNone) PARLEY_RETURN_IF_ERROR(Compare(store, o, &r));
  return r;
}

std::string ValidationRejects::Describe(const std::string& path) const {
  if (count == 0) return "";
  return fmt::format("{} record{} of '{}' could not be read and {} left out (line {}: {})", count,
                     count == 1 ? "" : "s", path, count == 1 ? "is" : "are", first_line,
                     first_reason);
}

StatusOr<ConfusionMatrix> MeasureConfusion(Env* env, const std::string& path,
                                           const ReaderOptions& reader, const Analyzer& analyzer,
                                           const std::string& label_column,
                                           ValidationRejects* rejects,
                                           const learn::LabelMap* labels) {
  const learn::LabelMap usual;
  if (labels == nullptr) labels = &usual;
  ConfusionMatrix m;
  bool saw_column = false;
  uint64_t posts = 0;
  ValidationRejects own;
  ValidationRejects& r = rejects != nullptr ? *rejects : own;
  r = ValidationRejects();
  ReaderOptions options = reader;
  if (!label_column.empty()) options.keep_columns.push_back(label_column);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> records,
                          OpenRecordReader(env, path, options));
  // The label column as train and eval find it: named, or the first of the
  // usual names. A CSV header says it once; NDJSON records name their own
  // keys, so each record's is looked for among them.
  const std::vector<std::string>* header = records->ExtraColumns();
  const std::string header_column =
      header != nullptr ? learn::FindLabelColumn(*header, label_column) : std::string();
  if (header != nullptr && header_column.empty()) return NoLabelColumn(path, label_column);
  // An NDJSON record's keys as label columns (learn::LabelColumnRank()),
  // each key folded once for the file, not once a record.
  std::unordered_map<std::string, int> key_ranks;
  PARLEY_RETURN_IF_ERROR(ForEachPost(
      records.get(),
      [&](const Post& post) {
        ++posts;
        std::string_view column = header_column;
        if (header == nullptr) {
          int best = -1;
          column = {};
          for (const auto& [key, value] : post.extra) {
            int rank;
            if (!label_column.empty()) {
              rank = key == label_column ? 0 : -1;
            } else if (auto it = key_ranks.find(key); it != key_ranks.end()) {
              rank = it->second;
            } else {
              rank = key_ranks.emplace(key, learn::LabelColumnRank(key)).first->second;
            }
            if (rank >= 0 && (best < 0 || rank < best)) {
              best = rank;
              column = key;
            }
          }
          if (column.empty()) return Status::OK();  // this record has none
        }
        for (const auto& [key, value] : post.extra) {
          if (key != column) continue;
          saw_column = true;
          std::optional<int> truth = labels->Find(value);
          if (!truth) continue;
          m.Add(*truth, static_cast<int>(analyzer.Score(post.text).label));
          break;
        }
        return Status::OK();
      },
      [&](const RejectedRecord& reject) {
        if (r.count++ == 0) {
          r.first_line = reject.line;
          r.first_reason = std::string(reject.reason);
        }
      }));
  if (m.total() == 0) {
    if (posts == 0 && r.count > 0) {
      return InvalidArgumentError(fmt::format(
          "no record of '{}' could be read ({} refused; line {}: {}): say how it is written "
          "with --validation-preset, --validation-map, --validation-delimiter, "
          "--validation-columns or --validation-time-format",
          path, r.count, r.first_line, r.first_reason));
    }
    if (!saw_column) return NoLabelColumn(path, label_column);
    return InvalidArgumentError(fmt::format(
        "no row of '{}' has a label (negative, neutral or positive, or a value "
        "--validation-labels maps) in column '{}'",
        path,
        header_column.empty() ? (label_column.empty() ? "label" : label_column) : header_column));
  }
  return m;
}

void NameBrands(const Taxonomy& taxonomy, ReportData* report) {
  report->taxonomy = taxonomy.name;
  for (ShareRow& row : report->brands) {
    for (const TaxonomyBrand& b : taxonomy.brands) {
      if (b.id != row.name) continue;
      if (b.name != b.id) row.display = b.name;
      row.own = b.own ? 1 : 0;
    }
  }
}

}  // namespace parley
