#include "src/ingest/ndjson_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tuple>

#include "src/ingest/ingest_testutil.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::Counts;
using ::parley::testing::CountsOf;
using ::parley::testing::OptionsFor;
using ::parley::testing::Place;
using ::parley::testing::PlaceOf;
using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::ReadString;
using ::parley::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;

StatusOr<ReadResult> ReadNdjson(std::string_view data, std::string_view preset = "generic") {
  auto env = NewMemEnv();
  return ReadString(env.get(), "feed.ndjson", data, OptionsFor(preset));
}

constexpr char kTweet[] =
    R"({"created_at":"Tue Feb 24 10:15:29 +0000 2015","id":570306133677760513,)"
    R"("id_str":"570306133677760513","full_text":"@united delayed again",)"
    R"("in_reply_to_status_id_str":null,"lang":"en","retweet_count":3,"favorite_count":7,)"
    R"("user":{"screen_name":"jnardino","name":"Jon","followers_count":1200},)"
    R"("place":{"name":"SFO"},"truncated":false})";

TEST(NdjsonReader, ReadsStringFields) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"id":"a1","author":"ann","created_at":"2015-02-24T11:35:52Z","text":"hi"})"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "a1");
  EXPECT_EQ(r.posts[0].author, "ann");
  EXPECT_EQ(r.posts[0].text, "hi");
  EXPECT_EQ(r.posts[0].created_at_ms, 1424777752000);
  EXPECT_EQ(r.posts[0].source, "feed");
}

// A Reddit dump's comments, as Pushshift writes them: replies link to
// the comments and submission they answer.
TEST(NdjsonReader, RedditRepliesLinkToWhatTheyAnswer) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(
          R"({"id":"c2x8zz","author":"ann","created_utc":1424777752,"body":"first","parent_id":"t3_8xwlg","link_id":"t3_8xwlg","score":3})"
          "\n"
          R"({"id":"c2x9k1","author":"bo","created_utc":1424777800,"body":"reply","parent_id":"t1_c2x8zz","link_id":"t3_8xwlg","score":1})",
          "auto"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].parent, "8xwlg");
  EXPECT_EQ(r.posts[0].thread, "8xwlg");
  EXPECT_EQ(r.posts[1].parent, "c2x8zz");
  EXPECT_EQ(r.posts[1].parent, r.posts[0].id);
  EXPECT_EQ(r.posts[1].thread, "8xwlg");
}

// A Reddit submission's title and selftext as one text (--map
// text=title+selftext): a part that is absent, null or blank is left out,
// one that is not a string is written as its JSON is, and a record with
// none is a reject naming them.
TEST(NdjsonReader, ATextJoinedFromKeys) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(
          env.get(), "s.ndjson",
          R"({"id":"a","created_at":"2015-02-24","title":"Terrible","selftext":"It crashes"})"
          "\n"
          R"({"id":"b","created_at":"2015-02-24","title":"Great!","selftext":null})"
          "\n"
          R"({"id":"c","created_at":"2015-02-24","title":"Version","selftext":2})"
          "\n"
          R"({"id":"d","created_at":"2015-02-24","score":3})",
          OptionsFor("generic", {"text=title+selftext", "author="})));
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[0].text, "Terrible.\nIt crashes");
  EXPECT_EQ(r.posts[1].text, "Great!");
  EXPECT_EQ(r.posts[2].text, "Version.\n2");
  EXPECT_TRUE(r.posts[0].extra.empty());
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "missing field text (column 'title+selftext')");
}

TEST(NdjsonReader, NumericIdsKeepEveryDigit) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"id":570306133677760513,"created_at":"2015-02-24","text":"a"})"
                 "\n"
                 R"({"id":18446744073709551615,"created_at":"2015-02-24","text":"b"})"
                 "\n"
                 R"({"id":-42,"created_at":"2015-02-24","text":"c"})"));
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[0].id, "570306133677760513");
  EXPECT_EQ(r.posts[1].id, "18446744073709551615");
  EXPECT_EQ(r.posts[2].id, "-42");
}

TEST(NdjsonReader, TwitterApiPresetReadsNestedPaths) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadNdjson(kTweet, "twitter-api"));
  ASSERT_EQ(r.posts.size(), 1u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& p = r.posts[0];
  EXPECT_EQ(p.id, "570306133677760513");
  EXPECT_EQ(p.author, "jnardino");
  EXPECT_EQ(p.author_name, "Jon");
  EXPECT_EQ(p.text, "@united delayed again");
  EXPECT_EQ(p.parent, "");  // null counts as absent
  EXPECT_EQ(p.lang, "en");
  EXPECT_EQ(p.metrics.shares, 3);
  EXPECT_EQ(p.metrics.likes, 7);
  EXPECT_EQ(p.metrics.followers, 1200);
  EXPECT_EQ(p.created_at_ms, 1424772929000);
  EXPECT_EQ(p.source, "twitter");
}

TEST(NdjsonReader, UnmappedKeysGoToExtraAsText) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadNdjson(kTweet, "twitter-api"));
  ASSERT_EQ(r.posts.size(), 1u);
  // "user" and "id" feed mapped fields, so they are not extra.
  EXPECT_THAT(r.posts[0].extra,
              ElementsAre(Pair("place", R"({"name":"SFO"})"), Pair("truncated", "false")));
}

TEST(NdjsonReader, EarlierAlternativeWinsWhateverTheKeyOrder) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"text":"short","id":1,"full_text":"the long one","id_str":"1",)"
                 R"("created_at":"2015-02-24","user":{"screen_name":"x"}})",
                 "twitter-api"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "the long one");
}

