// The SQLite implementation of Store. Internal: use OpenStore().
//
// Write path, per WriteBatch() (one IMMEDIATE transaction; with bulk_load,
// one per group of batches, and steps 2 and 3 once per group):
//   1. each post with its analysis (one row, the rarely read fields in one
//      BLOB: docs/store.md): INSERT ... ON CONFLICT(source,
//      id) DO NOTHING; when a row existed, compare content hashes: equal ->
//      unchanged; different -> read the old analysis, subtract its rollup
//      contribution, update the row and its tags in place.
//   2. author deltas, aggregated per batch, one upsert per author (32 to a
//      statement while that many are left).
//   3. rollup deltas, aggregated per batch, one upsert per touched cell;
//      cells brought to n = 0 are deleted.
#ifndef PARLEY_STORAGE_SQLITE_STORE_H_
#define PARLEY_STORAGE_SQLITE_STORE_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "src/storage/huge_page_allocator.h"
#include "src/storage/sqlite_db.h"
#include "src/storage/store.h"

namespace parley::internal {

class SqliteStore final : public Store {
 public:
  static StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~SqliteStore() override;

  Status WriteBatch(std::span<const Post> posts, std::span<const Analysis> analyses,
                    IngestStats* stats) override;
  StatusOr<std::vector<SeriesPoint>> RollupSeries(const SeriesQuery& q) override;
  StatusOr<Rollup> Total(const SeriesQuery& q) override;
  StatusOr<std::vector<KeyedRollup>> BrandTotals(const TotalsQuery& q) override;
  StatusOr<std::vector<KeyedRollup>> TopicTotals(const TotalsQuery& q) override;
  StatusOr<std::vector<KeyedTagRollup>> TagTotals(const TotalsQuery& q, TagKind kind) override;
  StatusOr<std::vector<KeyedRollup>> IntentTopicTotals(const TotalsQuery& q,
                                                       std::string_view intent) override;
  StatusOr<std::vector<SeriesPoint>> TagSeries(const SeriesQuery& q, TagKind kind,
                                               std::string_view tag) override;
  StatusOr<std::vector<ExamplePost>> Examples(const ExampleQuery& q) override;
  Status ScanExamples(const ExampleQuery& q,
                      const std::function<Status(const StoredPost&)>& fn) override;
  StatusOr<std::optional<StoredPost>> GetPost(std::string_view source,
                                              std::string_view id) override;
  StatusOr<StoreCounts> Counts() override;
  StatusOr<RollupTable> AllRollups() override;
  StatusOr<std::vector<std::string>> Sources() override;
  StatusOr<std::vector<std::string>> Models() override;
  Status NoteLanguageFilter(std::string_view kept) override;
  StatusOr<std::vector<std::string>> LanguageFilters() override;
  StatusOr<bool> PutAlert(const StoredAlert& alert) override;
  StatusOr<std::vector<StoredAlert>> Alerts(int64_t from_ms, int64_t to_ms) override;
  Status MarkAlertDelivered(std::string_view key, int64_t at_ms) override;
  Status ScanPosts(const PostScan& q,
                   const std::function<Status(const StoredPost&)>& fn) override;
  StatusOr<std::vector<StoredAuthor>> GetAuthors(std::string_view source, std::string_view handle,
                                                 bool any_case = false) override;
  StatusOr<int64_t> DataVersion() override;
  Status PutInfluence(int64_t data_version, std::span<const StoredInfluence> rows) override;
  StatusOr<std::optional<int64_t>> InfluenceVersion() override;
  StatusOr<int64_t> InfluenceCount() override;
  StatusOr<std::vector<StoredInfluence>> Influence(int64_t limit) override;
  StatusOr<std::optional<StoredInfluence>> InfluenceOf(std::string_view source,
                                                       std::string_view handle) override;
  Status MarkHandled(const HandledPost& handled) override;
  Status UnmarkHandled(std::string_view source, std::string_view id) override;
  StatusOr<std::vector<HandledPost>> Handled() override;
  StatusOr<int64_t> HandledVersion() override;
  StatusOr<DeleteStats> DeletePosts(const DeleteQuery& q, bool dry_run) override;
  StatusOr<ScrubGeoStats> ScrubGeo(const ScrubGeoQuery& q, bool dry_run) override;
  StatusOr<std::vector<WithheldEntry>> Withheld() override;
  StatusOr<int64_t> LiftWithheld(std::string_view kind, std::string_view value,
                                 std::string_view source) override;
  Status Close() override;
  const std::string& path() const override { return options_.path; }

