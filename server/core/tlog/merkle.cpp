#include "tlog/merkle.h"

#include <bit>
#include <cstring>

#include "common/base64.h"
#include "common/hex.h"
#include "crypto/sha256.h"

namespace mark::tlog {

namespace {

// Largest power of two strictly below n (n >= 2): RFC 6962's split point k.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Hash Sha256Parts(std::initializer_list<std::string_view> parts) {
  crypto::Sha256Hasher hasher;
  for (std::string_view p : parts) hasher.Update(p);
  return hasher.Final();
}

Status Fail(const char* field, std::string why) { return Error::Invalid(field, std::move(why)); }

}  // namespace

Hash EmptyRoot() { return Sha256Parts({}); }

Hash LeafHash(std::string_view leaf_input) {
  static const char kLeafPrefix = 0x00;
  return Sha256Parts({std::string_view(&kLeafPrefix, 1), leaf_input});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  static const char kNodePrefix = 0x01;
  return Sha256Parts({std::string_view(&kNodePrefix, 1), HashBytes(left), HashBytes(right)});
}

std::string_view HashBytes(const Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

std::string HashToHex(const Hash& h) { return Hex(h); }

std::string HashToBase64(const Hash& h) { return Base64Encode(HashBytes(h)); }

std::optional<Hash> HashFromBytes(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

// ---- MerkleTree ------------------------------------------------------------

MerkleTree::MerkleTree(std::span<const Hash> leaf_hashes) {
  if (!leaf_hashes.empty()) levels_.emplace_back().reserve(leaf_hashes.size());
  for (const Hash& h : leaf_hashes) Append(h);
}

void MerkleTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Each level that now has an even count has just completed a pair: carry
  // it up, like incrementing a binary counter.
  for (size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (k + 1 == levels_.size()) levels_.emplace_back();
    const auto& level = levels_[k];
    Hash parent = NodeHash(level[level.size() - 2], level[level.size() - 1]);
    levels_[k + 1].push_back(parent);
  }
}

Hash MerkleTree::SubtreeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (std::has_single_bit(n) && begin % n == 0) {
    const int k = std::countr_zero(n);
    return levels_[k][begin >> k];
  }
  const uint64_t k = SplitPoint(n);
  return NodeHash(SubtreeHash(begin, begin + k), SubtreeHash(begin + k, end));
}

Result<Hash> MerkleTree::RootAt(uint64_t tree_size) const {
  if (tree_size > Size()) return Error::Invalid("tree_size", "beyond the log's size " + std::to_string(Size()));
  return SubtreeHash(0, tree_size);
}

Hash MerkleTree::Root() const { return SubtreeHash(0, Size()); }

void MerkleTree::Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>& out) const {
  const uint64_t n = end - begin;
  if (n <= 1) return;
  const uint64_t k = SplitPoint(n);
  if (index < begin + k) {
    Path(index, begin, begin + k, out);
    out.push_back(SubtreeHash(begin + k, end));
  } else {
    Path(index, begin + k, end, out);
    out.push_back(SubtreeHash(begin, begin + k));
  }
}

Result<std::vector<Hash>> MerkleTree::InclusionProof(uint64_t index, uint64_t tree_size) const {
  if (tree_size > Size()) return Error::Invalid("tree_size", "beyond the log's size " + std::to_string(Size()));
  if (index >= tree_size) return Error::Invalid("index", "not below tree_size");
  std::vector<Hash> out;
  Path(index, 0, tree_size, out);
  return out;
}

// SUBPROOF(m, D[begin:end], whole) with m an absolute leaf count.
void MerkleTree::SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, std::vector<Hash>& out) const {
  if (m == end) {
    if (!whole) out.push_back(SubtreeHash(begin, end));
    return;
  }
  const uint64_t k = SplitPoint(end - begin);
  if (m <= begin + k) {
    SubProof(m, begin, begin + k, whole, out);
    out.push_back(SubtreeHash(begin + k, end));
  } else {
    SubProof(m, begin + k, end, false, out);
    out.push_back(SubtreeHash(begin, begin + k));
  }
}

Result<std::vector<Hash>> MerkleTree::ConsistencyProof(uint64_t first, uint64_t second) const {
  if (second > Size()) return Error::Invalid("second", "beyond the log's size " + std::to_string(Size()));
  if (first > second) return Error::Invalid("first", "greater than second");
  std::vector<Hash> out;
  if (first == 0 || first == second) return out;
  SubProof(first, 0, second, true, out);
  return out;
}

// ---- free functions ----------------------------------------------------------

Hash RootHash(std::span<const Hash> leaf_hashes) { return MerkleTree(leaf_hashes).Root(); }

Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, uint64_t index, uint64_t tree_size) {
  if (tree_size > leaf_hashes.size()) return Error::Invalid("tree_size", "more than the leaves given");
  return MerkleTree(leaf_hashes.first(tree_size)).InclusionProof(index, tree_size);
}

Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t first, uint64_t second) {
  if (second > leaf_hashes.size()) return Error::Invalid("second", "more than the leaves given");
  return MerkleTree(leaf_hashes.first(second)).ConsistencyProof(first, second);
}

// ---- verifiers (RFC 9162) ------------------------------------------------------

Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size, std::span<const Hash> proof,
                       const Hash& root) {
  if (index >= tree_size) return Fail("index", "not below tree_size");
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Fail("audit_path", "longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail("audit_path", "shorter than the tree is deep");
  if (sodium_memcmp(r.data(), root.data(), r.size()) != 0)
    return Fail("root", "the audit path does not lead to this root");
  return {};
}

Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                         std::span<const Hash> proof) {
  if (first > second) return Fail("first", "greater than second");
  if (first == second) {
    if (!proof.empty()) return Fail("consistency", "must be empty for equal sizes");
    if (first_root != second_root) return Fail("root", "different roots for the same size");
    return {};
  }
  if (first == 0) {
    if (!proof.empty()) return Fail("consistency", "must be empty from the empty tree");
    return {};
  }
  if (proof.empty()) return Fail("consistency", "empty");
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  // A first tree of 2^k leaves is a complete subtree of the second one: its
  // root is the proof's implicit first node.
  if (std::has_single_bit(first)) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());

  uint64_t fn = first - 1;
  uint64_t sn = second - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Fail("consistency", "longer than needed");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail("consistency", "shorter than needed");
  if (fr != first_root) return Fail("first_root", "the proof does not lead to the old root");
  if (sr != second_root) return Fail("second_root", "the proof does not lead to the new root");
  return {};
}

}  // namespace mark::tlog
