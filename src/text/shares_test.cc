#include "src/text/shares.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

// (SharedHandle() and LeadingMention() are held to their rules in
// src/people/people_test.cc, as the people views read them.)
TEST(OwnWordsTest, AShareKeepsOnlyTheCommentBeforeIt) {
  EXPECT_EQ(OwnWords("the crew was lovely"), "the crew was lovely");
  EXPECT_EQ(OwnWords("RT @sam: the crew was lovely"), "");
  EXPECT_EQ(OwnWords("  rt @sam the crew was lovely"), "  ");
  EXPECT_EQ(OwnWords("Same here RT @sam: lost my bag"), "Same here ");
  // Not shares: "pls RT @x" asks for one; "RTx", and "RT" inside a word.
  EXPECT_EQ(OwnWords("pls RT @sam"), "pls RT @sam");
  EXPECT_EQ(OwnWords("RTx @sam: hi"), "RTx @sam: hi");
  EXPECT_EQ(OwnWords("ART @sam: hi"), "ART @sam: hi");
  EXPECT_EQ(OwnWords(""), "");
}

TEST(IsBareShareTest, AShareWithNoWordsOfItsOwn) {
  EXPECT_TRUE(IsBareShare("RT @sam: the crew was lovely"));
  EXPECT_TRUE(IsBareShare("  rt @sam the crew was lovely"));
  EXPECT_FALSE(IsBareShare("Same here RT @sam: lost my bag"));
  EXPECT_FALSE(IsBareShare("the crew was lovely"));
  EXPECT_FALSE(IsBareShare(""));
  EXPECT_FALSE(IsBareShare("   "));
}

}  // namespace
}  // namespace parley
