#include "src/taxonomy/phrase.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "src/core/bytes.h"

namespace parley {
namespace {

using bytes::IsAsciiLetter;

bool IsVowel(char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; }

// A loop rather than find(), a memchr() call, on every word of every post.
bool HasHyphen(std::string_view word) {
  for (char c : word) {
    if (c == '-') return true;
  }
  return false;
}

void AddPiece(std::string_view part, uint32_t raw_begin, uint32_t token, TokenKind kind,
              bool hyphen, CanonicalText* out, std::string* normal) {
  std::string& text = out->text;
  const size_t begin = text.size();
  // An ASCII token (most of them) is normalized in place at the end of the
  // text, with no copy through `normal`.
  text.resize(begin + part.size());
  size_t size = Tokenizer::NormalizeAsciiTo(part, text.data() + begin);
  if (size == std::string_view::npos) {
    Tokenizer::Normalize(part, normal);
    text.resize(begin);
    text += *normal;
    size = normal->size();
  }
  text.resize(begin + size);
  if (size == 0) return;
  text.push_back(' ');
  // Fields stored straight into the vector: a Piece assembled on the stack
  // and copied was read back as 8 bytes just after its 1-byte fields were
  // written, a store-forwarding stall that cost more than the rest of this.
  // The hash comes in FinishPiece().
  out->pieces.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + size),
                           raw_begin, raw_begin + static_cast<uint32_t>(part.size()), token, kind,
                           hyphen, uint64_t{0});
}

// "check-in" -> "check", "-", "in": so phrases match inside hyphenated words
// and exclusions can name the whole word.
void AddHyphenated(std::string_view word, uint32_t offset, uint32_t token, CanonicalText* out,
                   std::string* normal) {
  size_t start = 0;
  while (start <= word.size()) {
    size_t dash = word.find('-', start);
    if (dash == std::string_view::npos) dash = word.size();
    if (dash > start) {
      if (!out->pieces.empty() && out->pieces.back().token == token && !out->pieces.back().hyphen) {
        AddPiece("-", offset + static_cast<uint32_t>(start - 1), token, TokenKind::kPunct, true,
                 out, normal);
      }
      AddPiece(word.substr(start, dash - start), offset + static_cast<uint32_t>(start), token,
               TokenKind::kWord, false, out, normal);
    }
    start = dash + 1;
  }
}

// The hash and question mark of a piece added by AddPiece().
void FinishPiece(size_t k, CanonicalText* out) {
  Piece* p = &out->pieces[k];
  std::string_view t(out->text.data() + p->begin, p->end - p->begin);
  p->hash = PieceHash(t);
  if (t.find('?') != std::string_view::npos) out->NoteQuestion(static_cast<uint32_t>(k));
}

// The whole raw text lower-cased at once, and per byte what a token's piece
// needs to know of it, sixteen bytes a step: the per-token work is then one
// load of each, masked to the token, where lower-casing and testing each
// token's eight-byte chunks cost some sixty instructions a token.
constexpr uint8_t kFlagHigh = 1;      // a byte >= 0x80
constexpr uint8_t kFlagTriple = 2;    // a letter a-z (lower-cased) equal to the two bytes before it
constexpr uint8_t kFlagDash = 4;      // '-'
constexpr uint8_t kFlagQuestion = 8;  // '?'
constexpr uint64_t kBadFlags = bytes::kOnes * (kFlagHigh | kFlagTriple);
constexpr uint64_t kDashFlags = bytes::kOnes * kFlagDash;
constexpr uint64_t kQuestionFlags = bytes::kOnes * kFlagQuestion;
// A token's first two bytes have no two of its own before them: a triple
// there would reach into the bytes before the token.
constexpr uint64_t kNoTripleAtStart = ~(uint64_t{kFlagTriple} * 0x0101);

class LoweredText {
 public:
  // lower(i) and flags(i) for i in [0, raw.size() + 32): bytes past the text
  // are zero, so a token's eight-byte chunks may be read whole.
  void Build(std::string_view raw);
  const char* lower() const { return lower_; }
  const char* flags() const { return flags_; }

 private:
  // Zero bytes before lower_: the "two before" of bytes 0 and 1.
  static constexpr size_t kLead = 16;
  std::string buf_;
  char* lower_ = nullptr;
  char* flags_ = nullptr;
};

