// The key under which a domain is stored for lookups (service_domains.reversed):
// the domain's characters in reverse order ("www.example.jp" →
// "pj.elpmaxe.www"). A domain under d reverses to one that starts with
// ReversedDomain(d) + ".", which an index finds as a range. The registry
// computes it for every new row and the migrations for rows they fill, so
// both use this one function. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark {

inline std::string ReversedDomain(std::string_view domain) { return std::string(domain.rbegin(), domain.rend()); }

}  // namespace mark
