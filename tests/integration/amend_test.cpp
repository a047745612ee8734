// Amendments, returned marks and shared identifiers over real HTTP against
// the real markd: PATCH re-issues certificates that Node's crypto verifies
// with nothing but the JWKS; a no-op or contacts-only PATCH issues nothing;
// validation names the field; Idempotency-Key replays; revoked and returned
// marks keep their certificate; domains of another operator are refused
// unless shared (then listed on both verify pages); SSIDs the same or alike
// are flagged on both pages and in /api/v1/attention; `returned` is neutral
// on the page, the badge, the status list and in search; markctl amends.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "common/base64.h"
#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::Has;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

bool Refused(const httplib::Result& r, int status) {
  return r && r->status == status && r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0;
}

// The first field a problem names, and what it says about it.
std::string FirstField(const httplib::Result& r) {
  json p = BodyJson(r);
  return p.contains("errors") && !p["errors"].empty() ? p["errors"][0].value("field", "") : "";
}
std::string FirstMessage(const httplib::Result& r) {
  json p = BodyJson(r);
  return p.contains("errors") && !p["errors"].empty() ? p["errors"][0].value("message", "") : "";
}
std::string Detail(const httplib::Result& r) { return BodyJson(r).value("detail", ""); }

json Payload(const std::string& jws) {
  const size_t a = jws.find('.'), b = jws.find('.', a + 1);
  return json::parse(mark::Base64UrlDecode(jws.substr(a + 1, b - a - 1)).value());
}

