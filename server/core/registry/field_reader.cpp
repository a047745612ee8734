#include "registry/field_reader.h"

#include <algorithm>

namespace mark::registry {

FieldReader::FieldReader(const nlohmann::json& body, std::initializer_list<const char*> known)
    : body_(body), is_object_(body.is_object()) {
  if (!is_object_) {
    Add("", "the request body must be a JSON object");
    return;
  }
  for (const auto& item : body.items()) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
    const std::string& key = item.key();
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
      Add(key, "is not a known field");
  }
}

std::optional<std::string> FieldReader::String(const char* field, bool required) {
  if (!is_object_) return std::nullopt;
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) {
    if (required) Add(field, "is required");
    return std::nullopt;
  }
  if (!it->is_string()) {
    Add(field, "must be a string");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::vector<std::string>> FieldReader::StringArray(const char* field, bool required, size_t max_items) {
  if (!is_object_) return std::nullopt;
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) {
    if (required) Add(field, "is required");
    return required ? std::nullopt : std::optional<std::vector<std::string>>(std::vector<std::string>{});
  }
  if (!it->is_array()) {
    Add(field, "must be an array of strings");
    return std::nullopt;
  }
  if (it->size() > max_items) {
    Add(field, "may hold at most " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool good = true;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_string()) {
      Add(std::string(field) + "[" + std::to_string(i) + "]", "must be a string");
      good = false;
    } else {
      out.push_back(v.get<std::string>());
    }
  }
  if (!good) return std::nullopt;
  return out;
}

Error FieldReader::ToError() const {
  Error e{ErrorCode::kInvalid, "", errors_};
  for (const auto& f : errors_) {
    if (!e.message.empty()) e.message += "; ";
    e.message += (f.field.empty() ? std::string("body") : f.field) + ": " + f.message;
  }
  return e;
}

}  // namespace mark::registry
