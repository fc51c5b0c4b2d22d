// parley delete: takes posts out of a store with everything it holds of
// them: a person's request to be forgotten (--author), posts their
// platform says were deleted (--id, --ids-from), or a retention period
// (--before). Rollups then read as if the posts had never been ingested.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/analyze/json_writer.h"
#include "src/analyze/output.h"
#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/ingest/deletion_notice.h"
#include "src/ingest/input_file.h"
#include "src/storage/compact.h"
#include "src/storage/store.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct DeleteFlags {
  std::string db = "parley.db";
  std::vector<std::string> authors, ids;
  std::string ids_from, source, before, time_zone;
  std::string format = "text";
  bool dry_run = false;
  bool vacuum = false;
  bool no_withhold = false;
};

// The post ids of a file, one a line, or a platform's deletion notices, one
// JSON object a line (ParseDeletionNotice()); blank lines and lines starting
// with '#' are skipped. Notices that a post's geo was removed give its id
// in *geo_ids; notices of other actions are counted in *others. A line that cannot be read fails
// the whole run, naming it: nothing is deleted from a file half understood. The file is read as
// ingest reads its inputs (OpenInputFile()): "-" for stdin, gzip or zstd as they come from a
// compliance job's download, a block at a time.
StatusOr<std::vector<std::string>> ReadIds(const std::string& path,
                                           std::vector<std::string>* geo_ids,
                                           std::map<std::string, int64_t>* others) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> file,
                          OpenInputFile(Env::Default(), path));
  DeletionNoticeReader reader;
  auto in_file = [&](const Status& s) {  // (a line's error, named by the file)
    return s.ok() ? s : Status(s.code(), "--ids-from '" + path + "': " + std::string(s.message()));
  };
  std::string block(1 << 20, '\0');
  for (;;) {
    PARLEY_ASSIGN_OR_RETURN(size_t n, file->Read(block.data(), block.size()));
    if (n == 0) break;
    PARLEY_RETURN_IF_ERROR(in_file(reader.Add(std::string_view(block.data(), n))));
  }
  PARLEY_RETURN_IF_ERROR(in_file(reader.Finish()));
  if (!reader.named()) {
    return InvalidArgumentError("--ids-from '" + path + "' holds no post id " +
                                std::string(DeletionNoticeReader::kWhatLinesHold));
  }
  *others = reader.others();
  *geo_ids = std::move(reader.geo_ids());
  return std::move(reader.ids());
}

// Bytes as people read a file's size: "283.4 MB", "12 KB", "900 bytes".
std::string FileSize(int64_t bytes) {
  if (bytes < 1000) return fmt::format("{} bytes", bytes);
  if (bytes < 1000 * 1000) return fmt::format("{:.0f} KB", static_cast<double>(bytes) / 1e3);
  if (bytes < int64_t{1000} * 1000 * 1000) {
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
  }
  return fmt::format("{:.2f} GB", static_cast<double>(bytes) / 1e9);
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return WithThousands(static_cast<uint64_t>(n)) + " " + (n == 1 ? one : many);
}

// "; later ingests skip 2 authors", when the deletion withholds any.
std::string WithheldPart(const DeleteFlags& f, const DeleteStats& stats) {
  if (stats.withheld == 0) return "";
  // Authors alone withhold handles; else post ids.
  const bool authors = f.ids.empty() && f.ids_from.empty();
  return fmt::format("; later ingests {} {}", f.dry_run ? "would skip" : "skip",
                     authors ? Plural(stats.withheld, "author", "authors")
                             : Plural(stats.withheld, "post id", "post ids"));
}

// "; geo removed from 3 posts", for a file with notices that posts' geo was
// removed (X's scrub_geo).
std::string GeoPart(const DeleteFlags& f, const ScrubGeoStats& geo) {
  if (geo.posts == 0 && geo.withheld == 0) return "";
  std::string out =
      geo.posts == 0 ? "; no stored post named has geo to remove"
                     : fmt::format("; geo {} from {}", f.dry_run ? "would be removed" : "removed",
                                   Plural(geo.posts, "post", "posts"));
  if (geo.withheld > 0) {
    out += fmt::format(" (later ingests {} the geo of {})", f.dry_run ? "would drop" : "drop",
                       Plural(geo.withheld, "post id", "post ids"));
  }
  return out;
}

