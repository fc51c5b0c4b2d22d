// Golden tests of the parley command line: each case runs the built binary
// on a fixture in tests/golden/ and compares stdout (and the rejects file)
// byte for byte with the expected file beside it. Set PARLEY_UPDATE_GOLDEN=1
// to rewrite the expected files after an intended change, then review the diff.
#include "tests/testutil/cli.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/testutil/files.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

using Result = ::parley::testing::CliResult;
using ::parley::testing::Slurp;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(testing::ParleyBinary()))
        << "no parley binary at " << testing::ParleyBinary() << ": build target parley";
    tmp_ = ::parley::testing::FreshTestDir("cli");
  }
  void TearDown() override { fs::remove_all(tmp_); }

  // Runs `parley ARGS` with the working directory at the repository root.
  Result Run(const std::string& args, const std::string& stdin_file = "/dev/null") {
    return testing::RunParley(args, tmp_, stdin_file);
  }

  void ExpectGolden(const std::string& actual, const std::string& golden) {
    fs::path path = fs::path("tests/golden") / golden;
    if (std::getenv("PARLEY_UPDATE_GOLDEN")) {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " missing: run with PARLEY_UPDATE_GOLDEN=1";
    EXPECT_EQ(actual, Slurp(path)) << "differs from " << path;
  }

  fs::path tmp_;
};

int Lines(const std::string& s) { return testing::CountLines(s); }

TEST_F(CliTest, EachCommandNamedFirstParsesAloneAndHelpListsThemAll) {
  // main() registers only the command its first argument names (start-up):
  // each must then still be found under its own name, and with any other
  // first argument all of them are listed.
  const char* commands[] = {"analyze", "ingest", "synth",  "taxonomy",    "report",
                            "train",   "eval",   "delete", "posts",       "alerts",
                            "author",  "thread", "queue",  "influencers", "serve"};
  Result all = Run("--help");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  for (const char* command : commands) {
    EXPECT_NE(all.out.find(std::string("\n  ") + command + " "), std::string::npos) << command;
    Result r = Run(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_NE(r.out.find(std::string(" ") + command + " [OPTIONS]"), std::string::npos)
        << command << ": " << r.out;
  }
  // A first word that names no command, and errors within a command:
  // CliErrorTest below.
}

TEST_F(CliTest, TheNetworkAndGraphCommandsRunInParleyExtBesideIt) {
  // parley execs parley-ext for the commands that link cpp-httplib or igraph,
  // so its own start-up loads neither (nor OpenSSL, LAPACK, ...).
  std::string needed;
  {
    std::string cmd = "readelf -d " + testing::ParleyBinary().string() + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) needed.append(buf, n);
    ASSERT_EQ(pclose(p), 0) << needed;
  }
  ASSERT_NE(needed.find("(NEEDED)"), std::string::npos) << needed;
  for (const char* lib : {"httplib", "libssl", "libcrypto", "brotli", "igraph", "arpack",
                          "lapack", "gfortran"}) {
    EXPECT_EQ(needed.find(lib), std::string::npos) << lib << " in\n" << needed;
  }
  // Handed over with argv whole: the exit code and the output are parley-ext's.
  Result bad = Run("thread --db " + (tmp_ / "none.db").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("ID is required"), std::string::npos) << bad.err;
  // Without parley-ext beside it: one line naming what is missing, exit 1.
  fs::path alone = tmp_ / "alone";
  fs::create_directories(alone);
  fs::copy_file(testing::ParleyBinary(), alone / "parley");
  std::string cmd = (alone / "parley").string() + " serve --help > " + (tmp_ / "o").string() +
                    " 2> " + (tmp_ / "e").string();
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::string err = Slurp(tmp_ / "e");
  EXPECT_EQ(Lines(err), 1) << err;
  EXPECT_NE(err.find("'serve' is run by parley-ext, which could not be started"),
            std::string::npos)
      << err;
  EXPECT_EQ(Slurp(tmp_ / "o"), "");
}

TEST_F(CliTest, AnalyzesTheDemoConversation) {
  Result r = Run("analyze -j2 data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.expected.ndjson");
  EXPECT_NE(r.err.find("read 30 records from 1 input: 30 accepted + 0 rejected"),
            std::string::npos) << r.err;
}

TEST_F(CliTest, MalformedRecordsGoToTheRejectsFileAndTheSummaryAddsUp) {
  std::string rejects = (tmp_ / "rejects.ndjson").string();
  Result r = Run("analyze tests/golden/analyze/with_rejects.csv --rejects " + rejects);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/with_rejects.expected.ndjson");
  ExpectGolden(Slurp(rejects), "analyze/with_rejects.expected.rejects.ndjson");
  EXPECT_NE(r.err.find("read 6 records from 1 input: 2 accepted + 4 rejected (see " + rejects + ")"),
            std::string::npos) << r.err;
}

// The rejects file is truncated at the first reject and -o is renamed over at
// the end: either naming an input would destroy it (a rejects file that was
// the input cut 196,000 of 200,000 records, exit 0), and one naming the
// other would lose the rejects. Refused before anything is read.
TEST_F(CliTest, AnOutputThatIsAnInputOrTheOtherOutputIsRefused) {
  const std::string input = (tmp_ / "in.csv").string();
  fs::copy_file("tests/golden/analyze/with_rejects.csv", input);
  const std::string original = Slurp(input);
  const std::string same = (tmp_ / "." / "in.csv").string();  // another spelling
  struct Case {
    std::string args, message;
  };
  const std::string db = (tmp_ / "p.db").string();
  const std::string out = (tmp_ / "out.json").string();
  for (const Case& c :
       {Case{"analyze " + input + " --rejects " + same, "--rejects '" + same + "' is the same "
                                                        "file as input '" + input + "'"},
        Case{"ingest " + input + " --db " + db + " --rejects " + input, "--rejects '" + input},
        Case{"analyze " + input + " -o " + same, "-o '" + same + "' is the same file as input"},
        Case{"analyze " + input + " -o " + out + " --rejects " + out,
             "-o '" + out + "' is the same file as --rejects '" + out + "'"}}) {
    Result r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(Lines(r.err), 1) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
    EXPECT_EQ(r.out, "") << c.args;
    EXPECT_EQ(Slurp(input), original) << c.args;
  }
  EXPECT_FALSE(fs::exists(db));
  EXPECT_FALSE(fs::exists(out));
  // Special files may be shared: both to /dev/null is fine.
  Result null = Run("analyze -q " + input + " -o /dev/null --rejects /dev/null");
  EXPECT_EQ(null.exit_code, 0) << null.err;
}

TEST_F(CliTest, ReadsNdjsonWithNestedFieldsAndMaps) {
  std::string rejects = (tmp_ / "rejects.ndjson").string();
  Result r = Run("analyze tests/golden/analyze/posts.ndjson --map author=user.screen_name "
                 "--rejects " + rejects);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/posts.expected.ndjson");
  EXPECT_EQ(Lines(Slurp(rejects)), 1);
}

TEST_F(CliTest, WritesCsv) {
  Result r = Run("analyze -f csv -q data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.expected.csv");
  EXPECT_EQ(r.err, "");  // --quiet
}

TEST_F(CliTest, ReadsStandardInputAndGzip) {
  Result plain = Run("analyze -q -", "data/demo/conversation.csv");
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  std::string gz = (tmp_ / "conversation.csv.gz").string();
  ASSERT_EQ(std::system(("gzip -c data/demo/conversation.csv > " + gz).c_str()), 0);
  Result zipped = Run("analyze -q --source conversation " + gz);
  EXPECT_EQ(zipped.exit_code, 0) << zipped.err;
  EXPECT_EQ(Lines(plain.out), 30);
  // Same records; only the source name differs (stdin vs the file's).
  std::string expected = plain.out;
  for (size_t at; (at = expected.find("\"source\":\"stdin\"")) != std::string::npos;)
    expected.replace(at, 16, "\"source\":\"conversation\"");
  EXPECT_EQ(zipped.out, expected);
}

// A pipe given as a path (`<(zcat x.gz)`, a FIFO) can be read only once:
// nothing may look at it before the run reads it, or its first bytes (the
// header) are gone. Both commands read all of it, and say what auto took.
TEST_F(CliTest, APipeGivenAsAPathIsReadOnce) {
  const std::string fifo = (tmp_ / "posts.fifo").string();
  const std::string out = (tmp_ / "fifo.out").string(), err = (tmp_ / "fifo.err").string();
  for (const std::string& command :
       {std::string("analyze -q"), "ingest --db " + (tmp_ / "f.db").string()}) {
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << command;
    // (Each side gives up after a minute: a second open of the pipe would
    // wait for a writer for good.)
    const std::string cmd = "(timeout 60 cat data/demo/conversation.csv > " + fifo +
                            " &); timeout 60 " + testing::ParleyBinary().string() + " " + command +
                            " " + fifo + " > " + out + " 2> " + err;
    const int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << ": " << Slurp(err);
    if (command == "analyze -q") {
      EXPECT_EQ(Lines(Slurp(out)), 30);
    } else {
      EXPECT_NE(Slurp(err).find("30 accepted"), std::string::npos) << Slurp(err);
    }
    fs::remove(fifo);
  }
}

// A compressed input cut short: the posts read before the cut are stored
// (the store commits as it goes), and the one error line says how many, so
// exit 2 is not read as "nothing stored".
TEST_F(CliTest, AnIngestCutShortByABadInputSaysWhatItStored) {
  const std::string csv = (tmp_ / "s.csv").string(), gz = (tmp_ / "cut.csv.gz").string();
  ASSERT_EQ(Run("synth -q -n 20000 --seed 3 -o " + csv).exit_code, 0);
  ASSERT_EQ(std::system(("gzip -c " + csv + " | head -c 300000 > " + gz).c_str()), 0);
  Result r = Run("ingest " + gz + " --db " + (tmp_ / "p.db").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("truncated gzip data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" posts read before it are stored in "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing is stored twice"), std::string::npos) << r.err;
}

