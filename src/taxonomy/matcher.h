// A multi-pattern matcher: every phrase and pattern of a taxonomy compiled
// into one automaton, so the cost of a scan does not grow with the number of
// topics. Two engines:
//  - Hyperscan (x86-64, when the build found libhs): one database, all
//    patterns at once, every match end reported in one pass.
//  - RE2 (everywhere): an RE2::Set says which patterns occur, then each of
//    those (usually a handful) is searched on its own for positions.
// Both run on the canonical text (phrase.h), case-insensitively, in UTF-8.
// With the default engine (kAuto) the tagger gives these only the regex
// patterns; plain phrases go to one token-level automaton (token_matcher.h),
// which matches the same spans without scanning bytes. An engine named
// explicitly takes the phrases too, as regexes, to cross-check.
//
// Matches: for every pattern and every position where a match starts, the
// end of a match (Hyperscan reports every end for a start, RE2 the longest;
// these differ only for user patterns with alternatives that end at
// different token boundaries, like "a|a b"). `begin` is exact where the
// spec asks for it (want_begin) and with RE2; otherwise kNoBegin.
//
// Thread safety: a Matcher is immutable; Scan() may run on many threads
// (Hyperscan's scratch space is per thread).
#ifndef PARLEY_TAXONOMY_MATCHER_H_
#define PARLEY_TAXONOMY_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

enum class MatchEngine { kAuto, kHyperscan, kRe2 };
// "auto", "hyperscan", "re2".
StatusOr<MatchEngine> ParseMatchEngine(std::string_view name);
// True when this build has Hyperscan and this CPU can run it.
bool HyperscanAvailable();

struct PatternSpec {
  std::string regex;        // as compiled (see WrapPattern)
  bool want_begin = false;  // report where matches start (costs Hyperscan some speed)
  std::string origin;       // for errors: "taxonomy.toml:12: topic 'delay' pattern"
};

struct MatchSpan {
  static constexpr uint32_t kNoBegin = UINT32_MAX;
  uint32_t id;     // index into the specs
  uint32_t begin;  // kNoBegin when not known
  uint32_t end;    // one past the last byte
};

class Matcher {
 public:
  virtual ~Matcher() = default;

  // Compiles `specs` with `engine` (kAuto: Hyperscan when available, else
  // RE2). A pattern an engine cannot compile is InvalidArgument naming its
  // origin.
  static StatusOr<std::unique_ptr<Matcher>> Create(const std::vector<PatternSpec>& specs,
                                                   MatchEngine engine);

  // Appends the matches in `text` to `out` (not cleared), in no set order.
  virtual void Scan(std::string_view text, std::vector<MatchSpan>* out) const = 0;
  // "hyperscan" or "re2".
  virtual std::string_view engine() const = 0;
};

// Whether every match of `regex` (RE2 or Hyperscan syntax, as compiled:
// case-insensitive, \d an ASCII digit in both) holds an ASCII digit, so a
// text without one needs no scan for it ("delayed \d+ hours", "flight
// 7\d\d"). A cautious reading: true only where the syntax is plain (groups,
// alternatives, classes of digits, quantifiers); anything it does not
// follow (\Q...\E, \p{...}, a lookaround, a malformed pattern) says false.
bool RegexNeedsDigit(std::string_view regex);

// What a taxonomy pattern holds that can never match the text patterns run
// on: the post's words and signs, lower-cased, separated by single spaces
// and with a space at each end (" paid $ 49 for check - in "). A reading of
// the plain syntax (escapes, classes, groups, quantifiers); a part it does
// not follow (\Q...\E, \p{...}) ends the reading, saying nothing more.
struct PatternLint {
  // An anchor, '^' or '$' outside a class: the spaces at the ends of every
  // match keep it from matching (RE2 takes it, Hyperscan refuses it).
  bool anchor = false;
  // A sign written touching a letter, a digit or a class of them, which the
  // text always has a space between ('-' in "check-in", '$' in "\$\d+",
  // '%' in "\d+%"); 0 when none.
  char touching = 0;
};
PatternLint LintPattern(std::string_view regex);

// The engines, for Matcher::Create and tests.
StatusOr<std::unique_ptr<Matcher>> NewRe2Matcher(const std::vector<PatternSpec>& specs);
StatusOr<std::unique_ptr<Matcher>> NewHyperscanMatcher(const std::vector<PatternSpec>& specs);

}  // namespace parley

#endif  // PARLEY_TAXONOMY_MATCHER_H_
