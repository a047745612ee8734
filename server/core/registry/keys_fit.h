// Whether a key folder is this registry's: checked by markd before it
// listens, after the folder's own files passed crypto/key_file.h. A fresh or
// foreign keys/ loads fine on its own, yet every certificate would then show
// unknown_key to consumers (its kid is not in the JWKS) and the log would
// look forked (its checkpoints do not verify with the log key).
// Thread-safe (reads only).
#pragma once

#include <filesystem>

#include "common/result.h"
#include "crypto/jwk.h"
#include "storage/database.h"
#include "tlog/log_key.h"

namespace mark::registry {

// Ok when every mark's current certificate (in any state: an expired or
// revoked mark's page still checks its signature) is signed by a key in
// `published` (the JWKS markd serves from `keys_dir`), and the newest signed
// checkpoint verifies with `log_key` (<keys_dir>/log.key). Otherwise an
// Error of one line naming the file at fault (keys.json, log.key), what was
// found (how many certificates, an example mark, the kid) and what to do.
Status CheckKeysFitRegistry(const storage::Database& db, const crypto::Jwks& published, const tlog::LogKey& log_key,
                            const std::filesystem::path& keys_dir);

}  // namespace mark::registry
