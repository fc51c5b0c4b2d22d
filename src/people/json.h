// JSON renderings of the people views, shared by the CLI (`--format json`)
// and the HTTP server. Each function appends one JSON object (no newline) to
// `out`; NDJSON lists are one object per line. Times are ISO-8601 UTC
// strings, absent optionals are left out.
//
// Thread safety: pure functions.
#ifndef PARLEY_PEOPLE_JSON_H_
#define PARLEY_PEOPLE_JSON_H_

#include <string>

#include "src/people/authors.h"
#include "src/people/influence.h"
#include "src/people/post_view.h"
#include "src/people/queue.h"
#include "src/people/threads.h"

namespace parley::people {

// {"source","id","author","author_name","thread","parent","created_at","text",
//  "sentiment":{"label","score"},"brands","topics","intents","mentions",
//  "likes","shares","replies","followers"}
void AppendJson(const PostView& post, std::string* out);
// {"rank","source","handle","score","percentile","pagerank","reach","engagement",
//  "replies_received","mentions_received","shares_received"}
void AppendJson(const AuthorInfluence& row, std::string* out);
// {"data_version","computed_now","authors","edges","influencers":[...]}
void AppendJson(const InfluenceRanking& ranking, std::string* out);
// {"post":{...},"depth","reply_to","orphan","cycle","by_marker","replies"}
void AppendJson(const ThreadNode& node, std::string* out);
// {"source","thread_id","order","participants","first","last","posts":[...]}
void AppendJson(const Thread& thread, std::string* out);
// {"priority","terms":{...},"influence_percentile","replies_from_others",
//  "thread_id","brands","reasons":[...],"handled","post":{...}}
void AppendJson(const QueueItem& item, std::string* out);
// {"now","total","handled","items":[...]}
void AppendJson(const CareQueue& queue, std::string* out);
// {"handle","name","sources","first_seen","last_seen","posts","sentiment":{...},
//  "followers","granularity","trajectory":[...],"topics":[{"key","n"}],"brands",
//  "intents","mentions","influence":{...},"open_complaints":[...],"recent":[...]}
void AppendJson(const AuthorProfile& profile, std::string* out);

// Conveniences: the object as a string.
template <typename T>
std::string ToJson(const T& value) {
  std::string out;
  AppendJson(value, &out);
  return out;
}

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_JSON_H_
