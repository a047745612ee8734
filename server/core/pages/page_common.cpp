#include "pages/page_common.h"

#include <algorithm>
#include <cctype>

#include "common/html_escape.h"
#include "pages/page_text.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show

std::string SafeHttpUrl(std::string_view url) {
  std::string lower;
  for (const char c : url.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool http = lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
  if (!http || url.size() > 2048) return {};
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return {};
  return std::string(url);
}

std::string LangQuery(Lang lang, bool chosen) {
  if (lang == Lang::kJa && !chosen) return {};
  return "?lang=" + std::string(LangCode(lang));
}

std::string FillTemplate(std::string_view tmpl, const std::vector<std::pair<std::string_view, std::string>>& html) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    const size_t open = tmpl.find('{', pos);
    const size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view name = tmpl.substr(open + 1, close - open - 1);
    auto it = std::find_if(html.begin(), html.end(), [&](const auto& p) { return p.first == name; });
    out += EscapeHtml(tmpl.substr(pos, open - pos));
    out += it != html.end() ? it->second : EscapeHtml(tmpl.substr(open, close - open + 1));
    pos = close + 1;
  }
  return out + EscapeHtml(tmpl.substr(std::min(pos, tmpl.size())));
}

std::string DomainHtml(std::string_view domain) {
  std::string h = "<span class=\"domain\">";
  size_t start = 0;
  while (start <= domain.size()) {
    const size_t dot = domain.find('.', start + 1);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (start > 0) h += "<wbr>";
    h += "<span class=\"dl\">" + EscapeHtml(label) + "</span>";
    if (dot == std::string_view::npos) break;
    start = dot;
  }
  return h + "</span>";
}

std::string HtmlPage(const PageFrame& f, std::string_view main_html) {
  const UiText& t = UiTextFor(f.lang);
  const std::string prefix = EscapeHtml(f.static_prefix);
  std::string h;
  h.reserve(main_html.size() + 3000);
  h += "<!doctype html>\n<html lang=\"" + std::string(LangTag(f.lang)) + "\">\n<head>\n";
  h += "<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<meta name=\"color-scheme\" content=\"light\">\n";
  h += "<title>" + EscapeHtml(f.title) + "</title>\n";
  h += "<link rel=\"stylesheet\" href=\"" + prefix + "/site.css\">\n";
  if (f.with_script) h += "<script src=\"" + prefix + "/verify.js\" defer></script>\n";
  h += "</head>\n<body class=\"" + EscapeHtml(f.body_class) + "\">\n";

  h += "<header class=\"site\"><div class=\"wrap\">";
  h += "<div class=\"brand-block\"><a class=\"brand\" href=\"/" + LangQuery(f.lang, f.lang_chosen) +
       "\"><span class=\"brand-mark\" aria-hidden=\"true\"></span>" + EscapeHtml(t.site_name) + "</a>";
  if (!f.official_url.empty())
    h += "<p class=\"official\">" + EscapeHtml(t.official_address) + " <strong class=\"official-url\">" +
         EscapeHtml(f.official_url) + "</strong></p>";
  h += "</div>";
  h += "<nav class=\"langs\" aria-label=\"" + EscapeHtml(t.language) + "\"><ul>";
  struct Option {
    Lang lang;
    std::string_view label;
  };
  for (const Option o : {Option{Lang::kJa, "日本語"}, Option{Lang::kEn, "English"}, Option{Lang::kZh, "中文"},
                         Option{Lang::kKo, "한국어"}}) {
    std::string href = f.path + "?lang=" + std::string(LangCode(o.lang));
    if (!f.keep_query.empty()) href += "&" + f.keep_query;
    h += "<li>";
    if (o.lang == f.lang)
      h += "<span aria-current=\"true\" lang=\"" + std::string(LangTag(o.lang)) + "\">" + std::string(o.label) +
           "</span>";
    else
      h += "<a href=\"" + EscapeHtml(href) + "\" lang=\"" + std::string(LangTag(o.lang)) + "\" hreflang=\"" +
           std::string(LangTag(o.lang)) + "\">" + std::string(o.label) + "</a>";
    h += "</li>";
  }
  h += "</ul></nav></div></header>\n";

  h += "<main id=\"main\" class=\"wrap\">\n";
  h += main_html;
  h += "</main>\n";

  h += "<footer class=\"site\"><div class=\"wrap\">";
  h += "<p>" + EscapeHtml(t.footer_source) + " " + EscapeHtml(t.footer_privacy) + "</p>";
  h += "<p><a href=\"/" + LangQuery(f.lang, f.lang_chosen) + "\">" + EscapeHtml(t.search_link) + "</a> · " +
       "<a href=\"/.well-known/jwks.json\">" + EscapeHtml(t.public_keys) + "</a></p>";
  h += "<p class=\"council\"><a href=\"" + std::string(kCouncilUrl) + "\" rel=\"noopener\">" + EscapeHtml(t.council) +
       "</a></p>";
  h += "</div></footer>\n</body>\n</html>\n";
  return h;
}

}  // namespace mark::pages
