#include "src/ingest/field_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/core/ascii.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;

std::vector<std::string_view> Columns(std::initializer_list<std::string_view> names) {
  return std::vector<std::string_view>(names);
}

TEST(FieldName, RoundTripsEveryField) {
  for (size_t i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    ASSERT_OK_AND_ASSIGN(Field parsed, ParseFieldName(FieldName(f)));
    EXPECT_EQ(parsed, f);
  }
}

TEST(FieldName, UnknownNameListsValidOnes) {
  EXPECT_THAT(ParseFieldName("body"),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("'body'"), HasSubstr("id, source, author"))));
}

TEST(IsRequired, IdCreatedAtAndTextOnly) {
  EXPECT_TRUE(IsRequired(Field::kId));
  EXPECT_TRUE(IsRequired(Field::kCreatedAt));
  EXPECT_TRUE(IsRequired(Field::kText));
  EXPECT_FALSE(IsRequired(Field::kAuthor));
  EXPECT_FALSE(IsRequired(Field::kLikes));
}

TEST(PresetNames, ListsAutoAndTheBuiltIns) {
  auto names = PresetNames();
  EXPECT_EQ(names.front(), "auto");
  EXPECT_THAT(names, Contains("tweets"));
  EXPECT_THAT(names, Contains("generic"));
  EXPECT_THAT(names, Contains("twitter-api"));
  EXPECT_THAT(names, Contains("twitter-v2"));
  EXPECT_THAT(names, Contains("facebook"));
  EXPECT_THAT(names, Contains("youtube"));
  EXPECT_THAT(names, Contains("brandwatch"));
  EXPECT_THAT(names, Contains("meltwater"));
  EXPECT_THAT(names, Contains("reviews"));
  EXPECT_EQ(names.back(), "text");
}

TEST(MakeFieldMap, TweetsPresetMatchesTheAirlineExport) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("tweets", {}));
  EXPECT_EQ(map.preset, "tweets");
  EXPECT_EQ(map.column(Field::kId), "tweet_id");
  EXPECT_EQ(map.column(Field::kAuthor), "name");
  EXPECT_EQ(map.column(Field::kText), "text");
  EXPECT_EQ(map.column(Field::kCreatedAt), "tweet_created");
  EXPECT_EQ(map.column(Field::kShares), "retweet_count");
  EXPECT_EQ(map.default_source, "twitter");
}

TEST(MakeFieldMap, GenericPresetUsesSameNamedColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {}));
  for (size_t i = 0; i < kFieldCount; ++i) {
    EXPECT_EQ(map.columns[i], FieldName(static_cast<Field>(i)));
  }
  EXPECT_EQ(map.default_source, "");
}

TEST(MakeFieldMap, TwitterApiPresetUsesNestedPathsAndAlternatives) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("twitter-api", {}));
  EXPECT_EQ(map.column(Field::kId), "id_str|id");
  EXPECT_EQ(map.column(Field::kAuthor), "user.screen_name");
  EXPECT_EQ(map.column(Field::kFollowers), "user.followers_count");
  EXPECT_EQ(map.column(Field::kParent), "in_reply_to_status_id_str");
  EXPECT_EQ(map.default_source, "twitter");
}

TEST(MakeFieldMap, UnknownPresetListsPresets) {
  EXPECT_THAT(MakeFieldMap("myspace", {}),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("'myspace'"),
                             HasSubstr("auto, tweets, twitter-v2, brandwatch, meltwater, "
                                       "activity-streams, talkwalker, generic"))));
}

TEST(MakeFieldMap, OverridesReplaceColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("tweets", {"text=body", " lang = language "}));
  EXPECT_EQ(map.column(Field::kText), "body");
  EXPECT_EQ(map.column(Field::kLang), "language");
}

TEST(MakeFieldMap, OverrideWithoutEqualsIsInvalid) {
  EXPECT_THAT(MakeFieldMap("tweets", {"text"}),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("expected field=column"), HasSubstr("created_at"))));
}

TEST(MakeFieldMap, OverrideOfUnknownFieldListsFields) {
  EXPECT_THAT(MakeFieldMap("generic", {"body=text"}),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("unknown field 'body'"), HasSubstr("likes, shares"))));
}

TEST(MakeFieldMap, EmptyColumnUnmapsOptionalFieldOnly) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {"lang="}));
  EXPECT_EQ(map.column(Field::kLang), "");
  EXPECT_THAT(MakeFieldMap("generic", {"id="}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("required")));
}

TEST(MakeFieldMap, AutoValidatesOverridesEarly) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  EXPECT_EQ(map.preset, "auto");
  EXPECT_THAT(MakeFieldMap("auto", {"nope=x"}), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ResolveAutoPreset, PicksTweetsForTheAirlineHeader) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto columns = Columns({"tweet_id", "airline_sentiment", "name", "retweet_count", "text",
                          "tweet_created"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, {}, columns));
  EXPECT_EQ(resolved.preset, "tweets");
}

TEST(ResolveAutoPreset, PicksGenericBeforeReviews) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto columns = Columns({"id", "author", "created_at", "text", "rating"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, {}, columns));
  EXPECT_EQ(resolved.preset, "generic");
}