TEST(NdjsonReader, ExtendedTweetTextIsFoundNested) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"id_str":"1","created_at":"2015-02-24","text":"cut…",)"
                 R"("extended_tweet":{"full_text":"the whole thing"},"user":{"screen_name":"x"}})",
                 "twitter-api"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "the whole thing");
}

TEST(NdjsonReader, BareTextKeyNumbersPostsByLineWithoutTime) {
  auto env = NewMemEnv();
  ReaderOptions options;
  options.require_identity = false;
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "l.ndjson",
                                                "{\"text\":\"a\",\"label\":\"neg\"}\n\n"
                                                "{\"text\":\"b\",\"label\":\"pos\"}\n",
                                                options));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].id, "1");
  EXPECT_EQ(r.posts[1].id, "3");
  EXPECT_FALSE(r.posts[1].has_time);
  EXPECT_THAT(r.posts[1].extra, ElementsAre(Pair("label", "pos")));
}

TEST(NdjsonReader, BareTextKeyIsRefusedWhenIdentityIsRequired) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "{\"text\":\"a\",\"id\":\"1\"}\n", "l.ndjson"));
  EXPECT_THAT(OpenRecordReader(env.get(), "l.ndjson", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("l.ndjson: preset text maps no created_at key: stored "
                                 "posts need a time; name it with --map created_at=KEY")));
  // Without an id key too, the time is what is missing (an id can be made).
  ASSERT_OK(WriteStringToFile(env.get(), "{\"text\":\"a\"}\n", "t.ndjson"));
  EXPECT_THAT(OpenRecordReader(env.get(), "t.ndjson", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("t.ndjson: preset text maps no created_at key: stored posts "
                                 "need a time; name it with --map created_at=KEY")));
}

TEST(NdjsonReader, RejectsMissingRequiredFieldNamingColumn) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadNdjson(R"({"id_str":"1","created_at":"2015-02-24"})", "twitter-api"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason,
            "missing field text (column 'full_text|extended_tweet.full_text|text')");
}

TEST(NdjsonReader, RejectsNullRequiredFieldAsMissing) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadNdjson(R"({"id":null,"created_at":"2015-02-24","text":"x"})"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "missing field id (column 'id')");
}

TEST(NdjsonReader, RejectsMalformedJsonWithSimdjsonMessage) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson("{\"id\":\"1\",\"created_at\":\"2015-02-24\",\"text\":\"x\"\n"
                 R"({"id":"2","created_at":"2015-02-24","text":"ok"})"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 1u);
  EXPECT_THAT(r.rejects[0].reason, StartsWith("invalid JSON: "));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(NdjsonReader, RejectsNonObjectLines) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadNdjson("[1,2]\n\"str\"\n"));
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_EQ(r.rejects[0].reason, "expected a JSON object, found array");
  EXPECT_EQ(r.rejects[1].reason, "expected a JSON object, found string");
}

TEST(NdjsonReader, RejectsInvalidUtf8) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadNdjson("{\"id\":\"1\",\"created_at\":\"2015-02-24\",\"text\":\"\xFF\"}"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("UTF-8"));
}

TEST(NdjsonReader, SkipsBlankLinesAndCountsLines) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson("\n{\"id\":\"1\",\"created_at\":\"2015-02-24\",\"text\":\"a\"}\r\n  \n\n"
                 "{\"id\":\"2\",\"created_at\":\"2015-02-24\",\"text\":\"b\"}\n"));
  EXPECT_EQ(r.records_read, 2u);
  EXPECT_THAT(r.lines, ElementsAre(2, 5));
}

TEST(NdjsonReader, ReadsNumbersGivenAsStringsAndEpochTimes) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"id":"1","created_at":1424778929,"text":"a","likes":"12","rating":4.5})"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, 1424778929000);
  EXPECT_EQ(r.posts[0].metrics.likes, 12);
  EXPECT_EQ(r.posts[0].rating, 4.5);
}

TEST(NdjsonReader, RejectsFractionalCounts) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadNdjson(R"({"id":"1","created_at":"2015-02-24","text":"a","likes":2.5})"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "bad number '2.5' for likes in column 'likes'");
}

TEST(NdjsonReader, DropsNullAndEmptyExtras) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(R"({"id":"1","created_at":"2015-02-24","text":"a","x":null,"y":"","z":[1, 2]})"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_THAT(r.posts[0].extra, ElementsAre(Pair("z", "[1,2]")));
}

TEST(NdjsonReader, AutoPresetChoosesTwitterApiFromItsKeys) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "api.jsonl", kTweet));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].author, "jnardino");
}

// Twitter API v2 tweets as twarc2 flattens them: the author expanded, the
// tweet answered among "referenced_tweets" (after a quoted one here), the
// metrics nested, a long post's whole text in "note_tweet". A tweet without
// the expansions has its author's id; one that answers nothing no parent.
constexpr char kTweetsV2[] =
    R"({"id":"1445880548472328192","text":"@united delayed again, so frust…",)"
    R"("note_tweet":{"text":"@united delayed again, so frustrated"},"author_id":"2244994945",)"
    R"("created_at":"2021-10-06T23:15:54.000Z","conversation_id":"1445880548472328100",)"
    R"("referenced_tweets":[{"type":"quoted","id":"7"},{"type":"replied_to","id":"1445880548472328100"}],)"
    R"("public_metrics":{"retweet_count":1,"reply_count":2,"like_count":4,"quote_count":0,)"
    R"("impression_count":90},"lang":"en","author":{"id":"2244994945","username":"TwitterDev",)"
    R"("name":"Twitter Dev","public_metrics":{"followers_count":513958}}})"
    "\n"
    R"({"id":"9","text":"late again","author_id":"22","created_at":"2021-10-06T23:16:00Z",)"
    R"("conversation_id":"9","referenced_tweets":[{"type":"quoted","id":"7"}]})"
    "\n";

