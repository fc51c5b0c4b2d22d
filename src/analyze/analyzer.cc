#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/analyze/lexicon.h"
#include "src/env/env.h"
#include "src/learn/features.h"
#include "src/learn/model_file.h"
#include "src/taxonomy/phrase.h"
#include "src/taxonomy/tagger.h"
#include "src/text/language.h"
#include "src/text/tokenizer.h"
#include "src/text/vader.h"

namespace parley {

std::string_view SentimentLabelName(SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative: return "negative";
    case SentimentLabel::kNeutral: return "neutral";
    case SentimentLabel::kPositive: return "positive";
  }
  return "neutral";
}

// Field by field, as Analyze() writes a sentiment: `sentiment = Sentiment()`
// built the value on the stack and copied it, and the copy's 16-byte loads
// of the narrower stores that had just built it could not be forwarded (a
// stall of a dozen cycles, once per post).
static_assert(sizeof(Sentiment) == 80, "a new Sentiment field: reset it in ResetSentiment()");

static void ResetSentiment(Sentiment* s) {
  s->label = SentimentLabel::kNeutral;
  s->score = 0;
  s->has_probabilities = false;
  s->p[0] = s->p[1] = s->p[2] = 0;
  s->neg = s->neu = s->pos = 0;
  s->uncertain = false;
}

// Analysis::Clear()'s body, inlined into Analyze(), which clears once a
// post: the call's register saves and restores cost more than the tests of
// the lists, most of them empty.
[[gnu::always_inline]] static inline void ClearAnalysis(Analysis* a) {
  ResetSentiment(&a->sentiment);
  a->mentions.clear();
  a->hashtags.clear();
  a->urls = 0;
  a->emoji = 0;
  a->brands.clear();
  a->topics.clear();
  a->intents.clear();
  a->aspects.clear();
  a->prices.clear();
  a->lang.clear();
}

void Analysis::Clear() { ClearAnalysis(this); }

namespace {

namespace fs = std::filesystem;

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// Per-thread working memory, so Analyze() allocates nothing in steady state.
struct Scratch {
  VaderScratch vader;
  CueChunks cues;
  learn::FeatureScratch features;
  learn::FeatureVector x;
  std::vector<Token> tokens;
  std::string normal;
  std::vector<TagGate::Hit> hits;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Inlined: a call's register saves and restores cost about as much as the
// rest, for a list most often empty.
[[gnu::always_inline]] inline void AddUnique(std::vector<std::string>* list,
                                             std::string_view value) {
  // Lists are short (most posts have one mention or none): a plain loop,
  // not std::find's four-way unrolled one with its set-up.
  for (const std::string& s : *list)
    if (std::string_view(s) == value) return;
  list->emplace_back(value);
}

class ModelAnalyzer;

// Lets the taxonomy's aspect sentiment use the analyzer's own model.
class AnalyzerScorer final : public SentimentScorer {
 public:
  explicit AnalyzerScorer(const ModelAnalyzer& analyzer) : analyzer_(analyzer) {}
  Sentiment Score(std::string_view text) const override;
  Sentiment ScoreSpan(std::string_view text, size_t begin, size_t end) const override;

 private:
  const ModelAnalyzer& analyzer_;
};

class ModelAnalyzer final : public Analyzer {
 public:
  // `linear` is null for the lexicon model; with it, the analyzer scores with
  // the learned model (whose features include the lexicon's scores).
  ModelAnalyzer(std::shared_ptr<const VaderLexicon> lexicon, const AnalyzerOptions& options,
                  std::unique_ptr<const Tagger> tagger,
                  std::shared_ptr<const learn::LinearModel> linear, std::string name)
      : vader_(std::move(lexicon),
               VaderOptions{linear ? linear->config.emoji : options.emoji}),
        options_(options),
        tagger_(std::move(tagger)),
        linear_(std::move(linear)),
        name_(std::move(name)) {
    if (linear_) extractor_.emplace(linear_->config, &vader_);
  }

  Sentiment Score(std::string_view text) const override {
    if (linear_) return ScoreLinear(text);
    return LexiconSentiment(vader_.Score(text, &ThreadScratch().vader));
  }

