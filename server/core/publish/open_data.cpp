#include "publish/open_data.h"

#include "common/json_text.h"
#include "registry/mark_number.h"

namespace mark::publish {

using registry::Registry;

namespace {

using nlohmann::json;

constexpr size_t kPieceBytes = 64 * 1024;

// The columns and where each one's value is in the mark JSON.
struct Column {
  const char* name;
  const char* pointer;
};
constexpr Column kColumns[] = {
    {"number", "/number"},
    {"scheme", "/scheme"},
    {"first_review_body", "/first_review_body"},
    {"status", "/status"},
    {"status_reason", "/status_reason"},
    {"valid_from", "/valid_from"},
    {"valid_until", "/valid_until"},
    {"granted_at", "/granted_at"},
    {"suspended_at", "/suspended_at"},
    {"suspension_reason", "/suspension_reason"},
    {"suspension_code", "/suspension_code"},
    {"revoked_at", "/revoked_at"},
    {"revocation_reason", "/revocation_reason"},
    {"revocation_code", "/revocation_code"},
    {"returned_at", "/returned_at"},
    {"return_reason", "/return_reason"},
    {"return_code", "/return_code"},
    {"service_name", "/service/name"},
    {"service_name_en", "/service/name_en"},
    {"domains", "/service/domains"},
    {"ssids", "/service/ssids"},
    {"venues", "/service/venues"},
    {"operator_name", "/operator/name"},
    {"operator_name_en", "/operator/name_en"},
    {"corporate_number", "/operator/corporate_number"},
    {"website", "/operator/website"},
    {"verify_url", "/links/verify"},
    {"certificate_url", "/links/certificate"},
};

std::string Cell(const json& mark, const char* pointer) {
  const json::json_pointer p(pointer);
  if (!mark.contains(p)) return "";
  const json& v = mark.at(p);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string joined;
    for (const json& item : v) {
      if (!item.is_string()) continue;
      if (!joined.empty()) joined += '\n';
      joined += item.get<std::string>();
    }
    return joined;
  }
  if (v.is_number() || v.is_boolean()) return JsonText(v);
  return "";
}

}  // namespace

Status ForEachMark(const Registry& registry, const std::function<Status(const MarkView&)>& fn) {
  registry::SearchQuery q;
  q.limit = registry::kMaxSearchLimit;
  while (true) {
    auto page = registry.Search(q);
    if (!page) return page.error();
    for (const MarkView& v : page->items) {
      if (Status st = fn(v); !st) return st;
      if (auto parsed = registry::ParseMarkNumber(v.mark.number)) q.after_serial = parsed->serial;
    }
    if (page->next_cursor.empty() || page->items.empty()) return Status{};
  }
}

json OpenDataMarkJson(const Registry& registry, const MarkView& view) {
  json j = registry.MarkJson(view);
  j.erase("certificate");
  return j;
}

review::CsvRow OpenDataCsvHeader() {
  review::CsvRow header;
  for (const Column& c : kColumns) header.emplace_back(c.name);
  return header;
}

review::CsvRow OpenDataCsvRow(const json& mark) {
  review::CsvRow row;
  for (const Column& c : kColumns) row.push_back(Cell(mark, c.pointer));
  return row;
}

Status WriteOpenData(const Registry& registry, OpenDataFormat format, const ByteSink& sink) {
  std::string buffer;
  buffer.reserve(kPieceBytes + 4096);
  if (format == OpenDataFormat::kCsv) {
    buffer += review::kCsvBom;
    buffer += review::CsvRecord(OpenDataCsvHeader());
  }
  Status st = ForEachMark(registry, [&](const MarkView& view) -> Status {
    const json mark = OpenDataMarkJson(registry, view);
    if (format == OpenDataFormat::kCsv) {
      buffer += review::CsvRecord(OpenDataCsvRow(mark));
    } else {
      buffer += JsonText(mark);
      buffer += '\n';
    }
    if (buffer.size() < kPieceBytes) return Status{};
    Status written = sink(buffer);
    buffer.clear();
    return written;
  });
  if (!st) return st;
  return buffer.empty() ? Status{} : sink(buffer);
}

}  // namespace mark::publish
