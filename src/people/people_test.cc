#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>

#include "src/people/accounts.h"
#include "src/people/graph.h"
#include "src/people/influence.h"
#include "src/people/json.h"
#include "src/people/links.h"
#include "src/people/queue.h"
#include "src/people/response.h"
#include "src/people/threads.h"
#include "src/storage/spans.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley::people {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// ---- links ----

TEST(Links, SharedHandleReadsRetweets) {
  EXPECT_EQ(SharedHandle("RT @SkyloftAir: great news"), "SkyloftAir");
  EXPECT_EQ(SharedHandle("  rt @a_b1 text"), "a_b1");
  EXPECT_EQ(SharedHandle("RT: nothing"), "");
  EXPECT_EQ(SharedHandle("RTX @a"), "");
  EXPECT_EQ(SharedHandle("hello RT @a"), "");  // asks for a share: no ':'
  EXPECT_EQ(SharedHandle("RT @"), "");
  // A comment before the share (parley synth writes 30% of its shares so).
  EXPECT_EQ(SharedHandle("Worth reading RT @alice: the crew was great"), "alice");
  EXPECT_EQ(SharedHandle("^^ RT @b_2: text"), "b_2");
  EXPECT_EQ(SharedHandle("pls RT @a and RT @c: this"), "c");
  EXPECT_EQ(SharedHandle("ART @a: x"), "");   // not a word "RT"
  EXPECT_EQ(SharedHandle("so rt @a: x"), "");  // lower case mid-text is chat
  EXPECT_EQ(SharedHandle("x RT @: y"), "");
  EXPECT_EQ(SharedHandle("x RT @a:"), "a");
}

TEST(Links, QuotedAuthorPrefersMappedField) {
  Post p;
  p.text = "RT @x: hi";
  EXPECT_EQ(QuotedAuthor(p), "x");
  p.extra = {{"quoted_author", "y"}};
  EXPECT_EQ(QuotedAuthor(p), "y");
}

TEST(Links, LeadingMentionIsAReplyMarker) {
  EXPECT_EQ(LeadingMention("@maya thanks!"), "maya");
  EXPECT_EQ(LeadingMention("  @maya, ok"), "maya");
  EXPECT_EQ(LeadingMention("thanks @maya"), "");
  EXPECT_EQ(LeadingMention("RT @maya: x"), "");
}

TEST(Links, NormalizeHandle) {
  EXPECT_EQ(NormalizeHandle("@SkyloftAir"), "skyloftair");
  EXPECT_EQ(NormalizeHandle("Jet_Wave"), "jet_wave");
  EXPECT_EQ(NormalizeHandle("@@Jet"), "jet");  // idempotent: a normal handle stays as it is
}

// ---- threads ----

PostView P(std::string id, std::string parent, int64_t t, std::string author = "a",
           std::string text = "hi") {
  PostView v;
  v.source = "s";
  v.id = std::move(id);
  v.parent = std::move(parent);
  v.created_at_ms = t;
  v.author = std::move(author);
  v.text = std::move(text);
  return v;
}

std::vector<std::string> Ids(const std::vector<ThreadNode>& nodes) {
  std::vector<std::string> out;
  for (const ThreadNode& n : nodes) out.push_back(n.post.id + "@" + std::to_string(n.depth));
  return out;
}

TEST(Threads, TreeOrderIsDepthFirstInTime) {
  std::vector<PostView> posts = {P("c", "a", 3), P("a", "", 1), P("b", "a", 2), P("d", "b", 4)};
  EXPECT_THAT(Ids(BuildThreadTree(posts, ThreadOrder::kTree)),
              ElementsAre("a@0", "b@1", "d@2", "c@1"));
  EXPECT_THAT(Ids(BuildThreadTree(posts, ThreadOrder::kOldest)),
              ElementsAre("a@0", "b@1", "c@1", "d@2"));
  EXPECT_THAT(Ids(BuildThreadTree(posts, ThreadOrder::kNewest)),
              ElementsAre("d@2", "c@1", "b@1", "a@0"));
  std::vector<ThreadNode> tree = BuildThreadTree(posts, ThreadOrder::kTree);
  EXPECT_EQ(tree[0].replies, 2);
  EXPECT_EQ(tree[2].reply_to, "b");
}

TEST(Threads, MissingParentMakesAnOrphan) {
  std::vector<ThreadNode> t =
      BuildThreadTree({P("a", "", 1), P("b", "gone", 2), P("c", "b", 3)}, ThreadOrder::kTree);
  EXPECT_THAT(Ids(t), ElementsAre("a@0", "b@0", "c@1"));
  EXPECT_FALSE(t[0].orphan);
  EXPECT_TRUE(t[1].orphan);
}

TEST(Threads, CycleIsCutAtItsOldestPost) {
  std::vector<ThreadNode> t = BuildThreadTree(
      {P("a", "c", 1), P("b", "a", 2), P("c", "b", 3), P("x", "x", 4)}, ThreadOrder::kTree);
  EXPECT_THAT(Ids(t), ElementsAre("a@0", "b@1", "c@2", "x@0"));
  EXPECT_TRUE(t[0].cycle);
  EXPECT_FALSE(t[1].cycle);
}

TEST(Threads, ReplyMarkerAttachesToLatestPostByThatAuthor) {
  std::vector<ThreadNode> t =
      BuildThreadTree({P("a", "", 1, "maya"), P("b", "", 2, "brand", "@Maya sorry to hear"),
                       P("c", "", 3, "maya", "@brand thanks"), P("d", "", 4, "x", "@nobody hi")},
                      ThreadOrder::kTree);
  EXPECT_THAT(Ids(t), ElementsAre("a@0", "b@1", "c@2", "d@0"));
  EXPECT_TRUE(t[1].by_marker);
  EXPECT_FALSE(t[3].by_marker);
}

TEST(Threads, ParsesOrders) {
  EXPECT_EQ(*ParseThreadOrder("tree"), ThreadOrder::kTree);
  EXPECT_FALSE(ParseThreadOrder("sideways").ok());
}

// ---- graph and PageRank ----