  // Score() of text[begin, end) for the tagger's clauses, right after
  // Score(text): the lexicon model reuses the post's words (VaderModel::
  // ScoreSpan); the learned one scores the clause afresh.
  Sentiment ScoreSpan(std::string_view text, size_t begin, size_t end) const {
    if (linear_) return ScoreLinear(text.substr(begin, end - begin));
    return LexiconSentiment(vader_.ScoreSpan(text, begin, end, &ThreadScratch().vader));
  }

  void Analyze(const Post& post, Analysis* out) const override {
    ClearAnalysis(out);
    // The source's language tag is kept whenever it gives one (it costs
    // next to nothing); only detection from the text waits for the flag.
    if (options_.detect_language || !post.lang.empty()) [[unlikely]]
      SetLanguage(post, out);
    Scratch& scratch = ThreadScratch();
    scratch.tokens.clear();
    if (linear_) {
      out->sentiment = ScoreLinear(post.text);
      // The learned model's features were just made from these very tokens
      // (same tokenizer, same text): take them rather than tokenize twice.
      // A swap, so the tagger's own Score() calls cannot overwrite them.
      scratch.tokens.swap(scratch.features.tokens);
      if (!tagger_ || !tagger_->MayTag(post.text, out->sentiment.label)) {
        ListCues(post.text, scratch.tokens, 0, &scratch.normal, out);  // and nothing to tag
        return;
      }
    } else {
      SetLexiconSentiment(vader_.Score(post.text, &scratch.vader, &scratch.cues), &out->sentiment);
      // Without a taxonomy, and for most posts with one (tag_gate.h), only
      // the cues are wanted: the scorer's pass over the words notes the
      // chunks that may hold one, and only those are tokenized. A post in
      // which the gate sees only intents' cues has them told from the
      // chunks around those (Tagger::TagIntents()).
      if (!tagger_ || TaggedWithoutTokens(post.text, scratch, out)) {
        if (scratch.cues.known) {
          ListChunkCues(post.text, scratch, out);
          return;
        }
        tokenizer_.CueTokens(post.text, &scratch.tokens);
        ListCues(post.text, scratch.tokens, 0, &scratch.normal, out);
        return;
      }
      tokenizer_.Tokenize(post.text, &scratch.tokens);
    }
    // With a taxonomy every token of the post is here, and few are cues:
    // CountCues() counts with no branch, where a switch on the kind was a
    // chain of compares on every word. Mentions and hashtags come after
    // tagging, from the canonical text, whose pieces are the tokens' normal
    // forms already (one piece a mention or hashtag token, of its kind, in
    // token order): no second Normalize() of each.
    CountCues(scratch.tokens, out);
    const CanonicalText& canon =
        tagger_->Tag(post.text, scratch.tokens, AnalyzerScorer(*this), out);
    for (const Piece& p : canon.pieces) {
      if (!IsCueKind(p.kind, kListedKinds)) continue;
      AddUnique(p.kind == TokenKind::kMention ? &out->mentions : &out->hashtags,
                std::string_view(canon.text).substr(p.begin, p.end - p.begin));
    }
  }

  const std::string& model_name() const override { return name_; }
  const Tagger* tagger() const { return tagger_.get(); }

 private:
  // The source's tag where it gives one (no detection: the source knows),
  // else, with AnalyzerOptions::detect_language, the text's.
  [[gnu::noinline]] static void SetLanguage(const Post& post, Analysis* out) {
    out->lang = post.lang.empty() ? DetectLanguage(post.text) : NormalizeLanguageTag(post.lang);
  }

  Sentiment LexiconSentiment(const VaderScores& v) const {
    Sentiment s;
    SetLexiconSentiment(v, &s);
    return s;
  }

  // The lexicon's sentiment written into a reset *s (the fields it leaves
  // alone are those the lexicon has no value for). Analyze() writes into
  // its Analysis in place: a Sentiment built and then copied in costs a
  // stall where the copy's wide loads meet the narrow stores that built it.
  void SetLexiconSentiment(const VaderScores& v, Sentiment* s) const {
    s->score = v.compound;
    s->neg = v.neg;
    s->neu = v.neu;
    s->pos = v.pos;
    // The label by arithmetic on the two tests, not by branches on them:
    // whether a post is positive is as unpredictable as the post. At equal
    // thresholds a score on both is positive, as with the tests in order.
    const int up = v.compound >= options_.positive_threshold;
    const int down = (v.compound <= options_.negative_threshold) & (1 - up);
    s->label = static_cast<SentimentLabel>(static_cast<int>(SentimentLabel::kNeutral) + up - down);
  }

