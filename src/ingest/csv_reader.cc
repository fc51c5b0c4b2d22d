#include "src/ingest/csv_reader.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PARLEY_CSV_AVX2 1
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "src/core/bytes.h"
#include "src/ingest/input_file.h"
#include "src/ingest/post_builder.h"

namespace parley {
namespace {

constexpr int kUnmapped = -1;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out;
}

// Indices of the alternatives of `spec` ("review_id|id") that `header` has,
// in the spec's order, each once.
std::vector<size_t> PresentColumns(std::string_view spec, const std::vector<std::string>& header) {
  std::vector<size_t> present;
  while (true) {
    size_t bar = spec.find('|');
    std::string_view alt = spec.substr(0, bar);
    auto it = std::find(header.begin(), header.end(), alt);
    if (it != header.end()) {
      const size_t index = static_cast<size_t>(it - header.begin());
      if (std::find(present.begin(), present.end(), index) == present.end()) {
        present.push_back(index);
      }
    }
    if (bar == std::string_view::npos) return present;
    spec.remove_prefix(bar + 1);
  }
}

// Index of the first alternative of `spec` in `header`: the field's column.
int FindColumn(std::string_view spec, const std::vector<std::string>& header) {
  const std::vector<size_t> present = PresentColumns(spec, header);
  return present.empty() ? kUnmapped : static_cast<int>(present.front());
}

// Splits the quoted field opening at record[open]; returns where it ends (a
// delimiter or the end), or npos if its quote is never closed.
size_t SplitQuotedField(std::string_view record, size_t open, char delimiter,
                        std::vector<std::string_view>* fields, std::string* unescaped) {
  const char* p = record.data();
  const size_t n = record.size();
  const size_t out_start = unescaped->size();
  size_t segment = open + 1;
  bool copied = false;
  while (true) {
    const void* q = std::memchr(p + segment, '"', n - segment);
    if (q == nullptr) return std::string_view::npos;
    size_t close = static_cast<const char*>(q) - p;
    if (close + 1 < n && p[close + 1] == '"') {
      unescaped->append(p + segment, close + 1 - segment);  // keeps one quote
      segment = close + 2;
      copied = true;
      continue;
    }
    // A quoted last field (most quoted text) closes at the record's end:
    // nothing after it to search.
    const void* d = close + 1 < n ? std::memchr(p + close + 1, delimiter, n - close - 1) : nullptr;
    size_t end = d != nullptr ? static_cast<const char*>(d) - p : n;
    if (!copied && end == close + 1) {
      fields->emplace_back(p + segment, close - segment);  // the common case: no copy
      return end;
    }
    unescaped->append(p + segment, close - segment);
    unescaped->append(p + close + 1, end - close - 1);  // text after the closing quote
    fields->emplace_back(unescaped->data() + out_start, unescaped->size() - out_start);
    return end;
  }
}

#if defined(__SSE2__)
__m128i Load16(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

// The first `delimiter` at or after `from` in p[0, n), or n; n >= 16. Every
// block looked at is OR-ed into *seen (for SplitCsvFieldsAscii's ASCII test):
// one load per sixteen bytes instead of a memchr call per field, and the
// last partial block is the record's last sixteen bytes, its bits before
// `from` shifted out, so nothing is read past the record.
size_t FindDelimiter(const char* p, size_t from, size_t n, __m128i delimiter, __m128i* seen) {
  size_t i = from;
  for (; i + 16 <= n; i += 16) {
    const __m128i x = Load16(p + i);
    *seen = _mm_or_si128(*seen, x);
    if (unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, delimiter)))) {
      return i + static_cast<size_t>(__builtin_ctz(hits));
    }
  }
  if (i == n) return n;
  const __m128i x = Load16(p + n - 16);
  *seen = _mm_or_si128(*seen, x);
  const unsigned hits =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, delimiter))) >> (i - (n - 16));
  return hits ? i + static_cast<size_t>(__builtin_ctz(hits)) : n;
}

// ORs the bytes p[0, n) into *seen; n may be below 16.
void OrBytes(const char* p, size_t n, __m128i* seen) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) *seen = _mm_or_si128(*seen, Load16(p + i));
  if (i == n) return;
  if (n >= 16) {
    *seen = _mm_or_si128(*seen, Load16(p + n - 16));
    return;
  }
  unsigned char high = 0;
  for (; i < n; ++i) high |= static_cast<unsigned char>(p[i]);
  *seen = _mm_or_si128(*seen, _mm_cvtsi32_si128(high));
}

// SplitCsvFieldsAscii()'s loop, shared by its SSE2 and AVX2 paths, each with
// its own delimiter search: `find(start)` is where the unquoted field at
// `start` ends (it notes the bytes it reads for the ASCII test); a quoted
// field goes by SplitQuotedField(), its bytes ORed into *seen_quoted.
// Always in line, so the AVX2 path's search is inlined in its AVX2 body.
template <typename Find>
[[gnu::always_inline]] inline bool SplitFieldsLoop(std::string_view record, char delimiter,
                                                   std::vector<std::string_view>* fields,
                                                   std::string* unescaped, __m128i* seen_quoted,
                                                   Find&& find) {
  fields->clear();
  unescaped->clear();
  // As in SplitCsvFields: unescaping never grows a field.
  if (unescaped->capacity() < record.size()) unescaped->reserve(record.size());
  const char* p = record.data();
  const size_t n = record.size();
  bool closed = true;
  for (size_t start = 0;;) {
    size_t end;
    if (start < n && p[start] == '"') {
      end = SplitQuotedField(record, start, delimiter, fields, unescaped);
      if (end == std::string_view::npos) {
        closed = false;
        end = n;
      }
      OrBytes(p + start, end - start, seen_quoted);
    } else {
      end = find(start);
      fields->emplace_back(p + start, end - start);
    }
    if (end >= n || !closed) break;
    start = end + 1;  // past the delimiter; a trailing one leaves an empty last field
  }
  return closed;
}
#endif

