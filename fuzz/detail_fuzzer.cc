// libFuzzer target for the stored post's detail BLOB (src/storage/store_codec.h),
// what a store hands back from disk, where a corrupt or foreign file may put
// any bytes. On any bytes, ParseDetail() must give the fields or an error,
// and DetailHasIntent() and DetailLanguage() (the SQL functions behind the
// posts of an intent's or a language's figure) an answer, never crash or
// read out of bounds. A blob that parses must agree with both, and its
// fields written again must parse to fields that write the same bytes.
//
//   detail_fuzzer fuzz/corpus/detail_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/storage/store_codec.h"

namespace {

using parley::internal::AppendDetail;
using parley::internal::DetailHasIntent;
using parley::internal::DetailLanguage;
using parley::internal::ParseDetail;
using parley::internal::PostDetail;

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "detail invariant broken: %s\n", what);
  std::abort();
}

// Unmapped-column codes 0-7 name "k0".."k7", but 3, which is unknown (as a
// code added by another connection since the names were read).
const std::vector<std::optional<std::string>>& KeyNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::optional<std::string>>();
    for (int i = 0; i < 8; ++i) {
      v->push_back(i == 3 ? std::nullopt : std::optional<std::string>("k" + std::to_string(i)));
    }
    return v;
  }();
  return *names;
}

struct Parsed {
  parley::Post post;
  parley::Analysis analysis;
  std::string model;
  std::vector<int64_t> codes;  // of post.extra, by name
};

bool Parse(std::string_view blob, Parsed* p) {
  if (!ParseDetail(blob, &p->post, &p->analysis, &p->model, &KeyNames()).ok()) return false;
  p->codes.clear();
  for (const auto& [name, value] : p->post.extra) p->codes.push_back(std::stoll(name.substr(1)));
  return true;
}

std::string Write(const Parsed& p) {
  PostDetail d;
  d.model = p.model;
  d.author_name = p.post.author_name;
  d.lang = p.post.lang;
  d.language = p.analysis.lang;
  d.rating = p.post.rating;
  d.replies = p.post.metrics.replies;
  d.followers = p.post.metrics.followers;
  d.views = p.post.metrics.views;
  d.extra = &p.post.extra;
  d.extra_codes = &p.codes;
  d.brands = &p.analysis.brands;
  d.topics = &p.analysis.topics;
  d.intents = &p.analysis.intents;
  d.mentions = &p.analysis.mentions;
  d.hashtags = &p.analysis.hashtags;
  d.aspects = &p.analysis.aspects;
  d.prices = &p.analysis.prices;
  std::string out;
  AppendDetail(d, &out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view blob(reinterpret_cast<const char*>(data), size);
  const std::string language = DetailLanguage(blob);
  const bool complaint = DetailHasIntent(blob, "complaint");
  Parsed first;
  if (!Parse(blob, &first)) return 0;
  Require(language == first.analysis.lang, "DetailLanguage differs from the parse");
  bool listed = false;
  for (const std::string& intent : first.analysis.intents) {
    Require(DetailHasIntent(blob, intent), "an intent the parse lists is not found");
    listed |= intent == "complaint";
  }
  Require(complaint == listed, "DetailHasIntent differs from the parse");
  const std::string again = Write(first);
  Parsed second;
  Require(Parse(again, &second), "written fields do not parse");
  Require(Write(second) == again, "written fields do not write the same bytes again");
  Require(DetailLanguage(again) == first.analysis.lang, "the language is lost in writing");
  return 0;
}