void SaveText(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string Created(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  return BodyJson(r).value("id", BodyJson(r).value("number", ""));
}

std::string Operator(TestRegistry& reg, const std::string& name, const std::string& website) {
  return Created(reg.Post("/api/v1/operators",
                          json{{"name", name + "株式会社"}, {"name_en", name + " K.K."}, {"website", website}}.dump()));
}

// An imported mark for `service_id` (the number is ours to choose).
std::string Import(TestRegistry& reg, const std::string& service_id, const std::string& number) {
  return Created(
      reg.Post("/api/v1/marks",
               json{{"service_id", service_id}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", number}}
                   .dump()));
}

std::vector<std::string> HistoryKinds(TestRegistry& reg, const std::string& number) {
  json events = BodyJson(reg.GetAuth("/api/v1/marks/" + number + "/history"))["events"];
  std::vector<std::string> kinds;
  for (const auto& e : events) kinds.push_back(e["kind"]);
  return kinds;
}

}  // namespace

TEST_CASE("a PATCH re-issues the certificate, which Node's crypto verifies, and a no-op issues nothing", "[amend]") {
  TestRegistry reg;
  const std::string op = Operator(reg, "改称前通信", "https://before.example.jp/");
  const std::string svc = Created(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                                    {"scheme", "wifi"},
                                                                    {"name", "駅Wi-Fi"},
                                                                    {"name_en", "Station Wi-Fi"},
                                                                    {"ssids", {"Station_Free"}},
                                                                    {"venues", {"東口"}}}
                                                                   .dump()));
  const std::string number = Import(reg, svc, "J0301");
  json before = BodyJson(reg.Get("/api/v1/marks/" + number));
  const std::string old_cert = before["certificate"];

  // Every public fact of the verify page is in the certificate.
  json old_payload = Payload(old_cert);
  CHECK(old_payload["mark"]["service"]["venues"] == json::array({"東口"}));
  CHECK(old_payload["mark"]["operator"]["website"] == "https://before.example.jp/");

  // What would be re-issued, before anything is sent.
  auto preview = reg.Patch("/api/v1/services/" + svc + "?dry_run=true",
                           json{{"ssids", {"Station_Free", "Station_Free_5G"}}, {"reason", "SSIDの追加"}}.dump());
  REQUIRE(preview);
  REQUIRE(preview->status == 200);
  CHECK(BodyJson(preview)["reissue"] == json::array({number}));
  CHECK(BodyJson(preview)["certified_change"] == true);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + number))["certificate"] == old_cert);

  const httplib::Headers key{{"Idempotency-Key", "amend-ssid-1"}};
  const std::string body = json{
      {"ssids", {"Station_Free", "Station_Free_5G"}},
      {"venues", {"東口", "西口"}},
      {"reason", "SSIDと提供場所の追加"},
      {"note_internal",
       "申請書 受付番号 12"}}.dump();
  auto amended = reg.Patch("/api/v1/services/" + svc, body, "", key);
  REQUIRE(amended);
  INFO(amended->body);
  REQUIRE(amended->status == 200);
  json a = BodyJson(amended);
  CHECK(a["reissued"] == json::array({number}));
  CHECK(a["version"] == 2);
  CHECK(a["ssids"] == json::array({"Station_Free", "Station_Free_5G"}));
  // The same key and body again: the first answer, and no second certificate.
  auto replay = reg.Patch("/api/v1/services/" + svc, body, "", key);
  REQUIRE(replay);
  CHECK(replay->status == 200);
  CHECK(replay->get_header_value("Idempotent-Replayed") == "true");
  CHECK(BodyJson(replay) == a);
  CHECK(Refused(reg.Patch("/api/v1/services/" + svc, json{{"name", "別"}, {"reason", "x"}}.dump(), "", key), 409));

  json after = BodyJson(reg.Get("/api/v1/marks/" + number));
  const std::string cert = after["certificate"];
  CHECK(cert != old_cert);
  CHECK(after["version"].get<long long>() == before["version"].get<long long>() + 1);
  CHECK(after["valid_from"] == before["valid_from"]);
  CHECK(after["valid_until"] == before["valid_until"]);
  CHECK(HistoryKinds(reg, number) == std::vector<std::string>{"imported", "amended"});
  json events = BodyJson(reg.GetAuth("/api/v1/marks/" + number + "/history"))["events"];
  CHECK(events[1]["reason"] == "SSIDと提供場所の追加");

  // Verified with nothing of ours: Node's crypto against the published JWKS.
  SaveText(reg.dir() / "jwks.json", reg.Get("/.well-known/jwks.json")->body);
  SaveText(reg.dir() / "cert.jwt", reg.Get("/api/v1/marks/" + number + "/certificate")->body);
  auto node = RunCommand({"/usr/bin/env", "node", std::string(MARK_SOURCE_DIR) + "/tests/interop/verify_jws.mjs",
                          (reg.dir() / "cert.jwt").string(), (reg.dir() / "jwks.json").string()});
  INFO(node.out << node.err);
  CHECK(node.exit_code == 0);
  json p = Payload(cert);
  CHECK(p["sub"] == number);
  CHECK(p["jti"] != old_payload["jti"]);
  CHECK(p["nbf"] == old_payload["nbf"]);
  CHECK(p["exp"] == old_payload["exp"]);
  CHECK(p["mark"]["service"]["ssids"] == json::array({"Station_Free", "Station_Free_5G"}));
  CHECK(p["mark"]["service"]["venues"] == json::array({"東口", "西口"}));

  // The log holds the amendment with its public reason; the audit trail
  // holds the internal note, which no public answer shows.
  json log = BodyJson(reg.Get("/api/v1/log/entries?start=0"));
  bool logged = false;
  for (const auto& e : log["entries"]) {
    json event = json::parse(mark::Base64Decode(e["leaf_input"].get<std::string>()).value());
    logged = logged || (event["type"] == "amendment" && event["number"] == number &&
                        event["reason"] == "SSIDと提供場所の追加" && event["reissued"] == true);
  }
  CHECK(logged);
  auto audit = reg.GetAuth("/api/v1/audit?limit=50");
  CHECK(Has(audit->body, "service.amend"));
  CHECK(Has(audit->body, "申請書 受付番号 12"));
  CHECK_FALSE(Has(reg.Get("/api/v1/marks/" + number)->body, "受付番号"));
  CHECK_FALSE(Has(reg.Get("/v/" + number)->body, "受付番号"));

  // Equal values: 200, version unchanged, no certificate.
  auto same = reg.Patch("/api/v1/services/" + svc,
                        json{{"ssids", {"Station_Free", "Station_Free_5G"}}, {"reason", "確認のみ"}}.dump());
  REQUIRE(same);
  CHECK(same->status == 200);
  CHECK(BodyJson(same)["version"] == 2);
  CHECK(BodyJson(same)["reissued"].empty());
  // Contacts only: never public, nothing certified, version unchanged.
  auto contacts =
      reg.Patch("/api/v1/operators/" + op, json{{"contacts",
                                                 {{{"role", "renewal"}, {"email", "renewal@before.example.jp"}},
                                                  {{"role", "security"}, {"email", "csirt@before.example.jp"}}}},
                                                {"reason", "連絡先の登録"}}
                                               .dump());
  REQUIRE(contacts);
  INFO(contacts->body);
  CHECK(contacts->status == 200);
  CHECK(BodyJson(contacts)["version"] == 1);
  CHECK(BodyJson(contacts)["reissued"].empty());
  CHECK(HistoryKinds(reg, number).size() == 2);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + number))["certificate"] == cert);
  CHECK(BodyJson(reg.GetAuth("/api/v1/operators/" + op))["contacts"].size() == 2);
  CHECK_FALSE(
      BodyJson(reg.GetAuth("/api/v1/operators/" + op, reg.CreateToken("reviewer", "rev-1"))).contains("contacts"));
  CHECK_FALSE(Has(reg.Get("/api/v1/marks/" + number)->body, "csirt@"));
  CHECK_FALSE(Has(reg.Get("/v/" + number)->body, "csirt@"));

  // A merger renames the operator and moves its site: both certified.
  auto renamed = reg.Patch(
      "/api/v1/operators/" + op,
      json{{"name", "合併後通信株式会社"}, {"website", "https://after.example.jp/"}, {"reason", "合併による商号変更"}}
          .dump());
  REQUIRE(renamed);
  CHECK(renamed->status == 200);
  CHECK(BodyJson(renamed)["version"] == 2);
  CHECK(BodyJson(renamed)["reissued"] == json::array({number}));
  json merged = Payload(BodyJson(reg.Get("/api/v1/marks/" + number))["certificate"]);
  CHECK(merged["mark"]["operator"]["name"] == "合併後通信株式会社");
  CHECK(merged["mark"]["operator"]["website"] == "https://after.example.jp/");
}

