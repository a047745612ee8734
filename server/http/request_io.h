// Reading requests and writing answers the same way on every route.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.h"
#include "registry/registry.h"
#include "registry/tokens.h"

namespace mark::http {

// The body as JSON: 415 unless Content-Type is application/json, 400 on
// malformed JSON or invalid UTF-8. An empty body reads as {}.
Result<nlohmann::json> ReadJsonBody(const httplib::Request& req);
// Query parameters as a multimap (repeated keys kept so they can be refused).
std::multimap<std::string, std::string> QueryParams(const httplib::Request& req);
// One non-negative decimal query parameter (no leading zeros, at most 18
// digits); nullopt when absent and not `required`. An Error names it.
Result<std::optional<uint64_t>> UintParam(const std::multimap<std::string, std::string>& params,
                                          const std::string& name, bool required);
// A whole number in [lo, hi] from a parameter's text: the one reading of a
// bounded number in a query, with one wording ("must be a whole number from
// LO to HI") naming the parameter.
Result<long long> RangeParam(const std::string& name, std::string_view text, long long lo, long long hi);
// Refuses parameters the endpoint does not know (a typo should not be
// answered as if it were absent); the Error names the first.
Status OnlyParams(const std::multimap<std::string, std::string>& params, std::initializer_list<const char*> known);
// The WriteRequest for a mutation by `who`: Idempotency-Key validated (an
// Error for a malformed key) and a fingerprint of method, path and body.
Result<registry::WriteRequest> MakeWriteRequest(const httplib::Request& req, const registry::Principal& who);
// Answers a mutation: 201 for a new resource (with Location), 200 otherwise;
// a replayed answer carries Idempotent-Replayed: true.
void SendWriteResult(httplib::Response& res, const registry::WriteResult& result, const std::string& location = "");

}  // namespace mark::http
