// Certified facts: a mark as the public may see it, taken from what was
// signed and recorded rather than from the tables alone. The service and
// operator facts (names, domains, SSIDs, venues, corporate number, website,
// scheme) and the validity dates come from the verified payload of the mark's
// current certificate; the status (active, suspended, revoked, returned),
// its times, reasons and codes, and the grant time come from the mark's
// history (mark_events, append-only), each status change checked against the
// log entry that records it. The rows (marks, services, operators, their
// lists, the certificate row) are compared with that, field by field.
//
// So a row added or edited behind the registry's back (a phishing domain on a
// genuine service, a renamed operator, an extended valid_until, a revoked
// mark set back to active, an edited certificate column) is never what the
// public sees: the view carries the certified facts, and a mark whose rows
// differ is "not confirmed" (status unknown). Public reads go through this
// (Registry::GetMark and Search, cached per database generation), markd
// compares every mark at start-up (Registry::CompareAllMarks), and markctl
// check reports every difference.
//
// Where rows may legitimately move on without a new certificate, the service
// and operator facts are not compared (they are still served as certified):
// a revoked or returned mark keeps its last certificate when its operator is
// amended, and an expired mark outside its renewal window gets an "amended"
// history entry without one (amendments.cpp).
//
// A certificate without `mark.service.venues` or `mark.operator.website`
// carries none: its mark shows none, and differs from rows that hold some
// (markctl certificates reissue --all re-signs such marks).
//
// Pure functions over a connection the caller holds (a read snapshot or the
// write transaction); thread-safe as far as the connection is.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "common/model.h"
#include "common/result.h"
#include "crypto/jwk.h"
#include "crypto/verified_jws_cache.h"

namespace mark::registry {

// One way the rows differ from what was certified.
struct FactDifference {
  // What the public sees, named as in the mark's JSON: "service.domains",
  // "operator.name", "valid_until", "status", "revoked_at", ...; the
  // certificate row's columns as "certificate.issued_at" etc.; "certificate"
  // for a current certificate that is missing, does not verify, or is not
  // the one its history issued; "history" for a history that breaks its own
  // rules or disagrees with its log entries.
  std::string field;
  std::string stored;     // what the rows say (JSON text for lists and strings)
  std::string certified;  // what the certificate or the history says
};

// "field: stored X, certified Y", one line, for logs and markctl check.
std::string Describe(const FactDifference& d);

// How certificates are checked.
struct CertificateKeys {
  // The keys current certificates verify with. nullptr: signatures are not
  // checked, only what the payload says (markctl check without --keys).
  const crypto::Jwks* jwks = nullptr;
  // Signatures already seen to verify (may be nullptr).
  crypto::VerifiedJwsCache* verified = nullptr;
};

struct CertifiedView {
  // The mark as certified: mark dates, status flags, their times, reasons
  // and codes, granted_at, service and operator facts as described above;
  // ids and versions from the rows. `view.status` is left for the caller
  // (StatusAt(view.mark, now) when confirmed, else kUnknown). When the
  // certificate is missing or does not verify, the service and operator
  // facts are empty: nothing unsigned is shown in their place.
  MarkView view;
  std::vector<FactDifference> differences;  // empty: confirmed
  bool confirmed() const { return differences.empty(); }
};

// The mark numbered `number` as certified, or nullopt when there is no such
// mark (or its service or operator row is gone). SQLite errors throw.
std::optional<CertifiedView> LoadCertifiedView(SQLite::Database& db, const std::string& number,
                                               const CertificateKeys& keys);

// Refuses (kConflict, naming the first difference) when mark `number`'s
// rows differ from what was certified: a renewal, a new grant on the same
// number or an amendment signs the rows as they stand, and must not sign a
// row added behind the registry's back. Ok for a mark that does not exist.
Status RequireCertified(SQLite::Database& db, const std::string& number, const CertificateKeys& keys);

// One stored certificate row against its own JWS: the columns number, kid,
// payload, issued_at, not_before and expires must say what the JWS says, and
// log_index must name a log entry recording this very certificate. Reads the
// log entry from `db`. Does not check the signature.
struct CertificateRow {
  long long id = 0;
  std::string number;
  std::string kid;
  std::string jws;
  std::string payload;
  std::string issued_at;
  std::string not_before;
  std::string expires;
  std::optional<long long> log_index;
};
std::vector<FactDifference> CertificateRowDifferences(SQLite::Database& db, const CertificateRow& row);

}  // namespace mark::registry
