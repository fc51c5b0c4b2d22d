// parley queue: the care queue, posts waiting for a brand's answer, most
// urgent first with their reasons (src/people/queue.h); `parley queue done
// ID` marks one handled.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "src/core/timestamp.h"
#include "src/people/csv.h"
#include "src/people/json.h"
#include "src/people/queue.h"
#include "src/people/response.h"
#include "src/report/report.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct QueueFlags {
  std::string db = "parley.db";
  std::string taxonomy;
  std::string format = "table";
  std::string since, until, now;
  std::string source, time_zone;
  std::vector<std::string> brands;
  int64_t limit = 20;
  bool all = false;
  bool stats = false;
  std::string granularity;  // --stats: also per day or week
  // done
  std::string done_id, note;
  CLI::App* done = nullptr;
};

Status ParseTime(const std::string& flag, const std::string& value, const TimeZone* zone,
                 int64_t* out) {
  if (value.empty()) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(*out, ParseTimeFlag(flag, value, zone));
  return Status::OK();
}

Status MakeQuery(const QueueFlags& f, people::QueueQuery* q, const TimeZone* zone) {
  PARLEY_RETURN_IF_ERROR(CheckFormat(f.format, /*csv=*/true));
  if (f.limit < 0) return InvalidArgumentError("--limit must be 0 or more (0: all)");
  q->limit = f.limit == 0 ? -1 : f.limit;
  q->source = f.source;
  q->brands = f.brands;
  q->include_handled = f.all;
  q->clock_ms = WallClockMs();  // (a live stream after a backfill is the present)
  PARLEY_RETURN_IF_ERROR(ParseTime("--since", f.since, zone, &q->from_ms));
  PARLEY_RETURN_IF_ERROR(ParseTime("--until", f.until, zone, &q->to_ms));
  return ParseTime("--now", f.now, zone, &q->now_ms);
}

void PrintTable(const people::CareQueue& q, const TimeZone* zone) {
  for (size_t i = 0; i < q.items.size(); ++i) {
    const people::QueueItem& it = q.items[i];
    const people::PostView& p = it.post;
    fmt::print("{:>3}. {:5.1f}  {} {} [{}]{}\n", i + 1, it.priority,
               ShortTime(p.created_at_ms, zone), Byline(p.author), p.id,
               it.handled ? " (handled)" : "");
    fmt::print("     {}\n", OneLine(p.text, 110));
    std::string reasons;
    for (const std::string& r : it.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
    fmt::print("     why: {}\n", reasons);
  }
  if (q.items.empty()) fmt::print("(nothing waits for an answer)\n");
}

int RunDone(const QueueFlags& f) {
  StatusOr<std::unique_ptr<Store>> store = OpenPeopleStore(f.db);
  if (!store.ok()) return ReportError("queue done", store.status());
  Status s = people::MarkDone(**store, f.source, f.done_id, WallClockMs(), f.note);
  if (!s.ok()) return ReportError("queue done", s);
  s = (*store)->Close();
  if (!s.ok()) return ReportError("queue done", s);
  fmt::print(stderr, "parley queue done: {} marked handled in {}\n", f.done_id, f.db);
  return kExitOk;
}

int Run(const QueueFlags& f) {
  if (f.done->parsed()) return RunDone(f);
  people::QueueQuery q;
  StatusOr<std::shared_ptr<const TimeZone>> zone = FindTimeZoneFlag(f.time_zone);
  if (!zone.ok()) return ReportError("queue", zone.status());
  Status s = MakeQuery(f, &q, zone->get());
  if (s.ok() && f.taxonomy.empty()) {
    s = InvalidArgumentError(
        "the queue needs --taxonomy FILE: its brands' accounts are who answers customers");
  }
  StatusOr<people::OwnAccounts> accounts = s.ok() ? LoadAccounts(f.taxonomy) : s;
  if (!accounts.ok()) return ReportError("queue", accounts.status());
  for (const std::string& b : q.brands) {
    if (!accounts->Find(b)) {
      return ReportError(
          "queue", InvalidArgumentError("--brand '" + b +
                                        "' is not a brand with "
                                        "accounts in " +
                                        f.taxonomy + " (use the brand's table key, e.g. skyloft)"));
    }
  }
  StatusOr<std::unique_ptr<Store>> store = OpenPeopleStore(f.db);
  if (!store.ok()) return ReportError("queue", store.status());
  if (f.stats) {
    people::ResponseBuckets buckets;
    if (!f.granularity.empty()) {
      StatusOr<Granularity> g = ParseGranularity(f.granularity);
      if (!g.ok()) return ReportError("queue", g.status());
      buckets.granularity = *g;
      buckets.zone = *zone;
    }
    StatusOr<people::ResponseReport> r =
        people::BuildResponseReport(**store, q, *accounts, 0.95, buckets);
    if (!r.ok()) return ReportError("queue", r.status());
    if (f.format == "json") {
      fmt::print("{}", people::ResponseNdjson(*r));
    } else if (f.format == "csv") {
      fmt::print("{}", people::ResponseCsv(*r));
    } else {
      fmt::print("{}", people::ResponseTable(*r));
      const people::ResponseStats& all = r->brands.front();
      fmt::print(stderr,
                 "parley queue --stats: {} posts needed an answer, {} answered ({} in their own "
                 "record), {} handled, {} waiting; times to answer of {} posts; 95% intervals; "
                 "now = {}\n",
                 WithThousands(all.needed), WithThousands(all.answered), all.answered_in_record,
                 all.handled, WithThousands(all.waiting), WithThousands(all.timed),
                 *zone ? ShortTime(r->now_ms, zone->get()) + " " + (*zone)->name()
                       : FormatTimestamp(r->now_ms));
    }
    s = (*store)->Close();
    return s.ok() ? kExitOk : ReportError("queue", s);
  }
  StatusOr<people::CareQueue> queue = people::BuildCareQueue(**store, q, *accounts);
  if (!queue.ok()) return ReportError("queue", queue.status());
  if (f.format == "json") {
    fmt::print("{}", people::ToNdjson(queue->items));
  } else if (f.format == "csv") {
    fmt::print("{}", people::QueueCsv(*queue));
  } else {
    PrintTable(*queue, zone->get());
    fmt::print(stderr, "parley queue: {} waiting ({} shown), {} handled; now = {}\n",
               WithThousands(queue->total), queue->items.size(), queue->handled,
               *zone ? ShortTime(queue->now_ms, zone->get()) + " " + (*zone)->name()
                     : FormatTimestamp(queue->now_ms));
  }
  s = (*store)->Close();
  if (!s.ok()) return ReportError("queue", s);
  return kExitOk;
}

}  // namespace

