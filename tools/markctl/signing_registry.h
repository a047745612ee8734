// SigningRegistry: the way into the registry (registry_access.h) of a markctl
// command that signs certificates or reads the registry as markd does (demo,
// bench-seed, certificates reissue, service/operator amend, export): the key
// store (unlocked with KeyPassphrase), the database (behind the registry
// state's checks, OpenForWrites), and a Registry whose certificates carry the
// registry's stored issuer (registry/issuer_identity.h), settled exactly as
// markd settles it. So a registry filled by markctl and then served by markd
// at any address never has certificates naming an issuer the registry does
// not have.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "crypto/key_store.h"
#include "registry/registry.h"
#include "registry/registry_state.h"
#include "publish/signing_issuer.h"
#include "tlog/transparency_log.h"

namespace markctl {

class SigningRegistry {
 public:
  // kReadOnly (export): the database opened read-only, no state checks; the
  // stored issuer is used, never settled.
  enum class Access { kWrite, kReadOnly };
  struct Options {
    std::string command;                // for messages, e.g. "demo"
    std::string db;                     // database path (created if missing)
    std::string state_dir;              // --state: the registry state's folder ("" = "state" beside db)
    std::string keys;                   // key folder (MARK_KEY_PASSPHRASE unlocks it)
    std::string fallback_issuer;        // the issuer of a registry that has none yet (--public-url)
    std::optional<std::string> issuer;  // --issuer: must be the registry's (markd --adopt-issuer changes it)
    // Sign a transparency-log checkpoint with every write (keys/log.key), so
    // the entries the command appends are covered when markd serves them.
    bool with_log = false;
    Access access = Access::kWrite;
  };
  // nullptr after printing one line "markctl COMMAND: why" on stderr.
  static std::unique_ptr<SigningRegistry> Open(const Options& options);

  mark::registry::Registry& registry() { return *registry_; }
  mark::storage::Database& database() { return *db_; }
  const mark::crypto::KeyStore& keys() const { return *keys_; }
  const std::string& issuer() const { return issuer_; }

 private:
  SigningRegistry() = default;
  std::unique_ptr<mark::crypto::KeyStore> keys_;
  std::unique_ptr<mark::storage::Database> db_;
  std::shared_ptr<mark::registry::StateKeeper> keeper_;  // records the state after each commit
  std::string issuer_;
  std::unique_ptr<mark::publish::SigningIssuer> signer_;
  std::unique_ptr<mark::tlog::MerkleLog> log_;
  std::unique_ptr<mark::registry::Registry> registry_;
};

}  // namespace markctl
