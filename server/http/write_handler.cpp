#include "http/write_handler.h"

#include "http/auth.h"
#include "http/problem.h"
#include "http/request_io.h"

namespace mark::http {

httplib::Server::Handler WriteHandler(ServerContext& ctx, std::vector<registry::Role> roles, WriteFn fn,
                                      LocationFn location) {
  return [&ctx, roles = std::move(roles), fn = std::move(fn), location = std::move(location)](
             const httplib::Request& req, httplib::Response& res) {
    auto who = Authorize(ctx, req, res, roles);
    if (!who) return;
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto w = MakeWriteRequest(req, *who);
    if (!w) return SendProblem(res, w.error());
    auto result = fn(req, *body, *w);
    if (!result) return SendProblem(res, result.error());
    SendWriteResult(res, *result, location ? location(req, result->body) : std::string());
  };
}

}  // namespace mark::http
