#include "src/taxonomy/tagger.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "src/core/bytes.h"
#include "src/taxonomy/aspects.h"
#include "src/taxonomy/phrase.h"
#include "src/taxonomy/prices.h"
#include "src/text/emoticon.h"
#include "src/text/unicode.h"
#include "src/text/vader.h"

namespace parley {
namespace {

// How the terms of one list become patterns.
struct TermRule {
  bool pattern = false;  // a regular expression, not a phrase
  bool inflect = false;
  bool hashtag = false;  // a phrase also matches as a hashtag
  bool want_begin = false;
  // A phrase with accents also matches without them ("Nestlé": "Nestle"),
  // and a phrase matches tokens written with accents ("cafe": "café"), as
  // posts (and taxonomies) often drop them.
  bool fold = false;
};

// The built-in question intent's pattern (defaults.cc): a token of '?' and
// '!' with at least one '?'. Wrapped, " (?:...) " matches exactly such a
// whole token, which a test of each piece finds without a regex scan of
// every post (QuestionMarks() below).
constexpr std::string_view kQuestionPattern = "[?!]*\\?[?!]*";

// How many words (chunks between ASCII whitespace) before an intent's cue a
// negation is looked for (an intent with `negation`), as VADER looks three
// words back.
constexpr int kNegationReach = 3;

// A word that negates what follows it within kNegationReach words, lower
// case with ’ as ': "not", "no", "never" and the like, and the
// contractions in n't, with or without their apostrophe.
bool IsNegation(std::string_view w) {
  // Most words are none: all but four of these end in 't', those begin
  // with 'n' or end in "ly".
  static constexpr std::string_view kEndInT[] = {
      "not",  "cant",  "cannot", "dont",    "doesnt",   "didnt",  "isnt",  "wasnt", "arent",
      "werent", "wont", "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint",
      "without"};
  static constexpr std::string_view kOther[] = {"no",      "never",   "nothing", "none", "nobody",
                                                "nowhere", "neither", "nor",     "hardly", "barely"};
  if (w.size() < 2) return false;
  if (w.back() == 't') {
    if (w.size() > 3 && w.substr(w.size() - 3) == "n't") return true;
    for (std::string_view k : kEndInT) {
      if (w == k) return true;
    }
    return false;
  }
  if (w.front() != 'n' && w.back() != 'y') return false;
  for (std::string_view k : kOther) {
    if (w == k) return true;
  }
  return false;
}

bool IsQuestionMarks(std::string_view token) {
  bool question = false;
  for (char c : token) {  // most tokens end at their first byte
    if (c != '?' && c != '!') return false;
    question |= c == '?';
  }
  return question;
}

// Collects pattern specs and what each stands for, stopping at the first
// term that yields no pattern.
class SpecBuilder {
 public:
  // With `tokens`, phrases go to the token automaton and only patterns to
  // the regex engine; otherwise every term is a regex.
  SpecBuilder(const std::string& file, bool tokens) : file_(file), tokens_(tokens) {}

  void Add(const std::vector<Term>& terms, Tagger::Kind kind, uint32_t index,
           const std::string& what, TermRule rule) {
    for (const Term& t : terms) {
      Add(t, kind, index, what, rule);
      if (rule.fold && !rule.pattern && !IsAllAscii(t.text)) {
        Term folded = t;
        folded.text = StripAccents(t.text);
        if (folded.text != t.text) Add(folded, kind, index, what, rule);
      }
    }
  }

  const Status& status() const { return status_; }
  std::vector<PatternSpec>& specs() { return specs_; }
  std::vector<Tagger::Target>& targets() { return targets_; }
  std::vector<PhraseSpec>& phrases() { return phrases_; }
  std::vector<uint32_t>& regex_ids() { return regex_ids_; }
  std::vector<uint32_t>& question_ids() { return question_ids_; }
  std::vector<uint8_t>& folds() { return folds_; }

 private:
  void Add(const Term& t, Tagger::Kind kind, uint32_t index, const std::string& what,
           TermRule rule) {
    if (!status_.ok()) return;
    auto origin = [&] { return Where(t) + what + " '" + t.text + "'"; };
    PhraseStyle style = rule.inflect ? PhraseStyle::kInflect : PhraseStyle::kExact;
    // A phrase for the automaton needs no pattern, only to have a token
    // (PhraseHasUnits(), a tenth of PhrasePattern()'s work at load time).
    const bool automaton = tokens_ && !rule.pattern;
    std::string body;
    if (!automaton) body = rule.pattern ? t.text : PhrasePattern(t.text, style, rule.hashtag);
    if (automaton ? !PhraseHasUnits(t.text) : body.empty()) {
      status_ = InvalidArgumentError(origin() + " has nothing to match (no words or signs)");
      return;
    }
    uint32_t id = static_cast<uint32_t>(targets_.size());
    targets_.push_back(Tagger::Target{kind, index});
    folds_.push_back(rule.fold && !rule.pattern);
    if (automaton) {
      phrases_.push_back(PhraseSpec{id, t.text, style, rule.hashtag});
    } else if (tokens_ && t.text == kQuestionPattern) {
      question_ids_.push_back(id);
    } else {
      specs_.push_back(PatternSpec{WrapPattern(body), rule.want_begin, origin()});
      regex_ids_.push_back(id);
    }
  }

  std::string Where(const Term& t) const {
    return t.line ? file_ + ":" + std::to_string(t.line) + ": " : "built-in taxonomy: ";
  }

  std::string file_;
  bool tokens_;
  Status status_;
  std::vector<PatternSpec> specs_;
  std::vector<uint32_t> regex_ids_;  // per spec, its index in targets_
  std::vector<PhraseSpec> phrases_;
  std::vector<uint32_t> question_ids_;  // kQuestionPattern terms, in targets_
  std::vector<Tagger::Target> targets_;
  std::vector<uint8_t> folds_;  // per target: TermRule::fold, for a phrase
};

double Round4(double v) { return std::round(v * 1e4) / 1e4; }

// A polar price word ("overpriced", "good deal") weighs in the price
// aspect's clause as a word of valence 2 would in VADER ("good" is 1.9,
// "bad" -2.5), times VADER's scalar when a negation comes shortly before it
// ("not overpriced"). VADER's lexicon has no valence for most of these
// words: without it "the fare was too expensive" gave a neutral price.
constexpr double kPriceWordValence = 2.0;

double PriceValence(bool positive, bool negated) {
  return (positive ? kPriceWordValence : -kPriceWordValence) * (negated ? kVaderNegationScalar : 1);
}

// A clause's score with `valence` added to the sum it was normalized from,
// by VADER's normalization and its inverse (vader.h).
double WithValence(double score, double valence) {
  if (valence == 0) return score;
  return VaderNormalize(VaderDenormalize(score) + valence);
}

// A clause that is the whole text (a post of one sentence, the usual case)
// has the post's own score, which the analyzer has already computed.
double ClauseScore(std::string_view text, const Clause& clause, const SentimentScorer& scorer,
                   const Analysis& post) {
  if (clause.empty()) return 0;
  if (clause.raw_begin == 0 && clause.raw_end == text.size()) return post.sentiment.score;
  return scorer.ScoreSpan(text, clause.raw_begin, clause.raw_end).score;
}

}  // namespace

struct Tagger::Scratch {
  struct Span {
    Kind kind;
    uint32_t index, begin, end;  // canonical offsets of the matched tokens
  };
  struct Mention {
    uint32_t topic;
    int piece;
    // A polar price word's own valence (PriceValence()), 0 for the rest.
    double valence = 0;
  };

