// The decoder uses simdjson's DOM API rather than On Demand. On Demand reads
// a document once, front to back, in the order its keys appear; our field map
// asks for keys in its own order, with alternatives ("full_text|text") and
// nested paths ("user.screen_name"), and every remaining top-level key must
// still be visited for Post::extra. The DOM tape allows all of that in a
// single pass over the keys, and for post-sized documents its extra cost over
// On Demand is small next to the rest of decoding.
#include "src/ingest/ndjson_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "src/ingest/input_file.h"
#include "src/ingest/post_builder.h"
#include "src/ingest/record_splitter.h"

namespace parley {
namespace {

namespace dom = simdjson::dom;

// One way to reach a field from a top-level key.
struct Route {
  Field field;
  size_t rank;                    // position among the spec's alternatives: lower wins
  std::vector<std::string> rest;  // path below the top-level key
  std::string column;             // the alternative as written, for reasons
  int part =
      -1;  // of a text or time joined from keys (JoinedTextParts(), JoinedTimeParts()): which
  bool alternatives = false;  // the spec has others (a blank value then gives way)
};

struct Found {
  std::array<dom::element, kFieldCount> value;
  std::array<const Route*, kFieldCount> via{};
  // Whether the value found is a blank string: another alternative's value,
  // of any rank, takes its place (a tweet's empty "full_text" beside its
  // "text"), as a blank cell's does in a CSV.
  std::array<bool, kFieldCount> blank{};
  // A joined text's values, by part: found where `part_found` says.
  std::array<dom::element, kMaxJoinedTextParts> part_value;
  std::array<bool, kMaxJoinedTextParts> part_found{};
  // A joined time's: its date's and its time of day's.
  std::array<dom::element, 2> time_value;
  std::array<bool, 2> time_found{};
};

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

std::string_view TypeName(dom::element_type type) {
  switch (type) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

template <typename T>
std::string_view NumberText(T value, std::string* buf) {
  buf->resize(32);
  auto result = std::to_chars(buf->data(), buf->data() + buf->size(), value);
  buf->resize(static_cast<size_t>(result.ptr - buf->data()));
  return *buf;
}

// The text of a JSON value; non-strings are rendered into `buf`, so the view
// lives until the next call with the same buffer.
std::string_view ValueText(dom::element e, std::string* buf) {
  std::string_view text;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  bool b = false;
  switch (e.type()) {
    case dom::element_type::STRING:
      return e.get_string().get(text) ? std::string_view() : text;
    case dom::element_type::INT64:
      return e.get_int64().get(i) ? std::string_view() : NumberText(i, buf);
    case dom::element_type::UINT64:
      return e.get_uint64().get(u) ? std::string_view() : NumberText(u, buf);
    case dom::element_type::DOUBLE:
      return e.get_double().get(d) ? std::string_view() : NumberText(d, buf);
    case dom::element_type::BOOL:
      return e.get_bool().get(b) ? std::string_view() : (b ? "true" : "false");
    case dom::element_type::NULL_VALUE:
      return std::string_view();
    default:
      *buf = simdjson::minify(e);
      return *buf;
  }
}

// A person or post named by an object rather than a string, as many APIs
// write them ("user": {"login": ...}, "consumer": {"id": ..., "displayName":
// ...}, "parent": {"id": ...}): the field takes the object's handle, else
// its id, else its name, by the keys APIs use for each. Any other value is
// itself.
dom::element NamedBy(dom::element value) {
  dom::object object;
  if (value.get_object().get(object)) return value;
  static constexpr std::string_view kKeys[] = {"username", "screen_name", "login",
                                               "handle",   "id",          "value",
                                               "name",     "displayName", "display_name"};
  for (std::string_view key : kKeys) {
    dom::element inner;
    if (object.at_key(key).get(inner)) continue;
    const dom::element_type type = inner.type();
    if (type == dom::element_type::STRING || type == dom::element_type::INT64 ||
        type == dom::element_type::UINT64) {
      return inner;
    }
  }
  return value;
}

// One step of a dotted path: into an object's key or, in an array of
// objects, into the one whose "type" is the step: Twitter API v2 lists the
// tweets a tweet answers or quotes as "referenced_tweets": [{"type":
// "replied_to", "id": ...}], which "referenced_tweets.replied_to.id" reaches
// (the name twarc's CSV export gives that column). False when there is no
// such key or element.
bool StepInto(dom::element* value, std::string_view key) {
  dom::object object;
  if (!value->get_object().get(object)) return !object.at_key(key).get(*value);
  dom::array array;
  if (value->get_array().get(array)) return false;
  for (dom::element e : array) {
    std::string_view type;
    if (!e.get_object().get(object) && !object.at_key("type").get_string().get(type) &&
        type == key) {
      *value = e;
      return true;
    }
  }
  return false;
}

class NdjsonDecoder final : public RecordDecoder {
 public:
  NdjsonDecoder(const FieldMap& map, RecordPolicy policy,
                std::shared_ptr<const TimeLayout> time_layout);

  std::unique_ptr<DecodeScratch> NewScratch() const override {
    return std::make_unique<IngestScratch>();
  }

  bool Decode(std::string_view raw, DecodeScratch* scratch, Post* post,
              std::string* reason) const override;
  bool DecodeAt(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch, Post* post,
                std::string* reason) const override {
    return Decode(batch.raw(rec), scratch, post, reason);  // no cuts in NDJSON
  }

  // The text of `field` in `raw` as Decode() would take it (the
  // alternative it would choose), appended to *out; false when `raw` is no
  // JSON object or does not give the field.
  bool FieldText(std::string_view raw, Field field, IngestScratch* s, std::string* out) const;

 private:
  static void Offer(const Route& route, dom::element value, Found* found);
  // A joined time's value (JoinTimeParts()) into s->time.
  static void JoinedTime(const Found& found, IngestScratch* s);
  bool Assign(const Found& found, IngestScratch* s, Post* post, std::string* reason) const;

  // Keyed by top-level key; std::less<> finds string_views without a copy.
  std::map<std::string, std::vector<Route>, std::less<>> routes_;
  std::array<std::string, kFieldCount> specs_;
  bool joined_text_ = false;  // the text is joined from keys (JoinedTextParts())
  bool joined_time_ = false;  // the time is joined from two keys (JoinedTimeParts())
  RecordPolicy policy_;
  std::shared_ptr<const TimeLayout> time_layout_;  // null: ParseTimestamp()'s forms
};

NdjsonDecoder::NdjsonDecoder(const FieldMap& map, RecordPolicy policy,
                             std::shared_ptr<const TimeLayout> time_layout)
    : specs_(map.columns), policy_(std::move(policy)), time_layout_(std::move(time_layout)) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (specs_[f].empty()) continue;
    // A text or a time joined from keys: a route for each, of its part.
    const Field field = static_cast<Field>(f);
    if (const std::vector<std::string_view> parts =
            field == Field::kText        ? JoinedTextParts(specs_[f])
            : field == Field::kCreatedAt ? JoinedTimeParts(specs_[f])
                                         : std::vector<std::string_view>();
        !parts.empty() && parts.size() <= kMaxJoinedTextParts) {
      for (size_t k = 0; k < parts.size(); ++k) {
        std::vector<std::string_view> path = Split(parts[k], '.');
        if (path[0].empty()) continue;
        Route route{field, 0, {}, std::string(parts[k]), static_cast<int>(k)};
        route.rest.assign(path.begin() + 1, path.end());
        routes_[std::string(path[0])].push_back(std::move(route));
      }
      (field == Field::kText ? joined_text_ : joined_time_) = true;
      continue;
    }
    std::vector<std::string_view> alternatives = Split(specs_[f], '|');
    for (size_t rank = 0; rank < alternatives.size(); ++rank) {
      std::vector<std::string_view> path = Split(alternatives[rank], '.');
      if (path[0].empty()) continue;
      Route route{static_cast<Field>(f), rank, {}, std::string(alternatives[rank])};
      route.rest.assign(path.begin() + 1, path.end());
      route.alternatives = alternatives.size() > 1;
      routes_[std::string(path[0])].push_back(std::move(route));
    }
  }
}

void NdjsonDecoder::Offer(const Route& route, dom::element value, Found* found) {
  size_t f = static_cast<size_t>(route.field);
  if (route.part >= 0) {  // a part of a joined text
    for (const std::string& key : route.rest) {
      if (!StepInto(&value, key)) return;
    }
    if (value.is_null()) return;
    const size_t part = static_cast<size_t>(route.part);
    if (route.field == Field::kCreatedAt) {
      found->time_value[part] = value;
      found->time_found[part] = true;
    } else {
      found->part_value[part] = value;
      found->part_found[part] = true;
    }
    if (found->via[f] == nullptr) found->via[f] = &route;
    return;
  }
  const Route* had = found->via[f];
  if (had != nullptr && !found->blank[f] && had->rank <= route.rank) return;
  for (const std::string& key : route.rest) {
    if (!StepInto(&value, key)) return;
  }
  if (value.is_null()) return;
  std::string_view text;
  const bool blank = route.alternatives && !value.get_string().get(text) && TrimAscii(text).empty();
  // A blank never takes a value's place; of two blanks, the first
  // alternative's stays (a reject names its column).
  if (had != nullptr && blank && (!found->blank[f] || had->rank <= route.rank)) return;
  found->value[f] = value;
  found->via[f] = &route;
  found->blank[f] = blank;
}

bool NdjsonDecoder::Decode(std::string_view raw, DecodeScratch* scratch, Post* post,
                           std::string* reason) const {
  auto* s = static_cast<IngestScratch*>(scratch);
  dom::element root;
  // realloc_if_needed: the parser copies `raw` into its own padded buffer, so
  // callers need not guarantee SIMDJSON_PADDING readable bytes after it.
  simdjson::error_code error = s->json().parse(raw.data(), raw.size(), true).get(root);
  if (error) {
    *reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    return false;
  }
  dom::object object;
  if (root.get_object().get(object)) {
    *reason = "expected a JSON object, found " + std::string(TypeName(root.type()));
    return false;
  }
  Found found;
  for (dom::key_value_pair kv : object) {
    auto it = routes_.find(kv.key);
    if (it != routes_.end()) {
      for (const Route& route : it->second) Offer(route, kv.value, &found);
      continue;
    }
    std::string_view text = ValueText(kv.value, &s->text);
    if (!text.empty()) post->extra.emplace_back(kv.key, text);
  }
  if (!Assign(found, s, post, reason)) return false;
  policy_.Apply(post);
  LinkRedditReplies(post);
  return true;
}

void NdjsonDecoder::JoinedTime(const Found& found, IngestScratch* s) {
  std::array<std::string_view, 2> parts;
  for (size_t k = 0; k < 2; ++k) {
    if (found.time_found[k]) parts[k] = ValueText(found.time_value[k], &s->texts[k]);
  }
  JoinTimeParts(parts[0], parts[1], &s->time);
}

bool NdjsonDecoder::FieldText(std::string_view raw, Field field, IngestScratch* s,
                              std::string* out) const {
  dom::element root;
  dom::object object;
  if (s->json().parse(raw.data(), raw.size(), true).get(root) || root.get_object().get(object)) {
    return false;
  }
  Found found;
  for (dom::key_value_pair kv : object) {
    auto it = routes_.find(kv.key);
    if (it == routes_.end()) continue;
    for (const Route& route : it->second) {
      if (route.field == field) Offer(route, kv.value, &found);
    }
  }
  const size_t f = static_cast<size_t>(field);
  if (found.via[f] == nullptr) return false;
  if (field == Field::kCreatedAt && joined_time_) {
    JoinedTime(found, s);
    out->append(s->time);
  } else {
    out->append(ValueText(found.value[f], &s->text));
  }
  return true;
}

bool NdjsonDecoder::Assign(const Found& found, IngestScratch* s, Post* post,
                           std::string* reason) const {
  // Every required field the record lacks, named at once (a record of
  // another shape lacks several: fixing one would only show the next).
  std::vector<size_t> missing;
  for (const Field field : {Field::kId, Field::kCreatedAt, Field::kText}) {
    const size_t f = static_cast<size_t>(field);
    if (found.via[f] == nullptr && !specs_[f].empty()) missing.push_back(f);
  }
  if (!missing.empty()) {
    std::string fields, columns;
    for (size_t k = 0; k < missing.size(); ++k) {
      const char* sep = k == 0 ? "" : k + 1 == missing.size() ? " and " : ", ";
      fields += sep + std::string(FieldName(static_cast<Field>(missing[k])));
      columns += sep + ("'" + specs_[missing[k]] + "'");
    }
    *reason = missing.size() == 1 ? "missing field " + fields + " (column " + columns + ")"
                                  : "missing fields " + fields + " (columns " + columns + ")";
    return false;
  }
  for (size_t f = 0; f < kFieldCount; ++f) {
    Field field = static_cast<Field>(f);
    const Route* via = found.via[f];
    if (via == nullptr) continue;  // (required ones are found: above)
    if (field == Field::kText && joined_text_) {
      s->parts.clear();
      for (size_t k = 0; k < kMaxJoinedTextParts; ++k) {
        if (found.part_found[k]) s->parts.push_back(ValueText(found.part_value[k], &s->texts[k]));
      }
      JoinTextParts(s->parts, &s->joined);
      if (!SetPostField(field, s->joined, specs_[f], post, reason)) return false;
      continue;
    }
    if (field == Field::kCreatedAt && joined_time_) {
      JoinedTime(found, s);
      if (!SetPostFieldWithLayout(time_layout_.get(), field, s->time, specs_[f], post, reason)) {
        return false;
      }
      continue;
    }
    const bool named =
        field == Field::kAuthor || field == Field::kParent || field == Field::kThread;
    std::string_view text = ValueText(named ? NamedBy(found.value[f]) : found.value[f], &s->text);
    if (!SetPostFieldWithLayout(time_layout_.get(), field, text, via->column, post, reason)) {
      return false;
    }
  }
  post->has_time = !specs_[static_cast<size_t>(Field::kCreatedAt)].empty();
  return true;
}

// Finds the elements of a JSON array whose opening '[' has been consumed:
// each element is a record, decoded as an NDJSON line is, and the commas,
// whitespace and closing ']' between elements are blank records. Strings
// and nesting are followed, so a comma or bracket inside an element does not
// end it; whether an element is valid JSON is the decoder's to say.
//
// The input must end with the array's ']' once an element was read (a file
// cut short ends without it, most often right after an element or inside
// one), and nothing but whitespace may follow that ']': EndError() says so.
// The scanner remembers what it scanned last, whichever pass scanned it
// (RecordSplitter::PeekAhead() scans ahead of the reading): the reading's
// pass comes last and reaches the end last.
class ArrayElementScanner final : public RecordScanner {
 public:
  bool Scan(std::string_view data, bool at_eof, RecordExtent* out) const override {
    size_t between = 0;
    while (between < data.size() && IsBetweenElements(data[between])) ++between;
    size_t end = between;  // a blank record: the bytes between elements
    if (between == 0) {
      end = ElementEnd(data);
      if (end == std::string_view::npos) {
        if (!at_eof) return false;
        end = data.size();  // cut short: a reject, as invalid JSON
      }
      state_ = kOpen;
    } else {
      // Whole runs between elements only, so that the one at the end is
      // the input's last.
      if (between == data.size() && !at_eof) return false;
      if (std::memchr(data.data(), ']', between) != nullptr) {
        if (between < data.size())
          after_close_ = true;  // an element follows the ']'
        else
          state_ = kClosed;
      }
    }
    *out = RecordExtent();
    out->size = between == 0 ? end : 0;
    out->consumed = end;
    out->newlines = static_cast<uint64_t>(std::count(data.begin(), data.begin() + end, '\n'));
    return true;
  }

