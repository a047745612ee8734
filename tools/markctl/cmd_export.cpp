// markctl export: the public registry as static files for any static host or
// CDN (registry/static_export.h). Run it from cron (at least as often as
// --next-update-hours, and after midnight JST, when statuses change); it
// rewrites only what changed.
#include <chrono>
#include <iostream>

#include "command.h"
#include "crypto/key_store.h"
#include "registry/registry.h"
#include "registry/issuer_identity.h"
#include "registry/signing_issuer.h"
#include "registry/static_export.h"
#include "registry/status_publisher.h"

namespace markctl::cmd_export {
namespace {

int Run(const Args& args) {
  auto p = ParseArgs(args, {"out", "db", "keys", "public-url", "static", "next-update-hours"}, {"badge-png"});
  if (!p.error.empty() || !p.Get("out")) {
    std::cerr << "usage: markctl export --out DIR [--db PATH] [--keys DIR] [--public-url URL] [--static DIR]\n"
                 "                      [--next-update-hours H] [--badge-png]\n";
    return 2;
  }
  int hours = std::atoi(p.GetOr("next-update-hours", "24").c_str());
  if (hours < 1 || hours > 24 * 14) return std::cerr << "markctl export: --next-update-hours must be 1 to 336\n", 2;
  std::optional<std::string> passphrase;
  if (const char* e = std::getenv("MARK_KEY_PASSPHRASE"); e && *e) passphrase = e;
  auto keys = mark::crypto::KeyStore::Open(p.GetOr("keys", "keys"), passphrase);
  if (!keys) return std::cerr << "markctl export: " << keys.error().message << "\n", 2;
  auto db = mark::registry::Database::Open(p.GetOr("db", "data/registry.db"), mark::registry::Database::Mode::kReadOnly);
  if (!db) return std::cerr << "markctl export: " << db.error().message << "\n", 2;
  std::string url = p.GetOr("public-url", "http://127.0.0.1:8080");
  while (!url.empty() && url.back() == '/') url.pop_back();
  const mark::Clock& clock = ProcessClock();
  // Pages and the status list name the registry's own issuer, which may
  // differ from the URL the snapshot's links point to.
  auto issuer_url = mark::registry::CurrentIssuer(**db, url);
  if (!issuer_url) return std::cerr << "markctl export: " << issuer_url.error().message << "\n", 2;
  mark::registry::SigningIssuer issuer(*keys, *issuer_url);
  mark::registry::Registry registry(**db, clock, issuer, {url});
  mark::registry::StatusPublisher status(registry, *keys, *issuer_url);
  mark::registry::ExportOptions options;
  options.issuer = *issuer_url;
  options.out = *p.Get("out");
  options.static_dir = p.GetOr("static", "static");
  options.next_update = std::chrono::hours(hours);
  options.badge_png = p.Has("badge-png");
  auto started = std::chrono::steady_clock::now();
  auto stats = mark::registry::ExportStatic(registry, *keys, status, options);
  if (!stats) return std::cerr << "markctl export: " << stats.error().message << "\n", 2;
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "exported " << stats->marks << " marks to " << options.out.string() << ": " << stats->written
            << " files written, " << stats->unchanged << " unchanged, " << stats->removed << " removed in " << s
            << " s\n";
  return 0;
}

const bool registered = RegisterCommand(
    {"export",
     "  markctl export --out DIR [--db PATH --keys DIR --public-url URL --static DIR --next-update-hours H\n"
     "                 --badge-png]   the public registry as signed static files (incremental)",
     &Run});

}  // namespace
}  // namespace markctl::cmd_export
