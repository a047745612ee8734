// markctl bench-seed: fills a registry with N realistic, fictional marks for
// the benchmark suite (tests/bench/run): Japanese operator and service names,
// both schemes, several domains (and SSIDs for Wi-Fi) each, a spread of start
// dates and a few suspended or returned marks (their service ended). Every write goes through the
// Registry API (validation, certificate, log entry, audit) exactly as a real
// import would; Database::WriteBatch only groups a thousand of them into one
// commit, so loading 100,000 marks takes seconds rather than minutes.
// Prints a JSON summary with sample numbers, names, domains and SSIDs that
// the benchmark queries.
#include <chrono>
#include <iostream>

#include "common/decimal.h"
#include "command.h"
#include "common/json_text.h"
#include "registry/mark_number.h"
#include "crypto/verifier.h"
#include "registry/registry.h"
#include "registry/registry_state.h"
#include "publish/status_publisher.h"
#include "signing_registry.h"

namespace markctl::cmd_bench_seed {
namespace {

using nlohmann::json;

struct Stem {
  const char* ja;
  const char* en;
  const char* roman;
};

constexpr Stem kStems[] = {
    {"さくら", "Sakura", "sakura"},     {"みなと", "Minato", "minato"},   {"北斗", "Hokuto", "hokuto"},
    {"あおば", "Aoba", "aoba"},         {"ひかり", "Hikari", "hikari"},   {"富士", "Fuji", "fuji"},
    {"瀬戸内", "Setouchi", "setouchi"}, {"八雲", "Yakumo", "yakumo"},     {"しらかば", "Shirakaba", "shirakaba"},
    {"若葉", "Wakaba", "wakaba"},       {"つばさ", "Tsubasa", "tsubasa"}, {"大和", "Yamato", "yamato"},
    {"あさひ", "Asahi", "asahi"},       {"みらい", "Mirai", "mirai"},     {"天竜", "Tenryu", "tenryu"},
    {"こだま", "Kodama", "kodama"},     {"青葉台", "Aobadai", "aobadai"}, {"なぎさ", "Nagisa", "nagisa"},
    {"紀州", "Kishu", "kishu"},         {"いずみ", "Izumi", "izumi"},
};
constexpr const char* kIspKinds[] = {"光インターネット", "ケーブルネット", "モバイル通信", "ブロードバンド"};
constexpr const char* kWifiKinds[] = {"フリーWi-Fi", "カフェWi-Fi", "駅前Wi-Fi", "観光Wi-Fi"};
constexpr const char* kVenues[] = {"駅前広場", "中央公園", "市役所本庁舎", "港の見える丘", "商店街"};
constexpr const char* kBodies[] = {"JAIPA", "TELESA", "TCA"};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The signed status list of the seeded registry, as markd would serve it:
// its size, the first build (every mark's current certificate read and
// signed), signing it again, and an offline verifier's check of it.
mark::Result<json> MeasureStatusList(SigningRegistry& signing) {
  mark::publish::StatusPublisher publisher(signing.registry(), signing.keys(), signing.issuer());
  auto t = std::chrono::steady_clock::now();
  auto jws = publisher.SignedList();
  if (!jws) return jws.error();
  const double first = Since(t);
  const mark::Instant now = ProcessClock().Now();
  t = std::chrono::steady_clock::now();
  auto list = mark::crypto::VerifyStatusList(*jws, signing.keys().PublicJwks(), now, signing.issuer());
  if (!list) return list.error();
  const double verify = Since(t);
  t = std::chrono::steady_clock::now();
  auto again = mark::crypto::IssueStatusList(*list, signing.keys().Active());
  if (!again) return again.error();
  const double sign = Since(t);
  return json{{"bytes", jws->size()},
              {"marks_named", list->current.size()},
              {"first_build_seconds", first},
              {"sign_seconds", sign},
              {"verify_seconds", verify}};
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "keys", "public-url", "issuer", "count", "batch", "spare-services", "state"});
  if (!p.error.empty() || !p.Get("db") || !p.Get("keys")) {
    std::cerr << "usage: markctl bench-seed --db PATH --keys DIR [--count N] [--batch N] [--spare-services N]\n"
                 "                          [--public-url URL | --issuer URL] [--state DIR]\n";
    return 2;
  }
  const auto count_parsed = mark::ParseDecimal<long long>(p.GetOr("count", "100000"), 0, 9'999'999);
  const auto batch_parsed = mark::ParseDecimal<long long>(p.GetOr("batch", "1000"), 1, 1'000'000);
  const auto spare_parsed = mark::ParseDecimal<long long>(p.GetOr("spare-services", "0"), 0, 1'000'000);
  if (!count_parsed || !batch_parsed || !spare_parsed) {
    std::cerr
        << "markctl bench-seed: --count must be 0 to 9999999, --batch 1 to 1000000, --spare-services 0 to 1000000\n";
    return 2;
  }
  const long long count = *count_parsed, batch = *batch_parsed, spare = *spare_parsed;
  // No MerkleLog here: entries are appended in each grant's transaction as
  // always; markd signs a checkpoint over them when it opens the log.
  auto signing = SigningRegistry::Open({"bench-seed", *p.Get("db"), p.GetOr("state", ""), *p.Get("keys"),
                                        p.GetOr("public-url", "http://127.0.0.1:8080"), p.Get("issuer"), false});
  if (!signing) return 2;
  const mark::Clock& clock = ProcessClock();
  mark::registry::Registry& registry = signing->registry();
  auto* db = &signing->database();
  mark::registry::WriteRequest req{{"markctl-bench-seed", ""}, "", ""};
  const mark::Date today = mark::JstDate(clock.Now());

