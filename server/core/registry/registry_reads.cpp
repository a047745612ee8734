// Registry: the read side (lookups, search, history).
#include <SQLiteCpp/Statement.h>

#include "common/base64.h"
#include "registry/identifiers.h"
#include "registry/json_mapping.h"
#include "registry/mark_status_sql.h"
#include "registry/query.h"
#include "registry/registry.h"
#include "registry/rows.h"
#include "registry/validation.h"
#include "registry/validity.h"

namespace mark::registry {

using nlohmann::json;

Registry::Registry(Database& db, const Clock& clock, const CertificateIssuer& issuer, RegistryConfig config,
                   TransparencyLog* log)
    : db_(db), clock_(clock), issuer_(issuer), config_(std::move(config)), log_(log) {}

json Registry::MarkJson(const MarkView& view) const { return MarkViewJson(view, config_.public_url); }

Result<MarkView> Registry::GetMark(const std::string& number) const {
  const Instant now = clock_.Now();
  // Made before reading: a commit racing this read can only file fresh data
  // under an old generation, never stale data under a new one.
  std::string key = number;
  key += '\n';
  key += std::to_string(db_.Generation());
  key += '\n';
  key += FormatDate(JstDate(now));
  if (auto hit = views_.Get(key)) return *hit;
  std::optional<MarkView> view;
  Status st = db_.Read([&](SQLite::Database& db) {
    view = LoadMarkView(db, number);
    return Status{};
  });
  if (!st) return st.error();
  if (!view) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  view->status = StatusAt(view->mark, now);
  const size_t bytes = 3072 + 2 * view->certificate.size();  // strings, vectors and their heap blocks
  views_.Put(key, std::make_shared<const MarkView>(*view), bytes);
  return std::move(*view);
}

Result<SearchQuery> ParseSearchQuery(const std::multimap<std::string, std::string>& params) {
  SearchQuery q;
  std::vector<FieldError> errors;
  auto bad = [&](std::string f, std::string why) { errors.push_back({std::move(f), std::move(why)}); };
  for (const auto& [key, value] : params) {
    if (params.count(key) > 1) {
      bad(key, "may be given only once");
      continue;
    }
    if (key == "q") {
      if (value.size() > 200) bad("q", "must be at most 200 bytes");
      else if (!IsValidUtf8(value)) bad("q", "must be valid UTF-8");
      else q.q = value;
    } else if (key == "scheme") {
      if (value.empty()) continue;
      q.scheme = ParseScheme(value);
      if (!q.scheme) bad("scheme", "must be isp or wifi");
    } else if (key == "status") {
      if (value.empty()) continue;
      q.status = ParseMarkStatus(value);
      if (!q.status) bad("status", "must be one of valid, not_yet_valid, expired, suspended, revoked, returned");
    } else if (key == "domain") {
      if (value.empty()) continue;
      auto d = NormalizeDomain("domain", value);
      if (!d) bad("domain", d.error().fields.at(0).message);
      else q.domain = *d;
    } else if (key == "ssid") {
      if (value.empty()) continue;
      if (auto st = ValidateSsid("ssid", value); !st) bad("ssid", st.error().fields.at(0).message);
      else q.ssid = value;
    } else if (key == "limit") {
      int n = 0;
      bool digits = !value.empty() && value.size() <= 4;
      for (char c : value) {  // stop at once: a long value would overflow n (found by fuzz_search_query)
        digits = digits && c >= '0' && c <= '9';
        if (!digits) break;
        n = n * 10 + (c - '0');
      }
      if (!digits || n < 1 || n > kMaxSearchLimit)
        bad("limit", "must be a whole number from 1 to " + std::to_string(kMaxSearchLimit));
      else q.limit = n;
    } else if (key == "cursor") {
      if (value.empty()) continue;
      auto raw = Base64UrlDecode(value);
      long long serial = 0;
      bool good = raw && !raw->empty() && raw->size() < 12;
      if (good)
        for (char c : *raw) good = good && c >= '0' && c <= '9', serial = serial * 10 + (c - '0');
      if (!good) bad("cursor", "is not a cursor this server gave out");
      else q.after_serial = serial;
    } else if (key == "lang") {
      // pages pass it through; the API ignores it
    } else {
      bad(key, "is not a known parameter");
    }
  }
  if (!errors.empty()) {
    Error e{ErrorCode::kInvalid, "invalid search parameters", std::move(errors)};
    return e;
  }
  return q;
}

static std::string LikePattern(const std::string& q) {
  std::string p = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

// A host matches its own registered domain and any parent: www.example.ne.jp
// finds example.ne.jp. Suffixes with at least two labels.
static json DomainSuffixes(const std::string& host) {
  json out = json::array();
  size_t pos = 0;
  while (true) {
    std::string suffix = host.substr(pos);
    if (suffix.find('.') == std::string::npos) break;
    out.push_back(suffix);
    pos = host.find('.', pos);
    if (pos == std::string::npos) break;
    ++pos;
  }
  return out;
}

// The search statement; the status filter is the one status expression
// (mark_status_sql.h).
static const std::string& SearchSql() {
  static const std::string sql = R"sql(
SELECT m.number, m.serial FROM marks m
JOIN services s ON s.id = m.service_id
JOIN operators o ON o.id = s.operator_id
WHERE m.serial > :after
  AND (:scheme = '' OR s.scheme = :scheme)
  AND (:q = '' OR s.name LIKE :pat ESCAPE '\' OR s.name_en LIKE :pat ESCAPE '\'
       OR o.name LIKE :pat ESCAPE '\' OR o.name_en LIKE :pat ESCAPE '\' OR m.number LIKE :pat ESCAPE '\')
  AND (:status = '' OR :status = )sql" + std::string(kMarkStatusSql) + R"sql()
  AND (:domain = '' OR EXISTS (SELECT 1 FROM service_domains d WHERE d.service_id = s.id
        AND d.domain IN (SELECT value FROM json_each(:suffixes))))
  AND (:ssid = '' OR EXISTS (SELECT 1 FROM service_ssids x WHERE x.service_id = s.id AND x.ssid = :ssid))
ORDER BY m.serial
LIMIT :limit
)sql";
  return sql;
}

Result<SearchPage> Registry::Search(const SearchQuery& query) const {
  Instant now = clock_.Now();
  std::string today = FormatDate(JstDate(now));
  SearchPage page;
  Status st = db_.Read([&](SQLite::Database& db) {
    Query s(db, SearchSql());
    s->bind(":after", static_cast<int64_t>(query.after_serial));
    s->bind(":scheme", query.scheme ? std::string(ToString(*query.scheme)) : std::string());
    s->bind(":q", query.q);
    s->bind(":pat", LikePattern(query.q));
    s->bind(":status", query.status ? std::string(ToString(*query.status)) : std::string());
    s->bind(":today", today);
    s->bind(":domain", query.domain);
    s->bind(":suffixes", DomainSuffixes(query.domain).dump());
    s->bind(":ssid", query.ssid);
    s->bind(":limit", query.limit + 1);  // one more tells whether a next page exists
    std::vector<std::pair<std::string, long long>> hits;
    while (s->executeStep()) hits.emplace_back(s->getColumn(0).getString(), s->getColumn(1).getInt64());
    bool more = static_cast<int>(hits.size()) > query.limit;
    if (more) hits.pop_back();
    for (const auto& [number, serial] : hits) {
      if (auto v = LoadMarkView(db, number)) {
        v->status = StatusAt(v->mark, now);
        page.items.push_back(std::move(*v));
      }
    }
    if (more) page.next_cursor = Base64UrlEncode(std::to_string(hits.back().second));
    return Status{};
  });
  if (!st) return st.error();
  return page;
}

Result<std::vector<MarkEvent>> Registry::History(const std::string& number) const {
  std::vector<MarkEvent> events;
  bool found = false;
  Status st = db_.Read([&](SQLite::Database& db) {
    found = LoadMark(db, number).has_value();
    Query q(db,
                        "SELECT id, kind, at, actor, reason, valid_from, valid_until, log_index "
                        "FROM mark_events WHERE number = ? ORDER BY id");
    q->bind(1, number);
    while (q->executeStep()) {
      MarkEvent e;
      e.id = q->getColumn(0).getInt64();
      e.kind = q->getColumn(1).getString();
      e.at = ParseInstant(q->getColumn(2).getString()).value_or(Instant{});
      e.actor = q->getColumn(3).getString();
      e.reason = q->getColumn(4).getString();
      e.valid_from = ParseDate(q->getColumn(5).getString()).value_or(Date{});
      e.valid_until = ParseDate(q->getColumn(6).getString()).value_or(Date{});
      if (!q->getColumn(7).isNull()) e.log_index = q->getColumn(7).getInt64();
      events.push_back(std::move(e));
    }
    return Status{};
  });
  if (!st) return st.error();
  if (!found) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  return events;
}

Result<Operator> Registry::GetOperator(const std::string& id) const {
  std::optional<Operator> op;
  Status st = db_.Read([&](SQLite::Database& db) {
    op = LoadOperator(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!op) return Error::Make(ErrorCode::kNotFound, "no operator " + id);
  return std::move(*op);
}

Result<std::vector<Contact>> Registry::GetContacts(const std::string& operator_id) const {
  std::vector<Contact> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    out = LoadContacts(db, operator_id);
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<SharedDomain>> Registry::GetSharedDomains(const std::string& service_id) const {
  std::vector<SharedDomain> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    out = LoadSharedDomains(db, service_id);
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<IdentifierNeighbour>> Registry::Neighbours(const std::string& number) const {
  std::vector<IdentifierNeighbour> out;
  bool found = false;
  Status st = db_.Read([&](SQLite::Database& db) {
    auto mark = LoadMark(db, number);
    if (!mark) return Status{};
    auto service = LoadService(db, mark->service_id);
    if (!service) return Status{};
    found = true;
    out = NeighboursOf(db, *service);
    return Status{};
  });
  if (!st) return st.error();
  if (!found) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  return out;
}

Result<Service> Registry::GetService(const std::string& id) const {
  std::optional<Service> s;
  Status st = db_.Read([&](SQLite::Database& db) {
    s = LoadService(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!s) return Error::Make(ErrorCode::kNotFound, "no service " + id);
  return std::move(*s);
}

Result<std::vector<Operator>> Registry::ListOperators() const {
  std::vector<Operator> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    Query q(db, "SELECT id FROM operators ORDER BY created_at, id");
    while (q->executeStep())
      if (auto op = LoadOperator(db, q->getColumn(0).getString())) out.push_back(std::move(*op));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<Service>> Registry::ListServices(const std::string& operator_id) const {
  std::vector<Service> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    Query q(db, "SELECT id FROM services WHERE (? = '' OR operator_id = ?) ORDER BY created_at, id");
    q->bind(1, operator_id);
    q->bind(2, operator_id);
    while (q->executeStep())
      if (auto s = LoadService(db, q->getColumn(0).getString())) out.push_back(std::move(*s));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<MarkView>> Registry::WithdrawnMarks() const {
  std::vector<MarkView> out;
  Instant now = clock_.Now();
  Status st = db_.Read([&](SQLite::Database& db) {
    Query q(db, "SELECT number FROM marks WHERE state IN ('suspended', 'revoked', 'returned') ORDER BY serial");
    while (q->executeStep()) {
      if (auto v = LoadMarkView(db, q->getColumn(0).getString())) {
        v->status = StatusAt(v->mark, now);
        out.push_back(std::move(*v));
      }
    }
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<std::string>> Registry::MarksByCurrentCertificate(const CurrentCertificateSelector& sel) const {
  std::vector<std::string> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    Query q(db,
            "SELECT m.number FROM marks m JOIN certificates c ON c.id = m.current_certificate_id "
            "WHERE (?1 = '' OR c.kid = ?1) AND (?2 = '' OR json_extract(c.payload, '$.iss') IS NOT ?2) "
            "ORDER BY m.serial");
    q->bind(1, sel.kid);
    q->bind(2, sel.issuer_other_than);
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<StoredCertificateRef>> Registry::CertificatesAfter(long long after_id) const {
  std::vector<StoredCertificateRef> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    // jti and iat as signed (the payload is the exact signed text).
    Query q(db,
            "SELECT id, number, json_extract(payload, '$.jti'), json_extract(payload, '$.iat') FROM certificates "
            "WHERE id > ? ORDER BY id");
    q->bind(1, static_cast<int64_t>(after_id));
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                     FromUnixSeconds(q->getColumn(3).getInt64())});
    }
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace mark::registry
