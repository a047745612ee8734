#include "registry/validity.h"

#include <catch2/catch.hpp>

using namespace mark;
using namespace mark::registry;

namespace {

Mark MarkFrom(const char* from) {
  Mark m;
  m.number = "J0001";
  m.valid_from = *ParseDate(from);
  m.valid_until = OneYearUntil(m.valid_from);
  return m;
}

Instant At(const char* rfc3339) { return *ParseInstant(rfc3339); }

}  // namespace

TEST_CASE("one year runs through the day before the same date next year", "[validity]") {
  CHECK(FormatDate(OneYearUntil(*ParseDate("2026-04-01"))) == "2027-03-31");
  CHECK(FormatDate(OneYearUntil(*ParseDate("2024-02-29"))) == "2025-02-28");
  CHECK(FormatDate(OneYearUntil(*ParseDate("2023-03-01"))) == "2024-02-29");  // across a leap day
  CHECK(FormatDate(OneYearUntil(*ParseDate("2026-01-01"))) == "2026-12-31");
}

TEST_CASE("status turns exactly at midnight JST", "[validity]") {
  Mark m = MarkFrom("2026-04-01");  // until 2027-03-31
  CHECK(StatusAt(m, At("2026-03-31T23:59:59+09:00")) == MarkStatus::kNotYetValid);
  CHECK(StatusAt(m, At("2026-04-01T00:00:00+09:00")) == MarkStatus::kValid);
  CHECK(StatusAt(m, At("2027-03-31T23:59:59+09:00")) == MarkStatus::kValid);
  CHECK(StatusAt(m, At("2027-04-01T00:00:00+09:00")) == MarkStatus::kExpired);
  // The same instants in UTC: JST midnight is 15:00 UTC the day before.
  CHECK(StatusAt(m, At("2027-03-31T14:59:59Z")) == MarkStatus::kValid);
  CHECK(StatusAt(m, At("2027-03-31T15:00:00Z")) == MarkStatus::kExpired);
}

TEST_CASE("validity across a leap day", "[validity]") {
  Mark m = MarkFrom("2024-02-29");  // until 2025-02-28 (a full year: the day before 1 March)
  CHECK(StatusAt(m, At("2025-02-28T23:59:59+09:00")) == MarkStatus::kValid);
  CHECK(StatusAt(m, At("2025-03-01T00:00:00+09:00")) == MarkStatus::kExpired);
  Mark n = MarkFrom("2023-03-01");  // until 2024-02-29
  CHECK(StatusAt(n, At("2024-02-29T23:59:59+09:00")) == MarkStatus::kValid);
  CHECK(StatusAt(n, At("2024-03-01T00:00:00+09:00")) == MarkStatus::kExpired);
}

TEST_CASE("suspension and revocation outrank dates", "[validity]") {
  Mark m = MarkFrom("2026-04-01");
  m.suspended = true;
  CHECK(StatusAt(m, At("2026-06-01T00:00:00Z")) == MarkStatus::kSuspended);
  m.revoked = true;
  CHECK(StatusAt(m, At("2026-06-01T00:00:00Z")) == MarkStatus::kRevoked);
  CHECK(StatusAt(m, At("2030-06-01T00:00:00Z")) == MarkStatus::kRevoked);
}

TEST_CASE("renewal extends from the old end, also after a lapse inside the window", "[validity]") {
  Mark m = MarkFrom("2026-04-01");  // until 2027-03-31
  Period p = RenewedPeriod(m);
  CHECK(FormatDate(p.from) == "2026-04-01");
  CHECK(FormatDate(p.until) == "2028-03-31");
  Mark leap = MarkFrom("2023-03-01");  // until 2024-02-29
  CHECK(FormatDate(RenewedPeriod(leap).until) == "2025-02-28");
}

