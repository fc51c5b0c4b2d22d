// JSON renderings of the people views, shared by the CLI (`--format json`)
// and the HTTP server. Each Write() writes one JSON object as the next value
// of `w`; ToJson() returns it as a string (no newline), and NDJSON lists are
// one such object per line. Times are ISO-8601 UTC strings, absent optionals
// are left out, numbers have six significant digits and a non-finite one is
// null (JsonWriter's rules).
//
// Thread safety: pure functions.
#ifndef PARLEY_PEOPLE_JSON_H_
#define PARLEY_PEOPLE_JSON_H_

#include <string>
#include <vector>

#include "src/analyze/json_writer.h"
#include "src/people/authors.h"
#include "src/people/influence.h"
#include "src/people/post_view.h"
#include "src/people/queue.h"
#include "src/people/threads.h"

namespace parley::people {

// {"source","id","author","author_name","thread","parent","created_at","text",
//  "sentiment":{"label","score"},"brands","topics","intents","mentions",
//  "likes","shares","replies","followers"}
void Write(const PostView& post, JsonWriter* w);
// {"rank","source","handle","score","percentile","pagerank","reach","engagement",
//  "replies_received","mentions_received","shares_received"}
void Write(const AuthorInfluence& row, JsonWriter* w);
// {"data_version","computed_now","authors","edges","influencers":[...]}
void Write(const InfluenceRanking& ranking, JsonWriter* w);
// {"post":{...},"depth","reply_to","orphan","cycle","by_marker","replies"}
void Write(const ThreadNode& node, JsonWriter* w);
// {"source","thread_id","order","participants","first","last","posts":[...]}
void Write(const Thread& thread, JsonWriter* w);
// {"priority","terms":{...},"influence_percentile","replies_from_others",
//  "thread_id","brands","reasons":[...],"handled","post":{...}}
void Write(const QueueItem& item, JsonWriter* w);
// {"now","total","handled","items":[...]}
void Write(const CareQueue& queue, JsonWriter* w);
// {"handle","name","sources","first_seen","last_seen","posts","sentiment":{...},
//  "followers","granularity","trajectory":[...],"topics":[{"key","n"}],"brands",
//  "intents","mentions","influence":{...},"open_complaints":[...],"recent":[...]}
void Write(const AuthorProfile& profile, JsonWriter* w);

// The object as a string.
template <typename T>
std::string ToJson(const T& value) {
  JsonWriter w;
  Write(value, &w);
  return w.Take();
}

// The objects as NDJSON: one per line.
template <typename T>
std::string ToNdjson(const std::vector<T>& values) {
  std::string out;
  for (const T& value : values) {
    out += ToJson(value);
    out.push_back('\n');
  }
  return out;
}

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_JSON_H_
