#include "http/access_log.h"

#include <cstdio>

#include "common/hex.h"

namespace mark::http {

std::string EscapeForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7f && c != '\\') {
      out.push_back(ch);
    } else {
      out += "\\x";
      AppendHexByte(out, c);
    }
  }
  return out;
}

void WriteAccessLine(std::string_view method, std::string_view path, int status, double milliseconds) {
  const std::string m = EscapeForLog(method.empty() ? "-" : method);
  const std::string p = EscapeForLog(path.empty() ? "-" : path);
  std::fprintf(stderr, "access %s %s %d %.3fms\n", m.c_str(), p.c_str(), status, milliseconds);
}

}  // namespace mark::http
