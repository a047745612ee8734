#include "badge/badge_svg.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>

#include "badge/qr_code.h"
#include "badge/svg_to_png.h"
#include "badge_test_util.h"

using namespace mark;
using namespace mark::badge;
using mark::testing::DecodeQrPng;

namespace {

const std::string kPublic = "https://registry.example.jp";

BadgeInput Sample(BadgeState state, Lang lang = Lang::kJa) {
  BadgeInput in;
  in.scheme = Scheme::kIsp;
  in.service_name = "さくらネット光";
  in.service_name_en = "Sakura Net Hikari";
  in.number = "J0072";
  in.valid_until = "2026-11-26";
  in.state = state;
  in.site = BadgeSite::Registered();
  in.lang = lang;
  in.verify_url = kPublic + "/v/J0072";
  return in;
}

const char* Name(BadgeState s) {
  switch (s) {
    case BadgeState::kValid: return "valid";
    case BadgeState::kNotYetValid: return "not_yet_valid";
    case BadgeState::kExpired: return "expired";
    case BadgeState::kSuspended: return "suspended";
    case BadgeState::kRevoked: return "revoked";
    case BadgeState::kReturned: return "returned";
    case BadgeState::kNotRegistered: return "not_registered";
    case BadgeState::kUnknown: return "unknown";
  }
  return "?";
}

const BadgeState kAll[] = {BadgeState::kValid,         BadgeState::kNotYetValid, BadgeState::kExpired,
                           BadgeState::kSuspended,     BadgeState::kRevoked,     BadgeState::kReturned,
                           BadgeState::kNotRegistered, BadgeState::kUnknown};

}  // namespace

TEST_CASE("badge SVG renders to PNG whose QR decodes to the verify URL, in every state") {
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    for (BadgeState st : kAll) {
      BadgeInput in = Sample(st, lang);
      if (st == BadgeState::kNotRegistered) in = NotRegisteredBadgeInput("J9999", kPublic, lang);
      const std::string svg = RenderBadgeSvg(in);
      auto png = SvgToPng(svg, 720);
      INFO(Name(st) << " " << LangCode(lang));
      REQUIRE(png);
      CHECK(mark::testing::PngWidth(*png) == 720u);
      CHECK(mark::testing::PngHeight(*png) == 240u);
      auto r = DecodeQrPng(*png);
      CHECK(r.exit_code == 0);
      CHECK(r.text == in.verify_url);
      mark::testing::MaybeDump(std::string("badge-") + Name(st) + "-" + std::string(LangCode(lang)) + ".png", *png);
      mark::testing::MaybeDump(std::string("badge-") + Name(st) + "-" + std::string(LangCode(lang)) + ".svg", svg);
    }
  }
  BadgeInput foreign = Sample(BadgeState::kValid);
  foreign.site = BadgeSite::Foreign("copycat-provider.example.com");
  auto png = SvgToPng(RenderBadgeSvg(foreign), 720);
  REQUIRE(png);
  CHECK(DecodeQrPng(*png).text == foreign.verify_url);
  mark::testing::MaybeDump("badge-foreign-ja.png", *png);
  foreign.lang = Lang::kEn;
  mark::testing::MaybeDump("badge-foreign-en.png", *SvgToPng(RenderBadgeSvg(foreign), 720));
  BadgeInput wifi = Sample(BadgeState::kValid);
  wifi.scheme = Scheme::kWifi;
  wifi.service_name = "まちなかフリーWi-Fi 駅前・商店街エリア 公式アクセスポイント";
  mark::testing::MaybeDump("badge-wifi-long-ja.png", *SvgToPng(RenderBadgeSvg(wifi), 720));
  wifi.lang = Lang::kEn;
  wifi.service_name_en = "Machinaka Free Wi-Fi Station Front and Shopping Street Official";
  mark::testing::MaybeDump("badge-wifi-long-en.png", *SvgToPng(RenderBadgeSvg(wifi), 720));
}

TEST_CASE("badge at its nominal 360 px still decodes") {
  auto png = SvgToPng(RenderBadgeSvg(Sample(BadgeState::kValid)), 360);
  REQUIRE(png);
  auto r = DecodeQrPng(*png);
  CHECK(r.exit_code == 0);
  CHECK(r.text == kPublic + "/v/J0072");
}

