// A registry for the public pages and images tests: the real markd with one
// mark in each status, a Wi-Fi mark, and two marks whose service names try
// to inject markup. Header-only; used by badges_test.cpp and pages_test.cpp.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "support/process.h"

namespace mark::testing {

inline constexpr const char* kScriptName = "<script>alert(1)</script>";
inline constexpr const char* kAttrName = "\"/><svg onload=alert(1)>";

struct PublicRegistry {
  TestRegistry reg;
  std::string valid, suspended, revoked, expired, not_yet_valid, wifi, script_mark, attr_mark;

  int serial_ = 0;

  PublicRegistry() : PublicRegistry(std::vector<std::string>{}) {}
  explicit PublicRegistry(const std::vector<std::string>& extra_markd_args) : reg(extra_markd_args) {
    valid = Grant("isp", "さくら光", "Sakura Hikari", {"sakura-hikari.example.jp"}, {});
    suspended = Grant("isp", "停止光", "Suspended Hikari", {"suspended.example.jp"}, {});
    revoked = Grant("isp", "取消光", "Revoked Hikari", {"revoked.example.jp"}, {});
    expired = Grant("isp", "期限切れ光", "Expired Hikari", {"expired.example.jp"}, {}, "2020-04-01");
    not_yet_valid = Grant("isp", "未来光", "Future Hikari", {"future.example.jp"}, {}, "2099-04-01");
    wifi = Grant("wifi", "駅前フリーWi-Fi", "Ekimae Free Wi-Fi", {}, {"Ekimae_Free_WiFi"});
    script_mark = Grant("isp", kScriptName, kScriptName, {"script.example.jp"}, {});
    attr_mark = Grant("isp", kAttrName, kAttrName, {"attr.example.jp"}, {});
    Change(suspended, "suspend", "監査報告書の未提出");
    Change(revoked, "revoke", "審査基準違反");
  }

  std::string Grant(const std::string& scheme, const std::string& name, const std::string& name_en,
                    const std::vector<std::string>& domains, const std::vector<std::string>& ssids,
                    const std::string& valid_from = "") {
    using nlohmann::json;
    const int n = serial_ + 1;
    auto op = reg.Post("/api/v1/operators", json{{"name", name + "株式会社"},
                                                 {"name_en", name_en + " Co., Ltd."},
                                                 {"website", "https://op" + std::to_string(n) + ".example.jp/"}}
                                                .dump());
    REQUIRE(op);
    REQUIRE(op->status == 201);
    json svc = {{"operator_id", json::parse(op->body)["id"]},
                {"scheme", scheme},
                {"name", name},
                {"name_en", name_en},
                {"domains", domains},
                {"ssids", ssids}};
    if (scheme == "wifi") svc["venues"] = {"東京駅 八重洲口"};
    auto s = reg.Post("/api/v1/services", svc.dump());
    REQUIRE(s);
    INFO(s->body);
    REQUIRE(s->status == 201);
    // Imported ("granted before this system", CONTRACT.md): the number is
    // ours to choose and the grant needs no review record.
    json grant = {{"service_id", json::parse(s->body)["id"]},
                  {"first_review_body", "JAIPA"},
                  {"basis", "import"},
                  {"number", "J" + std::to_string(1000 + ++serial_)},
                  {"note", "test fixture"}};
    if (!valid_from.empty()) grant["valid_from"] = valid_from;
    auto m = reg.Post("/api/v1/marks", grant.dump());
    REQUIRE(m);
    INFO(m->body);
    REQUIRE(m->status == 201);
    return json::parse(m->body)["number"];
  }

  void Change(const std::string& number, const std::string& action, const std::string& reason) {
    auto r = reg.Post("/api/v1/marks/" + number + "/" + action, nlohmann::json{{"reason", reason}}.dump());
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
  }

  const std::string& base() { return reg.markd().base_url(); }
  std::string VerifyUrl(const std::string& number) { return base() + "/v/" + number; }
};

inline std::string WriteFile(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// What zbarimg reads from the QR code in a PNG file ("" when none).
inline std::string DecodeQr(const std::string& png_path) {
  auto r = RunCommand({"/usr/bin/zbarimg", "--nodbus", "-q", "--raw", png_path});
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

inline std::string Header(const httplib::Result& r, const char* name) {
  return r ? r->get_header_value(name) : std::string();
}

}  // namespace mark::testing
