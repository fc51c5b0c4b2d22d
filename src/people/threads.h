// Conversation threads: the posts of one thread as a tree, read newest
// first, oldest first or in tree order.
//
// Tree rules (BuildThreadTree):
//   - a post's parent is the post named by its parent id when that post is
//     in the thread;
//   - a post with no parent id whose text starts with a reply marker "@x"
//     (LeadingMention) hangs under the latest earlier post by x in the
//     thread, when there is one;
//   - a post whose parent id names a post that is not stored is an orphan:
//     it becomes a top-level node marked `orphan`;
//   - parent links that form a cycle are cut at the cycle's oldest post,
//     which becomes top-level (marked `cycle`);
//   - top-level nodes and siblings are in time order (ties by id).
//
// A thread is its stored thread id; a post without one belongs to its
// parent's thread (so a chain of parent ids is a thread, and a reply stored
// without an id is in the thread of the post it replies to), and a root
// without one to the thread named by its own id (a Reddit submission, whose
// comments name it as their thread). A thread is
// found from its id or any of its posts (ThreadQuery::id), the same from
// each: the posts that share its thread id, the chain of parents above the
// post asked for, and every reply below them that has no other thread id.
//
// Thread safety: BuildThreadTree is pure; GetThread uses the given Store.
#ifndef PARLEY_PEOPLE_THREADS_H_
#define PARLEY_PEOPLE_THREADS_H_

#include <optional>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/people/post_view.h"
#include "src/storage/store.h"

namespace parley::people {

enum class ThreadOrder { kNewest, kOldest, kTree };
const char* ThreadOrderName(ThreadOrder order);
// "newest", "oldest" or "tree"; InvalidArgument otherwise.
StatusOr<ThreadOrder> ParseThreadOrder(std::string_view name);

struct ThreadNode {
  PostView post;
  int depth = 0;           // 0 for top-level posts
  std::string reply_to;    // the id of the post it hangs under; empty at top level
  bool orphan = false;     // its parent id names a post not in the store
  bool cycle = false;      // cut out of a parent cycle
  bool by_marker = false;  // placed by a reply marker, not a parent id
  int64_t replies = 0;     // direct replies in the thread
};

struct Thread {
  std::string source, thread_id;  // thread_id: the stored id, else the root post's id
  ThreadOrder order = ThreadOrder::kTree;
  std::vector<ThreadNode> posts;  // in `order`; kTree: depth-first, parents first
  int64_t participants = 0;       // distinct authors
  int64_t first_ms = 0, last_ms = 0;
  bool cut = false;  // more posts than ThreadQuery::max_posts: some are left out
};

// Arranges `posts` (any order, one thread) into nodes in `order` (the file
// comment gives the rules).
std::vector<ThreadNode> BuildThreadTree(std::vector<PostView> posts, ThreadOrder order);

struct ThreadQuery {
  std::string source;  // empty: any source (the first match by source)
  std::string id;      // a thread id or the id of any post in the thread
  ThreadOrder order = ThreadOrder::kTree;
  int64_t max_posts = 10000;  // a thread larger than this is cut (newest kept)
};

// The thread, or nullopt when no post or thread has that id.
StatusOr<std::optional<Thread>> GetThread(Store& store, const ThreadQuery& query);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_THREADS_H_
