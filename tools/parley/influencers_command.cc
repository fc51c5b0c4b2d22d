// parley influencers: authors ranked by influence (PageRank over replies,
// mentions and shares, reach and engagement; src/people/influence.h).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "src/people/csv.h"
#include "src/people/influence.h"
#include "src/people/json.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/command_line.h"
#include "tools/parley/commands.h"
#include "tools/parley/people_cli.h"

namespace parley::cli {
namespace {

struct InfluencersFlags {
  std::string db = "parley.db";
  std::string format = "table";
  std::string taxonomy;
  std::string source;
  int64_t limit = 20;
  bool refresh = false;
  bool include_brands = false;
};

void PrintTable(const people::InfluenceRanking& r) {
  fmt::print("{:>5}  {:<24} {:>6} {:>6} {:>10} {:>11} {:>8} {:>8} {:>7}\n", "RANK", "AUTHOR",
             "SCORE", "PCT", "PAGERANK", "FOLLOWERS", "REPLIES", "MENTIONS", "SHARES");
  for (const people::AuthorInfluence& a : r.rows) {
    fmt::print("{:>5}  {:<24} {:>6.1f} {:>6.2f} {:>10.3g} {:>11} {:>8} {:>8} {:>7}\n", a.rank,
               OneLine("@" + a.handle, 24), a.score, a.percentile, a.pagerank,
               WithThousands(static_cast<uint64_t>(a.reach)), a.replies_received,
               a.mentions_received, a.shares_received);
  }
  if (r.rows.empty()) fmt::print("(no authors)\n");
}

int Run(const InfluencersFlags& f) {
  people::InfluenceQuery q;
  q.limit = f.limit == 0 ? -1 : f.limit;  // 0: all, as for parley queue
  q.source = f.source;
  q.refresh = f.refresh ? people::Refresh::kAlways : people::Refresh::kIfStale;
  Status s = CheckFormat(f.format, /*csv=*/true);
  if (s.ok() && f.limit < 0) s = InvalidArgumentError("--limit must be 0 or more (0: all)");
  if (s.ok() && !f.taxonomy.empty() && !f.include_brands) {
    StatusOr<people::OwnAccounts> accounts = LoadAccounts(f.taxonomy);
    s = accounts.status();
    if (s.ok()) q.exclude = accounts->AllHandles();
  }
  if (!s.ok()) return ReportError("influencers", s);
  StatusOr<std::unique_ptr<Store>> store = OpenPeopleStore(f.db);
  if (!store.ok()) return ReportError("influencers", store.status());
  StatusOr<people::InfluenceRanking> r = people::Influencers(**store, q);
  if (!r.ok()) return ReportError("influencers", r.status());
  if (f.format == "json") {
    fmt::print("{}", people::ToNdjson(r->rows));
  } else if (f.format == "csv") {
    fmt::print("{}", people::InfluencersCsv(*r));
  } else {
    PrintTable(*r);
    fmt::print(stderr, "parley influencers: {} authors ranked{}\n", WithThousands(r->authors),
               r->computed_now
                   ? fmt::format(" now ({} edges); stored in {}", WithThousands(r->edges), f.db)
                   : std::string(" (stored ranking; --refresh recomputes)"));
  }
  Status closed = (*store)->Close();
  if (!closed.ok()) return ReportError("influencers", closed);
  return kExitOk;
}

}  // namespace

Command AddInfluencersCommand(CLI::App& app) {
  auto f = std::make_shared<InfluencersFlags>();
  CLI::App* sub =
      app.add_subcommand("influencers", ExtCommandDescription("influencers"));
  sub->add_option("--db", f->db, "The database file (from parley ingest)")->capture_default_str();
  sub->add_option("-n,--limit", f->limit, "Authors listed (0: all)")->capture_default_str();
  sub->add_option("--taxonomy", f->taxonomy,
                  "Leave out the brands' own accounts declared in this taxonomy");
  sub->add_flag("--include-brands", f->include_brands, "Keep the brands' accounts in the list");
  sub->add_option("--source", f->source, "Only authors of this source");
  sub->add_flag("--refresh", f->refresh,
                "Recompute the ranking even if the stored one is up to date");
  sub->add_option("-f,--format", f->format,
                  "table, json (one object per line) or csv (one author per row)")
      ->capture_default_str();
  return Command{sub, [f] { return Run(*f); }};
}

}  // namespace parley::cli
