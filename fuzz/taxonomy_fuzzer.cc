// libFuzzer target for the taxonomy file parser and the tagger it feeds. On
// any bytes, ParseTaxonomy must either fail with a message that names the
// file, or give a taxonomy whose compiled tagger (RE2) tags a few posts without breaking the Analysis invariants: topics
// and brands listed once each, prices inside the text, one aspect per topic.
// A taxonomy of phrases alone is also compiled as the analyzer does (the
// token automaton), and its gate (tag_gate.h) must never turn away a post,
// for any label, in which Tag() then lists something, nor let one with more
// than intents take Tagger::TagIntents(), which must list Tag()'s intents;
// given the sentiment scorer's byte classes of a post, it must say what it
// says without them, with the same hits.
//
//   taxonomy_fuzzer fuzz/corpus/taxonomy_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/taxonomy/tagger.h"
#include "src/taxonomy/taxonomy.h"
#include "src/text/tokenizer.h"
#include "src/text/vader.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "taxonomy invariant broken: %s\n", what);
  std::abort();
}

// Scores by counting '!' so the fuzzer needs no lexicon file.
class CountingScorer final : public parley::SentimentScorer {
 public:
  parley::Sentiment Score(std::string_view text) const override {
    parley::Sentiment s;
    for (char c : text) s.score += c == '!' ? 0.1 : 0;
    s.label = s.score > 0 ? parley::SentimentLabel::kPositive : parley::SentimentLabel::kNeutral;
    return s;
  }
};

template <typename T>
bool Unique(const std::vector<T>& v) {
  return std::set<T>(v.begin(), v.end()).size() == v.size();
}

void TagAll(const parley::Tagger& tagger, const std::vector<std::string_view>& texts) {
  parley::Tokenizer tokenizer;
  CountingScorer scorer;
  std::vector<parley::Token> tokens;
  for (std::string_view text : texts) {
    tokens.clear();
    tokenizer.Tokenize(text, &tokens);
    parley::Analysis a;
    a.sentiment = scorer.Score(text);
    tagger.Tag(text, tokens, scorer, &a);
    Require(Unique(a.brands), "a brand listed twice");
    Require(Unique(a.topics), "a topic listed twice");
    Require(a.aspects.size() <= a.topics.size(), "more aspects than topics");
    // A post from a brand's source (or from the text as a source): the
    // brands it names first, each once, and its intents changed only when
    // it named none.
    std::vector<std::string> sources = {std::string(text)};
    for (const auto& b : tagger.taxonomy().brands) {
      for (const parley::Term& src : b.sources) sources.push_back(src.text);
    }
    // (Every label: the scorer here gives no negative post, and a
    // negative one gets the `with_brand` intents.)
    for (const std::string& source : sources) {
      for (auto label : {parley::SentimentLabel::kNegative, parley::SentimentLabel::kNeutral,
                         parley::SentimentLabel::kPositive}) {
        parley::Analysis owned = a;
        owned.sentiment.label = label;
        tagger.AddSourceBrands(source, &owned);
        Require(Unique(owned.brands), "a source's brand listed twice");
        Require(Unique(owned.intents), "an intent listed twice after a source's brand");
        Require(owned.brands.size() >= a.brands.size() &&
                    std::equal(a.brands.begin(), a.brands.end(), owned.brands.begin()),
                "a source's brand put before the brands a post names");
        Require(a.brands.empty() || owned.intents == a.intents,
                "a source's brand changed the intents of a post that names one");
      }
    }
  }
}

