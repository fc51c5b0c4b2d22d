#include "src/ingest/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "src/ingest/ingest_testutil.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::Counts;
using ::parley::testing::CountsOf;
using ::parley::testing::OptionsFor;
using ::parley::testing::Place;
using ::parley::testing::PlaceOf;
using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::ReadString;
using ::parley::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kHeader[] = "id,author,created_at,text\n";

std::vector<std::string_view> Split(std::string_view record) {
  std::vector<std::string_view> fields;
  std::string unescaped;
  EXPECT_TRUE(SplitCsvFields(record, ',', &fields, &unescaped));
  // Copy out: views may point into `unescaped`.
  static thread_local std::vector<std::string> keep;
  keep.assign(fields.begin(), fields.end());
  return std::vector<std::string_view>(keep.begin(), keep.end());
}

// Reads `body` under the generic header through a MemEnv.
StatusOr<ReadResult> ReadGeneric(std::string_view body, std::string header = kHeader) {
  auto env = NewMemEnv();
  return ReadString(env.get(), "in.csv", header + std::string(body), OptionsFor("generic"));
}

TEST(SplitCsvFields, SplitsPlainFields) {
  EXPECT_THAT(Split("a,b,c"), ElementsAre("a", "b", "c"));
}

TEST(SplitCsvFields, KeepsEmptyAndTrailingEmptyFields) {
  EXPECT_THAT(Split(",a,,"), ElementsAre("", "a", "", ""));
  EXPECT_THAT(Split(""), ElementsAre(""));
}

