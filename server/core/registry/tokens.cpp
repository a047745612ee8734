#include "registry/tokens.h"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include "common/base64.h"
#include "crypto/secret_bytes.h"
#include "crypto/sha256.h"
#include "crypto/sodium_init.h"
#include "storage/query.h"
#include "registry/validation.h"

namespace mark::registry {

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "secretariat") return Role::kSecretariat;
  if (s == "reviewer") return Role::kReviewer;
  if (s == "auditor") return Role::kAuditor;
  if (s == "calendar") return Role::kCalendar;
  return std::nullopt;
}

std::string_view ToString(Role r) {
  switch (r) {
    case Role::kSecretariat: return "secretariat";
    case Role::kReviewer: return "reviewer";
    case Role::kAuditor: return "auditor";
    case Role::kCalendar: return "calendar";
  }
  return "auditor";
}

static std::string HashToken(std::string_view token) {
  const crypto::Sha256Digest h = crypto::Sha256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

Result<std::string> CreateToken(storage::Database& db, Role role, const std::string& name, Instant now) {
  auto n = NormalizeName("name", name);
  if (!n) return n.error();
  if (Status ready = crypto::EnsureSodium(); !ready) return ready.error();
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  std::string token = "mk_" + Base64UrlEncode(std::string_view(reinterpret_cast<char*>(raw), sizeof raw));
  crypto::Wipe(raw);
  std::string hash = HashToken(token);
  Status st = db.Write([&](SQLite::Database& tx) -> Status {
    storage::Query dup(tx, "SELECT 1 FROM tokens WHERE name = ?");
    dup->bind(1, *n);
    if (dup->executeStep())
      return Error{ErrorCode::kConflict, "a token named " + *n + " exists", {{"name", "is already used"}}};
    storage::Query q(tx, "INSERT INTO tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)");
    q->bind(1, *n);
    q->bind(2, std::string(ToString(role)));
    q->bind(3, hash.data(), static_cast<int>(hash.size()));
    q->bind(4, FormatInstant(now));
    q->exec();
    return Status{};
  });
  if (!st) return st.error();
  return token;
}

Result<std::optional<Principal>> Authenticate(const storage::Database& db, std::string_view token) {
  if (token.size() < 10 || token.size() > 200) return std::optional<Principal>{};
  std::string hash = HashToken(token);
  std::optional<Principal> who;
  Status st = db.Read([&](SQLite::Database& tx) -> Status {
    // Index lookup by the hash, then a constant-time comparison of the bytes
    // found: timing reveals nothing about how close a guess came.
    storage::Query q(tx, "SELECT name, role, token_hash FROM tokens WHERE token_hash = ? AND revoked_at IS NULL");
    q->bind(1, hash.data(), static_cast<int>(hash.size()));
    if (!q->executeStep()) return Status{};
    auto stored = q->getColumn(2);
    if (stored.getBytes() != static_cast<int>(hash.size()) ||
        sodium_memcmp(stored.getBlob(), hash.data(), hash.size()) != 0)
      return Status{};
    auto role = ParseRole(q->getColumn(1).getString());
    if (!role) return Status{};
    who = Principal{q->getColumn(0).getString(), *role};
    return Status{};
  });
  if (!st) return st.error();
  return who;
}

Status RevokeToken(storage::Database& db, const std::string& name, Instant now) {
  return db.Write([&](SQLite::Database& tx) -> Status {
    storage::Query q(tx, "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
    q->bind(1, FormatInstant(now));
    q->bind(2, name);
    if (q->exec() == 0) return Error::Make(ErrorCode::kNotFound, "no active token named " + name);
    return Status{};
  });
}

}  // namespace mark::registry