TEST_F(CliTest, WritesAnOutputFileOnlyWhenComplete) {
  std::string out = (tmp_ / "out.ndjson").string();
  Result r = Run("analyze -q data/demo/conversation.csv -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(Slurp(out)), 30);
  EXPECT_FALSE(fs::exists(out + ".partial"));
  Result bad = Run("analyze -q data/demo/conversation.csv missing.csv -o " + (tmp_ / "b").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(fs::exists(tmp_ / "b"));
}

// Whether this build runs under AddressSanitizer, which reserves terabytes of
// shadow address space at start-up: no `ulimit -v` leaves room for it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif

// Threads the system refuses (here: 256 stacks in 600 MB of address space)
// are one error line and exit 2, not std::terminate's abort (exit 134).
TEST_F(CliTest, ThreadsTheSystemRefusesAreAnErrorLine) {
  if (kUnderAsan) GTEST_SKIP() << "AddressSanitizer needs more address space than the test allows";
  const std::string err = (tmp_ / "err").string();
  const std::string cmd = "ulimit -v 600000; " + testing::ParleyBinary().string() +
                          " analyze -q -j 256 data/demo/conversation.csv > /dev/null 2> " + err;
  int status = std::system(("sh -c '" + cmd + "'").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string message = Slurp(err);
  EXPECT_EQ(Lines(message), 1) << message;
  EXPECT_NE(message.find("cannot start 256 worker threads"), std::string::npos) << message;
}

// A damaged zip, UTF-32 text or old Mac line ends given as CSV: one short line
// naming the file and what to do (exit 2), not a preset error that dumps
// the file's bytes onto the terminal. (UTF-16 is read: the next test.)
TEST_F(CliTest, AnInputThatIsNotTextIsOneLineSayingWhatToDo) {
  struct Case {
    std::string name, bytes, says;
  };
  std::string utf32;
  for (char c : std::string("id,author,created_at,text\r\n")) utf32 += {c, '\0', '\0', '\0'};
  const Case cases[] = {
      {"export.xlsx", std::string("PK\x03\x04", 4) + std::string(3000, '\x07'),
       "is a damaged zip file (its directory cannot be read)"},
      {"utf32.csv", utf32, "is UTF-32 text (three NUL bytes of every four): save it as UTF-8"},
      {"cr.csv", "id,author,created_at,text\r1,a,2024-01-02T03:04:05Z,hi\r",
       "ends its lines with CR alone"},
  };
  for (const Case& c : cases) {
    const std::string path = (tmp_ / c.name).string();
    std::ofstream(path, std::ios::binary) << c.bytes;
    Result r = Run("analyze -q " + path);
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("'" + path + "' " + c.says), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 200u + path.size()) << r.err;
    EXPECT_EQ(r.out, "") << c.name;
  }
}

// UTF-16 text, as Excel's "Unicode Text" saves it (a byte order mark,
// tabs), reads as its UTF-8, from a file or standard input.
TEST_F(CliTest, ReadsUtf16Text) {
  std::string utf16("\xFF\xFE", 2);
  for (char c : std::string(
           "id\tauthor\tcreated_at\ttext\r\n1\tana\t2024-01-02T03:04:05Z\tgreat crew\r\n")) {
    utf16 += {c, '\0'};
  }
  utf16 += std::string("2\0\t\0b\0\t\0", 8);  // then "caf\u00e9" and a line's end
  for (char c : std::string("2024-01-02T04:00:00Z\t")) utf16 += {c, '\0'};
  utf16 += std::string("c\0a\0f\0\xE9\0\r\0\n\0", 12);
  const std::string path = (tmp_ / "unicode.txt").string();
  std::ofstream(path, std::ios::binary) << utf16;
  for (const bool from_stdin : {false, true}) {
    Result r = from_stdin ? Run("analyze -q -", path) : Run("analyze -q " + path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Lines(r.out), 2) << r.out;
    EXPECT_NE(r.out.find(R"("author":"ana")"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"text\":\"caf\u00e9\""), std::string::npos) << r.out;
  }
}

// A CSV saved in Windows-1252 (Excel's on Windows) rejects its rows with
// accents: the summary says so, even with other rows read, and how to read
// it; --encoding names the encoding, and an unknown name is a flag error.
TEST_F(CliTest, ACsvInAnotherEncodingSaysHowToReadItAndReadsWithEncoding) {
  const std::string csv = (tmp_ / "ansi.csv").string();
  std::ofstream(csv, std::ios::binary)
      << "id,author,created_at,text\n1,ann,2024-03-01T10:00:00Z,fine\n"
         "2,bob,2024-03-01T11:00:00Z,caf\xE9 \x93ok\x94\n";
  const std::string rejects = (tmp_ / "r.ndjson").string();
  Result some = Run("analyze -o /dev/null --rejects " + rejects + " " + csv);
  EXPECT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(
      some.err.find("1 accepted + 1 rejected (see " + rejects + "; the first, line 3 of " + csv +
                    ": invalid UTF-8 in column 'text': if the file is not UTF-8, "
                    "name its encoding with --encoding (Excel's CSV on Windows: "
                    "windows-1252))"),
      std::string::npos)
      << some.err;
  Result read = Run("analyze -q --encoding windows-1252 " + csv);
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(Lines(read.out), 2) << read.out;
  EXPECT_NE(read.out.find("\"text\":\"caf\u00e9 \u201cok\u201d\""), std::string::npos) << read.out;
  Result bad = Run("analyze --encoding klingon " + csv);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(Lines(bad.err), 1) << bad.err;
  EXPECT_NE(bad.err.find("--encoding: unknown encoding 'klingon'"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, "");
}

// An Excel workbook: its empty first sheet is an error naming the sheets;
// --sheet reads the one named (its date-formatted cells as times), and a
// sheet it does not have is one line saying which it has.
TEST_F(CliTest, ReadsTheSheetOfAWorkbookNamed) {
  const std::string book = "tests/data/ingest/sub/workbook.xlsx";
  Result first = Run("analyze -q " + book);
  EXPECT_EQ(first.exit_code, 2);
  EXPECT_EQ(Lines(first.err), 1) << first.err;
  EXPECT_NE(first.err.find("'" + book +
                           "' has nothing in its sheet 'Summary'; its sheets are "
                           "'Summary', 'Mentions': name one with --sheet"),
            std::string::npos)
      << first.err;
  EXPECT_EQ(first.out, "");
  Result named = Run("analyze -q --sheet Mentions " + book);
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(Lines(named.out), 2) << named.out;
  EXPECT_NE(named.out.find(R"("id":"101","author":"maya","created_at":"2024-05-01T10:22:00Z")"),
            std::string::npos)
      << named.out;
  Result missing = Run("analyze -q --sheet Data " + book);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(Lines(missing.err), 1) << missing.err;
  EXPECT_NE(missing.err.find("has no sheet 'Data'; its sheets are 'Summary', 'Mentions'"),
            std::string::npos)
      << missing.err;
}

// Tab-separated data from stdin (or any name) reads with --input-format tsv.
TEST_F(CliTest, ReadsTsvFromStandardInput) {
  const std::string tsv = (tmp_ / "t.txt").string();
  std::ofstream(tsv) << "id\tauthor\tcreated_at\ttext\n1\ta\t2024-01-02T03:04:05Z\thi, there\n";
  Result r = Run("analyze -q --input-format tsv -", tsv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 1);
  EXPECT_NE(r.out.find("\"text\":\"hi, there\""), std::string::npos) << r.out;
  // Without it, the header's tabs say so.
  Result plain = Run("analyze -q -", tsv);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, r.out);
  // Commas asked for: one column of tabs, and the message says what to do.
  Result commas = Run("analyze -q --delimiter comma -", tsv);
  EXPECT_EQ(commas.exit_code, 2);
  EXPECT_NE(commas.err.find("separated by tabs, not commas: read it with --input-format tsv"),
            std::string::npos)
      << commas.err;
}

// A spreadsheet's CSV in a locale whose decimal mark is a comma has
// semicolons: the header shows them; --delimiter names one outright.
TEST_F(CliTest, ReadsTheDelimiterTheHeaderShowsOrTheOneAskedFor) {
  const std::string csv = (tmp_ / "fr.csv").string();
  std::ofstream(csv)
      << "id;author;created_at;text\r\n1;ann;2024-03-05 14:02;\"en retard, encore\"\r\n";
  Result r = Run("analyze -q " + csv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"text\":\"en retard, encore\""), std::string::npos) << r.out;
  Result named = Run("analyze -q --delimiter semicolon " + csv);
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(named.out, r.out);
  Result bad = Run("analyze -q --delimiter colon " + csv);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown delimiter 'colon'"), std::string::npos) << bad.err;
  Result tsv = Run("analyze -q --input-format tsv --delimiter ';' " + csv);
  EXPECT_EQ(tsv.exit_code, 2);
  EXPECT_NE(tsv.err.find("--input-format tsv is tab-separated"), std::string::npos) << tsv.err;
  Result json = Run("analyze -q --input-format ndjson --delimiter ';' " + csv);
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_NE(json.err.find("--delimiter is for CSV input"), std::string::npos) << json.err;
}

// Day-first times ("05/03/2024", the 5th of March) read with --time-format;
// without it they are rejects that name the forms parley reads.
TEST_F(CliTest, ReadsTimesByTheLayoutGiven) {
  const std::string csv = (tmp_ / "eu.csv").string();
  std::ofstream(csv) << "id,author,created_at,text\n1,ann,05/03/2024 14:02,late\n";
  const std::string rejects = (tmp_ / "rejects.ndjson").string();
  Result r = Run("analyze -q --time-format '%d/%m/%Y %H:%M' --rejects " + rejects + " " + csv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"created_at\":\"2024-03-05T14:02:00Z\""), std::string::npos) << r.out;
  // Without it, 05/03 is the 5th of March or the 3rd of May: the run asks.
  Result plain = Run("analyze --rejects " + rejects + " " + csv);
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_EQ(Lines(plain.out), 0);
  EXPECT_EQ(plain.err,
            "parley analyze: error: '" + csv +
                "': the times in column 'created_at' write the day and the month as numbers, "
                "none above 12 ('05/03/2024 14:02'), so either may come first: say which with "
                "--time-format '%m/%d/%Y %H:%M' (month first) or --time-format '%d/%m/%Y %H:%M' "
                "(day first)\n");
  Result bad = Run("analyze -q --time-format '%H:%M' " + csv);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("time layout '%H:%M' has no whole date"), std::string::npos) << bad.err;
}

// A spreadsheet's times that the usual forms do not read are read by the
// layout their first values share, when it is plain (a day above 12 tells
// the day from the month), and the run says so; where the usual forms read
// some, the others are rejects, as before.
TEST_F(CliTest, GuessesASpreadsheetsTimeLayoutWhenItIsPlain) {
  const std::string csv = (tmp_ / "us.csv").string();
  std::ofstream(csv) << "id,author,Date,text\n1,ann,3/14/2024 2:05 PM,late again\n"
                        "2,bob,3/2/2024 9:00 AM,fine\n";
  Result r = Run("analyze " + csv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"created_at\":\"2024-03-14T14:05:00Z\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"created_at\":\"2024-03-02T09:00:00Z\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(csv + ": times read as '%m/%d/%Y %I:%M %p' (--time-format LAYOUT to "
                             "change)\n"),
            std::string::npos)
      << r.err;
  const std::string db = (tmp_ / "us.db").string();
  Result stored = Run("ingest --db " + db + " " + csv);
  EXPECT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.err.find("2 accepted"), std::string::npos) << stored.err;
  EXPECT_NE(stored.err.find("times read as '%m/%d/%Y %I:%M %p'"), std::string::npos) << stored.err;

  // A date and a time of day in columns of their own are read as one time.
  const std::string apart = (tmp_ / "apart.csv").string();
  std::ofstream(apart) << "id,author,Date,Time,text\n1,ann,14/03/2024,2:05 PM,late again\n";
  Result joined = Run("analyze " + apart);
  EXPECT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_NE(joined.out.find("\"created_at\":\"2024-03-14T14:05:00Z\""), std::string::npos)
      << joined.out;
  EXPECT_NE(joined.err.find("columns taken by their names: created_at=Date+Time"),
            std::string::npos)
      << joined.err;
  EXPECT_NE(joined.err.find("times read as '%d/%m/%Y %I:%M %p'"), std::string::npos) << joined.err;

  // --time-zone: the wall-clock times are Paris's; a zone ICU does not know
  // is one line saying what names look like.
  Result paris = Run("analyze --time-zone Europe/Paris " + apart);
  EXPECT_EQ(paris.exit_code, 0) << paris.err;
  EXPECT_NE(paris.out.find("\"created_at\":\"2024-03-14T13:05:00Z\""), std::string::npos)
      << paris.out;
  Result unknown = Run("analyze --time-zone Europe/Pariss " + apart);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--time-zone: unknown time zone 'Europe/Pariss': name a zone of the "
                             "IANA database"),
            std::string::npos)
      << unknown.err;
  EXPECT_EQ(unknown.out, "");

  // An NDJSON export's times too.
  const std::string ndjson = (tmp_ / "eu.ndjson").string();
  std::ofstream(ndjson) << R"({"id":"1","author":"ann","created_at":"14.03.2024 14:05","text":"x"})"
                        << "\n";
  Result json = Run("analyze " + ndjson);
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"created_at\":\"2024-03-14T14:05:00Z\""), std::string::npos)
      << json.out;
  EXPECT_NE(json.err.find(ndjson + ": times read as '%d.%m.%Y %H:%M'"), std::string::npos)
      << json.err;

  const std::string mixed = (tmp_ / "mixed.csv").string();
  std::ofstream(mixed) << "id,author,created_at,text\n1,ann,2024-03-14T14:05:00Z,ok\n"
                          "2,bob,3/14/2024 9:00,typed by hand\n";
  Result some = Run("analyze --rejects /dev/null " + mixed);
  EXPECT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.err.find("1 accepted + 1 rejected"), std::string::npos) << some.err;
  EXPECT_EQ(some.err.find("times read as"), std::string::npos) << some.err;
}

