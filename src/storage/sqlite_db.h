// Thin RAII wrappers over SQLite's C API: a connection and a prepared
// statement. Errors become Status values naming the database file.
// Internal to src/storage.
#ifndef PARLEY_STORAGE_SQLITE_DB_H_
#define PARLEY_STORAGE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "parley/status.h"

namespace parley::internal {

// A prepared statement. Text is bound without copying (SQLITE_STATIC): the
// bound bytes must outlive the next Step().
class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Stmt() { sqlite3_finalize(s_); }

  // Parameters are 1-based, as in SQL (?1, ?2, ...).
  void Text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
  }
  // Text(), copied: `v` may go before the statement runs.
  void TextCopy(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }
  void Blob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
  }
  // NULL for the empty string.
  void TextOrNull(int i, std::string_view v) { v.empty() ? Null(i) : Text(i, v); }
  void Int(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Double(int i, double v) { sqlite3_bind_double(s_, i, v); }
  void Null(int i) { sqlite3_bind_null(s_, i); }
  void Int(int i, const std::optional<int64_t>& v) { v ? Int(i, *v) : Null(i); }
  void Double(int i, const std::optional<double>& v) { v ? Double(i, *v) : Null(i); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  // Ready to run again; bindings stay.
  void Reset() { sqlite3_reset(s_); }

  // Columns are 0-based.
  int64_t ColInt(int c) const { return sqlite3_column_int64(s_, c); }
  double ColDouble(int c) const { return sqlite3_column_double(s_, c); }
  bool ColNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::string_view ColText(int c) const {
    const unsigned char* p = sqlite3_column_text(s_, c);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }
  sqlite3_stmt* raw() { return s_; }

  std::string_view ColBlob(int c) const {
    const void* p = sqlite3_column_blob(s_, c);
    return p ? std::string_view(static_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// A text parameter bound from a copy this object owns (SQLITE_STATIC), and
// rebound only when the value changes: sqlite3_reset keeps a statement's
// bindings, and so does SQLite's own re-prepare after a schema change. One
// per (statement, parameter); Forget() whenever the statement is replaced
// (re-prepared by parley) or its bindings are cleared, and before this
// object's copy could be bound to another statement.
class BoundText {
 public:
  void Bind(Stmt& st, int i, std::string_view v) {
    if (bound_ && v == value_) return;
    value_.assign(v);
    st.Text(i, value_);
    bound_ = true;
  }
  void Forget() { bound_ = false; }

 private:
  std::string value_;
  bool bound_ = false;
};

class Db {
 public:
  // Opens `path` (creating it when `create`); reads nothing yet.
  static StatusOr<std::unique_ptr<Db>> Open(const std::string& path, bool create, bool read_only);
  ~Db();
  // Closes the connection (every statement must be finalized first).
  Status Close();

  // Runs one or more statements that return no rows.
  Status Exec(const std::string& sql);
  StatusOr<Stmt> Prepare(std::string_view sql, bool persistent = false);
  // Runs a statement returning one integer (e.g. a PRAGMA).
  StatusOr<int64_t> QueryInt(const std::string& sql);
  // Steps `stmt` to completion (SQLITE_DONE) and resets it.
  Status Run(Stmt& stmt, std::string_view what);

  // A Status for SQLite result `rc` while doing `what`, naming the file:
  // corrupt or not a database -> DataLoss, busy/full/I/O -> Unavailable,
  // read-only or cannot open -> FailedPrecondition, else Internal.
  Status Error(int rc, std::string_view what) const;

  sqlite3* raw() { return db_; }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_SQLITE_DB_H_
