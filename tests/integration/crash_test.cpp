// Crash safety, proven: clients grant, renew, suspend,
// reinstate and revoke concurrently while markd is killed with SIGKILL at
// seeded random moments; after each restart every acknowledged change must
// be there, every refused one absent, serials gapless, the log recomputing to
// its signed root, and `markctl check` clean. Bounded: at most kMaxRounds
// rounds and kMaxSeconds of killing.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>

#include "registry/mark_number.h"
#include "review/calendar.h"
#include "support/process.h"
#include "tlog/checkpoint.h"

using mark::testing::Markctl;
using mark::testing::MarkdProcess;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

constexpr int kThreads = 4;
constexpr int kServicesPerThread = 30;
// Marks imported from paper whose year ends within two months: inside their
// renewal window, so each can be renewed once (a mark granted during the run
// is outside its window, and its renewals are refused).
constexpr int kImportsPerThread = 5;
constexpr int kMaxRounds = 20;
constexpr int kMaxSeconds = 60;
constexpr uint32_t kSeed = 20261126;

enum class Outcome { kAcked, kRefused, kNoAnswer };

struct Op {
  std::string kind;     // grant | renew | suspend | reinstate | revoke
  std::string service;  // grant: the service
  std::string number;   // the mark (grant: the number answered, if any)
  std::string tag;      // unique reason/note, found again in mark_events
  Outcome outcome = Outcome::kNoAnswer;
};

struct Worker {
  std::vector<std::pair<std::string, std::string>> fresh;  // (service, review) not yet used
  std::vector<std::string> attempted_services;
  std::map<std::string, std::string> marks;  // number -> state (active|suspended|revoked)
  std::vector<Op> ops;
};

struct Tally {
  int rounds = 0;
  int acked = 0, refused = 0, in_flight = 0, in_flight_applied = 0, lost = 0;
  int grants = 0, renewals = 0;
};

