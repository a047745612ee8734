#include "crypto/token_json.h"

#include "common/json_text.h"
#include "common/jst.h"
#include "crypto/jws.h"

namespace mark::crypto::internal {

Result<SignedToken> SignJson(std::string_view typ, const nlohmann::ordered_json& payload, const Signer& signer) {
  // Member order is fixed (ordered_json) so the bytes are reproducible and
  // the header reads exactly as the contract writes it.
  nlohmann::ordered_json header = {{"alg", "EdDSA"}, {"typ", typ}, {"kid", signer.kid()}};
  // Exact: a signature covers what it was given, or nothing.
  auto header_text = JsonTextExact(header, "claims");
  if (!header_text) return header_text.error();
  auto payload_text = JsonTextExact(payload, "claims");
  if (!payload_text) return payload_text.error();
  auto jws = SignCompact(*header_text, *payload_text, signer);
  if (!jws) return jws.error();
  return SignedToken{std::move(*jws), signer.kid(), std::move(*payload_text)};
}

long long ToNumericDate(Instant at) { return UnixSeconds(at); }

std::optional<Instant> ReadNumericDate(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::nullopt;
  return NumericDateValue(*it);
}

std::optional<Instant> NumericDateValue(const nlohmann::json& value) {
  constexpr long long kMax = 253402300799LL;  // 9999-12-31T23:59:59Z
  if (!value.is_number_integer()) return std::nullopt;
  long long v = 0;
  if (value.is_number_unsigned()) {
    auto u = value.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(kMax)) return std::nullopt;
    v = static_cast<long long>(u);
  } else {
    v = value.get<long long>();
  }
  if (v < 0 || v > kMax) return std::nullopt;
  return FromUnixSeconds(v);
}

const std::string* ReadString(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

}  // namespace mark::crypto::internal
