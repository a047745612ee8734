// Outbox: every notice the registry owes someone — an e-mail to an
// operator's contacts or the secretariat, a webhook delivery to a registered
// endpoint — written durably before anyone tries to deliver it, and kept
// after delivery as the record of what went out, when and to whom.
//
// Never lost: a notice caused by a change is written in that change's own
// transaction (Registry::Mutate calls EnqueueEventNotices with the mark
// events the transaction added), and a notice caused by time (reminders,
// expiry, fees, the digest: notice_schedule.h) once per notice key (UNIQUE).
// The senders (notify/notifier.h) deliver and only then record the delivery,
// so a crash between the two repeats a delivery with the same message id
// (Message-ID, webhook-id) and never drops one.
//
// States: pending (to deliver, at next_attempt_at) → sent; or dropped (no
// longer applies, with the reason: a renewal cancels its reminders, a later
// reminder supersedes an earlier one); webhooks also failed (retried for 24
// hours without success; redeliver or skip in the console) and skipped. A
// failed or pending webhook delivery holds back the later deliveries of the
// same (endpoint, mark), so a receiver sees a mark's events in order.
//
// SQL for the outbox lives here; functions taking SQLite::Database& run
// inside the caller's transaction and throw SQLite exceptions. Thread-safe
// as Database is.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "storage/database.h"
#include "registry/registry.h"

