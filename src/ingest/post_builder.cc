#include "src/ingest/post_builder.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "src/core/ascii.h"
#include "src/core/timestamp.h"
#include "src/ingest/input_file.h"

namespace parley {
namespace {

// Shown values are cut so one odd cell cannot flood the rejects file.
std::string Shown(std::string_view value) {
  constexpr size_t kMaxShown = 40;
  if (value.size() <= kMaxShown) return std::string(value);
  return std::string(value.substr(0, kMaxShown)) + "...";
}

bool Reject(std::string* reason, std::string text) {
  *reason = std::move(text);
  return false;
}

[[gnu::noinline, gnu::cold]] bool RejectEmpty(Field field, std::string_view column,
                                              std::string* reason) {
  return Reject(reason, "empty " + std::string(FieldName(field)) + " (column '" +
                            std::string(column) + "')");
}

bool RejectNumber(Field field, std::string_view value, std::string_view column,
                  std::string* reason) {
  return Reject(reason, "bad number '" + Shown(value) + "' for " +
                            std::string(FieldName(field)) + " in column '" +
                            std::string(column) + "'");
}

bool ParseDouble(std::string_view s, double* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
}

// Integers, and decimals that are whole ("12.0", as spreadsheets write counts).
bool ParseCount(std::string_view s, int64_t* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec == std::errc() && end == s.data() + s.size()) return true;
  double d = 0;
  // 2^63 is exactly representable, so this bound is exact.
  constexpr double kLimit = 9223372036854775808.0;
  if (!ParseDouble(s, &d) || d != std::trunc(d) || d >= kLimit || d < -kLimit) return false;
  *out = static_cast<int64_t>(d);
  return true;
}

std::string* KeyField(Field field, Post* post) {
  switch (field) {
    case Field::kSource: return &post->source;
    case Field::kAuthor: return &post->author;
    case Field::kThread: return &post->thread;
    case Field::kParent: return &post->parent;
    case Field::kLang: return &post->lang;
    default: return nullptr;
  }
}

std::optional<int64_t>* CountField(Field field, Metrics* m) {
  switch (field) {
    case Field::kLikes: return &m->likes;
    case Field::kShares: return &m->shares;
    case Field::kReplies: return &m->replies;
    case Field::kFollowers: return &m->followers;
    case Field::kViews: return &m->views;
    default: return nullptr;
  }
}

// A created_at value TryParseTimestamp() rejects: out of line, as are
// SetNumber() and the Reject*() helpers, so that SetPostFieldGeneral()
// saves and restores only the few registers its common cases use.
[[gnu::noinline, gnu::cold]] bool SetTimeSlow(std::string_view value, std::string_view column,
                                              Post* post, std::string* reason) {
  if (TrimAscii(value).empty()) return RejectEmpty(Field::kCreatedAt, column, reason);
  StatusOr<int64_t> ms = ParseTimestamp(value);
  if (!ms.ok()) {
    return Reject(reason, "bad created_at in column '" + std::string(column) +
                              "': " + ms.status().message());
  }
  post->created_at_ms = *ms;
  return true;
}

[[gnu::noinline]] bool SetNumber(Field field, std::string_view value, std::string_view column,
                                 Post* post, std::string* reason) {
  std::string_view text = TrimAscii(value);
  if (text.empty()) return true;  // absent, not wrong
  if (field == Field::kRating) {
    double rating = 0;
    if (!ParseDouble(text, &rating)) return RejectNumber(field, text, column, reason);
    post->rating = rating;
    return true;
  }
  int64_t count = 0;
  if (!ParseCount(text, &count)) return RejectNumber(field, text, column, reason);
  *CountField(field, &post->metrics) = count;
  return true;
}

}  // namespace

IngestScratch::IngestScratch() = default;
IngestScratch::~IngestScratch() = default;

simdjson::dom::parser& IngestScratch::json() {
  if (json_ == nullptr) json_ = std::make_unique<simdjson::dom::parser>();
  return *json_;
}