TEST(NdjsonReader, AutoPresetReadsTwitterApiV2Tweets) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "v2.jsonl", kTweetsV2));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& p = r.posts[0];
  EXPECT_EQ(PlaceOf(p), Place("twitter", "1445880548472328192", "TwitterDev", "Twitter Dev",
                              "1445880548472328100", "1445880548472328100"));
  EXPECT_EQ(p.text, "@united delayed again, so frustrated");
  EXPECT_EQ(p.lang, "en");
  EXPECT_EQ(CountsOf(p), Counts(4, 1, 2, 513958, 90));
  EXPECT_EQ(p.created_at_ms, 1633562154000);
  const Post& q = r.posts[1];
  EXPECT_EQ(PlaceOf(q), Place("twitter", "9", "22", "", "9", ""));
  EXPECT_EQ(q.text, "late again");
}

// An author, parent or thread given as an object takes its handle, else
// its id, else its name; the object is not written as JSON text.
TEST(NdjsonReader, AnAuthorGivenAsAnObjectIsItsHandleOrId) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(
          env.get(), "mixed.jsonl",
          R"({"id":"1","user":{"login":"octo","id":5},"body":"broken build","created_at":"2023-01-01T00:00:00Z","parent":{"id":7}})"
          "\n"
          R"({"id":"2","user":{"id":"c1","displayName":"Ann B"},"body":"lost bag","created_at":"2023-01-01T00:00:00Z"})"
          "\n"
          R"({"id":"3","user":{"displayName":"Bo"},"body":"ok","created_at":"2023-01-01T00:00:00Z"})"
          "\n"
          R"({"id":"4","user":{"tags":[1]},"body":"ok","created_at":"2023-01-01T00:00:00Z"})"
          "\n"));
  ASSERT_EQ(r.posts.size(), 4u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  EXPECT_EQ(r.posts[0].author, "octo");
  EXPECT_EQ(r.posts[0].parent, "7");
  EXPECT_EQ(r.posts[1].author, "c1");
  EXPECT_EQ(r.posts[2].author, "Bo");
  EXPECT_EQ(r.posts[3].author, R"({"tags":[1]})");  // nothing to name it by: as written
}

// Facebook's Graph API comments: the writer in "from", the comment answered
// in "parent", counts as fields or as the edges' summaries.
TEST(NdjsonReader, AutoPresetReadsFacebookGraphComments) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(
          env.get(), "page.jsonl",
          R"({"id":"101_7","message":"Your service is awful","created_time":"2019-01-01T10:00:00+0000",)"
          R"("from":{"name":"Sam Lee","id":"555"},"like_count":3,"comment_count":1,"parent":{"id":"101_5"}})"
          "\n"
          R"({"id":"101","message":"New routes!","created_time":"2019-01-01T09:00:00+0000",)"
          R"("from":{"name":"Skyloft","id":"9"},"reactions":{"summary":{"total_count":40}},)"
          R"("shares":{"count":6}})"
          "\n"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& c = r.posts[0];
  EXPECT_EQ(PlaceOf(c), Place("facebook", "101_7", "555", "Sam Lee", "", "101_5"));
  EXPECT_EQ(c.text, "Your service is awful");
  EXPECT_EQ(c.created_at_ms, 1546336800000);
  EXPECT_EQ(CountsOf(c), Counts(3, -1, 1, -1, -1));
  const Post& p = r.posts[1];
  EXPECT_EQ(PlaceOf(p), Place("facebook", "101", "9", "Skyloft", "", ""));
  EXPECT_EQ(CountsOf(p), Counts(40, 6, -1, -1, -1));
}

// YouTube Data API comments: a thread's top-level comment nested in its
// commentThreads item, a reply with its thread's id in "parentId".
TEST(NdjsonReader, AutoPresetReadsYouTubeComments) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(
          env.get(), "comments.jsonl",
          R"({"kind":"youtube#commentThread","id":"UgxA","snippet":{"videoId":"v1","topLevelComment":)"
          R"({"kind":"youtube#comment","id":"UgxA","snippet":{"textDisplay":"Love this &amp; the crew",)"
          R"("textOriginal":"Love this & the crew","authorDisplayName":"@bob","authorChannelId":)"
          R"({"value":"UCbob"},"likeCount":3,"publishedAt":"2023-01-01T00:00:00Z"}},"totalReplyCount":1}})"
          "\n"
          R"({"kind":"youtube#comment","id":"UgxA.B","snippet":{"textOriginal":"terrible delay though",)"
          R"("parentId":"UgxA","authorDisplayName":"@amy","authorChannelId":{"value":"UCamy"},)"
          R"("likeCount":0,"publishedAt":"2023-01-02T00:00:00Z"}})"
          "\n"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& top = r.posts[0];
  EXPECT_EQ(PlaceOf(top), Place("youtube", "UgxA", "UCbob", "@bob", "UgxA", ""));
  EXPECT_EQ(top.text, "Love this & the crew");
  EXPECT_EQ(CountsOf(top), Counts(3, -1, 1, -1, -1));
  const Post& reply = r.posts[1];
  EXPECT_EQ(PlaceOf(reply), Place("youtube", "UgxA.B", "UCamy", "@amy", "UgxA", "UgxA"));
  EXPECT_EQ(reply.created_at_ms, 1672617600000);
}

