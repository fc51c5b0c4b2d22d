#include "src/analyze/output.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "src/analyze/byte_buffer.h"
#include "src/analyze/pipeline.h"
#include "src/core/random.h"
#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string Csv(std::string_view s) {
  std::string out;
  AppendCsvField(s, &out);
  return out;
}

TEST(ByteBuffer, KeepsItsBytesAsItGrowsOntoHugePages) {
  // Small buffers come from malloc; from 256 KiB up, whole 2 MiB-aligned
  // blocks (one page fault each where the kernel gives huge pages). Every
  // byte written survives each move, and a reserve is room at the end.
  ByteBuffer buffer;
  std::string expected;
  uint64_t seed = 1;
  for (int round = 0; round < 400; ++round) {
    size_t n = 1 + (seed = seed * 6364136223846793005ull + 1442695040888963407ull) % 20000;
    char* p = buffer.Reserve(n);
    for (size_t k = 0; k < n; ++k) p[k] = static_cast<char>('a' + (round + k) % 26);
    expected.append(p, n);
    buffer.Commit(p + n);
  }
  ASSERT_GT(buffer.size(), kHugePageMinBytes * 4);
  EXPECT_EQ(buffer.view(), expected);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.view().data()) % kHugePage, 0u);
  buffer.clear();
  buffer.Append("xyz");
  EXPECT_EQ(buffer.view(), "xyz");
  ByteBuffer small;
  small.Append("abc");
  EXPECT_EQ(small.view(), "abc");
}

Post SamplePost() {
  Post p;
  p.source = "twitter";
  p.id = "42";
  p.author = "ann";
  p.created_at_ms = 1424778929000;
  p.text = "Hi \"there\"\n";
  p.metrics.likes = 3;
  p.extra = {{"airline", "United"}};
  return p;
}

Analysis SampleAnalysis() {
  Analysis a;
  a.sentiment.label = SentimentLabel::kPositive;
  a.sentiment.score = 0.4404;
  a.mentions = {"@united"};
  return a;
}

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Json("plain text"), "\"plain text\"");
  EXPECT_EQ(Json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Json("line\nbreak\ttab\r"), "\"line\\nbreak\\ttab\\r\"");
  EXPECT_EQ(Json(std::string("nul\0x", 5)), "\"nul\\u0000x\"");
  EXPECT_EQ(Json("\x1f"), "\"\\u001f\"");
}

TEST(JsonString, EscapesPastTheFirstEightBytes) {
  EXPECT_EQ(Json("0123456789abcdef\"tail"), "\"0123456789abcdef\\\"tail\"");
  EXPECT_EQ(Json("caf\xC3\xA9 is fine as UTF-8 \xF0\x9F\x98\x8D"),
            "\"caf\xC3\xA9 is fine as UTF-8 \xF0\x9F\x98\x8D\"");
}

// Runs a test body on the NDJSON writer's SSE2 text copy and, where this CPU
// has it, on its AVX2 one; restores the default after.
class CopyPathTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam() && !output_internal::HasCopyAvx2()) GTEST_SKIP() << "no AVX2 on this CPU";
    saved_ = output_internal::SetCopyAvx2(GetParam());
  }
  void TearDown() override { output_internal::SetCopyAvx2(saved_); }

 private:
  bool saved_ = false;
};

INSTANTIATE_TEST_SUITE_P(Output, CopyPathTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("Avx2") : std::string("Sse2");
                         });

// The record writer copies strings 16 (SSE2) and 8 bytes at a time, and a
// post's text of 32 bytes or more 32 at a time (AVX2): every byte that needs
// escaping, at every offset across those blocks and in strings of every
// length around them, is escaped as AppendJsonString does.
TEST_P(CopyPathTest, RecordStringsEscapeAtEveryOffset) {
  for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\0'}) {
    for (size_t size = 1; size <= 100; ++size) {
      for (size_t at = 0; at < size; ++at) {
        Post post = SamplePost();
        post.text.assign(size, 'a');
        post.text[at] = special;
        if (at + 1 < size) post.text[size - 1] = '\xC3';  // a byte >= 0x80 needs no escape
        post.author = post.text.substr(0, 40);
        std::string out;
        AppendRecord(post, SampleAnalysis(), OutputOptions(), &out);
        ASSERT_NE(out.find(",\"author\":" + Json(post.author) + ","), std::string::npos)
            << "size " << size << ", escape at " << at << ": " << out;
        ASSERT_NE(out.find(",\"text\":" + Json(post.text) + ","), std::string::npos)
            << "size " << size << ", escape at " << at << ": " << out;
      }
    }
  }
}

