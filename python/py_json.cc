#include "python/py_json.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "src/analyze/output.h"

namespace parley::python {
namespace {

namespace py = pybind11;

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

}  // namespace

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

}  // namespace parley::python
