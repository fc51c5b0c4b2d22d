// libFuzzer target for conversation threads (src/people): share and reply
// markers, and the tree built from parent ids and markers. The input is read
// as a list of posts (unique ids, as in a store) whose parents and authors
// come from small alphabets, so that cycles, orphans, self-replies and
// marker chains are common. On any
// input, every post must appear exactly once in every order, depths must
// follow the tree (a node's parent comes before it in tree order, one level
// up), and oldest/newest orders must be sorted by time.
//
//   thread_tree_fuzzer fuzz/corpus/thread_tree_fuzzer -max_total_time=60
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/people/links.h"
#include "src/people/threads.h"

namespace {

using parley::people::PostView;
using parley::people::ThreadNode;
using parley::people::ThreadOrder;

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "thread invariant broken: %s\n", what);
  std::abort();
}

// Consumes bytes from the front of the input.
class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data) {}
  bool empty() const { return data_.empty(); }
  uint8_t Next() {
    if (data_.empty()) return 0;
    uint8_t b = static_cast<uint8_t>(data_[0]);
    data_.remove_prefix(1);
    return b;
  }
  std::string_view Take(size_t n) {
    n = std::min(n, data_.size());
    std::string_view s = data_.substr(0, n);
    data_.remove_prefix(n);
    return s;
  }

 private:
  std::string_view data_;
};

std::vector<PostView> ReadPosts(Bytes* in) {
  std::vector<PostView> posts;
  while (!in->empty() && posts.size() < 64) {
    const uint8_t a = in->Next(), b = in->Next(), c = in->Next();
    PostView p;
    p.source = "s";
    p.id = "p" + std::to_string(posts.size());
    // Parents past the posts read so far may still come; past 64, never (orphans).
    if (b & 1) p.parent = "p" + std::to_string((b >> 1) % 72);
    if (a & 1) p.thread = "t";
    p.author = std::string(1, static_cast<char>('A' + c % 6));
    p.created_at_ms = static_cast<int64_t>(in->Next() % 8) * 1000;
    p.text = std::string(in->Take(in->Next() % 24));
    posts.push_back(std::move(p));
  }
  return posts;
}

void CheckOrder(const std::vector<PostView>& posts, const std::vector<ThreadNode>& nodes,
                ThreadOrder order) {
  Require(nodes.size() == posts.size(), "a post is lost or doubled");
  std::map<std::string, int> seen;
  for (const PostView& p : posts) --seen[p.id];
  for (const ThreadNode& n : nodes) ++seen[n.post.id];
  for (const auto& [id, count] : seen) Require(count == 0, "a post is lost or doubled");
  for (size_t i = 1; i < nodes.size(); ++i) {
    const int64_t before = nodes[i - 1].post.created_at_ms, now = nodes[i].post.created_at_ms;
    if (order == ThreadOrder::kOldest) Require(before <= now, "oldest order is not sorted");
    if (order == ThreadOrder::kNewest) Require(before >= now, "newest order is not sorted");
  }
  if (order != ThreadOrder::kTree) return;
  std::vector<const ThreadNode*> path;  // the ancestors of the current node
  for (const ThreadNode& n : nodes) {
    Require(n.depth >= 0 && static_cast<size_t>(n.depth) <= path.size(), "depth jumps");
    path.resize(n.depth);
    if (n.depth == 0) Require(n.reply_to.empty(), "a top-level post replies to something");
    if (n.depth > 0) Require(path.back()->post.id == n.reply_to, "a reply is not under its parent");
    path.push_back(&n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The share and marker rules on the raw bytes: what they return is inside the text.
  for (std::string_view handle : {parley::people::SharedHandle(text),
                                  parley::people::LeadingMention(text)}) {
    Require(handle.empty() || (handle.data() >= text.data() &&
                               handle.data() + handle.size() <= text.data() + text.size()),
            "a handle points outside the text");
  }
  const std::string normal = parley::people::NormalizeHandle(text);
  Require(parley::people::NormalizeHandle(normal) == normal, "NormalizeHandle is not idempotent");
  Bytes in(text);
  std::vector<PostView> posts = ReadPosts(&in);
  for (ThreadOrder order : {ThreadOrder::kTree, ThreadOrder::kOldest, ThreadOrder::kNewest}) {
    CheckOrder(posts, parley::people::BuildThreadTree(posts, order), order);
  }
  return 0;
}
