#include "pages/page_embed.h"

#include "badge/badge_svg.h"
#include "common/html_escape.h"
#include "common/mark_links.h"
#include "pages/page_common.h"
#include "pages/page_text.h"
#include "common/percent_encode.h"
#include "badge/verdict.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show
namespace {

Lang SnippetLang(Lang lang) { return lang == Lang::kJa ? Lang::kJa : Lang::kEn; }

// The three looks of a badge (badge/foreign_site.h), each as a pill in the badge's
// own words and colour and a sentence on when it shows.
std::string BadgeLooks(const UiText& t, Lang badge_lang) {
  const std::string valid_word(TextOf(Verdict::kValid, badge_lang).word);
  struct Look {
    Verdict verdict;
    std::string icon;
    std::string words;
    std::string_view when;
  };
  const Look looks[] = {
      {Verdict::kValid, "\u2713", valid_word, t.embed_look_valid},
      {Verdict::kForeignSite, "!", std::string(TextOf(Verdict::kForeignSite, badge_lang).word), t.embed_look_foreign},
      {Verdict::kSiteNotConfirmed, "?",
       valid_word + " · " + std::string(TextOf(Verdict::kSiteNotConfirmed, badge_lang).word),
       t.embed_look_not_confirmed},
  };
  std::string h = "<section class=\"card\" aria-labelledby=\"looks-h\"><h2 id=\"looks-h\">" +
                  EscapeHtml(t.embed_looks_heading) + "</h2><ul class=\"looks\">";
  for (const Look& l : looks)
    h += "<li><span class=\"pill " + std::string(StyleOf(l.verdict).css_class) + "\"><span aria-hidden=\"true\">" +
         l.icon + "</span> " + EscapeHtml(l.words) + "</span> " + EscapeHtml(l.when) + "</li>";
  return h + "</ul></section>\n";
}

// How to embed: copy, paste unchanged on a registered domain, never host
// the image yourself.
std::string HowTo(const UiText& t) {
  return "<section class=\"card\" aria-labelledby=\"how-h\"><h2 id=\"how-h\">" + EscapeHtml(t.embed_how_heading) +
         "</h2><ol class=\"steps\"><li>" + EscapeHtml(t.embed_how_1) + "</li><li>" + EscapeHtml(t.embed_how_2) +
         "</li><li>" + EscapeHtml(t.embed_how_3) + "</li></ol></section>\n";
}

// Each status of a mark as the badge shows it: the badge's word and colour
// (badge/verdict.h), and what the page language says it means.
std::string States(const UiText& t, Lang lang, Lang badge_lang) {
  std::string h = "<section class=\"card\" aria-labelledby=\"states-h\"><h2 id=\"states-h\">" +
                  EscapeHtml(t.embed_states_heading) + "</h2><p>" + EscapeHtml(t.embed_states_intro) +
                  "</p><ul class=\"looks\">";
  for (const Verdict v : {Verdict::kValid, Verdict::kNotYetValid, Verdict::kExpired, Verdict::kSuspended,
                          Verdict::kRevoked, Verdict::kReturned, Verdict::kNotRegistered}) {
    h += "<li><span class=\"pill " + std::string(StyleOf(v).css_class) + "\">" +
         EscapeHtml(TextOf(v, badge_lang).word) + "</span> " + EscapeHtml(TextOf(v, lang).headline) + "</li>";
  }
  return h + "</ul></section>\n";
}

// The snippet to copy for the full badge (the compact one's is CompactSection).
std::string Code(const UiText& t, const std::string& snippet) {
  std::string h = "<section class=\"card\" aria-labelledby=\"code-h\"><h2 id=\"code-h\">" + EscapeHtml(t.embed_code) +
                  " — " + EscapeHtml(t.embed_full_heading) + "</h2>";
  h += "<textarea id=\"snippet\" class=\"code\" rows=\"5\" readonly spellcheck=\"false\" aria-labelledby=\"code-h\">" +
       EscapeHtml(snippet) + "</textarea>";
  h += "<p><button type=\"button\" class=\"copy js-only\" data-copy=\"snippet\" data-msg-copied=\"" +
       EscapeHtml(t.embed_copied) + "\">" + EscapeHtml(t.embed_copy) +
       "</button> <span id=\"copy-result\" role=\"status\" aria-live=\"polite\"></span></p>";
  h += "<p class=\"note\">" + EscapeHtml(t.embed_https_note) + "</p>";
  return h + "</section>\n";
}

}  // namespace

