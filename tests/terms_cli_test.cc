// `parley terms` end to end: its counts are those of the posts `parley
// analyze` wrote (counted here, by the same terms), its lists hold only what
// they say, the `parley posts` command it prints lists the term's posts, and
// bad flags are one-line errors. On the airline sample (../shared/data,
// where present) it finds what the complaints are about.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "src/text/shares.h"
#include "src/text/terms.h"
#include "tests/testutil/cli.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Result = ::parley::testing::CliResult;
using ::parley::testing::NonEmptyLines;

class TermsCliTest : public ::testing::Test {
 protected:
  // 3,000 synthetic posts analyzed to a file and ingested, with the demo
  // taxonomy.
  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() / ("parley_terms_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    std::string err;
    analyzed_ = testing::SynthAnalyzeIngest(tmp_, 3000, 7, Db(), &err);
    ASSERT_FALSE(analyzed_.empty()) << err;
  }
  static void TearDownTestSuite() { fs::remove_all(tmp_); }

  static Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }
  static std::string Db() { return (tmp_ / "t.db").string(); }

  // Of the analyzed posts of `brand` ("" for all): those labelled `label`
  // and the others, and of each those whose own words (OwnWords()) hold
  // the term `key`; the shares with none of their own apart.
  struct Tally {
    int64_t label = 0, other = 0, label_with = 0, other_with = 0, shares = 0;
  };
  static Tally Count(const std::string& brand, const std::string& label, const std::string& key) {
    Tally t;
    simdjson::dom::parser parser;
    for (const std::string& line : NonEmptyLines(analyzed_)) {
      simdjson::dom::element rec = parser.parse(line);
      if (!brand.empty()) {
        bool has = false;
        for (simdjson::dom::element b : rec["brands"].get_array())
          has |= b.get_string().value() == brand;
        if (!has) continue;
      }
      const std::string text(rec["text"].get_string().value());
      if (IsBareShare(text)) {
        ++t.shares;
        continue;
      }
      const bool is_label = rec["sentiment"]["label"].get_string().value() == label;
      const bool with = HasTerm(OwnWords(text), key);
      ++(is_label ? t.label : t.other);
      (is_label ? t.label_with : t.other_with) += with;
    }
    return t;
  }

  static fs::path tmp_;
  static std::string analyzed_;
};

fs::path TermsCliTest::tmp_;
std::string TermsCliTest::analyzed_;

TEST_F(TermsCliTest, JsonCountsAreTheAnalyzedPosts) {
  Result r = Run("terms --db " + Db() + " --brand skyloft -f json -n 10 --examples 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  const Tally all = Count("skyloft", "negative", "");
  EXPECT_EQ(doc["label_posts"].get_int64().value(), all.label);
  EXPECT_EQ(doc["other_posts"].get_int64().value(), all.other);
  // Synth's posts share others ("RT @x: ..."): those with no words of their
  // own are left out, and said.
  EXPECT_GT(all.shares, 0);
  EXPECT_EQ(doc["shares_left_out"].get_int64().value(), all.shares);
  EXPECT_EQ(doc["shares"].get_string().value(), "own_words");
  EXPECT_FALSE(doc["sampled"].get_bool().value());
  int terms = 0;
  for (const char* list : {"terms", "sentiment_terms"}) {
    double g2 = 1e300;
    for (simdjson::dom::element t : doc[list].get_array()) {
      ++terms;
      const std::string term(t["term"].get_string().value());
      const Tally c = Count("skyloft", "negative", TermQueryKey(term));
      EXPECT_EQ(t["label_posts"].get_int64().value(), c.label_with) << term;
      EXPECT_EQ(t["other_posts"].get_int64().value(), c.other_with) << term;
      EXPECT_GT(t["label_share"]["estimate"].get_double().value(),
                t["other_share"]["estimate"].get_double().value())
          << term;
      EXPECT_LE(t["q_value"].get_double().value(), 0.01) << term;
      EXPECT_LE(t["g2"].get_double().value(), g2) << term;  // most telling first
      g2 = t["g2"].get_double().value();
      for (simdjson::dom::element e : t["examples"].get_array()) {
        EXPECT_EQ(e["label"].get_string().value(), "negative");
        EXPECT_TRUE(HasTerm(OwnWords(e["text"].get_string().value()), TermQueryKey(term))) << term;
      }
    }
    EXPECT_LE(doc[list].get_array().size(), 10u);
  }
  EXPECT_GT(terms, 0);
  // The lexicon's words are apart; asked, with the others.
  EXPECT_THAT(r.out, Not(HasSubstr("\"sentiment_terms\":[]")));
  r = Run("terms --db " + Db() + " --brand skyloft -f json -n 50 --with-sentiment-words");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"sentiment_terms\":[]"));
  EXPECT_THAT(r.out, HasSubstr("\"term\":\"awful\""));
  // With --with-shares every post counts, whole.
  r = Run("terms --db " + Db() + " --brand skyloft -f json --with-shares");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::element with = parser.parse(r.out);
  EXPECT_EQ(with["shares_left_out"].get_int64().value(), 0);
  EXPECT_EQ(with["shares"].get_string().value(), "all_words");
  EXPECT_EQ(with["label_posts"].get_int64().value() + with["other_posts"].get_int64().value(),
            all.label + all.other + all.shares);
}

