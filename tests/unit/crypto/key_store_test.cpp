#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/certificate.h"
#include "crypto/key_store.h"
#include "crypto/verifier.h"
#include "fixtures.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;
namespace fs = std::filesystem;

namespace {

FixedClock Clock0() { return FixedClock(At("2025-01-01T00:00:00Z")); }

unsigned Mode(const fs::path& p) {
  struct stat st {};
  REQUIRE(stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Spit(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::trunc);
  out << s;
}

}  // namespace

TEST_CASE("generate creates a 0700 folder, a 0600 key, a manifest — open signs", "[keys]") {
  mark::testing::TempDir tmp;
  fs::path dir = tmp / "keys";
  auto clock = Clock0();
  auto kid = KeyStore::Generate(dir, std::nullopt, clock);
  REQUIRE(kid);
  CHECK(kid->size() == 43);
  CHECK(Mode(dir) == 0700);
  CHECK(Mode(dir / (*kid + ".key")) == 0600);
  CHECK(fs::exists(dir / (*kid + ".jwk")));
  auto manifest = nlohmann::json::parse(Slurp(dir / "keys.json"));
  CHECK(manifest["active"] == *kid);
  CHECK(manifest["keys"][0]["state"] == "active");
  CHECK(manifest["keys"][0]["created_at"] == "2025-01-01T00:00:00Z");

  auto store = KeyStore::Open(dir, std::nullopt);
  REQUIRE(store);
  CHECK(store->Active().kid() == *kid);
  auto jwks = store->JwksJson();
  REQUIRE(jwks["keys"].size() == 1);
  CHECK(jwks["keys"][0]["kid"] == *kid);
  CHECK_FALSE(jwks["keys"][0].contains("d"));
  // The key file never holds the secret in the public JWK or manifest.
  std::string seed_b64 = Base64UrlEncode(store->Active().seed());
  CHECK(Slurp(dir / (*kid + ".jwk")).find(seed_b64) == std::string::npos);
  CHECK(Slurp(dir / "keys.json").find(seed_b64) == std::string::npos);
}

TEST_CASE("AddFromSeed is reproducible", "[keys]") {
  mark::testing::TempDir a, b;
  auto clock = Clock0();
  auto ka = KeyStore::AddFromSeed(a.path(), Seed('s'), std::nullopt, clock);
  auto kb = KeyStore::AddFromSeed(b.path(), Seed('s'), std::nullopt, clock);
  REQUIRE(ka);
  REQUIRE(kb);
  CHECK(*ka == *kb);
  CHECK(*ka == SignerFromSeed('s').kid());
  // The same key twice in one folder is a conflict.
  CHECK_FALSE(KeyStore::AddFromSeed(a.path(), Seed('s'), std::nullopt, clock));
  auto sa = KeyStore::Open(a.path(), std::nullopt);
  auto sb = KeyStore::Open(b.path(), std::nullopt);
  REQUIRE(sa);
  REQUIRE(sb);
  auto ca = IssueCertificate(SampleClaims(), sa->Active());
  auto cb = IssueCertificate(SampleClaims(), sb->Active());
  REQUIRE(ca);
  REQUIRE(cb);
  CHECK(ca->jws == cb->jws);
}

TEST_CASE("open refuses a key file readable by group or others, naming it", "[keys]") {
  mark::testing::TempDir tmp;
  auto clock = Clock0();
  auto kid = KeyStore::Generate(tmp.path(), std::nullopt, clock);
  REQUIRE(kid);
  fs::path key = tmp / (*kid + ".key");
  for (mode_t m : {0640, 0604, 0660, 0602}) {
    REQUIRE(chmod(key.c_str(), m) == 0);
    auto store = KeyStore::Open(tmp.path(), std::nullopt);
    REQUIRE_FALSE(store);
    CHECK_THAT(store.error().message, Catch::Contains(key.string()));
  }
  REQUIRE(chmod(key.c_str(), 0600) == 0);
  CHECK(KeyStore::Open(tmp.path(), std::nullopt));
  // A stray old key file that is world-readable is refused too.
  auto old = KeyStore::Rotate(tmp.path(), std::nullopt, clock);
  REQUIRE(old);
  REQUIRE(chmod(key.c_str(), 0644) == 0);
  CHECK_FALSE(KeyStore::Open(tmp.path(), std::nullopt));
}

TEST_CASE("open refuses an empty or missing folder and a garbled manifest", "[keys]") {
  mark::testing::TempDir tmp;
  auto none = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE_FALSE(none);
  CHECK_THAT(none.error().message, Catch::Contains("no key"));
  CHECK_FALSE(KeyStore::Open(tmp / "missing", std::nullopt));

  auto clock = Clock0();
  auto kid = KeyStore::Generate(tmp.path(), std::nullopt, clock);
  REQUIRE(kid);
  std::string good = Slurp(tmp / "keys.json");
  const std::string garbled[] = {
      "{",
      "[]",
      R"({"active":"x","keys":[]})",
      R"({"active":")" + *kid + R"(","keys":[{"kid":")" + *kid + R"(","created_at":"t","state":"published"}]})",
      R"({"active":")" + *kid + R"(","keys":[{"kid":"../../etc/passwd","created_at":"t","state":"active"}]})",
      R"({"active":")" + *kid + R"(","keys":[{"kid":")" + *kid + R"(","created_at":"t","state":"sleeping"}]})",
  };
  for (const auto& m : garbled) {
    INFO(m);
    Spit(tmp / "keys.json", m);
    auto store = KeyStore::Open(tmp.path(), std::nullopt);
    REQUIRE_FALSE(store);
    CHECK_THAT(store.error().message, Catch::Contains("keys.json"));
  }
  Spit(tmp / "keys.json", good);
  CHECK(KeyStore::Open(tmp.path(), std::nullopt));
  // A key file whose secret does not match its kid.
  auto other = KeyStore::AddFromSeed(tmp / "other", Seed('o'), std::nullopt, clock);
  REQUIRE(other);
  fs::copy_file(tmp / "other" / (*other + ".key"), tmp / (*kid + ".key"), fs::copy_options::overwrite_existing);
  auto mismatched = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE_FALSE(mismatched);
  CHECK_THAT(mismatched.error().message, Catch::Contains(*kid + ".key"));
}

TEST_CASE("passphrase encrypts the key at rest", "[keys]") {
  mark::testing::TempDir tmp;
  auto clock = Clock0();
  auto kid = KeyStore::AddFromSeed(tmp.path(), Seed('p'), std::string("correct horse"), clock);
  REQUIRE(kid);
  auto env = nlohmann::json::parse(Slurp(tmp / (*kid + ".key")));
  CHECK(env["protection"] == "argon2id13-xsalsa20poly1305");
  CHECK_FALSE(env.contains("seed"));
  CHECK(env.contains("salt"));
  CHECK(env.contains("nonce"));
  CHECK(env.contains("opslimit"));
  CHECK(env.contains("memlimit"));
  CHECK(Slurp(tmp / (*kid + ".key")).find(Base64UrlEncode(Seed('p'))) == std::string::npos);

  auto ok = KeyStore::Open(tmp.path(), std::string("correct horse"));
  REQUIRE(ok);
  CHECK(ok->Active().kid() == SignerFromSeed('p').kid());

  auto wrong = KeyStore::Open(tmp.path(), std::string("wrong horse"));
  REQUIRE_FALSE(wrong);
  CHECK_THAT(wrong.error().message, Catch::Contains("wrong passphrase"));
  CHECK_THAT(wrong.error().message, Catch::Contains(*kid + ".key"));

  auto missing = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("no passphrase"));

