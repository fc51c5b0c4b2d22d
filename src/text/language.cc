#include "src/text/language.h"

#include <cld2/public/compact_lang_det.h>

#include <climits>
#include <cstddef>
#include <cstdio>  // (compact_lang_det.h uses FILE without including it)

namespace parley {
namespace {

constexpr size_t kMaxBytes = 1024;  // of the cleaned text, read by CLD2

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsHandleByte(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'; }

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    if (c != prefix[i]) return false;
  }
  return true;
}

// Today's codes for the four that CLD2 (as Java's Locale once did) still
// gives in their withdrawn form; anything else as it is.
std::string_view CurrentCode(std::string_view code) {
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  if (code == "jw") return "jv";
  return code;
}

// `text` without @handles and URLs, with '#' as a space, into *out; returns
// how many bytes of letters (ASCII letters, and every byte >= 0x80: other
// scripts' letters, and emoji, which CLD2 skips on its own) are left.
size_t Clean(std::string_view text, std::string* out) {
  out->clear();
  size_t letters = 0;
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const bool at_start =
        i == 0 || IsSpace(text[i - 1]) || text[i - 1] == '(' || text[i - 1] == '.';
    if (at_start && text[i] == '@' && i + 1 < n && IsHandleByte(text[i + 1])) {
      for (++i; i < n && IsHandleByte(text[i]);) ++i;
      out->push_back(' ');
      continue;
    }
    if (at_start && (StartsWithNoCase(text, i, "http://") ||
                     StartsWithNoCase(text, i, "https://") || StartsWithNoCase(text, i, "www."))) {
      while (i < n && !IsSpace(text[i])) ++i;
      out->push_back(' ');
      continue;
    }
    const char c = text[i++];
    letters += IsAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80;
    out->push_back(c == '#' ? ' ' : c);
  }
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
    if (!IsAsciiLetter(c)) return std::string(kUndeterminedLanguage);
    code.push_back(static_cast<char>(c | 0x20));
  }
  return std::string(CurrentCode(code));
}

}  // namespace parley
