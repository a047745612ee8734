// The transparency log over real HTTP: the endpoints,
// their parameter checks, an independent Node.js checker written from the
// RFCs, markctl log verify/prove and markctl check, and what happens when
// someone edits a row of the log in a copy of the database.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.h"

using mark::testing::BodyJson;
#include "tlog/checkpoint.h"
#include "tlog/merkle.h"
#include "tlog/wire.h"

using mark::testing::CopyDatabase;
using mark::testing::Markctl;
using mark::testing::MarkdProcess;
using mark::testing::ReadFile;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFixedUrl = {"--public-url", "https://registry.test"};

// The status and the first field an error names.
std::pair<int, std::string> ProblemField(TestRegistry& reg, const std::string& path) {
  auto r = reg.Get(path);
  if (!r) return {0, ""};
  json b = BodyJson(r);
  std::string field;
  if (b.is_object() && b.contains("errors") && b["errors"].is_array() && !b["errors"].empty())
    field = b["errors"][0].value("field", "");
  if (r->status == 400) CHECK(r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
  return {r->status, field};
}

json Mark(TestRegistry& reg, const std::string& number) { return BodyJson(reg.Get("/api/v1/marks/" + number)); }

void Change(TestRegistry& reg, const std::string& number, const std::string& what) {
  auto r = reg.Post("/api/v1/marks/" + number + "/" + what,
                    what == "renew" ? json{{"basis", "import"}, {"note", "renewed on paper"}}.dump()
                                    : json{{"reason", "test: " + what}}.dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
}

mark::tlog::Checkpoint OpenHead(TestRegistry& reg) {
  auto key = reg.Get("/api/v1/log/key");
  auto note = reg.Get("/api/v1/log/checkpoint");
  REQUIRE(key);
  REQUIRE(note);
  std::string k = key->body;
  while (!k.empty() && k.back() == '\n') k.pop_back();
  auto cp = mark::tlog::OpenCheckpoint(note->body, k);
  INFO(note->body);
  REQUIRE(cp);
  return *cp;
}

// A consistent copy of a live or stopped database.
}  // namespace

TEST_CASE("log endpoints serve a signed, checkable RFC 6962 log", "[log]") {
  TestRegistry reg(kFixedUrl);
  auto empty = reg.Get("/api/v1/log/checkpoint");
  REQUIRE(empty);
  CHECK(empty->status == 200);
  CHECK(empty->get_header_value("Content-Type").rfind("text/plain", 0) == 0);
  CHECK(empty->body.rfind("registry.test/log\n0\n", 0) == 0);

  const std::string a = reg.GrantSample("isp");
  const std::string b = reg.GrantSample("wifi");
  Change(reg, a, "suspend");
  Change(reg, a, "reinstate");
  Change(reg, b, "revoke");
  reg.EnterRenewalWindow(a);  // a renewal is accepted only inside the window of the mark's year
  Change(reg, a, "renew");

  auto cp = OpenHead(reg);
  CHECK(cp.origin == "registry.test/log");
  CHECK(cp.size == 6);  // two grants, suspend, reinstate, revoke, renewal

  // The mark names the log entry of its current certificate.
  json ma = Mark(reg, a);
  REQUIRE(ma["log_index"].is_number_unsigned());
  const uint64_t idx = ma["log_index"];
  auto cert = reg.Get("/api/v1/marks/" + a + "/certificate");
  auto page = reg.Get("/api/v1/log/entries?start=" + std::to_string(idx) + "&end=" + std::to_string(idx + 1));
  REQUIRE(page);
  REQUIRE(page->status == 200);
  auto entries = mark::tlog::ParseEntries(page->body);
  REQUIRE(entries);
  REQUIRE(entries->size() == 1);
  json event = json::parse(entries->at(0).leaf_input);
  CHECK(event["certificate"] == cert->body);
  CHECK(event["number"] == a);

  // All entries hash to the signed root; proofs verify.
  auto all = reg.Get("/api/v1/log/entries?start=0");
  REQUIRE(all);
  auto list = mark::tlog::ParseEntries(all->body);
  REQUIRE(list);
  REQUIRE(list->size() == 6);
  mark::tlog::MerkleTree tree;
  for (const auto& e : *list) tree.AppendLeafInput(e.leaf_input);
  CHECK(tree.Root() == cp.root);
  auto inc = reg.Get("/api/v1/log/proof/inclusion?index=2&tree_size=6");
  REQUIRE(inc);
  auto incm = mark::tlog::ParseInclusionProof(inc->body);
  REQUIRE(incm);
  CHECK(mark::tlog::VerifyInclusion(tree.LeafHashAt(2), 2, 6, incm->audit_path, cp.root));
  auto con = reg.Get("/api/v1/log/proof/consistency?first=3&second=6");
  REQUIRE(con);
  auto conm = mark::tlog::ParseConsistencyProof(con->body);
  REQUIRE(conm);
  CHECK(mark::tlog::VerifyConsistency(3, 6, tree.RootAt(3).value(), cp.root, conm->consistency));

  // Bad parameters: 400 naming the parameter.
  CHECK(ProblemField(reg, "/api/v1/log/entries") == std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=-1") == std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=01") == std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=6") == std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=3&end=3") == std::pair<int, std::string>{400, "end"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=0&end=x") == std::pair<int, std::string>{400, "end"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=0&start=1") == std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=0&limit=1") == std::pair<int, std::string>{400, "limit"});
  CHECK(ProblemField(reg, "/api/v1/log/entries?start=99999999999999999999") ==
        std::pair<int, std::string>{400, "start"});
  CHECK(ProblemField(reg, "/api/v1/log/proof/inclusion?index=6&tree_size=6") ==
        std::pair<int, std::string>{400, "index"});
  CHECK(ProblemField(reg, "/api/v1/log/proof/inclusion?index=0&tree_size=7") ==
        std::pair<int, std::string>{400, "tree_size"});
  CHECK(ProblemField(reg, "/api/v1/log/proof/inclusion") == std::pair<int, std::string>{400, "index"});
  CHECK(ProblemField(reg, "/api/v1/log/proof/consistency?first=4&second=3") ==
        std::pair<int, std::string>{400, "first"});
  CHECK(ProblemField(reg, "/api/v1/log/proof/consistency?first=1&second=7") ==
        std::pair<int, std::string>{400, "second"});
  // A page is capped and the end clipped to the log.
  auto clipped = reg.Get("/api/v1/log/entries?start=4&end=100000");
  REQUIRE(clipped);
  CHECK(BodyJson(clipped)["entries"].size() == 2);

  // The independent checker (RFC 6962 / 9162, C2SP; no shared code) agrees.
  auto node = RunCommand(
      {"/usr/bin/node", std::string(MARK_SOURCE_DIR) + "/tests/interop/tlog_check.mjs", reg.markd().base_url()});
  INFO(node.out << node.err);
  CHECK(node.exit_code == 0);

  // The monitor and the offline check agree too.
  const std::string state = (reg.dir() / "monitor.state").string();
  auto v1 = Markctl({"log", "verify", "--server", reg.markd().base_url(), "--state", state});
  INFO(v1.out << v1.err);
  CHECK(v1.exit_code == 0);
  Change(reg, a, "suspend");
  auto v2 = Markctl({"log", "verify", "--server", reg.markd().base_url(), "--state", state});
  INFO(v2.out << v2.err);
  CHECK(v2.exit_code == 0);
  CHECK(v2.out.find("consistency with size 6") != std::string::npos);
  auto prove = Markctl({"log", "prove", a, "--server", reg.markd().base_url()});
  INFO(prove.out << prove.err);
  CHECK(prove.exit_code == 0);
  auto check = Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("all checks passed") != std::string::npos);

  // A restart keeps the same head.
  auto before = OpenHead(reg);
  reg.Restart();
  auto after = OpenHead(reg);
  CHECK(after.size == before.size);
  CHECK(after.root == before.root);
}

