#include "crypto/jws.h"

#include <set>
#include <vector>

#include "common/base64.h"

namespace mark::crypto {

Result<std::string> SignCompact(std::string_view header_json, std::string_view payload_json, const Signer& signer) {
  std::string out = Base64UrlEncode(header_json);
  out += '.';
  out += Base64UrlEncode(payload_json);
  std::string sig = signer.Sign(out);
  if (sig.size() != kEd25519SignatureBytes) return Error::Make(ErrorCode::kInternal, "Ed25519 signing failed");
  out += '.';
  out += Base64UrlEncode(sig);
  return out;
}

nlohmann::json ParseStrictJson(std::string_view text) {
  // One set of member names per open object; the callback sees every key.
  std::vector<std::set<std::string>> names;
  bool duplicate = false;
  auto cb = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) {
      names.emplace_back();
    } else if (event == E::object_end) {
      if (!names.empty()) names.pop_back();
    } else if (event == E::key && !names.empty() && parsed.is_string()) {
      if (!names.back().insert(parsed.get<std::string>()).second) duplicate = true;
    }
    return true;
  };
  auto doc = nlohmann::json::parse(text, cb, /*allow_exceptions=*/false);
  if (duplicate) return nlohmann::json(nlohmann::json::value_t::discarded);
  return doc;
}

static bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

Result<JwsParts> ParseCompact(std::string_view jws, size_t max_bytes) {
  if (jws.size() > max_bytes)
    return Error::Make(ErrorCode::kTooLarge, "JWS is " + std::to_string(jws.size()) + " bytes, over the limit of " +
                                                 std::to_string(max_bytes));
  size_t dot1 = jws.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : jws.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || jws.find('.', dot2 + 1) != std::string_view::npos)
    return Error::Invalid("jws", "not three dot-separated parts");
  std::string_view parts[3] = {jws.substr(0, dot1), jws.substr(dot1 + 1, dot2 - dot1 - 1), jws.substr(dot2 + 1)};
  static const char* kNames[3] = {"header", "payload", "signature"};
  std::string decoded[3];
  for (int i = 0; i < 3; ++i) {
    // An empty signature ("alg":"none" style) parses, so the verifier can
    // name the real fault (bad_alg) instead of a vague "malformed".
    if (parts[i].empty()) {
      if (i == 2) continue;
      return Error::Invalid(kNames[i], "empty");
    }
    for (char c : parts[i])
      if (!IsBase64UrlChar(c)) return Error::Invalid(kNames[i], "not base64url");
    // libsodium also rejects impossible lengths and non-zero trailing bits,
    // so every accepted text is the one canonical encoding of its bytes.
    auto bytes = Base64UrlDecode(parts[i]);
    if (!bytes) return Error::Invalid(kNames[i], "not canonical base64url");
    decoded[i] = std::move(*bytes);
  }
  JwsParts out;
  out.header = ParseStrictJson(decoded[0]);
  if (out.header.is_discarded() || !out.header.is_object())
    return Error::Invalid("header", "not a JSON object (or a duplicate member)");
  out.payload = ParseStrictJson(decoded[1]);
  if (out.payload.is_discarded() || !out.payload.is_object())
    return Error::Invalid("payload", "not a JSON object (or a duplicate member)");
  // RFC 7515 section 4.1.11: we understand no extensions, so any "crit" fails.
  if (out.header.contains("crit")) return Error::Invalid("header.crit", "no extensions are supported");
  out.signing_input = std::string(jws.substr(0, dot2));
  out.header_text = std::move(decoded[0]);
  out.payload_text = std::move(decoded[1]);
  out.signature = std::move(decoded[2]);
  return out;
}

}  // namespace mark::crypto