// What was deleted (or would be), on stdout: a line, or a JSON object; with
// --vacuum, the file's size before and after.
// `geo_named`: --ids-from named posts whose geo was removed ("geo_scrubbed"
// in JSON, as POST /api/posts/delete answers).
// `skipped`: the --ids-from notices of other actions, by action ("skipped"
// in JSON, as POST /api/posts/delete answers; on stderr for text).
Status WriteResult(const DeleteFlags& f, const DeleteStats& stats, const ScrubGeoStats& geo,
                   bool geo_named, const std::map<std::string, int64_t>& skipped,
                   const std::optional<CompactStats>& compacted = std::nullopt) {
  std::string out;
  if (f.format == "json") {
    out = fmt::format("{{\"dry_run\":{},\"posts\":{},\"authors\":{},\"alerts\":{},\"withheld\":{}",
                      f.dry_run ? "true" : "false", stats.posts, stats.authors, stats.alerts,
                      stats.withheld + geo.withheld);
    if (geo_named) out += fmt::format(",\"geo_scrubbed\":{}", geo.posts);
    if (!skipped.empty()) {
      out += ",\"skipped\":{";
      for (const auto& [action, n] : skipped) {
        if (out.back() != '{') out += ',';
        AppendJsonString(action, &out);
        out += fmt::format(":{}", n);
      }
      out += '}';
    }
    if (compacted) {
      out += fmt::format(",\"bytes_before\":{},\"bytes_after\":{}", compacted->bytes_before,
                         compacted->bytes_after);
    }
    out += "}\n";
  } else if (stats.posts == 0) {
    const std::string more = WithheldPart(f, stats) + GeoPart(f, geo);
    out = "no post matches: nothing deleted" + more +
          (f.dry_run && !more.empty() ? " (a dry run: nothing changed)\n" : "\n");
  } else {
    out = fmt::format("{} {} from {}", f.dry_run ? "would delete" : "deleted",
                      Plural(stats.posts, "post", "posts"), f.db);
    if (stats.authors > 0) {
      out += ", the profile and influence of " + Plural(stats.authors, "author", "authors") +
             " left with none";
    }
    if (stats.alerts > 0) {
      out += ", their quotes in " + Plural(stats.alerts, "stored alert", "stored alerts");
    }
    out += f.dry_run ? "" : "; rollups now count without them";
    out += WithheldPart(f, stats) + GeoPart(f, geo);
    out += f.dry_run ? " (a dry run: nothing changed)\n" : "\n";
  }
  if (compacted && f.format != "json") {
    out += fmt::format("vacuumed {}: {} -> {}\n", f.db, FileSize(compacted->bytes_before),
                       FileSize(compacted->bytes_after));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? Status::OK() : UnavailableError("cannot write to stdout");
}

Status Run(const DeleteFlags& f) {
  if (f.format != "text" && f.format != "json") {
    return InvalidArgumentError("-f '" + f.format + "': choose text or json");
  }
  DeleteQuery q;
  q.source = f.source;
  q.authors = f.authors;
  q.ids = f.ids;
  q.withhold = !f.no_withhold;
  std::map<std::string, int64_t> others;
  ScrubGeoQuery geo;
  geo.source = f.source;
  geo.withhold = q.withhold;
  if (!f.ids_from.empty()) {
    PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> more, ReadIds(f.ids_from, &geo.ids, &others));
    q.ids.insert(q.ids.end(), more.begin(), more.end());
  }
  if (!others.empty()) {
    std::string what;
    for (const auto& [action, n] : others) {
      what += fmt::format("{}{} {}", what.empty() ? "" : ", ",
                          WithThousands(static_cast<uint64_t>(n)), action);
    }
    fmt::print(stderr,
               "parley delete: {}: notices of other actions skipped ({}): parley applies the "
               "deletions and geo removals of named posts (--id deletes one whole)\n",
               f.ids_from, what);
  }
  for (const std::string& a : q.authors) {
    if (a.empty()) return InvalidArgumentError("--author must name a handle");
    if (a[0] == '@') {
      return InvalidArgumentError("--author '" + a + "': give the handle without '@'");
    }
  }
  for (const std::string& id : q.ids) {
    if (id.empty()) return InvalidArgumentError("--id must name a post id");
  }
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const TimeZone> zone, FindTimeZoneFlag(f.time_zone));
  if (!f.before.empty()) {
    PARLEY_ASSIGN_OR_RETURN(q.before_ms, ParseTimeFlag("--before", f.before, zone.get()));
  }
  // A file whose notices are all of geo removals or other actions names no
  // post to delete: with the other filters (which narrow), nothing matches.
  const bool none_named = !f.ids_from.empty() && q.ids.empty();
  if (!q.HasFilter() && !none_named) {
    return InvalidArgumentError(
        "say which posts to delete: --author, --id, --ids-from, --before or --source");
  }
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(so));
  if (Status s = CheckDeleteAuthors(store.get(), q); !s.ok()) {
    return InvalidArgumentError("--" + std::string(s.message()));
  }
  DeleteStats stats;
  if (!none_named) {
    PARLEY_ASSIGN_OR_RETURN(stats, store->DeletePosts(q, f.dry_run));
  }
  // Then the geo removals (by id and --source alone), in a transaction of
  // their own: the deletion is committed whatever becomes of them.
  StatusOr<ScrubGeoStats> scrubbed = store->ScrubGeo(geo, f.dry_run);
  if (!scrubbed.ok()) {
    if (!none_named) {
      PARLEY_RETURN_IF_ERROR(WriteResult(f, stats, ScrubGeoStats(), false, others));
    }
    return Status(scrubbed.status().code(), "the geo of the posts named could not be removed: " +
                                                std::string(scrubbed.status().message()));
  }
  PARLEY_RETURN_IF_ERROR(store->Close());
  std::optional<CompactStats> compacted;
  if (f.vacuum && !f.dry_run) {
    StatusOr<CompactStats> c = CompactStoreFile(f.db, so.busy_timeout_ms);
    if (!c.ok()) {
      // The deletion is committed: say so, then why the file kept its size.
      PARLEY_RETURN_IF_ERROR(
          WriteResult(f, stats, *scrubbed, !geo.ids.empty(), others, std::nullopt));
      return Status(c.status().code(), "the posts are deleted, but --vacuum failed: " +
                                           std::string(c.status().message()));
    }
    compacted = *c;
  }
  return WriteResult(f, stats, *scrubbed, !geo.ids.empty(), others, compacted);
}

