#include "src/people/post_view.h"

namespace parley::people {

PostView ToPostView(const StoredPost& stored) {
  const Post& p = stored.post;
  const Analysis& a = stored.analysis;
  PostView v;
  v.source = p.source;
  v.id = p.id;
  v.author = p.author;
  v.author_name = p.author_name;
  v.thread = p.thread;
  v.parent = p.parent;
  v.created_at_ms = p.created_at_ms;
  v.text = p.text;
  v.label = a.sentiment.label;
  v.score = a.sentiment.score;
  v.brands = a.brands;
  v.topics = a.topics;
  v.intents = a.intents;
  v.aspects = a.aspects;
  v.prices = a.prices;
  v.mentions = a.mentions;
  v.likes = p.metrics.likes.value_or(0);
  v.shares = p.metrics.shares.value_or(0);
  v.replies = p.metrics.replies.value_or(0);
  v.followers = p.metrics.followers;
  return v;
}

}  // namespace parley::people
