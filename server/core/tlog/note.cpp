#include "tlog/note.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/base64.h"
#include "common/hex.h"
#include "common/utf8.h"
#include "crypto/secret_bytes.h"
#include "crypto/sha256.h"
#include "crypto/sodium_init.h"

namespace mark::tlog {

namespace {

constexpr unsigned char kEd25519Type = 0x01;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";
// The spec asks verifiers to cap signatures (and accept at least 16).
constexpr size_t kMaxSignatures = 100;
constexpr size_t kMaxNoteBytes = 1 << 20;

void EnsureSodium() {
  static const bool ready = static_cast<bool>(crypto::EnsureSodium());
  if (!ready) std::abort();  // no usable libsodium: nothing here can work
}

// The code point at s[i] (common/utf8.h), advancing i past it; -1 on an
// invalid (overlong, surrogate, truncated, > U+10FFFF) sequence.
long NextCodePoint(std::string_view s, size_t& i) {
  char32_t cp = 0;
  const size_t n = DecodeUtf8(s, i, &cp);
  if (n == 0) return -1;
  i += n;
  return static_cast<long>(cp);
}

// Unicode White_Space (what Go's unicode.IsSpace accepts).
bool IsUnicodeSpace(long cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 with no control character other than '\n' (signed-note: Format).
bool IsValidNoteText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const long cp = NextCodePoint(s, i);
    if (cp < 0) return false;
    if (cp < 0x20 && cp != '\n') return false;
    if (cp == 0x7F) return false;
  }
  return true;
}

std::optional<NoteKeyId> ParseHex8(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  NoteKeyId id{};
  for (size_t i = 0; i < 8; ++i) {
    const char c = s[i];
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else
      return std::nullopt;  // lowercase only, as Go writes and reads it
    id[i / 2] = static_cast<unsigned char>(id[i / 2] << 4 | v);
  }
  return id;
}

std::string_view AsChars(const unsigned char* p, size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);
}

// Parses "name+hex8+base64(type||key)" into its parts; `what` names the
// string in errors.
struct KeyParts {
  std::string name;
  NoteKeyId key_id{};
  std::string key;  // after the type byte
};
Result<KeyParts> SplitKey(std::string_view text, const char* what) {
  const size_t p1 = text.find('+');
  if (p1 == std::string_view::npos) return Error::Invalid(what, "no '+' after the key name");
  const size_t p2 = text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return Error::Invalid(what, "no '+' after the key id");
  KeyParts parts;
  parts.name = std::string(text.substr(0, p1));
  if (!IsValidKeyName(parts.name)) return Error::Invalid(what, "bad key name");
  auto id = ParseHex8(text.substr(p1 + 1, p2 - p1 - 1));
  if (!id) return Error::Invalid(what, "key id is not 8 lowercase hex digits");
  parts.key_id = *id;
  auto raw = Base64Decode(text.substr(p2 + 1));
  if (!raw) return Error::Invalid(what, "key is not base64");
  if (raw->size() != 33) return Error::Invalid(what, "key is not 1 + 32 bytes");
  if (static_cast<unsigned char>((*raw)[0]) != kEd25519Type)
    return Error::Invalid(what, "not an Ed25519 (type 0x01) key");
  parts.key = raw->substr(1);
  return parts;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size();) {
    const long cp = NextCodePoint(name, i);
    if (cp < 0 || cp < 0x20 || cp == 0x7F || cp == '+' || IsUnicodeSpace(cp)) return false;
  }
  return true;
}

NoteKeyId ComputeNoteKeyId(std::string_view name, const Ed25519PublicKey& public_key) {
  EnsureSodium();
  const unsigned char sep[2] = {'\n', kEd25519Type};
  const crypto::Sha256Digest digest = crypto::Sha256Hasher().Update(name).Update(sep).Update(public_key).Final();
  NoteKeyId id;
  std::memcpy(id.data(), digest.data(), 4);
  return id;
}

Result<NoteVerifier> ParseVerifierKey(std::string_view text) {
  auto parts = SplitKey(text, "verifier_key");
  if (!parts) return std::move(parts).error();
  NoteVerifier v;
  v.name = std::move(parts->name);
  std::memcpy(v.public_key.data(), parts->key.data(), 32);
  v.key_id = parts->key_id;
  if (ComputeNoteKeyId(v.name, v.public_key) != v.key_id)
    return Error::Invalid("verifier_key", "key id does not match the name and key");
  return v;
}

std::string FormatVerifierKey(std::string_view name, const Ed25519PublicKey& public_key) {
  const NoteKeyId id = ComputeNoteKeyId(name, public_key);
  std::string typed(1, static_cast<char>(kEd25519Type));
  typed += AsChars(public_key.data(), public_key.size());
  return std::string(name) + "+" + Hex(id) + "+" + Base64Encode(typed);
}

Result<std::string> FormatSignerKey(std::string_view name, std::string_view seed32) {
  EnsureSodium();
  if (!IsValidKeyName(name)) return Error::Invalid("name", "bad key name");
  if (seed32.size() != crypto_sign_SEEDBYTES) return Error::Invalid("seed", "not 32 bytes");
  Ed25519PublicKey pk;
  std::vector<unsigned char> sk(crypto_sign_SECRETKEYBYTES);
  if (crypto_sign_seed_keypair(pk.data(), sk.data(), reinterpret_cast<const unsigned char*>(seed32.data())) != 0)
    return Error::Make(ErrorCode::kInternal, "crypto_sign_seed_keypair failed");
  crypto::Wipe(sk);
  const NoteKeyId id = ComputeNoteKeyId(name, pk);
  std::string typed(1, static_cast<char>(kEd25519Type));
  typed += seed32;
  std::string out = std::string(kSignerPrefix) + std::string(name) + "+" + Hex(id) + "+" + Base64Encode(typed);
  crypto::Wipe(typed);
  return out;
}

