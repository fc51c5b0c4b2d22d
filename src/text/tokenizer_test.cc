#include "src/text/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "src/text/test_util.h"
#include "src/text/unicode.h"

namespace parley {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "kind:text" for each token: readable expectations and failure messages.
std::vector<std::string> Describe(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  std::vector<std::string> described;
  for (const Token& t : tokens) {
    described.push_back(std::string(TokenKindName(t.kind)) + ":" + std::string(t.view(text)));
  }
  return described;
}

Token Only(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  EXPECT_EQ(tokens.size(), 1u) << text;
  return tokens.empty() ? Token{TokenKind::kSymbol} : tokens[0];
}

std::string Normalized(std::string_view token) {
  std::string out = "stale contents";
  Tokenizer::Normalize(token, &out);
  return out;
}

// Checks the contract on any input: tokens are ordered, non-empty, disjoint
// and in bounds, and everything between them is whitespace or ignorable.
void ExpectTokensTileText(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  std::string rebuilt;
  size_t end = 0;
  for (const Token& t : tokens) {
    ASSERT_GT(t.size, 0u);
    ASSERT_GE(t.offset, end);
    ASSERT_LE(size_t{t.offset} + t.size, text.size());
    for (size_t k = end; k < t.offset;) {
      char32_t cp;
      const int length = DecodeUtf8(text, k, &cp);
      ASSERT_TRUE(IsSpaceOrIgnorable(cp)) << "byte " << k << " of " << text;
      k += length;
    }
    rebuilt.append(text.substr(end, t.offset + t.size - end));
    end = t.offset + t.size;
  }
  rebuilt.append(text.substr(end));
  EXPECT_EQ(rebuilt, text);
}

TEST(Tokenizer, SplitsWordsOnWhitespace) {
  EXPECT_THAT(Describe("  hello\tbig\nworld "),
              ElementsAre("word:hello", "word:big", "word:world"));
}

TEST(Tokenizer, EmptyAndBlankTextHaveNoTokens) {
  EXPECT_THAT(Describe(""), IsEmpty());
  EXPECT_THAT(Describe(" \t\r\n"), IsEmpty());
}

TEST(Tokenizer, AppendsWithoutClearing) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize("one", &tokens);
  Tokenizer().Tokenize("two three", &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].offset, 4u);
}

TEST(Tokenizer, KeepsInnerApostrophesAndHyphens) {
  EXPECT_THAT(Describe("don't it’s check-in rock'n'roll"),
              ElementsAre("word:don't", "word:it’s", "word:check-in", "word:rock'n'roll"));
}

TEST(Tokenizer, OuterApostrophesAndDashesArePunctuation) {
  EXPECT_THAT(Describe("'quoted' students' well--known"),
              ElementsAre("punct:'", "word:quoted", "punct:'", "word:students", "punct:'",
                          "word:well", "punct:--", "word:known"));
}

TEST(Tokenizer, FlagsContractions) {
  EXPECT_TRUE(Only("don't").has(kTokenContraction));
  EXPECT_TRUE(Only("it’s").has(kTokenContraction));
  EXPECT_FALSE(Only("check-in").has(kTokenContraction));
}

TEST(Tokenizer, FlagsAllCaps) {
  EXPECT_TRUE(Only("GREAT").has(kTokenAllCaps));
  EXPECT_TRUE(Only("COVID19").has(kTokenAllCaps));
  EXPECT_TRUE(Only("ÉTÉ").has(kTokenAllCaps));
  EXPECT_FALSE(Only("I").has(kTokenAllCaps));
  EXPECT_FALSE(Only("Great").has(kTokenAllCaps));
  EXPECT_FALSE(Only("日本").has(kTokenAllCaps));
}

TEST(Tokenizer, FlagsElongation) {
  EXPECT_TRUE(Only("sooooo").has(kTokenElongated));
  EXPECT_TRUE(Only("SOooo").has(kTokenElongated));
  EXPECT_TRUE(Only("ouiiiii").has(kTokenElongated));
  EXPECT_TRUE(Only("déééjà").has(kTokenElongated));
  EXPECT_FALSE(Only("soo").has(kTokenElongated));
  EXPECT_FALSE(Only("Mississippi").has(kTokenElongated));
  EXPECT_FALSE(Only("1000").has(kTokenElongated));
}

TEST(Tokenizer, FlagsOnlyWords) {
  EXPECT_EQ(Only("#LOVEEEE").flags, 0);
  EXPECT_EQ(Only("@USA").flags, 0);
}

TEST(Tokenizer, RecognizesNumbers) {
  EXPECT_THAT(Describe("1,000 3.50 42 1.2.3"),
              ElementsAre("number:1,000", "number:3.50", "number:42", "number:1.2.3"));
}

TEST(Tokenizer, NumberEndsBeforeTrailingSeparator) {
  EXPECT_THAT(Describe("at 3. Then 5, 6"),
              ElementsAre("word:at", "number:3", "punct:.", "word:Then", "number:5", "punct:,",
                          "number:6"));
}

TEST(Tokenizer, DigitsRunningIntoLettersAreWords) {
  EXPECT_THAT(Describe("2nd 4ever covid-19 19-year-old 3.5mm"),
              ElementsAre("word:2nd", "word:4ever", "word:covid-19", "word:19-year-old",
                          "number:3.5", "word:mm"));
}

TEST(Tokenizer, DigitRangesAndDatesAreNumbers) {
  EXPECT_THAT(Describe("3-2 2024-01-05"),
              ElementsAre("number:3", "punct:-", "number:2", "number:2024", "punct:-",
                          "number:01", "punct:-", "number:05"));
}

TEST(Tokenizer, DigitsOfOtherScriptsAreNumbers) {
  EXPECT_THAT(Describe("٣٤ ２０"), ElementsAre("number:٣٤", "number:２０"));
}

TEST(Tokenizer, PriceIsSymbolAndNumber) {
  EXPECT_THAT(Describe("$3.50 €20"),
              ElementsAre("symbol:$", "number:3.50", "symbol:€", "number:20"));
}

TEST(Tokenizer, RecognizesUrls) {
  EXPECT_THAT(Describe("go http://x.com/a?b=1&c=%20 https://t.co/AbC www.example.org now"),
              ElementsAre("word:go", "url:http://x.com/a?b=1&c=%20", "url:https://t.co/AbC",
                          "url:www.example.org", "word:now"));
}

TEST(Tokenizer, UrlSchemeIsCaseInsensitive) {
  EXPECT_EQ(Only("HTTPS://Example.COM").kind, TokenKind::kUrl);
}

