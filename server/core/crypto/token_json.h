// Shared helpers for building and reading JWT claims (RFC 7519): NumericDate
// conversion with range checks, and signing a header+payload pair built as
// JSON values. Internal to the crypto module.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/signed_token.h"
#include "crypto/signer.h"

namespace mark::crypto::internal {

// Serialises header {"alg":"EdDSA","typ":typ,"kid":...} and the payload, signs
// those exact bytes. Error if the JSON cannot be serialised (bad UTF-8).
Result<SignedToken> SignJson(std::string_view typ, const nlohmann::ordered_json& payload, const Signer& signer);

long long ToNumericDate(Instant at);
// An integer NumericDate in [0, year 9999]; nullopt for anything else
// (missing, float, string, negative, absurd).
std::optional<Instant> ReadNumericDate(const nlohmann::json& obj, const char* name);
// The same for a value itself (an array element).
std::optional<Instant> NumericDateValue(const nlohmann::json& value);
// The string member `name`, or nullptr.
const std::string* ReadString(const nlohmann::json& obj, const char* name);

}  // namespace mark::crypto::internal
