// ReviewStore: the secretariat's review records, kept above the registry:
// criteria sets as imported (criteria_sets.cpp), applications, one per
// service and review round (applications.cpp), reviews with their decisions
// and item 2-1-1 diagnosis reports (reviews.cpp), fees (fees.cpp) and the
// renewal calendar (renewals.cpp). Writes go through Registry::WriteAudited,
// so they are audited and honour Idempotency-Key like every registry write.
// Decisions come from the review module (review/scoring.h,
// review/diagnosis.h); these files only keep them. Reviews and diagnoses
// are append-only: a second look is a new record, and the application's
// status follows its latest review.
//
// Applications: the session may not lie before the application's month.
// Reviews: on an ISP set holding item 2-1-1, that item's answer is the
// latest diagnosis report on the application (review/grant_rules.h
// ApplyDiagnosisTo211): left out, it is filled in from the diagnosis; typed
// against the diagnosis, the review is refused.
//
// Fees: an application creates its review fee (due on the application date:
// the council asks for it before the application is submitted; Wi-Fi states no
// due rule, so no date); a passed ISP review adds the annual usage fee, due one
// month after the pass (the decision date stands for the pass notice). The
// secretariat may waive a fee instead, with a reason (WaiveFee).
//
// Thread-safe as Database is.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"
#include "common/result.h"
#include "registry/registry.h"
#include "review/criteria.h"
#include "review/scoring.h"
#include "review_records/fees.h"
#include "review_records/renewals.h"

namespace mark::review_records {

using registry::Registry;
using registry::WriteRequest;
using registry::WriteResult;

class ReviewStore {
 public:
  explicit ReviewStore(Registry& registry);

  // Criteria sets. Import checks coherence (review::ParseCriteriaSet; every
  // problem listed). Sets are versioned by id: importing the same content
  // again answers the stored set; different content under a stored id is a
  // conflict (give the new version a new id).
  Result<registry::WriteResult> ImportCriteria(std::string_view json_text, const registry::WriteRequest& req);
  // [{"id","scheme","complete","title","title_en","imported_at","imported_by","items"}]
  Result<nlohmann::json> ListCriteria() const;
  Result<review::CriteriaSet> LoadCriteria(const std::string& id) const;

  // {service_id, kind: new|renewal, first_review_body: JAIPA|TELESA|TCA (or
  //  J|T|D), session: "YYYY-MM" (March, July or November), application_date?
  //  (default today JST)} → the application. The session may not be before
  //  the application month. A new application for a service holding a mark
  //  is refused unless that mark lapsed past its renewal window (validity.h).
  Result<registry::WriteResult> CreateApplication(const nlohmann::json& body, const registry::WriteRequest& req);
  // The application with its service, operator, reviews, diagnoses and fees.
  Result<nlohmann::json> GetApplication(const std::string& id) const;
  // Newest first; `service_id` empty: all.
  Result<nlohmann::json> ListApplications(const std::string& service_id) const;

  // {criteria_id, answers: {...} (review/scoring.h form, with evidence),
  //  notes?} → the review with its decision. The set's scheme must be the
  // service's; the kind is the application's.
  Result<registry::WriteResult> RecordReview(const std::string& application_id, const nlohmann::json& body,
                                             const registry::WriteRequest& req);
  // Stateless: {criteria_id, kind, answers} → the decision.
  Result<review::Decision> Evaluate(const nlohmann::json& body) const;

  // The diagnosis report (review/diagnosis.h form) → stored with its
  // decision, judged at the application date.
  Result<registry::WriteResult> RecordDiagnosis(const std::string& application_id, const nlohmann::json& body,
                                                const registry::WriteRequest& req);
  // Stateless: the decision RecordDiagnosis would store for this report on
  // this application (the console shows it, with each finding's CVSS v2
  // base score, while the report is typed). Errors as RecordDiagnosis's.
  Result<nlohmann::json> EvaluateDiagnosis(const std::string& application_id, const nlohmann::json& body) const;

  // {paid_on?: "YYYY-MM-DD" (default today JST)} → the fee. A waived fee is
  // not paid (conflict).
  Result<registry::WriteResult> PayFee(const std::string& fee_id, const nlohmann::json& body,
                                       const registry::WriteRequest& req);
  // {reason} → the fee, "waived" with who (the actor), when (now) and why;
  // it then no longer stands in the way of a grant (review/grant_rules.h).
  // A paid or already waived fee is a conflict. Audited as "fee.waive".
  Result<registry::WriteResult> WaiveFee(const std::string& fee_id, const nlohmann::json& body,
                                         const registry::WriteRequest& req);

  // Marks not revoked whose validity ends within `within_days` days of today
  // (JST), expired ones included, soonest first.
  Result<std::vector<RenewalRow>> Renewals(int within_days) const;
  // Every fee, due date first (undated last), with its state as of today.
  Result<std::vector<FeeRow>> Fees() const;

 private:
  Registry& registry_;
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace mark::review_records
