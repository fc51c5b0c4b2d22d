// SqliteStore's side of the people views (src/people): post scans by author,
// thread or parent, author rows, the data version, the stored influence
// ranking and the care queue's handled posts. Schema version 3.
#include <string>

#include "src/storage/sqlite_schema.h"
#include "src/storage/sqlite_store.h"
#include "src/storage/store_codec.h"

namespace parley::internal {
namespace {


// A whole post row (schema version 4), as ReadPostRow reads it.
constexpr char kPostRow[] =
    "SELECT p.source, p.id, p.created_at, p.author, p.thread, p.parent, p.label, p.score, "
    "p.likes, p.shares, p.p_neg, p.p_neu, p.p_pos, p.text, p.detail FROM posts p";

constexpr char kInfluenceColumns[] =
    "source, handle, rank, score, percentile, pagerank, reach, engagement, replies_received, "
    "mentions_received, shares_received";

std::optional<int64_t> OptInt(const Stmt& st, int c) {
  return st.ColNull(c) ? std::nullopt : std::optional<int64_t>(st.ColInt(c));
}

StoredInfluence ReadInfluence(const Stmt& st) {
  StoredInfluence r;
  r.source = st.ColText(0);
  r.handle = st.ColText(1);
  r.rank = st.ColInt(2);
  r.score = st.ColDouble(3);
  r.percentile = st.ColDouble(4);
  r.pagerank = st.ColDouble(5);
  r.reach = st.ColInt(6);
  r.engagement = st.ColDouble(7);
  r.replies_received = st.ColInt(8);
  r.mentions_received = st.ColInt(9);
  r.shares_received = st.ColInt(10);
  return r;
}

// The WHERE clause of a PostScan; parameters ?1..?6.
std::string ScanSql(const PostScan& q) {
  std::string sql = std::string(kPostRow) + " WHERE p.created_at >= ?1 AND p.created_at < ?2";
  // Only the filters that are set appear, so SQLite picks their index.
  if (!q.source.empty()) sql += " AND p.source = ?3";
  if (!q.author.empty()) sql += " AND p.author = ?4";
  if (!q.thread.empty()) sql += " AND p.thread = ?5";
  if (!q.parent.empty()) sql += " AND p.parent = ?6";
  sql +=
      q.newest_first ? " ORDER BY p.created_at DESC, p.pid DESC" : " ORDER BY p.created_at, p.pid";
  sql += " LIMIT ?7";
  return sql;
}

}  // namespace

std::string SqliteStore::PostRowSql() { return kPostRow; }

Status SqliteStore::ReadPostRow(const Stmt& st, int c, StoredPost* sp) {
  Post& p = sp->post;
  p.source = st.ColText(c + 0);
  p.id = st.ColText(c + 1);
  p.created_at_ms = st.ColInt(c + 2);
  p.author = st.ColText(c + 3);
  p.thread = st.ColText(c + 4);
  p.parent = st.ColText(c + 5);
  Sentiment& s = sp->analysis.sentiment;
  s.label = LabelFromCode(st.ColInt(c + 6));
  s.score = st.ColDouble(c + 7);
  p.metrics.likes = OptInt(st, c + 8);
  p.metrics.shares = OptInt(st, c + 9);
  s.has_probabilities = !st.ColNull(c + 10);
  for (int i = 0; i < 3; ++i) s.p[i] = st.ColDouble(c + 10 + i);
  p.text = st.ColText(c + 13);
  return ParseStoredDetail(st.ColBlob(c + 14), &p, &sp->analysis, &sp->model);
}

Status SqliteStore::ScanPosts(const PostScan& q,
                              const std::function<Status(const StoredPost&)>& fn) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(ScanSql(q)));
  st.Int(1, q.from_ms);
  st.Int(2, q.to_ms);
  if (!q.source.empty()) st.Text(3, q.source);
  if (!q.author.empty()) st.Text(4, q.author);
  if (!q.thread.empty()) st.Text(5, q.thread);
  if (!q.parent.empty()) st.Text(6, q.parent);
  st.Int(7, q.limit);
  return EachPostRow(st, fn);
}

Status SqliteStore::EachPostRow(Stmt& st, const std::function<Status(const StoredPost&)>& fn) {
  StoredPost sp;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    PARLEY_RETURN_IF_ERROR(ReadPostRow(st, 0, &sp));
    PARLEY_RETURN_IF_ERROR(fn(sp));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read posts");
  return Status::OK();
}

StatusOr<std::vector<StoredAuthor>> SqliteStore::GetAuthors(std::string_view source,
                                                            std::string_view handle,
                                                            bool any_case) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db_->Prepare(std::string("SELECT source, handle, name, first_seen, last_seen, posts, "
                                        "followers_max FROM authors WHERE handle = ?2 ") +
                            (any_case ? "COLLATE NOCASE " : "") +
                            "AND (?1 = '' OR source = ?1) ORDER BY source, handle"));
  st.Text(1, source);
  st.Text(2, handle);
  std::vector<StoredAuthor> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    StoredAuthor a;
    a.source = st.ColText(0);
    a.handle = st.ColText(1);
    a.name = st.ColText(2);
    a.first_seen_ms = st.ColInt(3);
    a.last_seen_ms = st.ColInt(4);
    a.posts = st.ColInt(5);
    a.followers_max = OptInt(st, 6);
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read authors");
  return out;
}

