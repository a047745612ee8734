// libFuzzer target: request bodies as the secretariat API reads them. The
// input is JSON text handed to the real Registry (on a scratch database, with
// a fixed signing key) as each kind of write, and its strings to every
// field validator. Errors are expected; crashes, sanitizer reports and
// escaping exceptions are not.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "crypto/key_store.h"
#include "storage/database.h"
#include "registry/field_reader.h"
#include "registry/registry.h"
#include "publish/signing_issuer.h"
#include "common/ssid_skeleton.h"
#include "registry/validation.h"

namespace {

using mark::registry::Registry;

struct World {
  std::string path;
  std::unique_ptr<mark::storage::Database> db;
  mark::FixedClock clock{mark::Instant(std::chrono::seconds(1790000000))};
  std::unique_ptr<mark::crypto::KeyStore> keys;
  std::unique_ptr<mark::publish::SigningIssuer> issuer;
  std::unique_ptr<Registry> registry;
  std::string operator_id, service_id, number;
};

World& TheWorld() {
  static World* w = [] {
    auto* w = new World();
    w->path = "/tmp/fuzz-request-" + std::to_string(::getpid()) + ".db";
    ::unlink(w->path.c_str());
    auto db = mark::storage::Database::Open(w->path);
    if (!db) std::abort();
    w->db = std::move(*db);
    auto signer = mark::crypto::Signer::FromSeed(std::string(32, '\x07'));
    if (!signer) std::abort();
    w->keys = std::make_unique<mark::crypto::KeyStore>(mark::crypto::KeyStore::FromSigner(std::move(*signer)));
    w->issuer = std::make_unique<mark::publish::SigningIssuer>(*w->keys, "https://registry.test");
    w->registry = std::make_unique<Registry>(*w->db, w->clock, *w->issuer,
                                             mark::registry::RegistryConfig{"https://registry.test"});
    // One operator, service and imported mark to aim transitions at.
    mark::registry::WriteRequest req{{"fuzz", ""}, "", ""};
    auto op = w->registry->CreateOperator(
        {{"name", "試験"}, {"name_en", "Fuzz"}, {"website", "https://fuzz.example.jp/"}}, req);
    if (!op) std::abort();
    w->operator_id = op->body["id"];
    auto svc = w->registry->CreateService({{"operator_id", w->operator_id},
                                           {"scheme", "isp"},
                                           {"name", "試験光"},
                                           {"name_en", "Fuzz Hikari"},
                                           {"domains", {"fuzz.example.jp"}}},
                                          req);
    if (!svc) std::abort();
    w->service_id = svc->body["id"];
    auto mark = w->registry->Grant({{"service_id", w->service_id},
                                    {"first_review_body", "J"},
                                    {"basis", "import"},
                                    {"number", "J0072"},
                                    {"valid_from", "2026-04-01"}},
                                   req);
    if (!mark) std::abort();
    w->number = mark->body["number"];
    std::atexit([] { ::unlink(TheWorld().path.c_str()); });
    return w;
  }();
  return *w;
}

void Validators(const std::string& s) {
  (void)mark::registry::ValidateCorporateNumber("f", s);
  (void)mark::registry::NormalizeDomain("f", s);
  (void)mark::registry::ValidateSsid("f", s);
  (void)mark::registry::NormalizeName("f", s);
  (void)mark::registry::NormalizeName("f", s, false);
  (void)mark::registry::ValidateWebsite("f", s);
  (void)mark::registry::NormalizeEmail("f", s);
  (void)mark::SsidSkeleton(s);
  (void)mark::registry::IsValidUtf8(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  const std::string text(reinterpret_cast<const char*>(data), size);
  Validators(text);
  nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) return 0;
  if (body.is_object()) {
    for (const auto& [k, v] : body.items())
      if (v.is_string()) Validators(v.get<std::string>());
    mark::registry::FieldReader r(body, {"name", "domains"});
    (void)r.String("name", true);
    (void)r.StringArray("domains", false, 8);
    if (!r.ok()) (void)r.ToError();
    // Point references at the real ones half the time, so deeper checks run.
    if (body.contains("operator_id") && body["operator_id"] == "op") body["operator_id"] = w.operator_id;
    if (body.contains("service_id") && body["service_id"] == "svc") body["service_id"] = w.service_id;
  }
  // Each input is its own request (a fresh idempotency key would only grow
  // the table); the scratch database keeps what validates.
  mark::registry::WriteRequest req{{"fuzz", "127.0.0.1"}, "", ""};
  (void)w.registry->CreateOperator(body, req);
  (void)w.registry->CreateService(body, req);
  (void)w.registry->Grant(body, req);
  (void)w.registry->Suspend(w.number, body, req);
  (void)w.registry->Reinstate(w.number, body, req);
  (void)w.registry->Renew(w.number, body, req);
  (void)w.registry->PreviewServiceAmendment(w.service_id, body);
  (void)w.registry->AmendService(w.service_id, body, req);
  (void)w.registry->PreviewOperatorAmendment(w.operator_id, body);
  (void)w.registry->AmendOperator(w.operator_id, body, req);
  return 0;
}
