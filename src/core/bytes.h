// Hashing and comparing short byte strings (words, phrases, table keys)
// eight bytes at a time, inline and without library calls. Shared by the
// lexicon scorer (src/text/vader.h) and the taxonomy's token matcher, which
// look up the same kind of keys on their hot paths.
//
// These hashes are for in-memory tables only: nothing persisted may depend
// on them (model files use src/learn/features.cc's own, frozen hash).
#ifndef PARLEY_CORE_BYTES_H_
#define PARLEY_CORE_BYTES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace parley {
namespace bytes {

// Spreads every input bit over the whole word (the splitmix64 finalizer
// constants); for integer keys such as dense ids.
inline uint64_t Mix(uint64_t h) {
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

// Hash(s) == HashFinish(HashStep(...HashStep(kHashSeed, w1)..., wk), s.size())
// over the little-endian 8-byte words w1..wk of s, the last one zero-padded,
// so a scanner that reads eight bytes at a time can compute it as it goes.
inline constexpr uint64_t kHashSeed = 0x9E3779B97F4A7C15ull;
inline uint64_t HashStep(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}
inline uint64_t HashFinish(uint64_t h, size_t size) {
  h = (h ^ size) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  return h * 0xBF58476D1CE4E5B9ull ^ (h >> 32);
}

// The little-endian word of the n bytes at p (n in 0..8), zero-padded, with
// fixed-size loads only.
inline uint64_t LoadPadded(const char* p, size_t n) {
  uint64_t w = 0;
  if (n >= 8) {
    std::memcpy(&w, p, 8);
  } else if (n >= 4) {  // two overlapping loads; the shared bytes agree
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    w = lo | (static_cast<uint64_t>(hi) << ((n - 4) * 8));
  } else if (n) {
    const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
    w = u[0] | (n > 1 ? static_cast<uint64_t>(u[1]) << 8 : 0) |
        (n > 2 ? static_cast<uint64_t>(u[2]) << 16 : 0);
  }
  return w;
}

// One byte: an ASCII letter (either case); ASCII whitespace (' ', '\t'..'\r':
// the tokenizer's, between which no token runs).
inline bool IsAsciiLetter(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Per-byte tests on eight bytes at once (SWAR): each gives the high bit of
// every byte of its word that passes, with no carry from one byte into the
// next, so there are no false positives.
inline constexpr uint64_t kOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHighs = 0x8080808080808080ull;
inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;

// Bytes of x that are zero.
inline uint64_t ZeroMask(uint64_t x) { return ~(((x & kLow7) + kLow7) | x) & kHighs; }

// Bytes of x equal to c.
inline uint64_t EqualMask(uint64_t x, unsigned char c) { return ZeroMask(x ^ (kOnes * c)); }

// Bytes whose low seven bits (`low7` is x & kLow7) are at least c, for c in
// 1..0x80; callers test the high bit of x themselves where it matters.
inline uint64_t AtLeastMask(uint64_t low7, unsigned c) { return (low7 + kOnes * (0x80 - c)) & kHighs; }

// x with its ASCII upper-case letters lower-cased, eight bytes at once;
// every other byte (bytes >= 0x80 too) is left as it is.
inline uint64_t LowerAscii8(uint64_t x) {
  const uint64_t low7 = x & kLow7;
  const uint64_t upper = AtLeastMask(low7, 'A') & ~AtLeastMask(low7, 'Z' + 1) & ~x;
  return x | (upper >> 2);  // 0x80 >> 2 is 0x20, the case bit
}

inline uint64_t Hash(std::string_view s) {
  uint64_t h = kHashSeed;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = HashStep(h, w);
  }
  if (size_t r = s.size() - i) {  // 1..7 bytes left
    uint64_t w;
    if (s.size() >= 8) {  // the last eight bytes, shifted down to the r new ones
      std::memcpy(&w, s.data() + s.size() - 8, 8);
      w >>= (8 - r) * 8;
    } else {
      w = LoadPadded(s.data() + i, r);
    }
    h = HashStep(h, w);
  }
  return HashFinish(h, s.size());
}

// memcmp(a, b, n) == 0 for short keys, with fixed-size loads (overlapping at
// the end) instead of a library call.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  auto load8 = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  auto load4 = [](const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// "00" to "99": the two decimal digits of k at kTwoDigits[k], for writers of
// times and fixed-point numbers.
inline constexpr auto kTwoDigits = [] {
  std::array<std::array<char, 2>, 100> table{};
  for (int k = 0; k < 100; ++k) {
    table[k] = {static_cast<char>('0' + k / 10), static_cast<char>('0' + k % 10)};
  }
  return table;
}();

// Writes the two digits of `k` (0..99) at `out`, from kTwoDigits.
inline void PutTwoDigits(uint64_t k, char* out) { std::memcpy(out, kTwoDigits[k].data(), 2); }

// True iff every byte of `text` is below 0x80, tested once at the end of
// an OR of all the bytes: sixteen at a time with SSE2, the last block
// overlapping the one before (no byte loop for the tail), eight at a time
// otherwise, and a short text as one or two overlapping words. The readers
// use it to skip UTF-8 validation of ASCII records, the text code to take
// ASCII fast paths (the scorer asks it of every post).
inline bool IsAllAscii(std::string_view text) {
  const char* p = text.data();
  const size_t n = text.size();
#if defined(__SSE2__)
  if (n >= 16) {
    __m128i seen = _mm_setzero_si128();
    for (size_t i = 0; i + 16 < n; i += 16) {
      seen = _mm_or_si128(seen, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    }
    seen = _mm_or_si128(seen, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)));
    return _mm_movemask_epi8(seen) == 0;
  }
#endif
  uint64_t seen = 0;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      seen |= word;
    }
    uint64_t last;
    std::memcpy(&last, p + n - 8, 8);
    seen |= last;
  } else {
    seen = LoadPadded(p, n);
  }
  return (seen & 0x8080808080808080ULL) == 0;
}

// Whether `text` holds an ASCII digit, eight bytes at a time (the last word
// overlapping the one before): a byte is one when it is below 0x80 and its
// value is at least '0' and below ':'.
inline bool HasAsciiDigit(std::string_view text) {
  const char* p = text.data();
  const size_t n = text.size();
  auto digits = [](uint64_t x) {
    const uint64_t low7 = x & kLow7;
    return AtLeastMask(low7, '0') & ~AtLeastMask(low7, ':') & ~x & kHighs;
  };
  if (n < 8) return digits(LoadPadded(p, n)) != 0;
  uint64_t seen = 0;
  for (size_t i = 0; i + 8 < n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    seen |= digits(word);
  }
  uint64_t last;
  std::memcpy(&last, p + n - 8, 8);
  return (seen | digits(last)) != 0;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Whether this CPU runs AVX2, for the paths chosen at run time (the build
// targets plain x86-64). Callable from a static initializer, which may run
// before the constructor that would initialize the CPU model.
inline bool CpuHasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#endif

}  // namespace bytes
}  // namespace parley

#endif  // PARLEY_CORE_BYTES_H_
