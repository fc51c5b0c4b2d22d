// The SQLite store's schema: versioned migrations applied at open.
// HACKING.md ("The store") describes the tables.
#ifndef PARLEY_STORAGE_SQLITE_SCHEMA_H_
#define PARLEY_STORAGE_SQLITE_SCHEMA_H_

#include "parley/status.h"
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
Status PrepareDatabase(Db* db, bool read_only, int busy_timeout_ms);

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_SQLITE_SCHEMA_H_