Result<NoteSigner> ParseSignerKey(std::string_view text) {
  EnsureSodium();
  if (text.substr(0, kSignerPrefix.size()) != kSignerPrefix)
    return Error::Invalid("signer_key", "does not start with PRIVATE+KEY+");
  auto parts = SplitKey(text.substr(kSignerPrefix.size()), "signer_key");
  if (!parts) return std::move(parts).error();
  Ed25519PublicKey pk;
  std::vector<unsigned char> sk(crypto_sign_SECRETKEYBYTES);
  if (crypto_sign_seed_keypair(pk.data(), sk.data(), reinterpret_cast<const unsigned char*>(parts->key.data())) != 0)
    return Error::Make(ErrorCode::kInternal, "crypto_sign_seed_keypair failed");
  crypto::Wipe(sk);
  if (ComputeNoteKeyId(parts->name, pk) != parts->key_id) {
    crypto::Wipe(parts->key);
    return Error::Invalid("signer_key", "key id does not match the name and key");
  }
  return NoteSigner{std::move(parts->name), std::move(parts->key)};
}

Result<std::string> SignNote(std::string_view text, std::string_view name, std::string_view secret_key) {
  EnsureSodium();
  if (text.empty() || text.back() != '\n') return Error::Invalid("text", "must be non-empty and end in a newline");
  if (!IsValidNoteText(text))
    return Error::Invalid("text", "must be UTF-8 without control characters other than newline");
  if (!IsValidKeyName(name)) return Error::Invalid("name", "bad key name");

  std::vector<unsigned char> sk(crypto_sign_SECRETKEYBYTES);
  Ed25519PublicKey pk;
  if (secret_key.size() == crypto_sign_SEEDBYTES) {
    if (crypto_sign_seed_keypair(pk.data(), sk.data(), reinterpret_cast<const unsigned char*>(secret_key.data())) != 0)
      return Error::Make(ErrorCode::kInternal, "crypto_sign_seed_keypair failed");
  } else if (secret_key.size() == crypto_sign_SECRETKEYBYTES) {
    std::memcpy(sk.data(), secret_key.data(), sk.size());
    if (crypto_sign_ed25519_sk_to_pk(pk.data(), sk.data()) != 0) {
      crypto::Wipe(sk);
      return Error::Make(ErrorCode::kInternal, "crypto_sign_ed25519_sk_to_pk failed");
    }
  } else {
    return Error::Invalid("secret_key", "neither a 32-byte seed nor a 64-byte secret key");
  }

  unsigned char blob[4 + crypto_sign_BYTES];
  const NoteKeyId id = ComputeNoteKeyId(name, pk);
  std::memcpy(blob, id.data(), 4);
  const int rc = crypto_sign_detached(blob + 4, nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                                      text.size(), sk.data());
  crypto::Wipe(sk);
  if (rc != 0) return Error::Make(ErrorCode::kInternal, "crypto_sign_detached failed");

  std::string note(text);
  note += "\n";
  note += kSigPrefix;
  note += name;
  note += " ";
  note += Base64Encode(AsChars(blob, sizeof blob));
  note += "\n";
  return note;
}

Result<std::string> VerifyNote(std::string_view note, const NoteVerifier& verifier) {
  EnsureSodium();
  if (note.size() > kMaxNoteBytes) return Error::Invalid("note", "too large");
  if (!IsValidNoteText(note)) return Error::Invalid("note", "not UTF-8 or holds control characters");
  // The text ends at the last blank line; it keeps its final newline.
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Error::Invalid("note", "no signature block");
  const std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Error::Invalid("note", "no signature lines");

  size_t count = 0;
  bool verified = false;
  while (!sigs.empty()) {
    const size_t eol = sigs.find('\n');
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (++count > kMaxSignatures) return Error::Invalid("note", "too many signatures");
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix)
      return Error::Invalid("note", "a signature line does not start with an em dash and space");
    line.remove_prefix(kSigPrefix.size());
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return Error::Invalid("note", "malformed signature line");
    const std::string_view name = line.substr(0, sp);
    if (!IsValidKeyName(name)) return Error::Invalid("note", "bad key name in a signature line");
    auto blob = Base64Decode(line.substr(sp + 1));
    if (!blob || blob->size() < 5) return Error::Invalid("note", "malformed signature");
    if (name != verifier.name || std::memcmp(blob->data(), verifier.key_id.data(), 4) != 0)
      continue;  // someone else's key (a witness, an older key): ignored
    if (blob->size() != 4 + crypto_sign_BYTES ||
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(blob->data() + 4),
                                    reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                    verifier.public_key.data()) != 0)
      return Error::Invalid("note", "the signature by " + verifier.name + " does not verify");
    verified = true;
  }
  if (!verified) return Error::Invalid("note", "no signature by " + verifier.name);
  return std::string(text);
}

Result<std::string> VerifyNote(std::string_view note, std::string_view verifier_key) {
  auto verifier = ParseVerifierKey(verifier_key);
  if (!verifier) return std::move(verifier).error();
  return VerifyNote(note, *verifier);
}

}  // namespace mark::tlog
