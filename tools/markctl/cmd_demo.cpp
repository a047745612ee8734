// markctl demo: fills a registry with a handful of realistic (fictional)
// operators, services and marks in every state, so a newcomer sees a
// populated registry at once (tools/run --demo).
#include <iostream>

#include "command.h"
#include "common/atomic_file.h"
#include "registry/mark_number.h"
#include "registry/registry.h"
#include "registry/registry_state.h"
#include "review_records/review_store.h"
#include "review/calendar.h"
#include "review/grant_rules.h"
#include "signing_registry.h"

namespace markctl::cmd_demo {
namespace {

using nlohmann::json;

struct DemoService {
  json op;
  json service;
  std::string body;
  int start_days_ago;  // valid_from relative to today (JST)
  std::string then;    // "", "suspend", "revoke" (a sanction), "return" (the service ended)
};

// Work in progress for the console: the published ISP excerpt as criteria, a
// new service whose application passed its (provisional) review and awaits
// the grant, and a renewal application for the first mark, not yet reviewed.
// The pending application meets the council's rules (review/grant_rules.h) so
// that granting it in the console succeeds: filed for the latest session on
// or before today and dated the month before it, its review fee paid, and a
// passing item 2-1-1 diagnosis made within 3 months before it (the review's
// 2-1-1 answer is taken from that diagnosis).
int Reviews(mark::registry::Registry& registry, const mark::registry::WriteRequest& req, mark::Date today,
            const std::string& criteria_path, const std::string& renewing_service) {
  auto text = mark::ReadWholeFile(criteria_path);
  if (!text) {
    std::cerr << "markctl demo: no criteria file " << criteria_path << "; skipping applications and reviews\n";
    return 0;
  }
  mark::review_records::ReviewStore store(registry);
  auto set = store.ImportCriteria(*text, req);
  if (!set) return std::cerr << "markctl demo: " << set.error().message << "\n", 2;
  auto parsed = store.LoadCriteria(set->body["id"]);
  if (!parsed) return std::cerr << "markctl demo: " << parsed.error().message << "\n", 2;
  namespace rv = mark::review;
  const rv::YearMonth session = rv::LatestSession(today);
  const mark::Date applied = mark::AddDays(rv::AddMonths(rv::SessionOpens(session), -1), 14);

  auto op = registry.CreateOperator({{"name", "はやぶさ通信株式会社"},
                                     {"name_en", "Hayabusa Communications K.K."},
                                     {"website", "https://hayabusa-tsushin.example.jp/"}},
                                    req);
  if (!op) return std::cerr << "markctl demo: " << op.error().message << "\n", 2;
  auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                     {"scheme", "isp"},
                                     {"name", "はやぶさ光"},
                                     {"name_en", "Hayabusa Hikari"},
                                     {"domains", {"hayabusa-tsushin.example.jp"}}},
                                    req);
  if (!svc) return std::cerr << "markctl demo: " << svc.error().message << "\n", 2;
  auto app = store.CreateApplication({{"service_id", svc->body["id"]},
                                      {"kind", "new"},
                                      {"first_review_body", "JAIPA"},
                                      {"session", rv::FormatYearMonth(session)},
                                      {"application_date", mark::FormatDate(applied)}},
                                     req);
  if (!app) return std::cerr << "markctl demo: " << app.error().message << "\n", 2;
  std::string app_id = app->body["id"];
  for (const json& fee : app->body["fees"]) {
    auto paid = store.PayFee(fee["id"], {{"paid_on", mark::FormatDate(applied)}}, req);
    if (!paid) return std::cerr << "markctl demo: " << paid.error().message << "\n", 2;
  }
  // Item 2-1-1: one Level III finding resolved, one Level II finding kept
  // with the manager's opinion; both considered, so the diagnosis passes.
  auto diagnosis = store.RecordDiagnosis(app_id,
                                         {{"report_date", mark::FormatDate(mark::AddDays(applied, -20))},
                                          {"cover_list_attached", true},
                                          {"summary_attached", true},
                                          {"findings",
                                           {{{"host", "ns1.hayabusa-tsushin.example.jp"},
                                             {"finding", "DNS サーバの古いバージョン"},
                                             {"vector", "AV:N/AC:L/Au:N/C:P/I:P/A:P"},
                                             {"resolved", true},
                                             {"opinion_attached", true}},
                                            {{"host", "mail.hayabusa-tsushin.example.jp"},
                                             {"finding", "TLS 1.0 が有効"},
                                             {"vector", "AV:N/AC:M/Au:N/C:P/I:N/A:N"},
                                             {"resolved", false},
                                             {"opinion_attached", true}}}}},
                                         req);
  if (!diagnosis) return std::cerr << "markctl demo: " << diagnosis.error().message << "\n", 2;
  json answers = json::object();
  for (const auto& item : parsed->items) {
    if (item.id == rv::kDiagnosisItem) continue;  // answered from the diagnosis on record
    json value = item.mandatory ? json(true) : json(item.points);
    answers[item.id] = {{"value", value}, {"evidence", {{{"kind", "document"}, {"ref", "申請書類 " + item.id}}}}};
  }
  auto review = store.RecordReview(
      app_id, {{"criteria_id", set->body["id"]}, {"answers", answers}, {"notes", "デモ: 抜粋基準による暫定判定"}}, req);
  if (!review) return std::cerr << "markctl demo: " << review.error().message << "\n", 2;
  std::cout << "application " << app_id << "  はやぶさ光 (new, " << rv::FormatYearMonth(session)
            << " session, fee paid, "
            << "2-1-1 diagnosis " << (diagnosis->body["pass"].get<bool>() ? "passed" : "failed") << ", review "
            << (review->body["pass"].get<bool>() ? "passed" : "failed") << ", provisional; grant it in the console)\n";
  if (!renewing_service.empty()) {
    auto renewal = store.CreateApplication({{"service_id", renewing_service},
                                            {"kind", "renewal"},
                                            {"first_review_body", "JAIPA"},
                                            {"session", rv::FormatYearMonth(rv::NextSession(today))}},
                                           req);
    if (!renewal) return std::cerr << "markctl demo: " << renewal.error().message << "\n", 2;
    std::cout << "application " << renewal->body["id"].get<std::string>() << "  renewal, not yet reviewed\n";
  }
  return 0;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "keys", "public-url", "issuer", "criteria", "state"});
  if (!p.error.empty() || !p.Get("db") || !p.Get("keys")) {
    std::cerr << "usage: markctl demo --db PATH --keys DIR [--state DIR] [--public-url URL | --issuer URL] [--criteria "
                 "FILE]\n";
    return 2;
  }
  // Certificates carry the registry's stored issuer; a new registry takes
  // --issuer, else --public-url, as markd's first start would.
  auto signing = SigningRegistry::Open({"demo", *p.Get("db"), p.GetOr("state", ""), *p.Get("keys"),
                                        p.GetOr("public-url", "http://127.0.0.1:8080"), p.Get("issuer"), false});
  if (!signing) return 2;
  const mark::Clock& clock = ProcessClock();
  mark::registry::Registry& registry = signing->registry();
  mark::registry::WriteRequest req{{"markctl-demo", ""}, "", ""};

  auto today = mark::JstDate(clock.Now());
  auto from = [&](int days_ago) { return mark::FormatDate(mark::AddDays(today, -days_ago)); };

  std::vector<DemoService> demo = {
      {{{"name", "さくらネットワークス株式会社"},
        {"name_en", "Sakura Networks Co., Ltd."},
        {"corporate_number", "4010001234567"},
        {"website", "https://www.sakura-net.example.jp/"}},
       {{"scheme", "isp"},
        {"name", "さくら光インターネット"},
        {"name_en", "Sakura Hikari Internet"},
        {"domains", {"sakura-net.example.jp", "sakura-hikari.example.ne.jp"}}},
       "JAIPA",
       120,
       ""},
      {{{"name", "みなと電気通信株式会社"},
        {"name_en", "Minato Telecom Corporation"},
        {"corporate_number", "7011001112223"},
        {"website", "https://minato-tel.example.co.jp/"}},
       {{"scheme", "isp"},
        {"name", "みなとネット"},
        {"name_en", "Minato Net"},
        {"domains", {"minato-tel.example.co.jp"}}},
       "TELESA",
       300,
       ""},
      {{{"name", "北斗ケーブルテレビ株式会社"},
        {"name_en", "Hokuto Cable TV Inc."},
        {"corporate_number", "7020001555777"},
        {"website", "https://hokuto-catv.example.jp/"}},
       {{"scheme", "isp"},
        {"name", "北斗ケーブルインターネット"},
        {"name_en", "Hokuto Cable Internet"},
        {"domains", {"hokuto-catv.example.jp"}}},
       "TCA",
       200,
       "suspend"},
      {{{"name", "横浜市観光協会"},
        {"name_en", "Yokohama Tourism Association"},
        {"corporate_number", "9120001888999"},
        {"website", "https://www.yokohama-kanko.example.jp/"}},
       {{"scheme", "wifi"},
        {"name", "ヨコハマ・フリーWi-Fi"},
        {"name_en", "Yokohama Free Wi-Fi"},
        {"domains", {"yokohama-kanko.example.jp"}},
        {"ssids", {"Yokohama_Free_Wi-Fi", "Yokohama_Free_Wi-Fi_5G"}},
        {"venues", {"みなとみらい21地区", "横浜駅西口", "山下公園"}}},
       "JAIPA",
       30,
       ""},
      {{{"name", "株式会社カフェ・ド・ソラ"},
        {"name_en", "Cafe de Sora K.K."},
        {"corporate_number", "7050002333444"},
        {"website", "https://cafe-sora.example.jp/"}},
       {{"scheme", "wifi"},
        {"name", "ソラカフェWi-Fi"},
        {"name_en", "Sora Cafe Wi-Fi"},
        {"ssids", {"SoraCafe_Guest"}},
        {"venues", {"全国のソラカフェ店舗"}}},
       "TELESA",
       400,
       ""},
      {{{"name", "旧あおばインターネット株式会社"},
        {"name_en", "Former Aoba Internet K.K."},
        {"website", "https://aoba-inet.example.jp/"}},
       {{"scheme", "isp"}, {"name", "あおばネット"}, {"name_en", "Aoba Net"}, {"domains", {"aoba-inet.example.jp"}}},
       "JAIPA",
       250,
       "return"},
      {{{"name", "株式会社ミラージュ通信"},
        {"name_en", "Mirage Tsushin K.K."},
        {"website", "https://mirage-tsushin.example.jp/"}},
       {{"scheme", "isp"},
        {"name", "ミラージュ光"},
        {"name_en", "Mirage Hikari"},
        {"domains", {"mirage-tsushin.example.jp"}}},
       "TELESA",
       280,
       "revoke"},
  };
  // The demo's marks stand for marks granted on paper, numbered from the
  // first serial this registry never used (above a previous registry's after
  // `markctl registry new`).
  long long serial = 0;
  if (auto st = signing->database().Read([&](SQLite::Database& c) -> mark::Status {
        serial = mark::registry::HighestSerial(c);
        return {};
      });
      !st)
    return std::cerr << "markctl demo: " << st.error().message << "\n", 2;
  std::string sakura_service;
  for (auto& d : demo) {
    auto op = registry.CreateOperator(d.op, req);
    if (!op) return std::cerr << "markctl demo: " << op.error().message << "\n", 2;
    d.service["operator_id"] = op->body["id"];
    auto svc = registry.CreateService(d.service, req);
    if (!svc) return std::cerr << "markctl demo: " << svc.error().message << "\n", 2;
    // Grants rest on a passed review or an import (review/review_basis.h);
    // the demo's marks stand for marks granted on paper before this system.
    char letter = d.body == "JAIPA" ? 'J' : d.body == "TELESA" ? 'T' : 'D';
    std::string demo_number = mark::registry::FormatMarkNumber({letter, ++serial});
    auto mark = registry.Grant({{"service_id", svc->body["id"]},
                                {"first_review_body", d.body},
                                {"valid_from", from(d.start_days_ago)},
                                {"basis", "import"},
                                {"number", demo_number},
                                {"note", "デモ: 本システム以前の許諾"}},
                               req);
    if (!mark) return std::cerr << "markctl demo: " << mark.error().message << "\n", 2;
    std::string number = mark->body["number"];
    if (sakura_service.empty()) sakura_service = svc->body["id"];
    if (d.then == "suspend")
      (void)registry.Suspend(
          number, {{"reason", "セキュリティ診断報告書の再提出待ち"}, {"reason_code", "security_incident"}}, req);
    if (d.then == "revoke")
      (void)registry.Revoke(
          number,
          {{"reason", "審査時の申告と異なる運用が確認されたため（虚偽の申告）"}, {"reason_code", "misrepresentation"}},
          req);
    if (d.then == "return")
      (void)registry.Return(number, {{"reason", "サービス終了に伴う返上"}, {"reason_code", "service_ended"}}, req);
    std::cout << number << "  " << d.service["name"].get<std::string>() << (d.then.empty() ? "" : "  (" + d.then + ")")
              << "\n";
  }
  return Reviews(registry, req, today, p.GetOr("criteria", "server/criteria/isp-2023-excerpt.json"), sakura_service);
}

const bool registered = RegisterCommand(
    {"demo", "  markctl demo --db PATH --keys DIR [--state DIR] [--public-url URL | --issuer URL] [--criteria FILE]",
     &Run});

}  // namespace
}  // namespace markctl::cmd_demo
