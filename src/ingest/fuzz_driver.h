// Shared driver for the ingest fuzz targets (fuzz/*_reader_fuzzer.cc): puts the bytes in a MemEnv file,
// opens a reader, decodes every record and checks the reader's invariants.
// Any broken invariant aborts, which libFuzzer reports as a crash.
#ifndef PARLEY_INGEST_FUZZ_DRIVER_H_
#define PARLEY_INGEST_FUZZ_DRIVER_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley::fuzz {

inline void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "ingest invariant broken: %s\n", what);
  std::abort();
}

// Reads `contents` as file `path` with `options`, in batches of `max_bytes`.
inline void ReadEverything(std::string_view contents, const std::string& path,
                           const ReaderOptions& options, size_t max_bytes) {
  auto env = NewMemEnv();
  Require(WriteStringToFile(env.get(), contents, path).ok(), "MemEnv write failed");
  auto reader = OpenRecordReader(env.get(), path, options);
  if (!reader.ok()) return;  // a bad header or map is a clean error
  RecordBatch batch;
  Post post, plain;
  std::string reason, plain_reason;
  std::unique_ptr<DecodeScratch> scratch;
  uint64_t records = 0;
  uint64_t last_line = 0;
  while (true) {
    StatusOr<bool> more = (*reader)->NextBatch(max_bytes, &batch);
    if (!more.ok() || !*more) break;
    Require(!batch.records.empty(), "a batch without records");
    Require(batch.bytes.size() <= max_bytes || batch.records.size() == 1,
            "a batch over max_bytes with several records");
    if (scratch == nullptr) scratch = batch.decoder->NewScratch();
    for (const RawRecord& r : batch.records) {
      Require(uint64_t{r.offset} + r.size <= batch.bytes.size(), "record outside the batch");
      // Not strictly: the elements of a JSON array may share a line.
      Require(r.line >= last_line && r.line > 0, "record lines decrease");
      last_line = r.line;
      post.Clear();
      // (DecodeRecord(): as every caller decodes, ids made for id-less inputs.)
      const bool accepted = DecodeRecord(batch, r, scratch.get(), &post, &reason);
      if (accepted) {
        Require(!post.id.empty() && !post.text.empty(), "accepted a post without id or text");
        Require(!post.source.empty(), "accepted a post without source");
      } else {
        Require(!reason.empty(), "rejected without a reason");
      }
      // Decode() without the scanner's cuts (the Python binding's) agrees.
      plain.Clear();
      plain_reason.clear();
      const bool plain_accepted =
          batch.decoder->Decode(batch.raw(r), scratch.get(), &plain, &plain_reason);
      Require(plain_accepted == accepted, "Decode() and DecodeRecord() disagree");
      Require(!accepted || (plain.text == post.text && plain.author == post.author &&
                            plain.created_at_ms == post.created_at_ms),
              "Decode() and DecodeRecord() read another post");
    }
    records += batch.records.size();
  }
  Require(records == (*reader)->records_read(), "records_read disagrees with the batches");
}

// Options from a config byte: which preset, and whether to force `format`.
inline ReaderOptions OptionsFor(uint8_t config, const char* const* presets, size_t n,
                                InputFormat format) {
  ReaderOptions options;
  // With the top bit, a text joined from two columns or keys (--map
  // text=title+text): the decoders' joined-text paths.
  std::vector<std::string> overrides;
  if (config & 0x80) overrides.push_back("text=title+text");
  auto map = MakeFieldMap(presets[config % n], overrides);
  if (map.ok()) options.field_map = *map;
  options.map_overrides = overrides;
  if (config & 0x10) options.format = format;
  if (config & 0x20) options.source = "fuzz";
  return options;
}

}  // namespace parley::fuzz

#endif  // PARLEY_INGEST_FUZZ_DRIVER_H_
