#include "src/change/run.h"

#include <algorithm>
#include <set>
#include <span>
#include <string>

namespace parley::change {
namespace {

StatusOr<std::vector<SeriesKey>> SeriesKeys(Store* store) {
  TotalsQuery all;
  all.granularity = Granularity::kWeek;
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> brands, store->BrandTotals(all));
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics, store->TopicTotals(all));
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> sources, store->Sources());
  // All sources together; each source apart only when there are several.
  if (sources.size() < 2) sources.clear();
  sources.insert(sources.begin(), "");
  std::vector<std::string> brand_keys = {"*"}, topic_keys = {"*"};
  for (const KeyedRollup& b : brands) brand_keys.push_back(b.key);
  for (const KeyedRollup& t : topics) topic_keys.push_back(t.key);
  // Each intent's posts, all and per brand. Not within a topic: those cells
  // are kept by day (an hour's count comes from the stored posts), and a
  // rise of complaints about a topic is mostly the topic's own spike, one
  // more series for the false-discovery control to pay for.
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> intents,
                          store->TagTotals(all, TagKind::kIntent));
  // The intents' after all the others (FindAlerts() tests those for shifts).
  std::vector<SeriesKey> keys;
  for (const std::string& source : sources) {
    for (const std::string& b : brand_keys) {
      for (const std::string& t : topic_keys) keys.push_back({b, t, source});
    }
  }
  for (const std::string& source : sources) {
    for (const std::string& b : brand_keys) {
      for (const KeyedTagRollup& i : intents) keys.push_back({b, "*", source, i.tag});
    }
  }
  return keys;
}

// A series of all posts of its slice, not of an intent's.
bool IsPlain(const HourlySeries& s) { return s.key.intent == "*"; }

std::vector<AlertExample> ToExamples(const std::vector<ExamplePost>& posts, size_t limit) {
  std::vector<AlertExample> out;
  for (const ExamplePost& p : posts) {
    if (out.size() >= limit) break;
    out.push_back({p.source, p.id, p.author, p.text, p.created_at_ms});
  }
  return out;
}

ExampleQuery SliceQuery(const SeriesKey& k, int64_t from, int64_t to, int limit) {
  ExampleQuery q;
  q.brand = k.brand;
  q.topic = k.topic;
  q.source = k.source;
  q.intent = k.intent;
  q.from_ms = from;
  q.to_ms = to;
  q.limit = limit;
  return q;
}

// How the classifier tells negative posts from the rest, on the validation
// sample: P(predicted negative | negative) and P(predicted negative | not).
struct NegativeRates {
  double tpr = 1, fpr = 0;
};

// nullopt without a usable sample, or when the classifier hardly separates
// the classes (the correction would divide by almost nothing).
std::optional<NegativeRates> RatesOf(const std::optional<ConfusionMatrix>& m) {
  if (!m) return std::nullopt;
  double neg = m->TruthTotal(0), rest = m->TruthTotal(1) + m->TruthTotal(2);
  if (neg <= 0 || rest <= 0) return std::nullopt;
  NegativeRates r{m->count(0, 0) / neg, (m->count(1, 0) + m->count(2, 0)) / rest};
  if (r.tpr - r.fpr < 0.05) return std::nullopt;
  return r;
}

// Adjusted classify and count for one class against the rest:
// observed = tpr * true + fpr * (1 - true), solved for true.
double Corrected(double observed, const NegativeRates& r) {
  return std::clamp((observed - r.fpr) / (r.tpr - r.fpr), 0.0, 1.0);
}

Alert FromFinding(const Finding& f, const SeriesKey& key) {
  Alert a;
  a.kind = f.kind == FindingKind::kSpike ? "spike" : "shift";
  a.series = key;
  a.window_start_ms = f.window_start_ms;
  a.window_end_ms = f.window_end_ms;
  a.baseline = f.baseline;
  a.observed = f.observed;
  a.effect = f.effect;
  a.p_value = f.p_value;
  a.q_value = f.q_value;
  a.window_n = f.window_n;
  a.baseline_n = f.baseline_n;
  return a;
}