TEST(Tokenizer, UrlExcludesTrailingPunctuation) {
  EXPECT_THAT(Describe("(see https://x.org/a_(b)). www.y.com, http://z.io/!"),
              ElementsAre("punct:(", "word:see", "url:https://x.org/a_(b)", "punct:)",
                          "punct:.", "url:www.y.com", "punct:,", "url:http://z.io/", "punct:!"));
}

TEST(Tokenizer, UrlStopsAtEllipsis) {
  EXPECT_THAT(Describe("https://t.co/ab…"), ElementsAre("url:https://t.co/ab", "punct:…"));
}

TEST(Tokenizer, UrlMayContainLetters) {
  EXPECT_EQ(Only("https://ja.wikipedia.org/wiki/日本").kind, TokenKind::kUrl);
}

TEST(Tokenizer, SchemeWithoutHostIsNotUrl) {
  EXPECT_THAT(Describe("http:// www."),
              ElementsAre("word:http", "punct::", "punct://", "word:www", "punct:."));
}

TEST(Tokenizer, RecognizesEmails) {
  EXPECT_THAT(Describe("mail bob.smith+tag@mail.example.com."),
              ElementsAre("word:mail", "email:bob.smith+tag@mail.example.com", "punct:."));
}

TEST(Tokenizer, MentionIsNotPartOfEmail) {
  EXPECT_THAT(Describe("first-last@ex.org @bob"),
              ElementsAre("email:first-last@ex.org", "mention:@bob"));
}

TEST(Tokenizer, AddressWithoutDomainIsNotEmail) {
  EXPECT_THAT(Describe("user@localhost a@b.c"),
              ElementsAre("word:user", "punct:@", "word:localhost", "word:a", "punct:@", "word:b",
                          "punct:.", "word:c"));
}

TEST(Tokenizer, RecognizesMentions) {
  EXPECT_THAT(Describe("RT @jack_2006: hi @Bob."),
              ElementsAre("word:RT", "mention:@jack_2006", "punct::", "word:hi", "mention:@Bob",
                          "punct:."));
}

TEST(Tokenizer, LoneAtSignIsPunctuation) {
  EXPECT_THAT(Describe("@ home"), ElementsAre("punct:@", "word:home"));
}

TEST(Tokenizer, RecognizesHashtagsWithUnicodeLetters) {
  EXPECT_THAT(Describe("#café #日本 #100DaysOfCode #snake_case"),
              ElementsAre("hashtag:#café", "hashtag:#日本", "hashtag:#100DaysOfCode",
                          "hashtag:#snake_case"));
}

TEST(Tokenizer, HashBeforeDigitsIsNotHashtag) {
  EXPECT_THAT(Describe("#1 fan"), ElementsAre("punct:#", "number:1", "word:fan"));
}

TEST(Tokenizer, HashAfterLetterOrAmpersandIsNotHashtag) {
  EXPECT_THAT(Describe("C# &#x27;"),
              ElementsAre("word:C", "punct:#", "punct:&", "punct:#", "word:x27", "punct:;"));
}

TEST(Tokenizer, RecognizesCashtags) {
  EXPECT_THAT(Describe("$AAPL $BRK.B $tsla. $5"),
              ElementsAre("cashtag:$AAPL", "cashtag:$BRK.B", "cashtag:$tsla", "punct:.",
                          "symbol:$", "number:5"));
}

TEST(Tokenizer, LongDollarWordIsNotCashtag) {
  EXPECT_THAT(Describe("$ABCDEFG"), ElementsAre("symbol:$", "word:ABCDEFG"));
}

TEST(Tokenizer, RecognizesEmoticons) {
  for (std::string_view e : {":)", ":-)", ":(", ":-(", ";)", ":D", ":P", ":p", ":'(", ":/", ":\\",
                             ":|", ":o", "<3", "</3", "^_^", "-_-", "o_O", "XD", "xD", "=)", "=(",
                             ":*", ">:(", "T_T", ";_;", "\\o/"}) {
    EXPECT_EQ(Only(e).kind, TokenKind::kEmoticon) << e;
  }
}

TEST(Tokenizer, RecognizesReversedEmoticons) {
  EXPECT_THAT(Describe("yay (: ok (; sad ):"),
              ElementsAre("word:yay", "emoticon:(:", "word:ok", "emoticon:(;", "word:sad",
                          "emoticon:):"));
}

TEST(Tokenizer, EmoticonMayFollowWord) {
  EXPECT_THAT(Describe("lol:) ok!:("),
              ElementsAre("word:lol", "emoticon::)", "word:ok", "punct:!", "emoticon::("));
}

TEST(Tokenizer, RepeatedMouthStaysInEmoticon) {
  EXPECT_THAT(Describe(":))) XDDD <333"),
              ElementsAre("emoticon::)))", "emoticon:XDDD", "emoticon:<333"));
}

TEST(Tokenizer, EmoticonLettersInsideWordsAreWords) {
  EXPECT_THAT(Describe("XDR xDa oops :Dave"),
              ElementsAre("word:XDR", "word:xDa", "word:oops", "punct::", "word:Dave"));
}

TEST(Tokenizer, TimesAndRatiosAreNotEmoticons) {
  EXPECT_THAT(Describe("10:30 5:3 <30"),
              ElementsAre("number:10", "punct::", "number:30", "number:5", "punct::", "number:3",
                          "symbol:<", "number:30"));
}

TEST(Tokenizer, EmoticonsDoNotBreakUrls) {
  EXPECT_THAT(Describe("http://a.io/x :/ http:/b C:\\dir"),
              ElementsAre("url:http://a.io/x", "emoticon::/", "word:http", "punct::", "punct:/",
                          "word:b", "word:C", "punct::", "punct:\\", "word:dir"));
}

TEST(Tokenizer, ParenthesisBeforeColonIsNotEmoticon) {
  EXPECT_THAT(Describe("(see above): yes"),
              ElementsAre("punct:(", "word:see", "word:above", "punct:)", "punct::", "word:yes"));
}

TEST(Tokenizer, ShrugIsOneEmoticon) {
  EXPECT_THAT(Describe("idk ¯\\_(ツ)_/¯"), ElementsAre("word:idk", "emoticon:¯\\_(ツ)_/¯"));
}

TEST(Tokenizer, PunctuationRunsAreOneToken) {
  EXPECT_THAT(Describe("wow!!! what?!? so... ok?!..."),
              ElementsAre("word:wow", "punct:!!!", "word:what", "punct:?!?", "word:so",
                          "punct:...", "word:ok", "punct:?!..."));
}

TEST(Tokenizer, DifferentPunctuationIsSeparate) {
  EXPECT_THAT(Describe("(great!)\"\""),
              ElementsAre("punct:(", "word:great", "punct:!", "punct:)", "punct:\"\""));
}

