#include "src/taxonomy/tag_gate.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "src/taxonomy/prices.h"
#include "src/taxonomy/tagger.h"
#include "src/text/tokenizer.h"
#include "src/text/unicode.h"
#include "src/text/vader.h"

namespace parley {
namespace {

// A scorer with no lexicon: aspects need a score, the gate only the label.
class FixedScorer final : public SentimentScorer {
 public:
  Sentiment Score(std::string_view) const override { return Sentiment{}; }
};

constexpr SentimentLabel kLabels[] = {SentimentLabel::kNegative, SentimentLabel::kNeutral,
                                      SentimentLabel::kPositive};

// Brands, topics and intents with every kind of unit the automaton knows:
// words (inflected and not), several words, hyphens, apostrophes, digits,
// handles, hashtags, a word with a non-ASCII letter, exclusions, nesting, a
// price topic, an intent that requires a label; the built-in intents and
// price words besides.
constexpr char kTaxonomy[] = R"(
[brands.skyloft]
aliases = ["Skyloft", "Skyloft Air"]
handles = ["@SkyloftAir"]
hashtags = ["#skyloft"]
exclude = ["skyloft tower"]

[brands.cafe]
patterns = ['rouge ?cafe']
aliases = ["Café Rouge"]
inflect = true

[topics.delay]
phrases = ["delay", "late", "carry on"]
patterns = ['delayed (?:by )?\d+ ?(?:hours?|hrs?)', 'on hold']
exclude = ["delay-tolerant"]

[topics.service]
phrases = ["customer service", "can't board", "check-in"]

[topics.service.staff]
phrases = ["crew", "staff", "flight attendant", "a1 crew"]

[topics.covid]
phrases = ["covid-19", "x", "bye bye"]

[topics.price]
phrases = ["fare", "fee"]

[topics.food]
phrases = ["pizza", "zone"]  # the alphabet's ends, for the gate's letter test

[intents.wish]
requires = "negative"
phrases = ["wish", "if only"]
)";

std::unique_ptr<Tagger> MakeTagger(std::string_view toml) {
  auto taxonomy = ParseTaxonomy(toml, "gate.toml");
  EXPECT_TRUE(taxonomy.ok()) << taxonomy.status().message();
  auto tagger = Tagger::Create(std::move(taxonomy).value(), TaggerOptions{});
  EXPECT_TRUE(tagger.ok()) << tagger.status().message();
  return std::move(tagger).value();
}

bool TagsAnything(const Tagger& tagger, std::string_view text, SentimentLabel label) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  Analysis a;
  a.sentiment.label = label;
  tagger.Tag(text, tokens, FixedScorer(), &a);
  return !a.brands.empty() || !a.topics.empty() || !a.intents.empty() || !a.aspects.empty() ||
         !a.prices.empty();
}

// A random post of up to `most` of `pieces`, each followed by what
// `gap(rng)` gives (a space, several, none...).
template <typename Gap>
std::string RandomPost(std::mt19937& rng, const std::vector<std::string>& pieces, size_t most,
                       Gap gap) {
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), count(0, most);
  std::string text;
  for (size_t k = count(rng); k > 0; --k) {
    text += pieces[pick(rng)];
    text += gap(rng);
  }
  return text;
}

// A space after a piece but one time in `bare_one_in`.
auto SpaceButOneIn(unsigned bare_one_in) {
  return [bare_one_in](std::mt19937& rng) -> std::string_view {
    return rng() % bare_one_in != 0 ? " " : "";
  };
}

// One of five gaps: a space, two, a newline, a tab, none.
std::string_view AnyGap(std::mt19937& rng) {
  static constexpr std::string_view kGaps[] = {" ", "  ", "\n", "\t", ""};
  return kGaps[rng() % 5];
}

TEST(TagGate, SaysNoForAPostWithNothingToMatch) {
  auto tagger = MakeTagger(kTaxonomy);
  ASSERT_TRUE(tagger->gated());
  for (std::string_view text : {"", "just landed in Denver", "ok", "20 people on the plane",
                                "it was sooo slow", "crewww",
                                "the weather is nice \xF0\x9F\x98\x82 today", "co-pilot", "a"}) {
    for (SentimentLabel label : kLabels) {
      EXPECT_FALSE(tagger->gate().Test(text, label)) << text;
      EXPECT_FALSE(TagsAnything(*tagger, text, label)) << text;
    }
  }
}

// A thread's first text may be empty: the gate's buffers are made for it.
TEST(TagGate, TakesAnEmptyTextFirst) {
  auto tagger = MakeTagger(kTaxonomy);
  for (SentimentLabel label : kLabels) {
    std::thread([&] {
      std::vector<TagGate::Hit> hits;
      EXPECT_EQ(tagger->gate().CheckNow("", label, &hits), TagGate::Verdict::kNo);
      EXPECT_FALSE(tagger->gate().Test("", label));
      EXPECT_TRUE(tagger->gate().Test("thanks?", label));
    }).join();
  }
}

TEST(TagGate, SaysMaybeForEachKindOfMatch) {
  auto tagger = MakeTagger(kTaxonomy);
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  for (std::string_view text :
       {"flight DELAYED again", "the Crew", "#Delays everywhere", "@skyloftair hi",
        "#customerservice", "customer-service desk", "I can\xE2\x80\x99t board", "check in now",
        "covid-19 rules", "x", "carried on", "Caf\xC3\xA9 Rouge", "where is my bag?",
        "the STAFFF",  // squeezed to "staff", as the gate looks it up
        "\xE2\x84\xAA" "elvin",  // KELVIN SIGN: lower-cased to an ASCII 'k'
        "costs $5", "costs 5 dollars", "\xE2\x82\xAC" "20 for wifi", "worst airline",
        "never again", "too expensive"}) {
    EXPECT_TRUE(tagger->gate().Test(text, neutral)) << text;
  }
}