TEST(Graph, EdgesSumCountAndRecency) {
  GraphOptions o;
  o.half_life_days = 1;
  InteractionGraph g(o);
  uint32_t a = g.Node("s", "A"), b = g.Node("s", "@b");
  EXPECT_EQ(g.Node("s", "a"), a);  // handles compare normalized
  const int64_t day = 86400000;
  g.Add(a, b, LinkKind::kReply, 10 * day);
  g.Add(a, b, LinkKind::kMention, 9 * day);  // a day older: half of 0.5
  g.Add(a, a, LinkKind::kReply, 10 * day);   // self-loop: dropped
  std::vector<WeightedEdge> e = g.Edges(10 * day);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_DOUBLE_EQ(e[0].weight, 1.0 + 0.25);
  EXPECT_EQ(g.node(b).replies_received, 1);
  EXPECT_EQ(g.node(b).mentions_received, 1);
  EXPECT_EQ(g.node(a).replies_received, 0);
}

// Ages run back from the now given: an interaction after it is new, and one
// thousands of half-lives old still links its authors (an edge weighted 0
// would be dropped).
TEST(Graph, AgesRunToNowAndWeightsNeverDecayToZero) {
  GraphOptions o;
  o.half_life_days = 1;
  InteractionGraph g(o);
  uint32_t a = g.Node("s", "a"), b = g.Node("s", "b"), c = g.Node("s", "c");
  const int64_t day = 86400000;
  g.Add(a, b, LinkKind::kReply, 9 * day);       // a day before now: half
  g.Add(b, c, LinkKind::kReply, 90000 * day);   // long after now: age 0
  g.Add(c, a, LinkKind::kReply, -20000 * day);  // 20,010 half-lives old
  std::vector<WeightedEdge> e = g.Edges(10 * day);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_DOUBLE_EQ(e[0].weight, 0.5);
  EXPECT_DOUBLE_EQ(e[1].weight, 1.0);
  EXPECT_GT(e[2].weight, 0);
  EXPECT_LT(e[2].weight, 1e-300);
  EXPECT_OK(WeightedPageRank(g.node_count(), e).status());
}

TEST(PageRank, StarPointsToCenter) {
  std::vector<WeightedEdge> e = {{1, 0, 1}, {2, 0, 1}, {3, 0, 2}};
  auto pr = WeightedPageRank(4, e);
  ASSERT_OK(pr);
  double sum = 0;
  for (double v : *pr) sum += v;
  EXPECT_NEAR(sum, 1, 1e-9);
  EXPECT_GT((*pr)[0], (*pr)[1]);
  EXPECT_NEAR((*pr)[1], (*pr)[3], 1e-12);
  EXPECT_FALSE(WeightedPageRank(2, std::vector<WeightedEdge>{{0, 5, 1}}).ok());
  EXPECT_FALSE(WeightedPageRank(2, std::vector<WeightedEdge>{{0, 1, 0}}).ok());
}