  std::string EndError() const override {
    if (after_close_) {
      return "content follows the JSON array's closing ']' (a file holds one array: put "
             "concatenated exports in files of their own)";
    }
    if (state_ == kOpen) {
      return "the input ends inside its JSON array, with no closing ']': the file looks cut "
             "short (export it again, or end it with ']' to read what it holds)";
    }
    return {};
  }

 private:
  static bool IsBetweenElements(char c) {
    return c == ',' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  // kStart: no element yet (a blank input is no array and no error).
  enum State { kStart, kOpen, kClosed };
  mutable State state_ = kStart;
  mutable bool after_close_ = false;

  // Where the JSON value at the start of `data` ends, or npos when `data`
  // ends first. A scalar ends at the first comma, bracket or whitespace.
  static size_t ElementEnd(std::string_view data) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < data.size(); ++i) {
      char c = data[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
          if (depth == 0) return i + 1;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && depth > 0) {
        if (--depth == 0) return i + 1;
      } else if (depth == 0 && IsBetweenElements(c)) {
        return i;  // never at 0: the scanner takes those bytes as between elements
      }
    }
    return std::string_view::npos;
  }
};

// How far "auto" looks into a file: records that are not JSON objects are
// passed over (they become rejects when read), so one bad first line
// neither refuses the file nor chooses its map.
constexpr size_t kSampleBytes = size_t{1} << 20;

