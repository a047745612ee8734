#include "tlog/wire.h"

#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace mark::tlog {

namespace {

using nlohmann::json;

json HashesToJson(const std::vector<Hash>& hashes) {
  json arr = json::array();
  for (const Hash& h : hashes) arr.push_back(HashToBase64(h));
  return arr;
}

Result<uint64_t> GetUint(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || !it->is_number_unsigned())
    return Error::Invalid(field, "missing or not a non-negative integer");
  return it->get<uint64_t>();
}

Result<std::vector<Hash>> GetHashes(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || !it->is_array()) return Error::Invalid(field, "missing or not an array");
  std::vector<Hash> out;
  for (const json& v : *it) {
    if (!v.is_string()) return Error::Invalid(field, "holds a non-string");
    auto bytes = Base64Decode(v.get_ref<const std::string&>());
    if (!bytes) return Error::Invalid(field, "holds a non-base64 hash");
    auto h = HashFromBytes(*bytes);
    if (!h) return Error::Invalid(field, "holds a hash that is not 32 bytes");
    out.push_back(*h);
  }
  return out;
}

Result<json> ParseObject(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::Invalid("body", "not a JSON object");
  return j;
}

}  // namespace

json ToJson(const InclusionProofMessage& m) {
  return json{{"index", m.index}, {"tree_size", m.tree_size}, {"audit_path", HashesToJson(m.audit_path)}};
}

json ToJson(const ConsistencyProofMessage& m) {
  return json{{"first", m.first}, {"second", m.second}, {"consistency", HashesToJson(m.consistency)}};
}

Result<json> EntryToJson(const LogEntry& e) {
  json entry = json::parse(e.leaf_input, nullptr, false);
  if (entry.is_discarded()) return Error::Invalid("leaf_input", "not JSON");
  return json{{"index", e.index}, {"leaf_input", Base64Encode(e.leaf_input)}, {"entry", std::move(entry)}};
}

Result<InclusionProofMessage> ParseInclusionProof(std::string_view text) {
  auto j = ParseObject(text);
  if (!j) return std::move(j).error();
  InclusionProofMessage m;
  auto index = GetUint(*j, "index");
  if (!index) return std::move(index).error();
  auto size = GetUint(*j, "tree_size");
  if (!size) return std::move(size).error();
  auto path = GetHashes(*j, "audit_path");
  if (!path) return std::move(path).error();
  return InclusionProofMessage{*index, *size, std::move(*path)};
}

Result<ConsistencyProofMessage> ParseConsistencyProof(std::string_view text) {
  auto j = ParseObject(text);
  if (!j) return std::move(j).error();
  auto first = GetUint(*j, "first");
  if (!first) return std::move(first).error();
  auto second = GetUint(*j, "second");
  if (!second) return std::move(second).error();
  auto path = GetHashes(*j, "consistency");
  if (!path) return std::move(path).error();
  return ConsistencyProofMessage{*first, *second, std::move(*path)};
}

Result<std::vector<LogEntry>> ParseEntries(std::string_view text) {
  auto j = ParseObject(text);
  if (!j) return std::move(j).error();
  auto it = j->find("entries");
  if (it == j->end() || !it->is_array()) return Error::Invalid("entries", "missing or not an array");
  std::vector<LogEntry> out;
  for (const json& e : *it) {
    if (!e.is_object()) return Error::Invalid("entries", "holds a non-object");
    auto index = GetUint(e, "index");
    if (!index) return std::move(index).error();
    auto li = e.find("leaf_input");
    if (li == e.end() || !li->is_string()) return Error::Invalid("leaf_input", "missing or not a string");
    auto bytes = Base64Decode(li->get_ref<const std::string&>());
    if (!bytes) return Error::Invalid("leaf_input", "not base64");
    if (auto shown = e.find("entry"); shown != e.end()) {
      json hashed = json::parse(*bytes, nullptr, false);
      if (hashed.is_discarded() || hashed != *shown)
        return Error::Invalid("entry", "differs from the event in leaf_input at index " + std::to_string(*index));
    }
    out.push_back(LogEntry{*index, std::move(*bytes)});
  }
  return out;
}

}  // namespace mark::tlog