TEST_CASE("amendments are validated as creation is, and name the field", "[amend]") {
  TestRegistry reg;
  const std::string op = Operator(reg, "検証通信", "https://check.example.jp/");
  const std::string svc = Created(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                                    {"scheme", "isp"},
                                                                    {"name", "検証光"},
                                                                    {"name_en", "Check Hikari"},
                                                                    {"domains", {"check.example.jp"}}}
                                                                   .dump()));
  struct Case {
    json body;
    std::string field;
  };
  const std::string service_path = "/api/v1/services/" + svc;
  for (const Case& c :
       {Case{{{"name", "x"}}, "reason"}, Case{{{"domains", {"co.jp"}}, {"reason", "x"}}, "domains[0]"},
        Case{{{"domains", {"check.example.jp", "192.168.1.1"}}, {"reason", "x"}}, "domains[1]"},
        Case{{{"domains", {"1.2"}}, {"reason", "x"}}, "domains[0]"},
        Case{{{"domains", json::array()}, {"reason", "x"}}, "domains"},
        Case{{{"venues", {"駅"}}, {"reason", "x"}}, "venues"},
        Case{{{"ssids", {std::string(33, 'a')}}, {"reason", "x"}}, "ssids[0]"},
        Case{{{"name", ""}, {"reason", "x"}}, "name"}, Case{{{"colour", "blue"}, {"reason", "x"}}, "colour"},
        Case{{{"shared", {{"domains", {"other.example.jp"}}, {"reason", "x"}}}, {"reason", "x"}},
             "shared.domains[0]"}}) {
    INFO(c.body.dump());
    auto r = reg.Patch(service_path, c.body.dump());
    CHECK(Refused(r, 400));
    CHECK(FirstField(r) == c.field);
  }
  auto move = reg.Patch(service_path, json{{"operator_id", op}, {"reason", "譲渡"}}.dump());
  REQUIRE(Refused(move, 400));
  CHECK(FirstField(move) == "operator_id");
  CHECK(Has(FirstMessage(move), "return its mark"));
  auto email =
      reg.Patch("/api/v1/operators/" + op,
                json{{"contacts", {{{"role", "billing"}, {"email", "billing.example.jp"}}}}, {"reason", "x"}}.dump());
  REQUIRE(Refused(email, 400));
  CHECK(FirstField(email) == "contacts[0].email");
  CHECK(Has(FirstMessage(email), "e-mail address"));
  CHECK(FirstField(reg.Patch("/api/v1/operators/" + op,
                             json{{"corporate_number", "5010001234567"}, {"reason", "x"}}.dump())) ==
        "corporate_number");
  CHECK(Refused(reg.Patch("/api/v1/services/svc_nothing", json{{"reason", "x"}}.dump()), 404));
  CHECK(Refused(reg.Patch(service_path, json{{"reason", "x"}}.dump(), reg.CreateToken("auditor", "aud-1")), 403));
  CHECK(Refused(reg.markd().Client()->Patch(service_path.c_str(), json{{"reason", "x"}}.dump(), "application/json"),
                401));
  // The same rules hold on creation.
  auto public_suffix = reg.Post(
      "/api/v1/services",
      json{{"operator_id", op}, {"scheme", "isp"}, {"name", "x"}, {"name_en", "x"}, {"domains", {"co.jp"}}}.dump());
  REQUIRE(Refused(public_suffix, 400));
  CHECK(FirstField(public_suffix) == "domains[0]");
  CHECK(Has(FirstMessage(public_suffix), "public suffix"));
  auto ip = reg.Post(
      "/api/v1/services",
      json{{"operator_id", op}, {"scheme", "isp"}, {"name", "x"}, {"name_en", "x"}, {"domains", {"192.168.1.1"}}}
          .dump());
  REQUIRE(Refused(ip, 400));
  CHECK(Has(FirstMessage(ip), "IP address"));
}

