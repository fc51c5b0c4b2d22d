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
// letters are runs of ASCII letters of the raw text, lower-cased and
// squeezed, bounded by bytes that are not ASCII letters. That holds because
// the tokenizer never ends a token between two ASCII letters, and
// Normalize() lower-cases, squeezes a letter written three times or more
// to two ("sooo" -> "soo", within a run of letters: the gate squeezes each
// run alike) and turns ’ into ': so the gate says "maybe" for a text with a
// character whose case mappings hold an ASCII letter (20 in Unicode: U+212A
// KELVIN SIGN, U+017F LONG S, U+00DF, ligatures...), and otherwise looks up
// each run of the text's letters (but those shorter than any it needs: a
// taxonomy of words of four letters or more never looks up "I", "to" or
// "the"). The characters beyond ASCII are looked at once each, by their
// lead bytes: for those traps and for accents (below). For each
// alternative of each phrase (a
// sequence of units, or its hashtag form) it requires up to two units (the
// rarest: those that are not among the most frequent English words, whose
// shortest run is longest, or for a phrase of such words alone the least
// frequent two), each by the longest run of each text the unit accepts, and
// says "maybe" when the required units of some alternative all have one of
// their runs in the text, two of them in the phrase's order with no more
// runs of letters between than the phrase's own tokens may hold (requiring
// fewer units than a phrase has only passes more posts), and the phrase
// counts for the post's label (an intent's `requires`). Tag() also matches
// phrases on the tokens with their accents taken off ("cafe" in "Café"),
// whose runs are those of the text with its accents taken off: a text that
// StripAccents() changes is looked at that way too, and what is found there
// makes it a "maybe" (never kIntents, below). Besides: a '?' when
// the question intent is on (a piece of '?' and '!'), and an ASCII digit
// with a currency sign or word (an amount; prices.h).
//
// Check() tells more of a "maybe": when only intents' phrases (and the '?')
// made it, and so Tag() can list intents alone, it says where their units
// are (Hit), and Tagger::TagIntents() tags the post from the chunks around
// them instead of the whole post.
//
// Regex patterns are prefiltered with RE2's FilteredRE2: it gives, for each
// pattern, strings ("atoms") of which some must occur in the (lower-cased)
// canonical text for the pattern to match there; the gate looks for each
// atom's longest run of ASCII letters anywhere in the lower-cased raw text
// (its runs squeezed),
// and says "maybe" when the atoms found let some pattern match. (Case-
// insensitive matching folds a few other characters onto ASCII letters, as
// U+017F LONG S onto 's': a text with any of those is a "maybe" too.)
//
// Some taxonomies leave nothing to test, and the gate then always says
// "maybe": a pattern with no atom of three bytes or more (as "\d+ hrs?"),
// more than 64 patterns or atoms (each atom is looked for on its own),
// and any phrase with no unit holding an ASCII letter (a number, an emoji,
// a word in a script without them).
//
// Thread safety: immutable after Create(); MayTag() and Test() may run on
// many threads (they keep per-thread scratch space and tallies).
#ifndef PARLEY_TAXONOMY_TAG_GATE_H_
#define PARLEY_TAXONOMY_TAG_GATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/taxonomy/token_matcher.h"
#include "src/text/vader.h"

namespace parley {

class TagGate {
 public:
  struct Phrase {
    // TokenMatcher::PhraseUnits() of the phrase.
    const std::vector<std::vector<std::string>>* units;
    std::string_view text;  // as written, for why_open()
    // 0: counts whatever the post's label; else the label's value + 1 (an
    // intent with `requires`).
    uint8_t label = 0;
    // An intent's cue, which Check() may leave to Tagger::TagIntents(): its
    // matches set a mark and no position shows in what Tag() lists.
    bool intent = false;
  };
  struct Options {
    bool question = false;  // the built-in question pattern is compiled
    bool question_intents = true;  // ... for intents alone
    // The regexes Tag() runs, as compiled (WrapPattern()), but exclusions
    // and the built-in question pattern.
    std::vector<std::string> patterns;
  };
  // Exclusions need no phrase here: they only take mentions away.
  static std::unique_ptr<TagGate> Create(const std::vector<Phrase>& phrases, const Options& options);
  ~TagGate();

  // False only when Tag() on `text` with a post labelled `label` lists
  // nothing at all. Test() below, for most calls: but when on a thread the
  // test has turned away fewer than a quarter of the last kWindow posts
  // (a taxonomy that matches most posts, where the test costs more than it
  // saves: it costs about a fifth of what a turned-away post saves), the
  // next kPause calls say "maybe" untested, and then it tests again. What
  // Tag() lists is the same either way.
  bool MayTag(std::string_view text, SentimentLabel label) const;
  static constexpr uint32_t kWindow = 256, kPause = 15 * kWindow;

  // The test itself, on every call.
  bool Test(std::string_view text, SentimentLabel label) const;

