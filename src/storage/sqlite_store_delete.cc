// SqliteStore::DeletePosts(): posts taken out of the store with all it holds
// of them, as a person's request to be forgotten, a platform's deletion
// notice or a retention period needs.
#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/analyze/json_writer.h"
#include "src/core/ascii.h"
#include "src/core/geo_columns.h"
#include "src/core/timestamp.h"
#include "src/storage/sqlite_schema.h"
#include "src/storage/sqlite_store.h"

namespace parley::internal {
namespace {

// The posts going (their pid, identity and author) and the filter's lists
// (a geo removal's ids too), in temporary tables of this connection,
// emptied before each use.
constexpr char kTempTables[] = R"sql(
CREATE TEMP TABLE IF NOT EXISTS parley_gone (
  pid INTEGER PRIMARY KEY, source TEXT NOT NULL, id TEXT NOT NULL, author TEXT NOT NULL,
  said INTEGER NOT NULL);  -- said: the post gave its author's name or followers
-- (The authors and the alerts' examples are matched to the posts going by
-- these, once each: not each row against them all.)
CREATE INDEX IF NOT EXISTS temp.parley_gone_by_author ON parley_gone (author, source);
CREATE INDEX IF NOT EXISTS temp.parley_gone_by_id ON parley_gone (id, source);
CREATE TEMP TABLE IF NOT EXISTS parley_gone_authors (handle TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS parley_gone_ids (id TEXT PRIMARY KEY) WITHOUT ROWID;
DELETE FROM temp.parley_gone;
DELETE FROM temp.parley_gone_authors;
DELETE FROM temp.parley_gone_ids;
)sql";

// Whether the alert example `e` (a json_each row) is a post going.
constexpr char kExampleGone[] =
    "EXISTS (SELECT 1 FROM temp.parley_gone g WHERE g.source = json_extract(e.value, '$.source') "
    "AND g.id = json_extract(e.value, '$.id'))";

// The authors of the posts going, as their rows are keyed.
constexpr char kAuthorGoing[] =
    "EXISTS (SELECT 1 FROM temp.parley_gone g WHERE g.author = authors.handle AND g.source = "
    "authors.source)";

// Notes each of `values` by `sql`, an insert of ?1 into one of the
// kTempTables.
constexpr char kNoteAuthor[] =
    "INSERT OR IGNORE INTO temp.parley_gone_authors (handle) VALUES (?1)";
constexpr char kNoteId[] = "INSERT OR IGNORE INTO temp.parley_gone_ids (id) VALUES (?1)";
Status Note(Db& db, const char* sql, const std::vector<std::string>& values) {
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db.Prepare(sql));
  for (const std::string& v : values) {
    st.Text(1, v);
    PARLEY_RETURN_IF_ERROR(db.Run(st, "cannot note the posts named"));
  }
  return Status::OK();
}

constexpr char kAddWithheld[] =
    "INSERT OR IGNORE INTO withheld (kind, value, source, since) VALUES (?1, ?2, ?3, ?4)";

// The key of a withheld entry in SqliteStore's sets: its source ("" for
// every source), a NUL, its value (ASCII lower-cased with `lower`), made in
// *key (whose buffer a writer reuses post after post).
const std::string& WithheldKey(std::string_view source, std::string_view value, std::string* key,
                               bool lower = false) {
  key->assign(source);
  key->push_back('\0');
  const size_t at = key->size();
  key->append(value);
  if (lower) LowerAsciiInPlace(key, at);
  return *key;
}

}  // namespace

StatusOr<DeleteStats> SqliteStore::DeletePosts(const DeleteQuery& q, bool dry_run) {
  if (!q.HasFilter()) {
    return InvalidArgumentError(
        "deleting posts needs a filter: a source, authors, post ids or a time to delete before");
  }
  DeleteStats stats;
  PARLEY_RETURN_IF_ERROR(RunSecurely(
      dry_run,
      [&]() -> Status {
        PARLEY_ASSIGN_OR_RETURN(stats, DeleteMatching(q, dry_run));
        return Status::OK();
      },
      [&] { return stats.posts > 0; }));
  return stats;
}

