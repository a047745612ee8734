// markctl certificates reissue [--kid OLD | --all] --db PATH --keys DIR
// Re-signs marks' current certificates with the active key under the
// registry's issuer, validity unchanged: the way to move every certificate
// off a key before `keys retire`, without renewing anything. Each mark gets
// a new current certificate (the old one is superseded), history `reissued`,
// an audit record and a transparency-log entry covered by a signed
// checkpoint. Run it while markd is stopped (markd serves the new log head
// after its next write or restart).
// Exit 0 done (also when nothing matched), 2 usage or set-up error.
#include <iostream>
#include <string>

#include "command.h"
#include "signing_registry.h"

namespace markctl::cmd_certificates {
namespace {

int Usage(const std::string& why) {
  std::cerr << "markctl certificates: " << why << "\n"
            << "usage: markctl certificates reissue (--kid KID | --all) --db PATH --keys DIR [--state DIR]\n";
  return 2;
}

int Reissue(const Args& raw_args) {
  // A kid is base64url and may start with "--": take --kid's value as it is.
  Args args;
  std::optional<std::string> kid;
  for (size_t i = 0; i < raw_args.size(); ++i) {
    if (raw_args[i] == "--kid" && i + 1 < raw_args.size())
      kid = raw_args[++i];
    else if (raw_args[i].rfind("--kid=", 0) == 0)
      kid = raw_args[i].substr(6);
    else
      args.push_back(raw_args[i]);
  }
  auto p = ParseArgs(args, {"db", "keys", "state"}, {"all"});
  if (!p.error.empty()) return Usage(p.error);
  if (!p.positional.empty()) return Usage("unexpected argument " + p.positional[0]);
  if (!p.Get("db") || !p.Get("keys")) return Usage("--db PATH and --keys DIR are required");
  if (kid.has_value() == p.Has("all")) return Usage("give either --kid KID or --all");
  if (kid && kid->empty()) return Usage("--kid needs a key id");

  auto signing = SigningRegistry::Open({"certificates reissue", *p.Get("db"), p.GetOr("state", ""), *p.Get("keys"),
                                        "http://127.0.0.1:8080", std::nullopt, true});
  if (!signing) return 2;
  const std::string active = signing->keys().Active().kid();
  if (kid && *kid == active) {
    std::cerr << "markctl certificates reissue: " << *kid
              << " is the active key; rotate first (markctl keys rotate), then re-sign\n";
    return 2;
  }
  auto numbers = signing->registry().MarksByCurrentCertificate({kid.value_or(""), ""});
  if (!numbers) {
    std::cerr << "markctl certificates reissue: " << numbers.error().message << "\n";
    return 2;
  }
  const std::string reason = kid ? "re-signed with the active key " + active + " (was " + *kid + ")"
                                 : "re-signed with the active key " + active;
  mark::registry::WriteRequest req{{"markctl-certificates", ""}, "", ""};
  auto done = signing->registry().ReissueAll(*numbers, reason, req);
  if (!done) {
    std::cerr << "markctl certificates reissue: " << done.error().message << "\n";
    return 2;
  }
  std::cout << "re-issued " << *done << " certificate" << (*done == 1 ? "" : "s") << " with key " << active
            << " under issuer " << signing->issuer() << "\n";
  return 0;
}

int Run(const Args& args) {
  if (!args.empty() && args[0] == "reissue") return Reissue(Args(args.begin() + 1, args.end()));
  return Usage(args.empty() ? "missing sub-command" : "unknown sub-command " + args[0]);
}

const bool registered =
    RegisterCommand({"certificates",
                     "  markctl certificates reissue (--kid KID | --all) --db PATH --keys DIR [--state DIR]\n"
                     "      re-sign current certificates with the active key, validity unchanged (before keys retire)",
                     &Run});

}  // namespace
}  // namespace markctl::cmd_certificates
