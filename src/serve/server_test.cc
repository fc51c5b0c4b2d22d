// The HTTP API end to end: a server on a free loopback port over a store on
// disk, asked by cpp-httplib's client.
#include "src/serve/server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>

#include "src/core/time_layout.h"
#include "src/core/timestamp.h"
#include "src/ingest/field_map.h"
#include "src/serve/api.h"
#include "src/storage/store.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley::serve {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ErrorJson, IsOneObjectPerLine) {
  EXPECT_EQ(ErrorJson("bad_request", "parameter 'x'"),
            "{\"error\":{\"code\":\"bad_request\",\"message\":\"parameter 'x'\"}}\n");
}

constexpr char kLexicon[] = "good\t1.9\t0.9\t[2]\nbad\t-2.5\t0.6\t[-2]\nawful\t-3.1\t0.5\t[-3]\n";
constexpr char kReadToken[] = "read-token-0123456789";
constexpr char kWriteToken[] = "write-token-0123456789";

Post MakePost(const std::string& id, const char* iso, const std::string& text) {
  Post p;
  p.source = "twitter";
  p.id = id;
  p.author = "ann";
  p.author_name = "Ann <b>";
  p.created_at_ms = *ParseTimestamp(iso);
  p.text = text;
  p.metrics.likes = std::stoi(id);
  return p;
}

Analysis MakeAnalysis(SentimentLabel label, std::vector<std::string> brands,
                      std::vector<std::string> topics) {
  Analysis a;
  a.sentiment.label = label;
  a.sentiment.score = label == SentimentLabel::kNegative ? -0.6 : 0.4;
  a.brands = std::move(brands);
  a.topics = std::move(topics);
  return a;
}

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element doc;
  EXPECT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  return doc;
}

// NDJSON of `n` posts, ids from `first`.
std::string NdjsonPosts(int first, int n) {
  std::string body;
  for (int i = first; i < first + n; ++i) {
    body += "{\"id\":\"" + std::to_string(i) +
            "\",\"author\":\"a\",\"created_at\":\"2026-03-03T10:00:00Z\",\"text\":\"good post\"}\n";
  }
  return body;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("serve");
    fs::create_directories(dir_ / "web");
    Env* env = Env::Default();
    ASSERT_OK(WriteStringToFile(env, "<title>dash</title>", (dir_ / "web/index.html").string()));
    ASSERT_OK(WriteStringToFile(env, "top secret", (dir_ / "secret.txt").string()));
    ASSERT_OK(WriteStringToFile(env, kLexicon, (dir_ / "lexicon.txt").string()));
    AnalyzerOptions ao;
    ao.lexicon_path = (dir_ / "lexicon.txt").string();
    ASSERT_OK_AND_ASSIGN(analyzer_, Analyzer::Create(ao));
    options_.db_path = (dir_ / "test.db").string();
    options_.port = 0;
    options_.threads = 2;
    options_.static_dir = (dir_ / "web").string();
    options_.analyzer = analyzer_.get();
    options_.rate_per_second = 0;
    ASSERT_OK_AND_ASSIGN(options_.reader.field_map, MakeFieldMap("generic", {}));
    FillStore();
  }
  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
    fs::remove_all(dir_);
  }

  // Writes more posts to the test's store, beside FillStore()'s.
  void WriteMore(const std::vector<Post>& posts, const std::vector<Analysis>& analyses) {
    StoreOptions so;
    so.path = options_.db_path;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(so));
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  }

  // Day 1: skyloft negative delay (id 1), skyloft positive (2), jetwave
  // positive (3); day 2: skyloft negative delay (4). One spike and one term.
  void FillStore() {
    StoreOptions so;
    so.path = options_.db_path;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(so));
    std::vector<Post> posts = {MakePost("1", "2026-03-01T01:00:00Z", "awful <script>alert(1)</script>"),
                               MakePost("2", "2026-03-01T02:00:00Z", "good"),
                               MakePost("3", "2026-03-01T03:00:00Z", "good too"),
                               MakePost("4", "2026-03-02T04:00:00Z", "late again")};
    std::vector<Analysis> analyses = {
        MakeAnalysis(SentimentLabel::kNegative, {"skyloft"}, {"delay"}),
        MakeAnalysis(SentimentLabel::kPositive, {"skyloft"}, {}),
        MakeAnalysis(SentimentLabel::kPositive, {"jetwave"}, {}),
        MakeAnalysis(SentimentLabel::kNegative, {"skyloft"}, {"delay"})};
    // The complaints' intents, aspects and a price (the tag rollups).
    for (size_t i : {0u, 3u}) {
      analyses[i].intents = {"complaint"};
      analyses[i].aspects = {{"delay", SentimentLabel::kNegative, i == 0 ? -0.5 : -0.25}};
    }
    analyses[0].prices = {{"USD", 20, true, "$20"}};
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    StoredAlert spike{"spike|all|1", "spike", *ParseTimestamp("2026-03-01T01:00:00Z"),
                      *ParseTimestamp("2026-03-01T02:00:00Z"), 5, "{\"kind\":\"spike\",\"x\":1}",
                      std::nullopt};
    StoredAlert term = spike;
    term.key = "term|all|1|outage";
    term.kind = "term";
    term.body = "{\"kind\":\"term\",\"term\":\"outage\"}";
    ASSERT_OK(store->PutAlert(spike).status());
    ASSERT_OK(store->PutAlert(term).status());
  }

  void StartServer() {
    ASSERT_OK_AND_ASSIGN(server_, Server::Start(options_));
    thread_ = std::thread([this] { EXPECT_OK(server_->Run()); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // The server's analyzer tells each post's language (serve
  // --detect-language), before StartServer().
  void DetectLanguages() {
    AnalyzerOptions ao;
    ao.lexicon_path = (dir_ / "lexicon.txt").string();
    ao.detect_language = true;
    ASSERT_OK_AND_ASSIGN(analyzer_, Analyzer::Create(ao));
    options_.analyzer = analyzer_.get();
  }

  void UseTokens() {
    std::string text = std::string(kReadToken) + " read\n" + kWriteToken + " write\n";
    ASSERT_OK_AND_ASSIGN(options_.tokens, TokenSet::Parse(text, "tokens"));
  }

  httplib::Result Get(const std::string& path, const std::string& token = "") {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return client_->Get(path, h);
  }
  httplib::Result PostBody(const std::string& body, const std::string& token = "") {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return client_->Post("/api/posts", h, body, "application/x-ndjson");
  }

  // The post `id` posted to the API, read on a connection of its own.
  StatusOr<std::optional<StoredPost>> StoredApiPost(const std::string& id) {
    StoreOptions so;
    so.path = options_.db_path;
    so.read_only = true;
    PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> fresh, OpenStore(so));
    return fresh->GetPost("api", id);
  }

  // The error code of a JSON error body.
  std::string ErrorCode(const httplib::Result& r) {
    simdjson::dom::parser parser;
    std::string_view code;
    EXPECT_EQ(Parse(parser, r->body)["error"]["code"].get(code), simdjson::SUCCESS);
    return std::string(code);
  }

  fs::path dir_;
  std::unique_ptr<Analyzer> analyzer_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, HealthAndSummary) {
  StartServer();
  auto health = Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto r = Get("/api/summary?granularity=day");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  simdjson::dom::parser parser;
  auto doc = Parse(parser, r->body);
  uint64_t n = 0;
  ASSERT_EQ(doc["total"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 4u);
  std::string_view first_brand;
  ASSERT_EQ(doc["share_of_voice"].at(0)["name"].get(first_brand), simdjson::SUCCESS);
  EXPECT_EQ(first_brand, "skyloft");
}

// The zones `tz` takes, for the dashboard's menu: sorted names, each one a
// series answers on; no parameter.
TEST_F(ServerTest, TimeZonesAreTheNamesTzTakes) {
  StartServer();
  auto reply = Get("/api/time_zones");
  ASSERT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no reply");
  simdjson::dom::parser parser;
  simdjson::dom::array zones;
  ASSERT_EQ(Parse(parser, reply->body)["time_zones"].get(zones), simdjson::SUCCESS);
  std::vector<std::string> names;
  for (auto z : zones) names.emplace_back(std::string_view(z.get_string().value()));
  ASSERT_GT(names.size(), 400u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* name : {"UTC", "Asia/Kolkata", "America/Los_Angeles"}) {
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), std::string(name))) << name;
    EXPECT_EQ(Get(std::string("/api/series?granularity=day&tz=") + name)->status, 200) << name;
  }
  EXPECT_EQ(Get("/api/time_zones?tz=UTC")->status, 400);
}

