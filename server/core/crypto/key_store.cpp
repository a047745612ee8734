#include "crypto/key_store.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "common/base64.h"
#include "common/json_text.h"
#include "common/jst.h"
#include "common/atomic_file.h"
#include "crypto/key_file.h"
#include "crypto/secret_bytes.h"
#include "crypto/jws.h"
#include "crypto/sodium_init.h"

namespace fs = std::filesystem;

namespace mark::crypto {

namespace {

constexpr const char* kManifestName = "keys.json";
constexpr const char* kKeyFormat = "anshin-mark-ed25519-key";
constexpr const char* kSealed = "argon2id13-xsalsa20poly1305";
constexpr size_t kMaxKeyFileBytes = 64 * 1024;

struct Manifest {
  std::string active;
  std::vector<KeyInfo> keys;
  std::string registry_id;  // "" in folders made before registry ids
};

// Kids become file names, so only a 43-character base64url thumbprint is
// accepted: no '/', no "..", no surprises.
bool IsValidKid(std::string_view kid) {
  if (kid.size() != 43) return false;
  return std::all_of(kid.begin(), kid.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Registry ids are made by registry::NewId ("reg_" and hex); anything of
// that alphabet and a sane length is taken, so the format can grow.
bool IsValidRegistryId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

std::optional<KeyState> ParseState(std::string_view s) {
  if (s == "active") return KeyState::kActive;
  if (s == "published") return KeyState::kPublished;
  if (s == "retired") return KeyState::kRetired;
  return std::nullopt;
}

Error NoKey(const fs::path& dir) {
  return Error::Make(ErrorCode::kNotFound, "no key in " + dir.string() + " (create one with: markctl keys generate)");
}

Result<Manifest> ReadManifest(const fs::path& dir) {
  fs::path path = dir / kManifestName;
  auto text = ReadKeyFile(path, KeyFileKind::kPublic, 1 << 20);
  if (!text && text.error().code == ErrorCode::kNotFound) return NoKey(dir);
  if (!text) return text.error();
  auto garbled = [&](const std::string& why) { return Error::Make(ErrorCode::kInvalid, path.string() + ": " + why); };
  auto doc = ParseStrictJson(*text);
  if (doc.is_discarded() || !doc.is_object()) return garbled("not a JSON object");
  auto active = doc.find("active");
  auto keys = doc.find("keys");
  if (active == doc.end() || !active->is_string()) return garbled("\"active\" missing");
  if (keys == doc.end() || !keys->is_array()) return garbled("\"keys\" missing");
  Manifest m;
  m.active = active->get<std::string>();
  if (auto reg = doc.find("registry_id"); reg != doc.end()) {
    if (!reg->is_string() || !IsValidRegistryId(reg->get<std::string>())) return garbled("bad \"registry_id\"");
    m.registry_id = reg->get<std::string>();
  }
  std::set<std::string> seen;
  int active_count = 0;
  for (const auto& k : *keys) {
    if (!k.is_object()) return garbled("a key entry is not an object");
    auto kid = k.find("kid");
    auto created = k.find("created_at");
    auto state = k.find("state");
    if (kid == k.end() || !kid->is_string() || !IsValidKid(kid->get<std::string>()))
      return garbled("a key entry has no valid kid");
    if (created == k.end() || !created->is_string()) return garbled("a key entry has no created_at");
    if (state == k.end() || !state->is_string()) return garbled("a key entry has no state");
    auto st = ParseState(state->get<std::string>());
    if (!st) return garbled("unknown state " + state->get<std::string>());
    if (!seen.insert(kid->get<std::string>()).second) return garbled("duplicate kid");
    if (*st == KeyState::kActive) {
      ++active_count;
      if (kid->get<std::string>() != m.active) return garbled("\"active\" disagrees with the states");
    }
    m.keys.push_back(KeyInfo{kid->get<std::string>(), created->get<std::string>(), *st});
  }
  if (active_count != 1) return garbled("exactly one key must be active");
  return m;
}

Status WriteManifest(const fs::path& dir, const Manifest& m) {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (const auto& k : m.keys)
    keys.push_back({{"kid", k.kid}, {"created_at", k.created_at}, {"state", ToString(k.state)}});
  nlohmann::ordered_json doc = {{"active", m.active}, {"keys", std::move(keys)}};
  if (!m.registry_id.empty()) doc["registry_id"] = m.registry_id;
  return WriteFileAtomic(dir / kManifestName, JsonTextIndented(doc) + "\n", 0644);
}

Status EnsureDir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  if (dir.has_parent_path() && !dir.parent_path().empty()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec)
      return Error::Make(ErrorCode::kInternal, "cannot create " + dir.parent_path().string() + ": " + ec.message());
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Error::Make(ErrorCode::kInternal, "cannot create " + dir.string() + ": " + std::strerror(errno));
  return {};
}

// Derives the secretbox key from the passphrase (Argon2id13).
Result<SecretBytes> DeriveKey(const std::string& passphrase, const unsigned char* salt, unsigned long long opslimit,
                              size_t memlimit) {
  SecretBytes key(crypto_secretbox_KEYBYTES);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, opslimit, memlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error::Make(ErrorCode::kInternal, "crypto_pwhash failed (out of memory?)");
  return key;
}

Result<std::string> MakeEnvelope(const Signer& signer, const std::optional<std::string>& passphrase) {
  nlohmann::ordered_json env = {{"format", kKeyFormat}, {"version", 1}, {"kid", signer.kid()}};
  std::string seed_b64 = Base64UrlEncode(signer.seed());
  if (!passphrase) {
    env["protection"] = "none";
    env["seed"] = seed_b64;
  } else {
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    const unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    auto key = DeriveKey(*passphrase, salt, ops, mem);
    if (!key) {
      Wipe(seed_b64);
      return key.error();
    }
    std::string sealed(kEd25519SeedBytes + crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_easy(reinterpret_cast<unsigned char*>(sealed.data()),
                              reinterpret_cast<const unsigned char*>(signer.seed().data()), kEd25519SeedBytes, nonce,
                              key->data()) != 0) {
      Wipe(seed_b64);
      return Error::Make(ErrorCode::kInternal, "crypto_secretbox_easy failed");
    }
    env["protection"] = kSealed;
    env["salt"] = Base64UrlEncode({reinterpret_cast<char*>(salt), sizeof salt});
    env["nonce"] = Base64UrlEncode({reinterpret_cast<char*>(nonce), sizeof nonce});
    env["opslimit"] = ops;
    env["memlimit"] = mem;
    env["sealed_seed"] = Base64UrlEncode(sealed);
  }
  Wipe(seed_b64);
  std::string text = JsonTextIndented(env) + "\n";
  if (env.contains("seed")) Wipe(env["seed"].get_ref<std::string&>());
  return text;
}

// Decrypts <kid>.key; the key inside must have that kid (the file name).
Result<Signer> OpenEnvelope(const fs::path& path, const std::string& kid, std::string text,
                            const std::optional<std::string>& passphrase) {
  auto garbled = [&](const std::string& why) { return Error::Make(ErrorCode::kInvalid, path.string() + ": " + why); };
  auto env = ParseStrictJson(text);
  Wipe(text);
  if (env.is_discarded() || !env.is_object()) return garbled("not a JSON key file");
  auto str = [&](const char* name) -> std::string* {
    auto f = env.find(name);
    return (f != env.end() && f->is_string()) ? f->get_ptr<std::string*>() : nullptr;
  };
  if (!str("format") || *str("format") != kKeyFormat) return garbled("not a key file of ours");
  if (!str("protection")) return garbled("\"protection\" missing");

  SecretBytes seed(kEd25519SeedBytes);
  if (*str("protection") == "none") {
    std::string* b64 = str("seed");
    if (!b64) return garbled("\"seed\" missing");
    auto raw = Base64UrlDecode(*b64);
    Wipe(*b64);
    if (!raw || raw->size() != kEd25519SeedBytes) {
      if (raw) Wipe(*raw);
      return garbled("\"seed\" is not 32 base64url bytes");
    }
    std::memcpy(seed.data(), raw->data(), kEd25519SeedBytes);
    Wipe(*raw);
  } else if (*str("protection") == kSealed) {
    if (!passphrase)
      return Error::Make(ErrorCode::kUnauthorized, path.string() + " is encrypted and no passphrase was given");
    auto salt = str("salt") ? Base64UrlDecode(*str("salt")) : std::nullopt;
    auto nonce = str("nonce") ? Base64UrlDecode(*str("nonce")) : std::nullopt;
    auto sealed = str("sealed_seed") ? Base64UrlDecode(*str("sealed_seed")) : std::nullopt;
    auto ops = env.find("opslimit");
    auto mem = env.find("memlimit");
    if (!salt || salt->size() != crypto_pwhash_SALTBYTES) return garbled("bad \"salt\"");
    if (!nonce || nonce->size() != crypto_secretbox_NONCEBYTES) return garbled("bad \"nonce\"");
    if (!sealed || sealed->size() != kEd25519SeedBytes + crypto_secretbox_MACBYTES)
      return garbled("bad \"sealed_seed\"");
    // Bounds keep a tampered file from asking for terabytes or hours.
    if (ops == env.end() || !ops->is_number_unsigned() || ops->get<unsigned long long>() < crypto_pwhash_OPSLIMIT_MIN ||
        ops->get<unsigned long long>() > crypto_pwhash_OPSLIMIT_SENSITIVE)
      return garbled("bad \"opslimit\"");
    if (mem == env.end() || !mem->is_number_unsigned() || mem->get<unsigned long long>() < crypto_pwhash_MEMLIMIT_MIN ||
        mem->get<unsigned long long>() > crypto_pwhash_MEMLIMIT_SENSITIVE)
      return garbled("bad \"memlimit\"");
    auto key = DeriveKey(*passphrase, reinterpret_cast<const unsigned char*>(salt->data()),
                         ops->get<unsigned long long>(), mem->get<size_t>());
    if (!key) return key.error();
    if (crypto_secretbox_open_easy(seed.data(), reinterpret_cast<const unsigned char*>(sealed->data()), sealed->size(),
                                   reinterpret_cast<const unsigned char*>(nonce->data()), key->data()) != 0)
      return Error::Make(ErrorCode::kUnauthorized, path.string() + ": wrong passphrase (or the file was altered)");
  } else {
    return garbled("unknown protection " + *str("protection"));
  }
  auto signer = Signer::FromSeed(seed.view());
  if (!signer) return signer.error();
  if (!str("kid") || *str("kid") != signer->kid() || signer->kid() != kid)
    return garbled("the key does not match its kid");
  return signer;
}

Result<PublicJwk> ReadPublicJwk(const fs::path& dir, const std::string& kid) {
  fs::path path = dir / (kid + ".jwk");
  auto text = ReadKeyFile(path, KeyFileKind::kPublic, kMaxKeyFileBytes);
  if (!text) return text.error();
  auto set = Jwks::Parse(R"({"keys":[)" + *text + "]}");
  if (!set || set->keys().size() != 1)
    return Error::Make(ErrorCode::kInvalid, path.string() + ": not an Ed25519 public JWK");
  const PublicJwk& k = set->keys()[0];
  if (k.kid != kid || Thumbprint(k.public_key) != kid)
    return Error::Make(ErrorCode::kInvalid, path.string() + ": the key does not match its kid");
  return k;
}

}  // namespace

std::string_view ToString(KeyState s) {
  switch (s) {
    case KeyState::kActive: return "active";
    case KeyState::kPublished: return "published";
    case KeyState::kRetired: return "retired";
  }
  return "retired";
}

Result<std::string> KeyStore::AddFromSeed(const fs::path& dir, std::string_view seed,
                                          const std::optional<std::string>& passphrase, const Clock& clock) {
  if (auto s = EnsureSodium(); !s) return s.error();
  auto signer = Signer::FromSeed(seed);
  if (!signer) return signer.error();
  if (auto s = EnsureDir(dir); !s) return s.error();

  Manifest m;
  std::error_code ec;
  if (fs::exists(dir / kManifestName, ec)) {
    auto read = ReadManifest(dir);
    if (!read) return read.error();
    m = std::move(*read);
  } else {
    // Key files without a manifest: refuse rather than orphan them.
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".key")
        return Error::Make(ErrorCode::kConflict,
                           (dir / kManifestName).string() + " is missing but the folder holds key files");
  }
  const std::string& kid = signer->kid();
  for (const auto& k : m.keys)
    if (k.kid == kid) return Error::Make(ErrorCode::kConflict, "key " + kid + " already exists");

