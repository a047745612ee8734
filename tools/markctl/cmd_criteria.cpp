// markctl criteria check FILE: is a criteria set coherent (issue 5 item 1)?
// Prints a summary on stdout and exits 0 when it is; prints every problem on
// stderr and exits 1 when it is not; 2 for usage or an unreadable file.
// (`criteria import`, which stores a set in the database, belongs beside this
// in the same command when the registry store exists.)
#include <iostream>

#include "command.h"
#include "review/criteria.h"

namespace markctl {
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
  std::cout << set->id << " (" << mark::ToString(set->scheme) << ", " << set->items.size()
            << " items" << (set->complete ? "" : ", incomplete: decisions are provisional")
            << ")\n";
  for (review::Kind k : {review::Kind::kNew, review::Kind::kRenewal}) {
    const review::KindRule& r = set->Rule(k);
    std::cout << "  " << review::ToString(k) << ": all " << r.mandatory
              << " mandatory items and at least " << r.points_min << " of " << r.points_max
              << " points\n";
  }
  if (!set->gates.empty()) {
    std::cout << "  fails whatever the total if any of these scores 0:";
    for (const std::string& g : set->gates) std::cout << " " << g;
    std::cout << "\n";
  }
  return 0;
}

int Run(const Args& args) {
  if (!args.empty() && args[0] == "check") return Check(Args(args.begin() + 1, args.end()));
  std::cerr << "usage: markctl criteria check FILE\n";
  return 2;
}

const bool registered = RegisterCommand(
    {"criteria",
     "  markctl criteria check FILE\n"
     "      check that a criteria set is coherent (counts, points, gates, ids)",
     &Run});

}  // namespace
}  // namespace markctl