TEST(ResolveAutoPreset, PicksTwitterApiFromTopLevelKeys) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto keys = Columns({"created_at", "id", "id_str", "full_text", "user", "lang"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, {}, keys));
  EXPECT_EQ(resolved.preset, "twitter-api");
}

// Twitter API v2 by its own keys (NDJSON) or by twarc's CSV column names,
// never by the fields generic has alone.
TEST(ResolveAutoPreset, PicksTwitterV2ByItsAuthorIdAndConversation) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(FieldMap keys,
                       ResolveAutoPreset(map, {},
                                         Columns({"id", "text", "author_id", "created_at",
                                                  "conversation_id", "author", "public_metrics"}),
                                         /*nested=*/true));
  EXPECT_EQ(keys.preset, "twitter-v2");
  EXPECT_EQ(keys.column(Field::kParent), "referenced_tweets.replied_to.id");
  ASSERT_OK_AND_ASSIGN(
      FieldMap csv,
      ResolveAutoPreset(map, {},
                        Columns({"id", "conversation_id", "referenced_tweets.replied_to.id",
                                 "author_id", "created_at", "text", "author.username",
                                 "author.name", "public_metrics.like_count"})));
  EXPECT_EQ(csv.preset, "twitter-v2");
  ASSERT_OK_AND_ASSIGN(
      FieldMap generic,
      ResolveAutoPreset(map, {}, Columns({"id", "author", "created_at", "text", "conversation_id"}),
                        /*nested=*/true));
  EXPECT_EQ(generic.preset, "generic");
}

// Facebook by "created_time" and "message"; YouTube by its "kind" beside
// the nested snippet; a Google Play export's "at" is its time.
TEST(ResolveAutoPreset, PicksFacebookAndYouTubeByTheirOwnKeys) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap fb,
      ResolveAutoPreset(map, {}, Columns({"id", "message", "created_time", "from", "parent"}),
                        /*nested=*/true));
  EXPECT_EQ(fb.preset, "facebook");
  EXPECT_EQ(fb.column(Field::kAuthor), "from.id");
  ASSERT_OK_AND_ASSIGN(
      FieldMap yt,
      ResolveAutoPreset(map, {}, Columns({"kind", "etag", "id", "snippet"}), /*nested=*/true));
  EXPECT_EQ(yt.preset, "youtube");
  // Without "kind", a "snippet" is a text column (a search result's).
  ASSERT_OK_AND_ASSIGN(FieldMap text,
                       ResolveAutoPreset(map, {}, Columns({"id", "snippet"}), /*nested=*/true));
  EXPECT_EQ(text.preset, "text");
  ASSERT_OK_AND_ASSIGN(FieldMap play,
                       ResolveAutoPreset(map, {},
                                         Columns({"reviewId", "userName", "content", "score",
                                                  "thumbsUpCount", "at", "replyContent"})));
  EXPECT_EQ(play.column(Field::kCreatedAt), "at");
  EXPECT_EQ(play.column(Field::kLikes), "thumbsUpCount");
}

// Brandwatch by its "Query Id", Meltwater by its "Hit Sentence"; without
// them, the same columns are no listening tool's export (the text preset's).
TEST(ResolveAutoPreset, PicksBrandwatchAndMeltwaterByTheirOwnColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap bw, ResolveAutoPreset(map, {},
                                     Columns({"Query Id", "Query Name", "Date", "Url", "Page Type",
                                              "Author", "Full Text"})));
  EXPECT_EQ(bw.preset, "brandwatch");
  EXPECT_EQ(bw.column(Field::kSource), "Page Type");
  ASSERT_OK_AND_ASSIGN(
      FieldMap mw,
      ResolveAutoPreset(
          map, {}, Columns({"Date", "Headline", "URL", "Hit Sentence", "Influencer", "Time"})));
  EXPECT_EQ(mw.preset, "meltwater");
  ASSERT_OK_AND_ASSIGN(FieldMap other,
                       ResolveAutoPreset(map, {}, Columns({"Date", "Url", "Author", "Full Text"})));
  EXPECT_EQ(other.preset, "text");
}

// Talkwalker by its "search_indexed", as a CSV of its dotted names or as
// its documents' keys; the same columns without it are a text export.
TEST(ResolveAutoPreset, PicksTalkwalkerByItsOwnColumn) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap csv,
      ResolveAutoPreset(
          map, {},
          Columns({"url", "indexed", "search_indexed", "published", "title", "content",
                   "parent_url", "lang", "source_type", "extra_author_attributes.name", "reach"})));
  EXPECT_EQ(csv.preset, "talkwalker");
  EXPECT_EQ(csv.default_source, "talkwalker");
  EXPECT_EQ(csv.column(Field::kId), "url|external_id");
  EXPECT_EQ(csv.column(Field::kCreatedAt), "published");
  EXPECT_THAT(csv.column(Field::kAuthor), HasSubstr("extra_author_attributes.name"));
  EXPECT_EQ(csv.column(Field::kThread), "parent_url");
  EXPECT_TRUE(csv.guessed.empty());
  ASSERT_OK_AND_ASSIGN(FieldMap json,
                       ResolveAutoPreset(map, {},
                                         Columns({"url", "search_indexed", "published", "content",
                                                  "extra_author_attributes"}),
                                         /*nested=*/true));
  EXPECT_EQ(json.preset, "talkwalker");
  ASSERT_OK_AND_ASSIGN(FieldMap other,
                       ResolveAutoPreset(map, {}, Columns({"url", "published", "content"})));
  EXPECT_NE(other.preset, "talkwalker");
}