// The keys of the first JSON objects of the input (ObjectKeySample). Empty
// when none of the sample is an object; `first_error` then says why.
// (`may_read` false: only what is read already, as for a stream.)
StatusOr<std::vector<std::string>> SampleKeys(RecordSplitter* splitter, std::string* first_error,
                                              bool may_read = true) {
  ObjectKeySample sample;
  RecordSplitter::Cursor cursor;
  std::string_view record;
  uint64_t line = 0;
  while (!sample.full() && cursor.offset < kSampleBytes) {
    PARLEY_ASSIGN_OR_RETURN(bool found, splitter->PeekAhead(&cursor, &record, &line, may_read));
    if (!found) break;
    std::string error;
    if (!sample.Add(record, &error) && first_error->empty()) {
      *first_error = "line " + std::to_string(line) + ": " + error;
    }
  }
  return sample.keys();
}

// For "auto": the preset is chosen from the keys of the first records.
// (*keys: the keys it sampled, if it did.)
StatusOr<FieldMap> ChooseMap(RecordSplitter* splitter, const ReaderOptions& options,
                             const std::string& path, std::vector<std::string>* keys) {
  PARLEY_ASSIGN_OR_RETURN(FieldMap map, InitialFieldMap(options));
  if (map.preset != "auto") {
    LeaveColumnsUnmapped(options.keep_columns, &map);
    return map;
  }
  std::string_view record;
  uint64_t line = 0;
  PARLEY_ASSIGN_OR_RETURN(bool found, splitter->Peek(&record, &line));
  // No records: any map will do, none will be used.
  if (!found) return MakeFieldMap("generic", options.map_overrides, map.flag_prefix);
  // The usual case of no object: a JSON array (or a pretty-printed document)
  // read as NDJSON. Noted now: sampling may move the bytes `record` views.
  const bool array = record.starts_with('[');
  std::string first_error;
  PARLEY_ASSIGN_OR_RETURN(*keys, SampleKeys(splitter, &first_error));
  if (keys->empty() && !first_error.empty()) {
    std::string hint = array ? "; a JSON array reads with " + FormatHint(map, "json")
                             : "; use " + MapFlag(map, "preset");
    return InvalidArgumentError("cannot choose a preset for '" + DisplayName(path) +
                                "': none of its first records is a JSON object (" + first_error +
                                ")" + hint);
  }
  std::vector<std::string_view> views(keys->begin(), keys->end());
  StatusOr<FieldMap> resolved = ResolveAutoPreset(map, options.map_overrides, views);
  if (!resolved.ok()) return resolved.status().WithContext(DisplayName(path));
  LeaveColumnsUnmapped(options.keep_columns, &*resolved);
  return resolved;
}