#if defined(PARLEY_CSV_AVX2)
// Thirty-two bytes a step for the scanner, which walks every byte of the
// input (a record is mostly 50 to 200 bytes), and for SplitCsvFieldsAscii(),
// which walks every byte of a record again: a 32-byte step costs what a
// 16-byte one does, so each walk takes about half the instructions. Chosen
// at run time (the build targets plain x86-64); csv_reader_test runs both
// paths (csv_internal::SetAvx2).
bool scan_avx2 = bytes::CpuHasAvx2();

// FindLineEndOrQuote()'s 32-byte steps: the first '\n' or '"' in the whole
// blocks of p[from, n), or the first offset not in one (fewer than 32
// bytes before n), for the caller to go on from.
[[gnu::target("avx2"), gnu::noinline]] size_t FindLineEndOrQuoteAvx2(const char* p, size_t from,
                                                                     size_t n) {
  const __m256i line_end = _mm256_set1_epi8('\n'), quote = _mm256_set1_epi8('"');
  size_t i = from;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const uint32_t hits = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(x, line_end), _mm256_cmpeq_epi8(x, quote))));
    if (hits) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
  return i;
}
#endif

#if defined(PARLEY_CSV_AVX2)
// FindDelimiter() thirty-two bytes a step, for n >= 32: its record-end
// block is the record's last 32 bytes, its bits before `from` shifted out.
[[gnu::target("avx2")]] inline size_t FindDelimiterAvx2(const char* p, size_t from, size_t n,
                                                        __m256i delimiter, __m256i* seen) {
  size_t i = from;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    *seen = _mm256_or_si256(*seen, x);
    if (uint32_t hits =
            static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, delimiter)))) {
      return i + static_cast<size_t>(__builtin_ctz(hits));
    }
  }
  if (i == n) return n;
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n - 32));
  *seen = _mm256_or_si256(*seen, x);
  const uint32_t hits =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, delimiter))) >>
      (i - (n - 32));
  return hits ? i + static_cast<size_t>(__builtin_ctz(hits)) : n;
}

// SplitCsvFieldsAscii()'s loop with FindDelimiterAvx2(), for records of 32
// bytes or more: the fields of a post are found in half the steps (its
// text, the longest, in one to five). Quoted fields go as in the SSE2 loop.
[[gnu::target("avx2"), gnu::noinline]] bool SplitCsvFieldsAvx2(
    std::string_view record, char delimiter, std::vector<std::string_view>* fields,
    std::string* unescaped, bool* ascii) {
  const char* p = record.data();
  const size_t n = record.size();
  const __m256i delimiters = _mm256_set1_epi8(delimiter);
  __m256i seen = _mm256_setzero_si256();
  __m128i seen_quoted = _mm_setzero_si128();
  // A functor, not a lambda: its call operator must be AVX2 code too (it
  // passes 32-byte vectors), and a lambda cannot carry the target.
  struct Find {
    [[gnu::target("avx2")]] size_t operator()(size_t start) const {
      return FindDelimiterAvx2(p, start, n, *delimiters, seen);
    }
    const char* p;
    size_t n;
    const __m256i* delimiters;
    __m256i* seen;
  };
  const bool closed = SplitFieldsLoop(record, delimiter, fields, unescaped, &seen_quoted,
                                      Find{p, n, &delimiters, &seen});
  *ascii = (_mm256_movemask_epi8(seen) | _mm_movemask_epi8(seen_quoted)) == 0;
  return closed;
}
#endif

// FindLineEndOrQuote() sixteen bytes a step, then byte by byte.
[[gnu::noinline]] size_t FindLineEndOrQuoteSse2(const char* p, size_t from, size_t n) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i line_end = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = Load16(p + i);
    const unsigned hits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, line_end), _mm_cmpeq_epi8(x, quote))));
    if (hits) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '\n' || p[i] == '"') return i;
  }
  return n;
}

// The first '\n' or '"' in p[from, n), or n: one pass for both bytes where
// two memchr calls would each make one. Only the choice of path is in line
// in the scanner: the common record ends in one of its AVX2 blocks.
[[gnu::always_inline]] inline size_t FindLineEndOrQuote(const char* p, size_t from, size_t n) {
  size_t i = from;
#if defined(PARLEY_CSV_AVX2)
  if (scan_avx2 && n - i >= 32) {
    i = FindLineEndOrQuoteAvx2(p, i, n);
    if (i + 32 <= n) return i;  // found in a whole block
  }
#endif
  return FindLineEndOrQuoteSse2(p, i, n);
}

#if defined(PARLEY_CSV_AVX2)
// Notes the delimiters `delims` (bits of the block at p[base]) in *cuts, at
// cuts->at[*count] on; false, noting none, when they do not fit. Offsets
// past 16 bits wrap: NoteEndBlock() leaves such a record not noted, one
// test a record where this took one a block.
[[gnu::always_inline]] inline bool NoteCuts(uint32_t delims, size_t base, size_t* count,
                                            FieldCuts* cuts) {
  if (*count + static_cast<size_t>(__builtin_popcount(delims)) > FieldCuts::kMax) return false;
  for (; delims != 0; delims &= delims - 1) {
    cuts->at[(*count)++] = static_cast<uint16_t>(base + static_cast<size_t>(__builtin_ctz(delims)));
  }
  return true;
}

// The cuts of the block at p[base] that holds the record's end (`ends`,
// its '\n' and '"' bits, shifted right by `shift` as its other bits are):
// only its bytes before the end are the record's. `count` cuts are noted
// before it and `high` is the earlier blocks ORed. Sets cuts->count, or
// leaves it not noted when the cuts do not fit.
[[gnu::target("avx2"), gnu::always_inline]] inline void NoteEndBlock(
    __m256i x, __m256i delimiters, __m256i high, uint32_t ends, unsigned shift, size_t base,
    size_t count, FieldCuts* cuts) {
  const uint32_t mine = (ends & (0u - ends)) - 1;
  const uint32_t delims =
      (static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, delimiters))) >> shift) &
      mine;
  if (delims != 0 && !NoteCuts(delims, base, &count, cuts)) return;
  // Every cut is below the end.
  if (base + static_cast<size_t>(__builtin_ctz(ends)) > size_t{0xFFFF}) return;
  const uint32_t highs = (static_cast<uint32_t>(_mm256_movemask_epi8(x)) >> shift) & mine;
  cuts->count = static_cast<uint8_t>(count);
  cuts->ascii = (highs | static_cast<uint32_t>(_mm256_movemask_epi8(high))) == 0;
  cuts->quoted_last = false;
}