// App reviews as the scrapers write them: Google Play's by "userImage"
// (Python's and Node's names), the App Store's by "userUrl", its title and
// text one text; their score is the rating.
TEST(ResolveAutoPreset, PicksAppStoresByTheirScrapersColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap python,
      ResolveAutoPreset(
          map, {},
          Columns({"reviewId", "userName", "userImage", "content", "score", "thumbsUpCount",
                   "reviewCreatedVersion", "at", "replyContent", "repliedAt", "appVersion"})));
  EXPECT_EQ(python.preset, "google-play");
  EXPECT_EQ(python.default_source, "google_play");
  EXPECT_EQ(python.column(Field::kRating), "score");
  EXPECT_TRUE(python.guessed.empty());
  ASSERT_OK_AND_ASSIGN(FieldMap node,
                       ResolveAutoPreset(map, {},
                                         Columns({"id", "userName", "userImage", "date", "score",
                                                  "scoreText", "url", "title", "text", "replyDate",
                                                  "replyText", "version", "thumbsUp", "criterias"}),
                                         /*nested=*/true));
  EXPECT_EQ(node.preset, "google-play");
  ASSERT_OK_AND_ASSIGN(FieldMap ios,
                       ResolveAutoPreset(map, {},
                                         Columns({"id", "userName", "userUrl", "version", "score",
                                                  "title", "text", "url", "updated"})));
  EXPECT_EQ(ios.preset, "app-store");
  EXPECT_EQ(ios.column(Field::kText), "title+text");
  // Without their own columns, the same reviews are no store's.
  ASSERT_OK_AND_ASSIGN(
      FieldMap plain,
      ResolveAutoPreset(map, {}, Columns({"reviewId", "userName", "content", "score", "at"})));
  EXPECT_NE(plain.preset, "google-play");
}

// Trustpilot's reviews by "stars" beside "createdAt", as its API writes them
// (nested) or a CSV of their dotted names.
TEST(ResolveAutoPreset, PicksTrustpilotByItsColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap api,
      ResolveAutoPreset(map, {},
                        Columns({"id", "stars", "title", "text", "language", "createdAt",
                                 "updatedAt", "consumer", "businessUnit", "companyReply"}),
                        /*nested=*/true));
  EXPECT_EQ(api.preset, "trustpilot");
  EXPECT_EQ(api.default_source, "trustpilot");
  EXPECT_EQ(api.column(Field::kAuthor), "consumer.id|consumer.displayName");
  EXPECT_EQ(api.column(Field::kText), "title+text");
  EXPECT_EQ(api.column(Field::kRating), "stars");
  ASSERT_OK_AND_ASSIGN(FieldMap csv,
                       ResolveAutoPreset(map, {},
                                         Columns({"id", "stars", "title", "text", "createdAt",
                                                  "consumer.id", "consumer.displayName"})));
  EXPECT_EQ(csv.preset, "trustpilot");
  EXPECT_EQ(csv.column(Field::kAuthorName), "consumer.displayName");
}

// A post's own link is its id where the export has no id column; a plain
// "url" is not (a review export's product page, the same on every row).
TEST(ResolveAutoPreset, APostsOwnLinkIsItsIdButAPlainUrlIsNot) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap linked,
      ResolveAutoPreset(map, {}, Columns({"Permalink", "Date", "Author", "Message", "Url"})));
  EXPECT_EQ(linked.column(Field::kId), "Permalink");
  ASSERT_OK_AND_ASSIGN(FieldMap plain,
                       ResolveAutoPreset(map, {}, Columns({"Date", "Author", "Message", "Url"})));
  EXPECT_EQ(plain.column(Field::kId), "");
}

TEST(ResolveAutoPreset, PicksReviewsWithoutAnAuthorColumn) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto columns = Columns({"review_id", "date", "review_text", "stars"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, {}, columns));
  EXPECT_EQ(resolved.preset, "reviews");
}

TEST(ResolveAutoPreset, OverridesCanMakeAPresetFit) {
  std::vector<std::string> overrides = {"id=post_id", "text=body", "created_at=when"};
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", overrides));
  auto columns = Columns({"post_id", "author", "body", "when"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, overrides, columns));
  EXPECT_EQ(resolved.preset, "generic");
  EXPECT_EQ(resolved.column(Field::kText), "body");
}

