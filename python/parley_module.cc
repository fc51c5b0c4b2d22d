// _parley: the compiled half of the Python package `parley`
// (python/parley/__init__.py wraps it and documents the API for Python users).
//
// Everything here is translation: Python values in, the C++ engine's own
// Analyzer, NDJSON decoder and RollupTable do the work, numpy arrays and
// lists out. A parley Status becomes a Python exception: parley.InputError
// (also a ValueError) for what the user can fix, parley.Error otherwise.
//
// Thread safety: the GIL is released while a batch is analyzed, so Python
// threads calling one Analyzer run in parallel (the Analyzer is immutable).
// A Rollups object is not locked: share one between threads only for reading.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/analyze/output.h"
#include "src/ingest/field_map.h"
#include "src/ingest/ndjson_reader.h"
#include "src/ingest/post_builder.h"
#include "src/metrics/intervals.h"
#include "src/storage/rollup.h"

namespace py = pybind11;

namespace parley {
namespace {

// parley.Error and parley.InputError; created once at import, never freed
// (the module lives as long as the interpreter).
PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;

// The same split as the CLI's exit codes: 2 (fixable input) or 1 (failure).
bool IsInputError(StatusCode code) {
  return code != StatusCode::kUnavailable && code != StatusCode::kInternal;
}

[[noreturn]] void Raise(const Status& status) {
  PyErr_SetString(IsInputError(status.code()) ? g_input_error : g_error, status.message().c_str());
  throw py::error_already_set();
}

template <typename T>
T ValueOrRaise(StatusOr<T> v) {
  if (!v.ok()) Raise(v.status());
  return std::move(v).value();
}

// ---- Python values to JSON text, for the NDJSON decoder ----

bool AppendJson(py::handle h, int depth, std::string* out, std::string* reason);

bool AppendUtf8(py::handle h, std::string* out, std::string* reason) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    *reason = "a string is not valid Unicode (lone surrogate)";
    return false;
  }
  AppendJsonString(std::string_view(data, static_cast<size_t>(size)), out);
  return true;
}

bool AppendFloat(double v, std::string* out) {
  // NaN is how pandas says "missing": null, which the decoder treats as absent.
  if (!std::isfinite(v)) {
    out->append("null");
  } else {
    out->append(py::str(py::float_(v)).cast<std::string>());
  }
  return true;
}

bool AppendDict(py::handle h, int depth, std::string* out, std::string* reason) {
  out->push_back('{');
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t pos = 0;
  bool first = true;
  // Borrowed references, and no Python code runs while iterating (str() of
  // a non-string key makes a new object but cannot change the dict).
  while (PyDict_Next(h.ptr(), &pos, &key, &value)) {
    if (!first) out->push_back(',');
    first = false;
    bool ok =
        PyUnicode_Check(key) ? AppendUtf8(key, out, reason) : AppendUtf8(py::str(key), out, reason);
    if (!ok) return false;
    out->push_back(':');
    if (!AppendJson(value, depth + 1, out, reason)) return false;
  }
  out->push_back('}');
  return true;
}

bool AppendInt(py::handle h, std::string* out) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow == 0 && !(v == -1 && PyErr_Occurred())) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
    out->append(buf, static_cast<size_t>(end - buf));
  } else {
    PyErr_Clear();
    out->append(py::str(h).cast<std::string>());  // exact, whatever the size
  }
  return true;
}

bool AppendSequence(py::handle h, int depth, std::string* out, std::string* reason) {
  out->push_back('[');
  bool first = true;
  for (py::handle item : h) {
    if (!first) out->push_back(',');
    first = false;
    if (!AppendJson(item, depth + 1, out, reason)) return false;
  }
  out->push_back(']');
  return true;
}

// Values that are neither JSON nor containers: datetimes (pandas Timestamp
// too) as ISO text, numpy scalars as their Python value, NaT/NA as null,
// anything else as its str().
bool AppendOther(py::handle h, int depth, std::string* out, std::string* reason) {
  std::string type_name = py::str(py::type::handle_of(h).attr("__name__"));
  if (type_name == "NaTType" || type_name == "NAType") {
    out->append("null");
    return true;
  }
  if (py::hasattr(h, "isoformat")) return AppendUtf8(h.attr("isoformat")(), out, reason);
  if (py::hasattr(h, "item") && depth < 64) return AppendJson(h.attr("item")(), 64, out, reason);
  return AppendUtf8(py::str(h), out, reason);
}