// With no time layout given: the layout of the first records' times
// (GuessTimeLayout()), when the usual forms read none of them; as the CSV
// reader's (csv_reader.cc), from up to a thousand records or a MiB, or for
// a `stream` only from what has been read.
StatusOr<std::shared_ptr<const TimeLayout>> GuessLayout(
    RecordSplitter* splitter, const FieldMap& map, const std::string& path, bool stream,
    const std::shared_ptr<const TimeLayout>& given, std::string* guessed) {
  constexpr size_t kSampleRecords = 1000;
  const NdjsonDecoder probe(map, RecordPolicy(), nullptr);
  IngestScratch scratch;
  std::vector<std::string> values;
  RecordSplitter::Cursor cursor;
  std::string_view record;
  uint64_t line = 0;
  std::string value;
  while (values.size() < kSampleRecords && cursor.offset < kSampleBytes) {
    StatusOr<bool> found = splitter->PeekAhead(&cursor, &record, &line, /*may_read=*/!stream);
    if (!found.ok() || !*found) break;  // (reading will say why)
    value.clear();
    if (probe.FieldText(record, Field::kCreatedAt, &scratch, &value)) values.push_back(value);
  }
  const std::vector<std::string_view> views(values.begin(), values.end());
  return LayoutFromGuess(GuessTimeLayout(views), map, map.column(Field::kCreatedAt), "key", path,
                         given, guessed);
}

