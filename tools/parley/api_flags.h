// Commands whose flags are the HTTP API's query parameters (parley posts,
// parley terms): the flags checked by the API's own parser, so the two
// agree, with its errors naming the flags.
#ifndef PARLEY_TOOLS_PARLEY_API_FLAGS_H_
#define PARLEY_TOOLS_PARLEY_API_FLAGS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/serve/api_query.h"
#include "src/storage/store.h"

namespace parley::cli {

struct ApiFlag {
  const char* flag;   // "--since"
  const char* param;  // "from"
  std::string value;  // as given; empty: not given
};

// serve::ParseApiQuery() of the flags given (every flag's parameter is
// allowed). --since and --until ("from", "to") also take a duration before
// now (7d), made a time here. An error names the flag, not the parameter.
StatusOr<serve::ApiQuery> ParseApiFlags(const std::vector<ApiFlag>& flags);

// The flags given, as a table's first line names its scope: "brand=skyloft
// since=2026-03-01", or "all posts"; the parameters in `skip` left out.
std::string DescribeApiFlags(const std::vector<ApiFlag>& flags,
                             std::initializer_list<std::string_view> skip);

// When a scope matched no post: the first of its brand, topic and intent
// that names nothing in the store (a display name, a typo), with the names
// the store holds ("no brand 'skyloftt' in the store; its brands: jetwave,
// skyloft"); "" when each names something or none is given.
StatusOr<std::string> UnknownScopeName(Store* store, const serve::ApiQuery& q);

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_API_FLAGS_H_
