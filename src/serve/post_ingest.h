// POST /api/posts: an NDJSON request body decoded by the same reader and
// field maps as `parley ingest` (src/ingest), analyzed by the server's
// Analyzer, ready for one Store::WriteBatch. Records that do not decode are
// rejects, reported as the rejects file reports them.
//
// Thread safety: DecodeBody may run on any number of threads (the decoder
// and the analyzer are immutable).
#ifndef PARLEY_SERVE_POST_INGEST_H_
#define PARLEY_SERVE_POST_INGEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"
#include "src/ingest/record_reader.h"
#include "src/storage/store.h"

namespace parley::serve {

// At most this many rejects are listed in a response (all are counted).
inline constexpr size_t kMaxListedRejects = 1000;

struct DecodedBody {
  uint64_t read = 0;  // records, accepted + rejected + skipped
  std::vector<Post> posts;
  std::vector<Analysis> analyses;  // analyses[i] of posts[i]
  uint64_t rejected = 0;
  uint64_t skipped = 0;  // in a language `languages` leaves out
  // The first kMaxListedRejects rejects, each one line of the rejects file's
  // format ({"input":"request","line":N,"reason":...,"raw":...}) without its
  // newline.
  std::vector<std::string> rejects;
};

// Decodes `body` as NDJSON with `reader` (its format is forced to NDJSON;
// its field map and source apply as in `parley ingest`). An "auto" field
// map takes the preset of the first record that fits one (else "generic"),
// so a record that does not decode is a reject wherever it stands. With
// `languages` (AnalyzeJob::languages), a post in another language is
// skipped: counted, not kept.
StatusOr<DecodedBody> DecodeBody(std::string body, const ReaderOptions& reader,
                                 const Analyzer& analyzer,
                                 const std::vector<std::string>& languages = {});

// The response: {"read","accepted","rejected","skipped","inserted",
// "updated","unchanged","rejects":[...],"rejects_listed"}.
std::string IngestResponseJson(const DecodedBody& body, const IngestStats& stats);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_POST_INGEST_H_
