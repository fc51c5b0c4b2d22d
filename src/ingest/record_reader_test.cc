#include "src/ingest/record_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "src/core/time_zone.h"
#include "src/ingest/csv_reader.h"
#include "src/ingest/ingest_testutil.h"
#include "src/ingest/post_builder.h"
#include "src/ingest/record_splitter.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::OptionsFor;
using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::ReadString;
using ::parley::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kFixtures[] = "tests/data/ingest";
constexpr char kAirlineSample[] = "../shared/data/airline-sample.csv";

constexpr char kJsonRecord[] = R"({"id":"1","author":"a","created_at":"2015-02-24","text":"x"})";

TEST(IsBlankRecord, OnlySpacesTabsAndCarriageReturnsAreBlank) {
  EXPECT_TRUE(IsBlankRecord(""));
  EXPECT_TRUE(IsBlankRecord(" \t\r "));
  EXPECT_FALSE(IsBlankRecord(" {}"));
  EXPECT_FALSE(IsBlankRecord("x"));
  EXPECT_FALSE(IsBlankRecord("\t\f"));  // a form feed is content: a reject, not skipped
}

TEST(ParseInputFormat, AcceptsKnownNames) {
  ASSERT_OK_AND_ASSIGN(InputFormat f, ParseInputFormat("jsonl"));
  EXPECT_EQ(f, InputFormat::kNdjson);
  ASSERT_OK_AND_ASSIGN(f, ParseInputFormat("csv"));
  EXPECT_EQ(f, InputFormat::kCsv);
  ASSERT_OK_AND_ASSIGN(f, ParseInputFormat("tsv"));
  EXPECT_EQ(f, InputFormat::kTsv);
  ASSERT_OK_AND_ASSIGN(f, ParseInputFormat("auto"));
  EXPECT_EQ(f, InputFormat::kAuto);
}

TEST(ParseInputFormat, UnknownNameListsFormats) {
  EXPECT_THAT(ParseInputFormat("xml"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("auto, csv, tsv, ndjson")));
}

TEST(OpenRecordReader, MissingFileIsNotFoundNamingIt) {
  auto env = NewMemEnv();
  EXPECT_THAT(OpenRecordReader(env.get(), "nope.csv", ReaderOptions()),
              StatusIs(StatusCode::kNotFound, "cannot open 'nope.csv': No such file or directory"));
}

// Inputs that are not CSV or NDJSON text are refused before a preset is
// chosen, with one line naming the file and what to do, never their bytes.
void ExpectRefused(const std::string& path, std::string_view data, std::string_view says,
                   InputFormat format = InputFormat::kAuto) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), data, path));
  ReaderOptions options;
  options.format = format;
  StatusOr<std::unique_ptr<RecordReader>> reader = OpenRecordReader(env.get(), path, options);
  ASSERT_THAT(reader, StatusIs(StatusCode::kInvalidArgument, HasSubstr(says)));
  EXPECT_THAT(reader.status().message(), HasSubstr("'" + path + "'"));
  EXPECT_LT(reader.status().message().size(), 160u);
}

TEST(OpenRecordReader, RefusesADamagedZipFile) {
  std::string zip("PK\x03\x04\x14\0\0\0\x08\0", 10);
  zip += std::string(3000, '\x01');
  // (A workbook is read: xlsx_reader_test.cc. This one is no zip at all.)
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), zip, "export.xlsx"));
  EXPECT_THAT(OpenRecordReader(env.get(), "export.xlsx", ReaderOptions()),
              StatusIs(StatusCode::kDataLoss,
                       "'export.xlsx' is a damaged zip file (its directory cannot be read)"));
  ExpectRefused("export.ndjson", zip, "is a zip file such as an Excel workbook, not JSON",
                InputFormat::kNdjson);
}

TEST(OpenRecordReader, RefusesALegacyExcelWorkbook) {
  ExpectRefused("export.xls",
                std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'),
                "is a legacy Office file such as an Excel 97-2003 workbook (.xls): save it as "
                ".xlsx or CSV");
}

TEST(OpenRecordReader, RefusesUtf32) {
  const std::string header = "id,author,created_at,text\r\n";
  std::string le, be;
  for (char c : header) {
    le += {c, '\0', '\0', '\0'};
    be += {'\0', '\0', '\0', c};
  }
  ExpectRefused("u.ndjson", std::string("\xFF\xFE\0\0{\0\0\0", 8), "UTF-32 text");
  ExpectRefused("u.csv", le, "is UTF-32 text (three NUL bytes of every four): save it as UTF-8");
  ExpectRefused("u.csv", be, "is UTF-32 text (three NUL bytes of every four)");
}

