// A C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
// that states the log's tree head, then signed as a signed note (note.h).
//
//   <origin>\n            e.g. "registry.example.jp/log" (also the key name)
//   <tree size>\n         decimal, no leading zeros
//   <base64 root hash>\n  RFC 6962 MTH, standard base64 with padding
//   [extension lines\n]   optional, non-empty; we write none
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "tlog/merkle.h"

namespace mark::tlog {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // opaque lines, without "\n"
};

// The log's origin (also its key name) for a public URL:
// "{public host}/log", e.g. "https://mark.example.jp/" -> "mark.example.jp/log",
// "http://127.0.0.1:8080" -> "127.0.0.1:8080/log". A path after the host is
// kept ("https://x.jp/registry" -> "x.jp/registry/log").
std::string LogOriginForPublicUrl(std::string_view public_url);

// The note text. Invalid when the origin is empty or holds a newline, or an
// extension line is empty or holds a newline.
Result<std::string> FormatCheckpoint(const Checkpoint& checkpoint);
// Parses note text (as returned by VerifyNote). Invalid on fewer than three
// lines, an empty origin, a size with a sign, leading zero or overflow, a
// root that is not base64 of 32 bytes, an empty extension line, or text not
// ending in "\n".
Result<Checkpoint> ParseCheckpoint(std::string_view text);

// FormatCheckpoint + SignNote with the origin as the key name: the text
// GET /api/v1/log/checkpoint serves. `secret_key`: 32-byte seed or 64-byte
// libsodium secret key (read, not kept).
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view secret_key);

// Convenience: checks the note's signature with `verifier`, then parses it,
// and insists the origin is the key's name (as the log signs it).
Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, std::string_view verifier_key);

}  // namespace mark::tlog
