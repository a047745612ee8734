#include "registry/identifiers.h"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/json_text.h"
#include "common/ssid_skeleton.h"
#include "storage/query.h"

namespace mark::registry {

namespace {

// The domain and every parent with at least two labels, as a JSON array for
// json_each(): the domains `domain` is equal to or under.
std::string SelfAndParents(const std::string& domain) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t pos = 0;;) {
    std::string suffix = domain.substr(pos);
    if (suffix.find('.') == std::string::npos) break;
    out.push_back(suffix);
    pos = domain.find('.', pos);
    if (pos == std::string::npos) break;
    ++pos;
  }
  return JsonText(out);
}

void InsertList(SQLite::Database& db, const char* sql, const std::string& id, const std::vector<std::string>& items) {
  storage::Query q(db, sql);
  for (size_t i = 0; i < items.size(); ++i) {
    q->bind(1, id);
    q->bind(2, static_cast<int>(i));
    q->bind(3, items[i]);
    q->exec();
    q->reset();
  }
}

std::string DeclaredReason(SQLite::Database& db, const std::string& service_id, const std::string& domain) {
  storage::Query q(db, "SELECT reason FROM service_shared_domains WHERE service_id = ? AND domain = ?");
  q->bind(1, service_id);
  q->bind(2, domain);
  return q->executeStep() ? q->getColumn(0).getString() : std::string();
}

}  // namespace

std::vector<DomainHolder> OverlappingDomains(SQLite::Database& db, const std::string& domain,
                                             const std::string& operator_id) {
  const std::string reversed = ReversedDomain(domain);
  storage::Query q(db, R"sql(
WITH hits(service_id, domain) AS (
  SELECT service_id, domain FROM service_domains WHERE domain IN (SELECT value FROM json_each(:parents))
  UNION
  SELECT service_id, domain FROM service_domains WHERE reversed > :below_from AND reversed < :below_to)
SELECT h.domain, s.id, s.name, s.name_en, o.name, o.name_en, COALESCE(m.number, '')
FROM hits h JOIN services s ON s.id = h.service_id JOIN operators o ON o.id = s.operator_id
LEFT JOIN marks m ON m.service_id = s.id
WHERE s.operator_id <> :operator AND COALESCE(m.state, '') <> 'returned'
ORDER BY m.serial, s.id, h.domain
)sql");
  q->bind(":parents", SelfAndParents(domain));
  q->bind(":below_from", reversed + ".");
  q->bind(":below_to", reversed + "/");  // '/' follows '.' in ASCII
  q->bind(":operator", operator_id);
  std::vector<DomainHolder> out;
  while (q->executeStep())
    out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                   q->getColumn(3).getString(), q->getColumn(4).getString(), q->getColumn(5).getString(),
                   q->getColumn(6).getString()});
  return out;
}

std::vector<SharedDomain> LoadSharedDomains(SQLite::Database& db, const std::string& service_id) {
  storage::Query q(db,
                   "SELECT x.domain, x.reason FROM service_shared_domains x LEFT JOIN service_domains d "
                   "ON d.service_id = x.service_id AND d.domain = x.domain WHERE x.service_id = ? "
                   "ORDER BY COALESCE(d.position, 1000000), x.domain");
  q->bind(1, service_id);
  std::vector<SharedDomain> out;
  while (q->executeStep()) out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString()});
  return out;
}

Status CheckDomainClaims(SQLite::Database& db, const std::string& operator_id, const std::vector<std::string>& domains,
                         const std::vector<std::string>& already_held, const std::vector<SharedDomain>& shared) {
  std::vector<FieldError> fields;
  std::string first;
  for (size_t i = 0; i < domains.size(); ++i) {
    const std::string& d = domains[i];
    if (std::find(already_held.begin(), already_held.end(), d) != already_held.end()) continue;
    if (std::any_of(shared.begin(), shared.end(), [&](const SharedDomain& s) { return s.domain == d; })) continue;
    auto holders = OverlappingDomains(db, d, operator_id);
    if (holders.empty()) continue;
    const DomainHolder& h = holders.front();
    const std::string relation = h.domain == d ? "is" : h.domain.size() > d.size() ? "is above" : "is under";
    const std::string who = (h.number.empty() ? "service " + h.service_id : "mark " + h.number) + " (" +
                            h.service_name + ", " + h.operator_name + ")";
    std::string why = relation + (h.domain == d ? " held by " : " " + h.domain + ", held by ") + who +
                      " of another operator; it is refused unless the secretariat declares it shared "
                      "(\"shared\": {\"domains\": [...], \"reason\": ...})";
    if (first.empty()) first = d + " " + why;
    fields.push_back({"domains[" + std::to_string(i) + "]", std::move(why)});
  }
  if (fields.empty()) return {};
  return Error{ErrorCode::kConflict, first, std::move(fields)};
}