// An export with "author" and "conversation_id" but no "author_id" is no
// v2 tweet; one with a plain "author" beside them keeps it as the author.
TEST(NdjsonReader, TwitterApiV2NeedsItsAuthorId) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult generic,
      ReadString(
          env.get(), "a.jsonl",
          R"({"id":"5","author":"maya","conversation_id":"5","created_at":"2021-10-06T23:15:54Z","text":"hi"})"
          "\n"));
  ASSERT_EQ(generic.posts.size(), 1u);
  EXPECT_EQ(generic.posts[0].source, "a");
  EXPECT_EQ(generic.posts[0].author, "maya");
  ASSERT_OK_AND_ASSIGN(
      ReadResult v2,
      ReadString(
          env.get(), "b.jsonl",
          R"({"id":"5","author":"maya","author_id":"77","conversation_id":"5","created_at":"2021-10-06T23:15:54Z","text":"hi"})"
          "\n"));
  ASSERT_EQ(v2.posts.size(), 1u);
  EXPECT_EQ(v2.posts[0].source, "twitter");
  EXPECT_EQ(v2.posts[0].author, "maya");
}

// twarc2's own output, a response page a line (tweets in "data", their
// authors in "includes"), reads as its tweets, each with its author: the
// twitter-v2 preset's. A page's tweets are records of the page's line; a
// line that is no page (an error, broken JSON) is a record of its own, and
// a page without tweets gives none.
TEST(NdjsonReader, ReadsTwitterApiV2ResponsePages) {
  auto tweet = [](int id, int author, std::string_view text) {
    return "{\"id\":\"" + std::to_string(id) + "\",\"text\":\"" + std::string(text) +
           "\",\"author_id\":\"" + std::to_string(author) +
           "\",\"created_at\":\"2024-05-01T10:00:00.000Z\",\"conversation_id\":\"" +
           std::to_string(id) + "\",\"public_metrics\":{\"like_count\":" + std::to_string(id) +
           "}}";
  };
  const std::string users =
      R"("includes":{"users":[{"id":"2","username":"maya","name":"Maya",)"
      R"("public_metrics":{"followers_count":70}},{"id":"3","username":"omar"}]})";
  const std::string pages = "{\"data\":[" + tweet(10, 2, "late again") + "," +
                            tweet(11, 3, "so slow") + "]," + users +
                            ",\"meta\":{\"result_count\":2}}\n"
                            "\n"
                            "{\"data\": [" +
                            tweet(12, 9, "who?") +
                            "], \"meta\": {\"result_count\": 1}}\r\n"
                            "{\"data\":[" +
                            tweet(13, 2, "cut short") +
                            "\n"
                            "{\"data\":[],\"meta\":{\"result_count\":0}}\n"
                            "{\"data\":[" +
                            tweet(14, 3, "fine now") + "]," + users + "}";
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), pages, "search.jsonl"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "search.jsonl"));
  ASSERT_EQ(r.posts.size(), 4u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  EXPECT_EQ(PlaceOf(r.posts[0]), Place("twitter", "10", "maya", "Maya", "10", ""));
  EXPECT_EQ(CountsOf(r.posts[0]), Counts(10, -1, -1, 70, -1));
  EXPECT_EQ(r.posts[0].text, "late again");
  EXPECT_EQ(PlaceOf(r.posts[1]), Place("twitter", "11", "omar", "", "11", ""));
  // Its author not among the page's users: the author's id.
  EXPECT_EQ(PlaceOf(r.posts[2]), Place("twitter", "12", "9", "", "12", ""));
  EXPECT_EQ(PlaceOf(r.posts[3]), Place("twitter", "14", "omar", "", "14", ""));
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 1, 3, 6}));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 4u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("invalid JSON"));
  EXPECT_EQ(r.records_read, 5u);
}

// Pages larger than the blocks they are read in, many of them.
TEST(NdjsonReader, ReadsLargeTwitterApiV2ResponsePages) {
  std::string pages;
  int id = 0;
  for (int page = 0; page < 3; ++page) {
    pages += "{\"data\":[";
    for (int k = 0; k < 3000; ++k, ++id) {
      if (k > 0) pages += ',';
      pages += R"({"id":")" + std::to_string(id) + R"(","text":"post number )" +
               std::to_string(id) +
               R"(","author_id":"1","created_at":"2024-05-01T10:00:00Z",)"
               R"("conversation_id":"1"})";
    }
    pages += R"(],"includes":{"users":[{"id":"1","username":"u"}]},"meta":{}})"
             "\n";
  }
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), pages, "big.jsonl"));
  ASSERT_GT(pages.size(), 3 * 256 * 1024u);
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "big.jsonl", ReaderOptions(), 4096));
  ASSERT_EQ(r.posts.size(), 9000u);
  EXPECT_TRUE(r.rejects.empty());
  EXPECT_EQ(r.posts[8999].text, "post number 8999");
  EXPECT_EQ(r.posts[8999].author, "u");
  EXPECT_EQ(r.lines[2999], 1u);
  EXPECT_EQ(r.lines[3000], 2u);
  EXPECT_EQ(r.lines[8999], 3u);
}

// Pages in a JSON array are no one-a-line file of them: the error says how
// to give them.
TEST(NdjsonReader, TwitterApiV2ResponsePagesInAnArraySayHowToGiveThem) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(
      env.get(),
      R"([{"data":[{"id":"1","text":"hi","author_id":"2"}],"includes":{"users":[{"id":"2","username":"a"}]},"meta":{}}])"
      "\n",
      "pages.json"));
  EXPECT_THAT(OpenRecordReader(env.get(), "pages.json", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("Twitter API v2 response pages"), HasSubstr("one a line"),
                             HasSubstr("twarc2 flatten"))));
}

