// parley author NAME: one author's profile — activity, sentiment over time,
// topics and brands, reach, influence and open complaints
// (src/people/authors.h).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "src/core/timestamp.h"
#include "src/people/authors.h"
#include "src/people/json.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct AuthorFlags {
  std::string db = "parley.db";
  std::string handle, source, taxonomy;
  std::string granularity = "week";
  std::string format = "table";
  std::string time_zone;
  int recent = 5;
};

std::string Keys(const std::vector<people::KeyCount>& v, size_t n) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < n; ++i) {
    out += fmt::format("{}{} ({})", i ? ", " : "", v[i].key, v[i].n);
  }
  return out.empty() ? "-" : out;
}

// A trajectory bucket by its start: the date, and the hour when buckets are
// hours (two hours of one day would read the same).
std::string BucketLabel(Granularity g, const people::SentimentPoint& p, const TimeZone* zone) {
  std::string start = ShortTime(p.bucket_start_ms, zone);
  return g == Granularity::kHour ? start : start.substr(0, 10);
}

void PrintProfile(const people::AuthorProfile& a, bool have_accounts, const TimeZone* zone) {
  fmt::print("@{}{}  ({})\n", a.handle, a.name.empty() ? "" : " — " + a.name,
             fmt::join(a.sources, ", "));
  fmt::print("  seen       {} .. {}{}, {} posts\n", ShortTime(a.first_seen_ms, zone),
             ShortTime(a.last_seen_ms, zone), zone ? " (" + zone->name() + ")" : "",
             WithThousands(static_cast<uint64_t>(a.posts)));
  fmt::print(
      "  sentiment  {} negative, {} neutral, {} positive; negative {:.1f}% ({:.1f}–{:.1f}%); "
      "mean {:+.2f} ({:+.2f} to {:+.2f}); 95% intervals\n",
      a.negative, a.neutral, a.positive, a.negative_share.estimate * 100,
      a.negative_share.low * 100, a.negative_share.high * 100, a.mean_score, a.mean_low,
      a.mean_high);
  fmt::print("  reach      {}\n",
             a.followers ? WithThousands(static_cast<uint64_t>(*a.followers)) + " followers"
                         : std::string("unknown (the source has no followers)"));
  if (a.influence) {
    fmt::print(
        "  influence  rank {}, score {:.1f}, percentile {:.2f} ({} replies, {} mentions, "
        "{} shares received)\n",
        a.influence->rank, a.influence->score, a.influence->percentile,
        a.influence->replies_received, a.influence->mentions_received,
        a.influence->shares_received);
  }
  fmt::print("  topics     {}\n  brands     {}\n  intents    {}\n  mentions   {}\n",
             Keys(a.topics, 6), Keys(a.brands, 6), Keys(a.intents, 6), Keys(a.mentions, 6));
  fmt::print("  trajectory ({}): ", GranularityName(a.granularity));
  for (const people::SentimentPoint& p : a.trajectory) {
    fmt::print("{} {:+.2f} ({:+.2f} to {:+.2f}, n={})  ", BucketLabel(a.granularity, p, zone),
               p.mean_score, p.mean_low, p.mean_high, p.n);
  }
  fmt::print("\n");
  if (!have_accounts) {
    fmt::print("  open complaints: (pass --taxonomy to know the brands' accounts)\n");
  } else {
    fmt::print("  open complaints: {}\n", a.open_complaints.size());
    for (const people::QueueItem& it : a.open_complaints) {
      fmt::print("    {:5.1f} [{}] {} {}\n", it.priority, it.post.id,
                 ShortTime(it.post.created_at_ms, zone), OneLine(it.post.text, 80));
    }
  }
  fmt::print("  recent:\n");
  for (const people::PostView& p : a.recent) {
    fmt::print("    {} [{}] {:+.2f} {}\n", ShortTime(p.created_at_ms, zone), p.id, p.score,
               OneLine(p.text, 90));
  }
}

int Run(const AuthorFlags& f) {
  people::AuthorQuery q;
  q.handle = f.handle;
  q.source = f.source;
  q.recent = f.recent;
  q.clock_ms = WallClockMs();
  StatusOr<Granularity> g = ParseGranularity(f.granularity);
  Status s = g.status();
  if (s.ok()) s = CheckFormat(f.format);
  if (s.ok() && f.recent < 0) s = InvalidArgumentError("--recent must be 0 or more");
  if (!s.ok()) return ReportError("author", s);
  q.granularity = *g;
  StatusOr<std::shared_ptr<const TimeZone>> zone = FindTimeZoneFlag(f.time_zone);
  if (!zone.ok()) return ReportError("author", zone.status());
  q.zone = *zone;
  people::OwnAccounts accounts;
  if (!f.taxonomy.empty()) {
    StatusOr<people::OwnAccounts> a = LoadAccounts(f.taxonomy);
    if (!a.ok()) return ReportError("author", a.status());
    accounts = std::move(*a);
  }
  StatusOr<std::unique_ptr<Store>> store = OpenPeopleStore(f.db);
  if (!store.ok()) return ReportError("author", store.status());
  StatusOr<std::optional<people::AuthorProfile>> p = people::GetAuthorProfile(**store, q, accounts);
  if (!p.ok()) return ReportError("author", p.status());
  if (!p->has_value()) {
    return ReportError("author",
                       NotFoundError("no posts by '" + f.handle + "' in " + f.db +
                                     " (handles are matched in any case, with or without '@')"));
  }
  if (f.format == "json") {
    fmt::print("{}\n", people::ToJson(**p));
  } else {
    PrintProfile(**p, !accounts.empty(), q.zone.get());
  }
  return kExitOk;
}

}  // namespace

Command AddAuthorCommand(CLI::App& app) {
  auto f = std::make_shared<AuthorFlags>();
  CLI::App* sub = app.add_subcommand("author", ExtCommandDescription("author"));
  sub->add_option("NAME", f->handle, "The author's handle, in any case ('@' optional)")->required();
  sub->add_option("--db", f->db, "The database file (from parley ingest)")->capture_default_str();
  sub->add_option("--source", f->source, "Only this source's posts");
  sub->add_option("--taxonomy", f->taxonomy,
                  "Taxonomy declaring the brands' accounts (for open complaints)");
  sub->add_option("--granularity", f->granularity, "Trajectory buckets: hour, day or week")
      ->capture_default_str();
  sub->add_option("--recent", f->recent, "Recent posts listed")->capture_default_str();
  sub->add_option("-f,--format", f->format, "table or json")->capture_default_str();
  AddDisplayZoneFlag(sub, &f->time_zone, /*days=*/true);
  return Command{sub, [f] { return Run(*f); }};
}

}  // namespace parley::cli
