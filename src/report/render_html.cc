// A self-contained HTML report: inline CSS and SVG charts, no script and no
// network, so it opens from a file or a mail attachment. Every piece of user
// content (post text, author names, brand and topic names) is escaped.
#include <fmt/format.h>

#include <algorithm>

#include "src/core/timestamp.h"
#include "src/report/report.h"

namespace parley {
namespace {

constexpr const char* kLabels[] = {"negative", "neutral", "positive"};
constexpr const char* kPalette[] = {"#3b6ea8", "#d9822b", "#3a9a5b", "#8e5ea2", "#c23b4e",
                                    "#5f6b73", "#b8a03a", "#2a8f8f"};

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Maps data coordinates onto an SVG plot area.
struct Plot {
  double width = 760, height = 220, left = 48, right = 12, top = 12, bottom = 28;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  double X(double x) const {
    return left + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (width - left - right);
  }
  double Y(double y) const {
    return top + (1 - (y1 > y0 ? (y - y0) / (y1 - y0) : 0)) * (height - top - bottom);
  }
};

void Axes(const Plot& p, const std::string& y_label, bool percent, std::string* out) {
  fmt::format_to(std::back_inserter(*out),
                 "<line x1='{0}' y1='{1}' x2='{2}' y2='{1}' class='axis'/>"
                 "<line x1='{0}' y1='{3}' x2='{0}' y2='{1}' class='axis'/>",
                 p.left, p.Y(p.y0), p.width - p.right, p.Y(p.y1));
  for (int t = 0; t <= 4; ++t) {
    double v = p.y0 + (p.y1 - p.y0) * t / 4;
    std::string text = percent ? fmt::format("{:.0f}%", v * 100) : fmt::format("{:.0f}", v);
    fmt::format_to(std::back_inserter(*out), "<text x='{}' y='{}' class='tick' text-anchor='end'>{}</text>",
                   p.left - 4, p.Y(v) + 4, text);
  }
  fmt::format_to(std::back_inserter(*out), "<text x='4' y='{}' class='tick'>{}</text>", p.top + 2,
                 Escape(y_label));
}

void TimeTicks(const ReportData& r, const Plot& p, int64_t from, int64_t to, std::string* out) {
  for (int t = 0; t <= 4; ++t) {
    double v = static_cast<double>(from) + static_cast<double>(to - from) * t / 4;
    fmt::format_to(std::back_inserter(*out),
                   "<text x='{}' y='{}' class='tick' text-anchor='middle'>{}</text>", p.X(v),
                   p.height - 8, ShownDay(r, static_cast<int64_t>(v)));
  }
}

// Volume per bucket: one line per series.
std::string VolumeChart(const ReportData& r) {
  if (r.series.empty() || r.series.front().points.empty()) return "";
  Plot p;
  p.x0 = static_cast<double>(r.from_ms);
  p.x1 = static_cast<double>(r.to_ms);
  for (const Series& s : r.series)
    for (const BucketPoint& pt : s.points) p.y1 = std::max(p.y1, static_cast<double>(pt.counts.n));
  std::string svg = fmt::format("<svg viewBox='0 0 {} {}' role='img' aria-label='volume'>", p.width, p.height);
  Axes(p, "posts", false, &svg);
  TimeTicks(r, p, r.from_ms, r.to_ms, &svg);
  for (size_t i = 0; i < r.series.size(); ++i) {
    std::string points;
    for (const BucketPoint& pt : r.series[i].points)
      points += fmt::format("{:.1f},{:.1f} ", p.X(static_cast<double>(pt.bucket_ms)), p.Y(static_cast<double>(pt.counts.n)));
    fmt::format_to(std::back_inserter(svg), "<polyline points='{}' fill='none' stroke='{}' stroke-width='{}'/>",
                   points, kPalette[i % 8], i == 0 ? 2.5 : 1.5);
  }
  svg += "</svg>";
  return svg;
}

// Negative share per bucket with its interval as a band.
std::string NegativeChart(const ReportData& r) {
  if (r.series.empty() || r.series.front().points.empty()) return "";
  const auto& pts = r.series.front().points;
  Plot p;
  p.x0 = static_cast<double>(r.from_ms);
  p.x1 = static_cast<double>(r.to_ms);
  p.y1 = 0;
  for (const BucketPoint& pt : pts) p.y1 = std::max(p.y1, pt.negative.high);
  p.y1 = std::min(1.0, std::max(0.1, p.y1));
  std::string svg = fmt::format("<svg viewBox='0 0 {} {}' role='img' aria-label='negative share'>", p.width, p.height);
  Axes(p, "negative share", true, &svg);
  TimeTicks(r, p, r.from_ms, r.to_ms, &svg);
  std::string band, line;
  for (const BucketPoint& pt : pts)
    band += fmt::format("{:.1f},{:.1f} ", p.X(static_cast<double>(pt.bucket_ms)), p.Y(pt.negative.high));
  for (auto it = pts.rbegin(); it != pts.rend(); ++it)
    band += fmt::format("{:.1f},{:.1f} ", p.X(static_cast<double>(it->bucket_ms)), p.Y(it->negative.low));
  for (const BucketPoint& pt : pts)
    line += fmt::format("{:.1f},{:.1f} ", p.X(static_cast<double>(pt.bucket_ms)), p.Y(pt.negative.estimate));
  fmt::format_to(std::back_inserter(svg), "<polygon points='{}' class='band'/><polyline points='{}' class='neg'/></svg>",
                 band, line);
  return svg;
}

// Horizontal bars with interval whiskers.
std::string Bars(const std::vector<ShareRow>& rows, bool negatives = false) {
  if (rows.empty()) return "";
  double row_h = 26, width = 760, label_w = 170, bar_w = 460;
  double max = 0.05;
  for (const ShareRow& r : rows) max = std::max(max, r.share.high);
  std::string svg = fmt::format("<svg viewBox='0 0 {} {}' role='img'>", width, row_h * static_cast<double>(rows.size()) + 8);
  for (size_t i = 0; i < rows.size(); ++i) {
    const ShareRow& r = rows[i];
    double y = 4 + row_h * static_cast<double>(i);
    auto x = [&](double v) { return label_w + bar_w * v / max; };
    fmt::format_to(std::back_inserter(svg),
                   "<text x='{}' y='{}' class='label' text-anchor='end'>{}</text>"
                   "<rect x='{}' y='{}' width='{:.1f}' height='{}' fill='{}'/>"
                   "<line x1='{:.1f}' y1='{}' x2='{:.1f}' y2='{}' class='whisker'/>"
                   "<text x='{:.1f}' y='{}' class='tick'>{} · {} {}posts</text>",
                   label_w - 6, y + 15, Escape(RowLabel(r)), label_w, y + 3, x(r.share.estimate) - label_w,
                   row_h - 8, kPalette[i % 8], x(r.share.low), y + row_h / 2, x(r.share.high),
                   y + row_h / 2, x(r.share.high) + 6, y + 15, Escape(FormatShare(r.share)),
                   negatives ? static_cast<uint64_t>(r.counts.by_label[0]) : r.counts.n,
                   negatives ? "negative " : "");
  }
  svg += "</svg>";
  return svg;
}

std::string ExampleList(const ReportData& report, const std::vector<EvidencePost>& posts) {
  if (posts.empty()) return "";
  std::string out = "<ul class='posts'>";
  for (const EvidencePost& p : posts) {
    fmt::format_to(std::back_inserter(out),
                   "<li><span class='meta'>{} · {} · {} {:+.2f} · {}:{}</span><br>{}</li>",
                   ShownDay(report, p.created_at_ms), Escape(Byline(p.author)), Escape(p.label),
                   p.score, Escape(p.source), Escape(p.id), Escape(p.text));
  }
  return out + "</ul>";
}

std::string Section(const ReportData& report, const char* title, const std::vector<ShareRow>& rows,
                    bool negatives = false) {
  if (rows.empty()) return "";
  std::string out = fmt::format("<h2>{}</h2>{}", title, Bars(rows, negatives));
  if (rows.front().change) {
    // Against the earlier period (report --compare).
    out += "<table><tr><th></th><th>now</th><th>change</th></tr>";
    for (const ShareRow& r : rows) {
      fmt::format_to(std::back_inserter(out), "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                     Escape(RowLabel(r)), FormatShare(r.share),
                     r.change ? Escape(ChangeText(*r.change)) : "-");
    }
    out += "</table>";
  }
  out += "<details><summary>posts behind these bars</summary>";
  for (const ShareRow& r : rows)
    out += fmt::format("<h3>{}</h3>{}", Escape(RowLabel(r)), ExampleList(report, r.examples));
  return out + "</details>";
}

std::string AspectTable(const std::vector<AspectRow>& rows) {
  if (rows.empty()) return "";
  std::string out =
      "<h2>Aspects</h2><p class='note'>How each topic is spoken of, by the clauses around its "
      "mentions.</p><table><tr><th></th><th>mentions</th><th>negative</th><th>positive</th>"
      "<th>mean score</th>";
  const bool compared = std::any_of(rows.begin(), rows.end(),
                                    [](const AspectRow& a) { return a.change.has_value(); });
  out += compared ? "<th>negative change</th></tr>" : "</tr>";
  for (const AspectRow& a : rows) {
    fmt::format_to(
        std::back_inserter(out),
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:+.2f}</td>{}</tr>", Escape(a.name),
        a.counts.n, FormatShare(a.negative), FormatShare(a.positive), a.mean_score,
        !compared ? "" : "<td>" + (a.change ? Escape(ChangeText(*a.change)) : "-") + "</td>");
  }
  return out + "</table>";
}

std::string PriceTable(const std::vector<PriceRow>& rows) {
  if (rows.empty()) return "";
  std::string out =
      "<h2>Prices mentioned</h2><table><tr><th></th><th>posts</th><th>share</th>"
      "<th>negative</th><th>amounts</th><th>mean amount</th>";
  const bool compared =
      std::any_of(rows.begin(), rows.end(), [](const PriceRow& p) { return p.change.has_value(); });
  out += compared ? "<th>change</th></tr>" : "</tr>";
  for (const PriceRow& p : rows) {
    fmt::format_to(
        std::back_inserter(out),
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
        Escape(p.currency.empty() ? "price words" : p.currency), p.counts.n, FormatShare(p.share),
        FormatShare(p.negative), p.amounts, p.amounts ? fmt::format("{:.2f}", p.mean_amount) : "-",
        !compared ? "" : "<td>" + (p.change ? Escape(ChangeText(*p.change)) : "-") + "</td>");
  }
  return out + "</table>";
}

// "What the negative posts say...": a heading from a lower-case line (ASCII
// first letter).
std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// What the negative posts say: a table of terms, the lexicon's words in a
// line, and the posts behind each term.
std::string KeyTermsHtml(const ReportData& report, const KeyTermsSection& k) {
  std::string out =
      fmt::format("<h2>{}</h2><p class='note'>{}</p>", Escape(Capitalized(KeyTermsTitle(k))),
                  Escape(KeyTermsNote(report, k)));
  if (!k.terms.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "<table><tr><th>term</th><th>{} posts</th><th>share</th><th>{}</th>"
                   "<th>ratio</th><th>q</th></tr>",
                   Escape(k.label), Escape(KeyTermsOther(k)));
    for (const KeyTermRow& t : k.terms) {
      fmt::format_to(std::back_inserter(out),
                     "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     Escape(t.term), t.label_posts, FormatShare(t.label_share),
                     FormatShare(t.other_share), Escape(FormatRatio(t.ratio)),
                     Escape(FormatQValue(t.q_value)));
    }
    out += "</table>";
  }
  if (!k.sentiment_terms.empty()) {
    out += "<p class='note'>Words of the sentiment lexicon, which the model labels posts by: ";
    for (size_t i = 0; i < k.sentiment_terms.size(); ++i) {
      out += (i ? ", " : "") + Escape(k.sentiment_terms[i].term) + " " +
             Escape(FormatRatio(k.sentiment_terms[i].ratio));
    }
    out += ".</p>";
  }
  if (k.terms.empty()) return out;
  out += "<details><summary>posts behind these terms</summary>";
  for (const KeyTermRow& t : k.terms)
    out += fmt::format("<h3>{}</h3>{}", Escape(t.term), ExampleList(report, t.examples));
  return out + "</details>";
}

