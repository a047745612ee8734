// Leaf input of an event and the JSON shapes of the log API.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "tlog/leaf.h"
#include "tlog/wire.h"

namespace tlog = mark::tlog;
using nlohmann::json;

TEST_CASE("leaf input is canonical JSON with sorted keys") {
  json a = {{"type", "revoked"}, {"number", "J0072"}, {"at", "2026-11-26T07:00:00Z"}};
  json b = json::parse(R"({"number":"J0072","at":"2026-11-26T07:00:00Z","type":"revoked"})");
  CHECK(tlog::LeafInputForEvent(a).value() == R"({"at":"2026-11-26T07:00:00Z","number":"J0072","type":"revoked"})");
  CHECK(tlog::LeafInputForEvent(b).value() == tlog::LeafInputForEvent(a).value());
  CHECK(tlog::LeafInputForEvent(json{{"name", "安心"}}).value() == "{\"name\":\"安心\"}");
  CHECK_FALSE(tlog::LeafInputForEvent(json::array()));
  CHECK_FALSE(tlog::LeafInputForEvent(json{{"x", 1.5}}));
  CHECK_FALSE(tlog::LeafInputForEvent(json{{"x", std::string("\xff")}}));
}

TEST_CASE("proof and entry messages round trip and reject junk") {
  tlog::MerkleTree tree;
  for (int i = 0; i < 6; ++i) tree.AppendLeafInput("x" + std::to_string(i));
  tlog::InclusionProofMessage inc{2, 6, tree.InclusionProof(2, 6).value()};
  auto inc_back = tlog::ParseInclusionProof(tlog::ToJson(inc).dump());
  REQUIRE(inc_back);
  CHECK(inc_back->index == 2);
  CHECK(inc_back->tree_size == 6);
  CHECK(inc_back->audit_path == inc.audit_path);

  tlog::ConsistencyProofMessage con{3, 6, tree.ConsistencyProof(3, 6).value()};
  auto con_back = tlog::ParseConsistencyProof(tlog::ToJson(con).dump());
  REQUIRE(con_back);
  CHECK(con_back->consistency == con.consistency);

  CHECK_FALSE(tlog::ParseInclusionProof("not json"));
  CHECK_FALSE(tlog::ParseInclusionProof(R"({"index":-1,"tree_size":2,"audit_path":[]})"));
  CHECK_FALSE(tlog::ParseInclusionProof(R"({"index":1,"tree_size":2,"audit_path":["AAAA"]})"));
  CHECK_FALSE(tlog::ParseInclusionProof(R"({"index":1,"tree_size":2,"audit_path":[1]})"));
  CHECK_FALSE(tlog::ParseConsistencyProof(R"({"first":1,"second":"2","consistency":[]})"));

  const std::string leaf = R"({"number":"J0001","type":"certificate_issued"})";
  auto e = tlog::EntryToJson({0, leaf});
  REQUIRE(e);
  CHECK((*e)["entry"]["number"] == "J0001");
  json page = {{"entries", json::array({*e})}};
  auto entries = tlog::ParseEntries(page.dump());
  REQUIRE(entries);
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].leaf_input == leaf);
  // An entry shown differently from what was hashed is caught.
  page["entries"][0]["entry"]["number"] = "J0002";
  CHECK_FALSE(tlog::ParseEntries(page.dump()));
  CHECK_FALSE(tlog::ParseEntries(R"({"entries":[{"index":0,"leaf_input":"!!"}]})"));
  CHECK_FALSE(tlog::EntryToJson({0, "not json"}));
}
