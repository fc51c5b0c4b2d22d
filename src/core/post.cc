#include "parley/post.h"

namespace parley {

void Post::Clear() {
  source.clear();
  id.clear();
  author.clear();
  author_name.clear();
  thread.clear();
  parent.clear();
  created_at_ms = 0;
  has_time = true;
  text.clear();
  lang.clear();
  rating.reset();
  metrics.Clear();
  // Keep the pairs' string buffers for reuse: shrink logically only.
  extra.clear();
}

}  // namespace parley