  // Whether the post's tags are known without Tag(): the gate says it has
  // none, or only intents, which TagIntents() has set from a few chunks.
  bool TaggedWithoutTokens(std::string_view text, Scratch& scratch, Analysis* out) const {
    // The scorer has just classified the text's bytes (most texts): the
    // gate reads them rather than classify them again.
    TextClasses classes;
    const bool classified = scratch.vader.Classes(text, &classes);
    switch (tagger_->Check(text, out->sentiment.label, &scratch.hits,
                           classified ? &classes : nullptr)) {
      case TagGate::Verdict::kNo: return true;
      case TagGate::Verdict::kIntents:
        return tagger_->TagIntents(text, scratch.hits, tokenizer_, out);
      case TagGate::Verdict::kMaybe: break;
    }
    return false;
  }

  // Counts and lists the cues of the chunks in scratch.cues (offsets into
  // `text`), whose mentions, hashtags, URLs and emoji are those of
  // TokenizeCueChunks(): a chunk's tokens do not depend on the rest of the
  // text. A chunk that is a plain "@handle" or "#tag" (most of them) or a
  // plain URL is that one cue (Tokenizer::PlainTagChunk(), PlainUrlChunk()),
  // with the tag's normal form made as it is measured: no token is stored
  // and read back, and the tag's bytes are not read again to normalize it.
  // Its trailing punctuation, which Analyze() does not count, is not
  // tokenized, as by Tokenizer::CueTokens(). Any other chunk is tokenized
  // with the whitespace byte on either side, so the scanner's one-byte
  // lookbehind and lookahead see what they see in the whole text, and its
  // cues are listed in token order: all in the order of the whole text's.
  // Out of line (as is ListCues()): inlined into Analyze(), each at its one
  // call, they cost the path without a taxonomy ~20 instructions a post in
  // the registers Analyze() then saves.
  [[gnu::noinline]] void ListChunkCues(std::string_view text, Scratch& scratch,
                                       Analysis* out) const {
    for (const CueChunks::Chunk& c : scratch.cues.chunks) {
      const size_t chunk_end = size_t{c.offset} + c.size;
      // Each shortcut takes only chunks that begin with its own byte (a
      // sigil, the 'h' of "http"): the other is not tried.
      const char first = c.offset < text.size() ? text[c.offset] : '\0';
      if (first == '@' || first == '#') {
        char tag_scratch[16];
        std::string_view normal;
        const Token tag = Tokenizer::PlainTagChunk(text, c.offset, chunk_end, tag_scratch, &normal);
        if (tag.size != 0) {
          if (!normal.empty()) {
            AddUnique(ListOf(tag.kind, out), normal);
          } else {
            ListCue(text, tag, &scratch.normal, out);
          }
          continue;
        }
      } else if ((first | 0x20) == 'h' &&
                 Tokenizer::PlainUrlChunk(text, c.offset, chunk_end).size != 0) {
        ++out->urls;
        continue;
      }
      // c.offset - 1, or 0 at the text's start, with no branch.
      const size_t begin = c.offset - (c.offset > 0 ? 1 : 0);
      const size_t end = std::min<size_t>(text.size(), chunk_end + 1);
      scratch.tokens.clear();
      tokenizer_.Tokenize(text.substr(begin, end - begin), &scratch.tokens);
      ListCues(text, scratch.tokens, begin, &scratch.normal, out);
    }
  }

  // Counts the URLs and emoji of `tokens` (offsets into `text` less
  // `shift`) and lists their mentions and hashtags. URLs and emoji are
  // counted with no branch (a test of each token's kind is as unpredictable
  // as the post's cues); only mentions and hashtags, which are listed, take
  // one. The few tokens here are all in cue chunks: counting straight into
  // *out costs less than locals kept across ListCue()'s calls.
  [[gnu::noinline]] static void ListCues(std::string_view text, const std::vector<Token>& tokens,
                                         size_t shift, std::string* normal, Analysis* out) {
    for (Token t : tokens) {
      out->urls += t.kind == TokenKind::kUrl;
      out->emoji += t.kind == TokenKind::kEmoji;
      if (IsCueKind(t.kind, kListedKinds)) {
        t.offset += static_cast<uint32_t>(shift);
        ListCue(text, t, normal, out);
      }
    }
  }