TEST(OpenRecordReader, RefusesOldMacLineEnds) {
  ExpectRefused("cr.csv", "id,author,created_at,text\r1,a,2024-01-02T03:04:05Z,hi\r",
                "ends its lines with CR alone");
}

TEST(OpenRecordReader, CrlfAndAnEmptyInputAreStillText) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(env.get(), "w.csv", "id,author,created_at,text\r\n1,a,2015-02-24,hi\r\n"));
  EXPECT_EQ(r.posts.size(), 1u);
  ASSERT_OK_AND_ASSIGN(r, ReadString(env.get(), "e.csv", ""));
  EXPECT_EQ(r.posts.size(), 0u);
}

TEST(OpenRecordReader, SniffsNdjsonWhenTheNameSaysNothing) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadString(env.get(), "dump.txt", std::string(" \n\n") + kJsonRecord));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].source, "dump");
}

TEST(OpenRecordReader, SniffsCsvWhenTheNameSaysNothing) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r, ReadString(env.get(), "dump", "id,author,created_at,text\n1,a,2015-02-24,x\n"));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(SniffCsvDelimiter, TakesTheHeadersMostCommonSeparator) {
  EXPECT_EQ(SniffCsvDelimiter("id,author,created_at,text\n1;2;3;4\n"), ',');
  EXPECT_EQ(SniffCsvDelimiter("\xEF\xBB\xBFid;author;date;message\r\n1;a;b,c;d\n"), ';');
  EXPECT_EQ(SniffCsvDelimiter("id\tauthor\ttext\n"), '\t');
  EXPECT_EQ(SniffCsvDelimiter("\n\nid|author|text"), '|');  // blank lines first, no LF after
  // Separators inside quotes are not counted; "" is a quote inside them.
  EXPECT_EQ(SniffCsvDelimiter("\"a;b;c\",\"say \"\"x;y\"\"\"\n"), ',');
  // A quoted header field may hold a line break.
  EXPECT_EQ(SniffCsvDelimiter("\"first\nname\";last;age\n"), ';');
  // One column, or nothing: a comma. On a tie, the comma, then the tab.
  EXPECT_EQ(SniffCsvDelimiter("text\nhello; there|x\n"), ',');
  EXPECT_EQ(SniffCsvDelimiter(""), ',');
  EXPECT_EQ(SniffCsvDelimiter("a,b;c\n"), ',');
  EXPECT_EQ(SniffCsvDelimiter("a\tb;c\n"), '\t');
}

TEST(ParseDelimiter, NamesAndCharacters) {
  EXPECT_EQ(*ParseDelimiter("auto"), '\0');
  EXPECT_EQ(*ParseDelimiter("semicolon"), ';');
  EXPECT_EQ(*ParseDelimiter(";"), ';');
  EXPECT_EQ(*ParseDelimiter("tab"), '\t');
  EXPECT_EQ(*ParseDelimiter("\\t"), '\t');
  EXPECT_EQ(*ParseDelimiter("pipe"), '|');
  EXPECT_EQ(*ParseDelimiter(","), ',');
  EXPECT_THAT(ParseDelimiter("colon").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("auto, comma (,), semicolon")));
}

