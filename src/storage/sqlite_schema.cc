#include "src/storage/sqlite_schema.h"

#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/storage/store_codec.h"
#include "src/text/shares.h"
#include "src/text/terms.h"

namespace parley::internal {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a released migration is never edited, a change is a new one.
constexpr Migration kMigrations[] = {
    {1, R"sql(
-- One row per (source, id): the post and its analysis. pid is the row's
-- handle for joins; (source, id) is the identity. content_hash covers the
-- post and its analysis. The analysis shares the post's row (one insert per
-- post instead of two); the analyses view shows it apart.
CREATE TABLE posts (
  pid          INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  id           TEXT NOT NULL,
  author       TEXT NOT NULL,
  author_name  TEXT,
  thread       TEXT,
  parent       TEXT,
  created_at   INTEGER NOT NULL,       -- UTC ms since the epoch
  text         TEXT NOT NULL,
  lang         TEXT,
  rating       REAL,
  likes        INTEGER,
  shares       INTEGER,
  replies      INTEGER,
  followers    INTEGER,
  views        INTEGER,
  extra        TEXT,                   -- JSON object of unmapped columns, NULL if none
  content_hash INTEGER NOT NULL,
  label        TEXT NOT NULL,          -- negative | neutral | positive
  score        REAL NOT NULL,
  p_neg        REAL,                   -- NULL when the model gives no probabilities
  p_neu        REAL,
  p_pos        REAL,
  model        TEXT NOT NULL,
  brands       TEXT,                   -- JSON arrays of strings, NULL when empty
  topics       TEXT,
  intents      TEXT,
  mentions     TEXT,
  hashtags     TEXT,
  UNIQUE (source, id)
);
CREATE INDEX posts_by_time ON posts (created_at);

CREATE VIEW analyses AS
  SELECT pid, source, id, label, score, p_neg, p_neu, p_pos, model, brands, topics, intents,
         mentions, hashtags
  FROM posts;

-- Brands and topics of each post, for the posts behind a rollup cell.
CREATE TABLE post_tags (
  kind       TEXT NOT NULL,            -- brand | topic
  tag        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  pid        INTEGER NOT NULL,
  PRIMARY KEY (kind, tag, created_at, pid)
) WITHOUT ROWID;
CREATE INDEX post_tags_by_pid ON post_tags (pid);

CREATE TABLE authors (
  source        TEXT NOT NULL,
  handle        TEXT NOT NULL,
  name          TEXT,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  posts         INTEGER NOT NULL,
  followers_max INTEGER,
  PRIMARY KEY (source, handle)
) WITHOUT ROWID;

-- Sums are integers in units of 1e-9 so that they add and subtract exactly.
CREATE TABLE rollups (
  granularity  TEXT NOT NULL,          -- hour | day | week
  bucket_start INTEGER NOT NULL,       -- UTC ms; weeks start on Monday
  brand        TEXT NOT NULL,          -- '*' = all brands
  topic        TEXT NOT NULL,          -- '*' = all topics
  source       TEXT NOT NULL,
  n            INTEGER NOT NULL,
  n_neg        INTEGER NOT NULL,
  n_neu        INTEGER NOT NULL,
  n_pos        INTEGER NOT NULL,
  sum_p_neg    INTEGER NOT NULL,
  sum_p_neu    INTEGER NOT NULL,
  sum_p_pos    INTEGER NOT NULL,
  sum_score    INTEGER NOT NULL,
  PRIMARY KEY (granularity, bucket_start, brand, topic, source)
) WITHOUT ROWID;
)sql"},
    {2, R"sql(
-- Alerts of the change detectors (src/change). key = kind|series|window is
-- the identity: detecting the same alert again stores nothing, so it is
-- reported once. body is the alert as JSON. delivered_at is set when a
-- webhook accepted it (NULL until then, so a failed delivery is retried).
CREATE TABLE alerts (
  key          TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,          -- spike | shift | term
  window_start INTEGER NOT NULL,       -- UTC ms
  window_end   INTEGER NOT NULL,
  detected_at  INTEGER NOT NULL,       -- UTC ms when first stored
  body         TEXT NOT NULL,
  delivered_at INTEGER
) WITHOUT ROWID;
CREATE INDEX alerts_by_window ON alerts (window_start);
)sql"},
    {3, R"sql(
-- People (src/people): one author's posts, one thread's posts and the
-- replies to a post, without scanning the table.
CREATE INDEX posts_by_author ON posts (author, created_at);
CREATE INDEX posts_by_thread ON posts (thread, created_at) WHERE thread IS NOT NULL;
CREATE INDEX posts_by_parent ON posts (parent) WHERE parent IS NOT NULL;

-- Counters of the store. data_version grows with every batch that inserts
-- or updates a post, so that caches derived from the posts (influence)
-- know when they are stale.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('data_version', 0);

-- The influence ranking as last computed (src/people/influence.h), and the
-- data_version it was computed at (meta key influence_version).
CREATE TABLE influence (
  source            TEXT NOT NULL,
  handle            TEXT NOT NULL,
  rank              INTEGER NOT NULL,
  score             REAL NOT NULL,
  percentile        REAL NOT NULL,
  pagerank          REAL NOT NULL,
  reach             INTEGER NOT NULL,
  engagement        REAL NOT NULL,
  replies_received  INTEGER NOT NULL,
  mentions_received INTEGER NOT NULL,
  shares_received   INTEGER NOT NULL,
  PRIMARY KEY (source, handle)
) WITHOUT ROWID;
CREATE INDEX influence_by_rank ON influence (rank);

-- Care queue items marked handled (`parley queue done`).
CREATE TABLE queue_done (
  source     TEXT NOT NULL,
  id         TEXT NOT NULL,
  handled_at INTEGER NOT NULL,         -- UTC ms
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (source, id)
) WITHOUT ROWID;
)sql"},
    {4, R"sql(
-- A narrower posts row (docs/store.md), for ingest speed: the columns that
-- only whole-post reads want (author name, language, rating, replies,
-- followers, views, unmapped columns, model, brand/topic/intent/mention/
-- hashtag lists) go into one BLOB, `detail`, instead of thirteen columns
-- with JSON text; the label is its code (0 negative, 1 neutral, 2 positive);
-- the columns index builds read come first. pid values are kept, so
-- post_tags stays valid. content_hash is recomputed over the new layout
-- (parley_v4_hash), so re-ingesting an unchanged record still finds it
-- unchanged. parley_v4_detail and parley_v4_hash are defined by parley on
-- the migrating connection (sqlite_schema.cc).
DROP VIEW analyses;

-- The names of unmapped input columns (Post::extra), each stored once:
-- detail holds a column's code, not its name.
CREATE TABLE extra_keys (
  code INTEGER PRIMARY KEY,
  key  TEXT NOT NULL UNIQUE
);
INSERT INTO extra_keys (key)
  SELECT DISTINCT j.key FROM posts, json_each(posts.extra) AS j WHERE posts.extra IS NOT NULL;

CREATE TABLE posts_v4 (
  pid          INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  id           TEXT NOT NULL,
  created_at   INTEGER NOT NULL,       -- UTC ms since the epoch
  author       TEXT NOT NULL,
  thread       TEXT,
  parent       TEXT,
  label        INTEGER NOT NULL,       -- 0 negative, 1 neutral, 2 positive
  score        REAL NOT NULL,
  likes        INTEGER,
  shares       INTEGER,
  p_neg        REAL,                   -- NULL when the model gives no probabilities
  p_neu        REAL,
  p_pos        REAL,
  content_hash INTEGER NOT NULL,
  text         TEXT NOT NULL,
  detail       BLOB NOT NULL,          -- the rest of the post and analysis, docs/store.md
  UNIQUE (source, id)
);
INSERT INTO posts_v4 (pid, source, id, created_at, author, thread, parent, label, score, likes,
                      shares, p_neg, p_neu, p_pos, content_hash, text, detail)
  SELECT pid, source, id, created_at, author, thread, parent, label, score, likes, shares,
         p_neg, p_neu, p_pos,
         parley_v4_hash(author, thread, parent, text, detail, created_at, likes, shares, label,
                        score, p_neg, p_neu, p_pos),
         text, detail
  FROM (SELECT pid, source, id, created_at, author, thread, parent,
               CASE label WHEN 'negative' THEN 0 WHEN 'positive' THEN 2 ELSE 1 END AS label,
               score, likes, shares, p_neg, p_neu, p_pos, text,
               parley_v4_detail(model, author_name, lang, rating, replies, followers, views,
                                extra, brands, topics, intents, mentions, hashtags) AS detail
        FROM posts ORDER BY pid);
DROP TABLE posts;
ALTER TABLE posts_v4 RENAME TO posts;
CREATE INDEX posts_by_time ON posts (created_at);
CREATE INDEX posts_by_author ON posts (author, created_at);
CREATE INDEX posts_by_thread ON posts (thread, created_at) WHERE thread IS NOT NULL;
CREATE INDEX posts_by_parent ON posts (parent) WHERE parent IS NOT NULL;

-- What plain SQL can still read of each analysis.
CREATE VIEW analyses AS
  SELECT pid, source, id,
         CASE label WHEN 0 THEN 'negative' WHEN 2 THEN 'positive' ELSE 'neutral' END AS label,
         score, p_neg, p_neu, p_pos
  FROM posts;
)sql"},
    {5, R"sql(
-- The identity keys lead with the column that tells rows apart (docs/store.md):
-- posts UNIQUE (id, source) instead of (source, id), authors PRIMARY KEY
-- (handle, source) instead of (source, handle). A store usually has one
-- source, so every key comparison used to find the first column equal and
-- go on to SQLite's slow path for the rest of the record; now most are
-- decided by the first column. Same columns in the same order, same rows,
-- same pids and content hashes: only the keys change.
DROP VIEW analyses;
CREATE TABLE posts_v5 (
  pid          INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  id           TEXT NOT NULL,
  created_at   INTEGER NOT NULL,       -- UTC ms since the epoch
  author       TEXT NOT NULL,
  thread       TEXT,
  parent       TEXT,
  label        INTEGER NOT NULL,       -- 0 negative, 1 neutral, 2 positive
  score        REAL NOT NULL,
  likes        INTEGER,
  shares       INTEGER,
  p_neg        REAL,                   -- NULL when the model gives no probabilities
  p_neu        REAL,
  p_pos        REAL,
  content_hash INTEGER NOT NULL,
  text         TEXT NOT NULL,
  detail       BLOB NOT NULL,          -- the rest of the post and analysis, docs/store.md
  UNIQUE (id, source)
);
INSERT INTO posts_v5 SELECT * FROM posts ORDER BY pid;
DROP TABLE posts;
ALTER TABLE posts_v5 RENAME TO posts;
CREATE INDEX posts_by_time ON posts (created_at);
CREATE INDEX posts_by_author ON posts (author, created_at);
CREATE INDEX posts_by_thread ON posts (thread, created_at) WHERE thread IS NOT NULL;
CREATE INDEX posts_by_parent ON posts (parent) WHERE parent IS NOT NULL;
CREATE VIEW analyses AS
  SELECT pid, source, id,
         CASE label WHEN 0 THEN 'negative' WHEN 2 THEN 'positive' ELSE 'neutral' END AS label,
         score, p_neg, p_neu, p_pos
  FROM posts;

CREATE TABLE authors_v5 (
  source        TEXT NOT NULL,
  handle        TEXT NOT NULL,
  name          TEXT,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  posts         INTEGER NOT NULL,
  followers_max INTEGER,
  PRIMARY KEY (handle, source)
) WITHOUT ROWID;
INSERT INTO authors_v5 SELECT * FROM authors ORDER BY handle, source;
DROP TABLE authors;
ALTER TABLE authors_v5 RENAME TO authors;
)sql"},
    {6, R"sql(
-- What posts say beyond brands and topics (src/storage/rollup.h, TagRollup):
-- kind intent (tag: the intent), aspect (tag: the topic; counted by the
-- aspect's sentiment) and price (tag: the currency, '' for price words).
-- Sums in units of 1e-9 as in rollups; sum_amount in hundredths. Filled
-- from the stored posts when an older store is migrated (BackfillTagRollups).
CREATE TABLE tag_rollups (
  granularity  TEXT NOT NULL,          -- hour | day | week
  bucket_start INTEGER NOT NULL,       -- UTC ms; weeks start on Monday
  kind         TEXT NOT NULL,          -- intent | aspect | price
  tag          TEXT NOT NULL,
  brand        TEXT NOT NULL,          -- '*' = all brands
  source       TEXT NOT NULL,
  n            INTEGER NOT NULL,
  n_neg        INTEGER NOT NULL,
  n_neu        INTEGER NOT NULL,
  n_pos        INTEGER NOT NULL,
  sum_p_neg    INTEGER NOT NULL,
  sum_p_neu    INTEGER NOT NULL,
  sum_p_pos    INTEGER NOT NULL,
  sum_score    INTEGER NOT NULL,
  amounts      INTEGER NOT NULL,
  sum_amount   INTEGER NOT NULL,
  PRIMARY KEY (granularity, bucket_start, kind, tag, brand, source)
) WITHOUT ROWID;
)sql"},
    {7, R"sql(
-- Intents crossed with topics (the complaints about the delay): tag_rollups
-- gains a topic ('*' = all posts; intents also have a row per topic of the
-- post). Made anew and filled from the stored posts (BackfillTagRollups),
-- which have the topics.
DROP TABLE tag_rollups;
CREATE TABLE tag_rollups (
  granularity  TEXT NOT NULL,          -- hour | day | week
  bucket_start INTEGER NOT NULL,       -- UTC ms; weeks start on Monday
  kind         TEXT NOT NULL,          -- intent | aspect | price
  tag          TEXT NOT NULL,
  brand        TEXT NOT NULL,          -- '*' = all brands
  topic        TEXT NOT NULL,          -- '*' = all topics; else intents only
  source       TEXT NOT NULL,
  n            INTEGER NOT NULL,
  n_neg        INTEGER NOT NULL,
  n_neu        INTEGER NOT NULL,
  n_pos        INTEGER NOT NULL,
  sum_p_neg    INTEGER NOT NULL,
  sum_p_neu    INTEGER NOT NULL,
  sum_p_pos    INTEGER NOT NULL,
  sum_score    INTEGER NOT NULL,
  amounts      INTEGER NOT NULL,
  sum_amount   INTEGER NOT NULL,
  PRIMARY KEY (granularity, bucket_start, kind, tag, brand, topic, source)
) WITHOUT ROWID;
)sql"},
    {8, R"sql(
-- What a deletion keeps out of later ingests (Store::DeletePosts() with
-- DeleteQuery::withhold): a person who asked to be forgotten (kind author:
-- the handle, matched without regard to ASCII case) or a post its platform
-- says was deleted (kind post: the id), from one source or from every
-- source (''). Ingest skips such posts and counts them as withheld.
-- meta's withheld_version grows with each change, so that a writer knows
-- when to read the list again.
CREATE TABLE withheld (
  kind   TEXT NOT NULL,                -- author | post
  value  TEXT NOT NULL,                -- the handle (ASCII lower-cased) or the post id
  source TEXT NOT NULL,                -- '' = every source
  since  INTEGER NOT NULL,             -- UTC ms of the deletion that added it
  PRIMARY KEY (kind, value, source)
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('withheld_version', 0);
)sql"},
};

constexpr int kLatest = sizeof(kMigrations) / sizeof(kMigrations[0]);

// The indexes of posts that only readers use, as migrations 1 and 3 created
// them (SQLite stores the statement without IF NOT EXISTS, so a rebuilt
// index reads the same in sqlite_master).
constexpr const char* kReaderIndexes[][2] = {
    {"posts_by_time", "CREATE INDEX IF NOT EXISTS posts_by_time ON posts (created_at)"},
    {"posts_by_author", "CREATE INDEX IF NOT EXISTS posts_by_author ON posts (author, created_at)"},
    {"posts_by_thread",
     "CREATE INDEX IF NOT EXISTS posts_by_thread ON posts (thread, created_at) "
     "WHERE thread IS NOT NULL"},
    {"posts_by_parent",
     "CREATE INDEX IF NOT EXISTS posts_by_parent ON posts (parent) WHERE parent IS NOT NULL"},
};

// The page cache (KiB) while the reader indexes are built: it also sets
// the size of the sorter's in-memory runs (EnsureReaderIndexes).
constexpr int64_t kIndexBuildCacheKib = 2048;

}  // namespace

// With temp_store = MEMORY SQLite's sorter allocates every key of an index
// build on its own (a malloc and a free per row and index); with FILE it
// packs them into one growing buffer and spills to a temporary file only
// past its limit (the page cache size). 50,000 posts, the time and author
// indexes: 355 -> 288 million instructions. SQLite refuses to change it
// inside a transaction once the connection has opened its temporary
// database.
const char* const kIndexBuildTempStore = "PRAGMA temp_store = FILE";

namespace {

// Reads the header: the first statement that touches the file finds out
// whether it is a database at all.
Status CheckIdentity(Db* db, int64_t* version) {
  PARLEY_ASSIGN_OR_RETURN(*version, db->QueryInt("PRAGMA user_version"));
  PARLEY_ASSIGN_OR_RETURN(int64_t app, db->QueryInt("PRAGMA application_id"));
  if (*version > kLatest) {
    return FailedPreconditionError(
        "'" + db->path() + "' was written by a newer parley (schema version " +
        std::to_string(*version) + "; this parley knows up to " + std::to_string(kLatest) +
        "): upgrade parley");
  }
  if (*version == 0) {
    PARLEY_ASSIGN_OR_RETURN(int64_t tables, db->QueryInt("SELECT count(*) FROM sqlite_master"));
    if (tables == 0) return Status::OK();
  } else if (app == kParleyApplicationId) {
    return Status::OK();
  }
  return DataLossError("'" + db->path() + "' is a SQLite database but not a parley one");
}

Status SetPragmas(Db* db, bool read_only, int busy_timeout_ms, bool journaled) {
  sqlite3_busy_timeout(db->raw(), busy_timeout_ms);
  PARLEY_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"));
  if (read_only) return Status::OK();
  // A new file that a bulk load will write through a rollback journal
  // (SqliteStore::JournalIfEmpty) gets its schema that way too, synced as
  // the load's groups are.
  if (journaled) return db->Exec("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 5000");
  // WAL: a commit is one append to the -wal file, readers never block the
  // writer. NORMAL: a commit survives the process being killed (the WAL is
  // in the OS's hands); only an OS crash or power loss can lose the last
  // commits, never consistency.
  // A checkpoint (copying the WAL into the database, with an fsync) every
  // 40 MB of WAL rather than SQLite's 4 MB: bulk ingest syncs a tenth as often.
  return db->Exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 5000");
}

// SQL text (NULL = empty) and optional numbers of a function's arguments.
std::string_view ArgText(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p ? std::string_view(reinterpret_cast<const char*>(p),
                              static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}
// A BLOB argument's bytes (none for NULL).
std::string_view BlobArg(sqlite3_value* v) {
  const void* blob = sqlite3_value_blob(v);
  return {static_cast<const char*>(blob), blob ? static_cast<size_t>(sqlite3_value_bytes(v)) : 0};
}
std::optional<int64_t> ArgInt(sqlite3_value* v) {
  return sqlite3_value_type(v) == SQLITE_NULL ? std::nullopt
                                              : std::optional<int64_t>(sqlite3_value_int64(v));
}
std::optional<double> ArgDouble(sqlite3_value* v) {
  return sqlite3_value_type(v) == SQLITE_NULL ? std::nullopt
                                              : std::optional<double>(sqlite3_value_double(v));
}

// parley_v4_detail(model, author_name, lang, rating, replies, followers,
// views, extra, brands, topics, intents, mentions, hashtags): a version 3
// row's columns (JSON lists and extra) as the version 4 detail BLOB.
struct V4DetailState {
  simdjson::dom::parser parser;
  bool codes_loaded = false;
  std::unordered_map<std::string, int64_t> codes;  // extra_keys, as the migration filled it
};

void V4Detail(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 13) return sqlite3_result_error(ctx, "parley_v4_detail takes 13 arguments", -1);
  auto* state = static_cast<V4DetailState*>(sqlite3_user_data(ctx));
  if (!state->codes_loaded) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                                "SELECT code, key FROM extra_keys", -1, &st, nullptr);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      state->codes[std::string(ArgText(sqlite3_column_value(st, 1)))] =
          sqlite3_column_int64(st, 0);
      rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sqlite3_result_error(ctx, "cannot read extra_keys", -1);
    state->codes_loaded = true;
  }
  std::vector<std::pair<std::string, std::string>> extra;
  std::vector<std::string> lists[5];
  simdjson::dom::parser* parser = &state->parser;
  Status s = ParseJsonPairs(*parser, ArgText(argv[7]), &extra);
  std::vector<int64_t> codes;
  for (const auto& kv : extra) {
    auto it = state->codes.find(kv.first);
    if (it == state->codes.end()) {
      return sqlite3_result_error(ctx, "an extra column missing from extra_keys", -1);
    }
    codes.push_back(it->second);
  }
  for (int i = 0; s.ok() && i < 5; ++i) s = ParseJsonList(*parser, ArgText(argv[8 + i]), &lists[i]);
  if (!s.ok()) return sqlite3_result_error(ctx, s.ToString().c_str(), -1);
  PostDetail d;
  d.model = ArgText(argv[0]);
  d.author_name = ArgText(argv[1]);
  d.lang = ArgText(argv[2]);
  d.rating = ArgDouble(argv[3]);
  d.replies = ArgInt(argv[4]);
  d.followers = ArgInt(argv[5]);
  d.views = ArgInt(argv[6]);
  d.extra = &extra;
  d.extra_codes = &codes;
  d.brands = &lists[0];
  d.topics = &lists[1];
  d.intents = &lists[2];
  d.mentions = &lists[3];
  d.hashtags = &lists[4];
  std::string out;
  AppendDetail(d, &out);
  sqlite3_result_blob64(ctx, out.data(), out.size(), SQLITE_TRANSIENT);
}

