// The schema, as numbered migrations. Never edit a migration that has
// shipped: add the next one. PRAGMA user_version records the number applied.
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <map>
#include <mutex>
#include <tuple>
#include <sqlite3.h>

#include "common/reversed_domain.h"
#include "common/search_key.h"
#include "common/ssid_skeleton.h"
#include "storage/database.h"
#include "storage/lookalike_keys.h"

namespace mark::storage {

namespace {

// Append-only tables refuse UPDATE and DELETE in the database itself, so not
// even a hand-written SQL statement rewrites history silently.
#define MARK_APPEND_ONLY(table)                                                                     \
  "CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table " BEGIN SELECT RAISE(ABORT, '" table \
  " is append-only'); END;"                                                                         \
  "CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table " BEGIN SELECT RAISE(ABORT, '" table \
  " is append-only'); END;"

constexpr const char* kMigrations[] = {
    // 1: the registry.
    R"sql(
CREATE TABLE operators (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  corporate_number TEXT NOT NULL,
  website TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX operators_corporate_number ON operators(corporate_number) WHERE corporate_number <> '';

CREATE TABLE services (
  id TEXT PRIMARY KEY,
  operator_id TEXT NOT NULL REFERENCES operators(id),
  scheme TEXT NOT NULL CHECK (scheme IN ('isp', 'wifi')),
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX services_operator ON services(operator_id);

CREATE TABLE service_domains (
  service_id TEXT NOT NULL REFERENCES services(id),
  position INTEGER NOT NULL,
  domain TEXT NOT NULL,
  PRIMARY KEY (service_id, position),
  UNIQUE (service_id, domain)
);
CREATE INDEX service_domains_domain ON service_domains(domain);

CREATE TABLE service_ssids (
  service_id TEXT NOT NULL REFERENCES services(id),
  position INTEGER NOT NULL,
  ssid TEXT NOT NULL,
  PRIMARY KEY (service_id, position),
  UNIQUE (service_id, ssid)
);
CREATE INDEX service_ssids_ssid ON service_ssids(ssid);

CREATE TABLE service_venues (
  service_id TEXT NOT NULL REFERENCES services(id),
  position INTEGER NOT NULL,
  venue TEXT NOT NULL,
  PRIMARY KEY (service_id, position)
);

CREATE TABLE marks (
  number TEXT PRIMARY KEY,
  serial INTEGER NOT NULL UNIQUE CHECK (serial > 0),
  service_id TEXT NOT NULL UNIQUE REFERENCES services(id),
  first_review_body TEXT NOT NULL CHECK (first_review_body IN ('J', 'T', 'D')),
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL CHECK (valid_until >= valid_from),
  granted_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
  suspended_at TEXT,
  suspension_reason TEXT NOT NULL DEFAULT '',
  suspension_code TEXT NOT NULL DEFAULT '',
  revoked_at TEXT,
  revocation_reason TEXT NOT NULL DEFAULT '',
  revocation_code TEXT NOT NULL DEFAULT '',
  imported INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  current_certificate_id INTEGER REFERENCES certificates(id)
);

CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL REFERENCES marks(number),
  kid TEXT NOT NULL,
  jws TEXT NOT NULL,
  payload TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  not_before TEXT NOT NULL,
  expires TEXT NOT NULL,
  log_index INTEGER
);
CREATE INDEX certificates_number ON certificates(number);
CREATE INDEX certificates_kid ON certificates(kid);

CREATE TABLE mark_events (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL REFERENCES marks(number),
  kind TEXT NOT NULL CHECK (kind IN ('granted', 'imported', 'renewed', 'suspended', 'reinstated', 'revoked')),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  certificate_id INTEGER REFERENCES certificates(id),
  log_index INTEGER
);
CREATE INDEX mark_events_number ON mark_events(number);

CREATE TABLE log_entries (
  idx INTEGER PRIMARY KEY CHECK (idx >= 0),
  leaf_input BLOB NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE checkpoints (
  tree_size INTEGER PRIMARY KEY,
  root_hash BLOB NOT NULL,
  note TEXT NOT NULL,
  signed_at TEXT NOT NULL
);

CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('secretariat', 'reviewer', 'auditor')),
  token_hash BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE idempotency_keys (
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  result_kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor, key)
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  remote TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  what TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)sql" MARK_APPEND_ONLY("log_entries") MARK_APPEND_ONLY("mark_events") MARK_APPEND_ONLY("audit")
    "CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates"
    " BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END;"
    "CREATE TRIGGER certificates_no_rewrite BEFORE UPDATE OF jws, payload, kid, number ON certificates"
    " BEGIN SELECT RAISE(ABORT, 'certificates are never rewritten'); END;",
    // 2: reviews: criteria sets as imported, applications per
    // service, reviews with their decisions, security diagnoses (item 2-1-1),
    // fees, and which review each grant or renewal rests on. Reviews and
    // diagnoses are append-only: a second look is a new record.
    R"sql(
CREATE TABLE criteria_sets (
  id TEXT PRIMARY KEY,
  scheme TEXT NOT NULL CHECK (scheme IN ('isp', 'wifi')),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  json_text TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(id),
  kind TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
  first_review_body TEXT NOT NULL CHECK (first_review_body IN ('J', 'T', 'D')),
  session TEXT NOT NULL,
  application_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'passed', 'failed')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX applications_service ON applications(service_id);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  criteria_id TEXT NOT NULL REFERENCES criteria_sets(id),
  answers TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL,
  pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
  provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
  decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL
);
CREATE INDEX reviews_application ON reviews(application_id);

CREATE TABLE review_uses (
  review_id TEXT PRIMARY KEY REFERENCES reviews(id),
  number TEXT NOT NULL REFERENCES marks(number),
  action TEXT NOT NULL CHECK (action IN ('grant', 'renew')),
  provisional_accepted INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL
);

CREATE TABLE diagnosis_reports (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  report TEXT NOT NULL,
  decision TEXT NOT NULL,
  pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX diagnosis_reports_application ON diagnosis_reports(application_id);

CREATE TABLE fees (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL CHECK (kind IN ('new_review', 'renewal_review', 'annual_usage')),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  due TEXT,
  paid_on TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (application_id, kind)
);
)sql" MARK_APPEND_ONLY("reviews") MARK_APPEND_ONLY("diagnosis_reports") MARK_APPEND_ONLY("review_uses")
    "CREATE TRIGGER criteria_sets_no_rewrite BEFORE UPDATE ON criteria_sets"
    " BEGIN SELECT RAISE(ABORT, 'criteria sets are versioned by id, never rewritten'); END;",
    // 3: calendar feed tokens (role 'calendar'). SQLite cannot widen a CHECK
    // in place: the table is copied, ids and hashes unchanged.
    R"sql(
CREATE TABLE tokens_v3 (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('secretariat', 'reviewer', 'auditor', 'calendar')),
  token_hash BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
INSERT INTO tokens_v3 (id, name, role, token_hash, created_at, revoked_at)
  SELECT id, name, role, token_hash, created_at, revoked_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_v3 RENAME TO tokens;
)sql",
    // 4: the registry's own facts (its issuer; `registry_meta`), the
    // permanent `returned` state beside `revoked` (the holder gave the mark
    // back or the service ended), and history kinds for amendments and
    // re-issued certificates. marks and mark_events are copied to widen their
    // CHECKs (Migrate turns foreign keys off around a migration, as SQLite's
    // documented table rebuild needs); ids, numbers and rows are unchanged.
    R"sql(
CREATE TABLE registry_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE marks_v4 (
  number TEXT PRIMARY KEY,
  serial INTEGER NOT NULL UNIQUE CHECK (serial > 0),
  service_id TEXT NOT NULL UNIQUE REFERENCES services(id),
  first_review_body TEXT NOT NULL CHECK (first_review_body IN ('J', 'T', 'D')),
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL CHECK (valid_until >= valid_from),
  granted_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked', 'returned')),
  suspended_at TEXT,
  suspension_reason TEXT NOT NULL DEFAULT '',
  suspension_code TEXT NOT NULL DEFAULT '',
  revoked_at TEXT,
  revocation_reason TEXT NOT NULL DEFAULT '',
  revocation_code TEXT NOT NULL DEFAULT '',
  returned_at TEXT,
  return_reason TEXT NOT NULL DEFAULT '',
  return_code TEXT NOT NULL DEFAULT '',
  imported INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  current_certificate_id INTEGER REFERENCES certificates(id)
);
INSERT INTO marks_v4 (number, serial, service_id, first_review_body, valid_from, valid_until, granted_at, state,
                      suspended_at, suspension_reason, suspension_code, revoked_at, revocation_reason,
                      revocation_code, imported, version, current_certificate_id)
  SELECT number, serial, service_id, first_review_body, valid_from, valid_until, granted_at, state,
         suspended_at, suspension_reason, suspension_code, revoked_at, revocation_reason,
         revocation_code, imported, version, current_certificate_id FROM marks;
DROP TABLE marks;
ALTER TABLE marks_v4 RENAME TO marks;

CREATE TABLE mark_events_v4 (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL REFERENCES marks(number),
  kind TEXT NOT NULL CHECK (kind IN ('granted', 'imported', 'renewed', 'suspended', 'reinstated', 'revoked',
                                     'returned', 'amended', 'reissued')),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  certificate_id INTEGER REFERENCES certificates(id),
  log_index INTEGER
);
INSERT INTO mark_events_v4 (id, number, kind, at, actor, reason, valid_from, valid_until, certificate_id, log_index)
  SELECT id, number, kind, at, actor, reason, valid_from, valid_until, certificate_id, log_index FROM mark_events;
DROP TABLE mark_events;
ALTER TABLE mark_events_v4 RENAME TO mark_events;
CREATE INDEX mark_events_number ON mark_events(number);
)sql" MARK_APPEND_ONLY("mark_events"),
    // 5: the council's rules at grant and renewal. marks.first_review_date
    // anchors the yearly renewal-due month (registry/validity.h
    // RenewalWindow): the application date of the review a grant rested on,
    // or an imported mark's valid_from. Fees may be waived by the
    // secretariat, with who, when and why (waived_at NULL: not waived).
    R"sql(
