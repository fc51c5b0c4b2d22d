#include "src/text/vader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include "src/text/test_util.h"
#include "src/text/tokenizer.h"
#include "tests/testutil/paths.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

// A tiny lexicon in the npm file's format, so these tests need no install.
constexpr char kLexicon[] =
    "good\t1.9\t0.9\t[2, 2]\n"
    "bad\t-2.5\t0.6\t[-2, -3]\n"
    "great\t3.1\t0.7\t[3, 3]\n"
    "joy\t2.8\t0.7\t[3, 3]\n"
    ":)\t2.0\t1.2\t[2, 2]\n";

double Norm(double x) { return std::round(x / std::sqrt(x * x + 15) * 1e4) / 1e4; }

class VaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lex = VaderLexicon::Parse(kLexicon, "test");
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    lexicon_ = std::make_shared<VaderLexicon>(std::move(lex).value());
  }
  double Compound(std::string_view text, bool emoji = true) {
    VaderModel model(lexicon_, VaderOptions{emoji});
    return model.Score(text, &scratch_).compound;
  }
  std::shared_ptr<VaderLexicon> lexicon_;
  VaderScratch scratch_;
};

TEST_F(VaderTest, ScoresALexiconWord) { EXPECT_DOUBLE_EQ(Compound("good"), Norm(1.9)); }

TEST_F(VaderTest, UnknownWordsAreNeutral) { EXPECT_DOUBLE_EQ(Compound("the plane"), 0); }

TEST_F(VaderTest, NegationFlipsAndDampens) {
  EXPECT_DOUBLE_EQ(Compound("not good"), Norm(1.9 * -0.74));
  EXPECT_DOUBLE_EQ(Compound("isn't good"), Norm(1.9 * -0.74));
  EXPECT_DOUBLE_EQ(Compound("NOT good"), Norm(1.9 - 0.733 * 0));  // capitalised "NOT" is no negation
}

// The one departure from the package: a contraction typed with a
// typographic apostrophe (U+2019, what phones type) negates as one typed
// with ' does, and only where that one would ("ISN'T", as written, is no
// negation in the package: it finds "n't" only).
TEST_F(VaderTest, AContractionWithATypographicApostropheNegates) {
  EXPECT_DOUBLE_EQ(Compound("isn\u2019t good"), Norm(1.9 * -0.74));
  EXPECT_DOUBLE_EQ(Compound("I really don\u2019t like it"), Compound("I really don't like it"));
  EXPECT_DOUBLE_EQ(Compound("it ISN\u2019T good"), Compound("it ISN'T good"));
  EXPECT_DOUBLE_EQ(Compound("the crew\u2019s good"), Norm(1.9));
}

TEST_F(VaderTest, BoostersAddIntensityWithDistanceDecay) {
  EXPECT_DOUBLE_EQ(Compound("very good"), Norm(1.9 + 0.293));
  EXPECT_DOUBLE_EQ(Compound("very the good"), Norm(1.9 + 0.293 * 0.95));
  EXPECT_DOUBLE_EQ(Compound("barely good"), Norm(1.9 - 0.293));
}

TEST_F(VaderTest, AllCapsAmongMixedCaseEmphasizes) {
  EXPECT_DOUBLE_EQ(Compound("GOOD flight"), Norm(1.9 + 0.733));
  EXPECT_DOUBLE_EQ(Compound("GOOD FLIGHT"), Norm(1.9));  // all caps: no differential
}

TEST_F(VaderTest, ButShiftsWeightToTheSecondClause) {
  EXPECT_DOUBLE_EQ(Compound("good but bad"), Norm(1.9 * 0.5 + -2.5 * 1.5));
}

TEST_F(VaderTest, CapitalButCountsOnlyWithoutALowerCaseOne) {
  EXPECT_DOUBLE_EQ(Compound("good BUT bad"), Norm(1.9 * 0.5 + -2.5 * 1.5));
  // The lower-case "but" wins wherever it is: "good" is before it, "bad" too.
  EXPECT_DOUBLE_EQ(Compound("good BUT bad but"), Norm(1.9 * 0.5 + -2.5 * 0.5));
}

TEST_F(VaderTest, ExclamationsAndQuestionsAmplify) {
  EXPECT_DOUBLE_EQ(Compound("good!!"), Norm(1.9 + 2 * 0.292));
  EXPECT_DOUBLE_EQ(Compound("good !!!!!!"), Norm(1.9 + 4 * 0.292));  // capped at 4
  // A run of more than three "!" is no strippable affix, so VADER does not
  // recognise the word at all (the package's behaviour, kept on purpose).
  EXPECT_DOUBLE_EQ(Compound("good!!!!!!"), 0);
  EXPECT_DOUBLE_EQ(Compound("bad??"), Norm(-2.5 - 2 * 0.18));
}

TEST_F(VaderTest, StripsOnePunctuationAffixButKeepsEmoticons) {
  EXPECT_DOUBLE_EQ(Compound("(good"), 0);  // "(" is not an affix VADER strips
  EXPECT_DOUBLE_EQ(Compound("okay :)"), Norm(2.0));
}

TEST_F(VaderTest, EmojiAreScoredByTheirNames) {
  // U+1F602 FACE WITH TEARS OF JOY -> "face with tears of joy"
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82"), Norm(2.8));
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82", /*emoji=*/false), 0);
}

TEST_F(VaderTest, RepeatedEmojiScoreAlike) {
  // The second and third lookups of the name come from the scratch's cache.
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82"), Norm(2.8));
  EXPECT_DOUBLE_EQ(Compound("\xF0\x9F\x98\x82 \xF0\x9F\x98\x82"),
                   Compound("joy joy"));
}

using parley::testing::ReferenceCueChunks;

std::vector<std::pair<uint32_t, uint32_t>> Chunks(const CueChunks& cues) {
  std::vector<std::pair<uint32_t, uint32_t>> chunks;
  for (const CueChunks::Chunk& c : cues.chunks) chunks.emplace_back(c.offset, c.size);
  return chunks;
}

// A text whose last sixteen bytes hold a byte >= 0x80 goes straight to the
// emoji names (the block split, which would reject it, is not tried); one
// with it further back, after the block split has failed. Either way an
// emoji in any 64-byte group, after any ASCII, scores as its name written
// there, on a scratch that last split an ASCII text in blocks. When the
// emoji is a chunk of its own, the cue chunks are noted (by the block split
// of the text with the name, and the emoji's chunk); else they are left to
// the caller.
TEST_F(VaderTest, AnEmojiInAnyGroupScoresAsItsName) {
  VaderModel model(lexicon_, VaderOptions{});
  const std::string joy = "\xF0\x9F\x98\x82";  // "face with tears of joy"
  const std::string words[] = {"good", "BAD", "great!", "not", "@crew", "x", "a.b"};
  for (size_t len = 0; len <= 200; ++len) {
    std::string before;
    for (size_t k = 0; before.size() < len; ++k) before += words[(k + len) % 7] + " ";
    before.resize(len);
    for (const std::string& after :
         std::vector<std::string>{"", " good", "bad" + std::string(70, ' ') + "great"}) {
      VaderScratch reused, fresh;
      CueChunks cues, ascii_cues;
      model.Score(std::string(150, 'g') + " @crew good", &reused, &ascii_cues);
      model.Score(std::string(150, 'g') + " @crew good", &reused, &cues);
      ASSERT_TRUE(cues.known);
      ASSERT_FALSE(cues.chunks.empty());
      VaderScores got = model.Score(before + joy + after, &reused, &cues);
      VaderScores want = model.Score(before + " face with tears of joy " + after, &fresh);
      ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << len << " '" << after << "'";
      const bool own_chunk = (before.empty() || before.back() == ' ') &&
                             (after.empty() || after.front() == ' ');
      EXPECT_EQ(cues.known, own_chunk) << len << " '" << after << "'";
      if (cues.known) {
        EXPECT_EQ(Chunks(cues), ReferenceCueChunks(before + joy + after))
            << len << " '" << after << "'";
      } else {
        EXPECT_TRUE(cues.chunks.empty());
      }
      VaderScores plain = model.Score(before + joy + after, &reused);
      ASSERT_EQ(std::memcmp(&plain, &want, sizeof plain), 0) << len << " '" << after << "'";
    }
  }
}