// Runs of letters are found 64 bytes at a time: runs that cross from one
// group of 64 to the next, or span whole groups, are looked up whole.
TEST(TagGate, FindsRunsAcrossGroupsOf64Bytes) {
  auto tagger = MakeTagger(kTaxonomy);
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  std::string long_run;
  for (int k = 0; k < 100; ++k) long_run += "ab";  // 200 letters, none three times
  for (size_t lead = 56; lead <= 66; ++lead) {
    const std::string pad(lead, ' ');
    for (const std::string& text : {pad + "pizza", pad + "Pizza!", pad + long_run + " pizza",
                                    long_run + pad + "pizza", pad + long_run}) {
      const bool listed = TagsAnything(*tagger, text, neutral);
      EXPECT_EQ(tagger->gate().Test(text, neutral), listed) << text;
      EXPECT_EQ(listed, text.find("izza") != std::string::npos) << text;
    }
    // A run longer than a phrase's word is not that word.
    EXPECT_FALSE(tagger->gate().Test(pad + "pizzas" + long_run, neutral));
  }
  // A word of 80 letters: from byte 60 on, it spans a whole group.
  const std::string word = long_run.substr(0, 80);
  auto long_word = MakeTagger("[taxonomy]\ndefaults = false\n[topics.long]\nphrases = [\"" + word +
                              "\"]\n");
  for (size_t lead = 0; lead <= 70; lead += 5) {
    const std::string text = std::string(lead, ' ') + word + " ok";
    EXPECT_TRUE(TagsAnything(*long_word, text, neutral)) << lead;
    EXPECT_TRUE(long_word->gate().Test(text, neutral)) << lead;
    EXPECT_FALSE(long_word->gate().Test(std::string(lead, ' ') + word + "ab ok", neutral)) << lead;
  }
}

// Runs shorter than any the taxonomy needs are not looked up (but for the
// currency words' in a text with a digit): a word of each size is found at
// every place around the groups of 16 and 64 bytes, alone, beside a digit
// and with a character beyond ASCII in the text, and nothing shorter or
// longer passes for it.
TEST(TagGate, SkipsOnlyRunsShorterThanTheTaxonomysOwn) {
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  for (std::string word : {"k", "ka", "kal", "kalo", "kalom", "kalomiru"}) {
    auto tagger =
        MakeTagger("[taxonomy]\ndefaults = false\n[topics.t]\nphrases = [\"" + word + "\"]\n");
    ASSERT_TRUE(tagger->gated()) << word;
    const std::string shorter = word.substr(0, word.size() - 1);
    for (size_t lead = 0; lead <= 140; ++lead) {
      const std::string pad(lead, ' ');
      for (const std::string& around :
           {std::string(), std::string("9 "), std::string("\xF0\x9F\x98\x82 "),
            std::string("caf\xC3\xA9 ")}) {
        const std::string text = around + pad + word + " ok " + around;
        ASSERT_TRUE(tagger->gate().Test(text, neutral)) << word << " " << text;
        ASSERT_TRUE(TagsAnything(*tagger, text, neutral)) << text;
        for (const std::string& other :
             {around + pad + shorter + " ok", around + pad + word + "x ok",
              around + pad + "x" + word, around + pad + shorter + "-" + word.substr(1)}) {
          EXPECT_EQ(tagger->gate().Test(other, neutral), TagsAnything(*tagger, other, neutral))
              << word << " " << other;
        }
      }
    }
    // A currency word beside a digit is an amount whatever the taxonomy.
    for (std::string_view text : {"5 rs", "rs 5", "20 usd"}) {
      EXPECT_TRUE(tagger->gate().Test(text, neutral)) << word << " " << text;
      EXPECT_TRUE(TagsAnything(*tagger, text, neutral)) << text;
    }
  }
}

// The gate's look at the characters beyond ASCII: accented letters (tested
// again with their accents taken off), case traps and emoji, at every place
// around the groups of 16 and 64 bytes its own classification reads.
TEST(TagGate, SeesAccentsAndCaseTrapsAtEveryPlace) {
  auto tagger = MakeTagger(kTaxonomy);
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  for (size_t lead = 0; lead <= 140; ++lead) {
    const std::string pad(lead, '.');
    for (const std::string& text :
         {pad + "d\xC3\xA9lay", pad + "D\xC3\x89LAYS here", pad + "cr\xC3\xA8w",
          pad + "\xF0\x9F\x98\x82 crew", pad + "\xE2\x84\xAA", pad + "hour\xC5\xBF",
          pad + "\xEF\xAC\x81", pad + "cafe\xCC\x81 rouge"}) {
      ASSERT_TRUE(tagger->gate().Test(text, neutral)) << text;
    }
    for (const std::string& text :
         {pad + "d\xC3\xA9jeuner", pad + "\xF0\x9F\x98\x82 ok", pad + "caf\xC3\xA9",
          pad + "\xE2\x80\x99 ok \xE2\x9D\xA4\xEF\xB8\x8F", pad + "\xF0\x9D\x85\x9E"}) {
      ASSERT_EQ(tagger->gate().Test(text, neutral), TagsAnything(*tagger, text, neutral)) << text;
      ASSERT_FALSE(tagger->gate().Test(text, neutral)) << text;
    }
  }
}

