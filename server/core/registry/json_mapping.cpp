#include "registry/json_mapping.h"

#include "common/mark_links.h"
#include "registry/mark_number.h"

namespace mark::registry {

using nlohmann::json;

json OperatorJson(const Operator& op) {
  return {{"id", op.id},           {"name", op.name},
          {"name_en", op.name_en}, {"corporate_number", op.corporate_number},
          {"website", op.website}, {"version", op.version}};
}

json ContactsJson(const std::vector<Contact>& contacts) {
  json out = json::array();
  for (const Contact& c : contacts) out.push_back({{"role", c.role}, {"email", c.email}});
  return out;
}

json ServiceJson(const Service& s) {
  json j = {{"id", s.id},       {"operator_id", s.operator_id}, {"scheme", ToString(s.scheme)},
            {"name", s.name},   {"name_en", s.name_en},         {"domains", s.domains},
            {"ssids", s.ssids}, {"version", s.version}};
  if (s.scheme == Scheme::kWifi) j["venues"] = s.venues;
  return j;
}

json SharedDomainsJson(const std::vector<SharedDomain>& shared) {
  json out = json::array();
  for (const SharedDomain& d : shared) out.push_back({{"domain", d.domain}, {"reason", d.reason}});
  return out;
}

json MarkLinksJson(const std::string& number, const std::string& base) {
  const mark::MarkLinks l = mark::LinksFor(base, number);
  return {{"self", l.self},
          {"verify", l.verify},
          {"badge_svg", l.badge_svg},
          {"badge_png", l.badge_png},
          {"badge_compact_svg", l.badge_compact_svg},
          {"badge_compact_png", l.badge_compact_png},
          {"qr_svg", l.qr_svg},
          {"qr_png", l.qr_png},
          {"certificate", l.certificate},
          {"status_jwt", l.status_jwt},
          {"embed", l.embed}};
}

json MarkViewJson(const MarkView& v, const std::string& base) {
  const Mark& m = v.mark;
  json service = ServiceJson(v.service);
  service.erase("operator_id");
  service.erase("version");  // the mark's own version moves with them
  json op = OperatorJson(v.op);
  op.erase("version");
  json j = {{"number", m.number},
            {"scheme", ToString(v.service.scheme)},
            {"first_review_body", std::string(FirstReviewBodyName(m.first_review_body))},
            {"status", ToString(v.status)},
            {"valid_from", FormatDate(m.valid_from)},
            {"valid_until", FormatDate(m.valid_until)},
            {"granted_at", FormatInstant(m.granted_at)},
            {"version", m.version},
            {"service", service},
            {"operator", std::move(op)},
            {"links", MarkLinksJson(m.number, base)}};
  if (!v.status_reason.empty()) j["status_reason"] = v.status_reason;
  if (m.suspended) {
    j["suspended_at"] = m.suspended_at ? FormatInstant(*m.suspended_at) : "";
    j["suspension_reason"] = m.suspension_reason;
    j["suspension_code"] = m.suspension_code;
  }
  if (m.revoked) {
    j["revoked_at"] = m.revoked_at ? FormatInstant(*m.revoked_at) : "";
    j["revocation_reason"] = m.revocation_reason;
    j["revocation_code"] = m.revocation_code;
  }
  if (m.returned) {
    j["returned_at"] = m.returned_at ? FormatInstant(*m.returned_at) : "";
    j["return_reason"] = m.return_reason;
    j["return_code"] = m.return_code;
  }
  if (!v.certificate.empty()) j["certificate"] = v.certificate;
  if (v.log_index) j["log_index"] = *v.log_index;
  return j;
}

json MarkClaim(const MarkView& v) {
  return {{"number", v.mark.number},
          {"scheme", ToString(v.service.scheme)},
          {"service",
           {{"name", v.service.name},
            {"name_en", v.service.name_en},
            {"domains", v.service.domains},
            {"ssids", v.service.ssids},
            {"venues", v.service.venues}}},
          {"operator",
           {{"name", v.op.name},
            {"name_en", v.op.name_en},
            {"corporate_number", v.op.corporate_number},
            {"website", v.op.website}}}};
}

}  // namespace mark::registry
