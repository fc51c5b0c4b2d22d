// CSV renderings of the people lists for spreadsheets (`parley queue -f
// csv`, `influencers -f csv`, `GET /api/queue.csv`): RFC 4180 with CRLF, a
// header row, an item a row in rank order, UTC times, lists joined by
// spaces as analyze's CSV joins them.
#ifndef PARLEY_PEOPLE_CSV_H_
#define PARLEY_PEOPLE_CSV_H_

#include <string>

#include "src/people/influence.h"
#include "src/people/queue.h"

namespace parley::people {

// rank,priority,source,id,thread,created_at,author,author_name,awaits,
// sentiment,score,intents,topics,followers,influence_percentile,
// replies_from_others,likes,shares,handled,reasons,text (reasons joined by
// "; ").
std::string QueueCsv(const CareQueue& q);

// rank,source,handle,score,percentile,pagerank,followers,engagement,
// replies_received,mentions_received,shares_received.
std::string InfluencersCsv(const InfluenceRanking& r);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_CSV_H_
