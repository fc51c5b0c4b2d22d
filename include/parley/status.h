// Status and StatusOr<T>: how parley reports expected failures.
//
// A Status is either OK or carries a code and a one-line message meant for a
// person ("cannot open 'x.csv': No such file or directory"). Functions that can
// fail on bad input, I/O or configuration return Status or StatusOr<T>; no
// exception crosses parley's API. Assertions are for programmer errors only.
//
// Thread safety: Status and StatusOr are values; distinct objects may be used
// from distinct threads without synchronization.
#ifndef PARLEY_STATUS_H_
#define PARLEY_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace parley {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller asked for something malformed (flag, preset)
  kNotFound,          // a file, column or record does not exist
  kDataLoss,          // input is corrupt or truncated (model file, archive)
  kFailedPrecondition,  // the system is not in a state to do this
  kUnavailable,       // an external resource failed (disk full, database down)
  kInternal,          // a bug: an invariant was broken
};

// Returns a stable lower-case name for `code`, e.g. "not found".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not found: cannot open 'x'"; "OK" for success.
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>".
  Status WithContext(std::string_view prefix) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status DataLossError(std::string message);
Status FailedPreconditionError(std::string message);
Status UnavailableError(std::string message);
Status InternalError(std::string message);

// Holds either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : status_(status) {  // NOLINT: implicit by design
    assert(!status_.ok() && "StatusOr built from an OK status");
    if (status_.ok()) status_ = InternalError("StatusOr built from an OK status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace parley

#define PARLEY_STATUS_CONCAT_INNER_(a, b) a##b
#define PARLEY_STATUS_CONCAT_(a, b) PARLEY_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` yields a non-OK Status.
#define PARLEY_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::parley::Status parley_status_ = (expr);        \
    if (!parley_status_.ok()) return parley_status_; \
  } while (0)

// `lhs` = value of StatusOr `rexpr`, or returns its Status from the function.
#define PARLEY_ASSIGN_OR_RETURN(lhs, rexpr) \
  PARLEY_ASSIGN_OR_RETURN_IMPL_(PARLEY_STATUS_CONCAT_(parley_statusor_, __LINE__), lhs, rexpr)
#define PARLEY_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                  \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()

#endif  // PARLEY_STATUS_H_
