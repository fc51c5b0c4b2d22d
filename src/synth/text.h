// Writing a post's text: filling a template's slots and adding what people
// add (emoji, hashtags, typos, CAPS, elongated words, emoticons).
#ifndef PARLEY_SYNTH_TEXT_H_
#define PARLEY_SYNTH_TEXT_H_

#include <string>
#include <string_view>

#include "src/synth/phrases.h"
#include "src/core/random.h"

namespace parley::synth {

// What a template's slots refer to.
struct SlotValues {
  int brand = -1;           // -1: no brand ({B} writes "the airline")
  int other_brand = -1;     // for {O}
  int topic = -1;           // for {S}
  std::string_view to_handle;  // for {U}, without "@"
  std::string_view to_first;   // for {N}
};

// Appends `text` with its slots filled to `out`.
void RenderTemplate(std::string_view text, const SlotValues& values, Random& rng, std::string* out);

// Adds emoji, a hashtag and, sometimes, the noise of real typing to a post
// that a person (not a brand) wrote.
void Decorate(Sentiment sentiment, int topic, Random& rng, std::string* text);

}  // namespace parley::synth

#endif  // PARLEY_SYNTH_TEXT_H_