// parley_v4_hash(author, thread, parent, text, detail, created_at, likes,
// shares, label, score, p_neg, p_neu, p_pos): ContentHash of a version 4 row.
void V4Hash(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 13) return sqlite3_result_error(ctx, "parley_v4_hash takes 13 arguments", -1);
  HashedPost h;
  h.author = ArgText(argv[0]);
  h.thread = ArgText(argv[1]);
  h.parent = ArgText(argv[2]);
  h.text = ArgText(argv[3]);
  h.detail = BlobArg(argv[4]);
  h.created_at = sqlite3_value_int64(argv[5]);
  h.likes = ArgInt(argv[6]);
  h.shares = ArgInt(argv[7]);
  h.label = sqlite3_value_int64(argv[8]);
  h.score = sqlite3_value_double(argv[9]);
  h.has_probabilities = sqlite3_value_type(argv[10]) != SQLITE_NULL;
  for (int i = 0; i < 3; ++i) h.p[i] = sqlite3_value_double(argv[10 + i]);
  sqlite3_result_int64(ctx, ContentHash(h));
}

// The functions migration 4 calls, on this connection only.
Status RegisterMigrationFunctions(Db* db) {
  auto* state = new V4DetailState();
  int rc = sqlite3_create_function_v2(
      db->raw(), "parley_v4_detail", 13, SQLITE_UTF8 | SQLITE_DETERMINISTIC, state, V4Detail,
      nullptr, nullptr, [](void* p) { delete static_cast<V4DetailState*>(p); });
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db->raw(), "parley_v4_hash", 13,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, V4Hash, nullptr,
                                    nullptr, nullptr);
  }
  return rc == SQLITE_OK ? Status::OK() : db->Error(rc, "cannot define migration functions");
}

