#include "src/core/time_layout.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>

#include "src/core/timestamp.h"

namespace parley {
namespace {

constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
constexpr std::string_view kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// The fields a value sets, as read.
struct Fields {
  int64_t year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0, millis = 0;
  int64_t zone_minutes = 0;
  int pm = -1;  // -1: no %p
  bool epoch = false;
  int64_t epoch_seconds = 0;
};

// Reads up to `width` digits (at least one) at *at.
bool ReadNumber(std::string_view v, size_t* at, int width, int64_t* out) {
  size_t i = *at;
  int64_t n = 0;
  while (i < v.size() && i - *at < static_cast<size_t>(width) && IsDigit(v[i])) {
    n = n * 10 + (v[i] - '0');
    ++i;
  }
  if (i == *at) return false;
  *at = i;
  *out = n;
  return true;
}

// Which of `names` (lower case) `word` (ASCII letters) is, whole or cut
// short to three letters or more ("Sep", "Sept", "Thurs"), any case; its
// index, or -1.
int NameIndex(std::string_view word, const std::string_view* names, size_t count) {
  if (word.size() < 3) return -1;
  for (size_t k = 0; k < count; ++k) {
    const std::string_view name = names[k];
    if (word.size() > name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < word.size() && same; ++i) same = Lower(word[i]) == name[i];
    if (same) return static_cast<int>(k);
  }
  return -1;
}

// A name among `names` at *at (NameIndex()), which moves past it; its
// index, or -1.
int ReadName(std::string_view v, size_t* at, const std::string_view* names, size_t count) {
  size_t letters = 0;
  while (*at + letters < v.size() && bytes::IsAsciiLetter(v[*at + letters])) ++letters;
  const int k = NameIndex(v.substr(*at, letters), names, count);
  if (k >= 0) *at += letters;
  return k;
}

// "+hh", "+hhmm", "+hh:mm" or "Z" at *at, in minutes east of UTC.
bool ReadZone(std::string_view v, size_t* at, int64_t* minutes) {
  size_t i = *at;
  if (i < v.size() && (v[i] == 'Z' || v[i] == 'z')) {
    *at = i + 1;
    *minutes = 0;
    return true;
  }
  if (i >= v.size() || (v[i] != '+' && v[i] != '-')) return false;
  const int sign = v[i] == '-' ? -1 : 1;
  ++i;
  auto two = [&](int64_t* out) {
    if (i + 2 > v.size() || !IsDigit(v[i]) || !IsDigit(v[i + 1])) return false;
    *out = (v[i] - '0') * 10 + (v[i + 1] - '0');
    i += 2;
    return true;
  };
  int64_t h = 0, m = 0;
  if (!two(&h)) return false;
  if (i < v.size() && v[i] == ':') {
    ++i;
    if (!two(&m)) return false;
  } else if (i + 1 < v.size() && IsDigit(v[i])) {
    if (!two(&m)) return false;
  }
  if (h > 23 || m > 59) return false;
  *minutes = sign * (h * 60 + m);
  *at = i;
  return true;
}

// What a directive expects, for a message.
std::string_view Expected(char d) {
  switch (d) {
    case 'Y':
      return "a year";
    case 'y':
      return "a two-digit year";
    case 'm':
      return "a month number";
    case 'd':
    case 'e':
      return "a day of the month";
    case 'b':
    case 'h':
    case 'B':
      return "a month name";
    case 'a':
    case 'A':
      return "a weekday name";
    case 'H':
    case 'I':
      return "an hour";
    case 'M':
      return "minutes";
    case 'S':
      return "seconds";
    case 'f':
      return "a fraction of a second";
    case 'p':
      return "AM or PM";
    case 'z':
      return "a zone such as +01:00 or Z";
    case 'Z':
      return "UTC, GMT or Z";
    case 's':
      return "Unix seconds";
    default:
      return "?";
  }
}

}  // namespace

StatusOr<TimeLayout> TimeLayout::Parse(std::string_view layout) {
  TimeLayout t;
  t.layout_ = std::string(layout);
  std::array<int, 128> seen{};
  auto add = [&](char d) -> Status {
    // Fields that name the same thing: one of each group.
    char group = d;
    if (d == 'e') group = 'd';
    if (d == 'b' || d == 'h' || d == 'B') group = 'm';
    if (d == 'A') group = 'a';
    if (d == 'I') group = 'H';
    if (seen[static_cast<unsigned char>(group)]++) {
      return InvalidArgumentError("time layout '" + t.layout_ + "' gives %" + std::string(1, d) +
                                  " twice (or another directive for the same field)");
    }
    if (d == 'I') seen['I'] = 1;
    t.items_.push_back(Item{d, {}});
    return Status::OK();
  };
  for (size_t i = 0; i < layout.size(); ++i) {
    const char c = layout[i];
    if (IsSpace(c)) {
      while (i + 1 < layout.size() && IsSpace(layout[i + 1])) ++i;
      t.items_.push_back(Item{' ', {}});
      continue;
    }
    if (c != '%') {
      if (t.items_.empty() || t.items_.back().directive != 0) t.items_.push_back(Item{});
      t.items_.back().literal += c;
      continue;
    }
    if (i + 1 == layout.size()) {
      return InvalidArgumentError("time layout '" + t.layout_ +
                                  "' ends with a lone '%' (write %% for a percent sign)");
    }
    const char d = layout[++i];
    switch (d) {
      case '%':
        if (t.items_.empty() || t.items_.back().directive != 0) t.items_.push_back(Item{});
        t.items_.back().literal += '%';
        break;
      case 'T':
        PARLEY_RETURN_IF_ERROR(add('H'));
        t.items_.push_back(Item{0, ":"});
        PARLEY_RETURN_IF_ERROR(add('M'));
        t.items_.push_back(Item{0, ":"});
        PARLEY_RETURN_IF_ERROR(add('S'));
        break;
      case 'F':
        PARLEY_RETURN_IF_ERROR(add('Y'));
        t.items_.push_back(Item{0, "-"});
        PARLEY_RETURN_IF_ERROR(add('m'));
        t.items_.push_back(Item{0, "-"});
        PARLEY_RETURN_IF_ERROR(add('d'));
        break;
      case 'Y':
      case 'y':
      case 'm':
      case 'd':
      case 'e':
      case 'b':
      case 'h':
      case 'B':
      case 'a':
      case 'A':
      case 'H':
      case 'I':
      case 'M':
      case 'S':
      case 'f':
      case 'p':
      case 'z':
      case 'Z':
      case 's':
        PARLEY_RETURN_IF_ERROR(add(d));
        break;
      default:
        return InvalidArgumentError(
            "time layout '" + t.layout_ + "': unknown directive %" + std::string(1, d) +
            " (use %Y %y %m %d %e %b %B %H %I %M %S %f %p %z %Z %a %s %T %F %%)");
    }
  }
  if (seen['Y'] && seen['y']) {
    return InvalidArgumentError("time layout '" + t.layout_ + "' gives both %Y and %y");
  }
  t.zoned_ = seen['z'] || seen['Z'] || seen['s'];
  if (seen['z'] && seen['Z']) {
    return InvalidArgumentError("time layout '" + t.layout_ + "' gives both %z and %Z");
  }
  const bool date = (seen['Y'] || seen['y']) && seen['m'] && seen['d'];
  if (!seen['s'] && !date) {
    return InvalidArgumentError("time layout '" + t.layout_ +
                                "' has no whole date: it needs a year (%Y or %y), a month (%m "
                                "or %b) and a day (%d), or Unix seconds (%s)");
  }
  if (seen['I'] != seen['p']) {
    return InvalidArgumentError("time layout '" + t.layout_ +
                                "': a 12-hour clock needs both %I and %p (use %H for 0-23)");
  }
  return t;
}

TimeLayout TimeLayout::UsualForms() {
  TimeLayout t;
  t.usual_ = true;
  return t;
}

TimeLayout TimeLayout::WithZone(std::shared_ptr<const TimeZone> zone) const {
  TimeLayout t = *this;
  t.zone_ = std::move(zone);
  return t;
}

StatusOr<int64_t> TimeLayout::Read(std::string_view value) const {
  int64_t ms = 0;
  bool zoned = zoned_;
  if (usual_) {
    if (!TryParseTimestampZone(value, &ms, &zoned)) return ParseTimestamp(value);
  } else {
    PARLEY_ASSIGN_OR_RETURN(ms, ReadItems(value));
  }
  if (zone_ == nullptr || zoned) return ms;
  ms = zone_->ToUtc(ms);
  if (!timestamp_internal::InRange(ms)) {
    return InvalidArgumentError("time '" + std::string(value.substr(0, 60)) + "' in " +
                                zone_->name() +
                                " is out of range: in UTC it is not in years 1 "
                                "to 9999");
  }
  return ms;
}

StatusOr<int64_t> TimeLayout::ReadItems(std::string_view value) const {
  while (!value.empty() && IsSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsSpace(value.back())) value.remove_suffix(1);
  const std::string shown(value.substr(0, 64));
  auto fail = [&](std::string_view why) {
    return InvalidArgumentError("time '" + shown + "' does not fit layout '" + layout_ +
                                "': " + std::string(why));
  };
  Fields f;
  size_t at = 0;
  for (const Item& item : items_) {
    if (item.directive == ' ') {
      while (at < value.size() && IsSpace(value[at])) ++at;
      continue;
    }
    if (item.directive == 0) {
      if (value.substr(at, item.literal.size()) != item.literal) {
        return fail("expected '" + item.literal + "' at character " + std::to_string(at + 1));
      }
      at += item.literal.size();
      continue;
    }
    const char d = item.directive;
    bool ok = true;
    int64_t n = 0;
    switch (d) {
      case 'Y':
        ok = ReadNumber(value, &at, 4, &f.year);
        break;
      case 'y':
        ok = ReadNumber(value, &at, 2, &n);
        f.year = n < 69 ? 2000 + n : 1900 + n;
        break;
      case 'm':
        ok = ReadNumber(value, &at, 2, &f.month) && f.month >= 1 && f.month <= 12;
        break;
      case 'd':
      case 'e':
        ok = ReadNumber(value, &at, 2, &f.day) && f.day >= 1 && f.day <= 31;
        break;
      case 'b':
      case 'h':
      case 'B': {
        const int k = ReadName(value, &at, kMonths, std::size(kMonths));
        ok = k >= 0;
        f.month = k + 1;
        break;
      }
      case 'a':
      case 'A':
        ok = ReadName(value, &at, kWeekdays, std::size(kWeekdays)) >= 0;
        break;
      case 'H':
        ok = ReadNumber(value, &at, 2, &f.hour) && f.hour <= 23;
        break;
      case 'I':
        ok = ReadNumber(value, &at, 2, &f.hour) && f.hour >= 1 && f.hour <= 12;
        break;
      case 'M':
        ok = ReadNumber(value, &at, 2, &f.minute) && f.minute <= 59;
        break;
      case 'S':
        ok = ReadNumber(value, &at, 2, &f.second) && f.second <= 60;
        if (f.second == 60) f.second = 59;
        break;
      case 'f': {
        const size_t from = at;
        ok = ReadNumber(value, &at, 9, &n);
        if (ok) {
          // The first three digits, as milliseconds.
          int64_t ms = 0;
          for (size_t k = 0; k < 3; ++k) {
            ms = ms * 10 + (from + k < at ? value[from + k] - '0' : 0);
          }
          f.millis = ms;
        }
        break;
      }
      case 'p': {
        const std::string_view two = value.substr(at, 2);
        const bool am = two.size() == 2 && Lower(two[0]) == 'a' && Lower(two[1]) == 'm';
        const bool pm = two.size() == 2 && Lower(two[0]) == 'p' && Lower(two[1]) == 'm';
        ok = am || pm;
        f.pm = pm;
        at += ok ? 2 : 0;
        break;
      }
      case 'z':
        ok = ReadZone(value, &at, &f.zone_minutes);
        break;
      case 'Z': {
        for (std::string_view name : {"UTC", "GMT", "Z"}) {
          if (value.substr(at, name.size()) == name) {
            at += name.size();
            ok = true;
            break;
          }
          ok = false;
        }
        break;
      }
      case 's': {
        const bool negative = at < value.size() && value[at] == '-';
        at += negative;
        ok = ReadNumber(value, &at, 12, &n);
        f.epoch = true;
        f.epoch_seconds = negative ? -n : n;
        break;
      }
      default:
        ok = false;
    }
    if (!ok) {
      return fail("expected " + std::string(Expected(d)) + " (%" + std::string(1, d) +
                  ") at character " + std::to_string(at + 1));
    }
  }
  if (at != value.size()) {
    return fail("'" + std::string(value.substr(at, 32)) + "' is left over");
  }
  using timestamp_internal::Compose;
  using timestamp_internal::ComposeDays;
  if (f.epoch) return ComposeDays(0, 0, 0, f.epoch_seconds, f.millis, f.zone_minutes);
  if (f.year < 1 || f.year > 9999) return fail("the year is not 1 to 9999");
  // (Month and day are in range: the directives read no other.)
  if (!timestamp_internal::ValidDate(f.year, f.month, f.day)) {
    std::string month(kMonths[f.month - 1]);
    month[0] = static_cast<char>(month[0] - 32);
    return fail("there is no day " + std::to_string(f.day) + " in " + month + " " +
                std::to_string(f.year));
  }
  const int64_t hour = f.pm >= 0 ? f.hour % 12 + (f.pm ? 12 : 0) : f.hour;
  return Compose(f.year, f.month, f.day, hour, f.minute, f.second, f.millis, f.zone_minutes);
}

namespace {

// A piece of a time value, for GuessTimeLayout(): a run of digits, of ASCII
// letters, or of anything else (a separator).
struct TimePiece {
  enum Kind : uint8_t { kNumber, kWord, kSeparator } kind;
  std::string_view text;
  int value = 0;  // kNumber (at most 9 digits)
};

std::vector<TimePiece> SplitTimePieces(std::string_view v) {
  std::vector<TimePiece> pieces;
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    TimePiece p{TimePiece::kSeparator, {}};
    if (IsDigit(v[i])) {
      p.kind = TimePiece::kNumber;
      while (j < v.size() && IsDigit(v[j])) ++j;
    } else if (bytes::IsAsciiLetter(v[i])) {
      p.kind = TimePiece::kWord;
      while (j < v.size() && bytes::IsAsciiLetter(v[j])) ++j;
    } else {
      while (j < v.size() && !IsDigit(v[j]) && !bytes::IsAsciiLetter(v[j])) ++j;
    }
    p.text = v.substr(i, j - i);
    if (p.kind == TimePiece::kNumber) {
      if (p.text.size() > 9) return {};
      for (char c : p.text) p.value = p.value * 10 + (c - '0');
    }
    pieces.push_back(p);
    i = j;
  }
  return pieces;
}

// What %b and %a read (ReadName()).
bool IsMonthName(std::string_view word) {
  return NameIndex(word, kMonths, std::size(kMonths)) >= 0;
}
bool IsWeekdayName(std::string_view word) {
  return NameIndex(word, kWeekdays, std::size(kWeekdays)) >= 0;
}

// Whether `word` is `lower` (lower case), in any case.
bool IsWord(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(word[i]) != lower[i]) return false;
  }
  return true;
}

