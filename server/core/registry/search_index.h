// The search index: each service's search keys (common/search_key.h) in the
// table search_keys, one row per distinct key, from the service's names,
// venues and SSIDs and its operator's names and corporate number. Search
// (Registry::Search) matches a query's key against them: a whole key through
// the index on `key`, a part by scanning the keys (a short table of short
// strings, far narrower than the services and operators it comes from).
// Migration 7 fills it for the rows that existed; every write that changes
// one of those facts calls a Store function below in its own transaction,
// so the index never lags a commit. Functions run inside the caller's
// Database::Read or Write; SQL lives here, bound parameters only.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace mark::registry {

// Replaces the search keys of service `service_id` with those of its
// current facts (as stored in this transaction).
void StoreSearchKeys(SQLite::Database& db, const std::string& service_id);

// StoreSearchKeys for every service of operator `operator_id` (its names
// and corporate number are in each service's keys).
void StoreOperatorSearchKeys(SQLite::Database& db, const std::string& operator_id);

// Subqueries for Registry::Search, which binds :key: the ids of services
// with a key equal to it (through the index) or containing it (a scan).
inline constexpr const char* kServicesWithWholeKey = "SELECT service_id FROM search_keys WHERE key = :key";
inline constexpr const char* kServicesWithKeyPart = "SELECT service_id FROM search_keys WHERE instr(key, :key) > 0";

}  // namespace mark::registry