TEST(OpenRecordReader, ReadsTheDelimiterItsHeaderShows) {
  auto env = NewMemEnv();
  // A spreadsheet's export where the decimal mark is a comma: semicolons,
  // and commas in the text.
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "fr.csv",
                                                "\xEF\xBB\xBFid;author;created_at;text\r\n"
                                                "1;ann;2024-03-05 14:02;\"en retard; encore\"\r\n"
                                                "2;bob;2024-03-06;Super, merci\r\n"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].text, "en retard; encore");
  EXPECT_EQ(r.posts[1].text, "Super, merci");
  ASSERT_OK_AND_ASSIGN(
      r, ReadString(env.get(), "p.txt", "id|author|created_at|text\n1|a|2015-02-24|x, y\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "x, y");
  // A delimiter asked for is used as it is: read with commas, the header
  // is one column that no preset fits.
  ReaderOptions commas;
  commas.delimiter = ',';
  EXPECT_FALSE(
      ReadString(env.get(), "fr2.csv", "id;author;created_at;text\n1;a;2015-02-24;x\n", commas)
          .ok());
}

// A time layout reads created_at in CSV and NDJSON alike; a value that does
// not fit it is a reject saying why, even one ParseTimestamp() would read.
TEST(OpenRecordReader, ReadsTimesByTheLayoutGiven) {
  auto env = NewMemEnv();
  ReaderOptions options;
  options.time_layout = std::make_shared<const TimeLayout>(*TimeLayout::Parse("%d/%m/%Y %H:%M"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "eu.csv",
                                                "id;author;created_at;text;likes\n"
                                                "1;a;05/03/2024 14:02;x;3\n"
                                                "2;b;2024-03-05T14:02:00Z;y;4\n"
                                                "3;c;;z;5\n",
                                                options));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-05T14:02:00Z"));
  EXPECT_EQ(r.posts[0].metrics.likes, std::optional<int64_t>(3));
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("bad created_at in column 'created_at': time "
                                             "'2024-03-05T14:02:00Z' does not fit layout"));
  EXPECT_THAT(r.rejects[1].reason, HasSubstr("created_at"));
  // A plain map (id, author, created_at, text alone) too.
  ASSERT_OK_AND_ASSIGN(r, ReadString(env.get(), "plain.csv",
                                     "id,author,created_at,text\n1,a,5/3/2024 9:00,x\n", options));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-05T09:00:00Z"));
  ASSERT_OK_AND_ASSIGN(
      r, ReadString(env.get(), "eu.ndjson",
                    "{\"id\":\"1\",\"author\":\"a\",\"created_at\":\"05/03/2024 14:02\","
                    "\"text\":\"x\"}\n",
                    options));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-05T14:02:00Z"));
}

// NDJSON and JSON arrays guess a layout as CSV does, from the key the map
// reads the time from (the alternative it would choose), and say so; a day
// and a month either way round stop the read; API bodies never guess.
TEST(OpenRecordReader, GuessesTheLayoutOfJsonTimes) {
  auto env = NewMemEnv();
  const std::string lines =
      "{\"id\":\"1\",\"author\":\"a\",\"created_at\":\"14.03.2024 14:05\",\"text\":\"x\"}\n"
      "{\"id\":\"2\",\"author\":\"b\",\"created_at\":\"02.03.2024 09:00\",\"text\":\"y\"}\n"
      "{\"id\":\"3\",\"author\":\"c\",\"text\":\"z\"}\n";
  ASSERT_OK(WriteStringToFile(env.get(), lines, "eu.ndjson"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordReader> reader,
                       OpenRecordReader(env.get(), "eu.ndjson", ReaderOptions()));
  EXPECT_EQ(reader->guessed_time_format(), "%d.%m.%Y %H:%M");
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "eu.ndjson"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));
  EXPECT_EQ(r.posts[1].created_at_ms, *ParseTimestamp("2024-03-02T09:00:00Z"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("missing field created_at"));

  // A JSON array, and the time under a nested key.
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "[{\"id\":\"1\",\"author\":\"a\",\"meta\":{\"at\":\"3/14/2024 2:05 PM\"},\"text\":\"x\"}]\n",
      "us.json"));
  ReaderOptions nested = OptionsFor("generic", {"created_at=meta.at"});
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "us.json", nested));
  EXPECT_EQ(reader->guessed_time_format(), "%m/%d/%Y %I:%M %p");
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "us.json", nested));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));

  // Epoch numbers and ISO times are read as they are: nothing guessed.
  ASSERT_OK(WriteStringToFile(
      env.get(), "{\"id\":\"1\",\"author\":\"a\",\"created_at\":1710425100,\"text\":\"x\"}\n",
      "epoch.ndjson"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "epoch.ndjson", ReaderOptions()));
  EXPECT_EQ(reader->guessed_time_format(), "");

  ASSERT_OK(WriteStringToFile(
      env.get(), "{\"id\":\"1\",\"author\":\"a\",\"created_at\":\"05/03/2024\",\"text\":\"x\"}\n",
      "either.ndjson"));
  EXPECT_THAT(OpenRecordReader(env.get(), "either.ndjson", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("the times in key 'created_at' write the day and the month "
                                       "as numbers, none above 12 ('05/03/2024')"),
                             HasSubstr("--time-format '%d/%m/%Y' (day first)"))));

  ReaderOptions api;
  api.guess_time_layout = false;
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "eu.ndjson", api));
  EXPECT_EQ(reader->guessed_time_format(), "");
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "eu.ndjson", api));
  EXPECT_EQ(r.posts.size(), 0u);
  EXPECT_EQ(r.rejects.size(), 3u);
}

