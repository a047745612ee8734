#include "registry/failed_attempts.h"

#include <SQLiteCpp/Statement.h>

#include <set>

#include "common/jst.h"
#include "storage/audit.h"
#include "storage/query.h"

namespace mark::registry {

namespace {

// "YYYY-MM-DDTHH:00:00Z" for a minute as MinuteOf writes it.
std::string HourOf(const std::string& minute) { return minute.substr(0, 14) + "00:00Z"; }

std::string Plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void Upsert(SQLite::Database& tx, const std::string& minute, const std::string& remote, long long refused,
            long long blocked) {
  storage::Query q(tx,
                   "INSERT INTO auth_failures (remote, minute, refused, blocked) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (remote, minute) DO UPDATE SET refused = refused + ?3, blocked = blocked + ?4");
  q->bind(1, remote);
  q->bind(2, minute);
  q->bind(3, static_cast<int64_t>(refused));
  q->bind(4, static_cast<int64_t>(blocked));
  q->exec();
}

bool Audited(SQLite::Database& tx, const std::string& hour, const std::string& remote) {
  storage::Query q(tx, "SELECT 1 FROM auth_failure_audits WHERE hour = ? AND remote = ?");
  q->bind(1, hour);
  q->bind(2, remote);
  return q->executeStep();
}

void MarkAudited(SQLite::Database& tx, const std::string& hour, const std::string& remote) {
  storage::Query q(tx, "INSERT INTO auth_failure_audits (hour, remote) VALUES (?, ?)");
  q->bind(1, hour);
  q->bind(2, remote);
  q->exec();
}

// The audit row for `remote` in `hour`, once its attempts there reach the
// threshold, within the hour's allowance of such rows.
void MaybeAudit(SQLite::Database& tx, const std::string& hour, const std::string& remote, Instant now) {
  const std::string end = FormatInstant(*ParseInstant(hour) + std::chrono::hours(1));
  storage::Query sum(tx,
                     "SELECT COALESCE(SUM(refused), 0), COALESCE(SUM(blocked), 0) FROM auth_failures "
                     "WHERE remote = ? AND minute >= ? AND minute < ?");
  sum->bind(1, remote);
  sum->bind(2, hour);
  sum->bind(3, end);
  sum->executeStep();
  const long long refused = sum->getColumn(0).getInt64();
  const long long blocked = sum->getColumn(1).getInt64();
  if (refused + blocked < FailedAttempts::kAuditThreshold || Audited(tx, hour, remote)) return;
  storage::Query rows(tx, "SELECT COUNT(*) FROM auth_failure_audits WHERE hour = ? AND remote <> ?");
  rows->bind(1, hour);
  rows->bind(2, FailedAttempts::kOthers);
  rows->executeStep();
  const std::string hour_text = "in the hour from " + hour;
  if (rows->getColumn(0).getInt64() < FailedAttempts::kMaxAuditRowsPerHour) {
    storage::AppendAudit(
        tx, storage::AuditRecord{0, now, "", remote, "auth.failures", "bearer token", "refused",
                                 Plural(refused + blocked, "refused token attempt", "refused token attempts") +
                                     " from this address " + hour_text + " (" + std::to_string(refused) +
                                     " without a valid token, " + std::to_string(blocked) +
                                     " while locked out); later ones this hour are counted in auth_failures only"});
    MarkAudited(tx, hour, remote);
  } else if (!Audited(tx, hour, FailedAttempts::kOthers)) {
    storage::AppendAudit(
        tx, storage::AuditRecord{0, now, "", FailedAttempts::kOthers, "auth.failures", "bearer token", "refused",
                                 "more than " + std::to_string(FailedAttempts::kMaxAuditRowsPerHour) +
                                     " addresses reached " + std::to_string(FailedAttempts::kAuditThreshold) +
                                     " refused token attempts " + hour_text +
                                     "; the others are counted in auth_failures only"});
    MarkAudited(tx, hour, FailedAttempts::kOthers);
  }
}

// Opens or extends the flood the last window adds up to, if it is one.
void NoteFlood(SQLite::Database& tx, Instant now, long long batch_attempts) {
  const Instant window_start = now - FailedAttempts::kFloodWindow + std::chrono::minutes(1);
  const std::string from = MinuteOf(window_start);
  storage::Query q(
      tx,
      "SELECT COUNT(DISTINCT CASE WHEN remote <> ?1 THEN remote END), COALESCE(SUM(refused + blocked), 0), "
      "COALESCE(SUM(remote = ?1), 0) FROM auth_failures WHERE minute >= ?2");
  q->bind(1, FailedAttempts::kOthers);
  q->bind(2, from);
  q->executeStep();
  const long long addresses = q->getColumn(0).getInt64();
  const long long attempts = q->getColumn(1).getInt64();
  const bool overflow = q->getColumn(2).getInt64() > 0;
  if (addresses < FailedAttempts::kFloodAddresses && attempts < FailedAttempts::kFloodAttempts && !overflow) return;
  storage::Query latest(tx, "SELECT id, last_at FROM token_floods ORDER BY id DESC LIMIT 1");
  if (latest->executeStep()) {
    const long long id = latest->getColumn(0).getInt64();
    const auto last = ParseInstant(latest->getColumn(1).getString());
    if (last && *last + FailedAttempts::kFloodGap >= now) {
      storage::Query up(tx,
                        "UPDATE token_floods SET last_at = ?, attempts = attempts + ?, addresses = MAX(addresses, ?) "
                        "WHERE id = ?");
      up->bind(1, FormatInstant(now));
      up->bind(2, static_cast<int64_t>(batch_attempts));
      up->bind(3, static_cast<int64_t>(addresses));
      up->bind(4, static_cast<int64_t>(id));
      up->exec();
      return;
    }
  }
  storage::Query ins(tx, "INSERT INTO token_floods (started_at, last_at, attempts, addresses) VALUES (?, ?, ?, ?)");
  ins->bind(1, from);
  ins->bind(2, FormatInstant(now));
  ins->bind(3, static_cast<int64_t>(attempts));
  ins->bind(4, static_cast<int64_t>(addresses));
  ins->exec();
}

}  // namespace

void CollectTokenFloods(SQLite::Database& db, std::vector<AttentionItem>& out) {
  storage::Query q(db, "SELECT id, started_at, last_at, attempts, addresses FROM token_floods ORDER BY id DESC");
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = AttentionKind::kTokenFlood;
    const long long attempts = q->getColumn(3).getInt64();
    const long long addresses = q->getColumn(4).getInt64();
    const std::string started = q->getColumn(1).getString();
    const std::string last = q->getColumn(2).getString();
    // "At least": past kMaxAddressesPerMinute a minute, addresses are not
    // told apart.
    item.detail = Plural(attempts, "refused bearer token attempt", "refused bearer token attempts") +
                  " from at least " + Plural(addresses, "address", "addresses") + " between " + started + " and " +
                  last +
                  " (UTC): someone is guessing tokens; auth.failures in the audit trail names the busiest addresses";
    item.facts = {{"flood_id", std::to_string(q->getColumn(0).getInt64())},
                  {"started_at", started},
                  {"last_at", last},
                  {"attempts", attempts},
                  {"addresses", addresses}};
    out.push_back(std::move(item));
  }
}

