#include "src/analyze/output.h"

#include <fmt/format.h>

#include <cstring>
#include <vector>

#include "src/core/timestamp.h"

namespace parley {
namespace {

// Characters that need escaping inside a JSON string.
bool NeedsJsonEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Bytes of `s` from `i` on that need no escaping, eight at a time: a byte
// needs escaping when it is below 0x20, '"' or '\\' (SWAR zero-byte tests).
size_t SkipPlainJson(std::string_view s, size_t i) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    uint64_t quote = x ^ (kOnes * '"'), slash = x ^ (kOnes * '\\');
    uint64_t hits = ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) |
                    ((slash - kOnes) & ~slash);
    if (hits & kHighs) break;
  }
  while (i < s.size() && !NeedsJsonEscape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

void AppendKey(std::string_view key, std::string* out) {
  out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendStringField(std::string_view key, std::string_view value, std::string* out) {
  AppendKey(key, out);
  AppendJsonString(value, out);
}

void AppendNumber(double v, std::string* out) { fmt::format_to(std::back_inserter(*out), "{}", v); }

void AppendStringArray(std::string_view key, const std::vector<std::string>& values,
                       std::string* out) {
  AppendKey(key, out);
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

void AppendMetrics(const Metrics& m, std::string* out) {
  const std::pair<const char*, const std::optional<int64_t>*> fields[] = {
      {"likes", &m.likes}, {"shares", &m.shares}, {"replies", &m.replies},
      {"followers", &m.followers}, {"views", &m.views}};
  bool any = false;
  for (const auto& [name, value] : fields) {
    if (!value->has_value()) continue;
    out->append(any ? ",\"" : ",\"metrics\":{\"");
    out->append(name);
    out->append("\":");
    fmt::format_to(std::back_inserter(*out), "{}", **value);
    any = true;
  }
  if (any) out->push_back('}');
}

void AppendSentiment(const Sentiment& s, std::string_view model, std::string* out) {
  out->append(",\"sentiment\":{\"label\":\"");
  out->append(SentimentLabelName(s.label));
  out->append("\",\"score\":");
  AppendNumber(s.score, out);
  if (s.has_probabilities) {
    static constexpr const char* kNames[] = {"negative", "neutral", "positive"};
    out->append(",\"p\":{");
    for (int k = 0; k < 3; ++k) {
      fmt::format_to(std::back_inserter(*out), "{}\"{}\":{}", k ? "," : "", kNames[k], s.p[k]);
    }
    out->push_back('}');
  }
  out->append(",\"model\":");
  AppendJsonString(model, out);
  out->push_back('}');
}

void AppendJsonRecord(const Post& post, const Analysis& a, const OutputOptions& o,
                      std::string* out) {
  out->append("{\"source\":");
  AppendJsonString(post.source, out);
  AppendStringField("id", post.id, out);
  AppendStringField("author", post.author, out);
  if (!post.author_name.empty()) AppendStringField("author_name", post.author_name, out);
  if (!post.thread.empty()) AppendStringField("thread", post.thread, out);
  if (!post.parent.empty()) AppendStringField("parent", post.parent, out);
  out->append(",\"created_at\":\"");
  AppendTimestamp(post.created_at_ms, out);
  out->push_back('"');
  AppendStringField("text", post.text, out);
  if (!post.lang.empty()) AppendStringField("lang", post.lang, out);
  if (post.rating) {
    AppendKey("rating", out);
    AppendNumber(*post.rating, out);
  }
  AppendMetrics(post.metrics, out);
  AppendSentiment(a.sentiment, o.model_name, out);
  AppendStringArray("mentions", a.mentions, out);
  AppendStringArray("hashtags", a.hashtags, out);
  if (o.extra && !post.extra.empty()) {
    out->append(",\"extra\":{");
    for (size_t i = 0; i < post.extra.size(); ++i) {
      if (i) out->push_back(',');
      AppendJsonString(post.extra[i].first, out);
      out->push_back(':');
      AppendJsonString(post.extra[i].second, out);
    }
    out->push_back('}');
  }
  out->append("}\n");
}

void AppendJoined(const std::vector<std::string>& values, std::string* out) {
  std::string joined;
  for (const auto& v : values) {
    if (!joined.empty()) joined.push_back(' ');
    joined += v;
  }
  AppendCsvField(joined, out);
}

void AppendCsvRecord(const Post& post, const Analysis& a, std::string* out) {
  for (const std::string* field : {&post.source, &post.id, &post.author, &post.author_name,
                                   &post.thread, &post.parent}) {
    AppendCsvField(*field, out);
    out->push_back(',');
  }
  AppendTimestamp(post.created_at_ms, out);
  out->push_back(',');
  out->append(SentimentLabelName(a.sentiment.label));
  out->push_back(',');
  AppendNumber(a.sentiment.score, out);
  out->push_back(',');
  AppendJoined(a.mentions, out);
  out->push_back(',');
  AppendJoined(a.hashtags, out);
  out->push_back(',');
  AppendCsvField(post.text, out);
  out->append("\r\n");
}

}  // namespace

StatusOr<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "ndjson" || name == "jsonl" || name == "json") return OutputFormat::kNdjson;
  if (name == "csv") return OutputFormat::kCsv;
  return InvalidArgumentError("unknown output format '" + std::string(name) +
                              "': use ndjson or csv");
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the current run of bytes that need no escaping
  for (size_t i = SkipPlainJson(s, 0); i < s.size(); i = SkipPlainJson(s, i + 1)) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string OutputHeader(const OutputOptions& options) {
  if (options.format != OutputFormat::kCsv) return "";
  return "source,id,author,author_name,thread,parent,created_at,sentiment,score,mentions,"
         "hashtags,text\r\n";
}

void AppendRecord(const Post& post, const Analysis& analysis, const OutputOptions& options,
                  std::string* out) {
  if (options.format == OutputFormat::kCsv) {
    AppendCsvRecord(post, analysis, out);
  } else {
    AppendJsonRecord(post, analysis, options, out);
  }
}

}  // namespace parley
