#include "src/webhook/webhook.h"

#include <httplib.h>

namespace parley::webhook {

StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = scheme_end == std::string_view::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return InvalidArgumentError("--webhook '" + std::string(url) +
                                "' is not an http:// or https:// URL");
  }
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find_first_of("/?", host_start);
  std::string_view host = url.substr(host_start, path_start - host_start);
  if (host.empty()) return InvalidArgumentError("--webhook '" + std::string(url) + "' has no host");
  WebhookUrl out;
  out.origin =
      std::string(url.substr(0, path_start == std::string_view::npos ? url.size() : path_start));
  out.path = path_start == std::string_view::npos ? "/" : std::string(url.substr(path_start));
  if (out.path[0] == '?') out.path.insert(0, "/");
  return out;
}

Status PostJson(const WebhookUrl& url, const std::string& json, int timeout_ms) {
  httplib::Client client(url.origin);
  time_t sec = timeout_ms / 1000, usec = (timeout_ms % 1000) * 1000;
  client.set_connection_timeout(sec, usec);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
  httplib::Result res = client.Post(url.path, json, "application/json");
  std::string where = url.origin + url.path;
  if (!res) {
    return UnavailableError("webhook " + where +
                            " cannot be reached: " + httplib::to_string(res.error()));
  }
  if (res->status < 200 || res->status >= 300) {
    return UnavailableError("webhook " + where + " answered HTTP " + std::to_string(res->status));
  }
  return Status::OK();
}

}  // namespace parley::webhook
