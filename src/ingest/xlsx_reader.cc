#include "src/ingest/xlsx_reader.h"

#include <expat.h>
#include <minizip/unzip.h>
#include <unicode/utf.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "src/core/ascii.h"
#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"
#include "src/ingest/field_map.h"

namespace parley {
namespace {

constexpr size_t kChunk = 64 * 1024;

// minizip reading bytes in memory.
struct MemoryZip {
  const char* data;
  uint64_t size;
  uint64_t pos;
};

voidpf ZipOpen(voidpf opaque, const void* /*name*/, int /*mode*/) { return opaque; }
uLong ZipRead(voidpf /*opaque*/, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<MemoryZip*>(stream);
  const uint64_t n = std::min<uint64_t>(size, m->size - m->pos);
  std::memcpy(buf, m->data + m->pos, n);
  m->pos += n;
  return static_cast<uLong>(n);
}
uLong ZipWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZipTell(voidpf /*opaque*/, voidpf stream) { return static_cast<MemoryZip*>(stream)->pos; }
long ZipSeek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto* m = static_cast<MemoryZip*>(stream);
  const uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                        : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                           : m->size;
  if (offset > m->size - base) return -1;
  m->pos = base + offset;
  return 0;
}
int ZipClose(voidpf, voidpf) { return 0; }
int ZipError(voidpf, voidpf) { return 0; }

class Zip {
 public:
  explicit Zip(std::string_view bytes) : memory_{bytes.data(), bytes.size(), 0} {
    // (In the struct's order: open, read, write, tell, seek, close, error.)
    zlib_filefunc64_def io{ZipOpen, ZipRead,  ZipWrite, ZipTell,
                           ZipSeek, ZipClose, ZipError, &memory_};
    file_ = unzOpen2_64("", &io);
  }
  ~Zip() {
    if (file_ != nullptr) unzClose(file_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  bool ok() const { return file_ != nullptr; }
  bool Has(const std::string& name) { return unzLocateFile(file_, name.c_str(), 2) == UNZ_OK; }

  // Passes the inflated bytes of the entry `name` to `sink`, a chunk at a time.
  Status Read(const std::string& name, const std::function<Status(std::string_view)>& sink) {
    if (!Has(name)) return InvalidArgumentError("is a workbook without its part '" + name + "'");
    if (unzOpenCurrentFile(file_) != UNZ_OK) return Damaged(name);
    std::string chunk(kChunk, '\0');
    Status status;
    while (status.ok()) {
      const int got = unzReadCurrentFile(file_, chunk.data(), static_cast<unsigned>(chunk.size()));
      if (got < 0) {
        status = Damaged(name);
        break;
      }
      if (got == 0) break;
      status = sink(std::string_view(chunk.data(), static_cast<size_t>(got)));
    }
    // (A bad checksum shows when the entry is closed.)
    if (unzCloseCurrentFile(file_) != UNZ_OK && status.ok()) status = Damaged(name);
    return status;
  }

 private:
  static Status Damaged(const std::string& name) {
    return DataLossError("is a damaged workbook: its part '" + name + "' does not inflate");
  }
  MemoryZip memory_;
  unzFile file_ = nullptr;
};

// An element or attribute name without its namespace prefix.
std::string_view Local(const char* name) {
  std::string_view s(name);
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

// The value of the attribute `name` (by its local name), or null.
const char* Attr(const char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (Local(attrs[i]) == name) return attrs[i + 1];
  }
  return nullptr;
}

// What a part's XML says, element by element.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view /*name*/, const char** /*attrs*/) {}
  virtual void End(std::string_view /*name*/) {}
  virtual void Text(std::string_view /*text*/) {}
};

Status ParseXml(Zip& zip, const std::string& part, XmlHandler* handler) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) return InternalError("expat could not make a parser");
  XML_SetUserData(parser, handler);
  XML_SetElementHandler(
      parser,
      [](void* h, const XML_Char* name, const XML_Char** attrs) {
        static_cast<XmlHandler*>(h)->Start(Local(name), attrs);
      },
      [](void* h, const XML_Char* name) { static_cast<XmlHandler*>(h)->End(Local(name)); });
  XML_SetCharacterDataHandler(parser, [](void* h, const XML_Char* text, int size) {
    static_cast<XmlHandler*>(h)->Text(std::string_view(text, static_cast<size_t>(size)));
  });
  auto failed = [&] {
    return DataLossError("is a damaged workbook: its part '" + part + "' is not XML (" +
                         XML_ErrorString(XML_GetErrorCode(parser)) + " on line " +
                         std::to_string(XML_GetCurrentLineNumber(parser)) + ")");
  };
  Status status = zip.Read(part, [&](std::string_view chunk) -> Status {
    if (XML_Parse(parser, chunk.data(), static_cast<int>(chunk.size()), 0) == XML_STATUS_ERROR) {
      return failed();
    }
    return Status::OK();
  });
  if (status.ok() && XML_Parse(parser, nullptr, 0, 1) == XML_STATUS_ERROR) status = failed();
  XML_ParserFree(parser);
  return status;
}

