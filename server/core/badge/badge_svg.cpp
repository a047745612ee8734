#include "badge/badge_svg.h"

#include <algorithm>
#include <cstdio>

#include "badge/html_escape.h"
#include "badge/mark_links.h"
#include "badge/qr_code.h"
#include "badge/utf8_text.h"

namespace mark::badge {
namespace {

constexpr std::string_view kFont = "'Noto Sans CJK JP',sans-serif";  // Debian fonts-noto-cjk; browsers fall back
constexpr double kLeftWidth = 248;  // text column; the QR sits right of it
constexpr double kBandTop = 30;     // header band height
constexpr double kBandBottom = 92;  // status band starts here

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
    return {"安全・安心マーク", scheme == Scheme::kIsp ? "ISP" : "公衆無線LAN", "管理番号", "有効期限",
            "登録簿にない番号", "QRなし"};
  return {"Safety & Security Mark", scheme == Scheme::kIsp ? "ISP" : "Public Wi-Fi", "No.",
          "Valid until", "Not in the registry", "no QR"};
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
      s += "<path " + stroke + " d=\"M" + p(-3.2, -3.2) + "L" + p(3.2, 3.2) + "M" + p(3.2, -3.2) + "L" +
           p(-3.2, 3.2) + "\"/>";
      break;
    case Verdict::kForeignSite:
      s += "<path " + stroke + " d=\"M" + p(0, -4.2) + "L" + p(0, 1) + "\"/>";
      s += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy + 4) + "\" r=\"1.3\" fill=\"" +
           std::string(colour) + "\"/>";
      break;
    case Verdict::kExpired:
    case Verdict::kNotYetValid:
    case Verdict::kReturned:
      s += "<path " + stroke + " d=\"M" + p(-3.8, 0) + "L" + p(3.8, 0) + "\"/>";
      break;
    case Verdict::kSiteNotConfirmed:
    case Verdict::kUnknown:
      s += "<path " + stroke + " d=\"M" + p(-2.6, -2) + "A2.7 2.7 0 1 1 " + p(0.6, 0.4) + "Q" + p(0, 0.9) + " " +
           p(0, 1.6) + "\"/>";
      s += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy + 4.3) + "\" r=\"1.3\" fill=\"" +
           std::string(colour) + "\"/>";
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

