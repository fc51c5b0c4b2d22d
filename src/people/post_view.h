// PostView: a post as the people views show it (threads, authors, the care
// queue): identity, author, place in a thread, text and its analysis.
//
// Thread safety: a plain value.
#ifndef PARLEY_PEOPLE_POST_VIEW_H_
#define PARLEY_PEOPLE_POST_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "src/storage/store.h"

namespace parley::people {

struct PostView {
  std::string source, id, author, author_name;
  std::string thread, parent;  // as stored; may be empty
  int64_t created_at_ms = 0;
  std::string text;
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0;
  std::vector<std::string> brands, topics, intents, mentions;
  std::vector<Aspect> aspects;
  std::vector<Price> prices;
  int64_t likes = 0, shares = 0, replies = 0;
  std::optional<int64_t> followers;  // when the source gives it
};

PostView ToPostView(const StoredPost& stored);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_POST_VIEW_H_
