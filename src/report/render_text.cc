// Terminal and Markdown renderings of a report.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "src/core/timestamp.h"
#include "src/report/report.h"

namespace parley {
namespace {

constexpr const char* kLabels[] = {"negative", "neutral", "positive"};

// A bucket's start: its day, or for hours its hour ("2024-03-14T09:00Z"; on
// a zone's clock with no Z, and the minutes, which are not :00 in a zone
// half an hour off UTC).
std::string Bucket(const ReportData& r, int64_t ms) {
  if (r.granularity != "hour") return ShownDay(r, ms);
  if (r.zone == nullptr) return FormatTimestamp(ms).substr(0, 13) + ":00Z";
  return FormatTimestamp(r.zone->ToLocal(ms)).substr(0, 16);
}

// One line of text for a post: no newlines, at most `width` characters.
std::string OneLine(const std::string& text, size_t width = 110) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (out.size() > width) {
    size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out = out.substr(0, cut) + "…";
  }
  return out;
}

// User content in Markdown: HTML-significant characters become entities (a
// Markdown viewer may render raw HTML) and '|' cannot break a table cell.
std::string MarkdownText(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '|': out += "\\|"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Example(const ReportData& r, const EvidencePost& p) {
  return fmt::format("{} {} [{} {:+.2f}] {}", ShownDay(r, p.created_at_ms), Byline(p.author),
                     p.label, p.score, OneLine(p.text));
}

void Overview(const ReportData& r, bool markdown, std::string* out) {
  std::string range =
      r.total.n ? ShownDay(r, r.from_ms) + " to " + ShownDay(r, r.to_ms) : "no posts";
  if (r.zone != nullptr) range += " (" + ClockName(r) + ")";
  fmt::format_to(std::back_inserter(*out), "{} posts{}, {}; model: {}; {}{:.0f}% intervals\n",
                 r.total.n, ScopeText(r), range, r.model,
                 r.taxonomy.empty() ? "" : "taxonomy: " + r.taxonomy + "; ", r.confidence * 100);
  if (r.comparison) {
    fmt::format_to(std::back_inserter(*out), "{}{}\n", markdown ? "\n" : "", ComparisonText(r));
  }
  fmt::format_to(std::back_inserter(*out), "{}sentiment ({}):\n", markdown ? "\n" : "",
                 r.correction_note.empty() ? "raw counts" : r.correction_note);
  for (int k = 0; k < kClasses; ++k) {
    std::string raw = FormatShare(r.raw.shares[k]);
    std::string line = r.correction_note.empty() ? raw
                       : r.corrected.clipped[k]
                           ? "clipped, see above   (raw " + raw + ")"
                           : FormatShare(r.corrected.shares[k]) + "   (raw " + raw + ")";
    if (r.comparison && r.comparison->total.n) {
      const bool corrected = !r.correction_note.empty();
      line += "   " + ChangeText(corrected ? r.comparison->corrected[k] : r.comparison->raw[k]);
    }
    fmt::format_to(std::back_inserter(*out), "{}{:<9} {}\n", markdown ? "- " : "  ", kLabels[k],
                   line);
  }
  // The balance of the posts that take a side.
  // A clipped negative or positive share leaves the corrected balance
  // nothing to stand on: the raw one then.
  const std::string net =
      r.correction_note.empty() ? FormatNet(r.raw.net)
      : r.corrected.NetClipped()
          ? FormatNet(r.raw.net) + "   (raw: the correction was clipped)"
          : FormatNet(r.corrected.net) + "   (raw " + FormatNet(r.raw.net) + ")";
  fmt::format_to(std::back_inserter(*out),
                 "{}{:<9} {}   (positive - negative) / (positive + negative)\n",
                 markdown ? "- " : "  ", "net", net);
}

// `negatives`: the rows are topics of negative posts (complaint reasons),
// counted by their negative posts, which their shares are of.
void Rows(const ReportData& r, const char* title, const std::vector<ShareRow>& rows, bool markdown,
          std::string* out, bool negatives = false) {
  if (rows.empty()) return;
  fmt::format_to(std::back_inserter(*out), "\n{}{}\n", markdown ? "## " : "", title);
  const bool compared = r.comparison.has_value() && r.comparison->total.n > 0;
  if (markdown) {
    fmt::format_to(
        std::back_inserter(*out),
        "\n| | {} | share | negative | net |{} example |\n|---|---:|---|---|---|{}---|\n",
        negatives ? "negative posts" : "posts", compared ? " change |" : "",
        compared ? "---|" : "");
  }
  for (const ShareRow& row : rows) {
    const uint64_t count = negatives ? static_cast<uint64_t>(row.counts.by_label[0]) : row.counts.n;
    std::string example = row.examples.empty() ? "" : Example(r, row.examples.front());
    if (markdown) {
      std::string cell = MarkdownText(OneLine(example, 90));
      const std::string change =
          !compared ? "" : " " + (row.change ? ChangeText(*row.change) : std::string("-")) + " |";
      fmt::format_to(std::back_inserter(*out), "| {} | {} | {} | {} | {} |{} {} |\n",
                     MarkdownText(RowLabel(row)), count, FormatShare(row.share),
                     FormatShare(row.negative), FormatNet(row.net), change, cell);
    } else {
      std::string line =
          fmt::format("  {:<22} {:>8}  {:<24} neg {:<24} net {}", RowLabel(row), count,
                      FormatShare(row.share), FormatShare(row.negative), FormatNet(row.net));
      if (row.change) line = fmt::format("{:<116}  {}", line, ChangeText(*row.change));
      fmt::format_to(std::back_inserter(*out), "{}\n", line);
      if (!example.empty()) fmt::format_to(std::back_inserter(*out), "      e.g. {}\n", example);
    }
  }
}

void AspectRows(const std::vector<AspectRow>& rows, bool markdown, std::string* out) {
  if (rows.empty()) return;
  fmt::format_to(std::back_inserter(*out),
                 "\n{}aspects (how each topic is spoken of, by the clauses around it; count: "
                 "mentions)\n",
                 markdown ? "## " : "");
  // With a comparison, the negative share's change.
  const bool compared = std::any_of(rows.begin(), rows.end(),
                                    [](const AspectRow& a) { return a.change.has_value(); });
  if (markdown) {
    out->append(
        compared
            ? "\n| | mentions | negative | positive | mean score | negative change |\n"
              "|---|---:|---|---|---:|---|\n"
            : "\n| | mentions | negative | positive | mean score |\n|---|---:|---|---|---:|\n");
  }
  for (const AspectRow& row : rows) {
    const std::string change = row.change ? ChangeText(*row.change) : "-";
    if (markdown) {
      fmt::format_to(std::back_inserter(*out), "| {} | {} | {} | {} | {:+.2f} |{}\n",
                     MarkdownText(row.name), row.counts.n, FormatShare(row.negative),
                     FormatShare(row.positive), row.mean_score,
                     compared ? " " + change + " |" : "");
    } else {
      fmt::format_to(std::back_inserter(*out),
                     "  {:<22} {:>8}  neg {:<24} pos {:<24} mean {:+.2f}{}\n", row.name,
                     row.counts.n, FormatShare(row.negative), FormatShare(row.positive),
                     row.mean_score, row.change ? "   neg " + change : "");
    }
  }
}

void PriceRows(const std::vector<PriceRow>& rows, bool markdown, std::string* out) {
  if (rows.empty()) return;
  fmt::format_to(std::back_inserter(*out), "\n{}prices mentioned (count: posts)\n",
                 markdown ? "## " : "");
  const bool compared =
      std::any_of(rows.begin(), rows.end(), [](const PriceRow& p) { return p.change.has_value(); });
  if (markdown) {
    out->append(compared ? "\n| | posts | share | negative | amounts | mean amount | change |\n"
                           "|---|---:|---|---|---:|---:|---|\n"
                         : "\n| | posts | share | negative | amounts | mean amount |\n"
                           "|---|---:|---|---|---:|---:|\n");
  }
  for (const PriceRow& row : rows) {
    const std::string name = row.currency.empty() ? "price words" : row.currency;
    const std::string mean = row.amounts ? fmt::format("{:.2f}", row.mean_amount) : "-";
    const std::string change = row.change ? ChangeText(*row.change) : "-";
    if (markdown) {
      fmt::format_to(std::back_inserter(*out), "| {} | {} | {} | {} | {} | {} |{}\n",
                     MarkdownText(name), row.counts.n, FormatShare(row.share),
                     FormatShare(row.negative), row.amounts, mean,
                     compared ? " " + change + " |" : "");
    } else {
      fmt::format_to(std::back_inserter(*out),
                     "  {:<22} {:>8}  {:<24} neg {:<24} {} amounts, mean {}{}\n", name,
                     row.counts.n, FormatShare(row.share), FormatShare(row.negative), row.amounts,
                     mean, row.change ? "   " + change : "");
    }
  }
}

// What the negative posts say (report --key-terms): a term a row, with both
// sides' shares, the ratio and q, and an example; the lexicon's words in
// one line after.
void KeyTermRows(const ReportData& r, const KeyTermsSection& k, bool markdown, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "\n{}{}\n{}{}\n", markdown ? "## " : "",
                 KeyTermsTitle(k), markdown ? "\n" : "  ",
                 markdown ? MarkdownText(KeyTermsNote(r, k)) : KeyTermsNote(r, k));
  const std::string other = KeyTermsOther(k);
  if (markdown && !k.terms.empty()) {
    fmt::format_to(std::back_inserter(*out),
                   "\n| term | {} posts | share | {} | ratio | q | example |\n"
                   "|---|---:|---|---|---|---:|---|\n",
                   k.label, other);
  }
  for (const KeyTermRow& t : k.terms) {
    const std::string example = t.examples.empty() ? "" : Example(r, t.examples.front());
    if (markdown) {
      fmt::format_to(std::back_inserter(*out), "| {} | {} | {} | {} | {} | {} | {} |\n",
                     MarkdownText(t.term), t.label_posts, FormatShare(t.label_share),
                     FormatShare(t.other_share), FormatRatio(t.ratio), FormatQValue(t.q_value),
                     MarkdownText(OneLine(example, 90)));
    } else {
      fmt::format_to(std::back_inserter(*out), "  {:<22} {:>8}  {:<24} {} {:<24} {:<22} q {}\n",
                     t.term, t.label_posts, FormatShare(t.label_share), other,
                     FormatShare(t.other_share), FormatRatio(t.ratio), FormatQValue(t.q_value));
      if (!example.empty()) fmt::format_to(std::back_inserter(*out), "      e.g. {}\n", example);
    }
  }
  if (k.sentiment_terms.empty()) return;
  std::string words;
  for (const KeyTermRow& t : k.sentiment_terms) {
    words += (words.empty() ? "" : ", ") + t.term + " " + FormatRatio(t.ratio);
  }
  fmt::format_to(std::back_inserter(*out),
                 "{}words of the sentiment lexicon, which the model "
                 "labels posts by: {}\n",
                 markdown ? "\n" : "  ", markdown ? MarkdownText(words) : words);
}

void SeriesTable(const ReportData& r, bool markdown, std::string* out) {
  if (r.series.empty()) return;
  const Series& all = r.series.front();
  fmt::format_to(std::back_inserter(*out), "\n{}volume and negative share per {}\n",
                 markdown ? "## " : "", r.granularity);
  if (markdown) out->append("\n| bucket | posts | negative | positive |\n|---|---:|---|---|\n");
  for (const BucketPoint& p : all.points) {
    std::string bucket = Bucket(r, p.bucket_ms);
    if (markdown) {
      fmt::format_to(std::back_inserter(*out), "| {} | {} | {} | {} |\n", bucket, p.counts.n,
                     FormatShare(p.negative), FormatShare(p.positive));
    } else {
      fmt::format_to(std::back_inserter(*out), "  {:<17} {:>8}  neg {:<24} pos {}\n", bucket,
                     p.counts.n, FormatShare(p.negative), FormatShare(p.positive));
    }
  }
}

void Examples(const ReportData& r, bool markdown, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "\n{}posts behind the sentiment shares\n",
                 markdown ? "## " : "");
  for (int k = 0; k < kClasses; ++k) {
    for (const EvidencePost& p : r.overall_examples[k])
      fmt::format_to(std::back_inserter(*out), "{}{}\n", markdown ? "- " : "  ",
                     markdown ? MarkdownText(Example(r, p)) : Example(r, p));
  }
}

