// `parley delete` end to end: a store an author is deleted from reports
// what a store that never had their posts reports; ids from a file and a
// retention time delete exactly their posts; bad flags are one-line errors
// that change nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testutil/cli.h"
#include "tests/testutil/compress.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Result = ::parley::testing::CliResult;
using ::parley::testing::JsonStringMember;
using ::parley::testing::NonEmptyLines;

class DeleteCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() / ("parley_delete_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    const std::string csv = (tmp_ / "c.csv").string();
    Result r = Run("synth -q -n 2000 --seed 9 --days 5 -o " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("ingest -q --taxonomy data/taxonomy/demo.toml --db " + Db() + " " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("posts -q -f json --order oldest --db " + Db());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    records_ = NonEmptyLines(r.out);
    ASSERT_EQ(records_.size(), 2000u);
  }
  void TearDown() override { fs::remove_all(tmp_); }

  Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }
  std::string Db() const { return (tmp_ / "p.db").string(); }
  // The posts the store holds, oldest first, as `parley posts` lists them.
  std::vector<std::string> PostsLeft() {
    Result r = Run("posts -q -f json --order oldest --db " + Db());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return NonEmptyLines(r.out);
  }
  // The handle with the most posts.
  std::string BusiestAuthor() const {
    std::map<std::string, int> counts;
    for (const std::string& r : records_) ++counts[JsonStringMember(r, "author")];
    std::string best;
    for (const auto& [handle, n] : counts) {
      if (best.empty() || n > counts.at(best)) best = handle;
    }
    return best;
  }

  fs::path tmp_;
  std::vector<std::string> records_;  // every stored post as analyze wrote it, oldest first
};

TEST_F(DeleteCliTest, AForgottenAuthorLeavesTheStoreAsIfNeverIngested) {
  const std::string who = BusiestAuthor();
  // The reference: a store given every post but theirs, from the same
  // export in the same order (its stem, the posts' source, the same too).
  fs::create_directories(tmp_ / "rest");
  const std::string rest = (tmp_ / "rest" / "c.csv").string();
  size_t theirs = 0;
  {
    std::ifstream in(tmp_ / "c.csv");
    std::ofstream out(rest);
    std::string line;
    for (bool header = true; std::getline(in, line); header = false) {
      // (synth's ids and handles hold no comma or quote.)
      const size_t a = line.find(',') + 1;
      if (!header && line.substr(a, line.find(',', a) - a) == who) {
        ++theirs;
      } else {
        out << line << "\n";
      }
    }
  }
  ASSERT_GT(theirs, 1u);
  const std::string ref = (tmp_ / "ref.db").string();
  Result r = Run("ingest -q --taxonomy data/taxonomy/demo.toml --db " + ref + " " + rest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string report = "report -f json --granularity hour --db ";
  const std::string before = Run(report + Db()).out;

  // A dry run says what would go and changes nothing.
  r = Run("delete --dry-run --author " + who + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("would delete " + std::to_string(theirs) + " posts"));
  EXPECT_THAT(r.out, HasSubstr("the profile and influence of 1 author left with none"));
  EXPECT_EQ(Run(report + Db()).out, before);

  r = Run("delete --author " + who + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "deleted " + std::to_string(theirs) + " posts from " + Db() +
                       ", the profile and influence of 1 author left with none; rollups now "
                       "count without them; later ingests skip 1 author\n");
  EXPECT_EQ(r.err, "");
  Result deleted = Run(report + Db()), never = Run(report + ref);
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, never.out);
  EXPECT_NE(deleted.out, before);
  r = Run("posts --author " + who + " -f json --db " + Db());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = Run("author " + who + " --db " + Db());
  EXPECT_NE(r.exit_code, 0);
  // Again: nothing left to delete.
  r = Run("delete --author " + who + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "no post matches: nothing deleted\n");
}