// A run that accepts nothing was most likely told the wrong way to read its
// input: its summary says what the first reject says, not only where the
// rejects are.
TEST_F(CliTest, ARunThatAcceptsNothingSaysWhyTheFirstWasRefused) {
  const std::string csv = (tmp_ / "blank.csv").string();
  std::ofstream(csv) << "id,author,created_at,text\n1,ann,2024-03-01T10:00:00Z,\n"
                        "2,bob,2024-03-01T11:00:00Z,\n";
  const std::string rejects = (tmp_ / "r.ndjson").string();
  Result none = Run("analyze --rejects " + rejects + " " + csv);
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.err.find("0 accepted + 2 rejected (see " + rejects + "; the first, line 2 of " +
                          csv + ": empty text"),
            std::string::npos)
      << none.err;
  const std::string db = (tmp_ / "b.db").string();
  Result stored = Run("ingest --db " + db + " --rejects " + rejects + " " + csv);
  EXPECT_NE(stored.err.find("+ 2 rejected (see " + rejects + "; the first, line 2 of "),
            std::string::npos)
      << stored.err;
  // With some accepted, the rejects file alone.
  std::ofstream(csv, std::ios::app) << "3,cy,2024-03-01T12:00:00Z,fine\n";
  Result some = Run("analyze --rejects " + rejects + " " + csv);
  EXPECT_NE(some.err.find("1 accepted + 2 rejected (see " + rejects + ");"), std::string::npos)
      << some.err;
}

// A JSON array (a .json export, a folder of them, or stdin) reads element by
// element: a non-object element is a reject at the line where it starts.
TEST_F(CliTest, ReadsJsonArraysFromFilesFoldersAndStandardInput) {
  fs::create_directories(tmp_ / "in");
  const std::string json = (tmp_ / "in" / "export.json").string();
  std::ofstream(json)
      << "[\n"
         R"( {"id":"1","author":"a","created_at":"2024-01-02T03:04:05Z",)"
         "\n"
         R"(  "text":"item one"},)"
         "\n 7,\n"
         R"( {"id":"2","author":"a","created_at":"2024-01-02T03:04:05Z","text":"two"})"
         "\n]\n";
  const std::string rejects = (tmp_ / "r.ndjson").string();
  Result file = Run("analyze " + json + " --rejects " + rejects);
  EXPECT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(Lines(file.out), 2);
  EXPECT_NE(file.out.find("\"text\":\"item one\""), std::string::npos) << file.out;
  EXPECT_NE(file.err.find("read 3 records from 1 input: 2 accepted + 1 rejected"),
            std::string::npos)
      << file.err;
  const std::string reject = Slurp(rejects);
  EXPECT_NE(reject.find("\"line\":4"), std::string::npos) << reject;
  EXPECT_NE(reject.find("expected a JSON object, found number"), std::string::npos) << reject;
  Result folder = Run("analyze -q --rejects /dev/null " + (tmp_ / "in").string());
  EXPECT_EQ(folder.out, file.out);
  Result piped = Run("analyze -q --rejects /dev/null --input-format json --source export -", json);
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, file.out);
}

// SIGTERM (timeout, kill) and SIGINT (Ctrl-C) end the run without an OUT
// and without the OUT.partial it was writing.
TEST_F(CliTest, AKilledRunLeavesNoPartialOutput) {
  for (const char* signal : {"TERM", "INT"}) {
    const std::string out = (tmp_ / (std::string("killed_") + signal + ".json")).string();
    const std::string cmd = "(cat data/demo/conversation.csv; sleep 2) | timeout -s " +
                            std::string(signal) + " 0.5 " + testing::ParleyBinary().string() +
                            " analyze -q - -o " + out + " 2>/dev/null";
    int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << signal;
    EXPECT_EQ(WEXITSTATUS(status), 124) << signal;  // timeout's "it was killed"
    EXPECT_FALSE(fs::exists(out + ".partial")) << signal;
    EXPECT_FALSE(fs::exists(out)) << signal;
  }
}

// "auto" tells an export by its own columns: --map making the tweets preset
// fit a Trustpilot file does not make its posts Twitter's, and columns named
// as fields map whichever preset is chosen (an id column is not replaced by
// line numbers because created_at is missing).
TEST_F(CliTest, AutoPresetGoesByTheFilesOwnColumns) {
  const std::string reviews = (tmp_ / "trustpilot.csv").string();
  std::ofstream(reviews) << "Review ID,Reviewer Name,Review Created (UTC),Review Content\n"
                            "tp-1,Ann,2024-01-02T03:04:05Z,Fast delivery\n";
  Result mapped = Run("analyze -q " + reviews +
                      " --map 'id=Review ID' --map 'author=Reviewer Name'"
                      " --map 'created_at=Review Created (UTC)' --map 'text=Review Content'");
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_EQ(mapped.out.rfind(R"({"source":"trustpilot","id":"tp-1","author":"Ann",)", 0), 0u)
      << mapped.out;
  const std::string bare = (tmp_ / "idauthortext.csv").string();
  std::ofstream(bare) << "id,author,text,likes\nabc-1,alice,great product,5\n";
  Result named = Run("analyze -q " + bare);
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(named.out.rfind(R"({"source":"idauthortext","id":"abc-1","author":"alice",)", 0), 0u)
      << named.out;
  EXPECT_NE(named.out.find(R"("likes":5)"), std::string::npos) << named.out;
}

// A report's preamble above the header is skipped, and said (not with -q);
// ingest stores its posts.
TEST_F(CliTest, SkipsAReportsPreambleAndSaysSo) {
  const std::string report = (tmp_ / "report.csv").string();
  std::ofstream(report) << "Report:,Mentions\nBrand:,Skyloft\n\n"
                           "Id,Date,Author,Full Text\n"
                           "m1,2024-01-05 10:00:00,maya,@SkyloftAir delayed again\n";
  Result told = Run("analyze " + report);
  EXPECT_EQ(told.exit_code, 0) << told.err;
  EXPECT_EQ(told.err.rfind("parley analyze: " + report +
                               ": header on line 4, the 3 lines above it skipped (a report's "
                               "preamble)\n",
                           0),
            0u)
      << told.err;
  EXPECT_NE(told.out.find(R"("id":"m1","author":"maya")"), std::string::npos) << told.out;
  EXPECT_EQ(Run("analyze -q " + report).err, "");
  const std::string db = (tmp_ / "report.db").string();
  Result ingested = Run("ingest -q --db " + db + " " + report);
  EXPECT_EQ(ingested.exit_code, 0) << ingested.err;
}

// Exports as they come: headers in their own case and words, RFC 2822
// times, and a file with no header row read under --columns.
TEST_F(CliTest, ReadsExportsByTheirOwnColumnNamesAndHeaderlessFiles) {
  const std::string forum = (tmp_ / "forum.csv").string();
  std::ofstream(forum) << "ID,User,Date,Message,Like Count\n"
                          "c1,maria,\"Tue, 24 Feb 2015 10:15:29 GMT\",the app keeps crashing,4\n";
  Result named = Run("analyze -q " + forum);
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(
      named.out.rfind(R"({"source":"forum","id":"c1","author":"maria",)"
                      R"("created_at":"2015-02-24T10:15:29Z","text":"the app keeps crashing",)"
                      R"("metrics":{"likes":4},)",
                      0),
      0u)
      << named.out;
  // Guessed columns are said, before the summary (not with -q).
  EXPECT_EQ(named.err, "");
  Result told = Run("analyze " + forum);
  EXPECT_EQ(told.exit_code, 0) << told.err;
  EXPECT_EQ(told.err.rfind("parley analyze: " + forum +
                               ": columns taken by their names: id=ID, author=User, "
                               "created_at=Date, text=Message, likes=Like Count (--map "
                               "FIELD=COLUMN to change)\nparley analyze: read 1 record ",
                           0),
            0u)
      << told.err;
  Result piped = Run("analyze -", forum);
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.rfind("parley analyze: stdin: columns taken by their names: id=ID, ", 0), 0u)
      << piped.err;
  const std::string db = (tmp_ / "forum.db").string();
  Result ingested = Run("ingest --db " + db + " " + forum);
  EXPECT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_NE(ingested.err.find("parley ingest: " + forum + ": columns taken by their names: id=ID,"),
            std::string::npos)
      << ingested.err;
  const std::string headerless = (tmp_ / "s140.csv").string();
  std::ofstream(headerless)
      << "\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"_TheSpecialOne_\","
         "\"is upset that he can't update his Facebook\"\n";
  Result without = Run("analyze -q " + headerless);
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.err.find("no preset fits the columns 0, 1467810369"), std::string::npos)
      << without.err;
  Result with = Run("analyze -q --columns target,id,date,query,user,text " + headerless);
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out.rfind(R"({"source":"s140","id":"1467810369","author":"_TheSpecialOne_",)"
                           R"("created_at":"2009-04-07T05:19:45Z",)",
                           0),
            0u)
      << with.out;
  EXPECT_NE(with.out.find(R"("target":"0")"), std::string::npos) << with.out;  // in extra
  Result twice = Run("analyze -q --columns id,text,id " + headerless);
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(twice.err,
            "parley analyze: error: --columns names 'id' twice: each column needs its own name\n");
}

// A local time whose zone takes it past year 9999 (or before year 1) is a
// reject saying so, not a time written with a wrapped year.
TEST_F(CliTest, TimesOutsideYearsOneTo9999AreRejected) {
  const std::string csv = (tmp_ / "yr.csv").string();
  const std::string rejects = (tmp_ / "r.ndjson").string();
  std::ofstream(csv) << "id,author,created_at,text\n1,a,9999-12-31T23:59:59-23:59,x\n"
                        "2,a,0001-01-01T00:00:00+01:00,y\n3,a,2024-01-02T03:04:05Z,z\n";
  Result r = Run("analyze -q " + csv + " --rejects " + rejects);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 1) << r.out;
  const std::string rejected = Slurp(rejects);
  EXPECT_EQ(Lines(rejected), 2) << rejected;
  EXPECT_NE(rejected.find("is out of range: in UTC it is after year 9999"), std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find("is out of range: in UTC it is before year 1"), std::string::npos)
      << rejected;
}

