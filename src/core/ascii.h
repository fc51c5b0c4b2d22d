// ASCII case for names that are compared without regard to it: column
// names, handles, extensions, label values. Bytes beyond ASCII are left as
// they are.
#ifndef PARLEY_CORE_ASCII_H_
#define PARLEY_CORE_ASCII_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace parley {

// Lower-cases the ASCII letters of (*s)[from, end) in place.
inline void LowerAsciiInPlace(std::string* s, size_t from = 0) {
  for (size_t i = from; i < s->size(); ++i) {
    char& c = (*s)[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// `s` with its ASCII letters lower-cased.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  LowerAsciiInPlace(&out);
  return out;
}

}  // namespace parley

#endif  // PARLEY_CORE_ASCII_H_