TEST(Tokenizer, UnicodePunctuation) {
  EXPECT_THAT(Describe("¡Hola! «oui» 真的？！"),
              ElementsAre("punct:¡", "word:Hola", "punct:!", "punct:«", "word:oui", "punct:»",
                          "word:真的", "punct:？！"));
}

TEST(Tokenizer, SymbolsAreSingleCodePoints) {
  EXPECT_THAT(Describe("a+b=c ≠ ++"),
              ElementsAre("word:a", "symbol:+", "word:b", "symbol:=", "word:c", "symbol:≠",
                          "symbol:+", "symbol:+"));
}

TEST(Tokenizer, ZwjFamilyIsOneEmoji) {
  EXPECT_THAT(Describe("👨‍👩‍👧 ok"), ElementsAre("emoji:👨‍👩‍👧", "word:ok"));
}

TEST(Tokenizer, SkinToneStaysWithEmoji) {
  EXPECT_THAT(Describe("👍🏽👍"), ElementsAre("emoji:👍🏽", "emoji:👍"));
}

TEST(Tokenizer, ZwjSequenceWithSkinToneAndGender) {
  EXPECT_EQ(Only("🏃🏽‍♀️").kind, TokenKind::kEmoji);
  EXPECT_EQ(Only("🧑🏽‍🤝‍🧑🏻").kind, TokenKind::kEmoji);
}

TEST(Tokenizer, FlagsArePairsOfRegionalIndicators) {
  EXPECT_THAT(Describe("🇫🇷🇩🇪🇯"), ElementsAre("emoji:🇫🇷", "emoji:🇩🇪", "emoji:🇯"));
}

TEST(Tokenizer, SubdivisionFlagIsOneEmoji) {
  // Scotland: black flag, tags "gbsct", cancel tag.
  EXPECT_EQ(Only("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F").kind,
            TokenKind::kEmoji);
}

TEST(Tokenizer, KeycapIsOneEmoji) {
  EXPECT_THAT(Describe("1️⃣ #️⃣ *⃣"), ElementsAre("emoji:1️⃣", "emoji:#️⃣", "emoji:*⃣"));
}

TEST(Tokenizer, TextStyleHeartIsEmoji) {
  EXPECT_THAT(Describe("I ❤ NY ❤️"),
              ElementsAre("word:I", "emoji:❤", "word:NY", "emoji:❤️"));
}

TEST(Tokenizer, CopyrightSignIsEmojiOnlyWithSelector) {
  EXPECT_THAT(Describe("© ©️ ‼ ‼️"),
              ElementsAre("symbol:©", "emoji:©️", "punct:‼", "emoji:‼️"));
}

TEST(Tokenizer, ConsecutiveEmojiAreSeparate) {
  EXPECT_THAT(Describe("😂😂😍"), ElementsAre("emoji:😂", "emoji:😂", "emoji:😍"));
}

TEST(Tokenizer, EmojiSplitsWords) {
  EXPECT_THAT(Describe("love😍you"), ElementsAre("word:love", "emoji:😍", "word:you"));
}

TEST(Tokenizer, DanglingJoinerIsNotPartOfEmoji) {
  EXPECT_THAT(Describe("😀\u200Dx"), ElementsAre("emoji:😀", "word:x"));
}

TEST(Tokenizer, CjkRunsAreWords) {
  EXPECT_THAT(Describe("我爱北京 天安门。日本語のテキスト"),
              ElementsAre("word:我爱北京", "word:天安门", "punct:。", "word:日本語のテキスト"));
}

TEST(Tokenizer, WordsOfOtherScripts) {
  EXPECT_THAT(Describe("Straße привет नमस्ते مرحبا"),
              ElementsAre("word:Straße", "word:привет", "word:नमस्ते", "word:مرحبا"));
}

TEST(Tokenizer, CombiningMarksStayInWord) {
  EXPECT_THAT(Describe("cafe\u0301 ok"), ElementsAre("word:cafe\u0301", "word:ok"));
}

TEST(Tokenizer, ZeroWidthNonJoinerStaysInWord) {
  constexpr std::string_view kPersian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
  EXPECT_THAT(Describe(kPersian), ElementsAre("word:" + std::string(kPersian)));
}

TEST(Tokenizer, InvalidUtf8BytesAreOneByteSymbols) {
  EXPECT_THAT(Describe("a\xFF\xFE" "b \xE2\x82 \xC0\xAF"),
              ElementsAre("word:a", "symbol:\xFF", "symbol:\xFE", "word:b", "symbol:\xE2",
                          "symbol:\x82", "symbol:\xC0", "symbol:\xAF"));
}

TEST(Tokenizer, SurrogatesEncodedInUtf8AreInvalid) {
  EXPECT_THAT(Describe("\xED\xA0\x80"),
              ElementsAre("symbol:\xED", "symbol:\xA0", "symbol:\x80"));
}

TEST(Tokenizer, ControlBytesAreSymbols) {
  EXPECT_THAT(Describe(std::string_view("a\0b\x7F", 4)),
              ElementsAre("word:a", std::string("symbol:\0", 8), "word:b", "symbol:\x7F"));
}

TEST(Tokenizer, UnicodeSpacesAndIgnorablesSeparateTokens) {
  EXPECT_THAT(Describe("\uFEFFa\u00A0b\u200Bc\u3000d\u200Ee"),
              ElementsAre("word:a", "word:b", "word:c", "word:d", "word:e"));
}

TEST(Tokenizer, LongWordBeforeFinalPeriod) {
  // The 16-byte word scan must not look past the period at the very end.
  EXPECT_THAT(Describe("o\"ppppppppppppppW."),
              ElementsAre("word:o", "punct:\"", "word:ppppppppppppppW", "punct:."));
}

TEST(Tokenizer, WordsOfEveryLengthNearTheEnd) {
  for (size_t length = 1; length <= 40; ++length) {
    const std::string word(length, 'a');
    for (std::string_view tail : {"", ".", "'", "-", "@", "é"}) {
      const std::string text = word + std::string(tail);
      SCOPED_TRACE(text);
      ExpectTokensTileText(text);
    }
  }
}

TEST(Tokenizer, TokensTileTheirText) {
  for (std::string_view text :
       {"RT @bob: LOVEEE this!!! 😍😍 #blessed $AAPL up 3.5% http://t.co/x :-)",
        "  don’t\u00A0stop\u200B👨‍👩‍👧 ¯\\_(ツ)_/¯ \xFF\xC3 end ", "日本語 and Straße!?", "a\x80"}) {
    SCOPED_TRACE(text);
    ExpectTokensTileText(text);
  }
}

