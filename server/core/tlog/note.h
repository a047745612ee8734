// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys
// (signature type 0x01): the envelope of the log's checkpoints, so existing
// transparency tooling (Go's sumdb/note, witnesses) can check them.
//
//   note      = text "\n" signature-line+        (text ends in "\n")
//   signature = "— " key-name " " base64(key_id[4] || ed25519_sig[64]) "\n"
//   key_id    = SHA-256(key-name || 0x0A || 0x01 || public_key[32])[:4]
//   verifier key string = name "+" hex8(key_id) "+" base64(0x01 || public_key)
//   signer key string   = "PRIVATE+KEY+" name "+" hex8(key_id) "+" base64(0x01 || seed)
//
// A secret key passed in is only read, never kept. Thread-safe (no state).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::tlog {

using NoteKeyId = std::array<unsigned char, 4>;
using Ed25519PublicKey = std::array<unsigned char, 32>;

// Non-empty, valid UTF-8, no Unicode space, no '+', no control character.
bool IsValidKeyName(std::string_view name);
NoteKeyId ComputeNoteKeyId(std::string_view name, const Ed25519PublicKey& public_key);

struct NoteVerifier {
  std::string name;
  NoteKeyId key_id{};
  Ed25519PublicKey public_key{};
};

// "name+hex8+base64(0x01||pk)". Invalid on any malformed part, a type other
// than Ed25519, or a key id that does not match the name and key.
Result<NoteVerifier> ParseVerifierKey(std::string_view text);
std::string FormatVerifierKey(std::string_view name, const Ed25519PublicKey& public_key);

// The signer key string for a 32-byte seed (the form Go's note.NewSigner
// reads), and back: the parsed name and seed (key id checked).
Result<std::string> FormatSignerKey(std::string_view name, std::string_view seed32);
struct NoteSigner {
  std::string name;
  std::string seed;  // 32 bytes; the caller wipes it when done
};
Result<NoteSigner> ParseSignerKey(std::string_view text);

// Signs `text` as `name` with an Ed25519 key given either as libsodium's
// 64-byte secret key or as the 32-byte seed; returns the whole note (text,
// blank line, one signature line). Invalid unless `text` is non-empty, ends
// in "\n", is valid UTF-8 without control characters other than "\n", and
// `name` is a valid key name.
Result<std::string> SignNote(std::string_view text, std::string_view name, std::string_view secret_key);

// Opens a note: ok with the note text (ending in "\n") when it carries a
// valid signature by `verifier`. Rejects a malformed note or signature line,
// any signature by that key (name and id) that fails, and a note with no
// signature by it. Signatures by other keys are ignored (C2SP: witnesses,
// key rotation).
Result<std::string> VerifyNote(std::string_view note, const NoteVerifier& verifier);
Result<std::string> VerifyNote(std::string_view note, std::string_view verifier_key);

}  // namespace mark::tlog
