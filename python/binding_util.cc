#include "python/binding_util.h"

namespace parley::python {
namespace {

// parley.Error and parley.InputError; created once at import, never freed
// (the module lives as long as the interpreter).
PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;

// The same split as the CLI's exit codes: 2 (fixable input) or 1 (failure).
bool IsInputError(StatusCode code) {
  return code != StatusCode::kUnavailable && code != StatusCode::kInternal;
}

}  // namespace

[[noreturn]] void Raise(const Status& status) {
  PyErr_SetString(IsInputError(status.code()) ? g_input_error : g_error, status.message().c_str());
  throw py::error_already_set();
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

}  // namespace parley::python