TEST_F(TermsCliTest, TableCsvAndThePostsBehindATerm) {
  Result r = Run("terms --db " + Db() + " --label positive --since 2026-01-01T00:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("what the positive posts say more than the others, in "));
  EXPECT_THAT(r.out, HasSubstr("95% intervals; q: Benjamini-Hochberg, kept below 0.01"));
  // The command it ends with lists the positive posts with the term.
  const std::string marker = "\n  parley posts ";
  const size_t at = r.out.rfind(marker);
  ASSERT_NE(at, std::string::npos) << r.out;
  std::string posts = r.out.substr(at + marker.size());
  posts = posts.substr(0, posts.find('\n'));
  EXPECT_THAT(posts, HasSubstr("--label positive --since 2026-01-01T00:00:00Z --term "));
  Result listed = Run("posts " + posts + " -f json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_FALSE(NonEmptyLines(listed.out).empty());
  for (const std::string& line : NonEmptyLines(listed.out)) {
    EXPECT_THAT(line, HasSubstr("\"label\":\"positive\""));
  }
  // ... exactly the posts the first term counts (shares by their own words).
  EXPECT_THAT(posts, HasSubstr(" --shares own_words"));
  Result json =
      Run("terms --db " + Db() + " --label positive --since 2026-01-01T00:00:00Z -f json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  simdjson::dom::parser parser;
  simdjson::dom::element first = parser.parse(json.out)["terms"].at(0);
  EXPECT_EQ(static_cast<int64_t>(NonEmptyLines(listed.out).size()),
            first["label_posts"].get_int64().value());
  Result whole = Run("terms --db " + Db() +
                     " --label positive --since 2026-01-01T00:00:00Z "
                     "--with-shares");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_THAT(whole.out, Not(HasSubstr("--shares own_words")));

  r = Run("terms --db " + Db() + " -f csv -n 5 --min-posts 20");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> rows = NonEmptyLines(r.out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_THAT(rows[0], StartsWith("list,term,label_posts,label_share,"));
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_TRUE(rows[i].starts_with("terms,") || rows[i].starts_with("sentiment_terms,"))
        << rows[i];
    EXPECT_THAT(rows[i], HasSubstr("parley posts --db "));
  }
  EXPECT_LE(rows.size(), 11u);  // five a list at most
}

// The brands' answers ("we're sorry, we'll look into it") are positive: with
// the taxonomy's accounts they are left out, and the positive terms are
// what customers say.
TEST_F(TermsCliTest, TheBrandsAnswersAreLeftOutWithTheTaxonomy) {
  Result r = Run("terms --db " + Db() + " --label positive -f json -n 30");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"brand_posts\":0,"));
  EXPECT_THAT(r.out, HasSubstr("\"term\":\"we're\""));
  r = Run("terms --db " + Db() +
          " --label positive -f json -n 30 --taxonomy data/taxonomy/demo.toml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("\"brand_posts\":0,")));
  EXPECT_THAT(r.out, Not(HasSubstr("\"term\":\"we're\"")));
  EXPECT_THAT(r.out, Not(HasSubstr("\"author\":\"SkyloftAir\"")));
  r = Run("terms --db " + Db() + " --label positive --taxonomy data/taxonomy/demo.toml");
  EXPECT_THAT(r.out, HasSubstr("posts of the brands' own accounts left out)"));
  // Its terms' posts commands leave them out too: each lists exactly the
  // posts its term counts (without --taxonomy, some list the brands'
  // answers as well).
  Result counted = Run("terms --db " + Db() +
                       " --label positive -f csv -n 12 --with-sentiment-words --taxonomy "
                       "data/taxonomy/demo.toml");
  ASSERT_EQ(counted.exit_code, 0) << counted.err;
  int checked = 0, with_answers = 0;
  for (const std::string& row : NonEmptyLines(counted.out)) {
    if (!row.starts_with("terms,")) continue;
    const size_t at = row.find("parley posts ");
    ASSERT_NE(at, std::string::npos) << row;
    const std::string command = row.substr(at + 13);
    ASSERT_THAT(command, HasSubstr(" --taxonomy data/taxonomy/demo.toml --term "));
    // (label_posts: the third field; a term with a comma is quoted.)
    const size_t field = row.find(',', row[6] == '"' ? row.find('"', 7) : 6) + 1;
    const int64_t label_posts = std::stoll(row.substr(field, row.find(',', field) - field));
    Result listed = Run("posts " + command + " -f csv -q");
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(static_cast<int64_t>(NonEmptyLines(listed.out).size()) - 1, label_posts) << row;
    const std::string without =
        command.substr(0, command.find(" --taxonomy")) + command.substr(command.find(" --term"));
    Result all = Run("posts " + without + " -f csv -q");
    ASSERT_EQ(all.exit_code, 0) << all.err;
    with_answers += NonEmptyLines(all.out).size() > NonEmptyLines(listed.out).size();
    ++checked;
  }
  EXPECT_GT(checked, 3) << counted.out;
  EXPECT_GT(with_answers, 0);
  Result bad = Run("posts --db " + Db() + " --taxonomy /no/such.toml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("/no/such.toml"));
}