// The compact badge: its own snippet and copy button, and a preview loaded
// from this origin as the full one's is.
static std::string CompactSection(const MarkView& mv, const EmbedPageInput& in, const UiText& t) {
  const MarkLinks paths = PathsFor(mv.mark.number);
  const std::string en = SnippetLang(in.lang) == Lang::kJa ? "" : "?lang=en";
  const BadgeDimensions d = DimensionsOf(BadgeSize::kCompact);
  std::string m = "<section class=\"card\" aria-labelledby=\"compact-h\"><h2 id=\"compact-h\">" +
                  EscapeHtml(t.embed_code) + " — " + EscapeHtml(t.embed_compact_heading) + "</h2>";
  m += "<p>" + EscapeHtml(t.embed_compact_intro) + "</p>";
  m += "<textarea id=\"snippet-compact\" class=\"code\" rows=\"4\" readonly spellcheck=\"false\" "
       "aria-labelledby=\"compact-h\">" +
       EscapeHtml(EmbedSnippet(mv, in.public_url, in.lang, BadgeSize::kCompact)) + "</textarea>";
  m += "<p><button type=\"button\" class=\"copy js-only\" data-copy=\"snippet-compact\" data-msg-copied=\"" +
       EscapeHtml(t.embed_copied) + "\">" + EscapeHtml(t.embed_copy) +
       "</button> <span id=\"copy-result-compact\" role=\"status\" aria-live=\"polite\"></span></p>";
  m += "<div class=\"preview\"><a href=\"" + EscapeHtml(paths.verify + en) + "\"><img src=\"" +
       EscapeHtml(paths.badge_compact_svg + en) + "\" width=\"" + std::to_string(d.width) + "\" height=\"" +
       std::to_string(d.height) + "\" alt=\"" + EscapeHtml(EmbedAltText(mv, in.lang)) + "\" referrerpolicy=\"" +
       std::string(kBadgeReferrerPolicy) + "\"></a></div>";
  return m + "</section>\n";
}

std::string EmbedAltText(const MarkView& view, Lang lang) {
  const Lang l = SnippetLang(lang);
  return std::string(l == Lang::kJa ? "安全・安心マーク " : "Safety & Security Mark ") + view.mark.number +
         std::string(UiTextFor(l).embed_alt_suffix);
}

std::string EmbedSnippet(const MarkView& view, std::string_view public_url, Lang lang, BadgeSize size) {
  const MarkLinks links = LinksFor(public_url, view.mark.number);
  const std::string q = SnippetLang(lang) == Lang::kJa ? "" : "?lang=en";
  const BadgeDimensions d = DimensionsOf(size);
  const std::string& src = size == BadgeSize::kCompact ? links.badge_compact_svg : links.badge_svg;
  return "<a href=\"" + EscapeHtml(links.verify + q) +
         "\" target=\"_blank\" rel=\"noopener\">"
         "<img src=\"" +
         EscapeHtml(src + q) + "\" width=\"" + std::to_string(d.width) + "\" height=\"" + std::to_string(d.height) +
         "\" alt=\"" + EscapeHtml(EmbedAltText(view, lang)) + "\" referrerpolicy=\"" +
         std::string(kBadgeReferrerPolicy) + "\"></a>";
}

