// JWS compact serialization (RFC 7515 section 7.1) with EdDSA (RFC 8037).
// Signing takes the header and payload as JSON *text*: those exact bytes are
// base64url'd and signed, so whatever the caller stores round-trips
// byte-for-byte. Parsing is strict: a size cap before anything else, three
// parts of canonical unpadded base64url (only the signature may be empty),
// header and payload JSON objects without duplicate member names, no "crit".
// Parsing does not verify; see verifier.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/signer.h"

namespace mark::crypto {

// Larger input is refused before decoding (a certificate is ~1 KiB).
inline constexpr size_t kMaxJwsBytes = 16 * 1024;
// The status list names every mark's current certificate: about 75 bytes a
// mark, so 7.5 MB at 100,000 marks; this allows four times that.
inline constexpr size_t kMaxStatusListJwsBytes = 32 * 1024 * 1024;

// "<b64url(header)>.<b64url(payload)>.<b64url(Ed25519 signature)>".
// Fails only if signing fails.
Result<std::string> SignCompact(std::string_view header_json, std::string_view payload_json, const Signer& signer);

struct JwsParts {
  std::string signing_input;  // "<b64 header>.<b64 payload>", the signed bytes
  std::string header_text;    // decoded header JSON text
  std::string payload_text;   // decoded payload JSON text, as signed
  std::string signature;      // raw bytes
  nlohmann::json header;      // object
  nlohmann::json payload;     // object
};

// Errors: kTooLarge over max_bytes; kInvalid for anything malformed (the
// message says what, for humans).
Result<JwsParts> ParseCompact(std::string_view jws, size_t max_bytes = kMaxJwsBytes);

// Parses untrusted JSON text; discarded (is_discarded()) on a syntax error or
// a duplicate member name in any object (RFC 7515 section 5.2 lets us reject).
nlohmann::json ParseStrictJson(std::string_view text);

}  // namespace mark::crypto
