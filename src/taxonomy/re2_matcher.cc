// The portable engine: RE2::Set finds which patterns occur, then each of
// those is searched alone for its positions. A post usually matches a
// handful of a taxonomy's patterns, so the second step stays small.
#include <re2/re2.h>
#include <re2/set.h>

#include "src/taxonomy/matcher.h"

namespace parley {
namespace {

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  return o;
}

class Re2Matcher final : public Matcher {
 public:
  Status Compile(const std::vector<PatternSpec>& specs) {
    RE2::Options set_options = PatternOptions();
    set_options.set_max_mem(int64_t{1} << 30);  // the set's DFA; 10,000 phrases need room
    set_ = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
    regexes_.reserve(specs.size());
    for (const PatternSpec& spec : specs) {
      std::string error;
      if (set_->Add(spec.regex, &error) < 0) {
        return InvalidArgumentError(spec.origin + ": cannot compile: " + error);
      }
      regexes_.push_back(std::make_unique<RE2>(spec.regex, PatternOptions()));
    }
    if (regexes_.empty()) return Status::OK();  // RE2 will not compile an empty set
    if (!set_->Compile()) return InvalidArgumentError("the patterns are too large for RE2");
    return Status::OK();
  }

  void Scan(std::string_view text, std::vector<MatchSpan>* out) const override {
    if (regexes_.empty()) return;
    thread_local std::vector<int> hits;
    hits.clear();
    RE2::Set::ErrorInfo info;
    if (!set_->Match(text, &hits, &info) && info.kind != RE2::Set::kNoError) {
      // The set's DFA ran out of memory: search every pattern (slow, exact).
      hits.clear();
      for (size_t i = 0; i < regexes_.size(); ++i) hits.push_back(static_cast<int>(i));
    }
    for (int id : hits) Positions(static_cast<uint32_t>(id), text, out);
  }

  std::string_view engine() const override { return "re2"; }

 private:
  // Every start of a match, as Hyperscan finds them: after a match at
  // `begin` the next search starts at begin + 1, since the spaces that bound
  // matches are shared by neighbours.
  void Positions(uint32_t id, std::string_view text, std::vector<MatchSpan>* out) const {
    const RE2& re = *regexes_[id];
    re2::StringPiece whole(text.data(), text.size()), m;
    size_t pos = 0;
    while (pos < text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      uint32_t begin = static_cast<uint32_t>(m.data() - text.data());
      out->push_back(MatchSpan{id, begin, begin + static_cast<uint32_t>(m.size())});
      pos = begin + 1;
    }
  }

  std::unique_ptr<RE2::Set> set_;
  std::vector<std::unique_ptr<RE2>> regexes_;
};

}  // namespace

StatusOr<std::unique_ptr<Matcher>> NewRe2Matcher(const std::vector<PatternSpec>& specs) {
  auto m = std::make_unique<Re2Matcher>();
  PARLEY_RETURN_IF_ERROR(m->Compile(specs));
  return std::unique_ptr<Matcher>(std::move(m));
}

}  // namespace parley
