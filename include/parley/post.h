// The post model: one record per message, whatever its source.
//
// Identity is (source, id): ingesting the same export twice yields the same
// posts. Times are UTC milliseconds since the Unix epoch. Fields a source does
// not have stay empty (strings) or absent (optionals). Columns that the field
// map does not assign are kept, as strings, in `extra`, so nothing is lost.
#ifndef PARLEY_POST_H_
#define PARLEY_POST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley {

// Engagement and reach counters a source may carry.
struct Metrics {
  std::optional<int64_t> likes;
  std::optional<int64_t> shares;     // retweets, reposts
  std::optional<int64_t> replies;
  std::optional<int64_t> followers;  // the author's audience when posted
  std::optional<int64_t> views;

  void Clear() { *this = Metrics(); }
};

struct Post {
  std::string source;       // "twitter", "reviews", or the input file's stem
  std::string id;           // unique within source
  std::string author;       // stable handle or user id
  std::string author_name;  // display name, may be empty
  std::string thread;       // conversation id, may be empty
  std::string parent;       // id of the post this replies to, may be empty
  int64_t created_at_ms = 0;  // UTC
  // False for a post read from an input without a time column (`parley
  // analyze` and `train` accept those; the store does not): created_at_ms is
  // then meaningless and output leaves the time out.
  bool has_time = true;
  std::string text;
  std::string lang;         // BCP-47 tag if the source gives one
  std::optional<double> rating;  // e.g. review stars, as given
  Metrics metrics;
  std::vector<std::pair<std::string, std::string>> extra;  // unmapped columns

  // Resets every field while keeping string capacity, so a Post can be reused
  // record after record without allocating.
  void Clear();
};

}  // namespace parley

#endif  // PARLEY_POST_H_