bool AppendJson(py::handle h, int depth, std::string* out, std::string* reason) {
  if (depth > 100) {
    *reason = "nested too deeply";
    return false;
  }
  PyObject* o = h.ptr();
  if (o == Py_None) {
    out->append("null");
  } else if (PyBool_Check(o)) {
    out->append(o == Py_True ? "true" : "false");
  } else if (PyLong_Check(o)) {
    return AppendInt(h, out);
  } else if (PyFloat_Check(o)) {
    return AppendFloat(PyFloat_AS_DOUBLE(o), out);
  } else if (PyUnicode_Check(o)) {
    return AppendUtf8(h, out, reason);
  } else if (PyDict_Check(o)) {
    return AppendDict(h, depth, out, reason);
  } else if (PyList_Check(o) || PyTuple_Check(o)) {
    return AppendSequence(h, depth, out, reason);
  } else {
    return AppendOther(h, depth, out, reason);
  }
  return true;
}

// ---- Analyses as columns ----

// The analyses of a batch, column by column, filled without the GIL.
struct Columns {
  std::vector<int8_t> label;
  std::vector<double> score;
  std::vector<double> p;  // n x 3; NaN where the model gives no probabilities
  std::vector<bool> uncertain;
  std::vector<std::vector<std::string>> brands, topics, intents, mentions, hashtags;
  // Filled for records only.
  std::vector<int64_t> index;
  std::vector<std::string> source, id, author;
  std::vector<int64_t> created_at_ms;

  void Reserve(size_t n) {
    label.reserve(n);
    score.reserve(n);
    p.reserve(3 * n);
    for (auto* v : {&brands, &topics, &intents, &mentions, &hashtags}) v->reserve(n);
  }

  void Add(Analysis& a) {
    const Sentiment& s = a.sentiment;
    label.push_back(static_cast<int8_t>(s.label));
    score.push_back(s.score);
    for (int i = 0; i < 3; ++i) p.push_back(s.has_probabilities ? s.p[i] : std::nan(""));
    uncertain.push_back(s.uncertain);
    brands.push_back(std::move(a.brands));
    topics.push_back(std::move(a.topics));
    intents.push_back(std::move(a.intents));
    mentions.push_back(std::move(a.mentions));
    hashtags.push_back(std::move(a.hashtags));
  }

  void AddRecord(int64_t i, Post& post) {
    index.push_back(i);
    source.push_back(std::move(post.source));
    id.push_back(std::move(post.id));
    author.push_back(std::move(post.author));
    created_at_ms.push_back(post.created_at_ms);
  }
};

template <typename T>
py::array_t<T> ToArray(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::list ToLists(const std::vector<std::vector<std::string>>& rows) {
  py::list out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    py::list row(rows[i].size());
    for (size_t j = 0; j < rows[i].size(); ++j) row[j] = py::str(rows[i][j]);
    out[i] = std::move(row);
  }
  return out;
}

// Pauses Python's cyclic garbage collector while a result is built: the
// hundreds of thousands of small lists it creates would otherwise trigger
// collections that traverse every live container, costing more than the
// analysis. None of these objects can form a cycle.
class GcPause {
 public:
  GcPause() : was_enabled_(PyGC_Disable()) {}
  ~GcPause() {
    if (was_enabled_) PyGC_Enable();
  }

 private:
  int was_enabled_;
};

py::dict ToDict(const Columns& c) {
  GcPause pause;
  py::dict d;
  d["label"] = ToArray(c.label);
  d["score"] = ToArray(c.score);
  py::array_t<double> p({static_cast<py::ssize_t>(c.label.size()), py::ssize_t{3}});
  std::copy(c.p.begin(), c.p.end(), p.mutable_data());
  d["probabilities"] = std::move(p);
  py::array_t<bool> uncertain(static_cast<py::ssize_t>(c.uncertain.size()));
  for (size_t i = 0; i < c.uncertain.size(); ++i) uncertain.mutable_data()[i] = c.uncertain[i];
  d["uncertain"] = std::move(uncertain);
  d["brands"] = ToLists(c.brands);
  d["topics"] = ToLists(c.topics);
  d["intents"] = ToLists(c.intents);
  d["mentions"] = ToLists(c.mentions);
  d["hashtags"] = ToLists(c.hashtags);
  return d;
}