// A separator as a layout writes it: whitespace as one space (which
// matches any run, or none), '%' doubled.
void AppendSeparator(std::string_view sep, std::string* out) {
  bool space = false;
  for (char c : sep) {
    if (c == ' ' || c == '\t') {
      if (!space) *out += ' ';
      space = true;
      continue;
    }
    space = false;
    if (c == '%') *out += '%';
    *out += c;
  }
}

// One value's layout, with the day and the month that may be either way
// round written as \x01 and \x02 (their numbers in *a, *b; -1 when the
// layout has none); empty when the value has no shape this knows.
std::string ShapeOf(std::string_view value, int* a, int* b) {
  *a = *b = -1;
  const std::vector<TimePiece> p = SplitTimePieces(value);
  if (p.empty()) return "";
  // The time: the first number followed by ':' and a number.
  size_t time = p.size();
  for (size_t i = 0; i + 2 < p.size(); ++i) {
    if (p[i].kind == TimePiece::kNumber && p[i + 1].text == ":" &&
        p[i + 2].kind == TimePiece::kNumber) {
      time = i;
      break;
    }
  }
  std::string out;
  // The date: numbers, perhaps a month's and a weekday's names, separators.
  std::vector<size_t> numbers;
  bool month_name = false;
  size_t date_end = time;
  // A 'T' between the date and the time is a letter of its own.
  if (time < p.size() && time > 0 && p[time - 1].kind == TimePiece::kWord &&
      IsWord(p[time - 1].text, "t")) {
    date_end = time - 1;
  }
  for (size_t i = 0; i < date_end; ++i) {
    if (p[i].kind == TimePiece::kNumber) {
      if (p[i].text.size() > 4) return "";
      numbers.push_back(i);
    } else if (p[i].kind == TimePiece::kWord) {
      if (IsMonthName(p[i].text)) {
        if (month_name) return "";
        month_name = true;
      } else if (!IsWeekdayName(p[i].text)) {
        return "";
      }
    }
  }
  // Each number's directive, by its place.
  std::vector<std::string> directive(p.size());
  if (month_name) {
    if (numbers.size() != 2) return "";
    const size_t x = numbers[0], y = numbers[1];
    if (p[y].text.size() == 4 && p[x].text.size() <= 2) {
      directive[x] = "%d", directive[y] = "%Y";
    } else if (p[x].text.size() == 4 && p[y].text.size() <= 2) {
      directive[x] = "%Y", directive[y] = "%d";
    } else if (p[x].text.size() <= 2 && p[y].text.size() == 2) {
      directive[x] = "%d", directive[y] = "%y";  // "14-Mar-24"
    } else {
      return "";
    }
  } else {
    if (numbers.size() != 3) return "";
    const size_t x = numbers[0], y = numbers[1], z = numbers[2];
    if (p[x].text.size() == 4) {
      if (p[y].text.size() > 2 || p[z].text.size() > 2) return "";
      directive[x] = "%Y", directive[y] = "%m", directive[z] = "%d";
    } else {
      if (p[x].text.size() > 2 || p[y].text.size() > 2) return "";
      if (p[z].text.size() != 4 && p[z].text.size() != 2) return "";
      directive[x] = "\x01", directive[y] = "\x02";
      directive[z] = p[z].text.size() == 4 ? "%Y" : "%y";
      *a = p[x].value;
      *b = p[y].value;
    }
  }
  for (size_t i = 0; i < date_end; ++i) {
    switch (p[i].kind) {
      case TimePiece::kNumber:
        out += directive[i];
        break;
      case TimePiece::kWord:
        out += IsMonthName(p[i].text) ? "%b" : "%a";
        break;
      case TimePiece::kSeparator:
        AppendSeparator(p[i].text, &out);
        break;
    }
  }
  if (date_end < time) out += 'T';
  if (time == p.size()) return out;
  // The time: hh:mm, then perhaps :ss and .fraction, AM/PM, a zone.
  size_t i = time;
  std::string clock = "%H:%M";
  i += 3;
  if (i + 1 < p.size() && p[i].text == ":" && p[i + 1].kind == TimePiece::kNumber) {
    clock += ":%S";
    i += 2;
    if (i + 1 < p.size() && p[i].text == "." && p[i + 1].kind == TimePiece::kNumber) {
      clock += ".%f";
      i += 2;
    }
  }
  // What follows: separators, AM/PM, a zone.
  bool ampm = false, zone = false;
  std::string rest;
  for (; i < p.size(); ++i) {
    if (p[i].kind == TimePiece::kWord) {
      const std::string_view w = p[i].text;
      if ((IsWord(w, "am") || IsWord(w, "pm")) && !ampm && !zone) {
        ampm = true;
        rest += "%p";
      } else if ((IsWord(w, "z") || IsWord(w, "utc") || IsWord(w, "gmt")) && !zone) {
        zone = true;
        rest += "%Z";
      } else {
        return "";
      }
    } else if (p[i].kind == TimePiece::kSeparator) {
      // A '+' or '-' that signs an offset is the zone's.
      const std::string_view sep = p[i].text;
      const char last = sep.back();
      if ((last == '+' || last == '-') && !zone && i + 1 < p.size() &&
          p[i + 1].kind == TimePiece::kNumber) {
        AppendSeparator(sep.substr(0, sep.size() - 1), &rest);
        rest += "%z";
        zone = true;
        // +hhmm, +hh or +hh:mm
        if (p[i + 1].text.size() == 2 && i + 3 < p.size() && p[i + 2].text == ":" &&
            p[i + 3].kind == TimePiece::kNumber) {
          i += 3;
        } else if (p[i + 1].text.size() == 4 || p[i + 1].text.size() == 2) {
          i += 1;
        } else {
          return "";
        }
        continue;
      }
      AppendSeparator(sep, &rest);
    } else {
      return "";
    }
  }
  if (ampm) clock[1] = 'I';
  return out + clock + rest;
}

