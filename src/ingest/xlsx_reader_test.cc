#include "src/ingest/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "src/ingest/ingest_testutil.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

// A zip of `parts` (name -> contents), deflated, as Excel writes workbooks:
// written by minizip to a temporary file, whose bytes are returned.
std::string Zip(const std::map<std::string, std::string>& parts) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("parley-xlsx-" + std::to_string(::getpid()) + ".zip"))
                               .string();
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(zf, nullptr);
  for (const auto& [name, contents] : parts) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(zf, contents.data(), static_cast<unsigned>(contents.size())),
              ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  }
  EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

constexpr char kNs[] = R"( xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

// A workbook whose first sheet (in the workbook's order, at a part of its
// own name) holds `rows` (<row> elements), with shared strings `shared`.
std::string Workbook(std::string_view rows, const std::vector<std::string>& shared,
                     bool date1904 = false) {
  std::string sst = std::string("<sst") + kNs + ">";
  for (const std::string& s : shared) sst += "<si>" + s + "</si>";
  sst += "</sst>";
  return Zip({
      {"[Content_Types].xml", "<Types/>"},
      {"xl/workbook.xml",
       std::string("<?xml version=\"1.0\"?><workbook") + kNs +
           R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)" +
           (date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>") +
           R"(<sheets><sheet name="Mentions" sheetId="7" r:id="rId3"/>)"
           R"(<sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>)"
       R"(<Relationship Id="rId3" Type="worksheet" Target="/xl/worksheets/mentions.xml"/>)"
       R"(</Relationships>)"},
      {"xl/sharedStrings.xml", sst},
      // Styles: 0 General, 1 a custom date and time, 2 built-in date (14),
      // 3 built-in time (20), 4 a number with a quoted "d" (no date).
      {"xl/styles.xml", std::string("<styleSheet") + kNs +
                            R"(><numFmts><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd hh:mm"/>)"
                            R"(<numFmt numFmtId="165" formatCode="0.0&quot; d&quot;"/></numFmts>)"
                            R"(<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>)"
                            R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>)"
                            R"(<xf numFmtId="20"/><xf numFmtId="165"/></cellXfs></styleSheet>)"},
      {"xl/worksheets/sheet1.xml", std::string("<worksheet") + kNs +
                                       "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>wrong "
                                       "sheet</t></is></c></row></sheetData></worksheet>"},
      {"xl/worksheets/mentions.xml", std::string("<worksheet") + kNs + "><sheetData>" +
                                         std::string(rows) + "</sheetData></worksheet>"},
  });
}

TEST(XlsxToCsv, ReadsTheFirstSheetsCellsAsCsv) {
  const std::string book = Workbook(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>when</t></is></c><c r="D1" t="s"><v>2</v></c></row>)"
      // A gap (B2 left out), a date and time, a rich text with a phonetic guide.
      R"(<row r="2"><c r="A2"><v>17</v></c><c r="C2" s="1"><v>45413.43194444444</v></c>)"
      R"(<c r="D2" t="s"><v>3</v></c></row>)"
      // Row 3 empty but for formatting; row 4: booleans, an error, a formula's string.
      R"(<row r="3"><c r="A3" s="2"/></row>)"
      R"(<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#N/A</v></c>)"
      R"(<c r="C4" s="2"><v>45414</v></c><c r="D4" t="str"><f>A1&amp;B1</f><v>x_x000D_y</v></c></row>)"
      // A time of day, a number whose format holds a quoted "d", a line break.
      R"(<row r="9"><c r="A9" s="4"><v>2.5</v></c><c r="B9" t="s"><v>4</v></c>)"
      R"(<c r="C9" s="3"><v>0.5423611111</v></c><c r="D9" t="s"><v>5</v></c></row>)",
      {"<t>id</t>", "<t>author</t>", "<t>text</t>",
       R"(<r><t>great </t></r><r><t xml:space="preserve">crew, "really" </t></r>)"
       R"(<rPh sb="0" eb="1"><t>GUIDE</t></rPh>)",
       "<t>ana &amp; bo</t>", "<t>line one\nline two</t>"});
  LineMap lines;
  ASSERT_OK_AND_ASSIGN(std::string csv, XlsxToCsv(book, "", &lines));
  EXPECT_EQ(csv,
            "id,author,when,text\n"
            "17,,2024-05-01T10:22:00,\"great crew, \"\"really\"\" \"\n"
            "TRUE,#N/A,2024-05-02,\"x\ry\"\n"
            "2.5,ana & bo,13:01:00,\"line one\nline two\"\n");
  // Each CSV line's sheet row: the last row is two lines.
  EXPECT_EQ(lines.InputLine(1), 1u);
  EXPECT_EQ(lines.InputLine(2), 2u);
  EXPECT_EQ(lines.InputLine(3), 4u);
  EXPECT_EQ(lines.InputLine(4), 9u);
  EXPECT_EQ(lines.InputLine(5), 9u);
}

// The 1904 date system (Excel for Mac's old default): 0 is 1904-01-01.
TEST(XlsxToCsv, ReadsTheDateSystemTheWorkbookNames) {
  const std::string rows = R"(<row><c t="inlineStr"><is><t>d</t></is></c></row>)"
                           R"(<row><c s="2"><v>43951</v></c></row>)";
  ASSERT_OK_AND_ASSIGN(std::string y1900, XlsxToCsv(Workbook(rows, {}), "", nullptr));
  EXPECT_EQ(y1900, "d\n2020-04-30\n");
  ASSERT_OK_AND_ASSIGN(std::string y1904, XlsxToCsv(Workbook(rows, {}, true), "", nullptr));
  EXPECT_EQ(y1904, "d\n2024-05-01\n");
}

