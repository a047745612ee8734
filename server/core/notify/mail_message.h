// An e-mail as it goes to the SMTP server (RFC 5322, MIME): plain text in
// UTF-8, transferred base64 so no line of Japanese can exceed SMTP's limits;
// a subject outside ASCII as RFC 2047 encoded-words ("=?UTF-8?B?…?=", at
// most 75 characters each, split between characters, folded); a Message-ID
// fixed by the notice, so a repeated delivery is recognisable as the same
// message; and Auto-Submitted (RFC 3834) so auto-responders stay quiet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace mark::notify {

struct MailMessage {
  std::string from;             // an address, ASCII
  std::vector<std::string> to;  // addresses, ASCII
  std::string subject;          // UTF-8
  std::string body;             // UTF-8 text, "\n" line ends
  std::string message_id;       // without angle brackets: "msg_…@host"
  Instant date{};               // shown in JST
  std::string notice_kind;      // X-Anshin-Mark-Notice
};

// The whole message, CRLF line ends.
std::string FormatMailMessage(const MailMessage& m);
// `text` as a header value: itself when printable ASCII, else encoded-words
// joined by CRLF SP (a folded header line).
std::string EncodeHeaderWords(std::string_view text);
// "Thu, 26 Nov 2026 16:00:00 +0900" (RFC 5322 section 3.3) in JST.
std::string MailDate(Instant at);

}  // namespace mark::notify