// A spreadsheet's date and time of day in columns of their own: read as
// one when the map reads the date's and the time's column beside it holds
// times, said among the columns guessed; a --map joins them in any input.
TEST(OpenRecordReader, ReadsADateAndATimeOfDayApartAsOneTime) {
  auto env = NewMemEnv();
  // Nine in ten times fit one layout; the tenth, with no time of day, is a
  // reject saying which columns it was read from.
  std::string csv = "id,author,Date,Time,text\n";
  for (int i = 1; i <= 9; ++i)
    csv += std::to_string(i) + ",a,14/03/2024,14:0" + std::to_string(i) + ",x\n";
  csv += "10,b,02/03/2024,,y\n";
  ASSERT_OK(WriteStringToFile(env.get(), csv, "apart.csv"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordReader> reader,
                       OpenRecordReader(env.get(), "apart.csv", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=Date+Time");
  EXPECT_EQ(reader->guessed_time_format(), "%d/%m/%Y %H:%M");
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "apart.csv"));
  ASSERT_EQ(r.posts.size(), 9u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:01:00Z"));
  EXPECT_TRUE(r.posts[0].extra.empty());  // the Time column is read, not extra
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("bad created_at in column 'Date+Time'"));

  // The times of the posts read from `csv` (written to `name`).
  auto times = [&](const std::string& name, const std::string& csv) {
    std::vector<int64_t> out;
    EXPECT_OK(WriteStringToFile(env.get(), csv, name));
    StatusOr<ReadResult> read = ReadAll(env.get(), name);
    EXPECT_OK(read.status());
    if (read.ok()) {
      for (const Post& p : read->posts) out.push_back(p.created_at_ms);
    }
    return out;
  };
  // ISO dates need no layout; a blank time leaves the date alone.
  EXPECT_THAT(times("iso.csv",
                    "id,author,Post Date,Post Time,text\n"
                    "1,a,2024-03-14,14:05:09,x\n"
                    "2,b,2024-03-15,,y\n"),
              ElementsAre(*ParseTimestamp("2024-03-14T14:05:09Z"),
                          *ParseTimestamp("2024-03-15T00:00:00Z")));

  // The map may have taken the time's column: the date's beside it joins.
  EXPECT_THAT(
      times("created.csv", "id,user,Created Date,Created Time,message\n1,a,2024-03-14,14:05,x\n"),
      ElementsAre(*ParseTimestamp("2024-03-14T14:05:00Z")));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "created.csv", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "author=user, created_at=Created Date+Created Time");

  // Not joined: a date column that holds times already, a "Time" that holds
  // whole times or no times, and a created_at a --map gave.
  EXPECT_THAT(times("graph.csv",
                    "id,author,created_date,created_time,text\n"
                    "1,a,2024-03-14,2024-03-14T14:05:00Z,x\n"),
              ElementsAre(*ParseTimestamp("2024-03-14T14:05:00Z")));
  ASSERT_OK(WriteStringToFile(env.get(), "id,author,Date,Time,text\n1,a,2024-03-14 10:00,14:05,x\n",
                              "whole.csv"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "whole.csv", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=Date");
  ASSERT_OK(WriteStringToFile(env.get(), "id,author,Date,Time,text\n1,a,2024-03-14,morning,x\n",
                              "words.csv"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "words.csv", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=Date");
  ASSERT_OK_AND_ASSIGN(r,
                       ReadAll(env.get(), "iso.csv", OptionsFor("auto", {"created_at=Post Date"})));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T00:00:00Z"));

  // --map created_at=DATE+TIME, in CSV and NDJSON, with a layout given.
  ReaderOptions joined = OptionsFor("generic", {"created_at=day+clock"});
  joined.time_layout = std::make_shared<const TimeLayout>(*TimeLayout::Parse("%d.%m.%Y %H:%M"));
  ASSERT_OK(WriteStringToFile(env.get(), "id,author,day,clock,text\n1,a,14.03.2024,14:05,x\n",
                              "mapped.csv"));
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "mapped.csv", joined));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "{\"id\":\"1\",\"author\":\"a\",\"clock\":\"14:05\",\"day\":\"14.03.2024\",\"text\":\"x\"}\n"
      "{\"id\":\"2\",\"author\":\"a\",\"day\":\"15.03.2024\",\"text\":\"y\"}\n"
      "{\"id\":\"3\",\"author\":\"a\",\"text\":\"z\"}\n",
      "mapped.ndjson"));
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "mapped.ndjson", joined));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("'15.03.2024'"));  // the layout needs a time
  EXPECT_THAT(r.rejects[1].reason, HasSubstr("missing field created_at (column 'day+clock')"));

  // NDJSON and JSON keys, as CSV columns: joined by themselves when the
  // first records hold a date alone and a time of day; not when the "time"
  // holds whole times, nor with a --map.
  const std::string keyed =
      "{\"id\":\"1\",\"author\":\"a\",\"Date\":\"14/03/2024\",\"Time\":\"14:05\",\"text\":\"x\"}\n"
      "{\"id\":\"2\",\"author\":\"b\",\"Date\":\"15/03/2024\",\"Time\":\"9:30\",\"text\":\"y\"}\n";
  ASSERT_OK(WriteStringToFile(env.get(), keyed, "apart.ndjson"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "apart.ndjson", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=Date+Time");
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "apart.ndjson"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));
  EXPECT_EQ(r.posts[1].created_at_ms, *ParseTimestamp("2024-03-15T09:30:00Z"));
  EXPECT_TRUE(r.posts[0].extra.empty());
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "[{\"id\":\"1\",\"author\":\"a\",\"post_date\":\"2024-03-14\",\"post_time\":\"2:05 PM\","
      "\"text\":\"x\"}]",
      "apart.json"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "apart.json", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=post_date+post_time");
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "{\"id\":\"1\",\"author\":\"a\",\"Date\":\"2024-03-14\",\"Time\":\"2024-03-14T14:05:00Z\","
      "\"text\":\"x\"}\n",
      "whole.ndjson"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "whole.ndjson", ReaderOptions()));
  EXPECT_EQ(reader->guessed_columns(), "created_at=Date");
  ASSERT_OK_AND_ASSIGN(r,
                       ReadAll(env.get(), "apart.ndjson", OptionsFor("auto", {"created_at=Date"})));
  ASSERT_EQ(r.posts.size(), 2u);  // the dates alone, as the --map says
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T00:00:00Z"));
}

