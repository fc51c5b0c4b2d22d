// `parley posts` end to end: what it lists is what the store's filters hold
// (against `parley synth`'s truth columns kept in each post's extra), its
// records are the ones `parley analyze` wrote for the same posts, and bad
// flags are one-line errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "src/text/terms.h"
#include "tests/testutil/cli.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Result = ::parley::testing::CliResult;
using ::parley::testing::JsonStringMember;
using ::parley::testing::NonEmptyLines;

class PostsCliTest : public ::testing::Test {
 protected:
  // 3,000 synthetic posts analyzed once to a file and ingested once, with the
  // demo taxonomy.
  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() / ("parley_posts_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    std::string err;
    analyzed_ = testing::SynthAnalyzeIngest(tmp_, 3000, 5, Db(), &err);
    ASSERT_FALSE(analyzed_.empty()) << err;
  }
  static void TearDownTestSuite() { fs::remove_all(tmp_); }

  static Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }
  static std::string Db() { return (tmp_ / "p.db").string(); }
  // The analyzed records that `keep` accepts, sorted.
  template <typename Keep>
  static std::vector<std::string> Analyzed(Keep keep) {
    std::vector<std::string> out;
    for (const std::string& line : NonEmptyLines(analyzed_)) {
      if (keep(line)) out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static fs::path tmp_;
  static std::string analyzed_;
};

fs::path PostsCliTest::tmp_;
std::string PostsCliTest::analyzed_;

TEST_F(PostsCliTest, RecordsAreWhatAnalyzeWrote) {
  Result r = Run("posts -q -f json --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> all = NonEmptyLines(r.out);
  ASSERT_EQ(all.size(), 3000u);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, Analyzed([](const std::string&) { return true; }));
}

TEST_F(PostsCliTest, FiltersSelectTheirPostsNewestFirst) {
  Result r =
      Run("posts -q -f json --brand skyloft --label negative --intent complaint --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got = NonEmptyLines(r.out);
  std::vector<std::string> want = Analyzed([](const std::string& l) {
    return l.find("\"brands\":[") != std::string::npos &&
           l.find("\"skyloft\"", l.find("\"brands\":[")) < l.find(']', l.find("\"brands\":[")) &&
           JsonStringMember(l, "label") == "negative" &&
           l.find("\"complaint\"", l.find("\"intents\":[")) < l.find(']', l.find("\"intents\":["));
  });
  ASSERT_GT(want.size(), 20u);
  // Newest first.
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_GE(JsonStringMember(got[i - 1], "created_at"), JsonStringMember(got[i], "created_at"));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
}

TEST_F(PostsCliTest, TimeRangeBucketAndPages) {
  // A day as a range and as a bucket: the same posts.
  Result range =
      Run("posts -q -f json --order oldest --since 2026-03-03 --until 2026-03-04 --db " + Db());
  ASSERT_EQ(range.exit_code, 0) << range.err;
  Result bucket =
      Run("posts -q -f json --order oldest --granularity day --bucket "
          "2026-03-03T15:00:00Z --db " +
          Db());
  ASSERT_EQ(bucket.exit_code, 0) << bucket.err;
  EXPECT_EQ(range.out, bucket.out);
  std::vector<std::string> day = NonEmptyLines(range.out);
  ASSERT_GT(day.size(), 100u);
  for (const std::string& l : day) {
    EXPECT_THAT(JsonStringMember(l, "created_at"), StartsWith("2026-03-03T")) << l;
  }
  for (size_t i = 1; i < day.size(); ++i) {
    EXPECT_LE(JsonStringMember(day[i - 1], "created_at"), JsonStringMember(day[i], "created_at"));
  }
  // Two pages are the whole, in order.
  Result first =
      Run("posts -q -f json --order oldest --since 2026-03-03 --until 2026-03-04 "
          "--limit 40 --db " +
          Db());
  Result rest =
      Run("posts -q -f json --order oldest --since 2026-03-03 --until 2026-03-04 "
          "--offset 40 --db " +
          Db());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(testing::CountLines(first.out), 40);
  EXPECT_EQ(first.out + rest.out, range.out);
}

TEST_F(PostsCliTest, EngagedOrderPagesNeitherRepeatNorSkip) {
  Result all = Run("posts -q -f csv --order engaged --topic delay --db " + Db());
  ASSERT_EQ(all.exit_code, 0) << all.err;
  std::vector<std::string> rows = NonEmptyLines(all.out);
  ASSERT_GT(rows.size(), 30u);
  std::string pages;
  for (int offset = 0; offset < static_cast<int>(rows.size()) - 1; offset += 25) {
    Result page = Run("posts -q -f csv --order engaged --topic delay --limit 25 --offset " +
                      std::to_string(offset) + " --db " + Db());
    ASSERT_EQ(page.exit_code, 0) << page.err;
    std::vector<std::string> lines = NonEmptyLines(page.out);
    ASSERT_FALSE(lines.empty());
    for (size_t i = 1; i < lines.size(); ++i) pages += lines[i] + "\n";  // past the header
  }
  std::string whole;
  for (size_t i = 1; i < rows.size(); ++i) whole += rows[i] + "\n";
  EXPECT_EQ(pages, whole);
}

// --term: the posts whose text holds the term as parley alerts counts terms.
TEST_F(PostsCliTest, ATermListsThePostsUsingIt) {
  for (const char* term : {"delay", "Lost Bag", "#skyloft"}) {
    Result r = Run(std::string("posts -q -f json --term '") + term + "' --db " + Db());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> got = NonEmptyLines(r.out);
    std::sort(got.begin(), got.end());
    const std::string key = TermQueryKey(term);
    simdjson::dom::parser parser;
    std::vector<std::string> want = Analyzed([&](const std::string& l) {
      std::string_view text;
      EXPECT_EQ(parser.parse(l)["text"].get(text), simdjson::SUCCESS) << l;
      return HasTerm(text, key);
    });
    EXPECT_GT(want.size(), 5u) << term;
    EXPECT_EQ(got, want) << term;
  }
  Result bad = Run("posts --term '@someone' --db " + Db());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--term: '@someone' holds no word or hashtag"));
}

TEST_F(PostsCliTest, CsvIsAnalyzesCsvWithEveryColumn) {
  Result r = Run("posts -f csv --limit 5 --source c --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> rows = NonEmptyLines(r.out);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0],
            "source,id,author,author_name,thread,parent,created_at,sentiment,score,mentions,"
            "hashtags,brands,topics,intents,lang,text");
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_THAT(rows[i], StartsWith("c,")) << rows[i];
  EXPECT_THAT(r.err, HasSubstr("wrote 5 posts (source=c)"));
  // -o writes the same bytes to a file.
  const std::string file = (tmp_ / "out.csv").string();
  Result to_file = Run("posts -q -f csv --limit 5 --source c -o " + file + " --db " + Db());
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(testing::Slurp(file), r.out);
}

TEST_F(PostsCliTest, TableShowsAPageAndSaysHowToSeeMore) {
  Result r = Run("posts --topic delay --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = NonEmptyLines(r.out);
  ASSERT_EQ(lines.size(), 1u + 2 * 20 + 1);
  EXPECT_THAT(lines[0], HasSubstr("topic=delay, newest first"));
  // Each post with its tags (the topic among them), then its text.
  for (size_t i = 1; i + 1 < lines.size(); i += 2) {
    EXPECT_THAT(lines[i], ::testing::MatchesRegex(".* (negative|neutral|positive) [-+][0-9.]+ "
                                                  "likes [0-9]+ shares [0-9]+ \\(.*delay.*\\) "
                                                  "\\[c/[^]]+\\]"))
        << lines[i];
    EXPECT_THAT(lines[i + 1], StartsWith("  ")) << lines[i + 1];
  }
  EXPECT_THAT(lines.back(), HasSubstr("20 shown; more with --offset 20"));
  // A name the store does not hold (a display name, a typo) says which it does.
  Result none = Run("posts --brand \"Skyloft Air\" --db " + Db());
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("no post matches: no brand 'Skyloft Air' in the store; its "
                                  "brands: "));
  EXPECT_THAT(none.out, HasSubstr("skyloft"));
  Result typo = Run("posts -q -f csv --topic dealy --db " + Db());
  ASSERT_EQ(typo.exit_code, 0) << typo.err;
  EXPECT_EQ(NonEmptyLines(typo.out).size(), 1u);  // the header
  EXPECT_THAT(typo.err, HasSubstr("no topic 'dealy' in the store; its topics: "));
  // A known name with no post in range says nothing more.
  Result empty = Run("posts --topic delay --since 2027-01-01 --db " + Db());
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(empty.out, HasSubstr("\nno post matches\n"));
}

TEST_F(PostsCliTest, BadFlagsAreOneLineErrors) {
  struct Case {
    std::string args, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--label angry", "--label: 'angry' is not one of negative, neutral, positive"},
           {"--since yesterday", "--since: 'yesterday' is not a time"},
           {"--order best", "--order: 'best' is not one of newest, oldest, engaged"},
           {"--bucket 2026-03-03", "--bucket needs --granularity"},
           {"--granularity month --bucket 2026-03-03", "--granularity: 'month'"},
           {"-f xml", "--format must be table, json"},
           {"--limit -1", "--limit must be 0 (all) or more"},
           {"--since 2026-03-04 --until 2026-03-03", "--since must be before --until"},
       }) {
    Result r = Run("posts " + c.args + " --db " + Db());
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args;
    EXPECT_EQ(testing::CountLines(r.err), 1) << r.err;
    EXPECT_EQ(r.out, "") << c.args;
  }
  Result missing = Run("posts --db " + (tmp_ / "none.db").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("parley ingest"));
}

}  // namespace
}  // namespace parley
