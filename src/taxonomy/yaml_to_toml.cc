#include "src/taxonomy/yaml_to_toml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <utility>

namespace parley {
namespace {

constexpr int kMaxDepth = 16;

// A TOML basic string: quotes, backslashes and control characters escaped,
// the rest (UTF-8 included) as it is.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\u{:04X}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool IsTomlInteger(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  // Up to 18 digits: every such number fits TOML's 64-bit integers.
  if (s.empty() || s.size() > 18 || (s[0] == '0' && s.size() > 1)) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

class Converter {
 public:
  explicit Converter(std::string_view name) : name_(name) {}

  Status Root(const YAML::Node& root) {
    if (root.IsNull()) return Status::OK();  // an empty file: an empty taxonomy, as in TOML
    if (!root.IsMap()) {
      return Error(LineOf(root, 1),
                   "a taxonomy is a mapping of taxonomy:, brands:, topics:, "
                   "intents: and prices:, not a list or a single value");
    }
    return Table(root, "", 1, 0);
  }
  YamlAsToml Take() { return std::move(out_); }

 private:
  static int LineOf(const YAML::Node& n, int otherwise) {
    const YAML::Mark m = n.Mark();
    return m.line >= 0 ? m.line + 1 : otherwise;
  }
  Status Error(int line, const std::string& what) const {
    return InvalidArgumentError(fmt::format("{}:{}: {}", name_, line, what));
  }
  void Emit(const std::string& text, int yaml_line) {
    out_.toml += text;
    out_.toml += '\n';
    out_.yaml_line.push_back(yaml_line);
  }

  // The mapping `map` as the table `header` (a dotted TOML key; "" for the
  // root), written at YAML line `line`: its scalars and lists first, as
  // TOML wants them before any sub-table, then each mapping as a sub-table.
  Status Table(const YAML::Node& map, const std::string& header, int line, int depth) {
    if (depth > kMaxDepth) return Error(line, "nested too deeply (a taxonomy nests a few levels)");
    if (!header.empty()) Emit("[" + header + "]", line);
    std::map<std::string, int> seen;  // key -> its line
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& entry : map) {
        // (Copies: a node is a handle, and the entry's members are not
        // lasting references.)
        const YAML::Node k = entry.first;
        const YAML::Node v = entry.second;
        const int key_line = LineOf(k, line);
        if (!k.IsScalar()) return Error(key_line, "a key must be a word, not a list or mapping");
        if (pass == 0) {
          auto [at, fresh] = seen.emplace(k.Scalar(), key_line);
          if (!fresh) {
            return Error(key_line, fmt::format("'{}' is given twice here (first on line {})",
                                               k.Scalar(), at->second));
          }
        }
        const std::string key = Quote(k.Scalar());
        if (v.IsNull()) {
          return Error(key_line, fmt::format("'{}' has no value (an empty table is written {{}})",
                                             k.Scalar()));
        }
        if (v.IsMap() != (pass == 1)) continue;
        if (v.IsMap()) {
          PARLEY_RETURN_IF_ERROR(
              Table(v, header.empty() ? key : header + "." + key, key_line, depth + 1));
        } else if (v.IsSequence()) {
          PARLEY_RETURN_IF_ERROR(List(key, v, key_line));
        } else {
          Emit(key + " = " + Scalar(v), key_line);
        }
      }
    }
    return Status::OK();
  }

  // A list: its items one a line, each at its own YAML line. Items are
  // always strings (a taxonomy's lists are words and phrases: "no" and
  // "747" stay phrases).
  Status List(const std::string& key, const YAML::Node& seq, int key_line) {
    Emit(key + " = [", key_line);
    int last = key_line;
    for (const auto& entry : seq) {
      const YAML::Node item = entry;
      last = LineOf(item, last);
      if (!item.IsScalar()) {
        return Error(last, "a list holds words and phrases, not a list, mapping or empty item");
      }
      Emit("  " + Quote(item.Scalar()) + ",", last);
    }
    Emit("]", last);
    return Status::OK();
  }

  // A value: a plain true/false (any case) is a boolean, plain digits an
  // integer, anything else (and anything quoted) a string.
  static std::string Scalar(const YAML::Node& v) {
    const std::string& s = v.Scalar();
    if (v.Tag() == "?") {
      std::string lower;
      for (char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (lower == "true" || lower == "false") return lower;
      if (IsTomlInteger(s)) return s;
    }
    return Quote(s);
  }

  std::string_view name_;
  YamlAsToml out_;
};

}  // namespace

bool IsYamlName(std::string_view name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }

StatusOr<YamlAsToml> YamlToToml(std::string_view contents, std::string_view name) {
  Converter c(name);
  try {
    YAML::Node root = YAML::Load(std::string(contents));
    PARLEY_RETURN_IF_ERROR(c.Root(root));
  } catch (const YAML::Exception& e) {
    if (e.mark.line < 0) return InvalidArgumentError(fmt::format("{}: {}", name, e.msg));
    return InvalidArgumentError(
        fmt::format("{}:{}:{}: {}", name, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return c.Take();
}

}  // namespace parley