// --time-zone: times that name no zone, read by the usual forms, a layout
// given or one guessed, are read in it; those that name one are not.
TEST(OpenRecordReader, ReadsZoneLessTimesInTheZoneGiven) {
  auto env = NewMemEnv();
  ReaderOptions paris;
  paris.time_layout = std::make_shared<const TimeLayout>(
      TimeLayout::UsualForms().WithZone(*TimeZone::Find("Europe/Paris")));
  ASSERT_OK(WriteStringToFile(env.get(),
                              "id,author,created_at,text\n"
                              "1,a,2024-03-14 14:05:00,x\n"
                              "2,b,2024-03-14T14:05:00Z,y\n",
                              "iso.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "iso.csv", paris));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T13:05:00Z"));
  EXPECT_EQ(r.posts[1].created_at_ms, *ParseTimestamp("2024-03-14T14:05:00Z"));

  // A guessed layout keeps the zone, in CSV and NDJSON.
  ASSERT_OK(
      WriteStringToFile(env.get(), "id,author,Date,text\n1,a,14/03/2024 14:05,x\n", "eu.csv"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordReader> reader,
                       OpenRecordReader(env.get(), "eu.csv", paris));
  EXPECT_EQ(reader->guessed_time_format(), "%d/%m/%Y %H:%M");
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "eu.csv", paris));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T13:05:00Z"));
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "{\"id\":\"1\",\"author\":\"a\",\"created_at\":\"14.07.2024 14:05\",\"text\":\"x\"}\n",
      "eu.ndjson"));
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "eu.ndjson", paris));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-07-14T12:05:00Z"));  // summer time

  // A layout given, with the zone.
  ReaderOptions given = paris;
  given.time_layout = std::make_shared<const TimeLayout>(
      TimeLayout::Parse("%d/%m/%Y %H:%M")->WithZone(paris.time_layout->zone()));
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "eu.csv", given));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].created_at_ms, *ParseTimestamp("2024-03-14T13:05:00Z"));
}

TEST(OpenRecordReader, ExplicitFormatBeatsTheExtension) {
  auto env = NewMemEnv();
  ReaderOptions options = OptionsFor("generic");
  options.format = InputFormat::kNdjson;
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "odd.csv", kJsonRecord, options));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(OpenRecordReader, JsonExtensionMeansNdjson) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "x.JSON.gz.json", kJsonRecord));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(OpenRecordReader, StdinIsSniffedAndNamedStdin) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  int saved = ::dup(0);
  ASSERT_EQ(::dup2(fds[0], 0), 0);
  std::string data = std::string(kJsonRecord) + "\n";
  ASSERT_EQ(::write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  ::close(fds[1]);
  auto result = ReadAll(Env::Default(), "-", OptionsFor("generic"));
  ::dup2(saved, 0);
  ::close(saved);
  ::close(fds[0]);
  ASSERT_OK(result.status());
  ASSERT_EQ(result->posts.size(), 1u);
  EXPECT_EQ(result->posts[0].source, "stdin");
}