// A text with no byte to escape, of every length across the 32-byte blocks,
// is copied whole and followed by the rest of the record.
TEST_P(CopyPathTest, PlainTextsOfEveryLengthAreCopiedWhole) {
  for (size_t size = 0; size <= 200; ++size) {
    Post post = SamplePost();
    post.text.clear();
    for (size_t i = 0; i < size; ++i) post.text.push_back(static_cast<char>('a' + i % 26));
    std::string out;
    AppendRecord(post, SampleAnalysis(), OutputOptions(), &out);
    ASSERT_NE(out.find(",\"text\":\"" + post.text + "\","), std::string::npos) << size;
  }
}

// Random strings of every length up to 200 (the record writer's 32- and 16-byte
// blocks, its two-word tail for 8 to 15 bytes and its one-word tail for 1
// to 7), dense in bytes that need escaping and in UTF-8 bytes that do not,
// come out as the general escaper writes them.
TEST_P(CopyPathTest, RecordStringsMatchTheGeneralEscaperOnRandomText) {
  static constexpr char kBytes[] = {'a', ' ', '"', '\\', '\n', '\r', '\t', '\x01', '\x1f',
                                    '\0', '\x20', '\x7f', '\xC3', '\xA9', '\xF0', '/'};
  Random rng(13);
  for (int round = 0; round < 8000; ++round) {
    Post post = SamplePost();
    post.text.clear();
    const size_t size = rng.Below(round % 2 ? 81 : 201);
    // Mostly plain text, so escapes land at every distance from each other.
    const uint64_t plain_odds = 1 + rng.Below(16);
    for (size_t i = 0; i < size; ++i) {
      post.text.push_back(rng.Below(plain_odds) ? 'x' : kBytes[rng.Below(sizeof(kBytes))]);
    }
    post.author = post.text.substr(0, rng.Below(size + 1));
    std::string out;
    AppendRecord(post, SampleAnalysis(), OutputOptions(), &out);
    ASSERT_NE(out.find(",\"author\":" + Json(post.author) + ","), std::string::npos) << out;
    ASSERT_NE(out.find(",\"text\":" + Json(post.text) + ","), std::string::npos) << out;
  }
}

// The record writer's four-decimal formatter against the general shortest
// round-trip one: scores of four decimals or fewer (negative, whole, up to
// 1e9), halfway and five-decimal values next to them, -0 and arbitrary
// doubles all print as fmt's "{}" does.
TEST(Output, ScoresPrintAsTheShortestRoundTripForm) {
  Random rng(7);
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.5, 9.9999, 10.0, 123456.7891, 1e9, -1e9,
                                0.00005, -0.00005, 0.00015, 1e-4, 1e-5, 0.1 + 0.2};
  for (int i = 0; i < 20000; ++i) {
    const double k = static_cast<double>(rng.Below(40000)) - 20000;
    values.push_back(k / 1e4);
    values.push_back((k + 0.5) / 1e4);
    values.push_back(k / 1e5);
    values.push_back((rng.Uniform() - 0.5) * std::pow(10.0, static_cast<double>(rng.Below(14)) - 4));
  }
  for (double v : values) {
    Analysis a = SampleAnalysis();
    a.sentiment.score = v;
    std::string out;
    AppendRecord(SamplePost(), a, OutputOptions(), &out);
    ASSERT_NE(out.find(fmt::format("\"score\":{},", v)), std::string::npos) << out;
  }
}

// Each label, and "uncertain" for an abstaining model, comes out whole
// from the writer's padded per-label prefixes, with the metrics (none, one,
// all) around it.
TEST(Output, EveryLabelAndUncertainAreWritten) {
  for (SentimentLabel label :
       {SentimentLabel::kNegative, SentimentLabel::kNeutral, SentimentLabel::kPositive}) {
    for (bool uncertain : {false, true}) {
      Analysis a = SampleAnalysis();
      a.sentiment.label = label;
      a.sentiment.uncertain = uncertain;
      a.sentiment.score = -0.25;
      Post post = SamplePost();
      post.metrics.likes.reset();
      if (uncertain) post.metrics.views = 9;
      std::string out;
      AppendRecord(post, a, OutputOptions(), &out);
      const std::string name = uncertain ? "uncertain" : std::string(SentimentLabelName(label));
      const std::string metrics = uncertain ? ",\"metrics\":{\"views\":9}" : "";
      EXPECT_NE(out.find("\"text\":\"Hi \\\"there\\\"\\n\"" + metrics +
                         ",\"sentiment\":{\"label\":\"" + name +
                         "\",\"score\":-0.25,\"model\":\"lexicon\"},"),
                std::string::npos)
          << out;
    }
  }
}

