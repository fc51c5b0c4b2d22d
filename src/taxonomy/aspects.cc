#include "src/taxonomy/aspects.h"

namespace parley {
namespace {

bool IsContrastive(std::string_view word) {
  // Not "yet": "no bag yet, terrible" is one complaint, not two clauses.
  // By length, so the common short words cost no string compare.
  switch (word.size()) {
    case 3: return word == "but";
    case 6: return word == "though";
    case 7: return word == "however" || word == "whereas";
    case 8: return word == "although";
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
  clauses->assign(1, Clause());
  clause_of->clear();
  for (const Piece& p : canon.pieces) {
    std::string_view text = std::string_view(canon.text).substr(p.begin, p.end - p.begin);
    bool contrastive = p.kind == TokenKind::kWord && IsContrastive(text);
    if (contrastive && !clauses->back().empty()) clauses->emplace_back();
    clause_of->push_back(static_cast<uint32_t>(clauses->size() - 1));
    if (contrastive) continue;
    Clause& c = clauses->back();
    if (c.raw_begin == UINT32_MAX) c.raw_begin = p.raw_begin;
    c.raw_end = p.raw_end;
    if (p.kind == TokenKind::kPunct && EndsSentence(text)) clauses->emplace_back();
  }
}

}  // namespace parley