TEST_F(ServerTest, ATaxonomyNamesTheSummarysBrands) {
  ASSERT_OK_AND_ASSIGN(Taxonomy t, ParseTaxonomy("[taxonomy]\nname = \"air\"\n[brands.skyloft]\n"
                                                 "name = \"Skyloft Air\"\nown = true\n"
                                                 "aliases = [\"Skyloft\"]\n",
                                                 "t.toml"));
  options_.taxonomy = std::make_shared<const Taxonomy>(std::move(t));
  StartServer();
  auto r = Get("/api/summary?granularity=day");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  simdjson::dom::parser parser;
  auto doc = Parse(parser, r->body);
  std::string_view name, display;
  bool own = false;
  ASSERT_EQ(doc["taxonomy"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "air");
  ASSERT_EQ(doc["share_of_voice"].at(0)["display_name"].get(display), simdjson::SUCCESS);
  EXPECT_EQ(display, "Skyloft Air");
  ASSERT_EQ(doc["share_of_voice"].at(0)["own"].get(own), simdjson::SUCCESS);
  EXPECT_TRUE(own);
}

// With the model's confusion measured on labeled posts (serve
// --validation), the summary's shares are corrected with it and say so;
// the raw ones stay beside them.
TEST_F(ServerTest, AValidationSampleCorrectsTheSummarysShares) {
  StartServer();
  simdjson::dom::parser parser;
  auto plain = Get("/api/summary");
  ASSERT_TRUE(plain);
  std::string_view correction;
  ASSERT_EQ(Parse(parser, plain->body)["sentiment"]["correction"].get(correction),
            simdjson::SUCCESS);
  EXPECT_EQ(correction, "none");
  server_->Stop();
  thread_.join();
  server_.reset();

  // A model that calls a third of the truly positive posts neutral.
  ConfusionMatrix m;
  m.Add(0, 0, 30);
  m.Add(1, 1, 30);
  m.Add(2, 2, 20);
  m.Add(2, 1, 10);
  options_.validation = m;
  StartServer();
  auto r = Get("/api/summary");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto doc = Parse(parser, r->body);
  ASSERT_EQ(doc["sentiment"]["correction"].get(correction), simdjson::SUCCESS);
  EXPECT_EQ(correction, "adjusted classify-and-count");
  double posts = 0, raw = 0, corrected = 0;
  ASSERT_EQ(doc["sentiment"]["validation_posts"].get(posts), simdjson::SUCCESS);
  EXPECT_EQ(posts, 90);
  ASSERT_EQ(doc["sentiment"]["raw"]["positive"]["estimate"].get(raw), simdjson::SUCCESS);
  ASSERT_EQ(doc["sentiment"]["corrected"]["positive"]["estimate"].get(corrected),
            simdjson::SUCCESS);
  EXPECT_GT(corrected, raw);
}

TEST_F(ServerTest, SeriesFiltersByBrandAndTopicWithIntervals) {
  StartServer();
  auto r = Get("/api/series?brand=skyloft&topic=delay&granularity=day");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  simdjson::dom::parser parser;
  simdjson::dom::array points;
  ASSERT_EQ(Parse(parser, r->body)["points"].get(points), simdjson::SUCCESS);
  ASSERT_EQ(points.size(), 2u);
  double estimate = 0, low = 0, high = 0;
  ASSERT_EQ(points.at(0)["negative"]["estimate"].get(estimate), simdjson::SUCCESS);
  ASSERT_EQ(points.at(0)["negative"]["low"].get(low), simdjson::SUCCESS);
  ASSERT_EQ(points.at(0)["negative"]["high"].get(high), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(estimate, 1.0);
  EXPECT_LT(low, 1.0);
  EXPECT_DOUBLE_EQ(high, 1.0);
  auto hourly = Get("/api/series?granularity=hour&source=twitter&from=2026-03-01&to=2026-03-02");
  ASSERT_EQ(Parse(parser, hourly->body)["points"].get(points), simdjson::SUCCESS);
  EXPECT_EQ(points.size(), 3u);
}

TEST_F(ServerTest, ShareOfVoiceAndTopics) {
  StartServer();
  simdjson::dom::parser parser;
  auto sov = Get("/api/share_of_voice");
  ASSERT_EQ(sov->status, 200);
  double share = 0;
  ASSERT_EQ(Parse(parser, sov->body)["brands"].at(0)["share"]["estimate"].get(share),
            simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 0.75);
  auto topics = Get("/api/topics?brand=skyloft");
  ASSERT_EQ(topics->status, 200);
  auto doc = Parse(parser, topics->body);
  std::string_view reason;
  ASSERT_EQ(doc["complaint_reasons"].at(0)["name"].get(reason), simdjson::SUCCESS);
  EXPECT_EQ(reason, "delay");
}

TEST_F(ServerTest, IntentsAspectsAndPricesComeFromTheTagRollups) {
  StartServer();
  simdjson::dom::parser parser;
  auto intents = Get("/api/intents?brand=skyloft");
  ASSERT_EQ(intents->status, 200) << intents->body;
  auto doc = Parse(parser, intents->body);
  std::string_view name;
  uint64_t n = 0;
  double share = 0, mean = 0;
  ASSERT_EQ(doc["intents"].at(0)["name"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "complaint");
  ASSERT_EQ(doc["intents"].at(0)["counts"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2u);
  ASSERT_EQ(doc["intents"].at(0)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_NEAR(share, 2.0 / 3, 1e-6);  // of skyloft's three posts
  auto aspects = Get("/api/aspects");
  ASSERT_EQ(aspects->status, 200);
  doc = Parse(parser, aspects->body);
  ASSERT_EQ(doc["aspects"].at(0)["topic"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "delay");
  ASSERT_EQ(doc["aspects"].at(0)["mean_score"].get(mean), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(mean, -0.375);
  auto prices = Get("/api/prices?from=2026-03-01&to=2026-03-02");
  ASSERT_EQ(prices->status, 200);
  doc = Parse(parser, prices->body);
  ASSERT_EQ(doc["prices"].at(0)["currency"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "USD");
  ASSERT_EQ(doc["prices"].at(0)["mean_amount"].get(mean), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(mean, 20);
  // The intent over time: its posts and their share of each bucket's posts.
  auto series = Get("/api/series?intent=complaint&brand=skyloft&granularity=day");
  ASSERT_EQ(series->status, 200) << series->body;
  simdjson::dom::array points;
  ASSERT_EQ(Parse(parser, series->body)["points"].get(points), simdjson::SUCCESS);
  ASSERT_EQ(points.size(), 2u);
  int64_t bucket_posts = 0;
  ASSERT_EQ(points.at(0)["posts"].get(bucket_posts), simdjson::SUCCESS);
  EXPECT_EQ(bucket_posts, 2);  // skyloft's posts of day 1: the complaint and a praise
  ASSERT_EQ(points.at(0)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 0.5);
  ASSERT_EQ(points.at(1)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 1.0);
  // Within a topic: the complaints about the delay, a share of its posts
  // (every delay post of the fixture is a complaint).
  series = Get("/api/series?intent=complaint&topic=delay&granularity=day");
  ASSERT_EQ(series->status, 200) << series->body;
  ASSERT_EQ(Parse(parser, series->body)["points"].get(points), simdjson::SUCCESS);
  ASSERT_EQ(points.size(), 2u);
  ASSERT_EQ(points.at(1)["posts"].get(bucket_posts), simdjson::SUCCESS);
  EXPECT_EQ(bucket_posts, 1);
  ASSERT_EQ(points.at(1)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 1.0);
  // Kept by day and week; by the hour, counted from the posts.
  auto hourly = Get("/api/series?intent=complaint&topic=delay&granularity=hour");
  ASSERT_EQ(hourly->status, 200) << hourly->body;
  simdjson::dom::array hours;
  ASSERT_EQ(Parse(parser, hourly->body)["points"].get(hours), simdjson::SUCCESS);
  ASSERT_EQ(hours.size(), 2u);
  ASSERT_EQ(hours.at(1)["posts"].get(bucket_posts), simdjson::SUCCESS);
  EXPECT_EQ(bucket_posts, 1);
  ASSERT_EQ(hours.at(1)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 1.0);
  auto in_delay = Get("/api/intents?topic=delay");
  ASSERT_EQ(in_delay->status, 200) << in_delay->body;
  doc = Parse(parser, in_delay->body);
  ASSERT_EQ(doc["topic"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "delay");
  ASSERT_EQ(doc["total"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2u);  // the delay posts
  ASSERT_EQ(doc["intents"].at(0)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 1.0);
  auto none = Get("/api/intents?topic=crew");
  ASSERT_EQ(none->status, 200);
  simdjson::dom::array listed;
  ASSERT_EQ(Parse(parser, none->body)["intents"].get(listed), simdjson::SUCCESS);
  EXPECT_EQ(listed.size(), 0u);
  EXPECT_EQ(Get("/api/aspects?topic=delay")->status, 400);
  // The reasons of the complaints: their topics, each a share of them.
  auto reasons = Get("/api/topics?intent=complaint");
  ASSERT_EQ(reasons->status, 200) << reasons->body;
  doc = Parse(parser, reasons->body);
  ASSERT_EQ(doc["intent"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "complaint");
  ASSERT_EQ(doc["total"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 2u);
  ASSERT_EQ(doc["topics"].at(0)["name"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "delay");
  ASSERT_EQ(doc["topics"].at(0)["share"]["estimate"].get(share), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(share, 1.0);
  // From inside a day: its hours are counted from their posts (the complaint
  // of day 2, at 04:00).
  reasons = Get("/api/topics?intent=complaint&from=2026-03-01T12:00:00Z");
  ASSERT_EQ(reasons->status, 200) << reasons->body;
  ASSERT_EQ(Parse(parser, reasons->body)["total"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 1u);
  ASSERT_EQ(Parse(parser, reasons->body)["topics"].at(0)["counts"]["n"].get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 1u);
  auto praise = Get("/api/topics?intent=praise");
  ASSERT_EQ(praise->status, 200);
  ASSERT_EQ(Parse(parser, praise->body)["topics"].get(listed), simdjson::SUCCESS);
  EXPECT_EQ(listed.size(), 0u);
  // The posts behind the intent's figure.
  auto posts = Get("/api/posts?intent=complaint&order=oldest");
  ASSERT_EQ(posts->status, 200) << posts->body;
  simdjson::dom::array list;
  ASSERT_EQ(Parse(parser, posts->body)["posts"].get(list), simdjson::SUCCESS);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(Get("/api/intents?kind=spike")->status, 400);
}

TEST_F(ServerTest, PostsBehindANumberPageNewestOrOldestFirst) {
  StartServer();
  simdjson::dom::parser parser;
  auto r = Get("/api/posts?brand=skyloft&limit=2");
  ASSERT_EQ(r->status, 200) << r->body;
  auto doc = Parse(parser, r->body);
  std::string_view id;
  int64_t next = 0;
  ASSERT_EQ(doc["posts"].at(0)["id"].get(id), simdjson::SUCCESS);
  EXPECT_EQ(id, "4");
  ASSERT_EQ(doc["next_offset"].get(next), simdjson::SUCCESS);
  EXPECT_EQ(next, 2);
  auto last = Get("/api/posts?brand=skyloft&limit=2&offset=2");
  doc = Parse(parser, last->body);
  EXPECT_TRUE(doc["next_offset"].is_null());
  auto oldest = Get("/api/posts?order=oldest&limit=1");
  ASSERT_EQ(Parse(parser, oldest->body)["posts"].at(0)["id"].get(id), simdjson::SUCCESS);
  EXPECT_EQ(id, "1");
  // The posts of one chart point: a day's bucket, negative only.
  auto bucket = Get("/api/posts?granularity=day&bucket=2026-03-01T00:00:00Z&label=negative");
  simdjson::dom::array posts;
  ASSERT_EQ(Parse(parser, bucket->body)["posts"].get(posts), simdjson::SUCCESS);
  ASSERT_EQ(posts.size(), 1u);
  // User content comes back as JSON text, for the page to show as text.
  EXPECT_THAT(bucket->body, HasSubstr("<script>alert(1)</script>"));
  // One author's posts (the author page's chart points), with or without '@'.
  for (const char* who : {"ann", "%40ann"}) {
    auto mine = Get(std::string("/api/posts?author=") + who + "&granularity=day&bucket=2026-03-01");
    ASSERT_EQ(mine->status, 200) << mine->body;
    ASSERT_EQ(Parse(parser, mine->body)["posts"].get(posts), simdjson::SUCCESS);
    EXPECT_EQ(posts.size(), 3u) << who;
  }
  auto nobody = Get("/api/posts?author=bob");
  ASSERT_EQ(Parse(parser, nobody->body)["posts"].get(posts), simdjson::SUCCESS);
  EXPECT_EQ(posts.size(), 0u);
  EXPECT_EQ(Get("/api/posts?author=%40")->status, 400);
  // A value holding '=' is the whole value (cpp-httplib's parser kept what
  // followed the second '='); a broken escape is a bad parameter.
  auto eq = Get("/api/series?brand=skyloft=x");
  ASSERT_EQ(eq->status, 200) << eq->body;
  EXPECT_THAT(eq->body, HasSubstr("\"brand\":\"skyloft=x\""));
  auto broken = Get("/api/series?brand=%zz");
  EXPECT_EQ(broken->status, 400);
  EXPECT_THAT(broken->body, HasSubstr("malformed percent escape"));
}

TEST_F(ServerTest, PostsBehindANumberDownloadAsAnalyzesRecords) {
  StartServer();
  auto csv = Get("/api/posts.csv?brand=skyloft&order=oldest");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"parley-posts.csv\"");
  std::vector<std::string> rows;
  for (size_t at = 0, end; (end = csv->body.find("\r\n", at)) != std::string::npos; at = end + 2) {
    rows.push_back(csv->body.substr(at, end - at));
  }
  ASSERT_EQ(rows.size(), 4u) << csv->body;  // the header and skyloft's three posts
  EXPECT_EQ(rows[0],
            "source,id,author,author_name,thread,parent,created_at,sentiment,score,mentions,"
            "hashtags,brands,topics,intents,lang,text");
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].substr(0, rows[i].find(',', rows[i].find(',') + 1)),
              "twitter," + std::string(i == 3   ? "4"
                                       : i == 2 ? "2"
                                                : "1"))
        << rows[i];
  }
  EXPECT_THAT(rows[1], HasSubstr(",skyloft,delay,complaint,"));
  // NDJSON: one record a line, with its analysis (the aspect and price too).
  auto ndjson = Get("/api/posts.ndjson?topic=delay&label=negative");
  ASSERT_EQ(ndjson->status, 200) << ndjson->body;
  EXPECT_EQ(ndjson->get_header_value("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(std::count(ndjson->body.begin(), ndjson->body.end(), '\n'), 2);
  EXPECT_THAT(ndjson->body, HasSubstr("\"id\":\"4\""));
  EXPECT_THAT(ndjson->body, HasSubstr("\"prices\":[{\"text\":\"$20\""));
  // A term's posts: "late again" holds "late" (post 4), "awful <script>..."
  // does not.
  auto late = Get("/api/posts.ndjson?term=LATE");
  ASSERT_EQ(late->status, 200) << late->body;
  EXPECT_EQ(std::count(late->body.begin(), late->body.end(), '\n'), 1);
  EXPECT_THAT(late->body, HasSubstr("\"id\":\"4\""));
  auto listed = Get("/api/posts?term=late&limit=5");
  ASSERT_EQ(listed->status, 200) << listed->body;
  EXPECT_THAT(listed->body, HasSubstr("\"id\":\"4\""));
  EXPECT_THAT(listed->body, ::testing::Not(HasSubstr("\"id\":\"1\"")));
  EXPECT_EQ(Get("/api/posts?term=%40ann")->status, 400);
  // The filters of /api/posts; pages are not: an export is every post.
  EXPECT_EQ(Get("/api/posts.csv?label=angry")->status, 400);
  auto paged = Get("/api/posts.csv?limit=2");
  EXPECT_EQ(paged->status, 400);
  EXPECT_THAT(paged->body, HasSubstr("unknown parameter 'limit'"));
}

// The report's figures to download for a spreadsheet, as `parley report -f
// csv`: a figure a row, the same totals as the summary.
TEST_F(ServerTest, SummaryDownloadsAsCsv) {
  StartServer();
  auto csv = Get("/api/summary.csv?granularity=day");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"parley-summary.csv\"");
  EXPECT_EQ(csv->body.rfind("section,name,display_name,own,bucket,posts,", 0), 0u) << csv->body;
  auto json = Get("/api/summary?granularity=day");
  ASSERT_EQ(json->status, 200);
  const size_t at = json->body.find("\"total\":{\"n\":");
  ASSERT_NE(at, std::string::npos);
  const std::string total = std::to_string(std::atoi(json->body.c_str() + at + 13));
  EXPECT_THAT(csv->body, HasSubstr("\r\nsentiment,all,,,," + total + ","));
  EXPECT_THAT(csv->body, HasSubstr("\r\nshare_of_voice,skyloft,"));
  EXPECT_THAT(csv->body, HasSubstr("\r\nseries,all,,,2026-03-0"));
  // A brand's figures: its posts (the fixture's three about skyloft).
  auto brand = Get("/api/summary?brand=skyloft");
  ASSERT_EQ(brand->status, 200) << brand->body;
  EXPECT_THAT(
      brand->body,
      HasSubstr("\"brand\":\"skyloft\",\"topic\":\"*\",\"confidence\":0.95,\"total\":{\"n\":3,"));
  auto brand_csv = Get("/api/summary.csv?brand=skyloft");
  ASSERT_EQ(brand_csv->status, 200) << brand_csv->body;
  EXPECT_THAT(brand_csv->body, HasSubstr("\r\nsentiment,all,,,,3,"));
  // A topic's figures: its posts, and its share of all.
  auto topic = Get("/api/summary?topic=delay");
  ASSERT_EQ(topic->status, 200) << topic->body;
  EXPECT_THAT(topic->body, HasSubstr("\"topic\":\"delay\",\"topic_share\":{\"posts\":"));
  EXPECT_THAT(topic->body, HasSubstr(",\"of_posts\":" + total + ","));
  // Against the day before: each share's change.
  auto compared =
      Get("/api/summary?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&compare=previous");
  ASSERT_EQ(compared->status, 200) << compared->body;
  EXPECT_THAT(
      compared->body,
      HasSubstr(
          "\"comparison\":{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\","));
  EXPECT_THAT(compared->body, HasSubstr("\"change\":{\"previous_posts\":"));
  auto no_start = Get("/api/summary?compare=previous");
  EXPECT_EQ(no_start->status, 400) << no_start->body;
  EXPECT_THAT(no_start->body, HasSubstr("needs the report's start"));
  auto compared_csv =
      Get("/api/summary.csv?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&compare=previous");
  ASSERT_EQ(compared_csv->status, 200) << compared_csv->body;
  EXPECT_THAT(compared_csv->body, HasSubstr(",change_negative_share,"));
  // Without an end, the period ends with the last hour with posts (04:00):
  // the hours before it as many, none with posts.
  auto open_ended = Get("/api/summary.csv?from=2026-03-02T00:00:00Z&compare=previous");
  ASSERT_EQ(open_ended->status, 200) << open_ended->body;
  EXPECT_THAT(
      open_ended->body,
      HasSubstr("\r\ncomparison,previous,,,2026-03-01T19:00:00Z,0,0,0,0,previous_posts,0,,,\r\n"));
  EXPECT_THAT(open_ended->body, ::testing::Not(HasSubstr(",change_")));
  auto topic_csv = Get("/api/summary.csv?topic=delay");
  ASSERT_EQ(topic_csv->status, 200) << topic_csv->body;
  EXPECT_THAT(topic_csv->body, HasSubstr("\r\ntopic,delay,"));
  // The summary's parameters, but no examples: the CSV has none.
  EXPECT_EQ(Get("/api/summary.csv?granularity=month")->status, 400);
  auto examples = Get("/api/summary.csv?examples=2");
  EXPECT_EQ(examples->status, 400);
  EXPECT_THAT(examples->body, HasSubstr("unknown parameter 'examples'"));
}

TEST_F(ServerTest, LargeExportsAreSentWholeAsTheyAreRead) {
  // 3,000 more posts (~600 KB of NDJSON): the body goes in chunks as the
  // store is read, every post once, in order, and the count in the metrics.
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  for (int i = 0; i < 3000; ++i) {
    posts.push_back(MakePost(std::to_string(100 + i), "2026-03-05T00:00:00Z",
                             "post " + std::to_string(i) + " " + std::string(120, 'x')));
    posts.back().created_at_ms += i * 1000;
    analyses.push_back(MakeAnalysis(SentimentLabel::kNeutral, {"skyloft"}, {}));
  }
  WriteMore(posts, analyses);
  StartServer();
  auto r = Get("/api/posts.ndjson?brand=skyloft&from=2026-03-05&order=oldest");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_GT(r->body.size(), 64u * 1024 * 3);
  size_t lines = 0;
  for (size_t at = 0, end; (end = r->body.find('\n', at)) != std::string::npos; at = end + 1) {
    const std::string id = "\"id\":\"" + std::to_string(100 + lines) + "\"";
    EXPECT_EQ(r->body.substr(at, end - at).find(id), r->body.substr(at, end - at).find("\"id\""))
        << r->body.substr(at, 80);
    ++lines;
  }
  EXPECT_EQ(lines, 3000u);
  // A bad filter is still an error answer, before any byte of a file.
  auto bad = Get("/api/posts.csv?from=tomorrow");
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"error\""));
  auto m = Get("/metrics");
  EXPECT_THAT(
      m->body,
      HasSubstr("parley_http_requests_total{route=\"GET /api/posts.ndjson\",status=\"200\"} 1"));
  EXPECT_THAT(
      m->body,
      HasSubstr("parley_http_requests_total{route=\"GET /api/posts.csv\",status=\"400\"} 1"));
}

TEST_F(ServerTest, PostsAreDeletedWithAWriteTokenAndTheFiguresFollow) {
  UseTokens();
  StartServer();
  httplib::Headers read = {{"Authorization", std::string("Bearer ") + kReadToken}};
  httplib::Headers write = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  auto del = [&](const std::string& query, const httplib::Headers& h) {
    return client_->Post("/api/posts/delete" + query, h, "", "text/plain");
  };
  const std::string summary = Get("/api/summary", kReadToken)->body;  // (cached)
  EXPECT_EQ(del("?author=ann", read)->status, 403);
  EXPECT_EQ(del("?author=ann", {})->status, 401);
  auto none = del("", write);
  EXPECT_EQ(none->status, 400);
  EXPECT_THAT(none->body, HasSubstr("say which posts to delete"));
  auto odd = del("?author=ann&limit=2", write);
  EXPECT_EQ(odd->status, 400);
  EXPECT_THAT(odd->body, HasSubstr("unknown parameter 'limit'"));
  auto cased = del("?author=ANN", write);
  EXPECT_EQ(cased->status, 400);
  EXPECT_THAT(cased->body, HasSubstr("no such handle but 'ann' (twitter)"));
  EXPECT_EQ(del("?before=soon", write)->status, 400);
  auto at = del("?author=%40ann", write);
  EXPECT_EQ(at->status, 400);
  EXPECT_THAT(at->body, HasSubstr("parameter 'author': give the handle without '@'"));
  // A dry run counts; the real one deletes posts 1 and 2 (before the second
  // day) and the summary, cached before, counts the two left.
  auto dry = del("?source=twitter&before=2026-03-01T02:30:00Z&dry_run=true", write);
  ASSERT_EQ(dry->status, 200) << dry->body;
  EXPECT_EQ(dry->body, "{\"dry_run\":true,\"posts\":2,\"authors\":0,\"alerts\":0,\"withheld\":0}");
  EXPECT_EQ(Get("/api/summary", kReadToken)->body, summary);
  auto done = del("?source=twitter&before=2026-03-01T02:30:00Z", write);
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(done->body,
            "{\"dry_run\":false,\"posts\":2,\"authors\":0,\"alerts\":0,\"withheld\":0}");
  auto after = Get("/api/summary", kReadToken);
  ASSERT_EQ(after->status, 200);
  EXPECT_NE(after->body, summary);
  EXPECT_THAT(after->body, HasSubstr("\"n\":2,"));
  EXPECT_EQ(Get("/api/posts/twitter/1", kReadToken)->status, 404);
  // The rest by author: ann is gone, with her profile.
  auto ann = del("?author=ann&id=3&id=4", write);
  ASSERT_EQ(ann->status, 200) << ann->body;
  // (Withheld from later ingests: the two posts of hers among those ids.)
  EXPECT_EQ(ann->body, "{\"dry_run\":false,\"posts\":2,\"authors\":1,\"alerts\":0,\"withheld\":2}");
}

// What a deletion names stays out of what is posted later (a platform's
// notice for a post not stored yet too), unless it says withhold=false.
TEST_F(ServerTest, PostsDeletedByIdOrAuthorAreWithheldFromLaterPosts) {
  UseTokens();
  StartServer();
  httplib::Headers write = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  auto del = [&](const std::string& query) {
    return client_->Post("/api/posts/delete" + query, write, "", "text/plain");
  };
  auto ids = del("?id=70&id=71");
  ASSERT_EQ(ids->status, 200) << ids->body;
  EXPECT_EQ(ids->body, "{\"dry_run\":false,\"posts\":0,\"authors\":0,\"alerts\":0,\"withheld\":2}");
  auto kept = del("?id=72&withhold=false");
  EXPECT_THAT(kept->body, HasSubstr("\"withheld\":0"));
  EXPECT_EQ(del("?author=Zed")->status, 200);
  EXPECT_EQ(del("?withhold=maybe&id=1")->status, 400);
  const std::string body =
      "{\"id\":\"70\",\"author\":\"bo\",\"created_at\":\"2026-03-03T10:00:00Z\",\"text\":\"a\"}\n"
      "{\"id\":\"72\",\"author\":\"bo\",\"created_at\":\"2026-03-03T10:00:00Z\",\"text\":\"b\"}\n"
      "{\"id\":\"73\",\"author\":\"zed\",\"created_at\":\"2026-03-03T10:00:00Z\",\"text\":\"c\"}\n";
  auto r = PostBody(body, kWriteToken);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"accepted\":3,"));
  EXPECT_THAT(r->body, HasSubstr("\"inserted\":1,\"updated\":0,\"unchanged\":0,\"withheld\":2"));
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> stored, StoredApiPost("72"));
  EXPECT_TRUE(stored.has_value());
  ASSERT_OK_AND_ASSIGN(stored, StoredApiPost("70"));
  EXPECT_FALSE(stored.has_value());

  // The list and its lifting, for a write token only (it names people).
  EXPECT_EQ(Get("/api/withheld", kReadToken)->status, 403);
  auto list = Get("/api/withheld", kWriteToken);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_THAT(
      list->body,
      ::testing::MatchesRegex(
          R"(\{"withheld":\[\{"kind":"author","value":"zed","source":"","since":"[^"]+Z"\},)"
          R"(\{"kind":"post","value":"70",.*\{"kind":"post","value":"71",.*\]\})"));
  auto lift = [&](const std::string& query) {
    return client_->Post("/api/withheld/lift" + query, write, "", "text/plain");
  };
  EXPECT_EQ(lift("")->status, 400);
  EXPECT_THAT(lift("?author=%40zed")->body, HasSubstr("give the handle without '@'"));
  EXPECT_THAT(lift("?id=70&limit=1")->body, HasSubstr("unknown parameter 'limit'"));
  auto lifted = lift("?author=ZED&id=70&id=99");
  ASSERT_EQ(lifted->status, 200) << lifted->body;
  EXPECT_EQ(lifted->body, "{\"lifted\":2,\"not_withheld\":[\"99\"]}");
  auto again = PostBody(body, kWriteToken);
  EXPECT_THAT(again->body,
              HasSubstr("\"inserted\":2,\"updated\":0,\"unchanged\":1,\"withheld\":0"));
}

// A compliance job's results posted as they come: the body's ids and
// notices name the posts, the parameters narrow them, a post's geo removal
// removes only its geo, notices of other actions are counted and skipped,
// and a form body is refused.
TEST_F(ServerTest, PostsAreDeletedByTheDeletionNoticesInTheBody) {
  UseTokens();
  StartServer();
  httplib::Headers write = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  auto del = [&](const std::string& query, const std::string& body,
                 const std::string& type = "application/x-ndjson") {
    return client_->Post("/api/posts/delete" + query, write, body, type.c_str());
  };
  auto form = del("", "author=ann", "application/x-www-form-urlencoded");
  EXPECT_EQ(form->status, 400);
  EXPECT_THAT(form->body, HasSubstr("give the parameters in the URL"));
  auto bad = del("", "1\n{\"reason\":\"deleted\"}\n");
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("body line 2: a JSON object with no post id"));
  // Only a geo removal and another action: nothing deleted, even beside a
  // filter (post 2 has no geo columns; its id's geo is withheld).
  auto geo = del("?before=1d",
                 "{\"id\":\"2\",\"action\":\"delete\",\"reason\":\"scrub_geo\"}\n"
                 "{\"status_withheld\":{\"id\":2,\"user_id\":7}}\n");
  ASSERT_EQ(geo->status, 200) << geo->body;
  EXPECT_EQ(geo->body,
            "{\"dry_run\":false,\"posts\":0,\"authors\":0,\"alerts\":0,\"withheld\":1,"
            "\"geo_scrubbed\":0,\"skipped\":{\"status_withheld\":1}}");
  const std::string notices =
      "{\"id\":\"1\",\"action\":\"delete\",\"reason\":\"deleted\"}\n"
      "{\"data\":{\"delete\":{\"tweet\":{\"id\":\"3\"}}}}\n"
      "{\"id\":\"2\",\"action\":\"withheld\"}\n";
  auto other_source = del("?source=nowhere", notices);
  ASSERT_EQ(other_source->status, 200) << other_source->body;
  EXPECT_THAT(other_source->body, HasSubstr("\"posts\":0,"));
  auto done = del("", notices, "text/plain");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(done->body,
            "{\"dry_run\":false,\"posts\":2,\"authors\":0,\"alerts\":0,\"withheld\":2,"
            "\"skipped\":{\"withheld\":1}}");
  EXPECT_EQ(Get("/api/posts/twitter/1", kReadToken)->status, 404);
  EXPECT_EQ(Get("/api/posts/twitter/2", kReadToken)->status, 200);
  EXPECT_EQ(Get("/api/posts/twitter/3", kReadToken)->status, 404);
  // A retention period in the URL, counted back from the server's clock:
  // every stored post is older than a day, and the two left would go.
  auto old = del("?before=1d&dry_run=true", "");
  ASSERT_EQ(old->status, 200) << old->body;
  EXPECT_THAT(old->body, HasSubstr("{\"dry_run\":true,\"posts\":2,"));
  auto recent = del("?before=100000w&dry_run=true", "");  // (1,900 years ago: none)
  ASSERT_EQ(recent->status, 200) << recent->body;
  EXPECT_THAT(recent->body, HasSubstr("{\"dry_run\":true,\"posts\":0,"));
}

TEST_F(ServerTest, PagesOfEveryOrderHoldEachPostOnce) {
  // More posts than the engaged order ranks at once (1,000), in threes at
  // one time and with few distinct engagements: many ties in every order.
  {
    StoreOptions so;
    so.path = options_.db_path;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(so));
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    for (int i = 100; i < 1600; ++i) {
      posts.push_back(MakePost(std::to_string(i), "2026-03-05T00:00:00Z", "good"));
      posts.back().created_at_ms += (i / 3) * 60000;
      posts.back().metrics.likes = i % 7;
      analyses.push_back(MakeAnalysis(SentimentLabel::kPositive, {}, {}));
    }
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  }
  StartServer();
  for (const char* order : {"newest", "oldest", "engaged"}) {
    std::map<std::string, int> seen;
    int64_t offset = 0;
    for (int page = 0; page < 10; ++page) {
      auto r = Get(std::string("/api/posts?limit=500&order=") + order +
                   "&offset=" + std::to_string(offset));
      ASSERT_EQ(r->status, 200) << r->body;
      simdjson::dom::parser parser;
      auto doc = Parse(parser, r->body);
      for (simdjson::dom::element post : doc["posts"]) {
        std::string_view id;
        ASSERT_EQ(post["id"].get(id), simdjson::SUCCESS);
        ++seen[std::string(id)];
      }
      if (doc["next_offset"].is_null()) break;
      ASSERT_EQ(doc["next_offset"].get(offset), simdjson::SUCCESS);
    }
    int repeated = 0;
    for (const auto& [id, times] : seen) repeated += times > 1;
    EXPECT_EQ(seen.size(), 1504u) << order;
    EXPECT_EQ(repeated, 0) << order;
  }
}

TEST_F(ServerTest, OnePostAndMissingOnes) {
  StartServer();
  auto r = Get("/api/posts/twitter/1");
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("\"author_name\":\"Ann <b>\""));
  EXPECT_THAT(r->body, HasSubstr("\"topics\":[\"delay\"]"));
  auto missing = Get("/api/posts/twitter/99");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(ErrorCode(missing), "not_found");
  auto nowhere = Get("/api/nothing");
  EXPECT_EQ(nowhere->status, 404);
  EXPECT_EQ(ErrorCode(nowhere), "not_found");
}

TEST_F(ServerTest, BytesThatAreNotUtf8NeverReachTheJson) {
  StartServer();
  simdjson::dom::parser parser;  // which refuses a document that is not UTF-8
  auto param = Get("/api/series?brand=%C3%28");
  EXPECT_EQ(param->status, 400);
  EXPECT_THAT(param->body, HasSubstr("parameter 'brand': not valid UTF-8"));
  for (const char* path : {"/api/authors/twitter/%FF", "/api/posts/twitter/a%C3", "/api/x%FF",
                           "/x%FF", "/api/summary?%FF=1"}) {
    auto r = Get(path);
    ASSERT_TRUE(r);
    EXPECT_GE(r->status, 400) << path;
    Parse(parser, r->body);
  }
}

TEST_F(ServerTest, AlertsAndTermsAreTheStoredOnes) {
  StartServer();
  auto alerts = Get("/api/alerts");
  ASSERT_EQ(alerts->status, 200);
  EXPECT_THAT(alerts->body, HasSubstr("\"alert\":{\"kind\":\"spike\",\"x\":1}"));
  EXPECT_THAT(alerts->body, Not(HasSubstr("outage")));
  auto terms = Get("/api/terms");
  EXPECT_THAT(terms->body, HasSubstr("\"term\":\"outage\""));
  auto shifts = Get("/api/alerts?kind=shift");
  EXPECT_THAT(shifts->body, Not(HasSubstr("spike|all")));
}

TEST_F(ServerTest, KeyTermsSayWhatSetsTheLabelsPostsApart) {
  // 12 negative posts about a lost bag (6 of them "awful"), 30 fine ones.
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  for (int i = 0; i < 42; ++i) {
    const bool negative = i < 12;
    posts.push_back(MakePost(
        std::to_string(100 + i), "2026-03-03T10:00:00Z",
        negative ? (i < 6 ? "awful lost bag again" : "lost bag again") : "good trip home"));
    analyses.push_back(MakeAnalysis(
        negative ? SentimentLabel::kNegative : SentimentLabel::kPositive, {"skyloft"}, {}));
  }
  // And the brand's 8 answers, positive: not what customers say.
  for (int i = 0; i < 8; ++i) {
    posts.push_back(MakePost(std::to_string(200 + i), "2026-03-03T11:00:00Z",
                             "we will look into it right away"));
    posts.back().author = "SkyloftAir";
    analyses.push_back(MakeAnalysis(SentimentLabel::kPositive, {"skyloft"}, {}));
  }
  WriteMore(posts, analyses);
  ASSERT_OK_AND_ASSIGN(VaderLexicon lexicon, VaderLexicon::Parse(kLexicon, "test"));
  options_.lexicon = std::make_shared<const VaderLexicon>(std::move(lexicon));
  options_.accounts = people::OwnAccounts({{"skyloft", "Skyloft Air", true, {"skyloftair"}}});
  StartServer();
  simdjson::dom::parser parser;
  auto r = Get("/api/key_terms?brand=skyloft&from=2026-03-03T00:00:00Z&examples=1");
  ASSERT_EQ(r->status, 200) << r->body;
  simdjson::dom::element doc = Parse(parser, r->body);
  EXPECT_EQ(doc["label"].get_string().value(), "negative");
  EXPECT_EQ(doc["label_posts"].get_int64().value(), 12);
  EXPECT_EQ(doc["other_posts"].get_int64().value(), 30);
  EXPECT_EQ(doc["sentiment_words"].get_string().value(), "apart");
  EXPECT_EQ(doc["brand_posts"].get_int64().value(), 8);
  // "lost bag" (its words are always within it: left to it); "awful lost"
  // apart, as a term with a word of the lexicon ("awful" is always that).
  std::vector<std::string> terms, sentiment;
  for (simdjson::dom::element t : doc["terms"].get_array()) {
    terms.emplace_back(t["term"].get_string().value());
    EXPECT_EQ(t["examples"].get_array().size(), 1u);
    EXPECT_GT(t["ratio"]["low"].get_double().value(), 1);
    EXPECT_LE(t["q_value"].get_double().value(), 0.01);
  }
  for (simdjson::dom::element t : doc["sentiment_terms"].get_array()) {
    sentiment.emplace_back(t["term"].get_string().value());
  }
  std::sort(terms.begin(), terms.end());
  std::sort(sentiment.begin(), sentiment.end());
  EXPECT_EQ(terms, (std::vector<std::string>{"lost bag"}));
  EXPECT_EQ(sentiment, (std::vector<std::string>{"awful lost"}));
  // All in one list, on request; the positive side.
  r = Get("/api/key_terms?brand=skyloft&from=2026-03-03T00:00:00Z&sentiment_words=with_terms");
  doc = Parse(parser, r->body);
  EXPECT_EQ(doc["sentiment_terms"].get_array().size(), 0u);
  EXPECT_EQ(doc["terms"].get_array().size(), 2u);
  r = Get("/api/key_terms?brand=skyloft&from=2026-03-03T00:00:00Z&label=positive");
  doc = Parse(parser, r->body);
  EXPECT_EQ(doc["label_posts"].get_int64().value(), 30);
  EXPECT_THAT(r->body, HasSubstr("\"term\":\"trip home\""));
  EXPECT_THAT(r->body, Not(HasSubstr("right away")));
  EXPECT_EQ(Get("/api/key_terms?sentiment_words=maybe")->status, 400);
  // Shares: their own words by default (none here), all of them on request.
  r = Get("/api/key_terms?brand=skyloft&from=2026-03-03T00:00:00Z&shares=all_words");
  ASSERT_EQ(r->status, 200) << r->body;
  doc = Parse(parser, r->body);
  EXPECT_EQ(doc["shares"].get_string().value(), "all_words");
  EXPECT_EQ(doc["shares_left_out"].get_int64().value(), 0);
  EXPECT_EQ(Get("/api/key_terms?shares=some")->status, 400);
  // Against the other brands: a brand is needed (400 without), and the
  // label's posts of the others are the other side.
  EXPECT_EQ(Get("/api/key_terms?versus=brands")->status, 400);
  EXPECT_EQ(Get("/api/key_terms?versus=all")->status, 400);
  r = Get("/api/key_terms?brand=skyloft&versus=brands&label=positive");
  ASSERT_EQ(r->status, 200) << r->body;
  doc = Parse(parser, r->body);
  EXPECT_EQ(doc["versus"].get_string().value(), "brands");
  EXPECT_EQ(doc["other_posts"].get_int64().value(), 1);  // jetwave's positive post
  // Against the period before: the 12 negative posts of 2026-03-03 against
  // none the day before (post 4 is on 2026-03-02 at 04:00: it is there).
  EXPECT_EQ(Get("/api/key_terms?versus=previous")->status, 400);
  r = Get("/api/key_terms?versus=previous&from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z");
  ASSERT_EQ(r->status, 200) << r->body;
  doc = Parse(parser, r->body);
  EXPECT_EQ(doc["label_posts"].get_int64().value(), 12);
  EXPECT_EQ(doc["other_posts"].get_int64().value(), 1);
  EXPECT_EQ(doc["previous"]["from"].get_string().value(), "2026-03-02T00:00:00Z");
  // A period of one's own: compare=FROM/TO, which says versus=previous.
  for (const char* path :
       {"/api/key_terms?from=2026-03-03T00:00:00Z&compare=2026-03-01T00:00:00Z/"
        "2026-03-02T00:00:00Z",
        "/api/key_terms?versus=previous&from=2026-03-03T00:00:00Z&compare=2026-03-01T00:00:00Z/"
        "2026-03-02T00:00:00Z"}) {
    r = Get(path);
    ASSERT_EQ(r->status, 200) << r->body;
    doc = Parse(parser, r->body);
    EXPECT_EQ(doc["versus"].get_string().value(), "previous");
    EXPECT_EQ(doc["label_posts"].get_int64().value(), 12);
    EXPECT_EQ(doc["other_posts"].get_int64().value(), 1);  // post 1, "awful..."
    EXPECT_EQ(doc["previous"]["from"].get_string().value(), "2026-03-01T00:00:00Z");
    EXPECT_EQ(doc["previous"]["to"].get_string().value(), "2026-03-02T00:00:00Z");
  }
  r =
      Get("/api/key_terms?from=2026-03-03T00:00:00Z&compare=2026-02-01T00:00:00Z/"
          "2026-03-01T00:00:00Z");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Parse(parser, r->body)["other_posts"].get_int64().value(), 0);  // nothing in February
  // Not with the other sides; not a period the scope's overlaps.
  EXPECT_EQ(
      Get("/api/key_terms?versus=labels&compare=2026-03-01T00:00:00Z/2026-03-02T00:00:00Z")->status,
      400);
  r = Get("/api/key_terms?compare=2026-03-01T00:00:00Z/2026-03-02T00:00:00Z");
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("overlaps"));
}

TEST_F(ServerTest, BadParametersAre400WithAMessage) {
  StartServer();
  for (const char* path : {"/api/series?colour=red", "/api/posts?label=angry", "/api/posts?limit=0",
                           "/api/series?from=yesterday", "/api/summary?top=1&top=2",
                           "/api/posts?from=2026-03-02&to=2026-03-01", "/api/posts/twitter/1?x=1",
                           "/api/posts?shares=some"}) {
    auto r = Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << path;
    EXPECT_EQ(ErrorCode(r), "bad_request") << path;
    EXPECT_THAT(r->body, HasSubstr("parameter")) << path;
  }
}

TEST_F(ServerTest, WithoutTokensWritesAreRefusedAndSayHow) {
  StartServer();
  auto r = PostBody("{\"id\":\"9\",\"author\":\"a\",\"created_at\":\"2026-03-03\",\"text\":\"x\"}\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(ErrorCode(r), "forbidden");
  EXPECT_THAT(r->body, HasSubstr("--tokens"));
}

TEST_F(ServerTest, TokensGateReadsAndWrites) {
  UseTokens();
  StartServer();
  auto anonymous = Get("/api/summary");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(Get("/api/summary", "wrong-token-0123456789")->status, 401);
  EXPECT_EQ(Get("/api/summary", kReadToken)->status, 200);
  EXPECT_EQ(Get("/api/summary", kWriteToken)->status, 200);
  EXPECT_EQ(Get("/healthz")->status, 200);  // health needs no token
  auto read_only = PostBody("{}\n", kReadToken);
  EXPECT_EQ(read_only->status, 403);
  EXPECT_THAT(read_only->body, HasSubstr("write scope"));
  EXPECT_EQ(PostBody("{}\n")->status, 401);
}

TEST_F(ServerTest, PublicReadsNeedNoTokenButWritesDo) {
  UseTokens();
  options_.public_reads = true;
  StartServer();
  EXPECT_EQ(Get("/api/summary")->status, 200);
  EXPECT_EQ(PostBody("{}\n")->status, 401);
}

// "auto" chooses the preset from the keys of the body's first objects, as
// `parley ingest` does a file's: a key the first tweet leaves out (lang,
// which the tweets preset does not map) still maps as its field.
TEST_F(ServerTest, AnAutoMappedBodyMapsTheKeysOfItsFirstRecords) {
  ASSERT_OK_AND_ASSIGN(options_.reader.field_map, MakeFieldMap("auto", {}));
  UseTokens();
  StartServer();
  std::string body =
      "not json\n"
      "{\"tweet_id\":20,\"name\":\"bo\",\"tweet_created\":\"2026-03-03 10:00:00 +0000\","
      "\"text\":\"late again\"}\n"
      "{\"tweet_id\":21,\"name\":\"cy\",\"tweet_created\":\"2026-03-03 11:00:00 +0000\","
      "\"text\":\"fine\",\"lang\":\"en\"}\n";
  auto r = PostBody(body, kWriteToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  simdjson::dom::parser parser;
  int64_t accepted = 0;
  ASSERT_EQ(Parse(parser, r->body)["accepted"].get(accepted), simdjson::SUCCESS);
  EXPECT_EQ(accepted, 2);
  auto post = Get("/api/posts/twitter/21", kReadToken);
  ASSERT_EQ(post->status, 200) << post->body;
  std::string_view lang;
  ASSERT_EQ(Parse(parser, post->body)["lang"].get(lang), simdjson::SUCCESS);
  EXPECT_EQ(lang, "en");
}

TEST_F(ServerTest, PostedPostsAreStoredBeforeTheAnswer) {
  UseTokens();
  StartServer();
  std::string body =
      "{\"id\":\"10\",\"author\":\"bo\",\"created_at\":\"2026-03-03T10:00:00Z\",\"text\":\"awful delay\"}\n"
      "not json\n"
      "\n"
      "{\"id\":\"11\",\"author\":\"cy\",\"created_at\":\"2026-03-03T11:00:00Z\",\"text\":\"good\"}\n"
      "{\"id\":\"12\",\"author\":\"cy\",\"created_at\":\"soon\",\"text\":\"good\"}\n";
  auto r = PostBody(body, kWriteToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  simdjson::dom::parser parser;
  auto doc = Parse(parser, r->body);
  int64_t read = 0, accepted = 0, rejected = 0, inserted = 0, line = 0;
  ASSERT_EQ(doc["read"].get(read), simdjson::SUCCESS);
  ASSERT_EQ(doc["accepted"].get(accepted), simdjson::SUCCESS);
  ASSERT_EQ(doc["rejected"].get(rejected), simdjson::SUCCESS);
  ASSERT_EQ(doc["inserted"].get(inserted), simdjson::SUCCESS);
  EXPECT_EQ(read, 4);
  EXPECT_EQ(accepted, 2);
  EXPECT_EQ(rejected, 2);
  EXPECT_EQ(inserted, 2);
  ASSERT_EQ(doc["rejects"].at(0)["line"].get(line), simdjson::SUCCESS);
  EXPECT_EQ(line, 2);
  ASSERT_EQ(doc["rejects"].at(1)["line"].get(line), simdjson::SUCCESS);
  EXPECT_EQ(line, 5);
  // A fresh connection sees them at once: the transaction committed first.
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> post, StoredApiPost("10"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->analysis.sentiment.label, SentimentLabel::kNegative);
  // Posting the same again changes nothing, whatever the body's declared type.
  httplib::Headers h = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  auto again = client_->Post("/api/posts", h, body, "application/x-www-form-urlencoded");
  EXPECT_THAT(again->body, HasSubstr("\"unchanged\":2"));
  EXPECT_EQ(client_->Post("/api/posts?x=1", h, body, "application/x-ndjson")->status, 400);
}

// `serve --detect-language`: posted posts get their language, counted by
// /api/languages and found by /api/posts?language= (the stored posts from
// before have none, and count in the total only).
TEST_F(ServerTest, PostedPostsLanguagesAreCountedAndFound) {
  DetectLanguages();
  UseTokens();
  StartServer();
  auto r = PostBody(
      "{\"id\":\"30\",\"author\":\"bo\",\"created_at\":\"2026-03-01T05:00:00Z\",\"text\":"
      "\"el vuelo lleva tres horas de retraso y nadie nos dice nada\"}\n"
      "{\"id\":\"31\",\"author\":\"cy\",\"created_at\":\"2026-03-01T06:00:00Z\",\"text\":"
      "\"the flight is three hours late and nobody tells us anything\"}\n"
      "{\"id\":\"32\",\"author\":\"cy\",\"created_at\":\"2026-03-01T07:00:00Z\",\"lang\":\"pt-BR\","
      "\"text\":\"good\"}\n",
      kWriteToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto languages = Get("/api/languages?from=2026-03-01&to=2026-03-02", kReadToken);
  ASSERT_TRUE(languages);
  ASSERT_EQ(languages->status, 200) << languages->body;
  EXPECT_THAT(languages->body, HasSubstr("\"total\":{\"n\":6,"));
  EXPECT_THAT(languages->body, HasSubstr("\"languages\":[{\"name\":\"en\",\"display_name\":"
                                         "\"English (en)\",\"counts\":{\"n\":1,"));
  EXPECT_THAT(languages->body,
              HasSubstr("{\"name\":\"es\",\"display_name\":\"Spanish (es)\",\"counts\":{\"n\":1,"));
  EXPECT_THAT(
      languages->body,
      HasSubstr("{\"name\":\"pt\",\"display_name\":\"Portuguese (pt)\",\"counts\":{\"n\":1,"));
  // The 3 posts stored before have no language: counted, whatever the top.
  EXPECT_THAT(languages->body, HasSubstr("\"without_language\":3,\"languages_kept\":[]}"));
  auto top = Get("/api/languages?from=2026-03-01&to=2026-03-02&top=1", kReadToken);
  ASSERT_EQ(top->status, 200) << top->body;
  EXPECT_THAT(top->body, Not(HasSubstr("\"name\":\"es\"")));
  EXPECT_THAT(top->body, HasSubstr("\"without_language\":3,"));
  auto spanish = Get("/api/posts?language=es", kReadToken);
  ASSERT_EQ(spanish->status, 200) << spanish->body;
  EXPECT_THAT(spanish->body, HasSubstr("\"id\":\"30\""));
  EXPECT_THAT(spanish->body, Not(HasSubstr("\"id\":\"31\"")));
  auto one = Get("/api/posts/api/30", kReadToken);
  ASSERT_EQ(one->status, 200) << one->body;
  EXPECT_THAT(one->body, HasSubstr("\"lang\":\"es\""));
  EXPECT_THAT(Get("/api/posts/api/32", kReadToken)->body,
              HasSubstr("\"lang\":\"pt-BR\""));  // as sent
  EXPECT_EQ(Get("/api/languages?topic=delay", kReadToken)->status, 400);
}

// `serve --languages`: a posted post in another language is counted as
// skipped and not stored.
TEST_F(ServerTest, PostedPostsInOtherLanguagesAreSkipped) {
  DetectLanguages();
  options_.languages = {"en", "und"};
  UseTokens();
  StartServer();
  auto r = PostBody(
      "{\"id\":\"40\",\"author\":\"bo\",\"created_at\":\"2026-03-01T05:00:00Z\",\"text\":"
      "\"el vuelo lleva tres horas de retraso y nadie nos dice nada\"}\n"
      "{\"id\":\"41\",\"author\":\"cy\",\"created_at\":\"2026-03-01T06:00:00Z\",\"text\":"
      "\"the flight is three hours late and nobody tells us anything\"}\n"
      "not json\n"
      "{\"id\":\"42\",\"author\":\"cy\",\"created_at\":\"2026-03-01T07:00:00Z\",\"lang\":\"pt-BR\","
      "\"text\":\"good\"}\n"
      "{\"id\":\"43\",\"author\":\"cy\",\"created_at\":\"2026-03-01T08:00:00Z\",\"text\":\"ok\"}\n",
      kWriteToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body,
              HasSubstr("\"read\":5,\"accepted\":2,\"rejected\":1,\"skipped\":2,\"inserted\":2,"));
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> english, StoredApiPost("41"));
  EXPECT_TRUE(english);
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> unknown, StoredApiPost("43"));
  EXPECT_TRUE(unknown);
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> spanish, StoredApiPost("40"));
  EXPECT_FALSE(spanish);
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> portuguese, StoredApiPost("42"));
  EXPECT_FALSE(portuguese);
  // The store notes the filter, for the report.
  StoreOptions so;
  so.path = options_.db_path;
  so.read_only = true;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> stored, OpenStore(so));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> filters, stored->LanguageFilters());
  EXPECT_EQ(filters, std::vector<std::string>{"en,und"});
  // ... and /api/languages names it.
  auto languages = Get("/api/languages", kReadToken);
  ASSERT_TRUE(languages);
  ASSERT_EQ(languages->status, 200) << languages->body;
  EXPECT_THAT(languages->body, HasSubstr("\"languages_kept\":[\"en,und\"]}"));
}

