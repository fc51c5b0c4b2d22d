// The brands' own accounts: the handles a brand answers customers from,
// declared in the taxonomy (`accounts = ["SkyloftAir"]` in a brand's table;
// when absent, its `handles` without the '@'). A post by one of these is an
// answer from that brand; such posts never enter the care queue.
//
// Thread safety: a plain value.
#ifndef PARLEY_PEOPLE_ACCOUNTS_H_
#define PARLEY_PEOPLE_ACCOUNTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/taxonomy/taxonomy.h"

namespace parley::people {

struct BrandAccounts {
  std::string brand;                 // the taxonomy id ("skyloft"), as analyses name brands
  std::string name;                  // display name
  bool own = false;                  // one of ours (taxonomy `own`)
  std::vector<std::string> handles;  // normalized (NormalizeHandle)
};

class OwnAccounts {
 public:
  OwnAccounts() = default;
  explicit OwnAccounts(std::vector<BrandAccounts> brands) : brands_(std::move(brands)) {}

  // The brand whose account `handle` is (compared normalized); nullptr if
  // none.
  const BrandAccounts* BrandOf(std::string_view handle) const;
  // The accounts of brand `brand` (taxonomy id); nullptr if not declared.
  const BrandAccounts* Find(std::string_view brand) const;
  // Every declared handle, normalized.
  std::vector<std::string> AllHandles() const;
  const std::vector<BrandAccounts>& brands() const { return brands_; }
  bool empty() const { return brands_.empty(); }

 private:
  std::vector<BrandAccounts> brands_;
};

// The accounts each brand of `taxonomy` declares (see the file comment).
OwnAccounts AccountsFromTaxonomy(const Taxonomy& taxonomy);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_ACCOUNTS_H_
