// Problem details (RFC 9457) and the one table that maps core ErrorCodes to
// HTTP statuses. Internal errors never leak their message to the client.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mark::http {

int StatusFor(ErrorCode code);
// The reason phrase (RFC 9110 section 15) of the statuses markd answers
// with; also a problem's title.
const char* StatusText(int status);
// Writes `error` as application/problem+json with the mapped status.
void SendProblem(httplib::Response& res, const Error& error);
// A problem with an explicit status, e.g. 411 from the request guards.
void SendProblem(httplib::Response& res, int status, const std::string& detail,
                 const std::vector<FieldError>& fields = {});
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

}  // namespace mark::http