// --map making the tweets preset fit a Trustpilot export stored its posts
// as source "twitter": a platform's preset needs its own column names.
TEST(ResolveAutoPreset, MapsNeverMakeAPlatformPresetFit) {
  std::vector<std::string> overrides = {"id=Review ID", "author=Reviewer Name",
                                        "created_at=Review Created (UTC)", "text=Review Content"};
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", overrides));
  auto columns = Columns({"Review ID", "Reviewer Name", "Review Created (UTC)", "Review Content",
                          "Review Stars"});
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, overrides, columns));
  EXPECT_EQ(resolved.preset, "generic");
  EXPECT_EQ(resolved.default_source, "");
  EXPECT_EQ(resolved.column(Field::kAuthor), "Reviewer Name");
  // A platform's own columns still choose it, and --map adjusts it.
  std::vector<std::string> text_only = {"text=clean_text"};
  ASSERT_OK_AND_ASSIGN(
      FieldMap tweets,
      ResolveAutoPreset(map, text_only,
                        Columns({"tweet_id", "name", "text", "clean_text", "tweet_created"})));
  EXPECT_EQ(tweets.preset, "tweets");
  EXPECT_EQ(tweets.default_source, "twitter");
  EXPECT_EQ(tweets.column(Field::kText), "clean_text");
}

// Whichever preset is chosen, a column named as a field maps to it: ids and
// authors beside a bare text column, threads and metrics beside a reviews
// shape, are not left in extra.
TEST(ResolveAutoPreset, ColumnsNamedAsFieldsAlwaysMap) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(FieldMap text,
                       ResolveAutoPreset(map, {}, Columns({"id", "author", "text", "likes"})));
  EXPECT_EQ(text.preset, "text");
  EXPECT_EQ(text.column(Field::kId), "id");
  EXPECT_EQ(text.column(Field::kAuthor), "author");
  EXPECT_EQ(text.column(Field::kLikes), "likes");
  EXPECT_EQ(text.column(Field::kCreatedAt), "");
  ASSERT_OK_AND_ASSIGN(
      FieldMap reviews,
      ResolveAutoPreset(map, {}, Columns({"id", "created_at", "text", "thread", "parent", "lang"})));
  EXPECT_EQ(reviews.preset, "reviews");
  EXPECT_EQ(reviews.column(Field::kThread), "thread");
  EXPECT_EQ(reviews.column(Field::kParent), "parent");
  EXPECT_EQ(reviews.column(Field::kLang), "lang");
  // Not a tweet's "source" (the app it was sent from): the platform is.
  ASSERT_OK_AND_ASSIGN(FieldMap api,
                       ResolveAutoPreset(map, {}, Columns({"created_at", "id_str", "text", "user",
                                                           "source", "likes"})));
  EXPECT_EQ(api.preset, "twitter-api");
  EXPECT_EQ(api.column(Field::kSource), "");
  // The preset's own column first: the input's "likes" only where it
  // has no favorite_count.
  EXPECT_EQ(api.column(Field::kLikes), "favorite_count|likes");
}

TEST(ResolveAutoPreset, AMapToAMissingColumnIsNamed) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {"text=nocol"}));
  EXPECT_THAT(ResolveAutoPreset(map, {"text=nocol"},
                                Columns({"id", "author", "created_at", "text"})),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("column 'nocol' (for field text, from --map text=nocol) not "
                                 "found; columns are: id, author, created_at, text")));
}

TEST(ResolveAutoPreset, NoFitListsColumnsAndPresets) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto columns = Columns({"a", "b"});
  EXPECT_THAT(ResolveAutoPreset(map, {}, columns),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("columns a, b"),
                             HasSubstr("tweets (tweet_id, name, tweet_created, text)"),
                             HasSubstr("--preset"))));
}

TEST(ResolveAutoPreset, PicksTextOnlyWhenNothingElseFits) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(FieldMap bare, ResolveAutoPreset(map, {}, Columns({"text", "label"})));
  EXPECT_EQ(bare.preset, "text");
  EXPECT_EQ(bare.column(Field::kText), "text");
  EXPECT_EQ(bare.column(Field::kId), "");
  EXPECT_EQ(bare.column(Field::kCreatedAt), "");
  ASSERT_OK_AND_ASSIGN(FieldMap full,
                       ResolveAutoPreset(map, {}, Columns({"id", "author", "created_at", "text"})));
  EXPECT_EQ(full.preset, "generic");
}

