// A clock set back gets nowhere (registry/clock_watch.h): the real markd on a
// test clock set back a day refuses writes, answers unknown wherever the
// answer depends on the time, signs nothing, shows the grey badge and says
// why in its log and /healthz, until the clock comes forward again; a clock
// that ran ahead is accepted back with markctl clock accept-earlier; and the
// 120 s edge.
#include <catch2/catch.hpp>

#include <png.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/jst.h"
#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::Has;
using mark::testing::ReadUntilHasAll;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

constexpr const char* kClockGreen = "#1a7f37";  // verdict.cpp: only a valid mark is green
constexpr const char* kClockGrey = "#57606a";

// How many pixels of a PNG are close to `rgb` (0xRRGGBB), from the decoded
// RGBA image.
long ClockPixelsNear(const std::string& png_bytes, unsigned rgb) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png_bytes.data(), png_bytes.size())) return -1;
  image.format = PNG_FORMAT_RGBA;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return -1;
  const int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  long n = 0;
  for (size_t i = 0; i + 3 < pixels.size(); i += 4)
    if (std::abs(pixels[i] - r) <= 8 && std::abs(pixels[i + 1] - g) <= 8 && std::abs(pixels[i + 2] - b) <= 8) ++n;
  return n;
}

size_t ClockCount(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

httplib::Result ClockNewOperator(TestRegistry& reg, const std::string& tag) {
  return reg.Post("/api/v1/operators", json{{"name", "時計事業者" + tag},
                                            {"name_en", "Clock Operator " + tag},
                                            {"website", "https://clock-" + tag + ".example.jp/"}}
                                           .dump());
}

// A write refused for the clock: 503 problem+json that says by how much.
void CheckClockRefusal(const httplib::Result& r, long behind_by) {
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
  const json problem = BodyJson(r);
  CHECK(problem["reason"] == "clock_behind");
  const std::string detail = problem.value("detail", "");
  CHECK(Has(detail, "the clock is behind the registry's last change by " + std::to_string(behind_by) + " seconds"));
  CHECK(Has(detail, "nothing was changed"));
  CHECK(Has(detail, "markctl clock accept-earlier"));
}

// markd notices a commit by another process (markctl) within 200 ms
// (storage/database.h): writes until one is not refused for the clock, or
// 10 s passed.
httplib::Result ClockWriteOnceAccepted(TestRegistry& reg, const std::string& tag) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  httplib::Result r = ClockNewOperator(reg, tag);
  while (r && r->status == 503 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r = ClockNewOperator(reg, tag);
  }
  return r;
}

}  // namespace