TEST(SplitCsvFields, QuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes) {
  EXPECT_THAT(Split(R"("a,b","say ""hi""","x)" "\n" R"(y")"),
              ElementsAre("a,b", "say \"hi\"", "x\ny"));
}

TEST(SplitCsvFields, QuoteInsideUnquotedFieldIsLiteral) {
  EXPECT_THAT(Split(R"(5" screen,b)"), ElementsAre("5\" screen", "b"));
}

TEST(SplitCsvFields, TextAfterClosingQuoteIsKept) {
  EXPECT_THAT(Split(R"("a"b,c)"), ElementsAre("ab", "c"));
}

TEST(SplitCsvFields, UnterminatedQuoteFails) {
  std::vector<std::string_view> fields;
  std::string unescaped;
  EXPECT_FALSE(SplitCsvFields(R"(a,"open)", ',', &fields, &unescaped));
}

TEST(CsvScanner, EndsAnUnquotedRecordAtTheNewline) {
  RecordExtent extent;
  ASSERT_TRUE(CsvScanner(',').Scan("a,b\nc,d\n", false, &extent));
  EXPECT_EQ(extent.size, 3u);
  EXPECT_EQ(extent.consumed, 4u);
  EXPECT_EQ(extent.newlines, 1u);
}

TEST(CsvScanner, QuotedNewlinesDoNotEndTheRecord) {
  RecordExtent extent;
  ASSERT_TRUE(CsvScanner(',').Scan("a,\"x\r\ny\n\"\r\nnext", false, &extent));
  EXPECT_EQ(extent.size, 9u);  // a,"x\r\ny\n" without the final \r\n
  EXPECT_EQ(extent.consumed, 11u);
  EXPECT_EQ(extent.newlines, 3u);
}

TEST(CsvScanner, AsksForMoreInputInsideAnOpenQuote) {
  RecordExtent extent;
  EXPECT_FALSE(CsvScanner(',').Scan("a,\"x\ny", false, &extent));
  // A final quote may be the first of a doubled pair: wait for the next byte.
  EXPECT_FALSE(CsvScanner(',').Scan("a,\"x\"", false, &extent));
}

TEST(CsvScanner, OpenQuoteAtEndOfInputRunsToTheEnd) {
  RecordExtent extent;
  ASSERT_TRUE(CsvScanner(',').Scan("a,\"x\ny\n", true, &extent));
  EXPECT_EQ(extent.size, 7u);
  EXPECT_EQ(extent.consumed, 7u);
}

TEST(CsvReader, ReadsMappedFields) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,ann,2015-02-24T11:35:52Z,hello\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  const Post& p = r.posts[0];
  EXPECT_EQ(p.id, "1");
  EXPECT_EQ(p.author, "ann");
  EXPECT_EQ(p.text, "hello");
  EXPECT_EQ(p.created_at_ms, 1424777752000);
  EXPECT_EQ(p.source, "in");  // generic has no default source: the file stem
}

TEST(CsvReader, ReadsQuotedNewlinesAndDoubledQuotes) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadGeneric("1,ann,2015-02-24,\"line one\nline \"\"two\"\", end\"\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "line one\nline \"two\", end");
}

TEST(CsvReader, ReadsCrlfLineEnds) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,ann,2015-02-24,hi\r\n2,bob,2015-02-24,yo\r\n",
                                                 "id,author,created_at,text\r\n"));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].text, "hi");
  EXPECT_EQ(r.posts[1].text, "yo");
  EXPECT_TRUE(r.posts[1].extra.empty());
}

TEST(CsvReader, DropsAUtf8ByteOrderMark) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,ann,2015-02-24,hi\n",
                                                 "\xEF\xBB\xBFid,author,created_at,text\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "1");
}

TEST(CsvReader, CountsLinesAfterMultiLineRecords) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,a,2015-02-24,\"one\ntwo\nthree\"\n"
                                                 "2,b,2015-02-24,single\n"
                                                 "3,c,2015-02-24,\"x\r\ny\"\r\n"
                                                 "4,d,2015-02-24,last"));
  EXPECT_THAT(r.lines, ElementsAre(2, 5, 6, 8));
}

TEST(CsvReader, SkipsBlankLinesWithoutCountingThem) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadGeneric("\n1,a,2015-02-24,x\n  \r\n\n2,b,2015-02-24,y\n\n"));
  EXPECT_EQ(r.records_read, 2u);
  EXPECT_THAT(r.lines, ElementsAre(3, 6));
}

TEST(CsvReader, RejectsWrongColumnCount) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,a,2015-02-24\n2,b,2015-02-24,ok\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 2u);
  EXPECT_EQ(r.rejects[0].reason, "expected 4 columns, found 3");
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(CsvReader, RejectsInvalidUtf8NamingTheColumn) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,a,2015-02-24,bad \xC3\x28 byte\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "invalid UTF-8 in column 'text'");
}

// A Latin-1 column name would go into the output's JSON as it is: the file
// is refused, the name shown escaped, as its cells would be rejects.
TEST(CsvReader, RefusesAHeaderThatIsNotUtf8) {
  StatusOr<ReadResult> r = ReadGeneric("1,a,2015-02-24,hi,x\n",
                                       "id,author,created_at,text,n\xE9\n");
  EXPECT_THAT(r.status(), StatusIs(StatusCode::kInvalidArgument,
                                   HasSubstr("the header of 'in.csv' is not UTF-8 (column 5, "
                                             "'n\\xE9'): save the file as UTF-8")));
}

TEST(CsvReader, RejectsUnparseableTimeNamingTheColumn) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,a,yesterday,hi\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("bad created_at in column 'created_at'"));
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("'yesterday'"));
}

TEST(CsvReader, RejectsEmptyOrBlankText) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,a,2015-02-24,\n2,a,2015-02-24,\"  \"\n"));
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_EQ(r.rejects[0].reason, "empty text (column 'text')");
  EXPECT_EQ(r.rejects[1].reason, "empty text (column 'text')");
}

TEST(CsvReader, RejectsEmptyId) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric(" ,a,2015-02-24,hi\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "empty id (column 'id')");
}

// The decoder sets a plain map's fields (id, author, created_at, text) in
// straight lines and leaves a value off their common case to SetPostField():
// each record here leaves it at another field, some after setting others.
TEST(CsvReader, PlainMapValuesOffTheCommonCaseDecodeAsInTheGeneralPath) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,ann,2015-02-24T11:35:52Z,hi\n"
                                                 " 2 ,bo,2015-02-24T11:35:52Z,hi\n"
                                                 "3, cy ,2015-02-24T11:35:52Z,hi\n"
                                                 "4,di,2015-02-24 11:35:52,hi\n"
                                                 "5,ed,2015-02-24T11:35:52Z, hi \n"
                                                 " ,fay,yesterday,\n"
                                                 "6,gus,yesterday,\n"
                                                 "7,hal,2015-02-24T11:35:52Z, \n"));
  ASSERT_EQ(r.posts.size(), 5u);
  const std::vector<std::vector<std::string>> want = {{"1", "ann", "hi"},
                                                      {"2", "bo", "hi"},
                                                      {"3", "cy", "hi"},
                                                      {"4", "di", "hi"},
                                                      {"5", "ed", " hi "}};
  for (size_t i = 0; i < want.size(); ++i) {
    const Post& p = r.posts[i];
    EXPECT_EQ((std::vector<std::string>{p.id, p.author, p.text}), want[i]) << i;
    EXPECT_EQ(p.created_at_ms, 1424777752000) << i;
  }
  // The first bad field in field order names the reason, as before.
  ASSERT_EQ(r.rejects.size(), 3u);
  EXPECT_EQ(r.rejects[0].reason, "empty id (column 'id')");
  EXPECT_THAT(r.rejects[1].reason, HasSubstr("bad created_at in column 'created_at'"));
  EXPECT_EQ(r.rejects[2].reason, "empty text (column 'text')");
}

TEST(CsvReader, RejectsBadNumberNamingTheColumn) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadGeneric("1,a,2015-02-24,hi,many\n", "id,author,created_at,text,likes\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "bad number 'many' for likes in column 'likes'");
}

TEST(CsvReader, ParsesMetricsAndRating) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadGeneric("1,a,2015-02-24,hi,12,3.0,,4.5\n",
                                   "id,author,created_at,text,likes,shares,views,rating\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  const Post& p = r.posts[0];
  EXPECT_EQ(p.metrics.likes, 12);
  EXPECT_EQ(p.metrics.shares, 3);
  EXPECT_FALSE(p.metrics.views.has_value());
  EXPECT_EQ(p.rating, 4.5);
}

TEST(CsvReader, RejectsUnterminatedQuoteAtEndOfInput) {
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadGeneric("1,a,2015-02-24,ok\n2,a,2015-02-24,\"open\n3,a,b,c\n"));
  EXPECT_EQ(r.posts.size(), 1u);
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 3u);
  EXPECT_EQ(r.rejects[0].reason, "unterminated quoted field");
}

TEST(CsvReader, PutsUnmappedColumnsInExtraInHeaderOrder) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("x,1,a,,2015-02-24,hi,z\n",
                                                 "zeta,id,author,empty,created_at,text,alpha\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_THAT(r.posts[0].extra, ElementsAre(Pair("zeta", "x"), Pair("alpha", "z")));
}

TEST(CsvReader, MissingRequiredColumnNamesColumnFieldPresetAndHeader) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "id,author,created_at,text\n", "x.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "x.csv", OptionsFor("tweets")),
              StatusIs(StatusCode::kInvalidArgument,
                       "column 'tweet_id' (for field id, preset tweets) not found in header of "
                       "'x.csv'; columns are: id, author, created_at, text; use --map "
                       "id=COLUMN"));
}

TEST(CsvReader, MissingOverriddenOptionalColumnIsAnError) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), kHeader, "x.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "x.csv", OptionsFor("generic", {"lang=language"})),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("column 'language'")));
}

TEST(CsvReader, MissingOptionalPresetColumnIsFine) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), kHeader, "x.csv"));
  EXPECT_OK(OpenRecordReader(env.get(), "x.csv", OptionsFor("generic")).status());
}

TEST(CsvReader, OverridesRemapColumns) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(env.get(), "x.csv", "pid,who,when,body\n7,kim,2015-02-24,hey\n",
                 OptionsFor("generic", {"id=pid", "author=who", "created_at=when", "text=body"})));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "7");
  EXPECT_EQ(r.posts[0].author, "kim");
  EXPECT_EQ(r.posts[0].text, "hey");
}

TEST(CsvReader, AlternativeColumnsTakeTheFirstPresentOne) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r, ReadString(env.get(), "r.csv", "id,date,body,stars\n9,2024-01-02,great,5\n",
                               OptionsFor("reviews")));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "great");
  EXPECT_EQ(r.posts[0].rating, 5.0);
}

// Where the first present alternative's cell is blank, the next one's
// value is taken, record by record (a Brandwatch mention with no "Full
// Text" has its "Snippet"); with every one blank, the reject names the
// first. The later columns stay in extra.
TEST(CsvReader, ABlankCellGivesWayToTheNextAlternative) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "r.csv",
                                                "review_id,id,date,review_text,body,stars\n"
                                                "r1,9,2024-01-02,great,fine,5\n"
                                                ",10,2024-01-02,  ,just ok,3\n"
                                                "r3,11,2024-01-02,,,2\n",
                                                OptionsFor("reviews")));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].id, "r1");
  EXPECT_EQ(r.posts[0].text, "great");
  EXPECT_EQ(r.posts[1].id, "10");
  EXPECT_EQ(r.posts[1].text, "just ok");
  EXPECT_THAT(r.posts[1].extra, Contains(Pair("body", "just ok")));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "empty text (column 'review_text')");
}

TEST(CsvReader, AutoPresetChoosesFromTheHeader) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r, ReadString(env.get(), "t.csv",
                               "tweet_id,name,text,tweet_created\n5,ann,hi,2015-02-24 10:15:29 -0800\n"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].source, "twitter");
  EXPECT_EQ(r.posts[0].created_at_ms, 1424801729000);
}

TEST(CsvReader, AutoPresetWithoutAFitIsAnError) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "a,b\n1,2\n", "odd.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "odd.csv", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd.csv: no preset fits")));
}

// A report's preamble above the header (Brandwatch's exports: name, query,
// dates, a blank line): the first row that is wider than every row above
// it and that a preset fits is the header, the rows above it are no
// records, and records keep their own lines.
TEST(CsvReader, AReportsPreambleAboveTheHeaderIsSkipped) {
  auto env = NewMemEnv();
  ASSERT_OK(
      WriteStringToFile(env.get(),
                        "Report:,Mentions\nBrand:,Skyloft\n\"From:\",2024-01-01\n\n"
                        "Query Id,Id,Date,Author,Full Text,Url\n"
                        "1,m1,2024-01-05 10:00:00,maya,@SkyloftAir delayed again,https://t/1\n"
                        "1,m2,not a time,omar,late,https://t/2\n",
                        "report.csv"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordReader> reader,
                       OpenRecordReader(env.get(), "report.csv", ReaderOptions()));
  EXPECT_EQ(reader->header_line(), 5u);
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "report.csv"));
  EXPECT_EQ(r.records_read, 2u);
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].author, "maya");
  EXPECT_EQ(r.posts[0].text, "@SkyloftAir delayed again");
  EXPECT_EQ(r.lines[0], 6u);
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 7u);
  // A header on the first line has no preamble.
  ASSERT_OK(WriteStringToFile(env.get(), std::string(kHeader) + "1,a,2024-01-01T00:00:00Z,hi\n",
                              "plain.csv"));
  ASSERT_OK_AND_ASSIGN(reader, OpenRecordReader(env.get(), "plain.csv", ReaderOptions()));
  EXPECT_EQ(reader->header_line(), 0u);
}

// A Brandwatch mention export as it comes: its report's preamble, then the
// mentions of several channels. Each is its channel's ("Page Type"), by its
// "Resource Id"; the handle in "Author", the name in "Full Name"; Twitter's
// counts where the row has them.
TEST(CsvReader, ReadsABrandwatchExport) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(
      env.get(),
      "\"Brandwatch Report\"\n\"Query: Skyloft\"\n\n"
      "\"Query Id\",\"Query Name\",\"Date\",\"Title\",\"Url\",\"Domain\",\"Sentiment\","
      "\"Page Type\",\"Language\",\"Author\",\"Full Name\",\"Full Text\",\"Resource Id\","
      "\"Thread Id\",\"Twitter Followers\",\"Twitter Retweets\",\"Twitter Likes\"\n"
      "\"20\",\"Skyloft\",\"2024-05-01 10:22:00.0\",\"\",\"http://twitter.com/maya/statuses/17\","
      "\"twitter.com\",\"negative\",\"twitter\",\"en\",\"maya\",\"Maya R\","
      "\"@SkyloftAir 3 hours late\",\"17\",\"\",\"120\",\"1\",\"2\"\n"
      "\"20\",\"Skyloft\",\"2024-05-01 11:00:00.0\",\"Delays\",\"https://forum.example/t/9#3\","
      "\"forum.example\",\"neutral\",\"forum\",\"en\",\"omar\",\"\",\"Same on my flight\","
      "\"88301\",\"9\",\"\",\"\",\"\"\n",
      "mentions.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "mentions.csv"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& tweet = r.posts[0];
  EXPECT_EQ(PlaceOf(tweet), Place("twitter", "17", "maya", "Maya R", "", ""));
  EXPECT_EQ(tweet.text, "@SkyloftAir 3 hours late");
  EXPECT_EQ(tweet.created_at_ms, 1714558920000);
  EXPECT_EQ(CountsOf(tweet), Counts(2, 1, -1, 120, -1));
  EXPECT_EQ(PlaceOf(r.posts[1]), Place("forum", "88301", "omar", "", "9", ""));
  EXPECT_EQ(CountsOf(r.posts[1]), Counts(-1, -1, -1, -1, -1));
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{5, 6}));
}

// A Meltwater export: tab-separated UTF-16 under a .csv name. Its mentions
// are theirs by "URL" (a tweet's "Tweet Id" is blank on an article's row),
// their text the "Hit Sentence", their author the "Influencer"; the date
// and the time of day, in two columns, are read as one.
TEST(CsvReader, ReadsAMeltwaterExport) {
  const std::string tsv =
      "Date\tHeadline\tURL\tOpening Text\tHit Sentence\tSource\tInfluencer\tReach\t"
      "Tweet Id\tTwitter Followers\tTime\r\n"
      "06-May-2024\t\thttps://twitter.com/ana/status/5\t\tcaf\u00e9 queue is awful \U0001F620\t"
      "Twitter\t@ana\t300\t5\t300\t10:22 AM\r\n"
      "07-May-2024\tAirline fares rise\thttps://news.example/a\tFares rose.\t"
      "Skyloft raised fares again\tDaily News\tJo Smith\t90000\t\t\t01:05 PM\r\n";
  // As UTF-16LE with its byte order mark (the text's characters decoded from
  // UTF-8 here, so that the reader's conversion is not its own test).
  std::string bytes = "\xFF\xFE";
  for (size_t i = 0; i < tsv.size();) {
    const auto c = static_cast<unsigned char>(tsv[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = cp << 6 | (static_cast<unsigned char>(tsv[i + k]) & 0x3F);
    i += len;
    auto unit = [&](char32_t u) {
      bytes += {static_cast<char>(u & 0xFF), static_cast<char>(u >> 8)};
    };
    if (cp < 0x10000) {
      unit(cp);
    } else {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
  }
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), bytes, "Skyloft-Meltwater.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "Skyloft-Meltwater.csv"));
  ASSERT_EQ(r.posts.size(), 2u) << (r.rejects.empty() ? "" : r.rejects[0].reason);
  const Post& tweet = r.posts[0];
  EXPECT_EQ(PlaceOf(tweet),
            Place("meltwater", "https://twitter.com/ana/status/5", "@ana", "", "", ""));
  EXPECT_EQ(tweet.text, "caf\u00e9 queue is awful \U0001F620");
  EXPECT_EQ(tweet.created_at_ms, 1714990920000);
  EXPECT_EQ(CountsOf(tweet), Counts(-1, -1, -1, 300, 300));
  const Post& article = r.posts[1];
  EXPECT_EQ(PlaceOf(article), Place("meltwater", "https://news.example/a", "Jo Smith", "", "", ""));
  EXPECT_EQ(article.text, "Skyloft raised fares again");
  EXPECT_EQ(article.created_at_ms, 1715087100000);
}

// No header is taken that is not wider than the rows above it, nor one
// below the input's first 20 rows: the first row's error stands.
TEST(CsvReader, NoHeaderBelowAPreambleIsTheFirstRowsError) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(),
                              "a,b,c,d\nid,author,created_at,text\n1,x,2024-01-01T00:00:00Z,hi\n",
                              "narrow.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "narrow.csv", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("narrow.csv: no preset fits the columns a, b, c, d")));
  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "note,\n";
  deep += "id,author,created_at,text\n1,x,2024-01-01T00:00:00Z,hi\n";
  ASSERT_OK(WriteStringToFile(env.get(), deep, "deep.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "deep.csv", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("deep.csv: no preset fits")));
  ASSERT_OK(WriteStringToFile(env.get(), deep.substr(6), "shallow.csv"));  // 19 rows above
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "shallow.csv"));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.lines[0], 21u);
}

ReaderOptions TextOnlyAllowed() {
  ReaderOptions options;
  options.require_identity = false;
  return options;
}

TEST(CsvReader, BareTextColumnNumbersPostsByLineWithoutTime) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadString(env.get(), "labeled.csv",
                                  "text,label\ngreat flight,positive\n\n\"two\nlines\",neutral\n",
                                  TextOnlyAllowed()));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].id, "2");
  EXPECT_EQ(r.posts[1].id, "4");  // the blank line 3 is skipped, not renumbered
  EXPECT_EQ(r.posts[1].text, "two\nlines");
  EXPECT_FALSE(r.posts[0].has_time);
  EXPECT_EQ(r.posts[0].source, "labeled");
  EXPECT_THAT(r.posts[0].extra, ElementsAre(Pair("label", "positive")));
}

TEST(CsvReader, TextOnlyInputStillRejectsEmptyText) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(
      ReadResult r, ReadString(env.get(), "l.csv", "text,label\n ,positive\n", TextOnlyAllowed()));
  EXPECT_TRUE(r.posts.empty());
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "empty text (column 'text')");
}

TEST(CsvReader, TextOnlyInputIsRefusedWhenIdentityIsRequired) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "text,label\nhi,positive\n", "l.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "l.csv", ReaderOptions()),
              StatusIs(StatusCode::kInvalidArgument,
                       "l.csv: preset text maps no created_at column: stored posts need a "
                       "time; name it with --map created_at=COLUMN, or choose a --preset that "
                       "fits the input"));
  EXPECT_THAT(OpenRecordReader(env.get(), "l.csv", OptionsFor("text", {"id=label"})),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("maps no created_at column: stored posts need a time; name it "
                                 "with --map created_at=COLUMN")));
}

// Without an id column, a post with a time is known by what it says: the
// same author, time and text make the same id, in any file and on any line
// (a second export of the same reviews is the same posts); one without a
// time is numbered by line.
TEST(CsvReader, APostWithoutAnIdIsKnownByItsAuthorTimeAndText) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(),
                              "user,date,text\n"
                              "ann,2024-01-02T10:00:00Z,Broke in a week\n"
                              "bob,2024-01-02T10:00:00Z,Broke in a week\n"
                              "ann,2024-01-02T10:00:01Z,Broke in a week\n"
                              "ann,2024-01-02T10:00:00Z,Broke in a week!\n",
                              "a.csv"));
  ASSERT_OK(WriteStringToFile(env.get(),
                              "text,date,user\n"
                              "Broke in a week!,2024-01-02T10:00:00Z,ann\n"
                              "Broke in a week,2024-01-02T10:00:00Z,ann\n",
                              "b.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult a, ReadAll(env.get(), "a.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult b, ReadAll(env.get(), "b.csv"));
  ASSERT_EQ(a.posts.size(), 4u);
  ASSERT_EQ(b.posts.size(), 2u);
  for (const Post& p : a.posts) EXPECT_THAT(p.id, ::testing::MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(a.posts[0].id, a.posts[1].id);  // another author
  EXPECT_NE(a.posts[0].id, a.posts[2].id);  // another time
  EXPECT_NE(a.posts[0].id, a.posts[3].id);  // another text
  EXPECT_EQ(b.posts[1].id, a.posts[0].id);
  EXPECT_EQ(b.posts[0].id, a.posts[3].id);
  // FNV-1a of "ann\x1f1704189600000\x1fBroke in a week": fixed for good, as
  // stores keep it.
  Post fixed;
  fixed.author = "ann";
  fixed.created_at_ms = 1704189600000;
  fixed.text = "Broke in a week";
  fixed.has_time = true;
  FillMissingId(7, &fixed);
  EXPECT_EQ(fixed.id, a.posts[0].id);
  Post untimed;
  untimed.text = "x";
  untimed.has_time = false;
  FillMissingId(7, &untimed);
  EXPECT_EQ(untimed.id, "7");
}

TEST(CsvReader, TextPresetTakesMappedIdAndTime) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadString(env.get(), "l.csv", "pid,when,text\n7,2015-02-24,hey\n",
                                  OptionsFor("text", {"id=pid", "created_at=when"})));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id, "7");
  EXPECT_TRUE(r.posts[0].has_time);
  EXPECT_EQ(r.posts[0].created_at_ms, 1424736000000);
}

TEST(CsvReader, TextOnlyInputStillNeedsATextColumn) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "label,words\npositive,hi\n", "l.csv"));
  EXPECT_THAT(OpenRecordReader(env.get(), "l.csv", TextOnlyAllowed()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("l.csv: no preset fits")));
}

TEST(CsvReader, SourceColumnWinsOverDefaultButNotOverForcedSource) {
  std::string data = "id,author,created_at,text,source\n1,a,2015-02-24,x,forum\n2,a,2015-02-24,y,\n";
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "s.csv", data, OptionsFor("generic")));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].source, "forum");
  EXPECT_EQ(r.posts[1].source, "s");
  ReaderOptions forced = OptionsFor("generic");
  forced.source = "shop";
  ASSERT_OK_AND_ASSIGN(ReadResult f, ReadString(env.get(), "s.csv", data, forced));
  EXPECT_EQ(f.posts[0].source, "shop");
  EXPECT_EQ(f.posts[1].source, "shop");
}

// --columns: a file with no header row (Sentiment140's shape) is all data,
// read under the names given, with auto's choice of preset and its known
// column names; a record with another number of fields is a reject.
TEST(CsvReader, AHeaderlessFileIsReadUnderTheColumnsGiven) {
  auto env = NewMemEnv();
  ReaderOptions options;
  options.columns = {"target", "id", "date", "query", "user", "text"};
  ASSERT_OK_AND_ASSIGN(
      ReadResult r,
      ReadString(
          env.get(), "s140.csv",
          "\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"_TheSpecialOne_\","
          "\"@switchfoot awww, that's a bummer\"\n"
          "\"4\",\"1467810672\",\"Mon Apr 06 22:19:49 PDT 2009\",\"NO_QUERY\",\"scotthamilton\","
          "\"is upset\"\n"
          "\"4\",\"1467810917\"\n",
          options));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].text, "@switchfoot awww, that's a bummer");
  EXPECT_EQ(r.posts[0].author, "_TheSpecialOne_");
  EXPECT_EQ(r.posts[0].created_at_ms, 1239081585000);  // 2009-04-07T05:19:45Z
  EXPECT_EQ(r.posts[1].author, "scotthamilton");
  EXPECT_THAT(r.lines, ElementsAre(1, 2));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 3u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("expected 6 columns, found 2"));
  // NDJSON records name their own keys.
  ReaderOptions ndjson = options;
  ndjson.columns = {"text"};
  ASSERT_OK(WriteStringToFile(env.get(), "{\"text\":\"hi\"}\n", "p.ndjson"));
  EXPECT_THAT(OpenRecordReader(env.get(), "p.ndjson", ndjson),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("'p.ndjson' is NDJSON, whose records name their keys: --columns "
                                 "is for CSV and TSV inputs without a header row")));
}

TEST(CsvReader, TsvUsesTabs) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(ReadResult r,
                       ReadString(env.get(), "t.tsv",
                                  "id\tauthor\tcreated_at\ttext\n1\ta\t2015-02-24\thi, there\n",
                                  OptionsFor("generic")));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "hi, there");
}

TEST(CsvReader, InputFormatTsvUsesTabsWhateverTheName) {
  auto env = NewMemEnv();
  constexpr char kTsv[] = "id\tauthor\tcreated_at\ttext\n1\ta\t2015-02-24\thi, there\n";
  ReaderOptions tsv;
  tsv.format = InputFormat::kTsv;
  for (const char* path : {"export.txt", "t.csv", "data"}) {
    ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), path, kTsv, tsv));
    ASSERT_EQ(r.posts.size(), 1u) << path;
    EXPECT_EQ(r.posts[0].text, "hi, there") << path;
  }
  // --input-format csv forces commas, even for a file named .tsv.
  ReaderOptions csv = OptionsFor("generic");
  csv.format = InputFormat::kCsv;
  ASSERT_OK(
      WriteStringToFile(env.get(), "id,author,created_at,text\n1,a,2015-02-24,x\ty\n", "c.tsv"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "c.tsv", csv));
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].text, "x\ty");
}

// --map text=title+body: the post's text is the columns' values joined
// (JoinTextParts()), neither column is in extra, a record whose columns
// are all blank is a reject naming them, and a missing column is named.
TEST(CsvReader, ATextJoinedFromColumns) {
  auto env = NewMemEnv();
  constexpr char kReviews[] =
      "id,created_at,title,body,stars\n"
      "1,2024-05-01,Awful,\"Never arrived, no refund\",1\n"
      "2,2024-05-01,Love it!,,5\n"
      "3,2024-05-01,,,3\n";
  ReaderOptions options = OptionsFor("generic", {"text=title+body", "author="});
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadString(env.get(), "r.csv", kReviews, options));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].text, "Awful.\nNever arrived, no refund");
  EXPECT_EQ(r.posts[1].text, "Love it!");
  ASSERT_EQ(r.posts[0].extra.size(), 1u);
  EXPECT_EQ(r.posts[0].extra[0].first, "stars");
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].line, 4u);
  EXPECT_EQ(r.rejects[0].reason, "empty text (column 'title+body')");
  ReaderOptions missing = OptionsFor("generic", {"text=title+summary", "author="});
  EXPECT_THAT(ReadString(env.get(), "r.csv", kReviews, missing),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("column 'summary'")));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("", ""));
  EXPECT_EQ(r.records_read, 0u);
  ASSERT_OK_AND_ASSIGN(ReadResult h, ReadGeneric(""));
  EXPECT_EQ(h.records_read, 0u);
}

// The decoder's sixteen- or thirty-two-byte split (with its record-end
// block and its short record path) against the general one, on random records of every length
// up to 160 dense in delimiters, quotes, line ends and non-ASCII bytes.
void ExpectSplitAgrees() {
  const char kBytes[] = {'a', 'x', ',', '\t', '"', '"', '\n', '\r', ' ', '\xC3', '\xA9', '\xFF', '\x80'};
  uint64_t state = 4242;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  std::vector<std::string_view> want, got;
  std::string want_unescaped, got_unescaped;
  for (int round = 0; round < 40000; ++round) {
    std::string record(next() % 161, 'a');
    const uint32_t plain_odds = 1 + next() % 12;  // from dense to sparse
    for (char& c : record) c = next() % plain_odds ? 'a' : kBytes[next() % sizeof(kBytes)];
    for (char delimiter : {',', '\t'}) {
      bool ascii = false;
      const bool want_ok = SplitCsvFields(record, delimiter, &want, &want_unescaped);
      const bool got_ok = SplitCsvFieldsAscii(record, delimiter, &got, &got_unescaped, &ascii);
      const std::string shown = ::testing::PrintToString(record);
      ASSERT_EQ(got_ok, want_ok) << shown;
      EXPECT_EQ(ascii, std::none_of(record.begin(), record.end(),
                                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
          << shown;
      if (!want_ok) continue;
      ASSERT_EQ(std::vector<std::string>(got.begin(), got.end()),
                std::vector<std::string>(want.begin(), want.end()))
          << shown;
    }
  }
}

// Runs a test body with the AVX2 paths of the scanner and the split (where
// this CPU has them) and with the SSE2 ones, restoring the choice after.
template <typename Body>
void OnBothPaths(Body body) {
  for (bool avx2 : {false, true}) {
    if (avx2 && !csv_internal::HasAvx2()) continue;
    SCOPED_TRACE(avx2 ? "AVX2" : "SSE2");
    const bool saved = csv_internal::SetAvx2(avx2);
    body();
    csv_internal::SetAvx2(saved);
  }
}

TEST(SplitCsvFieldsAscii, AgreesWithSplitCsvFields) { OnBothPaths(ExpectSplitAgrees); }

TEST(CsvReader, BadUtf8InAnUnterminatedQuoteIsRejectedForItsUtf8) {
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadGeneric("1,ann,2015-02-24T11:35:52Z,\"caf\xC3 and more text\n"));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_THAT(r.rejects[0].reason, HasSubstr("invalid UTF-8"));
}

// The scanner jumps from quote to quote and line end to line end; this is
// the byte-at-a-time definition it must agree with: a line end outside
// quotes ends the record, a quote opens a quoted field only at the start of
// a field, "" inside one is a quote.
bool ReferenceScan(std::string_view data, char delimiter, bool at_eof, RecordExtent* out) {
  const size_t n = data.size();
  size_t end = n;
  bool terminated = false;
  for (size_t i = 0; i < n;) {
    if (data[i] == '\n') {
      end = i;
      terminated = true;
      break;
    }
    if (data[i] == '"' && (i == 0 || data[i - 1] == delimiter)) {
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (data[j] != '"') {
          ++j;
        } else if (j + 1 == n && !at_eof) {
          return false;  // maybe the first of a doubled pair
        } else if (j + 1 < n && data[j + 1] == '"') {
          j += 2;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) break;
      i = j + 1;
      continue;
    }
    ++i;
  }
  if (!terminated && !at_eof) return false;
  *out = MakeExtent(data, end, terminated,
                    static_cast<uint64_t>(std::count(data.begin(), data.begin() + end, '\n')));
  return true;
}

// Short inputs with every byte special, and inputs up to 120 bytes with
// fewer (the scanner's sixteen-byte blocks, with quotes and line ends at
// every offset in them and its byte loop for the last few).
void ExpectScannerAgrees(size_t max_size, uint32_t max_plain_odds, uint64_t state) {
  const char kBytes[] = {'a', ',', ';', '"', '"', '\n', '\r'};
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  for (int round = 0; round < 20000; ++round) {
    std::string data(1 + next() % max_size, 'a');
    const uint32_t plain_odds = 1 + next() % max_plain_odds;
    for (char& c : data) c = next() % plain_odds ? 'a' : kBytes[next() % sizeof(kBytes)];
    for (char delimiter : {',', ';'}) {
      for (bool at_eof : {false, true}) {
        RecordExtent want, got;
        bool want_ok = ReferenceScan(data, delimiter, at_eof, &want);
        bool got_ok = CsvScanner(delimiter).Scan(data, at_eof, &got);
        ASSERT_EQ(got_ok, want_ok) << ::testing::PrintToString(data) << " eof " << at_eof;
        if (!want_ok) continue;
        EXPECT_EQ(got.size, want.size) << ::testing::PrintToString(data);
        EXPECT_EQ(got.consumed, want.consumed) << ::testing::PrintToString(data);
        EXPECT_EQ(got.newlines, want.newlines) << ::testing::PrintToString(data);
      }
    }
  }
}

TEST(CsvScanner, AgreesWithTheByteAtATimeDefinition) {
  OnBothPaths([] { ExpectScannerAgrees(24, 1, 12345); });
}

TEST(CsvScanner, AgreesWithTheByteAtATimeDefinitionOnLongInputs) {
  OnBothPaths([] { ExpectScannerAgrees(120, 24, 777); });
}

// The cuts the scanner notes on its pass (AVX2 only) against the general
// split of the record it found: on random inputs of up to 300 bytes (one to
// ten blocks, the record's end in every place of them) with few or many
// delimiters, quotes, line ends and non-ASCII bytes, half of them with a
// quoted field (maybe last, maybe closed) after a plain start. A noted
// record's cuts give SplitCsvFields()'s fields and the ASCII test.
void ExpectCutsAgree(uint64_t state) {
  const char kBytes[] = {'a', ',', ',', ',', '"', '\n', '\r', '\xC3', '\x80'};
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  std::vector<std::string_view> want;
  std::string unescaped;
  size_t noted = 0, noted_quoted = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string data(1 + next() % 300, 'a');
    const uint32_t plain_odds = 1 + next() % 40;
    for (char& c : data) c = next() % plain_odds ? 'a' : kBytes[next() % sizeof(kBytes)];
    if (next() % 2) {
      // A quote that opens a field, and one that may close it before the
      // record's end (or before text, or a doubled one).
      const size_t open = next() % data.size();
      data[open] = '"';
      if (open > 0) data[open - 1] = ',';
      const size_t close = open + 1 + next() % (data.size() - open);
      if (close < data.size()) data[close] = '"';
      if (close + 1 < data.size() && next() % 2) data[close + 1] = next() % 2 ? '\n' : '\r';
      if (close + 2 < data.size() && data[close + 1] == '\r') data[close + 2] = '\n';
    }
    for (bool at_eof : {false, true}) {
      RecordExtent extent;
      if (!CsvScanner(',').Scan(data, at_eof, &extent) || !extent.cuts.noted()) continue;
      ++noted;
      noted_quoted += extent.cuts.quoted_last;
      const std::string_view record = std::string_view(data).substr(0, extent.size);
      const std::string shown = ::testing::PrintToString(data);
      ASSERT_TRUE(SplitCsvFields(record, ',', &want, &unescaped)) << shown;
      std::string_view cut[FieldCuts::kMax + 1];
      const size_t count = CutCsvFields(record, extent.cuts, cut);
      ASSERT_EQ(std::vector<std::string_view>(cut, cut + count), want) << shown;
      EXPECT_EQ(extent.cuts.ascii,
                std::none_of(record.begin(), record.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
          << shown;
    }
  }
  // Many records are noted, some with a quoted last field (the test tests
  // something).
  EXPECT_GT(noted, 10000u);
  EXPECT_GT(noted_quoted, 1000u);
}

TEST(CsvScanner, NotedCutsAgreeWithTheSplit) {
  if (!csv_internal::HasAvx2()) GTEST_SKIP() << "the cuts are noted on the AVX2 path only";
  const bool saved = csv_internal::SetAvx2(true);
  ExpectCutsAgree(9090);
  csv_internal::SetAvx2(saved);
}

// Delimiters past a 16-bit offset, more than FieldCuts holds, and quoted
// fields other than a last one closed at the end with no doubled quote are
// not noted, and the record's end is still found.
TEST(CsvScanner, LeavesCutsItCannotHoldNotNoted) {
  OnBothPaths([] {
    for (const std::string& record :
         {std::string(70000, 'a') + ",b", std::string("1,2,3,4,5,6,7,8,9") + std::string(40, 'a'),
          std::string(40, 'a') + ",b,\"c\"d", std::string(40, 'a') + ",b,\"c\"\"d\"",
          std::string(40, 'a') + ",\"b\",c", std::string(40, 'a') + ",b\"c\""}) {
      const std::string data = record + "\nnext,record,after,it,and,more,bytes,here\n";
      RecordExtent extent;
      ASSERT_TRUE(CsvScanner(',').Scan(data, false, &extent));
      EXPECT_EQ(extent.size, record.size());
      EXPECT_FALSE(extent.cuts.noted()) << record.substr(0, 20);
    }
  });
}

// Reading through the noted cuts (AVX2) gives the posts and rejects that
// the split gives (SSE2 notes none), on records of every kind.
TEST(CsvReader, NotedCutsReadAsTheSplitDoes) {
  if (!csv_internal::HasAvx2()) GTEST_SKIP() << "the cuts are noted on the AVX2 path only";
  std::string body;
  const char* kTexts[] = {"plain text of a post that runs past a block or two, easily",
                          "\"quoted, with \"\"doubled\"\" quotes\nand a line end\"",
                          "caf\xC3\xA9 au lait and then some more words to fill it",
                          "bad \xFF byte in a text that is long enough for two blocks",
                          "", " ", "short"};
  const char* kTimes[] = {"2015-02-24T11:35:52Z", "2015-02-24 11:35:52", "yesterday", ""};
  for (int i = 0; i < 200; ++i) {
    body += std::to_string(i % 7 == 3 ? 0 : i) + (i % 11 == 5 ? " " : "") + ",user" +
            std::to_string(i % 13) + "," + kTimes[i % 4] + "," + kTexts[i % 7];
    if (i % 17 == 9) body += ",extra column";
    body += i % 5 == 0 ? "\r\n" : "\n";
  }
  const bool saved = csv_internal::SetAvx2(false);
  ASSERT_OK_AND_ASSIGN(ReadResult want, ReadGeneric(body));
  csv_internal::SetAvx2(true);
  ASSERT_OK_AND_ASSIGN(ReadResult got, ReadGeneric(body));
  csv_internal::SetAvx2(saved);
  ASSERT_EQ(got.posts.size(), want.posts.size());
  EXPECT_GT(got.posts.size(), 30u);
  for (size_t i = 0; i < want.posts.size(); ++i) {
    EXPECT_EQ(got.posts[i].id, want.posts[i].id);
    EXPECT_EQ(got.posts[i].author, want.posts[i].author);
    EXPECT_EQ(got.posts[i].created_at_ms, want.posts[i].created_at_ms);
    EXPECT_EQ(got.posts[i].text, want.posts[i].text);
    EXPECT_EQ(got.lines[i], want.lines[i]);
  }
  ASSERT_EQ(got.rejects.size(), want.rejects.size());
  for (size_t i = 0; i < want.rejects.size(); ++i) {
    EXPECT_EQ(got.rejects[i].line, want.rejects[i].line);
    EXPECT_EQ(got.rejects[i].reason, want.rejects[i].reason);
  }
}

}  // namespace
}  // namespace parley