Command AddQueueCommand(CLI::App& app) {
  auto f = std::make_shared<QueueFlags>();
  CLI::App* sub = app.add_subcommand("queue", ExtCommandDescription("queue"));
  sub->add_option("--db", f->db, "The database file (from parley ingest)")->capture_default_str();
  sub->add_option("--taxonomy", f->taxonomy,
                  "The taxonomy whose brands' accounts answer customers (required to list)");
  CLI::Option* limit =
      sub->add_option("-n,--limit", f->limit, "Items listed (0: all)")->capture_default_str();
  sub->add_option("--brand", f->brands, "Only posts awaiting this brand (taxonomy id); repeatable");
  sub->add_option("--source", f->source, "Only posts of this source");
  sub->add_option("--since", f->since,
                  "Only posts created at or after this time (ISO-8601, or 7d, 12h...)");
  sub->add_option("--until", f->until,
                  "Only posts created before this time (ISO-8601, or 7d, 12h...)");
  AddDisplayZoneFlag(sub, &f->time_zone);
  sub->add_option("--now", f->now,
                  "Measure age from this time (default: the newest post, strays far ahead aside)");
  CLI::Option* all = sub->add_flag("--all", f->all, "Also list items marked handled");
  sub->add_flag("--stats", f->stats,
                "Instead of the queue, how often and how fast each brand answered the posts that "
                "needed an answer: reply rate, median time to answer, share within 1 hour and 1 "
                "day, with intervals")
      ->excludes(limit)
      ->excludes(all);
  sub->add_option("--granularity", f->granularity,
                  "With --stats, also each hour, day or week's posts (by when they were posted; "
                  "days and weeks on --time-zone's clock)")
      ->needs("--stats");
  sub->add_option("-f,--format", f->format,
                  "table, json (one item per line) or csv (one item per row)")
      ->capture_default_str();
  f->done = sub->add_subcommand("done", "Mark a post handled: it leaves the queue for good");
  f->done->add_option("ID", f->done_id, "The post's id")->required();
  f->done->add_option("--note", f->note, "Kept with the mark");
  f->done->add_option("--source", f->source, "The post's source when several have the id");
  f->done->add_option("--db", f->db, "The database file")->capture_default_str();
  return Command{sub, [f] { return Run(*f); }};
}

}  // namespace parley::cli
