// The read side of SqliteStore: rollup series and totals, examples, posts.
// Queries are rare next to writes, so each is prepared when asked.
#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"
#include "src/storage/sqlite_schema.h"
#include "src/storage/sqlite_store.h"
#include "src/storage/store_codec.h"

namespace parley::internal {
namespace {

constexpr char kSums[] =
    "sum(n), sum(n_neg), sum(n_neu), sum(n_pos), sum(sum_p_neg), sum(sum_p_neu), "
    "sum(sum_p_pos), sum(sum_score)";

// The rollup in columns first..first+7 (n, three counts, three sums, score).
Rollup ReadRollup(const Stmt& st, int first) {
  Rollup r;
  r.n = st.ColInt(first);
  for (int i = 0; i < 3; ++i) {
    r.count[i] = st.ColInt(first + 1 + i);
    r.sum_p[i] = st.ColInt(first + 4 + i);
  }
  r.sum_score = st.ColInt(first + 7);
  return r;
}

// Binds ?1 granularity, ?2 from, ?3 to, ?4 brand-or-other, ?5 topic-or-other, ?6 source.
void BindRange(Stmt& st, Granularity g, int64_t from, int64_t to, std::string_view a,
               std::string_view b, std::string_view source) {
  st.Text(1, GranularityName(g));
  st.Int(2, from);
  st.Int(3, to);
  st.Text(4, a);
  st.Text(5, b);
  st.Text(6, source);
}

// A range [from, to) read at granularity g, in parts: the whole buckets of
// g inside it, and before and after those the hours of the range (partial
// buckets of g, read from the hour rollups), so a range that does not fall
// on g's bucket bounds ("since noon" by day) counts the posts in it, not
// whole buckets. An hour is in range when its start is. (`fine`: the
// granularity of the partial buckets' parts, for cells kept by day and
// week only.) A part with `posts` is counted from the stored posts in it,
// not from rollups (SplitRangeByDay()).
struct RangePart {
  Granularity granularity;
  int64_t from, to;
  bool posts = false;
};
std::vector<RangePart> SplitRange(Granularity g, int64_t from, int64_t to,
                                  Granularity fine = Granularity::kHour) {
  if (g == fine || from >= to) return {{g, from, to}};
  const int64_t start = from == kMinTime ? kMinTime : BucketStart(g, from);
  const int64_t full_from =
      from == kMinTime || start == from ? from : NextBucketStart(g, start);
  const int64_t full_to = to == kMaxTime ? kMaxTime : BucketStart(g, to);
  if (full_from >= full_to) return {{fine, from, to}};
  std::vector<RangePart> parts;
  if (from < full_from) parts.push_back({fine, from, full_from});
  parts.push_back({g, full_from, full_to});
  if (full_to < to) parts.push_back({fine, full_to, to});
  return parts;
}

// The first start of a bucket of g at or after t.
int64_t CeilBucket(Granularity g, int64_t t) {
  if (t == kMinTime || t == kMaxTime) return t;
  const int64_t start = BucketStart(g, t);
  return start == t ? t : NextBucketStart(g, start);
}

// The parts of a range of intents within a topic, whose cells are kept by
// day and week only (rollup.h): the whole days in it from those cells (by
// day and week as SplitRange() splits them), and what is left, hours before
// and after them, from the stored posts of those hours; a series by the
// hour (`series`) is read from the posts alone. Totals by the hour are read
// as totals by day. A post counts when its hour does, as in SplitRange():
// when the hour's start is in the range.
std::vector<RangePart> SplitRangeByDay(Granularity g, int64_t from, int64_t to, bool series) {
  from = CeilBucket(Granularity::kHour, from);
  to = CeilBucket(Granularity::kHour, to);
  if (from >= to) return {{g, from, to}};
  if (series && g == Granularity::kHour) return {{g, from, to, true}};
  const Granularity coarse = g == Granularity::kHour ? Granularity::kDay : g;
  const int64_t day_from = CeilBucket(Granularity::kDay, from);
  const int64_t day_to = to == kMaxTime ? to : BucketStart(Granularity::kDay, to);
  if (day_from >= day_to) return {{coarse, from, to, true}};
  std::vector<RangePart> parts;
  if (from < day_from) parts.push_back({coarse, from, day_from, true});
  for (const RangePart& p : SplitRange(coarse, day_from, day_to, Granularity::kDay)) {
    parts.push_back(p);
  }
  if (day_to < to) parts.push_back({coarse, day_to, to, true});
  return parts;
}

// SplitRangeByDay() for cells kept by day and week (`by_day`), else
// SplitRange().
std::vector<RangePart> SplitRangeOf(Granularity g, int64_t from, int64_t to, bool by_day,
                                    bool series) {
  if (by_day) return SplitRangeByDay(g, from, to, series);
  return SplitRange(g, from, to);
}

// What `post` adds to the sentiment of its tag rollup cell of (kind, tag),
// as TagRollupTable::AddPost() counts it (rollup.cc); false when nothing.
bool TagContribution(const Analysis& post, TagKind kind, std::string_view tag, Rollup* r) {
  switch (kind) {
    case TagKind::kIntent:
      if (std::find(post.intents.begin(), post.intents.end(), tag) == post.intents.end()) {
        return false;
      }
      r->Add(post.sentiment);
      return true;
    case TagKind::kLanguage:
      if (post.lang != tag) return false;
      r->Add(post.sentiment);
      return true;
    case TagKind::kAspect: {
      bool any = false;
      for (const Aspect& a : post.aspects) {
        if (a.topic != tag) continue;
        Sentiment s;  // the aspect's own label and score
        s.label = a.label;
        s.score = a.score;
        r->Add(s);
        any = true;
      }
      return any;
    }
    case TagKind::kPrice:
      for (const Price& p : post.prices) {
        if (p.currency != tag) continue;
        r->Add(post.sentiment);  // once a post and currency
        return true;
      }
      return false;
  }
  return false;
}

int64_t PostsOf(const Rollup& r) { return r.n; }
int64_t PostsOf(const TagRollup& t) { return t.sentiment.n; }

// Totals per key: steps `st`, a query grouped by its column 0 (the key), over
// each part of a range (bind(part) binds one), reading a row's value with
// read() and merging a key's values across the parts; then drops keys with
// no posts and orders the rest by posts, most first, then by key. Keyed is
// {key, value}.
// A part with `posts` is counted by posts(part, add) instead, which calls
// add(key, value) for what each of its posts adds.
template <typename Keyed, typename Bind, typename Read, typename Posts>
Status ReadKeyedTotals(const Db& db, Stmt& st, const std::vector<RangePart>& parts, Bind bind,
                       Read read, Posts posts, const char* what, std::vector<Keyed>* out) {
  std::unordered_map<std::string, size_t> at;  // key -> index in *out
  auto add = [&](std::string_view key, const auto& value) {
    auto [it, fresh] = at.emplace(std::string(key), out->size());
    if (fresh) out->push_back(Keyed{std::string(key), {}});
    auto& [unused, total] = (*out)[it->second];
    total.Merge(value);
  };
  for (const RangePart& part : parts) {
    if (part.posts) {
      PARLEY_RETURN_IF_ERROR(posts(part, add));
      continue;
    }
    st.Reset();
    bind(part);
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) add(st.ColText(0), read());
    if (rc != SQLITE_DONE) return db.Error(rc, std::string("cannot read ") + what);
  }
  std::erase_if(*out, [](const Keyed& k) {
    const auto& [key, value] = k;
    return PostsOf(value) <= 0;
  });
  std::sort(out->begin(), out->end(), [](const Keyed& a, const Keyed& b) {
    const auto& [ka, va] = a;
    const auto& [kb, vb] = b;
    return PostsOf(va) != PostsOf(vb) ? PostsOf(va) > PostsOf(vb) : ka < kb;
  });
  return Status::OK();
}

// ReadKeyedTotals()'s `posts` for ranges with no part of posts (SplitRange()).
constexpr auto NoPostParts = [](const RangePart&, const auto&) { return Status::OK(); };

}  // namespace