TEST_CASE("only a valid badge carries the valid green — others carry their words") {
  const std::string green(StyleOf(Verdict::kValid).colour);
  CHECK(RenderBadgeSvg(Sample(BadgeState::kValid)).find(green) != std::string::npos);
  struct Case {
    BadgeState st;
    const char* ja;
    const char* en;
  };
  for (const Case& c :
       {Case{BadgeState::kSuspended, "停止中", "SUSPENDED"}, Case{BadgeState::kRevoked, "取消", "REVOKED"},
        Case{BadgeState::kReturned, "返上", "RETURNED"}, Case{BadgeState::kExpired, "期限切れ", "EXPIRED"},
        Case{BadgeState::kNotYetValid, "有効期間前", "NOT YET VALID"},
        Case{BadgeState::kNotRegistered, "未登録", "NOT REGISTERED"},
        Case{BadgeState::kUnknown, "確認不可", "CANNOT CHECK"}}) {
    const std::string ja = RenderBadgeSvg(Sample(c.st, Lang::kJa));
    const std::string en = RenderBadgeSvg(Sample(c.st, Lang::kEn));
    INFO(Name(c.st));
    CHECK(ja.find(green) == std::string::npos);
    CHECK(en.find(green) == std::string::npos);
    CHECK(ja.find(c.ja) != std::string::npos);
    CHECK(en.find(c.en) != std::string::npos);
    CHECK(ja.find(">有効<") == std::string::npos);
    CHECK(en.find(">VALID<") == std::string::npos);
  }
  BadgeInput foreign = Sample(BadgeState::kValid);
  foreign.site = BadgeSite::Foreign("evil.example");
  const std::string svg = RenderBadgeSvg(foreign);
  CHECK(svg.find(green) == std::string::npos);
  CHECK(svg.find("登録外") != std::string::npos);
  CHECK(svg.find("evil.example") != std::string::npos);
  // Returned is neutral: grey as expired, not the sanction's red.
  const std::string returned = RenderBadgeSvg(Sample(BadgeState::kReturned));
  CHECK(returned.find(std::string(StyleOf(Verdict::kReturned).colour)) != std::string::npos);
  CHECK(returned.find(std::string(StyleOf(Verdict::kRevoked).colour)) == std::string::npos);
  CHECK(StyleOf(Verdict::kReturned).colour == StyleOf(Verdict::kExpired).colour);
  // A revoked mark shown on a foreign site is still "revoked" (worse news wins).
  BadgeInput revoked_foreign = Sample(BadgeState::kRevoked);
  revoked_foreign.site = BadgeSite::Foreign("evil.example");
  CHECK(RenderBadgeSvg(revoked_foreign).find("取消") != std::string::npos);
}

TEST_CASE("a status the registry cannot decide is the grey cannot-check badge, never green or red, on any site") {
  const std::string grey(StyleOf(Verdict::kExpired).colour);
  CHECK(StyleOf(Verdict::kUnknown).colour == grey);
  CHECK(std::string(StyleOf(Verdict::kUnknown).css_class) == "st-unknown");
  MarkView v;
  v.mark.number = "J0072";
  v.service.name = "さくらネット光";
  v.status = MarkStatus::kUnknown;
  v.status_reason = "clock_behind";
  for (const BadgeSite& site : {BadgeSite::Registered(), BadgeSite::NotConfirmed()}) {
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      const BadgeInput in = BadgeInputFor(v, kPublic, lang, site);
      CHECK(in.state == BadgeState::kUnknown);
      CHECK(VerdictFor(in.state, site) == Verdict::kUnknown);
      const std::string svg = RenderBadgeSvg(in);
      const std::string word = lang == Lang::kJa ? "確認不可" : "CANNOT CHECK";
      INFO(LangCode(lang));
      CHECK(svg.find(">" + word + "<") != std::string::npos);
      CHECK(svg.substr(svg.find("<title>"), svg.find("</title>") - svg.find("<title>")).find(word) !=
            std::string::npos);
      CHECK(svg.find(grey) != std::string::npos);
      for (Verdict loud : {Verdict::kValid, Verdict::kSuspended, Verdict::kRevoked, Verdict::kNotRegistered,
                           Verdict::kSiteNotConfirmed})
        CHECK(svg.find(std::string(StyleOf(loud).colour)) == std::string::npos);
    }
  }
  // Where a badge is shown does not depend on the time: a foreign site stays a warning.
  CHECK(VerdictFor(BadgeState::kUnknown, BadgeSite::Foreign("x.example")) == Verdict::kForeignSite);
  for (Lang lang : {Lang::kJa, Lang::kEn, Lang::kZh, Lang::kKo}) {
    const VerdictText t = TextOf(Verdict::kUnknown, lang);
    CHECK_FALSE(t.word.empty());
    CHECK_FALSE(t.headline.empty());
    CHECK_FALSE(t.explanation.empty());
  }
}