void AddRecordColumns(const Columns& c, py::dict* d) {
  GcPause pause;
  (*d)["index"] = ToArray(c.index);
  (*d)["source"] = py::cast(c.source);
  (*d)["id"] = py::cast(c.id);
  (*d)["author"] = py::cast(c.author);
  (*d)["created_at_ms"] = ToArray(c.created_at_ms);
}

// ---- The analyzer ----

class PyAnalyzer {
 public:
  PyAnalyzer(const std::string& model, const std::string& taxonomy, const std::string& lexicon,
             bool emoji, double abstain, const std::string& match_engine, double positive_threshold,
             double negative_threshold) {
    AnalyzerOptions o;
    o.positive_threshold = positive_threshold;
    o.negative_threshold = negative_threshold;
    o.model = model;
    o.taxonomy_path = taxonomy;
    o.lexicon_path = lexicon;
    o.emoji = emoji;
    o.abstain = abstain;
    o.match_engine = match_engine;
    analyzer_ = ValueOrRaise(Analyzer::Create(o));
  }

  const std::string& model_name() const { return analyzer_->model_name(); }

  py::dict Analyze(const py::iterable& texts) const {
    std::vector<std::string> owned;
    for (py::handle t : texts) {
      if (!PyUnicode_Check(t.ptr())) {
        throw py::type_error("analyze() takes strings; item " + std::to_string(owned.size()) +
                             " is " + std::string(py::str(py::type::handle_of(t))));
      }
      owned.push_back(t.cast<std::string>());
    }
    Columns c;
    {
      py::gil_scoped_release release;
      c.Reserve(owned.size());
      Post post;
      Analysis a;
      for (std::string& text : owned) {
        post.text.swap(text);
        analyzer_->Analyze(post, &a);
        c.Add(a);
      }
    }
    return ToDict(c);
  }

  // Options of analyze_records() and analyze_json().
  struct DecodeOptions {
    std::string preset = "auto";
    std::vector<std::string> map;
    std::string source;
    std::string default_source = "records";
  };

  // Returns (columns, rejects): rejects is a list of (index, reason).
  py::tuple AnalyzeRecords(const py::iterable& records, const DecodeOptions& o) const;
  py::tuple AnalyzeJson(const py::iterable& lines, const DecodeOptions& o) const;

 private:
  // Records as JSON texts, json[j] being record base + j; an empty text is a
  // record to skip (blank line) or, when listed in `rejects`, one already
  // rejected.
  struct Batch {
    int64_t base = 0;
    std::vector<std::string> owned;
    std::vector<std::string_view> json;
    std::vector<std::pair<int64_t, std::string>> rejects;
  };
  using Rejects = std::vector<std::pair<int64_t, std::string>>;

  std::shared_ptr<const RecordDecoder> MakeDecoder(const DecodeOptions& o,
                                                   const std::vector<std::string>& keys) const;
  // Decodes and analyzes `b` into `c` and `rejects`; runs without the GIL.
  void DecodeBatch(const Batch& b, const RecordDecoder& decoder, DecodeScratch* scratch, Columns* c,
                   Rejects* rejects) const;

  std::unique_ptr<Analyzer> analyzer_;
};

// The field map as the NDJSON reader builds it; "auto" chooses from `keys`,
// the first record's top-level keys.
std::shared_ptr<const RecordDecoder> PyAnalyzer::MakeDecoder(
    const DecodeOptions& o, const std::vector<std::string>& keys) const {
  FieldMap fields = ValueOrRaise(MakeFieldMap(o.preset, o.map));
  if (fields.preset == "auto") {
    std::vector<std::string_view> views(keys.begin(), keys.end());
    // No records: any map will do, none will be used (as in the reader).
    fields = keys.empty() ? ValueOrRaise(MakeFieldMap("generic", o.map))
                          : ValueOrRaise(ResolveAutoPreset(fields, o.map, views));
  }
  SourcePolicy policy{o.source,
                      fields.default_source.empty() ? o.default_source : fields.default_source};
  return ValueOrRaise(NewNdjsonDecoder(fields, std::move(policy)));
}

