// The bytes the log hashes for one event (RFC 6962's leaf_input).
//
// An event is a JSON object, e.g. {"type":"certificate_issued","number":"J0072",
// "at":"2026-11-26T07:00:00Z","certificate":"<JWS>", ...} or a status change
// {"type":"revoked","number":..,"at":..,"reason":..}; its shape is the
// registry's business. The leaf input is the object's canonical text: nlohmann's
// dump() with no indentation, keys sorted (nlohmann::json keeps object keys in
// a std::map), UTF-8 kept as is. GET /api/v1/log/entries serves each entry as
// {"index", "leaf_input": base64(these bytes), "entry": the same event as JSON},
// so a reader may check that `entry` parses from `leaf_input`.
// Store the leaf input bytes themselves, never re-derive them from a re-read
// event: only the stored bytes are what was hashed. Use integers, not floats.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"

namespace mark::tlog {

// Invalid when `event` is not an object or holds a string that is not UTF-8,
// or a floating-point number (its text form is not canonical across tools).
Result<std::string> LeafInputForEvent(const nlohmann::json& event);

}  // namespace mark::tlog