Status SqliteStore::ForEachTaggedPost(int64_t from, int64_t to, std::string_view source,
                                      std::string_view brand, std::string_view topic,
                                      std::string_view intent, bool lists,
                                      const std::function<void(int64_t, const Analysis&)>& f) {
  std::string sql =
      "SELECT p.created_at, p.label, p.score, p.p_neg, p.p_neu, p.p_pos, p.detail FROM posts p";
  // As in Examples(): a tag join walks post_tags by (kind, tag, created_at).
  if (topic != kAll) {
    sql +=
        " JOIN post_tags tt ON tt.pid = p.pid AND tt.kind = 'topic' AND tt.tag = ?4 "
        "AND tt.created_at = p.created_at AND tt.created_at >= ?1 AND tt.created_at < ?2";
  }
  if (brand != kAll) {
    sql +=
        " JOIN post_tags tb ON tb.pid = p.pid AND tb.kind = 'brand' AND tb.tag = ?5 "
        "AND tb.created_at = p.created_at AND tb.created_at >= ?1 AND tb.created_at < ?2";
  }
  sql += " WHERE p.created_at >= ?1 AND p.created_at < ?2 AND (?3 = '' OR p.source = ?3)";
  if (!intent.empty()) sql += " AND parley_has_intent(p.detail, ?6)";
  sql += " ORDER BY p.created_at";
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  st.Int(1, from);
  st.Int(2, to);
  st.Text(3, source);
  if (topic != kAll) st.Text(4, topic);
  if (brand != kAll) st.Text(5, brand);
  if (!intent.empty()) st.Text(6, intent);
  Analysis analysis;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    analysis.Clear();
    analysis.sentiment = StoredSentiment(st, 1);
    if (lists) PARLEY_RETURN_IF_ERROR(ParseDetail(st.ColBlob(6), nullptr, &analysis, nullptr));
    f(st.ColInt(0), analysis);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read the stored posts");
  return Status::OK();
}

