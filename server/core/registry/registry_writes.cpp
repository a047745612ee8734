// Registry: the write side. Each public method is one transaction through
// Mutate(): storage/audited_write.h's AuditedWrite (idempotency keys, the
// audit trail) with the registry's steps around the body.
#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <algorithm>

#include "common/json_text.h"
#include "storage/audit.h"
#include "storage/audited_write.h"
#include "registry/entity_fields.h"
#include "registry/field_reader.h"
#include "registry/identifiers.h"
#include "storage/lookalike_keys.h"
#include "registry/ids.h"
#include "registry/json_mapping.h"
#include "registry/mark_number.h"
#include "registry/outbox.h"
#include "storage/query.h"
#include "registry/reason_codes.h"
#include "registry/registry.h"
#include "registry/registry_state.h"
#include "review/review_basis.h"
#include "storage/rows.h"
#include "registry/search_index.h"
#include "tlog/transparency_log.h"
#include "registry/validation.h"
#include "registry/validity.h"
#include "registry/write_steps.h"

namespace mark::registry {

using nlohmann::json;

namespace {

struct Reason {
  std::string text;
  std::string code;
};

template <size_t N>
bool OneOf(const std::string& v, const char* const (&set)[N]) {
  return std::find_if(std::begin(set), std::end(set), [&](const char* k) { return v == k; }) != std::end(set);
}

// "accept_provisional": true rests a change on a provisional review (review/review_basis.h).
bool ReadAcceptProvisional(const json& body, FieldReader& r) {
  if (!body.is_object() || !body.contains("accept_provisional")) return false;
  const json& v = body["accept_provisional"];
  if (!v.is_boolean()) {
    r.Add("accept_provisional", "must be true or false");
    return false;
  }
  return v.get<bool>();
}

// Which codes a reason may carry: a return's own, or the sanctions' (a
// revocation refusing the ends that are no sanction).
enum class ReasonFor { kSuspendOrReinstate, kRevoke, kReturn };

Result<Reason> ReadReason(const json& body, const std::string& number, ReasonFor what) {
  FieldReader r(body, {"reason", "reason_code"});
  std::string code = "unspecified";
  if (auto c = r.String("reason_code", false)) {
    if (*c == "superseded" && what != ReasonFor::kReturn) {
      r.Add("reason_code",
            "superseded is not a reason to withdraw a mark: a certificate is superseded by a newer "
            "one of its mark (re-issue or renew it); give another reason code");
    } else if (what == ReasonFor::kReturn) {
      if (!OneOf(*c, kReturnCodes))
        r.Add("reason_code", "must be one of service_ended, holder_request, business_transferred, unspecified");
      else
        code = *c;
    } else if (what == ReasonFor::kRevoke && OneOf(*c, kReturnNotRevoke)) {
      r.Add("reason_code", *c +
                               " is not a sanction: a mark whose service ended or whose holder gives it up is "
                               "returned, not revoked: POST /api/v1/marks/" +
                               number +
                               "/return with reason_code service_ended, holder_request or business_transferred");
    } else if (!OneOf(*c, kReasonCodes)) {
      r.Add("reason_code",
            "must be one of unspecified, misrepresentation, non_payment, review_failed, "
            "security_incident, ceased_operation, operator_request");
    } else {
      code = *c;
    }
  }
  std::string reason = ReadReasonText(r, "reason", true);
  if (!r.ok()) return r.ToError();
  return Reason{reason, code};
}

}  // namespace

Result<std::pair<long long, long long>> IssueAndStore(SQLite::Database& db, const CertificateIssuer& issuer,
                                                      const std::string& number, Instant now) {
  auto view = storage::LoadMarkView(db, number);
  if (!view) return Error::Make(ErrorCode::kInternal, "mark vanished inside its own transaction");
  view->status = StatusAt(view->mark, now);
  auto cert = issuer.Issue(*view, now);
  if (!cert) return cert.error();
  // The log entry first, so the certificate row is complete when inserted:
  // certificates refuse every UPDATE (migration 7).
  long long log_index = tlog::AppendLogEntry(db,
                                             {{"type", "certificate"},
                                              {"number", number},
                                              {"kid", cert->kid},
                                              {"certificate", cert->jws},
                                              {"at", FormatInstant(now)}},
                                             now);
  storage::Query ins(db,
                     "INSERT INTO certificates (number, kid, jws, payload, issued_at, not_before, expires, log_index) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins->bind(1, number);
  ins->bind(2, cert->kid);
  ins->bind(3, cert->jws);
  ins->bind(4, cert->payload);
  ins->bind(5, FormatInstant(now));
  ins->bind(6, FormatInstant(cert->not_before));
  ins->bind(7, FormatInstant(cert->expires));
  ins->bind(8, static_cast<int64_t>(log_index));
  ins->exec();
  long long cert_id = db.getLastInsertRowid();
  storage::Query cur(db, "UPDATE marks SET current_certificate_id = ? WHERE number = ?");
  cur->bind(1, static_cast<int64_t>(cert_id));
  cur->bind(2, number);
  cur->exec();
  return std::make_pair(cert_id, log_index);
}

void InsertEvent(SQLite::Database& db, const std::string& number, const std::string& kind, Instant at,
                 const std::string& actor, const std::string& reason, Date from, Date until,
                 std::optional<long long> cert_id, std::optional<long long> log_index) {
  storage::Query q(db,
                   "INSERT INTO mark_events (number, kind, at, actor, reason, valid_from, valid_until, "
                   "certificate_id, log_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, number);
  q->bind(2, kind);
  q->bind(3, FormatInstant(at));
  q->bind(4, actor);
  q->bind(5, reason);
  q->bind(6, FormatDate(from));
  q->bind(7, FormatDate(until));
  if (cert_id)
    q->bind(8, static_cast<int64_t>(*cert_id));
  else
    q->bind(8);
  if (log_index)
    q->bind(9, static_cast<int64_t>(*log_index));
  else
    q->bind(9);
  q->exec();
}

void StoreContacts(SQLite::Database& db, const std::string& operator_id, const std::vector<Contact>& contacts) {
  storage::Query del(db, "DELETE FROM operator_contacts WHERE operator_id = ?");
  del->bind(1, operator_id);
  del->exec();
  storage::Query q(db, "INSERT INTO operator_contacts (operator_id, position, role, email) VALUES (?, ?, ?, ?)");
  for (size_t i = 0; i < contacts.size(); ++i) {
    q->bind(1, operator_id);
    q->bind(2, static_cast<int>(i));
    q->bind(3, contacts[i].role);
    q->bind(4, contacts[i].email);
    q->exec();
    q->reset();
  }
}

Result<WriteResult> Registry::Mutate(const std::string& action, const std::string& target, const WriteRequest& req,
                                     const storage::WriteBody& body) {
  if (log_) {
    // At start-up the log is still being checked (markd): writes wait for it.
    if (Status ready = log_->Ready(); !ready) return ready.error();
  }
  const Instant now = clock_.Now();
  long long events_before = 0;
  storage::WriteSteps steps;
  steps.before = [&](SQLite::Database& db) -> Status {
    // Nothing is stamped earlier than a change already made (clock_watch.h).
    if (Status admitted = AdmitChange(db, now); !admitted) return admitted;
    events_before = LastMarkEventId(db);
    return Status{};
  };
  steps.after = [&](SQLite::Database& db) -> Status {
    // The notices this change causes are written with it (outbox.h): a
    // change is never committed without them.
    EnqueueEventNotices(db, events_before, now, config_.public_url);
    return log_ ? log_->BeforeCommit(db, now) : Status{};
  };
  steps.finished = [&](bool committed) {
    if (log_) log_->AfterTransaction(committed);
  };
  return storage::AuditedWrite(db_, now, action, target, req, body, steps);
}

Result<WriteResult> Registry::CreateOperator(const json& body, const WriteRequest& req) {
  FieldReader r(body, {"name", "name_en", "corporate_number", "website", "contacts"});
  OperatorFields f = ReadOperatorFields(r, body, Presence::kRequired);
  if (!r.ok()) return r.ToError();
  Operator op;
  op.id = NewId("op_");
  op.name = *f.name;
  op.name_en = *f.name_en;
  op.corporate_number = f.corporate_number.value_or("");
  op.website = *f.website;
  const std::vector<Contact> contacts = f.contacts.value_or(std::vector<Contact>{});
  Instant now = clock_.Now();
  return Mutate("operator.create", "", req, [&](SQLite::Database& db) -> Result<WriteResult> {
    if (!op.corporate_number.empty()) {
      storage::Query dup(db, "SELECT id FROM operators WHERE corporate_number = ?");
      dup->bind(1, op.corporate_number);
      if (dup->executeStep())
        return Error{ErrorCode::kConflict,
                     "an operator with this corporate number exists: " + dup->getColumn(0).getString(),
                     {{"corporate_number", "is already registered"}}};
    }
    storage::Query q(db,
                     "INSERT INTO operators (id, name, name_en, corporate_number, website, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, op.id);
    q->bind(2, op.name);
    q->bind(3, op.name_en);
    q->bind(4, op.corporate_number);
    q->bind(5, op.website);
    q->bind(6, FormatInstant(now));
    q->exec();
    storage::StoreNameKeys(db, storage::NameOwner::kOperator, op.id, op.id, op.name, op.name_en, now);
    StoreContacts(db, op.id, contacts);
    json out = OperatorJson(op);
    out["contacts"] = ContactsJson(contacts);
    return WriteResult{std::move(out), true, false};
  });
}

Result<WriteResult> Registry::CreateService(const json& body, const WriteRequest& req) {
  FieldReader r(body, {"operator_id", "scheme", "name", "name_en", "domains", "ssids", "venues", "shared"});
  Service s;
  if (auto v = r.String("operator_id", true)) s.operator_id = *v;
  ServiceFields f = ReadServiceFields(r, body, Presence::kRequired);
  const std::vector<SharedDomain> shared = f.shared.value_or(std::vector<SharedDomain>{});
  if (r.ok()) {
    s.scheme = *f.scheme;
    s.name = *f.name;
    s.name_en = *f.name_en;
    s.domains = *f.domains;
    s.ssids = *f.ssids;
    s.venues = *f.venues;
    CheckService(r, s, shared);
  }
  if (!r.ok()) return r.ToError();
  s.id = NewId("svc_");
  Instant now = clock_.Now();
  return Mutate("service.create", "", req, [&](SQLite::Database& db) -> Result<WriteResult> {
    if (!storage::LoadOperator(db, s.operator_id))
      return Error{ErrorCode::kInvalid, "no operator " + s.operator_id, {{"operator_id", "names no operator"}}};
    if (Status claims = CheckDomainClaims(db, s.operator_id, s.domains, {}, shared); !claims) return claims.error();
    storage::Query q(
        db, "INSERT INTO services (id, operator_id, scheme, name, name_en, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, s.id);
    q->bind(2, s.operator_id);
    q->bind(3, std::string(ToString(s.scheme)));
    q->bind(4, s.name);
    q->bind(5, s.name_en);
    q->bind(6, FormatInstant(now));
    q->exec();
    storage::StoreNameKeys(db, storage::NameOwner::kService, s.id, s.operator_id, s.name, s.name_en, now);
    StoreServiceLists(db, s);
    StoreSearchKeys(db, s.id);
    StoreSharedDomains(db, s.id, shared, now, req.actor.name);
    json out = ServiceJson(s);
    if (!shared.empty()) out["shared"] = SharedDomainsJson(shared);
    return WriteResult{std::move(out), true, false};
  });
}

Result<WriteResult> Registry::Grant(const json& body, const WriteRequest& req) {
  FieldReader r(body, {"service_id", "first_review_body", "valid_from", "basis", "number", "note", "review_id",
                       "accept_provisional"});
  std::string service_id;
  char letter = 'J';
  Instant now = clock_.Now();
  Date from = JstDate(now);
  std::optional<MarkNumber> imported;
  std::string note;
  if (auto v = r.String("service_id", true)) service_id = *v;
  // A grant rests on a passed review or on an import (review/review_basis.h); the
  // review's application names the first review body when the body does not.
  auto review_id = r.String("review_id", false);
  bool accept_provisional = ReadAcceptProvisional(body, r);
  std::optional<std::string> body_name = r.String("first_review_body", !review_id);
  if (body_name) {
    if (auto b = ParseFirstReviewBody(*body_name))
      letter = *b;
    else
      r.Add("first_review_body", "must be JAIPA, TELESA or TCA (or J, T, D)");
  }
  if (auto v = r.String("valid_from", false)) {
    if (auto d = ParseDate(*v))
      from = *d;
    else
      r.Add("valid_from", "must be a date YYYY-MM-DD");
  }
  auto basis = r.String("basis", false);
  if (basis && *basis != "import") r.Add("basis", "must be \"import\" (a mark granted before this system)");
  if (basis && review_id) r.Add("basis", "give either review_id or \"basis\": \"import\", not both");
  if (auto v = r.String("number", false)) {
    if (!basis)
      r.Add("number", "is only given with \"basis\": \"import\"; new numbers are allocated");
    else if (auto n = ParseMarkNumber(*v))
      imported = *n;
    else
      r.Add("number", "must be a mark number such as J0072 (J, T or D and at least four digits)");
  } else if (basis) {
    r.Add("number", "is required when importing a mark");
  }
  note = ReadReasonText(r, "note", false);
  if (imported && imported->body != letter) r.Add("number", "its letter does not match first_review_body");
  if (!r.ok()) return r.ToError();
  Date until = OneYearUntil(from);
  return Mutate(imported ? "mark.import" : "mark.grant", "", req, [&](SQLite::Database& db) -> Result<WriteResult> {
    if (!storage::LoadService(db, service_id))
      return Error{ErrorCode::kInvalid, "no service " + service_id, {{"service_id", "names no service"}}};
    std::optional<review::ReviewBasis> review_basis;
    if (!imported && !review_id) return Error::Make(ErrorCode::kConflict, review::NoBasisMessage(review::Kind::kNew));
    if (review_id) {
      auto b = review::CheckReviewBasis(db, *review_id, service_id, review::Kind::kNew, accept_provisional);
      if (!b) return b.error();
      if (!body_name)
        letter = b->first_review_body;
      else if (letter != b->first_review_body)
        return Error{ErrorCode::kInvalid,
                     "first_review_body differs from the review's application",
                     {{"first_review_body", "differs from the application's (" +
                                                std::string(FirstReviewBodyName(b->first_review_body)) + ")"}}};
      review_basis = std::move(*b);
      auto refusals = review::CheckGround(review_basis->facts, JstDate(now), from);
      if (!refusals.empty())
        return review::RefusalError("the grant on review " + *review_id + " is refused by the council's rules",
                                    refusals);
    }
    storage::Query held(db, "SELECT number, state FROM marks WHERE service_id = ?");
    held->bind(1, service_id);
    if (held->executeStep()) {
      const std::string held_number = held->getColumn(0).getString();
      const bool active = held->getColumn(1).getString() == "active";
      held->reset();
      auto old = storage::LoadMark(db, held_number);
      if (!old) return Error::Make(ErrorCode::kInternal, "mark " + held_number + " vanished inside its transaction");
      // One mark per service. A mark whose renewal window closed is granted
      // again on a new application's review, keeping its number.
      if (!review_basis || !active || !LapsedPastWindow(*old, JstDate(now))) {
        const RenewalWindowDates w = RenewalWindow(*old);
        return Error::Make(ErrorCode::kConflict, "service " + service_id + " already holds mark " + held_number +
                                                     " (one mark per service; renew it instead, inside its renewal "
                                                     "window " +
                                                     FormatDate(w.opens) + " to " + FormatDate(w.closes) + ")");
      }
      if (Status certified = RequireCertified(db, held_number, Keys(&verified_)); !certified) return certified.error();
      storage::Query u(db,
                       "UPDATE marks SET valid_from = ?, valid_until = ?, first_review_date = ?, version = version + 1 "
                       "WHERE number = ?");
      u->bind(1, FormatDate(from));
      u->bind(2, FormatDate(until));
      u->bind(3, FormatDate(review_basis->facts.application_date));
      u->bind(4, held_number);
      u->exec();
      auto issued = IssueAndStore(db, issuer_, held_number, now);
      if (!issued) return issued.error();
      review::RecordReviewUse(db, *review_basis, held_number, "grant", now);
      InsertEvent(db, held_number, "granted", now, req.actor.name,
                  review::BasisReason(*review_basis, note) + " (granted again: the year ending " +
                      FormatDate(old->valid_until) + " lapsed past its renewal window)",
                  from, until, issued->first, issued->second);
      auto view = storage::LoadMarkView(db, held_number);
      view->status = StatusAt(view->mark, now);
      return WriteResult{MarkJson(*view), true, false};
    }
    MarkNumber number{letter, 0};
    if (imported) {
      number = *imported;
      storage::Query taken(db, "SELECT number FROM marks WHERE serial = ?");
      taken->bind(1, static_cast<int64_t>(number.serial));
      if (taken->executeStep())
        return Error{ErrorCode::kConflict,
                     "serial already used by " + taken->getColumn(0).getString(),
                     {{"number", "its serial is already used by " + taken->getColumn(0).getString()}}};
    } else {
      // Serials are shared by all bodies and never reused, also not those
      // of a registry before `registry new` or of an accepted rollback (the
      // serial floor, registry_state.h); the writer lock makes MAX+1
      // race-free.
      number.serial = HighestSerial(db) + 1;
    }
    std::string num = FormatMarkNumber(number);
    storage::Query ins(db,
                       "INSERT INTO marks (number, serial, service_id, first_review_body, valid_from, valid_until, "
                       "granted_at, state, imported, first_review_date) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)");
    ins->bind(1, num);
    ins->bind(2, static_cast<int64_t>(number.serial));
    ins->bind(3, service_id);
    ins->bind(4, std::string(1, letter));
    ins->bind(5, FormatDate(from));
    ins->bind(6, FormatDate(until));
    ins->bind(7, FormatInstant(now));
    ins->bind(8, imported ? 1 : 0);
    // The renewal-due month follows the first review (registry/validity.h);
    // an import's own first review is not on record, so its valid_from stands in.
    ins->bind(9, FormatDate(review_basis ? review_basis->facts.application_date : from));
    ins->exec();
    auto issued = IssueAndStore(db, issuer_, num, now);
    if (!issued) return issued.error();
    if (review_basis) review::RecordReviewUse(db, *review_basis, num, "grant", now);
    InsertEvent(db, num, imported ? "imported" : "granted", now, req.actor.name,
                review_basis ? review::BasisReason(*review_basis, note) : note, from, until, issued->first,
                issued->second);
    auto view = storage::LoadMarkView(db, num);
    view->status = StatusAt(view->mark, now);
    return WriteResult{MarkJson(*view), true, false};
  });
}

namespace {

// The mark `number` as a change finds it: a revoked or returned mark takes
// no change at all.
Result<Mark> LoadChangeableMark(SQLite::Database& db, const std::string& number) {
  auto mark = storage::LoadMark(db, number);
  if (!mark) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  if (mark->revoked)
    return Error::Make(ErrorCode::kConflict, "mark " + number + " was revoked; revocation is permanent");
  if (mark->returned)
    return Error::Make(ErrorCode::kConflict,
                       "mark " + number + " was returned; a return is permanent (a new grant gives a new mark)");
  return *mark;
}

// A status change's row update: the state, when, the public reason and its
// code, and a new version.
void UpdateMarkState(SQLite::Database& db, const std::string& number, const char* sql, Instant now,
                     const std::string& reason, const std::string& reason_code) {
  storage::Query u(db, sql);
  u->bind(1, FormatInstant(now));
  u->bind(2, reason);
  u->bind(3, reason_code);
  u->bind(4, number);
  u->exec();
}

}  // namespace

Result<WriteResult> Registry::Suspend(const std::string& n, const json& b, const WriteRequest& r) {
  return ChangeStatus(StatusChange::kSuspend, n, b, r);
}
Result<WriteResult> Registry::Reinstate(const std::string& n, const json& b, const WriteRequest& r) {
  return ChangeStatus(StatusChange::kReinstate, n, b, r);
}
Result<WriteResult> Registry::Revoke(const std::string& n, const json& b, const WriteRequest& r) {
  return ChangeStatus(StatusChange::kRevoke, n, b, r);
}
Result<WriteResult> Registry::Return(const std::string& n, const json& b, const WriteRequest& r) {
  return ChangeStatus(StatusChange::kReturn, n, b, r);
}

Result<WriteResult> Registry::Renew(const std::string& number, const json& body, const WriteRequest& req) {
  // A renewal rests on a passed renewal review, or on "basis": "import" for a
  // renewal decided on paper (review/review_basis.h); it takes a note, no reason.
  const json& b = body.is_null() ? json::object() : body;
  FieldReader r(b, {"note", "review_id", "basis", "accept_provisional"});
  std::string reason = ReadReasonText(r, "note", false);
  const std::optional<std::string> review_id = r.String("review_id", false);
  const std::optional<std::string> basis = r.String("basis", false);
  const bool accept_provisional = ReadAcceptProvisional(b, r);
  if (basis && *basis != "import") r.Add("basis", "must be \"import\" (a renewal decided on paper)");
  if (basis && review_id) r.Add("basis", "give either review_id or \"basis\": \"import\", not both");
  if (!r.ok()) return r.ToError();
  const Instant now = clock_.Now();
  return Mutate("mark.renew", number, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto mark = LoadChangeableMark(db, number);
    if (!mark) return mark.error();
    if (!review_id && !basis) return Error::Make(ErrorCode::kConflict, review::NoBasisMessage(review::Kind::kRenewal));
    // Every basis, paper included, renews only inside the window of the
    // mark's current year; a review's application also meets the council's
    // rules. All that fails is answered at once.
    std::vector<review::Refusal> refusals;
    if (auto outside = OutsideRenewalWindow(*mark, JstDate(now))) refusals.push_back({"renewal_window", *outside});
    std::optional<review::ReviewBasis> rb;
    if (review_id) {
      auto checked =
          review::CheckReviewBasis(db, *review_id, mark->service_id, review::Kind::kRenewal, accept_provisional);
      if (!checked) return checked.error();
      rb = std::move(*checked);
      for (auto& refusal : review::CheckGround(rb->facts, JstDate(now), std::nullopt))
        refusals.push_back(std::move(refusal));
    }
    if (!refusals.empty())
      return review::RefusalError("the renewal of mark " + number + " is refused by the council's rules", refusals);
    std::string event_reason = reason;
    if (rb) {
      review::RecordReviewUse(db, *rb, number, "renew", now);
      event_reason = review::BasisReason(*rb, reason);
    } else {
      event_reason = reason.empty() ? "imported renewal (decided on paper)" : "imported renewal: " + reason;
    }
    if (Status certified = RequireCertified(db, number, Keys(&verified_)); !certified) return certified.error();
    const Period p = RenewedPeriod(*mark);
    storage::Query u(db, "UPDATE marks SET valid_from = ?, valid_until = ?, version = version + 1 WHERE number = ?");
    u->bind(1, FormatDate(p.from));
    u->bind(2, FormatDate(p.until));
    u->bind(3, number);
    u->exec();
    auto issued = IssueAndStore(db, issuer_, number, now);
    if (!issued) return issued.error();
    InsertEvent(db, number, "renewed", now, req.actor.name, event_reason, p.from, p.until, issued->first,
                issued->second);
    auto view = storage::LoadMarkView(db, number);
    view->status = StatusAt(view->mark, now);
    return WriteResult{MarkJson(*view), false, false};
  });
}

Result<WriteResult> Registry::ChangeStatus(StatusChange change, const std::string& number, const json& body,
                                           const WriteRequest& req) {
  auto rr = ReadReason(body, number,
                       change == StatusChange::kReturn   ? ReasonFor::kReturn
                       : change == StatusChange::kRevoke ? ReasonFor::kRevoke
                                                         : ReasonFor::kSuspendOrReinstate);
  if (!rr) return rr.error();
  const std::string reason = rr->text, reason_code = rr->code;
  static const char* kActions[] = {"mark.suspend", "mark.reinstate", "mark.revoke", "mark.return"};
  const Instant now = clock_.Now();
  return Mutate(kActions[static_cast<int>(change)], number, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto mark = LoadChangeableMark(db, number);
    if (!mark) return mark.error();
    std::string kind;
    switch (change) {
      case StatusChange::kSuspend:
        if (mark->suspended) return Error::Make(ErrorCode::kConflict, "mark " + number + " is already suspended");
        UpdateMarkState(db, number,
                        "UPDATE marks SET state = 'suspended', suspended_at = ?, suspension_reason = ?, "
                        "suspension_code = ?, version = version + 1 WHERE number = ?",
                        now, reason, reason_code);
        kind = "suspended";
        break;
      case StatusChange::kReinstate: {
        if (!mark->suspended) return Error::Make(ErrorCode::kConflict, "mark " + number + " is not suspended");
        storage::Query u(
            db,
            "UPDATE marks SET state = 'active', suspended_at = NULL, suspension_reason = '', suspension_code = '', "
            "version = version + 1 WHERE number = ?");
        u->bind(1, number);
        u->exec();
        kind = "reinstated";
        break;
      }
      case StatusChange::kRevoke:
        UpdateMarkState(db, number,
                        "UPDATE marks SET state = 'revoked', revoked_at = ?, revocation_reason = ?, "
                        "revocation_code = ?, version = version + 1 WHERE number = ?",
                        now, reason, reason_code);
        kind = "revoked";
        break;
      case StatusChange::kReturn:
        UpdateMarkState(db, number,
                        "UPDATE marks SET state = 'returned', returned_at = ?, return_reason = ?, return_code = ?, "
                        "version = version + 1 WHERE number = ?",
                        now, reason, reason_code);
        kind = "returned";
        break;
    }
    const long long log_index = tlog::AppendLogEntry(db,
                                                     {{"type", "status"},
                                                      {"number", number},
                                                      {"status", kind},
                                                      {"reason", reason},
                                                      {"reason_code", reason_code},
                                                      {"at", FormatInstant(now)}},
                                                     now);
    InsertEvent(db, number, kind, now, req.actor.name, reason, mark->valid_from, mark->valid_until, std::nullopt,
                log_index);
    auto view = storage::LoadMarkView(db, number);
    view->status = StatusAt(view->mark, now);
    return WriteResult{MarkJson(*view), false, false};
  });
}

Result<WriteResult> Registry::Reissue(const std::string& number, const std::string& reason, const WriteRequest& req) {
  Instant now = clock_.Now();
  return Mutate("mark.reissue", number, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto mark = storage::LoadMark(db, number);
    if (!mark) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
    // The mark itself is unchanged; its version moves because its current
    // certificate (and log_index) does.
    storage::Query u(db, "UPDATE marks SET version = version + 1 WHERE number = ?");
    u->bind(1, number);
    u->exec();
    auto issued = IssueAndStore(db, issuer_, number, now);
    if (!issued) return issued.error();
    InsertEvent(db, number, "reissued", now, req.actor.name, reason, mark->valid_from, mark->valid_until, issued->first,
                issued->second);
    auto view = storage::LoadMarkView(db, number);
    view->status = StatusAt(view->mark, now);
    return WriteResult{MarkJson(*view), false, false};
  });
}

Result<long long> Registry::ReissueAll(const std::vector<std::string>& numbers, const std::string& reason,
                                       const WriteRequest& req) {
  // One commit (and fsync) per thousand: a new issuer for 100,000 marks
  // takes seconds, not the minutes of one commit each.
  constexpr size_t kBatch = 1000;
  // Wait for the log here, not inside the batch: its start-up load needs
  // the writer that the batch holds.
  if (log_) {
    if (Status ready = log_->Ready(); !ready) return ready.error();
  }
  long long done = 0;
  for (size_t start = 0; start < numbers.size(); start += kBatch) {
    const size_t end = std::min(numbers.size(), start + kBatch);
    long long in_batch = 0;
    Status st = db_.WriteBatch([&]() -> Status {
      for (size_t i = start; i < end; ++i) {
        auto r = Reissue(numbers[i], reason, req);
        if (!r) return r.error();
        ++in_batch;
      }
      return Status{};
    });
    if (!st) return st.error();
    done += in_batch;
  }
  return done;
}

}  // namespace mark::registry
