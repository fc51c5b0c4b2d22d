// Twitter API v2 response pages, as twarc2 writes them (one a line: the
// page's tweets in "data", their authors in "includes.users", the paging in
// "meta"), read as one tweet a line: what `twarc2 flatten` makes of them,
// done as the input streams in.
//
// Each page becomes its tweets, in order, each with its author's user
// object as "author" (when "includes.users" has it and the tweet names none
// of its own), which the twitter-v2 preset reads. A line that is no such
// page (not JSON, no "data" array of objects, neither "includes" nor
// "meta") is passed on as it is, and a page without tweets (a search's last
// page) gives none. The tweets of a page are records of the page's own
// line (LineMap), so rejects name the line of the input they came from.
//
// Thread safety: the file is read by one thread at a time; its LineMap may
// be read on another while it is.
#ifndef PARLEY_INGEST_TWITTER_PAGES_H_
#define PARLEY_INGEST_TWITTER_PAGES_H_

#include <memory>
#include <string_view>

#include "src/env/env.h"
#include "src/ingest/line_map.h"

namespace parley {

// Whether an input whose first bytes are `head` may hold response pages:
// its first record opens an object whose first key is "data" holding an
// array (as the API writes them, and twarc2 keeps).
bool MayHoldTwitterPages(std::string_view head);

// `in`'s lines with each response page made its tweets, one a line; the
// lines each came from are added to `lines` as they are read (each page's
// tweets are lines of the page's; other lines, one each).
std::unique_ptr<SequentialFile> NewTwitterPagesFile(std::unique_ptr<SequentialFile> in,
                                                    std::shared_ptr<LineMap> lines);

}  // namespace parley

#endif  // PARLEY_INGEST_TWITTER_PAGES_H_
