// Env::Default(): the POSIX file system through raw file descriptors.
//
// Raw read(2)/write(2) rather than stdio or iostreams: ingest reads large
// blocks into its own buffers, so another buffering layer would only copy.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "src/env/env.h"

namespace parley {
namespace {

constexpr char kStdio[] = "-";
constexpr size_t kWriteBufferSize = 64 * 1024;

// strerror() is not thread-safe; std::generic_category().message() is.
std::string ErrnoText(int err) { return std::generic_category().message(err); }

Status ErrnoStatus(std::string_view verb, const std::string& path, int err) {
  std::string message = std::string(verb) + " '" + path + "': " + ErrnoText(err);
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return NotFoundError(std::move(message));
    case EACCES:
    case EPERM:
    case EISDIR:
      return FailedPreconditionError(std::move(message));
    default:
      return UnavailableError(std::move(message));
  }
}

class PosixSequentialFile final : public SequentialFile {
 public:
  PosixSequentialFile(std::string path, int fd, bool owns_fd)
      : path_(std::move(path)), fd_(fd), owns_fd_(owns_fd) {}
  ~PosixSequentialFile() override {
    if (owns_fd_) ::close(fd_);
  }

  StatusOr<size_t> Read(char* buf, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return ErrnoStatus("cannot read", path_, errno);
    }
  }

 private:
  std::string path_;
  int fd_;
  bool owns_fd_;
};

// Buffers appends so that many small writes become few write(2) calls.
class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, bool owns_fd)
      : path_(std::move(path)), fd_(fd), owns_fd_(owns_fd) {
    buffer_.reserve(kWriteBufferSize);
  }
  ~PosixWritableFile() override { (void)Close(); }

  Status Append(std::string_view data) override {
    if (fd_ < 0) return FailedPreconditionError("write to closed file '" + path_ + "'");
    if (buffer_.size() + data.size() > kWriteBufferSize) {
      PARLEY_RETURN_IF_ERROR(FlushBuffer());
      if (data.size() > kWriteBufferSize) return WriteAll(data);
    }
    buffer_.append(data);
    return Status::OK();
  }

  Status Flush() override {
    if (fd_ < 0) return Status::OK();
    return FlushBuffer();
  }

  Status Close() override {
    if (fd_ < 0) return Status::OK();
    Status status = FlushBuffer();
    if (owns_fd_ && ::close(fd_) != 0 && status.ok()) {
      status = ErrnoStatus("cannot close", path_, errno);
    }
    fd_ = -1;
    return status;
  }

 private:
  Status FlushBuffer() {
    Status status = WriteAll(buffer_);
    buffer_.clear();
    return status;
  }

  Status WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t put = ::write(fd_, data.data(), data.size());
      if (put < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("cannot write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(put));
    }
    return Status::OK();
  }

  std::string path_;
  int fd_;
  bool owns_fd_;
  std::string buffer_;
};

// Files to remove when a signal ends the process. The handler only reads
// these slots and calls unlink(2), both async-signal-safe.
constexpr int kCleanupSlots = 16;
std::atomic<const char*> cleanup_paths[kCleanupSlots];

extern "C" void RemoveFilesAndDie(int sig) {
  for (auto& slot : cleanup_paths) {
    if (const char* path = slot.load()) ::unlink(path);
  }
  // SA_RESETHAND has restored the default action; the signal, blocked while
  // this runs, ends the process on return with the status it would have had.
  ::raise(sig);
}

void InstallCleanupHandlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction action {};
    action.sa_handler = RemoveFilesAndDie;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &action, nullptr);
  }
}

class PosixSignalCleanup final : public SignalCleanup {
 public:
  explicit PosixSignalCleanup(std::string path) : path_(std::move(path)) {
    static std::once_flag installed;
    std::call_once(installed, InstallCleanupHandlers);
    for (auto& slot : cleanup_paths) {
      const char* empty = nullptr;
      if (slot.compare_exchange_strong(empty, path_.c_str())) {
        slot_ = &slot;
        return;
      }
    }
  }
  ~PosixSignalCleanup() override {
    if (slot_ != nullptr) slot_->store(nullptr);
  }

 private:
  std::string path_;
  std::atomic<const char*>* slot_ = nullptr;  // null when all were taken
};

class PosixEnv final : public Env {
 public:
  StatusOr<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    if (path == kStdio) return {std::make_unique<PosixSequentialFile>("stdin", 0, false)};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("cannot open", path, errno);
    // open(2) accepts a directory; fail here rather than on the first read.
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return ErrnoStatus("cannot open", path, EISDIR);
    }
    return {std::make_unique<PosixSequentialFile>(path, fd, true)};
  }

  StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    if (path == kStdio) return {std::make_unique<PosixWritableFile>("stdout", 1, false)};
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("cannot create", path, errno);
    return {std::make_unique<PosixWritableFile>(path, fd, true)};
  }

  bool FileExists(const std::string& path) override {
    return ::access(path.c_str(), F_OK) == 0;
  }

  bool IsDirectory(const std::string& path) override {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  bool IsSpecialFile(const std::string& path) override {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ||
                                              S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
  }

  StatusOr<std::vector<std::string>> GetChildren(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return ErrnoStatus("cannot list", path, errno);
    std::vector<std::string> names;
    while (const struct dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus("cannot rename to", to, errno);
    return Status::OK();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return ErrnoStatus("cannot remove", path, errno);
    return Status::OK();
  }

  bool SameFile(const std::string& a, const std::string& b) override {
    struct stat sa, sb;
    if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) {
      return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
    std::error_code ec;
    auto normal = [&ec](const std::string& p) {
      return std::filesystem::absolute(p, ec).lexically_normal();
    };
    return normal(a) == normal(b);
  }

  std::unique_ptr<SignalCleanup> RemoveOnSignal(const std::string& path) override {
    if (path == kStdio || IsSpecialFile(path)) return std::make_unique<SignalCleanup>();
    return std::make_unique<PosixSignalCleanup>(path);
  }

  Status CheckWritable(const std::string& path) override {
    if (path == kStdio) return Status::OK();
    if (::access(path.c_str(), F_OK) == 0) {
      if (IsDirectory(path)) return ErrnoStatus("cannot create", path, EISDIR);
      if (::access(path.c_str(), W_OK) != 0) return ErrnoStatus("cannot create", path, errno);
      return Status::OK();
    }
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return ErrnoStatus("cannot create", path, errno);
    if (!IsDirectory(dir)) return ErrnoStatus("cannot create", path, ENOTDIR);
    return Status::OK();
  }
};

}  // namespace

Env* Env::Default() {
  // Leaked on purpose: files may be closed during static destruction.
  static Env* const env = new PosixEnv;
  return env;
}

}  // namespace parley
