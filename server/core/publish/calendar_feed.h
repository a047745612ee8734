// The renewal calendar and fee lists in the forms the secretariat uses
//: JSON for the API and console, CSV for Excel (review/csv.h:
// BOM, CRLF, formula guard) with Japanese headers, and an iCalendar feed
// (review/icalendar.h) of second-review sessions, renewal due months, expiry
// dates and the deadlines of fees neither paid nor waived. Pure functions of
// the rows and "today".
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/jst.h"
#include "review_records/fees.h"
#include "review_records/renewals.h"

namespace mark::publish {

using review_records::FeeRow;
using review_records::RenewalRow;

// Header: 番号,制度,事業者,サービス,有効期間開始,有効期限,残日数,更新申請月,次回審査会,状態
std::string RenewalsCsv(const std::vector<RenewalRow>& rows);
// Header: 料金ID,申請ID,事業者,サービス,種別,金額(円),期限,支払日,状態
std::string FeesCsv(const std::vector<FeeRow>& rows);

struct FeedOptions {
  Date today{};
  int session_months = 12;  // sessions from today's month this many months ahead
  std::string uid_domain;   // e.g. "registry.example.jp" (host of the public URL)
  std::string public_url;   // for event URLs ("{public_url}/v/{number}")
};
// All-day events: each session month (whole month), each mark's renewal due
// month (whole month) and expiry day, each dated fee's due day unless it
// was paid or waived.
// UIDs are stable across fetches, so calendar clients update, not duplicate.
std::string CalendarIcs(const std::vector<RenewalRow>& renewals, const std::vector<FeeRow>& fees,
                        const FeedOptions& options, Instant dtstamp);

}  // namespace mark::publish