// Texts whose bytes >= 0x80 are one chunk of emoji (with joiners, skin
// tones, flags) among ASCII chunks of every cue kind: their cue chunks are
// noted, and are the tokenizer's; the scores are those of the text split
// without them. Texts with other bytes >= 0x80 (a curly quote, a no-break
// space, emoji in two chunks or glued to ASCII) leave them to the caller.
TEST_F(VaderTest, AnEmojiChunkAmongAsciiChunksNotesTheCueChunks) {
  VaderModel model(lexicon_, VaderOptions{});
  const std::vector<std::string> ascii = {"good", "BAD", "@crew", "#fail!", "www.x.com", "a/b",
                                          "end.", "x",    "joy",   "http://t.co/a", "wWw.",
                                          "great!!", "not"};
  const std::vector<std::string> emoji = {
      "\xF0\x9F\x98\x82",                                  // face with tears of joy
      "\xE2\x9D\xA4\xEF\xB8\x8F",                          // heart, U+FE0F
      "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",                  // thumbs up, a skin tone
      "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8",                  // a flag
      "\xF0\x9F\x98\x82\xF0\x9F\x98\xA1",                  // two emoji
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"};    // a ZWJ sequence
  const std::vector<std::string> other = {"\xE2\x80\x9C", "\xC2\xA0", "caf\xC3\xA9"};
  std::mt19937 rng(20261206);
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> chunks;
    for (size_t n = rng() % 40; n > 0; --n) chunks.push_back(ascii[rng() % ascii.size()]);
    chunks.insert(chunks.begin() + static_cast<std::ptrdiff_t>(rng() % (chunks.size() + 1)),
                  emoji[rng() % emoji.size()]);
    if (round % 5 == 0) {  // a second chunk with bytes >= 0x80, or one glued to ASCII
      const std::string& more = round % 10 == 0 ? other[rng() % other.size()] : emoji[0];
      chunks.insert(chunks.begin() + static_cast<std::ptrdiff_t>(rng() % (chunks.size() + 1)),
                    round % 15 == 0 ? "x" + more : more);
    }
    std::string text;
    for (const std::string& c : chunks) text += (text.empty() ? "" : rng() % 4 ? " " : "\n ") + c;
    if (rng() % 3 == 0) text += " ";
    VaderScratch scratch, fresh;
    CueChunks cues;
    VaderScores got = model.Score(text, &scratch, &cues);
    VaderScores want = model.Score(text, &fresh);
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << text << "'";
    ASSERT_EQ(cues.known, round % 5 != 0) << "'" << text << "'";
    if (cues.known) {
      ASSERT_EQ(Chunks(cues), ReferenceCueChunks(text)) << "'" << text << "'";
    } else {
      ASSERT_TRUE(cues.chunks.empty());
    }
  }
}

TEST_F(VaderTest, ProportionsSumToOne) {
  VaderModel model(lexicon_, VaderOptions());
  VaderScores s = model.Score("good flight but bad food", &scratch_);
  EXPECT_NEAR(s.neg + s.neu + s.pos, 1.0, 0.002);
  EXPECT_GT(s.neg, s.pos);
}

TEST(VaderLexicon, FindsEveryWordOfEveryLengthAndNoNearMiss) {
  // Keys of 1..40 bytes exercise each branch of the key comparison.
  std::string contents;
  std::vector<std::string> words;
  for (size_t length = 1; length <= 40; ++length) {
    std::string word;
    for (size_t k = 0; k < length; ++k) word.push_back(static_cast<char>('a' + (k * 7 + length) % 26));
    words.push_back(word);
    contents += word + "\t" + std::to_string(length) + "\t0.5\t[1]\n";
  }
  auto lex = VaderLexicon::Parse(contents, "lengths");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const VaderLexicon::Entry* e = lex->Find(word);
    ASSERT_NE(e, nullptr) << word;
    EXPECT_EQ(e->valence, static_cast<double>(i + 1)) << word;
    for (size_t at : {size_t{0}, word.size() / 2, word.size() - 1}) {
      std::string near = word;
      near[at] = near[at] == 'z' ? 'y' : 'z';
      EXPECT_EQ(lex->Find(near), nullptr) << near;
    }
    EXPECT_EQ(lex->Find(word + "q"), nullptr) << word;
  }
}

TEST(VaderLexicon, TheScorerFindsWordsOfEveryLengthBesideOtherBytes) {
  // The scorer loads a word's key from its lower-cased buffer whole (16
  // bytes) and masks off the bytes past the word: a word of every length,
  // followed by letters in that buffer, is found with its own valence, and
  // neither a prefix nor an extension of it is, on the block split and on
  // the byte scan (the text ending in a non-ASCII letter).
  std::string contents;
  std::vector<std::string> words;
  for (size_t length = 1; length <= 24; ++length) {
    std::string word;
    for (size_t k = 0; k < length; ++k)
      word.push_back(static_cast<char>('a' + (k * 7 + length) % 26));
    words.push_back(word);
    contents += word + "\t" + std::to_string(length) + ".5\t0.5\t[1]\n";
  }
  auto lex = VaderLexicon::Parse(contents, "lengths");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  VaderModel model(std::make_shared<VaderLexicon>(std::move(lex).value()), VaderOptions());
  VaderScratch scratch;
  const std::string after = " qqqqqqqqqqqqqqqqqqqqqqqq";  // no word, and letters past the key
  for (const std::string& tail : {std::string(), std::string(" \xc3\xa9")}) {
    for (size_t i = 1; i < words.size(); ++i) {  // one-byte words are dropped
      const std::string& word = words[i];
      double want = Norm(static_cast<double>(i + 1) + 0.5);
      EXPECT_EQ(model.Score("xq " + word + after + tail, &scratch).compound, want) << word;
      EXPECT_EQ(model.Score(word + tail, &scratch).compound, want) << word;
      EXPECT_EQ(model.Score("Xq " + word + ", q" + tail, &scratch).compound, want) << word;
      EXPECT_EQ(model.Score(word + "q" + after + tail, &scratch).compound, 0) << word;
      if (word.size() > 2) {
        EXPECT_EQ(model.Score(word.substr(0, word.size() - 1) + after + tail, &scratch).compound, 0)
            << word;
      }
    }
  }
}

TEST(VaderLexicon, FindsWordsWhoseFirstSlotAnotherWordTook) {
  // Enough short words that many collide in their first table slot and the
  // filter passes some unknown words: FindShort() must probe on past a
  // taken slot and turn away both filtered and unfiltered misses.
  std::string contents;
  std::vector<std::string> words;
  for (size_t i = 0; i < 5000; ++i) {
    std::string word = "w" + std::to_string(i * 7919 % 100003);
    words.push_back(word);
    contents += word + "\t" + std::to_string(i % 4 + 1) + "\t0.5\t[1]\n";
  }
  auto lex = VaderLexicon::Parse(contents, "collisions");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  auto find_short = [&](const std::string& word) {
    uint64_t k[2] = {0, 0};
    std::memcpy(k, word.data(), word.size());
    return lex->FindShort(k[0], k[1], word.size(), VaderLexicon::ShortHash(k[0], k[1]));
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const VaderLexicon::Entry* e = find_short(words[i]);
    ASSERT_NE(e, nullptr) << words[i];
    EXPECT_EQ(e->valence, static_cast<double>(i % 4 + 1)) << words[i];
    EXPECT_EQ(find_short("x" + words[i].substr(1)), nullptr) << words[i];
    EXPECT_EQ(find_short(words[i] + "q"), nullptr) << words[i];
  }
}