  // A tampered ciphertext fails like a wrong passphrase (authenticated).
  std::string sealed = env["sealed_seed"];
  sealed[0] = sealed[0] == 'A' ? 'B' : 'A';
  env["sealed_seed"] = sealed;
  fs::path key = tmp / (*kid + ".key");
  Spit(key, env.dump());
  REQUIRE(chmod(key.c_str(), 0600) == 0);
  CHECK_FALSE(KeyStore::Open(tmp.path(), std::string("correct horse")));
}

TEST_CASE("rotation keeps old certificates verifying until the key is retired", "[keys]") {
  mark::testing::TempDir tmp;
  auto clock = Clock0();
  Instant at = At("2025-06-01T00:00:00Z");
  CHECK_FALSE(KeyStore::Rotate(tmp.path(), std::nullopt, clock));  // nothing to rotate

  auto k1 = KeyStore::Generate(tmp.path(), std::nullopt, clock);
  REQUIRE(k1);
  auto s1 = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE(s1);
  auto cert1 = IssueCertificate(SampleClaims("J0001"), s1->Active());
  REQUIRE(cert1);
  CHECK(cert1->kid == *k1);

  clock.Advance(std::chrono::hours(24));
  auto k2 = KeyStore::Rotate(tmp.path(), std::nullopt, clock);
  REQUIRE(k2);
  CHECK(*k2 != *k1);
  auto s2 = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE(s2);
  CHECK(s2->Active().kid() == *k2);
  auto cert2 = IssueCertificate(SampleClaims("J0002"), s2->Active());
  REQUIRE(cert2);
  CHECK(s2->PublicJwks().keys().size() == 2);
  CHECK(VerifyCertificate(cert1->jws, s2->PublicJwks(), at).valid);
  CHECK(VerifyCertificate(cert2->jws, s2->PublicJwks(), at).valid);

  auto list = KeyStore::List(tmp.path());
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].state == KeyState::kPublished);
  CHECK((*list)[1].state == KeyState::kActive);
  CHECK((*list)[1].created_at == "2025-01-02T00:00:00Z");

  // The active key cannot be retired; an unknown one is not found.
  auto active = KeyStore::Retire(tmp.path(), *k2);
  REQUIRE_FALSE(active);
  CHECK(active.error().code == ErrorCode::kConflict);
  CHECK(KeyStore::Retire(tmp.path(), std::string(43, 'A')).error().code == ErrorCode::kNotFound);

  REQUIRE(KeyStore::Retire(tmp.path(), *k1));
  REQUIRE(KeyStore::Retire(tmp.path(), *k1));  // idempotent
  auto s3 = KeyStore::Open(tmp.path(), std::nullopt);
  REQUIRE(s3);
  CHECK(s3->JwksJson()["keys"].size() == 1);
  auto v1 = VerifyCertificate(cert1->jws, s3->PublicJwks(), at);
  CHECK_FALSE(v1.valid);
  CHECK(v1.reason_code == "unknown_key");
  CHECK(VerifyCertificate(cert2->jws, s3->PublicJwks(), at).valid);
}