  // Marks are stamped with the current call's number, so nothing needs
  // clearing between posts whatever the taxonomy's size.
  void Begin(const Taxonomy& t) {
    if (brand_mark.size() < t.brands.size()) brand_mark.resize(t.brands.size(), 0);
    if (topic_mark.size() < t.topics.size()) topic_mark.resize(t.topics.size(), 0);
    if (intent_mark.size() < t.intents.size()) intent_mark.resize(t.intents.size(), 0);
    if (negated_mark.size() < t.intents.size()) negated_mark.resize(t.intents.size(), 0);
    if (intent_applies.size() < t.intents.size()) intent_applies.resize(t.intents.size(), 0);
    if (++call == 0) {  // wrapped: old marks could look current
      for (auto* v : {&brand_mark, &topic_mark, &intent_mark, &negated_mark}) {
        std::fill(v->begin(), v->end(), 0);
      }
      call = 1;
    }
    matches.clear();
    exclusions.clear();
    price_words.clear();
    mentions.clear();
    amounts.clear();
    listed.clear();
  }
  // Begin() for TagIntents(), which uses the intents' marks alone (and
  // clears what it fills): the rest are left for the next Begin().
  void BeginIntents(const Taxonomy& t) {
    if (intent_mark.size() < t.intents.size()) intent_mark.resize(t.intents.size(), 0);
    if (negated_mark.size() < t.intents.size()) negated_mark.resize(t.intents.size(), 0);
    if (intent_applies.size() < t.intents.size()) intent_applies.resize(t.intents.size(), 0);
    if (++call == 0) {  // wrapped: as in Begin()
      for (auto* v : {&brand_mark, &topic_mark, &intent_mark, &negated_mark}) {
        std::fill(v->begin(), v->end(), 0);
      }
      call = 1;
    }
  }

