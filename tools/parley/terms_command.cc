// parley terms: what the negative (or positive) posts of a scope say more
// than its other posts — the words, hashtags and two-word terms that set
// them apart, each with both sides' shares, their ratio and the test's
// q-value (change::FindKeyTerms(), as GET /api/key_terms gives it).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/change/key_terms.h"
#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/report/report.h"
#include "src/serve/api.h"
#include "src/serve/api_query.h"
#include "src/taxonomy/taxonomy.h"
#include "tools/parley/api_flags.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct TermsFlags {
  std::string db = "parley.db";
  std::string brand, topic, intent, language, source, since, until, time_zone, compare;
  std::string label = "negative";
  std::string versus;
  std::string format = "table";
  std::string output = "-";
  std::string lexicon;
  std::string taxonomy;
  int top = 20;
  int64_t min_posts = 5;
  double fdr = 0.01;
  int64_t max_posts = 200000;
  int examples = 1;
  double confidence = 0.95;
  bool with_sentiment_words = false;
  bool with_shares = false;
};

// The flags that are GET /api/key_terms's parameters, checked by its parser.
struct TermsParam {
  const char* flag;
  const char* param;
  std::string TermsFlags::*value;
};
constexpr TermsParam kTermsParams[] = {
    {"--brand", "brand", &TermsFlags::brand},
    {"--topic", "topic", &TermsFlags::topic},
    {"--intent", "intent", &TermsFlags::intent},
    {"--language", "language", &TermsFlags::language},
    {"--source", "source", &TermsFlags::source},
    {"--label", "label", &TermsFlags::label},
    {"--since", "from", &TermsFlags::since},
    {"--until", "to", &TermsFlags::until},
    {"--time-zone", "tz", &TermsFlags::time_zone},
    {"--versus", "versus", &TermsFlags::versus},
    {"--compare", "compare", &TermsFlags::compare},
};

std::vector<ApiFlag> TermsApiFlags(const TermsFlags& f) {
  std::vector<ApiFlag> flags;
  for (const TermsParam& p : kTermsParams) flags.push_back({p.flag, p.param, f.*p.value});
  return flags;
}

// What the flags scope, for the table's first line: "brand=skyloft
// since=2026-03-01" or "all posts".
std::string DescribeScope(const TermsFlags& f) {
  return DescribeApiFlags(TermsApiFlags(f), {"label", "tz", "versus", "compare"});
}

// The `parley posts` command that lists the label's posts using `term`.
std::string TermPostsCommand(const TermsFlags& f, std::string_view term) {
  std::string cmd = "parley posts --db " + ShellWord(f.db);
  for (const TermsParam& p : kTermsParams) {
    const std::string& v = f.*p.value;
    if (!v.empty() && p.value != &TermsFlags::versus && p.value != &TermsFlags::compare) {
      cmd += std::string(" ") + p.flag + " " + ShellWord(v);
    }
  }
  // The posts it counted: by their own words, unless --with-shares; the
  // brands' own left out, with a taxonomy.
  if (!f.taxonomy.empty()) cmd += " --taxonomy " + ShellWord(f.taxonomy);
  return cmd + " --term " + ShellWord(term) + (f.with_shares ? "" : " --shares own_words");
}

// The two sides' names: the column heads, and how the first line counts
// them.
struct Sides {
  std::string what;         // "what the negative posts say more than the others"
  std::string head, other;  // the columns: "negative", "others"
  std::string counts;       // "1,234 negative posts, 2,345 others"
  std::string of;           // "the negative posts": whose terms
};

