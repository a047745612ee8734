#include "review/calendar.h"

#include <cstdio>

namespace mark::review {

using namespace std::chrono;

std::string FormatYearMonth(YearMonth ym) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
  return buf;
}

std::optional<YearMonth> ParseYearMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto d = ParseDate(std::string(text) + "-01");
  if (!d) return std::nullopt;
  return d->year() / d->month();
}

YearMonth RenewalDueMonth(Date first_review) { return (first_review.year() + years{1}) / first_review.month(); }

bool IsSessionMonth(month m) { return m == March || m == July || m == November; }

YearMonth NextSession(YearMonth from) {
  YearMonth ym = from;
  while (!IsSessionMonth(ym.month())) ym += months{1};
  return ym;
}

YearMonth NextSession(Date from) { return NextSession(from.year() / from.month()); }

std::vector<YearMonth> SessionsBetween(YearMonth from, YearMonth to) {
  std::vector<YearMonth> out;
  for (YearMonth ym = NextSession(from); ym <= to; ym = NextSession(ym + months{1})) {
    out.push_back(ym);
  }
  return out;
}

YearMonth LatestSession(Date today) {
  YearMonth ym = today.year() / today.month();
  while (!IsSessionMonth(ym.month())) ym -= months{1};
  return ym;
}

Date SessionOpens(YearMonth session) { return session / 1; }

YearMonth RenewalDueMonthOfYear(Date first_review, Date year_start) {
  const YearMonth began = year_start.year() / year_start.month();
  YearMonth due = RenewalDueMonth(first_review);
  while (due <= began) due += years{1};
  while (due - years{1} > began) due -= years{1};
  return due;
}

Date AddMonths(Date d, int n) {
  Date r = d + months{n};
  if (!r.ok()) r = r.year() / r.month() / last;
  return r;
}

bool ExpiresWithin(Date valid_until, Date today, int n) {
  auto left = (sys_days{valid_until} - sys_days{today}).count();
  return left >= 0 && left <= n;
}

std::string_view ToString(FeeKind k) {
  switch (k) {
    case FeeKind::kNewReview: return "new_review";
    case FeeKind::kRenewalReview: return "renewal_review";
    case FeeKind::kAnnualUsage: return "annual_usage";
  }
  return "new_review";
}

std::vector<Fee> FeesFor(Scheme scheme, Kind kind) {
  // DOMAIN.md "Fees (JPY)"; seed "手続・料金(ISP版)" and "料金" (公衆無線LAN版).
  std::vector<Fee> out;
  if (scheme == Scheme::kIsp) {
    if (kind == Kind::kNew) {
      out.push_back({FeeKind::kNewReview, 80000, "使用許諾申請書の提出迄にお支払い",
                     "before the licence application is submitted"});
    } else {
      out.push_back({FeeKind::kRenewalReview, 60000, "使用許諾更新申請書の提出迄にお支払い",
                     "before the licence renewal application is submitted"});
    }
    out.push_back({FeeKind::kAnnualUsage, 20000, "合格通知書を受け取った日から1ヶ月以内にお支払い",
                   "within one month of receiving the pass notice"});
  } else {
    // The council's Wi-Fi table gives amounts only, no due rule: none is invented.
    out.push_back({kind == Kind::kNew ? FeeKind::kNewReview : FeeKind::kRenewalReview, 30000, "", ""});
  }
  return out;
}

Date UsageFeeDue(Date pass_notice_received) { return AddMonths(pass_notice_received, 1); }

std::string_view ToString(FeeState s) {
  switch (s) {
    case FeeState::kPaid: return "paid";
    case FeeState::kDue: return "due";
    case FeeState::kOverdue: return "overdue";
    case FeeState::kWaived: return "waived";
  }
  return "due";
}

FeeState StateOfFee(Date due, std::optional<Date> paid_on, Date today) {
  if (paid_on) return FeeState::kPaid;
  return sys_days{today} > sys_days{due} ? FeeState::kOverdue : FeeState::kDue;
}

}  // namespace mark::review
