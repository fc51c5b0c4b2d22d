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

std::string_view Text(const CanonicalText& canon, const Piece& p) {
  return std::string_view(canon.text.data() + p.begin, p.end - p.begin);
}

// Whether piece k opens a segment of its own: "while" ("wifi was terrible
// while the food was delicious"), or "and" before a subject ("the food was
// awful and the crew was lovely"). Not "and" alone: "friendly and helpful
// staff" is one judgement.
bool StartsSegment(const CanonicalText& canon, size_t k) {
  const Piece& p = canon.pieces[k];
  if (p.kind != TokenKind::kWord || p.end - p.begin > 5) return false;
  const std::string_view w = Text(canon, p);
  if (w == "while") return true;
  if (w != "and" || k + 1 == canon.pieces.size()) return false;
  const Piece& next = canon.pieces[k + 1];
  if (next.kind != TokenKind::kWord) return false;
  const std::string_view n = Text(canon, next);
  for (std::string_view subject : {"the", "my", "our", "their", "your", "his", "her", "its", "this",
                                   "that", "these", "those", "i", "we", "they", "it", "he",
                                   "she"}) {
    if (n == subject) return true;
  }
  return false;
}

// Splits the pieces into runs that close after a piece `ends` says ends one,
// before a contrastive word (which is left out of both), and before a piece
// `starts` says opens one (which is kept in it): `out` gets the runs,
// `run_of` each piece's run.
template <typename Ends, typename Starts>
void SplitRuns(const CanonicalText& canon, Ends ends, Starts starts, std::vector<Clause>* out,
               std::vector<uint32_t>* run_of) {
  static const Contrastive kContrastive;
  // The open run is kept in locals and stored when it closes: through
  // out->back() every piece reloaded and stored it.
  out->clear();
  run_of->resize(canon.pieces.size());
  uint32_t* of = run_of->data();
  const char* chars = canon.text.data();
  Clause open;
  uint32_t index = 0;
  for (size_t k = 0; k < canon.pieces.size(); ++k) {
    const Piece& p = canon.pieces[k];
    const bool contrastive = kContrastive.Is(p) & (p.kind == TokenKind::kWord);
    if ((contrastive || starts(k)) && !open.empty()) {
      out->push_back(open);
      open = Clause();
      ++index;
    }
    *of++ = index;
    if (contrastive) continue;
    if (open.raw_begin == UINT32_MAX) open.raw_begin = p.raw_begin;
    open.raw_end = p.raw_end;
    if (p.kind == TokenKind::kPunct && ends(p, std::string_view(chars + p.begin, p.end - p.begin))) {
      out->push_back(open);
      open = Clause();
      ++index;
    }
  }
  out->push_back(open);
}

}  // namespace

void SplitClauses(const CanonicalText& canon, std::vector<Clause>* clauses,
                  std::vector<uint32_t>* clause_of, std::vector<Clause>* segments,
                  std::vector<uint32_t>* segment_of) {
  SplitRuns(
      canon, [](const Piece&, std::string_view text) { return EndsSentence(text); },
      [](size_t) { return false; }, clauses, clause_of);
  if (segments != nullptr) {
    SplitRuns(
        canon,
        [](const Piece& p, std::string_view text) {
          return !p.hyphen && (EndsSentence(text) || EndsSegment(text));
        },
        [&](size_t k) { return StartsSegment(canon, k); }, segments, segment_of);
  }
}

}  // namespace parley
