#include "crypto/status_token.h"

#include <algorithm>
#include <set>

#include "crypto/token_json.h"

namespace mark::crypto {

using internal::NumericDateValue;
using internal::ReadNumericDate;
using internal::ReadString;
using internal::ToNumericDate;

Result<SignedToken> IssueStatusStatement(const StatusStatementClaims& c, const Signer& signer) {
  if (c.iss.empty()) return Error::Invalid("iss", "empty");
  if (c.sub.empty()) return Error::Invalid("sub", "empty");
  if (c.status.empty()) return Error::Invalid("status", "empty");
  Instant exp = c.exp.value_or(c.iat + kDefaultStatusLifetime);
  if (exp <= c.iat) return Error::Invalid("exp", "not after iat");
  if (!c.extra.is_object()) return Error::Invalid("extra", "not an object");
  nlohmann::ordered_json payload = {
      {"iss", c.iss},
      {"sub", c.sub},
      {"iat", ToNumericDate(c.iat)},
      {"exp", ToNumericDate(exp)},
      {"status", c.status},
      {"valid_from", c.valid_from},
      {"valid_until", c.valid_until},
  };
  for (const auto& [key, value] : c.extra.items()) {
    if (payload.contains(key)) return Error::Invalid("extra." + key, "repeats a standard claim");
    payload[key] = nlohmann::ordered_json(value);
  }
  return internal::SignJson(kStatusTyp, payload, signer);
}

namespace {

// The states a status list carries: those a certificate cannot show.
bool IsListedStatus(const std::string& s) { return s == "suspended" || s == "revoked" || s == "returned"; }

}  // namespace

const StatusEntry* StatusList::Find(std::string_view number) const {
  for (const auto& e : entries)
    if (e.number == number) return &e;
  return nullptr;
}

const CurrentCertificate* StatusList::Current(std::string_view number) const {
  auto it = current.find(number);
  return it == current.end() ? nullptr : &it->second;
}

Result<SignedToken> IssueStatusList(const StatusList& list, const Signer& signer) {
  if (list.iss.empty()) return Error::Invalid("iss", "empty");
  if (list.exp <= list.iat) return Error::Invalid("exp", "not after iat");
  std::vector<const StatusEntry*> sorted;
  std::set<std::string> seen;
  for (const auto& e : list.entries) {
    if (e.number.empty()) return Error::Invalid("entries.number", "empty");
    if (!IsListedStatus(e.status))
      return Error::Invalid("entries.status", "must be suspended, revoked or returned, not " + e.status);
    if (!seen.insert(e.number).second) return Error::Invalid("entries.number", "duplicate " + e.number);
    sorted.push_back(&e);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const StatusEntry* a, const StatusEntry* b) { return a->number < b->number; });
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const StatusEntry* e : sorted)
    entries.push_back({{"number", e->number},
                       {"status", e->status},
                       {"changed_at", ToNumericDate(e->changed_at)},
                       {"reason_code", e->reason_code}});
  // A map: already sorted by number. [jti, iat] pairs keep 100,000 marks
  // to a few megabytes. Its keys are unique, so members are appended to the
  // object's vector directly: ordered_json's own insert searches the
  // members linearly (quadratic, 20 s at 100,000 marks).
  nlohmann::ordered_json current = nlohmann::ordered_json::object();
  auto& members = current.get_ref<nlohmann::ordered_json::object_t&>();
  members.reserve(list.current.size());
  for (const auto& [number, cert] : list.current) {
    if (number.empty()) return Error::Invalid("current", "empty mark number");
    if (cert.jti.empty()) return Error::Invalid("current." + number, "empty jti");
    members.emplace_back(number, nlohmann::ordered_json::array({cert.jti, ToNumericDate(cert.iat)}));
  }
  nlohmann::ordered_json payload = {{"iss", list.iss},
                                    {"iat", ToNumericDate(list.iat)},
                                    {"exp", ToNumericDate(list.exp)},
                                    {"entries", std::move(entries)},
                                    {"current", std::move(current)}};
  return internal::SignJson(kStatusListTyp, payload, signer);
}

Result<StatusList> StatusListFromPayload(const nlohmann::json& p) {
  if (!p.is_object()) return Error::Invalid("payload", "not an object");
  StatusList out;
  const std::string* iss = ReadString(p, "iss");
  auto iat = ReadNumericDate(p, "iat");
  auto exp = ReadNumericDate(p, "exp");
  if (!iss) return Error::Invalid("iss", "missing or not a string");
  if (!iat) return Error::Invalid("iat", "missing or not a NumericDate");
  if (!exp) return Error::Invalid("exp", "missing or not a NumericDate");
  out.iss = *iss;
  out.iat = *iat;
  out.exp = *exp;
  auto entries = p.find("entries");
  if (entries == p.end() || !entries->is_array()) return Error::Invalid("entries", "missing or not an array");
  std::set<std::string> seen;
  for (size_t i = 0; i < entries->size(); ++i) {
    const auto& e = (*entries)[i];
    std::string field = "entries[" + std::to_string(i) + "]";
    if (!e.is_object()) return Error::Invalid(field, "not an object");
    const std::string* number = ReadString(e, "number");
    const std::string* status = ReadString(e, "status");
    const std::string* reason = ReadString(e, "reason_code");
    auto changed = ReadNumericDate(e, "changed_at");
    if (!number || number->empty()) return Error::Invalid(field + ".number", "missing");
    if (!status || !IsListedStatus(*status))
      return Error::Invalid(field + ".status", "must be suspended, revoked or returned");
    if (!changed) return Error::Invalid(field + ".changed_at", "missing or not a NumericDate");
    if (!seen.insert(*number).second) return Error::Invalid(field + ".number", "duplicate");
    out.entries.push_back(StatusEntry{*number, *status, *changed, reason ? *reason : ""});
  }
  if (auto current = p.find("current"); current != p.end()) {
    if (!current->is_object()) return Error::Invalid("current", "not an object");
    for (const auto& [number, value] : current->items()) {
      const std::string field = "current." + number;
      if (number.empty()) return Error::Invalid("current", "empty mark number");
      if (!value.is_array() || value.size() != 2 || !value[0].is_string() ||
          value[0].get_ref<const std::string&>().empty())
        return Error::Invalid(field, "must be [jti, iat]");
      auto iat = NumericDateValue(value[1]);
      if (!iat) return Error::Invalid(field, "iat is not a NumericDate");
      out.current.emplace(number, CurrentCertificate{value[0].get<std::string>(), *iat});
    }
  }
  return out;
}

}  // namespace mark::crypto
