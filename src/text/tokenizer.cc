#include "src/text/tokenizer.h"

#include <unicode/uchar.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "src/core/bytes.h"
#include "src/text/emoticon.h"
#include "src/text/unicode.h"

namespace parley {
namespace {

// ASCII byte classes. Bytes >= 0x80 have none; they take the Unicode path.
enum : uint8_t {
  kSpace = 1 << 0,
  kUpper = 1 << 1,
  kLower = 1 << 2,
  kDigit = 1 << 3,
  kPunctByte = 1 << 4,   // Unicode category P*: ! " # % & ' ( ) * , - . / : ; ? @ [ \ ] _ { }
  kEmailByte = 1 << 5,   // may appear in the local part of an e-mail address
  kUrlByte = 1 << 6,     // may appear in a URL (RFC 3986 characters)
};
constexpr uint8_t kLetter = kUpper | kLower;
constexpr uint8_t kAlnum = kLetter | kDigit;

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpper | kEmailByte | kUrlByte;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kLower | kEmailByte | kUrlByte;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit | kEmailByte | kUrlByte;
  for (char c : std::string_view(" \t\n\v\f\r")) t[static_cast<unsigned char>(c)] = kSpace;
  for (char c : std::string_view("!\"#%&'()*,-./:;?@[\\]_{}")) t[static_cast<unsigned char>(c)] |= kPunctByte;
  for (char c : std::string_view("._%+-")) t[static_cast<unsigned char>(c)] |= kEmailByte;
  for (char c : std::string_view("-._~:/?#[]@!$&'()*+,;=%")) t[static_cast<unsigned char>(c)] |= kUrlByte;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

constexpr char32_t kRightSingleQuote = 0x2019;  // ’, the typographic apostrophe
constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kVariationSelect16 = 0xFE0F;

bool IsRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

bool IsPictographic(char32_t cp) {
  return cp <= 0x10FFFF && u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EXTENDED_PICTOGRAPHIC);
}

// Code points that extend an emoji: variation selectors, skin tones, tag
// characters (subdivision flags) and the combining keycap.
bool IsEmojiExtender(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

bool IsMark(char32_t cp) {
  return cp >= 0x300 && cp <= 0x10FFFF && (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_M_MASK) != 0;
}

bool IsPunctuation(char32_t cp) {
  return cp <= 0x10FFFF && (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_P_MASK) != 0;
}

// Marks that end a sentence may mix in one run ("?!", "!!..."); other
// punctuation forms runs of one repeated character ("--", "**").
bool IsSentenceTerminal(char32_t cp) {
  if (cp < 0x80) return cp == '.' || cp == '!' || cp == '?';
  return cp == 0x2026 || (cp <= 0x10FFFF && u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_S_TERM));
}

// Code points inside a word that join two word characters: apostrophes,
// hyphens, the zero-width (non-)joiners of Indic and Persian script, soft
// hyphens.
bool IsWordJoiner(char32_t cp) {
  return cp == '\'' || cp == '-' || cp == kRightSingleQuote || cp == 0x2010 || cp == 0x200C ||
         cp == kZeroWidthJoiner || cp == 0x00AD;
}

bool IsAsciiAlnum(uint8_t c) { return (kClass[c] & kAlnum) != 0; }

// Properties of a word's text that do not affect its extent.
struct WordInfo {
  bool all_digits = true;
  uint8_t flags = 0;
};

// Computes flags for a scanned word in one pass: case counts for ALL-CAPS,
// runs of one letter for elongation, inner apostrophes for contractions.
class WordAnalyzer {
 public:
  WordInfo Analyze(std::string_view word) {
    for (size_t k = 0; k < word.size();) {
      const auto b = static_cast<uint8_t>(word[k]);
      if (b < 0x80) {
        AddAscii(b);
        ++k;
      } else {
        char32_t cp;
        k += DecodeUtf8(word, k, &cp);
        AddCodePoint(cp);
      }
    }
    return Finish();
  }

 private:
  void AddAscii(uint8_t b) {
    const uint8_t cls = kClass[b];
    if (cls & kDigit) return NonLetter(/*digit=*/true);
    if (!(cls & kLetter)) {
      contraction_ |= b == '\'';
      return NonLetter(false);
    }
    (cls & kUpper ? upper_ : lower_)++;
    Letter(b | 0x20);
  }

  void AddCodePoint(char32_t cp) {
    const int8_t type = cp <= 0x10FFFF ? u_charType(static_cast<UChar32>(cp)) : static_cast<int8_t>(U_UNASSIGNED);
    if (type == U_DECIMAL_DIGIT_NUMBER) return NonLetter(true);
    if (!(U_MASK(type) & U_GC_L_MASK)) {
      contraction_ |= cp == kRightSingleQuote;
      return NonLetter(false);
    }
    if (type == U_UPPERCASE_LETTER || type == U_TITLECASE_LETTER) {
      ++upper_;
    } else if (type == U_LOWERCASE_LETTER) {
      ++lower_;
    } else {
      ++caseless_;
    }
    Letter(static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
  }

  void Letter(char32_t folded) {
    info_.all_digits = false;
    run_ = folded == previous_ ? run_ + 1 : 1;
    previous_ = folded;
    elongated_ |= run_ >= 3;
  }

  void NonLetter(bool digit) {
    info_.all_digits &= digit;
    previous_ = 0;
    run_ = 0;
  }

  WordInfo Finish() {
    const int letters = upper_ + lower_ + caseless_;
    if (letters >= 2 && lower_ == 0 && upper_ > 0) info_.flags |= kTokenAllCaps;
    if (elongated_) info_.flags |= kTokenElongated;
    if (contraction_) info_.flags |= kTokenContraction;
    return info_;
  }

  WordInfo info_;
  int upper_ = 0, lower_ = 0, caseless_ = 0;
  char32_t previous_ = 0;
  int run_ = 0;
  bool elongated_ = false, contraction_ = false;
};

// Flags of a word of ASCII letters and digits, the common case, without
// decoding: `classes` is the union of its bytes' classes.
uint8_t AsciiWordFlags(std::string_view word, uint8_t classes) {
  uint8_t flags = 0;
  if ((classes & kUpper) && !(classes & kLower)) {
    int letters = 0;
    for (char c : word) letters += (kClass[static_cast<uint8_t>(c)] & kLetter) != 0;
    if (letters >= 2) flags |= kTokenAllCaps;
  }
  // OR-ing 0x20 folds case for letters and leaves digits as they are.
  for (size_t k = 2; k < word.size(); ++k) {
    const int c = word[k] | 0x20;
    if (c == (word[k - 1] | 0x20) && c == (word[k - 2] | 0x20) && c >= 'a') {
      flags |= kTokenElongated;
      break;
    }
  }
  return flags;
}

// A short ASCII word measured in one 16-byte block: its length and flags.
struct AsciiRun {
  size_t length = 0;
  uint8_t flags = 0;
};

#if defined(__SSE2__)
// Bit k of each mask describes byte k of a 16-byte block; bits 16+ are 0.
struct BlockMasks {
  unsigned alnum;    // ASCII letter or digit
  unsigned letter;   // ASCII letter
  unsigned upper;    // ASCII upper-case letter
  unsigned space;    // ASCII whitespace (kSpace)
  unsigned triples;  // bytes k, k+1 and k+2 fold to the same byte
};

// A 16-byte block classified at once (SSE2, part of every x86-64 CPU): a
// word's extent and flags are then bit operations on these masks.
inline BlockMasks ClassifyBlock(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                     _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)),
                                                   _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
  const __m128i same1 = _mm_cmpeq_epi8(folded, _mm_srli_si128(folded, 1));
  const __m128i same2 = _mm_cmpeq_epi8(folded, _mm_srli_si128(folded, 2));
  BlockMasks m;
  m.letter = static_cast<unsigned>(_mm_movemask_epi8(letter));
  m.alnum = m.letter | static_cast<unsigned>(_mm_movemask_epi8(digit));
  m.upper = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)))) & m.letter;
  m.space = static_cast<unsigned>(_mm_movemask_epi8(space));
  m.triples = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(same1, same2)));
  return m;
}