 private:
  // Per-batch change to one author's row.
  // What a lookup reads (hash, counts, handle) shares the first cache line.
  struct alignas(64) AuthorDelta {
    uint64_t hash = 0;  // of (source, handle)
    int64_t first = INT64_MAX, last = INT64_MIN;
    int64_t posts = 0;
    std::string handle, source, name;
    std::optional<int64_t> followers;
  };
  // What a stored post contributed, read back before it changes.
  struct OldPost {
    int64_t pid = 0;
    int64_t created_at = 0;
    std::string author;
    Sentiment sentiment;
    Analysis analysis;  // its lists and (a copy of) its sentiment
  };

  explicit SqliteStore(const StoreOptions& options) : options_(options) {}
  Status PrepareStatements();
  // A bulk load into a store without posts: rollback journal, not WAL.
  Status JournalIfEmpty();
  Status ReturnToWal();
  // Forgets the sources bound to the post statements (before they are
  // prepared again or finalized).
  void ForgetBoundSources();
  Status Begin();
  // Rolls back the open transaction and forgets its pending deltas.
  void Abandon();
  // DeletePosts() inside its transaction.
  StatusOr<DeleteStats> DeleteMatching(const DeleteQuery& q, bool dry_run);
  // Runs `body` in a write transaction under PRAGMA secure_delete (the old
  // bytes of what it changes are overwritten in the file), committed unless
  // `dry_run` or it fails; then, when `checkpoint` says so, empties the WAL
  // of the old pages as far as readers allow.
  Status RunSecurely(bool dry_run, const std::function<Status()>& body,
                     const std::function<bool()>& checkpoint);
  // Adds what `q` withholds (DeleteQuery::withhold), inside its transaction,
  // after DeleteMatching() noted the posts going; returns how many entries
  // are new.
  StatusOr<int64_t> Withhold(const DeleteQuery& q);
  // Adds entries of `kind` (each a value and a source) to the withheld
  // list, moving withheld_version once when any is new; returns how many.
  StatusOr<int64_t> AddWithheld(std::string_view kind,
                                const std::vector<std::pair<std::string, std::string>>& entries);
  Status MoveWithheldVersion();
  // ScrubGeo() inside its transaction.
  StatusOr<ScrubGeoStats> ScrubMatching(const ScrubGeoQuery& q);
  // Reads the withheld list again when another connection (or this one)
  // changed it since it was read (meta withheld_version); at the start of
  // each write transaction.
  Status RefreshWithheld();
  // What ingest does with `post` (the list as last read): stores it, skips
  // it, or stores it without its geo columns.
  enum class Withholding { kNone, kSkip, kGeo };
  Withholding WithheldAs(const Post& post) const;
  // Then: the name and follower count of the authors left whose deleted
  // posts gave either, from the posts that stay.
  Status RenameAuthorsLeft();
  bool GroupFull() const;
  // Adds meta key 'model:' + options_.model (inside the write transaction).
  Status NoteModel();
  Status WriteAll(std::span<const Post> posts, std::span<const Analysis> analyses,
                  IngestStats* stats);
  // Writes kPostRows posts (sqlite_store.cc) through insert_posts_.
  Status WriteRows(std::span<const Post> posts, std::span<const Analysis> analyses,
                   IngestStats* stats);
  static bool FirstOfKey(std::span<const Post> posts, size_t r);
  // The pid of `post`'s stored row.
  StatusOr<int64_t> StoredPid(const Post& post);
  // Calls write(r, author_hash) for each of `posts` in order, r its index,
  // with the author slot two posts ahead and the delta one ahead fetched
  // meanwhile (sqlite_store.cc); stops at the first error.
  template <typename Write>
  Status WriteWithAuthorPrefetch(std::span<const Post> posts, Write write);
  // `author_hash` is AuthorHash(post.source, post.author).
  Status WriteInserted(int64_t pid, const Post& post, const Analysis& analysis,
                       uint64_t author_hash, IngestStats* stats);
  // A post whose (source, id) is stored: updated when its content changed.
  Status WriteConflicted(const Post& post, const Analysis& analysis, uint64_t author_hash,
                         IngestStats* stats);
  // `author_hash` is AuthorHash(post.source, post.author).
  Status WriteOne(const Post& post, const Analysis& analysis, uint64_t author_hash,
                  IngestStats* stats);
  Status Encode(const Post& post, const Analysis& analysis);
  // The extra_keys code of an unmapped column's name, added to the table
  // (inside the open write transaction) when new.
  StatusOr<int64_t> KeyCode(const std::string& key);
  // Forgets the codes added by a transaction that was rolled back.
  void ForgetNewKeys();
  // (Re)reads extra_keys into key_names_ and key_codes_.
  Status LoadKeyNames();
  // ParseDetail with this connection's key names, reloaded once when the
  // blob names a code added since (by this or another connection).
  Status ParseStoredDetail(std::string_view blob, Post* post, Analysis* analysis,
                           std::string* model);
  // What a statement's row of post parameters holds from earlier binds
  // (sqlite3_reset and SQLite's re-prepare keep bindings): its source ?1
  // (see BoundText), and whether its p_neg, p_neu and p_pos are NULL, so
  // that posts without probabilities (the lexicon model's, every post of
  // most loads) bind them once (three sqlite3_bind_null calls a post, about
  // 190 instructions). Forget() whenever BoundText must be forgotten.
  struct RowBinding {
    BoundText source;
    bool null_probabilities = false;
    void Forget() {
      source.Forget();
      null_probabilities = false;
    }
  };
  // Binds ?1..?16 of insert_post_ or update_post_; `row` is the
  // statement's RowBinding.
  void BindPost(Stmt& stmt, RowBinding* row, const Post& post, const Analysis& analysis);
  // Binds the row's ?2..?16 at parameters first + 2 .. first + 16;
  // `null_probabilities` is the row's RowBinding::null_probabilities.
  static void BindPostFields(Stmt& stmt, int first, const Post& post, const Analysis& analysis,
                             int64_t hash, std::string_view detail, bool* null_probabilities);
  StatusOr<bool> ReadOld(const Post& post, OldPost* old);
  Status UpdateInPlace(const Post& post, const Analysis& analysis, const OldPost& old,
                       uint64_t author_hash);
  Status WriteTags(int64_t pid, const Post& post, const Analysis& analysis);
  // What a post says of its author's profile, as the authors table keeps it:
  // the last name given (by ingest order) and the most followers. Ingest
  // (AddAuthor()) and a deletion's recount (RenameAuthorsLeft()) both fold
  // posts into a profile by this one rule.
  static void FoldProfile(const Post& post, std::string* name, std::optional<int64_t>* followers) {
    if (!post.author_name.empty()) *name = post.author_name;
    if (post.metrics.followers) {
      *followers = std::max(followers->value_or(INT64_MIN), *post.metrics.followers);
    }
  }
  // `hash` is AuthorHash(source, handle).
  void AddAuthor(std::string_view source, std::string_view handle, uint64_t hash, const Post* post,
                 int sign);
  std::vector<std::string_view> SortedSources() const;
  Status FlushAuthors();
  // Binds `d` as the authors row whose parameters follow index `first`.
  void BindAuthor(Stmt& st, int first, const AuthorDelta& d);
  Status FlushRollups();
  Status Finish(Status s, bool last = false);
  // Fails when closed; commits a pending bulk-load group.
  Status Ready();
  // SELECT of a whole post row (posts aliased p), without WHERE.
  static std::string PostRowSql();
  // The statement behind Examples() (whole: ScanExamples(), each row a whole
  // post as PostRowSql() reads it), its parameters bound.
  StatusOr<Stmt> PrepareExamples(const ExampleQuery& q, bool whole);
  // Fills sp from a row of PostRowSql()'s columns starting at column `first`.
  Status ReadPostRow(const Stmt& st, int first, StoredPost* sp);
  // Steps `st` (rows of PostRowSql()'s columns first), calling fn with each
  // post; fn's error stops the walk and is returned.
  Status EachPostRow(Stmt& st, const std::function<Status(const StoredPost&)>& fn);
  Status ChangeHandled(Stmt& change, const char* what);
  // A series of `table` (rollups or tag_rollups) whose rows `filter` picks
  // (SQL on ?4 = a and ?5 = b, and ?7 = *c when c is not null). With an
  // `intent`: of that intent within the topic *c, whose cells are kept by
  // day and week only, the rest of the range read from its posts.
  // By the days of a zone whose midnight falls inside a UTC hour (India's),
  // that hour is counted from its posts, as `hour_posts` says.
  struct HourPosts {
    std::string_view intent;  // the posts with this intent ("": all)
    // What a post adds to its bucket, false for nothing; null: its
    // sentiment. The post's lists are read for it.
    std::function<bool(const Analysis&, Rollup*)> count;
  };
  StatusOr<std::vector<SeriesPoint>> SeriesOf(const char* table, const SeriesQuery& q,
                                              std::string_view a, std::string_view b,
                                              std::string_view filter, const HourPosts& hour_posts,
                                              const std::string* c = nullptr,
                                              std::string_view intent = {});
  // The stored posts of [from, to) from `source` ("": all) with `brand` and
  // `topic` among theirs ("*": any) and, unless `intent` is empty, that
  // intent, in time order: f(created_at, analysis), the analysis holding
  // the post's sentiment and (with `lists`) its lists. What the hours of
  // intents within a topic are counted from (their cells are kept by day
  // and week only).
  Status ForEachTaggedPost(int64_t from, int64_t to, std::string_view source,
                           std::string_view brand, std::string_view topic, std::string_view intent,
                           bool lists, const std::function<void(int64_t, const Analysis&)>& f);
  StatusOr<std::vector<KeyedRollup>> KeyedTotals(const char* column, const TotalsQuery& q,
                                                 std::string_view other_column,
                                                 std::string_view other_value);

