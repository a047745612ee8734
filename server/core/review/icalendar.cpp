#include "review/icalendar.h"
#include "common/utf8.h"

#include <cstdio>

namespace mark::review {

using namespace std::chrono;

namespace {

std::string IcalDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// "20240301T000000Z"
std::string IcalUtc(Instant at) {
  std::string s = FormatInstant(at);  // 2024-03-01T00:00:00Z
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

}  // namespace

std::string EscapeICalText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT (3.3.11); drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        out += c;
    }
  }
  return out;
}

std::string FoldICalLine(std::string_view line) {
  constexpr size_t kMax = 75;
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos < line.size()) {
    // Continuation lines begin with a space, which counts toward the 75.
    size_t room = first ? kMax : kMax - 1;
    size_t end = pos + room;
    if (end >= line.size()) {
      end = line.size();
    } else {
      // Back up to the start of a UTF-8 sequence so no character is split.
      end = std::max(pos, Utf8CodePointStart(line, end));
    }
    if (!first) out += ' ';
    out.append(line.substr(pos, end - pos));
    out += "\r\n";
    pos = end;
    first = false;
  }
  if (first) out += "\r\n";  // an empty line stays a line
  return out;
}

std::string WriteICalendar(const std::vector<CalendarEvent>& events, Instant dtstamp, std::string_view prodid,
                           std::string_view name) {
  std::string out;
  auto line = [&out](std::string_view l) { out += FoldICalLine(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:" + std::string(prodid));
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  if (!name.empty()) line("X-WR-CALNAME:" + EscapeICalText(name));
  std::string stamp = IcalUtc(dtstamp);
  for (const CalendarEvent& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + EscapeICalText(e.uid));
    line("DTSTAMP:" + stamp);
    line("DTSTART;VALUE=DATE:" + IcalDate(e.start));
    line("DTEND;VALUE=DATE:" + IcalDate(e.end.value_or(AddDays(e.start, 1))));
    line("SUMMARY:" + EscapeICalText(e.summary));
    if (!e.description.empty()) line("DESCRIPTION:" + EscapeICalText(e.description));
    if (!e.location.empty()) line("LOCATION:" + EscapeICalText(e.location));
    if (!e.url.empty()) line("URL:" + e.url);
    if (!e.categories.empty()) {
      std::string cats = "CATEGORIES:";
      for (size_t i = 0; i < e.categories.size(); ++i) {
        if (i) cats += ',';
        cats += EscapeICalText(e.categories[i]);
      }
      line(cats);
    }
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace mark::review