// Records with a "data" array that are no response pages stay records.
TEST(NdjsonReader, ADataArrayAloneIsNoResponsePage) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(
      env.get(),
      R"({"data":[1,2],"id":"1","author":"a","created_at":"2024-01-01","text":"x"})"
      "\n",
      "other.jsonl"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "other.jsonl"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "x");
}

// Talkwalker's documents as its APIs send them: stream chunks (a control
// chunk holds no post), a search results page (its documents), a result a
// line, a bare document. Each is a record of its line; the media type is
// the post's channel; a document whose time is bad is a reject of its
// chunk's line; a "data" object that is no document stays a record.
TEST(NdjsonReader, ReadsTalkwalkerDocumentsInTheirWrappers) {
  auto doc = [](std::string_view url, std::string_view published, std::string_view media,
                std::string_view extra = "") {
    return "{\"url\":\"" + std::string(url) + "\",\"indexed\":1417999367498," +
           "\"search_indexed\":1417999504832,\"published\":" + std::string(published) +
           ",\"content\":\"text of " + std::string(url) +
           "\",\"source_type\":" + std::string(media) + std::string(extra) + "}";
  };
  const std::string input =
      R"({"chunk_type":"CT_CONTROL","chunk_control":{"timeframe_start":1,"stream":[{"id":"s","status":"active"}]}})"
      "\n{\"chunk_type\":\"CT_RESULT\",\"chunk_result\":{\"data\":{\"data\":" +
      doc("https://forum.example/t/1#p2", "1417999319393",
          R"(["MESSAGEBOARD","MESSAGEBOARD_OTHER"])",
          R"(,"parent_url":"https://forum.example/t/1","extra_author_attributes":{"id":"f:1","name":"Dana"})") +
      "}}}\n"
      "{\"status_code\":\"0\",\"pagination\":{\"total\":2},\"result_content\":{\"data\":[{"
      "\"data\":" +
      doc("https://news.example/a", "1417999319000", R"(["ONLINENEWS","ONLINENEWS_NEWSPAPER"])") +
      "},{\"data\":" +
      doc("https://t.example/1", "1417999318000", R"(["SOCIALMEDIA","SOCIALMEDIA_TWITTER"])",
          R"(,"extra_author_attributes":{"name":"Ana B","short_name":"anab"},)"
          R"("article_extended_attributes":{"twitter_likes":4,"twitter_retweets":2,"twitter_followers":90},"reach":90)") +
      "}]}}\n"
      "{\"chunk_type\":\"CT_RESULT\",\"chunk_result\":{\"data\":{\"data\":" +
      doc("https://blog.example/b", "\"yesterday\"", R"(["BLOG"])") +
      "}}}\n"
      "{\"data\":" +
      doc("https://blog.example/c", "1417999317000", R"(["OTHER"])") + "}\n" +
      doc("https://reviews.example/d", "1417999316000", R"("REVIEW")", R"(,"rating":8)") + "\n" +
      R"({"chunk_type":"CT_ERROR","chunk_error":{"message":"stream stopped"}})" + "\n";
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), input, "stream.ndjson"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "stream.ndjson"));
  ASSERT_EQ(r.posts.size(), 5u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  EXPECT_EQ(PlaceOf(r.posts[0]), Place("forum", "https://forum.example/t/1#p2", "Dana", "Dana",
                                       "https://forum.example/t/1", ""));
  EXPECT_EQ(r.posts[0].created_at_ms, 1417999319393);
  EXPECT_EQ(r.posts[0].text, "text of https://forum.example/t/1#p2");
  EXPECT_EQ(PlaceOf(r.posts[1]), Place("news", "https://news.example/a", "", "", "", ""));
  EXPECT_EQ(PlaceOf(r.posts[2]), Place("twitter", "https://t.example/1", "anab", "Ana B", "", ""));
  EXPECT_EQ(CountsOf(r.posts[2]), Counts(4, 2, -1, 90, 90));
  // OTHER names no channel: the tool's.
  EXPECT_EQ(PlaceOf(r.posts[3]), Place("talkwalker", "https://blog.example/c", "", "", "", ""));
  EXPECT_EQ(PlaceOf(r.posts[4]), Place("review", "https://reviews.example/d", "", "", "", ""));
  EXPECT_EQ(r.posts[4].rating, 8);
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{2, 3, 3, 5, 6}));
  // A bad time is its chunk's line's reject; a stream's error is one too.
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_EQ(r.rejects[0].line, 4u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("bad created_at in column 'published'"));
  EXPECT_EQ(r.rejects[1].line, 7u);
  EXPECT_THAT(r.rejects[1].reason, HasSubstr("missing fields"));
  EXPECT_EQ(r.records_read, 7u);
}

// Wrapped documents in a JSON array are not unwrapped: the error says to
// give them one a line. A "data" object that is no document is a record.
TEST(NdjsonReader, TalkwalkerWrappersInAnArraySayHowToGiveThem) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(
      env.get(),
      R"([{"data":{"url":"u","published":1417999316000,"content":"hi","search_indexed":1}}])"
      "\n",
      "results.json"));
  EXPECT_THAT(OpenRecordReader(env.get(), "results.json", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("Talkwalker's API responses"), HasSubstr("one a line"))));
  ASSERT_OK(WriteStringToFile(
      env.get(),
      R"({"data":{"kind":"x"},"id":"1","author":"a","created_at":"2024-01-01","text":"x"})"
      "\n",
      "other.jsonl"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "other.jsonl"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "x");
}

