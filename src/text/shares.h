// Shares in a post's text: "RT @x: text" repeats the words of x's post.
// The people views read whose post a share passes on (people/links.h);
// key terms count a post's own words, not the words it passes on.
#ifndef PARLEY_TEXT_SHARES_H_
#define PARLEY_TEXT_SHARES_H_

#include <string_view>

namespace parley {

// The handle a share quotes: "RT @x: text" or "RT @x text" (optionally
// after leading spaces, "RT" in any case) gives "x", and so does a share
// after a comment, "Worth reading RT @x: text" ("RT" in capitals after a
// space or tab, the handle followed by ':'; "pls RT @x" asks for a share);
// otherwise empty. The handle is returned as written (not normalized).
std::string_view SharedHandle(std::string_view text);

// The words a post says itself: its text, but of a share (SharedHandle())
// only the comment before it ("Worth reading" of "Worth reading RT @x:
// text"), and nothing of a share with none ("RT @x: text").
std::string_view OwnWords(std::string_view text);

// Whether `text` is a share with no words of its own (OwnWords() is empty
// or blank): "RT @x: text", not "So true RT @x: text".
bool IsBareShare(std::string_view text);

// The handle a reply marker addresses: a text that starts with "@x" (after
// spaces, and not a share) gives "x"; otherwise empty.
std::string_view LeadingMention(std::string_view text);

}  // namespace parley

#endif  // PARLEY_TEXT_SHARES_H_