// A deletion by author or id keeps what it names out of later ingests of
// the same export (a retention time does not); `parley withheld` lists and
// lifts that.
TEST_F(DeleteCliTest, WhatADeletionNamesStaysOutOfLaterIngests) {
  const std::string who = BusiestAuthor();
  size_t theirs = 0;
  for (const std::string& rec : records_) theirs += JsonStringMember(rec, "author") == who;
  // A post not theirs, by id; another deleted without being withheld.
  std::string id, loose;
  for (const std::string& rec : records_) {
    if (JsonStringMember(rec, "author") == who) continue;
    (id.empty() ? id : loose) = JsonStringMember(rec, "id");
    if (!loose.empty()) break;
  }
  Result r = Run("delete --author " + who + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("; later ingests skip 1 author\n"));
  r = Run("delete --id " + id + " --id never-stored --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("deleted 1 post from"));
  EXPECT_THAT(r.out, HasSubstr("; later ingests skip 2 post ids\n"));
  r = Run("delete -f json --no-withhold --id " + loose + " --db " + Db());
  EXPECT_EQ(r.out, "{\"dry_run\":false,\"posts\":1,\"authors\":0,\"alerts\":0,\"withheld\":0}\n");
  r = Run("delete -f json --dry-run --before 1d --db " + Db());
  EXPECT_THAT(r.out, HasSubstr("\"withheld\":0}"));

  r = Run("withheld -f json --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> entries = NonEmptyLines(r.out);
  ASSERT_EQ(entries.size(), 3u) << r.out;
  std::string lower = who;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_THAT(entries[0], HasSubstr("{\"kind\":\"author\",\"value\":\"" + lower +
                                    "\",\"source\":\"\",\"since\":\""));
  // (By kind, then value.)
  EXPECT_THAT(entries[1], HasSubstr("\"kind\":\"post\",\"value\":\"never-stored\""));
  EXPECT_THAT(entries[2], HasSubstr("\"kind\":\"post\",\"value\":\"" + id + "\""));

  // The same export again: their posts and the one by id stay out, the
  // loose one comes back; every record is still accounted for.
  const std::string ingest =
      "ingest --taxonomy data/taxonomy/demo.toml --db " + Db() + " " + (tmp_ / "c.csv").string();
  r = Run(ingest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // (Counts of 1,000 to 1,999 as the summary writes them.)
  auto thousands = [](size_t n) {
    return n < 1000 ? std::to_string(n) : "1," + std::to_string(n).substr(1);
  };
  EXPECT_THAT(r.err,
              HasSubstr("2,000 accepted (1 inserted, 0 updated, " + thousands(2000 - theirs - 2) +
                        " unchanged, " + std::to_string(theirs + 1) +
                        " withheld (deleted before: parley withheld)) + 0 rejected"));
  EXPECT_EQ(PostsLeft().size(), 2000u - theirs - 1);

  r = Run("withheld --lift-author " + who + " --lift-id nope --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "lifted 1 withheld entry in " + Db() + ": later ingests store their posts again\n");
  EXPECT_EQ(r.err, "parley withheld: 'nope' was not withheld\n");
  r = Run(ingest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("(" + std::to_string(theirs) + " inserted, 0 updated, " +
                               thousands(2000 - theirs - 1) + " unchanged, 1 withheld"));
  // The same lifting as the API's answer writes it.
  r = Run("withheld -f json --lift-id never-stored --lift-id nope --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"lifted\":1,\"not_withheld\":[\"nope\"]}\n");
  EXPECT_EQ(Run("withheld --source x --db " + Db()).exit_code, 2);
}

TEST_F(DeleteCliTest, IdsFromAFileAndARetentionTimeDeleteExactlyTheirPosts) {
  const std::string ids = (tmp_ / "ids.txt").string();
  std::ofstream(ids) << "# deleted on the platform\n"
                     << JsonStringMember(records_[5], "id") << "\r\n\n  "
                     << JsonStringMember(records_[9], "id") << "  \nnot-a-stored-id\n";
  Result r = Run("delete -f json --ids-from " + ids + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":false,\"posts\":2,"));
  std::vector<std::string> left = PostsLeft();
  ASSERT_EQ(left.size(), 1998u);
  EXPECT_EQ(left[5], records_[6]);
  EXPECT_EQ(left[8], records_[10]);
  // Retention: everything before the 100th post's time.
  const std::string cut = JsonStringMember(left[99], "created_at");
  size_t older = 0;
  for (const std::string& rec : left) older += JsonStringMember(rec, "created_at") < cut;
  r = Run("delete --before " + cut + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("deleted " + std::to_string(older) + " posts"));
  left = PostsLeft();
  ASSERT_EQ(left.size(), 1998u - older);
  EXPECT_EQ(JsonStringMember(left[0], "created_at"), cut);
}

// A compliance job's results, as X writes them (one JSON object a line),
// delete the posts they say were deleted, and nothing else: a notice that a
// post's geo was removed removes only that, and a notice of another action
// is reported and skipped; neither is read as "no id filter".
TEST_F(DeleteCliTest, APlatformsDeletionNoticesDeleteWhatTheySay) {
  const std::string id3 = JsonStringMember(records_[3], "id");
  const std::string id7 = JsonStringMember(records_[7], "id");
  const std::string id8 = JsonStringMember(records_[8], "id");
  const std::string geo = (tmp_ / "geo.ndjson").string();
  std::ofstream(geo) << R"({"id":")" << id8 << R"(","action":"delete","reason":"scrub_geo"})"
                     << "\n"
                     << R"({"status_withheld":{"id":1,"user_id":2,"withheld_in_countries":["DE"]}})"
                     << "\n";
  // No deletion, even beside a filter that alone would delete all; the
  // post has no geo columns (synth writes none) and keeps everything.
  Result r = Run("delete --ids-from " + geo + " --before 1d --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "no post matches: nothing deleted; no stored post named has geo to remove (later "
            "ingests drop the geo of 1 post id)\n");
  EXPECT_THAT(r.err, HasSubstr("notices of other actions skipped (1 status_withheld)"));
  const std::string bad = (tmp_ / "bad.ndjson").string();
  std::ofstream(bad) << R"({"id":")" << id3 << R"(","action":"delete"})"
                     << "\n"
                     << R"({"reason":"deleted"})"
                     << "\n";
  r = Run("delete --ids-from " + bad + " --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.ndjson': line 2: a JSON object with no post id"));
  ASSERT_EQ(PostsLeft().size(), 2000u);

  const std::string results = (tmp_ / "results.json").string();
  std::ofstream(results)
      << R"({"id": ")" << id3
      << R"(", "action": "delete", "created_at": "2026-03-01T12:00:00.000Z", "redacted_at": )"
      << R"("2026-03-05T08:30:00.000Z", "reason": "deleted"})"
      << "\n"
      << R"({"data":{"delete":{"tweet":{"id":")" << id7 << R"(","author_id":"1"}}}})"
      << "\r\n"
      << R"({"id":")" << id8 << R"(","action":"delete","reason":"scrub_geo"})"
      << "\n"
      << R"({"scrub_geo":{"user_id":14090452,"up_to_status_id":23260136625}})"
      << "\n";
  r = Run("delete -f json --ids-from " + results + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":false,\"posts\":2,"));
  // (As the API answers.)
  EXPECT_THAT(r.out, HasSubstr(",\"geo_scrubbed\":0,\"skipped\":{\"scrub_geo\":1}}"));
  EXPECT_THAT(r.err, HasSubstr("(1 scrub_geo)"));
  std::vector<std::string> left = PostsLeft();
  ASSERT_EQ(left.size(), 1998u);
  EXPECT_EQ(left[3], records_[4]);
  EXPECT_EQ(left[6], records_[8]);
}

