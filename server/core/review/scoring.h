// The scoring engine: decides a review by the council's rule (DOMAIN.md, "ISP
// scoring rule"): every applying mandatory item met, points >= points_min, and
// no gate item (7-1-1, 7-1-2, 7-1-3 for ISP) at 0, whatever the total.
//
// Answers are a JSON object from item id to the answer:
//   mandatory item: true | false
//   point item:     an integer 0..max
// or the same wrapped with its evidence: {"value": <answer>, "evidence": [...],
// "note": "..."} (evidence and note are carried for storage, not scored).
// An item left out counts as not met / 0. Wrong types, out-of-range scores,
// unknown ids and items that do not apply to the kind are errors, each naming
// the item; every such problem is listed in Error::fields.
//
// Pure: no clock, no storage. Thread safety: none needed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"
#include "review/criteria.h"

namespace mark::review {

struct Decision {
  std::string criteria_id;
  Kind kind = Kind::kNew;
  bool pass = false;
  int points = 0;
  int points_min = 0;
  int points_max = 0;
  int mandatory_met = 0;
  int mandatory_required = 0;
  // One line per reason for failure, in this order: each mandatory item not
  // met ("mandatory item 2-1-1 not met"), points short ("points 91 below the
  // minimum 92 (short by 1)"), each gate at 0 ("gate item 7-1-2 scored 0").
  // Empty exactly when pass is true.
  std::vector<std::string> reasons;
  // True when the set is not complete (an excerpt): the decision stands only
  // for the items the set holds and must not be the sole basis of a grant.
  bool provisional = false;
};

Result<Decision> Evaluate(const CriteriaSet& set, Kind kind, std::string_view answers_json);

// {"criteria_id","kind","pass","provisional","points","points_min","points_max",
//  "mandatory_met","mandatory_required","reasons"}.
void to_json(nlohmann::json& j, const Decision& d);
// The same, serialized (compact).
std::string DecisionToJson(const Decision& d);

}  // namespace mark::review
