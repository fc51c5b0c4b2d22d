// The ground-truth file of `parley synth --truth` (format in docs/synth.md).
// Id lists can be as long as the stream, so they are spilled to temporary
// files beside the truth file and copied in at the end: memory stays constant.
#ifndef PARLEY_SYNTH_TRUTH_H_
#define PARLEY_SYNTH_TRUTH_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/env/env.h"

namespace parley::synth {

enum class CareList { kAnsweredComplaints, kUnansweredComplaints, kAnsweredQuestions, kUnansweredQuestions };

class TruthWriter {
 public:
  // Lists longer than `spill_bytes` go to temporary files.
  TruthWriter(Env* env, std::string path, size_t spill_bytes = 1 << 20);
  ~TruthWriter();  // removes any temporary file left by a failed run

  // Adds a post id (written as a JSON string) to a list.
  Status Add(CareList list, std::string_view id);
  // Writes the file: `head` (a JSON object's members, without braces), then
  // each list, and closes it.
  Status Finish(std::string_view head);

 private:
  struct List {
    std::string buffer;
    std::unique_ptr<WritableFile> spill;
    uint64_t count = 0;
  };
  static constexpr size_t kLists = 4;
  std::string SpillPath(size_t i) const;
  Status Spill(size_t i);
  Status CopyList(size_t i, WritableFile* out);

  Env* env_;
  std::string path_;
  size_t spill_bytes_;
  std::array<List, kLists> lists_;
};

}  // namespace parley::synth

#endif  // PARLEY_SYNTH_TRUTH_H_
