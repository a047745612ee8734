// Registry: amendments (PATCH of a service or an operator). A certified fact
// that changes re-issues the current certificate of every affected mark in
// the same transaction, through the same IssueAndStore as grants and
// renewals, so the new certificate supersedes the old one.
#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "common/json_text.h"
#include "registry/entity_fields.h"
#include "registry/identifiers.h"
#include "storage/lookalike_keys.h"
#include "registry/json_mapping.h"
#include "storage/query.h"
#include "registry/registry.h"
#include "storage/rows.h"
#include "registry/search_index.h"
#include "tlog/transparency_log.h"
#include "registry/validity.h"
#include "registry/write_steps.h"

namespace mark::registry {

using nlohmann::json;

namespace {

// What an amendment does to one mark of the amended service or operator.
struct MarkPlan {
  enum class Action {
    kReissue,  // valid, not yet valid, suspended, or expired inside its renewal window
    kRecord,   // expired beyond its window: the history records the change, no certificate
    kKeep,     // revoked or returned: keeps its last certificate, nothing recorded
  };
  Mark mark;
  MarkStatus status = MarkStatus::kValid;
  Action action = Action::kReissue;
};

MarkPlan PlanFor(Mark mark, Instant now) {
  MarkPlan p;
  p.status = StatusAt(mark, now);
  switch (p.status) {
    case MarkStatus::kRevoked:
    case MarkStatus::kReturned: p.action = MarkPlan::Action::kKeep; break;
    case MarkStatus::kExpired:
      p.action = RenewalWindow(mark).Contains(JstDate(now)) ? MarkPlan::Action::kReissue : MarkPlan::Action::kRecord;
      break;
    default: p.action = MarkPlan::Action::kReissue; break;
  }
  p.mark = std::move(mark);
  return p;
}

// The marks held by the services of `operator_id` (all of them when
// `service_id` is empty, else that one), by serial.
std::vector<MarkPlan> PlanMarks(SQLite::Database& db, const std::string& operator_id, const std::string& service_id,
                                Instant now) {
  storage::Query q(db,
                   "SELECT m.number FROM marks m JOIN services s ON s.id = m.service_id "
                   "WHERE s.operator_id = ? AND (? = '' OR s.id = ?) ORDER BY m.serial");
  q->bind(1, operator_id);
  q->bind(2, service_id);
  q->bind(3, service_id);
  std::vector<std::string> numbers;
  while (q->executeStep()) numbers.push_back(q->getColumn(0).getString());
  std::vector<MarkPlan> out;
  for (const auto& n : numbers)
    if (auto m = storage::LoadMark(db, n)) out.push_back(PlanFor(std::move(*m), now));
  return out;
}

std::string_view WhyKept(const MarkPlan& p) {
  switch (p.action) {
    case MarkPlan::Action::kRecord:
      return "expired outside its renewal window: the change is recorded, no certificate is issued";
    case MarkPlan::Action::kKeep:
      return p.status == MarkStatus::kRevoked ? "revoked: keeps its last certificate"
                                              : "returned: keeps its last certificate";
    case MarkPlan::Action::kReissue: break;
  }
  return "";
}

json MarksJson(const std::vector<MarkPlan>& marks, bool certified) {
  json reissue = json::array(), unchanged = json::array();
  for (const MarkPlan& p : marks) {
    if (certified && p.action == MarkPlan::Action::kReissue)
      reissue.push_back(p.mark.number);
    else
      unchanged.push_back({{"number", p.mark.number},
                           {"status", ToString(p.status)},
                           {"why", certified ? std::string(WhyKept(p)) : "no certified fact changes"}});
  }
  return {{"reissue", reissue}, {"unchanged_marks", unchanged}};
}

// Every mark the plan re-issues shows what was certified: an amendment signs
// the rows as they stand and must not sign one added behind the registry's
// back (certified_facts.h).
Status RequireCertifiedToReissue(SQLite::Database& db, const std::vector<MarkPlan>& marks,
                                 const CertificateKeys& keys) {
  for (const MarkPlan& p : marks)
    if (p.action == MarkPlan::Action::kReissue)
      if (Status st = RequireCertified(db, p.mark.number, keys); !st) return st;
  return Status{};
}

// Records a certified change on each mark: version, history, log, and a new
// certificate where the plan says so. Returns the numbers re-issued.
Result<std::vector<std::string>> ApplyToMarks(SQLite::Database& db, const CertificateIssuer& issuer,
                                              const std::vector<MarkPlan>& marks,
                                              const std::vector<std::string>& changed, const std::string& reason,
                                              const std::string& actor, Instant now) {
  std::vector<std::string> reissued;
  for (const MarkPlan& p : marks) {
    const std::string& number = p.mark.number;
    storage::Query v(db, "UPDATE marks SET version = version + 1 WHERE number = ?");
    v->bind(1, number);
    v->exec();
    if (p.action == MarkPlan::Action::kKeep) continue;
    std::optional<long long> cert_id;
    if (p.action == MarkPlan::Action::kReissue) {
      auto issued = IssueAndStore(db, issuer, number, now);
      if (!issued) return issued.error();
      cert_id = issued->first;
      reissued.push_back(number);
    }
    long long log_index = tlog::AppendLogEntry(db,
                                               {{"type", "amendment"},
                                                {"number", number},
                                                {"changed", changed},
                                                {"reason", reason},
                                                {"reissued", cert_id.has_value()},
                                                {"at", FormatInstant(now)}},
                                               now);
    InsertEvent(db, number, "amended", now, actor, reason, p.mark.valid_from, p.mark.valid_until, cert_id, log_index);
  }
  return reissued;
}

std::string AuditDetail(const std::vector<std::string>& changed, const std::vector<std::string>& reissued,
                        const std::string& reason, const std::string& note) {
  json d = {{"changed", changed}, {"reissued", reissued}, {"reason", reason}};
  if (!note.empty()) d["note_internal"] = note;
  return JsonText(d);
}

// The parts of an amendment body besides the object's fields.
struct AmendmentText {
  std::string reason;  // public
  std::string note;    // internal
};
AmendmentText ReadAmendmentText(FieldReader& r) {
  AmendmentText t;
  t.reason = ReadReasonText(r, "reason", true);
  t.note = ReadReasonText(r, "note_internal", false);
  return t;
}

bool SameShared(const std::vector<SharedDomain>& a, const std::vector<SharedDomain>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SharedDomain& x, const SharedDomain& y) {
    return x.domain == y.domain && x.reason == y.reason;
  });
}

