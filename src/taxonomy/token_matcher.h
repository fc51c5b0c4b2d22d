// The automaton for plain phrases: every phrase of a taxonomy (with its
// inflections, possessives, hashtag forms and optional hyphens) compiled into
// one trie over whole canonical tokens, run against the post's pieces
// (phrase.h) instead of scanning the canonical text with a regex engine.
//
// It matches exactly what WrapPattern(PhrasePattern(...)) matches in the
// canonical text under Hyperscan (every end of every match), because a
// phrase pattern is a sequence of units, each accepting a finite set of whole
// tokens, with at most one "-" token between two units:
//  - a word: its forms (Inflections() for kInflect, else itself), each also
//    with "'s" when the word has no apostrophe;
//  - any other token: itself;
//  - the hashtag form of a phrase of words: "#" + each form (one word), or
//    "#" + the words joined (several).
// A token's text is looked up once in a hash table of every text any unit
// accepts; tokens it does not hold (most of a post) cost that lookup only,
// whatever the number of phrases. token_matcher_test.cc checks the
// equivalence against both regex engines on generated phrases and posts.
//
// Thread safety: immutable after Create(); Scan() may run on many threads.
#ifndef PARLEY_TAXONOMY_TOKEN_MATCHER_H_
#define PARLEY_TAXONOMY_TOKEN_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/bytes.h"
#include "src/taxonomy/matcher.h"
#include "src/taxonomy/phrase.h"

namespace parley {

struct PhraseSpec {
  uint32_t id;  // reported as MatchSpan::id
  std::string phrase;
  PhraseStyle style = PhraseStyle::kExact;
  bool hashtag = false;
};

// The smallest power of two (16 or more) at least twice `n`: the size of an
// open-addressing table of `n` keys kept at most half full (the matcher's
// and the tagging gate's, tag_gate.h).
inline size_t HalfFullTableSize(size_t n) {
  size_t size = 16;
  while (size < 2 * n) size *= 2;
  return size;
}

// The slot of the `size` bytes at `text`, whose PieceHash() is `hash`, or
// nullptr, in an open-addressing table `slots` of HalfFullTableSize() slots
// (`mask` its size less one) whose keys lie at `key_bytes` (a Slot has
// hash, key_begin and key_size; key_size 0 is an empty slot): the matcher's
// table of token texts and the tagging gate's of letter runs. Up to eight
// bytes, equal hashes and sizes mean equal texts (PieceHashDecides()): the
// byte compare, and its branches on the length, only for longer texts.
template <typename Slot>
[[gnu::always_inline]] inline const Slot* FindKeySlot(const Slot* slots, size_t mask,
                                                      const char* key_bytes, const char* text,
                                                      size_t size, uint64_t hash) {
  for (size_t k = hash & mask;; k = (k + 1) & mask) {
    const Slot& s = slots[k];
    if (s.key_size == 0) return nullptr;
    if (s.hash == hash && s.key_size == size &&
        (PieceHashDecides(size) || bytes::SameBytes(key_bytes + s.key_begin, text, size))) {
      return &s;
    }
  }
}

// A bit for each value of a hash's top bits, set for every key of a table:
// a hash whose bit is clear is no key's, told with a load and a shift and
// no probe of the table or branch on its length (the matcher's table of
// token texts, the tagging gate's of letter runs). Eight bits or more a
// key: about one absent hash in nine gets past.
class HashBitFilter {
 public:
  // Sized for `keys` keys, every bit clear.
  void Reset(size_t keys) {
    int bits = 12;
    while ((size_t{1} << bits) < 8 * keys) ++bits;
    shift_ = 64 - bits;
    words_.assign((size_t{1} << bits) / 64, 0);
  }
  void Add(uint64_t hash) {
    const uint64_t bit = hash >> shift_;
    words_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  bool MayHold(uint64_t hash) const {
    const uint64_t bit = hash >> shift_;
    return (words_[bit >> 6] >> (bit & 63)) & 1;
  }

 private:
  std::vector<uint64_t> words_;
  int shift_ = 63;  // (Reset() sets it; 63 keeps a shift of an unset one defined)
};

class TokenMatcher {
 public:
  // nullptr when a phrase has no tokens (PhrasePattern() returns "" for it;
  // the tagger rejects such a phrase before).
  static std::unique_ptr<TokenMatcher> Create(const std::vector<PhraseSpec>& specs);
  // Create() with each phrase's PhraseUnits() (below) made already:
  // units[i] for specs[i].
  static std::unique_ptr<TokenMatcher> Create(
      const std::vector<PhraseSpec>& specs,
      const std::vector<std::vector<std::vector<std::string>>>& units);
  ~TokenMatcher();

  // Appends to `out` (not cleared) every match in `canon`, with exact begin
  // and end in the canonical text, spaces included as a regex match of
  // WrapPattern() has them: begin is the space before the first token, end
  // one past the space after the last. Each (id, end) is reported once.
  void Scan(const CanonicalText& canon, std::vector<MatchSpan>* out) const;

  // Appends to `ids` the ids of the phrases that the one piece `text` (a
  // normal form, PieceHash() `hash`) matches on its own: what Scan() reports
  // for a canonical text of that piece alone.
  void MatchPiece(std::string_view text, uint64_t hash, std::vector<uint32_t>* ids) const;

  size_t phrase_count() const { return phrases_; }

  // A phrase as Create() compiles it: its alternatives (the phrase's own
  // sequence of units and, for a hashtag phrase of words, its hashtag form),
  // each a sequence of unit keys; empty when the phrase has no units.
  // UnitTexts(key) are the token texts (normal forms) the unit accepts. For
  // the tagger's gate (tag_gate.h), which must accept whatever this does.
  static std::vector<std::vector<std::string>> PhraseUnits(const PhraseSpec& spec);
  static std::vector<std::string> UnitTexts(std::string_view key);

 private:
  TokenMatcher() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  size_t phrases_ = 0;
};

}  // namespace parley

#endif  // PARLEY_TAXONOMY_TOKEN_MATCHER_H_
