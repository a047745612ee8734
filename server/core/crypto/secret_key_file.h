// Secret key files beside the signing keys: a key kept in the key folder as
// one small JSON file (log.key, webhook.key),
//
//   <keys dir>/<file>   mode 0600, JSON {"kind": KIND, "alg": ALG,
//                       FIELD: base64url(the key's bytes)}
//
// made once (the folder made 0700 if missing, the file written atomically
// at 0600, its text wiped) and read under key_file.h's rules: a regular file
// of this user, opened without following a link or waiting on a FIFO, not
// open to group or others. The key is returned in SecretBytes; every copy
// made on the way is wiped. Thread-safe (no state).
#pragma once

#include <cstddef>
#include <filesystem>

#include "common/result.h"
#include "crypto/secret_bytes.h"

namespace mark::crypto {

// What one kind of secret key file holds and how messages name it.
struct SecretKeyFileFormat {
  const char* file;          // "log.key"
  const char* kind;          // the "kind" member: "transparency-log-key"
  const char* alg;           // the "alg" member: "Ed25519"
  const char* field;         // the member holding the key: "seed" (also in messages)
  size_t bytes;              // the key's length: 32
  const char* name;          // in messages about the file: "log key PATH is garbled"
  const char* missing_name;  // when absent: "no transparency log key PATH (create it with: ...)"
  const char* init_command;  // what makes it: "markctl keys log-init"
};

// Reads <dir>/<format.file>. Errors name the file: missing (kNotFound, with
// the command that makes it), a link or not a regular file, another owner,
// readable by group or others (key_file.h's wording), garbled, or holding no
// key of format.bytes.
Result<SecretBytes> ReadSecretKeyFile(const std::filesystem::path& dir, const SecretKeyFileFormat& format);

// Creates <dir>/<format.file> with format.bytes random bytes unless it
// exists; true when it made a new key.
Result<bool> CreateSecretKeyFile(const std::filesystem::path& dir, const SecretKeyFileFormat& format);

}  // namespace mark::crypto
