// Deterministic tweet-like texts and post files for the benchmarks, so a
// benchmark needs no data files and measures the same input on every machine.
#ifndef PARLEY_BENCH_TWEET_TEXTS_H_
#define PARLEY_BENCH_TWEET_TEXTS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace parley::bench {

// `count` texts of 25-165 bytes (mean 87, like real tweets): a few
// clauses of customer talk carrying VADER's cues (negation, boosters, "but",
// capitals, "!!!", emoticons) plus mentions, hashtags, URLs and emoji. The
// same `seed` gives the same texts.
std::vector<std::string> TweetTexts(size_t count, uint32_t seed = 1);

// A CSV file with header id,author,created_at,text (parley's `generic`
// preset), one post per text, quoted per RFC 4180 where needed.
std::string PostsCsv(const std::vector<std::string>& texts);

// Total bytes of `texts`.
uint64_t TotalBytes(const std::vector<std::string>& texts);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_TWEET_TEXTS_H_