// OOXML writes characters XML cannot hold as "_xHHHH_" (a CR as "_x000D_"),
// and an underscore that would start one as "_x005F_".
std::string Unescape(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "_x") == 0 && i + 7 <= text.size() && text[i + 6] == '_' &&
        hex(text[i + 2]) && hex(text[i + 3]) && hex(text[i + 4]) && hex(text[i + 5])) {
      UChar32 cp = 0;
      std::from_chars(text.data() + i + 2, text.data() + i + 6, cp, 16);
      if (U_IS_SURROGATE(cp)) cp = 0xFFFD;  // half a pair
      char utf8[U8_MAX_LENGTH];
      int32_t length = 0;
      U8_APPEND_UNSAFE(utf8, length, cp);
      out.append(utf8, static_cast<size_t>(length));
      i += 6;
    } else {
      out += text[i];
    }
  }
  return out;
}

// xl/workbook.xml: its sheets' names and relationship ids, the date system.
struct WorkbookHandler : XmlHandler {
  struct Sheet {
    std::string name, id;  // id: the relationship's
  };
  std::vector<Sheet> sheets;  // in the workbook's order
  bool date1904 = false;
  void Start(std::string_view name, const char** attrs) override {
    if (name == "sheet") {
      const char* sheet = Attr(attrs, "name");
      const char* id = Attr(attrs, "id");
      sheets.push_back(Sheet{sheet != nullptr ? sheet : "", id != nullptr ? id : ""});
    } else if (name == "workbookPr") {
      const char* d = Attr(attrs, "date1904");
      date1904 = d != nullptr && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    }
  }
};

// xl/_rels/workbook.xml.rels: the part a relationship id names.
struct RelsHandler : XmlHandler {
  std::string id, target;
  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* rid = Attr(attrs, "Id");
    const char* to = Attr(attrs, "Target");
    if (rid != nullptr && to != nullptr && rid == id) target = to;
  }
};

// What a number format shows.
enum class TimeKind : uint8_t { kNone, kDate, kTime, kDateTime };

// By a format's code ("yyyy-mm-dd hh:mm", "[$-409]m/d/yy h:mm AM/PM"): its
// first section's date and time letters, outside quotes, brackets (but an
// elapsed time's [h]) and escapes.
TimeKind KindOfCode(std::string_view code) {
  bool date = false, time = false, month_or_minute = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(code[i] | 0x20);
    if (code[i] == ';') break;
    if (code[i] == '"') {
      const size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (code[i] == '\\' || code[i] == '_' || code[i] == '*') {
      ++i;
    } else if (code[i] == '[') {
      const size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      const char inner = i + 1 < end ? static_cast<char>(code[i + 1] | 0x20) : ' ';
      time = time || inner == 'h' || inner == 's' || (inner == 'm' && end == i + 2);
      i = end;
    } else if (c == 'y' || c == 'd') {
      date = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    } else if (c == 'm') {
      month_or_minute = true;
    }
  }
  if (month_or_minute && !time) date = true;
  if (date && time) return TimeKind::kDateTime;
  if (date) return TimeKind::kDate;
  return time ? TimeKind::kTime : TimeKind::kNone;
}

// The built-in formats (ECMA-376 18.8.30, and the East Asian dates).
TimeKind KindOfBuiltIn(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
      (id >= 50 && id <= 58)) {
    return TimeKind::kDate;
  }
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47)) {
    return TimeKind::kTime;
  }
  return id == 22 ? TimeKind::kDateTime : TimeKind::kNone;
}

