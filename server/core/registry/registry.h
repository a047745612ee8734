// Registry: operators, their services and the mark each service holds, with
// every change recorded. The one place that writes the registry: each
// mutation is one transaction (mark, history, certificate, log entry,
// idempotency record together, or nothing). Status is computed from the
// injected clock at read time, never stored; while that clock reads behind
// the registry's last change (clock_watch.h) every write is refused with
// kClockBehind and time-dependent statuses read kUnknown ("clock_behind").
// Thread-safe: writes are serialised by Database, reads run in parallel.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/lru_cache.h"
#include "common/model.h"
#include "common/result.h"
#include "crypto/verified_jws_cache.h"
#include "registry/certificate_issuer.h"
#include "registry/certified_facts.h"
#include "registry/clock_watch.h"
#include "storage/audited_write.h"
#include "storage/database.h"
#include "registry/fact_findings.h"
#include "registry/public_history.h"

namespace mark::tlog {
class TransparencyLog;
}  // namespace mark::tlog

namespace mark::registry {

// Who asks for a write and what it answers (storage/audited_write.h): the
// words of every registry write, for its callers too (registry::WriteRequest).
using storage::Actor;
using storage::WriteRequest;
using storage::WriteResult;

struct SearchQuery {
  // Matched by its search key (common/search_key.h) against each service's
  // names, venues and SSIDs and its operator's names and corporate number
  // (registry/search_index.h), and as a mark number (MarkNumberKey) against
  // the number; a part of either matches, unless whole_key.
  std::string q;
  bool whole_key = false;  // q must be a whole key or the whole number (the index alone)
  std::optional<Scheme> scheme;
  std::optional<MarkStatus> status;
  std::string domain;  // a host: matches its registered domain or any parent of it
  // Matches every registered SSID that looks the same (common/ssid_skeleton.h:
  // case, full-width forms, separators, look-alike letters); within a page
  // the services with exactly this SSID come first. Only an exact match is
  // the same network: SSIDs are case-sensitive.
  std::string ssid;
  int limit = 20;
  long long after_serial = 0;  // from the cursor
};
inline constexpr int kMaxSearchLimit = 100;
// Parses the public search parameters; errors name the parameter.
Result<SearchQuery> ParseSearchQuery(const std::multimap<std::string, std::string>& params);

struct SearchPage {
  std::vector<MarkView> items;
  std::string next_cursor;  // empty at the end
};

struct MarkEvent {
  long long id = 0;
  // granted | imported | renewed | suspended | reinstated | revoked |
  // returned | amended (facts changed; certificate re-issued when it has one) |
  // reissued (re-signed, validity unchanged)
  std::string kind;
  Instant at{};
  std::string actor;
  std::string reason;
  Date valid_from{};
  Date valid_until{};
  std::optional<long long> log_index;
};

// Which marks' current certificates to re-issue (MarksByCurrentCertificate).
struct CurrentCertificateSelector {
  std::string kid;                // signed by this key; "" any key
  std::string issuer_other_than;  // whose iss is not this; "" any issuer
};

// A stored certificate as the signed status list names it.
struct StoredCertificateRef {
  long long id = 0;  // grows with every certificate stored
  std::string number;
  std::string jti;
  Instant iat{};
};

struct RegistryConfig {
  std::string public_url = "http://127.0.0.1:8080";
};

class Registry {
 public:
  Registry(storage::Database& db, const Clock& clock, const CertificateIssuer& issuer, RegistryConfig config,
           tlog::TransparencyLog* log = nullptr);

