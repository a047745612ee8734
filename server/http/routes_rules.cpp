// GET /api/v1/rules: the rules the console and the pages' scripts need
// (publish/public_rules.h), public and cacheable. The bytes never change
// while markd runs, so they are made once, with their ETag.
#include "common/json_text.h"
#include "http/public_cache.h"
#include "http/routes.h"
#include "publish/public_rules.h"

namespace mark::http {

void RegisterRulesRoutes(Router& router, ServerContext&) {
  PublicCache once(1, 64u << 10);
  PublicCache::Answer answer;
  answer.cache_control = "public, max-age=3600";
  answer.body = std::make_shared<const std::string>(JsonText(publish::PublicRulesJson()));
  PublicCache::Value rules = once.Put("rules", std::move(answer));
  router.Get("/api/v1/rules",
             [rules](const httplib::Request& req, httplib::Response& res) { PublicCache::Send(req, res, *rules); });
}

}  // namespace mark::http
