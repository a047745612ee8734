#include "registry/reports.h"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/hex.h"
#include "common/jst.h"
#include "common/trim.h"
#include "common/utf8.h"
#include "storage/query.h"
#include "registry/validation.h"

namespace mark::registry {

namespace {

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
    const std::string n(TrimAsciiSpace(it->get<std::string>()));
    bool ok = !n.empty() && n.size() <= kMaxReportNumberBytes;
    for (char c : n)
      ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok)
      bad("number", "must be 1 to 32 letters, digits or '-'");
    else
      r.number = n;
  }
  if (auto it = body.find("seen_at"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      bad("seen_at", "must be a string");
    } else {
      const std::string s(TrimAsciiSpace(it->get<std::string>()));
      if (!CleanText(s))
        bad("seen_at", "must be UTF-8 text without control characters");
      else if (Utf8CodePoints(s) > kMaxReportSeenAtChars)
        bad("seen_at", "must be at most 500 characters");
      else
        r.seen_at = s;
    }
  }
  if (auto it = body.find("what"); it == body.end() || !it->is_string()) {
    bad("what", "is required and must be a string");
  } else {
    const std::string w(TrimAsciiSpace(it->get<std::string>()));
    if (w.empty())
      bad("what", "must not be empty");
    else if (!CleanText(w))
      bad("what", "must be UTF-8 text without control characters");
    else if (Utf8CodePoints(w) > kMaxReportWhatChars)
      bad("what", "must be at most 2000 characters");
    else
      r.what = w;
  }
  if (!errors.empty()) return Error{ErrorCode::kInvalid, "invalid report", std::move(errors)};
  return r;
}

std::string_view ToString(ReportStatus s) {
  switch (s) {
    case ReportStatus::kNew: return "new";
    case ReportStatus::kInvestigating: return "investigating";
    case ReportStatus::kClosed: return "closed";
  }
  return "new";
}

std::optional<ReportStatus> ParseReportStatus(std::string_view s) {
  for (ReportStatus r : {ReportStatus::kNew, ReportStatus::kInvestigating, ReportStatus::kClosed})
    if (ToString(r) == s) return r;
  return std::nullopt;
}

std::string_view ToString(ReportDrop d) {
  switch (d) {
    case ReportDrop::kDuplicate: return "duplicate";
    case ReportDrop::kWithoutText: return "without_text";
    case ReportDrop::kQueueFull: return "queue_full";
  }
  return "queue_full";
}

namespace {

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }

// Calls fn(code point) for each code point of `s` (valid UTF-8: parsed).
template <class Fn>
void ForEachCodePoint(std::string_view s, Fn&& fn) {
  for (size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const size_t n = DecodeUtf8(s, i, &c);
    if (n == 0) {
      fn(static_cast<char32_t>(0xFFFD));
      ++i;
      continue;
    }
    fn(c);
    i += n;
  }
}

}  // namespace

bool IsWithoutText(const MisuseReport& report) {
  if (!report.seen_at.empty()) return false;
  size_t chars = 0;
  std::set<char32_t> distinct;
  ForEachCodePoint(report.what, [&](char32_t c) {
    if (IsSpace(c)) return;
    ++chars;
    distinct.insert(c);
  });
  return chars < kMinReportTextChars || distinct.size() < kMinReportDistinctChars;
}

std::string DuplicateKey(std::string_view what) {
  std::string folded;
  bool space = false;
  for (size_t i = 0; i < what.size();) {
    char32_t c = 0;
    size_t n = DecodeUtf8(what, i, &c);
    if (n == 0) n = 1, c = 0xFFFD;
    if (IsSpace(c)) {
      space = !folded.empty();
    } else {
      if (space) folded += ' ';
      space = false;
      if (n == 1 && c >= 'A' && c <= 'Z')
        folded += static_cast<char>(c - 'A' + 'a');
      else
        folded.append(what.substr(i, n));
    }
    i += n;
  }
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(folded.data()), folded.size(), nullptr,
                     0);
  return Hex(hash);
}

