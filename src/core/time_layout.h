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
// characters match themselves. Times without a zone are UTC. The whole
// value must match (spaces around it aside).
#ifndef PARLEY_CORE_TIME_LAYOUT_H_
#define PARLEY_CORE_TIME_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

class TimeLayout {
 public:
  // InvalidArgument for an unknown directive, a '%' at the end, a layout
  // with no date (no %s, nor a year, month and day), %I without %p or %p
  // without %I, or a field given twice.
  static StatusOr<TimeLayout> Parse(std::string_view layout);

  // The UTC milliseconds of `value`; InvalidArgument saying what did not
  // match ("'31/02/2024': no 31st in February").
  StatusOr<int64_t> Read(std::string_view value) const;

  const std::string& layout() const { return layout_; }

 private:
  struct Item {
    char directive = 0;  // 0: `literal`; ' ': any whitespace
    std::string literal;
  };
  std::vector<Item> items_;
  std::string layout_;
};

}  // namespace parley

#endif  // PARLEY_CORE_TIME_LAYOUT_H_
