#include "http/server.h"

#include <httplib.h>

#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "http/access_log.h"
#include "http/framed_server.h"
#include "http/page_errors.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/routes.h"

namespace mark::http {

namespace {

thread_local std::chrono::steady_clock::time_point t_request_start;

void SecurityHeaders(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                 "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
}

FramedServer::Options FramingOptions(const ServerOptions& o) {
  FramedServer::Options f;
  f.threads = o.threads;
  f.keep_alive_max = o.keep_alive_max;
  f.write_timeout = std::chrono::seconds(o.write_timeout_s);
  f.access_log = o.access_log;
  f.reader.limits = {o.max_line_bytes, o.max_head_bytes, o.max_header_fields, o.max_body_bytes};
  f.reader.head_timeout = std::chrono::seconds(o.read_timeout_s);
  f.reader.idle_timeout = std::chrono::seconds(o.keep_alive_timeout_s);
  f.reader.write_timeout = std::chrono::seconds(o.write_timeout_s);
  return f;
}

// The request guards, before any route runs: security headers on every
// answer, no ranges, the client's address behind a trusted proxy, no
// compressed bodies (415), unknown methods refused (404/405). Framing
// (lengths, Transfer-Encoding, head sizes) was settled before the request
// got here (request_head.h); the body, if any, is in memory.
httplib::Server::HandlerResponse GuardRequest(const Router& router, const TrustedProxies& proxies,
                                              const httplib::Request& req, httplib::Response& res) {
  t_request_start = std::chrono::steady_clock::now();
  SecurityHeaders(res);
  // Range requests are not served: every answer is whole. The Request is
  // a local of cpp-httplib's, so clearing its parsed ranges is safe.
  const_cast<httplib::Request&>(req).ranges.clear();
  // Every per-address decision after this point sees the client behind a
  // trusted proxy (client_address.h), not the proxy.
  if (!proxies.Empty()) {
    const size_t n = req.get_header_value_count("X-Forwarded-For");
    std::vector<std::string> forwarded;
    forwarded.reserve(n);
    for (size_t i = 0; i < n; ++i) forwarded.push_back(req.get_header_value("X-Forwarded-For", i));
    const_cast<httplib::Request&>(req).remote_addr = proxies.ClientOf(req.remote_addr, forwarded);
  }
  if (req.has_header("Content-Encoding")) {
    SendProblem(res, 415, "request bodies must not be compressed (no Content-Encoding)");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" && req.method != "PATCH" &&
      req.method != "DELETE" && req.method != "OPTIONS") {
    std::string allowed = router.AllowedMethods(req.path);
    if (allowed.empty()) {
      SendProblem(res, 404, "no such resource");
    } else {
      res.set_header("Allow", allowed);
      SendProblem(res, 405, req.method + " is not allowed here");
    }
    return httplib::Server::HandlerResponse::Handled;
  }
  // A known path asked with a method it does not answer to gets 405 in
  // the error handler: matching every route here cost each request a
  // regex scan of the whole table (tests/bench/run: the hot path).
  return httplib::Server::HandlerResponse::Unhandled;
}

// A handler's exception: logged, and answered with a generic problem, never
// with its text (cpp-httplib would put it in an EXCEPTION_WHAT header).
void AnswerException(httplib::Response& res, std::exception_ptr ep) {
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: unhandled exception in a handler: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error: unhandled non-standard exception in a handler\n");
  }
  res.headers.erase("EXCEPTION_WHAT");
  SendProblem(res, 500, "an internal error occurred; nothing was changed");
}

// An error status without a body: a page on page paths, else problem+json;
// 404 becomes 405 when the path answers to another method.
void AnswerError(const Router& router, ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  // The public pages' errors are pages (page_errors.h), whoever wrote them.
  if (AnswersWithPage(req, res)) {
    if (res.status == 404 && res.body.empty() && req.method != "OPTIONS") {
      std::string allowed = router.AllowedMethods(req.path);
      if (!allowed.empty() && allowed.find(req.method == "HEAD" ? "GET" : req.method) == std::string::npos) {
        res.set_header("Allow", allowed);
        res.status = 405;
      }
    }
    return SendPageError(ctx, req, res, res.status);
  }
  if (!res.body.empty()) return;  // a handler already wrote a problem
  if (res.status == 404 && req.method != "OPTIONS") {
    // No handler for this method: 405 if the path answers to another.
    std::string allowed = router.AllowedMethods(req.path);
    if (!allowed.empty() && allowed.find(req.method == "HEAD" ? "GET" : req.method) == std::string::npos) {
      res.set_header("Allow", allowed);
      SendProblem(res, 405, req.method + " is not allowed here");
      return;
    }
  }
  if (res.status == 404) {
    SendProblem(res, 404, "no such resource");
  } else if (res.status == 413) {
    SendProblem(res, 413, "the request is too large");
  } else if (res.status == 400) {
    SendProblem(res, 400, "the request is malformed");
  } else if (res.status == 414) {
    SendProblem(res, 414, "the request URI is too long");
  } else if (res.status >= 400) {
    SendProblem(res, res.status, "the request could not be served");
  }
}

void LogAccess(const httplib::Request& req, const httplib::Response& res) {
  auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_request_start).count();
  // req.path excludes the query string; no headers (tokens) are logged.
  WriteAccessLine(req.method, req.path, res.status, static_cast<double>(us) / 1000.0);
}