TEST(InputStem, DropsFolderCompressionAndExtension) {
  EXPECT_EQ(InputStem("data/reviews_2024.csv.gz"), "reviews_2024");
  EXPECT_EQ(InputStem("a.b.ndjson.zst"), "a.b");
  EXPECT_EQ(InputStem("plain"), "plain");
  EXPECT_EQ(InputStem(".hidden"), ".hidden");
  EXPECT_EQ(InputStem("-"), "stdin");
}

TEST(ExpandInputs, ExpandsFoldersRecursivelyInSortedOrder) {
  auto env = NewMemEnv();
  for (const char* path : {"in/b.csv", "in/a.ndjson.zst", "in/sub/c.jsonl", "in/sub/d.tsv.gz",
                           "in/notes.txt", "in/.hidden.csv", "in/.git/x.csv", "in/e.JSON"}) {
    ASSERT_OK(WriteStringToFile(env.get(), "", path));
  }
  ASSERT_OK_AND_ASSIGN(auto inputs, ExpandInputs(env.get(), {"in"}));
  EXPECT_THAT(inputs, ElementsAre("in/a.ndjson.zst", "in/b.csv", "in/e.JSON", "in/sub/c.jsonl",
                                  "in/sub/d.tsv.gz"));
}

TEST(ExpandInputs, KeepsFilesAndStdinAsGiven) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "", "notes.txt"));
  ASSERT_OK_AND_ASSIGN(auto inputs, ExpandInputs(env.get(), {"notes.txt", "-"}));
  EXPECT_THAT(inputs, ElementsAre("notes.txt", "-"));
}

TEST(ExpandInputs, MissingPathIsNotFoundNamingIt) {
  auto env = NewMemEnv();
  EXPECT_THAT(ExpandInputs(env.get(), {"gone"}),
              StatusIs(StatusCode::kNotFound, HasSubstr("'gone'")));
}

TEST(ExpandInputs, ExpandsARealFolder) {
  ASSERT_OK_AND_ASSIGN(auto inputs, ExpandInputs(Env::Default(), {kFixtures}));
  EXPECT_THAT(inputs,
              ElementsAre("tests/data/ingest/mixed.csv", "tests/data/ingest/sub/posts.ndjson",
                          "tests/data/ingest/sub/workbook.xlsx"));
}

TEST(Fixtures, MixedCsvReadsFromDisk) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadAll(Env::Default(), "tests/data/ingest/mixed.csv", OptionsFor("generic")));
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[0].text, "Checkout keeps failing, \"card declined\" every time");
  EXPECT_EQ(r.posts[1].text, "Two lines:\nthe app crashed twice");
  EXPECT_EQ(r.posts[1].created_at_ms, 1709285400000);
  EXPECT_THAT(r.lines, ElementsAre(2, 3, 5));
  EXPECT_THAT(r.posts[0].extra, ElementsAre(Pair("channel", "web")));
  EXPECT_TRUE(r.posts[2].extra.empty());
  EXPECT_EQ(r.posts[2].source, "mixed");
}

TEST(Fixtures, NdjsonReadsFromDiskWithAutoPreset) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(Env::Default(), "tests/data/ingest/sub/posts.ndjson"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].id, "101");
  EXPECT_EQ(r.posts[1].created_at_ms, 1709294400000);
  EXPECT_THAT(r.lines, ElementsAre(1, 3));
  EXPECT_THAT(r.posts[0].extra, ElementsAre(Pair("channel", "email")));
}

// Records of varied sizes, each with a unique text.
std::string VariedCsv(int n) {
  std::string csv = "id,author,created_at,text\n";
  for (int i = 0; i < n; ++i) {
    csv += std::to_string(i) + ",a,2015-02-24,\"" + std::string(i % 50, 'x') + "\nrow " +
           std::to_string(i) + "\"\n";
  }
  return csv;
}

