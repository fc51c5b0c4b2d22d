#include "src/analyze/json_writer.h"

#include <gtest/gtest.h>

#include <limits>

namespace parley {
namespace {

TEST(JsonWriter, PlacesCommasAndEscapes) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a").Int(1);
  w.Key("b").BeginArray().String("<script>\"x\"").Null().Bool(true).EndArray();
  w.Key("c").BeginObject().EndObject();
  w.Key("d").Double(std::numeric_limits<double>::infinity());
  w.Key("f").BeginArray().Double(2.0 / 3).Double(0.25).Double(1234567.5).EndArray();
  w.Key("e").Time(0);
  w.EndObject();
  EXPECT_EQ(w.str(),
            R"({"a":1,"b":["<script>\"x\"",null,true],"c":{},"d":null,"f":[0.666667,0.25,1234567.5],"e":"1970-01-01T00:00:00Z"})");
}

}  // namespace
}  // namespace parley
