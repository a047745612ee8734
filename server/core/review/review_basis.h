// What a grant or a renewal rests on (CONTRACT.md "Once
// reviews exist"): a passed review of that service, of the right kind, not
// already used; or an explicit, logged import of a decision made on paper
// before this system ("basis": "import").
//
// Provisional decisions (scored against a set marked "complete": false, i.e.
// the council's published excerpt): such a pass is only as good as the items
// the set holds, so it grounds a grant or renewal only when the request also
// says "accept_provisional": true. The acceptance is recorded with the use
// (review_uses.provisional_accepted) and in the mark's history reason, so an
// auditor sees which marks rest on an excerpt.
//
// A review grounds one grant or one renewal, once: a second renewal needs a
// second renewal review.
//
// Beyond the review itself, its application must satisfy the council's rules
// (review/grant_rules.h: item 2-1-1 diagnosis, review fee paid or waived,
// session reached, valid_from not before the decision): CheckReviewBasis
// loads those facts into ReviewBasis::facts for the caller to check with the
// day and period of the change.
//
// These run inside the registry's write transaction (storage internals shared
// by registry/registry_writes.cpp and review_records/).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "review/criteria.h"
#include "review/grant_rules.h"

namespace mark::review {

struct ReviewBasis {
  std::string review_id;
  std::string application_id;
  char first_review_body = 'J';  // the application's
  bool provisional = false;
  bool provisional_accepted = false;
  review::GroundFacts facts;  // the application's facts as of this transaction
};

// The review must exist (else kInvalid on "review_id"), belong to an
// application of `service_id` of `kind`, have passed, not have been used, and
// be non-provisional unless `accept_provisional`; otherwise kConflict saying
// which of these fails.
Result<ReviewBasis> CheckReviewBasis(SQLite::Database& tx, const std::string& review_id, const std::string& service_id,
                                     review::Kind kind, bool accept_provisional);

// The latest diagnosis report recorded on the application (item 2-1-1), or
// none.
std::optional<review::DiagnosisOnRecord> LatestDiagnosis(SQLite::Database& tx, const std::string& application_id);

// Records that `basis` grounded `action` ("grant" | "renew") of `number`.
void RecordReviewUse(SQLite::Database& tx, const ReviewBasis& basis, const std::string& number,
                     const std::string& action, Instant at);

// The mark-history reason for a change resting on `basis`, e.g.
// "review rv_… (provisional decision accepted)".
std::string BasisReason(const ReviewBasis& basis, const std::string& note);

// The message of the 409 for a grant or renewal with no basis at all.
std::string NoBasisMessage(review::Kind kind);

}  // namespace mark::review
