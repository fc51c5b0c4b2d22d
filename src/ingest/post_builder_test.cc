#include "src/ingest/post_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley {
namespace {

// The fields of a Post that SetPostField may write, for comparing two.
std::string Describe(const Post& p) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; };
  return p.source + "|" + p.id + "|" + p.author + "|" + p.author_name + "|" + p.thread + "|" +
         p.parent + "|" + std::to_string(p.created_at_ms) + "|" + p.text + "|" + p.lang + "|" +
         (p.rating ? std::to_string(*p.rating) : "-") + "|" + opt(p.metrics.likes) + "|" +
         opt(p.metrics.shares) + "|" + opt(p.metrics.replies) + "|" + opt(p.metrics.followers) +
         "|" + opt(p.metrics.views);
}

// Values with and without space to trim, empty or blank, and good and bad
// times and numbers: off and on the common cases of every field.
const std::vector<std::string>& Values() {
  static const std::vector<std::string> values = {
      "",
      " ",
      "\t\r\n",
      "abc",
      " abc",
      "abc ",
      "\tabc\n",
      "a b",
      "x",
      "12",
      " 12 ",
      "12.0",
      "1e3",
      "-7",
      "abc\r",
      "2015-02-24T11:35:52Z",
      " 2015-02-24T11:35:52Z",
      "2015-02-24T11:35:52Z ",
      "2015-02-24T24:00:00Z",
      "2015-02-24 11:35:52",
      "Tue Feb 24 10:15:29 +0000 2015",
      "1424772929",
      "not a time",
      "@user",
  };
  return values;
}

// SetPostField() takes its common cases in line and leaves the rest to
// SetPostFieldGeneral(): both give the same post, verdict and reason for
// every field, on values with and without space to trim, empty or blank,
// and good and bad times and numbers.
TEST(SetPostField, InlineCasesAgreeWithGeneral) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    for (const std::string& value : Values()) {
      Post inline_post, general_post;
      std::string inline_reason, general_reason;
      const bool inline_ok = SetPostField(field, value, "col", &inline_post, &inline_reason);
      const bool general_ok =
          SetPostFieldGeneral(field, value, "col", &general_post, &general_reason);
      EXPECT_EQ(inline_ok, general_ok) << FieldName(field) << " '" << value << "'";
      EXPECT_EQ(inline_reason, general_reason) << FieldName(field) << " '" << value << "'";
      EXPECT_EQ(Describe(inline_post), Describe(general_post))
          << FieldName(field) << " '" << value << "'";
    }
  }
}

// SetPostFieldCommon() either sets the post as SetPostFieldGeneral() would
// and returns true, or returns false with the post untouched.
TEST(SetPostFieldCommon, TakesACaseWholeOrLeavesThePostAlone) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    for (const std::string& value : Values()) {
      Post common_post, general_post;
      std::string general_reason;
      const std::string untouched = Describe(common_post);
      if (SetPostFieldCommon(field, value, &common_post)) {
        ASSERT_TRUE(SetPostFieldGeneral(field, value, "col", &general_post, &general_reason))
            << FieldName(field) << " '" << value << "'";
        EXPECT_EQ(Describe(common_post), Describe(general_post))
            << FieldName(field) << " '" << value << "'";
      } else {
        EXPECT_EQ(Describe(common_post), untouched) << FieldName(field) << " '" << value << "'";
      }
    }
  }
}

