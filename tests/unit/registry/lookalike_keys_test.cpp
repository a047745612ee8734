// Look-alike names through the registry: keys written with every name,
// pairs of different operators found (the newer named, the older named
// after it), and keys made again when the text data they came from changes.
#include "storage/lookalike_keys.h"

#include <catch2/catch.hpp>

#include "crypto/key_store.h"
#include "registry/attention.h"
#include "registry/registry.h"
#include "publish/signing_issuer.h"
#include "common/ssid_skeleton.h"
#include "support/signing_registry.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using nlohmann::json;

namespace {

struct LookalikeFixture : testing::SigningRegistry {
  std::string Operator(const std::string& name, const std::string& name_en) {
    clock.Advance(std::chrono::minutes(1));  // each named after the one before
    auto op =
        registry.CreateOperator({{"name", name}, {"name_en", name_en}, {"website", "https://op.example.jp/"}}, req);
    REQUIRE(op);
    return op->body["id"];
  }
  std::string Service(const std::string& operator_id, const std::string& name, const std::string& name_en) {
    clock.Advance(std::chrono::minutes(1));
    auto svc = registry.CreateService({{"operator_id", operator_id},
                                       {"scheme", "wifi"},
                                       {"name", name},
                                       {"name_en", name_en},
                                       {"ssids", {"SSID_" + name_en}}},
                                      req);
    REQUIRE(svc);
    return svc->body["id"];
  }
  std::vector<storage::LookalikeNamePair> Pairs() {
    std::vector<storage::LookalikeNamePair> out;
    REQUIRE(db->Read([&](SQLite::Database& c) {
      out = storage::LookalikeNamePairs(c);
      return Status{};
    }));
    return out;
  }
};

}  // namespace

TEST_CASE("a name like another operator's is paired with it, the newer first", "[lookalike_keys]") {
  LookalikeFixture f;
  const std::string paypal = f.Operator("ペイパル株式会社", "PayPal");
  f.Operator("さくら通信株式会社", "Sakura Tsushin");
  // All Cyrillic (so no word mixes scripts): Р а у р а ӏ (U+04CF PALOCHKA).
  const std::string copy = f.Operator("ペイパノレ株式会社", "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0\xD3\x8F");
  auto pairs = f.Pairs();
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].name.id == copy);
  CHECK(pairs[0].name.field == "name_en");
  CHECK(pairs[0].other.id == paypal);
  CHECK(pairs[0].other.name == "PayPal");

  // A service of a third operator named like the first operator, in capitals.
  const std::string third = f.Operator("第三通信株式会社", "Daisan Tsushin");
  const std::string svc = f.Service(third, "ペイパルWi-Fi", "PAYPAL");
  pairs = f.Pairs();
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[1].name.owner == storage::NameOwner::kService);
  CHECK(pairs[1].name.id == svc);
  CHECK(pairs[1].other.id == paypal);  // the earliest, not the Cyrillic copy

  // An operator's own service may carry its name.
  f.Service(paypal, "PayPal", "PayPal");
  CHECK(f.Pairs().size() == 2);

  // The attention list says it, as lookalike_name.
  auto list = CollectAttention(*f.db, f.clock.Now());
  REQUIRE(list);
  CHECK(list->counts[AttentionKind::kLookalikeName] == 2);
  json j = AttentionJson(*list);
  CHECK(j["counts"]["lookalike_name"] == 2);
  json item;
  for (const json& i : j["items"])
    if (i["kind"] == "lookalike_name" && i["owner"] == "operator") item = i;
  INFO(j.dump());
  REQUIRE(item.is_object());
  CHECK(item["operator"] == copy);
  CHECK(item["field"] == "name_en");
  CHECK(item["same"] == false);
  CHECK(item["other"]["operator"] == paypal);
  CHECK(item["other"]["name"] == "PayPal");
  CHECK(item["detail"].get<std::string>().find("looks like") != std::string::npos);

  // Renamed apart, the pair leaves.
  auto amended = f.registry.AmendOperator(copy, {{"name_en", "Paypano Re"}, {"reason", "改称"}}, f.req);
  REQUIRE(amended);
  CHECK(f.Pairs().size() == 1);
}

TEST_CASE("keys are made again when the data they were made with changes", "[lookalike_keys]") {
  testing::TempDir dir;
  const std::string path = (dir / "r.db").string();
  std::string wifi;
  {
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    FixedClock clock{*ParseInstant("2026-04-01T10:00:00+09:00")};
    crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
    SigningIssuer issuer{keys, "https://mark.example.jp"};
    Registry registry{**db, clock, issuer, {"https://mark.example.jp"}};
    registry::WriteRequest req{{"tester", "127.0.0.1"}, "", ""};
    auto a = registry.CreateOperator({{"name", "甲"}, {"name_en", "Kou"}, {"website", "https://a.example.jp/"}}, req);
    auto b = registry.CreateOperator({{"name", "乙"}, {"name_en", "KOU"}, {"website", "https://b.example.jp/"}}, req);
    REQUIRE((a && b));
    auto svc = registry.CreateService({{"operator_id", a->body["id"]},
                                       {"scheme", "wifi"},
                                       {"name", "甲Wi-Fi"},
                                       {"name_en", "Kou Wi-Fi"},
                                       {"ssids", {"Kou_Free"}}},
                                      req);
    REQUIRE(svc);
    wifi = svc->body["id"];
    // As a database made by another ICU (or before name_keys) stands.
    REQUIRE((*db)->Write([](SQLite::Database& c) {
      c.exec(
          "DELETE FROM name_keys; UPDATE service_ssids SET skeleton = 'stale';"
          "UPDATE registry_meta SET value = 'ICU 1.0, Unicode 1.0; keys 0' WHERE key = 'lookalike_keys'");
      return Status{};
    }));
  }
  auto db = storage::Database::Open(path);
  REQUIRE(db);
  REQUIRE((*db)->Read([&](SQLite::Database& c) {
    CHECK(storage::LookalikeKeysCurrent(c));
    SQLite::Statement n(c, "SELECT COUNT(*) FROM name_keys");
    REQUIRE(n.executeStep());
    CHECK(n.getColumn(0).getInt() == 6);  // two operators and a service, two names each
    SQLite::Statement s(c, "SELECT skeleton FROM service_ssids WHERE service_id = ?");
    s.bind(1, wifi);
    REQUIRE(s.executeStep());
    CHECK(s.getColumn(0).getString() == SsidSkeleton("Kou_Free"));
    CHECK(storage::LookalikeNamePairs(c).size() == 1);  // KOU looks like Kou
    return Status{};
  }));
}
