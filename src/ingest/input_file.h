// Input files as streams of decompressed bytes.
//
// Compression is recognized by magic bytes, not by name, so "export.csv" that
// is really gzip still reads, and decompression streams block by block: an
// input is never held in memory whole.
//
// Thread safety: the returned files are used by one thread at a time.
#ifndef PARLEY_INGEST_INPUT_FILE_H_
#define PARLEY_INGEST_INPUT_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/env/env.h"

namespace parley {

enum class Compression { kNone, kGzip, kZstd };

// Classifies the first bytes of a file: 1f 8b is gzip, 28 b5 2f fd is zstd.
Compression DetectCompression(std::string_view head);

// Opens `path` ("-" = stdin) through `env` and returns its decompressed bytes.
// gzip inputs may hold several members (as `cat a.gz b.gz` makes) and zstd
// inputs several frames. Corrupt or truncated compressed data makes Read()
// fail with DataLoss naming the path.
StatusOr<std::unique_ptr<SequentialFile>> OpenInputFile(Env* env, const std::string& path);

// Returns a file that yields `prefix` and then the bytes of `rest`: how bytes
// read to sniff an input are given back to its parser.
std::unique_ptr<SequentialFile> NewPrefixedFile(std::string prefix,
                                                std::unique_ptr<SequentialFile> rest);

// A file whose bytes are made from another's a block at a time (a
// conversion): Read() serves what the last NextBlock() made.
class ConvertingFile : public SequentialFile {
 public:
  StatusOr<size_t> Read(char* buf, size_t n) final;

 protected:
  // Makes the next block's bytes in *out (empty when called; it may stay
  // empty while more is to come); returns whether they are the last.
  virtual StatusOr<bool> NextBlock(std::string* out) = 0;

 private:
  std::string out_;
  size_t pos_ = 0;
  bool done_ = false;
};

// The name ICU gives the encoding `encoding` names ("latin1" ->
// "ISO-8859-1", "utf-16le" -> "UTF-16LE"), empty for "auto" or an empty
// name, or InvalidArgument for a name ICU does not know.
StatusOr<std::string> CanonicalEncoding(std::string_view encoding);

// Returns the UTF-8 form of the text in `in`, written in `encoding` (any
// name ICU knows: "windows-1252" for Excel's CSV on Windows, "UTF-16LE" for
// its "Unicode Text"), converted block by block; `in` itself for UTF-8 (or
// "auto"). A byte order mark becomes UTF-8's (which the readers pass over);
// what does not decode (an unpaired surrogate, an odd byte at the end of
// UTF-16, a byte the encoding leaves undefined) becomes U+FFFD, as decoders
// replace what they cannot decode. InvalidArgument for an unknown name.
StatusOr<std::unique_ptr<SequentialFile>> NewTranscodingFile(std::unique_ptr<SequentialFile> in,
                                                             std::string_view encoding);

// The name to show for `path` in messages: "stdin" for "-".
std::string DisplayName(const std::string& path);

}  // namespace parley

#endif  // PARLEY_INGEST_INPUT_FILE_H_
