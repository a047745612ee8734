// The review records as stored (see stored_records.h). SQL lives here and in
// ReviewStore's files, bound parameters only.
#include "review_records/stored_records.h"

#include "registry/ids.h"

namespace mark::review_records::stored {

using registry::NewId;

std::optional<Date> DateColumn(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return ParseDate(c.getString());
}

json StoredJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

Result<rv::CriteriaSet> LoadCriteriaIn(SQLite::Database& db, const std::string& id) {
  SQLite::Statement q(db, "SELECT json_text FROM criteria_sets WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep())
    return Error{ErrorCode::kInvalid, "no criteria set " + id, {{"criteria_id", "names no imported criteria set"}}};
  auto set = rv::ParseCriteriaSet(q.getColumn(0).getString());
  if (!set)
    return Error::Make(ErrorCode::kInternal, "stored criteria set " + id + " no longer parses: " + set.error().message);
  return set;
}

std::optional<ApplicationRow> LoadApplicationRow(SQLite::Database& db, const std::string& id) {
  SQLite::Statement q(db,
                      "SELECT id, service_id, kind, first_review_body, session, application_date, status, created_at, "
                      "created_by FROM applications WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return ApplicationRow{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                        q.getColumn(6).getString(), q.getColumn(7).getString(), q.getColumn(8).getString()};
}

FeeRecord FeeRecordOf(SQLite::Statement& q) {
  FeeRecord f;
  f.id = q.getColumn(0).getString();
  f.kind = q.getColumn(1).getString();
  f.amount = q.getColumn(2).getInt64();
  f.due = DateColumn(q.getColumn(3));
  f.paid_on = DateColumn(q.getColumn(4));
  if (!q.getColumn(5).isNull()) f.waived_at = q.getColumn(5).getString();
  f.waived_by = q.getColumn(6).getString();
  f.waive_reason = q.getColumn(7).getString();
  return f;
}

rv::FeeState FeeStateOf(const std::optional<Date>& due, const std::optional<Date>& paid_on, bool waived, Date today) {
  if (paid_on) return rv::FeeState::kPaid;
  if (waived) return rv::FeeState::kWaived;
  return due ? rv::StateOfFee(*due, std::nullopt, today) : rv::FeeState::kDue;
}

json FeeJsonOf(const FeeRecord& f, Date today) {
  json waived = nullptr;
  if (f.waived_at) waived = {{"at", *f.waived_at}, {"by", f.waived_by}, {"reason", f.waive_reason}};
  return {{"id", f.id},
          {"kind", f.kind},
          {"amount_jpy", f.amount},
          {"due", f.due ? json(FormatDate(*f.due)) : json(nullptr)},
          {"paid_on", f.paid_on ? json(FormatDate(*f.paid_on)) : json(nullptr)},
          {"waived", std::move(waived)},
          {"state", std::string(rv::ToString(FeeStateOf(f.due, f.paid_on, f.waived_at.has_value(), today)))}};
}

Result<FeeRecord> LoadFeeRecord(SQLite::Database& db, const std::string& fee_id) {
  SQLite::Statement q(db, std::string(kFeeColumns) + "WHERE id = ?");
  q.bind(1, fee_id);
  if (!q.executeStep()) return Error::Make(ErrorCode::kNotFound, "no fee " + fee_id);
  return FeeRecordOf(q);
}

json ReviewJsonOf(SQLite::Statement& q) {
  // columns: id, application_id, criteria_id, answers, notes, decision, pass, provisional, decided_at, decided_by,
  // used_by
  json j = {{"id", q.getColumn(0).getString()},          {"application_id", q.getColumn(1).getString()},
            {"criteria_id", q.getColumn(2).getString()}, {"answers", StoredJson(q.getColumn(3).getString())},
            {"notes", q.getColumn(4).getString()},       {"decision", StoredJson(q.getColumn(5).getString())},
            {"pass", q.getColumn(6).getInt() != 0},      {"provisional", q.getColumn(7).getInt() != 0},
            {"decided_at", q.getColumn(8).getString()},  {"decided_by", q.getColumn(9).getString()}};
  j["used_for"] = q.getColumn(10).isNull() ? json(nullptr) : json(q.getColumn(10).getString());
  return j;
}

void InsertFee(SQLite::Database& db, const std::string& application_id, const rv::Fee& fee, std::optional<Date> due,
               Instant now) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO fees (id, application_id, kind, amount, due, paid_on, created_at) "
                      "VALUES (?, ?, ?, ?, ?, NULL, ?)");
  q.bind(1, NewId("fee_"));
  q.bind(2, application_id);
  q.bind(3, std::string(rv::ToString(fee.kind)));
  q.bind(4, static_cast<int64_t>(fee.amount_jpy));
  if (due)
    q.bind(5, FormatDate(*due));
  else
    q.bind(5);
  q.bind(6, FormatInstant(now));
  q.exec();
}

}  // namespace mark::review_records::stored