  json samples = {{"numbers", json::array()},
                  {"names", json::array()},
                  {"domains", json::array()},
                  {"ssids", json::array()},
                  {"withdrawn", json::array()}};
  auto started = std::chrono::steady_clock::now();
  long long done = 0;
  std::string failure;
  // Deterministic: mark i always gets the same data.
  auto one = [&](long long i) -> bool {
    const Stem& stem = kStems[i % std::size(kStems)];
    const bool wifi = i % 5 >= 3;  // 40% Wi-Fi
    const std::string tag = std::to_string(i);
    json op = {{"name", std::string(stem.ja) + "通信株式会社 第" + tag + "事業部"},
               {"name_en", std::string(stem.en) + " Telecom Division " + tag},
               {"website", "https://www." + std::string(stem.roman) + "-" + tag + ".example.jp/"}};
    auto o = registry.CreateOperator(op, req);
    if (!o) return failure = o.error().message, false;
    json domains = json::array();
    int n_domains = 1 + static_cast<int>(i % 3);
    for (int d = 0; d < n_domains; ++d)
      domains.push_back(std::string(stem.roman) + (d == 0 ? "" : "-" + std::to_string(d)) + "-" + tag +
                        (d == 2 ? ".example.ne.jp" : ".example.jp"));
    json svc = {{"operator_id", o->body["id"]},
                {"scheme", wifi ? "wifi" : "isp"},
                {"name", std::string(stem.ja) + (wifi ? kWifiKinds[i % 4] : kIspKinds[i % 4]) + " " + tag},
                {"name_en", std::string(stem.en) + (wifi ? " Free Wi-Fi " : " Internet ") + tag},
                {"domains", domains}};
    json ssids = json::array();
    if (wifi) {
      for (int s = 0; s < 2 + static_cast<int>(i % 2); ++s)
        ssids.push_back(std::string(stem.en) + "_Free_" + tag + (s == 0 ? "" : "_" + std::to_string(s)));
      svc["ssids"] = ssids;
      svc["venues"] = {kVenues[i % 5], kVenues[(i + 2) % 5]};
    }
    auto s = registry.CreateService(svc, req);
    if (!s) return failure = s.error().message, false;
    const char* body = kBodies[i % 3];
    char letter = body[0] == 'J' ? 'J' : body[1] == 'E' ? 'T' : 'D';
    std::string number = mark::registry::FormatMarkNumber({letter, i + 1});
    // Start dates over the last 400 days: most active, some expired.
    auto from = mark::FormatDate(mark::AddDays(today, -static_cast<int>((i * 37) % 400)));
    auto g = registry.Grant({{"service_id", s->body["id"]},
                             {"first_review_body", body},
                             {"valid_from", from},
                             {"basis", "import"},
                             {"number", number},
                             {"note", "ベンチマーク用の架空の許諾"}},
                            req);
    if (!g) return failure = number + ": " + g.error().message, false;
    if (i % 97 == 5) {
      auto r =
          registry.Suspend(number, {{"reason", "診断報告書の再提出待ち"}, {"reason_code", "security_incident"}}, req);
      if (!r) return failure = r.error().message, false;
      if (samples["withdrawn"].size() < 20) samples["withdrawn"].push_back(number);
    } else if (i % 211 == 7) {
      auto r = registry.Return(number, {{"reason", "サービス終了に伴う返上"}, {"reason_code", "service_ended"}}, req);
      if (!r) return failure = r.error().message, false;
      if (samples["withdrawn"].size() < 20) samples["withdrawn"].push_back(number);
    }
    if (i % (count / 200 + 1) == 0 && samples["numbers"].size() < 200) {
      samples["numbers"].push_back(number);
      samples["names"].push_back(std::string(stem.ja) + (wifi ? kWifiKinds[i % 4] : kIspKinds[i % 4]));
      samples["domains"].push_back(domains[0]);
      if (wifi) samples["ssids"].push_back(ssids[0]);
    }
    return true;
  };
  for (long long start = 0; start < count; start += batch) {
    long long end = std::min(count, start + batch);
    mark::Status st = db->WriteBatch([&]() -> mark::Status {
      for (long long i = start; i < end; ++i)
        if (!one(i)) return mark::Error::Make(mark::ErrorCode::kInternal, failure);
      return {};
    });
    if (!st) return std::cerr << "markctl bench-seed: " << st.error().message << "\n", 2;
    done = end;
    if (end % (batch * 20) == 0) std::cerr << "bench-seed: " << done << " marks\n";
  }
  // Services without a mark, for the benchmark's grants-per-second run
  // (one mark per service), and the first serial no mark uses yet.
  json spare_ids = json::array();
  for (long long start = 0; start < spare; start += batch) {
    long long end = std::min(spare, start + batch);
    mark::Status st = db->WriteBatch([&]() -> mark::Status {
      for (long long i = start; i < end; ++i) {
        const std::string tag = "spare-" + std::to_string(i);
        auto o = registry.CreateOperator({{"name", "予備事業者 " + tag},
                                          {"name_en", "Spare operator " + tag},
                                          {"website", "https://" + tag + ".example.jp/"}},
                                         req);
        if (!o) return o.error();
        auto s = registry.CreateService({{"operator_id", o->body["id"]},
                                         {"scheme", "isp"},
                                         {"name", "予備サービス " + tag},
                                         {"name_en", "Spare service " + tag},
                                         {"domains", {tag + ".example.jp"}}},
                                        req);
        if (!s) return s.error();
        spare_ids.push_back(s->body["id"]);
      }
      return {};
    });
    if (!st) return std::cerr << "markctl bench-seed: " << st.error().message << "\n", 2;
  }
  long long free_serial = 1;
  mark::Status rs = db->Read([&](SQLite::Database& c) -> mark::Status {
    free_serial = mark::registry::HighestSerial(c) + 1;
    return {};
  });
  if (!rs) return std::cerr << "markctl bench-seed: " << rs.error().message << "\n", 2;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "bench-seed: " << done << " marks, " << spare << " spare services in " << seconds << " s\n";
  auto list = MeasureStatusList(*signing);
  if (!list) return std::cerr << "markctl bench-seed: status list: " << list.error().message << "\n", 2;
  std::cerr << "bench-seed: status list naming " << (*list)["marks_named"].get<long long>()
            << " marks: " << (*list)["bytes"].get<long long>() << " bytes; first build "
            << (*list)["first_build_seconds"].get<double>() << " s, sign " << (*list)["sign_seconds"].get<double>()
            << " s, verify " << (*list)["verify_seconds"].get<double>() << " s\n";
  std::cout << mark::JsonText(json({{"count", done},
                                    {"seconds", seconds},
                                    {"samples", samples},
                                    {"spare_services", spare_ids},
                                    {"free_serial_from", free_serial},
                                    {"status_list", *list}}))
            << "\n";
  return 0;
}

const bool registered =
    RegisterCommand({"bench-seed",
                     "  markctl bench-seed --db PATH --keys DIR [--count N] [--batch N] [--spare-services N]\n"
                     "                     [--public-url URL | --issuer URL] [--state DIR]",
                     &Run});

}  // namespace
}  // namespace markctl::cmd_bench_seed