// The kTokenAllCaps and kTokenElongated flags of the ASCII word whose bytes
// are the bits of `in_run` in the block `m` describes: the same for a word
// MeasureAsciiRun() measures and one FastWords() emits.
inline uint8_t RunFlags(const BlockMasks& m, unsigned in_run) {
  const unsigned letters = m.letter & in_run;
  const unsigned upper = m.upper & letters;
  uint8_t flags = 0;
  // Two or more letters: more than one bit set (popcount is a library call here).
  if (upper != 0 && upper == letters && (letters & (letters - 1)) != 0) flags |= kTokenAllCaps;
  // Byte k starts an elongation if bytes k+1 and k+2 fold to the same letter
  // (none in a word of fewer than three bytes: in_run >> 2 is then 0).
  if (m.triples & letters & (in_run >> 2)) flags |= kTokenElongated;
  return flags;
}

// Measures the run of ASCII letters and digits at `p` with SSE2 (part of
// every x86-64 CPU): most words fit in 16 bytes, and one block replaces a
// loop whose exit the branch predictor misses once per word. Returns false
// when the run fills the block. Requires 16 readable bytes at `p`.
bool MeasureAsciiRun(const char* p, AsciiRun* run) {
  const BlockMasks m = ClassifyBlock(p);  // the space mask is left unused, and unmade
  const int length = __builtin_ctz(~m.alnum);  // bits 16+ of ~alnum are set
  if (length == 16) return false;
  run->length = static_cast<size_t>(length);
  run->flags = RunFlags(m, (1u << length) - 1);
  return true;
}
constexpr bool kHaveBlocks = true;
#else
bool MeasureAsciiRun(const char*, AsciiRun*) { return false; }  // the scalar path handles all
struct BlockMasks {
  unsigned alnum, letter, upper, space, triples;
};
BlockMasks ClassifyBlock(const char*) { return {}; }
inline uint8_t RunFlags(const BlockMasks&, unsigned) { return 0; }
constexpr bool kHaveBlocks = false;
#endif

// One pass over one text. Each Try* method returns the end of the token it
// recognizes at `i`, or 0 when there is none (a token never ends at 0).
class Scanner {
 public:
  // `fast` = false turns off the word fast paths (FastWord(), EmitShortAsciiWord()),
  // for the test that compares them with the general path.
  Scanner(std::string_view text, std::vector<Token>* out, bool fast = true)
      : text_(text), out_(out), fast_(fast) {}

  void Run() { Run(0, text_.size()); }

  // Tokens that start in [begin, end), which must be a chunk boundary: `begin`
  // at 0 or after ASCII whitespace, `end` at the end or at ASCII whitespace.
  // Lookahead and lookbehind still see the whole text.
  void Run(size_t begin, size_t end) {
    const size_t n = end;
    size_t i = begin;
    while (i < n) {
      const uint8_t c = ByteAt(i);
      const uint8_t cls = kClass[c];
      if (cls & kSpace) {
        ++i;
        continue;
      }
      // Most tokens are plain words: one block test, one push, no calls.
      if ((cls & kLetter) && fast_) {
        if (const size_t end = FastWords(i, n)) {
          i = end;
          continue;
        }
      }
      i = c < 0x80 ? ScanAscii(i) : ScanNonAscii(i);
    }
  }

 private:
  uint8_t ByteAt(size_t i) const { return static_cast<uint8_t>(text_[i]); }
  uint8_t ClassAt(size_t i) const { return i < text_.size() ? kClass[ByteAt(i)] : 0; }

  // The code point at `i` and its length; kInvalidCodePoint past the end.
  char32_t CodePointAt(size_t i, int* length) const {
    char32_t cp = kInvalidCodePoint;
    *length = 0;
    if (i >= text_.size()) return cp;
    if (ByteAt(i) < 0x80) {
      *length = 1;
      return ByteAt(i);
    }
    *length = DecodeUtf8(text_, i, &cp);
    return cp;
  }

  bool IsWordCharAt(size_t i) const {
    if (i >= text_.size()) return false;
    if (ByteAt(i) < 0x80) return IsAsciiAlnum(ByteAt(i));
    int length;
    return IsWordCodePoint(CodePointAt(i, &length));
  }

  bool PreviousIsAlnum(size_t i) const { return i > 0 && IsAsciiAlnum(ByteAt(i - 1)); }