// `serve --time-format`: posted records whose times are written day first
// are read by the layout; a time that does not fit it is a reject saying so.
TEST_F(ServerTest, PostedTimesAreReadByTheServersTimeLayout) {
  ASSERT_OK_AND_ASSIGN(TimeLayout layout, TimeLayout::Parse("%d/%m/%Y %H:%M"));
  options_.reader.time_layout = std::make_shared<const TimeLayout>(std::move(layout));
  UseTokens();
  StartServer();
  auto r = PostBody(
      "{\"id\":\"20\",\"author\":\"bo\",\"created_at\":\"05/03/2026 14:02\",\"text\":\"late\"}\n"
      "{\"id\":\"21\",\"author\":\"bo\",\"created_at\":\"2026-03-05T14:02:00Z\",\"text\":\"ok\"}\n",
      kWriteToken);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"read\":2,\"accepted\":1,\"rejected\":1,"));
  EXPECT_THAT(r->body, HasSubstr("does not fit layout"));
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> post, StoredApiPost("20"));
  ASSERT_TRUE(post);
  EXPECT_EQ(FormatTimestamp(post->post.created_at_ms), "2026-03-05T14:02:00Z");
}

TEST_F(ServerTest, ABadFirstLineIsARejectLikeAnyOther) {
  ASSERT_OK_AND_ASSIGN(options_.reader.field_map, MakeFieldMap("auto", {}));
  UseTokens();
  StartServer();
  for (const char* first : {"not json\n", "[1]\n", "{\"no\":\"preset fits\"}\n"}) {
    auto r = PostBody(first + NdjsonPosts(30, 2), kWriteToken);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << first << r->body;
    EXPECT_THAT(r->body, HasSubstr("\"read\":3,\"accepted\":2,\"rejected\":1,"));
    EXPECT_THAT(r->body, HasSubstr("\"line\":1,"));
    EXPECT_THAT(r->body, Not(HasSubstr("api.ndjson")));
    EXPECT_THAT(r->body, Not(HasSubstr("--preset")));
  }
  // No record fits a preset: each is a reject, and says what it lacks.
  auto none = PostBody("not json\n{\"text\":\"hi\"}\n", kWriteToken);
  ASSERT_EQ(none->status, 200) << none->body;
  EXPECT_THAT(none->body, HasSubstr("\"accepted\":0,\"rejected\":2,"));
  EXPECT_THAT(none->body,
              HasSubstr("missing fields id and created_at (columns 'id' and 'created_at')"));
  // Records with a time and no id are stored by what they say: sent again,
  // they are the same posts.
  const std::string reviews =
      "{\"user_id\":\"AGK\",\"timestamp\":1588687728923,\"rating\":1,\"text\":\"Broke.\"}\n"
      "{\"user_id\":\"AFX\",\"timestamp\":1588687729000,\"rating\":5,\"text\":\"Love it\"}\n";
  auto first = PostBody(reviews, kWriteToken);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_THAT(first->body, HasSubstr("\"accepted\":2,\"rejected\":0,"));
  EXPECT_THAT(first->body, HasSubstr("\"inserted\":2,"));
  auto again = PostBody(reviews, kWriteToken);
  EXPECT_THAT(again->body, HasSubstr("\"inserted\":0,\"updated\":0,\"unchanged\":2,"));
}

