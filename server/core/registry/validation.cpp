#include "registry/validation.h"

#include <idn2.h>

#include <cctype>

namespace mark::registry {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

static bool HasControl(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

Status ValidateCorporateNumber(const std::string& field, std::string_view v) {
  if (v.size() != 13) return Error::Invalid(field, "must be 13 digits");
  for (char c : v)
    if (c < '0' || c > '9') return Error::Invalid(field, "must be 13 digits");
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int digit = v[13 - n] - '0';  // n-th of the twelve, counted from the right
    sum += digit * (n % 2 == 1 ? 1 : 2);
  }
  int check = 9 - (sum % 9);
  if (v[0] - '0' != check) return Error::Invalid(field, "check digit does not match (expected " + std::to_string(check) + ")");
  return {};
}

Result<std::string> NormalizeDomain(const std::string& field, std::string_view value) {
  std::string v(value);
  if (v.empty()) return Error::Invalid(field, "must not be empty");
  if (v.size() > 253 * 4) return Error::Invalid(field, "too long");
  if (!IsValidUtf8(v) || HasControl(v)) return Error::Invalid(field, "must be valid text without control characters");
  if (v.find("://") != std::string::npos) return Error::Invalid(field, "must be a host name without a scheme (no http://)");
  for (char c : v) {
    if (c == '/' || c == '?' || c == '#') return Error::Invalid(field, "must be a host name without a path");
    if (c == ':') return Error::Invalid(field, "must be a host name without a port");
    if (c == '@') return Error::Invalid(field, "must be a host name without user information");
    if (c == ' ' || c == '\t') return Error::Invalid(field, "must not contain spaces");
  }
  if (v.back() == '.') v.pop_back();  // the root label is implied
  char* ascii = nullptr;
  int rc = idn2_to_ascii_8z(v.c_str(), &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  if (rc != IDN2_OK) {
    return Error::Invalid(field, std::string("is not a valid host name (") + idn2_strerror(rc) + ")");
  }
  std::string out(ascii);
  idn2_free(ascii);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.size() > 253) return Error::Invalid(field, "is longer than 253 characters");
  // LDH rule per label (RFC 1123), at least two labels.
  size_t labels = 0, start = 0;
  while (start <= out.size()) {
    size_t dot = out.find('.', start);
    if (dot == std::string::npos) dot = out.size();
    std::string_view label(out.data() + start, dot - start);
    if (label.empty()) return Error::Invalid(field, "has an empty label");
    if (label.size() > 63) return Error::Invalid(field, "has a label longer than 63 characters");
    if (label.front() == '-' || label.back() == '-') return Error::Invalid(field, "has a label that starts or ends with '-'");
    for (char c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
        return Error::Invalid(field, "may hold only letters, digits, '-' and '.'");
    ++labels;
    start = dot + 1;
  }
  if (labels < 2) return Error::Invalid(field, "must have at least two labels (e.g. example.jp)");
  return out;
}

Status ValidateSsid(const std::string& field, std::string_view v) {
  if (v.empty()) return Error::Invalid(field, "must not be empty");
  if (v.size() > 32) return Error::Invalid(field, "must be at most 32 bytes (it is " + std::to_string(v.size()) + ")");
  if (HasControl(v)) return Error::Invalid(field, "must not contain control characters");
  if (!IsValidUtf8(v)) return Error::Invalid(field, "must be valid UTF-8");
  return {};
}

Result<std::string> NormalizeName(const std::string& field, std::string_view value, bool required) {
  size_t b = 0, e = value.size();
  while (b < e && (value[b] == ' ' || value[b] == '\t')) ++b;
  while (e > b && (value[e - 1] == ' ' || value[e - 1] == '\t')) --e;
  std::string v(value.substr(b, e - b));
  if (v.empty()) {
    if (required) return Error::Invalid(field, "must not be empty");
    return v;
  }
  if (v.size() > kMaxNameBytes) return Error::Invalid(field, "must be at most " + std::to_string(kMaxNameBytes) + " bytes");
  if (!IsValidUtf8(v)) return Error::Invalid(field, "must be valid UTF-8");
  if (HasControl(v)) return Error::Invalid(field, "must not contain control characters");
  return v;
}

Status ValidateWebsite(const std::string& field, std::string_view v) {
  if (v.size() > kMaxWebsiteBytes) return Error::Invalid(field, "is too long");
  std::string_view rest;
  if (v.substr(0, 8) == "https://") rest = v.substr(8);
  else if (v.substr(0, 7) == "http://") rest = v.substr(7);
  else return Error::Invalid(field, "must be an http:// or https:// URL");
  if (HasControl(v) || v.find(' ') != std::string_view::npos) return Error::Invalid(field, "must not contain spaces or control characters");
  if (!IsValidUtf8(v)) return Error::Invalid(field, "must be valid UTF-8");
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return Error::Invalid(field, "must not contain user information");
  if (auto colon = authority.rfind(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  if (authority.empty()) return Error::Invalid(field, "must name a host");
  return {};
}

}  // namespace mark::registry
