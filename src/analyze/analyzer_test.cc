// The lexicon analyzer collects mentions, hashtags, URLs and emoji from the
// chunks the VADER pass notes (CueChunks) rather than from a second scan of
// the text: these tests hold it to a full tokenization of the same texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "parley/engine.h"
#include "src/env/env.h"
#include "src/text/tokenizer.h"
#include "src/text/vader.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

constexpr char kLexicon[] = "good\t1.9\t0.9\t[2]\nbad\t-2.5\t0.6\t[-2]\n";

// What the analyzer must find: the cues of Tokenize() over the whole text.
struct Cues {
  std::vector<std::string> mentions, hashtags;
  int urls = 0, emoji = 0;
};

Cues ReferenceCues(std::string_view text) {
  std::vector<Token> tokens;
  Tokenizer().Tokenize(text, &tokens);
  Cues c;
  std::string normal;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kMention || t.kind == TokenKind::kHashtag) {
      Tokenizer::Normalize(t.view(text), &normal);
      auto* list = t.kind == TokenKind::kMention ? &c.mentions : &c.hashtags;
      if (std::find(list->begin(), list->end(), normal) == list->end()) list->push_back(normal);
    }
    c.urls += t.kind == TokenKind::kUrl;
    c.emoji += t.kind == TokenKind::kEmoji;
  }
  return c;
}

// Pieces that end, start or sit inside cue chunks, and separators of every
// kind the two splitters might treat differently.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "@united", "@", "#tag", "#", "#1", "C#", "user@host", "a@b.co", "/", "fork/spoon",
      "http://t.co/8f80277d", "https://x.org/a.b?c=d", "www.example.com", "WwW.x.org",
      "wwww.", "ww.w", "xwww.y", "www", ".", "..", "...www.", "a.b", "good", "BAD", "bad!!",
      "don't", ":-)", "<3", ":/", "$AAPL", "3.50", "\x01", "\x7f", "@\x01x", "#\x02y",
      "\xc3\xa9t\xc3\xa9", "\xf0\x9f\x98\x82", "#caf\xc3\xa9", "@\xc3\xa9", " ", "  ", "\t",
      "\n", "\v", "\f", "\r", "\xc2\xa0", "\xe2\x80\x8b", "\xe3\x80\x80",
      // Mentions and hashtags whose normal form differs from their text.
      "@UNITED", "#SOOOOO", "#Caf\xc3\x89", "@\xc3\x89T\xc3\x89", "#Stra\xc3\x9f""e", "#check-in",
      "@a_b", "#\xe2\x80\x99s", "\xff", "#x\xff"};
  return pieces;
}

// A taxonomy, with which the analyzer tokenizes the whole post and takes
// mentions and hashtags from the tagger's canonical text instead.
constexpr char kTaxonomy[] = R"([taxonomy]
name = "cues"
version = 1

[brands.united]
name = "United"
handles = ["@united"]
hashtags = ["#tag"]

[topics.food]
phrases = ["good", "spoon"]
)";

