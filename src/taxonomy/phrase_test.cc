#include "src/taxonomy/phrase.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "src/taxonomy/test_util.h"
#include "src/core/bytes.h"

namespace parley {
namespace {

using ::parley::testing::Canon;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TEST(CanonicalText, IsLowerCaseTokensBetweenSpaces) {
  EXPECT_EQ(Canon("The DELAY-tolerant crew!! @SkyloftAir").text,
            " the delay - tolerant crew !! @skyloftair ");
}

TEST(CanonicalText, PiecesPointBackIntoTheRawText) {
  std::string raw = "Wi-Fi down";
  CanonicalText c = Canon(raw);
  ASSERT_EQ(c.pieces.size(), 4u);
  EXPECT_EQ(raw.substr(c.pieces[2].raw_begin, c.pieces[2].raw_end - c.pieces[2].raw_begin), "Fi");
  EXPECT_TRUE(c.pieces[1].hyphen);
  EXPECT_EQ(c.PieceEndingAt(c.pieces[3].end), 3);
  EXPECT_EQ(c.PieceStartingAt(c.pieces[3].begin), 3);
  EXPECT_EQ(c.PieceEndingAt(2), -1);
}

TEST(CanonicalText, TheForwardWalkFindsWhatTheSearchFinds) {
  CanonicalText c = Canon("The crew, the DELAY-tolerant Wi-Fi?! and $12 fares");
  size_t cursor = 0;
  // Every offset in order, piece ends and the offsets between them alike.
  for (uint32_t end = 0; end <= c.text.size() + 1; ++end) {
    EXPECT_EQ(c.PieceEndingAt(end, &cursor), c.PieceEndingAt(end)) << end;
  }
  EXPECT_EQ(cursor, c.pieces.size());
}

TEST(CanonicalText, LeavesOutInvalidBytes) {
  EXPECT_EQ(Canon("late \xff again").text, " late again ");
}

// Every piece of a token without an inner hyphen is the token's normal form
// (Tokenizer::Normalize), hashed with PieceHash(); the flags say whether
// a piece holds a '?' and a token is a number. Tokens of every length up to
// past the 32 bytes of the eight-byte path, elongated, upper-case, hyphened,
// non-ASCII, and at the very end of the text (no loads past it).
// Every piece of `text`'s canonical text is its token's normal form (a
// hyphenated word's parts aside), with PieceHash() of it, between spaces,
// and the flags say what the pieces hold. `text` is read from an exact-size
// copy, so a load past its end would show under ASan.
void ExpectPiecesAreNormalForms(const std::string& text) {
  SCOPED_TRACE(::testing::PrintToString(text));
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  // An exact-size copy, so a load past the end would show under ASan.
  auto owned = std::make_unique<char[]>(text.size());
  std::memcpy(owned.get(), text.data(), text.size());
  std::string_view raw(owned.get(), text.size());
  CanonicalText c;
  std::string normal;
  BuildCanonicalText(raw, tokens, &c, &normal);
  bool question = false, number = false;
  size_t first_question = 0;
  for (const Token& t : tokens) number |= t.kind == TokenKind::kNumber;
  for (const Piece& p : c.pieces) {
    std::string_view piece = std::string_view(c.text).substr(p.begin, p.end - p.begin);
    EXPECT_EQ(p.hash, PieceHash(piece)) << piece;
    EXPECT_EQ(c.text[p.begin - 1], ' ');
    EXPECT_EQ(c.text[p.end], ' ');
    if (!question && piece.find('?') != std::string_view::npos)
      first_question = static_cast<size_t>(&p - c.pieces.data());
    question |= piece.find('?') != std::string_view::npos;
    const Token& t = tokens[p.token];
    std::string_view v = t.view(raw);
    if (v.find('-') != std::string_view::npos && t.kind == TokenKind::kWord) continue;
    std::string want;
    Tokenizer::Normalize(v, &want);
    EXPECT_EQ(piece, want);
    EXPECT_EQ(p.raw_begin, t.offset);
    EXPECT_EQ(p.raw_end, t.offset + t.size);
    EXPECT_EQ(p.kind, t.kind);
  }
  EXPECT_EQ(c.text.size(), c.pieces.empty() ? 1 : c.pieces.back().end + 1);
  EXPECT_EQ(c.has_question, question);
  EXPECT_EQ(c.first_question, first_question);  // the tagger's question-mark test starts there
  EXPECT_EQ(c.has_number, number);
}

TEST(CanonicalText, PiecesAreNormalFormsWithTheirHashes) {
  const std::vector<std::string> texts = {
      "a", "Hi?", "sooooo GOOOOD", "HeLLLo wOrLd!!", "ok...", "What?!", "$49 now",
      "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", "abcdefghijklmnopqrstuvwxyzABCDEFG",
      "aaa", "AAb", "xaaa", "abcdefgaa", "abcdefaaa", "abcdefgaaa", "@SkyloftAir #Travel",
      "check-in CHECK-IN", "caf\xc3\xa9 \xc3\x89T\xc3\x89", "it\xe2\x80\x99s", "10:30 2,000 3.50",
      "zzz\xff", "---", "!!!", "Z", "x?", "why so late? and again?", "hm\xef\xbc\x9f? ok?"};
  for (const std::string& text : texts) ExpectPiecesAreNormalForms(text);
}

// Texts of random bytes from a set chosen around what the lowered text's
// per-byte tests tell apart: the bytes next to 'A'..'Z' and 'a'..'z' ('@',
// '[', '`', '{'), 0x7F and bytes >= 0x80 (alone, invalid, or in valid
// UTF-8), '-' and '?', letters repeated across token boundaries ("aa-a",
// "#aaa", "a?aa"), at every length around the 16-byte blocks and the
// 32-byte limit, one after another so each text follows longer and shorter
// ones whose bytes are still in the lowered text's buffer.
TEST(CanonicalText, RandomBytesArePiecesOfNormalForms) {
  const std::string alphabet =
      std::string("aAbBzZyY@[`{-?#'.,!:;0123456789 \x7f") + "\x80\xc3\xa9\xff\t";
  const std::vector<std::string> runs = {"aa", "AAA", "aaaa", "zZz", "a-", "-a", "??", "@aa",
                                         "\xc3\x89", "\xe2\x80\x99", "\xf0\x9f\x98\x80",
                                         "http://t.co/AAAb"};
  std::mt19937 rng(29);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const size_t size = rng() % 72;
    while (text.size() < size) {
      if (rng() % 5 == 0) text += runs[rng() % runs.size()];
      else text += alphabet[rng() % alphabet.size()];
    }
    ExpectPiecesAreNormalForms(text);
  }
}

// The same on random texts: words of every length around the eight-byte
// steps and the 32-byte limit, at the start, middle and end of the text
// (whose last bytes are read from a padded copy), with capitals,
// elongations, hyphens, apostrophes, question marks, numbers, prices, URLs,
// mentions, hashtags, emoticons, emoji and other non-ASCII text.
TEST(CanonicalText, RandomTextsArePiecesOfNormalForms) {
  const std::vector<std::string> parts = {
      "a", "Hi", "abcdefg", "abcdefgh", "ABCDEFGHI", "abcdefghijklmnop", "abcdefghijklmnopq",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg", "sooooo",
      "GOOOOD", "check-in", "it's", "don\xe2\x80\x99t", "why?", "?!", "...", "3.50", "$49",
      "2,000", "http://t.co/x1", "@United", "#TravelTips", ":-)", "<3", "\xf0\x9f\x98\x80",
      "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "caf\xc3\xa9", "\xc3\x89T\xc3\x89", "\xff", "-", "x"};
  std::mt19937 rng(13);
  std::uniform_int_distribution<size_t> pick(0, parts.size() - 1), count(1, 12);
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    for (size_t k = count(rng); k > 0; --k) {
      text += parts[pick(rng)];
      const unsigned r = rng() % 6;
      if (r < 4) text += ' ';
      else if (r == 4) text += ", ";
    }
    ExpectPiecesAreNormalForms(text);
  }
}

// The builder sizes the text once and checks no room per token, relying on
// tokens being in order and disjoint: texts where the text outgrows the raw
// one the most. Runs of one-byte tokens with no space between ("a,b,c"),
// whose pieces take two bytes each, and tokens whose normal form is longer
// than they are ("\xc4\xb0", U+0130, lower-cases to three bytes; U+023A
// from two to three), before, between and after those runs, then long
// words, at every length up to 200 bytes. A write past the sized text would
// be zeroed by its final resize (and shows under ASan).
TEST(CanonicalText, DenseTokensAndLongerNormalFormsStayInTheText) {
  const std::vector<std::string> parts = {"a", ",", "b", "?", "-", "1", "\xc4\xb0",
                                          "\xc4\xb0\xc4\xb0\xc4\xb0", "\xc8\xba",
                                          "abcdefghijklmnopqrstuvwxyzabcdef", "ab", "!", " "};
  std::mt19937 rng(41);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const size_t size = rng() % 200;
    const bool dense = rng() % 2;
    while (text.size() < size) {
      const size_t k = rng() % parts.size();
      if (dense && k >= 6 && rng() % 4) continue;  // mostly one-byte tokens
      text += parts[k];
    }
    ExpectPiecesAreNormalForms(text);
  }
  ExpectPiecesAreNormalForms(std::string(300, '?').replace(0, 2, "\xc4\xb0") + "a,a,a,a,a,a,a,a");
  std::string all_one_byte;
  for (int k = 0; k < 500; ++k) all_one_byte += k % 2 ? "," : "a";
  ExpectPiecesAreNormalForms("\xc4\xb0\xc4\xb0\xc4\xb0\xc4\xb0 " + all_one_byte);
}