// networkx's pagerank (Debian python3-networkx) on the same weighted graph,
// with dangling nodes, agrees with parley's to 1e-6.
TEST(PageRank, MatchesNetworkx) {
  const char* python = "/usr/bin/python3";
  if (access(python, X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  fs::path dir = fs::temp_directory_path() / ("parley_pr_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::mt19937 rng(7);
  const uint32_t n = 400;
  std::vector<WeightedEdge> edges;
  for (uint32_t from = 0; from < n; ++from) {
    if (from % 9 == 0) continue;  // dangling nodes
    for (int k = 0; k < 6; ++k) {
      uint32_t to = rng() % (from % 3 == 0 ? 20 : n);  // a few popular nodes
      if (to == from) continue;
      edges.push_back({from, to, 0.1 + (rng() % 1000) / 100.0});
    }
  }
  std::map<std::pair<uint32_t, uint32_t>, double> merged;
  for (const WeightedEdge& e : edges) merged[{e.from, e.to}] += e.weight;
  edges.clear();
  std::ofstream f(dir / "g.txt");
  f << n << "\n";
  f.precision(17);
  for (const auto& [k, w] : merged) {
    edges.push_back({k.first, k.second, w});
    f << k.first << " " << k.second << " " << w << "\n";
  }
  f.close();
  std::string cmd = std::string(python) + " src/people/networkx_pagerank.py " +
                    (dir / "g.txt").string() + " > " + (dir / "out.txt").string();
  int rc = std::system(cmd.c_str());
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 3) {
    fs::remove_all(dir);
    GTEST_SKIP() << "networkx (python3-networkx) is not installed";
  }
  ASSERT_EQ(rc, 0) << cmd;
  auto pr = WeightedPageRank(n, edges, 0.85);
  ASSERT_OK(pr);
  std::ifstream in(dir / "out.txt");
  uint32_t node;
  double rank;
  uint32_t seen = 0;
  double max_diff = 0;
  while (in >> node >> rank) {
    ASSERT_LT(node, n);
    max_diff = std::max(max_diff, std::fabs(rank - (*pr)[node]));
    ++seen;
  }
  fs::remove_all(dir);
  EXPECT_EQ(seen, n);
  EXPECT_LT(max_diff, 1e-6);
}

// ---- influence ----

TEST(Influence, RanksTheMostAttendedFirst) {
  InteractionGraph g;
  uint32_t star = g.Node("s", "star");
  for (int i = 0; i < 20; ++i) {
    uint32_t fan = g.Node("s", "fan" + std::to_string(i));
    g.Add(fan, star, LinkKind::kReply, 1000);
  }
  std::vector<WeightedEdge> e = g.Edges(1000);
  auto pr = WeightedPageRank(g.node_count(), e);
  ASSERT_OK(pr);
  std::vector<int64_t> reach(g.node_count(), 10);
  reach[star] = 100000;
  std::vector<double> engagement(g.node_count(), 0);
  engagement[star] = 20;
  std::vector<AuthorInfluence> rows = RankAuthors(g, *pr, reach, engagement, {});
  ASSERT_EQ(rows.size(), 21u);
  EXPECT_EQ(rows[0].handle, "star");
  EXPECT_EQ(rows[0].rank, 1);
  EXPECT_NEAR(rows[0].percentile, 100 * (20 + 0.5) / 21, 1e-9);
  EXPECT_NEAR(rows[0].score, 100 * (20.5 / 21), 1e-9);  // top of all three terms
  EXPECT_EQ(rows[0].replies_received, 20);
  EXPECT_LT(rows[1].score, rows[0].score);
}

// ---- priority ----

TEST(Priority, TermsFollowTheFormula) {
  PriorityInputs in;
  in.influence_percentile = 90;
  in.followers = 999999;       // log10(1e6) / 6 = 1
  in.age_hours = 12;           // one half-life
  in.replies_from_others = 9;  // log10(10) / 2
  in.intents = {"complaint"};
  in.label = SentimentLabel::kNegative;
  in.score = -0.5;
  PriorityWeights w;
  PriorityTerms t = ComputeTerms(in, w);
  EXPECT_NEAR(t.influence, 0.9, 1e-12);
  EXPECT_NEAR(t.reach, 1, 1e-12);
  EXPECT_NEAR(t.recency, 0.5, 1e-12);
  EXPECT_NEAR(t.spread, 0.5, 1e-12);
  EXPECT_NEAR(t.severity, 0.9, 1e-12);
  EXPECT_NEAR(Priority(t, w), 100 * (0.3 * 0.9 + 0.2 + 0.2 * 0.5 + 0.15 * 0.5 + 0.15 * 0.9), 1e-9);
  in.score = -0.95;
  EXPECT_NEAR(ComputeTerms(in, w).severity, 0.95, 1e-12);  // negativity beats the intent
}

TEST(Priority, ReasonsSayWhy) {
  PriorityInputs in;
  in.influence_percentile = 99.4;
  in.followers = 12300;
  in.age_hours = 3.2;
  in.replies_from_others = 4;
  in.intents = {"complaint"};
  in.label = SentimentLabel::kNegative;
  in.score = -0.72;
  EXPECT_THAT(Reasons(in, ComputeTerms(in, {})),
              ElementsAre("complaint intent", "negative -0.72", "author influence 99th pct",
                          "12,300 followers", "4 replies from others, no brand answer", "3 h old"));
  // Counts are written as the followers are, with thousands separators.
  in.replies_from_others = 1200;
  in.shares = 3634;
  EXPECT_THAT(Reasons(in, ComputeTerms(in, {})),
              ElementsAre("complaint intent", "negative -0.72", "author influence 99th pct",
                          "12,300 followers", "1,200 replies from others, no brand answer",
                          "3,634 shares", "3 h old"));
}

// ---- the store: queue, handled, influence cache ----

class PeopleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("people");
    Open();
    accounts_ = OwnAccounts({{"acme", "Acme", true, {"acmehelp"}}});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Open() {
    store_.reset();
    StoreOptions o;
    o.path = (dir_ / "t.db").string();
    auto s = OpenStore(o);
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }
  void Add(std::string id, std::string author, std::string thread, std::string parent, int64_t hour,
           std::string text, std::vector<std::string> intents,
           SentimentLabel label = SentimentLabel::kNeutral,
           std::vector<std::string> brands = {"acme"}) {
    Post p;
    p.source = "t";
    p.id = std::move(id);
    p.author = std::move(author);
    p.thread = std::move(thread);
    p.parent = std::move(parent);
    p.created_at_ms = hour * 3600000;
    p.text = std::move(text);
    Analysis a;
    a.sentiment.label = label;
    a.sentiment.score = label == SentimentLabel::kNegative ? -0.6 : 0;
    a.intents = std::move(intents);
    a.brands = std::move(brands);
    posts_.push_back(std::move(p));
    analyses_.push_back(std::move(a));
  }
  void Write() {
    ASSERT_OK(store_->WriteBatch(posts_, analyses_, nullptr));
    posts_.clear();
    analyses_.clear();
  }
  std::vector<std::string> QueueIds() {
    QueueQuery q;
    q.limit = -1;
    auto queue = BuildCareQueue(*store_, q, accounts_);
    EXPECT_OK(queue);
    std::vector<std::string> ids;
    if (queue.ok()) {
      for (const QueueItem& i : queue->items) ids.push_back(i.post.id);
    }
    return ids;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  OwnAccounts accounts_;
  std::vector<Post> posts_;
  std::vector<Analysis> analyses_;
};

TEST_F(PeopleStoreTest, QueueListsUnansweredAndDropsAnswered) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "acmehelp", "p1", "p1", 2, "@ann sorry, DM us", {});
  Add("p3", "bob", "p3", "", 3, "acme when do you board?", {"question"});
  Add("p4", "cat", "p3", "p3", 4, "same question", {"question"});
  Add("p7", "fay", "p7", "", 4, "RT @bob: acme when do you board?", {"question"});
  Add("p5", "dan", "p5", "", 5, "acme was lovely", {"praise"}, SentimentLabel::kPositive);
  Add("p6", "eve", "p6", "", 6, "storm outside", {"complaint"}, SentimentLabel::kNegative, {});
  Write();
  // p1 answered; p3 waits (p4 is its spread); p5 asks nothing; p6 names no
  // brand; p7 shares p3.
  EXPECT_THAT(QueueIds(), ElementsAre("p3"));
  QueueQuery q;
  auto queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  ASSERT_EQ(queue->items.size(), 1u);
  EXPECT_EQ(queue->items[0].replies_from_others, 1);
  EXPECT_THAT(queue->items[0].reasons, ::testing::Contains("question intent"));
  EXPECT_THAT(queue->items[0].reasons, ::testing::Contains("1 reply from others, no brand answer"));
}

TEST_F(PeopleStoreTest, AnyBrandReplyingDirectlyAnswers) {
  accounts_ =
      OwnAccounts({{"acme", "Acme", true, {"acmehelp"}}, {"zed", "Zed", false, {"zedcare"}}});
  Add("p1", "ann", "p1", "", 1, "acme or zed?", {"question"});  // the tagger saw only acme
  Add("p2", "zedcare", "p1", "p1", 2, "@ann we fly there", {});
  Add("p3", "bob", "p3", "", 3, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p4", "zedcare", "p3", "", 4, "try us next time", {});  // not a reply to p3
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre("p3"));
}

TEST_F(PeopleStoreTest, CustomersTalkingAmongThemselvesWaitForNobody) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "acmehelp", "p1", "p1", 2, "@ann sorry, DM us", {});
  Add("p3", "bob", "p1", "p1", 3, "@ann same to me, awful", {"complaint"},
      SentimentLabel::kNegative, {});
  Add("p4", "ann", "p1", "p2", 4, "@acmehelp still nothing", {"complaint"},
      SentimentLabel::kNegative, {});
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre("p4"));  // ann follows up; bob names no brand
}

