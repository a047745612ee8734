// Item 2-1-1 of the ISP criteria: the security diagnosis of the main servers
// (DNS, mail, Web, authentication, routers). The council's rule (DOMAIN.md,
// seed "ISP版 設問抜粋(2)"):
//   - a finding with CVSS v2 base score >= 7.0 (Level III) must be resolved;
//   - every finding with base score >= 4.0 (Level II and above; "4.0以上" read
//     literally, so resolved Level III findings too) needs the responsible
//     manager's written opinion;
//   - the report must be made within 3 months before the application date:
//     report_date >= application_date minus 3 calendar months, where a day
//     that does not exist in the target month becomes that month's last day
//     (2024-05-31 minus 3 months = 2024-02-29). A report dated after the
//     application date is also a failure (it cannot have been submitted).
//   - the report carries a cover list of devices/IPs/FQDNs and a summary
//     (optional flags; when given as false, that is a failure).
//
// Report JSON:
//   {"report_date":"2024-01-15",
//    "cover_list_attached":true, "summary_attached":true,       (optional)
//    "findings":[{"host":"ns1.example.jp","finding":"…","vector":"AV:N/AC:L/Au:N/C:P/I:P/A:P",
//                 "resolved":false,"opinion_attached":true}]}
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/jst.h"
#include "common/result.h"
#include "review/cvss2.h"

namespace mark::review {

struct Finding {
  std::string host;     // host name / FQDN / IP as in the report's cover list
  std::string finding;  // what was found
  Cvss2Vector vector;
  bool resolved = false;
  bool opinion_attached = false;
};

struct DiagnosisReport {
  Date report_date{};
  std::optional<bool> cover_list_attached;
  std::optional<bool> summary_attached;
  std::vector<Finding> findings;
};

// Errors list every problem, with fields such as "findings[2].vector" and the
// CVSS parser's message ("AC:X is not one of H, M, L").
Result<DiagnosisReport> ParseDiagnosisReport(std::string_view json_text);

struct ScoredFinding {
  Finding finding;
  Cvss2Score score;
};

struct DiagnosisDecision {
  bool pass = false;
  Date report_date{};
  Date application_date{};
  Date oldest_acceptable{};             // application_date minus 3 calendar months
  std::vector<ScoredFinding> findings;  // in report order, with scores
  std::vector<std::string> reasons;     // every reason for failure; empty when pass
};

// Level thresholds in tenths (CVSS 7.0 and 4.0).
inline constexpr int kLevel3Tenths = 70;
inline constexpr int kLevel2Tenths = 40;

DiagnosisDecision EvaluateDiagnosis(const DiagnosisReport& report, Date application_date);

// {"pass","report_date","application_date","oldest_acceptable_report_date",
//  "findings":[{"host","finding","vector","score","resolved","opinion_attached"}],"reasons"}
void to_json(nlohmann::json& j, const DiagnosisDecision& d);

}  // namespace mark::review
