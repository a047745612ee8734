// Webhooks end to end: markd delivers to a real HTTP receiver on loopback
// (tests/interop/webhook_receiver.mjs) that verifies every delivery with the
// Standard Webhooks reference library (npm standardwebhooks, installed from
// tests/interop/package-lock.json on first use) and records it. Order per
// mark, a receiver answering 500 then 200, one that never answers, a
// redirect, private addresses, a delivery failing for 24 hours.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/helper_process.h"
#include "support/process.h"

using mark::testing::HelperProcess;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kInterop = std::string(MARK_SOURCE_DIR) + "/tests/interop";

struct WebhookReceiver {
  fs::path log;
  std::unique_ptr<HelperProcess> proc;
  std::string Url(const std::string& mode, const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(proc->port()) + "/" + mode + "/" + name;
  }
};

WebhookReceiver StartWebhookReceiver(const fs::path& dir) {
  // One install for all the tests that start a receiver, whichever runs first.
  auto installed = mark::testing::RunCommand({kInterop + "/install"});
  INFO(installed.err);
  REQUIRE(installed.exit_code == 0);
  WebhookReceiver r{dir / "received.jsonl", nullptr};
  r.proc = HelperProcess::Start({"/usr/bin/node", kInterop + "/webhook_receiver.mjs", "--log", r.log.string()},
                                dir / "receiver.log");
  return r;
}

std::vector<json> WebhookReceived(const WebhookReceiver& r, const std::string& name) {
  std::vector<json> out;
  std::istringstream in(mark::testing::ReadFile(r.log));
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, false);
    if (j.is_object() && j.value("name", "") == name) out.push_back(j);
  }
  return out;
}

// Waits (bounded) until `name` has at least `n` records.
std::vector<json> AwaitWebhookReceived(const WebhookReceiver& r, const std::string& name, size_t n, int seconds = 20) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::vector<json> got;
  while (std::chrono::steady_clock::now() < deadline) {
    got = WebhookReceived(r, name);
    if (got.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return got;
}

// Registers an endpoint and tells the receiver its secret; returns the answer.
json RegisterWebhookEndpoint(TestRegistry& reg, const WebhookReceiver& r, const std::string& mode,
                             const std::string& name, json extra = json::object()) {
  extra["url"] = r.Url(mode, name);
  if (!extra.contains("events"))
    extra["events"] = {"mark.granted",    "mark.renewed",  "mark.amended", "mark.suspended",
                       "mark.reinstated", "mark.returned", "mark.revoked", "mark.expired"};
  auto res = reg.Post("/api/v1/webhooks", extra.dump());
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  json answer = json::parse(res->body);
  httplib::Client c("127.0.0.1", r.proc->port());
  REQUIRE(c.Post(("/_secret/" + name).c_str(), answer["secret"].get<std::string>(), "text/plain"));
  return answer;
}

json WebhookRows(TestRegistry& reg, const std::string& endpoint) {
  json out = json::array();
  const json outbox = json::parse(reg.GetAuth("/api/v1/outbox?limit=500&channel=webhook")->body);
  for (const json& row : outbox["items"])
    if (row["endpoint_id"] == endpoint) out.push_back(row);
  return out;
}

json AwaitWebhookRow(TestRegistry& reg, const std::string& endpoint, const std::function<bool(const json&)>& pred,
                     int seconds = 20) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const json& row : WebhookRows(reg, endpoint))
      if (pred(row)) return row;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nullptr;
}

const std::vector<std::string> kWebhookArgs = {"--webhook-allow-private", "--webhook-timeout", "2", "--quiet"};

}  // namespace

