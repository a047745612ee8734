// markctl verify CERT [--registry URL] [--jwks JWKS] [--status-list LIST]
//                     [--issuer URL] [--no-status] [--at RFC3339]
// Checks a certificate with the one verifier in crypto/verifier.h: signature,
// alg, typ, known key, validity window, the registry's issuer, and
// revocation, suspension and supersession from the registry's signed status
// list. CERT, JWKS and LIST are files, "-" (stdin) or http(s) URLs.
//
// What it trusts comes from the registry the user names, never from the
// certificate: --registry URL (or, when --jwks is a URL, the registry that
// serves it) answers /.well-known/mark-registry.json with its issuer and
// where its JWKS and status list are; those are fetched from the registry
// named (a document pointing elsewhere is refused). --jwks, --status-list
// and --issuer override what the document says; offline, --jwks FILE
// --status-list FILE check everything from files (the list's own iss is then
// the issuer expected).
//
// Exit 0 valid and status checked; 1 not valid for any reason (one line on
// stdout saying why: expired, revoked, "superseded by a newer certificate",
// ...); 2 usage or set-up error (unreadable input, a registry, JWKS or status
// list that does not check); 3 signature, issuer and validity hold but the
// status was not checked (no status list); --no-status makes that 0.
// Text from the certificate (kid, sub, iss, names) is printed escaped
// (common/terminal_text.h): a hostile certificate cannot forge a line.
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include "command.h"
#include "http_fetch.h"
#include "common/clock.h"
#include "common/jst.h"
#include "common/terminal_text.h"
#include "common/trim.h"
#include "crypto/jwk.h"
#include "crypto/status_token.h"
#include "crypto/verifier.h"

namespace markctl::cmd_verify {
namespace {

namespace crypto = mark::crypto;
using nlohmann::json;

constexpr int kValid = 0;
constexpr int kInvalid = 1;
constexpr int kSetup = 2;
constexpr int kStatusUnchecked = 3;

constexpr const char* kRegistryDocument = "/.well-known/mark-registry.json";
constexpr const char* kJwksPath = "/.well-known/jwks.json";

bool IsUrl(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// GET an http(s) URL; the body on 200, nullopt (and a message) otherwise.
std::optional<std::string> Fetch(const std::string& url) {
  const std::string origin = UrlOrigin(url);
  const std::string path = url.size() > origin.size() ? url.substr(origin.size()) : "/";
  HttpFetcher::Options options;
  options.follow_redirects = true;
  auto fetched = HttpFetcher(origin, options).Get(path);
  if (auto* body = std::get_if<std::string>(&fetched)) return std::move(*body);
  const auto& failure = std::get<HttpFetcher::Failure>(fetched);
  if (failure.kind == HttpFetcher::Failure::Kind::kTooLarge)
    std::cerr << "markctl verify: " << url << " is " << failure.detail << "\n";
  else
    std::cerr << "markctl verify: GET " << url << ": " << failure.detail << "\n";
  return std::nullopt;
}

std::optional<std::string> Load(const std::string& where) {
  if (IsUrl(where)) return Fetch(where);
  return ReadInput(where);
}

int Usage(const std::string& why) {
  std::cerr << "markctl verify: " << why << "\n"
            << "usage: markctl verify CERT (--registry URL | --jwks JWKS) [--status-list LIST] [--issuer URL]\n"
            << "                      [--no-status] [--at RFC3339]\n";
  return kSetup;
}

// What /.well-known/mark-registry.json says, with its URIs moved onto the
// registry URL the user named.
struct RegistryDocument {
  std::string issuer;
  std::string jwks_url;
  std::string status_list_url;
};

// A URI from the document, fetched from the registry the user named: under
// the document's public_url it is rebased onto `base` (a registry behind a
// proxy or reached by another name answers with its public URL); otherwise
// it must already be on `base`'s origin.
std::optional<std::string> Rebase(const std::string& uri, const std::string& public_url, const std::string& base) {
  if (!public_url.empty() && uri.rfind(public_url + "/", 0) == 0) return base + uri.substr(public_url.size());
  if (IsUrl(uri) && UrlOrigin(uri) == UrlOrigin(base)) return uri;
  return std::nullopt;
}

std::optional<RegistryDocument> ReadRegistryDocument(const std::string& base) {
  auto text = Fetch(base + kRegistryDocument);
  if (!text) return std::nullopt;
  json doc = json::parse(*text, nullptr, false);
  auto str = [&](const char* name) -> std::string {
    if (!doc.is_object() || !doc.contains(name) || !doc[name].is_string()) return {};
    return doc[name].get<std::string>();
  };
  RegistryDocument out;
  out.issuer = str("issuer");
  const std::string public_url = str("public_url");
  const std::string jwks = str("jwks_uri"), list = str("status_list_uri");
  if (out.issuer.empty() || jwks.empty() || list.empty()) {
    std::cerr << "markctl verify: " << base << kRegistryDocument << " lacks issuer, jwks_uri or status_list_uri\n";
    return std::nullopt;
  }
  auto jwks_url = Rebase(jwks, public_url, base);
  auto list_url = Rebase(list, public_url, base);
  if (!jwks_url || !list_url) {
    std::cerr << "markctl verify: " << base << kRegistryDocument
              << " points to another site for its keys or status list; not followed\n";
    return std::nullopt;
  }
  out.jwks_url = *jwks_url;
  out.status_list_url = *list_url;
  return out;
}

// The registry that serves a JWKS URL: the part before /.well-known/jwks.json,
// or its origin.
std::string RegistryOfJwksUrl(const std::string& url) {
  const std::string suffix = kJwksPath;
  if (url.size() > suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0)
    return url.substr(0, url.size() - suffix.size());
  return UrlOrigin(url);
}

// One line about the certificate's mark, every part of it escaped.
std::string MarkLine(const json& payload, const std::string& kid) {
  auto text = [](const json& obj, const char* name) -> std::string {
    if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string()) return "?";
    return obj[name].get<std::string>();
  };
  const json mark = payload.is_object() && payload.contains("mark") ? payload["mark"] : json();
  const json service = mark.is_object() && mark.contains("service") ? mark["service"] : json();
  const json op = mark.is_object() && mark.contains("operator") ? mark["operator"] : json();
  return "  " + text(payload, "sub") + ": " + text(service, "name") + " / " + text(op, "name") + " (issuer " +
         text(payload, "iss") + ", key " + kid + ")";
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"registry", "jwks", "status-list", "issuer", "at"}, {"no-status"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1) return Usage("give exactly one CERT (file, - or URL)");
  const bool no_status = p.Has("no-status");
  if (no_status && p.Get("status-list")) return Usage("--no-status and --status-list contradict each other");
  int stdin_users = (p.positional[0] == "-") + (p.GetOr("jwks", "") == "-") + (p.GetOr("status-list", "") == "-");
  if (stdin_users > 1) return Usage("only one input can be - (stdin)");

