// markctl backup while markd serves and writes, then restore and serve the
// copy.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/process.h"

using mark::testing::Markctl;
using mark::testing::TestRegistry;
using nlohmann::json;

TEST_CASE("an online backup is consistent, audited, and restores to a working registry", "[backup]") {
  TestRegistry reg;
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) numbers.push_back(reg.GrantSample());
  // Keep writing while the backup runs: the copy must still be one snapshot.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      auto r = reg.Post("/api/v1/marks/" + numbers[0] + "/suspend", json{{"reason", "test"}}.dump());
      if (r && r->status == 200) reg.Post("/api/v1/marks/" + numbers[0] + "/reinstate", json{{"reason", "ok"}}.dump());
    }
  });
  auto out = reg.dir() / "backup.db";
  auto backup = Markctl({"backup", "--db", reg.db().string(), "--out", out.string(), "--keys", reg.keys().string()});
  stop = true;
  writer.join();
  INFO(backup.err);
  REQUIRE(backup.exit_code == 0);
  CHECK(backup.err.find("(checked)") != std::string::npos);
  CHECK(Markctl({"check", "--db", out.string(), "--keys", reg.keys().string()}).exit_code == 0);
  // Never overwrites.
  CHECK(Markctl({"backup", "--db", reg.db().string(), "--out", out.string()}).exit_code == 2);

  // Its own folder: a database beside registry.db would share the live
  // registry's state folder, which the backup is behind.
  std::filesystem::create_directories(reg.dir() / "restored");
  auto restored = reg.dir() / "restored" / "registry.db";
  auto restore = Markctl({"restore", "--from", out.string(), "--db", restored.string(), "--keys", reg.keys().string()});
  INFO(restore.err);
  REQUIRE(restore.exit_code == 0);
  auto markd = mark::testing::MarkdProcess::Start({restored, reg.keys(), {}, {}});
  for (const auto& n : numbers) {
    auto r = markd->Client()->Get(("/api/v1/marks/" + n).c_str());
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // A garbage file is no backup.
  auto junk = reg.dir() / "junk.db";
  { std::ofstream(junk) << "not a database"; }
  CHECK(Markctl({"restore", "--from", junk.string(), "--db", (reg.dir() / "x.db").string()}).exit_code != 0);
}
