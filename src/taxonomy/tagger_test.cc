#include "src/taxonomy/tagger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "src/text/vader.h"
#include "tests/testutil/paths.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kTaxonomy[] = R"(
[brands.skyloft]
own = true
aliases = ["Skyloft", "Skyloft Air"]
handles = ["@SkyloftAir"]
hashtags = ["#skyloft"]

[brands.jetwave]
handles = ["@Jetwave"]
aliases = ["Jetwave"]
exclude = ["jetwave pools"]

[topics.delay]
phrases = ["delay", "late"]
patterns = ['delayed \d+ hours?']
exclude = ["delay-tolerant"]

[topics.service]
phrases = ["customer service"]

[topics.service.staff]
phrases = ["crew", "staff", "flight attendant"]

[topics.booking]
phrases = ["check in"]

[topics.price]
phrases = ["fare", "fee"]
)";

// The VADER model the analyzer uses, as the clause scorer.
class VaderScorer final : public SentimentScorer {
 public:
  explicit VaderScorer(const VaderModel& model) : model_(model) {}
  Sentiment Score(std::string_view text) const override {
    return Label(model_.Score(text, &scratch_));
  }
  Sentiment ScoreSpan(std::string_view text, size_t begin, size_t end) const override {
    return Label(model_.ScoreSpan(text, begin, end, &scratch_));
  }

 private:
  static Sentiment Label(const VaderScores& v) {
    Sentiment s;
    s.score = v.compound;
    if (v.compound >= 0.05) s.label = SentimentLabel::kPositive;
    else if (v.compound <= -0.05) s.label = SentimentLabel::kNegative;
    return s;
  }

  const VaderModel& model_;
  mutable VaderScratch scratch_;
};

class TaggerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lexicon = VaderLexicon::Load(testing::DataDir() + "/vader_lexicon.txt");
    ASSERT_OK(lexicon);
    model_ = new VaderModel(std::make_shared<VaderLexicon>(std::move(lexicon).value()),
                            VaderOptions{});
  }
  static void TearDownTestSuite() { delete model_; }

  void SetUp() override { tagger_ = Make(kTaxonomy, MatchEngine::kAuto); }

  static std::unique_ptr<Tagger> Make(std::string_view toml, MatchEngine engine) {
    auto taxonomy = ParseTaxonomy(toml, "t.toml");
    EXPECT_OK(taxonomy);
    auto tagger = Tagger::Create(std::move(taxonomy).value(), TaggerOptions{engine});
    EXPECT_OK(tagger);
    return tagger.ok() ? std::move(tagger).value() : nullptr;
  }

  static Analysis Tag(const Tagger& tagger, std::string_view text) {
    std::vector<Token> tokens;
    Tokenizer().Tokenize(text, &tokens);
    VaderScorer scorer(*model_);
    Analysis a;
    a.sentiment = scorer.Score(text);
    tagger.Tag(text, tokens, scorer, &a);
    return a;
  }
  Analysis Tag(std::string_view text) { return Tag(*tagger_, text); }

  static VaderModel* model_;
  std::unique_ptr<Tagger> tagger_;
};

VaderModel* TaggerTest::model_ = nullptr;

TEST_F(TaggerTest, MatchesWhateverTheCase) {
  EXPECT_THAT(Tag("another DELAY today").topics, ElementsAre("delay"));
}

TEST_F(TaggerTest, MatchesPluralsAndInflections) {
  for (const char* text : {"two delays", "we were delayed", "they keep delaying", "Late again"}) {
    EXPECT_THAT(Tag(text).topics, ElementsAre("delay")) << text;
  }
}

TEST_F(TaggerTest, MatchesWholeWordsOnly) {
  EXPECT_THAT(Tag("relay the lateral staffroom plan").topics, IsEmpty());
}

TEST_F(TaggerTest, AHashtagMatchesItsTopic) {
  EXPECT_THAT(Tag("so much fun #delay").topics, ElementsAre("delay"));
  EXPECT_THAT(Tag("#CustomerService please").topics, ElementsAre("service"));
}

TEST_F(TaggerTest, AMentionMatchesItsBrandByHandle) {
  EXPECT_THAT(Tag("hey @skyloftair and @JETWAVE").brands, ElementsAre("skyloft", "jetwave"));
}

TEST_F(TaggerTest, ALongerHandleIsAnotherAccount) {
  EXPECT_THAT(Tag("@SkyloftAirHelp are you there").brands, IsEmpty());
}

// A brand whose name is also a word: its aliases match only as written,
// on every engine; its handles and hashtags, and other brands, whatever the
// case.
TEST_F(TaggerTest, CaseSensitiveBrandAliasesMatchOnlyAsWritten) {
  constexpr char kCase[] = R"(
[brands.orbit]
aliases = ["Orbit", "Orbit Mobile", "EE"]
handles = ["@OrbitTel"]
case_sensitive = true
[brands.jetwave]
aliases = ["Jetwave"]
[brands.sky]
aliases = ["Sky"]
inflect = true
case_sensitive = true
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2, MatchEngine::kHyperscan}) {
    std::unique_ptr<Tagger> tagger = Make(kCase, engine);
    ASSERT_NE(tagger, nullptr);
    auto brands = [&](std::string_view text) { return Tag(*tagger, text).brands; };
    for (std::string_view text : {"Orbit dropped my call", "switching to Orbit's plan",
                                  "Orbit\u2019s plan", "Orbit-Mobile deal", "ORBIT Mobile? no: Orbit",
                                  "love EE", "@orbittel help", "#orbit? no, Orbit"}) {
      EXPECT_THAT(brands(text), ElementsAre("orbit")) << text;
    }
    for (std::string_view text : {"the satellite is in orbit", "ORBIT sale", "orbit mobile",
                                  "oRBIT mobile", "see ee", "oRbit"}) {
      EXPECT_THAT(brands(text), ElementsAre()) << text;
    }
    EXPECT_THAT(brands("JETWAVE and jetwave"), ElementsAre("jetwave"));
    // With inflect, an inflection's letters past the alias are lower-case.
    EXPECT_THAT(brands("two Skys"), ElementsAre("sky"));
    EXPECT_THAT(brands("the sky is blue, SKYS"), ElementsAre());
  }
}

