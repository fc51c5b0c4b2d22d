#include "src/storage/sqlite_store.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <unordered_set>

#include "src/core/geo_columns.h"
#include "src/storage/sqlite_schema.h"
#include "src/storage/store_codec.h"

namespace parley {
namespace internal {
namespace {

// Columns as in schema version 4 and 5 (sqlite_schema.cc); BindPost binds ?1..?16.
constexpr char kInsertPost[] = R"sql(
INSERT INTO posts (source, id, created_at, author, thread, parent, label, score, likes, shares,
                   p_neg, p_neu, p_pos, content_hash, text, detail)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT (source, id) DO NOTHING)sql";

// Posts are inserted kPostRows at a time (one statement with that many rows
// of VALUES, the parameters of row r at 16r + 1 .. 16r + 16; the rest of a
// batch one by one), as authors are (kAuthorRows): each statement run costs
// SQLite thousands of instructions of its own besides the row's work.
constexpr int kPostRows = 32;
constexpr int kPostColumns = 16;
//
// OR IGNORE: a statement of several rows that may abort midway (a NOT NULL
// column, by default) runs in a statement savepoint, which journals every
// page it changes (3.6% of a load's instructions). Of the NOT NULL columns
// only score can be bound NULL (a NaN): WriteRows sends rows with a NaN
// score one by one, where the NOT NULL error stays. (source, id) conflicts
// are the ON CONFLICT clause's, as in kInsertPost.
constexpr char kInsertPostsHead[] = R"sql(
INSERT OR IGNORE INTO posts (source, id, created_at, author, thread, parent, label, score, likes, shares,
                   p_neg, p_neu, p_pos, content_hash, text, detail)
VALUES )sql";
constexpr char kPostConflict[] = " ON CONFLICT (source, id) DO NOTHING";

constexpr char kSelectOld[] = R"sql(
SELECT pid, content_hash, created_at, author, label, score, p_neg, p_neu, p_pos, detail
FROM posts WHERE source = ?1 AND id = ?2)sql";

constexpr char kUpdatePost[] = R"sql(
UPDATE posts SET created_at = ?3, author = ?4, thread = ?5, parent = ?6, label = ?7, score = ?8,
       likes = ?9, shares = ?10, p_neg = ?11, p_neu = ?12, p_pos = ?13, content_hash = ?14,
       text = ?15, detail = ?16
WHERE source = ?1 AND id = ?2)sql";

// Authors are upserted kAuthorRows at a time (one statement with that many
// rows of VALUES, the parameters of row r at 7r + 1 .. 7r + 7), the rest one
// by one: each statement run costs SQLite about 4,000 instructions of its own
// (step, statement savepoint, halt, reset) besides the rows' work.
constexpr int kAuthorRows = 32;
constexpr int kAuthorColumns = 7;
// At most this many author deltas are reserved up front by a bulk load
// (SqliteStore::Open): 48 MiB of address space.
constexpr int64_t kMaxAuthorReserve = int64_t{1} << 18;

constexpr char kInsertAuthor[] =
    "INSERT INTO authors (source, handle, name, first_seen, last_seen, posts, followers_max)";
constexpr char kAuthorConflict[] = R"sql(
ON CONFLICT (source, handle) DO UPDATE SET
  name = coalesce(excluded.name, name),
  first_seen = min(first_seen, excluded.first_seen),
  last_seen = max(last_seen, excluded.last_seen),
  posts = posts + excluded.posts,
  followers_max = max(coalesce(followers_max, excluded.followers_max),
                      coalesce(excluded.followers_max, followers_max)))sql";

constexpr char kUpsertRollup[] = R"sql(
INSERT INTO rollups (granularity, bucket_start, brand, topic, source, n, n_neg, n_neu, n_pos,
                     sum_p_neg, sum_p_neu, sum_p_pos, sum_score)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT (granularity, bucket_start, brand, topic, source) DO UPDATE SET
  n = n + excluded.n, n_neg = n_neg + excluded.n_neg, n_neu = n_neu + excluded.n_neu,
  n_pos = n_pos + excluded.n_pos, sum_p_neg = sum_p_neg + excluded.sum_p_neg,
  sum_p_neu = sum_p_neu + excluded.sum_p_neu, sum_p_pos = sum_p_pos + excluded.sum_p_pos,
  sum_score = sum_score + excluded.sum_score)sql";

constexpr char kDeleteEmptyRollup[] = R"sql(
DELETE FROM rollups WHERE granularity = ?1 AND bucket_start = ?2 AND brand = ?3 AND topic = ?4
  AND source = ?5 AND n = 0)sql";

// `head`, then `rows` rows of `columns` parameters each (row r's at
// columns * r + 1 .. columns * r + columns), then `tail`.
std::string RowsSql(std::string head, int rows, int columns, std::string_view tail) {
  for (int r = 0; r < rows; ++r) {
    head += r ? ", (" : "(";
    for (int c = 1; c <= columns; ++c) {
      head += (c > 1 ? ", ?" : "?") + std::to_string(r * columns + c);
    }
    head += ")";
  }
  return head.append(tail);
}

// kInsertAuthor with `rows` rows of parameters, then kAuthorConflict.
std::string UpsertAuthorsSql(int rows) {
  return RowsSql(std::string(kInsertAuthor) + " VALUES ", rows, kAuthorColumns, kAuthorConflict);
}

// kInsertPostsHead with `rows` rows of parameters, then kPostConflict.
std::string InsertPostsSql(int rows) {
  return RowsSql(kInsertPostsHead, rows, kPostColumns, kPostConflict);
}

