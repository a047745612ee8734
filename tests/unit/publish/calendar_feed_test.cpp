// The renewal calendar and fee lists as CSV (Excel) and iCalendar: pure
// functions of rows, checked byte for byte where it matters.
#include "publish/calendar_feed.h"

#include <catch2/catch.hpp>

using namespace mark;
using mark::publish::CalendarIcs;
using mark::publish::FeedOptions;
using mark::publish::FeesCsv;
using mark::publish::RenewalsCsv;
using namespace mark::review_records;
namespace rv = mark::review;

namespace {

RenewalRow Row() {
  RenewalRow r;
  r.number = "J0072";
  r.scheme = Scheme::kIsp;
  r.status = MarkStatus::kValid;
  r.operator_name = "=さくら,ネット";  // a formula prefix and a comma from outside
  r.service_name = "さくら光";
  r.valid_from = *ParseDate("2026-01-10");
  r.valid_until = *ParseDate("2027-01-09");
  r.days_left = 44;
  r.renewal_due_month = std::chrono::year{2027} / std::chrono::January;
  r.next_session = std::chrono::year{2027} / std::chrono::March;
  return r;
}

FeeRow Fee(std::optional<Date> due, std::optional<Date> paid) {
  FeeRow f;
  f.id = "fee_1";
  f.application_id = "app_1";
  f.operator_name = "さくら";
  f.service_name = "さくら光";
  f.kind = rv::FeeKind::kAnnualUsage;
  f.amount_jpy = 20000;
  f.due = due;
  f.paid_on = paid;
  f.state = paid ? rv::FeeState::kPaid : rv::FeeState::kOverdue;
  return f;
}

}  // namespace

TEST_CASE("renewals CSV: BOM, Japanese header, CRLF, guarded and quoted cells", "[calendar_feed]") {
  std::string csv = RenewalsCsv({Row()});
  CHECK(csv ==
        "\xEF\xBB\xBF"
        "番号,制度,事業者,サービス,有効期間開始,有効期限,残日数,更新申請月,次回審査会,状態\r\n"
        "J0072,ISP版,\"'=さくら,ネット\",さくら光,2026-01-10,2027-01-09,44,2027-01,2027-03,有効\r\n");
}

TEST_CASE("fees CSV states and amounts", "[calendar_feed]") {
  std::string csv = FeesCsv({Fee(ParseDate("2026-12-01"), std::nullopt), Fee(std::nullopt, ParseDate("2026-11-02"))});
  CHECK(csv.find("fee_1,app_1,さくら,さくら光,マーク年間使用料,20000,2026-12-01,,期限超過\r\n") != std::string::npos);
  CHECK(csv.find("fee_1,app_1,さくら,さくら光,マーク年間使用料,20000,,2026-11-02,支払済\r\n") != std::string::npos);
}

TEST_CASE("iCalendar feed: sessions, renewal month, expiry, unpaid fee — stable UIDs", "[calendar_feed]") {
  FeedOptions o;
  o.today = *ParseDate("2026-11-26");
  o.uid_domain = "mark.example.jp";
  o.public_url = "https://mark.example.jp";
  Instant stamp = *ParseInstant("2026-11-26T03:00:00Z");
  std::string ics = CalendarIcs(
      {Row()}, {Fee(ParseDate("2026-12-01"), std::nullopt), Fee(ParseDate("2026-12-02"), ParseDate("2026-11-30"))}, o,
      stamp);
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  // Sessions from this month a year ahead: 2026-11, 2027-03, 2027-07, 2027-11.
  CHECK(ics.find("UID:session-2026-11@mark.example.jp\r\n") != std::string::npos);
  CHECK(ics.find("UID:session-2027-11@mark.example.jp\r\n") != std::string::npos);
  CHECK(ics.find("UID:session-2028-03@") == std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261101\r\nDTEND;VALUE=DATE:20261201\r\n") != std::string::npos);
  CHECK(ics.find("UID:renewal-J0072-2027-01@mark.example.jp\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270201\r\n") != std::string::npos);
  CHECK(ics.find("UID:expiry-J0072-2027-01-09@mark.example.jp\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20270109\r\nDTEND;VALUE=DATE:20270110\r\n") != std::string::npos);
  CHECK(ics.find("URL:https://mark.example.jp/v/J0072\r\n") != std::string::npos);
  CHECK(ics.find("DTSTAMP:20261126T030000Z\r\n") != std::string::npos);
  // The paid fee has no deadline event; the unpaid one does.
  size_t fee_events = 0;
  for (size_t at = ics.find("UID:fee-"); at != std::string::npos; at = ics.find("UID:fee-", at + 1)) ++fee_events;
  CHECK(fee_events == 1);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261201\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261202\r\n") == std::string::npos);
  CHECK(ics ==
        CalendarIcs({Row()},
                    {Fee(ParseDate("2026-12-01"), std::nullopt), Fee(ParseDate("2026-12-02"), ParseDate("2026-11-30"))},
                    o, stamp));
}

TEST_CASE("a waived fee: its waiver in JSON, 免除 in CSV, no deadline in iCalendar", "[calendar_feed]") {
  FeeRow f = Fee(ParseDate("2026-12-01"), std::nullopt);
  f.waived_at = "2026-11-20T01:00:00Z";
  f.waived_by = "secretariat-tanaka";
  f.waive_reason = "災害による減免";
  f.state = rv::FeeState::kWaived;
  auto j = FeeRowJson(f);
  CHECK(j["state"] == "waived");
  CHECK(j["waived"]["by"] == "secretariat-tanaka");
  CHECK(j["waived"]["reason"] == "災害による減免");
  CHECK(FeeRowJson(Fee(ParseDate("2026-12-01"), std::nullopt))["waived"].is_null());
  CHECK(FeesCsv({f}).find("fee_1,app_1,さくら,さくら光,マーク年間使用料,20000,2026-12-01,,免除\r\n") !=
        std::string::npos);
  FeedOptions o;
  o.today = *ParseDate("2026-11-26");
  o.uid_domain = "mark.example.jp";
  CHECK(CalendarIcs({}, {f}, o, *ParseInstant("2026-11-26T03:00:00Z")).find("UID:fee-") == std::string::npos);
}

TEST_CASE("a renewal row carries its renewal window", "[calendar_feed]") {
  RenewalRow r = Row();
  r.window_opens = *ParseDate("2026-09-09");
  r.window_closes = *ParseDate("2027-04-09");
  auto j = RenewalJson(r);
  CHECK(j["renewal_window"]["opens"] == "2026-09-09");
  CHECK(j["renewal_window"]["closes"] == "2027-04-09");
}
