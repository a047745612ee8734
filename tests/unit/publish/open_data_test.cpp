// The open-data rows: each CSV column comes from the public mark JSON, lists
// one item a line, fields the JSON lacks empty.
#include "publish/open_data.h"

#include <catch2/catch.hpp>

using namespace mark::publish;
using nlohmann::json;

TEST_CASE("Open data CSV rows are read from the public mark JSON", "[open_data]") {
  const json mark = {{"number", "J0072"},
                     {"scheme", "wifi"},
                     {"first_review_body", "JAIPA"},
                     {"status", "suspended"},
                     {"valid_from", "2026-04-01"},
                     {"valid_until", "2027-03-31"},
                     {"granted_at", "2026-03-20T01:00:00Z"},
                     {"suspended_at", "2026-05-01T01:00:00Z"},
                     {"suspension_reason", "=調査中"},
                     {"version", 3},
                     {"service",
                      {{"name", "駅前Wi-Fi"},
                       {"name_en", "Ekimae"},
                       {"domains", json::array()},
                       {"ssids", {"A", "B C"}},
                       {"venues", {"東京駅"}}}},
                     {"operator",
                      {{"name", "@事業者"},
                       {"name_en", "Op"},
                       {"corporate_number", "1234567890123"},
                       {"website", "https://op.example.jp/"}}},
                     {"links",
                      {{"verify", "https://m.example.jp/v/J0072"},
                       {"certificate", "https://m.example.jp/api/v1/marks/J0072/certificate"}}}};
  const auto header = OpenDataCsvHeader();
  const auto row = OpenDataCsvRow(mark);
  REQUIRE(row.size() == header.size());
  auto cell = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return row[i];
    FAIL("no column " << name);
    return std::string();
  };
  CHECK(cell("number") == "J0072");
  CHECK(cell("status") == "suspended");
  CHECK(cell("status_reason") == "");
  CHECK(cell("suspension_reason") == "=調査中");  // the writer neutralises it (review/csv.h)
  CHECK(cell("revoked_at") == "");
  CHECK(cell("ssids") == "A\nB C");
  CHECK(cell("domains") == "");
  CHECK(cell("venues") == "東京駅");
  CHECK(cell("operator_name") == "@事業者");
  CHECK(cell("corporate_number") == "1234567890123");
  CHECK(cell("website") == "https://op.example.jp/");
  CHECK(cell("verify_url") == "https://m.example.jp/v/J0072");
  CHECK(cell("certificate_url") == "https://m.example.jp/api/v1/marks/J0072/certificate");
  const std::string record = mark::review::CsvRecord(row);
  CHECK(record.find(",'=調査中,") != std::string::npos);
  CHECK(record.find(",'@事業者,") != std::string::npos);
  CHECK(record.find(",\"A\nB C\",") != std::string::npos);
}
