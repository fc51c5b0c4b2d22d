#include "src/change/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "src/core/timestamp.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley::change {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTexts[] = {"flight was fine today", "lovely crew on board",
                                  "seat was okay", "boarding took a while",
                                  "nice view from the window", "coffee was cold"};

class FindAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("change");
    StoreOptions o;
    o.path = (dir_ / "t.db").string();
    auto store = OpenStore(o);
    ASSERT_OK(store);
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void Add(int64_t ms, std::string text, SentimentLabel label,
           std::vector<std::string> intents = {}) {
    Post p;
    p.source = "test";
    p.id = "p" + std::to_string(posts_.size());
    p.author = "a" + std::to_string(posts_.size() % 97);
    p.created_at_ms = ms;
    p.text = std::move(text);
    Analysis a;
    a.sentiment.label = label;
    a.brands = {"acme"};
    a.topics = {"delay"};
    a.intents = std::move(intents);
    posts_.push_back(std::move(p));
    analyses_.push_back(std::move(a));
  }
  void Write() {
    ASSERT_OK(store_->WriteBatch(posts_, analyses_, nullptr));
    posts_.clear();
    analyses_.clear();
  }

  // Three weeks of 20 posts an hour, a fifth negative.
  void Steady(int64_t start) {
    for (int h = 0; h < 3 * kHoursPerWeek; ++h) {
      for (int i = 0; i < 20; ++i) {
        Add(start + h * kHourMs + i * 60000, kTexts[(h + i) % 6],
            i % 5 ? SentimentLabel::kNeutral : SentimentLabel::kNegative);
      }
    }
  }

  // Steady() from 2026-03-02, then 60 negative posts with `text` in the
  // hour 40 hours into its third week (a spike and a shift); its start.
  int64_t SteadyThenSpike(const char* text) {
    const int64_t start = *ParseTimestamp("2026-03-02T00:00:00Z");
    Steady(start);
    const int64_t onset = start + (2 * kHoursPerWeek + 40) * kHourMs;
    for (int i = 0; i < 60; ++i) Add(onset + i * 50000, text, SentimentLabel::kNegative);
    return onset;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<Post> posts_;
  std::vector<Analysis> analyses_;
};

TEST_F(FindAlertsTest, ASteadyStoreHasNoAlerts) {
  Steady(*ParseTimestamp("2026-03-02T00:00:00Z"));
  Write();
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> alerts, FindAlerts(store_.get(), AlertOptions{}));
  EXPECT_TRUE(alerts.empty());
}

TEST_F(FindAlertsTest, ASpikeComesWithItsShiftTermsAndExamples) {
  const int64_t onset = SteadyThenSpike("stuck at the gate, jet bridge broken #gatefail");
  Write();
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> alerts, FindAlerts(store_.get(), AlertOptions{}));
  std::vector<std::string> kinds, terms;
  for (const Alert& a : alerts) {
    kinds.push_back(a.kind + " " + a.series.Name());
    if (a.kind == "term") terms.push_back(a.term);
  }
  EXPECT_THAT(kinds, ::testing::IsSupersetOf({"spike all", "spike brand=acme",
                                               "spike brand=acme topic=delay", "shift all"}));
  EXPECT_THAT(terms, ::testing::Contains("#gatefail"));
  std::set<std::string> windows_terms;
  for (const Alert& a : alerts) {
    if (a.kind != "term") continue;
    EXPECT_TRUE(windows_terms.insert(std::to_string(a.window_start_ms) + a.term).second)
        << a.term << " is reported twice for one window";
  }
  auto it = std::find_if(alerts.begin(), alerts.end(),
                         [](const Alert& a) { return a.kind == "spike"; });
  ASSERT_NE(it, alerts.end());
  const Alert& spike = *it;
  EXPECT_EQ(spike.window_start_ms, onset);
  EXPECT_EQ(spike.observed, 80);
  EXPECT_NEAR(spike.baseline, 20, 1);
  EXPECT_EQ(spike.examples.size(), 3u);
  for (const Alert& a : alerts) EXPECT_LE(a.p_value, 1e-3) << a.ToJson();

  // --since after the spike: the same detection, nothing in range.
  AlertOptions later;
  later.from_ms = onset + 24 * kHourMs;
  ASSERT_OK_AND_ASSIGN(alerts, FindAlerts(store_.get(), later));
  EXPECT_TRUE(alerts.empty());
}

