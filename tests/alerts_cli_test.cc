// End-to-end tests of `parley alerts` on a small synthetic store: what it
// finds, that it reports each alert once, its formats and errors, and
// webhook delivery to a receiver started here (and to one that is down).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testutil/cli.h"
#include "tests/testutil/http_receiver.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using Result = ::parley::testing::CliResult;
using ::parley::testing::Slurp;

int Lines(const std::string& s) { return testing::CountLines(s); }

// A webhook receiver that accepts alerts with 204 No Content.
class Receiver : public testing::HttpReceiver {
 public:
  Receiver() : HttpReceiver("/alerts", 204) {}
};

class AlertsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() / ("parley_alerts_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    binary_ = testing::ParleyBinary();
    // Three weeks at 100 posts an hour, a delay incident at Skyloft Air on day 16.
    std::string csv = (tmp_ / "s.csv").string();
    Result r = Run("synth -q -n 50000 --seed 5 --start 2026-03-02T00:00:00Z --days 21 -o " + csv +
                   " --incident 'delay:Skyloft Air@2026-03-17T09:00:00Z+6x3'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("ingest -q -j2 --taxonomy data/taxonomy/demo.toml --db " + Db() + " " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // A copy without stored alerts, for the run with a validation file.
    for (const char* ext : {"", "-wal"}) {
      if (fs::exists(Db() + ext)) fs::copy_file(Db() + ext, (tmp_ / "v.db").string() + ext);
    }
  }
  static void TearDownTestSuite() { fs::remove_all(tmp_); }
  void SetUp() override {
    ASSERT_TRUE(fs::exists(binary_)) << "no parley binary at " << binary_;
    ASSERT_TRUE(fs::exists(Db())) << "the synthetic store was not made";
  }

  static std::string Db() { return (tmp_ / "s.db").string(); }

  // Runs `parley ARGS` from the repository root.
  static Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }

  static fs::path tmp_, binary_;
};

fs::path AlertsCliTest::tmp_, AlertsCliTest::binary_;