TEST(VaderLexicon, FindsEveryWordOfTheRealLexiconAndNoOtherWord) {
  // The table's hash and filter decide only how fast a word is found, never
  // whether: every word of the installed lexicon is found with its valence
  // (by Find() and by the scorer's FindShort()), and random strings that are
  // no word of it are not, short and long, filtered or not.
  std::string path = parley::testing::DataDir() + "/vader_lexicon.txt";
  auto lex = VaderLexicon::Load(path);
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, double> valences;
  for (std::string line; std::getline(in, line);) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) continue;
    valences[line.substr(0, tab)] = std::strtod(line.c_str() + tab + 1, nullptr);
  }
  ASSERT_GT(valences.size(), 7000u);
  auto find_short = [&](const std::string& word) {
    uint64_t k[2] = {0, 0};
    std::memcpy(k, word.data(), word.size());
    return lex->FindShort(k[0], k[1], word.size(), VaderLexicon::ShortHash(k[0], k[1]));
  };
  // The scorer's word loops look up through one copy of the table's fields,
  // taken before the loop: it finds what FindShort() does.
  const VaderLexicon::ShortFinder finder = lex->short_finder();
  auto find_copy = [&](const std::string& word) {
    uint64_t k[2] = {0, 0};
    std::memcpy(k, word.data(), word.size());
    return finder.Find(k[0], k[1], word.size(), VaderLexicon::ShortHash(k[0], k[1]));
  };
  for (const auto& [word, valence] : valences) {
    const VaderLexicon::Entry* e = lex->Find(word);
    ASSERT_NE(e, nullptr) << word;
    EXPECT_TRUE(e->in_lexicon) << word;
    EXPECT_EQ(e->valence, valence) << word;
    if (word.size() <= VaderLexicon::kInlineKey) {
      EXPECT_EQ(find_short(word), e) << word;
      EXPECT_EQ(find_copy(word), e) << word;
    }
  }
  std::mt19937 rng(20261201);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz'-!:)(0123456789";
  size_t misses = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string word(1 + rng() % 24, ' ');
    for (char& c : word) c = alphabet[rng() % (round % 2 ? 26 : alphabet.size())];
    if (valences.count(word)) continue;
    const VaderLexicon::Entry* e = lex->Find(word);
    // Only VADER's rule words (boosters, negations, "kind", ...) are known
    // beyond the file, and none of them has a lexicon valence.
    if (e != nullptr) {
      EXPECT_FALSE(e->in_lexicon) << word;
    } else {
      ++misses;
    }
    if (word.size() <= VaderLexicon::kInlineKey) {
      EXPECT_EQ(find_short(word), e) << word;
      EXPECT_EQ(find_copy(word), e) << word;
    }
  }
  EXPECT_GT(misses, 150000u);
}

TEST(VaderLexicon, CommonWordsLieInTheFirstTwoSlotsTheScorerCompares) {
  // Linear probing puts a key inserted late at the end of the run before
  // it: "the" and "to", idiom words inserted after the file's words, were
  // 12 and 4 slots past their first and took the probing loop on every
  // occurrence. VADER's rule words go in first and the file's words from
  // the shortest up, so the frequent words a post is made of are found in
  // their first slot or the next (FindShort() compares the first at once).
  auto lex = VaderLexicon::Load(parley::testing::DataDir() + "/vader_lexicon.txt");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  for (const char* word : {"the", "to", "of", "at", "this", "but", "not", "so", "very", "kind",
                           "never", "just", "and", "a", "i", "you", "it", "is", "for", "my",
                           "thanks", "good", "like", "love", "can't", "don't", "no"}) {
    int past = lex->SlotsPastFirst(word);
    if (lex->Find(word) == nullptr) {
      EXPECT_EQ(past, -1) << word;
      continue;
    }
    EXPECT_GE(past, 0) << word;
    EXPECT_LE(past, 1) << word;
  }
  // Over the whole table, short keys are rarely past their second slot.
  std::ifstream in(parley::testing::DataDir() + "/vader_lexicon.txt", std::ios::binary);
  size_t short_keys = 0, far = 0;
  for (std::string line; std::getline(in, line);) {
    std::string word = line.substr(0, line.find('\t'));
    if (word.empty() || word.size() > 5) continue;
    ++short_keys;
    far += lex->SlotsPastFirst(word) > 1;
  }
  ASSERT_GT(short_keys, 1000u);
  EXPECT_LT(far * 50, short_keys);  // under 2%
  EXPECT_EQ(lex->SlotsPastFirst("zzzqqqnotaword"), -1);
}

// Every field of the entry `word` has in `lex`, or "-" when it has none.
std::string EntryFields(const VaderLexicon& lex, const std::string& word) {
  const VaderLexicon::Entry* e = lex.Find(word);
  if (e == nullptr) return "-";
  uint64_t bits;
  std::memcpy(&bits, &e->valence, 8);
  return std::to_string(bits) + " " + std::to_string(e->boost) + " " +
         std::to_string(e->in_lexicon) + std::to_string(e->negation) + " " +
         std::to_string(e->word_class) + " " + std::to_string(e->phrase_start) + " " +
         std::to_string(e->phrase_word) + " " + std::to_string(e->key_size);
}

TEST(VaderLexicon, RepeatedAndRuleWordsGetTheTableTheyFill) {
  // Parse() sizes the table for the file's lines and every mention of a
  // rule word, more than the keys when words repeat or the file has rule
  // words; it must then build it again at the size the keys need, with
  // each repeated word's last valence and every rule word's flags.
  std::string contents;
  for (int i = 1; i <= 300; ++i) contents += "good\t" + std::to_string(i) + ".25\t0.5\t[1]\n";
  for (const char* w : {"very", "not", "kind", "of", "the", "barely"})
    contents += std::string(w) + "\t-1.5\t0.5\t[1]\n";
  auto lex = VaderLexicon::Parse(contents, "repeats");
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  EXPECT_EQ(lex->size(), 7u);
  // The rule words are ~150 keys: 512 slots, where 306 lines and their
  // ~170 mentions would ask for 1024.
  EXPECT_EQ(lex->table_slots(), 512u);
  EXPECT_EQ(lex->Find("good")->valence, 300.25);
  const VaderLexicon::Entry* very = lex->Find("very");
  ASSERT_NE(very, nullptr);
  EXPECT_TRUE(very->in_lexicon);
  EXPECT_EQ(very->valence, -1.5);
  EXPECT_EQ(very->boost, 1);
  EXPECT_EQ(very->word_class, VaderLexicon::kVery);
  EXPECT_TRUE(lex->Find("not")->negation);
  EXPECT_EQ(lex->Find("barely")->boost, -1);
  EXPECT_TRUE(lex->Find("kind")->phrase_start);
  EXPECT_NE(lex->Find("of")->phrase_word, 0);
  EXPECT_FALSE(lex->Find("never")->in_lexicon);  // a rule word only
  EXPECT_EQ(lex->Find("terrible"), nullptr);
  // A lexicon of distinct words gets the table they need at once.
  auto tiny = VaderLexicon::Parse("good\t1.9\n", "tiny");
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->table_slots(), 512u);
  auto real = VaderLexicon::Load(parley::testing::DataDir() + "/vader_lexicon.txt");
  ASSERT_TRUE(real.ok()) << real.status().ToString();
  EXPECT_EQ(real->table_slots(), 16384u);  // ~7,600 keys
}

