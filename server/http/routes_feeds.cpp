// Feeds and open data, public and without authentication:
//   GET /feed.atom[?before=ID]              the registry's changes (Atom, RFC 4287)
//   GET /v/{number}/feed.atom[?before=ID]   one mark's changes
//   GET /api/v1/export/marks.csv            every mark's public facts, for Excel
//   GET /api/v1/export/marks.jsonl          the same as JSON Lines
// Feeds are prepared answers (public_cache.h); the exports are files made
// once per registry state and streamed (prepared_file.h). What they hold:
// publish/change_feed.h and publish/open_data.h.
#include "http/prepared_file.h"
#include "http/problem.h"
#include "http/public_cache.h"
#include "http/public_request.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "publish/change_feed.h"
#include "registry/mark_number.h"
#include "publish/open_data.h"

namespace mark::http {

namespace {

constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

// The page asked for (?before=ID, a history id from a `next` link); 0 for
// the newest. An Error names the parameter.
Result<long long> FeedPage(const httplib::Request& req) {
  const auto params = QueryParams(req);
  if (Status s = OnlyParams(params, {"before"}); !s) return s.error();
  auto before = UintParam(params, "before", false);
  if (!before) return before.error();
  if (*before && **before == 0) return Error::Invalid("before", "must be a history id from a next link (1 or more)");
  return static_cast<long long>(before->value_or(0));
}

}  // namespace

void RegisterFeedRoutes(Router& router, ServerContext& ctx) {
  // Feed readers poll: a poll is a probe and a copy, or a 304.
  auto feeds = std::make_shared<PublicCache>(1024, 8u << 20);
  auto serve_feed = [&ctx, feeds](const httplib::Request& req, httplib::Response& res, const std::string& number) {
    auto before = FeedPage(req);
    if (!before) return SendProblem(res, before.error());
    const std::string key = PublicCache::Key(ctx, "feed\n" + number + "\n" + std::to_string(*before));
    if (auto hit = feeds->Get(key)) return PublicCache::Send(req, res, *hit);
    publish::ChangeFeedRequest request;
    request.number = number;
    request.before = *before;
    request.issuer = ctx.issuer;
    // A made-up number is a 404 made afresh each time (public_cache.h).
    auto xml = publish::ChangeFeed(ctx.registry, request);
    if (!xml) return SendProblem(res, xml.error());
    PublicCache::Answer answer;
    answer.content_type = kAtomType;
    answer.body = std::make_shared<const std::string>(std::move(*xml));
    PublicCache::Send(req, res, *feeds->Put(key, std::move(answer)));
  };
  router.Get("/feed\\.atom",
             [serve_feed](const httplib::Request& req, httplib::Response& res) { serve_feed(req, res, ""); });
  router.Get(std::string("/v/") + kPublicNumberPattern + "/feed\\.atom",
             [serve_feed](const httplib::Request& req, httplib::Response& res) {
               const std::string number = NormalizeAskedNumber(req.matches[1].str());
               if (!registry::ParseMarkNumber(number))
                 return SendProblem(res, Error::Make(ErrorCode::kNotFound, "no mark numbered " + number));
               serve_feed(req, res, number);
             });

  using publish::OpenDataFormat;
  auto exports = [&ctx](OpenDataFormat format, const char* type, const char* filename) {
    auto file = std::make_shared<PreparedFile>(
        [&ctx, format](const publish::ByteSink& sink) { return publish::WriteOpenData(ctx.registry, format, sink); },
        type, filename);
    return [&ctx, file](const httplib::Request& req, httplib::Response& res) {
      if (Status s = OnlyParams(QueryParams(req), {}); !s) return SendProblem(res, s.error());
      auto answer = file->Get(ctx);
      if (!answer) return SendProblem(res, answer.error());
      file->Send(req, res, std::move(*answer));
    };
  };
  router.Get("/api/v1/export/marks\\.csv", exports(OpenDataFormat::kCsv, "text/csv; charset=utf-8", "marks.csv"));
  router.Get("/api/v1/export/marks\\.jsonl",
             exports(OpenDataFormat::kJsonl, "application/x-ndjson; charset=utf-8", "marks.jsonl"));
}

}  // namespace mark::http
