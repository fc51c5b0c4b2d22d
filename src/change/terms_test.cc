#include "src/change/terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
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

// Real posts wrap words in curly quotes, trail off in an ellipsis, glue an
// emoji to a word and shout in capitals: the terms are the words.
TEST(ExtractTerms, TakesWordsFromTheTokensInNormalForm) {
  EXPECT_THAT(ExtractTerms("\u201cDelay\u201d\u2026 AGAIN\U0001F621 #Fail"),
              ElementsAre("#fail", "delay"));
  EXPECT_THAT(ExtractTerms("\u00c9T\u00c9 TR\u00c8S CHAUD"),
              ElementsAre("chaud", "tr\u00e8s", "tr\u00e8s chaud", "\u00e9t\u00e9",
                          "\u00e9t\u00e9 tr\u00e8s"));
  // A curly apostrophe is straightened (a stop word stays one); an
  // elongation is squeezed; a number, a price or a sign ends a bigram.
  EXPECT_THAT(ExtractTerms("Don\u2019t looove waiting. Gate 42 agent $AAPL"),
              ElementsAre("$aapl", "agent", "gate", "loove", "loove waiting", "waiting"));
}

TEST(TermKey, TakesAccentsOff) {
  EXPECT_EQ(TermKey("caf\u00e9"), "cafe");
  EXPECT_EQ(TermKey("cr\u00e8me br\u00fbl\u00e9e"), "creme brulee");
  EXPECT_EQ(TermKey("#d\u00e9lai"), "#delai");
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