// Parameters: emoji scoring on; a taxonomy loaded.
class AnalyzerCueTest : public ::testing::TestWithParam<std::tuple<bool, bool>> {
 protected:
  void SetUp() override {
    const auto [emoji, taxonomy] = GetParam();
    dir_ = ::parley::testing::FreshTestDir(std::string("analyzer_cues") + (emoji ? "" : "_noemoji") +
                                           (taxonomy ? "_taxonomy" : ""));
    std::string path = (dir_ / "lexicon.txt").string();
    ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, path));
    AnalyzerOptions options;
    options.lexicon_path = path;
    options.emoji = emoji;
    if (taxonomy) {
      options.taxonomy_path = (dir_ / "taxonomy.toml").string();
      ASSERT_OK(WriteStringToFile(Env::Default(), kTaxonomy, options.taxonomy_path));
    }
    ASSERT_OK_AND_ASSIGN(analyzer_, Analyzer::Create(options));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void ExpectSameCues(const std::string& text) {
    Post post;
    post.text = text;
    Analysis a;
    analyzer_->Analyze(post, &a);
    Cues want = ReferenceCues(text);
    EXPECT_EQ(a.mentions, want.mentions) << "text: " << ::testing::PrintToString(text);
    EXPECT_EQ(a.hashtags, want.hashtags) << "text: " << ::testing::PrintToString(text);
    EXPECT_EQ(a.urls, want.urls) << "text: " << ::testing::PrintToString(text);
    EXPECT_EQ(a.emoji, want.emoji) << "text: " << ::testing::PrintToString(text);
    // One Analysis reused from text to text, as the pipeline does, and
    // left holding a learned model's fields: it is filled as a fresh one.
    reused_.sentiment.has_probabilities = true;
    reused_.sentiment.p[0] = reused_.sentiment.p[2] = 0.5;
    reused_.sentiment.uncertain = true;
    reused_.sentiment.label = SentimentLabel::kPositive;
    analyzer_->Analyze(post, &reused_);
    EXPECT_FALSE(reused_.sentiment.has_probabilities);
    EXPECT_FALSE(reused_.sentiment.uncertain);
    EXPECT_EQ(reused_.sentiment.p[0], 0);
    EXPECT_EQ(reused_.sentiment.p[2], 0);
    EXPECT_EQ(reused_.sentiment.label, a.sentiment.label);
    EXPECT_EQ(reused_.sentiment.score, a.sentiment.score);
    EXPECT_EQ(reused_.sentiment.neg, a.sentiment.neg);
    EXPECT_EQ(reused_.sentiment.neu, a.sentiment.neu);
    EXPECT_EQ(reused_.sentiment.pos, a.sentiment.pos);
    EXPECT_EQ(reused_.mentions, a.mentions);
    EXPECT_EQ(reused_.hashtags, a.hashtags);
    EXPECT_EQ(reused_.urls, a.urls);
    EXPECT_EQ(reused_.emoji, a.emoji);
    EXPECT_EQ(reused_.brands, a.brands);
    EXPECT_EQ(reused_.topics, a.topics);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Analyzer> analyzer_;
  Analysis reused_;
};

TEST_P(AnalyzerCueTest, FixedTextsMatchAFullTokenization) {
  for (const std::string text :
       {"@united thanks! #great flight http://t.co/abc", "@a @A @a #x #X", "visit www.x.com now",
        "WWW.X.COM.", "see:www.x.org", "fork/spoon", "mail me: a@b.co", "#1 fan of C#", "",
        " @lead and trail@ ", "@\x01handle", "tab\t@x\v#y\f/z\rwww.q\n@end",
        "nbsp\xc2\xa0@x \xf0\x9f\x98\x82 #tag", "good. bad. www. ok"}) {
    ExpectSameCues(text);
  }
}

TEST_P(AnalyzerCueTest, RandomTextsMatchAFullTokenization) {
  std::mt19937 rng(8);
  const std::vector<std::string>& pieces = Pieces();
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), count(1, 14);
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    for (size_t k = count(rng); k > 0; --k) {
      text += pieces[pick(rng)];
      if (rng() % 3 == 0) text += ' ';  // otherwise pieces run together
    }
    ExpectSameCues(text);
  }
}

INSTANTIATE_TEST_SUITE_P(EmojiTaxonomy, AnalyzerCueTest,
                         ::testing::Combine(::testing::Bool(), ::testing::Bool()));

// The label is positive at or above the positive threshold, else negative at
// or below the negative one, else neutral (the analyzer computes it without
// branches): for scores on, above and below each threshold, and for equal
// thresholds, where a score on both is positive.
TEST(AnalyzerLabels, FollowTheThresholdsInOrder) {
  const std::filesystem::path dir = ::parley::testing::FreshTestDir("analyzer_labels");
  const std::string path = (dir / "lexicon.txt").string();
  ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, path));
  const std::vector<std::string> texts = {"good",   "bad",     "plain",    "good bad",
                                          "GOOD!!", "bad bad", "not good", "good good bad"};
  AnalyzerOptions options;
  options.lexicon_path = path;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> plain, Analyzer::Create(options));
  std::vector<double> cuts = {0, 0.05, -0.05, 1, -1};
  for (const std::string& text : texts) cuts.push_back(plain->Score(text).score);
  for (double positive : cuts) {
    for (double negative : cuts) {
      if (positive < negative) continue;
      options.positive_threshold = positive;
      options.negative_threshold = negative;
      ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> analyzer, Analyzer::Create(options));
      for (const std::string& text : texts) {
        Post post;
        post.text = text;
        Analysis a;
        analyzer->Analyze(post, &a);
        SentimentLabel want = SentimentLabel::kNeutral;
        if (a.sentiment.score >= positive) {
          want = SentimentLabel::kPositive;
        } else if (a.sentiment.score <= negative) {
          want = SentimentLabel::kNegative;
        }
        EXPECT_EQ(a.sentiment.label, want) << text << " scores " << a.sentiment.score
                                           << "; thresholds " << positive << ", " << negative;
        EXPECT_EQ(analyzer->Score(text).label, want) << text;
      }
    }
  }
  std::filesystem::remove_all(dir);
}