StatusOr<std::vector<SeriesPoint>> SqliteStore::SeriesOf(const char* table, const SeriesQuery& q,
                                                         std::string_view a, std::string_view b,
                                                         std::string_view filter,
                                                         const HourPosts& hour_posts,
                                                         const std::string* c,
                                                         std::string_view intent) {
  PARLEY_RETURN_IF_ERROR(Ready());
  // The days and weeks of a zone are summed from the hours: the stored ones
  // are UTC's.
  const TimeZone* const zone = q.granularity != Granularity::kHour ? q.zone.get() : nullptr;
  const std::vector<RangePart> parts = SplitRangeOf(zone ? Granularity::kHour : q.granularity,
                                                    q.from_ms, q.to_ms, !intent.empty(), true);
  // The table and filter come from this file, never from the caller.
  std::string sql = std::string("SELECT bucket_start, ") + kSums + " FROM " + table +
                    " WHERE granularity = ?1 AND bucket_start >= ?2 AND bucket_start < ?3 AND " +
                    std::string(filter) +
                    " AND (?6 = '' OR source = ?6) GROUP BY bucket_start ORDER BY bucket_start";
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  std::vector<SeriesPoint> out;
  // Parts, and rows and posts within a part, come in time order: a bucket's
  // hours, days or posts follow one another.
  auto add = [&](int64_t bucket, const Rollup& r) {
    if (!out.empty() && out.back().bucket_start == bucket) {
      out.back().rollup.Merge(r);
    } else {
      out.push_back({bucket, r});
    }
  };
  // Each post of [from, to) that `posts` picks, to its bucket.
  auto add_posts = [&](int64_t from, int64_t to, const HourPosts& posts) {
    return ForEachTaggedPost(from, to, q.source, q.brand, q.topic, posts.intent,
                             posts.count != nullptr, [&](int64_t at, const Analysis& post) {
                               Rollup r;
                               if (!posts.count) {
                                 r.Add(post.sentiment);
                               } else if (!posts.count(post, &r)) {
                                 return;
                               }
                               add(BucketStart(q.granularity, at, zone), r);
                             });
  };
  for (const RangePart& part : parts) {
    if (part.posts) {
      PARLEY_RETURN_IF_ERROR(add_posts(part.from, part.to, HourPosts{intent, nullptr}));
      continue;
    }
    st.Reset();
    BindRange(st, part.granularity, part.from, part.to, a, b, q.source);
    if (c != nullptr) st.Text(7, *c);
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      const int64_t start = st.ColInt(0);
      if (part.granularity == q.granularity) {
        add(start, ReadRollup(st, 1));
        continue;
      }
      // Hours of a partial bucket, or of a zone's days, go to that bucket;
      // an hour a zone's day begins inside (at half past, in India) is
      // counted from its posts.
      const int64_t bucket = BucketStart(q.granularity, start, zone);
      const int64_t last = zone ? BucketStart(q.granularity, start + kHourMs - 1, zone) : bucket;
      if (last == bucket) {
        add(bucket, ReadRollup(st, 1));
      } else {
        PARLEY_RETURN_IF_ERROR(add_posts(start, start + kHourMs, hour_posts));
      }
    }
    if (rc != SQLITE_DONE) return db_->Error(rc, std::string("cannot read ") + table);
  }
  return out;
}

