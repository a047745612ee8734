// Badge and QR images: GET /badge/{number}.svg|.png (the full badge, with
// its QR code), /badge/{number}-compact.svg|.png (the compact badge for
// footers, without QR) and /qr/{number}.svg|.png.
// Made to be embedded on other sites (CORP cross-origin, ACAO *), cached
// briefly and revalidated by a strong ETag, and honest about where they are
// shown (badge/foreign_site.h): a badge requested from a page whose origin is
// not one of the service's registered domains renders the foreign-site
// warning, and one whose request names no page (no usable Referer or Origin)
// renders "site not confirmed", never the plain valid badge.
#include <chrono>
#include <memory>

#include "badge/badge_svg.h"
#include "common/mark_links.h"
#include "badge/qr_code.h"
#include "badge/svg_to_png.h"
#include "http/etag.h"
#include "common/lru_cache.h"
#include "http/public_cache.h"
#include "http/problem.h"
#include "http/rate_limiter.h"
#include "http/public_request.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/single_flight.h"

namespace mark::http {

namespace {

// Bumped when the badge drawing changes, so cached copies are not revalidated
// as equal to a different picture.
constexpr std::string_view kBadgeRenderVersion = "badge-3";
// PNG widths: 2x by default (sharp on high-density screens), never under 1x
// (smaller, its text would be under badge::kBadgeMinTextPx and illegible),
// at most 4x.
struct PngWidths {
  int dflt, min, max;
};
PngWidths PngWidthsOf(badge::BadgeSize size) {
  const int w = badge::DimensionsOf(size).width;
  return {2 * w, w, 4 * w};
}
constexpr int kQrPngDefaultSize = 256;
// Rendered badge PNGs kept in memory (about 10-40 KB each).
constexpr size_t kPngCacheEntries = 256;
constexpr size_t kPngCacheBytes = 8u << 20;
// Renders are serialised (svg_to_png.h) and every foreign Referer host makes
// a new picture: one address may cause this many renders (cache misses) a
// minute, so nobody can keep the renderer busy for everyone else.
constexpr int kPngRendersPerAddress = 60;
constexpr std::chrono::seconds kPngRenderWindow{60};

// Images are SVG documents or PNGs we generated: nothing in them may run or
// load. An SVG opened on its own is a document, so it gets its own policy
// (the pages' policy would refuse its inline presentation).
constexpr const char* kImageCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

// The headers every image answer carries besides ETag and Cache-Control.
// CORP cross-origin: made to be embedded; ACAO * comes with PublicCache.
const std::vector<std::pair<const char*, const char*>> kImageHeaders = {
    {"Content-Security-Policy", kImageCsp}, {"Cross-Origin-Resource-Policy", "cross-origin"}};
// A badge's picture depends on the embedding page's origin, too: shared
// caches (the nginx front, a proxy) keep one copy per Origin and Referer.
const std::vector<std::pair<const char*, const char*>> kBadgeHeaders = {
    {"Content-Security-Policy", kImageCsp},
    {"Cross-Origin-Resource-Policy", "cross-origin"},
    {"Vary", "Origin, Referer"}};

// A whole number parameter within [lo, hi]; `dflt` when absent.
Result<int> IntParam(const httplib::Request& req, const char* name, int dflt, int lo, int hi) {
  if (req.get_param_value_count(name) == 0) return dflt;
  if (req.get_param_value_count(name) > 1) return Error::Invalid(name, "must be given once");
  auto n = RangeParam(name, req.get_param_value(name), lo, hi);
  if (!n) return n.error();
  return static_cast<int>(*n);
}

std::string Today(ServerContext& ctx) { return FormatDate(JstDate(ctx.clock.Now())); }

// Badge PNGs: rendered once per picture (named by its ETag) and kept;
// concurrent misses of one picture share one render; each address may cause
// only so many renders a minute. Thread-safe.
class BadgePngs {
 public:
  explicit BadgePngs(const Clock& clock)
      : kept_(kPngCacheEntries, kPngCacheBytes), renders_(clock, kPngRendersPerAddress, kPngRenderWindow) {}

