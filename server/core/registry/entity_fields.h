// Reading an operator's and a service's fields from a request body: one way
// for creation (POST) and amendment (PATCH), so both apply the same rules
// and name the same fields in their errors (validation.h does the values).
// With Presence::kRequired, a field creation needs must be there; with
// kOptional a field is read only when present (an amendment: absent or
// null means unchanged). Problems go into the FieldReader, all of them.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/model.h"
#include "registry/field_reader.h"
#include "registry/identifiers.h"

namespace mark::registry {

enum class Presence { kRequired, kOptional };

inline constexpr size_t kMaxContacts = 20;
inline constexpr size_t kMaxReasonBytes = 1000;

struct OperatorFields {
  std::optional<std::string> name;
  std::optional<std::string> name_en;
  std::optional<std::string> corporate_number;  // "" removes it
  std::optional<std::string> website;
  std::optional<std::vector<Contact>> contacts;
};
OperatorFields ReadOperatorFields(FieldReader& r, const nlohmann::json& body, Presence presence);

struct ServiceFields {
  std::optional<Scheme> scheme;
  std::optional<std::string> name;
  std::optional<std::string> name_en;
  std::optional<std::vector<std::string>> domains;
  std::optional<std::vector<std::string>> ssids;
  std::optional<std::vector<std::string>> venues;
  // "shared": {"domains": [...], "reason": "..."}: the secretariat's
  // declaration that these domains are shared with other operators'
  // services (identifiers.h); each entry carries that one reason.
  std::optional<std::vector<SharedDomain>> shared;
};
// With kRequired, absent arrays read as empty ones.
ServiceFields ReadServiceFields(FieldReader& r, const nlohmann::json& body, Presence presence);

// The rules of a whole service: an ISP service names a domain, a Wi-Fi one
// an SSID, only Wi-Fi services list venues; every shared domain is one of
// the service's own.
void CheckService(FieldReader& r, const Service& s, const std::vector<SharedDomain>& shared);

// A reason or note people read (history, pages): validation.h
// NormalizeProse, at most kMaxReasonBytes; "" when absent and not required.
std::string ReadReasonText(FieldReader& r, const char* field, bool required);

}  // namespace mark::registry
