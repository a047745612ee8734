#include "registry/json_mapping.h"

#include "registry/mark_number.h"

namespace mark::registry {

using nlohmann::json;

json OperatorJson(const Operator& op) {
  return {{"id", op.id},
          {"name", op.name},
          {"name_en", op.name_en},
          {"corporate_number", op.corporate_number},
          {"website", op.website}};
}

json ServiceJson(const Service& s) {
  json j = {{"id", s.id},
            {"operator_id", s.operator_id},
            {"scheme", ToString(s.scheme)},
            {"name", s.name},
            {"name_en", s.name_en},
            {"domains", s.domains},
            {"ssids", s.ssids}};
  if (s.scheme == Scheme::kWifi) j["venues"] = s.venues;
  return j;
}

json MarkLinks(const std::string& number, const std::string& base) {
  return {{"self", base + "/api/v1/marks/" + number},
          {"verify", base + "/v/" + number},
          {"badge_svg", base + "/badge/" + number + ".svg"},
          {"badge_png", base + "/badge/" + number + ".png"},
          {"qr_svg", base + "/qr/" + number + ".svg"},
          {"qr_png", base + "/qr/" + number + ".png"},
          {"certificate", base + "/api/v1/marks/" + number + "/certificate"},
          {"status_jwt", base + "/api/v1/marks/" + number + "/status.jwt"},
          {"embed", base + "/embed/" + number}};
}

json MarkViewJson(const MarkView& v, const std::string& base) {
  const Mark& m = v.mark;
  json service = ServiceJson(v.service);
  service.erase("operator_id");
  json j = {{"number", m.number},
            {"scheme", ToString(v.service.scheme)},
            {"first_review_body", std::string(FirstReviewBodyName(m.first_review_body))},
            {"status", ToString(v.status)},
            {"valid_from", FormatDate(m.valid_from)},
            {"valid_until", FormatDate(m.valid_until)},
            {"granted_at", FormatInstant(m.granted_at)},
            {"version", m.version},
            {"service", service},
            {"operator", OperatorJson(v.op)},
            {"links", MarkLinks(m.number, base)}};
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
            {"ssids", v.service.ssids}}},
          {"operator",
           {{"name", v.op.name}, {"name_en", v.op.name_en}, {"corporate_number", v.op.corporate_number}}}};
}

}  // namespace mark::registry