TEST_CASE("returned is permanent and neutral everywhere while revocation keeps the sanctions", "[amend][returned]") {
  TestRegistry reg;
  const std::string ended = reg.GrantSample("isp");
  const std::string sanctioned = reg.GrantSample("isp");
  const std::string ended_service = BodyJson(reg.Get("/api/v1/marks/" + ended))["service"]["id"];

  auto ceased = reg.Post("/api/v1/marks/" + ended + "/revoke",
                         json{{"reason", "サービス終了"}, {"reason_code", "ceased_operation"}}.dump());
  REQUIRE(Refused(ceased, 400));
  CHECK(FirstField(ceased) == "reason_code");
  CHECK(Has(FirstMessage(ceased), "/api/v1/marks/" + ended + "/return"));
  CHECK(Refused(reg.Post("/api/v1/marks/" + ended + "/revoke",
                         json{{"reason", "依頼"}, {"reason_code", "operator_request"}}.dump()),
                400));
  CHECK(FirstField(reg.Post("/api/v1/marks/" + ended + "/return",
                            json{{"reason", "x"}, {"reason_code", "fraud"}}.dump())) == "reason_code");
  CHECK(FirstField(reg.Post("/api/v1/marks/" + ended + "/return", json{{"reason_code", "service_ended"}}.dump())) ==
        "reason");

  const std::string cert = BodyJson(reg.Get("/api/v1/marks/" + ended))["certificate"];
  auto returned = reg.Post("/api/v1/marks/" + ended + "/return",
                           json{{"reason", "サービス提供終了のため返上"}, {"reason_code", "service_ended"}}.dump());
  REQUIRE(returned);
  INFO(returned->body);
  REQUIRE(returned->status == 200);
  json m = BodyJson(returned);
  CHECK(m["status"] == "returned");
  CHECK(m["return_reason"] == "サービス提供終了のため返上");
  CHECK(m["return_code"] == "service_ended");
  CHECK(m.contains("returned_at"));
  CHECK_FALSE(m.contains("revoked_at"));
  CHECK(m["certificate"] == cert);  // it keeps its last certificate
  REQUIRE(reg.Post("/api/v1/marks/" + sanctioned + "/revoke",
                   json{{"reason", "虚偽表示"}, {"reason_code", "misrepresentation"}}.dump())
              ->status == 200);

  // Permanent; its service is no longer amended.
  for (const char* action : {"return", "revoke", "suspend", "reinstate"})
    CHECK(Refused(reg.Post("/api/v1/marks/" + ended + "/" + action, json{{"reason", "x"}}.dump()), 409));
  CHECK(Refused(reg.Post("/api/v1/marks/" + ended + "/renew", json{{"basis", "import"}}.dump()), 409));
  auto amend = reg.Patch("/api/v1/services/" + ended_service, json{{"name", "別名"}, {"reason", "改称"}}.dump());
  REQUIRE(Refused(amend, 409));
  CHECK(Has(Detail(amend), ended));
  const std::string sanctioned_service = BodyJson(reg.Get("/api/v1/marks/" + sanctioned))["service"]["id"];
  CHECK(Refused(reg.Patch("/api/v1/services/" + sanctioned_service, json{{"name", "別名"}, {"reason", "改称"}}.dump()),
                409));

  // The verify page: neutral words, never the revocation's.
  const std::string page = reg.Get("/v/" + ended)->body;
  CHECK(Has(page, "このマークは返上されています"));
  CHECK(Has(page, "st-returned"));
  CHECK(Has(page, "サービス提供終了のため返上"));
  CHECK_FALSE(Has(page, "取り消されています"));
  CHECK(Has(reg.Get("/v/" + ended + "?lang=en")->body, "This mark has been returned"));
  CHECK(Has(reg.Get("/v/" + ended + "?lang=zh")->body, "此标志已被返还"));
  CHECK(Has(reg.Get("/v/" + ended + "?lang=ko")->body, "이 마크는 반납되었습니다"));
  CHECK(Has(reg.Get("/v/" + sanctioned)->body, "取り消されています"));
  // The badge: grey 返上 / RETURNED.
  const std::string badge = reg.Get("/badge/" + ended + ".svg")->body;
  CHECK(Has(badge, "返上"));
  CHECK(Has(badge, "#57606a"));
  CHECK_FALSE(Has(badge, "#7f1d1d"));
  CHECK(Has(reg.Get("/badge/" + ended + ".svg?lang=en")->body, "RETURNED"));
  auto png = reg.Get("/badge/" + ended + ".png");
  REQUIRE(png);
  CHECK(png->status == 200);
  CHECK(png->get_header_value("Content-Type") == "image/png");
  // The signed status list and the search.
  json list = Payload(reg.Get("/api/v1/status-list.jwt")->body);
  json entry;
  for (const auto& e : list["entries"])
    if (e["number"] == ended) entry = e;
  CHECK(entry["status"] == "returned");
  CHECK(entry["reason_code"] == "service_ended");
  CHECK(Payload(reg.Get("/api/v1/marks/" + ended + "/status.jwt")->body)["status"] == "returned");
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + ended + "/status"))["status"] == "returned");
  json found = BodyJson(reg.Get("/api/v1/marks?status=returned"));
  REQUIRE(found["items"].size() == 1);
  CHECK(found["items"][0]["number"] == ended);
  CHECK(BodyJson(reg.Get("/api/v1/marks?status=revoked"))["items"][0]["number"] == sanctioned);
  // The log and the history.
  CHECK(HistoryKinds(reg, ended).back() == "returned");
  bool logged = false;
  json log = BodyJson(reg.Get("/api/v1/log/entries?start=0"));  // named: a range-for over a temporary's member dangles
  for (const auto& e : log["entries"]) {
    json event = json::parse(mark::Base64Decode(e["leaf_input"].get<std::string>()).value());
    logged = logged || (event["type"] == "status" && event["status"] == "returned" && event["number"] == ended &&
                        event["reason_code"] == "service_ended");
  }
  CHECK(logged);
  // The verifier sees it too.
  auto verify = reg.markd().Client()->Post("/api/v1/verify", cert, "application/jwt");
  REQUIRE(verify);
  CHECK(BodyJson(verify)["reason_code"] == "returned");
  CHECK(BodyJson(verify)["status_now"] == "returned");
}

