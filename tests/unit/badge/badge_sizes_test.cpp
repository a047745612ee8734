// The two badge sizes (full with QR, compact without) and what keeps both
// legible at 1x: no text under kBadgeMinTextPx, long names on two lines or
// shortened at a word boundary, the whole name and the live state in <title>.
#include <catch2/catch.hpp>
#include <regex>

#include "badge/badge_svg.h"
#include "badge/svg_to_png.h"
#include "common/utf8_text.h"
#include "badge_test_util.h"

using namespace mark;
using namespace mark::badge;
using mark::testing::DecodeQrPng;

namespace {

const std::string kSizesPublic = "https://registry.example.jp";

BadgeInput SizesSample(BadgeState state, Lang lang, BadgeSize size) {
  BadgeInput in;
  in.scheme = Scheme::kIsp;
  in.service_name = "さくらネット光";
  in.service_name_en = "Sakura Net Hikari";
  in.number = "J0072";
  in.valid_until = "2026-11-26";
  in.state = state;
  in.site = BadgeSite::Registered();
  in.lang = lang;
  in.verify_url = kSizesPublic + "/v/J0072";
  in.size = size;
  return in;
}

// Every font-size the SVG draws with (the document sets no other size, and
// its viewBox equals its width and height, so these are px at 1x).
std::vector<double> FontSizes(const std::string& svg) {
  std::vector<double> out;
  static const std::regex re("font-size=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(std::stod((*it)[1].str()));
  return out;
}

// The text of every <text> element, in document order.
std::vector<std::string> Texts(const std::string& svg) {
  std::vector<std::string> out;
  static const std::regex re("<text[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

std::string TitleOf(const std::string& svg) {
  const auto a = svg.find("<title>"), b = svg.find("</title>");
  return a == std::string::npos || b == std::string::npos ? "" : svg.substr(a + 7, b - a - 7);
}

const BadgeState kEveryState[] = {BadgeState::kValid,        BadgeState::kNotYetValid, BadgeState::kExpired,
                                  BadgeState::kSuspended,    BadgeState::kRevoked,     BadgeState::kReturned,
                                  BadgeState::kNotRegistered};
const BadgeSite kEverySite[] = {BadgeSite::Registered(), BadgeSite::NotConfirmed(),
                                BadgeSite::Foreign("a-very-long-copycat-host-name.example.com")};

}  // namespace

TEST_CASE("no badge text is smaller than 10 px at 1x, in any size, state, site or language") {
  REQUIRE(kBadgeMinTextPx == 10);
  for (BadgeSize size : {BadgeSize::kFull, BadgeSize::kCompact})
    for (Lang lang : {Lang::kJa, Lang::kEn})
      for (BadgeState st : kEveryState)
        for (const BadgeSite& site : kEverySite)
          for (bool long_name : {false, true}) {
            BadgeInput in = SizesSample(st, lang, size);
            in.site = site;
            if (long_name) {
              in.service_name = "まちなかフリーWi-Fi 駅前・商店街・市役所・図書館・公民館 公式サービス";
              in.service_name_en = "Machinaka Free Wi-Fi Station Front and Shopping Street Official Service";
            }
            const std::string svg = RenderBadgeSvg(in);
            const auto sizes = FontSizes(svg);
            INFO(ToString(size) << " " << LangCode(lang) << " state " << static_cast<int>(st) << " site "
                                << SiteKey(site) << (long_name ? " long" : ""));
            REQUIRE_FALSE(sizes.empty());
            for (double px : sizes) CHECK(px >= kBadgeMinTextPx);
            const BadgeDimensions d = DimensionsOf(size);
            CHECK(svg.find("width=\"" + std::to_string(d.width) + "\" height=\"" + std::to_string(d.height) +
                           "\" viewBox=\"0 0 " + std::to_string(d.width) + " " + std::to_string(d.height) + "\"") !=
                  std::string::npos);
          }
}

TEST_CASE("the compact badge is at least 120x40, carries no QR and says the live state") {
  const BadgeDimensions d = DimensionsOf(BadgeSize::kCompact);
  CHECK(d.width >= 120);
  CHECK(d.height >= 40);
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    const std::string svg = RenderBadgeSvg(SizesSample(BadgeState::kSuspended, lang, BadgeSize::kCompact));
    CHECK(svg.find("crispEdges") == std::string::npos);  // the QR's path
    CHECK(svg.find("data-size=\"compact\"") != std::string::npos);
    CHECK(svg.find(lang == Lang::kJa ? ">停止中<" : ">SUSPENDED<") != std::string::npos);
    CHECK(svg.find(lang == Lang::kJa ? ">管理番号 J0072  ISP<" : ">No. J0072  ISP<") != std::string::npos);
    auto png = SvgToPng(svg, d.width);
    REQUIRE(png);
    CHECK(mark::testing::PngWidth(*png) == static_cast<unsigned>(d.width));
    CHECK(mark::testing::PngHeight(*png) == static_cast<unsigned>(d.height));
    CHECK(DecodeQrPng(*png).exit_code == 4);  // no code in it
    mark::testing::MaybeDump(std::string("badge-compact-suspended-") + std::string(LangCode(lang)) + ".png", *png);
  }
  // The three site looks keep their words on the compact badge too.
  BadgeInput in = SizesSample(BadgeState::kValid, Lang::kJa, BadgeSize::kCompact);
  const std::string green(StyleOf(Verdict::kValid).colour);
  CHECK(RenderBadgeSvg(in).find(green) != std::string::npos);
  in.site = BadgeSite::NotConfirmed();
  const std::string nc = RenderBadgeSvg(in);
  CHECK(nc.find(green) == std::string::npos);
  CHECK(nc.find(">有効<") != std::string::npos);
  CHECK(nc.find("· 掲載サイト未確認<") != std::string::npos);
  in.site = BadgeSite::Foreign("copycat.example");
  const std::string foreign = RenderBadgeSvg(in);
  CHECK(foreign.find(green) == std::string::npos);
  CHECK(foreign.find(">登録外サイト<") != std::string::npos);
  CHECK(TitleOf(foreign).find("copycat.example") != std::string::npos);
  mark::testing::MaybeDump("badge-compact-not-confirmed-ja.png", *SvgToPng(nc, 440));
  mark::testing::MaybeDump("badge-compact-foreign-ja.png", *SvgToPng(foreign, 440));
}

TEST_CASE("the full badge's PNG at 1x is 360 px wide and zbarimg reads its QR") {
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    BadgeInput in = SizesSample(BadgeState::kValid, lang, BadgeSize::kFull);
    in.service_name = "まちなかフリーWi-Fi 駅前・商店街・市役所・図書館・公民館 公式サービス";
    auto png = SvgToPng(RenderBadgeSvg(in), kBadgeWidth);
    REQUIRE(png);
    CHECK(mark::testing::PngWidth(*png) == 360u);
    const auto r = DecodeQrPng(*png);
    CHECK(r.exit_code == 0);
    CHECK(r.text == in.verify_url);
  }
}

TEST_CASE("the title holds the live state and the whole service name, in both sizes") {
  const std::string long_en = "Machinaka Free Wi-Fi Station Front and Shopping Street Official Service of the City";
  for (BadgeSize size : {BadgeSize::kFull, BadgeSize::kCompact}) {
    for (BadgeState st : kEveryState) {
      BadgeInput in = SizesSample(st, Lang::kEn, size);
      in.service_name_en = long_en;
      const std::string svg = RenderBadgeSvg(in);
      const std::string title = TitleOf(svg);
      const std::string word(TextOf(VerdictFor(st, BadgeSite::Registered()), Lang::kEn).word);
      INFO(ToString(size) << " " << word);
      CHECK(title.find(": " + word) != std::string::npos);
      if (st != BadgeState::kNotRegistered) CHECK(title.find(long_en) != std::string::npos);
      CHECK(svg.find("aria-label=\"" + title + "\"") != std::string::npos);
    }
  }
}

TEST_CASE("a long service name goes on two lines, shortened at a word boundary beyond that") {
  // Fits one line: drawn once at 16 px.
  BadgeInput in = SizesSample(BadgeState::kValid, Lang::kEn, BadgeSize::kFull);
  CHECK(RenderBadgeSvg(in).find("font-size=\"16\" font-weight=\"700\" fill=\"#1f2328\">Sakura Net Hikari<") !=
        std::string::npos);
  // Two lines, broken at a space, nothing lost.
  in.service_name_en = "Machinaka Free Wi-Fi Station Front Official";
  auto texts = Texts(RenderBadgeSvg(in));
  std::vector<std::string> name_lines;
  for (const auto& t : texts)
    if (t.find("Machinaka") != std::string::npos || t.find("Official") != std::string::npos) name_lines.push_back(t);
  REQUIRE(name_lines.size() == 2);
  CHECK(name_lines[0] + " " + name_lines[1] == in.service_name_en);
  // Beyond two lines: the second ends in whole words and an ellipsis.
  in.service_name_en = "Machinaka Free Wi-Fi Station Front and Shopping Street Official Service of the City Hall";
  texts = Texts(RenderBadgeSvg(in));
  name_lines.clear();
  for (const auto& t : texts)
    if (t.find("Machinaka") != std::string::npos || t.find("\u2026") != std::string::npos) name_lines.push_back(t);
  REQUIRE(name_lines.size() == 2);
  const std::string second = name_lines[1];
  REQUIRE(second.size() > 3);
  const std::string kept = second.substr(0, second.size() - 3);                           // without the ellipsis
  CHECK(in.service_name_en.find(name_lines[0] + " " + kept + " ") != std::string::npos);  // a whole word ends it
  // Japanese breaks between characters, two lines as well.
  in.lang = Lang::kJa;
  in.service_name = "まちなかフリーWi-Fi 駅前・商店街・市役所・図書館 公式";
  const std::string ja = RenderBadgeSvg(in);
  CHECK(ja.find("font-size=\"13\" font-weight=\"700\" fill=\"#1f2328\">まちなか") != std::string::npos);
  mark::testing::MaybeDump("badge-long-ja.png", *SvgToPng(ja, 720));
  mark::testing::MaybeDump(
      "badge-long-en.png",
      *SvgToPng(RenderBadgeSvg(SizesSample(BadgeState::kValid, Lang::kEn, BadgeSize::kFull)), 720));
}

TEST_CASE("WrapToWidth breaks at spaces and between full-width characters") {
  CHECK(WrapToWidth("", 10, 2).empty());
  CHECK(WrapToWidth("short", 10, 2) == std::vector<std::string>{"short"});
  // 0.58 em a lower-case letter, 0.3 a space: "alpha beta" is 5.5 em.
  CHECK(WrapToWidth("alpha beta gamma", 6, 2) == std::vector<std::string>{"alpha beta", "gamma"});
  CHECK(WrapToWidth("alpha beta gamma delta epsilon", 6, 2) == std::vector<std::string>{"alpha beta", "gamma\u2026"});
  // A word longer than a line is cut, since there is no other way.
  CHECK(WrapToWidth("abcdefghijklmnop", 3, 2).size() == 2);
  // Japanese: between any two full-width characters.
  CHECK(WrapToWidth("あいうえおかきくけこ", 5, 2) == std::vector<std::string>{"あいうえお", "かきくけこ"});
  CHECK(WrapToWidth("あいうえおかきくけこさ", 5, 2) == std::vector<std::string>{"あいうえお", "かきくけ\u2026"});
  // Never a broken UTF-8 sequence.
  for (const auto& line : WrapToWidth("bad\xff\xfe name that is long enough", 4, 3)) CHECK(SanitizeUtf8(line) == line);
}