// As the CSV reader does (csv_reader.cc): a map that reads created_at from
// one key (no --map gave it) named as a date's, with a key named as its time
// (TimeColumnBeside(): "date" and "time", "post_date" and "post_time") that
// no other field reads, or the other way round, reads the two joined
// ("date+time") when the first records hold a date alone in one and a time
// of day in the other (DateAndTimeApart()). `keys`: those ChooseMap()
// sampled, if it did.
Status JoinDateAndTime(RecordSplitter* splitter, const ReaderOptions& options, bool stream,
                       std::vector<std::string> keys, FieldMap* map) {
  const std::string spec = map->column(Field::kCreatedAt);
  if (spec.empty() || !JoinedTimeParts(spec).empty()) return Status::OK();
  PARLEY_ASSIGN_OR_RETURN(auto overridden, OverriddenFields(options.map_overrides));
  if (overridden[static_cast<size_t>(Field::kCreatedAt)]) return Status::OK();
  std::string lower = spec;
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  if (lower.find("date") == std::string::npos && lower.find("time") == std::string::npos) {
    return Status::OK();
  }
  if (keys.empty()) {
    std::string ignored;  // (reading will say why a record is no object)
    PARLEY_ASSIGN_OR_RETURN(keys, SampleKeys(splitter, &ignored, /*may_read=*/!stream));
  }
  // The key the map reads: the first of its alternatives ("Date|created_at")
  // the records have.
  const std::string_view mapped =
      PresentColumnOf(spec, std::vector<std::string_view>(keys.begin(), keys.end()));
  if (mapped.empty()) return Status::OK();
  const auto [date_view, time_view] = DateAndTimeColumns(mapped, keys);
  if (date_view.empty()) return Status::OK();
  const std::string date(date_view), time(time_view);
  const std::string& other = date == mapped ? time : date;
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (f != static_cast<size_t>(Field::kCreatedAt) &&
        ColumnSpecPresent(map->column(static_cast<Field>(f)), {other})) {
      return Status::OK();
    }
  }
  for (std::string_view part : JoinedTextParts(map->column(Field::kText))) {
    if (part == other) return Status::OK();
  }
  // The first records' two values, as each key alone reads them.
  FieldMap date_map = *map, time_map = *map;
  date_map.column(Field::kCreatedAt) = date;
  time_map.column(Field::kCreatedAt) = time;
  const NdjsonDecoder date_probe(date_map, RecordPolicy(), nullptr);
  const NdjsonDecoder time_probe(time_map, RecordPolicy(), nullptr);
  IngestScratch scratch;
  std::vector<std::vector<std::string>> rows;
  RecordSplitter::Cursor cursor;
  std::string_view record;
  uint64_t line = 0;
  constexpr size_t kSampleRecords = 1000;
  while (rows.size() < kSampleRecords && cursor.offset < kSampleBytes) {
    StatusOr<bool> found = splitter->PeekAhead(&cursor, &record, &line, /*may_read=*/!stream);
    if (!found.ok() || !*found) break;  // (reading will say why)
    std::vector<std::string> row(2);
    const bool has_date = date_probe.FieldText(record, Field::kCreatedAt, &scratch, &row[0]);
    const bool has_time = time_probe.FieldText(record, Field::kCreatedAt, &scratch, &row[1]);
    if (has_date || has_time) rows.push_back(std::move(row));
  }
  if (DateAndTimeApart(rows)) MapJoinedTimeParts(date, time, map);
  return Status::OK();
}