// A blank string gives way to another alternative's value, whatever their
// order in the record; with every one blank, the reject names the first.
TEST(NdjsonReader, ABlankValueGivesWayToAnotherAlternative) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson(
          R"({"id_str":"1","user":{"screen_name":"a"},"created_at":"2024-01-01T00:00:00Z","full_text":"","text":"from text"})"
          "\n"
          R"({"id_str":"2","user":{"screen_name":"a"},"created_at":"2024-01-01T00:00:00Z","text":"from text","full_text":" "})"
          "\n"
          R"({"id_str":"3","user":{"screen_name":"a"},"created_at":"2024-01-01T00:00:00Z","text":"","full_text":"own"})"
          "\n"
          R"({"id_str":"4","user":{"screen_name":"a"},"created_at":"2024-01-01T00:00:00Z","text":"","full_text":""})",
          "twitter-api"));
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[0].text, "from text");
  EXPECT_EQ(r.posts[1].text, "from text");
  EXPECT_EQ(r.posts[2].text, "own");
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "empty text (column 'full_text')");
}

// Gnip's Activity Streams, one activity a line: the tweet's own id from its
// IRI, the one it answers from its link, the actor as author, a long
// tweet's whole text.
TEST(NdjsonReader, ReadsActivityStreams) {
  const std::string input =
      R"({"id":"tag:search.twitter.com,2005:347769243409977344","objectType":"activity","verb":"post",)"
      R"("postedTime":"2013-06-17T21:01:21.000Z","link":"http://twitter.com/KidCodo/statuses/347769243409977344",)"
      R"("body":"@united lost my bag again","actor":{"objectType":"person","id":"id:twitter.com:277184168",)"
      R"("displayName":"Zach Codo","preferredUsername":"KidCodo","followersCount":207},)"
      R"("inReplyTo":{"link":"http://twitter.com/united/statuses/347769000000000000"},)"
      R"("favoritesCount":3,"retweetCount":1,"twitter_lang":"en"})"
      "\n"
      R"({"id":"tag:search.twitter.com,2005:9","objectType":"activity","verb":"post","postedTime":"2017-11-08T10:00:00.000Z",)"
      R"("body":"A long one that was cut short…","long_object":{"body":"A long one that was cut short by the old limit, whole here"},)"
      R"("actor":{"preferredUsername":"ann"},"favoritesCount":0,"retweetCount":0})"
      "\n"
      R"({"info":{"message":"Replay Request Completed","sent":"2017-11-08T10:10:00+00:00","activity_count":2}})"
      "\n";
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), input, "gnip.json"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "gnip.json"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  EXPECT_EQ(PlaceOf(r.posts[0]), Place("twitter", "347769243409977344", "KidCodo", "Zach Codo", "",
                                       "347769000000000000"));
  EXPECT_EQ(CountsOf(r.posts[0]), Counts(3, 1, -1, 207, -1));
  EXPECT_EQ(r.posts[0].created_at_ms, 1371502881000);
  EXPECT_EQ(r.posts[1].id, "9");
  EXPECT_EQ(r.posts[1].text, "A long one that was cut short by the old limit, whole here");
  // The archive's closing system message is no post, and no reject.
  EXPECT_TRUE(r.rejects.empty());
  EXPECT_EQ(r.records_read, 2u);
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 2}));
}

// Trustpilot's reviews as its API writes them: the consumer wrote it, its
// title and text are one text, its stars the rating; the company's reply
// stays in extra (the care queue reads it there).
TEST(NdjsonReader, ReadsTrustpilotReviews) {
  const std::string input =
      R"({"id":"5f1","stars":1,"title":"Never again","text":"Lost my booking twice.",)"
      R"("language":"en","createdAt":"2026-03-01T10:00:00Z","consumer":{"id":"c77",)"
      R"("displayName":"Ann B"},"businessUnit":{"id":"bu1"},)"
      R"("companyReply":{"text":"Sorry Ann, we have written to you.","createdAt":"2026-03-02T09:00:00Z"}})"
      "\n"
      R"({"id":"5f2","stars":5,"title":"","text":"Smooth","language":"en",)"
      R"("createdAt":"2026-03-01T11:00:00Z","consumer":{"id":"c78","displayName":"Bo"},"companyReply":null})"
      "\n";
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), input, "reviews.ndjson"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "reviews.ndjson"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  EXPECT_EQ(PlaceOf(r.posts[0]), Place("trustpilot", "5f1", "c77", "Ann B", "", ""));
  EXPECT_EQ(r.posts[0].text, "Never again.\nLost my booking twice.");
  EXPECT_EQ(r.posts[0].rating, 1.0);
  EXPECT_EQ(r.posts[0].lang, "en");
  bool replied = false;
  for (const auto& [key, value] : r.posts[0].extra) {
    replied |= key == "companyReply" && value.find("written to you") != std::string::npos;
  }
  EXPECT_TRUE(replied);
  EXPECT_EQ(r.posts[1].text, "Smooth");
  for (const auto& [key, value] : r.posts[1].extra) EXPECT_NE(key, "companyReply") << value;
}

// A record that lacks several required fields is told all of them.
TEST(NdjsonReader, ARejectNamesEveryMissingField) {
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadNdjson("{\"author\":\"a\"}\n{\"id\":\"1\",\"author\":\"a\",\"text\":\"x\"}\n"));
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_EQ(r.rejects[0].reason,
            "missing fields id, created_at and text (columns 'id', 'created_at' and 'text')");
  EXPECT_EQ(r.rejects[1].reason, "missing field created_at (column 'created_at')");
}

