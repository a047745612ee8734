// An iCalendar (RFC 5545) writer for the secretariat's feed of review sessions
// and renewal deadlines: all-day events only, which is all the council's
// calendar has (sessions are months, deadlines are days).
// Output follows RFC 5545: CRLF line ends (3.1), content lines folded so no
// line exceeds 75 octets, never inside a UTF-8 sequence (3.1), TEXT values
// escaped for backslash, semicolon, comma and newline (3.3.11), DTSTAMP on
// every VEVENT (3.6.1) taken from the caller, never from a clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/jst.h"

namespace mark::review {

struct CalendarEvent {
  std::string uid;          // globally unique and stable, e.g. "session-2024-03@isp-ss.example"
  Date start{};             // all-day, a JST date
  std::optional<Date> end;  // exclusive (RFC 5545 3.6.1); default start + 1 day
  std::string summary;
  std::string description;              // optional
  std::string location;                 // optional
  std::string url;                      // optional, a URI (not escaped as TEXT)
  std::vector<std::string> categories;  // optional
};

// A whole VCALENDAR. `prodid` e.g. "-//Anshin Mark Registry//Review calendar//JA";
// `name` goes to X-WR-CALNAME (shown by most clients) when not empty.
std::string WriteICalendar(const std::vector<CalendarEvent>& events, Instant dtstamp, std::string_view prodid,
                           std::string_view name = {});

// RFC 5545 3.3.11 TEXT escaping: \ ; , and newlines (CRLF, CR or LF -> \n).
std::string EscapeICalText(std::string_view text);
// Folds one unfolded content line (without its CRLF) into CRLF-terminated
// lines of at most 75 octets, continuation lines starting with one space.
std::string FoldICalLine(std::string_view line);

}  // namespace mark::review
