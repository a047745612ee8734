// The registry's JSON shapes, in one place: what the API answers, what a
// certificate's "mark" claim holds, what the log records. snake_case, dates
// YYYY-MM-DD (JST), instants RFC 3339.
#pragma once

#include <nlohmann/json.hpp>

#include "common/model.h"

namespace mark::registry {

nlohmann::json OperatorJson(const Operator& op);
nlohmann::json ServiceJson(const Service& s);
// The mark as the API shows it; `public_url` builds the links.
nlohmann::json MarkViewJson(const MarkView& v, const std::string& public_url);
// The "mark" claim of a certificate (contract: Certificates).
nlohmann::json MarkClaim(const MarkView& v);
// Links for a mark number under `public_url`.
nlohmann::json MarkLinks(const std::string& number, const std::string& public_url);

}  // namespace mark::registry
