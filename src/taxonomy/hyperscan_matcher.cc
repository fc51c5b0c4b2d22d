// The fast engine: one Hyperscan block-mode database holding every pattern.
// Compiled only when the build found libhs (PARLEY_HAVE_HYPERSCAN).
#include "src/taxonomy/matcher.h"

#ifdef PARLEY_HAVE_HYPERSCAN

#include <hs/hs.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace parley {
namespace {

// Hyperscan needs scratch space per thread, sized for every database it is
// used with. One per thread serves all matchers: it is grown the first time
// a thread scans with a matcher it has not seen.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<uint64_t> sized_for;  // matcher serials
  ~ThreadScratch() {
    if (scratch) hs_free_scratch(scratch);
  }
};

std::atomic<uint64_t> next_serial{1};

struct ScanContext {
  const std::vector<uint8_t>* want_begin;
  std::vector<MatchSpan>* out;
};

int OnMatch(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* c = static_cast<ScanContext*>(ctx);
  uint32_t begin = (*c->want_begin)[id] ? static_cast<uint32_t>(from) : MatchSpan::kNoBegin;
  c->out->push_back(MatchSpan{id, begin, static_cast<uint32_t>(to)});
  return 0;  // go on
}

class HyperscanMatcher final : public Matcher {
 public:
  ~HyperscanMatcher() override {
    if (db_) hs_free_database(db_);
  }

  Status Compile(const std::vector<PatternSpec>& specs) {
    if (specs.empty()) return Status::OK();
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < specs.size(); ++i) {
      expressions.push_back(specs[i].regex.c_str());
      want_begin_.push_back(specs[i].want_begin ? 1 : 0);
      flags.push_back(HS_FLAG_CASELESS | HS_FLAG_UTF8 |
                      (specs[i].want_begin ? HS_FLAG_SOM_LEFTMOST : 0u));
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(specs.size()), HS_MODE_BLOCK, nullptr, &db_,
                         &error) != HS_SUCCESS) {
      std::string where = error->expression >= 0 ? specs[error->expression].origin : "patterns";
      Status s = InvalidArgumentError(where + ": Hyperscan cannot compile it: " + error->message);
      hs_free_compile_error(error);
      return s;
    }
    return Status::OK();
  }

  void Scan(std::string_view text, std::vector<MatchSpan>* out) const override {
    if (!db_) return;
    hs_scratch_t* scratch = ScratchFor();
    ScanContext ctx{&want_begin_, out};
    hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, OnMatch, &ctx);
  }

  std::string_view engine() const override { return "hyperscan"; }

 private:
  hs_scratch_t* ScratchFor() const {
    thread_local ThreadScratch t;
    for (uint64_t s : t.sized_for) {
      if (s == serial_) return t.scratch;
    }
    if (hs_alloc_scratch(db_, &t.scratch) != HS_SUCCESS) {
      std::fputs("parley: out of memory for Hyperscan scratch space\n", stderr);
      std::abort();
    }
    t.sized_for.push_back(serial_);
    return t.scratch;
  }

  hs_database_t* db_ = nullptr;
  std::vector<uint8_t> want_begin_;
  uint64_t serial_ = next_serial.fetch_add(1);
};

}  // namespace

bool HyperscanAvailable() { return hs_valid_platform() == HS_SUCCESS; }

StatusOr<std::unique_ptr<Matcher>> NewHyperscanMatcher(const std::vector<PatternSpec>& specs) {
  if (!HyperscanAvailable()) {
    return FailedPreconditionError("this CPU cannot run Hyperscan (it needs SSSE3): use re2");
  }
  auto m = std::make_unique<HyperscanMatcher>();
  PARLEY_RETURN_IF_ERROR(m->Compile(specs));
  return std::unique_ptr<Matcher>(std::move(m));
}

}  // namespace parley

#else  // !PARLEY_HAVE_HYPERSCAN

namespace parley {

bool HyperscanAvailable() { return false; }

StatusOr<std::unique_ptr<Matcher>> NewHyperscanMatcher(const std::vector<PatternSpec>&) {
  return FailedPreconditionError("this build has no Hyperscan (it was not found, or "
                                 "PARLEY_FORCE_RE2 was set): use re2");
}

}  // namespace parley

#endif  // PARLEY_HAVE_HYPERSCAN
