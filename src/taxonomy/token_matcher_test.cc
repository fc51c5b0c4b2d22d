#include "src/taxonomy/token_matcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

#include "src/taxonomy/test_util.h"

namespace parley {
namespace {

using ::parley::testing::Canon;
using Found = std::set<std::tuple<uint32_t, uint32_t, uint32_t>>;  // (id, begin, end)

Found ByTokens(const TokenMatcher& m, const CanonicalText& c) {
  std::vector<MatchSpan> spans;
  m.Scan(c, &spans);
  Found f;
  for (const MatchSpan& s : spans) EXPECT_TRUE(f.insert({s.id, s.begin, s.end}).second);
  return f;
}

Found ByRegex(const Matcher& m, const CanonicalText& c) {
  std::vector<MatchSpan> spans;
  m.Scan(c.text, &spans);
  Found f;
  for (const MatchSpan& s : spans) f.insert({s.id, s.begin, s.end});
  return f;
}

std::vector<PatternSpec> AsPatterns(const std::vector<PhraseSpec>& phrases) {
  std::vector<PatternSpec> specs;
  for (const PhraseSpec& p : phrases) {
    specs.push_back(PatternSpec{WrapPattern(PhrasePattern(p.phrase, p.style, p.hashtag)), true,
                                p.phrase});
  }
  return specs;
}

TEST(TokenMatcher, FindsPhrasesWithTheirFormsAndBoundaries) {
  std::vector<PhraseSpec> phrases = {{0, "delay", PhraseStyle::kInflect, true},
                                     {1, "check-in", PhraseStyle::kExact, false},
                                     {2, "customer service", PhraseStyle::kExact, true}};
  auto m = TokenMatcher::Create(phrases);
  ASSERT_NE(m, nullptr);
  CanonicalText c = Canon("Delayed again, #delays at CHECK IN and #CustomerService's fine; delayer");
  std::set<std::pair<uint32_t, std::string>> got;
  std::vector<MatchSpan> spans;
  m->Scan(c, &spans);
  for (const MatchSpan& s : spans) got.insert({s.id, c.text.substr(s.begin, s.end - s.begin)});
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       std::pair<uint32_t, std::string>{0, " delayed "},
                       std::pair<uint32_t, std::string>{0, " #delays "},
                       std::pair<uint32_t, std::string>{1, " check in "},
                       std::pair<uint32_t, std::string>{2, " #customerservice "}));
  EXPECT_EQ(TokenMatcher::Create({{0, " ", PhraseStyle::kExact, false}}), nullptr);
}

// Words whose inflections, possessives, apostrophes, hyphens and signs the
// phrase patterns treat in their own ways.
constexpr const char* kWords[] = {"delay",  "fly",   "bus",    "cancel", "price", "go",
                                  "wi-fi",  "check", "in",     "can't",  "crew",  "stop",
                                  "box",    "café",  "$",      "!!",     "bag",   "play",
                                  "late",   "seat",  "refund", "a",      ":)",    "2"};

std::string RandomPhrase(std::mt19937& rng) {
  int n = 1 + static_cast<int>(rng() % 3);
  std::string p;
  for (int i = 0; i < n; ++i) p += (i ? " " : "") + std::string(kWords[rng() % std::size(kWords)]);
  return p;
}

// A token that a phrase's regex might accept or just miss.
std::string RandomToken(std::mt19937& rng) {
  std::string w = kWords[rng() % std::size(kWords)];
  if (w.find('-') != std::string::npos) return w;
  std::vector<std::string> forms = Inflections(w);
  std::string t = forms[rng() % forms.size()];
  switch (rng() % 8) {
    case 0: t += "'s"; break;
    case 1: t = "#" + t; break;
    case 2: t = "#" + t + kWords[rng() % std::size(kWords)]; break;
    case 3: t += "x"; break;
    case 4: t = "-"; break;
    case 5: t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0]))); break;
    default: break;
  }
  return t;
}

// The automaton against both regex engines, on the patterns they compile
// from the same phrases: the same matches, begins included.
TEST(TokenMatcher, MatchesWhatTheRegexEnginesMatch) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<PhraseSpec> phrases;
    for (uint32_t i = 0; i < 60; ++i) {
      phrases.push_back(PhraseSpec{i, RandomPhrase(rng),
                                   rng() % 2 ? PhraseStyle::kInflect : PhraseStyle::kExact,
                                   rng() % 2 == 0});
    }
    auto tokens = TokenMatcher::Create(phrases);
    ASSERT_NE(tokens, nullptr);
    std::vector<std::unique_ptr<Matcher>> regexes;
    auto re2 = NewRe2Matcher(AsPatterns(phrases));
    ASSERT_TRUE(re2.ok()) << re2.status().ToString();
    regexes.push_back(std::move(re2).value());
    if (HyperscanAvailable()) {
      auto hs = NewHyperscanMatcher(AsPatterns(phrases));
      ASSERT_TRUE(hs.ok()) << hs.status().ToString();
      regexes.push_back(std::move(hs).value());
    }
    int matched = 0;
    for (int post = 0; post < 200; ++post) {
      std::string text;
      int n = 1 + static_cast<int>(rng() % 12);
      for (int k = 0; k < n; ++k) {
        text += (k ? (rng() % 4 ? " " : "-") : "") +
                (rng() % 3 ? RandomToken(rng) : RandomPhrase(rng));
      }
      CanonicalText c = Canon(text);
      Found expected = ByTokens(*tokens, c);
      matched += !expected.empty();
      for (const auto& re : regexes) {
        EXPECT_EQ(ByRegex(*re, c), expected) << re->engine() << " on '" << text << "'";
      }
    }
    EXPECT_GT(matched, 100);  // the posts do hold the phrases
  }
}

// A taxonomy of thousands of phrases sets most of the filter's bits, which
// then lets many absent pieces through to the table: the matches are still
// those of the regex engine, for pieces in and out of the table alike.
TEST(TokenMatcher, ManyPhrasesMatchWhatTheRegexEngineMatches) {
  std::mt19937 rng(9);
  auto word = [&] {
    static const char* kSyl[] = {"ka", "lo", "mi", "ra", "ten", "vu", "sor", "pel"};
    std::string w;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) w += kSyl[rng() % 8];
    return w;
  };
  std::vector<PhraseSpec> phrases;
  for (uint32_t i = 0; i < 3000; ++i) {
    std::string p = word();
    if (rng() % 2) p += " " + word();
    phrases.push_back(PhraseSpec{i, p, rng() % 2 ? PhraseStyle::kInflect : PhraseStyle::kExact,
                                 rng() % 2 == 0});
  }
  auto tokens = TokenMatcher::Create(phrases);
  ASSERT_NE(tokens, nullptr);
  auto re2 = NewRe2Matcher(AsPatterns(phrases));
  ASSERT_TRUE(re2.ok()) << re2.status().ToString();
  int matched = 0;
  for (int post = 0; post < 300; ++post) {
    std::string text;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 15); k < n; ++k) {
      std::string t = rng() % 4 ? word() : RandomToken(rng);
      if (rng() % 5 == 0) t += "s";
      text += (k ? (rng() % 6 ? " " : "-") : "") + t;
    }
    CanonicalText c = Canon(text);
    Found expected = ByTokens(*tokens, c);
    matched += !expected.empty();
    EXPECT_EQ(ByRegex(**re2, c), expected) << "on '" << text << "'";
  }
  EXPECT_GT(matched, 200);
}

}  // namespace
}  // namespace parley