// One test: the order matters (the first run stores what later runs see).
TEST_F(AlertsCliTest, FindsTheIncidentReportsItOnceAndDeliversIt) {
  Result first = Run("alerts --db " + Db() + " --format ndjson");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("\"kind\":\"spike\",\"series\":{\"brand\":\"skyloft\""));
  EXPECT_THAT(first.out, HasSubstr("\"start\":\"2026-03-17T09:00:00Z\""));
  EXPECT_THAT(first.out, HasSubstr("\"kind\":\"shift\""));
  EXPECT_THAT(first.out, HasSubstr("\"kind\":\"term\""));
  EXPECT_THAT(first.out, HasSubstr("\"examples\":[{\"source\""));
  int found = Lines(first.out);
  ASSERT_GT(found, 0);
  const std::string n = std::to_string(found);
  EXPECT_THAT(first.err, HasSubstr("parley alerts: " + n + " alerts found, " + n + " new; "));

  Result again = Run("alerts -q --db " + Db() + " --format ndjson");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "") << "alerts are reported once";

  Result all = Run("alerts --all --db " + Db() + " --format ndjson");
  EXPECT_EQ(Lines(all.out), found);
  EXPECT_THAT(all.err, HasSubstr(n + " alerts found, 0 new, " + n + " shown with earlier ones; "));
  Result json = Run("alerts -q --all --db " + Db() + " --format json");
  EXPECT_EQ(json.out.substr(0, 2), "[\n");
  // CSV: a header and an alert a row, each with the command that lists its
  // posts; a spike's lists as many as it observed.
  Result csv = Run("alerts -q --all --db " + Db() + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(Lines(csv.out), found + 1);
  EXPECT_EQ(csv.out.rfind("kind,window_start,window_end,brand,topic,intent,source,term,baseline,"
                          "observed,effect,p_value,q_value,window_posts,baseline_posts,correction,"
                          "posts_command\r\n",
                          0),
            0u)
      << csv.out.substr(0, 300);
  const size_t spike_at = csv.out.find("\r\nspike,");
  ASSERT_NE(spike_at, std::string::npos) << csv.out;
  std::string spike_row = csv.out.substr(spike_at + 2);
  spike_row = spike_row.substr(0, spike_row.find("\r\n"));
  const std::vector<std::string> cells = testing::CommaCells(spike_row);
  ASSERT_EQ(cells.size(), 17u) << spike_row;
  ASSERT_EQ(cells[16].rfind("parley posts --db ", 0), 0u) << spike_row;
  Result spike_posts = Run(cells[16].substr(7) + " -f csv -q");
  ASSERT_EQ(spike_posts.exit_code, 0) << cells[16] << ": " << spike_posts.err;
  EXPECT_EQ(Lines(spike_posts.out) - 1, static_cast<int>(std::stod(cells[9]))) << spike_row;
  Result table = Run("alerts -q --all --db " + Db());
  EXPECT_THAT(table.out, HasSubstr("KIND"));
  EXPECT_THAT(table.out, HasSubstr("brand=skyloft"));
  // The table ends with the command that lists an alert's posts; it runs.
  const size_t at = table.out.find("\n  parley posts --db ");
  ASSERT_NE(at, std::string::npos) << table.out;
  std::string command = table.out.substr(at + 3 + 7);  // past "\n  parley "
  command = command.substr(0, command.find('\n'));
  EXPECT_THAT(command, HasSubstr(" --since 2026-03-"));
  Result posts = Run(command + " -f csv -q");
  ASSERT_EQ(posts.exit_code, 0) << command << ": " << posts.err;
  EXPECT_GT(Lines(posts.out), 1) << command;
  // Each alert's figure is its posts: a spike's observed count and a term's
  // window_n are what parley posts lists for them.
  std::istringstream alerts_in(all.out);
  int checked_terms = 0, checked_spikes = 0;
  simdjson::dom::parser parser;
  for (std::string line; std::getline(alerts_in, line);) {
    simdjson::dom::element a = parser.parse(line);
    const std::string_view kind = a["kind"].get_string().value();
    if ((kind == "term" && checked_terms >= 3) || (kind == "spike" && checked_spikes >= 3) ||
        kind == "shift") {
      continue;
    }
    std::string cmd = "posts -q -f csv --db " + Db();
    for (const char* key : {"brand", "topic", "intent"}) {
      std::string_view v;
      if (a["series"][key].get(v) == simdjson::SUCCESS && v != "*") {
        cmd += std::string(" --") + key + " '" + std::string(v) + "'";
      }
    }
    std::string_view source = a["series"]["source"].get_string().value();
    if (!source.empty()) cmd += " --source '" + std::string(source) + "'";
    if (kind == "term") cmd += " --term '" + std::string(a["term"].get_string().value()) + "'";
    cmd += " --since " + std::string(a["window"]["start"].get_string().value()) + " --until " +
           std::string(a["window"]["end"].get_string().value());
    Result posts = Run(cmd);
    ASSERT_EQ(posts.exit_code, 0) << cmd << ": " << posts.err;
    const int64_t figure = kind == "term"
                               ? a["window_n"].get_int64().value()
                               : static_cast<int64_t>(a["observed"].get_double().value());
    EXPECT_EQ(Lines(posts.out) - 1, figure) << cmd << "\n" << line;
    (kind == "term" ? checked_terms : checked_spikes)++;
  }
  EXPECT_EQ(checked_terms, 3);
  EXPECT_GE(checked_spikes, 1);
  Result before = Run("alerts -q --all --until 2026-03-17T09:00:00Z --db " + Db() + " -f ndjson");
  Result after = Run("alerts -q --all --since 2026-03-17T09:00:00Z --db " + Db() + " -f ndjson");
  EXPECT_EQ(Lines(before.out) + Lines(after.out), found) << "--since and --until split the list";
  EXPECT_THAT(after.out, HasSubstr("\"start\":\"2026-03-17T09:00:00Z\""));
  EXPECT_THAT(before.out, ::testing::Not(HasSubstr("\"start\":\"2026-03-17T09:00:00Z\"")));
  // On New York's clock (EDT since 2026-03-08): the window of 09:00Z starts
  // at 05:00 there, and --since without a zone is read there too.
  Result local =
      Run("alerts -q --all --since '2026-03-17 05:00' --time-zone America/New_York --db " + Db());
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_THAT(local.out, HasSubstr("WINDOW (America/New_York)"));
  EXPECT_THAT(local.out, HasSubstr(" 2026-03-17 05:00 "));
  EXPECT_THAT(local.out, ::testing::Not(HasSubstr(" 2026-03-17 09:00 ")));
  EXPECT_EQ(Lines(Run("alerts -q --all --time-zone America/New_York --since '2026-03-17 05:00' -f "
                      "ndjson --db " +
                      Db())
                      .out),
            Lines(after.out));

  // A receiver that is down: a clear error, exit 1, nothing marked delivered.
  std::string down_url;
  { down_url = Receiver().url(); }
  Result down = Run("alerts -q --db " + Db() + " --webhook " + down_url);
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.err, HasSubstr("cannot be reached"));
  EXPECT_EQ(Lines(down.err), 1);

  Receiver receiver;
  Result sent = Run("alerts --db " + Db() + " --webhook " + receiver.url());
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_THAT(sent.err, HasSubstr(std::to_string(found) + " delivered"));
  std::vector<std::string> bodies = receiver.bodies();
  ASSERT_EQ(static_cast<int>(bodies.size()), found);
  EXPECT_EQ(bodies[0].front(), '{');
  Result resent = Run("alerts -q --db " + Db() + " --webhook " + receiver.url());
  EXPECT_EQ(resent.exit_code, 0);
  EXPECT_EQ(static_cast<int>(receiver.bodies().size()), found) << "delivered once";
}