// The version that made tag_rollups as they are now (6 created them, 7
// added the topic), and the statement that writes a cell of it (adding to
// what is there).
constexpr int kTagRollupsVersion = 7;

}  // namespace

const char* const kUpsertTagRollup = R"sql(
INSERT INTO tag_rollups (granularity, bucket_start, kind, tag, brand, source, n, n_neg, n_neu,
                         n_pos, sum_p_neg, sum_p_neu, sum_p_pos, sum_score, amounts, sum_amount,
                         topic)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
ON CONFLICT (granularity, bucket_start, kind, tag, brand, topic, source) DO UPDATE SET
  n = n + excluded.n, n_neg = n_neg + excluded.n_neg, n_neu = n_neu + excluded.n_neu,
  n_pos = n_pos + excluded.n_pos, sum_p_neg = sum_p_neg + excluded.sum_p_neg,
  sum_p_neu = sum_p_neu + excluded.sum_p_neu, sum_p_pos = sum_p_pos + excluded.sum_p_pos,
  sum_score = sum_score + excluded.sum_score, amounts = amounts + excluded.amounts,
  sum_amount = sum_amount + excluded.sum_amount)sql";

const char* const kDeleteEmptyTagRollup = R"sql(
DELETE FROM tag_rollups WHERE granularity = ?1 AND bucket_start = ?2 AND kind = ?3 AND tag = ?4
  AND brand = ?5 AND source = ?6 AND topic = ?17 AND n = 0 AND n_neg = 0 AND n_neu = 0 AND n_pos = 0 AND
  sum_p_neg = 0 AND sum_p_neu = 0 AND sum_p_pos = 0 AND sum_score = 0 AND amounts = 0 AND
  sum_amount = 0)sql";

