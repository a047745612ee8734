#include "review/diagnosis.h"

#include <nlohmann/json.hpp>

#include "review/calendar.h"
#include "review/problems.h"

namespace mark::review {

using nlohmann::json;
using namespace std::chrono;

namespace {

std::string GetText(const json& obj, const std::string& path, const char* key, Problems& p) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string() || it->get<std::string>().empty()) {
    p.Add(path + "." + key, "required, a non-empty string");
    return {};
  }
  return it->get<std::string>();
}

bool GetBool(const json& obj, const std::string& path, const char* key, Problems& p) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_boolean()) {
    p.Add(path + "." + key, "required, true or false");
    return false;
  }
  return it->get<bool>();
}

std::optional<bool> GetOptBool(const json& obj, const char* key, Problems& p) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_boolean()) {
    p.Add(key, "must be true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::string Describe(const ScoredFinding& f) {
  return f.finding.host + " \"" + f.finding.finding + "\" (CVSS " + f.score.BaseText() + ")";
}

}  // namespace

Result<DiagnosisReport> ParseDiagnosisReport(std::string_view json_text) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Error::Invalid("report", "not valid JSON");
  if (!j.is_object()) return Error::Invalid("report", "must be a JSON object");
  Problems p;
  DiagnosisReport r;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k != "report_date" && k != "findings" && k != "cover_list_attached" && k != "summary_attached" && k != "note") {
      p.Add(k, "unknown field");
    }
  }
  auto d = j.find("report_date");
  std::optional<Date> date;
  if (d != j.end() && d->is_string()) date = ParseDate(d->get<std::string>());
  if (!date) {
    p.Add("report_date", "required, a date YYYY-MM-DD");
  } else {
    r.report_date = *date;
  }
  r.cover_list_attached = GetOptBool(j, "cover_list_attached", p);
  r.summary_attached = GetOptBool(j, "summary_attached", p);
  auto fs = j.find("findings");
  if (fs == j.end() || !fs->is_array()) {
    p.Add("findings", "required, an array (empty when nothing was found)");
  } else {
    for (size_t i = 0; i < fs->size(); ++i) {
      const json& fj = (*fs)[i];
      std::string path = "findings[" + std::to_string(i) + "]";
      if (!fj.is_object()) {
        p.Add(path, "must be an object");
        continue;
      }
      for (auto it = fj.begin(); it != fj.end(); ++it) {
        const std::string& k = it.key();
        if (k != "host" && k != "finding" && k != "vector" && k != "resolved" && k != "opinion_attached" &&
            k != "note") {
          p.Add(path + "." + k, "unknown field");
        }
      }
      Finding f;
      f.host = GetText(fj, path, "host", p);
      f.finding = GetText(fj, path, "finding", p);
      std::string vec = GetText(fj, path, "vector", p);
      if (!vec.empty()) {
        Result<Cvss2Vector> v = ParseCvss2Vector(vec);
        if (v) {
          f.vector = *v;
        } else {
          p.Add(path + ".vector", v.error().fields.empty() ? v.error().message : v.error().fields[0].message);
        }
      }
      f.resolved = GetBool(fj, path, "resolved", p);
      f.opinion_attached = GetBool(fj, path, "opinion_attached", p);
      r.findings.push_back(std::move(f));
    }
  }
  if (!p.empty()) return p.ToError();
  return r;
}

DiagnosisDecision EvaluateDiagnosis(const DiagnosisReport& report, Date application_date) {
  DiagnosisDecision out;
  out.report_date = report.report_date;
  out.application_date = application_date;
  out.oldest_acceptable = AddMonths(application_date, -3);

  if (sys_days{report.report_date} < sys_days{out.oldest_acceptable}) {
    out.reasons.push_back("report dated " + FormatDate(report.report_date) +
                          " is more than 3 months before the application date " + FormatDate(application_date) +
                          " (oldest acceptable " + FormatDate(out.oldest_acceptable) + ")");
  } else if (sys_days{report.report_date} > sys_days{application_date}) {
    out.reasons.push_back("report dated " + FormatDate(report.report_date) + " is after the application date " +
                          FormatDate(application_date));
  }
  if (report.cover_list_attached == false) {
    out.reasons.push_back("the report lacks the cover list of devices, IP addresses and FQDNs");
  }
  if (report.summary_attached == false) {
    out.reasons.push_back("the report lacks the summary of false positives and mitigated findings");
  }
  for (const Finding& f : report.findings) {
    ScoredFinding sf{f, Cvss2BaseScore(f.vector)};
    if (sf.score.base_tenths >= kLevel3Tenths && !f.resolved) {
      out.reasons.push_back("unresolved finding at or above 7.0: " + Describe(sf));
    }
    if (sf.score.base_tenths >= kLevel2Tenths && !f.opinion_attached) {
      out.reasons.push_back("no manager's opinion for finding at or above 4.0: " + Describe(sf));
    }
    out.findings.push_back(std::move(sf));
  }
  out.pass = out.reasons.empty();
  return out;
}

void to_json(json& j, const DiagnosisDecision& d) {
  json findings = json::array();
  for (const ScoredFinding& f : d.findings) {
    findings.push_back({{"host", f.finding.host},
                        {"finding", f.finding.finding},
                        {"vector", f.finding.vector.ToString()},
                        {"score", f.score.base()},
                        {"resolved", f.finding.resolved},
                        {"opinion_attached", f.finding.opinion_attached}});
  }
  j = json{{"pass", d.pass},
           {"report_date", FormatDate(d.report_date)},
           {"application_date", FormatDate(d.application_date)},
           {"oldest_acceptable_report_date", FormatDate(d.oldest_acceptable)},
           {"findings", std::move(findings)},
           {"reasons", d.reasons}};
}

}  // namespace mark::review