StatusOr<std::vector<SeriesPoint>> SqliteStore::RollupSeries(const SeriesQuery& q) {
  return SeriesOf("rollups", q, q.brand, q.topic, "brand = ?4 AND topic = ?5", HourPosts());
}

StatusOr<std::vector<SeriesPoint>> SqliteStore::TagSeries(const SeriesQuery& q, TagKind kind,
                                                          std::string_view tag) {
  // Only intents are counted within a topic (rollup.h).
  if (q.topic != kAll && kind != TagKind::kIntent) {
    PARLEY_RETURN_IF_ERROR(Ready());
    return std::vector<SeriesPoint>();
  }
  // ?4 the brand, ?5 the tag, ?7 the topic; the kind is one of three fixed
  // words. Intents within a topic are kept by day and week: the rest of a
  // range is read from its posts with the intent.
  // (An hour a zone's day begins inside is counted from its posts: with the
  // intent; or each adding what TagRollupTable::AddPost() adds to the tag's
  // cell, with its brand among theirs.)
  HourPosts hour_posts;
  if (kind == TagKind::kIntent) {
    hour_posts.intent = tag;
  } else {
    hour_posts.count = [kind, tag](const Analysis& post, Rollup* r) {
      return TagContribution(post, kind, tag, r);
    };
  }
  return SeriesOf("tag_rollups", q, q.brand, tag,
                  std::string("kind = '") + std::string(TagKindName(kind)) +
                      "' AND brand = ?4 AND tag = ?5 AND topic = ?7",
                  hour_posts, &q.topic, q.topic != kAll ? tag : std::string_view());
}

StatusOr<Rollup> SqliteStore::Total(const SeriesQuery& q) {
  PARLEY_RETURN_IF_ERROR(Ready());
  std::string sql = std::string("SELECT ") + kSums +
                    " FROM rollups WHERE granularity = ?1 AND bucket_start >= ?2 AND "
                    "bucket_start < ?3 AND brand = ?4 AND topic = ?5 AND (?6 = '' OR source = ?6)";
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  Rollup total;
  for (const RangePart& part : SplitRange(q.granularity, q.from_ms, q.to_ms)) {
    st.Reset();
    BindRange(st, part.granularity, part.from, part.to, q.brand, q.topic, q.source);
    int rc = st.Step();
    if (rc != SQLITE_ROW) return db_->Error(rc, "cannot read rollups");
    total.Merge(ReadRollup(st, 0));
  }
  return total;
}