namespace {

// A row of the columns id, number, seen_at, what, created_at, status, note,
// updated_at, updated_by.
MisuseReport ReadReport(SQLite::Statement& q) {
  MisuseReport r;
  r.id = q.getColumn(0).getInt64();
  r.number = q.getColumn(1).getString();
  r.seen_at = q.getColumn(2).getString();
  r.what = q.getColumn(3).getString();
  r.created_at = ParseInstant(q.getColumn(4).getString()).value_or(Instant{});
  r.status = ParseReportStatus(q.getColumn(5).getString()).value_or(ReportStatus::kNew);
  r.note = q.getColumn(6).getString();
  if (!q.getColumn(7).isNull()) r.updated_at = ParseInstant(q.getColumn(7).getString());
  r.updated_by = q.getColumn(8).getString();
  return r;
}

void CountDrop(SQLite::Database& tx, ReportDrop why, Instant at) {
  storage::Query q(tx,
                   "INSERT INTO report_drops (day, reason, count) VALUES (?, ?, 1) "
                   "ON CONFLICT (day, reason) DO UPDATE SET count = count + 1");
  q->bind(1, FormatDate(JstDate(at)));
  q->bind(2, std::string(ToString(why)));
  q->exec();
}

long long OpenReports(SQLite::Database& tx) {
  storage::Query q(tx, "SELECT COUNT(*) FROM reports WHERE status IN ('new', 'investigating')");
  q->executeStep();
  return q->getColumn(0).getInt64();
}

bool OpenDuplicateExists(SQLite::Database& tx, const std::string& number, const std::string& key) {
  storage::Query q(tx, "SELECT 1 FROM reports WHERE number = ? AND what_key = ? AND status <> 'closed' LIMIT 1");
  q->bind(1, number);
  q->bind(2, key);
  return q->executeStep();
}

// The report to delete so that one with text fits: the newest new report
// that duplicates an older open one, else the newest new one without text.
std::optional<std::pair<long long, ReportDrop>> Evictable(SQLite::Database& tx) {
  {
    storage::Query q(tx,
                     "SELECT r.id FROM reports r WHERE r.status = 'new' AND r.what_key <> '' AND EXISTS "
                     "(SELECT 1 FROM reports o WHERE o.number = r.number AND o.what_key = r.what_key "
                     "AND o.status <> 'closed' AND o.id < r.id) ORDER BY r.id DESC LIMIT 1");
    if (q->executeStep()) return std::pair{q->getColumn(0).getInt64(), ReportDrop::kDuplicate};
  }
  storage::Query q(tx, "SELECT id FROM reports WHERE status = 'new' AND without_text = 1 ORDER BY id DESC LIMIT 1");
  if (q->executeStep()) return std::pair{q->getColumn(0).getInt64(), ReportDrop::kWithoutText};
  return std::nullopt;
}

}  // namespace