std::vector<std::string> DictKeys(py::handle dict) {
  std::vector<std::string> keys;
  for (auto item : py::reinterpret_borrow<py::dict>(dict)) {
    keys.push_back(py::str(item.first).cast<std::string>());
  }
  return keys;
}

// (columns, rejects) as analyze_records() returns them.
py::tuple Result(const Columns& c, const std::vector<std::pair<int64_t, std::string>>& rejects) {
  py::dict d = ToDict(c);
  AddRecordColumns(c, &d);
  return py::make_tuple(std::move(d), py::cast(rejects));
}

// Dicts are written as JSON a chunk at a time and analyzed without the GIL
// while the chunk's text is still in cache (and its buffers are reused).
constexpr size_t kRecordChunk = 1024;

py::tuple PyAnalyzer::AnalyzeRecords(const py::iterable& records, const DecodeOptions& o) const {
  py::list items(records);
  std::vector<std::string> keys;
  for (py::handle r : items) {
    if (PyDict_Check(r.ptr())) {
      keys = DictKeys(r);
      break;
    }
  }
  std::shared_ptr<const RecordDecoder> decoder = MakeDecoder(o, keys);
  std::unique_ptr<DecodeScratch> scratch = decoder->NewScratch();
  Columns c;
  c.Reserve(items.size());
  Rejects rejects;
  Batch b;
  b.owned.resize(kRecordChunk);
  for (size_t start = 0; start < items.size(); start += kRecordChunk) {
    size_t end = std::min(items.size(), start + kRecordChunk);
    b.base = static_cast<int64_t>(start);
    b.rejects.clear();
    for (size_t i = start; i < end; ++i) {
      py::handle r = items[i];
      std::string& out = b.owned[i - start];
      out.clear();
      std::string reason;
      if (!PyDict_Check(r.ptr())) {
        reason = "expected a dict, found " +
                 std::string(py::str(py::type::handle_of(r).attr("__name__")));
      } else if (AppendJson(r, 0, &out, &reason)) {
        continue;
      }
      b.rejects.emplace_back(i, std::move(reason));
      out.clear();
    }
    b.json.assign(b.owned.begin(), b.owned.begin() + static_cast<ptrdiff_t>(end - start));
    py::gil_scoped_release release;
    DecodeBatch(b, *decoder, scratch.get(), &c, &rejects);
  }
  return Result(c, rejects);
}

// NDJSON lines (str or bytes), as `parley ingest` reads a file: blank lines
// are skipped, "auto" picks the preset from the first line's keys.
py::tuple PyAnalyzer::AnalyzeJson(const py::iterable& lines, const DecodeOptions& o) const {
  Batch b;
  py::list items(lines);  // keeps the texts alive (and immutable) without the GIL
  b.json.resize(items.size());
  std::optional<size_t> first;
  for (size_t i = 0; i < items.size(); ++i) {
    PyObject* x = items[i].ptr();
    char* data = nullptr;
    Py_ssize_t size = 0;
    if (PyUnicode_Check(x)) {
      data = const_cast<char*>(PyUnicode_AsUTF8AndSize(x, &size));
    } else if (PyBytes_Check(x)) {
      PyBytes_AsStringAndSize(x, &data, &size);
    } else {
      throw py::type_error("analyze_json() takes str or bytes lines; item " + std::to_string(i) +
                           " is " + std::string(py::str(py::type::handle_of(x))));
    }
    if (data == nullptr) {  // a str with lone surrogates: no UTF-8 for it
      PyErr_Clear();
      b.rejects.emplace_back(i, "a string is not valid Unicode (lone surrogate)");
      continue;
    }
    std::string_view line(data, static_cast<size_t>(size));
    if (TrimAscii(line).empty()) continue;  // not a record, as in the reader
    b.json[i] = line;
    if (!first) first = i;
  }
  std::vector<std::string> keys;
  if (first && o.preset == "auto") {
    py::object parsed;
    try {
      parsed = py::module_::import("json").attr("loads")(items[*first]);
    } catch (py::error_already_set&) {
    }
    if (!parsed || !PyDict_Check(parsed.ptr())) {
      Raise(InvalidArgumentError("cannot choose a preset: the first record (item " +
                                 std::to_string(*first) + ") is not a JSON object; use preset="));
    }
    keys = DictKeys(parsed);
  }
  std::shared_ptr<const RecordDecoder> decoder = MakeDecoder(o, keys);
  Columns c;
  Rejects rejects;
  {
    py::gil_scoped_release release;
    c.Reserve(b.json.size());
    std::unique_ptr<DecodeScratch> scratch = decoder->NewScratch();
    DecodeBatch(b, *decoder, scratch.get(), &c, &rejects);
  }
  return Result(c, rejects);
}