StatusOr<std::vector<KeyedRollup>> SqliteStore::KeyedTotals(const char* column,
                                                            const TotalsQuery& q,
                                                            std::string_view other_column,
                                                            std::string_view other_value) {
  PARLEY_RETURN_IF_ERROR(Ready());
  // Column names come from this file, never from the caller.
  std::string col(column), other(other_column);
  std::string sql = "SELECT " + col + ", " + kSums +
                    " FROM rollups WHERE granularity = ?1 AND bucket_start >= ?2 AND "
                    "bucket_start < ?3 AND " +
                    col + " != '*' AND " + other +
                    " = ?4 AND ?5 = ?5 AND (?6 = '' OR source = ?6) GROUP BY " + col;
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  std::vector<KeyedRollup> out;
  PARLEY_RETURN_IF_ERROR(ReadKeyedTotals(
      *db_, st, SplitRange(q.granularity, q.from_ms, q.to_ms),
      [&](const RangePart& part) {
        BindRange(st, part.granularity, part.from, part.to, other_value, "", q.source);
      },
      [&] { return ReadRollup(st, 1); }, NoPostParts, "rollups", &out));
  return out;
}

StatusOr<std::vector<KeyedRollup>> SqliteStore::BrandTotals(const TotalsQuery& q) {
  return KeyedTotals("brand", q, "topic", q.topic);
}

StatusOr<std::vector<KeyedRollup>> SqliteStore::TopicTotals(const TotalsQuery& q) {
  return KeyedTotals("topic", q, "brand", q.brand);
}

StatusOr<std::vector<KeyedTagRollup>> SqliteStore::TagTotals(const TotalsQuery& q, TagKind kind) {
  PARLEY_RETURN_IF_ERROR(Ready());
  // Only intents are counted within a topic (rollup.h).
  if (q.topic != kAll && kind != TagKind::kIntent) return std::vector<KeyedTagRollup>();
  const std::vector<RangePart> parts =
      SplitRangeOf(q.granularity, q.from_ms, q.to_ms, q.topic != kAll, false);
  std::string sql = std::string("SELECT tag, ") + kSums +
                    ", sum(amounts), sum(sum_amount) FROM tag_rollups WHERE granularity = ?1 AND "
                    "bucket_start >= ?2 AND bucket_start < ?3 AND kind = ?4 AND brand = ?5 AND "
                    "(?6 = '' OR source = ?6) AND topic = ?7 GROUP BY tag";
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  std::vector<KeyedTagRollup> out;
  PARLEY_RETURN_IF_ERROR(ReadKeyedTotals(
      *db_, st, parts,
      [&](const RangePart& part) {
        BindRange(st, part.granularity, part.from, part.to, TagKindName(kind), q.brand, q.source);
        st.Text(7, q.topic);
      },
      [&] {
        TagRollup r;
        r.sentiment = ReadRollup(st, 1);
        r.amounts = st.ColInt(9);
        r.sum_amount = st.ColInt(10);
        return r;
      },
      // Hours of intents within a topic: each intent of the topic's posts.
      [&](const RangePart& part, auto& add) {
        return ForEachTaggedPost(part.from, part.to, q.source, q.brand, q.topic, "", true,
                                 [&](int64_t, const Analysis& post) {
                                   TagRollup r;
                                   r.sentiment.Add(post.sentiment);
                                   for (const std::string& intent : post.intents) add(intent, r);
                                 });
      },
      "tag rollups", &out));
  return out;
}

