#include "src/change/key_terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "src/core/timestamp.h"
#include "src/text/shares.h"
#include "src/text/terms.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley::change {
namespace {

namespace fs = std::filesystem;

// G2 of a 2x2 table from its definition: 2 * sum O ln(O / E).
double G2ByHand(double a, double n1, double b, double n2) {
  const double n = n1 + n2;
  const double cells[4][3] = {
      {a, n1, a + b}, {n1 - a, n1, n - a - b}, {b, n2, a + b}, {n2 - b, n2, n - a - b}};
  double g = 0;
  for (const auto& c : cells) {
    if (c[0] > 0) g += c[0] * std::log(c[0] / (c[1] * c[2] / n));
  }
  return 2 * g;
}

TEST(TableG2Test, MatchesTheDefinition) {
  EXPECT_NEAR(TableG2(30, 100, 10, 200), G2ByHand(30, 100, 10, 200), 1e-9);
  EXPECT_NEAR(TableG2(5, 50, 0, 500), G2ByHand(5, 50, 0, 500), 1e-9);
  // No difference, nothing to tell.
  EXPECT_NEAR(TableG2(10, 100, 20, 200), 0, 1e-9);
  EXPECT_EQ(TableG2(0, 100, 0, 200), 0);
  EXPECT_EQ(TableG2(3, 0, 2, 10), 0);
  // Symmetric in the sides.
  EXPECT_NEAR(TableG2(30, 100, 10, 200), TableG2(10, 200, 30, 100), 1e-9);
}

TEST(ShareRatioIntervalTest, KatzLogInterval) {
  // 30/100 against 10/200: ratio 6, se = sqrt(1/30 - 1/100 + 1/10 - 1/200).
  auto r = ShareRatioInterval(30, 100, 10, 200, 0.95);
  ASSERT_TRUE(r.has_value());
  const double se = std::sqrt(1.0 / 30 - 1.0 / 100 + 1.0 / 10 - 1.0 / 200);
  EXPECT_NEAR(r->estimate, 6, 1e-12);
  EXPECT_NEAR(r->low, 6 * std::exp(-1.959963984540054 * se), 1e-6);
  EXPECT_NEAR(r->high, 6 * std::exp(1.959963984540054 * se), 1e-6);
  EXPECT_LT(r->low, 6);
  EXPECT_GT(r->high, 6);
  // A term the other side never uses: half a post in each cell, finite.
  auto z = ShareRatioInterval(8, 100, 0, 400, 0.95);
  ASSERT_TRUE(z.has_value());
  EXPECT_NEAR(z->estimate, (8.5 / 101) / (0.5 / 401), 1e-9);
  EXPECT_TRUE(std::isfinite(z->high));
  EXPECT_FALSE(ShareRatioInterval(1, 0, 1, 10, 0.95).has_value());
}

class KeyTermsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("key_terms");
    StoreOptions o;
    o.path = (dir_ / "t.db").string();
    auto store = OpenStore(o);
    ASSERT_OK(store);
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Add(const std::string& text, SentimentLabel label, const std::string& brand = "acme") {
    Post p;
    p.source = "test";
    p.id = "p" + std::to_string(posts_.size());
    p.author = "a" + std::to_string(posts_.size() % 13);
    p.created_at_ms = *ParseTimestamp("2026-03-02T00:00:00Z") + int64_t(posts_.size()) * 60000;
    p.text = text;
    Analysis a;
    a.sentiment.label = label;
    a.brands = {brand};
    posts_.push_back(std::move(p));
    analyses_.push_back(std::move(a));
  }
  void Write() {
    ASSERT_OK(store_->WriteBatch(posts_, analyses_, nullptr));
    posts_.clear();
    analyses_.clear();
  }
  // 60 negative posts, 40 of them about a refund (two written "Refünd"),
  // and 300 others, 3 of them about a refund; every post talks of the
  // flight. Then 50 negative posts of another brand, all about a refund.
  void Fill() {
    for (int i = 0; i < 60; ++i) {
      std::string text = i < 38   ? "still waiting for my refund after the flight"
                         : i < 40 ? "Refünd please, this flight was awful"
                                  : "the flight was late again";
      Add(text, SentimentLabel::kNegative);
    }
    for (int i = 0; i < 300; ++i) {
      Add(i < 3 ? "got my refund quickly, thanks, good flight" : "lovely flight and crew today",
          i % 2 ? SentimentLabel::kPositive : SentimentLabel::kNeutral);
    }
    for (int i = 0; i < 50; ++i) Add("where is my refund", SentimentLabel::kNegative, "other");
    Write();
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<Post> posts_;
  std::vector<Analysis> analyses_;
};

TEST_F(KeyTermsTest, FindsWhatTheLabelsPostsSayMore) {
  Fill();
  KeyTermsOptions o;
  o.scope.brand = "acme";
  o.examples = 2;
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->label_posts, 60);
  EXPECT_EQ(r->other_posts, 300);
  EXPECT_FALSE(r->sampled);
  EXPECT_GT(r->tested, 3);
  // The most telling first: a term of the 38 "still waiting..." posts and
  // no other (as "refund after": "after" is always that, left to it)
  // before "refund" (40, and 3 others).
  ASSERT_GE(r->terms.size(), 2u);
  for (size_t i = 1; i < r->terms.size(); ++i) EXPECT_GE(r->terms[i - 1].g2, r->terms[i].g2);
  EXPECT_EQ(r->terms[0].label_posts, 38);
  EXPECT_EQ(r->terms[0].other_posts, 0);
  for (const KeyTerm& k : r->terms) EXPECT_NE(k.key, "after");
  const auto it = std::find_if(r->terms.begin(), r->terms.end(),
                               [](const KeyTerm& k) { return k.key == "refund"; });
  ASSERT_NE(it, r->terms.end());
  const KeyTerm& top = *it;
  // 40 negative posts say refund (two with an accent: one term, shown as
  // most wrote it), 3 of the others.
  EXPECT_EQ(top.term, "refund");
  EXPECT_EQ(top.key, "refund");
  EXPECT_EQ(top.label_posts, 40);
  EXPECT_EQ(top.other_posts, 3);
  EXPECT_NEAR(top.label_share.estimate, 40.0 / 60, 1e-12);
  EXPECT_NEAR(top.other_share.estimate, 3.0 / 300, 1e-12);
  EXPECT_NEAR(top.ratio.estimate, (40.0 / 60) / (3.0 / 300), 1e-9);
  EXPECT_NEAR(top.g2, TableG2(40, 60, 3, 300), 1e-9);
  EXPECT_LT(top.q_value, 1e-10);
  EXPECT_GE(top.q_value, top.p_value);
  ASSERT_EQ(top.examples.size(), 2u);
  for (const ExamplePost& e : top.examples) {
    EXPECT_EQ(e.label, SentimentLabel::kNegative);
    EXPECT_TRUE(HasTerm(e.text, "refund")) << e.text;  // ("Refünd" too)
  }
  // "flight" is in every post: not a key term; nor is "lovely", which the
  // others use more.
  for (const KeyTerm& k : r->terms) {
    EXPECT_NE(k.key, "flight");
    EXPECT_NE(k.key, "lovely");
    EXPECT_GT(k.label_share.estimate, k.other_share.estimate) << k.term;
    EXPECT_LE(k.q_value, o.fdr) << k.term;
  }
}

