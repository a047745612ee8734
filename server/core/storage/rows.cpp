#include "storage/rows.h"

#include <SQLiteCpp/Statement.h>

#include "storage/query.h"

namespace mark::storage {

namespace {

std::vector<std::string> LoadList(SQLite::Database& db, const char* sql, const std::string& id) {
  Query q(db, sql);
  q->bind(1, id);
  std::vector<std::string> out;
  while (q->executeStep()) out.push_back(q->getColumn(0).getString());
  return out;
}

Date DateOrEpoch(const std::string& s) {
  auto d = ParseDate(s);
  return d ? *d : Date{};
}

std::optional<Instant> OptionalInstant(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return ParseInstant(c.getString());
}

}  // namespace

std::optional<Operator> LoadOperator(SQLite::Database& db, const std::string& id) {
  Query q(db, "SELECT id, name, name_en, corporate_number, website, version FROM operators WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return Operator{q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                  q->getColumn(3).getString(), q->getColumn(4).getString(), q->getColumn(5).getInt64()};
}

std::vector<Contact> LoadContacts(SQLite::Database& db, const std::string& operator_id) {
  Query q(db, "SELECT role, email FROM operator_contacts WHERE operator_id = ? ORDER BY position");
  q->bind(1, operator_id);
  std::vector<Contact> out;
  while (q->executeStep()) out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString()});
  return out;
}

std::optional<Service> LoadService(SQLite::Database& db, const std::string& id) {
  Query q(db, "SELECT id, operator_id, scheme, name, name_en, version FROM services WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  Service s;
  s.id = q->getColumn(0).getString();
  s.operator_id = q->getColumn(1).getString();
  s.scheme = ParseScheme(q->getColumn(2).getString()).value_or(Scheme::kIsp);
  s.name = q->getColumn(3).getString();
  s.name_en = q->getColumn(4).getString();
  s.version = q->getColumn(5).getInt64();
  s.domains = LoadList(db, "SELECT domain FROM service_domains WHERE service_id = ? ORDER BY position", id);
  s.ssids = LoadList(db, "SELECT ssid FROM service_ssids WHERE service_id = ? ORDER BY position", id);
  s.venues = LoadList(db, "SELECT venue FROM service_venues WHERE service_id = ? ORDER BY position", id);
  return s;
}

std::optional<Mark> LoadMark(SQLite::Database& db, const std::string& number) {
  Query q(db,
          "SELECT number, service_id, first_review_body, valid_from, valid_until, granted_at, state, "
          "suspended_at, suspension_reason, revoked_at, revocation_reason, version, suspension_code, revocation_code, "
          "first_review_date, returned_at, return_reason, return_code "
          "FROM marks WHERE number = ?");
  q->bind(1, number);
  if (!q->executeStep()) return std::nullopt;
  Mark m;
  m.number = q->getColumn(0).getString();
  m.service_id = q->getColumn(1).getString();
  m.first_review_body = q->getColumn(2).getString().front();
  m.valid_from = DateOrEpoch(q->getColumn(3).getString());
  m.valid_until = DateOrEpoch(q->getColumn(4).getString());
  m.granted_at = ParseInstant(q->getColumn(5).getString()).value_or(Instant{});
  std::string state = q->getColumn(6).getString();
  m.suspended = state == "suspended";
  m.revoked = state == "revoked";
  m.suspended_at = OptionalInstant(q->getColumn(7));
  m.suspension_reason = q->getColumn(8).getString();
  m.revoked_at = OptionalInstant(q->getColumn(9));
  m.revocation_reason = q->getColumn(10).getString();
  m.version = q->getColumn(11).getInt64();
  m.suspension_code = q->getColumn(12).getString();
  m.revocation_code = q->getColumn(13).getString();
  m.first_review_date = ParseDate(q->getColumn(14).getString()).value_or(m.valid_from);
  m.returned = state == "returned";
  m.returned_at = OptionalInstant(q->getColumn(15));
  m.return_reason = q->getColumn(16).getString();
  m.return_code = q->getColumn(17).getString();
  return m;
}

std::optional<MarkView> LoadMarkView(SQLite::Database& db, const std::string& number) {
  auto m = LoadMark(db, number);
  if (!m) return std::nullopt;
  MarkView v;
  v.mark = std::move(*m);
  auto s = LoadService(db, v.mark.service_id);
  if (!s) return std::nullopt;
  v.service = std::move(*s);
  auto op = LoadOperator(db, v.service.operator_id);
  if (!op) return std::nullopt;
  v.op = std::move(*op);
  Query c(db,
          "SELECT c.jws, c.log_index FROM marks m JOIN certificates c ON c.id = m.current_certificate_id "
          "WHERE m.number = ?");
  c->bind(1, number);
  if (c->executeStep()) {
    v.certificate = c->getColumn(0).getString();
    if (!c->getColumn(1).isNull()) v.log_index = c->getColumn(1).getInt64();
  }
  return v;
}

}  // namespace mark::storage
