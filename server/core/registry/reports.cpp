#include "registry/reports.h"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "common/jst.h"
#include "registry/validation.h"

namespace mark::registry {

namespace {

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Free text from the public: valid UTF-8, no control characters but newline
// and tab (they would garble the secretariat's listing or a CSV export).
bool CleanText(std::string_view s) {
  if (!IsValidUtf8(s)) return false;
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F) return false;
  return true;
}

}  // namespace

Result<MisuseReport> ParseMisuseReport(const nlohmann::json& body) {
  if (!body.is_object()) return Error::Invalid("", "the body must be a JSON object");
  std::vector<FieldError> errors;
  auto bad = [&](std::string f, std::string why) { errors.push_back({std::move(f), std::move(why)}); };
  MisuseReport r;
  for (const auto& [key, value] : body.items()) {
    if (key != "number" && key != "seen_at" && key != "what") bad(key, "is not a known field");
  }
  if (auto it = body.find("number"); it == body.end() || !it->is_string()) {
    bad("number", "is required and must be a string");
  } else {
    const std::string n = Trim(it->get<std::string>());
    bool ok = !n.empty() && n.size() <= kMaxReportNumberBytes;
    for (char c : n) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) bad("number", "must be 1 to 32 letters, digits or '-'");
    else r.number = n;
  }
  if (auto it = body.find("seen_at"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      bad("seen_at", "must be a string");
    } else {
      const std::string s = Trim(it->get<std::string>());
      if (!CleanText(s)) bad("seen_at", "must be UTF-8 text without control characters");
      else if (CodePoints(s) > kMaxReportSeenAtChars) bad("seen_at", "must be at most 500 characters");
      else r.seen_at = s;
    }
  }
  if (auto it = body.find("what"); it == body.end() || !it->is_string()) {
    bad("what", "is required and must be a string");
  } else {
    const std::string w = Trim(it->get<std::string>());
    if (w.empty()) bad("what", "must not be empty");
    else if (!CleanText(w)) bad("what", "must be UTF-8 text without control characters");
    else if (CodePoints(w) > kMaxReportWhatChars) bad("what", "must be at most 2000 characters");
    else r.what = w;
  }
  if (!errors.empty()) return Error{ErrorCode::kInvalid, "invalid report", std::move(errors)};
  return r;
}

Result<long long> StoreMisuseReport(Database& db, const MisuseReport& report, Instant at) {
  long long id = 0;
  Status st = db.Write([&](SQLite::Database& tx) {
    SQLite::Statement q(tx, "INSERT INTO reports (number, seen_at, what, created_at) VALUES (?, ?, ?, ?)");
    q.bind(1, report.number);
    q.bind(2, report.seen_at);
    q.bind(3, report.what);
    q.bind(4, FormatInstant(at));
    q.exec();
    id = tx.getLastInsertRowid();
    return Status{};
  });
  if (!st) return st.error();
  return id;
}

Result<std::vector<MisuseReport>> ListMisuseReports(const Database& db, long long before_id, int limit) {
  std::vector<MisuseReport> out;
  Status st = db.Read([&](SQLite::Database& tx) {
    SQLite::Statement q(tx,
                        "SELECT id, number, seen_at, what, created_at FROM reports "
                        "WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
    q.bind(1, static_cast<int64_t>(before_id));
    q.bind(2, static_cast<int64_t>(before_id));
    q.bind(3, limit);
    while (q.executeStep()) {
      MisuseReport r;
      r.id = q.getColumn(0).getInt64();
      r.number = q.getColumn(1).getString();
      r.seen_at = q.getColumn(2).getString();
      r.what = q.getColumn(3).getString();
      r.created_at = ParseInstant(q.getColumn(4).getString()).value_or(Instant{});
      out.push_back(std::move(r));
    }
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace mark::registry
