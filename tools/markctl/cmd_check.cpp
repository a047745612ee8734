// markctl check --db PATH --keys DIR: an offline audit of a registry database
//, for a backup, a restored copy, or after a crash:
//   1. SQLite's integrity_check;
//   2. the transparency log recomputes to the signed root of its newest
//      checkpoint (signature checked with keys/log.key), every stored
//      checkpoint is a prefix of it, and no entry lies beyond it;
//   3. every stored certificate verifies against the key folder's public keys
//      (active, published and, reported apart, retired ones) and is the
//      certificate its log entry records;
//   4. every mark's state, validity and current certificate agree with its
//      mark_events history, its current certificate is its newest one (every
//      older one is superseded), and each status event is the one its log
//      entry records;
//   5. everything the public sees of every mark (status and its reasons,
//      validity, service names, domains, SSIDs, venues, operator names,
//      website, corporate number) is what its current certificate and its
//      history say (registry/certified_facts.h): each difference fails,
//      naming the mark, the field and both values; and every certificate
//      row's columns say what its JWS says.
// With --state DIR (the live registry's state, registry/registry_state.h) it
// also says, as information, how the database stands against it: a backup is
// "behind the live state by N entries".
// It lists, as information, every stored name the text rules would now
// refuse or store otherwise (registry/stored_text.h): names accepted before
// the rules stay as stored until a person amends them, and a failure here
// would make `markctl backup` throw away every backup of such a registry.
// The database is opened read-only (safe beside a running markd).
// Exit 0 when everything holds, 1 when something does not (each problem on
// one stdout line starting "FAIL"), 2 on usage or set-up errors.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command.h"
#include "registry_access.h"
#include "common/base64.h"
#include "common/json_text.h"
#include "common/jst.h"
#include "common/terminal_text.h"
#include "common/text.h"
#include "common/atomic_file.h"
#include "crypto/key_store.h"
#include "crypto/verifier.h"
#include "registry/certified_facts.h"
#include "storage/database.h"
#include "tlog/log_key.h"
#include "registry/registry_state.h"
#include "registry/stored_text.h"
#include "tlog/transparency_log.h"
#include "tlog/checkpoint.h"
#include "tlog/merkle.h"
#include "tlog/note.h"

namespace markctl::cmd_check {
namespace {

namespace fs = std::filesystem;
namespace tlog = mark::tlog;
using nlohmann::json;

class Report {
 public:
  void Fail(const std::string& what) {
    ++failures_;
    if (failures_ <= kMaxLines) std::cout << "FAIL: " << what << "\n";
  }
  void Ok(const std::string& what) { std::cout << "ok: " << what << "\n"; }
  int failures() const { return failures_; }

