#include "src/text/language.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdio>  // (compact_lang_det.h uses FILE without including it)
#include <vector>

#include "src/core/bytes.h"
#include "src/text/tokenizer.h"

namespace parley {
namespace {

constexpr size_t kMaxBytes = 1024;  // of the cleaned text, read by CLD2

// Today's codes for the four that CLD2 (as Java's Locale once did) still
// gives in their withdrawn form; anything else as it is.
std::string_view CurrentCode(std::string_view code) {
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  if (code == "jw") return "jv";
  return code;
}

// `text` with its @handles and URLs (as the tokenizer finds them) blanked
// and the '#' of its hashtags, into *out; returns how many bytes of letters
// (ASCII letters, and every byte >= 0x80: other scripts' letters, and
// emoji, which CLD2 skips on its own) are left.
size_t Clean(std::string_view text, std::string* out) {
  thread_local std::vector<Token> tokens;
  tokens.clear();
  Tokenizer().TokenizeCueChunks(text, &tokens);
  out->assign(text);
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kMention || t.kind == TokenKind::kUrl) {
      std::fill_n(out->begin() + t.offset, t.size, ' ');
    } else if (t.kind == TokenKind::kHashtag) {
      (*out)[t.offset] = ' ';
    }
  }
  size_t letters = 0;
  for (char c : *out) letters += bytes::IsAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80;
  return letters;
}

}  // namespace

std::string DetectLanguage(std::string_view text) {
  thread_local std::string cleaned;
  if (text.size() > INT_MAX / 2 || Clean(text, &cleaned) < 3) {
    return std::string(kUndeterminedLanguage);
  }
  // CLD2 reads ~20 MB/s: a long review is told by its first kMaxBytes
  // (cut between characters), so no post costs more than ~50 us.
  size_t n = cleaned.size();
  if (n > kMaxBytes) {
    n = kMaxBytes;
    while (n > 0 && (static_cast<unsigned char>(cleaned[n]) & 0xC0) == 0x80) --n;
  }
  bool reliable = false;
  int valid = 0;
  const CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
      cleaned.data(), static_cast<int>(n), /*is_plain_text=*/true, &reliable, &valid);
  if (!reliable || valid != static_cast<int>(n) || lang == CLD2::UNKNOWN_LANGUAGE ||
      lang == CLD2::TG_UNKNOWN_LANGUAGE) {
    return std::string(kUndeterminedLanguage);
  }
  return std::string(CurrentCode(CLD2::LanguageCode(lang)));
}

std::string NormalizeLanguageTag(std::string_view tag) {
  size_t end = 0;
  while (end < tag.size() && tag[end] != '-' && tag[end] != '_') ++end;
  const std::string_view primary = tag.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) return std::string(kUndeterminedLanguage);
  std::string code;
  for (char c : primary) {
    if (!bytes::IsAsciiLetter(c)) return std::string(kUndeterminedLanguage);
    code.push_back(static_cast<char>(c | 0x20));
  }
  // Codes that name no language: "zxx" (no linguistic content) and the
  // range ISO 639 leaves for local use, qaa-qtz, which Twitter uses for
  // posts of media, hashtags, mentions or cashtags alone ("qme", "qht",
  // "qam", "qct") or too short to tell ("qst"). Such a post is not in
  // another language than English: as for an emoji-only post, its
  // language is not known.
  if (code == "zxx" || (code.size() == 3 && code[0] == 'q' && code[1] <= 't')) {
    return std::string(kUndeterminedLanguage);
  }
  return std::string(CurrentCode(code));
}

std::string LanguageName(std::string_view code) {
  if (code == kUndeterminedLanguage) return "not known";  // ICU: "Unknown language"
  // Stored codes are 2-3 letters; ICU reads a NUL-terminated locale ID, in
  // which anything else could be read as a script, region or keyword.
  if (code.size() < 2 || code.size() > 3) return "";
  char id[4] = {};
  for (size_t i = 0; i < code.size(); ++i) {
    if (!bytes::IsAsciiLetter(code[i])) return "";
    id[i] = static_cast<char>(code[i] | 0x20);
  }
  UChar name[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t size = uloc_getDisplayLanguage(id, "en", name, 128, &status);
  // A code ICU has no name for comes back as itself, with a warning that it
  // fell back (as does every code when ICU's data is missing).
  if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || size <= 0) return "";
  char utf8[512];
  int32_t utf8_size = 0;
  UErrorCode converted = U_ZERO_ERROR;
  u_strToUTF8(utf8, sizeof utf8, &utf8_size, name, size, &converted);
  if (U_FAILURE(converted) || utf8_size <= 0) return "";
  std::string out(utf8, static_cast<size_t>(utf8_size));
  return out == id ? "" : out;
}

std::string LanguageLabel(std::string_view code) {
  const std::string name = LanguageName(code);
  return name.empty() ? std::string(code) : name + " (" + std::string(code) + ")";
}

std::string JoinLanguageList(const std::vector<std::string>& codes) {
  std::string joined;
  for (const std::string& code : codes) joined += (joined.empty() ? "" : ",") + code;
  return joined;
}

StatusOr<std::vector<std::string>> ParseLanguageList(std::string_view list) {
  std::vector<std::string> codes;
  size_t at = 0;
  while (at <= list.size()) {
    size_t comma = list.find(',', at);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view entry = list.substr(at, comma - at);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    size_t primary = 0;
    while (primary < entry.size() && bytes::IsAsciiLetter(entry[primary])) ++primary;
    const bool subtag_end =
        primary == entry.size() || entry[primary] == '-' || entry[primary] == '_';
    if (primary < 2 || primary > 3 || !subtag_end) {
      std::string shown(entry.substr(0, 40));
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      }
      if (entry.empty()) {
        return InvalidArgumentError(
            "an empty entry in the list of languages: give ISO 639 codes separated by commas, "
            "such as en,es");
      }
      return InvalidArgumentError("'" + shown + (entry.size() > 40 ? "..." : "") +
                                  "' is not a language code: give ISO 639 codes such as en, es, "
                                  "pt-BR, or und for posts whose language is not known");
    }
    std::string code = NormalizeLanguageTag(entry);
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    at = comma + 1;
  }
  return codes;
}

}  // namespace parley
