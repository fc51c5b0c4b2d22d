#include "src/core/bytes.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace parley {
namespace {

TEST(Bytes, SameBytesAgreesWithMemcmp) {
  const std::string a = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
  for (size_t n = 0; n <= 40; ++n) {
    EXPECT_TRUE(bytes::SameBytes(a.data(), std::string(a).data(), n)) << n;
    for (size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] ^= 0x20;
      EXPECT_FALSE(bytes::SameBytes(a.data(), b.data(), n)) << n << " " << at;
    }
  }
}

TEST(Bytes, HashIsItsStepsOverZeroPaddedWords) {
  const std::string text = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t n = 0; n <= text.size(); ++n) {
    uint64_t h = bytes::kHashSeed;
    for (size_t i = 0; i < n; i += 8) {
      uint64_t w = 0;
      for (size_t k = i; k < std::min(n, i + 8); ++k)
        w |= static_cast<uint64_t>(static_cast<unsigned char>(text[k])) << (8 * (k - i));
      h = bytes::HashStep(h, w);
    }
    EXPECT_EQ(bytes::Hash(std::string_view(text).substr(0, n)), bytes::HashFinish(h, n)) << n;
  }
}

TEST(Bytes, LoadPaddedReadsOnlyTheGivenBytes) {
  const char buf[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x09";
  for (size_t n = 0; n <= 8; ++n) {
    uint64_t want = 0;
    std::memcpy(&want, buf, n);  // little-endian machine, as parley assumes
    EXPECT_EQ(bytes::LoadPadded(buf, n), want) << n;
  }
}

TEST(Bytes, HashTellsApartStringsThatDifferOnlyInLengthOrOneByte) {
  std::set<uint64_t> seen;
  std::string s;
  for (int n = 0; n < 40; ++n) {
    EXPECT_TRUE(seen.insert(bytes::Hash(s)).second) << n;  // "", "\0", "\0\0", ... all differ
    s.push_back('\0');
  }
  const std::string word = "delayed-flight";
  for (size_t at = 0; at < word.size(); ++at) {
    std::string other = word;
    other[at] ^= 1;
    EXPECT_NE(bytes::Hash(word), bytes::Hash(other)) << at;
  }
}

TEST(Bytes, MixSpreadsDenseKeys) {
  // Consecutive small ids land in different low bits, as an open-addressing
  // table masking the hash needs.
  std::set<uint64_t> low;
  for (uint64_t k = 0; k < 1024; ++k) low.insert(bytes::Mix(k) & 0xFFFF);
  EXPECT_GT(low.size(), 1000u);
}

// The per-byte masks against a byte-by-byte reference, on words built from
// the bytes where carries and borrows would go wrong (0x00, 0x7F, 0x80,
// 0xFF, the tested byte and its neighbours).
TEST(Bytes, MasksAgreeWithOneByteAtATime) {
  const unsigned char c = '?';
  const unsigned char edge[] = {0x00, 0x01, 0x20, c - 1, c, c + 1, 0x7F, 0x80, 0x80 | c, 0xFF};
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20000; ++round) {
    unsigned char b[8];
    for (unsigned char& x : b) x = edge[rng() % std::size(edge)];
    uint64_t x;
    std::memcpy(&x, b, 8);
    uint64_t zero = 0, equal = 0, at_least = 0;
    for (int k = 0; k < 8; ++k) {
      const uint64_t high = uint64_t{0x80} << (8 * k);
      if (b[k] == 0) zero |= high;
      if (b[k] == c) equal |= high;
      if ((b[k] & 0x7F) >= c) at_least |= high;
    }
    EXPECT_EQ(bytes::ZeroMask(x), zero) << std::hex << x;
    EXPECT_EQ(bytes::EqualMask(x, c), equal) << std::hex << x;
    EXPECT_EQ(bytes::AtLeastMask(x & bytes::kLow7, c), at_least) << std::hex << x;
  }
}

TEST(Bytes, IsAllAsciiFindsAHighByteAtEveryOffset) {
  EXPECT_TRUE(bytes::IsAllAscii(""));
  EXPECT_TRUE(bytes::IsAllAscii("plain ASCII text, longer than eight bytes\x7f"));
  for (size_t n = 1; n <= 70; ++n) {
    for (size_t at = 0; at < n; ++at) {
      std::string s(n, 'a');
      s[at] = '\x80';
      EXPECT_FALSE(bytes::IsAllAscii(s)) << n << " " << at;
      s[at] = '\xff';
      EXPECT_FALSE(bytes::IsAllAscii(s)) << n << " " << at;
      s[at] = '\x7f';
      EXPECT_TRUE(bytes::IsAllAscii(s)) << n << " " << at;
    }
  }
}

// Every length through a few SSE2 blocks (the last one overlapping), with
// high bytes anywhere, against a byte loop.
TEST(Bytes, IsAllAsciiAgreesWithAByteLoop) {
  std::mt19937 rng(20261202);
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 100, 'a');
    for (char& c : s) c = static_cast<char>(0x20 + rng() % 0x5F);
    const size_t high = rng() % 3;
    for (size_t k = 0; k < high && !s.empty(); ++k) {
      s[rng() % s.size()] = static_cast<char>(0x80 | rng() % 0x80);
    }
    bool want = true;
    for (char c : s) want = want && static_cast<unsigned char>(c) < 0x80;
    ASSERT_EQ(bytes::IsAllAscii(s), want) << s.size();
    // The same bytes at an odd address.
    std::string shifted = "x" + s;
    ASSERT_EQ(bytes::IsAllAscii(std::string_view(shifted).substr(1)), want) << s.size();
  }
}

// Every byte value at every offset of texts up to 70 bytes, against a byte
// loop: only '0'..'9' are digits (not '/', ':', nor a byte >= 0x80 whose low
// seven bits are a digit's).
TEST(Bytes, HasAsciiDigitFindsEveryDigitAndOnlyDigits) {
  EXPECT_FALSE(bytes::HasAsciiDigit(""));
  for (size_t n = 1; n <= 70; ++n) {
    for (size_t at = 0; at < n; at += (n > 20 ? 7 : 1)) {
      for (int c = 0; c < 256; ++c) {
        std::string s(n, 'a');
        s[at] = static_cast<char>(c);
        ASSERT_EQ(bytes::HasAsciiDigit(s), c >= '0' && c <= '9') << n << " " << at << " " << c;
        // At an odd address, with digits just outside the view.
        std::string padded = "7" + s + "7";
        ASSERT_EQ(bytes::HasAsciiDigit(std::string_view(padded).substr(1, n)), c >= '0' && c <= '9');
      }
    }
  }
}

}  // namespace
}  // namespace parley