TEST_CASE("the renewal window: due month or four months before, to three months after", "[validity]") {
  Mark m = MarkFrom("2026-04-01");  // until 2027-03-31
  CHECK(FormatDate(CurrentYearStart(m)) == "2026-04-01");
  // First review in October 2025, granted only in April: due 2026-10,
  // earlier than four months before valid_until (2026-11-30).
  m.first_review_date = *ParseDate("2025-10-20");
  RenewalWindowDates w = RenewalWindow(m);
  CHECK(FormatDate(w.opens) == "2026-10-01");
  CHECK(FormatDate(w.closes) == "2027-06-30");
  // First review in the grant's month: due 2027-04, after valid_until, so
  // four months before valid_until opens it.
  m.first_review_date = *ParseDate("2026-04-01");
  w = RenewalWindow(m);
  CHECK(FormatDate(w.opens) == "2026-11-30");
  // Without a first review on record, valid_from stands in.
  m.first_review_date = Date{};
  CHECK(FormatDate(RenewalWindow(m).opens) == "2026-11-30");
  // Month ends clamp (AddMonths): until 2027-05-31 → closes 2027-08-31,
  // four months before is 2027-01-31.
  Mark may = MarkFrom("2026-06-01");
  may.first_review_date = may.valid_from;
  CHECK(FormatDate(RenewalWindow(may).opens) == "2027-01-31");
  CHECK(FormatDate(RenewalWindow(may).closes) == "2027-08-31");
}

TEST_CASE("the renewal window's edges, both days included", "[validity]") {
  Mark m = MarkFrom("2026-04-01");  // until 2027-03-31, window 2026-11-30 .. 2027-06-30
  m.first_review_date = m.valid_from;
  CHECK(OutsideRenewalWindow(m, *ParseDate("2026-11-29")).value_or("").find("opens on 2026-11-30") !=
        std::string::npos);
  CHECK_FALSE(OutsideRenewalWindow(m, *ParseDate("2026-11-30")));
  CHECK_FALSE(OutsideRenewalWindow(m, *ParseDate("2027-06-30")));
  auto closed = OutsideRenewalWindow(m, *ParseDate("2027-07-01"));
  REQUIRE(closed);
  CHECK(closed->find("closes on 2027-06-30") != std::string::npos);
  CHECK(closed->find("new application") != std::string::npos);
  // Once renewed, the next window is a year on.
  m.valid_until = RenewedPeriod(m).until;
  auto again = OutsideRenewalWindow(m, *ParseDate("2027-02-01"));
  REQUIRE(again);
  CHECK(again->find("opens on 2027-11-30") != std::string::npos);
}

TEST_CASE("the renewal window opens at the due month or four months before the end, and closes three after",
          "[validity]") {
  using namespace std::chrono;
  // Dates in the current year: the rule is about months, never a calendar year.
  const year y = JstDate(SystemClock().Now()).year();
  Mark m;
  m.valid_from = y / April / 1;
  m.valid_until = (y + years{1}) / March / 31;
  // No first review (imported): valid_from stands in; due the April after
  // the end, so four months before the end comes first.
  RenewalWindowDates w = RenewalWindow(m);
  CHECK(w.opens == y / November / 30);
  CHECK(w.closes == (y + years{1}) / June / 30);
  CHECK(w.Contains(w.opens));
  CHECK(w.Contains(w.closes));
  CHECK_FALSE(w.Contains(AddDays(w.opens, -1)));
  CHECK_FALSE(w.Contains(AddDays(w.closes, 1)));
  // A first review in the previous September: due this September, which
  // opens the window before the four months do.
  m.first_review_date = (y - years{1}) / September / 20;
  w = RenewalWindow(m);
  CHECK(w.opens == y / September / 1);
  CHECK(w.closes == (y + years{1}) / June / 30);
  // After renewals the same due month recurs each year.
  m.valid_until = (y + years{3}) / March / 31;
  CHECK(RenewalWindow(m).opens == (y + years{2}) / September / 1);
  m.first_review_date = m.valid_from;  // an import's: valid_from stands in
  CHECK(RenewalWindow(m).opens == (y + years{2}) / November / 30);
}

TEST_CASE("a returned mark is returned whatever the dates, and revocation still outranks it", "[validity]") {
  using namespace std::chrono;
  const year y = JstDate(SystemClock().Now()).year();
  Mark m;
  m.valid_from = y / April / 1;
  m.valid_until = OneYearUntil(m.valid_from);
  const Instant inside = JstStartOfDay(y / June / 1);
  REQUIRE(StatusAt(m, inside) == MarkStatus::kValid);
  m.returned = true;
  CHECK(StatusAt(m, inside) == MarkStatus::kReturned);
  CHECK(StatusAt(m, JstStartOfDay(y / January / 1)) == MarkStatus::kReturned);
  m.suspended = true;
  CHECK(StatusAt(m, inside) == MarkStatus::kReturned);
  m.revoked = true;
  CHECK(StatusAt(m, inside) == MarkStatus::kRevoked);
  CHECK(ToString(MarkStatus::kReturned) == "returned");
  CHECK(ParseMarkStatus("returned") == MarkStatus::kReturned);
}
