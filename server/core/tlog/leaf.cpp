#include "tlog/leaf.h"

#include <nlohmann/json.hpp>

namespace mark::tlog {

namespace {

bool HasFloat(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured()) {
    for (const auto& v : j) {
      if (HasFloat(v)) return true;
    }
  }
  return false;
}

}  // namespace

Result<std::string> LeafInputForEvent(const nlohmann::json& event) {
  if (!event.is_object()) return Error::Invalid("event", "not a JSON object");
  if (HasFloat(event)) return Error::Invalid("event", "holds a floating-point number");
  try {
    return event.dump();  // strict: throws on invalid UTF-8
  } catch (const nlohmann::json::exception& e) {
    return Error::Invalid("event", std::string("cannot be serialised: ") + e.what());
  }
}

}  // namespace mark::tlog