Status SqliteStore::RunSecurely(bool dry_run, const std::function<Status()>& body,
                                const std::function<bool()>& checkpoint) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  // What is deleted is overwritten with zeros in the file, not left in its
  // free pages (only for this transaction: ingest does not pay for it).
  PARLEY_RETURN_IF_ERROR(db_->Exec("PRAGMA secure_delete = ON"));
  Status done = Begin();
  if (done.ok()) {
    const Status s = body();
    if (!s.ok()) {
      done = Finish(s);
    } else if (dry_run) {
      // Rolled back, as Finish() does on an error, whatever it did.
      (void)Finish(FailedPreconditionError("dry run"));
    } else {
      done = Finish(Status::OK());
    }
  }
  Status off = db_->Exec("PRAGMA secure_delete = OFF");
  if (!done.ok()) return done;
  if (!off.ok()) return off;
  if (!dry_run && checkpoint()) {
    // The old pages' copies in the write-ahead log go too, as far as
    // readers allow now, without waiting for them (a reader's snapshot
    // keeps its frames until it ends; a later checkpoint takes them). The
    // deletion is committed: whatever the checkpoint says, it is not the
    // deletion's failure.
    sqlite3_busy_timeout(db_->raw(), 0);
    (void)db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_busy_timeout(db_->raw(), options_.busy_timeout_ms);
  }
  return Status::OK();
}

