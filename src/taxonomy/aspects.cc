#include "src/taxonomy/aspects.h"

#include <algorithm>
#include <utility>

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

// The words that open a segment of their own: "while" ("wifi was terrible
// while the food was delicious"), or "and" before a subject ("the food was
// awful and the crew was lovely"). Not "and" alone: "friendly and helpful
// staff" is one judgement. By the pieces' hashes, as Contrastive's.
class SegmentOpeners {
 public:
  SegmentOpeners() {
    static_assert(PieceHashDecides(5));
    for (std::string_view w : {"the", "my", "our", "their", "your", "his", "her", "its", "this",
                               "that", "these", "those", "i", "we", "they", "it", "he", "she"}) {
      subjects_.emplace_back(static_cast<uint32_t>(w.size()), PieceHash(w));
    }
  }
  // Whether piece k opens a segment.
  bool Opens(const CanonicalText& canon, size_t k) const {
    const Piece& p = canon.pieces[k];
    if (p.kind != TokenKind::kWord) return false;
    const uint32_t n = p.end - p.begin;
    if (n == 5) return p.hash == while_;
    if (n != 3 || p.hash != and_ || k + 1 == canon.pieces.size()) return false;
    const Piece& next = canon.pieces[k + 1];
    if (next.kind != TokenKind::kWord || next.end - next.begin > 5) return false;
    const std::pair<uint32_t, uint64_t> key(next.end - next.begin, next.hash);
    return std::find(subjects_.begin(), subjects_.end(), key) != subjects_.end();
  }

 private:
  uint64_t while_ = PieceHash("while"), and_ = PieceHash("and");
  // Each subject's size and hash (which decide a text of up to eight bytes).
  std::vector<std::pair<uint32_t, uint64_t>> subjects_;
};

// Where a punctuation piece ends a run: a clause (kSentence: '.', '!', '?'
// or ';'), and a segment (besides: kSegment, a ',' or ':', or a dash
// standing alone, not the '-' inside a word, which is a hyphen piece).
enum PunctEnds : unsigned { kNeither = 0, kSegment = 1, kSentence = 3 };

unsigned PunctEndsOf(const CanonicalText& canon, const Piece& p) {
  const std::string_view punct = Text(canon, p);
  if (EndsSentence(punct)) return kSentence;
  return !p.hyphen && EndsSegment(punct) ? kSegment : kNeither;
}

// A run of pieces SplitClauses() is building: it closes after a piece that
// ends it, before a contrastive word (which is left out of both) and
// before a piece that opens one (which is kept in it).
struct Runs {
  Runs(std::vector<Clause>* runs, uint32_t* run_of) : out(runs), of(run_of) {}
  std::vector<Clause>* out;
  uint32_t* of;
  Clause open;
  uint32_t index = 0;
  void Close() {
    out->push_back(open);
    open = Clause();
    ++index;
  }
};

}  // namespace

void SplitClauses(const CanonicalText& canon, std::vector<Clause>* clauses,
                  std::vector<uint32_t>* clause_of, std::vector<Clause>* segments,
                  std::vector<uint32_t>* segment_of) {
  static const Contrastive kContrastive;
  static const SegmentOpeners kOpeners;
  const size_t n = canon.pieces.size();
  clauses->clear();
  clause_of->resize(n);
  const bool with_segments = segments != nullptr;
  // The open runs are kept in locals and stored when they close: through
  // out->back() every piece reloaded and stored them. Segments and clauses
  // in one pass, so each piece is read and tested once.
  Runs c(clauses, clause_of->data()), g(segments, nullptr);
  if (with_segments) {
    segments->clear();
    segment_of->resize(n);
    g.of = segment_of->data();
  }
  for (size_t k = 0; k < n; ++k) {
    const Piece& p = canon.pieces[k];
    const bool contrastive = kContrastive.Is(p) & (p.kind == TokenKind::kWord);
    if (contrastive && !c.open.empty()) c.Close();
    *c.of++ = c.index;
    if (with_segments) {
      if ((contrastive || kOpeners.Opens(canon, k)) && !g.open.empty()) g.Close();
      *g.of++ = g.index;
    }
    if (contrastive) continue;
    if (c.open.raw_begin == UINT32_MAX) c.open.raw_begin = p.raw_begin;
    c.open.raw_end = p.raw_end;
    if (with_segments) {
      if (g.open.raw_begin == UINT32_MAX) g.open.raw_begin = p.raw_begin;
      g.open.raw_end = p.raw_end;
    }
    if (p.kind != TokenKind::kPunct) continue;
    const unsigned ends = PunctEndsOf(canon, p);
    if (ends == kSentence) c.Close();
    if (with_segments && ends != kNeither) g.Close();
  }
  c.out->push_back(c.open);
  if (with_segments) g.out->push_back(g.open);
}

}  // namespace parley
