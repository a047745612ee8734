#include "tlog/leaf.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

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
  // Exact: a leaf records what it was given, or nothing.
  return JsonTextExact(event, "event");
}

}  // namespace mark::tlog
