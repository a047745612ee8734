#include "registry/reason_codes.h"

#include <algorithm>
#include <iterator>

namespace mark::registry {

nlohmann::json ReasonCodesJson() {
  nlohmann::json sanctions = nlohmann::json::array(), revoke = nlohmann::json::array(),
                 returns = nlohmann::json::array();
  for (const char* c : kReasonCodes) {
    sanctions.push_back(c);
    const bool no_sanction = std::find_if(std::begin(kReturnNotRevoke), std::end(kReturnNotRevoke), [&](const char* k) {
                               return std::string_view(k) == c;
                             }) != std::end(kReturnNotRevoke);
    if (!no_sanction) revoke.push_back(c);
  }
  for (const char* c : kReturnCodes) returns.push_back(c);
  return {{"suspend", sanctions}, {"reinstate", sanctions}, {"revoke", revoke}, {"return", returns}};
}

}  // namespace mark::registry