// Exports name their columns in their own case and spelling, and by other
// names than the fields': "auto" reads the usual ones.
TEST(ResolveAutoPreset, ColumnsInAnyCaseOrSpellingMap) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap generic,
      ResolveAutoPreset(map, {}, Columns({"ID", "Author", "Created At", "Text", "likeCount"})));
  EXPECT_EQ(generic.preset, "generic");
  EXPECT_EQ(generic.column(Field::kId), "ID");
  EXPECT_EQ(generic.column(Field::kAuthor), "Author");
  EXPECT_EQ(generic.column(Field::kCreatedAt), "Created At");
  EXPECT_EQ(generic.column(Field::kText), "Text");
  EXPECT_EQ(generic.column(Field::kLikes), "likes|likeCount");
  // What a run says it guessed: not the preset's own names, nor a --map.
  EXPECT_EQ(GuessedColumnsNote(generic),
            "id=ID, author=Author, created_at=Created At, text=Text, likes=likeCount");
  ASSERT_OK_AND_ASSIGN(
      FieldMap tweets,
      ResolveAutoPreset(map, {}, Columns({"Tweet_ID", "Name", "Text", "Tweet_Created"})));
  EXPECT_EQ(tweets.preset, "tweets");
  EXPECT_EQ(tweets.column(Field::kId), "Tweet_ID");

  // A forum's comments: the text preset, its other fields by their names.
  ASSERT_OK_AND_ASSIGN(
      FieldMap forum, ResolveAutoPreset(map, {},
                                        Columns({"id", "author", "body", "created_utc", "parent_id",
                                                 "link_id", "score", "subreddit"})));
  EXPECT_EQ(forum.preset, "text");
  EXPECT_EQ(forum.column(Field::kText), "body");
  EXPECT_EQ(forum.column(Field::kId), "id");
  EXPECT_EQ(forum.column(Field::kAuthor), "author");
  EXPECT_EQ(forum.column(Field::kCreatedAt), "created_utc");
  EXPECT_EQ(forum.column(Field::kParent), "parent_id");
  EXPECT_EQ(forum.column(Field::kThread), "link_id");
  EXPECT_EQ(forum.column(Field::kLikes), "");  // "score" is left to extra: votes or stars
  EXPECT_EQ(forum.column(Field::kRating), "");

  // A review site's export (Trustpilot's shape), a help desk's tickets
  // (Zendesk's) and Amazon's review datasets (McAuley's keys): each post's
  // title is part of it (kTitledBodies), and joined to its body.
  ASSERT_OK_AND_ASSIGN(FieldMap trust,
                       ResolveAutoPreset(map, {},
                                         Columns({"Review Title", "Review Content", "Review Date",
                                                  "Rating", "Reviewer Name"})));
  EXPECT_EQ(trust.preset, "text");
  EXPECT_EQ(trust.column(Field::kText), "Review Title+Review Content");
  EXPECT_EQ(trust.column(Field::kCreatedAt), "Review Date");
  EXPECT_EQ(trust.column(Field::kAuthorName), "Reviewer Name");
  EXPECT_EQ(trust.column(Field::kRating), "Rating");
  ASSERT_OK_AND_ASSIGN(
      FieldMap desk,
      ResolveAutoPreset(
          map, {}, Columns({"Ticket ID", "Subject", "Description", "Requester", "Created at"})));
  EXPECT_EQ(desk.column(Field::kText), "Subject+Description");
  EXPECT_EQ(desk.column(Field::kId), "Ticket ID");
  EXPECT_EQ(desk.column(Field::kAuthor), "Requester");
  EXPECT_EQ(desk.column(Field::kCreatedAt), "Created at");
  ASSERT_OK_AND_ASSIGN(
      FieldMap amazon,
      ResolveAutoPreset(map, {},
                        Columns({"reviewerID", "asin", "reviewerName", "helpful", "reviewText",
                                 "overall", "summary", "unixReviewTime", "reviewTime"})));
  EXPECT_EQ(amazon.column(Field::kText), "summary+reviewText");
  EXPECT_EQ(amazon.column(Field::kAuthor), "reviewerID");
  EXPECT_EQ(amazon.column(Field::kAuthorName), "reviewerName");
  EXPECT_EQ(amazon.column(Field::kCreatedAt), "unixReviewTime");
  EXPECT_EQ(amazon.column(Field::kRating), "overall");

  // Reviews with a user's id and a profile name (Amazon's fine food reviews).
  ASSERT_OK_AND_ASSIGN(
      FieldMap food, ResolveAutoPreset(map, {},
                                       Columns({"Id", "ProductId", "UserId", "ProfileName", "Score",
                                                "Time", "Summary", "Text"})));
  EXPECT_EQ(food.preset, "text");
  EXPECT_EQ(food.column(Field::kId), "Id");
  EXPECT_EQ(food.column(Field::kAuthor), "UserId");
  EXPECT_EQ(food.column(Field::kAuthorName), "ProfileName");
  EXPECT_EQ(food.column(Field::kCreatedAt), "Time");
  EXPECT_EQ(food.column(Field::kText), "Text");

  // Tweets with a user column and zone-named times (Sentiment140's header).
  ASSERT_OK_AND_ASSIGN(
      FieldMap s140,
      ResolveAutoPreset(map, {}, Columns({"target", "ids", "date", "flag", "user", "text"})));
  EXPECT_EQ(s140.preset, "text");
  EXPECT_EQ(s140.column(Field::kAuthor), "user");
  EXPECT_EQ(s140.column(Field::kCreatedAt), "date");
  EXPECT_EQ(s140.column(Field::kId), "");

  // A column one field has taken is not another's: "date" is the time, so
  // a "time" beside it stays in extra; no channel becomes a source.
  ASSERT_OK_AND_ASSIGN(FieldMap two,
                       ResolveAutoPreset(map, {}, Columns({"message", "date", "time", "channel"})));
  EXPECT_EQ(two.column(Field::kText), "message");
  EXPECT_EQ(two.column(Field::kCreatedAt), "date");
  EXPECT_EQ(two.column(Field::kSource), "");
  for (size_t f = 0; f < kFieldCount; ++f) EXPECT_NE(two.columns[f], "time");
}