StatusOr<int64_t> SqliteStore::DataVersion() {
  PARLEY_RETURN_IF_ERROR(Ready());
  return db_->QueryInt("SELECT value FROM meta WHERE key = 'data_version'");
}

Status SqliteStore::PutInfluence(int64_t data_version, std::span<const StoredInfluence> rows) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  PARLEY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status s = db_->Exec("DELETE FROM influence");
  StatusOr<Stmt> st = db_->Prepare(std::string("INSERT INTO influence (") + kInfluenceColumns +
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (s.ok()) s = st.status();
  for (size_t i = 0; s.ok() && i < rows.size(); ++i) {
    const StoredInfluence& r = rows[i];
    st->Text(1, r.source);
    st->Text(2, r.handle);
    st->Int(3, r.rank);
    st->Double(4, r.score);
    st->Double(5, r.percentile);
    st->Double(6, r.pagerank);
    st->Int(7, r.reach);
    st->Double(8, r.engagement);
    st->Int(9, r.replies_received);
    st->Int(10, r.mentions_received);
    st->Int(11, r.shares_received);
    s = db_->Run(*st, "cannot store influence");
  }
  if (s.ok()) {
    s = db_->Exec("INSERT INTO meta (key, value) VALUES ('influence_version', " +
                  std::to_string(data_version) +
                  ") ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }
  if (st.ok()) *st = Stmt();
  if (s.ok()) return db_->Exec("COMMIT");
  (void)db_->Exec("ROLLBACK");
  return s;
}

StatusOr<std::optional<int64_t>> SqliteStore::InfluenceVersion() {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st,
                          db_->Prepare("SELECT value FROM meta WHERE key = 'influence_version'"));
  int rc = st.Step();
  if (rc == SQLITE_DONE) return std::optional<int64_t>();
  if (rc != SQLITE_ROW) return db_->Error(rc, "cannot read the influence version");
  return std::optional<int64_t>(st.ColInt(0));
}

StatusOr<int64_t> SqliteStore::InfluenceCount() {
  PARLEY_RETURN_IF_ERROR(Ready());
  return db_->QueryInt("SELECT count(*) FROM influence");
}

StatusOr<std::vector<StoredInfluence>> SqliteStore::Influence(int64_t limit) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(std::string("SELECT ") + kInfluenceColumns +
                                                " FROM influence ORDER BY rank LIMIT ?1"));
  st.Int(1, limit);
  std::vector<StoredInfluence> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(ReadInfluence(st));
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read influence");
  return out;
}

StatusOr<std::optional<StoredInfluence>> SqliteStore::InfluenceOf(std::string_view source,
                                                                  std::string_view handle) {
  PARLEY_RETURN_IF_ERROR(Ready());
  // The exact spelling uses the primary key; another case scans the table.
  for (const char* compare : {"handle = ?2", "handle = ?2 COLLATE NOCASE"}) {
    PARLEY_ASSIGN_OR_RETURN(
        Stmt st, db_->Prepare(std::string("SELECT ") + kInfluenceColumns +
                              " FROM influence WHERE source = ?1 AND " + compare + " LIMIT 1"));
    st.Text(1, source);
    st.Text(2, handle);
    int rc = st.Step();
    if (rc == SQLITE_ROW) return std::optional<StoredInfluence>(ReadInfluence(st));
    if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read influence");
  }
  return std::optional<StoredInfluence>();
}

// Runs `change` and moves the handled version in one transaction.
Status SqliteStore::ChangeHandled(Stmt& change, const char* what) {
  PARLEY_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  Status s = db_->Run(change, what);
  if (s.ok()) {
    s = db_->Exec(
        "INSERT INTO meta (key, value) VALUES ('handled_version', 1) "
        "ON CONFLICT(key) DO UPDATE SET value = value + 1");
  }
  if (s.ok()) return db_->Exec("COMMIT");
  (void)db_->Exec("ROLLBACK");
  return s;
}

Status SqliteStore::MarkHandled(const HandledPost& h) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db_->Prepare("INSERT INTO queue_done (source, id, handled_at, note) "
                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(source, id) DO UPDATE SET "
                            "handled_at = excluded.handled_at, note = excluded.note"));
  st.Text(1, h.source);
  st.Text(2, h.id);
  st.Int(3, h.handled_at_ms);
  st.Text(4, h.note);
  return ChangeHandled(st, "cannot mark a post handled");
}

Status SqliteStore::UnmarkHandled(std::string_view source, std::string_view id) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  PARLEY_ASSIGN_OR_RETURN(Stmt st,
                          db_->Prepare("DELETE FROM queue_done WHERE source = ?1 AND id = ?2"));
  st.Text(1, source);
  st.Text(2, id);
  return ChangeHandled(st, "cannot unmark a handled post");
}

StatusOr<int64_t> SqliteStore::HandledVersion() {
  PARLEY_RETURN_IF_ERROR(Ready());
  // No row until the first change: stores made before the counter read 0.
  return db_->QueryInt(
      "SELECT coalesce((SELECT value FROM meta WHERE key = 'handled_version'), 0)");
}

StatusOr<std::vector<HandledPost>> SqliteStore::Handled() {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare("SELECT source, id, handled_at, note FROM "
                                                "queue_done ORDER BY handled_at, source, id"));
  std::vector<HandledPost> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    out.push_back({std::string(st.ColText(0)), std::string(st.ColText(1)), st.ColInt(2),
                   std::string(st.ColText(3))});
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read handled posts");
  return out;
}

}  // namespace parley::internal
