// FieldReader: reads fields from an untrusted JSON request body, collecting
// every problem (missing, wrong type, unknown field) so one answer names all
// the fields at fault instead of one per round trip.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mark::registry {

class FieldReader {
 public:
  // `body` must be an object; otherwise the reader records an error at "".
  FieldReader(const nlohmann::json& body, std::initializer_list<const char*> known_fields);

  std::optional<std::string> String(const char* field, bool required);
  // An array of strings, at most `max_items`; absent → empty when !required.
  std::optional<std::vector<std::string>> StringArray(const char* field, bool required, size_t max_items);

  void Add(std::string field, std::string why) { errors_.push_back({std::move(field), std::move(why)}); }
  void Add(const Error& e) { errors_.insert(errors_.end(), e.fields.begin(), e.fields.end()); }
  bool ok() const { return errors_.empty(); }
  // An Error listing every problem; call when !ok().
  Error ToError() const;

 private:
  nlohmann::json body_;  // a copy: callers pass temporaries (e.g. `body.is_null() ? json::object() : body`)
  bool is_object_;
  std::vector<FieldError> errors_;
};

}  // namespace mark::registry