std::string RenderEmbedPage(const EmbedPageInput& in) {
  const UiText& t = UiTextFor(in.lang);
  const MarkView& mv = in.view;
  const MarkLinks paths = PathsFor(mv.mark.number);
  PageFrame frame;
  frame.lang = in.lang;
  frame.lang_chosen = in.lang_chosen;
  frame.official_url = in.public_url;
  frame.path = paths.embed;
  frame.static_prefix = in.static_prefix;
  frame.body_class = "page-embed";
  frame.with_script = true;  // the copy button
  frame.title = std::string(t.embed_title) + ": " + mv.mark.number + " — " + std::string(t.site_name);

  const std::string snippet = EmbedSnippet(mv, in.public_url, in.lang);
  const std::string en = SnippetLang(in.lang) == Lang::kJa ? "" : "?lang=en";
  std::string m;
  m += "<section class=\"hero\"><h1>" + EscapeHtml(t.embed_title) + "</h1>";
  m += "<p class=\"verdict-sub\"><span class=\"num\">" + EscapeHtml(mv.mark.number) + "</span> · " +
       EscapeHtml(SnippetLang(in.lang) == Lang::kJa || mv.service.name_en.empty() ? mv.service.name
                                                                                  : mv.service.name_en) +
       " · <a href=\"" + EscapeHtml(paths.verify + LangQuery(in.lang, in.lang_chosen)) + "\">" +
       EscapeHtml(t.open_verify) + "</a></p>";
  m += "<p>" + EscapeHtml(t.embed_intro) + "</p></section>\n";

  m += HowTo(t);
  m += Code(t, snippet);
  m += CompactSection(mv, in, t);
  m += BadgeLooks(t, SnippetLang(in.lang));
  m += States(t, in.lang, SnippetLang(in.lang));

  // The preview loads the badge from this origin (CSP img-src 'self'), whose
  // pages the badge counts as registered; the attribute keeps the Referer on
  // even if a front sends a stricter Referrer-Policy.
  m += "<section class=\"card\" aria-labelledby=\"preview-h\"><h2 id=\"preview-h\">" + EscapeHtml(t.embed_preview) +
       "</h2>";
  m += "<div class=\"preview\"><a href=\"" + EscapeHtml(paths.verify + en) + "\"><img src=\"" +
       EscapeHtml(paths.badge_svg + en) + "\" width=\"" + std::to_string(kBadgeWidth) + "\" height=\"" +
       std::to_string(kBadgeHeight) + "\" alt=\"" + EscapeHtml(EmbedAltText(mv, in.lang)) + "\" referrerpolicy=\"" +
       std::string(kBadgeReferrerPolicy) + "\"></a></div></section>\n";

  m += "<section class=\"card\" aria-labelledby=\"dl-h\"><h2 id=\"dl-h\">" + EscapeHtml(t.embed_downloads) +
       "</h2><ul class=\"downloads\">";
  auto dl = [&](const std::string& href, std::string_view label, std::string_view kind) {
    m += "<li><a href=\"" + EscapeHtml(href) + "\" download>" + EscapeHtml(label) + " <span class=\"kind\">" +
         std::string(kind) + "</span></a></li>";
  };
  dl(paths.badge_svg, t.embed_badge, "SVG");
  dl(paths.badge_png, t.embed_badge, "PNG");
  dl(paths.badge_svg + "?lang=en", std::string(t.embed_badge) + " · " + std::string(t.embed_english), "SVG");
  dl(paths.badge_png + "?lang=en", std::string(t.embed_badge) + " · " + std::string(t.embed_english), "PNG");
  dl(paths.badge_compact_svg, t.embed_compact_badge, "SVG");
  dl(paths.badge_compact_png, t.embed_compact_badge, "PNG");
  dl(paths.qr_svg, t.embed_qr, "SVG");
  dl(paths.qr_png + "?size=512", t.embed_qr, "PNG 512px");
  m += "</ul><p class=\"note\">" + EscapeHtml(t.embed_print_note) + "</p></section>\n";
  return HtmlPage(frame, m);
}

}  // namespace mark::pages
