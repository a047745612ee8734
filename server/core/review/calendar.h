// The council's calendar and fees (DOMAIN.md "Procedure" and "Fees"; seed
// "手続・料金"), as pure functions of dates:
//   - a mark is renewed every year: the renewal application is due in the same
//     month of the year after the first review (最初に審査した翌年の同月);
//   - second reviews sit three times a year, in March, July and November;
//   - fees depend on scheme and kind; the annual usage fee (ISP only) is due
//     within one month of receiving the pass notice.
// No clock here: callers pass "today" (JstDate of their injected Clock).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jst.h"
#include "common/model.h"
#include "review/criteria.h"

namespace mark::review {

using YearMonth = std::chrono::year_month;

// "2024-03"
std::string FormatYearMonth(YearMonth ym);
std::optional<YearMonth> ParseYearMonth(std::string_view text);

// The month the renewal application is due: the first review's month, one
// year later (a first review in 2023-07 is renewed in 2024-07).
YearMonth RenewalDueMonth(Date first_review);

// True for March, July and November.
bool IsSessionMonth(std::chrono::month m);
// The first second-review session month (March, July, November) on or after
// `from`. Sessions are known to us by month only, so the month containing a
// date counts as "on or after" it: NextSession(2024-03-25) is 2024-03. A
// renewal due in month M goes to NextSession(M).
YearMonth NextSession(YearMonth from);
YearMonth NextSession(Date from);
// Every session month in [from, to], in order.
std::vector<YearMonth> SessionsBetween(YearMonth from, YearMonth to);
// The latest session month on or before the month of `today`: the session a
// decision taken today can have come from.
YearMonth LatestSession(Date today);
// The first day of a session month: the earliest JST date on which a decision
// of that session exists, so the earliest day a grant or renewal may rest on it.
Date SessionOpens(YearMonth session);

// The renewal-due month of the mark year that starts on `year_start` (the day
// after the previous year's valid_until): RenewalDueMonth(first_review) moved
// by whole years to the first month after year_start's month that has the
// first review's month of the year. In the first year this is exactly
// RenewalDueMonth(first_review) when the first review precedes the grant.
YearMonth RenewalDueMonthOfYear(Date first_review, Date year_start);

// `d` plus whole calendar months; a day missing in the target month becomes
// that month's last day (2024-01-31 + 1 month = 2024-02-29).
Date AddMonths(Date d, int months);

// True when a mark valid until `valid_until` (inclusive) is still valid on
// `today` and ends within the next `days` days (valid_until - today <= days).
bool ExpiresWithin(Date valid_until, Date today, int days);

enum class FeeKind {
  kNewReview,      // "new_review": 新規審査料金
  kRenewalReview,  // "renewal_review": 更新審査料金
  kAnnualUsage,    // "annual_usage": マーク年間使用料
};
std::string_view ToString(FeeKind k);

struct Fee {
  FeeKind kind = FeeKind::kNewReview;
  long long amount_jpy = 0;
  // When it is due, in the council's words; dates are computed with
  // UsageFeeDue for the usage fee, and are the application's submission for
  // review fees (paid before the licence application is submitted).
  std::string due_rule;  // Japanese; empty where the council states none (Wi-Fi)
  std::string due_rule_en;
};

// The fees for one review: the review fee, plus the ISP annual usage fee,
// which falls due after a pass (new or renewal: it is annual). Wi-Fi has no
// usage fee in the council's table.
std::vector<Fee> FeesFor(Scheme scheme, Kind kind);

// The usage fee is due within one month of receiving the pass notice: the
// last day it may be paid is AddMonths(pass_notice_received, 1).
Date UsageFeeDue(Date pass_notice_received);

// Waived: the secretariat recorded, with a reason, that the fee is not
// charged; like a paid fee it no longer stands in the way of a grant.
enum class FeeState { kPaid, kDue, kOverdue, kWaived };
std::string_view ToString(FeeState s);  // "paid" | "due" | "overdue" | "waived"
// Paid when paid_on is set; otherwise overdue once today is past `due`.
FeeState StateOfFee(Date due, std::optional<Date> paid_on, Date today);

}  // namespace mark::review
