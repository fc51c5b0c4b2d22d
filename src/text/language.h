// The language a post is written in, as a short BCP-47 primary subtag ("en",
// "es", "ja"), told by Google's Compact Language Detector 2 (Debian's
// libcld2), or taken from what the source says (a `lang` column).
//
// The lexicon model reads English only: a post in another language scores
// as mostly neutral. Knowing each post's language lets the report say how
// many posts that is, and lets a user leave them out or send them to a
// model trained on their language.
//
// Thread safety: the functions are pure; DetectLanguage() keeps a per-thread copy
// of the text it cleans.
#ifndef PARLEY_TEXT_LANGUAGE_H_
#define PARLEY_TEXT_LANGUAGE_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

// What a post whose language is not known is tagged: BCP-47's
// "undetermined".
inline constexpr std::string_view kUndeterminedLanguage = "und";

// The language of `text`: its most likely language when CLD2 says its
// guess is reliable, else "und". @handles and URLs, as the tokenizer finds
// them, are taken out first (a handle is a name, not words: "@delta 😡"
// read as Danish), and a hashtag's '#' (its word counts). A text with fewer than three
// letters left, or that is not well-formed UTF-8, is "und"; a long text is
// told by its first kilobyte (past the handles and URLs). Codes are
// CLD2's, but the older Hebrew, Indonesian, Yiddish and Javanese codes
// ("iw", "in", "ji", "jw") are given as today's ("he", "id", "yi", "jv").
std::string DetectLanguage(std::string_view text);

// A source's language tag made comparable with DetectLanguage()'s: its
// primary subtag, lower-cased ("en-US", "EN_gb" -> "en"), the older codes
// as above; "und" for an empty tag, one that is not 2-3 ASCII letters, and
// the codes that name no language: "zxx" (no linguistic content) and the
// local-use range qaa-qtz (Twitter's "qme", "qht", "qam", "qct", "qst":
// media, hashtags, mentions or cashtags alone, text too short).
std::string NormalizeLanguageTag(std::string_view tag);

// The English name of a language code as DetectLanguage() and
// NormalizeLanguageTag() give them ("fr" -> "French", "pt" -> "Portuguese",
// "nb" -> "Norwegian Bokmål"), from ICU's locale data; "not known" for
// "und"; empty for a code ICU names no language by ("xx"), so callers show
// the code alone.
std::string LanguageName(std::string_view code);
// How reports and the dashboard show a language: its name and its code,
// "French (fr)", "not known (und)"; the code alone when it has no name.
std::string LanguageLabel(std::string_view code);

// A list of languages to keep, as a user writes it ("en", "en,es",
// "en-US, und"): each entry's NormalizeLanguageTag(), each once, in the
// order given. InvalidArgument, naming the entry, for an empty list or
// entry, or one whose primary subtag is not 2-3 ASCII letters ("english",
// "e", "1a").
StatusOr<std::vector<std::string>> ParseLanguageList(std::string_view list);
// Such a list as the run summary and the store show it, as --languages
// takes it: "en,und".
std::string JoinLanguageList(const std::vector<std::string>& codes);

// Whether a post whose Analysis::lang is `lang` passes a --languages filter
// `kept` (ParseLanguageList()): always when there is none (`kept` empty),
// else when `lang` is one of its codes. In line: with no filter, one test.
inline bool LanguageKept(const std::vector<std::string>& kept, std::string_view lang) {
  return kept.empty() || std::find(kept.begin(), kept.end(), lang) != kept.end();
}

}  // namespace parley

#endif  // PARLEY_TEXT_LANGUAGE_H_