void PyAnalyzer::DecodeBatch(const Batch& b, const RecordDecoder& decoder, DecodeScratch* scratch,
                             Columns* c, Rejects* rejects) const {
  thread_local Post post;
  thread_local Analysis a;
  thread_local std::string reason;
  size_t next = 0;
  for (size_t j = 0; j < b.json.size(); ++j) {
    int64_t i = b.base + static_cast<int64_t>(j);
    if (next < b.rejects.size() && b.rejects[next].first == i) {
      rejects->push_back(b.rejects[next++]);
      continue;
    }
    if (b.json[j].empty()) continue;
    post.Clear();
    if (!decoder.Decode(b.json[j], scratch, &post, &reason)) {
      rejects->emplace_back(i, reason);
      continue;
    }
    analyzer_->Analyze(post, &a);
    c->Add(a);
    c->AddRecord(i, post);
  }
}

// ---- Rollups ----

// Parses a granularity name, raising InputError.
Granularity GranularityOrRaise(const std::string& name) {
  return ValueOrRaise(ParseGranularity(name));
}

template <typename T>
const T* Column(const py::array_t<T>& a, size_t n, const char* name) {
  if (a.ndim() != 1 || static_cast<size_t>(a.shape(0)) != n) {
    throw py::value_error(std::string("column ") + name + " must have one value per post");
  }
  return a.data();
}

// Adds analyzed posts, given as the columns analyze_records() returns, to
// `table`. A row whose probabilities are NaN counts as a model without them
// (one-hot), exactly as the store counts it.
void AddColumns(RollupTable* table, const std::vector<std::string>& source,
                const py::array_t<int64_t, py::array::forcecast>& created_at_ms,
                const py::array_t<int8_t, py::array::forcecast>& label,
                const py::array_t<double, py::array::forcecast>& score,
                const py::array_t<double, py::array::c_style | py::array::forcecast>& p,
                const std::vector<std::vector<std::string>>& brands,
                const std::vector<std::vector<std::string>>& topics) {
  size_t n = source.size();
  const int64_t* at = Column(created_at_ms, n, "created_at_ms");
  const int8_t* lab = Column(label, n, "label");
  const double* sc = Column(score, n, "score");
  if (p.ndim() != 2 || static_cast<size_t>(p.shape(0)) != n || p.shape(1) != 3) {
    throw py::value_error("probabilities must be an n x 3 array");
  }
  if (brands.size() != n || topics.size() != n) {
    throw py::value_error("brands and topics must have one list per post");
  }
  const double* pr = p.data();
  py::gil_scoped_release release;
  for (size_t i = 0; i < n; ++i) {
    Sentiment s;
    s.label = static_cast<SentimentLabel>(lab[i] < 0 || lab[i] > 2 ? 1 : lab[i]);
    s.score = sc[i];
    s.has_probabilities = !std::isnan(pr[3 * i]);
    for (int k = 0; k < 3; ++k) s.p[k] = s.has_probabilities ? pr[3 * i + k] : 0;
    table->AddPost(source[i], at[i], s, brands[i], topics[i]);
  }
}

