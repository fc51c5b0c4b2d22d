#include "src/people/care_scan.h"

#include <algorithm>

#include "src/core/ascii.h"
#include "src/ingest/post_builder.h"
#include "src/people/links.h"

namespace parley::people::internal {

bool NeedsAnswer(const std::vector<std::string>& intents, SentimentLabel label) {
  if (label == SentimentLabel::kNegative) return true;
  for (const std::string& i : intents) {
    if (i == "complaint" || i == "churn" || i == "question") return true;
  }
  return false;
}

bool RepliedInRecord(const Post& p) {
  static constexpr std::string_view kReplies[] = {"replycontent", "replytext", "reviewreply",
                                                  "companyreply"};
  for (const auto& [column, value] : p.extra) {
    const std::string key = AsciiLower(std::string_view(column).substr(0, column.find('.')));
    if (std::find(std::begin(kReplies), std::end(kReplies), key) == std::end(kReplies)) continue;
    const std::string_view v = TrimAscii(value);
    if (!v.empty() && v != "null" && v != "{}") return true;
  }
  return false;
}

std::string CareScan::PostKey(std::string_view source, std::string_view id) {
  std::string k(source);
  k.push_back('\x1f');
  k += id;
  return k;
}

// A thread is its stored id; without one, its parent's thread (a parent not
// seen stands for its thread): a reply whose thread cell is empty belongs
// to the thread of the post it replies to, stored id or not. A root with no
// thread id is the thread named by its own id, which its replies may carry
// as theirs (a Reddit submission's comments), as in GetThread().
CareScan::ThreadState& CareScan::ThreadOf(const Post& p, bool* created) {
  std::string key, shown;
  if (!p.thread.empty()) {
    key = PostKey(p.source, "t:" + p.thread);
    shown = p.thread;
  } else if (p.parent.empty()) {
    key = PostKey(p.source, "t:" + p.id);
    shown = p.id;
  } else {
    auto it = thread_of_post_.find(PostKey(p.source, p.parent));
    key = it != thread_of_post_.end() ? it->second : PostKey(p.source, "p:" + p.parent);
    shown = p.parent;
  }
  thread_of_post_.emplace(PostKey(p.source, p.id), key);
  auto [it, inserted] = threads_.try_emplace(std::move(key));
  if (inserted) it->second.id = std::move(shown);
  *created = inserted;
  return it->second;
}

// The brands a post waits for: its own; its thread's when it is the thread
// starter following up; and the brand it talks to in the brand's own
// conversation: a reply to a post by one of the brand's accounts, or any
// post in a thread that such an account began (the comments under a
// brand's own post, on its page or channel, rarely name it). A reply
// between other customers elsewhere names no brand of its own and waits for
// nobody (it counts as the thread's spread).
std::vector<std::string> CareScan::AwaitedBrands(const Post& p, const Analysis& a,
                                                 const ThreadState& t) const {
  std::vector<std::string> out;
  auto consider = [&](const std::string& b) {
    if (!accounts_.Find(b)) return;  // no accounts: nobody to answer
    if (!brands_.empty() && std::find(brands_.begin(), brands_.end(), b) == brands_.end()) return;
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  };
  for (const std::string& b : a.brands) consider(b);
  if (p.author == t.root_author) {
    for (const std::string& b : t.root_brands) consider(b);
  }
  if (!p.parent.empty()) {
    auto it = brand_posts_.find(PostKey(p.source, p.parent));
    if (it != brand_posts_.end()) consider(it->second);
  }
  if (!t.started_by.empty()) consider(t.started_by);
  return out;
}

void CareScan::Add(const StoredPost& sp) {
  const Post& p = sp.post;
  bool first = false;
  ThreadState& t = ThreadOf(p, &first);
  if (first) {
    t.root_brands = sp.analysis.brands;
    t.root_author = p.author;
  }
  if (const BrandAccounts* own = accounts_.BrandOf(p.author)) {
    if (first) t.started_by = own->brand;
    brand_posts_.emplace(PostKey(p.source, p.id), own->brand);
    std::erase_if(t.open, [&](size_t i) {
      const std::vector<std::string>& b = pending_[i].brands;
      // A brand answers the posts about it, and any post it replies to
      // directly (the taxonomy may have missed whom that post was about).
      bool answers = std::find(b.begin(), b.end(), own->brand) != b.end() ||
                     (!p.parent.empty() && pending_[i].post.id == p.parent);
      if (answers && !answered_[i]) {
        answered_[i] = true;
        answered_at_[i] = p.created_at_ms;
      }
      return answers;
    });
    return;
  }
  for (size_t i : t.open) {
    if (pending_[i].post.author != p.author) ++pending_[i].replies_from_others;
  }
  if (p.created_at_ms < from_ms_ || p.created_at_ms >= to_ms_) return;
  if (!QuotedAuthor(p).empty()) return;  // a share spreads a post; it asks nothing itself
  if (!NeedsAnswer(sp.analysis.intents, sp.analysis.sentiment.label)) return;
  std::vector<std::string> brands = AwaitedBrands(p, sp.analysis, t);
  if (brands.empty()) return;
  if (RepliedInRecord(p)) {  // a review the business answered beside it
    in_record_.push_back(
        {PostKey(p.source, p.id), std::move(brands), p.created_at_ms, std::nullopt, true});
    return;
  }
  t.open.push_back(pending_.size());
  pending_.push_back({ToPostView(sp), t.id, std::move(brands), 0, false});
  answered_.push_back(false);
  answered_at_.push_back(0);
}

std::vector<Outcome> CareScan::Outcomes() const {
  std::vector<Outcome> out = in_record_;
  for (size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    out.push_back({PostKey(p.post.source, p.post.id), p.brands, p.post.created_at_ms,
                   answered_[i] ? std::optional<int64_t>(answered_at_[i]) : std::nullopt, false});
  }
  return out;
}

std::vector<Pending> CareScan::Take(const std::unordered_set<std::string>& handled,
                                    bool include_handled, int64_t* handled_count) {
  std::vector<Pending> out;
  for (auto& [key, t] : threads_) {
    for (size_t i : t.open) {
      Pending& p = pending_[i];
      p.handled = handled.count(PostKey(p.post.source, p.post.id)) > 0;
      if (p.handled) ++*handled_count;
      if (p.handled && !include_handled) continue;
      out.push_back(std::move(p));
      if (!out.back().handled) break;  // one item per thread
    }
  }
  std::sort(out.begin(), out.end(), [](const Pending& a, const Pending& b) {
    return a.post.created_at_ms != b.post.created_at_ms
               ? a.post.created_at_ms < b.post.created_at_ms
               : a.post.id < b.post.id;
  });
  return out;
}

}  // namespace parley::people::internal
