#include "tools/parley/api_flags.h"

#include <fmt/format.h>

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
    // A period FROM/UNTIL: either end a duration too (14d/7d).
    if (std::string_view(f.param) == "compare") {
      const size_t slash = f.value.find('/');
      if (slash != std::string::npos) {
        std::string ends[2] = {f.value.substr(0, slash), f.value.substr(slash + 1)};
        for (std::string& end : ends) {
          if (const std::optional<int64_t> at = TimeBeforeNow(end)) end = FormatTimestamp(*at);
        }
        params.emplace(f.param, ends[0] + "/" + ends[1]);
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

StatusOr<std::string> UnknownScopeName(Store* store, const serve::ApiQuery& q) {
  TotalsQuery all;
  all.granularity = Granularity::kWeek;
  auto known = [](std::string_view what, const std::string& value,
                  const std::vector<std::string>& names) -> std::string {
    if (value.empty() || value == "*" ||
        std::find(names.begin(), names.end(), value) != names.end()) {
      return "";
    }
    std::string list;
    for (size_t i = 0; i < names.size() && i < 20; ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > 20) list += ", ...";
    return fmt::format("no {} '{}' in the store; its {}s: {}", what, value, what,
                       names.empty() ? std::string("none") : list);
  };
  std::vector<std::string> names;
  if (q.brand != "*") {
    PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> brands, store->BrandTotals(all));
    for (const KeyedRollup& b : brands) names.push_back(b.key);
    if (std::string m = known("brand", q.brand, names); !m.empty()) return m;
  }
  if (q.topic != "*") {
    names.clear();
    PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> topics, store->TopicTotals(all));
    for (const KeyedRollup& t : topics) names.push_back(t.key);
    if (std::string m = known("topic", q.topic, names); !m.empty()) return m;
  }
  if (q.intent != "*") {
    names.clear();
    PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedTagRollup> intents,
                            store->TagTotals(all, TagKind::kIntent));
    for (const KeyedTagRollup& i : intents) names.push_back(i.tag);
    if (std::string m = known("intent", q.intent, names); !m.empty()) return m;
  }
  return std::string();
}

}  // namespace parley::cli