bool SetPostFieldGeneral(Field field, std::string_view value, std::string_view column, Post* post,
                         std::string* reason) {
  switch (field) {
    case Field::kId:
      value = TrimAscii(value);
      if (value.empty()) return RejectEmpty(field, column, reason);
      post->id.assign(value);
      return true;
    case Field::kText:
      if (TrimAscii(value).empty()) return RejectEmpty(field, column, reason);
      post->text.assign(value);
      return true;
    case Field::kAuthorName:
      post->author_name.assign(value);
      return true;
    case Field::kCreatedAt:
      if (TryParseTimestamp(value, &post->created_at_ms)) return true;
      return SetTimeSlow(value, column, post, reason);
    default:
      break;
  }
  if (std::string* key = KeyField(field, post)) {
    key->assign(TrimAscii(value));
    return true;
  }
  return SetNumber(field, value, column, post, reason);
}

namespace {

// A time of day alone: one or two digits, a ':', then anything.
bool IsTimeOfDay(std::string_view value) {
  const size_t colon = value.find(':');
  if (colon == 0 || colon > 2) return false;
  for (size_t i = 0; i < colon; ++i) {
    if (value[i] < '0' || value[i] > '9') return false;
  }
  return true;
}

}  // namespace

bool DateAndTimeApart(const std::vector<std::vector<std::string>>& rows) {
  size_t dates = 0, times = 0, clocks = 0;
  for (const std::vector<std::string>& row : rows) {
    const std::string_view date = TrimAscii(row[0]), time = TrimAscii(row[1]);
    if (date.find(':') != std::string_view::npos) return false;
    dates += !date.empty();
    times += !time.empty();
    clocks += IsTimeOfDay(time);
  }
  return dates > 0 && times > 0 && clocks * 10 >= times * 9;
}

StatusOr<std::shared_ptr<const TimeLayout>> LayoutFromGuess(
    const TimeLayoutGuess& guess, const FieldMap& map, std::string_view column,
    std::string_view what, const std::string& path, const std::shared_ptr<const TimeLayout>& given,
    std::string* guessed) {
  switch (guess.kind) {
    case TimeLayoutGuess::Kind::kNone:
      return given;
    case TimeLayoutGuess::Kind::kAmbiguous: {
      const std::string flag = MapFlag(map, "time-format");
      return InvalidArgumentError(
          "'" + DisplayName(path) + "': the times in " + std::string(what) + " '" +
          std::string(column) + "' write the day and the month as numbers, none above 12 ('" +
          guess.example + "'), so either may come first: say which with " + flag + " '" +
          guess.layout + "' (month first) or " + flag + " '" + guess.day_first + "' (day first)");
    }
    case TimeLayoutGuess::Kind::kLayout:
      break;
  }
  *guessed = guess.layout;
  if (given == nullptr || given->zone() == nullptr) return guess.parsed;
  return std::shared_ptr<const TimeLayout>(
      std::make_shared<const TimeLayout>(guess.parsed->WithZone(given->zone())));
}

bool SetTimeByLayout(const TimeLayout& layout, std::string_view value, std::string_view column,
                     Post* post, std::string* reason) {
  if (TrimAscii(value).empty()) return RejectEmpty(Field::kCreatedAt, column, reason);
  StatusOr<int64_t> ms = layout.Read(value);
  if (!ms.ok()) {
    return Reject(
        reason, "bad created_at in column '" + std::string(column) + "': " + ms.status().message());
  }
  post->created_at_ms = *ms;
  return true;
}

void BareRedditFullnames(Post* post) {
  if (!IsRedditBareId(post->id)) return;
  if (IsRedditFullname(post->parent)) post->parent.erase(0, 3);
  if (IsRedditFullname(post->thread)) post->thread.erase(0, 3);
}

