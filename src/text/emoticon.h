// Recognizes ASCII emoticons (":-)", "<3", ":'(", "^_^", "XD", "(:") and the
// shrug "¯\_(ツ)_/¯" inside running text, for the tokenizer.
//
// Thread safety: stateless; the table is a compile-time constant.
#ifndef PARLEY_TEXT_EMOTICON_H_
#define PARLEY_TEXT_EMOTICON_H_

#include <array>
#include <cstddef>
#include <string_view>

namespace parley {

namespace emoticon_internal {
// Bit 1: some emoticon begins with the byte; bit 2: some has it second.
extern const std::array<unsigned char, 256> kByteRoles;
}  // namespace emoticon_internal

// True if the first two bytes at text[pos] could begin an emoticon: an
// inline filter that spares most calls to MatchEmoticon(). Requires
// pos < text.size().
inline bool MayStartEmoticon(std::string_view text, size_t pos) {
  using emoticon_internal::kByteRoles;
  return (kByteRoles[static_cast<unsigned char>(text[pos])] & 1) && pos + 1 < text.size() &&
         (kByteRoles[static_cast<unsigned char>(text[pos + 1])] & 2);
}

// Returns the length in bytes of the longest emoticon starting at text[pos],
// or 0 if there is none. Requires pos < text.size().
//
// Boundaries keep emoticons out of words, numbers and paths:
//  - the emoticon must not be followed by an ASCII letter or digit, so "XDR",
//    ":Dave" and "<30" are not emoticons;
//  - it must not follow a digit ("10:30", "5:3");
//  - emoticons that begin with a letter, ')' or ']', or contain a digit, '/'
//    or '\', must not follow a letter either ("http:/", "C:\",
//    "(see above):"); others may, so "lol:)" still has its smiley.
// A trailing mouth may repeat: ":)))", ":DDD", "<333" are one emoticon.
size_t MatchEmoticon(std::string_view text, size_t pos);

}  // namespace parley

#endif  // PARLEY_TEXT_EMOTICON_H_
