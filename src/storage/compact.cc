#include "src/storage/compact.h"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "src/storage/sqlite_db.h"

namespace parley {
namespace {

// The bytes of the file and of its write-ahead log (0 for one missing).
int64_t StoreBytes(const std::string& path) {
  int64_t total = 0;
  for (const std::string& p : {path, path + "-wal"}) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(p, ec);
    if (!ec) total += static_cast<int64_t>(size);
  }
  return total;
}

}  // namespace

StatusOr<CompactStats> CompactStoreFile(const std::string& path, int busy_timeout_ms) {
  CompactStats stats;
  stats.bytes_before = StoreBytes(path);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<internal::Db> db,
                          internal::Db::Open(path, /*create=*/false, /*read_only=*/false));
  sqlite3_busy_timeout(db->raw(), busy_timeout_ms);
  PARLEY_RETURN_IF_ERROR(db->Exec("VACUUM"));
  // The rewritten pages went through the log: move them into the file and
  // truncate the log, without waiting for readers (a later checkpoint
  // finishes what they hold back). Not the compaction's failure either way.
  sqlite3_busy_timeout(db->raw(), 0);
  (void)db->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  PARLEY_RETURN_IF_ERROR(db->Close());
  stats.bytes_after = StoreBytes(path);
  return stats;
}

}  // namespace parley
