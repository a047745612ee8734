#include "registry/notice_schedule.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "registry/attention.h"
#include "registry/notice_text.h"
#include "registry/outbox.h"
#include "storage/query.h"
#include "storage/rows.h"
#include "registry/validity.h"

namespace mark::registry {

using nlohmann::json;

namespace {

// A reminder of a smaller offset outranks one of a larger; the expiry
// notice outranks them all (one supersede group per mark and valid_until).
constexpr int kExpiredRank = 100000;
int ReminderRank(int offset) { return kExpiredRank - 1 - offset; }

std::string RenewalGroup(const std::string& number, Date until) {
  return "renewal:" + number + ":" + FormatDate(until);
}
std::string ReminderKey(const std::string& number, Date until, int offset) {
  return "renewal_reminder:" + number + ":" + FormatDate(until) + ":" + std::to_string(offset);
}
std::string ExpiredKey(const std::string& number, Date until) { return "expired:" + number + ":" + FormatDate(until); }

struct MarkDue {
  std::string number;
  Date until;
  int offset = -1;          // the reminder due; -1: the expiry notice
  std::vector<int> missed;  // earlier reminders never written
};

struct FeeDue {
  FeeFacts facts;
  std::string operator_id;
  bool overdue = false;
};

long long DayNumber(Date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }

}  // namespace

Result<int> ScheduleDueNotices(Registry& registry, Instant now, const ScheduleConfig& config) {
  const Date today = JstDate(now);
  std::vector<int> offsets = config.reminder_days;
  std::sort(offsets.begin(), offsets.end(), std::greater<>());  // 90, 60, 30, 7
  const int longest = offsets.empty() ? 0 : offsets.front();
  std::vector<MarkDue> marks;
  std::vector<FeeDue> fees;
  bool digest = false;
  const std::string digest_key = "digest:" + FormatDate(today);

  // What is due, read without the writer; written below only if anything is.
  Status read = registry.database().Read([&](SQLite::Database& db) -> Status {
    // The renewal window closes three months after valid_until: 93 days
    // reach past any such close.
    storage::Query q(db,
                     "SELECT number FROM marks WHERE state = 'active' AND valid_until >= ? AND valid_until <= ? "
                     "ORDER BY valid_until, number");
    q->bind(1, FormatDate(AddDays(today, -93)));
    q->bind(2, FormatDate(AddDays(today, longest)));
    std::vector<std::string> numbers;
    while (q->executeStep()) numbers.push_back(q->getColumn(0).getString());
    for (const std::string& number : numbers) {
      auto m = storage::LoadMark(db, number);
      if (!m) continue;
      MarkDue due{number, m->valid_until, -1, {}};
      if (today > m->valid_until) {
        if (!RenewalWindow(*m).Contains(today) || NoticeExists(db, ExpiredKey(number, m->valid_until))) continue;
        marks.push_back(std::move(due));
        continue;
      }
      // The latest reminder whose day has come; earlier ones not yet
      // written were missed.
      for (int offset : offsets) {
        if (AddDays(m->valid_until, -offset) > today) continue;
        if (due.offset >= 0 && !NoticeExists(db, ReminderKey(number, m->valid_until, due.offset)))
          due.missed.push_back(due.offset);
        due.offset = offset;
      }
      if (due.offset < 0 || NoticeExists(db, ReminderKey(number, m->valid_until, due.offset))) continue;
      marks.push_back(std::move(due));
    }

    storage::Query f(
        db,
        "SELECT f.id, f.kind, f.amount, f.due, f.created_at, s.name, s.name_en, o.name, o.name_en, o.id, "
        "COALESCE((SELECT number FROM marks WHERE service_id = s.id), '') "
        "FROM fees f JOIN applications a ON a.id = f.application_id JOIN services s ON s.id = a.service_id "
        "JOIN operators o ON o.id = s.operator_id "
        "WHERE f.paid_on IS NULL AND f.waived_at IS NULL AND f.due IS NOT NULL");
    while (f->executeStep()) {
      auto due = ParseDate(f->getColumn(3).getString());
      auto created = ParseInstant(f->getColumn(4).getString());
      if (!due || !created || *due <= JstDate(*created)) continue;  // due when recorded: nothing to remind of
      FeeDue fee;
      fee.facts = {f->getColumn(0).getString(), f->getColumn(1).getString(),
                   f->getColumn(2).getInt64(),  *due,
                   f->getColumn(5).getString(), f->getColumn(6).getString(),
                   f->getColumn(7).getString(), f->getColumn(8).getString(),
                   f->getColumn(10).getString()};
      fee.operator_id = f->getColumn(9).getString();
      if (today > *due)
        fee.overdue = true;
      else if (today < AddDays(*due, -kFeeReminderDays))
        continue;
      const std::string key =
          std::string(fee.overdue ? "fee_overdue:" : "fee_reminder:") + fee.facts.fee_id + ":" + FormatDate(*due);
      if (!NoticeExists(db, key)) fees.push_back(std::move(fee));
    }

    digest = !config.secretariat_mail.empty() && now >= JstStartOfDay(today) + std::chrono::hours(kDigestHourJst) &&
             !NoticeExists(db, digest_key);
    return Status{};
  });
  if (!read) return read.error();
  if (marks.empty() && fees.empty() && !digest) return 0;

  std::optional<AttentionList> attention;
  if (digest) {
    auto list = CollectAttention(registry.database(), now);
    if (!list) return list.error();
    attention = std::move(*list);
  }

  int written = 0;
  WriteRequest req{{"markd notices", ""}, "", ""};
  auto result = registry.WriteAudited("notice.schedule", "", req, [&](SQLite::Database& db) -> Result<WriteResult> {
    for (const MarkDue& d : marks) {
      auto view = storage::LoadMarkView(db, d.number);
      if (!view || view->mark.valid_until != d.until) continue;  // renewed since the read
      view->status = StatusAt(view->mark, now);
      const RenewalWindowDates window = RenewalWindow(view->mark);
      NewNotice n;
      n.channel = Channel::kMail;
      n.number = d.number;
      n.operator_id = view->op.id;
      n.role = kRoleRenewal;
      n.supersede_group = RenewalGroup(d.number, d.until);
      for (int missed : d.missed) {
        NewNotice m = n;
        m.key = ReminderKey(d.number, d.until, missed);
        m.kind = "renewal_reminder";
        m.rank = ReminderRank(missed);
        m.facts = {{"valid_until", FormatDate(d.until)}, {"offset", missed}};
        m.body = "";
        m.dropped_reason = "missed: a later reminder was already due when it could be written";
        InsertNotice(db, m, now);
      }
      NoticeText text;
      if (d.offset < 0) {
        n.key = ExpiredKey(d.number, d.until);
        n.kind = "expired";
        n.rank = kExpiredRank;
        text = ExpiredText(*view, window.closes, registry.config().public_url);
      } else {
        n.key = ReminderKey(d.number, d.until, d.offset);
        n.kind = "renewal_reminder";
        n.rank = ReminderRank(d.offset);
        const int days_left = static_cast<int>(DayNumber(d.until) - DayNumber(JstDate(now)));
        text = RenewalReminderText(*view, days_left, window.opens, window.closes, registry.config().public_url);
      }
      n.facts = {{"valid_until", FormatDate(d.until)}};
      if (d.offset >= 0) n.facts["offset"] = d.offset;
      n.subject = std::move(text.subject);
      n.body = std::move(text.body);
      if (InsertNotice(db, n, now)) ++written;
      if (d.offset < 0) {
        const json event = {
            {"kind", "expired"}, {"at", FormatInstant(JstStartOfDay(AddDays(d.until, 1)))}, {"reason", ""}};
        EnqueueWebhookDeliveries(db, "mark.expired", n.key, *view, event, now, registry.config().public_url);
      }
    }
    for (const FeeDue& fee : fees) {
      NoticeText text = FeeText(fee.facts, fee.overdue);
      NewNotice n;
      n.key = std::string(fee.overdue ? "fee_overdue:" : "fee_reminder:") + fee.facts.fee_id + ":" +
              FormatDate(fee.facts.due);
      n.kind = fee.overdue ? "fee_overdue" : "fee_reminder";
      n.number = fee.facts.number;
      n.operator_id = fee.operator_id;
      n.role = kRoleBilling;
      n.supersede_group = "fee:" + fee.facts.fee_id + ":" + FormatDate(fee.facts.due);
      n.rank = fee.overdue ? 2 : 1;
      n.subject = std::move(text.subject);
      n.body = std::move(text.body);
      n.facts = {{"fee_id", fee.facts.fee_id}, {"due", FormatDate(fee.facts.due)}};
      if (InsertNotice(db, n, now)) ++written;
    }
    if (digest) {
      NoticeText text = DigestText(*attention, today, registry.config().public_url);
      NewNotice n;
      n.key = digest_key;
      n.kind = "digest";
      n.role = kRoleSecretariat;
      n.supersede_group = "digest";
      n.rank = static_cast<int>(DayNumber(today));
      n.subject = std::move(text.subject);
      n.body = std::move(text.body);
      n.facts = {{"date", FormatDate(today)}, {"items", attention->items.size()}};
      if (InsertNotice(db, n, now)) ++written;
    }
    WriteResult r{json::object(), false, false};
    r.audit_detail = std::to_string(written) + " notices";
    return r;
  });
  if (!result) return result.error();
  return written;
}

}  // namespace mark::registry
