#include "src/ingest/record_reader.h"

#include <algorithm>
#include <cctype>

#include "src/core/ascii.h"
#include "src/ingest/csv_reader.h"
#include "src/ingest/input_file.h"
#include "src/ingest/line_map.h"
#include "src/ingest/ndjson_reader.h"
#include "src/ingest/response_pages.h"
#include "src/ingest/xlsx_reader.h"

namespace parley {
namespace {

// Folders may nest through symlinks; a cycle must end, not recurse forever.
constexpr int kMaxFolderDepth = 32;
// Bytes read to find the first non-blank one when sniffing the format.
constexpr size_t kSniffBlock = 64 * 1024;
constexpr size_t kMaxSniffBytes = size_t{1} << 20;
// The first read of every input, whose bytes show whether it is text at all.
constexpr size_t kCheckBlock = 4 * 1024;

bool IsSniffBlank(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isspace(u) || u == 0xEF || u == 0xBB || u == 0xBF;
}

// "x.CSV.gz" -> "csv": the extension under any compression suffix.
std::string DataExtension(const std::string& path) {
  std::string name = AsciiLower(path.substr(path.rfind('/') + 1));
  for (std::string_view z : {".gz", ".zst"}) {
    if (name.ends_with(z)) name.resize(name.size() - z.size());
  }
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? std::string() : name.substr(dot + 1);
}

// A .json file may hold an array or one object a line: its first byte says.
InputFormat FormatForExtension(std::string_view ext) {
  if (ext == "csv" || ext == "tsv") return InputFormat::kCsv;
  if (ext == "ndjson" || ext == "jsonl") return InputFormat::kNdjson;
  return InputFormat::kAuto;
}

// The first bytes of an input, read to check that it is text and, for
// "auto", to find its format: up to its first LF or kCheckBlock bytes (the
// header, which the reader wants before anything else anyway; a pipe is not
// made to wait for more), and on until a byte that is not whitespace or a
// byte order mark, up to kMaxSniffBytes.
StatusOr<std::string> ReadHead(SequentialFile* file) {
  std::string head;
  size_t blank = 0;  // head[0, blank) is whitespace or byte order marks
  size_t no_lf = 0;  // head[0, no_lf) holds no LF
  bool lf = false;
  while (head.size() < kMaxSniffBytes) {
    size_t old_size = head.size();
    size_t block = old_size < kCheckBlock ? kCheckBlock - old_size : kSniffBlock;
    head.resize(old_size + block);
    PARLEY_ASSIGN_OR_RETURN(size_t got, file->Read(head.data() + old_size, block));
    head.resize(old_size + got);
    if (got == 0) break;
    while (blank < head.size() && IsSniffBlank(head[blank])) ++blank;
    while (!lf && no_lf < head.size()) lf = head[no_lf++] == '\n';
    if (blank < head.size() && (lf || head.size() >= kCheckBlock)) break;
  }
  return head;
}

// '{' first means NDJSON, '[' a JSON array, anything else CSV.
InputFormat SniffFormat(std::string_view head) {
  for (char c : head) {
    if (c == '{') return InputFormat::kNdjson;
    if (c == '[') return InputFormat::kJson;
    if (!IsSniffBlank(c)) return InputFormat::kCsv;
  }
  return InputFormat::kCsv;
}

}  // namespace

char SniffCsvDelimiter(std::string_view head) {
  size_t i = 0;
  while (i < head.size() && IsSniffBlank(head[i])) ++i;
  // The header: up to its first LF outside double quotes.
  static constexpr char kCandidates[] = {',', '\t', ';', '|'};
  size_t counts[std::size(kCandidates)] = {};
  bool quoted = false;
  for (; i < head.size(); ++i) {
    const char c = head[i];
    if (c == '"') {
      quoted = !quoted;  // ("" inside quotes toggles twice: no change)
    } else if (!quoted) {
      if (c == '\n') break;
      for (size_t k = 0; k < std::size(kCandidates); ++k) counts[k] += c == kCandidates[k];
    }
  }
  // The most fields, the first candidate on a tie; a comma with none.
  size_t best = 0;
  for (size_t k = 1; k < std::size(kCandidates); ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kCandidates[best];
}

StatusOr<char> ParseDelimiter(std::string_view name) {
  if (name == "auto") return '\0';
  if (name == "comma" || name == ",") return ',';
  if (name == "tab" || name == "\\t" || name == "\t") return '\t';
  if (name == "semicolon" || name == ";") return ';';
  if (name == "pipe" || name == "|") return '|';
  return InvalidArgumentError("unknown delimiter '" + std::string(name) +
                              "'; delimiters are: auto, comma (,), semicolon (;), tab, pipe (|)");
}

namespace {

// Blanks out the '[' that opens a JSON array (keeping offsets and lines),
// as NewJsonArrayReader wants. An input without records (blank) is left.
Status ConsumeArrayOpen(const std::string& path, const FieldMap& map, std::string* head) {
  for (char& c : *head) {
    if (c == '[') {
      c = ' ';
      return Status::OK();
    }
    if (!IsSniffBlank(c)) {
      return InvalidArgumentError("'" + DisplayName(path) +
                                  "' is not a JSON array (it does not start with '['); for one "
                                  "JSON object per line use " +
                                  FormatHint(map, "ndjson"));
    }
  }
  return Status::OK();
}

// What kind of not-CSV-or-NDJSON text `head` (an input's first bytes) shows,
// with what to do about it; empty when it may be such text. Legacy
// spreadsheets are the usual mistake: read as CSV, they only give a header
// of garbage. (UTF-16 text and .xlsx workbooks are read: Utf16Order() and
// OpenWorkbook() below.)
std::string_view WhyNotText(std::string_view head) {
  auto at = [&](size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 1; };
  // An OLE2 compound file: Excel 97-2003's .xls (or another Office file).
  if (head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return "is a legacy Office file such as an Excel 97-2003 workbook (.xls): save it as .xlsx "
           "or CSV";
  }
  if (head.starts_with(std::string_view("\xFF\xFE\0\0", 4)) ||
      head.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return "is UTF-32 text: save it as UTF-8";
  }
  // No byte order mark: ASCII characters as UTF-32 leave three NULs of four.
  if (head.size() >= 8 && ((at(1) == 0 && at(2) == 0 && at(3) == 0 && at(5) == 0) ||
                           (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(4) == 0))) {
    return "is UTF-32 text (three NUL bytes of every four): save it as UTF-8";
  }
  // Old Mac line ends: a CR that no LF follows, and no LF in all the bytes read.
  size_t cr = head.find('\r');
  if (cr != std::string_view::npos && cr + 1 < head.size() &&
      head.find('\n') == std::string_view::npos) {
    return "ends its lines with CR alone (old Mac text): convert them to LF, for example "
           "with tr '\\r' '\\n'";
  }
  return {};
}

// Whether `head` (an input's first bytes, which WhyNotText() finds no fault
// in: not UTF-32) begins UTF-16 text: 1 little-endian, 2 big-endian, 0 not. By
// its byte order mark, else by the NUL that ASCII characters leave every
// other byte (in the first two characters: an export's header is ASCII).
int Utf16Order(std::string_view head) {
  if (head.starts_with("\xFF\xFE")) return 1;
  if (head.starts_with("\xFE\xFF")) return 2;
  auto at = [&](size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 1; };
  if (head.size() < 4) return 0;
  if (at(0) != 0 && at(1) == 0 && at(2) != 0 && at(3) == 0) return 1;
  if (at(0) == 0 && at(1) != 0 && at(2) == 0 && at(3) != 0) return 2;
  return 0;
}

bool IsInputName(const std::string& name) {
  std::string ext = DataExtension(name);
  return ext == "json" || ext == "xlsx" || FormatForExtension(ext) != InputFormat::kAuto;
}

// An Excel workbook (a zip file; `bytes` its first bytes, `file` the rest):
// its sheet (ReaderOptions::sheet, else the first) read as CSV, each record
// of its sheet row.
StatusOr<std::unique_ptr<RecordReader>> OpenWorkbook(const std::string& path, std::string bytes,
                                                     SequentialFile* file,
                                                     const ReaderOptions& options) {
  if (options.format == InputFormat::kNdjson || options.format == InputFormat::kJson) {
    return InvalidArgumentError("'" + DisplayName(path) +
                                "' is a zip file such as an Excel workbook, not JSON");
  }
  constexpr size_t kBlock = size_t{1} << 20;
  for (size_t got = 1; got != 0;) {
    const size_t size = bytes.size();
    bytes.resize(size + kBlock);
    PARLEY_ASSIGN_OR_RETURN(got, file->Read(bytes.data() + size, kBlock));
    bytes.resize(size + got);
  }
  auto lines = std::make_shared<LineMap>();
  StatusOr<std::string> csv = XlsxToCsv(bytes, options.sheet, lines.get());
  if (!csv.ok()) {
    return Status(csv.status().code(), "'" + DisplayName(path) + "' " + csv.status().message());
  }
  bytes = std::string();  // (the CSV is all that is read from now on)
  PARLEY_ASSIGN_OR_RETURN(
      std::unique_ptr<RecordReader> reader,
      NewCsvReader(path, NewStringFile(*std::move(csv)), ',', options, /*stream=*/false));
  return NewLineMappedReader(std::move(reader), std::move(lines));
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
  if (name == "tsv") return InputFormat::kTsv;
  if (name == "ndjson" || name == "jsonl") return InputFormat::kNdjson;
  if (name == "json") return InputFormat::kJson;
  return InvalidArgumentError("unknown input format '" + std::string(name) +
                              "'; formats are: auto, csv, tsv, ndjson (or jsonl), json (an array)");
}

StatusOr<std::unique_ptr<RecordReader>> OpenRecordReader(Env* env, const std::string& path,
                                                         const ReaderOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> file, OpenInputFile(env, path));
  PARLEY_ASSIGN_OR_RETURN(std::string head, ReadHead(file.get()));
  if (IsZip(head)) return OpenWorkbook(path, std::move(head), file.get(), options);
  // Text in another encoding (the one named, else UTF-16 found by its first
  // bytes) is read as the UTF-8 it converts to, whose first bytes are then
  // looked at as any input's.
  std::string encoding = options.encoding;
  if (encoding.empty() && WhyNotText(head).empty()) {
    if (const int order = Utf16Order(head); order != 0)
      encoding = order == 1 ? "UTF-16LE" : "UTF-16BE";
  }
  if (!encoding.empty()) {
    PARLEY_ASSIGN_OR_RETURN(
        file, NewTranscodingFile(NewPrefixedFile(std::move(head), std::move(file)), encoding));
    PARLEY_ASSIGN_OR_RETURN(head, ReadHead(file.get()));
  }
  if (std::string_view why = WhyNotText(head); !why.empty()) {
    return InvalidArgumentError("'" + DisplayName(path) + "' " + std::string(why));
  }
  std::string ext = DataExtension(path);
  InputFormat format = options.format;
  if (format == InputFormat::kAuto) format = FormatForExtension(ext);
  if (format == InputFormat::kAuto) format = SniffFormat(head);
  if (format == InputFormat::kJson)
    PARLEY_RETURN_IF_ERROR(ConsumeArrayOpen(path, options.field_map, &head));
  // A file named .tsv is tab-separated unless --input-format says otherwise;
  // other CSV has the delimiter asked for, else the one its header shows.
  const bool tabs =
      format == InputFormat::kTsv || (options.format == InputFormat::kAuto && ext == "tsv");
  char delimiter = options.delimiter;
  if (delimiter == '\0') delimiter = tabs ? '\t' : SniffCsvDelimiter(head);
  if (!options.columns.empty() &&
      (format == InputFormat::kNdjson || format == InputFormat::kJson)) {
    return InvalidArgumentError(
        "'" + DisplayName(path) + "' is " +
        (format == InputFormat::kJson ? "a JSON array" : "NDJSON") +
        ", whose records name their keys: " + MapFlag(options.field_map, "columns") +
        " is for CSV and TSV inputs without a header row");
  }
  const bool pages = format == InputFormat::kNdjson && MayHoldResponsePages(head);
  file = NewPrefixedFile(std::move(head), std::move(file));
  if (pages) {
    // API responses that wrap posts (twarc2's pages, Talkwalker's results
    // and stream chunks): one post a record.
    auto lines = std::make_shared<LineMap>();
    PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> reader,
                            NewNdjsonReader(path, NewResponsePagesFile(std::move(file), lines),
                                            options, ReadOnlyOnce(env, path)));
    return NewLineMappedReader(std::move(reader), std::move(lines));
  }
  if (format == InputFormat::kNdjson) {
    return NewNdjsonReader(path, std::move(file), options, ReadOnlyOnce(env, path));
  }
  if (format == InputFormat::kJson) {
    return NewJsonArrayReader(path, std::move(file), options, ReadOnlyOnce(env, path));
  }
  return NewCsvReader(path, std::move(file), delimiter, options, ReadOnlyOnce(env, path));
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

// Out of line, so that DecodeRecord() (once a post) saves no registers for
// the string it makes.
[[gnu::noinline, gnu::cold]] void FillMissingId(uint64_t line, Post* post) {
  if (!post->has_time) {
    post->id = std::to_string(line);
    return;
  }
  // FNV-1a, 64 bits: a hash every tool can compute, fixed for good (the ids
  // it makes are keys in users' stores).
  uint64_t h = 0xcbf29ce484222325ULL;
  const auto add = [&h](std::string_view bytes) {
    for (const char c : bytes) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
  };
  add(post->author);
  add("\x1f");
  add(std::to_string(post->created_at_ms));
  add("\x1f");
  add(post->text);
  static constexpr char kHex[] = "0123456789abcdef";
  post->id.assign(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) post->id[static_cast<size_t>(i)] = kHex[h & 15];
}

bool DecodeRecord(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch,
                  Post* post, std::string* reason) {
  if (!batch.decoder->DecodeAt(batch, rec, scratch, post, reason)) return false;
  // A mapped id is never empty (the decoder rejects that), so an empty one
  // means the input has no id column.
  if (post->id.empty()) FillMissingId(rec.line, post);
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