TEST_F(CliTest, SynthWritesATinyDeterministicStream) {
  Result r = Run("synth -n 20 --seed 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "synth/n20_seed1.expected.csv");
  EXPECT_NE(r.err.find("parley synth: wrote 20 posts (1 incident, seed 1) to stdout"),
            std::string::npos) << r.err;
}

TEST_F(CliTest, SynthOutputIsReadByAnalyzeAndTheTruthFileAppearsWhole) {
  std::string out = (tmp_ / "s.csv").string(), truth = (tmp_ / "truth.json").string();
  Result r = Run("synth -q -n 500 --seed 3 -o " + out + " --truth " + truth);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(out + ".partial"));
  EXPECT_NE(Slurp(truth).find("\"unanswered_complaints\":["), std::string::npos);
  Result a = Run("analyze -q " + out);
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(Lines(a.out), 500);
}

TEST_F(CliTest, AnalyzesWithATaxonomy) {
  Result r = Run("analyze -j2 -q --taxonomy data/taxonomy/demo.toml data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.taxonomy.expected.ndjson");
}

TEST_F(CliTest, TheRe2EngineGivesTheSameTaxonomyOutput) {
  Result r = Run("analyze -q --match-engine re2 --taxonomy data/taxonomy/demo.toml "
                 "data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.taxonomy.expected.ndjson");
}

TEST_F(CliTest, AYamlTaxonomyTagsAsItsTomlTwinDoes) {
  Result r = Run("analyze -q --taxonomy data/taxonomy/demo.yaml data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.taxonomy.expected.ndjson");
}

TEST_F(CliTest, WritesCsvWithTaxonomyColumns) {
  Result r = Run("analyze -q -f csv --taxonomy data/taxonomy/demo.toml data/demo/conversation.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "analyze/demo.taxonomy.expected.csv");
}

TEST_F(CliTest, TaxonomyCheckShowsWhatAFileMatchesOnASample) {
  Result r = Run("taxonomy check --match-engine re2 data/taxonomy/demo.toml "
                 "--sample data/demo/conversation.csv --limit 2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "taxonomy/check_demo.expected.txt");
}

// A sample is read as an input is: a text column alone will do (posts
// need no id or time here), its reading flags say how it is written, and a
// record that cannot be read is said, not dropped unseen.
TEST_F(CliTest, TaxonomyCheckReadsASampleAsItIsWritten) {
  fs::path texts = tmp_ / "texts.csv";
  std::ofstream(texts) << "Message\n"
                          "my flight was delayed three hours\n"
                          "\"never got my bag back\n";  // an unterminated quote
  Result r = Run("taxonomy check data/taxonomy/airlines.toml --sample " + texts.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sample " + texts.string() +
                       ": 1 posts, 0 with no topic\n  1 record could "
                       "not be read and is left out (line 3: unterminated quoted field)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("late_flight:\n    2  my flight was delayed three hours"), std::string::npos)
      << r.out;

  fs::path bare = tmp_ / "bare.csv";
  std::ofstream(bare) << "7|lost my luggage in Denver\n";
  Result columns = Run("taxonomy check data/taxonomy/airlines.toml --sample " + bare.string() +
                       " --sample-columns id,body --sample-delimiter pipe");
  EXPECT_EQ(columns.exit_code, 0) << columns.err;
  EXPECT_NE(columns.out.find("luggage:\n    7  lost my luggage in Denver"), std::string::npos)
      << columns.out;

  fs::path dates = tmp_ / "dates.csv";
  std::ofstream(dates) << "id,created_at,text\n1,05/02/2026 10:15,the crew was lovely\n";
  Result asks = Run("taxonomy check data/taxonomy/airlines.toml --sample " + dates.string());
  EXPECT_EQ(asks.exit_code, 2);
  EXPECT_EQ(Lines(asks.err), 1) << asks.err;
  EXPECT_NE(asks.err.find("say which with --sample-time-format '%m/%d/%Y %H:%M' (month first)"),
            std::string::npos)
      << asks.err;
  fs::path words = tmp_ / "words.csv";
  std::ofstream(words) << "id,created_at,text\n1,yesterday at noon,the crew was lovely\n";
  Result unread = Run("taxonomy check data/taxonomy/airlines.toml --sample " + words.string());
  EXPECT_EQ(unread.exit_code, 2);
  EXPECT_EQ(Lines(unread.err), 1) << unread.err;
  EXPECT_NE(unread.err.find("no record of '" + words.string() + "' could be read"),
            std::string::npos)
      << unread.err;
  Result layout = Run("taxonomy check data/taxonomy/airlines.toml --sample " + dates.string() +
                      " --sample-time-format '%d/%m/%Y %H:%M' --sample-map text=text");
  EXPECT_EQ(layout.exit_code, 0) << layout.err;
  EXPECT_NE(layout.out.find("1 posts, 0 with no topic"), std::string::npos) << layout.out;

  // What to fix names the sample's own flags, not an input's.
  fs::path stars = tmp_ / "stars.csv";
  std::ofstream(stars) << "verdict_words,stars\nthe seat was broken,1\n";
  Result unmapped = Run("taxonomy check data/taxonomy/airlines.toml --sample " + stars.string());
  EXPECT_EQ(unmapped.exit_code, 2);
  EXPECT_NE(unmapped.err.find("choose one with --sample-preset and adjust it with --sample-map "
                              "field=COLUMN"),
            std::string::npos)
      << unmapped.err;
  Result missing = Run("taxonomy check data/taxonomy/airlines.toml --sample " + stars.string() +
                       " --sample-preset generic");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("; use --sample-map "), std::string::npos) << missing.err;
  Result mapped = Run("taxonomy check data/taxonomy/airlines.toml --sample " + stars.string() +
                      " --sample-map text=verdict_words");
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_NE(mapped.out.find("1 posts"), std::string::npos) << mapped.out;
}

// A brand's `sources`: the app's reviews, which never name it, are the
// brand's posts once ingested under its source: counted in its share of
// voice, a negative one a complaint waiting in the care queue. `taxonomy
// check --sample-source` shows the same on a sample.
TEST_F(CliTest, PostsFromABrandsSourcesAreItsPosts) {
  fs::path tax = tmp_ / "app.toml";
  std::ofstream(tax) << "[taxonomy]\nname = \"app\"\nversion = 1\n\n"
                        "[brands.skyloft]\nown = true\naliases = [\"Skyloft\"]\n"
                        "accounts = [\"SkyloftHelp\"]\nsources = [\"skyloft_play\"]\n\n"
                        "[brands.jetwave]\naliases = [\"Jetwave\"]\n";
  fs::path reviews = tmp_ / "reviews.csv";
  std::ofstream(reviews) << "id,author,created_at,text,rating\n"
                            "r1,ann,2026-03-01T10:00:00Z,crashes every time I open it. awful,1\n"
                            "r2,bob,2026-03-01T11:00:00Z,works great. love it,5\n";
  fs::path tweets = tmp_ / "tweets.csv";
  std::ofstream(tweets) << "id,author,created_at,text\n"
                           "t1,cat,2026-03-01T12:00:00Z,flying Jetwave tomorrow\n";
  const std::string db = (tmp_ / "app.db").string();
  Result in = Run("ingest -q --source skyloft_play --taxonomy " + tax.string() + " --db " + db +
                  " " + reviews.string());
  ASSERT_EQ(in.exit_code, 0) << in.err;
  in = Run("ingest -q --source twitter --taxonomy " + tax.string() + " --db " + db + " " +
           tweets.string());
  ASSERT_EQ(in.exit_code, 0) << in.err;
  Result posts = Run("posts -f csv -q --brand skyloft --db " + db);
  ASSERT_EQ(posts.exit_code, 0) << posts.err;
  EXPECT_EQ(Lines(posts.out), 3) << posts.out;  // the header and both reviews
  EXPECT_NE(posts.out.find(",r1,ann,"), std::string::npos) << posts.out;
  EXPECT_NE(posts.out.find(",skyloft,,complaint,"), std::string::npos) << posts.out;
  Result queue = Run("queue -f json -n 0 --taxonomy " + tax.string() + " --db " + db);
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_EQ(Lines(queue.out), 1) << queue.out;
  EXPECT_NE(queue.out.find("\"id\":\"r1\""), std::string::npos) << queue.out;
  Result check = Run("taxonomy check " + tax.string() + " --sample " + reviews.string() +
                     " --sample-source skyloft_play");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("  every post from skyloft_play is about brand 'skyloft'\n"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("  brand   skyloft                      2\n"), std::string::npos)
      << check.out;
  check = Run("taxonomy check " + tax.string() + " --sample " + reviews.string());
  EXPECT_NE(check.out.find("  brand   skyloft                      0"), std::string::npos)
      << check.out;
  // A preset's own source would make every post of that preset the brand's.
  fs::path greedy = tmp_ / "greedy.toml";
  std::ofstream(greedy) << "[brands.skyloft]\nsources = [\"google_play\"]\n";
  check = Run("taxonomy check " + greedy.string());
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find(":2: source 'google_play' of brand 'skyloft' is what the google-play "
                           "preset names every post it reads without --source"),
            std::string::npos)
      << check.out;
  // So would a pattern that matches it, and one that matches every source.
  std::ofstream(greedy) << "[brands.skyloft]\nsources = [\"google_*\"]\n"
                        << "[brands.jetwave]\nsources = [\"*\"]\n";
  check = Run("taxonomy check " + greedy.string());
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find(":2: source 'google_*' of brand 'skyloft' matches what the google-play "
                           "preset names every post it reads without --source"),
            std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find(":4: source '*' of brand 'jetwave' matches every source"),
            std::string::npos)
      << check.out;
  // A pattern takes the sources its files' names give, read without --source.
  fs::path by_name = tmp_ / "by_name.toml";
  std::ofstream(by_name) << "[brands.skyloft]\nsources = [\"skyloft-*\"]\n";
  fs::path month = tmp_ / "skyloft-play-2026-03.csv";
  fs::copy_file(reviews, month);
  const std::string named_db = (tmp_ / "named.db").string();
  in = Run("ingest -q --taxonomy " + by_name.string() + " --db " + named_db + " " + month.string());
  ASSERT_EQ(in.exit_code, 0) << in.err;
  posts = Run("posts -f csv -q --brand skyloft --db " + named_db);
  EXPECT_EQ(Lines(posts.out), 3) << posts.out;
}

TEST_F(CliTest, TaxonomyCheckAcceptsTheShippedTaxonomies) {
  for (const char* file :
       {"data/taxonomy/demo.toml", "data/taxonomy/demo.yaml", "data/taxonomy/airlines.toml"}) {
    Result r = Run(std::string("taxonomy check ") + file);
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_NE(r.out.find(std::string(file) + ": ok"), std::string::npos) << r.out;
  }
}

