#include "src/text/language.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Language, TellsCustomerPostsInTheCommonLanguages) {
  EXPECT_EQ(DetectLanguage("@united thanks for the quick rebooking, the crew was lovely and "
                           "the flight left on time"),
            "en");
  EXPECT_EQ(DetectLanguage("@Iberia el vuelo de Madrid lleva tres horas de retraso y nadie nos "
                           "dice nada"),
            "es");
  EXPECT_EQ(DetectLanguage("@AirFrance merci pour le service, l'équipage était très gentil"), "fr");
  EXPECT_EQ(
      DetectLanguage("@Lufthansa mein Koffer ist schon wieder verloren gegangen, unglaublich"),
      "de");
  EXPECT_EQ(DetectLanguage("Muito obrigado @TAP pela ajuda com a bagagem"), "pt");
  EXPECT_EQ(DetectLanguage("@Alitalia volo cancellato senza preavviso, vergogna"), "it");
  EXPECT_EQ(DetectLanguage("@ANA_inter 荷物が届きません。どうなっていますか？"), "ja");
}

TEST(Language, HandlesAndUrlsDoNotDecide) {
  // CLD2 alone reads "@delta 😡😡😡" as Danish: the handle is a name.
  EXPECT_EQ(DetectLanguage("@delta 😡😡😡"), "und");
  EXPECT_EQ(DetectLanguage("@SouthwestAir @AmericanAir https://t.co/abc123 www.example.com"),
            "und");
  // A hashtag's word is a word of the post.
  EXPECT_EQ(DetectLanguage("#vuelo #retraso el avión salió con cuatro horas de retraso otra vez"),
            "es");
  // "@" inside a word is no handle: an address is kept as text.
  EXPECT_EQ(DetectLanguage("write to help@example.com about the refund for my cancelled flight "
                           "please"),
            "en");
}

TEST(Language, TooLittleTextIsUndetermined) {
  EXPECT_EQ(DetectLanguage(""), "und");
  EXPECT_EQ(DetectLanguage("ok"), "und");
  EXPECT_EQ(DetectLanguage("!!! 123 :) ..."), "und");
  EXPECT_EQ(DetectLanguage("😡😡😡😡"), "und");
}

TEST(Language, IllFormedUtf8IsUndeterminedNotACrash) {
  EXPECT_EQ(DetectLanguage("the flight was \xFF\xFE late again and nobody told us anything"),
            "und");
  EXPECT_EQ(DetectLanguage(std::string("the crew\0was lovely and kind to us", 34)),
            DetectLanguage(std::string("the crew\0was lovely and kind to us", 34)));
}

// A long text is told by its first kilobyte, cut between characters: a cut
// inside a character would be ill-formed UTF-8, and "und".
TEST(Language, ALongTextIsToldByItsBeginning) {
  std::string spanish;
  while (spanish.size() < 5000)
    spanish += "el vuelo salió con tres horas de retraso, qué vergüenza. ";
  EXPECT_EQ(DetectLanguage(spanish), "es");
  for (size_t shift = 0; shift < 8; ++shift) {
    const std::string text = std::string(shift, 'x') + " " + spanish;
    EXPECT_EQ(DetectLanguage(text), "es") << shift;
  }
  std::string japanese;  // three bytes a character: every cut position
  while (japanese.size() < 3000) japanese += "荷物が届きません。どうなっていますか？";
  for (size_t shift = 0; shift < 3; ++shift) {
    EXPECT_EQ(DetectLanguage(std::string(shift, 'a') + japanese), "ja") << shift;
  }
  // What comes after the first kilobyte does not count.
  std::string english;
  while (english.size() < 1200) english += "the flight was late and nobody told us anything. ";
  EXPECT_EQ(DetectLanguage(english + spanish), "en");
}