std::string RenderBadgeSvg(const BadgeInput& in) {
  const bool ja = in.lang == Lang::kJa;
  const Lang text_lang = ja ? Lang::kJa : Lang::kEn;
  const Verdict verdict = VerdictFor(in.state, in.site);
  const VerdictStyle style = StyleOf(verdict);
  // A site not confirmed keeps the mark's own state word ("有効") and says
  // what is missing beside it, so the status stays readable.
  const bool not_confirmed = verdict == Verdict::kSiteNotConfirmed;
  const VerdictText text =
      TextOf(not_confirmed ? VerdictFor(in.state, BadgeSite::Registered()) : verdict, text_lang);
  const VerdictText site_text = TextOf(Verdict::kSiteNotConfirmed, text_lang);
  const Words w = WordsFor(ja, in.scheme);
  const std::string colour(style.colour);
  const bool registered = in.state != BadgeState::kNotRegistered;

  const std::string number = TruncateCodePoints(in.number, 16);
  std::string name;
  if (registered) {
    name = (!ja && !in.service_name_en.empty()) ? in.service_name_en : in.service_name;
  } else {
    name = std::string(w.unknown_name);
  }
  name = TruncateToWidth(name, (kLeftWidth - 24) / 16.0);
  std::string detail = std::string(w.number_label) + " " + number;
  if (registered && !in.valid_until.empty())
    detail += std::string(ja ? "　" : "  ·  ") + std::string(w.until_label) + " " +
              TruncateCodePoints(in.valid_until, 10);
  std::string note(text.badge_note);
  if (verdict == Verdict::kForeignSite) {
    note = in.site.host;  // the word already says "foreign site"; the host says which
  } else if (not_confirmed) {
    note = std::string(site_text.word);
  }

  // Title / aria-label: everything a screen reader needs in one sentence.
  std::string label = std::string(w.mark);
  if (registered) label += " (" + std::string(w.scheme) + ")";
  label += " " + name + ", " + std::string(w.number_label) + " " + number;
  if (registered && !in.valid_until.empty())
    label += ", " + std::string(w.until_label) + " " + in.valid_until;
  label += ": " + std::string(text.word);
  if (not_confirmed)
    label += " · " + std::string(site_text.word) + " (" + std::string(site_text.badge_note) + ")";
  else if (verdict == Verdict::kForeignSite)
    label += ja ? " (" + TruncateCodePoints(note, 80) + " は登録されたサイトではありません)"
                : " (" + TruncateCodePoints(note, 80) + " is not registered for this mark)";
  else if (!note.empty())
    label += " (" + note + ")";
  const std::string label_x = EscapeXml(label);

  std::string s;
  s.reserve(9000);
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kBadgeWidth) +
       "\" height=\"" + std::to_string(kBadgeHeight) + "\" viewBox=\"0 0 " +
       std::to_string(kBadgeWidth) + ' ' + std::to_string(kBadgeHeight) +
       "\" role=\"img\" aria-label=\"" + label_x + "\" xml:lang=\"" +
       std::string(LangTag(text_lang)) + "\" font-family=\"" + std::string(kFont) + "\">";
  s += "<title>" + label_x + "</title>";
  if (verdict != Verdict::kValid) {
    // Diagonal hatching behind the text: a non-valid badge looks different
    // even to someone who reads neither language nor sees colour well.
    s += "<defs><pattern id=\"h\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"" +
         std::string(style.tint) + "\"/><rect width=\"4\" height=\"10\" fill=\"" + colour +
         "\" fill-opacity=\"0.10\"/></pattern></defs>";
  }
  // Card, bands with the card's rounded corners drawn as paths (a clip-path
  // would make librsvg render through a mask, several times slower).
  s += "<rect x=\"1\" y=\"1\" width=\"358\" height=\"118\" rx=\"9\" fill=\"#fff\"/>";
  if (verdict != Verdict::kValid)
    s += "<rect x=\"1\" y=\"" + Num(kBandTop) + "\" width=\"" + Num(kLeftWidth - 1) + "\" height=\"" +
         Num(kBandBottom - kBandTop) + "\" fill=\"url(#h)\"/>";
  s += "<path fill=\"" + colour + "\" d=\"M1 10a9 9 0 0 1 9-9H" + Num(kLeftWidth) + "V" + Num(kBandTop) + "H1z\"/>";
  s += "<path fill=\"" + colour + "\" d=\"M1 " + Num(kBandBottom) + "H" + Num(kLeftWidth) + "V119H10a9 9 0 0 1-9-9z\"/>";
  s += "<rect x=\"" + Num(kLeftWidth) + "\" y=\"1\" width=\"1\" height=\"118\" fill=\"" + colour + "\"/>";

  // Header: the mark's name, and the scheme in a white pill on the right.
  const double mark_size = ja ? 14 : 12.5;
  s += "<text x=\"12\" y=\"20\" font-size=\"" + Num(mark_size) +
       "\" font-weight=\"700\" fill=\"#fff\">" + EscapeXml(w.mark) + "</text>";
  if (registered) {  // an unknown number has no scheme
    const double pill_w = EstimateWidthEm(w.scheme) * 11 + 14;
    const double pill_x = kLeftWidth - 8 - pill_w;
    s += "<rect x=\"" + Num(pill_x) + "\" y=\"7\" width=\"" + Num(pill_w) +
         "\" height=\"17\" rx=\"8.5\" fill=\"#fff\"/>";
    s += "<text x=\"" + Num(pill_x + pill_w / 2) + "\" y=\"19.5\" font-size=\"11\" font-weight=\"700\" fill=\"" +
         colour + "\" text-anchor=\"middle\">" + EscapeXml(w.scheme) + "</text>";
  }

  // Body: service name and the number / validity line.
  s += "<text x=\"12\" y=\"56\" font-size=\"16\" font-weight=\"700\" fill=\"#1f2328\">" + EscapeXml(name) +
       "</text>";
  s += "<text x=\"12\" y=\"78\" font-size=\"11.5\" fill=\"#3d444d\">" + EscapeXml(detail) + "</text>";

  // Status band: icon, the word, a short note.
  const double band_mid = (kBandBottom + kBadgeHeight) / 2;
  s += Icon(verdict, colour, 22, band_mid);
  double word_size = 13.5;
  double note_size = 10;
  std::string note_weight;
  if (not_confirmed) {
    // "有効 · 掲載サイト未確認" in full, as large as fits: first the note,
    // then the word gives way.
    note = "· " + note;
    note_weight = " font-weight=\"700\"";
    const double room = kLeftWidth - 8 - 36 - 6;
    const double word_em = EstimateWidthEm(text.word), note_em = EstimateWidthEm(note);
    note_size = std::clamp((room - word_em * word_size) / note_em, 10.0, 11.5);
    word_size = std::clamp((room - note_em * note_size) / word_em, 9.0, word_size);
  }
  s += "<text x=\"36\" y=\"" + Num(band_mid + 5) + "\" font-size=\"" + Num(word_size) +
       "\" font-weight=\"700\" fill=\"#fff\">" + EscapeXml(text.word) + "</text>";
  const double note_x = 36 + EstimateWidthEm(text.word) * word_size + (not_confirmed ? 6 : 8);
  const double note_room = (kLeftWidth - 8 - note_x) / note_size;
  if (note_room > 2 && !note.empty())
    s += "<text x=\"" + Num(note_x) + "\" y=\"" + Num(band_mid + 4) + "\" font-size=\"" + Num(note_size) + "\"" +
         note_weight + " fill=\"#fff\">" + EscapeXml(TruncateToWidth(note, note_room)) + "</text>";

  // QR code with its 4-module quiet zone inside a 104 px square.
  const double box = 104, bx = kLeftWidth + (kBadgeWidth - kLeftWidth - box) / 2, by = 8;
  auto qr = EncodeQr(in.verify_url);
  if (qr) {
    const double scale = box / (qr->size + 2 * kQrQuietZone);
    s += "<path transform=\"translate(" + Num(bx + kQrQuietZone * scale) + ' ' +
         Num(by + kQrQuietZone * scale) + ") scale(" + Num(scale) +
         ")\" shape-rendering=\"crispEdges\" fill=\"#000\" d=\"" + QrPathData(*qr) + "\"/>";
  } else {
    s += "<text x=\"" + Num(bx + box / 2) + "\" y=\"64\" font-size=\"11\" fill=\"#57606a\" "
         "text-anchor=\"middle\">" + EscapeXml(w.qr_missing) + "</text>";
  }
  s += "<rect x=\"1\" y=\"1\" width=\"358\" height=\"118\" rx=\"9\" fill=\"none\" stroke=\"" + colour +
       "\" stroke-width=\"2\"/>";
  s += "</svg>\n";
  return s;
}

}  // namespace mark::badge
