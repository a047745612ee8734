#include "badge/page_search.h"

#include "badge/html_escape.h"
#include "badge/mark_links.h"
#include "badge/page_common.h"
#include "badge/page_text.h"
#include "badge/percent_encode.h"
#include "badge/utf8_text.h"
#include "badge/verdict.h"

namespace mark::badge {
namespace {

std::string E(std::string_view s) { return EscapeHtml(s); }

}  // namespace

std::string RenderSearchPage(const SearchPageInput& in) {
  const UiText& t = UiTextFor(in.lang);
  const bool ja = in.lang == Lang::kJa;
  const std::string query = TruncateCodePoints(in.query, 200, "");
  PageFrame frame;
  frame.lang = in.lang;
  frame.lang_chosen = in.lang_chosen;
  frame.official_url = in.public_url;
  frame.path = "/";
  if (!query.empty()) frame.keep_query = "q=" + PercentEncode(query);
  frame.static_prefix = in.static_prefix;
  frame.body_class = "page-search";
  frame.title = query.empty() ? std::string(t.site_name) : query + " — " + std::string(t.site_name);

  std::string m;
  m += "<section class=\"hero\"><h1>" + E(t.search_heading) + "</h1><p>" + E(t.search_intro) + "</p>";
  m += "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">";
  if (!LangQuery(in.lang, in.lang_chosen).empty())
    m += "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(LangCode(in.lang)) + "\">";
  m += "<label for=\"q\">" + E(t.search_label) + "</label><div class=\"row\">";
  m += "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" autocomplete=\"off\" value=\"" + E(query) + "\">";
  m += "<button type=\"submit\">" + E(t.search_button) + "</button></div></form></section>\n";

  if (!query.empty()) {
    m += "<section aria-labelledby=\"results-h\"><h2 id=\"results-h\">" + E(t.results_heading) + " <span class=\"count\">" +
         std::to_string(in.results.size()) + E(t.results_suffix) + "</span></h2>";
    if (in.results.empty()) {
      // Only a number or a domain that is not registered says something
      // about a mark in front of someone; a name that finds nothing may be
      // typed another way.
      const std::string q = "<strong class=\"num\">" + E(in.query_exact) + "</strong>";
      m += "<div class=\"empty\">";
      if (in.query_kind == SearchPageInput::QueryKind::kNumber)
        m += "<p class=\"warn\">" + FillTemplate(t.no_results_number, {{"q", q}}) + "</p>";
      else if (in.query_kind == SearchPageInput::QueryKind::kDomain)
        m += "<p class=\"warn\">" + FillTemplate(t.no_results_domain, {{"q", q}}) + "</p>";
      else
        m += "<p>" + E(t.no_results) + "</p>";
      m += "<p class=\"tips\">" + E(t.search_tips) + "</p></div>";
    } else {
      m += "<ol class=\"results\">";
      for (const MarkView& mv : in.results) {
        const Verdict v = VerdictFor(BadgeStateOf(mv.status), false);
        const VerdictStyle st = StyleOf(v);
        const std::string& svc = (!ja && !mv.service.name_en.empty()) ? mv.service.name_en : mv.service.name;
        const std::string& op = (!ja && !mv.op.name_en.empty()) ? mv.op.name_en : mv.op.name;
        const std::string href = PathsFor(mv.mark.number).verify + LangQuery(in.lang, in.lang_chosen);
        const auto near = in.near_ssid.find(mv.mark.number);
        if (near != in.near_ssid.end()) {
          // Not the network typed: no status colour of its own, the label first.
          m += "<li class=\"hit near\"><a href=\"" + E(href) + "\">";
          m += "<span class=\"pill st-near\">" + E(t.near_ssid_word) + "</span>";
          m += "<span class=\"pill muted\">" + E(TextOf(v, in.lang).word) + "</span>";
        } else {
          m += "<li class=\"hit " + std::string(st.css_class) + "\"><a href=\"" + E(href) + "\">";
          m += "<span class=\"pill " + std::string(st.css_class) + "\">" + E(TextOf(v, in.lang).word) + "</span>";
        }
        m += "<span class=\"num\">" + E(mv.mark.number) + "</span>";
        m += "<strong class=\"svc\">" + E(svc) + "</strong>";
        m += "<span class=\"op\">" + E(op) + "</span>";
        m += "<span class=\"meta\">" + E(mv.service.scheme == Scheme::kWifi ? t.scheme_wifi : t.scheme_isp) + " · " +
             E(t.valid_until) + " " + FormatDate(mv.mark.valid_until) + "</span>";
        if (near != in.near_ssid.end())
          m += "<span class=\"near-note\">" +
               FillTemplate(t.near_ssid_note, {{"theirs", "<code translate=\"no\">" + E(near->second) + "</code>"}}) + "</span>";
        m += "<span class=\"go\">" + E(t.open_verify) + " →</span>";
        m += "</a></li>";
      }
      m += "</ol>";
      if (!in.next_cursor.empty()) {
        std::string href = "/?q=" + PercentEncode(query) + "&cursor=" + PercentEncode(in.next_cursor);
        if (!LangQuery(in.lang, in.lang_chosen).empty()) href += "&lang=" + std::string(LangCode(in.lang));
        m += "<p class=\"more\"><a href=\"" + E(href) + "\">" + E(t.next_page) + " →</a></p>";
      }
    }
    m += "</section>\n";
  }

  m += "<section class=\"card about\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">" + E(t.about_heading) + "</h2>";
  m += "<p>" + E(t.about_1) + "</p><p>" + E(t.about_2) + "</p></section>\n";
  return HtmlPage(frame, m);
}

}  // namespace mark::badge
