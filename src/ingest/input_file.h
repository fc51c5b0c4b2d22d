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

// Returns the UTF-8 form of the UTF-16 text in `in` (little-endian unless
// `big_endian`), converted block by block: what Excel's "Unicode Text" and
// some listening tools' exports (tab-separated UTF-16) are read through. A
// byte order mark becomes UTF-8's (which the readers pass over); an
// unpaired surrogate, and an odd byte at the end, become U+FFFD, as
// decoders replace what they cannot decode.
std::unique_ptr<SequentialFile> NewUtf16File(std::unique_ptr<SequentialFile> in, bool big_endian);

// The name to show for `path` in messages: "stdin" for "-".
std::string DisplayName(const std::string& path);

}  // namespace parley

#endif  // PARLEY_INGEST_INPUT_FILE_H_
