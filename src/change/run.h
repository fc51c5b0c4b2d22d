// Runs the change detectors over a store: loads the hourly series of every
// brand, topic and (brand, topic), and of each intent's posts (all and per
// brand), finds spikes (in all of them) and sentiment shifts (but in the
// intents'), then emerging terms in their windows, each alert with example
// posts.
#ifndef PARLEY_CHANGE_RUN_H_
#define PARLEY_CHANGE_RUN_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "parley/status.h"
#include "src/change/alert.h"
#include "src/change/detect.h"
#include "src/change/terms.h"
#include "src/metrics/quantification.h"
#include "src/storage/spans.h"
#include "src/storage/store.h"

namespace parley::change {

struct AlertOptions {
  SpikeOptions spike;
  ShiftOptions shift;
  TermOptions terms;
  bool find_terms = true;
  // Alerts whose window starts in [from_ms, to_ms) are returned; detection
  // always reads the whole history (baselines, flagged hours, cooldowns).
  int64_t from_ms = kMinTime;
  int64_t to_ms = kMaxTime;
  int examples = 3;                  // example posts per alert
  int term_baseline_days = 7;        // the terms' baseline: the days before the window
  int max_window_posts = 5000;       // posts read for terms, newest first
  int max_baseline_posts = 20000;
  // The classifier's measured confusion on labelled posts: when present, shift
  // alerts show negative shares corrected for it (adjusted classify and count).
  std::optional<ConfusionMatrix> validation;
};

// Every alert in the range, in window order (spikes and shifts, each
// followed by the terms that emerged in its window; a term is reported
// once per window, with the most specific series it emerged in).
StatusOr<std::vector<Alert>> FindAlerts(Store* store, const AlertOptions& o);

// Sets the example posts of `a` (a spike's, a shift's negative ones, a
// term's posts that use it), `limit` of them, as FindAlerts() picks them:
// for alerts stored by an earlier run, listed with another --examples.
// `max_window_posts` bounds the window posts a term's are looked for in.
Status FindExamples(Store* store, int limit, int max_window_posts, Alert* a);

// The hourly series the detectors read, one set per span of the stored
// conversation (ConversationSpans, in time order): each from the span's
// first to its last hour with a post, every (brand or all, topic or all)
// over all sources that has a post in the span, (*, *) first, and the same
// for each source when there are several; after them each (brand or all,
// intent) with a post (the tag rollups' intent cells), likewise. A stray
// post far from the rest (a 2015 tweet in a 2026 export, a date typed
// wrong) is a span of its own: it neither stretches the others with empty
// hours nor pulls their baselines down.
StatusOr<std::vector<std::vector<HourlySeries>>> LoadHourlySeries(Store* store);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_RUN_H_