// The cells as columns, in the store's `rollups` table layout (sums in 1e-9
// units), sorted by key so that equal tables give equal columns.
py::dict Cells(const RollupTable& table) {
  std::vector<std::pair<const RollupKey*, const Rollup*>> cells;
  for (const auto& [k, r] : table.cells()) cells.emplace_back(&k, &r);
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    const RollupKey& x = *a.first;
    const RollupKey& y = *b.first;
    return std::tie(x.granularity, x.bucket_start, x.brand, x.topic, x.source) <
           std::tie(y.granularity, y.bucket_start, y.brand, y.topic, y.source);
  });
  size_t n = cells.size();
  std::vector<std::string> gran, brand, topic, source;
  std::vector<int64_t> bucket(n), count(n), by[3], sum_p[3], sum_score(n);
  for (int i = 0; i < 3; ++i) by[i].resize(n), sum_p[i].resize(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& [k, r] = cells[i];
    gran.emplace_back(GranularityName(k->granularity));
    bucket[i] = k->bucket_start;
    brand.push_back(k->brand);
    topic.push_back(k->topic);
    source.push_back(k->source);
    count[i] = r->n;
    for (int j = 0; j < 3; ++j) by[j][i] = r->count[j], sum_p[j][i] = r->sum_p[j];
    sum_score[i] = r->sum_score;
  }
  py::dict d;
  d["granularity"] = py::cast(gran);
  d["bucket_start"] = ToArray(bucket);
  d["brand"] = py::cast(brand);
  d["topic"] = py::cast(topic);
  d["source"] = py::cast(source);
  d["n"] = ToArray(count);
  const char* names[3] = {"neg", "neu", "pos"};
  for (int j = 0; j < 3; ++j) d[py::str(std::string("n_") + names[j])] = ToArray(by[j]);
  for (int j = 0; j < 3; ++j) d[py::str(std::string("sum_p_") + names[j])] = ToArray(sum_p[j]);
  d["sum_score"] = ToArray(sum_score);
  return d;
}

// Rebuilds a table from Cells() output (for pickling).
RollupTable FromCells(const py::dict& d) {
  RollupTable table;
  auto gran = d["granularity"].cast<std::vector<std::string>>();
  auto brand = d["brand"].cast<std::vector<std::string>>();
  auto topic = d["topic"].cast<std::vector<std::string>>();
  auto source = d["source"].cast<std::vector<std::string>>();
  auto col = [&](const char* name) { return d[name].cast<std::vector<int64_t>>(); };
  std::vector<int64_t> bucket = col("bucket_start"), n = col("n"), sum_score = col("sum_score");
  std::vector<int64_t> by[3] = {col("n_neg"), col("n_neu"), col("n_pos")};
  std::vector<int64_t> sum_p[3] = {col("sum_p_neg"), col("sum_p_neu"), col("sum_p_pos")};
  for (size_t i = 0; i < gran.size(); ++i) {
    RollupKey key{GranularityOrRaise(gran[i]), bucket.at(i), brand.at(i), topic.at(i),
                  source.at(i)};
    Rollup& r = table.Cell(key);
    r.n = n.at(i);
    for (int j = 0; j < 3; ++j) r.count[j] = by[j].at(i), r.sum_p[j] = sum_p[j].at(i);
    r.sum_score = sum_score.at(i);
  }
  return table;
}

// Wilson intervals of each label's share in each cell, as `parley report`
// computes them: (estimate, low, high) arrays per label.
py::dict Shares(const RollupTable& table, double confidence) {
  if (!(confidence > 0 && confidence < 1)) throw py::value_error("confidence must be in (0, 1)");
  py::dict cells = Cells(table);
  auto n = cells["n"].cast<py::array_t<int64_t>>();
  const char* names[3] = {"negative", "neutral", "positive"};
  const char* counts[3] = {"n_neg", "n_neu", "n_pos"};
  py::dict out;
  for (int j = 0; j < 3; ++j) {
    auto k = cells[counts[j]].cast<py::array_t<int64_t>>();
    size_t m = static_cast<size_t>(n.size());
    py::array_t<double> est(m), low(m), high(m);
    for (size_t i = 0; i < m; ++i) {
      Interval iv = WilsonInterval(static_cast<uint64_t>(k.at(i)), static_cast<uint64_t>(n.at(i)),
                                   confidence);
      est.mutable_at(i) = iv.estimate;
      low.mutable_at(i) = iv.low;
      high.mutable_at(i) = iv.high;
    }
    std::string name = names[j];
    out[py::str("share_" + name)] = est;
    out[py::str("share_" + name + "_low")] = low;
    out[py::str("share_" + name + "_high")] = high;
  }
  return out;
}

