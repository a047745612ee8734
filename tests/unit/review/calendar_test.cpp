#include "review/calendar.h"

#include <catch2/catch.hpp>

using mark::Date;
using namespace mark::review;
using namespace std::chrono;

namespace {

Date D(const char* text) {
  auto d = mark::ParseDate(text);
  REQUIRE(d);
  return *d;
}

YearMonth YM(const char* text) {
  auto ym = ParseYearMonth(text);
  REQUIRE(ym);
  return *ym;
}

}  // namespace

TEST_CASE("renewal is due in the same month of the next year", "[calendar]") {
  CHECK(RenewalDueMonth(D("2023-07-14")) == YM("2024-07"));
  CHECK(RenewalDueMonth(D("2023-12-31")) == YM("2024-12"));
  CHECK(RenewalDueMonth(D("2024-02-29")) == YM("2025-02"));
  CHECK(FormatYearMonth(RenewalDueMonth(D("2023-01-01"))) == "2024-01");
}

TEST_CASE("the next second-review session is March, July or November", "[calendar]") {
  CHECK(NextSession(YM("2024-01")) == YM("2024-03"));
  CHECK(NextSession(YM("2024-03")) == YM("2024-03"));
  CHECK(NextSession(YM("2024-04")) == YM("2024-07"));
  CHECK(NextSession(YM("2024-07")) == YM("2024-07"));
  CHECK(NextSession(YM("2024-08")) == YM("2024-11"));
  CHECK(NextSession(YM("2024-11")) == YM("2024-11"));
  CHECK(NextSession(YM("2024-12")) == YM("2025-03"));
  CHECK(NextSession(D("2024-03-31")) == YM("2024-03"));
  CHECK(NextSession(D("2024-12-01")) == YM("2025-03"));
  // A renewal due in 2024-08 (first review 2023-08) goes to November.
  CHECK(NextSession(RenewalDueMonth(D("2023-08-10"))) == YM("2024-11"));
  CHECK(SessionsBetween(YM("2024-02"), YM("2025-07")) ==
        std::vector<YearMonth>{YM("2024-03"), YM("2024-07"), YM("2024-11"), YM("2025-03"), YM("2025-07")});
  CHECK(SessionsBetween(YM("2024-04"), YM("2024-06")).empty());
}

TEST_CASE("year-month text", "[calendar]") {
  CHECK(ParseYearMonth("2024-13") == std::nullopt);
  CHECK(ParseYearMonth("2024-1") == std::nullopt);
  CHECK(ParseYearMonth("2024-01-01") == std::nullopt);
  CHECK(FormatYearMonth(YM("0999-09")) == "0999-09");
}

TEST_CASE("calendar months clamp at month ends", "[calendar]") {
  CHECK(AddMonths(D("2024-01-31"), 1) == D("2024-02-29"));
  CHECK(AddMonths(D("2023-01-31"), 1) == D("2023-02-28"));
  CHECK(AddMonths(D("2024-03-31"), -1) == D("2024-02-29"));
  CHECK(AddMonths(D("2024-12-15"), 1) == D("2025-01-15"));
  CHECK(AddMonths(D("2024-05-31"), -3) == D("2024-02-29"));
}

TEST_CASE("fees follow the council's table", "[calendar]") {
  auto isp_new = FeesFor(mark::Scheme::kIsp, Kind::kNew);
  REQUIRE(isp_new.size() == 2);
  CHECK(isp_new[0].kind == FeeKind::kNewReview);
  CHECK(isp_new[0].amount_jpy == 80000);
  CHECK(isp_new[1].kind == FeeKind::kAnnualUsage);
  CHECK(isp_new[1].amount_jpy == 20000);
  auto isp_ren = FeesFor(mark::Scheme::kIsp, Kind::kRenewal);
  REQUIRE(isp_ren.size() == 2);
  CHECK(isp_ren[0].kind == FeeKind::kRenewalReview);
  CHECK(isp_ren[0].amount_jpy == 60000);
  CHECK(isp_ren[1].amount_jpy == 20000);
  auto wifi_new = FeesFor(mark::Scheme::kWifi, Kind::kNew);
  REQUIRE(wifi_new.size() == 1);
  CHECK(wifi_new[0].amount_jpy == 30000);
  auto wifi_ren = FeesFor(mark::Scheme::kWifi, Kind::kRenewal);
  REQUIRE(wifi_ren.size() == 1);
  CHECK(wifi_ren[0].kind == FeeKind::kRenewalReview);
  CHECK(wifi_ren[0].amount_jpy == 30000);
  CHECK(ToString(FeeKind::kAnnualUsage) == "annual_usage");
}

