#include "crypto/secret_key_file.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/json_text.h"
#include "common/atomic_file.h"
#include "crypto/key_file.h"
#include "crypto/sodium_init.h"

namespace mark::crypto {

namespace fs = std::filesystem;

namespace {

// A key file is a line of JSON; anything longer is not one.
constexpr size_t kMaxSecretKeyFileBytes = 4096;

}  // namespace

Result<SecretBytes> ReadSecretKeyFile(const fs::path& dir, const SecretKeyFileFormat& f) {
  if (Status s = EnsureSodium(); !s) return s.error();
  const fs::path path = dir / f.file;
  auto text = ReadKeyFile(path, KeyFileKind::kSecret, kMaxSecretKeyFileBytes);
  if (!text && text.error().code == ErrorCode::kNotFound)
    return Error::Make(ErrorCode::kNotFound, std::string("no ") + f.missing_name + " " + path.string() +
                                                 " (create it with: " + f.init_command + " --keys " + dir.string() +
                                                 ")");
  if (!text) return text.error();
  auto j = nlohmann::json::parse(*text, nullptr, false);
  Wipe(*text);
  if (j.is_discarded() || !j.is_object() || j.value("kind", "") != f.kind || j.value("alg", "") != f.alg ||
      !j.contains(f.field) || !j[f.field].is_string())
    return Error::Make(ErrorCode::kInvalid, std::string(f.name) + " " + path.string() + " is garbled");
  auto raw = Base64UrlDecode(j[f.field].get_ref<const std::string&>());
  Wipe(j[f.field].get_ref<std::string&>());
  if (!raw || raw->size() != f.bytes) {
    if (raw) Wipe(*raw);
    return Error::Make(ErrorCode::kInvalid, std::string(f.name) + " " + path.string() + " holds no " +
                                                std::to_string(f.bytes) + "-byte " + f.field);
  }
  SecretBytes key(f.bytes);
  std::copy(raw->begin(), raw->end(), key.data());
  Wipe(*raw);
  return key;
}

Result<bool> CreateSecretKeyFile(const fs::path& dir, const SecretKeyFileFormat& f) {
  if (Status s = EnsureSodium(); !s) return s.error();
  const fs::path path = dir / f.file;
  std::error_code ec;
  if (fs::exists(path, ec)) return false;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  SecretBytes key(f.bytes);
  randombytes_buf(key.data(), key.size());
  std::string text =
      JsonText(nlohmann::json{{"kind", f.kind}, {"alg", f.alg}, {f.field, Base64UrlEncode(key.view())}}) + "\n";
  Status st = WriteFileAtomic(path, text, 0600);
  Wipe(text);
  if (!st) return st.error();
  return true;
}

}  // namespace mark::crypto