// The NDJSON record of design.md written the plain way: each field with
// AppendJsonString and numbers with fmt's "{}" (scores of four decimals, as
// the lexicon's are; a learned model's are rounded). The record writer's fast
// paths (padded label prefixes, the branch-free sign and trailing zeros of
// its number formatter, its block copies of strings, the lists' commas)
// must give the same bytes.
std::string ReferenceRecord(const Post& post, const Analysis& a, const OutputOptions& o) {
  std::string out = "{\"source\":";
  AppendJsonString(post.source, &out);
  const auto field = [&out](std::string_view key, std::string_view value) {
    out += ",\"" + std::string(key) + "\":";
    AppendJsonString(value, &out);
  };
  field("id", post.id);
  field("author", post.author);
  if (!post.author_name.empty()) field("author_name", post.author_name);
  if (!post.thread.empty()) field("thread", post.thread);
  if (!post.parent.empty()) field("parent", post.parent);
  if (post.has_time) {
    out += ",\"created_at\":\"";
    AppendTimestamp(post.created_at_ms, &out);
    out += "\"";
  }
  field("text", post.text);
  if (!post.lang.empty()) field("lang", post.lang);
  const Sentiment& s = a.sentiment;
  out += ",\"sentiment\":{\"label\":\"" +
         std::string(s.uncertain ? "uncertain" : SentimentLabelName(s.label)) + "\"";
  // A learned model's numbers are rounded to four decimals (and -0 made 0).
  const auto round4 = [](double v) { return std::round(v * 1e4) / 1e4; };
  out += fmt::format(",\"score\":{}", s.has_probabilities ? round4(s.score) + 0.0 : s.score);
  if (s.has_probabilities) {
    out += fmt::format(",\"p\":{{\"negative\":{},\"neutral\":{},\"positive\":{}}}", round4(s.p[0]),
                       round4(s.p[1]), round4(s.p[2]));
  }
  field("model", o.model_name);
  out += "}";
  for (const auto& [key, list] : {std::pair{"mentions", &a.mentions}, {"hashtags", &a.hashtags}}) {
    out += ",\"" + std::string(key) + "\":[";
    for (size_t i = 0; i < list->size(); ++i) {
      if (i) out += ",";
      AppendJsonString((*list)[i], &out);
    }
    out += "]";
  }
  return out + "}\n";
}

TEST(Output, NdjsonRecordMatchesAPlainWriterOnRandomAnalyses) {
  static constexpr char kBytes[] = {'a',  'Z',    ' ',    '"', '\\', '\n', '\x01', '\x1f',
                                    '\0', '\xC3', '\xA9', '@', '#',  '0',  '9',    '/'};
  Random rng(29);
  const auto text = [&rng](size_t max) {
    std::string t;
    const uint64_t plain_odds = 1 + rng.Below(12);
    for (size_t n = rng.Below(max + 1); n > 0; --n) {
      t.push_back(rng.Below(plain_odds) ? static_cast<char>('a' + rng.Below(26))
                                        : kBytes[rng.Below(sizeof(kBytes))]);
    }
    return t;
  };
  // Four decimals or fewer, as written out; -0 too.
  const auto score = [&rng]() {
    if (rng.Below(50) == 0) return -0.0;
    return (static_cast<double>(rng.Below(20001)) - 10000) / 1e4 /
           static_cast<double>(1 + 9 * rng.Below(2) * rng.Below(2));
  };
  for (int round = 0; round < 5000; ++round) {
    Post post;
    post.source = text(40);
    post.id = text(24);
    post.author = text(20);
    if (rng.Below(4) == 0) post.author_name = text(20);
    if (rng.Below(4) == 0) post.thread = text(12);
    if (rng.Below(4) == 0) post.parent = text(12);
    post.has_time = rng.Below(5) != 0;
    post.created_at_ms = static_cast<int64_t>(rng.Below(uint64_t{4} << 40));
    post.text = text(300);
    if (rng.Below(4) == 0) post.lang = text(5);
    Analysis a;
    a.sentiment.label = static_cast<SentimentLabel>(rng.Below(3));
    a.sentiment.uncertain = rng.Below(6) == 0;
    a.sentiment.score = score();
    if (rng.Below(3) == 0) {
      a.sentiment.has_probabilities = true;
      for (double& p : a.sentiment.p) p = static_cast<double>(rng.Below(10001)) / 1e4;
    }
    for (auto* list : {&a.mentions, &a.hashtags}) {
      for (size_t n = rng.Below(4) * rng.Below(2); n > 0; --n) list->push_back(text(30));
    }
    OutputOptions o;
    if (rng.Below(4) == 0) o.model_name = text(16);
    std::string out;
    AppendRecord(post, a, o, &out);
    ASSERT_EQ(out, ReferenceRecord(post, a, o)) << "round " << round;
  }
}