  CanonicalText canon;
  CanonicalText folded;    // MatchFolded(): canon with its accents taken off
  std::string fold_piece;  // MatchFolded(): a piece's
  std::string normal;
  std::vector<Token> tokens;  // TagIntents(): a window's
  std::vector<uint32_t> ids;  // TagChunk(): the phrases a word matches
  std::vector<MatchSpan> matches;
  bool matches_sorted = false;  // by (end, id), as TokenMatcher::Scan() leaves them
  std::vector<Span> exclusions, price_words;
  std::vector<Mention> mentions;
  std::vector<AmountMention> amounts;
  std::vector<uint32_t> listed;  // topic indices, as listed
  std::vector<uint32_t> brand_mark, topic_mark, intent_mark;
  // An intent whose only cues had a negation before them (`negation`).
  std::vector<uint32_t> negated_mark;
  // ListIntents(), with `unless`: whether each intent applies (before
  // `unless`). Written there, so mutable: the scratch is otherwise read.
  mutable std::vector<uint8_t> intent_applies;
  uint32_t call = 0;
  std::vector<Clause> clauses;
  std::vector<uint32_t> clause_of;
  std::vector<double> clause_score;  // NaN until scored
  std::vector<uint32_t> clause_mark;
  std::vector<Clause> segments;  // the clauses' parts between commas, colons, dashes
  std::vector<uint32_t> segment_of;
  std::vector<double> segment_score;  // NaN until scored
  std::vector<uint32_t> segment_mark;
  // The valence of polar price words (Mention::valence) of the topic being
  // scored, per clause and segment.
  std::vector<double> clause_valence, segment_valence;
  // ScoreAspects(): per topic, its place in `listed` (for listed topics);
  // each listed topic's mentions (its own and its sub-topics'), by their
  // places in `mentions`, in order: those of listed[k] are
  // topic_mentions[mentions_begin[k], mentions_begin[k + 1]).
  std::vector<uint32_t> listed_at, mentions_begin, topic_mentions;
  std::vector<uint32_t> mentions_next;  // (filling topic_mentions)
};

Tagger::Tagger(Taxonomy taxonomy, const TaggerOptions& options)
    : taxonomy_(std::move(taxonomy)), options_(options) {}

Tagger::~Tagger() = default;

StatusOr<std::unique_ptr<Tagger>> Tagger::Create(Taxonomy taxonomy, const TaggerOptions& options) {
  std::unique_ptr<Tagger> tagger(new Tagger(std::move(taxonomy), options));
  PARLEY_RETURN_IF_ERROR(tagger->Compile());
  return tagger;
}

Status Tagger::Compile() {
  // kAuto: plain phrases in the token automaton, patterns in the regex
  // engine. An engine named explicitly takes the phrases too, as regexes (to
  // cross-check the automaton, and where a user wants one engine for all).
  SpecBuilder b(taxonomy_.file, options_.engine == MatchEngine::kAuto);
  const TermRule exact, pattern{.pattern = true}, exclusion{.want_begin = true};
  for (uint32_t i = 0; i < taxonomy_.brands.size(); ++i) {
    const TaxonomyBrand& br = taxonomy_.brands[i];
    std::string what = "brand '" + br.id + "' ";
    for (const Term& src : br.sources) {
      source_brands_.push_back({src.text, i, IsSourcePattern(src.text)});
    }
    const size_t first_alias = b.targets().size();
    // (A case-sensitive alias's match needs its start, to read it raw; an
    // alias of several words too, to keep topics out of it: Collect().)
    bool words = false;
    for (const Term& a : br.aliases) {
      words |= std::any_of(a.text.begin(), a.text.end(), [](char c) {
        return !std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80;
      });
    }
    b.Add(br.aliases, Kind::kBrand, i, what + "alias",
          TermRule{.inflect = br.inflect,
                   .want_begin = br.case_sensitive || words,
                   .fold = !br.case_sensitive});
    if (words && b.status().ok()) {
      brand_names_.resize(b.targets().size());
      std::fill(brand_names_.begin() + first_alias, brand_names_.end(), true);
    }
    if (br.case_sensitive && b.status().ok()) {
      case_aliases_.resize(b.targets().size());
      for (size_t k = 0; k < br.aliases.size(); ++k) case_aliases_[first_alias + k] = br.aliases[k].text;
    }
    b.Add(br.handles, Kind::kBrand, i, what + "handle", exact);
    b.Add(br.hashtags, Kind::kBrand, i, what + "hashtag", exact);
    b.Add(br.patterns, Kind::kBrand, i, what + "pattern", pattern);
    // An exclusion takes its owner's inflection: with "late checkout"
    // excluded, "late checkouts" is no delay either.
    b.Add(br.exclude, Kind::kBrandExclude, i, what + "exclusion",
          TermRule{.inflect = br.inflect, .want_begin = true, .fold = true});
  }
  for (uint32_t i = 0; i < taxonomy_.topics.size(); ++i) {
    const TaxonomyTopic& t = taxonomy_.topics[i];
    std::string what = "topic '" + t.id + "' ";
    b.Add(t.phrases, Kind::kTopic, i, what + "phrase",
          TermRule{.inflect = t.inflect, .hashtag = true, .fold = true});
    b.Add(t.patterns, Kind::kTopic, i, what + "pattern", pattern);
    b.Add(t.exclude, Kind::kTopicExclude, i, what + "exclusion",
          TermRule{.inflect = t.inflect, .want_begin = true, .fold = true});
    int parent = -1;
    for (uint32_t j = 0; j < i && !t.parent.empty(); ++j) {
      if (taxonomy_.topics[j].id == t.parent) parent = static_cast<int>(j);
    }
    topic_parent_.push_back(parent);
    if (t.id == "price") price_topic_ = static_cast<int>(i);
  }
  for (uint32_t i = 0; i < taxonomy_.intents.size(); ++i) {
    const TaxonomyIntent& in = taxonomy_.intents[i];
    std::string what = "intent '" + in.id + "' ";
    // A negation is looked for before a cue's first word: its match needs
    // its start (Hyperscan reports only ends unless asked).
    // A cue also matches as a hashtag, as a topic's phrase does: "#fail",
    // "#frustrated", "#thankyou", "#neveragain" are how many posts say it.
    b.Add(
        in.phrases, Kind::kIntent, i, what + "phrase",
        TermRule{.inflect = in.inflect, .hashtag = true, .want_begin = in.negation, .fold = true});
    b.Add(in.patterns, Kind::kIntent, i, what + "pattern",
          TermRule{.pattern = true, .want_begin = in.negation});
    // As a topic's (and with the cues' inflection).
    b.Add(in.exclude, Kind::kIntentExclude, i, what + "exclusion",
          TermRule{.inflect = in.inflect, .want_begin = true, .fold = true});
    intent_excludes_.push_back(!in.exclude.empty());
    // `unless`, by index (ParseTaxonomy() checks the names; a taxonomy
    // built in code is checked here).
    std::vector<uint32_t> unless;
    for (const Term& other : in.unless) {
      uint32_t j = 0;
      while (j < taxonomy_.intents.size() && taxonomy_.intents[j].id != other.text) ++j;
      if (j == taxonomy_.intents.size() || j == i) {
        return InvalidArgumentError(taxonomy_.file + ":" + std::to_string(other.line) + ": " +
                                    what + "unless: no other intent '" + other.text + "'");
      }
      unless.push_back(j);
    }
    has_unless_ |= !unless.empty();
    IntentRule rule;
    if (in.requires_label) rule.required = static_cast<int8_t>(*in.requires_label);
    if (in.with_topic) rule.with_topic = static_cast<int8_t>(*in.with_topic);
    if (in.with_brand) rule.with_brand = static_cast<int8_t>(*in.with_brand);
    for (uint32_t j : unless) rule.unless |= j < 64 ? uint64_t{1} << j : 0;
    intent_rules_.push_back(rule);
    intent_unless_.push_back(std::move(unless));
    if (i < 64) {
      for (int label = 0; label < 3; ++label) {
        IntentMasks& m = intent_masks_[label];
        const uint64_t bit = uint64_t{1} << i;
        if (rule.required < 0 || rule.required == label) m.cue_counts |= bit;
        if (rule.with_topic == label || rule.with_brand == label) m.with_label |= bit;
        if (rule.with_topic == label) m.by_topic |= bit;
        if (rule.with_brand == label) m.by_brand |= bit;
      }
    }
  }
  // A price word's index is its polarity (PriceValence()); a polar one's
  // match needs its start, where a negation is looked for.
  b.Add(taxonomy_.price_words, Kind::kPriceWord, 0, "price word", exclusion);
  b.Add(taxonomy_.negative_price_words, Kind::kPriceWord, 1, "negative price word", exclusion);
  b.Add(taxonomy_.positive_price_words, Kind::kPriceWord, 2, "positive price word", exclusion);
  PARLEY_RETURN_IF_ERROR(b.status());
  if (!b.specs().empty() || (b.phrases().empty() && b.question_ids().empty())) {
    PARLEY_ASSIGN_OR_RETURN(matcher_, Matcher::Create(b.specs(), options_.engine));
    engine_name_ = std::string(matcher_->engine());
  }
  // Each phrase's units, for the automaton and for the gate in front of it.
  std::vector<std::vector<std::vector<std::string>>> units;
  units.reserve(b.phrases().size());
  std::vector<TagGate::Phrase> gated;
  for (const PhraseSpec& spec : b.phrases()) units.push_back(TokenMatcher::PhraseUnits(spec));
  for (size_t i = 0; i < b.phrases().size(); ++i) {
    const Target& t = b.targets()[b.phrases()[i].id];
    if (IsExclusion(t.kind)) continue;
    uint8_t label = 0;
    if (t.kind == Kind::kIntent && taxonomy_.intents[t.index].requires_label) {
      label = static_cast<uint8_t>(static_cast<int>(*taxonomy_.intents[t.index].requires_label) + 1);
    }
    gated.push_back(
        TagGate::Phrase{&units[i], b.phrases()[i].phrase, label, t.kind == Kind::kIntent});
  }
  TagGate::Options gate_options;
  gate_options.question = !b.question_ids().empty();
  for (uint32_t id : b.question_ids()) {
    gate_options.question_intents &= b.targets()[id].kind == Kind::kIntent;
  }
  const std::string question = WrapPattern(kQuestionPattern);
  for (size_t k = 0; k < b.specs().size(); ++k) {
    const Target& t = b.targets()[b.regex_ids()[k]];
    if (IsExclusion(t.kind)) continue;
    if (b.specs()[k].regex == question) {
      gate_options.question = true;  // another engine than the automaton's: the question intent
      gate_options.question_intents &= t.kind == Kind::kIntent;
    } else {
      gate_options.patterns.push_back(b.specs()[k].regex);
    }
  }
  gate_ = TagGate::Create(gated, gate_options);
  if (!b.phrases().empty()) {
    tokens_ = TokenMatcher::Create(b.phrases(), units);
    if (!tokens_) return InternalError("a phrase with no tokens reached the token automaton");
  }
  if (tokens_ || !b.question_ids().empty()) {
    engine_name_ = matcher_ ? "token automaton + " + engine_name_ : "token automaton";
  }
  targets_ = std::move(b.targets());
  fold_ = std::move(b.folds());
  any_fold_ = std::find(fold_.begin(), fold_.end(), 1) != fold_.end();
  if (!case_aliases_.empty()) case_aliases_.resize(targets_.size());
  for (const Target& t : targets_) {
    has_exclusions_ |= IsExclusion(t.kind);
  }
  regexes_need_digit_ = matcher_ != nullptr;
  for (const PatternSpec& spec : b.specs()) {
    regexes_need_digit_ = regexes_need_digit_ && RegexNeedsDigit(spec.regex);
  }
  regex_ids_ = std::move(b.regex_ids());
  question_ids_ = std::move(b.question_ids());
  return Status::OK();
}

const CanonicalText& Tagger::Tag(std::string_view text, const std::vector<Token>& tokens,
                                 const SentimentScorer& scorer, Analysis* out) const {
  out->brands.clear();
  out->topics.clear();
  out->intents.clear();
  out->aspects.clear();
  out->prices.clear();
  Scratch& s = ThreadScratch();
  s.Begin(taxonomy_);
  BuildCanonicalText(text, tokens, &s.canon, &s.normal);
  if (tokens_) tokens_->Scan(s.canon, &s.matches);
  s.matches_sorted = true;
  if (!question_ids_.empty() && s.canon.has_question) QuestionMarks(s);
  // (Most posts have no digit, and many taxonomies' patterns all need one:
  // "delayed \d+ hours". The scan of the rest costs an engine call.)
  if (matcher_ && (!regexes_need_digit_ || bytes::HasAsciiDigit(s.canon.text))) {
    s.matches_sorted = false;
    size_t first = s.matches.size();
    matcher_->Scan(s.canon.text, &s.matches);
    for (size_t i = first; i < s.matches.size(); ++i) s.matches[i].id = regex_ids_[s.matches[i].id];
  }
  // (A canonical text of ASCII alone, most, has no accent to take off; nor
  // has one whose other characters are emoji and the like, many more than
  // those with an accent: the whole text is looked at once, where
  // MatchFolded() would build the folded copy piece by piece to find out.)
  if (any_fold_ && !bytes::IsAllAscii(s.canon.text) && MayStripAccents(s.canon.text))
    MatchFolded(s);
  // No match and no number (most posts with a large taxonomy of specific
  // phrases): no brand, topic, price or intent cue, so nothing to list.
  if (s.matches.empty() && !s.canon.has_number) return s.canon;
  Collect(text, s, out);
  CollectPrices(text, tokens, s, out);
  ListTopics(s, out);
  if (!s.listed.empty()) ScoreAspects(text, scorer, s, out);
  ListIntents(s, out);
  return s.canon;
}

Tagger::Scratch& Tagger::ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

namespace {

using bytes::IsAsciiLetter;
using bytes::IsAsciiSpace;

// Whether text[begin, end) holds an ASCII letter or digit: a chunk that
// does holds a token that makes a piece of the canonical text.
bool HasAlnum(std::string_view text, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (IsAsciiLetter(text[i]) || (text[i] >= '0' && text[i] <= '9')) return true;
  }
  return false;
}

// The chunk (a run between ASCII whitespace) that holds byte `at` of
// `text`, as [begin, end).
std::pair<size_t, size_t> ChunkAt(std::string_view text, size_t at) {
  size_t begin = at, end = at;
  while (begin > 0 && !IsAsciiSpace(text[begin - 1])) --begin;
  while (end < text.size() && !IsAsciiSpace(text[end])) ++end;
  return {begin, end};
}

// The chunks a hit's matches lie in (TagGate::Hit), as [begin, end) of
// `text`: the hit's chunk, then chunks before and after it until as many
// holding a letter or digit as it may reach, or the text's ends.
std::pair<size_t, size_t> HitWindow(std::string_view text, const TagGate::Hit& hit) {
  const size_t n = text.size();
  auto [begin, end] = ChunkAt(text, hit.at);
  for (int need = hit.before; need > 0;) {
    size_t e = begin;
    while (e > 0 && IsAsciiSpace(text[e - 1])) --e;
    if (e == 0) break;
    size_t b = e;
    while (b > 0 && !IsAsciiSpace(text[b - 1])) --b;
    need -= HasAlnum(text, b, e);
    begin = b;
  }
  for (int need = hit.after; need > 0;) {
    size_t b = end;
    while (b < n && IsAsciiSpace(text[b])) ++b;
    if (b == n) break;
    size_t e = b;
    while (e < n && !IsAsciiSpace(text[e])) ++e;
    need -= HasAlnum(text, b, e);
    end = e;
  }
  return {begin, end};
}

}  // namespace