TEST_CASE("webhooks: signed, verified by the Standard Webhooks library, in order per mark", "[notify][webhooks]") {
  mark::testing::TempDir tmp;
  WebhookReceiver rx = StartWebhookReceiver(tmp.path());
  TestRegistry reg(kWebhookArgs);
  json endpoint = RegisterWebhookEndpoint(reg, rx, "ok", "all");
  CHECK(endpoint["secret"].get<std::string>().rfind("whsec_", 0) == 0);
  CHECK(endpoint["id"].get<std::string>().rfind("wh_", 0) == 0);
  // The list never shows the secret again.
  auto list = json::parse(reg.GetAuth("/api/v1/webhooks")->body);
  REQUIRE(list["items"].size() == 1);
  CHECK(!list["items"][0].contains("secret"));
  CHECK(list["items"][0]["url"] == rx.Url("ok", "all"));

  const std::string number = reg.GrantSample();
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/suspend", R"({"reason":"調査"})")->status == 200);
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/reinstate", R"({"reason":"解決"})")->status == 200);
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/revoke", R"({"reason":"規約違反","reason_code":"misrepresentation"})")
              ->status == 200);
  auto got = AwaitWebhookReceived(rx, "all", 4);
  REQUIRE(got.size() == 4);
  const std::vector<std::string> types = {"mark.granted", "mark.suspended", "mark.reinstated", "mark.revoked"};
  for (size_t i = 0; i < got.size(); ++i) {
    INFO(got[i].dump());
    CHECK(got[i]["verified"] == true);
    CHECK(got[i]["type"] == types[i]);
    CHECK(got[i]["number"] == number);
    const std::string certificate = got[i]["certificate"];
    CHECK(std::count(certificate.begin(), certificate.end(), '.') == 2);
    if (i > 0) CHECK(got[i]["event_id"].get<long long>() > got[i - 1]["event_id"].get<long long>());
  }
  CHECK(got[3]["status"] == "revoked");

  // The database holds no secret: only its sealed form.
  const std::string secret = endpoint["secret"];
  const std::string db_bytes = mark::testing::ReadFile(reg.db()) + mark::testing::ReadFile(reg.db().string() + "-wal");
  CHECK(db_bytes.find(secret.substr(6)) == std::string::npos);

  // Another operator's endpoint hears nothing of this operator's marks.
  auto ops = json::parse(reg.GetAuth("/api/v1/operators")->body);
  json other = RegisterWebhookEndpoint(reg, rx, "ok", "other", {{"operator_id", ops["items"][0]["id"]}});
  const std::string second = reg.GrantSample();  // a new operator
  REQUIRE(AwaitWebhookReceived(rx, "all", 5).size() == 5);
  CHECK(WebhookRows(reg, other["id"]).empty());

  // Removed: no further deliveries.
  auto del = reg.markd().Client()->Delete(("/api/v1/webhooks/" + endpoint["id"].get<std::string>()).c_str(),
                                          {{"Authorization", "Bearer " + reg.token()}});
  REQUIRE(del);
  CHECK(del->status == 200);
  CHECK(json::parse(reg.GetAuth("/api/v1/webhooks")->body)["items"].size() == 1);
  (void)second;
}

TEST_CASE("webhooks: a 500 is retried with the same webhook-id, and later events wait for it", "[notify][webhooks]") {
  mark::testing::TempDir tmp;
  WebhookReceiver rx = StartWebhookReceiver(tmp.path());
  TestRegistry reg(kWebhookArgs);
  json endpoint = RegisterWebhookEndpoint(reg, rx, "flaky", "f");
  const std::string number = reg.GrantSample();
  REQUIRE(AwaitWebhookReceived(rx, "f", 1).size() == 1);  // answered 500
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/suspend", R"({"reason":"調査"})")->status == 200);
  // The suspension waits behind the failed grant: it has not been tried.
  json held = AwaitWebhookRow(reg, endpoint["id"],
                              [](const json& r) { return r["kind"] == "mark.suspended" && r["state"] == "pending"; });
  REQUIRE(held.is_object());
  REQUIRE(AwaitWebhookRow(reg, endpoint["id"], [](const json& r) {
            return r["kind"] == "mark.granted" && r["attempts"] == 1;
          }).is_object());
  CHECK(WebhookReceived(rx, "f").size() == 1);
  CHECK(held["attempts"] == 0);
  reg.clock().Advance(std::chrono::seconds(10));  // past the first retry's 5 s
  auto got = AwaitWebhookReceived(rx, "f", 3);
  REQUIRE(got.size() == 3);
  CHECK(got[0]["answered"] == 500);
  CHECK(got[1]["answered"] == 200);
  CHECK(got[1]["id"] == got[0]["id"]);  // the same message again
  CHECK(got[1]["type"] == "mark.granted");
  CHECK(got[2]["type"] == "mark.suspended");
  CHECK(got[2]["id"] != got[0]["id"]);
}

TEST_CASE("webhooks: a receiver that never answers times out and delays no other endpoint", "[notify][webhooks]") {
  mark::testing::TempDir tmp;
  WebhookReceiver rx = StartWebhookReceiver(tmp.path());
  TestRegistry reg(kWebhookArgs);
  json hang = RegisterWebhookEndpoint(reg, rx, "hang", "h");
  RegisterWebhookEndpoint(reg, rx, "ok", "o");
  const std::string a = reg.GrantSample();
  const std::string b = reg.GrantSample();
  // Both grants reach the answering endpoint while the other hangs.
  auto got = AwaitWebhookReceived(rx, "o", 2);
  REQUIRE(got.size() == 2);
  json timed_out =
      AwaitWebhookRow(reg, hang["id"], [](const json& r) { return mark::testing::Has(r["last_error"], "imed out"); });
  REQUIRE(timed_out.is_object());
  CHECK(timed_out["state"] == "pending");
  (void)a, (void)b;
}