  StoreOptions options_;
  std::unique_ptr<Db> db_;
  Stmt begin_, commit_, rollback_;
  Stmt insert_post_, select_old_, update_post_;
  // The source bound as ?1 of insert_post_ and update_post_ (a load's posts
  // nearly all share one source, so it is bound only when it changes) and
  // their NULL probabilities.
  RowBinding insert_row_, update_row_;
  // kPostRows posts in one statement, and what is bound to its rows.
  Stmt insert_posts_;
  std::vector<RowBinding> insert_rows_;
  // WriteRows' posts: content hashes, details; author hashes of the posts
  // WriteWithAuthorPrefetch() walks.
  std::vector<int64_t> row_hashes_;
  std::vector<std::string> row_details_;
  std::vector<uint64_t> row_author_hashes_;
  Stmt delete_tags_, insert_tag_, upsert_rollup_, delete_empty_rollup_;
  Stmt upsert_tag_rollup_, delete_empty_tag_rollup_;
  Stmt upsert_author_, upsert_authors_;  // one author, kAuthorRows authors (sqlite_store.cc)
  Stmt insert_key_, select_key_;

  // The withheld list as last read (RefreshWithheld()): post ids and
  // lower-cased handles, each with its source ("" for every source).
  int64_t withheld_version_ = -1;
  std::unordered_set<std::string> withheld_posts_, withheld_authors_, withheld_geo_;
  mutable std::string withheld_key_;  // WithheldAs()'s key, reused
  // WriteBatch()'s posts and analyses when some are withheld: the others.
  std::vector<Post> kept_posts_;
  std::vector<Analysis> kept_analyses_;

