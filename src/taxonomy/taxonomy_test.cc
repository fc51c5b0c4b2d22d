#include "src/taxonomy/taxonomy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGood[] = R"(
[taxonomy]
name = "demo"

[brands.skyloft]
name = "Skyloft Air"
own = true
aliases = ["Skyloft"]
handles = ["@SkyloftAir"]
hashtags = ["#skyloft"]

[brands.jetwave]
handles = ["@Jetwave"]

[topics.service]
phrases = ["customer service"]

[topics.service.staff]
phrases = ["crew",
           "staff"]

[topics.delay]
phrases = ["delay"]
patterns = ['delayed \d+ hours?']
exclude = ["delay-tolerant"]

[intents.question]
phrases = ["who knows"]

[intents.upsell]
phrases = ["add a bag"]

[prices]
words = ["steep"]
)";

StatusOr<Taxonomy> Parse(std::string_view toml) { return ParseTaxonomy(toml, "t.toml"); }

TEST(TaxonomyParse, ReadsBrandsWithTheirFlagsAndTerms) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse(kGood));
  EXPECT_EQ(t.name, "demo");
  ASSERT_EQ(t.brands.size(), 2u);
  EXPECT_EQ(t.brands[0].id, "skyloft");
  EXPECT_EQ(t.brands[0].name, "Skyloft Air");
  EXPECT_TRUE(t.brands[0].own);
  EXPECT_EQ(t.brands[0].handles[0].text, "@SkyloftAir");
  EXPECT_EQ(t.brands[1].name, "jetwave");
  EXPECT_FALSE(t.brands[1].own);
}

// A brand may be known by its sources alone (an app that its reviews do
// not name).
TEST(TaxonomyParse, ABrandMayHaveSourcesAlone) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[brands.app]\nown = true\n"
                                         "sources = [\"app_store\", \"google_play\"]\n"));
  ASSERT_EQ(t.brands.size(), 1u);
  ASSERT_EQ(t.brands[0].sources.size(), 2u);
  EXPECT_EQ(t.brands[0].sources[1].text, "google_play");
  EXPECT_EQ(t.brands[0].sources[1].line, 3);
}

TEST(TaxonomyParse, KeepsFileOrderAndNestsTopicsUnderTheirParent) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse(kGood));
  ASSERT_EQ(t.topics.size(), 3u);
  EXPECT_EQ(t.topics[0].id, "service");
  EXPECT_EQ(t.topics[1].id, "staff");
  EXPECT_EQ(t.topics[1].parent, "service");
  EXPECT_EQ(t.topics[2].id, "delay");
  EXPECT_EQ(t.topics[2].exclude[0].text, "delay-tolerant");
}

TEST(TaxonomyParse, TermsKeepTheirLines) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse(kGood));
  EXPECT_EQ(t.topics[1].phrases[0].line, 19);
  EXPECT_EQ(t.topics[1].phrases[1].line, 20);
}

TEST(TaxonomyParse, FileIntentsReplaceBuiltInOnesAndExtendThem) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse(kGood));
  std::vector<std::string> ids;
  for (const auto& i : t.intents) ids.push_back(i.id);
  EXPECT_THAT(ids, ::testing::ElementsAre("complaint", "question", "praise", "purchase", "churn",
                                          "upsell"));
  EXPECT_FALSE(t.intents[1].builtin);
  EXPECT_EQ(t.intents[1].phrases.size(), 1u);
  EXPECT_TRUE(t.intents[0].builtin);
}

TEST(TaxonomyParse, PriceWordsAddToTheBuiltInOnes) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse(kGood));
  EXPECT_EQ(t.price_words[0].text, "steep");
  EXPECT_GT(t.price_words.size(), 5u);
  EXPECT_GT(t.negative_price_words.size(), 10u);
  EXPECT_GT(t.positive_price_words.size(), 5u);
}

TEST(TaxonomyParse, PriceWordsMayHaveAPolarity) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[taxonomy]\ndefaults = false\n[prices]\n"
                                         "words = [\"fare\"]\nnegative = [\"daylight robbery\"]\n"
                                         "positive = [\"steal\"]\n"));
  ASSERT_EQ(t.negative_price_words.size(), 1u);
  EXPECT_EQ(t.negative_price_words[0].text, "daylight robbery");
  ASSERT_EQ(t.positive_price_words.size(), 1u);
  EXPECT_EQ(t.positive_price_words[0].line, 6);
  auto bad = Parse("[prices]\nneutral = [\"x\"]\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("t.toml:2: unknown key 'neutral' in [prices] (expected words, negative or positive)"));
}

