// Key terms: what sets one label's posts apart. Of the stored posts in a
// scope (brand, topic, intent, language, source, time), the words, hashtags
// and two-word terms (src/text/terms.h, as emerging terms count them) that
// the negative (or positive) posts use more often than the scope's other
// posts: each with the share of posts of either side that use it and their
// intervals, the ratio of the two shares with its interval, and Dunning's
// log-likelihood test on the 2x2 table of posts, its p-value adjusted for
// every term tested (Benjamini–Hochberg), so a list of 20 terms keeps its
// expected share of chance findings at the false discovery rate asked for.
//
// The unit is the post: a post that repeats a word counts once, as a
// marketer reads "12% of the negative posts say 'refund', against 0.4% of
// the others". The newest `max_posts` posts of the scope are read (a
// sample when the scope holds more: said in the result).
#ifndef PARLEY_CHANGE_KEY_TERMS_H_
#define PARLEY_CHANGE_KEY_TERMS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/metrics/intervals.h"
#include "src/storage/store.h"
#include "src/text/vader.h"

namespace parley::change {

// What the label's posts are held against.
enum class KeyTermsVersus {
  kOtherLabels,  // the scope's posts of the other labels
  // The label's posts that name another brand and not the scope's brand
  // (which must be set): what is said of this brand and not of the others
  // ("seats" in skyloft's complaints, not in jetwave's). The scope's other
  // filters hold for both sides; posts naming no brand are on neither.
  kOtherBrands,
  // The label's posts of the scope in the period as long just before it
  // (which must have a start; without an end it ends with the store's last
  // post, or `now_ms` if sooner): what is said now that was not then.
  kEarlierPeriod,
};

struct KeyTermsOptions {
  // The scope: its brand, topic, intent, language, source and time filters
  // (its label, term, author, order, limit and offset are not read).
  ExampleQuery scope;
  SentimentLabel label = SentimentLabel::kNegative;  // the side whose terms are asked for
  KeyTermsVersus versus = KeyTermsVersus::kOtherLabels;
  int top = 20;                                      // at most this many terms
  int64_t min_posts = 5;       // a term in fewer of the label's posts is not tested
  double fdr = 0.01;           // Benjamini–Hochberg false discovery rate across the terms tested
  int64_t max_posts = 200000;  // the newest posts of the scope read
  int examples = 1;            // example posts of the label per term
  // Whether shares ("RT @x: text") count the words they pass on; by
  // default a post's own words alone count (KeyTermCounts), and a share
  // with none is left out (KeyTermsResult::shares).
  bool shares = false;
  double confidence = 0.95;    // interval level
  // When set, the terms with a word that has a valence in this lexicon
  // ("awful", "#fail", "really bad", but also "delayed") are listed apart,
  // in KeyTermsResult::sentiment_terms: the lexicon model labels posts by
  // those very words, so they lead any list of what the negative posts say
  // more, and the words that say why ("refund", "gate agent") follow them.
  // (Boosters and negations are not such words.)
  const VaderLexicon* lexicon = nullptr;
  // When set, the posts whose author it says is a brand's own account (the
  // brands' answers: people::OwnAccounts) are left out of both sides and
  // of the examples: the terms are what customers say.
  std::function<bool(std::string_view author)> brand_account;
  // Against the other brands: more names the brands go by (a taxonomy's
  // aliases, handles without '@', hashtags), beside the store's brand ids.
  // A term that is one of them, or has a word of one ("air" of "Skyloft
  // Air"), is left out: a brand's name sets its own posts apart by
  // definition.
  std::vector<std::string> brand_names;
  int64_t now_ms = 0;  // kEarlierPeriod: the latest end of a scope with none
  // kEarlierPeriod: the period [first, second) to hold the scope's posts
  // against, instead of the one as long just before (then the scope needs
  // no start): a period of the user's choosing. It may not overlap the
  // scope's (PeriodsOverlap(); a post would be on both sides).
  std::optional<std::pair<int64_t, int64_t>> earlier;
};

// Whether the half-open periods [a_from, a_to) and [b_from, b_to) share an
// instant.
inline bool PeriodsOverlap(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to) {
  return a_from < b_to && b_from < a_to;
}

struct KeyTerm {
  std::string term;         // as written in most of the label's posts that use it
  std::string key;          // TermKey(): what `parley posts --term` and the store match
  int64_t label_posts = 0;  // posts of the label that use it
  int64_t other_posts = 0;  // other posts of the scope that use it
  Interval label_share;     // label_posts / the label's posts read (Wilson)
  Interval other_share;     // other_posts / the other posts read (Wilson)
  // label share / other share with its log-scale (Katz) interval; half a
  // post added to each cell where a side has none, so a term the other
  // posts never use has a finite ratio.
  Interval ratio;
  double g2 = 0, p_value = 1, q_value = 1;
  std::vector<ExamplePost> examples;  // newest first
};

struct KeyTermsResult {
  // Posts read of either side: the label's (the brand's, against the other
  // brands) and the others they are held against.
  int64_t label_posts = 0, other_posts = 0;
  int64_t brand_posts = 0;       // posts read and left out as a brand account's
  int64_t shares = 0;            // shares read and left out, with no words of their own
  bool sampled = false;          // the scope holds more posts than were read
  int64_t tested = 0;            // terms in at least min_posts of the label's posts
  int64_t brand_name_terms = 0;  // against the other brands: terms left out as brand names
  // kEarlierPeriod: the scope's end as read, and the period before.
  int64_t to_ms = 0, earlier_from_ms = 0, earlier_to_ms = 0;
  // Over-represented and discovered, by G2, largest first, at most `top`;
  // a word is left to a two-word term listed that holds it in every one of
  // the label's posts that use the word ("stopped", always in "stopped
  // flying").
  std::vector<KeyTerm> terms;
  // With `lexicon`: the terms with a word of it, as `terms` (the same
  // test: `tested` counts both lists).
  std::vector<KeyTerm> sentiment_terms;
};

StatusOr<KeyTermsResult> FindKeyTerms(Store* store, const KeyTermsOptions& o);

// The terms of two sides' posts, counted a post at a time (a post that uses
// a term twice counts once): what FindKeyTerms() counts of the posts it
// reads, and what a partition of posts counts where it lies (the Python
// binding, under Dask), to be merged with the others' and tested as one.
// Counts add up: merged in any order, they are the counts of all the posts.
class KeyTermCounts {
 public:
  struct Tally {
    int64_t label = 0, other = 0;  // posts of either side that use the term
    // The forms the label's posts wrote it in other than its key (accents),
    // with their posts.
    std::vector<std::pair<std::string, int64_t>> forms;
  };