void LoweredText::Build(std::string_view raw) {
  const size_t rounded = (raw.size() + 15) & ~size_t{15};
  const size_t region = rounded + 32;
  // Grown only (resize() zero-fills the lead once; nothing writes it after).
  if (buf_.size() < kLead + 2 * region) buf_.resize(2 * (kLead + 2 * region));
  lower_ = buf_.data() + kLead;
  flags_ = lower_ + region;
  const char* const src = raw.data();
  const size_t full = raw.size() & ~size_t{15};
#if defined(__SSE2__)
  auto lower_block = [&](const char* from, size_t i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    // Signed compares: bytes >= 0x80 are negative, never 'A'..'Z'.
    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lower_ + i),
                     _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
  };
  for (size_t i = 0; i < full; i += 16) lower_block(src + i, i);
  if (full < raw.size()) {
    char last[16] = {};
    std::memcpy(last, src + full, raw.size() - full);
    lower_block(last, full);
  }
  const __m128i zero = _mm_setzero_si128();
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lower_ + rounded), zero);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lower_ + rounded + 16), zero);
  for (size_t i = 0; i < rounded; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lower_ + i));
    const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lower_ + i - 1));
    const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lower_ + i - 2));
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
                                         _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
    const __m128i triple =
        _mm_and_si128(letter, _mm_and_si128(_mm_cmpeq_epi8(x, x1), _mm_cmpeq_epi8(x, x2)));
    __m128i f = _mm_and_si128(_mm_cmplt_epi8(x, zero), _mm_set1_epi8(kFlagHigh));
    f = _mm_or_si128(f, _mm_and_si128(triple, _mm_set1_epi8(kFlagTriple)));
    f = _mm_or_si128(
        f, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')), _mm_set1_epi8(kFlagDash)));
    f = _mm_or_si128(
        f, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('?')), _mm_set1_epi8(kFlagQuestion)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(flags_ + i), f);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(flags_ + rounded), zero);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(flags_ + rounded + 16), zero);
#else
  for (size_t i = 0; i < region; ++i) {
    const unsigned char c = i < raw.size() ? static_cast<unsigned char>(src[i]) : 0;
    lower_[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  }
  for (size_t i = 0; i < region; ++i) {
    const char c = lower_[i];
    uint8_t f = static_cast<unsigned char>(c) >= 0x80 ? kFlagHigh : 0;
    if (c >= 'a' && c <= 'z' && c == lower_[i - 1] && c == lower_[i - 2]) f |= kFlagTriple;
    if (c == '-') f |= kFlagDash;
    if (c == '?') f |= kFlagQuestion;
    flags_[i] = static_cast<char>(f);
  }
  (void)full;
#endif
}

// The first `n` bytes (1..8) of a word.
uint64_t Keep(size_t n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }

// The piece of an ASCII token of up to 32 bytes, from the lowered text and
// its flags (LoweredText) eight bytes a step: hashed as PieceHash() does and
// tested for '?', written at `dst` (out->text[w]) followed by a space (the
// text must have room for the token rounded up to 8 bytes, plus one).
// False, with nothing added, for a token that needs Normalize()'s other
// work or splitting: a byte >= 0x80, a letter three times in a row
// (squeezed), a '-' in a word; the caller then takes the general path
// (AddPiece), which gives the same piece. Bytes past the token in a chunk
// are masked off, whatever they are.
[[gnu::always_inline]] inline bool AppendAscii(const char* lowered, const char* all_flags,
                                               const Token& t, uint32_t index, char* dst, size_t w,
                                               CanonicalText* out) {
  const size_t n = t.size;
  const char* lower = lowered + t.offset;
  const char* flags = all_flags + t.offset;
  uint64_t h, x, f;
  if (n - 1 < 8) {  // most tokens: one chunk
    const uint64_t keep = ~0ull >> (64 - 8 * n);
    std::memcpy(&x, lower, 8);
    std::memcpy(&f, flags, 8);
    x &= keep;
    f &= keep & kNoTripleAtStart;
    std::memcpy(dst, &x, 8);
    h = ShortPieceHash(x, n);  // the bytes past the token are zero in `x`
  } else {
    if (n == 0 || n > 32) return false;
    const size_t chunks = (n + 7) / 8;  // two or more
    uint64_t g;
    std::memcpy(&f, flags, 8);
    f &= kNoTripleAtStart;
    h = bytes::kHashSeed;
    for (size_t c = 0; c < chunks; ++c) {
      const uint64_t keep = Keep(n - 8 * c);
      std::memcpy(&x, lower + 8 * c, 8);
      x &= keep;
      std::memcpy(dst + 8 * c, &x, 8);
      h = bytes::HashStep(h, x);
      if (c) {
        std::memcpy(&g, flags + 8 * c, 8);
        f |= g & keep;
      }
    }
    h = bytes::HashFinish(h, n);
  }
  // Most tokens have no flag at all: one test for them.
  if (f & (kBadFlags | kDashFlags | kQuestionFlags)) [[unlikely]] {
    if ((f & kBadFlags) || ((f & kDashFlags) && t.kind == TokenKind::kWord)) return false;
    if (f & kQuestionFlags) out->NoteQuestion(static_cast<uint32_t>(out->pieces.size()));
  }
  dst[n] = ' ';
  // Built in place from its fields: emplace_back() with no arguments zeroed
  // the piece first, and each field was then stored again.
  out->pieces.emplace_back(static_cast<uint32_t>(w), static_cast<uint32_t>(w + n), t.offset,
                           t.offset + static_cast<uint32_t>(n), index, t.kind, false, h);
  return true;
}

