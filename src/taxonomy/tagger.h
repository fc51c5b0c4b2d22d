// The compiled taxonomy: tags a post with its brands, topics, intents,
// aspect sentiments and prices.
//
// Rules (data/taxonomy/README.md has the user-facing version):
//  - Brands and topics are listed in order of first mention, each once; a
//    nested topic brings its parents, listed before it. A mention inside an
//    `exclude` phrase of the same brand or topic does not count.
//  - Prices are currency amounts (prices.h) and the taxonomy's price words,
//    in text order; a price word inside a longer one is not listed twice.
//    When the taxonomy has a topic with id "price", every price is also a
//    mention of that topic.
//  - Aspects: one per listed topic, the mean VADER score of the clauses
//    (aspects.h) holding its mentions or its sub-topics' mentions.
//  - Intents, in the taxonomy's order: an intent applies when one of its
//    cues matches and the post's overall label is the intent's `requires`
//    (if any), or, without a cue, when the post's label is its `with_topic`
//    and the post mentions a topic, or its `with_brand` and the post
//    mentions a brand; and is listed unless an intent of its
//    `unless` applies too.
//  - Accents: a phrase written with them also matches without them (its
//    folded form is compiled beside it), and every phrase but a
//    case-sensitive alias also matches the post's tokens with their accents
//    taken off (StripAccents(): "cafe" in "Café", "creme brulee" in "crème
//    brûlée"); regex patterns match as written.
//
// Thread safety: a Tagger is immutable after Create(); Tag() may be called
// from many threads at once (it keeps per-thread scratch space).
#ifndef PARLEY_TAXONOMY_TAGGER_H_
#define PARLEY_TAXONOMY_TAGGER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/taxonomy/matcher.h"
#include "src/taxonomy/phrase.h"
#include "src/taxonomy/tag_gate.h"
#include "src/taxonomy/taxonomy.h"
#include "src/taxonomy/token_matcher.h"
#include "src/text/tokenizer.h"

namespace parley {

// Scores a clause; the analyzer passes its own sentiment model.
class SentimentScorer {
 public:
  virtual ~SentimentScorer() = default;
  virtual Sentiment Score(std::string_view text) const = 0;
  // Score(text.substr(begin, end - begin)), given the whole post `text` that
  // the caller's model has just scored: a model may reuse that work.
  virtual Sentiment ScoreSpan(std::string_view text, size_t begin, size_t end) const {
    return Score(text.substr(begin, end - begin));
  }
};

struct TaggerOptions {
  MatchEngine engine = MatchEngine::kAuto;
  // Labels for aspect scores, as for the post's own score.
  double positive_threshold = 0.05;
  double negative_threshold = -0.05;
};

class Tagger {
 public:
  // Compiles the phrases of `taxonomy` into one token automaton
  // (token_matcher.h) and its patterns into one regex matcher (matcher.h);
  // with an engine named in `options`, everything into that regex engine.
  // Errors name the file and line of the term that cannot be compiled.
  static StatusOr<std::unique_ptr<Tagger>> Create(Taxonomy taxonomy, const TaggerOptions& options);
  ~Tagger();

  // Fills out->brands, topics, intents, aspects and prices (which it clears
  // first) for `text`, whose tokens are `tokens` and whose overall sentiment
  // is already in out->sentiment: scorer.Score(text), which aspects reuse
  // for a clause that is the whole text. Returns the canonical text of
  // `text` it matched on (phrase.h), whose pieces hold every token's normal
  // form: the analyzer takes mentions and hashtags from it rather than
  // normalize them again. Valid until the next Tag() on the same thread.
  const CanonicalText& Tag(std::string_view text, const std::vector<Token>& tokens,
                           const SentimentScorer& scorer, Analysis* out) const;