std::string Render(const ReportData& r, bool markdown) {
  std::string out = markdown ? "# " + r.title + "\n\n" : r.title + "\n";
  Overview(r, markdown, &out);
  // In a brand's or topic's report, shares are of its posts.
  const bool all = r.brand == "*" && r.topic == "*";
  Rows(r,
       all ? "channels (sources; share of all posts)" : "channels (sources; share of these posts)",
       r.channels, markdown, &out);
  Rows(r, "share of voice", r.brands, markdown, &out);
  Rows(r, "top topics", r.topics, markdown, &out);
  Rows(r, "complaint reasons (topics of negative posts; count: negative posts)", r.reasons,
       markdown, &out, /*negatives=*/true);
  Rows(r, all ? "intents (share of all posts)" : "intents (share of these posts)", r.intents,
       markdown, &out);
  Rows(r,
       "what the complaints are about (topics of posts with the complaint intent; share of them)",
       r.complaint_topics, markdown, &out);
  AspectRows(r.aspects, markdown, &out);
  PriceRows(r.prices, markdown, &out);
  for (const KeyTermsSection& k : r.key_terms) KeyTermRows(r, k, markdown, &out);
  Rows(r, all ? "languages (share of all posts)" : "languages (share of these posts)", r.languages,
       markdown, &out);
  if (!r.language_note.empty()) {
    fmt::format_to(std::back_inserter(out), "{}note: {}\n", markdown ? "\n" : "  ",
                   markdown ? MarkdownText(r.language_note) : r.language_note);
  }
  if (const std::string note = TopicNote(r); !note.empty()) {
    fmt::format_to(std::back_inserter(out), "\n{}note: {}\n", markdown ? "" : "  ",
                   markdown ? MarkdownText(note) : note);
  }
  SeriesTable(r, markdown, &out);
  Examples(r, markdown, &out);
  return out;
}

}  // namespace

