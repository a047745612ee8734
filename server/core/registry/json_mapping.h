// The registry's JSON shapes, in one place: what the API answers, what a
// certificate's "mark" claim holds, what the log records. snake_case, dates
// YYYY-MM-DD (JST), instants RFC 3339.
#pragma once

#include <nlohmann/json.hpp>

#include "common/model.h"

namespace mark::registry {

// The public facts and `version`; contacts never (see ContactsJson).
nlohmann::json OperatorJson(const Operator& op);
// [{"role","email"}]: only for secretariat and auditor reads of an operator.
nlohmann::json ContactsJson(const std::vector<Contact>& contacts);
nlohmann::json ServiceJson(const Service& s);
// [{"domain","reason"}]: a service's declared shared domains.
nlohmann::json SharedDomainsJson(const std::vector<SharedDomain>& shared);
// The mark as the API shows it; `public_url` builds the links.
nlohmann::json MarkViewJson(const MarkView& v, const std::string& public_url);
// The "mark" claim of a certificate (contract: Certificates): every public
// fact the verify page shows beside the status, venues and website included.
nlohmann::json MarkClaim(const MarkView& v);
// The mark's `links` object: common/mark_links.h LinksFor under `public_url`.
nlohmann::json MarkLinksJson(const std::string& number, const std::string& public_url);

}  // namespace mark::registry