// Strings below 16 bytes are copied as one block from their own buffer:
// the bytes past a string's end (a shortened string keeps its old ones
// there, here quotes) are never taken for escapes. A model named near the
// default "lexicon", which is written as a constant, is written as itself.
TEST(Output, ShortStringsAndModelNamesMatchAPlainWriter) {
  for (size_t size = 0; size < 20; ++size) {
    for (char fill : {'a', '"'}) {
      Post post = SamplePost();
      post.metrics = Metrics();
      post.extra.clear();
      post.author.assign(40, '"');
      post.author.resize(size);
      std::fill(post.author.begin(), post.author.end(), fill);
      post.source = post.author;
      std::string out;
      AppendRecord(post, SampleAnalysis(), OutputOptions(), &out);
      ASSERT_EQ(out, ReferenceRecord(post, SampleAnalysis(), OutputOptions())) << size;
    }
  }
  for (const char* model : {"lexicon", "lexico", "lexicon2", "Lexicon", "lexicoN", "", "a\"b"}) {
    Post post = SamplePost();
    post.metrics = Metrics();
    post.extra.clear();
    OutputOptions o;
    o.model_name = model;
    std::string out;
    AppendRecord(post, SampleAnalysis(), o, &out);
    ASSERT_EQ(out, ReferenceRecord(post, SampleAnalysis(), o)) << model;
  }
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(Csv("plain"), "plain");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("two\nlines"), "\"two\nlines\"");
}

TEST(Output, NdjsonRecordHasTheDesignedShape) {
  std::string out;
  AppendRecord(SamplePost(), SampleAnalysis(), OutputOptions(), &out);
  EXPECT_EQ(out,
            "{\"source\":\"twitter\",\"id\":\"42\",\"author\":\"ann\","
            "\"created_at\":\"2015-02-24T11:55:29Z\",\"text\":\"Hi \\\"there\\\"\\n\","
            "\"metrics\":{\"likes\":3},"
            "\"sentiment\":{\"label\":\"positive\",\"score\":0.4404,\"model\":\"lexicon\"},"
            "\"mentions\":[\"@united\"],\"hashtags\":[],\"extra\":{\"airline\":\"United\"}}\n");
}

TEST(Output, ExtraCanBeLeftOut) {
  std::string out;
  OutputOptions o;
  o.extra = false;
  AppendRecord(SamplePost(), SampleAnalysis(), o, &out);
  EXPECT_EQ(out.find("extra"), std::string::npos);
}

TEST(Output, ProbabilitiesAppearWhenTheModelHasThem) {
  Analysis a = SampleAnalysis();
  a.sentiment.has_probabilities = true;
  a.sentiment.p[0] = 0.1;
  a.sentiment.p[1] = 0.2;
  a.sentiment.p[2] = 0.7;
  std::string out;
  AppendRecord(SamplePost(), a, OutputOptions(), &out);
  EXPECT_NE(out.find("\"p\":{\"negative\":0.1,\"neutral\":0.2,\"positive\":0.7}"),
            std::string::npos);
}

