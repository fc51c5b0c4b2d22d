// parley report: what customers feel and why, from the store's rollups, with
// every share's interval and the posts behind each figure.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "src/change/key_terms.h"
#include "src/core/timestamp.h"
#include "src/ingest/field_map.h"
#include "src/people/accounts.h"
#include "src/report/build_report.h"
#include "src/serve/api.h"
#include "src/storage/store.h"
#include "src/taxonomy/matcher.h"
#include "src/taxonomy/taxonomy.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct ReportFlags {
  std::string db = "parley.db";
  std::string format = "text";
  std::string output = "-";
  std::string granularity = "day";
  std::string since, until, source, time_zone;
  std::string brand, topic, compare;
  int top = 8;
  int examples = 3;
  double confidence = 0.95;
  int key_terms = 10;
  ValidationFlags validation;
  std::string title = "parley report";
  ModelFlags model;
};

StatusOr<std::string> Render(const ReportData& data, const std::string& format) {
  if (format == "text") return RenderTerminal(data);
  if (format == "md" || format == "markdown") return RenderMarkdown(data);
  if (format == "html") return RenderHtml(data);
  if (format == "json") return RenderJson(data);
  if (format == "csv") return RenderCsv(data);
  return InvalidArgumentError("unknown report format '" + format +
                              "': use text, md, html, json or csv");
}

// The store counts by the hour (a range's partial days and weeks come from
// its hours): a bound inside an hour would count part of it as all or none,
// so it is refused with the two whole hours around it.
Status WholeHour(const char* flag, const std::string& value, int64_t ms) {
  constexpr int64_t kHour = 3600 * 1000;
  const int64_t floor = ms - ((ms % kHour) + kHour) % kHour;
  if (floor == ms) return Status::OK();
  return InvalidArgumentError(std::string(flag) + " " + value +
                              ": counts are kept by the hour; give a whole hour, " +
                              FormatTimestamp(floor) + " or " + FormatTimestamp(floor + kHour));
}

// A bound given as a duration before now ("7d") is taken back to the start
// of its hour: the clock is never on a whole hour.
Status ParseBound(const char* flag, const std::string& value, const TimeZone* zone, int64_t* ms) {
  bool relative = false;
  PARLEY_ASSIGN_OR_RETURN(*ms, ParseTimeFlag(flag, value, zone, &relative));
  constexpr int64_t kHour = 3600 * 1000;
  if (relative) *ms -= ((*ms % kHour) + kHour) % kHour;
  return WholeHour(flag, value, *ms);
}

Status ParseRange(const ReportFlags& f, ReportOptions* o) {
  if (!f.since.empty()) {
    PARLEY_RETURN_IF_ERROR(ParseBound("--since", f.since, o->zone.get(), &o->from_ms));
  }
  if (!f.until.empty()) {
    PARLEY_RETURN_IF_ERROR(ParseBound("--until", f.until, o->zone.get(), &o->to_ms));
  }
  if (o->from_ms >= o->to_ms) return InvalidArgumentError("--since must be before --until");
  if (f.compare.empty()) return Status::OK();
  o->now_ms = WallClockMs();
  if (f.compare == "previous") {
    if (f.since.empty()) {
      return InvalidArgumentError(
          "--compare previous compares the report's period with the one as long before it: give "
          "its start with --since (e.g. --since 7d --compare previous)");
    }
    o->compare = ReportOptions::Compare::kPrevious;
    return Status::OK();
  }
  // An ISO 8601 interval: FROM/UNTIL.
  const size_t slash = f.compare.find('/');
  if (slash == std::string::npos) {
    return InvalidArgumentError("--compare " + f.compare +
                                ": give previous, or the period to compare with as FROM/UNTIL "
                                "(e.g. 2026-02-01/2026-03-01, or 14d/7d)");
  }
  o->compare = ReportOptions::Compare::kRange;
  PARLEY_RETURN_IF_ERROR(
      ParseBound("--compare", f.compare.substr(0, slash), o->zone.get(), &o->compare_from_ms));
  PARLEY_RETURN_IF_ERROR(
      ParseBound("--compare", f.compare.substr(slash + 1), o->zone.get(), &o->compare_to_ms));
  if (o->compare_from_ms >= o->compare_to_ms) {
    return InvalidArgumentError("--compare " + f.compare + ": its start must be before its end");
  }
  return Status::OK();
}

