#include "src/change/key_terms.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "src/change/stats.h"
#include "src/core/bytes.h"
#include "src/core/timestamp.h"
#include "src/text/shares.h"
#include "src/text/terms.h"

namespace parley::change {

double TableG2(double a, double n1, double b, double n2) {
  const double n = n1 + n2, used = a + b;
  if (n1 <= 0 || n2 <= 0 || used <= 0 || used >= n) return 0;
  double g2 = 0;
  // Each cell's observed count against the count expected were the term as
  // common on both sides.
  auto cell = [&](double observed, double row, double column) {
    if (observed > 0) g2 += observed * std::log(observed * n / (row * column));
  };
  cell(a, n1, used);
  cell(n1 - a, n1, n - used);
  cell(b, n2, used);
  cell(n2 - b, n2, n - used);
  return std::max(0.0, 2 * g2);
}

std::optional<Interval> ShareRatioInterval(int64_t a, int64_t n1, int64_t b, int64_t n2,
                                           double confidence) {
  if (n1 <= 0 || n2 <= 0) return std::nullopt;
  double x = static_cast<double>(a), m = static_cast<double>(n1);
  double y = static_cast<double>(b), k = static_cast<double>(n2);
  if (a == 0 || b == 0) {
    x += 0.5, y += 0.5, m += 1, k += 1;
  }
  const double ratio = (x / m) / (y / k);
  const double se = std::sqrt(1 / x - 1 / m + 1 / y - 1 / k);
  const double z = NormalQuantile(confidence);
  return Interval{ratio, ratio * std::exp(-z * se), ratio * std::exp(z * se)};
}

namespace {

using Tally = KeyTermCounts::Tally;

// Adds `n` of the label's posts that wrote `t`'s term as `form`.
void AddForm(Tally* t, std::string form, int64_t n) {
  auto it = std::find_if(t->forms.begin(), t->forms.end(),
                         [&](const auto& f) { return f.first == form; });
  if (it == t->forms.end()) {
    t->forms.emplace_back(std::move(form), n);
  } else {
    it->second += n;
  }
}

// The form most of the label's posts wrote (the key itself for the posts
// not in `forms`); on a tie, the first in byte order.
std::string CommonestForm(const std::string& key, const Tally& t) {
  int64_t plain = t.label;
  for (const auto& [form, n] : t.forms) plain -= n;
  std::string best = key;
  int64_t most = plain;
  for (const auto& [form, n] : t.forms) {
    if (n > most || (n == most && form < best)) best = form, most = n;
  }
  return best;
}

// Whether `pred` holds for a word of `term` (words, #hashtags and
// $cashtags joined by a space), each as written.
template <typename Pred>
bool AnyWord(std::string_view term, Pred pred) {
  for (size_t at = 0; at <= term.size();) {
    const size_t space = std::min(term.find(' ', at), term.size());
    if (pred(term.substr(at, space - at))) return true;
    at = space + 1;
  }
  return false;
}

// Whether a word of `term` has a valence in `lexicon`.
bool HasLexiconWord(const VaderLexicon& lexicon, std::string_view term) {
  return AnyWord(term, [&](std::string_view word) {
    if (!word.empty() && (word[0] == '#' || word[0] == '$')) word.remove_prefix(1);
    const VaderLexicon::Entry* e = word.empty() ? nullptr : lexicon.Find(word);
    return e != nullptr && e->in_lexicon;
  });
}

// Sorts `terms` by G2, largest first; leaves a word that every one of the
// label's posts using it writes within a two-word term listed ("stopped",
// always "stopped flying") to that term; keeps the first `top`.
void Finish(std::vector<KeyTerm>* terms, int top) {
  std::vector<KeyTerm>& t = *terms;
  std::sort(t.begin(), t.end(), [](const KeyTerm& x, const KeyTerm& y) {
    return x.g2 != y.g2 ? x.g2 > y.g2 : x.term < y.term;
  });
  std::vector<bool> subsumed(t.size(), false);
  for (size_t i = 0; i < t.size(); ++i) {
    const KeyTerm& w = t[i];
    if (w.key.find(' ') != std::string::npos) continue;
    for (const KeyTerm& b : t) {
      const size_t space = b.key.find(' ');
      if (space == std::string::npos) continue;
      const std::string_view first = std::string_view(b.key).substr(0, space);
      const std::string_view second = std::string_view(b.key).substr(space + 1);
      if ((first == w.key || second == w.key) && b.label_posts >= w.label_posts) {
        subsumed[i] = true;
        break;
      }
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (subsumed[i]) continue;
    if (kept != i) t[kept] = std::move(t[i]);
    ++kept;
  }
  t.resize(std::min(kept, static_cast<size_t>(std::max(0, top))));
}

ExamplePost ExampleOf(const StoredPost& sp) {
  ExamplePost e;
  e.source = sp.post.source;
  e.id = sp.post.id;
  e.author = sp.post.author;
  e.text = sp.post.text;
  e.created_at_ms = sp.post.created_at_ms;
  e.label = sp.analysis.sentiment.label;
  e.score = sp.analysis.sentiment.score;
  e.likes = sp.post.metrics.likes.value_or(0);
  e.shares = sp.post.metrics.shares.value_or(0);
  return e;
}

// Each listed term's examples: the newest posts of the label in the scope
// that use it as they were counted (a share by its own words, unless
// o.shares), the brands' own left out; all terms in one walk back through
// the posts, which stops once every term has o.examples (a query a term
// walked the same posts again for each, and a term of one day long ago
// walked nearly all of them).
Status FindExamples(Store* store, const KeyTermsOptions& o, KeyTermsResult* r) {
  if (o.examples <= 0) return Status::OK();
  std::unordered_map<std::string, KeyTerm*> wanted;
  for (std::vector<KeyTerm>* list : {&r->terms, &r->sentiment_terms}) {
    for (KeyTerm& k : *list) wanted.emplace(k.key, &k);
  }
  size_t open = wanted.size();
  if (open == 0) return Status::OK();
  ExampleQuery e = o.scope;
  e.term.clear();
  e.label = o.label;
  e.author.clear();
  e.order = ExampleQuery::Order::kRecent;
  e.offset = 0;
  e.own_words = !o.shares;  // (the shares with no words of their own left out)
  e.limit = static_cast<int>(std::min<int64_t>(o.max_posts, INT32_MAX - 1));
  const size_t each = static_cast<size_t>(o.examples);
  bool done = false;
  Status s = store->ScanExamples(e, [&](const StoredPost& sp) -> Status {
    if (o.brand_account && o.brand_account(sp.post.author)) return Status::OK();
    const std::string_view text =
        o.shares ? std::string_view(sp.post.text) : OwnWords(sp.post.text);
    for (std::string& t : ExtractTerms(text)) {
      auto it = wanted.find(bytes::IsAllAscii(t) ? t : TermKey(t));
      if (it == wanted.end()) continue;
      std::vector<ExamplePost>& examples = it->second->examples;
      // (Two forms of one key in a post, "café" and "cafe": one example.)
      if (examples.size() == each || (!examples.empty() && examples.back().id == sp.post.id &&
                                      examples.back().source == sp.post.source)) {
        continue;
      }
      examples.push_back(ExampleOf(sp));
      if (examples.size() == each && --open == 0) {
        done = true;
        return InternalError("every term has its examples");  // stops the walk
      }
    }
    return Status::OK();
  });
  return done ? Status::OK() : s;
}

}  // namespace

std::function<bool(std::string_view term)> BrandNameTest(const std::vector<std::string>& names) {
  // The names as TermQueryKey()s, and their words: a term with one names a
  // brand ("air" of "Skyloft Air", which posts about it hold as often as
  // its name).
  std::unordered_set<std::string> keys, words;
  for (const std::string& name : names) {
    std::string key = TermQueryKey(name);
    if (key.empty()) continue;
    if (key[0] == '#') key.erase(0, 1);
    AnyWord(key, [&](std::string_view word) {
      words.emplace(word);
      return false;
    });
    keys.insert(std::move(key));
  }
  if (keys.empty()) return nullptr;
  return [keys = std::move(keys), words = std::move(words)](std::string_view term) {
    if (keys.contains(std::string(term))) return true;
    return AnyWord(term, [&](std::string_view word) {
      if (!word.empty() && word[0] == '#') word.remove_prefix(1);
      return words.contains(std::string(word));
    });
  };
}

StatusOr<KeyTermsResult> FindKeyTerms(Store* store, const KeyTermsOptions& o) {
  if (o.max_posts < 1) return InvalidArgumentError("key terms: max_posts must be 1 or more");
  const bool brands = o.versus == KeyTermsVersus::kOtherBrands;
  const bool earlier = o.versus == KeyTermsVersus::kEarlierPeriod;
  if (brands && o.scope.brand == "*") {
    return InvalidArgumentError(
        "key terms against the other brands need a brand: whose posts are held against theirs");
  }
  KeyTermsResult r;
  ExampleQuery q = o.scope;
  q.label.reset();
  // Against the other brands: the label's posts of every brand, each side
  // told by the brands the post names.
  if (brands) {
    q.brand = "*";
    q.label = o.label;
  }
  // Against the period before: the label's posts of the scope then. A
  // scope with no end ends with the store's last post, or now if sooner.
  if (earlier) {
    if (o.scope.from_ms == kMinTime && !o.earlier) {
      return InvalidArgumentError(
          "key terms against the period before need a start (--since, the API's from): the period "
          "before is as long");
    }
    q.label = o.label;
    if (q.to_ms == kMaxTime) {
      PARLEY_ASSIGN_OR_RETURN(StoreCounts counts, store->Counts());
      q.to_ms = std::min(o.now_ms, counts.posts ? counts.last_ms + 1 : o.now_ms);
      if (counts.posts && q.to_ms <= q.from_ms && counts.last_ms < o.now_ms) {
        return InvalidArgumentError(fmt::format(
            "key terms against an earlier period: the store's last post ({}) is before the "
            "period's start ({}); give its end too (--until, the API's to)",
            FormatTimestamp(counts.last_ms), FormatTimestamp(q.from_ms)));
      }
    }
    if (q.to_ms <= q.from_ms) {
      return InvalidArgumentError("key terms against the period before: the period holds no time");
    }
    r.to_ms = q.to_ms;
    r.earlier_to_ms = o.earlier ? o.earlier->second : q.from_ms;
    r.earlier_from_ms = o.earlier ? o.earlier->first : q.from_ms - (q.to_ms - q.from_ms);
    if (r.earlier_from_ms >= r.earlier_to_ms) {
      return InvalidArgumentError(
          "key terms against an earlier period: its start must be before its end");
    }
    // A post of both periods would be on both sides, which the test holds
    // to be independent samples.
    if (PeriodsOverlap(q.from_ms, q.to_ms, r.earlier_from_ms, r.earlier_to_ms)) {
      return InvalidArgumentError(fmt::format(
          "key terms against an earlier period: the period compared with ({} to {}) overlaps the "
          "one read ({} to {}); give a start after its end (--since, the API's from)",
          FormatTimestamp(r.earlier_from_ms), FormatTimestamp(r.earlier_to_ms),
          q.from_ms == kMinTime ? std::string("the first post") : FormatTimestamp(q.from_ms),
          FormatTimestamp(q.to_ms)));
    }
  }
  q.term.clear();
  q.own_words = false;  // (shares are read, and counted by o.shares)
  q.author.clear();
  q.order = ExampleQuery::Order::kRecent;
  q.offset = 0;
  // One more than is read tells whether the scope holds more.
  q.limit = static_cast<int>(std::min<int64_t>(o.max_posts, INT32_MAX - 1) + 1);
  // Against the other brands, the brands' names: the store's and the
  // options'.
  std::function<bool(std::string_view)> names_a_brand;
  if (brands) {
    TotalsQuery all;
    all.granularity = Granularity::kWeek;
    PARLEY_ASSIGN_OR_RETURN(std::vector<KeyedRollup> stored, store->BrandTotals(all));
    std::vector<std::string> given = o.brand_names;
    for (const KeyedRollup& b : stored) given.push_back(b.key);
    names_a_brand = BrandNameTest(given);
  }
  KeyTermCounts counts(o.shares);
  // Reads the newest max_posts posts `query` lists (noting more), the
  // brands' own left out; side(post): true for the label's side, false
  // for the others, nullopt for neither.
  auto scan = [&](const ExampleQuery& query, auto side) -> Status {
    int64_t read = 0;
    return store->ScanExamples(query, [&](const StoredPost& sp) -> Status {
      if (read == o.max_posts) {
        r.sampled = true;
        return Status::OK();
      }
      ++read;
      if (o.brand_account && o.brand_account(sp.post.author)) {
        counts.AddBrandPost();
        return Status::OK();
      }
      if (const std::optional<bool> label = side(sp)) counts.Add(sp.post.text, *label);
      return Status::OK();
    });
  };
  if (earlier) {
    // The same posts of the label, now and in the period as long before.
    PARLEY_RETURN_IF_ERROR(scan(q, [](const StoredPost&) { return std::optional<bool>(true); }));
    ExampleQuery before = q;
    before.from_ms = r.earlier_from_ms;
    before.to_ms = r.earlier_to_ms;
    PARLEY_RETURN_IF_ERROR(
        scan(before, [](const StoredPost&) { return std::optional<bool>(false); }));
  } else {
    PARLEY_RETURN_IF_ERROR(scan(q, [&](const StoredPost& sp) -> std::optional<bool> {
      if (!brands) return sp.analysis.sentiment.label == o.label;
      const std::vector<std::string>& named = sp.analysis.brands;
      if (named.empty()) return std::nullopt;  // about no brand: neither side
      return std::find(named.begin(), named.end(), o.scope.brand) != named.end();
    }));
  }
  TestKeyTerms(counts, o, names_a_brand, &r);
  PARLEY_RETURN_IF_ERROR(FindExamples(store, o, &r));
  return r;
}

bool KeyTermCounts::Add(std::string_view text, bool label) {
  if (!count_shares_) {
    // A share with no words of its own says nothing itself.
    if (IsBareShare(text)) {
      ++shares_;
      return false;
    }
    text = OwnWords(text);
  }
  ++(label ? label_posts_ : other_posts_);
  // (key, form): the form "" where it is the key itself, as every ASCII
  // term is (no accent to take off).
  keyed_.clear();
  bool folded = false;
  for (std::string& t : ExtractTerms(text)) {
    if (bytes::IsAllAscii(t)) {
      keyed_.emplace_back(std::move(t), std::string());
      continue;
    }
    std::string key = TermKey(t);
    if (key == t) {
      keyed_.emplace_back(std::move(key), std::string());
    } else {
      keyed_.emplace_back(std::move(key), std::move(t));
      folded = true;
    }
  }
  // ExtractTerms() gives its terms sorted and once each; a folded one may
  // fall elsewhere, and "café" and "cafe" in one post are one term, counted
  // once (the plain form kept, which sorts first).
  if (folded) {
    std::sort(keyed_.begin(), keyed_.end());
    keyed_.erase(std::unique(keyed_.begin(), keyed_.end(),
                             [](const auto& x, const auto& y) { return x.first == y.first; }),
                 keyed_.end());
  }
  for (auto& [key, form] : keyed_) {
    Tally& t = terms_[key];
    if (!label) {
      ++t.other;
      continue;
    }
    ++t.label;
    if (!form.empty()) AddForm(&t, std::move(form), 1);
  }
  return true;
}

void KeyTermCounts::AddPosts(int64_t label, int64_t other, int64_t shares, int64_t brand_posts) {
  label_posts_ += label;
  other_posts_ += other;
  shares_ += shares;
  brand_posts_ += brand_posts;
}

void KeyTermCounts::AddTerm(const std::string& key, const Tally& add) {
  Tally& t = terms_[key];
  t.label += add.label;
  t.other += add.other;
  for (const auto& [form, n] : add.forms) AddForm(&t, form, n);
}

void KeyTermCounts::Merge(const KeyTermCounts& other) {
  AddPosts(other.label_posts_, other.other_posts_, other.shares_, other.brand_posts_);
  for (const auto& [key, t] : other.terms_) AddTerm(key, t);
}

bool KeyTermCounts::operator==(const KeyTermCounts& o) const {
  if (count_shares_ != o.count_shares_ || label_posts_ != o.label_posts_ ||
      other_posts_ != o.other_posts_ || shares_ != o.shares_ || brand_posts_ != o.brand_posts_ ||
      terms_.size() != o.terms_.size()) {
    return false;
  }
  for (const auto& [key, t] : terms_) {
    auto it = o.terms_.find(key);
    if (it == o.terms_.end() || it->second.label != t.label || it->second.other != t.other) {
      return false;
    }
    // The forms, in any order.
    std::vector<std::pair<std::string, int64_t>> a = t.forms, b = it->second.forms;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) return false;
  }
  return true;
}

void TestKeyTerms(const KeyTermCounts& counts, const KeyTermsOptions& o,
                  const std::function<bool(std::string_view term)>& names_a_brand,
                  KeyTermsResult* out) {
  KeyTermsResult& r = *out;
  r.label_posts = counts.label_posts();
  r.other_posts = counts.other_posts();
  r.shares = counts.shares();
  r.brand_posts = counts.brand_posts();
  if (r.label_posts == 0 || r.other_posts == 0) return;
  const double n1 = static_cast<double>(r.label_posts), n2 = static_cast<double>(r.other_posts);
  // Every term in enough of the label's posts is tested, whichever side
  // uses it more: the false discovery rate is over all of them.
  std::vector<const std::pair<const std::string, Tally>*> tested;
  std::vector<double> p_values, g2s;
  for (const auto& entry : counts.terms()) {
    const Tally& t = entry.second;
    if (t.label < o.min_posts) continue;
    if (names_a_brand && names_a_brand(entry.first)) {
      ++r.brand_name_terms;
      continue;
    }
    const double g2 = TableG2(static_cast<double>(t.label), n1, static_cast<double>(t.other), n2);
    tested.push_back(&entry);
    g2s.push_back(g2);
    p_values.push_back(ChiSquare1UpperTail(g2));
  }
  r.tested = static_cast<int64_t>(tested.size());
  std::vector<double> q_values;
  const std::vector<bool> found = BenjaminiHochberg(p_values, o.fdr, &q_values);
  for (size_t i = 0; i < tested.size(); ++i) {
    const auto& [key, t] = *tested[i];
    // Only the terms the label's posts use more.
    if (!found[i] || static_cast<double>(t.label) * n2 <= static_cast<double>(t.other) * n1) {
      continue;
    }
    KeyTerm k;
    k.term = CommonestForm(key, t);
    k.key = key;
    k.label_posts = t.label;
    k.other_posts = t.other;
    k.label_share = WilsonInterval(static_cast<uint64_t>(t.label),
                                   static_cast<uint64_t>(r.label_posts), o.confidence);
    k.other_share = WilsonInterval(static_cast<uint64_t>(t.other),
                                   static_cast<uint64_t>(r.other_posts), o.confidence);
    k.ratio = *ShareRatioInterval(t.label, r.label_posts, t.other, r.other_posts, o.confidence);
    k.g2 = g2s[i];
    k.p_value = p_values[i];
    k.q_value = q_values[i];
    const bool sentiment = o.lexicon != nullptr && HasLexiconWord(*o.lexicon, key);
    (sentiment ? r.sentiment_terms : r.terms).push_back(std::move(k));
  }
  for (std::vector<KeyTerm>* list : {&r.terms, &r.sentiment_terms}) Finish(list, o.top);
}

}  // namespace parley::change