// ---- services ---------------------------------------------------------

struct ServiceAmendment {
  ServiceFields fields;
  AmendmentText text;
};

Result<ServiceAmendment> ReadServiceAmendment(const json& body) {
  FieldReader r(body, {"name", "name_en", "domains", "ssids", "venues", "shared", "reason", "note_internal",
                       "operator_id", "scheme"});
  ServiceAmendment a;
  a.fields = ReadServiceFields(r, body, Presence::kOptional);
  a.text = ReadAmendmentText(r);
  if (body.is_object() && body.contains("operator_id"))
    r.Add("operator_id",
          "a service does not move to another operator by amendment: return its mark "
          "(POST /api/v1/marks/{number}/return, reason_code business_transferred) and grant anew "
          "to a service of the new operator");
  if (body.is_object() && body.contains("scheme"))
    r.Add("scheme", "does not change by amendment: register a service of the other scheme");
  if (!r.ok()) return r.ToError();
  return a;
}

struct ServicePlan {
  Service before;
  Service after;
  std::vector<SharedDomain> shared_before;
  std::vector<SharedDomain> shared_after;
  std::vector<std::string> changed;  // field names, certified ones first
  bool certified = false;
  std::vector<MarkPlan> marks;
};

Result<ServicePlan> PlanService(SQLite::Database& db, const std::string& id, const ServiceFields& f, Instant now) {
  ServicePlan p;
  auto before = storage::LoadService(db, id);
  if (!before) return Error::Make(ErrorCode::kNotFound, "no service " + id);
  p.before = *before;
  p.marks = PlanMarks(db, before->operator_id, id, now);
  for (const MarkPlan& m : p.marks)
    if (m.action == MarkPlan::Action::kKeep)
      return Error::Make(ErrorCode::kConflict, "service " + id + " holds mark " + m.mark.number + ", which was " +
                                                   std::string(ToString(m.status)) +
                                                   "; its facts stay as certified (its last certificate stands)");
  Service& s = p.after;
  s = *before;
  if (f.name) s.name = *f.name;
  if (f.name_en) s.name_en = *f.name_en;
  if (f.domains) s.domains = *f.domains;
  if (f.ssids) s.ssids = *f.ssids;
  if (f.venues) s.venues = *f.venues;
  p.shared_before = LoadSharedDomains(db, id);
  if (f.shared) {
    p.shared_after = *f.shared;
  } else {
    // Declarations stay for the domains the service still holds.
    for (const SharedDomain& d : p.shared_before)
      if (std::find(s.domains.begin(), s.domains.end(), d.domain) != s.domains.end()) p.shared_after.push_back(d);
  }
  FieldReader r(json::object(), {});
  CheckService(r, s, p.shared_after);
  if (!r.ok()) return r.ToError();
  if (Status claims = CheckDomainClaims(db, s.operator_id, s.domains, before->domains, p.shared_after); !claims)
    return claims.error();
  if (s.name != before->name) p.changed.push_back("name");
  if (s.name_en != before->name_en) p.changed.push_back("name_en");
  if (s.domains != before->domains) p.changed.push_back("domains");
  if (s.ssids != before->ssids) p.changed.push_back("ssids");
  if (s.venues != before->venues) p.changed.push_back("venues");
  p.certified = !p.changed.empty();
  if (!SameShared(p.shared_before, p.shared_after)) p.changed.push_back("shared");
  if (p.certified) s.version = before->version + 1;
  return p;
}