// The first 8 bytes of `s` (zero-padded) as a number that orders as the
// bytes do: prefixes that differ order two strings as std::string does.
uint64_t BigEndianPrefix(std::string_view s) {
  unsigned char b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(b, s.data(), std::min<size_t>(8, s.size()));
  uint64_t v = 0;
  for (unsigned char c : b) v = v << 8 | c;
  return v;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> SqliteStore::Open(const StoreOptions& options) {
  // SQLite takes "" and ":memory:" for a private database that is gone at
  // close: an ingest there would report posts stored nowhere.
  if (options.path.empty() || options.path == ":memory:") {
    return InvalidArgumentError("the database path is " +
                                (options.path.empty() ? std::string("empty") : "':memory:'") +
                                ": name a file, e.g. --db parley.db");
  }
  if (!options.create_if_missing) {
    std::error_code ec;
    if (!std::filesystem::exists(options.path, ec)) {
      return NoStoreError(options.path);
    }
    // An empty file is no store yet: a command that only reads one says so,
    // and leaves it as it is (ingest, which creates, makes it a store).
    if (std::filesystem::is_regular_file(options.path, ec) &&
        std::filesystem::file_size(options.path, ec) == 0 && !ec) {
      return NotFoundError("'" + options.path +
                           "' is an empty file, not a parley database yet: parley ingest into it "
                           "first");
    }
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  PARLEY_ASSIGN_OR_RETURN(store->db_,
                          Db::Open(options.path, options.create_if_missing, options.read_only));
  PARLEY_RETURN_IF_ERROR(PrepareDatabase(store->db_.get(), options.read_only,
                                         options.busy_timeout_ms, options.bulk_load));
  if (!options.read_only) PARLEY_RETURN_IF_ERROR(store->PrepareStatements());
  if (options.bulk_load && !options.read_only) {
    // Pages of the database file are read through a mapping instead of a
    // read() copy each: the index builds at Close() scan the whole posts
    // table, which is larger than the page cache (1.0 against 1.2 CPU s for
    // the four builds over 400,000 posts). Reads only; writes still go
    // through the WAL.
    PARLEY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA mmap_size = 1073741824"));
    // A 256 MiB page cache instead of 64: a 200,000-post group dirties more
    // pages than 64 MiB holds, so SQLite spilled them to the WAL in the
    // middle of the transaction and wrote many of them again at the commit
    // (400,000 posts, -j1: 75,000-84,000 -> 85,000-105,000 posts per CPU
    // second, 0.5 -> 0.3 s system time; 50 MB more peak memory).
    PARLEY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA cache_size = -262144"));
    // The system SQLite is built with SQLITE_SECURE_DELETE, which zeroes
    // the space of every cell a B-tree page gives up, including cells that
    // page splits move. A bulk load skips the zeroing (old content of
    // updated rows may stay in free space until reused; about 0.8% of the
    // instructions of a fresh load); other connections keep the default.
    PARLEY_RETURN_IF_ERROR(store->db_->Exec("PRAGMA secure_delete = OFF"));
    PARLEY_RETURN_IF_ERROR(store->JournalIfEmpty());
    // The group's author deltas (tens of thousands, 192 bytes each) grow
    // inside one reservation of address space, touched only as far as
    // used. Grown by doubling, each step mapped a new array, copied the
    // deltas and unmapped the old one: 400,000 posts touched some 27 MB of
    // fresh pages for 12 MB of deltas, and on the VMs parley runs on the
    // kernel zeroing a fresh page is the costly part (about 1.6 ms a 2 MiB
    // huge page; bench/README.md). A group larger than the reservation
    // grows it as before.
    store->authors_.reserve(
        static_cast<size_t>(std::clamp<int64_t>(options.bulk_commit_posts, 0, kMaxAuthorReserve)));
  }
  return std::unique_ptr<Store>(std::move(store));
}

// A bulk load into a store without posts writes through a rollback journal
// instead of the WAL. Through the WAL every page was written twice (to the
// WAL, then by the checkpoint into the file, read back in between); a page
// the load appends to the file has no old content to keep, so the journal
// holds only the pages that existed before the group changed them (the
// empty tables' roots, then what earlier groups wrote that a later one
// changes). 400,000 posts, -j1: 3.23-3.83 -> 2.69-3.41 CPU s (5 pairs).
// Crash safety is SQLite's: a kill mid-group leaves a "hot" journal that the
// next connection able to write rolls back before it reads (a read-only
// Db::Open first opens the file writable for that, sqlite_db.cc); FULL
// syncs the journal before the file is written, so a power loss cannot
// leave half a group either. Close() returns the file to WAL (as does any
// writable open). Leaving WAL needs the only connection to the file: with
// another one open (a server), the load stays in WAL rather than wait.
Status SqliteStore::JournalIfEmpty() {
  PARLEY_ASSIGN_OR_RETURN(int64_t any, db_->QueryInt("SELECT EXISTS (SELECT 1 FROM posts)"));
  if (any != 0) return Status::OK();
  // The reader indexes are built inside the last group's transaction
  // (Finish), where the temporary store can no longer be changed. The
  // load's own statements keep their temporary B-trees small; with FILE
  // SQLite writes one to a file only past its page cache.
  PARLEY_RETURN_IF_ERROR(db_->Exec(kIndexBuildTempStore));
  sqlite3_busy_timeout(db_->raw(), 0);
  Status s = db_->Exec("PRAGMA journal_mode = DELETE");
  sqlite3_busy_timeout(db_->raw(), options_.busy_timeout_ms);
  if (s.code() == StatusCode::kUnavailable) return Status::OK();
  PARLEY_RETURN_IF_ERROR(s);
  journal_load_ = true;
  return db_->Exec("PRAGMA synchronous = FULL");
}

// Back to WAL after a load through the journal. When readers keep the file
// busy past the timeout it stays in journal mode, consistent, until the
// next writable open switches it.
Status SqliteStore::ReturnToWal() {
  journal_load_ = false;
  Status s = db_->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  return s.code() == StatusCode::kUnavailable ? Status::OK() : s;
}

void SqliteStore::ForgetBoundSources() {
  insert_row_.Forget();
  update_row_.Forget();
  for (RowBinding& b : insert_rows_) b.Forget();
}

Status SqliteStore::PrepareStatements() {
  ForgetBoundSources();
  auto prep = [&](Stmt* s, std::string_view sql) -> Status {
    PARLEY_ASSIGN_OR_RETURN(*s, db_->Prepare(sql, /*persistent=*/true));
    return Status::OK();
  };
  PARLEY_RETURN_IF_ERROR(prep(&begin_, "BEGIN IMMEDIATE"));
  PARLEY_RETURN_IF_ERROR(prep(&commit_, "COMMIT"));
  PARLEY_RETURN_IF_ERROR(prep(&rollback_, "ROLLBACK"));
  PARLEY_RETURN_IF_ERROR(prep(&insert_post_, kInsertPost));
  PARLEY_RETURN_IF_ERROR(prep(&insert_posts_, InsertPostsSql(kPostRows)));
  insert_rows_.resize(kPostRows);
  PARLEY_RETURN_IF_ERROR(prep(&select_old_, kSelectOld));
  PARLEY_RETURN_IF_ERROR(prep(&update_post_, kUpdatePost));
  PARLEY_RETURN_IF_ERROR(prep(&delete_tags_, "DELETE FROM post_tags WHERE pid = ?1"));
  PARLEY_RETURN_IF_ERROR(prep(&insert_tag_,
                              "INSERT OR IGNORE INTO post_tags (kind, tag, created_at, pid) "
                              "VALUES (?1, ?2, ?3, ?4)"));
  PARLEY_RETURN_IF_ERROR(prep(&upsert_author_, UpsertAuthorsSql(1)));
  PARLEY_RETURN_IF_ERROR(prep(&upsert_authors_, UpsertAuthorsSql(kAuthorRows)));
  PARLEY_RETURN_IF_ERROR(prep(&upsert_rollup_, kUpsertRollup));
  PARLEY_RETURN_IF_ERROR(prep(&upsert_tag_rollup_, kUpsertTagRollup));
  PARLEY_RETURN_IF_ERROR(prep(&delete_empty_tag_rollup_, kDeleteEmptyTagRollup));
  PARLEY_RETURN_IF_ERROR(
      prep(&insert_key_, "INSERT INTO extra_keys (key) VALUES (?1) ON CONFLICT (key) DO NOTHING"));
  PARLEY_RETURN_IF_ERROR(prep(&select_key_, "SELECT code FROM extra_keys WHERE key = ?1"));
  return prep(&delete_empty_rollup_, kDeleteEmptyRollup);
}

SqliteStore::~SqliteStore() {
  if (db_) (void)Close();
}

Status SqliteStore::Close() {
  if (!db_) return FailedPreconditionError("store '" + options_.path + "' is closed");
  // The pending group builds the reader indexes before its commit (Finish).
  Status s = in_transaction_ ? Finish(Status::OK(), /*last=*/true) : Status::OK();
  if (s.ok() && build_indexes_) s = EnsureReaderIndexes(db_.get());
  build_indexes_ = false;
  if (journal_load_) {
    Status wal = ReturnToWal();
    if (s.ok()) s = wal;
  }
  for (Stmt* st : {&begin_, &commit_, &rollback_, &insert_post_, &insert_posts_, &select_old_,
                   &update_post_, &delete_tags_, &insert_tag_, &upsert_author_, &upsert_authors_,
                   &upsert_rollup_, &delete_empty_rollup_, &upsert_tag_rollup_,
                   &delete_empty_tag_rollup_, &insert_key_, &select_key_}) {
    *st = Stmt();
  }
  ForgetBoundSources();
  Status closed = db_->Close();
  db_.reset();
  return s.ok() ? closed : s;
}

Status SqliteStore::WriteBatch(std::span<const Post> posts, std::span<const Analysis> analyses,
                               IngestStats* stats) {
  if (!db_) return FailedPreconditionError("store '" + options_.path + "' is closed");
  if (options_.read_only) return FailedPreconditionError("store opened read-only");
  if (posts.size() != analyses.size()) {
    return InternalError("WriteBatch: posts and analyses differ in length");
  }
  if (!in_transaction_) PARLEY_RETURN_IF_ERROR(Begin());
  IngestStats batch;
  const size_t read = posts.size();
  if (!withheld_posts_.empty() || !withheld_authors_.empty() || !withheld_geo_.empty()) {
    // What deletions withhold is skipped, and posts whose geo was removed
    // are stored without it (copies only in a batch that has some).
    size_t first = 0;
    Withholding w = Withholding::kNone;
    while (first < posts.size() && (w = WithheldAs(posts[first])) == Withholding::kNone) ++first;
    if (first < posts.size()) {
      kept_posts_.assign(posts.begin(), posts.begin() + static_cast<ptrdiff_t>(first));
      kept_analyses_.assign(analyses.begin(), analyses.begin() + static_cast<ptrdiff_t>(first));
      for (size_t i = first; i < posts.size(); ++i) {
        if (i > first) w = WithheldAs(posts[i]);  // (the first's is known)
        if (w == Withholding::kSkip) {
          ++batch.withheld;
          continue;
        }
        kept_posts_.push_back(posts[i]);
        kept_analyses_.push_back(analyses[i]);
        if (w == Withholding::kGeo) {
          std::erase_if(kept_posts_.back().extra,
                        [](const auto& kv) { return IsGeoColumn(kv.first); });
        }
      }
      posts = kept_posts_;
      analyses = kept_analyses_;
    }
  }
  Status s = WriteAll(posts, analyses, &batch);
  if (s.ok()) {
    pending_posts_ += static_cast<int64_t>(read);
    pending_changes_ += batch.inserted + batch.updated;
  }
  if (!s.ok() || !options_.bulk_load || GroupFull()) PARLEY_RETURN_IF_ERROR(Finish(s));
  if (stats) stats->Add(batch);
  return Status::OK();
}

// Opens the transaction of the next batch (or group of batches). The first
// one of a bulk load into an empty store drops the reader indexes.
Status SqliteStore::Begin() {
  PARLEY_RETURN_IF_ERROR(db_->Run(begin_, "cannot begin a transaction"));
  in_transaction_ = true;
  pending_posts_ = 0;
  pending_changes_ = 0;
  group_start_ = std::chrono::steady_clock::now();
  if (Status s = RefreshWithheld(); !s.ok()) return Finish(s);
  if (!options_.bulk_load || !first_transaction_) return Status::OK();
  first_transaction_ = false;
  StatusOr<int64_t> any = db_->QueryInt("SELECT EXISTS (SELECT 1 FROM posts)");
  Status s = any.status();
  if (s.ok() && *any == 0) {
    s = DropReaderIndexes(db_.get());
    build_indexes_ = s.ok();
  }
  return s.ok() ? s : Finish(s);
}

bool SqliteStore::GroupFull() const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - group_start_)
                .count();
  return pending_posts_ >= options_.bulk_commit_posts || ms >= options_.bulk_commit_ms;
}