  size_t Emit(TokenKind kind, size_t begin, size_t end, uint8_t flags = 0) {
    out_->push_back(Token{kind, flags, static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin)});
    return end;
  }

  size_t ScanAscii(size_t i);
  size_t ScanAlnum(size_t i);
  size_t ScanNonAscii(size_t i);
  size_t EmitWordOrNumber(size_t i);
  size_t EmitShortAsciiWord(size_t i);
  size_t FastWords(size_t i, size_t limit);

  // A word's end, and what a fast path needs to know about its bytes.
  struct WordExtent {
    size_t end = 0;
    uint8_t classes = 0;  // union of the ASCII classes seen
    bool ascii = true;    // no byte >= 0x80
    bool apostrophe = false;
  };
  WordExtent ScanWord(size_t i) const;
  size_t WordCharOrJoinerEnd(size_t i) const;
  size_t ScanNumberTail(size_t i) const;
  bool LetterContinues(size_t i) const;
  size_t ScanPunctRun(size_t i, char32_t first, int length) const;
  size_t SkipMarks(size_t i) const;

  size_t TryUrl(size_t i) const;
  size_t UrlBodyStart(size_t i) const;
  size_t TrimUrl(size_t body, size_t end) const;
  size_t TryEmail(size_t i) const;
  size_t TryMention(size_t i) const;
  size_t TryHashtag(size_t i) const;
  size_t TryCashtag(size_t i) const;
  size_t TryKeycap(size_t i) const;
  size_t TryEmoji(size_t i, char32_t cp, int length) const;
  size_t EmojiElementEnd(size_t i, char32_t cp, int length) const;

  std::string_view text_;
  std::vector<Token>* out_;
  bool fast_;
};

size_t Scanner::ScanAscii(size_t i) {
  const uint8_t c = ByteAt(i);
  if (kClass[c] & kAlnum) return ScanAlnum(i);
  size_t end = 0;
  switch (c) {
    case '@':
      if ((end = TryMention(i))) return Emit(TokenKind::kMention, i, end);
      break;
    case '#':
      if ((end = TryKeycap(i))) return Emit(TokenKind::kEmoji, i, end);
      if ((end = TryHashtag(i))) return Emit(TokenKind::kHashtag, i, end);
      break;
    case '*':
      if ((end = TryKeycap(i))) return Emit(TokenKind::kEmoji, i, end);
      break;
    case '$':
      if ((end = TryCashtag(i))) return Emit(TokenKind::kCashtag, i, end);
      break;
  }
  if (MayStartEmoticon(text_, i) && (end = MatchEmoticon(text_, i))) {
    return Emit(TokenKind::kEmoticon, i, i + end);
  }
  if (kClass[c] & kPunctByte) return Emit(TokenKind::kPunct, i, ScanPunctRun(i, c, 1));
  return Emit(TokenKind::kSymbol, i, SkipMarks(i + 1));
}

size_t Scanner::ScanAlnum(size_t i) {
  const uint8_t c = ByteAt(i);
  size_t end = 0;
  const uint8_t next = i + 1 < text_.size() ? ByteAt(i + 1) | 0x20 : 0;
  if (((c | 0x20) == 'h' && next == 't') || ((c | 0x20) == 'w' && next == 'w')) {
    if ((end = TryUrl(i))) return Emit(TokenKind::kUrl, i, end);
  }
  if (kClass[c] & kDigit) {
    if ((end = TryKeycap(i))) return Emit(TokenKind::kEmoji, i, end);
  } else if (MayStartEmoticon(text_, i) && (end = MatchEmoticon(text_, i))) {
    return Emit(TokenKind::kEmoticon, i, i + end);
  }
  return EmitWordOrNumber(i);
}

size_t Scanner::ScanNonAscii(size_t i) {
  int length;
  const char32_t cp = CodePointAt(i, &length);
  if (cp == kInvalidCodePoint) return Emit(TokenKind::kSymbol, i, i + 1);
  if (IsSpaceOrIgnorable(cp)) return i + length;
  if (IsWordCodePoint(cp)) return EmitWordOrNumber(i);
  size_t end = 0;
  if ((end = TryEmoji(i, cp, length))) return Emit(TokenKind::kEmoji, i, end);
  if (MayStartEmoticon(text_, i) && (end = MatchEmoticon(text_, i))) {
    return Emit(TokenKind::kEmoticon, i, i + end);
  }
  if (IsPunctuation(cp)) return Emit(TokenKind::kPunct, i, ScanPunctRun(i, cp, length));
  return Emit(TokenKind::kSymbol, i, SkipMarks(i + length));
}

// Numbers are ASCII digits with inner separators ("1,000", "3.50") or words
// made only of decimal digits of any script. Digits that run into letters
// make a word: "2nd", "4ever", "19-year-old"; "3.5mm" is "3.5" + "mm".
size_t Scanner::EmitWordOrNumber(size_t i) {
  if (kClass[ByteAt(i)] & kLetter) {
    if (const size_t end = EmitShortAsciiWord(i)) return end;
  }
  size_t j = i;
  while (ClassAt(j) & kDigit) ++j;
  if (j > i) {
    const size_t tail = ScanNumberTail(j);
    if (tail > j) return Emit(TokenKind::kNumber, i, tail);
    if (!LetterContinues(j)) return Emit(TokenKind::kNumber, i, j);
  }
  const WordExtent word = ScanWord(j);
  const uint8_t stop = word.end < text_.size() ? ByteAt(word.end) : 0;
  if ((stop == '@' || (kClass[stop] & kEmailByte)) && (kClass[ByteAt(i)] & kAlnum)) {
    if (const size_t email_end = TryEmail(i)) return Emit(TokenKind::kEmail, i, email_end);
  }
  const std::string_view text = text_.substr(i, word.end - i);
  if (word.ascii) {
    const uint8_t contraction = word.apostrophe ? kTokenContraction : 0;
    return Emit(TokenKind::kWord, i, word.end, AsciiWordFlags(text, word.classes) | contraction);
  }
  const WordInfo info = WordAnalyzer().Analyze(text);
  if (info.all_digits) return Emit(TokenKind::kNumber, i, word.end);
  return Emit(TokenKind::kWord, i, word.end, info.flags);
}

// The common word: ASCII letters and digits within one 16-byte block, ending
// on a byte that neither continues the word nor makes it an e-mail address.
// Returns 0 for any other word, which the general path then scans.
size_t Scanner::EmitShortAsciiWord(size_t i) {
  AsciiRun run;
  if (!fast_ || i + 16 > text_.size() || !MeasureAsciiRun(text_.data() + i, &run)) return 0;
  const size_t end = i + run.length;
  const uint8_t stop = ByteAt(end);  // end < i + 16 <= size
  if (stop >= 0x80 || stop == '\'' || stop == '@') return 0;
  if (kClass[stop] & kEmailByte) {
    // "word." ends a sentence unless an address goes on: "john.doe@x.org".
    const bool address_goes_on = (ClassAt(end + 1) & kEmailByte) ||
                                 (end + 1 < text_.size() && ByteAt(end + 1) == '@');
    if (stop != '.' || address_goes_on) return 0;
  }
  return Emit(TokenKind::kWord, i, end, run.flags);
}