TEST(RecordBatch, BatchesRespectMaxBytesAndNeverSplitRecords) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), VariedCsv(2000), "v.csv"));
  for (size_t max_bytes : {size_t{1}, size_t{64}, size_t{1000}, size_t{65536}}) {
    ASSERT_OK_AND_ASSIGN(auto reader, OpenRecordReader(env.get(), "v.csv", OptionsFor("generic")));
    RecordBatch batch;
    int next = 0;
    while (true) {
      ASSERT_OK_AND_ASSIGN(bool more, reader->NextBatch(max_bytes, &batch));
      if (!more) break;
      ASSERT_FALSE(batch.records.empty());
      EXPECT_TRUE(batch.bytes.size() <= max_bytes || batch.records.size() == 1)
          << "max_bytes " << max_bytes << ", batch " << batch.bytes.size();
      EXPECT_GE(batch.bytes.capacity(), batch.bytes.size() + RecordBatch::kBatchPadding);
      for (const RawRecord& r : batch.records) {
        std::string_view raw = batch.raw(r);
        std::string tail = "\nrow " + std::to_string(next) + "\"";
        ASSERT_TRUE(raw.starts_with(std::to_string(next) + ",")) << raw;
        ASSERT_TRUE(raw.ends_with(tail)) << raw;
        EXPECT_EQ(r.line, 2u + 2u * next);
        ++next;
      }
    }
    EXPECT_EQ(next, 2000);
    EXPECT_EQ(reader->records_read(), 2000u);
  }
}

TEST(RecordBatch, BatchKnowsItsInputAndDecoder) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), VariedCsv(3), "v.csv"));
  ASSERT_OK_AND_ASSIGN(auto reader, OpenRecordReader(env.get(), "v.csv", OptionsFor("generic")));
  RecordBatch batch;
  ASSERT_OK_AND_ASSIGN(bool more, reader->NextBatch(1 << 20, &batch));
  ASSERT_TRUE(more);
  EXPECT_EQ(batch.input, "v.csv");
  EXPECT_NE(batch.decoder, nullptr);
  EXPECT_EQ(batch.records.size(), 3u);
  ASSERT_OK_AND_ASSIGN(more, reader->NextBatch(1 << 20, &batch));
  EXPECT_FALSE(more);
  EXPECT_TRUE(batch.records.empty());
}

// Hands out the bytes of a string `step` at a time (or all at once), the
// first read at most `first`; logs the size of each read asked for in `asks`
// when given one.
class SteppedFile final : public SequentialFile {
 public:
  SteppedFile(std::string data, size_t step, size_t first = SIZE_MAX,
              std::vector<size_t>* asks = nullptr)
      : data_(std::move(data)), step_(step), first_(first), asks_(asks) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (asks_) asks_->push_back(n);
    size_t got = std::min({n, step_, reads_++ == 0 ? first_ : step_, data_.size() - at_});
    std::memcpy(buf, data_.data() + at_, got);
    at_ += got;
    return got;
  }

 private:
  std::string data_;
  size_t step_;
  size_t first_;
  std::vector<size_t>* asks_;
  size_t at_ = 0;
  size_t reads_ = 0;
};

struct SplitResult {
  std::vector<std::vector<std::string>> batches;  // each batch's records
  std::vector<uint64_t> lines;
};

SplitResult SplitAll(const std::string& data, size_t step, size_t max_bytes) {
  RecordSplitter splitter("in.csv", std::make_unique<SteppedFile>(data, step),
                          std::make_unique<CsvScanner>(','));
  SplitResult out;
  RecordBatch batch;
  while (true) {
    StatusOr<bool> more = splitter.NextBatch(max_bytes, &batch);
    EXPECT_TRUE(more.ok()) << more.status().message();
    if (!more.ok() || !*more) break;
    out.batches.emplace_back();
    for (const RawRecord& r : batch.records) {
      out.batches.back().emplace_back(batch.raw(r));
      out.lines.push_back(r.line);
    }
  }
  return out;
}

// NextBatch takes the records already whole in its buffer without Peek();
// with reads of a few bytes nearly every record goes through Peek() instead.
// Both give the same batches, records and lines, over blank lines, CRLF, a
// BOM and quoted line ends.
TEST(RecordSplitter, BufferedRecordsMatchThePeekPath) {
  uint64_t state = 99;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  for (int round = 0; round < 40; ++round) {
    std::string data = round % 2 ? "\xEF\xBB\xBF" : "";
    for (int r = 0; r < 300; ++r) {
      switch (next() % 6) {
        case 0: data += "\n"; break;
        case 1: data += "  \r\n"; break;
        case 2: data += "1,\"two\nlines\",x\r\n"; break;
        default: data += std::to_string(r) + "," + std::string(next() % 40, 'a') + "\n";
      }
    }
    const size_t max_bytes = 1 + next() % 2000;
    const SplitResult whole = SplitAll(data, data.size(), max_bytes);
    const SplitResult stepped = SplitAll(data, 1 + next() % 7, max_bytes);
    ASSERT_EQ(whole.batches, stepped.batches) << "round " << round;
    ASSERT_EQ(whole.lines, stepped.lines) << "round " << round;
  }
}