std::string MinuteOf(Instant at) { return FormatInstant(std::chrono::floor<std::chrono::minutes>(at)); }

void FailedAttempts::Record(const std::string& remote, AttemptOutcome outcome) {
  const std::string minute = MinuteOf(clock_.Now());
  std::lock_guard lock(mu_);
  if (minute != minute_) {
    minute_ = minute;
    minute_addresses_.clear();
  }
  std::string key = remote;
  if (!minute_addresses_.count(remote)) {
    if (minute_addresses_.size() < kMaxAddressesPerMinute)
      minute_addresses_.insert(remote);
    else
      key = kOthers;
  }
  Counts& c = pending_[{minute, key}];
  if (outcome == AttemptOutcome::kRefused)
    ++c.refused;
  else
    ++c.blocked;
}

Status FailedAttempts::Flush() {
  std::map<std::pair<std::string, std::string>, Counts> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return {};
  const Instant now = clock_.Now();
  Status st = db_.Write([&](SQLite::Database& tx) -> Status {
    long long attempts = 0;
    std::set<std::pair<std::string, std::string>> hours;  // (hour, address)
    for (const auto& [key, c] : batch) {
      Upsert(tx, key.first, key.second, c.refused, c.blocked);
      attempts += c.refused + c.blocked;
      if (key.second != kOthers) hours.insert({HourOf(key.first), key.second});
    }
    for (const auto& [hour, remote] : hours) MaybeAudit(tx, hour, remote, now);
    NoteFlood(tx, now, attempts);
    return Status{};
  });
  // Nothing was written: count it again next time. (When the outcome is
  // unknown they may be in already: better a count lost than one doubled.)
  if (!st && st.error().code != ErrorCode::kOutcomeUnknown) {
    std::lock_guard lock(mu_);
    for (const auto& [key, c] : batch) {
      Counts& p = pending_[key];
      p.refused += c.refused;
      p.blocked += c.blocked;
    }
  }
  return st;
}

}  // namespace mark::registry