// The words of ASCII letters and digits from the letter at `i` on, as long
// as they follow one another in one 16-byte block separated by whitespace,
// emitted straight from the scanner's loop with the tokens ScanAscii() ->
// ScanAlnum() -> EmitWordOrNumber() would give them. Returns where the
// scanner goes on (after the last word, or at the next token when it is not
// such a word), or 0 when the word at `i` is left to the general path: when
// it may begin a URL ("ht", "ww") or an emoticon ("XD"), runs to the end of
// the block, or ends on a byte that could continue it (a joiner, '@', an
// e-mail byte, a byte >= 0x80). Words start before `limit`. The last 15
// bytes of the text are read from a copy padded with spaces, so words at the
// end of a post take this path too.
size_t Scanner::FastWords(size_t i, size_t limit) {
  if (!kHaveBlocks) return 0;
  const size_t size = text_.size();
  const char* p = text_.data() + i;
  char padded[16];
  if (i + 16 > size) {
    std::memset(padded, ' ', sizeof padded);
    std::memcpy(padded, p, size - i);
    p = padded;
  }
  const BlockMasks m = ClassifyBlock(p);
  unsigned pos = 0;   // the word's first byte, a letter
  size_t resume = 0;  // where the scanner goes on, relative to i; 0 for nothing done
  for (;;) {
    const unsigned from = ~0u << pos;
    const unsigned end = static_cast<unsigned>(__builtin_ctz(~m.alnum & from));  // <= 16
    if (end == 16) break;
    const size_t at = i + pos;
    // end > pos, so byte pos + 1 is in the block.
    const uint8_t first = static_cast<uint8_t>(p[pos]) | 0x20, next = static_cast<uint8_t>(p[pos + 1]) | 0x20;
    if ((first == 'h' && next == 't') || (first == 'w' && next == 'w')) break;
    if (MayStartEmoticon(text_, at)) break;
    const size_t stop_at = i + end;
    bool space_after = true;  // whitespace or the end of the text
    if (stop_at < size) {
      const uint8_t stop = ByteAt(stop_at);
      space_after = (kClass[stop] & kSpace) != 0;
      if (!space_after) {
        if (stop >= 0x80 || stop == '\'' || stop == '@') break;
        if (kClass[stop] & kEmailByte) {
          // As in EmitShortAsciiWord(): "word." unless an address goes on.
          const bool address_goes_on = (ClassAt(stop_at + 1) & kEmailByte) ||
                                       (stop_at + 1 < size && ByteAt(stop_at + 1) == '@');
          if (stop != '.' || address_goes_on) break;
        }
      }
    }
    Emit(TokenKind::kWord, at, stop_at, RunFlags(m, ((1u << end) - 1) & from));
    resume = end;
    unsigned after = end;  // the first byte after the word and its mark
    if (!space_after) {
      // One punctuation mark then whitespace ("word, ", "word. "): what
      // ScanAscii() gives it is a one-byte kPunct unless it may begin an
      // emoticon. A '#' or '*' there begins no hashtag or keycap (a letter
      // or U+20E3 would follow), and '@' was turned away above.
      const uint8_t stop = ByteAt(stop_at);
      if (!((m.space >> (end + 1)) & 1) || !(kClass[stop] & kPunctByte) ||
          MayStartEmoticon(text_, stop_at)) {
        break;
      }
      Emit(TokenKind::kPunct, stop_at, stop_at + 1);
      resume = after = end + 1;
    }
    // The next token: a word to take here, or something for the general path.
    const unsigned token = static_cast<unsigned>(__builtin_ctz(~m.space & (~0u << after)));  // <= 16
    if (token == 16 || i + token >= limit) break;
    resume = token;
    if (!((m.letter >> token) & 1)) break;
    pos = token;
  }
  return resume == 0 ? 0 : i + resume;
}

// After leading digits, does a word go on? Only into a letter or mark, maybe
// across one joiner, so "3-2" and "2024-01-05" stay numbers.
bool Scanner::LetterContinues(size_t i) const {
  int length;
  char32_t cp = CodePointAt(i, &length);
  if (IsWordJoiner(cp)) cp = CodePointAt(i + length, &length);
  if (cp < 0x80) return (kClass[cp] & kLetter) != 0;
  return IsWordCodePoint(cp) && u_charType(static_cast<UChar32>(cp)) != U_DECIMAL_DIGIT_NUMBER;
}

size_t Scanner::ScanNumberTail(size_t i) const {
  while (i + 1 < text_.size() && (text_[i] == ',' || text_[i] == '.') && (ClassAt(i + 1) & kDigit)) {
    i += 2;
    while (ClassAt(i) & kDigit) ++i;
  }
  return i;
}

Scanner::WordExtent Scanner::ScanWord(size_t i) const {
  const size_t n = text_.size();
  WordExtent word;
  while (i < n) {
    const uint8_t cls = kClass[ByteAt(i)];
    if (cls & kAlnum) {
      word.classes |= cls;
      ++i;
      continue;
    }
    const size_t next = WordCharOrJoinerEnd(i);
    if (next == i) break;
    word.ascii &= ByteAt(i) < 0x80;
    word.apostrophe |= ByteAt(i) == '\'';
    i = next;
  }
  word.end = i;
  return word;
}

// The end of the word character or joiner at `i`, or `i` if it is neither. A
// joiner counts only when a word character follows it.
size_t Scanner::WordCharOrJoinerEnd(size_t i) const {
  const uint8_t c = ByteAt(i);
  if (c < 0x80) return (c == '\'' || c == '-') && IsWordCharAt(i + 1) ? i + 1 : i;
  int length;
  const char32_t cp = CodePointAt(i, &length);
  if (cp >= 0x80 && IsWordCodePoint(cp)) return i + length;
  if (IsWordJoiner(cp) && IsWordCharAt(i + length)) return i + length;
  return i;
}

size_t Scanner::ScanPunctRun(size_t i, char32_t first, int length) const {
  const bool terminal = IsSentenceTerminal(first);
  size_t j = i + length;
  while (j < text_.size()) {
    const char32_t cp = CodePointAt(j, &length);
    if (cp != first && !(terminal && IsSentenceTerminal(cp))) break;
    if (MayStartEmoticon(text_, j) && MatchEmoticon(text_, j)) break;
    j += length;
  }
  return j;
}

// Combining marks stay with the symbol they modify ("=" + U+0338).
size_t Scanner::SkipMarks(size_t i) const {
  int length;
  while (i < text_.size() && ByteAt(i) >= 0x80 && IsMark(CodePointAt(i, &length))) i += length;
  return i;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    const auto c = static_cast<uint8_t>(text[k]);
    const char lower = (kClass[c] & kUpper) ? static_cast<char>(c | 0x20) : static_cast<char>(c);
    if (lower != prefix[k]) return false;
  }
  return true;
}

