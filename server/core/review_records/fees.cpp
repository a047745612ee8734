// ReviewStore's fees: paid or waived (with a reason), listed with their state
// as of today; and a fee row as the API shows it.
#include "review_records/review_store.h"

#include <SQLiteCpp/Statement.h>

#include "registry/field_reader.h"
#include "registry/validation.h"
#include "review_records/stored_records.h"

namespace mark::review_records {

using namespace mark::registry;  // the registry's rows, views and writes
using namespace stored;

namespace {

constexpr size_t kMaxWaiveReasonBytes = 1000;

}  // namespace

Result<registry::WriteResult> ReviewStore::PayFee(const std::string& fee_id, const json& body,
                                                  const registry::WriteRequest& req) {
  FieldReader r(body.is_null() ? json::object() : body, {"paid_on"});
  Instant now = clock_.Now();
  Date paid_on = JstDate(now);
  if (auto v = r.String("paid_on", false)) {
    if (auto d = ParseDate(*v))
      paid_on = *d;
    else
      r.Add("paid_on", "must be a date YYYY-MM-DD");
  }
  if (!r.ok()) return r.ToError();
  return registry_.WriteAudited("fee.pay", fee_id, req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
    auto fee = LoadFeeRecord(db, fee_id);
    if (!fee) return fee.error();
    if (fee->paid_on)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was already paid on " + FormatDate(*fee->paid_on));
    if (fee->waived_at)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was waived at " + *fee->waived_at + " by " +
                                                   fee->waived_by + " (" + fee->waive_reason + "); nothing is due");
    SQLite::Statement u(db, "UPDATE fees SET paid_on = ? WHERE id = ?");
    u.bind(1, FormatDate(paid_on));
    u.bind(2, fee_id);
    u.exec();
    fee->paid_on = paid_on;
    return registry::WriteResult{FeeJsonOf(*fee, JstDate(now)), false, false};
  });
}

Result<registry::WriteResult> ReviewStore::WaiveFee(const std::string& fee_id, const json& body,
                                                    const registry::WriteRequest& req) {
  FieldReader r(body.is_null() ? json::object() : body, {"reason"});
  std::string reason;
  if (auto v = r.String("reason", true)) {
    auto norm = NormalizeProse("reason", *v, true, kMaxWaiveReasonBytes);
    if (!norm)
      r.Add(norm.error());
    else
      reason = *norm;
  }
  if (!r.ok()) return r.ToError();
  Instant now = clock_.Now();
  return registry_.WriteAudited("fee.waive", fee_id, req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
    auto fee = LoadFeeRecord(db, fee_id);
    if (!fee) return fee.error();
    if (fee->paid_on)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was already paid on " + FormatDate(*fee->paid_on) +
                                                   "; a paid fee cannot be waived");
    if (fee->waived_at)
      return Error::Make(ErrorCode::kConflict,
                         "fee " + fee_id + " was already waived at " + *fee->waived_at + " by " + fee->waived_by);
    SQLite::Statement u(db, "UPDATE fees SET waived_at = ?, waived_by = ?, waive_reason = ? WHERE id = ?");
    u.bind(1, FormatInstant(now));
    u.bind(2, req.actor.name);
    u.bind(3, reason);
    u.bind(4, fee_id);
    u.exec();
    fee->waived_at = FormatInstant(now);
    fee->waived_by = req.actor.name;
    fee->waive_reason = reason;
    return registry::WriteResult{FeeJsonOf(*fee, JstDate(now)), false, false};
  });
}

Result<std::vector<FeeRow>> ReviewStore::Fees() const {
  Date today = JstDate(clock_.Now());
  std::vector<FeeRow> rows;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db,
                        "SELECT f.id, f.application_id, a.service_id, o.name, s.name, s.name_en, f.kind, f.amount, "
                        "f.due, f.paid_on, f.waived_at, f.waived_by, f.waive_reason FROM fees f "
                        "JOIN applications a ON a.id = f.application_id "
                        "JOIN services s ON s.id = a.service_id JOIN operators o ON o.id = s.operator_id "
                        "ORDER BY f.due IS NULL, f.due, f.rowid");
    while (q.executeStep()) {
      FeeRow row;
      row.id = q.getColumn(0).getString();
      row.application_id = q.getColumn(1).getString();
      row.service_id = q.getColumn(2).getString();
      row.operator_name = q.getColumn(3).getString();
      row.service_name = q.getColumn(4).getString();
      row.service_name_en = q.getColumn(5).getString();
      std::string kind = q.getColumn(6).getString();
      row.kind = kind == "new_review"       ? rv::FeeKind::kNewReview
                 : kind == "renewal_review" ? rv::FeeKind::kRenewalReview
                                            : rv::FeeKind::kAnnualUsage;
      row.amount_jpy = q.getColumn(7).getInt64();
      row.due = DateColumn(q.getColumn(8));
      row.paid_on = DateColumn(q.getColumn(9));
      if (!q.getColumn(10).isNull()) row.waived_at = q.getColumn(10).getString();
      row.waived_by = q.getColumn(11).getString();
      row.waive_reason = q.getColumn(12).getString();
      row.state = FeeStateOf(row.due, row.paid_on, row.waived_at.has_value(), today);
      rows.push_back(std::move(row));
    }
    return Status{};
  });
  if (!st) return st.error();
  return rows;
}

json FeeRowJson(const FeeRow& f) {
  return {{"id", f.id},
          {"application_id", f.application_id},
          {"service_id", f.service_id},
          {"operator_name", f.operator_name},
          {"service_name", f.service_name},
          {"service_name_en", f.service_name_en},
          {"kind", std::string(rv::ToString(f.kind))},
          {"amount_jpy", f.amount_jpy},
          {"due", f.due ? json(FormatDate(*f.due)) : json(nullptr)},
          {"paid_on", f.paid_on ? json(FormatDate(*f.paid_on)) : json(nullptr)},
          {"waived",
           f.waived_at ? json{{"at", *f.waived_at}, {"by", f.waived_by}, {"reason", f.waive_reason}} : json(nullptr)},
          {"state", std::string(rv::ToString(f.state))}};
}

}  // namespace mark::review_records
