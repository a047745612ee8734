#include "http/public_request.h"

#include <cctype>

#include "badge/foreign_site.h"
#include "common/search_key.h"
#include "registry/mark_number.h"

namespace mark::http {

badge::Lang RequestLang(const httplib::Request& req) {
  auto it = req.params.find("lang");
  return it == req.params.end() ? badge::Lang::kJa : badge::ParseLang(it->second);
}

PageLang RequestPageLang(const httplib::Request& req) {
  if (auto it = req.params.find("lang"); it != req.params.end())
    if (auto chosen = badge::ParseLangIfKnown(it->second)) return {*chosen, true};
  return {badge::LangFromAcceptLanguage(req.get_header_value("Accept-Language")).value_or(badge::Lang::kJa), false};
}

std::string ClaimedOrigin(const httplib::Request& req) {
  // Only the first of each header counts; a browser sends one.
  if (req.has_header("Origin")) {
    std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && origin != "null") return origin;
  }
  return req.get_header_value("Referer");
}

std::string ClaimedHost(const httplib::Request& req) { return badge::HostOf(ClaimedOrigin(req)).value_or(""); }

std::string NormalizeAskedNumber(std::string_view asked) { return MarkNumberKey(asked); }

Result<std::optional<MarkView>> FindPublicMark(ServerContext& ctx, const std::string& number) {
  if (!registry::ParseMarkNumber(number)) return std::optional<MarkView>();
  auto view = ctx.registry.GetMark(number);
  if (view) return std::optional<MarkView>(std::move(*view));
  if (view.error().code == ErrorCode::kNotFound) return std::optional<MarkView>();
  return view.error();
}

badge::BadgeSite BadgeSiteFor(ServerContext& ctx, const httplib::Request& req, const MarkView& view) {
  return badge::JudgeBadgeSite(ClaimedOrigin(req), view.service.domains, ctx.public_url);
}

std::optional<std::string> ForeignHostFor(ServerContext& ctx, const httplib::Request& req,
                                          const std::optional<MarkView>& view) {
  const std::string claimed = ClaimedOrigin(req);
  if (claimed.empty()) return std::nullopt;
  static const std::vector<std::string> kNoDomains;
  return badge::ForeignHost(claimed, view ? view->service.domains : kNoDomains, ctx.public_url);
}

}  // namespace mark::http
