// The verification page a consumer lands on from a badge's QR code,
// GET /v/{number}. One verdict, and everything else consistent with it:
//   - the verdict card: a big plain answer (valid / not yet valid / expired /
//     suspended / revoked / returned / not registered, or "shown on a site
//     not registered for this mark"), since when, what it means, the
//     registry's own address ("this page must be at …"), when the registry
//     decided (checked_at, JST) and, as a quiet line in it, the browser's
//     signature check (verify.js): checked at HH:MM JST, or "could not
//     check" (grey);
//   - a "could not confirm" verdict, hidden, that verify.js puts in the
//     card's place when the certificate does not hold or the page is not at
//     the official address;
//   - what to compare (domains with the exact rule and an example, SSIDs,
//     venues; what a badge's "site not confirmed" meant), other operators'
//     services with a shared domain or a same or look-alike SSID, the
//     registered details, what the mark means and whom to ask, what to do
//     when something does not match, and the misuse report form (linked
//     from under the verdict).
//   - what changed when (page_history.h).
// Everything shown comes from the registry's MarkView (the mark as its
// certificate and history state it: registry/certified_facts.h), never from
// the JWS the browser fetches. Only a valid mark's verdict is green. Pure function;
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "badge/lang.h"
#include "pages/page_history.h"
#include "common/clock.h"
#include "common/model.h"

namespace mark::pages {

struct VerifyPageInput {
  badge::Lang lang = badge::Lang::kJa;
  bool lang_chosen = false;      // by ?lang= (links keep it), not the browser's preference
  std::string number;            // as asked for (echoed, escaped, on a not-registered page)
  std::optional<MarkView> view;  // nullopt: the number is not registered
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
  std::string certificate_url;  // default /api/v1/marks/{number}/certificate
  std::string reports_url = "/api/v1/reports";
  std::string static_prefix = "/static";
  // The registry's official address, its public URL ("https://mark.example.jp"):
  // in the header and the verdict, and the origin verify.js expects to be
  // served from. "" leaves all three out (a mirror of the static snapshot).
  std::string public_url;
  // When the registry decided the status shown (the server's clock); shown
  // in JST to the minute.
  std::optional<Instant> checked_at;
};

// The complete HTML document. The caller answers 404 when `view` is empty.
std::string RenderVerifyPage(const VerifyPageInput& in);

}  // namespace mark::pages
