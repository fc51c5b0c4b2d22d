// parley posts: the posts behind any number in the store, by the filters of
// GET /api/posts (brand, topic, intent, language, source, author, label,
// a time range or one chart bucket), as a table to read, or as the enriched
// records `parley analyze` writes (NDJSON or CSV) to hand on: a spreadsheet,
// another system, or `parley ingest` into another store.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/people/accounts.h"
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

struct PostsFlags {
  std::string db = "parley.db";
  std::string brand, topic, intent, language, source, author, term, label, shares;
  std::string taxonomy;  // whose brands' own accounts' posts are left out
  std::string since, until, bucket, granularity, time_zone;
  std::string order = "newest";
  std::string format = "table";
  std::string output = "-";
  std::optional<int64_t> limit;
  int64_t offset = 0;
  bool quiet = false;
};

// A table shows this many posts unless --limit says otherwise; the record
// formats write every matching post.
constexpr int64_t kTableLimit = 20;
// The most a table shows (a terminal is no place for more: -f csv is).
constexpr int64_t kMaxTableRows = 100000;

// The API's name of each flag that is one of its query parameters.
struct FlagParam {
  const char* flag;
  const char* param;
  std::string PostsFlags::*value;
};
constexpr FlagParam kParams[] = {
    {"--brand", "brand", &PostsFlags::brand},
    {"--topic", "topic", &PostsFlags::topic},
    {"--intent", "intent", &PostsFlags::intent},
    {"--language", "language", &PostsFlags::language},
    {"--source", "source", &PostsFlags::source},
    {"--author", "author", &PostsFlags::author},
    {"--term", "term", &PostsFlags::term},
    {"--label", "label", &PostsFlags::label},
    {"--since", "from", &PostsFlags::since},
    {"--until", "to", &PostsFlags::until},
    {"--bucket", "bucket", &PostsFlags::bucket},
    {"--granularity", "granularity", &PostsFlags::granularity},
    {"--time-zone", "tz", &PostsFlags::time_zone},
    {"--order", "order", &PostsFlags::order},
    {"--shares", "shares", &PostsFlags::shares},
};

std::vector<ApiFlag> PostsApiFlags(const PostsFlags& f) {
  std::vector<ApiFlag> flags;
  for (const FlagParam& p : kParams) flags.push_back({p.flag, p.param, f.*p.value});
  return flags;
}

// The filters, checked as GET /api/posts checks its parameters (one parser,
// so the two agree).
StatusOr<serve::ApiQuery> ParseFilters(const PostsFlags& f) {
  if (!f.bucket.empty() && f.granularity.empty()) {
    return InvalidArgumentError(
        "--bucket needs --granularity hour, day or week: the bucket of "
        "that size holding the time");
  }
  return ParseApiFlags(PostsApiFlags(f));
}

// Where the records go: stdout as they come, or a file written whole
// (atomically: a failed run leaves no partial file).
class Sink {
 public:
  explicit Sink(std::string path) : path_(std::move(path)) {}
  Status Add(std::string_view bytes) {
    buffer_.append(bytes);
    if (path_ == "-" && buffer_.size() >= (1u << 20)) return Flush();
    return Status::OK();
  }
  Status Finish() {
    if (path_ != "-") return WriteFileAtomically(Env::Default(), buffer_, path_);
    PARLEY_RETURN_IF_ERROR(Flush());
    return std::fflush(stdout) == 0 ? Status::OK()
                                    : UnavailableError("cannot write to standard output");
  }

 private:
  Status Flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
      return UnavailableError("cannot write to standard output");
    }
    buffer_.clear();
    return Status::OK();
  }
  std::string path_;
  std::string buffer_;
};

std::string Describe(const PostsFlags& f) {
  return DescribeApiFlags(PostsApiFlags(f), {"order", "tz"});
}

