// Runs tests/interop/verify_jws.mjs (Node's built-in crypto, no code of ours)
// on a certificate and JWKS we wrote, so "any JOSE library verifies it" is
// checked, not assumed.
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "crypto/certificate.h"
#include "crypto/jws.h"
#include "crypto/key_store.h"
#include "fixtures.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;
namespace fs = std::filesystem;

namespace {

fs::path Script() { return fs::path(MARK_SOURCE_DIR) / "tests" / "interop" / "verify_jws.mjs"; }

bool HaveNode() { return std::system("node --version >/dev/null 2>&1") == 0; }

struct Run {
  int exit_code;
  std::string out;
};

Run Node(const fs::path& cert, const fs::path& jwks, const std::string& extra = "") {
  std::string cmd =
      "node '" + Script().string() + "' '" + cert.string() + "' '" + jwks.string() + "' " + extra + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 512> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

void Write(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

}  // namespace

TEST_CASE("Node's crypto verifies our certificates with nothing but the JWKS", "[interop]") {
  if (!HaveNode()) {
    WARN("node not installed: interop check skipped");
    return;
  }
  REQUIRE(fs::exists(Script()));
  mark::testing::TempDir tmp;
  FixedClock clock(At("2025-01-01T00:00:00Z"));
  fs::path keys = tmp / "keys";
  REQUIRE(KeyStore::AddFromSeed(keys, Seed('1'), std::nullopt, clock));
  auto before = KeyStore::Open(keys, std::nullopt);
  REQUIRE(before);
  auto old_cert = IssueCertificate(SampleClaims("J0001"), before->Active());
  REQUIRE(old_cert);
  REQUIRE(KeyStore::Rotate(keys, std::nullopt, clock));
  auto store = KeyStore::Open(keys, std::nullopt);
  REQUIRE(store);
  auto new_cert = IssueCertificate(SampleClaims("J0002"), store->Active());
  REQUIRE(new_cert);

  Write(tmp / "jwks.json", store->JwksJson().dump());
  Write(tmp / "old.jwt", old_cert->jws);
  Write(tmp / "new.jwt", new_cert->jws + "\n");

  auto r = Node(tmp / "old.jwt", tmp / "jwks.json");
  CHECK(r.out == "ok\n");
  CHECK(r.exit_code == 0);
  r = Node(tmp / "new.jwt", tmp / "jwks.json", "--at 2025-06-01T00:00:00Z");
  CHECK(r.out == "ok\n");
  CHECK(r.exit_code == 0);
  r = Node(tmp / "new.jwt", tmp / "jwks.json", "--at 2026-03-31T15:00:00Z");
  CHECK(r.exit_code == 1);

  // And it rejects what we reject: a tampered payload.
  std::string jws = new_cert->jws;
  size_t a = jws.find('.'), b = jws.find('.', a + 1);
  std::string payload = new_cert->payload;
  payload.replace(payload.find("J0002"), 5, "J0003");
  Write(tmp / "forged.jwt", jws.substr(0, a + 1) + Base64UrlEncode(payload) + jws.substr(b));
  r = Node(tmp / "forged.jwt", tmp / "jwks.json");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("bad signature"));
}
