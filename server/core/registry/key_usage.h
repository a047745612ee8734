// Key usage: how many marks' current certificates a signing key still
// signs, so `markctl keys retire` refuses to retire a key that a current
// certificate needs (its certificates, and the verify pages that check them,
// would stop verifying): `markctl certificates reissue --kid` moves them to
// the active key first. Declared here for the crypto helper; implemented by
// the registry store.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace mark {

struct KeyUsage {
  long long current = 0;  // marks whose current certificate `kid` signed, in any state
  long long live = 0;     // of those, active or suspended and within their validity at `now`
};

// Counts in the registry database at `db_path` (opened read-only). Error
// when the database cannot be opened or read.
Result<KeyUsage> CountCurrentCertificatesByKid(const std::string& db_path, const std::string& kid, Instant now);

}  // namespace mark
