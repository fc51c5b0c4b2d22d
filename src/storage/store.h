// Store: where analyzed posts, their authors and their rollups live.
//
// SQLite (one file, WAL) is the implementation today; the interface keeps
// storage replaceable (PostgreSQL later). Identity is (source, id): writing a
// post that is already stored with the same content changes nothing; a post
// whose content (or analysis) changed is updated in place and its rollup
// contributions move with it. Every WriteBatch() is one transaction (or part
// of one, with StoreOptions::bulk_load), so the store is consistent whenever
// a process dies.
//
// Query results are plain structs. Time ranges are half-open [from_ms, to_ms)
// in UTC milliseconds. Rollup queries read whole buckets of their
// granularity where the range holds them, and the hours of the range before
// and after those (a partial first or last bucket: "since noon" by day
// counts the afternoon); an hour is in range when its start is, so a range
// is exact on whole hours.
//
// Thread safety: a Store is used by one thread at a time. Several processes
// may open the same file; writers wait for each other (busy timeout).
#ifndef PARLEY_STORAGE_STORE_H_
#define PARLEY_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"
#include "src/storage/rollup.h"

namespace parley {

class JsonWriter;

struct StoreOptions {
  std::string path = "parley.db";
  // Create the file when it does not exist (else NotFound).
  bool create_if_missing = true;
  bool read_only = false;
  // The model name written with every analysis (and part of its content).
  std::string model = "lexicon";
  // How long a writer waits for another process's transaction.
  int busy_timeout_ms = 10000;
  // For one long run of WriteBatch calls (parley ingest). Batches are
  // committed in groups of at least `bulk_commit_posts` posts (or after
  // `bulk_commit_ms`, or at Close() or any other call), so that the costs
  // paid once per commit (author and rollup upserts, rewriting the touched
  // pages) are paid once per group. And when the store holds no posts yet,
  // the reader indexes of posts are built once at Close() instead of post by
  // post, and the load writes through a rollback journal instead of the WAL
  // (docs/store.md). A crash loses whole uncommitted groups, never part of
  // one; the next writable open builds the indexes a killed load left out.
  bool bulk_load = false;
  int64_t bulk_commit_posts = 200000;
  int bulk_commit_ms = 5000;
};

// What WriteBatch() did with each post.
struct IngestStats {
  uint64_t inserted = 0;
  uint64_t updated = 0;    // stored before with other content: replaced
  uint64_t unchanged = 0;  // stored before with the same content: skipped
  // Of an author or a post a deletion withholds (DeleteQuery::withhold):
  // skipped, not stored.
  uint64_t withheld = 0;

