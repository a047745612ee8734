// C2SP signed notes: the Go sumdb/note reference vector (PeterNeumann keys,
// golang.org/x/mod/sumdb/note), round trips, tampering, key strings.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <string>

#include "common/base64.h"
#include "tlog/note.h"

namespace tlog = mark::tlog;

namespace {

const char kGoVerifierKey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const char kGoSignerKey[] = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const char kGoText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const char kGoNote[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

std::string Seed(unsigned char fill) { return std::string(32, static_cast<char>(fill)); }

tlog::Ed25519PublicKey PublicOf(const std::string& seed) {
  tlog::Ed25519PublicKey pk;
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  REQUIRE(crypto_sign_seed_keypair(pk.data(), sk, reinterpret_cast<const unsigned char*>(seed.data())) == 0);
  return pk;
}

}  // namespace

TEST_CASE("Go sumdb/note reference vector") {
  auto v = tlog::ParseVerifierKey(kGoVerifierKey);
  REQUIRE(v);
  CHECK(v->name == "PeterNeumann");
  CHECK(tlog::ComputeNoteKeyId(v->name, v->public_key) == tlog::NoteKeyId{0xc7, 0x4f, 0x20, 0xa3});
  CHECK(tlog::FormatVerifierKey(v->name, v->public_key) == kGoVerifierKey);

  auto signer = tlog::ParseSignerKey(kGoSignerKey);
  REQUIRE(signer);
  CHECK(signer->name == "PeterNeumann");
  CHECK(tlog::FormatSignerKey(signer->name, signer->seed).value() == kGoSignerKey);

  // Ed25519 is deterministic: our signature is the published one byte for byte.
  auto note = tlog::SignNote(kGoText, signer->name, signer->seed);
  REQUIRE(note);
  CHECK(*note == kGoNote);

  auto text = tlog::VerifyNote(kGoNote, kGoVerifierKey);
  REQUIRE(text);
  CHECK(*text == kGoText);

  std::string tampered = kGoNote;
  tampered.replace(tampered.find("cryptography"), 12, "cryptographY");
  CHECK_FALSE(tlog::VerifyNote(tampered, kGoVerifierKey));
}

TEST_CASE("sign and verify round trip with a 64-byte secret key") {
  const std::string seed = Seed(7);
  const auto pk = PublicOf(seed);
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  tlog::Ed25519PublicKey pk2;
  REQUIRE(crypto_sign_seed_keypair(pk2.data(), sk, reinterpret_cast<const unsigned char*>(seed.data())) == 0);
  const std::string name = "registry.example.jp/log";
  const std::string vkey = tlog::FormatVerifierKey(name, pk);
  const std::string body = "registry.example.jp/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

  auto by_sk = tlog::SignNote(body, name, std::string(reinterpret_cast<char*>(sk), sizeof sk));
  auto by_seed = tlog::SignNote(body, name, seed);
  REQUIRE(by_sk);
  REQUIRE(by_seed);
  CHECK(*by_sk == *by_seed);
  CHECK(by_sk->rfind("\n\n\xE2\x80\x94 registry.example.jp/log ", std::string::npos) == body.size() - 1);
  CHECK(tlog::VerifyNote(*by_sk, vkey).value() == body);

  SECTION("a tampered body fails") {
    std::string bad = *by_sk;
    bad[bad.find('3')] = '4';
    auto r = tlog::VerifyNote(bad, vkey);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("does not verify") != std::string::npos);
  }
  SECTION("a tampered signature fails") {
    std::string bad = *by_sk;
    const size_t pos = bad.size() - 10;
    bad[pos] = bad[pos] == 'A' ? 'B' : 'A';
    CHECK_FALSE(tlog::VerifyNote(bad, vkey));
  }
  SECTION("another key's verifier finds no signature") {
    const std::string other = tlog::FormatVerifierKey(name, PublicOf(Seed(8)));
    auto r = tlog::VerifyNote(*by_sk, other);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("no signature by") != std::string::npos);
  }
  SECTION("same name and key id but another key: the signature is checked and fails") {
    // Forge a verifier that claims our name and id but holds another key.
    auto v = tlog::ParseVerifierKey(vkey).value();
    v.public_key = PublicOf(Seed(9));
    CHECK_FALSE(tlog::VerifyNote(*by_sk, v));
  }
  SECTION("signatures by unknown keys are ignored, before or after ours") {
    auto witness = tlog::SignNote(body, "witness.example/w1", Seed(10)).value();
    const std::string witness_line = witness.substr(body.size() + 1);
    const std::string our_line = by_sk->substr(body.size() + 1);
    CHECK(tlog::VerifyNote(body + "\n" + witness_line + our_line, vkey).value() == body);
    CHECK(tlog::VerifyNote(body + "\n" + our_line + witness_line, vkey).value() == body);
    CHECK_FALSE(tlog::VerifyNote(body + "\n" + witness_line, vkey));
  }
  SECTION("malformed notes are rejected") {
    const std::string sig_line = by_sk->substr(body.size() + 1);
    CHECK_FALSE(tlog::VerifyNote(body, vkey));                                 // no signatures
    CHECK_FALSE(tlog::VerifyNote(body + sig_line, vkey));                      // no blank line
    CHECK_FALSE(tlog::VerifyNote(*by_sk + "junk\n", vkey));                    // bad line
    CHECK_FALSE(tlog::VerifyNote(by_sk->substr(0, by_sk->size() - 1), vkey));  // no final \n
    CHECK_FALSE(tlog::VerifyNote(body + "\n-- " + sig_line.substr(4), vkey));  // ASCII dash
    CHECK_FALSE(tlog::VerifyNote(body + "\n" + sig_line + "\xE2\x80\x94 x !!\n", vkey));
    std::string with_tab = *by_sk;
    with_tab[0] = '\t';
    CHECK_FALSE(tlog::VerifyNote(with_tab, vkey));
    CHECK_FALSE(tlog::VerifyNote(std::string("\xff") + *by_sk, vkey));  // not UTF-8
  }
}