  mark::Instant at = ProcessClock().Now();
  if (auto when = p.Get("at")) {
    auto parsed = mark::ParseInstant(*when);
    if (!parsed) return Usage("--at must be RFC 3339 UTC, e.g. 2026-04-01T00:00:00Z");
    at = *parsed;
  }

  // The registry: named, or the one serving the JWKS URL given.
  std::optional<RegistryDocument> doc;
  if (auto registry = p.Get("registry")) {
    const std::string base(mark::TrimTrailingSlashes(*registry));
    if (!IsUrl(base)) return Usage("--registry must be an http:// or https:// URL");
    doc = ReadRegistryDocument(base);
    if (!doc) return kSetup;
  } else if (auto jwks = p.Get("jwks"); jwks && IsUrl(*jwks)) {
    doc = ReadRegistryDocument(RegistryOfJwksUrl(*jwks));
    if (!doc) std::cerr << "markctl verify: no registry document beside " << *jwks << "; status not checked\n";
  }
  if (!doc && !p.Get("jwks")) return Usage("give --registry URL, or --jwks JWKS (file or URL)");

  const std::string jwks_where = p.Get("jwks") ? *p.Get("jwks") : doc->jwks_url;
  auto jwks_text = Load(jwks_where);
  if (!jwks_text) return kSetup;
  auto jwks = crypto::Jwks::Parse(*jwks_text);
  if (!jwks) {
    std::cerr << "markctl verify: JWKS " << jwks_where << ": " << jwks.error().message << "\n";
    return kSetup;
  }

  std::string issuer(mark::TrimTrailingSlashes(p.GetOr("issuer", doc ? doc->issuer : "")));

  std::optional<crypto::StatusList> list;
  std::string list_where;
  if (!no_status) {
    if (auto given = p.Get("status-list"))
      list_where = *given;
    else if (doc)
      list_where = doc->status_list_url;
  }
  if (!list_where.empty()) {
    auto list_text = Load(list_where);
    if (!list_text) return kSetup;
    auto verified = crypto::VerifyStatusList(mark::TrimAsciiSpace(*list_text), *jwks, at, issuer);
    if (!verified) {
      std::cerr << "markctl verify: status list " << list_where
                << " not usable: " << mark::EscapeForTerminal(verified.error().message) << "\n";
      return kSetup;
    }
    list = std::move(*verified);
    // Offline, the signed list says whose it is.
    if (issuer.empty()) issuer = list->iss;
  }

  auto cert = Load(p.positional[0]);
  if (!cert) return kSetup;
  crypto::VerifyOptions options;
  options.status_list = list ? &*list : nullptr;
  options.issuer = issuer;
  auto v = crypto::VerifyCertificate(mark::TrimAsciiSpace(*cert), *jwks, at, options);
  if (!v.valid) {
    std::cout << "invalid (" << v.reason_code << "): " << mark::EscapeForTerminal(v.reason) << "\n";
    return kInvalid;
  }
  std::string status;
  int code = kValid;
  if (list) {
    status = "status checked against the list of " + mark::FormatInstant(list->iat);
  } else if (no_status) {
    status = "status not checked (--no-status)";
  } else {
    status = "status NOT checked (no status list: give --registry URL or --status-list LIST)";
    code = kStatusUnchecked;
  }
  if (issuer.empty()) status += "; issuer not compared";
  std::cout << "valid: " << mark::EscapeForTerminal(v.reason) << "; " << status << "\n"
            << mark::EscapeForTerminal(MarkLine(v.payload, v.kid)) << "\n";
  return code;
}

bool registered = RegisterCommand(
    {"verify",
     "  markctl verify CERT (--registry URL | --jwks JWKS) [--status-list LIST] [--issuer URL] [--no-status]\n"
     "                 [--at RFC3339]   exit 0 valid, 1 not valid, 2 set-up error, 3 status not checked",
     &Run});

}  // namespace
}  // namespace markctl::cmd_verify
