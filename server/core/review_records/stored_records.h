// The review records as stored: rows read back from the tables the secretariat
// writes (applications, fees, reviews, criteria sets) and the JSON the API
// shows for them, shared by the files of ReviewStore. Each function runs on the
// caller's connection, inside its read or write. Internal to review_records/.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/jst.h"
#include "common/result.h"
#include "review/criteria.h"
#include "review/calendar.h"

namespace mark::review_records {

// Names ReviewStore's files share (this header is theirs alone).
using nlohmann::json;
namespace rv = mark::review;

}  // namespace mark::review_records

namespace mark::review_records::stored {

std::optional<Date> DateColumn(const SQLite::Column& c);
// Stored JSON is ours (written by ReviewStore), but a damaged file must not
// crash a read: it shows as null.
nlohmann::json StoredJson(const std::string& text);

// The criteria set `id`; kInvalid naming criteria_id when there is none.
Result<review::CriteriaSet> LoadCriteriaIn(SQLite::Database& db, const std::string& id);

struct ApplicationRow {
  std::string id, service_id, kind, body, session, application_date, status, created_at, created_by;
};
std::optional<ApplicationRow> LoadApplicationRow(SQLite::Database& db, const std::string& id);

// A fee as stored. Waived fees carry who waived them, when and why.
struct FeeRecord {
  std::string id, kind;
  long long amount = 0;
  std::optional<Date> due, paid_on;
  std::optional<std::string> waived_at;
  std::string waived_by, waive_reason;
};

constexpr const char* kFeeColumns =
    "SELECT id, kind, amount, due, paid_on, waived_at, waived_by, waive_reason FROM fees ";
FeeRecord FeeRecordOf(SQLite::Statement& q);
review::FeeState FeeStateOf(const std::optional<Date>& due, const std::optional<Date>& paid_on, bool waived,
                            Date today);
nlohmann::json FeeJsonOf(const FeeRecord& f, Date today);
// The fee `fee_id` inside a write, or not found.
Result<FeeRecord> LoadFeeRecord(SQLite::Database& db, const std::string& fee_id);
// A fee of `application_id` falls due (once per kind: a repeat is ignored).
void InsertFee(SQLite::Database& db, const std::string& application_id, const review::Fee& fee, std::optional<Date> due,
               Instant now);

constexpr const char* kReviewColumns =
    "SELECT r.id, r.application_id, r.criteria_id, r.answers, r.notes, r.decision, r.pass, r.provisional, "
    "r.decided_at, r.decided_by, (SELECT number FROM review_uses u WHERE u.review_id = r.id) FROM reviews r ";
// One row of kReviewColumns as the API shows it.
nlohmann::json ReviewJsonOf(SQLite::Statement& q);

}  // namespace mark::review_records::stored