// Comments under a brand's own post (a page's, a channel's) and replies to
// its accounts' posts talk to the brand without naming it: they wait for
// it, and its answer in the thread answers them. Elsewhere a reply that
// names no brand still waits for nobody.
TEST_F(PeopleStoreTest, CommentsOnABrandsOwnPostWaitForIt) {
  Add("b1", "acmehelp", "b1", "", 1, "New routes this summer!", {}, SentimentLabel::kPositive, {});
  Add("b2", "ann", "b1", "b1", 2, "you lost my bag last week", {"complaint"},
      SentimentLabel::kNegative, {});
  Add("b3", "bob", "b1", "b2", 3, "same here, awful", {"complaint"}, SentimentLabel::kNegative, {});
  Add("c1", "cat", "c1", "", 4, "zed lost my bag", {"complaint"}, SentimentLabel::kNegative, {});
  Add("c2", "acmehelp", "c1", "c1", 5, "@cat we fly there too", {}, SentimentLabel::kNeutral, {});
  Add("c3", "dan", "c1", "c2", 6, "@acmehelp do you fly to Oslo?", {"question"},
      SentimentLabel::kNeutral, {});
  Add("c4", "eve", "c1", "c1", 7, "@cat terrible, sorry", {}, SentimentLabel::kNegative, {});
  Write();
  // b2 is the thread's oldest waiting post (b3 waits behind it); c3 replies
  // to acme's post in a thread cat began, so only c3 waits there: c1 was
  // answered by acme's direct reply, and eve answers cat.
  EXPECT_THAT(QueueIds(), UnorderedElementsAre("b2", "c3"));
  QueueQuery q;
  auto queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  for (const QueueItem& i : queue->items) EXPECT_THAT(i.brands, ElementsAre("acme")) << i.post.id;
  Add("b4", "acmehelp", "b1", "b2", 8, "@ann sorry, DM us", {}, SentimentLabel::kNeutral, {});
  Add("c5", "acmehelp", "c1", "c3", 8, "@dan we do", {}, SentimentLabel::kNeutral, {});
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre());
}

// A review whose record carries the business's reply (google-play-scraper's
// replyContent, Trustpilot's companyReply...) is answered where it stands;
// a blank or null reply is none.
TEST_F(PeopleStoreTest, AReviewRepliedInItsRecordIsAnswered) {
  Add("r1", "ann", "", "", 1, "crashes on start", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"replyContent", "Fixed in 2.3, sorry!"}, {"repliedAt", "2026-03-01"}};
  Add("r2", "bob", "", "", 2, "crashes on start", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"replyContent", ""}, {"appVersion", "2.2"}};
  Add("r3", "cat", "", "", 3, "login fails", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"companyReply.text", "We are looking into it"}};
  Add("r4", "dan", "", "", 4, "login fails", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"reviewReply", "null"}};
  Add("r5", "eve", "", "", 5, "login fails", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"REPLYTEXT", "  "}, {"reply_count", "3"}};
  Write();
  EXPECT_THAT(QueueIds(), UnorderedElementsAre("r2", "r4", "r5"));
}

// The care team's numbers: every post that needed an answer, answered (at
// the answer's time, or in its record), handled or waiting; times to answer
// of those answered at a known time; within an hour / a day of the posts
// whose hour / day is over.
TEST_F(PeopleStoreTest, ResponseStatsCountEveryPostThatNeededAnAnswer) {
  accounts_ =
      OwnAccounts({{"acme", "Acme", true, {"acmehelp"}}, {"zed", "Zed", false, {"zedcare"}}});
  Add("a1", "ann", "a1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("a2", "acmehelp", "a1", "a1", 2, "@ann sorry", {});  // 1 hour
  Add("b1", "bob", "b1", "", 3, "acme when do you board?", {"question"});
  Add("b2", "acmehelp", "b1", "b1", 6, "@bob at 9", {});  // 3 hours
  Add("c1", "cat", "c1", "", 10, "acme and zed both awful", {"complaint"},
      SentimentLabel::kNegative, {"acme", "zed"});
  Add("c2", "zedcare", "c1", "c1", 40, "@cat sorry", {});  // 30 hours, by zed (for both)
  Add("r1", "dan", "", "", 20, "acme app crashes", {"complaint"}, SentimentLabel::kNegative);
  posts_.back().extra = {{"replyContent", "fixed"}};
  Add("h1", "eve", "h1", "", 30, "acme refund?", {"question"});  // marked handled below
  Add("w1", "fay", "w1", "", 45, "acme still nothing", {"complaint"}, SentimentLabel::kNegative);
  Add("w2", "gus", "w2", "", 49, "acme where is my bag", {"question"});  // 30 min before now
  Add("n1", "hal", "n1", "", 49, "acme was lovely", {"praise"}, SentimentLabel::kPositive);
  Write();
  ASSERT_OK(store_->MarkHandled({"t", "h1", 31 * 3600000, ""}));
  QueueQuery q;
  q.now_ms = 49 * 3600000 + 1800000;
  ASSERT_OK_AND_ASSIGN(ResponseReport r, BuildResponseReport(*store_, q, accounts_));
  ASSERT_EQ(r.brands.size(), 3u);
  const ResponseStats& all = r.brands[0];
  EXPECT_EQ(all.brand, "*");
  EXPECT_EQ(all.needed, 7);  // a1 b1 c1 r1 h1 w1 w2; n1 asks nothing
  EXPECT_EQ(all.answered, 4);
  EXPECT_EQ(all.answered_in_record, 1);
  EXPECT_EQ(all.handled, 1);
  EXPECT_EQ(all.waiting, 2);
  EXPECT_NEAR(all.reply_rate.estimate, 4.0 / 7, 1e-12);
  ASSERT_EQ(all.timed, 3);  // 1 h, 3 h, 30 h
  ASSERT_TRUE(all.median_ms.has_value());
  EXPECT_EQ(all.median_ms->estimate, 3 * 3600000.0);
  EXPECT_EQ(all.median_ms->low, 1 * 3600000.0);  // too few for 95%: their range
  EXPECT_EQ(all.median_ms->high, 30 * 3600000.0);
  EXPECT_EQ(*all.p90_ms, 30 * 3600000);
  // Within an hour: a1 of the 3 answered and w1 (waiting 4.5 h); w2's hour
  // is not over. Within a day: a1 and b1 of the same 4.
  EXPECT_EQ(all.hour_over, 4);
  EXPECT_NEAR(all.within_hour.estimate, 0.25, 1e-12);
  EXPECT_EQ(all.day_over, 3);  // w1 waited 4.5 h only
  EXPECT_NEAR(all.within_day.estimate, 2.0 / 3, 1e-12);
  // Per brand: acme waited for all 7, zed for c1 alone.
  EXPECT_EQ(r.brands[1].brand, "acme");
  EXPECT_EQ(r.brands[1].needed, 7);
  EXPECT_EQ(r.brands[2].brand, "zed");
  EXPECT_EQ(r.brands[2].needed, 1);
  EXPECT_EQ(r.brands[2].answered, 1);
  EXPECT_EQ(r.brands[2].median_ms->estimate, 30 * 3600000.0);
  // The renderings.
  EXPECT_THAT(ResponseTable(r), HasSubstr("(all)                7        4  57.1% ("));
  EXPECT_THAT(ResponseTable(r), HasSubstr("3h 00m (1h 00m–1d 06h)"));
  EXPECT_THAT(
      ResponseNdjson(r),
      HasSubstr(
          R"({"brand":"*","needed":7,"answered":4,"answered_in_record":1,"handled":1,"waiting":2,"reply_rate":{"estimate":0.5714285714285714,)"));
  EXPECT_THAT(
      ResponseNdjson(r),
      HasSubstr(
          R"("median_seconds":{"estimate":10800,"low":3600,"high":108000},"p90_seconds":108000,"hour_over":4,)"));
  EXPECT_THAT(ResponseCsv(r), HasSubstr("\r\nzed,,1,1,0,0,0,1,"));
  EXPECT_THAT(ResponseCsv(r), HasSubstr(",180.0,60.0,1800.0,1800.0,4,0.25,"));
  // By day: the posts created each day (day 0 holds a1 b1 c1 r1; day 1 h1
  // w1; day 2 w2), all brands then each.
  ResponseBuckets days;
  days.granularity = Granularity::kDay;
  ASSERT_OK_AND_ASSIGN(ResponseReport daily,
                       BuildResponseReport(*store_, q, accounts_, 0.95, days));
  ASSERT_EQ(daily.brands.size(), 3u + 3u + 2u + 2u);
  EXPECT_FALSE(daily.brands[2].bucket_ms.has_value());
  EXPECT_EQ(daily.brands[3].bucket_ms, 0);
  EXPECT_EQ(daily.brands[3].brand, "*");
  EXPECT_EQ(daily.brands[3].needed, 4);
  EXPECT_EQ(daily.brands[3].answered, 4);
  EXPECT_EQ(daily.brands[6].bucket_ms, 86400000);
  EXPECT_EQ(daily.brands[6].needed, 2);
  EXPECT_EQ(daily.brands[8].bucket_ms, 2 * 86400000);
  EXPECT_THAT(ResponseNdjson(daily),
              HasSubstr(R"({"brand":"*","bucket":"1970-01-02T00:00:00Z","needed":2,)"));
  EXPECT_THAT(ResponseCsv(daily), HasSubstr("\r\n*,1970-01-03T00:00:00Z,1,"));
  EXPECT_THAT(ResponseTable(daily),
              HasSubstr("\n1970-01-01        (all)                4        4  "));
  // A window: the posts created in it.
  q.from_ms = 25 * 3600000;
  ASSERT_OK_AND_ASSIGN(ResponseReport late, BuildResponseReport(*store_, q, accounts_));
  EXPECT_EQ(late.brands[0].needed, 3);  // h1 w1 w2
  EXPECT_FALSE(late.brands[0].median_ms.has_value());
}

// The distribution-free interval of a median: order statistics whose
// binomial coverage reaches the level.
TEST(MedianInterval, UsesTheBinomialOrderStatistics) {
  std::vector<double> v;
  for (int i = 1; i <= 20; ++i) v.push_back(i);
  // n = 20: P(B <= 5) = 0.0207 <= 0.025 < P(B <= 6): x(6) and x(15).
  const std::optional<Interval> m = MedianInterval(v, 0.95);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->estimate, 10.5);
  EXPECT_EQ(m->low, 6);
  EXPECT_EQ(m->high, 15);
  EXPECT_FALSE(MedianInterval({}, 0.95).has_value());
  const std::optional<Interval> one = MedianInterval({7}, 0.95);
  EXPECT_EQ(one->low, 7);
  EXPECT_EQ(one->high, 7);
  // Many values: the normal approximation, close to the centre.
  std::vector<double> big;
  for (int i = 1; i <= 10000; ++i) big.push_back(i);
  const std::optional<Interval> b = MedianInterval(big, 0.95);
  EXPECT_NEAR(b->low, 5000 - 98, 2);
  EXPECT_NEAR(b->high, 5000 + 99, 2);
}