TEST_F(TaggerTest, BrandAliasesHashtagsAndPossessivesMatch) {
  EXPECT_THAT(Tag("Skyloft's lounge").brands, ElementsAre("skyloft"));
  EXPECT_THAT(Tag("loving #Skyloft").brands, ElementsAre("skyloft"));
}

TEST_F(TaggerTest, AnExclusionCancelsMentionsInsideIt) {
  EXPECT_THAT(Tag("a delay-tolerant network").topics, IsEmpty());
  EXPECT_THAT(Tag("a delay-tolerant network, and a real delay").topics, ElementsAre("delay"));
  EXPECT_THAT(Tag("Jetwave pools are open").brands, IsEmpty());
}

TEST_F(TaggerTest, AnExclusionCoversTheFormsItsPhraseMatches) {
  // "delay" is inflected (topics are by default), and so is its exclusion.
  EXPECT_THAT(Tag("delay-tolerant networks").topics, IsEmpty());
  EXPECT_THAT(Tag("delays-tolerant networks").topics, IsEmpty());
  EXPECT_THAT(Tag("the delays were long").topics, ElementsAre("delay"));
}

TEST_F(TaggerTest, AnInflectionIsNotAnotherWord) {
  EXPECT_THAT(Tag("my news feed is full of ads").topics, IsEmpty());
  EXPECT_THAT(Tag("hidden fees again").topics, ElementsAre("price"));
}

TEST_F(TaggerTest, ABrandsNameOfSeveralWordsIsNoMentionOfATopicInIt) {
  constexpr char kNames[] = R"(
[brands.delta]
aliases = ["Delta Air Lines", "Delta"]
[brands.bookingcom]
aliases = ["Booking.com"]
[brands.sky]
aliases = ["Sky Mobile"]
case_sensitive = true
[topics.long_lines]
phrases = ["lines", "queue"]
[topics.booking]
phrases = ["booking"]
[topics.mobile]
phrases = ["mobile"]
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2, MatchEngine::kHyperscan}) {
    std::unique_ptr<Tagger> tagger = Make(kNames, engine);
    ASSERT_NE(tagger, nullptr);
    Analysis a = Tag(*tagger, "Delta Air Lines' lounge is fantastic");
    EXPECT_THAT(a.brands, ElementsAre("delta"));
    EXPECT_THAT(a.topics, IsEmpty());
    a = Tag(*tagger, "Delta Air Lines: long lines at security");
    EXPECT_THAT(a.topics, ElementsAre("long_lines"));
    a = Tag(*tagger, "my Booking.com booking vanished");
    EXPECT_THAT(a.brands, ElementsAre("bookingcom"));
    EXPECT_THAT(a.topics, ElementsAre("booking"));
    EXPECT_THAT(Tag(*tagger, "booked on Booking.com").topics, IsEmpty());
    // Only a brand's mention keeps a topic out: "sky mobile" in lower case is
    // not the case-sensitive brand.
    EXPECT_THAT(Tag(*tagger, "Sky Mobile coverage").topics, IsEmpty());
    EXPECT_THAT(Tag(*tagger, "sky mobile coverage").topics, ElementsAre("mobile"));
  }
}

// An intent's cue matches as a hashtag too, as a topic's phrase does: one
// word after a '#', or several written together; a negation before it
// still turns it, and a hashtag of more than the cue is no cue.
TEST_F(TaggerTest, AnIntentsCueMatchesAsAHashtag) {
  constexpr char kCues[] = R"(
[taxonomy]
defaults = false
[intents.complaint]
negation = true
phrases = ["fail", "still waiting"]
[intents.churn]
phrases = ["never again"]
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2, MatchEngine::kHyperscan}) {
    if (engine == MatchEngine::kHyperscan && !HyperscanAvailable()) continue;
    std::unique_ptr<Tagger> tagger = Make(kCues, engine);
    ASSERT_NE(tagger, nullptr);
    SCOPED_TRACE(tagger->engine());
    EXPECT_THAT(Tag(*tagger, "@united #fail").intents, ElementsAre("complaint"));
    EXPECT_THAT(Tag(*tagger, "#FAIL again").intents, ElementsAre("complaint"));
    EXPECT_THAT(Tag(*tagger, "day 3 #StillWaiting").intents, ElementsAre("complaint"));
    EXPECT_THAT(Tag(*tagger, "#neveragain").intents, ElementsAre("churn"));
    EXPECT_THAT(Tag(*tagger, "not a #fail").intents, IsEmpty());
    // (Cues are not inflected unless their intent says `inflect`.)
    EXPECT_THAT(Tag(*tagger, "#failed #epicfail #still #waitingagain #stillwaitingforever").intents,
                IsEmpty());
  }
}

TEST_F(TaggerTest, APhraseWithAccentsAlsoMatchesWithout) {
  constexpr char kAccents[] = R"(
[brands.nestle]
aliases = ["Nestl\u00e9"]
[brands.orbit]
aliases = ["\u00d6rbit"]
case_sensitive = true
[topics.cafe]
phrases = ["caf\u00e9"]
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2, MatchEngine::kHyperscan}) {
    std::unique_ptr<Tagger> tagger = Make(kAccents, engine);
    ASSERT_NE(tagger, nullptr);
    for (const char* text : {"Nestl\u00e9 products", "Nestle products", "NESTLE"}) {
      EXPECT_THAT(Tag(*tagger, text).brands, ElementsAre("nestle")) << text;
    }
    EXPECT_THAT(Tag(*tagger, "a cafe nearby").topics, ElementsAre("cafe"));
    EXPECT_THAT(Tag(*tagger, "a caf\u00e9 nearby").topics, ElementsAre("cafe"));
    // A case-sensitive alias is matched as written, accents too.
    EXPECT_THAT(Tag(*tagger, "\u00d6rbit plan").brands, ElementsAre("orbit"));
    EXPECT_THAT(Tag(*tagger, "Orbit plan").brands, IsEmpty());
  }
}