bool Tagger::TagIntents(std::string_view text, const std::vector<TagGate::Hit>& hits,
                        const Tokenizer& tokenizer, Analysis* out) const {
  // Without the automaton the phrases and the question pattern are regexes
  // over the whole canonical text. (With it, any regex left is a user's
  // pattern, which the gate found no atoms of: it matches nothing here.)
  if (!tokens_) return false;
  Scratch& s = ThreadScratch();
  s.BeginIntents(taxonomy_);
  // Windows in text order, each scanned on its own: a match within one is a
  // match in the whole text, as its tokens are. Windows that overlap or lie
  // close are merged: the few chunks between cost less to tokenize than a
  // window's own fixed work (the tokenizer's, the canonical text's and the
  // automaton's set-up). A hit that reaches no other token, in a chunk of
  // the plainest shape, is told from its chunk alone (TagChunk()).
  constexpr size_t kMergeGap = 32;
  bool open = false;  // a window [begin, end) is pending
  size_t begin = 0, end = 0;
  for (const TagGate::Hit& hit : hits) {
    if (hit.before == 0 && hit.after == 0) {
      const int told = TagChunk(text, hit.at, s);
      if (told < 0) return false;
      if (told > 0) continue;
    }
    const auto [b, e] = HitWindow(text, hit);
    if (open && b <= end + kMergeGap) {
      end = std::max(end, e);
      continue;
    }
    if (open && !ScanWindow(text, begin, end, tokenizer, s)) return false;
    open = true;
    begin = b;
    end = e;
  }
  if (open && !ScanWindow(text, begin, end, tokenizer, s)) return false;
  out->intents.clear();
  ListIntents(s, out);
  return true;
}

