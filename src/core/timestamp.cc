#include "src/core/timestamp.h"

#include <bit>
#include <chrono>
#include <cstring>

#include "src/core/bytes.h"

namespace parley {
namespace timestamp_internal {

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  if (d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

int64_t ComposeDays(int64_t days, int64_t h, int64_t mi, int64_t s, int64_t ms,
                    int64_t offset_min) {
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_min * 60;
  return secs * 1000 + ms;
}

int64_t Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ms,
                int64_t offset_min) {
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ComposeDays(days, h, mi, s, ms, offset_min);
}

}  // namespace timestamp_internal

namespace {

using timestamp_internal::Compose;
using timestamp_internal::ComposeDays;
using timestamp_internal::ValidDate;

// A tiny cursor over the text; every Parse* helper advances it on success.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool AtEnd() const { return i >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[i]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  void SkipSpaces() {
    while (!AtEnd() && s[i] == ' ') ++i;
  }
  // Reads exactly `n` digits.
  bool Digits(int n, int64_t* out) {
    int64_t v = 0;
    for (int k = 0; k < n; ++k) {
      char c = Peek();
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
      ++i;
    }
    *out = v;
    return true;
  }
};

bool ValidTime(int64_t h, int64_t mi, int64_t s) {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

// Parses "Z", "+hh:mm", "+hhmm", "+hh" or " UTC"; no zone means UTC.
bool ParseZone(Cursor* c, int64_t* offset_min) {
  c->SkipSpaces();
  *offset_min = 0;
  if (c->AtEnd()) return true;
  if (c->Eat('Z') || c->Eat('z')) return true;
  if (c->s.substr(c->i) == "UTC" || c->s.substr(c->i) == "GMT") {
    c->i += 3;
    return true;
  }
  char sign = c->Peek();
  if (sign != '+' && sign != '-') return false;
  ++c->i;
  int64_t hh = 0, mm = 0;
  if (!c->Digits(2, &hh)) return false;
  c->Eat(':');
  if (!c->AtEnd() && !c->Digits(2, &mm)) return false;
  if (hh > 23 || mm > 59) return false;
  *offset_min = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
  return true;
}

// Fraction after a '.' or ',' as milliseconds (extra digits truncated).
void ParseFraction(Cursor* c, int64_t* ms) {
  *ms = 0;
  if (!c->Eat('.') && !c->Eat(',')) return;
  int64_t scale = 100;
  while (!c->AtEnd() && c->Peek() >= '0' && c->Peek() <= '9') {
    *ms += (c->Peek() - '0') * scale;
    scale /= 10;
    ++c->i;
  }
}

// Two ASCII digits at p as a number, or -1.
int TwoDigits(const char* p) {
  unsigned a = static_cast<unsigned char>(p[0]) - '0', b = static_cast<unsigned char>(p[1]) - '0';
  return a <= 9 && b <= 9 ? static_cast<int>(a * 10 + b) : -1;
}

// The last valid ISO date ("2015-02-24") this thread parsed and its day
// number: posts of an export mostly share their date with the one before.
struct IsoDateCache {
  char text[10] = {};
  int64_t days = 0;
  bool valid = false;
};
thread_local IsoDateCache iso_date_cache;

// The 10 bytes of a date at a and b are equal: two word compares, not a call.
bool SameDate(const char* a, const char* b) {
  uint64_t a8, b8;
  uint16_t a2, b2;
  std::memcpy(&a8, a, 8);
  std::memcpy(&b8, b, 8);
  std::memcpy(&a2, a + 8, 2);
  std::memcpy(&b2, b + 8, 2);
  return ((a8 ^ b8) | static_cast<uint64_t>(a2 ^ b2)) == 0;
}

// 2015-02-24[T ]11:35:52[.123][Z|+01:00| -0800]; *zoned (when not null)
// false when it names no zone.
bool ParseIso(std::string_view text, int64_t* out, bool* zoned = nullptr) {
  Cursor c{text};
  int64_t h = 0, mi = 0, s = 0, ms = 0, off = 0;
  int64_t days;
  IsoDateCache& cache = iso_date_cache;
  if (text.size() >= 10 && cache.valid && SameDate(text.data(), cache.text)) {
    days = cache.days;
    c.i = 10;
  } else {
    int64_t y, mo, d;
    if (!c.Digits(4, &y) || !c.Eat('-') || !c.Digits(2, &mo) || !c.Eat('-') || !c.Digits(2, &d))
      return false;
    if (!ValidDate(y, mo, d)) return false;
    days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    std::memcpy(cache.text, text.data(), 10);
    cache.days = days;
    cache.valid = true;
  }
  // The common "Thh:mm:ssZ", as the general path below reads it.
  if (text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
      text[19] == 'Z') {
    int hh = TwoDigits(text.data() + 11), mm = TwoDigits(text.data() + 14),
        ss = TwoDigits(text.data() + 17);
    if (hh >= 0 && mm >= 0 && ss >= 0) {
      if (!ValidTime(hh, mm, ss)) return false;
      *out = ComposeDays(days, hh, mm, ss, 0, 0);
      return true;
    }
  }
  if (!c.AtEnd()) {
    if (!c.Eat('T') && !c.Eat('t') && !c.Eat(' ')) return false;
    if (!c.Digits(2, &h) || !c.Eat(':') || !c.Digits(2, &mi)) return false;
    if (c.Eat(':') && !c.Digits(2, &s)) return false;
    ParseFraction(&c, &ms);
    if (zoned != nullptr) {
      c.SkipSpaces();
      *zoned = !c.AtEnd();
    }
    if (!ParseZone(&c, &off)) return false;
  } else if (zoned != nullptr) {
    *zoned = false;  // a date alone
  }
  if (!c.AtEnd() || !ValidTime(h, mi, s)) return false;
  *out = ComposeDays(days, h, mi, s, ms, off);
  return true;
}

int MonthIndex(std::string_view m) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int k = 0; k < 12; ++k)
    if (m == kMonths[k]) return k + 1;
  return 0;
}

