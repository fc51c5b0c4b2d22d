#include "src/people/json.h"

#include "src/analyze/json_writer.h"

namespace parley::people {
namespace {

void Strings(std::string_view k, const std::vector<std::string>& v, JsonWriter* w) {
  w->Key(k).BeginArray();
  for (const std::string& s : v) w->String(s);
  w->EndArray();
}

template <typename T>
void Array(std::string_view k, const std::vector<T>& v, JsonWriter* w) {
  w->Key(k).BeginArray();
  for (const T& item : v) Write(item, w);
  w->EndArray();
}

void Counts(std::string_view k, const std::vector<KeyCount>& v, JsonWriter* w) {
  w->Key(k).BeginArray();
  for (const KeyCount& c : v) w->BeginObject().Key("key").String(c.key).Key("n").Int(c.n).EndObject();
  w->EndArray();
}

void Terms(const PriorityTerms& t, JsonWriter* w) {
  w->Key("terms").BeginObject();
  w->Key("influence").Double(t.influence);
  w->Key("reach").Double(t.reach);
  w->Key("recency").Double(t.recency);
  w->Key("spread").Double(t.spread);
  w->Key("severity").Double(t.severity);
  w->EndObject();
}

// A share with its interval: {"estimate","low","high"}, as the API's shares.
void ShareOf(const char* key, const Interval& share, JsonWriter* w) {
  w->Key(key).BeginObject();
  w->Key("estimate").Double(share.estimate);
  w->Key("low").Double(share.low);
  w->Key("high").Double(share.high);
  w->EndObject();
}

void Point(const SentimentPoint& p, JsonWriter* w) {
  w->BeginObject();
  w->Key("bucket_start").Time(p.bucket_start_ms);
  w->Key("n").Int(p.n);
  w->Key("negative").Int(p.negative);
  w->Key("neutral").Int(p.neutral);
  w->Key("positive").Int(p.positive);
  w->Key("mean_score").Double(p.mean_score);
  w->Key("mean_score_low").Double(p.mean_low);
  w->Key("mean_score_high").Double(p.mean_high);
  ShareOf("negative_share", p.negative_share, w);
  w->EndObject();
}

}  // namespace

void Write(const PostView& p, JsonWriter* w) {
  w->BeginObject();
  w->Key("source").String(p.source);
  w->Key("id").String(p.id);
  w->Key("author").String(p.author);
  if (!p.author_name.empty()) w->Key("author_name").String(p.author_name);
  if (!p.thread.empty()) w->Key("thread").String(p.thread);
  if (!p.parent.empty()) w->Key("parent").String(p.parent);
  w->Key("created_at").Time(p.created_at_ms);
  w->Key("text").String(p.text);
  w->Key("sentiment").BeginObject();
  w->Key("label").String(SentimentLabelName(p.label));
  w->Key("score").Double(p.score);
  w->EndObject();
  Strings("brands", p.brands, w);
  Strings("topics", p.topics, w);
  Strings("intents", p.intents, w);
  Strings("mentions", p.mentions, w);
  w->Key("aspects");
  AspectsValue(p.aspects, w);
  w->Key("prices");
  PricesValue(p.prices, w);
  w->Key("likes").Int(p.likes);
  w->Key("shares").Int(p.shares);
  w->Key("replies").Int(p.replies);
  if (p.followers) w->Key("followers").Int(*p.followers);
  w->EndObject();
}

void Write(const AuthorInfluence& r, JsonWriter* w) {
  w->BeginObject();
  w->Key("rank").Int(r.rank);
  w->Key("source").String(r.source);
  w->Key("handle").String(r.handle);
  w->Key("score").Double(r.score);
  w->Key("percentile").Double(r.percentile);
  w->Key("pagerank").Double(r.pagerank);
  w->Key("reach").Int(r.reach);
  w->Key("engagement").Double(r.engagement);
  w->Key("replies_received").Int(r.replies_received);
  w->Key("mentions_received").Int(r.mentions_received);
  w->Key("shares_received").Int(r.shares_received);
  w->EndObject();
}

void Write(const InfluenceRanking& r, JsonWriter* w) {
  w->BeginObject();
  w->Key("data_version").Int(r.data_version);
  w->Key("computed_now").Bool(r.computed_now);
  w->Key("authors").Int(r.authors);
  w->Key("edges").Int(r.edges);
  Array("influencers", r.rows, w);
  w->EndObject();
}

void Write(const ThreadNode& n, JsonWriter* w) {
  w->BeginObject();
  w->Key("post");
  Write(n.post, w);
  w->Key("depth").Int(n.depth);
  if (!n.reply_to.empty()) w->Key("reply_to").String(n.reply_to);
  w->Key("orphan").Bool(n.orphan);
  w->Key("cycle").Bool(n.cycle);
  w->Key("by_marker").Bool(n.by_marker);
  w->Key("replies").Int(n.replies);
  w->EndObject();
}

void Write(const Thread& t, JsonWriter* w) {
  w->BeginObject();
  w->Key("source").String(t.source);
  w->Key("thread_id").String(t.thread_id);
  w->Key("order").String(ThreadOrderName(t.order));
  w->Key("participants").Int(t.participants);
  w->Key("cut").Bool(t.cut);
  w->Key("first").Time(t.first_ms);
  w->Key("last").Time(t.last_ms);
  Array("posts", t.posts, w);
  w->EndObject();
}

void Write(const QueueItem& item, JsonWriter* w) {
  w->BeginObject();
  w->Key("priority").Double(item.priority);
  Terms(item.terms, w);
  w->Key("influence_percentile").Double(item.influence_percentile);
  w->Key("replies_from_others").Int(item.replies_from_others);
  w->Key("thread_id").String(item.thread_id);
  Strings("brands", item.brands, w);
  Strings("reasons", item.reasons, w);
  w->Key("handled").Bool(item.handled);
  w->Key("post");
  Write(item.post, w);
  w->EndObject();
}

void Write(const CareQueue& q, JsonWriter* w) {
  w->BeginObject();
  w->Key("now").Time(q.now_ms);
  w->Key("total").Int(q.total);
  w->Key("handled").Int(q.handled);
  Array("items", q.items, w);
  w->EndObject();
}

void Write(const AuthorProfile& p, JsonWriter* w) {
  w->BeginObject();
  w->Key("handle").String(p.handle);
  if (!p.name.empty()) w->Key("name").String(p.name);
  Strings("sources", p.sources, w);
  w->Key("first_seen").Time(p.first_seen_ms);
  w->Key("last_seen").Time(p.last_seen_ms);
  w->Key("posts").Int(p.posts);
  w->Key("sentiment").BeginObject();
  w->Key("negative").Int(p.negative);
  w->Key("neutral").Int(p.neutral);
  w->Key("positive").Int(p.positive);
  w->Key("mean_score").Double(p.mean_score);
  w->Key("mean_score_low").Double(p.mean_low);
  w->Key("mean_score_high").Double(p.mean_high);
  ShareOf("negative_share", p.negative_share, w);
  w->EndObject();
  if (p.followers) w->Key("followers").Int(*p.followers);
  w->Key("granularity").String(GranularityName(p.granularity));
  w->Key("trajectory").BeginArray();
  for (const SentimentPoint& point : p.trajectory) Point(point, w);
  w->EndArray();
  Counts("topics", p.topics, w);
  Counts("brands", p.brands, w);
  Counts("intents", p.intents, w);
  Counts("mentions", p.mentions, w);
  if (p.influence) {
    w->Key("influence");
    Write(*p.influence, w);
  }
  Array("open_complaints", p.open_complaints, w);
  Array("recent", p.recent, w);
  w->EndObject();
}

}  // namespace parley::people