int Tagger::TagChunk(std::string_view text, size_t at, Scratch& s) const {
  // The chunk: ASCII letters, after a '#' or not, then '.', ',', '!' and
  // '?' alone, with no '?' beside a '.' or ','. Its tokens are the word or
  // hashtag (unless it begins an emoticon, as "XD" does) and the punctuation
  // after it, whose one run of '?' and '!' is a question piece when it holds
  // a '?'; the word's piece is its letters lower-cased and squeezed (a
  // letter equal to the two kept before it dropped), as Normalize() makes
  // it, the hashtag's the same after its '#'.
  //
  // A hit on a run of letters starts the word: the chunk starts there or at
  // a '#' just before, or has another shape; its end is found by the scan
  // of its shape, with no pass of its own. (A '?' hit takes ChunkAt().)
  const size_t n = text.size();
  size_t first, last = n;
  if (IsAsciiLetter(text[at])) {
    first = at;
    if (at > 0 && !IsAsciiSpace(text[at - 1])) {
      if (text[at - 1] != '#' || (at > 1 && !IsAsciiSpace(text[at - 2]))) return 0;
      first = at - 1;
    }
  } else {
    std::tie(first, last) = ChunkAt(text, at);
  }
  const bool hashtag = text[first] == '#';
  size_t i = first + hashtag;
  while (i < last && IsAsciiLetter(text[i])) ++i;
  const size_t word_end = i;
  if (hashtag && word_end == first + 1) return 0;  // a '#' with no letter after it
  bool question = false, stop = false;
  for (; i < last && !IsAsciiSpace(text[i]); ++i) {
    const char c = text[i];
    if (c == '?') {
      question = true;
    } else if (c == '.' || c == ',') {
      stop = true;
    } else if (c != '!') {
      return 0;
    }
  }
  last = i;  // the chunk's end
  if (question && stop) return 0;
  char lower[32];
  const size_t size = word_end - first;
  if (size > sizeof lower) return 0;
  if (!hashtag && MayStartEmoticon(text, first) && MatchEmoticon(text, first) != 0) return 0;
  if (word_end < last && MayStartEmoticon(text, word_end) && MatchEmoticon(text, word_end) != 0) {
    return 0;
  }
  if (size > 0) {
    // The word's (or hashtag's) normal form, by Normalize() itself.
    const size_t kept = Tokenizer::NormalizeAsciiTo(text.substr(first, size), lower);
    const std::string_view piece(lower, kept);
    s.ids.clear();
    tokens_->MatchPiece(piece, PieceHash(piece), &s.ids);
    for (uint32_t id : s.ids) {
      if (!MarkIntent(id, s, NegationCue(id, s) && Negated(text, first))) return -1;
    }
  }
  if (question) {
    for (uint32_t id : question_ids_) {
      if (!MarkIntent(id, s)) return -1;
    }
  }
  return 1;
}

bool Tagger::Negated(std::string_view text, size_t at) {
  // On the raw text, which every path has whole (the windows of
  // TagIntents() and the chunks of TagChunk() do not reach back): the
  // chunks between ASCII whitespace before `at`, the nearest first.
  const auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  size_t i = at;
  for (int chunks = 0; chunks < kNegationReach; ++chunks) {
    while (i > 0 && bytes::IsAsciiSpace(text[i - 1])) --i;
    if (i == 0) return false;
    const size_t end = i;
    while (i > 0 && !bytes::IsAsciiSpace(text[i - 1])) --i;
    const char last = lower(text[end - 1]);
    // "No. Disappointed", "not, as i said, disappointed": punctuation ends it.
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
      return false;
    }
    // Most chunks are no negation by their ends alone (IsNegation()), and
    // none is longer than 12 bytes.
    if ((last != 't' && last != 'y' && lower(text[i]) != 'n') || end - i > 12) continue;
    char word[16];
    size_t n = 0;
    for (size_t k = i; k < end; ++k) {
      if (text[k] == '\xE2' && k + 2 < end && text[k + 1] == '\x80' && text[k + 2] == '\x99') {
        word[n++] = '\'';  // ’
        k += 2;
      } else {
        word[n++] = lower(text[k]);
      }
    }
    if (IsNegation(std::string_view(word, n))) return true;
  }
  return false;
}

bool Tagger::CaseMatches(std::string_view text, const Scratch& s, const MatchSpan& m,
                         std::string_view alias) {
  const int first = s.canon.PieceStartingAt(m.begin + 1);
  const int last = s.canon.PieceEndingAt(m.end - 1);
  if (first < 0 || last < first) return false;
  std::string_view raw = text.substr(s.canon.pieces[first].raw_begin,
                                     s.canon.pieces[last].raw_end - s.canon.pieces[first].raw_begin);
  // A possessive is the alias's, as written or not ("Orbit's").
  for (std::string_view tail : {std::string_view("'s"), std::string_view("\u2019s")}) {
    if (raw.size() > tail.size() && raw.substr(raw.size() - tail.size()) == tail) {
      raw.remove_suffix(tail.size());
      break;
    }
  }
  // The automaton matched it case aside: what is left is the case of each
  // letter, compared on what is neither ASCII space nor punctuation ("Aero
  // Nova" as "Aero-Nova"). An ASCII letter must have the alias's case, any
  // other byte be the alias's; letters past the alias (an inflection, with
  // `inflect`) must be lower-case.
  auto kept = [](unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  };
  auto upper = [](unsigned char c) { return c >= 'A' && c <= 'Z'; };
  size_t a = 0;
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (!kept(c)) continue;
    while (a < alias.size() && !kept(static_cast<unsigned char>(alias[a]))) ++a;
    if (a == alias.size()) {
      if (upper(c)) return false;
      continue;
    }
    const auto w = static_cast<unsigned char>(alias[a++]);
    if (c >= 0x80 || w >= 0x80 ? c != w : upper(c) != upper(w)) return false;
  }
  return true;
}

uint32_t Tagger::RawBegin(const Scratch& s, const MatchSpan& m) {
  const int piece = s.canon.PieceStartingAt(m.begin + 1);
  return piece < 0 ? 0 : s.canon.pieces[piece].raw_begin;
}

bool Tagger::NegationCue(uint32_t id, const Scratch& s) const {
  const Target t = targets_[id];
  return t.kind == Kind::kIntent && taxonomy_.intents[t.index].negation &&
         s.intent_mark[t.index] != s.call;
}

bool Tagger::MarkIntent(uint32_t id, Scratch& s, bool negated) const {
  const Target t = targets_[id];
  if (t.kind == Kind::kIntent) {
    (negated ? s.negated_mark : s.intent_mark)[t.index] = s.call;
    return !intent_excludes_[t.index];
  }
  return t.kind == Kind::kBrandExclude || t.kind == Kind::kTopicExclude;
}

