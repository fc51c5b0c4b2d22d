// An alert: what a change detector found, in a form people and webhooks
// read (JSON) and the store keeps (StoredAlert, by key).
#ifndef PARLEY_CHANGE_ALERT_H_
#define PARLEY_CHANGE_ALERT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/change/detect.h"
#include "src/storage/store.h"

namespace parley::change {

struct AlertExample {
  std::string source, id, author, text;
  int64_t created_at_ms = 0;
};

struct Alert {
  std::string kind;  // spike | shift | term
  SeriesKey series;
  std::string term;  // kind term only
  int64_t window_start_ms = 0, window_end_ms = 0;
  // spike: expected and observed posts, effect = ratio.
  // shift: baseline and window negative share, effect = difference.
  // term: baseline and window rate per 1,000 terms, effect = ratio.
  double baseline = 0, observed = 0, effect = 0;
  double p_value = 1;
  double q_value = 1;  // Benjamini-Hochberg adjusted (spike, shift); p_value for terms
  int64_t window_n = 0, baseline_n = 0;  // posts (or term posts) behind the figures
  // shift: "adjusted" when the shares are corrected for the classifier's
  // measured confusion; empty for raw shares.
  std::string correction;
  std::vector<AlertExample> examples;

  // kind|series|window start|term: the same alert always has the same key.
  std::string Key() const;
  // One JSON object on one line.
  std::string ToJson() const;
  StoredAlert ToStored(int64_t now_ms) const;
};

// Reads an alert written by ToJson().
StatusOr<Alert> ParseAlert(std::string_view json);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_ALERT_H_