// When `s` is OK, writes the batch's (or group's) author and rollup deltas
// (and, for the `last` group of a load into an empty store, the reader
// indexes) and commits; else rolls back. Clears the batch state either way.
Status SqliteStore::Finish(Status s, bool last) {
  if (s.ok()) s = FlushAuthors();
  if (s.ok()) s = FlushRollups();
  if (s.ok()) {
    s = WriteTagRollups(db_.get(), upsert_tag_rollup_, &delete_empty_tag_rollup_, tag_rollups_);
  }
  // Caches derived from the posts (the influence ranking) see the change.
  if (s.ok() && pending_changes_ > 0) {
    s = db_->Exec("UPDATE meta SET value = value + 1 WHERE key = 'data_version'");
  }
  // The model that analyzed them, for Models(): report and summary name it.
  if (s.ok() && pending_changes_ > 0) s = NoteModel();
  // The last group of a load into an empty store builds the reader
  // indexes before its commit rather than in a transaction of their own:
  // through the rollback journal a commit is 3 or 4 fsyncs (the journal
  // twice, its directory, the file), each at least some milliseconds.
  // Killed during the builds, the load rolls back to the group before, as
  // killed during any group. A build that fails (no room for its temporary
  // file) is undone alone (a savepoint), so the group's posts are still
  // committed, Close() reports the error and the next writable open builds
  // the indexes.
  Status built;
  const bool build = s.ok() && last && build_indexes_;
  if (build) {
    s = db_->Exec("SAVEPOINT reader_indexes");
    if (s.ok()) {
      built = CreateReaderIndexes(db_.get());
      if (!built.ok()) s = db_->Exec("ROLLBACK TO reader_indexes");
      if (s.ok()) s = db_->Exec("RELEASE reader_indexes");
    }
  }
  rollups_.clear();
  tag_rollups_.clear();
  ClearAuthors();
  in_transaction_ = false;
  if (s.ok()) {
    s = db_->Run(commit_, "cannot commit");
    if (s.ok()) {
      new_keys_.clear();
      // A load into a store that was empty hands the committed group's
      // pages (clean now) back to parley's allocator (sqlite_memory.h),
      // where the next group's pages reuse them. Kept, they stayed in
      // SQLite's cache, which then took fresh memory for every group up to
      // its 256 MiB: each 2 MiB huge page of it zeroed by the kernel (about
      // 1.6 ms a page on the VMs parley runs on). The few pages a later
      // group changes again (the identity index, authors) are read back
      // from the file (mapped). 400,000 posts: 70 -> 44 huge pages faulted.
      if (build) {
        build_indexes_ = false;
        return built;
      }
      if (build_indexes_) sqlite3_db_release_memory(db_->raw());
      return s;
    }
  }
  (void)db_->Run(rollback_, "cannot roll back");
  ForgetNewKeys();
  return s;
}