Status WriteTagRollups(Db* db, Stmt& upsert, Stmt* delete_empty, TagRollupTable& table) {
  table.DropEmpty();
  auto bind_key = [](Stmt& st, const TagRollupKey& key) {
    st.Text(1, GranularityName(key.granularity));
    st.Int(2, key.bucket_start);
    st.Text(3, TagKindName(key.kind));
    st.Text(4, key.tag);
    st.Text(5, key.brand);
    st.Text(6, key.source);
    st.Text(17, key.topic);
  };
  for (const auto& [key, r] : table.cells()) {
    bind_key(upsert, key);
    upsert.Int(7, r.sentiment.n);
    for (int i = 0; i < 3; ++i) {
      upsert.Int(8 + i, r.sentiment.count[i]);
      upsert.Int(11 + i, r.sentiment.sum_p[i]);
    }
    upsert.Int(14, r.sentiment.sum_score);
    upsert.Int(15, r.amounts);
    upsert.Int(16, r.sum_amount);
    PARLEY_RETURN_IF_ERROR(db->Run(upsert, "cannot write a tag rollup"));
    // A removal (an updated post) may have emptied the cell: it goes, as
    // a rollup's does.
    if (delete_empty == nullptr || (r.sentiment.n >= 0 && r.amounts >= 0)) continue;
    bind_key(*delete_empty, key);
    PARLEY_RETURN_IF_ERROR(db->Run(*delete_empty, "cannot write a tag rollup"));
  }
  table.clear();
  return Status::OK();
}

