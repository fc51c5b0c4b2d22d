#include "src/serve/post_ingest.h"

#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "src/analyze/json_writer.h"
#include "src/analyze/pipeline.h"
#include "src/ingest/field_map.h"
#include "src/ingest/ndjson_reader.h"
#include "src/ingest/record_splitter.h"
#include "src/text/language.h"

namespace parley::serve {
namespace {

// For an "auto" field map, the preset the keys of the body's first records
// choose, as `parley ingest` chooses a file's (ObjectKeySample): records
// that are not objects are passed over, so one bad first line is a reject,
// not a refused batch. When no record is an object or the keys fit no
// preset that names a time ("text" without one fits no stored post), every
// record is a reject, and "generic"'s reasons say what each lacks.
StatusOr<FieldMap> ChooseFieldMap(std::string_view body, const ReaderOptions& reader) {
  if (reader.field_map.preset != "auto") return reader.field_map;
  ObjectKeySample sample;
  while (!body.empty() && !sample.full()) {
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (IsBlankRecord(line)) continue;
    sample.Add(line);
  }
  if (!sample.keys().empty()) {
    StatusOr<FieldMap> map =
        ResolveAutoPreset(reader.field_map, reader.map_overrides, sample.views());
    // (A map without an id will do: each post's is made from its content,
    // FillMissingId(); one without a time will not.)
    if (map.ok() && !(reader.require_identity && map->column(Field::kCreatedAt).empty())) {
      return map;
    }
  }
  return MakeFieldMap("generic", reader.map_overrides);
}

}  // namespace

StatusOr<DecodedBody> DecodeBody(std::string body, const ReaderOptions& reader,
                                 const Analyzer& analyzer,
                                 const std::vector<std::string>& languages) {
  ReaderOptions options = reader;
  options.format = InputFormat::kNdjson;
  options.guess_time_layout = false;  // (ReaderOptions: one layout for every request)
  PARLEY_ASSIGN_OR_RETURN(options.field_map, ChooseFieldMap(body, reader));
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
        if (!LanguageKept(languages, out.analyses.back().lang)) {
          out.analyses.pop_back();
          ++out.skipped;
          return Status::OK();
        }
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
  w.Key("skipped").Int(static_cast<int64_t>(body.skipped));
  w.Key("inserted").Int(static_cast<int64_t>(stats.inserted));
  w.Key("updated").Int(static_cast<int64_t>(stats.updated));
  w.Key("unchanged").Int(static_cast<int64_t>(stats.unchanged));
  w.Key("withheld").Int(static_cast<int64_t>(stats.withheld));
  w.Key("rejects").BeginArray();
  for (const std::string& r : body.rejects) w.Raw(r);
  w.EndArray();
  w.Key("rejects_listed").Int(static_cast<int64_t>(body.rejects.size()));
  w.EndObject();
  return w.Take();
}

}  // namespace parley::serve