 private:
  static constexpr int kMaxLines = 50;
  int failures_ = 0;
};

// The key name of a note's first signature line ("— name base64").
std::optional<std::string> SignerName(const std::string& note) {
  const size_t blank = note.find("\n\n");
  if (blank == std::string::npos) return std::nullopt;
  const std::string dash = "\xE2\x80\x94 ";
  const size_t at = blank + 2;
  if (note.compare(at, dash.size(), dash) != 0) return std::nullopt;
  const size_t name_start = at + dash.size();
  const size_t space = note.find(' ', name_start);
  if (space == std::string::npos) return std::nullopt;
  return note.substr(name_start, space - name_start);
}

// Leaf inputs by index, parsed back to JSON (null when not JSON).
struct Log {
  std::vector<std::string> leaves;
  tlog::MerkleTree tree;
  json Event(long long index) const {
    if (index < 0 || static_cast<size_t>(index) >= leaves.size()) return nullptr;
    json j = json::parse(leaves[static_cast<size_t>(index)], nullptr, false);
    return j.is_discarded() ? json(nullptr) : j;
  }
};

Log CheckLog(SQLite::Database& db, const std::optional<mark::tlog::LogKey>& key, Report& r) {
  Log log;
  for (auto& e : mark::tlog::ReadLogEntries(db, 0, std::numeric_limits<int64_t>::max())) {
    log.tree.AppendLeafInput(e.leaf_input);
    log.leaves.push_back(std::move(e.leaf_input));
  }
  SQLite::Statement total(db, "SELECT COUNT(*) FROM log_entries");
  total.executeStep();
  if (static_cast<size_t>(total.getColumn(0).getInt64()) != log.leaves.size())
    r.Fail("log_entries indexes are not 0.." + std::to_string(log.leaves.size() - 1) + " without gaps");
  const uint64_t size = log.tree.Size();

  SQLite::Statement q(db, "SELECT tree_size, root_hash, note FROM checkpoints ORDER BY tree_size");
  uint64_t latest_size = 0;
  std::string latest_note;
  int rows = 0, bad_rows = 0;
  while (q.executeStep()) {
    ++rows;
    const uint64_t cp_size = static_cast<uint64_t>(q.getColumn(0).getInt64());
    const SQLite::Column root_col = q.getColumn(1);
    auto root = tlog::HashFromBytes(
        std::string_view(static_cast<const char*>(root_col.getBlob()), static_cast<size_t>(root_col.getBytes())));
    latest_size = cp_size;
    latest_note = q.getColumn(2).getString();
    if (cp_size > size) {
      ++bad_rows;
      r.Fail("checkpoint of size " + std::to_string(cp_size) + " but only " + std::to_string(size) + " entries");
      continue;
    }
    if (!root || log.tree.RootAt(cp_size).value() != *root) {
      ++bad_rows;
      r.Fail("REWRITE: the first " + std::to_string(cp_size) + " entries hash to " +
             tlog::HashToBase64(log.tree.RootAt(cp_size).value()) + ", not to the stored checkpoint root");
    }
  }
  if (rows == 0) {
    if (size > 0)
      r.Fail("the log has " + std::to_string(size) + " entries but no signed checkpoint");
    else
      r.Ok("transparency log is empty");
    return log;
  }
  if (latest_size < size)
    r.Fail(std::to_string(size - latest_size) + " log entries lie beyond the newest checkpoint (size " +
           std::to_string(latest_size) + ")");
  if (!key) return log;
  auto name = SignerName(latest_note);
  if (!name) {
    r.Fail("the newest checkpoint note has no signature line");
    return log;
  }
  auto cp = tlog::OpenCheckpoint(latest_note, key->VerifierKey(*name));
  if (!cp) {
    r.Fail("the newest checkpoint does not verify with the log key: " + cp.error().message);
    return log;
  }
  if (cp->size != latest_size) r.Fail("the newest checkpoint's note states another size");
  if (cp->size <= size && log.tree.RootAt(cp->size).value() != cp->root)
    r.Fail("REWRITE: the " + std::to_string(cp->size) + " entries hash to " +
           tlog::HashToBase64(log.tree.RootAt(cp->size).value()) + ", not to the signed root " +
           tlog::HashToBase64(cp->root));
  else if (bad_rows == 0)
    r.Ok("transparency log: " + std::to_string(size) + " entries recompute to the signed root " +
         tlog::HashToBase64(cp->root) + " (" + cp->origin + "); " + std::to_string(rows) + " checkpoints consistent");
  return log;
}

// Public keys of every key in the folder, retired ones apart.
struct Keys {
  mark::crypto::Jwks live;  // active + published
  mark::crypto::Jwks retired;
};

std::optional<Keys> LoadKeys(const fs::path& dir) {
  auto list = mark::crypto::KeyStore::List(dir);
  if (!list) {
    std::cerr << "markctl check: " << list.error().message << "\n";
    return std::nullopt;
  }
  json live = {{"keys", json::array()}}, retired = {{"keys", json::array()}};
  for (const auto& k : *list) {
    auto text = mark::ReadWholeFile(dir / (k.kid + ".jwk"));
    json jwk = text ? json::parse(*text, nullptr, false) : json();
    if (!text || jwk.is_discarded() || !jwk.is_object()) {
      std::cerr << "markctl check: cannot read the public key " << (dir / (k.kid + ".jwk")).string() << "\n";
      return std::nullopt;
    }
    (k.state == mark::crypto::KeyState::kRetired ? retired : live)["keys"].push_back(jwk);
  }
  auto l = mark::crypto::Jwks::Parse(mark::JsonText(live));
  auto t = mark::crypto::Jwks::Parse(mark::JsonText(retired));
  if (!l || !t) {
    std::cerr << "markctl check: the key folder's public keys do not parse: "
              << (!l ? l.error().message : t.error().message) << "\n";
    return std::nullopt;
  }
  return Keys{std::move(*l), std::move(*t)};
}

void CheckCertificates(SQLite::Database& db, const Keys& keys, const Log& log, Report& r) {
  SQLite::Statement q(db,
                      "SELECT id, number, kid, jws, not_before, log_index, payload, issued_at, expires "
                      "FROM certificates ORDER BY id");
  long long count = 0, bad = 0, by_retired = 0;
  while (q.executeStep()) {
    ++count;
    const long long id = q.getColumn(0).getInt64();
    const std::string number = q.getColumn(1).getString();
    const std::string jws = q.getColumn(3).getString();
    const std::string what = "certificate " + std::to_string(id) + " of " + mark::EscapeForTerminal(number);
    // Every column says what the signed JWS says.
    mark::registry::CertificateRow row{id,
                                       number,
                                       q.getColumn(2).getString(),
                                       jws,
                                       q.getColumn(6).getString(),
                                       q.getColumn(7).getString(),
                                       q.getColumn(4).getString(),
                                       q.getColumn(8).getString(),
                                       std::nullopt};
    if (!q.getColumn(5).isNull()) row.log_index = q.getColumn(5).getInt64();
    const auto columns = mark::registry::CertificateRowDifferences(db, row);
    for (const auto& d : columns) r.Fail(what + ": " + mark::EscapeForTerminal(mark::registry::Describe(d)));
    if (!columns.empty()) ++bad;
    auto nbf = mark::ParseInstant(q.getColumn(4).getString());
    if (!nbf) {
      ++bad, r.Fail(what + ": not_before is not an instant");
      continue;
    }
    // Checked at its own start, so expiry since then is not a failure.
    auto v = mark::crypto::VerifyCertificate(jws, keys.live, *nbf);
    if (v.reason_code == "unknown_key") {
      v = mark::crypto::VerifyCertificate(jws, keys.retired, *nbf);
      if (v.valid) ++by_retired;
    }
    if (!v.valid) {
      ++bad, r.Fail(what + " does not verify: " + v.reason);
      continue;
    }
    if (!v.payload.is_object() || v.payload.value("sub", "") != number) {
      ++bad, r.Fail(what + " is signed for another mark");
      continue;
    }
    if (q.getColumn(5).isNull()) {
      ++bad, r.Fail(what + " has no log entry");
      continue;
    }
    json e = log.Event(q.getColumn(5).getInt64());
    if (!e.is_object() || e.value("certificate", "") != jws || e.value("number", "") != number) {
      ++bad, r.Fail(what + ": log entry " + std::to_string(q.getColumn(5).getInt64()) +
                    " does not record this certificate");
    }
  }
  if (bad == 0)
    r.Ok(std::to_string(count) + " certificates verify and are logged" +
         (by_retired ? " (" + std::to_string(by_retired) + " with retired keys)" : std::string()));
}

void CheckMarks(SQLite::Database& db, const Log& log, Report& r) {
  SQLite::Statement marks(
      db, "SELECT number, state, valid_from, valid_until, current_certificate_id FROM marks ORDER BY serial");
  long long count = 0, events_total = 0, bad = 0;
  while (marks.executeStep()) {
    ++count;
    const std::string number = marks.getColumn(0).getString();
    const std::string state = marks.getColumn(1).getString();
    SQLite::Statement ev(db,
                         "SELECT kind, valid_from, valid_until, certificate_id, log_index, reason FROM mark_events "
                         "WHERE number = ? ORDER BY id");
    ev.bind(1, number);
    std::string replayed;
    std::string from, until;
    std::optional<long long> cert;
    bool first = true, ok = true;
    auto fail = [&](const std::string& why) {
      ok = false;
      r.Fail("mark " + number + ": " + why);
    };
    while (ev.executeStep()) {
      ++events_total;
      const std::string kind = ev.getColumn(0).getString();
      // A history starts with its grant or import; a later "granted" is a new
      // grant after the mark lapsed past its renewal window (same number).
      if (first && kind != "granted" && kind != "imported") fail("history does not start with its grant");
      if (!first && kind == "imported") fail("an import after the history began");
      first = false;
      // A revoked mark's certificate may still be re-signed (a new issuer or
      // key); nothing else happens to it.
      if (replayed == "revoked" && kind != "reissued") fail("a " + kind + " event after revocation");
      if (replayed == "returned" && kind != "reissued") fail("a " + kind + " event after the mark was returned");
      if (kind == "granted" || kind == "imported" || kind == "reinstated")
        replayed = "active";
      else if (kind == "suspended")
        replayed = "suspended";
      else if (kind == "revoked")
        replayed = "revoked";
      else if (kind == "returned")
        replayed = "returned";
      // "amended" and "renewed" leave the state as it was.
      from = ev.getColumn(1).getString();
      until = ev.getColumn(2).getString();
      if (!ev.getColumn(3).isNull()) cert = ev.getColumn(3).getInt64();
      if (kind == "suspended" || kind == "reinstated" || kind == "revoked" || kind == "returned") {
        json e = ev.getColumn(4).isNull() ? json(nullptr) : log.Event(ev.getColumn(4).getInt64());
        if (!e.is_object() || e.value("status", "") != kind || e.value("number", "") != number ||
            e.value("reason", "") != ev.getColumn(5).getString())
          fail("its " + kind + " event is not the one its log entry records");
      }
      if (kind == "amended") {
        json e = ev.getColumn(4).isNull() ? json(nullptr) : log.Event(ev.getColumn(4).getInt64());
        if (!e.is_object() || e.value("type", "") != "amendment" || e.value("number", "") != number ||
            e.value("reason", "") != ev.getColumn(5).getString() ||
            e.value("reissued", false) != !ev.getColumn(3).isNull())
          fail("its amended event is not the one its log entry records");
      }
    }
    if (first) {
      fail("has no history");
    } else {
      if (replayed != state) fail("state is " + state + " but its history says " + replayed);
      if (marks.getColumn(2).getString() != from || marks.getColumn(3).getString() != until)
        fail("validity " + marks.getColumn(2).getString() + ".." + marks.getColumn(3).getString() +
             " differs from its history's " + from + ".." + until);
      std::optional<long long> current;
      if (!marks.getColumn(4).isNull()) current = marks.getColumn(4).getInt64();
      if (current != cert) fail("its current certificate is not the last one its history issued");
      // Supersession is derived: the newest certificate of a mark is its
      // current one, every older one is superseded.
      SQLite::Statement newest(db, "SELECT MAX(id) FROM certificates WHERE number = ?");
      newest.bind(1, number);
      if (newest.executeStep() && !newest.getColumn(0).isNull() && current != newest.getColumn(0).getInt64())
        fail("its current certificate is not its newest one");
    }
    if (!ok) ++bad;
  }
  if (bad == 0)
    r.Ok(std::to_string(count) + " marks agree with their " + std::to_string(events_total) + " history events");
}

// What the public sees of each mark against its certificate and history
// (the certificate rows' own columns are CheckCertificates' to report).
void CheckFacts(SQLite::Database& db, const std::optional<Keys>& keys, Report& r) {
  const mark::registry::CertificateKeys certificate_keys{keys ? &keys->live : nullptr, nullptr};
  std::vector<std::string> numbers;
  {
    SQLite::Statement q(db, "SELECT number FROM marks ORDER BY serial");
    while (q.executeStep()) numbers.push_back(q.getColumn(0).getString());
  }
  long long bad = 0;
  for (const std::string& number : numbers) {
    auto certified = mark::registry::LoadCertifiedView(db, number, certificate_keys);
    if (!certified) {
      ++bad, r.Fail("mark " + mark::EscapeForTerminal(number) + ": its service or operator row is missing");
      continue;
    }
    bool differs = false;
    for (const auto& d : certified->differences) {
      if (d.field.rfind("certificate.", 0) == 0) continue;
      differs = true;
      r.Fail("mark " + mark::EscapeForTerminal(number) + ": " + mark::EscapeForTerminal(mark::registry::Describe(d)));
    }
    if (differs) ++bad;
  }
  if (bad == 0)
    r.Ok(std::to_string(numbers.size()) + " marks show what their certificates and histories say" +
         (keys ? std::string() : std::string(" (signatures not checked)")));
}

// How the database stands against the registry state in `dir`: information,
// never a failure (a backup is meant to be behind).
void ReportState(SQLite::Database& db, const Log& log, const fs::path& dir) {
  auto record = mark::registry::StateFolder(dir).Read();
  if (!record) {
    std::cout << "state: " << record.error().message << "\n";
    return;
  }
  if (!*record) {
    std::cout << "state: no registry state in " << dir.string() << "\n";
    return;
  }
  const mark::registry::StateRecord& r = **record;
  const auto facts = mark::registry::ReadDatabaseFacts(db);
  std::optional<tlog::Hash> root;
  if (r.log.size <= log.tree.Size()) root = log.tree.RootAt(r.log.size).value();
  const auto cmp = mark::registry::CompareWithState(r, facts, root);
  using Standing = mark::registry::StateComparison::Standing;
  switch (cmp.standing) {
    case Standing::kInStep:
      std::cout << "state: in step with the live state (" << r.log.size << " log entries)\n";
      break;
    case Standing::kAhead:
      std::cout << "state: ahead of the live state by " << cmp.ahead_by
                << " entries (it is recorded after each commit)\n";
      break;
    case Standing::kBehind:
      std::cout << "state: behind the live state"
                << (cmp.behind_by > 0 ? " by " + std::to_string(cmp.behind_by) + " entries" : std::string()) << " ("
                << cmp.what
                << "); markd refuses it in place of the live database until `markctl state accept-rollback`\n";
      break;
    case Standing::kDiverged: std::cout << "state: not consistent with the live state: " << cmp.what << "\n"; break;
    case Standing::kOtherRegistry: std::cout << "state: another registry: " << cmp.what << "\n"; break;
  }
}

// Stored names the text rules would refuse: information (see the top).
void ReportStoredText(SQLite::Database& db) {
  const auto found = mark::registry::FindStoredTextProblems(db);
  for (const auto& f : found)
    std::cout << "text: " << f.where << " " << f.field << " \"" << mark::EscapeForTerminal(f.value)
              << "\": " << mark::EscapeForTerminal(f.why) << "\n";
  if (found.empty()) {
    std::cout << "ok: every stored name passes the text rules (" << mark::TextDataVersion() << ")\n";
  } else {
    std::cout << "text: " << found.size() << " stored name" << (found.size() == 1 ? "" : "s")
              << " the text rules would refuse or store otherwise (information: shown as stored until amended)\n";
  }
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "keys", "state"});
  if (!p.error.empty() || !p.Get("db") || !p.positional.empty()) {
    std::cerr << "usage: markctl check --db PATH [--keys DIR] [--state DIR]\n";
    if (!p.error.empty()) std::cerr << "markctl check: " << p.error << "\n";
    return 2;
  }
  const std::string path = *p.Get("db");
  if (!fs::exists(path)) {
    std::cerr << "markctl check: no database at " << path << "\n";
    return 2;
  }
  std::optional<Keys> keys;
  std::optional<mark::tlog::LogKey> log_key;
  if (auto dir = p.Get("keys")) {
    keys = LoadKeys(*dir);
    if (!keys) return 2;
    auto lk = mark::tlog::LogKey::Load(*dir);
    if (!lk) {
      std::cerr << "markctl check: " << lk.error().message << "\n";
      return 2;
    }
    log_key = std::move(*lk);
  } else {
    std::cerr << "markctl check: no --keys: signatures are not checked\n";
  }

