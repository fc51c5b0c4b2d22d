// Delivers alerts to a webhook: one HTTP POST of JSON per alert.
#ifndef PARLEY_WEBHOOK_WEBHOOK_H_
#define PARLEY_WEBHOOK_WEBHOOK_H_

#include <string>
#include <string_view>

#include "parley/status.h"

namespace parley::webhook {

// A URL's parts as the HTTP client needs them.
struct WebhookUrl {
  std::string origin;  // "http://host:port"
  std::string path;    // "/hook?x=1"; "/" when absent
};

// InvalidArgument unless `url` is http:// or https:// with a host.
StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// POSTs `json` (Content-Type: application/json) to `url`. OK only when the
// receiver answers 2xx; Unavailable (naming the URL and the reason) when it
// cannot be reached, times out or answers otherwise.
Status PostJson(const WebhookUrl& url, const std::string& json, int timeout_ms = 5000);

}  // namespace parley::webhook

#endif  // PARLEY_WEBHOOK_WEBHOOK_H_
