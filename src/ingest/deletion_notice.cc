#include "src/ingest/deletion_notice.h"

#include <simdjson.h>

#include <cstdint>
#include <string>

#include "src/ingest/post_builder.h"

namespace parley {
namespace {

namespace dom = simdjson::dom;

// The post id at `e`: a non-empty string, or a whole number written as its
// digits. False for anything else.
bool IdOf(dom::element e, std::string* id) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    if (s.empty()) return false;
    id->assign(s);
    return true;
  }
  uint64_t u;
  if (e.get_uint64().get(u) == simdjson::SUCCESS) {
    *id = std::to_string(u);
    return true;
  }
  int64_t i;
  if (e.get_int64().get(i) == simdjson::SUCCESS) {
    *id = std::to_string(i);
    return true;
  }
  return false;
}

// The id at `path` (a JSON pointer) of `o`, if there is one.
bool IdAt(dom::object o, std::string_view path, std::string* id) {
  dom::element e;
  return o.at_pointer(path).get(e) == simdjson::SUCCESS && IdOf(e, id);
}

}  // namespace

StatusOr<DeletionNotice> ParseDeletionNotice(std::string_view line) {
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a BOM
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  DeletionNotice notice;
  if (line.empty() || line.front() == '#') return notice;
  if (line.front() != '{') {
    notice.kind = DeletionNotice::Kind::kDelete;
    notice.id.assign(line);
    return notice;
  }
  thread_local dom::parser parser;
  dom::object o;
  if (auto error = parser.parse(line.data(), line.size()).get(o); error) {
    return InvalidArgumentError(std::string("not a JSON object: ") +
                                simdjson::error_message(error));
  }
  if (IdAt(o, "/data/scrub_geo/tweet/id", &notice.id)) {
    notice.kind = DeletionNotice::Kind::kScrubGeo;
    return notice;
  }
  // Activity Streams' deletion: {"verb": "delete", "object": {"id":
  // "tag:search.twitter.com,2005:123", ...}, ...}, the post by its own id.
  std::string_view verb;
  if (o["verb"].get_string().get(verb) == simdjson::SUCCESS && verb == "delete") {
    if (!IdAt(o, "/object/id", &notice.id) && !IdAt(o, "/id", &notice.id)) {
      return InvalidArgumentError("an Activity Streams deletion with no object.id");
    }
    notice.id = std::string(ActivityStreamsId(notice.id));
    notice.kind = DeletionNotice::Kind::kDelete;
    return notice;
  }
  if (!IdAt(o, "/id", &notice.id) && !IdAt(o, "/id_str", &notice.id) &&
      !IdAt(o, "/data/delete/tweet/id", &notice.id) &&
      !IdAt(o, "/delete/status/id_str", &notice.id) && !IdAt(o, "/delete/status/id", &notice.id)) {
    // A stream's notice of something else: one member, an object (within
    // "data" for X's v2 stream).
    dom::object inner = o;
    std::string_view name;
    for (int depth = 0; depth < 2; ++depth) {
      if (inner.size() != 1) break;
      const auto member = *inner.begin();
      dom::object value;
      if (member.value.get_object().get(value) != simdjson::SUCCESS) break;
      name = member.key;
      // (A deletion, or the v2 stream's geo notice, without its post id is
      // an error, as is a name empty or longer than 64 bytes; v1.1's
      // user-wide scrub_geo names no post.)
      if (name == "delete" || (depth == 1 && name == "scrub_geo") || name.empty() ||
          name.size() > 64) {
        break;
      }
      if (name != "data") {
        notice.kind = DeletionNotice::Kind::kOther;
        notice.action.assign(name);
        return notice;
      }
      inner = value;
    }
    return InvalidArgumentError(
        "a JSON object with no post id (id, id_str, data.delete.tweet.id or "
        "delete.status.id_str)");
  }
  notice.kind = DeletionNotice::Kind::kDelete;
  dom::element reason;
  std::string_view r;
  if (o["reason"].get(reason) == simdjson::SUCCESS &&
      reason.get_string().get(r) == simdjson::SUCCESS && r == "scrub_geo") {
    notice.kind = DeletionNotice::Kind::kScrubGeo;
    return notice;
  }
  dom::element action;
  if (o["action"].get(action) == simdjson::SUCCESS) {
    std::string_view a;
    if (action.get_string().get(a) != simdjson::SUCCESS) {
      return InvalidArgumentError("'action' is not a string");
    }
    if (a.empty()) return InvalidArgumentError("'action' is empty");
    if (a == "scrub_geo") {
      notice.kind = DeletionNotice::Kind::kScrubGeo;
    } else if (a != "delete") {
      notice.kind = DeletionNotice::Kind::kOther;
      notice.action.assign(a);
    }
  }
  return notice;
}

Status DeletionNoticeReader::Take(std::string_view line) {
  ++line_;
  StatusOr<DeletionNotice> notice = ParseDeletionNotice(line);
  if (!notice.ok()) {
    return InvalidArgumentError("line " + std::to_string(line_) + ": " +
                                std::string(notice.status().message()));
  }
  switch (notice->kind) {
    case DeletionNotice::Kind::kNone:
      break;
    case DeletionNotice::Kind::kDelete:
    case DeletionNotice::Kind::kScrubGeo:
      if (max_id_bytes_ > 0 && notice->id.size() > max_id_bytes_) {
        return InvalidArgumentError("line " + std::to_string(line_) + ": a post id longer than " +
                                    std::to_string(max_id_bytes_) + " bytes");
      }
      (notice->kind == DeletionNotice::Kind::kDelete ? ids_ : geo_ids_)
          .push_back(std::move(notice->id));
      break;
    case DeletionNotice::Kind::kOther:
      ++others_[notice->action];
      break;
  }
  return Status::OK();
}

Status DeletionNoticeReader::Add(std::string_view data) {
  for (size_t end; (end = data.find('\n')) != std::string_view::npos; data.remove_prefix(end + 1)) {
    if (pending_.empty()) {
      PARLEY_RETURN_IF_ERROR(Take(data.substr(0, end)));
    } else {
      pending_.append(data.substr(0, end));
      PARLEY_RETURN_IF_ERROR(Take(pending_));
      pending_.clear();
    }
  }
  pending_.append(data);
  return Status::OK();
}

Status DeletionNoticeReader::Finish() {
  if (pending_.empty()) return Status::OK();
  const Status s = Take(pending_);
  pending_.clear();
  return s;
}

}  // namespace parley
