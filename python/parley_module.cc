// _parley: the compiled half of the Python package `parley`
// (python/parley/__init__.py wraps it and documents the API for Python users).
//
// Everything here is translation: Python values in, the C++ engine's own
// Analyzer, NDJSON decoder and rollup tables do the work, numpy arrays and
// lists out. A parley Status becomes a Python exception (binding_util.h).
// This file holds the Analyzer; rollups_binding.cc the Rollups.
//
// Thread safety: the GIL is released while a batch is analyzed, so Python
// threads calling one Analyzer run in parallel (the Analyzer is immutable).
// A Rollups object is not locked: share one between threads only for reading.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "python/binding_util.h"
#include "python/py_json.h"
#include "src/change/key_terms.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"
#include "src/ingest/ndjson_reader.h"
#include "src/ingest/post_builder.h"
#include "src/ingest/record_splitter.h"
#include "src/people/accounts.h"
#include "src/storage/rollup.h"
#include "src/taxonomy/taxonomy.h"

namespace parley::python {
namespace {

// ---- Analyses as columns ----

// The analyses of a batch, column by column, filled without the GIL.
struct Columns {
  std::vector<int8_t> label;
  std::vector<double> score;
  std::vector<double> p;  // n x 3; NaN where the model gives no probabilities
  std::vector<bool> uncertain;
  std::vector<std::vector<std::string>> brands, topics, intents, mentions, hashtags;
  std::vector<std::vector<Aspect>> aspects;
  std::vector<std::vector<Price>> prices;
  // Analysis::lang: for records always (the record's own lang, else
  // detected with detect_language, else ""), for bare texts only with
  // detect_language (else no column).
  std::vector<std::string> lang;
  bool languages = false;
  // Filled for records only.
  std::vector<int64_t> index;
  std::vector<std::string> source, id, author;
  std::vector<int64_t> created_at_ms;

  void Reserve(size_t n) {
    label.reserve(n);
    score.reserve(n);
    p.reserve(3 * n);
    for (auto* v : {&brands, &topics, &intents, &mentions, &hashtags}) v->reserve(n);
    aspects.reserve(n);
    prices.reserve(n);
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
    aspects.push_back(std::move(a.aspects));
    prices.push_back(std::move(a.prices));
    if (languages) lang.push_back(std::move(a.lang));
  }

  void AddRecord(int64_t i, Post& post) {
    index.push_back(i);
    source.push_back(std::move(post.source));
    id.push_back(std::move(post.id));
    author.push_back(std::move(post.author));
    created_at_ms.push_back(post.created_at_ms);
  }
};

// One Python list per row, of item(x) for each x in it.
template <typename T, typename Item>
py::list ToLists(const std::vector<std::vector<T>>& rows, Item item) {
  py::list out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    py::list row(rows[i].size());
    for (size_t j = 0; j < rows[i].size(); ++j) row[j] = item(rows[i][j]);
    out[i] = std::move(row);
  }
  return out;
}

py::list ToLists(const std::vector<std::vector<std::string>>& rows) {
  return ToLists(rows, [](const std::string& x) { return py::str(x); });
}

// Aspects as {"topic", "label", "score"} and prices as {"text",
// "currency", "amount"} (an amount's; a price word has the text alone), as
// `parley analyze` writes them.
py::dict AspectDict(const Aspect& x) {
  py::dict d;
  d["topic"] = py::str(x.topic);
  d["label"] = py::str(std::string(SentimentLabelName(x.label)));
  d["score"] = x.score;
  return d;
}

py::dict PriceDict(const Price& x) {
  py::dict d;
  d["text"] = py::str(x.text);
  if (x.has_amount) {
    d["currency"] = py::str(x.currency);
    d["amount"] = x.amount;
  }
  return d;
}

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
  d["aspects"] = ToLists(c.aspects, AspectDict);
  d["prices"] = ToLists(c.prices, PriceDict);
  if (c.languages) d["lang"] = py::cast(c.lang);
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

// A Python str as UTF-8; a str that has none (a lone surrogate, as from
// bytes decoded with errors="surrogateescape") is parley.InputError naming
// the item, not pybind11's cast error.
std::string Utf8OrRaise(py::handle text, const char* what, size_t item) {
  Py_ssize_t size = 0;
  const char* bytes = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (bytes == nullptr) {
    PyErr_Clear();
    Raise(InvalidArgumentError(std::string(what) + ": item " + std::to_string(item) +
                               " is not valid text (a lone surrogate: decode its bytes with "
                               "errors='replace')"));
  }
  return std::string(bytes, static_cast<size_t>(size));
}

class PyAnalyzer {
 public:
  PyAnalyzer(const std::string& model, const std::string& taxonomy, const std::string& lexicon,
             bool emoji, double abstain, const std::string& match_engine, double positive_threshold,
             double negative_threshold, bool detect_language) {
    AnalyzerOptions o;
    o.positive_threshold = positive_threshold;
    o.negative_threshold = negative_threshold;
    o.model = model;
    o.taxonomy_path = taxonomy;
    o.lexicon_path = lexicon;
    o.emoji = emoji;
    o.abstain = abstain;
    o.match_engine = match_engine;
    o.detect_language = detect_language;
    languages_ = detect_language;
    analyzer_ = ValueOrRaise(Analyzer::Create(o));
    // The brands' own accounts, whose posts key terms leave out, and the
    // names the brands go by.
    if (!taxonomy.empty()) {
      const Taxonomy t = ValueOrRaise(LoadTaxonomy(Env::Default(), taxonomy));
      accounts_ = people::AccountsFromTaxonomy(t);
      brand_names_ = BrandNames(t);
      for (const TaxonomyBrand& b : t.brands) brand_ids_.push_back(b.id);
    }
  }

