// The verification page a consumer lands on from a badge's QR code,
// GET /v/{number}: a big plain answer (valid / not yet valid / expired /
// suspended / revoked / not registered, or "shown on a site not registered
// for this mark"), the service, operator, registered domains, SSIDs and
// venues to compare with what is in front of them (and what a badge's "site
// not confirmed" meant), other operators' services with a shared domain or
// the same or a look-alike SSID, validity dates, what to do
// when something does not match, the in-browser signature check (verify.js)
// and a misuse report form. Everything shown comes from the registry's
// MarkView (the mark as its certificate and history state it:
// registry/certified_facts.h), never from the JWS the browser fetches. Pure
// function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "badge/lang.h"
#include "badge/page_history.h"
#include "common/model.h"

namespace mark::badge {

struct VerifyPageInput {
  Lang lang = Lang::kJa;
  std::string number;                      // as asked for (echoed, escaped, on a not-registered page)
  std::optional<MarkView> view;            // nullopt: the number is not registered
  // Registry::Neighbours of the mark: listed under the names to compare.
  std::vector<IdentifierNeighbour> neighbours;
  // The mark's public history, oldest first ("what changed when",
  // page_history.h); empty: no such section.
  std::vector<HistoryLine> history;
  // Host of the page that showed the badge (Referer/Origin) when it is not
  // one of the service's registered domains; nullopt otherwise.
  std::optional<std::string> foreign_host;
  // The certificate's expected `iss`: the registry's issuer
  // (registry/issuer_identity.h), which stays when the site moves, never the
  // URL this page is served at. verify.js checks it when non-empty.
  std::string issuer;
  // Same-origin paths fetched by verify.js (CSP connect-src 'self').
  std::string jwks_url = "/.well-known/jwks.json";
  std::string certificate_url;             // default /api/v1/marks/{number}/certificate
  std::string reports_url = "/api/v1/reports";
  std::string static_prefix = "/static";
};

// The complete HTML document. The caller answers 404 when `view` is empty.
std::string RenderVerifyPage(const VerifyPageInput& in);

}  // namespace mark::badge
