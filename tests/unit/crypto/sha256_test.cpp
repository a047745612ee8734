// SHA-256 against FIPS 180-4's examples, whole and in pieces.
#include "crypto/sha256.h"

#include <catch2/catch.hpp>

#include "common/hex.h"

using namespace mark;

TEST_CASE("SHA-256 of FIPS 180-4's examples", "[sha256]") {
  CHECK(crypto::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Hex(crypto::Sha256("abc")) == crypto::Sha256Hex("abc"));
}

TEST_CASE("SHA-256 in pieces equals SHA-256 of the whole", "[sha256]") {
  const std::string whole = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const unsigned char tail[] = {'n', 'o', 'p', 'q'};
  crypto::Sha256Hasher hasher;
  hasher.Update(std::string_view(whole).substr(0, whole.size() - 4)).Update(tail);
  CHECK(Hex(hasher.Final()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(crypto::Sha256Hex(whole) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
