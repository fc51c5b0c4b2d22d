#include "src/core/geo_columns.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

TEST(GeoColumns, NamesOfAPostsGeoTagInTheExportsParleyReads) {
  for (const char* name : {"geo",
                           "coordinates",
                           "place",
                           "Place",
                           "geo.place_id",
                           "geo.coordinates.coordinates",
                           "geo.coordinates.type",
                           "place.full_name",
                           "place.country_code",
                           "tweet_coord",
                           "latitude",
                           "Longitude",
                           "lat",
                           "lng",
                           "lon",
                           "Long",
                           "geo_lat",
                           "location-coords",
                           "place_name",
                           "geo.geo.bbox",
                           "place.bounding_box.coordinates"}) {
    EXPECT_TRUE(IsGeoColumn(name)) << name;
  }
}

TEST(GeoColumns, AProfilesTypedLocationAndOtherColumnsAreNotGeo) {
  for (const char* name : {"tweet_location",
                           "user_location",
                           "user.location",
                           "location",
                           "user_timezone",
                           "geo_enabled",
                           "user.geo_enabled",
                           "language",
                           "latest",
                           "longer",
                           "placement",
                           "geography",
                           "airline",
                           "negativereason",
                           "",
                           "_",
                           ".x",
                           "long_text",
                           "is_long",
                           "marketplace"}) {
    EXPECT_FALSE(IsGeoColumn(name)) << name;
  }
}

}  // namespace
}  // namespace parley