TEST_F(KeyTermsTest, PositiveSideAndLimits) {
  Fill();
  KeyTermsOptions o;
  o.scope.brand = "acme";
  o.label = SentimentLabel::kPositive;
  o.examples = 0;
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->label_posts, 150);
  EXPECT_EQ(r->other_posts, 210);
  // ("lovely" is always "lovely flight": left to it.)
  bool lovely = false;
  for (const KeyTerm& k : r->terms) {
    lovely |= k.key == "lovely flight";
    EXPECT_NE(k.key, "lovely");
    EXPECT_TRUE(k.examples.empty());
    EXPECT_NE(k.key, "refund");
  }
  EXPECT_TRUE(lovely);

  // A term in fewer of the label's posts than min_posts is not tested.
  o.label = SentimentLabel::kNegative;
  o.min_posts = 41;
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  for (const KeyTerm& k : r->terms) EXPECT_NE(k.key, "refund");

  // At most `top` terms.
  o.min_posts = 1;
  o.top = 1;
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->terms.size(), 1u);
}

TEST_F(KeyTermsTest, ReadsTheNewestPostsAndSaysSo) {
  Fill();
  KeyTermsOptions o;
  o.max_posts = 100;  // the other brand's 50 and 50 of acme's others
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_TRUE(r->sampled);
  EXPECT_EQ(r->label_posts + r->other_posts, 100);
  EXPECT_EQ(r->label_posts, 50);
  o.max_posts = 0;
  EXPECT_FALSE(FindKeyTerms(store_.get(), o).ok());
}

