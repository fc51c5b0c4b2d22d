#include "src/people/queue.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "src/people/care_scan.h"
#include "src/people/influence.h"
#include "src/people/links.h"
#include "src/storage/spans.h"

namespace parley::people {
namespace {

bool Has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

double IntentSeverity(const std::vector<std::string>& intents) {
  if (Has(intents, "churn")) return 1.0;
  if (Has(intents, "complaint")) return 0.9;
  if (Has(intents, "question")) return 0.6;
  return 0;
}

std::string Ordinal(int n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    suffix = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  }
  return std::to_string(n) + suffix;
}

std::string Age(double hours) {
  if (hours < 1) return fmt::format("{} min old", static_cast<int64_t>(std::max(0.0, hours * 60)));
  if (hours < 48) return fmt::format("{} h old", static_cast<int64_t>(hours));
  return fmt::format("{} d old", static_cast<int64_t>(hours / 24));
}

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

PriorityTerms ComputeTerms(const PriorityInputs& in, const PriorityWeights& w) {
  PriorityTerms t;
  t.influence = std::clamp(in.influence_percentile / 100, 0.0, 1.0);
  double followers = static_cast<double>(std::max<int64_t>(0, in.followers.value_or(0)));
  t.reach = std::min(1.0, std::log10(1 + followers) / 6);
  double half_life = w.recency_half_life_hours > 0 ? w.recency_half_life_hours : 12;
  t.recency = std::exp2(-std::max(0.0, in.age_hours) / half_life);
  double spread = static_cast<double>(in.replies_from_others + std::max<int64_t>(0, in.shares)) +
                  static_cast<double>(std::max<int64_t>(0, in.likes)) / 10;
  t.spread = std::min(1.0, std::log10(1 + spread) / 2);
  double negativity = in.label == SentimentLabel::kNegative ? std::clamp(-in.score, 0.0, 1.0) : 0;
  t.severity = std::max(IntentSeverity(in.intents), negativity);
  return t;
}

double Priority(const PriorityTerms& t, const PriorityWeights& w) {
  return 100 * (w.influence * t.influence + w.reach * t.reach + w.recency * t.recency +
                w.spread * t.spread + w.severity * t.severity);
}

std::vector<std::string> Reasons(const PriorityInputs& in, const PriorityTerms& t) {
  std::vector<std::string> out;
  for (const char* intent : {"churn", "complaint", "question"}) {
    if (Has(in.intents, intent)) out.push_back(std::string(intent) + " intent");
  }
  if (in.label == SentimentLabel::kNegative)
    out.push_back(fmt::format("negative {:.2f}", in.score));
  if (in.influence_percentile > 0) {
    out.push_back("author influence " +
                  Ordinal(static_cast<int>(std::floor(in.influence_percentile))) + " pct");
  }
  if (in.followers && *in.followers > 0) out.push_back(Thousands(*in.followers) + " followers");
  out.push_back(in.replies_from_others == 0
                    ? std::string("no brand answer")
                    : fmt::format("{} repl{} from others, no brand answer",
                                  Thousands(in.replies_from_others),
                                  in.replies_from_others == 1 ? "y" : "ies"));
  if (in.shares > 0) {
    out.push_back(fmt::format("{} share{}", Thousands(in.shares), in.shares == 1 ? "" : "s"));
  }
  out.push_back(Age(in.age_hours));
  (void)t;
  return out;
}

namespace {

// Every ranked author's influence percentile, read once: a queue can hold
// tens of thousands of items.
class Percentiles {
 public:
  void Add(const AuthorInfluence& r) { by_author_[Key(r.source, r.handle)] = r.percentile; }
  double Of(std::string_view source, std::string_view handle) const {
    auto it = by_author_.find(Key(source, handle));
    return it == by_author_.end() ? 0 : it->second;
  }

