#include "registry/clock_watch.h"

#include <nlohmann/json.hpp>

#include "common/jst.h"
#include "storage/audit.h"
#include "storage/query.h"
#include "registry/registry_state.h"
#include "tlog/transparency_log.h"

namespace mark::registry {

ClockStanding JudgeClock(Instant now, std::optional<Instant> last_change) {
  ClockStanding s;
  s.now = std::chrono::floor<Seconds>(now);
  s.last_change = last_change;
  if (last_change) {
    const Seconds ahead = std::chrono::floor<Seconds>(*last_change - s.now);
    if (ahead > Seconds{0}) s.behind_by = ahead;
  }
  s.behind = s.behind_by > kClockTolerance;
  return s;
}

bool DependsOnTime(MarkStatus status) {
  return status == MarkStatus::kValid || status == MarkStatus::kNotYetValid || status == MarkStatus::kExpired;
}

void ApplyClockStanding(MarkView& view, const ClockStanding& s) {
  if (!s.behind || !DependsOnTime(view.status)) return;
  view.status = MarkStatus::kUnknown;
  view.status_reason = kClockBehindReason;
}

std::optional<Instant> LastChangeAt(SQLite::Database& db) {
  storage::Query meta(db, "SELECT value FROM registry_meta WHERE key = ?");
  meta->bind(1, kLastChangeMetaKey);
  if (meta->executeStep()) {
    if (auto at = ParseInstant(meta->getColumn(0).getString())) return at;
  }
  // Written before the key: the newest change the audit trail records.
  storage::Query audit(db, "SELECT at FROM audit WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1");
  if (audit->executeStep()) return ParseInstant(audit->getColumn(0).getString());
  return std::nullopt;
}

Status AdmitChange(SQLite::Database& tx, Instant now) {
  const ClockStanding s = JudgeClock(now, LastChangeAt(tx));
  if (s.behind)
    return Error::Make(ErrorCode::kClockBehind, ClockBehindFacts(s) + ": nothing was changed; " + ClockBehindRemedy());
  if (!s.last_change || s.now > *s.last_change) storage::SetRegistryMeta(tx, kLastChangeMetaKey, FormatInstant(s.now));
  return Status{};
}

std::string ClockBehindFacts(const ClockStanding& s) {
  return "the clock is behind the registry's last change by " + std::to_string(s.behind_by.count()) +
         " seconds (clock " + FormatInstant(s.now) + ", last change " +
         (s.last_change ? FormatInstant(*s.last_change) : std::string("none")) + ")";
}

std::string ClockBehindRemedy(const std::string& db_path) {
  return "writes resume once the clock is right; if the clock is right and the registry's times ran ahead, "
         "accept the earlier clock with: markctl clock accept-earlier --db " +
         db_path + " [--state DIR]";
}

std::string ClockBehindNotice(const ClockStanding& s, const std::string& db_path) {
  return ClockBehindFacts(s) +
         ": writes are refused, statuses that depend on the time answer unknown "
         "(clock_behind) and no status is signed; " +
         ClockBehindRemedy(db_path);
}

std::string ClockBackInStepNotice(const ClockStanding& s) {
  return "the clock is in step with the registry's last change again (clock " + FormatInstant(s.now) +
         ", last change " + (s.last_change ? FormatInstant(*s.last_change) : std::string("none")) +
         "): writes and statuses are back";
}

ClockStanding AcceptEarlierClock(SQLite::Database& tx, Instant now, const std::string& actor,
                                 const std::string& reason) {
  const ClockStanding s = JudgeClock(now, LastChangeAt(tx));
  if (!s.behind) return s;
  const std::string at = FormatInstant(s.now);
  const std::string last = FormatInstant(*s.last_change);
  nlohmann::json event = {{"type", "clock_accepted_earlier"},
                          {"at", at},
                          {"last_change_at", last},
                          {"behind_by_seconds", s.behind_by.count()}};
  if (!reason.empty()) event["reason"] = reason;
  tlog::AppendLogEntry(tx, event, s.now);
  std::string detail = "the registry's last change was at " + last + ", the clock read " + at + " (" +
                       std::to_string(s.behind_by.count()) + " seconds earlier); changes are timed by it from now on";
  if (!reason.empty()) detail += "; reason: " + reason;
  storage::AppendAudit(tx, storage::AuditRecord{0, s.now, actor, "", "clock.accept_earlier", last, "ok", detail});
  storage::SetRegistryMeta(tx, kLastChangeMetaKey, at);
  return s;
}

ClockStanding ClockWatch::Check(Instant now) const {
  ClockStanding s;
  Notice to_call;
  {
    std::lock_guard lock(mu_);
    // The generation first: a commit racing the read files its value under
    // the older generation, which the next check reads again.
    const uint64_t generation = db_.Generation();
    if (generation != generation_) {
      std::optional<Instant> read;
      Status st = db_.Read([&](SQLite::Database& db) {
        read = LastChangeAt(db);
        return Status{};
      });
      // A failed read keeps what was known (the next check reads again).
      if (st) {
        last_change_ = read;
        generation_ = generation;
      }
    }
    s = JudgeClock(now, last_change_);
    const int state = s.behind ? 1 : 0;
    if (state != reported_) {
      // At start-up only a clock behind is worth a line.
      if (notice_ && (reported_ != -1 || s.behind)) to_call = notice_;
      reported_ = state;
    }
  }
  if (to_call) to_call(s);
  return s;
}

}  // namespace mark::registry
