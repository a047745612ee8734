// Misuse reports: POST /api/v1/reports from the verification page's form
// (public, limited per address and per network, stores no personal data;
// the queue of open reports is bounded: registry/reports.h), and the
// secretariat's inbox: GET /api/v1/reports (secretariat and auditors; by
// status, newest first, paged) and PATCH /api/v1/reports/{id} {status, note}
// (secretariat; audited, Idempotency-Key honoured).
#include <chrono>
#include <memory>

#include "common/decimal.h"
#include "http/auth.h"
#include "http/client_address.h"
#include "http/problem.h"
#include "http/rate_limiter.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/write_handler.h"
#include "registry/reports.h"

namespace mark::http {

using nlohmann::json;

namespace {

// A person reports a few things, not dozens: 5 per address per 10 minutes.
// A household, office or small shop shares its network (/24, /56:
// client_address.h NetworkOf): 20 per network. There is no overall cap: a
// crowd of addresses would lock every consumer out; the bound on open
// reports (registry/reports.h) keeps the storage in check instead.
constexpr int kReportsPerAddress = 5;
constexpr int kReportsPerNetwork = 20;
constexpr std::chrono::seconds kReportWindow{600};

// A whole number parameter within [lo, hi] (RangeParam); `dflt` when
// absent. Given twice, it is refused as RangeParam refuses a bad number.
Result<long long> NumberParam(const httplib::Request& req, const char* name, long long dflt, long long lo,
                              long long hi) {
  const size_t given = req.get_param_value_count(name);
  if (given == 0) return dflt;
  return RangeParam(name, given == 1 ? req.get_param_value(name) : std::string(), lo, hi);
}

// ?status=new|investigating|closed|open (open: not closed); none: all.
Result<registry::ReportQuery> StatusParam(const httplib::Request& req, registry::ReportQuery q) {
  if (req.get_param_value_count("status") == 0) return q;
  const std::string v = req.get_param_value("status");
  if (req.get_param_value_count("status") == 1 && v == "open") {
    q.open_only = true;
    return q;
  }
  q.status = registry::ParseReportStatus(v);
  if (!q.status || req.get_param_value_count("status") != 1)
    return Error::Invalid("status", "must be one of new, investigating, closed, open");
  return q;
}

}  // namespace

void RegisterReportRoutes(Router& router, ServerContext& ctx) {
  auto per_address = std::make_shared<RateLimiter>(ctx.clock, kReportsPerAddress, kReportWindow);
  auto per_network = std::make_shared<RateLimiter>(ctx.clock, kReportsPerNetwork, kReportWindow);

  router.Post("/api/v1/reports", [&ctx, per_address, per_network](const httplib::Request& req, httplib::Response& res) {
    // The socket's address, or the client behind a trusted proxy
    // (client_address.h); a client-sent REMOTE_ADDR header is ignored.
    const std::string& addr = req.remote_addr;
    const std::string network = NetworkOf(addr);
    auto wait = per_address->RetryAfter(addr);
    if (!wait) wait = per_network->RetryAfter(network);
    if (wait) {
      res.set_header("Retry-After", std::to_string(wait->count()));
      return SendProblem(res, 429, "too many reports just now; please try again later");
    }
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto report = registry::ParseMisuseReport(*body);
    if (!report) return SendProblem(res, report.error());
    const Instant now = ctx.clock.Now();
    auto stored = registry::StoreMisuseReport(ctx.db, *report, now, ctx.open_reports_max);
    if (!stored) return SendProblem(res, stored.error());
    per_address->Record(addr);
    per_network->Record(network);
    res.set_header("Cache-Control", "no-store");
    if (stored->dropped)
      return SendJson(res, 202,
                      {{"number", report->number}, {"stored", false}, {"reason", ToString(*stored->dropped)}});
    SendJson(res, 201,
             {{"id", std::to_string(stored->id)},
              {"number", report->number},
              {"stored", true},
              {"created_at", FormatInstant(now)}});
  });

  router.Get("/api/v1/reports", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {registry::Role::kSecretariat, registry::Role::kAuditor})) return;
    auto limit = NumberParam(req, "limit", 50, 1, registry::kMaxReportListLimit);
    if (!limit) return SendProblem(res, limit.error());
    auto before = NumberParam(req, "cursor", 0, 1, 999999999999999999LL);
    if (!before) return SendProblem(res, before.error());
    auto query = StatusParam(req, registry::ReportQuery{{}, false, *before, static_cast<int>(*limit) + 1});
    if (!query) return SendProblem(res, query.error());
    auto reports = registry::ListMisuseReports(ctx.db, *query);
    if (!reports) return SendProblem(res, reports.error());
    const bool more = reports->size() > static_cast<size_t>(*limit);
    if (more) reports->pop_back();
    json items = json::array();
    for (const auto& r : *reports) items.push_back(registry::ReportJson(r));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200,
             {{"items", std::move(items)},
              {"next_cursor", more ? json(std::to_string(reports->back().id)) : json(nullptr)}});
  });

  router.Patch("/api/v1/reports/([0-9]{1,18})",
               WriteHandler(ctx, {registry::Role::kSecretariat},
                            [&ctx](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                              // At most 18 digits (the route), so always a long long.
                              const long long id =
                                  ParseDecimal<long long>(req.matches[1].str(), 0, 999'999'999'999'999'999).value_or(0);
                              return registry::UpdateMisuseReport(ctx.registry, id, body, w);
                            }));
}

}  // namespace mark::http
