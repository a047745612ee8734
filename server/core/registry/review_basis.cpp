#include "registry/review_basis.h"

#include <SQLiteCpp/Statement.h>

#include "common/jst.h"
#include "registry/query.h"

namespace mark::registry {

Result<ReviewBasis> CheckReviewBasis(SQLite::Database& tx, const std::string& review_id,
                                     const std::string& service_id, review::Kind kind, bool accept_provisional) {
  Query q(tx,
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
  return b;
}

void RecordReviewUse(SQLite::Database& tx, const ReviewBasis& basis, const std::string& number,
                     const std::string& action, Instant at) {
  Query q(tx,
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

}  // namespace mark::registry