void AppendEscaped(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || IsAsciiLetter(c)) {
      out->push_back(c);
    } else {
      out->append("\\x");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    }
  }
}

void AppendUnit(const Piece& piece, std::string_view text, PhraseStyle style, std::string* out) {
  if (piece.kind != TokenKind::kWord) {
    AppendEscaped(text, out);
    return;
  }
  std::vector<std::string> forms =
      style == PhraseStyle::kInflect ? Inflections(text) : std::vector<std::string>{std::string(text)};
  out->append("(?:");
  for (size_t i = 0; i < forms.size(); ++i) {
    if (i) out->push_back('|');
    AppendEscaped(forms[i], out);
  }
  out->push_back(')');
  if (text.find('\'') == std::string_view::npos) out->append("(?:\\x27s)?");  // possessive
}

}  // namespace

int CanonicalText::PieceEndingAt(uint32_t end) const {
  auto it = std::lower_bound(pieces.begin(), pieces.end(), end,
                             [](const Piece& p, uint32_t e) { return p.end < e; });
  return it != pieces.end() && it->end == end ? static_cast<int>(it - pieces.begin()) : -1;
}

int CanonicalText::PieceStartingAt(uint32_t begin) const {
  auto it = std::lower_bound(pieces.begin(), pieces.end(), begin,
                             [](const Piece& p, uint32_t b) { return p.begin < b; });
  return it != pieces.end() && it->begin == begin ? static_cast<int>(it - pieces.begin()) : -1;
}

void BuildCanonicalText(std::string_view raw, const std::vector<Token>& tokens,
                        CanonicalText* out, std::string* normal) {
  out->Clear();
  std::string& text = out->text;
  // The text is sized up front and written through a pointer. The fast
  // path writes a token's n bytes, a space, and up to 7 bytes more (whole
  // eight-byte chunks), so it stays within w + n + kSlack. Tokens are in
  // order and disjoint (Tokenizer::Tokenize()), so before token i the text
  // has room for w + (raw.size() - its offset) + (tokens from i on) +
  // kSlack bytes: true at the start, kept by each fast-path token (w grows
  // by n + 1, the rest of the raw text shrinks by n or more, the tokens by
  // one), and restored after each general-path one, the only kind whose
  // piece may be longer than its token.
  size_t w = 1;
  constexpr size_t kSlack = 16;
  text.resize(w + raw.size() + tokens.size() + kSlack);
  // In locals: stores through the text's char pointer may alias anything,
  // so the vector's fields would be reloaded after each token.
  const Token* const all = tokens.data();
  const uint32_t count = static_cast<uint32_t>(tokens.size());
  bool number = false;
  thread_local LoweredText low;
  low.Build(raw);
  // In locals: the thread-local object's address would be taken again for
  // each token.
  const char* const lowered = low.lower();
  const char* const flags = low.flags();
  // The text's bytes in a local too, for the same reason as the tokens'
  // (stores through `base` may alias the string's own fields).
  char* base = text.data();
  for (uint32_t i = 0; i < count; ++i) {
    const Token& t = all[i];
    number |= t.kind == TokenKind::kNumber;
    // Most tokens: short, ASCII, no elongation, no inner hyphen. No test of
    // the room per token: see kSlack.
    if (AppendAscii(lowered, flags, t, i, base + w, w, out)) {
      w += t.size + 1;
      continue;
    }
    std::string_view v = t.view(raw);
    if (t.kind == TokenKind::kSymbol && v.size() == 1 && static_cast<unsigned char>(v[0]) >= 0x80)
      continue;  // an invalid UTF-8 byte
    text.resize(w);
    const size_t first = out->pieces.size();
    if (t.kind == TokenKind::kWord && HasHyphen(v)) {
      AddHyphenated(v, t.offset, i, out, normal);
    } else {
      AddPiece(v, t.offset, i, t.kind, false, out, normal);
    }
    for (size_t k = first; k < out->pieces.size(); ++k) FinishPiece(k, out);
    w = text.size();
    // Room for the rest again (Normalize() may lengthen a token).
    const size_t rest = raw.size() - (t.offset + t.size) + (count - i - 1);
    text.resize(w + rest + kSlack);
    base = text.data();
  }
  text.resize(w);
  out->has_number = number;
}

