// parley.KeyTermCounts' engine half (change::KeyTermCounts): the terms of two
// sides' posts counted a post at a time, merged, pickled, and tested as
// `parley terms` tests them (change::TestKeyTerms()).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "parley/engine.h"
#include "python/binding_util.h"
#include "src/analyze/lexicon.h"
#include "src/change/key_terms.h"
#include "src/text/vader.h"

namespace parley::python {
namespace {

using change::KeyTermCounts;

// Counts `texts`, each on the label's side where its `sides` value is true.
void Add(KeyTermCounts& counts, const py::iterable& texts, const py::iterable& sides) {
  std::vector<std::string> owned;
  for (py::handle t : texts) {
    if (!PyUnicode_Check(t.ptr())) {
      throw py::type_error("add() takes strings; item " + std::to_string(owned.size()) + " is " +
                           std::string(py::str(py::type::handle_of(t))));
    }
    Py_ssize_t size = 0;
    const char* bytes = PyUnicode_AsUTF8AndSize(t.ptr(), &size);
    if (bytes == nullptr) {
      PyErr_Clear();
      throw py::value_error("add(): item " + std::to_string(owned.size()) +
                            " is not valid text (a lone surrogate)");
    }
    owned.emplace_back(bytes, static_cast<size_t>(size));
  }
  std::vector<char> label;
  for (py::handle s : sides) label.push_back(py::bool_(py::reinterpret_borrow<py::object>(s)));
  if (label.size() != owned.size()) {
    throw py::value_error("add(): " + std::to_string(owned.size()) + " texts but " +
                          std::to_string(label.size()) + " sides: give one side per text");
  }
  py::gil_scoped_release release;
  for (size_t i = 0; i < owned.size(); ++i) counts.Add(owned[i], label[i] != 0);
}

// A term as `parley terms -f json` gives it: intervals as (estimate, low,
// high).
py::dict TermDict(const change::KeyTerm& k) {
  auto interval = [](const Interval& i) { return py::make_tuple(i.estimate, i.low, i.high); };
  py::dict d;
  d["term"] = k.term;
  d["key"] = k.key;
  d["label_posts"] = k.label_posts;
  d["other_posts"] = k.other_posts;
  d["label_share"] = interval(k.label_share);
  d["other_share"] = interval(k.other_share);
  d["ratio"] = interval(k.ratio);
  d["g2"] = k.g2;
  d["p_value"] = k.p_value;
  d["q_value"] = k.q_value;
  return d;
}

// The lexicons loaded, by path: a worker tests many partitions' merges.
std::shared_ptr<const VaderLexicon> Lexicon(const std::string& path) {
  static std::map<std::string, std::shared_ptr<const VaderLexicon>> loaded;
  auto it = loaded.find(path);
  if (it != loaded.end()) return it->second;
  std::shared_ptr<const VaderLexicon> lexicon = ValueOrRaise(LoadSentimentLexicon(path));
  loaded.emplace(path, lexicon);
  return lexicon;
}

py::dict KeyTerms(const KeyTermCounts& counts, int top, int64_t min_posts, double fdr,
                  double confidence, const std::string& sentiment_words, const std::string& lexicon,
                  const std::vector<std::string>& brand_names) {
  if (top < 1) throw py::value_error("top must be 1 or more");
  if (min_posts < 1) throw py::value_error("min_posts must be 1 or more");
  if (!(fdr > 0 && fdr < 1)) throw py::value_error("fdr must be between 0 and 1");
  if (!(confidence >= 0.5 && confidence < 1)) {
    throw py::value_error("confidence must be at least 0.5 and below 1");
  }
  if (sentiment_words != "apart" && sentiment_words != "with_terms") {
    throw py::value_error("sentiment_words must be \"apart\" or \"with_terms\"");
  }
  change::KeyTermsOptions o;
  o.top = top;
  o.min_posts = min_posts;
  o.fdr = fdr;
  o.confidence = confidence;
  std::shared_ptr<const VaderLexicon> words;
  if (sentiment_words == "apart") {
    words = Lexicon(lexicon);
    o.lexicon = words.get();
  }
  change::KeyTermsResult r;
  {
    py::gil_scoped_release release;
    change::TestKeyTerms(counts, o, change::BrandNameTest(brand_names), &r);
  }
  py::dict d;
  d["label_posts"] = r.label_posts;
  d["other_posts"] = r.other_posts;
  d["shares"] = r.shares;
  d["brand_posts"] = r.brand_posts;
  d["brand_name_terms"] = r.brand_name_terms;
  d["tested"] = r.tested;
  d["min_posts"] = min_posts;
  d["fdr"] = fdr;
  d["confidence"] = confidence;
  for (const auto& [name, list] :
       {std::pair{"terms", &r.terms}, std::pair{"sentiment_terms", &r.sentiment_terms}}) {
    py::list terms;
    for (const change::KeyTerm& k : *list) terms.append(TermDict(k));
    d[name] = terms;
  }
  return d;
}

// Pickled as (label posts, other posts, [(key, label, other, [(form,
// posts)])], shares counted, shares left out, brands' posts left out).
py::tuple State(const KeyTermCounts& c) {
  py::list terms;
  for (const auto& [key, t] : c.terms()) {
    py::list forms;
    for (const auto& [form, n] : t.forms) forms.append(py::make_tuple(form, n));
    terms.append(py::make_tuple(key, t.label, t.other, forms));
  }
  return py::make_tuple(c.label_posts(), c.other_posts(), terms, c.count_shares(), c.shares(),
                        c.brand_posts());
}

KeyTermCounts FromState(const py::tuple& s) {
  if (s.size() != 6) throw py::value_error("not a pickled parley.KeyTermCounts");
  KeyTermCounts c(s[3].cast<bool>());
  c.AddPosts(s[0].cast<int64_t>(), s[1].cast<int64_t>(), s[4].cast<int64_t>(),
             s[5].cast<int64_t>());
  for (py::handle item : s[2].cast<py::list>()) {
    auto [key, label, other, forms] =
        item.cast<std::tuple<std::string, int64_t, int64_t, py::list>>();
    KeyTermCounts::Tally t;
    t.label = label;
    t.other = other;
    for (py::handle f : forms) t.forms.push_back(f.cast<std::pair<std::string, int64_t>>());
    c.AddTerm(key, t);
  }
  return c;
}

}  // namespace

void DefineKeyTerms(py::module_& m) {
  py::class_<KeyTermCounts>(m, "KeyTermCounts")
      .def(py::init<bool>(), py::arg("shares") = false)
      .def("add", &Add, py::arg("texts"), py::arg("sides"))
      .def(
          "merge",
          [](KeyTermCounts& self, const KeyTermCounts& other) -> KeyTermCounts& {
            if (self.count_shares() != other.count_shares()) {
              throw py::value_error(
                  "cannot merge counts of shares' words with counts of posts' own words");
            }
            self.Merge(other);
            return self;
          },
          py::arg("other"), py::return_value_policy::reference_internal)
      .def_property_readonly("label_posts", &KeyTermCounts::label_posts)
      .def_property_readonly("other_posts", &KeyTermCounts::other_posts)
      .def_property_readonly("shares", &KeyTermCounts::shares)
      .def_property_readonly("brand_posts", &KeyTermCounts::brand_posts)
      .def_property_readonly("counts_shares", &KeyTermCounts::count_shares)
      .def("key_terms", &KeyTerms, py::arg("top") = 20, py::arg("min_posts") = 5,
           py::arg("fdr") = 0.01, py::arg("confidence") = 0.95,
           py::arg("sentiment_words") = "apart", py::arg("lexicon") = "",
           py::arg("brand_names") = std::vector<std::string>())
      .def("__len__", [](const KeyTermCounts& c) { return c.terms().size(); })
      .def("__eq__", [](const KeyTermCounts& a, const KeyTermCounts& b) { return a == b; })
      .def(py::pickle(&State, &FromState));
}

}  // namespace parley::python