  auto envelope = MakeEnvelope(*signer, passphrase);
  if (!envelope) return envelope.error();
  Status wrote = WriteFileAtomic(dir / (kid + ".key"), *envelope, 0600);
  Wipe(*envelope);
  if (!wrote) return wrote.error();
  if (auto s = WriteFileAtomic(dir / (kid + ".jwk"), JsonText(signer->Public().ToJson()) + "\n", 0644); !s)
    return s.error();

  for (auto& k : m.keys)
    if (k.state == KeyState::kActive) k.state = KeyState::kPublished;
  m.keys.push_back(KeyInfo{kid, FormatInstant(clock.Now()), KeyState::kActive});
  m.active = kid;
  if (auto s = WriteManifest(dir, m); !s) return s.error();
  return kid;
}

Result<std::string> KeyStore::Generate(const fs::path& dir, const std::optional<std::string>& passphrase,
                                       const Clock& clock) {
  if (auto s = EnsureSodium(); !s) return s.error();
  SecretBytes seed(kEd25519SeedBytes);
  randombytes_buf(seed.data(), seed.size());
  return AddFromSeed(dir, seed.view(), passphrase, clock);
}

Result<std::string> KeyStore::Rotate(const fs::path& dir, const std::optional<std::string>& passphrase,
                                     const Clock& clock) {
  auto m = ReadManifest(dir);
  if (!m) return m.error();
  return Generate(dir, passphrase, clock);
}

Status KeyStore::Retire(const fs::path& dir, const std::string& kid) {
  auto m = ReadManifest(dir);
  if (!m) return m.error();
  for (auto& k : m->keys) {
    if (k.kid != kid) continue;
    if (k.state == KeyState::kActive)
      return Error::Make(ErrorCode::kConflict, "key " + kid + " is the active signing key; rotate first");
    if (k.state == KeyState::kRetired) return {};
    k.state = KeyState::kRetired;
    return WriteManifest(dir, *m);
  }
  return Error::Make(ErrorCode::kNotFound, "no key " + kid + " in " + dir.string());
}

Result<std::vector<KeyInfo>> KeyStore::List(const fs::path& dir) {
  auto m = ReadManifest(dir);
  if (!m) return m.error();
  return std::move(m->keys);
}

Result<std::string> KeyStore::RegistryId(const fs::path& dir) {
  auto m = ReadManifest(dir);
  if (!m) return m.error();
  return std::move(m->registry_id);
}

Status KeyStore::SetRegistryId(const fs::path& dir, const std::string& registry_id) {
  if (!IsValidRegistryId(registry_id)) return Error::Make(ErrorCode::kInvalid, "not a registry id: " + registry_id);
  auto m = ReadManifest(dir);
  if (!m) return m.error();
  if (m->registry_id == registry_id) return {};
  m->registry_id = registry_id;
  return WriteManifest(dir, *m);
}

Result<KeyStore> KeyStore::Open(const fs::path& dir, const std::optional<std::string>& passphrase) {
  if (auto s = EnsureSodium(); !s) return s.error();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NoKey(dir);
  if (auto s = CheckKeyFolder(dir); !s) return s.error();
  if (auto s = CheckKeyFiles(dir); !s) return s.error();
  auto m = ReadManifest(dir);
  if (!m) return m.error();

  fs::path key_path = dir / (m->active + ".key");
  auto text = ReadKeyFile(key_path, KeyFileKind::kSecret, kMaxKeyFileBytes);
  if (!text) return text.error();
  auto signer = OpenEnvelope(key_path, m->active, std::move(*text), passphrase);
  if (!signer) return signer.error();

  std::vector<PublicJwk> keys;
  for (const auto& k : m->keys) {
    if (k.state == KeyState::kRetired) continue;
    auto jwk = ReadPublicJwk(dir, k.kid);
    if (!jwk) return jwk.error();
    if (k.state == KeyState::kActive && jwk->public_key != signer->public_key())
      return Error::Make(ErrorCode::kInvalid, (dir / (k.kid + ".jwk")).string() + " does not match the secret key");
    keys.push_back(std::move(*jwk));
  }
  auto jwks = Jwks::FromKeys(std::move(keys));
  if (!jwks) return jwks.error();
  KeyStore store(std::make_unique<Signer>(std::move(*signer)), std::move(*jwks));
  store.registry_id_ = std::move(m->registry_id);
  return store;
}

KeyStore KeyStore::FromSigner(Signer active, std::vector<PublicJwk> published) {
  std::vector<PublicJwk> keys{active.Public()};
  for (auto& k : published)
    if (k.kid != active.kid()) keys.push_back(std::move(k));
  auto jwks = Jwks::FromKeys(std::move(keys));
  return KeyStore(std::make_unique<Signer>(std::move(active)), jwks ? std::move(*jwks) : Jwks());
}

nlohmann::json KeyStore::JwksJson() const { return jwks_.ToJson(); }

}  // namespace mark::crypto
