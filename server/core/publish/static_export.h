// StaticExport: the whole public registry as plain files any static host or
// CDN can serve, so reads grow past one machine without new code,
// and the signatures make the copy as trustworthy as the origin:
//
//   marks/{N}.json            the mark as GET /api/v1/marks/{N} shows it
//   marks/{N}.jwt             its current certificate
//   badge/{N}.svg, .en.svg    badges (ja, en); badge/{N}.png with badge_png;
//   badge/{N}-compact.svg, -compact.en.svg   compact badges (ja, en);
//                             the "site not confirmed" variant (a file does
//                             not know the page that shows it)
//   qr/{N}.svg, qr/{N}.png    QR codes of the verify URL
//   v/{N}.html                the verify page (verify.js checks the
//                             certificate against the JWKS in the browser)
//   .well-known/jwks.json     the public keys
//   api/v1/rules              the rules the scripts read (public_rules.h), as
//                             GET /api/v1/rules answers
//   status-list.jwt           the signed list of suspended and revoked marks
//   log/checkpoint            the transparency log's newest signed checkpoint
//   marks.csv, marks.jsonl    every mark's public facts (open_data.h), the
//                             bytes GET /api/v1/export/marks.* answers
//   feed.atom                 the first page of the change feed
//                             (change_feed.h), as GET /feed.atom answers
//   index.jws                 a signed index of every mark (typ
//                             "mark-index+jwt": iss, iat, next_update, marks
//                             (each with its verify page's path, "verify"),
//                             and files: {path: {sha256, size}} of the three
//                             files above)
//   index.html, static/       the search page (static/search.js checks the
//                             index's signature, then searches it in the page)
//   manifest.json             path → SHA-256 of every file written
//
// Incremental: a file whose bytes match the manifest (and exist) is not
// rewritten, a PNG badge is re-rendered only when its SVG changed, and
// files the registry no longer produces are removed. Writes are atomic
// (temporary file, then rename), so a host serving DIR never sees half a file.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/key_store.h"
#include "registry/registry.h"
#include "publish/status_publisher.h"

namespace mark::publish {

struct ExportOptions {
  std::filesystem::path out;
  std::filesystem::path static_dir = "static";  // verify.js, site.css, search.js
  std::chrono::hours next_update{24};           // promised re-export interval
  bool badge_png = false;                       // PNG badges cost a librsvg render each (~20 ms)
  // The registry's issuer (registry/issuer_identity.h: CurrentIssuer), which
  // the verify pages expect in certificates and the index names as its iss;
  // empty: the registry's public URL.
  std::string issuer;
};

struct ExportStats {
  size_t marks = 0;
  size_t written = 0;
  size_t unchanged = 0;
  size_t removed = 0;
};

// Exports as of registry.clock().Now().
Result<ExportStats> ExportStatic(const registry::Registry& registry, const crypto::KeyStore& keys,
                                 publish::StatusPublisher& status, const ExportOptions& options);

}  // namespace mark::publish
