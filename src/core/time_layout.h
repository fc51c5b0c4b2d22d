// A layout for the times of an export that ParseTimestamp() does not read,
// written with strftime's directives: "%d/%m/%Y %H:%M" for the day-first
// "05/03/2024 14:02" of a European spreadsheet, "%m/%d/%Y %I:%M %p" for
// "3/5/2024 2:02 PM", "%d %b %Y" for "5 Mar 2024". Such dates cannot be read
// without one: 05/03 is the 5th of March or the 3rd of May.
//
// Directives (numbers may have fewer digits than their width, as "3/5"):
//   %Y year (4 digits)      %y year 00-99: 1969-2068   %m month 1-12
//   %d, %e day 1-31         %b, %h, %B month name, English, any case, 3
//   %H hour 0-23            %I hour 1-12, with %p       letters or whole
//   %M minute               %S second 0-60 (60: a leap second, read as 59)
//   %f fraction of a second (1 to 9 digits; milliseconds kept)
//   %p AM or PM (any case)  %z zone: Z, +hh, +hhmm or +hh:mm
//   %Z zone name: UTC, GMT or Z   %a, %A weekday name (read, not checked)
//   %s Unix seconds         %T %H:%M:%S   %F %Y-%m-%d   %% a '%'
// Whitespace in the layout matches any run of whitespace (or none); other
// characters match themselves. Times without a zone are UTC, or in the
// layout's TimeZone (WithZone(): --time-zone). The whole value must match
// (spaces around it aside).
//
// UsualForms() is no layout but ParseTimestamp()'s forms, for a zone given
// alone: what those read without a zone is then in that zone.
#ifndef PARLEY_CORE_TIME_LAYOUT_H_
#define PARLEY_CORE_TIME_LAYOUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/core/time_zone.h"

namespace parley {

class TimeLayout {
 public:
  // InvalidArgument for an unknown directive, a '%' at the end, a layout
  // with no date (no %s, nor a year, month and day), %I without %p or %p
  // without %I, or a field given twice.
  static StatusOr<TimeLayout> Parse(std::string_view layout);

  // ParseTimestamp()'s forms as a layout, to carry a zone (WithZone()).
  static TimeLayout UsualForms();
  // This layout, reading times that name no zone as in `zone`'s (null:
  // UTC): those without %z, %Z or %s, or for UsualForms() those
  // TryParseTimestampZone() finds no zone in.
  TimeLayout WithZone(std::shared_ptr<const TimeZone> zone) const;

  // The UTC milliseconds of `value`; InvalidArgument saying what did not
  // match ("'31/02/2024': no 31st in February").
  StatusOr<int64_t> Read(std::string_view value) const;

  // The layout as written; empty for UsualForms().
  const std::string& layout() const { return layout_; }
  bool usual_forms() const { return usual_; }
  // Null: zone-less times are UTC.
  const std::shared_ptr<const TimeZone>& zone() const { return zone_; }

 private:
  // Read() by the layout's items, as UTC where the value names no zone.
  StatusOr<int64_t> ReadItems(std::string_view value) const;

  struct Item {
    char directive = 0;  // 0: `literal`; ' ': any whitespace
    std::string literal;
  };
  std::vector<Item> items_;
  std::string layout_;
  bool usual_ = false;  // UsualForms()
  bool zoned_ = false;  // the layout has %z, %Z or %s: every value names its zone
  std::shared_ptr<const TimeZone> zone_;
};

// What the times of an export say of their layout, for a file read with no
// --time-format whose times ParseTimestamp() does not read: a spreadsheet's
// "3/14/2024 2:05 PM", "14.03.2024 14:05", "14-Mar-2024", "Mar 14, 2024".
struct TimeLayoutGuess {
  enum class Kind : uint8_t {
    kNone,       // nothing to guess: the times are read as they are, or
                 // have no one layout this knows (each is then a reject)
    kLayout,     // `layout` reads every value given
    kAmbiguous,  // day and month as numbers, never above 12: either order
  };
  Kind kind = Kind::kNone;
  // kLayout: the layout. kAmbiguous: the month-first one ("%m/%d/%Y
  // %H:%M"), and `day_first` the other.
  std::string layout, day_first;
  std::string example;  // a value (kLayout, kAmbiguous)
  // kLayout: `layout`, parsed.
  std::shared_ptr<const TimeLayout> parsed;
};

// Guesses the layout of `values` (the first values of a time column; blank
// ones are passed by) from the shape nine in ten of them at least share
// (the others, a typo or a value the usual forms read, are left to be
// rejects). kNone when no shape is that common (as when ParseTimestamp(),
// the usual forms, reads more than one in ten), or when no layout reads
// every value of the shape. A shape is a date of
// numbers (day, month and year in either order of day and month, or year
// first) or with an English month name, by '/', '.', '-' or spaces, then
// perhaps a time (hh:mm, :ss, .fraction, AM/PM) and a zone (+hhmm, +hh:mm,
// Z, UTC, GMT). Day and month as numbers take their order from a value
// above 12 in one place (the day); with none in either, kAmbiguous.
TimeLayoutGuess GuessTimeLayout(const std::vector<std::string_view>& values);

}  // namespace parley

#endif  // PARLEY_CORE_TIME_LAYOUT_H_