// CsvScanner::Scan()'s walk, for n >= 32: the first '\n' or '"' in p[0, n),
// or n, found 32 bytes a step as by FindLineEndOrQuote(), and on the same
// pass the delimiters before it and whether those bytes are ASCII, noted in
// *cuts: for a record with no quote (most), the decoder takes them and does
// not walk the record again to split it. A record the cuts cannot hold
// (more than FieldCuts::kMax delimiters, one past a 16-bit offset) is left
// not noted and its end found by FindLineEndOrQuote(); so is one that runs
// to n. (cuts->count is set only when a '\n' or '"' is found: at a quote,
// ScanFromQuote() decides whether they stay noted.)
[[gnu::target("avx2"), gnu::noinline]] size_t ScanNotingCutsAvx2(const char* p, size_t n,
                                                                 char delimiter,
                                                                 FieldCuts* cuts) {
  const __m256i line_end = _mm256_set1_epi8('\n'), quote = _mm256_set1_epi8('"'),
                delimiters = _mm256_set1_epi8(delimiter);
  __m256i high = _mm256_setzero_si256();  // the bytes walked, ORed (their sign bits)
  size_t count = 0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const uint32_t ends = static_cast<uint32_t>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(x, line_end), _mm256_cmpeq_epi8(x, quote))));
    if (ends) {
      NoteEndBlock(x, delimiters, high, ends, 0, i, count, cuts);
      return i + static_cast<size_t>(__builtin_ctz(ends));
    }
    high = _mm256_or_si256(high, x);
    const uint32_t delims =
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, delimiters)));
    if (delims != 0 && !NoteCuts(delims, i, &count, cuts)) return FindLineEndOrQuote(p, i, n);
  }
  if (i == n) return n;
  // The last block: p's last 32 bytes, their bits before i shifted out, so
  // that nothing past n is read.
  const unsigned shift = static_cast<unsigned>(i - (n - 32));
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n - 32));
  const uint32_t ends = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
                            _mm256_cmpeq_epi8(x, line_end), _mm256_cmpeq_epi8(x, quote)))) >>
                        shift;
  if (!ends) return n;
  NoteEndBlock(x, delimiters, high, ends, shift, i, count, cuts);
  return i + static_cast<size_t>(__builtin_ctz(ends));
}
#endif

// The first '"' in p[from, n), or n; adds the '\n' bytes before it to
// *line_ends (the line ends inside a quoted field), and sets bits of *high
// when a byte before it is not ASCII (for the scanner's cuts).
size_t FindQuoteCountingLineEnds(const char* p, size_t from, size_t n, uint64_t* line_ends,
                                 unsigned* high) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i line_end = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = Load16(p + i);
    const unsigned quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)));
    unsigned ends = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, line_end)));
    const unsigned before = quotes ? (quotes & (0u - quotes)) - 1 : 0xFFFFu;
    ends &= before;  // only those before the quote
    *high |= static_cast<unsigned>(_mm_movemask_epi8(x)) & before;
    if (ends) *line_ends += static_cast<uint64_t>(__builtin_popcount(ends));
    if (quotes) return i + static_cast<size_t>(__builtin_ctz(quotes));
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '"') return i;
    if (p[i] == '\n') ++*line_ends;
    *high |= static_cast<unsigned char>(p[i]) & 0x80u;
  }
  return n;
}

class CsvDecoder final : public RecordDecoder {
 public:
  // `text_parts`: the columns of a text joined from several (MapColumns()),
  // named `text_spec` in a reject's reason; empty for a text of one column.
  // `time_parts`, `time_spec`: the same for a time joined from a date's
  // column and a time's.
  CsvDecoder(char delimiter, std::vector<std::string> header,
             const std::array<int, kFieldCount>& column_of, RecordPolicy policy,
             std::shared_ptr<const TimeLayout> time_layout, std::vector<size_t> text_parts = {},
             std::string text_spec = {}, std::vector<size_t> time_parts = {},
             std::string time_spec = {})
      : delimiter_(delimiter),
        header_(std::move(header)),
        policy_(std::move(policy)),
        time_layout_(std::move(time_layout)),
        text_parts_(std::move(text_parts)),
        text_spec_(std::move(text_spec)),
        time_parts_(std::move(time_parts)),
        time_spec_(std::move(time_spec)) {
    std::vector<bool> mapped(header_.size(), false);
    for (size_t f = 0; f < kFieldCount; ++f) {
      if (column_of[f] == kUnmapped) continue;
      mapped_.push_back({static_cast<Field>(f), static_cast<size_t>(column_of[f])});
      mapped[column_of[f]] = true;
    }
    for (size_t i : text_parts_) mapped[i] = true;
    for (size_t i : time_parts_) mapped[i] = true;
    for (size_t i = 0; i < header_.size(); ++i) {
      if (mapped[i]) continue;
      extra_.push_back(i);
      extra_names_.push_back(header_[i]);
    }
    has_time_ = column_of[static_cast<size_t>(Field::kCreatedAt)] != kUnmapped;
    plain_ = true;
    for (const MappedColumn& m : mapped_) {
      switch (m.field) {
        case Field::kId:
          id_ = m.index;
          break;
        case Field::kAuthor:
          author_ = m.index;
          break;
        case Field::kCreatedAt:
          time_ = m.index;
          break;
        case Field::kText:
          text_ = m.index;
          break;
        default:
          plain_ = false;
          break;
      }
    }
    // A time layout, and a joined text or time, are read on the general path
    // (SetMappedFields()).
    if ((time_layout_ && has_time_) || !text_parts_.empty() || !time_parts_.empty()) {
      plain_ = false;
    }
  }