// URLs start with http://, https:// or www. and need a host character.
size_t Scanner::UrlBodyStart(size_t i) const {
  const std::string_view rest = text_.substr(i);
  static constexpr std::string_view kPrefixes[] = {"http://", "https://", "www."};
  for (std::string_view prefix : kPrefixes) {
    if (StartsWithIgnoringCase(rest, prefix) && IsWordCharAt(i + prefix.size())) {
      return i + prefix.size();
    }
  }
  return 0;
}

size_t Scanner::TryUrl(size_t i) const {
  const size_t body = UrlBodyStart(i);
  if (body == 0) return 0;
  size_t j = body;
  while (j < text_.size()) {
    if (ByteAt(j) < 0x80) {
      if (!(kClass[ByteAt(j)] & kUrlByte)) break;
      ++j;
    } else {
      int length;
      if (!IsWordCodePoint(CodePointAt(j, &length))) break;  // IRI letters, not "…"
      j += length;
    }
  }
  return TrimUrl(body, j);
}

// Sentence punctuation after a URL is not part of it, nor is a closing
// bracket that closes text around the URL: "(see http://x.org/a_(b))".
size_t Scanner::TrimUrl(size_t body, size_t end) const {
  int unclosed_parens = 0, unclosed_brackets = 0;
  for (size_t k = body; k < end; ++k) {
    const char c = text_[k];
    unclosed_parens += (c == '(') - (c == ')');
    unclosed_brackets += (c == '[') - (c == ']');
  }
  constexpr std::string_view kTrailing = ".,;:!?'*";
  while (end > body) {
    const char c = text_[end - 1];
    if (c == ')' && unclosed_parens < 0) {
      ++unclosed_parens;
    } else if (c == ']' && unclosed_brackets < 0) {
      ++unclosed_brackets;
    } else if (kTrailing.find(c) == std::string_view::npos) {
      break;
    }
    --end;
  }
  return end;
}

// local@domain.tld: the local part is [A-Za-z0-9._%+-]+, the domain has at
// least two labels and a top-level label of 2+ letters.
size_t Scanner::TryEmail(size_t i) const {
  size_t at = i;
  while (ClassAt(at) & kEmailByte) ++at;
  if (at >= text_.size() || ByteAt(at) != '@') return 0;
  const size_t domain = at + 1;
  size_t end = domain;
  while ((ClassAt(end) & kAlnum) || (end < text_.size() && (ByteAt(end) == '-' || ByteAt(end) == '.'))) {
    ++end;
  }
  while (end > domain && (ByteAt(end - 1) == '.' || ByteAt(end - 1) == '-')) --end;
  const size_t dot = text_.substr(domain, end - domain).rfind('.');
  if (dot == std::string_view::npos || dot == 0) return 0;
  const size_t tld = domain + dot + 1;
  if (end - tld < 2) return 0;
  for (size_t k = tld; k < end; ++k) {
    if (!(kClass[ByteAt(k)] & kLetter)) return 0;
  }
  return end;
}

// @handle as on Twitter: ASCII letters, digits and '_', not after a letter or
// digit (so "user@host" has no mention).
size_t Scanner::TryMention(size_t i) const {
  if (PreviousIsAlnum(i)) return 0;
  size_t j = i + 1;
  while ((ClassAt(j) & kAlnum) || (j < text_.size() && ByteAt(j) == '_')) ++j;
  return j > i + 1 ? j : 0;
}

// #tag: word characters of any script and '_', with at least one letter, so
// "#1" is punctuation and a number. Not after a letter or digit ("C#") or
// '&' (HTML entities such as "&#x27;").
size_t Scanner::TryHashtag(size_t i) const {
  if (PreviousIsAlnum(i) || (i > 0 && text_[i - 1] == '&')) return 0;
  bool has_letter = false;
  size_t j = i + 1;
  while (j < text_.size()) {
    const uint8_t c = ByteAt(j);
    if (c < 0x80) {
      if (!(kClass[c] & kAlnum) && c != '_') break;
      has_letter |= (kClass[c] & kLetter) != 0;
      ++j;
      continue;
    }
    int length;
    const char32_t cp = CodePointAt(j, &length);
    if (!IsWordCodePoint(cp)) break;
    has_letter |= u_isalpha(static_cast<UChar32>(cp)) != 0;
    j += length;
  }
  return has_letter ? j : 0;
}

size_t CountAsciiLetters(std::string_view text, size_t i, size_t max) {
  size_t k = 0;
  while (k < max && i + k < text.size() && (kClass[static_cast<uint8_t>(text[i + k])] & kLetter)) ++k;
  return k;
}

// $TICKER as on Twitter: 1-6 letters, optionally ".X" or "_XX" ($BRK.B), and
// not followed by a letter, digit or '_'. "$5" is a symbol and a number.
size_t Scanner::TryCashtag(size_t i) const {
  if (PreviousIsAlnum(i)) return 0;
  const size_t letters = CountAsciiLetters(text_, i + 1, 7);
  if (letters == 0 || letters > 6) return 0;
  size_t end = i + 1 + letters;
  if (end < text_.size() && (text_[end] == '.' || text_[end] == '_')) {
    const size_t suffix = CountAsciiLetters(text_, end + 1, 3);
    const size_t suffix_end = end + 1 + suffix;
    const bool bounded = !(ClassAt(suffix_end) & kAlnum) &&
                         (suffix_end >= text_.size() || text_[suffix_end] != '_');
    if (suffix >= 1 && suffix <= 2 && bounded) end = suffix_end;
  }
  if ((ClassAt(end) & kAlnum) || (end < text_.size() && text_[end] == '_')) return 0;
  return end;
}

// Keycaps: [0-9#*], an optional U+FE0F, then U+20E3.
size_t Scanner::TryKeycap(size_t i) const {
  size_t j = i + 1;
  if (j >= text_.size() || (ByteAt(j) != 0xEF && ByteAt(j) != 0xE2)) return 0;
  const std::string_view rest = text_.substr(j);
  if (rest.starts_with("\xEF\xB8\x8F")) j += 3;  // U+FE0F
  return text_.substr(j).starts_with("\xE2\x83\xA3") ? j + 3 : 0;  // U+20E3
}

// An emoji sequence: elements joined by U+200D, each an emoji code point with
// its extenders or a pair of regional indicators. A pictographic symbol that
// is text by default (©, ‼, ↔) is an emoji when U+FE0F follows.
size_t Scanner::TryEmoji(size_t i, char32_t cp, int length) const {
  int next_length;
  if (!IsEmojiCodePoint(cp) &&
      !(CodePointAt(i + length, &next_length) == kVariationSelect16 && IsPictographic(cp))) {
    return 0;
  }
  size_t j = EmojiElementEnd(i, cp, length);
  while (CodePointAt(j, &length) == kZeroWidthJoiner) {
    const char32_t next = CodePointAt(j + length, &next_length);
    if (!IsEmojiCodePoint(next) && !IsPictographic(next)) break;
    j = EmojiElementEnd(j + length, next, next_length);
  }
  return j;
}

