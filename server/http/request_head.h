// RequestHeadParser: reads an HTTP/1.x request head (request line, header
// lines, blank line) as it arrives and decides, before anything else sees
// it, whether it may be served. It is the one place markd's framing rules
// live (RFC 9112); cpp-httplib only ever parses heads that passed here.
//
// Rejected (answered with the status, then the connection closes unread):
//   414  request line longer than max_line_bytes (CRLF included)
//   431  a header line longer than max_line_bytes, more than max_fields
//        header lines, or a head longer than max_head_bytes
//   400  a line ending in a bare LF; a bare CR, NUL or any other control
//        character but HTAB in a line; obs-fold (a line starting with SP or
//        HTAB); whitespace before a colon or a name that is not a token; a
//        malformed request line; no Host in HTTP/1.1 or more than one Host;
//        a Content-Length that is not digits or appears twice; two Expects
//   501  a method cpp-httplib does not know; 505  an HTTP version not 1.0/1.1
//   411  any Transfer-Encoding (chunked bodies are not accepted), or POST,
//        PUT or PATCH without Content-Length
//   413  Content-Length over max_body_bytes
//   417  an Expect other than 100-continue
// Pure: no I/O, no allocation beyond the head's method and target; it never
// looks past the blank line, so what follows (the body, a pipelined request)
// is left to the caller. Not thread-safe; one parser per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mark::http {

struct HeadLimits {
  size_t max_line_bytes = 8 * 1024;   // request line or one header line, CRLF included
  size_t max_head_bytes = 64 * 1024;  // up to and including the blank line
  size_t max_fields = 100;            // header lines
  uint64_t max_body_bytes = 64 * 1024;
};

// A head that may be served.
struct RequestHead {
  size_t head_bytes = 0;  // from the first byte through the blank line's LF
  std::string method;
  std::string target;  // as sent (query string included)
  bool http10 = false;
  uint64_t content_length = 0;  // 0 when absent
  // The client asked to close after this answer (Connection: close, or
  // HTTP/1.0 without Connection: keep-alive).
  bool close = false;
  // Expect: 100-continue was sent; expect_offset/expect_bytes locate that
  // line (CRLF included) within the head, so a reader that answers the
  // expectation itself can remove it before passing the head on.
  bool expect_continue = false;
  size_t expect_offset = 0;
  size_t expect_bytes = 0;
};

// Why a head is refused: the status to answer and a sentence for the client.
struct HeadError {
  int status = 0;
  std::string detail;
};

class RequestHeadParser {
 public:
  enum class State { kNeedMore, kComplete, kRejected };

  explicit RequestHeadParser(HeadLimits limits = {}) : limits_(limits) {}

  // `buffer` holds the head from its first byte: what an earlier call saw,
  // unchanged, followed by what arrived since (bytes are examined once, so
  // feeding a head byte by byte costs what feeding it whole does). Bytes past
  // the blank line are not looked at. Once kComplete or kRejected, further
  // calls return the same state until Reset().
  State Parse(std::string_view buffer);

  State state() const { return state_; }
  // Valid once kComplete. After kRejected, method and target hold what the
  // request line said if it was read (for the access log), else empty.
  const RequestHead& head() const { return head_; }
  // Valid once kRejected.
  const HeadError& error() const { return error_; }
  // Bytes of the buffer examined so far (at most max_head_bytes).
  size_t examined() const { return scanned_; }

  // Ready for the next request's head on the same connection.
  void Reset();

 private:
  State OnLine(std::string_view line, size_t offset, size_t line_bytes);
  State OnRequestLine(std::string_view line);
  State OnHeaderLine(std::string_view line, size_t offset, size_t line_bytes);
  State Finish(size_t head_bytes);
  State Reject(int status, std::string detail);

  HeadLimits limits_;
  State state_ = State::kNeedMore;
  RequestHead head_;
  HeadError error_;
  size_t line_start_ = 0;  // first byte of the line being read
  size_t scanned_ = 0;     // bytes of the buffer searched for LF so far
  bool request_line_read_ = false;
  size_t fields_ = 0;
  int hosts_ = 0;
  int content_lengths_ = 0;
  bool content_length_valid_ = true;
  bool content_length_too_large_ = false;
  bool transfer_encoding_ = false;
  bool connection_close_ = false;
  bool connection_keep_alive_ = false;
  int expects_ = 0;
};

}  // namespace mark::http