  void Add(const IngestStats& o) {
    inserted += o.inserted;
    updated += o.updated;
    unchanged += o.unchanged;
    withheld += o.withheld;
  }
};

inline constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

// Rollup cells over time for one (brand, topic) and one or all sources.
struct SeriesQuery {
  Granularity granularity = Granularity::kDay;
  std::string brand = "*";  // "*": all brands
  std::string topic = "*";  // "*": all topics
  std::string source;       // empty: the sum over all sources
  int64_t from_ms = kMinTime;
  int64_t to_ms = kMaxTime;
  // Days and weeks cut at this zone's midnight (BucketStart(g, ms, zone)),
  // summed from the hours; null: UTC's, as stored. In a zone whose midnight
  // falls inside a UTC hour (half an hour off UTC, as India) that hour is
  // counted from its posts (an aspect's, a price's or a language's from
  // their details).
  std::shared_ptr<const TimeZone> zone;
};

struct SeriesPoint {
  int64_t bucket_start = 0;
  Rollup rollup;
};

// Totals over a time range, one per brand (or topic). Totals are summed from
// the rollups at `granularity` and, for partial buckets, by the hour.
struct TotalsQuery {
  Granularity granularity = Granularity::kDay;
  std::string brand = "*";  // for TopicTotals: restrict to a brand
  std::string topic = "*";  // for BrandTotals: restrict to a topic
  std::string source;       // empty: all sources
  int64_t from_ms = kMinTime;
  int64_t to_ms = kMaxTime;
};

struct KeyedRollup {
  std::string key;  // the brand or topic; never "*" (query "*" with RollupSeries or Total)
  Rollup rollup;
};

// Totals of one kind of tag rollup (rollup.h), one per tag.
struct KeyedTagRollup {
  std::string tag;  // the intent, the aspect's topic, the currency ("" for price words)
  TagRollup rollup;
};

// Posts behind one figure: a rollup cell or any (brand, topic, source, time)
// slice.
struct ExampleQuery {
  // kRecent: newest first. kOldest: oldest first. kEngaged: most likes +
  // shares first, among the newest `engaged_window` matching posts, so that
  // the cost of finding examples does not grow with the size of the store;
  // then the next `engaged_window` posts back in time, ranked the same way.
  // Ties go to the newer post, then to the later stored one: each order is
  // one sequence of all matching posts, which pages split.
  enum class Order { kRecent, kOldest, kEngaged };
  std::string brand = "*";
  std::string topic = "*";
  std::string intent = "*";  // "*": any; else the posts with this intent
  std::string language = "*";  // "*": any; else the posts tagged with it (Analysis::lang)
  std::string source;  // empty: all
  std::string author;  // empty: all; else the posts of this handle (as stored)
  // Empty: all; else the posts whose text holds this term, given as its
  // TermQueryKey() (src/text/terms.h): an emerging term's posts.
  std::string term;
  // Posts by their own words (OwnWords(), src/text/shares.h: a share's
  // comment, not the words it passes on), as key terms count them: shares
  // with none left out, and `term` looked for in the own words alone.
  bool own_words = false;
  // Handles whose posts are left out (a taxonomy's brand accounts:
  // people::OwnAccounts::AllHandles()), normalized: no '@', ASCII lower
  // case; each post's author compared the same way.
  std::vector<std::string> leave_out_authors;
  std::optional<SentimentLabel> label;
  int64_t from_ms = kMinTime;
  int64_t to_ms = kMaxTime;
  Order order = Order::kRecent;
  int limit = 5;
  // Matching posts skipped before the first returned, in `order` (pages of a
  // post list). kEngaged reads the blocks of engaged_window posts the page reaches.
  int offset = 0;
  int engaged_window = 1000;
};

struct ExamplePost {
  std::string source, id, author, text;
  int64_t created_at_ms = 0;
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0;
  int64_t likes = 0, shares = 0;
};

// A stored post with its stored analysis (sentiment, mentions, hashtags,
// brands, topics, intents, aspects, prices, language), as analyzed.
struct StoredPost {
  Post post;
  Analysis analysis;
  std::string model;
};

struct StoreCounts {
  uint64_t posts = 0;
  uint64_t authors = 0;
  uint64_t rollup_rows = 0;
  int64_t first_ms = 0, last_ms = 0;  // created_at range of the posts; 0 when empty
};

// An alert of the change detectors as stored: its identity, window and
// JSON body (src/change writes and reads the body; the store keeps it opaque).
struct StoredAlert {
  std::string key;   // kind|series|window: the same alert always has the same key
  std::string kind;  // spike | shift | term
  int64_t window_start_ms = 0, window_end_ms = 0;
  int64_t detected_at_ms = 0;  // when first stored
  std::string body;            // JSON object
  std::optional<int64_t> delivered_at_ms;  // when a webhook accepted it
};

// Posts read one by one for the people views (src/people): every filter
// that is set must match. Posts come in (created_at, pid) order, oldest first
// (newest first with `newest_first`). author, thread and parent are served by
// indexes (schema version 3), so a filtered scan reads only its posts.
struct PostScan {
  std::string source;  // empty: all sources
  std::string author;  // empty: any author; else exactly this handle
  std::string thread;  // empty: any thread; else exactly this thread id
  std::string parent;  // empty: any; else posts replying to this post id
  int64_t from_ms = kMinTime;
  int64_t to_ms = kMaxTime;
  bool newest_first = false;
  int64_t limit = -1;  // at most this many posts; negative: no limit
};

// The posts Store::DeletePosts() removes: those matching every filter set.
struct DeleteQuery {
  std::string source;                // empty: any source
  std::vector<std::string> authors;  // handles as stored (any of them); empty: any author
  std::vector<std::string> ids;      // post ids (any of them); empty: any post
  std::optional<int64_t> before_ms;  // created before this instant; nullopt: any time
  // Keep what the deletion names out of later ingests (WriteBatch() skips
  // it and counts it as withheld), when it names posts or people rather
  // than a time: without `before_ms`, the handles of `authors` (a request
  // to be forgotten; compared without regard to ASCII case) when no ids
  // are given, all the `ids` (a platform's deletion notices: also those not
  // stored yet, which an older export may hold) when no authors are given,
  // and with both, the posts deleted; of `source`, or of every source.
  bool withhold = false;
  // Whether a filter is set (DeletePosts() refuses a query without one).
  bool HasFilter() const {
    return !source.empty() || !authors.empty() || !ids.empty() || before_ms.has_value();
  }
};
// What DeletePosts() removed (or, in a dry run, would remove).
struct DeleteStats {
  int64_t posts = 0;    // posts
  int64_t authors = 0;  // authors left with no post: their rows and influence
  int64_t alerts = 0;   // stored alerts that lost example posts
  int64_t withheld = 0;  // authors and post ids newly withheld from later ingests
};

// The posts whose geo columns (IsGeoColumn(), src/core/geo_columns.h)
// Store::ScrubGeo() removes: a platform's notice that their author took the
// location off them.
struct ScrubGeoQuery {
  std::string source;            // empty: any source
  std::vector<std::string> ids;  // post ids
  // Later ingests store these posts without their geo columns too (their
  // ids withheld as kind "geo"), stored now or not.
  bool withhold = false;
};
struct ScrubGeoStats {
  int64_t posts = 0;     // stored posts that had geo columns, now without them
  int64_t withheld = 0;  // ids newly withheld from later ingests
};

// What ingests keep out (DeleteQuery::withhold, ScrubGeoQuery::withhold).
struct WithheldEntry {
  // "author" and "post": skipped; "geo": stored without geo columns.
  std::string kind;
  std::string value;   // the handle, ASCII lower-cased, or the post id
  std::string source;  // empty: every source
  int64_t since_ms = 0;
};

// One author's row as the store keeps it (updated by every WriteBatch).
struct StoredAuthor {
  std::string source, handle, name;
  int64_t first_seen_ms = 0, last_seen_ms = 0;
  int64_t posts = 0;
  std::optional<int64_t> followers_max;
};

// One author's influence as last computed by src/people (RefreshInfluence).
// The store keeps these rows opaque to their meaning: see src/people/influence.h.
struct StoredInfluence {
  std::string source, handle;
  int64_t rank = 0;           // 1 = most influential
  double score = 0;           // 0..100
  double percentile = 0;      // 0..100
  double pagerank = 0;
  int64_t reach = 0;          // followers, 0 when the source has none
  double engagement = 0;      // received: likes, shares, replies
  int64_t replies_received = 0, mentions_received = 0, shares_received = 0;
};

// A post a person marked as handled in the care queue.
struct HandledPost {
  std::string source, id;
  int64_t handled_at_ms = 0;
  std::string note;
};

class Store {
 public:
  virtual ~Store() = default;