Sentiment StoredSentiment(const Stmt& st, int first) {
  Sentiment s;
  s.label = LabelFromCode(st.ColInt(first));
  s.score = st.ColDouble(first + 1);
  s.has_probabilities = !st.ColNull(first + 2);
  for (int i = 0; i < 3; ++i) s.p[i] = st.ColDouble(first + 2 + i);
  return s;
}

namespace {

// Counts every stored post into tag_rollups (inside the migration's
// transaction), from the lists its detail BLOB holds.
Status BackfillTagRollups(Db* db) {
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db->Prepare("SELECT source, created_at, label, score, p_neg, p_neu, p_pos, detail "
                           "FROM posts"));
  PARLEY_ASSIGN_OR_RETURN(Stmt upsert, db->Prepare(kUpsertTagRollup));
  TagRollupTable table;
  Analysis analysis;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    analysis.Clear();
    analysis.sentiment = StoredSentiment(st, 2);
    PARLEY_RETURN_IF_ERROR(ParseDetail(st.ColBlob(7), nullptr, &analysis, nullptr));
    table.AddPost(st.ColText(0), st.ColInt(1), analysis);
    // Written in pieces: a store of millions of posts does not hold all
    // its cells at once.
    if (table.cells().size() >= 100000) {
      PARLEY_RETURN_IF_ERROR(WriteTagRollups(db, upsert, nullptr, table));
    }
  }
  if (rc != SQLITE_DONE) return db->Error(rc, "cannot read the stored posts");
  return WriteTagRollups(db, upsert, nullptr, table);
}