  // False only when Tag() would list nothing for `text` in a post whose
  // overall label is `label` (tag_gate.h): the caller may then skip
  // tokenizing the whole post and Tag(), and list no brand, topic, intent,
  // aspect or price. True for most posts that do get a tag, and for every
  // post when the gate cannot test this taxonomy (gate().why_open()).
  bool MayTag(std::string_view text, SentimentLabel label) const {
    return gate_->MayTag(text, label);
  }
  // The gate's verdict on a post, with MayTag()'s pause (TagGate::Check()):
  // for kIntents, the places of the intents' cues in *hits.
  // `classes`: the sentiment scorer's of `text`, when it has them
  // (VaderScratch::Classes()), which the gate then reads.
  TagGate::Verdict Check(std::string_view text, SentimentLabel label,
                         std::vector<TagGate::Hit>* hits,
                         const TextClasses* classes = nullptr) const {
    return gate_->Check(text, label, hits, classes);
  }
  // For a post Check() called kIntents with `hits`: sets out->intents to
  // what Tag() would list (clearing it first; its brands, topics, aspects
  // and prices are empty then, and are left as they are), tokenizing only
  // the chunks around the hits (TagGate::Hit) with `tokenizer`. Returns false, having changed nothing,
  // when it cannot tell: a taxonomy compiled all as regexes, or a match of
  // something else than an intent in those chunks (which the gate's verdict
  // rules out); Tag() must then tag the post.
  bool TagIntents(std::string_view text, const std::vector<TagGate::Hit>& hits,
                  const Tokenizer& tokenizer, Analysis* out) const;

  // Whether a brand has `sources` (AddSourceBrands() then has work).
  bool has_source_brands() const { return !source_brands_.empty(); }
  // For a post from `source` whose tags are in *out: adds the brands that
  // own the source (their `sources`) to out->brands, after those it names;
  // and when it named none, the intents that apply to a post about a brand
  // (`with_brand`, the built-in complaint: a negative review of the app),
  // listed as Tag() lists them, `unless` and all.
  void AddSourceBrands(const std::string& source, Analysis* out) const;

  // Whether MayTag() ever says false for this taxonomy.
  bool gated() const { return gate_->active(); }
  const TagGate& gate() const { return *gate_; }

  const Taxonomy& taxonomy() const { return taxonomy_; }
  // "token automaton + hyperscan", "token automaton", "re2", ...
  std::string_view engine() const { return engine_name_; }
  size_t pattern_count() const { return targets_.size(); }

  // What a compiled pattern stands for.
  enum class Kind : uint8_t {
    kBrand,
    kBrandExclude,
    kTopic,
    kTopicExclude,
    kIntent,
    kPriceWord,
    kIntentExclude
  };
  static bool IsExclusion(Kind k) {
    return k == Kind::kBrandExclude || k == Kind::kTopicExclude || k == Kind::kIntentExclude;
  }
  struct Target {
    Kind kind;
    uint32_t index;  // into the taxonomy's brands, topics or intents
  };

 private:
  struct Scratch;

  Tagger(Taxonomy taxonomy, const TaggerOptions& options);
  Status Compile();
  static Scratch& ThreadScratch();
  // TagIntents() for one hit that reaches no other token, at byte `at`:
  // from its chunk alone when that has the plainest shape (tagger.cc): 1
  // done, 0 not that shape, -1 a match of something else than an intent.
  int TagChunk(std::string_view text, size_t at, Scratch& s) const;
  bool ScanWindow(std::string_view text, size_t begin, size_t end, const Tokenizer& tokenizer,
                  Scratch& s) const;
  // Marks the intent pattern `id` stands for (Collect(), and for
  // TagIntents()); true too for a brand's or topic's exclusion (it only
  // takes mentions away), false for anything else, and for a cue of an
  // intent with exclusions or one of those exclusions: whether the cue lies
  // inside one needs the whole post (Collect()), which TagIntents()'s
  // windows may not hold.
  // `negated`: a cue of an intent with `negation` with a negation shortly
  // before it, marked apart (ListIntents()).
  bool MarkIntent(uint32_t id, Scratch& s, bool negated = false) const;
  // Whether one of the three chunks (runs between ASCII whitespace) before
  // byte `at` of the raw text, with none ending in punctuation before it,
  // is a negation ("not", "never", "can't"...).
  static bool Negated(std::string_view text, size_t at);
  // The raw offset (in the text s.canon was built from) where match `m`
  // begins.
  static uint32_t RawBegin(const Scratch& s, const MatchSpan& m);
  // A cue of an intent with `negation` that no cue has marked plainly yet
  // (once one has, whether this one is negated changes nothing).
  bool NegationCue(uint32_t id, const Scratch& s) const;
  void QuestionMarks(Scratch& s) const;
  // Adds to s.matches those of the folding terms (fold_) in s.canon with
  // its pieces' accents taken off, at the places of their pieces in
  // s.canon, when that changes a piece; then sorts s.matches and keeps one
  // of each (id, end).
  void MatchFolded(Scratch& s) const;
  void Collect(std::string_view text, Scratch& s, Analysis* out) const;
  void CollectPrices(std::string_view text, const std::vector<Token>& tokens, Scratch& s,
                     Analysis* out) const;
  void ListTopics(Scratch& s, Analysis* out) const;
  void ScoreAspects(std::string_view text, const SentimentScorer& scorer, Scratch& s,
                    Analysis* out) const;
  void ListIntents(const Scratch& s, Analysis* out) const;
  // Appends to out->intents, in the taxonomy's order, each intent that
  // `apply` (a byte per intent) says applies and none of whose `unless`
  // applies.
  void ListApplying(const uint8_t* apply, Analysis* out) const;
  // Whether `topic` is `ancestor` or below it.
  bool IsWithin(uint32_t topic, uint32_t ancestor) const;

