// The dashboard's files: maps a request path to a file under one folder,
// never outside it.
//
// Thread safety: pure functions (ReadStatic reads through the Env).
#ifndef PARLEY_SERVE_STATIC_FILES_H_
#define PARLEY_SERVE_STATIC_FILES_H_

#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/env/env.h"

namespace parley::serve {

struct StaticFile {
  std::string body;
  std::string content_type;
};

// The file of `root` that the decoded request path `url_path` names ("/" is
// index.html). A path with a "..", "." or hidden segment, a backslash or NUL,
// or one that resolves (through symlinks) outside `root`, is
// InvalidArgument; a missing file or a folder is NotFound.
StatusOr<std::string> ResolveStaticPath(const std::string& root, std::string_view url_path);

// Resolves and reads the file, with its Content-Type.
StatusOr<StaticFile> ReadStatic(Env* env, const std::string& root, std::string_view url_path);

// "text/html; charset=utf-8" for "x.html", and so on; application/octet-stream
// for unknown extensions.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace parley::serve

#endif  // PARLEY_SERVE_STATIC_FILES_H_