TEST_F(TaggerTest, APhraseMatchesTokensWrittenWithAccents) {
  constexpr char kPlain[] = R"(
[brands.nestle]
aliases = ["Nestle"]
[brands.citroen]
aliases = ["Citroen"]
case_sensitive = true
[topics.dessert]
phrases = ["creme brulee"]
exclude = ["creme brulee ice cream"]
[topics.cafe]
phrases = ["cafe"]
[topics.negatives]
patterns = ['na\w+ve']
[intents.question]
patterns = ['[?!]*\?[?!]*']
[intents.churn]
negation = true
phrases = ["never again"]
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2, MatchEngine::kHyperscan}) {
    if (engine == MatchEngine::kHyperscan && !HyperscanAvailable()) continue;
    std::unique_ptr<Tagger> tagger = Make(kPlain, engine);
    ASSERT_NE(tagger, nullptr);
    SCOPED_TRACE(tagger->engine());
    // Precomposed, written apart (e + U+0301), upper case, possessive.
    for (const char* text : {"Nestl\u00e9 products", "NESTL\u00c9 products", "Nestle\u0301's"}) {
      EXPECT_THAT(Tag(*tagger, text).brands, ElementsAre("nestle")) << text;
    }
    Analysis a = Tag(*tagger, "Une cr\u00e8me br\u00fbl\u00e9e au caf\u00e9 du coin?");
    EXPECT_THAT(a.topics, ElementsAre("dessert", "cafe"));
    EXPECT_THAT(a.intents, ElementsAre("question"));
    EXPECT_THAT(Tag(*tagger, "#Caf\u00e9s du monde").topics, ElementsAre("cafe"));
    // Exclusions fold alike.
    EXPECT_THAT(Tag(*tagger, "cr\u00e8me br\u00fbl\u00e9e ice cream").topics, IsEmpty());
    // A negation before a folded cue is read at the cue's own place.
    EXPECT_THAT(Tag(*tagger, "N\u00e9ver again.").intents, ElementsAre("churn"));
    EXPECT_THAT(Tag(*tagger, "I would not say n\u00e9ver again").intents, IsEmpty());
    // A case-sensitive alias and a regex pattern match as written.
    EXPECT_THAT(Tag(*tagger, "Citro\u00ebn dealers").brands, IsEmpty());
    EXPECT_THAT(Tag(*tagger, "Citroen dealers").brands, ElementsAre("citroen"));
    EXPECT_THAT(Tag(*tagger, "so naive").topics, ElementsAre("negatives"));
    EXPECT_THAT(Tag(*tagger, "so na\u00efve").topics, IsEmpty());
    // Letters with no mark to take off stay what they are.
    EXPECT_THAT(Tag(*tagger, "caf\u00f8 and cafs").topics, IsEmpty());
    // Emoji and other characters without marks beside an accent (a text
    // with none of these is not folded at all: the same tags).
    EXPECT_THAT(Tag(*tagger, "\U0001F600 caf\u00e9 \u2764\ufe0f").topics, ElementsAre("cafe"));
    EXPECT_THAT(Tag(*tagger, "\U0001F600 cafe \u2764\ufe0f \u00bfs\u00ed?").topics,
                ElementsAre("cafe"));
    EXPECT_THAT(Tag(*tagger, "\U0001F600 caf \u2764\ufe0f").topics, IsEmpty());
  }
}

TEST_F(TaggerTest, WithoutAnExclusionAPhraseMatchesInsideAHyphenatedWord) {
  EXPECT_THAT(Tag("the late-night flight").topics, ElementsAre("delay"));
}

TEST_F(TaggerTest, SpaceAndHyphenMatchEachOther) {
  EXPECT_THAT(Tag("online check-in failed").topics, ElementsAre("booking"));
}

TEST_F(TaggerTest, ANestedTopicListsItsParentFirst) {
  EXPECT_THAT(Tag("the crew was great").topics, ElementsAre("service", "staff"));
}

TEST_F(TaggerTest, TopicsAreInOrderOfFirstMention) {
  EXPECT_THAT(Tag("late again, and the staff shrugged; another delay").topics,
              ElementsAre("delay", "service", "staff"));
}

TEST_F(TaggerTest, PatternsMatch) {
  EXPECT_THAT(Tag("Delayed 3 hours in Denver").topics, ElementsAre("delay"));
}

// Patterns that all need a digit are not run on a post without one: the
// same tags, on either engine, for posts with and without digits (among
// them digits inside words and amounts, and non-ASCII digits, which \d is
// not).
TEST_F(TaggerTest, PatternsThatNeedADigitTagTheSameWithoutTheScanOfPostsWithNone) {
  constexpr char kDigits[] = R"(
[taxonomy]
defaults = false
[topics.wait]
patterns = ['\d+ ?(?:min|mins|hrs?|hours?) (?:in )?line', 'on hold (?:for )?\d+', 'gate [a-c]\d+']
[topics.hold]
phrases = ["on hold"]
)";
  for (MatchEngine engine : {MatchEngine::kAuto, MatchEngine::kRe2}) {
    std::unique_ptr<Tagger> tagger = Make(kDigits, engine);
    ASSERT_NE(tagger, nullptr);
    EXPECT_TRUE(tagger->gated());
    EXPECT_THAT(Tag(*tagger, "40 mins in line at security").topics, ElementsAre("wait"));
    EXPECT_THAT(Tag(*tagger, "on hold for 2 hours").topics, ElementsAre("hold", "wait"));
    EXPECT_THAT(Tag(*tagger, "On hold for two hours").topics, ElementsAre("hold"));
    EXPECT_THAT(Tag(*tagger, "moved to gate B12").topics, ElementsAre("wait"));
    EXPECT_THAT(Tag(*tagger, "moved to gate b").topics, IsEmpty());
    EXPECT_THAT(Tag(*tagger, "forty mins in line").topics, IsEmpty());
    // U+0664 ARABIC-INDIC DIGIT FOUR: a digit to Unicode, not to \d.
    EXPECT_THAT(Tag(*tagger, "\xD9\xA4 mins in line").topics, IsEmpty());
    EXPECT_FALSE(tagger->gate().Test("forty mins in line", SentimentLabel::kNeutral));
    EXPECT_TRUE(tagger->gate().Test("40 mins in line", SentimentLabel::kNeutral));
  }
}

