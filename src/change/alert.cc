#include "src/change/alert.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "src/analyze/output.h"
#include "src/core/timestamp.h"

namespace parley::change {
namespace {

void Field(std::string_view name, std::string_view value, std::string* out) {
  AppendJsonString(name, out);
  out->push_back(':');
  AppendJsonString(value, out);
}

// Numbers with enough digits to read back; p-values keep their exponent.
std::string Num(double v) { return fmt::format("{:.6g}", v); }

void AppendExamples(const std::vector<AlertExample>& examples, std::string* out) {
  out->append(",\"examples\":[");
  for (size_t i = 0; i < examples.size(); ++i) {
    const AlertExample& e = examples[i];
    if (i) out->push_back(',');
    out->push_back('{');
    Field("source", e.source, out);
    out->push_back(',');
    Field("id", e.id, out);
    out->push_back(',');
    Field("author", e.author, out);
    out->push_back(',');
    Field("created_at", FormatTimestamp(e.created_at_ms), out);
    out->push_back(',');
    Field("text", e.text, out);
    out->push_back('}');
  }
  out->push_back(']');
}

std::string_view Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get(v)) return {};
  return v;
}

double Number(simdjson::dom::element e, const char* key) {
  double v = 0;
  if (e[key].get(v)) {
    int64_t i = 0;
    if (!e[key].get(i)) return static_cast<double>(i);
  }
  return v;
}

int64_t Time(simdjson::dom::element e, const char* key) {
  StatusOr<int64_t> t = ParseTimestamp(Str(e, key));
  return t.ok() ? *t : 0;
}

}  // namespace

std::string Alert::Key() const {
  std::string key = kind + "|" + series.brand + "|" + series.topic + "|" + series.source + "|" +
                    FormatTimestamp(window_start_ms);
  if (!term.empty()) key += "|" + term;
  // (Last, and only for an intent's series: the keys of the others, which
  // stores already hold, stay as they were.)
  if (series.intent != "*") key += "|intent=" + series.intent;
  return key;
}

std::string Alert::ToJson() const {
  std::string out = "{";
  Field("kind", kind, &out);
  out += ",\"series\":{";
  Field("brand", series.brand, &out);
  out.push_back(',');
  Field("topic", series.topic, &out);
  out.push_back(',');
  Field("source", series.source, &out);
  if (series.intent != "*") {
    out.push_back(',');
    Field("intent", series.intent, &out);
  }
  out += "},";
  if (!term.empty()) {
    Field("term", term, &out);
    out.push_back(',');
  }
  out += "\"window\":{";
  Field("start", FormatTimestamp(window_start_ms), &out);
  out.push_back(',');
  Field("end", FormatTimestamp(window_end_ms), &out);
  out += fmt::format("}},\"baseline\":{},\"observed\":{},\"effect\":{},\"p_value\":{},"
                     "\"q_value\":{},\"window_n\":{},\"baseline_n\":{}",
                     Num(baseline), Num(observed), Num(effect), Num(p_value), Num(q_value),
                     window_n, baseline_n);
  if (!correction.empty()) {
    out.push_back(',');
    Field("correction", correction, &out);
  }
  AppendExamples(examples, &out);
  out.push_back('}');
  return out;
}

StoredAlert Alert::ToStored(int64_t now_ms) const {
  StoredAlert s;
  s.key = Key();
  s.kind = kind;
  s.window_start_ms = window_start_ms;
  s.window_end_ms = window_end_ms;
  s.detected_at_ms = now_ms;
  s.body = ToJson();
  return s;
}

StatusOr<Alert> ParseAlert(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root)) {
    return DataLossError("a stored alert is not valid JSON");
  }
  Alert a;
  a.kind = Str(root, "kind");
  simdjson::dom::element series, window, examples;
  if (!root["series"].get(series)) {
    a.series.brand = Str(series, "brand");
    a.series.topic = Str(series, "topic");
    a.series.source = Str(series, "source");
    if (std::string_view intent = Str(series, "intent"); !intent.empty()) a.series.intent = intent;
  }
  a.term = Str(root, "term");
  if (!root["window"].get(window)) {
    a.window_start_ms = Time(window, "start");
    a.window_end_ms = Time(window, "end");
  }
  a.baseline = Number(root, "baseline");
  a.observed = Number(root, "observed");
  a.effect = Number(root, "effect");
  a.p_value = Number(root, "p_value");
  a.q_value = Number(root, "q_value");
  a.window_n = static_cast<int64_t>(Number(root, "window_n"));
  a.baseline_n = static_cast<int64_t>(Number(root, "baseline_n"));
  a.correction = Str(root, "correction");
  simdjson::dom::array list;
  if (!root["examples"].get(list)) {
    for (simdjson::dom::element e : list) {
      a.examples.push_back({std::string(Str(e, "source")), std::string(Str(e, "id")),
                            std::string(Str(e, "author")), std::string(Str(e, "text")),
                            Time(e, "created_at")});
    }
  }
  return a;
}

}  // namespace parley::change
