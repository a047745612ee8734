// libFuzzer target: what a log monitor reads from a server it does not
// trust: signed notes, checkpoints, verifier and signer keys, and the JSON of
// entries and proofs (markctl log verify/prove).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tlog/checkpoint.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "tlog/wire.h"

namespace {

const std::string& Verifier() {
  static const std::string* key = [] {
    mark::tlog::Ed25519PublicKey pk{};
    pk.fill(0x11);
    return new std::string(mark::tlog::FormatVerifierKey("registry.test/log", pk));
  }();
  return *key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto cp = mark::tlog::ParseCheckpoint(text)) {
    // What parses prints back identically, when it prints at all: the parser
    // is laxer than the printer about control characters and invalid UTF-8 in
    // the origin (harmless: OpenCheckpoint only parses text VerifyNote
    // accepted, and that refuses both).
    auto again = mark::tlog::FormatCheckpoint(*cp);
    if (again && *again != text) std::abort();
  }
  (void)mark::tlog::VerifyNote(text, Verifier());
  (void)mark::tlog::OpenCheckpoint(text, Verifier());
  (void)mark::tlog::ParseVerifierKey(text);
  (void)mark::tlog::ParseSignerKey(text);
  (void)mark::tlog::ParseEntries(text);
  if (auto p = mark::tlog::ParseInclusionProof(text)) {
    mark::tlog::Hash leaf{};
    (void)mark::tlog::VerifyInclusion(leaf, p->index, p->tree_size, p->audit_path, leaf);
  }
  if (auto p = mark::tlog::ParseConsistencyProof(text)) {
    mark::tlog::Hash root{};
    (void)mark::tlog::VerifyConsistency(p->first, p->second, root, root, p->consistency);
  }
  return 0;
}