size_t Scanner::EmojiElementEnd(size_t i, char32_t cp, int length) const {
  size_t j = i + length;
  if (IsRegionalIndicator(cp)) {
    // Flags are pairs; a third indicator starts the next flag.
    return IsRegionalIndicator(CodePointAt(j, &length)) ? j + length : j;
  }
  while (IsEmojiExtender(CodePointAt(j, &length))) j += length;
  return j;
}

// Squeezes runs of 3+ equal letters to two and turns ’ into ', in place:
// the result is never longer than the input, so writes trail reads.
void SqueezeAndFixApostrophes(std::string* s) {
  char* p = s->data();
  size_t write = 0;
  char32_t previous = 0;
  int run = 0;
  for (size_t read = 0; read < s->size();) {
    char32_t cp = static_cast<uint8_t>(p[read]);
    int length = 1;
    if (cp >= 0x80) length = DecodeUtf8(*s, read, &cp);
    const bool letter = cp < 0x80 ? (kClass[cp] & kLetter) != 0
                                  : cp != kInvalidCodePoint && u_isalpha(static_cast<UChar32>(cp));
    run = letter && cp == previous ? run + 1 : 1;
    previous = letter ? cp : 0;
    if (run <= 2) {
      if (cp == kRightSingleQuote) {
        p[write++] = '\'';
      } else {
        for (int k = 0; k < length; ++k) p[write++] = p[read + k];
      }
    }
    read += length;
  }
  s->resize(write);
}

// Normalize for an ASCII token, the common case: one copy, then lower-casing
// and squeezing in place. Returns false at the first non-ASCII byte; the
// caller then rewrites *out.
bool NormalizeAscii(std::string_view token, std::string* out) {
  out->resize(token.size());
  const size_t n = Tokenizer::NormalizeAsciiTo(token, out->data());
  if (n == std::string_view::npos) return false;
  out->resize(n);
  return true;
}

// The first byte at or after `i` that may belong to a cue token's chunk: '@',
// '#', '/', '.' (for "www.") or a byte >= 0x80; text.size() if none. Sixteen
// or eight bytes a step: most of a post has none of them.
size_t NextCueByte(std::string_view text, size_t i) {
  const size_t n = text.size();
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    auto is = [&x](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
    const __m128i marks =
        _mm_or_si128(_mm_or_si128(is('@'), is('#')), _mm_or_si128(is('/'), is('.')));
    // A byte's high bit is its own mark of a byte >= 0x80.
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(marks, x)));
    if (hits) return i + static_cast<size_t>(__builtin_ctz(hits));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    const uint64_t hits = (x & bytes::kHighs) | bytes::EqualMask(x, '@') | bytes::EqualMask(x, '#') |
                          bytes::EqualMask(x, '/') | bytes::EqualMask(x, '.');
    if (hits) return i + (static_cast<size_t>(__builtin_ctzll(hits)) >> 3);
  }
  for (; i < n; ++i) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (b >= 0x80 || b == '@' || b == '#' || b == '/' || b == '.') return i;
  }
  return n;
}

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kUrl: return "url";
    case TokenKind::kEmail: return "email";
    case TokenKind::kMention: return "mention";
    case TokenKind::kHashtag: return "hashtag";
    case TokenKind::kCashtag: return "cashtag";
    case TokenKind::kEmoji: return "emoji";
    case TokenKind::kEmoticon: return "emoticon";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kSymbol: return "symbol";
  }
  return "unknown";
}

void Tokenizer::Tokenize(std::string_view text, std::vector<Token>* out) const {
  // Offsets are 32-bit; text past 4 GiB is not tokenized.
  constexpr size_t kMaxBytes = std::numeric_limits<uint32_t>::max();
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  Scanner(text, out).Run();
}

namespace tokenizer_internal {
void TokenizeGeneralPath(std::string_view text, std::vector<Token>* out) {
  constexpr size_t kMaxBytes = std::numeric_limits<uint32_t>::max();
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  Scanner(text, out, /*fast=*/false).Run();
}
}  // namespace tokenizer_internal

namespace {

// TokenizeCueChunks(), and with `kShortcuts` CueTokens(): a chunk that
// PlainTagChunk() or PlainUrlChunk() takes gives just its one cue token.
template <bool kShortcuts>
void ScanCueChunks(std::string_view text, std::vector<Token>* out) {
  constexpr size_t kMaxBytes = std::numeric_limits<uint32_t>::max();
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  Scanner scanner(text, out);
  const size_t n = text.size();
  auto is_space = [&](size_t k) { return (kClass[static_cast<uint8_t>(text[k])] & kSpace) != 0; };
  // Bytes before `seen` have been looked at; if byte seen - 1 is in a chunk,
  // that chunk begins at seen_begin. So no byte is walked back over twice,
  // even in a chunk of many full stops.
  size_t seen = 0, seen_begin = 0;
  for (size_t i = NextCueByte(text, 0); i < n; i = NextCueByte(text, i)) {
    size_t begin = i;
    while (begin > seen && !is_space(begin - 1)) --begin;
    if (begin == seen && begin > 0 && !is_space(begin - 1)) begin = seen_begin;
    if (!Tokenizer::IsCueByte(text, begin, i)) {
      seen = ++i;  // an ordinary full stop; the chunk may still hold a cue further on
      seen_begin = begin;
      continue;
    }
    size_t end = i + 1;
    while (end < n && !is_space(end)) ++end;
    if constexpr (kShortcuts) {
      Token cue = Tokenizer::PlainTagChunk(text, begin, end);
      if (cue.size == 0) cue = Tokenizer::PlainUrlChunk(text, begin, end);
      if (cue.size != 0) {
        out->push_back(cue);
      } else {
        scanner.Run(begin, end);
      }
    } else {
      scanner.Run(begin, end);
    }
    i = seen = seen_begin = end;
  }
}

}  // namespace

void Tokenizer::TokenizeCueChunks(std::string_view text, std::vector<Token>* out) const {
  ScanCueChunks<false>(text, out);
}

void Tokenizer::CueTokens(std::string_view text, std::vector<Token>* out) const {
  ScanCueChunks<true>(text, out);
}

