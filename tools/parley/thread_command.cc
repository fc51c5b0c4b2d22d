// parley thread ID: one conversation, newest first, oldest first or as a
// tree (src/people/threads.h).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "src/people/json.h"
#include "src/people/threads.h"
#include "src/report/report.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct ThreadFlags {
  std::string db = "parley.db";
  std::string id;
  std::string source;
  std::string order = "tree";
  std::string format = "table";
  std::string time_zone;
  int64_t max_posts = 10000;
};

void PrintTable(const people::Thread& t, const TimeZone* zone) {
  fmt::print("thread {} ({}): {} posts{}, {} participants, {} .. {}{}\n", t.thread_id, t.source,
             t.posts.size(), t.cut ? " (cut by --max-posts: more are stored)" : "", t.participants,
             ShortTime(t.first_ms, zone), ShortTime(t.last_ms, zone),
             zone ? " (" + zone->name() + ")" : "");
  for (const people::ThreadNode& n : t.posts) {
    const people::PostView& p = n.post;
    std::string indent = t.order == people::ThreadOrder::kTree
                             ? std::string(2 * std::min(n.depth, 12), ' ')
                             : std::string();
    std::string flags = n.orphan ? " [parent missing]" : n.cycle ? " [cycle cut]" : "";
    fmt::print("{}{} {} {} {:+.2f} [{}]{}\n", indent, ShortTime(p.created_at_ms, zone),
               Byline(p.author), SentimentLabelName(p.label), p.score, p.id, flags);
    fmt::print("{}  {}\n", indent, OneLine(p.text, 110));
  }
}

int Run(const ThreadFlags& f) {
  StatusOr<people::ThreadOrder> order = people::ParseThreadOrder(f.order);
  Status s = order.status();
  if (s.ok()) s = CheckFormat(f.format);
  if (s.ok() && f.max_posts < 1) s = InvalidArgumentError("--max-posts must be 1 or more");
  if (!s.ok()) return ReportError("thread", s);
  StatusOr<std::shared_ptr<const TimeZone>> zone = FindTimeZoneFlag(f.time_zone);
  if (!zone.ok()) return ReportError("thread", zone.status());
  StatusOr<std::unique_ptr<Store>> store = OpenPeopleStore(f.db);
  if (!store.ok()) return ReportError("thread", store.status());
  StatusOr<std::optional<people::Thread>> t =
      people::GetThread(**store, {f.source, f.id, *order, f.max_posts});
  if (!t.ok()) return ReportError("thread", t.status());
  if (!t->has_value()) {
    return ReportError("thread", NotFoundError("no post or thread with id '" + f.id + "' in " +
                                               f.db + " (ids as in the export's id column)"));
  }
  if (f.format == "json") {
    fmt::print("{}", people::ToNdjson((*t)->posts));
  } else {
    PrintTable(**t, zone->get());
  }
  return kExitOk;
}

}  // namespace

Command AddThreadCommand(CLI::App& app) {
  auto f = std::make_shared<ThreadFlags>();
  CLI::App* sub =
      app.add_subcommand("thread", ExtCommandDescription("thread"));
  sub->add_option("ID", f->id, "A thread id, or the id of any post in the thread")->required();
  sub->add_option("--db", f->db, "The database file (from parley ingest)")->capture_default_str();
  sub->add_option("--order", f->order, "newest, oldest or tree")->capture_default_str();
  sub->add_option("--source", f->source, "The source the id belongs to (default: any)");
  AddDisplayZoneFlag(sub, &f->time_zone);
  sub->add_option("--max-posts", f->max_posts, "Cut a larger thread (newest kept)")
      ->capture_default_str();
  sub->add_option("-f,--format", f->format, "table, or json (one post per line)")
      ->capture_default_str();
  return Command{sub, [f] { return Run(*f); }};
}

}  // namespace parley::cli