ALTER TABLE marks ADD COLUMN first_review_date TEXT NOT NULL DEFAULT '';
UPDATE marks SET first_review_date = COALESCE(
  (SELECT a.application_date FROM review_uses u JOIN reviews r ON r.id = u.review_id
     JOIN applications a ON a.id = r.application_id WHERE u.number = marks.number AND u.action = 'grant'),
  valid_from);

ALTER TABLE fees ADD COLUMN waived_at TEXT;
ALTER TABLE fees ADD COLUMN waived_by TEXT NOT NULL DEFAULT '';
ALTER TABLE fees ADD COLUMN waive_reason TEXT NOT NULL DEFAULT '';
)sql",
    // 6: amendments. Operators and services carry a version that moves with
    // their certified facts; operators' contacts (never public); domains
    // shared with another operator's service, declared by the secretariat
    // with a public reason; and keys that find overlapping identifiers
    // through an index: each domain reversed (a domain under d reverses to
    // one starting with reversed(d) + ".") and each SSID's skeleton
    // (common/ssid_skeleton.h). Both are computed by functions Migrate registers.
    R"sql(
ALTER TABLE operators ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE services ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE operator_contacts (
  operator_id TEXT NOT NULL REFERENCES operators(id),
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('renewal', 'billing', 'security')),
  email TEXT NOT NULL,
  PRIMARY KEY (operator_id, position)
);

