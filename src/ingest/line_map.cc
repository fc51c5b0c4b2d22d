#include "src/ingest/line_map.h"

#include <algorithm>

namespace parley {
namespace {

class LineMappedReader final : public RecordReader {
 public:
  LineMappedReader(std::unique_ptr<RecordReader> reader, std::shared_ptr<const LineMap> lines)
      : reader_(std::move(reader)), lines_(std::move(lines)) {}

  StatusOr<bool> NextBatch(size_t max_bytes, RecordBatch* batch) override {
    PARLEY_ASSIGN_OR_RETURN(bool more, reader_->NextBatch(max_bytes, batch));
    for (RawRecord& r : batch->records) r.line = lines_->InputLine(r.line);
    return more;
  }
  uint64_t records_read() const override { return reader_->records_read(); }
  const std::vector<std::string>* ExtraColumns() const override { return reader_->ExtraColumns(); }
  const std::string& guessed_columns() const override { return reader_->guessed_columns(); }
  const std::string& guessed_time_format() const override { return reader_->guessed_time_format(); }
  uint64_t header_line() const override {
    const uint64_t line = reader_->header_line();
    return line == 0 ? 0 : lines_->InputLine(line);
  }

 private:
  std::unique_ptr<RecordReader> reader_;
  std::shared_ptr<const LineMap> lines_;
};

}  // namespace

uint64_t LineMap::InputLine(uint64_t line) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto after = std::upper_bound(groups_.begin(), groups_.end(), line,
                                [](uint64_t l, const Group& g) { return l < g.first; });
  if (after == groups_.begin()) return line;
  const Group& g = *(after - 1);
  if (line < g.first + g.count) return g.input_line;
  return g.input_line + (line - (g.first + g.count - 1));
}

void LineMap::Add(uint64_t first, uint64_t count, uint64_t input_line) {
  std::lock_guard<std::mutex> lock(mu_);
  groups_.push_back(Group{first, count, input_line});
}

std::unique_ptr<RecordReader> NewLineMappedReader(std::unique_ptr<RecordReader> reader,
                                                  std::shared_ptr<const LineMap> lines) {
  return std::make_unique<LineMappedReader>(std::move(reader), std::move(lines));
}

}  // namespace parley
