// Request counts and latency histograms per route, rendered in the
// Prometheus text exposition format for GET /metrics.
//
// Thread safety: Record() and Render() may be called from any thread.
#ifndef PARLEY_SERVE_ROUTE_METRICS_H_
#define PARLEY_SERVE_ROUTE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace parley::serve {

class RouteMetrics {
 public:
  // Upper bounds (seconds) of the latency histogram's buckets; +Inf follows.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};

  // Counts one request to `route` (a route pattern, not the raw path, so the
  // number of series stays bounded) answered with `status` in `seconds`.
  void Record(const std::string& route, int status, double seconds);
  // parley_http_requests_total, parley_http_request_duration_seconds and
  // the given gauges (name, help, value) as Prometheus text.
  std::string Render(const std::map<std::string, std::pair<std::string, double>>& gauges) const;

 private:
  struct Route {
    std::map<int, uint64_t> by_status;
    std::array<uint64_t, kBuckets.size() + 1> buckets{};  // not cumulative; last is +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Route> routes_;
};

}  // namespace parley::serve

#endif  // PARLEY_SERVE_ROUTE_METRICS_H_