json ServicePlanJson(const ServicePlan& p) {
  json out = ServiceJson(p.after);
  out["shared"] = SharedDomainsJson(p.shared_after);
  out["changed"] = p.changed;
  return out;
}

// ---- operators --------------------------------------------------------

struct OperatorAmendment {
  OperatorFields fields;
  AmendmentText text;
};

Result<OperatorAmendment> ReadOperatorAmendment(const json& body) {
  FieldReader r(body, {"name", "name_en", "corporate_number", "website", "contacts", "reason", "note_internal"});
  OperatorAmendment a;
  a.fields = ReadOperatorFields(r, body, Presence::kOptional);
  a.text = ReadAmendmentText(r);
  if (!r.ok()) return r.ToError();
  return a;
}

struct OperatorPlan {
  Operator before;
  Operator after;
  std::vector<Contact> contacts_before;
  std::vector<Contact> contacts_after;
  std::vector<std::string> changed;
  bool certified = false;
  std::vector<MarkPlan> marks;
};

Result<OperatorPlan> PlanOperator(SQLite::Database& db, const std::string& id, const OperatorFields& f, Instant now) {
  OperatorPlan p;
  auto before = storage::LoadOperator(db, id);
  if (!before) return Error::Make(ErrorCode::kNotFound, "no operator " + id);
  p.before = *before;
  Operator& op = p.after;
  op = *before;
  if (f.name) op.name = *f.name;
  if (f.name_en) op.name_en = *f.name_en;
  if (f.corporate_number) op.corporate_number = *f.corporate_number;
  if (f.website) op.website = *f.website;
  p.contacts_before = storage::LoadContacts(db, id);
  p.contacts_after = f.contacts.value_or(p.contacts_before);
  if (!op.corporate_number.empty() && op.corporate_number != before->corporate_number) {
    storage::Query dup(db, "SELECT id FROM operators WHERE corporate_number = ? AND id <> ?");
    dup->bind(1, op.corporate_number);
    dup->bind(2, id);
    if (dup->executeStep())
      return Error{ErrorCode::kConflict,
                   "an operator with this corporate number exists: " + dup->getColumn(0).getString(),
                   {{"corporate_number", "is already registered"}}};
  }
  if (op.name != before->name) p.changed.push_back("name");
  if (op.name_en != before->name_en) p.changed.push_back("name_en");
  if (op.corporate_number != before->corporate_number) p.changed.push_back("corporate_number");
  if (op.website != before->website) p.changed.push_back("website");
  p.certified = !p.changed.empty();
  const bool same_contacts =
      std::equal(p.contacts_before.begin(), p.contacts_before.end(), p.contacts_after.begin(), p.contacts_after.end(),
                 [](const Contact& a, const Contact& b) { return a.role == b.role && a.email == b.email; });
  if (!same_contacts) p.changed.push_back("contacts");
  if (p.certified) op.version = before->version + 1;
  p.marks = PlanMarks(db, id, "", now);
  return p;
}

json OperatorPlanJson(const OperatorPlan& p) {
  json out = OperatorJson(p.after);
  out["contacts"] = ContactsJson(p.contacts_after);
  out["changed"] = p.changed;
  return out;
}

}  // namespace