Status Migrate(Db* db, int up_to) {
  PARLEY_RETURN_IF_ERROR(RegisterMigrationFunctions(db));
  // IMMEDIATE takes the write lock first, so two processes opening a new
  // file at once do not both migrate it.
  PARLEY_RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  StatusOr<int64_t> version = db->QueryInt("PRAGMA user_version");
  Status s = version.status();
  for (const Migration& m : kMigrations) {
    if (!s.ok() || m.version <= *version || m.version > up_to) continue;
    s = db->Exec(m.sql);
    // A store that had posts before tag_rollups were as they are now:
    // count them in.
    if (s.ok() && m.version == kTagRollupsVersion && *version > 0) s = BackfillTagRollups(db);
    if (s.ok()) s = db->Exec("PRAGMA user_version = " + std::to_string(m.version));
  }
  if (s.ok()) s = db->Exec("PRAGMA application_id = " + std::to_string(kParleyApplicationId));
  if (s.ok()) return db->Exec("COMMIT");
  (void)db->Exec("ROLLBACK");
  return s;
}

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Status MigrateTo(Db* db, int version) { return Migrate(db, version); }

Status DropReaderIndexes(Db* db) {
  for (const auto& index : kReaderIndexes) {
    PARLEY_RETURN_IF_ERROR(db->Exec(std::string("DROP INDEX IF EXISTS ") + index[0]));
  }
  return Status::OK();
}

