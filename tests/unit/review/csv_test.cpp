#include "review/csv.h"

#include <catch2/catch.hpp>

using namespace mark::review;

TEST_CASE("CSV for Excel: BOM, CRLF, quoting", "[csv]") {
  std::string csv = WriteCsv(
      {"番号", "事業者", "note"},
      {{"J0072", "株式会社サンプル", "plain"}, {"J0073", "A, Inc.", "said \"hi\""}, {"J0074", "two\nlines", ""}});
  CHECK(csv ==
        "\xEF\xBB\xBF"
        "番号,事業者,note\r\n"
        "J0072,株式会社サンプル,plain\r\n"
        "J0073,\"A, Inc.\",\"said \"\"hi\"\"\"\r\n"
        "J0074,\"two\nlines\",\r\n");
}

TEST_CASE("CSV cells that Excel would run as formulas are neutralised", "[csv]") {
  CHECK(CsvField("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(CsvField("+81 3") == "'+81 3");
  CHECK(CsvField("@SUM(A1)") == "'@SUM(A1)");
  CHECK(CsvField("-cmd") == "'-cmd");
  CHECK(CsvField("-5") == "-5");
  CHECK(CsvField("+3.25") == "+3.25");
  CHECK(CsvField("20000") == "20000");
  CHECK(CsvField("") == "");
  CHECK(CsvField("a\rb") == "\"a\rb\"");
}

TEST_CASE("CSV written record by record is the file WriteCsv writes", "[csv]") {
  const CsvRow header = {"number", "name"};
  const std::vector<CsvRow> rows = {{"J0072", "=cmd"}, {"J0073", "tab\there, too"}};
  std::string pieces(kCsvBom);
  pieces += CsvRecord(header);
  for (const CsvRow& r : rows) pieces += CsvRecord(r);
  CHECK(pieces == WriteCsv(header, rows));
  CHECK(CsvRecord({"J0072", "=cmd"}) == "J0072,'=cmd\r\n");
  CHECK(CsvRecord({"\tx", "\rx"}) == "'\tx,\"'\rx\"\r\n");
}