  Taxonomy taxonomy_;
  TaggerOptions options_;
  std::unique_ptr<TokenMatcher> tokens_;  // the phrases (null when none, or an engine named)
  std::unique_ptr<Matcher> matcher_;      // the regexes (null when none, unless nothing else is)
  std::unique_ptr<TagGate> gate_;         // never null after Compile()
  std::string engine_name_;
  std::vector<Target> targets_;         // per pattern id
  std::vector<uint32_t> regex_ids_;     // matcher_'s spec index -> pattern id
  std::vector<uint32_t> question_ids_;  // pattern ids of the question-mark pattern (tagger.cc)
  // Per pattern id: 1 for a phrase that also matches the post's tokens with
  // their accents taken off (MatchFolded()); whether any does.
  std::vector<uint8_t> fold_;
  bool any_fold_ = false;
  // Per intent, what ListIntents() reads, packed: labels as SentimentLabel
  // values, -1 for none; `unless` as a bit per intent index (below 64).
  struct IntentRule {
    int8_t required = -1, with_topic = -1, with_brand = -1;
    uint64_t unless = 0;
  };
  std::vector<IntentRule> intent_rules_;
  // The same for the first 64 intents, a bit each, per post label (the
  // SentimentLabel values): whose cue counts (`requires`), which keep a
  // negated cue (`with_topic` or `with_brand`), which apply with a topic,
  // with a brand.
  struct IntentMasks {
    uint64_t cue_counts = 0, with_label = 0, by_topic = 0, by_brand = 0;
  };
  IntentMasks intent_masks_[3];
  // Per intent, its `unless` as intent indices; whether any has one.
  std::vector<std::vector<uint32_t>> intent_unless_;
  bool has_unless_ = false;
  // Every brand's `sources` (a name, or a pattern: SourceMatches()) with
  // the brand's index, in taxonomy order; `pattern` said once here, not
  // looked for in each post's source.
  struct SourceBrand {
    std::string source;
    uint32_t brand = 0;
    bool pattern = false;
  };
  std::vector<SourceBrand> source_brands_;
  std::vector<int> topic_parent_;       // -1 for a top-level topic
  int price_topic_ = -1;                // the topic with id "price", if any
  bool has_exclusions_ = false;         // a target that IsExclusion()
  std::vector<uint8_t> intent_excludes_;  // per intent: it has exclusions
  // Per target id (as far as the last one set): an alias of a brand with one
  // of several words ("Delta Air Lines"), whose matches keep topics out.
  std::vector<bool> brand_names_;
  // Per target, the alias as written when its brand is `case_sensitive`
  // (else empty); empty when no brand is.
  std::vector<std::string> case_aliases_;
  // Whether match `m` of `alias` has the alias's case in the raw text.
  static bool CaseMatches(std::string_view text, const Scratch& s, const MatchSpan& m,
                          std::string_view alias);
  // Every regex of matcher_ needs an ASCII digit in its matches
  // (RegexNeedsDigit()): a canonical text without one is not scanned.
  bool regexes_need_digit_ = false;
};

}  // namespace parley

#endif  // PARLEY_TAXONOMY_TAGGER_H_
