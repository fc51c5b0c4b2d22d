#include "src/taxonomy/taxonomy.h"

#include <re2/re2.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>

// toml++ is used without exceptions: parse errors come back as values, with
// the line and column, which is what the error messages need. Only this file
// includes it, so the setting is the same everywhere it is used.
#define TOML_EXCEPTIONS 0
// toml++ 3.3.0 states as an internal assertion that a table header's key
// starts with a key character ('[*x]' does not; found by the taxonomy
// fuzzer). The parser reports that input as an error on its next line, but
// with asserts on the assertion aborts first, and with NDEBUG under clang it
// becomes __builtin_assume, which lets the compiler drop that error branch.
// Its assertions are therefore off here in every build: NDEBUG is taken away
// while it is included so that TOML_ASSERT_ASSUME expands to the no-op
// TOML_ASSERT, and <cassert> is included again afterwards so that this file's
// own assert() follows NDEBUG as before.
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) static_assert(true)
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")
#include <cassert>

namespace parley {
namespace {

int Line(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
int Line(const toml::key& k) { return static_cast<int>(k.source().begin.line); }

// A table's entries in the order they are written: toml++ keeps tables
// sorted by key, but brands, topics and intents are listed in file order.
std::vector<std::pair<const toml::key*, const toml::node*>> InFileOrder(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : t) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return entries;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<SentimentLabel> LabelNamed(std::string_view name) {
  if (name == "negative") return SentimentLabel::kNegative;
  if (name == "neutral") return SentimentLabel::kNeutral;
  if (name == "positive") return SentimentLabel::kPositive;
  return std::nullopt;
}

bool HasVisibleChar(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

// Turns one parsed TOML document into a Taxonomy, checking every key, type
// and value and naming the line of the first thing that is wrong.
class Parser {
 public:
  Parser(std::string_view name, bool builtin) : name_(name), builtin_(builtin) {}

  Status Parse(const toml::table& root, Taxonomy* out, bool* use_defaults) {
    for (auto [key_p, node_p] : InFileOrder(root)) {
      const toml::key& key = *key_p;
      const toml::node& node = *node_p;
      std::string_view k = key.str();
      if (!node.is_table()) {
        return Error(Line(key), fmt::format("'{}' must be a table, like [{}]", k, k));
      }
      const toml::table& t = *node.as_table();
      if (k == "taxonomy") {
        PARLEY_RETURN_IF_ERROR(ParseHeader(t, out, use_defaults));
      } else if (k == "brands") {
        PARLEY_RETURN_IF_ERROR(ForEachEntry(t, "brand", [&](std::string id, const toml::table& e, int line) {
          return ParseBrand(std::move(id), e, line, out);
        }));
      } else if (k == "topics") {
        PARLEY_RETURN_IF_ERROR(ForEachEntry(t, "topic", [&](std::string id, const toml::table& e, int line) {
          return ParseTopic(std::move(id), "", e, line, out);
        }));
      } else if (k == "intents") {
        PARLEY_RETURN_IF_ERROR(ForEachEntry(t, "intent", [&](std::string id, const toml::table& e, int line) {
          return ParseIntent(std::move(id), e, line, out);
        }));
      } else if (k == "prices") {
        PARLEY_RETURN_IF_ERROR(ParsePrices(t, out));
      } else {
        return Error(Line(key), "unknown section [" + std::string(k) +
                                    "]: expected [taxonomy], [brands.ID], [topics.ID], "
                                    "[intents.ID] or [prices]");
      }
    }
    return Status::OK();
  }

 private:
  Status Error(int line, const std::string& what) const {
    return InvalidArgumentError(name_ + ":" + std::to_string(line) + ": " + what);
  }

  template <typename Fn>
  Status ForEachEntry(const toml::table& t, std::string_view kind, Fn&& fn) {
    for (auto [k, n] : InFileOrder(t)) {
      const toml::key& key = *k;
      const toml::node& node = *n;
      std::string id(key.str());
      if (!node.is_table()) {
        return Error(Line(key), std::string(kind) + " '" + id + "' must be a table, like [" +
                                    std::string(kind) + "s." + id + "]");
      }
      PARLEY_RETURN_IF_ERROR(CheckId(kind, id, Line(key)));
      PARLEY_RETURN_IF_ERROR(fn(std::move(id), *node.as_table(), Line(key)));
    }
    return Status::OK();
  }

  Status CheckId(std::string_view kind, const std::string& id, int line) {
    if (!ValidId(id)) {
      return Error(line, std::string(kind) + " id '" + id +
                             "' must be lower-case letters, digits, '_' or '-'");
    }
    std::string key = std::string(kind) + ":" + id;
    auto [it, fresh] = ids_.emplace(key, line);
    if (!fresh) {
      return Error(line, std::string(kind) + " '" + id + "' is defined twice (first on line " +
                             std::to_string(it->second) + ")");
    }
    return Status::OK();
  }

  Status Terms(const toml::node& n, const std::string& where, std::vector<Term>* out) {
    const toml::array* a = n.as_array();
    if (!a) return Error(Line(n), where + " must be an array of strings");
    for (const toml::node& e : *a) {
      const auto* s = e.as_string();
      if (!s) return Error(Line(e), where + " must be an array of strings");
      if (!HasVisibleChar(s->get())) return Error(Line(e), where + " has an empty entry");
      out->push_back(Term{s->get(), Line(e)});
    }
    return Status::OK();
  }

  Status Patterns(const toml::node& n, const std::string& where, std::vector<Term>* out) {
    size_t first = out->size();
    PARLEY_RETURN_IF_ERROR(Terms(n, where, out));
    for (size_t i = first; i < out->size(); ++i) {
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re((*out)[i].text, options);
      if (!re.ok()) {
        return Error((*out)[i].line, where + ": '" + (*out)[i].text +
                                         "' is not a valid regular expression: " + re.error());
      }
    }
    return Status::OK();
  }

  Status Bool(const toml::node& n, const std::string& where, bool* out) {
    if (!n.is_boolean()) return Error(Line(n), where + " must be true or false");
    *out = n.as_boolean()->get();
    return Status::OK();
  }

  Status String(const toml::node& n, const std::string& where, std::string* out) {
    if (!n.is_string()) return Error(Line(n), where + " must be a string");
    *out = n.as_string()->get();
    return Status::OK();
  }

  Status Label(const toml::node& n, const std::string& where, std::optional<SentimentLabel>* out) {
    std::string name;
    PARLEY_RETURN_IF_ERROR(String(n, where, &name));
    *out = LabelNamed(name);
    if (!*out) return Error(Line(n), where + " must be \"negative\", \"neutral\" or \"positive\"");
    return Status::OK();
  }

  Status Unknown(const toml::key& key, const std::string& where, std::string_view expected) {
    return Error(Line(key), "unknown key '" + std::string(key.str()) + "' in " + where +
                                " (expected " + std::string(expected) + ")");
  }

  Status ParseHeader(const toml::table& t, Taxonomy* out, bool* use_defaults) {
    for (auto [key_p, node_p] : InFileOrder(t)) {
      const toml::key& key = *key_p;
      const toml::node& node = *node_p;
      std::string_view k = key.str();
      if (k == "name") {
        PARLEY_RETURN_IF_ERROR(String(node, "taxonomy.name", &out->name));
      } else if (k == "defaults") {
        PARLEY_RETURN_IF_ERROR(Bool(node, "taxonomy.defaults", use_defaults));
      } else if (k == "version") {
        if (!node.is_integer() || node.as_integer()->get() != 1) {
          return Error(Line(node), "taxonomy.version must be 1 (the only format so far)");
        }
      } else {
        return Unknown(key, "[taxonomy]", "name, version or defaults");
      }
    }
    return Status::OK();
  }

  Status ParseBrand(std::string id, const toml::table& t, int line, Taxonomy* out) {
    TaxonomyBrand b;
    b.id = id;
    b.name = id;
    b.line = line;
    const std::string where = "brand '" + id + "'";
    for (auto [key_p, node_p] : InFileOrder(t)) {
      const toml::key& key = *key_p;
      const toml::node& node = *node_p;
      std::string_view k = key.str();
      std::string field = where + " " + std::string(k);
      if (k == "name") PARLEY_RETURN_IF_ERROR(String(node, field, &b.name));
      else if (k == "own") PARLEY_RETURN_IF_ERROR(Bool(node, field, &b.own));
      else if (k == "aliases") PARLEY_RETURN_IF_ERROR(Terms(node, field, &b.aliases));
      else if (k == "handles") PARLEY_RETURN_IF_ERROR(Terms(node, field, &b.handles));
      else if (k == "hashtags") PARLEY_RETURN_IF_ERROR(Terms(node, field, &b.hashtags));
      else if (k == "accounts") PARLEY_RETURN_IF_ERROR(Terms(node, field, &b.accounts));
      else if (k == "patterns") PARLEY_RETURN_IF_ERROR(Patterns(node, field, &b.patterns));
      else if (k == "exclude") PARLEY_RETURN_IF_ERROR(Terms(node, field, &b.exclude));
      else if (k == "inflect") PARLEY_RETURN_IF_ERROR(Bool(node, field, &b.inflect));
      else return Unknown(key, where, "name, own, aliases, handles, hashtags, accounts, patterns, exclude or inflect");
    }
    PARLEY_RETURN_IF_ERROR(CheckSigils(b.handles, '@', where + " handles"));
    PARLEY_RETURN_IF_ERROR(CheckSigils(b.hashtags, '#', where + " hashtags"));
    PARLEY_RETURN_IF_ERROR(CheckAccounts(b.accounts, where + " accounts"));
    if (b.aliases.empty() && b.handles.empty() && b.hashtags.empty() && b.patterns.empty()) {
      return Error(line, where + " needs at least one of aliases, handles, hashtags or patterns");
    }
    out->brands.push_back(std::move(b));
    return Status::OK();
  }

  // Accounts are author handles: one word, an optional leading '@'.
  Status CheckAccounts(const std::vector<Term>& terms, const std::string& where) {
    for (const Term& t : terms) {
      std::string_view h = t.text;
      if (!h.empty() && h[0] == '@') h.remove_prefix(1);
      if (h.empty() || h.find_first_of(" \t#@") != std::string_view::npos) {
        return Error(t.line, where + ": '" + t.text + "' must be one author handle");
      }
    }
    return Status::OK();
  }

  Status CheckSigils(const std::vector<Term>& terms, char sigil, const std::string& where) {
    for (const Term& t : terms) {
      bool ok = t.text.size() > 1 && t.text[0] == sigil &&
                t.text.find_first_of(" \t#@", 1) == std::string::npos;
      if (!ok) {
        return Error(t.line, where + ": '" + t.text + "' must be one word starting with '" +
                                 std::string(1, sigil) + "'");
      }
    }
    return Status::OK();
  }

  Status ParseTopic(std::string id, const std::string& parent, const toml::table& t, int line,
                    Taxonomy* out) {
    if (++depth_ > 8) return Error(line, "topics nest at most 8 deep");
    size_t index = out->topics.size();
    out->topics.push_back(TaxonomyTopic{id, parent, {}, {}, {}, true, line});
    const std::string where = "topic '" + id + "'";
    bool children = false;
    for (auto [kp, np] : InFileOrder(t)) {
      const toml::key& key = *kp;
      const toml::node& node = *np;
      std::string_view k = key.str();
      std::string field = where + " " + std::string(k);
      TaxonomyTopic& topic = out->topics[index];
      if (k == "phrases") PARLEY_RETURN_IF_ERROR(Terms(node, field, &topic.phrases));
      else if (k == "patterns") PARLEY_RETURN_IF_ERROR(Patterns(node, field, &topic.patterns));
      else if (k == "exclude") PARLEY_RETURN_IF_ERROR(Terms(node, field, &topic.exclude));
      else if (k == "inflect") PARLEY_RETURN_IF_ERROR(Bool(node, field, &topic.inflect));
      else if (node.is_table()) {
        std::string child(k);
        PARLEY_RETURN_IF_ERROR(CheckId("topic", child, Line(key)));
        PARLEY_RETURN_IF_ERROR(ParseTopic(child, id, *node.as_table(), Line(key), out));
        children = true;
      } else {
        return Unknown(key, where, "phrases, patterns, exclude, inflect or a nested topic table");
      }
    }
    --depth_;
    const TaxonomyTopic& topic = out->topics[index];
    if (topic.phrases.empty() && topic.patterns.empty() && !children) {
      return Error(line, where + " needs phrases, patterns or nested topics");
    }
    return Status::OK();
  }

  Status ParseIntent(std::string id, const toml::table& t, int line, Taxonomy* out) {
    TaxonomyIntent intent;
    intent.id = id;
    intent.line = line;
    intent.builtin = builtin_;
    const std::string where = "intent '" + id + "'";
    for (auto [key_p, node_p] : InFileOrder(t)) {
      const toml::key& key = *key_p;
      const toml::node& node = *node_p;
      std::string_view k = key.str();
      std::string field = where + " " + std::string(k);
      if (k == "phrases") PARLEY_RETURN_IF_ERROR(Terms(node, field, &intent.phrases));
      else if (k == "patterns") PARLEY_RETURN_IF_ERROR(Patterns(node, field, &intent.patterns));
      else if (k == "requires") PARLEY_RETURN_IF_ERROR(Label(node, field, &intent.requires_label));
      else if (k == "with_topic") PARLEY_RETURN_IF_ERROR(Label(node, field, &intent.with_topic));
      else if (k == "inflect") PARLEY_RETURN_IF_ERROR(Bool(node, field, &intent.inflect));
      else return Unknown(key, where, "phrases, patterns, requires, with_topic or inflect");
    }
    if (intent.phrases.empty() && intent.patterns.empty() && !intent.with_topic) {
      return Error(line, where + " needs phrases, patterns or with_topic");
    }
    out->intents.push_back(std::move(intent));
    return Status::OK();
  }

  Status ParsePrices(const toml::table& t, Taxonomy* out) {
    for (auto [key_p, node_p] : InFileOrder(t)) {
      const toml::key& key = *key_p;
      const toml::node& node = *node_p;
      if (key.str() != "words") return Unknown(key, "[prices]", "words");
      PARLEY_RETURN_IF_ERROR(Terms(node, "prices words", &out->price_words));
    }
    return Status::OK();
  }

  std::string name_;
  bool builtin_;
  int depth_ = 0;
  std::map<std::string, int> ids_;  // "kind:id" -> line
};

// TOML allows non-ASCII text only inside strings and comments. toml++ 3.3
// (Debian bookworm's) reaches __builtin_unreachable() on some non-ASCII code
// points where it looks for whitespace (found by taxonomy_fuzzer), so such
// bytes are refused here, with their line, before toml++ sees them.
Status CheckNonAsciiOnlyInStrings(std::string_view text, std::string_view name) {
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  In in = In::kCode;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const std::string_view rest = text.substr(i);
    if (c == '\n') {
      ++line;
      if (in == In::kComment) in = In::kCode;
      continue;
    }
    switch (in) {
      case In::kCode:
        if (static_cast<unsigned char>(c) >= 0x80) {
          return InvalidArgumentError(std::string(name) + ":" + std::to_string(line) +
                                      ": a non-ASCII character outside quotes: quote the key or "
                                      "value (\"café\" = ...)");
        }
        if (c == '#') {
          in = In::kComment;
        } else if (rest.starts_with(R"(""")")) {
          in = In::kMultiBasic;
          i += 2;
        } else if (rest.starts_with("'''")) {
          in = In::kMultiLiteral;
          i += 2;
        } else if (c == '"') {
          in = In::kBasic;
        } else if (c == '\'') {
          in = In::kLiteral;
        }
        break;
      case In::kComment:
        break;
      case In::kBasic:
      case In::kMultiBasic:
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
          ++i;  // the escaped character cannot end the string
        } else if (in == In::kBasic && c == '"') {
          in = In::kCode;
        } else if (in == In::kMultiBasic && rest.starts_with(R"(""")")) {
          while (i + 3 < text.size() && text[i + 3] == '"') ++i;  // up to two quotes end it
          in = In::kCode;
          i += 2;
        }
        break;
      case In::kLiteral:
        if (c == '\'') in = In::kCode;
        break;
      case In::kMultiLiteral:
        if (rest.starts_with("'''")) {
          while (i + 3 < text.size() && text[i + 3] == '\'') ++i;
          in = In::kCode;
          i += 2;
        }
        break;
    }
  }
  return Status::OK();
}

Status ParseDocument(std::string_view contents, std::string_view name, bool builtin,
                     Taxonomy* out, bool* use_defaults) {
  PARLEY_RETURN_IF_ERROR(CheckNonAsciiOnlyInStrings(contents, name));
  toml::parse_result parsed = toml::parse(contents, name);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return InvalidArgumentError(std::string(name) + ":" + std::to_string(e.source().begin.line) +
                                ":" + std::to_string(e.source().begin.column) + ": " +
                                std::string(e.description()));
  }
  Parser parser(name, builtin);
  return parser.Parse(parsed.table(), out, use_defaults);
}

// Adds the built-in intents the file does not define, and the built-in price
// words.
// Built-in intents come first, in their order, each replaced by the file's
// intent of the same id; the file's other intents follow.
void MergeDefaults(Taxonomy defaults, Taxonomy* out) {
  std::vector<TaxonomyIntent> intents;
  for (TaxonomyIntent& d : defaults.intents) {
    auto own = std::find_if(out->intents.begin(), out->intents.end(),
                            [&](const TaxonomyIntent& i) { return i.id == d.id; });
    if (own == out->intents.end()) {
      intents.push_back(std::move(d));
    } else {
      intents.push_back(std::move(*own));
      own->id.clear();  // taken
    }
  }
  for (TaxonomyIntent& i : out->intents) {
    if (!i.id.empty()) intents.push_back(std::move(i));
  }
  out->intents = std::move(intents);
  for (Term& w : defaults.price_words) out->price_words.push_back(std::move(w));
}

}  // namespace

const TaxonomyTopic* Taxonomy::FindTopic(std::string_view id) const {
  for (const TaxonomyTopic& t : topics) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

StatusOr<Taxonomy> ParseTaxonomy(std::string_view contents, std::string_view name) {
  Taxonomy taxonomy;
  bool use_defaults = true;
  PARLEY_RETURN_IF_ERROR(ParseDocument(contents, name, false, &taxonomy, &use_defaults));
  taxonomy.file = std::string(name);
  if (taxonomy.name.empty()) taxonomy.name = std::string(name);
  if (use_defaults) {
    Taxonomy defaults;
    bool unused = true;
    Status s = ParseDocument(DefaultTaxonomyToml(), "<built-in>", true, &defaults, &unused);
    if (!s.ok()) return InternalError("built-in taxonomy: " + s.message());
    MergeDefaults(std::move(defaults), &taxonomy);
  }
  return taxonomy;
}

StatusOr<Taxonomy> LoadTaxonomy(Env* env, const std::string& path) {
  StatusOr<std::string> contents = ReadFileToString(env, path);
  if (!contents.ok()) return contents.status().WithContext("taxonomy");
  return ParseTaxonomy(*contents, path);
}

}  // namespace parley