// "then 33.2%, +4.0 pts (-2.2 to +10.0)", and ▲ or ▼ where the change's
// interval leaves out 0.
std::string ChangeText(const Change& c) {
  return fmt::format("then {:.1f}%, {:+.1f} pts ({:+.1f} to {:+.1f}){}", 100 * c.previous.estimate,
                     100 * c.difference.estimate, 100 * c.difference.low, 100 * c.difference.high,
                     c.difference.low > 0    ? " ▲"
                     : c.difference.high < 0 ? " ▼"
                                             : "");
}

namespace {

// A period's bound on the report's clock: "2026-03-02", or with its hour
// where it is not midnight, "2026-03-02 14:00".
std::string Bound(const ReportData& r, int64_t ms) {
  const std::string t = FormatTimestamp(r.zone ? r.zone->ToLocal(ms) : ms);
  return t.substr(11, 5) == "00:00" ? t.substr(0, 10) : t.substr(0, 10) + " " + t.substr(11, 5);
}

}  // namespace

std::string ComparisonText(const ReportData& r) {
  if (!r.comparison) return "";
  const Comparison& c = *r.comparison;
  std::string volume;
  if (c.volume) {
    volume = fmt::format("; posts an hour ×{:.2f} ({:.2f}–{:.2f}){}", c.volume->estimate,
                         c.volume->low, c.volume->high,
                         c.volume->low > 1    ? " ▲"
                         : c.volume->high < 1 ? " ▼"
                                              : "");
  }
  return fmt::format("compared with {} up to {}{}: {} post{}{}{}", Bound(r, c.from_ms),
                     Bound(r, c.to_ms),
                     c.current_to_ms != std::numeric_limits<int64_t>::max() &&
                             c.current_to_ms != r.range_to_ms.value_or(c.current_to_ms)
                         ? " (this period as compared ends " + Bound(r, c.current_to_ms) + ")"
                         : "",
                     c.total.n, c.total.n == 1 ? "" : "s", volume,
                     c.total.n ? "; ▲ ▼ where a change's interval leaves out 0" : "");
}

