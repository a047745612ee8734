// markctl service amend / operator amend: amendments for scripts, through
// the same Registry API as PATCH /api/v1/services/{id} and
// /api/v1/operators/{id} (validation, re-issued certificates, history, log,
// audit). Prints the answer JSON on stdout; exit 0 done, 1 refused (the
// fields at fault on stderr), 2 usage or set-up error.
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "common/json_text.h"
#include "signing_registry.h"

namespace markctl::cmd_amend {
namespace {

using nlohmann::json;

constexpr const char* kServiceUsage =
    "usage: markctl service amend ID --db PATH --keys DIR --reason TEXT [--name NAME] [--name-en NAME]\n"
    "         [--domain D]... [--clear-domains] [--ssid S]... [--venue V]... [--clear-venues]\n"
    "         [--shared-domain D]... [--shared-reason TEXT] [--note-internal TEXT] [--state DIR] [--dry-run]\n";
constexpr const char* kOperatorUsage =
    "usage: markctl operator amend ID --db PATH --keys DIR --reason TEXT [--name NAME] [--name-en NAME]\n"
    "         [--website URL] [--corporate-number N] [--contact ROLE:EMAIL]... [--clear-contacts]\n"
    "         [--note-internal TEXT] [--state DIR] [--dry-run]\n";

int Usage(const char* usage, const std::string& why) {
  if (!why.empty()) std::cerr << "markctl: " << why << "\n";
  std::cerr << usage;
  return 2;
}

// Sends `body` to the registry (or previews it) and reports as the API would.
int Amend(const std::string& what, const Parsed& p, const std::string& id, const json& body) {
  // Re-issued certificates carry the registry's stored issuer.
  auto signing = SigningRegistry::Open({what + " amend", *p.Get("db"), p.GetOr("state", ""), *p.Get("keys"),
                                        p.GetOr("public-url", "http://127.0.0.1:8080"), p.Get("issuer"), false});
  if (!signing) return 2;
  mark::registry::Registry& registry = signing->registry();
  const bool service = what == "service";
  mark::Result<json> answer = json();
  if (p.Has("dry-run")) {
    answer = service ? registry.PreviewServiceAmendment(id, body) : registry.PreviewOperatorAmendment(id, body);
  } else {
    mark::registry::WriteRequest req{{"markctl", ""}, "", ""};
    auto w = service ? registry.AmendService(id, body, req) : registry.AmendOperator(id, body, req);
    if (w)
      answer = std::move(w->body);
    else
      answer = w.error();
  }
  if (!answer) {
    const mark::Error& e = answer.error();
    std::cerr << "markctl " << what << " amend: " << id << " was not amended: " << e.message << "\n";
    for (const mark::FieldError& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return e.code == mark::ErrorCode::kInvalid || e.code == mark::ErrorCode::kConflict ||
                   e.code == mark::ErrorCode::kNotFound
               ? 1
               : 2;
  }
  std::cout << mark::JsonTextIndented(*answer) << "\n";
  if (answer->contains("reissued"))
    for (const auto& n : (*answer)["reissued"])
      std::cerr << "re-issued the certificate of " << n.get<std::string>() << "\n";
  return 0;
}

int Service(const Args& args) {
  if (args.empty() || args[0] != "amend") return Usage(kServiceUsage, "");
  Parsed p = ParseArgs(Args(args.begin() + 1, args.end()),
                       {"db", "keys", "reason", "name", "name-en", "domain", "ssid", "venue", "shared-domain",
                        "shared-reason", "note-internal", "public-url", "issuer", "state"},
                       {"clear-domains", "clear-venues", "dry-run"});
  if (!p.error.empty()) return Usage(kServiceUsage, p.error);
  if (p.positional.size() != 1 || !p.Get("db") || !p.Get("keys") || !p.Get("reason"))
    return Usage(kServiceUsage, "give the service ID, --db, --keys and --reason");
  json body = {{"reason", *p.Get("reason")}};
  if (auto v = p.Get("name")) body["name"] = *v;
  if (auto v = p.Get("name-en")) body["name_en"] = *v;
  if (p.Has("clear-domains") || p.Get("domain")) body["domains"] = p.GetAll("domain");
  if (p.Get("ssid")) body["ssids"] = p.GetAll("ssid");
  if (p.Has("clear-venues") || p.Get("venue")) body["venues"] = p.GetAll("venue");
  if (p.Get("shared-domain") || p.Get("shared-reason"))
    body["shared"] = {{"domains", p.GetAll("shared-domain")}, {"reason", p.GetOr("shared-reason", "")}};
  if (auto v = p.Get("note-internal")) body["note_internal"] = *v;
  return Amend("service", p, p.positional[0], body);
}

int Operator(const Args& args) {
  if (args.empty() || args[0] != "amend") return Usage(kOperatorUsage, "");
  Parsed p = ParseArgs(Args(args.begin() + 1, args.end()),
                       {"db", "keys", "reason", "name", "name-en", "website", "corporate-number", "contact",
                        "note-internal", "public-url", "issuer", "state"},
                       {"clear-contacts", "dry-run"});
  if (!p.error.empty()) return Usage(kOperatorUsage, p.error);
  if (p.positional.size() != 1 || !p.Get("db") || !p.Get("keys") || !p.Get("reason"))
    return Usage(kOperatorUsage, "give the operator ID, --db, --keys and --reason");
  json body = {{"reason", *p.Get("reason")}};
  if (auto v = p.Get("name")) body["name"] = *v;
  if (auto v = p.Get("name-en")) body["name_en"] = *v;
  if (auto v = p.Get("website")) body["website"] = *v;
  if (auto v = p.Get("corporate-number")) body["corporate_number"] = *v;
  if (p.Has("clear-contacts") || p.Get("contact")) {
    json contacts = json::array();
    for (const std::string& c : p.GetAll("contact")) {
      auto colon = c.find(':');
      if (colon == std::string::npos)
        return Usage(kOperatorUsage, "--contact takes ROLE:EMAIL, e.g. renewal:mark@example.jp");
      contacts.push_back({{"role", c.substr(0, colon)}, {"email", c.substr(colon + 1)}});
    }
    body["contacts"] = contacts;
  }
  if (auto v = p.Get("note-internal")) body["note_internal"] = *v;
  return Amend("operator", p, p.positional[0], body);
}

const bool service_registered = RegisterCommand(
    {"service",
     "  markctl service amend ID --db PATH --keys DIR --reason TEXT [--name N] [--name-en N] [--domain D]...\n"
     "          [--clear-domains] [--ssid S]... [--venue V]... [--clear-venues] [--shared-domain D]...\n"
     "          [--shared-reason TEXT] [--note-internal TEXT] [--state DIR] [--dry-run]\n"
     "      amend a service (lists replace the old ones whole; the reason is public); re-issues the\n"
     "      certificate of its mark when a certified fact changes; --dry-run says what would happen",
     &Service});
const bool operator_registered = RegisterCommand(
    {"operator",
     "  markctl operator amend ID --db PATH --keys DIR --reason TEXT [--name N] [--name-en N] [--website URL]\n"
     "          [--corporate-number N] [--contact ROLE:EMAIL]... [--clear-contacts] [--note-internal TEXT]\n"
     "          [--state DIR] [--dry-run]\n"
     "      amend an operator; re-issues the certificates of its marks when a certified fact changes",
     &Operator});

}  // namespace
}  // namespace markctl::cmd_amend
