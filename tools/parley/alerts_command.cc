// parley alerts: spikes, sentiment shifts and emerging terms in the store,
// each reported once (the store remembers them), optionally POSTed to a
// webhook.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "src/change/alert.h"
#include "src/change/run.h"
#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/ingest/csv_reader.h"
#include "src/ingest/field_map.h"
#include "src/report/build_report.h"
#include "src/report/report.h"
#include "src/storage/store.h"
#include "src/webhook/webhook.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct AlertsFlags {
  std::string db = "parley.db";
  std::string since, until, time_zone;
  std::string format = "table";
  std::string webhook;
  bool all = false;
  bool no_terms = false;
  bool quiet = false;
  double fdr = 0.001;
  int64_t min_count = 10;
  int cooldown = 6;
  int examples = 3;
  ValidationFlags validation;  // labelled posts: shift shares corrected for the model's confusion
  ModelFlags model;
};

using change::Alert;

// Flags the user can get wrong, checked before the store is opened.
Status CheckFlags(const AlertsFlags& f, const TimeZone* zone, change::AlertOptions* o) {
  if (f.format != "table" && f.format != "json" && f.format != "ndjson" && f.format != "csv") {
    return InvalidArgumentError("--format must be table, json, ndjson or csv, not '" + f.format +
                                "'");
  }
  if (!(f.fdr > 0 && f.fdr < 1)) return InvalidArgumentError("--fdr must be between 0 and 1");
  if (f.min_count < 1) return InvalidArgumentError("--min-count must be at least 1");
  if (f.cooldown < 0) return InvalidArgumentError("--cooldown must be 0 or more hours");
  if (f.examples < 0) return InvalidArgumentError("--examples must be 0 or more");
  if (!f.since.empty()) {
    PARLEY_ASSIGN_OR_RETURN(o->from_ms, ParseTimeFlag("--since", f.since, zone));
  }
  if (!f.until.empty()) {
    PARLEY_ASSIGN_OR_RETURN(o->to_ms, ParseTimeFlag("--until", f.until, zone));
  }
  o->spike.fdr = o->shift.fdr = f.fdr;
  o->spike.min_count = f.min_count;
  o->spike.cooldown_hours = f.cooldown;
  o->shift.cooldown_hours = 2 * f.cooldown;
  o->find_terms = !f.no_terms;
  o->examples = f.examples;
  if (!f.webhook.empty()) return webhook::ParseWebhookUrl(f.webhook).status();
  return Status::OK();
}

// The model's confusion on the --validation file, scored as ingest scored
// the store (the same model flags).
Status MeasureValidation(const AlertsFlags& f, change::AlertOptions* o) {
  if (f.validation.path.empty()) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Analyzer> analyzer, CreateAnalyzer(f.model));
  PARLEY_ASSIGN_OR_RETURN(o->validation, cli::MeasureValidation(f.validation, *analyzer, "alerts"));
  return Status::OK();
}

std::string Cut(std::string_view text, size_t width) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (out.size() <= width) return out;
  size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return out.substr(0, cut) + "...";
}

std::string Effect(const Alert& a) {
  if (a.kind == "shift") return fmt::format("{:+.0f} pts", 100 * a.effect);
  return fmt::format("x{:.1f}", a.effect);
}

std::string Figure(const Alert& a, double v) {
  if (a.kind == "shift") return fmt::format("{:.0f}% neg", 100 * v);
  if (a.kind == "term") return fmt::format("{:.2f}/1k", v);
  return fmt::format("{:.1f}", v);
}

// The `parley posts` command that lists the posts behind alert `a`: its
// series' posts in its window (a shift's negative ones, a term's that use
// it), quoted for a shell.
std::string PostsCommand(const Alert& a, const std::string& db) {
  std::string cmd = "parley posts --db " + ShellWord(db);
  if (a.series.brand != "*") cmd += " --brand " + ShellWord(a.series.brand);
  if (a.series.topic != "*") cmd += " --topic " + ShellWord(a.series.topic);
  if (a.series.intent != "*") cmd += " --intent " + ShellWord(a.series.intent);
  if (!a.series.source.empty()) cmd += " --source " + ShellWord(a.series.source);
  if (a.kind == "shift") cmd += " --label negative";
  if (a.kind == "term") cmd += " --term " + ShellWord(a.term);
  return cmd + " --since " + FormatTimestamp(a.window_start_ms) + " --until " +
         FormatTimestamp(a.window_end_ms);
}

