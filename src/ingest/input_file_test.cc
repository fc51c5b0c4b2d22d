#include "src/ingest/input_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/ustring.h>

#include "src/ingest/ingest_testutil.h"
#include "tests/testutil/compress.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::Gzip;
using ::parley::testing::OptionsFor;
using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::StatusIs;
using ::parley::testing::Zstd;
using ::testing::AllOf;
using ::testing::HasSubstr;

// Text that compresses but has no long runs: many distinct CSV rows.
std::string ManyRows(int n) {
  std::string csv = "id,author,created_at,text\n";
  for (int i = 0; i < n; ++i) {
    csv += std::to_string(i) + ",user" + std::to_string(i % 97) + ",2015-02-24,\"post " +
           std::to_string(i * 7919) + "\"\n";
  }
  return csv;
}

// Decompresses through small reads, so block boundaries fall everywhere.
StatusOr<std::string> ReadThrough(Env* env, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(auto file, OpenInputFile(env, path));
  std::string out;
  char buf[1000];
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(size_t got, file->Read(buf, sizeof(buf)));
    if (got == 0) return out;
    out.append(buf, got);
  }
}

// UTF-8 text as UTF-16 bytes, little- or big-endian, by ICU.
std::string Utf16Bytes(std::string_view utf8, bool big_endian) {
  std::u16string units(utf8.size() + 1, u'\0');
  int32_t length = 0;
  UErrorCode error = U_ZERO_ERROR;
  u_strFromUTF8(units.data(), static_cast<int32_t>(units.size()), &length, utf8.data(),
                static_cast<int32_t>(utf8.size()), &error);
  EXPECT_TRUE(U_SUCCESS(error)) << u_errorName(error);
  std::string bytes;
  for (int32_t i = 0; i < length; ++i) {
    const auto hi = static_cast<char>(units[i] >> 8), lo = static_cast<char>(units[i] & 0xFF);
    bytes += big_endian ? std::string{hi, lo} : std::string{lo, hi};
  }
  return bytes;
}

// Serves its bytes 1, 2, ... `most` at a time, so that reads end everywhere:
// inside a unit and between a surrogate pair's two.
class ChunkedFile final : public SequentialFile {
 public:
  ChunkedFile(std::string data, size_t most) : data_(std::move(data)), most_(most) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    const size_t count = std::min({n, data_.size() - at_, next_});
    next_ = next_ % most_ + 1;
    data_.copy(buf, count, at_);
    at_ += count;
    return count;
  }

 private:
  std::string data_;
  size_t most_, at_ = 0, next_ = 1;
};

std::string ReadAs(std::string bytes, std::string_view encoding, size_t most) {
  StatusOr<std::unique_ptr<SequentialFile>> opened =
      NewTranscodingFile(std::make_unique<ChunkedFile>(std::move(bytes), most), encoding);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) return "";
  std::unique_ptr<SequentialFile> file = std::move(opened).value();
  std::string out;
  char buf[5];
  while (true) {
    StatusOr<size_t> got = file->Read(buf, sizeof(buf));
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    if (!got.ok() || *got == 0) return out;
    out.append(buf, *got);
  }
}

std::string ReadUtf16(std::string bytes, bool big_endian, size_t most) {
  return ReadAs(std::move(bytes), big_endian ? "UTF-16BE" : "UTF-16LE", most);
}

TEST(NewTranscodingFile, ConvertsUtf16ToUtf8WhereverReadsEnd) {
  // ASCII, Latin-1, the euro sign, CJK, and emoji outside the BMP (pairs).
  const std::string text = "id\ttext\r\n1\tcaf\u00e9 \u20ac5 \u4e2d\u6587 \U0001F600\U0001F44D!\n";
  for (bool big_endian : {false, true}) {
    const std::string bytes = Utf16Bytes(text, big_endian);
    for (size_t most : {1, 2, 3, 5, 7, 4096}) {
      EXPECT_EQ(ReadUtf16(bytes, big_endian, most), text) << big_endian << " " << most;
    }
    // The byte order mark becomes UTF-8's.
    EXPECT_EQ(ReadUtf16(Utf16Bytes("\uFEFFa", big_endian), big_endian, 3), "\uFEFFa");
  }
}