  // Writes posts[i] with analyses[i] (same length) in one transaction:
  // posts, analyses, authors and rollups together. Adds what happened to
  // `stats` (may be null). On error nothing of the batch is stored (with
  // bulk_load: nothing of the uncommitted group it belongs to).
  virtual Status WriteBatch(std::span<const Post> posts, std::span<const Analysis> analyses,
                            IngestStats* stats) = 0;

  // Buckets in time order; buckets with no posts are absent.
  virtual StatusOr<std::vector<SeriesPoint>> RollupSeries(const SeriesQuery& q) = 0;
  // The sum of RollupSeries(q) over the range.
  virtual StatusOr<Rollup> Total(const SeriesQuery& q) = 0;
  // Per brand (share of voice) or topic, largest n first.
  virtual StatusOr<std::vector<KeyedRollup>> BrandTotals(const TotalsQuery& q) = 0;
  virtual StatusOr<std::vector<KeyedRollup>> TopicTotals(const TotalsQuery& q) = 0;
  // Per intent, aspect topic or price currency, for q.brand ("*": all
  // posts) and q.topic, largest n first. Only intents are counted per
  // topic (rollup.h): with a topic other than "*", aspects and prices have
  // no totals. Intents within a topic are kept by day and week; the hours
  // of a range that cuts a day are counted from their stored posts (by
  // hour, the range is read by day).
  virtual StatusOr<std::vector<KeyedTagRollup>> TagTotals(const TotalsQuery& q, TagKind kind) = 0;
  // The topics of one intent's posts (the reasons of the complaints), for
  // q.brand, largest n first: each topic's posts with the intent, by their
  // sentiment (q.topic is not used). Read as TagTotals() with a topic.
  virtual StatusOr<std::vector<KeyedRollup>> IntentTopicTotals(const TotalsQuery& q,
                                                               std::string_view intent) = 0;
  // One tag's series (an intent's posts, an aspect's mentions, a currency's
  // posts; rollup.h) for q.brand and q.topic (a topic other than "*": for
  // intents only, none for the others; by the hour, and in the hours of a
  // range that cuts a day, counted from the stored posts), as
  // RollupSeries gives.
  virtual StatusOr<std::vector<SeriesPoint>> TagSeries(const SeriesQuery& q, TagKind kind,
                                                       std::string_view tag) = 0;
  virtual StatusOr<std::vector<ExamplePost>> Examples(const ExampleQuery& q) = 0;
  // Calls fn with each post Examples(q) lists, in its order, whole (with its
  // stored analysis), as one read: for exports. The StoredPost is reused
  // between calls. A non-OK Status from fn stops the scan and is returned.
  virtual Status ScanExamples(const ExampleQuery& q,
                              const std::function<Status(const StoredPost&)>& fn) = 0;
  // nullopt when no post has this (source, id).
  virtual StatusOr<std::optional<StoredPost>> GetPost(std::string_view source,
                                                      std::string_view id) = 0;
  virtual StatusOr<StoreCounts> Counts() = 0;
  // Every rollup cell; for tests and exports.
  virtual StatusOr<RollupTable> AllRollups() = 0;
  // The sources of the stored posts, sorted.
  virtual StatusOr<std::vector<std::string>> Sources() = 0;
  // The models that analyzed the stored posts (StoreOptions::model of the
  // writes), sorted; empty for an empty store. Noted in `meta` (keys
  // 'model:NAME') by every write; a store written before those keys is
  // read post by post.
  virtual StatusOr<std::vector<std::string>> Models() = 0;
  // Notes that posts were written under a language filter (`ingest
  // --languages`) that kept `kept` (JoinLanguageList(): "en,und"),
  // in `meta` as 'languages_kept:' + kept: the report says the posts in
  // other languages are not in the store.
  virtual Status NoteLanguageFilter(std::string_view kept) = 0;
  // The filters noted, sorted; empty when the posts were written without.
  virtual StatusOr<std::vector<std::string>> LanguageFilters() = 0;