// A post whose only tags may be intents is tagged from the chunks around
// their cues (Tagger::TagIntents()), but for a cue of an intent with
// exclusions, which takes the whole post: both paths list what Tag() does.
TEST(AnalyzerIntents, ExclusionsHoldOnThePathOfIntentsAlone) {
  const std::filesystem::path dir = ::parley::testing::FreshTestDir("analyzer_intents");
  AnalyzerOptions options;
  options.lexicon_path = (dir / "lexicon.txt").string();
  options.taxonomy_path = (dir / "taxonomy.toml").string();
  ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, options.lexicon_path));
  ASSERT_OK(WriteStringToFile(Env::Default(), kTaxonomy, options.taxonomy_path));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> analyzer, Analyzer::Create(options));
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"once I'm done packing I'll head out", {}},
      {"im done for the day", {}},
      {"third lost bag this year. I'm done", {"churn"}},
      {"when im done I'm switching to another bank", {"churn"}},
      {"can anyone help?", {"question"}},
      {"please unsubscribe me", {"churn"}},
  };
  for (const auto& [text, intents] : cases) {
    Post post;
    post.text = text;
    Analysis a;
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.intents, intents) << text;
  }
  std::filesystem::remove_all(dir);
}

// A brand's `sources`: every post stored under one is about the brand,
// named or not, on every path of the analyzer (a post the gate turns away,
// one with intents alone, one tagged whole); a negative one is then a
// complaint (the built-in `with_brand = "negative"`), and praise `unless`
// complaint still holds. Other sources' posts are as before.
TEST(AnalyzerSources, PostsFromABrandsSourcesAreAboutIt) {
  const std::filesystem::path dir = ::parley::testing::FreshTestDir("analyzer_sources");
  AnalyzerOptions options;
  options.lexicon_path = (dir / "lexicon.txt").string();
  options.taxonomy_path = (dir / "taxonomy.toml").string();
  ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, options.lexicon_path));
  ASSERT_OK(WriteStringToFile(Env::Default(), R"([taxonomy]
name = "sources"
version = 1

[brands.skyloft]
own = true
aliases = ["Skyloft"]
sources = ["skyloft_play", "skyloft_page"]

[brands.jetwave]
aliases = ["Jetwave"]

[brands.orbit]
sources = ["orbit_reviews"]

[brands.aero]
sources = ["aero-*-reviews", "aero_?"]

[topics.app]
phrases = ["login"]
)",
                              options.taxonomy_path));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> analyzer, Analyzer::Create(options));
  struct Case {
    std::string source, text;
    std::vector<std::string> brands, intents;
  };
  const Case cases[] = {
      {"skyloft_play", "bad app", {"skyloft"}, {"complaint"}},  // the gate: no tag
      {"skyloft_play", "good app", {"skyloft"}, {}},            // positive: nothing more
      {"skyloft_page", "bad, can anyone help?", {"skyloft"}, {"complaint", "question"}},
      {"skyloft_play", "bad login", {"skyloft"}, {"complaint"}},  // tagged whole
      {"skyloft_play", "good login, thanks", {"skyloft"}, {"praise"}},
      {"skyloft_play", "Jetwave is bad", {"jetwave", "skyloft"}, {"complaint"}},  // named first
      {"orbit_reviews", "bad", {"orbit"}, {"complaint"}},  // a brand with sources alone
      {"twitter", "bad app", {}, {}},
      {"twitter", "Skyloft is bad", {"skyloft"}, {"complaint"}},
      {"skyloft_play_old", "bad app", {}, {}},  // a source is matched whole
      // Patterns: a source they match whole.
      {"aero-play-2026-reviews", "bad", {"aero"}, {"complaint"}},
      {"aero_x", "bad", {"aero"}, {"complaint"}},
      {"aero_xy", "bad", {}, {}},
      {"aero-reviews", "bad", {}, {}},
      {"my-aero-play-reviews", "bad", {}, {}},
  };
  for (const Case& c : cases) {
    Post post;
    post.source = c.source;
    post.text = c.text;
    Analysis a;
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.brands, c.brands) << c.source << ": " << c.text;
    EXPECT_EQ(a.intents, c.intents) << c.source << ": " << c.text;
  }
  std::filesystem::remove_all(dir);
}

