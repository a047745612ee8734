#include "registry/certified_facts.h"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/base64.h"
#include "common/json_text.h"
#include "crypto/certificate.h"
#include "crypto/jws.h"
#include "crypto/verifier.h"
#include "storage/query.h"
#include "storage/rows.h"
#include "common/utf8.h"

namespace mark::registry {

using nlohmann::json;

namespace {

// Long values (a payload, a JWS) are cut for a one-line report, around
// where the two first differ.
constexpr size_t kShownBytes = 160;

std::string Excerpt(const std::string& s, size_t from) {
  if (s.size() <= kShownBytes) return s;
  from = Utf8CodePointStart(s, from);
  const size_t end = Utf8CodePointStart(s, std::min(s.size(), from + kShownBytes));
  return (from > 0 ? "..." : "") + s.substr(from, end - from) + (end < s.size() ? "..." : "");
}

std::optional<Instant> SecondsClaim(const json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number_integer()) return std::nullopt;
  return FromUnixSeconds(it->get<long long>());
}

std::string StringMember(const json& obj, const char* name) {
  if (!obj.is_object()) return "";
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> ListMember(const json& obj, const char* name) {
  std::vector<std::string> out;
  if (!obj.is_object()) return out;
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_array()) return out;
  for (const json& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// The log entry at `index`, parsed; null when there is none or it is not JSON.
json LogEvent(SQLite::Database& db, long long index) {
  storage::Query q(db, "SELECT leaf_input FROM log_entries WHERE idx = ?");
  q->bind(1, static_cast<int64_t>(index));
  if (!q->executeStep()) return nullptr;
  const SQLite::Column c = q->getColumn(0);
  json j = json::parse(std::string_view(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes())),
                       nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

struct Event {
  std::string kind;
  std::string at;
  std::string reason;
  std::string valid_from;
  std::string valid_until;
  std::optional<long long> certificate_id;
  std::optional<long long> log_index;
};

std::vector<Event> LoadEvents(SQLite::Database& db, const std::string& number) {
  storage::Query q(db,
                   "SELECT kind, at, reason, valid_from, valid_until, certificate_id, log_index FROM mark_events "
                   "WHERE number = ? ORDER BY id");
  q->bind(1, number);
  std::vector<Event> out;
  while (q->executeStep()) {
    Event e;
    e.kind = q->getColumn(0).getString();
    e.at = q->getColumn(1).getString();
    e.reason = q->getColumn(2).getString();
    e.valid_from = q->getColumn(3).getString();
    e.valid_until = q->getColumn(4).getString();
    if (!q->getColumn(5).isNull()) e.certificate_id = q->getColumn(5).getInt64();
    if (!q->getColumn(6).isNull()) e.log_index = q->getColumn(6).getInt64();
    out.push_back(std::move(e));
  }
  return out;
}

bool IsWithdrawal(const std::string& kind) { return kind == "suspended" || kind == "revoked" || kind == "returned"; }

// What the history says, replayed under the rules every writer keeps.
struct Replayed {
  std::string state;  // active | suspended | revoked | returned; "" without history
  std::string granted_at;
  std::string valid_from;
  std::string valid_until;
  std::optional<long long> certificate_id;  // the last one issued
  std::optional<Event> withdrawal;          // the event that made a withdrawn state
  std::string withdrawal_code;              // its reason_code, as its log entry records it
  // An "amended" event without a certificate after the last certificate:
  // the facts moved on and the certificate stayed (amendments.cpp).
  bool facts_moved_on = false;
  std::vector<FactDifference> problems;
};

Replayed Replay(SQLite::Database& db, const std::string& number) {
  Replayed r;
  const std::vector<Event> events = LoadEvents(db, number);
  auto problem = [&](std::string found, std::string expected) {
    r.problems.push_back({"history", std::move(found), std::move(expected)});
  };
  if (events.empty()) problem("no events", "a history starting with its grant");
  bool first = true;
  for (const Event& e : events) {
    if (first) {
      r.granted_at = e.at;
      if (e.kind != "granted" && e.kind != "imported")
        problem("starts with a " + e.kind + " event", "a history starting with its grant or import");
    } else if (e.kind == "imported") {
      problem("an import after the history began", "an import only as the first event");
    }
    first = false;
    if ((r.state == "revoked" || r.state == "returned") && e.kind != "reissued")
      problem("a " + e.kind + " event at " + e.at + " after the mark was " + r.state,
              "nothing but re-issued certificates after a revocation or return");
    if (e.kind == "granted" || e.kind == "imported" || e.kind == "reinstated")
      r.state = "active";
    else if (IsWithdrawal(e.kind))
      r.state = e.kind;
    if (IsWithdrawal(e.kind) || e.kind == "reinstated") {
      // A status change is what its log entry records, or it did not happen.
      json logged = e.log_index ? LogEvent(db, *e.log_index) : json(nullptr);
      if (!logged.is_object() || StringMember(logged, "type") != "status" || StringMember(logged, "number") != number ||
          StringMember(logged, "status") != e.kind || StringMember(logged, "reason") != e.reason) {
        problem(
            "a " + e.kind + " event at " + e.at + " that " +
                (e.log_index ? "log entry " + std::to_string(*e.log_index) + " does not record" : "names no log entry"),
            "every status change recorded by its log entry");
      } else if (IsWithdrawal(e.kind)) {
        r.withdrawal = e;
        r.withdrawal_code = StringMember(logged, "reason_code");
      }
    }
    if (e.certificate_id) {
      r.certificate_id = e.certificate_id;
      r.facts_moved_on = false;
    } else if (e.kind == "amended") {
      r.facts_moved_on = true;
    }
    r.valid_from = e.valid_from;
    r.valid_until = e.valid_until;
  }
  if (r.state != "suspended" && r.state != "revoked" && r.state != "returned") r.withdrawal.reset();
  return r;
}

std::string OptionalInstantText(const std::optional<Instant>& at) { return at ? FormatInstant(*at) : ""; }

}  // namespace

std::string Describe(const FactDifference& d) {
  size_t first = 0;
  while (first < d.stored.size() && first < d.certified.size() && d.stored[first] == d.certified[first]) ++first;
  const size_t from = first > 40 ? first - 40 : 0;
  return d.field + ": stored " + Excerpt(d.stored, from) + ", certified " + Excerpt(d.certified, from);
}

Status RequireCertified(SQLite::Database& db, const std::string& number, const CertificateKeys& keys) {
  auto certified = LoadCertifiedView(db, number, keys);
  if (!certified || certified->confirmed()) return Status{};
  return Error::Make(ErrorCode::kConflict,
                     "mark " + number + "'s stored facts differ from its certificate and history (" +
                         Describe(certified->differences.front()) +
                         "): nothing is signed over them until they are put right (markctl check names every "
                         "difference)");
}

std::vector<FactDifference> CertificateRowDifferences(SQLite::Database& db, const CertificateRow& row) {
  std::vector<FactDifference> out;
  auto parts = crypto::ParseCompact(row.jws);
  if (!parts) {
    out.push_back({"certificate.jws", "certificate " + std::to_string(row.id), "a JWS: " + parts.error().message});
    return out;
  }
  auto compare = [&](const char* field, const std::string& stored, const std::string& signed_value) {
    if (stored != signed_value) out.push_back({field, stored, signed_value});
  };
  compare("certificate.number", row.number, StringMember(parts->payload, "sub"));
  compare("certificate.kid", row.kid, StringMember(parts->header, "kid"));
  compare("certificate.payload", row.payload, parts->payload_text);
  compare("certificate.issued_at", row.issued_at, OptionalInstantText(SecondsClaim(parts->payload, "iat")));
  compare("certificate.not_before", row.not_before, OptionalInstantText(SecondsClaim(parts->payload, "nbf")));
  compare("certificate.expires", row.expires, OptionalInstantText(SecondsClaim(parts->payload, "exp")));
  if (!row.log_index) {
    out.push_back({"certificate.log_index", "none", "the index of the log entry recording it"});
  } else {
    json logged = LogEvent(db, *row.log_index);
    const bool certificate_entry = logged.is_object() && StringMember(logged, "type") == "certificate" &&
                                   StringMember(logged, "number") == row.number;
    if (certificate_entry && StringMember(logged, "certificate") != row.jws &&
        StringMember(logged, "at") == row.issued_at) {
      // The entry issued with this row records another JWS: the JWS changed.
      out.push_back({"certificate.jws", row.jws, StringMember(logged, "certificate")});
    } else if (!certificate_entry || StringMember(logged, "certificate") != row.jws) {
      out.push_back({"certificate.log_index", std::to_string(*row.log_index),
                     "the index of the log entry recording certificate " + std::to_string(row.id)});
    }
  }
  return out;
}

std::optional<CertifiedView> LoadCertifiedView(SQLite::Database& db, const std::string& number,
                                               const CertificateKeys& keys) {
  auto mark = storage::LoadMark(db, number);
  if (!mark) return std::nullopt;
  auto service = storage::LoadService(db, mark->service_id);
  if (!service) return std::nullopt;
  auto op = storage::LoadOperator(db, service->operator_id);
  if (!op) return std::nullopt;

  CertifiedView cv;
  MarkView& v = cv.view;
  v.mark = std::move(*mark);
  v.service = std::move(*service);
  v.op = std::move(*op);
  auto differ = [&](std::string field, std::string stored, std::string certified) {
    if (stored != certified) cv.differences.push_back({std::move(field), std::move(stored), std::move(certified)});
  };

  // The current certificate: the row marks names, the newest of the mark,
  // the last one its history issued.
  storage::Query c(
      db,
      "SELECT m.current_certificate_id, c.id, c.number, c.kid, c.jws, c.payload, c.issued_at, c.not_before, "
      "c.expires, c.log_index, (SELECT MAX(id) FROM certificates WHERE number = m.number) "
      "FROM marks m LEFT JOIN certificates c ON c.id = m.current_certificate_id WHERE m.number = ?");
  c->bind(1, number);
  std::optional<CertificateRow> row;
  std::optional<long long> current_id, newest_id;
  if (c->executeStep()) {
    if (!c->getColumn(0).isNull()) current_id = c->getColumn(0).getInt64();
    if (!c->getColumn(10).isNull()) newest_id = c->getColumn(10).getInt64();
    if (!c->getColumn(1).isNull()) {
      row = CertificateRow{c->getColumn(1).getInt64(),  c->getColumn(2).getString(), c->getColumn(3).getString(),
                           c->getColumn(4).getString(), c->getColumn(5).getString(), c->getColumn(6).getString(),
                           c->getColumn(7).getString(), c->getColumn(8).getString(), std::nullopt};
      if (!c->getColumn(9).isNull()) row->log_index = c->getColumn(9).getInt64();
    }
  }
  c->reset();

  const Replayed history = Replay(db, number);
  for (const FactDifference& p : history.problems) cv.differences.push_back(p);
  auto certificate_name = [](const std::optional<long long>& id) {
    return id ? "certificate " + std::to_string(*id) : std::string("none");
  };
  differ("certificate", certificate_name(current_id), certificate_name(history.certificate_id));
  if (newest_id && newest_id != current_id)
    cv.differences.push_back(
        {"certificate", certificate_name(current_id), certificate_name(newest_id) + " (the newest)"});

  // The payload, from a certificate that verifies.
  json payload;
  if (!row) {
    cv.differences.push_back({"certificate", "none", "a current certificate"});
  } else {
    v.certificate = row->jws;
    v.log_index = row->log_index;
    for (FactDifference& d : CertificateRowDifferences(db, *row)) cv.differences.push_back(std::move(d));
    if (keys.jwks) {
      crypto::VerifyOptions options;
      options.verified = keys.verified;
      // Whether the signature and claims hold; the time window is the
      // status's business (an expired mark still shows as expired).
      const crypto::Verification checked = crypto::VerifyCertificate(row->jws, *keys.jwks, Instant{}, options);
      if (checked.valid || checked.reason_code == "not_yet_valid" || checked.reason_code == "expired")
        payload = checked.payload;
      else
        cv.differences.push_back(
            {"certificate", "certificate " + std::to_string(row->id), "one that verifies (" + checked.reason + ")"});
    } else if (auto parts = crypto::ParseCompact(row->jws)) {
      payload = std::move(parts->payload);
    }
  }
  const json claim = payload.is_object() && payload.contains("mark") ? payload["mark"] : json(nullptr);
  if (payload.is_object() && (StringMember(payload, "sub") != number || StringMember(claim, "number") != number)) {
    cv.differences.push_back(
        {"certificate", "mark " + number, "a certificate for mark " + StringMember(payload, "sub")});
    payload = nullptr;
  }

  // Status, its times, reasons and codes, and the grant time: the history's.
  differ("status",
         v.mark.revoked     ? "revoked"
         : v.mark.returned  ? "returned"
         : v.mark.suspended ? "suspended"
                            : "active",
         history.state);
  differ("granted_at", FormatInstant(v.mark.granted_at), history.granted_at);
  v.mark.granted_at = ParseInstant(history.granted_at).value_or(v.mark.granted_at);
  v.mark.suspended = history.state == "suspended";
  v.mark.revoked = history.state == "revoked";
  v.mark.returned = history.state == "returned";
  if (history.withdrawal) {
    const Event& w = *history.withdrawal;
    const std::optional<Instant> at = ParseInstant(w.at);
    struct Withdrawal {
      const char* at_field;
      const char* reason_field;
      const char* code_field;
      std::optional<Instant>* at;
      std::string* reason;
      std::string* code;
    };
    Withdrawal fields =
        w.kind == "suspended" ? Withdrawal{"suspended_at",       "suspension_reason",       "suspension_code",
                                           &v.mark.suspended_at, &v.mark.suspension_reason, &v.mark.suspension_code}
        : w.kind == "revoked" ? Withdrawal{"revoked_at",       "revocation_reason",       "revocation_code",
                                           &v.mark.revoked_at, &v.mark.revocation_reason, &v.mark.revocation_code}
                              : Withdrawal{"returned_at",       "return_reason",       "return_code",
                                           &v.mark.returned_at, &v.mark.return_reason, &v.mark.return_code};
    differ(fields.at_field, OptionalInstantText(*fields.at), w.at);
    differ(fields.reason_field, JsonText(json(*fields.reason)), JsonText(json(w.reason)));
    differ(fields.code_field, *fields.code, history.withdrawal_code);
    *fields.at = at;
    *fields.reason = w.reason;
    *fields.code = history.withdrawal_code;
  }
  differ("first_review_body", std::string(1, v.mark.first_review_body), number.substr(0, 1));
  if (!number.empty()) v.mark.first_review_body = number.front();

  // Validity: the certificate's nbf and exp (00:00 JST on valid_from, 24:00
  // JST on valid_until); without a certificate that verifies, the history's.
  const std::optional<Instant> nbf = payload.is_object() ? SecondsClaim(payload, "nbf") : std::nullopt;
  const std::optional<Instant> exp = payload.is_object() ? SecondsClaim(payload, "exp") : std::nullopt;
  std::string certified_from = history.valid_from, certified_until = history.valid_until;
  if (nbf && exp) {
    certified_from = FormatDate(JstDate(*nbf));
    certified_until = FormatDate(AddDays(JstDate(*exp), -1));
    differ("history.valid_from", history.valid_from, certified_from);
    differ("history.valid_until", history.valid_until, certified_until);
  }
  differ("valid_from", FormatDate(v.mark.valid_from), certified_from);
  differ("valid_until", FormatDate(v.mark.valid_until), certified_until);
  v.mark.valid_from = ParseDate(certified_from).value_or(Date{});
  v.mark.valid_until = ParseDate(certified_until).value_or(Date{});

  // The service and operator: the certificate's, and nothing unsigned in
  // their place.
  const json svc = claim.is_object() ? claim.value("service", json(nullptr)) : json(nullptr);
  const json op_claim = claim.is_object() ? claim.value("operator", json(nullptr)) : json(nullptr);
  Service certified_service;
  certified_service.id = v.service.id;
  certified_service.operator_id = v.service.operator_id;
  certified_service.version = v.service.version;
  certified_service.scheme = ParseScheme(StringMember(claim, "scheme")).value_or(v.service.scheme);
  certified_service.name = StringMember(svc, "name");
  certified_service.name_en = StringMember(svc, "name_en");
  certified_service.domains = ListMember(svc, "domains");
  certified_service.ssids = ListMember(svc, "ssids");
  certified_service.venues = ListMember(svc, "venues");
  Operator certified_op;
  certified_op.id = v.op.id;
  certified_op.version = v.op.version;
  certified_op.name = StringMember(op_claim, "name");
  certified_op.name_en = StringMember(op_claim, "name_en");
  certified_op.corporate_number = StringMember(op_claim, "corporate_number");
  certified_op.website = StringMember(op_claim, "website");
  const bool facts_compared =
      claim.is_object() && history.state != "revoked" && history.state != "returned" && !history.facts_moved_on;
  if (facts_compared) {
    differ("scheme", std::string(ToString(v.service.scheme)), StringMember(claim, "scheme"));
    differ("service.name", JsonText(json(v.service.name)), JsonText(json(certified_service.name)));
    differ("service.name_en", JsonText(json(v.service.name_en)), JsonText(json(certified_service.name_en)));
    differ("service.domains", JsonText(json(v.service.domains)), JsonText(json(certified_service.domains)));
    differ("service.ssids", JsonText(json(v.service.ssids)), JsonText(json(certified_service.ssids)));
    differ("service.venues", JsonText(json(v.service.venues)), JsonText(json(certified_service.venues)));
    differ("operator.name", JsonText(json(v.op.name)), JsonText(json(certified_op.name)));
    differ("operator.name_en", JsonText(json(v.op.name_en)), JsonText(json(certified_op.name_en)));
    differ("operator.corporate_number", JsonText(json(v.op.corporate_number)),
           JsonText(json(certified_op.corporate_number)));
    differ("operator.website", JsonText(json(v.op.website)), JsonText(json(certified_op.website)));
  }
  v.service = std::move(certified_service);
  v.op = std::move(certified_op);
  return cv;
}

}  // namespace mark::registry