TEST(NdjsonReader, AutoPresetNeedsSomeObjectAmongTheFirstRecords) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "not json\n[1,2]\n", "bad.ndjson"));
  EXPECT_THAT(OpenRecordReader(env.get(), "bad.ndjson", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("cannot choose a preset for 'bad.ndjson': none of its first "
                                 "records is a JSON object (line 1: ")));
}

// One record without created_at (or with a null one) does not decide the map
// of the whole file: the keys of the first records together do, and that
// record is a reject like any other lacking a required field.
TEST(NdjsonReader, AutoPresetChoosesFromTheKeysOfTheFirstRecords) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(env.get(), "feed.ndjson",
                 "{\"id\":\"a1\",\"author\":\"al\",\"text\":\"no time\"}\n"
                 "{\"id\":\"a2\",\"author\":\"bo\",\"created_at\":\"2024-01-02T03:04:06Z\","
                 "\"text\":\"hi\",\"likes\":3}\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "a2");
  EXPECT_EQ(r.posts[0].author, "bo");
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("missing field created_at"));
}

// A malformed or non-UTF-8 first line is a reject, as it would be on line 2.
TEST(NdjsonReader, AutoPresetPassesOverABadFirstLine) {
  for (std::string first : {std::string(R"({"id":"a1","text":"trunc)"),
                            std::string("{\"id\":\"1\",\"text\":\"caf\xE9\"}")}) {
    auto env = NewMemEnv();
    ASSERT_OK_AND_ASSIGN(
        ReadResult r,
        ReadString(env.get(), "feed.ndjson",
                   first + "\n" +
                       R"({"id":"a2","author":"bo","created_at":"2024-01-02T03:04:06Z","text":"ok"})"
                       "\n"));
    ASSERT_EQ(r.posts.size(), 1u) << first;
    EXPECT_EQ(r.posts[0].id, "a2");
    ASSERT_EQ(r.rejects.size(), 1u);
    EXPECT_EQ(r.rejects[0].line, 1u);
  }
}

TEST(NdjsonReader, EmptyInputHasNoRecords) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadNdjson("\n\n"));
  EXPECT_EQ(r.records_read, 0u);
  EXPECT_THAT(r.posts, IsEmpty());
}

TEST(NdjsonReader, ScratchFromACsvDecoderWorksToo) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "id,author,created_at,text\n1,a,2015-02-24,x\n", "a.csv"));
  ASSERT_OK(WriteStringToFile(env.get(), R"({"id":"1","created_at":"2015-02-24","text":"y"})",
                              "b.ndjson"));
  ASSERT_OK_AND_ASSIGN(auto csv, OpenRecordReader(env.get(), "a.csv", OptionsFor("generic")));
  ASSERT_OK_AND_ASSIGN(auto json, OpenRecordReader(env.get(), "b.ndjson", OptionsFor("generic")));
  RecordBatch batch;
  ASSERT_OK_AND_ASSIGN(bool more, csv->NextBatch(1 << 20, &batch));
  ASSERT_TRUE(more);
  auto scratch = batch.decoder->NewScratch();
  ASSERT_OK_AND_ASSIGN(more, json->NextBatch(1 << 20, &batch));
  ASSERT_TRUE(more);
  Post post;
  std::string reason;
  ASSERT_TRUE(batch.decoder->Decode(batch.raw(batch.records[0]), scratch.get(), &post, &reason))
      << reason;
  EXPECT_EQ(post.text, "y");
}

TEST(NdjsonDecoder, DecodesRecordsWithoutAFile) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {"text=body"}));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const RecordDecoder> decoder,
                       NewNdjsonDecoder(map, RecordPolicy{"", "records"}));
  auto scratch = decoder->NewScratch();
  Post post;
  std::string reason;
  ASSERT_TRUE(decoder->Decode(R"({"id":7,"created_at":"2026-03-02T10:00:00Z","body":"hi"})",
                              scratch.get(), &post, &reason))
      << reason;
  EXPECT_EQ(post.id, "7");
  EXPECT_EQ(post.text, "hi");
  EXPECT_EQ(post.source, "records");
  post.Clear();
  EXPECT_FALSE(decoder->Decode(R"({"id":8,"created_at":"2026-03-02T10:00:00Z"})", scratch.get(),
                               &post, &reason));
  EXPECT_THAT(reason, HasSubstr("missing field text"));
}

TEST(NdjsonDecoder, RequiredFieldMustBeMapped) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {}));
  map.column(Field::kText).clear();
  EXPECT_THAT(NewNdjsonDecoder(map, RecordPolicy{}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field text is not mapped")));
}

// JSON arrays: each element is a record, decoded as an NDJSON line is.
StatusOr<ReadResult> ReadArray(std::string_view data, const std::string& path = "export.json",
                               std::string_view preset = "auto", size_t max_bytes = 1 << 20) {
  auto env = NewMemEnv();
  PARLEY_RETURN_IF_ERROR(WriteStringToFile(env.get(), data, path));
  return ReadAll(env.get(), path, OptionsFor(preset), max_bytes);
}

constexpr char kPrettyArray[] = R"([
  {
    "id": "1", "author": "ann", "created_at": "2024-01-02T03:04:05Z",
    "text": "hi, [there] {you}", "user": {"tags": ["a", "b]"]}
  },
  {"id": "2", "author": "bob", "created_at": "2024-01-02T03:04:06Z", "text": "a \"quote\", ok"},
  42,
  [1, 2],
  {"id": "3", "author": "cy", "created_at": "bad", "text": "x"}
]
)";

