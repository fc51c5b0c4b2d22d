#include "src/text/unicode.h"

#include <gtest/gtest.h>

#include <string>

namespace parley {
namespace {

std::string Lower(std::string_view text) {
  std::string out = "previous contents that must go";
  ToLowerUtf8(text, &out);
  return out;
}

TEST(Unicode, DecodesEachEncodingLength) {
  char32_t cp;
  EXPECT_EQ(DecodeUtf8("a", 0, &cp), 1);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(DecodeUtf8("é", 0, &cp), 2);
  EXPECT_EQ(cp, U'é');
  EXPECT_EQ(DecodeUtf8("€", 0, &cp), 3);
  EXPECT_EQ(cp, U'€');
  EXPECT_EQ(DecodeUtf8("😂", 0, &cp), 4);
  EXPECT_EQ(cp, U'😂');
}

TEST(Unicode, DecodeRejectsIllFormedSequencesOneByteAtATime) {
  for (std::string_view bad : {"\x80", "\xC0\xAF", "\xC3", "\xE2\x82", "\xED\xA0\x80",
                               "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE0\x80\xAF", "\xFF"}) {
    char32_t cp = 0;
    EXPECT_EQ(DecodeUtf8(bad, 0, &cp), 1) << bad;
    EXPECT_EQ(cp, kInvalidCodePoint) << bad;
  }
}

TEST(Unicode, DecodeStopsAtTheEndOfTheView) {
  const std::string_view text("\xF0\x9F\x98\x82", 3);  // 😂 cut short
  char32_t cp;
  EXPECT_EQ(DecodeUtf8(text, 0, &cp), 1);
  EXPECT_EQ(cp, kInvalidCodePoint);
}

TEST(Unicode, IsAllAscii) {
  EXPECT_TRUE(IsAllAscii(""));
  EXPECT_TRUE(IsAllAscii("plain ASCII text, longer than eight bytes"));
  EXPECT_FALSE(IsAllAscii("plain ASCII text until the very end é"));
  EXPECT_FALSE(IsAllAscii("\x80"));
}

TEST(Unicode, StripAccentsTakesMarksOffLetters) {
  EXPECT_EQ(StripAccents("Nestl\u00e9"), "Nestle");
  EXPECT_EQ(StripAccents("\u0160koda Citro\u00ebn caf\u00e9s se\u00f1or"), "Skoda Citroen cafes senor");
  EXPECT_EQ(StripAccents("e\u0301"), "e");  // a mark written apart
  EXPECT_EQ(StripAccents("\u00c5ngstr\u00f6m"), "Angstrom");
  // No mark in the decomposition, or none at all: kept.
  EXPECT_EQ(StripAccents("\ud55c\uad6d \u00f8 \u00df \u0142"), "\ud55c\uad6d \u00f8 \u00df \u0142");
  EXPECT_EQ(StripAccents("plain"), "plain");
  EXPECT_EQ(StripAccents("bad \xff byte"), "bad \xff byte");
}

// MayStripAccents() says whether StripAccents() changes a text: held to it on
// every code point of the Basic Multilingual Plane (its table) and on a few
// beyond, alone and inside ASCII text.
TEST(Unicode, MayStripAccentsSaysWhetherStripAccentsChangesText) {
  EXPECT_FALSE(MayStripAccents("plain"));
  EXPECT_FALSE(MayStripAccents("I \u2764\ufe0f it \U0001F600 \u201cquoted\u201d"));
  EXPECT_TRUE(MayStripAccents("Nestl\u00e9"));
  EXPECT_TRUE(MayStripAccents("cafe\u0301 au lait"));  // a mark written apart
  EXPECT_FALSE(MayStripAccents("bad \xff byte \xc3"));
  std::string one;
  int changed = 0;
  auto check = [&](char32_t cp) {
    one = "a";
    if (cp < 0x800) {
      one += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
      one += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
              static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      one += {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
              static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    one += "b";
    const bool differs = StripAccents(one) != one;
    changed += differs;
    ASSERT_EQ(MayStripAccents(one), differs) << "U+" << std::hex << static_cast<uint32_t>(cp);
  };
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;
    check(cp);
  }
  for (char32_t cp : {0x1D15Eu, 0x1D167u, 0x1F600u, 0x1F1E6u, 0x10FFFDu, 0x11127u, 0x2F800u})
    check(cp);
  EXPECT_GT(changed,
            1000);  // Latin, Greek and Cyrillic letters with marks, the marks themselves...
}

TEST(Unicode, ToLowerAscii) { EXPECT_EQ(Lower("Hello, WORLD 42!"), "hello, world 42!"); }

TEST(Unicode, ToLowerOtherScripts) {
  EXPECT_EQ(Lower("ÇA VA? ПРИВЕТ Straße"), "ça va? привет straße");
}

TEST(Unicode, ToLowerUsesFullMapping) {
  EXPECT_EQ(Lower("ΟΔΟΣ"), "οδος");       // final sigma
  EXPECT_EQ(Lower("İ"), "i\u0307");        // dotted capital I grows
}

TEST(Unicode, ToLowerKeepsIllFormedBytes) { EXPECT_EQ(Lower("A\xFFÉ\xC3"), "a\xFFé\xC3"); }

TEST(Unicode, WordCodePoints) {
  EXPECT_TRUE(IsWordCodePoint(U'a'));
  EXPECT_TRUE(IsWordCodePoint(U'7'));
  EXPECT_TRUE(IsWordCodePoint(U'ß'));
  EXPECT_TRUE(IsWordCodePoint(U'日'));
  EXPECT_TRUE(IsWordCodePoint(0x0301));  // combining acute accent
  EXPECT_TRUE(IsWordCodePoint(0x0663));  // Arabic-Indic digit three
  EXPECT_FALSE(IsWordCodePoint(U'_'));
  EXPECT_FALSE(IsWordCodePoint(U'€'));
  EXPECT_FALSE(IsWordCodePoint(U'😂'));
  EXPECT_FALSE(IsWordCodePoint(kInvalidCodePoint));
}

TEST(Unicode, SpacesAndIgnorables) {
  for (char32_t cp : {U' ', U'\n', char32_t{0xA0}, char32_t{0x3000}, char32_t{0x200B},
                      char32_t{0xFEFF}, char32_t{0x200E}, char32_t{0xFE0F}}) {
    EXPECT_TRUE(IsSpaceOrIgnorable(cp)) << static_cast<uint32_t>(cp);
  }
  EXPECT_FALSE(IsSpaceOrIgnorable(U'a'));
  EXPECT_FALSE(IsSpaceOrIgnorable(kInvalidCodePoint));
}

TEST(Unicode, EmojiCodePoints) {
  EXPECT_TRUE(IsEmojiCodePoint(U'😂'));
  EXPECT_TRUE(IsEmojiCodePoint(0x2764));   // ❤, text style by default
  EXPECT_TRUE(IsEmojiCodePoint(0x1F1EB));  // regional indicator F
  EXPECT_TRUE(IsEmojiCodePoint(0x1F3FD));  // skin tone
  EXPECT_TRUE(IsEmojiCodePoint(0x1FAE9));  // reserved pictographic: a future emoji
  EXPECT_FALSE(IsEmojiCodePoint(0xA9));    // ©
  EXPECT_FALSE(IsEmojiCodePoint(0x2122));  // ™
  EXPECT_FALSE(IsEmojiCodePoint(0x203C));  // ‼
  EXPECT_FALSE(IsEmojiCodePoint(U'1'));
  EXPECT_FALSE(IsEmojiCodePoint(U'a'));
  EXPECT_FALSE(IsEmojiCodePoint(kInvalidCodePoint));
}

TEST(Unicode, EmojiNameIsLowerCaseCharacterName) {
  EXPECT_EQ(EmojiName(0x1F602), "face with tears of joy");
  EXPECT_EQ(EmojiName(0x2764), "heavy black heart");
  EXPECT_EQ(EmojiName(0x1F44D), "thumbs up sign");
}

TEST(Unicode, EmojiNameIsEmptyWithoutName) {
  EXPECT_EQ(EmojiName(0x0378), "");  // unassigned
  EXPECT_EQ(EmojiName(0x110000), "");
  EXPECT_EQ(EmojiName(kInvalidCodePoint), "");
}

}  // namespace
}  // namespace parley