CREATE TABLE service_shared_domains (
  service_id TEXT NOT NULL REFERENCES services(id),
  domain TEXT NOT NULL,
  reason TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  declared_by TEXT NOT NULL,
  PRIMARY KEY (service_id, domain)
);

ALTER TABLE service_domains ADD COLUMN reversed TEXT NOT NULL DEFAULT '';
UPDATE service_domains SET reversed = mark_reversed(domain);
CREATE INDEX service_domains_reversed ON service_domains(reversed);

ALTER TABLE service_ssids ADD COLUMN skeleton TEXT NOT NULL DEFAULT '';
UPDATE service_ssids SET skeleton = mark_ssid_skeleton(ssid);
CREATE INDEX service_ssids_skeleton ON service_ssids(skeleton);
)sql",
    // 7: a signed certificate is never changed, in any column: every UPDATE
    // of certificates is refused (migration 1 refused only some columns;
    // the log index is now part of the row when it is inserted).
    "DROP TRIGGER certificates_no_rewrite;"
    "CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates"
    " BEGIN SELECT RAISE(ABORT, 'certificates are never rewritten'); END;",
    // 8: look-alike names. Each operator's and service's name and name_en
    // under its look-alike key (common/text.h LookalikeKey) and the instant
    // it took that key, so names of different operators that look the same
    // are found through an index (registry/attention.h, lookalike_name) and the newer
    // one is told from the older. The registry writes the rows with the
    // names (storage/lookalike_keys.h); RefreshLookalikeKeys, run after the
    // migrations, makes them for names stored before.
    R"sql(
