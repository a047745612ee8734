// RFC 6962 Merkle tree: known answers, a direct transcription of the RFC's
// recursive definitions as the reference, every proof for n <= 20, tampering.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "tlog/merkle.h"

using mark::tlog::Hash;
namespace tlog = mark::tlog;

namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}
Hash H(std::string_view hex) { return *tlog::HashFromBytes(Unhex(hex)); }

// ---- the RFC 6962 2.1 definitions, word for word, over leaf hashes ----
uint64_t K(uint64_t n) {  // largest power of two smaller than n
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
using Leaves = std::vector<Hash>;
Leaves Slice(const Leaves& d, uint64_t a, uint64_t b) { return Leaves(d.begin() + a, d.begin() + b); }

Hash RefMth(const Leaves& d) {
  if (d.empty()) return tlog::EmptyRoot();
  if (d.size() == 1) return d[0];
  const uint64_t k = K(d.size());
  return tlog::NodeHash(RefMth(Slice(d, 0, k)), RefMth(Slice(d, k, d.size())));
}
Leaves RefPath(uint64_t m, const Leaves& d) {
  if (d.size() <= 1) return {};
  const uint64_t k = K(d.size());
  Leaves out;
  if (m < k) {
    out = RefPath(m, Slice(d, 0, k));
    out.push_back(RefMth(Slice(d, k, d.size())));
  } else {
    out = RefPath(m - k, Slice(d, k, d.size()));
    out.push_back(RefMth(Slice(d, 0, k)));
  }
  return out;
}
Leaves RefSubproof(uint64_t m, const Leaves& d, bool b) {
  const uint64_t n = d.size();
  if (m == n) return b ? Leaves{} : Leaves{RefMth(d)};
  const uint64_t k = K(n);
  Leaves out;
  if (m <= k) {
    out = RefSubproof(m, Slice(d, 0, k), b);
    out.push_back(RefMth(Slice(d, k, n)));
  } else {
    out = RefSubproof(m - k, Slice(d, k, n), false);
    out.push_back(RefMth(Slice(d, 0, k)));
  }
  return out;
}

Leaves MakeLeaves(uint64_t n) {
  Leaves d;
  for (uint64_t i = 0; i < n; ++i) d.push_back(tlog::LeafHash("leaf " + std::to_string(i)));
  return d;
}

Hash Flip(Hash h) {
  h[7] ^= 0x20;
  return h;
}

}  // namespace

