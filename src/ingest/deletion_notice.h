// A line of a file that names posts to delete (`parley delete --ids-from`):
// a post id alone, or the JSON object a platform sends for a post that was
// deleted, as X's batch compliance results ({"id": "...", "action":
// "delete", "reason": "deleted", ...}, one an object a line), its v2
// compliance stream ({"data": {"delete": {"tweet": {"id": "..."}}}}) and its
// v1.1 deletion notices ({"delete": {"status": {"id_str": "..."}}}) write
// them. So a compliance job's download deletes what it says, as it comes.
#ifndef PARLEY_INGEST_DELETION_NOTICE_H_
#define PARLEY_INGEST_DELETION_NOTICE_H_

#include <string>
#include <string_view>

#include "parley/status.h"

namespace parley {

struct DeletionNotice {
  enum class Kind {
    kNone,    // a blank line or a '#' comment
    kDelete,  // `id` is to be deleted
    kOther,   // a notice of another action (`action`: "scrub_geo"...), not a deletion
  };
  Kind kind = Kind::kNone;
  std::string id;      // kDelete, kOther: the post's id
  std::string action;  // kOther: what the notice asks
};

// Reads one line (without its '\n'; a '\r' before it, spaces around it and
// a UTF-8 BOM are ignored). A line that starts with '{' is a JSON object:
// its post id is `id` (a string, or a whole number as X's v1.1 writes it),
// else `id_str`, else `data.delete.tweet.id`, else `delete.status.id_str`
// or `delete.status.id`; an `action` other than "delete" makes it kOther.
// Any other line is an id as written. InvalidArgument, saying what is
// wrong, for a JSON line that does not parse or names no post id.
StatusOr<DeletionNotice> ParseDeletionNotice(std::string_view line);

}  // namespace parley

#endif  // PARLEY_INGEST_DELETION_NOTICE_H_
