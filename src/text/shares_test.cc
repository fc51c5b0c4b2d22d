#include "src/text/shares.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

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

TEST(SharedHandleTest, TheHandleAShareQuotes) {
  EXPECT_EQ(SharedHandle("RT @sam: the crew"), "sam");
  EXPECT_EQ(SharedHandle("Worth reading RT @sam_1: the crew"), "sam_1");
  EXPECT_EQ(SharedHandle("pls RT @sam"), "");
  EXPECT_EQ(LeadingMention("  @skyloft where is my bag"), "skyloft");
  EXPECT_EQ(LeadingMention("RT @skyloft: where is my bag"), "");
}

}  // namespace
}  // namespace parley
