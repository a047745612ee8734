#include "storage/audited_write.h"

#include <optional>

#include "common/jst.h"
#include "common/json_text.h"
#include "storage/audit.h"
#include "storage/query.h"

namespace mark::storage {

using nlohmann::json;

namespace {

// The stored answer to `req`'s idempotency key, if it was used before.
Result<std::optional<WriteResult>> Replay(SQLite::Database& db, const WriteRequest& req) {
  if (req.idempotency_key.empty()) return std::optional<WriteResult>();
  Query q(db, "SELECT request_hash, result_kind, body FROM idempotency_keys WHERE actor = ? AND key = ?");
  q->bind(1, req.actor.name);
  q->bind(2, req.idempotency_key);
  if (!q->executeStep()) return std::optional<WriteResult>();
  if (q->getColumn(0).getString() != req.request_fingerprint)
    return Error::Make(ErrorCode::kConflict, "this Idempotency-Key was already used for a different request");
  json stored = json::parse(q->getColumn(2).getString(), nullptr, false);
  return std::optional<WriteResult>(WriteResult{std::move(stored), q->getColumn(1).getString() == "created", true});
}

void KeepForReplay(SQLite::Database& db, const WriteRequest& req, const WriteResult& r, Instant now) {
  if (req.idempotency_key.empty()) return;
  Query ins(db,
            "INSERT INTO idempotency_keys (actor, key, request_hash, result_kind, body, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
  ins->bind(1, req.actor.name);
  ins->bind(2, req.idempotency_key);
  ins->bind(3, req.request_fingerprint);
  ins->bind(4, r.created ? "created" : "ok");
  ins->bind(5, JsonText(r.body));
  ins->bind(6, FormatInstant(now));
  ins->exec();
}

}  // namespace

Result<WriteResult> AuditedWrite(Database& db, Instant now, const std::string& action, const std::string& target,
                                 const WriteRequest& req, const WriteBody& body, const WriteSteps& steps) {
  std::optional<WriteResult> result;
  Status st = db.Write([&](SQLite::Database& tx) -> Status {
    auto replay = Replay(tx, req);
    if (!replay) return replay.error();
    if (*replay) {
      result = std::move(**replay);
      return Status{};
    }
    if (steps.before) {
      if (Status ready = steps.before(tx); !ready) return ready;
    }
    auto r = body(tx);
    if (!r) return r.error();
    if (steps.after) {
      if (Status done = steps.after(tx); !done) return done;
    }
    KeepForReplay(tx, req, *r, now);
    std::string tgt = target;
    if (tgt.empty() && r->body.contains("id")) tgt = r->body["id"].get<std::string>();
    if (tgt.empty() && r->body.contains("number")) tgt = r->body["number"].get<std::string>();
    AppendAudit(tx, AuditRecord{0, now, req.actor.name, req.actor.remote, action, tgt, "ok", r->audit_detail});
    result = std::move(*r);
    return Status{};
  });
  if (steps.finished) steps.finished(st.has_value() && result && !result->replayed);
  if (!st) {
    // The change rolled back; the refusal itself is still worth a record.
    const Error& err = st.error();
    // Not when storage failed (the audit would fail too) or the outcome is
    // unknown: that change was not refused.
    if (err.code != ErrorCode::kUnavailable && err.code != ErrorCode::kOutcomeUnknown) {
      Status audit = RecordAudit(
          db, AuditRecord{0, now, req.actor.name, req.actor.remote, action, target, "refused", err.message});
      (void)audit;  // best effort: the caller already gets the real error
    }
    return err;
  }
  return std::move(*result);
}

}  // namespace mark::storage