StatusOr<std::vector<KeyedRollup>> SqliteStore::IntentTopicTotals(const TotalsQuery& q,
                                                                  std::string_view intent) {
  PARLEY_RETURN_IF_ERROR(Ready());
  if (intent.empty()) return std::vector<KeyedRollup>();  // (no post's intent)
  const std::vector<RangePart> parts = SplitRangeByDay(q.granularity, q.from_ms, q.to_ms, false);
  std::string sql = std::string("SELECT topic, ") + kSums +
                    " FROM tag_rollups WHERE granularity = ?1 AND bucket_start >= ?2 AND "
                    "bucket_start < ?3 AND kind = 'intent' AND tag = ?4 AND brand = ?5 AND "
                    "topic != '*' AND (?6 = '' OR source = ?6) GROUP BY topic";
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  std::vector<KeyedRollup> out;
  PARLEY_RETURN_IF_ERROR(ReadKeyedTotals(
      *db_, st, parts,
      [&](const RangePart& part) {
        BindRange(st, part.granularity, part.from, part.to, intent, q.brand, q.source);
      },
      [&] { return ReadRollup(st, 1); },
      // Hours: each topic of the posts with the intent.
      [&](const RangePart& part, auto& add) {
        return ForEachTaggedPost(part.from, part.to, q.source, q.brand, kAll, intent, true,
                                 [&](int64_t, const Analysis& post) {
                                   Rollup r;
                                   r.Add(post.sentiment);
                                   for (const std::string& topic : post.topics) add(topic, r);
                                 });
      },
      "tag rollups", &out));
  return out;
}

StatusOr<Stmt> SqliteStore::PrepareExamples(const ExampleQuery& q, bool whole) {
  // The summary's columns, or a whole post row's (ReadPostRow()); either way
  // the engagement, time and pid the orders need, by name.
  std::string sql =
      whole ? PostRowSql()
            : "SELECT p.source, p.id, p.author, p.text, p.created_at, p.label, p.score, "
              "coalesce(p.likes, 0), coalesce(p.shares, 0) FROM posts p";
  sql.insert(sql.rfind(" FROM posts p"),
             ", coalesce(p.likes, 0) + coalesce(p.shares, 0) AS engagement, "
             "p.created_at AS at, p.pid AS pid");
  // A tag join walks post_tags by (kind, tag, created_at): the posts of one
  // brand or topic in time order, without scanning the others.
  if (q.brand != kAll) {
    sql += " JOIN post_tags tb ON tb.pid = p.pid AND tb.kind = 'brand' AND tb.tag = ?6 "
           "AND tb.created_at >= ?1 AND tb.created_at < ?2";
  }
  if (q.topic != kAll) {
    sql += " JOIN post_tags tt ON tt.pid = p.pid AND tt.kind = 'topic' AND tt.tag = ?7 "
           "AND tt.created_at = p.created_at AND tt.created_at >= ?1 AND tt.created_at < ?2";
  }
  sql += " WHERE p.created_at >= ?1 AND p.created_at < ?2 AND (?3 = '' OR p.source = ?3) "
         "AND (?4 IS NULL OR p.label = ?4)";
  if (!q.author.empty()) sql += " AND p.author = ?11";
  if (!q.leave_out_authors.empty()) {
    sql += " AND lower(ltrim(p.author, '@')) NOT IN (SELECT value FROM json_each(?15))";
  }
  // An intent is read from each post's detail as the walk reaches it (no
  // tag rows: they cost a write a third of the tags' again); most posts
  // have one of the common intents, so the walk stops soon.
  if (q.intent != kAll) sql += " AND parley_has_intent(p.detail, ?12)";
  if (q.language != kAll) sql += " AND parley_language(p.detail) = ?13";  // (read as intents are)
  // A term is looked for in each post's text as the walk reaches it.
  if (q.own_words) {
    sql += " AND parley_own_words_hold(p.text, ?14)";
  } else if (!q.term.empty()) {
    sql += " AND parley_has_term(p.text, ?14)";
  }
  // In time order along the table that drives the join, so that SQLite walks
  // its index (backwards for newest first) and stops at the limit instead of
  // sorting.
  const bool engaged = q.order == ExampleQuery::Order::kEngaged;
  const char* dir = q.order == ExampleQuery::Order::kOldest ? "ASC" : "DESC";
  std::string by = q.brand != kAll ? "tb" : q.topic != kAll ? "tt" : "p";
  sql += " ORDER BY " + by + ".created_at " + dir + ", " + by + ".pid " + dir;
  sql += engaged ? " LIMIT ?5" : " LIMIT ?5 OFFSET ?9";
  if (engaged) {
    // The newest posts of the window walk an index backwards; sorting all
    // matching posts by engagement would read every one of them. Each block
    // of `engaged_window` posts, newest block first, is ranked on its own,
    // and pid breaks ties: one order over all posts, so that pages of it
    // neither repeat nor skip a post.
    sql =
        "SELECT * FROM (SELECT *, (row_number() OVER (ORDER BY at DESC, pid DESC) - 1) / "
        "?10 AS block FROM (" +
        sql + ")) ORDER BY block, engagement DESC, at DESC, pid DESC LIMIT ?8 OFFSET ?9";
  }
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(sql));
  st.Int(1, q.from_ms);
  st.Int(2, q.to_ms);
  st.Text(3, q.source);
  if (q.label) {
    st.Int(4, static_cast<int64_t>(*q.label));
  } else {
    st.Null(4);
  }
  const int offset = std::max(q.offset, 0);
  const int window = std::max(q.engaged_window, 1);
  // The blocks the page reaches.
  const int64_t blocks = (int64_t{offset} + q.limit + window - 1) / window;
  st.Int(5, engaged ? blocks * window : q.limit);
  if (engaged) {
    st.Int(8, q.limit);
    st.Int(10, window);
  }
  st.Int(9, offset);
  if (q.brand != kAll) st.Text(6, q.brand);
  if (q.topic != kAll) st.Text(7, q.topic);
  if (!q.author.empty()) st.Text(11, q.author);
  if (q.intent != kAll) st.Text(12, q.intent);
  if (q.language != kAll) st.Text(13, q.language);
  if (!q.term.empty() || q.own_words) st.Text(14, q.term);
  if (!q.leave_out_authors.empty()) {
    std::string handles = "[";
    for (const std::string& h : q.leave_out_authors) {
      if (handles.size() > 1) handles += ',';
      AppendJsonString(h, &handles);
    }
    st.TextCopy(15, handles + "]");
  }
  return st;
}

