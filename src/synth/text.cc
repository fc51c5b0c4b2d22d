#include "src/synth/text.h"

#include <cstdio>

namespace parley::synth {
namespace {

// Not 😤: its Unicode name is "face with look of triumph".
constexpr std::string_view kNegativeEmoji[] = {"😡", "🙄", "😩", "👎", "🤬", "😠"};
constexpr std::string_view kNeutralEmoji[] = {"✈️", "🤔", "🧳", "🛫"};
constexpr std::string_view kPositiveEmoji[] = {"😍", "🙌", "👍", "❤️", "🎉", "✈️", "😊"};
constexpr std::string_view kNegativeEmoticons[] = {":(", ":/", ":-(", "-_-"};
constexpr std::string_view kPositiveEmoticons[] = {":)", ":D", ":-)", "<3"};

// Words people stretch, and how.
struct Elongation {
  std::string_view word, stretched;
};
constexpr Elongation kElongations[] = {
    {"so", "sooo"},        {"love", "loooove"}, {"please", "pleeease"}, {"why", "whyyy"},
    {"no", "noooo"},       {"good", "gooood"},  {"great", "greaaat"},   {"never", "neverrr"},
    {"really", "reallyyy"}, {"worst", "worsttt"},
};

void AppendNumber(int64_t n, std::string* out) {
  char buf[24];
  int len = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  out->append(buf, static_cast<size_t>(len));
}

void AppendClock(Random& rng, std::string* out) {
  int64_t hour = rng.Between(0, 23);
  int64_t minute = rng.Between(0, 11) * 5;
  bool ampm = rng.Chance(0.6);
  AppendNumber(ampm ? (hour % 12 == 0 ? 12 : hour % 12) : hour, out);
  out->push_back(':');
  if (minute < 10) out->push_back('0');
  AppendNumber(minute, out);
  if (ampm) out->append(hour < 12 ? "am" : "pm");
}

void AppendLetters(Random& rng, int n, std::string* out) {
  static constexpr char kChars[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (int i = 0; i < n; ++i) out->push_back(kChars[rng.Below(sizeof kChars - 1)]);
}

void AppendBrand(int brand, Random& rng, std::string* out) {
  if (brand < 0) {
    out->append("the airline");
    return;
  }
  out->append(rng.Pick(BrandAt(brand).mentions));
}

void AppendHandle(int brand, std::string* out) {
  out->push_back('@');
  out->append(BrandAt(brand < 0 ? 0 : brand).handle);
}

// Fills one slot; returns false for an unknown slot letter (a template bug).
// `city` is the template's {C}, which {K} differs from.
bool AppendSlot(char slot, const SlotValues& v, Random& rng, size_t* city, std::string* out) {
  switch (slot) {
    case 'B': AppendBrand(v.brand, rng, out); return true;
    case 'A': AppendHandle(v.brand, out); return true;
    case 'O': AppendHandle(v.other_brand, out); return true;
    case 'F':
      out->append(BrandAt(v.brand < 0 ? 0 : v.brand).flight_prefix);
      AppendNumber(rng.Between(100, 2999), out);
      return true;
    case 'C':
      *city = rng.Below(Cities().size());
      out->append(Cities()[*city]);
      return true;
    case 'K': {
      size_t k = rng.Below(Cities().size() - 1);
      out->append(Cities()[k >= *city ? k + 1 : k]);
      return true;
    }
    case 'T': AppendClock(rng, out); return true;
    case 'H': AppendNumber(rng.Between(2, 7), out); return true;
    case 'M': AppendNumber(rng.Between(4, 19) * 5, out); return true;
    case '$': out->push_back('$'); AppendNumber(rng.Between(3, 90) * 5 - 1 + rng.Below(2), out); return true;
    case 'G': out->push_back(static_cast<char>('A' + rng.Below(6))); AppendNumber(rng.Between(1, 40), out); return true;
    case 'R': AppendLetters(rng, 6, out); return true;
    case 'S':
      if (v.topic >= 0) RenderTemplate(rng.Pick(TopicAt(v.topic).trouble), v, rng, out);
      return true;
    case 'U': out->push_back('@'); out->append(v.to_handle); return true;
    case 'N': out->append(v.to_first.empty() ? "there" : v.to_first); return true;
  }
  return false;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// [begin, end) of a random word of at least `min_len` letters, or false.
bool PickWord(const std::string& text, size_t min_len, Random& rng, size_t* begin, size_t* end) {
  size_t start = rng.Below(text.size() + 1);
  for (size_t pass = 0; pass < 2; ++pass) {
    for (size_t i = pass ? 0 : start; i < (pass ? start : text.size()); ++i) {
      if (!IsLetter(text[i]) || (i > 0 && (IsLetter(text[i - 1]) || text[i - 1] == '@' ||
                                           text[i - 1] == '#')))
        continue;
      size_t j = i;
      while (j < text.size() && IsLetter(text[j])) ++j;
      if (j - i >= min_len) {
        *begin = i;
        *end = j;
        return true;
      }
    }
  }
  return false;
}

void ShoutWord(Random& rng, std::string* text) {
  size_t b, e;
  if (!PickWord(*text, 4, rng, &b, &e)) return;
  for (size_t i = b; i < e; ++i) {
    if ((*text)[i] >= 'a' && (*text)[i] <= 'z') (*text)[i] = static_cast<char>((*text)[i] - 32);
  }
}

void Typo(Random& rng, std::string* text) {
  size_t b, e;
  if (!PickWord(*text, 5, rng, &b, &e)) return;
  size_t at = b + 1 + rng.Below(e - b - 2);
  if (rng.Chance(0.5)) {
    std::swap((*text)[at], (*text)[at + 1]);
  } else {
    text->erase(at, 1);
  }
}

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// Stretches the first word found in kElongations ("so" -> "sooo").
void Elongate(std::string* text) {
  for (size_t i = 0; i < text->size(); ++i) {
    if (!IsLetter((*text)[i]) || (i > 0 && IsLetter((*text)[i - 1]))) continue;
    size_t j = i;
    while (j < text->size() && IsLetter((*text)[j])) ++j;
    for (const Elongation& e : kElongations) {
      if (EqualsLower(std::string_view(*text).substr(i, j - i), e.word)) {
        text->replace(i, j - i, e.stretched);
        return;
      }
    }
    i = j;
  }
}

void LowerAll(std::string* text) {
  for (char& c : *text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
}

void AppendEmoji(Sentiment s, Random& rng, std::string* text) {
  text->push_back(' ');
  switch (s) {
    case Sentiment::kNegative: text->append(rng.Pick(kNegativeEmoji)); break;
    case Sentiment::kNeutral: text->append(rng.Pick(kNeutralEmoji)); break;
    case Sentiment::kPositive: text->append(rng.Pick(kPositiveEmoji)); break;
  }
}

void AppendEmoticon(Sentiment s, Random& rng, std::string* text) {
  if (s == Sentiment::kNeutral) return;
  text->push_back(' ');
  text->append(s == Sentiment::kNegative ? rng.Pick(kNegativeEmoticons)
                                         : rng.Pick(kPositiveEmoticons));
}

void AddNoise(Sentiment s, Random& rng, std::string* text) {
  if (rng.Chance(0.05)) Typo(rng, text);
  if (rng.Chance(0.04) && s != Sentiment::kNeutral) ShoutWord(rng, text);
  if (rng.Chance(0.06)) Elongate(text);
  if (rng.Chance(0.04)) LowerAll(text);
  if (rng.Chance(0.05)) AppendEmoticon(s, rng, text);
  if (rng.Chance(0.02) && s != Sentiment::kNeutral) text->append("!!!");
}

}  // namespace

void RenderTemplate(std::string_view text, const SlotValues& values, Random& rng, std::string* out) {
  size_t i = 0;
  size_t city = Cities().size();
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos || open + 2 >= text.size() || text[open + 2] != '}') {
      out->append(text.substr(i));
      return;
    }
    out->append(text.substr(i, open - i));
    if (!AppendSlot(text[open + 1], values, rng, &city, out)) out->append(text.substr(open, 3));
    i = open + 3;
  }
}

void Decorate(Sentiment sentiment, int topic, Random& rng, std::string* text) {
  AddNoise(sentiment, rng, text);
  if (rng.Chance(0.22)) AppendEmoji(sentiment, rng, text);
  if (topic >= 0 && rng.Chance(0.10)) {
    text->push_back(' ');
    text->append(rng.Pick(TopicAt(topic).hashtags));
  }
}

}  // namespace parley::synth
