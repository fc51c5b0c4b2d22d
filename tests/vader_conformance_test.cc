// Conformance of the lexicon model with npm's vader-sentiment on every text of
// the four VADER ground-truth corpora (../shared/data/vader-groundtruth).
// Needs node, node_modules/vader-sentiment (scripts/setup installs both) and
// ../shared; skips with a message where they are missing. Every disagreement
// is listed in <build>/reports/vader_conformance.tsv.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <vector>
#include <sstream>
#include <string>
#include <unistd.h>

#include "src/text/vader.h"
#include "tests/testutil/paths.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
const char kCorpusDir[] = "../shared/data/vader-groundtruth";

bool HaveNode() {
  return fs::exists("node_modules/vader-sentiment") &&
         std::system("node --version > /dev/null 2>&1") == 0;
}

std::string Lexicon() { return testing::DataDir() + "/vader_lexicon.txt"; }

// "<file>\t<id>" -> compound, from the npm package.
std::map<std::string, double> ReferenceScores() {
  std::map<std::string, double> ref;
  FILE* p = popen((std::string("node tests/vader_conformance.js ") + kCorpusDir).c_str(), "r");
  if (!p) return ref;
  char line[512];
  while (fgets(line, sizeof(line), p)) {
    std::string s(line);
    size_t t2 = s.find('\t', s.find('\t') + 1);
    ref[s.substr(0, t2)] = std::strtod(s.c_str() + t2 + 1, nullptr);
  }
  pclose(p);
  return ref;
}

TEST(VaderConformance, MatchesNpmVaderSentimentOnAllFourCorpora) {
  if (!fs::exists(kCorpusDir)) GTEST_SKIP() << "needs ../shared/data (not in a user's clone)";
  if (!HaveNode()) GTEST_SKIP() << "needs node and node_modules/vader-sentiment: run scripts/setup";
  auto lex = VaderLexicon::Load(Lexicon());
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  VaderModel model(std::make_shared<VaderLexicon>(std::move(lex).value()), VaderOptions());
  VaderScratch scratch;
  std::map<std::string, double> ref = ReferenceScores();
  ASSERT_GT(ref.size(), 23000u);

  fs::path report_dir = fs::path(testing::BuildDir()) / "reports";
  fs::create_directories(report_dir);
  std::ofstream report(report_dir / "vader_conformance.tsv");
  report << "file\tid\tnpm\tparley\ttext\n";
  size_t total = 0, agree = 0;
  for (const auto& entry : fs::directory_iterator(kCorpusDir)) {
    std::string file = entry.path().filename().string();
    if (file.find("_GroundTruth.txt") == std::string::npos) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      std::string key = file + "\t" + line.substr(0, t1);
      std::string text = line.substr(t2 + 1);
      double ours = model.Score(text, &scratch).compound;
      auto it = ref.find(key);
      ASSERT_NE(it, ref.end()) << key;
      ++total;
      if (std::fabs(ours - it->second) <= 1e-4 + 1e-12) {
        ++agree;
      } else {
        report << key << '\t' << it->second << '\t' << ours << '\t' << text << '\n';
      }
    }
  }
  double rate = static_cast<double>(agree) / static_cast<double>(total);
  std::printf("vader conformance: %zu of %zu texts within 1e-4 (%.3f%%); report: %s\n", agree,
              total, 100 * rate, (report_dir / "vader_conformance.tsv").c_str());
  EXPECT_EQ(total, ref.size());
  EXPECT_GE(rate, 0.995);
}

// Random sentences built to exercise every rule: lexicon words, boosters,
// negations, "but", "least", idioms, "kind of", ALL CAPS, punctuation affixes
// and emphasis, odd whitespace (tabs, no-break spaces).
std::vector<std::string> AdversarialTexts(const VaderLexicon& lex, size_t n) {
  (void)lex;
  static const std::vector<std::string> words = {
      "good", "bad", "love", "hate", "great", "terrible", "ok", "happy", "sad", "awful",
      "not", "never", "so", "this", "but", "BUT", "least", "at", "very", "kind", "of", "sort",
      "just", "enough", "the", "shit", "bomb", "ass", "yeah", "right", "cut", "mustard", "kiss",
      "death", "hand", "to", "mouth", "isn't", "don't", "NOT", "REALLY", "extremely", "barely",
      "hardly", "flight", "delayed", "lost", "thanks", ":)", ":(", "<3", ":D", "lol", "wtf",
      "without", "nothing", "kinda", "uber", "fucking", "cool", "nice", "worst", "best"};
  static const std::vector<std::string> affixes = {"", "!", "!!", "?", "??", "???", ".", ",",
                                                   "!?!", "'", "\"", "(", ")", "..."};
  static const std::vector<std::string> seps = {" ", " ", " ", "  ", "\t", " \u00a0"};
  std::mt19937 rng(20141);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string text;
    size_t len = 1 + rng() % 14;
    std::string sep = pick(seps);
    for (size_t k = 0; k < len; ++k) {
      std::string w = pick(words);
      unsigned r = rng() % 20;
      if (r == 0) for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (r == 1) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      if (rng() % 5 == 0) w += pick(affixes);
      if (rng() % 20 == 0) w = pick(affixes) + w;
      text += (k ? sep : "") + w;
    }
    out.push_back(text);
  }
  return out;
}

TEST(VaderConformance, MatchesNpmVaderSentimentOnGeneratedRuleCases) {
  if (!HaveNode()) GTEST_SKIP() << "needs node and node_modules/vader-sentiment: run scripts/setup";
  auto lex = VaderLexicon::Load(Lexicon());
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  auto shared = std::make_shared<VaderLexicon>(std::move(lex).value());
  VaderModel model(shared, VaderOptions());
  std::vector<std::string> texts = AdversarialTexts(*shared, 20000);
  fs::path file = fs::temp_directory_path() / ("parley_vader_cases_" + std::to_string(getpid()));
  {
    std::ofstream out(file);
    for (const auto& t : texts) out << t << '\n';
  }
  FILE* p = popen(("node tests/vader_conformance.js --lines " + file.string()).c_str(), "r");
  ASSERT_NE(p, nullptr);
  VaderScratch scratch;
  char line[64];
  size_t i = 0, agree = 0;
  while (fgets(line, sizeof(line), p) && i < texts.size()) {
    double ref = std::strtod(line, nullptr);
    double ours = model.Score(texts[i], &scratch).compound;
    if (std::fabs(ours - ref) <= 1e-4 + 1e-12) ++agree;
    else ADD_FAILURE() << "npm " << ref << " parley " << ours << " on: " << texts[i];
    ++i;
  }
  pclose(p);
  fs::remove(file);
  EXPECT_EQ(i, texts.size());
  EXPECT_EQ(agree, texts.size());
}

}  // namespace
}  // namespace parley
