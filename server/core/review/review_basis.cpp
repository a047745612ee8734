#include "review/review_basis.h"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "common/jst.h"
#include "storage/query.h"

namespace mark::review {

namespace {

// What review/grant_rules.h checks, read from the application of `review_id`.
Result<review::GroundFacts> LoadGroundFacts(SQLite::Database& tx, const std::string& review_id) {
  storage::Query q(tx,
                   "SELECT a.id, a.kind, a.application_date, a.session, r.decided_at, c.json_text "
                   "FROM reviews r JOIN applications a ON a.id = r.application_id "
                   "JOIN criteria_sets c ON c.id = r.criteria_id WHERE r.id = ?");
  q->bind(1, review_id);
  if (!q->executeStep()) return Error::Make(ErrorCode::kInternal, "review " + review_id + " lost its application");
  review::GroundFacts f;
  f.application_id = q->getColumn(0).getString();
  auto kind = review::ParseKind(q->getColumn(1).getString());
  auto app_date = ParseDate(q->getColumn(2).getString());
  auto session = review::ParseYearMonth(q->getColumn(3).getString());
  auto decided = ParseInstant(q->getColumn(4).getString());
  auto set = review::ParseCriteriaSet(q->getColumn(5).getString());
  if (!kind || !app_date || !session || !decided || !set)
    return Error::Make(ErrorCode::kInternal, "the stored application of review " + review_id + " does not parse");
  q->reset();
  f.kind = *kind;
  f.application_date = *app_date;
  f.session = *session;
  f.decided_on = JstDate(*decided);
  f.diagnosis_required = review::DiagnosisRequired(*set, f.kind);

  f.latest_diagnosis = LatestDiagnosis(tx, f.application_id);

  const review::FeeKind fee_kind =
      f.kind == review::Kind::kNew ? review::FeeKind::kNewReview : review::FeeKind::kRenewalReview;
  storage::Query fee(tx,
                     "SELECT id, amount, paid_on IS NOT NULL, waived_at IS NOT NULL FROM fees "
                     "WHERE application_id = ? AND kind = ?");
  fee->bind(1, f.application_id);
  fee->bind(2, std::string(review::ToString(fee_kind)));
  if (fee->executeStep())
    f.review_fee = review::ReviewFeeOnRecord{fee->getColumn(0).getString(), fee_kind, fee->getColumn(1).getInt64(),
                                             fee->getColumn(2).getInt() != 0, fee->getColumn(3).getInt() != 0};
  fee->reset();
  return f;
}

}  // namespace

std::optional<review::DiagnosisOnRecord> LatestDiagnosis(SQLite::Database& tx, const std::string& application_id) {
  storage::Query d(tx,
                   "SELECT id, pass, decision FROM diagnosis_reports WHERE application_id = ? "
                   "ORDER BY recorded_at DESC, rowid DESC LIMIT 1");
  d->bind(1, application_id);
  if (!d->executeStep()) return std::nullopt;
  review::DiagnosisOnRecord rec;
  rec.id = d->getColumn(0).getString();
  rec.pass = d->getColumn(1).getInt() != 0;
  nlohmann::json decision = nlohmann::json::parse(d->getColumn(2).getString(), nullptr, false);
  if (decision.is_object()) {
    if (auto rd = ParseDate(decision.value("report_date", ""))) rec.report_date = *rd;
    if (auto it = decision.find("reasons"); it != decision.end() && it->is_array())
      for (const auto& reason : *it)
        if (reason.is_string()) rec.reasons.push_back(reason.get<std::string>());
  }
  return rec;
}

Result<ReviewBasis> CheckReviewBasis(SQLite::Database& tx, const std::string& review_id, const std::string& service_id,
                                     review::Kind kind, bool accept_provisional) {
  storage::Query q(tx,
                   "SELECT r.application_id, r.pass, r.provisional, a.service_id, a.kind, a.first_review_body, "
                   "(SELECT number FROM review_uses u WHERE u.review_id = r.id) "
                   "FROM reviews r JOIN applications a ON a.id = r.application_id WHERE r.id = ?");
  q->bind(1, review_id);
  if (!q->executeStep())
    return Error{ErrorCode::kInvalid, "no review " + review_id, {{"review_id", "names no review"}}};
  ReviewBasis b;
  b.review_id = review_id;
  b.application_id = q->getColumn(0).getString();
  bool pass = q->getColumn(1).getInt() != 0;
  b.provisional = q->getColumn(2).getInt() != 0;
  std::string review_service = q->getColumn(3).getString();
  std::string review_kind = q->getColumn(4).getString();
  std::string body = q->getColumn(5).getString();
  b.first_review_body = body.empty() ? 'J' : body[0];
  std::string used_by = q->getColumn(6).isNull() ? "" : q->getColumn(6).getString();
  auto conflict = [&](const std::string& why) {
    return Error{ErrorCode::kConflict, "review " + review_id + " " + why, {{"review_id", why}}};
  };
  if (review_service != service_id) return conflict("is a review of another service (" + review_service + ")");
  if (review_kind != review::ToString(kind))
    return conflict("is a " + review_kind + " review; a " + std::string(review::ToString(kind)) + " review is needed");
  if (!pass) return conflict("did not pass; a passed review is needed");
  if (!used_by.empty()) return conflict("was already used for mark " + used_by + "; a review grounds one change");
  if (b.provisional && !accept_provisional)
    return conflict(
        "is provisional (scored against an incomplete criteria set); send \"accept_provisional\": true "
        "to rest the change on it anyway");
  b.provisional_accepted = b.provisional;
  q->reset();
  auto facts = LoadGroundFacts(tx, review_id);
  if (!facts) return facts.error();
  b.facts = std::move(*facts);
  return b;
}

void RecordReviewUse(SQLite::Database& tx, const ReviewBasis& basis, const std::string& number,
                     const std::string& action, Instant at) {
  storage::Query q(tx,
                   "INSERT INTO review_uses (review_id, number, action, provisional_accepted, at) "
                   "VALUES (?, ?, ?, ?, ?)");
  q->bind(1, basis.review_id);
  q->bind(2, number);
  q->bind(3, action);
  q->bind(4, basis.provisional_accepted ? 1 : 0);
  q->bind(5, FormatInstant(at));
  q->exec();
}

std::string BasisReason(const ReviewBasis& basis, const std::string& note) {
  std::string reason = "review " + basis.review_id;
  if (basis.provisional_accepted) reason += " (provisional decision accepted)";
  if (!note.empty()) reason += ": " + note;
  return reason;
}

std::string NoBasisMessage(review::Kind kind) {
  return kind == review::Kind::kNew
             ? "a grant needs a passed review: send review_id naming a passed new review of this service, "
               "or \"basis\": \"import\" with the number of a mark granted before this system"
             : "a renewal needs a passed renewal review: send review_id naming a passed renewal review of this "
               "service, or \"basis\": \"import\" for a renewal decided on paper";
}

}  // namespace mark::review
