// A taxonomy written in YAML, read as the TOML it stands for: one parser
// and one set of rules (taxonomy.cc) serve both formats.
//
// The YAML document's root must be a mapping. A mapping becomes a table
// (nested mappings: nested tables, `topics: {service: {staff: ...}}` as
// `[topics.service.staff]`), a sequence of scalars an array, and a plain
// scalar a boolean (true/false, any case), an integer (digits, an optional
// sign) or else a string; a quoted scalar is always a string. Anything else
// (a null value, a sequence holding a mapping or a sequence, a mapping key
// that is not a scalar, nesting deeper than 16) is an error naming the
// YAML line. Each line of the TOML text records the YAML line it came from,
// so that the parser's messages name the line of the file the user wrote.
#ifndef PARLEY_TAXONOMY_YAML_TO_TOML_H_
#define PARLEY_TAXONOMY_YAML_TO_TOML_H_

#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

struct YamlAsToml {
  std::string toml;
  std::vector<int> yaml_line;  // [TOML line - 1] -> the YAML line (1-based)
};

// `name` names the file in errors ("name:LINE:COLUMN: ...").
StatusOr<YamlAsToml> YamlToToml(std::string_view contents, std::string_view name);

// Whether `name` is read as YAML: it ends in .yaml or .yml.
bool IsYamlName(std::string_view name);

}  // namespace parley

#endif  // PARLEY_TAXONOMY_YAML_TO_TOML_H_
