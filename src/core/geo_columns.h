// Which unmapped columns of a post (Post::extra) hold where it was posted
// from: what a platform's "scrub geo" notice asks to remove (X sends one
// when a person removes the location from their posts). Exports name them
// in many ways: X's v1.1 JSON `coordinates`, `geo` and `place`; its v2
// `geo` (twarc's CSV: `geo.coordinates.coordinates`, `geo.place_id`, ...);
// Kaggle's airline tweets `tweet_coord`; others `latitude`, `lng`,
// `place_name`. A profile's location as its owner typed it
// (`user_location`, `tweet_location` in that data set: "San Francisco, CA")
// is not the post's geo tag and is kept.
#ifndef PARLEY_CORE_GEO_COLUMNS_H_
#define PARLEY_CORE_GEO_COLUMNS_H_

#include <array>
#include <string>
#include <string_view>

#include "src/core/ascii.h"

namespace parley {

// True for a column whose name (in any ASCII case), or a part of it between
// '.', '_' or '-', is a geo word: geo, coordinates, coordinate, coords,
// coord, place, lat, latitude, lon, lng, longitude ("geo",
// "place.full_name", "tweet_coord", "geo_lat"); "long" only as the whole
// name ("long_text" is not a place). A profile's location has no geo word
// ("user.location"). `geo_enabled`, a profile's setting, is not one.
inline bool IsGeoColumn(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kWords = {
      "geo", "coordinates", "coordinate", "coords", "coord",    "place",
      "lat", "latitude",    "lon",        "lng",    "longitude"};
  const std::string lower = AsciiLower(name);
  if (lower == "long") return true;
  if (lower == "geo_enabled" || lower.ends_with(".geo_enabled")) return false;
  std::string_view rest = lower;
  while (!rest.empty()) {
    const size_t end = rest.find_first_of("._-");
    const std::string_view part = rest.substr(0, end);
    for (std::string_view w : kWords) {
      if (part == w) return true;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace parley

#endif  // PARLEY_CORE_GEO_COLUMNS_H_