Result<WriteResult> Registry::AmendService(const std::string& id, const json& body, const WriteRequest& req) {
  auto a = ReadServiceAmendment(body);
  if (!a) return a.error();
  Instant now = clock_.Now();
  return Mutate("service.amend", id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto plan = PlanService(db, id, a->fields, now);
    if (!plan) return plan.error();
    const Service& s = plan->after;
    std::vector<std::string> reissued;
    if (plan->certified) {
      if (Status certified = RequireCertifiedToReissue(db, plan->marks, Keys(&verified_)); !certified)
        return certified.error();
      storage::Query u(db, "UPDATE services SET name = ?, name_en = ?, version = version + 1 WHERE id = ?");
      u->bind(1, s.name);
      u->bind(2, s.name_en);
      u->bind(3, id);
      u->exec();
      storage::StoreNameKeys(db, storage::NameOwner::kService, id, s.operator_id, s.name, s.name_en, now);
      StoreServiceLists(db, s);
      StoreSearchKeys(db, id);
      auto done = ApplyToMarks(db, issuer_, plan->marks, plan->changed, a->text.reason, req.actor.name, now);
      if (!done) return done.error();
      reissued = std::move(*done);
    }
    if (!SameShared(plan->shared_before, plan->shared_after))
      StoreSharedDomains(db, id, plan->shared_after, now, req.actor.name);
    json out = ServicePlanJson(*plan);
    out["reissued"] = reissued;
    WriteResult w{std::move(out), false, false};
    w.audit_detail = AuditDetail(plan->changed, reissued, a->text.reason, a->text.note);
    return w;
  });
}

Result<WriteResult> Registry::AmendOperator(const std::string& id, const json& body, const WriteRequest& req) {
  auto a = ReadOperatorAmendment(body);
  if (!a) return a.error();
  Instant now = clock_.Now();
  return Mutate("operator.amend", id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto plan = PlanOperator(db, id, a->fields, now);
    if (!plan) return plan.error();
    const Operator& op = plan->after;
    std::vector<std::string> reissued;
    if (plan->certified) {
      if (Status certified = RequireCertifiedToReissue(db, plan->marks, Keys(&verified_)); !certified)
        return certified.error();
      storage::Query u(
          db,
          "UPDATE operators SET name = ?, name_en = ?, corporate_number = ?, website = ?, version = version + 1 "
          "WHERE id = ?");
      u->bind(1, op.name);
      u->bind(2, op.name_en);
      u->bind(3, op.corporate_number);
      u->bind(4, op.website);
      u->bind(5, id);
      u->exec();
      storage::StoreNameKeys(db, storage::NameOwner::kOperator, id, id, op.name, op.name_en, now);
      StoreOperatorSearchKeys(db, id);
      std::vector<std::string> certified;
      for (const std::string& c : plan->changed)
        if (c != "contacts") certified.push_back(c);
      auto done = ApplyToMarks(db, issuer_, plan->marks, certified, a->text.reason, req.actor.name, now);
      if (!done) return done.error();
      reissued = std::move(*done);
    }
    if (std::find(plan->changed.begin(), plan->changed.end(), "contacts") != plan->changed.end())
      StoreContacts(db, id, plan->contacts_after);
    json out = OperatorPlanJson(*plan);
    out["reissued"] = reissued;
    WriteResult w{std::move(out), false, false};
    w.audit_detail = AuditDetail(plan->changed, reissued, a->text.reason, a->text.note);
    return w;
  });
}

Result<json> Registry::PreviewServiceAmendment(const std::string& id, const json& body) const {
  auto a = ReadServiceAmendment(body);
  if (!a) return a.error();
  const Instant now = clock_.Now();
  std::optional<json> out;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    auto plan = PlanService(db, id, a->fields, now);
    if (!plan) return plan.error();
    out = {{"dry_run", true}, {"certified_change", plan->certified}, {"service", ServicePlanJson(*plan)}};
    out->update(MarksJson(plan->marks, plan->certified));
    (*out)["changed"] = plan->changed;
    return Status{};
  });
  if (!st) return st.error();
  return std::move(*out);
}

Result<json> Registry::PreviewOperatorAmendment(const std::string& id, const json& body) const {
  auto a = ReadOperatorAmendment(body);
  if (!a) return a.error();
  const Instant now = clock_.Now();
  std::optional<json> out;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    auto plan = PlanOperator(db, id, a->fields, now);
    if (!plan) return plan.error();
    out = {{"dry_run", true}, {"certified_change", plan->certified}, {"operator", OperatorPlanJson(*plan)}};
    out->update(MarksJson(plan->marks, plan->certified));
    (*out)["changed"] = plan->changed;
    return Status{};
  });
  if (!st) return st.error();
  return std::move(*out);
}

}  // namespace mark::registry
