// Key usage: how many current certificates a signing key still signs, so
// `markctl keys retire` can refuse (without --force) to retire a key whose
// certificates would then stop verifying (issue 3 item 1).
// Declared here by the crypto helper; implemented by the registry store.
#pragma once

#include <string>

#include "common/result.h"

namespace mark {

// The number of marks whose current (latest) certificate was signed by
// `kid`, in the registry database at `db_path` (opened read-only). Error when
// the database cannot be opened or read.
Result<int> CountCurrentCertificatesByKid(const std::string& db_path, const std::string& kid);

}  // namespace mark
