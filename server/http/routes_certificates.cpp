// Certificates, keys and signed status: what lets anyone check a mark
// without trusting the network path.
#include "common/json_text.h"
#include "common/trim.h"
#include "crypto/certificate.h"
#include "crypto/verifier.h"
#include "http/problem.h"
#include "http/public_cache.h"
#include "http/request_io.h"
#include "http/routes.h"

namespace mark::http {

using nlohmann::json;

namespace {

constexpr size_t kMaxVerifyBody = 16 * 1024;

void SendJwt(httplib::Response& res, const std::string& jws, const char* cache) {
  res.status = 200;
  res.set_header("Cache-Control", cache);
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_content(jws, "application/jwt");
}

}  // namespace

void RegisterCertificateRoutes(Router& router, ServerContext& ctx) {
  const std::string mark_path = std::string("/api/v1/marks/") + kNumberPattern;

  // Prepared answers (public_cache.h): the current certificate of a mark.
  auto cache = std::make_shared<PublicCache>(4096, 4u << 20);
  router.Get(mark_path + "/certificate", [&ctx, cache](const httplib::Request& req, httplib::Response& res) {
    const std::string key = PublicCache::Key(ctx, "certificate\n" + req.matches[1].str());
    auto answer = cache->Get(key);
    if (!answer) {
      auto view = ctx.registry.GetMark(req.matches[1]);
      if (!view) return SendProblem(res, view.error());
      if (view->certificate.empty()) return SendProblem(res, 404, "mark " + view->mark.number + " has no certificate");
      PublicCache::Answer jwt;
      jwt.content_type = "application/jwt";
      // A certificate never changes, but the current one does on renewal.
      jwt.cache_control = "public, max-age=60, must-revalidate";
      jwt.body = std::make_shared<const std::string>(view->certificate);
      answer = cache->Put(key, std::move(jwt));
    }
    PublicCache::Send(req, res, *answer);
  });

  router.Get(mark_path + "/status.jwt", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto jws = ctx.status.Statement(req.matches[1]);
    if (!jws) return SendProblem(res, jws.error());
    SendJwt(res, *jws, "public, max-age=60, must-revalidate");
  });

  router.Get("/api/v1/status-list.jwt", [&ctx](const httplib::Request&, httplib::Response& res) {
    auto jws = ctx.status.SignedList();
    if (!jws) return SendProblem(res, jws.error());
    SendJwt(res, *jws, "public, max-age=300, must-revalidate");
  });

  // Where a verifier finds everything about this registry: who it is (the
  // iss its certificates carry) and where its keys, status list and log
  // live. markctl verify --registry reads it; the URIs are under public_url.
  router.Get("/.well-known/mark-registry.json", [&ctx](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_header("Access-Control-Allow-Origin", "*");
    SendJson(res, 200,
             {{"issuer", ctx.issuer},
              {"public_url", ctx.public_url},
              {"jwks_uri", ctx.public_url + "/.well-known/jwks.json"},
              {"status_list_uri", ctx.public_url + "/api/v1/status-list.jwt"},
              {"log_checkpoint_uri", ctx.public_url + "/api/v1/log/checkpoint"}});
  });

  router.Get("/.well-known/jwks.json", [&ctx](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_header("Access-Control-Allow-Origin", "*");
    res.status = 200;
    res.set_content(JsonText(ctx.keys.JwksJson()), "application/jwk-set+json");
  });

