#include "src/serve/static_files.h"

#include <filesystem>
#include <system_error>

namespace parley::serve {
namespace {

namespace fs = std::filesystem;

// Checks each segment of the path; returns the relative path to join.
StatusOr<std::string> RelativePath(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') {
    return InvalidArgumentError("a file path must start with '/'");
  }
  if (url_path.find('\\') != std::string_view::npos ||
      url_path.find('\0') != std::string_view::npos) {
    return InvalidArgumentError("a file path may not contain '\\' or NUL");
  }
  std::string rel;
  std::string_view rest = url_path.substr(1);
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg.front() == '.') {
      return InvalidArgumentError("a file path may not contain '.', '..' or hidden names");
    }
    if (!rel.empty()) rel.push_back('/');
    rel.append(seg);
  }
  if (rel.empty() || url_path.back() == '/') rel += rel.empty() ? "index.html" : "/index.html";
  return rel;
}

}  // namespace

StatusOr<std::string> ResolveStaticPath(const std::string& root, std::string_view url_path) {
  PARLEY_ASSIGN_OR_RETURN(std::string rel, RelativePath(url_path));
  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) return NotFoundError("the dashboard folder '" + root + "' is missing");
  fs::path file = fs::canonical(base / rel, ec);
  if (ec) return NotFoundError("no file '" + std::string(url_path) + "'");
  // Symlinks inside the folder must not lead out of it.
  std::string b = base.string() + "/", f = file.string();
  if (f.compare(0, b.size(), b) != 0) {
    return InvalidArgumentError("'" + std::string(url_path) + "' is outside the dashboard folder");
  }
  if (!fs::is_regular_file(file, ec)) return NotFoundError("no file '" + std::string(url_path) + "'");
  return f;
}

StatusOr<StaticFile> ReadStatic(Env* env, const std::string& root, std::string_view url_path) {
  PARLEY_ASSIGN_OR_RETURN(std::string path, ResolveStaticPath(root, url_path));
  StaticFile out;
  PARLEY_ASSIGN_OR_RETURN(out.body, ReadFileToString(env, path));
  out.content_type = std::string(ContentTypeFor(path));
  return out;
}

std::string_view ContentTypeFor(std::string_view path) {
  struct Type {
    std::string_view ext, type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
      {".woff2", "font/woff2"}};
  for (const Type& t : kTypes) {
    if (path.ends_with(t.ext)) return t.type;
  }
  return "application/octet-stream";
}

}  // namespace parley::serve