// A term alert's examples: the first `limit` of `window` (its series'
// posts in its window) that use the term.
void TermExamples(const std::vector<ExamplePost>& window, int limit, Alert* a) {
  a->examples.clear();
  const std::string key = TermKey(a->term);  // "cafe" for a post that wrote "café"
  for (const ExamplePost& p : window) {
    if (a->examples.size() >= static_cast<size_t>(std::max(0, limit))) break;
    if (HasTerm(p.text, key)) {
      a->examples.push_back({p.source, p.id, p.author, p.text, p.created_at_ms});
    }
  }
}

// The alert of a spike or shift: its figures (shift shares corrected when
// `rates` are known) and example posts (negative ones for a shift).
StatusOr<Alert> ToAlert(Store* store, const Finding& f, const SeriesKey& key,
                        const std::optional<NegativeRates>& rates, const AlertOptions& o) {
  Alert a = FromFinding(f, key);
  if (f.kind == FindingKind::kShift && rates) {
    // The correction is the same linear map for window and baseline, so the
    // test's z (and p) are those of the raw shares; only the shares and
    // their difference change.
    a.baseline = Corrected(a.baseline, *rates);
    a.observed = Corrected(a.observed, *rates);
    a.effect = a.observed - a.baseline;
    a.correction = "adjusted";
  }
  PARLEY_RETURN_IF_ERROR(FindExamples(store, o.examples, o.max_window_posts, &a));
  return a;
}

// Emerging terms in the window of `parent`, as alerts of their own; a term
// already in `seen` for the same window (found with another series) is not
// repeated.
Status AddTerms(Store* store, const Alert& parent, const AlertOptions& o,
                std::set<std::string>* seen, std::vector<Alert>* out) {
  ExampleQuery wq = SliceQuery(parent.series, parent.window_start_ms, parent.window_end_ms,
                               o.max_window_posts);
  PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> window, store->Examples(wq));
  int64_t base_from = parent.window_start_ms - int64_t{o.term_baseline_days} * 24 * kHourMs;
  ExampleQuery bq = SliceQuery(parent.series, base_from, parent.window_start_ms,
                               o.max_baseline_posts);
  PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> baseline, store->Examples(bq));
  std::vector<std::string> wt, bt;
  for (const ExamplePost& p : window) wt.push_back(p.text);
  for (const ExamplePost& p : baseline) bt.push_back(p.text);
  for (const TermScore& s : EmergingTerms(wt, bt, o.terms)) {
    std::string window_term = std::to_string(parent.window_start_ms) + "/" +
                              std::to_string(parent.window_end_ms) + "/" + s.term;
    if (!seen->insert(window_term).second) continue;
    Alert a = parent;
    a.kind = "term";
    a.term = s.term;
    a.baseline = s.baseline_rate;
    a.observed = s.window_rate;
    a.effect = s.ratio;
    a.p_value = a.q_value = s.p_value;
    a.window_n = s.window_count;
    a.baseline_n = s.baseline_count;
    TermExamples(window, o.examples, &a);
    out->push_back(std::move(a));
  }
  return Status::OK();
}

}  // namespace

Status FindExamples(Store* store, int limit, int max_window_posts, Alert* a) {
  if (a->kind == "term") {
    ExampleQuery wq = SliceQuery(a->series, a->window_start_ms, a->window_end_ms, max_window_posts);
    PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> window, store->Examples(wq));
    TermExamples(window, limit, a);
    return Status::OK();
  }
  ExampleQuery eq = SliceQuery(a->series, a->window_start_ms, a->window_end_ms, limit);
  eq.order = ExampleQuery::Order::kEngaged;
  if (a->kind == "shift") eq.label = SentimentLabel::kNegative;
  PARLEY_ASSIGN_OR_RETURN(std::vector<ExamplePost> examples, store->Examples(eq));
  a->examples = ToExamples(examples, static_cast<size_t>(std::max(0, limit)));
  return Status::OK();
}

