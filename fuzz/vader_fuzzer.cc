// libFuzzer target for the VADER scorer: a differential check of its fast
// paths against its general ones on any bytes. The same text must score
// bit for bit the same
//  - with and without the cue chunks noted (SplitBlocks<true> / <false>),
//  - with the byte classification by AVX2 and by SSE2 (where the CPU has
//    AVX2) and with Valence()'s shortcut on and off,
//  - and a span of it by ScoreSpan() as by Score() of the substring;
// the cue chunks must be in order and within the text, and hold every chunk
// the tokenizer scans for cues (Tokenizer::IsCueByte()), found byte by byte:
// a text of emoji among ASCII notes them from the text with the emoji's
// names. ASan and UBSan watch the block split's bit arithmetic and its
// one-allocation word array.
//
//   vader_fuzzer fuzz/corpus/vader_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "src/text/test_util.h"
#include "src/text/tokenizer.h"
#include "src/text/vader.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "vader invariant broken: %s\n", what);
  std::abort();
}

bool Same(const parley::VaderScores& a, const parley::VaderScores& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A small lexicon with words of every length class the scorer looks up
// differently (two bytes, up to 16, longer), emoticons, and words the rules
// name (boosters, negations and idiom words come with the scorer itself).
constexpr std::string_view kLexicon =
    "good\t1.9\t0.9\t[2]\n"
    "bad\t-2.5\t0.9\t[-2]\n"
    "great\t3.1\t0.9\t[3]\n"
    "love\t3.2\t0.9\t[3]\n"
    "hate\t-2.7\t0.9\t[-3]\n"
    "lovely\t2.8\t0.9\t[3]\n"
    "awful\t-2.0\t0.9\t[-2]\n"
    "ok\t0.9\t0.9\t[1]\n"
    "lol\t1.8\t0.9\t[2]\n"
    ":)\t2.0\t0.9\t[2]\n"
    ":(\t-1.9\t0.9\t[-2]\n"
    "<3\t1.9\t0.9\t[2]\n"
    "kind\t2.4\t0.9\t[2]\n"
    "fine\t0.8\t0.9\t[1]\n"
    "cool\t1.3\t0.9\t[1]\n"
    "sucks\t-1.5\t0.9\t[-2]\n"
    "heart\t0.7\t0.9\t[1]\n"
    "smiling\t1.5\t0.9\t[2]\n"
    "unbelievably-good\t2.2\t0.9\t[2]\n"
    "disappointed\t-1.9\t0.9\t[-2]\n";

const parley::VaderModel& Model() {
  static const parley::VaderModel* model = [] {
    auto lex = parley::VaderLexicon::Parse(kLexicon, "fuzz");
    Require(lex.ok(), "the fuzzer's lexicon does not parse");
    return new parley::VaderModel(std::make_shared<parley::VaderLexicon>(std::move(lex).value()),
                                  parley::VaderOptions{});
  }();
  return *model;
}

// Whether every chunk of `text` (a run between ASCII whitespace) with a byte
// Tokenizer::IsCueByte() holds for is among `cues`.
bool HoldsEveryCueChunk(std::string_view text, const parley::CueChunks& cues) {
  size_t next = 0;  // cues.chunks[next] is the first not yet passed
  for (const auto& [begin, size] : parley::testing::ReferenceCueChunks(text)) {
    while (next < cues.chunks.size() && cues.chunks[next].offset < begin) ++next;
    if (next == cues.chunks.size() || cues.chunks[next].offset != begin ||
        cues.chunks[next].size != size)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first two bytes choose a span; the rest is the text.
  if (size < 2) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 2, size - 2);
  const parley::VaderModel& model = Model();

  parley::VaderScratch scratch, other;
  parley::CueChunks cues;
  const parley::VaderScores with_cues = model.Score(text, &scratch, &cues);
  if (cues.known) {
    size_t end = 0;
    for (const parley::CueChunks::Chunk& c : cues.chunks) {
      Require(c.size > 0 && c.offset >= end, "cue chunks overlap or are out of order");
      end = size_t{c.offset} + c.size;
      Require(end <= text.size(), "a cue chunk is out of bounds");
    }
    Require(HoldsEveryCueChunk(text, cues), "a chunk the tokenizer scans is not noted");
  } else {
    Require(cues.chunks.empty(), "chunks noted although unknown");
  }
  Require(Same(with_cues, model.Score(text, &other)), "scores differ with and without cues");

  // SSE2 classification (already the path without AVX2) and the full rules.
  const bool saved_avx2 = parley::vader_internal::SetClassifyAvx2(false);
  const bool saved_shortcut = parley::vader_internal::SetValenceShortcut(false);
  parley::CueChunks general_cues;
  const parley::VaderScores general = model.Score(text, &other, &general_cues);
  parley::vader_internal::SetValenceShortcut(saved_shortcut);
  parley::vader_internal::SetClassifyAvx2(saved_avx2);
  Require(Same(with_cues, general), "scores differ between the fast and the general paths");
  Require(general_cues.known == cues.known && general_cues.chunks.size() == cues.chunks.size(),
          "cue chunks differ between the classification paths");
  for (size_t k = 0; k < cues.chunks.size(); ++k) {
    Require(general_cues.chunks[k].offset == cues.chunks[k].offset &&
                general_cues.chunks[k].size == cues.chunks[k].size,
            "cue chunks differ between the classification paths");
  }

  // A span, by the words Score() left in `scratch` and from scratch.
  size_t begin = text.empty() ? 0 : data[0] % (text.size() + 1);
  size_t end = text.empty() ? 0 : data[1] % (text.size() + 1);
  if (begin > end) std::swap(begin, end);
  model.Score(text, &scratch);
  const parley::VaderScores span = model.ScoreSpan(text, begin, end, &scratch);
  Require(Same(span, model.Score(text.substr(begin, end - begin), &other)),
          "ScoreSpan() differs from Score() of the substring");
  return 0;
}