TEST_F(CliTest, TaxonomyCheckWarnsOfWhatWorksButIsLikelyAMistake) {
  fs::path file = tmp_ / "warn.toml";
  std::ofstream(file) << "[brands.acme]\n"          // 1
                         "aliases = [\"Acme\"]\n"   // 2
                         "handles = [\"@Acme\"]\n"  // 3
                         "[brands.acme_uk]\n"       // 4
                         "aliases = [\"ACME\"]\n"   // 5: the same alias, case aside
                         "handles = [\"@acme\"]\n"  // 6: the same handle
                         "[topics.delay]\n"         // 7
                         "phrases = [\"delay\", \"late\", \"Delay\"]\n"  // 8: listed twice
                         "exclude = [\"late\"]\n"                  // 9: excludes its own phrase
                         "[topics.wait]\n"                         // 10
                         "phrases = [\"late\"]\n"                  // 11: also delay's
                         "patterns = ['check-in', '\\d+ %']\n"     // 12: a sign touching a word
                         "[intents.refund]\n"                      // 13
                         "phrases = [\"refund\"]\n"                // 14
                         "exclude = [\"Refund\"]\n"                // 15: its own phrase
                         "[topics.coffee]\n"                       // 16
                         "phrases = [\"caf\u00e9\", \"Cafe\"]\n";  // 17: the same, accents aside
  Result r = Run("taxonomy check " + file.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;  // warnings, not errors
  const std::string f = file.string();
  for (const std::string& w :
       {f + ":5: alias 'ACME' of brand 'acme_uk' also names brand 'acme' (line 2): posts get both",
        f + ":6: handle '@acme' of brand 'acme_uk' also names brand 'acme' (line 3)",
        f + ":8: phrase 'Delay' of topic 'delay' matches what 'delay' (line 8) does: drop one",
        f + ":9: topic 'delay' excludes its own phrase 'late': it never matches",
        f + ":11: phrase 'late' of topic 'wait' is also a phrase of topic 'delay' (line 8)",
        f + ":12: pattern 'check-in' of topic 'wait' has '-' touching a word",
        f + ":15: intent 'refund' excludes its own phrase 'Refund': it never matches",
        f + ":17: phrase 'Cafe' of topic 'coffee' matches what 'caf\u00e9' (line 17) does"}) {
    EXPECT_NE(r.out.find("  warning: " + w), std::string::npos) << w << "\n" << r.out;
  }
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 8 + 4) << r.out;  // 4 summary lines
  // The shipped files have none.
  for (const char* shipped : {"data/taxonomy/demo.toml", "data/taxonomy/airlines.toml"}) {
    Result ok = Run(std::string("taxonomy check ") + shipped);
    EXPECT_EQ(ok.out.find("warning:"), std::string::npos) << shipped << ":\n" << ok.out;
  }
}

// Values out of range are one line and exit 2, before any work: not a
// negative count read as "none" or as 2^64 - 5, nor a store nowhere.
TEST_F(CliTest, OutOfRangeFlagsAreRefused) {
  const std::string db = (tmp_ / "p.db").string();
  ASSERT_EQ(Run("ingest -q data/demo/conversation.csv --db " + db).exit_code, 0);
  struct Case {
    std::string args, message;
  };
  for (const Case& c : {Case{"report --top -1 --db " + db, "--top must be 0 or more"},
                        Case{"report --examples -5 --db " + db, "--examples must be 0 or more"},
                        Case{"thread d001 --max-posts 0 --db " + db, "--max-posts must be 1 or more"},
                        Case{"influencers -n -1 --db " + db, "--limit must be 0 or more"},
                        Case{"synth -n -5 -o x.csv", "--posts: must be 0 or more, not -5"},
                        Case{"synth --seed -1 -o x.csv", "--seed: must be 0 or more, not -1"},
                        Case{"ingest data/demo/conversation.csv --db ''",
                             "the database path is empty: name a file"}}) {
    Result r = Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
    EXPECT_EQ(Lines(r.err), 1) << c.args << ": " << r.err;
    EXPECT_EQ(r.out, "") << c.args;
  }
  // An empty file is no store: read commands leave it empty.
  const std::string empty = (tmp_ / "empty.db").string();
  std::ofstream(empty).flush();
  for (const char* cmd : {"report", "posts", "influencers", "alerts",
                          "queue --taxonomy data/taxonomy/demo.toml", "delete --author ann"}) {
    Result r = Run(std::string(cmd) + " --db " + empty);
    EXPECT_EQ(r.exit_code, 2) << cmd;
    EXPECT_NE(r.err.find("is an empty file, not a parley database yet"), std::string::npos)
        << cmd << ": " << r.err;
    EXPECT_EQ(fs::file_size(empty), 0u) << cmd;
  }
  // influencers -n 0 lists every author, as queue -n 0 does.
  Result all = Run("influencers -n 0 --db " + db);
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_GT(Lines(all.out), Lines(Run("influencers -n 2 --db " + db).out));
  // A thread cut by --max-posts says so.
  Result cut = Run("thread d001 --max-posts 2 --db " + db);
  EXPECT_EQ(cut.exit_code, 0) << cut.err;
  EXPECT_NE(cut.out.find("2 posts (cut by --max-posts: more are stored)"), std::string::npos)
      << cut.out;
}

// --detect-language: a lang per record (the source's own where it has a
// lang column, else the text's), a CSV column, and in the store the
// languages the report counts, with what the lexicon could not read.
TEST_F(CliTest, DetectedLanguagesReachTheOutputTheStoreAndTheReport) {
  const std::string csv = (tmp_ / "mixed.csv").string();
  std::ofstream(csv) << "id,author,created_at,lang,text\n"
                        "1,a,2026-03-01T10:00:00Z,,\"@Iberia el vuelo de Madrid lleva tres horas "
                        "de retraso y nadie nos dice nada\"\n"
                        "2,b,2026-03-01T11:00:00Z,,\"@united thanks for the quick rebooking, the "
                        "crew was lovely\"\n"
                        "3,c,2026-03-01T12:00:00Z,fr-CA,merci\n"
                        "4,d,2026-03-01T13:00:00Z,,@delta 😡😡😡\n";
  Result plain = Run("analyze -q " + csv);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("\"lang\":\"es\""), std::string::npos) << plain.out;
  Result r = Run("analyze -q --detect-language -f csv " + csv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",hashtags,lang,text\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",es,@Iberia el vuelo"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",en,\"@united thanks"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",fr-CA,merci"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",und,@delta"), std::string::npos) << r.out;
  const std::string db = (tmp_ / "mixed.db").string();
  Result ingest = Run("ingest -q --detect-language --db " + db + " " + csv);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  Result report = Run("report --db " + db);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("languages (share of all posts)"), std::string::npos) << report.out;
  // Each language by its name and code.
  EXPECT_NE(report.out.find("  Spanish (es)  "), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("  French (fr)  "), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("2 posts are in languages other than English (50.0% of all"),
            std::string::npos)
      << report.out;
  // The flag is for the commands that analyze, not the report.
  EXPECT_EQ(Run("report --detect-language --db " + db).exit_code, 2);

  // Without the flag the source's own lang is still counted, and the report
  // says how many posts have none.
  const std::string undetected = (tmp_ / "undetected.db").string();
  ASSERT_EQ(Run("ingest -q --db " + undetected + " " + csv).exit_code, 0);
  Result partial = Run("report --db " + undetected);
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  EXPECT_NE(partial.out.find("languages (share of all posts)"), std::string::npos) << partial.out;
  EXPECT_NE(partial.out.find("1 post is in languages other than English"), std::string::npos)
      << partial.out;
  EXPECT_NE(partial.out.find("3 posts have no language counted: their source gave none, and they "
                             "were stored without --detect-language"),
            std::string::npos)
      << partial.out;

  // --languages keeps the posts in those languages (detecting them) and
  // says how many it left out; read = accepted + rejected + skipped.
  Result kept = Run("analyze --languages en,und -f csv " + csv);
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(Lines(kept.out), 3) << kept.out;  // the header, posts 2 and 4
  EXPECT_EQ(kept.out.find("@Iberia"), std::string::npos) << kept.out;
  EXPECT_EQ(kept.out.find("merci"), std::string::npos) << kept.out;
  EXPECT_NE(kept.err.find("read 4 records from 1 input: 2 accepted + 0 rejected + 2 skipped (in "
                          "other languages than en,und);"),
            std::string::npos)
      << kept.err;
  const std::string english = (tmp_ / "english.db").string();
  Result stored = Run("ingest --languages EN-us --db " + english + " " + csv);
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.err.find("read 4 records from 1 input: 1 accepted (1 inserted, 0 updated, 0 "
                            "unchanged) + 0 rejected + 3 skipped (in other languages than en);"),
            std::string::npos)
      << stored.err;
  Result noted = Run("report --db " + english);
  ASSERT_EQ(noted.exit_code, 0) << noted.err;
  EXPECT_NE(noted.out.find("posts were ingested with --languages en: those in other languages "
                           "were left out"),
            std::string::npos)
      << noted.out;
  Result bad = Run("ingest --languages english --db " + (tmp_ / "none.db").string() + " " + csv);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "parley ingest: error: --languages: 'english' is not a language code: give ISO 639 "
            "codes such as en, es, pt-BR, or und for posts whose language is not known\n");
  EXPECT_FALSE(fs::exists(tmp_ / "none.db"));
}

// The demo conversation ingested with the demo taxonomy into a fresh store.
class ReportTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    db_ = (tmp_ / "parley.db").string();
    Result r = Run("ingest -q -j2 --taxonomy data/taxonomy/demo.toml data/demo/conversation.csv --db " +
                   db_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string db_;
};

// A range that starts and ends inside days counts the posts in it at every
// granularity (partial first and last buckets come from the hours); a bound
// inside an hour is refused, with the hours either side.
TEST_F(ReportTest, ARangeInsideDaysCountsThePostsInItAtEveryGranularity) {
  auto total = [&](const std::string& args) {
    Result r = Run("report -f json --db " + db_ + " " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const size_t at = r.out.find("\"total\":{\"n\":");
    EXPECT_NE(at, std::string::npos) << r.out.substr(0, 300);
    return at == std::string::npos ? -1 : std::atoi(r.out.c_str() + at + 13);
  };
  const std::string range = "--since 2026-03-02T12:00:00Z --until 2026-03-04T06:00:00Z";
  const int by_hour = total("--granularity hour " + range);
  EXPECT_GT(by_hour, 0);
  EXPECT_EQ(total("--granularity day " + range), by_hour);
  EXPECT_EQ(total("--granularity week " + range), by_hour);
  Result bad = Run("report --db " + db_ + " --since 2026-03-02T10:30:00Z");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since 2026-03-02T10:30:00Z: counts are kept by the hour; give a whole "
                         "hour, 2026-03-02T10:00:00Z or 2026-03-02T11:00:00Z"),
            std::string::npos)
      << bad.err;
}

// --brand: every figure counts the brand's posts (as `parley posts --brand`
// lists them), in a range too; share of voice still compares all brands;
// a brand no post is about is an error naming those there are.
TEST_F(ReportTest, ABrandsReportCountsItsPosts) {
  const std::string range = " --since 2026-03-02T00:00:00Z --until 2026-03-05T00:00:00Z";
  Result json = Run("report -f json --brand skyloft --db " + db_ + range);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto number_after = [&](const std::string& text, const std::string& key, size_t from = 0) {
    const size_t at = text.find(key, from);
    EXPECT_NE(at, std::string::npos) << key;
    return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + key.size());
  };
  EXPECT_NE(json.out.find("\"brand\":\"skyloft\""), std::string::npos);
  const int total = number_after(json.out, "\"total\":{\"n\":");
  Result posts = Run("posts -f csv -q --brand skyloft --db " + db_ + range);
  ASSERT_EQ(posts.exit_code, 0) << posts.err;
  EXPECT_GT(total, 0);
  EXPECT_EQ(Lines(posts.out) - 1, total);
  // The first topic's count is the brand's posts about it.
  const size_t topics = json.out.find("\"topics\":[{\"name\":\"");
  ASSERT_NE(topics, std::string::npos) << json.out.substr(0, 400);
  std::string topic = json.out.substr(topics + 19);
  topic = topic.substr(0, topic.find('"'));
  Result topic_posts =
      Run("posts -f csv -q --brand skyloft --topic " + topic + " --db " + db_ + range);
  EXPECT_EQ(Lines(topic_posts.out) - 1, number_after(json.out, "\"counts\":{\"n\":", topics))
      << topic;
  // Share of voice: every brand, as without --brand.
  Result all = Run("report -f json --db " + db_ + range);
  const auto sov = [](const std::string& out) {
    const size_t at = out.find("\"share_of_voice\":");
    return out.substr(at, out.find("\"topics\":", at) - at);
  };
  EXPECT_EQ(sov(json.out), sov(all.out));
  EXPECT_NE(all.out.find("\"brand\":\"*\""), std::string::npos);
  Result text = Run("report --brand skyloft --db " + db_ + range);
  EXPECT_NE(text.out.find(std::to_string(total) + " posts about brand skyloft, "),
            std::string::npos)
      << text.out.substr(0, 200);
  EXPECT_NE(text.out.find("parley posts --db " + db_ + " --topic "), std::string::npos);
  EXPECT_NE(text.out.find(" --brand skyloft "), std::string::npos);
  Result typo = Run("report --brand skylof --db " + db_);
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("--brand skylof: no post in " + db_ +
                          " is about it (its brands, by their taxonomy ids: "),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(Lines(typo.err), 1);
}