// Against the other brands: skyloft's negative posts against the others'
// negative posts, the brands' names left out.
TEST_F(TermsCliTest, AgainstTheOtherBrands) {
  Result r =
      Run("terms --db " + Db() +
          " --brand skyloft --versus brands --taxonomy data/taxonomy/demo.toml -f json -n 50");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  EXPECT_EQ(doc["versus"].get_string().value(), "brands");
  EXPECT_GT(doc["brand_name_terms"].get_int64().value(), 0);
  // Both sides are negative posts naming a brand, by customers (the
  // brands' accounts left out): skyloft's, and the others' that do not name
  // it. Recounted from analyze's records.
  int64_t skyloft = 0, others = 0, answers = 0;
  simdjson::dom::parser line_parser;
  for (const std::string& line : NonEmptyLines(analyzed_)) {
    simdjson::dom::element rec = line_parser.parse(line);
    if (rec["sentiment"]["label"].get_string().value() != "negative") continue;
    bool named = false, any = false;
    for (simdjson::dom::element b : rec["brands"].get_array()) {
      any = true;
      named |= b.get_string().value() == "skyloft";
    }
    const std::string author(rec["author"].get_string().value());
    if (author == "SkyloftAir" || author == "Jetwave" || author == "AeroNova") {
      ++answers;
      continue;
    }
    if (IsBareShare(rec["text"].get_string().value())) continue;
    skyloft += named;
    others += any && !named;
  }
  EXPECT_EQ(doc["label_posts"].get_int64().value(), skyloft);
  EXPECT_EQ(doc["other_posts"].get_int64().value(), others);
  EXPECT_EQ(doc["brand_posts"].get_int64().value(), answers);
  EXPECT_GT(skyloft, 0);
  EXPECT_GT(others, 0);
  for (const char* list : {"terms", "sentiment_terms"}) {
    for (simdjson::dom::element t : doc[list].get_array()) {
      const std::string term(t["term"].get_string().value());
      EXPECT_EQ(term.find("skyloft"), std::string::npos) << term;
      EXPECT_EQ(term.find("jetwave"), std::string::npos) << term;
    }
  }
  for (const char* args : {"--versus brands", "--versus both"}) {
    r = Run("terms --db " + Db() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(NonEmptyLines(r.err).size(), 1u) << r.err;
  }
}

// Against the period before: the negative posts of the last three days
// against those of the three days before (synth's 6 days from 2026-03-01).
TEST_F(TermsCliTest, AgainstThePeriodBefore) {
  Result r =
      Run("terms --db " + Db() +
          " --since 2026-03-04T00:00:00Z --until 2026-03-07T00:00:00Z --versus previous -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  EXPECT_EQ(doc["versus"].get_string().value(), "previous");
  EXPECT_EQ(doc["previous"]["from"].get_string().value(), "2026-03-01T00:00:00Z");
  EXPECT_EQ(doc["previous"]["to"].get_string().value(), "2026-03-04T00:00:00Z");
  // Each side: the negative posts of its days, recounted.
  int64_t now = 0, before = 0;
  simdjson::dom::parser line_parser;
  for (const std::string& line : NonEmptyLines(analyzed_)) {
    simdjson::dom::element rec = line_parser.parse(line);
    if (rec["sentiment"]["label"].get_string().value() != "negative") continue;
    if (IsBareShare(rec["text"].get_string().value())) continue;
    const std::string at(rec["created_at"].get_string().value());
    (at >= "2026-03-04" ? now : before) += 1;
  }
  EXPECT_EQ(doc["label_posts"].get_int64().value(), now);
  EXPECT_EQ(doc["other_posts"].get_int64().value(), before);
  r = Run("terms --db " + Db() + " --versus previous");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("need a start (--since"));
  r = Run("terms --db " + Db() + " --since 2026-03-04T00:00:00Z --versus previous");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("what the negative posts say more than in the period before"));
  // A period of one's own, its ends durations before now too.
  r = Run("terms --db " + Db() + " --since 7d --compare 30d/14d -f json");
  EXPECT_EQ(r.exit_code, 2);  // the store's posts end in March
  EXPECT_THAT(r.err, HasSubstr("the store's last post (2026-03-"));
  r = Run("terms --db " + Db() + " --since 7d --until 1d --compare 30d/14d -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::element recent = parser.parse(r.out);
  EXPECT_EQ(recent["versus"].get_string().value(), "previous");
  EXPECT_LT(recent["previous"]["from"].get_string().value(),
            recent["previous"]["to"].get_string().value());
  EXPECT_LT(recent["previous"]["to"].get_string().value(),
            recent["period"]["from"].get_string().value());
  r = Run("terms --db " + Db() +
          " --since 2026-03-04T00:00:00Z --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("what the negative posts say more than in the period compared "
                                "with"));
  EXPECT_THAT(r.out, HasSubstr(" from 2026-03-01T00:00:00Z to 2026-03-02T00:00:00Z"));
  r = Run("terms --db " + Db() + " --since 2026-03-04T00:00:00Z --compare 2026-03-02T00:00:00Z");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("--compare: '2026-03-02T00:00:00Z' is neither previous nor a period"));
}

