// ReviewStore's applications: one per service and review round, with the
// review fee it creates; read back with their reviews, diagnoses and fees.
#include "review_records/review_store.h"

#include <SQLiteCpp/Statement.h>

#include "registry/field_reader.h"
#include "registry/ids.h"
#include "registry/json_mapping.h"
#include "registry/mark_number.h"
#include "registry/validity.h"
#include "review/calendar.h"
#include "review/grant_rules.h"
#include "review_records/stored_records.h"
#include "storage/rows.h"

namespace mark::review_records {

using namespace mark::registry;  // the registry's rows, views and writes
using namespace stored;

namespace {

json ApplicationJson(SQLite::Database& db, const ApplicationRow& a, Date today) {
  json j = {{"id", a.id},
            {"service_id", a.service_id},
            {"kind", a.kind},
            {"first_review_body", std::string(FirstReviewBodyName(a.body.empty() ? 'J' : a.body[0]))},
            {"session", a.session},
            {"application_date", a.application_date},
            {"status", a.status},
            {"created_at", a.created_at},
            {"created_by", a.created_by}};
  if (auto s = storage::LoadService(db, a.service_id)) {
    j["service"] = ServiceJson(*s);
    j["scheme"] = std::string(ToString(s->scheme));
    if (auto op = storage::LoadOperator(db, s->operator_id)) j["operator"] = OperatorJson(*op);
  }
  SQLite::Statement m(db, "SELECT number FROM marks WHERE service_id = ?");
  m.bind(1, a.service_id);
  j["mark_number"] = m.executeStep() ? json(m.getColumn(0).getString()) : json(nullptr);

  json reviews = json::array();
  SQLite::Statement r(db, std::string(kReviewColumns) + "WHERE r.application_id = ? ORDER BY r.decided_at, r.rowid");
  r.bind(1, a.id);
  while (r.executeStep()) reviews.push_back(ReviewJsonOf(r));
  j["reviews"] = std::move(reviews);

  json diagnoses = json::array();
  SQLite::Statement d(db,
                      "SELECT id, report, decision, pass, recorded_at, recorded_by FROM diagnosis_reports "
                      "WHERE application_id = ? ORDER BY recorded_at, rowid");
  d.bind(1, a.id);
  while (d.executeStep())
    diagnoses.push_back({{"id", d.getColumn(0).getString()},
                         {"report", StoredJson(d.getColumn(1).getString())},
                         {"decision", StoredJson(d.getColumn(2).getString())},
                         {"pass", d.getColumn(3).getInt() != 0},
                         {"recorded_at", d.getColumn(4).getString()},
                         {"recorded_by", d.getColumn(5).getString()}});
  j["diagnoses"] = std::move(diagnoses);

  json fees = json::array();
  SQLite::Statement f(db, std::string(kFeeColumns) + "WHERE application_id = ? ORDER BY rowid");
  f.bind(1, a.id);
  while (f.executeStep()) fees.push_back(FeeJsonOf(FeeRecordOf(f), today));
  j["fees"] = std::move(fees);
  return j;
}

}  // namespace

ReviewStore::ReviewStore(Registry& registry)
    : registry_(registry), db_(registry.database()), clock_(registry.clock()) {}

Result<registry::WriteResult> ReviewStore::CreateApplication(const json& body, const registry::WriteRequest& req) {
  FieldReader r(body, {"service_id", "kind", "first_review_body", "session", "application_date"});
  Instant now = clock_.Now();
  ApplicationRow a;
  a.application_date = FormatDate(JstDate(now));
  if (auto v = r.String("service_id", true)) a.service_id = *v;
  std::optional<rv::Kind> kind;
  if (auto v = r.String("kind", true)) {
    kind = rv::ParseKind(*v);
    if (!kind)
      r.Add("kind", "must be new or renewal");
    else
      a.kind = *v;
  }
  if (auto v = r.String("first_review_body", true)) {
    if (auto b = ParseFirstReviewBody(*v))
      a.body = std::string(1, *b);
    else
      r.Add("first_review_body", "must be JAIPA, TELESA or TCA (or J, T, D)");
  }
  if (auto v = r.String("session", true)) {
    auto ym = rv::ParseYearMonth(*v);
    if (!ym)
      r.Add("session", "must be a month YYYY-MM");
    else if (!rv::IsSessionMonth(ym->month()))
      r.Add("session", "second reviews sit in March, July and November");
    else
      a.session = rv::FormatYearMonth(*ym);
  }
  if (auto v = r.String("application_date", false)) {
    if (auto d = ParseDate(*v))
      a.application_date = FormatDate(*d);
    else
      r.Add("application_date", "must be a date YYYY-MM-DD");
  }
  if (r.ok()) {
    // A session reviews applications made before it: never one from a later month.
    if (auto why = rv::SessionBeforeApplication(*rv::ParseYearMonth(a.session), *ParseDate(a.application_date)))
      r.Add("session", *why);
  }
  if (!r.ok()) return r.ToError();
  a.id = NewId("app_");
  a.status = "open";
  a.created_at = FormatInstant(now);
  a.created_by = req.actor.name;
  return registry_.WriteAudited(
      "application.create", "", req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
        auto service = storage::LoadService(db, a.service_id);
        if (!service)
          return Error{ErrorCode::kInvalid, "no service " + a.service_id, {{"service_id", "names no service"}}};
        SQLite::Statement m(db, "SELECT number, state FROM marks WHERE service_id = ?");
        m.bind(1, a.service_id);
        bool holds = m.executeStep();
        if (*kind == rv::Kind::kNew && holds) {
          // A mark whose renewal window closed is granted again only on a new
          // application; any other held mark is renewed.
          const std::string number = m.getColumn(0).getString();
          const bool active = m.getColumn(1).getString() == "active";
          auto held = storage::LoadMark(db, number);
          if (!active || !held || !LapsedPastWindow(*held, JstDate(now)))
            return Error::Make(ErrorCode::kConflict, "service " + a.service_id + " already holds mark " + number +
                                                         "; apply for renewal instead");
        }
        if (*kind == rv::Kind::kRenewal && !holds)
          return Error::Make(ErrorCode::kConflict, "service " + a.service_id + " holds no mark to renew; apply as new");
        SQLite::Statement q(
            db,
            "INSERT INTO applications (id, service_id, kind, first_review_body, session, application_date, "
            "status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, a.id);
        q.bind(2, a.service_id);
        q.bind(3, a.kind);
        q.bind(4, a.body);
        q.bind(5, a.session);
        q.bind(6, a.application_date);
        q.bind(7, a.status);
        q.bind(8, a.created_at);
        q.bind(9, a.created_by);
        q.exec();
        // The review fee is paid before the application is submitted (Wi-Fi: no
        // due rule stated, so no date).
        for (const rv::Fee& fee : rv::FeesFor(service->scheme, *kind)) {
          if (fee.kind == rv::FeeKind::kAnnualUsage) continue;  // falls due on a pass
          std::optional<Date> due;
          if (!fee.due_rule.empty()) due = ParseDate(a.application_date);
          InsertFee(db, a.id, fee, due, now);
        }
        return registry::WriteResult{ApplicationJson(db, a, JstDate(now)), true, false};
      });
}

Result<json> ReviewStore::GetApplication(const std::string& id) const {
  std::optional<json> out;
  Date today = JstDate(clock_.Now());
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    if (auto a = LoadApplicationRow(db, id)) out = ApplicationJson(db, *a, today);
    return Status{};
  });
  if (!st) return st.error();
  if (!out) return Error::Make(ErrorCode::kNotFound, "no application " + id);
  return std::move(*out);
}