TEST_CASE("the usage fee is due one month after the pass notice — paid or overdue", "[calendar]") {
  CHECK(UsageFeeDue(D("2024-07-20")) == D("2024-08-20"));
  CHECK(UsageFeeDue(D("2024-01-31")) == D("2024-02-29"));
  Date due = D("2024-08-20");
  CHECK(StateOfFee(due, std::nullopt, D("2024-08-20")) == FeeState::kDue);
  CHECK(StateOfFee(due, std::nullopt, D("2024-08-21")) == FeeState::kOverdue);
  CHECK(StateOfFee(due, D("2024-09-01"), D("2024-10-01")) == FeeState::kPaid);
  CHECK(ToString(FeeState::kOverdue) == "overdue");
}

TEST_CASE("marks expiring within N days", "[calendar]") {
  CHECK(ExpiresWithin(D("2024-03-31"), D("2024-03-01"), 30));
  CHECK_FALSE(ExpiresWithin(D("2024-04-01"), D("2024-03-01"), 30));
  CHECK(ExpiresWithin(D("2024-03-01"), D("2024-03-01"), 0));
  CHECK_FALSE(ExpiresWithin(D("2024-02-29"), D("2024-03-01"), 30));  // already expired
}

TEST_CASE("the latest session on or before a day, and the day it opens", "[calendar]") {
  CHECK(LatestSession(D("2024-03-01")) == YM("2024-03"));
  CHECK(LatestSession(D("2024-02-29")) == YM("2023-11"));
  CHECK(LatestSession(D("2024-06-30")) == YM("2024-03"));
  CHECK(LatestSession(D("2024-07-31")) == YM("2024-07"));
  CHECK(LatestSession(D("2024-12-31")) == YM("2024-11"));
  CHECK(SessionOpens(YM("2024-11")) == D("2024-11-01"));
}

TEST_CASE("the renewal-due month of each mark year follows the first review", "[calendar]") {
  // First year: exactly RenewalDueMonth, whether the grant followed in the
  // same month or a later session.
  CHECK(RenewalDueMonthOfYear(D("2023-07-14"), D("2023-07-20")) == RenewalDueMonth(D("2023-07-14")));
  CHECK(RenewalDueMonthOfYear(D("2023-07-14"), D("2023-11-01")) == YM("2024-07"));
  CHECK(RenewalDueMonthOfYear(D("2023-01-10"), D("2023-03-15")) == YM("2024-01"));
  // A year starting on the 1st of the first review's month: due as its year ends.
  CHECK(RenewalDueMonthOfYear(D("2023-07-01"), D("2023-07-01")) == YM("2024-07"));
  // Later years: one year on per renewal.
  CHECK(RenewalDueMonthOfYear(D("2023-07-14"), D("2024-07-20")) == YM("2025-07"));
  CHECK(RenewalDueMonthOfYear(D("2023-07-14"), D("2026-11-01")) == YM("2027-07"));
  // A first review dated after the year began (not the usual order) still
  // lands in that year.
  CHECK(RenewalDueMonthOfYear(D("2025-09-01"), D("2024-11-01")) == YM("2025-09"));
}

TEST_CASE("a waived fee has its own state", "[calendar]") { CHECK(ToString(FeeState::kWaived) == "waived"); }
