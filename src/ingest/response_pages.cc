#include "src/ingest/response_pages.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>

#include "src/ingest/input_file.h"

namespace parley {
namespace {

namespace dom = simdjson::dom;

// A line longer than this is passed on as it is (the NDJSON reader then
// refuses it as too long a record, as it would have anyway).
constexpr size_t kMaxLineBytes = size_t{64} << 20;
constexpr size_t kBlock = 256 * 1024;

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\xEF' || c == '\xBB' ||
         c == '\xBF';
}

class ResponsePagesFile final : public ConvertingFile {
 public:
  ResponsePagesFile(std::unique_ptr<SequentialFile> in, std::shared_ptr<LineMap> lines)
      : in_(std::move(in)), lines_(std::move(lines)) {}

 private:
  // Reads a block and passes on the lines it completes.
  StatusOr<bool> NextBlock(std::string* out) override {
    out_ = out;
    const size_t kept = pending_.size();
    pending_.resize(kept + kBlock);
    PARLEY_ASSIGN_OR_RETURN(size_t got, in_->Read(pending_.data() + kept, kBlock));
    pending_.resize(kept + got);
    if (got == 0) {
      if (!pending_.empty()) Line(pending_, /*newline=*/false);
      pending_.clear();
      return true;
    }
    size_t start = 0;
    if (through_) {  // the rest of a line too long to be a page
      const size_t nl = pending_.find('\n', kept);
      out->append(pending_, 0, nl == std::string::npos ? pending_.size() : nl + 1);
      if (nl == std::string::npos) {
        pending_.clear();
        return false;
      }
      through_ = false;
      ++out_line_;
      start = nl + 1;
    }
    for (size_t nl; (nl = pending_.find('\n', std::max(start, kept))) != std::string::npos;
         start = nl + 1) {
      Line(std::string_view(pending_).substr(start, nl - start), /*newline=*/true);
    }
    pending_.erase(0, start);
    if (pending_.size() > kMaxLineBytes) {  // passed on as it comes
      *out += pending_;
      pending_.clear();
      through_ = true;
      ++input_line_;
    }
    return false;
  }

  void Line(std::string_view line, bool newline) {
    ++input_line_;
    if (const std::optional<uint64_t> posts = Flatten(line)) {
      lines_->Add(out_line_ + 1, *posts, input_line_);
      out_line_ += *posts;
      return;
    }
    *out_ += line;
    if (newline) *out_ += '\n';
    ++out_line_;
  }