// A notice that a post's geo was removed takes its geo columns out of the
// store (and the text of the old ones out of the file), keeps the rest, and
// keeps them out of later ingests of the same export; an id not stored yet
// is stored without them when it comes.
TEST_F(DeleteCliTest, AScrubGeoNoticeRemovesAPostsGeoColumnsOnly) {
  const std::string csv = (tmp_ / "geo.csv").string();
  std::ofstream(csv)
      << "tweet_id,name,text,tweet_created,retweet_count,tweet_coord,tweet_location\n"
      << "11,ann,late again @SkyAir,2015-02-24 10:15:29 -0800,0,\"[40.64, -73.78]\",NYC\n"
      << "12,bob,great crew,2015-02-24 11:15:29 -0800,1,\"[51.47, -0.45]\",London\n";
  const std::string db = (tmp_ / "geo.db").string();
  const std::string ingest = "ingest --db " + db + " " + csv;
  Result r = Run(ingest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string notices = (tmp_ / "scrub.ndjson").string();
  std::ofstream(notices) << R"({"id":"11","action":"delete","reason":"scrub_geo"})"
                         << "\n"
                         << R"({"data":{"scrub_geo":{"tweet":{"id":"13"}}}})"
                         << "\n";
  r = Run("delete --dry-run --ids-from " + notices + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "no post matches: nothing deleted; geo would be removed from 1 post (later ingests "
            "would drop the geo of 2 post ids) (a dry run: nothing changed)\n");
  r = Run("posts -f json --order oldest --db " + db);
  EXPECT_THAT(r.out, HasSubstr("\"tweet_coord\":\"[40.64, -73.78]\""));
  r = Run("delete --ids-from " + notices + " --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "no post matches: nothing deleted; geo removed from 1 post (later ingests drop the "
            "geo of 2 post ids)\n");
  r = Run("posts -f json --order oldest --db " + db);
  std::vector<std::string> posts = NonEmptyLines(r.out);
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_THAT(posts[0], ::testing::Not(HasSubstr("tweet_coord")));
  EXPECT_THAT(posts[0], HasSubstr("\"tweet_location\":\"NYC\""));  // a profile's, kept
  EXPECT_THAT(posts[0], HasSubstr("\"text\":\"late again @SkyAir\""));
  EXPECT_THAT(posts[1], HasSubstr("\"tweet_coord\":\"[51.47, -0.45]\""));
  // The old coordinates are not left in the file's free pages.
  std::ifstream in(db, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("[40.64, -73.78]"), std::string::npos);
  EXPECT_NE(bytes.find("[51.47, -0.45]"), std::string::npos);

  // The export again, with post 13: nothing changes, 13 comes without geo.
  std::ofstream(csv, std::ios::app)
      << "13,cy,where is my bag,2015-02-24 12:15:29 -0800,0,\"[1.0, 2.0]\",Paris\n";
  r = Run(ingest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("3 accepted (1 inserted, 0 updated, 2 unchanged)"));
  posts = NonEmptyLines(Run("posts -f json --order oldest --db " + db).out);
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_THAT(posts[2], ::testing::Not(HasSubstr("tweet_coord")));
  EXPECT_THAT(posts[2], HasSubstr("\"tweet_location\":\"Paris\""));
  r = Run("withheld --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> rows = NonEmptyLines(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0], "kind    value  source        since");
  EXPECT_EQ(rows[1].substr(0, 29), "geo     11     (any source)  ");
  EXPECT_EQ(rows[2].substr(0, 29), "geo     13     (any source)  ");
  // Lifted: the export stores its geo again.
  r = Run("withheld --lift-id 11 --db " + db);
  EXPECT_EQ(r.out,
            "lifted 1 withheld entry in " + db + ": later ingests store their posts again\n");
  r = Run(ingest);
  EXPECT_THAT(r.err, HasSubstr("3 accepted (0 inserted, 1 updated, 2 unchanged)"));
}

// A compliance job's results come compressed (gzip, zstd), and may be
// larger than a block read: read as they come, every line whole, wherever
// a block ends; a bad line is named by its number in the decompressed text.
TEST_F(DeleteCliTest, CompressedNoticesReadAsTheyCome) {
  std::string text;
  for (int k = 0; k < 60000; ++k) {  // ~2.4 MB of ids that are not stored
    text += R"({"id":"9)" + std::to_string(100000000 + k) + R"(","action":"delete"})" + "\n";
  }
  text += R"({"id":")" + JsonStringMember(records_[2], "id") + R"(","action":"delete"})" + "\n";
  text += JsonStringMember(records_[4], "id");  // (no newline at the end)
  const std::string gz = testing::Gzip(text);
  const std::string gz_path = (tmp_ / "results.json.gz").string();
  std::ofstream(gz_path, std::ios::binary) << gz;
  Result r = Run("delete -f json --dry-run --ids-from " + gz_path + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":true,\"posts\":2,"));

  const std::string bad = text + "\n{\"reason\":\"deleted\"}\n";
  std::string zst = testing::Zstd(bad);
  const size_t size = zst.size();
  ASSERT_GT(size, 0u);
  const std::string zst_path = (tmp_ / "results.zst").string();
  std::ofstream(zst_path, std::ios::binary) << zst;
  r = Run("delete --ids-from " + zst_path + " --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("results.zst': line 60003: a JSON object with no post id"));
  zst.resize(size / 2);  // cut short: no deletion from half a file
  std::ofstream(zst_path, std::ios::binary | std::ios::trunc) << zst;
  r = Run("delete --ids-from " + zst_path + " --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("results.zst"));
  ASSERT_EQ(PostsLeft().size(), 2000u);

  r = Run("delete -f json --ids-from " + gz_path + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":false,\"posts\":2,"));
  const std::vector<std::string> left = PostsLeft();
  ASSERT_EQ(left.size(), 1998u);
  EXPECT_EQ(left[2], records_[3]);
  EXPECT_EQ(left[3], records_[5]);
}

// --vacuum gives the pages a deletion freed back to the file system: the
// file shrinks to what it reports, and the store reads as before.
TEST_F(DeleteCliTest, VacuumShrinksTheFileAfterADeletion) {
  const std::string cut = JsonStringMember(records_[1200], "created_at");
  size_t older = 0;
  for (const std::string& rec : records_) older += JsonStringMember(rec, "created_at") < cut;
  Result r = Run("delete -f json --vacuum --before " + cut + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"posts\":" + std::to_string(older) + ","));
  long long before = 0, after = 0;
  ASSERT_EQ(std::sscanf(r.out.substr(r.out.find("\"bytes_before\"")).c_str(),
                        "\"bytes_before\":%lld,\"bytes_after\":%lld", &before, &after),
            2)
      << r.out;
  EXPECT_LT(after, before * 3 / 4);
  std::error_code ec;
  const auto wal = fs::file_size(Db() + "-wal", ec);
  EXPECT_EQ(static_cast<long long>(fs::file_size(Db()) + (ec ? 0 : wal)), after);
  std::vector<std::string> left = PostsLeft();
  ASSERT_EQ(left.size(), 2000u - older);
  EXPECT_EQ(left.back(), records_.back());
  // In words on a terminal; nothing to vacuum on a dry run.
  r = Run("delete --vacuum --id " + JsonStringMember(left[0], "id") + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("deleted 1 post from "));
  EXPECT_THAT(r.out, HasSubstr("\nvacuumed " + Db() + ": "));
  r = Run("delete -f json --dry-run --vacuum --id " + JsonStringMember(left[1], "id") + " --db " +
          Db());
  EXPECT_EQ(r.out, "{\"dry_run\":true,\"posts\":1,\"authors\":0,\"alerts\":0,\"withheld\":1}\n");
}

// A retention job gives its period as a duration before now: the synthetic
// posts are of March 2026 and before, so "1d" (a day before the test runs)
// reaches all of them and 999,999,999 seconds back (1995) none.
TEST_F(DeleteCliTest, ARetentionPeriodIsADurationBeforeNow) {
  Result r = Run("delete -f json --dry-run --before 999999999s --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":true,\"posts\":0,"));
  r = Run("delete -f json --dry-run --before 1d --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"dry_run\":true,\"posts\":2000,"));
  // The same for a reader's bounds: every post is since 520 weeks ago, none
  // since 30 minutes ago.
  r = Run("posts -q -f json --since 520w --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(NonEmptyLines(r.out).size(), 2000u);
  r = Run("posts -q -f json --since 30m --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = Run("posts -q -f json --until 5q --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("--until: '5q' is not a time (use ISO-8601, e.g. "
                        "2026-03-01T00:00:00Z, or a duration before now: 7d, 12h, 30m, 2w)"));
  // A report's bound is taken back to its hour (counts are by the hour).
  r = Run("report -f json --since 520w --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"total\":{\"n\":2000,"));
  EXPECT_THAT(r.out, HasSubstr(":00:00Z\",\"to\""));
  r = Run("alerts -f json --since 12h --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[]\n");
  r = Run("alerts --since 12 --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--since '12' is neither an ISO-8601 time"));
}