// xl/styles.xml: what each cell style's number format shows.
struct StylesHandler : XmlHandler {
  std::vector<std::pair<int, std::string>> custom;  // numFmtId, formatCode
  std::vector<int> cell_formats;                    // per cellXfs xf: numFmtId
  bool in_cell_xfs = false;
  void Start(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id != nullptr && code != nullptr) custom.emplace_back(std::atoi(id), code);
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = Attr(attrs, "numFmtId");
      cell_formats.push_back(id != nullptr ? std::atoi(id) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::vector<TimeKind> Kinds() const {
    std::vector<TimeKind> kinds;
    for (int id : cell_formats) {
      TimeKind kind = KindOfBuiltIn(id);
      for (const auto& [custom_id, code] : custom) {
        if (custom_id == id) kind = KindOfCode(code);
      }
      kinds.push_back(kind);
    }
    return kinds;
  }
};

// The text of a string item (a shared string's <si>, an inline string's
// <is>): its <t>s' (one, or a rich text's runs), not its phonetic guides'
// (<rPh>).
struct StringItem {
  std::string text;
  bool in_t = false;
  int in_phonetic = 0;
  void Start(std::string_view name) {
    if (name == "t") {
      in_t = true;
    } else if (name == "rPh") {
      ++in_phonetic;
    }
  }
  void End(std::string_view name) {
    if (name == "t") {
      in_t = false;
    } else if (name == "rPh") {
      --in_phonetic;
    }
  }
  void Text(std::string_view s) {
    if (in_t && in_phonetic == 0) text += s;
  }
};

// xl/sharedStrings.xml: the strings cells name by index.
struct SharedStringsHandler : XmlHandler {
  std::vector<std::string> strings;
  StringItem item;
  void Start(std::string_view name, const char**) override {
    if (name == "si") {
      item = StringItem();
    } else {
      item.Start(name);
    }
  }
  void End(std::string_view name) override {
    if (name == "si") {
      strings.push_back(Unescape(std::move(item.text)));
    } else {
      item.End(name);
    }
  }
  void Text(std::string_view text) override { item.Text(text); }
};

// A cell reference's column, from 0 ("C7" -> 2); -1 without letters.
int ColumnOf(const char* ref) {
  int column = 0;
  bool any = false;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) {
    column = column * 26 + (*ref - 'A' + 1);
    any = true;
    if (column > (1 << 20)) return -1;
  }
  return any ? column - 1 : -1;
}

// The time a date-formatted number stands for, in `kind`'s form.
std::string FormatSerial(std::string_view value, bool date1904, TimeKind kind) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), serial);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(serial) ||
      serial < 0 || serial > 2958465.0) {  // (9999-12-31)
    return std::string(value);
  }
  // Days from 1970-01-01: the 1900 system counts 1900-01-01 as 1 and has a
  // 29 February 1900 (60), so from 61 on it is days since 1899-12-30.
  const double days = date1904 ? serial - 24107.0 : serial - (serial < 61 ? 25568.0 : 25569.0);
  const int64_t seconds = std::llround(days * 86400.0);
  const std::string iso = FormatTimestamp(seconds * 1000);  // 2024-05-01T10:22:00Z
  switch (kind) {
    case TimeKind::kDate:
      return iso.substr(0, 10);
    case TimeKind::kTime:
      return iso.substr(11, 8);
    default:
      return iso.substr(0, 19);
  }
}

// A worksheet's rows, cell by cell.
struct SheetHandler : XmlHandler {
  const std::vector<std::string>* shared = nullptr;
  const std::vector<TimeKind>* kinds = nullptr;
  bool date1904 = false;

  struct Row {
    uint64_t number;
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;

  uint64_t row_number = 0;
  std::vector<std::string> cells;
  int column = -1;
  std::string type;
  int style = 0;
  std::string value;
  bool in_v = false, in_is = false;
  StringItem item;  // an inline string's

  void Start(std::string_view name, const char** attrs) override {
    if (name == "row") {
      const char* r = Attr(attrs, "r");
      row_number = r != nullptr ? std::strtoull(r, nullptr, 10) : row_number + 1;
      cells.clear();
      column = -1;
    } else if (name == "c") {
      const char* r = Attr(attrs, "r");
      const int at = r != nullptr ? ColumnOf(r) : -1;
      column = at >= 0 ? at : column + 1;
      const char* t = Attr(attrs, "t");
      type = t != nullptr ? t : "n";
      const char* s = Attr(attrs, "s");
      style = s != nullptr ? std::atoi(s) : 0;
      value.clear();
    } else if (name == "v") {
      in_v = true;
    } else if (name == "is") {
      in_is = true;
      item = StringItem();
    } else if (in_is) {
      item.Start(name);
    }
  }
  void End(std::string_view name) override {
    if (name == "v") {
      in_v = false;
    } else if (name == "is") {
      in_is = false;
      value = std::move(item.text);
    } else if (in_is) {
      item.End(name);
    } else if (name == "c") {
      if (column < 0 || column > (1 << 14)) return;  // past Excel's 16,384 columns
      if (cells.size() <= static_cast<size_t>(column))
        cells.resize(static_cast<size_t>(column) + 1);
      cells[static_cast<size_t>(column)] = CellText();
    } else if (name == "row") {
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
      if (!cells.empty()) rows.push_back(Row{row_number, std::move(cells)});
      cells.clear();
    }
  }
  void Text(std::string_view text) override {
    if (in_v) value += text;
    if (in_is) item.Text(text);
  }

