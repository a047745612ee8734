// Look-alike keys, stored beside what they key: each operator's and
// service's name and name_en under common/text.h's LookalikeKey (table
// name_keys), and each SSID's skeleton (service_ssids.skeleton,
// common/ssid_skeleton.h). They find, through an index, names and SSIDs of
// different operators that look the same (registry/attention.h, registry/identifiers.h).
//
// Both come from ICU's data (mark::TextDataVersion) and our folding rules,
// so a database keeps, in registry_meta 'lookalike_keys', what its keys were
// made with; when the running program's differs (an ICU upgrade, a new
// rule, a database from before name_keys) every key is made again, once,
// when the database is opened for writing (Migrate).
//
// Functions run inside the caller's transaction; SQL lives here, bound
// parameters only.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "common/clock.h"

namespace mark::storage {

enum class NameOwner { kOperator, kService };

// Stores the keys of an operator's (`id` == `operator_id`) or a service's
// name and name_en; a key that changes takes `at` as the instant it was
// named, one that stays keeps its own. Call with every write of the names.
void StoreNameKeys(SQLite::Database& db, NameOwner owner, const std::string& id, const std::string& operator_id,
                   const std::string& name, const std::string& name_en, Instant at);

// One side of a look-alike pair: an operator's or a service's name.
struct NamedThing {
  NameOwner owner = NameOwner::kOperator;
  std::string id;           // the operator's or the service's
  std::string operator_id;  // the operator's own id for an operator
  std::string field;        // "name" | "name_en"
  std::string name;         // the text as stored
  std::string number;       // a service's mark; "" for operators and services without one
  std::string named_at;     // RFC 3339: when it took this key
};

// A name that looks like (or is) a name of another operator, or of a
// service of another operator, named earlier: `name` is the newer one.
// Services whose mark was returned are left out. Two operators make one
// pair, by the name that first made them alike (their other names alike
// add nothing a person would not see from it): each name is paired with the
// earliest name of another operator that shares its key, and of the pairs
// of two operators the one named first is kept. Oldest first.
struct LookalikeNamePair {
  NamedThing name;
  NamedThing other;
};
std::vector<LookalikeNamePair> LookalikeNamePairs(SQLite::Database& db);

// What this program's keys are made with: TextDataVersion() and the
// version of our own folding rules (LookalikeKey, SsidSkeleton).
std::string LookalikeKeysVersion();

// Whether the stored keys were made with LookalikeKeysVersion().
bool LookalikeKeysCurrent(SQLite::Database& db);

// Makes every name key and SSID skeleton again (names that have none yet
// take their operator's or service's created_at as named_at) and records
// LookalikeKeysVersion(). In the caller's write transaction.
void RefreshLookalikeKeys(SQLite::Database& db);

}  // namespace mark::storage