TEST_F(ServerTest, CachedAnswersFollowNewPosts) {
  UseTokens();
  options_.public_reads = true;
  StartServer();
  EXPECT_THAT(Get("/api/summary")->body, HasSubstr("\"total\":{\"n\":4,"));
  EXPECT_THAT(Get("/api/summary")->body, HasSubstr("\"total\":{\"n\":4,"));
  ASSERT_EQ(PostBody("{\"id\":\"20\",\"author\":\"d\",\"created_at\":\"2026-03-04\",\"text\":\"good\"}",
                     kWriteToken)
                ->status,
            200);
  EXPECT_THAT(Get("/api/summary")->body, HasSubstr("\"total\":{\"n\":5,"));
  // A write from another process is seen too.
  StoreOptions so;
  so.path = options_.db_path;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, OpenStore(so));
  std::vector<Post> posts = {MakePost("21", "2026-03-04T05:00:00Z", "good")};
  std::vector<Analysis> analyses = {MakeAnalysis(SentimentLabel::kPositive, {}, {})};
  ASSERT_OK(other->WriteBatch(posts, analyses, nullptr));
  EXPECT_THAT(Get("/api/summary")->body, HasSubstr("\"total\":{\"n\":6,"));
}

// shares=own_words: the posts a key term counts (a share by its own words).
TEST_F(ServerTest, PostsByTheirOwnWords) {
  StartServer();
  StoreOptions so;
  so.path = options_.db_path;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, OpenStore(so));
  std::vector<Post> posts = {
      MakePost("31", "2026-03-05T05:00:00Z", "RT @vera: late again"),
      MakePost("32", "2026-03-05T06:00:00Z", "same here RT @vera: late again")};
  std::vector<Analysis> analyses(2, MakeAnalysis(SentimentLabel::kNegative, {}, {}));
  ASSERT_OK(other->WriteBatch(posts, analyses, nullptr));
  auto ids = [&](const std::string& query) {
    auto r = Get("/api/posts?order=oldest&" + query);
    std::vector<std::string> out;
    EXPECT_EQ(r->status, 200) << r->body;
    simdjson::dom::parser parser;
    for (simdjson::dom::element p : Parse(parser, r->body)["posts"].get_array()) {
      out.emplace_back(p["id"].get_string().value());
    }
    return out;
  };
  EXPECT_EQ(ids("term=late"), (std::vector<std::string>{"4", "31", "32"}));
  EXPECT_EQ(ids("term=late&shares=own_words"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(ids("term=same&shares=own_words"), (std::vector<std::string>{"32"}));
  EXPECT_EQ(ids("from=2026-03-05T00:00:00Z&shares=own_words"), (std::vector<std::string>{"32"}));
  EXPECT_EQ(ids("from=2026-03-05T00:00:00Z&shares=all_words"),
            (std::vector<std::string>{"31", "32"}));
}

TEST_F(ServerTest, AValueHoldingTheCacheKeysSeparatorsGetsItsOwnAnswer) {
  StartServer();
  // A brand named "skyloft\x1fgranularity=day" has no posts. Asked first, its
  // answer must not be served for brand=skyloft&granularity=day.
  // What each answer holds for skyloft (posts 1, 2 and 4), and not for the
  // other brand.
  std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/series", "\"counts\":{\"n\":2,"}, {"/api/topics", "\"total\":{\"n\":3,"}};
  for (const auto& [api, data] : routes) {
    auto odd = Get(api + "?brand=skyloft%1Fgranularity%3Dday");
    ASSERT_EQ(odd->status, 200) << odd->body;
    EXPECT_THAT(odd->body, HasSubstr("\\u001f"));
    auto real = Get(api + "?brand=skyloft&granularity=day");
    ASSERT_EQ(real->status, 200) << real->body;
    EXPECT_THAT(real->body, HasSubstr("\"brand\":\"skyloft\""));
    EXPECT_THAT(real->body, Not(HasSubstr("u001f")));
    EXPECT_THAT(real->body, HasSubstr(data));
  }
}