  // Stores `alert` unless an alert with its key is stored already; true when
  // it was stored now (a new alert), false when it was known.
  virtual StatusOr<bool> PutAlert(const StoredAlert& alert) = 0;
  // Stored alerts whose window starts in [from_ms, to_ms), by window start
  // then key.
  virtual StatusOr<std::vector<StoredAlert>> Alerts(int64_t from_ms, int64_t to_ms) = 0;
  // Records that a webhook accepted the alert `key` at `at_ms`.
  virtual Status MarkAlertDelivered(std::string_view key, int64_t at_ms) = 0;

  // Calls fn for each post matching `q` (see PostScan), with its analysis.
  // The StoredPost is reused between calls: copy what must outlive a call.
  // A non-OK Status from fn stops the scan and is returned.
  virtual Status ScanPosts(const PostScan& q,
                           const std::function<Status(const StoredPost&)>& fn) = 0;
  // The author rows with this handle (one per source; only `source`'s when
  // not empty), by source; with `any_case`, with the handle in any ASCII
  // case ("pointspilot" finds "PointsPilot"), which reads every author row.
  virtual StatusOr<std::vector<StoredAuthor>> GetAuthors(std::string_view source,
                                                         std::string_view handle,
                                                         bool any_case = false) = 0;
  // A number that changes whenever a WriteBatch inserts or updates a post
  // (0 for a new store): caches derived from the posts compare it.
  virtual StatusOr<int64_t> DataVersion() = 0;

  // Replaces the stored influence ranking with `rows`, computed from the
  // posts at `data_version`, in one transaction.
  virtual Status PutInfluence(int64_t data_version, std::span<const StoredInfluence> rows) = 0;
  // The data version the stored ranking was computed at; nullopt when none
  // was ever stored.
  virtual StatusOr<std::optional<int64_t>> InfluenceVersion() = 0;
  // How many authors the stored ranking holds.
  virtual StatusOr<int64_t> InfluenceCount() = 0;
  // Stored influence rows by rank (1 first), at most `limit` (negative: all).
  virtual StatusOr<std::vector<StoredInfluence>> Influence(int64_t limit) = 0;
  // The stored influence of one author (handle compared ignoring ASCII
  // case); nullopt when not ranked.
  virtual StatusOr<std::optional<StoredInfluence>> InfluenceOf(std::string_view source,
                                                               std::string_view handle) = 0;

