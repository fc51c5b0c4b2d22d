#include "src/serve/post_ingest.h"

#include <memory>

#include "src/analyze/json_writer.h"
#include "src/analyze/pipeline.h"
#include "src/ingest/ndjson_reader.h"

namespace parley::serve {

StatusOr<DecodedBody> DecodeBody(std::string body, const ReaderOptions& reader,
                                 const Analyzer& analyzer) {
  ReaderOptions options = reader;
  options.format = InputFormat::kNdjson;
  // The source of posts that name none, as a file called "api.ndjson" would give.
  PARLEY_ASSIGN_OR_RETURN(
      std::unique_ptr<RecordReader> records,
      NewNdjsonReader("api.ndjson", NewStringFile(std::move(body)), options));
  DecodedBody out;
  PARLEY_RETURN_IF_ERROR(ForEachPost(
      records.get(),
      [&](const Post& post) {
        ++out.read;
        out.analyses.emplace_back();
        analyzer.Analyze(post, &out.analyses.back());
        out.posts.push_back(post);
        return Status::OK();
      },
      [&](const RejectedRecord& reject) {
        ++out.read;
        ++out.rejected;
        if (out.rejects.size() >= kMaxListedRejects) return;
        std::string line;
        AppendReject("request", reject.line, reject.reason, reject.raw, &line);
        if (!line.empty() && line.back() == '\n') line.pop_back();
        out.rejects.push_back(std::move(line));
      }));
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