void DefineExceptions(py::module_& m) {
  g_error = PyErr_NewExceptionWithDoc(
      "parley.Error", "An error reported by parley's engine; the message is parley's.",
      PyExc_Exception, nullptr);
  py::tuple bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  g_input_error = PyErr_NewExceptionWithDoc(
      "parley.InputError",
      "An error the caller can fix: a missing or corrupt file, a bad taxonomy, model, preset "
      "or field map.",
      bases.ptr(), nullptr);
  if (g_error == nullptr || g_input_error == nullptr) throw py::error_already_set();
  m.attr("Error") = py::handle(g_error);
  m.attr("InputError") = py::handle(g_input_error);
}

// analyze_records() and analyze_json() with their options as keywords.
template <py::tuple (PyAnalyzer::*kMethod)(const py::iterable&, const PyAnalyzer::DecodeOptions&)
              const>
py::tuple AnalyzeWith(const PyAnalyzer& self, const py::iterable& items, const std::string& preset,
                      const std::vector<std::string>& map, const std::string& source,
                      const std::string& default_source) {
  return (self.*kMethod)(items, PyAnalyzer::DecodeOptions{preset, map, source, default_source});
}

void DefineAnalyzer(py::module_& m) {
  py::class_<PyAnalyzer>(m, "Analyzer")
      .def(py::init<const std::string&, const std::string&, const std::string&, bool, double,
                    const std::string&, double, double>(),
           py::arg("model") = "lexicon", py::arg("taxonomy") = "", py::arg("lexicon") = "",
           py::arg("emoji") = true, py::arg("abstain") = 0.0, py::arg("match_engine") = "auto",
           py::arg("positive_threshold") = AnalyzerOptions().positive_threshold,
           py::arg("negative_threshold") = AnalyzerOptions().negative_threshold)
      .def_property_readonly("model_name", &PyAnalyzer::model_name)
      .def("analyze", &PyAnalyzer::Analyze, py::arg("texts"))
      .def("analyze_records", &AnalyzeWith<&PyAnalyzer::AnalyzeRecords>, py::arg("records"),
           py::arg("preset") = "auto", py::arg("map") = std::vector<std::string>(),
           py::arg("source") = "", py::arg("default_source") = "records")
      .def("analyze_json", &AnalyzeWith<&PyAnalyzer::AnalyzeJson>, py::arg("lines"),
           py::arg("preset") = "auto", py::arg("map") = std::vector<std::string>(),
           py::arg("source") = "", py::arg("default_source") = "records");
}

void DefineRollups(py::module_& m) {
  py::class_<RollupTable>(m, "Rollups")
      .def(py::init<>())
      .def("add_columns", &AddColumns, py::arg("source"), py::arg("created_at_ms"),
           py::arg("label"), py::arg("score"), py::arg("probabilities"), py::arg("brands"),
           py::arg("topics"))
      .def(
          "merge",
          [](RollupTable& self, const RollupTable& other) -> RollupTable& {
            self.Merge(other);
            return self;
          },
          py::arg("other"), py::return_value_policy::reference_internal)
      .def("drop_empty", &RollupTable::DropEmpty)
      .def("cells", &Cells)
      .def("shares", &Shares, py::arg("confidence") = 0.95)
      .def("__len__", [](const RollupTable& t) { return t.cells().size(); })
      .def("__eq__", [](const RollupTable& a, const RollupTable& b) { return a == b; })
      .def(py::pickle([](const RollupTable& t) { return Cells(t); },
                      [](const py::dict& d) { return FromCells(d); }));
}

}  // namespace
}  // namespace parley

PYBIND11_MODULE(_parley, m) {
  m.doc() = "parley's C++ engine; use the `parley` package rather than this module.";
  parley::DefineExceptions(m);
  parley::DefineAnalyzer(m);
  parley::DefineRollups(m);
  m.def("find_data_file",
        [](const std::string& name) { return parley::ValueOrRaise(parley::FindDataFile(name)); });
}
