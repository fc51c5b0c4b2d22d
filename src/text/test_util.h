// Helpers shared by the text module's tests and fuzz targets.
#ifndef PARLEY_TEXT_TEST_UTIL_H_
#define PARLEY_TEXT_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "src/text/tokenizer.h"

namespace parley::testing {

// Calls fn(begin, end) for each chunk of `text`, in order: each run of bytes
// between ASCII whitespace (' ', '\t'..'\r') or the text's ends, the unit the
// tokenizer's cue-chunk paths and VADER's words work on. Found byte by byte,
// as a reference for the fast paths that find them otherwise.
template <typename Fn>
void ForEachChunk(std::string_view text, Fn&& fn) {
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  for (size_t begin = 0; begin < text.size();) {
    if (is_space(text[begin])) {
      ++begin;
      continue;
    }
    size_t end = begin;
    while (end < text.size() && !is_space(text[end])) ++end;
    fn(begin, end);
    begin = end;
  }
}

// The chunks of `text` that Tokenizer::TokenizeCueChunks() scans (a byte
// Tokenizer::IsCueByte() holds for), as (offset, size), in order: found
// byte by byte.
inline std::vector<std::pair<uint32_t, uint32_t>> ReferenceCueChunks(std::string_view text) {
  std::vector<std::pair<uint32_t, uint32_t>> chunks;
  ForEachChunk(text, [&](size_t begin, size_t end) {
    bool cue = false;
    for (size_t i = begin; i < end; ++i) cue |= Tokenizer::IsCueByte(text, begin, i);
    if (cue) chunks.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin));
  });
  return chunks;
}

}  // namespace parley::testing

#endif  // PARLEY_TEXT_TEST_UTIL_H_
