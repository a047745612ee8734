// The access log: one line per answer on stderr, written only here.
//   access METHOD PATH STATUS DURATIONms
// PATH never carries the query string (who looked up what is nobody's
// business) and no header is logged (tokens). Everything a client chose is
// escaped first (EscapeForLog), so a path such as /x%0d%0aaccess... or raw
// bytes cannot forge lines or fields. Thread-safe (one fprintf per line).
#pragma once

#include <string>
#include <string_view>

namespace mark::http {

// `text` with every byte outside printable ASCII (controls, DEL, bytes of
// 0x80 and above), the space and the backslash written as \xNN: the result
// is one field of visible characters that maps back to the bytes.
std::string EscapeForLog(std::string_view text);

// Writes one access line; `method` and `path` are escaped here.
void WriteAccessLine(std::string_view method, std::string_view path, int status, double milliseconds);

}  // namespace mark::http
