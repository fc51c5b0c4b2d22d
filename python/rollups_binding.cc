// parley.Rollups' engine half: the store's own RollupTable, filled from
// analysis columns, merged, turned into columns, pickled.
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

}  // namespace

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

}  // namespace parley::python
