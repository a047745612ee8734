#include "http/request_head.h"

#include <algorithm>
#include <cstring>

#include "common/decimal.h"
#include "common/trim.h"

namespace mark::http {

namespace {

// RFC 9110 section 5.6.2: tchar.
bool IsTokenChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsToken(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); });
}

// RFC 9110 section 5.5: field-value bytes are VCHAR, SP, HTAB and obs-text;
// every other control character (NUL, CR, LF, DEL …) is refused.
bool IsFieldValueChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

// RFC 3986 reg-name, IP-literal and port characters: what a Host may hold.
bool IsHostChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return c != '\0' && std::strchr("-._~!$&'()*+,;=:[]%", c) != nullptr;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// The methods cpp-httplib routes; anything else is not implemented here.
bool IsKnownMethod(std::string_view m) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    if (m == known) return true;
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void RequestHeadParser::Reset() { *this = RequestHeadParser(limits_); }

RequestHeadParser::State RequestHeadParser::Reject(int status, std::string detail) {
  state_ = State::kRejected;
  error_ = {status, std::move(detail)};
  return state_;
}

RequestHeadParser::State RequestHeadParser::Parse(std::string_view buffer) {
  while (state_ == State::kNeedMore) {
    // A line's LF must lie within max_line_bytes of its start and within
    // max_head_bytes of the head's start: nothing beyond is searched, so a
    // line without end costs at most the cap, however much was sent.
    const size_t line_end = line_start_ + limits_.max_line_bytes;
    const size_t window = std::min({buffer.size(), line_end, limits_.max_head_bytes});
    const void* lf = scanned_ < window ? std::memchr(buffer.data() + scanned_, '\n', window - scanned_) : nullptr;
    if (lf == nullptr) {
      scanned_ = std::max(scanned_, window);
      if (window == line_end)
        return request_line_read_
                   ? Reject(431, "a header line is longer than " + std::to_string(limits_.max_line_bytes) + " bytes")
                   : Reject(414,
                            "the request line is longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
      if (window == limits_.max_head_bytes)
        return Reject(431, "the request head is longer than " + std::to_string(limits_.max_head_bytes) + " bytes");
      return state_;
    }
    const size_t lf_at = static_cast<size_t>(static_cast<const char*>(lf) - buffer.data());
    // RFC 9112 section 2.2: a bare LF as line end is refused, never guessed at
    // (a front that reads it differently is how requests get smuggled).
    if (lf_at == line_start_ || buffer[lf_at - 1] != '\r') return Reject(400, "a line ends without CR LF");
    const size_t offset = line_start_;
    const size_t line_bytes = lf_at + 1 - offset;
    line_start_ = scanned_ = lf_at + 1;
    OnLine(buffer.substr(offset, line_bytes - 2), offset, line_bytes);
  }
  return state_;
}

RequestHeadParser::State RequestHeadParser::OnLine(std::string_view line, size_t offset, size_t line_bytes) {
  if (!request_line_read_) {
    // RFC 9112 section 2.2: empty lines before a request line are ignored.
    if (line.empty()) return state_;
    request_line_read_ = true;
    return OnRequestLine(line);
  }
  if (line.empty()) return Finish(offset + line_bytes);
  return OnHeaderLine(line, offset, line_bytes);
}

RequestHeadParser::State RequestHeadParser::OnRequestLine(std::string_view line) {
  // RFC 9112 section 3: method SP request-target SP HTTP-version, single spaces.
  const size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return Reject(400, "the request line is malformed");
  const std::string_view method = line.substr(0, sp1);
  const std::string_view rest = line.substr(sp1 + 1);
  const size_t sp2 = rest.find(' ');
  if (sp2 == std::string_view::npos) return Reject(400, "the request line is malformed");
  const std::string_view target = rest.substr(0, sp2);
  const std::string_view version = rest.substr(sp2 + 1);
  if (!IsToken(method)) return Reject(400, "the request line is malformed");
  const bool target_ok = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (!target_ok) return Reject(400, "the request target holds a space, a control character or a non-ASCII byte");
  head_.method.assign(method);
  head_.target.assign(target);
  if (version == "HTTP/1.1") {
    head_.http10 = false;
  } else if (version == "HTTP/1.0") {
    head_.http10 = true;
  } else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && IsDigit(version[5]) && version[6] == '.' &&
             IsDigit(version[7])) {
    return Reject(505, "only HTTP/1.0 and HTTP/1.1 are served");
  } else {
    return Reject(400, "the request line is malformed");
  }
  if (!IsKnownMethod(method)) return Reject(501, "the method is not implemented");
  return state_;
}