TEST(LintPattern, FindsAnchorsAndSignsTouchingAWord) {
  EXPECT_TRUE(LintPattern("^refund").anchor);
  EXPECT_TRUE(LintPattern("refund$").anchor);
  EXPECT_FALSE(LintPattern("\\$ \\d+").anchor);  // an escaped dollar sign
  EXPECT_FALSE(LintPattern("[$^]").anchor);        // signs in a class
  EXPECT_EQ(LintPattern("check-in").touching, '-');
  EXPECT_EQ(LintPattern("\\$\\d+").touching, '$');
  EXPECT_EQ(LintPattern("\\d+%").touching, '%');
  EXPECT_EQ(LintPattern("why\\?").touching, '?');
  EXPECT_EQ(LintPattern("\\d+:\\d\\d ?(?:am|pm)").touching, ':');
  EXPECT_EQ(LintPattern("[0-9]+/[0-9]+").touching, '/');
  // What the text has: signs with spaces, hashtags, handles, numbers with
  // separators, apostrophes, signs on their own.
  for (const char* ok : {"check - in", "\\$ \\d+", "\\d+ %", "#\\w+", "@\\w+", "\\d+\\.\\d+",
                         "don't", "[?!]*\\?[?!]*", "delayed (?:by )?\\d+ ?(?:hours?|hrs?)",
                         "(?i)gate \\w\\d+", "\\p{L}-x"}) {
    EXPECT_EQ(LintPattern(ok).touching, 0) << ok;
    EXPECT_FALSE(LintPattern(ok).anchor) << ok;
  }
}

// The regexes below as written in C++ source; RegexNeedsDigit's cases.
TEST(RegexNeedsDigit, ReadsWhetherEveryMatchHoldsADigit) {
  struct Case {
    const char* regex;
    bool needs;
  };
  const Case cases[] = {
      {"\\d", true},
      {"delayed (?:by )?\\d+ ?(?:hours?|hrs?)", true},
      {"flight 7\\d\\d", true},
      {"747", true},
      {"[0-9]+", true},
      {"[1-3][a-z]", true},
      {"(?:\\d|[0-9])x", true},
      {"(?i)\\d", true},
      {"(?i:abc|\\d)\\d{1,2}", true},
      {" (?:on hold (?:for )?\\d+) ", true},  // as WrapPattern() wraps one
      {"a\\d{2}", true},
      {"a\\d{2,}", true},
      {"on hold", false},
      {"", false},
      {"\\d?", false},
      {"\\d*", false},
      {"\\d{0,2}", false},
      {"a|\\d", false},
      {"(?:\\d|x)", false},
      {"[^0-9]", false},
      {"[0-9a]", false},
      {"[-0-9]", false},
      {"[0-9-]", false},
      {"[]0-9]", false},
      {"\\D", false},
      {"\\\\d", false},  // a backslash, then 'd'
      {"\\.\\d", true},
      {"\\\\\\d", true},  // a backslash, then a digit
      // What it does not follow says false.
      {"\\Q1\\E", false},
      {"\\x31", false},
      {"\\p{Nd}", false},
      {"[[:digit:]]", false},
      {"(?=1)1", false},
      {"\\d+?", false},
      {"\\d{2", false},
      {"(\\d", false},
      {"\\d)", false},
      {"[0-9", false},
      {"a**", false},
      {"\\1", false},
      // RE2 takes a quantifier after a group of flags alone for the atom
      // before it: "5(?)?" is "5?" (found by regex_digit_fuzzer).
      {"5(?)?s?", false},
      {"5(?i)*", false},
      {"5(?i)", true},
  };
  for (const Case& c : cases) EXPECT_EQ(RegexNeedsDigit(c.regex), c.needs) << c.regex;
}

TEST_F(TaggerTest, AspectsTakeTheSentimentOfTheirClause) {
  Analysis a = Tag("the crew was lovely but the delay was awful");
  ASSERT_EQ(a.aspects.size(), 3u);
  EXPECT_EQ(a.aspects[1].topic, "staff");
  EXPECT_EQ(a.aspects[1].label, SentimentLabel::kPositive);
  EXPECT_EQ(a.aspects[2].topic, "delay");
  EXPECT_EQ(a.aspects[2].label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[0].topic, "service");  // the parent, from its child's clause
  EXPECT_EQ(a.aspects[0].score, a.aspects[1].score);
}

// A topic's aspect is the mean of the clauses of its own mentions and its
// sub-topics' at any depth, each clause once, whatever the order of the
// mentions and however many topics the post lists.
TEST_F(TaggerTest, AnAspectAveragesTheClausesOfItsTopicAndAllBelowIt) {
  auto tagger = Make(R"(
[taxonomy]
defaults = false
[topics.a]
phrases = ["alpha"]
[topics.a.b]
phrases = ["beta"]
[topics.a.b.c]
phrases = ["gamma"]
[topics.d]
phrases = ["delta"]
)",
                     MatchEngine::kAuto);
  ASSERT_NE(tagger, nullptr);
  VaderScorer scorer(*model_);
  auto clause = [&](std::string_view text) { return scorer.Score(text).score; };
  auto round4 = [](double v) { return std::round(v * 1e4) / 1e4; };
  const Analysis a = Tag(*tagger,
                         "gamma was great. beta was terrible. alpha and gamma were fine. "
                         "delta was lovely. gamma was great.");
  ASSERT_THAT(a.topics, ElementsAre("a", "b", "c", "d"));
  ASSERT_EQ(a.aspects.size(), 4u);
  const double great = clause("gamma was great."), terrible = clause("beta was terrible.");
  const double fine = clause("alpha and gamma were fine."), lovely = clause("delta was lovely.");
  ASSERT_NE(great, 0);
  ASSERT_NE(terrible, 0);
  EXPECT_DOUBLE_EQ(a.aspects[0].score, round4((great + terrible + fine + great) / 4));
  EXPECT_DOUBLE_EQ(a.aspects[1].score, round4((great + terrible + fine + great) / 4));
  EXPECT_DOUBLE_EQ(a.aspects[2].score, round4((great + fine + great) / 3));
  EXPECT_DOUBLE_EQ(a.aspects[3].score, round4(lovely));
  // The same clauses four times over: many topics' mentions are gathered
  // by topic rather than each tested against each (tagger.cc), to the same
  // means.
  std::string repeated;
  for (int k = 0; k < 4; ++k) {
    repeated +=
        "gamma was great. beta was terrible. alpha and gamma were fine. delta was lovely. "
        "gamma was great. ";
  }
  const Analysis many = Tag(*tagger, repeated);
  ASSERT_EQ(many.aspects.size(), 4u);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(many.aspects[k].topic, a.aspects[k].topic);
    EXPECT_DOUBLE_EQ(many.aspects[k].score, a.aspects[k].score) << k;
  }
  // "b" counts "alpha and gamma were fine." once, for gamma: alpha is above it.
  const Analysis only = Tag(*tagger, "alpha and beta were fine.");
  ASSERT_THAT(only.topics, ElementsAre("a", "b"));
  EXPECT_DOUBLE_EQ(only.aspects[0].score, only.aspects[1].score);
}