// Every call but WriteBatch first commits the pending group of a bulk load,
// so that it reads and writes whole batches.
Status SqliteStore::Ready() {
  if (!db_) return FailedPreconditionError("store '" + options_.path + "' is closed");
  return in_transaction_ ? Finish(Status::OK()) : Status::OK();
}

// A post's author delta is found through two tables of a group's tens of
// thousands of authors (slots, then deltas): a cache miss each, nearly all
// of FindAuthor's time (4% of a bulk load). The slot of the post two ahead
// and the delta of the next one are fetched while this post is written, so
// both are in cache when its turn comes. Each post's author hash is
// computed once (row_author_hashes_) and kept for its later uses.
template <typename Write>
Status SqliteStore::WriteWithAuthorPrefetch(std::span<const Post> posts, Write write) {
  const size_t n = posts.size();
  std::vector<uint64_t>& hashes = row_author_hashes_;
  hashes.resize(n);
  for (size_t r = 0; r < n; ++r) hashes[r] = AuthorHash(posts[r].source, posts[r].author);
  for (size_t r = 0; r < 2 && r < n; ++r) PrefetchAuthorSlot(posts[r], hashes[r]);
  for (size_t r = 0; r < n; ++r) {
    if (r + 2 < n) PrefetchAuthorSlot(posts[r + 2], hashes[r + 2]);
    if (r + 1 < n) PrefetchAuthorDelta(posts[r + 1], hashes[r + 1]);
    PARLEY_RETURN_IF_ERROR(write(r, hashes[r]));
  }
  return Status::OK();
}