  // Calibrated probabilities from the learned model; score = p(positive) -
  // p(negative), so it stays in [-1, 1] and orders posts like the lexicon's.
  Sentiment ScoreLinear(std::string_view text) const {
    Scratch& scratch = ThreadScratch();
    extractor_->ExtractSums(text, linear_->packed, &scratch.features, &scratch.x);
    const learn::Probabilities p = linear_->Predict(scratch.x);
    Sentiment s;
    const int top = learn::ArgMax(p);
    s.label = static_cast<SentimentLabel>(top);
    s.has_probabilities = true;
    for (int k = 0; k < 3; ++k) s.p[k] = p[k];
    s.score = p[2] - p[0];
    s.neg = scratch.x.vader.neg;
    s.neu = scratch.x.vader.neu;
    s.pos = scratch.x.vader.pos;
    s.uncertain = p[top] < options_.abstain;
    return s;
  }

  // The token kinds ListCue() lists.
  static constexpr uint32_t kListedKinds =
      1u << static_cast<int>(TokenKind::kMention) | 1u << static_cast<int>(TokenKind::kHashtag);
  static bool IsCueKind(TokenKind kind, uint32_t kinds) {
    return (kinds >> static_cast<int>(kind)) & 1;
  }

  // Counts the URL and emoji tokens, in locals: a Token's fields may alias
  // the Analysis' ints, which would be loaded and stored for every token.
  static void CountCues(const std::vector<Token>& tokens, Analysis* out) {
    int urls = 0, emoji = 0;
    for (const Token& t : tokens) {
      urls += t.kind == TokenKind::kUrl;
      emoji += t.kind == TokenKind::kEmoji;
    }
    out->urls += urls;
    out->emoji += emoji;
  }

  // Adds a mention or hashtag token's normal form to its list.
  static void ListCue(std::string_view text, const Token& t, std::string* normal, Analysis* out) {
    // An ASCII token (nearly every one) is normalized into *normal's bytes,
    // which only grow: Normalize() would resize (zero-fill) the string for
    // each token, through a memset call.
    const std::string_view token = t.view(text);
    if (normal->size() < token.size()) normal->resize(token.size());
    const size_t n = Tokenizer::NormalizeAsciiTo(token, normal->data());
    std::string_view form;
    if (n != std::string_view::npos) {
      form = std::string_view(normal->data(), n);
    } else {
      Tokenizer::Normalize(token, normal);
      form = *normal;
    }
    AddUnique(ListOf(t.kind, out), form);
  }

  // The list of a mention or hashtag token's kind, picked with no branch on
  // the kind: a conditional move between the two addresses. (A two-entry
  // table of them was built on the stack for every cue, ~7 instructions.)
  static std::vector<std::string>* ListOf(TokenKind kind, Analysis* out) {
    return kind == TokenKind::kHashtag ? &out->hashtags : &out->mentions;
  }

  VaderModel vader_;
  Tokenizer tokenizer_;
  AnalyzerOptions options_;
  std::unique_ptr<const Tagger> tagger_;  // null without a taxonomy
  std::shared_ptr<const learn::LinearModel> linear_;  // null for the lexicon model
  std::optional<learn::FeatureExtractor> extractor_;  // set with linear_
  std::string name_;
};

// With a taxonomy whose brands have `sources`: a post from one of those
// sources (a brand's app reviews, the comments on its page) is about the
// brand, named or not (Tagger::AddSourceBrands()). A layer of its own, so
// that the analyzer's path costs nothing more for every other taxonomy.
class SourceBrandsAnalyzer final : public Analyzer {
 public:
  explicit SourceBrandsAnalyzer(std::unique_ptr<ModelAnalyzer> inner) : inner_(std::move(inner)) {}

