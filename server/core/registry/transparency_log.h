// TransparencyLog: the append-only log of every certificate issued and every
// status change (issue 6), kept in the log_entries table. Appends happen
// inside the registry's write transaction, so an entry exists exactly when
// the change it records does.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/jst.h"
#include "common/result.h"

namespace mark::registry {

// The bytes hashed as a Merkle leaf for an event: its JSON text with keys in
// sorted order (nlohmann's default), so anyone can re-derive it from `entry`.
std::string LeafInput(const nlohmann::json& event);

// Appends one entry in the caller's transaction; returns its index.
long long AppendLogEntry(SQLite::Database& tx, const nlohmann::json& event, Instant at);

class TransparencyLog {
 public:
  virtual ~TransparencyLog() = default;
  // Called inside the write transaction after its entries were appended;
  // may write a signed checkpoint in the same transaction.
  virtual Status BeforeCommit(SQLite::Database& tx, Instant at) = 0;
  // Called after the transaction committed (true) or rolled back (false).
  virtual void AfterTransaction(bool committed) = 0;
};

}  // namespace mark::registry
