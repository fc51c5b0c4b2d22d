// A quick test, on a post's raw text and overall label, that tagging would
// find nothing: then the analyzer skips tokenizing the whole post, building
// its canonical text and running the automaton (Tagger::Tag()), which cost
// more than the rest of the analysis together, and lists empty brands,
// topics, intents, aspects and prices.
//
// The gate may say "maybe" for a post that Tag() then finds nothing in (it
// is a filter), never "no" for one in which Tag() lists anything. It rests
// on the ASCII letters of the text: every unit of a phrase (token_matcher.h)
// that holds an ASCII letter accepts only token texts whose runs of ASCII
// letters are runs of ASCII letters of the raw text, lower-cased, bounded by
// bytes that are not ASCII letters. That holds because the tokenizer never
// ends a token between two ASCII letters, and Normalize() lower-cases,
// squeezes letters written three times or more and turns ’ into ': so the
// gate says "maybe" for a text with an ASCII letter three times in a row
// (any case), or with one of the two characters whose lower case is an ASCII
// letter (U+212A KELVIN SIGN, U+0130), and otherwise looks up each run of
// the text's letters. For each alternative of each phrase (a sequence of
// units, or its hashtag form) it keeps one run a unit must have, the longest
// of each text the unit accepts, and says "maybe" when every unit of some
// alternative has one of its runs in the text (order and adjacency are not
// checked) and the phrase counts for the post's label (an intent's
// `requires`). Besides: a '?' when the question intent is on (a piece of '?'
// and '!'), and an ASCII digit with a currency sign or word (an amount).
//
// Some taxonomies leave nothing to test, and the gate then always says
// "maybe": regex patterns (other than the built-in question pattern), and
// any phrase with no unit holding an ASCII letter (a number, an emoji, a
// word in a script without them).
//
// Thread safety: immutable after Create(); MayTag() may run on many threads
// (it keeps per-thread scratch space).
#ifndef PARLEY_TAXONOMY_TAG_GATE_H_
#define PARLEY_TAXONOMY_TAG_GATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/taxonomy/token_matcher.h"

namespace parley {

class TagGate {
 public:
  struct Phrase {
    // TokenMatcher::PhraseUnits() of the phrase.
    const std::vector<std::vector<std::string>>* units;
    // 0: counts whatever the post's label; else the label's value + 1 (an
    // intent with `requires`).
    uint8_t label = 0;
  };
  struct Options {
    bool question = false;  // the built-in question pattern is compiled
    bool open = false;      // something the gate cannot test (a regex): always "maybe"
  };
  // Exclusions need no phrase here: they only take mentions away.
  static std::unique_ptr<TagGate> Create(const std::vector<Phrase>& phrases, const Options& options);
  ~TagGate();

  // False only when Tag() on `text` with a post labelled `label` lists
  // nothing at all.
  bool MayTag(std::string_view text, SentimentLabel label) const;

  // Whether MayTag() ever says "no" (see above).
  bool active() const { return !open_; }

 private:
  TagGate() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool open_ = true;
};

namespace tag_gate_internal {
// The runs a unit (a TokenMatcher::PhraseUnits() key) needs, one of which
// each text it accepts has: the longest run of ASCII letters of each of its
// TokenMatcher::UnitTexts(), lower-cased, each once (none when a text has
// no ASCII letter). Returns whether every text has a '?'. UnitRunsSlow()
// takes them from the texts; UnitRuns() gives the same (as a set) with a
// shortcut for word units; tag_gate_test.cc holds them to each other.
bool UnitRuns(std::string_view key, std::vector<std::string>* runs);
bool UnitRunsSlow(std::string_view key, std::vector<std::string>* runs);
}  // namespace tag_gate_internal

}  // namespace parley

#endif  // PARLEY_TAXONOMY_TAG_GATE_H_
