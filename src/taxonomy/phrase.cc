#include "src/taxonomy/phrase.h"

#include <algorithm>

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
  Piece& p = out->pieces.emplace_back();
  p.begin = static_cast<uint32_t>(begin);
  p.end = static_cast<uint32_t>(begin + size);
  p.raw_begin = raw_begin;
  p.raw_end = raw_begin + static_cast<uint32_t>(part.size());
  p.token = token;
  p.kind = kind;
  p.hyphen = hyphen;
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
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    std::string_view v = t.view(raw);
    if (t.kind == TokenKind::kSymbol && v.size() == 1 && static_cast<unsigned char>(v[0]) >= 0x80)
      continue;  // an invalid UTF-8 byte
    if (t.kind == TokenKind::kWord && HasHyphen(v)) {
      AddHyphenated(v, t.offset, i, out, normal);
    } else {
      AddPiece(v, t.offset, i, t.kind, false, out, normal);
    }
  }
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

std::string WrapPattern(std::string_view body) {
  std::string out = " (?:";
  out += body;
  out += ") ";
  return out;
}

}  // namespace parley