TEST(TaxonomyParse, DefaultsCanBeTurnedOff) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[taxonomy]\ndefaults = false\n"));
  EXPECT_TRUE(t.intents.empty());
  EXPECT_TRUE(t.price_words.empty());
  EXPECT_TRUE(t.negative_price_words.empty());
}

TEST(TaxonomyParse, BuiltInTaxonomyParses) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, ParseTaxonomy(DefaultTaxonomyToml(), "built-in"));
  EXPECT_EQ(t.intents.size(), 5u);
  // Negated cues do not count for all but the question.
  for (const TaxonomyIntent& in : t.intents) EXPECT_EQ(in.negation, in.id != "question") << in.id;
  // A complaint is also any negative post about a topic or a brand.
  EXPECT_EQ(t.intents[0].id, "complaint");
  EXPECT_EQ(t.intents[0].with_topic, SentimentLabel::kNegative);
  EXPECT_EQ(t.intents[0].with_brand, SentimentLabel::kNegative);
  for (size_t i = 1; i < t.intents.size(); ++i) {
    EXPECT_FALSE(t.intents[i].with_topic || t.intents[i].with_brand) << t.intents[i].id;
  }
}

TEST(TaxonomyParse, AnIntentsNegationIsOffUnlessAsked) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[taxonomy]\ndefaults = false\n"
                                         "[intents.upsell]\nphrases = [\"upgrade\"]\n"
                                         "[intents.refund]\nphrases = [\"refund\"]\nnegation = true\n"));
  ASSERT_EQ(t.intents.size(), 2u);
  EXPECT_FALSE(t.intents[0].negation);
  EXPECT_TRUE(t.intents[1].negation);
}

TEST(TaxonomyParse, UnlessNamesOtherIntents) {
  // The built-in praise is not listed with a complaint.
  ASSERT_OK_AND_ASSIGN(Taxonomy d, Parse(""));
  for (const TaxonomyIntent& in : d.intents) {
    if (in.id == "praise") {
      ASSERT_EQ(in.unless.size(), 1u);
      EXPECT_EQ(in.unless[0].text, "complaint");
    } else {
      EXPECT_TRUE(in.unless.empty()) << in.id;
    }
  }
  // A later intent may be named; a file's praise replaces the built-in one
  // whole, `unless` too.
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[intents.praise]\nphrases = [\"yay\"]\n"
                                         "[intents.upsell]\nphrases = [\"upgrade\"]\n"
                                         "unless = [\"refund\", \"churn\"]\n"
                                         "[intents.refund]\nphrases = [\"refund\"]\n"));
  for (const TaxonomyIntent& in : t.intents) {
    if (in.id == "praise") {
      EXPECT_TRUE(in.unless.empty());
    }
    if (in.id == "upsell") {
      ASSERT_EQ(in.unless.size(), 2u);
      EXPECT_EQ(in.unless[1].text, "churn");
      EXPECT_EQ(in.unless[1].line, 5);
    }
  }
}

TEST(TaxonomyParse, IntentsTakeExclusions) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, Parse("[taxonomy]\ndefaults = false\n"
                                         "[intents.refund]\nphrases = [\"refund\"]\n"
                                         "exclude = [\"refund policy\"]\n"));
  ASSERT_EQ(t.intents.size(), 1u);
  ASSERT_EQ(t.intents[0].exclude.size(), 1u);
  EXPECT_EQ(t.intents[0].exclude[0].text, "refund policy");
  EXPECT_EQ(t.intents[0].exclude[0].line, 5);
  // The built-in churn has some; a wrong type names its line.
  ASSERT_OK_AND_ASSIGN(Taxonomy d, Parse(""));
  for (const TaxonomyIntent& in : d.intents) {
    EXPECT_EQ(in.exclude.empty(), in.id != "churn") << in.id;
  }
  auto bad = Parse("[intents.refund]\nphrases = [\"refund\"]\nexclude = 3\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.toml:3:"), std::string::npos) << bad.status().message();
}