// The model's confusion on the labeled validation file, scored by the same
// model the stored analyses came from.
Status MeasureValidation(const ReportFlags& f, ReportOptions* o) {
  if (f.validation.path.empty()) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Analyzer> analyzer, CreateAnalyzer(f.model));
  PARLEY_ASSIGN_OR_RETURN(o->validation, cli::MeasureValidation(f.validation, *analyzer, "report"));
  o->model = analyzer->model_name();
  return Status::OK();
}

KeyTermRow KeyTermRowOf(const change::KeyTerm& t) {
  KeyTermRow row{t.term,        t.label_posts, t.other_posts, t.label_share,
                 t.other_share, t.ratio,       t.q_value,     {}};
  for (const ExamplePost& e : t.examples) row.examples.push_back(EvidenceOf(e));
  return row;
}

// What the report's negative posts say (change::FindKeyTerms()), in the
// report's scope: against its other posts, in a brand's report against
// the other brands' negative posts, and with --compare against the
// negative posts of the period compared with. The brands' own
// accounts (a taxonomy's) are left out; the words of the lexicon
// (--lexicon's, else the installed one) are apart.
Status AddKeyTerms(Store* store, const ReportFlags& f, const ReportOptions& o,
                   const Taxonomy* taxonomy, ReportData* data) {
  if (f.key_terms == 0) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const VaderLexicon> lexicon,
                          LoadSentimentLexicon(f.model.analyzer.lexicon_path));
  const people::OwnAccounts accounts =
      taxonomy ? people::AccountsFromTaxonomy(*taxonomy) : people::OwnAccounts();
  serve::ApiQuery q;
  q.brand = o.brand;
  q.topic = o.topic;
  q.source = o.source;
  q.from_ms = o.from_ms;
  q.to_ms = o.to_ms;
  q.top = f.key_terms;
  q.examples = std::min(f.examples, 1);
  q.confidence = o.confidence;
  using Versus = KeyTermsSection::Versus;
  for (const Versus versus : {Versus::kOthers, Versus::kBrands, Versus::kPrevious}) {
    // Against the other brands in a brand's report; against the period
    // before when the report is compared with it.
    if (versus == Versus::kBrands && o.brand == "*") continue;
    if (versus == Versus::kPrevious && o.compare == ReportOptions::Compare::kNone) continue;
    q.versus = KeyTermsVersusName(versus);
    change::KeyTermsOptions k = serve::KeyTermsOptionsFor(q, lexicon.get(), taxonomy, &accounts);
    if (versus == Versus::kPrevious) {
      k.now_ms = o.now_ms;
      // --compare FROM/UNTIL: that period; previous: the one as long before.
      if (o.compare == ReportOptions::Compare::kRange) {
        k.earlier = std::pair(o.compare_from_ms, o.compare_to_ms);
      }
    }
    KeyTermsSection s;
    s.label = SentimentLabelName(k.label);
    s.versus = versus;
    s.brand = o.brand;
    s.max_posts = k.max_posts;
    s.min_posts = k.min_posts;
    s.fdr = k.fdr;
    // (A report without --since starts with its first bucket.)
    s.from_ms =
        k.scope.from_ms != kMinTime ? k.scope.from_ms : data->range_from_ms.value_or(data->from_ms);
    StatusOr<change::KeyTermsResult> found = change::FindKeyTerms(store, k);
    // A period compared with that overlaps the report's (no --since after
    // it): the section says so instead of a list.
    if (!found.ok() && k.earlier &&
        change::PeriodsOverlap(k.scope.from_ms, k.scope.to_ms, k.earlier->first,
                               k.earlier->second)) {
      s.overlaps = true;
      s.to_ms = k.scope.to_ms != kMaxTime ? k.scope.to_ms : data->range_to_ms.value_or(data->to_ms);
      s.earlier_from_ms = k.earlier->first;
      s.earlier_to_ms = k.earlier->second;
      data->key_terms.push_back(std::move(s));
      continue;
    }
    PARLEY_ASSIGN_OR_RETURN(change::KeyTermsResult r, std::move(found));
    s.brand_name_terms = r.brand_name_terms;
    s.label_posts = r.label_posts;
    s.other_posts = r.other_posts;
    s.brand_posts = r.brand_posts;
    s.shares = r.shares;
    s.sampled = r.sampled;
    s.tested = r.tested;
    s.to_ms = r.to_ms;
    s.earlier_from_ms = r.earlier_from_ms;
    s.earlier_to_ms = r.earlier_to_ms;
    for (const change::KeyTerm& t : r.terms) s.terms.push_back(KeyTermRowOf(t));
    for (const change::KeyTerm& t : r.sentiment_terms) s.sentiment_terms.push_back(KeyTermRowOf(t));
    data->key_terms.push_back(std::move(s));
  }
  return Status::OK();
}