TEST(Tokenizer, RandomBytesTileTheirText) {
  std::mt19937 rng(20240501);
  // Bytes drawn from an alphabet dense in tokenizer triggers, plus raw bytes.
  constexpr std::string_view kAlphabet = "aZ09 :;()-_'.,!?@#$*<3/\\^=\xE2\x80\x8D\xF0\x9F\x98\x82\xEF\xB8\x8F\xFF";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 40);
    for (int k = 0; k < length; ++k) text.push_back(kAlphabet[rng() % kAlphabet.size()]);
    SCOPED_TRACE(text);
    ExpectTokensTileText(text);
  }
}

// The word fast paths must give exactly the general path's tokens: kind,
// offset, size and flags (and so the same normal forms).
void ExpectSameAsGeneralPath(std::string_view text) {
  std::vector<Token> fast, general;
  Tokenizer().Tokenize(text, &fast);
  tokenizer_internal::TokenizeGeneralPath(text, &general);
  ASSERT_EQ(fast.size(), general.size()) << text;
  for (size_t k = 0; k < fast.size(); ++k) {
    EXPECT_EQ(fast[k].kind, general[k].kind) << "token " << k << " of " << text;
    EXPECT_EQ(fast[k].offset, general[k].offset) << "token " << k << " of " << text;
    EXPECT_EQ(fast[k].size, general[k].size) << "token " << k << " of " << text;
    EXPECT_EQ(int{fast[k].flags}, int{general[k].flags}) << "token " << k << " of " << text;
  }
}

TEST(Tokenizer, FastPathsMatchTheGeneralPathOnEdgeCases) {
  for (std::string_view text :
       {"word", "the end", "so SOOOO sooo soo", "AB", "A", "Ab1", "XD", "xD lol XDDD", "http",
        "ht", "www", "wwwx", "hello.", "hello.x", "john.doe@x.org", "a@b.co", "don't", "don’t",
        "check-in", "covid-19", "word_", "word+", "word%", "wow!!!", "wow,", "wow:", "wow:)",
        "caf\xC3\xA9", "abc\xFF", "abcdefghijklmnop", "abcdefghijklmnopq", "AAAAAAAAAAAAAAA",
        "x www.example.com", "see http://t.co/x now", "I", "a b c d e f g h", "end.", "lol:)",
        "ABCDEFGHIJKLMNO.", "HTTP", "WWW.x.org", "Ht", "d:", "D:", "oO", "o.O", "XP", ":P",
        "so, what. now! ok? (yes) a: b; c\" d", "hi, :) there. ", "wait.. no,, yes!? ok",
        "a, #tag b. @bob c* d& e/ f] g} h\\ i", "abcdefghijklmn, x", "abcdefghijklmno, x",
        "end,", "end. ", "x:-) y;) z:D", "www, ht. http, a.b@c.de", "C# x", "a* b", "a@ b",
        "a#b c", "a#\xEF\xB8\x8F\xE2\x83\xA3 b", "a( b) c] d\" e"}) {
    SCOPED_TRACE(text);
    ExpectSameAsGeneralPath(text);
  }
}

// Random texts of the pieces posts are made of: words in every case, with
// elongations, joiners and numbers, prices, URLs, mentions, hashtags,
// e-mail addresses, emoticons, emoji and other scripts, joined by spaces,
// punctuation or nothing, so that each piece meets each stop byte.
TEST(Tokenizer, FastPathsMatchTheGeneralPathOnRandomTexts) {
  constexpr std::string_view kPieces[] = {
      "the", "The", "THE", "a", "I", "ok", "OK", "soooo", "SOOOO", "sOoO", "yesss", "aaa", "zz",
      "hello", "wonderful", "extraordinarily", "abcdefghijklmnopqrstuvwxyz", "AbCdEfGhIjKlMnOp",
      "don't", "can’t", "it's", "check-in", "covid19", "2nd", "4ever", "19-year-old", "3", "42",
      "3.50", "1,000", "2024-01-05", "$3.50", "$AAPL", "$BRK.B", "#1", "#blessed", "#café", "@bob",
      "@AmazonHelp", "user@host", "john.doe@example.org", "http://t.co/Ab3", "https://x.org/a_(b)",
      "www.example.com", "ht", "http", "www", "wwwx", "XD", "xD", "XDDD", "Xp", "D:", ":)", ":-(",
      "<3", ";)", "^_^", "o.O", "O_o", "😂", "👍🏽", "❤️", "🇫🇷", "café", "Straße", "日本語", "привет",
      "…", "“", "”", "’", "\xFF", "\xC3", "\u200B", "_", "-", "--", "'", ".", "..", ",", "!", "?!",
      "(", ")", ":", ";", "&amp;", "/", "%", "+", "=", "*", "~", "\"", "0",
  };
  constexpr std::string_view kJoins[] = {" ", " ", " ", " ", "  ", "\n", "\t", "", ".", ",",
                                         "-", "'", "@", "#", ":", "/", "_", "!"};
  std::mt19937 rng(20261201);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const int pieces = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < pieces; ++k) {
      if (k > 0) text.append(kJoins[rng() % std::size(kJoins)]);
      text.append(kPieces[rng() % std::size(kPieces)]);
    }
    SCOPED_TRACE(text);
    ExpectSameAsGeneralPath(text);
    // The same text inside a longer one: its words then have 16 bytes after them.
    ExpectSameAsGeneralPath(text + " and some words after it to fill a block");
  }
}

TEST(Tokenizer, SentenceFromATweet) {
  EXPECT_THAT(Describe("OMG @bestie I'm SOOO happy!!! 🎉🎉 #blessed https://t.co/xyz"),
              ElementsAre("word:OMG", "mention:@bestie", "word:I'm", "word:SOOO", "word:happy",
                          "punct:!!!", "emoji:🎉", "emoji:🎉", "hashtag:#blessed",
                          "url:https://t.co/xyz"));
}

// The tokens of kinds `kinds` that `tokens` hold, as "kind:offset:size".
std::vector<std::string> OfKinds(const std::vector<Token>& tokens,
                                 std::initializer_list<TokenKind> kinds) {
  std::vector<std::string> kept;
  for (const Token& t : tokens) {
    if (std::find(kinds.begin(), kinds.end(), t.kind) == kinds.end()) continue;
    kept.push_back(std::string(TokenKindName(t.kind)) + ":" + std::to_string(t.offset) + ":" +
                   std::to_string(t.size));
  }
  return kept;
}

