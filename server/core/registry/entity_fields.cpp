#include "registry/entity_fields.h"

#include <algorithm>

#include "registry/validation.h"

namespace mark::registry {

using nlohmann::json;

namespace {

bool Present(const json& body, const char* field) {
  return body.is_object() && body.contains(field) && !body[field].is_null();
}

std::optional<std::string> ReadName(FieldReader& r, const char* field, Presence p) {
  auto v = r.String(field, p == Presence::kRequired);
  if (!v) return std::nullopt;
  auto n = NormalizeName(field, *v);
  if (!n) {
    r.Add(n.error());
    return std::nullopt;
  }
  return *n;
}

// Domains, normalised, each once; errors name "<field>[i]".
std::vector<std::string> Domains(FieldReader& r, const std::string& field, const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string f = field + "[" + std::to_string(i) + "]";
    auto d = NormalizeDomain(f, raw[i]);
    if (!d)
      r.Add(d.error());
    else if (std::find(out.begin(), out.end(), *d) != out.end())
      r.Add(f, "is listed twice");
    else
      out.push_back(*d);
  }
  return out;
}

std::optional<std::vector<std::string>> Array(FieldReader& r, const json& body, const char* field, Presence p,
                                              size_t max) {
  if (p == Presence::kOptional && !Present(body, field)) return std::nullopt;
  return r.StringArray(field, false, max);
}

}  // namespace

std::string ReadReasonText(FieldReader& r, const char* field, bool required) {
  auto reason = r.String(field, required);
  if (!reason) return "";
  auto norm = NormalizeProse(field, *reason, required, kMaxReasonBytes);
  if (!norm)
    r.Add(norm.error());
  else
    return *norm;
  return "";
}

OperatorFields ReadOperatorFields(FieldReader& r, const json& body, Presence p) {
  OperatorFields f;
  f.name = ReadName(r, "name", p);
  f.name_en = ReadName(r, "name_en", p);
  if (auto v = r.String("corporate_number", false)) {
    if (v->empty())
      f.corporate_number = "";
    else if (auto st = ValidateCorporateNumber("corporate_number", *v); !st)
      r.Add(st.error());
    else
      f.corporate_number = *v;
  }
  if (auto v = r.String("website", p == Presence::kRequired)) {
    if (auto st = ValidateWebsite("website", *v); !st)
      r.Add(st.error());
    else
      f.website = *v;
  }
  if (Present(body, "contacts")) {
    const json& list = body["contacts"];
    if (!list.is_array()) {
      r.Add("contacts", "must be an array of {role, email}");
    } else if (list.size() > kMaxContacts) {
      r.Add("contacts", "may hold at most " + std::to_string(kMaxContacts) + " items");
    } else {
      std::vector<Contact> contacts;
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string at = "contacts[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
          r.Add(at, "must be an object {role, email}");
          continue;
        }
        FieldReader item(list[i], {"role", "email"});
        Contact c;
        if (auto role = item.String("role", true)) {
          if (*role != "renewal" && *role != "billing" && *role != "security")
            item.Add("role", "must be renewal, billing or security");
          else
            c.role = *role;
        }
        if (auto email = item.String("email", true)) {
          if (auto e = NormalizeEmail("email", *email))
            c.email = *e;
          else
            item.Add(e.error());
        }
        if (!item.ok()) {
          for (const FieldError& e : item.ToError().fields) r.Add(at + "." + e.field, e.message);
          continue;
        }
        if (std::any_of(contacts.begin(), contacts.end(),
                        [&](const Contact& o) { return o.role == c.role && o.email == c.email; }))
          r.Add(at, "is listed twice");
        else
          contacts.push_back(std::move(c));
      }
      f.contacts = std::move(contacts);
    }
  }
  return f;
}

ServiceFields ReadServiceFields(FieldReader& r, const json& body, Presence p) {
  ServiceFields f;
  if (p == Presence::kRequired) {
    if (auto v = r.String("scheme", true)) {
      if (auto sc = ParseScheme(*v))
        f.scheme = *sc;
      else
        r.Add("scheme", "must be isp or wifi");
    }
  }
  f.name = ReadName(r, "name", p);
  f.name_en = ReadName(r, "name_en", p);
  if (auto v = Array(r, body, "domains", p, kMaxDomains)) f.domains = Domains(r, "domains", *v);
  if (auto v = Array(r, body, "ssids", p, kMaxSsids)) {
    std::vector<std::string> ssids;
    for (size_t i = 0; i < v->size(); ++i) {
      std::string field = "ssids[" + std::to_string(i) + "]";
      if (auto st = ValidateSsid(field, (*v)[i]); !st)
        r.Add(st.error());
      else if (std::find(ssids.begin(), ssids.end(), (*v)[i]) != ssids.end())
        r.Add(field, "is listed twice");
      else
        ssids.push_back((*v)[i]);
    }
    f.ssids = std::move(ssids);
  }
  if (auto v = Array(r, body, "venues", p, kMaxVenues)) {
    std::vector<std::string> venues;
    for (size_t i = 0; i < v->size(); ++i) {
      std::string field = "venues[" + std::to_string(i) + "]";
      if (auto n = NormalizeName(field, (*v)[i]))
        venues.push_back(*n);
      else
        r.Add(n.error());
    }
    f.venues = std::move(venues);
  }
  if (Present(body, "shared")) {
    const json& shared = body["shared"];
    if (!shared.is_object()) {
      r.Add("shared", "must be an object {domains, reason}");
    } else {
      FieldReader sr(shared, {"domains", "reason"});
      std::vector<std::string> raw = sr.StringArray("domains", true, kMaxDomains).value_or(std::vector<std::string>{});
      std::vector<std::string> domains = Domains(sr, "domains", raw);
      std::string reason = ReadReasonText(sr, "reason", !raw.empty());
      if (!sr.ok()) {
        for (const FieldError& e : sr.ToError().fields) r.Add("shared." + e.field, e.message);
      } else {
        std::vector<SharedDomain> out;
        for (auto& d : domains) out.push_back({std::move(d), reason});
        f.shared = std::move(out);
      }
    }
  }
  return f;
}

void CheckService(FieldReader& r, const Service& s, const std::vector<SharedDomain>& shared) {
  if (s.scheme == Scheme::kIsp && s.domains.empty()) r.Add("domains", "an ISP service needs at least one domain");
  if (s.scheme == Scheme::kWifi && s.ssids.empty()) r.Add("ssids", "a Wi-Fi service needs at least one SSID");
  if (s.scheme == Scheme::kIsp && !s.venues.empty()) r.Add("venues", "only Wi-Fi services list venues");
  for (size_t i = 0; i < shared.size(); ++i)
    if (std::find(s.domains.begin(), s.domains.end(), shared[i].domain) == s.domains.end())
      r.Add("shared.domains[" + std::to_string(i) + "]", "is not one of the service's domains");
}

}  // namespace mark::registry