// Reddit's comments name their parent and submission by fullname ("t1_abc",
// "t3_xyz") beside a bare id: taken bare, so replies link. Anything else,
// ids written as fullnames included, is left as it is.
// Talkwalker's media types: a social network by its name, other sites by
// their kind, as the API's list or one code; OTHER and nothing name none.
TEST(MediaTypeChannel, NamesTheNetworkElseTheKindOfSite) {
  EXPECT_EQ(MediaTypeChannel(R"(["SOCIALMEDIA","SOCIALMEDIA_TWITTER"])"), "twitter");
  EXPECT_EQ(MediaTypeChannel("SOCIALMEDIA_INSTAGRAM"), "instagram");
  EXPECT_EQ(MediaTypeChannel("SOCIALMEDIA,SOCIALMEDIA_OTHER"), "social");
  EXPECT_EQ(MediaTypeChannel(R"(["ONLINENEWS","ONLINENEWS_NEWSPAPER"])"), "news");
  EXPECT_EQ(MediaTypeChannel("MESSAGEBOARD_OTHER"), "forum");
  EXPECT_EQ(MediaTypeChannel("BLOG"), "blog");
  EXPECT_EQ(MediaTypeChannel("review"), "review");
  EXPECT_EQ(MediaTypeChannel("BROADCAST_TV"), "broadcast");
  EXPECT_EQ(MediaTypeChannel("PODCAST"), "podcast");
  EXPECT_EQ(MediaTypeChannel("NEWSLETTER"), "newsletter");
  EXPECT_EQ(MediaTypeChannel(R"(["OTHER"])"), "");
  EXPECT_EQ(MediaTypeChannel("[]"), "");
  EXPECT_EQ(MediaTypeChannel(""), "");
}

// Activity Streams' IRIs are their posts' own ids; a tweet's link names
// its id; anything else stays as it is.
TEST(ActivityStreams, IdsAndLinksAreThePostsOwnIds) {
  EXPECT_EQ(ActivityStreamsId("tag:search.twitter.com,2005:1050118621198921728"),
            "1050118621198921728");
  EXPECT_EQ(ActivityStreamsId("tag:search.x.com,2005:42"), "42");
  EXPECT_EQ(ActivityStreamsId("1050118621198921728"), "1050118621198921728");
  EXPECT_EQ(ActivityStreamsId("tag:oops"), "tag:oops");
  EXPECT_EQ(ActivityStreamsId("tag:search.twitter.com,2005:"), "tag:search.twitter.com,2005:");
  EXPECT_EQ(PostIdOfLink("http://twitter.com/KidCodo/statuses/347769243409977344"),
            "347769243409977344");
  EXPECT_EQ(PostIdOfLink("https://x.com/ana/status/5/"), "5");
  EXPECT_EQ(PostIdOfLink("https://example.com/a/5"), "https://example.com/a/5");
  EXPECT_EQ(PostIdOfLink("https://x.com/ana/status/5x"), "https://x.com/ana/status/5x");
  EXPECT_EQ(PostIdOfLink("347769243409977344"), "347769243409977344");
  EXPECT_EQ(PostIdOfLink(""), "");
}

TEST(LinkRedditReplies, TakesFullnamesBareBesideBareIds) {
  auto linked = [](std::string id, std::string parent, std::string thread) {
    Post p;
    p.id = std::move(id);
    p.parent = std::move(parent);
    p.thread = std::move(thread);
    LinkRedditReplies(&p);
    return p.parent + "|" + p.thread;
  };
  EXPECT_EQ(linked("c2x9k1", "t1_c2x8zz", "t3_8xwlg"), "c2x8zz|8xwlg");
  EXPECT_EQ(linked("c2x9k1", "t3_8xwlg", "t3_8xwlg"), "8xwlg|8xwlg");
  EXPECT_EQ(linked("c2x9k1", "", "t5_2qh1i"), "|2qh1i");
  // The id is a fullname too: the ids match as written.
  EXPECT_EQ(linked("t1_c2x9k1", "t1_c2x8zz", "t3_8xwlg"), "t1_c2x8zz|t3_8xwlg");
  // Not a fullname: other prefixes, upper case, nothing after the prefix.
  EXPECT_EQ(linked("c2x9k1", "t7_abc", "T3_abc"), "t7_abc|T3_abc");
  EXPECT_EQ(linked("c2x9k1", "t1_", "t1_AB"), "t1_|t1_AB");
  EXPECT_EQ(linked("c2x9k1", "t1_ab-c", "thread_1"), "t1_ab-c|thread_1");
  // An id other than Reddit's (upper case, punctuation, empty): left alone.
  EXPECT_EQ(linked("Tweet_1", "t1_abc", "t3_xyz"), "t1_abc|t3_xyz");
  EXPECT_EQ(linked("", "t1_abc", ""), "t1_abc|");
}

}  // namespace
}  // namespace parley