TEST(ShortDuration, ReadsAsACareTeamWritesIt) {
  EXPECT_EQ(ShortDuration(45000), "45s");
  EXPECT_EQ(ShortDuration(12 * 60000), "12m");
  EXPECT_EQ(ShortDuration(65 * 60000), "1h 05m");
  EXPECT_EQ(ShortDuration((51 * 60 + 10) * 60000LL), "2d 03h");
  EXPECT_EQ(ShortDuration(-5), "0s");
}

TEST_F(PeopleStoreTest, AnswerBeforeTheComplaintDoesNotCount) {
  Add("p1", "acmehelp", "p1", "", 1, "we are on it", {});
  Add("p2", "ann", "p1", "p1", 2, "acme still broken", {"complaint"}, SentimentLabel::kNegative);
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre("p2"));
}

// A window selects which waiting posts are listed; it does not cut their
// threads: the thread starter's follow-up, which names no brand itself,
// still waits for the brand the thread began about.
TEST_F(PeopleStoreTest, SinceKeepsAFollowUpOfAThreadBegunBefore) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "acmehelp", "p1", "p1", 2, "@ann sorry, we are on it", {});
  Add("p3", "ann", "p1", "p2", 3, "still nothing, terrible", {"complaint"},
      SentimentLabel::kNegative, {});
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre("p3"));
  QueueQuery q;
  q.from_ms = 3 * 3600000;  // inclusive
  auto queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  ASSERT_EQ(queue->items.size(), 1u);
  EXPECT_EQ(queue->items[0].post.id, "p3");
  EXPECT_THAT(queue->items[0].brands, ElementsAre("acme"));
  q.from_ms = 3 * 3600000 + 1;
  queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  EXPECT_TRUE(queue->items.empty());
}

TEST_F(PeopleStoreTest, ThreadsWithoutIdsFollowParents) {
  Add("p1", "ann", "", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "bob", "", "p1", 2, "me too", {});
  Add("p3", "acmehelp", "", "p2", 3, "@bob sorry", {});
  Add("p4", "cat", "", "", 4, "acme help?", {"question"});
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre("p4"));
  auto t = GetThread(*store_, {"", "p2", ThreadOrder::kTree});
  ASSERT_OK(t);
  ASSERT_TRUE(t->has_value());
  EXPECT_EQ((*t)->thread_id, "p1");
  EXPECT_THAT(Ids((*t)->posts), ElementsAre("p1@0", "p2@1", "p3@2"));
}