// A reader of JSON records that `scanner` finds in `file`.
StatusOr<std::unique_ptr<RecordReader>> NewJsonRecordReader(const std::string& path,
                                                            std::unique_ptr<SequentialFile> file,
                                                            std::unique_ptr<RecordScanner> scanner,
                                                            const ReaderOptions& options,
                                                            bool stream) {
  auto splitter = std::make_unique<RecordSplitter>(path, std::move(file), std::move(scanner));
  std::vector<std::string> keys;
  PARLEY_ASSIGN_OR_RETURN(FieldMap map, ChooseMap(splitter.get(), options, path, &keys));
  PARLEY_RETURN_IF_ERROR(JoinDateAndTime(splitter.get(), options, stream, std::move(keys), &map));
  StatusOr<std::shared_ptr<const RecordDecoder>> decoder =
      NewNdjsonDecoder(map, MakeRecordPolicy(options.source, map, path), options.require_identity,
                       options.time_layout);
  if (!decoder.ok()) return decoder.status().WithContext(DisplayName(path));
  std::string guessed_time;
  if (GuessesTimeLayout(options) && !map.column(Field::kCreatedAt).empty()) {
    PARLEY_ASSIGN_OR_RETURN(
        std::shared_ptr<const TimeLayout> layout,
        GuessLayout(splitter.get(), map, path, stream, options.time_layout, &guessed_time));
    if (layout != options.time_layout) {
      decoder = NewNdjsonDecoder(map, MakeRecordPolicy(options.source, map, path),
                                 options.require_identity, std::move(layout));
      if (!decoder.ok()) return decoder.status().WithContext(DisplayName(path));
    }
  }
  return {std::make_unique<SplitRecordReader>(std::move(splitter), std::move(decoder).value(),
                                              GuessedColumnsNote(map), std::move(guessed_time))};
}

}  // namespace

