#include "src/serve/post_ingest.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "src/analyze/pipeline.h"
#include "src/ingest/ndjson_reader.h"
#include "src/serve/json_writer.h"

namespace parley::serve {
namespace {

// The request body as a file for the NDJSON reader.
class BodyFile final : public SequentialFile {
 public:
  explicit BodyFile(std::string body) : body_(std::move(body)) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t got = std::min(n, body_.size() - pos_);
    std::memcpy(buf, body_.data() + pos_, got);
    pos_ += got;
    return got;
  }

 private:
  std::string body_;
  size_t pos_ = 0;
};

void DecodeBatch(const RecordBatch& batch, DecodeScratch* scratch, const Analyzer& analyzer,
                 DecodedBody* out) {
  std::string reason;
  for (const RawRecord& rec : batch.records) {
    ++out->read;
    Post post;
    reason.clear();
    if (!batch.decoder->Decode(batch.raw(rec), scratch, &post, &reason)) {
      ++out->rejected;
      if (out->rejects.size() < kMaxListedRejects) {
        std::string line;
        AppendReject("request", rec.line, reason, batch.raw(rec), &line);
        if (!line.empty() && line.back() == '\n') line.pop_back();
        out->rejects.push_back(std::move(line));
      }
      continue;
    }
    out->analyses.emplace_back();
    analyzer.Analyze(post, &out->analyses.back());
    out->posts.push_back(std::move(post));
  }
}

}  // namespace

StatusOr<DecodedBody> DecodeBody(std::string body, const ReaderOptions& reader,
                                 const Analyzer& analyzer) {
  ReaderOptions options = reader;
  options.format = InputFormat::kNdjson;
  // The source of posts that name none, as a file called "api.ndjson" would give.
  PARLEY_ASSIGN_OR_RETURN(
      std::unique_ptr<RecordReader> records,
      NewNdjsonReader("api.ndjson", std::make_unique<BodyFile>(std::move(body)), options));
  DecodedBody out;
  RecordBatch batch;
  std::unique_ptr<DecodeScratch> scratch;
  const RecordDecoder* decoder = nullptr;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool more, records->NextBatch(1 << 20, &batch));
    if (!more) break;
    if (batch.decoder.get() != decoder) {
      decoder = batch.decoder.get();
      scratch = decoder->NewScratch();
    }
    DecodeBatch(batch, scratch.get(), analyzer, &out);
  }
  return out;
}

std::string IngestResponseJson(const DecodedBody& body, const IngestStats& stats) {
  JsonWriter w;
  w.BeginObject();
  w.Key("read").Int(static_cast<int64_t>(body.read));
  w.Key("accepted").Int(static_cast<int64_t>(body.posts.size()));
  w.Key("rejected").Int(static_cast<int64_t>(body.rejected));
  w.Key("inserted").Int(static_cast<int64_t>(stats.inserted));
  w.Key("updated").Int(static_cast<int64_t>(stats.updated));
  w.Key("unchanged").Int(static_cast<int64_t>(stats.unchanged));
  w.Key("rejects").BeginArray();
  for (const std::string& r : body.rejects) w.Raw(r);
  w.EndArray();
  w.Key("rejects_listed").Int(static_cast<int64_t>(body.rejects.size()));
  w.EndObject();
  return w.Take();
}

}  // namespace parley::serve