// A CSV column "user" is a user's name, not Twitter's user object: it
// does not make the twitter-api preset fit (its "user.screen_name" is a
// path into NDJSON objects).
TEST(ResolveAutoPreset, ACsvUserColumnIsNoTwitterUserObject) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  auto columns = Columns({"id", "created_at", "text", "user"});
  ASSERT_OK_AND_ASSIGN(FieldMap csv, ResolveAutoPreset(map, {}, columns, /*nested=*/false));
  EXPECT_EQ(csv.preset, "reviews");
  EXPECT_EQ(csv.default_source, "");
  EXPECT_EQ(csv.column(Field::kAuthor), "reviewer|author|user");
  EXPECT_EQ(GuessedColumnsNote(csv), "author=user");
  ASSERT_OK_AND_ASSIGN(FieldMap json, ResolveAutoPreset(map, {}, columns, /*nested=*/true));
  EXPECT_EQ(json.preset, "twitter-api");
  // A pandas-flattened column of that path is the preset's own.
  ASSERT_OK_AND_ASSIGN(
      FieldMap flat,
      ResolveAutoPreset(map, {}, Columns({"id", "created_at", "text", "user.screen_name"}),
                        /*nested=*/false));
  EXPECT_EQ(flat.preset, "twitter-api");
  EXPECT_EQ(GuessedColumnsNote(flat), "");
}

TEST(ParseColumnList, NamesInOrderTrimmedEachOnce) {
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> names, ParseColumnList("id, author ,text"));
  EXPECT_EQ(names, (std::vector<std::string>{"id", "author", "text"}));
  EXPECT_THAT(ParseColumnList("id,,text"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("--columns has an empty name")));
  EXPECT_THAT(ParseColumnList(""), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseColumnList("text,id,text"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("--columns names 'text' twice")));
}

TEST(ResolveAutoPreset, TextOverrideMakesTheTextPresetFit) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {"text=review"}));
  ASSERT_OK_AND_ASSIGN(FieldMap resolved,
                       ResolveAutoPreset(map, {"text=review"}, Columns({"review", "stars"})));
  EXPECT_EQ(resolved.preset, "text");
  EXPECT_EQ(resolved.column(Field::kText), "review");
}

// A text joined from columns: its parts, and what a post's text is.
TEST(JoinedText, PartsAndTheirText) {
  EXPECT_EQ(JoinedTextParts("title+body"), (std::vector<std::string_view>{"title", "body"}));
  EXPECT_EQ(JoinedTextParts("Review Title + Review Content"),
            (std::vector<std::string_view>{"Review Title", "Review Content"}));
  EXPECT_TRUE(JoinedTextParts("body").empty());
  EXPECT_TRUE(JoinedTextParts("summary|title+body").empty());
  std::string text;
  JoinTextParts({"Awful", "Never arrived"}, &text);
  EXPECT_EQ(text, "Awful.\nNever arrived");
  JoinTextParts({"Love it!", "  Best app ever  ", "Five stars?"}, &text);
  EXPECT_EQ(text, "Love it!\nBest app ever.\nFive stars?");
  JoinTextParts({"", "only the body", " "}, &text);
  EXPECT_EQ(text, "only the body");
  JoinTextParts({" ", ""}, &text);
  EXPECT_EQ(text, "");
}

TEST(JoinedText, MapsCheckTheirColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {"text=title+body"}));
  EXPECT_EQ(map.column(Field::kText), "title+body");
  for (const char* bad :
       {"text=title+", "text=+body", "text=a++b", "text=a|b+c", "text=a+b+c+d+e"}) {
    EXPECT_THAT(MakeFieldMap("generic", {bad}),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("2 to 4 columns")))
        << bad;
  }
  // Only the text and the time join: elsewhere a '+' is part of a column's name.
  ASSERT_OK_AND_ASSIGN(FieldMap plus, MakeFieldMap("generic", {"author=a+b"}));
  EXPECT_EQ(plus.column(Field::kAuthor), "a+b");
  // Under auto, the text preset fits when every part is there, and a
  // missing one is named.
  ASSERT_OK_AND_ASSIGN(FieldMap automatic, MakeFieldMap("auto", {"text=Title+Review"}));
  ASSERT_OK_AND_ASSIGN(FieldMap fit, ResolveAutoPreset(automatic, {"text=Title+Review"},
                                                       Columns({"Date", "Title", "Review"})));
  EXPECT_EQ(fit.column(Field::kText), "Title+Review");
  EXPECT_EQ(fit.column(Field::kCreatedAt), "Date");
  EXPECT_EQ(GuessedColumnsNote(fit),
            "created_at=Date; no id column: each post's id is a hash of its author, time and text");
  EXPECT_THAT(ResolveAutoPreset(automatic, {"text=Title+Review"}, Columns({"Title", "Body"})),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("column 'Review' (for field text")));
}

