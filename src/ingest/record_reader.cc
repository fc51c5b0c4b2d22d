#include "src/ingest/record_reader.h"

#include <algorithm>
#include <cctype>

#include "src/ingest/csv_reader.h"
#include "src/ingest/input_file.h"
#include "src/ingest/ndjson_reader.h"

namespace parley {
namespace {

// Folders may nest through symlinks; a cycle must end, not recurse forever.
constexpr int kMaxFolderDepth = 32;
// Bytes read to find the first non-blank one when sniffing the format.
constexpr size_t kSniffBlock = 64 * 1024;
constexpr size_t kMaxSniffBytes = size_t{1} << 20;

// "x.CSV.gz" -> "csv": the extension under any compression suffix.
std::string DataExtension(const std::string& path) {
  std::string name = AsciiLower(path.substr(path.rfind('/') + 1));
  for (std::string_view z : {".gz", ".zst"}) {
    if (name.ends_with(z)) name.resize(name.size() - z.size());
  }
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? std::string() : name.substr(dot + 1);
}

InputFormat FormatForExtension(std::string_view ext) {
  if (ext == "csv" || ext == "tsv") return InputFormat::kCsv;
  if (ext == "ndjson" || ext == "jsonl" || ext == "json") return InputFormat::kNdjson;
  return InputFormat::kAuto;
}

// Reads until the first byte that is not whitespace or a byte order mark:
// '{' means NDJSON, anything else CSV. The bytes read are given back.
StatusOr<InputFormat> SniffFormat(std::unique_ptr<SequentialFile>* file) {
  std::string head;
  InputFormat format = InputFormat::kCsv;
  size_t scanned = 0;
  while (head.size() < kMaxSniffBytes) {
    size_t old_size = head.size();
    head.resize(old_size + kSniffBlock);
    PARLEY_ASSIGN_OR_RETURN(size_t got, (*file)->Read(head.data() + old_size, kSniffBlock));
    head.resize(old_size + got);
    if (got == 0) break;
    for (; scanned < head.size(); ++scanned) {
      unsigned char c = static_cast<unsigned char>(head[scanned]);
      if (std::isspace(c) || c == 0xEF || c == 0xBB || c == 0xBF) continue;
      format = c == '{' ? InputFormat::kNdjson : InputFormat::kCsv;
      break;
    }
    if (scanned < head.size()) break;
  }
  *file = NewPrefixedFile(std::move(head), std::move(*file));
  return format;
}

bool IsInputName(const std::string& name) {
  return FormatForExtension(DataExtension(name)) != InputFormat::kAuto;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  return !dir.empty() && dir.back() == '/' ? dir + name : dir + "/" + name;
}

Status ExpandFolder(Env* env, const std::string& dir, int depth, std::vector<std::string>* out) {
  if (depth > kMaxFolderDepth) {
    return InvalidArgumentError("folders nest too deeply under '" + dir + "' (a symlink cycle?)");
  }
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> names, env->GetChildren(dir));
  for (const std::string& name : names) {
    if (name.starts_with('.')) continue;  // .git, editor and OS droppings
    std::string path = JoinPath(dir, name);
    if (env->IsDirectory(path)) {
      PARLEY_RETURN_IF_ERROR(ExpandFolder(env, path, depth + 1, out));
    } else if (IsInputName(name)) {
      out->push_back(std::move(path));
    }
  }
  return Status::OK();
}

}  // namespace

StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "csv") return InputFormat::kCsv;
  if (name == "ndjson" || name == "jsonl") return InputFormat::kNdjson;
  return InvalidArgumentError("unknown input format '" + std::string(name) +
                              "'; formats are: auto, csv, ndjson (or jsonl)");
}

StatusOr<std::unique_ptr<RecordReader>> OpenRecordReader(Env* env, const std::string& path,
                                                         const ReaderOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> file, OpenInputFile(env, path));
  std::string ext = DataExtension(path);
  InputFormat format = options.format;
  if (format == InputFormat::kAuto) format = FormatForExtension(ext);
  if (format == InputFormat::kAuto) {
    PARLEY_ASSIGN_OR_RETURN(format, SniffFormat(&file));
  }
  if (format == InputFormat::kNdjson) return NewNdjsonReader(path, std::move(file), options);
  char delimiter = ext == "tsv" ? '\t' : ',';
  return NewCsvReader(path, std::move(file), delimiter, options);
}

StatusOr<std::vector<std::string>> ExpandInputs(Env* env, const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  for (const std::string& arg : args) {
    if (arg == "-") {
      inputs.push_back(arg);
    } else if (env->IsDirectory(arg)) {
      PARLEY_RETURN_IF_ERROR(ExpandFolder(env, arg, 0, &inputs));
    } else if (env->FileExists(arg)) {
      inputs.push_back(arg);
    } else {
      return NotFoundError("cannot open '" + arg + "': No such file or directory");
    }
  }
  return inputs;
}

namespace {
// Out of line, so that DecodeRecord() (once a post) saves no registers for
// the string it makes.
[[gnu::noinline, gnu::cold]] void SetLineId(uint64_t line, Post* post) {
  post->id = std::to_string(line);
}
}  // namespace

bool DecodeRecord(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch,
                  Post* post, std::string* reason) {
  if (!batch.decoder->DecodeAt(batch, rec, scratch, post, reason)) return false;
  // A mapped id is never empty (the decoder rejects that), so an empty one
  // means the input has no id column.
  if (post->id.empty()) SetLineId(rec.line, post);
  return true;
}

Status ForEachPost(RecordReader* records, const PostCallback& on_post,
                   const RejectCallback& on_reject) {
  RecordBatch batch;
  Post post;
  std::string reason;
  std::unique_ptr<DecodeScratch> scratch;
  const RecordDecoder* decoder = nullptr;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool more, records->NextBatch(1 << 20, &batch));
    if (!more) return Status::OK();
    if (batch.decoder.get() != decoder) {
      decoder = batch.decoder.get();
      scratch = decoder->NewScratch();
    }
    for (const RawRecord& rec : batch.records) {
      post.Clear();
      reason.clear();
      if (!DecodeRecord(batch, rec, scratch.get(), &post, &reason)) {
        if (on_reject) on_reject(RejectedRecord{rec.line, reason, batch.raw(rec)});
        continue;
      }
      PARLEY_RETURN_IF_ERROR(on_post(post));
    }
  }
}

Status ForEachPost(Env* env, const std::string& path, const ReaderOptions& options,
                   const PostCallback& on_post, const RejectCallback& on_reject) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> records,
                          OpenRecordReader(env, path, options));
  return ForEachPost(records.get(), on_post, on_reject);
}

}  // namespace parley
