// parley.Rollups' engine half (Rollups, binding_util.h): the store's own
// rollup tables, filled from analysis columns, merged, turned into
// columns, pickled.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "parley/engine.h"
#include "python/binding_util.h"
#include "src/metrics/intervals.h"
#include "src/storage/rollup.h"

namespace parley::python {
namespace {

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

// An aspect {"topic", "label", "score"} or a price {"text", "currency",
// "amount"} as analyze_records() gives them (a price without "amount" is a
// price word).
Aspect AspectOf(py::handle h) {
  py::dict d = py::reinterpret_borrow<py::dict>(h);
  Aspect a;
  a.topic = d["topic"].cast<std::string>();
  const std::string label = d["label"].cast<std::string>();
  int k = 0;
  while (k < 3 && SentimentLabelName(static_cast<SentimentLabel>(k)) != label) ++k;
  if (k == 3) throw py::value_error("an aspect's label must be negative, neutral or positive");
  a.label = static_cast<SentimentLabel>(k);
  a.score = d["score"].cast<double>();
  return a;
}

Price PriceOf(py::handle h) {
  py::dict d = py::reinterpret_borrow<py::dict>(h);
  Price p;
  p.text = d.contains("text") ? d["text"].cast<std::string>() : std::string();
  if (d.contains("amount") && !d["amount"].is_none()) {
    p.has_amount = true;
    p.amount = d["amount"].cast<double>();
    p.currency = d["currency"].cast<std::string>();
  }
  return p;
}

// One list per post of `rows` (None: none at all), each item read by `read`.
template <typename T, typename Read>
std::vector<std::vector<T>> ListsOf(const py::object& rows, size_t n, const char* name, Read read) {
  std::vector<std::vector<T>> out;
  if (rows.is_none()) return out;
  py::list list(rows);
  if (list.size() != n) throw py::value_error(std::string(name) + " must have one list per post");
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    for (py::handle item : py::iterable(list[i])) out[i].push_back(read(item));
  }
  return out;
}

// Adds analyzed posts, given as the columns analyze_records() returns, to
// `r`. A row whose probabilities are NaN counts as a model without them
// (one-hot), exactly as the store counts it. Intents, aspects, prices and
// languages (None when the columns are not at hand; a language "" counts
// nowhere, as a post with none) fill the tag rollups.
void AddColumns(Rollups* r, const std::vector<std::string>& source,
                const py::array_t<int64_t, py::array::forcecast>& created_at_ms,
                const py::array_t<int8_t, py::array::forcecast>& label,
                const py::array_t<double, py::array::forcecast>& score,
                const py::array_t<double, py::array::c_style | py::array::forcecast>& p,
                const std::vector<std::vector<std::string>>& brands,
                const std::vector<std::vector<std::string>>& topics, const py::object& intents,
                const py::object& aspects, const py::object& prices, const py::object& lang) {
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
  std::vector<std::vector<std::string>> intent_lists = ListsOf<std::string>(
      intents, n, "intents", [](py::handle h) { return h.cast<std::string>(); });
  std::vector<std::vector<Aspect>> aspect_lists = ListsOf<Aspect>(aspects, n, "aspects", AspectOf);
  std::vector<std::vector<Price>> price_lists = ListsOf<Price>(prices, n, "prices", PriceOf);
  std::vector<std::string> languages;
  if (!lang.is_none()) {
    languages = lang.cast<std::vector<std::string>>();
    if (languages.size() != n) throw py::value_error("lang must have one language per post");
  }
  const double* pr = p.data();
  py::gil_scoped_release release;
  Analysis a;
  for (size_t i = 0; i < n; ++i) {
    Sentiment& s = a.sentiment;
    s.label = static_cast<SentimentLabel>(lab[i] < 0 || lab[i] > 2 ? 1 : lab[i]);
    s.score = sc[i];
    s.has_probabilities = !std::isnan(pr[3 * i]);
    for (int k = 0; k < 3; ++k) s.p[k] = s.has_probabilities ? pr[3 * i + k] : 0;
    r->table.AddPost(source[i], at[i], s, brands[i], topics[i]);
    a.intents = intent_lists.empty() ? std::vector<std::string>() : std::move(intent_lists[i]);
    a.aspects = aspect_lists.empty() ? std::vector<Aspect>() : std::move(aspect_lists[i]);
    a.prices = price_lists.empty() ? std::vector<Price>() : std::move(price_lists[i]);
    a.lang = languages.empty() ? std::string() : std::move(languages[i]);
    // (Most posts have no tags: their brands and topics are not copied for
    // nothing.)
    if (a.intents.empty() && a.aspects.empty() && a.prices.empty() && a.lang.empty()) continue;
    a.brands = brands[i];
    a.topics = topics[i];
    r->tags.AddPost(source[i], at[i], a);
  }
}

// A rollup's sentiment columns (n, n_neg, n_neu, n_pos, sum_p_*, sum_score
// as the store's tables have them), written from cells or read back.
struct SumColumns {
  std::vector<int64_t> n, by[3], sum_p[3], sum_score;

