// libFuzzer target for taxonomies written in YAML (yaml_to_toml.h): on any
// bytes, ParseTaxonomy() of a file named .yaml must either fail with a
// message that names the file, or give a taxonomy whose tagger (RE2)
// compiles or fails the same way, and tags a post. (taxonomy_fuzzer holds
// the TOML parser and the tagger to their invariants.)
//
//   taxonomy_yaml_fuzzer fuzz/corpus/taxonomy_yaml_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "src/taxonomy/tagger.h"
#include "src/taxonomy/taxonomy.h"
#include "src/text/tokenizer.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "YAML taxonomy invariant broken: %s\n", what);
  std::abort();
}

class NeutralScorer final : public parley::SentimentScorer {
 public:
  parley::Sentiment Score(std::string_view) const override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto taxonomy = parley::ParseTaxonomy(yaml, "fuzz.yaml");
  if (!taxonomy.ok()) {
    Require(taxonomy.status().message().rfind("fuzz.yaml", 0) == 0,
            "a parse error that does not name the file");
    return 0;
  }
  auto tagger = parley::Tagger::Create(*std::move(taxonomy),
                                       parley::TaggerOptions{parley::MatchEngine::kRe2});
  if (!tagger.ok()) {
    Require(tagger.status().message().rfind("fuzz.yaml", 0) == 0,
            "a compile error that does not name the file");
    return 0;
  }
  constexpr std::string_view kPost = "@SkyloftAir flight delayed 3 hours!! refund me $45 #fail";
  std::vector<parley::Token> tokens;
  parley::Tokenizer().Tokenize(kPost, &tokens);
  parley::Analysis a;
  (*tagger)->Tag(kPost, tokens, NeutralScorer(), &a);
  return 0;
}