TEST_F(ServerTest, EmptyAndOversizedBodies) {
  UseTokens();
  options_.max_body_bytes = 2048;
  StartServer();
  auto empty = PostBody("\n", kWriteToken);
  EXPECT_EQ(empty->status, 400);
  EXPECT_THAT(empty->body, HasSubstr("empty"));
  auto big = PostBody(std::string(4096, 'x'), kWriteToken);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(ErrorCode(big), "payload_too_large");
}

TEST_F(ServerTest, ChunkedBodiesOverTheLimitAre413) {
  UseTokens();
  options_.max_body_bytes = 2048;
  StartServer();
  httplib::Headers h = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  // Without a Content-Length: cpp-httplib's client sends it chunked.
  auto chunked = [&](const std::string& body) {
    return client_->Post(
        "/api/posts", h,
        [body](size_t offset, httplib::DataSink& sink) {
          size_t n = std::min<size_t>(500, body.size() - offset);
          sink.write(body.data() + offset, n);
          if (offset + n == body.size()) sink.done();
          return true;
        },
        "application/x-ndjson");
  };
  auto big = chunked(NdjsonPosts(1000, 100));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413) << big->body;
  EXPECT_EQ(ErrorCode(big), "payload_too_large");
  EXPECT_THAT(big->body, HasSubstr("larger than 2048 bytes"));
  // Nothing of it was stored, and the connection still serves.
  EXPECT_EQ(Get("/api/posts/api/1000", kReadToken)->status, 404);
  auto small = chunked(NdjsonPosts(1000, 2));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200) << small->body;
  EXPECT_THAT(small->body, HasSubstr("\"inserted\":2"));
}

