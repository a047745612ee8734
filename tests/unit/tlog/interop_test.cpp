// Our log against the independent Node.js checker (tests/interop/tlog_check.mjs,
// written from RFC 6962 and the C2SP specs alone): the files a server would
// serve are written to a temporary folder and the checker must agree; edited
// copies must make it fail. Runs node offline (--files), no network.
#include <catch2/catch.hpp>

#include <sodium.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/temp_dir.h"
#include "tlog/checkpoint.h"
#include "tlog/leaf.h"
#include "tlog/note.h"
#include "tlog/wire.h"

namespace tlog = mark::tlog;
using nlohmann::json;

namespace {

const std::filesystem::path kChecker = std::filesystem::path(MARK_SOURCE_DIR) / "tests/interop/tlog_check.mjs";

void Write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// Runs the checker on `dir`; returns its exit code.
int RunChecker(const std::filesystem::path& dir) {
  const std::string cmd =
      "node '" + kChecker.string() + "' --files '" + dir.string() + "' >'" + (dir / "out.txt").string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  REQUIRE(status != -1);
  REQUIRE(WIFEXITED(status));
  std::ifstream in(dir / "out.txt");
  std::string output((std::istreambuf_iterator<char>(in)), {});
  UNSCOPED_INFO("checker said: " << output);
  return WEXITSTATUS(status);
}

struct Log {
  std::vector<std::string> leaf_inputs;
  tlog::MerkleTree tree;
  std::string seed = std::string(32, '\x2a');
  std::string origin = "registry.example.jp/log";

  std::string VerifierKey() const {
    tlog::Ed25519PublicKey pk;
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    REQUIRE(crypto_sign_seed_keypair(pk.data(), sk, reinterpret_cast<const unsigned char*>(seed.data())) == 0);
    sodium_memzero(sk, sizeof sk);
    return tlog::FormatVerifierKey(origin, pk);
  }
  std::string Checkpoint() const {
    auto body = tlog::FormatCheckpoint({origin, tree.Size(), tree.Root(), {}}).value();
    return tlog::SignNote(body, origin, seed).value();
  }
  // Writes key.txt, checkpoint.txt, entries.json and proofs.json (every
  // inclusion proof at the full size; consistency from every size).
  void WriteFiles(const std::filesystem::path& dir) const {
    Write(dir / "key.txt", VerifierKey() + "\n");
    Write(dir / "checkpoint.txt", Checkpoint());
    json entries = json::array();
    for (size_t i = 0; i < leaf_inputs.size(); ++i) entries.push_back(tlog::EntryToJson({i, leaf_inputs[i]}).value());
    Write(dir / "entries.json", json{{"entries", entries}}.dump());
    json inclusion = json::array();
    json consistency = json::array();
    const uint64_t n = tree.Size();
    for (uint64_t i = 0; i < n; ++i)
      inclusion.push_back(tlog::ToJson(tlog::InclusionProofMessage{i, n, tree.InclusionProof(i, n).value()}));
    for (uint64_t m = 0; m <= n; ++m) {
      consistency.push_back(tlog::ToJson(tlog::ConsistencyProofMessage{m, n, tree.ConsistencyProof(m, n).value()}));
      // and from every size to a smaller later one too
      if (m > 0 && m + 3 <= n)
        consistency.push_back(
            tlog::ToJson(tlog::ConsistencyProofMessage{m, m + 3, tree.ConsistencyProof(m, m + 3).value()}));
    }
    // Older tree sizes for inclusion too.
    for (uint64_t s = 1; s < n; s += 4)
      inclusion.push_back(tlog::ToJson(tlog::InclusionProofMessage{s - 1, s, tree.InclusionProof(s - 1, s).value()}));
    Write(dir / "proofs.json", json{{"inclusion", inclusion}, {"consistency", consistency}}.dump());
  }
};

Log MakeLog(int n) {
  Log log;
  for (int i = 0; i < n; ++i) {
    json event = {{"type", i % 3 == 0 ? "certificate_issued" : "suspended"},
                  {"number", "J" + std::to_string(1000 + i)},
                  {"at", "2026-11-26T07:00:00Z"},
                  {"service", {{"name", "安心ネット"}, {"domains", {"example.jp"}}}}};
    log.leaf_inputs.push_back(tlog::LeafInputForEvent(event).value());
    log.tree.AppendLeafInput(log.leaf_inputs.back());
  }
  return log;
}

}  // namespace