TEST_CASE("a badge whose request named no site is never the valid look and keeps the status readable") {
  const std::string green(StyleOf(Verdict::kValid).colour);
  const std::string indigo(StyleOf(Verdict::kSiteNotConfirmed).colour);
  REQUIRE(indigo != green);
  REQUIRE(indigo != StyleOf(Verdict::kForeignSite).colour);
  struct Case {
    BadgeState st;
    Lang lang;
    const char* word;  // the mark's own state word, still on the badge
    const char* site;  // and what is missing, beside it
  };
  for (const Case& c : {Case{BadgeState::kValid, Lang::kJa, ">有効<", "· 掲載サイト未確認<"},
                        Case{BadgeState::kValid, Lang::kEn, ">VALID<", "· SITE NOT CONFIRMED<"},
                        Case{BadgeState::kNotYetValid, Lang::kJa, ">有効期間前<", "· 掲載サイト未確認<"},
                        Case{BadgeState::kNotYetValid, Lang::kEn, ">NOT YET VALID<", "· SITE NOT CONFIRMED<"}}) {
    BadgeInput in = Sample(c.st, c.lang);
    in.site = BadgeSite::NotConfirmed();
    const std::string svg = RenderBadgeSvg(in);
    INFO(Name(c.st) << " " << LangCode(c.lang));
    CHECK(svg.find(green) == std::string::npos);
    CHECK(svg.find(indigo) != std::string::npos);
    CHECK(svg.find(c.word) != std::string::npos);
    CHECK(svg.find(c.site) != std::string::npos);  // in full, not cut short
    // Screen readers hear both, too.
    CHECK(svg.find(c.lang == Lang::kJa ? "<title>安全・安心マーク (ISP) さくらネット光"
                                       : "<title>Safety &amp; Security Mark") != std::string::npos);
    CHECK(svg.find(c.lang == Lang::kJa ? " · 掲載サイト未確認 (" : " · SITE NOT CONFIRMED (") != std::string::npos);
    // Different from the same badge on the holder's own site.
    CHECK(svg != RenderBadgeSvg(Sample(c.st, c.lang)));
    // zbarimg still reads its QR code, at the default PNG width and the nominal one.
    for (int width : {720, 360}) {
      auto png = SvgToPng(svg, width);
      REQUIRE(png);
      CHECK(DecodeQrPng(*png).text == in.verify_url);
    }
    mark::testing::MaybeDump(
        std::string("badge-not-confirmed-") + Name(c.st) + "-" + std::string(LangCode(c.lang)) + ".png",
        *SvgToPng(svg, 720));
  }
  // The worse news wins: the other states keep their own look and words.
  for (BadgeState st : {BadgeState::kExpired, BadgeState::kSuspended, BadgeState::kRevoked}) {
    BadgeInput in = Sample(st);
    in.site = BadgeSite::NotConfirmed();
    INFO(Name(st));
    CHECK(RenderBadgeSvg(in) == RenderBadgeSvg(Sample(st)));
  }
  CHECK(RenderBadgeSvg(NotRegisteredBadgeInput("J9999", kPublic, Lang::kJa)).find("未確認") == std::string::npos);
  // A BadgeInput nobody set the site of is the variant, not the valid look.
  BadgeInput unset = Sample(BadgeState::kValid);
  unset.site = BadgeSite{};
  CHECK(RenderBadgeSvg(unset).find(green) == std::string::npos);
}

TEST_CASE("the verdict of a badge follows where it is shown") {
  using K = BadgeSite::Kind;
  CHECK(VerdictFor(BadgeState::kValid, BadgeSite::Registered()) == Verdict::kValid);
  CHECK(VerdictFor(BadgeState::kValid, BadgeSite::Foreign("x.example")) == Verdict::kForeignSite);
  CHECK(VerdictFor(BadgeState::kValid, BadgeSite::NotConfirmed()) == Verdict::kSiteNotConfirmed);
  CHECK(VerdictFor(BadgeState::kNotYetValid, BadgeSite::NotConfirmed()) == Verdict::kSiteNotConfirmed);
  CHECK(VerdictFor(BadgeState::kNotYetValid, BadgeSite::Foreign("x.example")) == Verdict::kForeignSite);
  for (K k : {K::kRegistered, K::kForeign, K::kNotConfirmed}) {
    const BadgeSite site{k, k == K::kForeign ? "x.example" : ""};
    CHECK(VerdictFor(BadgeState::kRevoked, site) == Verdict::kRevoked);
    CHECK(VerdictFor(BadgeState::kSuspended, site) == Verdict::kSuspended);
    CHECK(VerdictFor(BadgeState::kExpired, site) == Verdict::kExpired);
    CHECK(VerdictFor(BadgeState::kNotRegistered, site) == Verdict::kNotRegistered);
  }
  // Every page language has the variant's words.
  for (Lang lang : {Lang::kJa, Lang::kEn, Lang::kZh, Lang::kKo}) {
    const VerdictText t = TextOf(Verdict::kSiteNotConfirmed, lang);
    CHECK_FALSE(t.word.empty());
    CHECK_FALSE(t.headline.empty());
    CHECK_FALSE(t.explanation.empty());
  }
}

