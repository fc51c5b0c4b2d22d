// The rules that turn posts into links between people: who a share
// quotes, who a reply marker addresses, and how handles compare. Pure
// functions over text; the graph and threads are built from them.
//
// Thread safety: pure functions.
#ifndef PARLEY_PEOPLE_LINKS_H_
#define PARLEY_PEOPLE_LINKS_H_

#include <string>
#include <string_view>

#include "parley/post.h"
#include "src/text/shares.h"

namespace parley::people {

// A handle as the people views compare them: without leading '@'s and
// lower-cased (ASCII), since social handles are case-insensitive.
std::string NormalizeHandle(std::string_view handle);

// The handle a share quotes (src/text/shares.h): "RT @x: text" gives "x".
using ::parley::SharedHandle;

// The author a post quotes or shares through a mapped field: the first of
// the extra columns quoted_author, retweeted_author, quote_author that is
// set (a field map keeps unmapped columns there); else SharedHandle(text).
std::string_view QuotedAuthor(const Post& post);

// The handle a reply marker addresses (src/text/shares.h): used to attach
// a post with no parent id to a thread's earlier post by x.
using ::parley::LeadingMention;

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_LINKS_H_