namespace {

// PlainTagChunk(), and with `kNormal` its normal form as the overload below
// gives it.
template <bool kNormal>
[[gnu::always_inline]] inline Token PlainTag(std::string_view text, size_t begin, size_t end,
                                             char* scratch, std::string_view* normal) {
  Token none{TokenKind::kPunct, 0, 0, 0};
  if constexpr (kNormal) *normal = {};
  std::string_view normal_form;  // set in *normal only if the chunk is taken
  const size_t n = std::min(end, text.size());
  // Offsets are 32-bit: Tokenize() gives nothing past 4 GiB.
  if (n > std::numeric_limits<uint32_t>::max() || begin + 2 > n) return none;
  if (begin > 0 && !(kClass[static_cast<uint8_t>(text[begin - 1])] & kSpace)) return none;
  if (n < text.size() && !(kClass[static_cast<uint8_t>(text[n])] & kSpace)) return none;
  const char sigil = text[begin];
  if (sigil != '@' && sigil != '#') return none;
  // The handle: ASCII letters, digits and '_' (TryMention(), and TryHashtag()
  // up to its first non-ASCII byte, which must not come). It ends before
  // the whitespace at n, if not before, so it may be measured past n.
  uint8_t classes = 0;
  size_t j = begin + 1;
#if defined(__SSE2__)
  // Most handles are measured in one 16-byte block, where the byte loop
  // cost ~7 instructions a byte and a mispredicted exit. The block starts
  // at the sigil, or `shift` bytes before it when the text ends sooner (a
  // tag at a post's end, a common place), whose bytes are dropped from the
  // masks.
  if (text.size() >= 16) {
    const size_t at = std::min(begin, text.size() - 16);
    const auto shift = static_cast<unsigned>(begin - at);
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    // Letters by their lower case (setting bit 5 makes no other byte one);
    // bytes >= 0x80 are negative, below every bound.
    const __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    const __m128i under = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));
    const auto handle = static_cast<unsigned>(
                            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), under))) >>
                        shift;
    // Bit 0 is the sigil; bits 16 - shift and up of ~handle are set (the
    // text's end, when shift > 0).
    const auto stop = static_cast<unsigned>(__builtin_ctz(~handle & ~1u));
    const auto letters = static_cast<unsigned>(_mm_movemask_epi8(letter)) >> shift;
    if (letters & ((1u << stop) - 1)) classes = kLetter;  // the sigil is no letter
    j = begin + stop;  // at most begin + 16, the scalar loop goes on from there
    if constexpr (kNormal) {
      if (stop < 16) {
        // The whole tag is in the block, ASCII: Normalize()'s lower-casing
        // is bit 5 set on its letters, and its squeeze is wanted only where
        // a letter is the same as the two bytes before it (a run of three,
        // all letters then), which few tags have.
        const __m128i lower = _mm_or_si128(x, _mm_and_si128(letter, _mm_set1_epi8(0x20)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(scratch), lower);
        const __m128i third =
            _mm_and_si128(letter, _mm_and_si128(_mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 1)),
                                                _mm_cmpeq_epi8(lower, _mm_slli_si128(lower, 2))));
        const auto runs =
            (static_cast<unsigned>(_mm_movemask_epi8(third)) >> shift) & ((1u << stop) - 1);
        char* const tag = scratch + shift;
        normal_form = {
            tag, runs == 0 ? stop : tokenizer_internal::NormalizeAsciiScalar({tag, stop}, tag)};
      }
    }
  }
#endif
  for (; j < n; ++j) {
    const auto b = static_cast<uint8_t>(text[j]);
    if (!(kClass[b] & kAlnum) && b != '_') break;
    classes |= kClass[b];
  }
  if (j == begin + 1) return none;                        // '@' or '#' alone, or "@-"
  if (sigil == '#' && !(classes & kLetter)) return none;  // "#1" is no hashtag
  // What follows: printable ASCII punctuation with no sigil, slash (URLs),
  // letter, digit or '_'. Such bytes form punctuation, symbol and emoticon
  // tokens only; keycap emoji need a byte >= 0x80.
  for (size_t k = j; k < n; ++k) {
    const auto b = static_cast<uint8_t>(text[k]);
    if (b <= 0x20 || b >= 0x7F || (kClass[b] & kAlnum) || b == '_' || b == '@' || b == '#' ||
        b == '/') {
      return none;
    }
  }
  if constexpr (kNormal) *normal = normal_form;
  return Token{sigil == '@' ? TokenKind::kMention : TokenKind::kHashtag, 0,
               static_cast<uint32_t>(begin), static_cast<uint32_t>(j - begin)};
}

}  // namespace

Token Tokenizer::PlainTagChunk(std::string_view text, size_t begin, size_t end) {
  return PlainTag<false>(text, begin, end, nullptr, nullptr);
}

Token Tokenizer::PlainTagChunk(std::string_view text, size_t begin, size_t end, char* scratch,
                               std::string_view* normal) {
  return PlainTag<true>(text, begin, end, scratch, normal);
}

namespace {
// The bytes PlainUrlChunk() takes after a URL's first body byte: the ASCII
// URL bytes but brackets, whose balancing TrimUrl() does.
constexpr auto kPlainUrlByte = [] {
  std::array<bool, 256> t{};
  for (int b = 0; b < 0x80; ++b) t[b] = (kClass[b] & kUrlByte) != 0;
  t['('] = t[')'] = t['['] = t[']'] = false;
  return t;
}();

// The bytes of `s` (at most eight) as an eight-byte load gives them.
constexpr uint64_t LoadedBytes(std::string_view s) {
  uint64_t x = 0;
  for (size_t k = 0; k < s.size() && k < 8; ++k) {
    x |= uint64_t{static_cast<uint8_t>(s[k])} << (8 * k);
  }
  return x;
}
constexpr uint64_t kHttp = LoadedBytes("http://"), kHttps = LoadedBytes("https://");
}  // namespace

