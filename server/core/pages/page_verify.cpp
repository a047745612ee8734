#include "pages/page_verify.h"

#include <algorithm>

#include "common/html_escape.h"
#include "common/trim.h"
#include "pages/page_common.h"
#include "pages/page_text.h"
#include "common/percent_encode.h"
#include "common/mark_links.h"
#include "badge/verdict.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show
namespace {

std::string_view IconFor(Verdict v) {
  switch (v) {
    case Verdict::kValid: return "\u2713";  // check mark
    case Verdict::kForeignSite: return "!";
    case Verdict::kSiteNotConfirmed:
    case Verdict::kUnknown: return "?";
    case Verdict::kExpired:
    case Verdict::kNotYetValid:
    case Verdict::kReturned: return "\u2013";
    default: return "\u2715";  // multiplication x
  }
}

std::string Fact(std::string_view label, const std::string& value_html) {
  return "<div><dt>" + EscapeHtml(label) + "</dt><dd>" + value_html + "</dd></div>";
}

enum class ItemForm { kText, kDomain };

std::string ListOrNone(const std::vector<std::string>& items, std::string_view none, std::string_view cls,
                       ItemForm form = ItemForm::kText) {
  if (items.empty()) return "<p class=\"none\">" + EscapeHtml(none) + "</p>";
  std::string h = "<ul class=\"" + std::string(cls) + "\">";
  for (const auto& i : items)
    h += "<li><code translate=\"no\">" + (form == ItemForm::kDomain ? DomainHtml(i) : EscapeHtml(i)) + "</code></li>";
  return h + "</ul>";
}

// The verdict card: word, headline, what is asked about (sub_html), since
// when (since_html), what it means, then the lines under it (after_html:
// the address check, the time of check, the signature line).
std::string VerdictBlock(Verdict v, Lang lang, const std::string& sub_html, const std::string& since_html,
                         const std::string& after_html) {
  const VerdictText vt = TextOf(v, lang);
  const VerdictStyle st = StyleOf(v);
  std::string h =
      "<section class=\"verdict " + std::string(st.css_class) + "\" id=\"verdict\" aria-labelledby=\"verdict-h\">";
  h += "<p class=\"verdict-word\"><span class=\"verdict-icon\" aria-hidden=\"true\">" + std::string(IconFor(v)) +
       "</span>" + EscapeHtml(vt.word) + "</p>";
  h += "<h1 id=\"verdict-h\">" + EscapeHtml(vt.headline) + "</h1>";
  h += sub_html;
  if (!since_html.empty()) h += "<p class=\"verdict-since\">" + since_html + "</p>";
  h += "<p class=\"verdict-text\">" + EscapeHtml(vt.explanation) + "</p>";
  h += after_html;
  h += "</section>\n";
  return h;
}

std::string OfficialBase(std::string_view public_url) { return std::string(TrimTrailingSlashes(public_url)); }

// "This page must be at {url}: check your address bar", and when the
// registry decided: the lines every verdict card ends with.
std::string AddressAndTime(const UiText& t, const VerifyPageInput& in, const std::string& path) {
  std::string h;
  if (!in.public_url.empty())
    h += "<p class=\"verdict-address\">" +
         FillTemplate(t.address_check, {{"url", "<strong class=\"official-url\">" +
                                                    EscapeHtml(OfficialBase(in.public_url) + path) + "</strong>"}}) +
         "</p>";
  if (in.checked_at)
    h += "<p class=\"verdict-checked\">" +
         FillTemplate(t.checked_at, {{"time", "<time datetime=\"" + FormatInstant(*in.checked_at) + "\">" +
                                                  EscapeHtml(FormatJstMinute(*in.checked_at)) + "</time>"}}) +
         "</p>";
  return h;
}

// Since when the mark is in its state, from the registry's dates.
std::string SinceHtml(const UiText& t, const MarkView& mv) {
  auto at = [](std::string_view tmpl, Date d) {
    return FillTemplate(tmpl, {{"date", "<time datetime=\"" + FormatDate(d) + "\">" + FormatDate(d) + "</time>"}});
  };
  switch (mv.status) {
    case MarkStatus::kValid: return at(t.since_valid, mv.mark.valid_until);
    case MarkStatus::kNotYetValid: return at(t.since_not_yet_valid, mv.mark.valid_from);
    case MarkStatus::kExpired: return at(t.since_expired, mv.mark.valid_until);
    case MarkStatus::kSuspended:
      return mv.mark.suspended_at ? at(t.since_suspended, JstDate(*mv.mark.suspended_at)) : std::string();
    case MarkStatus::kRevoked:
      return mv.mark.revoked_at ? at(t.since_revoked, JstDate(*mv.mark.revoked_at)) : std::string();
    case MarkStatus::kReturned:
      return mv.mark.returned_at ? at(t.since_returned, JstDate(*mv.mark.returned_at)) : std::string();
    // The registry cannot decide the state now, so there is no "since".
    case MarkStatus::kUnknown: return {};
  }
  return {};
}

// The prominent way to the report form, right under the verdict.
std::string ReportLink(const UiText& t) {
  return "<p class=\"report-link\"><a href=\"#report\">" + EscapeHtml(t.report_link) + " \u2192</a></p>\n";
}

// "Could not confirm": hidden until verify.js finds that the certificate
// does not hold (or the page is not at the official address), then shown in
// the verdict card's place. Never green.
std::string CouldNotConfirm(const UiText& t, const VerifyPageInput& in, const std::string& path) {
  const std::string url = in.public_url.empty() ? std::string() : OfficialBase(in.public_url);
  std::string h = "<section class=\"verdict st-could-not-confirm\" id=\"cnc\" hidden aria-labelledby=\"cnc-h\"";
  h += " data-msg-offsite=\"" + EscapeHtml(t.cnc_offsite_text) + "\">";
  h += "<p class=\"verdict-word\"><span class=\"verdict-icon\" aria-hidden=\"true\">!</span>" + EscapeHtml(t.cnc_word) +
       "</p>";
  h += "<h1 id=\"cnc-h\">" + EscapeHtml(t.cnc_headline) + "</h1>";
  h += "<p class=\"verdict-text\" id=\"cnc-text\">" + EscapeHtml(t.cnc_text) + "</p>";
  h += "<ol class=\"steps\"><li>" + EscapeHtml(t.mismatch_1) + "</li>";
  if (!url.empty())
    h += "<li>" +
         FillTemplate(t.cnc_step_address,
                      {{"url", "<strong class=\"official-url\">" + EscapeHtml(url + path) + "</strong>"}}) +
         "</li>";
  h += "<li><a href=\"#report\">" + EscapeHtml(t.cnc_step_report) + "</a></li></ol>";
  h += "</section>\n";
  return h;
}

// The signature line inside the verdict card: verify.js writes its outcome
// here. Without JavaScript it says that nothing was checked.
std::string SignatureLine(const UiText& t) {
  return "<p id=\"sig-result\" class=\"sig sig-unchecked\" role=\"status\" aria-live=\"polite\">" +
         EscapeHtml(t.sig_nojs) + "</p>";
}

// The comparison rule with an example made from the first domain: the host
// itself, or any host ending in "." + it; never one that only starts with it
// or looks like it.
std::string DomainExample(const UiText& t, const std::string& domain) {
  std::string lookalike = domain;
  if (const size_t dot = lookalike.find('.'); dot != std::string::npos) lookalike[dot] = '-';
  return "<p class=\"hint example\">" +
         FillTemplate(t.domains_example,
                      {{"domain", "<code translate=\"no\">" + DomainHtml(domain) + "</code>"},
                       {"good", "<code translate=\"no\">" + DomainHtml("www." + domain) + "</code>"},
                       {"bad1", "<code translate=\"no\">" + DomainHtml(domain + ".evil.example") + "</code>"},
                       {"bad2", "<code translate=\"no\">" + DomainHtml(lookalike) + "</code>"}}) +
         "</p>";
}

// What the mark means, and whom to ask.
std::string About(const UiText& t) {
  std::string h = "<section class=\"card about\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">" +
                  EscapeHtml(t.about_heading) + "</h2>";
  h += "<p>" + EscapeHtml(t.about_1) + "</p>";
  h += "<p>" +
       FillTemplate(t.about_contact, {{"site", "<a href=\"" + std::string(kCouncilUrl) + "\" rel=\"noopener\">" +
                                                   EscapeHtml(t.council_site) + "</a>"}}) +
       "</p>";
  return h + "</section>\n";
}

std::string ReportForm(const UiText& t, const VerifyPageInput& in) {
  std::string h = "<section class=\"card\" id=\"report\" aria-labelledby=\"report-h\">";
  h += "<h2 id=\"report-h\">" + EscapeHtml(t.report_heading) + "</h2>";
  h += "<p>" + EscapeHtml(t.report_intro) + "</p>";
  h += "<form id=\"report-form\" class=\"report\" data-endpoint=\"" + EscapeHtml(in.reports_url) +
       "\" data-msg-sent=\"" + EscapeHtml(t.report_sent) + "\" data-msg-failed=\"" + EscapeHtml(t.report_failed) +
       "\" data-msg-rate=\"" + EscapeHtml(t.report_rate) + "\">";
  h += "<input type=\"hidden\" name=\"number\" value=\"" + EscapeHtml(in.number) + "\">";
  h += "<label for=\"seen_at\">" + EscapeHtml(t.report_seen_at) + "</label>";
  h += "<input id=\"seen_at\" name=\"seen_at\" type=\"text\" maxlength=\"500\" autocomplete=\"off\" value=\"" +
       EscapeHtml(in.foreign_host.value_or("")) + "\">";
  h += "<label for=\"what\">" + EscapeHtml(t.report_what) + "</label>";
  h += "<textarea id=\"what\" name=\"what\" rows=\"4\" maxlength=\"2000\" required></textarea>";
  h += "<p class=\"nojs-only note\">" + EscapeHtml(t.report_nojs) + "</p>";
  // Disabled until verify.js takes over: the API takes JSON only, so a plain
  // form post could not succeed.
  h += "<button type=\"submit\" disabled>" + EscapeHtml(t.report_submit) + "</button>";
  h += "<p id=\"report-result\" class=\"result\" role=\"status\" aria-live=\"polite\"></p>";
  h += "</form></section>\n";
  return h;
}

std::string Mismatch(const UiText& t, bool wifi) {
  std::string h = "<section class=\"card\" aria-labelledby=\"mismatch-h\"><h2 id=\"mismatch-h\">" +
                  EscapeHtml(t.mismatch_heading) + "</h2><ol class=\"steps\">";
  h += "<li>" + EscapeHtml(t.mismatch_1) + "</li>";
  h += "<li>" + EscapeHtml(t.mismatch_2) + "</li>";
  if (wifi) h += "<li>" + EscapeHtml(t.mismatch_wifi) + "</li>";
  h += "<li>" + EscapeHtml(t.mismatch_3) + "</li>";
  return h + "</ol></section>\n";
}

std::string Neighbours(const UiText& t, Lang lang, const std::vector<IdentifierNeighbour>& list) {
  if (list.empty()) return "";
  const bool ja = lang == Lang::kJa;
  std::string h =
      "<section class=\"card neighbours\" id=\"neighbours\" aria-labelledby=\"neighbours-h\"><h2 id=\"neighbours-h\">" +
      EscapeHtml(t.neighbours_heading) + "</h2>";
  bool any_ssid = false;
  h += "<ul class=\"plain\">";
  for (const IdentifierNeighbour& n : list) {
    const std::string& service = (!ja && !n.service_name_en.empty()) ? n.service_name_en : n.service_name;
    const std::string& op = (!ja && !n.operator_name_en.empty()) ? n.operator_name_en : n.operator_name;
    std::string who = n.number.empty()
                          ? EscapeHtml(service) + " (" + EscapeHtml(op) + ")"
                          : "<a href=\"" + EscapeHtml(PathsFor(n.number).verify) + "\">" + EscapeHtml(service) +
                                "</a> (" + EscapeHtml(op) + ", " + EscapeHtml(t.mark_word) + " <span class=\"num\">" +
                                EscapeHtml(n.number) + "</span>)";
    std::vector<std::pair<std::string_view, std::string>> parts = {
        {"mine", "<code>" + EscapeHtml(n.mine) + "</code>"},
        {"theirs", "<code>" + EscapeHtml(n.theirs) + "</code>"},
        {"who", who},
        {"reason", EscapeHtml(n.reason)}};
    std::string_view line = n.kind == IdentifierNeighbour::Kind::kSharedDomain ? t.shared_domain_line
                            : n.kind == IdentifierNeighbour::Kind::kSameSsid   ? t.same_ssid_line
                                                                               : t.lookalike_ssid_line;
    any_ssid = any_ssid || n.kind != IdentifierNeighbour::Kind::kSharedDomain;
    h += "<li class=\"neighbour\">" + FillTemplate(line, parts) + "</li>";
  }
  h += "</ul>";
  if (any_ssid) h += "<p class=\"hint\">" + EscapeHtml(t.neighbours_hint) + "</p>";
  return h + "</section>\n";
}

std::string ForeignWarning(const UiText& t, const std::string& host) {
  return "<section class=\"alert st-foreign\" role=\"alert\"><p>" + EscapeHtml(t.foreign_before) +
         "<strong class=\"host\">" + DomainHtml(host) + "</strong>" + EscapeHtml(t.foreign_after) + "</p></section>\n";
}

}  // namespace

