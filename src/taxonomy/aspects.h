// Clauses for aspect sentiment: a topic's sentiment is that of the clause
// around its mention, so "the crew was lovely but the delay was awful" gives
// +crew and -delay.
//
// A clause ends after sentence punctuation (a token with '.', '!', '?' or
// ';') and before a contrastive word ("but", "however", "although",
// "though", "whereas"); the contrastive word itself is left out of
// the clause that follows it, so VADER's own "but" rule does not weigh the
// clause twice.
//
// A clause is also split into segments at a comma, a colon or a dash
// standing alone ("food was great, seats were not comfortable"), and before
// "while" and an "and" that opens a new subject ("the food was awful and
// the crew was lovely"; "and the", "and my", "and they"...): a topic's
// sentiment is that of its segment when the segment has one, else that of
// its clause ("the delay, which lasted 3 hours, was awful": "the delay" has
// none, the clause is negative).
//
// Thread safety: functions of their arguments.
#ifndef PARLEY_TAXONOMY_ASPECTS_H_
#define PARLEY_TAXONOMY_ASPECTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "src/taxonomy/phrase.h"

namespace parley {

struct Clause {
  uint32_t raw_begin = UINT32_MAX;  // in the raw text; begin == end when empty
  uint32_t raw_end = 0;
  bool empty() const { return raw_begin >= raw_end; }
};

// Splits `canon` into clauses; `clause_of` gets, for every piece, the index
// of the clause it belongs to. With `segments`, the same for the clauses'
// segments (each within one clause; a clause without a comma, colon or dash
// is one segment).
void SplitClauses(const CanonicalText& canon, std::vector<Clause>* clauses,
                  std::vector<uint32_t>* clause_of, std::vector<Clause>* segments = nullptr,
                  std::vector<uint32_t>* segment_of = nullptr);

}  // namespace parley

#endif  // PARLEY_TAXONOMY_ASPECTS_H_
