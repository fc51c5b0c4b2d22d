// NewMemEnv(): files held in memory, for tests and fuzzing.
//
// A file's contents are an immutable snapshot shared by its readers; a writer
// builds its own buffer and publishes a new snapshot on Flush() and Close().
// Readers therefore never race with writers and need no lock while reading.
#include <algorithm>
#include <map>
#include <mutex>

#include "src/env/env.h"

namespace parley {
namespace {

using Contents = std::shared_ptr<const std::string>;

// Drops trailing slashes so "a/" and "a" name the same directory.
std::string NormalizeDir(const std::string& path) {
  std::string dir = path;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

class MemSequentialFile final : public SequentialFile {
 public:
  explicit MemSequentialFile(Contents contents) : contents_(std::move(contents)) {}

  StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t count = std::min(n, contents_->size() - offset_);
    contents_->copy(buf, count, offset_);
    offset_ += count;
    return count;
  }

 private:
  Contents contents_;
  size_t offset_ = 0;
};

class MemEnv;

class MemWritableFile final : public WritableFile {
 public:
  MemWritableFile(MemEnv* env, std::string path) : env_(env), path_(std::move(path)) {}
  ~MemWritableFile() override { (void)Close(); }

  Status Append(std::string_view data) override {
    if (closed_) return FailedPreconditionError("write to closed file '" + path_ + "'");
    data_.append(data);
    return Status::OK();
  }
  Status Flush() override;
  Status Close() override {
    if (closed_) return Status::OK();
    Status status = Flush();
    closed_ = true;
    return status;
  }

 private:
  MemEnv* env_;
  std::string path_;
  std::string data_;
  bool closed_ = false;
};

class MemEnv final : public Env {
 public:
  StatusOr<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(path);
    if (it == files_.end()) {
      return NotFoundError("cannot open '" + path + "': No such file or directory");
    }
    return {std::make_unique<MemSequentialFile>(it->second)};
  }

  StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    Publish(path, std::string());
    return {std::make_unique<MemWritableFile>(this, path)};
  }

  bool FileExists(const std::string& path) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (files_.count(path) != 0) return true;
    }
    return IsDirectory(path);
  }

  bool IsDirectory(const std::string& path) override {
    std::string prefix = NormalizeDir(path) + "/";
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.lower_bound(prefix);
    return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }

  bool IsSpecialFile(const std::string&) override { return false; }  // only plain files here

  StatusOr<std::vector<std::string>> GetChildren(const std::string& path) override {
    std::string prefix = NormalizeDir(path) + "/";
    std::vector<std::string> names;
    std::lock_guard<std::mutex> lock(mu_);
    // Files under the prefix are contiguous in the ordered map.
    for (auto it = files_.lower_bound(prefix);
         it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      std::string_view rest = std::string_view(it->first).substr(prefix.size());
      std::string_view name = rest.substr(0, rest.find('/'));
      if (!name.empty() && (names.empty() || names.back() != name)) names.emplace_back(name);
    }
    if (names.empty()) {
      return NotFoundError("cannot list '" + path + "': No such file or directory");
    }
    // Map order sorts "b.csv" before "b" (as "b/..."), so sort by name.
    std::sort(names.begin(), names.end());
    return names;
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(from);
    if (it == files_.end()) return NotFoundError("cannot rename '" + from + "': No such file");
    Contents contents = it->second;
    files_.erase(it);
    files_[to] = std::move(contents);
    return Status::OK();
  }

  Status RemoveFile(const std::string& path) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (files_.erase(path) == 0) return NotFoundError("cannot remove '" + path + "': No such file");
    return Status::OK();
  }

  void Publish(const std::string& path, std::string data) {
    auto contents = std::make_shared<const std::string>(std::move(data));
    std::lock_guard<std::mutex> lock(mu_);
    files_[path] = std::move(contents);
  }

 private:
  std::mutex mu_;
  std::map<std::string, Contents> files_;  // ordered: directories are key ranges
};

Status MemWritableFile::Flush() {
  if (!closed_) env_->Publish(path_, data_);
  return Status::OK();
}

}  // namespace

std::unique_ptr<Env> NewMemEnv() { return std::make_unique<MemEnv>(); }

std::unique_ptr<SequentialFile> NewStringFile(std::string contents) {
  return std::make_unique<MemSequentialFile>(
      std::make_shared<const std::string>(std::move(contents)));
}

}  // namespace parley