  // `shares`: whether a share ("RT @x: text") counts the words it passes
  // on. By default it counts only its own (OwnWords(): a comment before
  // the share), and one with none counts nowhere (shares()): a post shared
  // 300 times is one voice, not 300 independent posts, and counting each
  // copy would make its words look far surer than they are.
  explicit KeyTermCounts(bool shares = false) : count_shares_(shares) {}

  // Counts the terms of one post (ExtractTerms(), keyed by TermKey()) on
  // the label's side or the other; false, counting it nowhere, for a share
  // with no words of its own.
  bool Add(std::string_view text, bool label);
  // Counts a post of a brand's own account (people::OwnAccounts), left out
  // of both sides: the terms are what customers say.
  void AddBrandPost() { ++brand_posts_; }
  // Adds `other`'s counts (which must have counted shares alike).
  void Merge(const KeyTermCounts& other);
  // What another KeyTermCounts counted, as terms() and the posts give it
  // (a pickled copy): the posts of either side, the shares and the brands'
  // posts left out, and one term's tally.
  void AddPosts(int64_t label, int64_t other, int64_t shares, int64_t brand_posts = 0);
  void AddTerm(const std::string& key, const Tally& t);

  bool count_shares() const { return count_shares_; }
  int64_t label_posts() const { return label_posts_; }
  int64_t other_posts() const { return other_posts_; }
  int64_t shares() const { return shares_; }  // shares with no words of their own, not counted
  int64_t brand_posts() const { return brand_posts_; }  // AddBrandPost()'s, not counted
  const std::unordered_map<std::string, Tally>& terms() const { return terms_; }
  bool operator==(const KeyTermCounts& o) const;

 private:
  bool count_shares_ = false;
  int64_t label_posts_ = 0, other_posts_ = 0, shares_ = 0, brand_posts_ = 0;
  std::unordered_map<std::string, Tally> terms_;
  std::vector<std::pair<std::string, std::string>> keyed_;  // (key, form) of one post
};

// Tests the terms of `counts` as FindKeyTerms() does, with `o`'s min_posts,
// fdr, top, confidence and lexicon (its scope, versus, max_posts, examples
// and brands are not read; counts' own, shares): sets `r`'s posts of
// either side, shares and brand posts left out, tested, terms
// and sentiment_terms, with no examples. `names_a_brand`, when set, leaves
// out (and counts in brand_name_terms) the terms it holds for.
void TestKeyTerms(const KeyTermCounts& counts, const KeyTermsOptions& o,
                  const std::function<bool(std::string_view term)>& names_a_brand,
                  KeyTermsResult* r);

// The test TestKeyTerms() leaves brands' names out by: whether a term is
// one of `names` (brand ids, aliases, handles, hashtags: BrandNames()), or
// has a word of one ("air" of "Skyloft Air"), in any case, accents folded.
// Empty (no test) when `names` holds no word.
std::function<bool(std::string_view term)> BrandNameTest(const std::vector<std::string>& names);

// The likelihood-ratio statistic G2 of the 2x2 table of posts: a of n1 on
// one side use a term, b of n2 on the other.
double TableG2(double a, double n1, double b, double n2);

// The ratio of two shares a/n1 over b/n2 with its Katz log interval (half
// added to every cell when a or b is 0); nullopt when n1 or n2 is 0.
std::optional<Interval> ShareRatioInterval(int64_t a, int64_t n1, int64_t b, int64_t n2,
                                           double confidence);

}  // namespace parley::change

#endif  // PARLEY_CHANGE_KEY_TERMS_H_