bool Tagger::ScanWindow(std::string_view text, size_t begin, size_t end,
                        const Tokenizer& tokenizer, Scratch& s) const {
  // With the whitespace byte on either side, as in the whole text: the
  // tokenizer looks one byte behind and ahead.
  begin -= begin > 0;
  end += end < text.size();
  const std::string_view window = text.substr(begin, end - begin);
  s.tokens.clear();
  tokenizer.Tokenize(window, &s.tokens);
  BuildCanonicalText(window, s.tokens, &s.canon, &s.normal);
  s.matches.clear();
  tokens_->Scan(s.canon, &s.matches);
  if (!question_ids_.empty() && s.canon.has_question) QuestionMarks(s);
  for (const MatchSpan& m : s.matches) {
    const bool negated = NegationCue(m.id, s) && Negated(text, begin + RawBegin(s, m));
    if (!MarkIntent(m.id, s, negated)) return false;
  }
  return true;
}

void Tagger::QuestionMarks(Scratch& s) const {
  const char* text = s.canon.text.data();
  const auto& pieces = s.canon.pieces;
  // No piece before the first with a '?' can be one.
  for (size_t k = s.canon.first_question; k < pieces.size(); ++k) {
    const Piece& p = pieces[k];
    if (!IsQuestionMarks(std::string_view(text + p.begin, p.end - p.begin))) continue;
    s.matches_sorted = false;
    for (uint32_t id : question_ids_) s.matches.push_back(MatchSpan{id, p.begin - 1, p.end + 1});
  }
}

void Tagger::MatchFolded(Scratch& s) const {
  const CanonicalText& canon = s.canon;
  CanonicalText& folded = s.folded;
  folded.Clear();
  bool changed = false;
  for (const Piece& p : canon.pieces) {
    const std::string_view piece(canon.text.data() + p.begin, p.end - p.begin);
    std::string_view text = piece;
    if (MayStripAccents(piece)) {  // (an ASCII piece, most, in a few instructions)
      s.fold_piece = StripAccents(piece);
      // (A piece of marks alone would vanish, and a text with a space in it
      // would be two: such a piece is kept as it is.)
      if (!s.fold_piece.empty() && s.fold_piece.find_first_of(" \t\n\r\f\v") == std::string::npos) {
        text = s.fold_piece;
        changed = true;
      }
    }
    const auto begin = static_cast<uint32_t>(folded.text.size());
    folded.text += text;
    const auto end = static_cast<uint32_t>(folded.text.size());
    folded.text += ' ';
    folded.pieces.emplace_back(begin, end, p.raw_begin, p.raw_end, p.token, p.kind, p.hyphen,
                               text.data() == piece.data() ? p.hash : PieceHash(text));
  }
  if (!changed) return;
  const size_t first = s.matches.size();
  if (tokens_) tokens_->Scan(folded, &s.matches);
  if (matcher_ && (!regexes_need_digit_ || bytes::HasAsciiDigit(folded.text))) {
    const size_t from = s.matches.size();
    matcher_->Scan(folded.text, &s.matches);
    for (size_t i = from; i < s.matches.size(); ++i) s.matches[i].id = regex_ids_[s.matches[i].id];
  }
  // Each match that a folding term made, moved to its pieces' places in
  // the canonical text (every match covers whole pieces: " (?:BODY) ").
  size_t kept = first;
  for (size_t i = first; i < s.matches.size(); ++i) {
    MatchSpan m = s.matches[i];
    if (!fold_[m.id]) continue;
    const int last = folded.PieceEndingAt(m.end - 1);
    if (last < 0) continue;
    m.end = canon.pieces[last].end + 1;
    if (m.begin != MatchSpan::kNoBegin) {
      const int start = folded.PieceStartingAt(m.begin + 1);
      m.begin = start < 0 ? MatchSpan::kNoBegin : canon.pieces[start].begin - 1;
    }
    s.matches[kept++] = m;
  }
  s.matches.resize(kept);
  if (kept == first) return;
  // A term that matched with and without the accents is kept once, with
  // the begin known if either knows it (kNoBegin sorts last).
  std::sort(s.matches.begin(), s.matches.end(), [](const MatchSpan& a, const MatchSpan& b) {
    return a.end != b.end ? a.end < b.end : a.id != b.id ? a.id < b.id : a.begin < b.begin;
  });
  s.matches.erase(std::unique(s.matches.begin(), s.matches.end(),
                              [](const MatchSpan& a, const MatchSpan& b) {
                                return a.end == b.end && a.id == b.id;
                              }),
                  s.matches.end());
  s.matches_sorted = true;
}

void Tagger::Collect(std::string_view text, Scratch& s, Analysis* out) const {
  if (!s.matches_sorted) {
    std::sort(s.matches.begin(), s.matches.end(), [](const MatchSpan& a, const MatchSpan& b) {
      return a.end != b.end ? a.end < b.end : a.id < b.id;
    });
  }
  // Matches include the spaces around their tokens; spans here do not.
  // Most taxonomies have no exclusions, and skip this pass over the matches.
  // A brand's name of several words is no mention of a topic in it: "Delta
  // Air Lines" is no "lines", "Booking.com" no "booking". Kept as exclusions
  // of kind kBrand, for every topic.
  const std::string_view canon = s.canon.text;
  for (size_t k = 0; (has_exclusions_ || !brand_names_.empty()) && k < s.matches.size(); ++k) {
    const MatchSpan& m = s.matches[k];
    Target t = targets_[m.id];
    if (IsExclusion(t.kind)) {
      s.exclusions.push_back(Scratch::Span{t.kind, t.index, m.begin + 1, m.end - 1});
    } else if (m.id < brand_names_.size() && brand_names_[m.id] &&
               canon.substr(m.begin + 1, m.end - m.begin - 2).find(' ') != std::string_view::npos &&
               (case_aliases_.empty() || case_aliases_[m.id].empty() ||
                CaseMatches(text, s, m, case_aliases_[m.id]))) {
      s.exclusions.push_back(Scratch::Span{Kind::kBrand, 0, m.begin + 1, m.end - 1});
    }
  }
  auto excluded = [&](Kind kind, uint32_t index, uint32_t end) {
    for (const Scratch::Span& x : s.exclusions) {
      if (x.begin < end && end <= x.end &&
          ((x.kind == kind && x.index == index) || (x.kind == Kind::kBrand && kind == Kind::kTopicExclude)))
        return true;
    }
    return false;
  };
  // Matches come by end, so the piece each ends at is found by walking
  // forward, with no search.
  size_t piece = 0;

  for (const MatchSpan& m : s.matches) {
    Target t = targets_[m.id];
    uint32_t end = m.end - 1;
    switch (t.kind) {
      case Kind::kBrand:
        if (s.brand_mark[t.index] != s.call && !excluded(Kind::kBrandExclude, t.index, end) &&
            (case_aliases_.empty() || case_aliases_[m.id].empty() ||
             CaseMatches(text, s, m, case_aliases_[m.id]))) {
          s.brand_mark[t.index] = s.call;
          out->brands.push_back(taxonomy_.brands[t.index].id);
        }
        break;
      case Kind::kTopic:
        if (!excluded(Kind::kTopicExclude, t.index, end)) {
          s.mentions.push_back(Scratch::Mention{t.index, s.canon.PieceEndingAt(end, &piece)});
        }
        break;
      case Kind::kIntent:
        if (!intent_excludes_[t.index] || !excluded(Kind::kIntentExclude, t.index, end)) {
          MarkIntent(m.id, s, NegationCue(m.id, s) && Negated(text, RawBegin(s, m)));
        }
        break;
      case Kind::kPriceWord:
        s.price_words.push_back(Scratch::Span{t.kind, t.index, m.begin + 1, end});
        break;
      default: break;
    }
  }
}