Sides SidesOf(const change::KeyTermsOptions& o, const change::KeyTermsResult& r) {
  const std::string label(SentimentLabelName(o.label));
  const std::string n = WithThousands(static_cast<uint64_t>(r.label_posts));
  const std::string m = WithThousands(static_cast<uint64_t>(r.other_posts));
  switch (o.versus) {
    case change::KeyTermsVersus::kOtherBrands: {
      const std::string& b = o.scope.brand;
      return {fmt::format("what {}'s {} posts say more than the other brands' {} posts", b, label,
                          label),
              b, "others", fmt::format("{} {} posts of {}, {} of the other brands", n, label, b, m),
              fmt::format("the {} posts of {}", label, b)};
    }
    case change::KeyTermsVersus::kEarlierPeriod:
      return {fmt::format("what the {} posts say more than in the period {}", label,
                          o.earlier ? "compared with" : "before"),
              "now", "before",
              fmt::format("{} {} posts from {} to {}, {} from {} to {}", n, label,
                          FormatTimestamp(o.scope.from_ms), FormatTimestamp(r.to_ms), m,
                          FormatTimestamp(r.earlier_from_ms), FormatTimestamp(r.earlier_to_ms)),
              fmt::format("the {} posts", label)};
    case change::KeyTermsVersus::kOtherLabels:
      break;
  }
  return {fmt::format("what the {} posts say more than the others", label), label, "others",
          fmt::format("{} {} posts, {} others", n, label, m), fmt::format("the {} posts", label)};
}

void TermRows(const std::vector<change::KeyTerm>& terms, const Sides& sides, std::string* out) {
  *out += fmt::format("  {:<24} {:>8} {:<22} {:>7} {:<22} {:<22} {:>8}\n", "term", sides.head,
                      "share", sides.other, "share", "ratio", "q");
  for (const change::KeyTerm& k : terms) {
    *out +=
        fmt::format("  {:<24} {:>8} {:<22} {:>7} {:<22} {:<22} {:>8}\n", k.term,
                    WithThousands(static_cast<uint64_t>(k.label_posts)), FormatShare(k.label_share),
                    WithThousands(static_cast<uint64_t>(k.other_posts)), FormatShare(k.other_share),
                    FormatRatio(k.ratio), FormatQValue(k.q_value));
    for (const ExamplePost& e : k.examples) {
      *out += fmt::format("      e.g. {} {}: {}\n", FormatTimestamp(e.created_at_ms).substr(0, 10),
                          Byline(e.author), OneLine(e.text, 100));
    }
  }
}

// `unknown`: UnknownScopeName()'s, when the scope holds no post of the
// label.
std::string TermsTable(const TermsFlags& f, const change::KeyTermsOptions& o,
                       const change::KeyTermsResult& r, const std::string& unknown) {
  const Sides sides = SidesOf(o, r);
  std::string out = fmt::format(
      "{}, in {}: {}\n{}{}; {} terms tested (in {} or more of {}); "
      "{:.0f}% intervals; q: Benjamini-Hochberg, kept below {:g}\n",
      sides.what, f.db, DescribeScope(f), sides.counts,
      (r.brand_name_terms ? fmt::format(" ({} terms naming a brand left out)",
                                        WithThousands(static_cast<uint64_t>(r.brand_name_terms)))
                          : std::string()) +
          (r.brand_posts ? fmt::format(" ({} posts of the brands' own accounts left out)",
                                       WithThousands(static_cast<uint64_t>(r.brand_posts)))
                         : std::string()) +
          (r.shares ? fmt::format(" ({} shares with no words of their own left out)",
                                  WithThousands(static_cast<uint64_t>(r.shares)))
                    : std::string()) +
          (r.sampled ? fmt::format(" (the newest {} posts of the scope, which holds more)",
                                   WithThousands(static_cast<uint64_t>(o.max_posts)))
                     : std::string()),
      WithThousands(static_cast<uint64_t>(r.tested)), o.min_posts, sides.of, 100 * o.confidence,
      o.fdr);
  if (r.label_posts == 0) {
    return out +
           fmt::format("none of {} in scope{}\n", sides.of, unknown.empty() ? "" : ": " + unknown);
  }
  if (r.other_posts == 0) return out + "no other post in scope to compare with\n";
  out += "\n";
  if (r.terms.empty()) {
    out += fmt::format("no term sets {} apart\n", sides.of);
  } else {
    TermRows(r.terms, sides, &out);
  }
  if (!r.sentiment_terms.empty()) {
    out += fmt::format(
        "\nwords of the sentiment lexicon, apart (the lexicon model labels posts by them; "
        "--with-sentiment-words lists them with the others):\n");
    TermRows(r.sentiment_terms, sides, &out);
  }
  const std::vector<change::KeyTerm>& first = r.terms.empty() ? r.sentiment_terms : r.terms;
  if (!first.empty()) {
    out += fmt::format("\n{} using a term, e.g. the first:\n  {}\n", sides.of,
                       TermPostsCommand(f, first[0].term));
  }
  return out;
}

