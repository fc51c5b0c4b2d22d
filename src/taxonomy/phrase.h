// The text the taxonomy's automaton runs on, and how phrases become patterns
// over it.
//
// Matching does not run on the raw post but on its *canonical text*: the
// tokenizer's tokens, each in normal form (Tokenizer::Normalize: lower-cased,
// elongations squeezed, typographic apostrophes made ASCII), separated by
// single spaces, with a space at each end:
//
//   "The DELAY-tolerant crew!! @SkyloftAir"  ->  " the delay - tolerant crew !! @skyloftair "
//
// A word's inner hyphens split it ("delay - tolerant"), so "delay" matches
// inside it unless the topic excludes "delay-tolerant". Every pattern is
// compiled as " (?:BODY) ", so a match always covers whole tokens: word
// boundaries are the spaces, the same for every script, and the same in
// Hyperscan and RE2. Invalid UTF-8 bytes are left out, so the canonical text
// is valid UTF-8 whenever it is built from tokens.
//
// Thread safety: functions of their arguments.
#ifndef PARLEY_TAXONOMY_PHRASE_H_
#define PARLEY_TAXONOMY_PHRASE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/bytes.h"
#include "src/text/tokenizer.h"

namespace parley {

// One token (or one hyphen-separated part of a word) in the canonical text.
struct Piece {
  Piece() = default;
  // Every field: emplace_back() with these builds a piece in place, where
  // emplace_back() with none zeroes it first and has each field stored twice.
  Piece(uint32_t text_begin, uint32_t text_end, uint32_t raw_b, uint32_t raw_e, uint32_t tok,
        TokenKind k, bool is_hyphen, uint64_t h)
      : begin(text_begin), end(text_end), raw_begin(raw_b), raw_end(raw_e), token(tok), kind(k),
        hyphen(is_hyphen), hash(h) {}

  uint32_t begin = 0, end = 0;          // in the canonical text
  uint32_t raw_begin = 0, raw_end = 0;  // in the raw text
  uint32_t token = 0;                   // index into the tokens
  TokenKind kind = TokenKind::kWord;
  bool hyphen = false;                  // the "-" between the parts of a word
  uint64_t hash = 0;                    // PieceHash() of its canonical text
};

// The hash of a piece's text in Piece::hash, and the key of the token
// matcher's table. A text of up to eight bytes (most words) is hashed from
// its zero-padded little-endian word with one multiply, in a register while
// the piece is built; a longer one with bytes::Hash(). For in-memory tables
// only.
//
// ShortPieceHash() is one-to-one for a given size (an XOR with the size, a
// multiply by an odd number and an xorshift are all invertible), and the
// zero padding makes the word one-to-one with the text: two texts of the
// same size up to eight bytes with the same hash are the same text, so the
// token matcher's table compares their bytes only for longer texts.
// PieceHashDecides() says when that holds.
inline uint64_t ShortPieceHash(uint64_t word, size_t size) {
  uint64_t h = (word ^ (static_cast<uint64_t>(size) << 59)) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 47);  // the high bits, which every byte reaches, into the low ones tables use
}
inline constexpr bool PieceHashDecides(size_t size) { return size <= 8; }
inline uint64_t PieceHash(std::string_view text) {
  return text.size() <= 8 ? ShortPieceHash(bytes::LoadPadded(text.data(), text.size()), text.size())
                          : bytes::Hash(text);
}

struct CanonicalText {
  std::string text;  // " tok tok ... tok "
  std::vector<Piece> pieces;
  // Whether a piece holds a '?' (the first such piece in first_question),
  // and a token is a number: lets the tagger skip the question-mark test and
  // the search for amounts in most posts.
  bool has_question = false;
  bool has_number = false;
  uint32_t first_question = 0;

  void Clear() {
    text.assign(1, ' ');
    pieces.clear();
    has_question = has_number = false;
    first_question = 0;
  }
  // Notes that piece `k` holds a '?'; the first such piece is the one kept.
  void NoteQuestion(uint32_t k) {
    if (has_question) return;
    has_question = true;
    first_question = k;
  }
  // The piece that ends at canonical offset `end` (exclusive), or -1.
  int PieceEndingAt(uint32_t end) const;
  // The same for offsets asked in non-decreasing order: walks forward from
  // *cursor (0 for the first call) instead of searching, and leaves it there.
  int PieceEndingAt(uint32_t end, size_t* cursor) const {
    size_t k = *cursor;
    while (k < pieces.size() && pieces[k].end < end) ++k;
    *cursor = k;
    return k < pieces.size() && pieces[k].end == end ? static_cast<int>(k) : -1;
  }
  // The piece that starts at canonical offset `begin`, or -1.
  int PieceStartingAt(uint32_t begin) const;
};

// Builds the canonical text of `raw` from its `tokens` (Tokenizer::Tokenize),
// which must be as Tokenize() gives them: in text order, disjoint and within
// `raw` (the text is sized once for that, with no test of its room per
// token). `normal` is scratch space.
void BuildCanonicalText(std::string_view raw, const std::vector<Token>& tokens,
                        CanonicalText* out, std::string* normal);

enum class PhraseStyle {
  kExact,    // the words as written (normal form)
  kInflect,  // each word also in its simple inflections (delays, delayed, delaying)
};

// The body of a pattern (without the surrounding spaces) matching `phrase`
// in canonical text: its tokens in normal form, each word with a possessive
// "'s" and, for kInflect, its plural and verb forms; "check in" and
// "check-in" match each other. A phrase of one word also matches as a
// hashtag ("#delay"), a phrase of several words as their hashtag
// ("#customerservice") when `hashtag` is set. Empty when the phrase has no
// tokens.
std::string PhrasePattern(std::string_view phrase, PhraseStyle style, bool hashtag);

// Whether PhrasePattern(phrase, ...) is non-empty (the phrase has a token
// that makes a piece: any but a stray invalid UTF-8 byte), for any style:
// without building the pattern and its inflections.
bool PhraseHasUnits(std::string_view phrase);

// The inflected forms of one lower-case word, the word first: "delay" ->
// delay, delays, delayed, delaying, ... Words under three letters, and words
// that are not all ASCII letters, have only themselves.
std::vector<std::string> Inflections(std::string_view word);

// Wraps a pattern body as it is compiled: " (?:BODY) ".
std::string WrapPattern(std::string_view body);

}  // namespace parley

#endif  // PARLEY_TAXONOMY_PHRASE_H_