TEST_CASE("a clock set back a day refuses writes and answers unknown, grey and unsigned until it comes forward",
          "[clock]") {
  TestRegistry reg;
  const std::string valid = reg.GrantSample();
  const std::string suspended = reg.GrantSample();
  auto suspend = reg.Post("/api/v1/marks/" + suspended + "/suspend", R"({"reason":"調査中"})");
  REQUIRE(suspend);
  REQUIRE(suspend->status == 200);
  const mark::Instant real = reg.clock().Now();
  // The same look with the clock right is green: the checks below can fail.
  const json registered_page = BodyJson(reg.Get("/api/v1/marks/" + valid));
  const std::string domain = registered_page["service"]["domains"][0];
  const httplib::Headers from_own_site = {{"Referer", "https://" + domain + "/"}};
  auto green = reg.Get("/badge/" + valid + ".png", from_own_site);
  REQUIRE(green);
  REQUIRE(ClockPixelsNear(green->body, 0x1a7f37) > 100);

  reg.clock().Set(real - std::chrono::hours(24));

  SECTION("writes are refused with the reason") {
    CheckClockRefusal(ClockNewOperator(reg, "back"), 86400);
    CheckClockRefusal(reg.Post("/api/v1/marks/" + valid + "/suspend", R"({"reason":"時計"})"), 86400);
    CheckClockRefusal(reg.Post("/api/v1/marks/" + suspended + "/reinstate", R"({"reason":"時計"})"), 86400);
    auto mark = BodyJson(reg.Get("/api/v1/marks/" + suspended));
    CHECK(mark["status"] == "suspended");  // nothing changed
  }

  SECTION("lookup, search and status answer unknown where the time decides, and nothing is signed") {
    const json mark = BodyJson(reg.Get("/api/v1/marks/" + valid));
    CHECK(mark["status"] == "unknown");
    CHECK(mark["status_reason"] == "clock_behind");
    const json held = BodyJson(reg.Get("/api/v1/marks/" + suspended));
    CHECK(held["status"] == "suspended");
    CHECK_FALSE(held.contains("status_reason"));

    const json status = BodyJson(reg.Get("/api/v1/marks/" + valid + "/status"));
    CHECK(status["status"] == "unknown");
    CHECK(status["status_reason"] == "clock_behind");

    const json found = BodyJson(reg.Get("/api/v1/marks?q=" + valid));
    REQUIRE(found["items"].size() == 1);
    CHECK(found["items"][0]["status"] == "unknown");
    CHECK(found["items"][0]["status_reason"] == "clock_behind");
    CHECK(BodyJson(reg.Get("/api/v1/marks?status=valid"))["items"].empty());
    CHECK(BodyJson(reg.Get("/api/v1/marks?status=unknown"))["items"].size() == 1);

    for (const std::string& path : {"/api/v1/marks/" + valid + "/status.jwt", std::string("/api/v1/status-list.jwt")}) {
      auto signed_answer = reg.Get(path);
      REQUIRE(signed_answer);
      CHECK(signed_answer->status == 503);
      CHECK(BodyJson(signed_answer)["reason"] == "clock_behind");
      CHECK(Has(BodyJson(signed_answer)["detail"], "signs no status"));
    }

    auto certificate = reg.Get("/api/v1/marks/" + valid + "/certificate");
    REQUIRE(certificate);
    REQUIRE(certificate->status == 200);
    const json verdict = BodyJson(reg.Post("/api/v1/verify", json{{"certificate", certificate->body}}.dump()));
    CHECK(verdict["valid"] == false);
    CHECK(verdict["reason_code"] == "unknown");
    CHECK(verdict["status_reason"] == "clock_behind");
    CHECK(verdict["status_now"] == "unknown");
  }

  SECTION("the verify page and the badge show the grey cannot-check variant in every language") {
    const std::vector<std::pair<std::string, std::string>> words = {
        {"", "確認不可"}, {"?lang=en", "CANNOT CHECK"}, {"?lang=zh", "无法确认"}, {"?lang=ko", "확인 불가"}};
    for (const auto& [query, word] : words) {
      auto page = reg.Get("/v/" + valid + query);
      REQUIRE(page);
      CHECK(page->status == 200);
      CHECK(Has(page->body, word));
      CHECK(Has(page->body, "verdict st-unknown"));
      CHECK_FALSE(Has(page->body, "st-valid"));
    }
    for (const auto& [query, word] :
         std::vector<std::pair<std::string, std::string>>{{"", "確認不可"}, {"?lang=en", "CANNOT CHECK"}}) {
      for (const httplib::Headers& site : {from_own_site, httplib::Headers{}}) {
        auto svg = reg.Get("/badge/" + valid + ".svg" + query, site);
        REQUIRE(svg);
        CHECK(svg->status == 200);
        CHECK(Has(svg->body, ">" + word + "<"));
        const std::string title =
            svg->body.substr(svg->body.find("<title>"), svg->body.find("</title>") - svg->body.find("<title>"));
        CHECK(Has(title, word));
        CHECK_FALSE(Has(svg->body, kClockGreen));
        CHECK(Has(svg->body, kClockGrey));
      }
    }
    auto png = reg.Get("/badge/" + valid + ".png", from_own_site);
    REQUIRE(png);
    CHECK(png->status == 200);
    CHECK(ClockPixelsNear(png->body, 0x1a7f37) == 0);
    CHECK(ClockPixelsNear(png->body, 0x57606a) > 100);
    CHECK(ClockPixelsNear(png->body, 0xc62828) == 0);  // nor the suspended red
  }

  SECTION("/healthz and the log say why, and the log says it once") {
    const json health = BodyJson(reg.Get("/healthz"));
    CHECK(health["status"] == "degraded");
    CHECK(health["reason"] == "clock_behind");
    CHECK(health["clock"] == mark::FormatInstant(real - std::chrono::hours(24)));
    CHECK(health["last_change_at"] == mark::FormatInstant(real));
    CHECK(health["behind_by_seconds"] == 86400);
    CHECK(Has(health["remedy"], "markctl clock accept-earlier"));
    CHECK(Has(health["detail"], "writes are refused"));
    for (int i = 0; i < 5; ++i) {
      (void)reg.Get("/api/v1/marks/" + valid);
      (void)ClockNewOperator(reg, "again" + std::to_string(i));
    }
    const std::string line = "the clock is behind the registry's last change by 86400 seconds";
    const std::string log = ReadUntilHasAll([&] { return reg.markd().Log(); }, {line, "markctl clock accept-earlier"});
    CHECK(ClockCount(log, line) == 1);
  }

  // Forward again: everything as before, without a restart.
  reg.clock().Set(real);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + valid))["status"] == "valid");
  CHECK_FALSE(BodyJson(reg.Get("/api/v1/marks/" + valid)).contains("status_reason"));
  CHECK(BodyJson(reg.Get("/healthz"))["status"] == "ok");
  auto again = reg.Get("/api/v1/marks/" + valid + "/status.jwt");
  REQUIRE(again);
  CHECK(again->status == 200);
  auto written = ClockNewOperator(reg, "forward");
  REQUIRE(written);
  CHECK(written->status == 201);
  auto svg = reg.Get("/badge/" + valid + ".svg", from_own_site);
  REQUIRE(svg);
  CHECK(Has(svg->body, kClockGreen));
  auto page = reg.Get("/v/" + valid);
  REQUIRE(page);
  CHECK(Has(page->body, "verdict st-valid"));
  const std::string log =
      ReadUntilHasAll([&] { return reg.markd().Log(); }, {"in step with the registry's last change again"});
  CHECK(ClockCount(log, "in step with the registry's last change again") <= 1);
}

