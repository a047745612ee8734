// markctl token create|revoke: bearer tokens for the secretariat API, and
// calendar tokens for subscribing to the iCalendar feed. The token is printed
// once on stdout; the database keeps only its hash.
#include <iostream>

#include "command.h"
#include "registry_access.h"
#include "storage/database.h"
#include "registry/tokens.h"

namespace markctl::cmd_token {
namespace {

int Usage(const std::string& why) {
  std::cerr << "markctl token: " << why << "\n"
            << "usage: markctl token create --db PATH --role secretariat|reviewer|auditor|calendar --name NAME\n"
            << "                           [--state DIR]\n"
            << "       markctl token revoke --db PATH --name NAME [--state DIR]\n";
  return 2;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "role", "name", "state"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1) return Usage("expected create or revoke");
  auto db_path = p.Get("db");
  auto name = p.Get("name");
  if (!db_path || !name) return Usage("--db and --name are required");
  auto opened = OpenForWrites("token", *db_path, p.GetOr("state", ""), "");
  if (!opened) return 2;
  auto& db = opened->db;
  const mark::Clock& clock = ProcessClock();
  if (p.positional[0] == "create") {
    auto role = mark::registry::ParseRole(p.GetOr("role", ""));
    if (!role) return Usage("--role must be secretariat, reviewer, auditor or calendar");
    auto token = mark::registry::CreateToken(*db, *role, *name, clock.Now());
    if (!token) {
      std::cerr << "markctl token: " << token.error().message << "\n";
      return 2;
    }
    std::cerr << "created " << mark::registry::ToString(*role) << " token '" << *name
              << "'; it is shown only now, keep it safe\n";
    if (*role == mark::registry::Role::kCalendar)
      std::cerr << "subscribe a calendar app to PUBLIC_URL/api/v1/calendar.ics?token=<the token>; it reads that\n"
                   "feed and nothing else\n";
    std::cout << *token << std::endl;
    return 0;
  }
  if (p.positional[0] == "revoke") {
    auto st = mark::registry::RevokeToken(*db, *name, clock.Now());
    if (!st) {
      std::cerr << "markctl token: " << st.error().message << "\n";
      return 1;
    }
    std::cerr << "revoked token '" << *name << "'\n";
    return 0;
  }
  return Usage("unknown sub-command " + p.positional[0]);
}

const bool registered = RegisterCommand(
    {"token", "  markctl token create --db PATH --role ROLE --name NAME | revoke --db PATH --name NAME  [--state DIR]",
     &Run});

}  // namespace
}  // namespace markctl::cmd_token
