#include "registry/issuer_identity.h"

#include <SQLiteCpp/Statement.h>

#include "common/trim.h"
#include "storage/query.h"
#include "registry/registry.h"
#include "tlog/transparency_log.h"
#include "registry/validation.h"

namespace mark::registry {

namespace {

// The iss of the newest certificate, "" when there is none.
std::string NewestCertificateIssuer(SQLite::Database& db) {
  storage::Query q(db, "SELECT json_extract(payload, '$.iss') FROM certificates ORDER BY id DESC LIMIT 1");
  if (!q->executeStep() || q->getColumn(0).isNull()) return {};
  return q->getColumn(0).getString();
}

std::optional<std::string> StoredIssuer(SQLite::Database& db) {
  storage::Query q(db, "SELECT value FROM registry_meta WHERE key = ?");
  q->bind(1, kIssuerMetaKey);
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getString();
}

void StoreIssuer(SQLite::Database& db, const std::string& issuer) {
  storage::Query q(
      db,
      "INSERT INTO registry_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q->bind(1, kIssuerMetaKey);
  q->bind(2, issuer);
  q->exec();
}

}  // namespace

Result<std::string> NormalizeIssuer(std::string_view url) {
  std::string out(TrimTrailingSlashes(url));
  if (Status st = ValidateWebsite("issuer", out, UrlHost::kAny); !st) return st.error();
  if (out.find_first_of("?#") != std::string::npos)
    return Error::Invalid("issuer", "must not contain a query or fragment");
  return out;
}

Result<std::optional<std::string>> LoadIssuer(const storage::Database& db) {
  std::optional<std::string> out;
  Status st = db.Read([&](SQLite::Database& c) {
    out = StoredIssuer(c);
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::string> CurrentIssuer(const storage::Database& db, const std::string& fallback) {
  std::string out;
  Status st = db.Read([&](SQLite::Database& c) {
    if (auto stored = StoredIssuer(c))
      out = *stored;
    else
      out = NewestCertificateIssuer(c);
    return Status{};
  });
  if (!st) return st.error();
  return out.empty() ? fallback : out;
}

Result<IssuerChoice> SettleIssuer(storage::Database& db, const std::optional<std::string>& requested,
                                  const std::string& fallback, IssuerChange change) {
  IssuerChoice choice;
  Status st = db.Write([&](SQLite::Database& c) -> Status {
    std::optional<std::string> stored = StoredIssuer(c);
    // A registry from before the issuer was stored: its certificates say
    // who it has been.
    std::string current = stored ? *stored : NewestCertificateIssuer(c);
    choice.stored = stored.value_or("");
    if (requested && !current.empty() && *requested != current) {
      if (change != IssuerChange::kAdopt)
        return Error::Make(ErrorCode::kConflict, "the registry's issuer is " + current + ", not " + *requested);
      choice.issuer = *requested;
      choice.adopt = true;
      // Until AdoptIssuer has re-issued everything, the registry is still
      // who it was: store that, not the new one.
      if (!stored) StoreIssuer(c, current);
      choice.stored = current;
      return Status{};
    }
    choice.issuer = requested ? *requested : (current.empty() ? fallback : current);
    if (!stored) {
      StoreIssuer(c, choice.issuer);
      choice.stored = choice.issuer;
    }
    return Status{};
  });
  if (!st) return st.error();
  return choice;
}

Result<long long> AdoptIssuer(Registry& registry, const std::string& issuer, const WriteRequest& req) {
  auto stored = LoadIssuer(registry.database());
  if (!stored) return stored.error();
  const std::string previous = stored->value_or("");
  auto numbers = registry.MarksByCurrentCertificate({"", issuer});
  if (!numbers) return numbers.error();
  auto done = registry.ReissueAll(
      *numbers, "issuer changed" + (previous.empty() ? "" : " from " + previous) + " to " + issuer, req);
  if (!done) return done.error();
  // The change itself: audited, and logged beside the certificates it
  // re-issued, so a monitor sees when the registry took its new name.
  const Instant now = registry.clock().Now();
  auto stored_now =
      registry.WriteAudited("registry.issuer", issuer, req, [&](SQLite::Database& c) -> Result<WriteResult> {
        StoreIssuer(c, issuer);
        tlog::AppendLogEntry(
            c, {{"type", "issuer"}, {"issuer", issuer}, {"previous", previous}, {"at", FormatInstant(now)}}, now);
        return WriteResult{nlohmann::json{{"issuer", issuer}, {"previous", previous}}, false, false};
      });
  if (!stored_now) return stored_now.error();
  return *done;
}

}  // namespace mark::registry
