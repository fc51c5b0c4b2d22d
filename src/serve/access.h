// Who may do what, and how often: API tokens with scopes, and a per-client
// token-bucket rate limit.
#ifndef PARLEY_SERVE_ACCESS_H_
#define PARLEY_SERVE_ACCESS_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "parley/status.h"

namespace parley::serve {

enum class Scope { kRead = 1, kWrite = 2 };  // write implies read

// The tokens of a tokens file: one `TOKEN SCOPE` per line (scope read or
// write), blank lines and lines starting with '#' ignored. Tokens are 16 to
// 256 printable ASCII characters without spaces.
//
// Thread safety: immutable after Parse.
class TokenSet {
 public:
  // Errors name the line: "tokens.txt:3: scope must be read or write".
  static StatusOr<TokenSet> Parse(std::string_view text, std::string_view file_name);

  // The scope of `token`, nullopt when unknown. Compares in time that does
  // not depend on where a wrong token differs.
  std::optional<Scope> Find(std::string_view token) const;
  bool empty() const { return tokens_.empty(); }
  size_t size() const { return tokens_.size(); }

 private:
  std::unordered_map<std::string, Scope> tokens_;
};

// The bearer token of an Authorization header value ("Bearer abc" -> "abc");
// nullopt when the header is absent or not a bearer token.
std::optional<std::string_view> BearerToken(std::string_view authorization);

// A token bucket per client key (address or token): `burst` requests at
// once, refilled at `per_second`. Keys idle long enough to be full again are
// forgotten, so memory stays bounded by the clients of the last few seconds.
//
// Thread safety: all methods may be called from any thread.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}

  // Takes one request from `key`'s bucket. Returns 0 when allowed, else the
  // whole seconds (at least 1) until a request would be.
  int Take(std::string_view key, Clock::time_point now = Clock::now());
  bool enabled() const { return rate_ > 0; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void Sweep(Clock::time_point now);

  const double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace parley::serve

#endif  // PARLEY_SERVE_ACCESS_H_