  std::unique_ptr<DecodeScratch> NewScratch() const override {
    return std::make_unique<IngestScratch>();
  }

  // The columns of a field's later alternatives (PresentColumns() after
  // its own), taken where its own cell is blank; before the decoder is
  // shared.
  void SetLaterColumns(Field field, std::vector<size_t> columns) {
    if (columns.empty()) return;
    later_[static_cast<size_t>(field)] = std::move(columns);
    plain_ = false;
  }

  // Both the body below, with no cuts or the record's.
  bool Decode(std::string_view raw, DecodeScratch* scratch, Post* post,
              std::string* reason) const override;
  bool DecodeAt(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch, Post* post,
                std::string* reason) const override;
  const std::vector<std::string>* ExtraColumns() const override { return &extra_names_; }

 private:
  struct MappedColumn {
    Field field;
    size_t index;
  };

  bool DecodeCut(std::string_view raw, const FieldCuts& cuts, DecodeScratch* scratch, Post* post,
                 std::string* reason) const;
  bool RejectUtf8(std::string_view raw, IngestScratch* s, std::string* reason) const;
  bool SetMappedFields(const std::string_view* fields, IngestScratch* s, Post* post,
                       std::string* reason) const;

  char delimiter_;
  std::vector<std::string> header_;
  std::vector<MappedColumn> mapped_;
  std::array<std::vector<size_t>, kFieldCount> later_;  // SetLaterColumns()
  std::vector<size_t> extra_;  // unmapped columns, in header order
  std::vector<std::string> extra_names_;  // their names
  RecordPolicy policy_;
  std::shared_ptr<const TimeLayout> time_layout_;  // null: ParseTimestamp()'s forms
  std::vector<size_t> text_parts_;  // a text joined from these columns (JoinTextParts())
  std::string text_spec_;           // ... as --map named it
  std::vector<size_t> time_parts_;  // a time joined from a date's and a time's (JoinTimeParts())
  std::string time_spec_;           // ... as the map names it ("Date+Time")
  bool has_time_ = true;  // false for the "text" preset: no created_at column
  // Whether only id, author, created_at and text are mapped (most inputs),
  // and their columns (kNoColumn where unmapped): Decode() then sets them
  // in straight lines.
  static constexpr size_t kNoColumn = ~size_t{0};
  bool plain_ = false;
  size_t id_ = kNoColumn, author_ = kNoColumn, time_ = kNoColumn, text_ = kNoColumn;
};

// Decode() and DecodeAt() in one body, in line in both, which are
// flattened: with the plain map's copies in line (and RecordPolicy's), GCC
// 12 left two or three of the four std::string copies as calls, ~60
// instructions each where ~20 in line; its general paths are calls anyway.
[[gnu::always_inline]] inline bool CsvDecoder::DecodeCut(std::string_view raw,
                                                         const FieldCuts& cuts,
                                                         DecodeScratch* scratch, Post* post,
                                                         std::string* reason) const {
  auto* s = static_cast<IngestScratch*>(scratch);
  // Most records are ASCII, which the split finds out on the way: only the
  // others need the UTF-8 check. One check over the whole record is cheaper
  // than one per field, and the ASCII quotes and delimiters cannot split a
  // valid multi-byte sequence. A bad record that is both is rejected for its
  // UTF-8, as the check comes first in the general path.
  bool ascii = false;
  bool split = true;
  // The fields: the split's, or for most records the scanner's cuts (the
  // same fields, without a second walk), in an array on the stack.
  // Not initialized (a union with no default member): CutCsvFields()
  // assigns those the record has, and zeroing all cost ~20 instructions.
  union CutViews {
    CutViews() {}
    std::string_view at[FieldCuts::kMax + 1];
  } cut;
  const std::string_view* fields;
  size_t field_count;
  if (cuts.noted()) {
    field_count = CutCsvFields(raw, cuts, cut.at);
    fields = cut.at;
    ascii = cuts.ascii;
  } else {
    split = SplitCsvFieldsAscii(raw, delimiter_, &s->fields, &s->unescaped, &ascii);
    fields = s->fields.data();
    field_count = s->fields.size();
  }
  if (!ascii && !simdjson::validate_utf8(raw.data(), raw.size())) {
    return RejectUtf8(raw, s, reason);
  }
  if (!split) {
    *reason = "unterminated quoted field";
    return false;
  }
  if (field_count != header_.size()) {
    *reason = "expected " + std::to_string(header_.size()) + " columns, found " +
              std::to_string(field_count);
    return false;
  }
  if (plain_) {
    // The loop below, unrolled for a plain map: with the field known, each
    // SetPostField() is its one case, where the loop loaded each column's
    // field and dispatched on it, ~20 instructions a field. The order is
    // the loop's (field order), so a record's reason stays the same.
    // SetPostField() in its two steps, so that the column's name (for a
    // reason) is loaded on the general path alone: passed to the one call,
    // it was loaded for every field (and kept across the calls in the
    // common step, which might change it as far as the compiler knows).
    const auto set = [&](Field field, size_t column) {
      return column == kNoColumn || SetPostFieldCommon(field, fields[column], post) ||
             SetPostFieldGeneral(field, fields[column], header_[column], post, reason);
    };
    if (!set(Field::kId, id_) || !set(Field::kAuthor, author_) || !set(Field::kCreatedAt, time_) ||
        !set(Field::kText, text_)) {
      return false;
    }
  } else if (!SetMappedFields(fields, s, post, reason)) {
    return false;
  }
  for (size_t i : extra_) {
    if (!fields[i].empty()) post->extra.emplace_back(header_[i], fields[i]);
  }
  post->has_time = has_time_;
  policy_.Apply(post);
  LinkRedditReplies(post);
  return true;
}

[[gnu::flatten]] bool CsvDecoder::DecodeAt(const RecordBatch& batch, const RawRecord& rec,
                                           DecodeScratch* scratch, Post* post,
                                           std::string* reason) const {
  return DecodeCut(batch.raw(rec), rec.cuts, scratch, post, reason);
}