CREATE TABLE name_keys (
  owner TEXT NOT NULL CHECK (owner IN ('operator', 'service')),
  id TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('name', 'name_en')),
  operator_id TEXT NOT NULL REFERENCES operators(id),
  key TEXT NOT NULL,
  named_at TEXT NOT NULL,
  PRIMARY KEY (owner, id, field)
);
CREATE INDEX name_keys_key ON name_keys(key, operator_id);
)sql",
    // 9: what anyone can send stays bounded. Refused bearer tokens are
    // counted per address and UTC minute (auth_failures; instants as
    // FormatInstant writes them, so text order is time order), with the
    // hours whose audit row an address already has (auth_failure_audits)
    // and the floods they add up to (token_floods): registry/failed_attempts.h.
    // Misuse reports get a lifecycle (new, investigating, closed, with the
    // secretariat's note), a key that finds duplicates of an open report on
    // the same mark, and whether they carry no text (registry/reports.h); reports
    // dropped while the queue of open ones is full are counted per JST day
    // and reason. registry/retention.h prunes what is kept only a while.
    R"sql(
CREATE TABLE auth_failures (
  remote TEXT NOT NULL,
  minute TEXT NOT NULL,
  refused INTEGER NOT NULL DEFAULT 0 CHECK (refused >= 0),
  blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked >= 0),
  PRIMARY KEY (remote, minute)
);
CREATE INDEX auth_failures_minute ON auth_failures(minute);

CREATE TABLE auth_failure_audits (
  hour TEXT NOT NULL,
  remote TEXT NOT NULL,
  PRIMARY KEY (hour, remote)
);

CREATE TABLE token_floods (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  addresses INTEGER NOT NULL
);

ALTER TABLE reports ADD COLUMN status TEXT NOT NULL DEFAULT 'new'
  CHECK (status IN ('new', 'investigating', 'closed'));
ALTER TABLE reports ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN updated_at TEXT;
ALTER TABLE reports ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN what_key TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN without_text INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reports_status ON reports(status, id);
CREATE INDEX reports_duplicate ON reports(number, what_key);

CREATE TABLE report_drops (
  day TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('duplicate', 'without_text', 'queue_full')),
  count INTEGER NOT NULL,
  PRIMARY KEY (day, reason)
);
)sql",
    // 10: search keys (common/search_key.h: NFKC with case folding, katakana
    // as hiragana, no separators) of each service's names, venues and SSIDs
    // and of its operator's names and corporate number, one row per distinct
    // key; the registry writes them with every change of those facts
    // (registry/search_index.h). Filled here by mark_search_key, which
    // Migrate registers.
    R"sql(
