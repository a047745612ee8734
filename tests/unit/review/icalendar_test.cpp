#include "review/icalendar.h"

#include <catch2/catch.hpp>

using namespace mark::review;

namespace {

mark::Date D(const char* text) {
  auto d = mark::ParseDate(text);
  REQUIRE(d);
  return *d;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t e = s.find("\r\n", pos);
    REQUIRE(e != std::string::npos);  // every line ends in CRLF
    out.push_back(s.substr(pos, e - pos));
    pos = e + 2;
  }
  return out;
}

// Undo folding (RFC 5545 3.1): CRLF followed by one space disappears.
std::string Unfold(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("TEXT escaping per RFC 5545 3.3.11", "[icalendar]") {
  CHECK(EscapeICalText("a,b;c\\d") == "a\\,b\\;c\\\\d");
  CHECK(EscapeICalText("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour");
  CHECK(EscapeICalText("更新期限") == "更新期限");
  CHECK(EscapeICalText(std::string("bell\x07", 5)) == "bell");
}

TEST_CASE("folding keeps lines within 75 octets and characters whole", "[icalendar]") {
  CHECK(FoldICalLine("SHORT") == "SHORT\r\n");
  std::string ascii(200, 'x');
  auto lines = Lines(FoldICalLine(ascii));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].size() == 75);
  CHECK(lines[1].size() == 75);
  CHECK(lines[1][0] == ' ');
  CHECK(Unfold(FoldICalLine(ascii)) == ascii + "\r\n");
  // Exactly 75 octets: one line.
  CHECK(Lines(FoldICalLine(std::string(75, 'y'))).size() == 1);
  CHECK(Lines(FoldICalLine(std::string(76, 'y'))).size() == 2);

  std::string ja = "SUMMARY:";
  for (int i = 0; i < 40; ++i) ja += "安全・安心マーク";  // 3-octet characters
  std::string folded = FoldICalLine(ja);
  for (const std::string& l : Lines(folded)) {
    INFO(l);
    CHECK(l.size() <= 75);
    CHECK(ValidUtf8(l[0] == ' ' ? l.substr(1) : l));
  }
  CHECK(Unfold(folded) == ja + "\r\n");
}

TEST_CASE("a calendar of sessions and deadlines", "[icalendar]") {
  CalendarEvent session;
  session.uid = "session-2024-07@anshin-mark.example";
  session.start = D("2024-07-01");
  session.end = D("2024-08-01");
  session.summary = "2次審査（7月）";
  session.categories = {"review", "session"};
  CalendarEvent deadline;
  deadline.uid = "renewal-J0072-2024-07@anshin-mark.example";
  deadline.start = D("2024-07-31");
  deadline.summary = "更新申請期限: J0072, Example ISP; \"光\"";
  deadline.description = "Renewal due\nfirst review 2023-07";
  deadline.url = "https://registry.example/marks/J0072";
  std::string ics = WriteICalendar({session, deadline}, mark::FromUnixSeconds(1700000000),
                                   "-//Anshin Mark Registry//Review calendar//JA", "安全・安心マーク 審査予定");
  for (const std::string& l : Lines(ics)) CHECK(l.size() <= 75);
  std::string u = Unfold(ics);
  CHECK(u.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Anshin Mark Registry//Review calendar//JA\r\n", 0) == 0);
  CHECK(u.find("X-WR-CALNAME:安全・安心マーク 審査予定\r\n") != std::string::npos);
  CHECK(u.find("BEGIN:VEVENT\r\nUID:session-2024-07@anshin-mark.example\r\n"
               "DTSTAMP:20231114T221320Z\r\nDTSTART;VALUE=DATE:20240701\r\n"
               "DTEND;VALUE=DATE:20240801\r\nSUMMARY:2次審査（7月）\r\n"
               "CATEGORIES:review,session\r\n") != std::string::npos);
  CHECK(u.find("DTSTART;VALUE=DATE:20240731\r\nDTEND;VALUE=DATE:20240801\r\n") != std::string::npos);
  CHECK(u.find("SUMMARY:更新申請期限: J0072\\, Example ISP\\; \"光\"\r\n") != std::string::npos);
  CHECK(u.find("DESCRIPTION:Renewal due\\nfirst review 2023-07\r\n") != std::string::npos);
  CHECK(u.find("URL:https://registry.example/marks/J0072\r\n") != std::string::npos);
  CHECK(u.size() >= 15);
  CHECK(u.substr(u.size() - 15) == "END:VCALENDAR\r\n");
  // No bare LF anywhere.
  for (size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') CHECK((i > 0 && ics[i - 1] == '\r'));
  }
}