// --topic: every figure counts the topic's posts (as `parley posts --topic`
// lists them), within a brand too; share of voice is the brands' among the
// topic's posts; the topic's share of all posts says how much of the
// conversation it is; what is not counted within a topic is left out and
// said; a topic no post is about is an error naming those there are.
TEST_F(ReportTest, ATopicsReportCountsItsPosts) {
  const std::string range = " --since 2026-03-02T00:00:00Z --until 2026-03-05T00:00:00Z";
  Result all = Run("report -f json --db " + db_ + range);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const size_t topics = all.out.find("\"topics\":[{\"name\":\"");
  ASSERT_NE(topics, std::string::npos) << all.out.substr(0, 400);
  std::string topic = all.out.substr(topics + 19);
  topic = topic.substr(0, topic.find('"'));
  auto number_after = [&](const std::string& text, const std::string& key, size_t from = 0) {
    const size_t at = text.find(key, from);
    EXPECT_NE(at, std::string::npos) << key;
    return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + key.size());
  };
  const int all_posts = number_after(all.out, "\"total\":{\"n\":");
  Result json = Run("report -f json --topic " + topic + " --db " + db_ + range);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"topic\":\"" + topic + "\""), std::string::npos);
  const int total = number_after(json.out, "\"total\":{\"n\":");
  Result posts = Run("posts -f csv -q --topic " + topic + " --db " + db_ + range);
  ASSERT_EQ(posts.exit_code, 0) << posts.err;
  EXPECT_GT(total, 0);
  EXPECT_LT(total, all_posts);
  EXPECT_EQ(Lines(posts.out) - 1, total);
  EXPECT_NE(json.out.find("\"topic_share\":{\"posts\":" + std::to_string(total) +
                          ",\"of_posts\":" + std::to_string(all_posts) + ",\"share\":{"),
            std::string::npos)
      << json.out.substr(0, 600);
  // Not counted within a topic: left empty, and said.
  for (const char* empty : {"\"topics\":[]", "\"complaint_reasons\":[]", "\"complaint_topics\":[]",
                            "\"prices\":[]", "\"languages\":[]"}) {
    EXPECT_NE(json.out.find(empty), std::string::npos) << empty;
  }
  EXPECT_NE(json.out.find("\"topic_note\":\"topics, complaint reasons"), std::string::npos);
  // Share of voice: each brand's posts about the topic.
  const size_t sov = json.out.find("\"share_of_voice\":[{\"name\":\"");
  ASSERT_NE(sov, std::string::npos);
  std::string brand = json.out.substr(sov + 27);
  brand = brand.substr(0, brand.find('"'));
  Result brand_posts =
      Run("posts -f csv -q --brand " + brand + " --topic " + topic + " --db " + db_ + range);
  EXPECT_EQ(Lines(brand_posts.out) - 1, number_after(json.out, "\"counts\":{\"n\":", sov)) << brand;
  // Within a brand: that brand's posts about the topic.
  Result both =
      Run("report -f json --brand " + brand + " --topic " + topic + " --db " + db_ + range);
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(number_after(both.out, "\"total\":{\"n\":"), Lines(brand_posts.out) - 1);
  Result text = Run("report --topic " + topic + " --db " + db_ + range);
  EXPECT_NE(text.out.find(std::to_string(total) + " posts about topic " + topic + " ("),
            std::string::npos)
      << text.out.substr(0, 200);
  EXPECT_NE(text.out.find(" of " + std::to_string(all_posts) + " posts), "), std::string::npos)
      << text.out.substr(0, 200);
  EXPECT_NE(text.out.find("intents (share of these posts)"), std::string::npos);
  EXPECT_NE(text.out.find("parley posts --db " + db_ + " --topic " + topic + " --label negative"),
            std::string::npos);
  Result csv = Run("report -f csv --topic " + topic + " --db " + db_ + range);
  EXPECT_NE(csv.out.find("\r\ntopic," + topic + ",,,," + std::to_string(total) + ","),
            std::string::npos);
  Result typo = Run("report --topic nosuchtopic --db " + db_);
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("--topic nosuchtopic: no post in " + db_ +
                          " is about it (its topics, by their taxonomy ids: "),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(Lines(typo.err), 1);
}

// --compare previous: the same figures of the period as long just before,
// each share's change with its interval (the earlier period's posts are
// those `parley posts` lists there); --compare FROM/UNTIL names the period;
// what cannot be compared is a usage error that says what to give.
TEST_F(ReportTest, ACompareGivesEveryShareItsChange) {
  const std::string range = " --since 2026-03-03T00:00:00Z --until 2026-03-05T00:00:00Z";
  Result json = Run("report -f json --compare previous --db " + db_ + range);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const size_t at = json.out.find(
      "\"comparison\":{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-03T00:00:00Z\","
      "\"current_from\":\"2026-03-03T00:00:00Z\",\"current_to\":\"2026-03-05T00:00:00Z\","
      "\"total\":{\"n\":");
  ASSERT_NE(at, std::string::npos) << json.out.substr(json.out.find("\"comparison\""), 300);
  const int then = std::atoi(json.out.c_str() + json.out.find("\"n\":", at) + 4);
  Result posts =
      Run("posts -f csv -q --since 2026-03-01T00:00:00Z --until 2026-03-03T00:00:00Z --db " + db_);
  ASSERT_EQ(posts.exit_code, 0) << posts.err;
  EXPECT_GT(then, 0);
  EXPECT_EQ(Lines(posts.out) - 1, then);
  EXPECT_NE(json.out.find("\"change\":{\"previous_posts\":"), std::string::npos);
  // Aspects compare their negative share, prices their share of the posts.
  const size_t aspects = json.out.find("\"aspects\":[");
  ASSERT_NE(aspects, std::string::npos);
  EXPECT_NE(json.out.find(",\"change\":{\"previous_posts\":", aspects), std::string::npos);
  Result text = Run("report --compare previous --db " + db_ + range);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("compared with 2026-03-01 up to 2026-03-03: " + std::to_string(then) +
                          " posts; posts an hour ×"),
            std::string::npos)
      << text.out.substr(0, 400);
  EXPECT_NE(text.out.find(" pts ("), std::string::npos);
  Result csv = Run("report -f csv --compare previous --db " + db_ + range);
  EXPECT_NE(csv.out.find(",change_negative_share,"), std::string::npos);
  EXPECT_NE(csv.out.find(",previous_negative_mentions,"), std::string::npos);
  EXPECT_NE(
      csv.out.find("\r\ncomparison,previous,,,2026-03-01T00:00:00Z," + std::to_string(then) + ","),
      std::string::npos);
  // A period named: the first day alone.
  Result named =
      Run("report -f json --compare 2026-03-01T00:00:00Z/2026-03-02T00:00:00Z --db " + db_ + range);
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_NE(
      named.out.find(
          "\"comparison\":{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\","),
      std::string::npos);
  for (const auto& [flags, says] :
       {std::pair<std::string, std::string>{
            "--compare previous",
            "--compare previous compares the report's period with "
            "the one as long before it: give its start with --since"},
        {"--compare yesterday", "--compare yesterday: give previous, or the period"},
        {"--compare 2026-03-02T00:00:00Z/2026-03-01T00:00:00Z", "its start must be before its end"},
        {"--compare 2026-03-01T00:30:00Z/2026-03-02T00:00:00Z", "give a whole hour"}}) {
    Result bad = Run("report " + flags + " --db " + db_);
    EXPECT_EQ(bad.exit_code, 2) << flags;
    EXPECT_NE(bad.err.find(says), std::string::npos) << bad.err;
    EXPECT_EQ(Lines(bad.err), 1) << bad.err;
  }
}

// -f csv: the figures of -f json, one a row; the same range gives the same
// totals, a series point two rows; an unknown format is a usage error.
TEST_F(ReportTest, CsvCarriesTheFiguresOfJson) {
  const std::string range = " --since 2026-03-02T12:00:00Z --until 2026-03-04T06:00:00Z";
  Result csv = Run("report -f csv --db " + db_ + range);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  Result json = Run("report -f json --db " + db_ + range);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const size_t at = json.out.find("\"total\":{\"n\":");
  ASSERT_NE(at, std::string::npos);
  const int total = std::atoi(json.out.c_str() + at + 13);
  EXPECT_EQ(csv.out.rfind("section,name,display_name,own,bucket,posts,negative_posts,neutral_posts,"
                          "positive_posts,measure,estimate,low,high,confidence\r\n",
                          0),
            0u)
      << csv.out.substr(0, 200);
  EXPECT_NE(csv.out.find("\nsentiment,all,,,," + std::to_string(total) + ","), std::string::npos)
      << csv.out.substr(0, 400);
  size_t points = 0;
  for (size_t p = json.out.find("\"bucket\":"); p != std::string::npos;
       p = json.out.find("\"bucket\":", p + 1))
    ++points;
  size_t series_rows = 0;
  for (size_t p = csv.out.find("\nseries,"); p != std::string::npos;
       p = csv.out.find("\nseries,", p + 1))
    ++series_rows;
  EXPECT_GT(points, 0u);
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t p = csv.out.find(what); p != std::string::npos; p = csv.out.find(what, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(series_rows + count("\ntopic_series,") + count("\nchannel_series,"), 2 * points);
  // A topic's point counts the topic's posts of that day (one whole day of
  // the range).
  size_t topic_at = csv.out.find("\ntopic_series,");
  while (topic_at != std::string::npos &&
         csv.out.find(",2026-03-03T00:00:00Z,", topic_at) > csv.out.find("\r\n", topic_at)) {
    topic_at = csv.out.find("\ntopic_series,", topic_at + 1);
  }
  ASSERT_NE(topic_at, std::string::npos) << csv.out.substr(0, 300);
  std::string row = csv.out.substr(topic_at + 1, csv.out.find("\r\n", topic_at) - topic_at - 1);
  const std::vector<std::string> cells = testing::CommaCells(row);
  ASSERT_EQ(cells.size(), 14u) << row;
  Result topic_posts = Run("posts -f csv -q --topic " + cells[1] + " --granularity day --bucket " +
                           cells[4] + " --db " + db_);
  ASSERT_EQ(topic_posts.exit_code, 0) << topic_posts.err;
  EXPECT_EQ(std::to_string(Lines(topic_posts.out) - 1), cells[5]) << row;
  Result bad = Run("report -f xls --db " + db_);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown report format 'xls': use text, md, html, json or csv"),
            std::string::npos)
      << bad.err;
}