// The gate's promise on the fuzz texts and on texts made of the taxonomy's
// own phrases, as written, upper-cased (where its units are found) and
// with accents.
void CheckGate(const parley::Tagger& tagger, std::vector<std::string> texts) {
  std::string phrases;
  auto add = [&](const std::vector<parley::Term>& terms) {
    for (const parley::Term& t : terms) phrases += t.text + " ";
  };
  const parley::Taxonomy& tx = tagger.taxonomy();
  for (const auto& b : tx.brands) add(b.aliases), add(b.handles), add(b.hashtags);
  for (const auto& t : tx.topics) add(t.phrases);
  for (const auto& i : tx.intents) add(i.phrases);
  add(tx.price_words), add(tx.negative_price_words), add(tx.positive_price_words);
  std::string upper = phrases;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  // And with accents on their vowels (precomposed, or written apart), which
  // Tag() takes off to match (tagger.h).
  std::string accented, apart;
  for (char c : phrases) {
    static constexpr std::string_view kVowels = "aeiou";
    static const char* const kAcute[] = {"\xC3\xA1", "\xC3\xA9", "\xC3\xAD", "\xC3\xB3",
                                         "\xC3\xBA"};
    const size_t v = kVowels.find(c);
    accented += v == std::string_view::npos ? std::string(1, c) : kAcute[v];
    apart += c;
    if (v != std::string_view::npos) apart += "\xCC\x88";  // U+0308 COMBINING DIAERESIS
  }
  texts.push_back(phrases);
  texts.push_back(upper);
  texts.push_back(accented);
  texts.push_back(apart);
  parley::Tokenizer tokenizer;
  CountingScorer scorer;
  std::vector<parley::Token> tokens;
  std::vector<parley::TagGate::Hit> hits, read;
  static const parley::VaderModel* const vader = [] {
    auto lexicon = parley::VaderLexicon::Parse("good\t1.9\t0.9\t[2]\n", "tiny");
    Require(lexicon.ok(), "the fuzzer's lexicon does not parse");
    return new parley::VaderModel(
        std::make_shared<parley::VaderLexicon>(std::move(lexicon).value()), parley::VaderOptions{});
  }();
  parley::VaderScratch vader_scratch;
  for (const std::string& text : texts) {
    vader->Score(text, &vader_scratch);
    parley::TextClasses classes;
    const bool classified = vader_scratch.Classes(text, &classes);
    for (auto label : {parley::SentimentLabel::kNegative, parley::SentimentLabel::kNeutral,
                       parley::SentimentLabel::kPositive}) {
      tokens.clear();
      tokenizer.Tokenize(text, &tokens);
      parley::Analysis a;
      a.sentiment.label = label;
      tagger.Tag(text, tokens, scorer, &a);
      const bool others = !a.brands.empty() || !a.topics.empty() || !a.aspects.empty() ||
                          !a.prices.empty();
      const bool maybe = tagger.gate().Test(text, label);
      if (!maybe) {
        Require(!others && a.intents.empty(), "the gate turned away a post that Tag() tags");
      }
      // kIntents: Tag() lists intents alone, and TagIntents() the same ones
      // (or declines).
      const auto verdict = tagger.gate().CheckNow(text, label, &hits);
      Require((verdict == parley::TagGate::Verdict::kNo) == !maybe,
              "Check() and Test() disagree on a post");
      if (classified) {
        Require(tagger.gate().CheckNow(text, label, &read, &classes) == verdict,
                "Check() from the scorer's classes gives another verdict");
        Require(read.size() == hits.size(), "Check() from the scorer's classes gives other hits");
        for (size_t k = 0; k < hits.size(); ++k) {
          Require(read[k].at == hits[k].at && read[k].before == hits[k].before &&
                      read[k].after == hits[k].after,
                  "Check() from the scorer's classes gives other hits");
        }
      }
      if (verdict != parley::TagGate::Verdict::kIntents) continue;
      Require(!others, "the gate let a post with more than intents take TagIntents()");
      parley::Analysis local;
      local.sentiment.label = label;
      if (tagger.TagIntents(text, hits, tokenizer, &local)) {
        Require(local.intents == a.intents, "TagIntents() and Tag() list other intents");
      }
    }
  }
}

bool HasPatterns(const parley::Taxonomy& tx) {
  for (const auto& b : tx.brands)
    if (!b.patterns.empty()) return true;
  for (const auto& t : tx.topics)
    if (!t.patterns.empty()) return true;
  for (const auto& i : tx.intents) {
    for (const parley::Term& p : i.patterns)
      if (p.line != 0) return true;  // a built-in pattern (the question's) is no regex
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view toml(reinterpret_cast<const char*>(data), size);
  auto taxonomy = parley::ParseTaxonomy(toml, "fuzz.toml");
  if (!taxonomy.ok()) {
    Require(taxonomy.status().message().rfind("fuzz.toml", 0) == 0,
            "a parse error that does not name the file");
    return 0;
  }
  const std::vector<std::string_view> texts = {
      "@SkyloftAir flight delayed 3 hours!! refund me $45 #fail",
      "The crew was lovely but the delay was awful. Too expensive, €20 for wifi?",
      "", toml.substr(0, 512)};
  if (!HasPatterns(*taxonomy)) {
    auto automaton = parley::Tagger::Create(*taxonomy, parley::TaggerOptions{});
    if (automaton.ok()) {
      CheckGate(**automaton, {std::string(texts[0]), std::string(texts[1]), std::string(texts[3])});
    }
  }
  // RE2 only: its compile time and memory are bounded on any pattern, so a
  // fuzz run spends its time on parsing and tagging (tagger_test checks that
  // Hyperscan gives the same matches).
  auto tagger = parley::Tagger::Create(*std::move(taxonomy),
                                       parley::TaggerOptions{parley::MatchEngine::kRe2});
  if (!tagger.ok()) {
    Require(tagger.status().message().rfind("fuzz.toml", 0) == 0,
            "a compile error that does not name the file");
    return 0;
  }
  TagAll(**tagger, texts);
  return 0;
}
