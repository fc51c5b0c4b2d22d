// libFuzzer target for the tokenizer. On any bytes, Tokenize must give
// non-empty, ordered, disjoint, in-bounds tokens with only whitespace or
// ignorable code points between them, each token's text must fit its kind,
// Normalize must be idempotent, and CueTokens(), with its shortcuts for
// plain tag and URL chunks, must find the mentions, hashtags, URLs and
// emoji Tokenize() finds, and the normal form PlainTagChunk() gives with a
// tag must be Normalize()'s. The language of the same bytes
// (DetectLanguage(), which cleans the text before CLD2 reads it) is a code
// of ASCII letters and '-', or "und"; as a source tag, 2-3 lower-case
// letters or "und".
//
//   tokenizer_fuzzer fuzz/corpus/tokenizer_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "src/text/language.h"
#include "src/text/test_util.h"
#include "src/text/tokenizer.h"
#include "src/text/unicode.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "tokenizer invariant broken: %s\n", what);
  std::abort();
}

void CheckGap(std::string_view text, size_t begin, size_t end) {
  for (size_t k = begin; k < end;) {
    char32_t cp;
    const int length = parley::DecodeUtf8(text, k, &cp);
    Require(parley::IsSpaceOrIgnorable(cp), "text between tokens is not whitespace");
    k += length;
  }
}

void CheckShape(std::string_view token, const parley::Token& t) {
  using parley::TokenKind;
  for (char c : token) Require(c != ' ' && c != '\n' && c != '\t', "token contains whitespace");
  if (t.kind != TokenKind::kWord) Require(t.flags == 0, "flags on a token that is not a word");
  if (t.kind == TokenKind::kMention) Require(token[0] == '@' && token.size() > 1, "bad mention");
  if (t.kind == TokenKind::kHashtag) Require(token[0] == '#' && token.size() > 1, "bad hashtag");
  if (t.kind == TokenKind::kCashtag) Require(token[0] == '$' && token.size() > 1, "bad cashtag");
  if (t.kind == TokenKind::kEmail) Require(token.find('@') != std::string_view::npos, "bad email");
}

void CheckNormalize(std::string_view token) {
  std::string once, twice;
  parley::Tokenizer::Normalize(token, &once);
  parley::Tokenizer::Normalize(once, &twice);
  Require(once == twice, "Normalize is not idempotent");
  Require(!once.empty(), "Normalize emptied a token");
}

bool IsCue(const parley::Token& t) {
  using parley::TokenKind;
  return t.kind == TokenKind::kMention || t.kind == TokenKind::kHashtag ||
         t.kind == TokenKind::kUrl || t.kind == TokenKind::kEmoji;
}

void CheckCueTokens(std::string_view text, const std::vector<parley::Token>& tokens) {
  std::vector<parley::Token> cues;
  parley::Tokenizer().CueTokens(text, &cues);
  size_t k = 0;
  for (const parley::Token& t : tokens) {
    if (!IsCue(t)) continue;
    while (k < cues.size() && !IsCue(cues[k])) ++k;
    Require(k < cues.size() && cues[k].kind == t.kind && cues[k].offset == t.offset &&
                cues[k].size == t.size,
            "CueTokens misses or changes a cue token");
    ++k;
  }
  while (k < cues.size() && !IsCue(cues[k])) ++k;
  Require(k == cues.size(), "CueTokens finds a cue token Tokenize does not");
}

// PlainTagChunk() with the normal form, on every chunk (a run between ASCII
// whitespace): the token PlainTagChunk() gives, and where it gives a normal
// form, Normalize()'s of that token.
void CheckTagNormalForms(std::string_view text) {
  std::string want;
  parley::testing::ForEachChunk(text, [&](size_t begin, size_t end) {
    char scratch[16];
    std::string_view normal;
    const parley::Token tag = parley::Tokenizer::PlainTagChunk(text, begin, end, scratch, &normal);
    const parley::Token plain = parley::Tokenizer::PlainTagChunk(text, begin, end);
    Require(tag.kind == plain.kind && tag.offset == plain.offset && tag.size == plain.size,
            "PlainTagChunk gives another token with the normal form");
    Require(tag.size != 0 || normal.empty(), "PlainTagChunk gives a normal form without a tag");
    if (!normal.empty()) {
      Require(normal.data() >= scratch && normal.data() + normal.size() <= scratch + 16,
              "PlainTagChunk's normal form is not in its scratch");
      parley::Tokenizer::Normalize(tag.view(text), &want);
      Require(normal == want, "PlainTagChunk's normal form is not Normalize()'s");
    }
  });
}

}  // namespace

void CheckLanguage(std::string_view text) {
  const std::string detected = parley::DetectLanguage(text);
  Require(!detected.empty(), "no language, not even und");
  for (char c : detected) {
    Require((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-', "odd language code");
  }
  const std::string tag = parley::NormalizeLanguageTag(text);
  Require(tag.size() >= 2 && tag.size() <= 3, "a source tag is not 2-3 letters");
  for (char c : tag) Require(c >= 'a' && c <= 'z', "a source tag is not lower-case letters");
  // A --languages list: codes as a source tag's, each once; or an error
  // line free of control bytes.
  const parley::StatusOr<std::vector<std::string>> list = parley::ParseLanguageList(text);
  if (list.ok()) {
    Require(!list->empty(), "an accepted list of no language");
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string& code = (*list)[i];
      Require(code.size() >= 2 && code.size() <= 3, "a listed code is not 2-3 letters");
      for (char c : code) Require(c >= 'a' && c <= 'z', "a listed code is not lower-case letters");
      for (size_t j = 0; j < i; ++j) Require((*list)[j] != code, "a code listed twice");
    }
  } else {
    for (char c : list.status().message()) {
      Require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, "a control byte in the error");
    }
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckLanguage(text);
  std::vector<parley::Token> tokens;
  parley::Tokenizer().Tokenize(text, &tokens);
  size_t end = 0;
  for (const parley::Token& t : tokens) {
    Require(t.size > 0, "empty token");
    Require(t.offset >= end, "tokens overlap or are out of order");
    Require(size_t{t.offset} + t.size <= text.size(), "token out of bounds");
    CheckGap(text, end, t.offset);
    CheckShape(t.view(text), t);
    CheckNormalize(t.view(text));
    end = t.offset + t.size;
  }
  CheckGap(text, end, text.size());
  CheckCueTokens(text, tokens);
  CheckTagNormalForms(text);
  return 0;
}