// The zone of RFC 2822 (and Twitter's shape): "+hhmm" / "-hhmm", or one of
// the names RFC 822 defined and mail, RSS feeds and older exports still
// write: UT, GMT, UTC, Z and the North American EST, EDT, CST, CDT, MST,
// MDT, PST and PDT. Other names are refused rather than guessed (an "IST"
// is three different zones).
bool ParseNamedOrNumericZone(Cursor* c, int64_t* offset_min) {
  const char sign = c->Peek();
  if (sign == '+' || sign == '-') {
    ++c->i;
    int64_t hh = 0, mm = 0;
    if (!c->Digits(2, &hh) || !c->Digits(2, &mm) || hh > 23 || mm > 59) return false;
    *offset_min = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
  }
  size_t end = c->i;
  while (end < c->s.size() && end - c->i < 4 && bytes::IsAsciiLetter(c->s[end])) ++end;
  std::string name;
  for (size_t k = c->i; k < end; ++k) name.push_back(static_cast<char>(c->s[k] & ~0x20));
  static constexpr struct {
    const char* name;
    int hours;
  } kZones[] = {{"Z", 0},    {"UT", 0},   {"GMT", 0},  {"UTC", 0},  {"EST", -5}, {"EDT", -4},
                {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  for (const auto& z : kZones) {
    if (name == z.name) {
      c->i = end;
      *offset_min = z.hours * 60;
      return true;
    }
  }
  return false;
}

// "hh:mm[:ss]" at the cursor.
bool ParseClock(Cursor* c, int64_t* h, int64_t* mi, int64_t* s) {
  *s = 0;
  if (!c->Digits(2, h) || !c->Eat(':') || !c->Digits(2, mi)) return false;
  return !c->Eat(':') || c->Digits(2, s);
}

// Three letters at the cursor that name a month, in any case ("Feb", "FEB").
int64_t ParseMonth(Cursor* c) {
  if (c->s.size() - c->i < 3) return 0;
  std::string m(c->s.substr(c->i, 3));
  m[0] = static_cast<char>(m[0] & ~0x20);
  m[1] = static_cast<char>(m[1] | 0x20);
  m[2] = static_cast<char>(m[2] | 0x20);
  const int64_t mo = MonthIndex(m);
  if (mo != 0) c->i += 3;
  return mo;
}

// A day name's three letters and what follows them (", " in RFC 2822, " "
// in Twitter's shape); the name is not checked against the date.
bool SkipDayName(Cursor* c) {
  for (int k = 0; k < 3; ++k) {
    if (!bytes::IsAsciiLetter(c->Peek())) return false;
    ++c->i;
  }
  return true;
}

// Tue Feb 24 10:15:29 +0000 2015 (Twitter's API), and the same with a
// zone's name, as older exports have it: Mon Apr 06 22:19:45 PDT 2009.
bool ParseTwitter(std::string_view text, int64_t* out) {
  if (text.size() < 27 || text.size() > 30) return false;
  Cursor c{text};
  int64_t mo, d, h, mi, s, y, off;
  if (!SkipDayName(&c) || !c.Eat(' ') || (mo = ParseMonth(&c)) == 0 || !c.Eat(' ') ||
      !c.Digits(2, &d) || !c.Eat(' ') || !c.Digits(2, &h) || !c.Eat(':') || !c.Digits(2, &mi) ||
      !c.Eat(':') || !c.Digits(2, &s) || !c.Eat(' ') || !ParseNamedOrNumericZone(&c, &off) ||
      !c.Eat(' ') || !c.Digits(4, &y) || !c.AtEnd()) {
    return false;
  }
  if (!ValidDate(y, mo, d) || !ValidTime(h, mi, s)) return false;
  *out = Compose(y, mo, d, h, mi, s, 0, off);
  return true;
}

// RFC 2822 (mail, RSS's pubDate, HTTP): [Tue, ]24 Feb 2015 10:15[:29]
// +0000, the zone a number or a name (ParseNamedOrNumericZone()), or none
// (UTC, as for ISO times without one; *zoned, when not null, false then).
bool ParseRfc2822(std::string_view text, int64_t* out, bool* zoned = nullptr) {
  if (text.size() < 17 || text.size() > 40) return false;
  Cursor c{text};
  if (bytes::IsAsciiLetter(c.Peek())) {
    if (!SkipDayName(&c) || !c.Eat(',')) return false;
    c.SkipSpaces();
  }
  int64_t d, mo, y, h, mi, s, off = 0;
  // The day in one or two digits.
  if (!c.Digits(1, &d)) return false;
  if (c.Peek() >= '0' && c.Peek() <= '9') {
    int64_t second;
    c.Digits(1, &second);
    d = d * 10 + second;
  }
  if (!c.Eat(' ') || (mo = ParseMonth(&c)) == 0 || !c.Eat(' ') || !c.Digits(4, &y) || !c.Eat(' ') ||
      !ParseClock(&c, &h, &mi, &s)) {
    return false;
  }
  c.SkipSpaces();
  if (zoned != nullptr) *zoned = !c.AtEnd();
  if (!c.AtEnd() && !ParseNamedOrNumericZone(&c, &off)) return false;
  if (!c.AtEnd() || !ValidDate(y, mo, d) || !ValidTime(h, mi, s)) return false;
  *out = Compose(y, mo, d, h, mi, s, 0, off);
  return true;
}

// 9 or 10 digits: seconds; 12 or 13 digits: milliseconds (both from March
// 1973 to 2286). Fewer digits are a year or a count more often than a time
// ("2015"), and 11 would be seconds after 2286.
bool ParseEpoch(std::string_view text, int64_t* out) {
  const size_t n = text.size();
  if (n != 9 && n != 10 && n != 12 && n != 13) return false;
  int64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  *out = n <= 10 ? v * 1000 : v;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil algorithm (public domain description).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

// ParseIso() of the commonest shape, "2015-02-24T11:35:52Z" with the date
// the thread parsed last (posts of an export mostly share their date with
// the one before), without the trimming and the cursor: the "hh:mm:ss" is
// checked and read as one word. False when the text has any other shape,
// for the general path to decide; its verdict on this shape is the same.
[[gnu::always_inline]] inline bool ParseIsoSameDateUtc(std::string_view text, int64_t* out) {
  if constexpr (std::endian::native != std::endian::little) return false;
  const IsoDateCache& cache = iso_date_cache;
  if (text.size() != 20 || !cache.valid) return false;
  const char* p = text.data();
  if (!SameDate(p, cache.text) || p[10] != 'T' || p[19] != 'Z') return false;
  uint64_t x;  // "hh:mm:ss", the first byte lowest
  std::memcpy(&x, p + 11, 8);
  // Digits and ':' are the bytes 0x30 to 0x3A: high nibble 3, low nibble
  // 0 to 9 for a digit (adding 6 does not carry into the high nibble) and
  // 0xA for a colon.
  constexpr uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ull, kLowNibbles = 0x0F0F0F0F0F0F0F0Full;
  constexpr uint64_t kColons = 0x0000FF0000FF0000ull;  // bytes 2 and 5
  const uint64_t low = x & kLowNibbles;
  if ((x & kHighNibbles) != 0x3030303030303030ull || (low & kColons) != 0x00000A00000A0000ull ||
      ((low + 0x0606060606060606ull) & ~kColons & kHighNibbles) != 0) {
    return false;
  }
  // Each pair's value at its first byte at once: every byte times ten
  // (at most 90, so no byte carries into the next) plus the byte after it.
  const uint64_t pairs = low * 10 + (low >> 8);
  const int64_t hh = static_cast<int64_t>(pairs & 0xFF),
                mm = static_cast<int64_t>((pairs >> 24) & 0xFF),
                ss = static_cast<int64_t>((pairs >> 48) & 0xFF);
  if (!ValidTime(hh, mm, ss)) return false;
  *out = ComposeDays(cache.days, hh, mm, ss, 0, 0);
  return true;
}

// Years 1 to 9999 in UTC, the four-digit years FormatTimestamp() writes: a
// valid local date with a zone can land outside them ("9999-12-31T23:59:59
// -23:59" is in year 10000, which would be written as 0000).
constexpr int64_t kFirstMs = -62135596800000;  // 0001-01-01T00:00:00Z
constexpr int64_t kLastMs = 253402300799999;   // 9999-12-31T23:59:59.999Z

}  // namespace

bool timestamp_internal::InRange(int64_t ms) { return ms >= kFirstMs && ms <= kLastMs; }

namespace {

// The shapes that carry a zone, whatever year they land in; *zoned (when
// not null) false for one that names none (ParseIso(), ParseRfc2822()).
bool ParseZoned(std::string_view t, int64_t* ms, bool* zoned = nullptr) {
  if (ParseIso(t, ms, zoned)) return true;
  if (zoned != nullptr) *zoned = true;  // (ParseIso() may have said false)
  return ParseTwitter(t, ms) || ParseRfc2822(t, ms, zoned);
}

// Every other shape; out of line, so that the common one above saves no
// registers for the general parsers. (That one has no zone, so its valid
// dates are all in range.)
[[gnu::noinline]] bool TryParseTimestampGeneral(std::string_view text, int64_t* ms) {
  std::string_view t = Trim(text);
  return (ParseZoned(t, ms) || ParseEpoch(t, ms)) && timestamp_internal::InRange(*ms);
}

}  // namespace

bool TryParseTimestamp(std::string_view text, int64_t* ms) {
  return ParseIsoSameDateUtc(text, ms) || TryParseTimestampGeneral(text, ms);
}

bool TryParseTimestampZone(std::string_view text, int64_t* ms, bool* zoned) {
  const std::string_view t = Trim(text);
  *zoned = true;
  if (ParseZoned(t, ms, zoned)) return timestamp_internal::InRange(*ms);
  *zoned = true;  // an epoch number
  return ParseEpoch(t, ms) && timestamp_internal::InRange(*ms);
}

StatusOr<int64_t> ParseTimestamp(std::string_view text) {
  int64_t ms = 0;
  if (TryParseTimestamp(text, &ms)) return ms;
  std::string_view t = Trim(text);
  std::string shown(t.substr(0, 60));
  if (ParseZoned(t, &ms)) {
    return InvalidArgumentError("time '" + shown + "' is out of range: in UTC it is " +
                                (ms < kFirstMs ? "before year 1" : "after year 9999"));
  }
  return InvalidArgumentError("unparseable time '" + shown +
                              "' (expected ISO-8601, 'YYYY-MM-DD hh:mm:ss +hhmm', RFC 2822's "
                              "'Tue, 24 Feb 2015 10:15:29 +0000', Twitter's 'Tue Feb 24 "
                              "10:15:29 +0000 2015' or epoch seconds; --time-format reads "
                              "others)");
}

namespace {

// Writes "YYYY-MM-DDT" for day `days` since 1970-01-01 (11 bytes).
void WriteDatePrefix(int64_t days, char* out) {
  // civil_from_days
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char* p = out;
  auto put = [&p](int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k) {
      p[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p += width;
  };
  put(y, 4); *p++ = '-'; put(m, 2); *p++ = '-'; put(d, 2); *p++ = 'T';
}

}  // namespace

namespace timestamp_internal {

thread_local constinit MinutePrefixCache minute_prefix_cache;

// A time outside the cached minute: the minute's "hh:mm:" (and, on another
// day, the date) written into the cache first. A minute of the cached day
// (most of them) is found from the day's start, with no signed divisions.
char* WriteTimestampNewMinute(int64_t ms, char* out) {
  MinutePrefixCache& cache = minute_prefix_cache;
  constexpr uint64_t kDayMs = 86400000;
  uint64_t in_day = static_cast<uint64_t>(ms) - cache.day_start_ms;
  if (!cache.valid || in_day >= kDayMs) {
    const int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    const int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    WriteDatePrefix(days, cache.text);
    cache.day_start_ms = static_cast<uint64_t>(days) * kDayMs;
    in_day = static_cast<uint64_t>(ms) - cache.day_start_ms;
  }
  const uint64_t minute = in_day / 60000;  // of the day
  bytes::PutTwoDigits(minute / 60, cache.text + 11);
  cache.text[13] = ':';
  bytes::PutTwoDigits(minute % 60, cache.text + 14);
  cache.text[16] = ':';
  cache.minute_start_ms = cache.day_start_ms + minute * 60000;
  // A cached start serves only times within 2^62 ms (146 million years) of
  // the epoch: the distances are taken modulo 2^64, and a start near one end
  // of int64_t would otherwise claim times near the other.
  constexpr int64_t kCacheable = int64_t{1} << 62;
  cache.valid = ms > -kCacheable && ms < kCacheable;
  return WriteSecondsAndZone(cache, in_day - minute * 60000, out);
}

}  // namespace timestamp_internal

void AppendTimestamp(int64_t ms, std::string* out) {
  char buf[32];
  out->append(buf, static_cast<size_t>(WriteTimestamp(ms, buf) - buf));
}

std::string FormatTimestamp(int64_t ms) {
  std::string s;
  AppendTimestamp(ms, &s);
  return s;
}

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<int64_t> ParseDurationMs(std::string_view text) {
  // Up to nine digits: a billion weeks stays far inside int64 milliseconds.
  if (text.size() < 2 || text.size() > 10) return std::nullopt;
  int64_t n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  int64_t unit;
  switch (text.back()) {
    case 's':
      unit = 1000;
      break;
    case 'm':
      unit = 60 * 1000;
      break;
    case 'h':
      unit = 3600 * 1000;
      break;
    case 'd':
      unit = 24 * 3600 * 1000;
      break;
    case 'w':
      unit = 7 * 24 * 3600 * 1000;
      break;
    default:
      return std::nullopt;
  }
  return n * unit;
}

}  // namespace parley
