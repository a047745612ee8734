#include "common/model.h"

namespace mark {

std::string_view ToString(Scheme s) { return s == Scheme::kIsp ? "isp" : "wifi"; }

std::optional<Scheme> ParseScheme(std::string_view s) {
  if (s == "isp") return Scheme::kIsp;
  if (s == "wifi") return Scheme::kWifi;
  return std::nullopt;
}

std::string_view ToString(MarkStatus s) {
  switch (s) {
    case MarkStatus::kNotYetValid: return "not_yet_valid";
    case MarkStatus::kValid: return "valid";
    case MarkStatus::kExpired: return "expired";
    case MarkStatus::kSuspended: return "suspended";
    case MarkStatus::kRevoked: return "revoked";
    case MarkStatus::kReturned: return "returned";
    case MarkStatus::kUnknown: return "unknown";
  }
  return "revoked";
}

std::optional<MarkStatus> ParseMarkStatus(std::string_view s) {
  for (auto st : {MarkStatus::kNotYetValid, MarkStatus::kValid, MarkStatus::kExpired, MarkStatus::kSuspended,
                  MarkStatus::kRevoked, MarkStatus::kReturned, MarkStatus::kUnknown})
    if (ToString(st) == s) return st;
  return std::nullopt;
}

}  // namespace mark
