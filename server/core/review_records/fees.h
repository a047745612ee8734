// One fee on the secretariat's fee list (ReviewStore::Fees): what falls due
// for which application, and whether it was paid, waived or is overdue; and
// its JSON as the API and console show it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "common/jst.h"
#include "review/calendar.h"

namespace mark::review_records {

struct FeeRow {
  std::string id, application_id, service_id;
  std::string operator_name, service_name, service_name_en;
  review::FeeKind kind = review::FeeKind::kNewReview;
  long long amount_jpy = 0;
  std::optional<Date> due;  // none where the council states no due rule
  std::optional<Date> paid_on;
  std::optional<std::string> waived_at;  // RFC 3339; none unless waived
  std::string waived_by, waive_reason;
  review::FeeState state = review::FeeState::kDue;
};

nlohmann::json FeeRowJson(const FeeRow& row);

}  // namespace mark::review_records
