#include "src/analyze/json_writer.h"

#include <fmt/format.h>

#include <cmath>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"

namespace parley {

void JsonWriter::Comma() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_.push_back(',');
  first_.back() = false;
}

JsonWriter& JsonWriter::BeginObject() {
  Comma();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Comma();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Comma();
  AppendJsonString(key, &out_);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Comma();
  AppendJsonString(value, &out_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Comma();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  if (!std::isfinite(value)) return Null();
  Comma();
  // Six significant digits: shares and intervals need no more, and a long
  // hourly series is a third smaller than with round-trip digits.
  if (std::fabs(value) < 1e6) {
    fmt::format_to(std::back_inserter(out_), "{:.6g}", value);
  } else {
    fmt::format_to(std::back_inserter(out_), "{}", value);
  }
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Comma();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Comma();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Time(int64_t ms) {
  Comma();
  out_.push_back('"');
  AppendTimestamp(ms, &out_);
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::IntervalValue(const Interval& i) {
  BeginObject();
  Key("estimate").Double(i.estimate);
  Key("low").Double(i.low);
  Key("high").Double(i.high);
  return EndObject();
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Comma();
  out_.append(json);
  return *this;
}

void AspectsValue(const std::vector<Aspect>& aspects, JsonWriter* w) {
  w->BeginArray();
  for (const Aspect& a : aspects) {
    w->BeginObject();
    w->Key("topic").String(a.topic);
    w->Key("label").String(SentimentLabelName(a.label));
    w->Key("score").Double(a.score);
    w->EndObject();
  }
  w->EndArray();
}

void PricesValue(const std::vector<Price>& prices, JsonWriter* w) {
  w->BeginArray();
  for (const Price& p : prices) {
    w->BeginObject();
    w->Key("text").String(p.text);
    if (p.has_amount) {
      w->Key("currency").String(p.currency);
      w->Key("amount").Double(p.amount);
    }
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace parley
