// Whole-file helpers declared in env.h.
#include <filesystem>

#include "src/env/env.h"

namespace parley {

bool Env::SameFile(const std::string& a, const std::string& b) {
  return std::filesystem::path(a).lexically_normal() ==
         std::filesystem::path(b).lexically_normal();
}

Status Env::CheckWritable(const std::string&) { return Status::OK(); }

std::unique_ptr<SignalCleanup> Env::RemoveOnSignal(const std::string&) {
  return std::make_unique<SignalCleanup>();
}

Status WriteStringToFile(Env* env, std::string_view data, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, env->NewWritableFile(path));
  PARLEY_RETURN_IF_ERROR(file->Append(data));
  return file->Close();
}

bool ReadOnlyOnce(Env* env, const std::string& path) {
  return path == "-" || env->IsSpecialFile(path);
}

std::string StagingPath(Env* env, const std::string& path) {
  if (path == "-" || env->IsSpecialFile(path)) return path;
  return path + ".partial";
}

Status CommitStaged(Env* env, const std::string& staging, const std::string& path) {
  if (staging == path) return Status::OK();
  Status s = env->RenameFile(staging, path);
  if (!s.ok()) (void)env->RemoveFile(staging);
  return s;
}

void DiscardStaged(Env* env, const std::string& staging, const std::string& path) {
  if (staging != path) (void)env->RemoveFile(staging);
}

Status WriteFileAtomically(Env* env, std::string_view data, const std::string& path) {
  std::string staging = StagingPath(env, path);
  std::unique_ptr<SignalCleanup> cleanup = env->RemoveOnSignal(staging);
  Status s = WriteStringToFile(env, data, staging);
  if (!s.ok()) {
    DiscardStaged(env, staging, path);
    return s;
  }
  return CommitStaged(env, staging, path);
}

StatusOr<std::string> ReadFileToString(Env* env, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> file, env->NewSequentialFile(path));
  std::string data;
  constexpr size_t kChunk = 64 * 1024;
  while (true) {
    size_t old_size = data.size();
    data.resize(old_size + kChunk);
    PARLEY_ASSIGN_OR_RETURN(size_t got, file->Read(data.data() + old_size, kChunk));
    data.resize(old_size + got);
    if (got == 0) return data;
  }
}

}  // namespace parley