TEST_CASE("another operator's domain is refused naming the mark, and a shared one is listed on both pages",
          "[amend][identifiers]") {
  TestRegistry reg;
  const std::string first_op = Operator(reg, "共同", "https://kyodo.example.jp/");
  const std::string first_svc = Created(reg.Post("/api/v1/services", json{{"operator_id", first_op},
                                                                          {"scheme", "isp"},
                                                                          {"name", "共同光"},
                                                                          {"name_en", "Kyodo Hikari"},
                                                                          {"domains", {"kyodo.example.jp"}}}
                                                                         .dump()));
  const std::string first = Import(reg, first_svc, "J0401");
  const std::string other_op = Operator(reg, "相乗り", "https://ainori.example.jp/");
  for (const char* domain : {"kyodo.example.jp", "www.kyodo.example.jp", "example.jp"}) {
    INFO(domain);
    auto r = reg.Post("/api/v1/services", json{{"operator_id", other_op},
                                               {"scheme", "isp"},
                                               {"name", "相乗り光"},
                                               {"name_en", "Ainori Hikari"},
                                               {"domains", {domain}}}
                                              .dump());
    REQUIRE(Refused(r, 409));
    CHECK(FirstField(r) == "domains[0]");
    CHECK(Has(FirstMessage(r), first));
    CHECK(Has(Detail(r), first));
  }
  // An amendment adding it is refused the same way.
  const std::string other_svc = Created(reg.Post("/api/v1/services", json{{"operator_id", other_op},
                                                                          {"scheme", "isp"},
                                                                          {"name", "相乗り光"},
                                                                          {"name_en", "Ainori Hikari"},
                                                                          {"domains", {"ainori.example.jp"}}}
                                                                         .dump()));
  const std::string other = Import(reg, other_svc, "J0402");
  auto add =
      reg.Patch("/api/v1/services/" + other_svc,
                json{{"domains", {"ainori.example.jp", "www.kyodo.example.jp"}}, {"reason", "共同サイト"}}.dump());
  REQUIRE(Refused(add, 409));
  CHECK(FirstField(add) == "domains[1]");
  CHECK(Has(FirstMessage(add), first));
  // Declared shared by the secretariat, with a public reason: accepted.
  auto shared = reg.Patch("/api/v1/services/" + other_svc,
                          json{{"domains", {"ainori.example.jp", "www.kyodo.example.jp"}},
                               {"shared", {{"domains", {"www.kyodo.example.jp"}}, {"reason", "両社の共同運営サイト"}}},
                               {"reason", "共同サイトの追加"}}
                              .dump());
  REQUIRE(shared);
  INFO(shared->body);
  REQUIRE(shared->status == 200);
  CHECK(BodyJson(shared)["reissued"] == json::array({other}));
  CHECK(BodyJson(reg.GetAuth("/api/v1/services/" + other_svc))["shared"][0]["reason"] == "両社の共同運営サイト");
  for (const auto& [number, theirs] : {std::pair{first, other}, std::pair{other, first}}) {
    INFO(number);
    const std::string page = reg.Get("/v/" + number)->body;
    CHECK(Has(page, "id=\"neighbours\""));
    CHECK(Has(page, "両社の共同運営サイト"));
    CHECK(Has(page, "/v/" + theirs));
  }
  CHECK(Has(reg.Get("/v/" + first + "?lang=en")->body, "is shared with"));
  // The same operator may reuse its own domains.
  CHECK(reg.Post("/api/v1/services", json{{"operator_id", first_op},
                                          {"scheme", "isp"},
                                          {"name", "共同光2"},
                                          {"name_en", "Kyodo Hikari 2"},
                                          {"domains", {"shop.kyodo.example.jp"}}}
                                         .dump())
            ->status == 201);
}

