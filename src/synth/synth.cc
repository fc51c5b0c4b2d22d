// The generator. Time is cut into hours; each hour gets its share of the
// posts from the seasonal profile (and any incident), and each post's slot is
// filled either by a reply that has come due (brand answers, people replying,
// shares of influencers' posts, kept in a bounded queue) or by a new post.
// Replies are only scheduled while there are slots left for them, so every
// scheduled reply is written: a complaint marked answered always has its
// brand reply in the stream.
#include "src/synth/synth.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "src/core/timestamp.h"
#include "src/synth/people.h"
#include "src/synth/phrases.h"
#include "src/core/random.h"
#include "src/synth/text.h"
#include "src/synth/truth.h"

namespace parley::synth {
namespace {

constexpr size_t kMaxPending = 1 << 16;
constexpr size_t kFlushBytes = 1 << 20;
constexpr std::string_view kCsvHeader =
    "id,author,author_name,thread,parent,created_at,text,likes,shares,followers,lang,"
    "true_sentiment,true_brand,true_topic,true_intent,incident,answered\n";

// Relative volume by UTC hour of day and by day of week (Monday first).
constexpr double kHourOfDay[24] = {0.35, 0.25, 0.18, 0.15, 0.15, 0.22, 0.40, 0.70,
                                   0.95, 1.10, 1.15, 1.15, 1.10, 1.10, 1.05, 1.05,
                                   1.10, 1.15, 1.20, 1.20, 1.10, 0.90, 0.70, 0.50};
constexpr double kDayOfWeek[7] = {1.05, 1.00, 1.00, 1.02, 1.08, 0.85, 0.80};

// What is known about a post beyond its text.
struct Labels {
  Sentiment sentiment = Sentiment::kNeutral;
  Intent intent = Intent::kInfo;
  int8_t brand = -1;
  int8_t topic = -1;
  int8_t incident = -1;
};

enum class EventKind : uint8_t { kBrandReply, kFollowUp, kCommunityReply, kAuthorBack, kShare };

// A reply or share waiting for its time.
struct Pending {
  int64_t due = 0;
  uint64_t order = 0;  // unique: makes the queue's order total
  EventKind kind = EventKind::kShare;
  uint8_t depth = 0;
  uint32_t author = 0;  // who writes it
  uint32_t to = 0;      // who it answers or shares
  uint64_t thread = 0, parent = 0;
  Labels root;          // the thread's first post
  std::string text;     // kShare: the shared text
};

Pending MakeEvent(EventKind kind, uint32_t author, uint32_t to, uint64_t thread, uint64_t parent,
                  const Labels& root, int depth) {
  Pending e;
  e.kind = kind;
  e.author = author;
  e.to = to;
  e.thread = thread;
  e.parent = parent;
  e.root = root;
  e.depth = static_cast<uint8_t>(depth);
  return e;
}

struct LaterFirst {
  bool operator()(const Pending& a, const Pending& b) const {
    return a.due != b.due ? a.due > b.due : a.order > b.order;
  }
};

struct Draft {
  uint64_t number = 0;  // the id is "p<number>"
  uint32_t author = 0;
  uint64_t thread = 0, parent = 0;  // 0: none
  int64_t time = 0;
  std::string text;
  Labels labels;
  int answered = -1;  // -1: not a complaint or question to a brand
  int64_t likes = 0, shares = 0;
};

struct IncidentStats {
  uint64_t posts = 0;
  // Posts about the incident's brand inside and outside its window.
  uint64_t in = 0, in_negative = 0, out = 0, out_negative = 0;
  int64_t in_sum = 0, out_sum = 0;
};

struct InfluencerStats {
  uint64_t posts = 0, replies = 0, mentions = 0, shares = 0;
};

void AppendId(uint64_t number, std::string* out) {
  if (number == 0) return;
  out->push_back('p');
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, number);
  out->append(buf, r.ptr);
}

void AppendInt(int64_t n, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out->append(buf, r.ptr);
}

void AppendCsvQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append(fmt::format("\\u{:04x}", u));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string FormatSeconds(int64_t sec) { return FormatTimestamp(sec * 1000); }

class Generator {
 public:
  Generator(const SynthOptions& options, WritableFile* out, TruthWriter* truth)
      : o_(options), out_(out), truth_(truth), rng_(Mix64(options.seed) ^ options.seed),
        people_(options.seed, options.posts), end_sec_(options.start_sec + options.days * 86400LL),
        incident_stats_(options.incidents.size()), influencer_stats_(people_.influencer_count()) {}

