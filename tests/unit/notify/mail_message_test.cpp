#include "notify/mail_message.h"

#include <catch2/catch.hpp>

#include "common/base64.h"
#include "common/jst.h"

using namespace mark::notify;

namespace {
// Decodes "=?UTF-8?B?…?=" words joined by CRLF SP.
std::string DecodeWords(const std::string& header) {
  std::string out;
  size_t pos = 0;
  while ((pos = header.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = header.find("?=", pos + 10);
    out += *mark::Base64Decode(header.substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}
}  // namespace

TEST_CASE("mail header: ASCII stays, Japanese becomes encoded-words of at most 75 characters", "[notify]") {
  CHECK(EncodeHeaderWords("Mark J0072 granted") == "Mark J0072 granted");
  const std::string subject = "【安全・安心マーク】J0072 有効期限まであと30日 / Mark J0072 expires in 30 days";
  const std::string encoded = EncodeHeaderWords(subject);
  CHECK(DecodeWords(encoded) == subject);
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    CHECK(end - start <= 75);
    // Each word decodes to whole characters (never half of one).
    const std::string word = DecodeWords(encoded.substr(start, end - start));
    CHECK((static_cast<unsigned char>(word.front()) & 0xC0) != 0x80);
    start = end + 3;
  }
}

TEST_CASE("mail message: headers, a fixed Message-ID, the body in base64 with CRLF", "[notify]") {
  MailMessage m;
  m.from = "registry@mark.example.jp";
  m.to = {"a@isp.example.jp", "b@isp.example.jp"};
  m.subject = "通知";
  m.body = "一行目\nline two\n";
  m.message_id = "msg_0123@mark.example.jp";
  m.date = mark::JstStartOfDay(*mark::ParseDate("2026-11-26")) + std::chrono::hours(16);
  const std::string text = FormatMailMessage(m);
  CHECK(text.find("Message-ID: <msg_0123@mark.example.jp>\r\n") != std::string::npos);
  CHECK(text.find("Date: Thu, 26 Nov 2026 16:00:00 +0900\r\n") != std::string::npos);
  CHECK(text.find("To: a@isp.example.jp,\r\n b@isp.example.jp\r\n") != std::string::npos);
  CHECK(text.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
  CHECK(text.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
  const std::string body64 = text.substr(text.find("\r\n\r\n") + 4);
  std::string joined;
  for (char c : body64)
    if (c != '\r' && c != '\n') joined += c;
  CHECK(*mark::Base64Decode(joined) == "一行目\r\nline two\r\n");
}