TEST_CASE("badge is accessible: role, aria-label and title") {
  const std::string svg = RenderBadgeSvg(Sample(BadgeState::kSuspended, Lang::kEn));
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  CHECK(svg.find("aria-label=\"Safety &amp; Security Mark (ISP) Sakura Net Hikari, No. J0072") != std::string::npos);
  CHECK(svg.find("<title>Safety &amp; Security Mark") != std::string::npos);
  CHECK(svg.find("SUSPENDED") != std::string::npos);
}

TEST_CASE("registry text in a badge is escaped and stays text") {
  for (const std::string& evil : {std::string("<script>alert(1)</script>"), std::string("\"/><svg onload=alert(1)>"),
                                  std::string("a & b ' \" < >"), std::string("bad\x01\xff\xfe utf8")}) {
    BadgeInput in = Sample(BadgeState::kValid);
    in.service_name = evil;
    in.service_name_en = evil;
    in.number = evil;
    in.site = BadgeSite::Foreign(evil);
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      in.lang = lang;
      const std::string svg = RenderBadgeSvg(in);
      INFO(evil);
      CHECK(svg.find("<script") == std::string::npos);
      CHECK(svg.find("<svg onload") == std::string::npos);
      CHECK(svg.find("\"/>&lt;svg") == std::string::npos);
      CHECK(svg.find('\x01') == std::string::npos);
      // Still a document librsvg accepts (well-formed XML, valid UTF-8).
      auto png = SvgToPng(svg, 360);
      CHECK(png);
    }
  }
  BadgeInput in = Sample(BadgeState::kValid);
  in.service_name = "<script>";
  CHECK(RenderBadgeSvg(in).find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("long service names are shortened with an ellipsis") {
  BadgeInput in = Sample(BadgeState::kValid);
  in.service_name = std::string(60, 'W');
  const std::string svg = RenderBadgeSvg(in);
  // Drawn shortened; the <title> (and aria-label) keep the whole name.
  const std::string drawn = svg.substr(svg.find("</title>"));
  CHECK(drawn.find(std::string(60, 'W')) == std::string::npos);
  CHECK(drawn.find("\u2026") != std::string::npos);
  CHECK(svg.find("<title>安全・安心マーク (ISP) " + std::string(60, 'W') + ",") != std::string::npos);
}

TEST_CASE("badge from a MarkView", "[badge]") {
  MarkView v;
  v.mark.number = "T0150";
  v.mark.valid_until = std::chrono::year{2027} / 3 / 31;
  v.service.scheme = Scheme::kWifi;
  v.service.name = "駅前Wi-Fi";
  v.service.name_en = "Station Wi-Fi";
  v.status = MarkStatus::kExpired;
  BadgeInput in = BadgeInputFor(v, kPublic + "/", Lang::kJa, BadgeSite::Registered());
  CHECK(in.verify_url == kPublic + "/v/T0150");
  CHECK(in.valid_until == "2027-03-31");
  CHECK(in.state == BadgeState::kExpired);
  const std::string svg = RenderBadgeSvg(in);
  CHECK(svg.find("公衆無線LAN") != std::string::npos);
  CHECK(svg.find("期限切れ") != std::string::npos);
}

TEST_CASE("badge sizes and render times", "[.bench]") {
  const BadgeInput in = Sample(BadgeState::kValid);
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  std::string svg;
  const int n_svg = 2000;
  for (int i = 0; i < n_svg; ++i) svg = RenderBadgeSvg(in);
  auto t1 = clock::now();
  (void)SvgToPng(svg, 360);  // warm fontconfig
  const int n_png = 50;
  std::string png;
  auto t2 = clock::now();
  for (int i = 0; i < n_png; ++i) png = *SvgToPng(svg, 360);
  auto t3 = clock::now();
  std::string png2x;
  for (int i = 0; i < n_png; ++i) png2x = *SvgToPng(svg, 720);
  auto t4 = clock::now();
  auto t5 = clock::now();
  for (int i = 0; i < n_svg; ++i) (void)EncodeQr(in.verify_url);
  auto t6 = clock::now();
  auto us = [](auto d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); };
  std::cout << "badge SVG: " << svg.size() << " bytes, " << us(t1 - t0) / n_svg << " us each\n"
            << "  of which QR encode: " << us(t6 - t5) / n_svg << " us\n"
            << "badge PNG 360x120: " << png.size() << " bytes, " << us(t3 - t2) / n_png << " us each\n"
            << "badge PNG 720x240: " << png2x.size() << " bytes, " << us(t4 - t3) / n_png << " us each\n";
  SUCCEED();
}