// A reply stored without a thread id belongs to its parent's thread, also
// when the parent has one: the brand's direct reply answers the complaint,
// and the thread is the same whichever post (or its id) it is asked by.
TEST_F(PeopleStoreTest, AReplyWithoutAThreadIdIsInItsParentsThread) {
  Add("k1", "kim", "K", "", 1, "acme lost my bag, awful", {"complaint"}, SentimentLabel::kNegative);
  Add("k2", "acmehelp", "", "k1", 2, "@kim sorry, DM us", {});
  Add("k3", "kim", "", "k2", 3, "@acmehelp did, nothing", {"complaint"}, SentimentLabel::kNegative,
      {});
  Add("k4", "lee", "L", "k1", 4, "@kim a thread of its own", {});
  Write();
  QueueQuery q;
  auto queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  ASSERT_EQ(queue->items.size(), 1u);  // k1 answered; kim's follow-up waits
  EXPECT_EQ(queue->items[0].post.id, "k3");
  EXPECT_EQ(queue->items[0].thread_id, "K");
  for (const char* id : {"k1", "k2", "k3", "K"}) {
    SCOPED_TRACE(id);
    auto t = GetThread(*store_, {"", id, ThreadOrder::kTree});
    ASSERT_OK(t);
    ASSERT_TRUE(t->has_value());
    EXPECT_EQ((*t)->thread_id, "K");
    EXPECT_THAT(Ids((*t)->posts), ElementsAre("k1@0", "k2@1", "k3@2"));
  }
  AuthorQuery kim;
  kim.handle = "kim";
  auto profile = GetAuthorProfile(*store_, kim, accounts_);
  ASSERT_OK(profile);
  ASSERT_TRUE(profile->has_value());
  ASSERT_EQ((*profile)->open_complaints.size(), 1u);  // as the queue
  EXPECT_EQ((*profile)->open_complaints[0].post.id, "k3");
}

// Reddit's shape: a submission stored with no thread id, its comments with
// the submission's id as theirs. The thread is the same from any of them,
// the submission at its root, however deep the post asked from.
TEST_F(PeopleStoreTest, ARootWithoutAThreadIdHeadsTheThreadNamedByItsId) {
  Add("s1", "op", "", "", 1, "acme outage?", {"question"});
  Add("c1", "ann", "s1", "s1", 2, "same here", {});
  Add("c2", "bob", "s1", "c1", 3, "and here", {});
  Add("c3", "cat", "s1", "c2", 4, "still down", {});
  Add("o1", "dan", "other", "", 5, "unrelated", {});
  Write();
  for (const char* id : {"s1", "c1", "c2", "c3"}) {
    SCOPED_TRACE(id);
    auto t = GetThread(*store_, {"", id, ThreadOrder::kTree});
    ASSERT_OK(t);
    ASSERT_TRUE(t->has_value());
    EXPECT_EQ((*t)->thread_id, "s1");
    EXPECT_THAT(Ids((*t)->posts), ElementsAre("s1@0", "c1@1", "c2@2", "c3@3"));
  }
  // The care queue sees one thread too: the brand's answer among the
  // comments answers the submission's question.
  EXPECT_THAT(QueueIds(), ElementsAre("s1"));
  Add("c4", "acmehelp", "s1", "s1", 6, "@op we are on it", {});
  Write();
  EXPECT_THAT(QueueIds(), ElementsAre());
}

// A thread larger than max_posts keeps exactly that many (the newest of the
// thread, the asked post and its parents) and says it was cut; one that fits
// is not cut. With thread ids and without them.
TEST_F(PeopleStoreTest, AThreadLargerThanMaxPostsIsCutToItAndSaysSo) {
  for (int i = 1; i <= 9; ++i) {
    const std::string id = "p" + std::to_string(i);
    Add(id, "a" + std::to_string(i), "p1", i == 1 ? "" : "p" + std::to_string(i - 1), i,
        "acme " + id, {});
    Add("q" + std::to_string(i), "b", "", i == 1 ? "" : "q" + std::to_string(i - 1), i, "x", {});
  }
  Write();
  for (const char* id : {"p5", "q5"}) {
    SCOPED_TRACE(id);
    for (int64_t max : {1, 3, 8}) {
      ThreadQuery q{"", id, ThreadOrder::kNewest};
      q.max_posts = max;
      auto t = GetThread(*store_, q);
      ASSERT_OK(t);
      ASSERT_TRUE(t->has_value());
      EXPECT_EQ(static_cast<int64_t>((*t)->posts.size()), max);
      EXPECT_TRUE((*t)->cut);
    }
    for (int64_t max : {9, 10}) {
      ThreadQuery q{"", id, ThreadOrder::kNewest};
      q.max_posts = max;
      auto t = GetThread(*store_, q);
      ASSERT_OK(t);
      EXPECT_EQ((*t)->posts.size(), 9u);
      EXPECT_FALSE((*t)->cut);
    }
  }
}

TEST_F(PeopleStoreTest, HandledPersistsAcrossRuns) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "bob", "p2", "", 2, "acme?", {"question"});
  Write();
  ASSERT_OK(MarkDone(*store_, "", "p1", 5000, "called back"));
  EXPECT_EQ(MarkDone(*store_, "", "nope", 1).code(), StatusCode::kNotFound);
  Open();  // a new process
  EXPECT_THAT(QueueIds(), ElementsAre("p2"));
  // Listed with the handled ones, the handled item still waits for nobody.
  QueueQuery all;
  all.include_handled = true;
  auto listed = BuildCareQueue(*store_, all, accounts_);
  ASSERT_OK(listed);
  EXPECT_EQ(listed->items.size(), 2u);
  EXPECT_EQ(listed->total, 1);
  EXPECT_EQ(listed->handled, 1);
  auto handled = store_->Handled();
  ASSERT_OK(handled);
  ASSERT_EQ(handled->size(), 1u);
  EXPECT_EQ((*handled)[0].note, "called back");
  ASSERT_OK(store_->UnmarkHandled("t", "p1"));
  EXPECT_EQ(QueueIds().size(), 2u);
}