// TokenizeCueChunks() must find exactly the mentions, hashtags, URLs and emoji
// that Tokenize() finds, and its other tokens must be some of Tokenize()'s.
void ExpectSameCues(std::string_view text) {
  std::vector<Token> all, chunks;
  Tokenizer().Tokenize(text, &all);
  Tokenizer().TokenizeCueChunks(text, &chunks);
  const auto kCues = {TokenKind::kMention, TokenKind::kHashtag, TokenKind::kUrl,
                          TokenKind::kEmoji};
  EXPECT_EQ(OfKinds(chunks, kCues), OfKinds(all, kCues));
  // CueTokens(), which takes plain tags and URLs past the scanner, likewise.
  std::vector<Token> cues;
  Tokenizer().CueTokens(text, &cues);
  EXPECT_EQ(OfKinds(cues, kCues), OfKinds(all, kCues));
  const auto kAll = {TokenKind::kWord,    TokenKind::kNumber,  TokenKind::kUrl,
                     TokenKind::kEmail,   TokenKind::kMention, TokenKind::kHashtag,
                     TokenKind::kCashtag, TokenKind::kEmoji,   TokenKind::kEmoticon,
                     TokenKind::kPunct,   TokenKind::kSymbol};
  const std::vector<std::string> every = OfKinds(all, kAll);
  for (const std::string& t : OfKinds(chunks, kAll))
    EXPECT_NE(std::find(every.begin(), every.end(), t), every.end()) << t;
}

TEST(TokenizerCueChunks, FindsTheCuesTokenizeFinds) {
  for (std::string_view text :
       {"RT @bob: LOVEEE this!!! 😍😍 #blessed $AAPL up 3.5% http://t.co/x :-)",
        "OMG @bestie I'm SOOO happy!!! 🎉🎉 #blessed https://t.co/xyz",
        "see WWW.example.com or www.x.org, mail a@b.com, C# and &#x27; #1 #️⃣ *️⃣",
        "no cues here at all, just words.", "  don’t\u00A0stop\u200B👨‍👩‍👧 ¯\\_(ツ)_/¯ \xFF\xC3 ",
        "x@y @ @_ (@paren) :@ ;#tag\t#tab\v#vt\f#ff\r#cr", "a\x80@b", "end.of.sentence.@x",
        "a.b www.x .www.y Www.z", ""}) {
    SCOPED_TRACE(text);
    ExpectSameCues(text);
  }
}

TEST(TokenizerCueChunks, SkipsChunksWithoutCues) {
  std::vector<Token> tokens;
  Tokenizer().TokenizeCueChunks("so happy today!!! :) #blessed", &tokens);
  EXPECT_EQ(OfKinds(tokens, {TokenKind::kWord, TokenKind::kPunct, TokenKind::kEmoticon}),
            std::vector<std::string>());
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kHashtag);
}

// A chunk's scan stops at its end even when plain words follow in the same
// 16 bytes (the word fast path takes several words a step).
TEST(TokenizerCueChunks, StopsAtTheChunkBeforeTheWordsAfterIt) {
  std::vector<Token> tokens;
  const std::string_view text = "a@b so happy today";
  Tokenizer().TokenizeCueChunks(text, &tokens);
  std::vector<std::string> seen;
  for (const Token& t : tokens) seen.emplace_back(t.view(text));
  EXPECT_THAT(seen, ElementsAre("a", "@", "b"));
}

TEST(TokenizerCueChunks, RandomTextsGiveTheSameCues) {
  std::mt19937 rng(20261130);
  constexpr std::string_view kPieces[] = {
      "a", "Z", "0", " ", "\t", "\n", "\r", "\v", "\f", ":", ";", "(", ")", "-", "_", "'", ".",
      ",", "!", "?", "@", "#", "$", "*", "/", "&", "w", "W", "www.", "http://", "HTTPS://",
      "\xE2\x80\x8D", "\xF0\x9F\x98\x82", "\xEF\xB8\x8F", "\xE2\x83\xA3", "\xFF",
      "\xC2\xA0", "\xE2\x80\x8B", "é", "日"};
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const int pieces = static_cast<int>(rng() % 30);
    for (int k = 0; k < pieces; ++k) text.append(kPieces[rng() % std::size(kPieces)]);
    SCOPED_TRACE(text);
    ExpectSameCues(text);
  }
}

TEST(TokenizerCueChunks, ManyFullStopsBeforeACue) {
  const std::string text = "x" + std::string(100000, '.') + "@handle .www.x.org";
  ExpectSameCues(text);
}

using ChunkShortcut = Token (*)(std::string_view, size_t, size_t);

// PlainTagChunk() (or `shortcut`) of every whitespace-delimited chunk of
// `text`, held to Tokenize(): a token it gives is that chunk's only mention,
// hashtag, URL or emoji token. Returns how many chunks it took.
int ExpectPlainTagsAgree(std::string_view text,
                         ChunkShortcut shortcut = &Tokenizer::PlainTagChunk) {
  std::vector<Token> all;
  Tokenizer().Tokenize(text, &all);
  const auto kCues = {TokenKind::kMention, TokenKind::kHashtag, TokenKind::kUrl, TokenKind::kEmoji};
  int taken = 0;
  parley::testing::ForEachChunk(text, [&](size_t begin, size_t end) {
    const Token tag = shortcut(text, begin, end);
    if (tag.size != 0) {
      ++taken;
      std::vector<Token> in_chunk;
      for (const Token& t : all) {
        if (t.offset >= begin && t.offset < end) in_chunk.push_back(t);
      }
      EXPECT_EQ(OfKinds({tag}, kCues), OfKinds(in_chunk, kCues))
          << "chunk '" << text.substr(begin, end - begin) << "'";
    }
  });
  return taken;
}

TEST(TokenizerPlainTagChunk, TakesPlainTagsWithTrailingPunctuation) {
  const std::string_view text = "@united #Fail!! @anna_k: (@x) @AmericanAir, #sooooo... @u1";
  EXPECT_EQ(ExpectPlainTagsAgree(text), 6);                // all but "(@x)"
  const Token t = Tokenizer::PlainTagChunk(text, 16, 24);  // "@anna_k:"
  EXPECT_EQ(t.kind, TokenKind::kMention);
  EXPECT_EQ(t.view(text), "@anna_k");
  const Token h = Tokenizer::PlainTagChunk(text, 8, 15);  // "#Fail!!"
  EXPECT_EQ(h.kind, TokenKind::kHashtag);
  EXPECT_EQ(h.view(text), "#Fail");
}