void PrintTable(const std::vector<Alert>& alerts, const TimeZone* zone, const std::string& db) {
  const std::string window = "WINDOW (" + (zone ? zone->name() : std::string("UTC")) + ")";
  const size_t width = std::max<size_t>(17, window.size());
  fmt::print("{:<6} {:<{}} {:>5}  {:<44} {:>10} {:>10} {:>8} {:>9}\n", "KIND", window, width,
             "HOURS", "SERIES / TERM", "BASELINE", "OBSERVED", "EFFECT", "P-VALUE");
  for (const Alert& a : alerts) {
    const std::string start = ShortTime(a.window_start_ms, zone);
    std::string what = a.series.Name() + (a.term.empty() ? "" : " \"" + a.term + "\"");
    fmt::print("{:<6} {:<{}} {:>5}  {:<44} {:>10} {:>10} {:>8} {:>9.2g}\n", a.kind, start, width,
               (a.window_end_ms - a.window_start_ms) / change::kHourMs, Cut(what, 44),
               Figure(a, a.baseline), Figure(a, a.observed), Effect(a), a.p_value);
    for (const change::AlertExample& e : a.examples) {
      fmt::print("       e.g. {}: {}\n", Byline(e.author), Cut(e.text, 100));
    }
  }
  if (alerts.empty()) fmt::print("(no alerts)\n");
  if (!alerts.empty()) {
    fmt::print("\nthe posts behind an alert, e.g. the first {}'s:\n  {}\n", alerts[0].kind,
               PostsCommand(alerts[0], db));
  }
}

// The alerts for a spreadsheet: one a row, its series in columns ("*" for
// all), the figures as numbers (a spike's posts, a shift's negative share
// as a fraction, a term's rate per 1,000 terms), and the `parley posts`
// command that lists the posts behind it in place of the examples.
void PrintCsv(const std::vector<Alert>& alerts, const std::string& db) {
  std::string out =
      "kind,window_start,window_end,brand,topic,intent,source,term,baseline,observed,effect,"
      "p_value,q_value,window_posts,baseline_posts,correction,posts_command\r\n";
  for (const Alert& a : alerts) {
    AppendCsvField(a.kind, &out);
    fmt::format_to(std::back_inserter(out), ",{},{},", FormatTimestamp(a.window_start_ms),
                   FormatTimestamp(a.window_end_ms));
    for (const std::string* v : {&a.series.brand, &a.series.topic, &a.series.intent}) {
      AppendCsvField(*v, &out);
      out.push_back(',');
    }
    AppendCsvField(a.series.source.empty() ? "*" : a.series.source, &out);
    out.push_back(',');
    AppendCsvField(a.term, &out);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},{},{},", a.baseline, a.observed,
                   a.effect, a.p_value, a.q_value, a.window_n, a.baseline_n);
    AppendCsvField(a.correction, &out);
    out.push_back(',');
    AppendCsvField(PostsCommand(a, db), &out);
    out.append("\r\n");
  }
  fmt::print("{}", out);
}

void Print(const std::vector<Alert>& alerts, const std::string& format, const TimeZone* zone,
           const std::string& db) {
  if (format == "table") return PrintTable(alerts, zone, db);
  if (format == "csv") return PrintCsv(alerts, db);
  if (format == "json") fmt::print("[");
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (format == "json") {
      fmt::print("{}{}", i ? ",\n" : "\n", alerts[i].ToJson());
    } else {
      fmt::print("{}\n", alerts[i].ToJson());
    }
  }
  if (format == "json") fmt::print("{}]\n", alerts.empty() ? "" : "\n");
}

// POSTs every stored, undelivered alert in range (new ones and any that
// failed before), marking each delivered as the receiver accepts it. Stops
// at the first failure: the rest stay undelivered for the next run.
Status Deliver(Store* store, const std::string& url, const change::AlertOptions& o,
               size_t* delivered) {
  PARLEY_ASSIGN_OR_RETURN(webhook::WebhookUrl u, webhook::ParseWebhookUrl(url));
  PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAlert> stored, store->Alerts(o.from_ms, o.to_ms));
  for (const StoredAlert& s : stored) {
    if (s.delivered_at_ms) continue;
    PARLEY_RETURN_IF_ERROR(webhook::PostJson(u, s.body));
    PARLEY_RETURN_IF_ERROR(store->MarkAlertDelivered(s.key, WallClockMs()));
    ++*delivered;
  }
  return Status::OK();
}

StatusOr<std::vector<Alert>> StoredInRange(Store* store, const change::AlertOptions& o) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAlert> stored, store->Alerts(o.from_ms, o.to_ms));
  std::vector<Alert> out;
  for (const StoredAlert& s : stored) {
    PARLEY_ASSIGN_OR_RETURN(Alert a, change::ParseAlert(s.body));
    // Its examples as this run asks for them, not as the run that found it.
    PARLEY_RETURN_IF_ERROR(change::FindExamples(store, o.examples, o.max_window_posts, &a));
    out.push_back(std::move(a));
  }
  return out;
}