TEST_CASE("the independent JS checker agrees with our log") {
  REQUIRE(std::system("node --version >/dev/null 2>&1") == 0);
  for (int n : {0, 1, 2, 7, 8, 13, 33}) {
    INFO("n = " << n);
    mark::testing::TempDir dir;
    MakeLog(n).WriteFiles(dir.path());
    CHECK(RunChecker(dir.path()) == 0);
  }
}

TEST_CASE("the JS checker catches edits") {
  REQUIRE(std::system("node --version >/dev/null 2>&1") == 0);
  mark::testing::TempDir dir;
  Log log = MakeLog(11);

  SECTION("an edited entry (leaf) after signing") {
    log.WriteFiles(dir.path());
    json entries = json::parse(std::ifstream(dir / "entries.json"));
    Log edited = log;
    edited.leaf_inputs[4] = tlog::LeafInputForEvent(json{{"type", "revoked"}}).value();
    entries["entries"][4] = tlog::EntryToJson({4, edited.leaf_inputs[4]}).value();
    Write(dir / "entries.json", entries.dump());
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("an entry shown differently from its leaf input") {
    log.WriteFiles(dir.path());
    json entries = json::parse(std::ifstream(dir / "entries.json"));
    entries["entries"][2]["entry"]["number"] = "J9999";
    Write(dir / "entries.json", entries.dump());
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("a checkpoint signed by another key") {
    log.WriteFiles(dir.path());
    Log other = log;
    other.seed = std::string(32, '\x01');
    Write(dir / "checkpoint.txt", other.Checkpoint());
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("a checkpoint body edited after signing") {
    log.WriteFiles(dir.path());
    std::string cp = log.Checkpoint();
    cp.replace(cp.find("\n11\n"), 4, "\n10\n");
    Write(dir / "checkpoint.txt", cp);
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("a forged inclusion proof") {
    log.WriteFiles(dir.path());
    json proofs = json::parse(std::ifstream(dir / "proofs.json"));
    proofs["inclusion"][3]["audit_path"][1] = proofs["inclusion"][3]["audit_path"][0];
    Write(dir / "proofs.json", proofs.dump());
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("a consistency proof from a rewritten history") {
    // The log rewrites leaf 2 and re-signs everything, but serves the
    // consistency proofs of its true history: they cannot match the
    // rewritten entries (for old sizes that cover leaf 2).
    Log rewritten = log;
    rewritten.leaf_inputs[2] = tlog::LeafInputForEvent(json{{"type", "x"}}).value();
    rewritten.tree = tlog::MerkleTree();
    for (const auto& l : rewritten.leaf_inputs) rewritten.tree.AppendLeafInput(l);
    rewritten.WriteFiles(dir.path());
    json honest = json::array();
    for (uint64_t m = 1; m <= 3; ++m)
      honest.push_back(tlog::ToJson(tlog::ConsistencyProofMessage{m, 11, log.tree.ConsistencyProof(m, 11).value()}));
    json proofs = json::parse(std::ifstream(dir / "proofs.json"));
    proofs["consistency"] = honest;
    Write(dir / "proofs.json", proofs.dump());
    CHECK(RunChecker(dir.path()) == 1);
  }
  SECTION("a missing file is a set-up error") {
    log.WriteFiles(dir.path());
    std::filesystem::remove(dir / "proofs.json");
    CHECK(RunChecker(dir.path()) == 2);
  }
}
