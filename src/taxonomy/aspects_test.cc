#include "src/taxonomy/aspects.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/taxonomy/test_util.h"

namespace parley {
namespace {

using ::parley::testing::Canon;

// The clauses of `text` as raw substrings.
std::vector<std::string> Clauses(std::string_view text) {
  CanonicalText c = Canon(text);
  std::vector<Clause> clauses;
  std::vector<uint32_t> clause_of;
  SplitClauses(c, &clauses, &clause_of);
  EXPECT_EQ(clause_of.size(), c.pieces.size());
  std::vector<std::string> out;
  for (const Clause& k : clauses) {
    out.push_back(k.empty() ? "" : std::string(text.substr(k.raw_begin, k.raw_end - k.raw_begin)));
  }
  return out;
}

// Each contrastive word splits, in any case, and is left out of both
// clauses; words that only share its letters or length do not (the test
// reads fixed-size words of the canonical text).
TEST(SplitClauses, SplitsOnlyAtTheContrastiveWords) {
  for (std::string_view word : {"but", "BUT", "though", "however", "Whereas", "although"}) {
    SCOPED_TRACE(word);
    std::string text = "crew ok " + std::string(word) + " seat bad";
    EXPECT_EQ(Clauses(text), (std::vector<std::string>{"crew ok", "seat bad"}));
  }
  for (std::string_view word : {"butt", "bu", "buy", "thought", "thoughs", "howevers", "whereby",
                                "althoug", "although2", "bu-t", "tbut", "yet", "buuut",
                                "#but", "@but", "howeverrr", "although's"}) {
    SCOPED_TRACE(word);
    std::string text = "crew ok " + std::string(word) + " seat bad";
    EXPECT_EQ(Clauses(text), std::vector<std::string>{text});
  }
  EXPECT_EQ(Clauses("fine but"), (std::vector<std::string>{"fine", ""}));
  EXPECT_EQ(Clauses("but fine"), (std::vector<std::string>{"fine"}));
}

// The pieces' hashes (which SplitClauses reads) against the words' text, on
// random words built from the contrastive words' letters and sizes.
TEST(SplitClauses, SplitsWhereTheTextIsAContrastiveWord) {
  const std::vector<std::string> contrastive = {"but", "though", "however", "whereas", "although"};
  std::mt19937 rng(11);
  int splits = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string word = contrastive[rng() % contrastive.size()];
    switch (rng() % 5) {
      case 0: word[rng() % word.size()] = "abehlortuw"[rng() % 10]; break;
      case 1: word.insert(rng() % (word.size() + 1), 1, "abehlortuw"[rng() % 10]); break;
      case 2: word.erase(rng() % word.size(), 1); break;
      case 3: word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0]))); break;
      default: break;
    }
    SCOPED_TRACE(word);
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool is = std::find(contrastive.begin(), contrastive.end(), lower) != contrastive.end();
    splits += is;
    const std::string text = "crew ok " + word + " seat bad";
    const std::vector<std::string> want =
        is ? std::vector<std::string>{"crew ok", "seat bad"} : std::vector<std::string>{text};
    EXPECT_EQ(Clauses(text), want);
  }
  EXPECT_GT(splits, 1000);
}

TEST(SplitClauses, SentencePunctuationEndsAClause) {
  EXPECT_EQ(Clauses("late again. crew lovely; seat ok?! fine"),
            (std::vector<std::string>{"late again.", "crew lovely;", "seat ok?!", "fine"}));
}

// The segments of `text` as raw substrings.
std::vector<std::string> Segments(std::string_view text) {
  CanonicalText c = Canon(text);
  std::vector<Clause> clauses, segments;
  std::vector<uint32_t> clause_of, segment_of;
  SplitClauses(c, &clauses, &clause_of, &segments, &segment_of);
  EXPECT_EQ(segment_of.size(), c.pieces.size());
  // Each segment lies within its pieces' clause.
  for (size_t k = 0; k < c.pieces.size(); ++k) {
    const Clause& g = segments[segment_of[k]];
    const Clause& cl = clauses[clause_of[k]];
    if (!g.empty()) {
      EXPECT_GE(g.raw_begin, cl.raw_begin) << text;
      EXPECT_LE(g.raw_end, cl.raw_end) << text;
    }
  }
  std::vector<std::string> out;
  for (const Clause& k : segments) {
    out.push_back(k.empty() ? "" : std::string(text.substr(k.raw_begin, k.raw_end - k.raw_begin)));
  }
  return out;
}

TEST(SplitClauses, CommasColonsAndDashesSplitClausesIntoSegments) {
  EXPECT_EQ(Segments("food great, seats bad: cramped \u2014 awful - really. crew ok but wifi, meh"),
            (std::vector<std::string>{"food great,", "seats bad:", "cramped \u2014", "awful -",
                                      "really.", "crew ok", "wifi,", "meh"}));
  // A hyphen inside a word, and an apostrophe, do not split.
  EXPECT_EQ(Segments("check-in was slow, crew's fine"),
            (std::vector<std::string>{"check-in was slow,", "crew's fine"}));
  EXPECT_EQ(Segments("no commas here"), std::vector<std::string>{"no commas here"});
}