// Detects, stores and returns what to print: the new alerts, or with --all
// every stored one in range. *found counts the alerts detected, *fresh the
// new ones among them.
StatusOr<std::vector<Alert>> Detect(Store* store, const AlertsFlags& f,
                                    const change::AlertOptions& o, size_t* found, size_t* fresh) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<Alert> alerts, change::FindAlerts(store, o));
  *found = alerts.size();
  std::vector<Alert> new_alerts;
  int64_t now = WallClockMs();
  for (Alert& a : alerts) {
    PARLEY_ASSIGN_OR_RETURN(bool is_new, store->PutAlert(a.ToStored(now)));
    if (is_new) new_alerts.push_back(std::move(a));
  }
  *fresh = new_alerts.size();
  if (f.all) return StoredInRange(store, o);
  return new_alerts;
}

int RunAlertsCommand(const AlertsFlags& f) {
  change::AlertOptions options;
  StatusOr<std::shared_ptr<const TimeZone>> zone = FindTimeZoneFlag(f.time_zone);
  Status s = zone.status();
  if (s.ok()) s = CheckFlags(f, zone->get(), &options);
  if (s.ok()) s = MeasureValidation(f, &options);
  if (!s.ok()) return ReportError("alerts", s);
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  StatusOr<std::unique_ptr<Store>> store = OpenStore(so);
  if (!store.ok()) return ReportError("alerts", store.status());
  size_t found = 0, fresh = 0;
  StatusOr<std::vector<Alert>> shown = Detect(store->get(), f, options, &found, &fresh);
  if (!shown.ok()) return ReportError("alerts", shown.status());
  Print(*shown, f.format, zone->get(), f.db);
  std::fflush(stdout);
  size_t delivered = 0;
  Status sent = f.webhook.empty() ? Status::OK()
                                  : Deliver(store->get(), f.webhook, options, &delivered);
  Status closed = (*store)->Close();
  if (!f.quiet) {
    // With --all the list holds earlier runs' alerts too: say how many.
    fmt::print(stderr, "parley alerts: {} alert{} found, {} new{}{}; stored in {}\n", found,
               found == 1 ? "" : "s", fresh,
               f.all ? fmt::format(", {} shown with earlier ones", shown->size()) : "",
               f.webhook.empty() ? "" : fmt::format(", {} delivered", delivered), f.db);
  }
  if (!sent.ok()) return ReportError("alerts", sent);
  if (!closed.ok()) return ReportError("alerts", closed);
  return kExitOk;
}

}  // namespace

Command AddAlertsCommand(CLI::App& app) {
  auto f = std::make_shared<AlertsFlags>();
  CLI::App* sub = app.add_subcommand("alerts", ExtCommandDescription("alerts"));
  sub->add_option("--db", f->db, "The database file (from parley ingest)")->capture_default_str();
  sub->add_option(
      "--since", f->since,
      "Only alerts whose window starts at or after this time (ISO-8601, or 7d, 12h...)");
  sub->add_option("--until", f->until,
                  "Only alerts whose window starts before this time (ISO-8601, or 7d, 12h...)");
  sub->add_option("--time-zone", f->time_zone,
                  "Show the table's windows on this zone's clock (an IANA zone such as "
                  "America/New_York, or an offset such as -05:00), and read --since and --until "
                  "without a zone on it; JSON and webhooks stay UTC. Default: UTC");
  sub->add_option("-f,--format", f->format,
                  "table, json, ndjson, or csv (an alert a row, with the `parley posts` command "
                  "that lists its posts)")
      ->capture_default_str();
  sub->add_flag("--all", f->all, "Also list alerts reported by earlier runs");
  sub->add_option("--webhook", f->webhook,
                  "POST each alert not yet delivered to this URL as JSON");
  sub->add_option("--fdr", f->fdr, "False discovery rate across series, per hour")
      ->capture_default_str();
  sub->add_option("--min-count", f->min_count, "Fewest posts in an hour that can spike")
      ->capture_default_str();
  sub->add_option("--cooldown", f->cooldown,
                  "Hours a series stays quiet after a spike (twice that after a shift)")
      ->capture_default_str();
  sub->add_option("--examples", f->examples, "Example posts per alert")->capture_default_str();
  sub->add_flag("--no-terms", f->no_terms, "Skip emerging terms");
  AddValidationFlags(sub, &f->validation,
                     "Labelled posts (CSV/NDJSON): shift shares are corrected for the model's "
                     "confusion on them (use the model flags the store was ingested with)");
  AddModelFlags(sub, &f->model);
  sub->add_flag("-q,--quiet", f->quiet, "No summary on stderr");
  return Command{sub, [f] { return RunAlertsCommand(*f); }};
}

}  // namespace parley::cli
