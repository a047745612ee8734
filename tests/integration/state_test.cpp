// Never back in time, never start over (registry/registry_state.h), and
// writes whose outcome is unknown (storage/database.h): the real markd and
// markctl on a registry whose database went back in time in each way it can
// (a zero-length or missing file, a write-ahead log lost after a crash, an
// older backup copied into place), a damaged schema, keys of another
// registry, a deliberate new registry with old keys, and a commit whose fsync
// fails (the MARK_TEST_HOOKS build's --fail-fsync).
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::CommandResult;
using mark::testing::Has;
using mark::testing::Markctl;
using mark::testing::MarkdProcess;
using mark::testing::ReadFile;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// markd on the registry's files, expected to stop with exit code 2: its exit
// code and stderr. It may listen first (the start-up checks run beside it).
CommandResult StartExpectingRefusal(TestRegistry& reg, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{"/usr/bin/timeout", "20",     mark::testing::MarkdPath(), "--db",
                                reg.db().string(),  "--keys", reg.keys().string(),        "--listen",
                                "127.0.0.1:0",      "--quiet"};
  for (const auto& a : reg.clock().Args()) argv.push_back(a);
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunCommand(argv);
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// The line of markd's log that starts with `prefix` ("" when none does): the
// refusal, among the notices markd prints at start-up.
std::string LineStarting(const std::string& text, const std::string& prefix) {
  size_t at = text.rfind("\n" + prefix);
  if (text.rfind(prefix, 0) == 0)
    at = 0;
  else if (at == std::string::npos)
    return "";
  else
    ++at;
  return FirstLine(text.substr(at));
}

void RemoveSidecars(const fs::path& db) {
  fs::remove(db.string() + "-wal");
  fs::remove(db.string() + "-shm");
}

json State(TestRegistry& reg) { return json::parse(ReadFile(reg.dir() / "state" / "registry-state.json")); }

// A grant resting on a passed review, for a new operator and service named
// after `tag`; the answer.
httplib::Result Grant(TestRegistry& reg, const std::string& tag) {
  auto op = reg.Post("/api/v1/operators", json{{"name", "状態試験" + tag},
                                               {"name_en", "State Test " + tag},
                                               {"website", "https://state-" + tag + ".example.jp/"}}
                                              .dump());
  REQUIRE(op);
  REQUIRE(op->status == 201);
  auto svc = reg.Post("/api/v1/services", json{{"operator_id", BodyJson(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", "状態光" + tag},
                                               {"name_en", "State Hikari " + tag},
                                               {"domains", {"state-" + tag + ".example.jp"}}}
                                              .dump());
  REQUIRE(svc);
  REQUIRE(svc->status == 201);
  const std::string service = BodyJson(svc)["id"];
  const std::string review = reg.RecordPassedReview(service);
  return reg.Post("/api/v1/marks",
                  json{{"service_id", service}, {"first_review_body", "JAIPA"}, {"review_id", review}}.dump());
}

std::string GrantNumber(TestRegistry& reg, const std::string& tag) {
  auto r = Grant(reg, tag);
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  return BodyJson(r)["number"];
}

long long Serial(const std::string& number) { return std::stoll(number.substr(1)); }

CommandResult AcceptRollback(TestRegistry& reg) {
  return reg.Markctl({"state", "accept-rollback", "--db", reg.db().string(), "--reason", "test"});
}

}  // namespace

TEST_CASE("a zero-length or missing registry.db beside a state is refused, accepted after accept-rollback", "[state]") {
  TestRegistry reg({"--quiet"});
  const std::string first = reg.GrantSample();
  const std::string second = reg.GrantSample();
  REQUIRE(reg.markd().Stop() == 0);
  REQUIRE(State(reg)["highest_serial"] == Serial(second));

  SECTION("zero-length") {
    { std::ofstream truncate(reg.db(), std::ios::binary | std::ios::trunc); }
    RemoveSidecars(reg.db());
    auto refused = StartExpectingRefusal(reg);
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.rfind("markd: " + reg.db().string() + " is empty (zero bytes), but the state in", 0) == 0);
    CHECK(Has(refused.err, "state accept-rollback"));
    CHECK(Has(refused.err, "registry new --acknowledge-new-registry"));
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(fs::file_size(reg.db()) == 0);  // refused before anything was written
  }
  SECTION("missing") {
    fs::remove(reg.db());
    RemoveSidecars(reg.db());
    auto refused = StartExpectingRefusal(reg);
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.rfind("markd: " + reg.db().string() + " is missing, but the state in", 0) == 0);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(!fs::exists(reg.db()));
    // markctl commits nothing onto a fresh file either.
    auto token = reg.Markctl({"token", "create", "--db", reg.db().string(), "--role", "secretariat", "--name", "x"});
    CHECK(token.exit_code == 2);
    CHECK(Has(token.err, "is missing, but the state in"));
    CHECK(!fs::exists(reg.db()));
  }

  auto accepted = AcceptRollback(reg);
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  reg.Restart();
  // Everything is gone, its tokens too; the numbers are not given again.
  reg.SetToken(reg.CreateToken("secretariat", "after-the-loss"));
  CHECK(reg.Get("/api/v1/marks/" + first)->status == 404);
  CHECK(Serial(GrantNumber(reg, "after")) == Serial(second) + 1);
  auto audit = reg.GetAuth("/api/v1/audit", reg.CreateToken("auditor", "auditor"));
  REQUIRE(audit);
  CHECK(Has(audit->body, "state.accept_rollback"));
}

