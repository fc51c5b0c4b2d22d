// API responses that wrap posts, read as one post a line, as the input
// streams in:
// - Twitter API v2 response pages, as twarc2 writes them (one a line: the
//   page's tweets in "data", their authors in "includes.users", the paging
//   in "meta"): each page becomes its tweets, in order, each with its
//   author's user object as "author" (when "includes.users" has it and the
//   tweet names none of its own), which the twitter-v2 preset reads; what
//   `twarc2 flatten` makes of them.
// - Talkwalker's: a Search API results page ("result_content": {"data":
//   [{"data": DOCUMENT}, ...]}) becomes its documents; a result of one
//   ({"data": DOCUMENT}) and a Streaming or export API chunk ("chunk_type":
//   "CT_RESULT", "chunk_result": {"data": {"data": DOCUMENT}}) become their
//   document; the stream's other chunks (CT_CONTROL: the stream's state)
//   hold no post and give none. A DOCUMENT is an object with "url" or
//   "published", which the talkwalker preset reads.
// - X's Activity Streams (Gnip's archives and streams): their system
//   messages ({"info": {"message": ..., "activity_count": ...}}, one at the
//   end of each Historical PowerTrack file) hold no post and give none; the
//   activities pass on as they are.
// A line that is none of these (not JSON, not of these shapes) is passed on
// as it is, and a page without posts (a search's last page) gives none.
// The posts of a line are records of that line (LineMap), so rejects name
// the line of the input they came from.
//
// Thread safety: the file is read by one thread at a time; its LineMap may
// be read on another while it is.
#ifndef PARLEY_INGEST_RESPONSE_PAGES_H_
#define PARLEY_INGEST_RESPONSE_PAGES_H_

#include <memory>
#include <string_view>

#include "src/env/env.h"
#include "src/ingest/line_map.h"

namespace parley {

// Whether an input whose first bytes are `head` may hold such responses:
// its first record opens an object whose first key is "data" holding an
// array or an object (as the APIs write them, and twarc2 keeps),
// "status_code" or "chunk_type" (Talkwalker's pages and chunks), "id"
// holding an Activity Streams IRI ("tag:search....") or "info".
bool MayHoldResponsePages(std::string_view head);

// `in`'s lines with each response made its posts, one a line; the lines
// each came from are added to `lines` as they are read (each response's
// posts are lines of the response's; other lines, one each).
std::unique_ptr<SequentialFile> NewResponsePagesFile(std::unique_ptr<SequentialFile> in,
                                                     std::shared_ptr<LineMap> lines);

}  // namespace parley

#endif  // PARLEY_INGEST_RESPONSE_PAGES_H_