  void Analyze(const Post& post, Analysis* out) const override {
    inner_->Analyze(post, out);
    inner_->tagger()->AddSourceBrands(post.source, out);
  }
  Sentiment Score(std::string_view text) const override { return inner_->Score(text); }
  const std::string& model_name() const override { return inner_->model_name(); }

 private:
  std::unique_ptr<ModelAnalyzer> inner_;
};

Sentiment AnalyzerScorer::Score(std::string_view text) const { return analyzer_.Score(text); }

Sentiment AnalyzerScorer::ScoreSpan(std::string_view text, size_t begin, size_t end) const {
  return analyzer_.ScoreSpan(text, begin, end);
}

// The learned model at `options.model`, or null for "lexicon".
StatusOr<std::shared_ptr<const learn::LinearModel>> LoadLinearModel(
    const AnalyzerOptions& options) {
  if (options.model == "lexicon") {
    if (options.abstain > 0) {
      return InvalidArgumentError("--abstain needs a model with probabilities: a .plm file "
                                  "written by parley train");
    }
    return std::shared_ptr<const learn::LinearModel>();
  }
  if (!Env::Default()->FileExists(options.model)) {
    return InvalidArgumentError("unknown model '" + options.model +
                                "': give --model lexicon or the path of a model file written by "
                                "parley train");
  }
  // The analyzer only predicts: the rows are read packed (they stay in cache).
  PARLEY_ASSIGN_OR_RETURN(learn::LinearModel model,
                          learn::LoadModel(Env::Default(), options.model, /*packed=*/true));
  return std::make_shared<const learn::LinearModel>(std::move(model));
}

StatusOr<std::unique_ptr<const Tagger>> LoadTagger(const AnalyzerOptions& options) {
  if (options.taxonomy_path.empty()) return std::unique_ptr<const Tagger>();
  TaggerOptions tagger_options;
  PARLEY_ASSIGN_OR_RETURN(tagger_options.engine, ParseMatchEngine(options.match_engine));
  tagger_options.positive_threshold = options.positive_threshold;
  tagger_options.negative_threshold = options.negative_threshold;
  PARLEY_ASSIGN_OR_RETURN(Taxonomy taxonomy, LoadTaxonomy(Env::Default(), options.taxonomy_path));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Tagger> tagger,
                          Tagger::Create(std::move(taxonomy), tagger_options));
  return std::unique_ptr<const Tagger>(std::move(tagger));
}

}  // namespace

StatusOr<std::string> FindDataFile(std::string_view name) {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("PARLEY_DATA_DIR")) candidates.push_back(fs::path(dir) / name);
  fs::path exe = ExecutableDir();
  if (!exe.empty()) {
    candidates.push_back(exe / ".." / "share" / "parley" / name);        // installed
    candidates.push_back(exe / ".." / ".." / "share" / "parley" / name);  // build tree
  }
  std::string looked;
  for (const fs::path& p : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.lexically_normal().string();
    looked += (looked.empty() ? "" : ", ") + p.lexically_normal().string();
  }
  return NotFoundError("cannot find " + std::string(name) + " (looked in " + looked +
                       "): run scripts/setup, or set PARLEY_DATA_DIR");
}

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerOptions& options) {
  if (!(options.abstain >= 0 && options.abstain <= 1)) {
    return InvalidArgumentError("--abstain must be a probability in [0, 1]");
  }
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const learn::LinearModel> linear,
                          LoadLinearModel(options));
  if (options.positive_threshold < options.negative_threshold) {
    return InvalidArgumentError("the positive threshold must not be below the negative one");
  }
  PARLEY_ASSIGN_OR_RETURN(std::shared_ptr<const VaderLexicon> shared,
                          LoadSentimentLexicon(options.lexicon_path));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<const Tagger> tagger, LoadTagger(options));
  std::string name = linear ? fs::path(options.model).filename().string() : "lexicon";
  const bool sources = tagger && tagger->has_source_brands();
  auto analyzer = std::make_unique<ModelAnalyzer>(std::move(shared), options, std::move(tagger),
                                                  std::move(linear), std::move(name));
  if (sources) return std::unique_ptr<Analyzer>(new SourceBrandsAnalyzer(std::move(analyzer)));
  return std::unique_ptr<Analyzer>(std::move(analyzer));
}

}  // namespace parley