TEST(JsonArrayReader, EachElementIsARecordAtTheLineItStartsOn) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadArray(kPrettyArray));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].text, "hi, [there] {you}");
  EXPECT_EQ(r.posts[0].source, "export");
  EXPECT_EQ(r.posts[1].text, "a \"quote\", ok");
  EXPECT_THAT(r.lines, ElementsAre(2, 6));
  ASSERT_EQ(r.rejects.size(), 3u);
  EXPECT_EQ(r.rejects[0].line, 7u);
  EXPECT_EQ(r.rejects[0].reason, "expected a JSON object, found number");
  EXPECT_EQ(r.rejects[1].line, 8u);
  EXPECT_EQ(r.rejects[1].reason, "expected a JSON object, found array");
  EXPECT_EQ(r.rejects[2].line, 9u);
  EXPECT_EQ(r.records_read, 5u);
}

TEST(JsonArrayReader, OneLineArraysAndSmallBatchesReadAlike) {
  std::string one_line = "\xEF\xBB\xBF [";
  for (int i = 0; i < 50; ++i) {
    if (i > 0) one_line += ",";
    one_line += R"({"id":")" + std::to_string(i) +
                R"(","author":"a","created_at":"2024-01-02T03:04:05Z","text":"item"})";
  }
  one_line += "]";
  for (size_t max_bytes : {size_t{1} << 20, size_t{16}}) {
    ASSERT_OK_AND_ASSIGN(ReadResult r, ReadArray(one_line, "a.json", "auto", max_bytes));
    ASSERT_EQ(r.posts.size(), 50u);
    EXPECT_EQ(r.posts[49].id, "49");
    EXPECT_THAT(r.rejects, IsEmpty());
  }
}

TEST(JsonArrayReader, SniffedByItsFirstByteOrForced) {
  constexpr char kOne[] =
      R"(  [{"id":"1","author":"a","created_at":"2024-01-02T03:04:05Z","text":"x"}])";
  ASSERT_OK_AND_ASSIGN(ReadResult named, ReadArray(kOne, "dump"));
  EXPECT_EQ(named.posts.size(), 1u);
  auto env = NewMemEnv();
  ReaderOptions forced = OptionsFor("generic");
  forced.format = InputFormat::kJson;
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "a.ndjson", kOne, forced));
  EXPECT_EQ(r.posts.size(), 1u);
  EXPECT_THAT(ReadString(env.get(), "b.txt", R"({"id":"1"})", forced),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("is not a JSON array")));
  // A .json file of one object a line is still NDJSON.
  ASSERT_OK_AND_ASSIGN(r, ReadArray(std::string(kOne + 3, sizeof(kOne) - 5) + "\n", "l.json"));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(JsonArrayReader, EmptyAndCutShortArrays) {
  ASSERT_OK_AND_ASSIGN(ReadResult empty, ReadArray("[ ]\n"));
  EXPECT_EQ(empty.records_read, 0u);
  ASSERT_OK_AND_ASSIGN(ReadResult blank, ReadArray("[\n \n"));  // no element, nothing cut
  EXPECT_EQ(blank.records_read, 0u);
  constexpr char kOne[] = R"({"id":"1","author":"a","created_at":"2024-01-02","text":"x"})";
  // Whitespace may follow the closing ']'.
  ASSERT_OK_AND_ASSIGN(ReadResult closed,
                       ReadArray(std::string("[") + kOne + "\n]\n \r\n\t", "o.json", "generic"));
  EXPECT_EQ(closed.posts.size(), 1u);
  // Cut short inside an element or right after one: the input ends with no
  // ']', which is DataLoss naming the file (the elements before it were read).
  for (const std::string& cut : {std::string("[") + kOne + ",\n {\"id\":\"2\",",
                                 std::string("[") + kOne, std::string("[") + kOne + ",\n"}) {
    EXPECT_THAT(ReadArray(cut, "c.json", "generic"),
                StatusIs(StatusCode::kDataLoss,
                         AllOf(HasSubstr("'c.json': the input ends inside its JSON array"),
                               HasSubstr("cut short"))))
        << cut;
  }
  // A second array after the first.
  EXPECT_THAT(ReadArray(std::string("[") + kOne + "]\n[" + kOne + "]\n", "two.json", "generic"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("follows the JSON array's closing ']'")));
}

// The bytes between elements may straddle the reads that fill the buffer
// (16 KiB first, then larger): the ']' is still found, or found missing.
TEST(JsonArrayReader, TheEndIsFoundAcrossReads) {
  constexpr char kOne[] = R"({"id":"1","author":"a","created_at":"2024-01-02","text":"x"})";
  for (size_t pad : {16384 - 40, 16384 - 3, 16384, 16384 + 5}) {
    std::string data = std::string("[") + kOne;
    data.append(pad > data.size() ? pad - data.size() : 0, ' ');
    ASSERT_OK_AND_ASSIGN(ReadResult r, ReadArray(data + " \n ]\n  \n", "s.json", "generic"));
    EXPECT_EQ(r.posts.size(), 1u) << pad;
    EXPECT_THAT(ReadArray(data + " \n ,\n  \n", "s.json", "generic"),
                StatusIs(StatusCode::kDataLoss, HasSubstr("no closing ']'")))
        << pad;
    // A ']' before the end of the first read, a second array after it.
    EXPECT_THAT(
        ReadArray(data + "]" + std::string(8, ' ') + "\n[" + kOne + "]\n", "s.json", "generic"),
        StatusIs(StatusCode::kDataLoss, HasSubstr("follows the JSON array's closing ']'")))
        << pad;
  }
}

TEST(NdjsonReader, AnArrayReadAsNdjsonPointsAtInputFormatJson) {
  EXPECT_THAT(ReadNdjson(R"([{"id":"1","text":"x"}])", "auto"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("--input-format json")));
}

}  // namespace
}  // namespace parley