struct WithheldFlags {
  std::string db = "parley.db";
  std::vector<std::string> lift_authors, lift_ids;
  std::string source;
  std::string format = "text";
};

// Lists what deletions withhold from ingests, or lifts entries of it.
Status RunWithheld(const WithheldFlags& f) {
  if (f.format != "text" && f.format != "json") {
    return InvalidArgumentError("-f '" + f.format + "': choose text or json");
  }
  for (const std::string& a : f.lift_authors) {
    if (a.empty() || a[0] == '@') {
      return InvalidArgumentError("--lift-author '" + a + "': give the handle without '@'");
    }
  }
  for (const std::string& id : f.lift_ids) {
    if (id.empty()) return InvalidArgumentError("--lift-id must name a post id");
  }
  const bool lift = !f.lift_authors.empty() || !f.lift_ids.empty();
  if (!lift && !f.source.empty()) {
    return InvalidArgumentError(
        "--source narrows --lift-author and --lift-id; alone it lifts "
        "nothing");
  }
  StoreOptions so;
  so.path = f.db;
  so.create_if_missing = false;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(so));
  std::string out;
  if (lift) {
    PARLEY_ASSIGN_OR_RETURN(LiftedWithheld done,
                            LiftWithheldEntries(store.get(), f.lift_authors, f.lift_ids, f.source));
    PARLEY_RETURN_IF_ERROR(store->Close());
    if (f.format == "json") {
      JsonWriter w;
      LiftedWithheldValue(done, &w);
      out = w.Take() + "\n";
    } else {
      out = fmt::format("lifted {} in {}: later ingests store their posts again\n",
                        Plural(done.lifted, "withheld entry", "withheld entries"), f.db);
      for (const std::string& m : done.not_withheld) {
        fmt::print(stderr, "parley withheld: '{}' was not withheld{}\n", m,
                   f.source.empty() ? "" : " in source '" + f.source + "'");
      }
    }
  } else {
    PARLEY_ASSIGN_OR_RETURN(std::vector<WithheldEntry> entries, store->Withheld());
    PARLEY_RETURN_IF_ERROR(store->Close());
    // Text: a column each, as wide as its longest value (headed).
    size_t value_width = 5, source_width = 12;
    for (const WithheldEntry& e : entries) {
      value_width = std::max(value_width, e.value.size());
      source_width = std::max(source_width, e.source.size());
    }
    if (f.format != "json" && !entries.empty()) {
      out = fmt::format("{:<6}  {:<{}}  {:<{}}  {}\n", "kind", "value", value_width, "source",
                        source_width, "since");
    }
    for (const WithheldEntry& e : entries) {
      if (f.format == "json") {
        JsonWriter w;
        WithheldEntryValue(e, &w);
        out += w.Take() + "\n";
      } else {
        out += fmt::format("{:<6}  {:<{}}  {:<{}}  {}\n", e.kind, e.value, value_width,
                           e.source.empty() ? "(any source)" : e.source, source_width,
                           FormatTimestamp(e.since_ms));
      }
    }
    if (f.format != "json" && entries.empty()) out = "nothing withheld in " + f.db + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? Status::OK() : UnavailableError("cannot write to stdout");
}

}  // namespace

