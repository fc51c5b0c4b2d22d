#include "src/people/threads.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "src/people/links.h"

namespace parley::people {

const char* ThreadOrderName(ThreadOrder order) {
  switch (order) {
    case ThreadOrder::kNewest:
      return "newest";
    case ThreadOrder::kOldest:
      return "oldest";
    case ThreadOrder::kTree:
      return "tree";
  }
  return "?";
}

StatusOr<ThreadOrder> ParseThreadOrder(std::string_view name) {
  if (name == "newest") return ThreadOrder::kNewest;
  if (name == "oldest") return ThreadOrder::kOldest;
  if (name == "tree") return ThreadOrder::kTree;
  return InvalidArgumentError("unknown thread order '" + std::string(name) +
                              "' (expected newest, oldest or tree)");
}

namespace {

constexpr int64_t kNone = -1;

// The index of the latest post before `i` by `handle` (normalized); kNone.
int64_t LatestBy(const std::vector<ThreadNode>& nodes, size_t i, const std::string& handle) {
  for (size_t j = i; j-- > 0;) {
    if (NormalizeHandle(nodes[j].post.author) == handle) return static_cast<int64_t>(j);
  }
  return kNone;
}

// Parent indexes from parent ids and reply markers; marks orphans.
std::vector<int64_t> LinkParents(std::vector<ThreadNode>& nodes) {
  std::unordered_map<std::string_view, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index.emplace(nodes[i].post.id, i);
  std::vector<int64_t> parent(nodes.size(), kNone);
  for (size_t i = 0; i < nodes.size(); ++i) {
    ThreadNode& n = nodes[i];
    if (!n.post.parent.empty()) {
      auto it = index.find(n.post.parent);
      if (it == index.end() || it->second == i) {
        n.orphan = it == index.end();
      } else {
        parent[i] = static_cast<int64_t>(it->second);
      }
      continue;
    }
    std::string_view marker = LeadingMention(n.post.text);
    if (marker.empty() || i == 0) continue;
    parent[i] = LatestBy(nodes, i, NormalizeHandle(marker));
    n.by_marker = parent[i] != kNone;
  }
  return parent;
}

// Cuts every cycle of parent links at its oldest post (the smallest index:
// nodes are in time order).
void CutCycles(std::vector<ThreadNode>& nodes, std::vector<int64_t>& parent) {
  enum : char { kNew, kOnPath, kDone };
  std::vector<char> state(nodes.size(), kNew);
  std::vector<size_t> path;
  for (size_t start = 0; start < nodes.size(); ++start) {
    path.clear();
    int64_t at = static_cast<int64_t>(start);
    while (at != kNone && state[at] == kNew) {
      state[at] = kOnPath;
      path.push_back(static_cast<size_t>(at));
      at = parent[at];
    }
    if (at != kNone && state[at] == kOnPath) {
      auto first = std::find(path.begin(), path.end(), static_cast<size_t>(at));
      size_t oldest = *std::min_element(first, path.end());
      parent[oldest] = kNone;
      nodes[oldest].cycle = true;
    }
    for (size_t p : path) state[p] = kDone;
  }
}

// Depth-first order from the top-level posts, children in time order.
std::vector<size_t> TreeOrder(std::vector<ThreadNode>& nodes, const std::vector<int64_t>& parent) {
  std::vector<std::vector<size_t>> children(nodes.size());
  std::vector<size_t> order, stack;
  for (size_t i = nodes.size(); i-- > 0;) {
    if (parent[i] == kNone) {
      stack.push_back(i);
    } else {
      children[parent[i]].push_back(i);  // newest first: the stack reverses them
    }
  }
  for (size_t i = 0; i < nodes.size(); ++i)
    nodes[i].replies = static_cast<int64_t>(children[i].size());
  while (!stack.empty()) {
    size_t i = stack.back();
    stack.pop_back();
    order.push_back(i);
    for (size_t c : children[i]) {
      nodes[c].depth = nodes[i].depth + 1;
      stack.push_back(c);
    }
  }
  return order;
}

}  // namespace

std::vector<ThreadNode> BuildThreadTree(std::vector<PostView> posts, ThreadOrder order) {
  std::sort(posts.begin(), posts.end(), [](const PostView& a, const PostView& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms < b.created_at_ms : a.id < b.id;
  });
  std::vector<ThreadNode> nodes(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) nodes[i].post = std::move(posts[i]);
  std::vector<int64_t> parent = LinkParents(nodes);
  CutCycles(nodes, parent);
  std::vector<size_t> tree = TreeOrder(nodes, parent);
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (parent[i] != kNone) nodes[i].reply_to = nodes[parent[i]].post.id;
  }
  std::vector<ThreadNode> out;
  out.reserve(nodes.size());
  if (order == ThreadOrder::kTree) {
    for (size_t i : tree) out.push_back(std::move(nodes[i]));
  } else {
    out = std::move(nodes);
    if (order == ThreadOrder::kNewest) std::reverse(out.begin(), out.end());
  }
  return out;
}

