// Bearer tokens for the secretariat API (and calendar feeds). A token is 32 random bytes shown
// once ("mk_" + base64url); the database keeps only its SHA-256 (tokens are
// high-entropy, so a plain hash cannot be brute-forced), and a lookup
// compares hashes in constant time.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/jst.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::registry {

// kCalendar reads the iCalendar feed and nothing else. Calendar apps
// subscribe by URL alone, so it is the one token that may be sent in a URL
// (?token=): one in a URL is kept in histories and logs, and that one can
// reveal the renewal calendar and change nothing.
enum class Role { kSecretariat, kReviewer, kAuditor, kCalendar };
std::optional<Role> ParseRole(std::string_view s);
std::string_view ToString(Role r);

struct Principal {
  std::string name;
  Role role = Role::kAuditor;
};

// Creates a token named `name` (unique) and returns the token text.
Result<std::string> CreateToken(storage::Database& db, Role role, const std::string& name, Instant now);
// The principal a presented token belongs to; nullopt if unknown or revoked.
Result<std::optional<Principal>> Authenticate(const storage::Database& db, std::string_view token);
Status RevokeToken(storage::Database& db, const std::string& name, Instant now);

}  // namespace mark::registry