StatusOr<DeleteStats> SqliteStore::DeleteMatching(const DeleteQuery& q, bool dry_run) {
  DeleteStats stats;
  PARLEY_RETURN_IF_ERROR(db_->Exec(kTempTables));
  PARLEY_RETURN_IF_ERROR(Note(*db_, kNoteAuthor, q.authors));
  PARLEY_RETURN_IF_ERROR(Note(*db_, kNoteId, q.ids));

  // Each post going: what it added to the rollups is taken off them (as an
  // update takes off the old version), and it is noted.
  std::string sql =
      "SELECT pid, source, id, created_at, author, label, score, p_neg, p_neu, p_pos, detail "
      "FROM posts WHERE 1";
  if (!q.source.empty()) sql += " AND source = ?1";
  if (!q.authors.empty()) sql += " AND author IN (SELECT handle FROM temp.parley_gone_authors)";
  if (!q.ids.empty()) sql += " AND id IN (SELECT id FROM temp.parley_gone_ids)";
  if (q.before_ms) sql += " AND created_at < ?2";
  PARLEY_ASSIGN_OR_RETURN(Stmt select, db_->Prepare(sql));
  if (!q.source.empty()) select.Text(1, q.source);
  if (q.before_ms) select.Int(2, *q.before_ms);
  PARLEY_ASSIGN_OR_RETURN(
      Stmt note,
      db_->Prepare(
          "INSERT INTO temp.parley_gone (pid, source, id, author, said) VALUES (?1, ?2, ?3, ?4, "
          "?5)"));
  Post post;
  Analysis analysis;
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW) {
    const std::string_view source = select.ColText(1);
    const int64_t created_at = select.ColInt(3);
    post = Post();
    analysis = Analysis();
    PARLEY_RETURN_IF_ERROR(ParseStoredDetail(select.ColBlob(10), &post, &analysis, nullptr));
    analysis.sentiment = StoredSentiment(select, 5);
    rollups_.AddPost(source, created_at, analysis.sentiment, analysis.brands, analysis.topics, -1);
    tag_rollups_.AddPost(source, created_at, analysis, -1);
    note.Int(1, select.ColInt(0));
    note.Text(2, source);
    note.Text(3, select.ColText(2));
    note.Text(4, select.ColText(4));
    note.Int(5, int64_t{!post.author_name.empty() || post.metrics.followers.has_value()});
    PARLEY_RETURN_IF_ERROR(db_->Run(note, "cannot note the posts to delete"));
    ++stats.posts;
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read the posts to delete");
  // (Also when none is stored: a platform's notice keeps an older export's
  // copy out.)
  PARLEY_ASSIGN_OR_RETURN(stats.withheld, Withhold(q));
  if (stats.posts == 0) return stats;

  PARLEY_ASSIGN_OR_RETURN(
      stats.authors,
      db_->QueryInt(std::string("SELECT count(*) FROM authors WHERE ") + kAuthorGoing +
                    " AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.author = authors.handle AND "
                    "p.source = authors.source AND p.pid NOT IN (SELECT pid FROM "
                    "temp.parley_gone))"));
  PARLEY_ASSIGN_OR_RETURN(
      stats.alerts, db_->QueryInt(std::string("SELECT count(*) FROM alerts WHERE EXISTS (SELECT 1 "
                                              "FROM json_each(alerts.body, '$.examples') AS e "
                                              "WHERE ") +
                                  kExampleGone + ")"));
  if (dry_run) return stats;

  PARLEY_RETURN_IF_ERROR(
      db_->Exec("DELETE FROM post_tags WHERE pid IN (SELECT pid FROM temp.parley_gone);"
                "DELETE FROM posts WHERE pid IN (SELECT pid FROM temp.parley_gone);"
                "DELETE FROM queue_done WHERE EXISTS (SELECT 1 FROM temp.parley_gone g "
                "WHERE g.source = queue_done.source AND g.id = queue_done.id);"));
  // Each alert keeps its figures and the examples that stay, in their order.
  PARLEY_RETURN_IF_ERROR(db_->Exec(
      std::string("UPDATE alerts SET body = json_set(body, '$.examples', (SELECT "
                  "json_group_array(json(e.value)) FROM json_each(alerts.body, '$.examples') AS "
                  "e WHERE NOT ") +
      kExampleGone +
      ")) WHERE EXISTS (SELECT 1 FROM json_each(alerts.body, '$.examples') AS e WHERE " +
      kExampleGone + ");"));
  // Authors: counted and dated anew from the posts that stay; those left
  // with none go, with their influence. (Names and follower counts below.)
  PARLEY_RETURN_IF_ERROR(db_->Exec(
      std::string(
          "UPDATE authors SET "
          "posts = (SELECT count(*) FROM posts p WHERE p.author = authors.handle AND p.source = "
          "authors.source), "
          "first_seen = coalesce((SELECT min(created_at) FROM posts p WHERE p.author = "
          "authors.handle AND p.source = authors.source), first_seen), "
          "last_seen = coalesce((SELECT max(created_at) FROM posts p WHERE p.author = "
          "authors.handle AND p.source = authors.source), last_seen) WHERE ") +
      kAuthorGoing +
      ";"
      "DELETE FROM influence WHERE EXISTS (SELECT 1 FROM authors a WHERE a.source = "
      "influence.source AND a.handle = influence.handle AND a.posts = 0);"
      "DELETE FROM authors WHERE posts = 0 AND " +
      kAuthorGoing +
      ";"
      // Caches derived from the posts (the influence ranking) see the change.
      "UPDATE meta SET value = value + 1 WHERE key = 'data_version';"));
  PARLEY_RETURN_IF_ERROR(RenameAuthorsLeft());
  return stats;
}

StatusOr<int64_t> SqliteStore::Withhold(const DeleteQuery& q) {
  if (!q.withhold || q.before_ms || (q.authors.empty() && q.ids.empty())) return 0;
  std::vector<std::pair<std::string, std::string>> entries;  // (value, source)
  if (q.ids.empty()) {
    for (const std::string& handle : q.authors) entries.emplace_back(AsciiLower(handle), q.source);
    return AddWithheld("author", entries);
  }
  if (q.authors.empty()) {
    for (const std::string& id : q.ids) entries.emplace_back(id, q.source);
    return AddWithheld("post", entries);
  }
  // Both: the posts of those authors among those ids, each of its source.
  PARLEY_ASSIGN_OR_RETURN(Stmt gone, db_->Prepare("SELECT id, source FROM temp.parley_gone"));
  int rc;
  while ((rc = gone.Step()) == SQLITE_ROW) entries.emplace_back(gone.ColText(0), gone.ColText(1));
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read the posts deleted");
  return AddWithheld("post", entries);
}

