#include "src/people/links.h"

#include <array>

#include "src/core/ascii.h"

namespace parley::people {
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

}  // namespace

std::string NormalizeHandle(std::string_view handle) {
  while (!handle.empty() && handle[0] == '@') handle.remove_prefix(1);  // "@@x" is x too
  return AsciiLower(handle);
}

std::string_view SharedHandle(std::string_view text) {
  text = SkipSpaces(text);
  if (text.size() >= 4 && (text[0] == 'R' || text[0] == 'r') && (text[1] == 'T' || text[1] == 't')) {
    std::string_view rest = SkipSpaces(text.substr(2));
    if (rest.size() != text.size() - 2) return HandleAt(rest);  // (not "RTx")
  }
  // A comment before the share: "Worth reading RT @x: ...", "RT" in capitals
  // after whitespace, and the handle followed by ':' ("pls RT @x" asks).
  for (size_t at = text.find("RT @"); at != std::string_view::npos; at = text.find("RT @", at + 1)) {
    if (at == 0 || (text[at - 1] != ' ' && text[at - 1] != '\t')) continue;
    const std::string_view handle = HandleAt(text.substr(at + 3));
    const size_t end = at + 4 + handle.size();
    if (!handle.empty() && end < text.size() && text[end] == ':') return handle;
  }
  return {};
}

std::string_view QuotedAuthor(const Post& post) {
  static constexpr std::array<std::string_view, 3> kFields = {"quoted_author", "retweeted_author",
                                                              "quote_author"};
  for (std::string_view field : kFields) {
    for (const auto& [key, value] : post.extra) {
      if (key == field && !value.empty()) return value;
    }
  }
  return SharedHandle(post.text);
}

std::string_view LeadingMention(std::string_view text) {
  if (!SharedHandle(text).empty()) return {};
  return HandleAt(SkipSpaces(text));
}

}  // namespace parley::people