  std::string CellText() {
    if (type == "s") {
      size_t index = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      return ec == std::errc() && index < shared->size() ? (*shared)[index] : std::string();
    }
    if (type == "inlineStr" || type == "str") return Unescape(std::move(value));
    if (type == "b") return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value;
    if (type == "e" || type == "d") return value;
    const TimeKind kind = style >= 0 && static_cast<size_t>(style) < kinds->size()
                              ? (*kinds)[static_cast<size_t>(style)]
                              : TimeKind::kNone;
    return kind == TimeKind::kNone || value.empty() ? value : FormatSerial(value, date1904, kind);
  }
};

}  // namespace

bool IsZip(std::string_view head) { return head.starts_with("PK\x03\x04"); }

StatusOr<std::string> XlsxToCsv(std::string_view bytes, std::string_view sheet_name,
                                LineMap* lines) {
  Zip zip(bytes);
  if (!zip.ok()) return DataLossError("is a damaged zip file (its directory cannot be read)");
  if (!zip.Has("xl/workbook.xml")) {
    return InvalidArgumentError(
        "is a zip file but not an Excel workbook (no xl/workbook.xml): unzip it and read what it "
        "holds");
  }
  WorkbookHandler workbook;
  PARLEY_RETURN_IF_ERROR(ParseXml(zip, "xl/workbook.xml", &workbook));
  std::string names;  // for messages: 'Summary', 'Mentions'
  for (const WorkbookHandler::Sheet& s : workbook.sheets) {
    names += (names.empty() ? "'" : ", '") + s.name + "'";
  }
  // The sheet asked for, by its name (else one named so but for case), or
  // the first.
  const WorkbookHandler::Sheet* chosen = workbook.sheets.empty() ? nullptr : &workbook.sheets[0];
  if (!sheet_name.empty()) {
    auto named = [&](bool any_case) -> const WorkbookHandler::Sheet* {
      for (const WorkbookHandler::Sheet& s : workbook.sheets) {
        if (s.name == sheet_name || (any_case && AsciiLower(s.name) == AsciiLower(sheet_name))) {
          return &s;
        }
      }
      return nullptr;
    };
    chosen = named(false);
    if (chosen == nullptr) chosen = named(true);
    if (chosen == nullptr) {
      return InvalidArgumentError("has no sheet '" + std::string(sheet_name) +
                                  "'; its sheets are " + (names.empty() ? "none" : names));
    }
  }
  std::string sheet = "xl/worksheets/sheet1.xml";
  if (chosen != nullptr && !chosen->id.empty() && zip.Has("xl/_rels/workbook.xml.rels")) {
    RelsHandler rels;
    rels.id = chosen->id;
    PARLEY_RETURN_IF_ERROR(ParseXml(zip, "xl/_rels/workbook.xml.rels", &rels));
    if (!rels.target.empty()) {
      sheet = rels.target.starts_with('/') ? rels.target.substr(1) : "xl/" + rels.target;
    }
  }
  if (!zip.Has(sheet)) {
    return InvalidArgumentError("is an Excel workbook without a worksheet ('" + sheet +
                                "' missing)");
  }
  SharedStringsHandler shared;
  if (zip.Has("xl/sharedStrings.xml")) {
    PARLEY_RETURN_IF_ERROR(ParseXml(zip, "xl/sharedStrings.xml", &shared));
  }
  StylesHandler styles;
  if (zip.Has("xl/styles.xml")) PARLEY_RETURN_IF_ERROR(ParseXml(zip, "xl/styles.xml", &styles));
  const std::vector<TimeKind> kinds = styles.Kinds();
  SheetHandler rows;
  rows.shared = &shared.strings;
  rows.kinds = &kinds;
  rows.date1904 = workbook.date1904;
  PARLEY_RETURN_IF_ERROR(ParseXml(zip, sheet, &rows));
  // A workbook whose first sheet is a cover or a summary, empty of cells.
  if (rows.rows.empty() && workbook.sheets.size() > 1) {
    return InvalidArgumentError("has nothing in its sheet '" + (chosen ? chosen->name : sheet) +
                                "'; its sheets are " + names + ": name one with --sheet");
  }

  size_t width = 0;
  for (const SheetHandler::Row& row : rows.rows) width = std::max(width, row.cells.size());
  std::string csv;
  uint64_t line = 1;
  bool padding = false;
  for (const SheetHandler::Row& row : rows.rows) {
    padding = padding || row.cells.size() == width;
    const size_t fields = padding ? width : row.cells.size();
    const size_t start = csv.size();
    for (size_t k = 0; k < fields; ++k) {
      if (k > 0) csv += ',';
      if (k < row.cells.size()) AppendCsvField(row.cells[k], &csv);
    }
    const auto breaks = static_cast<uint64_t>(
        std::count(csv.begin() + static_cast<std::ptrdiff_t>(start), csv.end(), '\n'));
    csv += '\n';
    if (lines != nullptr) lines->Add(line, breaks + 1, row.number);
    line += breaks + 1;
  }
  return csv;
}

}  // namespace parley