TEST_F(KeyTermsTest, SentimentWordsApartAndWordsLeftToTheirTerm) {
  // 30 negative posts say "awful gate agent", 10 more "awful refund";
  // 200 others are fine.
  for (int i = 0; i < 40; ++i) {
    Add(i < 30 ? "awful gate agent today" : "awful refund wait", SentimentLabel::kNegative);
  }
  for (int i = 0; i < 200; ++i) Add("fine trip home", SentimentLabel::kNeutral);
  Write();
  auto lexicon =
      VaderLexicon::Parse("awful\t-2.0\t0.5\t[-2, -2]\nhome\t0.4\t0.5\t[0, 1]\n", "test");
  ASSERT_OK(lexicon);
  KeyTermsOptions o;
  o.examples = 0;
  o.lexicon = &*lexicon;
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  auto keys = [](const std::vector<KeyTerm>& terms) {
    std::vector<std::string> out;
    for (const KeyTerm& k : terms) out.push_back(k.key);
    std::sort(out.begin(), out.end());
    return out;
  };
  // "awful", "awful gate" and "awful refund" hold a word of the lexicon:
  // apart. "gate", "agent" and "today" are always written in "gate agent"
  // and "agent today": left to them; "refund" and "wait" to "refund wait".
  // "awful" is not always "awful gate": it stays.
  EXPECT_EQ(keys(r->sentiment_terms),
            (std::vector<std::string>{"awful", "awful gate", "awful refund"}));
  EXPECT_EQ(keys(r->terms), (std::vector<std::string>{"agent today", "gate agent", "refund wait"}));
  // Without the lexicon, one list.
  o.lexicon = nullptr;
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_TRUE(r->sentiment_terms.empty());
  EXPECT_EQ(keys(r->terms),
            (std::vector<std::string>{"agent today", "awful", "awful gate", "awful refund",
                                      "gate agent", "refund wait"}));
}

TEST_F(KeyTermsTest, TheBrandsOwnPostsAreLeftOut) {
  // Customers: 20 negative posts about a refund, 100 neutral others. The
  // brand's account answers each complaint, in a positive post.
  for (int i = 0; i < 20; ++i) {
    Add("where is my refund", SentimentLabel::kNegative);
    posts_.back().author = "customer" + std::to_string(i);
    Add("we're sorry, we'll look into your refund", SentimentLabel::kPositive);
    posts_.back().author = "AcmeHelp";
  }
  for (int i = 0; i < 100; ++i) {
    Add("nice trip today", SentimentLabel::kNeutral);
    posts_.back().author = "other" + std::to_string(i);
  }
  Write();
  KeyTermsOptions o;
  o.label = SentimentLabel::kPositive;
  o.examples = 3;
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->label_posts, 20);  // the brand's answers alone
  EXPECT_FALSE(r->terms.empty());
  o.brand_account = [](std::string_view author) { return author == "AcmeHelp"; };
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->brand_posts, 20);
  EXPECT_EQ(r->label_posts, 0);
  EXPECT_TRUE(r->terms.empty());
  // The negative side no longer holds "refund" against the answers.
  o.label = SentimentLabel::kNegative;
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->label_posts, 20);
  EXPECT_EQ(r->other_posts, 100);
  bool refund = false;
  for (const KeyTerm& k : r->terms) {
    refund |= k.key == "refund";
    if (k.key == "refund") {
      EXPECT_EQ(k.other_posts, 0);
    }
    for (const ExamplePost& e : k.examples) EXPECT_NE(e.author, "AcmeHelp");
  }
  EXPECT_TRUE(refund);
}

