#include "signing_registry.h"

#include <iostream>

#include "command.h"
#include "registry_access.h"
#include "registry/issuer_identity.h"
#include "tlog/log_key.h"
#include "tlog/checkpoint.h"

namespace markctl {

std::unique_ptr<SigningRegistry> SigningRegistry::Open(const Options& o) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<SigningRegistry> {
    std::cerr << "markctl " << o.command << ": " << why << "\n";
    return nullptr;
  };
  std::unique_ptr<SigningRegistry> r(new SigningRegistry());
  auto keys = mark::crypto::KeyStore::Open(o.keys, KeyPassphrase());
  if (!keys) return fail(keys.error().message);
  r->keys_ = std::make_unique<mark::crypto::KeyStore>(std::move(*keys));
  if (o.access == Access::kReadOnly) {
    auto db = OpenReadOnly(o.db);
    if (!db) return fail(db.error().message);
    r->db_ = std::move(*db);
  } else {
    auto opened = OpenForWrites(o.command, o.db, o.state_dir, r->keys_->registry_id());
    if (!opened) return nullptr;  // OpenForWrites said why
    r->db_ = std::move(opened->db);
    r->keeper_ = std::move(opened->keeper);
  }

  std::optional<std::string> requested;
  if (o.issuer) {
    auto normalized = mark::registry::NormalizeIssuer(*o.issuer);
    if (!normalized) return fail("--issuer must be an http:// or https:// URL without query or fragment");
    requested = *normalized;
  }
  auto fallback = mark::registry::NormalizeIssuer(o.fallback_issuer);
  if (!fallback) return fail("--public-url must be an http:// or https:// URL without query or fragment");
  if (o.access == Access::kReadOnly) {
    auto stored = mark::registry::CurrentIssuer(*r->db_, *fallback);
    if (!stored) return fail(stored.error().message);
    requested = requested.value_or(*stored);
    if (*requested != *stored) return fail("--issuer " + *requested + " is not the registry's issuer " + *stored);
  }
  auto settled =
      o.access == Access::kReadOnly
          ? mark::Result<mark::registry::IssuerChoice>(mark::registry::IssuerChoice{*requested, *requested, false})
          : mark::registry::SettleIssuer(*r->db_, requested, *fallback, mark::registry::IssuerChange::kRefuse);
  if (!settled && settled.error().code == mark::ErrorCode::kConflict)
    return fail(settled.error().message + " (markd --issuer URL --adopt-issuer changes it)");
  if (!settled) return fail(settled.error().message);
  r->issuer_ = settled->issuer;

  r->signer_ = std::make_unique<mark::publish::SigningIssuer>(*r->keys_, r->issuer_);
  if (o.with_log) {
    auto log_key = mark::tlog::LogKey::Load(o.keys);
    if (!log_key) return fail(log_key.error().message);
    auto log = mark::tlog::MerkleLog::Open(*r->db_, std::move(*log_key), mark::tlog::LogOriginForPublicUrl(r->issuer_),
                                           ProcessClock().Now());
    if (!log) return fail(log.error().message);
    r->log_ = std::move(*log);
  }
  r->registry_ = std::make_unique<mark::registry::Registry>(*r->db_, ProcessClock(), *r->signer_,
                                                            mark::registry::RegistryConfig{*fallback}, r->log_.get());
  return r;
}

}  // namespace markctl