  // Secretariat writes. Bodies are the request JSON; field errors name the
  // JSON path at fault.
  Result<WriteResult> CreateOperator(const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> CreateService(const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> Grant(const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> Renew(const std::string& number, const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> Suspend(const std::string& number, const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> Reinstate(const std::string& number, const nlohmann::json& body, const WriteRequest& req);
  // Revocation is a sanction; its reason_code may not be ceased_operation
  // or operator_request (those ends are a return, below).
  Result<WriteResult> Revoke(const std::string& number, const nlohmann::json& body, const WriteRequest& req);
  // Re-signs the mark's current certificate as the certificate issuer signs
  // now (its active key and issuer), validity unchanged; the old certificate
  // is superseded. Allowed in every state (a revoked or expired mark's page
  // still checks its certificate). History `reissued` with `reason`, audit,
  // log entry.
  Result<WriteResult> Reissue(const std::string& number, const std::string& reason, const WriteRequest& req);
  // Reissue for each of `numbers` in turn, a thousand to a commit. Stops at
  // the first failure; what was committed before it stays. Returns how many
  // were re-issued.
  Result<long long> ReissueAll(const std::vector<std::string>& numbers, const std::string& reason,
                               const WriteRequest& req);

  // 返上: the holder gives the mark back or the service ended; permanent and
  // neutral. Body {reason, reason_code?} with reason_code service_ended,
  // holder_request, business_transferred or unspecified (default).
  Result<WriteResult> Return(const std::string& number, const nlohmann::json& body, const WriteRequest& req);

  // Amendments (amendments.cpp): PATCH bodies, validated exactly as on
  // creation; arrays replace the old ones whole; `reason` is required and
  // public (the marks' history shows it), `note_internal` goes to the audit
  // trail only. A change to a certified fact (a service's names, domains,
  // SSIDs, venues; an operator's names, corporate number, website) moves the
  // object's version and re-issues the current certificate of every
  // affected mark that is valid, not yet valid, suspended, or expired inside
  // its renewal window (validity.h RenewalWindow): same number and dates,
  // new jti, history kind "amended", a log entry. Nothing certified changed
  // (contacts only, equal values): audited, version unchanged, nothing
  // issued. Amending the service of a revoked or returned mark is kConflict;
  // operator_id (moving a service) and scheme are refused. The answer is the
  // object with "changed" (field names) and "reissued" (mark numbers).
  Result<WriteResult> AmendService(const std::string& id, const nlohmann::json& body, const WriteRequest& req);
  Result<WriteResult> AmendOperator(const std::string& id, const nlohmann::json& body, const WriteRequest& req);
  // What the same PATCH would do, without doing it: {"changed",
  // "certified_change", "reissue": [numbers], "unchanged_marks":
  // [{number, status, why}], and the object as it would be}.
  Result<nlohmann::json> PreviewServiceAmendment(const std::string& id, const nlohmann::json& body) const;
  Result<nlohmann::json> PreviewOperatorAmendment(const std::string& id, const nlohmann::json& body) const;

  // Public reads, status as of the clock's now. A mark is shown as certified
  // (certified_facts.h): its service and operator facts and validity dates
  // from its current certificate, its status from its history; a mark whose
  // rows differ from those is MarkStatus::kUnknown with status_reason
  // "not_confirmed" (and goes to findings()). Each mark is compared once per
  // database generation and the certified view kept; the status is computed
  // per call.
  // While the clock is behind (clock_watch.h), valid, not yet valid and
  // expired read kUnknown with status_reason "clock_behind" (in Search's
  // status filter too: "unknown" finds them, the three find nothing).
  Result<MarkView> GetMark(const std::string& number) const;
  // The rows propose, the certified facts decide: a mark is listed only when
  // its certified facts match the query too (a domain or name that only a
  // row holds finds nothing). A page may hold fewer than `limit` items only
  // at the end.
  Result<SearchPage> Search(const SearchQuery& query) const;
  Result<std::vector<MarkEvent>> History(const std::string& number) const;
  // The public part of the history (public_history.h), newest first, paged;
  // kNotFound when `query.number` names no mark.
  Result<PublicHistoryPage> PublicHistory(const PublicHistoryQuery& query) const;
  Result<Operator> GetOperator(const std::string& id) const;
  // Never public: for secretariat and auditor reads of an operator.
  Result<std::vector<Contact>> GetContacts(const std::string& operator_id) const;
  // Other operators' services sharing a declared domain, or the same or a
  // look-alike SSID, with the mark `number`'s service (identifiers.h).
  Result<std::vector<IdentifierNeighbour>> Neighbours(const std::string& number) const;
  Result<Service> GetService(const std::string& id) const;
  // The service's declared shared domains (public reasons).
  Result<std::vector<SharedDomain>> GetSharedDomains(const std::string& service_id) const;
  Result<std::vector<Operator>> ListOperators() const;
  Result<std::vector<Service>> ListServices(const std::string& operator_id) const;
  // Marks whose status is suspended, revoked or returned as their history
  // says (for the signed status list), shown as certified.
  Result<std::vector<MarkView>> WithdrawnMarks() const;

  // Compares every mark with its certificate and history, in serial order,
  // in one read snapshot (markd's start-up check): the marks that differ,
  // each also recorded in findings() (told to its reporter as `tell` says).
  // When `stop` turns true it ends between two marks with kUnavailable, so a
  // markd told to stop does not first compare a hundred thousand marks.
  struct MarkFinding {
    std::string number;
    std::vector<FactDifference> differences;
  };
  Result<std::vector<MarkFinding>> CompareAllMarks(FactFindings::Tell tell = FactFindings::Tell::kReporter,
                                                   const std::atomic<bool>* stop = nullptr) const;
  // The marks last found to differ (what /healthz names), and where a new
  // finding is reported.
  FactFindings& findings() const { return findings_; }
  // Numbers of the marks whose current certificate `selector` picks, in
  // serial order.
  Result<std::vector<std::string>> MarksByCurrentCertificate(const CurrentCertificateSelector& selector) const;
  // Certificates stored after the one with id `after_id`, oldest first. A
  // mark's current certificate is its newest (marks.current_certificate_id
  // agrees; markctl check insists), so replaying these keeps a map of
  // current certificates up to date.
  Result<std::vector<StoredCertificateRef>> CertificatesAfter(long long after_id) const;

  // One audited, idempotent write transaction for stores beside the registry
  // (reviews, applications, fees: review_records/review_store.h): `body` runs
  // inside it exactly as the registry's own writes do.
  Result<WriteResult> WriteAudited(const std::string& action, const std::string& target, const WriteRequest& req,
                                   const storage::WriteBody& body) {
    return Mutate(action, target, req, body);
  }

  // JSON of a mark as the API shows it (status as of now, links).
  nlohmann::json MarkJson(const MarkView& view) const;
  const RegistryConfig& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  // The clock against the registry's last change (clock_watch.h).
  const ClockWatch& clock_watch() const { return clock_watch_; }
  ClockWatch& clock_watch() { return clock_watch_; }
  storage::Database& database() { return db_; }
  const storage::Database& database() const { return db_; }

 private:
  Result<WriteResult> Mutate(const std::string& action, const std::string& target, const WriteRequest& req,
                             const storage::WriteBody& body);
  // Suspend, reinstate, revoke and return: a status change with its public
  // reason, logged as a status entry. (Renew issues a new certificate.)
  enum class StatusChange { kSuspend, kReinstate, kRevoke, kReturn };
  Result<WriteResult> ChangeStatus(StatusChange change, const std::string& number, const nlohmann::json& body,
                                   const WriteRequest& req);

  // The certified view of `number` at `generation` (kept per generation);
  // nullptr when there is no such mark. Runs on the caller's connection.
  std::shared_ptr<const CertifiedView> Certified(SQLite::Database& db, const std::string& number,
                                                 uint64_t generation) const;
  // The view as the public sees it at `now`: the status computed, or
  // kUnknown when not confirmed.
  static MarkView Shown(const CertifiedView& certified, Instant now);
  CertificateKeys Keys(crypto::VerifiedJwsCache* verified) const;

  storage::Database& db_;
  const Clock& clock_;
  const CertificateIssuer& issuer_;
  RegistryConfig config_;
  tlog::TransparencyLog* log_;
  mutable LruCache<CertifiedView> views_{4096, 8u << 20};
  mutable crypto::VerifiedJwsCache verified_{1024};
  mutable FactFindings findings_;
  ClockWatch clock_watch_{db_, clock_};
};

}  // namespace mark::registry
