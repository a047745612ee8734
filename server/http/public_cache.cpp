#include "http/public_cache.h"

#include "common/jst.h"
#include "http/etag.h"

namespace mark::http {

std::string PublicCache::Key(const ServerContext& ctx, std::string_view what) {
  std::string key(what);
  key += '\n';
  key += std::to_string(ctx.db.Generation());
  key += '\n';
  key += FormatDate(JstDate(ctx.clock.Now()));
  return key;
}

PublicCache::Value PublicCache::Get(const std::string& key) {
  auto packed = cache_.Get(key);
  if (!packed) return nullptr;
  auto nl = packed->find('\n');
  if (nl == std::string::npos) return nullptr;
  return std::make_shared<const Answer>(Answer{packed->substr(0, nl), packed->substr(nl + 1)});
}

PublicCache::Value PublicCache::Put(const std::string& key, std::string body) {
  auto answer = std::make_shared<const Answer>(Answer{StrongEtag(body), std::move(body)});
  cache_.Put(key, std::make_shared<const std::string>(answer->etag + "\n" + answer->body));
  return answer;
}

void PublicCache::Send(const httplib::Request& req, httplib::Response& res, const Answer& answer,
                       const char* content_type, const char* cache_control) {
  res.set_header("ETag", answer.etag);
  res.set_header("Cache-Control", cache_control);
  res.set_header("Access-Control-Allow-Origin", "*");
  if (AnswerNotModified(req, res, answer.etag)) return;
  res.status = 200;
  res.set_content(answer.body, content_type);
}

}  // namespace mark::http
