// The renewal calendar and fees, for every admin role:
//   GET /api/v1/calendar/renewals?within_days=N&format=json|csv
//   GET /api/v1/calendar/fees?state=paid|due|overdue&format=json|csv
//   GET /api/v1/calendar.ics     sessions, renewal due months, expiries, fee deadlines
//                                (also ?token=<calendar token>, for calendar apps)
// CSV is for Excel (UTF-8 with BOM, CRLF; see review/csv.h).
#include <memory>

#include "common/decimal.h"
#include "http/auth.h"
#include "http/problem.h"
#include "http/routes.h"
#include "publish/calendar_feed.h"
#include "review_records/review_store.h"

namespace mark::http {

using nlohmann::json;
using registry::Role;

namespace {

constexpr int kDefaultWithinDays = 90;
constexpr int kMaxWithinDays = 3660;

// Unsigned, so no sign is accepted.
std::optional<int> SmallNumber(const std::string& v, int max) {
  if (v.size() > 5) return std::nullopt;
  const auto n = ParseDecimal<unsigned>(v, 0, static_cast<unsigned>(max));
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

// "json" (default) or "csv"; anything else is an error written to `res`.
std::optional<bool> WantsCsv(const std::string& v, httplib::Response& res) {
  if (v.empty() || v == "json") return false;
  if (v == "csv") return true;
  SendProblem(res, 400, "invalid parameter format", {{"format", "must be json or csv"}});
  return std::nullopt;
}

void SendCsv(httplib::Response& res, const std::string& csv, const std::string& filename) {
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  res.set_header("Cache-Control", "no-store");
  res.set_content(csv, "text/csv; charset=utf-8");
}

std::string HostOf(const std::string& url) {
  auto start = url.find("://");
  std::string rest = start == std::string::npos ? url : url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/:"));
}

}  // namespace

void RegisterCalendarRoutes(Router& router, ServerContext& ctx) {
  auto store = std::make_shared<review_records::ReviewStore>(ctx.registry);

  router.Get("/api/v1/calendar/renewals", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    int within = kDefaultWithinDays;
    std::string format;
    for (const auto& [key, value] : req.params) {
      if (req.params.count(key) > 1)
        return SendProblem(res, 400, "repeated parameter " + key, {{key, "may be given only once"}});
      if (key == "within_days") {
        auto n = SmallNumber(value, kMaxWithinDays);
        if (!n) return SendProblem(res, 400, "invalid parameter within_days", {{"within_days", "must be 0 to 3660"}});
        within = *n;
      } else if (key == "format") {
        format = value;
      } else {
        return SendProblem(res, 400, "invalid parameter " + key, {{key, "is not a known parameter"}});
      }
    }
    auto csv = WantsCsv(format, res);
    if (!csv) return;
    auto rows = store->Renewals(within);
    if (!rows) return SendProblem(res, rows.error());
    if (*csv) return SendCsv(res, publish::RenewalsCsv(*rows), "renewals.csv");
    json items = json::array();
    for (const auto& r : *rows) items.push_back(review_records::RenewalJson(r));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, {{"within_days", within}, {"items", std::move(items)}});
  });

  router.Get("/api/v1/calendar/fees", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    std::string format, state;
    for (const auto& [key, value] : req.params) {
      if (req.params.count(key) > 1)
        return SendProblem(res, 400, "repeated parameter " + key, {{key, "may be given only once"}});
      if (key == "format")
        format = value;
      else if (key == "state" && (value.empty() || value == "paid" || value == "due" || value == "overdue"))
        state = value;
      else if (key == "state")
        return SendProblem(res, 400, "invalid parameter state", {{"state", "must be paid, due or overdue"}});
      else
        return SendProblem(res, 400, "invalid parameter " + key, {{key, "is not a known parameter"}});
    }
    auto csv = WantsCsv(format, res);
    if (!csv) return;
    auto rows = store->Fees();
    if (!rows) return SendProblem(res, rows.error());
    std::vector<review_records::FeeRow> picked;
    for (auto& r : *rows)
      if (state.empty() || review::ToString(r.state) == state) picked.push_back(std::move(r));
    if (*csv) return SendCsv(res, publish::FeesCsv(picked), "fees.csv");
    json items = json::array();
    for (const auto& r : picked) items.push_back(review_records::FeeRowJson(r));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, {{"items", std::move(items)}});
  });

  router.Get("/api/v1/calendar\\.ics", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!AuthorizeFeed(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor, Role::kCalendar})) return;
    // A year ahead: every mark due for renewal in that time, and its expiry.
    auto renewals = store->Renewals(366);
    if (!renewals) return SendProblem(res, renewals.error());
    auto fees = store->Fees();
    if (!fees) return SendProblem(res, fees.error());
    Instant now = ctx.clock.Now();
    publish::FeedOptions o;
    o.today = JstDate(now);
    o.uid_domain = HostOf(ctx.public_url);
    o.public_url = ctx.public_url;
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_content(publish::CalendarIcs(*renewals, *fees, o, now), "text/calendar; charset=utf-8");
  });
}

}  // namespace mark::http
