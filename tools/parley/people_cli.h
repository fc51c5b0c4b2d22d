// What parley's people commands (author, thread, queue, influencers) share:
// opening the store, the brands' accounts from a taxonomy, and table cells.
#ifndef PARLEY_TOOLS_PARLEY_PEOPLE_CLI_H_
#define PARLEY_TOOLS_PARLEY_PEOPLE_CLI_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/core/time_zone.h"
#include "src/people/accounts.h"
#include "src/storage/store.h"

namespace parley::cli {

// Opens an existing store for the people commands (writable: the influence
// ranking is cached in it). A missing file is NotFound with what to do.
StatusOr<std::unique_ptr<Store>> OpenPeopleStore(const std::string& db);

// The brands' accounts declared by the taxonomy file `path`.
StatusOr<people::OwnAccounts> LoadAccounts(const std::string& path);

// "table" or "json" (and "csv" where `csv`); InvalidArgument otherwise.
Status CheckFormat(const std::string& format, bool csv = false);

// `text` on one line, cut to `width` bytes (UTF-8 safe) with "...".
std::string OneLine(std::string_view text, size_t width);

// "2026-03-19 07:00": UTC, or on `zone`'s clock.
std::string ShortTime(int64_t ms, const TimeZone* zone = nullptr);

// --time-zone for commands that show times: where their tables show them
// (and, with `days`, where their days begin).
void AddDisplayZoneFlag(CLI::App* sub, std::string* zone, bool days = false);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_PEOPLE_CLI_H_
