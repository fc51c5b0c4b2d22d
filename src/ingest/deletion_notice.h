// A line of a file that names posts to delete (`parley delete --ids-from`):
// a post id alone, or the JSON object a platform sends for a post that was
// deleted, as X's batch compliance results ({"id": "...", "action":
// "delete", "reason": "deleted", ...}, one an object a line), its v2
// compliance stream ({"data": {"delete": {"tweet": {"id": "..."}}}}) and its
// v1.1 deletion notices ({"delete": {"status": {"id_str": "..."}}}) write
// them. So a compliance job's download deletes what it says, as it comes.
// A notice that a post's geo data was removed ("reason": "scrub_geo" in the
// batch results, whose action is still "delete"; the v2 stream's
// {"data": {"scrub_geo": {"tweet": {"id": ...}}}}) asks for its geo columns
// to go (geo_columns.h), not the post.
#ifndef PARLEY_INGEST_DELETION_NOTICE_H_
#define PARLEY_INGEST_DELETION_NOTICE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

struct DeletionNotice {
  enum class Kind {
    kNone,      // a blank line or a '#' comment
    kDelete,    // `id` is to be deleted
    kScrubGeo,  // `id`'s geo columns are to be removed
    // A notice of another action (`action`: "status_withheld", a v1.1
    // stream's user-wide "scrub_geo"...): neither; `id` may be empty.
    kOther,
  };
  Kind kind = Kind::kNone;
  std::string id;      // kDelete, kOther: the post's id
  std::string action;  // kOther: what the notice asks
};

// Reads one line (without its '\n'; a '\r' before it, spaces around it and
// a UTF-8 BOM are ignored). A line that starts with '{' is a JSON object:
// its post id is `id` (a string, or a whole number as X's v1.1 writes it),
// else `id_str`, else `data.delete.tweet.id`, else `delete.status.id_str`
// or `delete.status.id`; a `reason` "scrub_geo" (or `action`) makes it
// kScrubGeo, as does `data.scrub_geo.tweet.id` for its id; an `action`
// other than "delete" makes it kOther. So does an object of one member
// that is an object and names no post as above (a stream's other notices:
// {"status_withheld": {...}}, {"data": {"tweet_edit": {...}}}), its action
// that member's name (within `data`, that of the member of `data`; 1 to 64
// bytes) and its id empty.
// Any other line is an id as written. InvalidArgument, saying what is
// wrong, for a JSON line that does not parse or names no post id.
StatusOr<DeletionNotice> ParseDeletionNotice(std::string_view line);

// The posts that lines of deletion notices name (a file for `parley delete
// --ids-from`, the body of POST /api/posts/delete), read with
// ParseDeletionNotice() as the bytes come, in pieces split anywhere.
class DeletionNoticeReader {
 public:
  // `max_id_bytes`: an id longer than that is an error (0: any length).
  explicit DeletionNoticeReader(size_t max_id_bytes = 0) : max_id_bytes_(max_id_bytes) {}

  // Reads the lines `data` completes (a line may go on in the next piece).
  // InvalidArgument "line N: ..." for one that cannot be read.
  Status Add(std::string_view data);
  // Reads the last line, one with no '\n' after it (as Add()).
  Status Finish();

  // The ids to delete, in order; those whose geo columns are to go; the
  // notices of other actions, by action; whether any line named a post, to
  // delete or not (a file or body that names none is an error:
  // kWhatLinesHold says what it should hold).
  std::vector<std::string>& ids() { return ids_; }
  std::vector<std::string>& geo_ids() { return geo_ids_; }
  const std::map<std::string, int64_t>& others() const { return others_; }
  bool named() const { return !ids_.empty() || !geo_ids_.empty() || !others_.empty(); }
  static constexpr std::string_view kWhatLinesHold =
      "(one a line, or a platform's deletion notices, one JSON object a line; '#' starts a "
      "comment)";

 private:
  Status Take(std::string_view line);

  size_t max_id_bytes_;
  size_t line_ = 0;
  std::string pending_;  // a line begun in an earlier piece
  std::vector<std::string> ids_, geo_ids_;
  std::map<std::string, int64_t> others_;
};

}  // namespace parley

#endif  // PARLEY_INGEST_DELETION_NOTICE_H_
