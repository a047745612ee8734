#include "http/public_cache.h"

#include "common/jst.h"
#include "http/etag.h"

namespace mark::http {

std::string PublicCache::Key(const ServerContext& ctx, std::string_view what) {
  const Instant now = ctx.clock.Now();
  std::string key(what);
  key += '\n';
  key += std::to_string(ctx.db.Generation());
  key += '\n';
  key += FormatDate(JstDate(now));
  // A clock set back within the same day and generation changes statuses
  // too (registry/clock_watch.h).
  if (ctx.registry.clock_watch().Check(now).behind) key += "\nclock-behind";
  return key;
}

PublicCache::Value PublicCache::Put(const std::string& key, Answer answer) {
  if (!answer.body) answer.body = std::make_shared<const std::string>();
  if (answer.etag.empty()) answer.etag = StrongEtag(*answer.body);
  const size_t bytes = answer.body->size() + answer.etag.size() + key.size() + 64;
  auto value = std::make_shared<const Answer>(std::move(answer));
  cache_.Put(key, value, bytes);
  return value;
}

PublicCache::Value PublicCache::Put(const std::string& key, std::string body) {
  Answer answer;
  answer.body = std::make_shared<const std::string>(std::move(body));
  return Put(key, std::move(answer));
}

void PublicCache::Send(const httplib::Request& req, httplib::Response& res, const Answer& answer) {
  // Each header once, whatever the route or the server set before.
  auto set = [&res](const char* name, const std::string& value) {
    res.headers.erase(name);
    res.set_header(name, value);
  };
  if (!answer.etag.empty()) set("ETag", answer.etag);
  set("Cache-Control", answer.cache_control);
  if (answer.cors) set("Access-Control-Allow-Origin", "*");
  for (const auto& [name, value] : answer.headers) set(name, value);
  // 304 answers a conditional GET only (RFC 9110 section 13.1.2).
  const bool safe = req.method == "GET" || req.method == "HEAD";
  if (answer.status == 200 && safe && AnswerNotModified(req, res, answer.etag)) return;
  res.status = answer.status;
  res.set_content(*answer.body, answer.content_type);
}

}  // namespace mark::http