  explicit SumColumns(size_t size) : n(size), sum_score(size) {
    for (int j = 0; j < 3; ++j) by[j].resize(size), sum_p[j].resize(size);
  }
  explicit SumColumns(const py::dict& d) {
    auto col = [&](const std::string& name) {
      return d[py::str(name)].cast<std::vector<int64_t>>();
    };
    n = col("n");
    sum_score = col("sum_score");
    for (int j = 0; j < 3; ++j) by[j] = col(std::string("n_") + kNames[j]);
    for (int j = 0; j < 3; ++j) sum_p[j] = col(std::string("sum_p_") + kNames[j]);
  }
  void Set(size_t i, const Rollup& r) {
    n[i] = r.n;
    for (int j = 0; j < 3; ++j) by[j][i] = r.count[j], sum_p[j][i] = r.sum_p[j];
    sum_score[i] = r.sum_score;
  }
  void Get(size_t i, Rollup* r) const {
    r->n = n.at(i);
    for (int j = 0; j < 3; ++j) r->count[j] = by[j].at(i), r->sum_p[j] = sum_p[j].at(i);
    r->sum_score = sum_score.at(i);
  }
  void Put(py::dict* d) const {
    (*d)["n"] = ToArray(n);
    for (int j = 0; j < 3; ++j) (*d)[py::str(std::string("n_") + kNames[j])] = ToArray(by[j]);
    for (int j = 0; j < 3; ++j)
      (*d)[py::str(std::string("sum_p_") + kNames[j])] = ToArray(sum_p[j]);
    (*d)["sum_score"] = ToArray(sum_score);
  }

  static constexpr const char* kNames[3] = {"neg", "neu", "pos"};
};

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
  std::vector<int64_t> bucket(n);
  SumColumns sums(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& [k, r] = cells[i];
    gran.emplace_back(GranularityName(k->granularity));
    bucket[i] = k->bucket_start;
    brand.push_back(k->brand);
    topic.push_back(k->topic);
    source.push_back(k->source);
    sums.Set(i, *r);
  }
  py::dict d;
  d["granularity"] = py::cast(gran);
  d["bucket_start"] = ToArray(bucket);
  d["brand"] = py::cast(brand);
  d["topic"] = py::cast(topic);
  d["source"] = py::cast(source);
  sums.Put(&d);
  return d;
}

// The tag cells as columns, in the store's `tag_rollups` table layout,
// sorted by key.
py::dict TagCells(const TagRollupTable& table) {
  std::vector<std::pair<const TagRollupKey*, const TagRollup*>> cells;
  for (const auto& [k, r] : table.cells()) cells.emplace_back(&k, &r);
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    const TagRollupKey& x = *a.first;
    const TagRollupKey& y = *b.first;
    return std::tie(x.granularity, x.bucket_start, x.kind, x.tag, x.brand, x.topic, x.source) <
           std::tie(y.granularity, y.bucket_start, y.kind, y.tag, y.brand, y.topic, y.source);
  });
  size_t n = cells.size();
  std::vector<std::string> gran, kind, tag, brand, topic, source;
  std::vector<int64_t> bucket(n), amounts(n), sum_amount(n);
  SumColumns sums(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& [k, t] = cells[i];
    gran.emplace_back(GranularityName(k->granularity));
    bucket[i] = k->bucket_start;
    kind.emplace_back(TagKindName(k->kind));
    tag.push_back(k->tag);
    brand.push_back(k->brand);
    topic.push_back(k->topic);
    source.push_back(k->source);
    sums.Set(i, t->sentiment);
    amounts[i] = t->amounts;
    sum_amount[i] = t->sum_amount;
  }
  py::dict d;
  d["granularity"] = py::cast(gran);
  d["bucket_start"] = ToArray(bucket);
  d["kind"] = py::cast(kind);
  d["tag"] = py::cast(tag);
  d["brand"] = py::cast(brand);
  d["topic"] = py::cast(topic);
  d["source"] = py::cast(source);
  sums.Put(&d);
  d["amounts"] = ToArray(amounts);
  d["sum_amount"] = ToArray(sum_amount);
  return d;
}

