// CVSS v2 base scores, as item 2-1-1 of the ISP criteria requires: the FIRST
// "A Complete Guide to the Common Vulnerability Scoring System Version 2.0",
// section 3.2.1, which NVD's v2 calculator implements:
//   BaseScore      = round_to_1_decimal(((0.6*Impact)+(0.4*Exploitability)-1.5)*f(Impact))
//   Impact         = 10.41*(1-(1-ConfImpact)*(1-IntegImpact)*(1-AvailImpact))
//   Exploitability = 20*AccessVector*AccessComplexity*Authentication
//   f(Impact)      = 0 if Impact=0, 1.176 otherwise
// The arithmetic is done exactly in scaled integers (every weight has three
// decimals), so round-half-up at one decimal never suffers binary floating
// point error; results agree with NVD on all 729 vectors
// (tests/interop/cvss2_all_vectors.js checks this independently).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::review {

struct Cvss2Vector {
  char av = 'N';  // Access Vector: L local, A adjacent network, N network
  char ac = 'L';  // Access Complexity: H high, M medium, L low
  char au = 'N';  // Authentication: M multiple, S single, N none
  char c = 'N';   // Confidentiality impact: N none, P partial, C complete
  char i = 'N';   // Integrity impact
  char a = 'N';   // Availability impact

  // "AV:N/AC:L/Au:N/C:P/I:P/A:P"
  std::string ToString() const;
};

// Accepts "AV:_/AC:_/Au:_/C:_/I:_/A:_" exactly in this (the standard) order,
// optionally wrapped in "(...)" as NVD prints it, and optionally prefixed
// "CVSS2#" as some scanners do. Errors name the part that is wrong, e.g.
// "AC:X is not one of H, M, L", "missing Au", "unexpected E:POC after A".
// Error field: "vector".
Result<Cvss2Vector> ParseCvss2Vector(std::string_view text);

struct Cvss2Score {
  // Base score in tenths (75 means 7.5), exact.
  int base_tenths = 0;
  // The subscores rounded to one decimal, for display as NVD does.
  int impact_tenths = 0;
  int exploitability_tenths = 0;

  double base() const { return base_tenths / 10.0; }
  // "7.5"
  std::string BaseText() const;
};

Cvss2Score Cvss2BaseScore(const Cvss2Vector& v);

// Formats tenths as "N.N".
std::string FormatTenths(int tenths);

}  // namespace mark::review
