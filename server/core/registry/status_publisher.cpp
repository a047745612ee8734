#include "registry/status_publisher.h"

#include "registry/validity.h"

namespace mark::registry {

Result<std::string> StatusPublisher::Statement(const std::string& number) const {
  auto view = registry_.GetMark(number);
  if (!view) return view.error();
  crypto::StatusStatementClaims c;
  c.iss = public_url_;
  c.sub = number;
  c.iat = registry_.clock().Now();
  c.status = std::string(ToString(view->status));
  c.valid_from = FormatDate(view->mark.valid_from);
  c.valid_until = FormatDate(view->mark.valid_until);
  if (view->mark.revoked && view->mark.revoked_at) c.extra["revoked_at"] = FormatInstant(*view->mark.revoked_at);
  if (view->mark.suspended && view->mark.suspended_at)
    c.extra["suspended_at"] = FormatInstant(*view->mark.suspended_at);
  auto token = crypto::IssueStatusStatement(c, keys_.Active());
  if (!token) return token.error();
  return token->jws;
}

Result<crypto::StatusList> StatusPublisher::CurrentList() const {
  crypto::StatusList list;
  list.iss = public_url_;
  list.iat = registry_.clock().Now();
  list.exp = list.iat + kListLifetime;
  // Suspended and revoked are stored states, not computed from the date, so
  // the entries hold until the database changes.
  const uint64_t generation = registry_.database().Generation();
  // Held while rebuilding too: concurrent verifications wait for one
  // rebuild instead of each loading every withdrawn mark.
  std::lock_guard lock(list_mu_);
  if (list_generation_ == generation) {
    list.entries = list_entries_;
    return list;
  }
  auto withdrawn = registry_.WithdrawnMarks();
  if (!withdrawn) return withdrawn.error();
  for (const auto& v : *withdrawn) {
    const Mark& m = v.mark;
    if (m.revoked)
      list.entries.push_back({m.number, "revoked", m.revoked_at.value_or(list.iat), m.revocation_code});
    else
      list.entries.push_back({m.number, "suspended", m.suspended_at.value_or(list.iat), m.suspension_code});
  }
  list_generation_ = generation;
  list_entries_ = list.entries;
  return list;
}

Result<std::string> StatusPublisher::SignedList() {
  auto list = CurrentList();
  if (!list) return list.error();
  std::string fingerprint;
  for (const auto& e : list->entries) fingerprint += e.number + ":" + e.status + ";";
  std::lock_guard lock(mu_);
  if (!cached_jws_.empty() && fingerprint == cached_fingerprint_ && list->iat - cached_at_ < kListReissue)
    return cached_jws_;
  auto token = crypto::IssueStatusList(*list, keys_.Active());
  if (!token) return token.error();
  cached_jws_ = token->jws;
  cached_fingerprint_ = fingerprint;
  cached_at_ = list->iat;
  return cached_jws_;
}

}  // namespace mark::registry
