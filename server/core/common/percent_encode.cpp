#include "common/percent_encode.h"

#include "common/hex.h"

namespace mark {

std::string PercentEncode(std::string_view component) {
  std::string out;
  out.reserve(component.size());
  for (const char ch : component) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      AppendHexByte(out, c, HexCase::kUpper);
    }
  }
  return out;
}

}  // namespace mark
