// The registry's changes as Atom feeds (RFC 4287): GET /feed.atom (every
// mark) and GET /v/{number}/feed.atom (one mark), and the snapshot's
// feed.atom (static_export.h), the same bytes. Newest first, paged
// (RFC 5005 section 3: `next` leads to older entries, `first` back to the
// newest), kChangeFeedPageSize entries a page.
//
// One entry per history row, with public facts only: the history through
// PublicHistory (registry/public_history.h: no actor, no basis of a grant)
// and the mark's names through the same public mark view the API answers
// with (Registry::GetMark, MarkJson), so the feed says what GET
// /api/v1/marks/{number} says. Ids never change: the feed's is its URL under
// the registry's issuer (registry/issuer_identity.h), each entry's a tag URI
// (RFC 4151) of the issuer's host, the change's date and its history id, e.g.
// tag:mark.example.jp,2026-04-01:mark-event/J0072/17. Links point to the
// public URL. Thread-safe (reads only).
#pragma once

#include <string>

#include "common/result.h"
#include "registry/registry.h"

namespace mark::publish {

inline constexpr int kChangeFeedPageSize = 50;

struct ChangeFeedRequest {
  std::string number;    // "" every mark; else that mark's feed
  long long before = 0;  // the page: changes older than this history id; 0 the newest
  std::string issuer;    // ids; the registry's public URL when empty
};

// The feed's path under the public URL: "/feed.atom", "/v/J0072/feed.atom".
std::string ChangeFeedPath(const std::string& number);

// The feed document as of registry.clock().Now(); kNotFound for a number
// that names no mark.
Result<std::string> ChangeFeed(const registry::Registry& registry, const ChangeFeedRequest& request);

}  // namespace mark::publish