TEST_F(TaggerTest, AnAspectOfOneClauseHasTheScoreOfThatClausesText) {
  // A clause that is the whole post takes the post's score; others are
  // scored on their own text. Both must give what scoring the clause gives.
  VaderScorer scorer(*model_);
  struct Case {
    std::string_view text, clause;
  };
  for (Case c : {Case{"the crew was lovely", "the crew was lovely"},
                 Case{"the crew was LOVELY!", "the crew was LOVELY!"},
                 Case{"  the crew was lovely  ", "the crew was lovely"},
                 Case{"the crew was lovely. NOT ok", "the crew was lovely."}}) {
    Analysis a = Tag(c.text);
    ASSERT_EQ(a.aspects.size(), 2u) << c.text;
    EXPECT_DOUBLE_EQ(a.aspects[1].score, std::round(scorer.Score(c.clause).score * 1e4) / 1e4)
        << c.text;
  }
}

TEST_F(TaggerTest, SentencePunctuationEndsAClause) {
  Analysis a = Tag("Terrible delay. Wonderful crew!");
  ASSERT_EQ(a.aspects.size(), 3u);
  EXPECT_EQ(a.aspects[0].label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[2].label, SentimentLabel::kPositive);
}

TEST_F(TaggerTest, AnAspectTakesItsSegmentWhenTheSegmentSaysSomething) {
  VaderScorer scorer(*model_);
  auto score = [&](std::string_view s) { return std::round(scorer.Score(s).score * 1e4) / 1e4; };
  // Two topics in one sentence, a comma between: each its own part.
  Analysis a = Tag("The delay was awful, the crew were lovely");
  ASSERT_EQ(a.aspects.size(), 3u);
  EXPECT_EQ(a.aspects[0].topic, "delay");
  EXPECT_DOUBLE_EQ(a.aspects[0].score, score("The delay was awful,"));
  EXPECT_EQ(a.aspects[0].label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[2].topic, "staff");
  EXPECT_DOUBLE_EQ(a.aspects[2].score, score("the crew were lovely"));
  EXPECT_EQ(a.aspects[2].label, SentimentLabel::kPositive);
  // A part with no sentiment of its own leaves the topic its clause's: the
  // crew is what was lovely ("crew" has no sentiment, "delay" has).
  // Across a dash and a colon alike.
  for (std::string_view text : {"the crew, who served us for 3 hours, were lovely",
                                "the crew - 3 of them - were lovely", "the crew: 3 of them, lovely"}) {
    Analysis b = Tag(text);
    ASSERT_EQ(b.aspects.size(), 2u) << text;
    EXPECT_EQ(b.aspects[1].topic, "staff");
    EXPECT_EQ(b.aspects[1].label, SentimentLabel::kPositive) << text;
  }
  // A topic in several parts averages them, each part and each clause
  // counted once: here the two "crew," parts say nothing and give the
  // clause (the whole post) once, beside the part that says "awful".
  Analysis c = Tag("crew, crew, awful crew day");
  ASSERT_EQ(c.aspects.size(), 2u);
  const double whole = scorer.Score("crew, crew, awful crew day").score;
  const double part = scorer.Score("awful crew day").score;
  EXPECT_DOUBLE_EQ(c.aspects[1].score, std::round((whole + part) / 2 * 1e4) / 1e4);
}

TEST_F(TaggerTest, FindsCurrencyAmountsAndPriceWords) {
  Analysis a = Tag("$49 each way, €20 for a bag, 20 EUR more, £5.99 coffee, 49 dollars: too expensive");
  ASSERT_EQ(a.prices.size(), 6u);
  EXPECT_EQ(a.prices[0].text, "$49");
  EXPECT_EQ(a.prices[0].currency, "USD");
  EXPECT_EQ(a.prices[0].amount, 49);
  EXPECT_EQ(a.prices[1].currency, "EUR");
  EXPECT_EQ(a.prices[2].text, "20 EUR");
  EXPECT_EQ(a.prices[3].currency, "GBP");
  EXPECT_EQ(a.prices[3].amount, 5.99);
  EXPECT_EQ(a.prices[4].text, "49 dollars");
  EXPECT_EQ(a.prices[5].text, "too expensive");  // not also "expensive"
  EXPECT_FALSE(a.prices[5].has_amount);
}

TEST_F(TaggerTest, PricesAreMentionsOfThePriceTopic) {
  Analysis a = Tag("what a rip-off");
  EXPECT_THAT(a.topics, ElementsAre("price"));
  ASSERT_EQ(a.prices.size(), 1u);
  EXPECT_EQ(a.prices[0].text, "rip-off");
}

// The price aspect of a post, by topic id.
const Aspect* PriceAspect(const Analysis& a) {
  for (const Aspect& x : a.aspects) {
    if (x.topic == "price") return &x;
  }
  return nullptr;
}