TEST_F(ServerTest, BodiesOfAnyDeclaredTypeAreNdjson) {
  UseTokens();
  StartServer();
  httplib::Headers h = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  // curl -d's default type, over cpp-httplib's 8 KiB limit for form bodies.
  std::string body = NdjsonPosts(2000, 100);
  ASSERT_GT(body.size(), 8192u);
  auto r = client_->Post("/api/posts", h, body, "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"inserted\":100"));
}

TEST_F(ServerTest, HttpLevelErrorsUseTheDocumentedCodes) {
  StartServer();
  auto too_long = Get("/api/summary?source=" + std::string(9000, 'a'));
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 414);
  EXPECT_EQ(ErrorCode(too_long), "uri_too_long");
  // A request line cpp-httplib cannot parse is not about a POST's body.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  std::string request = "GET /healthz HTTP/1.1 extra\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) answer.append(buf, n);  // to the close
  close(fd);
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("\"code\":\"bad_request\""));
  EXPECT_THAT(answer, HasSubstr("malformed HTTP request"));
  EXPECT_THAT(answer, Not(HasSubstr("POST")));
}

TEST_F(ServerTest, ClientsOverTheRateLimitGet429) {
  options_.rate_per_second = 0.01;
  options_.rate_burst = 2;
  StartServer();
  EXPECT_EQ(Get("/api/summary")->status, 200);
  EXPECT_EQ(Get("/api/summary")->status, 200);
  auto r = Get("/api/summary");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(ErrorCode(r), "too_many_requests");
  EXPECT_GE(std::stoi(r->get_header_value("Retry-After")), 1);
}

