#include "badge/badge_svg.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "common/html_escape.h"
#include "common/mark_links.h"
#include "badge/qr_code.h"
#include "common/utf8_text.h"

namespace mark::badge {
namespace {

constexpr std::string_view kFont = "'Noto Sans CJK JP',sans-serif";  // Debian fonts-noto-cjk; browsers fall back
constexpr double kLeftWidth = 248;                                   // text column; the QR sits right of it
constexpr double kBandTop = 30;                                      // header band height
constexpr double kBandBottom = 92;                                   // status band starts here

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

struct Words {
  std::string_view mark;          // 安全・安心マーク
  std::string_view scheme;        // ISP / 公衆無線LAN
  std::string_view number_label;  // 管理番号
  std::string_view until_label;   // 有効期限
  std::string_view unknown_name;  // shown instead of a service for unknown numbers
  std::string_view qr_missing;
};

Words WordsFor(bool ja, Scheme scheme) {
  if (ja)
    return {"安全・安心マーク", scheme == Scheme::kIsp ? "ISP" : "公衆無線LAN",
            "管理番号",         "有効期限",
            "登録簿にない番号", "QRなし"};
  return {"Safety & Security Mark",
          scheme == Scheme::kIsp ? "ISP" : "Public Wi-Fi",
          "No.",
          "Valid until",
          "Not in the registry",
          "no QR"};
}

// A small icon in a white disc: check for valid, cross for revoked/suspended/
// not registered, "!" for the foreign-site warning, "?" for a site not
// confirmed and for a status the registry cannot decide (in grey), a dash
// for time states and for a returned mark (neutral).
std::string Icon(Verdict v, std::string_view colour, double cx, double cy) {
  std::string s = "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy) + "\" r=\"8\" fill=\"#fff\"/>";
  const std::string stroke = "fill=\"none\" stroke=\"" + std::string(colour) +
                             "\" stroke-width=\"2.2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"";
  auto p = [&](double x, double y) { return Num(cx + x) + ' ' + Num(cy + y); };
  switch (v) {
    case Verdict::kValid:
      s += "<path " + stroke + " d=\"M" + p(-4, 0.2) + "L" + p(-1.2, 3) + "L" + p(4, -3) + "\"/>";
      break;
    case Verdict::kSuspended:
    case Verdict::kRevoked:
    case Verdict::kNotRegistered:
      s += "<path " + stroke + " d=\"M" + p(-3.2, -3.2) + "L" + p(3.2, 3.2) + "M" + p(3.2, -3.2) + "L" + p(-3.2, 3.2) +
           "\"/>";
      break;
    case Verdict::kForeignSite:
      s += "<path " + stroke + " d=\"M" + p(0, -4.2) + "L" + p(0, 1) + "\"/>";
      s += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy + 4) + "\" r=\"1.3\" fill=\"" + std::string(colour) + "\"/>";
      break;
    case Verdict::kExpired:
    case Verdict::kNotYetValid:
    case Verdict::kReturned: s += "<path " + stroke + " d=\"M" + p(-3.8, 0) + "L" + p(3.8, 0) + "\"/>"; break;
    case Verdict::kSiteNotConfirmed:
    case Verdict::kUnknown:
      s += "<path " + stroke + " d=\"M" + p(-2.6, -2) + "A2.7 2.7 0 1 1 " + p(0.6, 0.4) + "Q" + p(0, 0.9) + " " +
           p(0, 1.6) + "\"/>";
      s += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy + 4.3) + "\" r=\"1.3\" fill=\"" + std::string(colour) +
           "\"/>";
      break;
  }
  return s;
}

}  // namespace

BadgeInput BadgeInputFor(const MarkView& view, std::string_view public_url, Lang lang, BadgeSite site) {
  BadgeInput in;
  in.scheme = view.service.scheme;
  in.service_name = view.service.name;
  in.service_name_en = view.service.name_en;
  in.number = view.mark.number;
  in.valid_until = FormatDate(view.mark.valid_until);
  in.state = BadgeStateOf(view.status);
  in.site = std::move(site);
  in.lang = lang;
  in.verify_url = VerifyUrl(public_url, view.mark.number);
  return in;
}

BadgeInput NotRegisteredBadgeInput(std::string_view number, std::string_view public_url, Lang lang) {
  BadgeInput in;
  in.number = std::string(number);
  in.state = BadgeState::kNotRegistered;
  in.lang = lang;
  in.verify_url = VerifyUrl(public_url, number);
  return in;
}

