#include "src/change/terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace parley::change {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Repeat(const std::string& text, int n) {
  return std::vector<std::string>(static_cast<size_t>(n), text);
}

TEST(EmergingTerms, FindsATermNewInTheWindow) {
  std::vector<std::string> baseline = Repeat("flight was fine today", 400);
  auto more = Repeat("lovely crew on board", 400);
  baseline.insert(baseline.end(), more.begin(), more.end());
  std::vector<std::string> window = Repeat("flight was fine today", 20);
  auto outage = Repeat("app outage again #appdown", 15);
  window.insert(window.end(), outage.begin(), outage.end());
  std::vector<TermScore> terms = EmergingTerms(window, baseline, TermOptions{});
  ASSERT_FALSE(terms.empty());
  std::vector<std::string> names;
  for (const TermScore& t : terms) names.push_back(t.term);
  EXPECT_THAT(names, ::testing::IsSupersetOf({"outage", "#appdown"}));
  EXPECT_EQ(terms[0].window_count, 15);
  EXPECT_EQ(terms[0].baseline_count, 0);
  EXPECT_LT(terms[0].p_value, 1e-6);
  for (const TermScore& t : terms) EXPECT_NE(t.term, "flight");
}

// "café" and "cafe" are one term, counted once a post and shown as most
// of its posts write it.
TEST(EmergingTerms, ATermWithAndWithoutAccentsIsOne) {
  std::vector<std::string> baseline = Repeat("flight was fine today", 500);
  std::vector<std::string> window = Repeat("flight was fine today", 20);
  for (const std::vector<std::string>& more :
       {Repeat("no caf\u00e9 on board", 5), Repeat("no cafe on board", 4),
        Repeat("CAF\u00c9 or cafe, none", 2)}) {
    window.insert(window.end(), more.begin(), more.end());
  }
  std::vector<TermScore> terms = EmergingTerms(window, baseline, TermOptions{});
  auto cafe = std::find_if(terms.begin(), terms.end(),
                           [](const TermScore& t) { return TermKey(t.term) == "cafe"; });
  ASSERT_NE(cafe, terms.end());
  EXPECT_EQ(cafe->term, "caf\u00e9");
  EXPECT_EQ(cafe->window_count, 11);
  EXPECT_EQ(std::count_if(terms.begin(), terms.end(),
                          [](const TermScore& t) { return TermKey(t.term) == "cafe"; }),
            1);
}

TEST(EmergingTerms, TheSameMixGivesNothing) {
  std::vector<std::string> baseline = Repeat("flight was late again", 500);
  std::vector<std::string> window = Repeat("flight was late again", 50);
  EXPECT_TRUE(EmergingTerms(window, baseline, TermOptions{}).empty());
  EXPECT_TRUE(EmergingTerms({}, baseline, TermOptions{}).empty());
}

TEST(EmergingTerms, RareTermsNeedTheMinimumCount) {
  std::vector<std::string> baseline = Repeat("flight was fine", 500);
  std::vector<std::string> window = Repeat("flight was fine", 50);
  auto few = Repeat("volcano ash", 4);
  window.insert(window.end(), few.begin(), few.end());
  EXPECT_TRUE(EmergingTerms(window, baseline, TermOptions{}).empty());
}

}  // namespace
}  // namespace parley::change