TEST(TokenizerPlainTagChunk, LeavesOtherChunksToTheScanner) {
  for (std::string_view chunk :
       {"@", "#", "@:", "#1", "#_1", "#12!", "@a@b", "#a#b", "@a/b", "@a.b/c", "a@b.com", "@b.com",
        "#tag\xF0\x9F\x98\x82", "#café", "@bob😀", "#️⃣", "@a_b_c:www", "@x:)w", "http://x.co",
        "@a\x7F", "@a\x01"}) {
    SCOPED_TRACE(chunk);
    const std::string text = " " + std::string(chunk) + " ";
    EXPECT_EQ(Tokenizer::PlainTagChunk(text, 1, 1 + chunk.size()).size, 0u);
  }
  // Not at a chunk's edges: after a letter ("C#x") or before one.
  EXPECT_EQ(Tokenizer::PlainTagChunk("C#x", 1, 3).size, 0u);
  EXPECT_EQ(Tokenizer::PlainTagChunk("&#x27", 1, 5).size, 0u);
  EXPECT_EQ(Tokenizer::PlainTagChunk("@abc", 0, 3).size, 0u);
}

// Random chunks, most of them a sigil, a handle, then anything.
// Appends `count` parts picked at random from `parts` to *text.
template <size_t N>
void AppendPicks(std::mt19937& rng, const std::string_view (&parts)[N], unsigned count,
                 std::string* text) {
  for (; count > 0; --count) text->append(parts[rng() % N]);
}

TEST(TokenizerPlainTagChunk, RandomChunksAgreeWithTokenize) {
  std::mt19937 rng(20261202);
  constexpr std::string_view kSigils[] = {"@", "#", "@", "#", "", "(", "&", "a"};
  constexpr std::string_view kHandle[] = {"a", "Z", "q", "0", "7", "_", "oooo", "EEE", "x",
                                          "American_Air"};
  constexpr std::string_view kAny[] = {
      "@", "#", "a", "Z", "0", "_", "\t", ":", ";", "(", ")", "-", "'", ".", ",", "!", "?", "$",
      "*", "/", "&", "~", "^", "<3", ":)", "www.", "http://", "\xE2\x80\x8D", "\xF0\x9F\x98\x82",
      "\xEF\xB8\x8F", "\xE2\x83\xA3", "\xFF", "\xC2\xA0", "é", "日", "\x7F", "\x01"};
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int chunks = 1 + static_cast<int>(rng() % 3);
    for (int c = 0; c < chunks; ++c) {
      if (c > 0) text += ' ';
      AppendPicks(rng, kSigils, 1, &text);
      AppendPicks(rng, kHandle, rng() % 4, &text);
      AppendPicks(rng, kAny, rng() % 4, &text);
    }
    SCOPED_TRACE(text);
    taken += ExpectPlainTagsAgree(text);
    // With 16 bytes after every chunk, as in most posts: the handle is then
    // measured a block at a time.
    ExpectPlainTagsAgree(text + std::string(16, ' '));
  }
  EXPECT_GT(taken, 2000);  // the shortcut is exercised
}

// PlainTagChunk() with the normal form: the same token as without it, and
// where it gives a normal form, Normalize()'s of the token.
void ExpectNormalFormsAgree(std::string_view text, size_t begin, size_t end) {
  char scratch[16];
  std::string_view normal = "unset";
  const Token tag = Tokenizer::PlainTagChunk(text, begin, end, scratch, &normal);
  const Token plain = Tokenizer::PlainTagChunk(text, begin, end);
  ASSERT_EQ(tag.size, plain.size);
  ASSERT_EQ(tag.offset, plain.offset);
  ASSERT_EQ(tag.kind, plain.kind);
  if (tag.size == 0) {
    EXPECT_TRUE(normal.empty());
    return;
  }
  if (normal.empty()) return;
  EXPECT_GE(normal.data(), scratch);
  EXPECT_LE(normal.data() + normal.size(), scratch + sizeof scratch);
  std::string want;
  Tokenizer::Normalize(tag.view(text), &want);
  EXPECT_EQ(normal, want);
}

TEST(TokenizerPlainTagChunk, GivesTheNormalFormOfShortTags) {
  const std::string text = "@United #SOOOOO_GOOD!! @aaaBBBccc: #x @abcdefghijklmn #Aaa1aaAA_aa. @" +
                           std::string(16, ' ');
  char scratch[16];
  std::string_view normal;
  auto normal_of = [&](size_t begin, size_t end) {
    Tokenizer::PlainTagChunk(text, begin, end, scratch, &normal);
    return normal;
  };
  EXPECT_EQ(normal_of(0, 7), "@united");
  EXPECT_EQ(normal_of(8, 22), "#soo_good");
  EXPECT_EQ(normal_of(23, 34), "@aabbcc");
  EXPECT_EQ(normal_of(35, 37), "#x");
  EXPECT_EQ(normal_of(38, 53), "@abcdefghijklmn");  // 15 bytes, the longest
  EXPECT_EQ(normal_of(54, 67), "#aa1aa_aa");
  // At the end of a text of 16 bytes or more, as at the end of a post.
  const std::string_view last = "thanks a lot @JetBlue";
  EXPECT_EQ(Tokenizer::PlainTagChunk(last, 13, 21, scratch, &normal).size, 8u);
  EXPECT_EQ(normal, "@jetblue");
  // Sixteen bytes or more, or in a shorter text: the caller normalizes.
  const std::string_view longer = "@abcdefghijklmno                ";
  EXPECT_EQ(Tokenizer::PlainTagChunk(longer, 0, 16, scratch, &normal).size, 16u);
  EXPECT_EQ(normal, "");
  EXPECT_EQ(Tokenizer::PlainTagChunk("@abc", 0, 4, scratch, &normal).size, 4u);
  EXPECT_EQ(normal, "");
}

// Random tags of letters of both cases (runs of them), digits and '_'.
TEST(TokenizerPlainTagChunk, RandomNormalFormsAgreeWithNormalize) {
  std::mt19937 rng(20261205);
  constexpr std::string_view kPieces[] = {"a",   "A",   "b",   "Z",      "z",   "oo",
                                          "OOO", "oOo", "Eee", "0",      "111", "_",
                                          "__",  "___", "x9",  "aaaaaa", "AAaa"};
  constexpr std::string_view kAfter[] = {"", "", "!", "...", ":", "?!", ",", "a", "\xC3\xA9", "/"};
  int given = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text(rng() % 3, ' ');
    const size_t begin = text.size();
    text += rng() % 2 ? '@' : '#';
    for (int k = static_cast<int>(rng() % 7); k > 0; --k)
      text.append(kPieces[rng() % std::size(kPieces)]);
    text.append(kAfter[rng() % std::size(kAfter)]);
    const size_t end = text.size();
    text.append(rng() % 4 ? 16 : rng() % 3, ' ');
    SCOPED_TRACE(text);
    ExpectNormalFormsAgree(text, begin, end);
    char scratch[16];
    std::string_view normal;
    Tokenizer::PlainTagChunk(text, begin, end, scratch, &normal);
    given += !normal.empty();
  }
  EXPECT_GT(given, 5000);  // the normal form is exercised
}

