#include "tools/parley/people_cli.h"

#include "src/core/timestamp.h"
#include "src/env/env.h"
#include "src/taxonomy/taxonomy.h"

namespace parley::cli {

StatusOr<std::unique_ptr<Store>> OpenPeopleStore(const std::string& db) {
  StoreOptions so;
  so.path = db;
  so.create_if_missing = false;
  return OpenStore(so);
}

StatusOr<people::OwnAccounts> LoadAccounts(const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(Taxonomy t, LoadTaxonomy(Env::Default(), path));
  people::OwnAccounts accounts = people::AccountsFromTaxonomy(t);
  if (accounts.empty()) {
    return InvalidArgumentError("taxonomy '" + path +
                                "' declares no brand accounts: add accounts = [\"handle\"] (or "
                                "handles) to the brands that answer customers");
  }
  return accounts;
}

Status CheckFormat(const std::string& format, bool csv) {
  if (format == "table" || format == "json" || (csv && format == "csv")) return Status::OK();
  return InvalidArgumentError(std::string("--format must be table") +
                              (csv ? ", json or csv" : " or json") + ", not '" + format + "'");
}

std::string OneLine(std::string_view text, size_t width) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (out.size() <= width) return out;
  size_t cut = width > 3 ? width - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

std::string ShortTime(int64_t ms, const TimeZone* zone) {
  std::string t = FormatTimestamp(zone ? zone->ToLocal(ms) : ms).substr(0, 16);
  if (t.size() > 10) t[10] = ' ';
  return t;
}

void AddDisplayZoneFlag(CLI::App* sub, std::string* zone, bool days) {
  sub->add_option("--time-zone", *zone,
                  std::string("Show times on this zone's clock") +
                      (days ? " and begin days at its midnight" : "") +
                      " (an IANA zone such as America/New_York, or an offset such as -05:00); "
                      "times given without a zone are read on it too. Default: UTC; JSON "
                      "output stays UTC");
}

}  // namespace parley::cli
