// A CSV writer whose files open cleanly in Excel, Japanese included
// (RFC 4180 plus what Excel needs): a UTF-8 byte-order mark first (without it
// Japanese Excel reads UTF-8 as Shift_JIS and shows mojibake), CRLF after
// every record, and fields quoted when they hold a comma, quote, CR or LF,
// with quotes doubled.
// Formula injection (OWASP "CSV Injection"): operator and service names come
// from outside, so a text cell starting with = + - @ TAB or CR is prefixed with
// a single quote, which Excel shows as text; plain numbers such as "-5" are
// left alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mark::review {

using CsvRow = std::vector<std::string>;

// What a file starts with: the UTF-8 byte-order mark.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// The whole file: BOM, header, rows.
std::string WriteCsv(const CsvRow& header, const std::vector<CsvRow>& rows);
// One record as it appears in the file, CRLF included (for files written
// in pieces: kCsvBom first, then records).
std::string CsvRecord(const CsvRow& row);
// One field as it appears in the file (quoted and guarded as needed).
std::string CsvField(std::string_view value);

}  // namespace mark::review
