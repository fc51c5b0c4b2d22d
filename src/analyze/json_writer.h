// JsonWriter: builds one JSON document into a string, placing the commas.
// Used by the people views, the report's JSON and the HTTP API.
// Strings are escaped by the same code as parley's NDJSON output, so any
// text (post bodies, author names) is safe inside the document.
//
// Thread safety: one writer per thread.
#ifndef PARLEY_ANALYZE_JSON_WRITER_H_
#define PARLEY_ANALYZE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parley/engine.h"
#include "src/metrics/intervals.h"

namespace parley {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The key of the next value (inside an object).
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  // Six significant digits below 1e6; non-finite values are written as null.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // An ISO-8601 UTC time string.
  JsonWriter& Time(int64_t ms);
  // {"estimate":..,"low":..,"high":..}
  JsonWriter& IntervalValue(const Interval& i);
  // A value that is already valid JSON (e.g. a stored alert's body).
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Comma();

  std::string out_;
  std::vector<bool> first_;  // per open container: no value written yet
  bool after_key_ = false;
};

// A post's aspects and prices as `parley analyze` writes them:
// [{"topic":"delay","label":"negative","score":-0.62}] and
// [{"text":"$49","currency":"USD","amount":49},{"text":"too expensive"}].
void AspectsValue(const std::vector<Aspect>& aspects, JsonWriter* w);
void PricesValue(const std::vector<Price>& prices, JsonWriter* w);

}  // namespace parley

#endif  // PARLEY_ANALYZE_JSON_WRITER_H_
