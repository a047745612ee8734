// The registry's nouns, as plain values shared by every core module (storage,
// certificates, badges, pages). No behaviour here beyond naming.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jst.h"

namespace mark {

enum class Scheme { kIsp, kWifi };
std::string_view ToString(Scheme s);  // "isp" | "wifi"
std::optional<Scheme> ParseScheme(std::string_view s);

// Status as of an instant, computed, never stored (see registry/validity.h).
// kRevoked is a sanction; kReturned is neutral: the holder gave the mark back
// or the service ended. Both are permanent. kUnknown: the server cannot
// decide; MarkView::status_reason says why (e.g. "clock_behind":
// registry/clock_watch.h).
enum class MarkStatus { kNotYetValid, kValid, kExpired, kSuspended, kRevoked, kReturned, kUnknown };
std::string_view ToString(MarkStatus s);  // "not_yet_valid" | "valid" | ... | "unknown"
std::optional<MarkStatus> ParseMarkStatus(std::string_view s);

struct Operator {
  std::string id;
  std::string name;  // Japanese (official) name
  std::string name_en;
  std::string corporate_number;  // 13 digits; may be empty for bodies without one
  std::string website;
  long long version = 1;  // moves when a certified fact (any of the above) changes
};

// Whom the secretariat writes to about an operator's marks. Never public.
struct Contact {
  std::string role;  // "renewal" | "billing" | "security"
  std::string email;
};

struct Service {
  std::string id;
  std::string operator_id;
  Scheme scheme = Scheme::kIsp;
  std::string name;
  std::string name_en;
  std::vector<std::string> domains;  // lower-case, IDN in punycode
  std::vector<std::string> ssids;
  std::vector<std::string> venues;  // Wi-Fi: venues or areas served
  long long version = 1;            // moves when a certified fact changes
};

struct Mark {
  std::string number;  // e.g. "J0072"
  std::string service_id;
  char first_review_body = 'J';  // 'J' JAIPA, 'T' TELESA, 'D' TCA
  Date valid_from{};
  Date valid_until{};  // inclusive: valid until 24:00 JST that day
  Instant granted_at{};
  // The first review's date, from which the yearly renewal-due month follows
  // (review/calendar.h RenewalDueMonth): the application date of the review
  // the grant rested on; for a mark imported from paper, its valid_from.
  Date first_review_date{};
  bool suspended = false;
  bool revoked = false;
  std::optional<Instant> suspended_at;
  std::string suspension_reason;
  std::string suspension_code;  // machine word, see registry/reason_codes.h
  std::optional<Instant> revoked_at;
  std::string revocation_reason;
  std::string revocation_code;
  bool returned = false;
  std::optional<Instant> returned_at;
  std::string return_reason;  // public, neutral
  std::string return_code;    // service_ended | holder_request | business_transferred | unspecified
  long long version = 1;      // bumped on every change (cache keys, ETags)
};

// A domain the secretariat declared shared with other operators' services,
// and why (public: both verify pages list it).
struct SharedDomain {
  std::string domain;
  std::string reason;
};

// Another operator's service that a consumer could mistake for this one: a
// domain the secretariat recorded as shared, or an SSID that is the same or
// looks the same (SSIDs are not identifiers: anyone may broadcast any name).
struct IdentifierNeighbour {
  enum class Kind { kSharedDomain, kSameSsid, kLookalikeSsid };
  Kind kind = Kind::kSameSsid;
  std::string mine;    // this service's domain or SSID
  std::string theirs;  // the other service's
  std::string number;  // the other service's mark; empty when it holds none
  std::string service_name;
  std::string service_name_en;
  std::string operator_name;
  std::string operator_name_en;
  std::string reason;  // shared domains: the secretariat's public reason
};

// A mark with everything a reader shows next to it.
struct MarkView {
  Mark mark;
  Service service;
  Operator op;
  MarkStatus status = MarkStatus::kValid;  // as of the request's instant
  // With kUnknown, why, as a machine word: "not_confirmed" (the stored
  // facts differ from the mark's certificate or history:
  // registry/certified_facts.h) or "clock_behind" (registry/clock_watch.h).
  // Empty otherwise.
  std::string status_reason;
  std::string certificate;             // current JWS compact, may be empty
  std::optional<long long> log_index;  // transparency-log index of that certificate
};

}  // namespace mark
