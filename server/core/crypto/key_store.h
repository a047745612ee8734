// KeyStore: the registry's Ed25519 signing keys in a folder, and the loaded
// set markd signs and publishes with.
//
// Folder layout (created 0700):
//   keys.json    manifest {"active": KID, "keys": [{"kid","created_at","state"}],
//                "registry_id": ID} with state "active" | "published" | "retired";
//                replaced atomically. registry_id names the one registry these
//                keys sign for (registry/registry_state.h); markctl writes it
//                (keys generate, registry new), markd only reads it and refuses
//                a database of another registry. Folders made before registry
//                ids have none.
//   <kid>.key    secret key envelope, mode 0600, JSON: the 32-byte seed either as
//                plain base64url ("protection":"none") or sealed with a passphrase
//                (Argon2id13 + XSalsa20-Poly1305 secretbox; salt, nonce, opslimit,
//                memlimit recorded beside the ciphertext).
//   <kid>.jwk    the public JWK.
// kid = RFC 7638 thumbprint. Exactly one key is active (it signs); published keys
// still verify (certificates signed before a rotation); retired keys neither
// sign nor appear in the JWKS, so their certificates stop verifying.
//
// The static functions change the folder; they are for markctl and are not
// safe against two concurrent writers. A loaded KeyStore is immutable and may
// be shared by threads. Secret keys are never logged or printed.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/jwk.h"
#include "crypto/signer.h"

namespace mark::crypto {

enum class KeyState { kActive, kPublished, kRetired };
std::string_view ToString(KeyState s);  // "active" | "published" | "retired"

struct KeyInfo {
  std::string kid;
  std::string created_at;  // RFC 3339 UTC
  KeyState state = KeyState::kPublished;
};

class KeyStore {
 public:
  // Creates a random key in `dir` (made 0700 if missing) and makes it active;
  // the previously active key, if any, becomes published. With a passphrase
  // the secret key is encrypted at rest. Returns the new kid.
  static Result<std::string> Generate(const std::filesystem::path& dir, const std::optional<std::string>& passphrase,
                                      const Clock& clock);
  // Generate, but refuses a folder that has no keys yet (a typo in --keys
  // should not silently start a new key set).
  static Result<std::string> Rotate(const std::filesystem::path& dir, const std::optional<std::string>& passphrase,
                                    const Clock& clock);
  // Generate from a given 32-byte seed: reproducible keys for tests, or
  // restoring a backed-up seed. Fails if that kid is already in the folder.
  static Result<std::string> AddFromSeed(const std::filesystem::path& dir, std::string_view seed,
                                         const std::optional<std::string>& passphrase, const Clock& clock);
  // Marks a published key retired. Refuses the active key and unknown kids;
  // retiring a retired key is a no-op.
  static Status Retire(const std::filesystem::path& dir, const std::string& kid);
  // The manifest, for `markctl keys list`; reads no secret.
  static Result<std::vector<KeyInfo>> List(const std::filesystem::path& dir);
  // The registry the folder's keys sign for ("" when the manifest names
  // none), and replacing it (markctl only: keys generate, registry new).
  // SetRegistryId refuses an id outside [a-z0-9_-]{1,64}.
  static Result<std::string> RegistryId(const std::filesystem::path& dir);
  static Status SetRegistryId(const std::filesystem::path& dir, const std::string& registry_id);

  // Loads the active signing key and the public keys of published ones.
  // Errors (each names the file at fault): missing folder or manifest ("no
  // key"), a folder writable by group or others, any key file that breaks
  // key_file.h's rules (a link, a FIFO, another owner, a *.key file open to
  // group or others), garbled manifest or key file, an encrypted key and no
  // passphrase, a wrong passphrase, a key file whose public key does not
  // match its kid.
  static Result<KeyStore> Open(const std::filesystem::path& dir, const std::optional<std::string>& passphrase);
  // An in-memory store (tests, tools): `active` signs; `published` verify too.
  static KeyStore FromSigner(Signer active, std::vector<PublicJwk> published = {});

  KeyStore(KeyStore&&) noexcept = default;
  KeyStore& operator=(KeyStore&&) noexcept = default;

  const Signer& Active() const { return *active_; }
  // Active + published keys, for verification in process.
  const Jwks& PublicJwks() const { return jwks_; }
  // {"keys":[...]} for /.well-known/jwks.json.
  nlohmann::json JwksJson() const;
  // The registry these keys sign for, from the manifest ("" when it names
  // none; always "" for FromSigner).
  const std::string& registry_id() const { return registry_id_; }

 private:
  KeyStore(std::unique_ptr<Signer> active, Jwks jwks) : active_(std::move(active)), jwks_(std::move(jwks)) {}
  std::unique_ptr<Signer> active_;
  Jwks jwks_;
  std::string registry_id_;
};

}  // namespace mark::crypto