TEST_F(TaggerTest, APolarPriceWordGivesThePriceAspectItsSign) {
  // VADER has no valence for "expensive": the clause alone would be neutral.
  Analysis a = Tag("The fare is too expensive");
  ASSERT_NE(PriceAspect(a), nullptr);
  EXPECT_EQ(PriceAspect(a)->label, SentimentLabel::kNegative);
  EXPECT_THAT(a.intents, ElementsAre("complaint"));

  a = Tag("the crew was great but the fare was too expensive");
  ASSERT_NE(PriceAspect(a), nullptr);
  EXPECT_EQ(PriceAspect(a)->label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[1].topic, "staff");
  EXPECT_EQ(a.aspects[1].label, SentimentLabel::kPositive);
  EXPECT_THAT(a.intents, ElementsAre("complaint"));  // not praise: unless = ["complaint"]

  a = Tag("what a bargain");
  ASSERT_NE(PriceAspect(a), nullptr);
  EXPECT_EQ(PriceAspect(a)->label, SentimentLabel::kPositive);

  // A negation before it turns it, as VADER turns "not good".
  a = Tag("the fare was not overpriced");
  ASSERT_NE(PriceAspect(a), nullptr);
  EXPECT_EQ(PriceAspect(a)->label, SentimentLabel::kPositive);
  EXPECT_THAT(a.intents, IsEmpty());

  // Words without a polarity leave the clause's score as it is.
  a = Tag("got a discount");
  ASSERT_NE(PriceAspect(a), nullptr);
  EXPECT_EQ(PriceAspect(a)->label, SentimentLabel::kNeutral);
}

TEST_F(TaggerTest, AnAndOpeningANewSubjectGivesEachTopicItsOwnSentiment) {
  Analysis a = Tag("the fare was awful and the crew was lovely");
  ASSERT_EQ(a.aspects.size(), 3u);
  EXPECT_EQ(a.aspects[0].topic, "price");
  EXPECT_EQ(a.aspects[0].label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[2].topic, "staff");
  EXPECT_EQ(a.aspects[2].label, SentimentLabel::kPositive);
}

TEST_F(TaggerTest, AQuestionMarkOrOpenerIsAQuestion) {
  EXPECT_THAT(Tag("is my flight on time?").intents, ElementsAre("question"));
  EXPECT_THAT(Tag("anyone know the gate for SL204").intents, ElementsAre("question"));
}

TEST_F(TaggerTest, SwitchingIsAChurnThreat) {
  EXPECT_THAT(Tag("switching to @Jetwave").intents, ElementsAre("churn"));
  EXPECT_THAT(Tag("cancelling my subscription today").intents, ElementsAre("churn"));
  EXPECT_THAT(Tag("third time this month. I'm done").intents, ElementsAre("churn"));
  // A change of flight or plan, or "never" about something else, is not.
  EXPECT_THAT(Tag("is there a way to switch to an earlier flight").intents,
              ElementsAre("question"));
  EXPECT_THAT(Tag("I need to cancel my flight for tomorrow").intents, IsEmpty());
  EXPECT_THAT(Tag("a trip you will never forget").intents, IsEmpty());
  EXPECT_THAT(Tag("sad to say goodbye to Lisbon").intents, IsEmpty());
}

// An intent's `exclude`, as a topic's: a cue inside one does not count.
// The built-in churn excludes "I'm done" with a time or a task.
TEST_F(TaggerTest, AnIntentsExclusionCancelsACueInsideIt) {
  EXPECT_THAT(Tag("once I'm done packing I'll call you").intents, IsEmpty());
  EXPECT_THAT(Tag("im done for the day, see you tomorrow").intents, IsEmpty());
  EXPECT_THAT(Tag("when I\u2019m done I'll post pics").intents, IsEmpty());
  EXPECT_THAT(Tag("I'm done. Third lost bag this year").intents, ElementsAre("churn"));
  // Another cue of the same intent outside the exclusion still counts.
  EXPECT_THAT(Tag("once I'm done here I'm switching to @Jetwave").intents, ElementsAre("churn"));
  auto tagger = Make(
      "[taxonomy]\ndefaults = false\n"
      "[intents.refund]\nphrases = [\"refund\"]\ninflect = true\n"
      "exclude = [\"no refund needed\", \"refund policy\"]\n",
      MatchEngine::kAuto);
  ASSERT_NE(tagger, nullptr);
  EXPECT_THAT(Tag(*tagger, "I want a refund").intents, ElementsAre("refund"));
  EXPECT_THAT(Tag(*tagger, "what is your refund policy").intents, IsEmpty());
  // Exclusions take the cues' inflection.
  EXPECT_THAT(Tag(*tagger, "read the refunds policies").intents, IsEmpty());
  EXPECT_THAT(Tag(*tagger, "no refund needed, all good. refund the other one").intents,
              ElementsAre("refund"));
}

TEST_F(TaggerTest, BookingIsPurchaseIntent) {
  EXPECT_THAT(Tag("just booked Lisbon for May").intents, ElementsAre("purchase"));
  EXPECT_THAT(Tag("I need to book a flight tonight").intents, ElementsAre("purchase"));
  // A past purchase told as the background of a request is not one.
  EXPECT_THAT(Tag("my dad booked through a travel agent and cannot make it").intents, IsEmpty());
  EXPECT_THAT(Tag("i purchased this in march and it stopped charging").intents, IsEmpty());
  EXPECT_THAT(Tag("a site for book lovers").intents, IsEmpty());
}

TEST_F(TaggerTest, NegativeSentimentAboutATopicIsAComplaint) {
  EXPECT_THAT(Tag("the delay was horrible and sad").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("the weather is sad").intents, IsEmpty());  // no topic, no cue
}

// ... or about a brand (the built-in complaint has `with_brand = "negative"`).
TEST_F(TaggerTest, NegativeSentimentAboutABrandIsAComplaint) {
  Analysis a = Tag("@SkyloftAir my trip home is a sad mess");
  ASSERT_EQ(a.sentiment.label, SentimentLabel::kNegative);
  EXPECT_THAT(a.brands, ElementsAre("skyloft"));
  EXPECT_THAT(a.intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("@SkyloftAir see you in Lisbon").intents, IsEmpty());  // neutral
  // An intent may have `with_brand` alone.
  auto tagger = Make("[taxonomy]\ndefaults = false\n[brands.x]\nhandles = [\"@x\"]\n"
                     "[intents.cheer]\nwith_brand = \"positive\"\n",
                     MatchEngine::kAuto);
  ASSERT_NE(tagger, nullptr);
  EXPECT_THAT(Tag(*tagger, "@x you are wonderful").intents, ElementsAre("cheer"));
  EXPECT_THAT(Tag(*tagger, "you are wonderful").intents, IsEmpty());
}