  // Signatures already seen to verify (verified_jws_cache.h), and answers
  // prepared for the second they were asked in (below).
  auto verified = std::make_shared<crypto::VerifiedJwsCache>();
  auto answers = std::make_shared<PublicCache>(1024, 3u << 20);
  router.Post("/api/v1/verify", [&ctx, verified, answers](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    if (req.body.size() > kMaxVerifyBody) return SendProblem(res, 413, "a certificate is at most 16 KiB");
    std::string type = req.get_header_value("Content-Type");
    std::string jws;
    if (type.rfind("application/jwt", 0) == 0) {
      jws = TrimAsciiSpace(req.body);
    } else {
      auto body = ReadJsonBody(req);
      if (!body) {
        if (body.error().code == ErrorCode::kUnsupported)
          return SendProblem(res, 415, "send the certificate as application/jwt or as JSON {\"certificate\": \"...\"}");
        return SendProblem(res, body.error());
      }
      if (!body->is_object() || !body->contains("certificate") || !(*body)["certificate"].is_string())
        return SendProblem(res, 400, "the body must be {\"certificate\": \"...\"}",
                           {{"certificate", "is required and must be a string"}});
      jws = (*body)["certificate"].get<std::string>();
    }
    // Every check here is in whole seconds (nbf, exp and checked_at are
    // NumericDate/RFC 3339 seconds), so within one second and one registry
    // state a certificate always gets the same answer: it is made once.
    const Instant at = std::chrono::floor<std::chrono::seconds>(ctx.clock.Now());
    const std::string key =
        PublicCache::Key(ctx, "verify\n" + std::to_string(at.time_since_epoch().count()) + "\n" + jws);
    if (auto hit = answers->Get(key)) return PublicCache::Send(req, res, *hit);
    auto list = ctx.status.CurrentList();
    if (!list) return SendProblem(res, list.error());
    crypto::VerifyOptions options;
    options.status_list = list->get();
    options.issuer = ctx.issuer;
    options.verified = verified.get();
    // The registry knows each mark's current certificate exactly: any other
    // certificate of the mark is superseded (renewed, amended, re-issued).
    options.current_certificate = [&ctx](std::string_view number) -> std::optional<crypto::CurrentCertificate> {
      auto view = ctx.registry.GetMark(std::string(number));
      if (!view || view->certificate.empty()) return std::nullopt;
      return crypto::CertificateIdentity(view->certificate);
    };
    crypto::Verification v = crypto::VerifyCertificate(jws, ctx.keys.PublicJwks(), at, options);
    json out = {
        {"valid", v.valid}, {"reason_code", v.reason_code}, {"reason", v.reason}, {"checked_at", FormatInstant(at)}};
    out["mark"] = nullptr;
    out["status_now"] = nullptr;
    // What we show of the mark comes from the registry, never from the
    // certificate's own text, and only once the signature held.
    bool signature_held = v.valid || v.reason_code == "not_yet_valid" || v.reason_code == "expired" ||
                          v.reason_code == "suspended" || v.reason_code == "revoked" || v.reason_code == "returned" ||
                          v.reason_code == "superseded" || v.reason_code == "wrong_issuer";
    // A clock behind the registry's last change cannot tell valid from
    // expired (registry/clock_watch.h): those verdicts are unknown; the
    // signature's and the status list's stand.
    if (v.valid || v.reason_code == "not_yet_valid" || v.reason_code == "expired") {
      const registry::ClockStanding clock = ctx.registry.clock_watch().Check(at);
      if (clock.behind) {
        out["valid"] = false;
        out["reason_code"] = "unknown";
        out["status_reason"] = registry::kClockBehindReason;
        out["reason"] = "the signature holds, but the registry cannot check the validity period now: " +
                        registry::ClockBehindFacts(clock);
      }
    }
    if (signature_held && v.payload.is_object() && v.payload.contains("sub") && v.payload["sub"].is_string()) {
      auto view = ctx.registry.GetMark(v.payload["sub"].get<std::string>());
      if (view) {
        json mark = ctx.registry.MarkJson(*view);
        out["status_now"] = ToString(view->status);
        out["current"] = view->certificate == jws;
        // Where the certificate that replaced this one is.
        if (v.reason_code == "superseded" && mark.contains("links") && mark["links"].contains("certificate"))
          out["current_certificate"] = mark["links"]["certificate"];
        out["mark"] = std::move(mark);
      }
    }
    PublicCache::Answer answer;
    answer.cache_control = "no-store";
    answer.body = std::make_shared<const std::string>(JsonText(out));
    // Signature failures are not kept: made-up input must not fill the cache.
    if (!signature_held) return PublicCache::Send(req, res, answer);
    PublicCache::Send(req, res, *answers->Put(key, std::move(answer)));
  });
}

}  // namespace mark::http
