// C2SP tlog-checkpoint text, and a signed checkpoint opened with the log key.
#include <catch2/catch.hpp>

#include <sodium.h>

#include "tlog/checkpoint.h"
#include "tlog/note.h"

namespace tlog = mark::tlog;

TEST_CASE("checkpoint format and parse") {
  tlog::MerkleTree tree;
  for (int i = 0; i < 5; ++i) tree.AppendLeafInput("e" + std::to_string(i));
  tlog::Checkpoint cp{"registry.example.jp/log", 5, tree.Root(), {}};
  auto text = tlog::FormatCheckpoint(cp);
  REQUIRE(text);
  // The tlog-checkpoint spec's own example body parses.
  auto spec =
      tlog::ParseCheckpoint("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  REQUIRE(spec);
  CHECK(spec->origin == "example.com/behind-the-sofa");
  CHECK(spec->size == 20852163);
  CHECK(tlog::FormatCheckpoint(*spec).value() ==
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");

  auto back = tlog::ParseCheckpoint(*text);
  REQUIRE(back);
  CHECK(back->origin == cp.origin);
  CHECK(back->size == 5);
  CHECK(back->root == cp.root);

  auto empty = tlog::FormatCheckpoint({"o", 0, tlog::EmptyRoot(), {}});
  CHECK(empty.value() == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
  auto ext = tlog::ParseCheckpoint(empty.value() + "ext line\n");
  REQUIRE(ext);
  CHECK(ext->extensions == std::vector<std::string>{"ext line"});

  const std::string root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  CHECK_FALSE(tlog::ParseCheckpoint("o\n0\n" + root));          // no final newline
  CHECK_FALSE(tlog::ParseCheckpoint("o\n0\n"));                 // two lines
  CHECK_FALSE(tlog::ParseCheckpoint("\n0\n" + root + "\n"));    // empty origin
  CHECK_FALSE(tlog::ParseCheckpoint("o\n01\n" + root + "\n"));  // leading zero
  CHECK_FALSE(tlog::ParseCheckpoint("o\n-1\n" + root + "\n"));
  CHECK_FALSE(tlog::ParseCheckpoint("o\n+1\n" + root + "\n"));
  CHECK_FALSE(tlog::ParseCheckpoint("o\n18446744073709551616\n" + root + "\n"));
  CHECK(tlog::ParseCheckpoint("o\n18446744073709551615\n" + root + "\n"));
  CHECK_FALSE(tlog::ParseCheckpoint("o\n1\nAAAA\n"));  // 3 bytes
  CHECK_FALSE(tlog::ParseCheckpoint("o\n1\n" + root.substr(1) + "\n"));
  CHECK_FALSE(tlog::ParseCheckpoint("o\n1\n" + root + "\n\n"));  // empty extension
  CHECK_FALSE(tlog::FormatCheckpoint({"", 1, tlog::EmptyRoot(), {}}));
  CHECK_FALSE(tlog::FormatCheckpoint({"a\nb", 1, tlog::EmptyRoot(), {}}));
}

TEST_CASE("OpenCheckpoint checks signature and origin") {
  const std::string seed(32, '\x05');
  tlog::Ed25519PublicKey pk;
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  REQUIRE(crypto_sign_seed_keypair(pk.data(), sk, reinterpret_cast<const unsigned char*>(seed.data())) == 0);
  const std::string origin = "registry.example.jp/log";
  const std::string vkey = tlog::FormatVerifierKey(origin, pk);
  const std::string body = tlog::FormatCheckpoint({origin, 0, tlog::EmptyRoot(), {}}).value();
  auto note = tlog::SignNote(body, origin, seed).value();
  CHECK(tlog::SignCheckpoint({origin, 0, tlog::EmptyRoot(), {}}, seed).value() == note);
  auto cp = tlog::OpenCheckpoint(note, vkey);
  REQUIRE(cp);
  CHECK(cp->size == 0);

  // Signed by the right key but for another origin: refused.
  const std::string other_body = tlog::FormatCheckpoint({"other/log", 0, tlog::EmptyRoot(), {}}).value();
  CHECK_FALSE(tlog::OpenCheckpoint(tlog::SignNote(other_body, origin, seed).value(), vkey));
  // Not a checkpoint body.
  CHECK_FALSE(tlog::OpenCheckpoint(tlog::SignNote("hello\n", origin, seed).value(), vkey));
}

TEST_CASE("log origin from the public URL") {
  CHECK(tlog::LogOriginForPublicUrl("https://mark.example.jp/") == "mark.example.jp/log");
  CHECK(tlog::LogOriginForPublicUrl("http://127.0.0.1:8080") == "127.0.0.1:8080/log");
  CHECK(tlog::LogOriginForPublicUrl("https://x.jp/registry") == "x.jp/registry/log");
  CHECK(tlog::IsValidKeyName(tlog::LogOriginForPublicUrl("http://127.0.0.1:8080")));
}