[[gnu::flatten]] bool CsvDecoder::Decode(std::string_view raw, DecodeScratch* scratch, Post* post,
                                         std::string* reason) const {
  return DecodeCut(raw, FieldCuts(), scratch, post, reason);
}

// Every mapped field, for a map that is not plain_: out of line, as
// Decode() takes in line all it calls and this is rare.
[[gnu::noinline]] bool CsvDecoder::SetMappedFields(const std::string_view* fields, IngestScratch* s,
                                                   Post* post, std::string* reason) const {
  for (const MappedColumn& m : mapped_) {
    if (m.field == Field::kText && !text_parts_.empty()) {
      s->parts.clear();
      for (size_t i : text_parts_) s->parts.push_back(fields[i]);
      JoinTextParts(s->parts, &s->joined);
      if (!SetPostField(Field::kText, s->joined, text_spec_, post, reason)) return false;
      continue;
    }
    if (m.field == Field::kCreatedAt && !time_parts_.empty()) {
      JoinTimeParts(fields[time_parts_[0]], fields[time_parts_[1]], &s->time);
      if (!SetPostFieldWithLayout(time_layout_.get(), Field::kCreatedAt, s->time, time_spec_, post,
                                  reason)) {
        return false;
      }
      continue;
    }
    size_t column = m.index;
    if (TrimAscii(fields[column]).empty()) {
      for (size_t later : later_[static_cast<size_t>(m.field)]) {
        if (!TrimAscii(fields[later]).empty()) {
          column = later;
          break;
        }
      }
    }
    if (!SetPostFieldWithLayout(time_layout_.get(), m.field, fields[column], header_[column], post,
                                reason)) {
      return false;
    }
  }
  return true;
}

// The rare path: find which column holds the bad bytes, for a useful reason.
bool CsvDecoder::RejectUtf8(std::string_view raw, IngestScratch* s, std::string* reason) const {
  *reason = "invalid UTF-8";
  if (!SplitCsvFields(raw, delimiter_, &s->fields, &s->unescaped)) return false;
  for (size_t i = 0; i < s->fields.size() && i < header_.size(); ++i) {
    if (!simdjson::validate_utf8(s->fields[i].data(), s->fields[i].size())) {
      *reason += " in column '" + header_[i] + "'";
      break;
    }
  }
  return false;
}

// A column name that is not UTF-8 (a Windows-1252 "Date de cr\xe9ation")
// would reach the output's JSON and the store as it is. Its cells would be
// rejects, as invalid UTF-8 always is; the header cannot be, so the file is
// refused, the name shown with its bytes escaped rather than sent raw to a
// terminal.
Status NotUtf8Header(const std::string& path, size_t column, std::string_view name) {
  std::string shown;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      shown.push_back(c);
      continue;
    }
    constexpr char kHex[] = "0123456789ABCDEF";
    shown += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
  }
  return InvalidArgumentError("the header of '" + DisplayName(path) + "' is not UTF-8 (column " +
                              std::to_string(column) + ", '" + shown +
                              "'): save the file as UTF-8 and read it again");
}

StatusOr<std::vector<std::string>> ParseHeader(std::string_view record, char delimiter,
                                               const std::string& path) {
  std::vector<std::string_view> fields;
  std::string unescaped;
  if (!SplitCsvFields(record, delimiter, &fields, &unescaped)) {
    return InvalidArgumentError("cannot read the header of '" + DisplayName(path) +
                                "': unterminated quoted field");
  }
  std::vector<std::string> header;
  for (std::string_view name : fields) {
    if (!simdjson::validate_utf8(name.data(), name.size())) {
      return NotUtf8Header(path, header.size() + 1, name);
    }
    header.emplace_back(TrimAscii(name));
  }
  return header;
}

StatusOr<FieldMap> ResolveMap(const ReaderOptions& options, const std::vector<std::string>& header,
                              const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(FieldMap map, InitialFieldMap(options));
  std::vector<std::string_view> columns(header.begin(), header.end());
  StatusOr<FieldMap> resolved =
      ResolveAutoPreset(map, options.map_overrides, columns, /*nested=*/false);
  if (!resolved.ok()) return resolved.status().WithContext(DisplayName(path));
  LeaveColumnsUnmapped(options.keep_columns, &*resolved);
  return resolved;
}

// `from_map`: the column came from --map, which then is what to fix (under
// "auto" the preset was not the user's choice).
Status MissingColumn(Field f, const FieldMap& map, const std::vector<std::string>& header,
                     const std::string& path, bool from_map) {
  std::string field(FieldName(f));
  const std::string flag = MapFlag(map, "map");
  std::string given =
      from_map ? "from " + flag + " " + field + "=" + map.column(f) : "preset " + map.preset;
  return InvalidArgumentError("column '" + map.column(f) + "' (for field " + field + ", " + given +
                              ") not found in header of '" + DisplayName(path) +
                              "'; columns are: " + Join(header) + "; use " + flag + " " + field +
                              "=COLUMN");
}