Status CreateReaderIndexes(Db* db) {
  // A 2 MiB page cache for the builds (kIndexBuildCacheKib; a bulk load ran
  // with 256 MiB): the sorter then sorts runs of 2 MiB of keys, which stay
  // in the CPU caches, writes each to its temporary file and merges them,
  // instead of merge-sorting one list of up to 35 MB (400,000 posts) whose
  // every link was a cache miss; the index pages it fills are written out
  // as it goes instead of piling up in the cache. 14% more instructions but
  // less CPU time: the four builds over 400,000 posts in the sqlite3 shell
  // 1.21 -> 0.80 CPU s, a whole -j1 load about 0.15 s less (bench/README.md).
  // The connection's cache size is restored after.
  PARLEY_ASSIGN_OR_RETURN(int64_t cache_size, db->QueryInt("PRAGMA cache_size"));
  Status s = db->Exec("PRAGMA cache_size = -" + std::to_string(kIndexBuildCacheKib));
  for (const auto& index : kReaderIndexes) {
    if (s.ok()) s = db->Exec(index[1]);
  }
  Status restored = db->Exec("PRAGMA cache_size = " + std::to_string(cache_size));
  return s.ok() ? restored : s;
}

Status EnsureReaderIndexes(Db* db) {
  std::string names;
  for (const auto& index : kReaderIndexes) {
    names += names.empty() ? "'" : ", '";
    names += std::string(index[0]) + "'";
  }
  PARLEY_ASSIGN_OR_RETURN(int64_t present,
                          db->QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                       "AND name IN (" + names + ")"));
  if (present == static_cast<int64_t>(std::size(kReaderIndexes))) return Status::OK();
  // temp_store = FILE for the builds (kIndexBuildTempStore); queries keep
  // MEMORY for their temporary B-trees. Only outside a transaction.
  PARLEY_RETURN_IF_ERROR(db->Exec(kIndexBuildTempStore));
  Status s = db->Exec("BEGIN IMMEDIATE");
  if (s.ok()) {
    s = CreateReaderIndexes(db);
    if (s.ok()) {
      s = db->Exec("COMMIT");
    } else {
      (void)db->Exec("ROLLBACK");
    }
  }
  Status restored = db->Exec("PRAGMA temp_store = MEMORY");
  return s.ok() ? restored : s;
}