TEST(VaderLexicon, LoadsAMappedFileAndAPipeAsParseReadsTheirText) {
  // Load() maps a regular file and reads anything else (a pipe here): the
  // lexicon is the same either way, and the same as Parse() of the text.
  std::string path = parley::testing::DataDir() + "/vader_lexicon.txt";
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> words;
  for (size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    words.push_back(text.substr(at, text.find('\t', at) - at));
    if (text.find('\n', at) == std::string::npos) break;
  }
  ASSERT_GT(words.size(), 7000u);
  for (const char* w : {"very", "not", "kind", "of", "the", "sort", "enough", "zzzq", "goodx"})
    words.push_back(w);
  auto parsed = VaderLexicon::Parse(text, "text");
  auto mapped = VaderLexicon::Load(path);
  ASSERT_TRUE(parsed.ok() && mapped.ok());
  // A small lexicon through a pipe (it fits the pipe's buffer), with a
  // CRLF line, a long key and no newline at the end.
  const std::string small = "good\t1.9\t0.9\t[2]\r\nextraordinarily-long-word\t2.5\nvery\t0.25";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], small.data(), small.size()), static_cast<ssize_t>(small.size()));
  close(fds[1]);
  auto piped = VaderLexicon::Load("/proc/self/fd/" + std::to_string(fds[0]));
  close(fds[0]);
  auto small_parsed = VaderLexicon::Parse(small, "small");
  ASSERT_TRUE(piped.ok() && small_parsed.ok()) << piped.status().ToString();
  EXPECT_EQ(piped->size(), 3u);
  for (const std::string& w : words) {
    EXPECT_EQ(EntryFields(*mapped, w), EntryFields(*parsed, w)) << w;
    EXPECT_EQ(EntryFields(*piped, w), EntryFields(*small_parsed, w)) << w;
  }
  EXPECT_EQ(piped->Find("extraordinarily-long-word")->valence, 2.5);
  EXPECT_EQ(piped->Find("very")->valence, 0.25);
  // An empty file is no lexicon, as before.
  std::string empty = ::testing::TempDir() + "/empty_lexicon.txt";
  std::ofstream(empty).close();
  EXPECT_THAT(VaderLexicon::Load(empty), StatusIs(StatusCode::kDataLoss, HasSubstr("no entries")));
}

TEST(VaderLexicon, LargeArraysLieOnWholeTwoMebibytePages) {
  // The table and Parse()'s list of lines, from 256 KiB up, take 2 MiB-aligned
  // blocks, which transparent huge pages can back (one page fault, not 128);
  // smaller ones come from std::allocator, and both hold what is stored.
  std::vector<uint64_t, HugePageAllocator<uint64_t>> large(kHugePageMinBytes / 8, 7);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(large.data()) % (size_t{2} << 20), 0u);
  large.resize(large.size() * 3, 9);  // 768 KiB, copied into a new block
  EXPECT_EQ(reinterpret_cast<uintptr_t>(large.data()) % (size_t{2} << 20), 0u);
  EXPECT_EQ(large.front(), 7u);
  EXPECT_EQ(large[kHugePageMinBytes / 8], 9u);
  std::vector<uint64_t, HugePageAllocator<uint64_t>> small(100, 3);
  EXPECT_EQ(small.back(), 3u);
  small = large;  // small -> large, and back
  EXPECT_EQ(small.back(), 9u);
  large.assign(10, 1);
  large.shrink_to_fit();
  EXPECT_EQ(large.size(), 10u);
}

// The scorer's rounding before an21, which truncated y and rounded half
// away from zero by hand: RoundToFixed() must return the same bits.
double TruncatingRoundFixed(double x, int digits) {
  double scale = digits == 4 ? 1e4 : 1e3;
  double y = x * scale;
  int64_t whole = static_cast<int64_t>(y);
  double frac = std::fabs(y - static_cast<double>(whole));
  if (std::fabs(frac - 0.5) > 1e-6) {
    int64_t sign = -static_cast<int64_t>(y < 0) | 1;
    int64_t away = sign & -static_cast<int64_t>(frac > 0.5);
    whole += away;
    return std::copysign(static_cast<double>(whole) / scale, y);
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, x);
  return std::strtod(buf, nullptr);
}

uint64_t Bits(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return b;
}

TEST(VaderSummarize, ATextWithNoLexiconWordScoresAsTheSumsAndRoundingsWould) {
  // The shortcut for no lexicon word against the general path, bit for bit
  // (a -0 would print as "-0"), for any word count and any emphasis the
  // punctuation gives; and random sentiments take the general path.
  using parley::vader_internal::SummarizeSentiments;
  auto bits = [](const VaderScores& v) {
    uint64_t b[4];
    std::memcpy(&b[0], &v.neg, 8);
    std::memcpy(&b[1], &v.neu, 8);
    std::memcpy(&b[2], &v.pos, 8);
    std::memcpy(&b[3], &v.compound, 8);
    return std::vector<uint64_t>(b, b + 4);
  };
  std::mt19937 rng(20261202);
  for (size_t words = 0; words < 300; ++words) {
    for (double emphasis : {0.0, 0.18, 0.292, 0.36, 0.584, 0.876, 0.96, 1.5}) {
      EXPECT_EQ(bits(SummarizeSentiments({}, words, emphasis, false)),
                bits(SummarizeSentiments({}, words, emphasis, true)))
          << words << " " << emphasis;
    }
    std::vector<double> sentiments(rng() % 6);
    for (double& v : sentiments) v = (static_cast<double>(rng() % 16001) - 8000) / 1000;
    if (sentiments.size() > words) sentiments.resize(words);
    double emphasis = static_cast<double>(rng() % 5) * 0.292;
    EXPECT_EQ(bits(SummarizeSentiments(sentiments, words, emphasis, false)),
              bits(SummarizeSentiments(sentiments, words, emphasis, true)))
        << words;
  }
  VaderScores none = SummarizeSentiments({}, 7, 0.292, false);
  EXPECT_EQ(none.neu, 1.0);
  EXPECT_FALSE(std::signbit(none.compound) || std::signbit(none.pos) || std::signbit(none.neg));
}

TEST(VaderRounding, NearestIntegerRoundsAsTheTruncatingFormDid) {
  // Every value the scores take near a rounded value or a tie (k / 10^d and
  // (k + 1/2) / 10^d, each 40 doubles either side, and the 1e-6 band's
  // edges), then random compounds and proportions: the same bits, -0 too.
  // The summary's packed rounding of two values (RoundToFixedPair()) too,
  // each value beside the one checked before it (a tie in one lane sends
  // both to the scalar path).
  size_t checked = 0;
  double previous = 0.25;
  // Ten million values: compared as plain bits, with a gtest assertion only
  // for a value that differs (the test code is built unoptimized, where an
  // assertion for each comparison cost most of the test's time under ASan).
  auto check = [&](double x) {
    for (int digits : {3, 4}) {
      const double expected = TruncatingRoundFixed(x, digits);
      const double alone = vader_internal::RoundToFixed(x, digits);
      double beside[2], after[2];
      vader_internal::RoundToFixedPair({x, previous}, {digits, 7 - digits}, beside);
      vader_internal::RoundToFixedPair({previous, x}, {7 - digits, digits}, after);
      const double other = TruncatingRoundFixed(previous, 7 - digits);
      if (Bits(alone) != Bits(expected) || Bits(beside[0]) != Bits(expected) ||
          Bits(beside[1]) != Bits(other) || Bits(after[1]) != Bits(expected)) [[unlikely]] {
        ASSERT_EQ(Bits(alone), Bits(expected)) << x << " to " << digits;
        ASSERT_EQ(Bits(beside[0]), Bits(expected))
            << x << " to " << digits << " beside " << previous;
        ASSERT_EQ(Bits(beside[1]), Bits(other)) << previous;
        ASSERT_EQ(Bits(after[1]), Bits(expected)) << x << " to " << digits << " after " << previous;
      }
      ++checked;
    }
    previous = x;
  };
  for (int digits : {3, 4}) {
    double scale = digits == 4 ? 1e4 : 1e3;
    for (int k = -static_cast<int>(scale); k <= static_cast<int>(scale); ++k) {
      for (double center : {k / scale, (k + 0.5) / scale, (k + 0.5 - 1e-6) / scale,
                            (k + 0.5 + 1e-6) / scale}) {
        double up = center, down = center;
        for (int step = 0; step <= 40; ++step) {
          check(up);
          check(down);
          up = std::nextafter(up, 2.0);
          down = std::nextafter(down, -2.0);
        }
      }
    }
  }
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int i = 0; i < 2000000; ++i) {
    check(unit(rng));
    // Proportions: small counts over small totals.
    double a = static_cast<double>(rng() % 64), b = static_cast<double>(1 + rng() % 64);
    check(std::fabs(a / (a + b)));
    // VADER's normalization of a sum of valences.
    double sum = static_cast<double>(static_cast<int64_t>(rng() % 4000) - 2000) / 100;
    check(sum / std::sqrt(sum * sum + 15));
  }
  check(0.0);
  check(-0.0);
  check(1.0);
  check(-1.0);
  EXPECT_GT(checked, 10000000u);
}

