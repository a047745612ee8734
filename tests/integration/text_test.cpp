// Names checked as text over real HTTP (common/text.h through
// registry/validation.h): creation and PATCH of operators and services
// refuse bidirectional controls, invisible-only names, C0 and C1 controls,
// unassigned code points and words mixing Latin with Cyrillic or Greek, with
// a 400 naming the field and saying why; unnormalised names are stored and
// shown in NFC; Japanese names mixing scripts are accepted; a look-alike of
// another operator's name is on /api/v1/attention; a name stored around the
// rules is shown as stored and listed by `markctl check`.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::Has;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

// The names the rules refuse, each with a word of the reason the answer gives.
struct TextCase {
  const char* what;
  std::string text;
  const char* why;
};
const std::vector<TextCase>& RefusedTexts() {
  static const std::vector<TextCase> cases = {
      {"U+202E RIGHT-TO-LEFT OVERRIDE", "Evil \xE2\x80\xAEpj.enilno-knab", "bidirectional"},
      {"U+200B alone", "\xE2\x80\x8B", "no visible characters"},
      {"U+0085 NEXT LINE (C1)", "Sakura\xC2\x85Net", "control character"},
      {"U+0007 (C0)", "Sakura\x07Net", "control character"},
      {"U+0378 unassigned", "Sakura\xCD\xB8", "not assigned"},
      {"Cyrillic in a Latin word", "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l Bank", "Cyrillic and Latin"},
      {"a Greek omicron in a Latin word", "G\xCE\xBFogle Wi-Fi", "Latin and Greek"},
  };
  return cases;
}

// A 400 problem+json whose first error names `field`; its message.
std::string TextRefusalFor(const httplib::Result& r, const std::string& field) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 400);
  CHECK(r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
  json p = BodyJson(r);
  REQUIRE(p.contains("errors"));
  REQUIRE(!p["errors"].empty());
  CHECK(p["errors"][0]["field"] == field);
  return p["errors"][0].value("message", "");
}

std::string TextCreated(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  return BodyJson(r).value("id", BodyJson(r).value("number", ""));
}

std::string TextOperator(TestRegistry& reg, const std::string& name, const std::string& name_en) {
  return TextCreated(reg.Post(
      "/api/v1/operators", json{{"name", name}, {"name_en", name_en}, {"website", "https://text.example.jp/"}}.dump()));
}

std::string TextService(TestRegistry& reg, const std::string& op, const std::string& name, const std::string& name_en,
                        const std::string& domain) {
  return TextCreated(
      reg.Post("/api/v1/services",
               json{{"operator_id", op}, {"scheme", "isp"}, {"name", name}, {"name_en", name_en}, {"domains", {domain}}}
                   .dump()));
}

}  // namespace

TEST_CASE(
    "names with bidi controls, controls, invisibles, unassigned code points or mixed-script words are refused "
    "on create and PATCH, naming the field",
    "[text]") {
  TestRegistry reg;
  const std::string op = TextOperator(reg, "テキスト通信株式会社", "Text Tsushin K.K.");
  const std::string svc = TextService(reg, op, "テキスト光", "Text Hikari", "text-hikari.example.jp");
  int n = 0;
  for (const TextCase& c : RefusedTexts()) {
    INFO(c.what);
    ++n;
    CHECK(
        Has(TextRefusalFor(
                reg.Post("/api/v1/operators",
                         json{{"name", c.text}, {"name_en", "Fine Name"}, {"website", "https://t.example.jp/"}}.dump()),
                "name"),
            c.why));
    CHECK(
        Has(TextRefusalFor(
                reg.Post("/api/v1/operators",
                         json{{"name", "良い名前"}, {"name_en", c.text}, {"website", "https://t.example.jp/"}}.dump()),
                "name_en"),
            c.why));
    CHECK(Has(TextRefusalFor(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                               {"scheme", "isp"},
                                                               {"name", c.text},
                                                               {"name_en", "Fine"},
                                                               {"domains", {"t" + std::to_string(n) + ".example.jp"}}}
                                                              .dump()),
                             "name"),
              c.why));
    CHECK(Has(TextRefusalFor(reg.Patch("/api/v1/operators/" + op, json{{"name_en", c.text}, {"reason", "改称"}}.dump()),
                             "name_en"),
              c.why));
    CHECK(Has(
        TextRefusalFor(reg.Patch("/api/v1/services/" + svc, json{{"name", c.text}, {"reason", "改称"}}.dump()), "name"),
        c.why));
  }
  // Venues and reasons follow the character rules too.
  const std::string wifi = TextCreated(reg.Post("/api/v1/services", json{{"operator_id", op},
                                                                         {"scheme", "wifi"},
                                                                         {"name", "テキストWi-Fi"},
                                                                         {"name_en", "Text Wi-Fi"},
                                                                         {"ssids", {"Text_Free"}}}
                                                                        .dump()));
  CHECK(Has(TextRefusalFor(reg.Patch("/api/v1/services/" + wifi, json{{"venues",
                                                                       {"駅前",
                                                                        "\xE2\x80\xAE"
                                                                        "口北"}},
                                                                      {"reason", "追加"}}
                                                                     .dump()),
                           "venues[1]"),
            "bidirectional"));
  CHECK(Has(TextRefusalFor(reg.Patch("/api/v1/services/" + wifi,
                                     json{{"name", "テキストWi-Fi 2"}, {"reason", "改称\xE2\x80\x8B"}}.dump()),
                           "reason"),
            "invisible"));
  // Nothing refused was stored.
  json stored = BodyJson(reg.GetAuth("/api/v1/operators/" + op));
  CHECK(stored["name_en"] == "Text Tsushin K.K.");
}

