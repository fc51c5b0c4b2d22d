// Excel workbooks (.xlsx: Office Open XML, a zip of XML parts) read as the
// CSV of a worksheet (the first, or one named), as listening tools and spreadsheets export
// them: unzipped with minizip, the XML read with expat as it inflates.
//
// A cell is its shared or inline string, its formula's cached value, TRUE
// or FALSE, an error's text ("#N/A"), or its number; a number whose style
// is a date or time format is the time it stands for, zone-less ISO-8601
// ("2024-05-01T10:22:00", "2024-05-01" for a date alone, "10:22:00" for a
// time of day), by the workbook's date system (1900, or 1904). Cells left
// out are empty; OOXML's escapes ("_x000D_") are the characters they stand
// for. A row of empty cells is no row. So that a report's preamble above
// the header stays narrower than it (the CSV reader skips it), rows are
// padded to the sheet's width from the first row that is that wide on.
//
// Thread safety: a pure function.
#ifndef PARLEY_INGEST_XLSX_READER_H_
#define PARLEY_INGEST_XLSX_READER_H_

#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/ingest/line_map.h"

namespace parley {

// Whether `head` (an input's first bytes) starts a zip archive.
bool IsZip(std::string_view head);

// The CSV of the sheet named `sheet` (by its name, else by it but for
// case; empty: the first sheet) of the workbook whose bytes are `zip`, and
// in `lines` (when not null) the sheet row each CSV line holds (a row may
// be several lines: a cell's line breaks). InvalidArgument for a zip that
// is no workbook, a sheet it does not have, or the first sheet empty when
// there are others (a cover or a summary before the data), listing the
// sheets; DataLoss for a damaged workbook. Messages are to follow the
// input's name ("is a zip file but not an Excel workbook ...").
StatusOr<std::string> XlsxToCsv(std::string_view zip, std::string_view sheet, LineMap* lines);

}  // namespace parley

#endif  // PARLEY_INGEST_XLSX_READER_H_
