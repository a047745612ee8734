// Criteria sets, applications, reviews, diagnoses and fees:
//   GET  /api/v1/criteria                      list imported sets (all roles)
//   GET  /api/v1/criteria/{id}                 one set as imported (all roles)
//   POST /api/v1/criteria                      import a set (secretariat)
//   POST /api/v1/review/evaluate               stateless decision (all roles)
//   GET  /api/v1/applications[?service_id=]    list (all roles)
//   POST /api/v1/applications                  new application (secretariat)
//   GET  /api/v1/applications/{id}             with reviews, diagnoses, fees
//   POST /api/v1/applications/{id}/review      record a review (secretariat, reviewer)
//   POST /api/v1/applications/{id}/diagnosis   item 2-1-1 report (secretariat, reviewer)
//   POST /api/v1/applications/{id}/diagnosis/evaluate   the decision it would get (all roles)
//   GET  /api/v1/cvss2?vector=…[&vector=…]      CVSS v2 base scores (all roles)
//   POST /api/v1/fees/{id}/pay                 mark a fee paid (secretariat)
//   POST /api/v1/fees/{id}/waive               waive a fee, {reason} (secretariat)
// Writers are the secretariat; reviewers may record reviews and diagnoses;
// auditors read.
#include <memory>

#include "http/auth.h"
#include "http/problem.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/write_handler.h"
#include "review_records/review_store.h"
#include "review/cvss2.h"
#include "review/diagnosis.h"

namespace mark::http {

using nlohmann::json;
using registry::Role;

namespace {

constexpr const char* kIdPattern = "([A-Za-z0-9_-]{1,64})";
constexpr size_t kMaxVectorsPerRequest = 100;

// One vector's scores as NVD shows them, or why it does not parse; the one
// formula is review/cvss2.h, so the console never copies it.
json Cvss2Json(const std::string& text) {
  auto v = review::ParseCvss2Vector(text);
  if (!v) return {{"vector", text}, {"error", v.error().message}};
  const review::Cvss2Score score = review::Cvss2BaseScore(*v);
  const char* level = score.base_tenths >= review::kLevel3Tenths   ? "III"
                      : score.base_tenths >= review::kLevel2Tenths ? "II"
                                                                   : "I";
  return {{"vector", text},
          {"normalized", v->ToString()},
          {"base_score", score.base()},
          {"impact_subscore", score.impact_tenths / 10.0},
          {"exploitability_subscore", score.exploitability_tenths / 10.0},
          {"level", level}};
}

}  // namespace

void RegisterReviewRoutes(Router& router, ServerContext& ctx) {
  auto store = std::make_shared<review_records::ReviewStore>(ctx.registry);
  const std::string id = kIdPattern;

  router.Get("/api/v1/criteria", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto items = store->ListCriteria();
    if (!items) return SendProblem(res, items.error());
    SendJson(res, 200, {{"items", *items}});
  });

  router.Get("/api/v1/criteria/" + id, [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto set = store->LoadCriteria(req.matches[1]);
    if (!set) return SendProblem(res, set.error());
    json j = json::parse(set->json_text, nullptr, false);
    if (j.is_discarded()) return SendProblem(res, Error::Make(ErrorCode::kInternal, "stored set does not parse"));
    j["complete"] = set->complete;  // explicit even where the file left it out
    SendJson(res, 200, j);
  });

  router.Post("/api/v1/criteria", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    auto who = Authorize(ctx, req, res, {Role::kSecretariat});
    if (!who) return;
    auto body = ReadJsonBody(req);  // checks media type, UTF-8 and syntax
    if (!body) return SendProblem(res, body.error());
    auto w = MakeWriteRequest(req, *who);
    if (!w) return SendProblem(res, w.error());
    auto result = store->ImportCriteria(req.body, *w);
    if (!result) return SendProblem(res, result.error());
    SendWriteResult(res, *result, "/api/v1/criteria/" + result->body.value("id", ""));
  });

  router.Post("/api/v1/review/evaluate", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto decision = store->Evaluate(*body);
    if (!decision) return SendProblem(res, decision.error());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, json(*decision));
  });

  router.Get("/api/v1/applications", [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    std::string service_id;
    for (const auto& [key, value] : req.params) {
      if (key == "service_id" && value.size() <= 64)
        service_id = value;
      else
        return SendProblem(res, 400, "invalid parameter " + key, {{key, "is not a known parameter"}});
    }
    auto items = store->ListApplications(service_id);
    if (!items) return SendProblem(res, items.error());
    SendJson(res, 200, {{"items", *items}});
  });

  router.Post(
      "/api/v1/applications",
      WriteHandler(
          ctx, {Role::kSecretariat},
          [store](const httplib::Request&, const json& body, const registry::WriteRequest& w) {
            return store->CreateApplication(body, w);
          },
          [](const httplib::Request&, const json& body) { return "/api/v1/applications/" + body.value("id", ""); }));

  router.Get("/api/v1/applications/" + id, [&ctx, store](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto app = store->GetApplication(req.matches[1]);
    if (!app) return SendProblem(res, app.error());
    SendJson(res, 200, *app);
  });

  router.Post("/api/v1/applications/" + id + "/review",
              WriteHandler(
                  ctx, {Role::kSecretariat, Role::kReviewer},
                  [store](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                    return store->RecordReview(req.matches[1], body, w);
                  },
                  [](const httplib::Request& req, const json&) {
                    return "/api/v1/applications/" + std::string(req.matches[1]);
                  }));

  router.Post("/api/v1/applications/" + id + "/diagnosis",
              WriteHandler(
                  ctx, {Role::kSecretariat, Role::kReviewer},
                  [store](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                    return store->RecordDiagnosis(req.matches[1], body, w);
                  },
                  [](const httplib::Request& req, const json&) {
                    return "/api/v1/applications/" + std::string(req.matches[1]);
                  }));

  router.Post("/api/v1/applications/" + id + "/diagnosis/evaluate",
              [&ctx, store](const httplib::Request& req, httplib::Response& res) {
                if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
                auto body = ReadJsonBody(req);
                if (!body) return SendProblem(res, body.error());
                auto decision = store->EvaluateDiagnosis(req.matches[1], *body);
                if (!decision) return SendProblem(res, decision.error());
                res.set_header("Cache-Control", "no-store");
                SendJson(res, 200, *decision);
              });

  router.Get("/api/v1/cvss2", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    json items = json::array();
    for (const auto& [key, value] : req.params) {
      if (key != "vector")
        return SendProblem(res, 400, "invalid parameter " + key, {{key, "is not a known parameter"}});
      if (items.size() == kMaxVectorsPerRequest)
        return SendProblem(res, 400, "too many vectors", {{"vector", "at most 100 per request"}});
      items.push_back(Cvss2Json(value));
    }
    if (items.empty()) return SendProblem(res, 400, "no vector given", {{"vector", "is required"}});
    SendJson(res, 200, {{"items", std::move(items)}});
  });

  router.Post("/api/v1/fees/" + id + "/pay",
              WriteHandler(ctx, {Role::kSecretariat},
                           [store](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                             return store->PayFee(req.matches[1], body, w);
                           }));

  router.Post("/api/v1/fees/" + id + "/waive",
              WriteHandler(ctx, {Role::kSecretariat},
                           [store](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                             return store->WaiveFee(req.matches[1], body, w);
                           }));
}

}  // namespace mark::http
