#include "notify/mail_message.h"

#include <cstdio>

#include "common/base64.h"
#include "common/jst.h"
#include "common/utf8.h"

namespace mark::notify {

namespace {

bool PrintableAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) return false;
  return true;
}

// Length of the UTF-8 sequence at text[i] (1 for a stray byte).
size_t SequenceLength(std::string_view text, size_t i) {
  char32_t c;
  const size_t n = DecodeUtf8(text, i, &c);
  return n == 0 ? 1 : n;
}

}  // namespace

std::string EncodeHeaderWords(std::string_view text) {
  if (PrintableAscii(text)) return std::string(text);
  // 45 bytes of text are 60 of base64: "=?UTF-8?B?" + 60 + "?=" is 72 < 75.
  constexpr size_t kChunk = 45;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t len = SequenceLength(text, end);
      if (end + len - i > kChunk) break;
      end += len;
    }
    if (end == i) end = std::min(text.size(), i + kChunk);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string MailDate(Instant at) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto local = std::chrono::floor<std::chrono::seconds>(at + kJstOffset);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  const std::chrono::weekday wd(day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %d %02ld:%02ld:%02ld +0900", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()));
  return buf;
}

std::string FormatMailMessage(const MailMessage& m) {
  std::string to;
  for (const std::string& a : m.to) to += (to.empty() ? "" : ",\r\n ") + a;
  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodeHeaderWords(m.subject) + "\r\n";
  out += "Date: " + MailDate(m.date) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-Language: ja, en\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  if (!m.notice_kind.empty()) out += "X-Anshin-Mark-Notice: " + m.notice_kind + "\r\n";
  out += "\r\n";
  std::string crlf;
  crlf.reserve(m.body.size() + m.body.size() / 20);
  for (char c : m.body) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string b64 = Base64Encode(crlf);
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace mark::notify
