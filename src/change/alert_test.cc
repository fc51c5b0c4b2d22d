#include "src/change/alert.h"

#include <gtest/gtest.h>

#include "src/core/timestamp.h"
#include "tests/testutil/status_matchers.h"

namespace parley::change {
namespace {

Alert Sample() {
  Alert a;
  a.kind = "term";
  a.series = {"Skyloft Air", "delay", ""};
  a.term = "gate \"B\"";
  a.window_start_ms = *ParseTimestamp("2026-03-19T07:00:00Z");
  a.window_end_ms = *ParseTimestamp("2026-03-19T08:00:00Z");
  a.baseline = 1.5;
  a.observed = 12.25;
  a.effect = 8.1666;
  a.p_value = 3.2e-12;
  a.q_value = 3.2e-12;
  a.window_n = 40;
  a.baseline_n = 9;
  a.correction = "adjusted";
  a.examples.push_back({"synth", "p7", "ann12", "stuck at gate \"B\"\nagain", a.window_start_ms});
  return a;
}

TEST(Alert, KeyNamesKindSeriesWindowAndTerm) {
  EXPECT_EQ(Sample().Key(), "term|Skyloft Air|delay||2026-03-19T07:00:00Z|gate \"B\"");
}

TEST(Alert, JsonReadsBack) {
  Alert a = Sample();
  std::string json = a.ToJson();
  EXPECT_EQ(json.find('\n'), std::string::npos);
  ASSERT_OK_AND_ASSIGN(Alert b, ParseAlert(json));
  EXPECT_EQ(b.Key(), a.Key());
  EXPECT_EQ(b.window_end_ms, a.window_end_ms);
  EXPECT_DOUBLE_EQ(b.observed, 12.25);
  EXPECT_NEAR(b.p_value, 3.2e-12, 1e-17);
  EXPECT_EQ(b.window_n, 40);
  EXPECT_EQ(b.correction, "adjusted");
  ASSERT_EQ(b.examples.size(), 1u);
  EXPECT_EQ(b.examples[0].text, a.examples[0].text);
  EXPECT_EQ(b.examples[0].created_at_ms, a.window_start_ms);
  EXPECT_EQ(b.ToJson(), json);
}

TEST(Alert, StoredFormCarriesKeyAndWindow) {
  StoredAlert s = Sample().ToStored(99);
  EXPECT_EQ(s.key, Sample().Key());
  EXPECT_EQ(s.kind, "term");
  EXPECT_EQ(s.detected_at_ms, 99);
  EXPECT_EQ(s.window_end_ms - s.window_start_ms, 3600000);
}

TEST(Alert, BadJsonIsDataLoss) {
  EXPECT_THAT(ParseAlert("{not json").status(), parley::testing::StatusIs(StatusCode::kDataLoss));
}

}  // namespace
}  // namespace parley::change
