#include "parley/post.h"

namespace parley {
namespace {

// Out of line: most inputs have no unmapped columns, and the loop over the
// pairs, in line, made Clear() (once a post) save and restore registers.
[[gnu::noinline]] void ClearExtra(std::vector<std::pair<std::string, std::string>>* extra) {
  extra->clear();
}

}  // namespace

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
  if (!extra.empty()) ClearExtra(&extra);
}

}  // namespace parley