  // The names the taxonomy's brands go by (ids, aliases, handles, hashtags).
  const std::vector<std::string>& brand_names() const { return brand_names_; }
  const std::vector<std::string>& brand_ids() const { return brand_ids_; }

  const std::string& model_name() const { return analyzer_->model_name(); }

  py::dict Analyze(const py::iterable& texts) const {
    std::vector<std::string> owned;
    for (py::handle t : texts) {
      if (!PyUnicode_Check(t.ptr())) {
        throw py::type_error("analyze() takes strings; item " + std::to_string(owned.size()) +
                             " is " + std::string(py::str(py::type::handle_of(t))));
      }
      owned.push_back(Utf8OrRaise(t, "analyze()", owned.size()));
    }
    Columns c;
    c.languages = languages_;
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
    std::string time_format;  // empty: ParseTimestamp()'s forms
    std::string time_zone;    // empty: zone-less times are UTC
    // When set, the analyses are added to these rollups instead of being
    // returned as columns (no Python object per post is made).
    Rollups* rollup_into = nullptr;
    // When set, the posts' terms are counted here instead, on the label's
    // side for the posts the model labels `key_terms_label`.
    change::KeyTermCounts* key_terms_into = nullptr;
    SentimentLabel key_terms_label = SentimentLabel::kNegative;
    // When set, the label's posts that name this brand against those that
    // name others and not it (posts naming no brand, and the other labels'
    // posts, on neither side), as `parley terms --versus brands`.
    std::string key_terms_brand;
    // Whether the analyses go anywhere but returned columns.
    bool Consumed() const { return rollup_into != nullptr || key_terms_into != nullptr; }
  };

  // Returns (columns, rejects): rejects is a list of (index, reason);
  // columns is None with DecodeOptions::rollup_into or key_terms_into.
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
  // Decodes and analyzes `b` into `c` (or o's rollups or key term counts,
  // when set) and `rejects`; runs without the GIL.
  void DecodeBatch(const Batch& b, const RecordDecoder& decoder, DecodeScratch* scratch, Columns* c,
                   const DecodeOptions& o, Rejects* rejects) const;
  // Counts a post's terms into o.key_terms_into, on its side: what
  // `parley terms` does with a stored post (the brands' own accounts left
  // out and counted).
  void AddKeyTerms(const Post& post, const Analysis& a, const DecodeOptions& o) const {
    const bool label = a.sentiment.label == o.key_terms_label;
    // Against the other brands only the label's posts are read.
    const bool brands = !o.key_terms_brand.empty();
    if (brands && !label) return;
    if (!accounts_.empty() && accounts_.BrandOf(post.author) != nullptr) {
      o.key_terms_into->AddBrandPost();
      return;
    }
    if (!brands) {
      o.key_terms_into->Add(post.text, label);
    } else if (!a.brands.empty()) {  // (about no brand: neither side)
      o.key_terms_into->Add(post.text, std::find(a.brands.begin(), a.brands.end(),
                                                 o.key_terms_brand) != a.brands.end());
    }
  }