Status SqliteStore::WriteAll(std::span<const Post> posts, std::span<const Analysis> analyses,
                             IngestStats* stats) {
  size_t done = 0;
  for (; posts.size() - done >= kPostRows; done += kPostRows) {
    PARLEY_RETURN_IF_ERROR(
        WriteRows(posts.subspan(done, kPostRows), analyses.subspan(done, kPostRows), stats));
  }
  posts = posts.subspan(done);
  analyses = analyses.subspan(done);
  return WriteWithAuthorPrefetch(posts, [&](size_t i, uint64_t author_hash) {
    return WriteOne(posts[i], analyses[i], author_hash, stats);
  });
}

// kPostRows posts in one insert statement. Rows that conflict with a stored
// post (or an earlier row of the statement) are skipped by it and then go
// the way WriteOne's do; the rest are inserted. Everything after the
// statement (tags, rollups, authors, updates) runs in the posts' order, so
// the rows written are those of kPostRows WriteOne calls: pids too, as
// SQLite gives each inserted row the largest pid so far plus one.
Status SqliteStore::WriteRows(std::span<const Post> posts, std::span<const Analysis> analyses,
                              IngestStats* stats) {
  const size_t n = posts.size();
  for (size_t r = 0; r < n; ++r) {
    if (std::isnan(analyses[r].sentiment.score)) {  // see kInsertPostsHead
      for (size_t k = 0; k < n; ++k) {
        PARLEY_RETURN_IF_ERROR(WriteOne(posts[k], analyses[k],
                                        AuthorHash(posts[k].source, posts[k].author), stats));
      }
      return Status::OK();
    }
  }
  row_hashes_.resize(n);
  row_details_.resize(n);
  for (size_t r = 0; r < n; ++r) {
    PARLEY_RETURN_IF_ERROR(Encode(posts[r], analyses[r]));
    row_hashes_[r] = hash_;
    row_details_[r].swap(detail_);
    const int first = static_cast<int>(r) * kPostColumns;
    insert_rows_[r].source.Bind(insert_posts_, first + 1, posts[r].source);
    BindPostFields(insert_posts_, first, posts[r], analyses[r], row_hashes_[r], row_details_[r],
                   &insert_rows_[r].null_probabilities);
  }
  PARLEY_RETURN_IF_ERROR(db_->Run(insert_posts_, "cannot insert a post"));
  const auto inserted = static_cast<size_t>(sqlite3_changes(db_->raw()));
  const int64_t first_new =
      sqlite3_last_insert_rowid(db_->raw()) - static_cast<int64_t>(inserted) + 1;
  return WriteWithAuthorPrefetch(posts, [&](size_t r, uint64_t author_hash) -> Status {
    const Post& post = posts[r];
    int64_t pid = -1;
    if (inserted == n) {
      pid = first_new + static_cast<int64_t>(r);
    } else if (inserted > 0 && FirstOfKey(posts, r)) {
      // Inserted by this statement exactly when its pid is one of the new.
      PARLEY_ASSIGN_OR_RETURN(int64_t stored, StoredPid(post));
      if (stored >= first_new) pid = stored;
    }
    hash_ = row_hashes_[r];
    detail_.swap(row_details_[r]);
    return pid >= 0 ? WriteInserted(pid, post, analyses[r], author_hash, stats)
                    : WriteConflicted(post, analyses[r], author_hash, stats);
  });
}

// Whether no row before `r` has posts[r]'s (source, id).
bool SqliteStore::FirstOfKey(std::span<const Post> posts, size_t r) {
  for (size_t k = 0; k < r; ++k) {
    if (posts[k].id == posts[r].id && posts[k].source == posts[r].source) return false;
  }
  return true;
}

StatusOr<int64_t> SqliteStore::StoredPid(const Post& post) {
  Stmt& st = select_old_;
  st.Text(1, post.source);
  st.Text(2, post.id);
  int rc = st.Step();
  int64_t pid = rc == SQLITE_ROW ? st.ColInt(0) : -1;
  st.Reset();
  if (rc != SQLITE_ROW) {
    return db_->Error(rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, "cannot read a stored post");
  }
  return pid;
}

StatusOr<int64_t> SqliteStore::KeyCode(const std::string& key) {
  auto it = key_codes_.find(key);
  if (it != key_codes_.end()) return it->second;
  insert_key_.Text(1, key);
  PARLEY_RETURN_IF_ERROR(db_->Run(insert_key_, "cannot store an extra column name"));
  select_key_.Text(1, key);
  int rc = select_key_.Step();
  int64_t code = rc == SQLITE_ROW ? select_key_.ColInt(0) : -1;
  select_key_.Reset();
  if (code < 0) {
    return db_->Error(rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, "cannot read an extra column code");
  }
  key_codes_.emplace(key, code);
  if (static_cast<size_t>(code) >= key_names_.size()) key_names_.resize(code + 1);
  key_names_[code] = key;
  new_keys_.push_back(key);
  return code;
}

