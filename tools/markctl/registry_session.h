// Opening the registry from markctl as markd does: the key store (its
// passphrase from MARK_KEY_PASSPHRASE), the database, a signing issuer for
// the public URL and a Registry on the process clock (command.h). The
// sub-commands that write through the Registry API (demo, bench-seed,
// export, service/operator amend) open it here instead of each repeating
// the set-up. No MerkleLog: entries are appended in each write's
// transaction as always; markd signs a checkpoint over them when it opens
// the log.
#pragma once

#include <memory>
#include <string>

#include "crypto/key_store.h"
#include "registry/database.h"
#include "registry/registry.h"
#include "registry/signing_issuer.h"

namespace markctl {

struct RegistrySession {
  mark::crypto::KeyStore keys;
  std::unique_ptr<mark::registry::Database> db;
  std::unique_ptr<mark::registry::SigningIssuer> issuer;
  std::unique_ptr<mark::registry::Registry> registry;
  std::string public_url;  // without a trailing '/'
};

struct SessionOptions {
  std::string db_path;
  std::string keys_dir;
  std::string public_url = "http://127.0.0.1:8080";
  mark::registry::Database::Mode mode = mark::registry::Database::Mode::kReadWrite;
};

// The open session, or nullptr after printing "markctl COMMAND: why" on
// stderr (the caller exits 2).
std::unique_ptr<RegistrySession> OpenRegistry(const std::string& command, const SessionOptions& options);

}  // namespace markctl