// The terminal report ends with the `parley posts` command that lists the
// posts behind its first complaint reason, in its range: as many as the
// report counts.
TEST_F(ReportTest, EndsWithTheCommandThatListsAFiguresPosts) {
  const std::string range = " --since 2026-03-02T12:00:00Z --until 2026-03-04T06:00:00Z";
  Result text = Run("report --db " + db_ + range);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const size_t at = text.out.find("\n  parley posts --db ");
  ASSERT_NE(at, std::string::npos) << text.out;
  std::string command = text.out.substr(at + 3);
  command = command.substr(0, command.find('\n'));
  EXPECT_NE(command.find(" --label negative" + range), std::string::npos) << command;
  Result posts = Run(command.substr(std::string("parley ").size()) + " -f csv -q");
  ASSERT_EQ(posts.exit_code, 0) << command << ": " << posts.err;
  EXPECT_GT(Lines(posts.out), 1) << command;
  Result json = Run("report -f json --db " + db_ + range);
  const size_t reasons = json.out.find("\"complaint_reasons\":[{");
  ASSERT_NE(reasons, std::string::npos);
  const size_t negative = json.out.find("\"negative\":", reasons);
  ASSERT_NE(negative, std::string::npos);
  EXPECT_EQ(Lines(posts.out) - 1, std::atoi(json.out.c_str() + negative + 11)) << command;
  // Nothing to list, nothing said; other formats stay as they were.
  EXPECT_EQ(Run("report --top 0 --db " + db_).out.find("parley posts"), std::string::npos);
  EXPECT_EQ(Run("report -f md --db " + db_).out.find("parley posts"), std::string::npos);
}

// --time-zone: days cut at the zone's midnight, shown on its clock, and
// --since without a zone on it too, also in a zone whose days begin inside
// a UTC hour (that hour is counted from its posts).
TEST_F(ReportTest, DaysOfATimeZone) {
  Result utc = Run("report --top 0 --examples 0 --db " + db_);
  ASSERT_EQ(utc.exit_code, 0) << utc.err;
  EXPECT_NE(utc.out.find("  2026-03-02              12  "), std::string::npos) << utc.out;
  Result la = Run("report --top 0 --examples 0 --time-zone America/Los_Angeles --db " + db_);
  ASSERT_EQ(la.exit_code, 0) << la.err;
  EXPECT_NE(la.out.find("30 posts, 2026-03-02 to 2026-03-04 (America/Los_Angeles)"),
            std::string::npos)
      << la.out;
  EXPECT_NE(la.out.find("  2026-03-02              13  "), std::string::npos) << la.out;
  EXPECT_NE(la.out.find("  2026-03-04               7  "), std::string::npos) << la.out;
  Result json =
      Run("report -f json --time-zone America/Los_Angeles --since 2026-03-03 --db " + db_);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(
      json.out.find(
          R"("granularity":"day","time_zone":"America/Los_Angeles","from":"2026-03-03T08:00:00Z")"),
      std::string::npos)
      << json.out.substr(0, 300);
  EXPECT_NE(json.out.find(R"("total":{"n":17,)"), std::string::npos) << json.out.substr(0, 300);
  EXPECT_NE(json.out.find(R"({"bucket":"2026-03-03T08:00:00Z","counts":{"n":10,)"),
            std::string::npos)
      << json.out;
  Result india = Run("report -f json --time-zone Asia/Kolkata --db " + db_);
  ASSERT_EQ(india.exit_code, 0) << india.err;
  EXPECT_NE(india.out.find(R"("time_zone":"Asia/Kolkata","from":"2026-03-01T18:30:00Z")"),
            std::string::npos)
      << india.out.substr(0, 300);
  EXPECT_NE(india.out.find(R"({"bucket":"2026-03-04T18:30:00Z","counts":{"n":1,)"),
            std::string::npos)
      << india.out;
  Result unknown = Run("report --time-zone Europe/Pariss --db " + db_);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--time-zone: unknown time zone 'Europe/Pariss'"), std::string::npos)
      << unknown.err;
}

TEST_F(ReportTest, MarkdownReportOfTheDemo) {
  Result r = Run("report -f md --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(r.out, "report/demo.expected.md");
}

TEST_F(ReportTest, TerminalReportSaysHowSureItIs) {
  Result r = Run("report --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("30 posts"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("95% intervals"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("share of voice"), std::string::npos) << r.out;
}

// The store keeps brand ids; a taxonomy given to the report names them and
// tells our brands from competitors.
TEST_F(ReportTest, ATaxonomyNamesTheBrandsAndTellsOursFromCompetitors) {
  Result r = Run("report --db " + db_ + " --taxonomy data/taxonomy/demo.toml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("taxonomy: demo;"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  Skyloft Air (own)  "), std::string::npos) << r.out;
  Result j = Run("report -f json --db " + db_ + " --taxonomy data/taxonomy/demo.toml");
  EXPECT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"taxonomy\":\"demo\","), std::string::npos);
  EXPECT_NE(j.out.find("{\"name\":\"skyloft\",\"display_name\":\"Skyloft Air\",\"own\":true,"),
            std::string::npos);
  EXPECT_NE(j.out.find("{\"name\":\"jetwave\",\"display_name\":\"Jetwave\",\"own\":false,"),
            std::string::npos);
  // Without one, ids alone, as before.
  Result plain = Run("report -f json --db " + db_);
  EXPECT_EQ(plain.out.find("\"own\""), std::string::npos);
  // A taxonomy that cannot be read, or an unknown engine, is an error, not ignored.
  Result missing = Run("report --db " + db_ + " --taxonomy " + (tmp_ / "none.toml").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.toml"), std::string::npos) << missing.err;
  EXPECT_EQ(Run("report --db " + db_ + " --match-engine bogus").exit_code, 2);
}

TEST_F(ReportTest, JsonReportCountsAddUp) {
  Result r = Run("report -f json --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"total\":{\"n\":30,"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("\"correction\":\"none\""), std::string::npos);
}

TEST_F(ReportTest, HtmlReportIsWrittenWholeWithCharts) {
  std::string html = (tmp_ / "report.html").string();
  Result r = Run("report -f html -o " + html + " --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::string page = Slurp(html);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("</html>"), std::string::npos);
  EXPECT_FALSE(fs::exists(html + ".partial"));
}

TEST_F(ReportTest, ValidationCorrectsSharesAndSaysOnHowManyPosts) {
  // The demo conversation labeled by hand: its own validation file.
  std::string labeled = (tmp_ / "labeled.csv").string();
  Result synth = Run("synth -q -n 400 --seed 3 -o " + labeled);
  ASSERT_EQ(synth.exit_code, 0) << synth.err;
  Result r = Run("report --validation " + labeled + " --label-col true_sentiment --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("adjusted classify-and-count on 400 labeled posts"), std::string::npos)
      << r.out;
}

// Star ratings as validation labels: the rating column, which the field
// map would take, mapped to classes; a bad mapping is one error line.
TEST_F(ReportTest, ValidationLabelsMapStarRatings) {
  std::string labeled = (tmp_ / "stars.jsonl").string();
  {
    std::ofstream out(labeled);
    const char* rows[][2] = {{"I love this, thanks so much", "5.0"},
                             {"Worst service ever, awful", "1.0"},
                             {"The flight leaves at noon", "3.0"}};
    for (int i = 0; i < 12; ++i) {
      out << R"({"text":")" << rows[i % 3][0] << R"(","rating":)" << rows[i % 3][1] << "}\n";
    }
  }
  const std::string base =
      "report --db " + db_ + " --validation " + labeled + " --label-col rating";
  Result r = Run(base +
                 " --validation-labels negative=1,2 --validation-labels neutral=3 "
                 "--validation-labels positive=4,5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("adjusted classify-and-count on 12 labeled posts"), std::string::npos)
      << r.out;
  Result bad = Run(base + " --validation-labels happy=5");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(Lines(bad.err), 1) << bad.err;
  EXPECT_NE(bad.err.find("--validation-labels: bad --labels 'happy=5'"), std::string::npos)
      << bad.err;
}

// A labeled file written as a spreadsheet in many locales saves it:
// semicolons, day-first times. Its delimiter is read from its header; its
// times, whose day is never above 12, need --validation-time-format, and
// without it the one error line names that flag. A record that cannot be
// read is left out, and said so.
TEST_F(ReportTest, AValidationFileIsReadAsItIsWritten) {
  std::string labeled = (tmp_ / "labeled.csv").string();
  {
    std::ofstream out(labeled);
    out << "id;created_at;text;mood\n";
    const char* rows[][2] = {{"I love this, thanks so much", "positive"},
                             {"Worst service ever, awful", "negative"},
                             {"The flight leaves at noon", "neutral"}};
    for (int i = 0; i < 12; ++i) {
      out << i + 1 << ";0" << (i % 9) + 1 << "/03/2026 14:02;" << rows[i % 3][0] << ";"
          << rows[i % 3][1] << "\n";
    }
    out << "13;only two\n";
  }
  const std::string base =
      "report --db " + db_ + " --validation " + labeled + " --label-column mood";
  Result plain = Run(base);
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_EQ(Lines(plain.err), 1) << plain.err;
  EXPECT_NE(plain.err.find("say which with --validation-time-format '%m/%d/%Y %H:%M' (month "
                           "first) or --validation-time-format '%d/%m/%Y %H:%M' (day first)"),
            std::string::npos)
      << plain.err;
  Result r = Run(base + " --validation-time-format '%d/%m/%Y %H:%M'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("adjusted classify-and-count on 12 labeled posts"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.err,
            "parley report: 1 record of '" + labeled +
                "' could not be read and is left out (line 14: expected 4 columns, found 2)\n");
  Result semicolon =
      Run(base + " --validation-delimiter semicolon --validation-time-format '%d/%m/%Y %H:%M'");
  EXPECT_EQ(semicolon.exit_code, 0) << semicolon.err;
  Result comma =
      Run(base + " --validation-delimiter comma --validation-time-format '%d/%m/%Y %H:%M'");
  EXPECT_EQ(comma.exit_code, 2);
  EXPECT_EQ(Lines(comma.err), 1) << comma.err;
  Result bad = Run(base + " --validation-delimiter colon");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--validation-delimiter: unknown delimiter 'colon'"), std::string::npos)
      << bad.err;
  Result layout = Run(base + " --validation-time-format %Q");
  EXPECT_EQ(layout.exit_code, 2);
  EXPECT_NE(layout.err.find("--validation-time-format: "), std::string::npos) << layout.err;
}

// Labeled data is most often a text and a label, as train reads it: no id
// or time column is needed, and the label column is found by its usual
// names in any case; a file with no header row names its columns.
TEST_F(ReportTest, AValidationFileNeedsOnlyATextAndALabel) {
  std::string labeled = (tmp_ / "labeled.csv").string();
  std::string bare = (tmp_ / "bare.csv").string();
  {
    std::ofstream out(labeled), headless(bare);
    out << "Text,Sentiment\n";
    const char* rows[][2] = {{"I love this, thanks so much", "positive"},
                             {"Worst service ever, awful", "negative"},
                             {"The flight leaves at noon", "neutral"}};
    for (int i = 0; i < 9; ++i) {
      out << '"' << rows[i % 3][0] << "\"," << rows[i % 3][1] << "\n";
      headless << rows[i % 3][1] << ",\"" << rows[i % 3][0] << "\"\n";
    }
  }
  Result r = Run("report --db " + db_ + " --validation " + labeled);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("adjusted classify-and-count on 9 labeled posts"), std::string::npos)
      << r.out;
  Result columns =
      Run("report --db " + db_ + " --validation " + bare + " --validation-columns label,text");
  EXPECT_EQ(columns.exit_code, 0) << columns.err;
  EXPECT_NE(columns.out.find("adjusted classify-and-count on 9 labeled posts"), std::string::npos)
      << columns.out;
  Result twice =
      Run("report --db " + db_ + " --validation " + bare + " --validation-columns text,text");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(twice.err,
            "parley report: error: --validation-columns names 'text' twice: each column needs "
            "its own name\n");
  // Named, a column is taken as named.
  Result named = Run("report --db " + db_ + " --validation " + labeled + " --label-col sentiment");
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_NE(named.err.find("has no column 'sentiment'"), std::string::npos) << named.err;
}

// A validation file's text under a name "auto" does not know is mapped as
// an input's is, and what to fix names the validation file's own flags
// (an input's --map and --preset are not the validation file's).
TEST_F(ReportTest, AValidationFileIsMappedWithItsOwnFlags) {
  std::string labeled = (tmp_ / "said.csv").string();
  {
    std::ofstream out(labeled);
    out << "words_said,label\n";
    for (int i = 0; i < 3; ++i) {
      out << "\"I love this, thanks so much\",positive\n\"Worst service ever, awful\",negative\n";
    }
  }
  Result unmapped = Run("report --db " + db_ + " --validation " + labeled);
  EXPECT_EQ(unmapped.exit_code, 2);
  EXPECT_NE(unmapped.err.find("choose one with --validation-preset and adjust it with "
                              "--validation-map field=COLUMN"),
            std::string::npos)
      << unmapped.err;
  Result mapped =
      Run("report --db " + db_ + " --validation " + labeled + " --validation-map text=words_said");
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_NE(mapped.out.find("adjusted classify-and-count on 6 labeled posts"), std::string::npos)
      << mapped.out;
  Result wrong =
      Run("report --db " + db_ + " --validation " + labeled + " --validation-map text=said");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("column 'said' (for field text, from --validation-map text=said) not "
                           "found"),
            std::string::npos)
      << wrong.err;
  Result preset =
      Run("report --db " + db_ + " --validation " + labeled + " --validation-preset tweets");
  EXPECT_EQ(preset.exit_code, 2);
  EXPECT_NE(preset.err.find("preset tweets) not found in header of"), std::string::npos)
      << preset.err;
  EXPECT_NE(preset.err.find("; use --validation-map id=COLUMN"), std::string::npos) << preset.err;
}

TEST_F(ReportTest, ARangeWithNoPostsIsAnEmptyReportNotAnError) {
  Result r = Run("report --since 2030-01-01T00:00:00Z --until 2030-02-01T00:00:00Z --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 posts"), std::string::npos) << r.out;
  Result json = Run("report -f json --since 2030-01-01T00:00:00Z --db " + db_);
  EXPECT_NE(json.out.find("\"from\":null,\"to\":null,"), std::string::npos) << json.out;
}

