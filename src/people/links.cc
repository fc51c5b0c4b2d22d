#include "src/people/links.h"

#include <array>

#include "src/core/ascii.h"

namespace parley::people {

std::string NormalizeHandle(std::string_view handle) {
  while (!handle.empty() && handle[0] == '@') handle.remove_prefix(1);  // "@@x" is x too
  return AsciiLower(handle);
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

}  // namespace parley::people
