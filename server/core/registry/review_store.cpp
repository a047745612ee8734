// ReviewStore: storage of criteria sets, applications, reviews, diagnoses
// and fees (see review_store.h). SQL lives here, bound parameters only.
#include "registry/review_store.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "common/json_text.h"
#include "registry/field_reader.h"
#include "registry/ids.h"
#include "registry/json_mapping.h"
#include "registry/mark_number.h"
#include "review/review_basis.h"
#include "storage/rows.h"
#include "registry/validation.h"
#include "registry/validity.h"
#include "review/diagnosis.h"
#include "review/grant_rules.h"

namespace mark::registry {

using nlohmann::json;
namespace rv = mark::review;

namespace {

constexpr size_t kMaxNotesBytes = 20000;
constexpr size_t kMaxWaiveReasonBytes = 1000;

std::optional<Date> DateColumn(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return ParseDate(c.getString());
}

// Stored JSON is ours (written by this file), but a damaged file must not
// crash a read: it shows as null.
json StoredJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

json CriteriaSummary(const rv::CriteriaSet& set) {
  json kinds = json::object();
  for (rv::Kind k : {rv::Kind::kNew, rv::Kind::kRenewal}) {
    const rv::KindRule& r = set.Rule(k);
    kinds[std::string(rv::ToString(k))] = {
        {"mandatory", r.mandatory}, {"points_max", r.points_max}, {"points_min", r.points_min}};
  }
  return {{"id", set.id},
          {"scheme", std::string(ToString(set.scheme))},
          {"complete", set.complete},
          {"title", set.title},
          {"title_en", set.title_en},
          {"rules", kinds},
          {"gates", set.gates},
          {"items", set.items.size()}};
}

Result<rv::CriteriaSet> LoadCriteriaIn(SQLite::Database& db, const std::string& id) {
  SQLite::Statement q(db, "SELECT json_text FROM criteria_sets WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep())
    return Error{ErrorCode::kInvalid, "no criteria set " + id, {{"criteria_id", "names no imported criteria set"}}};
  auto set = rv::ParseCriteriaSet(q.getColumn(0).getString());
  if (!set)
    return Error::Make(ErrorCode::kInternal, "stored criteria set " + id + " no longer parses: " + set.error().message);
  return set;
}

struct ApplicationRow {
  std::string id, service_id, kind, body, session, application_date, status, created_at, created_by;
};

std::optional<ApplicationRow> LoadApplicationRow(SQLite::Database& db, const std::string& id) {
  SQLite::Statement q(db,
                      "SELECT id, service_id, kind, first_review_body, session, application_date, status, created_at, "
                      "created_by FROM applications WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return ApplicationRow{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                        q.getColumn(6).getString(), q.getColumn(7).getString(), q.getColumn(8).getString()};
}

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

FeeRecord FeeRecordOf(SQLite::Statement& q) {
  FeeRecord f;
  f.id = q.getColumn(0).getString();
  f.kind = q.getColumn(1).getString();
  f.amount = q.getColumn(2).getInt64();
  f.due = DateColumn(q.getColumn(3));
  f.paid_on = DateColumn(q.getColumn(4));
  if (!q.getColumn(5).isNull()) f.waived_at = q.getColumn(5).getString();
  f.waived_by = q.getColumn(6).getString();
  f.waive_reason = q.getColumn(7).getString();
  return f;
}

rv::FeeState FeeStateOf(const std::optional<Date>& due, const std::optional<Date>& paid_on, bool waived, Date today) {
  if (paid_on) return rv::FeeState::kPaid;
  if (waived) return rv::FeeState::kWaived;
  return due ? rv::StateOfFee(*due, std::nullopt, today) : rv::FeeState::kDue;
}

json FeeJsonOf(const FeeRecord& f, Date today) {
  json waived = nullptr;
  if (f.waived_at) waived = {{"at", *f.waived_at}, {"by", f.waived_by}, {"reason", f.waive_reason}};
  return {{"id", f.id},
          {"kind", f.kind},
          {"amount_jpy", f.amount},
          {"due", f.due ? json(FormatDate(*f.due)) : json(nullptr)},
          {"paid_on", f.paid_on ? json(FormatDate(*f.paid_on)) : json(nullptr)},
          {"waived", std::move(waived)},
          {"state", std::string(rv::ToString(FeeStateOf(f.due, f.paid_on, f.waived_at.has_value(), today)))}};
}

// The fee `fee_id` inside a write, or not found.
Result<FeeRecord> LoadFeeRecord(SQLite::Database& db, const std::string& fee_id) {
  SQLite::Statement q(db, std::string(kFeeColumns) + "WHERE id = ?");
  q.bind(1, fee_id);
  if (!q.executeStep()) return Error::Make(ErrorCode::kNotFound, "no fee " + fee_id);
  return FeeRecordOf(q);
}

json ReviewJsonOf(SQLite::Statement& q) {
  // columns: id, application_id, criteria_id, answers, notes, decision, pass, provisional, decided_at, decided_by,
  // used_by
  json j = {{"id", q.getColumn(0).getString()},          {"application_id", q.getColumn(1).getString()},
            {"criteria_id", q.getColumn(2).getString()}, {"answers", StoredJson(q.getColumn(3).getString())},
            {"notes", q.getColumn(4).getString()},       {"decision", StoredJson(q.getColumn(5).getString())},
            {"pass", q.getColumn(6).getInt() != 0},      {"provisional", q.getColumn(7).getInt() != 0},
            {"decided_at", q.getColumn(8).getString()},  {"decided_by", q.getColumn(9).getString()}};
  j["used_for"] = q.getColumn(10).isNull() ? json(nullptr) : json(q.getColumn(10).getString());
  return j;
}

constexpr const char* kReviewColumns =
    "SELECT r.id, r.application_id, r.criteria_id, r.answers, r.notes, r.decision, r.pass, r.provisional, "
    "r.decided_at, r.decided_by, (SELECT number FROM review_uses u WHERE u.review_id = r.id) FROM reviews r ";

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
  if (auto s = LoadService(db, a.service_id)) {
    j["service"] = ServiceJson(*s);
    j["scheme"] = std::string(ToString(s->scheme));
    if (auto op = LoadOperator(db, s->operator_id)) j["operator"] = OperatorJson(*op);
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

void InsertFee(SQLite::Database& db, const std::string& application_id, const rv::Fee& fee, std::optional<Date> due,
               Instant now) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO fees (id, application_id, kind, amount, due, paid_on, created_at) "
                      "VALUES (?, ?, ?, ?, ?, NULL, ?)");
  q.bind(1, NewId("fee_"));
  q.bind(2, application_id);
  q.bind(3, std::string(rv::ToString(fee.kind)));
  q.bind(4, static_cast<int64_t>(fee.amount_jpy));
  if (due)
    q.bind(5, FormatDate(*due));
  else
    q.bind(5);
  q.bind(6, FormatInstant(now));
  q.exec();
}

// Answers as the API takes them: a JSON object (review/scoring.h form).
Result<std::string> AnswersText(const json& body) {
  auto it = body.find("answers");
  if (it == body.end() || it->is_null()) return std::string("{}");
  if (!it->is_object()) return Error::Invalid("answers", "must be an object from item id to answer");
  return it->dump();
}

// Prefixes answer field names with "answers." so the API names the JSON path.
Error AnswersError(Error e) {
  for (FieldError& f : e.fields) f.field = "answers." + f.field;
  return e;
}

}  // namespace

ReviewStore::ReviewStore(Registry& registry)
    : registry_(registry), db_(registry.database()), clock_(registry.clock()) {}

Result<WriteResult> ReviewStore::ImportCriteria(std::string_view json_text, const WriteRequest& req) {
  auto set = rv::ParseCriteriaSet(json_text);
  if (!set) return set.error();
  Instant now = clock_.Now();
  return registry_.WriteAudited("criteria.import", set->id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    SQLite::Statement old(db, "SELECT json_text FROM criteria_sets WHERE id = ?");
    old.bind(1, set->id);
    if (old.executeStep()) {
      json stored = json::parse(old.getColumn(0).getString(), nullptr, false);
      json given = json::parse(json_text, nullptr, false);
      if (stored != given)
        return Error{ErrorCode::kConflict,
                     "criteria set " + set->id +
                         " is already imported with different content; "
                         "give the new version a new id",
                     {{"id", "is already imported with different content"}}};
      return WriteResult{CriteriaSummary(*set), false, false};
    }
    SQLite::Statement q(db,
                        "INSERT INTO criteria_sets (id, scheme, complete, json_text, imported_at, imported_by) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, set->id);
    q.bind(2, std::string(ToString(set->scheme)));
    q.bind(3, set->complete ? 1 : 0);
    q.bind(4, std::string(json_text));
    q.bind(5, FormatInstant(now));
    q.bind(6, req.actor.name);
    q.exec();
    json j = CriteriaSummary(*set);
    j["imported_at"] = FormatInstant(now);
    j["imported_by"] = req.actor.name;
    return WriteResult{std::move(j), true, false};
  });
}

Result<json> ReviewStore::ListCriteria() const {
  json items = json::array();
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db, "SELECT json_text, imported_at, imported_by FROM criteria_sets ORDER BY imported_at, id");
    while (q.executeStep()) {
      auto set = rv::ParseCriteriaSet(q.getColumn(0).getString());
      if (!set) return Error::Make(ErrorCode::kInternal, "a stored criteria set no longer parses");
      json j = CriteriaSummary(*set);
      j["imported_at"] = q.getColumn(1).getString();
      j["imported_by"] = q.getColumn(2).getString();
      items.push_back(std::move(j));
    }
    return Status{};
  });
  if (!st) return st.error();
  return items;
}