TEST_F(ServerTest, StaticFilesStayInTheirFolder) {
  StartServer();
  auto index = Get("/");
  ASSERT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<title>dash</title>");
  EXPECT_EQ(index->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(index->get_header_value("Content-Security-Policy"), HasSubstr("script-src 'self'"));
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                           "/..%2fsecret.txt", "/x/../../secret.txt", "/.%2e/secret.txt"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_GE(r->status, 400) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("top secret"))) << path;
  }
  EXPECT_EQ(Get("/missing.js")->status, 404);
}

TEST_F(ServerTest, MetricsCountRequestsPerRoute) {
  StartServer();
  Get("/api/summary");
  Get("/api/posts?label=angry");
  auto r = Get("/metrics");
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/plain"));
  EXPECT_THAT(r->body, HasSubstr("parley_http_requests_total{route=\"GET /api/summary\",status=\"200\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("parley_http_requests_total{route=\"GET /api/posts\",status=\"400\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("parley_http_request_duration_seconds_bucket{route=\"GET /api/summary\",le=\"+Inf\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("parley_posts_stored 4"));
}

// A small conversation: bob complains to Skyloft in thread t2 (no answer:
// he is in the care queue); cy complained in t3 and @SkyloftAir answered.
class PeopleServerTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    options_.accounts = people::OwnAccounts({{"skyloft", "Skyloft Air", true, {"skyloftair"}}});
    StoreOptions so;
    so.path = options_.db_path;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(so));
    auto post = [](const char* id, const char* author, const char* thread, const char* parent,
                   const char* iso, const char* text) {
      Post p = MakePost(id, iso, text);
      p.author = author;
      p.author_name = std::string("<img src=x onerror=alert(1)> ") + author;
      p.thread = thread;
      p.parent = parent;
      return p;
    };
    std::vector<Post> posts = {
        post("50", "bob", "t2", "", "2026-03-02T05:00:00Z", "@SkyloftAir lost my bag, awful"),
        post("51", "dee", "t2", "50", "2026-03-02T06:00:00Z", "@bob same here"),
        post("60", "cy", "t3", "", "2026-03-02T07:00:00Z", "@SkyloftAir delayed again"),
        post("61", "SkyloftAir", "t3", "60", "2026-03-02T08:00:00Z", "@cy sorry, DM us")};
    std::vector<Analysis> analyses;
    for (int i = 0; i < 4; ++i) {
      analyses.push_back(MakeAnalysis(i == 3 ? SentimentLabel::kNeutral : SentimentLabel::kNegative,
                                      {"skyloft"}, {}));
      if (i != 3) analyses.back().intents = {"complaint"};
    }
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  }
};

TEST_F(PeopleServerTest, ThreadsReadNewestOldestOrAsATree) {
  StartServer();
  simdjson::dom::parser parser;
  auto tree = Get("/api/threads/twitter/t2");
  ASSERT_EQ(tree->status, 200) << tree->body;
  simdjson::dom::array posts;
  ASSERT_EQ(Parse(parser, tree->body)["posts"].get(posts), simdjson::SUCCESS);
  ASSERT_EQ(posts.size(), 2u);
  int64_t depth = -1;
  ASSERT_EQ(posts.at(1)["depth"].get(depth), simdjson::SUCCESS);
  EXPECT_EQ(depth, 1);
  auto newest = Get("/api/threads/twitter/50?order=newest");
  std::string_view id;
  ASSERT_EQ(Parse(parser, newest->body)["posts"].at(0)["post"]["id"].get(id), simdjson::SUCCESS);
  EXPECT_EQ(id, "51");
  EXPECT_EQ(Get("/api/threads/twitter/t2?order=sideways")->status, 400);
  EXPECT_EQ(Get("/api/threads/twitter/nope")->status, 404);
}

TEST_F(PeopleServerTest, AuthorProfileAndInfluencers) {
  StartServer();
  auto author = Get("/api/authors/twitter/bob");
  ASSERT_EQ(author->status, 200) << author->body;
  EXPECT_THAT(author->body, HasSubstr("\"handle\":\"bob\""));
  EXPECT_THAT(author->body, HasSubstr("<img src=x onerror=alert(1)> bob"));  // text, as stored
  EXPECT_EQ(Get("/api/authors/*/nobody")->status, 404);
  // tz: the trajectory's days begin at the zone's midnight (05:00Z is the
  // day before in New York, 00:00 EST).
  auto utc = Get("/api/authors/twitter/bob?granularity=day");
  EXPECT_THAT(utc->body, HasSubstr("\"bucket_start\":\"2026-03-02T00:00:00Z\""));
  auto local = Get("/api/authors/twitter/bob?granularity=day&tz=America/New_York");
  ASSERT_EQ(local->status, 200) << local->body;
  EXPECT_THAT(local->body, HasSubstr("\"bucket_start\":\"2026-03-02T05:00:00Z\""));
  EXPECT_EQ(Get("/api/authors/twitter/bob?tz=Nowhere")->status, 400);
  auto influencers = Get("/api/influencers?limit=3");
  ASSERT_EQ(influencers->status, 200) << influencers->body;
  EXPECT_THAT(influencers->body, HasSubstr("\"influencers\":["));
  EXPECT_THAT(influencers->body, Not(HasSubstr("\"handle\":\"SkyloftAir\"")));  // own accounts left out
}

TEST_F(PeopleServerTest, TheCareQueueAndMarkingHandled) {
  UseTokens();
  options_.public_reads = true;
  StartServer();
  auto queue = Get("/api/queue");
  ASSERT_EQ(queue->status, 200) << queue->body;
  EXPECT_THAT(queue->body, HasSubstr("\"id\":\"50\""));
  EXPECT_THAT(queue->body, Not(HasSubstr("\"id\":\"60\"")));  // answered by the brand
  // The same queue as a file for a spreadsheet: a header, then every item.
  auto csv = Get("/api/queue.csv");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"parley-queue.csv\"");
  EXPECT_EQ(csv->body.rfind("rank,priority,source,id,thread,created_at,", 0), 0u) << csv->body;
  EXPECT_THAT(csv->body, HasSubstr("\r\n1,"));
  EXPECT_THAT(csv->body, HasSubstr(",twitter,50,"));
  EXPECT_THAT(csv->body, Not(HasSubstr(",twitter,60,")));
  EXPECT_EQ(Get("/api/queue.csv?limit=0")->status, 400);
  EXPECT_EQ(Get("/api/queue.csv?granularity=day")->status, 400);
  // How often and how fast the brands answered: 60 was answered, 50 waits.
  auto stats = Get("/api/queue/stats");
  ASSERT_EQ(stats->status, 200) << stats->body;
  EXPECT_THAT(stats->body, HasSubstr("\"brands\":[{\"brand\":\"*\",\"needed\":"));
  EXPECT_THAT(stats->body, HasSubstr("\"timed\":1,"));
  EXPECT_EQ(Get("/api/queue/stats?limit=3")->status, 400);
  auto weekly = Get("/api/queue/stats?granularity=week");
  ASSERT_EQ(weekly->status, 200) << weekly->body;
  EXPECT_THAT(weekly->body, HasSubstr("{\"brand\":\"*\",\"bucket\":null,"));
  EXPECT_THAT(weekly->body, HasSubstr("{\"brand\":\"*\",\"bucket\":\"2026-0"));
  httplib::Headers read = {{"Authorization", std::string("Bearer ") + kReadToken}};
  EXPECT_EQ(client_->Post("/api/queue/twitter/50/handled", read, "", "text/plain")->status, 403);
  httplib::Headers write = {{"Authorization", std::string("Bearer ") + kWriteToken}};
  auto done = client_->Post("/api/queue/twitter/50/handled?note=called%20him", write, "", "text/plain");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_THAT(done->body, HasSubstr("\"note\":\"called him\""));
  EXPECT_THAT(Get("/api/queue")->body, Not(HasSubstr("\"id\":\"50\"")));
  // The cached figures follow the mark.
  EXPECT_THAT(Get("/api/queue/stats")->body, HasSubstr("\"handled\":1,"));
  EXPECT_EQ(client_->Post("/api/queue/twitter/404/handled", write, "", "text/plain")->status, 404);
  // The queue is cached; another process unmarking the post (as `parley
  // queue done --undo` would) must still show it again.
  {
    StoreOptions so;
    so.path = options_.db_path;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, OpenStore(so));
    ASSERT_OK(other->UnmarkHandled("twitter", "50"));
  }
  EXPECT_THAT(Get("/api/queue")->body, HasSubstr("\"id\":\"50\""));
}

TEST_F(ServerTest, TheQueueWithoutAccountsSaysHow) {
  StartServer();
  auto r = Get("/api/queue");
  EXPECT_EQ(r->status, 409);
  EXPECT_THAT(r->body, HasSubstr("--taxonomy"));
}

TEST_F(ServerTest, ASecondServerCannotTakeTheSamePort) {
  StartServer();
  ServerOptions again = options_;
  again.port = server_->port();
  EXPECT_THAT(Server::Start(again).status(),
              ::parley::testing::StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot listen")));
}

TEST(IsLoopbackHost, KnowsLoopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("192.168.1.4"));
}

}  // namespace
}  // namespace parley::serve