long long Count(SQLite::Database& db, const std::string& sql, const std::string& arg) {
  SQLite::Statement q(db, sql);
  q.bind(1, arg);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace

TEST_CASE("acknowledged changes survive SIGKILL at random moments", "[crash][long]") {
  TestRegistry reg({"--quiet"});
  std::vector<Worker> workers(kThreads);
  const mark::Date import_from = mark::AddYears(mark::review::AddMonths(reg.clock().Today(), 2), -1);
  long long import_serial = 0;
  // Services with a passed review each, so grants rest on something; and
  // the imports, numbered first so serials stay gapless.
  for (int t = 0; t < kThreads; ++t) {
    for (int i = -kImportsPerThread; i < kServicesPerThread; ++i) {
      const std::string n = std::to_string(t) + "-" + std::to_string(i);
      auto op = reg.Post("/api/v1/operators", json{{"name", "耐障害通信" + n},
                                                   {"name_en", "Crash Telecom " + n},
                                                   {"website", "https://crash" + n + ".example.jp/"}}
                                                  .dump());
      REQUIRE(op);
      REQUIRE(op->status == 201);
      auto svc = reg.Post("/api/v1/services", json{{"operator_id", json::parse(op->body)["id"]},
                                                   {"scheme", "isp"},
                                                   {"name", "耐障害光" + n},
                                                   {"name_en", "Crash Hikari " + n},
                                                   {"domains", {"crash" + n + ".example.jp"}}}
                                                  .dump());
      REQUIRE(svc);
      REQUIRE(svc->status == 201);
      const std::string service = json::parse(svc->body)["id"];
      if (i < 0) {
        const std::string number = mark::registry::FormatMarkNumber({'J', ++import_serial});
        auto m = reg.Post("/api/v1/marks", json{{"service_id", service},
                                                {"first_review_body", "JAIPA"},
                                                {"basis", "import"},
                                                {"number", number},
                                                {"valid_from", mark::FormatDate(import_from)}}
                                               .dump());
        REQUIRE(m);
        REQUIRE(m->status == 201);
        workers[t].marks[number] = "active";
        workers[t].attempted_services.push_back(service);
        continue;
      }
      workers[t].fresh.emplace_back(service, reg.RecordPassedReview(service, "isp"));
    }
  }
  reg.markd().Kill();

  std::mt19937 seeder(kSeed);
  Tally tally;
  const auto started = std::chrono::steady_clock::now();
  const std::string keys = reg.keys().string();
  for (int round = 0; round < kMaxRounds; ++round) {
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(kMaxSeconds)) break;
    auto markd = MarkdProcess::Start({reg.db(), reg.keys(), {"--quiet"}, {}});
    const int port = markd->port();
    const int kill_after = 3 + static_cast<int>(seeder() % 40);  // acknowledged changes
    const uint32_t round_seed = seeder();
    std::atomic<int> acked_this_round{0};
    std::atomic<bool> dead{false};
    std::mutex mu;
    std::condition_variable cv;

    std::vector<std::thread> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.emplace_back([&, t] {
        Worker& w = workers[t];
        std::mt19937 rng(round_seed + static_cast<uint32_t>(t));
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(2);
        client.set_read_timeout(10);
        client.set_tcp_nodelay(true);
        const httplib::Headers auth = {{"Authorization", "Bearer " + reg.token()}};
        for (int n = 0; !dead.load(); ++n) {
          Op op;
          op.tag = "crash r" + std::to_string(round) + " t" + std::to_string(t) + " op" + std::to_string(n);
          std::vector<std::string> live;
          for (const auto& [num, state] : w.marks)
            if (state != "revoked") live.push_back(num);
          std::string path, body;
          if (!w.fresh.empty() && (live.empty() || rng() % 4 == 0)) {
            auto [service, review] = w.fresh.back();
            w.fresh.pop_back();
            w.attempted_services.push_back(service);
            op.kind = "grant";
            op.service = service;
            path = "/api/v1/marks";
            body = json{{"service_id", service}, {"first_review_body", "JAIPA"}, {"review_id", review}}.dump();
          } else if (!live.empty()) {
            op.number = live[rng() % live.size()];
            const uint32_t pick = rng() % 100;
            op.kind = pick < 30 ? "renew" : pick < 62 ? "suspend" : pick < 95 ? "reinstate" : "revoke";
            path = "/api/v1/marks/" + op.number + "/" + op.kind;
            body = op.kind == "renew" ? json{{"basis", "import"}, {"note", op.tag}}.dump()
                                      : json{{"reason", op.tag}}.dump();
          } else {
            break;  // nothing left to do
          }
          auto res = client.Post(path.c_str(), auth, body, "application/json");
          if (!res) {
            w.ops.push_back(op);  // kNoAnswer: markd died with it in flight
            break;
          }
          if (res->status >= 200 && res->status < 300) {
            op.outcome = Outcome::kAcked;
            json m = json::parse(res->body, nullptr, false);
            if (op.kind == "grant") op.number = m.value("number", "");
            const std::string status = m.value("status", "");
            w.marks[op.number] = status == "revoked" ? "revoked" : status == "suspended" ? "suspended" : "active";
            if (acked_this_round.fetch_add(1) + 1 >= kill_after) cv.notify_all();
          } else {
            op.outcome = Outcome::kRefused;
          }
          w.ops.push_back(op);
        }
      });
    }
    {
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::seconds(10), [&] { return acked_this_round.load() >= kill_after; });
    }
    markd->Kill();
    dead = true;
    for (auto& c : clients) c.join();
    ++tally.rounds;

    // Restart on the same files and look.
    markd = MarkdProcess::Start({reg.db(), reg.keys(), {"--quiet"}, {}});
    {
      SQLite::Database db(reg.db().string(), SQLite::OPEN_READONLY);
      db.setBusyTimeout(5000);
      for (auto& w : workers) {
        for (const Op& op : w.ops) {
          long long present = 0;
          if (op.kind == "grant") {
            present = Count(db, "SELECT COUNT(*) FROM marks WHERE service_id = ?", op.service);
          } else {
            // A paper renewal's note is kept after a prefix saying so.
            present =
                Count(db, "SELECT COUNT(*) FROM mark_events WHERE reason = ?1 OR reason = 'imported renewal: ' || ?1",
                      op.tag);
          }
          INFO(op.kind << " " << op.number << " " << op.tag);
          if (op.outcome == Outcome::kAcked) {
            ++tally.acked;
            if (op.kind == "grant") ++tally.grants;
            if (op.kind == "renew") ++tally.renewals;
            if (present != 1) ++tally.lost;
            CHECK(present == 1);
          } else if (op.outcome == Outcome::kRefused) {
            ++tally.refused;
            if (op.kind != "grant") CHECK(present == 0);  // a refused grant of a granted service is fine
          } else {
            ++tally.in_flight;
            tally.in_flight_applied += present > 0 ? 1 : 0;
            CHECK(present <= 1);
          }
        }
        w.ops.clear();
        // What the database now says (in-flight changes may have landed).
        w.marks.clear();
        for (const auto& service : w.attempted_services) {
          SQLite::Statement q(db, "SELECT number, state FROM marks WHERE service_id = ?");
          q.bind(1, service);
          if (q.executeStep()) w.marks[q.getColumn(0).getString()] = q.getColumn(1).getString();
        }
      }
      // Serials have no gaps: 1..n.
      SQLite::Statement s(db, "SELECT COUNT(*), COALESCE(MIN(serial), 1), COALESCE(MAX(serial), 0) FROM marks");
      s.executeStep();
      CHECK(s.getColumn(1).getInt64() == 1);
      CHECK(s.getColumn(2).getInt64() == s.getColumn(0).getInt64());
      // The restarted server publishes every committed entry.
      SQLite::Statement n(db, "SELECT COUNT(*) FROM log_entries");
      n.executeStep();
      auto note = markd->Client()->Get("/api/v1/log/checkpoint");
      REQUIRE(note);
      auto key = markd->Client()->Get("/api/v1/log/key");
      REQUIRE(key);
      std::string k = key->body;
      while (!k.empty() && k.back() == '\n') k.pop_back();
      auto cp = mark::tlog::OpenCheckpoint(note->body, k);
      REQUIRE(cp);
      CHECK(cp->size == static_cast<uint64_t>(n.getColumn(0).getInt64()));
    }
    auto check = Markctl({"check", "--db", reg.db().string(), "--keys", keys});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    markd->Kill();
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "crash test: " << tally.rounds << " rounds in " << secs << " s, " << kThreads
            << " clients; changes acknowledged " << tally.acked << " (grants " << tally.grants << ", renewals "
            << tally.renewals << "), refused " << tally.refused << ", in flight at the kill " << tally.in_flight
            << " (applied " << tally.in_flight_applied << "), lost " << tally.lost << "\n";
  CHECK(tally.lost == 0);
  CHECK(tally.acked > 0);
  CHECK(tally.renewals > 0);  // the imports' one renewal each is exercised too
}
