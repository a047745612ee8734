#include "review/grant_rules.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace mark::review {

using nlohmann::json;
using namespace std::chrono;

namespace {

std::string Yen(long long amount) {
  std::string digits = std::to_string(amount), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + " JPY";
}

std::string FeeName(FeeKind k) {
  switch (k) {
    case FeeKind::kNewReview: return "new review fee";
    case FeeKind::kRenewalReview: return "renewal review fee";
    case FeeKind::kAnnualUsage: return "annual usage fee";
  }
  return "review fee";
}

std::string Joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string DiagnosisName(const DiagnosisOnRecord& d) {
  return "diagnosis " + d.id + " (report dated " + FormatDate(d.report_date) + ")";
}

}  // namespace

bool DiagnosisRequired(const CriteriaSet& set, Kind kind) {
  if (set.scheme != Scheme::kIsp) return false;
  const Item* item = set.Find(kDiagnosisItem);
  return item != nullptr && item->Applies(kind);
}

std::vector<Refusal> CheckGround(const GroundFacts& f, Date today, std::optional<Date> valid_from) {
  std::vector<Refusal> out;
  if (f.diagnosis_required) {
    const Date oldest = AddMonths(f.application_date, -3);
    const std::string satisfy =
        "record a diagnosis report that passes (every finding at or above 7.0 resolved, a "
        "manager's opinion on every finding at or above 4.0) dated from " +
        FormatDate(oldest) + " to the application date " + FormatDate(f.application_date);
    if (!f.latest_diagnosis) {
      out.push_back({"item_2_1_1", "item 2-1-1: application " + f.application_id +
                                       " has no security diagnosis on record; " + satisfy});
    } else if (!f.latest_diagnosis->pass) {
      out.push_back({"item_2_1_1", "item 2-1-1: the latest " + DiagnosisName(*f.latest_diagnosis) + " of application " +
                                       f.application_id + " fails (" + Joined(f.latest_diagnosis->reasons, "; ") +
                                       "); " + satisfy});
    }
  }
  if (f.review_fee && !f.review_fee->paid && !f.review_fee->waived) {
    out.push_back({"review_fee", "review fee: the " + FeeName(f.review_fee->kind) + " " + f.review_fee->id + " (" +
                                     Yen(f.review_fee->amount_jpy) + ") of application " + f.application_id +
                                     " is neither paid nor waived; record its payment, or have the secretariat "
                                     "waive it with a reason"});
  }
  const Date opens = SessionOpens(f.session);
  if (sys_days{today} < sys_days{opens}) {
    out.push_back({"session", "session: application " + f.application_id + " is for the " + FormatYearMonth(f.session) +
                                  " second-review session, which opens on " + FormatDate(opens) + " (JST); today is " +
                                  FormatDate(today) + ", so nothing can rest on it before " + FormatDate(opens)});
  }
  if (valid_from && sys_days{*valid_from} < sys_days{f.decided_on}) {
    out.push_back({"valid_from", "valid_from: " + FormatDate(*valid_from) + " is before the review's decision date " +
                                     FormatDate(f.decided_on) + "; a mark granted on this review starts on " +
                                     FormatDate(f.decided_on) + " or later"});
  }
  return out;
}

std::optional<std::string> SessionBeforeApplication(YearMonth session, Date application_date) {
  const YearMonth applied = application_date.year() / application_date.month();
  if (session >= applied) return std::nullopt;
  return "the " + FormatYearMonth(session) + " session is before the application month " + FormatYearMonth(applied) +
         " (application date " + FormatDate(application_date) + "); the earliest session it can go to is " +
         FormatYearMonth(NextSession(applied));
}

Error RefusalError(const std::string& what, const std::vector<Refusal>& refusals) {
  Error e{ErrorCode::kConflict, what, {}};
  std::vector<std::string> messages;
  for (const Refusal& r : refusals) {
    messages.push_back(r.message);
    e.fields.push_back({r.rule, r.message});
  }
  if (!messages.empty()) e.message += ": " + Joined(messages, "; ");
  return e;
}

Result<std::string> ApplyDiagnosisTo211(std::string_view answers_json, const std::optional<DiagnosisOnRecord>& latest) {
  json answers = json::parse(answers_json, nullptr, false);
  if (answers.is_discarded() || !answers.is_object()) return std::string(answers_json);
  const std::string item(kDiagnosisItem);
  const bool met = latest && latest->pass;
  auto it = answers.find(item);
  if (it == answers.end() || it->is_null()) {
    answers[item] = {{"value", met},
                     {"note", latest ? "from the security " + DiagnosisName(*latest)
                                     : std::string("no security diagnosis on record: not met")}};
    return JsonText(answers);
  }
  const json* typed = &*it;
  if (typed->is_object()) {
    auto v = typed->find("value");
    if (v == typed->end()) return std::string(answers_json);  // the scoring engine names it
    typed = &*v;
  }
  if (!typed->is_boolean() || typed->get<bool>() == met) return std::string(answers_json);
  std::string why;
  if (!latest) {
    why =
        "item 2-1-1 is answered from the security diagnosis on record, and this application has none; record "
        "the diagnosis report first, or leave 2-1-1 out (it then counts as not met)";
  } else if (latest->pass) {
    why = "item 2-1-1 is answered from the security diagnosis on record: " + DiagnosisName(*latest) +
          " passes, so 2-1-1 is met; leave the answer out or answer true";
  } else {
    why = "item 2-1-1 is answered from the security diagnosis on record: " + DiagnosisName(*latest) + " fails (" +
          Joined(latest->reasons, "; ") +
          "); record a diagnosis report that passes before answering it met, or "
          "leave the answer out";
  }
  return Error{ErrorCode::kConflict, why, {{"answers." + item, why}}};
}

}  // namespace mark::review
