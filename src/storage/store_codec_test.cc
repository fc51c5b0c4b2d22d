#include "src/storage/store_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "tests/testutil/status_matchers.h"

namespace parley::internal {
namespace {

// posts.detail and content_hash are stored and compared on re-ingest: their
// bytes and values are pinned here, so a faster encoder or hasher cannot
// change what stores already hold.

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

struct DetailParts {
  std::vector<std::pair<std::string, std::string>> extra = {{"k", "v1"}};
  std::vector<int64_t> codes = {5};
  std::vector<std::string> brands = {"b"};
  std::vector<std::string> intents = {"q"};
  std::vector<std::string> mentions = {"@x"};
  std::vector<std::string> empty;

  PostDetail Detail() const {
    PostDetail d;
    d.model = "lexicon";
    d.author_name = "Sam";
    d.lang = "en";
    d.rating = 4.5;
    d.replies = 3;
    d.followers = -2;
    d.views = 300;
    d.extra = &extra;
    d.extra_codes = &codes;
    d.brands = &brands;
    d.topics = &empty;
    d.intents = &intents;
    d.mentions = &mentions;
    return d;  // hashtags: null, as absent
  }
};

TEST(AppendDetailTest, WritesTheDocumentedBytes) {
  DetailParts parts;
  std::string out = "prefix";
  AppendDetail(parts.Detail(), &out);
  EXPECT_EQ(Hex(out),
            Hex("prefix") +
                "01" "ff0d"                // format, presence bits 0x6ff
                "076c657869636f6e"         // "lexicon"
                "0353616d" "02656e"        // "Sam", "en"
                "0000000000001240"         // 4.5
                "06" "03" "d804"           // replies 3, followers -2, views 300 (zigzag)
                "01" "05" "027631"         // one extra: code 5, "v1"
                "010162" "010171" "01024078");  // brands, intents, mentions
}

TEST(AppendDetailTest, BareDetailIsFormatBitsAndModel) {
  PostDetail d;
  d.model = "m";
  std::string out;
  AppendDetail(d, &out);
  EXPECT_EQ(Hex(out), "0100016d");
}

TEST(AppendDetailTest, LongFieldsRoundTrip) {
  DetailParts parts;
  parts.extra.assign(40, {"k", std::string(300, 'x')});
  parts.codes.assign(40, 1000);
  parts.mentions.assign(50, std::string(200, 'm'));
  std::string out;
  AppendDetail(parts.Detail(), &out);
  Post post;
  Analysis analysis;
  std::string model;
  std::vector<std::optional<std::string>> names(1001);
  names[1000] = "k";
  ASSERT_OK(ParseDetail(out, &post, &analysis, &model, &names));
  EXPECT_EQ(post.extra, parts.extra);
  EXPECT_EQ(analysis.mentions, parts.mentions);
  EXPECT_EQ(post.author_name, "Sam");
  EXPECT_EQ(model, "lexicon");
}

TEST(AppendDetailTest, AspectsAndPricesRoundTripAndAreTheLastFields) {
  std::vector<Aspect> aspects = {{"delay", SentimentLabel::kNegative, -0.5},
                                 {"staff", SentimentLabel::kPositive, 0.25}};
  std::vector<Price> prices(2);
  prices[0].text = "$49";
  prices[0].currency = "USD";
  prices[0].amount = 49;
  prices[0].has_amount = true;
  prices[1].text = "too expensive";
  PostDetail d;
  d.model = "m";
  d.aspects = &aspects;
  d.prices = &prices;
  std::string out;
  AppendDetail(d, &out);
  EXPECT_EQ(Hex(out),
            "01" "8060" "016d"                                           // bits 12, 13
            "02" "0564656c6179" "00" "000000000000e0bf"                  // delay, negative, -0.5
            "057374616666" "02" "000000000000d03f"                       // staff, positive, 0.25
            "02" "03243439" "03555344" "01" "0000000000804840"           // $49 USD 49
            "0d746f6f20657870656e73697665" "00" "00");                  // a price word
  Analysis a;
  a.aspects.push_back({"stale", SentimentLabel::kNeutral, 0});  // cleared by the parse
  ASSERT_OK(ParseDetail(out, nullptr, &a, nullptr));
  ASSERT_EQ(a.aspects.size(), 2u);
  EXPECT_EQ(a.aspects[0].topic, "delay");
  EXPECT_EQ(a.aspects[0].label, SentimentLabel::kNegative);
  EXPECT_EQ(a.aspects[1].score, 0.25);
  ASSERT_EQ(a.prices.size(), 2u);
  EXPECT_EQ(a.prices[0].amount, 49);
  EXPECT_TRUE(a.prices[0].has_amount);
  EXPECT_EQ(a.prices[1].text, "too expensive");
  EXPECT_FALSE(a.prices[1].has_amount);
  // A label byte past positive, or a cut blob, is malformed.
  std::string bad = out;
  bad[12] = 7;  // the first aspect's label
  EXPECT_FALSE(ParseDetail(bad, nullptr, &a, nullptr).ok());
  EXPECT_FALSE(ParseDetail(out.substr(0, out.size() - 1), nullptr, &a, nullptr).ok());
}

// The detected language (bit 14) is the last field, after the prices; a
// blob without it (older, or no --detect-language) reads as none.
TEST(AppendDetailTest, TheLanguageRoundTripsAsTheLastField) {
  std::vector<Price> prices(1);
  prices[0].text = "cheap";
  PostDetail d;
  d.model = "m";
  d.lang = "es-MX";  // the source's, as written
  d.language = "es";
  d.prices = &prices;
  std::string out;
  AppendDetail(d, &out);
  EXPECT_EQ(Hex(out),
            "01"
            "82c001"
            "016d"          // bits 1, 13, 14
            "0565732d4d58"  // es-MX
            "01"
            "056368656170"
            "00"
            "00"        // a price word
            "026573");  // es
  Analysis a;
  a.lang = "stale";
  Post post;
  ASSERT_OK(ParseDetail(out, &post, &a, nullptr));
  EXPECT_EQ(a.lang, "es");
  EXPECT_EQ(post.lang, "es-MX");
  EXPECT_EQ(DetailLanguage(out), "es");
  d.language = "";
  std::string without;
  AppendDetail(d, &without);
  ASSERT_OK(ParseDetail(without, &post, &a, nullptr));
  EXPECT_EQ(a.lang, "");
  EXPECT_EQ(DetailLanguage(without), "");
  // Cut short, or another format: none, and no crash.
  for (size_t cut = 0; cut < out.size(); ++cut) EXPECT_EQ(DetailLanguage(out.substr(0, cut)), "");
  EXPECT_EQ(DetailLanguage("\x02" + out.substr(1)), "");
}

TEST(DetailHasIntentTest, FindsAnIntentPastEveryFieldBeforeIt) {
  DetailParts parts;
  parts.intents = {"question", "complaint"};
  std::vector<std::string> topics = {"delay", "food"};
  PostDetail d = parts.Detail();
  d.topics = &topics;
  std::string out;
  AppendDetail(d, &out);
  EXPECT_TRUE(DetailHasIntent(out, "complaint"));
  EXPECT_TRUE(DetailHasIntent(out, "question"));
  EXPECT_FALSE(DetailHasIntent(out, "churn"));
  EXPECT_FALSE(DetailHasIntent(out, "delay"));  // a topic, not an intent
  EXPECT_FALSE(DetailHasIntent(out, "complain"));
  // No intents; a blob cut short or of another format: no.
  parts.intents.clear();
  std::string none;
  AppendDetail(parts.Detail(), &none);
  EXPECT_FALSE(DetailHasIntent(none, "complaint"));
  // Cut short: found only once its whole name is in (the fields after it
  // are not read).
  const size_t whole = out.find("complaint") + std::strlen("complaint");
  for (size_t cut = 0; cut < out.size(); ++cut) {
    EXPECT_EQ(DetailHasIntent(out.substr(0, cut), "complaint"), cut >= whole) << cut;
  }
  EXPECT_FALSE(DetailHasIntent("", "complaint"));
  EXPECT_FALSE(DetailHasIntent("\x02" + out.substr(1), "complaint"));
}

TEST(ContentHashTest, ValuesStayAsStored) {
  HashedPost h;
  h.author = "samreal2004";
  h.thread = "p1";
  h.text = "@SkyloftAir cancelling some Oslo flights tonight because of the storm.";
  h.detail = std::string_view("\x01\x00\x07lexicon", 10);
  h.created_at = 1772323202000;
  h.likes = 1;
  h.shares = 0;
  h.label = 1;
  h.score = -0.25;
  EXPECT_EQ(ContentHash(h), 4013199752589648694);
  h.has_probabilities = true;
  h.p[0] = 0.125;
  h.p[1] = -0.0;
  h.p[2] = 0.875;
  h.likes.reset();
  EXPECT_EQ(ContentHash(h), -3016158497141144247);
}

TEST(ContentHasherTest, ValuesStayAsStored) {
  ContentHasher h;
  h.Add(std::string_view("twitter"));
  h.Add(std::string_view("a_fairly_long_handle_of_23"));
  h.Add(std::string_view(""));
  EXPECT_EQ(h.Finish(), 12835434436778199829u);
}


// The hasher's tail loads (one word ending at the string's end, or
// overlapping loads for short strings) against the definition: the tail's
// bytes memcpy-ed into a zeroed word. Every length up to 40, at every
// offset into a buffer of random bytes, alone and after another string.
uint64_t ReferenceHash(const std::vector<std::string_view>& strings) {
  uint64_t h = 0x243F6A8885A308D3ull;
  auto mix = [&h](uint64_t v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
  };
  for (std::string_view s : strings) {
    mix(s.size());
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      mix(w);
    }
    if (i < s.size()) {
      uint64_t w = 0;
      std::memcpy(&w, s.data() + i, s.size() - i);
      mix(w);
    }
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

TEST(ContentHasherTest, TailsHashAsZeroPaddedWords) {
  std::string buffer(64, '\0');
  uint64_t state = 99;
  for (char& c : buffer) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    c = static_cast<char>(state >> 56);
  }
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t size = 0; size <= 40; ++size) {
      const std::string_view s(buffer.data() + offset, size);
      const std::string_view other(buffer.data() + 48, 5);
      ContentHasher alone, pair;
      alone.Add(s);
      pair.Add(other);
      pair.Add(s);
      EXPECT_EQ(alone.Finish(), ReferenceHash({s})) << offset << " " << size;
      EXPECT_EQ(pair.Finish(), ReferenceHash({other, s})) << offset << " " << size;
    }
  }
}

}  // namespace
}  // namespace parley::internal
