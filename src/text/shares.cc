#include "src/text/shares.h"

namespace parley {
namespace {

bool IsHandleChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view SkipSpaces(std::string_view s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t')) s.remove_prefix(1);
  return s;
}

// The handle after an '@' at the start of `s`; empty when there is none.
std::string_view HandleAt(std::string_view s) {
  if (s.empty() || s[0] != '@') return {};
  size_t n = 1;
  while (n < s.size() && IsHandleChar(s[n])) ++n;
  return s.substr(1, n - 1);
}

struct Share {
  std::string_view handle;  // empty: the text is no share
  size_t at = 0;            // where its "RT" starts in the text
};

Share FindShare(std::string_view text) {
  const std::string_view trimmed = SkipSpaces(text);
  if (trimmed.size() >= 4 && (trimmed[0] == 'R' || trimmed[0] == 'r') &&
      (trimmed[1] == 'T' || trimmed[1] == 't')) {
    std::string_view rest = SkipSpaces(trimmed.substr(2));
    if (rest.size() != trimmed.size() - 2) {  // (not "RTx")
      return {HandleAt(rest), text.size() - trimmed.size()};
    }
  }
  // A comment before the share: "Worth reading RT @x: ...", "RT" in capitals
  // after whitespace, and the handle followed by ':' ("pls RT @x" asks).
  for (size_t at = text.find("RT @"); at != std::string_view::npos;
       at = text.find("RT @", at + 1)) {
    if (at == 0 || (text[at - 1] != ' ' && text[at - 1] != '\t')) continue;
    const std::string_view handle = HandleAt(text.substr(at + 3));
    const size_t end = at + 4 + handle.size();
    if (!handle.empty() && end < text.size() && text[end] == ':') return {handle, at};
  }
  return {};
}

}  // namespace

std::string_view SharedHandle(std::string_view text) { return FindShare(text).handle; }

std::string_view OwnWords(std::string_view text) {
  const Share s = FindShare(text);
  return s.handle.empty() ? text : text.substr(0, s.at);
}

bool IsBareShare(std::string_view text) {
  const std::string_view own = OwnWords(text);
  return own.size() != text.size() && own.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view LeadingMention(std::string_view text) {
  if (!SharedHandle(text).empty()) return {};
  return HandleAt(SkipSpaces(text));
}

}  // namespace parley
