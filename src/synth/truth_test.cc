#include "src/synth/truth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testutil/status_matchers.h"

namespace parley::synth {
namespace {

TEST(TruthWriter, WritesTheHeadThenEveryListInOrder) {
  auto env = NewMemEnv();
  TruthWriter truth(env.get(), "t.json");
  ASSERT_OK(truth.Add(CareList::kUnansweredComplaints, "p2"));
  ASSERT_OK(truth.Add(CareList::kAnsweredComplaints, "p1"));
  ASSERT_OK(truth.Add(CareList::kUnansweredComplaints, "p3"));
  ASSERT_OK(truth.Finish("\"posts\":3"));
  EXPECT_EQ(*ReadFileToString(env.get(), "t.json"),
            "{\"posts\":3,\n\"answered_complaints\":[\"p1\"],\n\"unanswered_complaints\":[\"p2\",\"p3\"],\n"
            "\"answered_questions\":[],\n\"unanswered_questions\":[]}\n");
}

TEST(TruthWriter, LongListsSpillToTemporaryFilesThatAreRemoved) {
  auto env = NewMemEnv();
  TruthWriter truth(env.get(), "out/t.json", /*spill_bytes=*/16);
  std::string expected = "\"answered_questions\":[";
  for (int i = 1; i <= 100; ++i) {
    std::string id = std::to_string(i);
    id.insert(id.begin(), 'p');
    ASSERT_OK(truth.Add(CareList::kAnsweredQuestions, id));
    if (i > 1) expected.push_back(',');
    expected.append("\"").append(id).append("\"");
  }
  EXPECT_EQ(env->GetChildren("out")->size(), 1u);  // the spill file
  expected.push_back(']');
  ASSERT_OK(truth.Finish("\"posts\":100"));
  EXPECT_THAT(*ReadFileToString(env.get(), "out/t.json"),
              ::testing::HasSubstr(expected));
  EXPECT_EQ(*env->GetChildren("out"), std::vector<std::string>({"t.json"}));
}

TEST(TruthWriter, AFailedRunLeavesNoTemporaryFiles) {
  auto env = NewMemEnv();
  {
    TruthWriter truth(env.get(), "out/t.json", 4);
    ASSERT_OK(truth.Add(CareList::kAnsweredComplaints, "p1"));
    ASSERT_OK(truth.Add(CareList::kAnsweredComplaints, "p2"));
  }
  EXPECT_FALSE(env->GetChildren("out").ok());  // nothing left in it
}

}  // namespace
}  // namespace parley::synth