Result<rv::CriteriaSet> ReviewStore::LoadCriteria(const std::string& id) const {
  std::optional<Result<rv::CriteriaSet>> out;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    out = LoadCriteriaIn(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!*out && out->error().code == ErrorCode::kInvalid)
    return Error::Make(ErrorCode::kNotFound, "no criteria set " + id);
  return std::move(*out);
}

Result<WriteResult> ReviewStore::CreateApplication(const json& body, const WriteRequest& req) {
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
  return registry_.WriteAudited("application.create", "", req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto service = LoadService(db, a.service_id);
    if (!service) return Error{ErrorCode::kInvalid, "no service " + a.service_id, {{"service_id", "names no service"}}};
    SQLite::Statement m(db, "SELECT number, state FROM marks WHERE service_id = ?");
    m.bind(1, a.service_id);
    bool holds = m.executeStep();
    if (*kind == rv::Kind::kNew && holds) {
      // A mark whose renewal window closed is granted again only on a new
      // application; any other held mark is renewed.
      const std::string number = m.getColumn(0).getString();
      const bool active = m.getColumn(1).getString() == "active";
      auto held = LoadMark(db, number);
      if (!active || !held || !LapsedPastWindow(*held, JstDate(now)))
        return Error::Make(ErrorCode::kConflict,
                           "service " + a.service_id + " already holds mark " + number + "; apply for renewal instead");
    }
    if (*kind == rv::Kind::kRenewal && !holds)
      return Error::Make(ErrorCode::kConflict, "service " + a.service_id + " holds no mark to renew; apply as new");
    SQLite::Statement q(db,
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
    return WriteResult{ApplicationJson(db, a, JstDate(now)), true, false};
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

Result<WriteResult> ReviewStore::RecordReview(const std::string& application_id, const json& body,
                                              const WriteRequest& req) {
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
  return registry_.WriteAudited("review.record", application_id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto a = LoadApplicationRow(db, application_id);
    if (!a) return Error::Make(ErrorCode::kNotFound, "no application " + application_id);
    auto service = LoadService(db, a->service_id);
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
      auto with_diagnosis = rv::ApplyDiagnosisTo211(given, LatestDiagnosis(db, application_id));
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
    return WriteResult{std::move(j), true, false};
  });
}

Result<WriteResult> ReviewStore::RecordDiagnosis(const std::string& application_id, const json& body,
                                                 const WriteRequest& req) {
  if (!body.is_object()) return Error::Invalid("", "the request body must be a JSON object");
  std::string text = JsonText(body);
  auto report = rv::ParseDiagnosisReport(text);
  if (!report) return report.error();
  Instant now = clock_.Now();
  std::string id = NewId("dg_");
  return registry_.WriteAudited(
      "diagnosis.record", application_id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
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
        return WriteResult{std::move(out), true, false};
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

Result<WriteResult> ReviewStore::PayFee(const std::string& fee_id, const json& body, const WriteRequest& req) {
  FieldReader r(body.is_null() ? json::object() : body, {"paid_on"});
  Instant now = clock_.Now();
  Date paid_on = JstDate(now);
  if (auto v = r.String("paid_on", false)) {
    if (auto d = ParseDate(*v))
      paid_on = *d;
    else
      r.Add("paid_on", "must be a date YYYY-MM-DD");
  }
  if (!r.ok()) return r.ToError();
  return registry_.WriteAudited("fee.pay", fee_id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto fee = LoadFeeRecord(db, fee_id);
    if (!fee) return fee.error();
    if (fee->paid_on)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was already paid on " + FormatDate(*fee->paid_on));
    if (fee->waived_at)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was waived at " + *fee->waived_at + " by " +
                                                   fee->waived_by + " (" + fee->waive_reason + "); nothing is due");
    SQLite::Statement u(db, "UPDATE fees SET paid_on = ? WHERE id = ?");
    u.bind(1, FormatDate(paid_on));
    u.bind(2, fee_id);
    u.exec();
    fee->paid_on = paid_on;
    return WriteResult{FeeJsonOf(*fee, JstDate(now)), false, false};
  });
}

Result<WriteResult> ReviewStore::WaiveFee(const std::string& fee_id, const json& body, const WriteRequest& req) {
  FieldReader r(body.is_null() ? json::object() : body, {"reason"});
  std::string reason;
  if (auto v = r.String("reason", true)) {
    auto norm = NormalizeProse("reason", *v, true, kMaxWaiveReasonBytes);
    if (!norm)
      r.Add(norm.error());
    else
      reason = *norm;
  }
  if (!r.ok()) return r.ToError();
  Instant now = clock_.Now();
  return registry_.WriteAudited("fee.waive", fee_id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto fee = LoadFeeRecord(db, fee_id);
    if (!fee) return fee.error();
    if (fee->paid_on)
      return Error::Make(ErrorCode::kConflict, "fee " + fee_id + " was already paid on " + FormatDate(*fee->paid_on) +
                                                   "; a paid fee cannot be waived");
    if (fee->waived_at)
      return Error::Make(ErrorCode::kConflict,
                         "fee " + fee_id + " was already waived at " + *fee->waived_at + " by " + fee->waived_by);
    SQLite::Statement u(db, "UPDATE fees SET waived_at = ?, waived_by = ?, waive_reason = ? WHERE id = ?");
    u.bind(1, FormatInstant(now));
    u.bind(2, req.actor.name);
    u.bind(3, reason);
    u.bind(4, fee_id);
    u.exec();
    fee->waived_at = FormatInstant(now);
    fee->waived_by = req.actor.name;
    fee->waive_reason = reason;
    return WriteResult{FeeJsonOf(*fee, JstDate(now)), false, false};
  });
}

Result<std::vector<RenewalRow>> ReviewStore::Renewals(int within_days) const {
  Instant now = clock_.Now();
  Date today = JstDate(now);
  std::vector<RenewalRow> rows;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(
        db,
        "SELECT m.number FROM marks m WHERE m.state NOT IN ('revoked', 'returned') AND m.valid_until <= ? "
        "ORDER BY m.valid_until, m.number");
    q.bind(1, FormatDate(AddDays(today, within_days)));
    while (q.executeStep()) {
      auto view = LoadMarkView(db, q.getColumn(0).getString());
      if (!view) continue;
      RenewalRow row;
      row.number = view->mark.number;
      row.scheme = view->service.scheme;
      row.status = StatusAt(view->mark, now);
      row.operator_name = view->op.name;
      row.operator_name_en = view->op.name_en;
      row.service_name = view->service.name;
      row.service_name_en = view->service.name_en;
      row.valid_from = view->mark.valid_from;
      row.valid_until = view->mark.valid_until;
      row.days_left = static_cast<int>((std::chrono::sys_days(row.valid_until) - std::chrono::sys_days(today)).count());
      row.renewal_due_month = rv::RenewalDueMonthOfYear(view->mark.first_review_date, CurrentYearStart(view->mark));
      row.next_session = rv::NextSession(row.renewal_due_month);
      const RenewalWindowDates window = RenewalWindow(view->mark);
      row.window_opens = window.opens;
      row.window_closes = window.closes;
      rows.push_back(std::move(row));
    }
    return Status{};
  });
  if (!st) return st.error();
  return rows;
}