void SqliteStore::ForgetNewKeys() {
  for (const std::string& key : new_keys_) {
    auto it = key_codes_.find(key);
    if (it == key_codes_.end()) continue;
    key_names_[it->second].reset();
    key_codes_.erase(it);
  }
  new_keys_.clear();
  last_keys_.clear();
  last_codes_.clear();
}

Status SqliteStore::LoadKeyNames() {
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare("SELECT code, key FROM extra_keys"));
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    int64_t code = st.ColInt(0);
    if (code < 0) return DataLossError("'" + options_.path + "': negative extra_keys code");
    std::string key(st.ColText(1));
    if (static_cast<size_t>(code) >= key_names_.size()) key_names_.resize(code + 1);
    key_names_[code] = key;
    key_codes_.emplace(std::move(key), code);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read extra_keys");
  return Status::OK();
}

Status SqliteStore::ParseStoredDetail(std::string_view blob, Post* post, Analysis* analysis,
                                      std::string* model) {
  Status s = ParseDetail(blob, post, analysis, model, &key_names_);
  if (s.code() != StatusCode::kNotFound) return s;
  PARLEY_RETURN_IF_ERROR(LoadKeyNames());
  s = ParseDetail(blob, post, analysis, model, &key_names_);
  if (s.code() != StatusCode::kNotFound) return s;
  return DataLossError("'" + options_.path + "': a stored post names " + s.message());
}

Status SqliteStore::Encode(const Post& post, const Analysis& analysis) {
  // Codes of the unmapped columns; usually those of the previous post.
  const size_t n = post.extra.size();
  extra_codes_.resize(n);
  if (last_keys_.size() < n) {
    last_keys_.resize(n);
    last_codes_.resize(n, -1);
  }
  for (size_t i = 0; i < n; ++i) {
    const std::string& key = post.extra[i].first;
    if (last_codes_[i] < 0 || last_keys_[i] != key) {
      PARLEY_ASSIGN_OR_RETURN(last_codes_[i], KeyCode(key));
      last_keys_[i] = key;
    }
    extra_codes_[i] = last_codes_[i];
  }
  PostDetail d;
  d.model = options_.model;
  d.author_name = post.author_name;
  d.lang = post.lang;
  d.language = analysis.lang;
  d.rating = post.rating;
  d.replies = post.metrics.replies;
  d.followers = post.metrics.followers;
  d.views = post.metrics.views;
  d.extra = &post.extra;
  d.extra_codes = &extra_codes_;
  d.brands = &analysis.brands;
  d.topics = &analysis.topics;
  d.intents = &analysis.intents;
  d.mentions = &analysis.mentions;
  d.hashtags = &analysis.hashtags;
  d.aspects = &analysis.aspects;
  d.prices = &analysis.prices;
  detail_.clear();
  AppendDetail(d, &detail_);
  // Everything stored, so any change to the post or its analysis shows.
  const Sentiment& s = analysis.sentiment;
  HashedPost h;
  h.author = post.author;
  h.thread = post.thread;
  h.parent = post.parent;
  h.text = post.text;
  h.detail = detail_;
  h.created_at = post.created_at_ms;
  h.likes = post.metrics.likes;
  h.shares = post.metrics.shares;
  h.label = static_cast<int64_t>(s.label);
  h.score = s.score;
  h.has_probabilities = s.has_probabilities;
  for (int i = 0; i < 3; ++i) h.p[i] = s.p[i];
  hash_ = ContentHash(h);
  return Status::OK();
}

void SqliteStore::BindPost(Stmt& st, RowBinding* row, const Post& p, const Analysis& a) {
  row->source.Bind(st, 1, p.source);
  BindPostFields(st, 0, p, a, hash_, detail_, &row->null_probabilities);
}

void SqliteStore::BindPostFields(Stmt& st, int first, const Post& p, const Analysis& a,
                                 int64_t hash, std::string_view detail, bool* null_probabilities) {
  st.Text(first + 2, p.id);
  st.Int(first + 3, p.created_at_ms);
  st.Text(first + 4, p.author);
  st.TextOrNull(first + 5, p.thread);
  st.TextOrNull(first + 6, p.parent);
  const Sentiment& s = a.sentiment;
  st.Int(first + 7, static_cast<int64_t>(s.label));
  st.Double(first + 8, s.score);
  st.Int(first + 9, p.metrics.likes);
  st.Int(first + 10, p.metrics.shares);
  if (s.has_probabilities) {
    for (int i = 0; i < 3; ++i) st.Double(first + 11 + i, s.p[i]);
    *null_probabilities = false;
  } else if (!*null_probabilities) {
    for (int i = 0; i < 3; ++i) st.Null(first + 11 + i);
    *null_probabilities = true;
  }
  st.Int(first + 14, hash);
  st.Text(first + 15, p.text);
  st.Blob(first + 16, detail);
}

Status SqliteStore::WriteOne(const Post& post, const Analysis& analysis, uint64_t author_hash,
                             IngestStats* stats) {
  PARLEY_RETURN_IF_ERROR(Encode(post, analysis));
  BindPost(insert_post_, &insert_row_, post, analysis);
  PARLEY_RETURN_IF_ERROR(db_->Run(insert_post_, "cannot insert a post"));
  if (sqlite3_changes(db_->raw()) == 1) {
    return WriteInserted(sqlite3_last_insert_rowid(db_->raw()), post, analysis, author_hash, stats);
  }
  return WriteConflicted(post, analysis, author_hash, stats);
}

Status SqliteStore::WriteInserted(int64_t pid, const Post& post, const Analysis& analysis,
                                  uint64_t author_hash, IngestStats* stats) {
  PARLEY_RETURN_IF_ERROR(WriteTags(pid, post, analysis));
  rollups_.AddPost(post, analysis, 1);
  tag_rollups_.AddPost(post.source, post.created_at_ms, analysis, 1);
  AddAuthor(post.source, post.author, author_hash, &post, 1);
  ++stats->inserted;
  return Status::OK();
}

