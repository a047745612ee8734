// JSON as text: compact or indented UTF-8 as it is; invalid UTF-8 replaced
// (JsonText) or refused (JsonTextExact).
#include "common/json_text.h"

#include <catch2/catch.hpp>

using namespace mark;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

const std::string kBadUtf8 =
    "a\xFF"
    "b";

}  // namespace

TEST_CASE("JsonText is compact and keeps UTF-8 as it is", "[json_text]") {
  const json j = {{"name", "安全・安心"}, {"n", 1}, {"list", {1, 2}}};
  CHECK(JsonText(j) == "{\"list\":[1,2],\"n\":1,\"name\":\"安全・安心\"}");
  CHECK(JsonText(json("J0072")) == "\"J0072\"");
}

TEST_CASE("JsonText keeps an ordered_json's member order", "[json_text]") {
  const ordered_json j = {{"alg", "EdDSA"}, {"typ", "mark+jwt"}, {"kid", "k1"}};
  CHECK(JsonText(j) == "{\"alg\":\"EdDSA\",\"typ\":\"mark+jwt\",\"kid\":\"k1\"}");
}

TEST_CASE("JsonText writes invalid UTF-8 as U+FFFD and never throws", "[json_text]") {
  const json j = {{"q", kBadUtf8}};
  CHECK(JsonText(j) ==
        "{\"q\":\"a\xEF\xBF\xBD"
        "b\"}");
  CHECK(JsonTextIndented(j) ==
        "{\n  \"q\": \"a\xEF\xBF\xBD"
        "b\"\n}");
}

TEST_CASE("JsonTextIndented indents by the given width", "[json_text]") {
  const json j = {{"a", {1}}};
  CHECK(JsonTextIndented(j) == "{\n  \"a\": [\n    1\n  ]\n}");
  CHECK(JsonTextIndented(j, 1) == "{\n \"a\": [\n  1\n ]\n}");
  const ordered_json o = {{"z", 1}, {"a", 2}};
  CHECK(JsonTextIndented(o) == "{\n  \"z\": 1,\n  \"a\": 2\n}");
}

TEST_CASE("JsonTextExact is JsonText for valid UTF-8 and refuses invalid UTF-8, naming the field", "[json_text]") {
  const json good = {{"sub", "J0072"}, {"name", "名前"}};
  auto text = JsonTextExact(good, "claims");
  REQUIRE(text);
  CHECK(*text == JsonText(good));

  auto bad = JsonTextExact(json{{"sub", kBadUtf8}}, "claims");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kInvalid);
  REQUIRE(bad.error().fields.size() == 1);
  CHECK(bad.error().fields[0].field == "claims");

  auto ordered_bad = JsonTextExact(ordered_json{{"sub", kBadUtf8}}, "event");
  REQUIRE_FALSE(ordered_bad);
  CHECK(ordered_bad.error().fields[0].field == "event");
}