namespace {

// What both sizes say, worked out once: the verdict and its look, the words,
// and the one-sentence label for <title> and aria-label.
struct Said {
  Verdict verdict;
  VerdictStyle style;
  VerdictText text;  // the state word (a site not confirmed keeps the mark's own)
  Words w;
  bool ja;
  bool registered;
  bool not_confirmed;
  std::string number;  // shortened to fit
  std::string name;    // whole (sanitised); the drawing shortens it
  std::string note;    // the status band's note
  std::string label;   // escaped for XML
};

Said Say(const BadgeInput& in) {
  Said s{};
  s.ja = in.lang == Lang::kJa;
  const Lang text_lang = s.ja ? Lang::kJa : Lang::kEn;
  s.verdict = VerdictFor(in.state, in.site);
  s.style = StyleOf(s.verdict);
  // A site not confirmed keeps the mark's own state word ("有効") and says
  // what is missing beside it, so the status stays readable.
  s.not_confirmed = s.verdict == Verdict::kSiteNotConfirmed;
  s.text = TextOf(s.not_confirmed ? VerdictFor(in.state, BadgeSite::Registered()) : s.verdict, text_lang);
  const VerdictText site_text = TextOf(Verdict::kSiteNotConfirmed, text_lang);
  s.w = WordsFor(s.ja, in.scheme);
  s.registered = in.state != BadgeState::kNotRegistered;
  s.number = TruncateCodePoints(in.number, 16);
  if (s.registered)
    s.name = SanitizeUtf8((!s.ja && !in.service_name_en.empty()) ? in.service_name_en : in.service_name);
  else
    s.name = std::string(s.w.unknown_name);
  s.note = std::string(s.text.badge_note);
  if (s.verdict == Verdict::kForeignSite) {
    s.note = in.site.host;  // the word already says "foreign site"; the host says which
  } else if (s.not_confirmed) {
    s.note = std::string(site_text.word);
  }

  // Title / aria-label: everything a screen reader needs in one sentence,
  // the live state included, and the service's whole name (the drawing may
  // shorten it).
  std::string label = std::string(s.w.mark);
  if (s.registered) label += " (" + std::string(s.w.scheme) + ")";
  label += " " + TruncateCodePoints(s.name, 200) + ", " + std::string(s.w.number_label) + " " + s.number;
  if (s.registered && !in.valid_until.empty())
    label += ", " + std::string(s.w.until_label) + " " + TruncateCodePoints(in.valid_until, 10);
  label += ": " + std::string(s.text.word);
  if (s.not_confirmed)
    label += " · " + std::string(site_text.word) + " (" + std::string(site_text.badge_note) + ")";
  else if (s.verdict == Verdict::kForeignSite)
    label += s.ja ? " (" + TruncateCodePoints(s.note, 80) + " は登録されたサイトではありません)"
                  : " (" + TruncateCodePoints(s.note, 80) + " is not registered for this mark)";
  else if (!s.note.empty())
    label += " (" + s.note + ")";
  s.label = EscapeXml(label);
  return s;
}

std::string SvgOpen(const Said& said, const BadgeInput& in) {
  const BadgeDimensions d = DimensionsOf(in.size);
  std::string s;
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(d.width) + "\" height=\"" +
       std::to_string(d.height) + "\" viewBox=\"0 0 " + std::to_string(d.width) + ' ' + std::to_string(d.height) +
       "\" role=\"img\" aria-label=\"" + said.label + "\" xml:lang=\"" +
       std::string(LangTag(said.ja ? Lang::kJa : Lang::kEn)) + "\" data-size=\"" + std::string(ToString(in.size)) +
       "\" font-family=\"" + std::string(kFont) + "\">";
  s += "<title>" + said.label + "</title>";
  if (said.verdict != Verdict::kValid) {
    // Diagonal hatching behind the text: a non-valid badge looks different
    // even to someone who reads neither language nor sees colour well.
    s += "<defs><pattern id=\"h\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"" +
         std::string(said.style.tint) + "\"/><rect width=\"4\" height=\"10\" fill=\"" + std::string(said.style.colour) +
         "\" fill-opacity=\"0.10\"/></pattern></defs>";
  }
  return s;
}

// The status band's text: the state word and its note, from x = `left` to
// `right` on baseline `y`. A site not confirmed shows "有効 · 掲載サイト未確認"
// in full, as large as fits: first the note, then the word gives way, never
// below kBadgeMinTextPx; any other note is shortened to what is left.
std::string StatusWords(const Said& said, double left, double right, double y, double word_size) {
  double note_size = kBadgeMinTextPx;
  std::string note = said.note, note_weight;
  const double gap = said.not_confirmed ? 5 : 8;
  if (said.not_confirmed) {
    note = "· " + note;
    note_weight = " font-weight=\"700\"";
    const double room = right - left - gap;
    const double word_em = EstimateWidthEm(said.text.word), note_em = EstimateWidthEm(note);
    note_size = std::clamp((room - word_em * word_size) / note_em, kBadgeMinTextPx, 11.5);
    word_size = std::clamp((room - note_em * note_size) / word_em, kBadgeMinTextPx, word_size);
  }
  std::string s = "<text x=\"" + Num(left) + "\" y=\"" + Num(y) + "\" font-size=\"" + Num(word_size) +
                  "\" font-weight=\"700\" fill=\"#fff\">" + EscapeXml(said.text.word) + "</text>";
  const double note_x = left + EstimateWidthEm(said.text.word) * word_size + gap;
  const double note_room = (right - note_x) / note_size;
  if (note_room > 2 && !note.empty())
    s += "<text x=\"" + Num(note_x) + "\" y=\"" + Num(y - 1) + "\" font-size=\"" + Num(note_size) + "\"" + note_weight +
         " fill=\"#fff\">" + EscapeXml(TruncateToWidth(note, note_room)) + "</text>";
  return s;
}

std::string RenderFull(const BadgeInput& in, const Said& said) {
  const std::string colour(said.style.colour);
  std::string s = SvgOpen(said, in);
  s.reserve(9000);
  // Card, bands with the card's rounded corners drawn as paths (a clip-path
  // would make librsvg render through a mask, several times slower).
  s += "<rect x=\"1\" y=\"1\" width=\"358\" height=\"118\" rx=\"9\" fill=\"#fff\"/>";
  if (said.verdict != Verdict::kValid)
    s += "<rect x=\"1\" y=\"" + Num(kBandTop) + "\" width=\"" + Num(kLeftWidth - 1) + "\" height=\"" +
         Num(kBandBottom - kBandTop) + "\" fill=\"url(#h)\"/>";
  s += "<path fill=\"" + colour + "\" d=\"M1 10a9 9 0 0 1 9-9H" + Num(kLeftWidth) + "V" + Num(kBandTop) + "H1z\"/>";
  s +=
      "<path fill=\"" + colour + "\" d=\"M1 " + Num(kBandBottom) + "H" + Num(kLeftWidth) + "V119H10a9 9 0 0 1-9-9z\"/>";
  s += "<rect x=\"" + Num(kLeftWidth) + "\" y=\"1\" width=\"1\" height=\"118\" fill=\"" + colour + "\"/>";

  // Header: the mark's name, and the scheme in a white pill on the right.
  const double mark_size = said.ja ? 14 : 12.5;
  s += "<text x=\"12\" y=\"20\" font-size=\"" + Num(mark_size) + "\" font-weight=\"700\" fill=\"#fff\">" +
       EscapeXml(said.w.mark) + "</text>";
  if (said.registered) {  // an unknown number has no scheme
    const double pill_w = EstimateWidthEm(said.w.scheme) * 11 + 14;
    const double pill_x = kLeftWidth - 8 - pill_w;
    s += "<rect x=\"" + Num(pill_x) + "\" y=\"7\" width=\"" + Num(pill_w) +
         "\" height=\"17\" rx=\"8.5\" fill=\"#fff\"/>";
    s += "<text x=\"" + Num(pill_x + pill_w / 2) + "\" y=\"19.5\" font-size=\"11\" font-weight=\"700\" fill=\"" +
         colour + "\" text-anchor=\"middle\">" + EscapeXml(said.w.scheme) + "</text>";
  }

  // Body: the service name on one line at 16 px, or on two at 13 px
  // (shortened at a word boundary beyond that), and the number / validity
  // line.
  std::string detail = std::string(said.w.number_label) + " " + said.number;
  if (said.registered && !in.valid_until.empty())
    detail += std::string(said.ja ? "　" : "  ·  ") + std::string(said.w.until_label) + " " +
              TruncateCodePoints(in.valid_until, 10);
  const double name_room = kLeftWidth - 24;
  std::vector<std::string> lines = WrapToWidth(said.name, name_room / 16.0, 1);
  if (!lines.empty() && lines[0] != said.name) {
    lines = WrapToWidth(said.name, name_room / 13.0, 2);
    s += "<text x=\"12\" y=\"48\" font-size=\"13\" font-weight=\"700\" fill=\"#1f2328\">" + EscapeXml(lines[0]) +
         "</text>";
    if (lines.size() > 1)
      s += "<text x=\"12\" y=\"65\" font-size=\"13\" font-weight=\"700\" fill=\"#1f2328\">" + EscapeXml(lines[1]) +
           "</text>";
    s += "<text x=\"12\" y=\"84\" font-size=\"11.5\" fill=\"#3d444d\">" + EscapeXml(detail) + "</text>";
  } else {
    s += "<text x=\"12\" y=\"56\" font-size=\"16\" font-weight=\"700\" fill=\"#1f2328\">" +
         EscapeXml(lines.empty() ? std::string() : lines[0]) + "</text>";
    s += "<text x=\"12\" y=\"78\" font-size=\"11.5\" fill=\"#3d444d\">" + EscapeXml(detail) + "</text>";
  }

  // Status band: icon, the word, a short note.
  const double band_mid = (kBandBottom + kBadgeHeight) / 2;
  s += Icon(said.verdict, colour, 21, band_mid);
  s += StatusWords(said, 33, kLeftWidth - 4, band_mid + 5, 13.5);

  // QR code with its 4-module quiet zone inside a 104 px square.
  const double box = 104, bx = kLeftWidth + (kBadgeWidth - kLeftWidth - box) / 2, by = 8;
  auto qr = EncodeQr(in.verify_url);
  if (qr) {
    const double scale = box / (qr->size + 2 * kQrQuietZone);
    s += "<path transform=\"translate(" + Num(bx + kQrQuietZone * scale) + ' ' + Num(by + kQrQuietZone * scale) +
         ") scale(" + Num(scale) + ")\" shape-rendering=\"crispEdges\" fill=\"#000\" d=\"" + QrPathData(*qr) + "\"/>";
  } else {
    s += "<text x=\"" + Num(bx + box / 2) +
         "\" y=\"64\" font-size=\"11\" fill=\"#57606a\" "
         "text-anchor=\"middle\">" +
         EscapeXml(said.w.qr_missing) + "</text>";
  }
  s += "<rect x=\"1\" y=\"1\" width=\"358\" height=\"118\" rx=\"9\" fill=\"none\" stroke=\"" + colour +
       "\" stroke-width=\"2\"/>";
  s += "</svg>\n";
  return s;
}

// Compact: three rows in 240x60. The mark's name on the coloured band, the
// number and scheme on white (hatched unless valid), the state in the
// coloured band below; no QR.
std::string RenderCompact(const BadgeInput& in, const Said& said) {
  constexpr double kW = kCompactBadgeWidth, kH = kCompactBadgeHeight;
  constexpr double kTop = 20, kBottom = 40;
  const std::string colour(said.style.colour);
  std::string s = SvgOpen(said, in);
  s += "<rect x=\"1\" y=\"1\" width=\"" + Num(kW - 2) + "\" height=\"" + Num(kH - 2) + "\" rx=\"7\" fill=\"#fff\"/>";
  if (said.verdict != Verdict::kValid)
    s += "<rect x=\"1\" y=\"" + Num(kTop) + "\" width=\"" + Num(kW - 2) + "\" height=\"" + Num(kBottom - kTop) +
         "\" fill=\"url(#h)\"/>";
  s +=
      "<path fill=\"" + colour + "\" d=\"M1 8a7 7 0 0 1 7-7H" + Num(kW - 8) + "a7 7 0 0 1 7 7V" + Num(kTop) + "H1z\"/>";
  s += "<path fill=\"" + colour + "\" d=\"M1 " + Num(kBottom) + "H" + Num(kW - 1) + "V" + Num(kH - 8) +
       "a7 7 0 0 1-7 7H8" + "a7 7 0 0 1-7-7z\"/>";
  const double mark_size = said.ja ? 12 : 11.5;
  s += "<text x=\"8\" y=\"15\" font-size=\"" + Num(mark_size) + "\" font-weight=\"700\" fill=\"#fff\">" +
       EscapeXml(TruncateToWidth(said.w.mark, (kW - 16) / mark_size)) + "</text>";
  std::string middle = std::string(said.w.number_label) + " " + said.number;
  if (said.registered) middle += "  " + std::string(said.w.scheme);
  s += "<text x=\"8\" y=\"35\" font-size=\"12\" font-weight=\"700\" fill=\"#1f2328\">" +
       EscapeXml(TruncateToWidth(middle, (kW - 16) / 12.0)) + "</text>";
  const double band_mid = (kBottom + kH) / 2;
  s += Icon(said.verdict, colour, 12, band_mid);
  s += StatusWords(said, 24, kW - 4, band_mid + 4.5, 12);
  s += "<rect x=\"1\" y=\"1\" width=\"" + Num(kW - 2) + "\" height=\"" + Num(kH - 2) +
       "\" rx=\"7\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
  s += "</svg>\n";
  return s;
}

}  // namespace

std::string_view ToString(BadgeSize size) { return size == BadgeSize::kCompact ? "compact" : "full"; }

BadgeDimensions DimensionsOf(BadgeSize size) {
  return size == BadgeSize::kCompact ? BadgeDimensions{kCompactBadgeWidth, kCompactBadgeHeight}
                                     : BadgeDimensions{kBadgeWidth, kBadgeHeight};
}

std::string RenderBadgeSvg(const BadgeInput& in) {
  const Said said = Say(in);
  return in.size == BadgeSize::kCompact ? RenderCompact(in, said) : RenderFull(in, said);
}

}  // namespace mark::badge
