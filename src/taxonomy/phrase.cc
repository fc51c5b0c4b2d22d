#include "src/taxonomy/phrase.h"

#include <algorithm>
#include <cstring>

#include "src/core/bytes.h"

namespace parley {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
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

// Eight bytes at a time, with the per-byte tests of src/core/bytes.h.
using bytes::AtLeastMask;
using bytes::EqualMask;
using bytes::kHighs;
using bytes::ZeroMask;

// The first `n` bytes (1..8) of a word.
uint64_t Keep(size_t n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }

// What AppendAscii() learns of a token besides its lower-cased bytes.
struct ChunkFlags {
  uint64_t bad = 0;  // a byte >= 0x80 or a letter to squeeze: not for AppendAscii
  uint64_t dash = 0, question = 0;
};

// Eight bytes of a token (`keep` masks those past its end; `prev` holds the
// eight before, zero for the first), lower-cased, as Normalize() does while
// it squeezes nothing.
[[gnu::always_inline]] inline uint64_t LowerChunk(uint64_t x, uint64_t keep, uint64_t prev,
                                                  bool first, ChunkFlags* f) {
  x &= keep;
  f->bad |= x & kHighs;
  // 'A'..'Z' -> +0x20: bytes at least 'A' and not above 'Z' (all < 0x80 when
  // it matters, so no carries cross bytes).
  const uint64_t low = x & ~kHighs;
  const uint64_t upper = AtLeastMask(low, 'A') & ~AtLeastMask(low, 'Z' + 1);
  const uint64_t lower = x | (upper >> 2);
  // '-' and '?' are below '@', where letters never are: most words skip both tests.
  if (~AtLeastMask(low, '@') & kHighs & keep) {
    f->dash |= EqualMask(lower, '-') & keep;
    f->question |= EqualMask(lower, '?') & keep;
  }
  // A letter three times in a row would be squeezed (Normalize() keeps two):
  // looked for only when two bytes in a row are equal.
  const uint64_t back1 = (lower << 8) | (prev >> 56);
  uint64_t pair = ZeroMask(lower ^ back1) & keep;
  if (first) pair &= ~0x80ull;  // byte 0 has no byte before it
  if (pair) {
    const uint64_t back2 = (lower << 16) | (prev >> 48);
    const uint64_t lo = lower & ~kHighs;
    const uint64_t letter = AtLeastMask(lo, 'a') & ~AtLeastMask(lo, 'z' + 1);
    uint64_t triple = pair & ZeroMask(lower ^ back2) & letter;
    if (first) triple &= ~0x8080ull;  // bytes 0 and 1 have no two before them
    f->bad |= triple;
  }
  return lower;
}

// The last bytes of a text, zero-padded: a token of up to 32 bytes whose
// eight-byte chunks would run past the text's end is read from here (it
// begins within the last 32 bytes), copied once a text rather than once a
// token, and so are the last tokens of every post.
struct PaddedTail {
  explicit PaddedTail(std::string_view raw)
      : begin(raw.size() > 32 ? raw.size() - 32 : 0), size(raw.size()) {
    if (size > begin) std::memcpy(bytes, raw.data() + begin, size - begin);
  }
  // Where `chunks` eight-byte loads from raw[offset] may start: the text
  // itself when they stay in it, else the copy.
  const char* At(std::string_view raw, size_t offset, size_t chunks) const {
    return offset + chunks * 8 <= size ? raw.data() + offset : bytes + (offset - begin);
  }
  size_t begin, size;
  char bytes[64] = {};
};

// The piece of an ASCII token of up to 32 bytes, eight bytes a step: lower-
// cased, hashed as PieceHash() does, and tested for '?', written at
// out->text[w] followed by a space (the text must have room for the token
// rounded up to 8 bytes, plus one). False, with nothing added, for a token
// that needs Normalize()'s other work or splitting: a byte >= 0x80, a letter
// three times in a row (squeezed), a '-' in a word; the caller then takes
// the general path (AddPiece), which gives the same piece. Bytes past the
// token in a chunk are masked off, whatever they are.
[[gnu::always_inline]] inline bool AppendAscii(std::string_view raw, const PaddedTail& tail,
                                               const Token& t, uint32_t index, size_t w,
                                               CanonicalText* out) {
  const size_t n = t.size;
  char* dst = out->text.data() + w;
  ChunkFlags f;
  uint64_t h, x, lower;
  if (n - 1 < 8) {  // most tokens: one chunk
    std::memcpy(&x, tail.At(raw, t.offset, 1), 8);
    lower = LowerChunk(x, ~0ull >> (64 - 8 * n), 0, true, &f);
    std::memcpy(dst, &lower, 8);
    h = ShortPieceHash(lower, n);  // the bytes past the token are zero in `lower`
  } else {
    if (n == 0 || n > 32) return false;
    const size_t chunks = (n + 7) / 8;
    const char* src = tail.At(raw, t.offset, chunks);  // two chunks or more
    uint64_t prev = 0;
    h = bytes::kHashSeed;
    for (size_t c = 0; c < chunks; ++c) {
      std::memcpy(&x, src + 8 * c, 8);
      lower = LowerChunk(x, Keep(n - 8 * c), prev, c == 0, &f);
      std::memcpy(dst + 8 * c, &lower, 8);
      h = bytes::HashStep(h, lower);
      prev = lower;
    }
    h = bytes::HashFinish(h, n);
  }
  if (f.bad || (f.dash && t.kind == TokenKind::kWord)) return false;
  dst[n] = ' ';
  if (f.question) out->NoteQuestion(static_cast<uint32_t>(out->pieces.size()));
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
  // The text is sized up front and written through a pointer; AppendAscii
  // writes up to 8 bytes past a token's end, so keep that much room.
  size_t w = 1;
  text.resize(raw.size() + tokens.size() + 32);
  // In locals: stores through the text's char pointer may alias anything,
  // so the vector's fields would be reloaded after each token.
  const Token* const all = tokens.data();
  const uint32_t count = static_cast<uint32_t>(tokens.size());
  bool number = false;
  const PaddedTail tail(raw);
  for (uint32_t i = 0; i < count; ++i) {
    const Token& t = all[i];
    number |= t.kind == TokenKind::kNumber;
    if (text.size() < w + t.size + 10) text.resize(2 * (w + t.size + 10));
    // Most tokens: short, ASCII, no elongation, no inner hyphen.
    if (AppendAscii(raw, tail, t, i, w, out)) {
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
  if (last == 'e') {
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