 private:
  static std::string Key(std::string_view source, std::string_view handle) {
    return internal::CareScan::PostKey(source, NormalizeHandle(handle));
  }
  std::unordered_map<std::string, double> by_author_;
};

// From the stored ranking, refreshed first when stale (a read-only store
// computes it without storing it, so this uses the rows in hand).
StatusOr<Percentiles> LoadPercentiles(Store& store) {
  InfluenceQuery iq;
  iq.limit = -1;
  PARLEY_ASSIGN_OR_RETURN(InfluenceRanking ranking, Influencers(store, iq));
  Percentiles p;
  for (const AuthorInfluence& r : ranking.rows) p.Add(r);
  return p;
}

}  // namespace

// Scores one waiting post. Shared with authors.cc through care_scan.h.
namespace internal {

QueueItem ScoreItem(Pending p, double influence_percentile, int64_t now_ms,
                    const PriorityWeights& w) {
  PriorityInputs in;
  in.influence_percentile = influence_percentile;
  in.followers = p.post.followers;
  in.age_hours = static_cast<double>(now_ms - p.post.created_at_ms) / 3.6e6;
  in.replies_from_others = p.replies_from_others;
  in.shares = p.post.shares;
  in.likes = p.post.likes;
  in.intents = p.post.intents;
  in.label = p.post.label;
  in.score = p.post.score;
  QueueItem item;
  item.terms = ComputeTerms(in, w);
  item.priority = Priority(item.terms, w);
  item.reasons = Reasons(in, item.terms);
  item.influence_percentile = in.influence_percentile;
  item.replies_from_others = p.replies_from_others;
  item.thread_id = std::move(p.thread_id);
  item.brands = std::move(p.brands);
  item.handled = p.handled;
  item.post = std::move(p.post);
  return item;
}

void SortItems(std::vector<QueueItem>* items) {
  std::sort(items->begin(), items->end(), [](const QueueItem& a, const QueueItem& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.post.created_at_ms != b.post.created_at_ms) {
      return a.post.created_at_ms > b.post.created_at_ms;
    }
    return a.post.id < b.post.id;
  });
}

StatusOr<int64_t> DefaultNow(Store& store, int64_t now_ms, int64_t clock_ms) {
  if (now_ms != 0) return now_ms;
  return ConversationNow(store, clock_ms);
}

Status ScanAll(Store& store, const QueueQuery& query, CareScan* scan) {
  PostScan ps;
  ps.source = query.source;
  return store.ScanPosts(ps, [&](const StoredPost& sp) {
    scan->Add(sp);
    return Status::OK();
  });
}

StatusOr<std::unordered_set<std::string>> HandledKeys(Store& store) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<HandledPost> handled, store.Handled());
  std::unordered_set<std::string> keys;
  for (const HandledPost& h : handled) keys.insert(CareScan::PostKey(h.source, h.id));
  return keys;
}

}  // namespace internal

StatusOr<CareQueue> BuildCareQueue(Store& store, const QueueQuery& query,
                                   const OwnAccounts& accounts) {
  CareQueue q;
  PARLEY_ASSIGN_OR_RETURN(q.now_ms, internal::DefaultNow(store, query.now_ms, query.clock_ms));
  internal::CareScan scan(accounts, query.brands, query.from_ms, query.to_ms);
  PARLEY_RETURN_IF_ERROR(internal::ScanAll(store, query, &scan));
  PARLEY_ASSIGN_OR_RETURN(std::unordered_set<std::string> handled, internal::HandledKeys(store));
  std::vector<internal::Pending> pending = scan.Take(handled, query.include_handled, &q.handled);
  PARLEY_ASSIGN_OR_RETURN(Percentiles percentiles, LoadPercentiles(store));
  for (internal::Pending& p : pending) {
    double pct = percentiles.Of(p.post.source, p.post.author);
    q.items.push_back(internal::ScoreItem(std::move(p), pct, q.now_ms, query.weights));
  }
  internal::SortItems(&q.items);
  // Handled items listed with include_handled wait for nobody.
  q.total = std::count_if(q.items.begin(), q.items.end(),
                          [](const QueueItem& i) { return !i.handled; });
  if (query.limit >= 0 && q.items.size() > static_cast<size_t>(query.limit)) {
    q.items.resize(query.limit);
  }
  return q;
}

Status MarkDone(Store& store, std::string_view source, std::string_view id, int64_t at_ms,
                std::string_view note) {
  std::vector<std::string> sources;
  if (source.empty()) {
    PARLEY_ASSIGN_OR_RETURN(sources, store.Sources());
  } else {
    sources.emplace_back(source);
  }
  std::vector<std::string> found;
  for (const std::string& s : sources) {
    PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> p, store.GetPost(s, id));
    if (p) found.push_back(s);
  }
  if (found.empty()) {
    return NotFoundError("no post with id '" + std::string(id) + "' in the store" +
                         (source.empty() ? "" : " (source '" + std::string(source) + "')"));
  }
  if (found.size() > 1) {
    return InvalidArgumentError("post id '" + std::string(id) + "' is in several sources (" +
                                found[0] + ", " + found[1] + "): name one with --source");
  }
  return store.MarkHandled({found[0], std::string(id), at_ms, std::string(note)});
}

}  // namespace parley::people