TEST(TaxonomyParse, NonAsciiTextInStringsAndCommentsIsFine) {
  auto t = Parse("# café — topics\n[topics.cafe]\nphrases = [\"café crème\", '€20']\n"
                 "[topics.multi]\nphrases = [\"\"\"naïve \"\" \"\"\"\", '''über''']\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->topics[0].phrases[1].text, "€20");
}

TEST(TaxonomyParse, AByteOrderMarkIsSkipped) {
  auto t = Parse("\xEF\xBB\xBF[topics.delay]\nphrases = [\"delay\"]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->topics[0].id, "delay");
  // Only at the start: elsewhere it is a non-ASCII character as any other.
  auto inner = Parse("[topics.delay]\n\xEF\xBB\xBFphrases = [\"delay\"]\n");
  ASSERT_FALSE(inner.ok());
  EXPECT_THAT(inner.status().message(), HasSubstr("t.toml:2: a non-ASCII character"));
}

TEST(TaxonomyParse, NonAsciiOutsideQuotesIsAnErrorWithItsLine) {
  auto t = Parse("[topics.delay]\nphrases = [\"late\"]\n[topics.café]\nphrases = [\"x\"]\n");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.toml:3: a non-ASCII character outside quotes"));
  // The bytes taxonomy_fuzzer found: toml++ 3.3 reached unreachable code on them.
  const char crash[] =
      "PARLE\xEF\xBB\xBF" "EEEEEM\x01\x00]\x00\x00\x00\x00\x00\x00\x00\x00@\x00\x00\x00\x00";
  EXPECT_FALSE(Parse(std::string_view(crash, sizeof crash - 1)).ok());
}

TEST(TaxonomyParse, CodePointsTomlTestsForWhitespaceAreNotWhitespace) {
  // toml++ 3.3's whitespace test reached unreachable code for code points
  // such as U+00A7 and U+02AC (its upstream issues #190 and #295); under
  // UBSan in CI these inputs failed before the fix in taxonomy.cc.
  // A line-ending backslash in a multi-line string, then U+00A7:
  auto t = Parse("[topics.para]\nphrases = [\"\"\"\\\n\xC2\xA7 late\"\"\"]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->topics[0].phrases[0].text, "\xC2\xA7 late");
  // What taxonomy_fuzzer found: U+02AC after an unfinished value.
  t = Parse("[brands.skyloft]\nhandles =0[\"\xCA\xAC" "kelay\"CCCC\npatterns = ['x']\n");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.toml:2:"));
}

TEST(TaxonomyParse, ATableHeaderNotStartingWithAKeyIsAnErrorWithItsLine) {
  // toml++ 3.3 asserts that a header's key starts with a key character;
  // taxonomy_fuzzer found '[*...]' aborting a build with assertions on.
  auto t = Parse("[taxonomy]\nname = \"x\"\n[*rands.acme]\nown = true\n");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.toml:3:"));
  EXPECT_FALSE(Parse("[[*topics]]\n").ok());
}

// A file written as YAML gets TOML's error with its line, and a hint of
// what to write instead; other syntax errors do not.
TEST(TaxonomyParse, AFileWrittenAsYamlSaysToWriteToml) {
  constexpr char kHint[] = "this reads as YAML: name the file .yaml to read it as YAML";
  auto mapping = Parse("# ours\ntopics:\n  delay:\n    phrases: [delay]\n");
  ASSERT_FALSE(mapping.ok());
  EXPECT_THAT(mapping.status().message(), HasSubstr("t.toml:2:"));
  EXPECT_THAT(mapping.status().message(), HasSubstr(kHint));
  auto in_table = Parse("[topics.delay]\nphrases: [\"delay\"]\n");
  ASSERT_FALSE(in_table.ok());
  EXPECT_THAT(in_table.status().message(), HasSubstr("t.toml:2:"));
  EXPECT_THAT(in_table.status().message(), HasSubstr(kHint));
  auto crlf = Parse("# ours\r\ntopics:\r\n  delay:\r\n");  // written on Windows
  ASSERT_FALSE(crlf.ok());
  EXPECT_THAT(crlf.status().message(), HasSubstr(kHint));
  auto item = Parse("[topics.delay]\nphrases = [\n- delay\n]\n");
  ASSERT_FALSE(item.ok());
  EXPECT_THAT(item.status().message(), HasSubstr(kHint));
  // TOML's own mistakes, no hint: an unclosed array, a URL-like value, an
  // unclosed table header.
  for (const char* toml : {"[topics.delay]\nphrases = [\"delay\"\n", "x = http://a\n",
                           "[topics.delay\n"}) {
    auto t = Parse(toml);
    ASSERT_FALSE(t.ok()) << toml;
    EXPECT_THAT(t.status().message(), Not(HasSubstr(kHint))) << toml;
  }
}

StatusOr<Taxonomy> ParseYaml(std::string_view yaml) { return ParseTaxonomy(yaml, "t.yaml"); }

// What a taxonomy says, lines aside: for holding a YAML file to its TOML twin.
std::string Describe(const Taxonomy& t) {
  auto terms = [](const std::vector<Term>& v) {
    std::string out = "[";
    for (const Term& x : v) out += x.text + "|";
    return out + "]";
  };
  std::string out = "name=" + t.name + "\n";
  for (const TaxonomyBrand& b : t.brands) {
    out += "brand " + b.id + " " + b.name + (b.own ? " own" : "") + (b.inflect ? " inflect" : "") +
           (b.case_sensitive ? " cs" : "") + terms(b.aliases) + terms(b.handles) +
           terms(b.hashtags) + terms(b.accounts) + terms(b.patterns) + terms(b.exclude) + "\n";
  }
  for (const TaxonomyTopic& x : t.topics) {
    out += "topic " + x.id + "<" + x.parent + (x.inflect ? " inflect" : "") + terms(x.phrases) +
           terms(x.patterns) + terms(x.exclude) + "\n";
  }
  for (const TaxonomyIntent& i : t.intents) {
    out += "intent " + i.id + (i.builtin ? " builtin" : "") + (i.negation ? " negation" : "") +
           terms(i.phrases) + terms(i.patterns) + terms(i.unless) + terms(i.exclude) + "\n";
  }
  return out + terms(t.price_words) + terms(t.negative_price_words) + terms(t.positive_price_words);
}

TEST(TaxonomyYaml, TheShippedYamlDemoSaysWhatTheTomlDemoSays) {
  auto read = [](const char* path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string toml = read("data/taxonomy/demo.toml");
  const std::string yaml = read("data/taxonomy/demo.yaml");
  ASSERT_FALSE(toml.empty());
  ASSERT_FALSE(yaml.empty());
  ASSERT_OK_AND_ASSIGN(Taxonomy a, ParseTaxonomy(toml, "demo.toml"));
  ASSERT_OK_AND_ASSIGN(Taxonomy b, ParseTaxonomy(yaml, "demo.yml"));
  EXPECT_EQ(Describe(a), Describe(b));
  EXPECT_EQ(b.topics.size(), 12u);
  // Lines are the YAML file's own: the nested topic 'staff' is on line 54.
  const TaxonomyTopic* staff = b.FindTopic("staff");
  ASSERT_NE(staff, nullptr);
  EXPECT_EQ(staff->parent, "customer_service");
  EXPECT_EQ(staff->line, 54);
}

TEST(TaxonomyYaml, ValuesAreTypedAsTomlWouldHaveThemAndListItemsArePhrases) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, ParseYaml("taxonomy:\n"
                                             "  name: x\n"
                                             "  version: 1\n"
                                             "  defaults: False\n"
                                             "brands:\n"
                                             "  acme:\n"
                                             "    own: true\n"
                                             "    aliases: [Acme, \"Acme \\\"Co\\\"\"]\n"
                                             "topics:\n"
                                             "  answer:\n"
                                             "    phrases: [no, 747, true, 'yes']\n"
                                             "    inflect: false\n"));
  EXPECT_TRUE(t.intents.empty());  // defaults: False
  ASSERT_EQ(t.brands.size(), 1u);
  EXPECT_TRUE(t.brands[0].own);
  ASSERT_EQ(t.brands[0].aliases.size(), 2u);
  EXPECT_EQ(t.brands[0].aliases[1].text, "Acme \"Co\"");
  ASSERT_EQ(t.topics.size(), 1u);
  ASSERT_EQ(t.topics[0].phrases.size(), 4u);
  EXPECT_EQ(t.topics[0].phrases[0].text, "no");   // not YAML 1.1's false
  EXPECT_EQ(t.topics[0].phrases[1].text, "747");  // not a number
  EXPECT_EQ(t.topics[0].phrases[2].text, "true");
  EXPECT_EQ(t.topics[0].phrases[1].line, 11);
  EXPECT_FALSE(t.topics[0].inflect);
  // A quoted value is a string: version must then be a number.
  auto quoted = ParseYaml("taxonomy:\n  version: '1'\n");
  ASSERT_FALSE(quoted.ok());
  EXPECT_THAT(quoted.status().message(), HasSubstr("t.yaml:2:"));
  // An empty file is an empty taxonomy, as in TOML.
  ASSERT_OK_AND_ASSIGN(Taxonomy empty, ParseYaml(""));
  EXPECT_TRUE(empty.topics.empty());
  EXPECT_FALSE(empty.intents.empty());  // the built-ins
}

TEST(TaxonomyYaml, ErrorsNameTheYamlLine) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  for (const Case& c : {
           Case{"topics:\n  delay:\n    phrases: [delay]\n    colour: red\n",
                "t.yaml:4: unknown key 'colour' in topic 'delay'"},
           Case{"topics:\n  delay:\n    phrases: [delay\n", "t.yaml:4:1: end of sequence flow"},
           Case{"topics:\n  delay:\n    phrases: [a]\n  delay:\n    phrases: [b]\n",
                "t.yaml:4: 'delay' is given twice here (first on line 2)"},
           Case{"topics:\n  delay:\n", "t.yaml:2: 'delay' has no value"},
           Case{"- delay\n- late\n", "t.yaml:1: a taxonomy is a mapping"},
           Case{"topics:\n  delay:\n    phrases:\n      - a\n      - [b]\n",
                "t.yaml:5: a list holds words and phrases"},
           Case{"topics:\n  delay:\n    phrases: [a]\n    patterns: ['delayed (\\d+']\n",
                "t.yaml:4: topic 'delay' patterns: 'delayed (\\d+' is not a valid regular"},
           Case{"topics:\n  ? [a, b]\n  : x\n", "a key must be a word"},
           Case{"topics:\n  delay: [late]\n",
                "t.yaml:2: topic 'delay' must be a table, like [topics.delay] (in YAML, a table "
                "[a.b] is a mapping `a:` holding `b:`)"},
           Case{"a: &x [1]\nb: *y\n", "t.yaml:2:"},
       }) {
    auto t = ParseYaml(c.yaml);
    ASSERT_FALSE(t.ok()) << c.yaml;
    EXPECT_THAT(t.status(), StatusIs(StatusCode::kInvalidArgument)) << c.yaml;
    EXPECT_THAT(t.status().message(), HasSubstr(c.message)) << c.yaml;
  }
  // Nesting without end is refused, not followed down the stack.
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
  deep += std::string(80, ' ') + "x: 1\n";
  auto t = ParseYaml(deep);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("nested too deeply"));
}

