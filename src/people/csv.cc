#include "src/people/csv.h"

#include <fmt/format.h>

#include <iterator>
#include <string_view>
#include <vector>

#include "src/core/timestamp.h"
#include "src/ingest/csv_reader.h"

namespace parley::people {

// The queue for a spreadsheet (a care team's shared sheet, another desk's
// import): an item a row, in priority order, its reasons joined by "; ",
// lists (brands awaited, intents, topics) by spaces as analyze's CSV has them.
std::string QueueCsv(const CareQueue& q) {
  std::string out =
      "rank,priority,source,id,thread,created_at,author,author_name,awaits,sentiment,score,"
      "intents,topics,followers,influence_percentile,replies_from_others,likes,shares,handled,"
      "reasons,text\r\n";
  auto field = [&](std::string_view v) {
    AppendCsvField(v, &out);
    out.push_back(',');
  };
  auto joined = [&](const std::vector<std::string>& values, std::string_view sep) {
    std::string j;
    for (const std::string& v : values) j += (j.empty() ? "" : std::string(sep)) + v;
    field(j);
  };
  for (size_t i = 0; i < q.items.size(); ++i) {
    const QueueItem& it = q.items[i];
    const PostView& p = it.post;
    fmt::format_to(std::back_inserter(out), "{},{:.1f},", i + 1, it.priority);
    field(p.source);
    field(p.id);
    field(it.thread_id);
    field(FormatTimestamp(p.created_at_ms));
    field(p.author);
    field(p.author_name);
    joined(it.brands, " ");
    field(SentimentLabelName(p.label));
    fmt::format_to(std::back_inserter(out), "{},", p.score);
    joined(p.intents, " ");
    joined(p.topics, " ");
    if (p.followers) fmt::format_to(std::back_inserter(out), "{}", *p.followers);
    fmt::format_to(std::back_inserter(out), ",{:.2f},{},{},{},{},", it.influence_percentile,
                   it.replies_from_others, p.likes, p.shares, it.handled ? "true" : "false");
    joined(it.reasons, "; ");
    AppendCsvField(p.text, &out);
    out.append("\r\n");
  }
  return out;
}

// The ranking for a spreadsheet: an author a row, by rank.
std::string InfluencersCsv(const InfluenceRanking& r) {
  std::string out =
      "rank,source,handle,score,percentile,pagerank,followers,engagement,replies_received,"
      "mentions_received,shares_received\r\n";
  for (const AuthorInfluence& a : r.rows) {
    fmt::format_to(std::back_inserter(out), "{},", a.rank);
    AppendCsvField(a.source, &out);
    out.push_back(',');
    AppendCsvField(a.handle, &out);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},{},{},{}\r\n", a.score, a.percentile,
                   a.pagerank, a.reach, a.engagement, a.replies_received, a.mentions_received,
                   a.shares_received);
  }
  return out;
}

}  // namespace parley::people