TEST(TagGate, PausesWhereItTurnsAwayTooFewPosts) {
  auto tagger = MakeTagger(kTaxonomy);
  const TagGate& gate = tagger->gate();
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  ASSERT_FALSE(gate.Test("just landed", neutral));
  // A quarter turned away keeps it testing.
  for (uint32_t i = 0; i < 4 * TagGate::kWindow; ++i) {
    const bool away = i % 4 == 0;
    ASSERT_EQ(gate.MayTag(away ? "just landed" : "flight delayed", neutral), !away) << i;
  }
  // A window with fewer pauses it: posts go through untested...
  for (uint32_t i = 0; i < TagGate::kWindow; ++i) {
    const bool away = i % 5 == 0;
    ASSERT_EQ(gate.MayTag(away ? "just landed" : "flight delayed", neutral), !away) << i;
  }
  int untested = 0;
  for (uint32_t i = 0; i < TagGate::kPause; ++i) untested += gate.MayTag("just landed", neutral);
  EXPECT_EQ(untested, static_cast<int>(TagGate::kPause));
  // ... and then it tests again, and with most posts turned away goes on.
  for (uint32_t i = 0; i < 4 * TagGate::kWindow; ++i) {
    ASSERT_FALSE(gate.MayTag("just landed", neutral)) << i;
  }
  // A tagger of its own has a tally of its own.
  auto other = MakeTagger(kTaxonomy);
  EXPECT_FALSE(other->gate().MayTag("just landed", neutral));
}

// Every currency word and sign of an amount (prices.h) makes a post with a
// digit a "maybe": the gate takes the words as runs of letters, and looks
// for the signs but '$' only in texts with a byte >= 0x80.
TEST(TagGate, KnowsEveryCurrencyWordAndSign) {
  auto tagger = MakeTagger("[taxonomy]\ndefaults = false\n[topics.t]\nphrases = [\"refund\"]\n");
  ASSERT_TRUE(tagger->gated());
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  ASSERT_FALSE(CurrencyWords().empty());
  for (std::string_view word : CurrencyWords()) {
    ASSERT_TRUE(std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        << word;
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(c - 32);
    for (const std::string& text : {"paid 5 " + std::string(word), upper + " 20"}) {
      EXPECT_TRUE(TagsAnything(*tagger, text, neutral)) << text;
      EXPECT_TRUE(tagger->gate().Test(text, neutral)) << text;
    }
    EXPECT_FALSE(tagger->gate().Test("paid " + std::string(word), neutral)) << word;
  }
  for (std::string_view sign : CurrencySigns()) {
    ASSERT_TRUE(sign == "$" || static_cast<unsigned char>(sign[0]) >= 0x80) << sign;
    const std::string text = "only " + std::string(sign) + "5";
    EXPECT_TRUE(TagsAnything(*tagger, text, neutral)) << text;
    EXPECT_TRUE(tagger->gate().Test(text, neutral)) << text;
    EXPECT_FALSE(tagger->gate().Test("only " + std::string(sign), neutral)) << sign;
  }
}

TEST(TagGate, CountsAPhraseOnlyForTheLabelItsIntentRequires) {
  auto tagger = MakeTagger(kTaxonomy);
  // Praise (built in) requires a positive post; "wish" a negative one.
  EXPECT_FALSE(tagger->gate().Test("love it", SentimentLabel::kNeutral));
  EXPECT_FALSE(tagger->gate().Test("love it", SentimentLabel::kNegative));
  EXPECT_TRUE(tagger->gate().Test("love it", SentimentLabel::kPositive));
  EXPECT_TRUE(TagsAnything(*tagger, "love it", SentimentLabel::kPositive));
  EXPECT_TRUE(tagger->gate().Test("I wish", SentimentLabel::kNegative));
  EXPECT_FALSE(tagger->gate().Test("I wish", SentimentLabel::kPositive));
}

TEST(TagGate, LooksForTheAtomsOfPatterns) {
  auto tagger = MakeTagger(kTaxonomy);
  ASSERT_TRUE(tagger->gated());
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  // "delayed" is a phrase's inflection too; "hold" and "rougecafe" are the
  // patterns' alone.
  EXPECT_TRUE(tagger->gate().Test("put on HOLD", neutral));
  EXPECT_TRUE(tagger->gate().Test("rougecafe", neutral));
  EXPECT_TRUE(TagsAnything(*tagger, "put on HOLD", neutral));
  EXPECT_TRUE(TagsAnything(*tagger, "rougecafe", neutral));
  EXPECT_FALSE(tagger->gate().Test("on the phone", neutral));
  // Atoms are looked for anywhere, not as whole words: "hold" is in "threshold".
  EXPECT_TRUE(tagger->gate().Test("threshold", neutral));
  EXPECT_FALSE(TagsAnything(*tagger, "threshold", neutral));
}

TEST(TagGate, NeedsEveryRequiredUnitOfAPhrase) {
  auto tagger = MakeTagger(kTaxonomy);
  // "flight attendant": both words; "attendant" alone matches nothing.
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  EXPECT_FALSE(tagger->gate().Test("the attendant", neutral));
  EXPECT_TRUE(tagger->gate().Test("the Flight-Attendant's smile", neutral));
  EXPECT_TRUE(TagsAnything(*tagger, "the Flight-Attendant's smile", neutral));
  // In the phrase's order, and close: with as many runs of letters between
  // as the phrase's own tokens may hold ("flight's attendant's": two).
  EXPECT_FALSE(tagger->gate().Test("the attendant on my flight", neutral));
  EXPECT_TRUE(tagger->gate().Test("flight: two attendants", neutral));
  EXPECT_FALSE(tagger->gate().Test("flight is on time, attendant", neutral));
  // The tightest: the earlier token's runs after its required one ("ok's")
  // and the later's before its own ("i" of "i'll", whose longest is "ll").
  auto tight = MakeTagger("[taxonomy]\ndefaults = false\n[topics.t]\nphrases = [\"ok i'll\"]\n");
  EXPECT_TRUE(TagsAnything(*tight, "OK's i'll", neutral));
  EXPECT_TRUE(tight->gate().Test("OK's i'll", neutral));
  EXPECT_FALSE(tight->gate().Test("ok it's i'll", neutral));
  // A letter run inside a longer one is not a unit: "crews" is, "screwdriver" is not.
  EXPECT_TRUE(tagger->gate().Test("crews", SentimentLabel::kNeutral));
  EXPECT_FALSE(tagger->gate().Test("screwdriver", SentimentLabel::kNeutral));
}

TEST(TagGate, OpensForWhatItCannotTest) {
  // A regex pattern with no atom of three letters or more to look for, and
  // no digit in every match.
  auto patterns = MakeTagger("[topics.delay]\npatterns = ['x+y']\n");
  EXPECT_FALSE(patterns->gated());
  EXPECT_EQ(patterns->gate().why_open(),
            "a pattern with no literal of three letters or more, nor a digit in every match");
  EXPECT_TRUE(patterns->gate().Test("nothing here", SentimentLabel::kNeutral));
  // A phrase with no ASCII letter (an emoji, a number, a word in another script).
  for (std::string_view phrase : {"\xF0\x9F\x98\xA1", "747", "\xE6\x97\xA5\xE6\x9C\xAC"}) {
    auto tagger = MakeTagger("[topics.t]\nphrases = [\"" + std::string(phrase) + "\"]\n");
    EXPECT_FALSE(tagger->gated()) << phrase;
    EXPECT_EQ(tagger->gate().why_open(),
              "a phrase with no ASCII letter ('" + std::string(phrase) + "')");
    EXPECT_TRUE(tagger->gate().Test("nothing here", SentimentLabel::kNeutral)) << phrase;
  }
  // Without the defaults and with only plain phrases it stays closed, and a
  // '?' no longer opens it.
  auto plain = MakeTagger("[taxonomy]\ndefaults = false\n[topics.t]\nphrases = [\"refund\"]\n");
  EXPECT_TRUE(plain->gated());
  EXPECT_EQ(plain->gate().why_open(), "");
  EXPECT_FALSE(plain->gate().Test("why?", SentimentLabel::kNeutral));
  EXPECT_TRUE(plain->gate().Test("Refunds?", SentimentLabel::kNeutral));
}

// A pattern every match of which holds an ASCII digit (RegexNeedsDigit())
// leaves the gate closed even with no atom to look for: a post without a
// digit cannot hold a match.
TEST(TagGate, TurnsAwayPostsWithoutTheDigitAPatternNeeds) {
  const SentimentLabel neutral = SentimentLabel::kNeutral;
  auto atomless = MakeTagger("[taxonomy]\ndefaults = false\n[topics.delay]\npatterns = ['\\d+ ?hrs?']\n");
  ASSERT_TRUE(atomless->gated());
  EXPECT_FALSE(atomless->gate().Test("hrs and hrs", neutral));
  EXPECT_TRUE(atomless->gate().Test("3 hrs", neutral));
  EXPECT_TRUE(atomless->gate().Test("room 101", neutral));  // any digit: it has no atom
  EXPECT_TRUE(TagsAnything(*atomless, "3 hrs", neutral));
  // With atoms too, and a pattern that needs no digit beside one that does:
  // the atoms of the one that does count only in a post with a digit.
  auto mixed = MakeTagger(
      "[taxonomy]\ndefaults = false\n[topics.t]\n"
      "patterns = ['delayed (?:by )?\\d+ ?hours?', 'rouge ?cafe']\n");
  ASSERT_TRUE(mixed->gated());
  EXPECT_FALSE(mixed->gate().Test("delayed by hours", neutral));
  EXPECT_TRUE(mixed->gate().Test("delayed by 2 hours", neutral));
  EXPECT_TRUE(mixed->gate().Test("rougecafe", neutral));
  // Random posts of those words: whenever the gate says no, Tag() lists
  // nothing.
  const std::vector<std::string> pieces = {"delayed", "Delayed", "by", "2", "20", "hours", "hour",
                                           "hrs", "3hrs", "rouge", "cafe", "Caf\xC3\xA9", "\xD9\xA4",
                                           "\xEF\xBC\x91", "x1", "?", ",", "-"};
  std::mt19937 rng(11);
  int no = 0, maybe = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = RandomPost(rng, pieces, 6, SpaceButOneIn(4));
    for (const Tagger* tagger : {atomless.get(), mixed.get()}) {
      if (tagger->gate().Test(text, neutral)) {
        ++maybe;
        continue;
      }
      ++no;
      ASSERT_FALSE(TagsAnything(*tagger, text, neutral))
          << "the gate said no to " << ::testing::PrintToString(text);
    }
  }
  EXPECT_GT(no, 5000);
  EXPECT_GT(maybe, 5000);
}

