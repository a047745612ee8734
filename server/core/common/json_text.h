// JSON as text: the one place that decides how a nlohmann::json value is
// written, so every answer, stored column, file and signed payload reads the
// same way. UTF-8 is written as it is ("名前", never "\u540d\u524d": the
// contract's JSON is UTF-8, and the bytes stay short), members in the
// value's own order (alphabetical for json, insertion order for
// ordered_json). Pure; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mark {

// Compact (no white space): what markd answers and what the registry stores.
// A string holding invalid UTF-8 (text from a request path, a row written by
// hand) is written with U+FFFD in place of the bad bytes, so it can never
// turn an answer into an exception and a 500. Never throws.
std::string JsonText(const nlohmann::json& value);
std::string JsonText(const nlohmann::ordered_json& value);

// As JsonText, with `indent` spaces a level and one member a line: for files
// and terminals people read (key manifests, markctl's --json output).
std::string JsonTextIndented(const nlohmann::json& value, int indent = 2);
std::string JsonTextIndented(const nlohmann::ordered_json& value, int indent = 2);

// Compact, but a string holding invalid UTF-8 is an Error (kInvalid naming
// `field`) instead of being replaced: for bytes that are signed or hashed
// (certificates, status lists, log leaves), which say exactly what they were
// given or nothing at all.
Result<std::string> JsonTextExact(const nlohmann::json& value, const std::string& field);
Result<std::string> JsonTextExact(const nlohmann::ordered_json& value, const std::string& field);

}  // namespace mark
