// markctl export: the public registry as static files for any static host or
// CDN (publish/static_export.h). Run it from cron (at least as often as
// --next-update-hours, and after midnight JST, when statuses change); it
// rewrites only what changed.
#include <chrono>
#include <iostream>

#include "command.h"
#include "common/decimal.h"
#include "common/trim.h"
#include "signing_registry.h"
#include "publish/static_export.h"
#include "publish/status_publisher.h"

namespace markctl::cmd_export {
namespace {

int Run(const Args& args) {
  auto p = ParseArgs(args, {"out", "db", "keys", "public-url", "static", "next-update-hours"}, {"badge-png"});
  if (!p.error.empty() || !p.Get("out")) {
    std::cerr << "usage: markctl export --out DIR [--db PATH] [--keys DIR] [--public-url URL] [--static DIR]\n"
                 "                      [--next-update-hours H] [--badge-png]\n";
    return 2;
  }
  auto hours = mark::ParseDecimal<int>(p.GetOr("next-update-hours", "24"), 1, 24 * 14);
  if (!hours) return std::cerr << "markctl export: --next-update-hours must be a whole number from 1 to 336\n", 2;
  const std::string url(mark::TrimTrailingSlashes(p.GetOr("public-url", "http://127.0.0.1:8080")));
  // Pages and the status list name the registry's own issuer, which may
  // differ from the URL the snapshot's links point to.
  auto signing = SigningRegistry::Open({"export", p.GetOr("db", "data/registry.db"), "", p.GetOr("keys", "keys"), url,
                                        std::nullopt, false, SigningRegistry::Access::kReadOnly});
  if (!signing) return 2;
  mark::registry::Registry& registry = signing->registry();
  mark::publish::StatusPublisher status(registry, signing->keys(), signing->issuer());
  mark::publish::ExportOptions options;
  options.issuer = signing->issuer();
  options.out = *p.Get("out");
  options.static_dir = p.GetOr("static", "static");
  options.next_update = std::chrono::hours(*hours);
  options.badge_png = p.Has("badge-png");
  auto started = std::chrono::steady_clock::now();
  auto stats = mark::publish::ExportStatic(registry, signing->keys(), status, options);
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
