// markctl review evaluate / review diagnosis: the scoring engine and the item
// 2-1-1 decision over files, without a server.
// Exit 0: pass; 1: fail (the decision JSON on stdout says why); 2: usage, an
// unreadable file, an incoherent criteria set or malformed answers/report (the
// exact error on stderr).
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "command.h"
#include "common/json_text.h"
#include "common/jst.h"
#include "review/criteria.h"
#include "review/diagnosis.h"
#include "review/scoring.h"

namespace markctl::cmd_review {
namespace {

namespace review = mark::review;

constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kSetup = 2;

int Usage(const std::string& why) {
  std::cerr << "markctl review: " << why << "\n"
            << "usage: markctl review evaluate --criteria FILE --kind new|renewal ANSWERS.json\n"
            << "       markctl review diagnosis --application-date YYYY-MM-DD REPORT.json\n";
  return kSetup;
}

int Evaluate(const Args& args) {
  Parsed p = ParseArgs(args, {"criteria", "kind"});
  if (!p.error.empty()) return Usage(p.error);
  if (!p.Get("criteria")) return Usage("--criteria FILE is required");
  if (!p.Get("kind")) return Usage("--kind new|renewal is required");
  if (p.positional.size() != 1) return Usage("give one ANSWERS.json file (or - for stdin)");
  std::optional<review::Kind> kind = review::ParseKind(*p.Get("kind"));
  if (!kind) return Usage("--kind must be new or renewal, not \"" + *p.Get("kind") + "\"");

  std::optional<std::string> criteria_text = ReadInput(*p.Get("criteria"));
  if (!criteria_text) return kSetup;
  mark::Result<review::CriteriaSet> set = review::ParseCriteriaSet(*criteria_text);
  if (!set) {
    std::cerr << "markctl review evaluate: criteria " << *p.Get("criteria") << ": " << set.error().message << "\n";
    return kSetup;
  }
  std::optional<std::string> answers = ReadInput(p.positional[0]);
  if (!answers) return kSetup;
  mark::Result<review::Decision> d = review::Evaluate(*set, *kind, *answers);
  if (!d) {
    std::cerr << "markctl review evaluate: answers " << p.positional[0] << ": " << d.error().message << "\n";
    return kSetup;
  }
  nlohmann::json j = *d;
  std::cout << mark::JsonTextIndented(j) << "\n";
  if (d->provisional) {
    std::cerr << "markctl review evaluate: provisional: criteria set " << set->id << " is not complete\n";
  }
  return d->pass ? kPass : kFail;
}

int Diagnosis(const Args& args) {
  Parsed p = ParseArgs(args, {"application-date"});
  if (!p.error.empty()) return Usage(p.error);
  if (!p.Get("application-date")) return Usage("--application-date YYYY-MM-DD is required");
  if (p.positional.size() != 1) return Usage("give one REPORT.json file (or - for stdin)");
  std::optional<mark::Date> date = mark::ParseDate(*p.Get("application-date"));
  if (!date) return Usage("--application-date must be a date YYYY-MM-DD");
  std::optional<std::string> text = ReadInput(p.positional[0]);
  if (!text) return kSetup;
  mark::Result<review::DiagnosisReport> report = review::ParseDiagnosisReport(*text);
  if (!report) {
    std::cerr << "markctl review diagnosis: " << p.positional[0] << ": " << report.error().message << "\n";
    return kSetup;
  }
  review::DiagnosisDecision d = review::EvaluateDiagnosis(*report, *date);
  nlohmann::json j = d;
  std::cout << mark::JsonTextIndented(j) << "\n";
  return d.pass ? kPass : kFail;
}

int Run(const Args& args) {
  if (args.empty()) return Usage("missing sub-command");
  Args rest(args.begin() + 1, args.end());
  if (args[0] == "evaluate") return Evaluate(rest);
  if (args[0] == "diagnosis") return Diagnosis(rest);
  return Usage("unknown sub-command \"" + args[0] + "\"");
}

const bool registered = RegisterCommand({"review",
                                         "  markctl review evaluate --criteria FILE --kind new|renewal ANSWERS.json\n"
                                         "      score answers against a criteria set; prints the decision JSON;\n"
                                         "      exit 0 pass, 1 fail, 2 bad input\n"
                                         "  markctl review diagnosis --application-date YYYY-MM-DD REPORT.json\n"
                                         "      decide item 2-1-1 from a security diagnosis report (CVSS v2 findings)",
                                         &Run});

}  // namespace
}  // namespace markctl::cmd_review
