// What the CSV and NDJSON decoders share: their per-thread scratch, turning a
// mapped value's text into a Post field, and choosing Post::source.
//
// Thread safety: SetPostField and the RecordPolicy are pure; an IngestScratch
// belongs to one thread.
#ifndef PARLEY_INGEST_POST_BUILDER_H_
#define PARLEY_INGEST_POST_BUILDER_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/post.h"
#include "src/core/timestamp.h"
#include "src/ingest/field_map.h"
#include "src/ingest/record_reader.h"

namespace simdjson::dom {
class parser;
}  // namespace simdjson::dom

namespace parley {

// Scratch for every ingest decoder. A scratch made by one decoder works with
// all of them, so a worker may keep one across inputs of different formats.
class IngestScratch final : public DecodeScratch {
 public:
  IngestScratch();
  ~IngestScratch() override;

  // The JSON parser, created on first use (CSV-only workers never pay for it).
  simdjson::dom::parser& json();

  std::vector<std::string_view> fields;  // CSV: the fields of one record
  std::string unescaped;                 // CSV: quoted fields with "" undone
  std::string text;                      // NDJSON: a non-string value as text
  std::vector<std::string_view> parts;   // a joined text's values (JoinTextParts())
  std::string joined;                    // ... and the text they make
  std::string time;                      // a time joined from two (JoinTimeParts())
  std::array<std::string, kMaxJoinedTextParts> texts;  // NDJSON: those that are not strings

 private:
  std::unique_ptr<simdjson::dom::parser> json_;
};

// Assigns `value`, the text of `field`'s column, to `post`. Ids and other
// keys are trimmed of ASCII whitespace; text and author_name are kept as
// given. Empty metrics and rating stay absent. Returns false with a reason
// that names `column` for an empty id, text or created_at, an unparseable
// time (see ParseTimestamp) or a bad number.
inline bool SetPostField(Field field, std::string_view value, std::string_view column, Post* post,
                         std::string* reason);

// SetPostField()'s common cases alone (see below): true when it took one,
// false, having changed nothing, when the value needs SetPostFieldGeneral().
// Without the column, which only a reason names: a caller that looks the
// name up loads it on the general path alone.
inline bool SetPostFieldCommon(Field field, std::string_view value, Post* post);

// SetPostField() for every field and value: the inline one above takes only
// the common cases and leaves the rest to this.
bool SetPostFieldGeneral(Field field, std::string_view value, std::string_view column, Post* post,
                         std::string* reason);

// How Post::source is chosen: ReaderOptions::source if given; else a mapped
// source column's value; else the preset's default_source; else the input's
// file stem.
// The channel a Talkwalker media type names ("source_type", as the API
// gives it, ["SOCIALMEDIA","SOCIALMEDIA_TWITTER"], or one of its codes):
// a social network's own name ("twitter", "instagram"), else the kind of
// site, as Brandwatch's page types name them ("news", "blog", "forum",
// "review", "print", "broadcast", "podcast"); a code it does not know,
// lower-cased; empty for "OTHER" and for a value without a code.
std::string MediaTypeChannel(std::string_view media_type);

// A post's id as Gnip's Activity Streams write it, an IRI
// ("tag:search.twitter.com,2005:1050118621198921728", "tag:search.x.com,
// 2005:..."), as the post's own id on its platform ("1050118621198921728"),
// as X's other formats and its deletion notices name it. Any other id as
// it is.
std::string_view ActivityStreamsId(std::string_view id);
// The post a link names ("http://twitter.com/user/statuses/123" -> "123";
// Activity Streams give the post a tweet answers as inReplyTo.link): the
// digits of its last path step after "status" or "statuses". Any other
// value as it is.
std::string_view PostIdOfLink(std::string_view link);

// What every record of an input gets once decoded: its source, and what
// its preset's format writes another way than the post model does.
struct RecordPolicy {
  std::string forced;    // overrides every record when not empty
  std::string fallback;  // when the record gives no source
  // The record's source is a Talkwalker media type (MediaTypeChannel()):
  // the talkwalker preset's.
  bool media_types = false;
  // Ids are Activity Streams IRIs, the parent a link (ActivityStreamsId(),
  // PostIdOfLink()): the activity-streams preset's.
  bool activity_streams = false;