TEST_CASE("an SSID another operator uses is accepted, shown on both pages and in the attention list",
          "[amend][identifiers]") {
  TestRegistry reg;
  auto wifi = [&](const std::string& name, const std::string& ssid, const std::string& number) {
    const std::string op = Operator(reg, name, "https://" + number + ".example.jp/");
    const std::string svc = Created(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                                      {"scheme", "wifi"},
                                                                      {"name", name + "Wi-Fi"},
                                                                      {"name_en", name + " Wi-Fi"},
                                                                      {"ssids", {ssid, name + "_Own"}}}
                                                                     .dump()));
    Import(reg, svc, number);
    return svc;
  };
  const std::string town = wifi("まち", "Town_Free_WiFi", "J0501");
  wifi("えき", "Town_Free_WiFi", "J0502");  // the very same name
  wifi("みせ", "TOWN-FREE-WIFl", "J0503");  // alike: case, separators, l for i
  const std::string town_page = reg.Get("/v/J0501")->body;
  CHECK(Has(town_page, "でも使われています"));
  CHECK(Has(town_page, "/v/J0502"));
  CHECK(Has(town_page, "よく似ています"));
  CHECK(Has(town_page, "TOWN-FREE-WIFl"));
  CHECK(Has(reg.Get("/v/J0502")->body, "/v/J0501"));
  CHECK(Has(reg.Get("/v/J0502?lang=en")->body, "is also used by"));
  CHECK(Has(reg.Get("/v/J0503?lang=en")->body, "looks like"));

  const std::string auditor = reg.CreateToken("auditor", "aud-attention");
  auto attention = reg.GetAuth("/api/v1/attention", auditor);
  REQUIRE(attention);
  INFO(attention->body);
  REQUIRE(attention->status == 200);
  json a = BodyJson(attention);
  CHECK(a["counts"]["shared_ssid"] == 1);
  CHECK(a["counts"]["lookalike_ssid"] == 2);
  // The operators here have no contacts (their own kind on the list): only
  // the SSID rows are this test's.
  json ssid_items = json::array();
  for (const json& item : a["items"])
    if (item["kind"] != "no_contacts") ssid_items.push_back(item);
  a["items"] = ssid_items;
  REQUIRE(a["items"].size() == 3);
  json same = a["items"][0];
  CHECK(same["kind"] == "shared_ssid");
  CHECK(same["ssid"] == "Town_Free_WiFi");
  CHECK((same["mark"] == "J0501" || same["mark"] == "J0502"));
  CHECK(same["service"].is_string());
  CHECK(Has(same.value("detail", ""), "Town_Free_WiFi"));
  CHECK(a["items"][1]["kind"] == "lookalike_ssid");
  CHECK(Refused(reg.GetAuth("/api/v1/attention", reg.CreateToken("reviewer", "rev-attention")), 403));
  CHECK(Refused(reg.Get("/api/v1/attention"), 401));
  // Renamed apart, the pair leaves the list.
  REQUIRE(reg.Patch("/api/v1/services/" + town, json{{"ssids", {"Machi_Free_WiFi"}}, {"reason", "SSID変更"}}.dump())
              ->status == 200);
  CHECK(BodyJson(reg.GetAuth("/api/v1/attention", auditor))["counts"]["shared_ssid"] == 0);
}