namespace mark::registry {

enum class Channel { kMail, kWebhook };
std::string_view ToString(Channel c);  // "mail" | "webhook"

// Whom a mail notice goes to: an operator's contacts of one role (falling
// back to all of the operator's contacts when none has the role), or the
// secretariat (--secretariat-mail).
inline constexpr const char* kRoleRenewal = "renewal";
inline constexpr const char* kRoleBilling = "billing";
inline constexpr const char* kRoleSecurity = "security";
inline constexpr const char* kRoleSecretariat = "secretariat";

// A notice to write.
struct NewNotice {
  std::string key;  // unique over the outbox: the same key is never written twice
  Channel channel = Channel::kMail;
  std::string kind;         // mail: renewal_reminder, expired, fee_reminder, fee_overdue, digest, granted, ...;
                            // webhook: the event type, e.g. mark.suspended
  std::string number;       // the mark, "" for none
  std::string operator_id;  // whose contacts (mail), "" for the secretariat
  std::string role;         // mail: one of the roles above
  std::string endpoint_id;  // webhook: the endpoint
  // Notices of one group (e.g. a mark's reminders for one valid_until): a
  // pending one is superseded once one of higher rank is written.
  std::string supersede_group;
  int rank = 0;
  std::string subject;                              // mail: UTF-8, encoded on sending
  std::string body;                                 // mail: the plain text; webhook: the JSON payload
  nlohmann::json facts = nlohmann::json::object();  // what CheckApplies compares with the registry
  // Non-empty: written as already dropped, with this reason (a reminder
  // missed while markd was down, recorded but never sent).
  std::string dropped_reason;
};

// Writes `n` unless a notice with its key exists (returns false then).
// Writing into a supersede group drops the group's pending notices of
// lower rank, with "superseded by <kind>" as the reason.
bool InsertNotice(SQLite::Database& db, const NewNotice& n, Instant now);
// Whether a notice with this key was ever written (in any state).
bool NoticeExists(SQLite::Database& db, const std::string& key);

struct OutboxRow {
  long long id = 0;
  std::string key;
  Channel channel = Channel::kMail;
  std::string kind, number, operator_id, role, endpoint_id, supersede_group;
  int rank = 0;
  std::string message_id, subject, body;
  nlohmann::json facts;
  std::string state;  // pending | sent | failed | dropped | skipped
  Instant created_at{};
  int attempts = 0;
  Instant next_attempt_at{};
  std::optional<Instant> first_attempt_at, last_attempt_at, done_at;
  std::string last_error, recipients, reason;
  // Set while a mail may be at the server with its outcome not recorded
  // (MarkSending): such a notice is delivered again, never dropped.
  std::optional<Instant> sending_since;
};
// The row as the outbox API shows it (body included: secretariat and
// auditors only).
nlohmann::json OutboxRowJson(const OutboxRow& row);

// The id of the newest mark event (0 when none): Mutate notes it before a
// transaction's body runs.
long long LastMarkEventId(SQLite::Database& db);
// For each mark event after `after_event_id` (those this transaction added):
// the notice to the operator's contacts (granted/imported, renewed,
// amended, suspended, reinstated, returned, revoked; re-issues are no news)
// and a delivery to every webhook endpoint that wants the event. A renewal,
// suspension, revocation or return drops the mark's pending renewal
// reminders and expiry notice ("cancelled: ...").
void EnqueueEventNotices(SQLite::Database& db, long long after_event_id, Instant now, const std::string& public_url);

// A delivery of webhook event `type` (mark.granted …) about `view` to every
// endpoint that wants it, keyed `key_prefix` + ":" + endpoint id. The
// payload (Standard Webhooks: {type, timestamp, data}) carries `event`
// ({kind, at, reason}), the mark as the public API shows it and its current
// certificate, so a receiver can verify it offline.
void EnqueueWebhookDeliveries(SQLite::Database& db, const std::string& type, const std::string& key_prefix,
                              const MarkView& view, const nlohmann::json& event, Instant now,
                              const std::string& public_url);

// Whether a pending notice still applies now: kDrop with the reason when it
// never will again (the mark was renewed, the fee paid, a later notice of its
// group written, the endpoint removed), kHold when not yet (the clock reads
// a time before it became due: a clock set back).
enum class Applicability { kApplies, kDrop, kHold };
struct ApplicabilityVerdict {
  Applicability verdict = Applicability::kApplies;
  std::string why;
};
ApplicabilityVerdict CheckApplies(SQLite::Database& db, const OutboxRow& row, Instant now);

// Pending notices of `channel` due at `now`, oldest first, at most `limit`.
// Webhook deliveries only where no earlier delivery of the same (endpoint,
// mark) is pending or failed.
std::vector<OutboxRow> DueNotices(SQLite::Database& db, Channel channel, Instant now, int limit);
// The e-mail addresses a mail notice goes to now (its role's contacts, or
// all of the operator's when none has the role; the secretariat address for
// the secretariat); empty when there is nobody to write to.
std::vector<std::string> NoticeRecipients(SQLite::Database& db, const OutboxRow& row,
                                          const std::string& secretariat_mail);
// The earliest next_attempt_at of a pending notice of `channel` (the
// sender's next wake-up), if any.
std::optional<Instant> NextAttemptAt(SQLite::Database& db, Channel channel);

// The newest created_at in the outbox: how far the clock had come when the
// last notice was written (the notifier waits while the clock reads earlier).
std::optional<Instant> NewestNoticeAt(SQLite::Database& db);

// Delivery bookkeeping, each in the caller's write transaction. An attempt
// is counted by MarkSent and MarkAttemptFailed; Hold postpones without one.
// MarkSending is recorded before a mail is handed to the server: from then
// on the notice may have arrived, so nothing drops it (a superseding
// reminder, a cancellation, MarkDropped) and a crash repeats it with the
// same Message-ID; MarkSent or MarkAttemptFailed clears it. False when the
// notice is no longer pending (dropped or skipped since the sender read it):
// then it is not sent.
[[nodiscard]] bool MarkSending(SQLite::Database& db, long long id, Instant now);
void MarkSent(SQLite::Database& db, long long id, Instant now, const std::string& recipients);
// A failed attempt: retried at `retry_at`, or failed for good when none.
void MarkAttemptFailed(SQLite::Database& db, long long id, Instant now, const std::string& error,
                       std::optional<Instant> retry_at);
void MarkDropped(SQLite::Database& db, long long id, Instant now, const std::string& reason);
void Hold(SQLite::Database& db, long long id, const std::string& why, Instant retry_at);

// Reads for the outbox API and the console, newest first.
struct OutboxFilter {
  std::string state;     // "" any
  std::string channel;   // "" any
  std::string number;    // "" any
  long long before = 0;  // ids below this (paging); 0 from the newest
  int limit = 50;
};
Result<std::vector<OutboxRow>> ListOutbox(const storage::Database& db, const OutboxFilter& filter);
// Notices per state (every state listed).
Result<std::map<std::string, long long>> OutboxCounts(const storage::Database& db);

// The console's actions (secretariat), audited through the registry:
// redeliver a failed (or pending) notice now, its attempts counted afresh
// (a webhook gets another 24 hours); skip a failed or pending webhook
// delivery ({reason}), which releases the deliveries it held back.
Result<WriteResult> RedeliverNotice(Registry& registry, long long id, const WriteRequest& req);
Result<WriteResult> SkipNotice(Registry& registry, long long id, const nlohmann::json& body, const WriteRequest& req);

}  // namespace mark::registry