Result<json> ReviewStore::ListApplications(const std::string& service_id) const {
  json items = json::array();
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db,
                        "SELECT a.id, a.service_id, a.kind, a.first_review_body, a.session, a.application_date, "
                        "a.status, a.created_at, s.name, s.name_en, s.scheme FROM applications a "
                        "JOIN services s ON s.id = a.service_id WHERE (? = '' OR a.service_id = ?) "
                        "ORDER BY a.created_at DESC, a.rowid DESC LIMIT 500");
    q.bind(1, service_id);
    q.bind(2, service_id);
    while (q.executeStep()) {
      std::string body = q.getColumn(3).getString();
      items.push_back({{"id", q.getColumn(0).getString()},
                       {"service_id", q.getColumn(1).getString()},
                       {"kind", q.getColumn(2).getString()},
                       {"first_review_body", std::string(FirstReviewBodyName(body.empty() ? 'J' : body[0]))},
                       {"session", q.getColumn(4).getString()},
                       {"application_date", q.getColumn(5).getString()},
                       {"status", q.getColumn(6).getString()},
                       {"created_at", q.getColumn(7).getString()},
                       {"service_name", q.getColumn(8).getString()},
                       {"service_name_en", q.getColumn(9).getString()},
                       {"scheme", q.getColumn(10).getString()}});
    }
    return Status{};
  });
  if (!st) return st.error();
  return items;
}

}  // namespace mark::review_records