TEST(NewTranscodingFile, ReplacesWhatItCannotDecode) {
  // A lead surrogate with no trail, a trail with no lead, half a unit at the end.
  const std::string lone_lead(
      "\x3D\xD8"
      "a\0",
      4),
      lone_trail(
          "\x00\xDE"
          "b\0",
          4);
  for (size_t most : {1, 3, 64}) {
    EXPECT_EQ(ReadUtf16(lone_lead, false, most), "\uFFFDa");
    EXPECT_EQ(ReadUtf16(lone_trail, false, most), "\uFFFDb");
    EXPECT_EQ(ReadUtf16(std::string("x\0y", 3), false, most), "x\uFFFD");
    // A lead surrogate last of all.
    EXPECT_EQ(ReadUtf16(std::string("x\0\x3D\xD8", 4), false, most), "x\uFFFD");
  }
  EXPECT_EQ(ReadUtf16("", false, 1), "");
}

// Spreadsheets' CSV in their system's code page: Windows-1252 (curly quotes
// and the euro sign where Latin-1 has control characters), and a code page
// of two-byte characters cut by every read.
TEST(NewTranscodingFile, ConvertsLegacyCodePages) {
  for (size_t most : {1, 2, 64}) {
    EXPECT_EQ(ReadAs("caf\xE9 \x93ok\x94 \x80"
                     "5",
                     "windows-1252", most),
              "caf\u00e9 \u201cok\u201d \u20ac5");
    EXPECT_EQ(ReadAs("caf\xE9", "latin1", most), "caf\u00e9");
    EXPECT_EQ(ReadAs("\x93\xFA\x96\x7B,a", "shift_jis", most), "\u65e5\u672c,a");
  }
  // UTF-8 is passed through as it is.
  EXPECT_EQ(ReadAs("caf\xC3\xA9", "utf-8", 1), "caf\u00e9");
}

TEST(CanonicalEncoding, NamesAsIcuDoesOrSaysWhatNamesLookLike) {
  EXPECT_EQ(CanonicalEncoding("auto").value(), "");
  EXPECT_EQ(CanonicalEncoding("").value(), "");
  EXPECT_EQ(CanonicalEncoding("latin1").value(), "ISO-8859-1");
  EXPECT_EQ(CanonicalEncoding("utf-16le").value(), "UTF-16LE");
  EXPECT_EQ(CanonicalEncoding("UTF8").value(), "UTF-8");
  EXPECT_THAT(CanonicalEncoding("klingon"),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("unknown encoding 'klingon'"), HasSubstr("windows-1252"))));
}

TEST(DetectCompression, RecognizesMagicBytes) {
  EXPECT_EQ(DetectCompression("\x1f\x8b\x08\x00"), Compression::kGzip);
  EXPECT_EQ(DetectCompression(std::string_view("\x28\xb5\x2f\xfd", 4)), Compression::kZstd);
  EXPECT_EQ(DetectCompression("id,a"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f"), Compression::kNone);
}

TEST(OpenInputFile, PassesPlainBytesThrough) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "ab", "short.csv"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "short.csv"));
  EXPECT_EQ(data, "ab");
}

TEST(OpenInputFile, GzipRoundTripsAcrossManyBlocks) {
  auto env = NewMemEnv();
  std::string csv = ManyRows(50000);
  ASSERT_OK(WriteStringToFile(env.get(), Gzip(csv), "big.csv.gz"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "big.csv.gz"));
  EXPECT_EQ(data, csv);
}

TEST(OpenInputFile, GzipConcatenatedMembersReadAsOne) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), Gzip("first\n") + Gzip("") + Gzip("second\n"), "c.gz"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "c.gz"));
  EXPECT_EQ(data, "first\nsecond\n");
}

TEST(OpenInputFile, TruncatedGzipIsDataLossNamingThePath) {
  auto env = NewMemEnv();
  std::string gz = Gzip(ManyRows(100));
  ASSERT_OK(WriteStringToFile(env.get(), gz.substr(0, gz.size() / 2), "t.csv.gz"));
  EXPECT_THAT(ReadThrough(env.get(), "t.csv.gz"),
              StatusIs(StatusCode::kDataLoss, "truncated gzip data in 't.csv.gz'"));
}