TEST_CASE("an edited log row in a copy of the database is caught", "[log]") {
  TestRegistry reg(kFixedUrl);
  const std::string a = reg.GrantSample("isp");
  Change(reg, a, "suspend");
  const std::string b = reg.GrantSample("isp");
  const std::string state = (reg.dir() / "monitor.state").string();
  auto v1 = Markctl({"log", "verify", "--server", reg.markd().base_url(), "--state", state});
  INFO(v1.out << v1.err);
  REQUIRE(v1.exit_code == 0);
  REQUIRE(reg.markd().Stop() == 0);

  const fs::path copy = reg.dir() / "edited.db";
  CopyDatabase(reg.db(), copy);
  {
    // The attacker's move: drop the trigger that blocks UPDATE, then rewrite
    // the suspension (entry 1) as if it had said something else.
    SQLite::Database db(copy.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER log_entries_no_update");
    int changed = db.exec(
        "UPDATE log_entries SET leaf_input = CAST(replace(CAST(leaf_input AS TEXT), 'test: suspend', "
        "'clerical slip') AS BLOB) WHERE idx = 1");
    REQUIRE(changed == 1);
  }
  auto check = Markctl({"check", "--db", copy.string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("REWRITE") != std::string::npos);
  // The original still checks out.
  auto original = Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(original.out << original.err);
  CHECK(original.exit_code == 0);

  // markd will not serve a log that no longer matches its signed checkpoint:
  // its start-up checks stop it, exit 2, one line saying why, before any
  // log answer or write (both wait for the checks).
  // After SQLite's 100-byte header (opening switches the file to WAL, which
  // rewrites a few header bytes): nothing stored may change.
  const std::string before = ReadFile(copy).substr(100);
  auto refused =
      RunCommand({"/usr/bin/timeout", "20", mark::testing::MarkdPath(), "--db", copy.string(), "--keys",
                  reg.keys().string(), "--listen", "127.0.0.1:0", "--quiet", "--public-url", "https://registry.test"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.rfind("markd: transparency log does not match its signed checkpoint", 0) == 0);
  CHECK(ReadFile(copy).substr(100) == before);
  {
    // While the checks run, a log answer waits for them and hears the outcome.
    auto racing = MarkdProcess::Start({copy, reg.keys(), kFixedUrl, {}});
    auto c = racing->Client();
    auto checkpoint = c->Get("/api/v1/log/checkpoint");
    if (checkpoint) CHECK(checkpoint->status != 200);
    CHECK(racing->Stop() == 2);
  }

  // An attacker who also throws the checkpoints away, puts the trigger back
  // (markd refuses a schema that differs from its migrations) and starts
  // markd on a state folder of their own (the registry's would refuse the
  // edited log) still gets nothing signed: the edited entry no longer says
  // what the mark's suspension in its history said, so markd's start-up
  // comparison refuses to serve, and markctl check says the same offline.
  {
    SQLite::Database db(copy.string(), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM checkpoints");
    db.exec(
        "CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries"
        " BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;");
  }
  std::vector<std::string> forged_args = kFixedUrl;
  forged_args.insert(forged_args.end(), {"--state", (reg.dir() / "attacker-state").string()});
  {
    auto forged = MarkdProcess::Start({copy, reg.keys(), forged_args, {}});
    auto c = forged->Client();
    auto checkpoint = c->Get("/api/v1/log/checkpoint");
    if (checkpoint) CHECK(checkpoint->status != 200);
    CHECK(forged->Stop() == 2);
  }
  auto check2 = Markctl({"check", "--db", copy.string(), "--keys", reg.keys().string()});
  INFO(check2.out << check2.err);
  CHECK(check2.exit_code == 1);
  (void)b;
}

TEST_CASE("markd needs its log key and refuses a readable one", "[log]") {
  TestRegistry reg;
  // Served once, so the stop below cannot race markd's start.
  REQUIRE(reg.Get("/healthz"));
  reg.markd().Stop();
  const fs::path key = reg.keys() / "log.key";
  REQUIRE(fs::exists(key));
  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  CHECK_THROWS_WITH(MarkdProcess::Start({reg.db(), reg.keys(), {}, {}}),
                    Catch::Contains("readable by group or others"));
  fs::rename(key, reg.dir() / "log.key.aside");
  CHECK_THROWS_WITH(MarkdProcess::Start({reg.db(), reg.keys(), {}, {}}), Catch::Contains("log-init"));
  // log-init makes a new one; keys generate leaves an existing one alone.
  auto init = Markctl({"keys", "log-init", "--keys", reg.keys().string()});
  CHECK(init.exit_code == 0);
  REQUIRE(fs::exists(key));
  std::ifstream in(key);
  std::string first((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto gen = Markctl({"keys", "generate", "--keys", reg.keys().string()});
  CHECK(gen.exit_code == 0);
  std::ifstream in2(key);
  std::string second((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  CHECK(first == second);
}
