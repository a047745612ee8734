// Feeds and open data over real HTTP against the real markd, each read back
// by an independent parser: the Atom feeds by Python's xml.etree with RFC
// 4287's required elements checked (tests/interop/atom_check.py), the CSV by
// Python's csv module after taking off the BOM (tests/interop/csv_read.py),
// the JSON Lines line by line by Python's json. Public facts only: no
// token name, no internal note, no grant basis ever shows; the public reason
// does. Exports say what GET /api/v1/marks/{number} says, neutralise
// formula cells, and answer 304 until the registry or the date changes
// what they hold.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::Has;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

const std::string kPython = "/usr/bin/python3";

std::string FeedScript(const char* name) { return std::string(MARK_SOURCE_DIR) + "/tests/interop/" + name; }

// atom_check.py's reading of `xml`; fails the test on any RFC 4287 problem.
json FeedParsed(const std::string& xml) {
  auto run = RunCommand({kPython, FeedScript("atom_check.py")}, xml);
  INFO(run.err);
  INFO(run.out);
  json parsed = json::parse(run.out, nullptr, false);
  REQUIRE(!parsed.is_discarded());
  CHECK(parsed["problems"] == json::array());
  CHECK(run.exit_code == 0);
  return parsed;
}

// The href of the feed link `rel`, "" when there is none.
std::string FeedLink(const json& feed, const std::string& rel) {
  for (const json& l : feed["links"])
    if (l["rel"] == rel) return l["href"];
  return "";
}

std::string FeedEntryAlternate(const json& entry) {
  for (const json& l : entry["links"])
    if (l["rel"] == "alternate") return l["href"];
  return "";
}

std::vector<std::string> FeedKinds(const json& feed) {
  std::vector<std::string> kinds;
  for (const json& e : feed["entries"]) kinds.push_back(e["categories"].empty() ? "" : e["categories"][0]);
  return kinds;
}

