// Badge and QR images: GET /badge/{number}.svg|.png and /qr/{number}.svg|.png.
// Made to be embedded on other sites (CORP cross-origin, ACAO *), cached
// briefly and revalidated by a strong ETag, and honest about where they are
// shown: a badge requested from a page whose origin is not one of the
// service's registered domains renders the foreign-site warning.
#include <chrono>
#include <memory>

#include "badge/badge_svg.h"
#include "badge/mark_links.h"
#include "badge/qr_code.h"
#include "badge/svg_to_png.h"
#include "http/etag.h"
#include "http/lru_cache.h"
#include "http/problem.h"
#include "http/rate_limiter.h"
#include "http/public_request.h"
#include "http/routes.h"

namespace mark::http {

namespace {

// Bumped when the badge drawing changes, so cached copies are not revalidated
// as equal to a different picture.
constexpr std::string_view kBadgeRenderVersion = "badge-1";
constexpr int kBadgePngDefaultWidth = 2 * badge::kBadgeWidth;  // sharp on high-density screens
constexpr int kBadgePngMinWidth = badge::kBadgeWidth / 2;
constexpr int kBadgePngMaxWidth = 4 * badge::kBadgeWidth;
constexpr int kQrPngDefaultSize = 256;
// Rendered badge PNGs kept in memory (about 10-40 KB each).
constexpr size_t kPngCacheEntries = 512;
constexpr size_t kPngCacheBytes = 32u << 20;
// Renders are serialised (svg_to_png.h) and every foreign Referer host makes
// a new picture: one address may cause this many renders (cache misses) a
// minute, so nobody can keep the renderer busy for everyone else.
constexpr int kPngRendersPerAddress = 60;
constexpr std::chrono::seconds kPngRenderWindow{60};

// Images are SVG documents or PNGs we generated: nothing in them may run or
// load. An SVG opened on its own is a document, so it gets its own policy
// (the pages' policy would refuse its inline presentation).
constexpr const char* kImageCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

void EmbeddableImageHeaders(httplib::Response& res, const std::string& etag, const char* cache_control) {
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy", kImageCsp);
  res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Cache-Control", cache_control);
  res.set_header("ETag", etag);
}

// A whole number parameter within [lo, hi]; `dflt` when absent.
Result<int> IntParam(const httplib::Request& req, const char* name, int dflt, int lo, int hi) {
  if (req.get_param_value_count(name) == 0) return dflt;
  const std::string range = " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (req.get_param_value_count(name) > 1) return Error::Invalid(name, "may be given only once");
  const std::string v = req.get_param_value(name);
  bool digits = !v.empty() && v.size() <= 5;
  int n = 0;
  for (char c : v) digits = digits && c >= '0' && c <= '9', n = n * 10 + (c - '0');
  if (!digits || n < lo || n > hi) return Error::Invalid(name, range.substr(1));
  return n;
}

std::string Today(ServerContext& ctx) { return FormatDate(JstDate(ctx.clock.Now())); }

}  // namespace

void RegisterBadgeRoutes(Router& router, ServerContext& ctx) {
  auto png_cache = std::make_shared<LruCache>(kPngCacheEntries, kPngCacheBytes);
  auto renders = std::make_shared<RateLimiter>(ctx.clock, kPngRendersPerAddress, kPngRenderWindow);

  router.Get(std::string("/badge/") + kPublicNumberPattern + "\\.(svg|png)",
             [&ctx, png_cache, renders](const httplib::Request& req, httplib::Response& res) {
    const std::string number = NormalizeAskedNumber(req.matches[1].str());
    const bool png = req.matches[2] == "png";
    int width = 0;
    if (png) {
      auto w = IntParam(req, "width", kBadgePngDefaultWidth, kBadgePngMinWidth, kBadgePngMaxWidth);
      if (!w) return SendProblem(res, w.error());
      width = *w;
    }
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendProblem(res, found.error());
    const std::optional<MarkView>& view = *found;
    // Badges speak Japanese or English; zh/ko visitors get English.
    const badge::Lang lang = RequestLang(req) == badge::Lang::kJa ? badge::Lang::kJa : badge::Lang::kEn;
    const std::optional<std::string> foreign = view ? ForeignHostFor(ctx, req, view) : std::nullopt;

    const badge::BadgeInput input = view ? badge::BadgeInputFor(*view, ctx.public_url, lang, foreign)
                                         : badge::NotRegisteredBadgeInput(number, ctx.public_url, lang);
    // Everything the picture depends on: a suspension bumps the version, the
    // day moves a mark into or out of its validity period.
    std::string material = std::string(kBadgeRenderVersion) + "\n" + (png ? "png" : "svg") + "\n" +
                           std::to_string(width) + "\n" + ctx.public_url + "\n" + number + "\n" +
                           (view ? std::to_string(view->mark.version) : "-") + "\n" +
                           std::to_string(static_cast<int>(input.state)) + "\n" +
                           std::string(badge::LangCode(lang)) + "\n" + foreign.value_or("") + "\n" + Today(ctx);
    const std::string etag = StrongEtag(material);
    const int status = view ? 200 : 404;
    EmbeddableImageHeaders(res, etag, "public, max-age=60, must-revalidate");
    // The picture depends on the embedding page's origin.
    res.set_header("Vary", "Origin, Referer");
    if (status == 200 && AnswerNotModified(req, res, etag)) return;

    const std::string svg = badge::RenderBadgeSvg(input);
    res.status = status;
    if (!png) return res.set_content(svg, "image/svg+xml; charset=utf-8");
    if (auto hit = png_cache->Get(etag)) return res.set_content(*hit, "image/png");
    if (auto wait = renders->RetryAfter(req.remote_addr)) {
      res.set_header("Retry-After", std::to_string(wait->count()));
      return SendProblem(res, 429, "too many different badge images from this address; try again later");
    }
    renders->Record(req.remote_addr);
    auto rendered = badge::SvgToPng(svg, width);
    if (!rendered) return SendProblem(res, Error::Make(ErrorCode::kInternal, rendered.error().message));
    auto bytes = std::make_shared<const std::string>(std::move(*rendered));
    png_cache->Put(etag, bytes);
    res.set_content(*bytes, "image/png");
  });

  router.Get(std::string("/qr/") + kPublicNumberPattern + "\\.(svg|png)",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string number = NormalizeAskedNumber(req.matches[1].str());
    const bool png = req.matches[2] == "png";
    int size = 0;
    if (png) {
      auto s = IntParam(req, "size", kQrPngDefaultSize, badge::kQrPngMinPx, badge::kQrPngMaxPx);
      if (!s) return SendProblem(res, s.error());
      size = *s;
    }
    // Only registered numbers get a QR code from the registry: a code for
    // any made-up number would look official on a fake sticker.
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendProblem(res, found.error());
    if (!*found) return SendProblem(res, 404, "no mark numbered " + number);
    const std::string url = badge::VerifyUrl(ctx.public_url, (*found)->mark.number);
    const std::string etag = StrongEtag(std::string("qr-1\n") + (png ? "png" : "svg") + "\n" +
                                        std::to_string(size) + "\n" + url);
    // Numbers are never reused, so the code for a number never changes.
    EmbeddableImageHeaders(res, etag, "public, max-age=86400");
    if (AnswerNotModified(req, res, etag)) return;
    auto body = png ? badge::QrPng(url, size) : badge::QrSvg(url);
    if (!body) return SendProblem(res, body.error());
    res.status = 200;
    res.set_content(*body, png ? "image/png" : "image/svg+xml; charset=utf-8");
  });
}

}  // namespace mark::http