// A time written in a date's column and a time's: its parts, what a post's
// time is read from, and which column is a date's time.
TEST(JoinedTime, PartsTheirValueAndTheColumnBeside) {
  EXPECT_EQ(JoinedTimeParts("Date+Time"), (std::vector<std::string_view>{"Date", "Time"}));
  EXPECT_EQ(JoinedTimeParts(" day + clock "), (std::vector<std::string_view>{"day", "clock"}));
  EXPECT_TRUE(JoinedTimeParts("Date").empty());
  EXPECT_TRUE(JoinedTimeParts("a+b+c").empty());
  EXPECT_TRUE(JoinedTimeParts("a|b+c").empty());
  std::string time;
  JoinTimeParts(" 14/03/2024 ", "14:05 ", &time);
  EXPECT_EQ(time, "14/03/2024 14:05");
  JoinTimeParts("14/03/2024", "  ", &time);
  EXPECT_EQ(time, "14/03/2024");
  JoinTimeParts("", "14:05", &time);
  EXPECT_EQ(time, "14:05");

  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("generic", {"created_at=Date+Time"}));
  EXPECT_EQ(map.column(Field::kCreatedAt), "Date+Time");
  for (const char* bad : {"created_at=Date+", "created_at=a+b+c", "created_at=a|b+c"}) {
    EXPECT_THAT(MakeFieldMap("generic", {bad}),
                StatusIs(StatusCode::kInvalidArgument,
                         HasSubstr("a time joined from columns names two, its date's and its time "
                                   "of day's")))
        << bad;
  }

  const std::vector<std::string> header = {"Post Date", "Post Time", "Date",   "time",
                                           "date_utc",  "TIME_UTC",  "Updated"};
  EXPECT_EQ(TimeColumnBeside("Post Date", header), "Post Time");
  EXPECT_EQ(TimeColumnBeside("PostDate", header), "Post Time");
  EXPECT_EQ(TimeColumnBeside("Date", header), "time");
  EXPECT_EQ(TimeColumnBeside("date_utc", header), "TIME_UTC");
  EXPECT_EQ(TimeColumnBeside("Updated", header), "");
  EXPECT_EQ(TimeColumnBeside("Created Date", header), "");  // no "Created Time"
  EXPECT_EQ(TimeColumnBeside("Dates", header), "");
  EXPECT_EQ(DateColumnBeside("Post Time", header), "Post Date");
  EXPECT_EQ(DateColumnBeside("time_utc", header), "date_utc");
  EXPECT_EQ(DateColumnBeside("Timestamp", header), "");
}

// A Reddit submission's keys: its title and selftext make its text, and the
// run says so; a --map still decides.
TEST(ResolveAutoPreset, ARedditSubmissionIsItsTitleAndSelftext) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  const auto keys = Columns({"id", "author", "created_utc", "title", "selftext", "num_comments",
                             "score", "subreddit", "url"});
  ASSERT_OK_AND_ASSIGN(FieldMap sub, ResolveAutoPreset(map, {}, keys, /*nested=*/true));
  EXPECT_EQ(sub.preset, "text");
  EXPECT_EQ(sub.column(Field::kText), "title+selftext");
  EXPECT_EQ(GuessedColumnsNote(sub),
            "created_at=created_utc, text=title+selftext, replies=num_comments");
  ASSERT_OK_AND_ASSIGN(FieldMap title, ResolveAutoPreset(map, {"text=title"}, keys, true));
  EXPECT_EQ(title.column(Field::kText), "title");
  EXPECT_EQ(GuessedColumnsNote(title), "created_at=created_utc, replies=num_comments");
  // A text column wins: a title beside a body is the body's (join them with a --map).
  ASSERT_OK_AND_ASSIGN(FieldMap body,
                       ResolveAutoPreset(map, {}, Columns({"title", "selftext", "body"})));
  EXPECT_EQ(body.column(Field::kText), "body");
}