TEST_CASE("unnormalised names are stored, shown and searched in NFC", "[text]") {
  TestRegistry reg;
  const std::string ga_nfd = "\xE3\x81\x8B\xE3\x82\x99";  // か + U+3099
  const std::string ga_nfc = "\xE3\x81\x8C";              // が
  const std::string op = TextOperator(reg, "なが" + ga_nfd + "わ通信株式会社", "Nagagawa Tsushin K.K.");
  CHECK(BodyJson(reg.GetAuth("/api/v1/operators/" + op))["name"] == "なが" + ga_nfc + "わ通信株式会社");
  const std::string svc = TextService(reg, op,
                                      "\xE3\x80\x80"
                                      "なが" +
                                          ga_nfd + "わ光 ",
                                      "Nagagawa Hikari", "nagagawa.example.jp");
  CHECK(BodyJson(reg.GetAuth("/api/v1/services/" + svc))["name"] == "なが" + ga_nfc + "わ光");
  TextCreated(reg.Post(
      "/api/v1/marks",
      json{{"service_id", svc}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", "J0711"}}.dump()));
  json mark = BodyJson(reg.Get("/api/v1/marks/J0711"));
  CHECK(mark["service"]["name"] == "なが" + ga_nfc + "わ光");
  CHECK(mark["operator"]["name"] == "なが" + ga_nfc + "わ通信株式会社");
  const std::string page = reg.Get("/v/J0711")->body;
  CHECK(Has(page, "なが" + ga_nfc + "わ光"));
  CHECK_FALSE(Has(page, ga_nfd));
  // What is shown is what is found: the NFC name finds the mark.
  json found = BodyJson(reg.Get("/api/v1/marks?q=%E3%81%AA%E3%81%8C%E3%81%8C%E3%82%8F%E5%85%89"));  // ながかわ光, NFC
  REQUIRE(found["items"].size() == 1);
  CHECK(found["items"][0]["number"] == "J0711");
  // A PATCH normalises as creation does.
  auto patched =
      reg.Patch("/api/v1/services/" + svc,
                json{{"name_en", "Naga" + std::string("\xCC\x81") + " Hikari"}, {"reason", "英語名の訂正"}}.dump());
  REQUIRE(patched);
  INFO(patched->body);
  REQUIRE(patched->status == 200);
  CHECK(BodyJson(reg.GetAuth("/api/v1/services/" + svc))["name_en"] == "Nag\xC3\xA1 Hikari");
}

TEST_CASE("Japanese names mixing kanji, kana and Latin are accepted", "[text]") {
  TestRegistry reg;
  const std::string op = TextOperator(reg, "株式会社カフェ・ド・ソラ", "Cafe de Sora K.K.");
  int n = 0;
  for (const char* name : {"ソラカフェWi-Fi", "さくらインターネット光 Premium", "ＮＴＴ東日本フレッツ光", "ｿﾗｶﾌｪ Free",
                           "東京Free Wi-Fi（２階）", "葛\xF3\xA0\x84\x80飾ネット"}) {  // 葛 + U+E0100
    INFO(name);
    ++n;
    auto r = reg.Post("/api/v1/services", json{{"operator_id", op},
                                               {"scheme", "isp"},
                                               {"name", name},
                                               {"name_en", "Service " + std::to_string(n)},
                                               {"domains", {"s" + std::to_string(n) + ".sora.example.jp"}}}
                                              .dump());
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 201);
    CHECK(BodyJson(r)["name"] == name);
  }
}

TEST_CASE("a name like another operator's is on the attention list as lookalike_name", "[text][attention]") {
  TestRegistry reg;
  const std::string genuine = TextOperator(reg, "ペイパル株式会社", "PayPal K.K.");
  // Р а у Р а ӏ, all Cyrillic (so no word mixes scripts), and "K.K." in Latin.
  const std::string copy =
      TextOperator(reg, "ぺいぱる株式会社", "\xD0\xA0\xD0\xB0\xD1\x83\xD0\xA0\xD0\xB0\xD3\x8F K.K.");
  const std::string auditor = reg.CreateToken("auditor", "aud-text");
  auto attention = reg.GetAuth("/api/v1/attention", auditor);
  REQUIRE(attention);
  INFO(attention->body);
  REQUIRE(attention->status == 200);
  json a = BodyJson(attention);
  CHECK(a["counts"]["lookalike_name"] == 1);
  json item;
  for (const json& i : a["items"])
    if (i["kind"] == "lookalike_name") item = i;
  REQUIRE(item.is_object());
  CHECK(item["operator"] == copy);
  CHECK(item["owner"] == "operator");
  CHECK(item["field"] == "name_en");
  CHECK(item["other"]["operator"] == genuine);
  CHECK(item["other"]["name"] == "PayPal K.K.");
  CHECK(Has(item["detail"].get<std::string>(), "looks like"));
  // A service of the copy in capitals is no new pair: the two operators are paired once.
  TextService(reg, copy, "ぺいぱる光", "PAYPAL HIKARI", "paypal-hikari.example.jp");
  CHECK(BodyJson(reg.GetAuth("/api/v1/attention", auditor))["counts"]["lookalike_name"] == 1);
  // Renamed apart, the pair leaves the list.
  auto renamed =
      reg.Patch("/api/v1/operators/" + copy, json{{"name_en", "PeipaL Shoji K.K."}, {"reason", "改称"}}.dump());
  REQUIRE(renamed);
  REQUIRE(renamed->status == 200);
  CHECK(BodyJson(reg.GetAuth("/api/v1/attention", auditor))["counts"]["lookalike_name"] == 0);
}

TEST_CASE("a name stored around the rules is shown as stored and listed by markctl check", "[text][markctl]") {
  TestRegistry reg;
  const std::string op = TextOperator(reg, "正規通信株式会社", "Seiki Tsushin K.K.");
  const std::string bidi = "Evil \xE2\x80\xAEpj.enilno-knab";
  const std::string mixed = "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l";
  {
    // As a database written before the rules holds it.
    SQLite::Database db(reg.db().string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    SQLite::Statement q(db, "UPDATE operators SET name = ?, name_en = ? WHERE id = ?");
    q.bind(1, bidi);
    q.bind(2, mixed);
    q.bind(3, op);
    REQUIRE(q.exec() == 1);
  }
  reg.Restart();
  json stored = BodyJson(reg.GetAuth("/api/v1/operators/" + op));
  CHECK(stored["name"] == bidi);  // never rewritten
  CHECK(stored["name_en"] == mixed);
  auto check = reg.Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);  // information, not a failure
  CHECK(Has(check.out, "text: operator " + op + " name \"Evil \\u{202E}pj.enilno-knab\": holds U+202E"));
  CHECK(Has(check.out, "text: operator " + op + " name_en \"" + mixed + "\": mixes Cyrillic and Latin"));
  CHECK(Has(check.out, "text: 2 stored names"));
  // A PATCH with a name the rules take makes it clean again.
  auto fixed =
      reg.Patch("/api/v1/operators/" + op,
                json{{"name", "正規通信株式会社"}, {"name_en", "Seiki Tsushin K.K."}, {"reason", "表記の訂正"}}.dump());
  REQUIRE(fixed);
  INFO(fixed->body);
  REQUIRE(fixed->status == 200);
  auto again = reg.Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(again.out);
  CHECK(Has(again.out, "ok: every stored name passes the text rules"));
}