// --brand and --topic name a brand or topic some stored post is about (a
// typo would otherwise be an empty report that looks like a quiet brand).
Status CheckKnown(Store* store, const ReportFlags& f, bool brand) {
  TotalsQuery all;
  all.granularity = Granularity::kWeek;
  PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> keys,
                          brand ? store->BrandTotals(all) : store->TopicTotals(all));
  const std::string& wanted = brand ? f.brand : f.topic;
  const std::string kind = brand ? "brand" : "topic";
  std::string known;
  for (const KeyedRollup& k : keys) {
    if (k.key == wanted) return Status::OK();
    known += (known.empty() ? "" : ", ") + k.key;
  }
  return InvalidArgumentError("--" + kind + " " + wanted + ": no post in " + f.db + " is about it" +
                              (known.empty()
                                   ? " (no post is about any " + kind + ": ingest with --taxonomy)"
                                   : " (its " + kind + "s, by their taxonomy ids: " + known + ")"));
}

Status Run(const ReportFlags& f) {
  ReportOptions o;
  o.title = f.title;
  PARLEY_ASSIGN_OR_RETURN(o.granularity, ParseGranularity(f.granularity));
  PARLEY_ASSIGN_OR_RETURN(o.zone, FindTimeZoneFlag(f.time_zone));
  PARLEY_RETURN_IF_ERROR(ParseRange(f, &o));
  o.source = f.source;
  if (f.top < 0) return InvalidArgumentError("--top must be 0 or more");
  if (f.examples < 0) return InvalidArgumentError("--examples must be 0 or more");
  if (f.key_terms < 0) return InvalidArgumentError("--key-terms must be 0 or more");
  o.top = f.top;
  o.examples = f.examples;
  if (!(f.confidence > 0 && f.confidence < 1))
    return InvalidArgumentError("--confidence must be between 0 and 1, e.g. 0.95");
  o.confidence = f.confidence;
  o.model = f.model.analyzer.model;
  PARLEY_RETURN_IF_ERROR(Render(ReportData(), f.format).status());  // check before work
  PARLEY_RETURN_IF_ERROR(ParseMatchEngine(f.model.analyzer.match_engine).status());
  // The taxonomy names the stored brands (display names, own or competitor).
  std::optional<Taxonomy> taxonomy;
  if (!f.model.analyzer.taxonomy_path.empty()) {
    PARLEY_ASSIGN_OR_RETURN(taxonomy, LoadTaxonomy(Env::Default(), f.model.analyzer.taxonomy_path));
  }
  PARLEY_RETURN_IF_ERROR(MeasureValidation(f, &o));
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  so.read_only = true;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(so));
  if (!f.brand.empty()) {
    PARLEY_RETURN_IF_ERROR(CheckKnown(store.get(), f, /*brand=*/true));
    o.brand = f.brand;
  }
  if (!f.topic.empty()) {
    PARLEY_RETURN_IF_ERROR(CheckKnown(store.get(), f, /*brand=*/false));
    o.topic = f.topic;
  }
  PARLEY_ASSIGN_OR_RETURN(ReportData data, BuildReport(store.get(), o));
  if (taxonomy) NameBrands(*taxonomy, &data);
  PARLEY_RETURN_IF_ERROR(AddKeyTerms(store.get(), f, o, taxonomy ? &*taxonomy : nullptr, &data));
  PARLEY_ASSIGN_OR_RETURN(std::string text, Render(data, f.format));
  if (f.format == "text" && (!data.reasons.empty() || !f.topic.empty())) {
    // Every figure above counts stored posts: how to list them, on the
    // first complaint reason (the topic's negative posts in a topic's
    // report), in the report's range.
    const std::string& topic = f.topic.empty() ? data.reasons[0].name : f.topic;
    std::string cmd = "parley posts --db " + ShellWord(f.db) + " --topic " + ShellWord(topic) +
                      " --label negative";
    for (const auto& [flag, value] : {std::pair{" --brand ", &f.brand},
                                      {" --source ", &f.source},
                                      {" --since ", &f.since},
                                      {" --until ", &f.until},
                                      {" --time-zone ", &f.time_zone}}) {
      if (!value->empty()) cmd += flag + ShellWord(*value);
    }
    text += std::string("\nthe posts behind a figure, e.g. ") +
            (f.topic.empty() ? "the first complaint reason's" : "the topic's negative posts") +
            ":\n  " + cmd + "\n";
  }
  if (f.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? Status::OK() : UnavailableError("cannot write the report");
  }
  return WriteFileAtomically(Env::Default(), text, f.output);
}

}  // namespace

