#include "src/people/accounts.h"

#include <algorithm>

#include "src/people/links.h"

namespace parley::people {

const BrandAccounts* OwnAccounts::BrandOf(std::string_view handle) const {
  std::string h = NormalizeHandle(handle);
  for (const BrandAccounts& b : brands_) {
    if (std::find(b.handles.begin(), b.handles.end(), h) != b.handles.end()) return &b;
  }
  return nullptr;
}

const BrandAccounts* OwnAccounts::Find(std::string_view brand) const {
  for (const BrandAccounts& b : brands_) {
    if (b.brand == brand) return &b;
  }
  return nullptr;
}

std::vector<std::string> OwnAccounts::AllHandles() const {
  std::vector<std::string> out;
  for (const BrandAccounts& b : brands_) out.insert(out.end(), b.handles.begin(), b.handles.end());
  return out;
}

OwnAccounts AccountsFromTaxonomy(const Taxonomy& taxonomy) {
  std::vector<BrandAccounts> out;
  for (const TaxonomyBrand& b : taxonomy.brands) {
    BrandAccounts a{b.id, b.name, b.own, {}};
    const std::vector<Term>& terms = b.accounts.empty() ? b.handles : b.accounts;
    for (const Term& t : terms) a.handles.push_back(NormalizeHandle(t.text));
    if (!a.handles.empty()) out.push_back(std::move(a));
  }
  return OwnAccounts(std::move(out));
}

}  // namespace parley::people