// A post written in two columns, a title and its body, is read as both
// where the title is the post's own (a review's headline, a ticket's or an
// email's subject), not wherever a title stands beside a text: an export of
// comments may give its article's title on every row.
TEST(ResolveAutoPreset, AReviewOrTicketIsItsTitleAndItsBody) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  ASSERT_OK_AND_ASSIGN(
      FieldMap tsv,
      ResolveAutoPreset(map, {},
                        Columns({"marketplace", "customer_id", "review_id", "product_id",
                                 "star_rating", "review_headline", "review_body", "review_date"})));
  EXPECT_EQ(tsv.column(Field::kText), "review_headline+review_body");
  EXPECT_EQ(GuessedColumnsNote(tsv),
            "id=review_id, author=customer_id, created_at=review_date, "
            "text=review_headline+review_body, rating=star_rating");
  ASSERT_OK_AND_ASSIGN(FieldMap mail,
                       ResolveAutoPreset(map, {}, Columns({"From", "Subject", "Body", "Date"})));
  EXPECT_EQ(mail.column(Field::kText), "Subject+Body");
  ASSERT_OK_AND_ASSIGN(FieldMap nested,
                       ResolveAutoPreset(map, {}, Columns({"reviewerID", "summary", "reviewText"}),
                                         /*nested=*/true));
  EXPECT_EQ(nested.column(Field::kText), "summary+reviewText");
  // Titles that may be another thing's stay out.
  ASSERT_OK_AND_ASSIGN(
      FieldMap comments,
      ResolveAutoPreset(map, {}, Columns({"id", "title", "body", "author", "created_at"})));
  EXPECT_EQ(comments.preset, "reviews");
  EXPECT_EQ(comments.column(Field::kText), "review_text|body|text");
  // ... unless the post is rated: a review's title is the reviewer's (Amazon's
  // 2023 datasets, whose helpful votes are its likes; app store exports).
  ASSERT_OK_AND_ASSIGN(
      FieldMap amazon,
      ResolveAutoPreset(map, {},
                        Columns({"rating", "title", "text", "images", "asin", "parent_asin",
                                 "user_id", "timestamp", "helpful_vote", "verified_purchase"}),
                        /*nested=*/true));
  EXPECT_EQ(amazon.column(Field::kText), "title+text");
  EXPECT_EQ(amazon.column(Field::kLikes), "helpful_vote");
  ASSERT_OK_AND_ASSIGN(
      FieldMap app,
      ResolveAutoPreset(map, {},
                        Columns({"id", "title", "content", "rating", "author", "updated"})));
  EXPECT_EQ(app.column(Field::kText), "title+content");
  ASSERT_OK_AND_ASSIGN(FieldMap unrated,
                       ResolveAutoPreset(map, {}, Columns({"title", "text", "user_id"})));
  EXPECT_EQ(unrated.column(Field::kText), "text");
  ASSERT_OK_AND_ASSIGN(FieldMap article,
                       ResolveAutoPreset(map, {}, Columns({"article_title", "comment", "date"})));
  EXPECT_EQ(article.column(Field::kText), "comment");
  // A --map's text is the user's choice, joined or not.
  ASSERT_OK_AND_ASSIGN(FieldMap body_only,
                       ResolveAutoPreset(map, {"text=Body"}, Columns({"Subject", "Body"})));
  EXPECT_EQ(body_only.column(Field::kText), "Body");
  EXPECT_EQ(GuessedColumnsNote(body_only), "");
}

// Columns kept out of a map: optional fields lose them (and only them);
// required fields keep theirs.
TEST(LeaveColumnsUnmapped, OptionalFieldsLoseThoseColumns) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("reviews", {}));
  LeaveColumnsUnmapped({"stars", "review_text"}, &map);
  EXPECT_EQ(map.column(Field::kRating), "rating");
  EXPECT_EQ(map.column(Field::kText), "review_text|body|text");
  LeaveColumnsUnmapped({"rating"}, &map);
  EXPECT_EQ(map.column(Field::kRating), "");
}

TEST(ResolveAutoPreset, LeavesNonAutoMapsAlone) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("reviews", {}));
  ASSERT_OK_AND_ASSIGN(FieldMap resolved, ResolveAutoPreset(map, {}, Columns({"x"})));
  EXPECT_EQ(resolved.preset, "reviews");
}

TEST(ColumnSpecPresent, MatchesAlternativesAndPathHeads) {
  auto columns = Columns({"id", "user"});
  EXPECT_TRUE(ColumnSpecPresent("id_str|id", columns));
  EXPECT_TRUE(ColumnSpecPresent("user.screen_name", columns));
  EXPECT_FALSE(ColumnSpecPresent("text", columns));
  EXPECT_FALSE(ColumnSpecPresent("", columns));
}

TEST(AsciiLower, LowersAsciiLettersOnly) {
  EXPECT_EQ(AsciiLower("Posts.CSV.GZ"), "posts.csv.gz");
  EXPECT_EQ(AsciiLower("NEUTRAL_1 \xC3\x89t\xC3\xA9"), "neutral_1 \xC3\x89t\xC3\xA9");
}

TEST(ResolveAutoPreset, ATabSeparatedHeaderPointsAtInputFormatTsv) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  EXPECT_THAT(ResolveAutoPreset(map, {}, Columns({"id\tauthor\tcreated_at\ttext"})),
              StatusIs(StatusCode::kInvalidArgument,
                       "the header id\\x09author\\x09created_at\\x09text is separated by "
                       "tabs, not commas: read it with --input-format tsv"));
}

TEST(ResolveAutoPreset, NoFitShowsColumnsEscapedAndShort) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {}));
  std::string garbage = "\x1b[2J" + std::string(500, 'z');
  std::vector<std::string_view> columns = {garbage, "b\tc"};
  StatusOr<FieldMap> resolved = ResolveAutoPreset(map, {}, columns);
  ASSERT_FALSE(resolved.ok());
  const std::string& message = resolved.status().message();
  EXPECT_THAT(message, HasSubstr("\\x1b[2Jzzz"));
  EXPECT_THAT(message, HasSubstr("zzz..., b\\x09c"));
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_LT(message.size(), 1000u);  // (the column alone would be 500; the presets' needs ~800)
}

}  // namespace
}  // namespace parley
