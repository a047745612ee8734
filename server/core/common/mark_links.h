// The public addresses of one mark, built in one place so the QR, the badge,
// the pages, the feeds, the notices, markctl and the API's `links` object
// never disagree. The QR on every badge encodes exactly VerifyUrl
// (CONTRACT.md: `{public_url}/v/{number}`). Nothing else spells these paths:
// tools/check-one-home finds a hand-built one. Pages append their own query
// (`?lang=en`: page_common.h LangQuery; `?size=512` for a QR PNG); the routes
// that answer these paths match them with their own patterns.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark {

struct MarkLinks {
  std::string self;       // {base}/api/v1/marks/{number}: the mark's JSON
  std::string verify;     // {base}/v/{number}
  std::string feed;       // {base}/v/{number}/feed.atom: its changes (Atom)
  std::string badge_svg;  // {base}/badge/{number}.svg
  std::string badge_png;
  std::string badge_compact_svg;  // {base}/badge/{number}-compact.svg (no QR)
  std::string badge_compact_png;
  std::string qr_svg;  // {base}/qr/{number}.svg
  std::string qr_png;
  std::string certificate;  // {base}/api/v1/marks/{number}/certificate
  std::string status_jwt;   // {base}/api/v1/marks/{number}/status.jwt
  std::string history;      // {base}/api/v1/marks/{number}/history
  std::string embed;        // {base}/embed/{number}
};

// Absolute addresses under `public_url` (the registry's URL; one trailing
// slash is dropped). `number` is percent-encoded (it is already [A-Z][0-9]+
// for real marks, but a not-registered page echoes whatever was asked for).
MarkLinks LinksFor(std::string_view public_url, std::string_view number);
// The same addresses relative to the registry's origin ("/v/J0072"): for
// links on the registry's own pages and for requests to a registry.
MarkLinks PathsFor(std::string_view number);
std::string VerifyUrl(std::string_view public_url, std::string_view number);

}  // namespace mark
