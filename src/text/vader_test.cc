#include "src/text/vader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

// A tiny lexicon in the npm file's format, so these tests need no install.
constexpr char kLexicon[] =
    "good\t1.9\t0.9\t[2, 2]\n"
    "bad\t-2.5\t0.6\t[-2, -3]\n"
    "great\t3.1\t0.7\t[3, 3]\n"
    "joy\t2.8\t0.7\t[3, 3]\n"
    ":)\t2.0\t1.2\t[2, 2]\n";

double Norm(double x) { return std::round(x / std::sqrt(x * x + 15) * 1e4) / 1e4; }

class VaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lex = VaderLexicon::Parse(kLexicon, "test");
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    lexicon_ = std::make_shared<VaderLexicon>(std::move(lex).value());
  }
  double Compound(std::string_view text, bool emoji = true) {
    VaderModel model(lexicon_, VaderOptions{emoji});
    return model.Score(text, &scratch_).compound;
  }
  std::shared_ptr<VaderLexicon> lexicon_;
  VaderScratch scratch_;
};

TEST_F(VaderTest, ScoresALexiconWord) { EXPECT_DOUBLE_EQ(Compound("good"), Norm(1.9)); }

TEST_F(VaderTest, UnknownWordsAreNeutral) { EXPECT_DOUBLE_EQ(Compound("the plane"), 0); }

TEST_F(VaderTest, NegationFlipsAndDampens) {
  EXPECT_DOUBLE_EQ(Compound("not good"), Norm(1.9 * -0.74));
  EXPECT_DOUBLE_EQ(Compound("isn't good"), Norm(1.9 * -0.74));
  EXPECT_DOUBLE_EQ(Compound("NOT good"), Norm(1.9 - 0.733 * 0));  // capitalised "NOT" is no negation
}

TEST_F(VaderTest, BoostersAddIntensityWithDistanceDecay) {
  EXPECT_DOUBLE_EQ(Compound("very good"), Norm(1.9 + 0.293));
  EXPECT_DOUBLE_EQ(Compound("very the good"), Norm(1.9 + 0.293 * 0.95));
  EXPECT_DOUBLE_EQ(Compound("barely good"), Norm(1.9 - 0.293));
}

TEST_F(VaderTest, AllCapsAmongMixedCaseEmphasizes) {
  EXPECT_DOUBLE_EQ(Compound("GOOD flight"), Norm(1.9 + 0.733));
  EXPECT_DOUBLE_EQ(Compound("GOOD FLIGHT"), Norm(1.9));  // all caps: no differential
}

TEST_F(VaderTest, ButShiftsWeightToTheSecondClause) {
  EXPECT_DOUBLE_EQ(Compound("good but bad"), Norm(1.9 * 0.5 + -2.5 * 1.5));
}

TEST_F(VaderTest, CapitalButCountsOnlyWithoutALowerCaseOne) {
  EXPECT_DOUBLE_EQ(Compound("good BUT bad"), Norm(1.9 * 0.5 + -2.5 * 1.5));
  // The lower-case "but" wins wherever it is: "good" is before it, "bad" too.
  EXPECT_DOUBLE_EQ(Compound("good BUT bad but"), Norm(1.9 * 0.5 + -2.5 * 0.5));
}

TEST_F(VaderTest, ExclamationsAndQuestionsAmplify) {
  EXPECT_DOUBLE_EQ(Compound("good!!"), Norm(1.9 + 2 * 0.292));
  EXPECT_DOUBLE_EQ(Compound("good !!!!!!"), Norm(1.9 + 4 * 0.292));  // capped at 4
  // A run of more than three "!" is no strippable affix, so VADER does not
  // recognise the word at all (the package's behaviour, kept on purpose).
  EXPECT_DOUBLE_EQ(Compound("good!!!!!!"), 0);
  EXPECT_DOUBLE_EQ(Compound("bad??"), Norm(-2.5 - 2 * 0.18));
}

TEST_F(VaderTest, StripsOnePunctuationAffixButKeepsEmoticons) {
  EXPECT_DOUBLE_EQ(Compound("(good"), 0);  // "(" is not an affix VADER strips
  EXPECT_DOUBLE_EQ(Compound("okay :)"), Norm(2.0));
}

TEST_F(VaderTest, EmojiAreScoredByTheirNames) {
  // U+1F602 FACE WITH TEARS OF JOY -> "face with tears of joy"
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82"), Norm(2.8));
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82", /*emoji=*/false), 0);
}

TEST_F(VaderTest, RepeatedEmojiScoreAlike) {
  // The second and third lookups of the name come from the scratch's cache.
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82"), Norm(2.8));
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82 \xF0\x9F\x98\x82"),
                   Compound("joy joy"));
}

TEST_F(VaderTest, ProportionsSumToOne) {
  VaderModel model(lexicon_, VaderOptions());
  VaderScores s = model.Score("good flight but bad food", &scratch_);
  EXPECT_NEAR(s.neg + s.neu + s.pos, 1.0, 0.002);
  EXPECT_GT(s.neg, s.pos);
}

TEST(VaderLexicon, FindsEveryWordOfEveryLengthAndNoNearMiss) {
  // Keys of 1..40 bytes exercise each branch of the key comparison.
  std::string contents;
  std::vector<std::string> words;
  for (size_t length = 1; length <= 40; ++length) {
    std::string word;
    for (size_t k = 0; k < length; ++k) word.push_back(static_cast<char>('a' + (k * 7 + length) % 26));
    words.push_back(word);
    contents += word + "\t" + std::to_string(length) + "\t0.5\t[1]\n";
  }
  auto lex = VaderLexicon::Parse(contents, "lengths");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const VaderLexicon::Entry* e = lex->Find(word);
    ASSERT_NE(e, nullptr) << word;
    EXPECT_EQ(e->valence, static_cast<double>(i + 1)) << word;
    for (size_t at : {size_t{0}, word.size() / 2, word.size() - 1}) {
      std::string near = word;
      near[at] = near[at] == 'z' ? 'y' : 'z';
      EXPECT_EQ(lex->Find(near), nullptr) << near;
    }
    EXPECT_EQ(lex->Find(word + "q"), nullptr) << word;
  }
}

TEST(VaderLexicon, MalformedLineIsDataLossNamingTheLine) {
  EXPECT_THAT(VaderLexicon::Parse("good\t1.9\nbad\tterrible\n", "lex.txt"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("line 2 of lexicon 'lex.txt'")));
}

TEST(VaderLexicon, EmptyLexiconIsAnError) {
  EXPECT_THAT(VaderLexicon::Parse("", "x"), StatusIs(StatusCode::kDataLoss));
}

TEST(VaderLexicon, MissingFileSaysWhatToDo) {
  EXPECT_THAT(VaderLexicon::Load("/nonexistent/vader_lexicon.txt"),
              StatusIs(StatusCode::kNotFound, HasSubstr("scripts/setup")));
}

}  // namespace
}  // namespace parley
