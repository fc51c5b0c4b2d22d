#include "src/synth/truth.h"

#include <utility>

namespace parley::synth {
namespace {

constexpr std::string_view kListNames[] = {"answered_complaints", "unanswered_complaints",
                                           "answered_questions", "unanswered_questions"};

}  // namespace

TruthWriter::TruthWriter(Env* env, std::string path, size_t spill_bytes)
    : env_(env), path_(std::move(path)), spill_bytes_(spill_bytes) {}

TruthWriter::~TruthWriter() {
  for (size_t i = 0; i < kLists; ++i) {
    if (lists_[i].spill != nullptr) {
      (void)lists_[i].spill->Close();
      (void)env_->RemoveFile(SpillPath(i));
    }
  }
}

std::string TruthWriter::SpillPath(size_t i) const {
  return path_ + ".list" + std::to_string(i) + ".tmp";
}

Status TruthWriter::Add(CareList which, std::string_view id) {
  size_t i = static_cast<size_t>(which);
  List& list = lists_[i];
  if (list.count++ > 0) list.buffer.push_back(',');
  list.buffer.push_back('"');
  list.buffer.append(id);
  list.buffer.push_back('"');
  return list.buffer.size() >= spill_bytes_ ? Spill(i) : Status::OK();
}

Status TruthWriter::Spill(size_t i) {
  List& list = lists_[i];
  if (list.spill == nullptr) {
    PARLEY_ASSIGN_OR_RETURN(list.spill, env_->NewWritableFile(SpillPath(i)));
  }
  PARLEY_RETURN_IF_ERROR(list.spill->Append(list.buffer));
  list.buffer.clear();
  return Status::OK();
}

Status TruthWriter::CopyList(size_t i, WritableFile* out) {
  List& list = lists_[i];
  PARLEY_RETURN_IF_ERROR(out->Append(",\n\"" + std::string(kListNames[i]) + "\":["));
  if (list.spill != nullptr) {
    PARLEY_RETURN_IF_ERROR(list.spill->Close());
    list.spill.reset();
    PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> in, env_->NewSequentialFile(SpillPath(i)));
    std::string chunk(64 * 1024, '\0');
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(size_t n, in->Read(chunk.data(), chunk.size()));
      if (n == 0) break;
      PARLEY_RETURN_IF_ERROR(out->Append(std::string_view(chunk.data(), n)));
    }
    PARLEY_RETURN_IF_ERROR(env_->RemoveFile(SpillPath(i)));
  }
  PARLEY_RETURN_IF_ERROR(out->Append(list.buffer));
  list.buffer.clear();
  return out->Append("]");
}

Status TruthWriter::Finish(std::string_view head) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> out, env_->NewWritableFile(path_));
  PARLEY_RETURN_IF_ERROR(out->Append("{"));
  PARLEY_RETURN_IF_ERROR(out->Append(head));
  for (size_t i = 0; i < kLists; ++i) PARLEY_RETURN_IF_ERROR(CopyList(i, out.get()));
  PARLEY_RETURN_IF_ERROR(out->Append("}\n"));
  return out->Close();
}

}  // namespace parley::synth
