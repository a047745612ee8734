// markctl verify CERT --jwks JWKS [--status-list LIST] [--at RFC3339]
// Checks a certificate with the one verifier in crypto/verifier.h: signature,
// alg, typ, known key, validity window, and revocation when a signed status
// list is given. CERT, JWKS and LIST are files, "-" (stdin) or http(s) URLs.
// Exit 0 valid, 1 not valid (one line saying why, on stdout), 2 usage or
// set-up error (unreadable input, a JWKS or status list that does not check).
#include <httplib.h>

#include <iostream>
#include <optional>
#include <string>

#include "command.h"
#include "common/clock.h"
#include "common/jst.h"
#include "crypto/jwk.h"
#include "crypto/status_token.h"
#include "crypto/verifier.h"

namespace markctl::cmd_verify {
namespace {

namespace crypto = mark::crypto;

constexpr size_t kMaxFetchBytes = 8 * 1024 * 1024;

// GET an http(s) URL; the body on 200, nullopt (and a message) otherwise.
std::optional<std::string> Fetch(const std::string& url) {
  size_t scheme_end = url.find("://");
  size_t path_start = url.find('/', scheme_end + 3);
  std::string origin = url.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  httplib::Client client(origin);
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  client.set_follow_location(true);
  std::string body;
  bool too_big = false;
  auto res = client.Get(path.c_str(), [&](const char* data, size_t n) {
    if (body.size() + n > kMaxFetchBytes) {
      too_big = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (too_big) {
    std::cerr << "markctl verify: " << url << " is larger than " << kMaxFetchBytes << " bytes\n";
    return std::nullopt;
  }
  if (!res) {
    std::cerr << "markctl verify: GET " << url << ": " << httplib::to_string(res.error()) << "\n";
    return std::nullopt;
  }
  if (res->status != 200) {
    std::cerr << "markctl verify: GET " << url << ": HTTP " << res->status << "\n";
    return std::nullopt;
  }
  return body;
}

std::optional<std::string> Load(const std::string& where) {
  if (where.rfind("http://", 0) == 0 || where.rfind("https://", 0) == 0) return Fetch(where);
  return ReadInput(where);
}

// Files often end with a newline; a JWS has no whitespace in it.
std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  size_t start = s.find_first_not_of(" \t\r\n");
  return start == std::string::npos ? std::string() : s.substr(start);
}

int Usage(const std::string& why) {
  std::cerr << "markctl verify: " << why << "\n"
            << "usage: markctl verify CERT --jwks JWKS [--status-list LIST] [--at RFC3339]\n";
  return 2;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"jwks", "status-list", "at"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1) return Usage("give exactly one CERT (file, - or URL)");
  auto jwks_where = p.Get("jwks");
  if (!jwks_where) return Usage("--jwks is required");
  int stdin_users = (p.positional[0] == "-") + (*jwks_where == "-") + (p.GetOr("status-list", "") == "-");
  if (stdin_users > 1) return Usage("only one input can be - (stdin)");

  mark::Instant at = ProcessClock().Now();
  if (auto when = p.Get("at")) {
    auto parsed = mark::ParseInstant(*when);
    if (!parsed) return Usage("--at must be RFC 3339 UTC, e.g. 2026-04-01T00:00:00Z");
    at = *parsed;
  }

  auto jwks_text = Load(*jwks_where);
  if (!jwks_text) return 2;
  auto jwks = crypto::Jwks::Parse(*jwks_text);
  if (!jwks) {
    std::cerr << "markctl verify: JWKS " << *jwks_where << ": " << jwks.error().message << "\n";
    return 2;
  }

  std::optional<crypto::StatusList> list;
  if (auto list_where = p.Get("status-list")) {
    auto list_text = Load(*list_where);
    if (!list_text) return 2;
    auto verified = crypto::VerifyStatusList(Trim(*list_text), *jwks, at);
    if (!verified) {
      std::cerr << "markctl verify: status list " << *list_where << " not usable: "
                << verified.error().message << "\n";
      return 2;
    }
    list = std::move(*verified);
  }

  auto cert = Load(p.positional[0]);
  if (!cert) return 2;
  auto v = crypto::VerifyCertificate(Trim(*cert), *jwks, at, list ? &*list : nullptr);
  if (v.valid) {
    std::cout << "valid: " << v.reason << "\n";
    return 0;
  }
  std::cout << "invalid (" << v.reason_code << "): " << v.reason << "\n";
  return 1;
}

bool registered = RegisterCommand(
    {"verify",
     "  markctl verify CERT --jwks JWKS [--status-list LIST] [--at RFC3339]   (files, - or URLs)",
     &Run});

}  // namespace
}  // namespace markctl::cmd_verify