// Rebuilds the tables from Cells() and TagCells() output (for pickling).
Rollups FromCells(const py::dict& d, const py::dict& tags) {
  Rollups out;
  auto col = [](const py::dict& c, const char* name) {
    return c[name].cast<std::vector<int64_t>>();
  };
  auto strings = [](const py::dict& c, const char* name) {
    return c[name].cast<std::vector<std::string>>();
  };
  {
    auto gran = strings(d, "granularity"), brand = strings(d, "brand"), topic = strings(d, "topic"),
         source = strings(d, "source");
    std::vector<int64_t> bucket = col(d, "bucket_start");
    const SumColumns sums(d);
    for (size_t i = 0; i < gran.size(); ++i) {
      RollupKey key{GranularityOrRaise(gran[i]), bucket.at(i), brand.at(i), topic.at(i),
                    source.at(i)};
      sums.Get(i, &out.table.Cell(key));
    }
  }
  auto gran = strings(tags, "granularity"), kind = strings(tags, "kind"),
       tag = strings(tags, "tag"), brand = strings(tags, "brand"), topic = strings(tags, "topic"),
       source = strings(tags, "source");
  std::vector<int64_t> bucket = col(tags, "bucket_start"), amounts = col(tags, "amounts"),
                       sum_amount = col(tags, "sum_amount");
  const SumColumns sums(tags);
  for (size_t i = 0; i < gran.size(); ++i) {
    TagRollupKey key;
    key.granularity = GranularityOrRaise(gran[i]);
    key.bucket_start = bucket.at(i);
    key.brand = brand.at(i);
    key.kind = ValueOrRaise(ParseTagKind(kind.at(i)));
    key.tag = tag.at(i);
    key.topic = topic.at(i);
    key.source = source.at(i);
    TagRollup& t = out.tags.Cell(key);
    sums.Get(i, &t.sentiment);
    t.amounts = amounts.at(i);
    t.sum_amount = sum_amount.at(i);
  }
  return out;
}

// Wilson intervals of each label's share in each cell (of Cells() or
// TagCells()), as `parley report` computes them: (estimate, low, high)
// arrays per label.
py::dict Shares(const py::dict& cells, double confidence) {
  if (!(confidence > 0 && confidence < 1)) throw py::value_error("confidence must be in (0, 1)");
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

}  // namespace

void DefineRollups(py::module_& m) {
  py::class_<Rollups>(m, "Rollups")
      .def(py::init<>())
      .def("add_columns", &AddColumns, py::arg("source"), py::arg("created_at_ms"),
           py::arg("label"), py::arg("score"), py::arg("probabilities"), py::arg("brands"),
           py::arg("topics"), py::arg("intents") = py::none(), py::arg("aspects") = py::none(),
           py::arg("prices") = py::none(), py::arg("lang") = py::none())
      .def(
          "merge",
          [](Rollups& self, const Rollups& other) -> Rollups& {
            self.Merge(other);
            return self;
          },
          py::arg("other"), py::return_value_policy::reference_internal)
      .def("drop_empty",
           [](Rollups& r) {
             r.table.DropEmpty();
             r.tags.DropEmpty();
           })
      .def("cells", [](const Rollups& r) { return Cells(r.table); })
      .def("tag_cells", [](const Rollups& r) { return TagCells(r.tags); })
      .def(
          "shares",
          [](const Rollups& r, double confidence) { return Shares(Cells(r.table), confidence); },
          py::arg("confidence") = 0.95)
      .def(
          "tag_shares",
          [](const Rollups& r, double confidence) { return Shares(TagCells(r.tags), confidence); },
          py::arg("confidence") = 0.95)
      .def("__len__", [](const Rollups& r) { return r.table.cells().size(); })
      .def("__eq__", [](const Rollups& a, const Rollups& b) { return a == b; })
      .def(py::pickle(
          [](const Rollups& r) { return py::make_tuple(Cells(r.table), TagCells(r.tags)); },
          [](const py::tuple& t) {
            if (t.size() != 2) throw py::value_error("not a pickled parley.Rollups");
            return FromCells(t[0].cast<py::dict>(), t[1].cast<py::dict>());
          }));
}

}  // namespace parley::python
