#include "review/diagnosis.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using mark::Date;
using mark::review::DiagnosisDecision;
using mark::review::EvaluateDiagnosis;
using mark::review::ParseDiagnosisReport;
using nlohmann::json;
using namespace std::chrono;

namespace {

Date D(const char* text) {
  auto d = mark::ParseDate(text);
  REQUIRE(d);
  return *d;
}

json Finding(const char* vector, bool resolved, bool opinion) {
  return {{"host", "ns1.example.jp"},
          {"finding", "open resolver"},
          {"vector", vector},
          {"resolved", resolved},
          {"opinion_attached", opinion}};
}

DiagnosisDecision Decide(const json& report, const char* application_date) {
  auto r = ParseDiagnosisReport(report.dump());
  INFO(report.dump());
  REQUIRE(r);
  return EvaluateDiagnosis(*r, D(application_date));
}

std::string ErrorOf(const json& report) {
  auto r = ParseDiagnosisReport(report.dump());
  if (r) return "parsed";
  return r.error().message;
}

}  // namespace

TEST_CASE("a clean recent report passes", "[diagnosis]") {
  json rep = {{"report_date", "2024-03-01"}, {"findings", json::array()}};
  auto d = Decide(rep, "2024-04-15");
  CHECK(d.pass);
  CHECK(d.reasons.empty());
  CHECK(d.oldest_acceptable == D("2024-01-15"));
}

TEST_CASE("report age: 3 calendar months, the edge day included", "[diagnosis]") {
  json rep = {{"report_date", "2024-01-15"}, {"findings", json::array()}};
  CHECK(Decide(rep, "2024-04-15").pass);  // exactly 3 months: accepted
  auto d = Decide(rep, "2024-04-16");     // one day more: too old
  CHECK_FALSE(d.pass);
  CHECK(d.reasons == std::vector<std::string>{"report dated 2024-01-15 is more than 3 months before the application "
                                              "date 2024-04-16 (oldest acceptable 2024-01-16)"});
  // Month ends clamp: 31 May minus 3 months is 29 Feb in a leap year.
  rep["report_date"] = "2024-02-29";
  CHECK(Decide(rep, "2024-05-31").pass);
  rep["report_date"] = "2024-02-28";
  CHECK_FALSE(Decide(rep, "2024-05-31").pass);
  rep["report_date"] = "2023-02-28";
  CHECK(Decide(rep, "2023-05-31").pass);
  // Across a year end.
  rep["report_date"] = "2023-11-30";
  CHECK(Decide(rep, "2024-02-29").pass);
  rep["report_date"] = "2023-11-28";
  CHECK_FALSE(Decide(rep, "2024-02-29").pass);
  // Same day, and after the application date.
  rep["report_date"] = "2024-04-15";
  CHECK(Decide(rep, "2024-04-15").pass);
  rep["report_date"] = "2024-04-16";
  d = Decide(rep, "2024-04-15");
  CHECK_FALSE(d.pass);
  CHECK(d.reasons == std::vector<std::string>{"report dated 2024-04-16 is after the application date 2024-04-15"});
}

TEST_CASE("findings: 7.0 must be resolved, 4.0 needs an opinion", "[diagnosis]") {
  json rep = {{"report_date", "2024-03-01"}};
  // 7.5 resolved with opinion; 4.3 with opinion; 2.1 without: pass.
  rep["findings"] = {Finding("AV:N/AC:L/Au:N/C:P/I:P/A:P", true, true),
                     Finding("AV:N/AC:M/Au:N/C:P/I:N/A:N", false, true),
                     Finding("AV:L/AC:L/Au:N/C:P/I:N/A:N", false, false)};
  auto d = Decide(rep, "2024-04-01");
  CHECK(d.pass);
  REQUIRE(d.findings.size() == 3);
  CHECK(d.findings[0].score.base_tenths == 75);
  CHECK(d.findings[1].score.base_tenths == 43);
  CHECK(d.findings[2].score.base_tenths == 21);

  // Unresolved 7.2 (local, complete): fails even with an opinion.
  rep["findings"] = {Finding("AV:L/AC:L/Au:N/C:C/I:C/A:C", false, true)};
  d = Decide(rep, "2024-04-01");
  CHECK_FALSE(d.pass);
  CHECK(d.reasons ==
        std::vector<std::string>{"unresolved finding at or above 7.0: ns1.example.jp \"open resolver\" (CVSS 7.2)"});

  // 4.3 without an opinion.
  rep["findings"] = {Finding("AV:N/AC:M/Au:N/C:N/I:P/A:N", true, false)};
  d = Decide(rep, "2024-04-01");
  CHECK_FALSE(d.pass);
  CHECK(d.reasons == std::vector<std::string>{"no manager's opinion for finding at or above 4.0: "
                                              "ns1.example.jp \"open resolver\" (CVSS 4.3)"});

  // Boundaries: 6.9 unresolved with opinion passes; 3.9 needs nothing.
  // AV:N/AC:L/Au:N/C:P/I:P/A:N is 6.4; AV:L/AC:L/Au:S/C:N/I:N/A:C is 4.6;
  // AV:N/AC:H/Au:N/C:N/I:P/A:N is 2.6.
  rep["findings"] = {Finding("AV:N/AC:L/Au:N/C:P/I:P/A:N", false, true),
                     Finding("AV:N/AC:H/Au:N/C:N/I:P/A:N", false, false)};
  CHECK(Decide(rep, "2024-04-01").pass);
}