void StoreServiceLists(SQLite::Database& db, const Service& s) {
  for (const char* sql :
       {"DELETE FROM service_domains WHERE service_id = ?", "DELETE FROM service_ssids WHERE service_id = ?",
        "DELETE FROM service_venues WHERE service_id = ?"}) {
    storage::Query del(db, sql);
    del->bind(1, s.id);
    del->exec();
  }
  {
    storage::Query q(db, "INSERT INTO service_domains (service_id, position, domain, reversed) VALUES (?, ?, ?, ?)");
    for (size_t i = 0; i < s.domains.size(); ++i) {
      q->bind(1, s.id);
      q->bind(2, static_cast<int>(i));
      q->bind(3, s.domains[i]);
      q->bind(4, ReversedDomain(s.domains[i]));
      q->exec();
      q->reset();
    }
  }
  {
    storage::Query q(db, "INSERT INTO service_ssids (service_id, position, ssid, skeleton) VALUES (?, ?, ?, ?)");
    for (size_t i = 0; i < s.ssids.size(); ++i) {
      q->bind(1, s.id);
      q->bind(2, static_cast<int>(i));
      q->bind(3, s.ssids[i]);
      q->bind(4, SsidSkeleton(s.ssids[i]));
      q->exec();
      q->reset();
    }
  }
  InsertList(db, "INSERT INTO service_venues (service_id, position, venue) VALUES (?, ?, ?)", s.id, s.venues);
}

void StoreSharedDomains(SQLite::Database& db, const std::string& service_id, const std::vector<SharedDomain>& shared,
                        Instant at, const std::string& actor) {
  storage::Query del(db, "DELETE FROM service_shared_domains WHERE service_id = ?");
  del->bind(1, service_id);
  del->exec();
  storage::Query q(db,
                   "INSERT INTO service_shared_domains (service_id, domain, reason, declared_at, declared_by) "
                   "VALUES (?, ?, ?, ?, ?)");
  for (const SharedDomain& d : shared) {
    q->bind(1, service_id);
    q->bind(2, d.domain);
    q->bind(3, d.reason);
    q->bind(4, FormatInstant(at));
    q->bind(5, actor);
    q->exec();
    q->reset();
  }
}

std::vector<IdentifierNeighbour> NeighboursOf(SQLite::Database& db, const Service& service) {
  std::vector<IdentifierNeighbour> out;
  for (const std::string& mine : service.domains) {
    const std::string my_reason = DeclaredReason(db, service.id, mine);
    for (DomainHolder& h : OverlappingDomains(db, mine, service.operator_id)) {
      // Shared when either side declared it; an overlap nobody declared
      // (made before the rule) is not presented as shared.
      std::string reason = my_reason.empty() ? DeclaredReason(db, h.service_id, h.domain) : my_reason;
      if (reason.empty()) continue;
      out.push_back({IdentifierNeighbour::Kind::kSharedDomain, mine, std::move(h.domain), std::move(h.number),
                     std::move(h.service_name), std::move(h.service_name_en), std::move(h.operator_name),
                     std::move(h.operator_name_en), std::move(reason)});
    }
  }
  storage::Query q(db, R"sql(
SELECT x.ssid, s.name, s.name_en, o.name, o.name_en, COALESCE(m.number, '')
FROM service_ssids x JOIN services s ON s.id = x.service_id JOIN operators o ON o.id = s.operator_id
LEFT JOIN marks m ON m.service_id = s.id
WHERE x.skeleton = ? AND s.operator_id <> ? AND COALESCE(m.state, '') <> 'returned'
ORDER BY x.ssid <> ?, m.serial, s.id
)sql");
  for (const std::string& mine : service.ssids) {
    q->bind(1, SsidSkeleton(mine));
    q->bind(2, service.operator_id);
    q->bind(3, mine);
    while (q->executeStep()) {
      std::string theirs = q->getColumn(0).getString();
      auto kind = theirs == mine ? IdentifierNeighbour::Kind::kSameSsid : IdentifierNeighbour::Kind::kLookalikeSsid;
      out.push_back({kind, mine, std::move(theirs), q->getColumn(5).getString(), q->getColumn(1).getString(),
                     q->getColumn(2).getString(), q->getColumn(3).getString(), q->getColumn(4).getString(), ""});
    }
    q->reset();
  }
  return out;
}

std::vector<SsidPair> SsidPairs(SQLite::Database& db) {
  storage::Query q(db, R"sql(
SELECT a.ssid, a.service_id, COALESCE(ma.number, ''), b.ssid, b.service_id, COALESCE(mb.number, '')
FROM service_ssids a
JOIN service_ssids b ON b.skeleton = a.skeleton AND b.service_id > a.service_id
JOIN services sa ON sa.id = a.service_id
JOIN services sb ON sb.id = b.service_id
LEFT JOIN marks ma ON ma.service_id = a.service_id
LEFT JOIN marks mb ON mb.service_id = b.service_id
WHERE sa.operator_id <> sb.operator_id
  AND COALESCE(ma.state, '') <> 'returned' AND COALESCE(mb.state, '') <> 'returned'
ORDER BY a.skeleton, a.service_id, b.service_id, a.ssid, b.ssid
)sql");
  std::vector<SsidPair> out;
  while (q->executeStep())
    out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                   q->getColumn(3).getString(), q->getColumn(4).getString(), q->getColumn(5).getString()});
  return out;
}

}  // namespace mark::registry