// Column index per field, resolved once so that decoding never looks up
// names; a text joined from columns (JoinedTextParts()) has its columns'
// indices in *text_parts, and its first in the array; a time joined from a
// date's and a time's (JoinedTimeParts()) has theirs in *time_parts.
StatusOr<std::array<int, kFieldCount>> MapColumns(
    const FieldMap& map, const std::vector<std::string>& header, const ReaderOptions& options,
    const std::string& path, std::vector<size_t>* text_parts, std::vector<size_t>* time_parts) {
  PARLEY_ASSIGN_OR_RETURN(auto overridden, OverriddenFields(options.map_overrides));
  if (Status s = CheckRequiredMapped(map, options.require_identity, "COLUMN"); !s.ok()) {
    return s.WithContext(DisplayName(path));
  }
  std::array<int, kFieldCount> column_of;
  column_of.fill(kUnmapped);
  for (size_t i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    if (map.columns[i].empty()) continue;
    column_of[i] = FindColumn(map.columns[i], header);
    if (column_of[i] == kUnmapped && (f == Field::kText || f == Field::kCreatedAt)) {
      std::vector<size_t>* parts = f == Field::kText ? text_parts : time_parts;
      for (std::string_view part :
           f == Field::kText ? JoinedTextParts(map.columns[i]) : JoinedTimeParts(map.columns[i])) {
        const int index = FindColumn(part, header);
        if (index == kUnmapped) {
          const std::string field(FieldName(f));
          return InvalidArgumentError("column '" + std::string(part) + "' (for field " + field +
                                      ", from " + MapFlag(map, "map") + " " + field + "=" +
                                      map.columns[i] + ") not found in header of '" +
                                      DisplayName(path) + "'; columns are: " + Join(header));
        }
        parts->push_back(static_cast<size_t>(index));
      }
      if (!parts->empty()) column_of[i] = static_cast<int>(parts->front());
    }
    if (column_of[i] == kUnmapped && (IsRequired(f) || overridden[i])) {
      return MissingColumn(f, map, header, path, overridden[i]);
    }
  }
  return column_of;
}

}  // namespace

namespace {

// CsvScanner::Scan() from data[i], a quote or the end of `data`, with no
// line end before it: the scanner's loop over quoted fields, out of line
// so that the common record (no quote) saves no registers for it. The cuts
// noted before i (if any) stay noted for the commonest quoted record, whose
// last field alone is quoted, with no doubled quote, and closes at the
// record's end: the decoder takes it without the quotes.
[[gnu::noinline]] bool ScanFromQuote(std::string_view data, size_t i, char delimiter, bool at_eof,
                                     RecordExtent* out) {
  const char* p = data.data();
  const size_t n = data.size();
  // Line ends inside quoted fields: a line end anywhere else ends the record.
  uint64_t inner = 0;
  // Whether the record may be that one: cuts noted up to a quote that opens
  // a field. The close of its first quoted field, and whether any byte in
  // it is not ASCII (not 0).
  bool single = out->cuts.noted() && i < n && (i == 0 || p[i - 1] == delimiter);
  size_t first_close = std::string_view::npos;
  unsigned high = 0;
  while (i < n && p[i] == '"') {
    // A quote opens a quoted field only at the start of a field.
    if (i > 0 && p[i - 1] != delimiter) {
      i = FindLineEndOrQuote(p, i + 1, n);
      continue;
    }
    size_t close = i + 1;
    while (true) {
      close = FindQuoteCountingLineEnds(p, close, n, &inner, &high);
      if (close == n) {  // open to the end of `data`
        if (!at_eof) return false;
        *out = MakeExtent(data, n, false, inner);  // cuts not noted
        return true;
      }
      // A quote that ends `data` may be the first of a doubled pair.
      if (close + 1 == n && !at_eof) return false;
      if (close + 1 == n || p[close + 1] != '"') break;
      single = false;  // a doubled quote: the field is unescaped
      close += 2;
    }
    if (first_close == std::string_view::npos) first_close = close;
    i = FindLineEndOrQuote(p, close + 1, n);
  }
  if (i == n && !at_eof) return false;
  out->TakeCounts(MakeExtent(data, i, i < n, inner));
  if (single && first_close + 1 == out->size) {
    out->cuts.quoted_last = true;
    out->cuts.ascii = out->cuts.ascii && high == 0;
  } else {
    out->cuts.count = FieldCuts::kNotNoted;
  }
  return true;
}

}  // namespace

bool CsvScanner::Scan(std::string_view data, bool at_eof, RecordExtent* out) const {
  // Nothing but a line end or a quote matters: go from one to the next.
  size_t i;
  out->cuts.count = FieldCuts::kNotNoted;
#if defined(PARLEY_CSV_AVX2)
  if (scan_avx2 && data.size() >= 32) {
    i = ScanNotingCutsAvx2(data.data(), data.size(), delimiter_, &out->cuts);
  } else {
    i = FindLineEndOrQuote(data.data(), 0, data.size());
  }
#else
  i = FindLineEndOrQuote(data.data(), 0, data.size());
#endif
  // Most records have no quote: they end at the first line end.
  if (i < data.size() && data[i] == '\n') {
    out->TakeCounts(MakeExtent(data, i, true, 0));  // the cuts stay noted
    return true;
  }
  return ScanFromQuote(data, i, delimiter_, at_eof, out);
}

void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

bool SplitCsvFields(std::string_view record, char delimiter,
                    std::vector<std::string_view>* fields, std::string* unescaped) {
  fields->clear();
  unescaped->clear();
  // Unescaping never grows a field, so `unescaped` never reallocates below
  // and the views into it stay valid.
  if (unescaped->capacity() < record.size()) unescaped->reserve(record.size());
  const char* p = record.data();
  const size_t n = record.size();
  size_t i = 0;
  while (true) {
    if (i < n && p[i] == '"') {
      i = SplitQuotedField(record, i, delimiter, fields, unescaped);
      if (i == std::string_view::npos) return false;
    } else {
      const void* d = n > i ? std::memchr(p + i, delimiter, n - i) : nullptr;
      size_t end = d != nullptr ? static_cast<const char*>(d) - p : n;
      fields->emplace_back(p + i, end - i);
      i = end;
    }
    if (i >= n) return true;
    ++i;  // past the delimiter; a trailing one leaves an empty last field
  }
}

namespace {

// SplitCsvFieldsAscii() sixteen bytes at a time, or by SplitCsvFields()
// for a record below sixteen bytes.
[[gnu::noinline]] bool SplitCsvFieldsSse2(std::string_view record, char delimiter,
                                          std::vector<std::string_view>* fields,
                                          std::string* unescaped, bool* ascii) {
#if defined(__SSE2__)
  if (record.size() >= 16) {
    const char* p = record.data();
    const size_t n = record.size();
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    __m128i seen = _mm_setzero_si128();  // quoted fields' bytes too
    const bool closed =
        SplitFieldsLoop(record, delimiter, fields, unescaped, &seen, [&](size_t start) {
          return FindDelimiter(p, start, n, delimiters, &seen);
        });
    *ascii = _mm_movemask_epi8(seen) == 0;
    return closed;
  }
#endif
  *ascii = bytes::IsAllAscii(record);
  return SplitCsvFields(record, delimiter, fields, unescaped);
}

}  // namespace

