// What an application must show before its passed review grounds a grant or
// a renewal (DOMAIN.md "Procedure", "Fees", item 2-1-1), as pure functions of
// the facts on record and "today" (JST):
//   - item 2-1-1: where the review's criteria set is an ISP set holding item
//     2-1-1 for the kind, the application's latest diagnosis report
//     (review/diagnosis.h) passes: no unresolved finding >= 7.0, an opinion
//     for every finding >= 4.0, made within 3 months before the application
//     date;
//   - the review fee: the application's new- or renewal-review fee is paid,
//     or waived by the secretariat;
//   - the session: second reviews sit in the application's session month, so
//     nothing rests on it before the 1st of that month (JST); and a session
//     cannot lie before the month the application was made;
//   - a grant's valid_from is not before the review's decision date.
// Each rule that fails gives one Refusal naming the rule and what would
// satisfy it; callers answer them all at once (RefusalError).
//
// Item 2-1-1's answer in a review comes from the diagnosis on record, never
// typed in separately: ApplyDiagnosisTo211 fills it in, and refuses a typed
// answer that contradicts the diagnosis.
//
// Pure: no clock, no storage. Thread safety: none needed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jst.h"
#include "common/result.h"
#include "review/calendar.h"
#include "review/criteria.h"

namespace mark::review {

// The item whose answer is the security diagnosis (ISP scheme).
inline constexpr std::string_view kDiagnosisItem = "2-1-1";

// The latest diagnosis report recorded on an application.
struct DiagnosisOnRecord {
  std::string id;
  bool pass = false;
  Date report_date{};
  std::vector<std::string> reasons;  // why it failed; empty on a pass
};

// The application's review fee (new_review or renewal_review).
struct ReviewFeeOnRecord {
  std::string id;
  FeeKind kind = FeeKind::kNewReview;
  long long amount_jpy = 0;
  bool paid = false;
  bool waived = false;
};

struct GroundFacts {
  std::string application_id;
  Kind kind = Kind::kNew;
  Date application_date{};
  YearMonth session{};
  // True when the review's set is an ISP set holding item 2-1-1 for `kind`
  // (DiagnosisRequired).
  bool diagnosis_required = false;
  std::optional<DiagnosisOnRecord> latest_diagnosis;
  std::optional<ReviewFeeOnRecord> review_fee;  // none: nothing to pay
  Date decided_on{};                            // JST date of the review's decision
};

struct Refusal {
  std::string rule;     // "item_2_1_1" | "review_fee" | "session" | "valid_from" | "renewal_window"
  std::string message;  // which rule, and what would satisfy it
};

// True when a review against `set` for `kind` answers item 2-1-1 from the
// diagnosis: an ISP set holding that item for the kind.
bool DiagnosisRequired(const CriteriaSet& set, Kind kind);

// Every rule the facts break, in the order listed above; empty when the
// review may ground the change. `valid_from` is a grant's first day (none for
// a renewal, whose period continues the mark's).
std::vector<Refusal> CheckGround(const GroundFacts& facts, Date today, std::optional<Date> valid_from);

// The session rule at application time: nullopt when `session` is on or
// after the month of `application_date`, else why not.
std::optional<std::string> SessionBeforeApplication(YearMonth session, Date application_date);

// A conflict whose message is `what` followed by every refusal's message, and
// whose fields name each rule (field = Refusal::rule).
Error RefusalError(const std::string& what, const std::vector<Refusal>& refusals);

// Answers (scoring.h form, as JSON text) with item 2-1-1 answered from the
// latest diagnosis: met exactly when it passed (no diagnosis: not met). An
// answer left out is filled in, with a note naming the diagnosis; a typed
// answer that agrees is kept as typed; one that contradicts the diagnosis
// (or claims 2-1-1 met with no diagnosis on record) is a kConflict naming
// the diagnosis and what to do. Answers that are not a JSON object pass
// unchanged (the scoring engine reports them).
Result<std::string> ApplyDiagnosisTo211(std::string_view answers_json, const std::optional<DiagnosisOnRecord>& latest);

}  // namespace mark::review
