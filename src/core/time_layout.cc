#include "src/core/time_layout.h"

#include <array>
#include <cstddef>

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

// A name among `names` (lower case) at *at, whole or cut short to three
// letters or more ("Sep", "Sept"), any case; its index, or -1.
int ReadName(std::string_view v, size_t* at, const std::string_view* names, size_t count) {
  size_t letters = 0;
  while (*at + letters < v.size() &&
         ((Lower(v[*at + letters]) >= 'a' && Lower(v[*at + letters]) <= 'z'))) {
    ++letters;
  }
  if (letters < 3) return -1;
  std::string word;
  for (size_t k = 0; k < letters; ++k) word += Lower(v[*at + k]);
  for (size_t k = 0; k < count; ++k) {
    if (letters <= names[k].size() && names[k].substr(0, letters) == word) {
      *at += letters;
      return static_cast<int>(k);
    }
  }
  return -1;
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

StatusOr<int64_t> TimeLayout::Read(std::string_view value) const {
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

}  // namespace parley
