#include "common/decimal.h"
#include "common/jst.h"

#include <cstdio>

namespace mark {

using namespace std::chrono;

Date JstDate(Instant at) { return Date{floor<days>(at + kJstOffset)}; }

Instant JstStartOfDay(Date d) { return Instant{sys_days{d}} - kJstOffset; }

Date AddYears(Date d, int years) {
  Date r = d + std::chrono::years{years};
  if (!r.ok()) r = Date{sys_days{r.year() / r.month() / last} + days{1}};  // 29 Feb -> 1 Mar
  return r;
}

Date AddDays(Date d, int n) { return Date{sys_days{d} + days{n}}; }

static bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  const auto value = ParseDecimal<int>(s.substr(pos, n), 0, 9999);
  if (value) out = *value;
  return value.has_value();
}

std::optional<Date> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ReadDigits(s, 0, 4, y) || !ReadDigits(s, 5, 2, m) || !ReadDigits(s, 8, 2, d)) return std::nullopt;
  Date r{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!r.ok()) return std::nullopt;
  return r;
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string FormatInstant(Instant at) {
  auto secs = floor<seconds>(at);
  auto day = floor<days>(secs);
  Date ymd{day};
  hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatJstMinute(Instant at) {
  auto local = floor<minutes>(at) + kJstOffset;
  auto day = floor<days>(local);
  Date ymd{day};
  hh_mm_ss hms{local - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d JST", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return buf;
}

std::optional<Instant> ParseInstant(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  if (s.size() < 20) return std::nullopt;
  auto date = ParseDate(s.substr(0, 10));
  if (!date || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return std::nullopt;
  int h, mi, se;
  if (!ReadDigits(s, 11, 2, h) || !ReadDigits(s, 14, 2, mi) || !ReadDigits(s, 17, 2, se)) return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (pos + 6 != s.size() || s[pos + 3] != ':' || !ReadDigits(s, pos + 1, 2, oh) || !ReadDigits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return Instant{sys_days{*date}} + hours{h} + minutes{mi} + seconds{se} - minutes{offset_min};
}

long long UnixSeconds(Instant at) { return duration_cast<seconds>(at.time_since_epoch()).count(); }

Instant FromUnixSeconds(long long s) { return Instant{seconds{s}}; }

}  // namespace mark