  // What Check() says of a post.
  enum class Verdict : uint8_t {
    kNo,       // Tag() lists nothing (Test() says no)
    kIntents,  // Tag() may list intents, and nothing else; see Hit
    kMaybe,    // Tag() may list anything
  };
  // Where an intent's cue may be, for kIntents: a run of letters at byte
  // `at` of the text that is one of the required units of an intent phrase
  // whose required units are all in the text (or a '?', for the question
  // pattern). A match of that phrase holding the run's token has up to
  // `before` units before that token and `after` after it (a unit is one
  // token; a "-" token may stand between two), and so lies within the run's
  // chunk (a run between ASCII whitespace), the next `after` chunks that
  // hold an ASCII letter or digit and the chunks without one among and
  // before them, and the same backwards. That is because each chunk with a
  // letter or digit between the run's chunk and the match's last holds a
  // unit of the match (it holds a token, which lies inside the match; a "-"
  // there is followed by the next unit or preceded by another token of the
  // match), each a different one, and when the match's last chunk has
  // none, it holds the last unit, which none of those chunks then holds.
  // Every intent match Tag() finds overlaps
  // such a window, and with kIntents no match of anything else exists: no
  // brand, topic or price-word phrase has its required units in the text,
  // no pattern's atoms are there, and no amount (no digit beside a currency
  // word or sign), so topics, aspects and prices are empty.
  struct Hit {
    uint32_t at;
    uint8_t before, after;
  };
  // Test() that, where only intents' phrases (or the question mark) make
  // the post a "maybe", says kIntents and lists their places in *hits (in
  // text order; cleared first) rather than kMaybe. MayTag()'s pause
  // applies: a paused call says kMaybe untested. kNo and kIntents both
  // count as turned away, since both spare the caller Tag()'s whole path.
  //
  // `classes`, when not null, are the sentiment scorer's of `text`
  // (VaderScratch::Classes()): the gate reads its letters and lower-cased
  // bytes from them rather than classify the text again. The verdict and
  // hits are the same either way.
  Verdict Check(std::string_view text, SentimentLabel label, std::vector<Hit>* hits,
                const TextClasses* classes = nullptr) const;
  // Check() on every call, with no pause.
  Verdict CheckNow(std::string_view text, SentimentLabel label, std::vector<Hit>* hits,
                   const TextClasses* classes = nullptr) const;

  // Whether MayTag() ever says "no" (see above), and when not, why: "a
  // phrase with no ASCII letter ('747')", ...
  bool active() const { return !open_; }
  const std::string& why_open() const { return why_open_; }

 private:
  TagGate() = default;
  // Test() (kHits false) or CheckNow() (kHits true): ExamineBody(), as
  // compiled for BMI1 and BMI2 where the CPU has them (ExamineBmi(),
  // tag_gate.cc), else as compiled for any x86-64 (ExamineBase()), then
  // ExamineFolded() where the text has a character StripAccents() may
  // change. In line, so its callers test the CPU's flag and call either,
  // with no call between.
  template <bool kHits>
  [[gnu::always_inline]] inline Verdict Examine(std::string_view text, SentimentLabel label,
                                                std::vector<Hit>* hits,
                                                const TextClasses* classes) const;
  // *fold: set when the verdict may change with the text's accents taken
  // off (a character of it that StripAccents() may change), else left as
  // it is.
  template <bool kHits, bool kBmi>
  [[gnu::always_inline]] inline Verdict ExamineBody(std::string_view text, SentimentLabel label,
                                                    std::vector<Hit>* hits,
                                                    const TextClasses* classes, bool* fold) const;
  // For a text with a character StripAccents() may change, once
  // ExamineBody() says other than kMaybe: kMaybe when the text with its
  // accents taken off may hold a match, else `verdict`.
  [[gnu::noinline]] Verdict ExamineFolded(std::string_view text, SentimentLabel label,
                                          Verdict verdict) const;
  template <bool kHits>
  Verdict ExamineBase(std::string_view text, SentimentLabel label, std::vector<Hit>* hits,
                      const TextClasses* classes, bool* fold) const;
  template <bool kHits>
  Verdict ExamineBmi(std::string_view text, SentimentLabel label, std::vector<Hit>* hits,
                     const TextClasses* classes, bool* fold) const;
  // The tally behind MayTag() and Check(), per thread (tag_gate.cc):
  // whether to test this call, and what the test said.
  struct Tally;
  // This thread's tally of this gate. (Inlined into their callers, Check()
  // and MayTag(), as are the two below: a post's calls fetch it once.)
  [[gnu::always_inline]] inline Tally& ThreadTally() const;
  [[gnu::always_inline]] static inline bool Paused(Tally& t);
  [[gnu::always_inline]] static inline void Count(Tally& t, bool turned_away);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool open_ = true;
  std::string why_open_;
  uint64_t id_ = 0;  // unique to this gate: MayTag()'s tally per thread is kept per gate
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
// The most runs of ASCII letters a text that the unit `key` accepts has
// (at least that many; tag_gate_test.cc holds it to UnitTexts()).
size_t UnitMaxRuns(std::string_view key);
// Whether `text` holds a character whose case mappings hold an ASCII letter
// (for those, the gate always says "maybe"), as the gate's look at its
// characters beyond ASCII tells; and, for a text with none of those,
// whether that look finds one that StripAccents() may change (the gate
// then tests the text with its accents taken off too).
bool HasCaseTrapForTest(std::string_view text);
bool MayFoldForTest(std::string_view text);
// Whether gates take their BMI1/BMI2 code (TagGate::ExamineBmi()): when the
// CPU has both, unless a test turned it off. SetBmi() returns the previous
// setting; asking for BMI on a CPU without it leaves it off.
bool UsesBmi();
bool SetBmi(bool bmi);
}  // namespace tag_gate_internal

}  // namespace parley

#endif  // PARLEY_TAXONOMY_TAG_GATE_H_