StatusOr<int64_t> SqliteStore::AddWithheld(
    std::string_view kind, const std::vector<std::pair<std::string, std::string>>& entries) {
  const int64_t now = WallClockMs();
  PARLEY_ASSIGN_OR_RETURN(Stmt add, db_->Prepare(kAddWithheld));
  int64_t added = 0;
  for (const auto& [value, source] : entries) {
    add.Text(1, kind);
    add.Text(2, value);
    add.Text(3, source);
    add.Int(4, now);
    PARLEY_RETURN_IF_ERROR(db_->Run(add, "cannot withhold what was deleted"));
    added += sqlite3_changes(db_->raw());
  }
  if (added > 0) PARLEY_RETURN_IF_ERROR(MoveWithheldVersion());
  return added;
}

Status SqliteStore::MoveWithheldVersion() {
  return db_->Exec("UPDATE meta SET value = value + 1 WHERE key = 'withheld_version'");
}

StatusOr<ScrubGeoStats> SqliteStore::ScrubGeo(const ScrubGeoQuery& q, bool dry_run) {
  ScrubGeoStats stats;
  if (q.ids.empty()) return stats;
  PARLEY_RETURN_IF_ERROR(RunSecurely(
      dry_run,
      [&]() -> Status {
        PARLEY_ASSIGN_OR_RETURN(stats, ScrubMatching(q));
        return Status::OK();
      },
      [&] { return stats.posts > 0; }));
  return stats;
}

StatusOr<ScrubGeoStats> SqliteStore::ScrubMatching(const ScrubGeoQuery& q) {
  ScrubGeoStats stats;
  // (The ids named, in the table a deletion's go in.)
  PARLEY_RETURN_IF_ERROR(db_->Exec(kTempTables));
  PARLEY_RETURN_IF_ERROR(Note(*db_, kNoteId, q.ids));
  // The posts named that have geo columns (read whole first: the updates do
  // not run under the reading statement).
  PARLEY_ASSIGN_OR_RETURN(
      Stmt named,
      db_->Prepare(PostRowSql() + " WHERE p.id IN (SELECT id FROM temp.parley_gone_ids)" +
                   (q.source.empty() ? "" : " AND p.source = ?1")));
  if (!q.source.empty()) named.Text(1, q.source);
  std::vector<StoredPost> posts;
  int rc;
  while ((rc = named.Step()) == SQLITE_ROW) {
    StoredPost sp;
    PARLEY_RETURN_IF_ERROR(ReadPostRow(named, 0, &sp));
    const size_t before = sp.post.extra.size();
    std::erase_if(sp.post.extra, [](const auto& kv) { return IsGeoColumn(kv.first); });
    if (sp.post.extra.size() != before) posts.push_back(std::move(sp));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read the posts to scrub");
  PARLEY_ASSIGN_OR_RETURN(
      Stmt update, db_->Prepare("UPDATE posts SET content_hash = ?1, detail = ?2 WHERE source = "
                                "?3 AND id = ?4"));
  for (const StoredPost& sp : posts) {
    // Encoded as ingest encodes it, with the model that analyzed it: the
    // hash is the one ingesting the post without those columns gives.
    std::string model = std::move(options_.model);
    options_.model = sp.model;
    const Status encoded = Encode(sp.post, sp.analysis);
    options_.model = std::move(model);
    PARLEY_RETURN_IF_ERROR(encoded);
    update.Int(1, hash_);
    update.Blob(2, detail_);
    update.Text(3, sp.post.source);
    update.Text(4, sp.post.id);
    PARLEY_RETURN_IF_ERROR(db_->Run(update, "cannot scrub a post's geo columns"));
    ++stats.posts;
  }
  if (q.withhold) {
    std::vector<std::pair<std::string, std::string>> entries;  // (value, source)
    for (const std::string& id : q.ids) entries.emplace_back(id, q.source);
    PARLEY_ASSIGN_OR_RETURN(stats.withheld, AddWithheld("geo", entries));
  }
  if (stats.posts > 0) {
    // Caches derived from the posts see the change.
    PARLEY_RETURN_IF_ERROR(
        db_->Exec("UPDATE meta SET value = value + 1 WHERE key = 'data_version'"));
  }
  return stats;
}

Status SqliteStore::RefreshWithheld() {
  PARLEY_ASSIGN_OR_RETURN(
      int64_t version,
      db_->QueryInt("SELECT coalesce((SELECT value FROM meta WHERE key = 'withheld_version'), 0)"));
  if (version == withheld_version_) return Status::OK();
  withheld_posts_.clear();
  withheld_authors_.clear();
  withheld_geo_.clear();
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare("SELECT kind, value, source FROM withheld"));
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    const std::string_view kind = st.ColText(0);
    (kind == "author" ? withheld_authors_
     : kind == "geo"  ? withheld_geo_
                      : withheld_posts_)
        .insert(WithheldKey(st.ColText(2), st.ColText(1), &withheld_key_));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read what deletions withhold");
  withheld_version_ = version;
  return Status::OK();
}

