// Identifiers that services of different operators may have in common, and
// how the registry stores and finds them.
// - Domains name one operator's service: a domain equal to, under or above
//   another operator's is refused unless the secretariat declares it shared
//   (with a public reason, listed on both verify pages). Services of the same
//   operator may share domains freely.
// - SSIDs are not identifiers (anyone may broadcast any name): the same or a
//   look-alike SSID (common/ssid_skeleton.h) of another operator is accepted and
//   flagged on both verify pages and in attention.h.
// A service whose mark was returned no longer holds its identifiers.
// Functions taking a connection run inside the caller's Database::Read or
// Write; SQL lives here, bound parameters only.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/model.h"
#include "common/reversed_domain.h"
#include "common/result.h"

namespace mark::registry {

// Another operator's service holding a domain.
struct DomainHolder {
  std::string domain;  // theirs: equal to, under or above the one asked about
  std::string service_id;
  std::string service_name;
  std::string service_name_en;
  std::string operator_name;
  std::string operator_name_en;
  std::string number;  // their mark, "" when the service holds none
};

// Domains of services of operators other than `operator_id` (whose mark is
// not returned) that are equal to, under or above `domain`.
std::vector<DomainHolder> OverlappingDomains(SQLite::Database& db, const std::string& domain,
                                             const std::string& operator_id);

std::vector<SharedDomain> LoadSharedDomains(SQLite::Database& db, const std::string& service_id);

// The rule for a service of `operator_id` that will hold `domains`: each
// one not in `already_held` (checked when it was added) and not declared in
// `shared` must not overlap another operator's. kConflict otherwise, with
// "domains[i]" naming the mark (or service) that holds it.
Status CheckDomainClaims(SQLite::Database& db, const std::string& operator_id, const std::vector<std::string>& domains,
                         const std::vector<std::string>& already_held, const std::vector<SharedDomain>& shared);

// Replaces the service's domains, SSIDs and venues with `s`'s (with their
// lookup keys), in the caller's transaction.
void StoreServiceLists(SQLite::Database& db, const Service& s);
// Replaces the service's shared-domain declarations.
void StoreSharedDomains(SQLite::Database& db, const std::string& service_id, const std::vector<SharedDomain>& shared,
                        Instant at, const std::string& actor);

// What a consumer should know besides the service itself: declared shared
// domains (either side's declaration) and other operators' same or
// look-alike SSIDs, in the service's own order.
std::vector<IdentifierNeighbour> NeighboursOf(SQLite::Database& db, const Service& service);

// One pair of services of different operators whose SSIDs look the same.
struct SsidPair {
  std::string ssid;
  std::string service_id;
  std::string number;
  std::string other_ssid;
  std::string other_service_id;
  std::string other_number;
};
// Every such pair (returned marks left out), ordered by skeleton.
std::vector<SsidPair> SsidPairs(SQLite::Database& db);

}  // namespace mark::registry
