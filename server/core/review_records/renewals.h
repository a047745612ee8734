// One mark on the renewal calendar (ReviewStore::Renewals), and its JSON as
// the API and console show it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "common/jst.h"
#include "common/model.h"
#include "review/calendar.h"

namespace mark::review_records {

struct RenewalRow {
  std::string number;
  Scheme scheme = Scheme::kIsp;
  MarkStatus status = MarkStatus::kValid;
  std::string operator_name, operator_name_en, service_name, service_name_en;
  Date valid_from{}, valid_until{};
  int days_left = 0;  // valid_until - today; negative once expired
  // The renewal application is due in the first review's month, once a year
  // (DOMAIN.md; review::RenewalDueMonthOfYear over the current year, which
  // ends on valid_until). The first review's date is the application date of
  // the review the grant rested on; for an imported mark, its valid_from.
  review::YearMonth renewal_due_month{};
  review::YearMonth next_session{};  // the session a renewal due then goes to
  // The renewal window of the current year (registry/validity.h RenewalWindow).
  Date window_opens{}, window_closes{};
};

nlohmann::json RenewalJson(const RenewalRow& row);

}  // namespace mark::review_records
