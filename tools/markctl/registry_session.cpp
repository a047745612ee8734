#include "registry_session.h"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "command.h"

namespace markctl {

std::unique_ptr<RegistrySession> OpenRegistry(const std::string& command, const SessionOptions& options) {
  auto fail = [&](const std::string& why) {
    std::cerr << "markctl " << command << ": " << why << "\n";
    return nullptr;
  };
  std::optional<std::string> passphrase;
  if (const char* e = std::getenv("MARK_KEY_PASSPHRASE"); e && *e) passphrase = e;
  auto keys = mark::crypto::KeyStore::Open(options.keys_dir, passphrase);
  if (!keys) return fail(keys.error().message);
  auto db = mark::registry::Database::Open(options.db_path, options.mode);
  if (!db) return fail(db.error().message);
  std::string url = options.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto session = std::unique_ptr<RegistrySession>(
      new RegistrySession{std::move(*keys), std::move(*db), nullptr, nullptr, url});
  session->issuer = std::make_unique<mark::registry::SigningIssuer>(session->keys, url);
  session->registry = std::make_unique<mark::registry::Registry>(*session->db, ProcessClock(), *session->issuer,
                                                                  mark::registry::RegistryConfig{url});
  return session;
}

}  // namespace markctl