TEST_CASE("score exactly 7.0 and 4.0 count as their level", "[diagnosis]") {
  // Find vectors scoring exactly 7.0 and 4.0 among all 729 and check the rule on them.
  const char* av = "LAN";
  const char* ac = "HML";
  const char* au = "MSN";
  const char* cia = "NPC";
  std::string v70, v40;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (int x = 0; x < 27; ++x) {
          mark::review::Cvss2Vector v{av[a], ac[b], au[c], cia[x / 9], cia[x / 3 % 3], cia[x % 3]};
          int t = mark::review::Cvss2BaseScore(v).base_tenths;
          if (t == 70 && v70.empty()) v70 = v.ToString();
          if (t == 40 && v40.empty()) v40 = v.ToString();
        }
  REQUIRE_FALSE(v70.empty());
  REQUIRE_FALSE(v40.empty());
  json rep = {{"report_date", "2024-03-01"}};
  rep["findings"] = {Finding(v70.c_str(), false, true)};
  CHECK_FALSE(Decide(rep, "2024-04-01").pass);
  rep["findings"] = {Finding(v40.c_str(), false, false)};
  CHECK_FALSE(Decide(rep, "2024-04-01").pass);
  rep["findings"] = {Finding(v40.c_str(), false, true)};
  CHECK(Decide(rep, "2024-04-01").pass);
}

TEST_CASE("every reason is returned", "[diagnosis]") {
  json rep = {{"report_date", "2023-12-01"}, {"cover_list_attached", false}, {"summary_attached", false}};
  rep["findings"] = {Finding("AV:N/AC:L/Au:N/C:C/I:C/A:C", false, false),
                     Finding("AV:N/AC:M/Au:N/C:P/I:N/A:N", false, false)};
  auto d = Decide(rep, "2024-04-01");
  CHECK_FALSE(d.pass);
  CHECK(d.reasons.size() == 1 + 2 + 2 + 1);
  json j = d;
  CHECK(j["pass"] == false);
  CHECK(j["oldest_acceptable_report_date"] == "2024-01-01");
  CHECK(j["findings"][0]["score"] == 10.0);
  CHECK(j["findings"][1]["score"] == 4.3);
  CHECK(j["findings"][1]["vector"] == "AV:N/AC:M/Au:N/C:P/I:N/A:N");
  CHECK(j["reasons"].size() == 6);
}

TEST_CASE("malformed reports are errors naming the field", "[diagnosis]") {
  json rep = {{"report_date", "2024-03-01"}};
  rep["findings"] = {Finding("AV:N/AC:X/Au:N/C:P/I:P/A:P", false, true)};
  CHECK(ErrorOf(rep) == "findings[0].vector: AC:X is not one of H, M, L");
  rep["findings"] = {Finding("AV:N/AC:L/C:P/I:P/A:P", false, true)};
  CHECK(ErrorOf(rep) == "findings[0].vector: missing Au");
  rep["findings"][0].erase("resolved");
  CHECK(ErrorOf(rep) == "findings[0].vector: missing Au; findings[0].resolved: required, true or false");
  CHECK(ErrorOf({{"report_date", "2024-02-30"}, {"findings", json::array()}}) ==
        "report_date: required, a date YYYY-MM-DD");
  CHECK(ErrorOf({{"report_date", "2024-02-01"}}) == "findings: required, an array (empty when nothing was found)");
  CHECK(ErrorOf({{"report_date", "2024-02-01"}, {"findings", json::array()}, {"extra", 1}}) == "extra: unknown field");
  CHECK_FALSE(ParseDiagnosisReport("nope"));
}