std::string TermsCsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string TermsCsv(const TermsFlags& f, const change::KeyTermsResult& r) {
  std::string out =
      "list,term,label_posts,label_share,label_low,label_high,other_posts,other_share,"
      "other_low,other_high,ratio,ratio_low,ratio_high,g2,p_value,q_value,posts_command\r\n";
  for (const auto& [list, terms] :
       {std::pair{"terms", &r.terms}, std::pair{"sentiment_terms", &r.sentiment_terms}}) {
    for (const change::KeyTerm& k : *terms) {
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", list,
                         TermsCsvField(k.term), k.label_posts, k.label_share.estimate,
                         k.label_share.low, k.label_share.high, k.other_posts,
                         k.other_share.estimate, k.other_share.low, k.other_share.high,
                         k.ratio.estimate, k.ratio.low, k.ratio.high, k.g2, k.p_value, k.q_value,
                         TermsCsvField(TermPostsCommand(f, k.term)));
    }
  }
  return out;
}

Status RunTerms(const TermsFlags& f) {
  if (f.format != "table" && f.format != "json" && f.format != "csv") {
    return InvalidArgumentError("--format must be table, json or csv, not '" + f.format + "'");
  }
  if (f.top < 1) return InvalidArgumentError("-n/--top must be 1 or more");
  if (f.min_posts < 1) return InvalidArgumentError("--min-posts must be 1 or more");
  if (!(f.fdr > 0 && f.fdr < 1)) return InvalidArgumentError("--fdr must be between 0 and 1");
  if (f.max_posts < 1) return InvalidArgumentError("--max-posts must be 1 or more");
  if (f.examples < 0) return InvalidArgumentError("--examples must be 0 or more");
  if (!(f.confidence >= 0.5 && f.confidence < 1)) {
    return InvalidArgumentError("--confidence must be at least 0.5 and below 1");
  }
  PARLEY_ASSIGN_OR_RETURN(serve::ApiQuery q, ParseApiFlags(TermsApiFlags(f)));
  std::shared_ptr<const VaderLexicon> lexicon;
  if (!f.with_sentiment_words) {
    PARLEY_ASSIGN_OR_RETURN(lexicon, LoadSentimentLexicon(f.lexicon));
  }
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  so.read_only = true;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(so));
  q.top = f.top;
  q.examples = f.examples;
  q.confidence = f.confidence;
  // With a taxonomy: the brands' names, and their accounts' posts left out.
  std::optional<Taxonomy> taxonomy;
  people::OwnAccounts accounts;
  if (!f.taxonomy.empty()) {
    PARLEY_ASSIGN_OR_RETURN(taxonomy, LoadTaxonomy(Env::Default(), f.taxonomy));
    accounts = people::AccountsFromTaxonomy(*taxonomy);
  }
  change::KeyTermsOptions o =
      serve::KeyTermsOptionsFor(q, lexicon.get(), taxonomy ? &*taxonomy : nullptr, &accounts);
  o.shares = f.with_shares;
  o.min_posts = f.min_posts;
  o.fdr = f.fdr;
  o.max_posts = f.max_posts;
  PARLEY_ASSIGN_OR_RETURN(change::KeyTermsResult r, change::FindKeyTerms(store.get(), o));
  // Nothing of the label in scope: a brand, topic or intent the store does
  // not know (a display name, a typo) says so, with the names it holds.
  std::string unknown;
  if (r.label_posts == 0) {
    PARLEY_ASSIGN_OR_RETURN(unknown, UnknownScopeName(store.get(), q));
    if (!unknown.empty() && f.format != "table") fmt::print(stderr, "parley terms: {}\n", unknown);
  }
  const std::string text = f.format == "json"  ? serve::KeyTermsJson(q, o, r) + "\n"
                           : f.format == "csv" ? TermsCsv(f, r)
                                               : TermsTable(f, o, r, unknown);
  if (f.output != "-") return WriteFileAtomically(Env::Default(), text, f.output);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    return UnavailableError("cannot write to standard output");
  }
  return Status::OK();
}

}  // namespace