// `parley report` shows what `parley terms` finds in the report's scope:
// against the other posts, in a brand's report against the other brands',
// and with --compare previous against the period before, term for term; in
// every format; --key-terms 0 leaves it out.
TEST_F(TermsCliTest, TheReportSaysWhatTheNegativePostsSay) {
  const std::string scope = " --db " + Db() +
                            " --brand skyloft --taxonomy data/taxonomy/demo.toml --since "
                            "2026-03-04T00:00:00Z --until 2026-03-07T00:00:00Z";
  Result report = Run("report -f json --compare previous --key-terms 6" + scope);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(report.out);
  simdjson::dom::array sections = doc["key_terms"].get_array();
  ASSERT_EQ(sections.size(), 3u);
  int listed = 0;
  size_t section = 0;
  for (const char* versus : {"labels", "brands", "previous"}) {
    SCOPED_TRACE(versus);
    Result terms = Run(std::string("terms -f json -n 6 --versus ") + versus + scope);
    ASSERT_EQ(terms.exit_code, 0) << terms.err;
    simdjson::dom::parser terms_parser;
    simdjson::dom::element want = terms_parser.parse(terms.out);
    simdjson::dom::element got = sections.at(section++);
    EXPECT_EQ(got["versus"].get_string().value(), versus);
    for (const char* count : {"label_posts", "other_posts", "brand_posts", "shares_left_out",
                              "brand_name_terms", "tested"}) {
      EXPECT_EQ(got[count].get_int64().value(), want[count].get_int64().value()) << count;
    }
    EXPECT_GT(got["label_posts"].get_int64().value(), 0);
    for (const char* list : {"terms", "sentiment_terms"}) {
      simdjson::dom::array g = got[list].get_array(), w = want[list].get_array();
      ASSERT_EQ(g.size(), w.size()) << list;
      for (size_t i = 0; i < g.size(); ++i) {
        EXPECT_EQ(g.at(i)["term"].get_string().value(), w.at(i)["term"].get_string().value());
        EXPECT_EQ(g.at(i)["label_posts"].get_int64().value(),
                  w.at(i)["label_posts"].get_int64().value());
        EXPECT_EQ(g.at(i)["other_posts"].get_int64().value(),
                  w.at(i)["other_posts"].get_int64().value());
        // (The API's JSON writes 6 significant digits.)
        const double q = w.at(i)["q_value"].get_double().value();
        EXPECT_NEAR(g.at(i)["q_value"].get_double().value(), q, q * 1e-5);
        EXPECT_EQ(g.at(i)["examples"].get_array().size(), 1u);
        ++listed;
      }
    }
    if (versus == std::string("previous")) {
      EXPECT_EQ(got["previous"]["from"].get_string().value(), "2026-03-01T00:00:00Z");
      EXPECT_EQ(got["previous"]["to"].get_string().value(), "2026-03-04T00:00:00Z");
    }
  }
  EXPECT_GT(listed, 4);
  const std::string first(sections.at(0)["terms"].at(0)["term"].get_string().value());
  Result text = Run("report --compare previous" + scope);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("\nwhat the negative posts say more than the other posts\n"));
  EXPECT_THAT(text.out, HasSubstr("\n  " + first + " "));
  EXPECT_THAT(text.out,
              HasSubstr("\nwhat the negative posts say more than in the period compared with\n"));
  EXPECT_THAT(text.out, HasSubstr("\nwhat skyloft's negative posts say more than the other "
                                  "brands' negative posts\n"));
  for (const char* format : {"md", "html"}) {
    Result r = Run(std::string("report -f ") + format + scope);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("hat the negative posts say more than the other posts"));
    EXPECT_THAT(r.out, HasSubstr(first));
  }
  Result csv = Run("report -f csv" + scope);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("\nkey_terms," + first + ",,,,,,,,label_posts,"));
  // --compare FROM/UNTIL: against that period's negative posts.
  Result range = Run("report -f json --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + scope);
  ASSERT_EQ(range.exit_code, 0) << range.err;
  simdjson::dom::parser range_parser;
  simdjson::dom::element compared = range_parser.parse(range.out)["key_terms"].at(2);
  EXPECT_EQ(compared["versus"].get_string().value(), "previous");
  EXPECT_EQ(compared["previous"]["from"].get_string().value(), "2026-03-01T00:00:00Z");
  EXPECT_EQ(compared["previous"]["to"].get_string().value(), "2026-03-02T00:00:00Z");
  EXPECT_EQ(compared["label_posts"].get_int64().value(),
            sections.at(2)["label_posts"].get_int64().value());
  EXPECT_LT(compared["other_posts"].get_int64().value(),
            sections.at(2)["other_posts"].get_int64().value());
  EXPECT_GT(compared["other_posts"].get_int64().value(), 0);
  // ... as parley terms --compare finds it (which says --versus previous).
  Result own =
      Run("terms -f json -n 6 --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + scope);
  ASSERT_EQ(own.exit_code, 0) << own.err;
  simdjson::dom::parser own_parser;
  simdjson::dom::element own_doc = own_parser.parse(own.out);
  EXPECT_EQ(own_doc["versus"].get_string().value(), "previous");
  EXPECT_EQ(own_doc["previous"]["from"].get_string().value(), "2026-03-01T00:00:00Z");
  for (const char* count : {"label_posts", "other_posts", "tested"}) {
    EXPECT_EQ(compared[count].get_int64().value(), own_doc[count].get_int64().value()) << count;
  }
  ASSERT_EQ(compared["terms"].get_array().size(), own_doc["terms"].get_array().size());
  for (size_t i = 0; i < own_doc["terms"].get_array().size(); ++i) {
    EXPECT_EQ(compared["terms"].at(i)["term"].get_string().value(),
              own_doc["terms"].at(i)["term"].get_string().value());
  }
  // A period compared with that overlaps the report's: a note, no list
  // (a post of both would be on both sides); parley terms refuses it.
  const std::string unbounded = " --db " + Db() + " --taxonomy data/taxonomy/demo.toml";
  Result overlap =
      Run("report -f json --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + unbounded);
  ASSERT_EQ(overlap.exit_code, 0) << overlap.err;
  simdjson::dom::parser overlap_parser;
  simdjson::dom::element over = overlap_parser.parse(overlap.out)["key_terms"].at(1);
  EXPECT_EQ(over["versus"].get_string().value(), "previous");
  EXPECT_TRUE(over["overlaps"].get_bool().value());
  EXPECT_EQ(over["terms"].get_array().size(), 0u);
  Result overlap_text =
      Run("report --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + unbounded);
  EXPECT_THAT(overlap_text.out, HasSubstr("overlaps the report's"));
  Result refused = Run("terms --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + unbounded);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("overlaps the one read"));
  refused =
      Run("terms --versus brands --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" + scope);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--compare: only with versus=previous"));
  Result none = Run("report -f json --key-terms 0" + scope);
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, Not(HasSubstr("key_terms")));
  Result bad = Run("report --key-terms -1 --db " + Db());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--key-terms must be 0 or more"));
}

// A brand, topic or intent the store does not know (a display name, a
// typo) is named with the names it holds, in the table and, for the data
// formats, on stderr.
TEST_F(TermsCliTest, AnUnknownNameListsTheStoresNames) {
  Result r = Run("terms --db " + Db() + " --brand Skyloft");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("none of the negative posts in scope: no brand 'Skyloft' in the "
                               "store; its brands: "));
  EXPECT_THAT(r.out, HasSubstr("skyloft"));
  r = Run("terms --db " + Db() + " --topic delays -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"label_posts\":0"));
  EXPECT_THAT(r.err, StartsWith("parley terms: no topic 'delays' in the store; its topics: "));
  // A known name with nothing of the label says nothing more.
  r = Run("terms --db " + Db() + " --brand skyloft --since 2030-01-01");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("none of the negative posts in scope\n"));
}

