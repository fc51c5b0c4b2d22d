#include "src/storage/sqlite_db.h"

#include <filesystem>
#include <system_error>

#include "src/storage/sqlite_memory.h"

namespace parley::internal {
namespace {

// Without memory statistics, SQLite's malloc and free skip a global mutex
// and two counters: an insert allocates several times (this SQLite build has
// no lookaside), so this was a few per cent of a bulk load. parley reads no
// statistics and sets no heap limit. Only possible before SQLite
// initializes; when something in the process already initialized it, the
// call fails and SQLite keeps counting, which is only slower. The same goes
// for parley's allocator (sqlite_memory.h: fewer page faults).
// Statement journals (a multi-row upsert's savepoint) stay in memory under
// any temp_store, as they did under MEMORY: a bulk load into an empty store
// runs with temp_store = FILE for its index builds (sqlite_store.cc), and
// past 64 KiB its statement journals went to temporary files (400,000
// posts: 9,500 more pwrite calls).
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    return InstallSqliteMemory();
  }();
  (void)configured;
}

// A bulk load into a new store writes through a rollback journal
// (sqlite_store.cc). Killed mid-group, it leaves the journal "hot": the
// file must be rolled back to its last commit before anyone reads it, and
// SQLite does that on a connection's first read, but only on one that may
// write. So a read-only open of a file with a journal beside it first reads
// through a brief writable connection. Failing that (a file the user may
// not write), the read-only open reports SQLite's error.
void RollBackHotJournal(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path + "-journal", ec)) return;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) ==
      SQLITE_OK) {
    sqlite3_busy_timeout(raw, 10000);
    (void)sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  }
  sqlite3_close_v2(raw);
}

}  // namespace

StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& path, bool create, bool read_only) {
  ConfigureSqliteOnce();
  if (read_only) RollBackHotJournal(path);
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  // One connection per thread (the Store contract), so no SQLite mutexes.
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Db> db(new Db(raw, path));
  if (rc != SQLITE_OK) return db->Error(rc, "cannot open database");
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Db::~Db() { sqlite3_close_v2(db_); }

Status Db::Close() {
  int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) return Error(rc, "cannot close");
  db_ = nullptr;
  return Status::OK();
}

Status Db::Error(int rc, std::string_view what) const {
  std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string msg = "'" + path_ + "': " + std::string(what) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return DataLossError("'" + path_ + "' is not a parley database or is corrupt (" + detail +
                           ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
      return UnavailableError(msg);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return FailedPreconditionError(msg);
    default:
      return InternalError(msg);
  }
}

Status Db::Exec(const std::string& sql) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "cannot run '" + sql.substr(0, 40) + "'");
  return Status::OK();
}

StatusOr<Stmt> Db::Prepare(std::string_view sql, bool persistent) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return Error(rc, "cannot prepare '" + std::string(sql.substr(0, 40)) + "'");
  }
  return Stmt(s);
}

StatusOr<int64_t> Db::QueryInt(const std::string& sql) {
  PARLEY_ASSIGN_OR_RETURN(Stmt s, Prepare(sql));
  int rc = s.Step();
  if (rc == SQLITE_ROW) return s.ColInt(0);
  if (rc == SQLITE_DONE) return int64_t{0};
  return Error(rc, "cannot run '" + sql + "'");
}

Status Db::Run(Stmt& stmt, std::string_view what) {
  int rc = stmt.Step();
  stmt.Reset();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(rc, what);
  return Status::OK();
}

}  // namespace parley::internal
