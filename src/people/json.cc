#include "src/people/json.h"

#include <fmt/format.h>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"

namespace parley::people {
namespace {

void Key(std::string_view k, std::string* out) {
  if (!out->empty() && out->back() != '{' && out->back() != '[') out->push_back(',');
  AppendJsonString(k, out);
  out->push_back(':');
}

void Str(std::string_view k, std::string_view v, std::string* out) {
  Key(k, out);
  AppendJsonString(v, out);
}

void Int(std::string_view k, int64_t v, std::string* out) {
  Key(k, out);
  fmt::format_to(std::back_inserter(*out), "{}", v);
}

void Num(std::string_view k, double v, std::string* out) {
  Key(k, out);
  fmt::format_to(std::back_inserter(*out), "{}", v);
}

void Bool(std::string_view k, bool v, std::string* out) {
  Key(k, out);
  out->append(v ? "true" : "false");
}

void Time(std::string_view k, int64_t ms, std::string* out) {
  Key(k, out);
  out->push_back('"');
  AppendTimestamp(ms, out);
  out->push_back('"');
}

void Strings(std::string_view k, const std::vector<std::string>& v, std::string* out) {
  Key(k, out);
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(v[i], out);
  }
  out->push_back(']');
}

template <typename T>
void Array(std::string_view k, const std::vector<T>& v, std::string* out) {
  Key(k, out);
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out->push_back(',');
    AppendJson(v[i], out);
  }
  out->push_back(']');
}

void Counts(std::string_view k, const std::vector<KeyCount>& v, std::string* out) {
  Key(k, out);
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out->push_back(',');
    out->push_back('{');
    Str("key", v[i].key, out);
    Int("n", v[i].n, out);
    out->push_back('}');
  }
  out->push_back(']');
}

void Terms(const PriorityTerms& t, std::string* out) {
  Key("terms", out);
  out->push_back('{');
  Num("influence", t.influence, out);
  Num("reach", t.reach, out);
  Num("recency", t.recency, out);
  Num("spread", t.spread, out);
  Num("severity", t.severity, out);
  out->push_back('}');
}

void Point(const SentimentPoint& p, std::string* out) {
  out->push_back('{');
  Time("bucket_start", p.bucket_start_ms, out);
  Int("n", p.n, out);
  Int("negative", p.negative, out);
  Int("neutral", p.neutral, out);
  Int("positive", p.positive, out);
  Num("mean_score", p.mean_score, out);
  out->push_back('}');
}

}  // namespace

void AppendJson(const PostView& p, std::string* out) {
  out->push_back('{');
  Str("source", p.source, out);
  Str("id", p.id, out);
  Str("author", p.author, out);
  if (!p.author_name.empty()) Str("author_name", p.author_name, out);
  if (!p.thread.empty()) Str("thread", p.thread, out);
  if (!p.parent.empty()) Str("parent", p.parent, out);
  Time("created_at", p.created_at_ms, out);
  Str("text", p.text, out);
  Key("sentiment", out);
  out->push_back('{');
  Str("label", SentimentLabelName(p.label), out);
  Num("score", p.score, out);
  out->push_back('}');
  Strings("brands", p.brands, out);
  Strings("topics", p.topics, out);
  Strings("intents", p.intents, out);
  Strings("mentions", p.mentions, out);
  Int("likes", p.likes, out);
  Int("shares", p.shares, out);
  Int("replies", p.replies, out);
  if (p.followers) Int("followers", *p.followers, out);
  out->push_back('}');
}

void AppendJson(const AuthorInfluence& r, std::string* out) {
  out->push_back('{');
  Int("rank", r.rank, out);
  Str("source", r.source, out);
  Str("handle", r.handle, out);
  Num("score", r.score, out);
  Num("percentile", r.percentile, out);
  Num("pagerank", r.pagerank, out);
  Int("reach", r.reach, out);
  Num("engagement", r.engagement, out);
  Int("replies_received", r.replies_received, out);
  Int("mentions_received", r.mentions_received, out);
  Int("shares_received", r.shares_received, out);
  out->push_back('}');
}

void AppendJson(const InfluenceRanking& r, std::string* out) {
  out->push_back('{');
  Int("data_version", r.data_version, out);
  Bool("computed_now", r.computed_now, out);
  Int("authors", r.authors, out);
  Int("edges", r.edges, out);
  Array("influencers", r.rows, out);
  out->push_back('}');
}

void AppendJson(const ThreadNode& n, std::string* out) {
  out->push_back('{');
  Key("post", out);
  AppendJson(n.post, out);
  Int("depth", n.depth, out);
  if (!n.reply_to.empty()) Str("reply_to", n.reply_to, out);
  Bool("orphan", n.orphan, out);
  Bool("cycle", n.cycle, out);
  Bool("by_marker", n.by_marker, out);
  Int("replies", n.replies, out);
  out->push_back('}');
}

void AppendJson(const Thread& t, std::string* out) {
  out->push_back('{');
  Str("source", t.source, out);
  Str("thread_id", t.thread_id, out);
  Str("order", ThreadOrderName(t.order), out);
  Int("participants", t.participants, out);
  Time("first", t.first_ms, out);
  Time("last", t.last_ms, out);
  Array("posts", t.posts, out);
  out->push_back('}');
}

void AppendJson(const QueueItem& item, std::string* out) {
  out->push_back('{');
  Num("priority", item.priority, out);
  Terms(item.terms, out);
  Num("influence_percentile", item.influence_percentile, out);
  Int("replies_from_others", item.replies_from_others, out);
  Str("thread_id", item.thread_id, out);
  Strings("brands", item.brands, out);
  Strings("reasons", item.reasons, out);
  Bool("handled", item.handled, out);
  Key("post", out);
  AppendJson(item.post, out);
  out->push_back('}');
}

void AppendJson(const CareQueue& q, std::string* out) {
  out->push_back('{');
  Time("now", q.now_ms, out);
  Int("total", q.total, out);
  Int("handled", q.handled, out);
  Array("items", q.items, out);
  out->push_back('}');
}

void AppendJson(const AuthorProfile& p, std::string* out) {
  out->push_back('{');
  Str("handle", p.handle, out);
  if (!p.name.empty()) Str("name", p.name, out);
  Strings("sources", p.sources, out);
  Time("first_seen", p.first_seen_ms, out);
  Time("last_seen", p.last_seen_ms, out);
  Int("posts", p.posts, out);
  Key("sentiment", out);
  out->push_back('{');
  Int("negative", p.negative, out);
  Int("neutral", p.neutral, out);
  Int("positive", p.positive, out);
  Num("mean_score", p.mean_score, out);
  out->push_back('}');
  if (p.followers) Int("followers", *p.followers, out);
  Str("granularity", GranularityName(p.granularity), out);
  Key("trajectory", out);
  out->push_back('[');
  for (size_t i = 0; i < p.trajectory.size(); ++i) {
    if (i) out->push_back(',');
    Point(p.trajectory[i], out);
  }
  out->push_back(']');
  Counts("topics", p.topics, out);
  Counts("brands", p.brands, out);
  Counts("intents", p.intents, out);
  Counts("mentions", p.mentions, out);
  if (p.influence) {
    Key("influence", out);
    AppendJson(*p.influence, out);
  }
  Array("open_complaints", p.open_complaints, out);
  Array("recent", p.recent, out);
  out->push_back('}');
}

}  // namespace parley::people