  // When `line` is a response, passes on its posts, one a line, and
  // returns how many; else passes on nothing.
  std::optional<uint64_t> Flatten(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && IsBlank(line[i])) ++i;
    if (line.substr(i).starts_with("{\"info\"")) return ArchiveInfo(line);
    if (i == line.size() || line[i] != '{' ||
        (line.find("\"data\"") == std::string_view::npos &&
         line.find("\"chunk_type\"") == std::string_view::npos)) {
      return std::nullopt;
    }
    dom::element root;
    dom::object page;
    if (parser_.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root) ||
        root.get_object().get(page)) {
      return std::nullopt;
    }
    if (std::optional<uint64_t> documents = Talkwalker(page)) return documents;
    dom::array data;
    if (page["data"].get_array().get(data)) return std::nullopt;
    dom::element includes;
    const bool has_includes = !page["includes"].get(includes);
    if (!has_includes && page["meta"].error()) return std::nullopt;
    for (dom::element tweet : data) {
      if (!tweet.is_object()) return std::nullopt;
    }
    users_.clear();
    dom::array users;
    if (has_includes && !includes["users"].get_array().get(users)) {
      for (dom::element user : users) {
        std::string_view id;
        if (!user["id"].get_string().get(id)) users_.emplace(id, user);
      }
    }
    uint64_t tweets = 0;
    for (dom::element tweet : data) {
      std::string text = simdjson::minify(tweet);
      std::string_view author_id;
      if (tweet["author"].error() && !tweet["author_id"].get_string().get(author_id)) {
        if (auto user = users_.find(author_id); user != users_.end()) {
          text.pop_back();  // the object's '}'
          if (text.size() > 1) text += ',';
          text += "\"author\":";
          text += simdjson::minify(user->second);
          text += '}';
        }
      }
      *out_ += text;
      *out_ += '\n';
      ++tweets;
    }
    return tweets;
  }

  // Talkwalker's forms (response_pages.h): passes on their documents and
  // returns how many; nothing for another object.
  std::optional<uint64_t> Talkwalker(dom::object response) {
    std::string_view chunk_type;
    if (!response["chunk_type"].get_string().get(chunk_type)) {
      if (chunk_type == "CT_CONTROL") {
        // The stream's state, no post: given none, when it is a chunk and
        // nothing else (every member a chunk_ one).
        for (dom::key_value_pair member : response) {
          if (!member.key.starts_with("chunk_")) return std::nullopt;
        }
        return 0;
      }
      // A result's document. (Another chunk, an error's, is passed on as it
      // is: a reject, which the run counts and the rejects file shows.)
      dom::object document;
      if (chunk_type != "CT_RESULT" ||
          response.at_pointer("/chunk_result/data/data").get_object().get(document) ||
          !IsDocument(document)) {
        return std::nullopt;
      }
      return Pass(document);
    }
    dom::array results;
    if (!response.at_pointer("/result_content/data").get_array().get(results) &&
        !response["status_code"].error()) {
      for (dom::element result : results) {
        dom::object document;
        if (result["data"].get_object().get(document) || !IsDocument(document)) {
          return std::nullopt;
        }
      }
      uint64_t documents = 0;
      for (dom::element result : results) {
        documents += Pass(result["data"].get_object().value_unsafe());
      }
      return documents;
    }
    dom::object document;
    if (response.size() == 1 && !response["data"].get_object().get(document) &&
        IsDocument(document)) {
      return Pass(document);
    }
    return std::nullopt;
  }

  // An Activity Streams archive's or stream's system message, {"info":
  // {"message": ..., "activity_count": ...}}: no post. Another line that
  // opens so is passed on.
  std::optional<uint64_t> ArchiveInfo(std::string_view line) {
    dom::element root;
    dom::object object, info;
    if (parser_.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root) ||
        root.get_object().get(object) || object.size() != 1 ||
        object["info"].get_object().get(info) ||
        (info["message"].error() && info["activity_count"].error())) {
      return std::nullopt;
    }
    return 0;
  }

  static bool IsDocument(dom::object document) {
    return !document["url"].error() || !document["published"].error();
  }

  uint64_t Pass(dom::object document) {
    *out_ += simdjson::minify(document);
    *out_ += '\n';
    return 1;
  }

  std::unique_ptr<SequentialFile> in_;
  std::shared_ptr<LineMap> lines_;
  dom::parser parser_;
  std::unordered_map<std::string_view, dom::element> users_;
  std::string pending_;         // the bytes of a line not yet whole
  std::string* out_ = nullptr;  // NextBlock()'s
  uint64_t input_line_ = 0, out_line_ = 0;
  bool through_ = false;
};

}  // namespace

bool MayHoldResponsePages(std::string_view head) {
  size_t i = 0;
  auto skip = [&] {
    while (i < head.size() && IsBlank(head[i])) ++i;
  };
  auto take = [&](std::string_view s) {
    skip();
    if (!head.substr(i).starts_with(s)) return false;
    i += s.size();
    return true;
  };
  if (!take("{")) return false;
  const size_t key = i;
  if (take("\"data\"")) return take(":") && (take("[") || take("{"));
  i = key;
  if (take("\"id\"")) return take(":") && take("\"tag:search.");  // Activity Streams
  i = key;
  return take("\"status_code\"") || take("\"chunk_type\"") || take("\"info\"");
}

std::unique_ptr<SequentialFile> NewResponsePagesFile(std::unique_ptr<SequentialFile> in,
                                                     std::shared_ptr<LineMap> lines) {
  return std::make_unique<ResponsePagesFile>(std::move(in), std::move(lines));
}

}  // namespace parley
