#include "src/taxonomy/aspects.h"

#include <gtest/gtest.h>

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
                                "althoug", "although2", "bu-t", "tbut", "yet"}) {
    SCOPED_TRACE(word);
    std::string text = "crew ok " + std::string(word) + " seat bad";
    EXPECT_EQ(Clauses(text), std::vector<std::string>{text});
  }
  EXPECT_EQ(Clauses("fine but"), (std::vector<std::string>{"fine", ""}));
  EXPECT_EQ(Clauses("but fine"), (std::vector<std::string>{"fine"}));
}

TEST(SplitClauses, SentencePunctuationEndsAClause) {
  EXPECT_EQ(Clauses("late again. crew lovely; seat ok?! fine"),
            (std::vector<std::string>{"late again.", "crew lovely;", "seat ok?!", "fine"}));
}

}  // namespace
}  // namespace parley