namespace {

// parley_has_intent(detail, name): whether a post's detail BLOB lists the
// intent (DetailHasIntent), for the posts behind an intent's figure.
void HasIntent(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_result_int(ctx, DetailHasIntent(BlobArg(argv[0]), ArgText(argv[1])) ? 1 : 0);
}

// parley_language(detail): the language a post was tagged with
// (DetailLanguage), NULL when none, for the posts behind a language's figure.
void Language(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const std::string language = DetailLanguage(BlobArg(argv[0]));
  if (language.empty()) {
    sqlite3_result_null(ctx);
  } else {
    sqlite3_result_text(ctx, language.data(), static_cast<int>(language.size()), SQLITE_TRANSIENT);
  }
}

// parley_has_term(text, key): whether a post's text holds the term whose
// TermQueryKey() is `key` (HasTerm), for the posts behind an emerging term.
void HasTermFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_result_int(ctx, HasTerm(ArgText(argv[0]), ArgText(argv[1])) ? 1 : 0);
}

// parley_own_words_hold(text, key): whether a post's own words (OwnWords():
// a share's comment alone) hold the term whose TermQueryKey() is `key`, or,
// `key` empty, any word (a share with none says nothing itself); as key
// terms count posts.
void OwnWordsHoldFn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const std::string_view text = ArgText(argv[0]), key = ArgText(argv[1]);
  sqlite3_result_int(ctx,
                     (key.empty() ? !IsBareShare(text) : HasTerm(OwnWords(text), key)) ? 1 : 0);
}

}  // namespace

Status PrepareDatabase(Db* db, bool read_only, int busy_timeout_ms, bool bulk_load) {
  sqlite3_busy_timeout(db->raw(), busy_timeout_ms);
  // The functions the store's queries call, on every connection.
  if (int rc = sqlite3_create_function_v2(db->raw(), "parley_has_intent", 2,
                                          SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, HasIntent,
                                          nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return db->Error(rc, "cannot define the store's functions");
  }
  if (int rc = sqlite3_create_function_v2(db->raw(), "parley_has_term", 2,
                                          SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, HasTermFn,
                                          nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return db->Error(rc, "cannot define the store's functions");
  }
  if (int rc = sqlite3_create_function_v2(db->raw(), "parley_own_words_hold", 2,
                                          SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                          OwnWordsHoldFn, nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return db->Error(rc, "cannot define the store's functions");
  }
  if (int rc = sqlite3_create_function_v2(db->raw(), "parley_language", 1,
                                          SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, Language,
                                          nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return db->Error(rc, "cannot define the store's functions");
  }
  int64_t version = 0;
  PARLEY_RETURN_IF_ERROR(CheckIdentity(db, &version));
  if (read_only && version < kLatest) {
    return FailedPreconditionError("'" + db->path() +
                                   "' needs a schema upgrade: open it once for writing");
  }
  // 8 KiB pages (SQLite's default is 4): fewer, fuller B-tree pages for
  // rows of a few hundred bytes. Only a new, empty file can take it.
  if (version == 0 && !read_only) PARLEY_RETURN_IF_ERROR(db->Exec("PRAGMA page_size = 8192"));
  // A new file (no tables; journal_mode DELETE, SQLite's default) for a
  // bulk load stays in that mode until the load's Close() sets WAL. Set to
  // WAL here, the load switched it straight back: the switch to WAL wrote
  // the header through a rollback journal, the switch back checkpointed the
  // migrations' WAL into the file and wrote the header again, 11 fsyncs
  // and 3 file deletions where the migrations' own commit is 4 fsyncs.
  bool journaled = false;
  if (bulk_load && version == 0 && !read_only) {
    PARLEY_ASSIGN_OR_RETURN(
        int64_t rollback, db->QueryInt("SELECT journal_mode = 'delete' FROM pragma_journal_mode"));
    journaled = rollback != 0;
  }
  PARLEY_RETURN_IF_ERROR(SetPragmas(db, read_only, busy_timeout_ms, journaled));
  if (version < kLatest) PARLEY_RETURN_IF_ERROR(Migrate(db, kLatest));
  // A bulk load killed before it built them left these out.
  return read_only ? Status::OK() : EnsureReaderIndexes(db);
}

}  // namespace parley::internal
