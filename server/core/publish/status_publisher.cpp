#include "publish/status_publisher.h"

#include <malloc.h>

#include "registry/validity.h"

namespace mark::publish {

using namespace mark::registry;  // the registry's marks and views, which this publishes

namespace {

// A signed status carries the time it was made: none is made while the
// clock reads behind the registry's last change (registry/clock_watch.h).
Status ClockAllowsSigning(const Registry& registry) {
  const ClockStanding s = registry.clock_watch().Check();
  if (!s.behind) return Status{};
  return Error::Make(ErrorCode::kClockBehind,
                     ClockBehindFacts(s) + ": the registry signs no status until its clock is right again");
}

}  // namespace

Result<std::string> StatusPublisher::Statement(const std::string& number) const {
  if (Status clock = ClockAllowsSigning(registry_); !clock) return clock.error();
  auto view = registry_.GetMark(number);
  if (!view) return view.error();
  // Nothing is signed about a mark the registry cannot confirm.
  if (view->status == MarkStatus::kUnknown)
    return Error::Make(ErrorCode::kUnavailable, "mark " + number + "'s status is unknown (" + view->status_reason +
                                                    "): no status statement is signed for it");
  crypto::StatusStatementClaims c;
  c.iss = issuer_;
  c.sub = number;
  c.iat = registry_.clock().Now();
  c.status = std::string(ToString(view->status));
  c.valid_from = FormatDate(view->mark.valid_from);
  c.valid_until = FormatDate(view->mark.valid_until);
  if (view->mark.revoked && view->mark.revoked_at) c.extra["revoked_at"] = FormatInstant(*view->mark.revoked_at);
  if (view->mark.returned && view->mark.returned_at) c.extra["returned_at"] = FormatInstant(*view->mark.returned_at);
  if (view->mark.suspended && view->mark.suspended_at)
    c.extra["suspended_at"] = FormatInstant(*view->mark.suspended_at);
  auto token = crypto::IssueStatusStatement(c, keys_.Active());
  if (!token) return token.error();
  return token->jws;
}

Result<std::shared_ptr<const crypto::StatusList>> StatusPublisher::CurrentList() const {
  // Suspended, revoked and returned are stored states, not computed from the date, so
  // the entries hold until the database changes.
  const uint64_t generation = registry_.database().Generation();
  // Held while rebuilding too: concurrent verifications wait for one
  // rebuild instead of each loading every withdrawn mark.
  std::lock_guard lock(list_mu_);
  if (list_ && list_generation_ == generation) return list_;
  auto list = std::make_shared<crypto::StatusList>();
  list->iss = issuer_;
  list->iat = registry_.clock().Now();
  list->exp = list->iat + kListLifetime;
  auto withdrawn = registry_.WithdrawnMarks();
  if (!withdrawn) return withdrawn.error();
  for (const auto& v : *withdrawn) {
    const Mark& m = v.mark;
    if (m.revoked)
      list->entries.push_back({m.number, "revoked", m.revoked_at.value_or(list->iat), m.revocation_code});
    else if (m.returned)
      list->entries.push_back({m.number, "returned", m.returned_at.value_or(list->iat), m.return_code});
    else
      list->entries.push_back({m.number, "suspended", m.suspended_at.value_or(list->iat), m.suspension_code});
  }
  list_generation_ = generation;
  list_ = std::move(list);
  return list_;
}

Result<std::string> StatusPublisher::SignedList() {
  if (Status clock = ClockAllowsSigning(registry_); !clock) return clock.error();
  auto current = CurrentList();
  if (!current) return current.error();
  const Instant now = registry_.clock().Now();
  std::lock_guard lock(mu_);
  if (*current != signed_from_) {
    // Another generation: re-sign only if the withdrawn set or a current
    // certificate changed.
    std::string fingerprint;
    for (const auto& e : (*current)->entries)
      fingerprint += e.number + ":" + e.status + ":" + FormatInstant(e.changed_at) + ";";
    auto stored = registry_.CertificatesAfter(current_through_id_);
    if (!stored) return stored.error();
    for (auto& c : *stored) {
      current_[c.number] = crypto::CurrentCertificate{std::move(c.jti), c.iat};
      current_through_id_ = c.id;
    }
    signed_from_ = *current;
    if (fingerprint != cached_fingerprint_ || !stored->empty()) cached_jws_.clear();
    cached_fingerprint_ = std::move(fingerprint);
  }
  if (!cached_jws_.empty() && now - cached_at_ < kListReissue) return cached_jws_;
  {
    crypto::StatusList list = **current;  // issued now, whenever the entries were gathered
    list.iat = now;
    list.exp = now + kListLifetime;
    list.current = current_;
    auto token = crypto::IssueStatusList(list, keys_.Active());
    if (!token) return token.error();
    cached_jws_ = std::move(token->jws);
  }
  cached_at_ = now;
  // Building the list takes tens of megabytes at 100,000 marks (its JSON
  // tree, the text, its base64), all freed by now: hand them back rather
  // than keep them as the process's high-water mark.
  malloc_trim(0);
  return cached_jws_;
}

}  // namespace mark::publish
