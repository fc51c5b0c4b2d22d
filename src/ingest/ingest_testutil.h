// Test helpers for ingest: read a whole input into posts and rejects.
// Header-only so that it stays out of the parley_ingest library.
#ifndef PARLEY_INGEST_INGEST_TESTUTIL_H_
#define PARLEY_INGEST_INGEST_TESTUTIL_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "parley/post.h"
#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley::testing {

struct Reject {
  uint64_t line = 0;
  std::string reason;
};

struct ReadResult {
  std::vector<Post> posts;
  std::vector<uint64_t> lines;  // of each post
  std::vector<Reject> rejects;
  uint64_t records_read = 0;
  size_t batches = 0;
};

// Reads and decodes every record of `path`.
inline StatusOr<ReadResult> ReadAll(Env* env, const std::string& path,
                                    const ReaderOptions& options = ReaderOptions(),
                                    size_t max_bytes = 1 << 20) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                          OpenRecordReader(env, path, options));
  ReadResult result;
  RecordBatch batch;
  std::unique_ptr<DecodeScratch> scratch;
  std::string reason;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool more, reader->NextBatch(max_bytes, &batch));
    if (!more) break;
    ++result.batches;
    if (scratch == nullptr) scratch = batch.decoder->NewScratch();
    for (const RawRecord& r : batch.records) {
      Post post;
      if (DecodeRecord(batch, r, scratch.get(), &post, &reason)) {
        result.posts.push_back(std::move(post));
        result.lines.push_back(r.line);
      } else {
        result.rejects.push_back({r.line, reason});
      }
    }
  }
  result.records_read = reader->records_read();
  return result;
}

// Writes `data` to `path` in `env` and reads it back as posts.
inline StatusOr<ReadResult> ReadString(Env* env, const std::string& path, std::string_view data,
                                       const ReaderOptions& options = ReaderOptions()) {
  PARLEY_RETURN_IF_ERROR(WriteStringToFile(env, data, path));
  return ReadAll(env, path, options);
}

// Who and where a post is, as a preset maps it: source, id, author,
// author_name, thread, parent; and its counts: likes, shares, replies,
// followers, views (-1 for none).
using Place =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
inline Place PlaceOf(const Post& p) {
  return {p.source, p.id, p.author, p.author_name, p.thread, p.parent};
}
using Counts = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>;
inline Counts CountsOf(const Post& p) {
  const Metrics& m = p.metrics;
  return {m.likes.value_or(-1), m.shares.value_or(-1), m.replies.value_or(-1),
          m.followers.value_or(-1), m.views.value_or(-1)};
}

// Options for `preset` with `overrides`; aborts on a bad preset (a test bug).
inline ReaderOptions OptionsFor(std::string_view preset,
                                std::vector<std::string> overrides = {}) {
  ReaderOptions options;
  StatusOr<FieldMap> map = MakeFieldMap(preset, overrides);
  if (map.ok()) options.field_map = *map;
  options.map_overrides = std::move(overrides);
  return options;
}

}  // namespace parley::testing

#endif  // PARLEY_INGEST_INGEST_TESTUTIL_H_
