// A taxonomy: the brands, topics, intents and price words that marketing
// writes down once (a TOML file, see data/taxonomy/README.md) and the engine
// compiles into one multi-pattern automaton (tagger.h).
//
// This header is the parsed, validated model. Every term keeps the line it
// was written on, so compile errors and lints can point at it.
//
// Thread safety: plain values.
#ifndef PARLEY_TAXONOMY_TAXONOMY_H_
#define PARLEY_TAXONOMY_TAXONOMY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/env/env.h"

namespace parley {

// A phrase or pattern as written, with the line it came from (0: built in).
struct Term {
  std::string text;
  int line = 0;
};

struct TaxonomyBrand {
  std::string id;    // the table key: [brands.skyloft] -> "skyloft"
  std::string name;  // display name; the id when not given
  bool own = false;  // one of our brands (else a competitor)
  std::vector<Term> aliases;   // phrases: "Skyloft", "Skyloft Air"
  std::vector<Term> handles;   // "@SkyloftAir"
  std::vector<Term> hashtags;  // "#skyloft"
  // The author handles the brand answers customers from ("SkyloftAir"),
  // for the care queue (src/people/accounts.h). Empty: its handles are.
  std::vector<Term> accounts;
  // Sources (the names posts are stored under: `--source`, a preset's, a
  // file's stem) whose every post is about the brand, named or not: its
  // app's reviews, the comments on its own page or channel. Each is a name
  // or a wildcard pattern (SourceMatches()).
  std::vector<Term> sources;
  std::vector<Term> patterns;
  std::vector<Term> exclude;   // phrases that cancel a mention inside them
  bool inflect = false;        // aliases also match plurals and inflections
  // Aliases match only with the case they are written in ("Orbit", not
  // "orbit"): for a brand whose name is also a common word.
  bool case_sensitive = false;
  int line = 0;
};

struct TaxonomyTopic {
  std::string id;
  std::string parent;  // empty for a top-level topic
  std::vector<Term> phrases;
  std::vector<Term> patterns;
  std::vector<Term> exclude;
  bool inflect = true;  // "delay" also matches delays, delayed, delaying
  int line = 0;
};

struct TaxonomyIntent {
  std::string id;
  std::vector<Term> phrases;  // cues
  std::vector<Term> patterns;
  // A cue counts only when the post's overall sentiment has this label.
  std::optional<SentimentLabel> requires_label;
  // The intent also applies, with no cue, when the post's sentiment has this
  // label and the post mentions a topic (complaint: negative + topic).
  std::optional<SentimentLabel> with_topic;
  // ... and when the post's sentiment has this label and the post mentions
  // a brand (complaint: a negative post about a brand).
  std::optional<SentimentLabel> with_brand;
  bool inflect = false;
  // A cue with a negation among the three words before it ("not
  // disappointed", "can't complain", "not switching to") does not count,
  // unless the post's label is `with_topic`'s or `with_brand`'s (a negative post keeps a
  // negated complaint cue: "it wasn't terrible, but the boarding was").
  bool negation = false;
  // Ids of other intents: this one does not apply to a post that one of
  // them applies to (praise `unless = ["complaint"]`: "thanks for the rude
  // service and the 3 hour delay" is a complaint, not praise). Each names an
  // intent of the taxonomy (checked when parsed), not this one.
  std::vector<Term> unless;
  // Phrases that cancel a cue inside them, as a topic's do: "i'm done"
  // is a churn cue, "once i'm done" and "i'm done packing" are not.
  std::vector<Term> exclude;
  bool builtin = false;  // from the defaults, not the file
  int line = 0;
};

struct Taxonomy {
  std::string file;  // the name it was parsed under (usually its path)
  std::string name;  // [taxonomy] name, else the file name
  std::vector<TaxonomyBrand> brands;
  std::vector<TaxonomyTopic> topics;  // parents before their children
  std::vector<TaxonomyIntent> intents;
  // Price words: reported as prices with no amount, and mentions of the
  // `price` topic. The negative and positive ones ("overpriced", "good
  // deal") also carry a polarity of their own into the price aspect.
  std::vector<Term> price_words;  // "discount", "promo code"
  std::vector<Term> negative_price_words;  // "too expensive", "rip off"
  std::vector<Term> positive_price_words;  // "good deal", "affordable"

  const TaxonomyTopic* FindTopic(std::string_view id) const;
};

// Parses and validates a taxonomy file. `name` (usually the path) starts
// every error message, which is InvalidArgument "NAME:LINE: what is wrong".
// Unless the file says `[taxonomy] defaults = false`, the built-in intents
// and price words (DefaultTaxonomyToml) are merged in: an intent the file
// defines replaces the built-in one of the same id, price words add up.
StatusOr<Taxonomy> ParseTaxonomy(std::string_view contents, std::string_view name);

// Reads `path` through `env` and parses it.
StatusOr<Taxonomy> LoadTaxonomy(Env* env, const std::string& path);

// The built-in intents (complaint, question, praise, purchase, churn) and
// price words, in the taxonomy file format.
std::string_view DefaultTaxonomyToml();

// The names `taxonomy`'s brands go by: their ids, aliases, handles
// without '@' and hashtags (change::KeyTermsOptions::brand_names).
std::vector<std::string> BrandNames(const Taxonomy& taxonomy);

// Whether `source` is one a brand's `sources` entry names: the same name,
// or with `*` (any run of characters), `?` (any one) or `[...]` (one of a
// set) in it, a name the pattern matches whole (fnmatch(3)): `skyloft-*`
// takes every file `skyloft-play-2026-03.csv` read without --source gives.
bool SourceMatches(const std::string& pattern, const std::string& source);
// Whether a `sources` entry is a pattern rather than a name.
bool IsSourcePattern(std::string_view entry);

}  // namespace parley

#endif  // PARLEY_TAXONOMY_TAXONOMY_H_