TEST_F(AlertsCliTest, ShiftSharesAreCorrectedWithAValidationFile) {
  ASSERT_TRUE(fs::exists(tmp_ / "v.db"));
  // The synthetic posts carry their true sentiment: they validate the model.
  Result r = Run("alerts -q --no-terms -f ndjson --db " + (tmp_ / "v.db").string() +
                 " --validation " + (tmp_ / "s.csv").string() + " --label-column true_sentiment");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"kind\":\"shift\""));
  EXPECT_THAT(r.out, HasSubstr("\"correction\":\"adjusted\""));
  Result missing = Run("alerts -q --db " + Db() + " --validation " + (tmp_ / "none.csv").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(Lines(missing.err), 1);
}

TEST_F(AlertsCliTest, BadFlagsAndAMissingDatabaseAreOneLineErrors) {
  Result missing = Run("alerts --db " + (tmp_ / "none.db").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(Lines(missing.err), 1);
  EXPECT_FALSE(fs::exists(tmp_ / "none.db"));
  Result format = Run("alerts --db " + Db() + " --format xml");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("--format"));
  Result since = Run("alerts --db " + Db() + " --since yesterday");
  EXPECT_EQ(since.exit_code, 2);
  EXPECT_THAT(since.err, HasSubstr("--since"));
  Result fdr = Run("alerts --db " + Db() + " --fdr 2");
  EXPECT_EQ(fdr.exit_code, 2);
  Result examples = Run("alerts --db " + Db() + " --examples -1");
  EXPECT_EQ(examples.exit_code, 2);
  Result hook = Run("alerts --db " + Db() + " --webhook ftp://x");
  EXPECT_EQ(hook.exit_code, 2);
  Result unknown = Run("alerts --db " + Db() + " --bogus");
  EXPECT_EQ(unknown.exit_code, 2);
}

}  // namespace
}  // namespace parley