  Report r;
  try {
    auto connection = ReadOnlyConnection(path);
    SQLite::Database& db = *connection;
    {
      SQLite::Statement q(db, "PRAGMA integrity_check");
      std::string first;
      if (q.executeStep()) first = q.getColumn(0).getString();
      if (first != "ok") {
        r.Fail("SQLite integrity check: " + first);
        std::cout << "FAILED: the database is damaged; restore a backup\n";
        return 1;
      }
      r.Ok("SQLite integrity check");
    }
    db.exec("BEGIN");  // one snapshot for every check, even beside markd
    Log log = CheckLog(db, log_key, r);
    if (keys) CheckCertificates(db, *keys, log, r);
    CheckMarks(db, log, r);
    CheckFacts(db, keys, r);
    {
      SQLite::Statement version(db, "PRAGMA user_version");
      version.executeStep();
      auto differences = mark::storage::SchemaDifferences(db, version.getColumn(0).getInt());
      for (const auto& d : differences) r.Fail("schema: " + d);
      if (differences.empty()) r.Ok("schema as its migrations make it");
    }
    ReportStoredText(db);
    if (auto state = p.Get("state")) ReportState(db, log, *state);
    db.exec("COMMIT");
  } catch (const std::exception& e) {
    std::cerr << "markctl check: " << path << ": " << e.what() << "\n";
    return 2;
  }
  if (r.failures() > 0) {
    std::cout << "FAILED: " << r.failures() << " problem" << (r.failures() == 1 ? "" : "s") << "\n";
    return 1;
  }
  std::cout << "all checks passed\n";
  return 0;
}

bool registered = RegisterCommand(
    {"check",
     "  markctl check --db PATH --keys DIR [--state DIR]  offline audit: integrity, log, certificates, history,\n"
     "      every public fact against the certificates, schema;\n"
     "      with --state, how the database stands against the live registry state",
     &Run});

}  // namespace
}  // namespace markctl::cmd_check