// The gate's promise, on random posts made of the taxonomy's words in every
// case and form, with the characters that could trip it: whenever it says
// no, Tag() lists nothing, for every label.
TEST(TagGate, NeverSaysNoWhereTagFindsSomething) {
  auto tagger = MakeTagger(kTaxonomy);
  const std::vector<std::string> pieces = {
      "delay", "Delays", "DELAYED", "delaying", "late", "LATER", "carry", "carried", "carries",
      "on", "customer", "service", "customers'", "can't", "can\xE2\x80\x99t", "cant", "board",
      "check", "in", "-", "check-in", "checkin", "crew", "crews", "staff", "flight", "attendant",
      "a1", "covid", "19", "covid-19", "x", "X", "fare", "fees", "skyloft", "Skyloft", "air",
      "tower", "@SkyloftAir", "@skyloftair_", "#skyloft", "#Delays", "#customerservice",
      "Caf\xC3\xA9", "caf\xC3\xA9", "CAF\xC3\x89", "rouge", "wish", "if", "only", "love", "great",
      "thanks", "worst", "never", "again", "how", "do", "i", "too", "expensive", "cheap", "5", "20",
      "#thanks", "#thankyou", "#worst", "#neveragain", "#tooexpensive", "#howdoi", "3.50", "$",
      "$5", "\xE2\x82\xAC", "\xC2\xA3", "dollars", "USD", "?", "!", "?!", ",", ".", "'", "'s",
      "sooo", "looove", "delaaaay", "\xE2\x84\xAA", "\xC4\xB0", "\xF0\x9F\x98\x82",
      "\xE6\x97\xA5\xE6\x9C\xAC", ":)", "XD", "https://t.co/delay", "www.crew.com", "a@b.co",
      "\xE2\x80\x8B", "\xC2\xAD", "\xFF", "_", "e\xCC\x81", "\xEF\xBD\x84\xEF\xBD\x85", "by",
      "hours", "HRS", "hour", "hold", "on hold", "rouge", "cafe", "rougecafe", "3h", "bye", "Bye",
      "bye-bye", "bye's", "attendant's", "flight's", "it's", "a'b'c", "\xC5\xBF", "hour\xC5\xBF",
      "\xEF\xAC\x81",
      // Forms Normalize() makes units of: squeezed letters, a KELVIN SIGN.
      "stafff", "STAFFF", "tooo", "carrried", "S\xE2\x84\xAAYLOFT", "\xE2\x84\xAA\xE2\x84\xAA",
      "sTaFFf", "crewww", "cRRRew", "stafff\xC3\xA9", "\xC3\xA9stafff", "fareee", "delaaay",
      "Thaaanks", "wiiish", "looove", "wooorst",
      // The ends of the ranges the gate classifies bytes by: a, z, A, Z, 0, 9.
      "pizza", "PIZZA", "Zone", "zONE", "zone's", "0", "$0", "0.99", "9", "$9", "90",
      // Accents, which Tag() also matches without (tagger.h): precomposed,
      // written apart, on a capital, alone, on a letter that has none in
      // the taxonomy, and letters that keep theirs (\u00f8, \u0142).
      "d\xC3\xA9lay", "D\xC3\x89LAYS", "cr\xC3\xA8w",
      "st\xC3\xA4"
      "ff",
      "f\xC3\xA0re", "cafe\xCC\x81", "Sk\xC3\xBDloft", "w\xC3\xADsh", "#d\xC3\xA9lays",
      "cust\xC3\xB3mer", "\xC3\xA0", "\xCC\x81", "pi\xC5\xBCza", "z\xC3\xB3ne", "c\xC3\xA0rry",
      "\xC3\xA9x", "l\xC3\xA0te", "\xC3\xB8",
      "st\xC5\x82"
      "ff",
      "c\xC3\xA4n't", "bye\xCC\x88-bye",
      "ch\xC3\xA9"
      "ck-\xC3\xAF"
      "n",
      "fee\xCC\x81s", "h\xC3\xB4urs"};
  std::mt19937 rng(5);
  int no = 0, maybe = 0;
  for (int i = 0; i < 30000; ++i) {
    const std::string text = RandomPost(rng, pieces, 7, SpaceButOneIn(3));
    for (SentimentLabel label : kLabels) {
      if (tagger->gate().Test(text, label)) {
        ++maybe;
        continue;
      }
      ++no;
      ASSERT_FALSE(TagsAnything(*tagger, text, label))
          << "the gate said no to " << ::testing::PrintToString(text) << ", label "
          << static_cast<int>(label);
    }
  }
  // Both answers are common here, so the test can fail both ways.
  EXPECT_GT(no, 10000);
  EXPECT_GT(maybe, 10000);
}

