// Tokenizer throughput on generated tweet-like posts: plain ASCII, and a mix
// with emoji and non-Latin scripts. Reports bytes/s, posts/s (items) and
// tokens/s. The token vector and the normalization buffer are reused, as the
// pipeline does.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/text/tokenizer.h"

namespace parley {
namespace {

constexpr std::string_view kAsciiPieces[] = {
    "the", "and", "I", "love", "this", "new", "phone", "but", "battery", "is", "so",
    "bad", "never", "again", "customer", "service", "was", "great", "today", "why",
    "don't", "can't", "check-in", "delayed", "flight", "thanks", "SOOOO", "happy",
    "worst", "ever", "lol", "@united", "@AmazonHelp", "#fail", "#blessed", "$AAPL",
    "https://t.co/Ab3dEf9xYz", "3.50", "$20", "1,000", "2nd", "!!!", "?", ",", ".",
    ":)", ":-(", "<3", "XD", ";)", "(", ")", "...", "RT", "&amp;", "hello@example.com",
};
constexpr std::string_view kUnicodePieces[] = {
    "😂", "👍🏽", "❤️", "🇫🇷", "👨‍👩‍👧", "🔥🔥", "café", "niño", "Straße", "日本語のテキスト",
    "привет", "مرحبا", "नमस्ते", "it’s", "¡genial!", "#café", "…", "“quoted”", "€5",
};

// Prose as most of a post is: plain words, a few capitalized or shouted,
// with a comma or full stop now and then. What the taxonomy's full
// tokenization mostly sees.
constexpr std::string_view kProsePieces[] = {
    "the", "my", "flight", "was", "and", "to", "a", "is", "for", "on", "again", "today",
    "gate", "please", "why", "thanks", "great", "awful", "still", "no", "one", "answers",
    "seat", "bag", "delayed", "crew", "lovely", "but", "wifi", "refund", "I", "The", "SO",
    "waiting", "hours", "never", "love", "this", "airline", "customer", "service,", "again.",
};

enum class PostSet { kAscii, kMixed, kProse };

// Posts of 8 to 30 pieces; in the mixed set one piece in three is Unicode.
std::vector<std::string> MakePosts(PostSet set) {
  std::mt19937 rng(42);
  std::vector<std::string> posts(2000);
  const bool mixed = set == PostSet::kMixed;
  for (std::string& post : posts) {
    const int pieces = 8 + static_cast<int>(rng() % 23);
    for (int k = 0; k < pieces; ++k) {
      if (k > 0) post.push_back(' ');
      if (set == PostSet::kProse) {
        post.append(kProsePieces[rng() % std::size(kProsePieces)]);
      } else if (mixed && rng() % 3 == 0) {
        post.append(kUnicodePieces[rng() % std::size(kUnicodePieces)]);
      } else {
        post.append(kAsciiPieces[rng() % std::size(kAsciiPieces)]);
      }
    }
  }
  return posts;
}

void ReportThroughput(benchmark::State& state, const std::vector<std::string>& posts,
                      int64_t tokens_per_pass) {
  int64_t bytes = 0;
  for (const std::string& post : posts) bytes += static_cast<int64_t>(post.size());
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(posts.size()));
  state.counters["tokens"] = benchmark::Counter(
      static_cast<double>(state.iterations() * tokens_per_pass), benchmark::Counter::kIsRate);
}

using TokenizeFn = void (Tokenizer::*)(std::string_view, std::vector<Token>*) const;

// `fn` over every post: Tokenize, or TokenizeCueChunks (what the analyzer runs
// without a taxonomy: only the chunks that can hold a mention, hashtag, URL or
// emoji are tokenized; tokens are those found).
void RunTokenize(benchmark::State& state, PostSet set, TokenizeFn fn) {
  const std::vector<std::string> posts = MakePosts(set);
  const Tokenizer tokenizer;
  std::vector<Token> tokens;
  int64_t tokens_per_pass = 0;
  for (auto _ : state) {
    tokens_per_pass = 0;
    for (const std::string& post : posts) {
      tokens.clear();
      (tokenizer.*fn)(post, &tokens);
      tokens_per_pass += static_cast<int64_t>(tokens.size());
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  ReportThroughput(state, posts, tokens_per_pass);
}

void BM_Tokenize(benchmark::State& state, PostSet set) {
  RunTokenize(state, set, &Tokenizer::Tokenize);
}

void BM_TokenizeCueChunks(benchmark::State& state, PostSet set) {
  RunTokenize(state, set, &Tokenizer::TokenizeCueChunks);
}

void BM_TokenizeAndNormalize(benchmark::State& state, PostSet set) {
  const std::vector<std::string> posts = MakePosts(set);
  const Tokenizer tokenizer;
  std::vector<Token> tokens;
  std::string normalized;
  int64_t tokens_per_pass = 0;
  for (auto _ : state) {
    tokens_per_pass = 0;
    for (const std::string& post : posts) {
      tokens.clear();
      tokenizer.Tokenize(post, &tokens);
      for (const Token& t : tokens) {
        Tokenizer::Normalize(t.view(post), &normalized);
        benchmark::DoNotOptimize(normalized.data());
      }
      tokens_per_pass += static_cast<int64_t>(tokens.size());
    }
  }
  ReportThroughput(state, posts, tokens_per_pass);
}

BENCHMARK_CAPTURE(BM_Tokenize, ascii, PostSet::kAscii);
BENCHMARK_CAPTURE(BM_Tokenize, mixed, PostSet::kMixed);
BENCHMARK_CAPTURE(BM_Tokenize, prose, PostSet::kProse);
BENCHMARK_CAPTURE(BM_TokenizeCueChunks, ascii, PostSet::kAscii);
BENCHMARK_CAPTURE(BM_TokenizeCueChunks, mixed, PostSet::kMixed);
BENCHMARK_CAPTURE(BM_TokenizeAndNormalize, ascii, PostSet::kAscii);
BENCHMARK_CAPTURE(BM_TokenizeAndNormalize, mixed, PostSet::kMixed);

}  // namespace
}  // namespace parley