void Tagger::CollectPrices(std::string_view text, const std::vector<Token>& tokens, Scratch& s,
                           Analysis* out) const {
  if (s.canon.has_number) FindAmounts(text, tokens, &s.amounts);  // amounts need a number
  if (s.amounts.empty() && s.price_words.empty()) return;
  // Longest price words first at each start; drop those inside a kept one.
  std::sort(s.price_words.begin(), s.price_words.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  const auto& pieces = s.canon.pieces;
  size_t next_amount = 0;
  auto add_amounts_before = [&](uint32_t raw) {
    for (; next_amount < s.amounts.size() && s.amounts[next_amount].raw_begin < raw; ++next_amount) {
      AmountMention& a = s.amounts[next_amount];
      out->prices.push_back(std::move(a.price));  // the scratch list is cleared for the next post
      if (price_topic_ < 0) continue;
      auto it = std::lower_bound(pieces.begin(), pieces.end(), a.last_token,
                                 [](const Piece& p, uint32_t tok) { return p.token < tok; });
      int piece = it == pieces.end() ? -1 : static_cast<int>(it - pieces.begin());
      s.mentions.push_back(Scratch::Mention{static_cast<uint32_t>(price_topic_), piece});
    }
  };
  uint32_t kept_end = 0;
  for (const Scratch::Span& w : s.price_words) {
    if (w.end <= kept_end) continue;  // inside the last one kept
    int first = s.canon.PieceStartingAt(w.begin), last = s.canon.PieceEndingAt(w.end);
    if (first < 0 || last < 0) continue;
    kept_end = w.end;
    uint32_t raw_begin = pieces[first].raw_begin, raw_end = pieces[last].raw_end;
    add_amounts_before(raw_begin);
    out->prices.emplace_back().text.assign(text.substr(raw_begin, raw_end - raw_begin));
    if (price_topic_ >= 0) {
      const double valence = w.index == 0 ? 0 : PriceValence(w.index == 2, Negated(text, raw_begin));
      s.mentions.push_back(Scratch::Mention{static_cast<uint32_t>(price_topic_), last, valence});
    }
  }
  add_amounts_before(UINT32_MAX);
}

void Tagger::ListTopics(Scratch& s, Analysis* out) const {
  // Usually in order already (only prices come after the rest); stable_sort
  // would allocate a buffer on every post.
  auto by_piece = [](const auto& a, const auto& b) { return a.piece < b.piece; };
  if (!std::is_sorted(s.mentions.begin(), s.mentions.end(), by_piece))
    std::stable_sort(s.mentions.begin(), s.mentions.end(), by_piece);
  uint32_t chain[16];
  for (const Scratch::Mention& m : s.mentions) {
    int n = 0;
    for (int t = static_cast<int>(m.topic); t >= 0 && n < 16; t = topic_parent_[t]) chain[n++] = t;
    while (n--) {  // parents first
      uint32_t t = chain[n];
      if (s.topic_mark[t] == s.call) continue;
      s.topic_mark[t] = s.call;
      s.listed.push_back(t);
      out->topics.push_back(taxonomy_.topics[t].id);
    }
  }
}

bool Tagger::IsWithin(uint32_t topic, uint32_t ancestor) const {
  for (int t = static_cast<int>(topic); t >= 0; t = topic_parent_[t]) {
    if (static_cast<uint32_t>(t) == ancestor) return true;
  }
  return false;
}

void Tagger::ScoreAspects(std::string_view text, const SentimentScorer& scorer, Scratch& s,
                          Analysis* out) const {
  SplitClauses(s.canon, &s.clauses, &s.clause_of, &s.segments, &s.segment_of);
  s.clause_score.assign(s.clauses.size(), NAN);
  s.clause_mark.assign(s.clauses.size(), UINT32_MAX);
  s.segment_score.assign(s.segments.size(), NAN);
  s.segment_mark.assign(s.segments.size(), UINT32_MAX);
  bool polar = false;
  for (const Scratch::Mention& m : s.mentions) polar |= m.valence != 0;
  // Each listed topic's mentions: a mention (with a piece) counts for its
  // topic and every listed topic above it, in mention order. A post with
  // many topics and mentions has them gathered once, each mention walked up
  // to the listed topics above it, rather than every mention tested against
  // every topic (a square of them); a few are tested directly.
  const uint32_t listed_count = static_cast<uint32_t>(s.listed.size());
  const bool gathered = listed_count * s.mentions.size() > 64;
  if (gathered) {
    if (s.listed_at.size() < taxonomy_.topics.size()) s.listed_at.resize(taxonomy_.topics.size());
    for (uint32_t k = 0; k < listed_count; ++k) s.listed_at[s.listed[k]] = k;
    auto for_each_listed = [&](const Scratch::Mention& m, auto&& f) {
      if (m.piece < 0) return;
      for (int t = static_cast<int>(m.topic); t >= 0; t = topic_parent_[t]) {
        if (s.topic_mark[t] == s.call) f(s.listed_at[t]);  // (listed by ListTopics())
      }
    };
    s.mentions_begin.assign(listed_count + 1, 0);
    for (const Scratch::Mention& m : s.mentions) {
      for_each_listed(m, [&](uint32_t k) { ++s.mentions_begin[k + 1]; });
    }
    for (uint32_t k = 0; k < listed_count; ++k) s.mentions_begin[k + 1] += s.mentions_begin[k];
    s.topic_mentions.resize(s.mentions_begin[listed_count]);
    s.mentions_next.assign(s.mentions_begin.begin(), s.mentions_begin.end() - 1);
    for (uint32_t i = 0; i < s.mentions.size(); ++i) {
      for_each_listed(s.mentions[i],
                      [&](uint32_t k) { s.topic_mentions[s.mentions_next[k]++] = i; });
    }
  }
  // Calls f(mention) for each mention of listed topic k (`topic`).
  auto for_each_mention = [&](uint32_t k, uint32_t topic, auto&& f) {
    if (gathered) {
      for (uint32_t i = s.mentions_begin[k]; i < s.mentions_begin[k + 1]; ++i) {
        f(s.mentions[s.topic_mentions[i]]);
      }
      return;
    }
    for (const Scratch::Mention& m : s.mentions) {
      if (m.piece >= 0 && IsWithin(m.topic, topic)) f(m);
    }
  };
  for (uint32_t k = 0; k < listed_count; ++k) {
    uint32_t topic = s.listed[k];
    double sum = 0;
    int n = 0;
    if (polar) {
      s.clause_valence.assign(s.clauses.size(), 0);
      s.segment_valence.assign(s.segments.size(), 0);
      for_each_mention(k, topic, [&](const Scratch::Mention& m) {
        if (m.valence == 0) return;
        s.clause_valence[s.clause_of[m.piece]] += m.valence;
        s.segment_valence[s.segment_of[m.piece]] += m.valence;
      });
    }
    for_each_mention(k, topic, [&](const Scratch::Mention& m) {
      // The mention's segment when it is less than its clause and says
      // something (aspects.h), else its clause; each counted once a topic.
      const uint32_t g = s.segment_of[m.piece];
      const uint32_t c = s.clause_of[m.piece];
      const Clause& segment = s.segments[g];
      const Clause& clause = s.clauses[c];
      if (segment.raw_begin != clause.raw_begin || segment.raw_end != clause.raw_end) {
        if (std::isnan(s.segment_score[g])) {
          s.segment_score[g] = ClauseScore(text, segment, scorer, *out);
        }
        const double score =
            polar ? WithValence(s.segment_score[g], s.segment_valence[g]) : s.segment_score[g];
        if (score != 0) {
          if (s.segment_mark[g] == k) return;
          s.segment_mark[g] = k;
          sum += score;
          ++n;
          return;
        }
      }
      if (s.clause_mark[c] == k) return;  // this clause already counted for this topic
      s.clause_mark[c] = k;
      if (std::isnan(s.clause_score[c]))
        s.clause_score[c] = ClauseScore(text, clause, scorer, *out);
      sum += polar ? WithValence(s.clause_score[c], s.clause_valence[c]) : s.clause_score[c];
      ++n;
    });
    Aspect a;
    a.topic = taxonomy_.topics[topic].id;
    a.score = n ? Round4(sum / n) : 0;
    if (a.score >= options_.positive_threshold) a.label = SentimentLabel::kPositive;
    else if (a.score <= options_.negative_threshold) a.label = SentimentLabel::kNegative;
    out->aspects.push_back(std::move(a));
  }
}

void Tagger::AddSourceBrands(const std::string& source, Analysis* out) const {
  const bool named = !out->brands.empty();
  bool added = false;
  for (const auto& [owned, brand, pattern] : source_brands_) {
    if (pattern ? !SourceMatches(owned, source) : owned != source) continue;
    const std::string& id = taxonomy_.brands[brand].id;
    if (std::find(out->brands.begin(), out->brands.end(), id) != out->brands.end()) continue;
    out->brands.push_back(id);
    added = true;
  }
  if (named || !added) return;  // with a brand named, ListIntents() saw one
  // The post is now about a brand: the intents whose `with_brand` is its
  // label apply too; then `unless` over all that apply, in the taxonomy's
  // order, as ListIntents() lists them. (An intent `unless` dropped before
  // stays dropped: what dropped it still applies.)
  const int8_t label = static_cast<int8_t>(out->sentiment.label);
  const uint32_t count = static_cast<uint32_t>(intent_rules_.size());
  bool more = false;
  for (uint32_t i = 0; i < count; ++i) more |= intent_rules_[i].with_brand == label;
  if (!more) return;
  std::vector<uint8_t> apply(count);
  for (uint32_t i = 0; i < count; ++i) {
    const std::string& id = taxonomy_.intents[i].id;
    apply[i] = intent_rules_[i].with_brand == label ||
               std::find(out->intents.begin(), out->intents.end(), id) != out->intents.end();
  }
  out->intents.clear();
  ListApplying(apply.data(), out);
}

void Tagger::ListIntents(const Scratch& s, Analysis* out) const {
  const int label = static_cast<int>(out->sentiment.label);
  const bool topics = !out->topics.empty();
  const bool brands = !out->brands.empty();
  // In locals: the pushes below could otherwise change them, for all the
  // compiler knows, so they were reloaded for every intent.
  const IntentRule* const rules = intent_rules_.data();
  const uint32_t count = static_cast<uint32_t>(intent_rules_.size());
  const uint32_t* const marks = s.intent_mark.data();
  const uint32_t* const negated = s.negated_mark.data();
  const uint32_t call = s.call;
  const auto applies = [&](uint32_t i) {
    const IntentRule& r = rules[i];
    const bool with_topic = r.with_topic == label;
    const bool with_brand = r.with_brand == label;
    // A negated cue still counts in a post of the intent's `with_topic` or
    // `with_brand` label: "the flight wasn't terrible, but the boarding was"
    // is negative.
    const bool cue = (marks[i] == call || ((with_topic || with_brand) && negated[i] == call)) &&
                     (r.required < 0 || r.required == label);
    return cue || (topics && with_topic) || (brands && with_brand);
  };
  const TaxonomyIntent* const intents = taxonomy_.intents.data();
  if (count <= 64) {
    // The same, a bit per intent, from the masks of the post's label
    // (IntentMasks): which apply; `unless` then drops those of them that
    // name one that applies (decided before any `unless`, so the order of
    // the intents does not matter).
    const IntentMasks& m = intent_masks_[label];
    uint64_t marked = 0, negated_only = 0;
    for (uint32_t i = 0; i < count; ++i) {
      marked |= uint64_t{marks[i] == call} << i;
      negated_only |= uint64_t{negated[i] == call} << i;
    }
    const uint64_t apply = ((marked | (negated_only & m.with_label)) & m.cue_counts) |
                           (topics ? m.by_topic : 0) | (brands ? m.by_brand : 0);
    uint64_t listed = apply;
    if (has_unless_) {
      for (uint64_t b = apply; b != 0; b &= b - 1) {
        const uint32_t i = static_cast<uint32_t>(__builtin_ctzll(b));
        if (apply & rules[i].unless) listed &= ~(uint64_t{1} << i);
      }
    }
    for (; listed != 0; listed &= listed - 1) {
      out->intents.push_back(intents[__builtin_ctzll(listed)].id);
    }
    return;
  }
  // More than 64 intents: the same, a byte each.
  uint8_t* const apply = s.intent_applies.data();
  for (uint32_t i = 0; i < count; ++i) apply[i] = applies(i);
  ListApplying(apply, out);
}

void Tagger::ListApplying(const uint8_t* apply, Analysis* out) const {
  for (uint32_t i = 0; i < intent_rules_.size(); ++i) {
    if (!apply[i]) continue;
    bool other = false;
    for (uint32_t j : intent_unless_[i]) other |= apply[j] != 0;
    if (!other) out->intents.push_back(taxonomy_.intents[i].id);
  }
}

}  // namespace parley
