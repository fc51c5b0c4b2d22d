#include "src/ingest/deletion_notice.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

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
  // Any object with an id, number or string.
  EXPECT_EQ(Parse(R"({"id": 77})").id, "77");
  EXPECT_EQ(Parse(R"({"id_str": "78", "text": "gone"})").id, "78");
  EXPECT_EQ(Parse("  {\"id\":\"79\"}\r").id, "79");
}

TEST(DeletionNotice, OtherActionsAreNotDeletions) {
  DeletionNotice n = Parse(R"({"id":"5","action":"scrub_geo","reason":"scrub_geo"})");
  EXPECT_EQ(n.kind, Kind::kOther);
  EXPECT_EQ(n.id, "5");
  EXPECT_EQ(n.action, "scrub_geo");
  EXPECT_EQ(Parse(R"({"id":"5","action":"delete"})").kind, Kind::kDelete);
}

TEST(DeletionNotice, AnUnreadableObjectIsAnErrorSayingWhy) {
  struct Case {
    const char* line;
    const char* message;
  };
  for (const Case& c :
       {Case{"{\"id\": \"5\"", "not a JSON object"}, Case{"{not json}", "not a JSON object"},
        Case{"{\"text\": \"no id\"}", "no post id"}, Case{"{\"id\": \"\"}", "no post id"},
        Case{"{\"id\": 1.5}", "no post id"}, Case{"{\"id\": [\"5\"]}", "no post id"},
        Case{"{\"data\":{\"delete\":{\"tweet\":{}}}}", "no post id"},
        Case{"{\"id\": \"5\", \"action\": 3}", "'action' is not a string"}}) {
    StatusOr<DeletionNotice> n = ParseDeletionNotice(c.line);
    ASSERT_FALSE(n.ok()) << c.line;
    EXPECT_EQ(n.status().code(), StatusCode::kInvalidArgument) << c.line;
    EXPECT_THAT(n.status().message(), HasSubstr(c.message)) << c.line;
  }
}

}  // namespace
}  // namespace parley
