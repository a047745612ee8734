// The audit trail for people: every secretariat action and
// every refusal of a known token, readable by auditors at GET /api/v1/audit
// with paging, and never holding a token.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.h"

using mark::testing::BodyJson;

using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

std::string FileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("the audit trail records actions and refusals, pages, and never holds a token", "[audit]") {
  TestRegistry reg;
  const std::string auditor = reg.CreateToken("auditor", "audit-suzuki");
  const std::string reviewer = reg.CreateToken("reviewer", "review-sato");
  const std::string number = reg.GrantSample("isp");
  auto revoke = reg.Post("/api/v1/marks/" + number + "/revoke", json{{"reason", "audit test"}}.dump());
  REQUIRE(revoke);
  REQUIRE(revoke->status == 200);
  // Refusals: an unknown token, a malformed header, a role that may not write.
  const std::string forged = "mk_forged_token_value_that_must_never_be_stored_0123456789";
  auto bad = reg.Post("/api/v1/operators", "{}", forged);
  REQUIRE(bad);
  CHECK(bad->status == 401);
  auto wrong_role = reg.Post("/api/v1/operators",
                             json{{"name", "x"}, {"name_en", "x"}, {"website", "https://x.jp/"}}.dump(), reviewer);
  REQUIRE(wrong_role);
  CHECK(wrong_role->status == 403);
  auto again = reg.Post("/api/v1/marks/" + number + "/revoke", json{{"reason", "twice"}}.dump());
  REQUIRE(again);
  CHECK(again->status == 409);

  // Only auditors (and the secretariat) read it.
  CHECK(reg.GetAuth("/api/v1/audit", reviewer)->status == 403);
  CHECK(reg.Get("/api/v1/audit")->status == 401);
  auto page = reg.GetAuth("/api/v1/audit?limit=500", auditor);
  REQUIRE(page);
  REQUIRE(page->status == 200);
  json items = BodyJson(page)["items"];
  REQUIRE(items.is_array());
  auto find = [&](const std::string& action, const std::string& outcome) -> json {
    for (const auto& it : items)
      if (it.value("action", "") == action && it.value("outcome", "") == outcome) return it;
    return nullptr;
  };
  json grant = find("mark.grant", "ok");
  REQUIRE(grant.is_object());
  CHECK(grant["actor"] == "test-secretariat");
  CHECK(grant["target"] == number);
  CHECK(grant["remote"] == "127.0.0.1");
  json revoked = find("mark.revoke", "ok");
  REQUIRE(revoked.is_object());
  CHECK(revoked["target"] == number);
  json refused_revoke = find("mark.revoke", "refused");
  REQUIRE(refused_revoke.is_object());
  CHECK(refused_revoke["detail"].get<std::string>().find("revoked") != std::string::npos);
  int auth_refusals = 0;
  bool role_refusal = false;
  for (const auto& it : items) {
    if (it.value("action", "") != "auth" || it.value("outcome", "") != "refused") continue;
    ++auth_refusals;
    if (it.value("actor", "") == "review-sato") role_refusal = true;
  }
  // Reviewer writing and reading: refusals of a known token, each audited.
  // The forged token and the anonymous read are counted instead
  // (registry/failed_attempts.h: an audit row once an address reaches 10 in
  // an hour), so guessing cannot bury the trail.
  CHECK(auth_refusals >= 2);
  CHECK(role_refusal);
  for (const auto& it : items)
    for (const char* field : {"id", "at", "actor", "remote", "action", "target", "outcome", "detail"})
      CHECK(it.contains(field));

  // No token, forged or real, in the answer or anywhere in the database file.
  for (const std::string& secret : {reg.token(), auditor, reviewer, forged}) {
    CHECK(page->body.find(secret) == std::string::npos);
    CHECK(FileBytes(reg.db()).find(secret) == std::string::npos);
    CHECK(FileBytes(reg.db().string() + "-wal").find(secret) == std::string::npos);
  }

  // Paging: newest first, `next_before` continues without overlap.
  auto p1 = reg.GetAuth("/api/v1/audit?limit=2", auditor);
  REQUIRE(p1);
  json b1 = BodyJson(p1);
  REQUIRE(b1["items"].size() == 2);
  REQUIRE(b1["next_before"].is_number());
  CHECK(b1["items"][0]["id"].get<long long>() > b1["items"][1]["id"].get<long long>());
  auto p2 = reg.GetAuth("/api/v1/audit?limit=2&before=" + std::to_string(b1["next_before"].get<long long>()), auditor);
  REQUIRE(p2);
  json b2 = BodyJson(p2);
  REQUIRE(!b2["items"].empty());
  CHECK(b2["items"][0]["id"].get<long long>() < b1["items"][1]["id"].get<long long>());
  CHECK(reg.GetAuth("/api/v1/audit?limit=0", auditor)->status == 400);
  CHECK(reg.GetAuth("/api/v1/audit?before=x", auditor)->status == 400);
}