TEST(OpenInputFile, CorruptGzipIsDataLoss) {
  auto env = NewMemEnv();
  std::string gz = Gzip(ManyRows(100));
  for (size_t i = 20; i < 60; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  ASSERT_OK(WriteStringToFile(env.get(), gz, "bad.gz"));
  EXPECT_THAT(ReadThrough(env.get(), "bad.gz"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("corrupt gzip data in 'bad.gz'")));
}

TEST(OpenInputFile, GzipFollowedByGarbageIsDataLoss) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), Gzip("ok\n") + "garbage", "g.gz"));
  EXPECT_THAT(ReadThrough(env.get(), "g.gz"), StatusIs(StatusCode::kDataLoss));
}

// gzip accepts zeros after the last member (block padding); anything else
// after them is still corruption.
TEST(OpenInputFile, GzipFollowedByZeroPaddingReadsWhole) {
  auto env = NewMemEnv();
  const std::string rows = ManyRows(100);
  ASSERT_OK(WriteStringToFile(env.get(), Gzip(rows) + Gzip("x\n") + std::string(3000, '\0'),
                              "z.gz"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "z.gz"));
  EXPECT_EQ(data, rows + "x\n");
  ASSERT_OK(WriteStringToFile(env.get(), Gzip("ok\n") + std::string(100, '\0') + Gzip("no\n"),
                              "zg.gz"));
  EXPECT_THAT(ReadThrough(env.get(), "zg.gz"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("after the zero padding")));
}

TEST(OpenInputFile, ZstdRoundTripsAcrossManyBlocks) {
  auto env = NewMemEnv();
  std::string csv = ManyRows(50000);
  ASSERT_OK(WriteStringToFile(env.get(), Zstd(csv), "big.csv.zst"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "big.csv.zst"));
  EXPECT_EQ(data, csv);
}

TEST(OpenInputFile, ZstdConcatenatedFramesReadAsOne) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), Zstd("first\n") + Zstd("second\n"), "c.zst"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadThrough(env.get(), "c.zst"));
  EXPECT_EQ(data, "first\nsecond\n");
}

TEST(OpenInputFile, TruncatedZstdIsDataLossNamingThePath) {
  auto env = NewMemEnv();
  std::string zst = Zstd(ManyRows(100));
  ASSERT_OK(WriteStringToFile(env.get(), zst.substr(0, zst.size() - 5), "t.zst"));
  EXPECT_THAT(ReadThrough(env.get(), "t.zst"),
              StatusIs(StatusCode::kDataLoss, "truncated zstd data in 't.zst'"));
}

TEST(OpenInputFile, CorruptZstdIsDataLoss) {
  auto env = NewMemEnv();
  std::string zst = Zstd(ManyRows(100));
  for (size_t i = 4; i < 12; ++i) zst[i] = '\xff';
  ASSERT_OK(WriteStringToFile(env.get(), zst, "bad.zst"));
  EXPECT_THAT(ReadThrough(env.get(), "bad.zst"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("corrupt zstd data in 'bad.zst'")));
}

TEST(OpenRecordReader, ReadsGzipCsvByMagicEvenWithoutGzName) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), Gzip(ManyRows(1000)), "export.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "export.csv", OptionsFor("generic")));
  EXPECT_EQ(r.posts.size(), 1000u);
  EXPECT_EQ(r.posts[999].text, "post " + std::to_string(999 * 7919));
}

TEST(OpenRecordReader, ReadsZstdNdjson) {
  auto env = NewMemEnv();
  std::string ndjson = R"({"id":"1","author":"a","created_at":"2015-02-24","text":"x"})"
                       "\n";
  ASSERT_OK(WriteStringToFile(env.get(), Zstd(ndjson + ndjson), "feed.ndjson.zst"));
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "feed.ndjson.zst"));
  EXPECT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].source, "feed");
}

