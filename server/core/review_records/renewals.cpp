// ReviewStore's renewal calendar: marks whose validity ends soon, with their
// renewal due month, next session and renewal window; and a row as the API
// shows it.
#include "review_records/review_store.h"

#include <SQLiteCpp/Statement.h>

#include "registry/validity.h"
#include "review/calendar.h"
#include "storage/rows.h"

namespace mark::review_records {

using nlohmann::json;
namespace rv = mark::review;
using namespace mark::registry;  // the registry's rows, views and writes

Result<std::vector<RenewalRow>> ReviewStore::Renewals(int within_days) const {
  Instant now = clock_.Now();
  Date today = JstDate(now);
  std::vector<RenewalRow> rows;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(
        db,
        "SELECT m.number FROM marks m WHERE m.state NOT IN ('revoked', 'returned') AND m.valid_until <= ? "
        "ORDER BY m.valid_until, m.number");
    q.bind(1, FormatDate(AddDays(today, within_days)));
    while (q.executeStep()) {
      auto view = storage::LoadMarkView(db, q.getColumn(0).getString());
      if (!view) continue;
      RenewalRow row;
      row.number = view->mark.number;
      row.scheme = view->service.scheme;
      row.status = StatusAt(view->mark, now);
      row.operator_name = view->op.name;
      row.operator_name_en = view->op.name_en;
      row.service_name = view->service.name;
      row.service_name_en = view->service.name_en;
      row.valid_from = view->mark.valid_from;
      row.valid_until = view->mark.valid_until;
      row.days_left = static_cast<int>((std::chrono::sys_days(row.valid_until) - std::chrono::sys_days(today)).count());
      row.renewal_due_month = rv::RenewalDueMonthOfYear(view->mark.first_review_date, CurrentYearStart(view->mark));
      row.next_session = rv::NextSession(row.renewal_due_month);
      const RenewalWindowDates window = RenewalWindow(view->mark);
      row.window_opens = window.opens;
      row.window_closes = window.closes;
      rows.push_back(std::move(row));
    }
    return Status{};
  });
  if (!st) return st.error();
  return rows;
}

json RenewalJson(const RenewalRow& r) {
  return {{"number", r.number},
          {"scheme", std::string(ToString(r.scheme))},
          {"status", std::string(ToString(r.status))},
          {"operator_name", r.operator_name},
          {"operator_name_en", r.operator_name_en},
          {"service_name", r.service_name},
          {"service_name_en", r.service_name_en},
          {"valid_from", FormatDate(r.valid_from)},
          {"valid_until", FormatDate(r.valid_until)},
          {"days_left", r.days_left},
          {"renewal_due_month", rv::FormatYearMonth(r.renewal_due_month)},
          {"next_session", rv::FormatYearMonth(r.next_session)},
          {"renewal_window", {{"opens", FormatDate(r.window_opens)}, {"closes", FormatDate(r.window_closes)}}}};
}

}  // namespace mark::review_records