// Check()'s kIntents, on the same random posts and a taxonomy with intents
// of several words, with a hyphen, and of question marks alone: Tag() then
// lists intents alone, and TagIntents(), from the chunks around the hits,
// lists the same ones (or declines, for a cue of an intent with exclusions).
TEST(TagGate, IntentsFromTheChunksAroundTheHitsAreTagsIntents) {
  auto tagger = MakeTagger(std::string(kTaxonomy) + R"(
[intents.eager]
phrases = ["can't wait to fly", "sign me up", "check-in please", "? !", "wait", "if only i",
           "xd", "lol"]
)");
  const std::vector<std::string> pieces = {
      "thank", "you", "Thank you", "thanks!", "THANKS", "love", "loved", "great", "worst", "fix",
      "this", "fix-this", "fix this", "still", "waiting", "never", "again", "how", "do", "i", "I",
      "can", "anyone", "know", "?", "!", "?!", "??", "why?", "?why", "(?)", "sign", "me", "up",
      "can't", "can\xE2\x80\x99t", "wait", "to", "fly", "check-in", "check", "in", "-", "please",
      "if", "only", "wish", "crew", "delay", "@crew", "#thanks", "#love", "https://t.co/love",
      "\xF0\x9F\x98\x82", "\xE2\x80\x8B", "\xFF", "\xC2\xA0", "...", ",", "\xE6\x97\xA5", "5", "a1",
      "x", "cheap", "switching", "switch", "done", "i'm", "goodbye", "booking",
      // Negations, which cancel a cue of complaint, praise, purchase or churn.
      "not", "no", "never", "don't", "can't.", "nothing", "Not,", "isn\xE2\x80\x99t",
      // Chunks of a word and sentence marks, and emoticons of letters.
      "thanks,", "great.", "love!!", "worst?!", "why?.", "?.", ".?", "?,", "wait?", "XD", "xD",
      "XD!", "XP", ":D", "D:", "lol:)", "Love?", "THANKS!?", "x?", "wow...?",
      // Letters written three times or more, squeezed to two.
      "thaaanks", "LOOOVE!", "wooorst?", "waaait", "signnn", "xxxd", "smoooth", "APPPRECIATE!",
      "goooodbye", "booooked?", "smoooth-ish",
      // Chunks the windows build without the tokenizer, and near misses.
      "#Thanks!", "#LOVE.", "#", "#1", "#love,", "-", "--", "you,", "you,,", "I.", "can,!", "up?!",
      // Cues as hashtags, one word or several written together.
      "#signmeup", "#SignMeUp!", "#thankyou", "#fixthis", "#stillwaiting", "#NeverAgain",
      "#checkinplease", "#cantwaittofly", "#worst?", "#wait", "#signme", "#lol.", "thank,you",
      "me...", "!?.", ",", "#xD", "XD?",
      // Hyphens that may stand between two units, in chunks of their own
      // and at the ends of others.
      "-you", "thank-", "sign-", "-me", "-up", "me-", "can-", "-i", "-in", "check-", "-?", "?-",
      // Cues with accents, which only the whole post's Tag() takes off.
      "th\xC3\xA1nks", "w\xC3\xA1it", "n\xC3\xA9ver", "L\xC3\xB6VE", "s\xC3\xAFgn",
      "thank\xCC\x81s", "\xC3\xA9", "d\xC3\xB3ne", "w\xC3\xB8rst"};
  std::mt19937 rng(11);
  int intents = 0, listed = 0, declined = 0;
  std::vector<TagGate::Hit> hits;
  for (int i = 0; i < 30000; ++i) {
    const std::string text = RandomPost(rng, pieces, 9, AnyGap);
    for (SentimentLabel label : kLabels) {
      if (tagger->gate().CheckNow(text, label, &hits) != TagGate::Verdict::kIntents) continue;
      ++intents;
      std::vector<Token> tokens;
      Tokenizer tokenizer;
      tokenizer.Tokenize(text, &tokens);
      Analysis full, local;
      full.sentiment.label = local.sentiment.label = label;
      tagger->Tag(text, tokens, FixedScorer(), &full);
      const std::string what = ::testing::PrintToString(text) + ", label " +
                               std::to_string(static_cast<int>(label));
      ASSERT_TRUE(full.brands.empty() && full.topics.empty() && full.aspects.empty() &&
                  full.prices.empty())
          << what;
      if (!tagger->TagIntents(text, hits, tokenizer, &local)) {
        // It declines only for a cue of an intent with exclusions (the
        // built-in churn: "i'm done", "never again", "switching to"...),
        // whether the cue lies inside one needs the whole post.
        std::string lower = text;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        ASSERT_TRUE(lower.find("done") != std::string::npos ||
                    lower.find("switching") != std::string::npos ||
                    lower.find("never") != std::string::npos)
            << what;
        ++declined;
        continue;
      }
      ASSERT_EQ(local.intents, full.intents) << what;
      listed += !full.intents.empty();
    }
  }
  EXPECT_GT(intents, 10000);
  EXPECT_GT(listed, 5000);
  EXPECT_LT(declined, intents / 10);
}

