#include "src/ingest/deletion_notice.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace parley {
namespace {

using ::testing::HasSubstr;
using Kind = DeletionNotice::Kind;

DeletionNotice Parse(std::string_view line) {
  StatusOr<DeletionNotice> n = ParseDeletionNotice(line);
  EXPECT_TRUE(n.ok()) << line << ": " << n.status().ToString();
  return n.ok() ? *n : DeletionNotice();
}

TEST(DeletionNotice, APlainLineIsAnIdAsWritten) {
  EXPECT_EQ(Parse("1234567890").id, "1234567890");
  EXPECT_EQ(Parse("  t1_c2x9k1 \r").id, "t1_c2x9k1");
  EXPECT_EQ(Parse("\xEF\xBB\xBF"
                  "42")
                .id,
            "42");
  EXPECT_EQ(Parse("42").kind, Kind::kDelete);
  for (const char* skipped : {"", "   ", "\r", "# deleted on 2026-03-01", "  # note"}) {
    EXPECT_EQ(Parse(skipped).kind, Kind::kNone) << skipped;
  }
}

TEST(DeletionNotice, ThePlatformsNoticesGiveTheirPostsId) {
  // X's batch compliance results, one object a line.
  DeletionNotice n =
      Parse(R"({"id": "1234567890", "action": "delete", "created_at": "2024-01-10T12:00:00.000Z", )"
            R"("redacted_at": "2024-01-12T08:30:00.000Z", "reason": "suspended"})");
  EXPECT_EQ(n.kind, Kind::kDelete);
  EXPECT_EQ(n.id, "1234567890");
  // Its v2 compliance stream.
  n = Parse(
      R"({"data":{"delete":{"tweet":{"id":"1491","author_id":"7"},"event_at":"2024-01-12T08:30:00.000Z"}}})");
  EXPECT_EQ(n.kind, Kind::kDelete);
  EXPECT_EQ(n.id, "1491");
  // v1.1 deletion notices: id_str before the number, the number alone whole.
  n = Parse(
      R"({"delete":{"status":{"id":1234567890123456789,"id_str":"1234567890123456789","user_id":3}}})");
  EXPECT_EQ(n.id, "1234567890123456789");
  n = Parse(R"({"delete":{"status":{"id":18446744073709551615}}})");
  EXPECT_EQ(n.id, "18446744073709551615");
  // Gnip's Activity Streams: the deleted activity's IRI, as the post's own id.
  n = Parse(
      R"({"verb":"delete","object":{"objectType":"activity","id":"tag:search.twitter.com,2005:351835317671690241"},)"
      R"("actor":{"objectType":"person","id":"id:twitter.com:7"},"postedTime":"2013-07-01T22:50:51.000Z"})");
  EXPECT_EQ(n.kind, Kind::kDelete);
  EXPECT_EQ(n.id, "351835317671690241");
  EXPECT_FALSE(ParseDeletionNotice(R"({"verb":"delete","object":{}})").ok());
  // An action that names nothing is no notice of anything.
  EXPECT_FALSE(ParseDeletionNotice(R"({"id":"5","action":""})").ok());
  // Any object with an id, number or string.
  EXPECT_EQ(Parse(R"({"id": 77})").id, "77");
  EXPECT_EQ(Parse(R"({"id_str": "78", "text": "gone"})").id, "78");
  EXPECT_EQ(Parse("  {\"id\":\"79\"}\r").id, "79");
}

TEST(DeletionNotice, OtherActionsAreNotDeletions) {
  DeletionNotice n = Parse(R"({"id":"5","action":"withheld"})");
  EXPECT_EQ(n.kind, Kind::kOther);
  EXPECT_EQ(n.id, "5");
  EXPECT_EQ(n.action, "withheld");
  EXPECT_EQ(Parse(R"({"id":"5","action":"delete"})").kind, Kind::kDelete);
  EXPECT_EQ(Parse(R"({"id":"5","action":"delete","reason":"suspended"})").kind, Kind::kDelete);
  // A stream's other notices: one member, an object.
  n = Parse(R"({"status_withheld":{"id":7,"user_id":3,"withheld_in_countries":["DE"]}})");
  EXPECT_EQ(n.kind, Kind::kOther);
  EXPECT_EQ(n.action, "status_withheld");
  n = Parse(R"({"data":{"tweet_edit":{"initial_tweet_id":"8","edit_tweet_ids":["8","9"]}}})");
  EXPECT_EQ(n.kind, Kind::kOther);
  EXPECT_EQ(n.action, "tweet_edit");
  // v1.1's scrub_geo names a user and every post of theirs up to an id.
  n = Parse(R"({"scrub_geo":{"user_id":14090452,"up_to_status_id":23260136625}})");
  EXPECT_EQ(n.kind, Kind::kOther);
  EXPECT_EQ(n.action, "scrub_geo");
}

// Geo removed from a post: its geo columns go, not the post. X's batch
// results say so in `reason` (the action is "delete"); its v2 stream by the
// event's name.
TEST(DeletionNotice, AScrubGeoNoticeNamesAPostWhoseGeoGoes) {
  DeletionNotice n = Parse(
      R"({"id":"1491","action":"delete","created_at":"2024-01-10T12:00:00.000Z","reason":"scrub_geo"})");
  EXPECT_EQ(n.kind, Kind::kScrubGeo);
  EXPECT_EQ(n.id, "1491");
  EXPECT_EQ(Parse(R"({"id":"5","action":"scrub_geo"})").kind, Kind::kScrubGeo);
  n = Parse(
      R"({"data":{"scrub_geo":{"tweet":{"id":"1492","author_id":"7"},"event_at":"2024-01-12T08:30:00.000Z"}}})");
  EXPECT_EQ(n.kind, Kind::kScrubGeo);
  EXPECT_EQ(n.id, "1492");
}

TEST(DeletionNotice, AnUnreadableObjectIsAnErrorSayingWhy) {
  struct Case {
    std::string line;
    const char* message;
  };
  const std::string long_name = "{\"" + std::string(65, 'a') + "\":{}}";
  for (const Case& c :
       {Case{"{\"id\": \"5\"", "not a JSON object"}, Case{"{not json}", "not a JSON object"},
        Case{"{\"text\": \"no id\"}", "no post id"}, Case{"{\"id\": \"\"}", "no post id"},
        Case{"{\"id\": 1.5}", "no post id"}, Case{"{\"id\": [\"5\"]}", "no post id"},
        Case{"{\"data\":{\"delete\":{\"tweet\":{}}}}", "no post id"},
        Case{"{\"data\":{\"scrub_geo\":{\"tweet\":{}}}}", "no post id"},
        Case{"{\"delete\":{\"status\":{}}}", "no post id"},
        Case{"{\"data\":{\"a\":{},\"b\":{}}}", "no post id"},
        Case{"{\"reason\":\"deleted\"}", "no post id"}, Case{"{\"\":{}}", "no post id"},
        Case{long_name, "no post id"},
        Case{"{\"id\": \"5\", \"action\": 3}", "'action' is not a string"}}) {
    StatusOr<DeletionNotice> n = ParseDeletionNotice(c.line);
    ASSERT_FALSE(n.ok()) << c.line;
    EXPECT_EQ(n.status().code(), StatusCode::kInvalidArgument) << c.line;
    EXPECT_THAT(n.status().message(), HasSubstr(c.message)) << c.line;
  }
}

// The lines of a file or body, however its bytes come: every split of the
// same text names the same posts; a bad line is named by its number.
TEST(DeletionNoticeReader, ReadsLinesSplitAnywhere) {
  const std::string text =
      "# job 7\n123\r\n\n{\"id\":\"456\",\"action\":\"delete\"}\n"
      "{\"data\":{\"delete\":{\"tweet\":{\"id\":\"789\"}}}}\n"
      "{\"id\":\"555\",\"action\":\"scrub_geo\"}\n{\"id\":\"9\",\"action\":\"withheld\"}\n "
      " 42";  // (no '\n' at the end)
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    for (size_t step : {size_t{1}, size_t{7}, text.size()}) {
      DeletionNoticeReader reader;
      ASSERT_TRUE(reader.Add(std::string_view(text).substr(0, cut)).ok());
      for (size_t at = cut; at < text.size(); at += step) {
        ASSERT_TRUE(reader.Add(std::string_view(text).substr(at, step)).ok()) << cut;
      }
      ASSERT_TRUE(reader.Finish().ok()) << cut;
      EXPECT_EQ(reader.ids(), (std::vector<std::string>{"123", "456", "789", "42"})) << cut;
      EXPECT_EQ(reader.geo_ids(), (std::vector<std::string>{"555"})) << cut;
      EXPECT_EQ(reader.others(), (std::map<std::string, int64_t>{{"withheld", 1}})) << cut;
      EXPECT_TRUE(reader.named());
    }
  }
  DeletionNoticeReader bad;
  ASSERT_TRUE(bad.Add("1\n2\n{\"rea").ok());
  const Status s = bad.Add("son\":\"deleted\"}\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("line 3: a JSON object with no post id"));
  DeletionNoticeReader last;
  ASSERT_TRUE(last.Add("1\n{").ok());
  EXPECT_THAT(std::string(last.Finish().message()), HasSubstr("line 2: not a JSON object"));
  DeletionNoticeReader none;
  ASSERT_TRUE(none.Add("# nothing\n\n").ok());
  ASSERT_TRUE(none.Finish().ok());
  EXPECT_FALSE(none.named());
  DeletionNoticeReader bounded(4);
  EXPECT_TRUE(bounded.Add("1234\n").ok());
  EXPECT_THAT(std::string(bounded.Add("12345\n").message()),
              HasSubstr("line 2: a post id longer than 4 bytes"));
}

}  // namespace
}  // namespace parley