// With detect_language, every post gets a language, the source's tag where
// it has one (reduced to its primary subtag, the text not read), else the
// text's; on every path of the analyzer (no taxonomy, a taxonomy, a post
// the gate turns away), and the same analysis reused clears it. Without
// it, the source's tag is still kept, and a post without one gets none.
TEST(AnalyzerLanguage, TheSourcesTagElseTheTexts) {
  const std::filesystem::path dir = ::parley::testing::FreshTestDir("analyzer_language");
  AnalyzerOptions options;
  options.lexicon_path = (dir / "lexicon.txt").string();
  ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, options.lexicon_path));
  ASSERT_OK(WriteStringToFile(Env::Default(), kTaxonomy, (dir / "taxonomy.toml").string()));
  const std::string spanish =
      "el vuelo lleva tres horas de retraso y nadie nos dice nada, por favor";
  const std::string english = "the flight is three hours late and nobody tells us anything, help?";
  for (bool taxonomy : {false, true}) {
    options.taxonomy_path = taxonomy ? (dir / "taxonomy.toml").string() : "";
    options.detect_language = false;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> plain, Analyzer::Create(options));
    options.detect_language = true;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> analyzer, Analyzer::Create(options));
    Analysis a;
    Post post;
    post.text = spanish;
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.lang, "es") << taxonomy;
    post.text = english;
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.lang, "en") << taxonomy;
    post.text = "good";
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.lang, "und") << taxonomy;
    post.text = spanish;
    post.lang = "EN-gb";  // the source says so: it is not second-guessed
    analyzer->Analyze(post, &a);
    EXPECT_EQ(a.lang, "en") << taxonomy;
    plain->Analyze(post, &a);
    EXPECT_EQ(a.lang, "en") << taxonomy;  // kept without detection too
    post.lang = "English";                // not a language code: not known
    plain->Analyze(post, &a);
    EXPECT_EQ(a.lang, "und") << taxonomy;
    post.lang.clear();
    plain->Analyze(post, &a);
    EXPECT_EQ(a.lang, "") << taxonomy;  // nothing to keep, nothing detected
    post.text = "good";
    plain->Analyze(post, &a);
    EXPECT_EQ(a.lang, "") << taxonomy;
  }
  std::filesystem::remove_all(dir);
}

// The VADER pass notes exactly the chunks of an ASCII text that may hold a
// cue, and declines (known = false) for any other text.
TEST(VaderCueChunks, NotesCueChunksOfAsciiText) {
  auto lexicon = std::make_shared<const VaderLexicon>(*VaderLexicon::Parse(kLexicon, "test"));
  VaderModel model(lexicon, VaderOptions{});
  VaderScratch scratch;
  CueChunks cues;
  const std::string text = "good @a x#y a/b www.q thanks. Www.z\t\x01@c";
  VaderScores with = model.Score(text, &scratch, &cues);
  ASSERT_TRUE(cues.known);
  std::vector<std::string> chunks;
  for (const CueChunks::Chunk& c : cues.chunks) chunks.push_back(text.substr(c.offset, c.size));
  EXPECT_EQ(chunks, (std::vector<std::string>{"@a", "x#y", "a/b", "www.q", "Www.z", "\x01@c"}));
  EXPECT_EQ(with.compound, model.Score(text, &scratch).compound);  // scores are unchanged

  model.Score("good \xc2\xa0@a", &scratch, &cues);
  EXPECT_FALSE(cues.known);
  EXPECT_TRUE(cues.chunks.empty());
  model.Score("plain words only.", &scratch, &cues);
  EXPECT_TRUE(cues.known);
  EXPECT_TRUE(cues.chunks.empty());
}

}  // namespace
}  // namespace parley
