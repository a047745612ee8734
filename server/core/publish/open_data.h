// Open data: every mark's public facts and status as of now, as one file
// for spreadsheets (CSV: review/csv.h's writer, UTF-8 with a BOM, CRLF,
// RFC 4180 quoting, cells that Excel would run as a formula neutralised) and
// one for programs (JSON Lines: one mark JSON a line). Served as GET
// /api/v1/export/marks.csv and marks.jsonl, and written into the static
// snapshot (static_export.h) as the same bytes.
//
// The facts are the public mark JSON (Registry::MarkJson of the view the
// search API reads), so an export says what GET /api/v1/marks/{number}
// says, whatever that view takes them from; the JSON line drops only the
// certificate itself (its URL is in links.certificate). Marks are read a
// page at a time (kMaxSearchLimit per read transaction, no writer held), so
// memory stays at one page whatever the registry's size; a write between
// pages shows in the marks read after it.
// Thread-safe (reads only).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string_view>

#include "common/result.h"
#include "registry/registry.h"
#include "review/csv.h"

namespace mark::publish {

enum class OpenDataFormat { kCsv, kJsonl };

// Receives the file in pieces, in order; an Error stops the writing.
using ByteSink = std::function<Status(std::string_view)>;

// Every mark, in serial order, status as of registry.clock().Now().
Status ForEachMark(const registry::Registry& registry, const std::function<Status(const MarkView&)>& fn);

// The whole file in `format`, in pieces of about 64 KiB.
Status WriteOpenData(const registry::Registry& registry, OpenDataFormat format, const ByteSink& sink);

// One mark's JSON line (without the newline): MarkJson minus "certificate".
nlohmann::json OpenDataMarkJson(const registry::Registry& registry, const MarkView& view);

// The CSV columns, named after the JSON fields they hold ("service_name"
// for service.name); lists (domains, SSIDs, venues) one item a line in
// their cell.
review::CsvRow OpenDataCsvHeader();
// A mark's row from its public JSON (OpenDataMarkJson): fields it lacks
// are empty cells.
review::CsvRow OpenDataCsvRow(const nlohmann::json& mark);

}  // namespace mark::publish