Status Run(const PostsFlags& f, int64_t* written) {
  // ("ndjson" is "json": what analyze calls its records, one per line.)
  if (f.format != "table" && f.format != "json" && f.format != "ndjson" && f.format != "csv") {
    return InvalidArgumentError(
        "--format must be table, json or ndjson (one record per line) or csv, not '" + f.format +
        "'");
  }
  if (f.offset < 0) return InvalidArgumentError("--offset must be 0 or more");
  if (f.limit && *f.limit < 0) return InvalidArgumentError("--limit must be 0 (all) or more");
  PARLEY_ASSIGN_OR_RETURN(serve::ApiQuery q, ParseFilters(f));
  const bool table = f.format == "table";
  // 0: no limit.
  const int64_t limit = f.limit ? *f.limit : table ? kTableLimit : 0;
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  so.read_only = true;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(so));

  Sink sink(f.output);
  if (table) {
    PARLEY_RETURN_IF_ERROR(
        sink.Add(fmt::format("posts in {}: {}, {} first{}\n", f.db, Describe(f), f.order,
                             q.zone ? " (times on " + q.zone->name() + "'s clock)" : "")));
  }

  ExampleQuery e = serve::PostsQuery(q);
  if (!f.taxonomy.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Taxonomy taxonomy, LoadTaxonomy(Env::Default(), f.taxonomy));
    e.leave_out_authors = people::AccountsFromTaxonomy(taxonomy).AllHandles();
  }
  if (f.offset > std::numeric_limits<int>::max()) {
    return InvalidArgumentError("--offset is past the posts a listing can reach");
  }
  e.offset = static_cast<int>(f.offset);
  if (!table) {
    // One read, in the listing's order: each post whole, as analyze wrote it.
    e.limit = limit == 0 || limit > std::numeric_limits<int>::max()
                  ? std::numeric_limits<int>::max()
                  : static_cast<int>(limit);
    // On a terminal, a count of the posts written, twice a second.
    const bool progress = !f.quiet && StderrIsTerminal();
    auto last = std::chrono::steady_clock::now();
    PARLEY_RETURN_IF_ERROR(serve::ExportPosts(
        store.get(), e, f.format == "csv" ? OutputFormat::kCsv : OutputFormat::kNdjson,
        [&](std::string_view bytes) {
          if (progress && *written % 4096 == 0) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last >= std::chrono::milliseconds(500)) {
              fmt::print(stderr, "\r\033[Kparley posts: {} posts written...",
                         WithThousands(*written));
              last = now;
            }
          }
          return sink.Add(bytes);
        },
        written));
    if (progress) fmt::print(stderr, "\r\033[K");
    if (*written == 0) {
      PARLEY_ASSIGN_OR_RETURN(std::string unknown, UnknownScopeName(store.get(), q));
      if (!unknown.empty()) fmt::print(stderr, "parley posts: {}\n", unknown);
    }
    return sink.Finish();
  }
  // One more than is shown tells whether more posts match.
  const int shown =
      static_cast<int>(std::min<int64_t>(limit == 0 ? kMaxTableRows : limit, kMaxTableRows));
  e.limit = shown + 1;
  bool more = false;
  PARLEY_RETURN_IF_ERROR(store->ScanExamples(e, [&](const StoredPost& sp) -> Status {
    if (*written == shown) {
      more = true;
      return Status::OK();
    }
    const Post& p = sp.post;
    const Analysis& a = sp.analysis;
    // What the post was tagged with, for a reader deciding which to open.
    std::string tags;
    for (const std::vector<std::string>* list : {&a.brands, &a.topics, &a.intents}) {
      for (const std::string& t : *list) tags += (tags.empty() ? "" : " ") + t;
    }
    ++*written;
    return sink.Add(fmt::format("{} {} {} {:+.2f} likes {} shares {}{} [{}/{}]\n  {}\n",
                                ShortTime(p.created_at_ms, q.zone.get()), Byline(p.author),
                                SentimentLabelName(a.sentiment.label), a.sentiment.score,
                                p.metrics.likes.value_or(0), p.metrics.shares.value_or(0),
                                tags.empty() ? "" : " (" + tags + ")", p.source, p.id,
                                OneLine(p.text, 110)));
  }));
  std::string tail = *written == 0 ? "no post matches" : WithThousands(*written) + " shown";
  if (*written == 0) {
    PARLEY_ASSIGN_OR_RETURN(std::string unknown, UnknownScopeName(store.get(), q));
    if (!unknown.empty()) tail += ": " + unknown;
  }
  if (more) {
    tail +=
        fmt::format("; more with --offset {}, or -f csv / -f json for all", f.offset + *written);
  }
  PARLEY_RETURN_IF_ERROR(sink.Add(tail + "\n"));
  return sink.Finish();
}

}  // namespace