// The short-text hash spreads words that share their first bytes over the
// low bits a table uses, as well as random values would (about 1,580
// distinct slots of 4,096 for 2,000 keys).
TEST(PieceHash, SpreadsShortWordsOverTableSlots) {
  std::vector<uint64_t> seen;
  std::string w = "aaaaaazz";
  for (int i = 0; i < 2000; ++i) {  // 2,000 distinct words of 6 and 8 letters
    for (int k = 0; k < 6; ++k) w[k] = static_cast<char>('a' + (i >> (k * 2)) % 4);
    seen.push_back(PieceHash(i % 2 ? w : w.substr(0, 6)) & 4095);
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_GT(seen.size(), 1400u);
  EXPECT_NE(PieceHash("abcdefgh"), PieceHash("abcdefgi"));
  EXPECT_NE(PieceHash("a"), PieceHash("b"));
  EXPECT_EQ(PieceHash("abcdefghi"), bytes::Hash("abcdefghi"));  // longer: the general hash
}

// The token matcher skips the byte compare for texts of up to eight bytes
// (PieceHashDecides()): that needs the hash to be one-to-one among texts of
// one size, which an XOR, an odd multiply and an xorshift are; here it is
// checked on texts that differ in one byte, the cases a weaker mix would
// fold together.
TEST(PieceHash, TellsApartEveryTwoShortTextsOfOneSize) {
  ASSERT_TRUE(PieceHashDecides(8));
  ASSERT_FALSE(PieceHashDecides(9));
  std::vector<std::pair<size_t, uint64_t>> seen;
  std::string w;
  for (size_t n = 1; n <= 8; ++n) {
    for (size_t k = 0; k < n; ++k) {
      for (int c = 1; c < 256; ++c) {
        w.assign(n, 'q');
        w[k] = static_cast<char>(c);
        seen.emplace_back(n, PieceHash(w));
      }
    }
  }
  std::sort(seen.begin(), seen.end());
  // 'q' itself turns up once per position: only those repeats are allowed.
  size_t repeats = 0;
  for (size_t i = 1; i < seen.size(); ++i) repeats += seen[i] == seen[i - 1];
  EXPECT_EQ(repeats, 1u + 2 + 3 + 4 + 5 + 6 + 7);
  EXPECT_NE(PieceHash("abcdefgx"), PieceHash("abcdefgy"));
}

TEST(CanonicalText, SqueezesElongationsAsNormalizeDoes) {
  EXPECT_EQ(Canon("SOOOOO goooood aaah-hhhh Hmmm!!!").text, " soo good aah - hh hmm !!! ");
  EXPECT_EQ(Canon("abcdefgHHHHij").text, " abcdefghhij ");
}

TEST(Inflections, CoverPluralsAndVerbForms) {
  auto forms = Inflections("delay");
  for (const char* f : {"delay", "delays", "delayed", "delaying"}) EXPECT_THAT(forms, Contains(f));
  EXPECT_THAT(Inflections("cancel"), Contains("cancelled"));
  EXPECT_THAT(Inflections("fly"), Contains("flies"));
  EXPECT_THAT(Inflections("price"), Contains("pricing"));
  EXPECT_THAT(Inflections("price"), Not(Contains("priceed")));
  EXPECT_THAT(Inflections("bus"), Contains("buses"));
  EXPECT_THAT(Inflections("agree"), IsSupersetOf({"agrees", "agreed", "agreeing"}));
  EXPECT_THAT(Inflections("agree"), Not(Contains("agring")));
}

TEST(Inflections, AShortWordInEeMakesNoOtherWord) {
  // "fee" is in every bank's and airline's taxonomy; "feed" is a word of its own.
  EXPECT_THAT(Inflections("fee"), UnorderedElementsAre("fee", "fees"));
}

TEST(Inflections, LeaveShortAndNonAsciiWordsAlone) {
  EXPECT_EQ(Inflections("go").size(), 1u);
  EXPECT_EQ(Inflections("café").size(), 1u);
}

TEST(PhrasePattern, EscapesPunctuationAndAllowsHyphens) {
  EXPECT_EQ(PhrasePattern("check-in", PhraseStyle::kExact, false),
            "(?:check)(?:\\x27s)?(?: \\x2d | )(?:in)(?:\\x27s)?");
}

TEST(PhrasePattern, AOneWordTopicPhraseAlsoMatchesAsAHashtag) {
  EXPECT_EQ(PhrasePattern("Wifi", PhraseStyle::kExact, true), "\\x23?(?:wifi)(?:\\x27s)?");
}

TEST(PhrasePattern, IsEmptyWithoutTokens) {
  EXPECT_EQ(PhrasePattern("   ", PhraseStyle::kExact, false), "");
}

// The tagger loads automaton phrases with PhraseHasUnits() instead of
// building their patterns: both must reject the same phrases.
TEST(PhraseHasUnits, AgreesWithPhrasePatternBeingNonEmpty) {
  for (std::string_view phrase :
       {"", "   ", "\xff", " \xff\xfe ", "\xe2\x80\x8b", "-", "--", "a-b", "check-in", "?", "!!",
        "delay", "Wifi", "don't", "#tag", "@user", "3.50", "$5", ":-)", "\xf0\x9f\x98\x80",
        "caf\xc3\xa9", "soooo slow", "\t\n"}) {
    for (PhraseStyle style : {PhraseStyle::kExact, PhraseStyle::kInflect}) {
      for (bool hashtag : {false, true}) {
        EXPECT_EQ(PhraseHasUnits(phrase), !PhrasePattern(phrase, style, hashtag).empty())
            << "'" << phrase << "'";
      }
    }
  }
}

}  // namespace
}  // namespace parley
