// The clock against the registry's last change: a clock set back must not
// make an expired mark valid again, nor stamp changes earlier than changes
// already made.
//
// The registry's last change is the newest instant a change committed:
// registry_meta 'last_change_at' (RFC 3339 UTC), which every write through
// Registry::Mutate moves forward in its own transaction (AdmitChange); a
// database written before the key existed counts the time of its newest
// successful audit record until its next write. Misuse reports, tokens and
// refused attempts are not changes of the registry and leave it alone.
//
// The clock is *behind* when it reads more than kClockTolerance earlier than
// the last change (exactly kClockTolerance is still in step: clocks drift,
// and NTP steps them by a little). While it is behind:
//   - every write is refused with ErrorCode::kClockBehind, nothing changed;
//   - every status that depends on the time (valid, not yet valid,
//     expired) reads MarkStatus::kUnknown with status_reason "clock_behind";
//     suspended, revoked and returned do not depend on it and stand;
//   - no status statement or status list is signed (they carry the time);
//   - markd says so in its log, once when it starts and once when it ends
//     (ClockWatch::OnChange), and in /healthz.
// The clock is read at every check, so a clock that comes right again is
// noticed without a restart.
//
// A clock that ran ahead and committed changes makes the right time look
// behind. `markctl clock accept-earlier` accepts the earlier clock
// (AcceptEarlierClock): the last change becomes the clock's now, and the
// audit trail and the transparency log say what was accepted.
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/model.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::registry {

inline constexpr Seconds kClockTolerance{120};
// MarkView::status_reason of a status the clock cannot decide.
inline constexpr const char* kClockBehindReason = "clock_behind";
// The registry_meta key of the last change.
inline constexpr const char* kLastChangeMetaKey = "last_change_at";

// How the clock stands against the registry's last change.
struct ClockStanding {
  Instant now{};                       // the clock's reading, whole seconds
  std::optional<Instant> last_change;  // nullopt: nothing committed yet
  Seconds behind_by{0};                // last_change - now when positive, else 0
  bool behind = false;                 // behind_by > kClockTolerance
};

// The decision, in whole seconds (`now` is cut to its second, as stored
// instants are).
ClockStanding JudgeClock(Instant now, std::optional<Instant> last_change);

// Whether `status` follows from the time: valid, not yet valid, expired.
bool DependsOnTime(MarkStatus status);
// What a reader shows while the clock stands as `s`: a status that depends
// on the time becomes kUnknown with status_reason "clock_behind" when the
// clock is behind; otherwise `view` is left as it is.
void ApplyClockStanding(MarkView& view, const ClockStanding& s);

// The registry's last change as `db` holds it (see above). Throws
// SQLite::Exception.
std::optional<Instant> LastChangeAt(SQLite::Database& db);

// Inside a write transaction, before its change: refuses it
// (kClockBehind, with ClockBehindFacts and the remedy) when the clock is
// behind, else moves the last change forward to `now` (never back). Throws
// SQLite::Exception.
Status AdmitChange(SQLite::Database& tx, Instant now);

// "the clock is behind the registry's last change by 86400 seconds (clock
// 2026-12-01T03:00:00Z, last change 2026-12-02T03:00:00Z)"; for refusals, the
// log and /healthz.
std::string ClockBehindFacts(const ClockStanding& s);
// What puts it right: the clock, or `markctl clock accept-earlier --db
// PATH` when the registry's times ran ahead. Answers to clients leave
// `db_path` "PATH" (no server path goes out); markd's log names the file.
std::string ClockBehindRemedy(const std::string& db_path = "PATH");
// markd's log lines: when the clock falls behind (facts, what is refused,
// the remedy) and when it is in step again.
std::string ClockBehindNotice(const ClockStanding& s, const std::string& db_path);
std::string ClockBackInStepNotice(const ClockStanding& s);

// `markctl clock accept-earlier`, in the caller's write transaction: when
// the clock is behind, makes `now` the registry's last change and records
// it: an audit record (clock.accept_earlier, by `actor`, with `reason`) and
// a transparency-log entry {"type": "clock_accepted_earlier", "at",
// "last_change_at", "behind_by_seconds", "reason"?} (a checkpoint covers it
// with the next write that signs one, or markd's next start). Returns the
// standing it found; a clock not behind changes nothing. Throws
// SQLite::Exception.
ClockStanding AcceptEarlierClock(SQLite::Database& tx, Instant now, const std::string& actor,
                                 const std::string& reason);

// The standing as of a clock, for readers: the last change is read again
// only when the database's generation moved (storage/database.h: every commit, also
// other processes'), so a check is a clock read and a comparison.
// Thread-safe.
class ClockWatch {
 public:
  ClockWatch(const storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  ClockStanding Check() const { return Check(clock_.Now()); }
  ClockStanding Check(Instant now) const;

  // Called when a check finds the clock fallen behind (also the first
  // check, at start-up) or back in step after it was behind; not on every
  // check. Set once, before the checks start.
  using Notice = std::function<void(const ClockStanding&)>;
  void OnChange(Notice notice) { notice_ = std::move(notice); }

 private:
  const storage::Database& db_;
  const Clock& clock_;
  Notice notice_;
  mutable std::mutex mu_;
  mutable uint64_t generation_ = 0;  // 0: not read yet (generations start at 1)
  mutable std::optional<Instant> last_change_;
  mutable int reported_ = -1;  // -1 nothing said yet, 0 in step, 1 behind
};

}  // namespace mark::registry
