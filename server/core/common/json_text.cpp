#include "common/json_text.h"

namespace mark {

namespace {

constexpr bool kEnsureAscii = false;
constexpr char kIndentChar = ' ';

template <typename Json>
std::string Replacing(const Json& value, int indent) {
  return value.dump(indent, kIndentChar, kEnsureAscii, Json::error_handler_t::replace);
}

template <typename Json>
Result<std::string> Exact(const Json& value, const std::string& field) {
  try {
    return value.dump(-1, kIndentChar, kEnsureAscii, Json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    return Error::Invalid(field, std::string("cannot be serialised: ") + e.what());
  }
}

}  // namespace

std::string JsonText(const nlohmann::json& value) { return Replacing(value, -1); }
std::string JsonText(const nlohmann::ordered_json& value) { return Replacing(value, -1); }

std::string JsonTextIndented(const nlohmann::json& value, int indent) { return Replacing(value, indent); }
std::string JsonTextIndented(const nlohmann::ordered_json& value, int indent) { return Replacing(value, indent); }

Result<std::string> JsonTextExact(const nlohmann::json& value, const std::string& field) { return Exact(value, field); }
Result<std::string> JsonTextExact(const nlohmann::ordered_json& value, const std::string& field) {
  return Exact(value, field);
}

}  // namespace mark
