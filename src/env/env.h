// Env: every file-system call parley makes goes through this interface, so
// ingest and storage can be tested in memory and with injected faults.
//
// Thread safety: an Env may be shared by threads. File objects are used by one
// thread at a time.
#ifndef PARLEY_ENV_ENV_H_
#define PARLEY_ENV_ENV_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

// A stream of bytes read front to back.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to `n` bytes into `buf`; returns the count, 0 at end of file.
  virtual StatusOr<size_t> Read(char* buf, size_t n) = 0;
};

// A file written front to back.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Flush() = 0;
  virtual Status Close() = 0;
};

// Returned by Env::RemoveOnSignal(): destroying it ends the arrangement.
class SignalCleanup {
 public:
  virtual ~SignalCleanup() = default;
};

class Env {
 public:
  virtual ~Env() = default;

  // The process's real file system (a process-wide singleton, never deleted).
  static Env* Default();

  // "-" opens standard input (Default env only).
  virtual StatusOr<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) = 0;
  // Creates or truncates `path`. "-" is standard output (Default env only).
  virtual StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  virtual bool FileExists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  // True when `path` is a device, pipe or socket (/dev/null, a FIFO): a
  // file that must be written in place, never renamed over.
  virtual bool IsSpecialFile(const std::string& path) = 0;
  // Names (not paths) of the entries of directory `path`, sorted.
  virtual StatusOr<std::vector<std::string>> GetChildren(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (POSIX rename semantics).
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;

  // True when `a` and `b` name one file: the same device and inode when both
  // exist, else the same path once made absolute and normalized ("./x" is
  // "x"). The default compares normalized paths only.
  virtual bool SameFile(const std::string& a, const std::string& b);
  // OK when `path` could be created (or truncated) now: it is a writable
  // file, or its directory exists and is writable. Touches nothing, so an
  // output made later (a rejects file at its first reject) can be checked
  // before any other output. The default finds every path writable.
  virtual Status CheckWritable(const std::string& path);
  // Until the returned object is destroyed, `path` is removed when SIGINT,
  // SIGTERM or SIGHUP ends the process (a staging file: a run stopped by
  // Ctrl-C, `timeout` or `kill` leaves none behind). Signals the process
  // ignores or handles itself are left alone. The default does nothing.
  virtual std::unique_ptr<SignalCleanup> RemoveOnSignal(const std::string& path);
};

// An Env whose files live in memory; for tests. Directories exist implicitly
// as prefixes of file paths ("a/b.csv" makes "a" a directory).
std::unique_ptr<Env> NewMemEnv();

// A SequentialFile that reads `contents` front to back (e.g. an HTTP request
// body handed to a reader).
std::unique_ptr<SequentialFile> NewStringFile(std::string contents);

// Creates or truncates `path` in `env` and writes `data` to it.
Status WriteStringToFile(Env* env, std::string_view data, const std::string& path);

// Whether the bytes of input `path` can be read only once: standard input
// ("-") and special files (a pipe, `<(zcat x.gz)`'s /dev/fd/63, a FIFO, a
// device). A reader that looks at an input before reading it (to check its
// columns, to measure it) must pass these by: what it read is gone.
bool ReadOnlyOnce(Env* env, const std::string& path);

// Outputs that appear only when complete. A command writes to
// StagingPath(path) and, once everything is written and closed, calls
// CommitStaged(), which renames the staging file onto `path`; on failure
// DiscardStaged() removes it. A reader of `path` never sees half a file,
// and a failed run leaves an earlier `path` as it was. Standard output ("-")
// and special files (-o /dev/null, a FIFO) are their own staging path and
// are written in place: renaming over /dev/null would replace the device
// with a plain file.
std::string StagingPath(Env* env, const std::string& path);
Status CommitStaged(Env* env, const std::string& staging, const std::string& path);
void DiscardStaged(Env* env, const std::string& staging, const std::string& path);

// WriteStringToFile through a staging file: `path` holds the old contents
// or all of `data`, never a part.
Status WriteFileAtomically(Env* env, std::string_view data, const std::string& path);

// Reads the whole of `path` from `env`. For tests and small files only: ingest
// streams its inputs instead.
StatusOr<std::string> ReadFileToString(Env* env, const std::string& path);

}  // namespace parley

#endif  // PARLEY_ENV_ENV_H_