Result<StoreOutcome> StoreMisuseReport(storage::Database& db, const MisuseReport& report, Instant at,
                                       long long open_bound) {
  const std::string key = DuplicateKey(report.what);
  const bool without_text = IsWithoutText(report);
  StoreOutcome outcome;
  Status st = db.Write([&](SQLite::Database& tx) -> Status {
    if (OpenReports(tx) >= open_bound) {
      if (OpenDuplicateExists(tx, report.number, key))
        outcome.dropped = ReportDrop::kDuplicate;
      else if (without_text)
        outcome.dropped = ReportDrop::kWithoutText;
      else if (auto victim = Evictable(tx)) {
        storage::Query del(tx, "DELETE FROM reports WHERE id = ?");
        del->bind(1, static_cast<int64_t>(victim->first));
        del->exec();
        outcome.evicted = victim->second;
        CountDrop(tx, victim->second, at);
      } else {
        outcome.dropped = ReportDrop::kQueueFull;
      }
      if (outcome.dropped) {
        CountDrop(tx, *outcome.dropped, at);
        return Status{};
      }
    }
    storage::Query q(tx,
                     "INSERT INTO reports (number, seen_at, what, created_at, what_key, without_text) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, report.number);
    q->bind(2, report.seen_at);
    q->bind(3, report.what);
    q->bind(4, FormatInstant(at));
    q->bind(5, key);
    q->bind(6, without_text ? 1 : 0);
    q->exec();
    outcome.id = tx.getLastInsertRowid();
    return Status{};
  });
  if (!st) return st.error();
  return outcome;
}

Result<std::vector<MisuseReport>> ListMisuseReports(const storage::Database& db, const ReportQuery& query) {
  std::vector<MisuseReport> out;
  Status st = db.Read([&](SQLite::Database& tx) {
    storage::Query q(tx,
                     "SELECT id, number, seen_at, what, created_at, status, note, updated_at, updated_by FROM reports "
                     "WHERE (?1 = 0 OR id < ?1) AND (?2 = '' OR status = ?2) AND (?3 = 0 OR status <> 'closed') "
                     "ORDER BY id DESC LIMIT ?4");
    q->bind(1, static_cast<int64_t>(query.before_id));
    q->bind(2, query.status ? std::string(ToString(*query.status)) : std::string());
    q->bind(3, query.open_only ? 1 : 0);
    q->bind(4, query.limit);
    while (q->executeStep()) out.push_back(ReadReport(*q));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

namespace {

std::optional<MisuseReport> LoadReport(SQLite::Database& tx, long long id) {
  storage::Query q(tx,
                   "SELECT id, number, seen_at, what, created_at, status, note, updated_at, updated_by FROM reports "
                   "WHERE id = ?");
  q->bind(1, static_cast<int64_t>(id));
  if (!q->executeStep()) return std::nullopt;
  return ReadReport(*q);
}

bool MoveAllowed(ReportStatus from, ReportStatus to) {
  switch (from) {
    case ReportStatus::kNew: return true;  // on to investigating or closed (or a new note)
    case ReportStatus::kInvestigating: return to != ReportStatus::kNew;
    case ReportStatus::kClosed: return to != ReportStatus::kNew;  // reopened: investigating again
  }
  return false;
}

}  // namespace

Result<WriteResult> UpdateMisuseReport(Registry& registry, long long id, const nlohmann::json& body,
                                       const WriteRequest& req) {
  if (!body.is_object()) return Error::Invalid("", "the body must be a JSON object");
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body.items())
    if (k != "status" && k != "note") errors.push_back({k, "is not a known field"});
  std::optional<ReportStatus> to;
  if (auto it = body.find("status"); it == body.end() || !it->is_string()) {
    errors.push_back({"status", "is required: new, investigating or closed"});
  } else if (!(to = ParseReportStatus(it->get<std::string>()))) {
    errors.push_back({"status", "must be new, investigating or closed"});
  }
  std::optional<std::string> note;
  if (auto it = body.find("note"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      errors.push_back({"note", "must be a string"});
    } else {
      const std::string n(TrimAsciiSpace(it->get<std::string>()));
      if (!CleanText(n))
        errors.push_back({"note", "must be UTF-8 text without control characters"});
      else if (Utf8CodePoints(n) > kMaxReportNoteChars)
        errors.push_back({"note", "must be at most 2000 characters"});
      else if (!n.empty())
        note = n;
    }
  }
  if (to == ReportStatus::kClosed && !note)
    errors.push_back({"note", "is required to close a report: say what was done or why nothing was"});
  if (!errors.empty()) return Error{ErrorCode::kInvalid, "invalid report update", std::move(errors)};

  const std::string target = "reports/" + std::to_string(id);
  const Instant now = registry.clock().Now();
  return registry.WriteAudited("report.update", target, req, [&](SQLite::Database& tx) -> Result<WriteResult> {
    auto report = LoadReport(tx, id);
    if (!report) return Error::Make(ErrorCode::kNotFound, "no report " + std::to_string(id));
    const ReportStatus from = report->status;
    if (from == *to && (!note || *note == report->note))
      return Error{ErrorCode::kConflict,
                   "the report is already " + std::string(ToString(from)),
                   {{"status", "is the report's status already; give a new note to change only the note"}}};
    if (!MoveAllowed(from, *to))
      return Error{ErrorCode::kConflict,
                   "a report cannot go from " + std::string(ToString(from)) + " to " + std::string(ToString(*to)),
                   {{"status", from == ReportStatus::kClosed ? "a closed report is reopened as investigating"
                                                             : "reports move new, investigating, closed"}}};
    storage::Query up(tx, "UPDATE reports SET status = ?, note = ?, updated_at = ?, updated_by = ? WHERE id = ?");
    up->bind(1, std::string(ToString(*to)));
    up->bind(2, note ? *note : report->note);
    up->bind(3, FormatInstant(now));
    up->bind(4, req.actor.name);
    up->bind(5, static_cast<int64_t>(id));
    up->exec();
    report->status = *to;
    if (note) report->note = *note;
    report->updated_at = now;
    report->updated_by = req.actor.name;
    WriteResult result{ReportJson(*report)};
    result.audit_detail =
        std::string(ToString(from)) + " -> " + std::string(ToString(*to)) + (note ? ": " + *note : std::string());
    return result;
  });
}

nlohmann::json ReportJson(const MisuseReport& r) {
  return {{"id", std::to_string(r.id)},
          {"number", r.number},
          {"seen_at", r.seen_at},
          {"what", r.what},
          {"created_at", FormatInstant(r.created_at)},
          {"status", ToString(r.status)},
          {"note", r.note},
          {"updated_at", r.updated_at ? nlohmann::json(FormatInstant(*r.updated_at)) : nlohmann::json(nullptr)},
          {"updated_by", r.updated_at ? nlohmann::json(r.updated_by) : nlohmann::json(nullptr)}};
}

namespace {

// At most this much of a report's text in an attention item's line.
constexpr size_t kDetailChars = 80;

std::string Excerpt(const std::string& text) {
  std::string out;
  size_t chars = 0;
  bool cut = false;
  for (size_t i = 0; i < text.size();) {
    char32_t c = 0;
    size_t n = DecodeUtf8(text, i, &c);
    if (n == 0) n = 1;
    if (chars == kDetailChars) {
      cut = true;
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? std::string(" ") : text.substr(i, n);
    ++chars;
    i += n;
  }
  return cut ? out + "…" : out;
}

}  // namespace

void CollectOpenReports(SQLite::Database& db, std::vector<AttentionItem>& out) {
  storage::Query q(
      db,
      "SELECT r.id, r.number, r.seen_at, r.what, r.created_at, r.status, m.number IS NOT NULL FROM reports r "
      "LEFT JOIN marks m ON m.number = r.number WHERE r.status IN ('new', 'investigating') ORDER BY r.id DESC");
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = AttentionKind::kOpenReports;
    const std::string id = std::to_string(q->getColumn(0).getInt64());
    const std::string number = q->getColumn(1).getString();
    const std::string seen_at = q->getColumn(2).getString();
    const std::string status = q->getColumn(5).getString();
    if (q->getColumn(6).getInt() != 0) item.mark = number;
    item.detail = "misuse report " + id + " (" + status + ") on " + number +
                  (item.mark.empty() ? " (not a registered mark)" : "") +
                  (seen_at.empty() ? "" : ", seen at " + Excerpt(seen_at)) + ": " +
                  Excerpt(q->getColumn(3).getString());
    item.facts = {
        {"report_id", id}, {"number", number}, {"status", status}, {"created_at", q->getColumn(4).getString()}};
    out.push_back(std::move(item));
  }
}

void CollectReportDrops(SQLite::Database& db, std::vector<AttentionItem>& out) {
  storage::Query q(db, "SELECT day, reason, count FROM report_drops ORDER BY day DESC, reason");
  std::string day;
  nlohmann::json counts;
  auto emit = [&] {
    if (day.empty()) return;
    const long long total = counts["duplicate"].get<long long>() + counts["without_text"].get<long long>() +
                            counts["queue_full"].get<long long>();
    AttentionItem item;
    item.kind = AttentionKind::kReportsDropped;
    item.detail = std::to_string(total) + " misuse report" + (total == 1 ? "" : "s") + " dropped on " + day +
                  " (JST) while the queue of open reports was full (" +
                  std::to_string(counts["duplicate"].get<long long>()) + " duplicates, " +
                  std::to_string(counts["without_text"].get<long long>()) + " without text, " +
                  std::to_string(counts["queue_full"].get<long long>()) +
                  " with text): close or investigate open reports to make room";
    item.facts = counts;
    item.facts["day"] = day;
    item.facts["dropped"] = total;
    out.push_back(std::move(item));
  };
  while (q->executeStep()) {
    const std::string d = q->getColumn(0).getString();
    if (d != day) {
      emit();
      day = d;
      counts = {{"duplicate", 0}, {"without_text", 0}, {"queue_full", 0}};
    }
    counts[q->getColumn(1).getString()] = q->getColumn(2).getInt64();
  }
  emit();
}

}  // namespace mark::registry