  // Per-batch state (per group of batches with bulk_load).
  bool in_transaction_ = false;
  int64_t pending_posts_ = 0;
  uint64_t pending_changes_ = 0;  // posts inserted or updated
  std::chrono::steady_clock::time_point group_start_;
  bool first_transaction_ = true;
  bool build_indexes_ = false;  // the reader indexes were dropped: build at Close()
  bool journal_load_ = false;   // writing through a rollback journal: WAL again at Close()
  RollupTable rollups_;
  TagRollupTable tag_rollups_;
  // The group's author deltas: authors_[0, n_authors_) are in use (the rest
  // keep their string buffers for the next group), found through an
  // open-addressing table of indexes into authors_ (author_slots_, a power
  // of two long, kNoAuthor when free). One probe per post, usually one
  // cache line, where a node-based map with heap-allocated string keys cost
  // several misses.
  static constexpr uint32_t kNoAuthor = UINT32_MAX;
  static uint64_t AuthorHash(std::string_view source, std::string_view handle);
  AuthorDelta& FindAuthor(std::string_view source, std::string_view handle, uint64_t hash);
  // Cache hints for the delta of `post`'s author: its slot, then (once the
  // slot is in cache) the delta itself; `hash` is its AuthorHash().
  void PrefetchAuthorSlot(const Post& post, uint64_t hash);
  void PrefetchAuthorDelta(const Post& post, uint64_t hash);
  void ClearAuthors();
  // Tens of thousands of deltas (10+ MB): on huge pages.
  std::vector<AuthorDelta, HugePageAllocator<AuthorDelta>> authors_;
  size_t n_authors_ = 0;
  std::vector<uint32_t> author_slots_;
  // FlushAuthors' order: (source rank, first 8 bytes of the handle, index
  // into authors_), so that most comparisons read no delta.
  struct AuthorOrder {
    uint32_t source;
    uint32_t index;
    uint64_t prefix;
  };
  std::vector<AuthorOrder> sorted_authors_;
  // The current post's detail column, reused from post to post.
  std::string detail_;
  // extra_keys as this connection knows it: codes by name and names by
  // code; new_keys_ were added by the open transaction. Consecutive posts
  // of one input have the same columns in the same order, so the last
  // post's names and codes (last_keys_, last_codes_) answer most lookups.
  std::unordered_map<std::string, int64_t> key_codes_;
  std::vector<std::optional<std::string>> key_names_;
  std::vector<std::string> new_keys_;
  std::vector<std::string> last_keys_;
  std::vector<int64_t> last_codes_;
  std::vector<int64_t> extra_codes_;  // of the current post
  int64_t hash_ = 0;
};

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_SQLITE_STORE_H_
