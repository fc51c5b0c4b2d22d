// UTF-8 and Unicode helpers shared by the text module: decoding, lower-casing,
// character classes and emoji names. Backed by ICU's C API; ASCII input takes
// table-driven fast paths that never call into ICU.
//
// All functions are pure and thread-safe. None of them fails: ill-formed
// UTF-8 is handled byte by byte as documented on each function.
#ifndef PARLEY_TEXT_UNICODE_H_
#define PARLEY_TEXT_UNICODE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "src/core/bytes.h"

namespace parley {

// What DecodeUtf8() reports for a byte that does not start a well-formed
// UTF-8 sequence. Not a Unicode code point.
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes the code point starting at text[pos] into *cp and returns its length
// in bytes (1 to 4). For an ill-formed sequence (stray continuation byte,
// truncation, overlong form, surrogate, value above U+10FFFF) it sets *cp to
// kInvalidCodePoint and returns 1, so callers can step over one bad byte.
// Requires pos < text.size().
int DecodeUtf8(std::string_view text, size_t pos, char32_t* cp);

// True iff every byte of `text` is below 0x80 (src/core/bytes.h).
using bytes::IsAllAscii;

// Replaces *out with `text` lower-cased by Unicode's full, locale-independent
// lower-case mapping, the one Python's str.lower() applies (including the
// final-sigma rule). ASCII text is converted with a table and no ICU call.
// Ill-formed bytes are copied unchanged.
void ToLowerUtf8(std::string_view text, std::string* out);

// `text` with the accents taken off its letters: each code point whose
// canonical decomposition holds a non-spacing mark becomes the rest of that
// decomposition ("Nestlé" -> "Nestle", "Škoda" -> "Skoda"), and non-spacing
// marks written apart are dropped (but variation selectors, which choose
// how an emoji is drawn). Letters that do not decompose (ø, ß, ł)
// and scripts whose decompositions hold no marks (Hangul) are kept as they
// are; so are ill-formed bytes.
std::string StripAccents(std::string_view text);

// Whether StripAccents(text) differs from `text`: a quick test (a bit per
// code point of the Basic Multilingual Plane, made as first asked).
bool MayStripAccents(std::string_view text);
// Whether StripAccents() changes the code point `cp` (false for ASCII and
// for values that are no code point): MayStripAccents() of a text is
// whether it does for one of the text's well-formed code points.
bool MayStripAccent(char32_t cp);

// True for letters (L*), combining marks (M*) and decimal digits (Nd) of any
// script: the characters words are made of.
bool IsWordCodePoint(char32_t cp);

// True for characters that separate tokens and belong to none: Unicode
// White_Space and Default_Ignorable_Code_Point (zero-width space, BOM,
// bidi marks, stray variation selectors and joiners).
bool IsSpaceOrIgnorable(char32_t cp);

// True for a code point that is an emoji on its own: Emoji_Presentation
// characters (which include regional indicators and skin-tone modifiers) and
// Extended_Pictographic symbols such as U+2764 HEAVY BLACK HEART, including
// pictographic code points not yet assigned in ICU's Unicode version. Symbols
// usually shown as text (U+00A9 ©, U+00AE ®, U+2122 ™) and pictographic
// punctuation (U+203C ‼, U+2049 ⁉) are excluded: they are emoji only when
// followed by U+FE0F, which the tokenizer checks. Keycap bases (0-9 # *) are
// not emoji on their own.
bool IsEmojiCodePoint(char32_t cp);

// The lower-case Unicode character name of `cp`, e.g. U+1F602 -> "face with
// tears of joy", U+2764 -> "heavy black heart". Empty for code points without
// a name (unassigned, controls) and for values above U+10FFFF. This is what
// VADER's emoji lexicon keys on.
std::string EmojiName(char32_t cp);

}  // namespace parley

#endif  // PARLEY_TEXT_UNICODE_H_