Status SqliteStore::WriteConflicted(const Post& post, const Analysis& analysis,
                                    uint64_t author_hash, IngestStats* stats) {
  OldPost old;
  PARLEY_ASSIGN_OR_RETURN(bool changed, ReadOld(post, &old));
  if (!changed) {
    ++stats->unchanged;
    return Status::OK();
  }
  PARLEY_RETURN_IF_ERROR(UpdateInPlace(post, analysis, old, author_hash));
  ++stats->updated;
  return Status::OK();
}

// Reads the stored row of `post`'s (source, id); false when its content hash
// equals the new one.
StatusOr<bool> SqliteStore::ReadOld(const Post& post, OldPost* old) {
  Stmt& st = select_old_;
  st.Text(1, post.source);
  st.Text(2, post.id);
  int rc = st.Step();
  if (rc != SQLITE_ROW) {
    st.Reset();
    return db_->Error(rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, "cannot read a stored post");
  }
  bool changed = st.ColInt(1) != hash_;
  Status s;
  if (changed) {
    old->pid = st.ColInt(0);
    old->created_at = st.ColInt(2);
    old->author = st.ColText(3);
    old->sentiment = StoredSentiment(st, 4);
    s = ParseStoredDetail(st.ColBlob(9), nullptr, &old->analysis, nullptr);
    old->analysis.sentiment = old->sentiment;
  }
  st.Reset();
  if (!s.ok()) return s;
  return changed;
}

Status SqliteStore::UpdateInPlace(const Post& post, const Analysis& analysis,
                                  const OldPost& old, uint64_t author_hash) {
  rollups_.AddPost(post.source, old.created_at, old.sentiment, old.analysis.brands,
                   old.analysis.topics, -1);
  rollups_.AddPost(post, analysis, 1);
  tag_rollups_.AddPost(post.source, old.created_at, old.analysis, -1);
  tag_rollups_.AddPost(post.source, post.created_at_ms, analysis, 1);
  if (old.author != post.author) {
    AddAuthor(post.source, old.author, AuthorHash(post.source, old.author), nullptr, -1);
    AddAuthor(post.source, post.author, author_hash, &post, 1);
  } else {
    AddAuthor(post.source, post.author, author_hash, &post, 0);
  }
  BindPost(update_post_, &update_row_, post, analysis);
  PARLEY_RETURN_IF_ERROR(db_->Run(update_post_, "cannot update a post"));
  delete_tags_.Int(1, old.pid);
  PARLEY_RETURN_IF_ERROR(db_->Run(delete_tags_, "cannot update a post's tags"));
  return WriteTags(old.pid, post, analysis);
}

Status SqliteStore::WriteTags(int64_t pid, const Post& post, const Analysis& analysis) {
  auto write = [&](std::string_view kind, const std::vector<std::string>& tags) -> Status {
    for (const std::string& tag : tags) {
      insert_tag_.Text(1, kind);
      insert_tag_.Text(2, tag);
      insert_tag_.Int(3, post.created_at_ms);
      insert_tag_.Int(4, pid);
      PARLEY_RETURN_IF_ERROR(db_->Run(insert_tag_, "cannot write a post's tags"));
    }
    return Status::OK();
  };
  PARLEY_RETURN_IF_ERROR(write("brand", analysis.brands));
  return write("topic", analysis.topics);
}

uint64_t SqliteStore::AuthorHash(std::string_view source, std::string_view handle) {
  ContentHasher h;
  h.Add(source);
  h.Add(handle);
  return h.Finish();
}

void SqliteStore::PrefetchAuthorSlot(const Post& post, uint64_t hash) {
  if (author_slots_.empty() || post.author.empty()) return;
  const size_t slot = hash & (author_slots_.size() - 1);
  __builtin_prefetch(&author_slots_[slot]);
}

void SqliteStore::PrefetchAuthorDelta(const Post& post, uint64_t hash) {
  if (author_slots_.empty() || post.author.empty()) return;
  const size_t slot = hash & (author_slots_.size() - 1);
  const uint32_t i = author_slots_[slot];
  if (i < n_authors_) __builtin_prefetch(&authors_[i]);
}

SqliteStore::AuthorDelta& SqliteStore::FindAuthor(std::string_view source,
                                                  std::string_view handle, uint64_t hash) {
  if ((n_authors_ + 1) * 2 > author_slots_.size()) {
    // Grow to keep the table at most half full; re-slot the deltas in use.
    author_slots_.assign(std::max<size_t>(1024, author_slots_.size() * 2), kNoAuthor);
    const size_t mask = author_slots_.size() - 1;
    for (size_t i = 0; i < n_authors_; ++i) {
      size_t slot = authors_[i].hash & mask;
      while (author_slots_[slot] != kNoAuthor) slot = (slot + 1) & mask;
      author_slots_[slot] = static_cast<uint32_t>(i);
    }
  }
  const size_t mask = author_slots_.size() - 1;
  size_t slot = hash & mask;
  for (;; slot = (slot + 1) & mask) {
    uint32_t i = author_slots_[slot];
    if (i == kNoAuthor) break;
    AuthorDelta& d = authors_[i];
    if (d.hash == hash && d.handle == handle && d.source == source) return d;
  }
  author_slots_[slot] = static_cast<uint32_t>(n_authors_);
  if (n_authors_ == authors_.size()) authors_.emplace_back();
  AuthorDelta& d = authors_[n_authors_++];
  d.source.assign(source);
  d.handle.assign(handle);
  d.name.clear();
  d.first = INT64_MAX;
  d.last = INT64_MIN;
  d.posts = 0;
  d.followers.reset();
  d.hash = hash;
  return d;
}