  void Apply(Post* post) const {
    if (activity_streams) {
      if (std::string_view id = ActivityStreamsId(post->id); id.size() != post->id.size()) {
        post->id = std::string(id);
      }
      if (std::string_view parent = PostIdOfLink(post->parent);
          parent.size() != post->parent.size()) {
        post->parent = std::string(parent);
      }
    }
    if (!forced.empty()) {
      post->source.assign(forced);
      return;
    }
    if (media_types && !post->source.empty()) post->source = MediaTypeChannel(post->source);
    if (post->source.empty()) post->source.assign(fallback);
  }
};

// Reddit names what a comment replies to, and its submission, by
// "fullname": the kind's prefix and the id ("t1_abc": comment abc; "t3_xyz":
// submission xyz), in `parent_id` and `link_id`, while `id` holds the bare
// id. So that replies link to the posts they answer, a parent or thread
// that is a fullname (t1_ to t6_, then lower-case letters and digits) of a
// post whose own id is a bare id of that kind (lower-case letters and
// digits alone) is taken without its prefix. Ids written as fullnames
// ("t1_abc" as the id too) are left as they are, as is every other id.
inline bool IsRedditBareId(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}
inline bool IsRedditFullname(std::string_view s) {
  return s.size() > 3 && s[0] == 't' && s[1] >= '1' && s[1] <= '6' && s[2] == '_' &&
         IsRedditBareId(s.substr(3));
}
[[gnu::noinline]] void BareRedditFullnames(Post* post);
// After a record's fields are set: the test above, on the few posts that
// have a parent or thread beginning with "t".
inline void LinkRedditReplies(Post* post) {
  const bool parent = !post->parent.empty() && post->parent[0] == 't';
  const bool thread = !post->thread.empty() && post->thread[0] == 't';
  if (parent | thread) [[unlikely]]
    BareRedditFullnames(post);
}

// The policy for the records `map` reads from `path`: `forced` (--source)
// as every post's source when set; else the record's, else the preset's
// default source, else the file's stem; and what the preset's format
// writes another way (media types, Activity Streams ids).
RecordPolicy MakeRecordPolicy(const std::string& forced, const FieldMap& map,
                              const std::string& path);

// The map a reader starts from: options.field_map, or an "auto" map when
// that was left default-constructed.
StatusOr<FieldMap> InitialFieldMap(const ReaderOptions& options);

// Checks that `map` maps the fields every post needs: text always; id and
// created_at too when `require_identity` (see ReaderOptions). The error is
// InvalidArgument naming the missing fields and the --map that adds them;
// `what` is "COLUMN" or "KEY", as the input calls them.
Status CheckRequiredMapped(const FieldMap& map, bool require_identity, std::string_view what);

// Which fields `overrides` ("field=column") name; those must be found even
// when optional, since the user asked for them.
StatusOr<std::array<bool, kFieldCount>> OverriddenFields(
    const std::vector<std::string>& overrides);

// "data/reviews_2024.csv.gz" -> "reviews_2024"; "-" -> "stdin".
std::string InputStem(const std::string& path);

// The whitespace TrimAscii() trims.
inline bool IsTrimmedSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `s` without leading and trailing spaces, tabs, CRs and LFs. Inline: the
// CSV decoder trims most fields of every record.
inline std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsTrimmedSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsTrimmedSpace(s.back())) s.remove_suffix(1);
  return s;
}

// In line where the decoders call it, four times a post: the common cases
// (an id, author or text with no space to trim, an ISO time) are a string
// copy or a TryParseTimestamp() call, with no call of their own, whose
// argument set-up, register saves and dispatch cost about as much as the
// copy. Whatever these leave to SetPostFieldGeneral() it decides as if
// called first: they change nothing before they take a case whole.
inline bool SetPostFieldCommon(Field field, std::string_view value, Post* post) {
  // A value with no space at either end is its own TrimAscii(), not empty.
  const bool untrimmed =
      !value.empty() && !IsTrimmedSpace(value.front()) && !IsTrimmedSpace(value.back());
  switch (field) {
    case Field::kId:
      if (!untrimmed) break;
      post->id.assign(value);
      return true;
    case Field::kAuthor:
      if (!untrimmed) break;
      post->author.assign(value);
      return true;
    case Field::kText:
      if (!untrimmed) break;
      post->text.assign(value);
      return true;
    case Field::kCreatedAt:
      return TryParseTimestamp(value, &post->created_at_ms);
    default:
      break;
  }
  return false;
}

inline bool SetPostField(Field field, std::string_view value, std::string_view column, Post* post,
                         std::string* reason) {
  return SetPostFieldCommon(field, value, post) ||
         SetPostFieldGeneral(field, value, column, post, reason);
}

// Whether a date's column and the time's beside it, as sampled (rows of
// two: the date's, the time's), hold a date alone and a time of day: no
// date has a ':', nine in ten of the times that are not blank are times
// of day (one or two digits, then ':': "14:05", "2:05 PM", not
// "2024-03-14T14:05"), and some of each are not blank.
bool DateAndTimeApart(const std::vector<std::vector<std::string>>& rows);

// What a reader makes of GuessTimeLayout() on the first times of `path`
// (those of `column`, which the input calls a `what`: "column" or "key";
// read with `map`), for a file read with no --time-format: the layout
// guessed, with *guessed set to it (RecordReader::guessed_time_format()),
// in the zone of `given` (ReaderOptions::time_layout: null, or
// UsualForms() with a --time-zone); `given` when there is nothing to
// guess; for a day and a month that may be either way round, an
// InvalidArgument error that names both layouts and the flag that says
// which (MapFlag(map, "time-format")).
StatusOr<std::shared_ptr<const TimeLayout>> LayoutFromGuess(
    const TimeLayoutGuess& guess, const FieldMap& map, std::string_view column,
    std::string_view what, const std::string& path, const std::shared_ptr<const TimeLayout>& given,
    std::string* guessed);
// Whether a reader guesses a layout under `options` (GuessTimeLayout()):
// none was given (a zone alone is no layout), and guessing is allowed.
inline bool GuessesTimeLayout(const ReaderOptions& options) {
  return options.guess_time_layout &&
         (options.time_layout == nullptr || options.time_layout->usual_forms());
}

// created_at by a time layout (ReaderOptions::time_layout): out of line,
// for SetPostFieldWithLayout() alone.
bool SetTimeByLayout(const TimeLayout& layout, std::string_view value, std::string_view column,
                     Post* post, std::string* reason);

// SetPostField() for a decoder with a time layout (null: none): created_at
// by the layout. In line, so that a decoder without one (most) pays a test
// a field, not a call.
inline bool SetPostFieldWithLayout(const TimeLayout* layout, Field field, std::string_view value,
                                   std::string_view column, Post* post, std::string* reason) {
  if (layout == nullptr || field != Field::kCreatedAt) {
    return SetPostField(field, value, column, post, reason);
  }
  return SetTimeByLayout(*layout, value, column, post, reason);
}

}  // namespace parley

#endif  // PARLEY_INGEST_POST_BUILDER_H_