  StatusOr<SynthSummary> Run();
  std::string TruthHead() const;

 private:
  std::vector<uint64_t> PlanHours();
  double Ramp(const IncidentSpec& inc, int64_t t) const;
  double IncidentLift(int64_t t) const;
  Status Slot(int64_t t, uint64_t left);
  // New posts.
  void NewPost(int64_t t);
  void BrandPost(int incident);
  void PickBrandTemplate(int brand, int topic, int incident, const Template** tmpl, int* topic_out);
  void MaybeMentionInfluencer();
  void ScheduleReplies();
  bool Schedule(Pending&& p, int64_t delay);
  // Replies and shares.
  void FromEvent(Pending e, int64_t t);
  void WriteReply(const Pending& e, std::span<const Template> pool);
  void AfterEvent(const Pending& e);
  // Output.
  void FillText(const Template& tmpl, const SlotValues& values);
  void Engagement();
  Status Emit();
  void Count();
  void AppendCsv();
  void AppendJson();
  int64_t Delay(double median, int64_t cap);

  const SynthOptions& o_;
  WritableFile* out_;
  TruthWriter* truth_;
  Random rng_;
  People people_;
  int64_t end_sec_;
  std::vector<Pending> pending_;  // a heap under LaterFirst
  uint64_t order_ = 0;
  uint64_t slots_left_ = 0;  // after the current one
  Draft d_;
  AuthorInfo author_, addressee_;
  std::string buf_;
  SynthSummary summary_;
  std::vector<IncidentStats> incident_stats_;
  std::vector<InfluencerStats> influencer_stats_;
};

// ---- time ------------------------------------------------------------------

double Generator::Ramp(const IncidentSpec& inc, int64_t t) const {
  double len = static_cast<double>(inc.end_sec() - inc.start_sec);
  if (t < inc.start_sec || t >= inc.end_sec() || len <= 0) return 0;
  double edge = len / 4;
  double up = static_cast<double>(t - inc.start_sec) / edge;
  double down = static_cast<double>(inc.end_sec() - t) / edge;
  return std::min(1.0, std::min(up, down));
}

// Extra volume at `t`, as a fraction of the usual rate.
double Generator::IncidentLift(int64_t t) const {
  double lift = 0;
  for (const IncidentSpec& inc : o_.incidents) lift += (inc.multiplier - 1) * Ramp(inc, t);
  return lift;
}

// Posts per hour: seasonal weight times incident lift (averaged over the
// hour), rounded cumulatively so that they add up to exactly options.posts.
std::vector<uint64_t> Generator::PlanHours() {
  size_t hours = static_cast<size_t>(o_.days) * 24;
  std::vector<double> weight(hours);
  double day_noise = 1;
  double total = 0;
  for (size_t h = 0; h < hours; ++h) {
    int64_t t = o_.start_sec + static_cast<int64_t>(h) * 3600;
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    if (h % 24 == 0) day_noise = 0.9 + 0.2 * rng_.Uniform();
    double lift = 0;
    for (int m = 0; m < 12; ++m) lift += IncidentLift(t + 150 + m * 300) / 12;
    weight[h] = kHourOfDay[(t % 86400 + 86400) % 86400 / 3600] * kDayOfWeek[(day % 7 + 10) % 7] *
                day_noise * (1 + lift);
    total += weight[h];
  }
  std::vector<uint64_t> counts(hours);
  double cumulative = 0;
  uint64_t given = 0;
  for (size_t h = 0; h < hours; ++h) {
    cumulative += weight[h];
    uint64_t upto = h + 1 == hours ? o_.posts
                                   : static_cast<uint64_t>(static_cast<double>(o_.posts) * (cumulative / total));
    upto = std::clamp(upto, given, o_.posts);
    counts[h] = upto - given;
    given = upto;
  }
  return counts;
}

// Heavy-tailed: median about `median` seconds, at most `cap`.
int64_t Generator::Delay(double median, int64_t cap) {
  double u = rng_.UniformOpen();
  double d = 60 + median * (1 / u - 1);
  return d >= static_cast<double>(cap) ? cap : static_cast<int64_t>(d);
}

StatusOr<SynthSummary> Generator::Run() {
  if (o_.format == SynthFormat::kCsv) buf_.append(kCsvHeader);
  std::vector<uint64_t> counts = PlanHours();
  uint64_t left = o_.posts;
  for (size_t h = 0; h < counts.size(); ++h) {
    int64_t hour_start = o_.start_sec + static_cast<int64_t>(h) * 3600;
    double n = static_cast<double>(counts[h]);
    for (uint64_t j = 0; j < counts[h]; ++j, --left) {
      // Stratified: one post in each 1/n of the hour, so times never decrease.
      auto offset = static_cast<int64_t>((static_cast<double>(j) + rng_.Uniform()) * 3600 / n);
      PARLEY_RETURN_IF_ERROR(Slot(hour_start + offset, left));
    }
  }
  PARLEY_RETURN_IF_ERROR(out_->Append(buf_));
  summary_.bytes += buf_.size();
  buf_.clear();
  PARLEY_RETURN_IF_ERROR(out_->Flush());
  return summary_;
}

// `left` counts this slot. Every pending event must still find a slot, so
// when as many are pending as slots remain, the queue goes first.
Status Generator::Slot(int64_t t, uint64_t left) {
  slots_left_ = left - 1;
  if (!pending_.empty() && (pending_.front().due <= t || pending_.size() >= left)) {
    std::pop_heap(pending_.begin(), pending_.end(), LaterFirst());
    Pending e = std::move(pending_.back());
    pending_.pop_back();
    FromEvent(std::move(e), t);
  } else {
    NewPost(t);
  }
  return Emit();
}

bool Generator::Schedule(Pending&& p, int64_t delay) {
  p.due = d_.time + delay;
  if (p.due >= end_sec_ || pending_.size() >= std::min<uint64_t>(kMaxPending, slots_left_)) return false;
  p.order = order_++;
  pending_.push_back(std::move(p));
  std::push_heap(pending_.begin(), pending_.end(), LaterFirst());
  return true;
}

// ---- new posts ---------------------------------------------------------------

void Generator::NewPost(int64_t t) {
  d_.number = summary_.posts + 1;
  d_.thread = d_.number;
  d_.parent = 0;
  d_.time = t;
  d_.text.clear();
  d_.labels = Labels();
  d_.answered = -1;
  ++summary_.root_posts;

  // Which incident, if any, this post belongs to.
  double lift = IncidentLift(t);
  int incident = -1;
  if (lift > 0 && rng_.Chance(lift / (1 + lift))) {
    double x = rng_.Uniform() * lift;
    for (size_t i = 0; i < o_.incidents.size(); ++i) {
      x -= (o_.incidents[i].multiplier - 1) * Ramp(o_.incidents[i], t);
      incident = static_cast<int>(i);
      if (x < 0) break;
    }
  }
  double u = rng_.Uniform();
  if (incident < 0 && u < 0.004) {
    int brand = static_cast<int>(rng_.Below(kBrandCount));
    d_.author = kBrandBase + static_cast<uint32_t>(brand);
    const Template& tmpl = rng_.Pick(PoolAt(Pool::kAnnouncement));
    d_.labels = {tmpl.sentiment, tmpl.intent, static_cast<int8_t>(brand), -1, -1};
    FillText(tmpl, {brand, (brand + 1) % kBrandCount, -1, {}, {}});
  } else if (incident < 0 && u < 0.04) {
    d_.author = people_.PickAuthor(rng_);
    const Template& tmpl = rng_.Pick(PoolAt(Pool::kChatter));
    d_.labels = {tmpl.sentiment, tmpl.intent, -1, -1, -1};
    FillText(tmpl, {});
    Decorate(tmpl.sentiment, -1, rng_, &d_.text);
  } else {
    d_.author = u < (incident < 0 ? 0.06 : 0.05) ? people_.PickInfluencer(rng_) : people_.PickAuthor(rng_);
    BrandPost(incident);
  }
  MaybeMentionInfluencer();
  ScheduleReplies();
}

void Generator::BrandPost(int incident) {
  int brand, topic;
  if (incident >= 0) {
    brand = o_.incidents[incident].brand;
    topic = o_.incidents[incident].topic;
  } else {
    static const std::vector<double> kBrandShares = {BrandAt(0).share, BrandAt(1).share, BrandAt(2).share};
    static const std::vector<double> kTopicWeights = [] {
      std::vector<double> w;
      for (int t = 0; t < kTopicCount; ++t) w.push_back(TopicAt(t).weight);
      return w;
    }();
    brand = static_cast<int>(rng_.Weighted(kBrandShares));
    topic = static_cast<int>(rng_.Weighted(kTopicWeights));
  }
  const Template* tmpl = nullptr;
  PickBrandTemplate(brand, topic, incident, &tmpl, &topic);
  d_.labels = {tmpl->sentiment, tmpl->intent, static_cast<int8_t>(brand), static_cast<int8_t>(topic),
               static_cast<int8_t>(incident)};
  int other = (brand + 1 + static_cast<int>(rng_.Below(kBrandCount - 1))) % kBrandCount;
  FillText(*tmpl, {brand, other, topic, {}, {}});
  Decorate(tmpl->sentiment, topic, rng_, &d_.text);
}

// Chooses what kind of post this is, then its words. Purchases are about
// booking or price whatever topic was drawn.
void Generator::PickBrandTemplate(int brand, int topic, int incident, const Template** tmpl,
                                  int* topic_out) {
  const Topic& tp = TopicAt(topic);
  if (incident >= 0) {
    double u = rng_.Uniform();
    *tmpl = u < 0.3   ? &rng_.Pick(PoolAt(Pool::kIncident))
            : u < 0.4 ? &rng_.Pick(PoolAt(Pool::kSarcasm))
            : u < 0.5 ? &rng_.Pick(PoolAt(Pool::kChurn))
                      : &rng_.Pick(tp.complaints);
    return;
  }
  double neg = BrandAt(brand).negativity;
  const double weights[] = {0.30 * neg, 0.035 * neg, 0.14, 0.22 / neg, 0.09, 0.05 * neg, 0.08};
  switch (rng_.Weighted(weights)) {
    case 0: *tmpl = &rng_.Pick(tp.complaints); break;
    case 1: *tmpl = &rng_.Pick(PoolAt(Pool::kSarcasm)); break;
    case 2: *tmpl = &rng_.Pick(tp.questions); break;
    case 3: *tmpl = &rng_.Pick(tp.praise); break;
    case 4: *tmpl = &rng_.Pick(tp.info); break;
    case 5: *tmpl = &rng_.Pick(PoolAt(Pool::kChurn)); break;
    default:
      *tmpl = &rng_.Pick(PoolAt(Pool::kPurchase));
      *topic_out = rng_.Chance(0.7) ? kTopicBooking : kTopicPrice;
      break;
  }
}

void Generator::MaybeMentionInfluencer() {
  if (IsBrandAccount(d_.author) || IsInfluencer(d_.author) || !rng_.Chance(0.03)) return;
  uint32_t inf = people_.PickInfluencer(rng_);
  static constexpr std::string_view kForms[] = {" cc @", " h/t @", " (via @", " @"};
  size_t form = rng_.Below(4);
  d_.text.append(kForms[form]);
  d_.text.append(Influencers()[inf - kInfluencerBase].handle);
  if (form == 2) d_.text.push_back(')');
  if (form == 3) d_.text.append(" have you seen this?");
  ++influencer_stats_[inf - kInfluencerBase].mentions;
}

// Brand answers, people replying, and shares of what influencers say.
void Generator::ScheduleReplies() {
  people_.Describe(d_.author, &author_);
  const Labels& l = d_.labels;
  bool care = l.brand >= 0 && !IsBrandAccount(d_.author) &&
              (l.intent == Intent::kComplaint || l.intent == Intent::kChurn ||
               l.intent == Intent::kQuestion);
  bool influencer = IsInfluencer(d_.author);
  if (care) {
    double p = BrandAt(l.brand).answer_rate * (l.incident >= 0 ? 0.4 : 1) * (influencer ? 1.6 : 1);
    Pending e = MakeEvent(EventKind::kBrandReply, kBrandBase + static_cast<uint32_t>(l.brand), d_.author,
                          d_.number, d_.number, l, 1);
    d_.answered = rng_.Chance(p) && Schedule(std::move(e), Delay(2400, 12 * 3600)) ? 1 : 0;
  }
  double replies = influencer ? static_cast<double>(rng_.Between(3, 10))
                              : std::min(2.5, 0.2 + static_cast<double>(author_.followers) / 8000);
  int n = static_cast<int>(replies) + (rng_.Chance(replies - static_cast<int>(replies)) ? 1 : 0);
  for (int i = 0; i < n; ++i) {
    uint32_t who = rng_.Chance(0.05) ? people_.PickInfluencer(rng_) : people_.PickAuthor(rng_);
    if (who == d_.author) continue;
    Schedule(MakeEvent(EventKind::kCommunityReply, who, d_.author, d_.number, d_.number, l, 1),
             Delay(1200, 24 * 3600));
  }
  int shares = influencer ? static_cast<int>(rng_.Between(2, 8))
                          : (author_.followers > 2000 && rng_.Chance(0.3) ? 1 : 0);
  for (int i = 0; i < shares; ++i) {
    Pending e = MakeEvent(EventKind::kShare, people_.PickAuthor(rng_), d_.author, 0, 0, l, 1);
    e.text = d_.text;
    Schedule(std::move(e), Delay(1800, 24 * 3600));
  }
}

// ---- replies and shares ------------------------------------------------------

void Generator::FromEvent(Pending e, int64_t t) {
  d_.number = summary_.posts + 1;
  d_.author = e.author;
  d_.time = t;
  d_.text.clear();
  d_.answered = -1;
  d_.labels = e.root;
  if (e.kind == EventKind::kShare) {
    ++summary_.shares;
    d_.thread = d_.number;
    d_.parent = 0;
    if (rng_.Chance(0.3)) {
      d_.text.append(rng_.Pick(PoolAt(Pool::kQuote)).text);
      d_.text.push_back(' ');
    }
    people_.Describe(e.to, &addressee_);
    d_.text.append("RT @").append(addressee_.handle).append(": ").append(e.text);
    if (IsInfluencer(e.to)) ++influencer_stats_[e.to - kInfluencerBase].shares;
    return;
  }
  d_.thread = e.thread;
  d_.parent = e.parent;
  if (IsInfluencer(e.to)) ++influencer_stats_[e.to - kInfluencerBase].replies;
  switch (e.kind) {
    case EventKind::kBrandReply:
      ++summary_.brand_replies;
      WriteReply(e, PoolAt(e.root.intent == Intent::kQuestion ? Pool::kBrandAnswer : Pool::kBrandReply));
      break;
    case EventKind::kFollowUp:
      WriteReply(e, PoolAt(rng_.Chance(0.6) ? Pool::kThanks : Pool::kStillWaiting));
      break;
    case EventKind::kCommunityReply: {
      Pool pool = e.root.sentiment == Sentiment::kNegative
                      ? (rng_.Chance(0.65) ? Pool::kReplyNegative : Pool::kReplyNeutral)
                  : e.root.sentiment == Sentiment::kPositive
                      ? (rng_.Chance(0.7) ? Pool::kReplyPositive : Pool::kReplyNeutral)
                      : (rng_.Chance(0.6) ? Pool::kReplyNeutral : Pool::kReplyNegative);
      WriteReply(e, PoolAt(pool));
      break;
    }
    default:
      WriteReply(e, PoolAt(Pool::kAuthorBack));
      break;
  }
  AfterEvent(e);
}

void Generator::WriteReply(const Pending& e, std::span<const Template> pool) {
  const Template& tmpl = rng_.Pick(pool);
  people_.Describe(e.to, &addressee_);
  d_.labels.sentiment = tmpl.sentiment;
  d_.labels.intent = tmpl.intent;
  int brand = e.root.brand;
  FillText(tmpl, {brand, brand < 0 ? -1 : (brand + 1) % kBrandCount, e.root.topic, addressee_.handle,
                  addressee_.first});
  if (!IsBrandAccount(e.author)) Decorate(tmpl.sentiment, -1, rng_, &d_.text);
}

// Threads go on: customers answer the brand, authors answer repliers.
void Generator::AfterEvent(const Pending& e) {
  Pending next = MakeEvent(EventKind::kFollowUp, e.to, e.author, e.thread, d_.number, e.root, e.depth + 1);
  if (e.kind == EventKind::kBrandReply && rng_.Chance(0.4)) {
    next.kind = EventKind::kFollowUp;
    Schedule(std::move(next), Delay(1800, 24 * 3600));
  } else if (e.kind == EventKind::kCommunityReply && !IsBrandAccount(e.to) && e.depth < 4 &&
             rng_.Chance(0.25)) {
    next.kind = EventKind::kAuthorBack;
    Schedule(std::move(next), Delay(900, 12 * 3600));
  } else if (e.kind == EventKind::kAuthorBack && e.depth < 4 && rng_.Chance(0.3)) {
    next.kind = EventKind::kCommunityReply;
    Schedule(std::move(next), Delay(900, 12 * 3600));
  }
}

// ---- output ------------------------------------------------------------------

void Generator::FillText(const Template& tmpl, const SlotValues& values) {
  RenderTemplate(tmpl.text, values, rng_, &d_.text);
}

void Generator::Engagement() {
  if (IsBrandAccount(d_.author)) {
    d_.likes = rng_.Between(0, 3);
    d_.shares = 0;
    return;
  }
  double heavy = std::min(200.0, 1 / rng_.UniformOpen() - 1);
  double boost = d_.labels.sentiment == Sentiment::kNegative ? 1.5 : 1.0;
  d_.likes = static_cast<int64_t>(static_cast<double>(author_.followers) * 0.002 * heavy * boost) +
             rng_.Between(0, 2);
  d_.shares = static_cast<int64_t>(static_cast<double>(d_.likes) * (0.05 + 0.3 * rng_.Uniform()) * boost);
}

Status Generator::Emit() {
  people_.Describe(d_.author, &author_);
  Engagement();
  Count();
  if (o_.format == SynthFormat::kCsv) {
    AppendCsv();
  } else {
    AppendJson();
  }
  if (truth_ != nullptr && d_.answered >= 0) {
    bool question = d_.labels.intent == Intent::kQuestion;
    CareList list = question ? (d_.answered ? CareList::kAnsweredQuestions : CareList::kUnansweredQuestions)
                             : (d_.answered ? CareList::kAnsweredComplaints : CareList::kUnansweredComplaints);
    std::string id;
    AppendId(d_.number, &id);
    PARLEY_RETURN_IF_ERROR(truth_->Add(list, id));
  }
  if (buf_.size() < kFlushBytes) return Status::OK();
  summary_.bytes += buf_.size();
  Status s = out_->Append(buf_);
  buf_.clear();
  return s;
}

void Generator::Count() {
  ++summary_.posts;
  if (IsInfluencer(d_.author) && d_.parent == 0) ++influencer_stats_[d_.author - kInfluencerBase].posts;
  const Labels& l = d_.labels;
  for (size_t i = 0; i < o_.incidents.size(); ++i) {
    IncidentStats& s = incident_stats_[i];
    if (l.incident == static_cast<int>(i)) ++s.posts;
    if (l.brand != o_.incidents[i].brand) continue;
    bool inside = d_.time >= o_.incidents[i].start_sec && d_.time < o_.incidents[i].end_sec();
    int value = SentimentValue(l.sentiment);
    (inside ? s.in : s.out) += 1;
    (inside ? s.in_negative : s.out_negative) += value < 0 ? 1 : 0;
    (inside ? s.in_sum : s.out_sum) += value;
  }
}

std::string_view BrandName(int b) { return b < 0 ? std::string_view() : BrandAt(b).name; }
std::string_view TopicName(int t) { return t < 0 ? std::string_view() : TopicAt(t).id; }

void AppendIncidentId(int i, std::string* out) {
  if (i < 0) return;
  out->append("inc");
  AppendInt(i + 1, out);
}

void Generator::AppendCsv() {
  std::string& b = buf_;
  AppendId(d_.number, &b);
  b.push_back(',');
  b.append(author_.handle).push_back(',');
  b.append(author_.name).push_back(',');
  AppendId(d_.thread, &b);
  b.push_back(',');
  AppendId(d_.parent, &b);
  b.push_back(',');
  char ts[32];
  b.append(ts, WriteTimestamp(d_.time * 1000, ts)).push_back(',');
  AppendCsvQuoted(d_.text, &b);
  b.push_back(',');
  AppendInt(d_.likes, &b);
  b.push_back(',');
  AppendInt(d_.shares, &b);
  b.push_back(',');
  AppendInt(author_.followers, &b);
  b.append(",en,").append(SentimentName(d_.labels.sentiment)).push_back(',');
  b.append(BrandName(d_.labels.brand)).push_back(',');
  b.append(TopicName(d_.labels.topic)).push_back(',');
  b.append(IntentName(d_.labels.intent)).push_back(',');
  AppendIncidentId(d_.labels.incident, &b);
  b.push_back(',');
  if (d_.answered >= 0) b.append(d_.answered ? "true" : "false");
  b.push_back('\n');
}

void Generator::AppendJson() {
  std::string& b = buf_;
  std::string scratch;
  b.append("{\"id\":\"");
  AppendId(d_.number, &b);
  b.append("\",\"author\":");
  AppendJsonString(author_.handle, &b);
  b.append(",\"author_name\":");
  AppendJsonString(author_.name, &b);
  b.append(",\"thread\":\"");
  AppendId(d_.thread, &b);
  b.append("\",\"parent\":\"");
  AppendId(d_.parent, &b);
  b.append("\",\"created_at\":\"");
  char ts[32];
  b.append(ts, WriteTimestamp(d_.time * 1000, ts)).append("\",\"text\":");
  AppendJsonString(d_.text, &b);
  b.append(",\"likes\":");
  AppendInt(d_.likes, &b);
  b.append(",\"shares\":");
  AppendInt(d_.shares, &b);
  b.append(",\"followers\":");
  AppendInt(author_.followers, &b);
  b.append(",\"lang\":\"en\",\"true_sentiment\":\"").append(SentimentName(d_.labels.sentiment));
  b.append("\",\"true_brand\":\"").append(BrandName(d_.labels.brand));
  b.append("\",\"true_topic\":\"").append(TopicName(d_.labels.topic));
  b.append("\",\"true_intent\":\"").append(IntentName(d_.labels.intent));
  b.append("\",\"incident\":\"");
  AppendIncidentId(d_.labels.incident, &b);
  b.append("\",\"answered\":\"");
  if (d_.answered >= 0) b.append(d_.answered ? "true" : "false");
  b.append("\"}\n");
}

// ---- truth -------------------------------------------------------------------

std::string Generator::TruthHead() const {
  std::string h = fmt::format(
      "\"format\":\"parley-synth-truth\",\"version\":1,\n\"seed\":{},\"posts\":{},\"start\":\"{}\","
      "\"end\":\"{}\",\n\"counts\":{{\"root_posts\":{},\"brand_replies\":{},\"shares\":{}}},\n"
      "\"brands\":[",
      o_.seed, summary_.posts, FormatSeconds(o_.start_sec), FormatSeconds(end_sec_),
      summary_.root_posts, summary_.brand_replies, summary_.shares);
  for (int b = 0; b < kBrandCount; ++b) {
    h += fmt::format("{}{{\"name\":\"{}\",\"handle\":\"{}\",\"own\":{}}}", b ? "," : "", BrandAt(b).name,
                     BrandAt(b).handle, b == 0);
  }
  h += "],\n\"topics\":[";
  for (int t = 0; t < kTopicCount; ++t) h += fmt::format("{}\"{}\"", t ? "," : "", TopicAt(t).id);
  h += "],\n\"incidents\":[";
  for (size_t i = 0; i < o_.incidents.size(); ++i) {
    const IncidentSpec& inc = o_.incidents[i];
    const IncidentStats& s = incident_stats_[i];
    auto mean = [](int64_t sum, uint64_t n) { return n ? static_cast<double>(sum) / static_cast<double>(n) : 0.0; };
    h += fmt::format(
        "{}\n {{\"id\":\"inc{}\",\"topic\":\"{}\",\"brand\":\"{}\",\"start\":\"{}\",\"end\":\"{}\","
        "\"hours\":{},\"volume_multiplier\":{},\"posts\":{},\"brand_posts_in_window\":{},"
        "\"negative_share\":{:.4f},\"baseline_negative_share\":{:.4f},\"sentiment_shift\":{:.4f}}}",
        i ? "," : "", i + 1, TopicAt(inc.topic).id, BrandAt(inc.brand).name, FormatSeconds(inc.start_sec),
        FormatSeconds(inc.end_sec()), inc.hours, inc.multiplier, s.posts, s.in,
        mean(static_cast<int64_t>(s.in_negative), s.in), mean(static_cast<int64_t>(s.out_negative), s.out),
        mean(s.in_sum, s.in) - mean(s.out_sum, s.out));
  }
  h += "],\n\"influencers\":[";
  for (size_t k = 0; k < people_.influencer_count(); ++k) {
    const InfluencerStats& s = influencer_stats_[k];
    h += fmt::format(
        "{}\n {{\"handle\":\"{}\",\"rank\":{},\"followers\":{},\"posts\":{},\"replies_received\":{},"
        "\"mentions_received\":{},\"shares_received\":{}}}",
        k ? "," : "", Influencers()[k].handle, k + 1, people_.influencer_followers(k), s.posts, s.replies,
        s.mentions, s.shares);
  }
  h += "]";
  return h;
}

Status Validate(const SynthOptions& o) {
  if (o.days < 1 || o.days > 36500) return InvalidArgumentError("--days must be between 1 and 36500");
  if (o.posts > 100'000'000'000ULL) return InvalidArgumentError("-n must be at most 100,000,000,000");
  int64_t end = o.start_sec + o.days * 86400LL;
  for (const IncidentSpec& inc : o.incidents) {
    if (inc.end_sec() <= o.start_sec || inc.start_sec >= end) {
      return InvalidArgumentError(fmt::format("incident at {} is outside the generated span {} to {}",
                                              FormatSeconds(inc.start_sec), FormatSeconds(o.start_sec),
                                              FormatSeconds(end)));
    }
  }
  return Status::OK();
}

}  // namespace

StatusOr<SynthFormat> ParseSynthFormat(std::string_view name) {
  if (name == "csv") return SynthFormat::kCsv;
  if (name == "ndjson" || name == "jsonl") return SynthFormat::kNdjson;
  return InvalidArgumentError(fmt::format("unknown format '{}': use csv or ndjson", name));
}

IncidentSpec DefaultIncident(int64_t start_sec, int days) {
  IncidentSpec inc;
  int64_t day = start_sec / 86400 + static_cast<int64_t>(days) * 6 / 10;
  inc.start_sec = std::max(start_sec, day * 86400 + 7 * 3600);
  return inc;
}

StatusOr<IncidentSpec> ParseIncident(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError(fmt::format(
        "--incident '{}': {}; expected TOPIC[:BRAND]@START+HOURS[xMULT], e.g. "
        "delay@2026-03-19T07:00:00Z+6x4",
        text, why));
  };
  size_t at = text.find('@');
  size_t plus = text.rfind('+');
  if (at == std::string_view::npos || plus == std::string_view::npos || plus < at) return bad("malformed");
  IncidentSpec inc;
  std::string_view what = text.substr(0, at);
  std::string_view brand = what.find(':') == std::string_view::npos ? "" : what.substr(what.find(':') + 1);
  std::string_view topic = what.substr(0, what.find(':'));
  inc.topic = FindTopic(topic);
  if (inc.topic < 0) {
    std::string topics;
    for (int t = 0; t < kTopicCount; ++t) topics += std::string(t ? ", " : "") + std::string(TopicAt(t).id);
    return bad(fmt::format("unknown topic '{}' (topics: {})", topic, topics));
  }
  if (!brand.empty() && (inc.brand = FindBrand(brand)) < 0) {
    return bad(fmt::format("unknown brand '{}' (Skyloft Air, Jetwave, AeroNova)", brand));
  }
  StatusOr<int64_t> start = ParseTimestamp(text.substr(at + 1, plus - at - 1));
  if (!start.ok()) return bad("bad start time");
  inc.start_sec = *start / 1000;
  std::string_view rest = text.substr(plus + 1);
  std::string_view hours = rest.substr(0, rest.find('x'));
  const char* end = hours.data() + hours.size();
  if (std::from_chars(hours.data(), end, inc.hours).ptr != end || !(inc.hours > 0 && inc.hours <= 24 * 365))
    return bad("HOURS must be a number above 0");
  if (rest.find('x') != std::string_view::npos) {
    std::string_view mult = rest.substr(rest.find('x') + 1);
    end = mult.data() + mult.size();
    if (std::from_chars(mult.data(), end, inc.multiplier).ptr != end || !(inc.multiplier >= 1 && inc.multiplier <= 100))
      return bad("MULT must be a number from 1 to 100");
  }
  return inc;
}

StatusOr<SynthSummary> Synthesize(Env* env, const SynthOptions& options, WritableFile* out,
                                  const std::string& truth_path) {
  PARLEY_RETURN_IF_ERROR(Validate(options));
  std::unique_ptr<TruthWriter> truth;
  if (!truth_path.empty()) truth = std::make_unique<TruthWriter>(env, truth_path);
  Generator generator(options, out, truth.get());
  PARLEY_ASSIGN_OR_RETURN(SynthSummary summary, generator.Run());
  if (truth != nullptr) PARLEY_RETURN_IF_ERROR(truth->Finish(generator.TruthHead()));
  return summary;
}

}  // namespace parley::synth