  // The PNG of `svg` at `width`; kRateLimited, its message the seconds to
  // wait, when `remote` has caused too many renders.
  Result<std::shared_ptr<const std::string>> Get(const std::string& etag, const std::string& svg, int width,
                                                 const std::string& remote) {
    using Png = Result<std::shared_ptr<const std::string>>;
    return renderings_.Do(etag, [&]() -> Png {
      if (auto hit = kept_.Get(etag)) return hit;
      if (auto wait = renders_.RetryAfter(remote))
        return Error::Make(ErrorCode::kRateLimited, std::to_string(wait->count()));
      renders_.Record(remote);
      auto png_bytes = badge::SvgToPng(svg, width);
      if (!png_bytes) return Error::Make(ErrorCode::kInternal, png_bytes.error().message);
      auto bytes = std::make_shared<const std::string>(std::move(*png_bytes));
      kept_.Put(etag, bytes, bytes->size());
      return bytes;
    });
  }

 private:
  LruCache<std::string> kept_;
  RateLimiter renders_;
  SingleFlight<Result<std::shared_ptr<const std::string>>> renderings_;
};

// Everything a badge's picture depends on, for its ETag: a suspension bumps
// the version, the day moves a mark into or out of its validity period, the
// site judgement picks the variant.
std::string BadgeMaterial(ServerContext& ctx, const std::string& number, const std::optional<MarkView>& view,
                          const badge::BadgeInput& input, badge::Lang lang, const badge::BadgeSite& site, bool png,
                          int width) {
  return std::string(kBadgeRenderVersion) + "\n" + std::string(badge::ToString(input.size)) + "\n" +
         (png ? "png" : "svg") + "\n" + std::to_string(width) + "\n" + ctx.public_url + "\n" + number + "\n" +
         (view ? std::to_string(view->mark.version) : "-") + "\n" + std::to_string(static_cast<int>(input.state)) +
         "\n" + std::string(badge::LangCode(lang)) + "\n" + badge::SiteKey(site) + "\n" + Today(ctx);
}

}  // namespace

void RegisterBadgeRoutes(Router& router, ServerContext& ctx) {
  // Prepared answers (public_cache.h): a warm badge or QR code is a probe
  // and a copy. Rendered PNGs are also kept by ETag, which names everything
  // a picture shows, so a write elsewhere in the registry costs no render.
  auto answers = std::make_shared<PublicCache>(4096, 8u << 20);
  auto pngs = std::make_shared<BadgePngs>(ctx.clock);

  // One handler for both sizes; `size` is part of every key and ETag.
  auto badge_handler = [&ctx, answers, pngs](badge::BadgeSize size) {
    return [&ctx, answers, pngs, size](const httplib::Request& req, httplib::Response& res) {
      const std::string number = NormalizeAskedNumber(req.matches[1].str());
      const bool png = req.matches[2] == "png";
      int width = 0;
      if (png) {
        const PngWidths widths = PngWidthsOf(size);
        auto w = IntParam(req, "width", widths.dflt, widths.min, widths.max);
        if (!w) return SendProblem(res, w.error());
        width = *w;
      }
      // Badges speak Japanese or English; zh/ko visitors get English.
      const badge::Lang lang = RequestLang(req) == badge::Lang::kJa ? badge::Lang::kJa : badge::Lang::kEn;
      // ClaimedHost ("" for none or unparsable: site not confirmed) decides the
      // site judgement together with the registry's state, which the key's
      // generation covers: one visitor's variant never answers another's.
      const std::string key = PublicCache::Key(ctx, "badge\n" + std::string(badge::ToString(size)) + "\n" + number +
                                                        "\n" + (png ? "png" : "svg") + std::to_string(width) + "\n" +
                                                        std::string(badge::LangCode(lang)) + "\n" + ClaimedHost(req));
      if (auto hit = answers->Get(key)) return PublicCache::Send(req, res, *hit);

      auto found = FindPublicMark(ctx, number);
      if (!found) return SendProblem(res, found.error());
      const std::optional<MarkView>& view = *found;
      // A number nobody registered says so wherever it is shown.
      const badge::BadgeSite site = view ? BadgeSiteFor(ctx, req, *view) : badge::BadgeSite::Registered();
      badge::BadgeInput input = view ? badge::BadgeInputFor(*view, ctx.public_url, lang, site)
                                     : badge::NotRegisteredBadgeInput(number, ctx.public_url, lang);
      input.size = size;
      PublicCache::Answer answer;
      answer.status = view ? 200 : 404;
      answer.content_type = png ? "image/png" : "image/svg+xml; charset=utf-8";
      answer.etag = StrongEtag(BadgeMaterial(ctx, number, view, input, lang, site, png, width));
      answer.headers = kBadgeHeaders;
      if (answer.status == 200 && IfNoneMatchHits(req, answer.etag)) {
        // The client has this picture: say so without drawing it.
        answer.body = std::make_shared<const std::string>();
        return PublicCache::Send(req, res, answer);
      }

      const std::string svg = badge::RenderBadgeSvg(input);
      if (!png) {
        answer.body = std::make_shared<const std::string>(svg);
      } else {
        auto rendered = pngs->Get(answer.etag, svg, width, req.remote_addr);
        if (!rendered && rendered.error().code == ErrorCode::kRateLimited) {
          res.set_header("Retry-After", rendered.error().message);
          return SendProblem(res, 429, "too many different badge images from this address; try again later");
        }
        if (!rendered) return SendProblem(res, rendered.error());
        answer.body = std::move(*rendered);
      }
      // A badge for a number nobody registered is drawn afresh each time: made-up
      // numbers must not be able to push real badges out of the cache.
      if (answer.status != 200) return PublicCache::Send(req, res, answer);
      PublicCache::Send(req, res, *answers->Put(key, std::move(answer)));
    };
  };
  // The compact route first: the number pattern would take "-compact" too.
  router.Get(std::string("/badge/([A-Za-z0-9]{1,32})-compact\\.(svg|png)"), badge_handler(badge::BadgeSize::kCompact));
  router.Get(std::string("/badge/") + kPublicNumberPattern + "\\.(svg|png)", badge_handler(badge::BadgeSize::kFull));

  router.Get(std::string("/qr/") + kPublicNumberPattern + "\\.(svg|png)", [&ctx, answers](const httplib::Request& req,
                                                                                          httplib::Response& res) {
    const std::string number = NormalizeAskedNumber(req.matches[1].str());
    const bool png = req.matches[2] == "png";
    int size = 0;
    if (png) {
      auto s = IntParam(req, "size", kQrPngDefaultSize, badge::kQrPngMinPx, badge::kQrPngMaxPx);
      if (!s) return SendProblem(res, s.error());
      size = *s;
    }
    // Numbers are never reused nor removed, so the code for a number that
    // exists never changes: this key needs no generation.
    const std::string key = "qr\n" + number + "\n" + (png ? "png" : "svg") + "\n" + std::to_string(size);
    if (auto hit = answers->Get(key)) return PublicCache::Send(req, res, *hit);
    // Only registered numbers get a QR code from the registry: a code for
    // any made-up number would look official on a fake sticker.
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendProblem(res, found.error());
    if (!*found) return SendProblem(res, 404, "no mark numbered " + number);
    const std::string url = mark::VerifyUrl(ctx.public_url, (*found)->mark.number);
    PublicCache::Answer answer;
    answer.content_type = png ? "image/png" : "image/svg+xml; charset=utf-8";
    answer.cache_control = "public, max-age=86400";
    answer.etag = StrongEtag(std::string("qr-1\n") + (png ? "png" : "svg") + "\n" + std::to_string(size) + "\n" + url);
    answer.headers = kImageHeaders;
    auto body = png ? badge::QrPng(url, size) : badge::QrSvg(url);
    if (!body) return SendProblem(res, body.error());
    answer.body = std::make_shared<const std::string>(std::move(*body));
    PublicCache::Send(req, res, *answers->Put(key, std::move(answer)));
  });
}

}  // namespace mark::http