CREATE TABLE search_keys (
  service_id TEXT NOT NULL REFERENCES services(id),
  key TEXT NOT NULL,
  PRIMARY KEY (service_id, key)
);
CREATE INDEX search_keys_key ON search_keys(key);
INSERT OR IGNORE INTO search_keys (service_id, key)
SELECT service_id, k FROM (
  SELECT id AS service_id, mark_search_key(name) AS k FROM services
  UNION ALL SELECT id, mark_search_key(name_en) FROM services
  UNION ALL SELECT s.id, mark_search_key(o.name) FROM services s JOIN operators o ON o.id = s.operator_id
  UNION ALL SELECT s.id, mark_search_key(o.name_en) FROM services s JOIN operators o ON o.id = s.operator_id
  UNION ALL SELECT s.id, mark_search_key(o.corporate_number) FROM services s JOIN operators o ON o.id = s.operator_id
  UNION ALL SELECT service_id, mark_search_key(venue) FROM service_venues
  UNION ALL SELECT service_id, mark_search_key(ssid) FROM service_ssids
) WHERE k <> '';
)sql",
    // 11: notices (registry/outbox.h). The outbox holds every e-mail and
    // webhook delivery the registry owes, written in the transaction of the
    // change that causes it (or by the scheduler, once per notice_key) and
    // kept after delivery as the record of what went out, when and to whom.
    // A pending notice that no longer applies is dropped with its reason; in
    // a supersede group (a mark's reminders and expiry notice for one
    // valid_until, a fee's reminder and overdue notice) only the highest
    // rank goes out. Webhook endpoints keep their signing secret sealed
    // with keys/webhook.key (notify/webhook_key.h), so a database backup
    // holds no secret; a removed endpoint stays (deleted_at) for the record.
    // sending_since marks a mail handed to the server whose outcome is not
    // recorded yet: after a crash it is delivered again, never dropped.
    // The scheduler finds marks near their end by valid_until.
    R"sql(
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  notice_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('mail', 'webhook')),
  kind TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  operator_id TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  endpoint_id TEXT NOT NULL DEFAULT '',
  supersede_group TEXT NOT NULL DEFAULT '',
  rank INTEGER NOT NULL DEFAULT 0,
  message_id TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  facts TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'dropped', 'skipped')),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  first_attempt_at TEXT,
  last_attempt_at TEXT,
  last_error TEXT NOT NULL DEFAULT '',
  recipients TEXT NOT NULL DEFAULT '',
  done_at TEXT,
  reason TEXT NOT NULL DEFAULT '',
  sending_since TEXT
);
CREATE INDEX outbox_due ON outbox(channel, next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_number ON outbox(number, state);
CREATE INDEX outbox_group ON outbox(supersede_group, rank) WHERE supersede_group <> '';
CREATE INDEX outbox_endpoint_mark ON outbox(endpoint_id, number, id) WHERE channel = 'webhook';

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  marks TEXT NOT NULL DEFAULT '[]',
  operator_id TEXT NOT NULL DEFAULT '',
  secret_box TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  deleted_at TEXT
);

CREATE INDEX marks_valid_until ON marks(valid_until);
)sql",
};

// SQL functions the migrations call: the registry computes the same values
// in C++ for every new row (ReversedDomain, SsidSkeleton, SearchKey).
void TextFunction(sqlite3_context* ctx, int, sqlite3_value** argv, std::string (*fn)(std::string_view)) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  if (!text) return sqlite3_result_null(ctx);
  std::string out =
      fn(std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}
void ReversedDomainSql(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  TextFunction(ctx, argc, argv, [](std::string_view d) { return ReversedDomain(d); });
}
void SsidSkeletonSql(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  TextFunction(ctx, argc, argv, [](std::string_view s) { return SsidSkeleton(s); });
}
void SearchKeySql(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  TextFunction(ctx, argc, argv, [](std::string_view s) { return SearchKey(s); });
}
void RegisterMigrationFunctions(SQLite::Database& db) {
  db.createFunction("mark_reversed", 1, true, nullptr, &ReversedDomainSql);
  db.createFunction("mark_ssid_skeleton", 1, true, nullptr, &SsidSkeletonSql);
  db.createFunction("mark_search_key", 1, true, nullptr, &SearchKeySql);
}