std::string FormatRatio(const Interval& i) {
  auto one = [](double x) {
    return x >= 100  ? fmt::format("{:.0f}", x)
           : x >= 10 ? fmt::format("{:.1f}", x)
                     : fmt::format("{:.2f}", x);
  };
  return "×" + one(i.estimate) + " (" + one(i.low) + "–" + one(i.high) + ")";
}

std::string FormatQValue(double q) { return q < 1e-300 ? "<1e-300" : fmt::format("{:.2g}", q); }

std::string KeyTermsTitle(const KeyTermsSection& k) {
  switch (k.versus) {
    case KeyTermsSection::Versus::kBrands:
      return fmt::format("what {}'s {} posts say more than the other brands' {} posts", k.brand,
                         k.label, k.label);
    case KeyTermsSection::Versus::kPrevious:
      return "what the " + k.label + " posts say more than in the period compared with";
    case KeyTermsSection::Versus::kOthers:
      break;
  }
  return "what the " + k.label + " posts say more than the other posts";
}

std::string KeyTermsOther(const KeyTermsSection& k) {
  return k.versus == KeyTermsSection::Versus::kBrands     ? "other brands"
         : k.versus == KeyTermsSection::Versus::kPrevious ? "before"
                                                          : "others";
}

std::string_view KeyTermsVersusName(KeyTermsSection::Versus v) {
  return v == KeyTermsSection::Versus::kBrands     ? "brands"
         : v == KeyTermsSection::Versus::kPrevious ? "previous"
                                                   : "labels";
}