TEST_CASE("SignNote refuses bad input") {
  const std::string seed = Seed(1);
  CHECK_FALSE(tlog::SignNote("", "log", seed));
  CHECK_FALSE(tlog::SignNote("no newline", "log", seed));
  CHECK_FALSE(tlog::SignNote("ctrl\x01\n", "log", seed));
  CHECK_FALSE(tlog::SignNote("ok\n", "bad name", seed));
  CHECK_FALSE(tlog::SignNote("ok\n", "bad+name", seed));
  CHECK_FALSE(tlog::SignNote("ok\n", "", seed));
  CHECK_FALSE(tlog::SignNote("ok\n", "log", "short"));
  CHECK(tlog::SignNote("ok\n", "log", seed));
  // Text may hold blank lines; the last blank line separates the signatures.
  auto n = tlog::SignNote("a\n\nb\n", "log", seed).value();
  CHECK(tlog::VerifyNote(n, tlog::FormatVerifierKey("log", PublicOf(seed))).value() == "a\n\nb\n");
}

TEST_CASE("verifier key strings: parse and reject manglings") {
  CHECK(tlog::IsValidKeyName("example.org/log"));
  CHECK(tlog::IsValidKeyName("例え.jp/log"));
  CHECK_FALSE(tlog::IsValidKeyName("a b"));
  CHECK_FALSE(
      tlog::IsValidKeyName("a\xE3\x80\x80"
                           "b"));  // U+3000 ideographic space
  CHECK_FALSE(tlog::IsValidKeyName("a+b"));
  CHECK_FALSE(tlog::IsValidKeyName(""));

  const std::string good = kGoVerifierKey;
  CHECK(tlog::ParseVerifierKey(good));
  CHECK_FALSE(tlog::ParseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  CHECK_FALSE(tlog::ParseVerifierKey("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  CHECK_FALSE(tlog::ParseVerifierKey("PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  CHECK_FALSE(tlog::ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10"));
  CHECK_FALSE(tlog::ParseVerifierKey("PeterNeumann+c74f20a3"));
  CHECK_FALSE(tlog::ParseVerifierKey("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  CHECK_FALSE(tlog::ParseVerifierKey(good + "="));
  CHECK_FALSE(tlog::ParseVerifierKey(good.substr(0, good.size() - 1)));
  // Any single-byte change breaks it.
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = bad[i] == 'x' ? 'y' : 'x';
    INFO(bad);
    CHECK_FALSE(tlog::ParseVerifierKey(bad));
  }
  // A base64 body holding '+' still parses (only the first two '+' split).
  const std::string seed = Seed(42);
  const auto pk = PublicOf(seed);
  const std::string vk = tlog::FormatVerifierKey("example.org/log", pk);
  auto parsed = tlog::ParseVerifierKey(vk);
  REQUIRE(parsed);
  CHECK(parsed->public_key == pk);
  CHECK_FALSE(tlog::ParseSignerKey(vk));
  CHECK_FALSE(tlog::ParseSignerKey("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"));
}
