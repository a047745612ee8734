#include "pages/page_search.h"

#include "common/html_escape.h"
#include "pages/page_common.h"
#include "pages/page_text.h"
#include "common/percent_encode.h"
#include "common/utf8_text.h"
#include "common/mark_links.h"
#include "badge/verdict.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show

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
  m += "<section class=\"hero\"><h1>" + EscapeHtml(t.search_heading) + "</h1><p>" + EscapeHtml(t.search_intro) + "</p>";
  m += "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">";
  if (!LangQuery(in.lang, in.lang_chosen).empty())
    m += "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(LangCode(in.lang)) + "\">";
  m += "<label for=\"q\">" + EscapeHtml(t.search_label) + "</label><div class=\"row\">";
  m += "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" autocomplete=\"off\" value=\"" +
       EscapeHtml(query) + "\">";
  m += "<button type=\"submit\">" + EscapeHtml(t.search_button) + "</button></div></form></section>\n";

  if (!query.empty()) {
    m += "<section aria-labelledby=\"results-h\"><h2 id=\"results-h\">" + EscapeHtml(t.results_heading) +
         " <span class=\"count\">" + std::to_string(in.results.size()) + EscapeHtml(t.results_suffix) + "</span></h2>";
    if (in.results.empty()) {
      // Only a number or a domain that is not registered says something
      // about a mark in front of someone; a name that finds nothing may be
      // typed another way.
      const std::string q = "<strong class=\"num\">" + EscapeHtml(in.query_exact) + "</strong>";
      m += "<div class=\"empty\">";
      if (in.query_kind == SearchPageInput::QueryKind::kNumber)
        m += "<p class=\"warn\">" + FillTemplate(t.no_results_number, {{"q", q}}) + "</p>";
      else if (in.query_kind == SearchPageInput::QueryKind::kDomain)
        m += "<p class=\"warn\">" + FillTemplate(t.no_results_domain, {{"q", q}}) + "</p>";
      else
        m += "<p>" + EscapeHtml(t.no_results) + "</p>";
      m += "<p class=\"tips\">" + EscapeHtml(t.search_tips) + "</p></div>";
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
          m += "<li class=\"hit near\"><a href=\"" + EscapeHtml(href) + "\">";
          m += "<span class=\"pill st-near\">" + EscapeHtml(t.near_ssid_word) + "</span>";
          m += "<span class=\"pill muted\">" + EscapeHtml(TextOf(v, in.lang).word) + "</span>";
        } else {
          m += "<li class=\"hit " + std::string(st.css_class) + "\"><a href=\"" + EscapeHtml(href) + "\">";
          m += "<span class=\"pill " + std::string(st.css_class) + "\">" + EscapeHtml(TextOf(v, in.lang).word) +
               "</span>";
        }
        m += "<span class=\"num\">" + EscapeHtml(mv.mark.number) + "</span>";
        m += "<strong class=\"svc\">" + EscapeHtml(svc) + "</strong>";
        m += "<span class=\"op\">" + EscapeHtml(op) + "</span>";
        m += "<span class=\"meta\">" + EscapeHtml(mv.service.scheme == Scheme::kWifi ? t.scheme_wifi : t.scheme_isp) +
             " · " + EscapeHtml(t.valid_until) + " " + FormatDate(mv.mark.valid_until) + "</span>";
        if (near != in.near_ssid.end())
          m += "<span class=\"near-note\">" +
               FillTemplate(t.near_ssid_note,
                            {{"theirs", "<code translate=\"no\">" + EscapeHtml(near->second) + "</code>"}}) +
               "</span>";
        m += "<span class=\"go\">" + EscapeHtml(t.open_verify) + " →</span>";
        m += "</a></li>";
      }
      m += "</ol>";
      if (!in.next_cursor.empty()) {
        std::string href = "/?q=" + PercentEncode(query) + "&cursor=" + PercentEncode(in.next_cursor);
        if (!LangQuery(in.lang, in.lang_chosen).empty()) href += "&lang=" + std::string(LangCode(in.lang));
        m += "<p class=\"more\"><a href=\"" + EscapeHtml(href) + "\">" + EscapeHtml(t.next_page) + " →</a></p>";
      }
    }
    m += "</section>\n";
  }

  m += "<section class=\"card about\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">" + EscapeHtml(t.about_heading) +
       "</h2>";
  m += "<p>" + EscapeHtml(t.about_1) + "</p><p>" + EscapeHtml(t.about_2) + "</p></section>\n";
  return HtmlPage(frame, m);
}

}  // namespace mark::pages
