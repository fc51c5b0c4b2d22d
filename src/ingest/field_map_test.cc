#include "src/ingest/field_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  EXPECT_THAT(MakeFieldMap("facebook", {}),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("'facebook'"), HasSubstr("auto, tweets, generic"))));
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

TEST(ResolveAutoPreset, TextOverrideMakesTheTextPresetFit) {
  ASSERT_OK_AND_ASSIGN(FieldMap map, MakeFieldMap("auto", {"text=review"}));
  ASSERT_OK_AND_ASSIGN(FieldMap resolved,
                       ResolveAutoPreset(map, {"text=review"}, Columns({"review", "stars"})));
  EXPECT_EQ(resolved.preset, "text");
  EXPECT_EQ(resolved.column(Field::kText), "review");
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

}  // namespace
}  // namespace parley
