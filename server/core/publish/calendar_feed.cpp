#include "publish/calendar_feed.h"

#include "common/mark_links.h"
#include "review/csv.h"
#include "review/icalendar.h"

namespace mark::publish {

using nlohmann::json;
namespace rv = mark::review;

namespace {

const char* FeeKindJa(rv::FeeKind k) {
  switch (k) {
    case rv::FeeKind::kNewReview: return "新規審査料金";
    case rv::FeeKind::kRenewalReview: return "更新審査料金";
    case rv::FeeKind::kAnnualUsage: return "マーク年間使用料";
  }
  return "";
}

const char* FeeStateJa(rv::FeeState s) {
  switch (s) {
    case rv::FeeState::kPaid: return "支払済";
    case rv::FeeState::kDue: return "未払い";
    case rv::FeeState::kOverdue: return "期限超過";
    case rv::FeeState::kWaived: return "免除";
  }
  return "";
}

const char* StatusJa(MarkStatus s) {
  switch (s) {
    case MarkStatus::kValid: return "有効";
    case MarkStatus::kNotYetValid: return "有効期間前";
    case MarkStatus::kExpired: return "期限切れ";
    case MarkStatus::kSuspended: return "一時停止";
    case MarkStatus::kRevoked: return "取消";
    case MarkStatus::kReturned: return "返上";
    case MarkStatus::kUnknown: return "確認不可";
  }
  return "";
}

Date FirstDay(rv::YearMonth ym) { return ym / std::chrono::day{1}; }
Date FirstDayAfter(rv::YearMonth ym) { return FirstDay(ym + std::chrono::months{1}); }

}  // namespace

std::string RenewalsCsv(const std::vector<RenewalRow>& rows) {
  std::vector<rv::CsvRow> out;
  for (const RenewalRow& r : rows)
    out.push_back({r.number, r.scheme == Scheme::kIsp ? "ISP版" : "公衆無線LAN版", r.operator_name, r.service_name,
                   FormatDate(r.valid_from), FormatDate(r.valid_until), std::to_string(r.days_left),
                   rv::FormatYearMonth(r.renewal_due_month), rv::FormatYearMonth(r.next_session), StatusJa(r.status)});
  return rv::WriteCsv(
      {"番号", "制度", "事業者", "サービス", "有効期間開始", "有効期限", "残日数", "更新申請月", "次回審査会", "状態"},
      out);
}

std::string FeesCsv(const std::vector<FeeRow>& rows) {
  std::vector<rv::CsvRow> out;
  for (const FeeRow& f : rows)
    out.push_back({f.id, f.application_id, f.operator_name, f.service_name, FeeKindJa(f.kind),
                   std::to_string(f.amount_jpy), f.due ? FormatDate(*f.due) : "",
                   f.paid_on ? FormatDate(*f.paid_on) : "", FeeStateJa(f.state)});
  return rv::WriteCsv({"料金ID", "申請ID", "事業者", "サービス", "種別", "金額(円)", "期限", "支払日", "状態"}, out);
}

std::string CalendarIcs(const std::vector<RenewalRow>& renewals, const std::vector<FeeRow>& fees, const FeedOptions& o,
                        Instant dtstamp) {
  std::vector<rv::CalendarEvent> events;
  const std::string at = "@" + (o.uid_domain.empty() ? std::string("anshin-mark.invalid") : o.uid_domain);
  rv::YearMonth from = o.today.year() / o.today.month();
  for (rv::YearMonth ym : rv::SessionsBetween(from, from + std::chrono::months{o.session_months})) {
    std::string m = rv::FormatYearMonth(ym);
    rv::CalendarEvent e;
    e.uid = "session-" + m + at;
    e.start = FirstDay(ym);
    e.end = FirstDayAfter(ym);
    e.summary = "2次審査会 " + m + " (second review session)";
    e.categories = {"審査会"};
    events.push_back(std::move(e));
  }
  for (const RenewalRow& r : renewals) {
    std::string due = rv::FormatYearMonth(r.renewal_due_month);
    rv::CalendarEvent e;
    e.uid = "renewal-" + r.number + "-" + due + at;
    e.start = FirstDay(r.renewal_due_month);
    e.end = FirstDayAfter(r.renewal_due_month);
    e.summary = "更新申請月 " + r.number + " " + r.service_name;
    e.description = r.operator_name + " / " + r.service_name + "\n有効期限 " + FormatDate(r.valid_until) +
                    "\n次回審査会 " + rv::FormatYearMonth(r.next_session);
    if (!o.public_url.empty()) e.url = mark::VerifyUrl(o.public_url, r.number);
    e.categories = {"更新"};
    events.push_back(e);

    rv::CalendarEvent x;
    x.uid = "expiry-" + r.number + "-" + FormatDate(r.valid_until) + at;
    x.start = r.valid_until;
    x.summary = "有効期限 " + r.number + " " + r.service_name;
    x.description = r.operator_name + " / " + r.service_name;
    x.url = e.url;
    x.categories = {"有効期限"};
    events.push_back(std::move(x));
  }
  for (const FeeRow& f : fees) {
    if (f.paid_on || f.waived_at || !f.due) continue;
    rv::CalendarEvent e;
    e.uid = "fee-" + f.id + at;
    e.start = *f.due;
    e.summary =
        std::string("支払期限 ") + FeeKindJa(f.kind) + " " + std::to_string(f.amount_jpy) + "円 " + f.service_name;
    e.description = f.operator_name + " / " + f.service_name + "\n申請 " + f.application_id;
    e.categories = {"料金"};
    events.push_back(std::move(e));
  }
  return rv::WriteICalendar(events, dtstamp, "-//Anshin Mark Registry//Review calendar//JA",
                            "安全・安心マーク 審査カレンダー");
}

}  // namespace mark::publish
