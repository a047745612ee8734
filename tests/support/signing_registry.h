// SigningRegistry: a Registry as markd builds one, for unit tests: a real
// SQLite file in a temporary folder, a fixed clock (2026-04-01 10:00 JST
// until a test moves it), a fixed-seed signing key (so certificates are real
// and reproducible) and the signing issuer. Tests derive their fixtures from
// it. Header-only, like all unit-test support; its tests link mark_publish.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/jst.h"
#include "crypto/key_store.h"
#include "publish/signing_issuer.h"
#include "registry/registry.h"
#include "support/temp_dir.h"

namespace mark::testing {

struct SigningRegistry {
  TempDir dir;
  FixedClock clock{*ParseInstant("2026-04-01T10:00:00+09:00")};
  std::unique_ptr<storage::Database> db = std::move(storage::Database::Open((dir / "r.db").string()).value());
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  publish::SigningIssuer issuer{keys, "https://mark.example.jp"};
  registry::Registry registry{*db, clock, issuer, {"https://mark.example.jp"}};
  registry::WriteRequest req{{"tester", "127.0.0.1"}, "", ""};
};

// The smallest criteria set of `scheme` ("isp" or "wifi"): one mandatory
// item, 1-1-1, for new and renewal reviews; no points, no gates.
inline nlohmann::json MandatoryOnlyCriteriaSet(const std::string& id, const std::string& scheme) {
  return {{"id", id},
          {"scheme", scheme},
          {"rules",
           {{"new", {{"mandatory", 1}, {"points_max", 0}, {"points_min", 0}}},
            {"renewal", {{"mandatory", 1}, {"points_max", 0}, {"points_min", 0}}},
            {"gates", nlohmann::json::array()}}},
          {"items",
           {{{"id", "1-1-1"},
             {"category", 1},
             {"title", "方針"},
             {"title_en", "Policy"},
             {"mandatory", true},
             {"applies", {"new", "renewal"}},
             {"evidence", "document"}}}}};
}

}  // namespace mark::testing