SqliteStore::Withholding SqliteStore::WithheldAs(const Post& post) const {
  std::string& key = withheld_key_;
  auto in = [&](const std::unordered_set<std::string>& set, std::string_view value, bool lower) {
    return !set.empty() && (set.contains(WithheldKey(post.source, value, &key, lower)) ||
                            set.contains(WithheldKey("", value, &key, lower)));
  };
  if (in(withheld_posts_, post.id, false) || in(withheld_authors_, post.author, true)) {
    return Withholding::kSkip;
  }
  return in(withheld_geo_, post.id, false) ? Withholding::kGeo : Withholding::kNone;
}

StatusOr<std::vector<WithheldEntry>> SqliteStore::Withheld() {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st,
      db_->Prepare("SELECT kind, value, source, since FROM withheld ORDER BY kind, value, source"));
  std::vector<WithheldEntry> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    WithheldEntry& e = out.emplace_back();
    e.kind = st.ColText(0);
    e.value = st.ColText(1);
    e.source = st.ColText(2);
    e.since_ms = st.ColInt(3);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read what deletions withhold");
  return out;
}

StatusOr<int64_t> SqliteStore::LiftWithheld(std::string_view kind, std::string_view value,
                                            std::string_view source) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  if (kind != "author" && kind != "post" && kind != "geo") {
    return InvalidArgumentError("withheld entries are of kind author, post or geo, not '" +
                                std::string(kind) + "'");
  }
  const std::string key = kind == "author" ? AsciiLower(value) : std::string(value);
  PARLEY_ASSIGN_OR_RETURN(
      Stmt lift,
      db_->Prepare(source.empty() ? "DELETE FROM withheld WHERE kind = ?1 AND value = ?2"
                                  : "DELETE FROM withheld WHERE kind = ?1 AND value = ?2 AND "
                                    "source = ?3"));
  lift.Text(1, kind);
  lift.Text(2, key);
  if (!source.empty()) lift.Text(3, source);
  PARLEY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status s = db_->Run(lift, "cannot lift a withheld entry");
  const int64_t lifted = s.ok() ? sqlite3_changes(db_->raw()) : 0;
  if (s.ok() && lifted > 0) s = MoveWithheldVersion();
  if (s.ok()) s = db_->Exec("COMMIT");
  if (!s.ok()) {
    (void)db_->Exec("ROLLBACK");
    return s;
  }
  return lifted;
}

