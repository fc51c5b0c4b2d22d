// Python values as JSON text, so that dicts from Python reach the NDJSON
// decoder and are read with exactly the readers' rules.
#ifndef PARLEY_PYTHON_PY_JSON_H_
#define PARLEY_PYTHON_PY_JSON_H_

#include <pybind11/pybind11.h>

#include <string>

namespace parley::python {

// Appends `value` to `out` as JSON: dicts as objects (keys as str()), lists
// and tuples as arrays, str, int (exact, any size), float, bool and None as
// themselves; NaN, infinities, NaT and pandas.NA as null (missing); datetimes
// (and pandas Timestamps) as ISO-8601 strings; numpy scalars as their Python
// value; anything else as its str(). Returns false with `reason` for a str
// that cannot be UTF-8 (lone surrogates) or nesting deeper than 100. Needs
// the GIL.
bool AppendJson(pybind11::handle value, int depth, std::string* out, std::string* reason);

}  // namespace parley::python

#endif  // PARLEY_PYTHON_PY_JSON_H_