// An intent's posts are a series of their own: complaints rising within a
// steady volume of posts with a steady negative share are a complaint
// spike, with complaints for examples, and nothing else is flagged.
TEST_F(FindAlertsTest, AnIntentsPostsSpikeWithinASteadyVolume) {
  const int64_t start = *ParseTimestamp("2026-03-02T00:00:00Z");
  const int64_t onset = start + (2 * kHoursPerWeek + 40) * kHourMs;
  for (int h = 0; h < 3 * kHoursPerWeek; ++h) {
    const int64_t hour = start + h * kHourMs;
    for (int i = 0; i < 20; ++i) {
      // Two complaints an hour, eighteen in the onset's.
      const bool complaint = hour == onset ? i < 18 : i < 2;
      Add(hour + i * 60000, complaint ? "my refund still has not arrived" : kTexts[(h + i) % 6],
          i % 5 ? SentimentLabel::kNeutral : SentimentLabel::kNegative,
          complaint ? std::vector<std::string>{"complaint"} : std::vector<std::string>{});
    }
  }
  Write();
  AlertOptions o;
  o.find_terms = false;
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> alerts, FindAlerts(store_.get(), o));
  std::vector<std::string> kinds;
  for (const Alert& a : alerts) kinds.push_back(a.kind + " " + a.series.Name());
  EXPECT_THAT(kinds, ::testing::UnorderedElementsAre("spike intent=complaint",
                                                     "spike brand=acme intent=complaint"))
      << ::testing::PrintToString(kinds);
  ASSERT_FALSE(alerts.empty());
  const Alert& spike = alerts.front();
  EXPECT_EQ(spike.window_start_ms, onset);
  EXPECT_EQ(spike.observed, 18);
  EXPECT_NEAR(spike.baseline, 2, 0.5);
  ASSERT_EQ(spike.examples.size(), 3u);
  for (const AlertExample& e : spike.examples) EXPECT_EQ(e.text, "my refund still has not arrived");
  // Its key and JSON name the intent; read back, it is the same series.
  EXPECT_THAT(spike.Key(), ::testing::EndsWith("|intent=complaint"));
  ASSERT_OK_AND_ASSIGN(Alert back, ParseAlert(spike.ToJson()));
  EXPECT_EQ(back.series, spike.series);
  EXPECT_EQ(back.Key(), spike.Key());
}

// An alert found with no examples gets them later, as many as asked, as
// FindAlerts() would have picked them (alerts stored by an earlier run,
// listed with another --examples).
TEST_F(FindAlertsTest, ExamplesAreFoundAgainForAnAlertAlreadyFound) {
  SteadyThenSpike("stuck at the gate, jet bridge broken #gatefail");
  Write();
  AlertOptions none;
  none.examples = 0;
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> bare, FindAlerts(store_.get(), none));
  AlertOptions some;
  some.examples = 2;
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> full, FindAlerts(store_.get(), some));
  ASSERT_EQ(bare.size(), full.size());
  int terms = 0;
  for (size_t i = 0; i < bare.size(); ++i) {
    EXPECT_TRUE(bare[i].examples.empty());
    ASSERT_OK(FindExamples(store_.get(), 2, some.max_window_posts, &bare[i]));
    EXPECT_EQ(bare[i].ToJson(), full[i].ToJson()) << bare[i].kind;
    EXPECT_FALSE(bare[i].examples.empty()) << bare[i].kind;
    terms += bare[i].kind == "term";
  }
  EXPECT_GT(terms, 0);
}

TEST_F(FindAlertsTest, ShiftSharesAreCorrectedForTheMeasuredConfusion) {
  SteadyThenSpike("awful wait");
  Write();
  AlertOptions o;
  o.find_terms = false;
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> raw, FindAlerts(store_.get(), o));
  // A classifier that finds 80% of negative posts and calls 10% of the rest
  // negative: an observed share q is (q - 0.1) / 0.7 truly negative.
  ConfusionMatrix m;
  m.Add(0, 0, 80);
  m.Add(0, 1, 20);
  m.Add(1, 0, 10);
  m.Add(1, 1, 90);
  o.validation = m;
  ASSERT_OK_AND_ASSIGN(std::vector<Alert> corrected, FindAlerts(store_.get(), o));
  ASSERT_EQ(raw.size(), corrected.size());
  int shifts = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].kind != "shift") {
      EXPECT_EQ(corrected[i].correction, "");
      continue;
    }
    ++shifts;
    EXPECT_EQ(raw[i].correction, "");
    EXPECT_EQ(corrected[i].correction, "adjusted");
    EXPECT_NEAR(corrected[i].baseline, (raw[i].baseline - 0.1) / 0.7, 1e-9);
    EXPECT_NEAR(corrected[i].observed, (raw[i].observed - 0.1) / 0.7, 1e-9);
    EXPECT_EQ(corrected[i].p_value, raw[i].p_value);
  }
  EXPECT_GT(shifts, 0);
}

