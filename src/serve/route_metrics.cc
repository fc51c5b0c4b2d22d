#include "src/serve/route_metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace parley::serve {

void RouteMetrics::Record(const std::string& route, int status, double seconds) {
  size_t b = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
  std::lock_guard<std::mutex> lock(mu_);
  Route& r = routes_[route];
  ++r.by_status[status];
  ++r.buckets[b];
  r.sum += seconds;
  ++r.count;
}

std::string RouteMetrics::Render(
    const std::map<std::string, std::pair<std::string, double>>& gauges) const {
  std::string out;
  auto o = std::back_inserter(out);
  std::lock_guard<std::mutex> lock(mu_);
  out += "# HELP parley_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE parley_http_requests_total counter\n";
  for (const auto& [route, r] : routes_) {
    for (const auto& [status, n] : r.by_status) {
      fmt::format_to(o, "parley_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", route,
                     status, n);
    }
  }
  out += "# HELP parley_http_request_duration_seconds Time from request to response, by route.\n"
         "# TYPE parley_http_request_duration_seconds histogram\n";
  for (const auto& [route, r] : routes_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += r.buckets[i];
      fmt::format_to(o, "parley_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                     route, kBuckets[i], cumulative);
    }
    fmt::format_to(o, "parley_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                   route, r.count);
    fmt::format_to(o, "parley_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, r.sum);
    fmt::format_to(o, "parley_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                   r.count);
  }
  for (const auto& [name, help_value] : gauges) {
    fmt::format_to(o, "# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help_value.first, name, name,
                   help_value.second);
  }
  return out;
}

}  // namespace parley::serve