std::string MediaTypeChannel(std::string_view media_type) {
  // The codes in the value, upper-cased: ["SOCIALMEDIA","SOCIALMEDIA_TWITTER"]
  // -> SOCIALMEDIA, SOCIALMEDIA_TWITTER.
  std::vector<std::string> codes;
  std::string code;
  for (size_t i = 0; i <= media_type.size(); ++i) {
    const char c = i < media_type.size() ? media_type[i] : ' ';
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      code += c;
    } else if (c >= 'a' && c <= 'z') {
      code += static_cast<char>(c - 'a' + 'A');
    } else if (!code.empty()) {
      codes.push_back(std::move(code));
      code.clear();
    }
  }
  // A social network named outright wins over its kind.
  constexpr std::string_view kSocial = "SOCIALMEDIA_";
  for (const std::string& c : codes) {
    if (c.starts_with(kSocial) && c.size() > kSocial.size() && !c.ends_with("_OTHER")) {
      return AsciiLower(std::string_view(c).substr(kSocial.size()));
    }
  }
  if (codes.empty()) return "";
  const std::string_view kind = std::string_view(codes[0]).substr(0, codes[0].find('_'));
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"ONLINENEWS", "news"},
      {"NEWS", "news"},
      {"BLOG", "blog"},
      {"MESSAGEBOARD", "forum"},
      {"FORUM", "forum"},
      {"REVIEW", "review"},
      {"REVIEWS", "review"},
      {"PRINT", "print"},
      {"BROADCAST", "broadcast"},
      {"TVRADIO", "broadcast"},
      {"PODCAST", "podcast"},
      {"SOCIALMEDIA", "social"},
      {"OTHER", ""},
  };
  for (const auto& [name, channel] : kKinds) {
    if (kind == name) return std::string(channel);
  }
  return AsciiLower(kind);
}

std::string_view ActivityStreamsId(std::string_view id) {
  if (!id.starts_with("tag:")) return id;
  const size_t colon = id.rfind(':');
  const std::string_view own = id.substr(colon + 1);
  if (own.empty() || id.find(",20") == std::string_view::npos) return id;
  return own;
}

std::string_view PostIdOfLink(std::string_view link) {
  const size_t scheme = link.find("://");
  if (scheme == std::string_view::npos) return link;
  std::string_view path = link.substr(scheme + 3);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t last = path.rfind('/');
  if (last == std::string_view::npos) return link;
  const std::string_view id = path.substr(last + 1);
  const std::string_view before = path.substr(0, last);
  if (id.empty() || id.find_first_not_of("0123456789") != std::string_view::npos ||
      !(before.ends_with("/status") || before.ends_with("/statuses"))) {
    return link;
  }
  return id;
}

RecordPolicy MakeRecordPolicy(const std::string& forced, const FieldMap& map,
                              const std::string& path) {
  RecordPolicy policy;
  policy.forced = forced;
  policy.fallback = map.default_source.empty() ? InputStem(path) : map.default_source;
  // (What their formats write another way than the post model does.)
  policy.media_types = map.preset == "talkwalker";
  policy.activity_streams = map.preset == "activity-streams";
  return policy;
}

StatusOr<FieldMap> InitialFieldMap(const ReaderOptions& options) {
  const FieldMap& map = options.field_map;
  bool unset = map.preset.empty();
  for (const std::string& column : map.columns) unset = unset && column.empty();
  if (unset) return MakeFieldMap("auto", options.map_overrides, map.flag_prefix);
  return map;
}

Status CheckRequiredMapped(const FieldMap& map, bool require_identity, std::string_view what) {
  if (map.column(Field::kText).empty()) {
    return InvalidArgumentError("field text is not mapped (preset " + map.preset + "); use " +
                                MapFlag(map, "map") + " text=" + std::string(what));
  }
  // (A post without an id column gets one from its content: FillMissingId().)
  if (!require_identity || !map.column(Field::kCreatedAt).empty()) return Status::OK();
  return InvalidArgumentError("preset " + map.preset + " maps no created_at " + AsciiLower(what) +
                              ": stored posts need a time; name it with " + MapFlag(map, "map") +
                              " created_at=" + std::string(what) + ", or choose a " +
                              MapFlag(map, "preset") + " that fits the input");
}

StatusOr<std::array<bool, kFieldCount>> OverriddenFields(
    const std::vector<std::string>& overrides) {
  std::array<bool, kFieldCount> named{};
  for (const std::string& text : overrides) {
    PARLEY_ASSIGN_OR_RETURN(auto field_column, ParseMapOverride(text));
    named[static_cast<size_t>(field_column.first)] = true;
  }
  return named;
}

std::string InputStem(const std::string& path) {
  if (path == "-") return "stdin";
  std::string_view name = path;
  while (!name.empty() && name.back() == '/') name.remove_suffix(1);
  name = name.substr(name.rfind('/') + 1);  // npos + 1 == 0
  for (std::string_view z : {".gz", ".zst", ".GZ", ".ZST"}) {
    if (name.size() > z.size() && name.ends_with(z)) name.remove_suffix(z.size());
  }
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return name.empty() ? std::string("input") : std::string(name);
}

}  // namespace parley
