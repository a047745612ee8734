// ReviewStore's reviews and diagnosis reports: each decided by the review
// rules (review/scoring.h, review/diagnosis.h) and kept append-only.
#include "review_records/review_store.h"

#include <SQLiteCpp/Statement.h>

#include "common/json_text.h"
#include "common/utf8.h"
#include "registry/field_reader.h"
#include "registry/ids.h"
#include "review/diagnosis.h"
#include "review/grant_rules.h"
#include "review/review_basis.h"
#include "review_records/stored_records.h"
#include "storage/rows.h"

namespace mark::review_records {

using namespace mark::registry;  // the registry's rows, views and writes
using namespace stored;

namespace {

constexpr size_t kMaxNotesBytes = 20000;

// Answers as the API takes them: a JSON object (review/scoring.h form).
Result<std::string> AnswersText(const json& body) {
  auto it = body.find("answers");
  if (it == body.end() || it->is_null()) return std::string("{}");
  if (!it->is_object()) return Error::Invalid("answers", "must be an object from item id to answer");
  return JsonText(*it);
}

// Prefixes answer field names with "answers." so the API names the JSON path.
Error AnswersError(Error e) {
  for (FieldError& f : e.fields) f.field = "answers." + f.field;
  return e;
}

}  // namespace

Result<rv::Decision> ReviewStore::Evaluate(const json& body) const {
  FieldReader r(body, {"criteria_id", "kind", "answers"});
  std::string criteria_id;
  std::optional<rv::Kind> kind;
  if (auto v = r.String("criteria_id", true)) criteria_id = *v;
  if (auto v = r.String("kind", true)) {
    kind = rv::ParseKind(*v);
    if (!kind) r.Add("kind", "must be new or renewal");
  }
  auto answers = AnswersText(body.is_object() ? body : json::object());
  if (!answers) r.Add(answers.error());
  if (!r.ok()) return r.ToError();
  auto set = LoadCriteria(criteria_id);
  if (!set) {
    if (set.error().code == ErrorCode::kNotFound)
      return Error{ErrorCode::kInvalid, set.error().message, {{"criteria_id", "names no imported criteria set"}}};
    return set.error();
  }
  auto decision = rv::Evaluate(*set, *kind, *answers);
  if (!decision) return AnswersError(decision.error());
  return decision;
}

Result<registry::WriteResult> ReviewStore::RecordReview(const std::string& application_id, const json& body,
                                                        const registry::WriteRequest& req) {
  FieldReader r(body, {"criteria_id", "answers", "notes"});
  std::string criteria_id, notes;
  if (auto v = r.String("criteria_id", true)) criteria_id = *v;
  if (auto v = r.String("notes", false)) {
    if (!IsValidUtf8(*v))
      r.Add("notes", "must be valid UTF-8");
    else if (v->size() > kMaxNotesBytes)
      r.Add("notes", "must be at most 20000 bytes");
    else
      notes = *v;
  }
  auto answers = AnswersText(body.is_object() ? body : json::object());
  if (!answers) r.Add(answers.error());
  if (!r.ok()) return r.ToError();
  Instant now = clock_.Now();
  std::string review_id = NewId("rv_");
  return registry_.WriteAudited(
      "review.record", application_id, req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
        auto a = LoadApplicationRow(db, application_id);
        if (!a) return Error::Make(ErrorCode::kNotFound, "no application " + application_id);
        auto service = storage::LoadService(db, a->service_id);
        if (!service) return Error::Make(ErrorCode::kInternal, "application names a missing service");
        auto set = LoadCriteriaIn(db, criteria_id);
        if (!set) return set.error();
        if (set->scheme != service->scheme)
          return Error{ErrorCode::kInvalid,
                       "criteria set " + criteria_id + " is for another scheme",
                       {{"criteria_id", "is a " + std::string(ToString(set->scheme)) + " set; the service is " +
                                            std::string(ToString(service->scheme))}}};
        auto kind = rv::ParseKind(a->kind);
        // Item 2-1-1 is the security diagnosis on record (review/grant_rules.h):
        // its answer is taken from the latest report, and a typed answer that
        // contradicts it is refused.
        std::string given = *answers;
        if (rv::DiagnosisRequired(*set, *kind)) {
          auto with_diagnosis = rv::ApplyDiagnosisTo211(given, review::LatestDiagnosis(db, application_id));
          if (!with_diagnosis) return with_diagnosis.error();
          given = std::move(*with_diagnosis);
        }
        auto decision = rv::Evaluate(*set, *kind, given);
        if (!decision) return AnswersError(decision.error());
        SQLite::Statement q(db,
                            "INSERT INTO reviews (id, application_id, criteria_id, answers, notes, decision, pass, "
                            "provisional, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, review_id);
        q.bind(2, application_id);
        q.bind(3, criteria_id);
        q.bind(4, given);
        q.bind(5, notes);
        q.bind(6, rv::DecisionToJson(*decision));
        q.bind(7, decision->pass ? 1 : 0);
        q.bind(8, decision->provisional ? 1 : 0);
        q.bind(9, FormatInstant(now));
        q.bind(10, req.actor.name);
        q.exec();
        SQLite::Statement u(db, "UPDATE applications SET status = ? WHERE id = ?");
        u.bind(1, decision->pass ? "passed" : "failed");
        u.bind(2, application_id);
        u.exec();
        if (decision->pass) {
          for (const rv::Fee& fee : rv::FeesFor(service->scheme, *kind))
            if (fee.kind == rv::FeeKind::kAnnualUsage)
              InsertFee(db, application_id, fee, rv::UsageFeeDue(JstDate(now)), now);
        }
        SQLite::Statement back(db, std::string(kReviewColumns) + "WHERE r.id = ?");
        back.bind(1, review_id);
        back.executeStep();
        json j = ReviewJsonOf(back);
        return registry::WriteResult{std::move(j), true, false};
      });
}

Result<registry::WriteResult> ReviewStore::RecordDiagnosis(const std::string& application_id, const json& body,
                                                           const registry::WriteRequest& req) {
  if (!body.is_object()) return Error::Invalid("", "the request body must be a JSON object");
  std::string text = JsonText(body);
  auto report = rv::ParseDiagnosisReport(text);
  if (!report) return report.error();
  Instant now = clock_.Now();
  std::string id = NewId("dg_");
  return registry_.WriteAudited(
      "diagnosis.record", application_id, req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
        auto a = LoadApplicationRow(db, application_id);
        if (!a) return Error::Make(ErrorCode::kNotFound, "no application " + application_id);
        auto app_date = ParseDate(a->application_date);
        if (!app_date) return Error::Make(ErrorCode::kInternal, "stored application date does not parse");
        rv::DiagnosisDecision d = rv::EvaluateDiagnosis(*report, *app_date);
        json dj = d;
        SQLite::Statement q(db,
                            "INSERT INTO diagnosis_reports (id, application_id, report, decision, pass, recorded_at, "
                            "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, id);
        q.bind(2, application_id);
        q.bind(3, text);
        q.bind(4, JsonText(dj));
        q.bind(5, d.pass ? 1 : 0);
        q.bind(6, FormatInstant(now));
        q.bind(7, req.actor.name);
        q.exec();
        json out = {{"id", id},
                    {"application_id", application_id},
                    {"item", "2-1-1"},
                    {"pass", d.pass},
                    {"decision", dj},
                    {"report", body},
                    {"recorded_at", FormatInstant(now)},
                    {"recorded_by", req.actor.name}};
        return registry::WriteResult{std::move(out), true, false};
      });
}

Result<json> ReviewStore::EvaluateDiagnosis(const std::string& application_id, const json& body) const {
  if (!body.is_object()) return Error::Invalid("", "the request body must be a JSON object");
  auto report = rv::ParseDiagnosisReport(JsonText(body));
  if (!report) return report.error();
  std::optional<Date> app_date;
  bool found = false;
  Status st = db_.Read([&](SQLite::Database& db) {
    auto a = LoadApplicationRow(db, application_id);
    if (!a) return Status{};
    found = true;
    app_date = ParseDate(a->application_date);
    return Status{};
  });
  if (!st) return st.error();
  if (!found) return Error::Make(ErrorCode::kNotFound, "no application " + application_id);
  if (!app_date) return Error::Make(ErrorCode::kInternal, "stored application date does not parse");
  return json(rv::EvaluateDiagnosis(*report, *app_date));
}

}  // namespace mark::review_records