  // Removes the posts matching `q` (InvalidArgument when it sets no filter)
  // and all the store holds of them, in one transaction: their tags, their
  // part of every rollup (the store then holds what it would had they never
  // been ingested), their care-queue marks and their places among stored
  // alerts' examples (the alerts' figures stay: they count, not quote). An
  // author left with no post loses the author row and influence row;
  // others' first and last seen are recomputed. The data version moves.
  // `dry_run`: counts what would go and changes nothing.
  virtual StatusOr<DeleteStats> DeletePosts(const DeleteQuery& q, bool dry_run) = 0;
  // Removes the geo columns of the stored posts `q` names (their content
  // hash moves with them; rollups do not change), in one transaction,
  // overwriting the old bytes in the file as DeletePosts() does.
  // `dry_run`: counts what would change and changes nothing.
  virtual StatusOr<ScrubGeoStats> ScrubGeo(const ScrubGeoQuery& q, bool dry_run) = 0;
  // What deletions and geo removals withhold from ingests, by kind, value
  // and source.
  virtual StatusOr<std::vector<WithheldEntry>> Withheld() = 0;
  // Lets ingests store what the entries of `kind` with `value` withhold
  // again (a handle compared without regard to ASCII case), of `source`
  // only, or (empty) of any source; returns how many entries went.
  virtual StatusOr<int64_t> LiftWithheld(std::string_view kind, std::string_view value,
                                         std::string_view source) = 0;

  // Marks the post (source, id) handled in the care queue (again: updates
  // the time and note). It persists until UnmarkHandled.
  virtual Status MarkHandled(const HandledPost& handled) = 0;
  virtual Status UnmarkHandled(std::string_view source, std::string_view id) = 0;
  // Every handled post, by time handled.
  virtual StatusOr<std::vector<HandledPost>> Handled() = 0;
  // A number that changes whenever MarkHandled or UnmarkHandled changes the
  // handled posts (0 when never): with DataVersion(), what a cached care
  // queue or author profile compares.
  virtual StatusOr<int64_t> HandledVersion() = 0;

  // Closes the database; further calls fail. The destructor closes too.
  virtual Status Close() = 0;
  virtual const std::string& path() const = 0;
};

// Opens (creating and migrating as needed) the SQLite store at
// options.path. A file that is not a parley database, is corrupt, or was
// written by a newer parley is an error naming the file (DataLoss or
// FailedPrecondition), and the file is left untouched.
StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// What a command that reads a store says when there is none at `path`
// (NotFound): "no database at 'x.db': create one with parley ingest --db
// x.db". OpenStore() without create_if_missing returns it.
Status NoStoreError(const std::string& path);

// InvalidArgument when a handle of q.authors is not stored as written but is
// in another ASCII case ("bob" for "Bob"), naming the stored ones: a request
// to forget someone must not pass as done having deleted nothing.
Status CheckDeleteAuthors(Store* store, const DeleteQuery& q);

// Lifts what the handles `authors` and the post ids `ids` (their post and
// geo entries) withhold (Store::LiftWithheld()), of `source` or (empty) of
// any source: `lifted` entries went; `not_withheld`, the values that had
// none. For `parley withheld` and POST /api/withheld/lift.
struct LiftedWithheld {
  int64_t lifted = 0;
  std::vector<std::string> not_withheld;
};
StatusOr<LiftedWithheld> LiftWithheldEntries(Store* store, const std::vector<std::string>& authors,
                                             const std::vector<std::string>& ids,
                                             std::string_view source);

// As `parley withheld -f json` and the API's withheld endpoints write them:
// an entry, {"kind","value","source","since"}; a lifting,
// {"lifted":N,"not_withheld":[values]}.
void WithheldEntryValue(const WithheldEntry& e, JsonWriter* w);
void LiftedWithheldValue(const LiftedWithheld& done, JsonWriter* w);

// The schema version this build writes (PRAGMA user_version).
int StoreSchemaVersion();

}  // namespace parley

#endif  // PARLEY_STORAGE_STORE_H_
