// Where the lines of a reading came from, for inputs read through a
// conversion that does not keep lines one for one (Twitter API v2 response
// pages made their tweets, a workbook's rows made CSV): so that records, and
// rejects, name the input's own lines (or a sheet's rows).
//
// Thread safety: Add() and InputLine() may run on different threads.
#ifndef PARLEY_INGEST_LINE_MAP_H_
#define PARLEY_INGEST_LINE_MAP_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "src/ingest/record_reader.h"

namespace parley {

class LineMap {
 public:
  // The input's line of the reading's line `line` (1-based). A line after
  // the last group added is as many lines on from that group's input line
  // as it is from the group's last line (lines passed on one for one).
  uint64_t InputLine(uint64_t line) const;
  // The reading's `count` lines from `first` (0 for none) came from the
  // input's line `input_line`. Groups are added in the order of `first`.
  void Add(uint64_t first, uint64_t count, uint64_t input_line);

 private:
  struct Group {
    uint64_t first, count, input_line;
  };
  mutable std::mutex mu_;
  std::vector<Group> groups_;  // by `first`
};

// `reader`, with each record's line made the input's (LineMap::InputLine()).
std::unique_ptr<RecordReader> NewLineMappedReader(std::unique_ptr<RecordReader> reader,
                                                  std::shared_ptr<const LineMap> lines);

}  // namespace parley

#endif  // PARLEY_INGEST_LINE_MAP_H_