TEST_CASE("a write-ahead log lost after a crash is refused, accepted after accept-rollback", "[state]") {
  TestRegistry reg({"--quiet"});
  // Everything markd committed is in the write-ahead log, these two too.
  const std::string earlier = reg.GrantSample();
  const std::string lost = reg.GrantSample();
  // Committed, acknowledged and still only in the write-ahead log (SQLite
  // moves it into the main file at 1,000 pages, or when the last connection
  // closes): a crash, then the log goes missing.
  reg.markd().Kill();
  const fs::path wal = reg.db().string() + "-wal";
  REQUIRE(fs::exists(wal));
  REQUIRE(fs::file_size(wal) > 0);
  RemoveSidecars(reg.db());

  auto refused = StartExpectingRefusal(reg);
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.rfind("markd: " + reg.db().string() + " is behind the state in", 0) == 0);
  CHECK(Has(refused.err, "markctl state accept-rollback --db " + reg.db().string()));
  CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
  // markctl too refuses to commit onto it.
  auto token = reg.Markctl({"token", "create", "--db", reg.db().string(), "--role", "auditor", "--name", "x"});
  CHECK(token.exit_code == 2);
  CHECK(Has(token.err, "is behind the state in"));

  auto accepted = AcceptRollback(reg);
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  CHECK(Has(accepted.err, "serials continue above " + std::to_string(Serial(lost))));
  CHECK(AcceptRollback(reg).exit_code == 0);  // nothing more to accept
  reg.Restart();
  CHECK(reg.Get("/api/v1/marks/" + earlier)->status == 404);
  CHECK(reg.Get("/api/v1/marks/" + lost)->status == 404);
  CHECK(Serial(GrantNumber(reg, "after")) == Serial(lost) + 1);
  // The log tells monitors why it is shorter than they saw.
  SQLite::Database db(reg.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM log_entries WHERE CAST(leaf_input AS TEXT) LIKE '%rollback_accepted%'")
            .getInt() == 1);
}

