// The JSON shapes of the public log API, shared by the HTTP layer
// that serves them and markctl that reads them, so both agree by construction:
//   GET /api/v1/log/entries?start=&end=        {"entries":[{"index","leaf_input","entry"}]}
//   GET /api/v1/log/proof/inclusion?index=&tree_size=  {"index","tree_size","audit_path":[b64]}
//   GET /api/v1/log/proof/consistency?first=&second=   {"first","second","consistency":[b64]}
// Hashes are standard base64 with padding, as in the checkpoint.
// The parsers take untrusted text and never throw.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"
#include "tlog/merkle.h"

namespace mark::tlog {

struct InclusionProofMessage {
  uint64_t index = 0;
  uint64_t tree_size = 0;
  std::vector<Hash> audit_path;
};
struct ConsistencyProofMessage {
  uint64_t first = 0;
  uint64_t second = 0;
  std::vector<Hash> consistency;
};
struct LogEntry {
  uint64_t index = 0;
  std::string leaf_input;  // raw bytes
};

nlohmann::json ToJson(const InclusionProofMessage& m);
nlohmann::json ToJson(const ConsistencyProofMessage& m);
// One element of "entries": index, base64 leaf_input, and `entry` parsed
// back from the leaf input (Invalid if the stored bytes are not JSON).
Result<nlohmann::json> EntryToJson(const LogEntry& e);

Result<InclusionProofMessage> ParseInclusionProof(std::string_view text);
Result<ConsistencyProofMessage> ParseConsistencyProof(std::string_view text);
// The "entries" array of a page; checks each entry's `entry` equals the JSON
// its leaf_input holds (a server showing one event but hashing another is
// caught here).
Result<std::vector<LogEntry>> ParseEntries(std::string_view text);

}  // namespace mark::tlog