TEST_F(TaggerTest, PraiseNeedsAPositivePost) {
  EXPECT_THAT(Tag("thanks, love the crew").intents, ElementsAre("praise"));
  EXPECT_THAT(Tag("thanks for nothing, I hate this awful horrible mess").intents,
              ::testing::Not(::testing::Contains("praise")));
}

// The built-ins are for customer conversation in general, not airlines
// alone: support, subscriptions, orders and reviews.
TEST_F(TaggerTest, TheBuiltInsKnowCustomerCareBeyondAirlines) {
  EXPECT_THAT(Tag("my router stopped working again").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("the app doesn\u2019t work since the update").intents, ElementsAre("complaint"));
  // ... and as posts often write it, without the apostrophe.
  EXPECT_THAT(Tag("the app doesnt work since the update").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("cant log in to the app").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("wheres my order").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("still havent received my refund").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("after this I wont be back").intents, ElementsAre("churn"));
  EXPECT_THAT(Tag("been on hold for 40 minutes").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("charged twice for one order").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("canceling my subscription today").intents, ElementsAre("churn"));
  EXPECT_THAT(Tag("you just lost a customer").intents, ElementsAre("churn"));
  EXPECT_THAT(Tag("just ordered the blue one").intents, ElementsAre("purchase"));
  EXPECT_THAT(Tag("I highly recommend this phone").intents, ElementsAre("praise"));
  EXPECT_THAT(Tag("do you have it in size 10").intents, ElementsAre("question"));
  // Complaints said with how the customer feels or what went wrong, with
  // no topic of the taxonomy needed.
  EXPECT_THAT(Tag("the agent was rude and then hung up on me").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("my package arrived damaged").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("so frustrated with this app lol").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("stuck at the gate, no answer from anyone").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("the new update sucks").intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("the staff was not rude at all").intents, IsEmpty());
  EXPECT_THAT(Tag("could you please check order 5512").intents, ElementsAre("question"));
  Analysis a = Tag("is there a promo code");
  ASSERT_EQ(a.prices.size(), 1u);
  EXPECT_EQ(a.prices[0].text, "promo code");
}

// The built-in praise has `unless = ["complaint"]`: praise words around a
// complaint are sarcasm or politeness, and the post is a complaint.
TEST_F(TaggerTest, PraiseIsNotListedWithAComplaint) {
  Analysis a = Tag("thanks for the rude customer service and the 3 hour delay");
  EXPECT_THAT(a.intents, ElementsAre("complaint"));
  EXPECT_THAT(Tag("been on hold 36 minutes, that would be great").intents,
              ElementsAre("complaint"));
  EXPECT_THAT(Tag("thanks, the crew was great").intents, ElementsAre("praise"));
}

TEST_F(TaggerTest, AnIntentIsDroppedWhenOneItNamesApplies) {
  // Named before or after it, in the taxonomy's order; what is dropped is
  // decided before any `unless`, so two that name each other both go.
  auto tagger = Make(
      "[taxonomy]\ndefaults = false\n"
      "[intents.upsell]\nphrases = [\"upgrade\"]\nunless = [\"refund\"]\n"
      "[intents.refund]\nphrases = [\"refund\"]\n"
      "[intents.a]\nphrases = [\"alpha\"]\nunless = [\"b\"]\n"
      "[intents.b]\nphrases = [\"beta\"]\nunless = [\"a\"]\n",
      MatchEngine::kAuto);
  ASSERT_NE(tagger, nullptr);
  EXPECT_THAT(Tag(*tagger, "can I upgrade my seat").intents, ElementsAre("upsell"));
  EXPECT_THAT(Tag(*tagger, "upgrade or refund").intents, ElementsAre("refund"));
  EXPECT_THAT(Tag(*tagger, "alpha").intents, ElementsAre("a"));
  EXPECT_THAT(Tag(*tagger, "alpha beta").intents, IsEmpty());
}

// Past 64 intents ListIntents() keeps a byte per intent rather than a bit:
// the same rules.
TEST_F(TaggerTest, ManyIntentsFollowTheSameRules) {
  std::string toml = "[taxonomy]\ndefaults = false\n[brands.x]\nhandles = [\"@x\"]\n";
  for (int i = 0; i < 70; ++i) {
    toml += "[intents.i" + std::to_string(i) + "]\nphrases = [\"cue" + std::to_string(i) + "\"]\n";
  }
  toml += "unless = [\"i68\", \"i2\"]\nrequires = \"neutral\"\nwith_brand = \"positive\"\n";
  auto tagger = Make(toml, MatchEngine::kAuto);
  ASSERT_NE(tagger, nullptr);
  EXPECT_THAT(Tag(*tagger, "cue0 and cue69").intents, ElementsAre("i0", "i69"));
  EXPECT_THAT(Tag(*tagger, "cue68 and cue69").intents, ElementsAre("i68"));
  EXPECT_THAT(Tag(*tagger, "cue69 cue2").intents, ElementsAre("i2"));
  EXPECT_THAT(Tag(*tagger, "cue69, what a wonderful day").intents, IsEmpty());  // not neutral
  EXPECT_THAT(Tag(*tagger, "@x what a wonderful day").intents, ElementsAre("i69"));
}

// The built-in complaint, praise, purchase and churn have `negation`: a cue
// with "not", "never", "can't"... among the three words before it does not
// count; punctuation between ends the negation's reach.
TEST_F(TaggerTest, ANegatedCueIsNotAnIntent) {
  EXPECT_THAT(Tag("i have not been disappointed with it").intents, IsEmpty());
  EXPECT_THAT(Tag("never disappointed by this brand").intents, IsEmpty());
  EXPECT_THAT(Tag("I can\u2019t complain about the ride").intents, IsEmpty());
  EXPECT_THAT(Tag("nothing to complain about").intents, IsEmpty());
  EXPECT_THAT(Tag("not switching to @Jetwave anytime soon").intents, IsEmpty());
  EXPECT_THAT(Tag("I don't want to buy another one").intents, IsEmpty());
  EXPECT_THAT(Tag("no thank you").intents, IsEmpty());
  // Out of reach, or past punctuation: the cue counts.
  EXPECT_THAT(Tag("not that it matters but I am so disappointed").intents,
              ElementsAre("complaint"));
  EXPECT_THAT(Tag("No. Disappointed again").intents, ElementsAre("complaint"));
  // A negation inside the cue is the cue's own.
  EXPECT_THAT(Tag("the wifi is not working").intents, ElementsAre("complaint"));
  // A complaint cue negated in a negative post (complaint's `with_topic`)
  // still counts: the negation is the post's ellipsis, not its praise.
  Analysis a = Tag("The flight wasn't terrible, but the boarding chaos at gate B4 was");
  ASSERT_EQ(a.sentiment.label, SentimentLabel::kNegative);
  EXPECT_THAT(a.intents, ElementsAre("complaint"));
  // An intent without `negation` (question) is not negated.
  EXPECT_THAT(Tag("not sure, is there wifi").intents, ElementsAre("question"));
}