TEST_F(DeleteCliTest, BadRequestsAreOneLineErrorsThatDeleteNothing) {
  const std::string who = BusiestAuthor();
  std::string upper = who;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_NE(upper, who);
  struct Case {
    std::string args, message;
  };
  for (const Case& c :
       {Case{"delete", "say which posts to delete"},
        Case{"delete --author @" + who, "give the handle without '@'"},
        Case{"delete --author " + upper, "the store has no such handle but '" + who + "'"},
        Case{"delete --before yesterday",
             "--before 'yesterday' is neither an ISO-8601 time (2026-03-01, "
             "2026-03-01T09:00:00Z) nor a duration before now (90d, 12h, 30m, 2w)"},
        Case{"delete --before 90y", "--before '90y' is neither"},
        Case{"delete --before d", "--before 'd' is neither"},
        Case{"delete --id 1 -f xml", "-f 'xml': choose text or json"},
        Case{"delete --ids-from " + (tmp_ / "none.txt").string(), "none.txt"},
        Case{"delete --author a --db " + (tmp_ / "none.db").string(), "no database at"}}) {
    Result r = Run(c.args + (c.args.find("--db") == std::string::npos ? " --db " + Db() : ""));
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "") << c.args;
  }
  EXPECT_FALSE(fs::exists(tmp_ / "none.db"));
  Result r = Run("posts -q -f json --db " + Db());
  EXPECT_EQ(NonEmptyLines(r.out).size(), 2000u);
}

}  // namespace
}  // namespace parley
