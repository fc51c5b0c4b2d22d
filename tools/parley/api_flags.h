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

}  // namespace parley::cli

#endif  // PARLEY_TOOLS_PARLEY_API_FLAGS_H_