TEST(TokenizerPlainUrlChunk, TakesPlainUrlsWithTrailingPunctuation) {
  const std::string_view text =
      "https://t.co/8f80277d HTTP://A.org/p?q=1&r=%20. http://x.co/a_(b) "
      "www.x.org http://t.co/x#frag,!' (http://a.b) https://a.b/@c:";
  EXPECT_EQ(ExpectPlainTagsAgree(text, &Tokenizer::PlainUrlChunk), 4);  // not the brackets, www.
  const Token u = Tokenizer::PlainUrlChunk(text, 22, 47);  // "HTTP://A.org/p?q=1&r=%20."
  EXPECT_EQ(u.kind, TokenKind::kUrl);
  EXPECT_EQ(u.view(text), "HTTP://A.org/p?q=1&r=%20");
}

TEST(TokenizerPlainUrlChunk, LeavesOtherChunksToTheScanner) {
  for (std::string_view chunk :
       {"http://", "https://", "http://.x", "http://_x", "http:/x.co", "htp://x.co", "@united",
        "http://x.co/é", "http://x.co/😀", "http://x.co/[1]", "http://x.co/\x7F",
        "http://x.co/\"", "http://x.co/<", "xhttp://x.co"}) {
    SCOPED_TRACE(chunk);
    const std::string text = " " + std::string(chunk) + " ";
    EXPECT_EQ(Tokenizer::PlainUrlChunk(text, 1, 1 + chunk.size()).size, 0u);
  }
  EXPECT_EQ(Tokenizer::PlainUrlChunk("xhttp://x.co", 1, 12).size, 0u);  // not at a chunk's start
  EXPECT_EQ(Tokenizer::PlainUrlChunk("http://x.co", 0, 8).size, 0u);    // nor ending at one
}

// Every byte at every place of URLs of many lengths: those the shortcut
// takes agree with Tokenize(), and it takes them when the byte is a plain
// URL byte.
TEST(TokenizerPlainUrlChunk, EveryByteAnywhereAgreesWithTokenize) {
  constexpr std::string_view kPlain = "-._~:/?#@!$&'*+,;=%";
  for (const size_t length : {size_t{9}, size_t{15}, size_t{16}, size_t{17}, size_t{23}, size_t{31},
                              size_t{32}, size_t{33}, size_t{40}}) {
    for (size_t at = 8; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string url = "https://" + std::string(length - 8, 'a');
        url[at] = static_cast<char>(b);
        const std::string text = " " + url + " ";
        SCOPED_TRACE(::testing::Message() << "length " << length << " at " << at << " byte " << b);
        ExpectPlainTagsAgree(text, &Tokenizer::PlainUrlChunk);
        const bool plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
                           (b >= '0' && b <= '9') ||
                           (b > 0 && b < 0x80 && kPlain.find(static_cast<char>(b)) != kPlain.npos);
        // A body must begin with a letter or digit; trailing punctuation
        // is trimmed but the chunk still taken.
        if (at > 8) {
          EXPECT_EQ(Tokenizer::PlainUrlChunk(text, 1, 1 + url.size()).size != 0, plain);
        }
      }
    }
  }
}

// Random chunks, most of them a URL prefix, a host, then anything.
TEST(TokenizerPlainUrlChunk, RandomChunksAgreeWithTokenize) {
  std::mt19937 rng(20261204);
  constexpr std::string_view kPrefixes[] = {"http://", "https://", "HTTPS://", "hTtP://", "",
                                            "(", "www.", "@"};
  constexpr std::string_view kHosts[] = {"t.co", "X.org", "0", "a", "", "_", ".", "é"};
  constexpr std::string_view kAny[] = {
      "a", "Z", "0", "_", "-", "~", ".", ",", ";", ":", "!", "?", "'", "*", "/", "#", "@", "$",
      "&", "=", "%", "+", "(", ")", "[", "]", "<", ">", "\"", "\\", "^", "`", "{", "|", "}",
      "\t", "<3", ":)", ";-)", "www.", "http://", "\xF0\x9F\x98\x82", "\xEF\xB8\x8F",
      "\xE2\x83\xA3", "\xFF", "é", "\x7F", "\x01"};
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int chunks = 1 + static_cast<int>(rng() % 3);
    for (int c = 0; c < chunks; ++c) {
      if (c > 0) text += ' ';
      AppendPicks(rng, kPrefixes, 1, &text);
      AppendPicks(rng, kHosts, 1, &text);
      AppendPicks(rng, kAny, rng() % 6, &text);
    }
    SCOPED_TRACE(text);
    taken += ExpectPlainTagsAgree(text, &Tokenizer::PlainUrlChunk);
  }
  EXPECT_GT(taken, 2000);  // the shortcut is exercised
}

TEST(TokenizerNormalize, AsciiWordsAgreeWithTheByteLoop) {
  std::mt19937 rng(20261203);
  constexpr std::string_view kPieces[] = {"a", "A", "z", "Z", "@", "#", "_", "0", "9", "oo",
                                          "OOO", "eee", "111", "___", "'", "-", "[", "`",
                                          "{", "\x7F", "@UNITED", "\xC3\xA9", "\xE2\x80\x99"};
  for (int round = 0; round < 20000; ++round) {
    std::string token;
    const int pieces = static_cast<int>(rng() % 14);
    for (int k = 0; k < pieces; ++k) token.append(kPieces[rng() % std::size(kPieces)]);
    SCOPED_TRACE(token);
    std::string want(token.size(), '\0'), got(token.size(), '\0');
    const size_t n_want = tokenizer_internal::NormalizeAsciiScalar(token, want.data());
    const size_t n_got = Tokenizer::NormalizeAsciiTo(token, got.data());
    ASSERT_EQ(n_got, n_want);
    if (n_want == std::string_view::npos) continue;
    EXPECT_EQ(got.substr(0, n_got), want.substr(0, n_want));
    // In place, on the token's own bytes.
    std::string own = token;
    ASSERT_EQ(Tokenizer::NormalizeAsciiTo(own, own.data()), n_want);
    EXPECT_EQ(own.substr(0, n_want), want.substr(0, n_want));
  }
  std::string out(32, '\0');
  EXPECT_EQ(std::string_view(out.data(), Tokenizer::NormalizeAsciiTo("@AnnA_K99", out.data())),
            "@anna_k99");
  const size_t n = Tokenizer::NormalizeAsciiTo("#SOOOOOOOOOO_GOOOD", out.data());
  EXPECT_EQ(std::string_view(out.data(), n), "#soo_good");
  EXPECT_EQ(Tokenizer::NormalizeAsciiTo("@caf\xC3\xA9X", out.data()), std::string_view::npos);
}

