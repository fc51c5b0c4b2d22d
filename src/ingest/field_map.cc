#include "src/ingest/field_map.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

namespace parley {
namespace {

constexpr std::string_view kFieldNames[kFieldCount] = {
    "id",   "source", "author", "author_name", "thread",  "parent",    "created_at", "text",
    "lang", "rating", "likes",  "shares",      "replies", "followers", "views",
};

constexpr std::string_view kAuto = "auto";

struct ColumnDef {
  Field field;
  std::string_view column;  // empty ends a preset's list
};

constexpr uint32_t FieldMask(std::initializer_list<Field> fields) {
  uint32_t mask = 0;
  for (Field f : fields) mask |= 1u << static_cast<uint32_t>(f);
  return mask;
}

constexpr uint32_t kIdAuthorTimeText =
    FieldMask({Field::kId, Field::kAuthor, Field::kCreatedAt, Field::kText});

// A built-in export shape. `fit` has the fields whose columns must all be
// present for "auto" to choose this preset: enough to tell shapes apart
// without demanding optional columns.
struct PresetDef {
  std::string_view name;
  std::string_view default_source;
  ColumnDef columns[kFieldCount];
  uint32_t fit;
  // A column "auto" also needs, that no field reads first: one that tells
  // the shape from others with the same fields.
  std::string_view marker = {};
};

// Order matters: "auto" takes the first preset that fits, so specific shapes
// come before general ones.
const PresetDef kPresets[] = {
    {"tweets",
     "twitter",
     {{Field::kId, "tweet_id"},
      {Field::kAuthor, "name"},
      {Field::kText, "text"},
      {Field::kCreatedAt, "tweet_created"},
      {Field::kShares, "retweet_count"}},
     kIdAuthorTimeText},
    // Twitter API v2 tweets, one a line (twarc2's `flatten`, the academic
    // archives) or as twarc's CSV export names their columns: the author's
    // handle in the expanded "author" object (else "author" as it is, or
    // the author's id alone), the tweet answered among "referenced_tweets",
    // a long post's text in "note_tweet". Before `generic`, whose "id,
    // author, created_at, text" it has too; told from it by "author_id"
    // and "conversation_id".
    {"twitter-v2",
     "twitter",
     {{Field::kId, "id"},
      {Field::kAuthor, "author.username|author|author_id"},
      {Field::kAuthorName, "author.name"},
      {Field::kCreatedAt, "created_at"},
      {Field::kText, "note_tweet.text|text"},
      {Field::kThread, "conversation_id"},
      {Field::kParent, "referenced_tweets.replied_to.id"},
      {Field::kLang, "lang"},
      {Field::kLikes, "public_metrics.like_count"},
      {Field::kShares, "public_metrics.retweet_count"},
      {Field::kReplies, "public_metrics.reply_count"},
      {Field::kFollowers, "author.public_metrics.followers_count"},
      {Field::kViews, "public_metrics.impression_count"}},
     FieldMask({Field::kId, Field::kAuthor, Field::kCreatedAt, Field::kText, Field::kThread}),
     "author_id"},
    // Brandwatch Consumer Research's mention exports (CSV under a report's
    // preamble, which the CSV reader skips): each mention's "Resource Id"
    // (else its "Url"), its channel in "Page Type" (twitter, news, forum,
    // reddit...), the author's handle in "Author" and name in "Full Name",
    // the thread's id, Twitter's counts. Chosen by "Query Id".
    {"brandwatch",
     "brandwatch",
     {{Field::kId, "Resource Id|Url"},
      {Field::kSource, "Page Type"},
      {Field::kAuthor, "Author"},
      {Field::kAuthorName, "Full Name"},
      {Field::kCreatedAt, "Date"},
      {Field::kText, "Full Text|Snippet|Title"},
      {Field::kThread, "Thread Id"},
      {Field::kLang, "Language"},
      {Field::kLikes, "Twitter Likes|Likes"},
      {Field::kShares, "Twitter Retweets"},
      {Field::kReplies, "Twitter Reply Count"},
      {Field::kFollowers, "Twitter Followers"},
      {Field::kViews, "Impressions"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "Query Id"},
    // Meltwater's mention exports (often UTF-16 and tab-separated, which
    // the readers take as they are): the mention's "URL" is its id (a
    // tweet's "Tweet Id" is blank on other rows), the "Hit Sentence" its
    // text (a post's whole text, an article's sentence that matched),
    // "Influencer" its author. Chosen by "Hit Sentence".
    {"meltwater",
     "meltwater",
     {{Field::kId, "URL"},
      {Field::kAuthor, "Influencer|Twitter Screen Name"},
      {Field::kCreatedAt, "Date"},
      {Field::kText, "Hit Sentence|Opening Text|Headline"},
      {Field::kLang, "Language"},
      {Field::kFollowers, "Twitter Followers"},
      {Field::kViews, "Reach"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "Hit Sentence"},
    // X's (Gnip's) Activity Streams: PowerTrack, Historical PowerTrack and
    // Search archives in their normalized format, one activity a line. The
    // id an IRI ("tag:search.twitter.com,2005:123", made the tweet's own id
    // by RecordPolicy::activity_streams, as is the link in "inReplyTo" the
    // id of the tweet answered), the author the actor, a long tweet's
    // text in "long_object". Chosen by "postedTime".
    {"activity-streams",
     "twitter",
     {{Field::kId, "id"},
      {Field::kAuthor, "actor.preferredUsername"},
      {Field::kAuthorName, "actor.displayName"},
      {Field::kCreatedAt, "postedTime"},
      {Field::kText, "long_object.body|body"},
      {Field::kParent, "inReplyTo.link"},
      {Field::kLang, "twitter_lang"},
      {Field::kLikes, "favoritesCount"},
      {Field::kShares, "retweetCount"},
      {Field::kFollowers, "actor.followersCount"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "postedTime"},
    // Talkwalker's documents, as its Search, Streaming and export APIs give
    // them (one a line; the results pages and stream chunks that wrap them
    // are unwrapped as they are read, response_pages.h) or as a CSV of the
    // same dotted names: a document's "url" is its key (a tweet's, which
    // has none, its "external_id"), "published" its time in epoch
    // milliseconds, "content" its text (an article's first words), its
    // thread the conversation's top "parent_url", its channel from the
    // media type in "source_type" (RecordPolicy::media_types). Chosen by
    // "search_indexed".
    {"talkwalker",
     "talkwalker",
     {{Field::kId, "url|external_id"},
      {Field::kSource, "source_type"},
      {Field::kAuthor,
       "extra_author_attributes.short_name|extra_author_attributes.name|"
       "extra_author_attributes.id"},
      {Field::kAuthorName, "extra_author_attributes.name"},
      {Field::kCreatedAt, "published"},
      {Field::kText, "content|content_snippet|title"},
      {Field::kThread, "parent_url"},
      {Field::kLang, "lang"},
      {Field::kRating, "rating"},
      {Field::kLikes,
       "article_extended_attributes.twitter_likes|article_extended_attributes.facebook_likes|"
       "article_extended_attributes.instagram_likes|article_extended_attributes.youtube_likes"},
      {Field::kShares,
       "article_extended_attributes.twitter_retweets|article_extended_attributes.facebook_shares"},
      {Field::kReplies, "article_extended_attributes.num_comments"},
      {Field::kFollowers, "article_extended_attributes.twitter_followers"},
      {Field::kViews, "reach"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "search_indexed"},
    {"generic",
     "",
     {{Field::kId, "id"},
      {Field::kSource, "source"},
      {Field::kAuthor, "author"},
      {Field::kAuthorName, "author_name"},
      {Field::kThread, "thread"},
      {Field::kParent, "parent"},
      {Field::kCreatedAt, "created_at"},
      {Field::kText, "text"},
      {Field::kLang, "lang"},
      {Field::kRating, "rating"},
      {Field::kLikes, "likes"},
      {Field::kShares, "shares"},
      {Field::kReplies, "replies"},
      {Field::kFollowers, "followers"},
      {Field::kViews, "views"}},
     kIdAuthorTimeText},
    {"twitter-api",
     "twitter",
     {{Field::kId, "id_str|id"},
      {Field::kAuthor, "user.screen_name"},
      {Field::kAuthorName, "user.name"},
      {Field::kCreatedAt, "created_at"},
      // Streaming API tweets over 140 characters keep the full text nested.
      {Field::kText, "full_text|extended_tweet.full_text|text"},
      {Field::kParent, "in_reply_to_status_id_str"},
      {Field::kLang, "lang"},
      {Field::kShares, "retweet_count"},
      {Field::kLikes, "favorite_count"},
      {Field::kFollowers, "user.followers_count"}},
     kIdAuthorTimeText},
    // Facebook's Graph API comments and posts (a page's feed and its
    // comments), one a line or as a CSV of the same dotted names: the
    // writer in "from", the comment answered in "parent", counts as fields
    // or as the edges' summaries. Chosen by "created_time" and "message".
    {"facebook",
     "facebook",
     {{Field::kId, "id"},
      {Field::kAuthor, "from.id"},
      {Field::kAuthorName, "from.name"},
      {Field::kCreatedAt, "created_time"},
      {Field::kText, "message"},
      {Field::kParent, "parent.id"},
      {Field::kLikes, "like_count|reactions.summary.total_count|likes.summary.total_count"},
      {Field::kReplies, "comment_count|comments.summary.total_count"},
      {Field::kShares, "shares.count"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText})},
    // YouTube Data API comments: a commentThreads item (its top-level
    // comment nested in it) or a comments item (a reply, with its
    // thread's id in "parentId"), one a line. The author is the channel
    // that wrote it; a thread is a top-level comment and its replies.
    {"youtube",
     "youtube",
     {{Field::kId, "id"},
      {Field::kAuthor,
       "snippet.topLevelComment.snippet.authorChannelId.value|snippet.authorChannelId.value"},
      {Field::kAuthorName,
       "snippet.topLevelComment.snippet.authorDisplayName|snippet.authorDisplayName"},
      {Field::kCreatedAt, "snippet.topLevelComment.snippet.publishedAt|snippet.publishedAt"},
      {Field::kText,
       "snippet.topLevelComment.snippet.textOriginal|snippet.textOriginal|"
       "snippet.topLevelComment.snippet.textDisplay|snippet.textDisplay"},
      {Field::kThread, "snippet.parentId|id"},
      {Field::kParent, "snippet.parentId"},
      {Field::kLikes, "snippet.topLevelComment.snippet.likeCount|snippet.likeCount"},
      {Field::kReplies, "snippet.totalReplyCount"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "kind"},
    // App reviews as the common scrapers write them: Google Play's
    // (google-play-scraper for Python: reviewId, userName, content, score,
    // thumbsUpCount, at; for Node: id, userName, text, score, thumbsUp,
    // date), chosen by "userImage", which both write; the App Store's
    // (app-store-scraper: id, userName, userUrl, version, score, title,
    // text, updated), chosen by "userUrl", its title and text one text.
    // The developer's reply (replyContent, replyText) stays in extra, where
    // the care queue reads it as the review's answer (RepliedInRecord()).
    {"google-play",
     "google_play",
     {{Field::kId, "reviewId|id"},
      {Field::kAuthor, "userName"},
      {Field::kCreatedAt, "at|date"},
      {Field::kText, "content|text"},
      {Field::kRating, "score"},
      {Field::kLikes, "thumbsUpCount|thumbsUp"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "userImage"},
    {"app-store",
     "app_store",
     {{Field::kId, "id"},
      {Field::kAuthor, "userName"},
      {Field::kCreatedAt, "updated|date"},
      {Field::kText, "title+text"},
      {Field::kRating, "score"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "userUrl"},
    // Trustpilot's reviews as its API writes them (and exports of the same
    // names, a CSV flattening the consumer to "consumer.id"...): the
    // consumer wrote it, its title and text one text, `stars` the rating;
    // chosen by "stars" beside "createdAt". The company's reply
    // (companyReply) stays in extra, where the care queue reads it
    // (RepliedInRecord()).
    {"trustpilot",
     "trustpilot",
     {{Field::kId, "id"},
      {Field::kAuthor, "consumer.id|consumer.displayName"},
      {Field::kAuthorName, "consumer.displayName"},
      {Field::kCreatedAt, "createdAt"},
      {Field::kText, "title+text"},
      {Field::kLang, "language"},
      {Field::kRating, "stars"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText}),
     "stars"},
    {"reviews",
     "",
     {{Field::kId, "review_id|id"},
      {Field::kAuthor, "reviewer|author"},
      {Field::kCreatedAt, "date|created_at"},
      {Field::kText, "review_text|body|text"},
      {Field::kRating, "rating|stars"}},
     FieldMask({Field::kId, Field::kCreatedAt, Field::kText})},
    // Last, so "auto" takes it only when no shape with ids and times fits:
    // bare `text,label` files for training and one-off analysis, and any
    // export whose text column has one of the usual names ("message",
    // "body", "review"...; the other fields then take their columns by
    // kKnownColumns). Without an id and a time its posts are numbered by
    // line and have no time, which the store refuses
    // (ReaderOptions::require_identity).
    {"text",
     "",
     {{Field::kText,
       "text|full_text|message|content|body|comment|comment_text|comment_body|review|"
       "review_text|review_body|review_content|review_comment|tweet|tweet_text|post|post_text|"
       "caption|description|feedback|feedback_text|verbatim|snippet|selftext"}},
     FieldMask({Field::kText})},
};

// For "auto": the column names exports use for each field, the field's own
// name first, in the order tried. A field the chosen preset does not need
// (and finds no column for) takes the first of these the input has
// (MapKnownColumns()). The likeliest reading of each name wins: "user"
// is an author (a handle before an id, since mentions name handles),
// "score" is left out (a review's stars or a forum post's votes), and so is
// "name" (a product's, a place's as often as a person's).
constexpr std::string_view kKnownColumns[kFieldCount] = {
    "id|post_id|message_id|comment_id|tweet_id|status_id|review_id|ticket_id|case_id|"
    "response_id|id_str|guid|uuid|permalink|post_url|tweet_url|status_url|comment_url|"
    "mention_url",
    // (Not "channel" or "platform": a source is half a post's identity, and
    // those name a support desk's queue as often as a site.)
    "source",
    "author|username|user_name|screen_name|user_screen_name|handle|author_handle|"
    "author_username|user|author_id|user_id|reviewer|reviewer_id|requester|requester_id|customer|"
    "customer_id|consumer|author_screen_name",
    "author_name|display_name|profile_name|user_display_name|reviewer_name|full_name|"
    "customer_name|requester_name",
    "thread|thread_id|conversation_id|link_id|discussion_id",
    "parent|parent_id|in_reply_to|in_reply_to_id|in_reply_to_status_id|"
    "in_reply_to_status_id_str|reply_to|reply_to_id",
    "created_at|date|time|timestamp|datetime|date_time|created|created_time|created_utc|"
    "creation_date|published|published_at|publish_date|pub_date|posted|posted_at|post_date|"
    "tweet_created|review_date|comment_date|created_on|date_created|submitted_at|submitted_on|"
    "submission_date|sent_at|received_at|unix_review_time|at",
    "text|full_text|message|content|body|comment|comment_text|comment_body|review|review_text|"
    "review_body|review_content|review_comment|tweet|tweet_text|post|post_text|caption|"
    "description|feedback|feedback_text|verbatim|snippet|selftext",
    "lang|language",
    "rating|stars|star_rating|review_rating|review_score|overall",
    "likes|like_count|likes_count|favorite_count|favourite_count|favorites|upvotes|ups|"
    "thumbs_up_count|helpful_vote|helpful_votes|helpful_count",
    "shares|share_count|shares_count|retweet_count|retweets|reposts|repost_count",
    "replies|reply_count|replies_count|comment_count|comments_count|num_comments",
    "followers|followers_count|follower_count|user_followers_count|user_followers",
    "views|view_count|views_count|impressions|impression_count",
};

// The alternatives of a column spec, "review_id|id" -> {"review_id", "id"}
// (none for an empty spec).
std::vector<std::string_view> Alternatives(std::string_view spec) {
  std::vector<std::string_view> alts;
  while (!spec.empty()) {
    const size_t bar = spec.find('|');
    alts.push_back(spec.substr(0, bar));
    if (bar == std::string_view::npos) break;
    spec.remove_prefix(bar + 1);
  }
  return alts;
}

// A dotted NDJSON path's first key ("user.screen_name" -> "user").
std::string_view PathHead(std::string_view alt) { return alt.substr(0, alt.find('.')); }

// A column name as "auto" compares it: ASCII letters lower-cased, a
// camelCase word split ("createdAt" -> "created_at"), spaces and '-' as
// '_', trimmed ("Created At", "created-at" -> "created_at").
std::string FoldColumn(std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c >= 'A' && c <= 'Z') {
      if (i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
                    (name[i - 1] >= '0' && name[i - 1] <= '9'))) {
        out += '_';
      }
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == ' ' || c == '-') {
      if (out.empty() || out.back() != '_') out += '_';
    } else {
      out += c;
    }
  }
  return out;
}

// An input's columns with each one folded (FoldColumn()), once per
// ResolveAutoPreset() call: the presets' names and the known ones, about
// 150, are each looked for among them.
class FoldedColumns {
 public:
  explicit FoldedColumns(const std::vector<std::string_view>& columns) : columns_(columns) {
    folded_.reserve(columns.size());
    for (std::string_view column : columns) folded_.push_back(FoldColumn(column));
  }
  // The first column that is `name` itself, else the first that folds to
  // it; empty when none.
  std::string_view Find(std::string_view name) const {
    for (std::string_view column : columns_) {
      if (column == name) return column;
    }
    const std::string folded = FoldColumn(name);
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (folded_[i] == folded) return columns_[i];
    }
    return {};
  }

 private:
  const std::vector<std::string_view>& columns_;
  std::vector<std::string> folded_;
};

std::string Join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string FieldNameList() {
  return Join(std::vector<std::string_view>(std::begin(kFieldNames), std::end(kFieldNames)),
              ", ");
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const PresetDef* FindPreset(std::string_view name) {
  for (const PresetDef& preset : kPresets) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

FieldMap MapFromPreset(const PresetDef& preset) {
  FieldMap map;
  map.preset = std::string(preset.name);
  map.default_source = std::string(preset.default_source);
  for (const ColumnDef& def : preset.columns) {
    if (def.column.empty()) break;
    map.column(def.field) = std::string(def.column);
  }
  return map;
}

Status ApplyOverrides(const std::vector<std::string>& overrides, FieldMap* map) {
  const std::string flag = MapFlag(*map, "map");
  for (const std::string& text : overrides) {
    PARLEY_ASSIGN_OR_RETURN(auto field_column, ParseMapOverride(text, flag));
    map->column(field_column.first) = std::move(field_column.second);
  }
  return Status::OK();
}

bool InFit(const PresetDef& preset, size_t field) { return (preset.fit >> field) & 1u; }

// Whether the input has a column (or top-level key) named exactly `name`.
bool HasColumn(const std::vector<std::string_view>& columns, std::string_view name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

// The first alternative of `spec` the input has, or empty. `nested`: the
// input's records are JSON objects, whose key "user" holds the dotted path
// "user.screen_name" (a CSV column "user" does not).
std::string_view PresentColumn(std::string_view spec, const std::vector<std::string_view>& columns,
                               bool nested) {
  for (std::string_view alt : Alternatives(spec)) {
    const std::string_view head = nested ? PathHead(alt) : alt;
    for (std::string_view column : columns) {
      if (column == alt || column == head) return column;
    }
  }
  // A text joined from columns ("title+body"): present when each is; its
  // first stands for it.
  const std::vector<std::string_view> parts = JoinedTextParts(spec);
  for (std::string_view part : parts) {
    if (PresentColumn(part, columns, nested).empty()) return {};
  }
  return parts.empty() ? std::string_view() : PresentColumn(parts[0], columns, nested);
}

bool Fits(const PresetDef& preset, const FieldMap& map,
          const std::vector<std::string_view>& columns, bool nested) {
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (InFit(preset, f) && PresentColumn(map.columns[f], columns, nested).empty()) return false;
  }
  return preset.marker.empty() || HasColumn(columns, preset.marker);
}

// A column name as an error message shows it: control bytes escaped (a
// header of binary bytes must not drive the terminal) and at most
// kMaxShownBytes of it, cut at a character boundary.
std::string ShownColumn(std::string_view column) {
  constexpr size_t kMaxShownBytes = 48;
  std::string out;
  size_t end = std::min(column.size(), kMaxShownBytes);
  auto continues = [&](size_t i) { return (static_cast<unsigned char>(column[i]) & 0xC0) == 0x80; };
  while (end < column.size() && end > 0 && continues(end)) --end;
  for (char c : column.substr(0, end)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      out += c;
      continue;
    }
    constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[u >> 4];
    out += kHex[u & 0xF];
  }
  if (end < column.size()) out += "...";
  return out;
}

std::string ShownColumns(const std::vector<std::string_view>& columns) {
  constexpr size_t kMaxShown = 40;
  if (columns.empty()) return "(none)";
  std::vector<std::string> shown;
  for (size_t i = 0; i < columns.size() && i < kMaxShown; ++i) {
    shown.push_back(ShownColumn(columns[i]));
  }
  std::vector<std::string_view> views(shown.begin(), shown.end());
  if (columns.size() <= kMaxShown) return Join(views, ", ");
  return Join(views, ", ") + ", ... (" + std::to_string(columns.size()) + " in all)";
}

// For "auto": each alternative of the preset's columns that the input has
// only in another case or spelling ("Text", "Created At", "createdAt" for
// created_at) is written as the input's own column, which the readers
// then find as it is. (For a dotted NDJSON path, its first key.)
void MatchColumnSpelling(const FoldedColumns& columns, FieldMap* map) {
  for (std::string& spec : map->columns) {
    std::string out;
    for (std::string_view alt : Alternatives(spec)) {
      const std::string_view head = PathHead(alt);
      const std::string_view found = head.empty() ? std::string_view() : columns.Find(head);
      if (!out.empty()) out += '|';
      out += found.empty() ? head : found;
      out += alt.substr(head.size());  // the path's rest, if any
    }
    spec = std::move(out);
  }
}

// For "auto": a field the preset does not need whose columns the input
// lacks takes the first of its kKnownColumns the input has, in any case or
// spelling, unless another field reads that column: `likes` or `thread`
// beside a reviews shape, `id`, `date` and `user` beside a text column,
// are not lost to `extra`. (Added as the last alternative: an NDJSON key
// the first records lack may still be the preset's.) Not `source` for a
// platform's preset: a tweet's "source" is the app it was sent from.
void MapKnownColumns(const PresetDef& preset, const std::vector<std::string_view>& columns,
                     const FoldedColumns& folded, bool nested, FieldMap* map) {
  std::vector<std::string_view> used;
  for (const std::string& spec : map->columns) {
    for (std::string_view alt : Alternatives(spec)) {
      const std::string_view column = nested ? PathHead(alt) : alt;
      if (HasColumn(columns, column)) used.push_back(column);
    }
  }
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (InFit(preset, f) || !PresentColumn(map->columns[f], columns, nested).empty()) continue;
    if (static_cast<Field>(f) == Field::kSource && !preset.default_source.empty()) continue;
    for (std::string_view known : Alternatives(kKnownColumns[f])) {
      const std::string_view found = folded.Find(known);
      if (found.empty() || std::find(used.begin(), used.end(), found) != used.end()) continue;
      std::string& spec = map->columns[f];
      spec = spec.empty() ? std::string(found) : spec + "|" + std::string(found);
      used.push_back(found);
      break;
    }
  }
}

// A --map for a required field that names no column would only show up as
// "no preset fits"; name it instead.
Status CheckRequiredOverrides(const std::vector<std::string>& overrides,
                              const std::vector<std::string_view>& columns,
                              const std::string& flag) {
  for (const std::string& text : overrides) {
    PARLEY_ASSIGN_OR_RETURN(auto field_column, ParseMapOverride(text, flag));
    const auto& [field, column] = field_column;
    if (!IsRequired(field) || ColumnSpecPresent(column, columns)) continue;
    // A joined text: the column of it that is missing.
    std::string missing = column;
    for (std::string_view part : JoinedTextParts(column)) {
      if (!ColumnSpecPresent(part, columns)) {
        missing = std::string(part);
        break;
      }
    }
    return InvalidArgumentError("column '" + missing + "' (for field " +
                                std::string(FieldName(field)) + ", from " + flag + " " + text +
                                ") not found; columns are: " + ShownColumns(columns));
  }
  return Status::OK();
}

// For "auto": a post whose export writes it in two columns, a title and
// its body (a review's headline, a ticket's or an email's subject, a Reddit
// submission's title), by the body's column name (as FoldColumn() makes
// it) and its title's names, tried in order. Only titles that belong to
// the post: never "title" beside any "body" or "comment", where an export
// of comments often gives its article's title on every row, unless the
// input also has a rating column (`needs`): a rated post is a review, and
// its title the reviewer's ("Five Stars", "Broke in a week"), as in
// Amazon's 2023 review datasets (title, text, rating) and app store
// exports (title, content, rating).
struct TitledBody {
  std::string_view body, titles;
  std::string_view needs = {};
};
constexpr std::string_view kRatingColumns = "rating|stars|star_rating|review_rating|overall";
constexpr TitledBody kTitledBodies[] = {
    {"text", "title", kRatingColumns},
    {"content", "title", kRatingColumns},
    {"body", "title", kRatingColumns},
    {"selftext", "title"},                            // Reddit submissions (a link's is empty)
    {"review_text", "review_title|summary"},          // Amazon's datasets: reviewText, summary
    {"review_body", "review_headline|review_title"},  // Amazon's reviews TSVs
    {"review_content", "review_title"},               // Trustpilot
    {"review", "review_title"},
    {"description", "subject"},  // support tickets (Zendesk, Freshdesk)
    {"body", "subject"},         // emails and messages
    {"message", "subject"},
};

// The joined text ("Review Title+Review Content") of the map's text column
// and its title's, when kTitledBodies pairs them and the input has the
// title; "" otherwise. (Not for a text a --map gave.)
std::string TitledText(const FieldMap& map, const std::vector<std::string_view>& columns,
                       const FoldedColumns& folded, bool nested) {
  const std::string_view body = PresentColumn(map.column(Field::kText), columns, nested);
  if (body.empty() || !JoinedTextParts(map.column(Field::kText)).empty()) return "";
  const std::string folded_body = FoldColumn(body);
  for (const TitledBody& pair : kTitledBodies) {
    if (folded_body != pair.body) continue;
    if (!pair.needs.empty()) {
      bool rated = false;
      for (std::string_view name : Alternatives(pair.needs))
        rated = rated || !folded.Find(name).empty();
      if (!rated) continue;
    }
    for (std::string_view name : Alternatives(pair.titles)) {
      const std::string_view title = folded.Find(name);
      // (A '+' in the title's name would read as another part.)
      if (!title.empty() && title.find('+') == std::string_view::npos &&
          body.find('+') == std::string_view::npos) {
        return std::string(title) + "+" + std::string(body);
      }
    }
  }
  return "";
}

// FieldMap::guessed of the map "auto" chose: each field whose column is
// none of the names the preset or a --map gave it.
void NoteGuesses(const PresetDef& preset, const std::vector<std::string>& overrides,
                 const std::vector<std::string_view>& columns, bool nested, FieldMap* map) {
  FieldMap given = MapFromPreset(preset);
  if (!ApplyOverrides(overrides, &given).ok()) return;  // (applied already without error)
  map->guessed.clear();
  for (size_t f = 0; f < kFieldCount; ++f) {
    const std::string_view column = PresentColumn(map->columns[f], columns, nested);
    if (column.empty() || !JoinedTextParts(map->columns[f]).empty()) continue;  // (a --map's)
    // A column named as its field is no guess either.
    bool named = column == kFieldNames[f];
    for (std::string_view alt : Alternatives(given.columns[f])) {
      named = named || alt == column || (nested && PathHead(alt) == column);
    }
    if (!named) {
      map->guessed.emplace_back(static_cast<Field>(f), std::string(column));
    }
  }
}

// A column spec as a "no preset fits" message lists it: its first
// alternative, "|..." when there are more, a nested path of three keys or
// more by its first and last ("snippet....publishedAt").
std::string ShownSpec(std::string_view spec) {
  const std::vector<std::string_view> alts = Alternatives(spec);
  if (alts.empty()) return "";
  std::string_view first = alts[0];
  std::string out(first);
  const size_t dot = first.find('.'), last = first.rfind('.');
  if (dot != last)
    out = std::string(first.substr(0, dot)) + "..." + std::string(first.substr(last));
  if (alts.size() > 1) out += "|...";
  return out;
}

// "tweets (tweet_id, name, tweet_created, text)", for the no-fit error.
std::string DescribeFit(const PresetDef& preset) {
  FieldMap map = MapFromPreset(preset);
  std::string needed;
  bool marker_named = preset.marker.empty();
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (!InFit(preset, f)) continue;
    needed += (needed.empty() ? "" : ", ") + ShownSpec(map.columns[f]);
    // (A marker that is also the first column of a field is named once.)
    marker_named = marker_named || Alternatives(map.columns[f]).front() == preset.marker;
  }
  if (!marker_named) needed += ", " + std::string(preset.marker);
  return std::string(preset.name) + " (" + needed + ")";
}

}  // namespace

void LeaveColumnsUnmapped(const std::vector<std::string>& columns, FieldMap* map) {
  if (columns.empty()) return;
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (IsRequired(static_cast<Field>(f)) || map->columns[f].empty()) continue;
    std::string kept;
    for (std::string_view alt : Alternatives(map->columns[f])) {
      if (std::find(columns.begin(), columns.end(), alt) != columns.end()) continue;
      kept += (kept.empty() ? "" : "|") + std::string(alt);
    }
    map->columns[f] = std::move(kept);
  }
  std::erase_if(map->guessed, [&](const auto& g) { return map->column(g.first).empty(); });
}

std::string_view FieldName(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

StatusOr<Field> ParseFieldName(std::string_view name) {
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return InvalidArgumentError("unknown field '" + std::string(name) +
                              "'; fields are: " + FieldNameList());
}

bool IsRequired(Field f) {
  return f == Field::kId || f == Field::kCreatedAt || f == Field::kText;
}

std::vector<std::string_view> PresetNames() {
  std::vector<std::string_view> names = {kAuto};
  for (const PresetDef& preset : kPresets) names.push_back(preset.name);
  return names;
}

std::string MapFlag(const FieldMap& map, std::string_view name) {
  return "--" + map.flag_prefix + std::string(name);
}

std::string FormatHint(const FieldMap& map, std::string_view format) {
  if (map.flag_prefix.empty()) return "--input-format " + std::string(format);
  return "a ." + std::string(format) + " name";
}

StatusOr<std::pair<Field, std::string>> ParseMapOverride(std::string_view text,
                                                         std::string_view flag) {
  const std::string bad = "bad " + std::string(flag) + " '" + std::string(text) + "'";
  size_t eq = text.find('=');
  std::string_view name = TrimSpaces(text.substr(0, eq));
  if (eq == std::string_view::npos || name.empty()) {
    return InvalidArgumentError(bad + ": expected field=column; fields are: " + FieldNameList());
  }
  StatusOr<Field> field = ParseFieldName(name);
  if (!field.ok()) return field.status().WithContext(bad);
  std::string column(TrimSpaces(text.substr(eq + 1)));
  if (column.empty() && IsRequired(*field)) {
    return InvalidArgumentError(bad + ": field " + std::string(name) +
                                " is required and cannot be unmapped");
  }
  if (*field == Field::kCreatedAt && column.find('+') != std::string::npos &&
      JoinedTimeParts(column).empty()) {
    return InvalidArgumentError(bad + ": a time joined from columns names two, its date's and " +
                                "its time of day's, between '+' (created_at=Date+Time), with no " +
                                "alternatives ('|')");
  }
  if (*field == Field::kText && column.find('+') != std::string::npos) {
    const std::vector<std::string_view> parts = JoinedTextParts(column);
    const bool empty_part =
        std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.empty(); });
    if (parts.empty() || empty_part || parts.size() > kMaxJoinedTextParts) {
      return InvalidArgumentError(
          bad + ": a text joined from columns names 2 to " + std::to_string(kMaxJoinedTextParts) +
          " columns between '+' (text=title+body), with no alternatives ('|') among them");
    }
  }
  return std::make_pair(*field, std::move(column));
}

std::vector<std::string_view> JoinedTextParts(std::string_view spec) {
  std::vector<std::string_view> parts;
  if (spec.find('+') == std::string_view::npos || spec.find('|') != std::string_view::npos) {
    return parts;
  }
  while (true) {
    const size_t plus = spec.find('+');
    parts.push_back(TrimSpaces(spec.substr(0, plus)));
    if (plus == std::string_view::npos) break;
    spec.remove_prefix(plus + 1);
  }
  return parts;
}

void JoinTextParts(const std::vector<std::string_view>& values, std::string* out) {
  out->clear();
  for (std::string_view value : values) {
    const std::string_view trimmed = TrimSpaces(value);
    if (trimmed.empty()) continue;
    if (!out->empty()) {
      const char last = out->back();
      if (last != '.' && last != '!' && last != '?') out->push_back('.');
      out->push_back('\n');
    }
    out->append(trimmed);
  }
}

std::vector<std::string_view> JoinedTimeParts(std::string_view spec) {
  std::vector<std::string_view> parts = JoinedTextParts(spec);
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) parts.clear();
  return parts;
}

void JoinTimeParts(std::string_view date, std::string_view time, std::string* out) {
  out->assign(TrimSpaces(date));
  time = TrimSpaces(time);
  if (time.empty()) return;
  if (!out->empty()) out->push_back(' ');
  out->append(time);
}

namespace {

// The column of `columns` named as `name` with its word `from` as `to`
// (ColumnBeside("Post Date", ..., "date", "time") is "Post Time"), as
// FoldColumn() folds names; empty when none is, or `name` has no such word.
std::string_view ColumnBeside(std::string_view name, const std::vector<std::string>& columns,
                              std::string_view from, std::string_view to) {
  const std::string folded = FoldColumn(name);
  std::string want;
  bool swapped = false;
  std::string_view rest = folded;
  while (true) {
    const size_t cut = rest.find('_');
    const std::string_view word = rest.substr(0, cut);
    if (!want.empty()) want += '_';
    swapped = swapped || word == from;
    want += word == from ? to : word;
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  if (!swapped) return {};
  for (const std::string& column : columns) {
    if (FoldColumn(column) == want) return column;
  }
  return {};
}

}  // namespace

std::string_view TimeColumnBeside(std::string_view date, const std::vector<std::string>& columns) {
  return ColumnBeside(date, columns, "date", "time");
}

std::string_view DateColumnBeside(std::string_view time, const std::vector<std::string>& columns) {
  return ColumnBeside(time, columns, "time", "date");
}

std::pair<std::string_view, std::string_view> DateAndTimeColumns(
    std::string_view name, const std::vector<std::string>& columns) {
  if (const std::string_view time = TimeColumnBeside(name, columns); !time.empty()) {
    return {name, time};
  }
  if (const std::string_view date = DateColumnBeside(name, columns); !date.empty()) {
    return {date, name};
  }
  return {};
}

std::string_view PresentColumnOf(std::string_view spec,
                                 const std::vector<std::string_view>& columns) {
  return PresentColumn(spec, columns, /*nested=*/false);
}

void MapJoinedTimeParts(std::string_view date, std::string_view time, FieldMap* map) {
  const std::string spec = std::string(date) + "+" + std::string(time);
  map->column(Field::kCreatedAt) = spec;
  auto at = std::find_if(map->guessed.begin(), map->guessed.end(),
                         [](const auto& g) { return g.first >= Field::kCreatedAt; });
  if (at != map->guessed.end() && at->first == Field::kCreatedAt) {
    at->second = spec;
  } else {
    map->guessed.emplace(at, Field::kCreatedAt, spec);
  }
}

bool ColumnSpecPresent(std::string_view spec, const std::vector<std::string_view>& columns) {
  return !PresentColumn(spec, columns, true).empty();
}

std::string FoldColumnName(std::string_view name) { return FoldColumn(name); }

std::string GuessedColumnsNote(const FieldMap& map) {
  std::string note;
  for (const auto& [field, column] : map.guessed) {
    note += (note.empty() ? "" : ", ") + std::string(FieldName(field)) + "=" + ShownColumn(column);
  }
  // No id column, but a time: each post's id is made from what it says
  // (FillMissingId()).
  if (map.column(Field::kId).empty() && !map.column(Field::kCreatedAt).empty()) {
    note += std::string(note.empty() ? "" : "; ") +
            "no id column: each post's id is a hash of its author, time and text";
  }
  return note;
}

StatusOr<std::vector<std::string>> ParseColumnList(std::string_view list, std::string_view flag) {
  std::vector<std::string> names;
  size_t at = 0;
  while (true) {
    const size_t comma = list.find(',', at);
    const std::string_view name = TrimSpaces(
        list.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    if (name.empty()) {
      return InvalidArgumentError(
          std::string(flag) +
          " has an empty name: give the header-less file's columns in order, separated by "
          "commas, e.g. " +
          std::string(flag) + " id,author,created_at,text");
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return InvalidArgumentError(std::string(flag) + " names '" + ShownColumn(name) +
                                  "' twice: each column needs its own name");
    }
    names.emplace_back(name);
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return names;
}

StatusOr<FieldMap> MakeFieldMap(std::string_view preset, const std::vector<std::string>& overrides,
                                std::string_view flag_prefix) {
  FieldMap map;
  if (preset.empty() || preset == kAuto) {
    map.preset = std::string(kAuto);
  } else if (const PresetDef* def = FindPreset(preset)) {
    map = MapFromPreset(*def);
  } else {
    const std::string flag =
        flag_prefix.empty() ? "" : " (--" + std::string(flag_prefix) + "preset)";
    return InvalidArgumentError("unknown preset '" + std::string(preset) + "'" + flag +
                                "; presets are: " + Join(PresetNames(), ", "));
  }
  map.flag_prefix = std::string(flag_prefix);
  // Applied to "auto" too, so that a bad --map fails before any input is read.
  PARLEY_RETURN_IF_ERROR(ApplyOverrides(overrides, &map));
  return map;
}

StatusOr<FieldMap> ResolveAutoPreset(const FieldMap& map, const std::vector<std::string>& overrides,
                                     const std::vector<std::string_view>& columns, bool nested) {
  if (map.preset != kAuto) return map;
  // One column holding tabs: tab-separated data read as CSV (from stdin or a
  // name other than .tsv), which no preset or --map can fix.
  if (columns.size() == 1 && columns[0].find('\t') != std::string_view::npos) {
    return InvalidArgumentError("the header " + ShownColumns(columns) +
                                " is separated by tabs, not commas: read it with " +
                                FormatHint(map, "tsv"));
  }
  PARLEY_RETURN_IF_ERROR(CheckRequiredOverrides(overrides, columns, MapFlag(map, "map")));
  std::vector<std::string> fits;
  const FoldedColumns folded(columns);
  // A text the user mapped is never joined with a title (TitledText()).
  bool text_mapped = false;
  for (const std::string& text : overrides) {
    StatusOr<std::pair<Field, std::string>> o = ParseMapOverride(text);
    text_mapped = text_mapped || (o.ok() && o->first == Field::kText);
  }
  for (const PresetDef& preset : kPresets) {
    FieldMap candidate = MapFromPreset(preset);
    candidate.flag_prefix = map.flag_prefix;
    MatchColumnSpelling(folded, &candidate);
    // A platform's preset must be recognised by its own column names: the
    // user's --map making it fit (a Trustpilot file with id, author, time
    // and text mapped) says nothing about where the posts come from.
    const bool own_columns_only = !preset.default_source.empty();
    if (own_columns_only && !Fits(preset, candidate, columns, nested)) {
      fits.push_back(DescribeFit(preset));
      continue;
    }
    MapKnownColumns(preset, columns, folded, nested, &candidate);
    // The text preset's list of names, cut to the one the input has.
    if (preset.name == "text") {
      const std::string_view present =
          PresentColumn(candidate.column(Field::kText), columns, /*nested=*/false);
      if (!present.empty()) candidate.column(Field::kText) = std::string(present);
    }
    PARLEY_RETURN_IF_ERROR(ApplyOverrides(overrides, &candidate));
    if (Fits(preset, candidate, columns, nested)) {
      const std::string titled =
          text_mapped ? std::string() : TitledText(candidate, columns, folded, nested);
      if (!titled.empty()) candidate.column(Field::kText) = titled;
      NoteGuesses(preset, overrides, columns, nested, &candidate);
      // NoteGuesses() passes joined texts by (a --map's are no guess): this
      // one is, in its place among the fields.
      if (!titled.empty()) {
        auto at = std::find_if(candidate.guessed.begin(), candidate.guessed.end(),
                               [](const auto& g) { return g.first > Field::kText; });
        candidate.guessed.emplace(at, Field::kText, titled);
      }
      return candidate;
    }
    fits.push_back(DescribeFit(preset));
  }
  // Twitter API v2's response pages (twarc2's own output), many tweets a
  // record, their authors apart, that were not read as tweets: an NDJSON
  // file of them is (response_pages.h), but not a JSON array of them, nor a
  // request body. Say how to make one tweet a line of them.
  if (nested && HasColumn(columns, "data") &&
      (HasColumn(columns, "includes") || HasColumn(columns, "meta"))) {
    return InvalidArgumentError(
        "the records hold 'data' and '" +
        std::string(HasColumn(columns, "includes") ? "includes" : "meta") +
        "', as Twitter API v2 response pages do (many tweets a record): give them one a line, "
        "as twarc2 writes them, or make one tweet a line of them (twarc2 flatten PAGES.jsonl "
        "TWEETS.jsonl) and read that (preset twitter-v2)");
  }
  // Talkwalker's wrapped documents (a results page, a stream chunk, a
  // result): an NDJSON file of them is unwrapped (response_pages.h).
  if (nested) {
    std::string_view wrapper;
    for (std::string_view key : {"result_content", "chunk_result", "chunk_type"}) {
      if (wrapper.empty() && HasColumn(columns, key)) wrapper = key;
    }
    if (wrapper.empty() && columns.size() == 1 && HasColumn(columns, "data")) wrapper = "data";
    if (!wrapper.empty()) {
      return InvalidArgumentError(
          "the records hold '" + std::string(wrapper) +
          "', as Talkwalker's API responses wrap their documents: give them one a line, as the "
          "API sends them (NDJSON), and parley reads the documents in them (preset talkwalker)");
    }
  }
  std::vector<std::string_view> fit_views(fits.begin(), fits.end());
  return InvalidArgumentError("no preset fits the columns " + ShownColumns(columns) +
                              "; presets need: " + Join(fit_views, "; ") + "; choose one with " +
                              MapFlag(map, "preset") + " and adjust it with " +
                              MapFlag(map, "map") + " field=COLUMN");
}

}  // namespace parley