namespace {

// The stored post (source, id); with no source, the first source that has it.
StatusOr<std::optional<StoredPost>> FindPost(Store& store, const std::string& source,
                                             const std::string& id) {
  if (!source.empty()) return store.GetPost(source, id);
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> sources, store.Sources());
  for (const std::string& s : sources) {
    PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> p, store.GetPost(s, id));
    if (p) return p;
  }
  return std::optional<StoredPost>();
}

// Collects the posts of one thread, keyed by id.
class ThreadCollector {
 public:
  ThreadCollector(Store& store, std::string source, int64_t max_posts)
      : store_(store), source_(std::move(source)), max_posts_(max_posts) {}

  Status AddThread(const std::string& thread_id) {
    PostScan q;
    q.source = source_;
    q.thread = thread_id;
    q.newest_first = true;
    q.limit = max_posts_ + 1;  // one more than room: tells a cut thread
    return store_.ScanPosts(q, [&](const StoredPost& sp) { return Add(sp); });
  }
  // The chain of parents above `post`, through those collected already (a
  // reply's parent is in its thread, its root perhaps not: a Reddit
  // submission has no thread id of its own); a cycle stops at a post seen
  // before.
  Status AddAncestors(const StoredPost& post) {
    std::unordered_set<std::string> walked{post.post.id};
    std::string parent = post.post.parent;
    while (!parent.empty() && walked.insert(parent).second) {
      if (auto it = posts_.find(parent); it != posts_.end()) {
        parent = it->second.parent;
        continue;
      }
      PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> p, store_.GetPost(source_, parent));
      if (!p) break;
      PARLEY_RETURN_IF_ERROR(Add(*p));
      if (!posts_.count(parent)) break;  // no room: cut
      parent = p->post.parent;
    }
    return Status::OK();
  }
  // The thread `post` is in: its own thread id, else its nearest collected
  // ancestor's (a post without one is in its parent's thread); when no post
  // up the chain has one, the topmost collected post's id, as the replies of
  // a root stored without one (a Reddit submission's comments, a tweet's
  // replies by conversation_id) name it.
  std::string ThreadIdOf(const PostView& post) const {
    const PostView* p = &post;
    std::unordered_set<std::string_view> seen;  // stops at a parent cycle
    while (p->thread.empty() && !p->parent.empty() && seen.insert(p->id).second) {
      auto it = posts_.find(p->parent);
      if (it == posts_.end()) break;
      p = &it->second;
    }
    return p->thread.empty() ? p->id : p->thread;
  }
  // Every reply below the collected posts that belongs to the thread
  // `thread_id` (it has that id, or none: then its parent's), breadth first.
  Status AddReplies(const std::string& thread_id) {
    std::deque<std::string> todo;
    for (const auto& [id, _] : posts_) todo.push_back(id);
    while (!todo.empty() && !cut_) {
      PostScan q;
      q.source = source_;
      q.parent = todo.front();
      todo.pop_front();
      // With no room left, one reply more is enough to know the thread is cut.
      if (!Room()) q.limit = 1;
      PARLEY_RETURN_IF_ERROR(store_.ScanPosts(q, [&](const StoredPost& sp) -> Status {
        if (posts_.count(sp.post.id)) return Status::OK();
        if (!sp.post.thread.empty() && sp.post.thread != thread_id) return Status::OK();
        PARLEY_RETURN_IF_ERROR(Add(sp));
        if (posts_.count(sp.post.id)) todo.push_back(sp.post.id);
        return Status::OK();
      }));
    }
    return Status::OK();
  }
  // Keeps the post while there is room; a post left out marks the thread cut.
  Status Add(const StoredPost& sp) {
    if (posts_.count(sp.post.id)) return Status::OK();
    if (!Room()) {
      cut_ = true;
      return Status::OK();
    }
    posts_.try_emplace(sp.post.id, ToPostView(sp));
    return Status::OK();
  }
  bool Room() const { return static_cast<int64_t>(posts_.size()) < max_posts_; }
  bool cut() const { return cut_; }
  std::vector<PostView> Take() {
    std::vector<PostView> out;
    for (auto& [_, v] : posts_) out.push_back(std::move(v));
    return out;
  }
  bool empty() const { return posts_.empty(); }

 private:
  Store& store_;
  std::string source_;
  int64_t max_posts_;
  bool cut_ = false;
  std::unordered_map<std::string, PostView> posts_;
};

