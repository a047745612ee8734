#include "registry/outbox.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "common/json_text.h"
#include "registry/ids.h"
#include "registry/json_mapping.h"
#include "registry/notice_text.h"
#include "storage/query.h"
#include "storage/rows.h"
#include "registry/validity.h"
#include "registry/webhook_endpoints.h"

namespace mark::registry {

using nlohmann::json;

namespace {

constexpr const char* kRowColumns =
    "SELECT id, notice_key, channel, kind, number, operator_id, role, endpoint_id, supersede_group, rank, "
    "message_id, subject, body, facts, state, created_at, attempts, next_attempt_at, first_attempt_at, "
    "last_attempt_at, last_error, recipients, done_at, reason, sending_since FROM outbox ";

std::optional<Instant> OptInstant(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return ParseInstant(c.getString());
}

OutboxRow RowOf(SQLite::Statement& q) {
  OutboxRow r;
  r.id = q.getColumn(0).getInt64();
  r.key = q.getColumn(1).getString();
  r.channel = q.getColumn(2).getString() == "webhook" ? Channel::kWebhook : Channel::kMail;
  r.kind = q.getColumn(3).getString();
  r.number = q.getColumn(4).getString();
  r.operator_id = q.getColumn(5).getString();
  r.role = q.getColumn(6).getString();
  r.endpoint_id = q.getColumn(7).getString();
  r.supersede_group = q.getColumn(8).getString();
  r.rank = q.getColumn(9).getInt();
  r.message_id = q.getColumn(10).getString();
  r.subject = q.getColumn(11).getString();
  r.body = q.getColumn(12).getString();
  r.facts = json::parse(q.getColumn(13).getString(), nullptr, false);
  if (!r.facts.is_object()) r.facts = json::object();
  r.state = q.getColumn(14).getString();
  r.created_at = ParseInstant(q.getColumn(15).getString()).value_or(Instant{});
  r.attempts = q.getColumn(16).getInt();
  r.next_attempt_at = ParseInstant(q.getColumn(17).getString()).value_or(Instant{});
  r.first_attempt_at = OptInstant(q.getColumn(18));
  r.last_attempt_at = OptInstant(q.getColumn(19));
  r.last_error = q.getColumn(20).getString();
  r.recipients = q.getColumn(21).getString();
  r.done_at = OptInstant(q.getColumn(22));
  r.reason = q.getColumn(23).getString();
  r.sending_since = OptInstant(q.getColumn(24));
  return r;
}

json OptInstantJson(const std::optional<Instant>& at) { return at ? json(FormatInstant(*at)) : json(nullptr); }

std::optional<OutboxRow> LoadRow(SQLite::Database& db, long long id) {
  storage::Query q(db, std::string(kRowColumns) + "WHERE id = ?");
  q->bind(1, static_cast<int64_t>(id));
  if (!q->executeStep()) return std::nullopt;
  return RowOf(*q);
}

std::string FactString(const OutboxRow& row, const char* name) {
  auto it = row.facts.find(name);
  return it != row.facts.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The mark's state words a renewal reminder or expiry notice gives way to.
std::optional<std::string> WithdrawnWord(const Mark& m) {
  if (m.revoked) return "revoked";
  if (m.returned) return "returned";
  if (m.suspended) return "suspended";
  return std::nullopt;
}

ApplicabilityVerdict Drop(std::string why) { return {Applicability::kDrop, std::move(why)}; }
ApplicabilityVerdict HoldFor(std::string why) { return {Applicability::kHold, std::move(why)}; }

ApplicabilityVerdict CheckMarkTimeNotice(SQLite::Database& db, const OutboxRow& row, Date today) {
  auto mark = storage::LoadMark(db, row.number);
  if (!mark) return Drop("no mark " + row.number);
  if (auto w = WithdrawnWord(*mark)) return Drop("cancelled: the mark was " + *w);
  const std::string until = FactString(row, "valid_until");
  if (FormatDate(mark->valid_until) != until)
    return Drop("cancelled: the mark was renewed (valid until " + FormatDate(mark->valid_until) + ")");
  if (row.kind == "expired") {
    if (today <= mark->valid_until) return HoldFor("the clock reads " + FormatDate(today) + ", before the expiry");
    return {};
  }
  if (today > mark->valid_until) return Drop("superseded: the mark expired");
  const int offset = row.facts.value("offset", 0);
  if (today < AddDays(mark->valid_until, -offset))
    return HoldFor("the clock reads " + FormatDate(today) + ", before the reminder's day");
  return {};
}

ApplicabilityVerdict CheckFeeNotice(SQLite::Database& db, const OutboxRow& row, Date today) {
  storage::Query q(db, "SELECT due, paid_on, waived_at FROM fees WHERE id = ?");
  q->bind(1, FactString(row, "fee_id"));
  if (!q->executeStep()) return Drop("no fee " + FactString(row, "fee_id"));
  if (!q->getColumn(1).isNull()) return Drop("cancelled: the fee was paid on " + q->getColumn(1).getString());
  if (!q->getColumn(2).isNull()) return Drop("cancelled: the fee was waived");
  const std::string due_text = q->getColumn(0).isNull() ? std::string() : q->getColumn(0).getString();
  if (due_text != FactString(row, "due")) return Drop("cancelled: the fee's due date changed");
  const Date due = ParseDate(due_text).value_or(Date{});
  if (row.kind == "fee_overdue") {
    if (today <= due) return HoldFor("the clock reads " + FormatDate(today) + ", before the fee is overdue");
    return {};
  }
  if (today > due) return Drop("superseded: the fee is overdue");
  if (today < AddDays(due, -7)) return HoldFor("the clock reads " + FormatDate(today) + ", before the reminder's day");
  return {};
}

json WebhookPayload(const std::string& type, const json& event, const MarkView& view, const std::string& public_url) {
  return {{"type", type},
          {"timestamp", event.value("at", "")},
          {"data",
           {{"number", view.mark.number},
            {"event", event},
            {"mark", MarkViewJson(view, public_url)},
            {"certificate", view.certificate}}}};
}

}  // namespace

std::string_view ToString(Channel c) { return c == Channel::kWebhook ? "webhook" : "mail"; }

bool NoticeExists(SQLite::Database& db, const std::string& key) {
  storage::Query q(db, "SELECT 1 FROM outbox WHERE notice_key = ?");
  q->bind(1, key);
  return q->executeStep();
}

bool InsertNotice(SQLite::Database& db, const NewNotice& n, Instant now) {
  if (NoticeExists(db, n.key)) return false;
  const std::string at = FormatInstant(now);
  storage::Query q(
      db,
      "INSERT INTO outbox (notice_key, channel, kind, number, operator_id, role, endpoint_id, supersede_group, "
      "rank, message_id, subject, body, facts, state, created_at, next_attempt_at, reason, done_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, n.key);
  q->bind(2, std::string(ToString(n.channel)));
  q->bind(3, n.kind);
  q->bind(4, n.number);
  q->bind(5, n.operator_id);
  q->bind(6, n.role);
  q->bind(7, n.endpoint_id);
  q->bind(8, n.supersede_group);
  q->bind(9, n.rank);
  // Random, so that neither a Message-ID nor a webhook-id says how many
  // notices the registry sent; fixed here, so every retry repeats it.
  q->bind(10, NewId("msg_"));
  q->bind(11, n.subject);
  q->bind(12, n.body);
  q->bind(13, JsonText(n.facts));
  q->bind(14, n.dropped_reason.empty() ? "pending" : "dropped");
  q->bind(15, at);
  q->bind(16, at);
  q->bind(17, n.dropped_reason);
  if (n.dropped_reason.empty())
    q->bind(18);
  else
    q->bind(18, at);
  q->exec();
  if (!n.supersede_group.empty() && n.dropped_reason.empty()) {
    storage::Query drop(db,
                        "UPDATE outbox SET state = 'dropped', done_at = ?, reason = ? "
                        "WHERE supersede_group = ? AND rank < ? AND state = 'pending' AND sending_since IS NULL");
    drop->bind(1, at);
    drop->bind(2, "superseded by the " + n.kind + " notice " + n.key);
    drop->bind(3, n.supersede_group);
    drop->bind(4, n.rank);
    drop->exec();
  }
  return true;
}

json OutboxRowJson(const OutboxRow& r) {
  json facts = r.facts;
  return {{"id", r.id},
          {"key", r.key},
          {"channel", ToString(r.channel)},
          {"kind", r.kind},
          {"number", r.number.empty() ? json(nullptr) : json(r.number)},
          {"operator_id", r.operator_id.empty() ? json(nullptr) : json(r.operator_id)},
          {"role", r.role.empty() ? json(nullptr) : json(r.role)},
          {"endpoint_id", r.endpoint_id.empty() ? json(nullptr) : json(r.endpoint_id)},
          {"message_id", r.message_id},
          {"subject", r.subject},
          {"body", r.body},
          {"facts", std::move(facts)},
          {"state", r.state},
          {"created_at", FormatInstant(r.created_at)},
          {"attempts", r.attempts},
          {"next_attempt_at", r.state == "pending" ? json(FormatInstant(r.next_attempt_at)) : json(nullptr)},
          {"first_attempt_at", OptInstantJson(r.first_attempt_at)},
          {"last_attempt_at", OptInstantJson(r.last_attempt_at)},
          {"last_error", r.last_error},
          {"recipients", r.recipients},
          {"done_at", OptInstantJson(r.done_at)},
          {"reason", r.reason},
          {"sending_since", OptInstantJson(r.sending_since)}};
}

long long LastMarkEventId(SQLite::Database& db) {
  storage::Query q(db, "SELECT COALESCE(MAX(id), 0) FROM mark_events");
  q->executeStep();
  return q->getColumn(0).getInt64();
}

void EnqueueWebhookDeliveries(SQLite::Database& db, const std::string& type, const std::string& key_prefix,
                              const MarkView& view, const json& event, Instant now, const std::string& public_url) {
  std::optional<std::string> payload;
  for (const WebhookEndpoint& e : ActiveWebhookEndpoints(db)) {
    if (!e.Wants(type, view.mark.number, view.op.id)) continue;
    if (!payload) payload = JsonText(WebhookPayload(type, event, view, public_url));
    NewNotice n;
    n.key = key_prefix + ":" + e.id;
    n.channel = Channel::kWebhook;
    n.kind = type;
    n.number = view.mark.number;
    n.operator_id = view.op.id;
    n.endpoint_id = e.id;
    n.body = *payload;
    InsertNotice(db, n, now);
  }
}

void EnqueueEventNotices(SQLite::Database& db, long long after_event_id, Instant now, const std::string& public_url) {
  struct Event {
    long long id;
    std::string number, kind, reason, at;
  };
  std::vector<Event> events;
  {
    storage::Query q(db, "SELECT id, number, kind, reason, at FROM mark_events WHERE id > ? ORDER BY id");
    q->bind(1, static_cast<int64_t>(after_event_id));
    while (q->executeStep())
      events.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                        q->getColumn(3).getString(), q->getColumn(4).getString()});
  }
  for (const Event& ev : events) {
    if (ev.kind == "reissued") continue;  // the same facts re-signed: nothing to tell
    // An import enters a mark granted before this system: granted, to readers.
    const std::string kind = ev.kind == "imported" ? "granted" : ev.kind;
    auto view = storage::LoadMarkView(db, ev.number);
    if (!view) continue;
    view->status = StatusAt(view->mark, now);
    const std::string at = FormatInstant(now);
    if (kind == "renewed" || kind == "suspended" || kind == "revoked" || kind == "returned") {
      storage::Query cancel(
          db,
          "UPDATE outbox SET state = 'dropped', done_at = ?, reason = ? WHERE number = ? AND channel = 'mail' "
          "AND state = 'pending' AND sending_since IS NULL AND kind IN ('renewal_reminder', 'expired')");
      cancel->bind(1, at);
      cancel->bind(2, "cancelled: the mark was " + kind);
      cancel->bind(3, ev.number);
      cancel->exec();
    }
    NoticeText text = MarkEventText(*view, kind, ev.reason, public_url);
    NewNotice n;
    n.key = "event:" + std::to_string(ev.id) + ":mail";
    n.kind = kind;
    n.number = ev.number;
    n.operator_id = view->op.id;
    n.role = kind == "renewed" ? kRoleRenewal : kRoleSecurity;
    n.subject = std::move(text.subject);
    n.body = std::move(text.body);
    n.facts = {{"event_id", ev.id}};
    InsertNotice(db, n, now);
    json event = {{"id", ev.id}, {"kind", kind}, {"at", ev.at}, {"reason", ev.reason}};
    EnqueueWebhookDeliveries(db, "mark." + kind, "event:" + std::to_string(ev.id), *view, event, now, public_url);
  }
}

ApplicabilityVerdict CheckApplies(SQLite::Database& db, const OutboxRow& row, Instant now) {
  if (!row.supersede_group.empty()) {
    storage::Query q(db, "SELECT kind FROM outbox WHERE supersede_group = ? AND rank > ? ORDER BY rank DESC LIMIT 1");
    q->bind(1, row.supersede_group);
    q->bind(2, row.rank);
    if (q->executeStep()) return Drop("superseded by the " + q->getColumn(0).getString() + " notice");
  }
  if (row.channel == Channel::kWebhook) {
    auto e = LoadWebhookEndpoint(db, row.endpoint_id);
    if (!e || e->deleted_at) return Drop("the endpoint was removed");
    return {};
  }
  const Date today = JstDate(now);
  if (row.kind == "renewal_reminder" || row.kind == "expired") return CheckMarkTimeNotice(db, row, today);
  if (row.kind == "fee_reminder" || row.kind == "fee_overdue") return CheckFeeNotice(db, row, today);
  return {};
}

std::vector<OutboxRow> DueNotices(SQLite::Database& db, Channel channel, Instant now, int limit) {
  std::string sql = std::string(kRowColumns) + "AS o WHERE channel = ? AND state = 'pending' AND next_attempt_at <= ?";
  if (channel == Channel::kWebhook)
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = 'webhook' AND p.endpoint_id = o.endpoint_id "
        "AND p.number = o.number AND p.id < o.id AND p.state IN ('pending', 'failed'))";
  sql += " ORDER BY id LIMIT ?";
  storage::Query q(db, sql);
  q->bind(1, std::string(ToString(channel)));
  q->bind(2, FormatInstant(now));
  q->bind(3, limit);
  std::vector<OutboxRow> out;
  while (q->executeStep()) out.push_back(RowOf(*q));
  return out;
}

std::vector<std::string> NoticeRecipients(SQLite::Database& db, const OutboxRow& row,
                                          const std::string& secretariat_mail) {
  if (row.role == kRoleSecretariat) {
    if (secretariat_mail.empty()) return {};
    return {secretariat_mail};
  }
  const std::vector<Contact> contacts = storage::LoadContacts(db, row.operator_id);
  std::vector<std::string> out;
  auto add = [&out](const std::string& email) {
    if (std::find(out.begin(), out.end(), email) == out.end()) out.push_back(email);
  };
  for (const Contact& c : contacts)
    if (c.role == row.role) add(c.email);
  // No contact of the role: every contact of the operator hears of it.
  if (out.empty())
    for (const Contact& c : contacts) add(c.email);
  return out;
}

std::optional<Instant> NextAttemptAt(SQLite::Database& db, Channel channel) {
  storage::Query q(db, "SELECT MIN(next_attempt_at) FROM outbox WHERE channel = ? AND state = 'pending'");
  q->bind(1, std::string(ToString(channel)));
  if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
  return ParseInstant(q->getColumn(0).getString());
}

std::optional<Instant> NewestNoticeAt(SQLite::Database& db) {
  storage::Query q(db, "SELECT MAX(created_at) FROM outbox");
  if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
  return ParseInstant(q->getColumn(0).getString());
}

void MarkSent(SQLite::Database& db, long long id, Instant now, const std::string& recipients) {
  storage::Query q(
      db,
      "UPDATE outbox SET state = 'sent', attempts = attempts + 1, done_at = ?1, last_attempt_at = ?1, "
      "first_attempt_at = COALESCE(first_attempt_at, ?1), recipients = ?2, last_error = '', sending_since = NULL "
      "WHERE id = ?3 AND state = 'pending'");
  q->bind(1, FormatInstant(now));
  q->bind(2, recipients);
  q->bind(3, static_cast<int64_t>(id));
  q->exec();
}

void MarkAttemptFailed(SQLite::Database& db, long long id, Instant now, const std::string& error,
                       std::optional<Instant> retry_at) {
  storage::Query q(
      db,
      "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?1, first_attempt_at = COALESCE(first_attempt_at, "
      "?1), last_error = ?2, state = ?3, next_attempt_at = ?4, done_at = ?5, sending_since = NULL "
      "WHERE id = ?6 AND state = 'pending'");
  const std::string at = FormatInstant(now);
  q->bind(1, at);
  q->bind(2, error);
  q->bind(3, retry_at ? "pending" : "failed");
  q->bind(4, FormatInstant(retry_at.value_or(now)));
  if (retry_at)
    q->bind(5);
  else
    q->bind(5, at);
  q->bind(6, static_cast<int64_t>(id));
  q->exec();
}

bool MarkSending(SQLite::Database& db, long long id, Instant now) {
  storage::Query q(db, "UPDATE outbox SET sending_since = ? WHERE id = ? AND state = 'pending'");
  q->bind(1, FormatInstant(now));
  q->bind(2, static_cast<int64_t>(id));
  return q->exec() == 1;
}

void MarkDropped(SQLite::Database& db, long long id, Instant now, const std::string& reason) {
  storage::Query q(db,
                   "UPDATE outbox SET state = 'dropped', done_at = ?, reason = ? "
                   "WHERE id = ? AND state = 'pending' AND sending_since IS NULL");
  q->bind(1, FormatInstant(now));
  q->bind(2, reason);
  q->bind(3, static_cast<int64_t>(id));
  q->exec();
}

void Hold(SQLite::Database& db, long long id, const std::string& why, Instant retry_at) {
  storage::Query q(db, "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'");
  q->bind(1, why);
  q->bind(2, FormatInstant(retry_at));
  q->bind(3, static_cast<int64_t>(id));
  q->exec();
}

Result<std::vector<OutboxRow>> ListOutbox(const storage::Database& db, const OutboxFilter& f) {
  std::vector<OutboxRow> out;
  Status st = db.Read([&](SQLite::Database& c) {
    storage::Query q(c, std::string(kRowColumns) +
                            "WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR channel = ?2) AND (?3 = '' OR number = ?3) "
                            "AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5");
    q->bind(1, f.state);
    q->bind(2, f.channel);
    q->bind(3, f.number);
    q->bind(4, static_cast<int64_t>(f.before));
    q->bind(5, f.limit);
    while (q->executeStep()) out.push_back(RowOf(*q));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::map<std::string, long long>> OutboxCounts(const storage::Database& db) {
  std::map<std::string, long long> counts = {
      {"pending", 0}, {"sent", 0}, {"failed", 0}, {"dropped", 0}, {"skipped", 0}};
  Status st = db.Read([&](SQLite::Database& c) {
    storage::Query q(c, "SELECT state, COUNT(*) FROM outbox GROUP BY state");
    while (q->executeStep()) counts[q->getColumn(0).getString()] = q->getColumn(1).getInt64();
    return Status{};
  });
  if (!st) return st.error();
  return counts;
}

Result<WriteResult> RedeliverNotice(Registry& registry, long long id, const WriteRequest& req) {
  const Instant now = registry.clock().Now();
  return registry.WriteAudited(
      "outbox.redeliver", std::to_string(id), req, [&](SQLite::Database& db) -> Result<WriteResult> {
        auto row = LoadRow(db, id);
        if (!row) return Error::Make(ErrorCode::kNotFound, "no notice " + std::to_string(id) + " in the outbox");
        if (row->state != "failed" && row->state != "pending")
          return Error::Make(ErrorCode::kConflict, "notice " + std::to_string(id) + " is " + row->state +
                                                       "; only a failed or pending notice is redelivered");
        storage::Query q(
            db,
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, first_attempt_at = NULL, "
            "done_at = NULL, last_error = '' WHERE id = ?");
        q->bind(1, FormatInstant(now));
        q->bind(2, static_cast<int64_t>(id));
        q->exec();
        return WriteResult{OutboxRowJson(*LoadRow(db, id)), false, false};
      });
}

Result<WriteResult> SkipNotice(Registry& registry, long long id, const json& body, const WriteRequest& req) {
  std::string reason = "skipped in the console";
  if (body.is_object() && body.contains("reason")) {
    if (!body["reason"].is_string() || body["reason"].get<std::string>().empty() ||
        body["reason"].get<std::string>().size() > 500)
      return Error::Invalid("reason", "must be a text of 1 to 500 bytes");
    reason = body["reason"].get<std::string>();
  }
  const Instant now = registry.clock().Now();
  return registry.WriteAudited(
      "outbox.skip", std::to_string(id), req, [&](SQLite::Database& db) -> Result<WriteResult> {
        auto row = LoadRow(db, id);
        if (!row) return Error::Make(ErrorCode::kNotFound, "no notice " + std::to_string(id) + " in the outbox");
        if (row->state != "failed" && row->state != "pending")
          return Error::Make(ErrorCode::kConflict, "notice " + std::to_string(id) + " is " + row->state +
                                                       "; only a failed or pending notice is skipped");
        storage::Query q(db, "UPDATE outbox SET state = 'skipped', done_at = ?, reason = ? WHERE id = ?");
        q->bind(1, FormatInstant(now));
        q->bind(2, reason);
        q->bind(3, static_cast<int64_t>(id));
        q->exec();
        WriteResult out{OutboxRowJson(*LoadRow(db, id)), false, false};
        out.audit_detail = reason;
        return out;
      });
}

}  // namespace mark::registry
