#include "src/taxonomy/aspects.h"

#include <cstring>

namespace parley {
namespace {

uint32_t Load4(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

// `word` is a piece of the canonical text, so a space follows it: "but"
// is read as the four bytes "but ". By length, so the common short words
// cost no compare; then fixed-size loads, overlapping for 6 and 7 letters,
// instead of string compares.
bool IsContrastive(std::string_view word) {
  // Not "yet": "no bag yet, terrible" is one complaint, not two clauses.
  const char* p = word.data();
  auto is = [&](std::string_view w) {
    return Load4(p) == Load4(w.data()) && Load4(p + w.size() - 4) == Load4(w.data() + w.size() - 4);
  };
  switch (word.size()) {
    case 3: return Load4(p) == Load4("but ");
    case 6: return is("though");
    case 7: return is("however") || is("whereas");
    case 8: return is("although");
    default: return false;
  }
}

bool EndsSentence(std::string_view punct) {
  // A loop, not find_first_of(), which calls memchr() once per character.
  for (char c : punct) {
    if (c == '.' || c == '!' || c == '?' || c == ';') return true;
  }
  return false;
}

}  // namespace

void SplitClauses(const CanonicalText& canon, std::vector<Clause>* clauses,
                  std::vector<uint32_t>* clause_of) {
  // The open clause is kept in locals and stored when it closes: through
  // clauses->back() every piece reloaded and stored it.
  clauses->clear();
  clause_of->resize(canon.pieces.size());
  uint32_t* of = clause_of->data();
  const char* chars = canon.text.data();
  Clause open;
  uint32_t index = 0;
  for (const Piece& p : canon.pieces) {
    std::string_view text(chars + p.begin, p.end - p.begin);
    const bool contrastive = p.kind == TokenKind::kWord && IsContrastive(text);
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