StatusOr<std::vector<ExamplePost>> SqliteStore::Examples(const ExampleQuery& q) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, PrepareExamples(q, /*whole=*/false));
  std::vector<ExamplePost> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    ExamplePost e;
    e.source = st.ColText(0);
    e.id = st.ColText(1);
    e.author = st.ColText(2);
    e.text = st.ColText(3);
    e.created_at_ms = st.ColInt(4);
    e.label = LabelFromCode(st.ColInt(5));
    e.score = st.ColDouble(6);
    e.likes = st.ColInt(7);
    e.shares = st.ColInt(8);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read examples");
  return out;
}

Status SqliteStore::ScanExamples(const ExampleQuery& q,
                                 const std::function<Status(const StoredPost&)>& fn) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, PrepareExamples(q, /*whole=*/true));
  return EachPostRow(st, fn);
}

StatusOr<std::optional<StoredPost>> SqliteStore::GetPost(std::string_view source,
                                                         std::string_view id) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(PostRowSql() +
                                                " WHERE p.source = ?1 AND p.id = ?2"));
  st.Text(1, source);
  st.Text(2, id);
  int rc = st.Step();
  if (rc == SQLITE_DONE) return std::optional<StoredPost>();
  if (rc != SQLITE_ROW) return db_->Error(rc, "cannot read a post");
  StoredPost sp;
  PARLEY_RETURN_IF_ERROR(ReadPostRow(st, 0, &sp));
  return std::optional<StoredPost>(std::move(sp));
}

StatusOr<StoreCounts> SqliteStore::Counts() {
  PARLEY_RETURN_IF_ERROR(Ready());
  StoreCounts c;
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare(
      "SELECT count(*), coalesce(min(created_at), 0), coalesce(max(created_at), 0) FROM posts"));
  int rc = st.Step();
  if (rc != SQLITE_ROW) return db_->Error(rc, "cannot count posts");
  c.posts = static_cast<uint64_t>(st.ColInt(0));
  c.first_ms = st.ColInt(1);
  c.last_ms = st.ColInt(2);
  PARLEY_ASSIGN_OR_RETURN(int64_t authors, db_->QueryInt("SELECT count(*) FROM authors"));
  PARLEY_ASSIGN_OR_RETURN(int64_t rollups, db_->QueryInt("SELECT count(*) FROM rollups"));
  c.authors = static_cast<uint64_t>(authors);
  c.rollup_rows = static_cast<uint64_t>(rollups);
  return c;
}

