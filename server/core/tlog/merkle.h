// The transparency log's Merkle tree, hashed exactly as RFC 6962 section 2.1
// says (SHA-256; leaf hash H(0x00 || leaf_input), node hash
// H(0x01 || left || right), the split at the largest power of two below n),
// with inclusion and consistency proofs (RFC 6962 2.1.1 PATH and 2.1.2
// PROOF/SUBPROOF) and their verifiers (RFC 9162 2.1.3.2 and 2.1.4.2), so any
// independent RFC implementation can check what the registry publishes.
//
// Two ways in:
//  - MerkleTree: leaf hashes in memory plus cached complete-subtree hashes;
//    Append is amortised O(1), a root or a proof for any size <= Size() is
//    O(log^2 n). Use it in the server (load the leaves once, append as events
//    are logged). Not thread-safe: guard it with the store's lock.
//  - free functions over a span of leaf hashes: O(n) each, for one-off
//    checks (markctl, tests).
// The verifiers need no tree at all.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mark::tlog {

using Hash = std::array<unsigned char, 32>;

// SHA-256 of the empty string: the root of the empty tree (RFC 6962 2.1).
Hash EmptyRoot();
// H(0x00 || leaf_input).
Hash LeafHash(std::string_view leaf_input);
// H(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);

// Hash <-> bytes / text helpers (base64 is the wire form in checkpoints and
// proofs; hex is for messages).
std::string_view HashBytes(const Hash& h);
std::string HashToHex(const Hash& h);
// Standard base64 with padding, as checkpoints, proofs and state records write a hash.
std::string HashToBase64(const Hash& h);
// nullopt unless exactly 32 bytes.
std::optional<Hash> HashFromBytes(std::string_view bytes);

class MerkleTree {
 public:
  MerkleTree() = default;
  explicit MerkleTree(std::span<const Hash> leaf_hashes);

  void Append(const Hash& leaf_hash);
  void AppendLeafInput(std::string_view leaf_input) { Append(LeafHash(leaf_input)); }
  uint64_t Size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  const Hash& LeafHashAt(uint64_t index) const { return levels_[0][index]; }

  // MTH of the first tree_size leaves. Invalid when tree_size > Size().
  Result<Hash> RootAt(uint64_t tree_size) const;
  Hash Root() const;  // MTH of all leaves
  // RFC 6962 2.1.1 PATH(index, D[0:tree_size]), leaf-side first.
  // Invalid unless index < tree_size <= Size().
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size) const;
  // RFC 6962 2.1.2 PROOF(first, D[0:second]). Empty when first == second or
  // first == 0 (nothing to prove). Invalid unless first <= second <= Size().
  Result<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second) const;

 private:
  // MTH(D[begin:end]); ranges the RFC recursion produces are aligned, so
  // complete ones come straight from the cache.
  Hash SubtreeHash(uint64_t begin, uint64_t end) const;
  void Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>& out) const;
  void SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, std::vector<Hash>& out) const;

  // levels_[k][i] = hash of the complete subtree over leaves
  // [i * 2^k, (i + 1) * 2^k); levels_[0] are the leaf hashes.
  std::vector<std::vector<Hash>> levels_;
};

// O(n) conveniences over leaf hashes (build a MerkleTree and ask it).
Hash RootHash(std::span<const Hash> leaf_hashes);
Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, uint64_t index, uint64_t tree_size);
Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t first, uint64_t second);

// RFC 9162 2.1.3.2. Ok when `proof` shows the leaf at `index` is in the tree
// of `tree_size` leaves with root `root`; an Invalid error saying why not.
Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size, std::span<const Hash> proof,
                       const Hash& root);
// RFC 9162 2.1.4.2. Ok when the tree of `first` leaves with root `first_root`
// is a prefix of the tree of `second` leaves with root `second_root`.
// first == second needs an empty proof and equal roots; first == 0 needs an
// empty proof (every tree extends the empty one).
Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                         std::span<const Hash> proof);

}  // namespace mark::tlog