TEST_F(TaggerTest, NoTaxonomyTermsMeansEmptyFields) {
  Analysis a = Tag("");
  EXPECT_THAT(a.brands, IsEmpty());
  EXPECT_THAT(a.topics, IsEmpty());
  EXPECT_THAT(a.prices, IsEmpty());
}

TEST_F(TaggerTest, AnUncompilablePhraseNamesItsLine) {
  auto taxonomy = ParseTaxonomy("[topics.x]\nphrases = [\"...\", \"   \u200b\"]\n", "t.toml");
  ASSERT_OK(taxonomy);
  EXPECT_THAT(Tagger::Create(std::move(taxonomy).value(), TaggerOptions{}),
              testing::StatusIs(StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("t.toml:2: topic 'x' phrase")));
}

// A corpus of generated posts built from the taxonomy's own terms, with the
// hyphens, hashtags, cases, inflections and noise that matter at boundaries.
std::vector<std::string> Corpus() {
  static const char* kWords[] = {"delay",
                                 "delays",
                                 "Delayed",
                                 "late-night",
                                 "delay-tolerant",
                                 "#delay",
                                 "crew",
                                 "staff",
                                 "@SkyloftAir",
                                 "@skyloftairhelp",
                                 "Skyloft's",
                                 "Jetwave",
                                 "jetwave pools",
                                 "check-in",
                                 "check in",
                                 "customer service",
                                 "#customerservice",
                                 "$49",
                                 "20 EUR",
                                 "too expensive",
                                 "rip off",
                                 "but",
                                 "however",
                                 ".",
                                 "!",
                                 "?",
                                 "lovely",
                                 "awful",
                                 "switching to",
                                 "booked",
                                 "thanks",
                                 "the",
                                 "was",
                                 "delayed 3 hours",
                                 "fare",
                                 "fees",
                                 "flight attendant",
                                 "attendants",
                                 "naïve",
                                 "café",
                                 "😡",
                                 "great",
                                 "never again",
                                 "why?!",
                                 "??",
                                 "!!",
                                 "ok?.",
                                 "-?",
                                 "Délay",
                                 "crèw",
                                 "stäff-",
                                 "fàre",
                                 "chéck-in",
                                 "cústomer service",
                                 "#délay",
                                 "Jétwave",
                                 "@SkyloftÁir",
                                 "skýloft",
                                 "thanḱs",
                                 "swítching to",
                                 "néver again",
                                 "awfül",
                                 "éxpensive",
                                 "délay-tolerant"};
  std::mt19937 rng(7);
  std::vector<std::string> corpus;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < n; ++k) {
      if (k) text += (rng() % 5 == 0) ? ", " : " ";
      text += kWords[rng() % std::size(kWords)];
    }
    corpus.push_back(text);
  }
  return corpus;
}

std::string Describe(const Analysis& a) {
  std::string s;
  for (const auto* list : {&a.brands, &a.topics, &a.intents}) {
    for (const auto& v : *list) s += v + ",";
    s += "|";
  }
  for (const Aspect& x : a.aspects) s += x.topic + ":" + std::to_string(x.score) + ",";
  s += "|";
  for (const Price& p : a.prices) s += p.text + ":" + p.currency + std::to_string(p.amount) + ",";
  return s;
}

TEST_F(TaggerTest, Re2AndHyperscanGiveTheSameResults) {
  if (!HyperscanAvailable()) GTEST_SKIP() << "this build or CPU has no Hyperscan";
  std::unique_ptr<Tagger> hs = Make(kTaxonomy, MatchEngine::kHyperscan);
  std::unique_ptr<Tagger> re2 = Make(kTaxonomy, MatchEngine::kRe2);
  ASSERT_EQ(hs->engine(), "hyperscan");
  ASSERT_EQ(re2->engine(), "re2");
  int tagged = 0;
  for (const std::string& text : Corpus()) {
    std::string expected = Describe(Tag(*hs, text));
    EXPECT_EQ(Describe(Tag(*re2, text)), expected) << text;
    tagged += expected.size() > 6;
  }
  EXPECT_GT(tagged, 2000);  // the corpus exercises the matchers
}

// The default engine (phrases in the token automaton, the question marks
// found without a regex) against RE2 with every term as a regex.
TEST_F(TaggerTest, TheDefaultEngineGivesWhatRe2Gives) {
  std::unique_ptr<Tagger> re2 = Make(kTaxonomy, MatchEngine::kRe2);
  int questions = 0;
  for (const std::string& text : Corpus()) {
    Analysis a = Tag(*tagger_, text);
    EXPECT_EQ(Describe(a), Describe(Tag(*re2, text))) << text;
    questions += std::find(a.intents.begin(), a.intents.end(), "question") != a.intents.end();
  }
  EXPECT_GT(questions, 500);  // the corpus exercises the question marks
}

TEST_F(TaggerTest, TheRe2EngineAloneTagsAsDocumented) {
  std::unique_ptr<Tagger> re2 = Make(kTaxonomy, MatchEngine::kRe2);
  Analysis a = Tag(*re2, "@SkyloftAir the crew was lovely but the delay-tolerant delay was awful");
  EXPECT_THAT(a.brands, ElementsAre("skyloft"));
  EXPECT_THAT(a.topics, ElementsAre("service", "staff", "delay"));
  ASSERT_EQ(a.aspects.size(), 3u);
  EXPECT_EQ(a.aspects[2].label, SentimentLabel::kNegative);
}

}  // namespace
}  // namespace parley
