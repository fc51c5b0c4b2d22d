#include "src/taxonomy/aspects.h"


namespace parley {
namespace {

// The contrastive words (not "yet": "no bag yet, terrible" is one
// complaint, not two clauses) by their pieces' hashes: every one is at most
// eight bytes, where a size and a PieceHash() decide the text (phrase.h).
// Two table loads by size and two compares per piece, with no branch: the
// switch on the word's size these replace was missed by the branch
// predictor on about every other piece.
class Contrastive {
 public:
  Contrastive() {
    static_assert(PieceHashDecides(8));
    for (std::string_view w : {"but", "though", "however", "whereas", "although"}) {
      const size_t n = w.size();
      (sized_[n] ? hash2_ : hash1_)[n] = PieceHash(w);  // 7 has two words
      sized_[n] = static_cast<uint32_t>(n);
    }
  }
  bool Is(const Piece& p) const {
    const uint32_t n = p.end - p.begin;
    const uint32_t s = n < kSizes ? n : 0;  // sized_[0] is 0, which no piece's size is
    return ((p.hash == hash1_[s]) | (p.hash == hash2_[s])) & (sized_[s] == n);
  }

 private:
  static constexpr uint32_t kSizes = 9;
  uint64_t hash1_[kSizes] = {}, hash2_[kSizes] = {};
  uint32_t sized_[kSizes] = {};  // n when a contrastive word has n bytes, else 0
};

bool EndsSentence(std::string_view punct) {
  // A loop, not find_first_of(), which calls memchr() once per character.
  for (char c : punct) {
    if (c == '.' || c == '!' || c == '?' || c == ';') return true;
  }
  return false;
}

// A piece that ends a segment but not a clause: one with a ',' or ':', or a
// dash standing alone (not the '-' inside a word, which is a hyphen piece).
bool EndsSegment(std::string_view punct) {
  for (char c : punct) {
    if (c == ',' || c == ':') return true;
  }
  return punct == "-" || punct == "--" || punct == "\u2013" || punct == "\u2014";
}

}  // namespace

void SplitClauses(const CanonicalText& canon, std::vector<Clause>* clauses,
                  std::vector<uint32_t>* clause_of, std::vector<Clause>* segments,
                  std::vector<uint32_t>* segment_of) {
  if (segments != nullptr) {
    segments->clear();
    segment_of->resize(canon.pieces.size());
  }
  // The open clause is kept in locals and stored when it closes: through
  // clauses->back() every piece reloaded and stored it.
  clauses->clear();
  clause_of->resize(canon.pieces.size());
  uint32_t* of = clause_of->data();
  const char* chars = canon.text.data();
  Clause open;
  uint32_t index = 0;
  static const Contrastive kContrastive;
  // The segments, kept apart from the loop the tagger's other callers take.
  if (segments != nullptr) {
    Clause segment;
    uint32_t s_index = 0;
    for (size_t k = 0; k < canon.pieces.size(); ++k) {
      const Piece& p = canon.pieces[k];
      std::string_view text(chars + p.begin, p.end - p.begin);
      const bool contrastive = kContrastive.Is(p) & (p.kind == TokenKind::kWord);
      if (contrastive && !segment.empty()) {
        segments->push_back(segment);
        segment = Clause();
        ++s_index;
      }
      (*segment_of)[k] = s_index;
      if (contrastive) continue;
      if (segment.raw_begin == UINT32_MAX) segment.raw_begin = p.raw_begin;
      segment.raw_end = p.raw_end;
      if (p.kind == TokenKind::kPunct && !p.hyphen && (EndsSentence(text) || EndsSegment(text))) {
        segments->push_back(segment);
        segment = Clause();
        ++s_index;
      }
    }
    segments->push_back(segment);
  }
  for (const Piece& p : canon.pieces) {
    std::string_view text(chars + p.begin, p.end - p.begin);
    const bool contrastive = kContrastive.Is(p) & (p.kind == TokenKind::kWord);
    if (contrastive && !open.empty()) {
      clauses->push_back(open);
      open = Clause();
      ++index;
    }
    *of++ = index;
    if (contrastive) continue;
    if (open.raw_begin == UINT32_MAX) open.raw_begin = p.raw_begin;
    open.raw_end = p.raw_end;
    if (p.kind == TokenKind::kPunct && EndsSentence(text)) {
      clauses->push_back(open);
      open = Clause();
      ++index;
    }
  }
  clauses->push_back(open);
}

}  // namespace parley
