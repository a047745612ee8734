#include "registry/mark_number.h"

#include <cstdio>
#include <limits>

#include "common/decimal.h"

namespace mark::registry {

bool IsFirstReviewBody(char c) { return c == 'J' || c == 'T' || c == 'D'; }

std::optional<char> ParseFirstReviewBody(std::string_view s) {
  if (s == "JAIPA" || s == "J") return 'J';
  if (s == "TELESA" || s == "T") return 'T';
  if (s == "TCA" || s == "D") return 'D';
  return std::nullopt;
}

std::string_view FirstReviewBodyName(char letter) {
  switch (letter) {
    case 'J': return "JAIPA";
    case 'T': return "TELESA";
    case 'D': return "TCA";
  }
  return "";
}

std::optional<MarkNumber> ParseMarkNumber(std::string_view t) {
  if (t.size() < 1 + kSerialDigitsMin || t.size() > 1 + kSerialDigitsMax || !IsFirstReviewBody(t[0]))
    return std::nullopt;
  const auto serial = ParseDecimal<long long>(t.substr(1), 1, std::numeric_limits<long long>::max());
  if (!serial) return std::nullopt;
  // Only the canonical spelling: "J072" or "J00072" would alias "J0072".
  if (FormatMarkNumber({t[0], *serial}) != t) return std::nullopt;
  return MarkNumber{t[0], *serial};
}

std::string FormatMarkNumber(const MarkNumber& n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%0*lld", n.body, kSerialDigitsMin, n.serial);
  return buf;
}

std::string MarkNumberPattern() {
  std::string bodies;
  for (char c = 'A'; c <= 'Z'; ++c)
    if (IsFirstReviewBody(c)) bodies += c;
  return "^[" + bodies + "][0-9]{" + std::to_string(kSerialDigitsMin) + "," + std::to_string(kSerialDigitsMax) + "}$";
}

}  // namespace mark::registry
