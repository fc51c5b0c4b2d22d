// A social-media-aware tokenizer.
//
// Splits UTF-8 text into tokens that keep the units conversation is made of:
// URLs, e-mail addresses, @mentions, #hashtags and $cashtags, emoji (a whole
// grapheme: ZWJ sequences, skin tones, flags and keycaps are one token),
// ASCII emoticons (":-)", "<3", ":'(" , "^_^"), numbers and prices ("3.50",
// "1,000"), words with inner apostrophes and hyphens ("don't", "check-in"),
// and runs of punctuation ("!!!", "?!"). Word characters are Unicode letters,
// marks and digits, so "café", "日本" and "Straße" are words. Whitespace is
// dropped. Invalid UTF-8 bytes become one-byte kSymbol tokens; the tokenizer
// never fails and never reads outside its input.
//
// Flags describe emphasis cues: ALL-CAPS words, elongations ("sooooo"), and
// contractions. They are set on kWord tokens only.
//
// Decisions at the edges (tokenizer_test.cc has a case for each):
//  - "$3.50" is kSymbol "$" + kNumber "3.50"; "$AAPL" and "$BRK.B" are
//    cashtags (1-6 letters, as on Twitter); "$5" is "$" + "5".
//  - "#1" is kPunct "#" + kNumber "1": a hashtag needs a letter. "C#" and
//    "&#x27;" have no hashtag, "user@host" no mention (sigil after a letter).
//  - Digits that run into letters form a word ("2nd", "4ever", "covid-19");
//    "3-2" and "2024-01-05" are numbers and punctuation.
//  - Sentence marks mix in one kPunct run ("?!", "!!..."); other punctuation
//    runs only with itself ("--"); brackets and quotes repeat likewise.
//  - Whitespace includes Unicode White_Space and default-ignorable code points
//    (zero-width space, BOM, bidi marks, stray joiners and variation
//    selectors): these separate tokens and appear in none.
//  - Scripts written without spaces (Chinese, Japanese, Thai) give one word
//    per run of letters; there is no dictionary segmentation.
//  - URLs need http://, https:// or www.; bare domains ("example.com") are
//    words and punctuation. Emoticons follow the boundary rules in
//    emoticon.h, so "XDR", "http://" and "10:30" contain none.
//
// Thread safety: a Tokenizer is immutable; Tokenize() may run on many threads.
#ifndef PARLEY_TEXT_TOKENIZER_H_
#define PARLEY_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

enum class TokenKind : uint8_t {
  kWord,
  kNumber,
  kUrl,
  kEmail,
  kMention,   // @handle
  kHashtag,   // #tag
  kCashtag,   // $TICKER
  kEmoji,
  kEmoticon,
  kPunct,     // a run of the same or mixed punctuation: "!!!", "?!", "..."
  kSymbol,    // anything else (currency signs, math symbols, stray bytes)
};
std::string_view TokenKindName(TokenKind kind);

enum TokenFlag : uint8_t {
  kTokenAllCaps = 1 << 0,      // a word of 2+ letters with no lower-case letter
  kTokenElongated = 1 << 1,    // a letter repeated 3+ times ("soooo")
  kTokenContraction = 1 << 2,  // an inner apostrophe ("don't", "it’s")
};

struct Token {
  TokenKind kind;
  uint8_t flags = 0;
  uint32_t offset = 0;  // byte offset into the text
  uint32_t size = 0;    // bytes

  std::string_view view(std::string_view text) const { return text.substr(offset, size); }
  bool has(TokenFlag f) const { return (flags & f) != 0; }
};

class Tokenizer {
 public:
  // Appends the tokens of `text` to `out` (which it does not clear). Tokens
  // are in text order, non-empty and disjoint; whatever lies between them is
  // whitespace as defined above. Text past 4 GiB (the reach of a 32-bit
  // offset) is ignored. Allocates only when `out` must grow.
  void Tokenize(std::string_view text, std::vector<Token>* out) const;

  // Appends the tokens Tokenize() gives for only those chunks of `text` (runs
  // between ASCII whitespace) that can hold a mention, hashtag, URL or emoji:
  // chunks with an '@', '#', '/', "www." or a byte >= 0x80. The other chunks
  // are not scanned. No token spans ASCII whitespace, so a chunk's tokens do
  // not depend on the rest of the text, and every mention, hashtag, URL and
  // emoji token of Tokenize() is among these. For callers that want only
  // those kinds: most words of a post are in chunks without them.
  void TokenizeCueChunks(std::string_view text, std::vector<Token>* out) const;

