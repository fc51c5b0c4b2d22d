#include "tools/parley/api_flags.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "src/core/timestamp.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {

StatusOr<serve::ApiQuery> ParseApiFlags(const std::vector<ApiFlag>& flags) {
  serve::QueryParams params;
  std::vector<std::string_view> allowed;
  auto is_time = [](const ApiFlag& f) {
    return std::string_view(f.param) == "from" || std::string_view(f.param) == "to";
  };
  for (const ApiFlag& f : flags) {
    allowed.push_back(f.param);
    if (f.value.empty()) continue;
    // A duration before now ("7d") is that instant for the API's parser,
    // which takes times alone.
    if (is_time(f)) {
      if (const std::optional<int64_t> at = TimeBeforeNow(f.value)) {
        params.emplace(f.param, FormatTimestamp(*at));
        continue;
      }
    }
    params.emplace(f.param, f.value);
  }
  StatusOr<serve::ApiQuery> q = serve::ParseApiQuery(params, allowed);
  if (q.ok()) return q;
  std::string message(q.status().message());
  if (message == "parameter 'from': must be before 'to'") {
    return InvalidArgumentError("--since must be before --until");
  }
  for (const ApiFlag& f : flags) {
    const std::string named = std::string("parameter '") + f.param + "'";
    if (message.rfind(named, 0) != 0) continue;
    message = f.flag + message.substr(named.size());
    if (is_time(f)) {
      // The flags take a duration too (above); the API's parameters do not.
      const std::string_view example = "e.g. 2026-03-01T00:00:00Z)";
      const size_t at = message.find(example);
      if (at != std::string::npos) {
        message.insert(at + example.size() - 1, ", or a duration before now: 7d, 12h, 30m, 2w");
      }
    }
  }
  return InvalidArgumentError(message);
}

std::string DescribeApiFlags(const std::vector<ApiFlag>& flags,
                             std::initializer_list<std::string_view> skip) {
  std::string out;
  for (const ApiFlag& f : flags) {
    if (f.value.empty() || std::find(skip.begin(), skip.end(), f.param) != skip.end()) continue;
    out += (out.empty() ? "" : " ") + std::string(f.flag + 2) + "=" + f.value;
  }
  return out.empty() ? "all posts" : out;
}

}  // namespace parley::cli