TEST(Language, SourceTagsAreReducedToTheirPrimarySubtag) {
  EXPECT_EQ(NormalizeLanguageTag("en"), "en");
  EXPECT_EQ(NormalizeLanguageTag("en-US"), "en");
  EXPECT_EQ(NormalizeLanguageTag("EN_gb"), "en");
  EXPECT_EQ(NormalizeLanguageTag("pt-BR"), "pt");
  EXPECT_EQ(NormalizeLanguageTag("zh-Hant"), "zh");
  EXPECT_EQ(NormalizeLanguageTag("fil"), "fil");
  EXPECT_EQ(NormalizeLanguageTag("iw"), "he");
  EXPECT_EQ(NormalizeLanguageTag("in"), "id");
  EXPECT_EQ(NormalizeLanguageTag("und"), "und");
  // Codes that name no language are not known languages: "zxx", and
  // Twitter's local-use ones (media, hashtags... alone); "qu" (Quechua),
  // "quz" and "qwh" (past qtz) are languages.
  for (const char* none : {"zxx", "ZXX", "qme", "qht", "qam", "qct", "qst", "qaa", "qtz"}) {
    EXPECT_EQ(NormalizeLanguageTag(none), "und") << none;
  }
  EXPECT_EQ(NormalizeLanguageTag("qu"), "qu");
  EXPECT_EQ(NormalizeLanguageTag("quz"), "quz");
  EXPECT_EQ(NormalizeLanguageTag("qwh"), "qwh");
  EXPECT_EQ(NormalizeLanguageTag(""), "und");
  EXPECT_EQ(NormalizeLanguageTag("e"), "und");
  EXPECT_EQ(NormalizeLanguageTag("english"), "und");
  EXPECT_EQ(NormalizeLanguageTag("e1"), "und");
  EXPECT_EQ(NormalizeLanguageTag("-en"), "und");
}

TEST(Language, ALanguageListIsNormalizedAndChecked) {
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> codes, ParseLanguageList("en"));
  EXPECT_EQ(codes, (std::vector<std::string>{"en"}));
  ASSERT_OK_AND_ASSIGN(codes, ParseLanguageList(" en-US , EN_gb,und,iw, pt-BR "));
  EXPECT_EQ(codes, (std::vector<std::string>{"en", "und", "he", "pt"}));
  ASSERT_OK_AND_ASSIGN(codes, ParseLanguageList("fil"));
  EXPECT_EQ(codes, (std::vector<std::string>{"fil"}));
  EXPECT_THAT(ParseLanguageList(""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("an empty entry in the list")));
  EXPECT_THAT(ParseLanguageList("en,,es"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("an empty entry in the list")));
  EXPECT_THAT(ParseLanguageList("en,"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLanguageList("english"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("'english' is not a language code: give ISO 639 codes")));
  for (const char* bad : {"e", "e1", "-en", "en!", "d\x1b[2J"}) {
    EXPECT_THAT(ParseLanguageList(bad), StatusIs(StatusCode::kInvalidArgument)) << bad;
  }
  // An entry is shown with its control bytes as '?' and cut short.
  EXPECT_THAT(ParseLanguageList("d\x1b[2J").status().message(), HasSubstr("'d?[2J'"));
  EXPECT_THAT(ParseLanguageList(std::string(100, 'x')).status().message(),
              HasSubstr(std::string(40, 'x') + "...'"));
}

TEST(Language, NoFilterKeepsEveryPostAFilterOnlyItsLanguages) {
  EXPECT_TRUE(LanguageKept({}, "es"));
  EXPECT_TRUE(LanguageKept({}, ""));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> kept, ParseLanguageList("en-US,und"));
  EXPECT_TRUE(LanguageKept(kept, "en"));
  EXPECT_TRUE(LanguageKept(kept, "und"));
  EXPECT_FALSE(LanguageKept(kept, "es"));
  EXPECT_FALSE(LanguageKept(kept, "en-US"));  // an Analysis::lang is a primary subtag
  EXPECT_FALSE(LanguageKept(kept, ""));       // not known is "und", never ""
}

TEST(Language, CodesAreShownWithTheirEnglishNames) {
  EXPECT_EQ(LanguageName("fr"), "French");
  EXPECT_EQ(LanguageName("pt"), "Portuguese");
  EXPECT_EQ(LanguageName("ja"), "Japanese");
  EXPECT_EQ(LanguageName("he"), "Hebrew");
  EXPECT_EQ(LanguageName("ceb"), "Cebuano");  // a three-letter code CLD2 gives
  EXPECT_EQ(LanguageName("nb"), "Norwegian Bokm\u00e5l");
  EXPECT_EQ(LanguageName("und"), "not known");
  // Codes that name nothing ICU knows, or are not codes: no name.
  EXPECT_EQ(LanguageName("xx"), "");
  EXPECT_EQ(LanguageName("e"), "");
  EXPECT_EQ(LanguageName("en_US"), "");
  EXPECT_EQ(LanguageName("e1"), "");
  EXPECT_EQ(LanguageName(""), "");
  EXPECT_EQ(LanguageLabel("es"), "Spanish (es)");
  EXPECT_EQ(LanguageLabel("und"), "not known (und)");
  EXPECT_EQ(LanguageLabel("xx"), "xx");
}

}  // namespace
}  // namespace parley