TEST(Tokenizer, TokenKindNamesAreStable) {
  EXPECT_EQ(TokenKindName(TokenKind::kWord), "word");
  EXPECT_EQ(TokenKindName(TokenKind::kEmoticon), "emoticon");
  EXPECT_EQ(TokenKindName(TokenKind::kSymbol), "symbol");
}

TEST(TokenizerNormalize, LowerCasesAscii) { EXPECT_EQ(Normalized("HeLLo"), "hello"); }

TEST(TokenizerNormalize, LowerCasesOtherScripts) {
  EXPECT_EQ(Normalized("ÉCOLE"), "école");
  EXPECT_EQ(Normalized("ПРИВЕТ"), "привет");
}

TEST(TokenizerNormalize, AppliesFinalSigma) { EXPECT_EQ(Normalized("ΟΔΟΣ"), "οδος"); }

TEST(TokenizerNormalize, SqueezesElongations) {
  EXPECT_EQ(Normalized("Sooooo"), "soo");
  EXPECT_EQ(Normalized("SOoOo"), "soo");
  EXPECT_EQ(Normalized("ouiiiii"), "ouii");
  EXPECT_EQ(Normalized("déééjà"), "dééjà");
}

TEST(TokenizerNormalize, KeepsRepeatedDigits) { EXPECT_EQ(Normalized("1000"), "1000"); }

TEST(TokenizerNormalize, MakesApostrophesAscii) { EXPECT_EQ(Normalized("It’s"), "it's"); }

TEST(TokenizerNormalize, KeepsSigils) {
  EXPECT_EQ(Normalized("@JohnDoe"), "@johndoe");
  EXPECT_EQ(Normalized("#Blessed"), "#blessed");
}

TEST(TokenizerNormalize, KeepsEmojiAndEmoticons) {
  EXPECT_EQ(Normalized("👍🏽"), "👍🏽");
  EXPECT_EQ(Normalized(":D"), ":d");
}

TEST(TokenizerNormalize, KeepsInvalidBytes) { EXPECT_EQ(Normalized("A\xFF" "B"), "a\xFF" "b"); }

TEST(TokenizerNormalize, EmptyTokenGivesEmptyString) { EXPECT_EQ(Normalized(""), ""); }

std::string Utf8(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// Normalize() returns a token of emoji and other caseless symbols as it is,
// without ICU: it must give what ICU's lower-casing and the squeeze give, for
// every code point in and around the blocks it trusts, alone, three times in
// a row, and in sequences with joiners, selectors, keycaps and letters.
TEST(TokenizerNormalize, CaselessSymbolsGiveWhatTheGeneralPathGives) {
  std::vector<char32_t> cps;
  for (char32_t cp = 0x80; cp < 0x3000; ++cp) cps.push_back(cp);
  for (char32_t cp = 0xFE00; cp < 0xFE10; ++cp) cps.push_back(cp);
  for (char32_t cp = 0x1D400; cp < 0x1D800; ++cp) cps.push_back(cp);  // math letters
  for (char32_t cp = 0x1E900; cp < 0x1E960; ++cp) cps.push_back(cp);  // Adlam, which has case
  for (char32_t cp = 0x1EF00; cp < 0x1FC00; ++cp) cps.push_back(cp);
  for (char32_t cp = 0xE0000; cp < 0xE0100; ++cp) cps.push_back(cp);
  std::string got, want;
  auto expect_same = [&](const std::string& token) {
    Tokenizer::Normalize(token, &got);
    tokenizer_internal::NormalizeGeneralPath(token, &want);
    EXPECT_EQ(got, want) << ::testing::PrintToString(token);
  };
  for (char32_t cp : cps) {
    if (cp >= 0xD800 && cp < 0xE000) continue;
    const std::string one = Utf8(cp);
    expect_same(one);
    expect_same(one + one + one);
    expect_same(one + "\u200D" + one + "\uFE0F");
    expect_same("#" + one);
    expect_same("a" + one + "AAA");
  }
  const std::vector<std::string> parts = {
      "\U0001F600", "\U0001F44D", "\U0001F3FD", "\u200D", "\uFE0F", "\u20E3", "\U0001F1FA",
      "\U0001F1F8", "\U000E0067", "\U000E007F", "\u2764", "\u2600", "1", "#", "*", "!",
      "a", "A", "\u00C9", "\u03A3", "\u2019", "\u24B6", "\U00010400", "\xFF", "\x80"};
  std::mt19937 rng(11);
  std::uniform_int_distribution<size_t> pick(0, parts.size() - 1), count(1, 6);
  for (int i = 0; i < 4000; ++i) {
    std::string token = "\U0001F600";  // a byte >= 0x80, so not the ASCII path
    for (size_t k = count(rng); k > 0; --k) token.insert(rng() % (token.size() + 1), parts[pick(rng)]);
    expect_same(token);
  }
}

// NormalizeAsciiTo() is Normalize()'s ASCII path, into a caller's buffer.
std::string NormalizedTo(std::string_view token) {
  std::string out(token.size(), '\0');
  const size_t n = Tokenizer::NormalizeAsciiTo(token, out.data());
  return n == std::string_view::npos ? "<npos>" : out.substr(0, n);
}

TEST(TokenizerNormalizeAsciiTo, LowerCasesAndSqueezesLetters) {
  EXPECT_EQ(NormalizedTo("HeLLLLo"), "hello");
  EXPECT_EQ(NormalizedTo("SOoOo"), "soo");
  EXPECT_EQ(NormalizedTo("1000"), "1000");
  EXPECT_EQ(NormalizedTo("@JohnDoe"), "@johndoe");
  EXPECT_EQ(NormalizedTo(""), "");
}

TEST(TokenizerNormalizeAsciiTo, RefusesNonAsciiTokens) {
  EXPECT_EQ(NormalizedTo("caf\xc3\xa9"), "<npos>");
  EXPECT_EQ(NormalizedTo("A\xFF" "B"), "<npos>");
}

TEST(TokenizerNormalizeAsciiTo, MayWriteOverItsToken) {
  std::string s = "WOOOOW!!!";
  s.resize(Tokenizer::NormalizeAsciiTo(s, s.data()));
  EXPECT_EQ(s, "woow!!!");
}

}  // namespace
}  // namespace parley