TEST_CASE("FromSigner builds an in-memory store", "[keys]") {
  auto store = KeyStore::FromSigner(SignerFromSeed('a'), {SignerFromSeed('b').Public()});
  CHECK(store.Active().kid() == SignerFromSeed('a').kid());
  CHECK(store.PublicJwks().keys().size() == 2);
}

TEST_CASE("the manifest names the registry the keys sign for", "[keys]") {
  mark::testing::TempDir tmp;
  auto clock = Clock0();
  fs::path dir = tmp / "keys";
  REQUIRE(KeyStore::Generate(dir, std::nullopt, clock));
  // A folder made before registry ids names none.
  CHECK(*KeyStore::RegistryId(dir) == "");
  CHECK(KeyStore::Open(dir, std::nullopt)->registry_id().empty());
  REQUIRE(KeyStore::SetRegistryId(dir, "reg_0123456789abcdef0123"));
  CHECK(*KeyStore::RegistryId(dir) == "reg_0123456789abcdef0123");
  CHECK(KeyStore::Open(dir, std::nullopt)->registry_id() == "reg_0123456789abcdef0123");
  // Rotation keeps it.
  REQUIRE(KeyStore::Rotate(dir, std::nullopt, clock));
  CHECK(*KeyStore::RegistryId(dir) == "reg_0123456789abcdef0123");
  CHECK(nlohmann::json::parse(Slurp(dir / "keys.json"))["registry_id"] == "reg_0123456789abcdef0123");
  // Ids become messages and paths' neighbours: a narrow alphabet only.
  CHECK(KeyStore::SetRegistryId(dir, "../x").error().code == ErrorCode::kInvalid);
  CHECK(KeyStore::SetRegistryId(dir, "").error().code == ErrorCode::kInvalid);
  auto manifest = nlohmann::json::parse(Slurp(dir / "keys.json"));
  manifest["registry_id"] = 7;
  Spit(dir / "keys.json", manifest.dump());
  CHECK(!KeyStore::Open(dir, std::nullopt));
}