TEST_CASE("RFC 6962 test vectors of certificate-transparency with 8 leaves") {
  const char* kInputs[] = {
      "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
  const char* kRoots[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  CHECK(tlog::HashToHex(tlog::EmptyRoot()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  tlog::MerkleTree tree;
  for (int i = 0; i < 8; ++i) {
    tree.AppendLeafInput(Unhex(kInputs[i]));
    CHECK(tlog::HashToHex(tree.Root()) == kRoots[i]);
  }
  SECTION("inclusion of leaf 5 in 8") {
    const std::vector<Hash> want = {H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                                    H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                                    H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    auto proof = tree.InclusionProof(5, 8);
    REQUIRE(proof);
    CHECK(*proof == want);
    CHECK(tlog::VerifyInclusion(tree.LeafHashAt(5), 5, 8, want, H(kRoots[7])));
    CHECK_FALSE(tlog::VerifyInclusion(tree.LeafHashAt(5), 4, 8, want, H(kRoots[7])));
  }
  SECTION("consistency 6 -> 8 and 2 -> 5") {
    const std::vector<Hash> want = {H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                                    H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                                    H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    auto proof = tree.ConsistencyProof(6, 8);
    REQUIRE(proof);
    CHECK(*proof == want);
    CHECK(tlog::VerifyConsistency(6, 8, H(kRoots[5]), H(kRoots[7]), want));
    CHECK_FALSE(tlog::VerifyConsistency(6, 8, H(kRoots[4]), H(kRoots[7]), want));
    const std::vector<Hash> want25 = {H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                                      H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")};
    auto p25 = tree.ConsistencyProof(2, 5);
    REQUIRE(p25);
    CHECK(*p25 == want25);
    CHECK(tlog::VerifyConsistency(2, 5, H(kRoots[1]), H(kRoots[4]), want25));
  }
}

TEST_CASE("roots and every proof match the RFC definitions for n = 0..20") {
  const Leaves all = MakeLeaves(21);
  tlog::MerkleTree tree;
  for (uint64_t n = 0; n <= 20; ++n) {
    if (n > 0) tree.Append(all[n - 1]);
    const Leaves d = Slice(all, 0, n);
    const Hash root = RefMth(d);
    // A proof does not bind the size on its own (the signed checkpoint binds
    // size to root), so the tamper checks pair a wrong size with its real root.
    const Hash next_root = RefMth(Slice(all, 0, n + 1));
    INFO("n = " << n);
    CHECK(tree.Root() == root);
    CHECK(tlog::RootHash(d) == root);
    for (uint64_t m = 0; m < n; ++m) {
      INFO("inclusion m = " << m);
      auto proof = tree.InclusionProof(m, n);
      REQUIRE(proof);
      CHECK(*proof == RefPath(m, d));
      CHECK(tlog::VerifyInclusion(d[m], m, n, *proof, root));
      // Tampering: another leaf, another index, a flipped node, a short or a
      // long path, a wrong root or size: each must fail.
      CHECK_FALSE(tlog::VerifyInclusion(tlog::LeafHash("other"), m, n, *proof, root));
      CHECK_FALSE(tlog::VerifyInclusion(d[m], m, n, *proof, Flip(root)));
      CHECK_FALSE(tlog::VerifyInclusion(d[m], m, n + 1, *proof, next_root));
      if (n > 1) CHECK_FALSE(tlog::VerifyInclusion(d[m], (m + 1) % n, n, *proof, root));
      for (size_t i = 0; i < proof->size(); ++i) {
        auto bad = *proof;
        bad[i] = Flip(bad[i]);
        CHECK_FALSE(tlog::VerifyInclusion(d[m], m, n, bad, root));
      }
      if (!proof->empty()) {
        auto shorter = *proof;
        shorter.pop_back();
        CHECK_FALSE(tlog::VerifyInclusion(d[m], m, n, shorter, root));
      }
      auto longer = *proof;
      longer.push_back(root);
      CHECK_FALSE(tlog::VerifyInclusion(d[m], m, n, longer, root));
    }
    CHECK_FALSE(tlog::VerifyInclusion(tlog::EmptyRoot(), n, n, {}, root));
    for (uint64_t m = 0; m <= n; ++m) {
      INFO("consistency m = " << m);
      auto proof = tree.ConsistencyProof(m, n);
      REQUIRE(proof);
      const Leaves want = (m == 0 || m == n) ? Leaves{} : RefSubproof(m, d, true);
      CHECK(*proof == want);
      const Hash old_root = RefMth(Slice(all, 0, m));
      CHECK(tlog::VerifyConsistency(m, n, old_root, root, *proof));
      CHECK(tlog::ConsistencyProof(all, m, n).value() == want);
      if (m == 0) continue;  // every tree extends the empty one
      CHECK_FALSE(tlog::VerifyConsistency(m, n, Flip(old_root), root, *proof));
      CHECK_FALSE(tlog::VerifyConsistency(m, n, old_root, Flip(root), *proof));
      for (size_t i = 0; i < proof->size(); ++i) {
        auto bad = *proof;
        bad[i] = Flip(bad[i]);
        CHECK_FALSE(tlog::VerifyConsistency(m, n, old_root, root, bad));
      }
      if (!proof->empty()) {
        auto shorter = *proof;
        shorter.pop_back();
        CHECK_FALSE(tlog::VerifyConsistency(m, n, old_root, root, shorter));
      }
      auto longer = *proof;
      longer.push_back(root);
      CHECK_FALSE(tlog::VerifyConsistency(m, n, old_root, root, longer));
      if (m < n) {
        // A rewritten history: the old tree with its last leaf replaced.
        Leaves forked = Slice(all, 0, m);
        forked.back() = tlog::LeafHash("rewritten");
        CHECK_FALSE(tlog::VerifyConsistency(m, n, RefMth(forked), root, *proof));
        CHECK_FALSE(tlog::VerifyConsistency(m, n + 1, old_root, next_root, *proof));
      }
    }
  }
}

TEST_CASE("RootAt and proofs for older sizes come from the same tree") {
  const Leaves all = MakeLeaves(37);
  tlog::MerkleTree tree(all);
  for (uint64_t n = 0; n <= 37; ++n) {
    CHECK(tree.RootAt(n).value() == RefMth(Slice(all, 0, n)));
  }
  CHECK_FALSE(tree.RootAt(38));
  CHECK_FALSE(tree.InclusionProof(5, 38));
  CHECK_FALSE(tree.InclusionProof(5, 5));
  CHECK_FALSE(tree.ConsistencyProof(6, 5));
  CHECK_FALSE(tree.ConsistencyProof(6, 38));
  CHECK_FALSE(tlog::InclusionProof(all, 3, 38));
  auto p = tlog::InclusionProof(all, 3, 21);
  REQUIRE(p);
  CHECK(*p == RefPath(3, Slice(all, 0, 21)));
  CHECK_FALSE(tlog::VerifyConsistency(5, 4, tree.Root(), tree.Root(), {}));
  CHECK_FALSE(tlog::VerifyConsistency(3, 3, tree.RootAt(3).value(), tree.RootAt(4).value(), {}));
  CHECK(tlog::VerifyConsistency(0, 3, tree.RootAt(0).value(), tree.RootAt(3).value(), {}));
  CHECK_FALSE(
      tlog::VerifyConsistency(0, 3, tree.RootAt(0).value(), tree.RootAt(3).value(), std::vector<Hash>{tree.Root()}));
}

TEST_CASE("100000 leaves: roots and proofs come from the cache and not from rehashing") {
  using Clock = std::chrono::steady_clock;
  tlog::MerkleTree tree;
  for (uint64_t i = 0; i < 100000; ++i) tree.AppendLeafInput("event " + std::to_string(i));
  const Hash root = tree.Root();

  // Timing relative to one O(n) pass, so the check holds in Debug, under
  // sanitizers and on a loaded machine alike.
  auto t0 = Clock::now();
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < tree.Size(); ++i) leaves.push_back(tree.LeafHashAt(i));
  CHECK(tlog::RootHash(leaves) == root);
  const auto one_pass = Clock::now() - t0;

  t0 = Clock::now();
  for (uint64_t i = 0; i < 100; ++i) {
    const uint64_t index = i * 997;
    auto proof = tree.InclusionProof(index, 100000);
    REQUIRE(proof);
    REQUIRE(tlog::VerifyInclusion(tree.LeafHashAt(index), index, 100000, *proof, root));
    auto cons = tree.ConsistencyProof(index + 1, 100000);
    REQUIRE(cons);
    REQUIRE(tlog::VerifyConsistency(index + 1, 100000, tree.RootAt(index + 1).value(), root, *cons));
  }
  const auto hundred_each = Clock::now() - t0;
  // 100 of each (with verification) cost far less than rehashing the tree once
  // (each is O(log^2 n) hashes).
  INFO("one pass " << std::chrono::duration<double>(one_pass).count() << " s, proofs "
                   << std::chrono::duration<double>(hundred_each).count() << " s");
  CHECK(hundred_each * 3 < one_pass);
}