Command AddReportCommand(CLI::App& app) {
  auto f = std::make_shared<ReportFlags>();
  CLI::App* sub = app.add_subcommand("report", ExtCommandDescription("report"));
  sub->add_option("--db", f->db, "The store to read")->capture_default_str();
  sub->add_option("-f,--format", f->format,
                  "text, md, html, json, or csv (every figure a row with its interval, for "
                  "spreadsheets)")
      ->capture_default_str();
  sub->add_option("-o,--output", f->output, "Write here instead of stdout");
  sub->add_option("--granularity", f->granularity, "hour, day or week")->capture_default_str();
  sub->add_option(
      "--since", f->since,
      "First instant (ISO-8601 on a whole hour, or a duration before now: 7d), inclusive");
  sub->add_option("--until", f->until,
                  "Last instant (ISO-8601 on a whole hour, or a duration before now), exclusive");
  sub->add_option("--time-zone", f->time_zone,
                  "Cut days and weeks at this zone's midnight and show times on its clock "
                  "(an IANA zone such as Europe/Paris, or an offset such as -05:00); "
                  "--since and --until without a zone are on its clock too. Default: UTC");
  sub->add_option("--brand", f->brand,
                  "Only this brand's posts (its taxonomy id): every figure but share of voice, "
                  "which still compares all brands");
  sub->add_option("--topic", f->topic,
                  "Only the posts about this topic (its taxonomy id): their sentiment, series, "
                  "channels, share of voice and intents, and the topic's share of all posts");
  sub->add_option("--compare", f->compare,
                  "Compare every share with an earlier period, each change with its interval: "
                  "previous (as long, just before --since), or FROM/UNTIL (e.g. "
                  "2026-02-01/2026-03-01, 14d/7d)");
  sub->add_option("--source", f->source, "Only this source");
  sub->add_option("--top", f->top, "Rows per table")->capture_default_str();
  sub->add_option("--examples", f->examples, "Example posts per figure")->capture_default_str();
  sub->add_option("--confidence", f->confidence, "Interval level")->capture_default_str();
  sub->add_option("--key-terms", f->key_terms,
                  "Terms in the section of what the negative posts say more than the others "
                  "(read from the scope's newest 200,000 posts; as parley terms); 0 leaves it "
                  "out")
      ->capture_default_str();
  sub->add_option("--title", f->title, "Report title")->capture_default_str();
  AddValidationFlags(sub, &f->validation,
                     "Labeled posts (any input parley reads, with a label column) to correct "
                     "sentiment shares for the model's measured confusion");
  AddModelFlags(sub, &f->model);
  return Command{sub, [f] {
                   Status s = Run(*f);
                   return s.ok() ? kExitOk : ReportError("report", s);
                 }};
}

}  // namespace parley::cli