TEST_F(KeyTermsTest, AgainstTheOtherBrands) {
  // Negative posts: acme's about cramped seats (and naming "Acme Jet"),
  // the other brand's about a lost bag; acme's positive ones are not read.
  for (int i = 0; i < 30; ++i) Add("Acme Jet seats so cramped", SentimentLabel::kNegative);
  for (int i = 0; i < 30; ++i) Add("lovely acme crew", SentimentLabel::kPositive);
  for (int i = 0; i < 40; ++i) Add("lost my bag again", SentimentLabel::kNegative, "other");
  for (int i = 0; i < 10; ++i) Add("no brand here, seats cramped", SentimentLabel::kNegative, "");
  for (Analysis& a : analyses_) {
    if (a.brands == std::vector<std::string>{""}) a.brands.clear();
  }
  Write();
  KeyTermsOptions o;
  o.versus = KeyTermsVersus::kOtherBrands;
  o.examples = 1;
  EXPECT_FALSE(FindKeyTerms(store_.get(), o).ok());  // whose posts: none named
  o.scope.brand = "acme";
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  // acme's 30 negative posts against the other brand's 40; the posts
  // naming no brand are on neither side.
  EXPECT_EQ(r->label_posts, 30);
  EXPECT_EQ(r->other_posts, 40);
  std::vector<std::string> keys;
  for (const KeyTerm& k : r->terms) {
    keys.push_back(k.key);
    for (const ExamplePost& e : k.examples) EXPECT_EQ(e.text, "Acme Jet seats so cramped");
  }
  std::sort(keys.begin(), keys.end());
  // "acme" (the store's brand id) is a brand's name: left out; "jet" is
  // still a word, until the taxonomy says "Acme Jet" names it ("seats" is
  // always "jet seats" until then: left to it).
  EXPECT_EQ(keys, (std::vector<std::string>{"cramped", "jet seats"}));
  EXPECT_EQ(r->brand_name_terms, 2);  // "acme", "acme jet"
  o.brand_names = {"Acme Jet", "@AcmeHelp", "#acme"};
  r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  keys.clear();
  for (const KeyTerm& k : r->terms) keys.push_back(k.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"cramped", "seats"}));
  EXPECT_EQ(r->brand_name_terms, 4);  // and "jet", "jet seats"
}