TEST_F(FindAlertsTest, EachSourceHasItsSeriesWhenThereAreSeveral) {
  int64_t start = *ParseTimestamp("2026-03-02T00:00:00Z");
  Add(start, "one", SentimentLabel::kNeutral);
  Write();
  ASSERT_OK_AND_ASSIGN(auto spans, LoadHourlySeries(store_.get()));
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].size(), 4u);  // (*|acme) x (*|delay), all sources
  Add(start + kHourMs, "two", SentimentLabel::kNeutral);
  posts_.back().source = "forum";
  Write();
  ASSERT_OK_AND_ASSIGN(spans, LoadHourlySeries(store_.get()));
  ASSERT_EQ(spans.size(), 1u);
  const std::vector<HourlySeries>& series = spans[0];
  ASSERT_EQ(series.size(), 12u);  // and each of the two sources apart
  EXPECT_EQ(series[0].key, (SeriesKey{"*", "*", ""}));
  EXPECT_EQ(series[0].n, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(series[4].key, (SeriesKey{"*", "*", "forum"}));
  EXPECT_EQ(series[4].n, (std::vector<int64_t>{0, 1}));
}

TEST_F(FindAlertsTest, AnEmptyStoreHasNoSeries) {
  ASSERT_OK_AND_ASSIGN(auto spans, LoadHourlySeries(store_.get()));
  EXPECT_TRUE(spans.empty());
}

// A gap of more than a week with no post splits the stored conversation
// into spans, each read from its own first to last hour: a post dated 9999
// is one hour of its own, not eight thousand years of empty hours.
TEST_F(FindAlertsTest, AGapOfMoreThanAWeekSplitsTheSeriesIntoSpans) {
  int64_t start = *ParseTimestamp("2026-03-02T00:00:00Z");
  Add(start, "one", SentimentLabel::kNeutral);
  Add(start + kSpanGapHours * kHourMs, "a week on: the same span", SentimentLabel::kNeutral);
  Add(start + (2 * kSpanGapHours + 1) * kHourMs, "a week and an hour on", SentimentLabel::kNeutral);
  Add(*ParseTimestamp("9999-12-31T23:59:59Z"), "far", SentimentLabel::kNeutral);
  Add(*ParseTimestamp("1970-01-01T00:00:00Z") - 5 * kHourMs, "before 1970", SentimentLabel::kNeutral);
  Write();
  ASSERT_OK_AND_ASSIGN(auto spans, LoadHourlySeries(store_.get()));
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0][0].start_ms, *ParseTimestamp("1970-01-01T00:00:00Z") - 5 * kHourMs);
  EXPECT_EQ(spans[0][0].n, (std::vector<int64_t>{1}));
  EXPECT_EQ(spans[1][0].start_ms, start);
  EXPECT_EQ(spans[1][0].n.size(), static_cast<size_t>(kSpanGapHours + 1));
  EXPECT_EQ(spans[2][0].n, (std::vector<int64_t>{1}));
  EXPECT_EQ(spans[3][0].start_ms, *ParseTimestamp("9999-12-31T23:00:00Z"));
  for (const auto& span : spans) {
    ASSERT_EQ(span.size(), 4u);
    for (const HourlySeries& s : span) {
      EXPECT_EQ(s.start_ms, span[0].start_ms);
      EXPECT_EQ(s.n.size(), span[0].n.size());
    }
  }
}

// A stray post far from the rest (a month before, years after) changes no
// alert of the rest: the same spike is found, and no other.
TEST_F(FindAlertsTest, AStrayPostFarFromTheRestChangesNoAlert) {
  SteadyThenSpike("stuck at the gate");
  Write();
  AlertOptions o;
  o.find_terms = false;
  auto windows = [&] {
    std::vector<std::string> out;
    auto alerts = FindAlerts(store_.get(), o);
    EXPECT_OK(alerts);
    for (const Alert& a : *alerts) out.push_back(a.kind + " " + a.series.Name() + " " +
                                                 FormatTimestamp(a.window_start_ms));
    return out;
  };
  const std::vector<std::string> before = windows();
  ASSERT_FALSE(before.empty());
  for (const char* stray : {"2026-02-01T00:00:00Z", "2015-02-24T00:00:00Z", "2032-03-01T00:00:00Z"}) {
    SCOPED_TRACE(stray);
    Add(*ParseTimestamp(stray), "@acme delayed again awful", SentimentLabel::kNegative);
    Write();
    EXPECT_EQ(windows(), before);
  }
}

}  // namespace
}  // namespace parley::change