// Out of line, so the compiler does not see the table is empty where
// FindShort is inlined: GCC 12 then warned (-Warray-bounds) of the slot reads
// the filter's early return keeps from happening.
[[gnu::noinline]] const VaderLexicon::Entry* FindShortIn(const VaderLexicon& lexicon, uint64_t k0,
                                                         uint64_t k1, size_t size) {
  return lexicon.FindShort(k0, k1, size, VaderLexicon::ShortHash(k0, k1));
}

TEST(VaderLexicon, AnEmptyTableFindsNothing) {
  VaderLexicon empty;
  EXPECT_EQ(FindShortIn(empty, 0x646f6f67, 0, 4), nullptr);
  EXPECT_EQ(empty.Find("good"), nullptr);
}

// ScoreSpan() must return exactly what Score() of the substring does: over
// random and tricky texts, for every span (bounds at word edges, inside
// words, inside multi-byte spaces and characters), with the VADER rules that
// look past a word (negation, boosters, idioms, "but", caps, '!' and '?').
class VaderSpanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lex = VaderLexicon::Load(parley::testing::DataDir() + "/vader_lexicon.txt");
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    lexicon_ = new std::shared_ptr<const VaderLexicon>(
        std::make_shared<VaderLexicon>(std::move(lex).value()));
  }
  static void TearDownTestSuite() { delete lexicon_; }

  // Checks every span [begin, end) of `text`, `step` bytes apart (1: all).
  static void CheckAllSpans(const VaderModel& model, const std::string& text, size_t step,
                            bool cues) {
    VaderScratch whole, alone;
    CueChunks chunks;
    model.Score(text, &whole, cues ? &chunks : nullptr);
    for (size_t b = 0; b <= text.size(); b += (b == 0 ? 1 : step)) {
      for (size_t e = b; e <= text.size(); e += (e == b ? 1 : step)) {
        VaderScores got = model.ScoreSpan(text, b, e, &whole);
        VaderScores want = model.Score(text.substr(b, e - b), &alone);
        ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0)
            << "span [" << b << ", " << e << ") of '" << text << "': '" << text.substr(b, e - b)
            << "' compound " << got.compound << " want " << want.compound << ", pos " << got.pos
            << "/" << want.pos << ", neg " << got.neg << "/" << want.neg << ", neu " << got.neu
            << "/" << want.neu;
      }
    }
  }
  static std::shared_ptr<const VaderLexicon>* lexicon_;
};
std::shared_ptr<const VaderLexicon>* VaderSpanTest::lexicon_ = nullptr;

TEST_F(VaderSpanTest, TrickyTextsEverySpan) {
  const std::vector<std::string> texts = {
      "the crew was lovely but the delay was awful",
      "The crew was LOVELY BUT the delay was AWFUL!!!",
      "not good. never so good! this is kind of bad, sort of great?? yes",
      "he is the shit, cut the mustard, kiss of death, hand to mouth, yeah right",
      "just enough good. at least good, very least bad; least good",
      "GOOD GOOD good!! (good) :) :( don't like it, isn't great?!?",
      "caf\xC3\xA9 tr\xC3\xA8s GOOD\xC2\xA0great\xE3\x80\x80"
      "bad\xE2\x80\x83not\xE2\x80\x83"
      "bad",
      "\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3 love it \xC3 broken \xE2\x80 bytes",
      "I love it \xF0\x9F\x98\x82 so much \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD but \xE2\x80\x8D hate "
      "it",
      "  leading and trailing  spaces \t\n good  ",
      "a b ! ? !! ?? x y good",
      "BUT but But bad good BUT great",
  };
  VaderModel model(*lexicon_, VaderOptions{});
  VaderModel strict(*lexicon_, VaderOptions{/*emoji=*/false});
  for (const std::string& t : texts) {
    CheckAllSpans(model, t, 1, /*cues=*/false);
    CheckAllSpans(model, t, 1, /*cues=*/true);
    CheckAllSpans(strict, t, 3, /*cues=*/false);
  }
}

TEST_F(VaderSpanTest, RandomTexts) {
  const std::vector<std::string> words = {"good",
                                          "GOOD",
                                          "Good",
                                          "bad",
                                          "BAD",
                                          "great",
                                          "awful",
                                          "love",
                                          "hate",
                                          "not",
                                          "NOT",
                                          "isn't",
                                          "don't",
                                          "never",
                                          "so",
                                          "this",
                                          "but",
                                          "BUT",
                                          "But",
                                          "very",
                                          "VERY",
                                          "barely",
                                          "kind",
                                          "of",
                                          "sort",
                                          "just",
                                          "enough",
                                          "least",
                                          "at",
                                          "the",
                                          "shit",
                                          "bomb",
                                          "cut",
                                          "mustard",
                                          "kiss",
                                          "death",
                                          "hand",
                                          "to",
                                          "mouth",
                                          "yeah",
                                          "right",
                                          "ass",
                                          "without",
                                          "!",
                                          "!!",
                                          "?",
                                          "??",
                                          "?!?",
                                          "good!!",
                                          "(good",
                                          "good)",
                                          ":)",
                                          ":(",
                                          "<3",
                                          "a",
                                          "I",
                                          "x",
                                          "lol",
                                          "LOL",
                                          "delay",
                                          "crew",
                                          "flight",
                                          ".",
                                          ",",
                                          "...",
                                          "caf\xC3\xA9",
                                          "NA\xC3\x8FVE",
                                          "\xF0\x9F\x98\x82",
                                          "\xE2\x80\x8D",
                                          "\xC3",
                                          "@crew",
                                          "#delay",
                                          "http://x.co/good"};
  const std::vector<std::string> seps = {
      " ", " ", " ", "  ", "\t", "\n", "\xC2\xA0", "\xE3\x80\x80", ""};
  std::mt19937 rng(20261201);
  VaderModel model(*lexicon_, VaderOptions{});
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t n = 1 + rng() % 14;
    for (size_t k = 0; k < n; ++k) {
      if (k) text += seps[rng() % seps.size()];
      text += words[rng() % words.size()];
    }
    CheckAllSpans(model, text, round % 4 == 0 ? 1 : 5, /*cues=*/round % 2 == 0);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// Called for a text that was not the one last scored, it scores that text
// first; spans of one text may follow each other in any order.
TEST_F(VaderSpanTest, AnotherTextIsScoredFirst) {
  VaderModel model(*lexicon_, VaderOptions{});
  VaderScratch scratch, alone;
  std::string a = "good flight but awful crew", b = "NOT good. very BAD!!";
  model.Score(a, &scratch);
  for (auto [begin, end] : {std::pair<size_t, size_t>{0, 8}, {10, 20}, {5, 5}, {0, 20}}) {
    VaderScores got = model.ScoreSpan(b, begin, end, &scratch);
    VaderScores want = model.Score(b.substr(begin, end - begin), &alone);
    EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0) << begin << " " << end;
  }
}