// One object of sqlite_master as the schema check compares it.
struct SchemaObject {
  std::string type;  // table | index | trigger | view
  std::string table;
  std::string sql;  // whitespace runs folded to one space
};
using Schema = std::map<std::string, SchemaObject>;  // by name

std::string FoldSpaces(const std::string& sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// SQLite's own objects (sqlite_autoindex_*, sqlite_sequence) follow from
// ours and are left out.
Schema ReadSchema(SQLite::Database& db) {
  Schema schema;
  SQLite::Statement q(db,
                      "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master "
                      "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  while (q.executeStep())
    schema[q.getColumn(1).getString()] =
        SchemaObject{q.getColumn(0).getString(), q.getColumn(2).getString(), FoldSpaces(q.getColumn(3).getString())};
  return schema;
}

// What migrations 1..version make on an empty database, made once per
// version in memory by the very migrations Migrate runs.
const Schema& ExpectedSchema(int version) {
  static std::mutex mu;
  static std::map<int, Schema> made;
  std::lock_guard lock(mu);
  auto it = made.find(version);
  if (it != made.end()) return it->second;
  SQLite::Database mem(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  mem.exec("PRAGMA foreign_keys = OFF");
  RegisterMigrationFunctions(mem);
  for (int v = 0; v < version && v < static_cast<int>(std::size(kMigrations)); ++v) mem.exec(kMigrations[v]);
  return made.emplace(version, ReadSchema(mem)).first->second;
}

// Keys made from ICU's data, made again when that data changed
// (lookalike_keys.h); a no-op read when it did not.
void RefreshKeys(SQLite::Database& db) {
  if (LookalikeKeysCurrent(db)) return;
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  if (!LookalikeKeysCurrent(db)) RefreshLookalikeKeys(db);  // another process may have done it meanwhile
  tx.commit();
}

}  // namespace

std::vector<std::string> SchemaDifferences(SQLite::Database& db, int version) {
  const Schema& expected = ExpectedSchema(version);
  const Schema actual = ReadSchema(db);
  std::vector<std::string> out;
  for (const auto& [name, want] : expected) {
    auto it = actual.find(name);
    if (it == actual.end())
      out.push_back(want.type + " " + name + " is missing");
    else if (it->second.type != want.type || it->second.table != want.table || it->second.sql != want.sql)
      out.push_back(want.type + " " + name + " differs");
  }
  for (const auto& [name, have] : actual)
    if (!expected.count(name)) out.push_back(have.type + " " + name + " is not ours");
  return out;
}

Result<int> Migrate(SQLite::Database& db) {
  SQLite::Statement q(db, "PRAGMA user_version");
  q.executeStep();
  int version = q.getColumn(0).getInt();
  q.reset();
  constexpr int kNewest = static_cast<int>(std::size(kMigrations));
  if (version > kNewest)
    return Error::Make(ErrorCode::kInternal, "database schema " + std::to_string(version) +
                                                 " is newer than this program (" + std::to_string(kNewest) + ")");
  if (version == kNewest) {
    RefreshKeys(db);
    return kNewest;
  }
  RegisterMigrationFunctions(db);
  // A migration may rebuild a table that others reference (SQLite's
  // "generalized ALTER TABLE"): foreign keys are off while it runs, and the
  // references are checked before it commits.
  db.exec("PRAGMA foreign_keys = OFF");
  for (int v = version; v < kNewest; ++v) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(kMigrations[v]);
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    if (fk.executeStep()) {
      std::string table = fk.getColumn(0).getString();
      fk.reset();
      db.exec("PRAGMA foreign_keys = ON");
      return Error::Make(ErrorCode::kInternal,
                         "schema migration " + std::to_string(v + 1) + " would leave a dangling reference in " + table);
    }
    fk.reset();
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));  // an integer we own, not input
    tx.commit();
  }
  db.exec("PRAGMA foreign_keys = ON");
  RefreshKeys(db);
  return kNewest;
}

}  // namespace mark::storage
