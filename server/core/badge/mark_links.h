// The public addresses of one mark, built in one place so the QR, the badge,
// the pages and the API's `links` object never disagree. The QR on every badge
// encodes exactly VerifyUrl (CONTRACT.md: `{public_url}/v/{number}`).
#pragma once

#include <string>
#include <string_view>

namespace mark::badge {

struct MarkLinks {
  std::string verify;       // {public_url}/v/{number}
  std::string badge_svg;    // {public_url}/badge/{number}.svg
  std::string badge_png;
  std::string badge_compact_svg;  // {public_url}/badge/{number}-compact.svg (no QR)
  std::string badge_compact_png;
  std::string qr_svg;       // {public_url}/qr/{number}.svg
  std::string qr_png;
  std::string certificate;  // {public_url}/api/v1/marks/{number}/certificate
  std::string embed;        // {public_url}/embed/{number}
};

// `public_url` without a trailing slash is expected; one trailing slash is
// dropped. `number` is percent-encoded (it is already [A-Z][0-9]+ for real
// marks, but a not-registered page echoes whatever was asked for).
MarkLinks LinksFor(std::string_view public_url, std::string_view number);
std::string VerifyUrl(std::string_view public_url, std::string_view number);

}  // namespace mark::badge
