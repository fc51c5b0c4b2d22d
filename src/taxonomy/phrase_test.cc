#include "src/taxonomy/phrase.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/taxonomy/test_util.h"

namespace parley {
namespace {

using ::parley::testing::Canon;
using ::testing::Contains;
using ::testing::Not;

TEST(CanonicalText, IsLowerCaseTokensBetweenSpaces) {
  EXPECT_EQ(Canon("The DELAY-tolerant crew!! @SkyloftAir").text,
            " the delay - tolerant crew !! @skyloftair ");
}

TEST(CanonicalText, PiecesPointBackIntoTheRawText) {
  std::string raw = "Wi-Fi down";
  CanonicalText c = Canon(raw);
  ASSERT_EQ(c.pieces.size(), 4u);
  EXPECT_EQ(raw.substr(c.pieces[2].raw_begin, c.pieces[2].raw_end - c.pieces[2].raw_begin), "Fi");
  EXPECT_TRUE(c.pieces[1].hyphen);
  EXPECT_EQ(c.PieceEndingAt(c.pieces[3].end), 3);
  EXPECT_EQ(c.PieceStartingAt(c.pieces[3].begin), 3);
  EXPECT_EQ(c.PieceEndingAt(2), -1);
}

TEST(CanonicalText, LeavesOutInvalidBytes) {
  EXPECT_EQ(Canon("late \xff again").text, " late again ");
}

TEST(Inflections, CoverPluralsAndVerbForms) {
  auto forms = Inflections("delay");
  for (const char* f : {"delay", "delays", "delayed", "delaying"}) EXPECT_THAT(forms, Contains(f));
  EXPECT_THAT(Inflections("cancel"), Contains("cancelled"));
  EXPECT_THAT(Inflections("fly"), Contains("flies"));
  EXPECT_THAT(Inflections("price"), Contains("pricing"));
  EXPECT_THAT(Inflections("price"), Not(Contains("priceed")));
  EXPECT_THAT(Inflections("bus"), Contains("buses"));
}

TEST(Inflections, LeaveShortAndNonAsciiWordsAlone) {
  EXPECT_EQ(Inflections("go").size(), 1u);
  EXPECT_EQ(Inflections("café").size(), 1u);
}

TEST(PhrasePattern, EscapesPunctuationAndAllowsHyphens) {
  EXPECT_EQ(PhrasePattern("check-in", PhraseStyle::kExact, false),
            "(?:check)(?:\\x27s)?(?: \\x2d | )(?:in)(?:\\x27s)?");
}

TEST(PhrasePattern, AOneWordTopicPhraseAlsoMatchesAsAHashtag) {
  EXPECT_EQ(PhrasePattern("Wifi", PhraseStyle::kExact, true), "\\x23?(?:wifi)(?:\\x27s)?");
}

TEST(PhrasePattern, IsEmptyWithoutTokens) {
  EXPECT_EQ(PhrasePattern("   ", PhraseStyle::kExact, false), "");
}

}  // namespace
}  // namespace parley
