#include "common/mark_links.h"

#include "common/percent_encode.h"
#include "common/trim.h"

namespace mark {
namespace {

std::string Base(std::string_view public_url) { return std::string(TrimTrailingSlashes(public_url)); }

}  // namespace

std::string VerifyUrl(std::string_view public_url, std::string_view number) {
  return Base(public_url) + "/v/" + PercentEncode(number);
}

MarkLinks LinksFor(std::string_view public_url, std::string_view number) {
  const std::string base = Base(public_url);
  const std::string n = PercentEncode(number);
  const std::string api = base + "/api/v1/marks/" + n;
  MarkLinks l;
  l.self = api;
  l.verify = base + "/v/" + n;
  l.feed = l.verify + "/feed.atom";
  l.badge_svg = base + "/badge/" + n + ".svg";
  l.badge_png = base + "/badge/" + n + ".png";
  l.badge_compact_svg = base + "/badge/" + n + "-compact.svg";
  l.badge_compact_png = base + "/badge/" + n + "-compact.png";
  l.qr_svg = base + "/qr/" + n + ".svg";
  l.qr_png = base + "/qr/" + n + ".png";
  l.certificate = api + "/certificate";
  l.status_jwt = api + "/status.jwt";
  l.history = api + "/history";
  l.embed = base + "/embed/" + n;
  return l;
}

MarkLinks PathsFor(std::string_view number) { return LinksFor("", number); }

}  // namespace mark
