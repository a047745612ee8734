// One audited, idempotent write transaction: who asked (Actor, WriteRequest),
// what it answered (WriteResult), and AuditedWrite, which runs a write's body
// in one transaction with its idempotency record and its audit row, and
// records a refusal when the body refuses. The registry adds its own steps
// around the body (the clock check, the notices, the transparency log's
// commit) through WriteSteps; stores beside it write through the registry
// (Registry::WriteAudited) so that they get the same steps.
// Thread-safe as Database is.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::storage {

struct Actor {
  std::string name;    // token name, e.g. "secretariat-tanaka"; "markctl" for local tools
  std::string remote;  // peer address, "" for local tools
};

// How a mutation was asked for. A repeated idempotency key returns the
// first answer (and changes nothing); the same key with a different request
// is a conflict.
struct WriteRequest {
  Actor actor;
  std::string idempotency_key;      // empty: none
  std::string request_fingerprint;  // hash of method, path and body
};

struct WriteResult {
  WriteResult(nlohmann::json body_in = {}, bool created_in = false, bool replayed_in = false)
      : body(std::move(body_in)), created(created_in), replayed(replayed_in) {}
  nlohmann::json body;
  bool created = false;      // a new resource (operator, service, mark)
  bool replayed = false;     // answered from an idempotency record
  std::string audit_detail;  // what the audit record says beside the action (not kept for replays)
};

// What a writer adds around the body, each optional. `before` runs inside the
// transaction before the body (not for a replay), `after` after the body
// succeeded, before the idempotency record and the audit row; either one
// refusing rolls everything back. `finished` runs after the transaction,
// told whether a change was committed (false for a replay or a rollback).
struct WriteSteps {
  std::function<Status(SQLite::Database&)> before;
  std::function<Status(SQLite::Database&)> after;
  std::function<void(bool committed)> finished;
};

using WriteBody = std::function<Result<WriteResult>(SQLite::Database&)>;

// Runs `body` in one write transaction stamped `now`. A known idempotency
// key answers the stored result (a different request under it: kConflict).
// On success the audit row names `target`, or else the body's "id" or
// "number". A refusal rolls back and is audited as "refused" in a
// transaction of its own, unless storage failed or the outcome is unknown.
Result<WriteResult> AuditedWrite(Database& db, Instant now, const std::string& action, const std::string& target,
                                 const WriteRequest& req, const WriteBody& body, const WriteSteps& steps = {});

}  // namespace mark::storage