constexpr const char kStyle[] =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:820px;margin:24px auto;padding:0 12px;"
    "color:#1f2328}h1{font-size:24px}h2{font-size:18px;margin-top:28px}h3{font-size:15px}"
    "svg{width:100%;height:auto}.axis{stroke:#888}.tick{font-size:11px;fill:#555}"
    ".label{font-size:12px;fill:#222}.whisker{stroke:#222;stroke-width:1.5}"
    ".band{fill:#c23b4e;opacity:.18}.neg{fill:none;stroke:#c23b4e;stroke-width:2}"
    "table{border-collapse:collapse}td,th{padding:3px 10px;text-align:left}"
    ".posts li{margin:6px 0}.meta{color:#666;font-size:12px}.note{color:#555}";

}  // namespace

std::string RenderHtml(const ReportData& r) {
  std::string out = fmt::format(
      "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
      "<meta name='viewport' content='width=device-width,initial-scale=1'>"
      "<title>{0}</title><style>{1}</style></head><body><h1>{0}</h1>",
      Escape(r.title), kStyle);
  const bool compared = r.comparison && r.comparison->total.n > 0;
  fmt::format_to(
      std::back_inserter(out),
      "<p class='note'>{} posts{} from {} to {}{}; model {}; {}every share with its {:.0f}% "
      "interval.</p>{}<h2>Sentiment</h2><p class='note'>{}</p><table><tr><th></th>"
      "<th>share</th><th>raw count share</th>{}</tr>",
      r.total.n, Escape(ScopeText(r)), ShownDay(r, r.from_ms), ShownDay(r, r.to_ms),
      r.zone ? " (" + Escape(ClockName(r)) + ")" : "", Escape(r.model),
      r.taxonomy.empty() ? "" : "taxonomy " + Escape(r.taxonomy) + "; ", r.confidence * 100,
      r.comparison ? "<p class='note'>" + Escape(ComparisonText(r)) + "</p>" : "",
      Escape(r.correction_note.empty() ? "raw counts; no validation sample given"
                                       : r.correction_note),
      compared ? "<th>change</th>" : "");
  for (int k = 0; k < kClasses; ++k) {
    const Change* change = !compared                   ? nullptr
                           : r.correction_note.empty() ? &r.comparison->raw[k]
                                                       : &r.comparison->corrected[k];
    fmt::format_to(
        std::back_inserter(out), "<tr><td>{}</td><td>{}</td><td>{}</td>{}</tr>", kLabels[k],
        r.corrected.clipped[k] ? std::string("clipped, see above")
                               : FormatShare(r.corrected.shares[k]),
        FormatShare(r.raw.shares[k]), change ? "<td>" + Escape(ChangeText(*change)) + "</td>" : "");
  }
  // Net sentiment: (positive - negative) / (positive + negative).
  fmt::format_to(
      std::back_inserter(out), "<tr><td>net</td><td>{}</td><td>{}</td>{}</tr>",
      r.corrected.NetClipped() ? std::string("clipped, see above") : FormatNet(r.corrected.net),
      FormatNet(r.raw.net), compared ? "<td></td>" : "");
  out += "</table><h2>Volume per " + Escape(r.granularity) + "</h2>" + VolumeChart(r);
  if (r.series.size() > 1) {
    out += "<p class='note'>";
    for (size_t i = 0; i < r.series.size(); ++i)
      fmt::format_to(std::back_inserter(out), "<span style='color:{}'>■</span> {} ", kPalette[i % 8],
                     Escape(r.series[i].name));
    out += "</p>";
  }
  out += "<h2>Negative share (band: interval)</h2>" + NegativeChart(r);
  out += Section(r, "Channels", r.channels);
  out += Section(r, "Share of voice", r.brands);
  out += Section(r, "Top topics", r.topics);
  out += Section(r, "Complaint reasons", r.reasons, /*negatives=*/true);
  out += Section(r, "Intents", r.intents);
  out += Section(r, "What the complaints are about", r.complaint_topics);
  out += AspectTable(r.aspects);
  out += PriceTable(r.prices);
  for (const KeyTermsSection& k : r.key_terms) out += KeyTermsHtml(r, k);
  out += Section(r, "Languages", r.languages);
  if (!r.language_note.empty()) out += "<p class='note'>" + Escape(r.language_note) + "</p>";
  if (r.topic != "*") out += "<p class='note'>" + Escape(TopicNote(r)) + "</p>";
  out += "<h2>Posts behind the sentiment shares</h2>";
  for (int k = 0; k < kClasses; ++k) out += ExampleList(r, r.overall_examples[k]);
  out += "</body></html>\n";
  return out;
}

}  // namespace parley
