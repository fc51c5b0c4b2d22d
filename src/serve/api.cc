#include "src/serve/api.h"

#include <algorithm>

#include "src/analyze/json_writer.h"
#include "src/core/time_zone.h"
#include "src/core/timestamp.h"
#include "src/metrics/intervals.h"
#include "src/report/build_report.h"
#include "src/report/report.h"
#include "src/text/language.h"

namespace parley::serve {
namespace {

void Counts(const Rollup& r, JsonWriter& w) {
  w.BeginObject();
  w.Key("n").Int(r.n);
  w.Key("negative").Int(r.count[0]);
  w.Key("neutral").Int(r.count[1]);
  w.Key("positive").Int(r.count[2]);
  w.EndObject();
}

void Range(const ApiQuery& q, JsonWriter& w) {
  w.Key("from");
  q.from_ms == kMinTime ? w.Null() : w.Time(q.from_ms);
  w.Key("to");
  q.to_ms == kMaxTime ? w.Null() : w.Time(q.to_ms);
}

SeriesQuery Series(const ApiQuery& q) {
  SeriesQuery s;
  s.granularity = q.granularity;
  s.brand = q.brand;
  s.topic = q.topic;
  s.source = q.source;
  s.from_ms = q.from_ms;
  s.to_ms = q.to_ms;
  s.zone = q.zone;
  return s;
}

TotalsQuery Totals(const ApiQuery& q) {
  TotalsQuery t;
  t.granularity = q.granularity;
  t.brand = q.brand;
  t.topic = q.topic;
  t.source = q.source;
  t.from_ms = q.from_ms;
  t.to_ms = q.to_ms;
  return t;
}

// {name, counts, share (of `denominator`), negative}.
void Row(const KeyedRollup& k, int64_t numerator, int64_t denominator, double confidence,
         JsonWriter& w) {
  w.BeginObject();
  w.Key("name").String(k.key);
  w.Key("counts");
  Counts(k.rollup, w);
  w.Key("share").IntervalValue(WilsonInterval(static_cast<uint64_t>(numerator),
                                              static_cast<uint64_t>(denominator), confidence));
  w.Key("negative").IntervalValue(WilsonInterval(static_cast<uint64_t>(k.rollup.count[0]),
                                                 static_cast<uint64_t>(k.rollup.n), confidence));
  w.EndObject();
}

void PostSummary(const ExamplePost& p, JsonWriter& w) {
  w.BeginObject();
  w.Key("source").String(p.source);
  w.Key("id").String(p.id);
  w.Key("author").String(p.author);
  w.Key("created_at").Time(p.created_at_ms);
  w.Key("label").String(SentimentLabelName(p.label));
  w.Key("score").Double(p.score);
  w.Key("likes").Int(p.likes);
  w.Key("shares").Int(p.shares);
  w.Key("text").String(p.text);
  w.EndObject();
}

void Strings(const std::vector<std::string>& v, JsonWriter& w) {
  w.BeginArray();
  for (const std::string& s : v) w.String(s);
  w.EndArray();
}

void OptionalInt(const std::optional<int64_t>& v, JsonWriter& w) {
  v ? w.Int(*v) : w.Null();
}

ExampleQuery::Order StoreOrder(PostOrder o) {
  switch (o) {
    case PostOrder::kOldest: return ExampleQuery::Order::kOldest;
    case PostOrder::kEngaged: return ExampleQuery::Order::kEngaged;
    case PostOrder::kNewest: break;
  }
  return ExampleQuery::Order::kRecent;
}

std::string_view OrderName(PostOrder o) {
  switch (o) {
    case PostOrder::kOldest: return "oldest";
    case PostOrder::kEngaged: return "engaged";
    case PostOrder::kNewest: break;
  }
  return "newest";
}

// Stored alerts in range whose kind passes `keep`, bodies as stored.
template <typename Keep>
StatusOr<std::string> StoredAlertsJson(Store* store, const ApiQuery& q, Keep keep) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAlert> alerts, store->Alerts(q.from_ms, q.to_ms));
  // Newest window first: what a dashboard shows on top.
  std::reverse(alerts.begin(), alerts.end());
  JsonWriter w;
  w.BeginObject().Key("alerts").BeginArray();
  int shown = 0;
  for (const StoredAlert& a : alerts) {
    if (!keep(a.kind) || shown >= q.limit) continue;
    ++shown;
    w.BeginObject();
    w.Key("key").String(a.key);
    w.Key("kind").String(a.kind);
    w.Key("window_start").Time(a.window_start_ms);
    w.Key("window_end").Time(a.window_end_ms);
    w.Key("detected_at").Time(a.detected_at_ms);
    w.Key("alert").Raw(a.body);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

// The posts in scope of a within-a-brand answer (all topics, or with
// `topic` q.topic's posts), and the answer's opening: {"brand", ["topic",]
// "source", range, "total"}.
StatusOr<Rollup> OpenBrandScope(Store* store, const ApiQuery& q, JsonWriter& w,
                                bool topic = false) {
  SeriesQuery all = Series(q);
  if (!topic) all.topic = "*";
  PARLEY_ASSIGN_OR_RETURN(Rollup total, store->Total(all));
  w.BeginObject();
  w.Key("brand").String(q.brand);
  if (topic) w.Key("topic").String(q.topic);
  w.Key("source").String(q.source.empty() ? "*" : q.source);
  Range(q, w);
  w.Key("total");
  Counts(total, w);
  return total;
}

}  // namespace

namespace {

StatusOr<ReportData> Summary(Store* store, const ApiQuery& q, const std::string& model,
                             const Taxonomy* taxonomy, const ConfusionMatrix* validation) {
  ReportOptions o;
  o.title = "parley";
  o.granularity = q.granularity;
  o.from_ms = q.from_ms;
  o.to_ms = q.to_ms;
  o.zone = q.zone;
  o.source = q.source;
  o.brand = q.brand;
  o.topic = q.topic;
  if (q.compare == "previous") {
    o.compare = ReportOptions::Compare::kPrevious;
  } else if (!q.compare.empty()) {
    o.compare = ReportOptions::Compare::kRange;
    o.compare_from_ms = q.compare_from_ms;
    o.compare_to_ms = q.compare_to_ms;
  }
  o.now_ms = WallClockMs();
  o.top = q.top;
  o.examples = q.examples;
  o.confidence = q.confidence;
  o.model = model;
  if (validation != nullptr) o.validation = *validation;
  PARLEY_ASSIGN_OR_RETURN(ReportData report, BuildReport(store, o));
  if (taxonomy) NameBrands(*taxonomy, &report);
  return report;
}

}  // namespace

StatusOr<std::string> SummaryJson(Store* store, const ApiQuery& q, const std::string& model,
                                  const Taxonomy* taxonomy, const ConfusionMatrix* validation) {
  PARLEY_ASSIGN_OR_RETURN(ReportData report, Summary(store, q, model, taxonomy, validation));
  return RenderJson(report);
}

StatusOr<std::string> SummaryCsv(Store* store, const ApiQuery& q, const std::string& model,
                                 const Taxonomy* taxonomy, const ConfusionMatrix* validation) {
  PARLEY_ASSIGN_OR_RETURN(ReportData report, Summary(store, q, model, taxonomy, validation));
  return RenderCsv(report);
}

StatusOr<std::string> SeriesJson(Store* store, const ApiQuery& q) {
  const bool intent = q.intent != "*";
  PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesPoint> points,
                          intent ? store->TagSeries(Series(q), TagKind::kIntent, q.intent)
                                 : store->RollupSeries(Series(q)));
  // An intent's share of each bucket's posts (of the brand and topic, where
  // asked for).
  std::vector<SeriesPoint> all;
  if (intent) {
    PARLEY_ASSIGN_OR_RETURN(all, store->RollupSeries(Series(q)));
  }
  size_t at = 0;
  JsonWriter w;
  w.BeginObject();
  w.Key("granularity").String(GranularityName(q.granularity));
  w.Key("time_zone").String(q.zone ? q.zone->name() : "UTC");
  w.Key("brand").String(q.brand);
  w.Key("topic").String(q.topic);
  if (intent) w.Key("intent").String(q.intent);
  w.Key("source").String(q.source.empty() ? "*" : q.source);
  Range(q, w);
  w.Key("confidence").Double(q.confidence);
  w.Key("points").BeginArray();
  for (const SeriesPoint& p : points) {
    const Rollup& r = p.rollup;
    auto n = static_cast<uint64_t>(r.n);
    w.BeginObject();
    w.Key("bucket").Time(p.bucket_start);
    w.Key("counts");
    Counts(r, w);
    w.Key("negative").IntervalValue(
        WilsonInterval(static_cast<uint64_t>(r.count[0]), n, q.confidence));
    w.Key("positive").IntervalValue(
        WilsonInterval(static_cast<uint64_t>(r.count[2]), n, q.confidence));
    w.Key("mean_score").Double(r.MeanScore());
    if (intent) {
      while (at < all.size() && all[at].bucket_start < p.bucket_start) ++at;
      const int64_t posts =
          at < all.size() && all[at].bucket_start == p.bucket_start ? all[at].rollup.n : 0;
      w.Key("posts").Int(posts);
      w.Key("share").IntervalValue(
          WilsonInterval(n, static_cast<uint64_t>(std::max<int64_t>(posts, r.n)), q.confidence));
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

StatusOr<std::string> ShareOfVoiceJson(Store* store, const ApiQuery& q) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> brands, store->BrandTotals(Totals(q)));
  // A brand's mentions among all brand mentions (a post naming two brands
  // counts for both), as the report computes it.
  int64_t mentions = 0;
  for (const KeyedRollup& b : brands) mentions += b.rollup.n;
  JsonWriter w;
  w.BeginObject();
  w.Key("topic").String(q.topic);
  w.Key("source").String(q.source.empty() ? "*" : q.source);
  Range(q, w);
  w.Key("mentions").Int(mentions);
  w.Key("brands").BeginArray();
  for (size_t i = 0; i < brands.size() && static_cast<int>(i) < q.top; ++i) {
    Row(brands[i], brands[i].rollup.n, mentions, q.confidence, w);
  }
  w.EndArray().EndObject();
  return w.Take();
}

// /api/topics?intent=NAME: the topics of the intent's posts, each with its
// share of them (a post with two topics counts for both).
StatusOr<std::string> IntentTopicsJson(Store* store, const ApiQuery& q) {
  TotalsQuery all = Totals(q);
  all.topic = "*";
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> intents,
                          store->TagTotals(all, TagKind::kIntent));
  Rollup total;
  for (const KeyedTagRollup& i : intents) {
    if (i.tag == q.intent) total = i.rollup.sentiment;
  }
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics,
                          store->IntentTopicTotals(Totals(q), q.intent));
  JsonWriter w;
  w.BeginObject();
  w.Key("brand").String(q.brand);
  w.Key("intent").String(q.intent);
  w.Key("source").String(q.source.empty() ? "*" : q.source);
  Range(q, w);
  w.Key("total");
  Counts(total, w);
  w.Key("topics").BeginArray();
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < q.top; ++i) {
    Row(topics[i], topics[i].rollup.n, total.n, q.confidence, w);
  }
  w.EndArray().EndObject();
  return w.Take();
}