void SqliteStore::ClearAuthors() {
  if (n_authors_ == 0) return;
  std::fill(author_slots_.begin(), author_slots_.end(), kNoAuthor);
  n_authors_ = 0;
}

// Counts `sign` posts for (source, handle); `post`, when given, widens the
// seen range and updates name and followers.
void SqliteStore::AddAuthor(std::string_view source, std::string_view handle, uint64_t hash,
                            const Post* post, int sign) {
  if (handle.empty()) return;
  AuthorDelta& d = FindAuthor(source, handle, hash);
  d.posts += sign;
  if (!post) return;
  d.first = std::min(d.first, post->created_at_ms);
  d.last = std::max(d.last, post->created_at_ms);
  FoldProfile(*post, &d.name, &d.followers);
}

// The distinct sources of the group's authors, in order (one, usually).
std::vector<std::string_view> SqliteStore::SortedSources() const {
  std::unordered_set<std::string_view> distinct;
  for (size_t i = 0; i < n_authors_; ++i) distinct.insert(authors_[i].source);
  std::vector<std::string_view> sources(distinct.begin(), distinct.end());
  std::sort(sources.begin(), sources.end());
  return sources;
}

Status SqliteStore::FlushAuthors() {
  // In key order (handle, source: schema version 5), each upsert lands
  // beside the last one in the authors B-tree: its pages stay hot and a new
  // store's table fills append-wise. Comparing deltas in place cost a cache
  // miss or two per comparison (a group has tens of thousands of authors):
  // the sort compares a key copied out of each delta instead, and reads
  // handles only on equal prefixes.
  std::vector<std::string_view> sources = SortedSources();
  sorted_authors_.resize(n_authors_);
  for (size_t i = 0; i < n_authors_; ++i) {
    const AuthorDelta& d = authors_[i];
    auto rank = std::lower_bound(sources.begin(), sources.end(), d.source) - sources.begin();
    sorted_authors_[i] = {static_cast<uint32_t>(rank), static_cast<uint32_t>(i),
                          BigEndianPrefix(d.handle)};
  }
  std::sort(sorted_authors_.begin(), sorted_authors_.end(),
            [&](const AuthorOrder& a, const AuthorOrder& b) {
              if (a.prefix != b.prefix) return a.prefix < b.prefix;
              int c = authors_[a.index].handle.compare(authors_[b.index].handle);
              if (c != 0) return c < 0;
              return a.source < b.source;
            });
  const size_t n = sorted_authors_.size();
  for (size_t k = 0; k < n;) {
    // A statement of kAuthorRows rows while that many are left, else of one.
    const bool many = n - k >= kAuthorRows;
    Stmt& st = many ? upsert_authors_ : upsert_author_;
    const size_t rows = many ? kAuthorRows : 1;
    for (size_t r = 0; r < rows; ++r, ++k) {
      // Key order visits the deltas in no memory order: each was a cache
      // miss, three quarters of this function's own time. The delta a few
      // upserts ahead is fetched while this one is bound.
      constexpr size_t kAuthorPrefetch = 4;
      if (k + kAuthorPrefetch < n) {
        const auto* next =
            reinterpret_cast<const char*>(&authors_[sorted_authors_[k + kAuthorPrefetch].index]);
        for (size_t line = 0; line < sizeof(AuthorDelta); line += 64) {
          __builtin_prefetch(next + line);
        }
      }
      BindAuthor(st, static_cast<int>(r) * kAuthorColumns, authors_[sorted_authors_[k].index]);
    }
    PARLEY_RETURN_IF_ERROR(db_->Run(st, "cannot write an author"));
  }
  return Status::OK();
}

void SqliteStore::BindAuthor(Stmt& st, int first, const AuthorDelta& d) {
  st.Text(first + 1, d.source);
  st.Text(first + 2, d.handle);
  st.TextOrNull(first + 3, d.name);
  st.Int(first + 4, d.first);
  st.Int(first + 5, d.last);
  st.Int(first + 6, d.posts);
  st.Int(first + 7, d.followers);
}

Status SqliteStore::FlushRollups() {
  rollups_.DropEmpty();
  for (const auto& [key, r] : rollups_.cells()) {
    Stmt& st = upsert_rollup_;
    st.Text(1, GranularityName(key.granularity));
    st.Int(2, key.bucket_start);
    st.Text(3, key.brand);
    st.Text(4, key.topic);
    st.Text(5, key.source);
    st.Int(6, r.n);
    for (int i = 0; i < 3; ++i) {
      st.Int(7 + i, r.count[i]);
      st.Int(10 + i, r.sum_p[i]);
    }
    st.Int(13, r.sum_score);
    PARLEY_RETURN_IF_ERROR(db_->Run(st, "cannot write a rollup"));
    if (r.n >= 0) continue;
    Stmt& del = delete_empty_rollup_;
    del.Text(1, GranularityName(key.granularity));
    del.Int(2, key.bucket_start);
    del.Text(3, key.brand);
    del.Text(4, key.topic);
    del.Text(5, key.source);
    PARLEY_RETURN_IF_ERROR(db_->Run(del, "cannot write a rollup"));
  }
  return Status::OK();
}

}  // namespace internal

Status NoStoreError(const std::string& path) {
  return NotFoundError("no database at '" + path + "': create one with parley ingest --db " + path);
}

StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  return internal::SqliteStore::Open(options);
}

int StoreSchemaVersion() { return internal::LatestSchemaVersion(); }

}  // namespace parley
