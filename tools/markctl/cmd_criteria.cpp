// markctl criteria check FILE: is a criteria set coherent?
// Prints a summary on stdout and exits 0 when it is; prints every problem on
// stderr and exits 1 when it is not; 2 for usage or an unreadable file.
// markctl criteria import FILE --db PATH: checks the same way, then stores the
// set (review_records/review_store.h: the same content again is fine, different
// content under a stored id is refused); prints the id; 1 when refused.
#include <iostream>

#include "command.h"
#include "registry_access.h"
#include "review_records/review_store.h"
#include "review/criteria.h"

namespace markctl::cmd_criteria {
namespace {

namespace review = mark::review;

int Check(const Args& args) {
  Parsed p = ParseArgs(args, {});
  if (!p.error.empty() || p.positional.size() != 1) {
    std::cerr << "usage: markctl criteria check FILE\n";
    return 2;
  }
  std::optional<std::string> text = ReadInput(p.positional[0]);
  if (!text) return 2;
  mark::Result<review::CriteriaSet> set = review::ParseCriteriaSet(*text);
  if (!set) {
    std::cerr << "markctl criteria check: " << p.positional[0] << " is not coherent:\n";
    for (const mark::FieldError& f : set.error().fields) {
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    }
    if (set.error().fields.empty()) std::cerr << "  " << set.error().message << "\n";
    return 1;
  }
  std::cout << set->id << " (" << mark::ToString(set->scheme) << ", " << set->items.size() << " items"
            << (set->complete ? "" : ", incomplete: decisions are provisional") << ")\n";
  for (review::Kind k : {review::Kind::kNew, review::Kind::kRenewal}) {
    const review::KindRule& r = set->Rule(k);
    std::cout << "  " << review::ToString(k) << ": all " << r.mandatory << " mandatory items and at least "
              << r.points_min << " of " << r.points_max << " points\n";
  }
  if (!set->gates.empty()) {
    std::cout << "  fails whatever the total if any of these scores 0:";
    for (const std::string& g : set->gates) std::cout << " " << g;
    std::cout << "\n";
  }
  return 0;
}

int Import(const Args& args) {
  Parsed p = ParseArgs(args, {"db", "state"});
  if (!p.error.empty() || p.positional.size() != 1 || !p.Get("db")) {
    std::cerr << "usage: markctl criteria import FILE --db PATH [--state DIR]\n";
    return 2;
  }
  std::optional<std::string> text = ReadInput(p.positional[0]);
  if (!text) return 2;
  // Importing a set signs nothing: no keys.
  auto records = RecordsRegistry::Open("criteria import", *p.Get("db"), p.GetOr("state", ""));
  if (!records) return 2;
  mark::review_records::ReviewStore store(records->registry());
  auto result = store.ImportCriteria(*text, {{"markctl", ""}, "", ""});
  if (!result) {
    std::cerr << "markctl criteria import: " << p.positional[0] << " was not imported:\n";
    for (const mark::FieldError& f : result.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    if (result.error().fields.empty()) std::cerr << "  " << result.error().message << "\n";
    return 1;
  }
  std::cerr << (result->created ? "imported " : "already imported, unchanged: ") << result->body.value("id", "")
            << (result->body.value("complete", true) ? "" : " (incomplete: decisions are provisional)") << "\n";
  std::cout << result->body.value("id", "") << "\n";
  return 0;
}

int Run(const Args& args) {
  if (!args.empty() && args[0] == "check") return Check(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "import") return Import(Args(args.begin() + 1, args.end()));
  std::cerr << "usage: markctl criteria check FILE | markctl criteria import FILE --db PATH [--state DIR]\n";
  return 2;
}

const bool registered = RegisterCommand({"criteria",
                                         "  markctl criteria check FILE\n"
                                         "      check that a criteria set is coherent (counts, points, gates, ids)\n"
                                         "  markctl criteria import FILE --db PATH [--state DIR]\n"
                                         "      check a criteria set, then store it in the registry database",
                                         &Run});

}  // namespace
}  // namespace markctl::cmd_criteria