StatusOr<std::vector<std::vector<HourlySeries>>> LoadHourlySeries(Store* store) {
  std::vector<std::vector<HourlySeries>> out;
  PARLEY_ASSIGN_OR_RETURN(std::vector<ConversationSpan> spans, ConversationSpans(*store));
  if (spans.empty()) return out;
  out.resize(spans.size());
  PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesKey> keys, SeriesKeys(store));
  for (const SeriesKey& key : keys) {
    SeriesQuery q;
    q.granularity = Granularity::kHour;
    q.brand = key.brand;
    q.topic = key.topic;
    q.source = key.source;
    PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesPoint> points,
                            key.intent == "*" ? store->RollupSeries(q)
                                              : store->TagSeries(q, TagKind::kIntent, key.intent));
    size_t span = 0;
    HourlySeries* s = nullptr;  // this key's series in `span`, once it has a post there
    for (const SeriesPoint& p : points) {
      while (span < spans.size() && p.bucket_start > spans[span].last_hour_ms) {
        ++span;
        s = nullptr;
      }
      if (span == spans.size()) break;
      const ConversationSpan& in = spans[span];
      if (p.bucket_start < in.first_hour_ms || p.rollup.n == 0) continue;
      if (s == nullptr) {
        const auto length = static_cast<size_t>((in.last_hour_ms - in.first_hour_ms) / kHourMs + 1);
        out[span].push_back(HourlySeries{key, in.first_hour_ms, std::vector<int64_t>(length),
                                         std::vector<int64_t>(length)});
        s = &out[span].back();
      }
      const auto i = static_cast<size_t>((p.bucket_start - in.first_hour_ms) / kHourMs);
      s->n[i] = p.rollup.n;
      s->neg[i] = p.rollup.Count(SentimentLabel::kNegative);
    }
  }
  return out;
}

StatusOr<std::vector<Alert>> FindAlerts(Store* store, const AlertOptions& o) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::vector<HourlySeries>> spans, LoadHourlySeries(store));
  // Each span's findings, with the series they came from.
  struct Found {
    Finding finding;
    const SeriesKey* key;
  };
  std::vector<Found> findings;
  for (const std::vector<HourlySeries>& series : spans) {
    std::vector<Finding> found = DetectSpikes(series, o.spike);
    for (const Finding& f : found) findings.push_back({f, &series[f.series].key});
    // Shifts of the negative share in the posts of a brand or topic; within
    // an intent's posts (complaints are negative) it tells little, and each
    // series tested raises the others' q-values. Intent series come last
    // (LoadHourlySeries()).
    const auto plain = static_cast<size_t>(
        std::partition_point(series.begin(), series.end(), IsPlain) - series.begin());
    for (const Finding& f : DetectShifts(std::span(series).first(plain), o.shift)) {
      findings.push_back({f, &series[f.series].key});
    }
  }
  // In window order; within a window the most specific series first, so
  // that a term is reported with the narrowest series it emerged in.
  auto specific = [](const Found& f) {
    const SeriesKey& k = *f.key;
    return (k.brand != "*") + (k.topic != "*") + (k.intent != "*") + !k.source.empty();
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const Found& a, const Found& b) {
    if (a.finding.window_start_ms != b.finding.window_start_ms) {
      return a.finding.window_start_ms < b.finding.window_start_ms;
    }
    return specific(a) > specific(b);
  });
  std::set<std::string> terms_seen;
  std::optional<NegativeRates> rates = RatesOf(o.validation);
  std::vector<Alert> out;
  for (const Found& found : findings) {
    const Finding& f = found.finding;
    if (f.window_start_ms < o.from_ms || f.window_start_ms >= o.to_ms) continue;
    PARLEY_ASSIGN_OR_RETURN(Alert a, ToAlert(store, f, *found.key, rates, o));
    out.push_back(a);
    if (o.find_terms) PARLEY_RETURN_IF_ERROR(AddTerms(store, a, o, &terms_seen, &out));
  }
  return out;
}

}  // namespace parley::change