TEST_F(KeyTermsTest, AgainstThePeriodBefore) {
  // Two days a minute apart from 2026-03-02 00:00 (Add()'s clock): the
  // first day's negative posts are about a lost bag, the second's about
  // the wifi too; positive posts every day.
  for (int i = 0; i < 2 * 1440; ++i) {
    const bool second = i >= 1440;
    if (i % 24 == 0) {
      Add(second && i % 48 == 0 ? "wifi down again lost bag" : "lost bag again",
          SentimentLabel::kNegative);
    } else {
      Add("fine trip", SentimentLabel::kPositive);
    }
  }
  Write();
  const int64_t day2 = *ParseTimestamp("2026-03-03T00:00:00Z");
  KeyTermsOptions o;
  o.versus = KeyTermsVersus::kEarlierPeriod;
  o.examples = 1;
  EXPECT_FALSE(FindKeyTerms(store_.get(), o).ok());  // no start: no length
  o.scope.from_ms = day2;
  o.now_ms = *ParseTimestamp("2026-12-01T00:00:00Z");
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  // Without an end, the period ends with the last post: a day (less a
  // minute, plus the millisecond after it), and the day before it.
  EXPECT_EQ(r->to_ms, day2 + 1439 * 60000 + 1);
  EXPECT_EQ(r->earlier_to_ms, day2);
  EXPECT_EQ(r->earlier_from_ms, day2 - (1439 * 60000 + 1));
  // 60 negative posts on the second day; 59 in the period before (its
  // first minute's post is a minute too early).
  EXPECT_EQ(r->label_posts, 60);
  EXPECT_EQ(r->other_posts, 59);
  std::vector<std::string> keys;
  for (const KeyTerm& k : r->terms) {
    keys.push_back(k.key);
    for (const ExamplePost& e : k.examples) {
      EXPECT_GE(e.created_at_ms, day2);
      EXPECT_EQ(e.label, SentimentLabel::kNegative);
    }
  }
  std::sort(keys.begin(), keys.end());
  // What is new on the second day ("wifi" always in "wifi down": left to
  // it); "lost bag" was there before.
  EXPECT_EQ(keys, (std::vector<std::string>{"wifi down"}));
  // A period of one's own choosing: the first day's first half.
  KeyTermsOptions given = o;
  given.earlier = std::pair(day2 - 1440 * 60000, day2 - 720 * 60000);
  auto half = FindKeyTerms(store_.get(), given);
  ASSERT_OK(half);
  EXPECT_EQ(half->earlier_from_ms, day2 - 1440 * 60000);
  EXPECT_EQ(half->earlier_to_ms, day2 - 720 * 60000);
  EXPECT_EQ(half->label_posts, 60);
  EXPECT_EQ(half->other_posts, 30);
  // ... which may not overlap the scope's period: a post of both would be
  // on both sides. With no start the scope holds it; from its last instant
  // on it does; from its end on it does not.
  for (const int64_t from : {kMinTime, day2 - 720 * 60000 - 1}) {
    given.scope.from_ms = from;
    const auto overlap = FindKeyTerms(store_.get(), given);
    EXPECT_EQ(overlap.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(overlap.status().message(), ::testing::HasSubstr("overlaps"));
  }
  given.scope.from_ms = day2 - 720 * 60000;
  auto after = FindKeyTerms(store_.get(), given);
  ASSERT_OK(after);
  EXPECT_EQ(after->label_posts, 90);  // the first day's second half and the second day
  EXPECT_EQ(after->other_posts, 30);
  EXPECT_TRUE(PeriodsOverlap(0, 10, 9, 20));
  EXPECT_FALSE(PeriodsOverlap(0, 10, 10, 20));
  EXPECT_FALSE(PeriodsOverlap(10, 20, 0, 10));
  EXPECT_TRUE(PeriodsOverlap(0, 30, 10, 20));
  // An earlier period that holds no time.
  given.earlier = std::pair(day2 - 720 * 60000, day2 - 720 * 60000);
  EXPECT_EQ(FindKeyTerms(store_.get(), given).status().code(), StatusCode::kInvalidArgument);
  // An end before the start holds no time.
  o.scope.to_ms = day2;
  EXPECT_FALSE(FindKeyTerms(store_.get(), o).ok());
}

TEST_F(KeyTermsTest, NothingToCompare) {
  // Only negative posts: no other side, no terms.
  for (int i = 0; i < 20; ++i) Add("refund refund", SentimentLabel::kNegative);
  Write();
  auto r = FindKeyTerms(store_.get(), KeyTermsOptions());
  ASSERT_OK(r);
  EXPECT_EQ(r->label_posts, 20);
  EXPECT_EQ(r->other_posts, 0);
  EXPECT_TRUE(r->terms.empty());
  EXPECT_EQ(r->tested, 0);
}

// Counts made in parts (a partition each, under Dask) and merged, in any
// order, are the counts of all the posts, and test as FindKeyTerms() does
// on the store holding them.
TEST_F(KeyTermsTest, CountsMergedFromPartsTestAsTheStoresPosts) {
  Fill();
  KeyTermsOptions o;
  o.scope.brand = "acme";
  o.examples = 0;
  auto stored = FindKeyTerms(store_.get(), o);
  ASSERT_OK(stored);
  // The same posts (acme's, as the fixture wrote them), in three parts.
  std::vector<std::pair<std::string, bool>> posts;
  for (int i = 0; i < 60; ++i) {
    posts.emplace_back(i < 38   ? "still waiting for my refund after the flight"
                       : i < 40 ? "Refünd please, this flight was awful"
                                : "the flight was late again",
                       true);
  }
  for (int i = 0; i < 300; ++i) {
    posts.emplace_back(
        i < 3 ? "got my refund quickly, thanks, good flight" : "lovely flight and crew today",
        false);
  }
  KeyTermCounts parts[3], whole;
  for (size_t i = 0; i < posts.size(); ++i) {
    parts[(i * 7) % 3].Add(posts[i].first, posts[i].second);
    whole.Add(posts[i].first, posts[i].second);
  }
  // Posts of the brands' own accounts: left out, counted, merged.
  parts[1].AddBrandPost();
  parts[2].AddBrandPost();
  whole.AddBrandPost();
  whole.AddBrandPost();
  KeyTermCounts forward, backward;
  for (int i = 0; i < 3; ++i) forward.Merge(parts[i]);
  for (int i = 2; i >= 0; --i) backward.Merge(parts[i]);
  EXPECT_TRUE(forward == whole);
  EXPECT_TRUE(backward == whole);
  EXPECT_FALSE(parts[0] == whole);
  // Rebuilt from what it exposes (a pickled copy), the same again.
  KeyTermCounts copy;
  copy.AddPosts(whole.label_posts(), whole.other_posts(), whole.shares());
  for (const auto& [key, t] : whole.terms()) copy.AddTerm(key, t);
  EXPECT_FALSE(copy == whole);  // not yet the brands' posts
  copy.AddPosts(0, 0, 0, whole.brand_posts());
  EXPECT_TRUE(copy == whole);
  EXPECT_EQ(forward.brand_posts(), 2);
  // "Refünd" twice: a form of the key "refund" among the label's posts.
  EXPECT_EQ(whole.terms().at("refund").label, 40);
  ASSERT_EQ(whole.terms().at("refund").forms.size(), 1u);
  EXPECT_EQ(whole.terms().at("refund").forms[0].second, 2);

  KeyTermsResult tested;
  TestKeyTerms(forward, o, nullptr, &tested);
  EXPECT_EQ(tested.label_posts, stored->label_posts);
  EXPECT_EQ(tested.other_posts, stored->other_posts);
  EXPECT_EQ(tested.tested, stored->tested);
  EXPECT_EQ(tested.brand_posts, 2);
  ASSERT_EQ(tested.terms.size(), stored->terms.size());
  for (size_t i = 0; i < tested.terms.size(); ++i) {
    EXPECT_EQ(tested.terms[i].term, stored->terms[i].term);
    EXPECT_EQ(tested.terms[i].label_posts, stored->terms[i].label_posts);
    EXPECT_EQ(tested.terms[i].other_posts, stored->terms[i].other_posts);
    EXPECT_DOUBLE_EQ(tested.terms[i].q_value, stored->terms[i].q_value);
  }
  // A predicate naming a brand leaves its terms out, and counts them.
  KeyTermsResult named;
  TestKeyTerms(
      forward, o, [](std::string_view term) { return term == "refund"; }, &named);
  EXPECT_EQ(named.brand_name_terms, 1);
  EXPECT_EQ(named.tested, tested.tested - 1);
  for (const KeyTerm& k : named.terms) EXPECT_NE(k.key, "refund");
  // Nothing on a side: nothing tested.
  KeyTermCounts one_side;
  one_side.Add("refund refund", true);
  KeyTermsResult none;
  TestKeyTerms(one_side, o, nullptr, &none);
  EXPECT_EQ(none.label_posts, 1);
  EXPECT_EQ(none.tested, 0);
  EXPECT_TRUE(none.terms.empty());
}

// A share ("RT @x: ...") counts its own words alone, and one with none
// counts nowhere, said in `shares`; its example posts are not shares of
// the term. With `shares`, every copy counts whole.
TEST_F(KeyTermsTest, SharesCountTheirOwnWordsAlone) {
  for (int i = 0; i < 8; ++i) Add("my refund never came, still waiting", SentimentLabel::kNegative);
  // One complaint shared 200 times, twice with a comment.
  for (int i = 0; i < 198; ++i) {
    Add("RT @vera: the lounge wifi is broken again", SentimentLabel::kNegative);
  }
  Add("So true RT @vera: the lounge wifi is broken again", SentimentLabel::kNegative);
  Add("So true RT @vera: the lounge wifi is broken again", SentimentLabel::kNegative);
  for (int i = 0; i < 100; ++i) Add("lovely flight and crew today", SentimentLabel::kPositive);
  Write();
  KeyTermsOptions o;
  o.examples = 2;
  o.min_posts = 2;
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  EXPECT_EQ(r->shares, 198);
  EXPECT_EQ(r->label_posts, 10);  // 8, and the two comments
  EXPECT_EQ(r->other_posts, 100);
  bool refund = false;
  for (const KeyTerm& k : r->terms) {
    EXPECT_EQ(k.key.find("wifi"), std::string::npos) << k.key;
    EXPECT_EQ(k.key.find("lounge"), std::string::npos) << k.key;
    refund |= k.key.find("refund") != std::string::npos;
    // An example uses the term in its own words (a comment), not in what
    // it shares.
    for (const ExamplePost& e : k.examples) {
      EXPECT_TRUE(HasTerm(OwnWords(e.text), TermQueryKey(k.term))) << k.term << ": " << e.text;
    }
  }
  EXPECT_TRUE(refund);
  // The comments' own words ("so true") are theirs.
  EXPECT_TRUE(
      std::any_of(r->terms.begin(), r->terms.end(),
                  [](const KeyTerm& k) { return k.key == "true"; }) ||
      std::any_of(r->sentiment_terms.begin(), r->sentiment_terms.end(),
                  [](const KeyTerm& k) { return k.key.find("true") != std::string::npos; }));
  o.shares = true;
  auto whole = FindKeyTerms(store_.get(), o);
  ASSERT_OK(whole);
  EXPECT_EQ(whole->shares, 0);
  EXPECT_EQ(whole->label_posts, 208);
  ASSERT_FALSE(whole->terms.empty());
  EXPECT_TRUE(std::any_of(whole->terms.begin(), whole->terms.end(), [](const KeyTerm& k) {
    return k.key == "wifi" || k.key == "lounge wifi" || k.key == "lounge";
  }));
}

// A term whose newest posts all share it has its examples from the older
// posts that say it themselves.
TEST_F(KeyTermsTest, ExamplesSayTheTermThemselvesBehindItsShares) {
  for (int i = 0; i < 6; ++i) Add("the gate agent was rude to me", SentimentLabel::kNegative);
  for (int i = 0; i < 60; ++i)
    Add("RT @vera: the gate agent was rude to me", SentimentLabel::kNegative);
  for (int i = 0; i < 60; ++i) Add("lovely flight and crew today", SentimentLabel::kPositive);
  Write();
  KeyTermsOptions o;
  o.examples = 3;
  // (With brand accounts to leave out too: pages more of the posts.)
  for (const bool accounts : {false, true}) {
    if (accounts) o.brand_account = [](std::string_view author) { return author == "nobody"; };
    auto r = FindKeyTerms(store_.get(), o);
    ASSERT_OK(r);
    EXPECT_EQ(r->label_posts, 6);
    ASSERT_FALSE(r->terms.empty());
    for (const KeyTerm& k : r->terms) {
      ASSERT_EQ(k.examples.size(), 3u) << k.term;
      for (const ExamplePost& e : k.examples) EXPECT_EQ(e.text, "the gate agent was rude to me");
    }
  }
}

// Every term's examples, found in one walk for all, are the posts the
// store lists for the term alone: the newest of the label that use it in
// their own words, the brands' own left out.
TEST_F(KeyTermsTest, ExamplesAreTheTermsNewestPosts) {
  for (int i = 0; i < 40; ++i) {
    Add(i % 3 == 0   ? "refund still not here, the gate agent said wait"
        : i % 3 == 1 ? "RT @vera: refund still not here"
                     : "lost bag and no refund",
        SentimentLabel::kNegative);
    Add("lovely crew, smooth flight", SentimentLabel::kPositive);
  }
  Write();
  KeyTermsOptions o;
  o.examples = 4;
  o.min_posts = 3;
  o.brand_account = [](std::string_view author) { return author == "a3" || author == "a7"; };
  auto r = FindKeyTerms(store_.get(), o);
  ASSERT_OK(r);
  ASSERT_FALSE(r->terms.empty());
  for (const std::vector<KeyTerm>* list : {&r->terms, &r->sentiment_terms}) {
    for (const KeyTerm& k : *list) {
      ExampleQuery e;
      e.term = k.key;
      e.own_words = true;
      e.label = SentimentLabel::kNegative;
      e.limit = 100;
      auto listed = store_->Examples(e);
      ASSERT_OK(listed);
      std::vector<std::string> want, got;
      for (const ExamplePost& p : *listed) {
        if (want.size() < 4 && !o.brand_account(p.author)) want.push_back(p.id);
      }
      for (const ExamplePost& p : k.examples) got.push_back(p.id);
      EXPECT_EQ(got, want) << k.term;
    }
  }
}

}  // namespace
}  // namespace parley::change
