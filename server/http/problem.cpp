#include "http/problem.h"

#include <iostream>

#include "common/json_text.h"

namespace mark::http {

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid: return 400;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kUnsupported: return 415;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kOutcomeUnknown: return 503;
    case ErrorCode::kClockBehind: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

const char* StatusText(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Internal Server Error";
  }
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(JsonText(body), "application/json; charset=utf-8");
}

namespace {

nlohmann::json ProblemBody(int status, const std::string& detail, const std::vector<FieldError>& fields) {
  nlohmann::json body = {
      {"type", "about:blank"}, {"title", StatusText(status)}, {"status", status}, {"detail", detail}};
  if (!fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& f : fields) errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = std::move(errors);
  }
  return body;
}

void SendProblemBody(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(JsonText(body), "application/problem+json; charset=utf-8");
}

}  // namespace

void SendProblem(httplib::Response& res, int status, const std::string& detail, const std::vector<FieldError>& fields) {
  SendProblemBody(res, status, ProblemBody(status, detail, fields));
}

void SendProblem(httplib::Response& res, const Error& error) {
  int status = StatusFor(error.code);
  if (error.code == ErrorCode::kClockBehind) {
    // No fault of the request and no secret: the detail says how far the
    // clock is behind and what puts it right (registry/clock_watch.h).
    // markd's log says it once, when it starts, not per request.
    nlohmann::json body = ProblemBody(status, error.message, {});
    body["reason"] = "clock_behind";
    return SendProblemBody(res, status, body);
  }
  if (status >= 500) {
    // Details of our own faults go to the log, never to the client.
    std::cerr << "error: " << error.message << "\n";
    if (error.code == ErrorCode::kOutcomeUnknown) {
      // Not "nothing was changed": the change may be stored (database.h).
      SendProblem(res, status,
                  "the outcome of this change is unknown: the registry could not confirm that it was stored; "
                  "retry with the same Idempotency-Key to get its result (it is never made twice)");
      return;
    }
    SendProblem(res, status,
                status == 503 ? "the registry cannot be changed right now; nothing was changed, try again later"
                              : "an internal error occurred; nothing was changed");
    return;
  }
  SendProblem(res, status, error.message, error.fields);
}

}  // namespace mark::http
