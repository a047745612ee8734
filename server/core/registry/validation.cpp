#include "registry/validation.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>

#include <cctype>

#include "common/text.h"

namespace mark::registry {

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
  if (v[0] - '0' != check)
    return Error::Invalid(field, "check digit does not match (expected " + std::to_string(check) + ")");
  return {};
}

namespace {

// The newest list the system has (Debian's publicsuffix package), or the
// one libpsl was built with. Loaded once; read-only and thread-safe after.
const psl_ctx_t* PublicSuffixes() {
  static const psl_ctx_t* const ctx = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest ? latest : psl_builtin();
  }();
  return ctx;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool HexNumber(std::string_view s) {
  if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
  for (char c : s.substr(2))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

Result<std::string> NormalizeHostName(const std::string& field, std::string_view value) {
  std::string v(value);
  if (v.empty()) return Error::Invalid(field, "must not be empty");
  if (v.size() > 253 * 4) return Error::Invalid(field, "too long");
  if (!IsValidUtf8(v) || HasControl(v)) return Error::Invalid(field, "must be valid text without control characters");
  if (v.find("://") != std::string::npos)
    return Error::Invalid(field, "must be a host name without a scheme (no http://)");
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
    if (label.front() == '-' || label.back() == '-')
      return Error::Invalid(field, "has a label that starts or ends with '-'");
    for (char c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
        return Error::Invalid(field, "may hold only letters, digits, '-' and '.'");
    ++labels;
    start = dot + 1;
  }
  if (labels < 2) return Error::Invalid(field, "must have at least two labels (e.g. example.jp)");
  in_addr ipv4{};
  if (inet_aton(out.c_str(), &ipv4) != 0)
    return Error::Invalid(field, "is an IP address; give a host name (e.g. example.jp)");
  std::string_view tld = std::string_view(out).substr(out.rfind('.') + 1);
  if (AllDigits(tld) || HexNumber(tld))
    return Error::Invalid(field, "ends in a numeric label, as an IP address does; give a host name (e.g. example.jp)");
  return out;
}

Result<std::string> NormalizeDomain(const std::string& field, std::string_view value) {
  auto host = NormalizeHostName(field, value);
  if (!host) return host;
  if (psl_is_public_suffix2(PublicSuffixes(), host->c_str(), PSL_TYPE_ANY))
    return Error::Invalid(field,
                          "is a public suffix (as co.jp is), which no one registers; give the domain "
                          "registered under it (e.g. example.co.jp)");
  return host;
}

Result<std::string> NormalizeEmail(const std::string& field, std::string_view value) {
  const std::string shape = "is not an e-mail address (local-part@host, e.g. renewal@example.jp)";
  if (value.empty()) return Error::Invalid(field, "must not be empty");
  if (value.size() > 254) return Error::Invalid(field, "must be at most 254 bytes");
  size_t at = value.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == value.size()) return Error::Invalid(field, shape);
  std::string_view local = value.substr(0, at), host = value.substr(at + 1);
  if (local.size() > 64) return Error::Invalid(field, "has a local part (before @) longer than 64 bytes");
  // RFC 5322 3.2.3 atext, with dots between atoms only.
  constexpr std::string_view kAtextPunct = "!#$%&'*+-/=?^_`{|}~";
  char prev = '.';
  for (char c : local) {
    bool atext = std::isalnum(static_cast<unsigned char>(c)) || kAtextPunct.find(c) != std::string_view::npos;
    if (c == '.' && prev == '.') return Error::Invalid(field, shape);
    if (c != '.' && !atext) return Error::Invalid(field, shape);
    prev = c;
  }
  if (prev == '.') return Error::Invalid(field, shape);
  if (host.front() == '[') return Error::Invalid(field, "must name a host, not an address literal");
  auto h = NormalizeHostName(field, host);
  if (!h) return Error::Invalid(field, shape + ": the host " + h.error().fields.at(0).message);
  return std::string(local) + "@" + *h;
}

Status ValidateSsid(const std::string& field, std::string_view v) {
  if (v.empty()) return Error::Invalid(field, "must not be empty");
  if (v.size() > 32) return Error::Invalid(field, "must be at most 32 bytes (it is " + std::to_string(v.size()) + ")");
  if (HasControl(v)) return Error::Invalid(field, "must not contain control characters");
  if (!IsValidUtf8(v)) return Error::Invalid(field, "must be valid UTF-8");
  return {};
}

namespace {

Result<std::string> NormalizeText(const std::string& field, std::string_view value, bool required, size_t max_bytes,
                                  TextUse use) {
  if (!IsValidUtf8(value)) return Error::Invalid(field, "must be valid UTF-8");
  std::string v = mark::NormalizeText(value);
  if (v.empty()) {
    if (required) return Error::Invalid(field, "must not be empty");
    return v;
  }
  if (v.size() > max_bytes) return Error::Invalid(field, "must be at most " + std::to_string(max_bytes) + " bytes");
  if (auto why = TextRefusal(v, use)) return Error::Invalid(field, *why);
  return v;
}

}  // namespace

Result<std::string> NormalizeName(const std::string& field, std::string_view value, bool required) {
  return NormalizeText(field, value, required, kMaxNameBytes, TextUse::kName);
}

Result<std::string> NormalizeProse(const std::string& field, std::string_view value, bool required, size_t max_bytes) {
  return NormalizeText(field, value, required, max_bytes, TextUse::kProse);
}

Status ValidateWebsite(const std::string& field, std::string_view v, UrlHost host) {
  if (v.size() > kMaxWebsiteBytes) return Error::Invalid(field, "is too long");
  std::string_view rest;
  if (v.substr(0, 8) == "https://")
    rest = v.substr(8);
  else if (v.substr(0, 7) == "http://")
    rest = v.substr(7);
  else
    return Error::Invalid(field, "must be an http:// or https:// URL");
  if (HasControl(v) || v.find(' ') != std::string_view::npos)
    return Error::Invalid(field, "must not contain spaces or control characters");
  if (!IsValidUtf8(v)) return Error::Invalid(field, "must be valid UTF-8");
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return Error::Invalid(field, "must not contain user information");
  if (auto colon = authority.rfind(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  if (authority.empty()) return Error::Invalid(field, "must name a host");
  if (host == UrlHost::kHostName) {
    if (authority.front() == '[') return Error::Invalid(field, "must name a host, not an IP address");
    if (auto h = NormalizeHostName(field, authority); !h)
      return Error::Invalid(
          field, "names the host \"" + std::string(authority) + "\", which " + h.error().fields.at(0).message);
  }
  return {};
}

}  // namespace mark::registry