Thread MakeThread(std::string source, std::string thread_id, std::vector<PostView> posts,
                  ThreadOrder order) {
  Thread t;
  t.source = std::move(source);
  t.order = order;
  std::unordered_set<std::string> authors;
  t.first_ms = posts.empty() ? 0 : posts[0].created_at_ms;
  t.last_ms = t.first_ms;
  for (const PostView& p : posts) {
    authors.insert(p.author);
    t.first_ms = std::min(t.first_ms, p.created_at_ms);
    t.last_ms = std::max(t.last_ms, p.created_at_ms);
  }
  t.participants = static_cast<int64_t>(authors.size());
  t.posts = BuildThreadTree(std::move(posts), order);
  if (thread_id.empty()) {  // no stored id: the oldest top-level post names it
    const ThreadNode* root = nullptr;
    for (const ThreadNode& n : t.posts) {
      if (n.depth == 0 && (!root || n.post.created_at_ms < root->post.created_at_ms)) root = &n;
    }
    if (root) thread_id = root->post.id;
  }
  t.thread_id = std::move(thread_id);
  return t;
}

}  // namespace

StatusOr<std::optional<Thread>> GetThread(Store& store, const ThreadQuery& query) {
  PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> post, FindPost(store, query.source, query.id));
  std::string source = post ? post->post.source : query.source;
  ThreadCollector c(store, source, std::max<int64_t>(1, query.max_posts));
  std::string thread_id;
  if (!post) {
    thread_id = query.id;  // maybe a thread id that is no post's id
    PARLEY_RETURN_IF_ERROR(c.AddThread(thread_id));
    if (c.empty()) return std::optional<Thread>();
    PARLEY_RETURN_IF_ERROR(c.AddReplies(thread_id));
  } else {
    thread_id = post->post.thread;
    PARLEY_RETURN_IF_ERROR(c.Add(*post));
    if (!thread_id.empty()) PARLEY_RETURN_IF_ERROR(c.AddThread(thread_id));
    PARLEY_RETURN_IF_ERROR(c.AddAncestors(*post));
    // The same thread from any of its posts: a post without a thread id is
    // in its parent's thread, and replies without one are in the thread.
    if (thread_id.empty()) {
      thread_id = c.ThreadIdOf(ToPostView(*post));
      PARLEY_RETURN_IF_ERROR(c.AddThread(thread_id));
    }
    PARLEY_RETURN_IF_ERROR(c.AddReplies(thread_id));
  }
  const bool cut = c.cut();
  std::vector<PostView> posts = c.Take();
  if (source.empty() && !posts.empty()) source = posts[0].source;
  Thread t = MakeThread(source, thread_id, std::move(posts), query.order);
  t.cut = cut;
  return std::optional<Thread>(std::move(t));
}

}  // namespace parley::people