TEST_F(TermsCliTest, SamplesTheNewestPostsAndSaysSo) {
  Result r = Run("terms --db " + Db() + " --max-posts 500 -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"sampled\":true"));
  r = Run("terms --db " + Db() + " --max-posts 500");
  EXPECT_THAT(r.out, HasSubstr("(the newest 500 posts of the scope, which holds more)"));
}

TEST_F(TermsCliTest, BadFlagsAreOneLineErrors) {
  for (const char* args : {"--label angry", "--since yesterday", "--fdr 1.5", "-n 0",
                           "--format xml", "--min-posts 0", "--max-posts 0"}) {
    Result r = Run("terms --db " + Db() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_THAT(r.err, StartsWith("parley terms: error: ")) << args;
    EXPECT_EQ(NonEmptyLines(r.err).size(), 1u) << r.err;
  }
  Result r = Run("terms --db " + (tmp_ / "none.db").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("create one with parley ingest"));
  r = Run("terms --db " + Db() + " --lexicon " + (tmp_ / "none.txt").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(NonEmptyLines(r.err).size(), 1u) << r.err;
}

// The airline sample: what sets its negative tweets apart (by the lexicon
// model's label) is what airline customers complain of.
TEST_F(TermsCliTest, AirlineSampleComplaints) {
  const fs::path airline = "../shared/data/airline-sample.csv";
  if (!fs::exists(airline)) GTEST_SKIP() << "../shared/data/airline-sample.csv is absent";
  const std::string db = (tmp_ / "air.db").string();
  Result r =
      Run("ingest -q --taxonomy data/taxonomy/airlines.toml --db " + db + " " + airline.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run("terms --db " + db + " -f json -n 20");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"term\":\"customer service\""));
  EXPECT_THAT(r.out, HasSubstr("\"term\":\"hours\""));
  // Apart: the lexicon's words, "delayed" and "cancelled" among them.
  const size_t apart = r.out.find("\"sentiment_terms\"");
  ASSERT_NE(apart, std::string::npos);
  EXPECT_NE(r.out.find("\"term\":\"cancelled\"", apart), std::string::npos);
  EXPECT_NE(r.out.find("\"term\":\"delayed\"", apart), std::string::npos);
}

}  // namespace
}  // namespace parley