// Excel's "Unicode Text" and listening tools' exports: UTF-16, often with
// tabs in a file named .csv. Read as the UTF-8 they convert to, with or
// without a byte order mark, compressed or not.
TEST(OpenRecordReader, ReadsUtf16Text) {
  const std::string tsv =
      "Date\tAuthor\tHit Sentence\tId\r\n"
      "2024-05-01T10:00:00Z\t@ana\tcaf\u00e9 was great \U0001F600\t1\r\n"
      "2024-05-01T11:00:00Z\t@ben\t\"two\nlines\"\t2\r\n";
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"le.csv", "\xFF\xFE" + Utf16Bytes(tsv, false)},
      {"be.csv", "\xFE\xFF" + Utf16Bytes(tsv, true)},
      {"nobom.csv", Utf16Bytes(tsv, false)},
      {"nobom-be.tsv", Utf16Bytes(tsv, true)},
      {"zipped.csv.gz", Gzip("\xFF\xFE" + Utf16Bytes(tsv, false))},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto env = NewMemEnv();
    ASSERT_OK(WriteStringToFile(env.get(), c.bytes, c.name));
    ASSERT_OK_AND_ASSIGN(ReadResult r,
                         ReadAll(env.get(), c.name,
                                 OptionsFor("generic", {"id=Id", "author=Author", "created_at=Date",
                                                        "text=Hit Sentence"})));
    ASSERT_EQ(r.posts.size(), 2u);
    EXPECT_TRUE(r.rejects.empty());
    EXPECT_EQ(r.posts[0].text, "caf\u00e9 was great \U0001F600");
    EXPECT_EQ(r.posts[0].author, "@ana");
    EXPECT_EQ(r.posts[1].text, "two\nlines");
    EXPECT_EQ(r.lines, (std::vector<uint64_t>{2, 3}));
  }
}

// A CSV in Windows-1252 (Excel's on Windows) rejects its rows with accents
// as invalid UTF-8, and reads whole when its encoding is named.
TEST(OpenRecordReader, ReadsTheEncodingNamed) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(),
                              "id,author,created_at,text\n1,ana,2024-01-01,caf\xE9 \x93ok\x94\n"
                              "2,ben,2024-01-01,plain\n",
                              "ansi.csv"));
  ASSERT_OK_AND_ASSIGN(ReadResult as_utf8, ReadAll(env.get(), "ansi.csv", OptionsFor("generic")));
  EXPECT_EQ(as_utf8.posts.size(), 1u);
  ASSERT_EQ(as_utf8.rejects.size(), 1u);
  EXPECT_THAT(as_utf8.rejects[0].reason, HasSubstr("invalid UTF-8"));
  ReaderOptions options = OptionsFor("generic");
  options.encoding = "windows-1252";
  ASSERT_OK_AND_ASSIGN(ReadResult r, ReadAll(env.get(), "ansi.csv", options));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_TRUE(r.rejects.empty());
  EXPECT_EQ(r.posts[0].text, "caf\u00e9 \u201cok\u201d");
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{2, 3}));
  // UTF-16 named outright, its byte order mark telling the order.
  ASSERT_OK(WriteStringToFile(env.get(),
                              "\xFF\xFE" + Utf16Bytes("id,author,created_at,text\n"
                                                      "1,a,2024-01-01,x\n",
                                                      false),
                              "u.csv"));
  options.encoding = "UTF-16";
  ASSERT_OK_AND_ASSIGN(r, ReadAll(env.get(), "u.csv", options));
  EXPECT_EQ(r.posts.size(), 1u);
}

TEST(OpenRecordReader, TruncatedCompressedInputFailsTheRead) {
  auto env = NewMemEnv();
  std::string gz = Gzip(ManyRows(20000));
  ASSERT_OK(WriteStringToFile(env.get(), gz.substr(0, gz.size() - 100), "t.csv.gz"));
  EXPECT_THAT(ReadAll(env.get(), "t.csv.gz", OptionsFor("generic")),
              StatusIs(StatusCode::kDataLoss, HasSubstr("'t.csv.gz'")));
}

TEST(OpenRecordReader, RecordsBeforeACorruptionAreStillDelivered) {
  auto env = NewMemEnv();
  std::string gz = Gzip(ManyRows(20000));
  ASSERT_OK(WriteStringToFile(env.get(), gz.substr(0, gz.size() - 100), "t.csv.gz"));
  ASSERT_OK_AND_ASSIGN(auto reader, OpenRecordReader(env.get(), "t.csv.gz", OptionsFor("generic")));
  RecordBatch batch;
  size_t records = 0;
  Status status;
  while (true) {
    StatusOr<bool> more = reader->NextBatch(size_t{1} << 30, &batch);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    ASSERT_TRUE(*more) << "a truncated input must not end cleanly";
    records += batch.records.size();
  }
  EXPECT_THAT(status, StatusIs(StatusCode::kDataLoss));
  EXPECT_GT(records, 19000u);
  EXPECT_EQ(reader->records_read(), records);
}

}  // namespace
}  // namespace parley
