#include "src/storage/store_codec.h"

#include <bit>
#include <cstring>

#include "src/analyze/output.h"

namespace parley::internal {

void AppendJsonList(const std::vector<std::string>& list, std::string* out) {
  if (list.empty()) return;
  out->push_back('[');
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(list[i], out);
  }
  out->push_back(']');
}

void AppendJsonPairs(const std::vector<std::pair<std::string, std::string>>& pairs,
                     std::string* out) {
  if (pairs.empty()) return;
  out->push_back('{');
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(pairs[i].first, out);
    out->push_back(':');
    AppendJsonString(pairs[i].second, out);
  }
  out->push_back('}');
}

Status ParseJsonList(simdjson::dom::parser& parser, std::string_view json,
                     std::vector<std::string>* out) {
  out->clear();
  if (json.empty()) return Status::OK();
  simdjson::dom::array array;
  if (parser.parse(json.data(), json.size()).get_array().get(array)) {
    return DataLossError("stored list is not a JSON array: " + std::string(json.substr(0, 80)));
  }
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get_string().get(s)) return DataLossError("stored list holds a non-string");
    out->emplace_back(s);
  }
  return Status::OK();
}

Status ParseJsonPairs(simdjson::dom::parser& parser, std::string_view json,
                      std::vector<std::pair<std::string, std::string>>* out) {
  out->clear();
  if (json.empty()) return Status::OK();
  simdjson::dom::object object;
  if (parser.parse(json.data(), json.size()).get_object().get(object)) {
    return DataLossError("stored extra is not a JSON object");
  }
  for (auto field : object) {
    std::string_view v;
    if (field.value.get_string().get(v)) return DataLossError("stored extra holds a non-string");
    out->emplace_back(std::string(field.key), std::string(v));
  }
  return Status::OK();
}

void ContentHasher::Add(std::string_view s) {
  Mix(s.size());
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    Mix(w);
  }
  if (i < s.size()) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, s.size() - i);
    Mix(w);
  }
}

void ContentHasher::Add(double v) { Mix(std::bit_cast<uint64_t>(v)); }

uint64_t ContentHasher::Finish() const {
  uint64_t h = h_;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

SentimentLabel LabelFromName(std::string_view name) {
  if (name == "negative") return SentimentLabel::kNegative;
  if (name == "positive") return SentimentLabel::kPositive;
  return SentimentLabel::kNeutral;
}

}  // namespace parley::internal