  // The one mention or hashtag of the chunk text[begin, end) when the chunk
  // (a run between ASCII whitespace or the text's ends) is an ASCII "@handle"
  // or "#tag" alone or followed by ASCII punctuation that can begin no
  // mention, hashtag, URL or emoji ("@united", "#fail!", "@anna_k:"); then
  // that token is the chunk's only one of those kinds in Tokenize(text).
  // Otherwise a token of size 0. Offsets are into `text`. The chunk's other
  // tokens (punctuation, emoticons) are not given: a shortcut past the
  // scanner for callers that want only the cue kinds, most of whose chunks
  // are such tags.
  static Token PlainTagChunk(std::string_view text, size_t begin, size_t end);

  // PlainTagChunk() that, for most of the tags it takes (those of at most
  // 15 bytes in a text of 16 bytes or more), also sets *normal to the tag's
  // Normalize(), in `scratch` (room for 16 bytes, which it may all
  // overwrite). For the others *normal is empty, and a caller that wants
  // the normal form makes it from the token. It saves such callers a
  // second pass over the tag's bytes.
  static Token PlainTagChunk(std::string_view text, size_t begin, size_t end, char* scratch,
                             std::string_view* normal);

  // PlainTagChunk() for URLs: the URL token of a chunk that is an ASCII
  // "http://" or "https://" URL with no bracket, alone or followed by
  // sentence punctuation ("https://t.co/x1Yz", "http://a.org/p?q=1."). Then
  // it is the chunk's only mention, hashtag, URL or emoji token in
  // Tokenize(text). Otherwise a token of size 0.
  static Token PlainUrlChunk(std::string_view text, size_t begin, size_t end);

  // The mention, hashtag, URL and emoji tokens of TokenizeCueChunks(), in
  // text order, with only some of its others: a chunk PlainTagChunk() or
  // PlainUrlChunk() takes gives just that token, past the scanner. For
  // callers that want only those four kinds.
  void CueTokens(std::string_view text, std::vector<Token>* out) const;

  // Whether byte `k` of `text`, in the chunk that begins at `chunk_begin`,
  // makes TokenizeCueChunks() scan that chunk: an '@', '#', '/', a byte >=
  // 0x80, or the '.' of "www." (any case). For callers that find the chunks
  // themselves (the VADER scorer, in its own pass over the words).
  static bool IsCueByte(std::string_view text, size_t chunk_begin, size_t k) {
    const auto b = static_cast<unsigned char>(text[k]);
    if (b == '@' || b == '#' || b == '/' || b >= 0x80) return true;
    return b == '.' && k - chunk_begin >= 3 && (text[k - 3] | 0x20) == 'w' &&
           (text[k - 2] | 0x20) == 'w' && (text[k - 1] | 0x20) == 'w';
  }

  // Normal form of a token for counting and matching: lower-cased (Unicode
  // lower-case mapping), elongations squeezed to two letters ("soooo" -> "soo"),
  // typographic apostrophes made ASCII. Mentions and hashtags keep their sigil.
  // Lower-casing is Unicode's full mapping (as Python's str.lower()), so
  // "STRASSE" and "Straße" stay distinct. Replaces the contents of *out,
  // reusing its capacity; ASCII tokens take a path without ICU calls.
  static void Normalize(std::string_view token, std::string* out);

  // Normalize() of an ASCII token, written at `out` (room for token.size()
  // bytes, which may be the token's own); returns its length, or npos (and
  // `out` holds garbage) if the token has a byte >= 0x80. For callers that
  // keep the normal form in a buffer of their own.
  static size_t NormalizeAsciiTo(std::string_view token, char* out);
};

namespace tokenizer_internal {
// Tokenize() with the scanner's word fast paths turned off: every token takes
// the general path. For the test that requires both to give equal tokens.
void TokenizeGeneralPath(std::string_view text, std::vector<Token>* out);
// NormalizeAsciiTo() by the plain byte loop, with no word-at-a-time
// lower-casing: for the test that holds the two to each other.
size_t NormalizeAsciiScalar(std::string_view token, char* out);
// Normalize() of a token with a byte >= 0x80 by ICU's lower-casing and the
// squeeze, with no fast path: for the test that holds Normalize()'s
// shortcut for emoji to it.
void NormalizeGeneralPath(std::string_view token, std::string* out);
}  // namespace tokenizer_internal

}  // namespace parley

#endif  // PARLEY_TEXT_TOKENIZER_H_
