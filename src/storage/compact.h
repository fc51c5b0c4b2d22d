// Gives a store's free pages back to the file system: SQLite's VACUUM, which
// rewrites the whole file (what `parley delete --vacuum` runs after a
// deletion). A deletion frees pages that later writes reuse but does not
// shrink the file; after a retention run over most of a store, this does.
#ifndef PARLEY_STORAGE_COMPACT_H_
#define PARLEY_STORAGE_COMPACT_H_

#include <cstdint>
#include <string>

#include "parley/status.h"

namespace parley {

struct CompactStats {
  int64_t bytes_before = 0;  // the file and its write-ahead log
  int64_t bytes_after = 0;
};

// VACUUM of the store at `path` (which OpenStore() has already checked),
// then a checkpoint that empties the write-ahead log as far as open readers
// allow (a reader's snapshot keeps the old pages until it ends). Waits up to
// `busy_timeout_ms` for a writer to finish. Needs free space for a copy of
// the live pages (in SQLite's temporary directory and in the log). The same
// errors as the store's for a file that is busy, read-only or full.
StatusOr<CompactStats> CompactStoreFile(const std::string& path, int busy_timeout_ms);

}  // namespace parley

#endif  // PARLEY_STORAGE_COMPACT_H_