TEST_CASE("webhooks: redirects are not followed, private addresses refused without the flag", "[notify][webhooks]") {
  mark::testing::TempDir tmp;
  WebhookReceiver rx = StartWebhookReceiver(tmp.path());
  TestRegistry reg(kWebhookArgs);
  json redirect = RegisterWebhookEndpoint(reg, rx, "redirect", "r");
  const std::string number = reg.GrantSample();
  json row = AwaitWebhookRow(
      reg, redirect["id"], [](const json& r) { return mark::testing::Has(r["last_error"], "redirect not followed"); });
  REQUIRE(row.is_object());
  for (const json& rec : WebhookReceived(rx, "r")) CHECK(rec["mode"] == "redirect");  // never /ok/r
  // An endpoint registered while private addresses are allowed.
  json stored = RegisterWebhookEndpoint(reg, rx, "ok", "p");

  // Without --webhook-allow-private: a loopback URL is refused at
  // registration, and a stored one at delivery.
  reg.markd().Stop();
  auto args = reg.clock().Args();
  args.push_back("--quiet");
  auto markd = mark::testing::MarkdProcess::Start({reg.db(), reg.keys(), args, {}});
  auto c = markd->Client();
  httplib::Headers auth{{"Authorization", "Bearer " + reg.token()}};
  auto refused = c->Post("/api/v1/webhooks", auth,
                         json{{"url", rx.Url("ok", "p")}, {"events", {"mark.granted"}}}.dump(), "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 400);
  CHECK(json::parse(refused->body)["errors"][0]["field"] == "url");
  auto localhost =
      c->Post("/api/v1/webhooks", auth, json{{"url", "http://localhost:9/x"}, {"events", {"mark.granted"}}}.dump(),
              "application/json");
  CHECK(localhost->status == 400);
  REQUIRE(c->Post(("/api/v1/marks/" + number + "/suspend").c_str(), auth, R"({"reason":"調査"})", "application/json")
              ->status == 200);
  json blocked;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && blocked.is_null()) {
    const json outbox = json::parse(c->Get("/api/v1/outbox?channel=webhook", auth)->body);
    for (const json& r : outbox["items"])
      if (r["endpoint_id"] == stored["id"] && r["kind"] == "mark.suspended" &&
          mark::testing::Has(r["last_error"], "loopback"))
        blocked = r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(blocked.is_object());
  CHECK(mark::testing::Has(blocked["last_error"], "public addresses only"));
  CHECK(WebhookReceived(rx, "p").empty());
  markd->Stop();
}

TEST_CASE("webhooks: failed after 24 hours, shown, held back until skipped", "[notify][webhooks]") {
  mark::testing::TempDir tmp;
  TestRegistry reg(kWebhookArgs);
  // Nothing listens on port 9 (discard) here: every attempt is refused.
  auto res = reg.Post("/api/v1/webhooks",
                      json{{"url", "http://127.0.0.1:9/hook"}, {"events", {"mark.granted", "mark.suspended"}}}.dump());
  REQUIRE(res->status == 201);
  const std::string id = json::parse(res->body)["id"];
  const std::string number = reg.GrantSample();
  REQUIRE(AwaitWebhookRow(reg, id, [](const json& r) { return r["attempts"] == 1; }).is_object());
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/suspend", R"({"reason":"調査"})")->status == 200);
  reg.clock().Advance(std::chrono::hours(25));
  json failed = AwaitWebhookRow(reg, id, [](const json& r) { return r["state"] == "failed"; });
  REQUIRE(failed.is_object());
  CHECK(failed["kind"] == "mark.granted");
  auto attention = json::parse(reg.GetAuth("/api/v1/attention")->body);
  CHECK(attention["counts"]["notice_failed"] == 1);
  // The suspension is held back behind it, then goes once it is skipped.
  json held = AwaitWebhookRow(reg, id, [](const json& r) { return r["kind"] == "mark.suspended"; });
  CHECK(held["attempts"] == 0);
  auto skipped = reg.Post("/api/v1/outbox/" + std::to_string(failed["id"].get<long long>()) + "/skip",
                          R"({"reason":"受信側の廃止"})");
  REQUIRE(skipped->status == 200);
  CHECK(json::parse(skipped->body)["state"] == "skipped");
  REQUIRE(AwaitWebhookRow(reg, id, [](const json& r) {
            return r["kind"] == "mark.suspended" && r["attempts"].get<int>() >= 1;
          }).is_object());
  // Redeliver puts a failed delivery back.
  auto again = reg.Post("/api/v1/outbox/" + std::to_string(failed["id"].get<long long>()) + "/redeliver", "{}");
  CHECK(again->status == 409);  // skipped is final
}