struct ObjectKeySample::Parser {
  dom::parser parser;
  std::set<std::string, std::less<>> seen;
};

ObjectKeySample::ObjectKeySample() : parser_(std::make_unique<Parser>()) {}
ObjectKeySample::~ObjectKeySample() = default;

bool ObjectKeySample::Add(std::string_view record, std::string* error) {
  ++added_;
  dom::object object;
  simdjson::error_code e =
      parser_->parser.parse(record.data(), record.size(), true).get_object().get(object);
  if (e) {
    if (error != nullptr) *error = simdjson::error_message(e);
    return false;
  }
  for (dom::key_value_pair kv : object) {
    if (parser_->seen.insert(std::string(kv.key)).second) keys_.emplace_back(kv.key);
  }
  return true;
}

StatusOr<std::unique_ptr<RecordReader>> NewNdjsonReader(const std::string& path,
                                                        std::unique_ptr<SequentialFile> file,
                                                        const ReaderOptions& options, bool stream) {
  return NewJsonRecordReader(path, std::move(file), std::make_unique<LineScanner>(), options,
                             stream);
}

StatusOr<std::unique_ptr<RecordReader>> NewJsonArrayReader(const std::string& path,
                                                           std::unique_ptr<SequentialFile> file,
                                                           const ReaderOptions& options,
                                                           bool stream) {
  return NewJsonRecordReader(path, std::move(file), std::make_unique<ArrayElementScanner>(),
                             options, stream);
}

StatusOr<std::shared_ptr<const RecordDecoder>> NewNdjsonDecoder(
    const FieldMap& map, RecordPolicy policy, bool require_identity,
    std::shared_ptr<const TimeLayout> time_layout) {
  PARLEY_RETURN_IF_ERROR(CheckRequiredMapped(map, require_identity, "KEY"));
  return std::shared_ptr<const RecordDecoder>(
      std::make_shared<NdjsonDecoder>(map, std::move(policy), std::move(time_layout)));
}

}  // namespace parley