TEST_CASE("markctl service amend and operator amend, and markctl check agrees with the history", "[amend][markctl]") {
  TestRegistry reg;
  const std::string op = Operator(reg, "スクリプト", "https://script.example.jp/");
  const std::string svc = Created(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                                    {"scheme", "wifi"},
                                                                    {"name", "台本Wi-Fi"},
                                                                    {"name_en", "Script Wi-Fi"},
                                                                    {"ssids", {"Script_Free"}}}
                                                                   .dump()));
  const std::string number = Import(reg, svc, "J0601");
  const std::string db = reg.db().string(), keys = reg.keys().string(), url = reg.markd().base_url();
  auto dry = reg.Markctl({"service", "amend", svc, "--db", db, "--keys", keys, "--public-url", url, "--reason", "追加",
                          "--ssid", "Script_Free", "--ssid", "Script_Free_5G", "--dry-run"});
  INFO(dry.err);
  REQUIRE(dry.exit_code == 0);
  CHECK(json::parse(dry.out)["reissue"] == json::array({number}));
  CHECK(HistoryKinds(reg, number).size() == 1);
  auto done =
      reg.Markctl({"service", "amend", svc, "--db", db, "--keys", keys, "--public-url", url, "--reason", "5GHz帯の追加",
                   "--ssid", "Script_Free", "--ssid", "Script_Free_5G", "--venue", "本店", "--venue", "支店"});
  INFO(done.err);
  REQUIRE(done.exit_code == 0);
  json out = json::parse(done.out);
  CHECK(out["reissued"] == json::array({number}));
  CHECK(out["venues"] == json::array({"本店", "支店"}));
  CHECK(HistoryKinds(reg, number) == std::vector<std::string>{"imported", "amended"});
  auto refused =
      reg.Markctl({"service", "amend", svc, "--db", db, "--keys", keys, "--reason", "x", "--domain", "co.jp"});
  CHECK(refused.exit_code == 1);
  CHECK(Has(refused.err, "domains[0]"));
  auto contact = reg.Markctl({"operator", "amend", op, "--db", db, "--keys", keys, "--public-url", url, "--reason",
                              "連絡先", "--contact", "renewal:renewal@script.example.jp"});
  INFO(contact.err);
  REQUIRE(contact.exit_code == 0);
  CHECK(json::parse(contact.out)["reissued"].empty());
  auto bad_contact = reg.Markctl(
      {"operator", "amend", op, "--db", db, "--keys", keys, "--reason", "x", "--contact", "renewal:not-an-address"});
  CHECK(bad_contact.exit_code == 1);
  CHECK(Has(bad_contact.err, "contacts[0].email"));
  CHECK(reg.Markctl({"service", "amend", svc, "--db", db, "--keys", keys}).exit_code == 2);  // no reason
  REQUIRE(
      reg.Post("/api/v1/marks/" + number + "/return", json{{"reason", "終了"}, {"reason_code", "service_ended"}}.dump())
          ->status == 200);
  // Every certificate verifies and is logged; every mark agrees with its
  // history (amended and returned events against their log entries).
  auto check = reg.Markctl({"check", "--db", db, "--keys", keys});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}