  std::unique_ptr<Analyzer> analyzer_;
  people::OwnAccounts accounts_;
  std::vector<std::string> brand_names_, brand_ids_;
  bool languages_ = false;  // AnalyzerOptions::detect_language: bare texts get a lang column
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
  // The CLI's policy for the preset (its source, what its format needs
  // after decoding); posts that name no source get the caller's default.
  RecordPolicy policy = MakeRecordPolicy(o.source, fields, "");
  if (fields.default_source.empty()) policy.fallback = o.default_source;
  // Posts need a time, as `parley ingest` stores them (an id is made for
  // posts without one, FillMissingId()): what this binding gives is for
  // rollups and stores (analyze() takes bare texts).
  std::shared_ptr<const TimeLayout> layout;
  if (!o.time_format.empty()) {
    layout = std::make_shared<const TimeLayout>(ValueOrRaise(TimeLayout::Parse(o.time_format)));
  }
  if (!o.time_zone.empty()) {
    std::shared_ptr<const TimeZone> zone = ValueOrRaise(TimeZone::Find(o.time_zone));
    layout = std::make_shared<const TimeLayout>(
        (layout != nullptr ? *layout : TimeLayout::UsualForms()).WithZone(std::move(zone)));
  }
  StatusOr<std::shared_ptr<const RecordDecoder>> decoder =
      NewNdjsonDecoder(fields, std::move(policy), true, std::move(layout));
  if (!decoder.ok()) {
    // The CLI's hint, in this binding's terms: map=[...] and preset=.
    std::string message(decoder.status().message());
    for (size_t at; (at = message.find("--map ")) != std::string::npos;) message.replace(at, 6, "map=");
    for (size_t at; (at = message.find("--preset")) != std::string::npos;) message.replace(at, 8, "preset=");
    Raise(Status(decoder.status().code(), message));
  }
  return std::move(decoder).value();
}

std::vector<std::string> DictKeys(py::handle dict) {
  std::vector<std::string> keys;
  for (auto item : py::reinterpret_borrow<py::dict>(dict)) {
    keys.push_back(py::str(item.first).cast<std::string>());
  }
  return keys;
}

// (columns, rejects) as analyze_records() returns them; columns is None when
// the analyses went into rollups.
py::tuple Result(const Columns& c, const std::vector<std::pair<int64_t, std::string>>& rejects,
                 bool rolled_up) {
  if (rolled_up) return py::make_tuple(py::none(), py::cast(rejects));
  py::dict d = ToDict(c);
  AddRecordColumns(c, &d);
  return py::make_tuple(std::move(d), py::cast(rejects));
}

// Dicts are written as JSON a chunk at a time and analyzed without the GIL
// while the chunk's text is still in cache (and its buffers are reused).
constexpr size_t kRecordChunk = 1024;

py::tuple PyAnalyzer::AnalyzeRecords(const py::iterable& records, const DecodeOptions& o) const {
  py::list items(records);
  // "auto" looks at the keys of the first dicts, as the reader does at
  // those of a file's first objects (ObjectKeySample): a key the first one
  // leaves out still maps.
  std::vector<std::string> keys;
  if (o.preset == "auto") {
    std::set<std::string> seen;
    size_t dicts = 0;
    for (py::handle r : items) {
      if (!PyDict_Check(r.ptr())) continue;
      for (std::string& key : DictKeys(r)) {
        if (seen.insert(key).second) keys.push_back(std::move(key));
      }
      if (++dicts == kAutoSampleRecords) break;
    }
  }
  std::shared_ptr<const RecordDecoder> decoder = MakeDecoder(o, keys);
  std::unique_ptr<DecodeScratch> scratch = decoder->NewScratch();
  Columns c;
  c.languages = true;  // a record may give its own lang
  if (!o.Consumed()) c.Reserve(items.size());
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
    DecodeBatch(b, *decoder, scratch.get(), &c, o, &rejects);
  }
  return Result(c, rejects, o.Consumed());
}

// NDJSON lines (str or bytes), as `parley ingest` reads a file: blank lines
// are skipped, "auto" picks the preset from the keys of the first objects.
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
    // Not a record, as in the reader (a line from readlines() keeps its '\n').
    if (IsBlankRecord(line.ends_with('\n') ? line.substr(0, line.size() - 1) : line)) continue;
    b.json[i] = line;
    if (!first) first = i;
  }
  // "auto": the keys of the first lines that are JSON objects, as the
  // reader samples a file's (ObjectKeySample).
  std::vector<std::string> keys;
  if (first && o.preset == "auto") {
    ObjectKeySample sample;
    std::string first_error;
    for (size_t i = *first; i < items.size() && !sample.full(); ++i) {
      if (b.json[i].empty()) continue;
      std::string error;
      if (!sample.Add(b.json[i], &error) && first_error.empty()) {
        first_error = "item " + std::to_string(i) + ": " + error;
      }
    }
    if (sample.keys().empty()) {
      Raise(
          InvalidArgumentError("cannot choose a preset: none of the first records is a JSON "
                               "object (" +
                               first_error + "); use preset="));
    }
    keys = sample.keys();
  }
  std::shared_ptr<const RecordDecoder> decoder = MakeDecoder(o, keys);
  Columns c;
  c.languages = true;  // a record may give its own lang
  Rejects rejects;
  {
    py::gil_scoped_release release;
    if (!o.Consumed()) c.Reserve(b.json.size());
    std::unique_ptr<DecodeScratch> scratch = decoder->NewScratch();
    DecodeBatch(b, *decoder, scratch.get(), &c, o, &rejects);
  }
  return Result(c, rejects, o.Consumed());
}

