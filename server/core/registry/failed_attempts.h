// FailedAttempts: what the registry keeps of refused bearer tokens, bounded
// whatever the traffic (thousands of guesses a second from ever new
// addresses must not fill the disk or bury the audit trail).
//
// Kept:
//  - auth_failures: per address and UTC minute, how many tokens were
//    refused (missing or unknown: 401) and how many attempts came while the
//    address was locked out (429). At most kMaxAddressesPerMinute addresses
//    a minute are told apart; beyond them attempts are summed under the
//    address "*". Pruned after kKeepCounts (retention.h).
//  - the audit trail ("auth.failures", outcome "refused"): one row per
//    address and UTC hour, written when the address's attempts in that hour
//    reach kAuditThreshold and saying how many there were by then; at most
//    kMaxAuditRowsPerHour such rows an hour, then one row of address "*" for
//    the rest of the hour. So at most 101 rows an hour, whatever the load.
//  - token_floods: a flood is, within the last kFloodWindow (10 minutes),
//    attempts from at least kFloodAddresses (20) addresses, or at least
//    kFloodAttempts (200) attempts, or more addresses in a minute than are
//    told apart. A secretariat of a few dozen people never comes near: one
//    address is locked out after 10 failures in 5 minutes (http/auth.h), so
//    200 attempts in 10 minutes take many addresses or a client ignoring
//    429. Floods less than kFloodGap (an hour) apart are one; each is an
//    item on the attention list (kind token_flood) until pruned kKeepFloods
//    (7 days) after it ended.
//
// Record() counts in memory, Flush() writes what was counted in one
// transaction (markd flushes once a second: housekeeping.h), so a flood
// costs one commit a second, not one per guess. Memory is bounded as the
// table is. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/result.h"
#include "registry/attention.h"
#include "storage/database.h"

namespace mark::registry {

enum class AttemptOutcome {
  kRefused,  // no valid token (401)
  kBlocked,  // refused unread: the address is locked out (429)
};

class FailedAttempts {
 public:
  static constexpr size_t kMaxAddressesPerMinute = 200;
  static constexpr long long kAuditThreshold = 10;
  static constexpr long long kMaxAuditRowsPerHour = 100;
  static constexpr std::chrono::minutes kFloodWindow{10};
  static constexpr long long kFloodAddresses = 20;
  static constexpr long long kFloodAttempts = 200;
  static constexpr std::chrono::hours kFloodGap{1};
  // The address under which attempts beyond kMaxAddressesPerMinute, and the
  // audit row for addresses beyond kMaxAuditRowsPerHour, are kept.
  static constexpr const char* kOthers = "*";

  FailedAttempts(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  FailedAttempts(const FailedAttempts&) = delete;
  FailedAttempts& operator=(const FailedAttempts&) = delete;

  // Counts one refused attempt from `remote` (an address) now. Never fails
  // and never writes: Flush does.
  void Record(const std::string& remote, AttemptOutcome outcome);
  // Writes what was counted since the last Flush, the audit rows it calls
  // for, and the flood it adds to, in one transaction. On an error the
  // counts are kept for the next Flush (nothing is lost to a full disk
  // that recovers).
  Status Flush();

 private:
  struct Counts {
    long long refused = 0;
    long long blocked = 0;
  };
  storage::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  // (minute, address) -> counts not yet written.
  std::map<std::pair<std::string, std::string>, Counts> pending_;
  // The addresses told apart in the current minute (at most
  // kMaxAddressesPerMinute).
  std::string minute_;
  std::set<std::string> minute_addresses_;
};

// "YYYY-MM-DDTHH:MM:00Z": the UTC minute `at` falls in, as auth_failures
// keeps it.
std::string MinuteOf(Instant at);

// The attention list's token_flood items (attention.h): one per flood kept,
// newest first, with started_at, last_at, attempts and addresses.
void CollectTokenFloods(SQLite::Database& db, std::vector<AttentionItem>& out);

}  // namespace mark::registry
