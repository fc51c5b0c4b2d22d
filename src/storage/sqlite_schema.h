// The SQLite store's schema: versioned migrations applied at open.
// docs/store.md describes the tables and the posts.detail layout.
#ifndef PARLEY_STORAGE_SQLITE_SCHEMA_H_
#define PARLEY_STORAGE_SQLITE_SCHEMA_H_

#include "parley/status.h"
#include "src/storage/rollup.h"
#include "src/storage/sqlite_db.h"

namespace parley::internal {

// PRAGMA application_id of every parley database ("PRLY").
inline constexpr int64_t kParleyApplicationId = 0x50524C59;

// The latest schema version (PRAGMA user_version).
int LatestSchemaVersion();

// Checks that `db` is an empty file or a parley database no newer than this
// build, sets the connection's pragmas (WAL, synchronous=NORMAL, ...) and
// applies the missing migrations, each in its own transaction. Leaves a file
// that fails the checks untouched.
// A writable open also builds the reader indexes a bulk load left out.
// A new file opened for a bulk load (`bulk_load`) is left in SQLite's
// rollback journal mode, which the load writes through; other writable
// opens set WAL.
Status PrepareDatabase(Db* db, bool read_only, int busy_timeout_ms, bool bulk_load = false);

// Applies the migrations up to `version` (not beyond) to a database that
// CheckIdentity would accept: for tests that need a file as an older parley
// left it.
Status MigrateTo(Db* db, int version);

// The indexes of posts that only readers use (by time, author, thread and
// parent), none of which a write needs. A bulk load into an empty store
// drops them inside its first transaction and builds them once at the end:
// one sort per index instead of four B-tree inserts per post.
Status DropReaderIndexes(Db* db);
// Builds those of them that are missing inside the caller's transaction
// (the last group of a bulk load), with a small page cache of their own
// (the connection's is restored after). They sort faster with this pragma
// run before the transaction.
Status CreateReaderIndexes(Db* db);
extern const char* const kIndexBuildTempStore;
// Builds those of them that are missing, in one transaction, with a small
// page cache of their own (the connection's is restored after); nothing to
// do (one read of the schema) when all are there.
Status EnsureReaderIndexes(Db* db);

// tag_rollups: the statements (prepared on `db`) that add a cell to what is
// stored and delete a cell left at zero, and the writing of a table's cells
// with them (which empties the table; `delete_empty` may be null where
// nothing is removed).
extern const char* const kUpsertTagRollup;
extern const char* const kDeleteEmptyTagRollup;
Status WriteTagRollups(Db* db, Stmt& upsert, Stmt* delete_empty, TagRollupTable& table);

// A stored post's sentiment from its columns label, score, p_neg, p_neu and
// p_pos, at columns first..first+4 of a row of `st` (no probabilities when
// p_neg is NULL): what the rollups counted of it.
Sentiment StoredSentiment(const Stmt& st, int first);

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_SQLITE_SCHEMA_H_