// Every resource's routes, one Register*Routes per routes_*.cpp.
void RegisterResourceRoutes(Router& router, ServerContext& ctx) {
  RegisterMarkRoutes(router, ctx);
  RegisterAdminRoutes(router, ctx);
  RegisterCertificateRoutes(router, ctx);
  RegisterReviewRoutes(router, ctx);
  RegisterCalendarRoutes(router, ctx);
  RegisterConsoleRoutes(router, ctx);
  RegisterBadgeRoutes(router, ctx);
  RegisterPageRoutes(router, ctx);
  RegisterStaticRoutes(router, ctx);
  RegisterReportRoutes(router, ctx);
  RegisterLogRoutes(router, ctx);
  RegisterFeedRoutes(router, ctx);
  RegisterNotifyRoutes(router, ctx);
  RegisterRulesRoutes(router, ctx);
}

}  // namespace

HttpServer::HttpServer(ServerOptions options)
    : options_(options),
      server_(std::make_unique<FramedServer>(FramingOptions(options_),
                                             [](int status, const std::string& detail, httplib::Response& res) {
                                               SecurityHeaders(res);
                                               SendProblem(res, status, detail);
                                             })) {}

HttpServer::~HttpServer() = default;

void HttpServer::Install(ServerContext& ctx) {
  httplib::Server& svr = *server_;
  svr.set_tcp_nodelay(true);
  svr.set_read_timeout(options_.read_timeout_s, 0);
  svr.set_write_timeout(options_.write_timeout_s, 0);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  svr.set_keep_alive_max_count(options_.keep_alive_max);
  svr.set_payload_max_length(options_.max_body_bytes);

  auto router = std::make_shared<Router>(svr);

  const TrustedProxies proxies = options_.trusted_proxies;
  svr.set_pre_routing_handler([router, proxies](const httplib::Request& req, httplib::Response& res) {
    return GuardRequest(*router, proxies, req, res);
  });

  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) { AnswerException(res, ep); });

  svr.set_error_handler(
      [router, &ctx](const httplib::Request& req, httplib::Response& res) { AnswerError(*router, ctx, req, res); });

  if (options_.access_log) svr.set_logger(LogAccess);

  router->Get("/healthz", [this, &ctx](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    nlohmann::json body = {{"status", "ok"}};
    // Still serving, so 200: degraded says what it cannot do and why.
    if (const registry::ClockStanding clock = ctx.registry.clock_watch().Check(); clock.behind) {
      body = {{"status", "degraded"},
              {"reason", registry::kClockBehindReason},
              {"detail", registry::ClockBehindNotice(clock, "PATH")},
              {"clock", FormatInstant(clock.now)},
              {"last_change_at", FormatInstant(*clock.last_change)},
              {"behind_by_seconds", clock.behind_by.count()},
              {"remedy", "markctl clock accept-earlier --db PATH [--state DIR]"}};
    }
    // Marks shown as "not confirmed" (registry/certified_facts.h): their
    // stored facts differ from their certificates. Numbers only.
    if (auto numbers = ctx.registry.findings().Numbers(); !numbers.empty()) body["not_confirmed"] = numbers;
#ifdef MARK_TEST_HOOKS
    // What the framing tests assert on: the largest head buffered stays
    // within the cap, and nothing is read after a refused head.
    const auto stats = server_->framing_stats();
    body["framing"] = {{"largest_head_bytes", stats.largest_head},
                       {"read_after_refusal_bytes", stats.read_after_refusal},
                       {"refused_heads", stats.refused}};
#endif
    SendJson(res, 200, body);
  });
  RegisterResourceRoutes(*router, ctx);
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
  // Socket options are applied when the listening socket is made, and
  // accepted sockets inherit them: without TCP_NODELAY here every response
  // written in two parts waits out the client's delayed ACK (~40 ms).
  server_->set_tcp_nodelay(true);
  // cpp-httplib 0.11.4 listens with a backlog of 5: a burst of new
  // connections (nginx opening upstream connections, a QR campaign) overflows
  // it, the kernel drops SYNs and clients retry only after a second. Keep the
  // listening socket and widen its backlog once bound (listen() again on a
  // listening socket only changes the backlog).
  auto listening = std::make_shared<int>(-1);
  server_->set_socket_options([listening](socket_t sock) {
    httplib::default_socket_options(sock);
    *listening = static_cast<int>(sock);
  });
  int bound = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) return Error::Make(ErrorCode::kUnavailable, "cannot listen on " + host + ":" + std::to_string(port));
  if (*listening >= 0 && ::listen(*listening, SOMAXCONN) != 0)
    return Error::Make(ErrorCode::kUnavailable,
                       "cannot widen the listen backlog on " + host + ":" + std::to_string(bound));
  return bound;
}

bool HttpServer::Run(ServerContext& ctx) {
  Install(ctx);
  // cpp-httplib's stop() does nothing until the listen loop runs: Stop()
  // waits for it (run_started_) or makes Run return at once (stop_requested_).
  run_started_.store(true);
  if (stop_requested_.load()) {
    run_ended_.store(true);
    return true;
  }
  bool ok = server_->listen_after_bind();
  server_->Drain();
  run_ended_.store(true);
  return ok;
}

void HttpServer::Stop() {
  stop_requested_.store(true);
  if (run_started_.load())
    while (!server_->is_running() && !run_ended_.load()) std::this_thread::yield();
  server_->stop();
}

}  // namespace mark::http