std::vector<std::string> Inflections(std::string_view word) {
  std::string w(word);
  std::vector<std::string> forms = {w};
  size_t n = w.size();
  if (n < 3 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return forms;
  char last = w[n - 1];
  std::string stem = w.substr(0, n - 1);
  forms.push_back(w + "s");
  if (last == 'e' && w[n - 2] == 'e') {
    // "agree": agreed, agreeing. A three-letter word keeps to its plural:
    // "fee" + "d" is "feed", "see" + "d" "seed", each a word of its own.
    if (n > 3) forms.insert(forms.end(), {w + "d", w + "ing"});
  } else if (last == 'e') {
    forms.insert(forms.end(), {w + "d", stem + "ing"});
  } else {
    forms.insert(forms.end(), {w + "ed", w + "ing"});
  }
  if (last == 'y' && !IsVowel(w[n - 2])) forms.insert(forms.end(), {stem + "ies", stem + "ied"});
  bool sibilant = last == 's' || last == 'x' || last == 'z' || w.ends_with("ch") || w.ends_with("sh");
  if (sibilant) forms.push_back(w + "es");
  bool doubles = !IsVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
                 IsVowel(w[n - 2]) && !IsVowel(w[n - 3]);
  if (doubles) forms.insert(forms.end(), {w + last + "ed", w + last + "ing"});
  return forms;
}

std::string PhrasePattern(std::string_view phrase, PhraseStyle style, bool hashtag) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(phrase, &tokens);
  CanonicalText canon;
  std::string normal;
  BuildCanonicalText(phrase, tokens, &canon, &normal);
  std::string body;
  std::string joined = "#";  // the words as one hashtag
  int units = 0;
  bool all_words = true;
  for (const Piece& p : canon.pieces) {
    if (p.hyphen) continue;
    std::string_view text = std::string_view(canon.text).substr(p.begin, p.end - p.begin);
    if (units++) body.append("(?: \\x2d | )");
    AppendUnit(p, text, style, &body);
    all_words &= p.kind == TokenKind::kWord && text.find('\'') == std::string_view::npos;
    joined += text;
  }
  if (units == 0) return "";
  if (hashtag && all_words) {
    if (units == 1) return "\\x23?" + body;
    std::string tag;
    AppendEscaped(joined, &tag);
    return "(?:" + body + "|" + tag + ")";
  }
  return body;
}

bool PhraseHasUnits(std::string_view phrase) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(phrase, &tokens);
  // BuildCanonicalText() makes a piece of every token but a stray invalid
  // byte (Normalize() never empties a token, and a word is never all "-").
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    return !(t.kind == TokenKind::kSymbol && t.size == 1 &&
             static_cast<unsigned char>(phrase[t.offset]) >= 0x80);
  });
}

std::string WrapPattern(std::string_view body) {
  std::string out = " (?:";
  out += body;
  out += ") ";
  return out;
}

}  // namespace parley
