// The synthetic conversation's universe: brands, topics, and the text
// templates posts are written from. All text is parley's own.
//
// Template slots, filled by the generator (src/synth/synth.cc):
//   {B} the brand, as people write it (@SkyloftAir, Skyloft, #skyloft ...)
//   {A} the brand's @handle          {O} a competitor's @handle
//   {F} a flight number (SL204)      {C} {K} two different cities
//   {T} a clock time                 {H} hours (2-7)       {M} minutes
//   {$} an amount ("$45")            {G} a gate ("B14")    {R} a booking code
//   {S} a short phrase for the topic's trouble ("another 3 hour delay")
//   {U} the @handle being answered   {N} that person's first name
#ifndef PARLEY_SYNTH_PHRASES_H_
#define PARLEY_SYNTH_PHRASES_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace parley::synth {

enum class Sentiment : uint8_t { kNegative, kNeutral, kPositive };
enum class Intent : uint8_t { kComplaint, kQuestion, kPraise, kPurchase, kChurn, kInfo, kSupport };

std::string_view SentimentName(Sentiment s);  // "negative" | "neutral" | "positive"
// "complaint" | "question" | "praise" | "purchase" | "churn" | "info" | "support"
std::string_view IntentName(Intent i);
// -1, 0 or +1.
inline int SentimentValue(Sentiment s) { return static_cast<int>(s) - 1; }

struct Template {
  Sentiment sentiment;
  Intent intent;
  std::string_view text;
};

struct Brand {
  std::string_view name;            // "Skyloft Air": the true_brand value
  std::string_view handle;          // "SkyloftAir"
  std::string_view flight_prefix;   // "SL"
  std::span<const std::string_view> mentions;  // how people write it in posts
  int64_t followers;
  double share;        // of brand posts
  double answer_rate;  // share of complaints and questions the brand answers
  double negativity;   // relative weight of complaints about it
};

inline constexpr int kBrandCount = 3;  // 0 is the own brand
const Brand& BrandAt(int b);
// Matches a name, handle or short id ("skyloft"), case-insensitively; -1 if none.
int FindBrand(std::string_view text);

inline constexpr int kTopicCount = 10;
struct Topic {
  std::string_view id;  // the true_topic value, as in data/taxonomy/demo.toml
  double weight;        // share of brand posts about it
  std::span<const std::string_view> trouble;  // {S} phrases
  std::span<const std::string_view> hashtags;
  std::span<const Template> complaints, questions, praise, info;
};
const Topic& TopicAt(int t);
int FindTopic(std::string_view id);  // -1 if none
inline constexpr int kTopicDelay = 0;
inline constexpr int kTopicPrice = 4;
inline constexpr int kTopicBooking = 7;

// Pools shared by all topics.
enum class Pool {
  kSarcasm,       // negative truth in positive or flat words
  kChurn,         // "switching to {O}"
  kPurchase,      // "just booked ..."
  kBrandReply,    // the brand answering a complaint
  kBrandAnswer,   // the brand answering a question
  kThanks,        // the customer after a brand reply, satisfied
  kStillWaiting,  // the customer after a brand reply, not
  kReplyNegative, kReplyNeutral, kReplyPositive,  // others joining a thread
  kAuthorBack,    // the thread's author answering one of them
  kQuote,         // a comment before "RT @someone: ..."
  kAnnouncement,  // the brand's own posts
  kChatter,       // travel talk with no brand
  kIncident,      // extra lines for an incident's posts
};
std::span<const Template> PoolAt(Pool pool);

std::span<const std::string_view> Cities();
std::span<const std::string_view> FirstNames();
std::span<const std::string_view> LastNames();
std::span<const std::string_view> HandleWords();  // "travels", "flies" ...

struct Influencer {
  std::string_view handle;
  std::string_view name;
};
std::span<const Influencer> Influencers();

}  // namespace parley::synth

#endif  // PARLEY_SYNTH_PHRASES_H_
