#include "src/ingest/input_file.h"

#include <zlib.h>
#include <zstd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/ingest/ingest_testutil.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::OptionsFor;
using ::parley::testing::ReadAll;
using ::parley::testing::ReadResult;
using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

std::string Gzip(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

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
