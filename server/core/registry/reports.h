// Misuse reports from the public verification page: where a badge or QR code
// was seen and what looked wrong, kept for the secretariat to follow up.
// A report asks for no personal data and stores none: no address, no name,
// no contact (the limits that guard the endpoint keep addresses in memory
// only). Thread-safe (Database serialises writes).
//
// Lifecycle: new → investigating → closed, each move by the secretariat with
// a note (required to close); a closed report may be reopened (back to
// investigating). Reports not closed are "open".
//
// The queue of open reports is bounded (StoreMisuseReport's `open_bound`),
// since anyone can send one. Below the bound every report is stored. At the
// bound what goes first is what a flood is made of:
//  1. a duplicate: the same mark number and the same `what` (white space
//     folded, ASCII case ignored: DuplicateKey) as an open report;
//  2. a report without text: no `seen_at`, and a `what` of fewer than 5
//     characters besides white space, or of fewer than 3 different ones
//     ("test", "!!!!!!!!"; the form prefills nothing of `what`, so such a
//     report carries nothing to follow up) (IsWithoutText).
// Such a report arriving at the bound is dropped; a report with text makes
// room instead by deleting the newest open duplicate still new, else the
// newest report without text still new. Only when neither exists (the queue
// holds nothing but distinct reports with text, or ones being investigated)
// is the report with text dropped too (queue_full). Every drop is counted
// per JST day and reason (report_drops, kept a week: retention.h) and shown
// on the attention list (reports_dropped), as is every open report
// (open_reports).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "registry/attention.h"
#include "storage/database.h"
#include "registry/registry.h"

namespace mark::registry {

inline constexpr size_t kMaxReportNumberBytes = 32;
inline constexpr size_t kMaxReportSeenAtChars = 500;  // code points (the form's maxlength)
inline constexpr size_t kMaxReportWhatChars = 2000;   // code points
inline constexpr size_t kMaxReportNoteChars = 2000;   // code points
inline constexpr int kMaxReportListLimit = 200;
inline constexpr long long kDefaultOpenReportsBound = 1000;
// IsWithoutText's lengths, in code points other than white space.
inline constexpr size_t kMinReportTextChars = 5;
inline constexpr size_t kMinReportDistinctChars = 3;

enum class ReportStatus { kNew, kInvestigating, kClosed };
std::string_view ToString(ReportStatus s);  // "new" | "investigating" | "closed"
std::optional<ReportStatus> ParseReportStatus(std::string_view s);

// Why a report was dropped (or deleted to make room).
enum class ReportDrop { kDuplicate, kWithoutText, kQueueFull };
std::string_view ToString(ReportDrop d);  // "duplicate" | "without_text" | "queue_full"

struct MisuseReport {
  long long id = 0;
  std::string number;   // as asked about: may be a number the registry does not know
  std::string seen_at;  // a site, shop or SSID; may be empty
  std::string what;     // free text, non-empty
  Instant created_at{};
  ReportStatus status = ReportStatus::kNew;
  std::string note;                   // the secretariat's, from the last move
  std::optional<Instant> updated_at;  // the last move
  std::string updated_by;             // token name of the last move
};

// Reads {number, seen_at?, what} from an untrusted request body. `number` is
// 1..32 visible ASCII letters, digits or '-' (a fake badge's number is worth
// reporting too); `seen_at` at most 500 and `what` 1..2000 code points of
// valid UTF-8 without control characters other than newline and tab;
// surrounding white space is trimmed; other fields are refused. Errors name
// every field at fault.
Result<MisuseReport> ParseMisuseReport(const nlohmann::json& body);

// Whether `report` carries no text worth following up (see above).
bool IsWithoutText(const MisuseReport& report);
// What makes two reports' `what` the same: a hash of the text with white
// space runs folded to one space, trimmed, ASCII letters lower-cased.
std::string DuplicateKey(std::string_view what);

struct StoreOutcome {
  long long id = 0;                   // the stored report; 0 when dropped
  std::optional<ReportDrop> dropped;  // the report itself was dropped, and why
  std::optional<ReportDrop> evicted;  // an open report was deleted to make room, and why
};

// Stores `report` (its id and lifecycle fields are ignored) received at
// `at`, keeping at most `open_bound` open reports as described above.
Result<StoreOutcome> StoreMisuseReport(storage::Database& db, const MisuseReport& report, Instant at,
                                       long long open_bound);

struct ReportQuery {
  std::optional<ReportStatus> status;  // only these
  bool open_only = false;              // only reports not closed
  long long before_id = 0;             // ids below this (0: from the newest)
  int limit = 50;
};
// Newest first.
Result<std::vector<MisuseReport>> ListMisuseReports(const storage::Database& db, const ReportQuery& query);

// PATCH {status, note?}: moves report `id` (new → investigating → closed,
// closed → investigating; the same status with a new note changes the
// note), through `registry`'s audited, idempotent write ("report.update",
// the audit detail says the move). kNotFound for no such report; kConflict
// for a move the lifecycle does not allow; kInvalid naming the field for a
// bad body (a note is required to close). The answer is ReportJson.
Result<WriteResult> UpdateMisuseReport(Registry& registry, long long id, const nlohmann::json& body,
                                       const WriteRequest& req);

// {"id", "number", "seen_at", "what", "created_at", "status", "note",
// "updated_at", "updated_by"} (id as a string; updated_* null until moved).
nlohmann::json ReportJson(const MisuseReport& report);

// The attention list's items (attention.h): every open report, newest first
// (open_reports: report_id, status, number, created_at; "mark" when the
// number is a registered mark), and each day with drops (reports_dropped:
// day, dropped, duplicate, without_text, queue_full), newest first.
void CollectOpenReports(SQLite::Database& db, std::vector<AttentionItem>& out);
void CollectReportDrops(SQLite::Database& db, std::vector<AttentionItem>& out);

}  // namespace mark::registry