TEST_F(PeopleStoreTest, InfluenceIsStoredAndRefreshedWhenStale) {
  Add("p1", "star", "p1", "", 1, "hello", {});
  Add("p2", "fan", "p1", "p1", 2, "@star hi", {});
  Write();
  InfluenceQuery q;
  auto r = Influencers(*store_, q);
  ASSERT_OK(r);
  EXPECT_TRUE(r->computed_now);
  ASSERT_FALSE(r->rows.empty());
  EXPECT_EQ(r->rows[0].handle, "star");
  r = Influencers(*store_, q);
  ASSERT_OK(r);
  EXPECT_FALSE(r->computed_now);  // served from the store
  EXPECT_EQ(r->authors, 2);
  Add("p3", "fan2", "p1", "p1", 3, "RT @fan: hi", {});
  Write();
  r = Influencers(*store_, q);
  ASSERT_OK(r);
  EXPECT_TRUE(r->computed_now);  // the posts changed
  q.exclude = {"STAR"};
  r = Influencers(*store_, q);
  ASSERT_OK(r);
  for (const AuthorInfluence& a : r->rows) EXPECT_NE(a.handle, "star");
}

// One post dated 9999 (a year typed wrong) changes neither the weights of
// the others' interactions nor the queue's clock: "now" is the newest post
// of the conversation, not of the stray (src/storage/spans.h).
TEST_F(PeopleStoreTest, APostDatedFarAheadMovesNeitherWeightsNorNow) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "bob", "p1", "p1", 2, "@ann same here", {});
  Add("p3", "cat", "p1", "p1", 3, "@ann awful", {});
  Add("p4", "dan", "p1", "p2", 4, "@bob indeed", {});
  Write();
  InfluenceQuery iq;
  iq.limit = -1;
  auto before = Influencers(*store_, iq);
  ASSERT_OK(before);
  EXPECT_EQ(before->edges, 3);
  const int64_t year_9999_hours = 253370764800000 / 3600000;
  Add("s1", "typo", "s1", "p4", year_9999_hours, "@dan hello", {});
  Write();
  auto now = ConversationNow(*store_);
  ASSERT_OK(now);
  EXPECT_EQ(*now, 4 * 3600000);
  auto after = Influencers(*store_, iq);
  ASSERT_OK(after);
  EXPECT_EQ(after->edges, 4);  // the stray's reply to dan, and the three before
  std::map<std::string, double> pagerank;
  for (const AuthorInfluence& r : after->rows) pagerank[r.handle] = r.pagerank;
  EXPECT_GT(pagerank["ann"], pagerank["cat"]);  // still the most replied to
  QueueQuery q;
  auto queue = BuildCareQueue(*store_, q, accounts_);
  ASSERT_OK(queue);
  EXPECT_EQ(queue->now_ms, 4 * 3600000);
  ASSERT_EQ(queue->items.size(), 1u);
  EXPECT_EQ(queue->items[0].reasons.back(), "3 h old");
}

// After a large backfill, a gap and a little live data, the live posts are
// the present by the wall clock (the queue's and the CLI's), not the
// backfill's end; an export of the past and a few strays read as before.
TEST_F(PeopleStoreTest, ALiveStreamAfterABackfillIsThePresentByTheClock) {
  constexpr int64_t kHour = 3600000;
  for (int i = 0; i < 200; ++i) {
    const std::string id = "b" + std::to_string(i);
    Add(id, "u" + std::to_string(i % 7), id, "", i, "hello", {});
  }
  const int64_t live = 200 + 60 * 24;  // sixty days later
  for (int i = 0; i < 12; ++i) {
    const std::string id = "l" + std::to_string(i);
    Add(id, "v" + std::to_string(i), id, "", live + i, "acme lost my bag", {"complaint"},
        SentimentLabel::kNegative);
  }
  Write();
  // Without the clock: the backfill's end (the live span holds under a
  // tenth of the posts).
  ASSERT_OK_AND_ASSIGN(int64_t now, ConversationNow(*store_));
  EXPECT_EQ(now, 199 * kHour);
  // By a clock an hour after the last live post: the live stream.
  const int64_t clock = (live + 12) * kHour;
  ASSERT_OK_AND_ASSIGN(now, ConversationNow(*store_, clock));
  EXPECT_EQ(now, (live + 11) * kHour);
  // By a clock a year on (an export of the past): as without it.
  ASSERT_OK_AND_ASSIGN(now, ConversationNow(*store_, clock + 365 * 24 * kHour));
  EXPECT_EQ(now, 199 * kHour);
  QueueQuery q;
  q.clock_ms = clock;
  ASSERT_OK_AND_ASSIGN(CareQueue queue, BuildCareQueue(*store_, q, accounts_));
  EXPECT_EQ(queue.now_ms, (live + 11) * kHour);
  ASSERT_FALSE(queue.items.empty());
  EXPECT_EQ(queue.items[0].post.id, "l11");  // the newest complaint, minutes old
  // A few posts near the clock are strays, not a live stream.
  for (int i = 0; i < 3; ++i) {
    Add("s" + std::to_string(i), "w", "s", "", live + 24 * 30 + i, "hi", {});
  }
  Write();
  ASSERT_OK_AND_ASSIGN(now, ConversationNow(*store_, (live + 24 * 30 + 3) * kHour));
  EXPECT_EQ(now, 199 * kHour);
}

AuthorQuery Who(std::string handle) {
  AuthorQuery q;
  q.handle = std::move(handle);
  return q;
}

// A server's read-only connection serves the stored ranking, and computes
// (without storing) when asked to refresh.
TEST_F(PeopleStoreTest, ReadOnlyConnectionsServeAndComputeWithoutStoring) {
  Add("p1", "star", "p1", "", 1, "hello", {});
  Add("p2", "fan", "p1", "p1", 2, "@star hi", {});
  Write();
  InfluenceQuery q;
  ASSERT_OK(Influencers(*store_, q).status());  // stored at this data version
  Add("p3", "fan2", "p1", "p1", 3, "@star yo", {});
  Write();  // now stale
  StoreOptions o;
  o.path = (dir_ / "t.db").string();
  o.read_only = true;
  auto ro = OpenStore(o);
  ASSERT_OK(ro);
  q.refresh = Refresh::kNever;
  auto served = Influencers(**ro, q);
  ASSERT_OK(served);
  EXPECT_FALSE(served->computed_now);
  EXPECT_EQ(served->authors, 2);  // the stored, older ranking
  q.refresh = Refresh::kIfStale;
  auto fresh = Influencers(**ro, q);
  ASSERT_OK(fresh);
  EXPECT_TRUE(fresh->computed_now);
  EXPECT_EQ(fresh->authors, 3);
  auto count = (*ro)->InfluenceCount();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);  // not stored by the read-only connection
}