Command AddPostsCommand(CLI::App& app) {
  auto f = std::make_shared<PostsFlags>();
  CLI::App* sub = app.add_subcommand("posts", ExtCommandDescription("posts"));
  sub->add_option("--db", f->db, "The store to read")->capture_default_str();
  sub->add_option("--brand", f->brand, "Only this brand's posts (as stored: the taxonomy's id)");
  sub->add_option("--topic", f->topic, "Only this topic's posts");
  sub->add_option("--intent", f->intent, "Only posts with this intent (complaint, question...)");
  sub->add_option("--language", f->language,
                  "Only posts in this language (the source's lang, or --detect-language's)");
  sub->add_option("--source", f->source, "Only this source's posts");
  sub->add_option("--author", f->author, "Only this author's posts (a handle, with or without @)");
  sub->add_option("--term", f->term,
                  "Only posts holding this term: a word, #hashtag or two words, as parley alerts "
                  "finds emerging terms (any case, with or without accents)");
  sub->add_option("--label", f->label, "Only negative, neutral or positive posts");
  sub->add_option("--since", f->since,
                  "First instant (ISO-8601, or a duration before now: 7d, 12h...), inclusive");
  sub->add_option("--until", f->until,
                  "Last instant (ISO-8601, or a duration before now), exclusive");
  sub->add_option("--bucket", f->bucket,
                  "A time: the posts of the --granularity bucket holding it (a chart point)");
  sub->add_option("--granularity", f->granularity, "hour, day or week, for --bucket");
  AddDisplayZoneFlag(sub, &f->time_zone, /*days=*/true);
  sub->add_option("--shares", f->shares,
                  "all_words (default): every post; own_words: the posts as parley terms counts "
                  "them, a share (\"RT @x: text\") by its own words (a comment before it): those "
                  "with none left out, and --term looked for in the post's own words");
  sub->add_option("--taxonomy", f->taxonomy,
                  "Taxonomy file whose brands' own accounts' posts are left out (what customers "
                  "say, as parley terms --taxonomy counts posts)");
  sub->add_option("--order", f->order,
                  "newest, oldest, or engaged (most likes + shares first among each 1,000 newest)")
      ->capture_default_str();
  sub->add_option("-f,--format", f->format,
                  "table; json or ndjson (the records parley analyze writes, one per line); csv "
                  "(its CSV)")
      ->capture_default_str();
  sub->add_option("-o,--output", f->output, "Write here instead of stdout");
  sub->add_option("--limit", f->limit,
                  "At most this many posts; 0: all (a table shows at most 100,000; default: 20 "
                  "in a table, all in json and csv)");
  sub->add_option("--offset", f->offset, "Skip this many matching posts first (pages)")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", f->quiet, "No summary on stderr (json and csv)");
  return Command{sub, [f] {
                   int64_t written = 0;
                   Status s = Run(*f, &written);
                   if (!s.ok()) return ReportError("posts", s);
                   if (f->format != "table" && !f->quiet) {
                     fmt::print(stderr, "parley posts: wrote {} post{} ({}){}\n",
                                WithThousands(written), written == 1 ? "" : "s", Describe(*f),
                                f->output == "-" ? "" : " to " + f->output);
                   }
                   return kExitOk;
                 }};
}

}  // namespace parley::cli