// Texts of spaces and visible ASCII are split from their bytes classified
// in 64-byte groups; any other text byte by byte. Appending " \x01" (a
// one-byte word, which VADER drops) moves a text to the byte-by-byte path
// without changing its words: both paths must agree, on scores and cue
// chunks, for words that cross groups, fill them, or outgrow them.
TEST_F(VaderSpanTest, BlockSplitMatchesTheByteScan) {
  const std::vector<std::string> words = {
      "good", "GOOD", "Good", "bad", "not", "isn't", "don't", "but", "BUT", "very", "kind", "of",
      "the", "shit", "good!!", "(good", ":)", "a", "I", "x", "?", "!!", "...", "@crew",
      "#delay", "http://x.co/good", "www.good.com", "a.b", "it's", "DON'T",
      std::string(63, 'g'), std::string(64, 'G'), std::string(70, 'b') + "!",
      "www." + std::string(80, 'w') + "/good", std::string(15, 'o') + "?", "end.", "ww.x",
      "WwW.q", "xwww.", "w.w.w.", "wwww.", std::string(61, 'x') + "www.y"};
  const std::vector<std::string> seps = {" ", " ", "  ", "\t", "\n\r", "\v\f", std::string(60, ' ')};
  std::mt19937 rng(20261202);
  VaderModel model(*lexicon_, VaderOptions{});
  for (int round = 0; round < 2000; ++round) {
    std::string text = round % 3 == 0 ? seps[rng() % seps.size()] : "";
    size_t n = 1 + rng() % 30;
    for (size_t k = 0; k < n; ++k) {
      if (k) text += seps[rng() % seps.size()];
      text += words[rng() % words.size()];
    }
    if (round % 5 == 0) text += seps[rng() % seps.size()];
    if (round % 7 == 0) text.resize(64 * (1 + rng() % 3), 'y');  // whole groups
    VaderScratch a, b;
    CueChunks blocks, bytes;
    VaderScores got = model.Score(text, &a, &blocks);
    VaderScores want = model.Score(text + " \x01", &b, &bytes);
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << text << "'";
    ASSERT_TRUE(blocks.known && bytes.known);
    ASSERT_FALSE(bytes.chunks.empty());
    bytes.chunks.pop_back();  // the control byte's chunk, taken whole
    ASSERT_EQ(blocks.chunks.size(), bytes.chunks.size()) << "'" << text << "'";
    for (size_t k = 0; k < blocks.chunks.size(); ++k) {
      EXPECT_EQ(blocks.chunks[k].offset, bytes.chunks[k].offset) << "'" << text << "'";
      EXPECT_EQ(blocks.chunks[k].size, bytes.chunks[k].size) << "'" << text << "'";
    }
    VaderScores strict = model.Score(text, &a);  // without cues
    ASSERT_EQ(std::memcmp(&strict, &want, sizeof got), 0) << "'" << text << "'";
    if (round % 50 == 0) CheckAllSpans(model, text, 7, /*cues=*/true);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// The block split makes room for a text's words at once, (size + 1) / 3 of
// them (a kept word has two bytes or more and a space after it): texts at
// that bound, and near it, split as the byte scan does, word indices and all,
// in a scratch reused from longer and shorter texts.
TEST_F(VaderSpanTest, BlockSplitOfTheDensestTextsMatchesTheByteScan) {
  const std::vector<std::string> words = {"no", "NO", "ok", "so", "hm", "OK", "x", ":)", "a"};
  std::mt19937 rng(20261203);
  VaderModel model(*lexicon_, VaderOptions{});
  VaderScratch reused;
  CueChunks reused_cues;
  for (int round = 0; round < 3000; ++round) {
    size_t n = 1 + rng() % (round % 10 == 0 ? 200 : 40);
    std::string text;
    for (size_t k = 0; k < n; ++k) {
      if (k) text += ' ';
      // Mostly two-byte words: the densest text has only those.
      text += round % 2 == 0 ? words[rng() % 2] : words[rng() % words.size()];
    }
    if (round % 2 == 0) {
      size_t kept = (text.size() + 1) / 3;
      ASSERT_EQ(kept, n) << "'" << text << "'";  // at the bound
    }
    VaderScratch a, b;
    CueChunks blocks, bytes;
    VaderScores got = model.Score(text, &a, &blocks);
    VaderScores want = model.Score(text + " \x01", &b, &bytes);
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << text << "'";
    VaderScores again = model.Score(text, &reused, &reused_cues);
    ASSERT_EQ(std::memcmp(&again, &want, sizeof got), 0) << "'" << text << "'";
    VaderScores strict = model.Score(text, &a);  // without cues
    ASSERT_EQ(std::memcmp(&strict, &want, sizeof got), 0) << "'" << text << "'";
  }
}

// The block split reuses its groups from text to text, and fills in only
// the spaces of the group past the text: a text scored right after a
// longer one whose every mask is set (capitals, punctuation, apostrophes,
// cue bytes) scores as in a fresh scratch, for every length up to three
// groups, its last word running to its end.
TEST_F(VaderSpanTest, BlockSplitIgnoresAnEarlierTextsGroups) {
  VaderModel model(*lexicon_, VaderOptions{});
  std::string busy;
  while (busy.size() < 400) busy += "GOOD!'@#/www.Bad?";
  const std::string words[] = {"good", "GOOD", "bad!", "don't", "@crew", "x/y", "nice", "BAD"};
  std::mt19937 rng(20261205);
  for (size_t len = 1; len <= 192; ++len) {
    for (int round = 0; round < 4; ++round) {
      std::string text;
      while (text.size() < len) {
        if (!text.empty()) text += ' ';
        text += words[rng() % std::size(words)];
      }
      text.resize(len);
      if (text.back() == ' ') text.back() = 'g';
      VaderScratch reused, fresh;
      CueChunks reused_cues, fresh_cues;
      model.Score(busy, &reused, &reused_cues);
      VaderScores got = model.Score(text, &reused, &reused_cues);
      VaderScores want = model.Score(text, &fresh, &fresh_cues);
      ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << text << "'";
      ASSERT_EQ(reused_cues.known, fresh_cues.known) << "'" << text << "'";
      ASSERT_EQ(reused_cues.chunks.size(), fresh_cues.chunks.size()) << "'" << text << "'";
      for (size_t k = 0; k < fresh_cues.chunks.size(); ++k) {
        EXPECT_EQ(reused_cues.chunks[k].offset, fresh_cues.chunks[k].offset) << "'" << text << "'";
        EXPECT_EQ(reused_cues.chunks[k].size, fresh_cues.chunks[k].size) << "'" << text << "'";
      }
    }
  }
}

// The scorer strips an ASCII word's affix from its punctuation bits; the
// byte loops are the definition.
TEST(VaderAffixTest, BitsStripAsTheByteLoopsDo) {
  using vader_internal::StripAsciiAffix;
  const std::string punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  const std::string other = "aZq09\x7F";  // letters, digits and DEL: no punctuation
  std::mt19937 rng(20261201);
  for (int round = 0; round < 200000; ++round) {
    size_t len = 2 + rng() % (round % 10 == 0 ? 80 : 8);
    std::string token;
    for (size_t k = 0; k < len; ++k) {
      // Punctuation mostly at the ends, where affixes are.
      bool edge = k < 4 || k + 4 >= len;
      bool p = rng() % (edge ? 2 : 8) == 0;
      token += p ? punct[rng() % punct.size()] : other[rng() % other.size()];
    }
    std::string_view want = StripAsciiAffix(token, false), got = StripAsciiAffix(token, true);
    ASSERT_EQ(got.data() - token.data(), want.data() - token.data()) << "'" << token << "'";
    ASSERT_EQ(got.size(), want.size()) << "'" << token << "'";
  }
  for (const std::string& token : std::vector<std::string>{"good!!", "!!good", "good!?!", "good?!?!", "(good", "good.",
                                  "@crew", "#delay", "!!!!", "a!", "!a", "..good..", "good!!!!!",
                                  std::string(63, 'g') + "!", std::string(64, 'g') + "!"}) {
    EXPECT_EQ(StripAsciiAffix(token, true), StripAsciiAffix(token, false)) << token;
  }
  EXPECT_EQ(StripAsciiAffix("good!?!", true), "good");
  EXPECT_EQ(StripAsciiAffix("(good", true), "(good");
  EXPECT_EQ(StripAsciiAffix(std::string(63, 'g') + "!", true), std::string(63, 'g'));
}

TEST_F(VaderSpanTest, WwwDotIsACueAtEveryOffset) {
  // The block split marks a '.' as a cue byte only after "www" (any case),
  // carrying 'w's over from the previous 64-byte group: at every offset,
  // the chunks it notes are the byte scan's.
  VaderModel model(*lexicon_, VaderOptions{});
  for (std::string word : {"www.x", "WWW.", "wWw.good", "ww.x", "w.ww.x", "xwww.", "end."}) {
    for (size_t at = 0; at < 140; ++at) {
      for (const char* before : {"", "a "}) {
        std::string text = std::string(at, ' ') + before + word + " ok";
        VaderScratch a, b;
        CueChunks blocks, bytes;
        model.Score(text, &a, &blocks);
        model.Score(text + " \x01", &b, &bytes);
        ASSERT_TRUE(blocks.known && bytes.known);
        bytes.chunks.pop_back();  // the control byte's chunk, taken whole
        bool www = word.size() >= 4 && (word[0] | 0x20) == 'w' && (word[1] | 0x20) == 'w' &&
                   (word[2] | 0x20) == 'w' && word[3] == '.';
        bool cue = www || word == "xwww.";
        ASSERT_EQ(blocks.chunks.size(), cue ? 1u : 0u) << "'" << text << "'";
        ASSERT_EQ(bytes.chunks.size(), blocks.chunks.size()) << "'" << text << "'";
        if (cue) {
          EXPECT_EQ(blocks.chunks[0].offset, text.size() - word.size() - 3) << "'" << text << "'";
          EXPECT_EQ(blocks.chunks[0].size, word.size());
          EXPECT_EQ(bytes.chunks[0].offset, blocks.chunks[0].offset);
        }
      }
    }
  }
}

TEST(VaderLexicon, MalformedLineIsDataLossNamingTheLine) {
  EXPECT_THAT(VaderLexicon::Parse("good\t1.9\nbad\tterrible\n", "lex.txt"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("line 2 of lexicon 'lex.txt'")));
}

TEST(VaderLexicon, AcceptsExactlyTheValencesStrtodReadsWhole) {
  // Parse() reads valences with std::from_chars and hands what it cannot read
  // whole to strtod: a field is accepted, with strtod's value, exactly when
  // strtod reads all of it as a finite number.
  const char* fields[] = {"1.9",   "-0.35", "4",     ".5",      "-.5",    "1.",    "1e2",
                          "2.5E-1", "0",    "-0",    " 1.5",    "+1.5",   "0x1p1", "1e-400",
                          "4.9e-324", "1e400", "-1e400", "inf",  "nan",    "-nan",  "infinity",
                          "1.5x",  "1e",    "--1",   "+",       "-",      ".",     "1 ",
                          "1,5",   "0.1000000000000000055511151231257827021181583404541015625"};
  for (const char* field : fields) {
    char* end = nullptr;
    double expected = std::strtod(field, &end);
    bool accepted = *end == '\0' && end != field && std::isfinite(expected);
    auto lex = VaderLexicon::Parse(std::string("word\t") + field + "\t0.5\t[1]\n", "lex.txt");
    ASSERT_EQ(lex.ok(), accepted) << "'" << field << "'";
    if (accepted) {
      uint64_t got_bits, expected_bits;
      double got = lex->Find("word")->valence;
      std::memcpy(&got_bits, &got, 8);
      std::memcpy(&expected_bits, &expected, 8);
      EXPECT_EQ(got_bits, expected_bits) << "'" << field << "'";  // -0 too
    } else {
      EXPECT_THAT(lex, StatusIs(StatusCode::kDataLoss,
                                HasSubstr("line 1 of lexicon 'lex.txt' is not 'word<TAB>valence")))
          << "'" << field << "'";
    }
  }
}

TEST(VaderLexicon, ReadsEveryValenceOfTheRealLexiconAsStrtodDoes) {
  // Bit for bit, on every line of the installed lexicon (the mean is the
  // second tab-separated field).
  std::string path = parley::testing::DataDir() + "/vader_lexicon.txt";
  auto lex = VaderLexicon::Load(path);
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, double> valences;  // a repeated word keeps its last
  for (std::string line; std::getline(in, line);) {
    size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    std::string mean = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    char* end = nullptr;
    valences[line.substr(0, tab)] = std::strtod(mean.c_str(), &end);
    ASSERT_EQ(*end, '\0') << line;
  }
  ASSERT_GT(valences.size(), 7000u);
  for (const auto& [word, valence] : valences) {
    const VaderLexicon::Entry* e = lex->Find(word);
    ASSERT_NE(e, nullptr) << word;
    uint64_t got_bits, expected_bits;
    std::memcpy(&got_bits, &e->valence, 8);
    std::memcpy(&expected_bits, &valence, 8);
    EXPECT_EQ(got_bits, expected_bits) << word;
  }
}

TEST(VaderLexicon, LineWithoutValenceOrWordIsDataLoss) {
  for (const char* contents : {"good\n", "\t1.9\n", "good\t\t0.5\n", "good\t1.9 \n"}) {
    EXPECT_THAT(VaderLexicon::Parse(contents, "lex.txt"),
                StatusIs(StatusCode::kDataLoss,
                         HasSubstr("line 1 of lexicon 'lex.txt' is not 'word<TAB>valence")))
        << contents;
  }
}

TEST(VaderLexicon, EmptyLexiconIsAnError) {
  EXPECT_THAT(VaderLexicon::Parse("", "x"), StatusIs(StatusCode::kDataLoss));
}

TEST(VaderLexicon, MissingFileSaysWhatToDo) {
  EXPECT_THAT(VaderLexicon::Load("/nonexistent/vader_lexicon.txt"),
              StatusIs(StatusCode::kNotFound, HasSubstr("scripts/setup")));
}

TEST(VaderLexicon, AFailedReadIsAnErrorNotAShorterLexicon) {
  // A directory opens but cannot be read: the read error, with the path,
  // rather than a lexicon of whatever was read before it.
  std::string dir = ::testing::TempDir();
  auto lex = VaderLexicon::Load(dir);
  EXPECT_THAT(lex, StatusIs(StatusCode::kInvalidArgument,
                            HasSubstr("cannot read lexicon '" + dir + "': ")));
  EXPECT_THAT(lex.status().message(), HasSubstr("--lexicon"));
}

// Restores the classification path a test forced.
class ClassifyPathGuard {
 public:
  explicit ClassifyPathGuard(bool avx2) : saved_(vader_internal::SetClassifyAvx2(avx2)) {}
  ~ClassifyPathGuard() { vader_internal::SetClassifyAvx2(saved_); }
  ClassifyPathGuard(const ClassifyPathGuard&) = delete;
  ClassifyPathGuard& operator=(const ClassifyPathGuard&) = delete;

 private:
  bool saved_;
};

// A random text of `len` bytes from every class the scorer tells apart:
// spaces, letters, 'w's and "www.", apostrophes, '!', '?', '.', cue bytes,
// other punctuation, control bytes and (rarely, so that most texts take
// the block split) bytes >= 0x80.
std::string RandomClassText(std::mt19937* rng, size_t len, bool high) {
  static const std::vector<std::string> kPieces = {
      " ", "\t", "\n", "\r", "\v", "\f", "a", "Z", "q", "M", "w", "W", "www.", "WwW.", "'",
      "!", "?", ".", "@", "#", "/", ",", "~", "\x7F", "0", "9", "good", "BAD", ":)"};
  std::string text;
  while (text.size() < len) {
    unsigned r = (*rng)() % 1000;
    if (r < 2) {
      text += '\x01';
    } else if (r < 4 && high) {
      text += static_cast<char>(0x80 + (*rng)() % 128);
    } else {
      text += kPieces[(*rng)() % kPieces.size()];
    }
  }
  text.resize(len);
  return text;
}

TEST(VaderClassifyTest, Avx2ClassifiesAsSse2) {
  if (!vader_internal::HasAvx2Classify()) GTEST_SKIP() << "no AVX2 on this CPU or build";
  std::mt19937 rng(20261202);
  size_t block_split = 0;
  for (int round = 0; round < 40; ++round) {
    for (size_t len = 0; len <= 300; ++len) {
      std::string text = RandomClassText(&rng, len, round % 2 == 1);
      std::vector<uint64_t> want, got;
      std::string want_lower, got_lower;
      bool want_ok, got_ok;
      {
        ClassifyPathGuard sse2(false);
        want_ok = vader_internal::ClassifyText(text, &want, &want_lower);
      }
      {
        ClassifyPathGuard avx2(true);
        got_ok = vader_internal::ClassifyText(text, &got, &got_lower);
      }
      ASSERT_EQ(got_ok, want_ok) << "'" << text << "'";
      if (!want_ok) continue;
      ++block_split;
      ASSERT_EQ(got, want) << "'" << text << "'";
      ASSERT_EQ(got_lower, want_lower) << "'" << text << "'";
    }
  }
  EXPECT_GT(block_split, 4000u);  // most texts are classified, not rejected
  // A byte >= 0x80 or a control byte at every offset rejects the text on
  // both paths.
  for (size_t len = 1; len <= 200; ++len) {
    for (size_t at = 0; at < len; ++at) {
      for (char bad : {'\x80', '\xFF', '\x01', '\x1F'}) {
        std::string text(len, 'a');
        text[at] = bad;
        std::vector<uint64_t> masks;
        std::string lower;
        ClassifyPathGuard sse2(false);
        ASSERT_FALSE(vader_internal::ClassifyText(text, &masks, &lower)) << len << " " << at;
        vader_internal::SetClassifyAvx2(true);
        ASSERT_FALSE(vader_internal::ClassifyText(text, &masks, &lower)) << len << " " << at;
      }
    }
  }
}

// A '.' is a cue byte exactly when the three bytes before it are 'w's in
// any case, wherever the four lie across groups: the AVX2 path looks back
// at the lower-cased bytes, the SSE2 one carries the last group's 'w's.
TEST(VaderClassifyTest, WwwDotIsACueAcrossGroupEdges) {
  for (bool avx2 : {false, true}) {
    if (avx2 && !vader_internal::HasAvx2Classify()) continue;
    ClassifyPathGuard path(avx2);
    for (const char* www : {"www.", "WwW.", "ww.", "w.w.", "xww.", "wwwx", " ww."}) {
      for (size_t at = 0; at < 140; ++at) {
        for (char fill : {' ', 'w', 'a'}) {
          std::string text(at, fill);
          text += www;
          text += " x";
          std::vector<uint64_t> masks;
          std::string lower;
          ASSERT_TRUE(vader_internal::ClassifyText(text, &masks, &lower));
          for (size_t k = 0; k < text.size(); ++k) {
            bool www_before = k >= 3 && (text[k - 3] | 0x20) == 'w' &&
                              (text[k - 2] | 0x20) == 'w' && (text[k - 1] | 0x20) == 'w';
            bool want = text[k] == '.' && www_before;
            ASSERT_EQ((masks[(k / 64) * 9 + 5] >> (k % 64)) & 1, uint64_t{want})
                << avx2 << " '" << text << "' byte " << k;
          }
        }
      }
    }
  }
}

// A group's punctuation bits (the ninth mask of each) are exactly the bytes
// of Python's string.punctuation: the scorer's plain-word path relies on
// them to skip its affix, contraction and cue tests.
TEST(VaderClassifyTest, PunctuationBitsAreStringPunctuation) {
  auto is_punct = [](unsigned char c) {
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
  };
  std::mt19937 rng(20261204);
  for (bool avx2 : {false, true}) {
    if (avx2 && !vader_internal::HasAvx2Classify()) continue;
    ClassifyPathGuard path(avx2);
    // Every visible ASCII byte at every offset of a group, then random texts.
    for (int c = 0x21; c <= 0x7F; ++c) {
      for (size_t at = 0; at < 70; ++at) {
        std::string text(70, ' ');
        text[at] = static_cast<char>(c);
        std::vector<uint64_t> masks;
        std::string lower;
        ASSERT_TRUE(vader_internal::ClassifyText(text, &masks, &lower));
        ASSERT_EQ(masks.size(), 3 * 9u);  // two groups and the one past the text
        uint64_t want = is_punct(static_cast<unsigned char>(c)) ? uint64_t{1} << (at % 64) : 0;
        EXPECT_EQ(masks[(at / 64) * 9 + 8], want) << c << " at " << at;
        EXPECT_EQ(masks[(1 - at / 64) * 9 + 8], 0u) << c << " at " << at;
      }
    }
    for (int round = 0; round < 2000; ++round) {
      std::string text = RandomClassText(&rng, rng() % 301, false);
      std::vector<uint64_t> masks;
      std::string lower;
      if (!vader_internal::ClassifyText(text, &masks, &lower)) continue;
      for (size_t k = 0; k < masks.size() / 9 * 64; ++k) {
        bool want = k < text.size() && is_punct(static_cast<unsigned char>(text[k]));
        ASSERT_EQ((masks[(k / 64) * 9 + 8] >> (k % 64)) & 1, uint64_t{want})
            << "'" << text << "' byte " << k;
      }
    }
  }
}

// Valence()'s shortcut (no rule can apply) gives what the rules give, on
// texts dense in the words the rules look for, in either case.
TEST_F(VaderSpanTest, ValenceShortcutScoresAsTheRules) {
  static const std::vector<std::string> kWords = {
      "good",  "great", "bad",  "hate",      "love",   "GOOD",   "Great",   "HATE",    "cat",
      "dog",   "very",  "VERY", "extremely", "barely", "kind",   "of",      "sort",    "least",
      "at",    "not",   "NOT",  "isn't",     "never",  "so",     "this",    "but",     "BUT",
      "the",   "shit",  "bomb", "ass",       "yeah",   "right",  "cut",     "mustard", "kiss",
      "death", "hand",  "to",   "mouth",     "just",   "enough", "without", "!",       "?"};
  VaderModel model(*lexicon_, VaderOptions{});
  std::mt19937 rng(20261205);
  auto score = [&](const std::string& text, bool shortcut) {
    bool saved = vader_internal::SetValenceShortcut(shortcut);
    VaderScratch scratch;
    VaderScores v = model.Score(text, &scratch);
    vader_internal::SetValenceShortcut(saved);
    return v;
  };
  size_t scored = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = rng() % 12; n > 0; --n) text += kWords[rng() % kWords.size()] + " ";
    VaderScores want = score(text, false), got = score(text, true);
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0)
        << "'" << text << "': compound " << got.compound << " want " << want.compound;
    scored += want.compound != 0;
  }
  EXPECT_GT(scored, 10000u);  // most texts have a sentiment to get wrong
}