std::string RenderVerifyPage(const VerifyPageInput& in) {
  const UiText& t = UiTextFor(in.lang);
  PageFrame frame;
  frame.lang = in.lang;
  frame.lang_chosen = in.lang_chosen;
  frame.path = PathsFor(in.number).verify;
  frame.static_prefix = in.static_prefix;
  frame.body_class = "page-verify";
  frame.official_url = in.public_url.empty() ? std::string() : OfficialBase(in.public_url);
  std::string m;

  if (!in.view) {
    const Verdict v = Verdict::kNotRegistered;
    frame.title = std::string(TextOf(v, in.lang).word) + ": " + in.number + " — " + std::string(t.site_name);
    frame.with_script = true;  // for the report form
    std::string sub = "<p class=\"verdict-sub\">" + EscapeHtml(t.asked_number) + " <span class=\"num\">" +
                      EscapeHtml(in.number) + "</span></p>";
    m += VerdictBlock(v, in.lang, sub, "", AddressAndTime(t, in, frame.path));
    m += ReportLink(t);
    if (in.foreign_host) m += ForeignWarning(t, *in.foreign_host);
    m += "<section class=\"card\"><p>" + EscapeHtml(t.not_registered_hint) + "</p>";
    m += "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">";
    if (const std::string lq = LangQuery(in.lang, in.lang_chosen); !lq.empty())
      m += "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(LangCode(in.lang)) + "\">";
    m += "<label for=\"q\">" + EscapeHtml(t.search_label) +
         "</label><div class=\"row\"><input id=\"q\" name=\"q\" type=\"search\" value=\"" + EscapeHtml(in.number) +
         "\" maxlength=\"200\"><button type=\"submit\">" + EscapeHtml(t.search_button) +
         "</button></div></form></section>\n";
    m += Mismatch(t, false);
    m += About(t);
    m += ReportForm(t, in);
    return HtmlPage(frame, m);
  }

  const MarkView& mv = *in.view;
  const bool wifi = mv.service.scheme == Scheme::kWifi;
  const Verdict v = VerdictFor(BadgeStateOf(mv.status), in.foreign_host.has_value());
  const bool ja = in.lang == Lang::kJa;
  const std::string& service_name = (!ja && !mv.service.name_en.empty()) ? mv.service.name_en : mv.service.name;
  frame.path = PathsFor(mv.mark.number).verify;
  frame.title = std::string(TextOf(v, in.lang).word) + ": " + mv.mark.number + " " + service_name + " — " +
                std::string(t.site_name);
  frame.with_script = true;

  // The verdict: one answer, since when, what it means, where this page must
  // be, when the registry decided, and the browser's check as a quiet line.
  std::string sub = "<p class=\"verdict-sub\"><span class=\"num\">" + EscapeHtml(mv.mark.number) +
                    "</span> <span class=\"sep\">·</span> " + "<span class=\"svc\">" + EscapeHtml(service_name) +
                    "</span></p>";
  m += VerdictBlock(v, in.lang, sub, SinceHtml(t, mv), AddressAndTime(t, in, frame.path) + SignatureLine(t));
  // Right after the card, so that it is the top of the page once shown.
  m += CouldNotConfirm(t, in, frame.path);
  m += ReportLink(t);
  if (in.foreign_host) m += ForeignWarning(t, *in.foreign_host);

  // Compare: domains (ISP) or SSIDs and venues (Wi-Fi) first, as that is what
  // a consumer holds up against the screen or the Wi-Fi list.
  m += "<section class=\"card\" aria-labelledby=\"compare-h\"><h2 id=\"compare-h\">" + EscapeHtml(t.compare_heading) +
       "</h2>";
  auto domains = [&] {
    std::string h = "<h3>" + EscapeHtml(t.domains) + "</h3>";
    if (mv.service.domains.empty()) return h + ListOrNone(mv.service.domains, t.none, "chips domains");
    h += "<p class=\"hint\">" + EscapeHtml(t.domains_hint) + "</p>";
    h += ListOrNone(mv.service.domains, t.none, "chips domains", ItemForm::kDomain);
    return h + DomainExample(t, mv.service.domains.front());
  };
  if (wifi) {
    m += "<h3>" + EscapeHtml(t.ssids) + "</h3><p class=\"hint\">" + EscapeHtml(t.ssids_hint) + "</p>";
    m += ListOrNone(mv.service.ssids, t.none, "chips ssids");
    m += "<h3>" + EscapeHtml(t.venues) + "</h3>" + ListOrNone(mv.service.venues, t.none, "plain venues");
    m += domains();
  } else {
    m += domains();
    if (!mv.service.ssids.empty())
      m += "<h3>" + EscapeHtml(t.ssids) + "</h3>" + ListOrNone(mv.service.ssids, t.none, "chips ssids");
  }
  // A badge whose request named no page says "site not confirmed"; this page
  // is reached from a QR scan, which names none either, so it only explains.
  m += "<p class=\"hint\" id=\"site-not-confirmed\">" + EscapeHtml(t.site_not_confirmed_note) + "</p>";
  m += "</section>\n";
  m += Neighbours(t, in.lang, in.neighbours);

  // Details.
  m += "<section class=\"card\" aria-labelledby=\"details-h\"><h2 id=\"details-h\">" + EscapeHtml(t.details) +
       "</h2><dl class=\"facts\">";
  std::string svc = EscapeHtml(mv.service.name);
  if (!mv.service.name_en.empty() && mv.service.name_en != mv.service.name)
    svc += "<br><span class=\"alt\" lang=\"en\">" + EscapeHtml(mv.service.name_en) + "</span>";
  m += Fact(t.service, svc);
  std::string op = EscapeHtml(mv.op.name);
  if (!mv.op.name_en.empty() && mv.op.name_en != mv.op.name)
    op += "<br><span class=\"alt\" lang=\"en\">" + EscapeHtml(mv.op.name_en) + "</span>";
  m += Fact(t.operator_, op);
  if (!mv.op.corporate_number.empty())
    m += Fact(t.corporate_number, "<span class=\"num\">" + EscapeHtml(mv.op.corporate_number) + "</span>");
  if (const std::string url = SafeHttpUrl(mv.op.website); !url.empty())
    m += Fact(t.website, "<a href=\"" + EscapeHtml(url) + "\" rel=\"noopener noreferrer\">" + EscapeHtml(url) + "</a>");
  else if (!mv.op.website.empty())
    m += Fact(t.website, EscapeHtml(mv.op.website));
  m += Fact(t.number, "<span class=\"num\">" + EscapeHtml(mv.mark.number) + "</span>");
  m += Fact(t.scheme, EscapeHtml(wifi ? t.scheme_wifi : t.scheme_isp));
  m += Fact(t.validity, "<time datetime=\"" + FormatDate(mv.mark.valid_from) + "\">" + FormatDate(mv.mark.valid_from) +
                            "</time> – <time datetime=\"" + FormatDate(mv.mark.valid_until) + "\">" +
                            FormatDate(mv.mark.valid_until) + "</time>");
  m += Fact(t.granted, FormatDate(JstDate(mv.mark.granted_at)));
  m += Fact(t.first_review, EscapeHtml(ReviewBodyName(mv.mark.first_review_body, in.lang)));
  if (mv.status == MarkStatus::kSuspended) {
    if (mv.mark.suspended_at) m += Fact(t.suspended_at, FormatDate(JstDate(*mv.mark.suspended_at)));
    if (!mv.mark.suspension_reason.empty()) m += Fact(t.reason, EscapeHtml(mv.mark.suspension_reason));
  }
  if (mv.status == MarkStatus::kRevoked) {
    if (mv.mark.revoked_at) m += Fact(t.revoked_at, FormatDate(JstDate(*mv.mark.revoked_at)));
    if (!mv.mark.revocation_reason.empty()) m += Fact(t.reason, EscapeHtml(mv.mark.revocation_reason));
  }
  if (mv.status == MarkStatus::kReturned) {
    if (mv.mark.returned_at) m += Fact(t.returned_at, FormatDate(JstDate(*mv.mark.returned_at)));
    if (!mv.mark.return_reason.empty()) m += Fact(t.reason, EscapeHtml(mv.mark.return_reason));
  }
  m += "</dl>";
  m += "</section>\n";
  m += RenderHistorySection(in.history, in.lang);

  m += About(t);
  m += Mismatch(t, wifi);

  // The signature check's inputs and its technical details: verify.js reads
  // the data-* attributes and writes its outcome into #sig-result (in the
  // verdict card) and, when the certificate does not hold, shows #cnc.
  const std::string cert_url = in.certificate_url.empty() ? PathsFor(mv.mark.number).certificate : in.certificate_url;
  m += "<section class=\"card sig-card\" id=\"sig\" aria-labelledby=\"sig-h\" data-number=\"" +
       EscapeHtml(mv.mark.number) + "\" data-cert-url=\"" + EscapeHtml(cert_url) + "\" data-jwks-url=\"" +
       EscapeHtml(in.jwks_url) + "\" data-iss=\"" + EscapeHtml(in.issuer) + "\" data-origin=\"" +
       EscapeHtml(frame.official_url) + "\" data-msg-checking=\"" + EscapeHtml(t.sig_checking) +
       "\" data-msg-verified=\"" + EscapeHtml(t.sig_verified) + "\" data-msg-failed=\"" + EscapeHtml(t.sig_failed) +
       "\" data-msg-unavailable=\"" + EscapeHtml(t.sig_unavailable) + "\">";
  m += "<h2 id=\"sig-h\">" + EscapeHtml(t.sig_heading) + "</h2><p>" + EscapeHtml(t.sig_intro) + "</p>";
  m += "<p class=\"small\"><a href=\"" + EscapeHtml(cert_url) + "\">" + EscapeHtml(t.certificate) +
       "</a> · <a href=\"" + EscapeHtml(in.jwks_url) + "\">" + EscapeHtml(t.public_keys) + "</a></p>";
  m += "</section>\n";

  m += ReportForm(t, in);
  return HtmlPage(frame, m);
}

}  // namespace mark::pages
