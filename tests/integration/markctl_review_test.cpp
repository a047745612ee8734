// markctl review evaluate / review diagnosis / cvss2 / criteria check as an
// operator runs them: stdout, stderr and exit codes (0 pass, 1 fail, 2 bad input).
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using mark::testing::ReadFile;

struct Run {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

Run Markctl(const mark::testing::TempDir& dir, const std::string& args) {
  std::string out = (dir / "stdout").string();
  std::string err = (dir / "stderr").string();
  std::string cmd = std::string("'") + mark::testing::MarkctlPath() + "' " + args + " >'" + out + "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

std::string Write(const mark::testing::TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const std::string kExcerpt = std::string(MARK_SOURCE_DIR) + "/server/criteria/isp-2023-excerpt.json";
const std::string kComplete = std::string(MARK_SOURCE_DIR) + "/tests/unit/review/data/isp-synthetic-complete.json";

nlohmann::json FullMarks(const std::string& criteria_path, const char* kind) {
  nlohmann::json set = nlohmann::json::parse(ReadFile(criteria_path));
  nlohmann::json a = nlohmann::json::object();
  for (const auto& it : set["items"]) {
    bool applies = false;
    for (const auto& k : it["applies"]) applies = applies || k == kind;
    if (!applies) continue;
    if (it.value("mandatory", false)) {
      a[it["id"].get<std::string>()] = true;
    } else {
      a[it["id"].get<std::string>()] = it["points"];
    }
  }
  return a;
}

}  // namespace

TEST_CASE("markctl cvss2 prints the base score or the wrong part", "[markctl][review]") {
  mark::testing::TempDir dir;
  Run r = Markctl(dir, "cvss2 'AV:N/AC:L/Au:N/C:P/I:P/A:P'");
  CHECK(r.code == 0);
  CHECK(r.out == "7.5\n");
  r = Markctl(dir, "cvss2 'AV:N/AC:L/Au:N/C:N/I:N/A:N'");
  CHECK(r.out == "0.0\n");
  r = Markctl(dir, "cvss2 '(AV:N/AC:L/Au:N/C:C/I:C/A:C)'");
  CHECK(r.out == "10.0\n");
  r = Markctl(dir, "cvss2 'AV:N/AC:X/Au:N/C:P/I:P/A:P'");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "markctl cvss2: AC:X is not one of H, M, L\n");
  r = Markctl(dir, "cvss2 'AV:N/AC:L/C:P/I:P/A:P'");
  CHECK(r.code == 2);
  CHECK(r.err == "markctl cvss2: missing Au\n");
}

TEST_CASE("markctl review evaluate: pass, fail, bad input", "[markctl][review]") {
  mark::testing::TempDir dir;
  nlohmann::json a = FullMarks(kComplete, "new");
  std::string answers = Write(dir, "a.json", a.dump());
  Run r = Markctl(dir, "review evaluate --criteria '" + kComplete + "' --kind new '" + answers + "'");
  CHECK(r.code == 0);
  nlohmann::json d = nlohmann::json::parse(r.out);
  CHECK(d["pass"] == true);
  CHECK(d["points"] == 119);
  CHECK(d["points_min"] == 92);
  CHECK(d["mandatory_met"] == 29);
  CHECK(d["mandatory_required"] == 29);
  CHECK(d["reasons"] == nlohmann::json::array());
  CHECK(d["provisional"] == false);

  a["7-1-3"] = 0;
  answers = Write(dir, "a.json", a.dump());
  r = Markctl(dir, "review evaluate --criteria '" + kComplete + "' --kind new '" + answers + "'");
  CHECK(r.code == 1);
  d = nlohmann::json::parse(r.out);
  CHECK(d["pass"] == false);
  CHECK(d["reasons"] == nlohmann::json({"gate item 7-1-3 scored 0"}));

  a["7-1-3"] = 7;
  answers = Write(dir, "a.json", a.dump());
  r = Markctl(dir, "review evaluate --criteria '" + kComplete + "' --kind new '" + answers + "'");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("7-1-3: item 7-1-3 scored 7, outside 0..5") != std::string::npos);

  // An incoherent set is refused the same way import refuses it.
  nlohmann::json bad = nlohmann::json::parse(ReadFile(kExcerpt));
  bad["rules"]["new"]["mandatory"] = 29;
  std::string bad_path = Write(dir, "bad.json", bad.dump());
  r = Markctl(dir, "review evaluate --criteria '" + bad_path + "' --kind new '" + answers + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("rules.new.mandatory: says 29 but 11 mandatory items apply") != std::string::npos);
  r = Markctl(dir, "criteria check '" + bad_path + "'");
  CHECK(r.code == 1);
  r = Markctl(dir, "criteria check '" + kExcerpt + "'");
  CHECK(r.code == 0);

  // The excerpt: provisional.
  answers = Write(dir, "e.json", FullMarks(kExcerpt, "renewal").dump());
  r = Markctl(dir, "review evaluate --criteria '" + kExcerpt + "' --kind renewal '" + answers + "'");
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["provisional"] == true);

  r = Markctl(dir, "review evaluate --criteria '" + kExcerpt + "' --kind yearly '" + answers + "'");
  CHECK(r.code == 2);
}

TEST_CASE("markctl review diagnosis", "[markctl][review]") {
  mark::testing::TempDir dir;
  std::string report = Write(dir, "r.json", R"({"report_date":"2024-01-15","findings":[
    {"host":"mail.example.jp","finding":"weak TLS","vector":"AV:N/AC:M/Au:N/C:P/I:N/A:N",
     "resolved":false,"opinion_attached":true}]})");
  Run r = Markctl(dir, "review diagnosis --application-date 2024-04-15 '" + report + "'");
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["findings"][0]["score"] == 4.3);
  r = Markctl(dir, "review diagnosis --application-date 2024-04-16 '" + report + "'");
  CHECK(r.code == 1);
}
