// StatusPublisher: the signed answers to "what is this mark's status now?"
// that a certificate alone cannot give — a short-lived statement per mark,
// and a list of every suspended, revoked or returned mark and of every mark's current
// certificate, for offline verifiers.
// The list is re-signed at most every kListReissue, or at once when the set
// of withdrawn marks or of current certificates changed, so neither a
// revocation nor a superseded certificate is hidden by the cache.
// Tokens name the registry's issuer (registry/issuer_identity.h) as their iss.
// Nothing is signed while the clock reads behind the registry's last change
// (registry/clock_watch.h): Statement and SignedList answer kClockBehind.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "crypto/key_store.h"
#include "crypto/status_token.h"
#include "registry/registry.h"

namespace mark::publish {

class StatusPublisher {
 public:
  static constexpr std::chrono::minutes kListReissue{5};
  static constexpr std::chrono::hours kListLifetime{48};

  StatusPublisher(const registry::Registry& registry, const crypto::KeyStore& keys, std::string issuer)
      : registry_(registry), keys_(keys), issuer_(std::move(issuer)) {}

  // A mark-status+jwt for `number`, valid 24 hours; kUnavailable while the
  // mark's status is unknown (nothing is signed for it).
  Result<std::string> Statement(const std::string& number) const;
  // The current mark-status-list+jwt.
  Result<std::string> SignedList();
  // The withdrawn marks of that list, unsigned, for verification in
  // process: shared, rebuilt once per database generation (iat is when it
  // was built). Its `current` is empty: in process the registry knows each
  // mark's current certificate exactly (VerifyOptions::current_certificate).
  Result<std::shared_ptr<const crypto::StatusList>> CurrentList() const;

 private:
  const registry::Registry& registry_;
  const crypto::KeyStore& keys_;
  std::string issuer_;
  std::mutex mu_;
  // Every mark's current certificate, kept up to date by replaying the
  // certificates stored since the last one seen (Registry::CertificatesAfter):
  // a full read at 100,000 marks is needed once, not per change.
  std::map<std::string, crypto::CurrentCertificate, std::less<>> current_;
  long long current_through_id_ = 0;
  // The withdrawn marks as of a database generation (Database::Generation):
  // verification asks for them on every request.
  mutable std::mutex list_mu_;
  mutable uint64_t list_generation_ = 0;
  mutable std::shared_ptr<const crypto::StatusList> list_;
  std::shared_ptr<const crypto::StatusList> signed_from_;  // the list cached_jws_ was checked against
  std::string cached_jws_;
  std::string cached_fingerprint_;
  Instant cached_at_{};
};

}  // namespace mark::publish