// JSON's from/to are the half-open range the figures cover: the range
// asked for, else the buckets shown.
TEST_F(ReportTest, JsonFromAndToAreTheRangeTheFiguresCover) {
  Result all = Run("report -f json --db " + db_);
  EXPECT_NE(all.out.find("\"from\":\"2026-03-02T00:00:00Z\",\"to\":\"2026-03-05T00:00:00Z\","),
            std::string::npos)
      << all.out.substr(0, 200);
  Result part = Run("report -f json --since 2026-03-02T12:00:00Z --until 2026-03-04T06:00:00Z --db " + db_);
  EXPECT_NE(part.out.find("\"from\":\"2026-03-02T12:00:00Z\",\"to\":\"2026-03-04T06:00:00Z\","),
            std::string::npos)
      << part.out.substr(0, 200);
}

struct ErrorCase {
  const char* name;
  const char* args;
  const char* message;  // a part of the one error line
};

class CliErrorTest : public CliTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(CliErrorTest, PrintsOneLineAndExitsTwoWithNoOutput) {
  Result r = Run(GetParam().args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliErrorTest,
    ::testing::Values(
        ErrorCase{"MissingFile", "analyze nope.csv", "cannot open 'nope.csv'"},
        ErrorCase{"UnknownPreset", "analyze --preset bogus data/demo/conversation.csv",
                  "unknown preset 'bogus'"},
        ErrorCase{"MissingColumn",
                  "analyze --preset generic --map text=body data/demo/conversation.csv", "body"},
        ErrorCase{"BadMapSyntax", "analyze --map text data/demo/conversation.csv", "--map"},
        // Under auto too, not "no preset fits" with the columns that fit.
        ErrorCase{"AutoMissingMapColumn", "analyze --map text=nocol data/demo/conversation.csv",
                  "column 'nocol' (for field text, from --map text=nocol) not found"},
        ErrorCase{"AutoMissingOptionalMapColumn",
                  "analyze --map author=nobody data/demo/conversation.csv",
                  "column 'nobody' (for field author, from --map author=nobody) not found in "
                  "header of 'data/demo/conversation.csv'"},
        ErrorCase{"UnknownFlag", "analyze --bogus data/demo/conversation.csv", "--bogus"},
        ErrorCase{"BadFormat", "analyze -f xml data/demo/conversation.csv", "xml"},
        ErrorCase{"MissingLexicon", "analyze --lexicon /nonexistent.txt data/demo/conversation.csv",
                  "/nonexistent.txt"},
        ErrorCase{"EmptyFolder", "analyze tests/golden/empty_folder", "no .csv"},
        // Found before any output, not at the first reject after it all.
        ErrorCase{"UnwritableRejects",
                  "analyze --rejects /nonexistent/r.ndjson data/demo/conversation.csv",
                  "cannot create '/nonexistent/r.ndjson': No such file or directory"},
        ErrorCase{"TooManyThreads", "analyze -j 40000 data/demo/conversation.csv",
                  "--threads must be 1 to 256, not 40000"},
        ErrorCase{"SynthBadIncident", "synth --incident weather@2026-03-02+3",
                  "unknown topic 'weather'"},
        ErrorCase{"SynthBadFormat", "synth -f xml", "xml"},
        ErrorCase{"NoSubcommand", "", "subcommand"},
        ErrorCase{"MissingTaxonomy", "analyze --taxonomy nope.toml data/demo/conversation.csv",
                  "nope.toml"},
        ErrorCase{"BadTaxonomyPattern", "taxonomy check tests/golden/taxonomy/bad_pattern.toml",
                  "tests/golden/taxonomy/bad_pattern.toml:6: topic 'delay' patterns: "
                  "'delayed (\\d+' is not a valid regular expression"},
        ErrorCase{"BadTaxonomyInAnalyze",
                  "analyze --taxonomy tests/golden/taxonomy/bad_pattern.toml "
                  "data/demo/conversation.csv",
                  "bad_pattern.toml:6:"},
        ErrorCase{"TaxonomyWrittenAsYaml",
                  "analyze --taxonomy tests/golden/taxonomy/written_as_yaml.toml "
                  "data/demo/conversation.csv",
                  "written_as_yaml.toml:2:7: Error while parsing key-value pair: expected '=', "
                  "saw ':' (this reads as YAML: name the file .yaml"},
        ErrorCase{"BadYamlTaxonomy", "taxonomy check tests/golden/taxonomy/bad_key.yaml",
                  "tests/golden/taxonomy/bad_key.yaml:7: unknown key 'colour' in topic 'delay'"},
        // The sample's flags are checked before the file's summary prints.
        // A flag that says how a file is read, without the file.
        ErrorCase{"TaxonomyCheckSampleFlagWithoutSample",
                  "taxonomy check data/taxonomy/demo.toml --sample-columns id,text",
                  "--sample-columns requires --sample"},
        ErrorCase{"ReportLabelColumnWithoutValidation", "report --label-col mood --db nope.db",
                  "--label-col requires --validation"},
        ErrorCase{"TaxonomyCheckBadSamplePreset",
                  "taxonomy check data/taxonomy/demo.toml --sample data/demo/conversation.csv "
                  "--sample-preset blog",
                  "unknown preset 'blog' (--sample-preset)"},
        ErrorCase{"TaxonomyCheckBadSampleMap",
                  "taxonomy check data/taxonomy/demo.toml --sample data/demo/conversation.csv "
                  "--sample-map words=body",
                  "bad --sample-map 'words=body': unknown field 'words'"},
        ErrorCase{"BadMatchEngine", "taxonomy check --match-engine fast data/taxonomy/demo.toml",
                  "fast"},
        // A first word that names no command: what it is, and the nearest
        // command or the list of them; an error within a command points to
        // its own help.
        ErrorCase{"UnknownCommand", "anlyze x.csv",
                  "parley: error: unknown command 'anlyze'; did you mean 'analyze'? (see "
                  "'parley --help')\n"},
        ErrorCase{"UnknownExtCommand", "influencer --db x.db",
                  "unknown command 'influencer'; did you mean 'influencers'?"},
        ErrorCase{
            "UnknownCommandFarFromAll", "frob",
            "unknown command 'frob'; the commands are analyze, ingest, synth, taxonomy, "
            "train, eval, delete, withheld, report, posts, alerts, terms, author, thread, queue, "
            "influencers, serve (see "
            "'parley --help')"},
        ErrorCase{"UnknownSubcommand", "taxonomy chek data/taxonomy/demo.toml",
                  "parley taxonomy: error: unknown command 'chek'; did you mean 'check'? (see "
                  "'parley taxonomy --help')\n"},
        // A long word is cut between two characters (é is two bytes: the
        // 40-byte cut falls inside the 20th).
        ErrorCase{"UnknownLongCommand", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9\xc3\xa9",
                  "unknown command 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'; the commands "
                  "are"},
        ErrorCase{"UnknownFlagPointsToTheCommandsHelp", "analyze x.csv --bogus",
                  "parley: error: The following argument was not expected: --bogus (see "
                  "'parley analyze --help')\n"},
        ErrorCase{"MissingArgumentOfASubcommand", "taxonomy check",
                  "parley: error: file is required (see 'parley taxonomy check --help')\n"},
        ErrorCase{"UnknownExtFlag", "queue --bogus", "(see 'parley queue --help')"},
        ErrorCase{"EmptyLanguageList", "analyze --languages '' data/demo/conversation.csv",
                  "parley: error: --languages: give at least one language code, e.g. en (see "
                  "'parley analyze --help')\n"},
        ErrorCase{"NotALanguage", "analyze --languages en,english data/demo/conversation.csv",
                  "parley analyze: error: --languages: 'english' is not a language code"},
        ErrorCase{"ReportMissingDatabase", "report --db nope.db",
                  "no database at 'nope.db': create one with parley ingest --db nope.db"},
        ErrorCase{"ReportNotADatabase", "report --db data/demo/conversation.csv",
                  "is not a parley database"},
        ErrorCase{"ReportBadFormat", "report -f xml --db nope.db", "unknown report format 'xml'"},
        ErrorCase{"ReportBadGranularity", "report --granularity month --db nope.db", "month"},
        ErrorCase{"ReportBadRange",
                  "report --since 2026-03-02T00:00:00Z --until 2026-03-01T00:00:00Z --db nope.db",
                  "--since must be before --until"},
        ErrorCase{"ReportValidationWithoutLabels",
                  "report --validation data/demo/conversation.csv --db nope.db",
                  "has no label column (looked for label, sentiment"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

}  // namespace
}  // namespace parley
