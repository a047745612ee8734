#include "registry/attention_dated.h"

#include "storage/query.h"
#include "storage/rows.h"
#include "registry/validity.h"
#include "review/calendar.h"

namespace mark::registry {

using nlohmann::json;
namespace rv = mark::review;

namespace {

std::string MarkOfService(SQLite::Database& db, const std::string& service_id) {
  storage::Query q(db, "SELECT number FROM marks WHERE service_id = ?");
  q->bind(1, service_id);
  return q->executeStep() ? q->getColumn(0).getString() : std::string();
}

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Fees neither paid nor waived with a due date in [from, to].
void CollectFees(SQLite::Database& db, Date from, Date to, AttentionKind kind, std::vector<AttentionItem>& out) {
  storage::Query q(
      db,
      "SELECT f.id, f.application_id, a.service_id, f.kind, f.amount, f.due FROM fees f "
      "JOIN applications a ON a.id = f.application_id "
      "WHERE f.paid_on IS NULL AND f.waived_at IS NULL AND f.due IS NOT NULL AND f.due >= ? AND f.due <= ? "
      "ORDER BY f.due, f.rowid");
  q->bind(1, FormatDate(from));
  q->bind(2, FormatDate(to));
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = kind;
    item.service = q->getColumn(2).getString();
    item.mark = MarkOfService(db, item.service);
    const std::string fee_kind = q->getColumn(3).getString();
    const long long amount = q->getColumn(4).getInt64();
    const std::string due = q->getColumn(5).getString();
    item.detail = "fee " + fee_kind + " " + std::to_string(amount) + " JPY of " + Who(db, item.service, item.mark) +
                  (kind == AttentionKind::kFeeOverdue ? " was due on " : " is due on ") + due;
    item.facts = {{"fee", q->getColumn(0).getString()},
                  {"application", q->getColumn(1).getString()},
                  {"fee_kind", fee_kind},
                  {"amount_jpy", amount},
                  {"due", due}};
    out.push_back(std::move(item));
  }
}

// Marks that may still be renewed or lapse: not revoked, not returned.
std::vector<Mark> LiveMarks(SQLite::Database& db) {
  std::vector<std::string> numbers;
  {
    storage::Query q(
        db, "SELECT number FROM marks WHERE state NOT IN ('revoked', 'returned') ORDER BY valid_until, number");
    while (q->executeStep()) numbers.push_back(q->getColumn(0).getString());
  }
  std::vector<Mark> marks;
  for (const std::string& n : numbers)
    if (auto m = storage::LoadMark(db, n)) marks.push_back(std::move(*m));
  return marks;
}

// The newest renewal application of `service_id` dated on or after `from`;
// "" when none.
std::string RenewalApplicationSince(SQLite::Database& db, const std::string& service_id, Date from) {
  storage::Query q(db,
                   "SELECT id FROM applications WHERE service_id = ? AND kind = 'renewal' AND application_date >= ? "
                   "ORDER BY application_date DESC, rowid DESC LIMIT 1");
  q->bind(1, service_id);
  q->bind(2, FormatDate(from));
  return q->executeStep() ? q->getColumn(0).getString() : std::string();
}

}  // namespace

void CollectApplicationsPending(SQLite::Database& db, Instant, std::vector<AttentionItem>& out) {
  storage::Query q(db,
                   "SELECT id, service_id, kind, session, application_date FROM applications WHERE status = 'open' "
                   "ORDER BY session, application_date, rowid");
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = AttentionKind::kApplicationPending;
    item.service = q->getColumn(1).getString();
    const std::string kind = q->getColumn(2).getString();
    const std::string session = q->getColumn(3).getString();
    // A renewal concerns the service's mark; a new application has none yet.
    if (kind == "renewal") item.mark = MarkOfService(db, item.service);
    item.detail = kind + " application " + q->getColumn(0).getString() + " of " + Who(db, item.service, item.mark) +
                  " for the session of " + session + " awaits a decision";
    item.facts = {{"application", q->getColumn(0).getString()},
                  {"application_kind", kind},
                  {"session", session},
                  {"application_date", q->getColumn(4).getString()}};
    out.push_back(std::move(item));
  }
}

void CollectFeesOverdue(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out) {
  const Date today = JstDate(now);
  CollectFees(db, Date{std::chrono::year{1}, std::chrono::January, std::chrono::day{1}}, AddDays(today, -1),
              AttentionKind::kFeeOverdue, out);
}

void CollectFeesDueSoon(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out) {
  const Date today = JstDate(now);
  CollectFees(db, today, AddDays(today, kFeeDueSoonDays), AttentionKind::kFeeDueSoon, out);
}

void CollectRenewalWindowsOpen(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out) {
  const Date today = JstDate(now);
  for (const Mark& m : LiveMarks(db)) {
    const RenewalWindowDates window = RenewalWindow(m);
    if (!window.Contains(today)) continue;
    if (!RenewalApplicationSince(db, m.service_id, window.opens).empty()) continue;
    AttentionItem item;
    item.kind = AttentionKind::kRenewalWindowOpen;
    item.mark = m.number;
    item.service = m.service_id;
    item.detail = "the renewal window of " + Who(db, m.service_id, m.number) + " is open (" + FormatDate(window.opens) +
                  " to " + FormatDate(window.closes) + ") and no renewal application is filed";
    item.facts = {{"window_opens", FormatDate(window.opens)},
                  {"window_closes", FormatDate(window.closes)},
                  {"valid_until", FormatDate(m.valid_until)}};
    out.push_back(std::move(item));
  }
}

void CollectLapsingBeforeSession(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out) {
  const Date today = JstDate(now);
  // Sessions are known by month: the next one is the first session month
  // that starts after today.
  const rv::YearMonth this_month{today.year(), today.month()};
  const rv::YearMonth next = rv::NextSession(this_month + std::chrono::months{1});
  const Date opens = rv::SessionOpens(next);
  for (const Mark& m : LiveMarks(db)) {
    const MarkStatus status = StatusAt(m, now);
    if (status != MarkStatus::kValid && status != MarkStatus::kSuspended && status != MarkStatus::kNotYetValid)
      continue;
    if (m.valid_until >= opens) continue;
    AttentionItem item;
    item.kind = AttentionKind::kLapsingBeforeSession;
    item.mark = m.number;
    item.service = m.service_id;
    const std::string application = RenewalApplicationSince(db, m.service_id, RenewalWindow(m).opens);
    item.detail = Who(db, m.service_id, m.number) + " is valid until " + FormatDate(m.valid_until) +
                  ", before the next session (" + rv::FormatYearMonth(next) + ")" +
                  (application.empty() ? "; no renewal application is filed" : "; renewal application " + application);
    item.facts = {{"valid_until", FormatDate(m.valid_until)},
                  {"next_session", rv::FormatYearMonth(next)},
                  {"application", OrNull(application)}};
    out.push_back(std::move(item));
  }
}

}  // namespace mark::registry
