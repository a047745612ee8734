#include "http/access_log.h"

#include <cstdio>

namespace mark::http {

std::string EscapeForLog(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7f && c != '\\') {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
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