// Only a choice of path, so that it stays a jump: with a path in line, its
// registers were saved and restored on the way to the other.
bool SplitCsvFieldsAscii(std::string_view record, char delimiter,
                         std::vector<std::string_view>* fields, std::string* unescaped,
                         bool* ascii) {
#if defined(PARLEY_CSV_AVX2)
  if (scan_avx2 && record.size() >= 32) {
    return SplitCsvFieldsAvx2(record, delimiter, fields, unescaped, ascii);
  }
#endif
  return SplitCsvFieldsSse2(record, delimiter, fields, unescaped, ascii);
}

bool csv_internal::HasAvx2() {
#if defined(PARLEY_CSV_AVX2)
  return bytes::CpuHasAvx2();
#else
  return false;
#endif
}

bool csv_internal::SetAvx2(bool avx2) {
#if defined(PARLEY_CSV_AVX2)
  const bool previous = scan_avx2;
  scan_avx2 = avx2 && bytes::CpuHasAvx2();
  return previous;
#else
  (void)avx2;
  return false;
#endif
}

namespace {

// The values of `columns` (indices) in the first records, a row a record:
// up to a thousand records or a MiB, looked at without consuming them, or
// for a `stream` (standard input, a pipe: more may be long in coming) only
// those read with the header. A record that does not split into `fields`
// fields is passed by (reading rejects it).
std::vector<std::vector<std::string>> SampleColumns(RecordSplitter* splitter, char delimiter,
                                                    size_t fields_per_record,
                                                    const std::vector<size_t>& columns,
                                                    bool stream) {
  constexpr size_t kSampleBytes = size_t{1} << 20, kSampleRecords = 1000;
  std::vector<std::vector<std::string>> rows;
  RecordSplitter::Cursor cursor;
  std::string_view record;
  uint64_t line = 0;
  std::vector<std::string_view> fields;
  std::string unescaped;
  while (rows.size() < kSampleRecords && cursor.offset < kSampleBytes) {
    StatusOr<bool> found = splitter->PeekAhead(&cursor, &record, &line, /*may_read=*/!stream);
    if (!found.ok() || !*found) break;  // (reading will say why)
    fields.clear();
    if (!SplitCsvFields(record, delimiter, &fields, &unescaped)) continue;
    if (fields.size() != fields_per_record) continue;
    std::vector<std::string>& row = rows.emplace_back();
    for (size_t c : columns) row.emplace_back(fields[c]);
  }
  return rows;
}

// For a map that reads created_at from one column (not one a --map gave):
// the date's and the time of day's columns, in that order, when the
// column is a date's with a time's beside it (TimeColumnBeside()) or a
// time's with a date's beside it (DateColumnBeside(): auto may take
// "Created Time" for the time) that no other field reads; else none. The
// first records tell whether to join them (DateAndTimeApart()).
std::vector<size_t> DateAndTimeBeside(const std::vector<std::string>& header,
                                      const std::array<int, kFieldCount>& column_of,
                                      const std::vector<size_t>& text_parts, bool overridden,
                                      const std::vector<size_t>& time_parts) {
  const int mapped = column_of[static_cast<size_t>(Field::kCreatedAt)];
  if (overridden || mapped == kUnmapped || !time_parts.empty()) return {};
  const auto [date_name, time_name] =
      DateAndTimeColumns(header[static_cast<size_t>(mapped)], header);
  if (date_name.empty()) return {};
  const int date = FindColumn(date_name, header), time = FindColumn(time_name, header);
  const int other = date == mapped ? time : date;
  if (date == kUnmapped || time == kUnmapped ||
      std::find(column_of.begin(), column_of.end(), other) != column_of.end() ||
      std::find(text_parts.begin(), text_parts.end(), static_cast<size_t>(other)) !=
          text_parts.end()) {
    return {};
  }
  return {static_cast<size_t>(date), static_cast<size_t>(time)};
}

// With no time layout given: the layout of the times `rows` sampled (rows
// of one value, or of a date's and a time's, joined), from the column(s)
// `named`, when the usual forms read none of them (GuessTimeLayout()), with
// *guessed set to it (with the zone of `given`, LayoutFromGuess()); `given`
// when there is nothing to guess. A day and a month that may be either way
// round is an InvalidArgument error that says how to tell.
StatusOr<std::shared_ptr<const TimeLayout>> GuessLayout(
    const std::vector<std::vector<std::string>>& rows, const std::string& named,
    const FieldMap& map, const std::string& path, const std::shared_ptr<const TimeLayout>& given,
    std::string* guessed) {
  std::vector<std::string> values;
  for (const std::vector<std::string>& row : rows) {
    if (row.size() == 1) {
      values.push_back(row[0]);
    } else {
      JoinTimeParts(row[0], row[1], &values.emplace_back());
    }
  }
  const std::vector<std::string_view> views(values.begin(), values.end());
  return LayoutFromGuess(GuessTimeLayout(views), map, named, "column", path, given, guessed);
}

// The header found below a report's preamble (HeaderAfterPreamble()).
struct PreambleHeader {
  std::vector<std::string> header;
  FieldMap map;
  uint64_t line;  // the header's
};

// After a first row no map fits (already skipped, `width` fields wide):
// the header below a report's preamble, when one of the next
// kMaxPreambleRows rows (so one of the input's first 20) is wider than every row above it and the
// map fits it; the rows above it and the header are then consumed. Nothing is consumed when there
// is none (the first row's error stands).
StatusOr<std::optional<PreambleHeader>> HeaderAfterPreamble(RecordSplitter* splitter,
                                                            char delimiter, size_t width,
                                                            const ReaderOptions& options,
                                                            const std::string& path) {
  constexpr int kMaxPreambleRows = 19;  // the header within the first 20 rows
  RecordSplitter::Cursor cursor;
  std::string_view record;
  uint64_t line = 0;
  for (int k = 0; k < kMaxPreambleRows; ++k) {
    PARLEY_ASSIGN_OR_RETURN(bool more, splitter->PeekAhead(&cursor, &record, &line));
    if (!more) break;
    StatusOr<std::vector<std::string>> row = ParseHeader(record, delimiter, path);
    if (!row.ok()) break;  // not UTF-8: no header, and the first row's error stands
    if (row->size() > width) {
      StatusOr<FieldMap> map = ResolveMap(options, *row, path);
      if (map.ok()) {
        for (int j = 0; j <= k; ++j) {  // the preamble's rows after the first, and the header
          std::string_view skipped;
          uint64_t at = 0;
          PARLEY_ASSIGN_OR_RETURN(bool any, splitter->Peek(&skipped, &at));
          if (!any) break;
          splitter->Skip();
        }
        return std::optional<PreambleHeader>(
            PreambleHeader{std::move(row).value(), std::move(map).value(), line});
      }
    }
    width = std::max(width, row->size());
  }
  return std::optional<PreambleHeader>();
}

}  // namespace

