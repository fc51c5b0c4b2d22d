// JSON rendering of a report: the same figures as the other renderings,
// with intervals and example posts, for programs and the dashboard.
#include <fmt/format.h>

#include <limits>
#include <tuple>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"
#include "src/report/report.h"

namespace parley {
namespace {

constexpr const char* kLabels[] = {"negative", "neutral", "positive"};

void Key(std::string_view k, std::string* out) {
  AppendJsonString(k, out);
  out->push_back(':');
}

void Num(double v, std::string* out) { fmt::format_to(std::back_inserter(*out), "{}", v); }

void Time(int64_t ms, std::string* out) {
  out->push_back('"');
  AppendTimestamp(ms, out);
  out->push_back('"');
}

void IntervalJson(const Interval& i, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{{\"estimate\":{},\"low\":{},\"high\":{}}}",
                 i.estimate, i.low, i.high);
}

void Counts(const LabelCounts& c, std::string* out) {
  fmt::format_to(std::back_inserter(*out),
                 "{{\"n\":{},\"negative\":{},\"neutral\":{},\"positive\":{}}}", c.n, c.by_label[0],
                 c.by_label[1], c.by_label[2]);
}

void Post(const EvidencePost& p, std::string* out) {
  out->append("{");
  Key("source", out);
  AppendJsonString(p.source, out);
  out->append(",");
  Key("id", out);
  AppendJsonString(p.id, out);
  out->append(",");
  Key("author", out);
  AppendJsonString(p.author, out);
  out->append(",");
  Key("created_at", out);
  Time(p.created_at_ms, out);
  out->append(",");
  Key("label", out);
  AppendJsonString(p.label, out);
  out->append(",");
  Key("score", out);
  Num(p.score, out);
  out->append(",");
  Key("text", out);
  AppendJsonString(p.text, out);
  out->append("}");
}

void Posts(const std::vector<EvidencePost>& posts, std::string* out) {
  out->append("[");
  for (size_t i = 0; i < posts.size(); ++i) {
    if (i) out->append(",");
    Post(posts[i], out);
  }
  out->append("]");
}

void Shares(const CorrectedShares& s, std::string* out) {
  out->append("{");
  for (int k = 0; k < kClasses; ++k) {
    if (k) out->append(",");
    Key(kLabels[k], out);
    IntervalJson(s.shares[k], out);
  }
  out->append("}");
}

// {"previous_posts":N,"previous":{...},"difference":{...},"significant":B}
void ChangeJson(const Change& c, std::string* out) {
  fmt::format_to(std::back_inserter(*out),
                 "{{\"previous_posts\":{},\"previous\":", c.previous_posts);
  IntervalJson(c.previous, out);
  out->append(",\"difference\":");
  IntervalJson(c.difference, out);
  out->append(c.Significant() ? ",\"significant\":true}" : ",\"significant\":false}");
}

// The comparison's period, totals, volume and sentiment changes; null
// without one.
void ComparisonJson(const ReportData& r, std::string* out) {
  out->append(",");
  Key("comparison", out);
  if (!r.comparison) {
    out->append("null");
    return;
  }
  const Comparison& c = *r.comparison;
  out->append("{");
  Key("from", out);
  Time(c.from_ms, out);
  out->append(",");
  Key("to", out);
  Time(c.to_ms, out);
  out->append(",");
  // The report's own period as compared (without --until, up to the end of
  // the store's last hour with posts or of the hour now).
  Key("current_from", out);
  if (c.current_from_ms != std::numeric_limits<int64_t>::min())
    Time(c.current_from_ms, out);
  else
    out->append("null");
  out->append(",");
  Key("current_to", out);
  if (c.current_to_ms != std::numeric_limits<int64_t>::max())
    Time(c.current_to_ms, out);
  else
    out->append("null");
  out->append(",");
  Key("total", out);
  Counts(c.total, out);
  out->append(",");
  // Posts an hour in the report's period over the earlier one's.
  Key("volume_ratio", out);
  if (c.volume)
    IntervalJson(*c.volume, out);
  else
    out->append("null");
  out->append(",");
  Key("sentiment", out);
  out->append("{");
  const bool corrected = r.corrected.correction != Correction::kNone && c.total.n > 0;
  for (const auto& [key, changes, shown] :
       {std::tuple{"raw", &c.raw, c.total.n > 0}, {"corrected", &c.corrected, corrected}}) {
    if (std::string_view(key) == "corrected") out->append(",");
    Key(key, out);
    if (!shown) {
      out->append("null");
      continue;
    }
    out->append("{");
    for (int k = 0; k < kClasses; ++k) {
      if (k) out->append(",");
      Key(kLabels[k], out);
      ChangeJson((*changes)[k], out);
    }
    out->append("}");
  }
  out->append("}}");
}

void Rows(std::string_view name, const std::vector<ShareRow>& rows, std::string* out) {
  out->append(",");
  Key(name, out);
  out->append("[");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ShareRow& r = rows[i];
    out->append(i ? ",{" : "{");
    Key("name", out);
    AppendJsonString(r.name, out);
    out->append(",");
    if (!r.display.empty()) {
      Key("display_name", out);
      AppendJsonString(r.display, out);
      out->append(",");
    }
    if (r.own >= 0) {
      Key("own", out);
      out->append(r.own ? "true," : "false,");
    }
    Key("counts", out);
    Counts(r.counts, out);
    out->append(",");
    Key("share", out);
    IntervalJson(r.share, out);
    out->append(",");
    Key("negative", out);
    IntervalJson(r.negative, out);
    out->append(",");
    Key("net_sentiment", out);
    IntervalJson(r.net, out);
    out->append(",");
    Key("examples", out);
    Posts(r.examples, out);
    if (r.change) {
      out->append(",");
      Key("change", out);
      ChangeJson(*r.change, out);
    }
    out->append("}");
  }
  out->append("]");
}

void SeriesJson(std::string_view name, const std::vector<Series>& series, std::string* out) {
  out->append(",");
  Key(name, out);
  out->append("[");
  for (size_t s = 0; s < series.size(); ++s) {
    out->append(s ? ",{" : "{");
    Key("name", out);
    AppendJsonString(series[s].name, out);
    out->append(",");
    Key("points", out);
    out->append("[");
    for (size_t i = 0; i < series[s].points.size(); ++i) {
      const BucketPoint& p = series[s].points[i];
      out->append(i ? ",{" : "{");
      Key("bucket", out);
      Time(p.bucket_ms, out);
      out->append(",");
      Key("counts", out);
      Counts(p.counts, out);
      out->append(",");
      Key("negative", out);
      IntervalJson(p.negative, out);
      out->append(",");
      Key("positive", out);
      IntervalJson(p.positive, out);
      out->append("}");
    }
    out->append("]}");
  }
  out->append("]");
}

}  // namespace

void KeyTermsJson(const ReportData& r, std::string* out) {
  if (r.key_terms.empty()) return;
  out->append(",");
  Key("key_terms", out);
  out->append("[");
  for (size_t i = 0; i < r.key_terms.size(); ++i) {
    const KeyTermsSection& k = r.key_terms[i];
    if (i) out->append(",");
    fmt::format_to(std::back_inserter(*out),
                   "{{\"label\":\"{}\",\"versus\":\"{}\",\"label_posts\":{},\"other_posts\":{},"
                   "\"brand_posts\":{},\"shares_left_out\":{},\"brand_name_terms\":{},"
                   "\"sampled\":{},\"max_posts\":{},\"tested\":{},\"min_posts\":{},\"fdr\":{}",
                   k.label, KeyTermsVersusName(k.versus), k.label_posts, k.other_posts,
                   k.brand_posts, k.shares, k.brand_name_terms, k.sampled, k.max_posts, k.tested,
                   k.min_posts, k.fdr);
    if (k.versus == KeyTermsSection::Versus::kBrands) {
      out->append(",");
      Key("brand", out);
      AppendJsonString(k.brand, out);
    }
    if (k.versus == KeyTermsSection::Versus::kPrevious) {
      // The period read and the one before, half-open.
      out->append(",\"period\":{\"from\":");
      Time(k.from_ms, out);
      out->append(",\"to\":");
      Time(k.to_ms, out);
      out->append("},\"previous\":{\"from\":");
      Time(k.earlier_from_ms, out);
      out->append(",\"to\":");
      Time(k.earlier_to_ms, out);
      out->append("}");
      if (k.overlaps) out->append(",\"overlaps\":true");
    }
    for (const auto& [name, rows] :
         {std::pair{"terms", &k.terms}, std::pair{"sentiment_terms", &k.sentiment_terms}}) {
      out->append(",");
      Key(name, out);
      out->append("[");
      for (size_t j = 0; j < rows->size(); ++j) {
        const KeyTermRow& t = (*rows)[j];
        out->append(j ? ",{" : "{");
        Key("term", out);
        AppendJsonString(t.term, out);
        fmt::format_to(std::back_inserter(*out), ",\"label_posts\":{},\"other_posts\":{},",
                       t.label_posts, t.other_posts);
        Key("label_share", out);
        IntervalJson(t.label_share, out);
        out->append(",");
        Key("other_share", out);
        IntervalJson(t.other_share, out);
        out->append(",");
        Key("ratio", out);
        IntervalJson(t.ratio, out);
        out->append(",");
        Key("q_value", out);
        Num(t.q_value, out);
        out->append(",");
        Key("examples", out);
        Posts(t.examples, out);
        out->append("}");
      }
      out->append("]");
    }
    out->append("}");
  }
  out->append("]");
}

std::string RenderJson(const ReportData& r) {
  std::string out = "{";
  Key("title", &out);
  AppendJsonString(r.title, &out);
  out.append(",");
  Key("granularity", &out);
  AppendJsonString(r.granularity, &out);
  out.append(",");
  // Whose days the buckets are (times below are UTC instants either way).
  Key("time_zone", &out);
  AppendJsonString(ClockName(r), &out);
  out.append(",");
  // The half-open range the figures cover; null when they cover none.
  Key("from", &out);
  if (r.range_from_ms) Time(*r.range_from_ms, &out); else out.append("null");
  out.append(",");
  Key("to", &out);
  if (r.range_to_ms) Time(*r.range_to_ms, &out); else out.append("null");
  out.append(",");
  Key("model", &out);
  AppendJsonString(r.model, &out);
  out.append(",");
  if (!r.taxonomy.empty()) {
    Key("taxonomy", &out);
    AppendJsonString(r.taxonomy, &out);
    out.append(",");
  }
  // The brand whose posts the figures count ("*": all posts).
  Key("brand", &out);
  AppendJsonString(r.brand, &out);
  out.append(",");
  // The topic whose posts the figures count ("*": all posts), and with one
  // its share of the posts in scope (the brand's, in the range) and what
  // its report leaves out.
  Key("topic", &out);
  AppendJsonString(r.topic, &out);
  out.append(",");
  if (r.topic != "*") {
    Key("topic_share", &out);
    fmt::format_to(std::back_inserter(out), "{{\"posts\":{},\"of_posts\":{},\"share\":", r.total.n,
                   r.scope_posts);
    IntervalJson(r.topic_share, &out);
    out.append("},");
    Key("topic_note", &out);
    AppendJsonString(TopicNote(r), &out);
    out.append(",");
  }
  Key("confidence", &out);
  Num(r.confidence, &out);
  out.append(",");
  Key("total", &out);
  Counts(r.total, &out);
  out.append(",");
  Key("sentiment", &out);
  out.append("{");
  Key("raw", &out);
  Shares(r.raw, &out);
  out.append(",");
  Key("corrected", &out);
  Shares(r.corrected, &out);
  out.append(",");
  // (positive - negative) / (positive + negative), raw and corrected.
  Key("net_sentiment", &out);
  out.append("{\"raw\":");
  IntervalJson(r.raw.net, &out);
  out.append(",\"corrected\":");
  IntervalJson(r.corrected.net, &out);
  out.append("},");
  Key("correction", &out);
  AppendJsonString(CorrectionName(r.corrected.correction), &out);
  out.append(",");
  Key("validation_posts", &out);
  Num(r.corrected.validation_size, &out);
  out.append(",");
  // The classes whose corrected share the correction put outside [0, 1].
  Key("clipped", &out);
  out.append("[");
  for (int k = 0, n = 0; k < kClasses; ++k) {
    if (!r.corrected.clipped[k]) continue;
    if (n++) out.append(",");
    AppendJsonString(kLabels[k], &out);
  }
  out.append("],");
  Key("examples", &out);
  out.append("{");
  for (int k = 0; k < kClasses; ++k) {
    if (k) out.append(",");
    Key(kLabels[k], &out);
    Posts(r.overall_examples[k], &out);
  }
  out.append("}}");
  Rows("channels", r.channels, &out);
  Rows("share_of_voice", r.brands, &out);
  Rows("topics", r.topics, &out);
  Rows("complaint_reasons", r.reasons, &out);
  Rows("intents", r.intents, &out);
  Rows("complaint_topics", r.complaint_topics, &out);
  out.append(",");
  Key("aspects", &out);
  out.append("[");
  for (size_t i = 0; i < r.aspects.size(); ++i) {
    const AspectRow& a = r.aspects[i];
    out.append(i ? ",{" : "{");
    Key("topic", &out);
    AppendJsonString(a.name, &out);
    out.append(",");
    Key("mentions", &out);
    Counts(a.counts, &out);
    out.append(",");
    Key("negative", &out);
    IntervalJson(a.negative, &out);
    out.append(",");
    Key("positive", &out);
    IntervalJson(a.positive, &out);
    out.append(",");
    Key("mean_score", &out);
    Num(a.mean_score, &out);
    if (a.change) {  // of the negative share
      out.append(",");
      Key("change", &out);
      ChangeJson(*a.change, &out);
    }
    out.append("}");
  }
  out.append("],");
  Key("prices", &out);
  out.append("[");
  for (size_t i = 0; i < r.prices.size(); ++i) {
    const PriceRow& p = r.prices[i];
    out.append(i ? ",{" : "{");
    Key("currency", &out);
    if (p.currency.empty())
      out.append("null");
    else
      AppendJsonString(p.currency, &out);
    out.append(",");
    Key("counts", &out);
    Counts(p.counts, &out);
    out.append(",");
    Key("share", &out);
    IntervalJson(p.share, &out);
    out.append(",");
    Key("negative", &out);
    IntervalJson(p.negative, &out);
    out.append(",");
    Key("amounts", &out);
    Num(static_cast<double>(p.amounts), &out);
    out.append(",");
    Key("mean_amount", &out);
    if (p.amounts)
      Num(p.mean_amount, &out);
    else
      out.append("null");
    if (p.change) {
      out.append(",");
      Key("change", &out);
      ChangeJson(*p.change, &out);
    }
    out.append("}");
  }
  out.append("]");
  KeyTermsJson(r, &out);
  Rows("languages", r.languages, &out);
  out.append(",");
  Key("language_note", &out);
  AppendJsonString(r.language_note, &out);
  ComparisonJson(r, &out);
  SeriesJson("series", r.series, &out);
  SeriesJson("topic_series", r.topic_series, &out);
  SeriesJson("channel_series", r.channel_series, &out);
  out.append("}\n");
  return out;
}

}  // namespace parley