void PyAnalyzer::DecodeBatch(const Batch& b, const RecordDecoder& decoder, DecodeScratch* scratch,
                             Columns* c, const DecodeOptions& o, Rejects* rejects) const {
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
    if (post.id.empty()) FillMissingId(static_cast<uint64_t>(i) + 1, &post);
    analyzer_->Analyze(post, &a);
    if (o.key_terms_into) AddKeyTerms(post, a, o);
    if (o.rollup_into) o.rollup_into->AddPost(post, a);  // both tables
    if (!o.Consumed()) {
      c->Add(a);
      c->AddRecord(i, post);
    }
  }
}

}  // namespace

// analyze_records() and analyze_json() with their options as keywords.
template <py::tuple (PyAnalyzer::*kMethod)(const py::iterable&, const PyAnalyzer::DecodeOptions&)
              const>
py::tuple AnalyzeWith(const PyAnalyzer& self, const py::iterable& items, const std::string& preset,
                      const std::vector<std::string>& map, const std::string& source,
                      const std::string& default_source, const std::string& time_format,
                      const std::string& time_zone, Rollups* rollup_into,
                      change::KeyTermCounts* key_terms_into, const std::string& key_terms_label,
                      const std::string& key_terms_brand) {
  int k = 0;
  while (k < 3 && SentimentLabelName(static_cast<SentimentLabel>(k)) != key_terms_label) ++k;
  if (k == 3) throw py::value_error("key_terms_label must be negative, neutral or positive");
  if (!key_terms_brand.empty()) {
    const std::vector<std::string>& ids = self.brand_ids();
    if (key_terms_into == nullptr) throw py::value_error("key_terms_brand needs key_terms_into");
    if (std::find(ids.begin(), ids.end(), key_terms_brand) == ids.end()) {
      std::string known;
      for (const std::string& id : ids) known += (known.empty() ? "" : ", ") + id;
      throw py::value_error(
          "key_terms_brand: no brand '" + key_terms_brand + "' in the analyzer's taxonomy" +
          (ids.empty() ? std::string(" (it has none: give Analyzer(taxonomy=...))")
                       : " (its brands: " + known + ")"));
    }
  }
  return (self.*kMethod)(
      items, PyAnalyzer::DecodeOptions{preset, map, source, default_source, time_format, time_zone,
                                       rollup_into, key_terms_into, static_cast<SentimentLabel>(k),
                                       key_terms_brand});
}

void DefineAnalyzer(py::module_& m) {
  py::class_<PyAnalyzer>(m, "Analyzer")
      .def(py::init<const std::string&, const std::string&, const std::string&, bool, double,
                    const std::string&, double, double, bool>(),
           py::arg("model") = "lexicon", py::arg("taxonomy") = "", py::arg("lexicon") = "",
           py::arg("emoji") = true, py::arg("abstain") = 0.0, py::arg("match_engine") = "auto",
           py::arg("positive_threshold") = AnalyzerOptions().positive_threshold,
           py::arg("negative_threshold") = AnalyzerOptions().negative_threshold,
           py::arg("detect_language") = false)
      .def_property_readonly("model_name", &PyAnalyzer::model_name)
      .def("analyze", &PyAnalyzer::Analyze, py::arg("texts"))
      .def("analyze_records", &AnalyzeWith<&PyAnalyzer::AnalyzeRecords>, py::arg("records"),
           py::arg("preset") = "auto", py::arg("map") = std::vector<std::string>(),
           py::arg("source") = "", py::arg("default_source") = "records",
           py::arg("time_format") = "", py::arg("time_zone") = "", py::arg("rollup_into") = nullptr,
           py::arg("key_terms_into") = nullptr, py::arg("key_terms_label") = "negative",
           py::arg("key_terms_brand") = "")
      .def("analyze_json", &AnalyzeWith<&PyAnalyzer::AnalyzeJson>, py::arg("lines"),
           py::arg("preset") = "auto", py::arg("map") = std::vector<std::string>(),
           py::arg("source") = "", py::arg("default_source") = "records",
           py::arg("time_format") = "", py::arg("time_zone") = "", py::arg("rollup_into") = nullptr,
           py::arg("key_terms_into") = nullptr, py::arg("key_terms_label") = "negative",
           py::arg("key_terms_brand") = "")
      .def_property_readonly("brand_names", &PyAnalyzer::brand_names);
}

}  // namespace parley::python

PYBIND11_MODULE(_parley, m) {
  namespace p = parley::python;
  m.doc() = "parley's C++ engine; use the `parley` package rather than this module.";
  p::DefineExceptions(m);
  p::DefineAnalyzer(m);
  p::DefineRollups(m);
  p::DefineKeyTerms(m);
  m.def("find_data_file",
        [](const std::string& name) { return p::ValueOrRaise(parley::FindDataFile(name)); });
}
