// Misuse reports: POST /api/v1/reports from the verification page's form
// (public, rate-limited per peer address and overall, stores no personal
// data), GET /api/v1/reports for the secretariat and auditors.
#include <chrono>
#include <memory>

#include "http/auth.h"
#include "http/problem.h"
#include "http/rate_limiter.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "registry/reports.h"

namespace mark::http {

using nlohmann::json;

namespace {

// A person reports a few things, not dozens: 5 per address per 10 minutes.
// The overall cap bounds what a crowd of addresses can add to the database.
constexpr int kReportsPerAddress = 5;
constexpr int kReportsOverall = 500;
constexpr std::chrono::seconds kReportWindow{600};

json ReportJson(const registry::MisuseReport& r) {
  return {{"id", std::to_string(r.id)},
          {"number", r.number},
          {"seen_at", r.seen_at},
          {"what", r.what},
          {"created_at", FormatInstant(r.created_at)}};
}

// A whole number parameter within [lo, hi]; `dflt` when absent.
Result<long long> NumberParam(const httplib::Request& req, const char* name, long long dflt, long long lo,
                              long long hi) {
  if (req.get_param_value_count(name) == 0) return dflt;
  const std::string v = req.get_param_value(name);
  bool digits = req.get_param_value_count(name) == 1 && !v.empty() && v.size() <= 18;
  long long n = 0;
  for (char c : v) digits = digits && c >= '0' && c <= '9', n = n * 10 + (c - '0');
  if (!digits || n < lo || n > hi)
    return Error::Invalid(name, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return n;
}

}  // namespace

void RegisterReportRoutes(Router& router, ServerContext& ctx) {
  auto per_address = std::make_shared<RateLimiter>(ctx.clock, kReportsPerAddress, kReportWindow);
  auto overall = std::make_shared<RateLimiter>(ctx.clock, kReportsOverall, kReportWindow, 1);

  router.Post("/api/v1/reports", [&ctx, per_address, overall](const httplib::Request& req, httplib::Response& res) {
    // The socket's address only (a client-sent REMOTE_ADDR header is ignored).
    const std::string& addr = req.remote_addr;
    auto wait = per_address->RetryAfter(addr);
    if (!wait) wait = overall->RetryAfter("*");
    if (wait) {
      res.set_header("Retry-After", std::to_string(wait->count()));
      return SendProblem(res, 429, "too many reports just now; please try again later");
    }
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto report = registry::ParseMisuseReport(*body);
    if (!report) return SendProblem(res, report.error());
    const Instant now = ctx.clock.Now();
    auto id = registry::StoreMisuseReport(ctx.db, *report, now);
    if (!id) return SendProblem(res, id.error());
    per_address->Record(addr);
    overall->Record("*");
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 201, {{"id", std::to_string(*id)}, {"number", report->number}, {"created_at", FormatInstant(now)}});
  });

  router.Get("/api/v1/reports", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {registry::Role::kSecretariat, registry::Role::kAuditor})) return;
    auto limit = NumberParam(req, "limit", 50, 1, registry::kMaxReportListLimit);
    if (!limit) return SendProblem(res, limit.error());
    auto before = NumberParam(req, "cursor", 0, 1, 999999999999999999LL);
    if (!before) return SendProblem(res, before.error());
    auto reports = registry::ListMisuseReports(ctx.db, *before, static_cast<int>(*limit) + 1);
    if (!reports) return SendProblem(res, reports.error());
    const bool more = reports->size() > static_cast<size_t>(*limit);
    if (more) reports->pop_back();
    json items = json::array();
    for (const auto& r : *reports) items.push_back(ReportJson(r));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200,
             {{"items", std::move(items)},
              {"next_cursor", more ? json(std::to_string(reports->back().id)) : json(nullptr)}});
  });
}

}  // namespace mark::http
