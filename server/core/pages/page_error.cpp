#include "pages/page_error.h"

#include "common/html_escape.h"
#include "pages/page_common.h"
#include "pages/page_text.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show

std::string RenderErrorPage(const ErrorPageInput& in) {
  const UiText& t = UiTextFor(in.lang);
  std::string_view title = t.error_client_title;
  std::string_view text = t.error_client_text;
  if (in.status == 404 || in.status == 410) {
    title = t.error_not_found_title;
    text = t.error_not_found_text;
  } else if (in.status == 429 || in.status >= 500) {
    title = t.error_server_title;
    text = t.error_server_text;
  }
  PageFrame frame;
  frame.lang = in.lang;
  frame.lang_chosen = in.lang_chosen;
  frame.official_url = in.public_url;
  frame.path = "/";
  frame.static_prefix = in.static_prefix;
  frame.body_class = "page-error";
  frame.title = std::string(title) + " — " + std::string(t.site_name);
  std::string m = "<section class=\"hero\"><h1>" + EscapeHtml(title) + "</h1><p>" + EscapeHtml(text) +
                  "</p><p class=\"small\">HTTP " + std::to_string(in.status) + "</p></section>\n";
  m += "<section class=\"card\"><form class=\"search\" action=\"/\" method=\"get\" role=\"search\">";
  if (!LangQuery(in.lang, in.lang_chosen).empty())
    m += "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(LangCode(in.lang)) + "\">";
  m += "<label for=\"q\">" + EscapeHtml(t.search_label) + "</label><div class=\"row\">";
  m += "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" autocomplete=\"off\">";
  m += "<button type=\"submit\">" + EscapeHtml(t.search_button) + "</button></div></form></section>\n";
  return HtmlPage(frame, m);
}

}  // namespace mark::pages
