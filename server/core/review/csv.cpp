#include "review/csv.h"

namespace mark::review {

namespace {

// "-5", "+3", "-1.25": numbers Excel should see as numbers, not formulas.
bool IsPlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

std::string CsvField(std::string_view value) {
  std::string v(value);
  if (!v.empty() && !IsPlainNumber(v) &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRecord(const CsvRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += ',';
    out += CsvField(row[i]);
  }
  out += "\r\n";
  return out;
}

std::string WriteCsv(const CsvRow& header, const std::vector<CsvRow>& rows) {
  std::string out(kCsvBom);
  out += CsvRecord(header);
  for (const CsvRow& r : rows) out += CsvRecord(r);
  return out;
}

}  // namespace mark::review