TEST(Output, LearnedModelNumbersHaveFourDecimals) {
  Analysis a = SampleAnalysis();
  a.sentiment.has_probabilities = true;
  a.sentiment.p[0] = 0.123456789;
  a.sentiment.p[1] = 0.00001;
  a.sentiment.p[2] = 1 - 0.123456789 - 0.00001;
  a.sentiment.score = a.sentiment.p[2] - a.sentiment.p[0];
  std::string out;
  AppendRecord(SamplePost(), a, OutputOptions(), &out);
  EXPECT_NE(out.find("\"score\":0.7531,\"p\":{\"negative\":0.1235,\"neutral\":0,"
                     "\"positive\":0.8765}"),
            std::string::npos)
      << out;
  a.sentiment.score = -0.00001;
  out.clear();
  AppendRecord(SamplePost(), a, OutputOptions(), &out);
  EXPECT_NE(out.find("\"score\":0,"), std::string::npos) << out;
}

TEST(Output, CsvHasHeaderAndOneQuotedRow) {
  OutputOptions o;
  o.format = OutputFormat::kCsv;
  std::string out = OutputHeader(o);
  AppendRecord(SamplePost(), SampleAnalysis(), o, &out);
  EXPECT_EQ(out,
            "source,id,author,author_name,thread,parent,created_at,sentiment,score,mentions,"
            "hashtags,text\r\n"
            "twitter,42,ann,,,,2015-02-24T11:55:29Z,positive,0.4404,@united,,\"Hi \"\"there\"\"\n\"\r\n");
}

// The language: the source's tag as written where it gives one, else the
// detected one; CSV has a lang column with --detect-language only.
TEST(Output, LanguageIsTheSourcesElseTheDetectedOne) {
  Post p = SamplePost();
  Analysis a = SampleAnalysis();
  std::string json;
  AppendRecord(p, a, OutputOptions(), &json);
  EXPECT_EQ(json.find("\"lang\""), std::string::npos) << json;
  a.lang = "es";
  json.clear();
  AppendRecord(p, a, OutputOptions(), &json);
  EXPECT_NE(json.find("\"text\":\"Hi \\\"there\\\"\\n\",\"lang\":\"es\",\"metrics\""),
            std::string::npos)
      << json;
  p.lang = "es-MX";
  json.clear();
  AppendRecord(p, a, OutputOptions(), &json);
  EXPECT_NE(json.find("\"lang\":\"es-MX\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"lang\":\"es\""), std::string::npos) << json;
  OutputOptions o;
  o.format = OutputFormat::kCsv;
  o.language = true;
  std::string csv = OutputHeader(o);
  AppendRecord(p, a, o, &csv);
  p.lang.clear();
  AppendRecord(p, a, o, &csv);
  EXPECT_EQ(csv,
            "source,id,author,author_name,thread,parent,created_at,sentiment,score,mentions,"
            "hashtags,lang,text\r\n"
            "twitter,42,ann,,,,2015-02-24T11:55:29Z,positive,0.4404,@united,,es-MX,"
            "\"Hi \"\"there\"\"\n\"\r\n"
            "twitter,42,ann,,,,2015-02-24T11:55:29Z,positive,0.4404,@united,,es,"
            "\"Hi \"\"there\"\"\n\"\r\n");
}

TEST(Output, PostWithoutTimeLeavesCreatedAtOut) {
  Post p = SamplePost();
  p.has_time = false;
  std::string json;
  AppendRecord(p, SampleAnalysis(), OutputOptions(), &json);
  EXPECT_EQ(json.find("created_at"), std::string::npos) << json;
  EXPECT_NE(json.find("\"author\":\"ann\",\"text\":"), std::string::npos) << json;
  OutputOptions o;
  o.format = OutputFormat::kCsv;
  std::string csv;
  AppendRecord(p, SampleAnalysis(), o, &csv);
  EXPECT_EQ(csv.substr(0, csv.find("positive")), "twitter,42,ann,,,,,");
}

TEST(Output, ParsesFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("jsonl"), OutputFormat::kNdjson);
  EXPECT_THAT(ParseOutputFormat("xml"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Reject, KeepsRawTextOrBase64ForInvalidUtf8) {
  std::string out;
  AppendReject("in.csv", 7, "bad time", "a,b", &out);
  EXPECT_EQ(out, "{\"input\":\"in.csv\",\"line\":7,\"reason\":\"bad time\",\"raw\":\"a,b\"}\n");
  out.clear();
  AppendReject("in.csv", 8, "invalid UTF-8", "a\xff", &out);
  EXPECT_EQ(out,
            "{\"input\":\"in.csv\",\"line\":8,\"reason\":\"invalid UTF-8\",\"raw_base64\":\"Yf8=\"}\n");
}

}  // namespace
}  // namespace parley
