#include "bench/tweet_texts.h"

#include <cstdio>
#include <random>
#include <string_view>

#include "src/ingest/csv_reader.h"

namespace parley::bench {
namespace {

// Written for these benchmarks: short clauses that exercise the lexicon, its
// boosters, negations and contrastive "but", and the tokenizer's social cues.
constexpr std::string_view kClauses[] = {
    "the flight was delayed again",      "love the new seats",
    "not bad at all",                    "worst customer service EVER",
    "thanks for the quick reply",        "still waiting on my bag",
    "the app keeps crashing",            "great crew and a smooth landing",
    "why is nobody answering the phone", "I can't say I'm impressed",
    "really happy with the upgrade",     "it was okay but the food was cold",
    "so frustrated right now",           "you guys are amazing",
    "no wifi and no power outlets",      "kind of disappointed tbh",
    "best trip ever",                    "two hours on hold",
    "the refund never came",             "pretty good overall",
    "hate being stuck at the gate",      "very helpful agent at the desk",
    "not the worst, not the best",       "lol what a mess",
    "seriously?",                        "booked again for next week",
};
constexpr std::string_view kJoins[] = {", ", ". ", " and ", " but ", " - "};
constexpr std::string_view kEnds[] = {"", ".", "!", "!!!", "?", " :)", " :(", " :D"};
constexpr std::string_view kMentions[] = {"@united", "@AmericanAir", "@support", "@Delta",
                                          "@comcast"};
constexpr std::string_view kHashtags[] = {"#fail", "#travel", "#thanks", "#worst", "#happy"};
constexpr std::string_view kEmoji[] = {"😡", "😂", "❤️", "👍", "🙄", "😭"};

template <size_t N>
std::string_view Pick(const std::string_view (&items)[N], std::mt19937& rng) {
  return items[rng() % N];
}

bool Chance(std::mt19937& rng, unsigned percent) { return rng() % 100 < percent; }

std::string OneText(std::mt19937& rng) {
  std::string text;
  if (Chance(rng, 40)) text.append(Pick(kMentions, rng)).push_back(' ');
  int clauses = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < clauses; ++i) {
    if (i > 0) text.append(Pick(kJoins, rng));
    text.append(Pick(kClauses, rng));
  }
  text.append(Pick(kEnds, rng));
  if (Chance(rng, 25)) text.append(" ").append(Pick(kHashtags, rng));
  if (Chance(rng, 10)) text.append(" https://t.co/").append(std::to_string(rng() % 100000));
  if (Chance(rng, 20)) text.append(" ").append(Pick(kEmoji, rng));
  return text;
}

}  // namespace

std::vector<std::string> TweetTexts(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> texts;
  texts.reserve(count);
  for (size_t i = 0; i < count; ++i) texts.push_back(OneText(rng));
  return texts;
}

std::string PostsCsv(const std::vector<std::string>& texts) {
  std::string csv = "id,author,created_at,text\n";
  char row[96];
  for (size_t i = 0; i < texts.size(); ++i) {
    // One post a minute from a pool of 997 authors; times stay within a day
    // per 1440 posts, which is all the decoder needs to parse.
    std::snprintf(row, sizeof(row), "%zu,user%zu,2024-03-%02zuT%02zu:%02zu:00Z,", 1000000 + i,
                  i % 997, 1 + (i / 1440) % 28, (i / 60) % 24, i % 60);
    csv.append(row);
    AppendCsvField(texts[i], &csv);
    csv.push_back('\n');
  }
  return csv;
}

uint64_t TotalBytes(const std::vector<std::string>& texts) {
  uint64_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  return bytes;
}

}  // namespace parley::bench
