// parley synth: a realistic conversation stream with known ground truth.
//
// Posts about an own brand and two competitors, on ten topics, from a
// Zipf-like population of authors with heavy-tailed reach and a few
// influencers; brand accounts answer a share of complaints and questions in
// their threads, people reply to each other and share influencers' posts;
// volume follows hour-of-day and day-of-week seasonality; injected incidents
// raise volume and lower sentiment for hours on one brand and topic.
//
// Output has the `generic` preset's columns plus ground-truth columns, which
// parley keeps in `extra`:
//   id,author,author_name,thread,parent,created_at,text,likes,shares,followers,
//   lang,true_sentiment,true_brand,true_topic,true_intent,incident,answered
// The same options give the same bytes on every machine (the generator uses
// its own PRNG and no libm), and memory stays constant whatever the size.
#ifndef PARLEY_SYNTH_SYNTH_H_
#define PARLEY_SYNTH_SYNTH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/env/env.h"

namespace parley::synth {

// A burst of trouble on one brand and topic. Total volume rises to
// `multiplier` times its usual rate at the peak, ramping up over the first
// quarter of the window and down over the last; the extra posts are about
// `topic` at `brand` and almost all negative.
struct IncidentSpec {
  int topic = 0;  // index into TopicAt()
  int brand = 0;  // index into BrandAt()
  int64_t start_sec = 0;  // UTC seconds
  double hours = 6;
  double multiplier = 4;

  int64_t end_sec() const { return start_sec + static_cast<int64_t>(hours * 3600); }
};

enum class SynthFormat { kCsv, kNdjson };
StatusOr<SynthFormat> ParseSynthFormat(std::string_view name);  // "csv" | "ndjson"

struct SynthOptions {
  uint64_t posts = 10000;
  uint64_t seed = 1;
  int64_t start_sec = 1772323200;  // 2026-03-01T00:00:00Z
  int days = 30;
  SynthFormat format = SynthFormat::kCsv;
  std::vector<IncidentSpec> incidents;  // used as given; see DefaultIncident()
};

// The demo's incident: delays at Skyloft Air, from 07:00 UTC on the day at
// 60% of the span, for 6 hours, at 4x volume.
IncidentSpec DefaultIncident(int64_t start_sec, int days);

// Parses "TOPIC[:BRAND]@START+HOURS[xMULT]", e.g. "delay@2026-03-19T07:00:00Z+6x4"
// or "baggage:Jetwave@2026-03-10T12:00:00Z+3". START takes any format
// ParseTimestamp() does; MULT defaults to 4; BRAND to Skyloft Air.
StatusOr<IncidentSpec> ParseIncident(std::string_view text);

struct SynthSummary {
  uint64_t posts = 0;
  uint64_t root_posts = 0;
  uint64_t brand_replies = 0;
  uint64_t shares = 0;
  uint64_t bytes = 0;
};

// Writes `options.posts` posts (with a header line for CSV) to `out`. When
// `truth_path` is not empty, also writes the ground truth there as JSON
// (docs/synth.md), using temporary files beside it for the id lists. Does not
// close `out`. Errors: InvalidArgument for bad options, else the I/O error.
StatusOr<SynthSummary> Synthesize(Env* env, const SynthOptions& options, WritableFile* out,
                                  const std::string& truth_path);

}  // namespace parley::synth

#endif  // PARLEY_SYNTH_SYNTH_H_