StatusOr<std::string> TopicsJson(Store* store, const ApiQuery& q) {
  if (q.intent != "*") return IntentTopicsJson(store, q);
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics, store->TopicTotals(Totals(q)));
  JsonWriter w;
  PARLEY_ASSIGN_OR_RETURN(Rollup total, OpenBrandScope(store, q, w));
  w.Key("topics").BeginArray();
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < q.top; ++i) {
    Row(topics[i], topics[i].rollup.n, total.n, q.confidence, w);
  }
  w.EndArray();
  std::stable_sort(topics.begin(), topics.end(), [](const KeyedRollup& a, const KeyedRollup& b) {
    return a.rollup.count[0] > b.rollup.count[0];
  });
  w.Key("complaint_reasons").BeginArray();
  for (size_t i = 0; i < topics.size() && static_cast<int>(i) < q.top; ++i) {
    if (topics[i].rollup.count[0] == 0) break;
    Row(topics[i], topics[i].rollup.count[0], total.count[0], q.confidence, w);
  }
  w.EndArray().EndObject();
  return w.Take();
}

StatusOr<std::string> TagsJson(Store* store, const ApiQuery& q, TagKind kind) {
  const bool topic = q.topic != "*";
  if (topic && kind != TagKind::kIntent) {
    return InvalidArgumentError(
        "topic applies to /api/intents only: aspects are per topic already, and prices and "
        "languages are not counted per topic");
  }
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> tags, store->TagTotals(Totals(q), kind));
  JsonWriter w;
  PARLEY_ASSIGN_OR_RETURN(Rollup total, OpenBrandScope(store, q, w, topic));
  w.Key(std::string(TagKindName(kind)) + "s").BeginArray();  // "intents", ...
  for (size_t i = 0; i < tags.size() && static_cast<int>(i) < q.top; ++i) {
    const TagRollup& t = tags[i].rollup;
    const Rollup& r = t.sentiment;
    const auto n = static_cast<uint64_t>(r.n);
    w.BeginObject();
    if (kind == TagKind::kPrice) {
      w.Key("currency");
      tags[i].tag.empty() ? w.Null() : w.String(tags[i].tag);
    } else {
      w.Key(kind == TagKind::kAspect ? "topic" : "name").String(tags[i].tag);
      // A language as the report shows it: "French (fr)", "not known (und)".
      if (kind == TagKind::kLanguage) w.Key("display_name").String(LanguageLabel(tags[i].tag));
    }
    // Aspects count mentions by the aspect's own sentiment; intents and
    // prices count posts, by the post's.
    w.Key("counts");
    Counts(r, w);
    if (kind != TagKind::kAspect) {
      w.Key("share").IntervalValue(WilsonInterval(n, static_cast<uint64_t>(total.n), q.confidence));
    }
    w.Key("negative")
        .IntervalValue(WilsonInterval(static_cast<uint64_t>(r.count[0]), n, q.confidence));
    if (kind == TagKind::kAspect) {
      w.Key("positive")
          .IntervalValue(WilsonInterval(static_cast<uint64_t>(r.count[2]), n, q.confidence));
      w.Key("mean_score").Double(r.MeanScore());
    }
    if (kind == TagKind::kPrice) {
      w.Key("amounts").Int(t.amounts);
      w.Key("mean_amount");
      std::optional<double> mean = t.MeanAmount();
      mean ? w.Double(*mean) : w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  if (kind == TagKind::kLanguage) {
    // The posts with no language counted: their source gave none and they
    // were stored without --detect-language (all languages, not the top).
    uint64_t counted = 0;
    for (const KeyedTagRollup& t : tags) counted += static_cast<uint64_t>(t.rollup.sentiment.n);
    const auto all = static_cast<uint64_t>(total.n);
    w.Key("without_language").Int(static_cast<int64_t>(all > counted ? all - counted : 0));
    // The --languages filters the posts were written under (Store::
    // LanguageFilters()): posts in other languages are not in the store.
    PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> filters, store->LanguageFilters());
    w.Key("languages_kept").BeginArray();
    for (const std::string& f : filters) w.String(f);
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

ExampleQuery PostsQuery(const ApiQuery& q) {
  ExampleQuery e;
  e.brand = q.brand;
  e.topic = q.topic;
  e.intent = q.intent;
  e.language = q.language;
  e.source = q.source;
  e.author = q.author;
  e.term = q.term;
  e.own_words = !q.shares_all_words.value_or(true);
  e.label = q.label;
  e.from_ms = q.from_ms;
  e.to_ms = q.to_ms;
  e.order = StoreOrder(q.order);
  return e;
}

Status ExportPosts(Store* store, const ExampleQuery& e, OutputFormat format,
                   const std::function<Status(std::string_view)>& emit, int64_t* count) {
  OutputOptions out;
  out.format = format;
  // The same columns whatever the posts, so exports of several slices line up.
  out.taxonomy = true;
  out.language = true;
  PARLEY_RETURN_IF_ERROR(emit(OutputHeader(out)));
  std::string record;
  return store->ScanExamples(e, [&](const StoredPost& sp) {
    out.model_name = sp.model;
    record.clear();
    AppendRecord(sp.post, sp.analysis, out, &record);
    ++*count;
    return emit(record);
  });
}

StatusOr<std::string> DeletePostsJson(Store* store, const QueryParams& params,
                                      std::string_view body, int64_t now_ms) {
  PARLEY_ASSIGN_OR_RETURN(DeleteRequest r, ParseDeleteParams(params, body, now_ms));
  const DeleteQuery& d = r.query;
  const bool dry_run = r.dry_run;
  PARLEY_RETURN_IF_ERROR(CheckDeleteAuthors(store, d));
  DeleteStats stats;
  if (!r.none_named) {
    PARLEY_ASSIGN_OR_RETURN(stats, store->DeletePosts(d, dry_run));
  }
  // (A transaction of its own, as `parley delete` runs it.)
  PARLEY_ASSIGN_OR_RETURN(ScrubGeoStats geo, store->ScrubGeo(r.geo, dry_run));
  JsonWriter w;
  w.BeginObject();
  w.Key("dry_run").Bool(dry_run);
  w.Key("posts").Int(stats.posts);
  w.Key("authors").Int(stats.authors);
  w.Key("alerts").Int(stats.alerts);
  w.Key("withheld").Int(stats.withheld + geo.withheld);
  if (!r.geo.ids.empty()) w.Key("geo_scrubbed").Int(geo.posts);
  if (!r.skipped.empty()) {
    w.Key("skipped").BeginObject();
    for (const auto& [action, n] : r.skipped) w.Key(action).Int(n);
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

StatusOr<std::string> WithheldJson(Store* store, const QueryParams& params) {
  PARLEY_RETURN_IF_ERROR(ParseApiQuery(params, {}).status());
  PARLEY_ASSIGN_OR_RETURN(std::vector<WithheldEntry> entries, store->Withheld());
  JsonWriter w;
  w.BeginObject();
  w.Key("withheld").BeginArray();
  for (const WithheldEntry& e : entries) WithheldEntryValue(e, &w);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

StatusOr<std::string> LiftWithheldJson(Store* store, const QueryParams& params) {
  PARLEY_ASSIGN_OR_RETURN(LiftRequest r, ParseLiftParams(params));
  PARLEY_ASSIGN_OR_RETURN(LiftedWithheld done,
                          LiftWithheldEntries(store, r.authors, r.ids, r.source));
  JsonWriter w;
  LiftedWithheldValue(done, &w);
  return w.Take();
}

StatusOr<std::string> PostsJson(Store* store, const ApiQuery& q) {
  ExampleQuery e = PostsQuery(q);
  e.limit = q.limit + 1;  // one more tells whether there is a next page
  e.offset = q.offset;
  PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> posts, store->Examples(e));
  bool more = static_cast<int>(posts.size()) > q.limit;
  if (more) posts.pop_back();
  JsonWriter w;
  w.BeginObject();
  w.Key("order").String(OrderName(q.order));
  w.Key("offset").Int(q.offset);
  w.Key("limit").Int(q.limit);
  w.Key("next_offset");
  more ? w.Int(q.offset + q.limit) : w.Null();
  w.Key("posts").BeginArray();
  for (const ExamplePost& p : posts) PostSummary(p, w);
  w.EndArray().EndObject();
  return w.Take();
}

StatusOr<std::string> PostJson(Store* store, std::string_view source, std::string_view id) {
  PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> sp, store->GetPost(source, id));
  if (!sp) {
    return NotFoundError("no post with source '" + std::string(source) + "' and id '" +
                         std::string(id) + "'");
  }
  const Post& p = sp->post;
  const Analysis& a = sp->analysis;
  JsonWriter w;
  w.BeginObject();
  w.Key("source").String(p.source);
  w.Key("id").String(p.id);
  w.Key("author").String(p.author);
  w.Key("author_name").String(p.author_name);
  w.Key("thread").String(p.thread);
  w.Key("parent").String(p.parent);
  w.Key("created_at").Time(p.created_at_ms);
  w.Key("text").String(p.text);
  w.Key("lang").String(p.lang.empty() ? a.lang : p.lang);  // as the source gave it, else detected
  w.Key("metrics").BeginObject();
  w.Key("likes");
  OptionalInt(p.metrics.likes, w);
  w.Key("shares");
  OptionalInt(p.metrics.shares, w);
  w.Key("replies");
  OptionalInt(p.metrics.replies, w);
  w.Key("followers");
  OptionalInt(p.metrics.followers, w);
  w.Key("views");
  OptionalInt(p.metrics.views, w);
  w.EndObject();
  w.Key("sentiment").BeginObject();
  w.Key("label").String(SentimentLabelName(a.sentiment.label));
  w.Key("score").Double(a.sentiment.score);
  w.Key("model").String(sp->model);
  w.EndObject();
  w.Key("brands");
  Strings(a.brands, w);
  w.Key("topics");
  Strings(a.topics, w);
  w.Key("intents");
  Strings(a.intents, w);
  w.Key("mentions");
  Strings(a.mentions, w);
  w.Key("hashtags");
  Strings(a.hashtags, w);
  w.Key("aspects");
  AspectsValue(a.aspects, &w);
  w.Key("prices");
  PricesValue(a.prices, &w);
  w.EndObject();
  return w.Take();
}

StatusOr<std::string> AlertsJson(Store* store, const ApiQuery& q) {
  return StoredAlertsJson(store, q, [&q](const std::string& kind) {
    return kind != "term" && (q.kind.empty() || kind == q.kind);
  });
}

StatusOr<std::string> TermsJson(Store* store, const ApiQuery& q) {
  return StoredAlertsJson(store, q, [](const std::string& kind) { return kind == "term"; });
}

change::KeyTermsOptions KeyTermsOptionsFor(const ApiQuery& q, const VaderLexicon* lexicon,
                                           const Taxonomy* taxonomy,
                                           const people::OwnAccounts* accounts) {
  change::KeyTermsOptions o;
  o.lexicon = lexicon;
  if (taxonomy != nullptr) o.brand_names = BrandNames(*taxonomy);
  // What customers say: the brands' own answers left out.
  if (accounts != nullptr && !accounts->empty()) {
    o.brand_account = [accounts](std::string_view author) {
      return accounts->BrandOf(author) != nullptr;
    };
  }
  o.scope = PostsQuery(q);
  o.label = q.label.value_or(SentimentLabel::kNegative);
  o.shares = q.shares_all_words.value_or(false);
  o.versus = q.versus == "brands"     ? change::KeyTermsVersus::kOtherBrands
             : q.versus == "previous" ? change::KeyTermsVersus::kEarlierPeriod
                                      : change::KeyTermsVersus::kOtherLabels;
  if (o.versus == change::KeyTermsVersus::kEarlierPeriod && !q.compare.empty() &&
      q.compare != "previous") {
    o.earlier = std::pair(q.compare_from_ms, q.compare_to_ms);
  }
  o.now_ms = WallClockMs();
  o.top = q.top;
  o.examples = q.examples;
  o.confidence = q.confidence;
  return o;
}

std::string KeyTermsJson(const ApiQuery& q, const change::KeyTermsOptions& o,
                         const change::KeyTermsResult& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("label").String(SentimentLabelName(o.label));
  w.Key("versus").String(q.versus);
  w.Key("brand").String(q.brand);
  w.Key("topic").String(q.topic);
  w.Key("intent").String(q.intent);
  w.Key("language").String(q.language);
  w.Key("source").String(q.source.empty() ? "*" : q.source);
  Range(q, w);
  w.Key("confidence").Double(o.confidence);
  w.Key("fdr").Double(o.fdr);
  w.Key("min_posts").Int(o.min_posts);
  w.Key("max_posts").Int(o.max_posts);
  w.Key("label_posts").Int(r.label_posts);
  w.Key("other_posts").Int(r.other_posts);
  w.Key("sampled").Bool(r.sampled);
  w.Key("brand_posts").Int(r.brand_posts);
  w.Key("shares").String(o.shares ? "all_words" : "own_words");
  w.Key("shares_left_out").Int(r.shares);
  w.Key("tested").Int(r.tested);
  w.Key("brand_name_terms").Int(r.brand_name_terms);
  if (o.versus == change::KeyTermsVersus::kEarlierPeriod) {
    // The period as read (its end, when the scope had none) and the one
    // before.
    w.Key("period").BeginObject().Key("from").Time(o.scope.from_ms).Key("to").Time(r.to_ms);
    w.EndObject();
    w.Key("previous").BeginObject().Key("from").Time(r.earlier_from_ms);
    w.Key("to").Time(r.earlier_to_ms).EndObject();
  }
  w.Key("sentiment_words").String(o.lexicon ? "apart" : "with_terms");
  for (const auto& [name, list] :
       {std::pair{"terms", &r.terms}, std::pair{"sentiment_terms", &r.sentiment_terms}}) {
    w.Key(name).BeginArray();
    for (const change::KeyTerm& k : *list) {
      w.BeginObject();
      w.Key("term").String(k.term);
      w.Key("label_posts").Int(k.label_posts);
      w.Key("other_posts").Int(k.other_posts);
      w.Key("label_share").IntervalValue(k.label_share);
      w.Key("other_share").IntervalValue(k.other_share);
      w.Key("ratio").IntervalValue(k.ratio);
      w.Key("g2").Double(k.g2);
      w.Key("p_value").Double(k.p_value);
      w.Key("q_value").Double(k.q_value);
      w.Key("examples").BeginArray();
      for (const ExamplePost& p : k.examples) PostSummary(p, w);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

std::string TimeZonesJson() {
  static const std::string* const json = [] {
    JsonWriter w;
    w.BeginObject().Key("time_zones").BeginArray();
    for (const std::string& name : TimeZone::Names()) w.String(name);
    w.EndArray().EndObject();
    auto* out = new std::string(w.Take());
    out->push_back('\n');
    return out;
  }();
  return *json;
}

std::string ErrorJson(std::string_view code, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("error").BeginObject();
  // Messages may quote the request's bytes, which need not be UTF-8.
  w.Key("code").String(code).Key("message").String(ToValidUtf8(message));
  w.EndObject().EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

}  // namespace parley::serve