// An author keeps the name of the last post ingested that gives one and the
// most followers any post gives: where a post going gave either (noted as
// `said`), they are taken anew from the details of the author's posts that
// stay, as ingesting only those would have left them, so no deleted post's
// display name or count stays in the store.
Status SqliteStore::RenameAuthorsLeft() {
  PARLEY_ASSIGN_OR_RETURN(
      Stmt authors,
      db_->Prepare("SELECT DISTINCT g.source, g.author FROM temp.parley_gone g JOIN authors a ON "
                   "a.source = g.source AND a.handle = g.author WHERE g.said"));
  PARLEY_ASSIGN_OR_RETURN(
      Stmt details,
      db_->Prepare("SELECT detail FROM posts WHERE author = ?1 AND source = ?2 ORDER BY pid"));
  PARLEY_ASSIGN_OR_RETURN(
      Stmt rename,
      db_->Prepare(
          "UPDATE authors SET name = ?3, followers_max = ?4 WHERE source = ?1 AND handle = ?2"));
  // (Read first: the updates below do not run under the reading statement.)
  std::vector<std::pair<std::string, std::string>> said;
  int rc;
  while ((rc = authors.Step()) == SQLITE_ROW) {
    said.emplace_back(authors.ColText(0), authors.ColText(1));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read the authors left");
  Post post;
  Analysis analysis;
  for (const auto& [source, handle] : said) {
    details.Reset();
    details.Text(1, handle);
    details.Text(2, source);
    std::string name;
    std::optional<int64_t> followers;
    int drc;
    while ((drc = details.Step()) == SQLITE_ROW) {
      post = Post();
      PARLEY_RETURN_IF_ERROR(ParseStoredDetail(details.ColBlob(0), &post, &analysis, nullptr));
      FoldProfile(post, &name, &followers);
    }
    if (drc != SQLITE_DONE) return db_->Error(drc, "cannot read the posts of an author left");
    rename.Reset();
    rename.Text(1, source);
    rename.Text(2, handle);
    rename.TextOrNull(3, name);
    rename.Int(4, followers);
    PARLEY_RETURN_IF_ERROR(db_->Run(rename, "cannot rename an author left"));
  }
  return Status::OK();
}

}  // namespace parley::internal

namespace parley {

StatusOr<LiftedWithheld> LiftWithheldEntries(Store* store, const std::vector<std::string>& authors,
                                             const std::vector<std::string>& ids,
                                             std::string_view source) {
  LiftedWithheld out;
  auto each = [&](std::initializer_list<const char*> kinds, const std::string& value) -> Status {
    int64_t n = 0;
    for (const char* kind : kinds) {
      PARLEY_ASSIGN_OR_RETURN(int64_t k, store->LiftWithheld(kind, value, source));
      n += k;
    }
    if (n == 0) out.not_withheld.push_back(value);
    out.lifted += n;
    return Status::OK();
  };
  for (const std::string& a : authors) PARLEY_RETURN_IF_ERROR(each({"author"}, a));
  // (An id lifts both what withholds the post and what drops its geo.)
  for (const std::string& id : ids) PARLEY_RETURN_IF_ERROR(each({"post", "geo"}, id));
  return out;
}

void WithheldEntryValue(const WithheldEntry& e, JsonWriter* w) {
  w->BeginObject();
  w->Key("kind").String(e.kind);
  w->Key("value").String(e.value);
  w->Key("source").String(e.source);
  w->Key("since").String(FormatTimestamp(e.since_ms));
  w->EndObject();
}

void LiftedWithheldValue(const LiftedWithheld& done, JsonWriter* w) {
  w->BeginObject();
  w->Key("lifted").Int(done.lifted);
  w->Key("not_withheld").BeginArray();
  for (const std::string& v : done.not_withheld) w->String(v);
  w->EndArray();
  w->EndObject();
}

Status CheckDeleteAuthors(Store* store, const DeleteQuery& q) {
  for (const std::string& handle : q.authors) {
    PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAuthor> exact, store->GetAuthors(q.source, handle));
    if (!exact.empty()) continue;
    PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAuthor> other,
                            store->GetAuthors(q.source, handle, /*any_case=*/true));
    if (other.empty()) continue;
    std::string names;
    for (const StoredAuthor& a : other) {
      names += (names.empty() ? "'" : ", '") + a.handle + "' (" + a.source + ")";
    }
    return InvalidArgumentError("author '" + handle + "': the store has no such handle but " +
                                names + ": give the handle as the store writes it");
  }
  return Status::OK();
}

}  // namespace parley
