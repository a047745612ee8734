// The registry's issuer: the one `iss` that its certificates, status tokens
// and transparency log name, kept in registry_meta (key "issuer") so that
// moving the server (another listen address or public URL, http to https)
// does not change who the registry is. It is `--issuer URL` when given,
// otherwise the public URL of the first start. Changing it is deliberate:
// the new issuer is adopted by re-issuing every mark's current certificate
// under it (AdoptIssuer); a program told another issuer without that
// refuses to start.
//
// Every program that signs (markd, markctl demo, bench-seed, certificates
// reissue) settles its issuer here before it signs anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/audited_write.h"
#include "storage/database.h"

namespace mark::registry {

class Registry;

inline constexpr const char* kIssuerMetaKey = "issuer";

// An issuer as stored: an http:// or https:// URL naming a host, without
// user information, query, fragment, spaces or control characters; trailing
// slashes dropped. kInvalid (field "issuer") otherwise.
Result<std::string> NormalizeIssuer(std::string_view url);

// The stored issuer; nullopt when none is stored yet.
Result<std::optional<std::string>> LoadIssuer(const storage::Database& db);

// The issuer a registry has now, without storing anything: the stored one,
// else (a registry from before the issuer was stored) the iss of its newest
// certificate, else `fallback`. For read-only tools (markctl export).
Result<std::string> CurrentIssuer(const storage::Database& db, const std::string& fallback);

enum class IssuerChange { kRefuse, kAdopt };

struct IssuerChoice {
  std::string issuer;  // what to sign with from now on
  std::string stored;  // what the registry had ("" when it had none)
  // `issuer` differs from `stored` and kAdopt was given: call AdoptIssuer
  // before signing anything else; until then the registry keeps `stored`.
  bool adopt = false;
};

// Settles the issuer at start-up. `requested` (--issuer, normalised) wins
// when given; otherwise the registry's current issuer (CurrentIssuer), or
// `fallback` (the public URL of this first start). Stores the issuer when
// the database held none. A requested issuer other than the registry's is
// kConflict ("the registry's issuer is X, not Y") unless `change` is kAdopt.
Result<IssuerChoice> SettleIssuer(storage::Database& db, const std::optional<std::string>& requested,
                                  const std::string& fallback, IssuerChange change);

// Re-issues, under `registry`'s certificate issuer (REQUIRES: it signs with
// `issuer`), every mark's current certificate whose iss is not `issuer`,
// each with history kind `reissued`, audit and log entry, then stores
// `issuer`. Resumable: a run cut short leaves the old issuer stored and
// re-issues only what is still left the next time. Returns how many
// certificates were re-issued.
Result<long long> AdoptIssuer(Registry& registry, const std::string& issuer, const storage::WriteRequest& req);

}  // namespace mark::registry