Command AddTermsCommand(CLI::App& app) {
  auto f = std::make_shared<TermsFlags>();
  CLI::App* sub = app.add_subcommand("terms", ExtCommandDescription("terms"));
  sub->add_option("--db", f->db, "The store to read")->capture_default_str();
  sub->add_option("--label", f->label,
                  "The posts whose terms are asked for: negative, neutral or positive; the "
                  "scope's other posts are what they are held against")
      ->capture_default_str();
  sub->add_option("--versus", f->versus,
                  "labels (default): against the scope's posts of the other labels; brands: "
                  "--brand's posts of the label against the other brands' posts of the label "
                  "(what is said of it and not of the others); previous: the scope's posts of the "
                  "label in the period as long just before --since to --until, or in --compare's "
                  "(what is said now that was not then)");
  sub->add_option("--compare", f->compare,
                  "With --versus previous (which it implies): the period to hold the label's "
                  "posts against, FROM/UNTIL (e.g. 2026-02-01/2026-03-01, or 14d/7d), instead of "
                  "the one just before --since; it may not overlap --since to --until");
  sub->add_option("--brand", f->brand, "Only this brand's posts (as stored: the taxonomy's id)");
  sub->add_option("--topic", f->topic, "Only this topic's posts");
  sub->add_option("--intent", f->intent, "Only posts with this intent (complaint, question...)");
  sub->add_option("--language", f->language, "Only posts in this language");
  sub->add_option("--source", f->source, "Only this source's posts");
  sub->add_option("--since", f->since,
                  "First instant (ISO-8601, or a duration before now: 7d, 12h...), inclusive");
  sub->add_option("--until", f->until,
                  "Last instant (ISO-8601, or a duration before now), exclusive");
  AddDisplayZoneFlag(sub, &f->time_zone, /*days=*/true);
  sub->add_option("-n,--top", f->top, "At most this many terms a list")->capture_default_str();
  sub->add_option("--min-posts", f->min_posts, "A term in fewer of the label's posts is not tested")
      ->capture_default_str();
  sub->add_option("--fdr", f->fdr,
                  "False discovery rate across the terms tested (Benjamini-Hochberg)")
      ->capture_default_str();
  sub->add_option("--max-posts", f->max_posts,
                  "Read at most this many posts of the scope, the newest (said when it holds more)")
      ->capture_default_str();
  sub->add_option("--examples", f->examples, "Example posts of the label per term")
      ->capture_default_str();
  sub->add_option("--confidence", f->confidence, "Interval level")->capture_default_str();
  sub->add_flag("--with-shares", f->with_shares,
                "Count the words shares (\"RT @x: text\") pass on; by default a share counts its "
                "own words alone (a comment before it), and one with none is left out");
  sub->add_flag("--with-sentiment-words", f->with_sentiment_words,
                "List the terms with a word of the sentiment lexicon with the others, not apart");
  sub->add_option("--taxonomy", f->taxonomy,
                  "Taxonomy file whose brands' accounts are left out: the terms are then what "
                  "customers say, not the brands' answers");
  sub->add_option("--lexicon", f->lexicon,
                  "VADER lexicon file whose words are listed apart (default: the installed "
                  "vader_lexicon.txt)");
  sub->add_option("-f,--format", f->format,
                  "table; json (as GET /api/key_terms); csv (a term a row, with the parley posts "
                  "command listing its posts)")
      ->capture_default_str();
  sub->add_option("-o,--output", f->output, "Write here instead of stdout");
  return Command{sub, [f] {
                   Status s = RunTerms(*f);
                   if (!s.ok()) return ReportError("terms", s);
                   return kExitOk;
                 }};
}

}  // namespace parley::cli