TEST_CASE("an older backup copied into place is refused, reported by check, accepted after accept-rollback",
          "[state][backup]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample();
  const fs::path backup = reg.dir() / "backup.db";
  auto made =
      reg.Markctl({"backup", "--db", reg.db().string(), "--out", backup.string(), "--keys", reg.keys().string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  const std::string later = reg.GrantSample();
  auto suspended = reg.Post("/api/v1/marks/" + later + "/suspend", json{{"reason", "調査中"}}.dump());
  REQUIRE(suspended);
  REQUIRE(suspended->status == 200);
  const uint64_t live_size = State(reg)["log"]["size"];
  REQUIRE(reg.markd().Stop() == 0);

  // A backup is meant to be behind; check says by how much, as information.
  auto check = reg.Markctl(
      {"check", "--db", backup.string(), "--keys", reg.keys().string(), "--state", (reg.dir() / "state").string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  auto backup_size = [&] {
    SQLite::Database b(backup.string(), SQLite::OPEN_READONLY);
    return static_cast<uint64_t>(b.execAndGet("SELECT COUNT(*) FROM log_entries").getInt64());
  }();
  CHECK(Has(check.out, "behind the live state by " + std::to_string(live_size - backup_size) + " entries"));
  auto live_check = reg.Markctl({"check", "--db", reg.db().string(), "--state", (reg.dir() / "state").string()});
  CHECK(Has(live_check.out, "state: in step with the live state"));

  // The suspended mark would be valid again: markd serves nothing of it.
  fs::copy_file(backup, reg.db(), fs::copy_options::overwrite_existing);
  RemoveSidecars(reg.db());
  auto refused = StartExpectingRefusal(reg);
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.rfind("markd: " + reg.db().string() + " is behind the state in " + (reg.dir() / "state").string() +
                              " by " + std::to_string(live_size - backup_size) + " log entries",
                          0) == 0);
  auto accepted = AcceptRollback(reg);
  INFO(accepted.err);
  REQUIRE(accepted.exit_code == 0);
  reg.Restart();
  CHECK(reg.Get("/api/v1/marks/" + later)->status == 404);
  CHECK(Serial(GrantNumber(reg, "after")) == Serial(later) + 1);
}

TEST_CASE("registry new with old keys: a new registry whose serials continue above the old one's", "[state]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample();
  const std::string old_highest = reg.GrantSample();
  REQUIRE(reg.markd().Stop() == 0);
  const std::string old_id = State(reg)["registry_id"];
  const fs::path aside = reg.dir() / "old-registry";
  fs::create_directories(aside);
  for (const char* suffix : {"", "-wal", "-shm"})
    if (fs::exists(reg.db().string() + suffix))
      fs::rename(reg.db().string() + suffix, (aside / "registry.db").string() + suffix);

  // Starting over is never what an empty folder silently means.
  auto refused = StartExpectingRefusal(reg);
  CHECK(refused.exit_code == 2);
  CHECK(Has(refused.err, "is missing, but the state in"));

  auto unacknowledged = reg.Markctl({"registry", "new", "--keys", reg.keys().string(), "--db", reg.db().string()});
  CHECK(unacknowledged.exit_code == 2);
  CHECK(Has(unacknowledged.err, "--acknowledge-new-registry"));
  CHECK(State(reg)["registry_id"] == old_id);

  auto made = reg.Markctl(
      {"registry", "new", "--acknowledge-new-registry", "--keys", reg.keys().string(), "--db", reg.db().string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  const std::string new_id = made.out.substr(0, made.out.find('\n'));
  CHECK(new_id != old_id);
  CHECK(json::parse(ReadFile(reg.keys() / "keys.json"))["registry_id"] == new_id);
  CHECK(State(reg)["previous_registry_id"] == old_id);

  // The old registry's database no longer fits these keys.
  auto old_db =
      RunCommand({"/usr/bin/timeout", "20", mark::testing::MarkdPath(), "--db", (aside / "registry.db").string(),
                  "--keys", reg.keys().string(), "--listen", "127.0.0.1:0", "--quiet"});
  CHECK(old_db.exit_code == 2);
  CHECK(Has(old_db.err, "the keys sign for registry " + new_id + ", but"));

  auto token = reg.Markctl({"token", "create", "--db", reg.db().string(), "--role", "secretariat", "--name", "new"});
  INFO(token.err);
  REQUIRE(token.exit_code == 0);
  reg.Restart();
  reg.SetToken(token.out.substr(0, token.out.find('\n')));
  CHECK(Serial(GrantNumber(reg, "new")) == Serial(old_highest) + 1);
  CHECK(State(reg)["registry_id"] == new_id);
  CHECK(!State(reg).contains("awaiting_database"));
  auto audit = reg.GetAuth("/api/v1/audit", reg.CreateToken("auditor", "auditor"));
  REQUIRE(audit);
  CHECK(Has(audit->body, "registry.new"));
  CHECK(Has(audit->body, old_id));
}

TEST_CASE("keys that sign for another registry are refused", "[state][keys]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample();
  REQUIRE(reg.markd().Stop() == 0);
  const fs::path other = reg.dir() / "other-keys";
  REQUIRE(Markctl({"keys", "generate", "--keys", other.string()}).exit_code == 0);
  const std::string other_id = json::parse(ReadFile(other / "keys.json"))["registry_id"];
  auto refused = RunCommand({"/usr/bin/timeout", "20", mark::testing::MarkdPath(), "--db", reg.db().string(), "--keys",
                             other.string(), "--listen", "127.0.0.1:0", "--quiet"});
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.rfind("markd: the keys sign for registry " + other_id + ", but the state in", 0) == 0);
}

TEST_CASE("the first start of a database without a state makes the state from it", "[state]") {
  TestRegistry reg({"--quiet"});
  const std::string number = reg.GrantSample();
  REQUIRE(reg.markd().Stop() == 0);
  const json before = State(reg);
  fs::remove_all(reg.dir() / "state");
  reg.Restart();
  REQUIRE(reg.Get("/healthz"));
  CHECK(reg.Get("/api/v1/marks/" + number)->status == 200);
  const json after = State(reg);
  CHECK(after["registry_id"] == before["registry_id"]);
  CHECK(after["log"] == before["log"]);
  CHECK(after["highest_serial"] == before["highest_serial"]);
}

TEST_CASE("a damaged schema stops markd at its start-up checks with exit 2", "[state][faults]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample();
  REQUIRE(reg.markd().Stop() == 0);
  std::string expected;
  {
    SQLite::Database db(reg.db().string(), SQLite::OPEN_READWRITE);
    SECTION("a dropped index") {
      db.exec("DROP INDEX mark_events_number");
      expected = "index mark_events_number is missing";
    }
    SECTION("an altered trigger") {
      db.exec("DROP TRIGGER audit_no_delete");
      db.exec("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END");
      expected = "trigger audit_no_delete differs";
    }
    SECTION("a dropped table") {
      db.exec("DROP TABLE reports");
      expected = "table reports is missing";
    }
  }
  auto refused = StartExpectingRefusal(reg);
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  const std::string refusal = LineStarting(refused.err, "markd: the schema of ");
  CHECK(refusal.rfind("markd: the schema of " + reg.db().string() + " is not what schema", 0) == 0);
  CHECK(Has(refusal, expected));
  auto check = reg.Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  CHECK(check.exit_code == 1);
  CHECK(Has(check.out, "FAIL: schema: " + expected));
}

TEST_CASE("a commit whose fsync fails: outcome unknown, and a retry with its key never changes twice",
          "[state][faults][idempotency]") {
  TestRegistry reg({"--quiet"});
  // What the grant rests on, made before the fault.
  auto op =
      reg.Post("/api/v1/operators",
               json{{"name", "同期試験"}, {"name_en", "Fsync Test"}, {"website", "https://fsync.example.jp/"}}.dump());
  REQUIRE(op);
  REQUIRE(op->status == 201);
  auto svc = reg.Post("/api/v1/services", json{{"operator_id", BodyJson(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", "同期光"},
                                               {"name_en", "Fsync Hikari"},
                                               {"domains", {"fsync.example.jp"}}}
                                              .dump());
  REQUIRE(svc);
  REQUIRE(svc->status == 201);
  const std::string service = BodyJson(svc)["id"];
  const std::string grant =
      json{{"service_id", service}, {"first_review_body", "JAIPA"}, {"review_id", reg.RecordPassedReview(service)}}
          .dump();
  const httplib::Headers key{{"Idempotency-Key", "grant-fsync-1"}};
  const httplib::Headers auth{{"Authorization", "Bearer " + reg.token()}, {"Idempotency-Key", "grant-fsync-1"}};
  REQUIRE(reg.markd().Stop() == 0);
  const mark::Instant first_try = reg.clock().Now();

  auto start_failing = [&](const std::string& flag) {
    std::vector<std::string> args = reg.clock().Args();
    args.insert(args.end(), {"--quiet", flag, "1"});  // markd's first commit is the grant
    return MarkdProcess::Start({reg.db(), reg.keys(), args, {}});
  };
  auto answered_unknown = [](const httplib::Result& r) {
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
    CHECK(Has(r->body, "outcome of this change is unknown"));
    CHECK(Has(r->body, "same Idempotency-Key"));
    CHECK(!Has(r->body, "nothing was changed"));
  };
  auto marks_of_service = [&]() {
    auto found = reg.Get("/api/v1/marks?domain=fsync.example.jp");
    REQUIRE(found);
    return BodyJson(found)["items"];
  };

  SECTION("the disk stays bad, markd is killed; the retry after the restart answers the committed grant") {
    auto markd = start_failing("--fail-fsync-from");
    auto client = markd->Client();
    answered_unknown(client->Post("/api/v1/marks", auth, grant, "application/json"));
    // Until the file is in step again nothing else is written, and says so.
    auto other =
        client->Post("/api/v1/operators", {{"Authorization", "Bearer " + reg.token()}},
                     json{{"name", "後続"}, {"name_en", "Later"}, {"website", "https://later.example.jp/"}}.dump(),
                     "application/json");
    REQUIRE(other);
    CHECK(other->status == 503);
    CHECK(Has(other->body, "nothing was changed"));
    markd->Kill();

    reg.clock().Advance(std::chrono::hours(1));
    reg.Restart();
    auto retry = reg.Post("/api/v1/marks", grant, "", key);
    REQUIRE(retry);
    INFO(retry->body);
    CHECK(retry->status == 201);
    // The grant the failed commit stored, not a new one: granted an hour ago.
    CHECK(BodyJson(retry)["granted_at"] == mark::FormatInstant(first_try));
    auto again = reg.Post("/api/v1/marks", grant, "", key);
    REQUIRE(again);
    CHECK(again->body == retry->body);
    CHECK(marks_of_service().size() == 1);
    CHECK(State(reg)["highest_serial"] == Serial(BodyJson(retry)["number"]));
  }
  SECTION("one failed fsync; the retry without a restart makes the grant once") {
    auto markd = start_failing("--fail-fsync");
    auto client = markd->Client();
    answered_unknown(client->Post("/api/v1/marks", auth, grant, "application/json"));
    reg.clock().Advance(std::chrono::hours(1));
    auto retry = client->Post("/api/v1/marks", auth, grant, "application/json");
    REQUIRE(retry);
    INFO(retry->body);
    CHECK(retry->status == 201);
    // The failed commit was taken back in step: this is the one grant.
    CHECK(BodyJson(retry)["granted_at"] == mark::FormatInstant(reg.clock().Now()));
    auto again = client->Post("/api/v1/marks", auth, grant, "application/json");
    REQUIRE(again);
    CHECK(again->body == retry->body);
    // A crash now recovers what markd served, nothing more.
    markd->Kill();
    reg.Restart();
    CHECK(marks_of_service().size() == 1);
    auto replay = reg.Post("/api/v1/marks", grant, "", key);
    REQUIRE(replay);
    CHECK(replay->body == retry->body);
  }
  SECTION("one failed fsync, then a crash: recovery finds what markd served") {
    auto markd = start_failing("--fail-fsync");
    auto client = markd->Client();
    answered_unknown(client->Post("/api/v1/marks", auth, grant, "application/json"));
    auto served = client->Get("/api/v1/marks?domain=fsync.example.jp");
    REQUIRE(served);
    CHECK(BodyJson(served)["items"].empty());
    markd->Kill();
    reg.Restart();
    CHECK(marks_of_service().empty());
  }
}