TEST_F(VaderSpanTest, Avx2ScoresAsSse2) {
  if (!vader_internal::HasAvx2Classify()) GTEST_SKIP() << "no AVX2 on this CPU or build";
  VaderModel model(*lexicon_, VaderOptions{});
  std::mt19937 rng(20261203);
  // The AVX2 path's split body (compiled with BMI) against the baseline
  // one too: half the texts are dense in known and rule words, in any case
  // and with affixes, so that words of every kind cross groups.
  static const std::vector<std::string> kWords = {
      "good", "BAD", "not", "Very", "but", "BUT", "kind", "of", "never", "so", "this", "isn't",
      "happy!", "(sad)", "@united", "#love", "the", "flight", "AMAZING", "barely", "www.x.com"};
  for (int round = 0; round < 8000; ++round) {
    std::string text;
    if (round % 2 == 0) {
      text = RandomClassText(&rng, rng() % 301, round % 8 == 0);
    } else {
      for (size_t len = rng() % 301; text.size() < len;) {
        text += kWords[rng() % kWords.size()];
        text += rng() % 5 == 0 ? "  " : " ";
      }
    }
    VaderScratch a, b;
    CueChunks want_cues, got_cues;
    VaderScores want, got;
    {
      ClassifyPathGuard sse2(false);
      want = model.Score(text, &a, &want_cues);
    }
    {
      ClassifyPathGuard avx2(true);
      got = model.Score(text, &b, &got_cues);
    }
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << text << "'";
    ASSERT_EQ(got_cues.known, want_cues.known) << "'" << text << "'";
    ASSERT_EQ(got_cues.chunks.size(), want_cues.chunks.size()) << "'" << text << "'";
    for (size_t k = 0; k < got_cues.chunks.size(); ++k) {
      ASSERT_EQ(got_cues.chunks[k].offset, want_cues.chunks[k].offset) << "'" << text << "'";
      ASSERT_EQ(got_cues.chunks[k].size, want_cues.chunks[k].size) << "'" << text << "'";
    }
  }
}

}  // namespace
}  // namespace parley