Result<std::vector<FeeRow>> ReviewStore::Fees() const {
  Date today = JstDate(clock_.Now());
  std::vector<FeeRow> rows;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db,
                        "SELECT f.id, f.application_id, a.service_id, o.name, s.name, s.name_en, f.kind, f.amount, "
                        "f.due, f.paid_on, f.waived_at, f.waived_by, f.waive_reason FROM fees f "
                        "JOIN applications a ON a.id = f.application_id "
                        "JOIN services s ON s.id = a.service_id JOIN operators o ON o.id = s.operator_id "
                        "ORDER BY f.due IS NULL, f.due, f.rowid");
    while (q.executeStep()) {
      FeeRow row;
      row.id = q.getColumn(0).getString();
      row.application_id = q.getColumn(1).getString();
      row.service_id = q.getColumn(2).getString();
      row.operator_name = q.getColumn(3).getString();
      row.service_name = q.getColumn(4).getString();
      row.service_name_en = q.getColumn(5).getString();
      std::string kind = q.getColumn(6).getString();
      row.kind = kind == "new_review"       ? rv::FeeKind::kNewReview
                 : kind == "renewal_review" ? rv::FeeKind::kRenewalReview
                                            : rv::FeeKind::kAnnualUsage;
      row.amount_jpy = q.getColumn(7).getInt64();
      row.due = DateColumn(q.getColumn(8));
      row.paid_on = DateColumn(q.getColumn(9));
      if (!q.getColumn(10).isNull()) row.waived_at = q.getColumn(10).getString();
      row.waived_by = q.getColumn(11).getString();
      row.waive_reason = q.getColumn(12).getString();
      row.state = FeeStateOf(row.due, row.paid_on, row.waived_at.has_value(), today);
      rows.push_back(std::move(row));
    }
    return Status{};
  });
  if (!st) return st.error();
  return rows;
}

}  // namespace mark::registry