// Rows are padded to the sheet's width from the first row that wide, not
// before it: a report's preamble stays narrower than its header.
TEST(XlsxToCsv, PadsRowsFromTheFirstFullWidthRow) {
  const std::string book = Workbook(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Report</t></is></c></row>)"
      R"(<row r="3"><c r="A3" t="inlineStr"><is><t>a</t></is></c><c r="B3" t="inlineStr"><is><t>b</t></is></c>)"
      R"(<c r="C3" t="inlineStr"><is><t>c</t></is></c></row>)"
      R"(<row r="4"><c r="A4"><v>1</v></c></row>)",
      {});
  ASSERT_OK_AND_ASSIGN(std::string csv, XlsxToCsv(book, "", nullptr));
  EXPECT_EQ(csv, "Report\na,b,c\n1,,\n");
}

// A sheet by its name (or but for case); one the workbook lacks is an
// error listing those it has, and so is an empty first sheet before others.
TEST(XlsxToCsv, ReadsTheSheetNamed) {
  const std::string book = Workbook(R"(<row><c t="inlineStr"><is><t>m</t></is></c></row>)", {});
  ASSERT_OK_AND_ASSIGN(std::string other, XlsxToCsv(book, "Other", nullptr));
  EXPECT_EQ(other, "wrong sheet\n");
  ASSERT_OK_AND_ASSIGN(std::string mentions, XlsxToCsv(book, "MENTIONS", nullptr));
  EXPECT_EQ(mentions, "m\n");
  EXPECT_THAT(XlsxToCsv(book, "Data", nullptr),
              StatusIs(StatusCode::kInvalidArgument,
                       "has no sheet 'Data'; its sheets are 'Mentions', 'Other'"));
  EXPECT_THAT(XlsxToCsv(Workbook("", {}), "", nullptr),
              StatusIs(StatusCode::kInvalidArgument,
                       "has nothing in its sheet 'Mentions'; its sheets are 'Mentions', 'Other': "
                       "name one with --sheet"));
}

TEST(XlsxToCsv, SaysWhatIsWrongWithAZipThatIsNoWorkbook) {
  EXPECT_THAT(
      XlsxToCsv(Zip({{"notes.txt", "hello"}}), "", nullptr),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("is a zip file but not an Excel workbook")));
  EXPECT_THAT(XlsxToCsv(std::string("PK\x03\x04garbage", 11), "", nullptr),
              StatusIs(StatusCode::kDataLoss, HasSubstr("is a damaged zip file")));
  EXPECT_THAT(XlsxToCsv(Zip({{"xl/workbook.xml", "<workbook><sheets>"}}), "", nullptr),
              StatusIs(StatusCode::kDataLoss,
                       HasSubstr("is a damaged workbook: its part 'xl/workbook.xml' is not XML")));
  EXPECT_THAT(XlsxToCsv(Zip({{"xl/workbook.xml", "<workbook/>"}}), "", nullptr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("without a worksheet")));
  // A zip cut short: its directory is gone.
  const std::string book = Workbook("<row><c><v>1</v></c></row>", {});
  EXPECT_THAT(XlsxToCsv(book.substr(0, book.size() / 2), "", nullptr),
              StatusIs(StatusCode::kDataLoss, HasSubstr("damaged")));
}

// A workbook given as an input: read as its sheet's CSV, each record (and
// reject) of its sheet row, its source the file's name.
TEST(OpenRecordReader, ReadsAnExcelWorkbook) {
  const std::string book = Workbook(
      R"(<row r="1"><c t="inlineStr"><is><t>Report: mentions</t></is></c></row>)"
      R"(<row r="3"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>)"
      R"(<row r="4"><c><v>1</v></c><c t="inlineStr"><is><t>ana</t></is></c><c s="1"><v>45413.5</v></c>)"
      R"(<c t="inlineStr"><is><t>two
lines</t></is></c></row>)"
      R"(<row r="5"><c><v>2</v></c><c t="inlineStr"><is><t>bo</t></is></c><c t="inlineStr"><is><t>soon</t></is></c>)"
      R"(<c t="inlineStr"><is><t>late</t></is></c></row>)"
      R"(<row r="6"><c><v>3</v></c><c t="inlineStr"><is><t>cy</t></is></c><c s="2"><v>45414</v></c>)"
      R"(<c t="inlineStr"><is><t>fine</t></is></c></row>)",
      {"<t>id</t>", "<t>author</t>", "<t>created_at</t>", "<t>text</t>"});
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), book, "mentions.xlsx"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "mentions.xlsx"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].source, "mentions");
  EXPECT_EQ(r.posts[0].text, "two\nlines");
  EXPECT_EQ(r.posts[0].created_at_ms, 1714564800000);
  EXPECT_EQ(r.posts[1].id, "3");
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{4, 6}));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 5u);
  EXPECT_EQ(r.records_read, 3u);
  // A zip that is no workbook: the input's name, what it is.
  ASSERT_OK(WriteStringToFile(env.get(), Zip({{"a.csv", "x"}}), "export.csv"));
  EXPECT_THAT(ReadAll(env.get(), "export.csv"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("'export.csv' is a zip file but not an Excel workbook")));
}

}  // namespace
}  // namespace parley
