#include "src/text/terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace parley {
namespace {

using ::testing::ElementsAre;

TEST(ExtractTerms, KeepsWordsHashtagsAndBigrams) {
  EXPECT_THAT(
      ExtractTerms("The Gate agent was RUDE #fail @SkyloftAir http://x.co/a 2024"),
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

TEST(TermQueryKey, IsTheKeyOfTheTermAsPostsWriteIt) {
  EXPECT_EQ(TermQueryKey("Gate  B26"), "gate b26");
  EXPECT_EQ(TermQueryKey("#FAIL"), "#fail");
  EXPECT_EQ(TermQueryKey("Café"), "cafe");
  EXPECT_EQ(TermQueryKey("sooooo slow"), "soo slow");
  EXPECT_EQ(TermQueryKey("customers’"), "customers");
  EXPECT_EQ(TermQueryKey("  "), "");
  EXPECT_EQ(TermQueryKey("@handle 😡"), "");
}

TEST(HasTerm, FindsWordsBigramsAndHashtagsAsTheDetectorsCountThem) {
  const char* post = "Staff at Gate B26 were RUDE, again. #Fail @SkyloftAir cafés";
  for (const char* term :
       {"gate b26", "Gate B26", "rude", "#fail", "cafés", "cafes", "staff", "rude!"}) {
    EXPECT_TRUE(HasTerm(post, TermQueryKey(term))) << term;
  }
  // Not terms: a stop word, a handle, a bigram across punctuation, a part of a word.
  for (const char* term : {"again", "@skyloftair", "rude again", "gat", "fail", "cafe", ""}) {
    EXPECT_FALSE(HasTerm(post, TermQueryKey(term))) << term;
  }
  // Every term ExtractTerms() finds is found by its own key.
  for (const std::string& t : ExtractTerms(post)) EXPECT_TRUE(HasTerm(post, TermQueryKey(t))) << t;
}

}  // namespace
}  // namespace parley