// Peeking at the header (a reader opened to check an input) reads 16 KiB,
// not a whole 64 KiB block: each page read(2) fills is a page fault. Later
// reads are whole blocks, and every record still arrives.
TEST(RecordSplitter, TheFirst16KiBAreReadInSmallStepsAndTheRestInWholeBlocks) {
  std::string data = "id,text\n";
  for (int r = 0; data.size() < 1200 * 1024; ++r) data += std::to_string(r) + ",some text\n";
  // A first read of 4 bytes, as the compression sniffer's replayed prefix gives.
  for (size_t first : {size_t{4}, data.size()}) {
    SCOPED_TRACE(first);
    std::vector<size_t> asks;
    RecordSplitter splitter("in.csv",
                            std::make_unique<SteppedFile>(data, data.size(), first, &asks),
                            std::make_unique<CsvScanner>(','));
    std::string_view record;
    uint64_t line = 0;
    ASSERT_OK_AND_ASSIGN(bool found, splitter.Peek(&record, &line));
    ASSERT_TRUE(found);
    EXPECT_EQ(record, "id,text");
    if (first == 4) {
      EXPECT_THAT(asks, ::testing::ElementsAre(16u * 1024, 16u * 1024 - 4));
    } else {
      EXPECT_THAT(asks, ::testing::ElementsAre(16u * 1024));
    }
    splitter.Skip();
    const size_t small_reads = asks.size();
    RecordBatch batch;
    size_t records = 0, bytes = 0;
    while (true) {
      ASSERT_OK_AND_ASSIGN(bool more, splitter.NextBatch(1 << 20, &batch));
      if (!more) break;
      records += batch.records.size();
      for (const RawRecord& r : batch.records) bytes += batch.raw(r).size() + 1;
    }
    EXPECT_EQ(bytes + 8, data.size());
    EXPECT_EQ(records, splitter.records_read());
    ASSERT_GT(asks.size(), small_reads + 3);
    for (size_t k = small_reads; k + 1 < asks.size(); ++k) EXPECT_GT(asks[k], 60u * 1024) << k;
  }
}

TEST(RecordSplitter, OverlongRecordIsDataLossNamingTheLine) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "ok\n\"" + std::string(100000, 'x'), "long.csv"));
  ASSERT_OK_AND_ASSIGN(auto file, env->NewSequentialFile("long.csv"));
  RecordSplitter splitter("long.csv", std::move(file), std::make_unique<LineScanner>(), 1000);
  RecordBatch batch;
  ASSERT_OK_AND_ASSIGN(bool more, splitter.NextBatch(1 << 20, &batch));
  EXPECT_TRUE(more);
  EXPECT_THAT(splitter.NextBatch(1 << 20, &batch),
              StatusIs(StatusCode::kDataLoss, HasSubstr("record at line 2 of 'long.csv'")));
}

TEST(AirlineSample, ReadsThroughTheTweetsPreset) {
  if (!Env::Default()->FileExists(kAirlineSample)) {
    GTEST_SKIP() << kAirlineSample << " is absent (shared data not mounted)";
  }
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(Env::Default(), kAirlineSample, OptionsFor("tweets")));
  EXPECT_EQ(r.records_read, 1000u);
  EXPECT_EQ(r.posts.size() + r.rejects.size(), 1000u);
  for (const auto& reject : r.rejects) ADD_FAILURE() << reject.line << ": " << reject.reason;
  int multi_line = 0;
  for (const Post& p : r.posts) multi_line += p.text.find('\n') != std::string::npos;
  EXPECT_GT(multi_line, 0);
  EXPECT_EQ(r.posts[0].id, "570285904809598977");
  EXPECT_EQ(r.posts[0].author, "sjespers");
  EXPECT_EQ(r.posts[0].source, "twitter");
  EXPECT_EQ(r.posts[0].created_at_ms, 1424801729000);
  EXPECT_EQ(r.posts[0].metrics.shares, 0);
}

}  // namespace
}  // namespace parley