std::string Fill(std::string shape, std::string_view a, std::string_view b) {
  std::string out;
  for (char c : shape) {
    if (c == '\x01') {
      out += a;
    } else if (c == '\x02') {
      out += b;
    } else {
      out += c;
    }
  }
  return out;
}

// `layout`, parsed, when it reads every one of `values`; else null.
std::shared_ptr<const TimeLayout> ReadsAll(std::string_view layout,
                                           const std::vector<std::string_view>& values) {
  StatusOr<TimeLayout> parsed = TimeLayout::Parse(layout);
  if (!parsed.ok()) return nullptr;
  for (std::string_view v : values) {
    if (!parsed->Read(v).ok()) return nullptr;
  }
  return std::make_shared<const TimeLayout>(std::move(parsed).value());
}

}  // namespace

TimeLayoutGuess GuessTimeLayout(const std::vector<std::string_view>& values) {
  TimeLayoutGuess guess;
  // Each value's shape (one a value the usual forms read, or one with no
  // shape this knows, stands for itself), and the values of each.
  struct Shaped {
    std::vector<std::string_view> values;
    int max_a = -1, max_b = -1;
  };
  std::map<std::string, Shaped> shapes;
  size_t total = 0;
  for (std::string_view v : values) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v.empty()) continue;
    ++total;
    int64_t ms;
    if (TryParseTimestamp(v, &ms)) continue;  // read as it is
    int a, b;
    const std::string s = ShapeOf(v, &a, &b);
    if (s.empty()) continue;
    Shaped& shaped = shapes[s];
    shaped.values.push_back(v);
    shaped.max_a = std::max(shaped.max_a, a);
    shaped.max_b = std::max(shaped.max_b, b);
  }
  // One shape, of nine values in ten at least: the rest (a typo, a time
  // left blank) are rejects when read.
  auto best = shapes.end();
  for (auto it = shapes.begin(); it != shapes.end(); ++it) {
    if (best == shapes.end() || it->second.values.size() > best->second.values.size()) best = it;
  }
  if (best == shapes.end() || best->second.values.size() * 10 < total * 9) return guess;
  const std::string& shape = best->first;
  const std::vector<std::string_view>& given = best->second.values;
  const int max_a = best->second.max_a, max_b = best->second.max_b;
  guess.example = std::string(given.front());
  if (max_a < 0) {  // no day and month in question
    guess.parsed = ReadsAll(shape, given);
    if (!guess.parsed) return guess;
    guess.kind = TimeLayoutGuess::Kind::kLayout;
    guess.layout = shape;
    return guess;
  }
  if (max_a > 12 && max_b > 12) return guess;  // no month among them
  if (max_a > 12 || max_b > 12) {
    guess.layout = max_a > 12 ? Fill(shape, "%d", "%m") : Fill(shape, "%m", "%d");
    guess.parsed = ReadsAll(guess.layout, given);
    if (!guess.parsed) return guess;
    guess.kind = TimeLayoutGuess::Kind::kLayout;
    return guess;
  }
  guess.layout = Fill(shape, "%m", "%d");
  guess.day_first = Fill(shape, "%d", "%m");
  if (!ReadsAll(guess.layout, given) || !ReadsAll(guess.day_first, given)) {
    guess = TimeLayoutGuess();
    return guess;
  }
  guess.kind = TimeLayoutGuess::Kind::kAmbiguous;
  return guess;
}

}  // namespace parley