RequestHeadParser::State RequestHeadParser::OnHeaderLine(std::string_view line, size_t offset, size_t line_bytes) {
  // RFC 9112 section 5.2: obs-fold is refused rather than unfolded.
  if (line.front() == ' ' || line.front() == '\t')
    return Reject(400, "a header line starts with whitespace (obsolete line folding is not accepted)");
  const size_t colon = line.find(':');
  // RFC 9112 section 5.1: no whitespace between the name and the colon.
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon)))
    return Reject(400, "a header line has no name, or its name is not a token");
  const std::string_view name = line.substr(0, colon);
  const std::string_view raw_value = line.substr(colon + 1);
  if (!std::all_of(raw_value.begin(), raw_value.end(),
                   [](char c) { return IsFieldValueChar(static_cast<unsigned char>(c)); }))
    return Reject(400, "a header value holds a control character");
  if (++fields_ > limits_.max_fields)
    return Reject(431, "more than " + std::to_string(limits_.max_fields) + " header lines");
  const std::string_view value = TrimOws(raw_value);

  if (EqualsIgnoreCase(name, "Host")) {
    ++hosts_;
    if (!std::all_of(value.begin(), value.end(), [](char c) { return IsHostChar(static_cast<unsigned char>(c)); }))
      return Reject(400, "Host is not a host name");
  } else if (EqualsIgnoreCase(name, "Content-Length")) {
    ++content_lengths_;
    // Digits only: no sign, no list ("5, 5"), no space inside.
    content_length_valid_ = !value.empty() && std::all_of(value.begin(), value.end(), IsDigit);
    if (content_length_valid_) {
      // All digits, so a number that does not parse is past the limit (or past 64 bits).
      const auto n = ParseDecimal<uint64_t>(value, 0, limits_.max_body_bytes);
      if (!n) content_length_too_large_ = true;
      head_.content_length = n.value_or(limits_.max_body_bytes);
    }
  } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
    transfer_encoding_ = true;
  } else if (EqualsIgnoreCase(name, "Connection")) {
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view option = TrimOws(rest.substr(0, comma));
      if (EqualsIgnoreCase(option, "close")) connection_close_ = true;
      if (EqualsIgnoreCase(option, "keep-alive")) connection_keep_alive_ = true;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else if (EqualsIgnoreCase(name, "Expect")) {
    ++expects_;
    head_.expect_continue = EqualsIgnoreCase(value, "100-continue");
    head_.expect_offset = offset;
    head_.expect_bytes = line_bytes;
  }
  return state_;
}

RequestHeadParser::State RequestHeadParser::Finish(size_t head_bytes) {
  // RFC 9112 section 3.2: exactly one Host in HTTP/1.1, at most one in 1.0.
  if (hosts_ > 1) return Reject(400, "more than one Host header");
  if (hosts_ == 0 && !head_.http10) return Reject(400, "a Host header is required");
  // RFC 9112 section 6.1: a body whose length is not known before it is read
  // is refused (and with it the Transfer-Encoding/Content-Length conflict).
  if (transfer_encoding_) return Reject(411, "send a Content-Length; chunked request bodies are not accepted");
  if (content_lengths_ > 1) return Reject(400, "more than one Content-Length");
  if (!content_length_valid_) return Reject(400, "Content-Length is not a number");
  if (content_length_too_large_)
    return Reject(413, "the request body is larger than " + std::to_string(limits_.max_body_bytes) + " bytes");
  if (content_lengths_ == 0 && (head_.method == "POST" || head_.method == "PUT" || head_.method == "PATCH"))
    return Reject(411, "a Content-Length header is required");
  if (expects_ > 1) return Reject(400, "more than one Expect header");
  if (expects_ == 1 && !head_.expect_continue) return Reject(417, "only Expect: 100-continue is understood");
  head_.close = connection_close_ || (head_.http10 && !connection_keep_alive_);
  head_.head_bytes = head_bytes;
  state_ = State::kComplete;
  return state_;
}

}  // namespace mark::http