// Check() from the sentiment scorer's classes of a text (vader.h) says
// what it says from its own, with the same hits, whether its code is the
// BMI one or not: on random posts of every kind of byte the gate reads
// (letters at the ranges' ends, triples, '?', digits, '$' and DEL, bytes
// >= 0x80, which the scorer does not classify), long enough to cross 64-byte
// groups, some of exactly 64 or 128 bytes.
TEST(TagGate, ReadsTheScorersClassesToTheSameVerdict) {
  auto tagger = MakeTagger(std::string(kTaxonomy) + R"(
[intents.eager]
phrases = ["sign me up", "? !", "wait"]
)");
  auto lexicon = VaderLexicon::Parse("good\t1.9\t0.9\t[2]\nbad\t-2.5\t0.5\t[-2]\n", "tiny");
  ASSERT_TRUE(lexicon.ok());
  const VaderModel vader(std::make_shared<VaderLexicon>(std::move(lexicon).value()), VaderOptions{});
  const std::vector<std::string> pieces = {
      "delay", "DELAYED", "late", "crew", "Crews", "check-in", "fare", "skyloft", "@SkyloftAir",
      "#skyloft", "rouge", "cafe", "wish", "if", "only", "sign", "me", "up", "wait", "love",
      "thanks", "worst", "how", "do", "i", "pizza", "PIZZA", "Zone", "zone", "a", "z", "A", "Z",
      "stafff", "sTaFFf", "crewww", "delaaay", "?", "!", "?!", "5", "0", "9", "$", "$5", "3.50",
      "dollars", "USD", "\x7F", "5\x7F", "\xE2\x82\xAC", "\xC2\xA3", "\xF0\x9F\x98\x82",
      "\xE2\x84\xAA", "good", "BAD", "https://t.co/delay", "www.crew.com", ":)", "...", "-",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
  std::mt19937 rng(17);
  VaderScratch scratch;
  std::vector<TagGate::Hit> own, read;
  int classified = 0, turned = 0;
  const bool bmi = tag_gate_internal::UsesBmi();
  for (int i = 0; i < 20000; ++i) {
    std::string text = RandomPost(rng, pieces, 24, AnyGap);
    if (i % 10 == 0) text.resize(i % 20 == 0 ? 64 : 128, 'x');
    vader.Score(text, &scratch);
    TextClasses classes;
    if (!scratch.Classes(text, &classes)) continue;
    ++classified;
    for (SentimentLabel label : kLabels) {
      const std::string what = ::testing::PrintToString(text) + ", label " +
                               std::to_string(static_cast<int>(label));
      for (bool use_bmi : {false, true}) {
        tag_gate_internal::SetBmi(use_bmi);
        const TagGate::Verdict v = tagger->gate().CheckNow(text, label, &own);
        ASSERT_EQ(tagger->gate().CheckNow(text, label, &read, &classes), v) << what;
        ASSERT_EQ(read.size(), own.size()) << what;
        for (size_t k = 0; k < own.size(); ++k) {
          EXPECT_EQ(read[k].at, own[k].at) << what;
          EXPECT_EQ(read[k].before, own[k].before) << what;
          EXPECT_EQ(read[k].after, own[k].after) << what;
        }
        turned += v != TagGate::Verdict::kMaybe;
      }
    }
  }
  tag_gate_internal::SetBmi(bmi);
  // Most texts are classified, and all three verdicts are common.
  EXPECT_GT(classified, 10000);
  EXPECT_GT(turned, 10000);
}

// The classes are the last scored text's, by its address and size: another
// text at the same place, which the scorer does not classify, has none.
TEST(TagGate, TakesNoClassesOfAnotherText) {
  auto lexicon = VaderLexicon::Parse("good\t1.9\t0.9\t[2]\n", "tiny");
  ASSERT_TRUE(lexicon.ok());
  const VaderModel vader(std::make_shared<VaderLexicon>(std::move(lexicon).value()), VaderOptions{});
  VaderScratch scratch;
  std::string text = "Good CREW, late?";
  vader.Score(text, &scratch);
  TextClasses classes;
  ASSERT_TRUE(scratch.Classes(text, &classes));
  EXPECT_EQ(classes.lower, "good crew, late?");
  EXPECT_EQ(classes.groups[0].upper | classes.groups[0].lower, uint64_t{0x79EF});
  EXPECT_FALSE(scratch.Classes(std::string_view(text).substr(0, 4), &classes));
  text.replace(0, 4, "G\xC3\xB6" "d");  // same size and place, a byte >= 0x80
  vader.Score(text, &scratch);
  EXPECT_FALSE(scratch.Classes(text, &classes));
  const std::string emoji = "late \xF0\x9F\x98\x82";  // scored by the emoji's name
  vader.Score(emoji, &scratch);
  EXPECT_FALSE(scratch.Classes(emoji, &classes));
}

// Chunks that make no piece (a zero-width space, an invalid byte) are not
// counted in a hit's reach; the text's ends stop it.
TEST(TagGate, IntentsReachPastChunksWithNoToken) {
  auto tagger =
      MakeTagger("[taxonomy]\ndefaults = false\n[intents.eager]\nphrases = [\"sign me up\"]\n");
  Tokenizer tokenizer;
  for (std::string_view text :
       {"sign \xE2\x80\x8B \xE2\x80\x8B \xE2\x80\x8B \xE2\x80\x8B \xE2\x80\x8B "
        "\xE2\x80\x8B \xE2\x80\x8B \xE2\x80\x8B \xE2\x80\x8B me up",
        "sign \xFF \xFF \xFF \xFF \xFF \xFF \xFF \xFF \xFF me up", "Sign Me Up",
        "\nsign   me\tup\n",
        "ok ok ok sign me up ok ok ok"}) {
    std::vector<TagGate::Hit> hits;
    ASSERT_EQ(tagger->gate().CheckNow(text, SentimentLabel::kNeutral, &hits),
              TagGate::Verdict::kIntents)
        << text;
    Analysis a;
    ASSERT_TRUE(tagger->TagIntents(text, hits, tokenizer, &a)) << text;
    EXPECT_EQ(a.intents, std::vector<std::string>{"eager"}) << text;
  }
}

// Check()'s hits on `text` as (at, before, after), when it says kIntents.
std::vector<std::tuple<uint32_t, int, int>> IntentHits(const TagGate& gate, std::string_view text,
                                                       SentimentLabel label) {
  std::vector<TagGate::Hit> hits;
  EXPECT_EQ(gate.CheckNow(text, label, &hits), TagGate::Verdict::kIntents) << text;
  std::vector<std::tuple<uint32_t, int, int>> out;
  for (const TagGate::Hit& h : hits) out.emplace_back(h.at, h.before, h.after);
  return out;
}

TEST(TagGate, HitsAreTheIntentsCuesAndQuestionMarks) {
  auto tagger = MakeTagger(kTaxonomy);
  const TagGate& gate = tagger->gate();
  std::vector<TagGate::Hit> hits;
  const SentimentLabel positive = SentimentLabel::kPositive;
  using Hits = std::vector<std::tuple<uint32_t, int, int>>;
  // "thank you": its rarer word, reaching the other's unit (a "-" between
  // or not).
  EXPECT_EQ(IntentHits(gate, "so, Thank you!", positive), (Hits{{4, 0, 1}}));
  // "can i": two common words, both required; "i" reaches back to "can".
  EXPECT_EQ(IntentHits(gate, "can i go", SentimentLabel::kNeutral), (Hits{{0, 0, 1}, {4, 1, 0}}));
  // Praise needs a positive post; a '?' is a hit of its own.
  EXPECT_EQ(IntentHits(gate, "thank you?", SentimentLabel::kNeutral), (Hits{{9, 0, 0}}));
  // Runs and question marks in text order.
  EXPECT_EQ(IntentHits(gate, "why? thank you? ok?", positive),
            (Hits{{3, 0, 0}, {5, 0, 1}, {14, 0, 0}, {18, 0, 0}}));
  // A topic, a brand, a price word or an amount: Tag() may list more.
  for (std::string_view text : {"thanks crew", "thanks @SkyloftAir", "thanks, too expensive",
                                "thanks for the $5"}) {
    EXPECT_EQ(gate.CheckNow(text, positive, &hits), TagGate::Verdict::kMaybe) << text;
  }
  EXPECT_EQ(gate.CheckNow("just landed", positive, &hits), TagGate::Verdict::kNo);
  EXPECT_TRUE(hits.empty());
}

// The characters the gate cannot see through are exactly those of the BMP
// whose full lower case, case folding or upper case holds an ASCII letter
// (none outside it has one), found at any place in a text.
TEST(TagGateInternal, CaseTrapsAreTheCharactersWithAsciiLettersInTheirCaseMappings) {
  int traps = 0;
  for (UChar32 cp = 0x80; cp <= 0xFFFF; ++cp) {
    if (U_IS_SURROGATE(cp)) continue;
    UChar one[2] = {static_cast<UChar>(cp), 0};
    bool ascii_letter = false;
    for (int mapping = 0; mapping < 3; ++mapping) {
      UChar out[16];
      UErrorCode status = U_ZERO_ERROR;
      int32_t len = mapping == 0   ? u_strToLower(out, 16, one, 1, "", &status)
                    : mapping == 1 ? u_strFoldCase(out, 16, one, 1, U_FOLD_CASE_DEFAULT, &status)
                                   : u_strToUpper(out, 16, one, 1, "", &status);
      ASSERT_TRUE(U_SUCCESS(status)) << cp;
      for (int32_t k = 0; k < len; ++k) {
        ascii_letter |= (out[k] >= 'a' && out[k] <= 'z') || (out[k] >= 'A' && out[k] <= 'Z');
      }
    }
    traps += ascii_letter;
    char utf8[4];
    int32_t n = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8(utf8, 4, &n, one, 1, &status);
    ASSERT_TRUE(U_SUCCESS(status));
    const std::string ch(utf8, static_cast<size_t>(n));
    for (std::string text : {ch, "a" + ch + "b", std::string(20, 'x') + ch,
                             std::string(15, 'x') + ch + std::string(20, 'y')}) {
      ASSERT_EQ(tag_gate_internal::HasCaseTrapForTest(text), ascii_letter) << std::hex << cp;
    }
  }
  EXPECT_EQ(traps, 20);
  // A lead byte at the very end of a text, or cut short, is none.
  EXPECT_FALSE(tag_gate_internal::HasCaseTrapForTest("\xE2\x84"));
  EXPECT_FALSE(tag_gate_internal::HasCaseTrapForTest(std::string(16, 'x') + "\xC5"));
}

// The same look tells the characters StripAccents() may change: just
// those MayStripAccents() tells, for every code point of the BMP and a
// sample beyond it, and at least those in ill-formed text.
TEST(TagGateInternal, FindsTheCharactersStripAccentsChanges) {
  int folds = 0;
  auto utf8 = [](UChar32 cp) {
    char bytes[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(bytes, n, cp);
    return std::string(bytes, static_cast<size_t>(n));
  };
  std::vector<UChar32> cps;
  for (UChar32 cp = 0x80; cp <= 0xFFFF; ++cp) {
    if (!U_IS_SURROGATE(cp)) cps.push_back(cp);
  }
  for (UChar32 cp = 0x10000; cp <= 0x10FFFF; cp += 61) cps.push_back(cp);
  for (UChar32 cp : {0x1D15E, 0x1D160, 0x1D1BB, 0x1F600, 0x1F1E6, 0x1F3FB, 0x110AB, 0xE0001}) {
    cps.push_back(cp);
  }
  for (UChar32 cp : cps) {
    const std::string ch = utf8(cp);
    for (const std::string& text : {ch, "a" + ch + "b", std::string(20, 'x') + ch}) {
      if (tag_gate_internal::HasCaseTrapForTest(text)) continue;
      ASSERT_EQ(tag_gate_internal::MayFoldForTest(text), MayStripAccents(text)) << std::hex << cp;
    }
    folds += MayStripAccents(ch);
  }
  EXPECT_GT(folds, 1000);  // (accented Latin, Greek, Cyrillic, ... letters)
  EXPECT_FALSE(tag_gate_internal::MayFoldForTest("\xF0\x9F\x98\x82\xE2\x80\x99"));
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 12, '\0');
    for (char& c : text)
      c = static_cast<char>(rng() % 3 == 0 ? 'a' + rng() % 3 : 0x80 + rng() % 128);
    if (MayStripAccents(text) && !tag_gate_internal::HasCaseTrapForTest(text)) {
      ASSERT_TRUE(tag_gate_internal::MayFoldForTest(text)) << ::testing::PrintToString(text);
    }
  }
}