TEST(SplitClauses, WhileAndAnAndBeforeANewSubjectOpenASegment) {
  EXPECT_EQ(Segments("The food was awful and the crew was lovely"),
            (std::vector<std::string>{"The food was awful", "and the crew was lovely"}));
  EXPECT_EQ(Segments("Wifi was terrible while the food was delicious"),
            (std::vector<std::string>{"Wifi was terrible", "while the food was delicious"}));
  EXPECT_EQ(Segments("seat broke AND they lost my bag"),
            (std::vector<std::string>{"seat broke", "AND they lost my bag"}));
  // "and" between two words of one judgement does not.
  EXPECT_EQ(Segments("friendly and helpful staff"),
            std::vector<std::string>{"friendly and helpful staff"});
  EXPECT_EQ(Segments("sand the deck"), std::vector<std::string>{"sand the deck"});
  // Clauses are not split by them.
  EXPECT_EQ(Clauses("The food was awful and the crew was lovely").size(), 1u);
}

// SplitClauses() against the rules of aspects.h read off the pieces' text,
// on random texts of the words and marks that split them.
TEST(SplitClauses, SplitsRandomTextsAsTheRulesSay) {
  const std::vector<std::string> words = {
      "but",  "However", "though",     "and",  "AND",  "while",  "WHILE",    "the",    "my",
      "They", "their",   "crew",       "late", "seat", "good",   ",",        ".",      "!",
      "?",    ";",       ":",          "-",    "--",   "\u2014", "check-in", "#but",   "@and",
      "5",    "$20",     "\U0001F600", "yet",  "sand", "whilst", "an",       "andthe", "i"};
  auto text_of = [](const CanonicalText& c, const Piece& p) {
    return std::string_view(c.text).substr(p.begin, p.end - p.begin);
  };
  std::mt19937 rng(5);
  size_t splits = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 16);
    for (int i = 0; i < n; ++i) {
      if (!text.empty() && rng() % 4 != 0) text += ' ';
      text += words[rng() % words.size()];
    }
    SCOPED_TRACE(text);
    const CanonicalText c = Canon(text);
    // The rules, piece by piece, on the pieces' text.
    auto contrastive = [&](size_t k) {
      const std::string_view w = text_of(c, c.pieces[k]);
      return c.pieces[k].kind == TokenKind::kWord &&
             (w == "but" || w == "though" || w == "however" || w == "whereas" || w == "although");
    };
    auto opens = [&](size_t k) {
      if (c.pieces[k].kind != TokenKind::kWord) return false;
      const std::string_view w = text_of(c, c.pieces[k]);
      if (w == "while") return true;
      if (w != "and" || k + 1 == c.pieces.size()) return false;
      if (c.pieces[k + 1].kind != TokenKind::kWord) return false;
      const std::string_view s = text_of(c, c.pieces[k + 1]);
      for (std::string_view subject :
           {"the", "my", "our", "their", "your", "his", "her", "its", "this", "that", "these",
            "those", "i", "we", "they", "it", "he", "she"}) {
        if (s == subject) return true;
      }
      return false;
    };
    auto ends = [&](size_t k, bool segment) {
      const Piece& p = c.pieces[k];
      if (p.kind != TokenKind::kPunct) return false;
      const std::string_view w = text_of(c, p);
      if (w.find_first_of(".!?;") != std::string_view::npos) return true;
      return segment && !p.hyphen &&
             (w.find_first_of(",:") != std::string_view::npos || w == "-" || w == "--" ||
              w == "\u2013" || w == "\u2014");
    };
    for (const bool segment : {false, true}) {
      std::vector<Clause> want;
      std::vector<uint32_t> want_of;
      Clause open;
      for (size_t k = 0; k < c.pieces.size(); ++k) {
        if ((contrastive(k) || (segment && opens(k))) && !open.empty()) {
          want.push_back(open);
          open = Clause();
        }
        want_of.push_back(static_cast<uint32_t>(want.size()));
        if (contrastive(k)) continue;
        if (open.raw_begin == UINT32_MAX) open.raw_begin = c.pieces[k].raw_begin;
        open.raw_end = c.pieces[k].raw_end;
        if (ends(k, segment)) {
          want.push_back(open);
          open = Clause();
        }
      }
      want.push_back(open);
      std::vector<Clause> clauses, segments;
      std::vector<uint32_t> clause_of, segment_of;
      SplitClauses(c, &clauses, &clause_of, &segments, &segment_of);
      const std::vector<Clause>& got = segment ? segments : clauses;
      EXPECT_EQ(segment ? segment_of : clause_of, want_of) << segment;
      ASSERT_EQ(got.size(), want.size()) << segment;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].raw_begin, want[i].raw_begin) << segment << " " << i;
        EXPECT_EQ(got[i].raw_end, want[i].raw_end) << segment << " " << i;
      }
      splits += want.size();
    }
  }
  EXPECT_GT(splits, 10000u);
}

}  // namespace
}  // namespace parley
