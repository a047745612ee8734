// Registry: the read side (lookups, search, history).
#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "common/base64.h"
#include "common/decimal.h"
#include "common/json_text.h"
#include "common/search_key.h"
#include "registry/identifiers.h"
#include "registry/json_mapping.h"
#include "registry/mark_status_sql.h"
#include "storage/query.h"
#include "registry/registry.h"
#include "storage/rows.h"
#include "common/ssid_skeleton.h"
#include "registry/validation.h"
#include "registry/validity.h"

namespace mark::registry {

using nlohmann::json;

Registry::Registry(storage::Database& db, const Clock& clock, const CertificateIssuer& issuer, RegistryConfig config,
                   tlog::TransparencyLog* log)
    : db_(db), clock_(clock), issuer_(issuer), config_(std::move(config)), log_(log) {}

json Registry::MarkJson(const MarkView& view) const { return MarkViewJson(view, config_.public_url); }

CertificateKeys Registry::Keys(crypto::VerifiedJwsCache* verified) const {
  // An issuer that names no keys confirms nothing.
  static const crypto::Jwks kNoKeys;
  const crypto::Jwks* jwks = issuer_.VerificationKeys();
  return CertificateKeys{jwks ? jwks : &kNoKeys, verified};
}

std::shared_ptr<const CertifiedView> Registry::Certified(SQLite::Database& db, const std::string& number,
                                                         uint64_t generation) const {
  std::string key = number;
  key += '\n';
  key += std::to_string(generation);
  if (auto hit = views_.Get(key)) return hit;
  auto certified = LoadCertifiedView(db, number, Keys(&verified_));
  if (!certified) return nullptr;  // made-up numbers are never kept
  findings_.Record(number, generation, certified->differences);
  const size_t bytes = 3072 + 2 * certified->view.certificate.size();  // strings, vectors and their heap blocks
  auto kept = std::make_shared<const CertifiedView>(std::move(*certified));
  views_.Put(key, kept, bytes);
  return kept;
}

MarkView Registry::Shown(const CertifiedView& certified, Instant now) {
  MarkView v = certified.view;
  if (certified.confirmed()) {
    v.status = StatusAt(v.mark, now);
  } else {
    v.status = MarkStatus::kUnknown;
    v.status_reason = "not_confirmed";
  }
  return v;
}

Result<MarkView> Registry::GetMark(const std::string& number) const {
  const Instant now = clock_.Now();
  // Read before the rows: a commit racing this read can only file fresh
  // data under an old generation, never stale data under a new one.
  const uint64_t generation = db_.Generation();
  // Applied to the copy returned, never to the view kept: the clock may be
  // right again at the next read.
  const ClockStanding standing = clock_watch_.Check(now);
  std::shared_ptr<const CertifiedView> certified;
  Status st = db_.Read([&](SQLite::Database& db) {
    certified = Certified(db, number, generation);
    return Status{};
  });
  if (!st) return st.error();
  if (!certified) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  MarkView shown = Shown(*certified, now);
  ApplyClockStanding(shown, standing);
  return shown;
}

Result<std::vector<Registry::MarkFinding>> Registry::CompareAllMarks(FactFindings::Tell tell,
                                                                     const std::atomic<bool>* stop) const {
  std::vector<MarkFinding> found;
  const uint64_t generation = db_.Generation();
  Status st = db_.Read([&](SQLite::Database& db) {
    std::vector<std::string> numbers;
    {
      storage::Query q(db, "SELECT number FROM marks ORDER BY serial");
      while (q->executeStep()) numbers.push_back(q->getColumn(0).getString());
    }
    // Every signature is new here: the cache of verified ones is left to
    // the public reads.
    const CertificateKeys keys = Keys(nullptr);
    for (const std::string& number : numbers) {
      if (stop != nullptr && stop->load())
        return Status(Error::Make(ErrorCode::kUnavailable, "stopped before every mark was compared"));
      auto certified = LoadCertifiedView(db, number, keys);
      std::vector<FactDifference> differences =
          certified ? std::move(certified->differences)
                    : std::vector<FactDifference>{
                          {"service", "a mark without its service or operator row", "its service and operator"}};
      findings_.Record(number, generation, differences, tell);
      if (!differences.empty()) found.push_back({number, std::move(differences)});
    }
    return Status{};
  });
  if (!st) return st.error();
  return found;
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
      if (value.size() > 200)
        bad("q", "must be at most 200 bytes");
      else if (!IsValidUtf8(value))
        bad("q", "must be valid UTF-8");
      else
        q.q = value;
    } else if (key == "scheme") {
      if (value.empty()) continue;
      q.scheme = ParseScheme(value);
      if (!q.scheme) bad("scheme", "must be isp or wifi");
    } else if (key == "status") {
      if (value.empty()) continue;
      q.status = ParseMarkStatus(value);
      if (!q.status)
        bad("status", "must be one of valid, not_yet_valid, expired, suspended, revoked, returned, unknown");
    } else if (key == "domain") {
      if (value.empty()) continue;
      auto d = NormalizeDomain("domain", value);
      if (!d)
        bad("domain", d.error().fields.at(0).message);
      else
        q.domain = *d;
    } else if (key == "ssid") {
      if (value.empty()) continue;
      if (auto st = ValidateSsid("ssid", value); !st)
        bad("ssid", st.error().fields.at(0).message);
      else
        q.ssid = value;
    } else if (key == "limit") {
      const auto n = ParseDecimal<int>(value, 1, kMaxSearchLimit);
      if (!n)
        bad("limit", "must be a whole number from 1 to " + std::to_string(kMaxSearchLimit));
      else
        q.limit = *n;
    } else if (key == "cursor") {
      if (value.empty()) continue;
      const auto raw = Base64UrlDecode(value);
      const auto serial = raw ? ParseDecimal<long long>(*raw, 0, 99'999'999'999) : std::nullopt;
      if (!serial)
        bad("cursor", "is not a cursor this server gave out");
      else
        q.after_serial = *serial;
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

namespace {

// What the SQL matched on rows and their search keys, matched again on the
// certified facts, by the same folding (common/search_key.h).
bool CertifiedMatch(const SearchQuery& query, const MarkView& v) {
  if (query.scheme && v.service.scheme != *query.scheme) return false;
  if (query.status && v.status != *query.status) return false;
  if (!query.q.empty()) {
    const std::string key = SearchKey(query.q);
    const std::string number = MarkNumberKey(query.q);
    if (key.empty()) return false;
    auto matches = [&](std::string_view text) {
      const std::string k = SearchKey(text);
      return query.whole_key ? k == key : k.find(key) != std::string::npos;
    };
    bool hit = query.whole_key ? v.mark.number == number : v.mark.number.find(number) != std::string::npos;
    for (const std::string* text :
         {&v.service.name, &v.service.name_en, &v.op.name, &v.op.name_en, &v.op.corporate_number})
      hit = hit || matches(*text);
    for (const auto* list : {&v.service.venues, &v.service.ssids})
      for (const std::string& text : *list) hit = hit || matches(text);
    if (!hit) return false;
  }
  if (!query.domain.empty()) {
    const json suffixes = DomainSuffixes(query.domain);
    bool hit = false;
    for (const std::string& d : v.service.domains)
      hit = hit || std::find(suffixes.begin(), suffixes.end(), d) != suffixes.end();
    if (!hit) return false;
  }
  if (!query.ssid.empty()) {
    const std::string skeleton = SsidSkeleton(query.ssid);
    if (std::none_of(v.service.ssids.begin(), v.service.ssids.end(),
                     [&](const std::string& ssid) { return SsidSkeleton(ssid) == skeleton; }))
      return false;
  }
  return true;
}

}  // namespace

Result<SearchPage> Registry::Search(const SearchQuery& query) const {
  Instant now = clock_.Now();
  std::string today = FormatDate(JstDate(now));
  const uint64_t generation = db_.Generation();
  const ClockStanding standing = clock_watch_.Check(now);
  SearchPage page;
  Status st = db_.Read([&](SQLite::Database& db) {
    long long after = query.after_serial;
    // Batches of rows that match, until a page of marks whose certified
    // facts match too is full, or the rows run out.
    while (true) {
      std::vector<std::pair<std::string, long long>> hits;
      {
        storage::Query s(db, R"sql(
SELECT m.number, m.serial FROM marks m
JOIN services s ON s.id = m.service_id
JOIN operators o ON o.id = s.operator_id
WHERE m.serial > :after
  AND (:scheme = '' OR s.scheme = :scheme)
  AND (:q = '' OR (:key <> '' AND (
        (:whole AND (m.number = :number OR s.id IN (SELECT service_id FROM search_keys WHERE key = :key)))
        OR (NOT :whole AND (instr(m.number, :number) > 0
            OR s.id IN (SELECT service_id FROM search_keys WHERE instr(key, :key) > 0))))))
  AND (:status = '' OR :status = CASE
        WHEN m.state = 'revoked' THEN 'revoked'
        WHEN m.state = 'returned' THEN 'returned'
        WHEN m.state = 'suspended' THEN 'suspended'
        WHEN :clock_behind THEN 'unknown'
        WHEN :today < m.valid_from THEN 'not_yet_valid'
        WHEN :today > m.valid_until THEN 'expired'
        ELSE 'valid' END)
  AND (:domain = '' OR EXISTS (SELECT 1 FROM service_domains d WHERE d.service_id = s.id
        AND d.domain IN (SELECT value FROM json_each(:suffixes))))
  AND (:ssid = '' OR EXISTS (SELECT 1 FROM service_ssids x WHERE x.service_id = s.id AND x.skeleton = :skeleton))
ORDER BY m.serial
LIMIT :limit
)sql");
        s->bind(":after", static_cast<int64_t>(after));
        s->bind(":scheme", query.scheme ? std::string(ToString(*query.scheme)) : std::string());
        s->bind(":q", query.q);
        s->bind(":key", SearchKey(query.q));
        s->bind(":number", MarkNumberKey(query.q));
        s->bind(":whole", query.whole_key ? 1 : 0);
        // "unknown" is decided by the certified facts (not_confirmed) as well
        // as by the clock: the rows cannot tell, so CertifiedMatch filters.
        s->bind(":status", query.status && *query.status != MarkStatus::kUnknown ? std::string(ToString(*query.status))
                                                                                 : std::string());
        s->bind(":today", today);
        s->bind(":clock_behind", standing.behind ? 1 : 0);
        s->bind(":domain", query.domain);
        s->bind(":suffixes", JsonText(DomainSuffixes(query.domain)));
        s->bind(":ssid", query.ssid);
        s->bind(":skeleton", SsidSkeleton(query.ssid));
        s->bind(":limit", query.limit + 1);  // one more tells whether a next page exists
        while (s->executeStep()) hits.emplace_back(s->getColumn(0).getString(), s->getColumn(1).getInt64());
      }
      const bool more = static_cast<int>(hits.size()) > query.limit;
      if (more) hits.pop_back();
      for (size_t i = 0; i < hits.size(); ++i) {
        const auto& [number, serial] = hits[i];
        after = serial;
        auto certified = Certified(db, number, generation);
        if (!certified) continue;
        MarkView shown = Shown(*certified, now);
        ApplyClockStanding(shown, standing);
        if (!CertifiedMatch(query, shown)) continue;
        page.items.push_back(std::move(shown));
        if (static_cast<int>(page.items.size()) == query.limit) {
          if (more || i + 1 < hits.size()) page.next_cursor = Base64UrlEncode(std::to_string(serial));
          return Status{};
        }
      }
      if (!more) return Status{};
    }
  });
  if (!st) return st.error();
  // The exact SSID first: a look-alike one is another network.
  if (!query.ssid.empty())
    std::stable_partition(page.items.begin(), page.items.end(), [&](const MarkView& v) {
      return std::find(v.service.ssids.begin(), v.service.ssids.end(), query.ssid) != v.service.ssids.end();
    });
  return page;
}

Result<std::vector<MarkEvent>> Registry::History(const std::string& number) const {
  std::vector<MarkEvent> events;
  bool found = false;
  Status st = db_.Read([&](SQLite::Database& db) {
    found = storage::LoadMark(db, number).has_value();
    storage::Query q(db,
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
    op = storage::LoadOperator(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!op) return Error::Make(ErrorCode::kNotFound, "no operator " + id);
  return std::move(*op);
}

Result<std::vector<Contact>> Registry::GetContacts(const std::string& operator_id) const {
  std::vector<Contact> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    out = storage::LoadContacts(db, operator_id);
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
  const uint64_t generation = db_.Generation();
  Status st = db_.Read([&](SQLite::Database& db) {
    auto mine = Certified(db, number, generation);
    if (!mine) return Status{};
    auto service = storage::LoadService(db, mine->view.service.id);
    if (!service) return Status{};
    found = true;
    // Found through the rows; shown only as far as the certificates (this
    // mark's, and the other's when it has a mark) carry the identifiers.
    auto carries = [](const Service& s, const IdentifierNeighbour& n, const std::string& id) {
      const auto& list = n.kind == IdentifierNeighbour::Kind::kSharedDomain ? s.domains : s.ssids;
      return std::find(list.begin(), list.end(), id) != list.end();
    };
    for (IdentifierNeighbour& n : NeighboursOf(db, *service)) {
      if (!carries(mine->view.service, n, n.mine)) continue;
      if (!n.number.empty()) {
        auto theirs = Certified(db, n.number, generation);
        if (!theirs || !carries(theirs->view.service, n, n.theirs)) continue;
        n.service_name = theirs->view.service.name;
        n.service_name_en = theirs->view.service.name_en;
        n.operator_name = theirs->view.op.name;
        n.operator_name_en = theirs->view.op.name_en;
      }
      out.push_back(std::move(n));
    }
    return Status{};
  });
  if (!st) return st.error();
  if (!found) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + number);
  return out;
}

Result<Service> Registry::GetService(const std::string& id) const {
  std::optional<Service> s;
  Status st = db_.Read([&](SQLite::Database& db) {
    s = storage::LoadService(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!s) return Error::Make(ErrorCode::kNotFound, "no service " + id);
  return std::move(*s);
}

Result<std::vector<Operator>> Registry::ListOperators() const {
  std::vector<Operator> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    storage::Query q(db, "SELECT id FROM operators ORDER BY created_at, id");
    while (q->executeStep())
      if (auto op = storage::LoadOperator(db, q->getColumn(0).getString())) out.push_back(std::move(*op));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<Service>> Registry::ListServices(const std::string& operator_id) const {
  std::vector<Service> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    storage::Query q(db, "SELECT id FROM services WHERE (? = '' OR operator_id = ?) ORDER BY created_at, id");
    q->bind(1, operator_id);
    q->bind(2, operator_id);
    while (q->executeStep())
      if (auto s = storage::LoadService(db, q->getColumn(0).getString())) out.push_back(std::move(*s));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<MarkView>> Registry::WithdrawnMarks() const {
  std::vector<MarkView> out;
  Instant now = clock_.Now();
  const uint64_t generation = db_.Generation();
  Status st = db_.Read([&](SQLite::Database& db) {
    // The rows' state or any withdrawal in the history proposes; the
    // history decides.
    storage::Query q(db,
                     "SELECT m.number FROM marks m WHERE m.state IN ('suspended', 'revoked', 'returned') "
                     "OR EXISTS (SELECT 1 FROM mark_events e WHERE e.number = m.number "
                     "AND e.kind IN ('suspended', 'revoked', 'returned')) ORDER BY m.serial");
    std::vector<std::string> numbers;
    while (q->executeStep()) numbers.push_back(q->getColumn(0).getString());
    for (const std::string& number : numbers) {
      auto certified = Certified(db, number, generation);
      if (!certified) continue;
      const Mark& m = certified->view.mark;
      if (m.suspended || m.revoked || m.returned) out.push_back(Shown(*certified, now));
    }
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<std::string>> Registry::MarksByCurrentCertificate(const CurrentCertificateSelector& sel) const {
  std::vector<std::string> out;
  Status st = db_.Read([&](SQLite::Database& db) {
    storage::Query q(db,
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
    storage::Query q(
        db,
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
