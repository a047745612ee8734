// Steps the registry's write transactions share (registry_writes.cpp,
// amendments.cpp): each runs inside the caller's Mutate() transaction and
// throws SQLite exceptions out of it, which roll the whole change back.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/model.h"
#include "common/result.h"
#include "registry/certificate_issuer.h"

namespace mark::registry {

// Issues and stores a certificate for the mark as it now stands in `db`,
// logs it, and makes it the current one. Returns (certificate id, log index).
Result<std::pair<long long, long long>> IssueAndStore(SQLite::Database& db, const CertificateIssuer& issuer,
                                                      const std::string& number, Instant now);

// Appends one event to the mark's history.
void InsertEvent(SQLite::Database& db, const std::string& number, const std::string& kind, Instant at,
                 const std::string& actor, const std::string& reason, Date from, Date until,
                 std::optional<long long> cert_id, std::optional<long long> log_index);

// Replaces the operator's contacts.
void StoreContacts(SQLite::Database& db, const std::string& operator_id, const std::vector<Contact>& contacts);

}  // namespace mark::registry