Token Tokenizer::PlainUrlChunk(std::string_view text, size_t begin, size_t end) {
  Token none{TokenKind::kPunct, 0, 0, 0};
  const size_t n = std::min(end, text.size());
  // Offsets are 32-bit: Tokenize() gives nothing past 4 GiB.
  if (n > std::numeric_limits<uint32_t>::max() || begin >= n) return none;
  if (begin > 0 && !(kClass[static_cast<uint8_t>(text[begin - 1])] & kSpace)) return none;
  if (n < text.size() && !(kClass[static_cast<uint8_t>(text[n])] & kSpace)) return none;
  // The prefix and a letter or digit after it, as UrlBodyStart() wants; at
  // the chunk's start the scanner tries the URL before anything else. The
  // prefix by one eight-byte compare, its letters lower-cased by setting
  // bit 5, which makes none of "http" from any other byte.
  const std::string_view chunk = text.substr(begin, n - begin);
  if (chunk.size() < 8) return none;  // "http://" and a host byte at least
  uint64_t head;
  std::memcpy(&head, chunk.data(), 8);
  size_t body;
  if (((head | 0x20202020u) & 0x00FFFFFFFFFFFFFFu) == kHttp) {
    body = 7;
  } else if ((head | 0x2020202020u) == kHttps) {
    body = 8;
  } else {
    return none;
  }
  if (body >= chunk.size() || !IsAsciiAlnum(static_cast<uint8_t>(chunk[body]))) return none;
  // The rest: ASCII URL bytes but brackets. Then TryUrl() runs to the
  // chunk's end (whitespace is no URL byte), and TrimUrl(), with no bracket
  // to balance, drops only trailing sentence punctuation, whose tokens are
  // punctuation and emoticons: no mention, hashtag, URL or emoji.
  for (size_t k = body + 1; k < chunk.size(); ++k) {
    if (!kPlainUrlByte[static_cast<uint8_t>(chunk[k])]) return none;
  }
  // TrimUrl()'s trailing punctuation, ".,;:!?'*": all below 64, one bit each.
  constexpr uint64_t kTrailing = uint64_t{1} << '.' | uint64_t{1} << ',' | uint64_t{1} << ';' |
                                 uint64_t{1} << ':' | uint64_t{1} << '!' | uint64_t{1} << '?' |
                                 uint64_t{1} << '\'' | uint64_t{1} << '*';
  size_t url_end = chunk.size();
  for (;;) {  // stops at the body's first byte, a letter or digit, at the latest
    const auto c = static_cast<uint8_t>(chunk[url_end - 1]);
    if (c >= 64 || !((kTrailing >> c) & 1)) break;
    --url_end;
  }
  return Token{TokenKind::kUrl, 0, static_cast<uint32_t>(begin), static_cast<uint32_t>(url_end)};
}

namespace {

// Whether three bytes in a row of p[0, n) are equal: where an elongation may
// need squeezing. Overlapping eight-byte windows for longer strings.
bool HasTripleRun(const char* p, size_t n) {
  if (n < 10) {
    for (size_t k = 2; k < n; ++k) {
      if (p[k] == p[k - 1] && p[k] == p[k - 2]) return true;
    }
    return false;
  }
  // Triples starting at k..k+7.
  auto window = [p](size_t k) {
    uint64_t a, b, c;
    std::memcpy(&a, p + k, 8);
    std::memcpy(&b, p + k + 1, 8);
    std::memcpy(&c, p + k + 2, 8);
    return bytes::ZeroMask((a ^ b) | (a ^ c)) != 0;
  };
  for (size_t k = 0; k + 10 <= n; k += 8) {
    if (window(k)) return true;
  }
  return window(n - 10);
}

}  // namespace

namespace tokenizer_internal {
size_t NormalizeAsciiScalar(std::string_view token, char* out) {
  size_t write = 0;
  for (const char ch : token) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x80) return std::string_view::npos;
    const char c = static_cast<char>(b | (kClass[b] & kUpper ? 0x20 : 0));
    // A letter is dropped when the two letters before it are the same.
    const bool third = write >= 2 && out[write - 1] == c && out[write - 2] == c && (kClass[b] & kLetter);
    out[write] = c;
    write += !third;
  }
  return write;
}
}  // namespace tokenizer_internal

// Lower-cases with whole-word loads and stores (two overlapping ones for
// the last bytes), then squeezes by the byte loop only if three bytes in a
// row are equal, which few tokens have. Every load is done before the store
// that may overwrite it, and lower-casing twice changes nothing, so `out`
// may be the token's own bytes.
size_t Tokenizer::NormalizeAsciiTo(std::string_view token, char* out) {
  const size_t n = token.size();
  const char* p = token.data();
  uint64_t any = 0;  // the OR of all bytes, for the test for bytes >= 0x80
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t x;
      std::memcpy(&x, p + i, 8);
      any |= x;
      x = bytes::LowerAscii8(x);
      std::memcpy(out + i, &x, 8);
    }
    if (i < n) {
      uint64_t x;
      std::memcpy(&x, p + n - 8, 8);
      any |= x;
      x = bytes::LowerAscii8(x);
      std::memcpy(out + n - 8, &x, 8);
    }
  } else if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    any = lo | hi;
    lo = static_cast<uint32_t>(bytes::LowerAscii8(lo));
    hi = static_cast<uint32_t>(bytes::LowerAscii8(hi));
    std::memcpy(out, &lo, 4);
    std::memcpy(out + n - 4, &hi, 4);
  } else {
    return tokenizer_internal::NormalizeAsciiScalar(token, out);
  }
  if (any & bytes::kHighs) return std::string_view::npos;
  // The squeeze, on the lower-cased bytes (`token` may be them now).
  if (HasTripleRun(out, n)) return tokenizer_internal::NormalizeAsciiScalar({out, n}, out);
  return n;
}

namespace {

// Whether Normalize() leaves `token` as it is because it is made of symbols
// without case: no ASCII letter, and beyond ASCII only code points of the
// emoji blocks (U+1F000-1FAFF, U+2600-27BF) and the joiner, selector,
// keycap and tag characters emoji sequences use. None of those has a case
// mapping, is a letter to squeeze, or is the typographic apostrophe. Most
// non-ASCII tokens of posts are emoji, which this keeps away from ICU.
bool IsCaselessSymbols(std::string_view token) {
  for (size_t i = 0; i < token.size();) {
    const auto b = static_cast<unsigned char>(token[i]);
    if (b < 0x80) {
      if (kClass[b] & kLetter) return false;
      ++i;
      continue;
    }
    char32_t cp;
    i += static_cast<size_t>(DecodeUtf8(token, i, &cp));
    const bool caseless = (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
                          cp == 0x200D || cp == 0xFE0F || cp == 0x20E3 ||
                          (cp >= 0xE0020 && cp <= 0xE007F);
    if (!caseless) return false;  // kInvalidCodePoint too
  }
  return true;
}

}  // namespace

void Tokenizer::Normalize(std::string_view token, std::string* out) {
  if (NormalizeAscii(token, out)) return;
  if (IsCaselessSymbols(token)) {
    out->assign(token);
    return;
  }
  tokenizer_internal::NormalizeGeneralPath(token, out);
}

namespace tokenizer_internal {
void NormalizeGeneralPath(std::string_view token, std::string* out) {
  ToLowerUtf8(token, out);
  SqueezeAndFixApostrophes(out);
}
}  // namespace tokenizer_internal

}  // namespace parley