StatusOr<std::unique_ptr<RecordReader>> NewCsvReader(const std::string& path,
                                                     std::unique_ptr<SequentialFile> file,
                                                     char delimiter, const ReaderOptions& options,
                                                     bool stream) {
  auto splitter = std::make_unique<RecordSplitter>(path, std::move(file),
                                                   std::make_unique<CsvScanner>(delimiter));
  std::string_view header_record;
  uint64_t line = 0;
  PARLEY_ASSIGN_OR_RETURN(bool has_header, splitter->Peek(&header_record, &line));
  if (!has_header) {
    return {std::make_unique<SplitRecordReader>(std::move(splitter), nullptr)};
  }
  std::vector<std::string> header;
  if (options.columns.empty()) {
    PARLEY_ASSIGN_OR_RETURN(header, ParseHeader(header_record, delimiter, path));
    splitter->Skip();
  } else {
    // No header row: the first record is data, read under the names given.
    header = options.columns;
  }
  StatusOr<FieldMap> resolved = ResolveMap(options, header, path);
  uint64_t header_line = 0;
  if (!resolved.ok() && options.columns.empty()) {
    // A report's preamble before the header (Brandwatch's exports: the
    // report's name, query and dates, a line each): the first of the first
    // 20 rows that is wider than every row above it and that the map fits
    // is the header, and the rows above it are skipped.
    PARLEY_ASSIGN_OR_RETURN(
        auto after, HeaderAfterPreamble(splitter.get(), delimiter, header.size(), options, path));
    if (after.has_value()) {
      header = std::move(after->header);
      resolved = std::move(after->map);
      header_line = after->line;
    }
  }
  PARLEY_ASSIGN_OR_RETURN(FieldMap map, std::move(resolved));
  std::vector<size_t> text_parts, time_parts;
  PARLEY_ASSIGN_OR_RETURN(auto column_of,
                          MapColumns(map, header, options, path, &text_parts, &time_parts));
  PARLEY_ASSIGN_OR_RETURN(auto overridden, OverriddenFields(options.map_overrides));
  // The first records' times, sampled once (SampleColumns()) for both
  // questions: whether a date and a time of day beside it are one time, and
  // what layout the times have.
  const int time = column_of[static_cast<size_t>(Field::kCreatedAt)];
  const std::vector<size_t> beside =
      DateAndTimeBeside(header, column_of, text_parts,
                        overridden[static_cast<size_t>(Field::kCreatedAt)], time_parts);
  const bool guess = GuessesTimeLayout(options) && time != kUnmapped;
  std::vector<size_t> sampled = !beside.empty() ? beside
                                : !time_parts.empty()
                                    ? time_parts
                                    : std::vector<size_t>{static_cast<size_t>(time)};
  std::vector<std::vector<std::string>> rows;
  if (!beside.empty() || guess) {
    rows = SampleColumns(splitter.get(), delimiter, header.size(), sampled, stream);
  }
  if (!beside.empty()) {
    if (DateAndTimeApart(rows)) {
      time_parts = beside;
      MapJoinedTimeParts(header[beside[0]], header[beside[1]], &map);
    } else {  // the mapped column alone
      const size_t keep = beside[0] == static_cast<size_t>(time) ? 0 : 1;
      for (std::vector<std::string>& row : rows) row = {std::move(row[keep])};
      sampled = {static_cast<size_t>(time)};
    }
  }
  std::shared_ptr<const TimeLayout> time_layout = options.time_layout;
  std::string guessed_time;
  if (guess) {
    const std::string named =
        sampled.size() == 1 ? header[sampled[0]] : header[sampled[0]] + "+" + header[sampled[1]];
    PARLEY_ASSIGN_OR_RETURN(
        time_layout, GuessLayout(rows, named, map, path, options.time_layout, &guessed_time));
  }
  // Where a field's cell is blank, its spec's later alternatives.
  std::array<std::vector<size_t>, kFieldCount> later;
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (column_of[f] == kUnmapped) continue;
    later[f] = PresentColumns(map.columns[f], header);
    if (!later[f].empty()) later[f].erase(later[f].begin());
  }
  if (!text_parts.empty()) later[static_cast<size_t>(Field::kText)].clear();
  if (!time_parts.empty()) later[static_cast<size_t>(Field::kCreatedAt)].clear();
  auto decoder = std::make_shared<CsvDecoder>(
      delimiter, std::move(header), column_of, MakeRecordPolicy(options.source, map, path),
      std::move(time_layout), std::move(text_parts), map.column(Field::kText),
      std::move(time_parts), map.column(Field::kCreatedAt));
  for (size_t f = 0; f < kFieldCount; ++f) {
    decoder->SetLaterColumns(static_cast<Field>(f), std::move(later[f]));
  }
  return {std::make_unique<SplitRecordReader>(std::move(splitter), std::move(decoder),
                                              GuessedColumnsNote(map), std::move(guessed_time),
                                              header_line)};
}

}  // namespace parley
