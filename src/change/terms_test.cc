#include "src/change/terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::change {
namespace {

using ::testing::ElementsAre;

TEST(ExtractTerms, KeepsWordsHashtagsAndBigrams) {
  EXPECT_THAT(ExtractTerms("The Gate agent was RUDE #fail @SkyloftAir http://x.co/a 2024"),
              ElementsAre("#fail", "agent", "gate", "gate agent", "rude"));  // no bigram across "was"
}

TEST(ExtractTerms, CountsEachTermOnceAndSkipsStopWords) {
  EXPECT_THAT(ExtractTerms("delay delay, and the delay"), ElementsAre("delay", "delay delay"));
  EXPECT_TRUE(ExtractTerms("it is of an '' ''' the").empty());
}

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