Command AddWithheldCommand(CLI::App& app) {
  auto f = std::make_shared<WithheldFlags>();
  CLI::App* sub = app.add_subcommand(
      "withheld",
      "List the authors and post ids that deletions keep out of later ingests, or lift them");
  sub->add_option("--db", f->db, "The store")->capture_default_str();
  sub->add_option("--lift-author", f->lift_authors,
                  "Let ingests store this handle's posts again (repeat for more)");
  sub->add_option("--lift-id", f->lift_ids,
                  "Let ingests store the post with this id again, and with its geo (repeat for "
                  "more)");
  sub->add_option("--source", f->source,
                  "Lift only the entries of this source (default: of every source)");
  sub->add_option("-f,--format", f->format, "text or json (NDJSON: an entry a line)")
      ->capture_default_str();
  return {sub, [f] {
            Status s = RunWithheld(*f);
            return s.ok() ? kExitOk : ReportError("withheld", s);
          }};
}

Command AddDeleteCommand(CLI::App& app) {
  auto f = std::make_shared<DeleteFlags>();
  CLI::App* sub = app.add_subcommand(
      "delete",
      "Delete posts and all the store holds of them: an author's, by id, or older than a time");
  sub->add_option("--db", f->db, "The store to delete from")->capture_default_str();
  sub->add_option("--author", f->authors,
                  "Every post of this handle, as stored (repeat for more): a request to be "
                  "forgotten; an author left with no post loses their profile and influence");
  sub->add_option("--id", f->ids,
                  "The post with this id (repeat for more; in every source unless --source)");
  sub->add_option("--ids-from", f->ids_from,
                  "Post ids from this file, one a line, or a platform's deletion notices, one "
                  "JSON object a line (X's batch compliance results, compliance stream; a "
                  "scrub_geo notice removes the post's geo columns); gzip or zstd read as they "
                  "are; - for stdin");
  sub->add_option("--source", f->source, "Only posts of this source (alone: every post of it)");
  sub->add_option(
      "--before", f->before,
      "Only posts created before this time (ISO-8601, or a duration before now: 90d; alone: a "
      "retention period)");
  sub->add_option("--time-zone", f->time_zone,
                  "Read --before without a zone on this clock (IANA name or offset)");
  sub->add_flag("--dry-run", f->dry_run, "Count what would be deleted; change nothing");
  sub->add_flag("--no-withhold", f->no_withhold,
                "Let later ingests store these authors' or ids' posts again (by default a "
                "deletion by --author or ids without --before keeps them out; parley withheld)");
  sub->add_flag("--vacuum", f->vacuum,
                "Then give the freed pages back to the file system (VACUUM: rewrites the whole "
                "file; needs room for a copy)");
  sub->add_option("-f,--format", f->format, "text or json (one object)")->capture_default_str();
  return {sub, [f] {
            Status s = Run(*f);
            return s.ok() ? kExitOk : ReportError("delete", s);
          }};
}

}  // namespace parley::cli
