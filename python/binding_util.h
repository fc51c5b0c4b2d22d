// What the files of the Python binding share: Status to Python exception,
// vectors to numpy arrays, and pausing the cyclic GC while results are built.
#ifndef PARLEY_PYTHON_BINDING_UTIL_H_
#define PARLEY_PYTHON_BINDING_UTIL_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"
#include "src/storage/rollup.h"

namespace parley::python {

namespace py = pybind11;

// Raises parley.InputError (also a ValueError) for what the user can fix,
// the codes the CLI exits 2 on, and parley.Error otherwise; the message is
// the Status's.
[[noreturn]] void Raise(const Status& status);

template <typename T>
T ValueOrRaise(StatusOr<T> v) {
  if (!v.ok()) Raise(v.status());
  return std::move(v).value();
}

// Creates parley.Error and parley.InputError in `m` (once, at import).
void DefineExceptions(py::module_& m);

// The binding's classes, defined in their own files.
void DefineAnalyzer(py::module_& m);
void DefineRollups(py::module_& m);
void DefineKeyTerms(py::module_& m);

// parley.Rollups' engine half: the store's two kinds of rollup cells,
// brand x topic (`rollups`) and tags (`tag_rollups`: intents, aspects,
// prices), filled together as the store fills them.
struct Rollups {
  RollupTable table;
  TagRollupTable tags;

  void AddPost(const Post& post, const Analysis& a) {
    table.AddPost(post, a);
    tags.AddPost(post.source, post.created_at_ms, a);
  }
  void Merge(const Rollups& other) {
    table.Merge(other.table);
    tags.Merge(other.tags);
  }
  friend bool operator==(const Rollups& a, const Rollups& b) {
    return a.table == b.table && a.tags == b.tags;
  }
};

template <typename T>
py::array_t<T> ToArray(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
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

}  // namespace parley::python

#endif  // PARLEY_PYTHON_BINDING_UTIL_H_