TEST_CASE("a clock that ran ahead is accepted back with markctl clock accept-earlier, audited and logged", "[clock]") {
  TestRegistry reg;
  const mark::Instant real = reg.clock().Now();
  reg.clock().Set(real + std::chrono::hours(24));
  const std::string ahead = reg.GrantSample();
  auto ahead_write = ClockNewOperator(reg, "ahead");
  REQUIRE(ahead_write);
  REQUIRE(ahead_write->status == 201);

  // The clock is put right: the registry's last change is a day ahead of it.
  reg.clock().Set(real);
  CheckClockRefusal(ClockNewOperator(reg, "refused"), 86400);
  auto shown = reg.Markctl({"clock", "show", "--db", reg.db().string()});
  CHECK(shown.exit_code == 1);
  CHECK(Has(shown.out, "behind by 86400 s"));

  // A start while behind says so at once.
  reg.Restart();
  const std::string line = "the clock is behind the registry's last change by 86400 seconds";
  CHECK(Has(ReadUntilHasAll([&] { return reg.markd().Log(); }, {line}), line));

  auto accepted = reg.Markctl({"clock", "accept-earlier", "--db", reg.db().string(), "--reason", "NTP ran ahead"});
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  CHECK(Has(accepted.err, "accepted"));
  CHECK(Has(accepted.err, "86400 s"));
  CHECK(reg.Markctl({"clock", "show", "--db", reg.db().string()}).exit_code == 0);

  // markd, still running, takes writes again.
  auto written = ClockWriteOnceAccepted(reg, "accepted");
  REQUIRE(written);
  CHECK(written->status == 201);
  CHECK(BodyJson(reg.Get("/healthz"))["status"] == "ok");
  CHECK(Has(ReadUntilHasAll([&] { return reg.markd().Log(); }, {"in step with the registry's last change again"}),
            "in step with the registry's last change again"));

  // The audit trail and the transparency log record the acceptance.
  const json audit = BodyJson(reg.GetAuth("/api/v1/audit?limit=20"));
  bool audited = false;
  for (const json& r : audit["items"])
    audited = audited || (r["action"] == "clock.accept_earlier" && r["actor"] == "markctl" &&
                          Has(r["detail"], "NTP ran ahead") && r["at"] == mark::FormatInstant(real));
  CHECK(audited);
  const json entries = BodyJson(reg.Get("/api/v1/log/entries?start=0&end=1000"));
  bool logged = false;
  for (const json& e : entries["entries"])
    logged = logged || (e["entry"]["type"] == "clock_accepted_earlier" && e["entry"]["behind_by_seconds"] == 86400 &&
                        e["entry"]["reason"] == "NTP ran ahead");
  CHECK(logged);

  // Nothing more to accept.
  auto again = reg.Markctl({"clock", "accept-earlier", "--db", reg.db().string()});
  CHECK(again.exit_code == 0);
  CHECK(Has(again.err, "nothing to accept"));
  // The mark granted a day ahead reads as its dates say, as of the right time.
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + ahead))["status"] == "not_yet_valid");
}

TEST_CASE("a clock 120 s behind the last change still writes, 121 s behind is refused", "[clock]") {
  TestRegistry reg;
  const std::string number = reg.GrantSample();
  const mark::Instant last = reg.clock().Now();

  reg.clock().Set(last - std::chrono::seconds(120));
  auto at_edge = ClockNewOperator(reg, "edge120");
  REQUIRE(at_edge);
  CHECK(at_edge->status == 201);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + number))["status"] == "valid");
  CHECK(BodyJson(reg.Get("/healthz"))["status"] == "ok");

  // The write 120 s back did not move the last change back.
  reg.clock().Set(last - std::chrono::seconds(121));
  CheckClockRefusal(ClockNewOperator(reg, "edge121"), 121);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + number))["status"] == "unknown");
  const json health = BodyJson(reg.Get("/healthz"));
  CHECK(health["status"] == "degraded");
  CHECK(health["behind_by_seconds"] == 121);

  reg.clock().Set(last);
  auto back = ClockNewOperator(reg, "edge0");
  REQUIRE(back);
  CHECK(back->status == 201);
}