struct ErrorCase {
  const char* name;
  const char* toml;
  const char* message;  // part of the error, which starts "t.toml:LINE:"
};

class TaxonomyErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(TaxonomyErrorTest, NamesTheLineAndWhatIsWrong) {
  EXPECT_THAT(Parse(GetParam().toml),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

INSTANTIATE_TEST_SUITE_P(
    Taxonomy, TaxonomyErrorTest,
    ::testing::Values(
        ErrorCase{"TomlSyntax", "[topics.delay]\nphrases = [\"delay\"\n", "t.toml:2:20: "},
        ErrorCase{"UnknownSection", "\n[topic.delay]\nphrases = []\n",
                  "t.toml:2: unknown section [topic]"},
        ErrorCase{"UnknownKey", "[topics.delay]\nphrase = [\"delay\"]\n",
                  "t.toml:2: unknown key 'phrase' in topic 'delay'"},
        ErrorCase{"NotAnArray", "[topics.delay]\nphrases = \"delay\"\n",
                  "t.toml:2: topic 'delay' phrases must be an array of strings"},
        ErrorCase{"NotAString", "[topics.delay]\nphrases = [\"a\",\n  3]\n",
                  "t.toml:3: topic 'delay' phrases must be an array of strings"},
        ErrorCase{"EmptyPhrase", "[topics.delay]\nphrases = [\" \"]\n",
                  "t.toml:2: topic 'delay' phrases has an empty entry"},
        ErrorCase{"BadRegex", "[topics.delay]\npatterns = ['dela(y']\n",
                  "t.toml:2: topic 'delay' patterns: 'dela(y' is not a valid regular expression"},
        ErrorCase{"BadId", "[topics.\"Late Flight\"]\nphrases = [\"late\"]\n",
                  "t.toml:1: topic id 'Late Flight' must be lower-case"},
        ErrorCase{"DuplicateTopic",
                  "[topics.a]\nphrases = [\"x\"]\n[topics.a.delay]\nphrases = [\"y\"]\n"
                  "[topics.delay]\nphrases = [\"z\"]\n",
                  "t.toml:5: topic 'delay' is defined twice (first on line 3)"},
        ErrorCase{"EmptyTopic", "[topics.delay]\n", "t.toml:1: topic 'delay' needs phrases"},
        ErrorCase{"BadHandle", "[brands.x]\nhandles = [\"SkyloftAir\"]\n",
                  "t.toml:2: brand 'x' handles: 'SkyloftAir' must be one word starting with '@'"},
        ErrorCase{"BrandWithoutTerms", "[brands.x]\nname = \"X\"\n",
                  "t.toml:1: brand 'x' needs at least one of"},
        ErrorCase{"SourceWithSpaces", "[brands.x]\nsources = [\" app_reviews\"]\n",
                  "t.toml:2: brand 'x' sources: ' app_reviews' must be a source name as posts "
                  "are stored under it, with no space around it"},
        ErrorCase{"SourcesNotStrings", "[brands.x]\nsources = \"app_reviews\"\n",
                  "t.toml:2: brand 'x' sources must be an array of strings"},
        ErrorCase{"BadLabel", "[intents.praise]\nrequires = \"happy\"\nphrases = [\"yay\"]\n",
                  "t.toml:2: intent 'praise' requires must be \"negative\""},
        ErrorCase{"BadBool", "[brands.x]\nown = \"yes\"\nhandles = [\"@x\"]\n",
                  "t.toml:2: brand 'x' own must be true or false"},
        ErrorCase{"BadCaseSensitive", "[brands.x]\naliases = [\"X\"]\ncase_sensitive = \"yes\"\n",
                  "t.toml:3: brand 'x' case_sensitive must be true or false"},
        ErrorCase{"BadWithBrand", "[intents.x]\nwith_brand = \"angry\"\n",
                  "t.toml:2: intent 'x' with_brand must be \"negative\""},
        ErrorCase{"IntentWithNothing", "[intents.x]\nnegation = true\n",
                  "t.toml:1: intent 'x' needs phrases, patterns, with_topic or with_brand"},
        ErrorCase{"BadNegation", "[intents.x]\nphrases = [\"y\"]\nnegation = 1\n",
                  "t.toml:3: intent 'x' negation must be true or false"},
        ErrorCase{"UnlessUnknown",
                  "[taxonomy]\ndefaults = false\n[intents.x]\nphrases = [\"y\"]\n"
                  "unless = [\"complaint\"]\n",
                  "t.toml:5: intent 'x' unless: no intent 'complaint' (the intents are x)"},
        ErrorCase{"UnlessItself", "[intents.x]\nphrases = [\"y\"]\nunless = [\"x\"]\n",
                  "t.toml:3: intent 'x' unless: names the intent itself"},
        ErrorCase{"UnlessNotAnArray", "[intents.x]\nphrases = [\"y\"]\nunless = \"praise\"\n",
                  "t.toml:3: intent 'x' unless must be an array of strings"},
        ErrorCase{"BadVersion", "[taxonomy]\nversion = 2\n",
                  "t.toml:2: taxonomy.version must be 1"},
        ErrorCase{"SectionNotATable", "topics = 3\n",
                  "t.toml:1: 'topics' must be a table, like [topics.ID]"},
        ErrorCase{"HeaderKeyAtTheTop", "name = \"telecom\"\n[topics.x]\nphrases = [\"y\"]\n",
                  "t.toml:1: 'name' belongs under [taxonomy]"},
        ErrorCase{"UnknownKeyAtTheTop", "colour = 1\n",
                  "t.toml:1: unknown key 'colour' before any table"},
        ErrorCase{"AnchoredPattern", "[topics.x]\npatterns = ['^refund']\n",
                  "t.toml:2: topic 'x' patterns: '^refund' has an anchor ('^' or '$'), which never "
                  "matches"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

}  // namespace
}  // namespace parley