std::string KeyTermsNote(const ReportData& r, const KeyTermsSection& k) {
  if (k.overlaps) {
    return fmt::format(
        "the period compared with, {} to {}, overlaps the report's, whose posts would be on both "
        "sides: give --since after its end for this list",
        Bound(r, k.earlier_from_ms), Bound(r, k.earlier_to_ms));
  }
  const char* s = k.label_posts == 1 ? "" : "s";
  std::string note =
      k.versus == KeyTermsSection::Versus::kPrevious
          ? fmt::format("{} {} post{} from {} to {}, {} from {} to {}", k.label_posts, k.label, s,
                        Bound(r, k.from_ms), Bound(r, k.to_ms), k.other_posts,
                        Bound(r, k.earlier_from_ms), Bound(r, k.earlier_to_ms))
      : k.versus == KeyTermsSection::Versus::kBrands
          ? fmt::format("{} {} post{} of {}, {} of the other brands", k.label_posts, k.label, s,
                        k.brand, k.other_posts)
          : fmt::format("{} {} post{}, {} other{}", k.label_posts, k.label, s, k.other_posts,
                        k.other_posts == 1 ? "" : "s");
  if (k.sampled)
    note += fmt::format(" (the newest {} posts of the scope, which holds more)", k.max_posts);
  if (k.brand_posts) {
    note += fmt::format("; {} post{} of the brands' own accounts left out", k.brand_posts,
                        k.brand_posts == 1 ? "" : "s");
  }
  if (k.shares) {
    note += fmt::format("; {} share{} with no words of {} own left out", k.shares,
                        k.shares == 1 ? "" : "s", k.shares == 1 ? "its" : "their");
  }
  if (k.brand_name_terms) {
    note += fmt::format("; {} term{} naming a brand left out", k.brand_name_terms,
                        k.brand_name_terms == 1 ? "" : "s");
  }
  if (k.label_posts == 0) return note + fmt::format("; no {} post to read", k.label);
  if (k.other_posts == 0) {
    return note + (k.versus == KeyTermsSection::Versus::kPrevious
                       ? "; none in the period before to compare with"
                   : k.versus == KeyTermsSection::Versus::kBrands
                       ? "; none of the other brands to compare with"
                       : "; no other post to compare with");
  }
  note += fmt::format(
      "; {} term{} tested (in {} or more {} posts); q below {:g} "
      "(Benjamini-Hochberg)",
      k.tested, k.tested == 1 ? "" : "s", k.min_posts, k.label, k.fdr);
  if (k.terms.empty() && k.sentiment_terms.empty()) note += "; no term sets them apart";
  return note;
}

std::string ShownDay(const ReportData& r, int64_t ms) {
  return FormatTimestamp(r.zone ? r.zone->ToLocal(ms) : ms).substr(0, 10);
}

std::string ClockName(const ReportData& r) { return r.zone ? r.zone->name() : "UTC"; }

std::string FormatShare(const Interval& i) {
  return fmt::format("{:.1f}% ({:.1f}–{:.1f}%)", 100 * i.estimate, 100 * i.low, 100 * i.high);
}

std::string FormatNet(const Interval& i) {
  return fmt::format("{:+.1f}% ({:+.1f} to {:+.1f}%)", 100 * i.estimate, 100 * i.low, 100 * i.high);
}

std::string RowLabel(const ShareRow& row) {
  std::string label = row.display.empty() ? row.name : row.display;
  if (row.own == 1) label += " (own)";
  return label;
}

std::string ScopeText(const ReportData& r) {
  std::string about;
  if (r.brand != "*") about = " about brand " + r.brand;
  if (r.topic != "*") {
    about +=
        fmt::format("{} topic {} ({} of {} post{})", about.empty() ? " about" : " and", r.topic,
                    FormatShare(r.topic_share), r.scope_posts, r.scope_posts == 1 ? "" : "s");
  }
  return about;
}

std::string TopicNote(const ReportData& r) {
  if (r.topic == "*") return "";
  return "topics, complaint reasons, what complaints are about, prices and languages are not "
         "counted within a topic (parley posts --topic " +
         r.topic + " lists its posts)";
}

std::string Byline(std::string_view author) {
  return author.empty() ? "(no author)" : "@" + std::string(author);
}

std::string RenderTerminal(const ReportData& r) { return Render(r, false); }
std::string RenderMarkdown(const ReportData& r) { return Render(r, true); }

}  // namespace parley