StatusOr<RollupTable> SqliteStore::AllRollups() {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db_->Prepare("SELECT granularity, bucket_start, brand, topic, source, n, n_neg, "
                            "n_neu, n_pos, sum_p_neg, sum_p_neu, sum_p_pos, sum_score "
                            "FROM rollups"));
  RollupTable table;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    RollupKey key;
    PARLEY_ASSIGN_OR_RETURN(key.granularity, ParseGranularity(st.ColText(0)));
    key.bucket_start = st.ColInt(1);
    key.brand = st.ColText(2);
    key.topic = st.ColText(3);
    key.source = st.ColText(4);
    table.Cell(key) = ReadRollup(st, 5);
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read rollups");
  return table;
}

StatusOr<std::vector<std::string>> SqliteStore::Sources() {
  PARLEY_RETURN_IF_ERROR(Ready());
  // The weekly rollups hold every source in a few rows per week.
  PARLEY_ASSIGN_OR_RETURN(Stmt st, db_->Prepare("SELECT DISTINCT source FROM rollups WHERE "
                                                "granularity = 'week' ORDER BY source"));
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.emplace_back(st.ColText(0));
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read sources");
  return out;
}

namespace {

// Adds the `meta` key `key` (value 1) unless it is there.
Status NoteMetaKey(Db* db, const std::string& key, std::string_view what) {
  PARLEY_ASSIGN_OR_RETURN(Stmt st,
                          db->Prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, 1)"));
  st.Text(1, key);
  return db->Run(st, what);
}

// The rest of each `meta` key that starts with `prefix` (which ends in ':'),
// sorted.
StatusOr<std::vector<std::string>> MetaKeysAfter(Db* db, std::string_view prefix,
                                                 std::string_view what) {
  // The prefix with ';' for its ':' is the first key after every one with it.
  std::string end(prefix);
  end.back() = ';';
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db->Prepare("SELECT substr(key, ?3) FROM meta WHERE key >= ?1 AND key < ?2 "
                           "ORDER BY key"));
  const std::string begin(prefix);
  st.Text(1, begin);
  st.Text(2, end);
  st.Int(3, static_cast<int64_t>(prefix.size()) + 1);
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.emplace_back(st.ColText(0));
  if (rc != SQLITE_DONE) return db->Error(rc, what);
  return out;
}

}  // namespace

Status SqliteStore::NoteModel() {
  return NoteMetaKey(db_.get(), "model:" + options_.model, "cannot note the model");
}

Status SqliteStore::NoteLanguageFilter(std::string_view kept) {
  PARLEY_RETURN_IF_ERROR(Ready());
  return NoteMetaKey(db_.get(), "languages_kept:" + std::string(kept),
                     "cannot note the --languages filter");
}

StatusOr<std::vector<std::string>> SqliteStore::LanguageFilters() {
  PARLEY_RETURN_IF_ERROR(Ready());
  return MetaKeysAfter(db_.get(), "languages_kept:", "cannot read the --languages filters");
}

StatusOr<std::vector<std::string>> SqliteStore::Models() {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> out,
                          MetaKeysAfter(db_.get(), "model:", "cannot read the models"));
  if (!out.empty()) return out;
  // A store written before the meta keys: the posts say.
  std::set<std::string> models;
  PARLEY_RETURN_IF_ERROR(ScanPosts(PostScan(), [&](const StoredPost& p) {
    models.insert(p.model);
    return Status::OK();
  }));
  return std::vector<std::string>(models.begin(), models.end());
}

}  // namespace parley::internal
