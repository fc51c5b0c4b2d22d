#include "src/serve/access.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace parley::serve {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ValidToken(std::string_view t) {
  if (t.size() < 16 || t.size() > 256) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// Equal-length comparison that always reads every byte.
bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

StatusOr<TokenSet> TokenSet::Parse(std::string_view text, std::string_view file_name) {
  TokenSet set;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::string where = std::string(file_name) + ":" + std::to_string(line_no) + ": ";
    size_t space = line.find_first_of(" \t");
    std::string_view token = line.substr(0, space);
    std::string_view scope = space == std::string_view::npos ? "" : Trim(line.substr(space));
    if (!ValidToken(token)) {
      return InvalidArgumentError(where + "a token must be 16 to 256 printable characters "
                                          "without spaces (e.g. from `openssl rand -hex 24`)");
    }
    if (scope != "read" && scope != "write") {
      return InvalidArgumentError(where + "expected 'TOKEN read' or 'TOKEN write'");
    }
    if (!set.tokens_.emplace(std::string(token), scope == "write" ? Scope::kWrite : Scope::kRead)
             .second) {
      return InvalidArgumentError(where + "this token is listed twice");
    }
  }
  return set;
}

std::optional<Scope> TokenSet::Find(std::string_view token) const {
  // Every stored token is compared, so timing reveals neither which token
  // nor how much of one matched.
  std::optional<Scope> found;
  for (const auto& [t, scope] : tokens_) {
    if (SameBytes(t, token)) found = scope;
  }
  return found;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size()) return std::nullopt;
  for (size_t i = 0; i < kBearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kBearer[i]))) {
      return std::nullopt;
    }
  }
  return Trim(authorization.substr(kBearer.size()));
}

int RateLimiter::Take(std::string_view key, Clock::time_point now) {
  if (!enabled()) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  Sweep(now);
  auto [it, fresh] = buckets_.try_emplace(std::string(key), Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

void RateLimiter::Sweep(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::seconds(10)) return;
  last_sweep_ = now;
  // A bucket that would be full by now carries no state worth keeping.
  const double full_after = burst_ / rate_;
  std::erase_if(buckets_, [&](const auto& kv) {
    return std::chrono::duration<double>(now - kv.second.updated).count() >= full_after;
  });
}

}  // namespace parley::serve