TEST_F(PeopleStoreTest, AuthorProfileListsOpenComplaints) {
  Add("p1", "ann", "p1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("p2", "ann", "p2", "", 30, "acme lovely crew", {"praise"}, SentimentLabel::kPositive);
  Add("p3", "ann", "p3", "", 40, "acme broke my seat", {"complaint"}, SentimentLabel::kNegative);
  Add("p4", "acmehelp", "p3", "p3", 41, "@ann sorry", {});
  Write();
  auto p = GetAuthorProfile(*store_, Who("ann"), accounts_);
  ASSERT_OK(p);
  ASSERT_TRUE(p->has_value());
  const AuthorProfile& a = **p;
  EXPECT_EQ(a.posts, 3);
  EXPECT_EQ(a.negative, 2);
  EXPECT_EQ(a.first_seen_ms, 3600000);
  // Every figure with how sure it is: scores -0.6, 0, -0.6 have mean -0.4,
  // standard error 0.2 and t(0.975, 2) = 4.303, clipped to [-1, 1]; the
  // negative share 2 of 3 its Wilson interval. One bucket here, the same.
  EXPECT_NEAR(a.mean_score, -0.4, 1e-12);
  EXPECT_EQ(a.mean_low, -1);
  EXPECT_NEAR(a.mean_high, -0.4 + 4.303 * 0.2, 1e-9);
  const Interval wilson = WilsonInterval(2, 3);
  EXPECT_DOUBLE_EQ(a.negative_share.low, wilson.low);
  EXPECT_DOUBLE_EQ(a.negative_share.high, wilson.high);
  ASSERT_EQ(a.trajectory.size(), 1u);
  EXPECT_NEAR(a.trajectory[0].mean_high, a.mean_high, 1e-12);
  EXPECT_DOUBLE_EQ(a.trajectory[0].negative_share.low, wilson.low);
  std::string one_json = ToJson(a);
  EXPECT_NE(one_json.find("\"mean_score_low\":-1"), std::string::npos) << one_json;
  EXPECT_NE(one_json.find("\"negative_share\":{\"estimate\":"), std::string::npos);
  ASSERT_EQ(a.open_complaints.size(), 1u);
  EXPECT_EQ(a.open_complaints[0].post.id, "p1");
  ASSERT_FALSE(a.recent.empty());
  EXPECT_EQ(a.recent[0].id, "p3");
  EXPECT_EQ(a.brands[0].key, "acme");
  auto rows = store_->GetAuthors("", "ann");  // the store's author row agrees
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].posts, 3);
  EXPECT_EQ((*rows)[0].first_seen_ms, a.first_seen_ms);
  std::string json = ToJson(a);
  EXPECT_NE(json.find("\"open_complaints\":[{"), std::string::npos);
  auto none = GetAuthorProfile(*store_, Who("nobody"), accounts_);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  // Handles are case-blind, as mentions print them: "ANN" is ann.
  auto upper = GetAuthorProfile(*store_, Who("ANN"), accounts_);
  ASSERT_OK(upper);
  ASSERT_TRUE(upper->has_value());
  EXPECT_EQ((*upper)->handle, "ann");
  EXPECT_EQ((*upper)->posts, 3);
  // And '@' as handles are printed: "@ann" is ann.
  auto at = GetAuthorProfile(*store_, Who("@ANN"), accounts_);
  ASSERT_OK(at);
  ASSERT_TRUE(at->has_value());
  EXPECT_EQ((*at)->handle, "ann");
  EXPECT_EQ((*at)->posts, 3);
}

// An author is every spelling of the handle in any case, as the graph
// merges them: all their posts and open complaints, shown as asked when
// posts are written so, else as the spelling with the most posts.
TEST_F(PeopleStoreTest, AuthorProfileCountsEverySpelling) {
  Add("k1", "Kim", "k1", "", 1, "acme lost my bag", {"complaint"}, SentimentLabel::kNegative);
  Add("k2", "kim", "k2", "", 2, "acme lost it again", {"complaint"}, SentimentLabel::kNegative);
  Add("k3", "kim", "k3", "", 3, "acme, anyone?", {"question"});
  Write();
  for (const char* asked : {"Kim", "kim", "KIM"}) {
    SCOPED_TRACE(asked);
    auto p = GetAuthorProfile(*store_, Who(asked), accounts_);
    ASSERT_OK(p);
    ASSERT_TRUE(p->has_value());
    const AuthorProfile& a = **p;
    EXPECT_EQ(a.handle, std::string(asked) == "Kim" ? "Kim" : "kim");
    EXPECT_EQ(a.posts, 3);
    EXPECT_EQ(a.first_seen_ms, 3600000);
    ASSERT_EQ(a.recent.size(), 3u);
    EXPECT_EQ(a.recent[0].id, "k3");
    EXPECT_EQ(a.open_complaints.size(), 3u);
  }
}

TEST(PeopleJson, ListsAreNdjsonAndNonFiniteNumbersAreNull) {
  AuthorInfluence a;
  a.rank = 1;
  a.source = "x";
  a.handle = "ann";
  a.score = std::numeric_limits<double>::quiet_NaN();
  a.pagerank = std::numeric_limits<double>::infinity();
  a.percentile = 0.5;
  std::string json = ToJson(a);
  EXPECT_NE(json.find("\"score\":null"), std::string::npos) << json;
  EXPECT_NE(json.find("\"pagerank\":null"), std::string::npos) << json;
  EXPECT_NE(json.find("\"percentile\":0.5,"), std::string::npos) << json;
  EXPECT_EQ(json.find("nan"), std::string::npos) << json;
  std::string lines = ToNdjson(std::vector<AuthorInfluence>{a, a});
  EXPECT_EQ(lines, json + "\n" + json + "\n");
}

TEST(Accounts, FromTaxonomyDefaultsToHandles) {
  auto t = ParseTaxonomy(R"(
[brands.a]
handles = ["@AirA"]
[brands.b]
handles = ["@BeeB"]
accounts = ["BeeHelp", "@BeeB"]
[brands.c]
aliases = ["Cee"]
)",
                         "t.toml");
  ASSERT_OK(t);
  OwnAccounts acc = AccountsFromTaxonomy(*t);
  ASSERT_EQ(acc.brands().size(), 2u);  // c declares none
  EXPECT_EQ(acc.BrandOf("aira")->brand, "a");
  EXPECT_EQ(acc.BrandOf("BEEHELP")->brand, "b");
  EXPECT_EQ(acc.BrandOf("cee"), nullptr);
  EXPECT_FALSE(
      ParseTaxonomy("[brands.a]\naliases=[\"A\"]\naccounts = [\"two words\"]\n", "t").ok());
}

}  // namespace
}  // namespace parley::people