// Creates an operator and a service with these names and grants it a mark
// resting on a passed review; returns the mark number.
std::string FeedGrantNamed(TestRegistry& reg, const std::string& operator_name, const std::string& service_name,
                           const std::string& domain) {
  auto op = reg.Post(
      "/api/v1/operators",
      json{{"name", operator_name}, {"name_en", "Feed Operator"}, {"website", "https://" + domain + "/"}}.dump());
  REQUIRE(op);
  INFO(op->body);
  REQUIRE(op->status == 201);
  auto svc = reg.Post("/api/v1/services", json{{"operator_id", BodyJson(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", service_name},
                                               {"name_en", "Feed Service"},
                                               {"domains", {domain}}}
                                              .dump());
  REQUIRE(svc);
  INFO(svc->body);
  REQUIRE(svc->status == 201);
  const std::string service_id = BodyJson(svc)["id"];
  auto mark = reg.Post("/api/v1/marks", json{{"service_id", service_id},
                                             {"first_review_body", "JAIPA"},
                                             {"review_id", reg.RecordPassedReview(service_id)}}
                                            .dump());
  REQUIRE(mark);
  INFO(mark->body);
  REQUIRE(mark->status == 201);
  return BodyJson(mark)["number"];
}

// Where an absolute link of this markd points, as a path for reg.Get.
std::string FeedPathOf(TestRegistry& reg, const std::string& href) {
  const std::string& base = reg.markd().base_url();
  REQUIRE(href.rfind(base, 0) == 0);
  return href.substr(base.size());
}

}  // namespace

TEST_CASE("the change feed is Atom with public facts only, newest first", "[feeds]") {
  TestRegistry reg;
  const std::string base = reg.markd().base_url();
  const std::string first = reg.GrantSample();
  reg.clock().Advance(std::chrono::minutes(1));
  const std::string second = reg.GrantSample("wifi");
  reg.clock().Advance(std::chrono::minutes(1));
  // A change made under a token whose name must never be published.
  const std::string actor_token = reg.CreateToken("secretariat", "feeds-actor-kobayashi");
  auto suspended = reg.Post("/api/v1/marks/" + first + "/suspend",
                            R"({"reason":"監査報告書の未提出","reason_code":"unspecified"})", actor_token);
  REQUIRE(suspended);
  REQUIRE(suspended->status == 200);
  reg.clock().Advance(std::chrono::minutes(1));
  json second_mark = BodyJson(reg.Get("/api/v1/marks/" + second));
  auto amended = reg.Patch(
      "/api/v1/services/" + second_mark["service"]["id"].get<std::string>(),
      json{{"name", "駅前Wi-Fi 新名称"}, {"reason", "サービス名の変更"}, {"note_internal", "内部メモ-社外秘"}}.dump());
  REQUIRE(amended);
  INFO(amended->body);
  REQUIRE(amended->status == 200);
  reg.clock().Advance(std::chrono::minutes(1));
  // An import's note is the secretariat's, not the public's.
  auto op =
      reg.Post("/api/v1/operators",
               json{{"name", "移行通信"}, {"name_en", "Migrated"}, {"website", "https://migrated.example.jp/"}}.dump());
  REQUIRE(op);
  auto svc = reg.Post("/api/v1/services", json{{"operator_id", BodyJson(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", "移行光"},
                                               {"name_en", "Migrated Hikari"},
                                               {"domains", {"migrated.example.jp"}}}
                                              .dump());
  REQUIRE(svc);
  auto imported = reg.Post("/api/v1/marks", json{{"service_id", BodyJson(svc)["id"]},
                                                 {"first_review_body", "TELESA"},
                                                 {"basis", "import"},
                                                 {"number", "T0900"},
                                                 {"note", "移行メモ-社外秘"}}
                                                .dump());
  REQUIRE(imported);
  INFO(imported->body);
  REQUIRE(imported->status == 201);

  auto r = reg.Get("/feed.atom");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
  CHECK(Has(r->get_header_value("Cache-Control"), "public"));
  const std::string etag = r->get_header_value("ETag");
  CHECK(!etag.empty());
  const json feed = FeedParsed(r->body);
  CHECK(FeedLink(feed, "self") == base + "/feed.atom");
  CHECK(FeedLink(feed, "first") == base + "/feed.atom");
  CHECK(FeedLink(feed, "next").empty());  // five changes fit on a page
  CHECK(FeedKinds(feed) == std::vector<std::string>{"imported", "amended", "suspended", "granted", "granted"});
  const std::vector<std::string> numbers = {"T0900", second, first, second, first};
  REQUIRE(feed["entries"].size() == numbers.size());
  for (size_t i = 0; i < numbers.size(); ++i) {
    const json& e = feed["entries"][i];
    CHECK(FeedEntryAlternate(e) == base + "/v/" + numbers[i]);
    CHECK(Has(e["title"], numbers[i]));
    CHECK(Has(e["id"], "/" + numbers[i] + "/"));
  }
  CHECK(feed["updated"] == feed["entries"][0]["updated"]);
  // The public reasons show; names as the public mark shows them now.
  CHECK(Has(feed["entries"][2]["content"], "監査報告書の未提出"));
  CHECK(Has(feed["entries"][1]["content"], "サービス名の変更"));
  CHECK(Has(feed["entries"][1]["title"], "駅前Wi-Fi 新名称"));
  // Nothing that is not public: token names, internal notes, grant bases.
  for (const std::string secret :
       {"feeds-actor-kobayashi", "test-secretariat", "内部メモ-社外秘", "移行メモ-社外秘", "review ", "rv_"})
    CHECK_FALSE(Has(r->body, secret));

  // Unchanged: 304. A change: a new answer, newest first.
  auto same = reg.Get("/feed.atom", {{"If-None-Match", etag}});
  REQUIRE(same);
  CHECK(same->status == 304);
  reg.clock().Advance(std::chrono::minutes(1));
  auto reinstated = reg.Post("/api/v1/marks/" + first + "/reinstate", R"({"reason":"報告書の提出を確認"})");
  REQUIRE(reinstated);
  REQUIRE(reinstated->status == 200);
  auto changed = reg.Get("/feed.atom", {{"If-None-Match", etag}});
  REQUIRE(changed);
  CHECK(changed->status == 200);
  CHECK(changed->get_header_value("ETag") != etag);
  const json after = FeedParsed(changed->body);
  REQUIRE(after["entries"].size() == 6);
  CHECK(after["entries"][0]["categories"][0] == "reinstated");
  CHECK(Has(after["entries"][0]["content"], "報告書の提出を確認"));
  // Entry ids are stable: the same changes keep theirs.
  for (size_t i = 0; i < feed["entries"].size(); ++i) CHECK(after["entries"][i + 1]["id"] == feed["entries"][i]["id"]);

  // One mark's feed holds that mark's changes only, all of them.
  auto mine = reg.Get("/v/" + first + "/feed.atom");
  REQUIRE(mine);
  REQUIRE(mine->status == 200);
  CHECK(mine->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
  const json one = FeedParsed(mine->body);
  CHECK(FeedKinds(one) == std::vector<std::string>{"reinstated", "suspended", "granted"});
  for (const json& e : one["entries"]) CHECK(FeedEntryAlternate(e) == base + "/v/" + first);
  CHECK(FeedLink(one, "self") == base + "/v/" + first + "/feed.atom");
  CHECK(FeedLink(one, "alternate") == base + "/v/" + first);
  CHECK(one["id"] != after["id"]);
  json history = BodyJson(reg.GetAuth("/api/v1/marks/" + first + "/history"));
  CHECK(one["entries"].size() == history["events"].size());
  CHECK_FALSE(Has(mine->body, "feeds-actor-kobayashi"));
  auto lower = reg.Get("/v/" + std::string(1, static_cast<char>(first[0] + 32)) + first.substr(1) + "/feed.atom");
  REQUIRE(lower);
  CHECK(lower->status == 200);

  // Bad requests are problems naming what is wrong; made-up marks are 404.
  auto unknown = reg.Get("/v/J9999/feed.atom");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(Has(unknown->get_header_value("Content-Type"), "application/problem+json"));
  CHECK(reg.Get("/v/not-a-number/feed.atom")->status == 404);
  for (const std::string query : {"?before=abc", "?before=0", "?before=1&before=2", "?page=2"}) {
    auto bad = reg.Get("/feed.atom" + query);
    REQUIRE(bad);
    INFO(query);
    CHECK(bad->status == 400);
    json problem = BodyJson(bad);
    REQUIRE(problem["errors"].size() == 1);
    CHECK(problem["errors"][0]["field"] == (query == "?page=2" ? "page" : "before"));
  }
}

TEST_CASE("the change feed pages through every change with next links", "[feeds]") {
  TestRegistry reg;
  auto seeded = reg.Markctl({"bench-seed", "--db", reg.db().string(), "--keys", reg.keys().string(), "--count", "70",
                             "--public-url", reg.markd().base_url()});
  INFO(seeded.err);
  REQUIRE(seeded.exit_code == 0);
  const std::string base = reg.markd().base_url();

  std::set<std::string> ids;
  std::vector<std::string> pages;
  std::string last_updated;
  size_t entries = 0;
  std::string path = "/feed.atom";
  while (!path.empty()) {
    REQUIRE(pages.size() < 10);
    auto r = reg.Get(path);
    REQUIRE(r);
    INFO(path);
    REQUIRE(r->status == 200);
    const json page = FeedParsed(r->body);
    CHECK(FeedLink(page, "self") == base + path);
    CHECK(FeedLink(page, "first") == base + "/feed.atom");
    pages.push_back(path);
    for (const json& e : page["entries"]) {
      CHECK(ids.insert(e["id"].get<std::string>()).second);
      // Newest first across pages too (RFC 3339 UTC in one form sorts as text).
      if (!last_updated.empty()) CHECK(e["updated"].get<std::string>() <= last_updated);
      last_updated = e["updated"];
      ++entries;
    }
    const std::string next = FeedLink(page, "next");
    CHECK((next.empty() || page["entries"].size() == 50));
    path = next.empty() ? "" : FeedPathOf(reg, next);
  }
  CHECK(pages.size() >= 2);
  // Every change of every mark, once: the history of all 70 marks.
  size_t history = 0;
  json items = BodyJson(reg.Get("/api/v1/marks?limit=100"))["items"];
  REQUIRE(items.size() == 70);
  for (const json& m : items)
    history += BodyJson(reg.GetAuth("/api/v1/marks/" + m["number"].get<std::string>() + "/history"))["events"].size();
  CHECK(entries == history);

  // A page already read answers the same until something changes.
  auto again = reg.Get(pages[1]);
  REQUIRE(again);
  auto revalidated = reg.Get(pages[1], {{"If-None-Match", again->get_header_value("ETag")}});
  REQUIRE(revalidated);
  CHECK(revalidated->status == 304);
}

TEST_CASE("open data: CSV for Excel and JSON Lines say what the mark API says", "[feeds][export]") {
  TestRegistry reg;
  const std::string plain = reg.GrantSample();
  const std::string wifi = reg.GrantSample("wifi");
  // Names that Excel would run as formulas, created through the API.
  const std::string formula =
      FeedGrantNamed(reg, "=HYPERLINK(\"https://evil.example/\",\"株式会社\")", "@SUM(1+1)光", "formula.example.jp");
  auto suspended = reg.Post("/api/v1/marks/" + wifi + "/suspend", R"({"reason":"-調査中"})");
  REQUIRE(suspended);
  REQUIRE(suspended->status == 200);
  const std::vector<std::string> numbers = {plain, wifi, formula};
  std::map<std::string, json> live;
  for (const std::string& n : numbers) {
    auto r = reg.Get("/api/v1/marks/" + n);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    live[n] = json::parse(r->body);
  }

  // CSV: BOM, CRLF, Japanese intact, formulas neutralised, the API's facts.
  auto csv = reg.Get("/api/v1/export/marks.csv");
  REQUIRE(csv);
  REQUIRE(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(Has(csv->get_header_value("Content-Disposition"), "filename=\"marks.csv\""));
  CHECK(csv->get_header_value("Access-Control-Allow-Origin") == "*");
  const std::string csv_etag = csv->get_header_value("ETag");
  CHECK(!csv_etag.empty());
  auto read = RunCommand({kPython, FeedScript("csv_read.py")}, csv->body);
  INFO(read.err);
  REQUIRE(read.exit_code == 0);
  const json table = json::parse(read.out);
  CHECK(table["bom"] == true);
  CHECK(table["crlf"] == true);
  CHECK(table["header"][0] == "number");
  REQUIRE(table["rows"].size() == numbers.size());
  for (size_t i = 0; i < numbers.size(); ++i) {
    const json& row = table["rows"][i];
    const json& m = live[numbers[i]];
    INFO(row.dump());
    CHECK(row["number"] == m["number"]);
    CHECK(row["scheme"] == m["scheme"]);
    CHECK(row["status"] == m["status"]);
    CHECK(row["valid_from"] == m["valid_from"]);
    CHECK(row["valid_until"] == m["valid_until"]);
    CHECK(row["granted_at"] == m["granted_at"]);
    CHECK(row["corporate_number"] == m["operator"]["corporate_number"]);
    CHECK(row["website"] == m["operator"]["website"]);
    CHECK(row["verify_url"] == m["links"]["verify"]);
    CHECK(row["certificate_url"] == m["links"]["certificate"]);
    std::string ssids;
    for (const json& s : m["service"]["ssids"]) ssids += (ssids.empty() ? "" : "\n") + s.get<std::string>();
    CHECK(row["ssids"] == ssids);
    if (numbers[i] != formula) {
      CHECK(row["service_name"] == m["service"]["name"]);  // テスト光1: Japanese intact
      CHECK(row["operator_name"] == m["operator"]["name"]);
    }
  }
  CHECK(Has(table["rows"][0]["service_name"], "テスト光"));
  CHECK(table["rows"][1]["status"] == "suspended");
  CHECK(table["rows"][1]["suspension_reason"] == "'-調査中");
  CHECK(table["rows"][1]["venues"] == "東京駅");
  CHECK(table["rows"][2]["operator_name"] == "'" + live[formula]["operator"]["name"].get<std::string>());
  CHECK(table["rows"][2]["service_name"] == "'@SUM(1+1)光");
  CHECK(table["rows"][2]["domains"] == "formula.example.jp");

  // JSON Lines: each line valid JSON for Python, and the API's mark JSON
  // (its certificate aside: links.certificate names it).
  auto jsonl = reg.Get("/api/v1/export/marks.jsonl");
  REQUIRE(jsonl);
  REQUIRE(jsonl->status == 200);
  CHECK(jsonl->get_header_value("Content-Type") == "application/x-ndjson; charset=utf-8");
  auto lines = RunCommand({kPython, "-c",
                           "import sys, json\n"
                           "print(json.dumps([json.loads(l) for l in sys.stdin.read().split('\\n') if l], "
                           "ensure_ascii=False))"},
                          jsonl->body);
  INFO(lines.err);
  REQUIRE(lines.exit_code == 0);
  const json parsed = json::parse(lines.out);
  REQUIRE(parsed.size() == numbers.size());
  CHECK(jsonl->body.back() == '\n');
  for (size_t i = 0; i < numbers.size(); ++i) {
    json expected = live[numbers[i]];
    CHECK(expected.contains("certificate"));
    expected.erase("certificate");
    CHECK(parsed[i] == expected);
  }

  // ETag and 304 until the registry changes; then the new facts.
  const std::string jsonl_etag = jsonl->get_header_value("ETag");
  CHECK(!jsonl_etag.empty());
  CHECK(jsonl_etag != csv_etag);
  CHECK(reg.Get("/api/v1/export/marks.csv", {{"If-None-Match", csv_etag}})->status == 304);
  CHECK(reg.Get("/api/v1/export/marks.jsonl", {{"If-None-Match", jsonl_etag}})->status == 304);
  auto revoked = reg.Post("/api/v1/marks/" + plain + "/revoke", R"({"reason":"審査基準違反"})");
  REQUIRE(revoked);
  REQUIRE(revoked->status == 200);
  auto after = reg.Get("/api/v1/export/marks.csv", {{"If-None-Match", csv_etag}});
  REQUIRE(after);
  CHECK(after->status == 200);
  const std::string after_etag = after->get_header_value("ETag");
  CHECK(after_etag != csv_etag);
  CHECK(Has(after->body, plain + ",isp,JAIPA,revoked,"));
  CHECK(reg.Get("/api/v1/export/marks.csv", {{"If-None-Match", after_etag}})->status == 304);
  // The date moves the statuses: past valid_until every mark is expired.
  auto until = mark::ParseDate(live[formula]["valid_until"].get<std::string>());
  REQUIRE(until);
  reg.clock().SetJst(mark::AddDays(*until, 1), std::chrono::hours(9));
  auto later = reg.Get("/api/v1/export/marks.csv", {{"If-None-Match", after_etag}});
  REQUIRE(later);
  CHECK(later->status == 200);
  CHECK(Has(later->body, formula + ",isp,JAIPA,expired,"));
  auto later_jsonl = reg.Get("/api/v1/export/marks.jsonl", {{"If-None-Match", jsonl_etag}});
  REQUIRE(later_jsonl);
  CHECK(later_jsonl->status == 200);
  CHECK(BodyJson(reg.Get("/api/v1/marks/" + formula))["status"] == "expired");

  // Only what the export knows: no parameters.
  auto bad = reg.Get("/api/v1/export/marks.csv?limit=5");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(BodyJson(bad)["errors"][0]["field"] == "limit");
}