TEST(TagGateInternal, WordUnitsHaveTheRunsOfTheirTexts) {
  const std::vector<std::string> words = {
      "delay", "carry", "stop", "cite", "box", "church", "a", "to", "ab", "don't", "x1", "1x",
      "a1b", "caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC", "crews", "fix", "go", "runs", "wish"};
  std::vector<std::string> keys;
  for (const std::string& w : words) {
    for (const char* prefix : {"WI", "WE", "HI", "HE"}) keys.push_back(prefix + w);
  }
  for (std::string_view p : {"P?", "P?!", "P@skyloftair", "P#customerservice", "P19", "P$", "P-"})
    keys.emplace_back(p);
  for (const std::string& key : keys) {
    std::vector<std::string> fast, slow;
    const bool q_fast = tag_gate_internal::UnitRuns(key, &fast);
    const bool q_slow = tag_gate_internal::UnitRunsSlow(key, &slow);
    EXPECT_EQ(q_fast, q_slow) << key;
    EXPECT_EQ(std::set<std::string>(fast.begin(), fast.end()),
              std::set<std::string>(slow.begin(), slow.end()))
        << key;
    // UnitMaxRuns(): no text the unit accepts has more runs of letters.
    size_t most = 0;
    for (const std::string& text : TokenMatcher::UnitTexts(key)) {
      size_t runs = 0;
      for (size_t i = 0; i < text.size(); ++i) {
        const bool letter = (text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z';
        const bool before = i > 0 && (text[i - 1] | 0x20) >= 'a' && (text[i - 1] | 0x20) <= 'z';
        runs += letter && !before;
      }
      most = std::max(most, runs);
    }
    EXPECT_GE(tag_gate_internal::UnitMaxRuns(key), most) << key;
  }
}

}  // namespace
}  // namespace parley
